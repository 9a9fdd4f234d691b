//! Hostile inputs, continued: inconsistent decks, messages in the user's
//! terms, the readers' and the expression language's limits.

use super::*;

// ------------------------------------------------------ inconsistent decks

fn chart_spec(dir: &Path, chart: &str) {
    std::fs::write(
        dir.join("t.yaml"),
        format!("deck:\n  title: 图\nslides:\n  - layout: chart\n    title: 图\n    chart:\n{chart}"),
    )
    .unwrap();
}

fn empty_chart(kind: &str, row: &str) {
    let d = tmp();
    let series = if kind == "scatter" { "{name: a, x: [], values: []}" } else { "{name: a, values: []}" };
    chart_spec(d.path(), &format!("      type: {kind}\n      categories: []\n      series: [{series}]\n"));
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect(row, &r, 2, &["slide 1: the chart has no points to draw (t.yaml:7:7)"]);
    assert!(!d.path().join("o.pptx").exists());
}

#[test]
fn r34_an_empty_column_chart() {
    empty_chart("column", "r34 column chart with categories: [] and values: []");
}

#[test]
fn r35_an_empty_line_chart() {
    empty_chart("line", "r35 line chart with categories: [] and values: []");
}

#[test]
fn r36_an_empty_pie_chart() {
    empty_chart("pie", "r36 pie chart with categories: [] and values: []");
}

#[test]
fn r37_an_empty_scatter_chart() {
    empty_chart("scatter", "r37 scatter chart with x: [] and values: []");
}

#[test]
fn r38_scatter_with_more_x_than_y() {
    let d = tmp();
    chart_spec(d.path(), "      type: scatter\n      series: [{name: a, x: [1, 2, 3], values: [1, 2]}]\n");
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect(
        "r38 scatter with 3 x and 2 values",
        &r,
        2,
        &["scatter series `a` has 3 x values and 2 y values (t.yaml:8:17)"],
    );
}

#[test]
fn r39_scatter_with_more_y_than_x() {
    let d = tmp();
    chart_spec(d.path(), "      type: scatter\n      series: [{name: a, x: [1, 2], values: [1, 2, 3]}]\n");
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect("r39 scatter with 2 x and 3 values", &r, 2, &["scatter series `a` has 2 x values and 3 y values"]);
}

#[test]
fn r40_a_chart_whose_data_has_no_rows() {
    let d = tmp();
    // The shop has figures for 2026; the reasons table only for 2025.
    std::fs::write(d.path().join("r.csv"), "日期,原因,数量\n2025-01-03,尺码,4\n").unwrap();
    std::fs::write(d.path().join("k.csv"), "日期,接待量\n2025-01-03,10\n2026-03-01,12\n").unwrap();
    std::fs::write(
        d.path().join("t.yaml"),
        "deck:\n  title: 图\nperiod: 2026\nsources:\n  r: r.csv\n  k: k.csv\nslides:\n  - layout: chart\n    title: 原因\n    chart:\n      type: column\n      data: r[原因, 数量]\n",
    )
    .unwrap();
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect(
        "r40 a chart whose data has no rows in the period",
        &r,
        0,
        &["warning: slide 1 (t.yaml:8:5): a chart's data has no rows for this period: it shows 无数据"],
    );
    let p = Package::open(&d.path().join("o.pptx"));
    let chart = p.parts.keys().find(|k| k.starts_with("ppt/charts/chart")).unwrap().clone();
    let xml = p.text(&chart);
    assert!(xml.contains("<c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>无数据</c:v>"), "{xml}");
    let cells = workbook_cells(&p.chart_workbook(&chart), "Sheet1!$A$2");
    assert_eq!(cells, [calamine::Data::String("无数据".into())]);
}

// ----------------------------------------------------- the user's terms

fn source_error(file: &str, bytes: &[u8], row: &str, wants: &[&str]) {
    let d = tmp();
    std::fs::write(d.path().join(file), bytes).unwrap();
    source_spec(d.path(), file);
    let r = build(d.path(), &["-o", "o.pptx"]);
    let mut all = vec!["error: source `s`: ", "(t.yaml:4:6)"];
    all.extend_from_slice(wants);
    expect(row, &r, 1, &all);
    assert!(!d.path().join("o.pptx").exists());
}

#[test]
fn r41_a_csv_named_xlsx() {
    source_error(
        "kpi.xlsx",
        &fixture("kpi-utf8-bom.csv"),
        "r41 a CSV file named .xlsx",
        &["`kpi.xlsx` is a CSV or text file, not a workbook", "rename it to .csv"],
    );
}

#[test]
fn r42_html_named_xls() {
    let html = "<html><body><table><tr><td>月份</td><td>销售额</td></tr></table></body></html>";
    source_error(
        "export.xls",
        html.as_bytes(),
        "r42 an HTML export named .xls",
        &["`export.xls` is a web page (HTML)"],
    );
}

#[test]
fn r43_an_empty_workbook() {
    source_error(
        "kpi.xlsx",
        b"",
        "r43 an empty (0-byte) .xlsx",
        &["`kpi.xlsx` is empty (0 bytes)", "still be downloading"],
    );
}

#[test]
fn r44_a_truncated_workbook() {
    let full = fixture("kpi.xlsx");
    source_error(
        "kpi.xlsx",
        &full[..full.len() / 2],
        "r44 a truncated .xlsx (first half)",
        &["`kpi.xlsx` is incomplete or damaged"],
    );
}

#[test]
fn r45_excels_lock_file() {
    source_error(
        "~$kpi.xlsx",
        b"\x08lock\x00\x00",
        "r45 Excel's ~$ lock file",
        &["`~$kpi.xlsx` is Excel's lock file", "use `kpi.xlsx` in `sources:`"],
    );
}

#[test]
fn r46_a_source_without_extension() {
    source_error(
        "passwd",
        b"root:x:0:0:root:/root:/bin/bash\n",
        "r46 a source with no extension (like /etc/shadow)",
        &["`passwd` has no file extension"],
    );
}

#[test]
fn r47_a_password_protected_xlsx() {
    let b = std::fs::read(root().join("tests/specimens/pass_protected.xlsx")).unwrap();
    source_error(
        "p.xlsx",
        &b,
        "r47 a password-protected .xlsx",
        &["`p.xlsx` is protected with a password", "remove the password"],
    );
}

#[test]
fn r48_a_password_protected_ods() {
    let b = std::fs::read(root().join("tests/specimens/pass_protected.ods")).unwrap();
    source_error("p.ods", &b, "r48 a password-protected .ods", &["`p.ods` is protected with a password"]);
}

#[test]
fn r49_a_pdf_named_xlsx() {
    source_error(
        "r.xlsx",
        b"%PDF-1.7\n%\xe2\xe3\n1 0 obj",
        "r49 a PDF named .xlsx",
        &["`r.xlsx` is a PDF, not a workbook"],
    );
}

#[test]
fn r50_a_word_document_named_xlsx() {
    let docx = zip_of(&[
        ZipEntry::stored("[Content_Types].xml", "<Types/>"),
        ZipEntry::stored("word/document.xml", "<w:document/>"),
    ]);
    source_error("r.xlsx", &docx, "r50 a Word document named .xlsx", &["`r.xlsx` is a Word document, not a workbook"]);
}

#[test]
fn r51_an_excel_2003_xml_spreadsheet() {
    let x = r#"<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>"#;
    source_error(
        "r.xls",
        x.as_bytes(),
        "r51 an Excel 2003 XML spreadsheet named .xls",
        &["Excel 2003 XML spreadsheet"],
    );
}

#[test]
fn r52_a_workbook_named_csv() {
    source_error(
        "r.csv",
        &fixture("kpi.xlsx"),
        "r52 an .xlsx named .csv",
        &["`r.csv` is an Excel workbook, not a CSV"],
    );
}

#[test]
fn r53_a_5000_character_bad_value() {
    let d = tmp();
    let bad = "很".repeat(5000);
    std::fs::write(d.path().join("k.csv"), format!("月份,销售额\n2026-01-01,{bad}\n")).unwrap();
    std::fs::write(
        d.path().join("t.yaml"),
        format!("deck:\n  title: 值\nperiod: 2026\nsources:\n  k: k.csv\nmetrics:\n  销售额: {{sum: k.销售额}}\n{SLIDE}  - layout: kpis\n    title: 指标\n    kpis: [{{metric: 销售额}}]\n"),
    )
    .unwrap();
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect(
        "r53 a 5,000-character value where a number goes",
        &r,
        1,
        &["needs a number, found \"很很", "…（共5000字）\""],
    );
    assert!(r.stderr.chars().count() < 1000, "{}", r.stderr.chars().count());
}

#[test]
fn r54_1e308_where_a_date_goes() {
    let d = tmp();
    let ss = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>日期</t></si><si><t>销售额</t></si></sst>"#;
    let rows = r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2"><v>1E308</v></c><c r="B2"><v>5</v></c></row>"#;
    std::fs::write(d.path().join("x.xlsx"), xlsx_with_rows(rows, Some(ss))).unwrap();
    std::fs::write(
        d.path().join("t.yaml"),
        format!("deck:\n  title: 值\nsources:\n  s: x.xlsx\ntables:\n  数据: {{sheet: 数据, date: 日期}}\n{SLIDE}"),
    )
    .unwrap();
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect("r54 1e308 where a date goes", &r, 1, &["`日期` is not a date in 1 rows (A2 \"1000000", "…（共309字）\")"]);
}

#[test]
fn r55_a_yaml_alias_bomb() {
    let d = tmp();
    let mut y = String::from("deck:\n  title: 炸弹\nslides:\n");
    let mut prev: Option<char> = None;
    for n in 'a'..='i' {
        let items = match prev {
            None => vec!["x".to_string(); 9].join(","),
            Some(p) => vec![format!("*{p}"); 9].join(","),
        };
        y.push_str(&format!("  - layout: bullets\n    title: x\n    text: &{n} [{items}]\n"));
        prev = Some(n);
    }
    std::fs::write(d.path().join("t.yaml"), y).unwrap();
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect(
        "r55 a YAML alias bomb (9 levels of 9)",
        &r,
        2,
        &["repetition limit exceeded (t.yaml:9:", "repeats anchors"],
    );
}

#[test]
fn r56_yaml_nested_200_deep() {
    let d = tmp();
    let y = format!(
        "deck:\n  title: 深\nslides:\n  - layout: bullets\n    title: x\n    text: {}a{}\n",
        "[".repeat(200),
        "]".repeat(200)
    );
    std::fs::write(d.path().join("t.yaml"), y).unwrap();
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect("r56 YAML lists nested 200 deep", &r, 2, &["recursion limit exceeded (t.yaml:6:"]);
}

#[test]
fn r57_a_table_too_tall_on_250_slides() {
    let d = tmp();
    let mut rows = String::new();
    for i in 0..5000 {
        rows.push_str(&format!("        - [客服{i:04}, 售前A组, {i}, 很长的备注文字很长的备注文字很长的备注文字很长的备注文字很长的备注文字很长的备注]\n"));
    }
    std::fs::write(
        d.path().join("t.yaml"),
        format!("deck:\n  title: 表\nslides:\n  - layout: table\n    title: 明细\n    table:\n      columns: [客服, 小组, 接待量, 备注]\n      rows_per_slide: 20\n      rows:\n{rows}"),
    )
    .unwrap();
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect(
        "r57 a 20-row page too tall for its slot, 250 pages",
        &r,
        0,
        &["warning: slide 1 (t.yaml:4:5): a table with 20 rows is taller than its slot even at 12pt (on 250 slides)"],
    );
    assert_eq!(r.stderr.matches("warning:").count(), 1, "{}", r.stderr);
}

fn text_spec(dir: &Path, text: &str) {
    std::fs::write(
        dir.join("t.yaml"),
        format!("deck:\n  title: 式\nslides:\n  - layout: bullets\n    title: x\n    text: [\"{text}\"]\n"),
    )
    .unwrap();
}

#[test]
fn r58_five_thousand_nested_brackets() {
    let d = tmp();
    text_spec(d.path(), &format!("{{{{{}1{}}}}}", "(".repeat(5000), ")".repeat(5000)));
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect("r58 an expression in 5,000 brackets", &r, 2, &["nests more than 40 levels deep", "(t.yaml:6:12)"]);
}

#[test]
fn r59_a_sum_of_100000_terms() {
    let d = tmp();
    text_spec(d.path(), &format!("{{{{{}}}}}", vec!["1"; 100_000].join("+")));
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect("r59 an expression of 100,000 terms", &r, 2, &["nests more than 40 levels deep"]);
}

#[test]
fn r60_metrics_in_a_circle_checked() {
    let d = tmp();
    std::fs::write(
        d.path().join("t.yaml"),
        "deck:\n  title: 环\nmetrics:\n  甲: {expr: 乙 + 1}\n  乙: {expr: 甲 * 2}\nslides:\n  - layout: kpis\n    title: 指标\n    kpis: [{metric: 甲}]\n",
    )
    .unwrap();
    let r = run(d.path(), &["check", "t.yaml"]);
    expect("r60 `check` on two metrics that refer to each other", &r, 2, &["refers to itself (t.yaml:"]);
}

#[test]
fn r61_a_chain_of_20000_metrics() {
    let d = tmp();
    let mut y = String::from("deck:\n  title: 深\nmetrics:\n");
    for i in 0..20_000 {
        y.push_str(&format!("  m{i}: {{expr: m{} + 1}}\n", i + 1));
    }
    y.push_str("  m20000: {expr: 1}\nslides:\n  - layout: kpis\n    title: x\n    kpis: [{metric: m0}]\n");
    std::fs::write(d.path().join("t.yaml"), y).unwrap();
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect("r61 a chain of 20,000 metrics", &r, 2, &["metrics refer to metrics more than 64 deep"]);
}

#[test]
fn r62_a_spec_that_is_not_utf8() {
    let d = tmp();
    let (gbk, _, _) = encoding_rs::GBK.encode("deck:\n  title: 周报\nslides: []\n");
    std::fs::write(d.path().join("t.yaml"), &gbk[..]).unwrap();
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect("r62 a spec saved as GBK", &r, 2, &["the spec is not UTF-8 text", "另存为"]);
}

#[test]
fn r63_a_9_mb_spec() {
    let d = tmp();
    let f = std::fs::File::create(d.path().join("t.yaml")).unwrap();
    f.set_len(9 << 20).unwrap();
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect("r63 a 9 MB spec", &r, 2, &["the deck spec is larger than 8 MB"]);
}

#[test]
fn r64_a_truncated_png() {
    let d = tmp();
    let team = std::fs::read(root().join("decks/assets/team.png")).unwrap();
    std::fs::write(d.path().join("p.png"), &team[..team.len() / 3]).unwrap();
    picture_spec(d.path(), "p.png");
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect("r64 a PNG cut to a third", &r, 1, &["the picture `p.png` is damaged"]);
}

/// A one-sheet workbook with 工号 and 销售额 (shared strings 0 and 1), and
/// a KPI of the sum.
fn kpi_of(xlsx: Vec<u8>, row: &str, want: &str) {
    let d = tmp();
    std::fs::write(d.path().join("x.xlsx"), xlsx).unwrap();
    std::fs::write(
        d.path().join("t.yaml"),
        "deck:\n  title: 值\nsources:\n  s: x.xlsx\nmetrics:\n  销售额: {sum: 数据.销售额}\nslides:\n  - layout: bullets\n    title: \"{{销售额 | int}}\"\n    text: [一]\n",
    )
    .unwrap();
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect(row, &r, 0, &[]);
    let p = Package::open(&d.path().join("o.pptx"));
    let text = slide_text(&p, &p.slides()[0]);
    assert!(text.contains(want), "{row}: {text}");
}

const HEAD: &str = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>工号</t></si><si><t>销售额</t></si></sst>"#;

#[test]
fn r65_single_quoted_attributes_holding_greater_than() {
    let rows = r#"<row r='1'><c r='A1' t='s' x='a>b'><v>0</v></c><c r='B1' t='s'><v>1</v></c></row><row r='2'><c r='A2'><v>1</v></c><c r='B2' y="'>"><v>1234</v></c></row><row r='3'><c r='A3'><v>2</v></c><c r='B3'><v>766</v></c></row>"#;
    kpi_of(xlsx_with_rows(rows, Some(HEAD)), "r65 single-quoted attributes with `>` inside", "2,000");
}

#[test]
fn r66_relationship_targets_with_dot_dot() {
    let sheet = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>41</v></c></row><row r="3"><c r="A3"><v>2</v></c><c r="B3"><v>1</v></c></row></sheetData></worksheet>"#;
    let mut parts = xlsx_parts(ZipEntry::stored("s", sheet), Some(HEAD));
    for p in &mut parts {
        if p.name == "xl/_rels/workbook.xml.rels" {
            let t = String::from_utf8(p.data.clone()).unwrap();
            p.data = t
                .replace("Target=\"worksheets/sheet1.xml\"", "Target=\"../xl/sheets/../worksheets/sheet1.xml\"")
                .replace("Target=\"sharedStrings.xml\"", "Target=\"/xl/sharedStrings.xml\"")
                .into_bytes();
        }
    }
    kpi_of(zip_of(&parts), "r66 relationship targets with `../` and `/`", "42");
}

#[test]
fn r67_literal_x_escapes_in_a_chart() {
    let d = tmp();
    chart_spec(
        d.path(),
        "      type: column\n      categories: [\"_x0041_\", \"b\\rc\"]\n      series: [{name: a, values: [1, 2]}]\n",
    );
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect("r67 category text `_x0041_` and a CR", &r, 0, &[]);
    let p = Package::open(&d.path().join("o.pptx"));
    let chart = p.parts.keys().find(|k| k.starts_with("ppt/charts/chart")).unwrap().clone();
    assert!(p.text(&chart).contains("<c:v>_x005F_x0041_</c:v>"));
    // Excel (here calamine) reads the cell as the text that was written.
    let cells = workbook_cells(&p.chart_workbook(&chart), "Sheet1!$A$2:$A$3");
    assert_eq!(cells, [calamine::Data::String("_x0041_".into()), calamine::Data::String("b\rc".into())]);
}

#[test]
fn r68_a_csv_that_is_not_text() {
    source_error(
        "k.csv",
        &[0x80, 0x81, 0xFF, 0xFE, 0x80, b'\n', 0xFF, 0xFF],
        "r68 a .csv that is neither UTF-8 nor GBK",
        &["neither UTF-8 nor GBK"],
    );
}

#[test]
fn r69_a_two_character_delimiter() {
    let d = tmp();
    std::fs::write(d.path().join("k.csv"), "a;;b\n1;;2\n").unwrap();
    spec(d.path(), "sources:\n  k: {path: k.csv, delimiter: \";;\"}\n");
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect(
        "r69 a CSV delimiter of two characters",
        &r,
        2,
        &["the CSV delimiter `;;` must be one character", "(t.yaml:4:7)"],
    );
}

#[test]
fn r70_a_zip_that_is_not_a_workbook() {
    let z = zip_of(&[ZipEntry::stored("readme.txt", "hello")]);
    source_error(
        "r.xlsx",
        &z,
        "r70 a zip archive (no workbook) named .xlsx",
        &["`r.xlsx` is a zip archive, not a workbook"],
    );
}

#[test]
fn r71_a_source_that_is_a_folder() {
    let d = tmp();
    std::fs::create_dir(d.path().join("data.xlsx")).unwrap();
    source_spec(d.path(), "data.xlsx");
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect("r71 a source that is a folder", &r, 1, &["the data file `data.xlsx` is a folder, not a file"]);
}

#[test]
fn r72_row_zero() {
    let d = tmp();
    std::fs::write(d.path().join("x.xlsx"), xlsx_with_rows(r#"<row r="0"><c><v>1</v></c></row>"#, None)).unwrap();
    source_spec(d.path(), "x.xlsx");
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect("r72 a row numbered 0", &r, 1, &["`0` is not a row number", "save it again"]);
}

#[test]
fn r73_a_missing_spec() {
    let d = tmp();
    std::fs::write(d.path().join("weekly.yaml"), "x").unwrap();
    let r = run(d.path(), &["build", "weekley.yaml"]);
    expect(
        "r73 a spec name with a typo",
        &r,
        2,
        &["the deck spec does not exist (weekley.yaml)", "did you mean `weekly.yaml`?"],
    );
}

#[test]
fn r74_a_picture_that_is_not_a_picture() {
    let d = tmp();
    std::fs::write(d.path().join("p.png"), "not a picture").unwrap();
    picture_spec(d.path(), "p.png");
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect("r74 a text file named .png", &r, 1, &["`p.png` is not a picture deckgen can read"]);
}

#[test]
fn r75_an_unreadable_xls() {
    // An OLE file whose streams are garbage.
    let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    b.extend(std::iter::repeat_n(0x41u8, 600));
    source_error("r.xls", &b, "r75 a damaged .xls", &["`r.xls` cannot be opened as a workbook", "save it as .xlsx"]);
}

#[test]
fn r76_a_million_cells_naming_one_long_shared_string() {
    let d = tmp();
    // 1,048,000 rows of 6 cells, each the same 1,000-character shared
    // string: 140 MB of XML in 9 MB, 6 GB of text if each cell copied it.
    let head = br#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
    let pattern = br#"<row><c t="s"><v>0</v></c><c t="s"><v>0</v></c><c t="s"><v>0</v></c><c t="s"><v>0</v></c><c t="s"><v>0</v></c><c t="s"><v>0</v></c></row>"#;
    let total = 1_048_000 * pattern.len() / 2;
    let (xml, len, crc) = deflate_repeat(head, pattern, total, b"</sheetData></worksheet>");
    let sheet = ZipEntry { name: "s".into(), data: xml, deflated: true, declared: Some(len), crc };
    let ss = format!(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>{}</t></si></sst>"#,
        "长".repeat(1000)
    );
    std::fs::write(d.path().join("x.xlsx"), zip_of(&xlsx_parts(sheet, Some(&ss)))).unwrap();
    source_spec(d.path(), "x.xlsx");
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect("r76 a million cells naming one 1,000-character shared string", &r, 1, &["more than 8 million cells"]);
}

#[test]
fn r77_a_bad_template_in_a_series_value_names_its_line() {
    // Found by the fuzzer: the value's place was looked up twice and lost.
    let d = tmp();
    chart_spec(
        d.path(),
        "      type: column\n      categories: [a, b]\n      series:\n        - name: s\n          values:\n            - 1\n            - \"{{x.y: z}}\"\n",
    );
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect(
        "r77 a template error in a series value",
        &r,
        2,
        &["slide 1: in `{{x.y: z}}`: unexpected `:` (t.yaml:13:15)"],
    );
}
