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

/// The run sizes (`sz`, hundredths of a point) of each shape named `name`.
fn sizes(xml: &str, name: &str) -> Vec<Vec<i64>> {
    xml.split(&format!("name=\"{name}\""))
        .skip(1)
        .map(|s| {
            let shape = &s[..s.find("</p:sp>").unwrap()];
            shape
                .split("<a:r>")
                .skip(1)
                .filter_map(|r| {
                    let v = &r[r.find("sz=\"")? + 4..];
                    v[..v.find('"')?].parse().ok()
                })
                .collect()
        })
        .collect()
}

#[test]
fn cards_side_by_side_keep_one_text_size() {
    // The middle card's first line is long: it could not grow as far as its
    // neighbours. All three end at the same size, and all still spread.
    let dir = tempfile::tempdir().unwrap();
    let yaml = "deck: {title: 卡片}\nslides:\n  - layout: cards\n    title: 卡片\n    cards:\n      - {title: 提升转化, text: [尺码助手上线，推荐准确率达90%, 大促话术演练与考核, 转化TOP奖每月评选]}\n      - {title: 提效降本, text: [机器人接待占比再提升3个百分点, 新人3周独立上岗, 工作量单价下降10%]}\n      - {title: 服务体验, text: [中差评48小时内回访, 售后退款审核4小时完成, DSR服务态度逐月提升]}\n";
    let (o, out) = build_text(dir.path(), yaml, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    let xml = p.text(&p.slides()[0]);
    let cards = sizes(&xml, "Card Body");
    assert_eq!(cards.len(), 3, "{cards:?}");
    let all: Vec<i64> = cards.iter().flatten().copied().collect();
    assert!(all.len() >= 9 && all.iter().all(|s| *s == all[0]), "one size for every card: {cards:?}");
    assert_eq!(spacing(&xml, "Card Body").len(), 2, "the first card, brought down to the others' size, still spreads");
}
