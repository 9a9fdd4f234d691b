//! An agent who joined or left during the period: the days worked name the
//! period (`period.worked`), a sum `per: month` counts a part month by those
//! days, and the self-review of one who has left has no plan ahead. Checked
//! on a CSV worked out by hand, and on the second sample shop's workbook read
//! here with calamine.

mod common;
use common::*;

const SPEC: &str = r#"
deck:
  title: 在岗
period: latest-year
vars:
  agent: 甲
peers: 名单.岗位
scope:
  客服: "{{agent}}"
sources:
  d: d.csv
  名单: roster.csv
metrics:
  接待: {sum: d.接待, unit: 次}
  月均接待: {sum: d.接待, per: month, unit: 次}
slides:
  - layout: bullets
    title: 在岗
    text:
      - "{{period.worked.label}}|{{period.worked.partial}}"
      - "月均接待{{月均接待}}"
      - "接待{{接待.vs_team}}"
"#;

/// 甲 and 乙 every month to June (1,000 and 1,200 a month); 新 from 11 April
/// (400, 1,000, 1,000); 走 to 14 February (1,000, 500).
fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("月份,客服,接待\n");
    for m in 1..=6 {
        csv.push_str(&format!("2026-{m:02}-01,甲,1000\n2026-{m:02}-01,乙,1200\n2026-{m:02}-01,丙,1100\n"));
    }
    csv.push_str("2026-04-01,新,400\n2026-05-01,新,1000\n2026-06-01,新,1000\n");
    csv.push_str("2026-01-01,走,1000\n2026-02-01,走,500\n");
    std::fs::write(dir.path().join("d.csv"), csv).unwrap();
    let roster = "客服,岗位,入职日期,离职日期\n甲,售前客服,2024-03-01,\n乙,售前客服,2024-03-01,\n\
                  丙,售前客服,2024-03-01,\n新,售前客服,2026-04-11,\n走,售前客服,2025-05-01,2026-02-14\n";
    std::fs::write(dir.path().join("roster.csv"), roster).unwrap();
    std::fs::write(dir.path().join("t.yaml"), SPEC).unwrap();
    dir
}

fn lines(dir: &std::path::Path, who: &str) -> Vec<String> {
    let out = format!("{who}.pptx");
    let o = deckgen(dir, &["build", "t.yaml", "-o", &out, "--set", &format!("agent={who}")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&dir.join(&out));
    paragraphs(&p.text(&slide_titled(&p, "在岗"))).into_iter().skip(1).filter(|t| !t.is_empty()).collect()
}

#[test]
fn a_part_month_counts_by_the_days_worked() {
    let dir = setup();
    // 新: 20 of April's 30 days, May, June: 2,400 over 2⅔ months = 900 a
    // month (counted as three whole months it was 800). The group: 甲, 乙,
    // 丙 and 新 (figures in April to June), each by the months worked:
    // (1,000 + 1,200 + 1,100 + 900) / 4 = 1,050; 900 / 1,050 − 1 = −14.3%.
    let l = lines(dir.path(), "新");
    assert_eq!(l, ["2026年（4.11–6.30，81天）|是", "月均接待900次", "接待低于售前客服月均14.3%"], "{l:?}");
    // 走: January and 14 of February's 28 days: 1,500 over 1½ months = 1,000
    // (not 750); the group (1,000 + 1,200 + 1,100 + 1,000) / 4 = 1,075.
    let l = lines(dir.path(), "走");
    assert_eq!(l, ["2026年（1.1–2.14，45天）|是", "月均接待1,000次", "接待低于售前客服月均7.0%"], "{l:?}");
    // 甲 worked the whole period (to date: a part of the year): its total
    // against the others who did, (6,000 + 7,200 + 6,600) / 3 = 6,600.
    let l = lines(dir.path(), "甲");
    assert_eq!(l, ["2026年1–6月|是", "月均接待1,000次", "接待低于售前客服平均9.1%"], "{l:?}");
}

/// The shipped review spec beside the second sample shop's workbook.
fn shop2() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let o = deckgen(dir.path(), &["sample-data", "data", "--shop", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::copy(root().join("decks/review.yaml"), dir.path().join("review.yaml")).unwrap();
    dir
}

fn review(dir: &std::path::Path, who: &str) -> Package {
    let out = format!("{who}.pptx");
    let o = deckgen(dir, &["build", "review.yaml", "-o", &out, "--set", &format!("agent={who}")]);
    assert!(o.status.success(), "{}", stderr(&o));
    Package::open(&dir.join(out))
}

/// A date as (year, month, day).
type Ymd = (i32, u32, u32);

/// When `who` joined and left, from the workbook's roster.
fn tenure(book: &std::path::Path, who: &str) -> (Ymd, Option<Ymd>) {
    let r = Sheet::read(book, "客服名单");
    let row = r.rows.iter().find(|row| r.text(row, "客服姓名") == who).unwrap();
    let left = match &row[r.col("离职日期")] {
        calamine::Data::Empty => None,
        _ => Some(r.date(row, "离职日期")),
    };
    (r.date(row, "入职日期"), left)
}

#[test]
fn a_joiners_review_names_her_days_and_counts_her_first_month_by_them() {
    let dir = shop2();
    let book = dir.path().join("data/review.xlsx");
    let ((jy, jm, jd), left) = tenure(&book, "邓欣怡");
    assert_eq!(((jy, jm, jd), left), ((2026, 5, 5), None));
    // Her sales in 2026 and the months she worked: May from the 5th (27 of 31
    // days), then whole months to the last month with figures (August).
    let m = Sheet::read(&book, "客服月度");
    let mut sales = 0.0;
    let mut months = 0.0;
    let mut last = 0;
    for row in m.rows.iter().filter(|r| m.text(r, "客服姓名") == "邓欣怡") {
        let (y, mo, _) = m.date(row, "月份");
        if y == 2026 {
            sales += m.num(row, "销售额").unwrap();
            months += if mo == jm { (31 - jd + 1) as f64 / 31.0 } else { 1.0 };
            last = last.max(mo);
        }
    }
    assert_eq!(last, 8);
    let monthly = sales / months;
    let p = review(dir.path(), "邓欣怡");
    let cover: Vec<String> = paragraphs(&p.text(&p.slides()[0])).into_iter().filter(|t| !t.is_empty()).collect();
    let cover = cover.join("|");
    assert!(cover.contains("邓欣怡 2026年阶段述职报告|售前一组 · 售前客服 · 2026年（5.5–8.31，119天）"), "{cover}");
    // The targets table: 月均销售额's 实际 is per month by her days, and the
    // growth plan says the same figure.
    let t = slide_text(&p, &slide_titled(&p, "2026年个人目标达成情况"));
    let row = t.split("月均销售额").nth(1).unwrap();
    // The figures in 万元: 目标, then 实际.
    let wan: Vec<f64> = row.split("万元").take(2).map(|s| shown_numbers(s).last().unwrap().0).collect();
    let actual = wan[1];
    assert!((actual * 1e4 - monthly).abs() <= 500.0, "实际 {actual}万元, by hand {monthly}: {t}");
    // The trend charts cover her months, May by her 27 days (5 to 31 May).
    let volume = slide_titled(&p, "月度接待量与销售额");
    let s = chart_series(&p.text(&slide_charts(&p, &volume)[0]));
    let cats: Vec<String> = s[0].cats.iter().map(|c| c.replace('\n', "")).collect();
    assert_eq!(cats, [format!("{jm}月（{}天）", 31 - jd + 1), "6月".into(), "7月".into(), "8月".into()]);
    let plan = slide_text(&p, &slide_titled(&p, "成长计划：从短板到行动"));
    assert!(plan.contains(&format!("月均{:.1}万元", monthly / 1e4)), "{plan}");
}

#[test]
fn a_leavers_review_has_no_plan_ahead() {
    let dir = shop2();
    let ((_, _, _), left) = tenure(&dir.path().join("data/review.xlsx"), "曾楚涵");
    assert_eq!(left, Some((2026, 3, 13)));
    let p = review(dir.path(), "曾楚涵");
    let all: Vec<String> = p
        .slides()
        .iter()
        .map(|s| paragraphs(&p.text(s)).into_iter().filter(|t| !t.is_empty()).collect::<Vec<_>>().join("|"))
        .collect();
    assert!(all[0].contains("曾楚涵 2026年阶段述职报告|夜班组 · 售前客服 · 2026年（1.1–3.13，72天）"), "{}", all[0]);
    for gone in ["展望与规划", "成长计划", "2027年个人目标"] {
        assert!(all.iter().all(|s| !s.contains(gone)), "{gone} in a leaver's deck: {all:#?}");
    }
    // Her review still has its two parts and the cases.
    assert!(all[1].contains("本期工作回顾") && all[1].contains("自我评价与反思"), "{}", all[1]);
    assert!(all.iter().any(|s| s.starts_with("反思与总结：典型案例")), "{all:#?}");
}
