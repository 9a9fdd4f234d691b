//! Colours: theme colours stay theme references (so switching the theme
//! recolours the deck); the good/bad colours come from the theme's custom
//! colour list. [`Color`] is a colour as DrawingML writes it, with the
//! luminance changes that make a tint or a shade; the chart writer and the
//! slides both take their colours from here.

use crate::layout::Theme;
use crate::layout::dom::{Element, Node};
use crate::model::ColorRef;
use crate::xml::XmlWriter;
use std::borrow::Cow;

/// The fill elements of DrawingML (one at most per parent).
pub const FILLS: &[&str] = &["a:noFill", "a:solidFill", "a:gradFill", "a:blipFill", "a:pattFill", "a:grpFill"];

/// Replaces the fill of `parent` (`p:spPr`, `a:tcPr`, `a:rPr`) with `fill`,
/// keeping schema order: where the old fill was, else before the first
/// child named in `before`, else last.
pub fn replace_fill(parent: &mut Element, fill: Element, before: &[&str]) {
    let is_fill = |n: &Node| matches!(n, Node::El(e) if FILLS.contains(&e.name.as_str()));
    let at =
        parent.children.iter().position(is_fill).or_else(|| {
            parent.children.iter().position(|n| matches!(n, Node::El(e) if before.contains(&e.name.as_str())))
        });
    parent.children.retain(|n| !is_fill(n));
    let at = at.unwrap_or(parent.children.len()).min(parent.children.len());
    parent.children.insert(at, Node::El(fill));
}

#[derive(Clone, Copy)]
pub struct ColorCtx<'a> {
    pub theme: &'a Theme,
}

impl ColorCtx<'_> {
    /// The colour element: `a:schemeClr` or `a:srgbClr`.
    pub fn element(&self, c: &ColorRef) -> Element {
        match c {
            ColorRef::Scheme(s) => Element::new("a:schemeClr").with_attr("val", s.as_str()),
            ColorRef::Rgb(h) => Element::new("a:srgbClr").with_attr("val", h.as_str()),
            ColorRef::Custom(n) => Element::new("a:srgbClr").with_attr("val", self.hex(c).unwrap_or_else(|| n.clone())),
        }
    }

    /// `<a:solidFill>` of the colour.
    pub fn solid_fill(&self, c: &ColorRef) -> Element {
        let mut f = Element::new("a:solidFill");
        f.children.push(Node::El(self.element(c)));
        f
    }

    /// The colour as DrawingML writes it.
    pub fn color(&self, c: &ColorRef) -> Color {
        match c {
            ColorRef::Scheme(s) => Color::of(Base::Scheme(Cow::Owned(s.clone()))),
            ColorRef::Rgb(h) => Color::of(Base::Rgb(h.clone())),
            ColorRef::Custom(n) => Color::of(Base::Rgb(self.hex(c).unwrap_or_else(|| n.clone()))),
        }
    }

    /// The hex value, when known (custom and RGB colours, and theme colours by name).
    pub fn hex(&self, c: &ColorRef) -> Option<String> {
        match c {
            ColorRef::Rgb(h) => Some(h.clone()),
            ColorRef::Custom(n) | ColorRef::Scheme(n) => {
                let key = match n.as_str() {
                    "tx1" => "dk1",
                    "bg1" => "lt1",
                    "tx2" => "dk2",
                    "bg2" => "lt2",
                    other => other,
                };
                self.theme.color(key).map(str::to_string)
            }
        }
    }
}

/// A colour as DrawingML writes it (`a:schemeClr`, `a:srgbClr`), with the
/// luminance changes that make a tint or a shade of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Color {
    pub base: Base,
    /// `a:lumMod` and `a:lumOff`, in thousandths of a percent (65000 = 65 %).
    pub lum_mod: Option<u32>,
    pub lum_off: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// A theme colour: `accent1`, `tx1`, `bg1`.
    Scheme(Cow<'static, str>),
    /// Six hex digits.
    Rgb(String),
}

impl Color {
    pub const fn of(base: Base) -> Color {
        Color { base, lum_mod: None, lum_off: None }
    }

    /// A theme colour as it stands.
    pub const fn scheme(name: &'static str) -> Color {
        Color::of(Base::Scheme(Cow::Borrowed(name)))
    }

    /// A theme colour with its luminance changed.
    pub const fn scheme_lum(name: &'static str, lum_mod: u32, lum_off: Option<u32>) -> Color {
        Color { base: Base::Scheme(Cow::Borrowed(name)), lum_mod: Some(lum_mod), lum_off }
    }

    /// Writes the colour element.
    pub fn write(&self, w: &mut XmlWriter) {
        let (tag, val) = match &self.base {
            Base::Scheme(s) => ("a:schemeClr", s.as_ref()),
            Base::Rgb(h) => ("a:srgbClr", h.as_str()),
        };
        if self.lum_mod.is_none() && self.lum_off.is_none() {
            w.empty(tag, &[("val", val.into())]);
            return;
        }
        w.open(tag, &[("val", val.into())]);
        if let Some(m) = self.lum_mod {
            w.val("a:lumMod", m);
        }
        if let Some(o) = self.lum_off {
            w.val("a:lumOff", o);
        }
        w.close(tag);
    }

    /// Writes `<a:solidFill>` of the colour.
    pub fn write_fill(&self, w: &mut XmlWriter) {
        w.open("a:solidFill", &[]);
        self.write(w);
        w.close("a:solidFill");
    }

    /// Whether text on it should be dark: the background colour and its
    /// shades, or a light RGB colour.
    pub fn is_light(&self) -> bool {
        match &self.base {
            Base::Scheme(s) => s == "bg1",
            Base::Rgb(hex) => {
                let c =
                    |k: usize| u8::from_str_radix(hex.get(k..k + 2).unwrap_or("00"), 16).unwrap_or(0) as f64 / 255.0;
                0.299 * c(0) + 0.587 * c(2) + 0.114 * c(4) > 0.6
            }
        }
    }
}

/// The default colour of series (or pie point) `i`: the theme accents, then
/// the same accents darker, then lighter.
pub fn palette(i: usize) -> Color {
    const ACCENTS: [&str; 6] = ["accent1", "accent2", "accent3", "accent4", "accent5", "accent6"];
    let name = ACCENTS[i % 6];
    match i / 6 {
        0 => Color::scheme(name),
        1 => Color::scheme_lum(name, 60000, None),
        _ => Color::scheme_lum(name, 60000, Some(40000)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xml(c: &Color) -> String {
        let mut w = XmlWriter::fragment();
        c.write(&mut w);
        w.into_string()
    }

    #[test]
    fn colours_write_as_drawingml() {
        assert_eq!(xml(&palette(0)), "<a:schemeClr val=\"accent1\"/>");
        assert_eq!(xml(&palette(7)), "<a:schemeClr val=\"accent2\"><a:lumMod val=\"60000\"/></a:schemeClr>");
        assert_eq!(
            xml(&palette(14)),
            "<a:schemeClr val=\"accent3\"><a:lumMod val=\"60000\"/><a:lumOff val=\"40000\"/></a:schemeClr>"
        );
        assert_eq!(xml(&Color::of(Base::Rgb("C00000".into()))), "<a:srgbClr val=\"C00000\"/>");
        assert!(Color::scheme_lum("bg1", 65000, None).is_light());
        assert!(Color::of(Base::Rgb("F2F2F2".into())).is_light());
        assert!(!Color::of(Base::Rgb("1F4E79".into())).is_light());
        assert!(!palette(0).is_light());
    }
}
