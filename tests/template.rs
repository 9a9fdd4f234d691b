//! deckgen's decks in a company's template (`deck.template`): the annual
//! deck in PowerPoint's default template (python-pptx's specimen) and in a
//! corporate design saved by LibreOffice, and template layouts named by a
//! spec (`layout: "模板:标题和内容"`). Checked against the template file read
//! here on its own.

mod common;
use common::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The annual spec with `template:` added and its paths made absolute, built in `dir`.
fn annual_in(dir: &Path, template: &Path) -> Package {
    let decks = root().join("decks");
    let spec = std::fs::read_to_string(decks.join("annual.yaml")).unwrap();
    let spec = spec
        .replacen("deck:\n", &format!("deck:\n  template: {}\n", template.display()), 1)
        .replace(" data/", &format!(" {}/data/", decks.display()))
        .replace(" assets/", &format!(" {}/assets/", decks.display()));
    let (o, path) = build_text(dir, &spec, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    Package::open(&path)
}

fn specimen(name: &str) -> PathBuf {
    root().join("tests/specimens").join(name)
}

/// `(x, y, cx, cy)` of every `a:off` and the `a:ext` after it, in a piece of XML.
fn rects(xml: &str) -> Vec<(i64, i64, i64, i64)> {
    let attr = |tag: &str, k: &str| -> i64 {
        tag.split(&format!(" {k}=\"")).nth(1).unwrap().split('"').next().unwrap().parse().unwrap()
    };
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find("<a:off ") {
        let off = &rest[i..i + rest[i..].find('>').unwrap()];
        let after = &rest[i..];
        let j = after.find("<a:ext ").unwrap();
        let ext = &after[j..j + after[j..].find('>').unwrap()];
        out.push((attr(off, "x"), attr(off, "y"), attr(ext, "cx"), attr(ext, "cy")));
        rest = &after[j..];
    }
    out
}

/// The `p:cSld/@name` of the layout a slide sits on, and that layout's part.
fn layout_of(p: &Package, slide: &str) -> (String, String) {
    let l = p.rels(slide).into_iter().find(|r| r.1 == "slideLayout").unwrap().2;
    let name = elements(&p.text(&l), "p:cSld")[0].get("name").cloned().unwrap_or_default();
    (name, l)
}

#[test]
fn the_annual_deck_in_powerpoints_default_template() {
    let dir = tempfile::tempdir().unwrap();
    let tpl_path = specimen("default-template.pptx");
    let p = annual_in(dir.path(), &tpl_path);
    let t = Package::open(&tpl_path);
    // 38 slides, and on 4:3 the chain table (23) continues on one more.
    assert_eq!(p.slides().len(), 39);
    // The template's slide size (4:3), master and layouts, byte for byte.
    let size = |x: &Package| elements(&x.text("ppt/presentation.xml"), "p:sldSz")[0].clone();
    assert_eq!(size(&p), size(&t));
    let (cx, cy): (i64, i64) = (size(&t)["cx"].parse().unwrap(), size(&t)["cy"].parse().unwrap());
    assert_eq!((cx, cy), (9_144_000, 6_858_000));
    for (name, data) in &t.parts {
        if name.starts_with("ppt/slideMasters/slideMaster") || name.starts_with("ppt/slideLayouts/slideLayout") {
            assert_eq!(p.parts.get(name), Some(data), "{name}");
        }
    }
    // Its theme: the colours and the Latin fonts; the empty East Asian font is the template's 宋体 for Hans.
    let theme = p.text("ppt/theme/theme1.xml");
    let tt = t.text("ppt/theme/theme1.xml");
    for c in ["accent1", "accent2", "dk2"] {
        let of = |x: &str| x[x.find(&format!("<a:{c}>")).unwrap()..].split("val=\"").nth(1).unwrap()[..6].to_string();
        assert_eq!(of(&theme), of(&tt), "{c}");
    }
    assert_eq!(elements(&theme, "a:latin")[0], elements(&tt, "a:latin")[0]);
    assert_eq!(elements(&theme, "a:ea")[0]["typeface"], "宋体");
    // Cover, sections and content slides on the template's own layouts.
    let slides = p.slides();
    assert_eq!(layout_of(&p, &slides[0]).0, "Title Slide");
    assert_eq!(layout_of(&p, &slides[2]).0, "Section Header");
    assert_eq!(layout_of(&p, &slides[5]).0, "Title Only");
    // Content titles sit where the template's master puts titles; everything fits on the 4:3 slide.
    let title_rect = (457_200, 274_638, 8_229_600, 1_143_000);
    let mut content = 0;
    for s in &slides {
        let xml = p.text(s);
        if layout_of(&p, s).0 == "Title Only" {
            let at = xml.find("type=\"title\"").unwrap_or_else(|| panic!("{s} has no title"));
            assert_eq!(rects(&xml[at..])[0], title_rect, "{s}");
            content += 1;
        }
        for (x, y, w, h) in rects(&xml) {
            assert!(
                x >= 0 && y >= 0 && x + w <= cx + 12_700 && y + h <= cy + 12_700,
                "{s}: {x},{y} {w}x{h} off the slide"
            );
        }
    }
    assert!(content >= 30, "{content} content slides");
    // deckgen's own master is gone: every master and layout in the deck is the template's.
    let masters: BTreeSet<&String> = p.parts.keys().filter(|n| n.starts_with("ppt/slideMasters/slideMaster")).collect();
    let theirs: BTreeSet<&String> = t.parts.keys().filter(|n| n.starts_with("ppt/slideMasters/slideMaster")).collect();
    assert_eq!(masters, theirs);
}

#[test]
fn the_annual_deck_in_a_corporate_design_saved_by_libreoffice() {
    let dir = tempfile::tempdir().unwrap();
    let tpl_path = specimen("lo-corporate.pptx");
    let p = annual_in(dir.path(), &tpl_path);
    let t = Package::open(&tpl_path);
    let slides = p.slides();
    // The template's content area is smaller than deckgen's: a table may go
    // on to a second slide (培训与激励, the missed targets' table, next
    // year's targets: （续1）), never be cut.
    assert!((38..=41).contains(&slides.len()), "{}", slides.len());
    // LibreOffice keeps its title and content designs on two masters; its
    // sample slides say which is which.
    let master_of =
        |pkg: &Package, layout: &str| pkg.rels(layout).into_iter().find(|r| r.1 == "slideMaster").unwrap().2;
    let sample = |k: usize| master_of(&t, &layout_of(&t, &t.slides()[k]).1);
    let (cover, content) = (sample(0), sample(1));
    assert_ne!(cover, content);
    assert_eq!(master_of(&p, &layout_of(&p, &slides[0]).1), cover);
    for s in slides.iter().filter(|s| !slide_charts(&p, s).is_empty()) {
        let (name, l) = layout_of(&p, s);
        assert_eq!((name.as_str(), master_of(&p, &l)), ("Title Only", content.clone()), "{s}");
    }
    // The logo on both masters is the template's picture.
    let logo = t.parts.iter().find(|(n, _)| n.starts_with("ppt/media/")).unwrap();
    assert!(p.parts.values().any(|d| d == logo.1), "the template's logo");
    // LibreOffice's masters give two shapes one id; the deck's do not.
    for (name, data) in p.parts.iter().filter(|(n, _)| n.starts_with("ppt/slideMasters/") && n.ends_with(".xml")) {
        let ids: Vec<String> =
            elements(&String::from_utf8_lossy(data), "p:cNvPr").iter().map(|a| a["id"].clone()).collect();
        let unique: BTreeSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{name}");
    }
    let size = |x: &Package| elements(&x.text("ppt/presentation.xml"), "p:sldSz")[0].clone();
    assert_eq!(size(&p), size(&t));
}

#[test]
fn a_spec_fills_the_templates_own_layouts_by_placeholder() {
    let dir = tempfile::tempdir().unwrap();
    let spec = format!(
        r#"deck:
  title: 模板版式
  template: {}
slides:
  - layout: "模板:标题和内容"
    title: 本周要点
    text: [销售额环比提升, 转化率达标]
  - layout: "模板:Title and Content"
    title: 每日销售额
    chart:
      type: column
      categories: [周一, 周二, 周三]
      series: [{{name: 销售额, values: [1, 2, 3]}}]
  - layout: "模板:两栏内容"
    title: 左右
    text: 左边
    slots: {{text2: 右边}}
"#,
        specimen("default-template.pptx").display()
    );
    let (o, path) = build_text(dir.path(), &spec, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&path);
    let s = p.slides();
    // Slide 1: title and bullets in the layout's title and body placeholders.
    let xml = p.text(&s[0]);
    assert_eq!(layout_of(&p, &s[0]).0, "Title and Content");
    let phs: Vec<_> = elements(&xml, "p:ph");
    assert_eq!(phs[0].get("type").map(String::as_str), Some("title"));
    assert_eq!(phs[1].get("idx").map(String::as_str), Some("1"));
    assert_eq!(paragraphs(&xml)[..3], ["本周要点", "销售额环比提升", "转化率达标"]);
    // Slide 2: the chart where the layout's content placeholder is (the master's body).
    let xml = p.text(&s[1]);
    assert_eq!(slide_charts(&p, &s[1]).len(), 1);
    let frame = &xml[xml.find("<p:graphicFrame").unwrap()..];
    assert_eq!(rects(frame)[0], (457_200, 1_600_200, 8_229_600, 4_525_963));
    // Slide 3: two content placeholders, `text` and `text2`.
    assert_eq!(layout_of(&p, &s[2]).0, "Two Content");
    let text = paragraphs(&p.text(&s[2]));
    assert!(text.contains(&"左边".to_string()) && text.contains(&"右边".to_string()), "{text:?}");
}

#[test]
fn a_deck_in_a_template_is_the_same_bytes_every_time() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    annual_in(a.path(), &specimen("lo-corporate.pptx"));
    annual_in(b.path(), &specimen("lo-corporate.pptx"));
    assert_eq!(std::fs::read(a.path().join("t.pptx")).unwrap(), std::fs::read(b.path().join("t.pptx")).unwrap());
}
