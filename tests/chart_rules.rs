//! Charts that say something: rules the engine applies to every chart, user
//! specs included — bars from zero (a narrow band of bars becomes a line),
//! a minimum visible span for lines, both value axes titled with a unit,
//! no label on an empty or too thin stacked segment, categories past the
//! data dropped, labels clear of their own line — and the units of a chart
//! that has both a table (`data:`) and metric series.
//!
//! Each test builds a deck with the real binary and reads the chart XML it
//! wrote with quick-xml (see `common`).

mod common;
use common::*;

fn write(dir: &std::path::Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// The only chart part of a one-slide deck.
fn only_chart(p: &Package) -> String {
    let parts: Vec<&String> =
        p.parts.keys().filter(|k| k.starts_with("ppt/charts/chart") && k.ends_with(".xml")).collect();
    assert_eq!(parts.len(), 1, "{parts:?}");
    p.text(parts[0])
}

/// Builds a spec in a temp dir holding `files`; returns the dir and the deck.
fn deck(files: &[(&str, &str)], yaml: &str) -> (tempfile::TempDir, Package) {
    let dir = tempfile::tempdir().unwrap();
    for (n, t) in files {
        write(dir.path(), n, t);
    }
    let (o, out) = build_text(dir.path(), yaml, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    (dir, p)
}

/// The value axes of a chart: (axPos, title text) in order.
fn value_axes(xml: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find("<c:valAx>") {
        let end = rest[i..].find("</c:valAx>").unwrap() + i;
        let ax = &rest[i..end];
        let pos = elements(ax, "c:axPos")[0]["val"].clone();
        let title = texts(ax, "a:t").concat();
        out.push((pos, title));
        rest = &rest[end..];
    }
    out
}

/// Daily sales in 2026 (the 1st of each month), for a money metric.
fn daily_sales() -> String {
    let mut s = String::from("日期,销售额,接待量\n");
    for m in 1..=12 {
        s.push_str(&format!("2026-{m:02}-01,{},{}\n", 2_000_000 + m * 10_000, 300_000 + m * 1000));
    }
    s
}

/// #14: a chart with both a table's series (`data:`) and a metric series
/// read the metric's unit at the wrong index: the table's counts were taken
/// for money (scaled to 万) and the money series for a bare number.
#[test]
fn a_table_and_a_metric_series_each_keep_their_unit() {
    let mut months = String::from("月份,接待量\n");
    for m in 1..=12 {
        months.push_str(&format!("{m}月,{}\n", 300_000 + m * 1000));
    }
    let yaml = "deck: {title: 测试}\nsources: {g: g.csv, d: d.csv}\nperiod: 2026\n\
                metrics:\n  销售额: {sum: d.销售额, unit: 元}\n\
                slides:\n  - layout: chart\n    title: 接待与销售\n    chart:\n      type: combo\n      \
                data: g[月份, 接待量]\n      series: [{metric: 销售额, name: 销售额, secondary: true}]\n";
    let (_d, p) = deck(&[("g.csv", &months), ("d.csv", &daily_sales())], yaml);
    let xml = only_chart(&p);
    let ser = chart_series(&xml);
    let count = ser.iter().find(|s| s.name == "接待量").unwrap();
    let sales = ser.iter().find(|s| s.name == "销售额").unwrap();
    // Counts as counts (301,000 in January), money in 万 (201.0万 in January).
    assert_eq!(count.vals[0], Some(301_000.0), "{:?}", count.vals);
    assert!((sales.vals[0].unwrap() - 201.0).abs() < 1e-9, "{:?}", sales.vals);
    let axes = value_axes(&xml);
    let right = axes.iter().find(|a| a.0 == "r").expect("a secondary axis");
    assert!(right.1.contains("万元"), "{axes:?}");
    let left = axes.iter().find(|a| a.0 == "l").unwrap();
    assert!(!left.1.contains('万'), "{axes:?}");
}
