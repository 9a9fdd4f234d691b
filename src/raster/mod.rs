//! Pictures of a deck, drawn from the same resolved deck (`model::Deck`) the
//! .pptx is written from — nothing is computed again:
//!
//! - [`summary`]: one long PNG, 1080 px wide, for the team's chat group
//!   (`deckgen build --png`): title and period, the KPI cards, the key charts
//!   and the conclusions.
//! - [`chart_pictures`]: one PNG per chart (`--png-charts DIR`).
//! - [`thumbnail`]: the cover as `docProps/thumbnail.jpeg`, in every deck.
//!
//! Colours come from the deck's theme; text from the bundled CJK font
//! ([`font`]), shapes from plotters' bitmap backend ([`canvas`]).

pub mod canvas;
pub mod chart;
pub mod font;
pub mod summary;
pub mod thumbnail;

pub use summary::{SUMMARY_WIDTH, summary};

use crate::error::Result;
use crate::layout::Theme;
use crate::model::{ColorRef, Content, Deck};
use canvas::{Canvas, Rect, Rgb};
use std::collections::BTreeMap;

/// The theme's colours by value.
#[derive(Debug, Clone)]
pub struct Palette {
    colors: BTreeMap<String, String>,
}

impl Palette {
    pub fn of(theme: &Theme) -> Palette {
        Palette { colors: theme.colors.clone() }
    }

    /// A scheme or custom colour by name (`tx1` is `dk1`, `bg1` is `lt1`, as the master maps them).
    pub fn named(&self, name: &str) -> Rgb {
        let key = match name {
            "tx1" => "dk1",
            "bg1" => "lt1",
            "tx2" => "dk2",
            "bg2" => "lt2",
            other => other,
        };
        self.colors.get(key).and_then(|h| Rgb::hex(h)).unwrap_or(Rgb(0x7F, 0x7F, 0x7F))
    }

    pub fn color(&self, c: &ColorRef) -> Rgb {
        match c {
            ColorRef::Rgb(h) => Rgb::hex(h).unwrap_or(Rgb(0x7F, 0x7F, 0x7F)),
            ColorRef::Scheme(n) | ColorRef::Custom(n) => self.named(n),
        }
    }

    /// The default colour of series `i`, as the chart part writes it: the
    /// six accents, then darker, then lighter.
    pub fn series(&self, i: usize) -> Rgb {
        let base = self.named(&format!("accent{}", i % 6 + 1));
        match i / 6 {
            0 => base,
            1 => base.lum(0.6, 0.0),
            _ => base.lum(0.6, 0.4),
        }
    }

    /// Body text.
    pub fn text(&self) -> Rgb {
        self.named("dk1")
    }

    /// Secondary text (the layouts' `tx1` at 65 %).
    pub fn muted(&self) -> Rgb {
        self.text().lum(0.65, 0.35)
    }

    pub fn accent(&self) -> Rgb {
        self.named("accent1")
    }

    /// Slide titles (`tx2`).
    pub fn heading(&self) -> Rgb {
        self.named("dk2")
    }

    /// The light tint of the accent that cards and conclusion boxes use.
    pub fn tint(&self) -> Rgb {
        self.accent().lum(0.1, 0.9)
    }
}

/// One picture per chart of the deck: (file name, PNG). `pages` holds the
/// slide number in the .pptx of each slide of `deck` (tables continued on
/// further slides shift the numbers).
pub fn chart_pictures(deck: &Deck, theme: &Theme, pages: &[usize]) -> Result<Vec<(String, Vec<u8>)>> {
    let pal = Palette::of(theme);
    let (w, h) = (1200u32, 720u32);
    let mut out = Vec::new();
    let mut ts = font::Typesetter::new();
    for (i, slide) in deck.slides.iter().enumerate() {
        let charts: Vec<&crate::model::Chart> = slide
            .shapes
            .values()
            .filter_map(|c| match c {
                Content::Chart(c) => Some(c.as_ref()),
                _ => None,
            })
            .collect();
        let title = slide.texts.get("title").map(|t| t.text()).unwrap_or_default();
        let page = pages.get(i).copied().unwrap_or(i + 1);
        for (k, c) in charts.iter().enumerate() {
            let mut canvas = Canvas::new(w, h, Rgb::WHITE);
            chart::draw(
                &mut canvas,
                &mut ts,
                Rect::new(40.0, 32.0, w as f32 - 80.0, h as f32 - 56.0),
                c,
                &pal,
                chart::Sizes::phone(),
            )?;
            let name = c.title.clone().filter(|t| !t.trim().is_empty()).unwrap_or_else(|| title.clone());
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            let suffix = if charts.len() > 1 { format!("-{}", k + 1) } else { String::new() };
            let file = crate::file_name::safe_file_name(&format!("slide{page:02}{suffix}-{name}.png"));
            out.push((file, canvas.png()?));
        }
    }
    Ok(out)
}

/// Every text of the deck that a picture may draw, with where it is (the
/// slide, the place): for `check`'s warning about characters the bundled
/// font lacks.
pub fn texts(deck: &Deck) -> Vec<(Option<usize>, String, String)> {
    let mut out: Vec<(Option<usize>, String, String)> = Vec::new();
    for (k, v) in &deck.master_texts {
        out.push((None, format!("deck.{k}"), v.clone()));
    }
    for s in &deck.slides {
        let mut all = String::new();
        for t in s.texts.values() {
            all.push_str(&t.text());
            all.push('\n');
        }
        for items in s.items.values() {
            for m in items {
                for t in m.values() {
                    all.push_str(&t.text());
                    all.push('\n');
                }
            }
        }
        for c in s.shapes.values() {
            match c {
                Content::Chart(c) => {
                    all.extend(c.title.iter().cloned());
                    all.push_str(&c.categories.join("\n"));
                    for s in &c.series {
                        all.push_str(&s.name);
                        all.push('\n');
                    }
                    all.extend(c.center.iter().cloned());
                }
                Content::Table(t) => {
                    all.push_str(&t.header.join("\n"));
                    for r in &t.rows {
                        for c in r {
                            all.push_str(&c.text.text());
                            all.push('\n');
                        }
                    }
                }
                _ => {}
            }
        }
        out.push((Some(s.spec_index), s.origin.clone(), all));
    }
    out
}

/// `check`'s warnings: characters no bundled glyph draws, with where they are.
pub fn font_warnings(deck: &Deck) -> Vec<crate::warning::Warning> {
    let mut out = Vec::new();
    for (slide, at, text) in texts(deck) {
        let missing = font::uncovered(&text);
        if missing.is_empty() {
            continue;
        }
        let list: Vec<String> = missing.iter().take(8).map(|c| format!("「{c}」(U+{:04X})", *c as u32)).collect();
        let more = if missing.len() > 8 { format!(" and {} more", missing.len() - 8) } else { String::new() };
        let w = crate::warning::Warning::new(format!(
            "{}{more} not in the bundled font: the chat image (--png) and the thumbnail take {} from a system CJK font, or show the code where none has {}",
            list.join("、"),
            if missing.len() == 1 { "it" } else { "them" },
            if missing.len() == 1 { "it" } else { "them" },
        ));
        out.push(match slide {
            Some(n) => w.at(at).slide(n),
            None => w.at(at),
        });
    }
    out
}

/// The chat picture of a resolved deck, with the slides its spec marks
/// (`png:`) or the default choice; `file_name` is the deck's, named in the footer.
pub fn summary_of(
    spec: &crate::spec::Spec,
    layouts: &crate::layout::LayoutSet,
    deck: &Deck,
    file_name: &str,
) -> Result<Vec<u8>> {
    let theme = layouts.theme(&deck.theme)?;
    let chosen = summary::pick(deck, |i| spec.slides.get(i.wrapping_sub(1)).and_then(|s| s.png));
    summary(deck, theme, &chosen, file_name)
}

/// One PNG per chart of a resolved deck, named after its slide number in the .pptx.
pub fn charts_of(layouts: &crate::layout::LayoutSet, deck: &Deck) -> Result<Vec<(String, Vec<u8>)>> {
    let theme = layouts.theme(&deck.theme)?;
    let mut pages = Vec::with_capacity(deck.slides.len());
    let mut n = 0;
    for s in &deck.slides {
        pages.push(n + 1);
        n += crate::slides::paginate(s, layouts, deck.size).len().max(1);
    }
    chart_pictures(deck, theme, &pages)
}
