//! Inputs at the edges that must still give a clean deck.

mod common;
use common::*;

#[test]
fn control_characters_are_dropped_and_emoji_kept() {
    let dir = tempfile::tempdir().unwrap();
    // \u0001 and \u000B are illegal in XML 1.0; YAML passes them through in double quotes.
    let yaml = "deck:\n  title: \"控制\\u0001字符\"\nslides:\n  - layout: bullets\n    title: \"表情 😀 与 \\u000B 控制符 <&>\"\n    text: [\"好评 👍 \\u0007 继续\"]\n";
    let (o, out) = build_text(dir.path(), yaml, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    let s = p.text(&p.slides()[0]);
    element_names(&s);
    let text = slide_text(&p, &p.slides()[0]);
    assert!(text.contains("表情 😀 与  控制符 <&>"), "{text}");
    assert!(text.contains("好评 👍  继续"), "{text}");
    assert!(!s.contains('\u{1}') && !s.contains('\u{b}') && !s.contains('\u{7}'));
    assert!(p.text("docProps/core.xml").contains("控制字符"));
}

#[test]
fn a_2000_character_paragraph_is_fitted_into_its_box() {
    let dir = tempfile::tempdir().unwrap();
    let para = "客服团队围绕询单转化与响应时效持续改进,".repeat(100);
    assert!(para.chars().count() >= 2000);
    let yaml =
        format!("deck:\n  title: 长段落\nslides:\n  - layout: bullets\n    title: 很长的一段\n    text: \"{para}\"\n");
    let (o, out) = build_text(dir.path(), &yaml, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    let xml = p.text(&p.slides()[0]);
    let body = xml.split("<p:sp>").find(|s| s.contains("name=\"Body\"")).unwrap();
    let sizes: Vec<u32> = elements(&format!("<x>{}</x>", body.split("</p:sp>").next().unwrap()), "a:rPr")
        .iter()
        .map(|a| a["sz"].parse().unwrap())
        .collect();
    // Shrunk from 18pt, never below 8pt.
    assert!(!sizes.is_empty() && sizes.iter().all(|s| (800..1800).contains(s)), "{sizes:?}");
    // Either all the text is there, or a warning says what was cut.
    let shown: usize = slide_text(&p, &p.slides()[0]).chars().count();
    if shown < para.chars().count() {
        assert!(stderr(&o).contains("too long for its box"), "{}", stderr(&o));
        assert!(slide_text(&p, &p.slides()[0]).contains('…'));
    }
}

#[test]
fn a_300_row_table_continues_over_slides_that_each_fit() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = String::new();
    for i in 1..=300 {
        rows.push_str(&format!("        - [客服{i:03}, 售前A组, {}, {}.{}%]\n", 1000 + i * 7, 30 + i % 10, i % 10));
    }
    let yaml = format!(
        "deck:\n  title: 长表格\nslides:\n  - layout: table\n    title: 客服明细\n    conclusion: 共300名客服。\n    notes: 表格很长。\n    table:\n      columns: [客服, 小组, 接待量, 转化率]\n      rows:\n{rows}"
    );
    let (o, out) = build_text(dir.path(), &yaml, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    let slides = p.slides();
    assert!(slides.len() > 5, "{} slides", slides.len());
    let mut data_rows = 0;
    for (i, s) in slides.iter().enumerate() {
        let xml = p.text(s);
        let rows = elements(&xml, "a:tr");
        data_rows += rows.len() - 1; // each page repeats the header
        let header = texts(&xml, "a:t");
        assert!(header.contains(&"客服".to_string()), "slide {} repeats the header", i + 1);
        // The table frame ends above the footer (7.05 in).
        let frame = xml.split("<p:graphicFrame>").nth(1).unwrap();
        let xfrm = format!("<x>{}</p:xfrm></x>", frame.split("</p:xfrm>").next().unwrap());
        let off = &elements(&xfrm, "a:off")[0];
        let ext = &elements(&xfrm, "a:ext")[0];
        let bottom: i64 = off["y"].parse::<i64>().unwrap() + ext["cy"].parse::<i64>().unwrap();
        assert!(bottom <= (7.05 * 914400.0) as i64, "slide {}: table reaches {bottom}", i + 1);
        let title = texts(&xml, "a:t").join("");
        if i > 0 {
            assert!(title.contains("（续"), "slide {} is marked as a continuation", i + 1);
        }
        // The conclusion is on the last page only; notes on the first only.
        assert_eq!(title.contains("共300名客服"), i + 1 == slides.len());
        assert_eq!(p.rels(s).iter().any(|r| r.1 == "notesSlide"), i == 0);
    }
    assert_eq!(data_rows, 300);
}
