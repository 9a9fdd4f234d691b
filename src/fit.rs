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

/// U+2060 WORD JOINER, as a spec may write it: zero width, and no line
/// break on either side (UAX #14 class WJ).
pub const WORD_JOINER: char = '\u{2060}';

/// Characters that take no room: the word joiner, zero-width spaces and joiners, the BOM.
fn zero_width(c: char) -> bool {
    matches!(c, WORD_JOINER | '\u{200B}'..='\u{200D}' | '\u{FEFF}')
}

/// Width of `c` in em.
pub fn char_em(c: char, bold: bool) -> f64 {
    if zero_width(c) {
        return 0.0;
    }
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

// Unbreakable tokens.
//
// PowerPoint, WPS, Keynote and LibreOffice break Chinese text between any two
// ideographs, and between a digit and the ideograph after it. A number with
// its unit, a date, a promotion's name or a person's name in brackets reads
// wrong when split ("2,383.6万\n元", "4月1\n日", "双\n11", "（刘\n洋）"). These
// are the spans the engine keeps whole, by sizing: a table column is at least
// as wide as its widest token, text is never set wider than its box can hold
// one token, and a chart category label breaks before its bracket instead.

/// Units and suffixes that belong to the number before them, longest first.
const UNITS: [&str; 53] = [
    "个百分点",
    "百分点",
    "万元/月",
    "元/次",
    "元/单",
    "次/人",
    "万元",
    "亿元",
    "千元",
    "万次",
    "万单",
    "万件",
    "万人",
    "分钟",
    "小时",
    "个月",
    "倍",
    "元",
    "万",
    "亿",
    "人",
    "次",
    "秒",
    "分",
    "天",
    "件",
    "单",
    "条",
    "个",
    "名",
    "场",
    "项",
    "周",
    "月",
    "日",
    "年",
    "号",
    "位",
    "笔",
    "家",
    "份",
    "期",
    "岁",
    "台",
    "组",
    "例",
    "张",
    "起",
    "度",
    "星",
    "%",
    "‰",
    "pp",
];

/// No line starts with these (closing marks), none ends with the openers.
const NO_BREAK_BEFORE: &str = "，。、）；：！？”’》】」%";
const NO_BREAK_AFTER: &str = "（“‘《【「";

fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

fn starts_with(chars: &[char], at: usize, s: &str) -> bool {
    s.chars().enumerate().all(|(k, c)| chars.get(at + k) == Some(&c))
}

/// The end of a bare number (`1,234.5`) starting at `i`, if one starts there.
fn number_end(chars: &[char], i: usize) -> Option<usize> {
    if !chars.get(i).is_some_and(char::is_ascii_digit) {
        return None;
    }
    let mut j = i;
    while let Some(&c) = chars.get(j) {
        let digit_next = chars.get(j + 1).is_some_and(char::is_ascii_digit);
        if c.is_ascii_digit() || (matches!(c, ',' | '.') && digit_next) {
            j += 1;
        } else {
            break;
        }
    }
    Some(j)
}

/// The end of a number with what belongs to it, starting at `i`: a sign, a
/// range or date (`11.16–11.22`, `12/10`, `4月1日`, `2026年11月`), a unit.
fn quantity_end(chars: &[char], i: usize) -> Option<usize> {
    let start = if matches!(chars.get(i), Some('+' | '-' | '−')) { i + 1 } else { i };
    let mut j = number_end(chars, start)?;
    loop {
        // A range or a date with a separator: 11.16–11.22, 1–8月, 12/10.
        if matches!(chars.get(j), Some('–' | '-' | '~' | '/'))
            && let Some(k) = number_end(chars, j + 1)
        {
            j = k;
            continue;
        }
        // Year, month, day: 2026年11月, 4月1日.
        if matches!(chars.get(j), Some('年' | '月'))
            && let Some(k) = number_end(chars, j + 1)
            && matches!(chars.get(k), Some('月' | '日' | '号'))
        {
            j = k;
            continue;
        }
        break;
    }
    if let Some(u) = UNITS.iter().find(|u| starts_with(chars, j, u)) {
        j += u.chars().count();
    }
    Some(j)
}

/// A short bracket kept whole: a person's name of 2–3 ideographs (`（刘洋）`)
/// or a count (`（17天）`). Returns its end.
fn bracket_end(chars: &[char], i: usize) -> Option<usize> {
    let close = match chars.get(i)? {
        '（' => '）',
        '(' => ')',
        _ => return None,
    };
    let inner = i + 1;
    let end = (inner..chars.len().min(inner + 8)).find(|k| chars[*k] == close)?;
    let body = &chars[inner..end];
    let name = (2..=3).contains(&body.len()) && body.iter().all(|c| is_ideograph(*c));
    let count = end - inner <= 6 && quantity_end(chars, inner) == Some(end);
    (name || count).then_some(end + 1)
}

/// The spans (char index ranges) of `chars` that must not break across
/// lines: a number with its unit (`1.47万元`, `35人`, `0.7个百分点`), a
/// promotion (`双11`), a date (`4月1日`, `11.16–11.22`, `12/10`), a name or
/// a short count in brackets (`（刘洋）`, `（17天）`).
pub fn unbreakable(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let prev_word = i > 0 && (chars[i - 1].is_ascii_alphanumeric() || matches!(chars[i - 1], '.' | ','));
        let end = if let Some(e) = bracket_end(chars, i) {
            Some(e)
        } else if matches!(chars[i], '双' | '第') && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
            quantity_end(chars, i + 1)
        } else if !prev_word {
            quantity_end(chars, i)
        } else {
            None
        };
        match end {
            // Only spans with something to keep together: a bare number
            // (`618`, `2,383.6`) is one word to every renderer already.
            Some(e) if e > i + 1 && chars[i..e].iter().any(|c| !c.is_ascii()) => {
                out.push((i, e));
                i = e;
            }
            Some(e) if e > i => i = e,
            _ => i += 1,
        }
    }
    out
}

/// Per char of `chars`: may a line break before it? At a space, around an
/// ideograph, never before a closing mark or after an opening one, never
/// inside a token.
fn break_before(chars: &[char]) -> Vec<bool> {
    let mut ok: Vec<bool> = (0..chars.len())
        .map(|i| {
            i > 0 && {
                let (p, c) = (chars[i - 1], chars[i]);
                (p == ' ' || c == ' ' || is_breakable_anywhere(p) || is_breakable_anywhere(c))
                    && p != WORD_JOINER
                    && c != WORD_JOINER
                    && !NO_BREAK_BEFORE.contains(c)
                    && !NO_BREAK_AFTER.contains(p)
            }
        })
        .collect();
    for (s, e) in unbreakable(chars) {
        for b in ok.iter_mut().take(e).skip(s + 1) {
            *b = false;
        }
    }
    ok
}

/// Width a renderer may add inside a token beyond the font's advances: some
/// (LibreOffice, WPS) put a quarter em between Chinese and Latin or digits.
const AUTOSPACE_EM: f64 = 0.25;

/// The widest piece of `text` that cannot break, in points at `size`: the
/// min-content width a column or a box needs to keep every token whole.
pub fn min_content(text: &str, size: f64, bold: bool) -> f64 {
    let mut widest = 0.0f64;
    for line in text.split('\n') {
        let chars: Vec<char> = line.chars().collect();
        let brk = break_before(&chars);
        let mut piece = 0.0f64;
        for (i, c) in chars.iter().enumerate() {
            if brk[i] {
                widest = widest.max(piece);
                piece = 0.0;
            }
            if *c == ' ' {
                continue;
            }
            piece += char_em(*c, bold) * size;
            let prev = chars[..i].iter().rev().find(|p| !zero_width(**p));
            if !brk[i] && prev.is_some_and(|p| script_seam(*p, *c)) {
                piece += AUTOSPACE_EM * size;
            }
        }
        widest = widest.max(piece);
    }
    widest
}

/// The width of `text` on one line at `size`, measured the wide way (a
/// quarter em at each seam of Chinese and Latin, as [`safe_breaks`] does).
pub fn wide_width(text: &str, size: f64, bold: bool) -> f64 {
    let chars: Vec<char> = text.chars().collect();
    let seams = chars.windows(2).filter(|w| script_seam(w[0], w[1])).count() as f64;
    chars.iter().map(|c| char_em(*c, bold)).sum::<f64>() * size + seams * AUTOSPACE_EM * size
}

/// An ideograph on one side, a Latin letter or digit on the other.
fn script_seam(a: char, b: char) -> bool {
    is_breakable_anywhere(a) && b.is_ascii_alphanumeric() || a.is_ascii_alphanumeric() && is_breakable_anywhere(b)
}

/// A category label under a column or line chart, `slot` points wide at
/// `pt`: one that would not fit its slot breaks before its bracket
/// (`8月（17天）` → `8月` over `（17天）`) rather than where the chart
/// application would break it (`8月（17` over `天）`).
pub fn category_label(label: &str, slot: f64, pt: f64) -> String {
    let width = |t: &str| t.chars().map(|c| char_em(c, false)).sum::<f64>() * pt;
    match label.find('（') {
        Some(at) if at > 0 && !label.contains('\n') && width(label) > slot * 0.85 => {
            // A bracket too wide itself breaks after its comma too:
            // `第44周` over `（10.26–10.31，` over `6天）`, not `…6` over `天）`.
            let bracket = &label[at..];
            let bracket = match bracket.find('，') {
                Some(c) if width(bracket) > slot * 0.85 => format!("{}\n{}", &bracket[..c + 3], &bracket[c + 3..]),
                _ => bracket.to_string(),
            };
            format!("{}\n{bracket}", &label[..at])
        }
        _ => label.to_string(),
    }
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
    let l = layout(para, width, scale, false);
    (l.lines, l.widest)
}

/// Where to break `para` (char positions in its runs' joined text) so that
/// no renderer needs to break it again: the lines are measured the wide way
/// (a quarter em at each seam of Chinese and Latin, and 4% to spare), so each
/// is shorter than `width` in PowerPoint, WPS and LibreOffice alike, and the
/// breaks fall only between tokens. Empty when the text takes one line.
pub fn safe_breaks(para: &ParaToFit, width: f64, scale: f64) -> Vec<usize> {
    layout(para, width, scale, true).breaks
}

/// Where a slide's text box breaks `para` itself: nowhere when it fits on
/// one line, else at [`safe_breaks`].
pub fn wrap_breaks(para: &ParaToFit, width: f64, scale: f64) -> Vec<usize> {
    if lines(para, width, scale).0 <= 1 { Vec::new() } else { safe_breaks(para, width, scale) }
}

/// Number of lines of `para` broken at [`safe_breaks`].
pub fn safe_lines(para: &ParaToFit, width: f64, scale: f64) -> usize {
    layout(para, width, scale, true).lines
}

/// How much wider than the font's advances [`safe_breaks`] measures.
pub const SPARE: f64 = 1.04;

struct Layout {
    lines: usize,
    widest: f64,
    /// Positions where a wrapped line starts (not counting `\n`).
    breaks: Vec<usize>,
}

fn layout(para: &ParaToFit, width: f64, scale: f64, wide: bool) -> Layout {
    let avail = (width - para.indent).max(1.0);
    let mut chars = Vec::new();
    let mut widths = Vec::new();
    for r in &para.runs {
        for c in r.text.chars() {
            let prev = chars.iter().rev().find(|p: &&char| !zero_width(**p));
            let seam = wide && prev.is_some_and(|p| script_seam(*p, c));
            let extra = if seam { AUTOSPACE_EM } else { 0.0 };
            let spare = if wide { SPARE } else { 1.0 };
            chars.push(c);
            widths.push((char_em(c, r.bold) * spare + extra) * r.size * scale);
        }
    }
    let brk = break_before(&chars);
    let mut out = Layout { lines: 1, widest: 0.0, breaks: Vec::new() };
    let mut line = 0.0f64;
    // Greedy wrap over units: an ideograph, a Latin word, a token kept
    // whole (`2,383.6万元`), or a space.
    let flush = |out: &mut Layout, line: &mut f64, word: f64, at: usize| {
        if *line + word > avail && *line > 0.0 {
            out.widest = out.widest.max(*line);
            out.lines += 1;
            out.breaks.push(at);
            *line = 0.0;
        }
        if word > avail {
            // A unit longer than the line breaks anywhere.
            let extra = (word / avail).floor();
            out.lines += extra as usize;
            *line = word - extra * avail;
            out.widest = avail;
        } else {
            *line += word;
        }
    };
    let mut word = 0.0f64;
    let mut start = None;
    for (i, c) in chars.iter().enumerate() {
        if let Some(at) = start
            && (brk[i] || *c == '\n' || *c == ' ')
        {
            flush(&mut out, &mut line, word, at);
            word = 0.0;
            start = None;
        }
        match c {
            '\n' => {
                out.widest = out.widest.max(line);
                out.lines += 1;
                line = 0.0;
            }
            ' ' => {
                if line > 0.0 {
                    line += widths[i];
                }
            }
            _ => {
                word += widths[i];
                start.get_or_insert(i);
            }
        }
    }
    if let Some(at) = start {
        flush(&mut out, &mut line, word, at);
    }
    out.widest = out.widest.max(line);
    out
}

/// Height in points of `para` at `scale` in a box `width` wide: one line
/// when it fits on one, else broken at [`wrap_breaks`] (as the slides
/// write it).
pub fn para_height(para: &ParaToFit, width: f64, scale: f64) -> f64 {
    let size = para.runs.iter().map(|r| r.size).fold(0.0, f64::max).max(1.0) * scale;
    let n = if lines(para, width, scale).0 <= 1 { 1 } else { safe_lines(para, width, scale) };
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
            && paras.iter().all(|p| holds_tokens(p, width, s))
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

/// Is the box wide enough for the widest token of `para` at `scale`?
/// (Flowing text may still break inside one at a line's end: only the
/// renderer knows where its lines end.)
fn holds_tokens(para: &ParaToFit, width: f64, scale: f64) -> bool {
    let avail = width - para.indent;
    para.runs.iter().all(|r| min_content(r.text, r.size * scale, r.bold) <= avail)
}

/// The largest scale ≥ 1 (in steps, at most `max_scale`) at which `paras`
/// take no more than `fill` of `height`: short text in a large box grows
/// rather than leaving the box empty.
pub fn grow(paras: &[ParaToFit], width: f64, height: f64, max_scale: f64, fill: f64, single_line: bool) -> f64 {
    // Not to a size where a paragraph fits one line only by a hair: another
    // application may wrap it where deckgen did not break it.
    let ok = |s: f64| {
        block_height(paras, width, s) <= height * fill
            && (!single_line || paras.iter().all(|p| lines(p, width, s).0 <= 1))
            && paras.iter().all(|p| holds_tokens(p, width, s))
            && (single_line || paras.iter().all(|p| lines(p, width, s).0 == safe_lines(p, width, s)))
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

    fn tokens(s: &str) -> Vec<String> {
        let chars: Vec<char> = s.chars().collect();
        unbreakable(&chars).into_iter().map(|(a, b)| chars[a..b].iter().collect()).collect()
    }

    #[test]
    fn numbers_dates_promotions_and_names_are_tokens() {
        assert_eq!(tokens("3月（1.47万元）"), ["3月", "（1.47万元）"]);
        assert_eq!(tokens("销售额2,383.6万元，日均在岗35人"), ["2,383.6万元", "35人"]);
        assert_eq!(tokens("提升0.7个百分点，首响18.0秒"), ["0.7个百分点", "18.0秒"]);
        assert_eq!(tokens("12月（双12，1,406.6万元）"), ["12月", "双12", "1,406.6万元"]);
        assert_eq!(tokens("晋升：罗凯文（售后组，4月1日）"), ["4月1日"]);
        assert_eq!(tokens("11.16–11.22，12/10，第47周"), ["11.16–11.22", "第47周"]);
        assert_eq!(tokens("负责人（刘洋）（陈晨）"), ["（刘洋）", "（陈晨）"]);
        assert_eq!(tokens("8月（17天）"), ["8月", "（17天）"]);
        assert_eq!(tokens("2026年11月20日截止"), ["2026年11月20日"]);
        // A bare number is one word to every renderer: not a token of its own.
        assert!(tokens("618 2,383.6 Q4").is_empty());
        // A long bracket is not a name.
        assert_eq!(tokens("（售后客服组）"), Vec::<String>::new());
    }

    #[test]
    fn tokens_stay_whole_when_wrapping() {
        // "2,383.6万元" at 10pt is about 55pt: in a 50pt line it cannot
        // move whole, so it is the widest unit, and in 60pt it takes one line.
        let w = min_content("2,383.6万元", 10.0, false);
        assert!(w > 55.0 && w < 62.0, "{w}");
        assert_eq!(lines(&p("销售2,383.6万元", 10.0), w + 20.0, 1.0).0, 1);
        // "日均在岗35人" in a box four ideographs wide: 日均在岗 | 35人.
        let para = p("日均在岗35人", 10.0);
        assert_eq!(lines(&para, 45.0, 1.0), (2, 40.0));
        // A closing mark stays with what it closes.
        assert!(min_content("目标（刘洋）", 10.0, false) >= 40.0);
        assert_eq!(min_content("一二", 10.0, false), 10.0);
    }

    #[test]
    fn a_word_joiner_takes_no_room_and_joins() {
        assert_eq!(char_em(WORD_JOINER, false), 0.0);
        // 一二 joined is one piece, as wide as without the joiner.
        assert_eq!(min_content("一\u{2060}二", 10.0, false), 20.0);
        assert_eq!(min_content("一二", 10.0, false), 10.0);
    }

    #[test]
    fn a_paragraph_is_broken_only_when_it_wraps() {
        // 日均在岗35人 is about 63pt at 10pt: one line in 80pt, no breaks; in
        // 50pt it breaks before the token, not inside it.
        let para = p("日均在岗35人", 10.0);
        assert!(wrap_breaks(&para, 80.0, 1.0).is_empty());
        assert_eq!(wrap_breaks(&para, 50.0, 1.0), [4]);
        // Counted as written: two lines.
        assert!((para_height(&para, 50.0, 1.0) - 2.0 * 10.0 * LINE_EM).abs() < 1e-9);
    }

    #[test]
    fn a_category_label_breaks_before_its_bracket_when_narrow() {
        // 8月（17天） at 10pt is about 61pt.
        assert_eq!(category_label("8月（17天）", 60.0, 10.0), "8月\n（17天）");
        assert_eq!(category_label("8月（17天）", 90.0, 10.0), "8月（17天）");
        assert_eq!(category_label("第三季度", 20.0, 10.0), "第三季度");
        // A bracket wider than its slot breaks after its comma, never inside `6天`.
        assert_eq!(category_label("第44周（10.26–10.31，6天）", 70.0, 10.0), "第44周\n（10.26–10.31，\n6天）");
        assert_eq!(category_label("第44周（10.26–10.31，6天）", 130.0, 10.0), "第44周\n（10.26–10.31，6天）");
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
