//! Data binding over the committed workbooks in tests/fixtures/: the same
//! table as .xlsx (title row, merged two-row headers, formula cells, notes
//! rows), .ods, .xls, GBK CSV and UTF-8 CSV with BOM gives the same numbers,
//! and those equal the figures computed here from the CSV independently.

mod common;
use common::*;
use deckgen::data::period::{Grain, Period};
use deckgen::metric::{Metrics, Scope};
use deckgen::pipeline;
use deckgen::resolve::Options;

/// (year, month, shop sales, inquiries, orders, first response) from the GBK CSV, read here.
fn truth() -> Vec<(i32, u32, f64, f64, f64, f64)> {
    let bytes = std::fs::read(root().join("tests/fixtures/kpi-gbk.csv")).unwrap();
    let (text, _, bad) = encoding_rs::GBK.decode(&bytes);
    assert!(!bad);
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    rdr.records()
        .filter_map(|r| r.ok())
        .filter(|r| r[0].contains('/'))
        .map(|r| {
            let d: Vec<&str> = r[0].split('/').collect();
            let n = |s: &str| s.replace(',', "").parse::<f64>().unwrap();
            (d[0].parse().unwrap(), d[1].parse().unwrap(), n(&r[1]), n(&r[3]), n(&r[4]), n(&r[6]))
        })
        .collect()
}

const SOURCES: &[(&str, &str)] = &[
    ("xlsx", "kpi.xlsx"),
    ("ods", "kpi.ods"),
    ("xls", "kpi.xls"),
    // The same table saved as .xlsx by LibreOffice: a second writer.
    ("lo", "kpi-libreoffice.xlsx"),
    ("gbk", "kpi-gbk.csv"),
    ("bom", "kpi-utf8-bom.csv"),
];

/// A spec reading one table from every source, with the same metrics on each.
fn spec(dir: &std::path::Path) -> std::path::PathBuf {
    let mut y = String::from("deck:\n  title: 数据源\nperiod: 2026\nsources:\n");
    for (k, f) in SOURCES {
        y.push_str(&format!("  {k}: {}\n", root().join("tests/fixtures").join(f).display()));
    }
    y.push_str("tables:\n");
    for (k, _) in SOURCES {
        let sheet = if matches!(*k, "gbk" | "bom") { String::new() } else { ", sheet: 月度KPI".into() };
        y.push_str(&format!("  t_{k}: {{source: {k}{sheet}}}\n"));
    }
    y.push_str("metrics:\n");
    for (k, _) in SOURCES {
        y.push_str(&format!("  销售额_{k}: {{sum: t_{k}.店铺销售额, unit: 元}}\n"));
        y.push_str(&format!("  询单_{k}: {{sum: t_{k}.询单人数}}\n"));
        y.push_str(&format!("  下单_{k}: {{sum: t_{k}.下单人数}}\n"));
        y.push_str(&format!("  转化率_{k}: {{expr: 下单_{k} / 询单_{k}, unit: \"%\"}}\n"));
        y.push_str(&format!("  首响_{k}: {{avg: t_{k}.首响(秒), weight: t_{k}.询单人数, unit: 秒}}\n"));
    }
    y.push_str("slides:\n  - layout: bullets\n    title: x\n    text: [\"{{销售额_xlsx}}\"]\n");
    let p = dir.join("sources.yaml");
    std::fs::write(&p, y).unwrap();
    p
}

#[test]
fn every_source_gives_the_same_numbers_as_the_csv_read_here() {
    let dir = tempfile::tempdir().unwrap();
    let p = pipeline::prepare(&spec(dir.path()), &Options::default(), None).unwrap_or_else(|e| panic!("{e}"));
    let vars = Default::default();
    let m = Metrics::new(&p.defs, &p.data, &vars, &p.shared);
    let rows = truth();
    assert_eq!(rows.len(), 24);
    for period in [Period::year(2026), Period::year(2025), Period::month(2026, 6), Period::quarter(2025, 4)] {
        let inp: Vec<_> =
            rows.iter().filter(|r| period.contains(deckgen::data::date::Date::new(r.0, r.1, 1).unwrap())).collect();
        let sales: f64 = inp.iter().map(|r| r.2).sum();
        let inq: f64 = inp.iter().map(|r| r.3).sum();
        let ord: f64 = inp.iter().map(|r| r.4).sum();
        let first: f64 = inp.iter().map(|r| r.5 * r.3).sum::<f64>() / inq;
        for (k, _) in SOURCES {
            let v = |n: &str| m.value(&format!("{n}_{k}"), &period, &Scope::default()).unwrap().unwrap_or(f64::NAN);
            assert_eq!(v("销售额"), sales, "{k} {}", period.key());
            assert_eq!(v("转化率"), ord / inq, "{k} {}", period.key());
            assert!((v("首响") - first).abs() < 1e-9, "{k} {}: {} vs {first}", period.key(), v("首响"));
        }
    }
}

#[test]
fn the_xlsx_is_read_as_a_person_sees_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = pipeline::prepare(&spec(dir.path()), &Options::default(), None).unwrap();
    let t = p.data.table("t_xlsx").unwrap();
    // Title row skipped, two header rows merged into names, notes rows left out.
    assert_eq!(t.header_row, 3, "header is sheet rows 3-4");
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        vec!["月份", "店铺销售额", "客服销售额", "询单人数", "下单人数", "转化率", "首响(秒)", "平响(秒)"]
    );
    assert_eq!(t.rows.len(), 24);
    assert_eq!(t.date_col, Some(0));
    // Formula cells give their cached values.
    let f = t.col("转化率").unwrap();
    for (row, r) in t.rows.iter().zip(truth()) {
        let v = t.num(row, f).unwrap().unwrap();
        assert!((v - r.4 / r.3).abs() < 1e-12, "{}: {v}", t.cell_at(row, f));
    }
    // A table of months covers each month to its last day.
    let span = p.data.span.unwrap();
    assert_eq!((span.first.to_string(), span.last.to_string()), ("2025-01-01".into(), "2026-12-31".into()));
}

#[test]
fn percents_stored_as_text_read_as_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let y = format!(
        "deck:\n  title: t\nperiod: 2026\nsources:\n  x: {}\ntables:\n  p: {{sheet: 文本百分比}}\nmetrics:\n  转化率均值: {{avg: p.转化率, unit: \"%\"}}\n  询单: {{sum: p.询单人数}}\nslides:\n  - layout: bullets\n    title: x\n    text: [\"{{{{转化率均值}}}} {{{{询单}}}}\"]\n",
        root().join("tests/fixtures/kpi.xlsx").display()
    );
    std::fs::write(dir.path().join("p.yaml"), y).unwrap();
    let p = pipeline::prepare(&dir.path().join("p.yaml"), &Options::default(), None).unwrap_or_else(|e| panic!("{e}"));
    let vars = Default::default();
    let m = Metrics::new(&p.defs, &p.data, &vars, &p.shared);
    let rows: Vec<_> = truth().into_iter().filter(|r| r.0 == 2026).collect();
    let mean = rows.iter().map(|r| r.4 / r.3).sum::<f64>() / 12.0;
    let got = m.value("转化率均值", &Period::year(2026), &Scope::default()).unwrap().unwrap();
    assert!((got - mean).abs() < 1e-6, "{got} vs {mean}");
    assert_eq!(m.value("询单", &Period::year(2026), &Scope::default()).unwrap(), Some(rows.iter().map(|r| r.3).sum()));
    // Months as text (2026年1月) make the table dated.
    assert!(p.data.table("p").unwrap().date_col.is_some());
}

#[test]
fn a_formula_without_a_saved_value_is_an_error_naming_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    let y = format!(
        "deck:\n  title: t\nperiod: 2026\nsources:\n  x: {}\ntables:\n  k: {{sheet: 月度KPI}}\nmetrics:\n  转化率均值: {{avg: k.转化率, unit: \"%\"}}\nslides:\n  - layout: bullets\n    title: x\n    text: [\"{{{{转化率均值}}}}\"]\n",
        root().join("tests/fixtures/kpi-unsaved-formulas.xlsx").display()
    );
    std::fs::write(dir.path().join("u.yaml"), y).unwrap();
    let o = deckgen(dir.path(), &["check", "u.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("`转化率` holds a formula with no saved value (月度KPI!F17)"), "{e}");
    assert!(e.contains("hint: open the workbook in Excel or WPS and save it"), "{e}");
}

#[test]
fn months_and_groups_come_out_of_a_chart_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let y = format!(
        "deck:\n  title: t\nperiod: 2026\nsources:\n  x: {}\ntables:\n  k: {{sheet: 月度KPI}}\nmetrics:\n  销售额: {{sum: k.店铺销售额, unit: 元}}\nslides:\n  - layout: chart\n    title: 销售额\n    chart:\n      type: column\n      scale: none\n      series:\n        - {{metric: 销售额}}\n        - {{metric: 销售额, period: last_year, name: 去年}}\n",
        root().join("tests/fixtures/kpi.xlsx").display()
    );
    std::fs::write(dir.path().join("c.yaml"), y).unwrap();
    let out = dir.path().join("c.pptx");
    let o = deckgen(dir.path(), &["build", "c.yaml", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    let chart = &slide_charts(&p, &p.slides()[0])[0];
    let s = chart_series(&p.text(chart));
    let rows = truth();
    assert_eq!(s[0].cats, (1..=12).map(|m| format!("{m}月")).collect::<Vec<_>>());
    assert_eq!(s[0].vals, rows.iter().filter(|r| r.0 == 2026).map(|r| Some(r.2)).collect::<Vec<_>>());
    assert_eq!(s[1].vals, rows.iter().filter(|r| r.0 == 2025).map(|r| Some(r.2)).collect::<Vec<_>>());
    assert_eq!(s[1].name, "去年");
    let _ = Grain::Month;
}
