//! A sentence as a place of the one evaluator (`expr::eval`): what its
//! names, operators and values mean.

use super::env::Env;
use super::value::{MetricAt, NumKind, Number, Value};
use crate::data::date::Date;
use crate::error::{Error, Result};
use crate::expr::eval::{arith, compare, is_comparison};
use crate::expr::{BinOp, Expr, Place};
use std::collections::BTreeMap;

impl Env<'_> {
    /// Evaluates an expression (by the one evaluator, `expr::eval`).
    pub fn eval(&self, e: &Expr) -> Result<Value> {
        crate::expr::eval(&Sentence(self), e)
    }

    pub(super) fn binary(&self, a: Value, op: BinOp, b: Value) -> Result<Value> {
        // `and` and `or` are the evaluator's (`expr::eval`).
        if matches!(op, BinOp::Eq | BinOp::Ne)
            && let (Value::Text(x, None), Value::Text(y, None)) = (&a, &b)
        {
            return Ok(Value::Bool((x == y) == (op == BinOp::Eq)));
        }
        // Text + anything joins the two as text: '未达成：' + missed_targets().
        if op == BinOp::Add && (matches!(a, Value::Text(_, None)) || matches!(b, Value::Text(_, None))) {
            return Ok(Value::Text(format!("{}{}", self.plain_text(&a), self.plain_text(&b)), None));
        }

        let (Some(x), Some(y)) = (self.number(a)?, self.number(b)?) else {
            return Ok(if matches!(op, BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div) {
                Value::Null
            } else {
                Value::Bool(false)
            });
        };
        if is_comparison(op) {
            return Ok(Value::Bool(compare(op, x.v.partial_cmp(&y.v))));
        }
        let Some(r) = arith(op, x.v, y.v) else { return Ok(Value::Null) };
        let keep = |like: &Number| Number { v: r, ..like.clone() };
        Ok(Value::Num(match op {
            BinOp::Sub if x.kind == NumKind::Value && y.kind == NumKind::Value => {
                Number { kind: NumKind::Change, ..keep(&x) }
            }
            BinOp::Add | BinOp::Sub => keep(&x),
            BinOp::Div => Number { kind: NumKind::Ratio, ..Number::plain(r) },
            _ => Number::plain(r),
        }))
    }
}

/// A sentence: what an expression in a text slot sees (see `expr::eval`
/// for the order names are looked up in). Reserved words: `period` (the
/// slide's period), `today`, and `deck.…` (the deck's own values). Values
/// are numbers that keep their unit, text, truth values, metrics, periods,
/// dates and text runs; every function and formatter is here.
struct Sentence<'e, 'a>(&'e Env<'a>);

impl Place for Sentence<'_, '_> {
    type Value = Value;
    type Error = Error;

    fn number(&self, n: f64) -> Result<Value> {
        Ok(Value::Num(Number::plain(n)))
    }
    fn text(&self, s: &str) -> Result<Value> {
        Ok(Value::Text(s.to_string(), None))
    }
    fn boolean(&self, b: bool) -> Value {
        Value::Bool(b)
    }
    fn truthy(&self, v: &Value) -> Result<bool> {
        self.0.truthy(v)
    }
    fn reserved(&self, n: &str) -> Option<Result<Value>> {
        match n {
            "period" => Some(Ok(Value::Period(self.0.period))),
            "today" => Some(Ok(Value::Date(Date::today()))),
            _ => None,
        }
    }
    fn vars(&self) -> &BTreeMap<String, String> {
        self.0.vars
    }
    // A variable's text that reads as a number computes as that number, as
    // in metrics and filters: `门槛 + 1` is 41 everywhere, not "401".
    fn variable(&self, _name: &str, text: &str) -> Result<Value> {
        Ok(Value::Text(text.to_string(), crate::data::value::parse_number(text)))
    }
    fn metric(&self, n: &str) -> Option<Result<Value>> {
        let env = self.0;
        env.metrics
            .is_metric(n)
            .then(|| Ok(Value::Metric(MetricAt { name: n.to_string(), period: env.period, scope: env.scope.clone() })))
    }
    fn unknown(&self, n: &str) -> Error {
        self.0.unknown(n)
    }
    fn path(&self, base: &str, f: &str) -> Option<Result<Value>> {
        (base == "deck").then(|| Ok(self.0.deck.get(f).map(|v| Value::Text(v.clone(), None)).unwrap_or(Value::Null)))
    }
    fn field(&self, base: Value, f: &str) -> Result<Value> {
        self.0.field(base, f)
    }
    fn negate(&self, v: Value) -> Result<Value> {
        Ok(match self.0.number(v)? {
            Some(mut n) => {
                n.v = -n.v;
                Value::Num(n)
            }
            None => Value::Null,
        })
    }
    fn binary(&self, a: Value, op: BinOp, b: Value) -> Result<Value> {
        self.0.binary(a, op, b)
    }
    fn call(&self, f: &str, args: Vec<Value>) -> Result<Value> {
        self.0.call(f, args)
    }
    fn too_deep(&self) -> Error {
        Error::usage(format!("the expression nests more than {} levels deep", crate::expr::eval::MAX_DEPTH))
    }
}
