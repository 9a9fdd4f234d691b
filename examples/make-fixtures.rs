//! Writes the workbooks in tests/fixtures/ (run by hand; needs LibreOffice):
//!
//!     cargo run --example make-fixtures
//!
//! One table of monthly KPIs, 2025-01 to 2026-12, in the shapes users'
//! files come in: an .xlsx with a title row, merged two-row headers, formula
//! cells and notes under the table (saved by LibreOffice, so the formulas
//! carry cached values), the same as .ods and .xls, as a GBK CSV and a UTF-8
//! CSV with BOM, and a sheet whose percents are text.

use deckgen::xlsx::{Style, Value, Workbook};
use std::path::Path;
use std::process::Command;

/// One month: (year, month, shop sales, agent sales, inquiries, orders, first response s, avg response s).
type Month = (i32, u32, f64, f64, f64, f64, f64, f64);

/// The fixture's numbers.
pub fn rows() -> Vec<Month> {
    let mut out = Vec::new();
    for (k, (y, m)) in (2025..=2026).flat_map(|y| (1..=12).map(move |m| (y, m))).enumerate() {
        let k = k as f64;
        let peak = if m == 6 || m == 11 { 1.9 } else { 1.0 };
        let grow = if y == 2026 { 1.12 } else { 1.0 };
        let shop = ((6_000_000.0 + 150_000.0 * (k % 12.0)) * peak * grow).round();
        let agent = (shop * (0.40 + 0.002 * k)).round();
        let inquiries = (52_000.0 * peak * grow + 300.0 * k).round();
        let orders = (inquiries * (0.355 + 0.0012 * k + if y == 2026 && m <= 6 { 0.012 } else { 0.0 })).round();
        let first = ((22.0 - 0.15 * k + if peak > 1.0 { 6.0 } else { 0.0 }) * 10.0).round() / 10.0;
        let avg = ((34.0 - 0.12 * k + if peak > 1.0 { 5.0 } else { 0.0 }) * 10.0).round() / 10.0;
        out.push((y, m, shop, agent, inquiries, orders, first, avg));
    }
    out
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    std::fs::create_dir_all(&dir).unwrap();
    let data = rows();

    // The workbook, before LibreOffice computes its formulas.
    let mut wb = Workbook::new();
    let s = wb.add_sheet("月度KPI");
    let title = Style { bold: true, ..Default::default() };
    let h = Style::header();
    wb.set(s, 0, 0, Value::Text("沐岚女装旗舰店 客服月度KPI(2025-2026)".into()), &title);
    wb.sheet_mut(s).merge("A1:H1");
    for (c, t) in ["月份", "销售", "", "询单", "", "转化率", "响应", ""].iter().enumerate() {
        wb.set(s, 2, c as u32, Value::Text(t.to_string()), &h);
    }
    for (c, t) in
        ["", "店铺销售额", "客服销售额", "询单人数", "下单人数", "", "首响(秒)", "平响(秒)"].iter().enumerate()
    {
        wb.set(s, 3, c as u32, if t.is_empty() { Value::Empty } else { Value::Text(t.to_string()) }, &h);
    }
    for m in ["A3:A4", "B3:C3", "D3:E3", "F3:F4", "G3:H3"] {
        wb.sheet_mut(s).merge(m);
    }
    let date = Style::fmt("yyyy-mm");
    for (i, (y, m, shop, agent, inq, ord, first, avg)) in data.iter().enumerate() {
        let r = 4 + i as u32;
        let serial = deckgen::data::date::Date::new(*y, *m, 1).unwrap().to_excel();
        wb.set(s, r, 0, Value::Num(serial), &date);
        wb.set(s, r, 1, Value::Num(*shop), &Style::fmt("#,##0"));
        wb.set(s, r, 2, Value::Num(*agent), &Style::fmt("#,##0"));
        wb.set(s, r, 3, Value::Num(*inq), &Style::fmt("#,##0"));
        wb.set(s, r, 4, Value::Num(*ord), &Style::fmt("#,##0"));
        wb.set(s, r, 5, Value::Formula(format!("E{0}/D{0}", r + 1), None), &Style::fmt("0.0%"));
        wb.set(s, r, 6, Value::Num(*first), &Style::default());
        wb.set(s, r, 7, Value::Num(*avg), &Style::default());
    }
    let notes = 4 + data.len() as u32 + 1;
    wb.set(
        s,
        notes,
        0,
        Value::Text("注:数据来自生意参谋与千牛客服绩效,询单与下单人数按去重统计。".into()),
        &Style::default(),
    );
    wb.set(s, notes + 1, 0, Value::Text("填表人:李娜".into()), &Style::default());

    // Percents written as text, as some exports do.
    let t = wb.add_sheet("文本百分比");
    for (c, hd) in ["月份", "询单人数", "转化率"].iter().enumerate() {
        wb.set(t, 0, c as u32, Value::Text(hd.to_string()), &h);
    }
    for (i, (y, m, _, _, inq, ord, _, _)) in data.iter().enumerate() {
        let r = 1 + i as u32;
        wb.set(t, r, 0, Value::Text(format!("{y}年{m}月")), &Style::default());
        wb.set(t, r, 1, Value::Text(deckgen::format::thousands(*inq, 0)), &Style::default());
        wb.set(t, r, 2, Value::Text(format!("{:.4}%", ord / inq * 100.0)), &Style::default());
    }
    let raw = dir.join("kpi-raw.xlsx");
    std::fs::write(&raw, wb.to_bytes().unwrap()).unwrap();

    // LibreOffice recalculates and saves: formula cells get cached values.
    for (fmt, name) in [("xlsx:Calc MS Excel 2007 XML", "kpi.xlsx"), ("ods", "kpi.ods"), ("xls:MS Excel 97", "kpi.xls")]
    {
        let tmp = dir.join("lo-out");
        let _ = std::fs::remove_dir_all(&tmp);
        let st = Command::new("soffice")
            .args(["--headless", "--calc", "--convert-to", fmt, "--outdir"])
            .arg(&tmp)
            .arg(&raw)
            .status()
            .expect("LibreOffice (soffice) is installed");
        assert!(st.success());
        let produced = std::fs::read_dir(&tmp).unwrap().next().unwrap().unwrap().path();
        std::fs::rename(produced, dir.join(name)).unwrap();
        std::fs::remove_dir_all(&tmp).unwrap();
    }
    // A formula without a cached value (the workbook our writer made, unsaved by an office suite).
    std::fs::rename(&raw, dir.join("kpi-unsaved-formulas.xlsx")).unwrap();

    // CSV: the table flat, as exported; thousands separators and text percents.
    let mut csv = String::from("月份,店铺销售额,客服销售额,询单人数,下单人数,转化率,首响(秒),平响(秒)\r\n");
    for (y, m, shop, agent, inq, ord, first, avg) in &data {
        csv.push_str(&format!(
            "{y}/{m:02}/01,\"{}\",\"{}\",{inq},{ord},{:.4}%,{first},{avg}\r\n",
            deckgen::format::thousands(*shop, 0),
            deckgen::format::thousands(*agent, 0),
            ord / inq * 100.0
        ));
    }
    csv.push_str("合计,,,,,,,\r\n注:数据来自生意参谋,,,,,,,\r\n");
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend(csv.as_bytes());
    std::fs::write(dir.join("kpi-utf8-bom.csv"), bom).unwrap();
    let (gbk, _, bad) = encoding_rs::GBK.encode(&csv);
    assert!(!bad);
    std::fs::write(dir.join("kpi-gbk.csv"), gbk).unwrap();
    println!("wrote the fixtures to {}", dir.display());
}
