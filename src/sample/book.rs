//! The workbook a sample sheet is written into: typed columns and rows,
//! kept so that `deckgen init` can write the same sheets with example rows.

use crate::data::date::Date;
use crate::xlsx::{Style, Value, Workbook};

/// A column: header, number format, width.
pub struct Col(pub &'static str, pub &'static str, pub f64);

/// A workbook as sheets of typed columns and rows, kept so that
/// `deckgen init` can write the same sheets with only example rows.
#[derive(Default)]
pub struct Book {
    pub sheets: Vec<SheetDef>,
}

/// One sheet: its columns (header, number format, width) and rows.
pub struct SheetDef {
    pub name: String,
    pub cols: Vec<(String, String, f64)>,
    pub rows: Vec<Vec<Value>>,
}

impl Book {
    /// The .xlsx: a frozen header row per sheet, each column formatted.
    pub fn to_bytes(&self) -> crate::error::Result<Vec<u8>> {
        let mut wb = Workbook::new();
        for sh in &self.sheets {
            let s = wb.add_sheet(&sh.name);
            for (c, col) in sh.cols.iter().enumerate() {
                wb.set(s, 0, c as u32, Value::Text(col.0.clone()), &Style::header());
                wb.sheet_mut(s).width(c as u32, col.2);
            }
            wb.sheet_mut(s).freeze(1);
            let styles: Vec<Style> = sh.cols.iter().map(|c| Style::fmt(&c.1)).collect();
            for (r, row) in sh.rows.iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    wb.set(s, r as u32 + 1, c as u32, v.clone(), &styles[c.min(styles.len() - 1)]);
                }
            }
        }
        wb.to_bytes()
    }
}

/// Adds a sheet with a header row and the rows.
pub fn sheet(wb: &mut Book, name: &str, cols: &[Col], rows: &[Vec<Value>]) {
    wb.sheets.push(SheetDef {
        name: name.to_string(),
        cols: cols.iter().map(|c| (c.0.to_string(), c.1.to_string(), c.2)).collect(),
        rows: rows.to_vec(),
    });
}

pub(super) fn n(v: f64) -> Value {
    Value::Num(v)
}
pub(super) fn t(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}
pub(super) fn date(d: Date) -> Value {
    Value::Num(d.to_excel())
}
pub(super) fn month(y: i32, m: u32) -> Value {
    Value::Num(Date { y, m, d: 1 }.to_excel())
}
