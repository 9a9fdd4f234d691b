//! Every missed target gets its chain (problem → data → cause → measure →
//! owner → deadline): the annual and monthly tables list each missed
//! target, with the month (or day) furthest from its own target and what
//! the data shows, recomputed here from the workbook; a missed target the
//! team has not written up yet is still listed, said to be 待填写, and
//! `check` warns; the measures appear in next year's work plan.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::Path;

const CHAIN: &str = "未达成目标：数据 → 原因 → 措施 → 负责人 → 完成时间";
const COLUMNS: usize = 7;

/// The table's rows (cells as text) under its header row starting with 指标.
fn table_rows(p: &Package, slide: &str, columns: usize) -> Vec<Vec<String>> {
    let paras = paragraphs(&p.text(slide));
    let from = paras.iter().position(|t| t == "指标").expect("a header cell 指标");
    paras[from..]
        .chunks(columns)
        .skip(1)
        .take_while(|c| c.len() == columns && !c[0].is_empty())
        .map(|c| c.to_vec())
        .collect()
}

/// 2026's months of 首响 (weighted by 接待量) against each month's target.
fn first_response_months(book: &Path) -> Vec<(u32, f64, f64)> {
    let days = Sheet::read(book, "日数据");
    let mut by_month: BTreeMap<u32, (f64, f64)> = BTreeMap::new();
    for r in &days.rows {
        let (y, m, _) = days.date(r, "日期");
        if y != 2026 {
            continue;
        }
        let (Some(v), Some(w)) = (days.num(r, "首响(秒)"), days.num(r, "接待量")) else { continue };
        let e = by_month.entry(m).or_default();
        e.0 += v * w;
        e.1 += w;
    }
    let targets = Sheet::read(book, "目标");
    by_month
        .into_iter()
        .map(|(m, (s, w))| {
            let t = targets
                .rows
                .iter()
                .find(|r| targets.date(r, "月份") == (2026, m, 1))
                .and_then(|r| targets.num(r, "首响目标(秒)"))
                .expect("a target for every month");
            (m, s / w, t)
        })
        .collect()
}

/// The leading 中差评 reason of 2026 and its share.
fn leading_review_reason(book: &Path) -> (String, f64) {
    let sh = Sheet::read(book, "中差评明细");
    let mut by: BTreeMap<String, f64> = BTreeMap::new();
    for r in &sh.rows {
        if sh.date(r, "月份").0 == 2026 {
            *by.entry(sh.text(r, "原因")).or_default() += sh.num(r, "中差评数").unwrap_or(0.0);
        }
    }
    let total: f64 = by.values().sum();
    let (k, v) = by.into_iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
    (k, v / total)
}

#[test]
fn each_missed_target_shows_the_month_furthest_from_target_and_what_the_data_shows() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.pptx");
    let o = build(&root().join("decks/annual.yaml"), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    let rows = table_rows(&p, &slide_titled(&p, CHAIN), COLUMNS);
    let book = root().join("decks/data/annual.xlsx");

    // 首响 missed in the sample year: its row names the month furthest
    // above its own target, with both figures.
    let months = first_response_months(&book);
    let (m, v, t) = months.iter().copied().max_by(|a, b| (a.1 / a.2).total_cmp(&(b.1 / b.2))).unwrap();
    let row = rows.iter().find(|r| r[0] == "首次响应时间").expect("首响 is a missed target with a row");
    assert!(row[2].starts_with(&format!("{m}月（")), "{row:?}");
    assert!(row[2].contains(&format!("{v:.1}秒，目标{t:.1}秒）")), "{m}月 {v:.1}/{t:.1}: {row:?}");

    // 满意率: the leading 中差评 reason, as the data has it.
    let (reason, share) = leading_review_reason(&book);
    let row = rows.iter().find(|r| r[0] == "客户满意率").expect("满意率 is a missed target with a row");
    assert!(row[1].contains(&format!("中差评首因{reason}（占{:.0}%）", share * 100.0)), "{row:?}");

    // The team's columns come from 问题与措施, found by 指标.
    let notes = Sheet::read(&book, "问题与措施");
    for row in &rows {
        let n = notes
            .rows
            .iter()
            .find(|r| notes.text(r, "指标") == row[0] && notes.date(r, "日期").0 == 2026)
            .unwrap_or_else(|| panic!("the sample has a row for {}", row[0]));
        assert_eq!(
            row[3..],
            [notes.text(n, "原因"), notes.text(n, "措施"), notes.text(n, "负责人"), notes.text(n, "完成时间")]
        );
    }
    // No met target has a row: each listed one is worse than its target.
    assert!(rows.iter().all(|r| ["慢于目标", "距目标还差", "高于目标"].iter().any(|w| r[1].contains(w))), "{rows:?}");
}

#[test]
fn a_missed_target_the_team_has_not_written_up_is_listed_and_check_warns() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("data")).unwrap();
    std::fs::create_dir_all(d.join("assets")).unwrap();
    std::fs::copy(root().join("decks/annual.yaml"), d.join("annual.yaml")).unwrap();
    std::fs::copy(root().join("decks/assets/logo.png"), d.join("assets/logo.png")).unwrap();
    let mut all = sheets(&root().join("decks/data/annual.xlsx"));
    let (_, rows) = all.iter_mut().find(|(n, _)| n == "问题与措施").unwrap();
    let before = rows.len();
    rows.retain(|r| r[2] != "首次响应时间");
    assert!(rows.len() < before, "the sample has a 首响 row to remove");
    save(&d.join("data/annual.xlsx"), &all);

    let out = d.join("a.pptx");
    let o = build(&d.join("annual.yaml"), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    let rows = table_rows(&p, &slide_titled(&p, CHAIN), COLUMNS);
    let row = rows.iter().find(|r| r[0] == "首次响应时间").expect("still listed");
    assert!(row[2].ends_with("秒）"), "the data column is computed all the same: {row:?}");
    assert_eq!(row[3..], ["待填写", "待填写", "待填写", "待填写"]);

    let o = deckgen(d, &["check", "annual.yaml"]);
    let err = stderr(&o);
    assert!(err.contains("首次响应时间 missed its target but has no row in `问题与措施`"), "{err}");

    // The work plan carries the measures of the rows there are, not this one.
    let plan = paragraphs(&p.text(&slide_titled(&p, "2027年工作计划")));
    assert!(plan.iter().any(|t| t == "平均响应时间改进"), "{plan:?}");
    assert!(!plan.iter().any(|t| t == "首次响应时间改进"), "{plan:?}");
}

#[test]
fn the_monthly_names_the_day_furthest_from_target_and_keeps_the_teams_status() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.pptx");
    let o = build(&root().join("decks/monthly.yaml"), &out, &["--period", "2026-11"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    let rows = table_rows(&p, &slide_titled(&p, "未达成目标：数据 → 原因 → 措施"), 8);
    assert!(!rows.is_empty());
    // 首响 in 2026-11: the day with the highest 首响 against the month's target.
    let book = root().join("decks/data/monthly.xlsx");
    let days = Sheet::read(&book, "日数据");
    let (day, v) = days
        .rows
        .iter()
        .filter(|r| days.date(r, "日期").0 == 2026 && days.date(r, "日期").1 == 11)
        .map(|r| (days.date(r, "日期").2, days.num(r, "首响(秒)").unwrap()))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap();
    let row = rows.iter().find(|r| r[0] == "首次响应时间").expect("首响 missed in 2026-11");
    assert!(row[2].starts_with(&format!("11月{day}日（")), "{row:?}");
    assert!(row[2].contains(&format!("{v:.1}秒")), "{v}: {row:?}");
    // 状态 is the team's own, not the metric's.
    let notes = Sheet::read(&book, "问题措施");
    let mine: Vec<String> =
        notes.rows.iter().filter(|r| notes.date(r, "月份") == (2026, 11, 1)).map(|r| notes.text(r, "状态")).collect();
    let shown: Vec<String> = rows.iter().map(|r| r[7].clone()).collect();
    let mut a = mine.clone();
    let mut b = shown.clone();
    a.sort();
    b.sort();
    assert_eq!(a, b, "{mine:?} vs {shown:?}");
}

/// The monthly's chain table built on `today`: its rows, and the slide XML.
fn monthly_chain_on(today: &str, period: &str) -> (Vec<Vec<String>>, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.pptx");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_deckgen"))
        .args(["build", "decks/monthly.yaml", "--period", period, "-o", out.to_str().unwrap()])
        .current_dir(root())
        .env("DECKGEN_TODAY", today)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    let slide = slide_titled(&p, "未达成目标：数据 → 原因 → 措施");
    (table_rows(&p, &slide, 8), p.text(&slide))
}

#[test]
fn an_action_not_done_by_its_deadline_is_marked_overdue_as_of_today() {
    let book = root().join("decks/data/monthly.xlsx");
    let notes = Sheet::read(&book, "问题措施");
    let october: Vec<_> = notes.rows.iter().filter(|r| notes.date(r, "月份") == (2026, 10, 1)).collect();
    assert!(october.len() >= 3, "the sample has October's actions");
    for (today, day) in [("2026-11-12", 12u32), ("2026-11-23", 23)] {
        let (rows, xml) = monthly_chain_on(today, "2026-10");
        let mut late = 0;
        for n in &october {
            let (y, m, d) = notes.date(n, "完成时间");
            let status = notes.text(n, "状态");
            let row = rows.iter().find(|r| r[0] == notes.text(n, "指标")).expect("each action has its row");
            assert_eq!((y, m), (2026, 11));
            if d < day && status != "已完成" {
                late += 1;
                assert_eq!(row[7], format!("已逾期{}天", day - d), "{today}: {row:?}");
                // In the worse colour (red), bold: the one status rule.
                let at = xml.find("已逾期").unwrap();
                assert!(xml[..at].rfind("<a:rPr").is_some_and(|r| xml[r..at].contains("b=\"1\"")), "bold");
                assert!(xml[..at].rfind("<a:rPr").is_some_and(|r| xml[r..at].contains("D64541")), "red");
            } else {
                assert_eq!(row[7], status, "{today}: not late yet: {row:?}");
            }
        }
        assert!(late >= 1, "{today}: at least one October action is late");
        if day == 23 {
            assert_eq!(late, 3, "11/10, 11/15 and 11/20 are past on 11-23");
        }
        // 进行中 is not coloured as if it were late.
        assert!(!xml.contains(
            "D64541\"/></a:solidFill><a:latin typeface=\"+mn-lt\"/><a:ea typeface=\"+mn-ea\"/></a:rPr><a:t>进行中"
        ));
    }
}

/// Days since 1970-01-01 of a civil date (the test's own calendar).
fn day_number(y: i32, m: u32, d: u32) -> i64 {
    let (y, m) = if m <= 2 { (y as i64 - 1, m as i64 + 9) } else { (y as i64, m as i64 - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d as i64 - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

#[test]
fn an_old_months_deck_counts_lateness_to_its_report_month() {
    // June's deck, rebuilt on 2026-11-23, reports in July (its cover says
    // 2026年7月): an action is late by the days from its deadline to 7/31,
    // not to the day it was rebuilt.
    let book = root().join("decks/data/monthly.xlsx");
    let notes = Sheet::read(&book, "问题措施");
    let june: Vec<_> = notes.rows.iter().filter(|r| notes.date(r, "月份") == (2026, 6, 1)).collect();
    assert!(!june.is_empty(), "the sample has June's actions");
    let (rows, _) = monthly_chain_on("2026-11-23", "2026-06");
    for n in &june {
        let (y, m, d) = notes.date(n, "完成时间");
        let row = rows.iter().find(|r| r[0] == notes.text(n, "指标")).expect("each action has its row");
        let late = day_number(2026, 7, 31) - day_number(y, m, d);
        if late > 0 && notes.text(n, "状态") != "已完成" {
            assert_eq!(row[7], format!("已逾期{late}天"), "{row:?}");
        } else {
            assert_eq!(row[7], notes.text(n, "状态"), "{row:?}");
        }
    }
}

#[test]
fn the_annual_marks_a_measure_past_its_month_after_the_deadline() {
    // 2025's measures were due in months of 2026 and are still 进行中 in
    // the sample: the 2025 deck reports in January 2026, so a measure is
    // late only by the days from its month's end to 2026-01-31.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.pptx");
    build(&root().join("decks/annual.yaml"), &out, &["--period", "2025"]);
    let p = Package::open(&out);
    let rows = table_rows(&p, &slide_titled(&p, CHAIN), COLUMNS);
    let notes = Sheet::read(&root().join("decks/data/annual.xlsx"), "问题与措施");
    let mut seen = 0;
    for n in notes.rows.iter().filter(|r| notes.date(r, "日期").0 == 2025) {
        let Some(row) = rows.iter().find(|r| r[0] == notes.text(n, "指标")) else { continue };
        let due = notes.text(n, "完成时间");
        let (y, m) = due.trim_end_matches('月').split_once('年').unwrap();
        let (y, m): (i32, u32) = (y.parse().unwrap(), m.parse().unwrap());
        let end = if m == 12 { day_number(y + 1, 1, 1) } else { day_number(y, m + 1, 1) } - 1;
        let late = day_number(2026, 1, 31) - end;
        assert_eq!(notes.text(n, "状态"), "进行中");
        if late > 0 {
            assert_eq!(row[6], format!("{due}（已逾期{late}天）"), "{row:?}");
        } else {
            assert_eq!(row[6], due, "{row:?}");
        }
        seen += 1;
    }
    assert!(seen >= 2, "{rows:?}");
}

#[test]
fn the_monthly_names_the_sales_day_furthest_short_of_its_seasonal_share() {
    // A day's sales target is the month's target times the share the same
    // day held of last year's month (the weekly's split): the row names the
    // day furthest short of it, with both figures.
    let (rows, _) = monthly_chain_on("2026-11-23", "2026-10");
    let book = root().join("decks/data/monthly.xlsx");
    let days = Sheet::read(&book, "日数据");
    let sales = |y: i32, m: u32| -> BTreeMap<u32, f64> {
        days.rows
            .iter()
            .filter(|r| (days.date(r, "日期").0, days.date(r, "日期").1) == (y, m))
            .map(|r| (days.date(r, "日期").2, days.num(r, "店铺销售额").unwrap()))
            .collect()
    };
    let (now, last) = (sales(2026, 10), sales(2025, 10));
    let targets = Sheet::read(&book, "目标");
    let month_target = targets
        .rows
        .iter()
        .find(|r| targets.date(r, "月份") == (2026, 10, 1))
        .and_then(|r| targets.num(r, "店铺销售额目标"))
        .unwrap();
    let last_total: f64 = last.values().sum();
    let (day, v, t) = now
        .iter()
        .map(|(d, v)| (*d, *v, month_target * last[d] / last_total))
        .max_by(|a, b| (1.0 - a.1 / a.2).total_cmp(&(1.0 - b.1 / b.2)))
        .unwrap();
    assert!(v < t, "some day fell short");
    let row = rows.iter().find(|r| r[0] == "店铺销售额").expect("sales missed in 2026-10");
    let wan = |x: f64| format!("{:.1}万元", x / 1e4);
    assert!(row[2].starts_with(&format!("10月{day}日（")), "{day}: {row:?}");
    assert!(row[2].contains(&format!("{}，目标{}）", wan(v), wan(t))), "{} / {}: {row:?}", wan(v), wan(t));
}

#[test]
fn a_chain_table_too_long_for_one_slide_is_shared_evenly_never_a_one_row_continuation() {
    // Shop 2 misses seven targets in the annual: the rows do not fit one
    // slide, and the slides share them evenly (not six and one).
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = deckgen(d, &["sample-data", "data", "--shop", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for (deck, title, columns) in [("annual", CHAIN, COLUMNS), ("monthly", "未达成目标：数据 → 原因 → 措施", 8)]
    {
        std::fs::copy(root().join(format!("decks/{deck}.yaml")), d.join(format!("{deck}.yaml"))).unwrap();
        let o = deckgen(d, &["build", &format!("{deck}.yaml"), "-o", "x.pptx", "--quiet"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let p = Package::open(&d.join("x.pptx"));
        let pages: Vec<usize> = p
            .slides()
            .into_iter()
            .filter(|s| {
                paragraphs(&p.text(s)).iter().find(|t| !t.trim().is_empty()).is_some_and(|t| t.starts_with(title))
            })
            .map(|s| table_rows(&p, &s, columns).len())
            .collect();
        if deck == "annual" {
            assert!(pages.len() >= 2, "{deck}: shop 2's seven rows spill ({pages:?})");
        }
        let (lo, hi) = (pages.iter().min().unwrap(), pages.iter().max().unwrap());
        assert!(hi - lo <= 1 && *lo >= 2, "{deck}: rows shared evenly: {pages:?}");
    }
}

/// 2026's figures of the sample shop summed from 日数据 over `months`
/// of `year`: (inquiries, orders, sales).
fn sales_parts(book: &Path, year: i32, months: std::ops::RangeInclusive<u32>) -> (f64, f64, f64) {
    let days = Sheet::read(book, "日数据");
    let mut out = (0.0, 0.0, 0.0);
    for r in &days.rows {
        let (y, m, _) = days.date(r, "日期");
        if y == year && months.contains(&m) {
            out.0 += days.num(r, "询单人数").unwrap();
            out.1 += days.num(r, "下单人数").unwrap();
            out.2 += days.num(r, "店铺销售额").unwrap();
        }
    }
    out
}

#[test]
fn a_sales_miss_names_the_factor_that_fell_and_shows_all_three() {
    // Inquiries, conversion and order value against last year: the sample
    // team's cause names the one that fell most, and the 现状 cell shows the
    // three, so the row never contradicts itself (客流少于计划 beside
    // inquiries up 6%).
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.pptx");
    build(&root().join("decks/annual.yaml"), &out, &[]);
    let p = Package::open(&out);
    let rows = table_rows(&p, &slide_titled(&p, CHAIN), COLUMNS);
    let book = root().join("decks/data/annual.xlsx");
    let (a, o, s) = sales_parts(&book, 2026, 1..=12);
    let (a0, o0, s0) = sales_parts(&book, 2025, 1..=12);
    let traffic = a / a0 - 1.0;
    let conversion = (o / a) / (o0 / a0) - 1.0;
    let value = (s / o) / (s0 / o0) - 1.0;
    let row = rows.iter().find(|r| r[0] == "店铺销售额").expect("sales missed in 2026");
    let fell = [(traffic, "询单人数"), (conversion, "转化率"), (value, "客单价")]
        .into_iter()
        .min_by(|x, y| x.0.total_cmp(&y.0))
        .unwrap();
    assert!(fell.0 < 0.0, "something fell: {traffic} {conversion} {value}");
    assert!(row[3].contains(fell.1) && (row[3].contains("下降") || row[3].contains("减少")), "{fell:?}: {row:?}");
    assert!(row[1].contains(&format!("客单价同比下降{:.1}%", -value * 100.0)), "{value}: {row:?}");
    if traffic > 0.0 {
        assert!(!row[3].contains("客流"), "inquiries grew: {row:?}");
    }
    // 首响 and 平响 each have their own cause.
    let cause = |k: &str| rows.iter().find(|r| r[0] == k).map(|r| r[3].clone());
    assert_ne!(cause("首次响应时间"), cause("平均响应时间"));
}

#[test]
fn attrition_above_its_stated_threshold_gets_a_row() {
    // The workbook has no attrition target: the spec's 警戒线 is 20% a year,
    // counted for the days of data. Shop 2 (18 → 12 people) is above it and
    // gets a row; shop 1 is not.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(deckgen(d, &["sample-data", "data", "--shop", "2"]).status.success());
    std::fs::copy(root().join("decks/annual.yaml"), d.join("annual.yaml")).unwrap();
    let o = deckgen(d, &["build", "annual.yaml", "-o", "a.pptx", "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&d.join("a.pptx"));
    let rows: Vec<Vec<String>> = p
        .slides()
        .into_iter()
        .filter(|s| paragraphs(&p.text(s)).iter().find(|t| !t.trim().is_empty()).is_some_and(|t| t.starts_with(CHAIN)))
        .flat_map(|s| table_rows(&p, &s, COLUMNS))
        .collect();
    // The test's own attrition: leavers over the mean of the first and last month's headcount.
    let people = Sheet::read(&d.join("data/annual.xlsx"), "人员变动");
    let year: Vec<_> = people.rows.iter().filter(|r| people.date(r, "月份").0 == 2026).collect();
    let left: f64 = year.iter().map(|r| people.num(r, "离职人数").unwrap()).sum();
    let (first, last) =
        (people.num(year[0], "在职人数").unwrap(), people.num(year[year.len() - 1], "在职人数").unwrap());
    let rate = left / ((first + last) / 2.0);
    let days = Sheet::read(&d.join("data/annual.xlsx"), "日数据");
    let n = days.rows.iter().filter(|r| days.date(r, "日期").0 == 2026).count() as f64;
    assert!(rate > 0.2 * n / 365.0, "{rate}");
    let row = rows.iter().find(|r| r[0] == "人员流失率").expect("an attrition row");
    assert!(row[1].starts_with(&format!("{:.1}%，高于目标", rate * 100.0)), "{row:?}");
    assert!(row[1].contains(&format!("在职{first}人→{last}人")), "{row:?}");
    assert_ne!(row[3], "待填写", "the sample team wrote it up: {row:?}");

    // Shop 1: 7% in a year, under 20%: no row.
    let out = d.join("s1.pptx");
    build(&root().join("decks/annual.yaml"), &out, &[]);
    let p = Package::open(&out);
    assert!(!table_rows(&p, &slide_titled(&p, CHAIN), COLUMNS).iter().any(|r| r[0] == "人员流失率"));
}

#[test]
fn next_months_focus_lists_every_missed_target_the_furthest_first() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.pptx");
    build(&root().join("decks/monthly.yaml"), &out, &["--period", "2026-10"]);
    let p = Package::open(&out);
    let missed: Vec<String> =
        table_rows(&p, &slide_titled(&p, "目标达成与差距"), 4).into_iter().map(|r| r[0].clone()).collect();
    assert!(missed.len() >= 3, "{missed:?}");
    let text = paragraphs(&p.text(&slide_titled(&p, "本月总结与下月展望"))).join("\n");
    let right = &text[text.find("下月重点").expect("the right column")..];
    for m in &missed {
        assert!(right.contains(m.as_str()), "{m} missed, so it is in 下月重点: {right}");
    }
    // Each with the team's own line, or a line saying there is none.
    assert!(!right.contains("还没有对应的计划"), "the sample writes a focus for each: {right}");
}
