//! A few items do not leave the lower half of their box empty: they grow
//! and move apart; a full box keeps the layout's spacing.

mod common;
use common::*;

/// The `a:spcPts` of each `a:spcBef` in the shape named `name`, in order.
fn spacing(xml: &str, name: &str) -> Vec<i64> {
    let at = xml.find(&format!("name=\"{name}\"")).unwrap_or_else(|| panic!("no shape {name}"));
    let shape = &xml[at..at + xml[at..].find("</p:sp>").unwrap()];
    let body = &shape[shape.find("</a:lstStyle>").unwrap_or(0)..];
    body.split("<a:spcBef>")
        .skip(1)
        .map(|s| {
            let v = &s[s.find("val=\"").unwrap() + 5..];
            v[..v.find('"').unwrap()].parse().unwrap()
        })
        .collect()
}

#[test]
fn few_bullets_spread_over_their_column() {
    let dir = tempfile::tempdir().unwrap();
    let many: String =
        (1..=12).map(|i| format!("      - 第{i}项事项的说明文字，写得比较长以便占满一行还多一些\n")).collect();
    let yaml = format!(
        "deck: {{title: 疏密}}\nslides:\n  - layout: two-columns\n    title: 疏密\n    left_title: 少\n    left: [第一项, 第二项, 第三项]\n    right_title: 多\n    right:\n{many}"
    );
    let (o, out) = build_text(dir.path(), &yaml, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    let xml = p.text(&p.slides()[0]);
    // The layout puts 8 pt before each bullet (`spcPts val="800"`).
    let layout = std::fs::read_to_string(root().join("layouts/two-columns.xml")).unwrap();
    assert!(layout.contains("<a:spcPts val=\"800\"/>"));
    // Three short bullets: the second and third stand further apart, by at most a line.
    let left = spacing(&xml, "Left Body");
    assert_eq!(left.len(), 2, "{left:?}");
    assert!(left.iter().all(|v| *v > 1600 && *v < 800 + 4000), "{left:?}");
    // Twelve long ones keep the layout's spacing (none written per paragraph).
    assert!(spacing(&xml, "Right Body").is_empty());
}
