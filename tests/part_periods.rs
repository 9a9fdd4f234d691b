//! A year to date shown beside a whole year's plan: `categories: quarters`
//! lists the year's four quarters, the one the data ends in labelled with its
//! days, so a 48-day third quarter does not pass for a whole one next to a
//! whole quarter's target. Checked on a CSV of one sale a day (the sums are
//! day counts) and on the second sample shop's annual deck.

mod common;
use common::*;

const SPEC: &str = r#"
deck:
  title: 季度
period: latest-year
sources:
  d: d.csv
metrics:
  销售额: {sum: d.销售额, unit: 元}
slides:
  - layout: chart
    title: 季度分解
    chart:
      type: column
      categories: quarters
      by: quarter
      series:
        - {name: 实际, metric: 销售额}
        - {name: 明年目标, values: [100, 100, 100, 100]}
"#;

/// One sale a day from 1 January 2026 to `last` (month, day).
fn quarters(last: (u32, u32)) -> (Vec<String>, Vec<Option<f64>>) {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("日期,销售额\n");
    let days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    'all: for (m, n) in days.iter().enumerate() {
        for d in 1..=*n {
            csv.push_str(&format!("2026-{:02}-{d:02},1\n", m + 1));
            if (m as u32 + 1, d) == last {
                break 'all;
            }
        }
    }
    std::fs::write(dir.path().join("d.csv"), csv).unwrap();
    let (o, out) = build_text(dir.path(), SPEC, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    let chart = slide_charts(&p, &slide_titled(&p, "季度分解"))[0].clone();
    let s = chart_series(&p.text(&chart));
    (s[0].cats.iter().map(|c| c.replace('\n', "")).collect(), s[0].vals.clone())
}

#[test]
fn a_year_to_date_shows_four_quarters_the_part_one_with_its_days() {
    // To 17 August: Q1 90 days, Q2 91, Q3 1 July – 17 August = 31 + 17 = 48, Q4 none.
    let (cats, vals) = quarters((8, 17));
    assert_eq!(cats, ["第一季度", "第二季度", "第三季度（48天）", "第四季度"]);
    assert_eq!(vals, [Some(90.0), Some(91.0), Some(48.0), None]);
    // A whole year: four whole quarters, named plainly.
    let (cats, vals) = quarters((12, 31));
    assert_eq!(cats, ["第一季度", "第二季度", "第三季度", "第四季度"]);
    assert_eq!(vals, [Some(90.0), Some(91.0), Some(92.0), Some(92.0)]);
}

#[test]
fn the_second_shops_quarterly_plan_says_its_third_quarter_is_48_days() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = deckgen(d, &["sample-data", "data", "--shop", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::copy(root().join("decks/annual.yaml"), d.join("annual.yaml")).unwrap();
    let o = deckgen(d, &["build", "annual.yaml", "-o", "a.pptx"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The data's last day, read here: the latest date of the daily sheet.
    let sheet = Sheet::read(&d.join("data/annual.xlsx"), "日数据");
    let last = sheet.rows.iter().map(|r| sheet.date(r, "日期")).max().unwrap();
    assert_eq!(last, (2026, 8, 17));
    let p = Package::open(&d.join("a.pptx"));
    let slide = slide_titled(&p, "销售目标季度分解（万元）");
    let s = chart_series(&p.text(&slide_charts(&p, &slide)[0]));
    let cats: Vec<String> = s[0].cats.iter().map(|c| c.replace('\n', "")).collect();
    assert_eq!(cats, ["第一季度", "第二季度", "第三季度（48天）", "第四季度"]);
    assert!(s[0].vals[3].is_none() && s[1].vals.iter().all(Option::is_some), "{:?}", s.iter().map(|x| &x.vals));
    let text = slide_text(&p, &slide);
    assert!(text.contains("今年实际只到8月17日") && text.contains("明年目标按整季度"), "{text}");
}
