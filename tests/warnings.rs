//! Warnings are values with a severity and a place: the real binary prints
//! them with the spec line (or the sheet) they are about, and `check`
//! gives each its severity.

mod common;
use common::*;
use deckgen::warning::Severity;
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// Text among a column of numbers: line 7, column 13 is the `g` of
/// `data: g` (counted by hand from the spec below).
const SPEC: &str = "deck: {title: 测试}\nsources: {g: g.csv, m: m.csv}\nslides:\n  - layout: table\n    title: 小组\n    \
                    table:\n      data: g\ntables:\n  空表: {source: m}\nperiod: 2026\n";

fn data(d: &Path) {
    write(d, "g.csv", "小组,接待量,下单人数\nA组,200,40\nB组,100,30\nC组,300,暂无\n");
    // A table with a header and no rows.
    write(d, "m.csv", "小组,接待量\n");
}

#[test]
fn build_prints_a_warning_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    data(d);
    let (o, _) = build_text(d, SPEC, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let line = err.lines().find(|l| l.contains("is a column of numbers")).unwrap_or_else(|| panic!("{err}"));
    assert_eq!(
        line,
        "warning: t.yaml:7:13: `下单人数` is a column of numbers, but g.csv!C4 \"暂无\" hold text: shown as written, \
         left out of totals"
    );
}

#[test]
fn check_gives_each_warning_its_severity_and_place() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    data(d);
    write(d, "t.yaml", SPEC);
    let o = deckgen(d, &["check", "t.yaml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.lines().any(|l| l.starts_with("warning: t.yaml:7:13: `下单人数` is a column of numbers")), "{err}");
    // `空表:` is the key on line 9, column 3.
    assert!(err.contains("warning: t.yaml:9:3: table `空表` (m.csv › m.csv) has no data rows"), "{err}");

    // The same, as values: severity, place, message apart.
    let opts = deckgen::resolve::Options::default();
    let p = deckgen::pipeline::prepare(&d.join("t.yaml"), &opts, None).unwrap();
    let r = deckgen::check::check(&p, &opts);
    let w = r.warnings.iter().find(|w| w.message.contains("is a column of numbers")).unwrap();
    assert_eq!(w.severity, Severity::Warning);
    assert!(w.at.as_deref().is_some_and(|a| a.ends_with("t.yaml:7:13")), "{w:?}");
    assert!(w.message.starts_with("`下单人数` is a column of numbers"), "{w:?}");
}

/// Months without a year are taken as the period's: nothing is wrong with
/// the deck, so it is a notice, placed on the sheet.
#[test]
fn an_assumption_is_a_notice_on_its_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "k.csv", "月份,接待量\n1月,10\n2月,12\n");
    write(
        d,
        "t.yaml",
        "deck: {title: 测试}\nsources: {k: k.csv}\nperiod: 2026\nslides:\n  - layout: table\n    title: 月\n    table: {data: k}\n",
    );
    let o = deckgen(d, &["check", "t.yaml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("notice: k.csv › k.csv: the months have no year (e.g. 11月); they are taken as 2026"),
        "{err}"
    );
    assert!(!err.contains("warning:"), "{err}");
}
