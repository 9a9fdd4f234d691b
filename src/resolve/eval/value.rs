//! What a sentence's expressions compute: numbers that remember their
//! unit and kind, text, metrics at a period, periods, dates and text runs.

use crate::data::date::Date;
use crate::data::period::{Grain, Period};
use crate::format::Better;
use crate::metric::Scope;
use crate::model::Run;

/// What a number is, which decides how it prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumKind {
    /// A plain number.
    Plain,
    /// A metric value in its unit.
    Value,
    /// A difference in the metric's unit (个百分点 for rates), signed.
    Change,
    /// The size of a difference (`abs` of a change): unsigned.
    Size,
    /// A relative change (+12.3%).
    Growth,
    /// A ratio shown as a percent (达成率 101.6%, 占比).
    Ratio,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    pub v: f64,
    pub kind: NumKind,
    pub unit: String,
    pub better: Better,
    pub digits: Option<usize>,
}

impl Number {
    pub fn plain(v: f64) -> Number {
        Number { v, kind: NumKind::Plain, unit: String::new(), better: Better::Neither, digits: None }
    }
}

/// A metric at a period and scope, before a field is chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricAt {
    pub name: String,
    pub period: Period,
    pub scope: Scope,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Num(Number),
    /// Formatted text, with the number it shows (for `signed`).
    Text(String, Option<f64>),
    Bool(bool),
    Rich(Vec<Run>),
    Metric(MetricAt),
    Period(Period),
    Date(Date),
}

/// The best or worst part of a period (see `Env::extreme`).
#[derive(Debug, Clone)]
pub struct Extreme {
    pub period: Period,
    pub value: f64,
    /// The parts that show the same value (this one among them; at most 3).
    pub tied: Vec<Period>,
    pub grain: Grain,
}
