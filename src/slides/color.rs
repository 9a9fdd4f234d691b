//! Colours as XML: theme colours stay theme references (so switching the
//! theme recolours the deck); the good/bad colours come from the theme's
//! custom colour list.

use crate::layout::Theme;
use crate::layout::dom::{Element, Node};
use crate::model::ColorRef;

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

    /// The colour element as XML text.
    pub fn xml(&self, c: &ColorRef) -> String {
        let mut s = String::new();
        self.element(c).write(&mut s);
        s
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
