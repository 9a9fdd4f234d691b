//! One expression means one thing everywhere: a bare name is read in one
//! order (true/false, the place's reserved words, the row's columns, the
//! variables, the metrics) by the one evaluator, and a name may not be both
//! a variable and a metric. Built end to end from a small CSV whose figures
//! are worked out by hand below.

mod common;
use common::*;

/// Agent 甲: 100 inquiries, 30 orders in January; 乙: 50 and 20.
const CSV: &str = "日期,客服,询单人数,下单人数\n2026-01-05,甲,100,30\n2026-01-06,乙,50,20\n";

fn spec(vars: &str, metrics: &str, lines: &[&str]) -> String {
    let text: String = lines.iter().map(|l| format!("      - \"{l}\"\n")).collect();
    format!(
        "deck: {{title: 名字}}\nperiod: 2026-01\nsources: {{d: d.csv}}\nvars: {{{vars}}}\nmetrics:\n{metrics}\
         slides:\n  - layout: bullets\n    title: 名字\n    text:\n{text}"
    )
}

fn body_lines(dir: &std::path::Path) -> Vec<String> {
    let p = Package::open(&dir.join("t.pptx"));
    let xml = p.text(&p.slides()[0]);
    let body = xml.split("<p:sp>").find(|x| x.contains("name=\"Body\"")).unwrap();
    paragraphs(&format!("<x>{}</x>", body.split("</p:sp>").next().unwrap()))
}

fn run(yaml: &str, extra: &[&str]) -> (std::process::Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.csv"), CSV).unwrap();
    let (o, _) = build_text(dir.path(), yaml, extra);
    (o, dir)
}

#[test]
fn a_variable_and_a_metric_of_one_name_are_refused_naming_both() {
    let yaml = spec("询单: 5", "  询单: {sum: d.询单人数}\n", &["{{询单}}"]);
    let (o, _dir) = run(&yaml, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("`询单` is both a variable (`vars: 询单`) and a metric (`metrics: 询单`)"), "{err}");
    assert!(err.contains("t.yaml:"), "the message names the place: {err}");

    // `--set` cannot make a variable of a metric's name either.
    let yaml = spec("agent: 甲", "  询单: {sum: d.询单人数}\n", &["{{询单}}"]);
    let (o, _dir) = run(&yaml, &["--set", "询单=5"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("`询单` is a metric"), "{}", stderr(&o));
}

#[test]
fn names_read_in_one_order_in_sentences_metrics_and_filters() {
    // A filter reads the row's column `客服` before the variable `客服`
    // (乙's row: 50 inquiries), and the variable where no column has the
    // name (`门槛` = 40 keeps 甲's 100 and 乙's 50: 150).
    // A metric reads a numeric variable (`门槛`), `true`, and `and`/`not`
    // by truthiness: 1 and not 0 is 1.
    let metrics = "  乙询单: {sum: d.询单人数, where: 客服 == \"乙\"}\n\
                   \x20 过线: {sum: d.询单人数, where: 询单人数 > 门槛}\n\
                   \x20 下单: {sum: d.下单人数}\n\
                   \x20 倍数: {expr: 下单 / 门槛 + true}\n\
                   \x20 逻辑: {expr: 下单 > 门槛 and not (下单 < 0)}\n";
    let yaml = spec(
        "客服: 甲, 门槛: 40",
        metrics,
        &[
            "{{乙询单 | num}}|{{过线 | num}}",
            "{{倍数 | num(3)}}|{{逻辑 | num}}",
            // A sentence: the same operators, the variable as text, `true`.
            "{{客服}}|{{if(下单 > 门槛 and not false, 1, 0)}}|{{门槛 + 1}}",
        ],
    );
    let (o, dir) = run(&yaml, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let l = body_lines(dir.path());
    // 50 inquiries of 乙; 100 + 50 above 40.
    assert_eq!(l[0], "50|150");
    // 50 orders / 40 + 1 = 2.25; 50 > 40 and not false = 1.
    assert_eq!(l[1], "2.250|1");
    assert_eq!(l[2], "甲|1|41");
}

#[test]
fn an_unknown_name_gets_each_places_message() {
    let yaml = spec("agent: 甲", "  下单: {sum: d.下单人数, where: 小组 == \"A\"}\n", &["{{下单}}"]);
    let (o, _dir) = run(&yaml, &[]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("`小组` is neither a column of `d` nor a variable"), "{}", stderr(&o));

    let yaml = spec("agent: 甲", "  下单: {sum: d.下单人数}\n  率: {expr: 下单 / 询单}\n", &["{{率}}"]);
    let (o, _dir) = run(&yaml, &[]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("metric `率` uses `询单`, which is not a metric"), "{}", stderr(&o));
}
