//! Metric operations and formatters, end to end: a CSV whose answers are
//! known, a deck whose lines are `{{ }}` templates, and each rendered line
//! compared with the figure worked out by hand below.
//!
//! Agents 甲, 乙, 丙; monthly rows; the deck's period is 2026 Q1, compared
//! with 2025 Q4 (环比) and 2025 Q1 (同比).

mod common;
use common::*;

/// (month, agent, inquiries, orders, sales, first response s, bad reviews)
const ROWS: &[(&str, &str, u32, u32, u32, u32, u32)] = &[
    ("2025-01-01", "甲", 100, 30, 10000, 20, 5),
    ("2025-02-01", "甲", 100, 30, 10000, 20, 5),
    ("2025-03-01", "甲", 100, 30, 10000, 20, 5),
    ("2025-10-01", "甲", 100, 35, 12000, 18, 4),
    ("2025-11-01", "甲", 100, 35, 12000, 18, 4),
    ("2025-12-01", "甲", 100, 35, 12000, 18, 4),
    ("2026-01-01", "甲", 100, 35, 12000, 15, 2),
    ("2026-02-01", "甲", 100, 40, 15000, 15, 2),
    ("2026-03-01", "甲", 100, 45, 18000, 15, 2),
    ("2025-10-01", "乙", 100, 35, 11000, 24, 3),
    ("2025-11-01", "乙", 100, 35, 11000, 24, 3),
    ("2025-12-01", "乙", 100, 35, 11000, 24, 3),
    ("2026-01-01", "乙", 100, 33, 9000, 26, 6),
    // 乙 has no row for 2026-02.
    ("2026-03-01", "乙", 100, 33, 9000, 26, 6),
    ("2025-10-01", "丙", 50, 10, 0, 30, 1),
    ("2025-11-01", "丙", 50, 10, 0, 30, 1),
    ("2025-12-01", "丙", 50, 10, 0, 30, 1),
    ("2026-01-01", "丙", 60, 15, 1000, 22, 1),
    ("2026-02-01", "丙", 60, 15, 1000, 22, 1),
    ("2026-03-01", "丙", 60, 15, 1000, 22, 1),
];

const SPEC: &str = r#"
deck:
  title: 指标测试
period: 2026-Q1
vars:
  agent: 甲
scope:
  客服: "{{agent}}"
sources:
  d: d.csv
metrics:
  询单: {sum: d.询单人数}
  下单: {sum: d.下单人数}
  转化率: {expr: 下单 / 询单, unit: "%", target: 38%}
  销售额: {sum: d.销售额, unit: 元, target: 4万}
  首响: {avg: d.首响, weight: d.询单人数, unit: 秒, better: lower, target: 16}
  中差评: {sum: d.中差评, unit: 件, better: lower}
slides:
  - layout: bullets
    title: 甲
    text:
      - "{{转化率}}"
      - "{{转化率.prev}}|{{转化率.last_year}}|{{转化率.target}}"
      - "{{转化率.change}}|{{转化率.yoy_change}}|{{转化率.vs_prev}}|{{转化率.vs_last_year}}"
      - "{{转化率.achievement}}|{{转化率.gap}}|{{转化率.vs_target}}|{{转化率.status}}"
      - "{{销售额}}|{{销售额.growth}}|{{销售额.yoy_growth}}|{{销售额.vs_prev}}|{{销售额.achievement}}"
      - "{{首响}}|{{首响.vs_prev}}|{{首响.achievement}}|{{首响.vs_target}}|{{首响.status}}"
      - "{{中差评.vs_prev}}|{{中差评.change}}"
  # The rest of 甲's lines on a second slide: fifteen lines do not fit one box at 12 pt.
  - layout: bullets
    title: 甲
    text:
      - "{{转化率.rank}}/{{转化率.count}}|{{转化率.rank_text}}|{{转化率.team}}|{{转化率.vs_team}}"
      - "{{销售额.share}}|{{销售额.team}}|{{首响.rank}}"
      - "{{转化率.best}}|{{转化率.worst}}|{{首响.best}}"
      - "{{销售额 | wan(1)}}|{{销售额 | num}}|{{销售额.target | money}}|{{转化率 | pct(0)}}|{{转化率.change | pp(2)}}"
      - "{{1 / 0}}|{{销售额.growth | signed}}|{{-0.05 | pct | signed}}|{{首响.change | abs}}"
      - "{{period.label}}|{{period.prev.label}}|{{period.last_year.label}}|{{period.start | date(\"YYYY/MM/DD\")}}"
      - "{{if(转化率 >= 0.38, \"达标\", \"未达标\")}}|{{转化率.change | trend}}|{{首响.change | trend}}"
      - "{{conclusion(转化率)}}"
  - layout: bullets
    title: 乙
    scope: {客服: 乙}
    text:
      - "{{销售额.vs_prev}}|{{转化率.vs_prev}}|{{中差评.vs_prev}}|{{首响.vs_target}}"
  - layout: bullets
    title: 丙
    scope: {客服: 丙}
    text:
      - "{{销售额.prev}}|{{销售额.growth}}|{{销售额.vs_prev}}|{{销售额.last_year}}|{{销售额.vs_last_year}}"
"#;

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("日期,客服,询单人数,下单人数,销售额,首响,中差评\n");
    for r in ROWS {
        csv.push_str(&format!("{},{},{},{},{},{},{}\n", r.0, r.1, r.2, r.3, r.4, r.5, r.6));
    }
    std::fs::write(dir.path().join("d.csv"), csv).unwrap();
    std::fs::write(dir.path().join("t.yaml"), SPEC).unwrap();
    dir
}

fn lines(dir: &std::path::Path) -> Vec<Vec<String>> {
    let o = deckgen(dir, &["build", "t.yaml", "-o", "t.pptx"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&dir.join("t.pptx"));
    p.slides()
        .iter()
        .map(|s| {
            let xml = p.text(s);
            let body = xml.split("<p:sp>").find(|x| x.contains("name=\"Body\"")).unwrap();
            paragraphs(&format!("<x>{}</x>", body.split("</p:sp>").next().unwrap()))
        })
        .collect()
}

#[test]
fn every_metric_operation_on_known_data() {
    let dir = setup();
    let all = lines(dir.path());
    let l: Vec<String> = all[0].iter().chain(&all[1]).cloned().collect();
    // 甲, 2026 Q1: 120 orders / 300 inquiries = 40.0%; Q4: 105/300 = 35.0%; 2025 Q1: 90/300 = 30.0%.
    assert_eq!(l[0], "40.0%");
    assert_eq!(l[1], "35.0%|30.0%|38.0%");
    // Rates change in percentage points.
    assert_eq!(l[2], "+5.0个百分点|+10.0个百分点|提升5.0个百分点|提升10.0个百分点");
    // Achievement 0.40 / 0.38 = 105.3%; 2 points above the target.
    assert_eq!(l[3], "105.3%|+2.0个百分点|超出目标2.0个百分点|已达成");
    // Sales 45,000 vs 36,000 (+25%) and 30,000 (+50%); target 40,000 → 112.5%.
    assert_eq!(l[4], "4.50万元|+25.0%|+50.0%|增长25.0%|112.5%");
    // First response: lower is better. 15 s vs 18 s; target 16 s → 16/15 = 106.7%.
    assert_eq!(l[5], "15.0秒|缩短3.0秒|106.7%|优于目标1.0秒|已达成");
    // Bad reviews fall from 12 to 6: lower is better, so 减少.
    assert_eq!(l[6], "减少50.0%|-6件");
    // Team figures count agents with figures in every month of the period: 乙 has no February
    // row, so the team is 甲 and 丙. A team rate is the ratio of the sums:
    // (120 + 45) / (300 + 180) = 34.375%, and 甲's 40.0% is 5.6 points above it.
    assert_eq!(l[7], "1/2|第1名（共2人）|34.4%|高于团队平均5.6个百分点");
    // Sales share counts everyone: 45,000 / (45,000 + 18,000 + 3,000) = 68.2%; team mean (45,000 + 3,000)/2
    // = 24,000; first response rank 1 (15 s, fastest).
    assert_eq!(l[8], "68.2%|2.40万元|1");
    // Best and worst month of 甲's conversion; first response is 15 s every month: no month to single out.
    assert_eq!(l[9], "3月（45.0%）|1月（35.0%）|—");
    // `wan` of money is in 万元, the deck's one money unit.
    assert_eq!(l[10], "4.5万元|45,000|4.00万元|40%|5.00个百分点");
    // Division by zero prints "—"; signed numbers; abs keeps the unit.
    assert_eq!(l[11], "—|+25.0%|-5.0%|3.0秒");
    assert_eq!(l[12], "2026年第一季度|2025年第四季度|2025年第一季度|2026/01/01");
    assert_eq!(l[13], "达标|提升|缩短");
    assert_eq!(
        l[14],
        "2026年第一季度转化率40.0%，环比提升5.0个百分点，同比提升10.0个百分点，目标达成率105.3%，高于团队平均5.6个百分点，排名第1（共2人）。"
    );
    // 乙: sales 18,000 vs 33,000 → -45.5%; conversion 33.0% vs 35.0%; bad reviews 12 vs 9 → +33.3%; 26 s vs 16 s.
    assert_eq!(all[2][0], "下降45.5%|下降2.0个百分点|增加33.3%|慢于目标10.0秒");
    // 丙: the previous quarter's sales were 0 — growth cannot be computed, and there is no 2025 Q1 at all.
    assert_eq!(all[3][0], "0元|—|增长3,000元|—|—");
}

#[test]
fn check_lists_the_gaps_of_a_partly_filled_table() {
    let dir = setup();
    let o = deckgen(dir.path(), &["check", "t.yaml", "--set", "agent=乙"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("missing: 销售额: no data for 2月"), "{out}");
    assert!(out.contains("gaps will show as —"), "{out}");
}

#[test]
fn generated_lists_filters_and_empty_cells() {
    let dir = setup();
    // A row with an empty 中差评 cell in the quarter.
    let mut csv = std::fs::read_to_string(dir.path().join("d.csv")).unwrap();
    csv.push_str("2026-02-15,甲,0,0,0,15,\n");
    std::fs::write(dir.path().join("d.csv"), &csv).unwrap();
    let spec = r#"
deck:
  title: 生成内容
period: 2026-Q1
sources:
  d: d.csv
tables:
  甲乙: {source: d, where: 客服 != "丙"}
  零: {source: d, empty: zero}
  严: {source: d, empty: error}
metrics:
  询单: {sum: d.询单人数}
  下单: {sum: d.下单人数}
  转化率: {expr: 下单 / 询单, unit: "%", target: 45%}
  销售额: {sum: d.销售额, unit: 元, target: 6万}
  首响: {avg: d.首响, weight: d.询单人数, unit: 秒, better: lower, target: 18}
  甲乙询单: {sum: 甲乙.询单人数}
  乙询单: {sum: d.询单人数, where: 客服 == "乙"}
  跳过差评: {avg: d.中差评}
  零差评: {avg: 零.中差评}
  严差评: {avg: 严.中差评}
slides:
  - layout: table
    title: 未达成目标的指标
    table: {metrics: [转化率, 销售额, 首响], only: missed_targets, columns: [指标, 实际, 目标, 差距]}
  - layout: bullets
    title: 差距
    bullets: {generate: missed_targets}
  - layout: bullets
    title: 过滤
    text: ["{{甲乙询单}}|{{乙询单}}|{{跳过差评}}|{{零差评}}"]
"#;
    std::fs::write(dir.path().join("g.yaml"), spec).unwrap();
    let o = deckgen(dir.path(), &["build", "g.yaml", "-o", "g.pptx"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&dir.path().join("g.pptx"));
    let s = p.slides();
    // All agents in 2026 Q1: 231 orders / 680 inquiries = 34.0% (missed 45%); sales 66,000 (met 60,000);
    // first response (15·300 + 26·200 + 22·180) / 680 = 20.1 s (missed 18 s).
    let table = paragraphs(&p.text(&s[0]));
    let listed: Vec<&str> = ["转化率", "销售额", "首响"].into_iter().filter(|m| table.iter().any(|x| x == m)).collect();
    assert_eq!(listed, vec!["转化率", "首响"], "{table:?}");
    assert!(table.contains(&"距目标还差11.0个百分点".to_string()), "{table:?}");
    let bullets: Vec<String> = paragraphs(&p.text(&s[1])).into_iter().filter(|b| b.contains("目标")).collect();
    assert_eq!(bullets.len(), 2, "{bullets:?}");
    assert!(bullets[0].starts_with("转化率"), "the biggest miss first: {bullets:?}");

    assert!(bullets.iter().any(|b| b.starts_with("转化率 34.0%，目标45.0%")), "{bullets:?}");
    assert!(bullets.iter().any(|b| b.starts_with("首响 20.1秒，目标18.0秒，慢于目标2.1秒")), "{bullets:?}");
    // Filters: 甲乙 leaves 丙 out (300 + 200 inquiries); `where` on a metric; empty cells skipped
    // (21 reviews / 8 rows = 2.6) or counted as zero (21 / 9 = 2.3).
    let f = paragraphs(&p.text(&s[2]));
    assert!(f.contains(&"500|200|2.6|2.3".to_string()), "{f:?}");

    // The same empty cell under `empty: error` names its place.
    std::fs::write(dir.path().join("e.yaml"), spec.replace("{{零差评}}", "{{严差评}}")).unwrap();
    let o = deckgen(dir.path(), &["build", "e.yaml", "-o", "e.pptx"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("`中差评` is empty (d.csv!G22)"), "{}", stderr(&o));
}

/// The reporting period follows the figures: a list with dates of its own
/// (help requests, deadlines) that reaches further than the daily data does
/// not make `last-week` pick a week whose days are not all in.
#[test]
fn a_dated_list_does_not_stretch_the_period_past_the_figures() {
    let dir = tempfile::tempdir().unwrap();
    // Daily figures up to Thursday 2026-11-19 (2026-W47 runs 11-16 to 11-22).
    let mut daily = String::from("日期,销售额\n");
    for d in 2..=19 {
        daily.push_str(&format!("2026-11-{d:02},{}\n", 1000 + d));
    }
    std::fs::write(dir.path().join("daily.csv"), daily).unwrap();
    std::fs::write(dir.path().join("help.csv"), "日期,事项\n2026-11-18,退款审核\n2026-11-22,大促排班\n").unwrap();
    let yaml = "deck:\n  title: 周报\nperiod: last-week\nsources:\n  d: daily.csv\n  h: help.csv\n\
                metrics:\n  销售额: {sum: d.销售额, unit: 元}\n\
                slides:\n  - layout: kpis\n    title: 本周\n    kpis: [{metric: 销售额}]\n  - layout: table\n    title: 需要协助\n    table: {data: 'h[日期, 事项]'}\n";
    std::fs::write(dir.path().join("t.yaml"), yaml).unwrap();
    let o = deckgen(dir.path(), &["check", "t.yaml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    // W46 (11-09 to 11-15) is the last week the daily data holds whole.
    assert!(out.contains("period 2026年第46周（11.9–11.15）"), "{out}");
    let err = stderr(&o);
    assert!(err.contains("not 2026-W47") && err.contains("the data ends on 2026-11-19"), "{err}");
    let (o, out) = build_text(dir.path(), yaml, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let kpis = slide_text(&Package::open(&out), &Package::open(&out).slides()[0]);
    let want: f64 = (9..=15).map(|d| 1000.0 + d as f64).sum();
    assert!(shows(&kpis, want), "the week's sales {want}: {kpis}");
}

/// Figures dated after today are presented as actuals only with a warning:
/// the shipped workbook runs to 2026-12-31 and the tests' today is
/// 2026-11-23, so December (and the year) warn, the last whole week does not.
#[test]
fn a_period_reaching_past_today_warns() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.pptx");
    let o = build(&root().join("decks/monthly.yaml"), &out, &["--period", "2026-12"]);
    let err = stderr(&o);
    assert!(
        err.contains("2026年12月 reaches past today (2026-11-23): the workbook has figures up to 2026-12-31"),
        "{err}"
    );
    let o = build(&root().join("decks/weekly.yaml"), &out, &["--period", "2026-W47"]);
    assert!(!stderr(&o).contains("past today"), "{}", stderr(&o));
    let o = deckgen(&root(), &["check", "decks/annual.yaml"]);
    assert!(
        stderr(&o).contains("2026年 reaches past today")
            || String::from_utf8_lossy(&o.stdout).contains("2026年 reaches past today"),
        "{}",
        stderr(&o)
    );
}
