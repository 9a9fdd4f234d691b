//! Evaluates `{{ … }}` expressions against variables, metrics and the
//! period, and renders the results as text runs. Numbers remember their unit
//! and which direction is better, so they format and word themselves the way
//! a report is written (38.2%, 提升2.1个百分点, 缩短1.2秒, —).

use crate::data::date::Date;
use crate::data::period::{Grain, Period};
use crate::error::{Error, Result};
use crate::expr::eval::{arith, compare, is_comparison};
use crate::expr::{BinOp, Expr, Place};
use crate::format::{self, Better, MISSING, UnitKind, unit_kind};
use crate::metric::{Metrics, Scope};
use crate::model::{ColorRef, Run};
use std::collections::BTreeMap;

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

/// Everything an expression can see.
pub struct Env<'a> {
    pub metrics: &'a Metrics<'a>,
    /// Who an agent is compared with (the spec's `peers:`).
    pub peers: Option<&'a crate::peers::Rule>,
    /// The promotions of the year (a comparison with a period that has one says so).
    pub calendar: &'a crate::data::calendar::Calendar,
    pub vars: &'a BTreeMap<String, String>,
    pub period: Period,
    pub scope: Scope,
    /// The column ranks and team figures compare by (the deck scope's first column).
    pub by: Option<String>,
    /// Chinese stock-market colours: red for up, green for down.
    pub cn_stock: bool,
    pub deck: &'a BTreeMap<String, String>,
}

const FIELDS: &[&str] = &[
    "value",
    "prev",
    "last_year",
    "target",
    "next_target",
    "change",
    "growth",
    "yoy_change",
    "yoy_growth",
    "vs_prev",
    "vs_last_year",
    "vs_target",
    "achievement",
    "gap",
    "met",
    "status",
    "best",
    "worst",
    "best_label",
    "worst_label",
    "best_value",
    "worst_value",
    "widest_gap",
    "team",
    "vs_team",
    "rank",
    "rank_text",
    "count",
    "peers",
    "percentile",
    "share",
    "avg_part",
    "label",
    "unit",
];

const FUNCTIONS: &[&str] = &[
    "num",
    "int",
    "wan",
    "yi",
    "money",
    "pct",
    "pp",
    "sec",
    "signed",
    "abs",
    "round",
    "date",
    "trend",
    "arrow",
    "color",
    "default",
    "if",
    "min",
    "max",
    "conclusion",
    "lookup",
    "metric",
    "vs",
    "target_summary",
    "top",
    "met_targets",
    "missed_targets",
    "count",
    "label",
    "rank",
    "team",
    "achievement",
    "vs_target",
    "improved",
    "worsened",
    "change_summary",
    "targets_met",
];

fn num_arg(args: &[Value], i: usize, default: usize) -> usize {
    match args.get(i) {
        Some(Value::Num(n)) => n.v.clamp(0.0, 6.0) as usize,
        _ => default,
    }
}

impl<'a> Env<'a> {
    /// A copy looking at another period or scope.
    pub fn with(&self, period: Period, scope: Scope) -> Env<'a> {
        Env {
            metrics: self.metrics,
            peers: self.peers,
            calendar: self.calendar,
            vars: self.vars,
            period,
            scope,
            by: self.by.clone(),
            cn_stock: self.cn_stock,
            deck: self.deck,
        }
    }

    /// The colour for a change: by goodness, or by direction under cn-stock.
    pub fn tone(&self, delta: f64, better: Better) -> Option<ColorRef> {
        if !delta.is_finite() || delta == 0.0 {
            return None;
        }
        if self.cn_stock {
            return Some(ColorRef::Custom(if delta > 0.0 { "bad" } else { "good" }.into()));
        }
        better.is_good(delta).map(|g| ColorRef::Custom(if g { "good" } else { "bad" }.into()))
    }

    fn unknown(&self, n: &str) -> Error {
        let mut known: Vec<&str> = self.vars.keys().map(String::as_str).collect();
        known.extend(self.metrics.defs.keys().map(String::as_str));
        known.extend(["period", "today", "deck"]);
        let mut e = Error::usage(format!("unknown name `{n}`"))
            .suggest(n, known.iter().copied())
            .hint(format!("define it under `vars:` or `metrics:`, or pass `--set {n}=…`"));
        if !self.metrics.defs.is_empty() || !self.vars.is_empty() {
            let mut names: Vec<&str> = self.vars.keys().map(String::as_str).collect();
            names.extend(self.metrics.defs.keys().map(String::as_str));
            e = e.hint(format!("variables and metrics: {}", names.join(", ")));
        }
        e
    }

    /// Evaluates an expression (by the one evaluator, `expr::eval`).
    pub fn eval(&self, e: &Expr) -> Result<Value> {
        crate::expr::eval(&Sentence(self), e)
    }

    /// A value as a number (metrics give their value).
    pub fn number(&self, v: Value) -> Result<Option<Number>> {
        Ok(match v {
            Value::Num(n) => Some(n),
            Value::Metric(m) => self.metric_value(&m)?,
            Value::Text(s, n) => n.or_else(|| crate::data::value::parse_number(&s)).map(Number::plain),
            Value::Bool(b) => Some(Number::plain(if b { 1.0 } else { 0.0 })),
            _ => None,
        })
    }

    fn truthy(&self, v: &Value) -> Result<bool> {
        Ok(match v {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Text(s, _) => !s.is_empty(),
            Value::Num(n) => n.v != 0.0,
            Value::Metric(m) => self.metric_value(m)?.is_some_and(|n| n.v != 0.0),
            _ => true,
        })
    }

    fn binary(&self, a: Value, op: BinOp, b: Value) -> Result<Value> {
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

    fn metric_n(&self, name: &str, v: Option<f64>, kind: NumKind) -> Result<Option<Number>> {
        let d = self.metrics.def(name)?;
        Ok(v.map(|v| Number { v, kind, unit: d.unit.clone(), better: d.better, digits: d.digits }))
    }

    /// The metric's value as a number.
    pub fn metric_value(&self, m: &MetricAt) -> Result<Option<Number>> {
        let v = self.metrics.value(&m.name, &m.period, &m.scope)?;
        self.metric_n(&m.name, v, NumKind::Value)
    }

    fn base_value(&self, m: &MetricAt, p: Period) -> Result<Option<f64>> {
        if p != m.period && !self.metrics.dated(&m.name) {
            return Ok(None);
        }
        self.metrics.value(&m.name, &p, &m.scope)
    }

    /// (value, base): the metric now and at `base`.
    fn pair(&self, m: &MetricAt, base: Period) -> Result<(Option<f64>, Option<f64>)> {
        Ok((self.metrics.value(&m.name, &m.period, &m.scope)?, self.base_value(m, base)?))
    }

    fn by_col(&self) -> Result<&str> {
        self.by.as_deref().ok_or_else(|| {
            Error::usage("team figures need a deck `scope:` (e.g. `scope: {客服姓名: \"{{agent}}\"}`)")
                .hint("rank, team and share compare the scoped rows with every value of the scope's column")
        })
    }

    fn peers(&self) -> Result<crate::peers::Peers<'_>> {
        Ok(crate::peers::Peers { metrics: self.metrics, by: self.by_col()?, rule: self.peers })
    }

    /// The group the scoped agent is compared with (by this slide's period).
    pub fn peer_group(&self, m: &MetricAt) -> Result<crate::metric::PeerGroup> {
        self.peers()?.group(&m.name, &self.period, &m.scope)
    }

    /// The group's figure for `m.period` (a month of a trend, or the period):
    /// a rate of the group's rows together, or the average total per member.
    pub fn team(&self, m: &MetricAt) -> Result<Option<f64>> {
        let p = self.peers()?;
        let g = p.group(&m.name, &self.period, &m.scope)?;
        p.team(&m.name, &m.period, &g, &m.scope)
    }

    /// The scoped agent against the group (see `peers`).
    pub fn standing(&self, m: &MetricAt) -> Result<Option<crate::peers::Standing>> {
        self.peers()?.standing(&m.name, &m.period, &m.scope)
    }

    /// `上周含双11` when a comparison's base holds a promotion the period does
    /// not (or the other way round).
    pub fn promotion_note(&self, p: &Period, base: &Period) -> Option<String> {
        // Every quarter and year has its promotions: only a week, day or month stands out.
        if matches!(p.grain, Grain::Quarter | Grain::Year) {
            return None;
        }
        let this_word = match p.grain {
            Grain::Week => "本周",
            Grain::Month => "本月",
            Grain::Quarter => "本季度",
            Grain::Year => "今年",
            Grain::Day => "当天",
        };
        let base_word = if base.start.y < p.start.y && base.grain == p.grain && base.start.m == p.start.m {
            "去年同期"
        } else {
            match p.grain {
                Grain::Week => "上周",
                Grain::Month => "上月",
                Grain::Quarter => "上季度",
                Grain::Year => "去年",
                Grain::Day => "前一天",
            }
        };
        self.calendar.note(p, base, base_word, this_word)
    }

    /// Rank (1 = best) in the group, and how many are ranked.
    pub fn rank(&self, m: &MetricAt) -> Result<Option<(usize, usize)>> {
        Ok(self.standing(m)?.map(|s| (s.rank, s.of)))
    }

    /// `高于售前客服平均1.1个百分点`; totals of an agent who worked part of
    /// the period are compared per month worked (`高于售前客服月均3.5%`).
    pub fn vs_team_phrase(&self, name: &str, st: &crate::peers::Standing) -> Result<String> {
        let d = self.metrics.def(name)?;
        let word = if st.per_month {
            format!("{}月均", st.group.average_word().trim_end_matches("平均"))
        } else {
            st.group.average_word()
        };
        Ok(compare_phrase(st.me, st.team, &word, &d.unit, d.digits))
    }

    /// The best (or worst) part of the period — a month of a year, a day of
    /// a month — with how many parts share its value as shown. `None` when
    /// there is nothing to single out: no parts, or every part the same.
    fn extreme(&self, m: &MetricAt, best: bool) -> Result<Option<Extreme>> {
        let Some(grain) = m.period.part_grain() else { return Ok(None) };
        if !self.metrics.has_dates(&m.name) {
            return Ok(None);
        }
        let d = self.metrics.def(&m.name)?;
        let lower = d.better == Better::Lower;
        let s = self.metrics.series(&m.name, &m.period, grain, &m.scope)?;
        // A part cut short (the month the data ends in) is not compared with
        // whole ones.
        let whole = s.iter().any(|(p, _)| !p.is_partial());
        let parts: Vec<(Period, f64)> =
            s.into_iter().filter(|(p, _)| !(whole && p.is_partial())).filter_map(|(p, v)| v.map(|v| (p, v))).collect();
        let Some(&(mut ep, mut ev)) = parts.first() else { return Ok(None) };
        let (mut lo, mut hi) = (ev, ev);
        for &(p, v) in &parts[1..] {
            if if best != lower { v > ev } else { v < ev } {
                (ep, ev) = (p, v);
            }
            (lo, hi) = (lo.min(v), hi.max(v));
        }
        // Nothing to single out when the parts are all one value as shown, or
        // differ by no more than the last digit shown (44.8% against 44.9%).
        let step = format::diff(hi, lo, &d.unit, d.digits);
        let one_step = match unit_kind(&d.unit) {
            UnitKind::Rate => 1.5 * 10f64.powi(-(d.digits.unwrap_or(1) as i32)) / 100.0,
            UnitKind::Time => 1.5 * 10f64.powi(-(d.digits.unwrap_or(1) as i32)),
            UnitKind::Score => 1.5 * 10f64.powi(-(d.digits.unwrap_or(2) as i32)),
            UnitKind::Money | UnitKind::Amount => 0.0,
        };
        if parts.len() > 1 && step.abs() <= one_step {
            return Ok(None);
        }
        let shown = |v: f64| format::with_unit(v, &d.unit, d.digits);
        let tied: Vec<Period> = parts.iter().filter(|(_, v)| shown(*v) == shown(ev)).map(|(p, _)| *p).collect();
        if parts.len() > 1 && (tied.len() == parts.len() || tied.len() > 3) {
            return Ok(None);
        }
        Ok(Some(Extreme { period: ep, value: ev, tied, grain }))
    }

    /// The part of the period (a month of a year, a day of a month or week)
    /// that fell furthest short of its own target, relative to it, with its
    /// value and target. `None` when no part missed, or the metric has no
    /// target or no dates. A part cut short is compared with the target of
    /// its days, so it is not left out.
    pub fn widest_gap(&self, m: &MetricAt) -> Result<Option<(Period, f64, f64)>> {
        let Some(grain) = m.period.part_grain() else { return Ok(None) };
        let d = self.metrics.def(&m.name)?;
        if d.target.is_none() || !self.metrics.has_dates(&m.name) {
            return Ok(None);
        }
        // A day's share of a month's sales target is the month's split
        // evenly: a quiet day would always look furthest short. Amounts are
        // compared by months only.
        if grain == Grain::Day && matches!(unit_kind(&d.unit), UnitKind::Money | UnitKind::Amount) {
            return Ok(None);
        }
        let lower = d.better == Better::Lower;
        let mut widest: Option<(f64, Period, f64, f64)> = None;
        for (p, v) in self.metrics.series(&m.name, &m.period, grain, &m.scope)? {
            let (Some(v), Some(t)) = (v, self.metrics.target(&m.name, &p, &m.scope)?) else { continue };
            if t == 0.0 {
                continue;
            }
            let gap = if lower { v / t - 1.0 } else { 1.0 - v / t };
            if gap > 0.0 && widest.as_ref().is_none_or(|w| gap > w.0) {
                widest = Some((gap, p, v, t));
            }
        }
        Ok(widest.map(|(_, p, v, t)| (p, v, t)))
    }

    /// The words for "best"/"worst" of a metric: 最高/最低, or 最短/最长 for times.
    pub fn extreme_words(unit: &str, better: Better) -> (&'static str, &'static str) {
        match (unit_kind(unit), better) {
            (UnitKind::Time, _) => ("最短", "最长"),
            (_, Better::Lower) => ("最低", "最高"),
            _ => ("最高", "最低"),
        }
    }

    fn field(&self, b: Value, f: &str) -> Result<Value> {
        match b {
            Value::Metric(m) => self.metric_field(&m, f),
            Value::Period(p) => self.period_field(&p, f),
            Value::Date(d) => Ok(match f {
                "year" => Value::Text(d.y.to_string(), Some(d.y as f64)),
                "month" => Value::Text(d.m.to_string(), Some(d.m as f64)),
                "day" => Value::Text(d.d.to_string(), Some(d.d as f64)),
                _ => {
                    return Err(Error::usage(format!("a date has no field `{f}`")).hint("fields: year, month, day"));
                }
            }),
            Value::Null => Ok(Value::Null),
            _ => Err(Error::usage(format!("`.{f}` works on metrics, `period` and dates"))),
        }
    }

    fn period_field(&self, p: &Period, f: &str) -> Result<Value> {
        Ok(match f {
            "label" => Value::Text(p.label(), None),
            "key" => Value::Text(p.key(), None),
            // Calendar numbers print as they are written (2026, not 2,026) and still compute.
            "year" => Value::Text(p.start.y.to_string(), Some(p.start.y as f64)),
            "month" => Value::Text(p.start.m.to_string(), Some(p.start.m as f64)),
            "quarter" => Value::Text(((p.start.m - 1) / 3 + 1).to_string(), Some(((p.start.m - 1) / 3 + 1) as f64)),
            "week" => Value::Text(p.start.iso_week().1.to_string(), Some(p.start.iso_week().1 as f64)),

            "start" => Value::Date(p.start),
            "end" => Value::Date(p.end),
            "prev" | "previous" => Value::Period(p.prev()),
            "next" => Value::Period(p.next()),
            "last_year" => Value::Period(p.last_year()),
            "days" => Value::Num(Number::plain(p.days() as f64)),
            "months" => Value::Num(Number::plain(p.parts(Grain::Month).len() as f64)),
            "partial" => Value::Bool(p.is_partial()),
            "prev_word" => Value::Text(p.grain.prev_word().into(), None),
            _ => {
                return Err(Error::usage(format!("`period` has no field `{f}`"))
                    .hint("fields: label, key, year, month, quarter, week, start, end, prev, next, last_year, days, months, partial"));
            }
        })
    }

    /// A field of a metric: `value`, `vs_last_year`, `achievement`, `rank`…
    pub fn metric_field(&self, m: &MetricAt, f: &str) -> Result<Value> {
        let d = self.metrics.def(&m.name)?;
        let unit = d.unit.as_str();
        let num = |v: Option<f64>, kind: NumKind| -> Result<Value> {
            Ok(self.metric_n(&m.name, v, kind)?.map(Value::Num).unwrap_or(Value::Null))
        };
        let change = |base: Period| -> Result<(Option<f64>, Option<f64>)> {
            let (v, b) = self.pair(m, base)?;
            Ok(match (v, b) {
                (Some(v), Some(b)) => (Some(format::diff(v, b, unit, d.digits)), (b != 0.0).then(|| v / b - 1.0)),
                _ => (None, None),
            })
        };
        let phrase = |base: Period| -> Result<Value> {
            let (delta, growth) = change(base)?;
            Ok(match delta {
                Some(dl) => {
                    let mut t = format::change_phrase(dl, growth, unit, d.better, d.digits);
                    if let Some(n) = self.promotion_note(&m.period, &base) {
                        t.push_str(&format!("，{n}"));
                    }
                    Value::Text(t, Some(dl))
                }
                None => Value::Null,
            })
        };
        Ok(match f {
            "value" => num(self.metrics.value(&m.name, &m.period, &m.scope)?, NumKind::Value)?,
            "prev" | "previous" => num(self.base_value(m, m.period.prev())?, NumKind::Value)?,
            "last_year" | "ly" => num(self.base_value(m, m.period.last_year())?, NumKind::Value)?,
            "target" => num(self.metrics.target(&m.name, &m.period, &m.scope)?, NumKind::Value)?,
            "next_target" => num(self.metrics.target(&m.name, &m.period.next(), &m.scope)?, NumKind::Value)?,

            "change" => num(change(m.period.prev())?.0, NumKind::Change)?,
            "growth" => num(change(m.period.prev())?.1, NumKind::Growth)?,
            "yoy_change" => num(change(m.period.last_year())?.0, NumKind::Change)?,
            "yoy_growth" => num(change(m.period.last_year())?.1, NumKind::Growth)?,
            "vs_prev" => phrase(m.period.prev())?,
            "vs_last_year" | "vs_ly" => phrase(m.period.last_year())?,
            "achievement" => {
                let v = self.metrics.value(&m.name, &m.period, &m.scope)?;
                let t = self.metrics.target(&m.name, &m.period, &m.scope)?;
                let r = match (v, t) {
                    (Some(v), Some(t)) if d.better == Better::Lower => (v != 0.0).then(|| t / v),
                    (Some(v), Some(t)) => (t != 0.0).then(|| v / t),
                    _ => None,
                };
                num(r, NumKind::Ratio)?
            }
            "gap" => {
                let v = self.metrics.value(&m.name, &m.period, &m.scope)?;
                let t = self.metrics.target(&m.name, &m.period, &m.scope)?;
                num(v.zip(t).map(|(v, t)| format::diff(v, t, unit, d.digits)), NumKind::Change)?
            }
            "met" => match self.met(m)? {
                Some(b) => Value::Bool(b),
                None => Value::Null,
            },
            "status" => match self.met(m)? {
                Some(true) => Value::Text("已达成".into(), None),
                Some(false) => Value::Text("未达成".into(), None),
                None => Value::Null,
            },
            "vs_target" => {
                let v = self.metrics.value(&m.name, &m.period, &m.scope)?;
                let t = self.metrics.target(&m.name, &m.period, &m.scope)?;
                match (v, t) {
                    (Some(v), Some(t)) => Value::Text(target_phrase(v, t, unit, d.better, d.digits), Some(v - t)),
                    _ => Value::Null,
                }
            }
            // `11月（23.3秒）`; parts that tie are counted: `7/01等5天（1单）`.
            "best" | "worst" => match self.extreme(m, f == "best")? {
                Some(x) => {
                    let value = format::with_unit(x.value, unit, d.digits);
                    let name = |p: &Period| match self.calendar.naming(p) {
                        Some(e) => format!("{}（{}）", p.short_label(m.period.grain), e.name),
                        None => p.short_label(m.period.grain),
                    };
                    let text = if x.tied.len() > 1 {
                        // 4月、6月（均为1人）
                        let names: Vec<String> = x.tied.iter().map(name).collect();
                        format!("{}（均为{value}）", names.join("、"))
                    } else {
                        match self.calendar.naming(&x.period) {
                            Some(e) => format!("{}（{}，{value}）", x.period.short_label(m.period.grain), e.name),
                            None => format!("{}（{value}）", x.period.short_label(m.period.grain)),
                        }
                    };
                    Value::Text(text, Some(x.value))
                }
                None => Value::Null,
            },
            // `12月（1,406.6万元，目标1,458.0万元）`: the part furthest short of its own target.
            "widest_gap" => match self.widest_gap(m)? {
                Some((p, v, t)) => {
                    let shown = |x: f64| format::with_unit(x, unit, d.digits);
                    let event = self.calendar.naming(&p).map(|e| format!("{}，", e.name)).unwrap_or_default();
                    let when = match p.grain {
                        Grain::Day => format!("{}月{}日", p.start.m, p.start.d),
                        _ => p.short_label(m.period.grain),
                    };
                    let text = format!("{when}（{event}{}，目标{}）", shown(v), shown(t));
                    Value::Text(text, Some(v - t))
                }
                None => Value::Null,
            },
            "best_label" | "worst_label" => match self.extreme(m, f == "best_label")? {
                Some(x) => Value::Text(x.period.short_label(m.period.grain), None),
                None => Value::Null,
            },
            "best_value" | "worst_value" => num(self.extreme(m, f == "best_value")?.map(|x| x.value), NumKind::Value)?,
            "team" => num(self.team(m)?, NumKind::Value)?,
            "vs_team" => match self.standing(m)? {
                Some(st) => Value::Text(self.vs_team_phrase(&m.name, &st)?, Some(st.me - st.team)),
                None => Value::Null,
            },
            "rank" => match self.rank(m)? {
                Some((r, _)) => Value::Num(Number::plain(r as f64)),
                None => Value::Null,
            },
            "rank_text" => match self.standing(m)? {
                Some(st) => {
                    Value::Text(format!("第{}名（共{}）", st.rank, st.group.count_words(st.of)), Some(st.rank as f64))
                }
                None => Value::Null,
            },
            // How many are ranked: the group, and the agent when not in it.
            "count" => match self.rank(m)? {
                Some((_, n)) => Value::Num(Number::plain(n as f64)),
                None => Value::Null,
            },
            // `27名售前客服`: who the ranks are among.
            "peers" => match self.standing(m)? {
                Some(st) => Value::Text(st.group.count_words(st.of), Some(st.of as f64)),
                None => Value::Null,
            },
            // 0–100 among the peers: 100 = nobody does better (see `Standing::percentile`).
            "percentile" => match self.standing(m)?.and_then(|st| st.percentile()) {
                Some(p) => Value::Num(Number::plain(p)),
                None => Value::Null,
            },
            "share" => {
                let col = self.by_col()?;
                let g = self.metrics.groups(&m.name, &m.period, &m.scope, col)?;
                let total: f64 = g.iter().filter_map(|(_, v)| *v).sum();
                let v = self.metrics.value(&m.name, &m.period, &m.scope)?;
                num(v.filter(|_| total != 0.0).map(|v| v / total), NumKind::Ratio)?
            }
            // The average of the period's parts with data (months of a year, days of a month).
            "avg_part" => {
                let grain = m.period.part_grain().unwrap_or(Grain::Day);
                let additive = self.metrics.additive(&m.name);
                let vals: Vec<f64> = if self.metrics.has_dates(&m.name) {
                    self.metrics
                        .series(&m.name, &m.period, grain, &m.scope)?
                        .into_iter()
                        .filter(|(p, _)| !(additive && p.is_partial()))
                        .filter_map(|(_, v)| v)
                        .collect()
                } else {
                    vec![]
                };
                num((!vals.is_empty()).then(|| vals.iter().sum::<f64>() / vals.len() as f64), NumKind::Value)?
            }
            "label" => Value::Text(d.label.clone(), None),
            "unit" => Value::Text(d.unit.clone(), None),
            _ => {
                return Err(Error::usage(format!("metrics have no field `{f}`"))
                    .suggest(f, FIELDS.iter().copied())
                    .hint(format!("fields: {}", FIELDS.join(", "))));
            }
        })
    }

    /// The metric a sheet names by its name or its label (`首次响应时间` is `首响`).
    pub fn metric_named(&self, n: &str) -> Result<String> {
        let n = n.trim();
        if self.metrics.is_metric(n) {
            return Ok(n.to_string());
        }
        let folded = crate::data::table::fold_name(n);
        self.metrics
            .in_order()
            .into_iter()
            .find(|d| crate::data::table::fold_name(&d.label) == folded)
            .map(|d| d.name.clone())
            .ok_or_else(|| {
                let mut known: Vec<&str> = self.metrics.defs.keys().map(String::as_str).collect();
                known.extend(self.metrics.defs.values().map(|d| d.label.as_str()));
                Error::usage(format!("no metric is named or labelled `{n}`"))
                    .suggest(n, known.iter().copied())
                    .hint("write the metric's name or label as the spec's `metrics:` has it")
            })
    }

    /// Whether the metric met its target (None without a target or value).
    pub fn met(&self, m: &MetricAt) -> Result<Option<bool>> {
        let d = self.metrics.def(&m.name)?;
        let v = self.metrics.value(&m.name, &m.period, &m.scope)?;
        let t = self.metrics.target(&m.name, &m.period, &m.scope)?;
        Ok(v.zip(t).map(|(v, t)| if d.better == Better::Lower { v <= t } else { v >= t }))
    }

    fn call(&self, f: &str, args: Vec<Value>) -> Result<Value> {
        let money_unit = |u: &str| if format::unit_kind(u) == format::UnitKind::Money { "元" } else { "" };
        let first = || args.first().cloned().unwrap_or(Value::Null);
        let n0 = || self.number(first());
        let text = |s: String, v: f64| Value::Text(s, Some(v));
        Ok(match f {
            "num" => match n0()? {
                Some(n) => text(format::thousands(n.v, num_arg(&args, 1, 0)), n.v),
                None => Value::Null,
            },
            "int" => match n0()? {
                Some(n) => text(format::thousands(n.v, 0), n.v),
                None => Value::Null,
            },
            // Money in 万 is 万元: the deck's one money unit.
            "wan" => match n0()? {
                Some(n) => text(format::wan(n.v, num_arg(&args, 1, 1)) + money_unit(&n.unit), n.v),
                None => Value::Null,
            },
            "yi" => match n0()? {
                Some(n) => text(format::yi(n.v, num_arg(&args, 1, 2)) + money_unit(&n.unit), n.v),
                None => Value::Null,
            },
            "money" => match n0()? {
                Some(n) => text(format::money(n.v), n.v),
                None => Value::Null,
            },
            "pct" => match n0()? {
                Some(n) => text(format::pct(n.v, num_arg(&args, 1, 1)), n.v),
                None => Value::Null,
            },
            "pp" => match n0()? {
                Some(n) => text(format::pp(n.v, num_arg(&args, 1, 1)), n.v),
                None => Value::Null,
            },
            "sec" => match n0()? {
                Some(n) => text(format::seconds(n.v, num_arg(&args, 1, 1)), n.v),
                None => Value::Null,
            },
            "signed" => match first() {
                Value::Text(s, Some(v)) => text(format::signed(&s, v), v),
                Value::Null => Value::Null,
                other => match self.number(other.clone())? {
                    Some(n) => {
                        let s = self.plain_text(&Value::Num(n.clone()));
                        text(format::signed(s.trim_start_matches('+'), n.v), n.v)
                    }
                    None => other,
                },
            },
            "abs" => match n0()? {
                Some(mut n) => {
                    n.v = n.v.abs();
                    if n.kind == NumKind::Change {
                        n.kind = NumKind::Size;
                    }
                    Value::Num(n)
                }
                None => Value::Null,
            },
            "round" => match n0()? {
                Some(mut n) => {
                    n.v = format::round_half_up(n.v, num_arg(&args, 1, 0));
                    Value::Num(n)
                }
                None => Value::Null,
            },
            "date" => {
                let fmt = match args.get(1) {
                    Some(Value::Text(s, _)) => s.clone(),
                    _ => "YYYY年M月D日".into(),
                };
                match first() {
                    Value::Date(d) => Value::Text(date_fmt(d, &fmt), None),
                    Value::Period(p) => Value::Text(date_fmt(p.start, &fmt), None),
                    Value::Text(s, _) => match crate::data::date::parse_text(&s) {
                        Some(crate::data::date::DateText::Day(d)) => Value::Text(date_fmt(d, &fmt), None),
                        _ => Value::Text(s, None),
                    },
                    other => other,
                }
            }
            "trend" => match n0()? {
                Some(n) => Value::Text(format::change_verb(n.v, None, &n.unit, n.better, n.digits).into(), Some(n.v)),
                None => Value::Null,
            },
            "arrow" => match n0()? {
                Some(n) => {
                    let s = if n.v > 0.0 {
                        "▲"
                    } else if n.v < 0.0 {
                        "▼"
                    } else {
                        "—"
                    };
                    Value::Rich(vec![Run { text: s.into(), bold: false, color: self.tone(n.v, n.better) }])
                }
                None => Value::Text(MISSING.into(), None),
            },
            "color" => {
                let v = first();
                let delta = match &v {
                    Value::Text(_, Some(d)) => Some(*d),
                    other => self.number(other.clone())?.map(|n| n.v),
                };
                let better = match &v {
                    Value::Num(n) => n.better,
                    _ => Better::Higher,
                };
                let color = match args.get(1) {
                    Some(Value::Text(c, _)) => ColorRef::parse(c),
                    _ => delta.and_then(|d| self.tone(d, better)),
                };
                let runs = self.render(&v)?;
                Value::Rich(runs.into_iter().map(|r| Run { color: color.clone().or(r.color), ..r }).collect())
            }
            "default" => match first() {
                Value::Null => args.get(1).cloned().unwrap_or(Value::Null),
                v => v,
            },
            "if" => {
                if args.len() < 2 {
                    return Err(Error::usage("`if(condition, then, else)` needs at least two arguments"));
                }
                if self.truthy(&args[0])? {
                    args[1].clone()
                } else {
                    args.get(2).cloned().unwrap_or(Value::Text(String::new(), None))
                }
            }
            "min" | "max" => {
                let mut best: Option<Number> = None;
                for a in &args {
                    if let Some(n) = self.number(a.clone())? {
                        let take = best.as_ref().is_none_or(|b| if f == "min" { n.v < b.v } else { n.v > b.v });
                        if take {
                            best = Some(n);
                        }
                    }
                }
                best.map(Value::Num).unwrap_or(Value::Null)
            }
            // metric("首次响应时间"): a metric by its name or label (a sheet's 指标 column).
            "metric" => {
                let Value::Text(n, _) = first() else {
                    return Err(Error::usage("`metric(\"名称\")` takes a metric's name or label, in quotes"));
                };
                let name = self.metric_named(&n)?;
                Value::Metric(MetricAt { name, period: self.period, scope: self.scope.clone() })
            }
            // vs(大促首响, 首响, "全年平均"): 比全年平均慢1.2秒 / 高于全年平均2.1个百分点.
            "vs" => {
                let (Some(a), Some(b)) = (args.first(), args.get(1)) else {
                    return Err(Error::usage("`vs(值, 对比值, \"对比的名称\")` takes two values and a name"));
                };
                let what = match args.get(2) {
                    Some(Value::Text(t, _)) => t.clone(),
                    _ => "对比值".into(),
                };
                match (self.number(a.clone())?, self.number(b.clone())?) {
                    (Some(x), Some(y)) => {
                        Value::Text(compare_phrase(x.v, y.v, &what, &x.unit, x.digits), Some(x.v - y.v))
                    }
                    _ => Value::Null,
                }
            }
            // target_summary(a, b, …): how many met their targets, and which did not.
            "target_summary" => {
                let mut names = Vec::new();
                for a in &args {
                    match a {
                        Value::Metric(m) => names.push(m.name.clone()),
                        _ => return Err(Error::usage("`target_summary(…)` takes metrics")),
                    }
                }
                let (mut met, mut missed) = (0usize, Vec::new());
                for n in &names {
                    let m = MetricAt { name: n.clone(), period: self.period, scope: self.scope.clone() };
                    match self.met(&m)? {
                        Some(true) => met += 1,
                        Some(false) => missed.push(self.metrics.def(n)?.label.clone()),
                        None => {}
                    }
                }
                let measured = met + missed.len();
                let text = match (measured, missed.is_empty()) {
                    (0, _) => "没有可与目标对比的指标".to_string(),
                    (n, true) => format!("有目标的{n}项指标全部达成"),
                    (n, false) => format!("有目标的{n}项指标中{}项未达成：{}", missed.len(), missed.join("、")),
                };
                Value::Text(text, Some(missed.len() as f64))
            }
            "lookup" => {
                // lookup("客服名单.小组"): the value of a column in the first row of the current scope.
                let Value::Text(r, _) = first() else {
                    return Err(Error::usage("`lookup(\"表.列\")` takes a column, in quotes"));
                };
                let cr = crate::data::ColumnRef::parse(&r)
                    .filter(|c| c.columns.len() == 1)
                    .ok_or_else(|| Error::usage(format!("`lookup(\"{r}\")` needs a column: \"表.列\"")))?;
                let data = self.metrics.data;
                let t = data.table(&cr.table)?;
                let ci = t.col(&cr.columns[0])?;
                let filters: Vec<(usize, &str)> =
                    self.scope.eq.iter().filter_map(|(c, v)| t.col(c).ok().map(|i| (i, v.as_str()))).collect();
                let row = t
                    .rows
                    .iter()
                    .filter(|row| t.date_col.is_none() || row.date.is_some_and(|d| self.period.contains(d)))
                    .filter(|row| filters.iter().all(|(i, v)| row.cells[*i].text() == *v))
                    .find(|row| !row.cells[ci].is_empty());
                match row.map(|r| &r.cells[ci]) {
                    Some(crate::data::Cell::Date(d)) => Value::Date(*d),
                    Some(crate::data::Cell::Num(n)) => Value::Num(Number::plain(*n)),
                    Some(c) => Value::Text(c.text(), None),
                    None => Value::Null,
                }
            }
            "top" => {
                // top(反馈次数, "主题", 2): the largest groups, joined by 、;
                // its number is their share of the total.
                let (Some(Value::Metric(m)), Some(Value::Text(col, _))) = (args.first(), args.get(1)) else {
                    return Err(Error::usage(
                        "`top(指标, \"列\", 个数)` takes a metric, a column in quotes and a count",
                    ));
                };
                let n = match args.get(2) {
                    None => 1,
                    Some(a) => self
                        .number(a.clone())?
                        .map(|n| n.v)
                        .filter(|v| *v >= 1.0)
                        .ok_or_else(|| Error::usage("the count of `top(…)` is a whole number, 1 or more"))?
                        as usize,
                };
                let g = self.metrics.groups(&m.name, &m.period, &m.scope, col)?;
                let mut vals: Vec<(&String, f64)> = g.iter().filter_map(|(k, v)| v.map(|v| (k, v))).collect();
                vals.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
                let total: f64 = vals.iter().map(|(_, v)| v).sum();
                let top: Vec<(&String, f64)> = vals.into_iter().take(n).collect();
                if top.is_empty() {
                    Value::Null
                } else {
                    let names: Vec<&str> = top.iter().map(|(k, _)| k.as_str()).collect();
                    let part: f64 = top.iter().map(|(_, v)| v).sum();
                    let share = (total != 0.0).then(|| part / total);
                    Value::Text(names.join("、"), share)
                }
            }
            "met_targets" | "missed_targets" => {
                // The labels of the metrics that met (missed) their targets, joined by 、.
                let names: Vec<String> = if args.is_empty() {
                    self.metrics.in_order().iter().filter(|d| d.target.is_some()).map(|d| d.name.clone()).collect()
                } else {
                    args.iter()
                        .map(|a| match a {
                            Value::Metric(m) => Ok(m.name.clone()),
                            _ => Err(Error::usage(format!("`{f}(…)` takes metrics"))),
                        })
                        .collect::<Result<_>>()?
                };
                let mut out = Vec::new();
                for n in names {
                    let m = MetricAt { name: n.clone(), period: self.period, scope: self.scope.clone() };
                    if self.met(&m)? == Some(f == "met_targets") {
                        out.push(self.metrics.def(&n)?.label.clone());
                    }
                }
                let count = out.len() as f64;
                Value::Text(if out.is_empty() { "无".into() } else { out.join("、") }, Some(count))
            }
            // achievement(实际, 目标) and vs_target(实际, 目标): a value against a
            // target given beside it (a row of 个人目标), coloured by the one
            // status rule: met green, missed red (lower is better for times).
            "achievement" | "vs_target" => {
                let (Some(v), Some(t)) = (args.first(), args.get(1)) else {
                    return Err(Error::usage(format!("`{f}(实际, 目标)` takes a value and its target"))
                        .hint(format!("e.g. {f}(metric(指标), 目标) in a table of targets")));
                };
                match (self.number(v.clone())?, self.number(t.clone())?) {
                    (Some(v), Some(t)) => {
                        let lower = v.better == Better::Lower;
                        let met = if lower { v.v <= t.v } else { v.v >= t.v };
                        let text = if f == "achievement" {
                            let r =
                                if lower { (v.v != 0.0).then(|| t.v / v.v) } else { (t.v != 0.0).then(|| v.v / t.v) };
                            match r {
                                Some(r) => format::pct(r, 1),
                                None => return Ok(Value::Null),
                            }
                        } else {
                            target_phrase(v.v, t.v, &v.unit, v.better, v.digits)
                        };
                        let color = ColorRef::Custom(if met { "good" } else { "bad" }.into());
                        Value::Rich(vec![Run { text, bold: false, color: Some(color) }])
                    }
                    _ => Value::Null,
                }
            }
            // improved(a, b, …) / worsened(…): the labels of the metrics that got
            // better (worse) than last year (a year) or the period before, 、-joined;
            // their number is how many. A change too small to show is neither.
            "improved" | "worsened" => {
                let (up, down, _) = self.changes(f, &args)?;
                let out = if f == "improved" { up } else { down };
                let count = out.len() as f64;
                Value::Text(if out.is_empty() { "无".into() } else { out.join("、") }, Some(count))
            }
            // change_summary(a, b, …): `9项指标中5项改善（…），3项退步（…），1项持平`.
            // targets_met("个人目标"): the rows of a sheet of targets (指标, 目标;
            // those of the period's year when it has 年份) judged like
            // achievement(): `5项目标达成4项，未达成：月均销售额`; its number is how many were met.
            "targets_met" => {
                let Some(Value::Text(table, _)) = args.first() else {
                    return Err(Error::usage("`targets_met(\"表\")` takes a sheet of targets, in quotes")
                        .hint("e.g. targets_met(\"个人目标\"), a sheet with 指标 and 目标"));
                };
                let t = self.metrics.data.table(table)?;
                let (mi, ti) = (t.col("指标")?, t.col("目标")?);
                let yi = t.col("年份").ok();
                let filters: Vec<(usize, &str)> =
                    self.scope.eq.iter().filter_map(|(c, v)| t.col(c).ok().map(|i| (i, v.as_str()))).collect();
                let year = f64::from(self.period.start.y);
                let (mut met, mut missed) = (0usize, Vec::new());
                for row in &t.rows {
                    let in_year = match yi {
                        Some(yi) => crate::data::value::parse_number(&row.cells[yi].text()) == Some(year),
                        None => t.date_col.is_none() || row.date.is_some_and(|d| self.period.contains(d)),
                    };
                    if !in_year || !filters.iter().all(|(i, v)| row.cells[*i].text() == *v) {
                        continue;
                    }
                    let name = self.metric_named(&row.cells[mi].text())?;
                    let d = self.metrics.def(&name)?;
                    let goal = crate::data::value::parse_number(&row.cells[ti].text());
                    let (Some(v), Some(goal)) = (self.metrics.value(&name, &self.period, &self.scope)?, goal) else {
                        continue;
                    };
                    if if d.better == Better::Lower { v <= goal } else { v >= goal } {
                        met += 1;
                    } else {
                        missed.push(row.cells[mi].text().trim().to_string());
                    }
                }
                let n = met + missed.len();
                let text = match (n, missed.is_empty()) {
                    (0, _) => "没有可对比的目标".to_string(),
                    (n, true) => format!("{n}项目标全部达成"),
                    (n, false) => format!("{n}项目标达成{met}项，未达成：{}", missed.join("、")),
                };
                Value::Text(text, Some(met as f64))
            }
            "change_summary" => {
                let (up, down, measured) = self.changes(f, &args)?;
                let flat = measured - up.len() - down.len();
                let mut parts = Vec::new();
                for (list, word) in [(&up, "改善"), (&down, "退步")] {
                    if !list.is_empty() {
                        parts.push(format!("{}项{word}（{}）", list.len(), list.join("、")));
                    }
                }
                if flat > 0 {
                    parts.push(format!("{flat}项持平"));
                }
                let text = if measured == 0 {
                    "没有可以对比的指标".to_string()
                } else {
                    format!("{measured}项指标中{}", parts.join("，"))
                };
                Value::Text(text, Some(up.len() as f64))
            }
            "count" => match first() {
                Value::Text(_, Some(n)) => Value::Num(Number::plain(n)),
                other => match self.number(other)? {
                    Some(n) => Value::Num(Number::plain(n.v)),
                    None => Value::Num(Number::plain(0.0)),
                },
            },
            "label" => match first() {
                Value::Metric(m) => Value::Text(self.metrics.def(&m.name)?.label.clone(), None),
                other => other,
            },
            "rank" | "team" => match first() {
                Value::Metric(m) => self.metric_field(&m, f)?,
                _ => return Err(Error::usage(format!("`{f}(…)` takes a metric"))),
            },
            "conclusion" => match first() {
                Value::Metric(m) => {
                    let mention: Vec<String> = args[1..]
                        .iter()
                        .filter_map(|a| match a {
                            Value::Text(s, _) => Some(s.clone()),
                            _ => None,
                        })
                        .collect();
                    Value::Rich(super::generate::conclusion(self, &m.name, &mention)?)
                }
                _ => {
                    return Err(Error::usage("`conclusion(…)` takes a metric, e.g. conclusion(询单转化率)"));
                }
            },
            _ => {
                return Err(Error::usage(format!("unknown function `{f}`"))
                    .suggest(f, FUNCTIONS.iter().copied())
                    .hint(format!("functions and formatters: {}", FUNCTIONS.join(", "))));
            }
        })
    }

    /// The labels of the metrics in `args` that got better and worse than
    /// last year (a year) or the period before, and how many could be compared.
    fn changes(&self, f: &str, args: &[Value]) -> Result<(Vec<String>, Vec<String>, usize)> {
        let (mut up, mut down, mut measured) = (Vec::new(), Vec::new(), 0);
        for a in args {
            let Value::Metric(m) = a else {
                return Err(Error::usage(format!("`{f}(…)` takes metrics, e.g. {f}(询单转化率, 首响)")));
            };
            let d = self.metrics.def(&m.name)?;
            let base = if m.period.grain == Grain::Year { m.period.last_year() } else { m.period.prev() };
            // A metric whose change is neither good nor bad is not judged.
            let (Some(v), Some(b), false) = (
                self.metrics.value(&m.name, &m.period, &m.scope)?,
                self.base_value(m, base)?,
                d.better == Better::Neither,
            ) else {
                continue;
            };
            measured += 1;
            let delta = format::diff(v, b, &d.unit, d.digits);
            let growth = (b != 0.0).then(|| v / b - 1.0);
            if format::is_flat(delta, growth, &d.unit, d.digits) {
                continue;
            }
            if d.better.is_good(delta) == Some(true) {
                up.push(d.label.clone());
            } else {
                down.push(d.label.clone());
            }
        }
        Ok((up, down, measured))
    }

    /// A value as plain text (no colour).
    pub fn plain_text(&self, v: &Value) -> String {
        match v {
            Value::Null => MISSING.into(),
            Value::Num(n) => fmt_num(n),
            Value::Text(s, _) => s.clone(),
            Value::Bool(b) => if *b { "是" } else { "否" }.into(),
            Value::Rich(r) => r.iter().map(|r| r.text.as_str()).collect(),
            Value::Metric(m) => match self.metric_value(m) {
                Ok(Some(n)) => fmt_num(&n),
                _ => MISSING.into(),
            },
            Value::Period(p) => p.label(),
            Value::Date(d) => format!("{}年{}月{}日", d.y, d.m, d.d),
        }
    }

    /// A value as text runs.
    pub fn render(&self, v: &Value) -> Result<Vec<Run>> {
        Ok(match v {
            Value::Rich(r) => r.clone(),
            Value::Metric(m) => {
                let n = self.metric_value(m)?;
                vec![Run { text: n.map(|n| fmt_num(&n)).unwrap_or_else(|| MISSING.into()), ..Default::default() }]
            }
            other => vec![Run { text: self.plain_text(other), ..Default::default() }],
        })
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

/// Whether rendered text is the mark of a value without data ("—").
pub fn is_missing(runs: &[Run]) -> bool {
    let text: String = runs.iter().map(|r| r.text.as_str()).collect();
    text.trim() == MISSING
}

/// The default text of a number, by what it is.
pub fn fmt_num(n: &Number) -> String {
    match n.kind {
        NumKind::Plain => {
            if n.v == n.v.trunc() {
                format::thousands(n.v, 0)
            } else {
                let s = format::thousands(n.v, n.digits.unwrap_or(2));
                if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s }
            }
        }
        NumKind::Value => format::with_unit(n.v, &n.unit, n.digits),
        NumKind::Change | NumKind::Size => {
            let body = match unit_kind(&n.unit) {
                UnitKind::Rate => format::pp(n.v, n.digits.unwrap_or(1)),
                UnitKind::Money | UnitKind::Amount if n.v.abs() >= 1e4 => {
                    format!("{}{}", format::scaled(n.v), n.unit.trim())
                }
                _ => format::with_unit(n.v, &n.unit, n.digits),
            };
            if n.kind == NumKind::Change { format::signed(&body, n.v) } else { body }
        }

        NumKind::Growth => format::signed(&format::pct(n.v, 1), n.v),
        NumKind::Ratio => format::pct(n.v, 1),
    }
}

/// `超出目标0.6个百分点`, `距目标还差1.2个百分点`, `优于目标2.1秒`, `恰好达成目标`.
pub fn target_phrase(v: f64, t: f64, unit: &str, better: Better, digits: Option<usize>) -> String {
    let diff = format::diff(v, t, unit, digits);
    let growth = (t != 0.0).then(|| v / t - 1.0);
    if format::is_flat(diff, growth, unit, digits) {
        return "达成目标".into();
    }
    let good = if better == Better::Lower { diff < 0.0 } else { diff > 0.0 };
    let amount = format::change_amount(diff, growth, unit, digits);
    match (good, unit_kind(unit)) {
        (true, UnitKind::Time) => format!("优于目标{amount}"),
        (false, UnitKind::Time) => format!("慢于目标{amount}"),
        (true, _) => format!("超出目标{amount}"),
        (false, _) => format!("距目标还差{amount}"),
    }
}

/// `高于团队平均2.1个百分点`, `比团队平均快1.2秒`, `与团队平均持平`.
pub fn compare_phrase(v: f64, reference: f64, what: &str, unit: &str, digits: Option<usize>) -> String {
    let diff = format::diff(v, reference, unit, digits);
    let growth = (reference != 0.0).then(|| v / reference - 1.0);
    if format::is_flat(diff, growth, unit, digits) {
        return format!("与{what}持平");
    }
    let amount = format::change_amount(diff, growth, unit, digits);
    match unit_kind(unit) {
        UnitKind::Time => format!("比{what}{}{amount}", if diff < 0.0 { "快" } else { "慢" }),
        _ => format!("{}{what}{amount}", if diff > 0.0 { "高于" } else { "低于" }),
    }
}

/// Formats a date: `YYYY`, `M`, `MM`, `D`, `DD` are replaced.
pub fn date_fmt(d: Date, fmt: &str) -> String {
    fmt.replace("YYYY", &format!("{:04}", d.y))
        .replace("MM", &format!("{:02}", d.m))
        .replace("DD", &format!("{:02}", d.d))
        .replace('M', &d.m.to_string())
        .replace('D', &d.d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases() {
        assert_eq!(target_phrase(0.386, 0.38, "%", Better::Higher, None), "超出目标0.6个百分点");
        assert_eq!(target_phrase(0.371, 0.38, "%", Better::Higher, None), "距目标还差0.9个百分点");
        assert_eq!(target_phrase(18.0, 20.0, "秒", Better::Lower, None), "优于目标2.0秒");
        assert_eq!(target_phrase(1.05e6, 1e6, "元", Better::Higher, None), "超出目标5.0%");
        assert_eq!(compare_phrase(0.421, 0.4, "团队平均", "%", None), "高于团队平均2.1个百分点");
        assert_eq!(compare_phrase(15.0, 16.2, "团队平均", "秒", None), "比团队平均快1.2秒");
        assert_eq!(compare_phrase(0.4, 0.4, "团队平均", "%", None), "与团队平均持平");
        assert_eq!(date_fmt(Date::new(2026, 1, 5).unwrap(), "YYYY年M月D日"), "2026年1月5日");
        assert_eq!(date_fmt(Date::new(2026, 1, 5).unwrap(), "YYYY/MM/DD"), "2026/01/05");
    }

    #[test]
    fn number_kinds() {
        let n = |v, kind, unit: &str| Number { v, kind, unit: unit.into(), better: Better::Higher, digits: None };
        assert_eq!(fmt_num(&n(0.382, NumKind::Value, "%")), "38.2%");
        assert_eq!(fmt_num(&n(0.021, NumKind::Change, "%")), "+2.1个百分点");
        assert_eq!(fmt_num(&n(-1.2, NumKind::Change, "秒")), "-1.2秒");
        assert_eq!(fmt_num(&n(0.123, NumKind::Growth, "元")), "+12.3%");
        assert_eq!(fmt_num(&n(1.016, NumKind::Ratio, "")), "101.6%");
        assert_eq!(fmt_num(&n(1234.5678, NumKind::Plain, "")), "1,234.57");
        assert_eq!(fmt_num(&n(12.0, NumKind::Plain, "")), "12");
    }
}
