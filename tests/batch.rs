//! Batch builds: one deck per agent, each with that agent's name and
//! numbers; a broken row fails only its own deck; --only; safe file names.

mod common;
use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[test]
fn a_batch_over_the_sample_data_builds_one_deck_per_agent_with_their_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = deckgen(&root(), &["build", "decks/review.yaml", "--each", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));

    // The agents with rows in 2026, and their sales by month, from the workbook.
    let sh = Sheet::read(&root().join("decks/data/review.xlsx"), "客服月度");
    let mut sales: BTreeMap<String, [f64; 12]> = BTreeMap::new();
    // Who worked in 2025 too: their deck has the slide against their own last year.
    let mut last_year = BTreeSet::new();
    for r in &sh.rows {
        let (y, m, _) = sh.date(r, "月份");
        if y == 2026 {
            sales.entry(sh.text(r, "客服姓名")).or_insert([0.0; 12])[m as usize - 1] += sh.num(r, "销售额").unwrap();
        } else if y == 2025 {
            last_year.insert(sh.text(r, "客服姓名"));
        }
    }
    // Who has left: their deck has no slide of next year's targets.
    let roster = Sheet::read(&root().join("decks/data/review.xlsx"), "客服名单");
    let left: BTreeSet<String> = roster
        .rows
        .iter()
        .filter(|r| !matches!(r[roster.col("离职日期")], calamine::Data::Empty))
        .map(|r| roster.text(r, "客服姓名"))
        .collect();
    let files: BTreeSet<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    // Who left during 2026 is no longer on the team: no 述职 deck (see --only).
    let want: BTreeSet<String> =
        sales.keys().filter(|a| !left.contains(*a)).map(|a| format!("{a}-2026年终述职.pptx")).collect();
    assert_eq!(files, want, "one deck per agent on the team at the end of 2026, named by the spec's template");
    assert!(
        stderr(&o).contains(&format!("skipped {} no longer on the team", sales.len() - want.len())),
        "{}",
        stderr(&o)
    );

    for (agent, months) in sales.iter().filter(|(a, _)| !left.contains(*a)) {
        let p = Package::open(&out.join(format!("{agent}-2026年终述职.pptx")));
        let (had, gone) = (last_year.contains(agent), left.contains(agent));
        assert_eq!(p.slides().len(), 15 + usize::from(had) + usize::from(!gone), "{agent}");
        let titled = |end: &str| {
            p.slides()
                .iter()
                .any(|s| paragraphs(&p.text(s)).iter().find(|t| !t.trim().is_empty()).is_some_and(|t| t.ends_with(end)))
        };
        assert_eq!(titled("与去年的自己相比"), had, "{agent}: the slide against last year");
        assert_eq!(titled("2027年个人目标"), !gone, "{agent}: the slide of next year's targets");
        let cover = slide_text(&p, &p.slides()[0]);
        assert!(cover.contains(agent.as_str()), "{agent}: cover {cover}");
        let slide = slide_titled(&p, "月度接待量与销售额");
        let ser = slide_charts(&p, &slide)
            .iter()
            .flat_map(|c| chart_series(&p.text(c)))
            .find(|s| s.name == "销售额（万元）")
            .unwrap();
        // The months the agent worked in: from the first with figures (one
        // who joined mid-year starts there) to December.
        let first = months.iter().position(|v| *v != 0.0).unwrap();
        // (A month joined in says its days: 5月（15天）.)
        let cats: Vec<usize> = ser.cats.iter().map(|c| c.split('月').next().unwrap().parse().unwrap()).collect();
        assert_eq!(cats, (first + 1..=12).collect::<Vec<_>>(), "{agent}: the chart's months");
        for (m, v) in cats.iter().zip(&ser.vals) {
            let want = months[m - 1] / 1e4;
            match v {
                Some(v) => assert!((v - want).abs() < 1e-9, "{agent} month {m}: {v} vs {want}"),
                None => panic!("{agent} month {m} is missing"),
            }
        }
    }
    let summary = String::from_utf8_lossy(&o.stdout);
    assert!(summary.contains(&format!("built {n} of {n} decks", n = want.len())), "{summary}");
}

const AGENTS: &str = "月份,客服姓名,接待量,销售额
2026-01,张三,100,5000
2026-02,张三,120,6000
2026-01,李四,90,4000
2026-02,李四,九十,4500
2026-01,王/五,80,3000
2026-02,王/五,85,3500
2025-12,赵六,70,2000
";

const SPEC: &str = r#"
deck:
  title: "{{agent}}述职"
  output: "{{agent}}-述职.pptx"
period: 2026
sources:
  a: agents.csv
scope:
  客服姓名: "{{agent}}"
vars:
  agent: 张三
batch:
  each: a.客服姓名
  as: agent
metrics:
  接待量: {sum: a.接待量, unit: 次}
  销售额: {sum: a.销售额, unit: 元}
slides:
  - layout: cover
  - layout: kpis
    title: 数据
    kpis:
      - {metric: 接待量}
      - {metric: 销售额}
  - layout: chart
    title: 每月接待量
    chart:
      type: column
      series: [{metric: 接待量, name: "{{agent}}"}, {metric: 接待量, team: true}]
"#;

fn small(dir: &Path) {
    std::fs::write(dir.join("agents.csv"), AGENTS).unwrap();
    std::fs::write(dir.join("batch.yaml"), SPEC).unwrap();
}

#[test]
fn a_broken_row_fails_its_own_deck_and_the_others_build() {
    let dir = tempfile::tempdir().unwrap();
    small(dir.path());
    let o = deckgen(dir.path(), &["build", "batch.yaml", "--each", "-o", "out"]);
    assert_eq!(o.status.code(), Some(1), "a failed deck makes the batch fail");
    let err = stderr(&o);
    assert!(err.contains("李四") && err.contains("agents.csv!C5") && err.contains("九十"), "{err}");
    assert!(err.contains("1 of 3 decks failed"), "{err}");
    let files: BTreeSet<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    // 赵六 has no rows in 2026; 王/五 gets a file name without the slash.
    assert_eq!(files, BTreeSet::from(["张三-述职.pptx".to_string(), "王_五-述职.pptx".to_string()]));
    let p = Package::open(&dir.path().join("out/张三-述职.pptx"));
    let kpis = slide_text(&p, &p.slides()[1]);
    assert!(shows(&kpis, 11000.0) && shows(&kpis, 220.0), "{kpis}");
    // The team average leaves the unreadable cell out: January (100 + 90 + 80) / 3,
    // February (120 + 85) / 2. The data ends in February: 2026 is reported to date.
    let charts = slide_charts(&p, &p.slides()[2]);
    let sers = chart_series(&p.text(&charts[0]));
    assert_eq!(sers[0].name, "张三");
    assert_eq!(sers[0].vals, [Some(100.0), Some(120.0)]);
    assert_eq!(sers[1].vals, [Some(90.0), Some(102.5)]);
}

#[test]
fn only_picks_decks_and_names_unknown_ones() {
    let dir = tempfile::tempdir().unwrap();
    small(dir.path());
    let o = deckgen(dir.path(), &["build", "batch.yaml", "--each", "a.客服姓名", "--only", "张三", "-o", "out/"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let files: Vec<_> = std::fs::read_dir(dir.path().join("out")).unwrap().collect();
    assert_eq!(files.len(), 1);

    let o = deckgen(dir.path(), &["build", "batch.yaml", "--each", "--only", "张山", "李四四", "张三", "-o", "out2"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("`--only 张山`") && err.contains("did you mean `张三`"),
        "names the value and suggests: {err}"
    );
    assert!(err.contains("`--only 李四四`"), "every unknown name at once: {err}");
    assert!(!err.contains("`--only 张三`"), "a known name is not reported: {err}");
    assert!(!dir.path().join("out2").exists(), "nothing written");

    let o = deckgen(dir.path(), &["build", "batch.yaml", "--only", "张三"]);
    assert_eq!(o.status.code(), Some(2), "--only without --each is a usage error");
}

#[test]
fn a_batch_run_twice_writes_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    small(dir.path());
    let run = || {
        deckgen(dir.path(), &["build", "batch.yaml", "--each", "-o", "out", "-q", "-j", "2"]);
        std::fs::read(dir.path().join("out/张三-述职.pptx")).unwrap()
    };
    let a = run();
    let b = run();
    assert_eq!(a, b);
}

/// Ctrl-C or a killed cron job in the middle of a batch: the decks written
/// so far are whole, the one being written is removed, no `.part` is left.
#[cfg(unix)]
#[test]
fn an_interrupted_batch_leaves_whole_decks_and_no_partial_files() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    let o = deckgen(dir.path(), &["sample-data", "data", "--agents", "100"]);
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::copy(root().join("decks/review.yaml"), dir.path().join("review.yaml")).unwrap();
    let out = dir.path().join("out");
    let list = |ext: &str| -> Vec<std::path::PathBuf> {
        std::fs::read_dir(&out)
            .map(|d| d.map(|e| e.unwrap().path()).filter(|p| p.to_string_lossy().ends_with(ext)).collect())
            .unwrap_or_default()
    };

    let child = Command::new(env!("CARGO_BIN_EXE_deckgen"))
        .args(["build", "review.yaml", "--each", "-o", "out/", "-q"])
        .current_dir(dir.path())
        .env("DECKGEN_TODAY", "2026-11-23")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Interrupt as soon as the first deck is there.
    let start = Instant::now();
    while list(".pptx").is_empty() && start.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(2));
    }
    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let o = child.wait_with_output().unwrap();

    let decks = list(".pptx");
    assert!(!decks.is_empty());
    if o.status.success() {
        // The whole batch finished before the signal arrived: nothing to check.
        return;
    }
    assert_eq!(o.status.code(), Some(130), "{}", stderr(&o));
    assert!(stderr(&o).contains("interrupted"), "{}", stderr(&o));
    let dotted: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(list(".part").is_empty(), "unfinished files left behind: {dotted:?}");
    for d in &decks {
        // 15 to 17 slides: with or without the one against the agent's own
        // last year, and the one of next year's targets.
        let n = Package::open(d).slides().len();
        assert!((15..=17).contains(&n), "{} is whole: {n} slides", d.display());
    }
}

/// A batch says which deck each warning is about.
#[test]
fn a_batch_names_the_deck_of_each_warning() {
    let dir = tempfile::tempdir().unwrap();
    small(dir.path());
    let long = "客服团队围绕询单转化与响应时效持续改进，".repeat(300);
    let slide = format!("slides:\n  - layout: bullets\n    title: 长\n    text: \"{{{{agent}}}}：{long}\"\n");
    std::fs::write(dir.path().join("batch.yaml"), SPEC.replacen("slides:\n", &slide, 1)).unwrap();
    let o = deckgen(dir.path(), &["build", "batch.yaml", "--each", "--only", "张三", "王/五", "-o", "out/"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    for agent in ["张三", "王/五"] {
        assert!(err.contains(&format!("warning: {agent}: slide 1")), "{err}");
    }
    assert!(err.contains("too long for its box"), "{err}");
}

/// `--each` on a column that is not there: an error naming the table, the
/// column meant and the columns there are (exit 1, as for a metric's column
/// missing from the data); nothing is written.
#[test]
fn each_on_an_unknown_column_names_the_columns() {
    let dir = tempfile::tempdir().unwrap();
    small(dir.path());
    let o = deckgen(dir.path(), &["build", "batch.yaml", "--each", "a.客服", "-o", "out/"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("table `a` has no column `客服`") && err.contains("did you mean `客服姓名`"), "{err}");
    assert!(err.contains("月份, 客服姓名, 接待量, 销售额"), "the columns are listed: {err}");
    assert!(!dir.path().join("out").exists(), "nothing written");
}
