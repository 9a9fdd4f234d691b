//! Running text never breaks inside a number with its unit, a date, 双11 or
//! a name in brackets: the engine breaks each wrapping paragraph itself
//! (`a:br`) between tokens, so no renderer has to. Checked on the lines as
//! written, with a reading of tokens of its own.

mod common;
use common::*;
use quick_xml::events::Event;
use quick_xml::reader::Reader;

/// The paragraphs of a slide, each as its lines (split at `a:br`).
fn lines(xml: &str) -> Vec<Vec<String>> {
    let mut r = Reader::from_str(xml);
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut in_t = false;
    loop {
        match r.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().as_ref() == "a:p" => out.push(vec![String::new()]),
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "a:br" => {
                if let Some(p) = out.last_mut() {
                    p.push(String::new());
                }
            }
            Event::Start(e) if e.name().as_ref() == "a:t" => in_t = true,
            Event::End(e) if e.name().as_ref() == "a:t" => in_t = false,
            Event::Text(t) if in_t => {
                if let Some(l) = out.last_mut().and_then(|p| p.last_mut()) {
                    l.push_str(&t.xml10_content());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn ideograph(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Why a line ending in `a` followed by one starting with `b` splits a token, if it does.
fn split_token(a: &str, b: &str) -> Option<&'static str> {
    let a = a.trim_end();
    let (x, y) = (a.chars().last()?, b.chars().next()?);
    // `双11` is whole before `预售`.
    let promotion = a.trim_end_matches(|c: char| c.is_ascii_digit()).ends_with('双');
    if x.is_ascii_digit() && ideograph(y) && !promotion {
        return Some("a number from its unit");
    }
    if x == '双' && y.is_ascii_digit() {
        return Some("双 from its number");
    }
    if x == '万' && a.chars().rev().nth(1).is_some_and(|c| c.is_ascii_digit()) && "元人次件单".contains(y) {
        return Some("万 from its unit");
    }
    if x == '月' && y.is_ascii_digit() && b.trim_start_matches(|c: char| c.is_ascii_digit()).starts_with('日') {
        return Some("a month from its day");
    }
    // A name in brackets: `（刘` + `洋）`.
    let head: String = a.chars().rev().take_while(|c| ideograph(*c)).collect();
    let tail: String = b.chars().take_while(|c| ideograph(*c)).collect();
    let opened = a.trim_end_matches(ideograph).ends_with('（');
    let closed = b[tail.len()..].starts_with('）');
    if opened && closed && (2..=3).contains(&(head.chars().count() + tail.chars().count())) {
        return Some("a name in brackets");
    }
    None
}

/// Every place in `xml` where a line break splits a token, and the number of
/// line breaks and of those between two ideographs.
fn check(xml: &str) -> (Vec<String>, usize, usize) {
    let mut bad = Vec::new();
    let (mut breaks, mut plain) = (0, 0);
    for p in lines(xml) {
        for w in p.windows(2) {
            breaks += 1;
            let (x, y) = (w[0].trim_end().chars().last(), w[1].chars().next());
            if x.is_some_and(ideograph) && y.is_some_and(ideograph) {
                plain += 1;
            }
            if let Some(why) = split_token(&w[0], &w[1]) {
                bad.push(format!("{why}: {:?} | {:?}", w[0], w[1]));
            }
        }
    }
    (bad, breaks, plain)
}

#[test]
fn the_checker_sees_split_tokens() {
    for (a, b) in [
        ("日均在岗33.9", "人"),
        ("（双", "11，22,136次）"),
        ("资损1.47万", "元）"),
        ("负责人（刘", "洋）"),
        ("4月", "1日"),
    ] {
        assert!(split_token(a, b).is_some(), "{a} | {b}");
    }
    for (a, b) in [("日均在岗", "33.9人"), ("同比增", "长6.6%"), ("（刘洋）", "负责")] {
        assert!(split_token(a, b).is_none(), "{a} | {b}");
    }
}

#[test]
fn tokens_stay_whole_in_text_boxes() {
    // Tokens at every offset of a narrow column, so some would fall at a
    // line's end.
    let dir = tempfile::tempdir().unwrap();
    let mut left = String::new();
    let mut right = String::new();
    for k in 0..5 {
        let pad = "客服团队".chars().cycle().take(k).collect::<String>();
        left.push_str(&format!(
            "      - {pad}本周日均在岗33.9人，负责人（刘洋），截止4月1日完成；日均在岗35人，负责人（陈晨）\n"
        ));
        right
            .push_str(&format!("      - {pad}双11当天接待22,136次，资损1.47万元，同比增长6.6%；双12当天接待471.0次\n"));
    }
    // Plain prose still breaks between any two ideographs.
    left.push_str(&format!("      - {}\n", "客服团队持续优化服务流程".repeat(5)));
    let yaml = format!(
        "deck: {{title: 断行}}\nslides:\n  - layout: two-columns\n    title: 断行\n    left_title: 左\n    left:\n{left}    right_title: 右\n    right:\n{right}"
    );
    let (o, out) = build_text(dir.path(), &yaml, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    let xml = p.text(&p.slides()[0]);
    let (bad, breaks, plain) = check(&xml);
    assert!(bad.is_empty(), "{bad:#?}");
    // The paragraphs wrap, and ordinary text still breaks between ideographs.
    assert!(breaks >= 10, "{breaks} line breaks");
    assert!(plain >= 2, "{plain} breaks between ideographs");
    // The text is all there, in order.
    let text = paragraphs(&xml).join("\n");
    assert_eq!(text.matches("本周日均在岗33.9人，负责人（刘洋），截止4月1日完成").count(), 5);
}

#[test]
fn the_shipped_decks_break_no_token() {
    let dir = tempfile::tempdir().unwrap();
    let mut total = 0;
    for (spec, extra) in [
        ("decks/weekly.yaml", &[][..]),
        ("decks/weekly.yaml", &["--period", "2026-W46"][..]),
        ("decks/monthly.yaml", &[][..]),
    ] {
        let out = dir.path().join("d.pptx");
        build(std::path::Path::new(spec), &out, extra);
        let p = Package::open(&out);
        for s in p.slides() {
            let (bad, breaks, _) = check(&p.text(&s));
            assert!(bad.is_empty(), "{spec} {extra:?} {s}: {bad:#?}");
            total += breaks;
        }
    }
    assert!(total > 50, "{total} line breaks in the decks");
}
