//! Choice fields (`size`, `better`, `sort`, `legend`, label `position`,
//! `align`…) are enums of the spec: `deckgen schema` lists their values for
//! editors, a wrong value is an error naming the place and the choices, and
//! every spelling users write today (aliases included) still builds.

mod common;
use common::*;

/// The `enum` of a property in the schema, following `$ref`/`anyOf` and
/// map values; panics when the property has none.
fn values(schema: &serde_json::Value, def: &str, prop: &str) -> Vec<String> {
    let p = &schema["$defs"][def]["properties"][prop];
    let p = if p["additionalProperties"].is_object() { &p["additionalProperties"] } else { p };
    let list = p["enum"].as_array().unwrap_or_else(|| panic!("{def}.{prop} lists no values: {p}"));
    list.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()
}

#[test]
fn the_schema_lists_the_values_of_choice_fields() {
    let o = deckgen(&root(), &["schema"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let deck_size = s["properties"]["deck"]["$ref"].as_str().map(|_| values(&s, "DeckSpec", "size"));
    assert_eq!(deck_size, Some(vec!["16:9".into(), "wide".into(), "4:3".into(), "standard".into()]));
    for (def, prop, want) in [
        ("MetricSpec", "better", &["higher", "lower", "none", "越低越好"][..]),
        ("ChartSpec", "sort", &["desc", "asc", "降序", "升序"]),
        ("ChartSpec", "legend", &["bottom", "top", "right", "left", "none"]),
        ("ChartSpec", "scale", &["万", "none"]),
        ("LabelSpec", "position", &["outside", "inside", "center", "above", "below", "best"]),
        ("TableSpec", "align", &["left", "center", "right"]),
        ("TableDef", "empty", &["skip", "zero", "error"]),
        ("ImageSpec", "fit", &["contain", "cover"]),
        ("SeriesSpec", "type", &["column", "line", "area"]),
    ] {
        let got = values(&s, def, prop);
        for w in want {
            assert!(got.iter().any(|g| g == w), "{def}.{prop}: {w} missing from {got:?}");
        }
    }
}

const DECK: &str = "deck:\n  title: x\n";

#[test]
fn a_wrong_choice_names_the_place_and_the_choices() {
    let dir = tempfile::tempdir().unwrap();
    // A metric in a flow map: the place is the value itself (line 4, column 40).
    let yaml = format!("{DECK}metrics:\n  首响: {{avg: d.首响, unit: 秒, better: lowr}}\nslides: []\n");
    let line4 = yaml.lines().nth(3).unwrap();
    let col = line4[..line4.find("lowr").unwrap()].chars().count() + 1;
    let (o, _) = build_text(dir.path(), &yaml, &[]);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(e.contains("unknown value `lowr` in `metrics.首响.better`"), "{e}");
    assert!(e.contains(&format!("t.yaml:4:{col}")), "{e}");
    assert!(e.contains("did you mean `lower`?"), "{e}");
    assert!(e.contains("expected one of: higher, lower, none"), "{e}");

    // A chart in block style.
    let yaml = format!(
        "{DECK}slides:\n  - layout: chart\n    title: t\n    chart:\n      type: column\n      categories: [a, b]\n      series: [{{name: s, values: [1, 2]}}]\n      legend: middle\n"
    );
    let (o, _) = build_text(dir.path(), &yaml, &[]);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(e.contains("unknown value `middle` in `slides[0].chart.legend`"), "{e}");
    assert!(e.contains("t.yaml:10:15"), "{e}");
    assert!(e.contains("expected one of: bottom, top, right, left, none"), "{e}");
}

#[test]
fn the_spellings_of_today_still_build() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = "deck:\n  title: x\n  size: 4:3\n  colors: cn-stock\nslides:\n  - layout: chart\n    title: t\n    chart:\n      type: column\n      categories: [a, b, c]\n      series: [{name: s, values: [1, 3, 2], labels: {show: value, position: top}}]\n      sort: 降序\n      legend: off\n      scale: 无\n  - layout: table\n    title: t\n    table:\n      columns: [名称, 数量]\n      rows: [[a, 1], [b, 2]]\n      align: {名称: c, 数量: l}\n";
    let (o, out) = build_text(dir.path(), yaml, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    // 4:3 is 10 × 7.5 inches.
    let sz = elements(&p.text("ppt/presentation.xml"), "p:sldSz");
    assert_eq!(sz[0]["cx"], "9144000", "{sz:?}");
    let charts = slide_charts(&p, &p.slides()[0]);
    let chart = p.text(&charts[0]);
    // 降序: the categories by value, largest first (after the series name);
    // `off`: no legend; `top` (above): outside the end of a column.
    assert_eq!(texts(&chart, "c:v").iter().skip(1).take(3).cloned().collect::<Vec<_>>(), ["b", "c", "a"], "{chart}");
    assert!(!chart.contains("<c:legend>"), "{chart}");
    assert!(elements(&chart, "c:dLblPos").iter().any(|e| e["val"] == "outEnd"), "{chart}");
    // `c` centres the first column, `l` puts the numbers left.
    let table = p.text(&format!("ppt/slides/{}", p.slides()[1].rsplit('/').next().unwrap()));
    let algn: Vec<String> = elements(&table, "a:pPr").iter().filter_map(|e| e.get("algn").cloned()).collect();
    assert!(algn.iter().any(|a| a == "ctr"), "{algn:?}");
    assert!(!algn.iter().any(|a| a == "r"), "{algn:?}");
}
