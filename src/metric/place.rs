//! A metric's `expr:` and `target:` as a place of the one evaluator
//! (`expr::eval`).

use super::Metrics;
use super::define::literal_number;
use super::scope::Scope;
use crate::data::period::Period;
use crate::error::{Error, Result};
use crate::expr::eval::{arith, compare, is_comparison};
use crate::expr::{BinOp, Place};
use std::collections::BTreeMap;

/// A metric's `expr:` or `target:`: names are metrics and numeric
/// variables (see `expr::eval` for the order), values a figure or nothing.
/// A side without data makes `+ - * /` and comparisons nothing, and counts
/// as false for `and`, `or` and `not`; a comparison that holds is 1.
pub(super) struct MetricPlace<'m, 'a> {
    pub(super) m: &'m Metrics<'a>,
    pub(super) period: &'m Period,
    pub(super) scope: &'m Scope,
}

impl Place for MetricPlace<'_, '_> {
    type Value = Option<f64>;
    type Error = Error;

    fn number(&self, n: f64) -> Result<Option<f64>> {
        Ok(Some(n))
    }
    fn text(&self, s: &str) -> Result<Option<f64>> {
        Ok(literal_number(s))
    }
    fn boolean(&self, b: bool) -> Option<f64> {
        Some(f64::from(u8::from(b)))
    }
    fn truthy(&self, v: &Option<f64>) -> Result<bool> {
        Ok(v.is_some_and(|x| x != 0.0))
    }
    fn vars(&self) -> &BTreeMap<String, String> {
        self.m.vars
    }
    fn variable(&self, _name: &str, text: &str) -> Result<Option<f64>> {
        Ok(literal_number(text))
    }
    fn metric(&self, n: &str) -> Option<Result<Option<f64>>> {
        self.m.is_metric(n).then(|| self.m.value(n, self.period, self.scope))
    }
    fn unknown(&self, n: &str) -> Error {
        Error::usage(format!("unknown metric `{n}`")).suggest(n, self.m.defs.keys().map(String::as_str))
    }
    fn check_field(&self, f: &str) -> Result<()> {
        Err(Error::usage(format!("`.{f}` cannot be used in a metric expression")))
    }
    fn field(&self, _base: Option<f64>, f: &str) -> Result<Option<f64>> {
        self.check_field(f).map(|()| None)
    }
    fn negate(&self, v: Option<f64>) -> Result<Option<f64>> {
        Ok(v.map(|v| -v))
    }
    fn binary(&self, x: Option<f64>, op: BinOp, y: Option<f64>) -> Result<Option<f64>> {
        let (Some(x), Some(y)) = (x, y) else { return Ok(None) };
        Ok(if is_comparison(op) { self.boolean(compare(op, x.partial_cmp(&y))) } else { arith(op, x, y) })
    }
    fn check_call(&self, f: &str, _args: usize) -> Result<()> {
        if matches!(f, "min" | "max" | "abs") {
            return Ok(());
        }
        Err(Error::usage(format!("`{f}(…)` cannot be used in a metric expression")))
    }
    fn call(&self, f: &str, args: Vec<Option<f64>>) -> Result<Option<f64>> {
        let present: Vec<f64> = args.into_iter().flatten().collect();
        Ok(match f {
            "abs" => present.first().map(|v| v.abs()),
            "min" => present.into_iter().reduce(f64::min),
            _ => present.into_iter().reduce(f64::max),
        })
    }
    fn too_deep(&self) -> Error {
        Error::usage(format!("the expression nests more than {} levels deep", crate::expr::eval::MAX_DEPTH))
    }
}
