//! The core: a spec becomes a valid package, with the slides, titles, notes
//! and fonts the spec asks for; output is deterministic and atomic.

mod common;
use common::*;
use std::collections::BTreeSet;

fn demo(dir: &std::path::Path) -> Package {
    let out = dir.join("layouts.pptx");
    build(&root().join("decks/layouts.yaml"), &out, &[]);
    Package::open(&out)
}

#[test]
fn every_part_parses_every_relationship_resolves_and_has_a_content_type() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo(dir.path());
    let ct = p.text("[Content_Types].xml");
    let defaults: Vec<String> = elements(&ct, "Default").iter().map(|a| a["Extension"].clone()).collect();
    let overrides: BTreeSet<String> =
        elements(&ct, "Override").iter().map(|a| a["PartName"].trim_start_matches('/').to_string()).collect();
    for (name, bytes) in &p.parts {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            element_names(std::str::from_utf8(bytes).unwrap());
        }
        let ext = name.rsplit('.').next().unwrap();
        assert!(overrides.contains(name) || defaults.iter().any(|d| d == ext), "{name} has no content type");
        for (id, _, target) in p.rels(name) {
            assert!(p.parts.contains_key(&target), "{name} {id} → {target} does not exist");
        }
    }
    // Slide XML parts are never left to the `xml` default.
    for s in p.slides() {
        assert!(overrides.contains(&s), "{s} needs an Override");
    }
}

#[test]
fn slides_titles_and_notes_are_as_specified() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo(dir.path());
    let spec: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(root().join("decks/layouts.yaml")).unwrap()).unwrap();
    let specified = spec["slides"].as_sequence().unwrap();
    let slides = p.slides();
    assert_eq!(slides.len(), specified.len());
    for (i, (s, sp)) in slides.iter().zip(specified).enumerate() {
        let xml = p.text(s);
        let title = match sp["title"].as_str() {
            Some(t) => t.to_string(),
            None => spec["deck"]["title"].as_str().unwrap().to_string(), // the cover shows the deck title
        };
        // The title placeholder holds the title.
        let mut in_title = false;
        let mut found = String::new();
        for line in xml.split("<p:sp>") {
            if line.contains("type=\"title\"") || line.contains("type=\"ctrTitle\"") {
                in_title = true;
                found = texts(&format!("<x>{}</x>", line.split("</p:sp>").next().unwrap()), "a:t").join("");
                break;
            }
        }
        assert!(in_title, "slide {} has no title placeholder", i + 1);
        assert_eq!(found, title, "slide {}", i + 1);
        // Speaker notes.
        let has_notes = p.rels(s).iter().any(|r| r.1 == "notesSlide");
        assert_eq!(has_notes, sp["notes"].is_string(), "notes of slide {}", i + 1);
        if let Some(n) = sp["notes"].as_str() {
            let note = p.rels(s).into_iter().find(|r| r.1 == "notesSlide").unwrap().2;
            assert_eq!(slide_text(&p, &note), n.trim().replace('\n', ""), "slide {} notes", i + 1);
        }
    }
    let app = p.text("docProps/app.xml");
    assert!(app.contains("<Slides>17</Slides>"));
    assert!(texts(&p.text("docProps/core.xml"), "dc:title")[0] == "deckgen 版式一览");
}

#[test]
fn every_run_names_latin_and_east_asian_fonts_and_ids_are_unique() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo(dir.path());
    for (name, bytes) in &p.parts {
        let is_text_part = name.starts_with("ppt/slides/slide")
            || name.starts_with("ppt/charts/chart")
            || name.starts_with("ppt/notesSlides/");
        if !is_text_part || !name.ends_with(".xml") {
            continue;
        }
        let xml = std::str::from_utf8(bytes).unwrap();
        assert_eq!(runs_without_fonts(xml), 0, "{name}: runs without a:latin and a:ea");
        if name.starts_with("ppt/slides/slide") {
            let ids: Vec<String> = elements(xml, "p:cNvPr").iter().map(|a| a["id"].clone()).collect();
            let set: BTreeSet<&String> = ids.iter().collect();
            assert_eq!(ids.len(), set.len(), "{name}: duplicate shape ids");
        }
        let rids: Vec<String> = p.rels(name).into_iter().map(|r| r.0).collect();
        let set: BTreeSet<&String> = rids.iter().collect();
        assert_eq!(rids.len(), set.len(), "{name}: duplicate relationship ids");
    }
}

#[test]
fn the_same_spec_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.pptx"), dir.path().join("b.pptx"));
    build(&root().join("decks/layouts.yaml"), &a, &[]);
    build(&root().join("decks/layouts.yaml"), &b, &[]);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

const SMALL: &str = "deck:\n  title: 小测试\nslides:\n  - layout: bullets\n    title: 要点\n    text: [一, 二]\n";

#[test]
fn four_by_three_and_themes_are_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let (o, out) = build_text(
        dir.path(),
        &SMALL.replace("  title: 小测试\n", "  title: 小测试\n  size: \"4:3\"\n  theme: sunset-red\n"),
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    let sz = elements(&p.text("ppt/presentation.xml"), "p:sldSz");
    assert_eq!(sz[0]["cx"], "9144000");
    assert!(p.text("ppt/theme/theme1.xml").contains("C0392B"), "the red theme");
}

#[test]
fn a_failed_build_leaves_the_existing_output_alone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.pptx"), b"old deck").unwrap();
    let (o, out) = build_text(dir.path(), "deck:\n  title: x\nslides:\n  - layout: nope\n", &[]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&out).unwrap(), b"old deck");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".part"))
        .collect();
    assert!(leftovers.is_empty());
}

/// The deck cannot take its name (here: a folder has that name): a clear
/// error with a hint before anything is built, the thing under that name
/// untouched, no temporary file left.
#[test]
fn a_deck_that_cannot_take_its_name_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let taken = dir.path().join("t.pptx");
    std::fs::create_dir(&taken).unwrap();
    std::fs::write(taken.join("keep.txt"), b"mine").unwrap();
    let spec = dir.path().join("t.yaml");
    std::fs::write(&spec, "deck:\n  title: x\n  output: t.pptx\nslides:\n  - layout: section\n    title: x\n").unwrap();
    let o = deckgen(dir.path(), &["build", "t.yaml", "-o", &format!("{}/", dir.path().display())]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("t.pptx` is a folder, not a file") && err.contains("hint: give a path"), "{err}");
    assert_eq!(std::fs::read(taken.join("keep.txt")).unwrap(), b"mine");
    let names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| !n.ends_with(".part")), "{names:?}");
}

#[test]
fn a_killed_build_leaves_no_partial_output() {
    // Kill builds at several moments; whatever is left at the output path
    // is either nothing or a complete deck.
    let dir = tempfile::tempdir().unwrap();
    let spec = root().join("decks/layouts.yaml");
    for delay_ms in [0u64, 5, 15, 40, 80] {
        let out = dir.path().join(format!("k{delay_ms}.pptx"));
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_deckgen"))
            .args(["build", spec.to_str().unwrap(), "-o", out.to_str().unwrap()])
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        if out.exists() {
            let p = Package::open(&out);
            assert!(p.parts.contains_key("ppt/presentation.xml"));
            assert_eq!(p.slides().len(), 17);
        }
    }
}

#[test]
fn layouts_and_schema_commands() {
    let o = deckgen(&root(), &["layouts"]);
    assert!(o.status.success());
    let s = String::from_utf8_lossy(&o.stdout);
    // Every slide layout in layouts/ (the files at the top; master/ and
    // themes/ hold the rest), read from the folder, not from the code.
    let mut names: Vec<String> = std::fs::read_dir(root().join("layouts"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".xml").map(str::to_string))
        .collect();
    names.sort();
    assert!(names.len() >= 15 && names.iter().any(|n| n == "kpis"), "{names:?}");
    for l in &names {
        assert!(s.lines().any(|x| x == l), "layout {l} listed");
    }
    assert!(s.contains("each item: label, value, change, note"));
    let o = deckgen(&root(), &["schema"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert!(v["properties"]["slides"].is_object());
    assert_eq!(v["additionalProperties"], serde_json::Value::Bool(false));
}

#[test]
fn a_layouts_folder_adds_and_overrides_layouts() {
    let dir = tempfile::tempdir().unwrap();
    let ld = dir.path().join("my-layouts");
    std::fs::create_dir(&ld).unwrap();
    // A custom layout with its own token, made from the built-in bullets layout.
    let bullets = std::fs::read_to_string(root().join("layouts/bullets.xml")).unwrap();
    std::fs::write(ld.join("quote.xml"), bullets.replace("{{text}}", "{{quote}} —— {{who}}")).unwrap();
    let yaml = "deck:\n  title: x\n  layouts: my-layouts\nslides:\n  - layout: quote\n    title: 客户说\n    slots: {quote: 发货很快, who: 张女士}\n";
    let (o, out) = build_text(dir.path(), yaml, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    assert!(slide_text(&p, &p.slides()[0]).contains("发货很快 —— 张女士"));
    // A token split over two runs is an error naming the layout.
    std::fs::write(
        ld.join("quote.xml"),
        bullets.replace("{{text}}", "{{quo</a:t></a:r><a:r><a:rPr lang=\"zh-CN\"/><a:t>te}}"),
    )
    .unwrap();
    let (o, _) = build_text(dir.path(), yaml, &[]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("layout `quote`") && e.contains("split across text runs"), "{e}");
}

#[test]
fn long_titles_shrink_to_fit() {
    let dir = tempfile::tempdir().unwrap();
    let title = "这是一个特别特别长的标题".repeat(6);
    let (o, out) = build_text(dir.path(), &SMALL.replace("title: 要点", &format!("title: {title}")), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    let xml = p.text(&p.slides()[0]);
    let title_sp = xml.split("<p:sp>").find(|s| s.contains("type=\"title\"")).unwrap();
    let sizes: Vec<u32> = elements(&format!("<x>{}</x>", title_sp.split("</p:sp>").next().unwrap()), "a:rPr")
        .iter()
        .map(|a| a["sz"].parse().unwrap())
        .collect();
    assert!(sizes.iter().all(|s| *s < 2400 && *s >= 1400), "{sizes:?}");
}
