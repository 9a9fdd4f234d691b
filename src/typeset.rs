//! Chinese typesetting of every text the deck shows, generated or written
//! in the spec, the workbook or a layout: punctuation next to Chinese is full width
//! (`汇报人:` → `汇报人：`, `首响(秒)` → `首响（秒）`), numbers keep theirs
//! (`1,234.5`, `12:30`), and a period label ending in 年 does not double it
//! (`2026年` + `年度汇报` → `2026年度汇报`).

use crate::model::{Chart, Content, Deck, Rich, Slide, Table, Timeline};

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF)
}

/// Text typeset for a Chinese deck.
pub fn text(s: &str) -> String {
    if !s.chars().any(is_cjk) {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    let brackets = cjk_brackets(&chars);
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = i.checked_sub(1).map(|k| chars[k]);
        let next = chars.get(i + 1).copied();
        let next_seen = chars[i + 1..].iter().copied().find(|c| *c != ' ');
        let digits_around = prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
        let near_cjk = prev.is_some_and(is_cjk)
            || next_seen.is_some_and(is_cjk) && !prev.is_some_and(|p| p.is_ascii_alphanumeric());
        let wide = match c {
            ',' | ':' | ';' if !digits_around && near_cjk => Some(match c {
                ',' => '，',
                ':' => '：',
                _ => '；',
            }),
            '!' | '?' if prev.is_some_and(is_cjk) => Some(if c == '!' { '！' } else { '？' }),
            '(' | ')' if brackets.contains(&i) => Some(if c == '(' { '（' } else { '）' }),
            _ => None,
        };
        match wide {
            Some(w) => {
                // A full-width mark carries its own space.
                while out.ends_with(' ') {
                    out.pop();
                }
                out.push(w);
                while w != '）' && chars.get(i + 1) == Some(&' ') {
                    i += 1;
                }
            }
            None => out.push(c),
        }
        i += 1;
    }
    undouble(&out)
}

/// Positions of ASCII brackets that enclose Chinese, or follow it.
fn cjk_brackets(chars: &[char]) -> Vec<usize> {
    let mut open: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        match c {
            '(' => open.push(i),
            ')' => {
                if let Some(o) = open.pop() {
                    let inside = chars[o + 1..i].iter().any(|c| is_cjk(*c));
                    let before = o.checked_sub(1).is_some_and(|k| is_cjk(chars[k]));
                    if inside || before {
                        out.push(o);
                        out.push(i);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// `2026年年度` → `2026年度`: a year label followed by a word that starts with 年.
fn undouble(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let doubled = chars[i] == '年'
            && chars.get(i + 1) == Some(&'年')
            && chars.get(i + 2) == Some(&'度')
            && i.checked_sub(1).is_some_and(|k| chars[k].is_ascii_digit());
        if !doubled {
            out.push(chars[i]);
        }
        i += 1;
    }
    out
}

fn rich(r: &mut Rich) {
    for p in &mut r.paras {
        // Punctuation may sit at the edge of a run: typeset the paragraph's
        // text, then hand each run its share back.
        let whole: String = p.runs.iter().map(|r| r.text.as_str()).collect();
        let set = text(&whole);
        if set == whole {
            continue;
        }
        if p.runs.len() == 1 {
            p.runs[0].text = set;
            continue;
        }
        for run in &mut p.runs {
            run.text = text(&run.text);
        }
    }
}

fn chart(c: &mut Chart) {
    for t in [&mut c.title, &mut c.center].into_iter().flatten() {
        *t = text(t);
    }
    for a in [&mut c.value_axis, &mut c.secondary_axis, &mut c.category_axis] {
        if let Some(t) = &mut a.title {
            *t = text(t);
        }
    }
    for cat in &mut c.categories {
        *cat = text(cat);
    }
    for s in &mut c.series {
        s.name = text(&s.name);
    }
}

fn table(t: &mut Table) {
    for h in &mut t.header {
        *h = text(h);
    }
    for cell in t.rows.iter_mut().flatten() {
        rich(&mut cell.text);
    }
}

fn timeline(t: &mut Timeline) {
    for r in &mut t.rows {
        r.task = text(&r.task);
        r.owner = text(&r.owner);
    }
}

fn slide(s: &mut Slide) {
    for r in s.texts.values_mut() {
        rich(r);
    }
    for r in s.items.values_mut().flatten().flat_map(|m| m.values_mut()) {
        rich(r);
    }
    for c in s.shapes.values_mut() {
        match c {
            Content::Chart(c) => chart(c),
            Content::Table(t) => table(t),
            Content::Timeline(t) => timeline(t),
            Content::Picture(_) => {}
        }
    }
    if let Some(n) = &mut s.notes {
        *n = text(n);
    }
}

/// Typesets every text of the deck.
pub fn deck(d: &mut Deck) {
    for s in &mut d.slides {
        slide(s);
    }
    for v in d.master_texts.values_mut() {
        *v = text(v);
    }
    for v in [&mut d.meta.title, &mut d.meta.subject] {
        *v = text(v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_next_to_chinese_is_full_width() {
        assert_eq!(text("汇报人:李娜"), "汇报人：李娜");
        assert_eq!(text("汇报人: 李娜"), "汇报人：李娜");
        assert_eq!(text("首响(秒)"), "首响（秒）");
        assert_eq!(text("(万元)"), "（万元）");
        assert_eq!(text("满意率96.1%,同比提升0.3个百分点;目标达成"), "满意率96.1%，同比提升0.3个百分点；目标达成");
        assert_eq!(text("为什么?"), "为什么？");
    }

    #[test]
    fn numbers_and_latin_keep_theirs() {
        assert_eq!(text("销售额1,234.5万元"), "销售额1,234.5万元");
        assert_eq!(text("12:30前回复"), "12:30前回复");
        assert_eq!(text("Linear (trend)"), "Linear (trend)");
        assert_eq!(text("deckgen: 图表"), "deckgen: 图表");
        assert_eq!(text("接待量(万次)"), "接待量（万次）");
        assert_eq!(text("12/12 (70.5万元) 最高"), "12/12（70.5万元） 最高");
    }

    #[test]
    fn a_year_label_does_not_double_its_year() {
        assert_eq!(text("2026年年度汇报"), "2026年度汇报");
        assert_eq!(text("年年有余"), "年年有余");
        assert_eq!(text("2026年年终述职"), "2026年年终述职");
    }
}
