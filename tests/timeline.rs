//! A plan with many rows (shop 2's 2027 plan has fourteen: seven tasks and
//! the measures for seven missed targets) keeps its owners' names readable:
//! each bar is tall enough for one line at 12 pt, and nothing is shrunk.

mod common;
use common::*;

fn spec(rows: usize) -> String {
    let mut s = String::from(
        "deck:\n  title: 计划\nperiod: 2026\nsources:\n  d: d.csv\nmetrics:\n  销售额: {sum: d.销售额, unit: 元}\nslides:\n  - layout: timeline\n    title: 2027年工作计划\n    timeline:\n      rows:\n",
    );
    for i in 0..rows {
        let start = 1 + i % 6;
        s.push_str(&format!(
            "        - {{task: 第{}项改进工作, start: {start}, end: {}, owner: 负责人{}}}\n",
            i + 1,
            start + 3,
            i + 1
        ));
    }
    s
}

/// The heights (EMU) of the shapes named `{name} N` on the deck's only slide.
fn heights(p: &Package, name: &str) -> Vec<i64> {
    let xml = p.text("ppt/slides/slide1.xml");
    xml.split(&format!("name=\"{name} "))
        .skip(1)
        .map(|s| {
            let cy = s.split("cy=\"").nth(1).unwrap();
            cy[..cy.find('"').unwrap()].parse().unwrap()
        })
        .collect()
}

#[test]
fn many_plan_rows_keep_their_owners_readable() {
    for rows in [7, 14, 16] {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("d.csv"), "日期,销售额\n2026-01-01,1\n2026-12-31,1\n").unwrap();
        std::fs::write(d.join("s.yaml"), spec(rows)).unwrap();
        let o = deckgen(d, &["build", "s.yaml", "-o", "t.pptx"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(!stderr(&o).contains("fits its box only"), "{rows} rows: {}", stderr(&o));
        let p = Package::open(&d.join("t.pptx"));
        let (h, row) = (heights(&p, "Bar"), heights(&p, "Task"));
        assert_eq!(h.len(), rows);
        // 0.24 in (one line of 12 pt text with its leading), or the whole
        // row when the rows are thinner than that.
        assert!(h.iter().zip(&row).all(|(h, r)| *h >= 219_456 || h == r), "{rows} rows: bars {h:?}, rows {row:?}");
    }
}
