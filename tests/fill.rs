//! Filling a deck the user made (`deck.fill`): the weekly report filled into
//! decks/assets/周报模板.pptx (written by python-pptx) and PowerPoint's own
//! specimens from python-pptx's test suite. Figures are recomputed here
//! from the workbook with calamine; the chart XML is compared with the
//! template's, element by element, outside the data.

mod common;
use common::*;
use quick_xml::events::Event;
use quick_xml::reader::Reader;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A part's XML as lines (`depth name attrs` or `depth "text"`), leaving out
/// what a refill may change: the data of each series (`c:tx`, `c:cat`,
/// `c:val`, `c:xVal`, `c:yVal`, `c:bubbleSize`), series from number `keep`
/// on, the text of titles (`a:t`, expressions there are filled) and the sign
/// of axis ids (made unsigned).
fn skeleton(xml: &str, keep: usize) -> Vec<String> {
    const DATA: &[&str] = &["c:tx", "c:cat", "c:val", "c:xVal", "c:yVal", "c:bubbleSize"];
    let mut r = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut skip: Option<usize> = None;
    let mut series = 0;
    loop {
        let ev = r.read_event().expect("well-formed XML");
        let (name, empty) = match &ev {
            Event::Start(e) => (e.name().as_ref().to_string(), false),
            Event::Empty(e) => (e.name().as_ref().to_string(), true),
            Event::End(_) => {
                stack.pop();
                if skip.is_some_and(|d| stack.len() < d) {
                    skip = None;
                }
                continue;
            }
            Event::Text(t) => {
                if skip.is_none() && stack.last().is_some_and(|n| n != "a:t") {
                    let s = t.xml10_content().to_string();
                    if !s.trim().is_empty() {
                        out.push(format!("{} {s:?}", stack.len()));
                    }
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let (Event::Start(e) | Event::Empty(e)) = &ev else { continue };
        let depth = stack.len();
        if skip.is_none() {
            let in_ser = stack.last().is_some_and(|p| p == "c:ser");
            if name == "c:ser" {
                series += 1;
                if series > keep {
                    skip = Some(depth + 1);
                }
            } else if in_ser && DATA.contains(&name.as_str()) {
                skip = Some(depth + 1);
            }
        }
        if skip.is_none() {
            let mut attrs: Vec<String> = e
                .attributes()
                .map(|a| {
                    let a = a.unwrap();
                    let k = a.key.as_ref().to_string();
                    let mut v = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap().to_string();
                    if (name == "c:axId" || name == "c:crossAx")
                        && let Ok(n) = v.parse::<i64>()
                        && n < 0
                    {
                        v = (n + (1i64 << 32)).to_string();
                    }
                    format!("{k}={v}")
                })
                .collect();
            attrs.sort();
            out.push(format!("{depth} {name} {}", attrs.join(" ")));
        }
        if !empty {
            stack.push(name);
        } else if skip == Some(depth + 1) {
            skip = None;
        }
    }
    out
}

/// The chart part of the frame named `name` on `slide`.
fn chart_named(p: &Package, slide: &str, name: &str) -> String {
    let xml = p.text(slide);
    let rels = p.rels(slide);
    let frame = &xml[xml.find(&format!("name=\"{name}\"")).unwrap_or_else(|| panic!("{slide}: no shape {name}"))..];
    let chart = &frame[frame.find("<c:chart ").unwrap()..];
    let rid = chart.split("r:id=\"").nth(1).unwrap().split('"').next().unwrap();
    rels.iter().find(|r| r.0 == rid).unwrap().2.clone()
}

/// Every cache of a chart holds what its embedded workbook's cells hold.
fn caches_are_the_workbook(p: &Package, chart: &str) {
    let xlsx = p.chart_workbook(chart);
    for s in chart_series(&p.text(chart)) {
        assert_eq!(workbook_cells(&xlsx, &s.name_f), vec![calamine::Data::String(s.name.clone())], "{chart}");
        if !s.cat_f.is_empty() {
            let cells = workbook_cells(&xlsx, &s.cat_f);
            assert_eq!(cells.len(), s.cats.len(), "{chart}: {}", s.cat_f);
            for (c, t) in cells.iter().zip(&s.cats) {
                let shown = match c {
                    calamine::Data::Float(f) => format!("{f}"),
                    calamine::Data::Int(i) => format!("{i}"),
                    other => other.to_string(),
                };
                assert_eq!(&shown, t, "{chart}: {}", s.cat_f);
            }
        }
        let cells = workbook_cells(&xlsx, &s.val_f);
        assert_eq!(cells.len(), s.vals.len(), "{chart}: {}", s.val_f);
        for (c, v) in cells.iter().zip(&s.vals) {
            match (c, v) {
                (calamine::Data::Float(f), Some(x)) => assert_eq!(f, x, "{chart}: {}", s.val_f),
                (calamine::Data::Int(f), Some(x)) => assert_eq!(*f as f64, *x, "{chart}: {}", s.val_f),
                (calamine::Data::Empty, None) => {}
                other => panic!("{chart}: {}: {other:?}", s.val_f),
            }
        }
    }
}

/// Axis ids are unsigned in every chart (PowerPoint for Mac and python-pptx write signed ones).
fn axis_ids_unsigned(p: &Package, chart: &str) {
    let xml = p.text(chart);
    for name in ["c:axId", "c:crossAx"] {
        for a in elements(&xml, name) {
            assert!(a["val"].parse::<u32>().is_ok(), "{chart}: {name} {}", a["val"]);
        }
    }
}

/// The template's parts.
fn template() -> Package {
    Package::open(&root().join("decks/assets/周报模板.pptx"))
}

/// Rows of a sheet of the weekly workbook dated within `from..from+7` (Excel serials).
fn week_rows(sh: &Sheet, from: i64) -> Vec<&Vec<calamine::Data>> {
    let d = sh.col("日期");
    sh.rows
        .iter()
        .filter(|r| match &r[d] {
            calamine::Data::DateTime(x) => (from..from + 7).contains(&(x.as_f64() as i64)),
            _ => false,
        })
        .collect()
}

/// 2026-W47 starts on Monday 2026-11-16, serial 46342; `last-week` on 2026-11-23.
const W47: i64 = 46342;

fn weekly(dir: &Path) -> Package {
    let out = dir.join("weekly-fill.pptx");
    build(&root().join("decks/weekly-fill.yaml"), &out, &[]);
    Package::open(&out)
}

#[test]
fn every_expression_is_filled_also_when_split_across_runs() {
    let dir = tempfile::tempdir().unwrap();
    let p = weekly(dir.path());
    for (name, data) in &p.parts {
        if name.ends_with(".xml") {
            let text = String::from_utf8_lossy(data);
            assert!(!text.contains("{{") && !text.contains("}}"), "{name} still has an expression");
        }
    }
    // The template typed 询单转化率 in three runs: `{{询单` (28pt bold, blue), `转化` (orange), `率}}`.
    let tpl = template().text("ppt/slides/slide2.xml");
    assert!(tpl.contains("<a:t>{{询单</a:t>") && tpl.contains("<a:t>率}}</a:t>"), "the template splits the token");
    let day = Sheet::read(&root().join("decks/data/weekly.xlsx"), "日数据");
    let rows = week_rows(&day, W47);
    assert_eq!(rows.len(), 7);
    let sum = |c: &str| rows.iter().map(|r| day.num(r, c).unwrap()).sum::<f64>();
    let rate = sum("下单人数") / sum("询单人数");
    let shown = format!("{:.1}%", rate * 100.0);
    let xml = p.text(&p.slides()[1]);
    let at = xml.find(&format!("<a:t>{shown}</a:t>")).unwrap_or_else(|| panic!("slide 2 shows no {shown}"));
    let run = &xml[xml[..at].rfind("<a:r>").unwrap()..at];
    assert!(
        run.contains("sz=\"2800\"") && run.contains("b=\"1\"") && run.contains("1F5C99"),
        "first run's look: {run}"
    );
    // In a group, in notes and in a chart title too.
    let group = paragraphs(&xml).into_iter().find(|t| t.starts_with("询单") && t.contains("下单")).unwrap();
    assert!(shows(&group, sum("询单人数")), "{group}");
    let notes = p.rels(&p.slides()[1]).into_iter().find(|r| r.1 == "notesSlide").unwrap().2;
    assert!(shows(&p.text(&notes), sum("店铺销售额")), "notes: {}", p.text(&notes));
    let chart = chart_named(&p, &p.slides()[2], "每日销售额");
    assert!(texts(&p.text(&chart), "a:t").concat().starts_with("2026年第47周"), "chart title");
}

#[test]
fn refilled_charts_hold_the_data_in_cache_and_workbook_and_keep_their_formatting() {
    let dir = tempfile::tempdir().unwrap();
    let p = weekly(dir.path());
    let t = template();
    let day = Sheet::read(&root().join("decks/data/weekly.xlsx"), "日数据");
    let days = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

    // 每日销售额: two series stay two, three points become seven.
    let sales = chart_named(&p, &p.slides()[2], "每日销售额");
    let before = chart_series(&t.text("ppt/charts/chart1.xml"));
    assert_eq!((before.len(), before[0].vals.len()), (2, 3));
    let s = chart_series(&p.text(&sales));
    assert_eq!(s.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(), ["本周", "上周"]);
    for (ser, week) in s.iter().zip([W47, W47 - 7]) {
        assert_eq!(ser.cats, days);
        let truth: Vec<Option<f64>> = week_rows(&day, week).iter().map(|r| day.num(r, "店铺销售额")).collect();
        assert_eq!(ser.vals, truth, "{}", ser.name);
    }
    caches_are_the_workbook(&p, &sales);
    axis_ids_unsigned(&p, &sales);
    // The point painted orange by hand is still orange; nothing else of the chart moved.
    assert_eq!(s[0].dpt, vec![2]);
    assert_eq!(skeleton(&t.text("ppt/charts/chart1.xml"), 2), skeleton(&p.text(&sales), 2));

    // 每日响应时间: three series become two, five points become seven.
    let times = chart_named(&p, &p.slides()[3], "每日响应时间");
    let before = chart_series(&t.text("ppt/charts/chart2.xml"));
    assert_eq!((before.len(), before[0].vals.len()), (3, 5));
    let s = chart_series(&p.text(&times));
    assert_eq!((s.len(), s[0].vals.len(), s[1].vals.len()), (2, 7, 7));
    let truth: Vec<Option<f64>> = week_rows(&day, W47).iter().map(|r| day.num(r, "首响(秒)")).collect();
    assert_eq!(s[0].vals, truth);
    caches_are_the_workbook(&p, &times);
    assert_eq!(skeleton(&t.text("ppt/charts/chart2.xml"), 2), skeleton(&p.text(&times), 2));
    assert_ne!(skeleton(&t.text("ppt/charts/chart2.xml"), 3), skeleton(&p.text(&times), 3), "the third series went");
}

#[test]
fn table_rows_grow_and_copy_the_users_rows() {
    let dir = tempfile::tempdir().unwrap();
    let p = weekly(dir.path());
    let focus = Sheet::read(&root().join("decks/data/weekly.xlsx"), "下周重点");
    let rows = week_rows(&focus, W47);
    assert!(rows.len() > 2, "the week has more items than the template's two rows");
    let xml = p.text(&p.slides()[4]);
    let tbl = &xml[xml.find("<a:tbl>").unwrap()..xml.find("</a:tbl>").unwrap()];
    let trs: Vec<&str> =
        tbl.match_indices("<a:tr ").map(|(i, _)| &tbl[i..i + tbl[i..].find("</a:tr>").unwrap() + 7]).collect();
    assert_eq!(trs.len(), 1 + rows.len());
    assert_eq!(paragraphs(trs[0]), ["事项", "负责人", "目标", "截止日期"]);
    for (k, r) in rows.iter().enumerate() {
        let cells = paragraphs(trs[k + 1]);
        let (_, m, d) = focus.date(r, "截止日期");
        assert_eq!(
            cells,
            [focus.text(r, "事项"), focus.text(r, "负责人"), focus.text(r, "目标"), format!("{m}月{d}日")]
        );
    }
    // The template painted its second row; rows copy the user's rows in turn.
    let painted: Vec<bool> = trs[1..].iter().map(|r| r.contains("EEF3F9")).collect();
    let expect: Vec<bool> = (0..rows.len()).map(|k| k % 2 == 1).collect();
    assert_eq!(painted, expect);
    // The frame is as tall as its rows.
    let h: i64 = elements(tbl, "a:tr").iter().map(|a| a["h"].parse::<i64>().unwrap()).sum();
    let frame = xml[..xml.find("<a:tbl>").unwrap()].rfind("<p:xfrm>").unwrap();
    assert!(xml[frame..].contains(&format!("cy=\"{h}\"")));
}

#[test]
fn a_slide_repeats_per_row_and_untouched_parts_stay_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let p = weekly(dir.path());
    let t = template();
    // The 待办 items that need another department and are open on W47's Sunday.
    let todo = Sheet::read(&root().join("decks/data/weekly.xlsx"), "待办");
    let serial = |r: &[calamine::Data], c: &str| match &r[todo.col(c)] {
        calamine::Data::DateTime(x) => Some(x.as_f64() as i64),
        _ => None,
    };
    let end = W47 + 6;
    let items: Vec<String> = todo
        .rows
        .iter()
        .filter(|r| todo.text(r, "类型") == "需要协助" && serial(r, "提出日期").is_some_and(|d| d <= end))
        .filter(|r| match serial(r, "完成日期") {
            Some(d) => d > end,
            None => todo.text(r, "状态") != "已完成",
        })
        .map(|r| todo.text(r, "事项"))
        .collect();
    assert!(!items.is_empty());
    let titles: Vec<String> = p
        .slides()
        .iter()
        .map(|s| paragraphs(&p.text(s)).into_iter().find(|t| !t.trim().is_empty()).unwrap_or_default())
        .filter(|t| t.starts_with("需要协助："))
        .collect();
    assert_eq!(titles, items.iter().map(|i| format!("需要协助：{i}")).collect::<Vec<_>>());

    // Parts deckgen had no reason to touch are the template's bytes.
    let touched: BTreeSet<&str> =
        ["ppt/presentation.xml", "ppt/_rels/presentation.xml.rels", "[Content_Types].xml"].into();
    let mut same = 0;
    for (name, data) in &t.parts {
        let text = String::from_utf8_lossy(data);
        let refilled = name.starts_with("ppt/charts/") || name.starts_with("ppt/embeddings/");
        if text.contains("{{") || refilled || touched.contains(name.as_str()) {
            continue;
        }
        assert_eq!(p.parts.get(name), Some(data), "{name} changed");
        same += 1;
    }
    assert!(same >= 30, "only {same} parts compared");
}

/// A copy of the weekly fill spec with other `fill.slides`, data and deck by absolute path.
fn weekly_variant(dir: &Path, slides: &str) -> Package {
    let spec = std::fs::read_to_string(root().join("decks/weekly-fill.yaml")).unwrap();
    let spec = spec
        .replace(
            "fill: assets/周报模板.pptx",
            &format!("fill: {}", root().join("decks/assets/周报模板.pptx").display()),
        )
        .replace("shop: data/weekly.xlsx", &format!("shop: {}", root().join("decks/data/weekly.xlsx").display()));
    let i = spec.find("\n  slides:").unwrap();
    let (o, path) = build_text(dir, &format!("{}\n  slides:\n{slides}", &spec[..i]), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    Package::open(&path)
}

#[test]
fn when_false_drops_a_slide_with_its_chart_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    let p = weekly_variant(
        dir.path(),
        "    - {slide: 3, when: \"false\"}\n    - {slide: 1, when: \"1 > 2\"}\n    - {slide: 6, when: \"0\"}\n",
    );
    assert_eq!(p.slides().len(), 5);
    assert!(!p.parts.keys().any(|n| n == "ppt/slides/slide1.xml" || n == "ppt/slides/slide3.xml"));
    assert!(!p.parts.contains_key("ppt/charts/chart1.xml"), "the dropped slide's chart");
    let workbooks = |pkg: &Package| pkg.parts.keys().filter(|n| n.starts_with("ppt/embeddings/")).count();
    assert_eq!(workbooks(&p), workbooks(&template()) - 1, "the dropped chart's workbook");
    let types = p.text("[Content_Types].xml");
    for o in elements(&types, "Override") {
        assert!(p.parts.contains_key(&o["PartName"][1..]), "override for a part that went: {}", o["PartName"]);
    }
    let pres = p.text("ppt/presentation.xml");
    let rels = p.rels("ppt/presentation.xml");
    for s in elements(&pres, "p:sldId") {
        let target = &rels.iter().find(|r| r.0 == s["r:id"]).unwrap().2;
        assert!(p.parts.contains_key(target), "{target}");
    }
    assert!(!rels.iter().any(|r| r.1 == "slide" && !p.parts.contains_key(&r.2)));
    // Slide 1's notes went with it; slide 2's stayed.
    let notes: Vec<&String> = p.parts.keys().filter(|n| n.starts_with("ppt/notesSlides/notesSlide")).collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
}

#[test]
fn a_repeated_slide_for_each_value_shows_that_values_figures() {
    let dir = tempfile::tempdir().unwrap();
    let deck = root().join("tests/specimens/small-deck.pptx");
    let book = root().join("decks/data/review.xlsx");
    let spec = format!(
        "deck:\n  title: 各组接待量\n  fill: {}\nperiod: 2026-Q1\nsources:\n  r: {}\nmetrics:\n  接待量: {{sum: 客服月度.接待量, unit: 次}}\n\
         fill:\n  slides:\n    - slide: 1\n      repeat: {{for_each: '客服月度[小组]', as: item}}\n      charts:\n        接待量: {{series: [{{metric: 接待量, name: 接待量}}], by: month}}\n    - {{slide: 2, when: \"false\"}}\n",
        deck.display(),
        book.display()
    );
    let (o, path) = build_text(dir.path(), &spec, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&path);
    let sh = Sheet::read(&book, "客服月度");
    let mut groups: Vec<String> = Vec::new();
    let mut totals: BTreeMap<(String, u32), f64> = BTreeMap::new();
    for r in &sh.rows {
        let (y, m, _) = sh.date(r, "月份");
        if y != 2026 || m > 3 {
            continue;
        }
        let g = sh.text(r, "小组");
        if !groups.contains(&g) {
            groups.push(g.clone());
        }
        *totals.entry((g, m)).or_default() += sh.num(r, "接待量").unwrap();
    }
    assert!(groups.len() > 1);
    assert_eq!(p.slides().len(), groups.len());
    let mut charts = BTreeSet::new();
    for (s, g) in p.slides().iter().zip(&groups) {
        let title = paragraphs(&p.text(s)).remove(0);
        let total: f64 = (1..=3).map(|m| totals[&(g.clone(), m)]).sum();
        assert!(title.starts_with(&format!("{g}：接待量")) && shows(&title, total), "{title}");
        let chart = chart_named(&p, s, "接待量");
        assert!(charts.insert(chart.clone()), "each copy has its own chart part");
        let ser = &chart_series(&p.text(&chart))[0];
        assert_eq!(ser.vals, (1..=3).map(|m| Some(totals[&(g.clone(), m)])).collect::<Vec<_>>(), "{g}");
        caches_are_the_workbook(&p, &chart);
        let notes = p.rels(s).into_iter().find(|r| r.1 == "notesSlide").unwrap().2;
        assert!(paragraphs(&p.text(&notes)).contains(g), "{g}'s notes");
    }
}

/// The series of each chart a specimen's fill spec names, as the spec gives them.
fn spec_series(spec: &Path) -> Vec<(u64, String, Vec<usize>)> {
    let doc: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(spec).unwrap()).unwrap();
    let mut out = Vec::new();
    for s in doc["fill"]["slides"].as_sequence().into_iter().flatten() {
        for (name, c) in s["charts"].as_mapping().into_iter().flatten() {
            let points = c["series"].as_sequence().unwrap().iter().map(|x| x["values"].as_sequence().unwrap().len());
            out.push((s["slide"].as_u64().unwrap(), name.as_str().unwrap().to_string(), points.collect()));
        }
    }
    out
}

#[test]
fn powerpoint_specimens_refill_with_caches_equal_to_their_workbooks() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["cht-replace-data", "cht-charts", "cht-datalabels", "cht-axis-props"] {
        let spec = root().join(format!("tests/specimens/fill-{name}.yaml"));
        let out = dir.path().join(format!("{name}.pptx"));
        build(&spec, &out, &[]);
        let p = Package::open(&out);
        let t = Package::open(&root().join(format!("tests/specimens/{name}.pptx")));
        let wanted = spec_series(&spec);
        assert!(!wanted.is_empty());
        for (slide, shape, points) in wanted {
            let s = &p.slides()[slide as usize - 1];
            let chart = chart_named(&p, s, &shape);
            let got = chart_series(&p.text(&chart));
            assert_eq!(got.iter().map(|g| g.vals.len()).collect::<Vec<_>>(), points, "{name} slide {slide}");
            let series = points.len();
            caches_are_the_workbook(&p, &chart);
            axis_ids_unsigned(&p, &chart);
            // Outside the data, the chart is PowerPoint's.
            let before = chart_series(&t.text(&chart)).len();
            let kept = before.min(series);
            assert_eq!(skeleton(&t.text(&chart), kept), skeleton(&p.text(&chart), kept), "{name} {chart}");
        }
    }
}

#[test]
fn replace_data_series_and_points_grow_and_shrink() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rd.pptx");
    build(&root().join("tests/specimens/fill-cht-replace-data.yaml"), &out, &[]);
    let p = Package::open(&out);
    let t = Package::open(&root().join("tests/specimens/cht-replace-data.pptx"));
    let counts = |pkg: &Package, k: usize| {
        let s = chart_series(&pkg.text(&format!("ppt/charts/chart{k}.xml")));
        (s.len(), s[0].vals.len())
    };
    // (series, points) before → after, per slide.
    let expect = [((2, 2), (3, 4)), ((2, 2), (1, 1)), ((2, 2), (2, 5)), ((3, 4), (2, 6)), ((1, 3), (1, 6))];
    for (k, (before, after)) in expect.iter().enumerate() {
        assert_eq!(counts(&t, k + 1), *before, "chart{} in the specimen", k + 1);
        assert_eq!(counts(&p, k + 1), *after, "chart{}", k + 1);
    }
    // A series the data adds is numbered after the chart's own.
    let xml = p.text("ppt/charts/chart1.xml");
    let idx: Vec<String> = elements(&xml, "c:idx").iter().map(|a| a["val"].clone()).collect();
    let order: Vec<String> = elements(&xml, "c:order").iter().map(|a| a["val"].clone()).collect();
    assert_eq!(
        (idx, order),
        (vec!["0".to_string(), "1".into(), "2".into()], vec!["0".to_string(), "1".into(), "2".into()])
    );
    // A line that has no value for a day has a gap there, in the cache and the workbook alike.
    let line = chart_series(&p.text("ppt/charts/chart4.xml"));
    assert_eq!(line[1].vals[5], None);
    // Bubble sizes stay the chart's own values.
    let bubble = p.text("ppt/charts/chart7.xml");
    assert!(bubble.contains("<c:bubbleSize><c:numLit>"), "bubble sizes");
}

#[test]
fn tables_refill_in_powerpoints_own_tables() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t.pptx");
    build(&root().join("tests/specimens/fill-tbl-cell.yaml"), &out, &[]);
    let p = Package::open(&out);
    let t = Package::open(&root().join("tests/specimens/tbl-cell.pptx"));
    let rows = |pkg: &Package, slide: &str| -> Vec<usize> {
        let xml = pkg.text(slide);
        xml.split("<a:tbl>").skip(1).map(|t| t.split("</a:tbl>").next().unwrap().matches("<a:tr ").count()).collect()
    };
    assert_eq!(rows(&t, "ppt/slides/slide1.xml"), [4]);
    assert_eq!(rows(&p, "ppt/slides/slide1.xml"), [6]);
    // Merged header cells keep the rows they reach into.
    assert_eq!(rows(&t, "ppt/slides/slide2.xml"), [3, 4]);
    assert_eq!(rows(&p, "ppt/slides/slide2.xml"), [3, 6]);
    assert_eq!(rows(&p, "ppt/slides/slide3.xml"), [5]);
    let text = paragraphs(&p.text("ppt/slides/slide3.xml"));
    assert!(text.windows(3).any(|w| w == ["东", "南", "西"]), "{text:?}");
    // Custom margins and anchors of the copied cells stay.
    let s1 = p.text("ppt/slides/slide1.xml");
    let tpl1 = t.text("ppt/slides/slide1.xml");
    let first_body = |x: &str| {
        x.split("<a:tr ")
            .nth(2)
            .unwrap()
            .split("<a:tc>")
            .nth(1)
            .unwrap()
            .split("<a:tcPr")
            .nth(1)
            .unwrap()
            .split('>')
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(first_body(&s1), first_body(&tpl1));
}
