//! Next-period targets are never silently looser than this period's
//! actual: the targets are the team's (the 目标 sheet, 明年目标), so the
//! deck shows them as written, says when one is looser than what was just
//! achieved, and `check` warns; an amount's target states its basis (the
//! same month last year); figures keep the precision their basis implies.

mod common;
use common::*;

/// The rows of the first table on a slide, cells as text, by the header's width.
fn rows_under(p: &Package, slide: &str, first: &str, columns: usize) -> Vec<Vec<String>> {
    let paras = paragraphs(&p.text(slide));
    let from = paras.iter().position(|t| t == first).expect("the header");
    paras[from..]
        .chunks(columns)
        .skip(1)
        .take_while(|c| c.len() == columns && !c[0].is_empty())
        .map(|c| c.to_vec())
        .collect()
}

/// Sum of a 日数据 column over one month.
fn month_sum(days: &Sheet, col: &str, y: i32, m: u32) -> f64 {
    days.rows
        .iter()
        .filter(|r| (days.date(r, "日期").0, days.date(r, "日期").1) == (y, m))
        .filter_map(|r| days.num(r, col))
        .sum()
}

fn month_target(book: &std::path::Path, col: &str, y: i32, m: u32) -> f64 {
    let t = Sheet::read(book, "目标");
    t.rows.iter().find(|r| t.date(r, "月份") == (y, m, 1)).and_then(|r| t.num(r, col)).expect("a target")
}

#[test]
fn the_monthly_plan_says_when_a_target_is_looser_than_the_actual_and_where_sales_targets_come_from() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.pptx");
    let o = build(&root().join("decks/monthly.yaml"), &out, &["--period", "2026-10"]);
    let p = Package::open(&out);
    let rows = rows_under(&p, &slide_titled(&p, "2026年11月目标"), "指标", 5);
    let book = root().join("decks/data/monthly.xlsx");
    let days = Sheet::read(&book, "日数据");

    // Conversion: October's actual against November's target, as the workbook has them.
    let actual = month_sum(&days, "下单人数", 2026, 10) / month_sum(&days, "询单人数", 2026, 10);
    let target = month_target(&book, "询单转化率目标", 2026, 11);
    let row = rows.iter().find(|r| r[0] == "询单转化率").unwrap();
    assert_eq!(row[2], format!("{:.1}%", target * 100.0), "the team's target, not changed: {row:?}");
    assert_eq!(target < actual - 0.0005, row[4] == "低于本月实际", "{actual} vs {target}: {row:?}");
    assert!(target < actual, "the sample's 37.5% is below October's {actual}");
    let err = stderr(&o);
    assert!(err.contains("询单转化率: the target for 2026年11月 (37.5%) is looser than 2026年10月's actual"), "{err}");
    assert_eq!(err.matches("询单转化率: the target for").count(), 1, "said once: {err}");

    // 平响 has its target row (下月重点 promises one).
    let row = rows.iter().find(|r| r[0] == "平均响应时间").expect("a 平响 row");
    assert_eq!(row[2], format!("{:.1}秒", month_target(&book, "平响目标(秒)", 2026, 11)));

    // Sales: the basis is November last year, and the target's growth on it.
    let ly = month_sum(&days, "店铺销售额", 2025, 11);
    let t = month_target(&book, "店铺销售额目标", 2026, 11);
    let row = rows.iter().find(|r| r[0] == "店铺销售额").unwrap();
    assert_eq!(
        row[4].replace(',', ""),
        format!("2025年11月实际{:.1}万元，目标同比{:+.1}%", ly / 1e4, (t / ly - 1.0) * 100.0),
        "{row:?}"
    );
}

#[test]
fn the_weekly_says_a_next_week_target_below_this_weeks_actual() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("w.pptx");
    // W47 (11.16–11.22): conversion 38.1% against a 37.5% target.
    let o = build(&root().join("decks/weekly.yaml"), &out, &["--period", "2026-W47"]);
    let p = Package::open(&out);
    let text = paragraphs(&p.text(&slide_titled(&p, "下周工作重点"))).join("");
    let days = Sheet::read(&root().join("decks/data/weekly.xlsx"), "日数据");
    let (mut orders, mut asks) = (0.0, 0.0);
    for r in &days.rows {
        let (y, m, d) = days.date(r, "日期");
        if (y, m) == (2026, 11) && (16..=22).contains(&d) {
            orders += days.num(r, "下单人数").unwrap();
            asks += days.num(r, "询单人数").unwrap();
        }
    }
    assert!(orders / asks > 0.375, "{}", orders / asks);
    assert!(text.contains("询单转化率37.5%（低于本周实际）"), "{text}");
    assert!(text.contains("下周目标：店铺销售额"), "a sales target too: {text}");
    assert!(stderr(&o).contains("询单转化率: the target for 2026年第48周"), "{}", stderr(&o));
}

#[test]
fn next_years_targets_keep_the_digits_of_their_metric() {
    // 回复率 is shown with two decimals (99.45%): its target +0.1 point is
    // 99.55%, not 99.6%.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.pptx");
    build(&root().join("decks/annual.yaml"), &out, &[]);
    let p = Package::open(&out);
    let rows = rows_under(&p, &slide_titled(&p, "2027年核心指标目标"), "指标", 4);
    let t = Sheet::read(&root().join("decks/data/annual.xlsx"), "明年目标");
    let target = t
        .rows
        .iter()
        .find(|r| t.text(r, "指标") == "回复率" && t.num(r, "年份") == Some(2027.0))
        .and_then(|r| t.num(r, "目标"))
        .unwrap();
    let row = rows.iter().find(|r| r[0] == "回复率").unwrap();
    assert_eq!(row[2], format!("{:.2}%", target * 100.0), "{row:?}");
    assert!(row[1].split('.').nth(1).is_some_and(|d| d.len() == 3), "the actual has two decimals too: {row:?}");
}

#[test]
fn a_team_target_looser_than_this_years_actual_is_marked_and_warned_not_changed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("data")).unwrap();
    std::fs::create_dir_all(d.join("assets")).unwrap();
    std::fs::copy(root().join("decks/annual.yaml"), d.join("annual.yaml")).unwrap();
    std::fs::copy(root().join("decks/assets/logo.png"), d.join("assets/logo.png")).unwrap();
    let mut all = sheets(&root().join("decks/data/annual.xlsx"));
    // 2027's 回复率 target set to 99.00%, below 2026's 99.45%.
    let (_, rows) = all.iter_mut().find(|(n, _)| n == "明年目标").unwrap();
    let (yi, ki, ti) = {
        let h: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
        let at = |n: &str| h.iter().position(|x| x == n).unwrap();
        (at("年份"), at("指标"), at("目标"))
    };
    let row = rows
        .iter_mut()
        .find(|r| {
            r[ki] == "回复率" && matches!(r[yi], calamine::Data::Float(y) if y == 2027.0)
                || matches!(r[yi], calamine::Data::Int(2027))
        })
        .expect("a 2027 回复率 row");
    row[ti] = calamine::Data::Float(0.99);
    save(&d.join("data/annual.xlsx"), &all);
    let o = deckgen(d, &["build", "annual.yaml", "-o", "a.pptx"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&d.join("a.pptx"));
    let rows = rows_under(&p, &slide_titled(&p, "2027年核心指标目标"), "指标", 4);
    let row = rows.iter().find(|r| r[0] == "回复率").unwrap();
    assert_eq!(row[2], "99.00%（低于今年实际）", "{row:?}");
    assert!(stderr(&o).contains("回复率: the target"), "{}", stderr(&o));
    // The shipped targets are not looser: no mark.
    let out = d.join("b.pptx");
    build(&root().join("decks/annual.yaml"), &out, &[]);
    let p = Package::open(&out);
    assert!(!paragraphs(&p.text(&slide_titled(&p, "2027年核心指标目标"))).iter().any(|t| t.contains("实际）")));
}

#[test]
fn this_years_own_targets_are_not_marked_looser() {
    // A review's 个人目标 for the year under review is below a beaten
    // actual by design: only a later period's target is judged.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.pptx");
    let o = build(&root().join("decks/review.yaml"), &out, &[]);
    let p = Package::open(&out);
    let text = paragraphs(&p.text(&slide_titled(&p, "2026年个人目标达成情况"))).join("");
    assert!(text.contains("达成率") && !text.contains("实际）"), "{text}");
    assert!(!stderr(&o).contains("is looser than"), "{}", stderr(&o));
}
