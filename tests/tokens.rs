//! Numbers with their units, dates, promotions and names stay on one line:
//! a table's columns are at least as wide as their widest token, and a
//! long cell is broken by the engine between tokens, never inside one.

mod common;
use common::*;

/// Each row's cells: (column, font size in points, the texts of its a:t, in order, with
/// "\n" where the engine put an a:br).
fn table_cells(xml: &str) -> (Vec<f64>, Vec<Vec<(f64, String)>>) {
    let tbl = xml.split("<a:tbl>").nth(1).expect("a table").split("</a:tbl>").next().unwrap();
    let grid: Vec<f64> = elements(tbl, "a:gridCol").iter().map(|g| g["w"].parse::<f64>().unwrap() / 12700.0).collect();
    let rows = tbl
        .split("<a:tr ")
        .skip(1)
        .map(|tr| {
            tr.split("<a:tc>")
                .skip(1)
                .map(|tc| {
                    let tc = tc.split("</a:tc>").next().unwrap();
                    let sz =
                        tc.split("sz=\"").nth(1).map(|s| s.split('"').next().unwrap().parse::<f64>().unwrap() / 100.0);
                    // An a:br between runs becomes a line break in the text.
                    let marked = tc.replace("<a:br>", "<a:t>\n</a:t><a:br>");
                    (sz.unwrap_or(12.0), texts(&format!("<x>{marked}</x>"), "a:t").concat())
                })
                .collect()
        })
        .collect();
    (grid, rows)
}

/// Width of `s` in points at `pt`, counted by hand: ideographs are one em,
/// digits 0.556 em, `,` and `.` 0.278 em (Arial).
fn by_hand(s: &str, pt: f64) -> f64 {
    s.chars()
        .map(|c| match c {
            '0'..='9' => 0.556,
            ',' | '.' => 0.278,
            _ => 1.0,
        })
        .sum::<f64>()
        * pt
}

#[test]
fn table_columns_keep_numbers_with_units_and_dates_whole() {
    let dir = tempfile::tempdir().unwrap();
    // Nine columns and a long remark: shared by content alone, the money
    // column gets less than "2,383.6万元" needs.
    let long =
        "大促前一个月完成备货与客服排班，淡季做老客复购活动，高峰时段增开接待席位，机器人先行分流常见问题".repeat(2);
    let yaml = format!(
        "deck:\n  title: 大促\nslides:\n  - layout: table\n    title: 大促复盘\n    table:\n      columns: [活动, 日期, 销售额, 客服销售额, 首响, 平响, 负责人, 完成时间, 说明]\n      rows:\n        - [618, 5月20日, 2383.6万元, 1066.7万元, 20.1秒, 34.8秒, 李娜, 2027年3月, {long}]\n        - [双11, 10月20日, 2676.7万元, 1197.1万元, 25.1秒, 42.8秒, 刘洋, 2027年6月, {long}]\n"
    );
    let (o, out) = build_text(dir.path(), &yaml.replace("2383.6万元", "\"2,383.6万元\""), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    let xml = p.text(&p.slides()[0]);
    let (grid, rows) = table_cells(&xml);
    assert_eq!(grid.len(), 9);
    let mut seen = 0;
    for row in &rows[1..] {
        for (col, (pt, text)) in row.iter().enumerate() {
            for token in ["2,383.6万元", "1066.7万元", "5月20日", "10月20日", "2027年3月"] {
                if !text.contains(token) {
                    continue;
                }
                seen += 1;
                // The engine's measure: the column holds the token on one line
                // with room for the cell margins (7.2 pt each side)...
                let inner = grid[col] - 14.4;
                assert!(deckgen::fit::min_content(token, *pt, false) <= inner, "{token} in a {inner:.1}pt column");
                // ...and so does a count by hand, independent of it.
                assert!(
                    by_hand(token, *pt) <= inner,
                    "{token} ({:.1}pt by hand) in a {inner:.1}pt column",
                    by_hand(token, *pt)
                );
                // The engine broke no cell inside the token.
                assert!(text.split('\n').any(|line| line.contains(token)), "{token} broken in {text:?}");
            }
        }
    }
    assert_eq!(seen, 5, "every token found once: {rows:?}");
    // The long remark is broken by the engine, between its words, and
    // reads the same without the breaks.
    let remark = &rows[1][8].1;
    assert!(remark.contains('\n'), "{remark:?}");
    assert_eq!(remark.replace('\n', ""), long);
}

#[test]
fn a_chart_category_breaks_before_its_count_not_inside_it() {
    let dir = tempfile::tempdir().unwrap();
    let cats: Vec<String> = (1..=7).map(|m| format!("{m}月")).chain(["8月（17天）".to_string()]).collect();
    let vals: Vec<String> = (1..=8).map(|i| (i * 10).to_string()).collect();
    let chart = format!(
        "      - type: column\n        categories: [{}]\n        series:\n          - {{name: 接待量, values: [{}]}}\n",
        cats.join(", "),
        vals.join(", ")
    );
    let yaml =
        format!("deck:\n  title: 图表\nslides:\n  - layout: two-charts\n    title: 两图\n    charts:\n{chart}{chart}");
    let (o, out) = build_text(dir.path(), &yaml, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    let charts = slide_charts(&p, &p.slides()[0]);
    assert!(!charts.is_empty());
    for c in charts {
        let xml = p.text(&c);
        let labels = texts(&xml, "c:v");
        // Half a slide holds eight categories of about 55 pt: the long one
        // breaks before its bracket.
        assert!(labels.contains(&"8月\n（17天）".to_string()), "{labels:?}");
        assert!(labels.contains(&"7月".to_string()));
    }
}

#[test]
fn a_short_table_heading_stays_on_one_line() {
    // The monthly's next-month targets: "2026年10月实际" read "…实" over "际"
    // in a column one character too narrow for it.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.pptx");
    let o = build(&root().join("decks/monthly.yaml"), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    let xml = p.text(&slide_titled(&p, "2026年11月目标"));
    let (_, rows) = table_cells(&xml);
    let heads: Vec<&str> = rows[0].iter().map(|c| c.1.as_str()).collect();
    assert!(heads.contains(&"2026年10月实际") && heads.contains(&"2026年11月目标"), "{heads:?}");
    assert!(heads.iter().all(|h| !h.contains('\n')), "{heads:?}");
}
