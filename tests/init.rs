//! `deckgen init`: the spec and blank workbook it writes, filled in and
//! built; a partly filled workbook still builds, and `check` lists the gaps.

mod common;
use calamine::Data;
use common::*;

const KINDS: [(&str, usize); 4] = [("annual", 38), ("review", 16), ("monthly", 30), ("weekly", 9)];

fn col(rows: &[Vec<Data>], name: &str) -> usize {
    rows[0].iter().position(|h| *h == name).unwrap_or_else(|| panic!("no column {name}"))
}

#[test]
fn init_writes_a_spec_and_a_workbook_with_instructions_that_build() {
    let dir = tempfile::tempdir().unwrap();
    for (kind, slides) in KINDS {
        let d = dir.path().join(kind);
        let o = deckgen(dir.path(), &["init", kind, d.to_str().unwrap()]);
        assert!(o.status.success(), "{kind}: {}", stderr(&o));
        let book = d.join(format!("{kind}.xlsx"));
        let all = sheets(&book);
        // The instructions first; every column of every sheet explained.
        let (first, help) = &all[0];
        assert_eq!(first, "填写说明");
        assert_eq!(
            help[0].iter().map(|c| c.to_string()).collect::<Vec<_>>(),
            ["工作表", "列", "含义", "单位/写法", "示例"]
        );
        for (name, rows) in &all[1..] {
            // Two example rows; the shop's own details (店铺信息) are one row.
            let want = if name == "店铺信息" { 2 } else { 3 };
            assert_eq!(rows.len(), want, "{kind}: {name} has a header and its example rows");
            for h in &rows[0] {
                let line = help.iter().find(|r| r[0].to_string() == *name && r[1].to_string() == h.to_string());
                let line = line.unwrap_or_else(|| panic!("{kind}: {name}.{h} is not in 填写说明"));
                assert!(!line[2].to_string().is_empty() && !line[3].to_string().is_empty(), "{kind}: {name}.{h}");
            }
        }
        // The spec reads its workbook from beside it and builds as it is.
        let spec = std::fs::read_to_string(d.join(format!("{kind}.yaml"))).unwrap();
        assert!(spec.contains(&format!(": {kind}.xlsx")), "{kind}: {spec}");
        let o = deckgen(&d, &["build", &format!("{kind}.yaml"), "-o", "out.pptx"]);
        assert!(o.status.success(), "{kind}: {}", stderr(&o));
        let p = Package::open(&d.join("out.pptx"));
        assert_eq!(p.slides().len(), slides, "{kind}");
        // Two rows cannot fill a deck: the gaps show as — and check lists them.
        let text: String = p.slides().iter().map(|s| slide_text(&p, s)).collect();
        assert!(text.contains('—'), "{kind}: no gap shown");
        assert!(!text.contains("{{"), "{kind}");
        let o = deckgen(&d, &["check", &format!("{kind}.yaml")]);
        assert!(o.status.success(), "{kind}: {}", stderr(&o));
        let out = String::from_utf8_lossy(&o.stdout);
        // Two example rows are all the deck reports (a period of two days or
        // months, said so in its name); what else is missing, check lists.
        assert!(out.contains("ok: "), "{kind}: {out}");
        assert_eq!(out.contains("missing: "), out.contains("gaps will show as —"), "{kind}: {out}");
    }
}

#[test]
fn filled_example_rows_are_the_numbers_in_the_deck() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = deckgen(d, &["init", "annual", "."]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut all = sheets(&d.join("annual.xlsx"));
    // Fill the two days of 日数据 with our own figures, in 2026.
    let (_, day) = all.iter_mut().find(|(n, _)| n == "日数据").unwrap();
    let (cd, cs, ci, co) = (col(day, "日期"), col(day, "店铺销售额"), col(day, "询单人数"), col(day, "下单人数"));
    for (k, (sales, inq, ord)) in [(123_456.0, 1000.0, 400.0), (76_544.0, 1000.0, 300.0)].into_iter().enumerate() {
        let row = &mut day[k + 1];
        // 2026-03-01 and 2026-03-02 as Excel serials.
        row[cd] = Data::DateTime(calamine::ExcelDateTime::new(
            46082.0 + k as f64,
            calamine::ExcelDateTimeType::DateTime,
            false,
        ));
        row[cs] = Data::Float(sales);
        row[ci] = Data::Float(inq);
        row[co] = Data::Float(ord);
    }
    save(&d.join("annual.xlsx"), &all);
    let o = deckgen(d, &["build", "annual.yaml", "--period", "2026", "-o", "out.pptx"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&d.join("out.pptx"));
    // The other sheets' example rows are of the last days of 2026: the year
    // is reported from 1 March, the first day with figures, and says so.
    let title = p
        .slides()
        .iter()
        .map(|s| paragraphs(&p.text(s)))
        .find_map(|ps| ps.into_iter().find(|t| t.ends_with("核心指标一览")))
        .unwrap();
    assert!(title.starts_with("2026年（3.1–12."), "{title}");
    let label = title.trim_end_matches("核心指标一览").to_string();
    let kpis = slide_text(&p, &slide_titled(&p, &title));
    assert!(shows(&kpis, 200_000.0), "sales of the two days: {kpis}");
    assert!(shows(&kpis, 0.35), "conversion 700 / 2000: {kpis}");
    // The monthly chart: March holds the two days, other months are gaps.
    let slide = slide_titled(&p, "店铺与客服销售额：今年与去年（月度）");
    let ser = slide_charts(&p, &slide).iter().flat_map(|c| chart_series(&p.text(c))).find(|s| s.name == label).unwrap();
    assert_eq!(ser.cats[0], "3月");
    assert_eq!(ser.vals[0].map(|v| (v * 1e4).round()), Some(200_000.0));
    assert!(ser.vals.iter().enumerate().all(|(i, v)| i == 0 || v.is_none()), "{:?}", ser.vals);
}

#[test]
fn a_partly_filled_workbook_builds_and_check_names_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(deckgen(d, &["init", "weekly", "."]).status.success());
    // Keep only the headers of the lists: the user has not written them yet.
    let mut all = sheets(&d.join("weekly.xlsx"));
    for (name, rows) in all.iter_mut() {
        if ["待办", "下周重点", "售后工单"].contains(&name.as_str()) {
            rows.truncate(1);
        }
    }
    save(&d.join("weekly.xlsx"), &all);
    let o = deckgen(d, &["check", "weekly.yaml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("新增工单"), "check names the after-sales figures: {out}");
    let o = deckgen(d, &["build", "weekly.yaml", "-o", "out.pptx"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&d.join("out.pptx"));
    assert_eq!(p.slides().len(), 9);
    let lists = slide_text(&p, &slide_titled(&p, "需要协助与未完成事项"));
    assert!(lists.contains("本周没有需要其他部门协助的事项"), "{lists}");
}

#[test]
fn init_keeps_existing_files_and_names_unknown_kinds() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(deckgen(d, &["init", "monthly", "."]).status.success());
    std::fs::write(d.join("monthly.yaml"), "# my edits\n").unwrap();
    let o = deckgen(d, &["init", "monthly", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(d.join("monthly.yaml")).unwrap(), "# my edits\n");
    assert!(deckgen(d, &["init", "monthly", ".", "--force"]).status.success());
    let o = deckgen(d, &["init", "anual", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("annual"), "suggests the kind: {}", stderr(&o));
}
