//! Text that fits: measures text the way the fonts we name will set it
//! (CJK full-width, Arial for Latin), wraps it to the box width and finds
//! the font scale at which every paragraph fits the box.
//!
//! PowerPoint's own shrink-on-overflow only acts once someone edits the text,
//! so deckgen must size the text itself when it writes the slide.

/// Advance widths of printable ASCII in Arial (and Liberation Sans), per 1000 em.
const ARIAL: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space..'/'
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0-9
    278, 278, 584, 584, 584, 556, 1015, // :..@
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944,
    667, 667, 611, // A-Z
    278, 278, 278, 469, 556, 333, // [..`
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722,
    500, 500, 500, // a-z
    334, 260, 334, 584, // {..~
];

/// Line height of one line at 100% spacing, in em. CJK fonts are tall
/// (微软雅黑 1.32, Noto Sans CJK 1.45); we plan for the taller.
pub const LINE_EM: f64 = 1.42;

/// Width of `c` in em.
pub fn char_em(c: char, bold: bool) -> f64 {
    let w = match c as u32 {
        0x20..=0x7E => ARIAL[(c as u32 - 0x20) as usize] as f64 / 1000.0,
        0xA0..=0x2E7F => match c {
            '·' | '•' => 0.35,
            '—' | '…' | '※' | '△' | '▲' | '▼' | '▽' | '■' | '□' | '●' | '○' | '★' | '☆' | '◆' => {
                1.0
            }
            '–' => 0.556,
            '‹' | '›' => 0.333,
            '“' | '”' | '‘' | '’' => 0.333,
            _ => 0.6,
        },
        _ => 1.0, // CJK, full-width forms, emoji
    };
    if bold { w * 1.05 } else { w }
}

fn is_breakable_anywhere(c: char) -> bool {
    (c as u32) >= 0x2E80
}

/// A run to measure: text, size in points, bold.
#[derive(Debug, Clone)]
pub struct RunToFit<'a> {
    pub text: &'a str,
    pub size: f64,
    pub bold: bool,
}

/// A paragraph to measure.
#[derive(Debug, Clone)]
pub struct ParaToFit<'a> {
    pub runs: Vec<RunToFit<'a>>,
    /// Left indent (bullet margin) in points.
    pub indent: f64,
    /// Space before, in points (scaled with the text).
    pub space_before: f64,
    /// Line spacing, 1.0 = single.
    pub line_spacing: f64,
}

/// Number of lines `para` takes in `width` points at `scale`, and its widest line.
pub fn lines(para: &ParaToFit, width: f64, scale: f64) -> (usize, f64) {
    let avail = (width - para.indent).max(1.0);
    let mut n = 1usize;
    let mut line = 0.0f64;
    let mut widest = 0.0f64;
    // Greedy wrap over units: a CJK character, a Latin word, or a space.
    let mut word = 0.0f64;
    let mut in_word = false;
    let flush_word = |line: &mut f64, n: &mut usize, widest: &mut f64, word: f64| {
        if *line + word > avail && *line > 0.0 {
            *widest = widest.max(*line);
            *n += 1;
            *line = 0.0;
        }
        if word > avail {
            // A word longer than the line breaks anywhere.
            let extra = (word / avail).floor();
            *n += extra as usize;
            *line = word - extra * avail;
            *widest = avail;
        } else {
            *line += word;
        }
    };
    for r in &para.runs {
        let size = r.size * scale;
        for c in r.text.chars() {
            let w = char_em(c, r.bold) * size;
            if c == '\n' {
                if in_word {
                    flush_word(&mut line, &mut n, &mut widest, word);
                    word = 0.0;
                    in_word = false;
                }
                widest = widest.max(line);
                n += 1;
                line = 0.0;
            } else if c == ' ' || is_breakable_anywhere(c) {
                if in_word {
                    flush_word(&mut line, &mut n, &mut widest, word);
                    word = 0.0;
                    in_word = false;
                }
                if c == ' ' {
                    if line > 0.0 {
                        line += w;
                    }
                } else {
                    flush_word(&mut line, &mut n, &mut widest, w);
                }
            } else {
                word += w;
                in_word = true;
            }
        }
    }
    if in_word {
        flush_word(&mut line, &mut n, &mut widest, word);
    }
    (n, widest.max(line))
}

/// Height in points of `para` at `scale` in a box `width` wide.
pub fn para_height(para: &ParaToFit, width: f64, scale: f64) -> f64 {
    let size = para.runs.iter().map(|r| r.size).fold(0.0, f64::max).max(1.0) * scale;
    let (n, _) = lines(para, width, scale);
    n as f64 * size * LINE_EM * para.line_spacing + para.space_before * scale
}

/// Total height of the paragraphs (space before the first is not counted, as PowerPoint does).
pub fn block_height(paras: &[ParaToFit], width: f64, scale: f64) -> f64 {
    paras
        .iter()
        .enumerate()
        .map(|(i, p)| para_height(p, width, scale) - if i == 0 { p.space_before * scale } else { 0.0 })
        .sum()
}

/// The outcome of fitting a block into a box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fitted {
    /// Multiply every font size by this.
    pub scale: f64,
    /// Even the smallest allowed size overflows.
    pub overflows: bool,
}

/// Finds the largest scale ≤ 1 (in steps) at which `paras` fit in
/// `width`×`height` points; never below `min_scale`. With `single_line`,
/// each paragraph must also fit on one line.
pub fn fit(paras: &[ParaToFit], width: f64, height: f64, min_scale: f64, single_line: bool) -> Fitted {
    let ok = |s: f64| {
        block_height(paras, width, s) <= height + 0.5
            && (!single_line || paras.iter().all(|p| lines(p, width, s).0 <= 1))
    };
    let mut s = 1.0;
    loop {
        if ok(s) {
            return Fitted { scale: s, overflows: false };
        }
        let next = (s * 0.94).max(min_scale);
        if next >= s - 1e-9 {
            return Fitted { scale: s, overflows: true };
        }
        s = next;
    }
}

/// The largest scale ≥ 1 (in steps, at most `max_scale`) at which `paras`
/// take no more than `fill` of `height`: short text in a large box grows
/// rather than leaving the box empty.
pub fn grow(paras: &[ParaToFit], width: f64, height: f64, max_scale: f64, fill: f64, single_line: bool) -> f64 {
    let ok = |s: f64| {
        block_height(paras, width, s) <= height * fill
            && (!single_line || paras.iter().all(|p| lines(p, width, s).0 <= 1))
    };
    let mut s = 1.0;
    while s < max_scale {
        let next = (s * 1.05).min(max_scale);
        if !ok(next) {
            break;
        }
        s = next;
    }
    s
}

/// Smallest font size deckgen sets for body text (a deck is read from the
/// back of a room: nothing under 12 pt), and for titles.
pub const MIN_BODY_PT: f64 = 12.0;
pub const MIN_TITLE_PT: f64 = 14.0;
/// A footer, date or slide number of a template's master: its own small print.
pub const MIN_FOOTER_PT: f64 = 8.0;

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str, size: f64) -> ParaToFit<'_> {
        ParaToFit {
            runs: vec![RunToFit { text, size, bold: false }],
            indent: 0.0,
            space_before: 0.0,
            line_spacing: 1.0,
        }
    }

    #[test]
    fn cjk_is_full_width_latin_narrower() {
        assert_eq!(char_em('中', false), 1.0);
        assert!(char_em('a', false) < 0.6);
        // 10 CJK characters at 10pt are 100pt wide: one line in 100pt, two in 99pt.
        let para = p("一二三四五六七八九十", 10.0);
        assert_eq!(lines(&para, 100.0, 1.0).0, 1);
        assert_eq!(lines(&para, 99.0, 1.0).0, 2);
    }

    #[test]
    fn latin_wraps_at_spaces() {
        let para = p("aaaa bbbb", 10.0);
        // "aaaa" is 22.24pt; the space 2.78pt.
        assert_eq!(lines(&para, 30.0, 1.0).0, 2);
        assert_eq!(lines(&para, 48.0, 1.0).0, 1);
    }

    #[test]
    fn long_text_shrinks_then_overflows() {
        let long = "很长的文字".repeat(400);
        let paras = [p(&long, 18.0)];
        let f = fit(&paras, 800.0, 150.0, 8.0 / 18.0, false);
        assert!(f.overflows);
        let short = [p("短文字", 18.0)];
        assert_eq!(fit(&short, 800.0, 300.0, 0.5, false), Fitted { scale: 1.0, overflows: false });
        // Short text in a tall box grows, within the limit, to fill at most the share asked.
        let g = grow(&[p("两行文字", 18.0)], 400.0, 300.0, 1.3, 0.7, false);
        assert!((g - 1.3).abs() < 1e-9);
        let tall = "中".repeat(120);
        let g = grow(&[p(&tall, 18.0)], 400.0, 150.0, 1.3, 0.7, false);
        assert_eq!(g, 1.0, "text that fills its box does not grow");
        let medium = "中".repeat(300);
        let f = fit(&[p(&medium, 18.0)], 400.0, 200.0, 0.3, false);
        assert!(!f.overflows && f.scale < 1.0);
        assert!(block_height(&[p(&medium, 18.0)], 400.0, f.scale) <= 200.5);
    }
}
