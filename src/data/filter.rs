//! Row filters (`where: 小组 == "A组" and 接待量 > 0`): an expression over
//! a row's columns, literals and the spec's variables, run by the one
//! evaluator (`expr::eval`). A filter's values are cells: numbers, text
//! (dates as ISO text), truth values and nothing; text compares with text.

use super::period::Period;
use super::table::{Row, Table};
use super::value::{Cell, parse_number};
use crate::expr::eval::{arith, compare, is_comparison};
use crate::expr::{BinOp, Expr, Place};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
enum FV {
    Num(f64),
    Text(String),
    Bool(bool),
    Null,
}

fn of_text(s: &str) -> FV {
    match parse_number(s) {
        Some(n) => FV::Num(n),
        None => FV::Text(s.trim().to_string()),
    }
}

fn of_cell(c: &Cell) -> FV {
    match c {
        Cell::Empty => FV::Null,
        Cell::Num(n) => FV::Num(*n),
        Cell::Bool(b) => FV::Bool(*b),
        Cell::Date(d) => FV::Text(d.to_string()),
        other => of_text(&other.text()),
    }
}

fn truthy(v: &FV) -> bool {
    match v {
        FV::Bool(b) => *b,
        FV::Num(n) => *n != 0.0,
        FV::Text(s) => !s.is_empty(),
        FV::Null => false,
    }
}

/// A row being filtered: what a filter's names and values mean (see
/// `expr::eval` for the order names are looked up in).
struct RowPlace<'a> {
    t: &'a Table,
    row: &'a Row,
    vars: &'a BTreeMap<String, String>,
    period: Option<&'a Period>,
}

impl Place for RowPlace<'_> {
    type Value = FV;
    type Error = String;

    fn number(&self, n: f64) -> Result<FV, String> {
        Ok(FV::Num(n))
    }
    fn text(&self, s: &str) -> Result<FV, String> {
        Ok(of_text(s))
    }
    fn boolean(&self, b: bool) -> FV {
        FV::Bool(b)
    }
    fn truthy(&self, v: &FV) -> Result<bool, String> {
        Ok(truthy(v))
    }
    fn column(&self, n: &str) -> Option<Result<FV, String>> {
        let (t, row) = (self.t, self.row);
        let i = t.col(n).ok()?;
        if row.cells[i].is_empty() && t.unsaved.contains(&(row.r, t.columns[i].col)) {
            return Some(Err(format!(
                "`{n}` at {} is a formula with no saved value (open the workbook in Excel or WPS and save it)",
                t.cell_at(row, i)
            )));
        }
        Some(Ok(of_cell(&row.cells[i])))
    }
    fn vars(&self) -> &BTreeMap<String, String> {
        self.vars
    }
    fn variable(&self, _name: &str, text: &str) -> Result<FV, String> {
        Ok(of_text(text))
    }
    fn unknown(&self, n: &str) -> String {
        let t = self.t;
        let cols: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        let hint = crate::error::did_you_mean(n, cols.iter().copied())
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        format!("`{n}` is neither a column of `{}` nor a variable{hint}", t.name)
    }
    // The period being computed: `年份 == period.year` picks, from a table
    // of years without dates, the rows of this period (and of last year
    // for a comparison with last year).
    fn path(&self, base: &str, f: &str) -> Option<Result<FV, String>> {
        if base != "period" {
            return None;
        }
        let Some(p) = self.period else {
            return Some(Err("`period` can be used in a metric's `where`, not in a table's".into()));
        };
        Some(Ok(match f {
            "year" => FV::Num(f64::from(p.start.y)),
            "month" => FV::Num(f64::from(p.start.m)),
            "quarter" => FV::Num(f64::from((p.start.m - 1) / 3 + 1)),
            // Dates compare as text in ISO order: 晋升日期 >= period.start.
            "start" => FV::Text(p.start.to_string()),
            "end" => FV::Text(p.end.to_string()),
            _ => {
                return Some(Err(format!(
                    "`period.{f}` in a row filter: use period.year, period.quarter, period.month, period.start or period.end"
                )));
            }
        }))
    }
    fn check_field(&self, f: &str) -> Result<(), String> {
        Err(format!("`.{f}` cannot be used in a row filter"))
    }
    fn field(&self, _base: FV, f: &str) -> Result<FV, String> {
        self.check_field(f).map(|()| FV::Null)
    }
    fn negate(&self, v: FV) -> Result<FV, String> {
        Ok(match v {
            FV::Num(n) => FV::Num(-n),
            _ => FV::Null,
        })
    }
    fn binary(&self, x: FV, op: BinOp, y: FV) -> Result<FV, String> {
        if is_comparison(op) {
            let ord = match (&x, &y) {
                (FV::Num(p), FV::Num(q)) => p.partial_cmp(q),
                (FV::Null, FV::Null) => Some(std::cmp::Ordering::Equal),
                (FV::Null, _) | (_, FV::Null) => None,
                (p, q) => Some(fv_text(p).cmp(&fv_text(q))),
            };
            return Ok(FV::Bool(compare(op, ord)));
        }
        Ok(match (x, y) {
            (FV::Num(p), FV::Num(q)) => match arith(op, p, q) {
                Some(r) if r.is_finite() => FV::Num(r),
                _ => FV::Null,
            },
            _ => FV::Null,
        })
    }
    fn check_call(&self, f: &str, args: usize) -> Result<(), String> {
        if f == "contains" && args == 2 {
            return Ok(());
        }
        Err(format!("`{f}(…)` cannot be used in a row filter (use ==, !=, <, >, and, or, not, contains)"))
    }
    fn call(&self, _f: &str, args: Vec<FV>) -> Result<FV, String> {
        Ok(FV::Bool(fv_text(&args[0]).contains(&fv_text(&args[1])))) // ok: check_call admits contains(a, b) only
    }
    fn too_deep(&self) -> String {
        format!("the expression nests more than {} levels deep", crate::expr::eval::MAX_DEPTH)
    }
}

fn fv_text(v: &FV) -> String {
    match v {
        FV::Num(n) => crate::format::plain(*n),
        FV::Text(s) => s.clone(),
        FV::Bool(b) => b.to_string(),
        FV::Null => String::new(),
    }
}

/// Whether `row` passes the filter.
/// `period` is the period a metric is computed for (`None` for a table's own filter).
pub fn matches(
    e: &Expr,
    t: &Table,
    row: &Row,
    vars: &BTreeMap<String, String>,
    period: Option<&Period>,
) -> Result<bool, String> {
    crate::expr::eval(&RowPlace { t, row, vars, period }, e).map(|v| truthy(&v))
}
