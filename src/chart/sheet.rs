//! The chart's embedded workbook and the one place that knows where each
//! series lives in it. The chart XML asks this module for its `c:f`
//! references and writes its caches from the same numbers, so formulas,
//! caches and cells cannot drift apart (python-pptx's CategoryWorkbookWriter
//! plays this role there).
//!
//! Layout of the sheet `Sheet1`:
//! - category charts: A1 empty, categories in A2:A(n+1), series `i` named in
//!   row 1 of column `i+1` with its values below;
//! - scatter charts: series `i` takes two columns, x then y, named above y.

use crate::model::{Chart, ChartKind, Series};
use crate::xlsx::{Style, Value, Workbook, col_name, quote_sheet};

pub const SHEET: &str = "Sheet1";

/// Cell references of one chart's data.
pub struct ChartSheet<'a> {
    chart: &'a Chart,
    series: &'a [Series],
    scatter: bool,
    /// Categories written as dates (a date axis), not as text.
    days: bool,
}

fn abs_range(col: u32, first_row: u32, last_row: u32) -> String {
    let c = col_name(col);
    if first_row == last_row {
        format!("{}!${c}${}", quote_sheet(SHEET), first_row + 1)
    } else {
        format!("{}!${c}${}:${c}${}", quote_sheet(SHEET), first_row + 1, last_row + 1)
    }
}

impl<'a> ChartSheet<'a> {
    /// `series` is what the chart XML writes (for waterfalls, the helper series).
    pub fn new(chart: &'a Chart, series: &'a [Series]) -> ChartSheet<'a> {
        ChartSheet { chart, series, scatter: chart.kind == ChartKind::Scatter, days: false }
    }

    /// The categories are days, written as dates in `format` cells.
    pub fn with_days(mut self, days: bool) -> ChartSheet<'a> {
        self.days = days && self.chart.category_days.as_ref().is_some_and(|d| d.len() == self.chart.categories.len());
        self
    }

    fn n(&self) -> u32 {
        if self.scatter {
            self.series.iter().map(|s| s.values.len()).max().unwrap_or(0) as u32
        } else {
            self.chart.categories.len() as u32
        }
    }

    fn y_col(&self, i: usize) -> u32 {
        if self.scatter { 2 * i as u32 + 1 } else { i as u32 + 1 }
    }

    /// Where the category labels are.
    pub fn categories_ref(&self) -> String {
        abs_range(0, 1, self.n().max(1))
    }

    /// Where series `i`'s name is.
    pub fn name_ref(&self, i: usize) -> String {
        abs_range(self.y_col(i), 0, 0)
    }

    /// Where series `i`'s values are.
    pub fn values_ref(&self, i: usize) -> String {
        let n = if self.scatter { self.series[i].values.len() as u32 } else { self.n() };
        abs_range(self.y_col(i), 1, n.max(1))
    }

    /// Where series `i`'s x values are (scatter charts).
    pub fn x_ref(&self, i: usize) -> String {
        let n = self.series[i].values.len() as u32;
        abs_range(2 * i as u32, 1, n.max(1))
    }

    /// The embedded workbook holding exactly the cached values.
    pub fn workbook(&self) -> crate::error::Result<Vec<u8>> {
        let mut wb = Workbook::new();
        let s = wb.add_sheet(SHEET);
        let head = Style::default();
        if self.scatter {
            for (i, ser) in self.series.iter().enumerate() {
                let (xc, yc) = (2 * i as u32, 2 * i as u32 + 1);
                wb.set(s, 0, xc, Value::Text(format!("{} X", ser.name)), &head);
                wb.set(s, 0, yc, Value::Text(ser.name.clone()), &head);
                let xs = ser.x.clone().unwrap_or_default();
                for (r, v) in ser.values.iter().enumerate() {
                    if let Some(Some(x)) = xs.get(r) {
                        wb.set(s, r as u32 + 1, xc, Value::Num(*x), &Style::default());
                    }
                    if let Some(v) = v {
                        wb.set(s, r as u32 + 1, yc, Value::Num(*v), &Style::fmt(&ser.format));
                    }
                }
                wb.sheet_mut(s).width(xc, 10.0);
                wb.sheet_mut(s).width(yc, 12.0);
            }
        } else {
            let days = self.chart.category_days.as_deref().filter(|_| self.days).unwrap_or(&[]);
            let day_style = Style::fmt(super::axis::DAY_FORMAT);
            for (r, c) in self.chart.categories.iter().enumerate() {
                match days.get(r) {
                    Some(d) => wb.set(s, r as u32 + 1, 0, Value::Num(*d), &day_style),
                    None => wb.set(s, r as u32 + 1, 0, Value::Text(c.clone()), &head),
                }
            }
            wb.sheet_mut(s).width(0, 14.0);
            for (i, ser) in self.series.iter().enumerate() {
                let col = i as u32 + 1;
                wb.set(s, 0, col, Value::Text(ser.name.clone()), &head);
                for (r, v) in ser.values.iter().enumerate().take(self.chart.categories.len()) {
                    if let Some(v) = v {
                        wb.set(s, r as u32 + 1, col, Value::Num(*v), &Style::fmt(&ser.format));
                    }
                }
                wb.sheet_mut(s).width(col, 12.0);
            }
        }
        wb.to_embedded_bytes()
    }
}
