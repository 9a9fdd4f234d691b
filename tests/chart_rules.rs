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

fn one_chart(chart: &str) -> String {
    one_chart_in("chart", chart)
}

fn one_chart_in(layout: &str, chart: &str) -> String {
    let yaml = format!("deck: {{title: 测试}}\nslides:\n  - layout: {layout}\n    title: 图\n    chart:\n{chart}");
    let (_d, p) = deck(&[], &yaml);
    only_chart(&p)
}

fn axis_range(xml: &str) -> (f64, f64) {
    let i = xml.find("<c:valAx>").unwrap();
    let ax = &xml[i..xml[i..].find("</c:valAx>").unwrap() + i + "</c:valAx>".len()];
    let v = |n: &str| elements(ax, n)[0]["val"].parse::<f64>().unwrap();
    (v("c:min"), v("c:max"))
}

/// A bar's length encodes its value: a run of columns in a narrow band is
/// drawn as a line with markers (a user spec too); columns the spec asks
/// for stay columns, from zero.
#[test]
fn narrow_columns_become_a_line_and_bars_start_at_zero() {
    let vals = "[0.9943, 0.9947, 0.9944, 0.9945, 0.9946]";
    let cats = "categories: [1月, 2月, 3月, 4月, 5月]";
    let xml = one_chart(&format!(
        "      type: column\n      {cats}\n      series: [{{name: 回复率, values: {vals}, format: \"0.00%\"}}]\n"
    ));
    assert!(xml.contains("<c:lineChart>") && !xml.contains("<c:barChart>"), "a line");
    assert!(xml.contains(r#"<c:symbol val="circle"/>"#), "with markers");
    let (min, max) = axis_range(&xml);
    assert!(max - min >= 0.02 - 1e-9 && max <= 1.0 + 1e-9, "{min}..{max}");
    let xml = one_chart(&format!(
        "      type: column\n      {cats}\n      series: [{{name: 回复率, type: column, values: {vals}}}]\n"
    ));
    assert!(xml.contains("<c:barChart>") && !xml.contains("c:crossesAt"));
    assert_eq!(axis_range(&xml).0, 0.0, "bars from zero");
}

/// W53 slide 6: 满意率 on a 95.90–96.25% axis made −0.35 pp look like a
/// crash. A line's axis spans at least 2 percentage points.
#[test]
fn a_rate_line_spans_at_least_two_points() {
    let xml = one_chart(
        "      type: line\n      categories: [周一, 周二, 周三, 周四]\n      \
         series: [{name: 满意率, values: [0.9612, 0.9625, 0.9618, 0.959], format: \"0.0%\"}]\n",
    );
    let (min, max) = axis_range(&xml);
    assert!(max - min >= 0.02 - 1e-9 && min <= 0.959 && max >= 0.9625, "{min}..{max}");
}

/// Annual 13, 18, 28, weekly 7: a chart with two value axes titles both,
/// each with what it measures and its unit (a title the spec gives gets the
/// unit when it has none; a rate's axis shows % on its ticks instead).
#[test]
fn both_value_axes_are_titled_with_a_unit() {
    let (_d, p) = deck(
        &[("d.csv", &daily_sales())],
        "deck: {title: 测试}\nsources: {d: d.csv}\nperiod: 2026\n\
         metrics:\n  接待量: {sum: d.接待量, unit: 次}\n  销售额: {sum: d.销售额, unit: 元}\n  \
         单价: {expr: 销售额 / 接待量, unit: 元}\n\
         slides:\n  - layout: chart\n    title: 接待与单价\n    chart:\n      type: combo\n      \
         series: [{metric: 接待量, name: 接待量}, {metric: 单价, name: 客单价, secondary: true}]\n      \
         secondary_axis: {title: 单价}\n",
    );
    let axes = value_axes(&only_chart(&p));
    // Stacked upright, brackets in their vertical forms.
    assert_eq!(
        axes,
        [("l".to_string(), "接待量︵次︶".to_string()), ("r".to_string(), "单价︵元︶".to_string())],
        "{axes:?}"
    );
    // The shipped decks: every chart with a secondary axis titles both.
    for spec in ["decks/annual.yaml", "decks/weekly.yaml", "decks/monthly.yaml"] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("d.pptx");
        build(&root().join(spec), &out, &[]);
        let p = Package::open(&out);
        let mut dual = 0;
        for part in p.parts.keys().filter(|k| k.starts_with("ppt/charts/chart") && k.ends_with(".xml")) {
            let axes = value_axes(&p.text(part));
            if axes.len() == 2 {
                dual += 1;
                assert!(axes.iter().all(|a| !a.1.is_empty()), "{spec} {part}: {axes:?}");
            }
        }
        assert!(dual >= 2, "{spec}: {dual} charts with two value axes");
    }
}

/// Shop-2 monthly 29: a cost chart of 72,800 元 beside a sentence in 万元.
/// Money from 1万 on is charted in 万 (the sentences' unit), with the axis
/// titled （万元） and two decimals under 10万.
#[test]
fn money_from_one_wan_is_charted_in_wan() {
    let mut d = String::from("日期,销售额\n");
    for m in 1..=12 {
        d.push_str(&format!("2026-{m:02}-01,{}\n", 60_000 + m * 1000));
    }
    let (_d, p) = deck(
        &[("d.csv", &d)],
        "deck: {title: 测试}\nsources: {d: d.csv}\nperiod: 2026\n\
         metrics:\n  成本: {sum: d.销售额, unit: 元}\n\
         slides:\n  - layout: chart\n    title: 成本\n    chart:\n      type: column\n      \
         series: [{metric: 成本, name: 成本}]\n",
    );
    let xml = only_chart(&p);
    let s = &chart_series(&xml)[0];
    assert!((s.vals[11].unwrap() - 7.2).abs() < 1e-9, "{:?}", s.vals);
    assert_eq!(s.format, "#,##0.00");
    assert_eq!(value_axes(&xml)[0].1, "︵万元︶");
}

/// The labelled points of each series: `None` when every point is labelled
/// (`c:dLbls` shows values), else the points with their own `c:dLbl`.
fn labelled_points(xml: &str) -> Vec<Option<Vec<usize>>> {
    let mut out = Vec::new();
    for ser in xml.split("<c:ser>").skip(1) {
        let ser = &ser[..ser.find("</c:ser>").unwrap()];
        let Some(i) = ser.find("<c:dLbls>") else {
            out.push(Some(vec![]));
            continue;
        };
        let d = &ser[i..ser.find("</c:dLbls>").unwrap() + "</c:dLbls>".len()];
        let points: Vec<usize> = d
            .split("<c:dLbl>")
            .skip(1)
            .map(|p| p.split("<c:idx val=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap())
            .collect();
        // The series-wide showVal is the last one, after the points'.
        let all = d.rsplit("<c:showVal val=\"").next().unwrap().starts_with('1');
        out.push(if all && points.is_empty() { None } else { Some(points) });
    }
    out
}

/// Shop-2 monthly 16: "0" drawn over bar tops, and "2/2/4" piled on a
/// 2-day week's thin bar. A stacked segment that is empty or too thin for
/// its text has no label.
#[test]
fn stacked_segments_that_are_empty_or_thin_have_no_label() {
    let xml = one_chart(
        "      type: stacked-column\n      categories: [第1周, 第2周, 第3周]\n      labels: value\n      \
         series:\n        - {name: 错发, values: [50, 50, 50]}\n        - {name: 漏发, values: [0, 50, 1]}\n",
    );
    let pts = labelled_points(&xml);
    assert_eq!(pts, [None, Some(vec![1])], "{pts:?}");
}

/// W53 slides 5/6: a week with data for 周一–周四 kept 7 weekday slots
/// (3/7 of the plot empty); shop-2's year to 8/17 kept an empty 双11. The
/// categories after the last one with data for the period are dropped —
/// with the earlier period's values there — and the gaps before it stay.
#[test]
fn categories_past_the_data_are_dropped() {
    let mut d = String::from("日期,接待量\n");
    for day in 1..=12 {
        d.push_str(&format!("2026-08-{day:02},{}\n", 100 + day));
    }
    let yaml = "deck: {title: 测试}\nsources: {d: d.csv}\nperiod: 2026-W33\n\
                metrics:\n  接待量: {sum: d.接待量, unit: 次}\n\
                slides:\n  - layout: chart\n    title: 每日\n    chart:\n      type: line\n      \
                categories: [周一, 周二, 周三, 周四, 周五, 周六, 周日]\n      \
                series: [{metric: 接待量, name: 本周}, {metric: 接待量, name: 上周, period: previous}]\n";
    let (_d, p) = deck(&[("d.csv", &d)], yaml);
    let xml = only_chart(&p);
    let ser = chart_series(&xml);
    // Data up to Wednesday 8/12: 周一–周三.
    assert_eq!(ser[0].cats, ["周一", "周二", "周三"], "{:?}", ser[0].cats);
    assert_eq!(ser[1].vals.len(), 3, "the previous week is cut alike");
}

/// Each point's label position (`c:dLblPos`) of series `k`: its own
/// `c:dLbl`'s, else the series'.
fn label_positions(xml: &str, k: usize, n: usize) -> Vec<String> {
    let ser = xml.split("<c:ser>").nth(k + 1).unwrap();
    let ser = &ser[..ser.find("</c:ser>").unwrap()];
    let d = &ser[ser.find("<c:dLbls>").unwrap()..ser.find("</c:dLbls>").unwrap()];
    let pos = |s: &str| s.split("<c:dLblPos val=\"").nth(1).map(|p| p.split('"').next().unwrap().to_string());
    let own: Vec<(usize, String)> = d
        .split("<c:dLbl>")
        .skip(1)
        .map(|p| {
            let idx = p.split("<c:idx val=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
            (idx, pos(p).unwrap())
        })
        .collect();
    let default = pos(d.rsplit("</c:dLbl>").next().unwrap()).unwrap_or_default();
    (0..n).map(|j| own.iter().find(|(i, _)| *i == j).map_or(default.clone(), |p| p.1.clone())).collect()
}

/// Annual 11/12: "23.3" (11月) was put below its peak, where the line down
/// to 12月 crossed it. A line's label goes to the side of the larger angle
/// between its own segments — above a peak, below a trough — unless that
/// side is taken.
#[test]
fn line_labels_sit_away_from_their_own_segments() {
    let xml = one_chart(
        "      type: line\n      categories: [1月, 2月, 3月, 4月, 5月, 6月, 7月]\n      \
         value_axis: {min: 10}\n      series: [{name: 首响, values: [20, 18, 22, 17, 21, 16, 19], labels: {show: value, format: \"0.0\"}}]\n",
    );
    let pos = label_positions(&xml, 0, 7);
    // Peaks 3月, 5月 above; troughs 2月, 4月, 6月 below.
    for (j, want) in [(1, "b"), (2, "t"), (3, "b"), (4, "t"), (5, "b")] {
        assert_eq!(pos[j], want, "{j}: {pos:?}");
    }
    // The annual's first response times on an axis from 0, with last year's
    // dashed line just above, beside a text panel: the 11月 peak is not
    // labelled below.
    let xml = one_chart_in(
        "chart-text",
        "      type: line\n      categories: [1月, 2月, 3月, 4月, 5月, 6月, 7月, 8月, 9月, 10月, 11月, 12月]\n      \
         value_axis: {min: 0}\n      series:\n        \
         - {name: 2026年, values: [18.6, 17.8, 18.4, 18.1, 18.7, 20.2, 18.1, 18.3, 18.2, 22.0, 23.3, 18.5], \
         labels: {show: value, position: above, format: \"0.0\"}}\n        \
         - {name: 2025年, values: [20.9, 20.0, 20.7, 20.4, 20.9, 22.4, 20.6, 20.6, 20.6, 23.3, 25.3, 20.9], \
         dashed: true, markers: false}\n",
    );
    let pos = label_positions(&xml, 0, 12);
    assert_ne!(pos[10], "b", "{pos:?}");
}

/// Layouts 8: bars from a spec's `min: 0.3` made 35% look a third of 40%.
/// A spec's minimum above zero is not kept under bars; a bar whose label
/// above would sit on the target line and that can hold it takes the label
/// in its middle.
#[test]
fn bars_ignore_a_minimum_above_zero_and_labels_leave_the_target_line() {
    let xml = one_chart(
        "      type: column\n      categories: [1月, 2月, 3月, 4月, 5月]\n      labels: value\n      \
         series: [{name: 转化率, values: [0.351, 0.369, 0.401, 0.383, 0.395], format: \"0.0%\"}]\n      \
         target: 0.38\n      value_axis: {min: 0.3, format: \"0%\"}\n",
    );
    assert!(xml.contains("<c:barChart>"));
    assert_eq!(axis_range(&xml).0, 0.0, "bars from zero");
    let pos = label_positions(&xml, 0, 5);
    // 36.9% is a point under the 38% line: its label goes inside the bar.
    assert_eq!(pos[1], "ctr", "{pos:?}");
    assert_eq!(pos[2], "outEnd", "{pos:?}");
}

/// Annual 8: the bot was orange in the doughnut and teal in the bars; annual
/// 18's legend read "描述相符 / DSR服务态度 / DSR物流服务". A series keeps
/// its colour across the charts of a slide, and a legend names its series
/// one way.
#[test]
fn the_bot_keeps_its_colour_and_dsr_is_named_one_way() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.pptx");
    build(&root().join("decks/annual.yaml"), &out, &[]);
    let p = Package::open(&out);
    let slide = slide_titled(&p, "人工客服与店铺机器人");
    let charts = slide_charts(&p, &slide);
    let fill = |s: &str| s.split("<a:schemeClr val=\"").nth(1).map(|x| x.split('"').next().unwrap().to_string());
    let doughnut = p.text(&charts[0]);
    let bot_point = doughnut.split("<c:dPt><c:idx val=\"1\"/>").nth(1).and_then(fill).unwrap();
    let bars = p.text(&charts[1]);
    let bot_bars = bars.split("<c:ser>").find(|s| s.contains("<c:v>店铺机器人</c:v>")).unwrap();
    let bot_bars = fill(&bot_bars[bot_bars.find("<c:spPr>").unwrap()..]).unwrap();
    assert_eq!(bot_point, bot_bars);
    let slide = slide_titled(&p, "店铺评分（DSR）与售后服务");
    let names: Vec<String> = chart_series(&p.text(&slide_charts(&p, &slide)[0])).into_iter().map(|s| s.name).collect();
    assert_eq!(names, ["描述相符", "服务态度", "物流服务"]);
}
