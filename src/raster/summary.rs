//! The long picture for the chat group: the deck summarised for a phone,
//! 1080 px wide. From top to bottom: the title and period, then each chosen
//! slide in deck order (KPI cards with their changes, charts, tables and
//! texts, each with its conclusion), then the conclusions of the slides
//! left out, then a footer naming the deck.

use super::Palette;
use super::canvas::{Canvas, Rect, Rgb};
use super::chart::{self, Sizes};
use super::font::{Align, Block, Span, Style, Typesetter};
use crate::error::{Error, Result};
use crate::layout::Theme;
use crate::model::{Cell, Content, Deck, Rich, Slide, Table};
use std::collections::BTreeMap;

/// The width chat apps show sharply on a phone.
pub const SUMMARY_WIDTH: u32 = 1080;
const MARGIN: f32 = 48.0;
/// The tallest picture drawn: phones and chat apps scale down or refuse taller ones.
const MAX_HEIGHT: u32 = 40_000;
/// Chart slides in the picture when the spec marks none.
pub const DEFAULT_CHART_SLIDES: usize = 3;

// Text sizes (px at 1080 px wide; a phone shows the picture at about a third).
const BODY: f32 = 34.0;
const SMALL: f32 = 29.0;
const HEADING: f32 = 44.0;

/// Which slides of `deck` go into the picture. `marked(spec_index)` is the
/// spec's `png:` of the entry that made the slide. When any entry says
/// `png: true`, exactly those; otherwise the KPI slides and the first
/// [`DEFAULT_CHART_SLIDES`] slides with charts, minus entries that say
/// `png: false`. Hidden slides only when marked.
pub fn pick(deck: &Deck, marked: impl Fn(usize) -> Option<bool>) -> Vec<bool> {
    let any_marked = deck.slides.iter().any(|s| marked(s.spec_index) == Some(true));
    let mut charts = 0;
    deck.slides
        .iter()
        .map(|s| match marked(s.spec_index) {
            Some(m) => m,
            None if any_marked || s.hidden => false,
            None => {
                if s.items.contains_key("kpis") {
                    true
                } else if s.shapes.values().any(|c| matches!(c, Content::Chart(_))) && charts < DEFAULT_CHART_SLIDES {
                    charts += 1;
                    true
                } else {
                    false
                }
            }
        })
        .collect()
}

/// One piece of the picture, measured before the canvas exists.
enum Piece<'a> {
    Header,
    Heading(String),
    Cards(&'a [BTreeMap<String, Rich>]),
    Text(Rich, f32),
    Conclusion(&'a Rich),
    Chart(&'a crate::model::Chart),
    Table(&'a Table),
    More(Vec<(String, &'a Rich)>),
    Footer(String),
    Gap(f32),
}

struct Ctx<'a> {
    deck: &'a Deck,
    pal: Palette,
    ts: Typesetter,
    width: f32,
    regions: Vec<Region>,
}

/// Where something was drawn, for tests and tools that look at the picture.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// `title`, `heading`, `kpi-label`, `kpi-value`, `chart`, `conclusion`.
    pub kind: &'static str,
    /// The text drawn (empty for charts).
    pub text: String,
    pub rect: Rect,
    /// The em size of the text.
    pub px: f32,
    pub bold: bool,
}

/// The picture and where its parts are.
pub struct Drawn {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub regions: Vec<Region>,
}

/// The summary picture of `deck` (PNG). `chosen` says which slides go in
/// (see [`pick`]); `file_name` is the deck's, named in the footer.
pub fn summary(deck: &Deck, theme: &Theme, chosen: &[bool], file_name: &str) -> Result<Vec<u8>> {
    draw(deck, theme, chosen, file_name).map(|d| d.png)
}

/// [`summary`], with the regions it drew.
pub fn draw(deck: &Deck, theme: &Theme, chosen: &[bool], file_name: &str) -> Result<Drawn> {
    let mut cx = Ctx {
        deck,
        pal: Palette::of(theme),
        ts: Typesetter::new(),
        width: SUMMARY_WIDTH as f32 - 2.0 * MARGIN,
        regions: Vec::new(),
    };
    let pieces = pieces(deck, chosen, file_name);
    let heights: Vec<f32> = pieces.iter().map(|p| cx.height(p)).collect();
    let total: f32 = heights.iter().sum();
    if total.is_nan() || total >= MAX_HEIGHT as f32 {
        return Err(Error::usage(format!(
            "the chat picture would be {} px tall, more than phones and chat apps show ({MAX_HEIGHT} px)",
            total.round()
        ))
        .hint("put fewer slides in it: mark the ones that matter with `png: true`"));
    }
    let mut canvas = Canvas::new(SUMMARY_WIDTH, total.ceil().max(1.0) as u32, Rgb::WHITE);
    let mut y = 0.0;
    for (p, h) in pieces.iter().zip(heights) {
        cx.draw(&mut canvas, p, y, h)?;
        y += h;
    }
    Ok(Drawn { png: canvas.png()?, width: canvas.w, height: canvas.h, regions: cx.regions })
}

fn title_of(s: &Slide) -> String {
    s.texts.get("title").map(|t| t.text().split_whitespace().collect::<Vec<_>>().join(" ")).unwrap_or_default()
}

fn pieces<'a>(deck: &'a Deck, chosen: &[bool], file_name: &str) -> Vec<Piece<'a>> {
    let mut out = vec![Piece::Header];
    let mut left_out = Vec::new();
    for (s, _) in deck.slides.iter().zip(chosen).filter(|(_, c)| **c) {
        out.push(Piece::Heading(title_of(s)));
        if let Some(cards) = s.items.get("kpis") {
            out.push(Piece::Cards(cards));
        }
        for content in s.shapes.values() {
            match content {
                Content::Chart(c) => {
                    out.push(Piece::Chart(c));
                    out.push(Piece::Gap(16.0));
                }
                Content::Table(t) => out.push(Piece::Table(t)),
                _ => {}
            }
        }
        for (k, head) in [("left", "left_title"), ("right", "right_title")] {
            if let Some(t) = s.texts.get(k).filter(|t| !t.is_empty()) {
                if let Some(h) = s.texts.get(head).filter(|t| !t.is_empty()) {
                    out.push(Piece::Text(bold(h), BODY));
                }
                out.push(Piece::Text(t.clone(), BODY));
            }
        }
        if let Some(items) = s.items.get("cards") {
            for m in items {
                if let Some(h) = m.get("heading") {
                    out.push(Piece::Text(bold(h), BODY));
                }
                if let Some(b) = m.get("body") {
                    out.push(Piece::Text(b.clone(), SMALL));
                }
            }
        }
        if let Some(t) = s.texts.get("text").filter(|t| !t.is_empty()) {
            out.push(Piece::Text(t.clone(), if s.items.contains_key("kpis") { SMALL } else { BODY }));
        }
        if let Some(c) = s.texts.get("conclusion").filter(|t| !t.is_empty()) {
            out.push(Piece::Conclusion(c));
        }
        out.push(Piece::Gap(24.0));
    }
    for (s, _) in deck.slides.iter().zip(chosen).filter(|(_, c)| !**c) {
        if let Some(c) = s.texts.get("conclusion").filter(|t| !t.is_empty()) {
            left_out.push((title_of(s), c));
        }
    }
    if !left_out.is_empty() {
        out.push(Piece::Heading("更多结论".into()));
        out.push(Piece::More(left_out));
    }
    let footer = deck.master_texts.get("footer").cloned().unwrap_or_default();
    let note = if file_name.is_empty() { footer } else { format!("{footer}\n完整内容见 {file_name}") };
    out.push(Piece::Footer(note));
    out
}

fn bold(r: &Rich) -> Rich {
    let mut r = r.clone();
    for p in &mut r.paras {
        for run in &mut p.runs {
            run.bold = true;
        }
    }
    r
}

impl Ctx<'_> {
    /// Spans of rich text: run colours from the theme, bullets as `•`.
    fn spans(&self, r: &Rich, base: Style) -> Vec<Span> {
        let mut out = Vec::new();
        for (i, p) in r.paras.iter().enumerate() {
            if i > 0 {
                out.push(Span::new("\n", base));
            }
            if p.bullet {
                let indent = "\u{3000}".repeat(p.level as usize);
                out.push(Span::new(format!("{indent}• "), base.color(self.pal.accent())));
            }
            for run in &p.runs {
                let mut st = base;
                if run.bold {
                    st = st.bold();
                }
                if let Some(c) = &run.color {
                    st = st.color(self.pal.color(c));
                }
                out.push(Span::new(run.text.clone(), st));
            }
        }
        out
    }

    fn block(&self, r: &Rich, base: Style, width: f32) -> Block {
        self.ts.layout(&self.spans(r, base), width, 1.45)
    }

    fn header_blocks(&self) -> (Block, Block, Block, Block) {
        let d = &self.deck.master_texts;
        let cover = self.deck.slides.iter().find(|s| s.layout == "cover");
        let get = |k: &str| -> String {
            cover
                .and_then(|c| c.texts.get(k))
                .map(|t| t.text())
                .filter(|t| !t.trim().is_empty())
                .or_else(|| d.get(k).cloned())
                .unwrap_or_default()
        };
        let white = Rgb::WHITE;
        let soft = self.pal.accent().mix(white, 0.82);
        let w = self.width;
        let company = self.ts.layout(&[Span::new(get("company"), Style::new(SMALL, soft))], w, 1.4);
        let title = self.ts.layout(&[Span::new(get("title"), Style::new(72.0, white).bold())], w, 1.25);
        let subtitle = self.ts.layout(&[Span::new(get("subtitle"), Style::new(40.0, white))], w, 1.4);
        let by: Vec<String> = [get("author"), get("date")].into_iter().filter(|s| !s.trim().is_empty()).collect();
        let byline = self.ts.layout(&[Span::new(by.join("  ·  "), Style::new(SMALL, soft))], w, 1.4);
        (company, title, subtitle, byline)
    }

    fn cards_layout(&self, cards: &[BTreeMap<String, Rich>]) -> (f32, Vec<f32>) {
        let gap = 24.0;
        let cw = (self.width - gap) / 2.0;
        let inner = cw - 2.0 * 28.0 - 8.0;
        let mut rows = Vec::new();
        for pair in cards.chunks(2) {
            let h = pair
                .iter()
                .map(|c| self.card_blocks(c, inner).iter().map(|(_, b)| b.height()).sum::<f32>())
                .fold(0.0, f32::max);
            rows.push(h + 2.0 * 26.0);
        }
        (cw, rows)
    }

    fn card_blocks(&self, card: &BTreeMap<String, Rich>, w: f32) -> Vec<(&'static str, Block)> {
        let p = &self.pal;
        let mut out = Vec::new();
        for (k, st) in [
            ("label", Style::new(30.0, p.muted()).bold()),
            ("value", Style::new(58.0, p.accent()).bold()),
            ("change", Style::new(SMALL, p.text())),
            ("note", Style::new(28.0, p.muted())),
        ] {
            if let Some(r) = card.get(k).filter(|r| !r.is_empty()) {
                out.push((k, self.block(r, st, w)));
            }
        }
        out
    }

    fn mark(&mut self, kind: &'static str, b: &Block, rect: Rect, px: f32, bold: bool) {
        let text = b.lines.iter().map(|l| l.text()).collect::<Vec<_>>().join("\n");
        self.regions.push(Region { kind, text, rect, px, bold });
    }

    fn table_layout(&self, t: &Table) -> (Vec<f32>, Vec<f32>, Vec<Vec<Block>>) {
        let st = Style::new(28.0, self.pal.text());
        let pad = 14.0;
        let ncols = t.header.len().max(t.rows.iter().map(Vec::len).max().unwrap_or(0));
        if ncols == 0 {
            return (vec![], vec![], vec![]);
        }
        let header: Vec<Cell> = t.header.iter().map(|h| Cell::plain(h.clone())).collect();
        let rows: Vec<&Vec<Cell>> = std::iter::once(&header).chain(t.rows.iter()).collect();
        let natural: Vec<f32> = (0..ncols)
            .map(|c| {
                rows.iter()
                    .filter_map(|r| r.get(c))
                    .map(|cell| self.block(&cell.text, st, f32::INFINITY).width())
                    .fold(0.0, f32::max)
                    + 2.0 * pad
            })
            .collect();
        let sum: f32 = natural.iter().sum();
        let widths: Vec<f32> = if sum <= self.width {
            natural.iter().map(|w| w * self.width / sum).collect()
        } else {
            // Narrow columns keep their width; the wide ones share the rest.
            let fair = self.width / ncols as f32;
            let small: f32 = natural.iter().filter(|w| **w <= fair).sum();
            let big: f32 = natural.iter().filter(|w| **w > fair).sum();
            let rest = (self.width - small).max(0.0);
            natural.iter().map(|w| if *w <= fair { *w } else { w * rest / big.max(1.0) }).collect()
        };
        let mut blocks = Vec::new();
        let mut heights = Vec::new();
        for (ri, r) in rows.iter().enumerate() {
            let mut line = Vec::new();
            let mut h: f32 = 0.0;
            for (c, w) in widths.iter().enumerate() {
                let cell = r.get(c);
                let st = if ri == 0 { st.color(Rgb::WHITE).bold() } else { st };
                let st = if ri > 0 && t.total_row && ri == rows.len() - 1 { st.bold() } else { st };
                let b = cell.map(|cell| self.block(&cell.text, st, w - 2.0 * pad)).unwrap_or_default();
                h = h.max(b.height());
                line.push(b);
            }
            heights.push(h + 2.0 * 10.0);
            blocks.push(line);
        }
        (widths, heights, blocks)
    }

    fn more_blocks(&self, items: &[(String, &Rich)]) -> Vec<Block> {
        let st = Style::new(BODY, self.pal.text());
        items
            .iter()
            .map(|(title, r)| {
                let mut spans =
                    vec![Span::new("• ", st.color(self.pal.accent())), Span::new(format!("{title}："), st.bold())];
                spans.extend(self.spans(r, st));
                self.ts.layout(&spans, self.width, 1.45)
            })
            .collect()
    }

    fn height(&self, p: &Piece) -> f32 {
        match p {
            Piece::Header => {
                let (a, b, c, d) = self.header_blocks();
                56.0 + a.height() + 20.0 + b.height() + 28.0 + 8.0 + 24.0 + c.height() + 20.0 + d.height() + 56.0
            }
            Piece::Heading(t) => {
                let b = self.ts.layout(
                    &[Span::new(t.as_str(), Style::new(HEADING, self.pal.heading()).bold())],
                    self.width - 28.0,
                    1.3,
                );
                48.0 + b.height() + 24.0
            }
            Piece::Cards(cards) => {
                let (_, rows) = self.cards_layout(cards);
                rows.iter().sum::<f32>() + 24.0 * rows.len() as f32
            }
            Piece::Text(r, size) => self.block(r, Style::new(*size, self.pal.muted()), self.width).height() + 16.0,
            Piece::Conclusion(r) => {
                self.block(r, Style::new(BODY, self.pal.text()), self.width - 2.0 * 28.0 - 8.0).height()
                    + 28.0 * 2.0
                    + 44.0
                    + 16.0
            }
            Piece::Chart(c) => {
                if c.kind.is_pie_like() {
                    700.0
                } else {
                    640.0
                }
            }
            Piece::Table(t) => {
                let (_, heights, _) = self.table_layout(t);
                heights.iter().sum::<f32>() + 24.0
            }
            Piece::More(items) => self.more_blocks(items).iter().map(|b| b.height() + 14.0).sum(),
            Piece::Footer(t) => {
                let b = self.ts.layout(&[Span::new(t.as_str(), Style::new(SMALL, self.pal.muted()))], self.width, 1.5);
                40.0 + b.height() + 48.0
            }
            Piece::Gap(h) => *h,
        }
    }

    /// Draws one piece at `y` (its height `h` as measured).
    fn draw(&mut self, canvas: &mut Canvas, p: &Piece, y: f32, h: f32) -> Result<()> {
        let x = MARGIN;
        let w = self.width;
        match p {
            Piece::Header => {
                self.draw_header(canvas, y, h);
            }
            Piece::Heading(t) => {
                let b = self.ts.layout(
                    &[Span::new(t.as_str(), Style::new(HEADING, self.pal.heading()).bold())],
                    w - 28.0,
                    1.3,
                );
                let top = y + 48.0;
                canvas.fill(Rect::new(x, top + 8.0, 10.0, b.height() - 16.0), self.pal.accent());
                self.ts.draw(canvas, &b, x + 28.0, top, w - 28.0, Align::Left);
                self.mark("heading", &b, Rect::new(x + 28.0, top, b.width(), b.height()), HEADING, true);
            }
            Piece::Cards(cards) => {
                self.draw_cards(canvas, cards, y);
            }
            Piece::Text(r, size) => {
                let b = self.block(r, Style::new(*size, self.pal.muted()), w);
                self.ts.draw(canvas, &b, x, y + 8.0, w, Align::Left);
            }
            Piece::Conclusion(r) => {
                self.draw_conclusion(canvas, r, y, h);
            }
            Piece::Chart(c) => {
                let r = Rect::new(x, y + 8.0, w, h - 16.0);
                chart::draw(canvas, &mut self.ts, r, c, &self.pal, Sizes::phone())?;
                self.regions.push(Region {
                    kind: "chart",
                    text: c.title.clone().unwrap_or_default(),
                    rect: r,
                    px: 0.0,
                    bold: false,
                });
            }
            Piece::Table(t) => {
                self.draw_table(canvas, t, y);
            }
            Piece::More(items) => {
                let mut top = y;
                for b in self.more_blocks(items) {
                    self.ts.draw(canvas, &b, x, top, w, Align::Left);
                    top += b.height() + 14.0;
                }
            }
            Piece::Footer(t) => {
                canvas.fill(Rect::new(x, y + 20.0, w, 2.0), Rgb(0xE3, 0xE3, 0xE3));
                let b = self.ts.layout(&[Span::new(t.as_str(), Style::new(SMALL, self.pal.muted()))], w, 1.5);
                self.ts.draw(canvas, &b, x, y + 40.0, w, Align::Center);
            }
            Piece::Gap(_) => {}
        }
        Ok(())
    }

    /// The coloured band on top: the deck's title, subtitle, period and author over the cover's circles.
    fn draw_header(&mut self, canvas: &mut Canvas, y: f32, h: f32) {
        let x = MARGIN;
        let w = self.width;
        let (a, b, c, d) = self.header_blocks();
        canvas.fill(Rect::new(0.0, y, SUMMARY_WIDTH as f32, h), self.pal.accent());
        // The cover's light circles, top right.
        let ring = self.pal.accent().mix(Rgb::WHITE, 0.08);
        canvas.clip(Some(Rect::new(0.0, y, SUMMARY_WIDTH as f32, h)));
        canvas.disc(SUMMARY_WIDTH as f32 - 60.0, y + 40.0, 230.0, ring);
        canvas.disc(SUMMARY_WIDTH as f32 + 40.0, y + h - 10.0, 150.0, ring);
        canvas.clip(None);
        let mut yy = y + 56.0;
        self.ts.draw(canvas, &a, x, yy, w, Align::Left);
        yy += a.height() + 20.0;
        self.ts.draw(canvas, &b, x, yy, w, Align::Left);
        self.mark("title", &b, Rect::new(x, yy, b.width(), b.height()), 72.0, true);
        yy += b.height() + 28.0;
        canvas.fill(Rect::new(x, yy, 96.0, 8.0), self.pal.named("accent2"));
        yy += 8.0 + 24.0;
        self.ts.draw(canvas, &c, x, yy, w, Align::Left);
        yy += c.height() + 20.0;
        self.ts.draw(canvas, &d, x, yy, w, Align::Left);
    }

    /// The KPI cards, two per row: a tinted card with an accent bar, label, value and change.
    fn draw_cards(&mut self, canvas: &mut Canvas, cards: &[BTreeMap<String, Rich>], y: f32) {
        let x = MARGIN;
        let (cw, rows) = self.cards_layout(cards);
        let mut top = y;
        for (pair, rh) in cards.chunks(2).zip(rows) {
            for (k, card) in pair.iter().enumerate() {
                let cx = x + k as f32 * (cw + 24.0);
                canvas.round_rect(Rect::new(cx, top, cw, rh), 14.0, self.pal.tint());
                canvas.fill(Rect::new(cx, top + 26.0, 8.0, 46.0), self.pal.accent());
                let inner = cw - 2.0 * 28.0 - 8.0;
                let mut yy = top + 26.0;
                for (k, b) in self.card_blocks(card, inner) {
                    self.ts.draw(canvas, &b, cx + 8.0 + 28.0, yy, inner, Align::Left);
                    let px = b.lines.first().map(|l| l.px).unwrap_or(0.0);
                    match k {
                        "label" => {
                            self.mark("kpi-label", &b, Rect::new(cx + 36.0, yy, b.width(), b.height()), px, true)
                        }
                        "value" => {
                            self.mark("kpi-value", &b, Rect::new(cx + 36.0, yy, b.width(), b.height()), px, true)
                        }
                        _ => {}
                    }
                    yy += b.height();
                }
            }
            top += rh + 24.0;
        }
    }

    /// The conclusion in a tinted box under a 结论 tag.
    fn draw_conclusion(&mut self, canvas: &mut Canvas, r: &Rich, y: f32, h: f32) {
        let x = MARGIN;
        let w = self.width;
        let inner = w - 2.0 * 28.0 - 8.0;
        let b = self.block(r, Style::new(BODY, self.pal.text()), inner);
        let top = y + 8.0;
        let bh = h - 16.0;
        canvas.round_rect(Rect::new(x, top, w, bh), 14.0, self.pal.tint());
        canvas.fill(Rect::new(x, top + 14.0, 8.0, bh - 28.0), self.pal.accent());
        let tag = self.ts.line("结论", Style::new(26.0, Rgb::WHITE).bold(), w);
        let tw = tag.width() + 28.0;
        canvas.round_rect(Rect::new(x + 36.0, top + 24.0, tw, 40.0), 20.0, self.pal.accent());
        self.ts.draw(canvas, &tag, x + 36.0, top + 24.0 + (40.0 - tag.height()) / 2.0, tw, Align::Center);
        self.ts.draw(canvas, &b, x + 36.0, top + 24.0 + 44.0 + 4.0, inner, Align::Left);
        self.mark("conclusion", &b, Rect::new(x + 36.0, top + 72.0, b.width(), b.height()), BODY, false);
    }

    /// A table: the header row in the accent colour, every other row tinted, cell fills and alignment as on the slide.
    fn draw_table(&mut self, canvas: &mut Canvas, t: &Table, y: f32) {
        let x = MARGIN;
        let w = self.width;
        let (widths, heights, blocks) = self.table_layout(t);
        let mut top = y + 8.0;
        for (ri, (line, rh)) in blocks.iter().zip(&heights).enumerate() {
            let bg = if ri == 0 {
                Some(self.pal.accent())
            } else if ri % 2 == 0 {
                Some(self.pal.tint())
            } else {
                None
            };
            if let Some(bg) = bg {
                canvas.fill(Rect::new(x, top, w, *rh), bg);
            }
            let mut cx = x;
            for (c, (b, cw)) in line.iter().zip(&widths).enumerate() {
                let cell = if ri == 0 { None } else { t.rows.get(ri - 1).and_then(|r| r.get(c)) };
                if let Some(fill) = cell.and_then(|c| c.fill.as_ref()) {
                    canvas.fill(Rect::new(cx, top, *cw, *rh), self.pal.color(fill));
                }
                let align = match t.align.get(c) {
                    Some(crate::model::Align::Right) => Align::Right,
                    Some(crate::model::Align::Center) => Align::Center,
                    _ if cell.is_some_and(|c| c.numeric) => Align::Right,
                    _ => Align::Left,
                };
                let align = if ri == 0 { Align::Center } else { align };
                self.ts.draw(canvas, b, cx + 14.0, top + (rh - b.height()) / 2.0, cw - 28.0, align);
                cx += cw;
            }
            top += rh;
        }
        canvas.fill(Rect::new(x, top - 2.0, w, 2.0), self.pal.accent());
    }
}
