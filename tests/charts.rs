//! Charts: what the chart XML caches equals the spec's data, and the
//! embedded workbook holds exactly the cells the `c:f` formulas name.

mod common;
use common::*;
use serde_yaml::Value;

fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) if s.ends_with('%') => s.trim_end_matches('%').parse::<f64>().ok().map(|x| x / 100.0),
        Value::String(s) => s.replace(',', "").parse().ok(),
        _ => None,
    }
}

fn strs(v: &Value) -> Vec<String> {
    v.as_sequence()
        .unwrap()
        .iter()
        .map(|x| x.as_str().map(String::from).unwrap_or_else(|| format!("{}", x.as_f64().unwrap())))
        .collect()
}

/// The built gallery, its slides, and the spec's slides.
fn gallery() -> (tempfile::TempDir, Package, Vec<Value>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("charts.pptx");
    build(&root().join("decks/charts.yaml"), &out, &[]);
    let spec: Value =
        serde_yaml::from_str(&std::fs::read_to_string(root().join("decks/charts.yaml")).unwrap()).unwrap();
    let slides = spec["slides"].as_sequence().unwrap().clone();
    (dir, Package::open(&out), slides)
}

/// The charts of a spec slide (`chart:` or `charts:`).
fn spec_charts(s: &Value) -> Vec<Value> {
    if let Some(c) = s.get("chart") {
        vec![c.clone()]
    } else if let Some(cs) = s.get("charts") {
        cs.as_sequence().unwrap().clone()
    } else {
        vec![]
    }
}

#[test]
fn caches_equal_the_specs_data() {
    let (_d, p, slides) = gallery();
    let parts = p.slides();
    let mut compared = 0;
    for (i, s) in slides.iter().enumerate() {
        let charts = slide_charts(&p, &parts[i]);
        let specs = spec_charts(s);
        assert_eq!(charts.len(), specs.len(), "slide {}: chart count", i + 1);
        for (part, c) in charts.iter().zip(&specs) {
            let kind = c["type"].as_str().unwrap();
            let written = chart_series(&p.text(part));
            let plain =
                c.get("sort").is_none() && c.get("top").is_none() && c.get("scale").is_none() && kind != "waterfall";
            if !plain || kind == "scatter" {
                continue;
            }
            let cats = strs(&c["categories"]);
            let series = c["series"].as_sequence().unwrap();
            for (k, sv) in series.iter().enumerate() {
                let w = &written[k];
                // Brackets next to Chinese are set full width (`接待量(万次)` → `接待量（万次）`).
                let name = sv["name"].as_str().unwrap().replace('(', "（").replace(')', "）");
                assert_eq!(w.name, name, "slide {}: series name", i + 1);
                assert_eq!(w.cats, cats, "slide {}: categories", i + 1);
                let expected: Vec<Option<f64>> = sv["values"].as_sequence().unwrap().iter().map(num).collect();
                assert_eq!(w.vals, expected, "slide {}: values of {}", i + 1, w.name);
                compared += 1;
            }
            // A target line is one more series with the target everywhere.
            if let Some(t) = c.get("target").and_then(num) {
                let last = written.last().unwrap();
                assert!(last.vals.iter().all(|v| *v == Some(t)), "slide {}: target line", i + 1);
            }
        }
    }
    assert!(compared >= 20, "compared {compared} series");
}

#[test]
fn workbooks_hold_the_cells_the_formulas_name() {
    let (_d, p, _) = gallery();
    let mut checked = 0;
    for name in p.parts.keys().filter(|n| n.starts_with("ppt/charts/chart")) {
        let xml = p.text(name);
        let xlsx = p.chart_workbook(name);
        for s in chart_series(&xml) {
            // Series name.
            let cells = workbook_cells(&xlsx, &s.name_f);
            assert_eq!(cells, vec![calamine::Data::String(s.name.clone())], "{name}: {}", s.name_f);
            // Categories (string caches) or x values.
            if !s.cat_f.is_empty() && !s.cats.is_empty() {
                let cells = workbook_cells(&xlsx, &s.cat_f);
                let got: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
                assert_eq!(got, s.cats, "{name}: {}", s.cat_f);
            }
            // Values, point by point; a missing point is an empty cell.
            let cells = workbook_cells(&xlsx, &s.val_f);
            assert_eq!(cells.len(), s.vals.len(), "{name}: {} size", s.val_f);
            for (cell, v) in cells.iter().zip(&s.vals) {
                match (cell, v) {
                    (calamine::Data::Float(f), Some(x)) => assert_eq!(f, x, "{name}: {}", s.val_f),
                    (calamine::Data::Int(f), Some(x)) => assert_eq!(*f as f64, *x, "{name}: {}", s.val_f),
                    (calamine::Data::Empty, None) => {}
                    other => panic!("{name}: {} holds {other:?}", s.val_f),
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 30, "checked {checked} series");
}

#[test]
fn every_kind_is_written_as_its_chart_element() {
    let (_d, p, slides) = gallery();
    let parts = p.slides();
    let expect = |kind: &str| -> &'static str {
        match kind {
            "column" | "bar" | "stacked-column" | "stacked-bar" | "percent-column" | "percent-bar" | "waterfall"
            | "combo" => "c:barChart",
            "line" => "c:lineChart",
            "area" | "stacked-area" => "c:areaChart",
            "pie" => "c:pieChart",
            "doughnut" => "c:doughnutChart",
            "scatter" => "c:scatterChart",
            "radar" => "c:radarChart",
            other => panic!("unknown kind {other}"),
        }
    };
    let mut kinds = std::collections::BTreeSet::new();
    for (i, s) in slides.iter().enumerate() {
        for (part, c) in slide_charts(&p, &parts[i]).iter().zip(spec_charts(s)) {
            let kind = c["type"].as_str().unwrap().to_string();
            let xml = p.text(part);
            let names = element_names(&xml);
            assert!(names.contains(expect(&kind)), "slide {}: {kind} → {}", i + 1, expect(&kind));
            assert!(xml.contains("<c:externalData r:id="), "slide {}: workbook link", i + 1);
            if matches!(kind.as_str(), "bar" | "stacked-bar" | "percent-bar") {
                assert!(xml.contains("<c:barDir val=\"bar\"/>"), "slide {}", i + 1);
            }
            if matches!(kind.as_str(), "stacked-column" | "stacked-bar" | "waterfall") {
                assert!(xml.contains("<c:grouping val=\"stacked\"/>"), "slide {}", i + 1);
            }
            if matches!(kind.as_str(), "percent-column" | "percent-bar") {
                assert!(xml.contains("<c:grouping val=\"percentStacked\"/>"), "slide {}", i + 1);
            }
            match kind.as_str() {
                "combo" => {
                    assert!(names.contains("c:lineChart"));
                    assert_eq!(elements(&xml, "c:valAx").len(), 2, "a secondary value axis");
                    assert!(xml.contains("<c:axPos val=\"r\"/>"));
                }
                "doughnut" => assert!(slide_text(&p, &parts[i]).contains("共1.03万人"), "centre label"),
                "waterfall" => {
                    // Four helper series (the base is invisible), then a connector
                    // from each bar to the next at the level the bar ends on.
                    let ser = chart_series(&xml);
                    assert_eq!(ser.len(), 4 + 5);
                    let mut level = 0.0;
                    for (k, v) in [10980.0, 860.0, 640.0, 520.0, -780.0].iter().enumerate() {
                        level += v;
                        let c = &ser[4 + k];
                        assert_eq!((c.vals[k], c.vals[k + 1]), (Some(level), Some(level)), "connector {k}");
                        assert_eq!(c.vals.iter().flatten().count(), 2);
                    }
                    assert_eq!(ser[0].name, "基数");
                    assert_eq!(ser[3].vals.first().copied().flatten(), Some(10980.0));
                    assert_eq!(ser[3].vals.last().copied().flatten(), Some(10980.0 + 860.0 + 640.0 + 520.0 - 780.0));
                    assert_eq!(ser[2].vals[4], Some(780.0), "a decrease is drawn as a positive height");
                }
                _ => {}
            }
            kinds.insert(kind);
        }
    }
    assert_eq!(kinds.len(), 15, "{kinds:?}");
}

#[test]
fn options_show_up_in_the_chart_xml() {
    let (_d, p, slides) = gallery();
    let parts = p.slides();
    let chart_of = |title: &str| -> String {
        let i = slides.iter().position(|s| s["title"].as_str().unwrap_or("").contains(title)).unwrap();
        p.text(&slide_charts(&p, &parts[i])[0])
    };
    // Sorted, top 8 without 其他, first on top (reversed axis), best highlighted.
    let bar = chart_of("条形图");
    let s = &chart_series(&bar)[0];
    assert_eq!(s.cats.len(), 8);
    assert_eq!(s.cats[0], "张子涵");
    assert!(s.vals.windows(2).all(|w| w[0] >= w[1]), "descending");
    assert!(bar.contains("<c:orientation val=\"maxMin\"/>"));
    assert_eq!(s.dpt, vec![0], "the best point is coloured");
    // A missing month is a gap, not zero.
    let line = chart_of("折线图");
    assert_eq!(chart_series(&line)[0].vals[3], None);
    assert!(line.contains("<c:dispBlanksAs val=\"gap\"/>"));
    assert!(line.contains("<a:prstDash val=\"dash\"/>"));
    // Trendlines.
    let trend = chart_of("趋势线");
    assert!(trend.contains("<c:trendlineType val=\"linear\"/>"));
    assert!(trend.contains("<c:trendlineType val=\"movingAvg\"/><c:period val=\"3\"/>"));
    assert!(trend.contains("<c:smooth val=\"1\"/>"));
    // Pie: top 4 + 其他, category and percent labels, one slice coloured.
    let pie = chart_of("饼图");
    let ps = &chart_series(&pie)[0];
    assert_eq!(ps.cats, vec!["尺码确认", "价格敏感", "顾虑质量", "无需求产品", "其他"]);
    assert_eq!(ps.vals[4], Some(980.0 + 760.0));
    assert!(pie.contains("<c:showCatName val=\"1\"/>") && pie.contains("<c:showPercent val=\"1\"/>"));
    assert!(pie.contains("C00000"));
    // Large numbers shown in 万; negatives highlighted.
    let i = slides.iter().position(|s| s["title"].as_str().unwrap_or("").contains("负数")).unwrap();
    let charts = slide_charts(&p, &parts[i]);
    let neg = p.text(&charts[0]);
    assert_eq!(chart_series(&neg)[0].dpt, vec![2, 4]);
    let big = chart_series(&p.text(&charts[1]));
    assert_eq!(big[0].vals[4], Some(12220.0), "122,200,000 元 in 万");
}
