//! Evaluates `{{ … }}` expressions against variables, metrics and the
//! period, and renders the results as text runs. Numbers remember their unit
//! and which direction is better, so they format and word themselves the way
//! a report is written (38.2%, 提升2.1个百分点, 缩短1.2秒, —).
//!
//! The walk and the order names are read in are the one evaluator's
//! (`expr::eval`); here is what a sentence supplies:
//! - `value`: what expressions compute (`Value`, `Number`, `NumKind`, `MetricAt`);
//! - `env`: what they can see (`Env`) and what they ask of the metrics;
//! - `sentence`: the sentence as a place of the evaluator (names, operators);
//! - `fields`: `metric.field`, `period.field`, `date.field`;
//! - `builtins`: the functions and formatters;
//! - `wording`: how numbers and comparisons are written.
//!
//! `generate` (conclusions, KPI cards) reads `value`, `env` and `wording`
//! directly and is called only from `builtins`, so nothing calls back.

mod builtins;
pub mod env;
mod fields;
mod sentence;
pub mod value;
pub mod wording;

pub use env::Env;
pub use value::{Extreme, MetricAt, NumKind, Number, Value};
pub use wording::{compare_phrase, date_fmt, fmt_num, is_missing, target_phrase};
