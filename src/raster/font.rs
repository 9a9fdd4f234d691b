//! Text for the pictures deckgen draws: glyphs from the bundled subset of
//! Noto Sans CJK SC (`assets/fonts/`, compiled into the binary), laid out and
//! rasterized here with ab_glyph. No system font and no fontconfig is needed
//! to build or to run.
//!
//! A character the subset lacks is taken from a CJK font of the system when
//! one is installed (微软雅黑, PingFang, Noto CJK, 文泉驿…, or the files in
//! `DECKGEN_FONTS`); failing that it is drawn as its code point in a thin
//! frame, so a reader sees which character is meant instead of an empty box.
//! `deckgen check` lists such characters ([`uncovered`]).

use super::canvas::{Canvas, Rgb};
use ab_glyph::{Font, FontArc, GlyphId, PxScale, ScaleFont, point};
use std::collections::HashMap;
use std::sync::OnceLock;

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSansCJKsc-Regular-subset.otf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSansCJKsc-Bold-subset.otf");

/// Where CJK fonts live on Windows, macOS and the common Linux
/// distributions, with the face to use in a collection.
const SYSTEM_FONTS: &[(&str, u32)] = &[
    ("{WINDIR}/Fonts/msyh.ttc", 0),
    ("{WINDIR}/Fonts/msyh.ttf", 0),
    ("{WINDIR}/Fonts/simhei.ttf", 0),
    ("{WINDIR}/Fonts/simsun.ttc", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("/System/Library/Fonts/Hiragino Sans GB.ttc", 0),
    ("/System/Library/Fonts/STHeiti Light.ttc", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
];

/// The faces: 0 regular, 1 bold (both bundled), then the system's, loaded
/// the first time a character is missing from the bundled ones.
struct Faces {
    bundled: [FontArc; 2],
    system: OnceLock<Vec<FontArc>>,
}

fn faces() -> &'static Faces {
    static FACES: OnceLock<Faces> = OnceLock::new();
    FACES.get_or_init(|| Faces {
        // ok: the bundled fonts are fixed bytes, parsed by the test `bundled_fonts_parse`.
        bundled: [
            FontArc::try_from_slice(REGULAR).expect("bundled regular font"), // ok: bytes built in, read by every picture test
            FontArc::try_from_slice(BOLD).expect("bundled bold font"), // ok: bytes built in, read by every picture test
        ],
        system: OnceLock::new(),
    })
}

/// The system fonts to fall back to: the files in `DECKGEN_FONTS` (separated
/// like `PATH`; set and empty means none), else the usual places.
fn system_faces() -> &'static [FontArc] {
    faces().system.get_or_init(|| {
        let listed: Vec<(String, u32)> = match std::env::var_os("DECKGEN_FONTS") {
            Some(v) => std::env::split_paths(&v).map(|p| (p.to_string_lossy().into_owned(), 0)).collect(),
            None => {
                let windir = std::env::var("WINDIR").unwrap_or_else(|_| "C:/Windows".into());
                SYSTEM_FONTS.iter().map(|(p, i)| (p.replace("{WINDIR}", &windir), *i)).collect()
            }
        };
        listed
            .into_iter()
            .filter(|(p, _)| !p.is_empty())
            .filter_map(|(p, i)| {
                let data = std::fs::read(&p).ok()?;
                let face = ab_glyph::FontVec::try_from_vec_and_index(data.clone(), i)
                    .or_else(|_| ab_glyph::FontVec::try_from_vec_and_index(data, 0))
                    .ok()?;
                Some(FontArc::new(face))
            })
            .collect()
    })
}

/// Characters that take no glyph: controls, the byte-order mark, zero-width marks.
fn invisible(c: char) -> bool {
    c.is_control() || matches!(c, '\u{FEFF}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FE0F}')
}

/// The characters of `text` that the bundled font cannot draw (each once, in
/// order of appearance).
pub fn uncovered(text: &str) -> Vec<char> {
    let f = &faces().bundled[0];
    let mut out: Vec<char> = Vec::new();
    for c in text.chars() {
        if !invisible(c) && !c.is_whitespace() && f.glyph_id(c).0 == 0 && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// How a run of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    /// The em size in pixels.
    pub px: f32,
    pub bold: bool,
    pub color: Rgb,
}

impl Style {
    pub fn new(px: f32, color: Rgb) -> Style {
        Style { px, bold: false, color }
    }

    pub fn bold(self) -> Style {
        Style { bold: true, ..self }
    }

    pub fn size(self, px: f32) -> Style {
        Style { px, ..self }
    }

    pub fn color(self, color: Rgb) -> Style {
        Style { color, ..self }
    }
}

/// A run of text with its style.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub style: Style,
}

impl Span {
    pub fn new(text: impl Into<String>, style: Style) -> Span {
        Span { text: text.into(), style }
    }
}

/// One glyph placed on a line.
#[derive(Debug, Clone, Copy)]
struct Placed {
    /// 0 regular, 1 bold, 2… system faces; `None`: drawn as its code point.
    face: Option<usize>,
    id: GlyphId,
    c: char,
    x: f32,
    advance: f32,
    style: Style,
}

/// A line of placed glyphs.
#[derive(Debug, Clone, Default)]
pub struct Line {
    glyphs: Vec<Placed>,
    pub width: f32,
    /// The largest em size on the line.
    pub px: f32,
}

impl Line {
    /// The characters of the line.
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.c).collect()
    }
}

/// Laid-out text: lines, each `line_height` times its em size high.
#[derive(Debug, Clone, Default)]
pub struct Block {
    pub lines: Vec<Line>,
    pub line_height: f32,
}

/// How lines sit in their width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

impl Block {
    /// The height of the block.
    pub fn height(&self) -> f32 {
        self.lines.iter().map(|l| l.px * self.line_height).sum()
    }

    /// The widest line.
    pub fn width(&self) -> f32 {
        self.lines.iter().map(|l| l.width).fold(0.0, f32::max)
    }
}

/// Characters that never start a line (they hang at the end of the previous one).
fn closing(c: char) -> bool {
    "，。、；：！？）》」』】〕〉”’%‰…·,.;:!?)]}".contains(c)
}

/// Characters that never end a line.
fn opening(c: char) -> bool {
    "（《「『【〔〈“‘([{¥￥".contains(c)
}

/// Parts of a word that stay together: Latin letters, digits and the signs inside numbers.
fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "._-+%/'@#&:×".contains(c)
}

/// The typesetter: finds glyphs, lays out lines, draws them, and keeps the
/// glyphs it has rasterized for the picture it draws.
#[derive(Default)]
pub struct Typesetter {
    cache: HashMap<(usize, u16, u32, u8), Option<Raster>>,
}

/// One glyph as coverage, placed relative to the pen on the baseline.
struct Raster {
    left: i32,
    top: i32,
    w: usize,
    h: usize,
    coverage: Vec<u8>,
}

/// The bundled or system face `i`.
fn face(i: usize) -> &'static FontArc {
    let f = faces();
    if i < 2 { &f.bundled[i] } else { &system_faces()[i - 2] }
}

/// ab_glyph scales by the height (ascent − descent); deckgen sizes by the em.
fn px_scale(font: &FontArc, px: f32) -> PxScale {
    let upem = font.units_per_em().unwrap_or(1000.0);
    PxScale::from(px * font.height_unscaled() / upem)
}

impl Typesetter {
    pub fn new() -> Typesetter {
        Typesetter::default()
    }

    /// Forgets the rasterized glyphs when there are more than `max`.
    pub fn trim(&mut self, max: usize) {
        if self.cache.len() > max {
            self.cache.clear();
        }
    }

    /// The face and glyph for `c`: the bundled face of the style, else a system face.
    fn find(&self, c: char, bold: bool) -> (Option<usize>, GlyphId) {
        let primary = usize::from(bold);
        let id = face(primary).glyph_id(c);
        if id.0 != 0 {
            return (Some(primary), id);
        }
        for (i, f) in system_faces().iter().enumerate() {
            let id = f.glyph_id(c);
            if id.0 != 0 && f.outline(id).is_some() {
                return (Some(i + 2), id);
            }
        }
        (None, GlyphId(0))
    }

    fn place(&self, c: char, style: Style) -> Placed {
        let c = if c == '\t' { ' ' } else { c };
        let (f, id) = self.find(c, style.bold);
        let advance = match f {
            Some(i) => {
                let font = face(i);
                font.as_scaled(px_scale(font, style.px)).h_advance(id)
            }
            // The code point's frame is as wide as a CJK character.
            None => style.px,
        };
        Placed { face: f, id, c, x: 0.0, advance, style }
    }

    /// The width of `text` on one line.
    pub fn measure(&self, text: &str, style: Style) -> f32 {
        text.chars().filter(|c| !invisible(*c) || *c == '\t').map(|c| self.place(c, style).advance).sum()
    }

    /// Lays out `spans` in lines no wider than `max_width` (a word longer
    /// than the line is broken). `\n` starts a new line.
    pub fn layout(&self, spans: &[Span], max_width: f32, line_height: f32) -> Block {
        // Units that stay together: a Latin word or number, a space, or one other character.
        let mut units: Vec<Vec<Placed>> = Vec::new();
        let mut breaks: Vec<bool> = Vec::new(); // a hard break before this unit
        let mut hard = false;
        for s in spans {
            let mut word: Vec<Placed> = Vec::new();
            for c in s.text.chars() {
                if c == '\n' {
                    if !word.is_empty() {
                        units.push(std::mem::take(&mut word));
                        breaks.push(std::mem::take(&mut hard));
                    }
                    hard = true;
                    continue;
                }
                if invisible(c) && c != '\t' {
                    continue;
                }
                let p = self.place(c, s.style);
                if word_char(c) {
                    word.push(p);
                    continue;
                }
                if !word.is_empty() {
                    units.push(std::mem::take(&mut word));
                    breaks.push(std::mem::take(&mut hard));
                }
                units.push(vec![p]);
                breaks.push(std::mem::take(&mut hard));
            }
            if !word.is_empty() {
                units.push(word);
                breaks.push(std::mem::take(&mut hard));
            }
        }
        let width = |u: &[Placed]| u.iter().map(|p| p.advance).sum::<f32>();
        let is_space = |u: &[Placed]| u.len() == 1 && u[0].c.is_whitespace() && u[0].c != '\u{3000}';

        let mut lines: Vec<Vec<Placed>> = vec![Vec::new()];
        // Where each unit of the current line starts.
        let mut starts: Vec<usize> = Vec::new();
        let mut x = 0.0f32;
        for (i, u) in units.iter().enumerate() {
            if breaks[i] {
                lines.push(Vec::new());
                starts.clear();
                x = 0.0;
            }
            let w = width(u);
            let l = lines.len() - 1;
            if is_space(u) && (lines[l].is_empty() || x + w > max_width) {
                continue;
            }
            if x + w > max_width + 0.01 && !lines[l].is_empty() {
                // Break before this unit. Closing punctuation takes the unit
                // before it along; an opening bracket does not stay at the end.
                let mut cut = lines[l].len();
                if u.len() == 1 && closing(u[0].c) {
                    // Back to the last unit that may start a line, keeping one on this line.
                    let mut k = starts.len();
                    while k >= 2 {
                        k -= 1;
                        cut = starts[k];
                        if !closing(lines[l][cut].c) {
                            break;
                        }
                    }
                }
                if cut >= 2 && opening(lines[l][cut - 1].c) {
                    cut -= 1;
                }
                let moved = lines[l].split_off(cut);
                while lines[l].last().is_some_and(|p| p.c.is_whitespace()) {
                    lines[l].pop();
                }
                lines.push(Vec::new());
                starts.clear();
                x = 0.0;
                if !moved.is_empty() {
                    starts.push(0);
                }
                for p in moved {
                    let l = lines.len() - 1;
                    lines[l].push(Placed { x, ..p });
                    x += p.advance;
                }
            }
            let l = lines.len() - 1;
            if x + w > max_width && lines[l].is_empty() {
                // A word longer than the line: broken where it must be.
                for p in u.iter() {
                    let l = lines.len() - 1;
                    if x + p.advance > max_width && !lines[l].is_empty() {
                        lines.push(Vec::new());
                        x = 0.0;
                    }
                    let l = lines.len() - 1;
                    lines[l].push(Placed { x, ..*p });
                    x += p.advance;
                }
                starts.clear();
                starts.push(0);
                continue;
            }
            starts.push(lines[l].len());
            for p in u.iter() {
                lines[l].push(Placed { x, ..*p });
                x += p.advance;
            }
        }
        let fallback_px = spans.first().map(|s| s.style.px).unwrap_or(16.0);
        let lines = lines
            .into_iter()
            .map(|mut g| {
                while g.last().is_some_and(|p| p.c.is_whitespace()) {
                    g.pop();
                }
                let width = g.last().map(|p| p.x + p.advance).unwrap_or(0.0);
                let px = g.iter().map(|p| p.style.px).fold(0.0, f32::max);
                Line { glyphs: g, width, px: if px > 0.0 { px } else { fallback_px } }
            })
            .collect();
        Block { lines, line_height }
    }

    /// One line of `text`, cut with `…` where it would be wider than `max_width`.
    pub fn line(&self, text: &str, style: Style, max_width: f32) -> Block {
        let one: String = text.chars().map(|c| if c == '\n' { ' ' } else { c }).collect();
        let mut b = self.layout(&[Span::new(one.clone(), style)], f32::INFINITY, 1.3);
        if b.width() <= max_width {
            return b;
        }
        let ell = self.place('…', style);
        if let Some(line) = b.lines.first_mut() {
            while line.glyphs.last().is_some_and(|p| p.x + p.advance + ell.advance > max_width) {
                line.glyphs.pop();
            }
            let x = line.glyphs.last().map(|p| p.x + p.advance).unwrap_or(0.0);
            line.glyphs.push(Placed { x, ..ell });
            line.width = x + ell.advance;
        }
        b
    }

    /// Draws `block` with its top left at (`x`, `y`), each line aligned in `width`.
    pub fn draw(&mut self, canvas: &mut Canvas, block: &Block, x: f32, y: f32, width: f32, align: Align) {
        let mut top = y;
        for line in &block.lines {
            let h = line.px * block.line_height;
            // The baseline: the em box centred in the line, 0.88 em of it above the baseline.
            let baseline = (top + (h - line.px) / 2.0 + 0.88 * line.px).round();
            let dx = match align {
                Align::Left => 0.0,
                Align::Center => (width - line.width) / 2.0,
                Align::Right => width - line.width,
            };
            for g in &line.glyphs {
                // Quarter-pixel pen positions keep small text evenly spaced.
                let pen = ((x + dx + g.x) * 4.0).round() as i32;
                self.draw_glyph(canvas, g, pen.div_euclid(4), pen.rem_euclid(4) as u8, baseline as i32);
            }
            top += h;
        }
    }

    fn draw_glyph(&mut self, canvas: &mut Canvas, g: &Placed, pen: i32, quarter: u8, baseline: i32) {
        let Some(fi) = g.face else {
            self.draw_code_point(canvas, g, pen, baseline);
            return;
        };
        let key = (fi, g.id.0, g.style.px.to_bits(), quarter);
        let raster = self.cache.entry(key).or_insert_with(|| {
            let font = face(fi);
            let glyph = g.id.with_scale_and_position(px_scale(font, g.style.px), point(f32::from(quarter) / 4.0, 0.0));
            let outlined = font.outline_glyph(glyph)?;
            let b = outlined.px_bounds();
            let (w, h) = (b.width() as usize, b.height() as usize);
            let mut coverage = vec![0u8; w * h];
            outlined.draw(|px, py, c| {
                if let Some(v) = coverage.get_mut(py as usize * w + px as usize) {
                    *v = (c.clamp(0.0, 1.0) * 255.0).round() as u8;
                }
            });
            Some(Raster { left: b.min.x as i32, top: b.min.y as i32, w, h, coverage })
        });
        let Some(r) = raster else { return };
        for j in 0..r.h {
            for i in 0..r.w {
                let a = r.coverage[j * r.w + i];
                if a > 0 {
                    canvas.blend(
                        pen + r.left + i as i32,
                        baseline + r.top + j as i32,
                        g.style.color,
                        f32::from(a) / 255.0,
                    );
                }
            }
        }
    }

    /// A character no font has: its code point in hex, small, in a thin frame.
    fn draw_code_point(&mut self, canvas: &mut Canvas, g: &Placed, pen: i32, baseline: i32) {
        let px = g.style.px;
        let (w, h) = ((px * 0.9).round() as i32, (px * 0.96).round() as i32);
        let (x0, y0) = (pen + (px * 0.05).round() as i32, baseline - (px * 0.84).round() as i32);
        let c = g.style.color;
        for i in 0..w {
            canvas.blend(x0 + i, y0, c, 0.6);
            canvas.blend(x0 + i, y0 + h - 1, c, 0.6);
        }
        for j in 0..h {
            canvas.blend(x0, y0 + j, c, 0.6);
            canvas.blend(x0 + w - 1, y0 + j, c, 0.6);
        }
        let hex = format!("{:04X}", g.c as u32);
        let (a, b) = hex.split_at(hex.len() / 2);
        let small = Style { px: px * 0.36, bold: false, color: c };
        for (k, part) in [a, b].into_iter().enumerate() {
            let block = self.line(part, small, f32::INFINITY);
            let y = y0 as f32 + px * 0.08 + k as f32 * px * 0.42;
            self.draw(canvas, &block, x0 as f32, y, w as f32, Align::Center);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_parse() {
        for f in &faces().bundled {
            assert!(f.glyph_id('客').0 != 0);
            assert!(f.glyph_id('▲').0 != 0 && f.glyph_id('▼').0 != 0);
            assert!(f.glyph_id('A').0 != 0 && f.glyph_id('9').0 != 0);
        }
    }

    #[test]
    fn coverage() {
        assert!(uncovered("客服部周报 2026年第47周，销售额308.7万元▲▼").is_empty());
        // GB 2312 level 2 and names outside GB 2312 that the subset adds.
        assert!(uncovered("婷怡琪萱梓沐岚喆堃").is_empty());
        assert_eq!(uncovered("𠮷野家 𠮷"), vec!['𠮷']);
    }

    #[test]
    fn lines_break_between_characters_not_inside_numbers() {
        let ts = Typesetter::new();
        let st = Style::new(20.0, Rgb(0, 0, 0));
        let b = ts.layout(&[Span::new("店铺销售额308.7万元，环比下降62.9%。", st)], 150.0, 1.4);
        assert!(b.lines.len() > 1);
        let texts: Vec<String> = b.lines.iter().map(|l| l.glyphs.iter().map(|g| g.c).collect()).collect();
        for t in &texts {
            assert!(!t.starts_with(['，', '。', '%']), "{texts:?}");
        }
        assert!(texts.iter().any(|t| t.contains("308.7")), "{texts:?}");
        assert!(b.lines.iter().all(|l| l.width <= 150.0), "{texts:?}");
        // A closing mark that does not fit takes the character before it to the next line.
        let b = ts.layout(&[Span::new("一二三四五六七，", st)], 140.0, 1.4);
        let texts: Vec<String> = b.lines.iter().map(|l| l.glyphs.iter().map(|g| g.c).collect()).collect();
        assert_eq!(texts, vec!["一二三四五六", "七，"]);
        // Several closing marks in a row go down with the character before them.
        let b = ts.layout(&[Span::new("一二三四五六）。", st)], 140.0, 1.4);
        let texts: Vec<String> = b.lines.iter().map(|l| l.glyphs.iter().map(|g| g.c).collect()).collect();
        assert_eq!(texts, vec!["一二三四五", "六）。"]);
    }
}
