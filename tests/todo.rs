//! The weekly's standing list 待办: an item shows in every week it is open
//! (raised by the week's Sunday, not yet closed), on the side of who acts on
//! it, marked overdue by the days past its 截止日期 — recomputed here from
//! the workbook for weeks around 双11 and the year's last, partial week.

mod common;
use common::*;

/// Excel serials: 2026-W46 starts on Monday 2026-11-09.
const W46: i64 = 46335;

fn serial(sh: &Sheet, r: &[calamine::Data], c: &str) -> Option<i64> {
    match &r[sh.col(c)] {
        calamine::Data::DateTime(x) => Some(x.as_f64() as i64),
        _ => None,
    }
}

/// The items open at `end`, as (事项, needs help, days overdue).
fn open_items(sh: &Sheet, end: i64) -> Vec<(String, bool, i64)> {
    sh.rows
        .iter()
        .filter(|r| serial(sh, r, "提出日期").is_some_and(|d| d <= end))
        .filter(|r| match serial(sh, r, "完成日期") {
            Some(d) => d > end,
            None => sh.text(r, "状态") != "已完成",
        })
        .map(|r| {
            let due = serial(sh, r, "截止日期").unwrap();
            (sh.text(r, "事项"), sh.text(r, "类型") == "需要协助", (end - due).max(0))
        })
        .collect()
}

/// The items closed in the week ending `end`, as (事项, needs help).
fn closed_items(sh: &Sheet, end: i64) -> Vec<(String, bool)> {
    sh.rows
        .iter()
        .filter(|r| serial(sh, r, "完成日期").is_some_and(|d| d > end - 7 && d <= end))
        .map(|r| (sh.text(r, "事项"), sh.text(r, "类型") == "需要协助"))
        .collect()
}

/// The bullets under a column title of the two-columns slide.
fn column(p: &Package, slide: &str, title: &str, other: &str) -> Vec<String> {
    let paras = paragraphs(&p.text(slide));
    let from = paras.iter().position(|t| t == title).unwrap() + 1;
    paras[from..].iter().take_while(|t| *t != other && *t != "结论").filter(|t| !t.is_empty()).cloned().collect()
}

#[test]
fn open_items_carry_over_from_week_to_week_with_overdue_marked() {
    let dir = tempfile::tempdir().unwrap();
    let sh = Sheet::read(&root().join("decks/data/weekly.xlsx"), "待办");
    let mut seen_overdue = 0;
    let mut carried = 0;
    let mut closed_seen = 0;
    let mut last_week: Vec<String> = Vec::new();
    for (k, week) in ["2026-W45", "2026-W46", "2026-W47", "2026-W48"].iter().enumerate() {
        let out = dir.path().join(format!("{week}.pptx"));
        let o = build(&root().join("decks/weekly.yaml"), &out, &["--period", week]);
        assert!(o.status.success(), "{}", stderr(&o));
        let p = Package::open(&out);
        let slide = slide_titled(&p, "需要协助与未完成事项");
        let end = W46 - 7 + 7 * k as i64 + 6;
        let want = open_items(&sh, end);
        // Under the open items, what was closed in the week.
        let (left_done, left): (Vec<String>, Vec<String>) =
            column(&p, &slide, "需要其他部门协助", "本部门事项").into_iter().partition(|l| l.ends_with("日已解决"));
        let (right_done, right): (Vec<String>, Vec<String>) =
            column(&p, &slide, "本部门事项", "需要其他部门协助").into_iter().partition(|l| l.ends_with("日已完成"));
        let closed = closed_items(&sh, end);
        for (done, help) in [(&left_done, true), (&right_done, false)] {
            let want: Vec<&String> = closed.iter().filter(|c| c.1 == help).map(|c| &c.0).collect();
            assert_eq!(done.len(), want.len(), "{week}: {done:?} vs {want:?}");
            for (line, name) in done.iter().zip(&want) {
                assert!(line.starts_with(name.as_str()), "{week}: {line} is not {name}");
            }
        }
        closed_seen += closed.len();
        for (side, help, empty) in
            [(&left, true, "本周没有需要其他部门协助的事项"), (&right, false, "本部门事项均已完成")]
        {
            let items: Vec<&(String, bool, i64)> = want.iter().filter(|w| w.1 == help).collect();
            if items.is_empty() {
                assert_eq!(side, &vec![empty.to_string()], "{week}");
                continue;
            }
            assert_eq!(side.len(), items.len(), "{week}: {side:?} vs {items:?}");
            for ((name, _, late), line) in items.iter().zip(side.iter()) {
                assert!(line.starts_with(name.as_str()), "{week}: {line} is not {name}");
                if *late > 0 {
                    seen_overdue += 1;
                    assert!(line.ends_with(&format!("（已逾期{late}天）")), "{week}: {line}");
                } else {
                    assert!(!line.contains("逾期"), "{week}: {line}");
                }
            }
        }
        carried += want.iter().filter(|w| last_week.contains(&w.0)).count();
        last_week = want.iter().map(|w| w.0.clone()).collect();
        // The sentence under the lists counts what is open and overdue.
        let text = slide_text(&p, &slide);
        let overdue = want.iter().filter(|w| w.2 > 0).count();
        assert!(text.contains(&format!("周末仍未完成{}项", want.len())), "{week}: {text}");
        if overdue > 0 {
            assert!(text.contains(&format!("其中{overdue}项已过截止日期")), "{week}: {text}");
        } else {
            assert!(text.contains("均未过截止日期"), "{week}: {text}");
        }
    }
    assert!(carried > 0, "some item stays open across a week's end");
    assert!(closed_seen > 0, "some item is closed in these weeks");
    assert!(seen_overdue > 0, "some item is overdue in these weeks");
}

#[test]
fn an_item_closed_without_a_date_leaves_the_list_and_a_week_target_is_prorated() {
    // 已完成 without a 完成日期 counts as done; 店铺销售额 gets the month's
    // target for the week's days, weighted by last year's same dates (the
    // weekly's 目标 column is never "—").
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("w.pptx");
    let o = build(&root().join("decks/weekly.yaml"), &out, &["--period", "2026-W47"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    let table = slide_text(&p, &slide_titled(&p, "本周与上周"));
    let target = Sheet::read(&root().join("decks/data/weekly.xlsx"), "目标");
    let nov = target
        .rows
        .iter()
        .find(|r| target.date(r, "月份") == (2026, 11, 1))
        .and_then(|r| target.num(r, "店铺销售额目标"))
        .unwrap();
    // The week's share of November as the same dates had it last year
    // (11.16–11.22 of 2025 against all of November 2025), not 7/30.
    let days = Sheet::read(&root().join("decks/data/weekly.xlsx"), "日数据");
    let sales = |from: u32, to: u32| -> f64 {
        days.rows
            .iter()
            .filter(|r| {
                let (y, m, d) = days.date(r, "日期");
                y == 2025 && m == 11 && (from..=to).contains(&d)
            })
            .filter_map(|r| days.num(r, "店铺销售额"))
            .sum()
    };
    let week = nov * sales(16, 22) / sales(1, 30);
    assert!((week - nov * 7.0 / 30.0).abs() > 10_000.0, "the rule differs from days here: {week}");
    assert!(shows(&table, week), "W47 target {week} in: {table}");

    // Mark W47's first open item 已完成 without a date: it leaves the list.
    let sh = Sheet::read(&root().join("decks/data/weekly.xlsx"), "待办");
    let (name, ..) = open_items(&sh, W46 + 13).into_iter().next().expect("an item open at W47's end");
    let d = dir.path();
    std::fs::create_dir_all(d.join("data")).unwrap();
    std::fs::create_dir_all(d.join("assets")).unwrap();
    std::fs::copy(root().join("decks/weekly.yaml"), d.join("weekly.yaml")).unwrap();
    std::fs::copy(root().join("decks/assets/logo.png"), d.join("assets/logo.png")).unwrap();
    let mut all = sheets(&root().join("decks/data/weekly.xlsx"));
    let (_, rows) = all.iter_mut().find(|(n, _)| n == "待办").unwrap();
    let (ci, si, di) = (sh.col("事项"), sh.col("状态"), sh.col("完成日期"));
    let end = (W46 + 13) as f64;
    let date = |c: &calamine::Data| match c {
        calamine::Data::DateTime(x) => Some(x.as_f64()),
        _ => None,
    };
    let ri = sh.col("提出日期");
    let row = rows
        .iter_mut()
        .find(|r| {
            r[ci].to_string() == name && date(&r[ri]).is_some_and(|x| x <= end) && date(&r[di]).is_none_or(|x| x > end)
        })
        .unwrap();
    row[si] = calamine::Data::String("已完成".into());
    row[di] = calamine::Data::Empty;
    save(&d.join("data/weekly.xlsx"), &all);
    let out = d.join("w2.pptx");
    let o = build(&d.join("weekly.yaml"), &out, &["--period", "2026-W47"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    let text = slide_text(&p, &slide_titled(&p, "需要协助与未完成事项"));
    assert!(!text.contains(&format!("{name}（")), "{name} was closed: {text}");
}
