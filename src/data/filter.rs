//! Row filters (`where: 小组 == "A组" and 接待量 > 0`): an expression over
//! a row's columns, literals and the spec's variables.

use super::period::Period;
use super::table::{Row, Table};
use super::value::{Cell, parse_number};
use crate::expr::{BinOp, Expr};
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

fn eval(
    e: &Expr,
    t: &Table,
    row: &Row,
    vars: &BTreeMap<String, String>,
    period: Option<&Period>,
) -> Result<FV, String> {
    Ok(match e {
        Expr::Num(n) => FV::Num(*n),
        Expr::Str(s) => of_text(s),
        Expr::Name(n) => {
            if let Ok(i) = t.col(n) {
                if row.cells[i].is_empty() && t.unsaved.contains(&(row.r, t.columns[i].col)) {
                    return Err(format!(
                        "`{n}` at {} is a formula with no saved value (open the workbook in Excel or WPS and save it)",
                        t.cell_at(row, i)
                    ));
                }
                of_cell(&row.cells[i])
            } else if let Some(v) = vars.get(n) {
                of_text(v)
            } else if n == "true" || n == "false" {
                FV::Bool(n == "true")
            } else {
                let cols: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
                let hint = crate::error::did_you_mean(n, cols.iter().copied())
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                return Err(format!("`{n}` is neither a column of `{}` nor a variable{hint}", t.name));
            }
        }
        Expr::Unary('!', a) => FV::Bool(!truthy(&eval(a, t, row, vars, period)?)),
        Expr::Unary(_, a) => match eval(a, t, row, vars, period)? {
            FV::Num(n) => FV::Num(-n),
            _ => FV::Null,
        },
        Expr::Binary(a, op, b) => {
            let (x, y) = (eval(a, t, row, vars, period)?, eval(b, t, row, vars, period)?);
            match op {
                BinOp::And => FV::Bool(truthy(&x) && truthy(&y)),
                BinOp::Or => FV::Bool(truthy(&x) || truthy(&y)),
                BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                    let ord = match (&x, &y) {
                        (FV::Num(p), FV::Num(q)) => p.partial_cmp(q),
                        (FV::Null, FV::Null) => Some(std::cmp::Ordering::Equal),
                        (FV::Null, _) | (_, FV::Null) => None,
                        (p, q) => Some(fv_text(p).cmp(&fv_text(q))),
                    };
                    use std::cmp::Ordering::*;
                    FV::Bool(match (op, ord) {
                        (BinOp::Eq, o) => o == Some(Equal),
                        (BinOp::Ne, o) => o != Some(Equal),
                        (BinOp::Lt, o) => o == Some(Less),
                        (BinOp::Le, o) => matches!(o, Some(Less | Equal)),
                        (BinOp::Gt, o) => o == Some(Greater),
                        (BinOp::Ge, o) => matches!(o, Some(Greater | Equal)),
                        _ => false,
                    })
                }
                BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => match (x, y) {
                    (FV::Num(p), FV::Num(q)) => {
                        let r = match op {
                            BinOp::Add => p + q,
                            BinOp::Sub => p - q,
                            BinOp::Mul => p * q,
                            _ => p / q,
                        };
                        if r.is_finite() { FV::Num(r) } else { FV::Null }
                    }
                    _ => FV::Null,
                },
            }
        }
        Expr::Call(f, args) if f == "contains" && args.len() == 2 => {
            let (x, y) = (eval(&args[0], t, row, vars, period)?, eval(&args[1], t, row, vars, period)?);
            FV::Bool(fv_text(&x).contains(&fv_text(&y)))
        }
        Expr::Call(f, _) => {
            return Err(format!("`{f}(…)` cannot be used in a row filter (use ==, !=, <, >, and, or, not, contains)"));
        }
        // The period being computed: `年份 == period.year` picks, from a table
        // of years without dates, the rows of this period (and of last year
        // for a comparison with last year).
        Expr::Field(b, f) if matches!(b.as_ref(), Expr::Name(n) if n == "period") => {
            let Some(p) = period else {
                return Err("`period` can be used in a metric's `where`, not in a table's".into());
            };
            match f.as_str() {
                "year" => FV::Num(f64::from(p.start.y)),
                "month" => FV::Num(f64::from(p.start.m)),
                "quarter" => FV::Num(f64::from((p.start.m - 1) / 3 + 1)),
                // Dates compare as text in ISO order: 晋升日期 >= period.start.
                "start" => FV::Text(p.start.to_string()),
                "end" => FV::Text(p.end.to_string()),
                _ => {
                    return Err(format!(
                        "`period.{f}` in a row filter: use period.year, period.quarter, period.month, period.start or period.end"
                    ));
                }
            }
        }
        Expr::Field(_, f) => return Err(format!("`.{f}` cannot be used in a row filter")),
    })
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
    eval(e, t, row, vars, period).map(|v| truthy(&v))
}
