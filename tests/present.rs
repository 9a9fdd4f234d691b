//! Presentation rules the engine enforces on every deck, user specs
//! included: readable chart text, colours by series role, legends in the
//! order bars are drawn, value axes with distinct tick labels, Chinese axis
//! titles never on their side, crowded day axes that skip labels.
//!
//! Each test reads the chart XML deckgen wrote with quick-xml (see
//! `common`), not with deckgen's own code.

mod common;
use common::*;
use quick_xml::events::Event;
use quick_xml::reader::Reader;
use std::collections::BTreeMap;

/// One element met while walking a part: its name, attributes and the
/// names of its ancestors.
struct Met {
    name: String,
    attrs: BTreeMap<String, String>,
    path: Vec<String>,
}

fn walk(xml: &str) -> Vec<Met> {
    let mut r = Reader::from_str(xml);
    let mut stack: Vec<String> = Vec::new();
    let mut out = Vec::new();
    loop {
        match r.read_event().expect("well-formed XML") {
            ev @ (Event::Start(_) | Event::Empty(_)) => {
                let (Event::Start(e) | Event::Empty(e)) = &ev else { unreachable!() };
                let name = e.name().as_ref().to_string();
                let attrs = e
                    .attributes()
                    .filter_map(|a| a.ok())
                    .map(|a| (a.key.as_ref().to_string(), a.value.to_string()))
                    .collect();
                out.push(Met { name: name.clone(), attrs, path: stack.clone() });
                if matches!(ev, Event::Start(_)) {
                    stack.push(name);
                }
            }
            Event::End(_) => {
                stack.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Every chart part of a built deck.
fn charts(p: &Package) -> Vec<String> {
    p.parts.keys().filter(|k| k.starts_with("ppt/charts/chart") && k.ends_with(".xml")).cloned().collect()
}

fn built(spec: &str) -> (tempfile::TempDir, Package) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("d.pptx");
    build(&root().join(spec), &out, &[]);
    let p = Package::open(&out);
    (dir, p)
}

const DECKS: [&str; 6] = [
    "decks/annual.yaml",
    "decks/review.yaml",
    "decks/monthly.yaml",
    "decks/weekly.yaml",
    "decks/charts.yaml",
    "decks/layouts.yaml",
];

#[test]
fn chart_text_is_readable() {
    for spec in DECKS {
        let (_d, p) = built(spec);
        for part in charts(&p) {
            let xml = p.text(&part);
            for m in walk(&xml) {
                if m.name != "a:defRPr" {
                    continue;
                }
                let sz: u32 = m.attrs["sz"].parse().unwrap();
                if m.path.iter().any(|a| a == "c:dLbls") {
                    assert!(sz >= 1050, "{spec} {part}: a data label of {sz}");
                } else if m.path.iter().any(|a| matches!(a.as_str(), "c:catAx" | "c:valAx" | "c:dateAx")) {
                    assert!(sz >= 1000, "{spec} {part}: axis text of {sz}");
                }
            }
        }
    }
}

/// The colour element of a series' fill or line, as written.
fn series_colors(xml: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut name = String::new();
    let mut r = Reader::from_str(xml);
    let mut stack: Vec<String> = Vec::new();
    let mut in_name_v = false;
    let mut color: Option<String> = None;
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) => {
                let n = e.name().as_ref().to_string();
                if n == "c:ser" {
                    name.clear();
                    color = None;
                }
                if n == "c:v" && stack.iter().any(|s| s == "c:tx") {
                    in_name_v = true;
                }
                if (n == "a:schemeClr" || n == "a:srgbClr")
                    && color.is_none()
                    && stack.last().is_some_and(|s| s == "a:solidFill")
                    && stack.iter().rev().nth(1).is_some_and(|s| s == "c:spPr" || s == "a:ln")
                    && stack.iter().filter(|s| *s == "c:spPr").count() == 1
                    && !stack.iter().any(|s| s == "c:dPt" || s == "c:marker" || s == "c:dLbls" || s == "c:trendline")
                {
                    color = Some(format!("{}:{}", n, attr(&e, "val")));
                }
                stack.push(n);
            }
            Event::Empty(e) => {
                let n = e.name().as_ref().to_string();
                if (n == "a:schemeClr" || n == "a:srgbClr")
                    && color.is_none()
                    && stack.last().is_some_and(|s| s == "a:solidFill")
                    && stack.iter().filter(|s| *s == "c:spPr").count() == 1
                    && !stack.iter().any(|s| s == "c:dPt" || s == "c:marker" || s == "c:dLbls" || s == "c:trendline")
                {
                    color = Some(format!("{}:{}", n, attr(&e, "val")));
                }
            }
            Event::Text(t) if in_name_v => name.push_str(&t.xml10_content()),
            Event::End(e) => {
                let n = e.name().as_ref().to_string();
                if n == "c:v" {
                    in_name_v = false;
                }
                if n == "c:ser" {
                    out.push((name.clone(), color.clone().unwrap_or_default()));
                }
                stack.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn attr(e: &quick_xml::events::BytesStart, k: &str) -> String {
    e.attributes().filter_map(|a| a.ok()).find(|a| a.key.as_ref() == k).map(|a| a.value.to_string()).unwrap_or_default()
}

const ROLES: &str = r##"
deck: {title: 颜色}
period: 2026
sources: {shop: SHOP}
metrics:
  店铺销售额: {sum: 日数据.店铺销售额, unit: 元}
  首响: {avg: 日数据.首响(秒), weight: 日数据.接待量, unit: 秒, better: lower}
  接待量: {sum: 日数据.接待量, unit: 次}
slides:
  - layout: chart
    title: 去年在前
    chart:
      type: column
      series:
        - {metric: 店铺销售额, period: last_year, name: 去年}
        - {metric: 店铺销售额, name: 今年}
  - layout: chart
    title: 今年在前
    chart:
      type: line
      series:
        - {metric: 首响, name: 今年}
        - {metric: 首响, period: last_year, name: 去年}
      target: 20
  - layout: chart
    title: 两个指标
    chart:
      type: combo
      series:
        - {metric: 接待量, name: 接待量}
        - {metric: 首响, name: 首响, secondary: true}
  - layout: chart
    title: 指定颜色
    chart:
      type: column
      series:
        - {metric: 店铺销售额, name: 今年, color: "#C00000"}
        - {metric: 店铺销售额, period: last_year, name: 去年}
"##;

fn roles_deck() -> (tempfile::TempDir, Package) {
    let dir = tempfile::tempdir().unwrap();
    let yaml = ROLES.replace("SHOP", &root().join("decks/data/annual.xlsx").display().to_string());
    let (o, out) = build_text(dir.path(), &yaml, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    (dir, p)
}

#[test]
fn a_series_keeps_its_colour_by_role() {
    let (_d, p) = roles_deck();
    let slides = p.slides();
    let colors = |i: usize| -> BTreeMap<String, String> {
        series_colors(&p.text(&slide_charts(&p, &slides[i])[0])).into_iter().collect()
    };
    let grey = "a:schemeClr:bg1";
    // This period is accent1 whether the spec lists it first or second; last year is grey.
    for i in [0, 1] {
        let c = colors(i);
        assert_eq!(c["今年"], "a:schemeClr:accent1", "slide {}: {c:?}", i + 1);
        assert_eq!(c["去年"], grey, "slide {}: {c:?}", i + 1);
    }
    // The target line is the theme's `bad` status colour, dashed.
    let xml = p.text(&slide_charts(&p, &slides[1])[0]);
    let target = &colors(1)["目标"];
    assert!(target.starts_with("a:srgbClr:"), "{target}");
    assert!(xml.contains("<a:prstDash val=\"dash\"/>"));
    // Two different measures are not a comparison: palette colours in order.
    let c = colors(2);
    assert_eq!((c["接待量"].as_str(), c["首响"].as_str()), ("a:schemeClr:accent1", "a:schemeClr:accent2"));
    // A colour in the spec wins.
    let c = colors(3);
    assert_eq!(c["今年"], "a:srgbClr:C00000");
    assert_eq!(c["去年"], grey);
}

#[test]
fn legends_list_bars_in_the_order_they_are_drawn() {
    // A horizontal bar chart reads top-down. Its legend, in every application,
    // lists the series bottom-up from the last written (LibreOffice) or in
    // drawing order (PowerPoint); both agree with the bars when the chart is
    // written bottom-up with the axis not reversed.
    let dir = tempfile::tempdir().unwrap();
    let yaml = r#"
deck: {title: 图例}
slides:
  - layout: chart
    title: 条形
    chart:
      type: bar
      categories: [仓储, 品质, 物流, 营销]
      series:
        - {name: 2026年, values: [3.3, 10.2, 5.2, 3.9]}
        - {name: 2025年, values: [3.9, 12.2, 5.8, 4.6]}
  - layout: chart
    title: 柱形
    chart:
      type: column
      categories: [仓储, 品质, 物流, 营销]
      series:
        - {name: 2026年, values: [3.3, 10.2, 5.2, 3.9]}
        - {name: 2025年, values: [3.9, 12.2, 5.8, 4.6]}
"#;
    let (o, out) = build_text(dir.path(), yaml, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    let slides = p.slides();
    let bar = p.text(&slide_charts(&p, &slides[0])[0]);
    let ser = chart_series(&bar);
    // Written bottom-up: last series and last category first, axis minMax.
    assert_eq!(ser.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["2025年", "2026年"]);
    assert_eq!(ser[0].cats, ["营销", "物流", "品质", "仓储"]);
    assert_eq!(ser[1].vals, [Some(3.9), Some(5.2), Some(10.2), Some(3.3)]);
    assert!(!bar.contains("maxMin"), "not reversed: the data is");
    // Drawn top-down: the top category is 仓储, and within it 2026年 (the
    // series written last sits on top of a group) – the spec's order.
    let top_cat = ser[0].cats.last().unwrap();
    let top_series = &ser.last().unwrap().name;
    assert_eq!((top_cat.as_str(), top_series.as_str()), ("仓储", "2026年"));
    // A column chart keeps the spec's order left to right, as its legend.
    let col = chart_series(&p.text(&slide_charts(&p, &slides[1])[0]));
    assert_eq!(col.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["2026年", "2025年"]);
}

/// A number as an Excel format code shows it (`0.0%`, `#,##0.00`): enough
/// to tell tick labels apart (separators do not matter).
fn show(v: f64, code: &str) -> String {
    let c = code.split(';').next().unwrap();
    let pct = c.contains('%');
    let dec = c.split_once('.').map(|(_, f)| f.chars().take_while(|c| *c == '0').count()).unwrap_or(0);
    let x = if pct { v * 100.0 } else { v };
    format!("{:.*}{}", dec, x, if pct { "%" } else { "" })
}

fn is_nice(step: f64) -> bool {
    let m = step / 10f64.powf(step.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0].iter().any(|n| (m - n).abs() < 1e-6)
}

#[test]
fn value_axes_have_nice_distinct_ticks() {
    let mut axes = 0;
    for spec in DECKS {
        let (_d, p) = built(spec);
        for part in charts(&p) {
            let xml = p.text(&part);
            // Each value axis: its own children (not those of its title or text).
            let mut found: Vec<BTreeMap<&str, String>> = Vec::new();
            for m in walk(&xml) {
                if m.name == "c:valAx" {
                    found.push(BTreeMap::new());
                    continue;
                }
                let own = match m.path.as_slice() {
                    [.., a, b] => b == "c:valAx" || (a == "c:valAx" && b == "c:scaling"),
                    _ => false,
                };
                if !own {
                    continue;
                }
                let Some(cur) = found.last_mut() else { continue };
                match m.name.as_str() {
                    "c:min" | "c:max" => {
                        cur.insert(if m.name == "c:min" { "min" } else { "max" }, m.attrs["val"].clone())
                    }
                    "c:majorUnit" => cur.insert("major", m.attrs["val"].clone()),
                    "c:numFmt" => cur.insert("fmt", m.attrs["formatCode"].clone()),
                    _ => None,
                };
            }
            for cur in found {
                let (Some(min), Some(max), Some(major)) = (cur.get("min"), cur.get("max"), cur.get("major")) else {
                    continue; // an axis the application scales (scatter, radar)
                };
                let (min, max, major): (f64, f64, f64) =
                    (min.parse().unwrap(), max.parse().unwrap(), major.parse().unwrap());
                let n = ((max - min) / major).round() as usize;
                let ticks: Vec<String> = (0..=n).map(|i| show(min + i as f64 * major, &cur["fmt"])).collect();
                assert!(ticks.windows(2).all(|w| w[0] != w[1]), "{spec} {part}: ticks {ticks:?}");
                assert!((2..=10).contains(&n), "{spec} {part}: {n} intervals");
                axes += 1;
            }
        }
    }
    assert!(axes > 40, "{axes} axes checked");
}

#[test]
fn chosen_major_units_are_nice() {
    // Axes the spec leaves alone get 1, 2, 2.5 or 5 × 10ⁿ.
    let (_d, p) = built("decks/monthly.yaml");
    let mut seen = 0;
    for part in charts(&p) {
        for m in walk(&p.text(&part)) {
            if m.name == "c:majorUnit" && m.path.last().is_some_and(|x| x == "c:valAx") {
                let v: f64 = m.attrs["val"].parse().unwrap();
                assert!(is_nice(v), "{part}: major unit {v}");
                seen += 1;
            }
        }
    }
    assert!(seen > 10);
}

#[test]
fn narrow_bands_of_columns_become_a_line() {
    // Annual 15: twelve months of 99.43–99.47% as bars from 99.40% made
    // 99.43% look half of 99.47%. A bar's length encodes its value: the
    // months are a line with markers, on an axis at least 2 pp wide that
    // stays within 100%, and nothing crosses the category axis elsewhere.
    let (_d, p) = built("decks/annual.yaml");
    let slide = slide_titled(&p, "旺旺回复率");
    let xml = p.text(&slide_charts(&p, &slide)[0]);
    assert!(elements(&xml, "c:barChart").is_empty() && elements(&xml, "c:crossesAt").is_empty());
    let line = &xml[xml.find("<c:lineChart>").unwrap()..];
    assert!(line.contains("<c:v>回复率</c:v>"), "the months are drawn as a line");
    let min: f64 = elements(&xml, "c:min")[0]["val"].parse().unwrap();
    let max: f64 = elements(&xml, "c:max")[0]["val"].parse().unwrap();
    assert!(max - min >= 0.02 - 1e-9 && max <= 1.0 + 1e-9 && min > 0.9, "{min}..{max}");
}

#[test]
fn chinese_axis_titles_are_never_on_their_side() {
    let mut titles = 0;
    for spec in DECKS {
        let (_d, p) = built(spec);
        for part in charts(&p) {
            let xml = p.text(&part);
            let mets = walk(&xml);
            for (i, m) in mets.iter().enumerate() {
                let axis = m.path.iter().rev().find(|a| matches!(a.as_str(), "c:valAx" | "c:catAx" | "c:dateAx"));
                if m.name != "a:bodyPr" || axis.is_none() || !m.path.iter().any(|a| a == "c:title") {
                    continue;
                }
                // The axis's position: the nearest c:axPos before this title.
                let pos = mets[..i].iter().rev().find(|x| x.name == "c:axPos").map(|x| x.attrs["val"].clone()).unwrap();
                match pos.as_str() {
                    "l" | "r" => assert_eq!(
                        m.attrs.get("vert").map(String::as_str),
                        Some("wordArtVert"),
                        "{spec} {part}: stacked upright"
                    ),
                    _ => assert_eq!(m.attrs.get("rot").map(String::as_str), Some("0"), "{spec} {part}: level"),
                }
                titles += 1;
            }
        }
    }
    assert!(titles >= 10, "{titles} axis titles");
}

#[test]
fn thirty_one_days_show_every_kth_label() {
    // Monthly deck, December: 31 days on one axis. A date axis labels every
    // k-th day, so no label has to turn or wrap.
    let (_d, p) = built("decks/monthly.yaml");
    let mut seen = 0;
    for part in charts(&p) {
        let xml = p.text(&part);
        let ser = chart_series(&xml);
        let Some(first) = ser.first() else { continue };
        let n = first.vals.len();
        if n != 31 {
            continue;
        }
        let date = elements(&xml, "c:dateAx");
        let skip = elements(&xml, "c:tickLblSkip");
        let every: usize = if !date.is_empty() {
            let mu = walk(&xml)
                .into_iter()
                .find(|m| m.name == "c:majorUnit" && m.path.last().is_some_and(|x| x == "c:dateAx"))
                .expect("a date axis has a major unit");
            assert!(xml.contains("<c:majorTimeUnit val=\"days\"/>"));
            mu.attrs["val"].parse().unwrap()
        } else {
            skip.first().map(|s| s["val"].parse().unwrap()).unwrap_or(1)
        };
        assert!(every >= 2, "{part}: 31 days labelled every {every}");
        // The frame's width holds the labels shown side by side (10 pt, "12/01" ≈ 27 pt).
        let shown = n.div_ceil(every);
        assert!(shown as f64 * 30.0 < 700.0, "{part}");
        seen += 1;
    }
    assert!(seen >= 3, "{seen} daily charts");
}

#[test]
fn trendlines_are_named_in_chinese() {
    let (_d, p) = built("decks/charts.yaml");
    let slide = slide_titled(&p, "平滑折线与趋势线：询单转化率");
    let xml = p.text(&slide_charts(&p, &slide)[0]);
    let names = texts(&xml, "c:name");
    assert_eq!(names, ["趋势线（询单转化率）", "移动平均（接待满意率）"]);
}

#[test]
fn ties_are_highlighted_alike() {
    // Review deck, 中差评数 by month with `highlight: {max: bad}`: every month at
    // the maximum is coloured, not only the first or last one.
    let (_d, p) = built("decks/review.yaml");
    let slide = slide_titled(&p, "客户满意与中差评");
    let part = slide_charts(&p, &slide).into_iter().find(|c| chart_series(&p.text(c))[0].name == "中差评数").unwrap();
    let s = &chart_series(&p.text(&part))[0];
    let max = s.vals.iter().flatten().copied().fold(f64::MIN, f64::max);
    let at_max: Vec<usize> = (0..s.vals.len()).filter(|i| s.vals[*i] == Some(max)).collect();
    assert!(!at_max.is_empty());
    assert_eq!(s.dpt, at_max, "max {max}");
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x9FFF | 0xF900..=0xFAFF)
}

/// Every text a deck shows: slide and notes text, and chart text (titles,
/// categories, series names, trendline names).
fn deck_texts(p: &Package) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (name, bytes) in &p.parts {
        if !name.ends_with(".xml") {
            continue;
        }
        let xml = String::from_utf8_lossy(bytes).to_string();
        if name.starts_with("ppt/slides/slide") || name.starts_with("ppt/notesSlides/") {
            out.extend(paragraphs(&xml).into_iter().map(|t| (name.clone(), t)));
        } else if name.starts_with("ppt/charts/chart") {
            for tag in ["a:t", "c:v", "c:name"] {
                out.extend(texts(&xml, tag).into_iter().map(|t| (name.clone(), t)));
            }
        }
    }
    out
}

const PRODUCTS: [&str; 4] = ["decks/annual.yaml", "decks/review.yaml", "decks/monthly.yaml", "decks/weekly.yaml"];

#[test]
fn chinese_text_has_full_width_punctuation() {
    for spec in DECKS {
        let (_d, p) = built(spec);
        for (part, t) in deck_texts(&p) {
            let chars: Vec<char> = t.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                if !matches!(c, ':' | ';' | ',' | '(' | ')') {
                    continue;
                }
                let prev = i.checked_sub(1).map(|k| chars[k]);
                let next = chars.get(i + 1).copied();
                // A colon, comma or bracket right after Chinese, or a colon before it.
                let bad = prev.is_some_and(is_cjk) || (matches!(c, ':' | ';' | '(') && next.is_some_and(is_cjk));
                assert!(!bad, "{spec} {part}: ASCII `{c}` in {t:?}");
            }
        }
    }
    // The cover's own words, from the layout.
    let (_d, p) = built("decks/annual.yaml");
    let cover = slide_text(&p, &p.slides()[0]);
    assert!(cover.contains("汇报人："), "{cover}");
}

#[test]
fn product_decks_have_no_english_words() {
    // Abbreviations the domain writes in capitals (DSR, ROI, TOP, PPT) pass, and
    // the specs' own "vs"; words ("Linear", "average", "Q1") do not.
    for spec in PRODUCTS {
        let (_d, p) = built(spec);
        for (part, t) in deck_texts(&p) {
            for w in t.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| w.len() >= 2) {
                let abbreviation = w.chars().all(|c| c.is_ascii_uppercase());
                assert!(abbreviation || w == "vs", "{spec} {part}: English `{w}` in {t:?}");
            }
            // Quarters are 第一季度…第四季度, not Q1–Q4.
            assert!(!t.contains("Q1") && !t.contains("Q4"), "{spec} {part}: {t:?}");
        }
    }
}

#[test]
fn quarters_are_named_in_chinese() {
    let (_d, p) = built("decks/annual.yaml");
    let slide = slide_titled(&p, "客服部成本结构（季度）");
    let ser = chart_series(&p.text(&slide_charts(&p, &slide)[0]));
    assert_eq!(ser[0].cats, ["第一季度", "第二季度", "第三季度", "第四季度"]);
}

#[test]
fn no_doubled_words_and_one_money_unit() {
    for spec in PRODUCTS {
        let (_d, p) = built(spec);
        for (part, t) in deck_texts(&p) {
            assert!(!t.contains("年年度"), "{spec} {part}: {t:?}");
            // Money in 万 is 万元; a bare 万 after a number is only a count's (万人, 万次…).
            let chars: Vec<char> = t.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                if *c == '万' && i > 0 && chars[i - 1].is_ascii_digit() {
                    let next = chars.get(i + 1).copied();
                    assert!(next.is_some_and(|n| "元人次件单个条".contains(n)), "{spec} {part}: a bare 万 in {t:?}");
                }
            }
        }
    }
    // `{{period.label}}年度…` reads 2026年度…, never 2026年年度….
    let dir = tempfile::tempdir().unwrap();
    let yaml = "deck: {title: 测试}\nperiod: 2026\nslides:\n  - layout: contents\n    title: 目录\n    \
                subtitle: \"{{period.label}}年度汇报\"\n    text: [一, 二]\n";
    let (o, out) = build_text(dir.path(), yaml, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    let contents = slide_text(&p, &p.slides()[0]);
    assert!(contents.contains("2026年度汇报"), "{contents}");
}

/// Each run of a slide: its text, colour (hex, when an RGB colour) and size.
fn runs(xml: &str) -> Vec<(String, String, u32)> {
    let mut out = Vec::new();
    let mut r = Reader::from_str(xml);
    let (mut in_r, mut in_rpr, mut in_t) = (false, false, false);
    let (mut text, mut color, mut size) = (String::new(), String::new(), 0u32);
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) => match e.name().as_ref() {
                "a:r" => {
                    in_r = true;
                    text.clear();
                    color.clear();
                    size = 0;
                }
                "a:rPr" if in_r => {
                    in_rpr = true;
                    size = attr(&e, "sz").parse().unwrap_or(0);
                }
                "a:t" if in_r => in_t = true,
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                "a:rPr" if in_r => size = attr(&e, "sz").parse().unwrap_or(0),
                "a:srgbClr" if in_rpr && color.is_empty() => color = attr(&e, "val"),
                _ => {}
            },
            Event::Text(t) if in_t => text.push_str(&t.xml10_content()),
            Event::End(e) => match e.name().as_ref() {
                "a:r" => {
                    in_r = false;
                    out.push((text.clone(), color.clone(), size));
                }
                "a:rPr" => in_rpr = false,
                "a:t" => in_t = false,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn status_colours_follow_one_rule() {
    // Theme business-blue: good 2E9E5B, bad D64541, neutral 7F7F7F.
    // Weekly: 持平 in the 环比 column is neutral, never red or green.
    let (_d, p) = built("decks/weekly.yaml");
    let mut flat = 0;
    for s in p.slides() {
        for (t, c, _) in runs(&p.text(&s)) {
            if t.contains("持平") {
                assert_eq!(c, "7F7F7F", "{s}: {t}");
                flat += 1;
            }
        }
    }
    // Annual KPI cards: the achievement of a missed target is red, of a met one green.
    let (_d, p) = built("decks/annual.yaml");
    let cards = runs(&p.text(&slide_titled(&p, "2026年核心指标一览")));
    let mut seen = (0, 0);
    for (i, (t, _, _)) in cards.iter().enumerate() {
        if t.trim() == "目标达成率" {
            let (pct, color, _) = &cards[i + 1];
            let v: f64 = pct.trim_end_matches('%').parse().unwrap();
            let want = if v >= 100.0 { "2E9E5B" } else { "D64541" };
            assert_eq!(color, want, "目标达成率 {pct}");
            if v >= 100.0 { seen.0 += 1 } else { seen.1 += 1 }
        }
    }
    assert!(seen.0 > 0 && seen.1 > 0, "met and missed targets on the cards: {seen:?}");
    assert!(flat > 0, "the weekly sample has a flat figure (客服销售占比)");
}

#[test]
fn body_text_is_at_least_12_points() {
    for spec in DECKS {
        let (_d, p) = built(spec);
        for s in p.slides() {
            for (t, _, sz) in runs(&p.text(&s)) {
                if !t.trim().is_empty() && sz > 0 {
                    assert!(sz >= 1200, "{spec} {s}: {t:?} at {sz}");
                }
            }
        }
    }
}

/// The height (EMU) of the shape named `name`: the first `a:ext` after its `p:cNvPr`.
fn height_of(xml: &str, name: &str) -> i64 {
    let mets = walk(xml);
    let at = mets
        .iter()
        .position(|m| m.name == "p:cNvPr" && m.attrs.get("name").is_some_and(|n| n == name))
        .unwrap_or_else(|| panic!("no shape {name}"));
    mets[at..].iter().find(|m| m.name == "a:ext").unwrap().attrs["cy"].parse().unwrap()
}

#[test]
fn few_items_fill_the_slide() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = r#"
deck: {title: 版面}
slides:
  - layout: bullets
    title: 两条要点
    text: [第一条要点, 第二条要点]
  - layout: kpis
    title: 四张卡片
    kpis:
      - {label: 甲, value: "1"}
      - {label: 乙, value: "2"}
      - {label: 丙, value: "3"}
      - {label: 丁, value: "4"}
  - layout: table
    title: 三行表格
    table:
      columns: [指标, 数值]
      rows: [[甲, "1"], [乙, "2"], [丙, "3"]]
"#;
    let (o, out) = build_text(dir.path(), yaml, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    let slides = p.slides();
    let layout = |name: &str| -> String { std::fs::read_to_string(root().join("layouts").join(name)).unwrap() };
    // Two bullets grow past the layout's size and sit in the middle of their box.
    let bullets = p.text(&slides[0]);
    let proto = runs(&layout("bullets.xml")).into_iter().find(|r| r.0.contains("{{text}}")).unwrap().2;
    let sz = runs(&bullets).into_iter().find(|r| r.0 == "第一条要点").unwrap().2;
    assert!(sz > proto, "{sz} vs the layout's {proto}");
    assert!(bullets.contains("anchor=\"ctr\""));
    // Four KPI cards are taller than the layout's card, their values larger.
    let kpis = p.text(&slides[1]);
    assert!(height_of(&kpis, "kpis 1") > height_of(&layout("kpis.xml"), "kpis.item") * 5 / 4, "stretched");
    let value = |xml: &str, t: &str| runs(xml).into_iter().find(|r| r.0 == t).unwrap().2;
    assert!(value(&kpis, "1") > value(&layout("kpis.xml"), "{{value}}"));
    // Three table rows take most of the table's slot.
    let frame = height_of(&p.text(&slides[2]), "table");
    let slot = height_of(&layout("table.xml"), "table");
    assert!(frame * 10 >= slot * 6, "table {frame} of slot {slot}");
}
