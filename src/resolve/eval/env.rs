//! Everything an expression in a sentence can see (`Env`), and what it
//! asks of the metrics: values, bases, targets, peers and promotions.

use super::value::{MetricAt, NumKind, Number, Value};
use super::wording::{compare_phrase, fmt_num};
use crate::data::period::{Grain, Period};
use crate::error::{Error, Result};
use crate::format::{Better, MISSING};
use crate::metric::{Metrics, Scope};
use crate::model::{ColorRef, Run};
use std::collections::BTreeMap;

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

    pub(super) fn unknown(&self, n: &str) -> Error {
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

    pub(super) fn truthy(&self, v: &Value) -> Result<bool> {
        Ok(match v {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Text(s, _) => !s.is_empty(),
            Value::Num(n) => n.v != 0.0,
            Value::Metric(m) => self.metric_value(m)?.is_some_and(|n| n.v != 0.0),
            _ => true,
        })
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

    pub(super) fn metric_n(&self, name: &str, v: Option<f64>, kind: NumKind) -> Result<Option<Number>> {
        let d = self.metrics.def(name)?;
        Ok(v.map(|v| Number { v, kind, unit: d.unit.clone(), better: d.better, digits: d.digits }))
    }

    /// The metric's value as a number.
    pub fn metric_value(&self, m: &MetricAt) -> Result<Option<Number>> {
        let v = self.metrics.value(&m.name, &m.period, &m.scope)?;
        self.metric_n(&m.name, v, NumKind::Value)
    }

    pub(super) fn base_value(&self, m: &MetricAt, p: Period) -> Result<Option<f64>> {
        if p != m.period && !self.metrics.dated(&m.name) {
            return Ok(None);
        }
        self.metrics.value(&m.name, &p, &m.scope)
    }

    /// (value, base): the metric now and at `base`.
    pub(super) fn pair(&self, m: &MetricAt, base: Period) -> Result<(Option<f64>, Option<f64>)> {
        Ok((self.metrics.value(&m.name, &m.period, &m.scope)?, self.base_value(m, base)?))
    }

    pub(super) fn by_col(&self) -> Result<&str> {
        self.by.as_deref().ok_or_else(|| {
            Error::usage("team figures need a deck `scope:` (e.g. `scope: {客服姓名: \"{{agent}}\"}`)")
                .hint("rank, team and share compare the scoped rows with every value of the scope's column")
        })
    }

    pub(super) fn peers(&self) -> Result<crate::peers::Peers<'_>> {
        Ok(crate::peers::Peers { metrics: self.metrics, by: self.by_col()?, rule: self.peers })
    }

    /// The group the scoped agent is compared with (by this slide's period).
    pub fn peer_group(&self, m: &MetricAt) -> Result<crate::metric::PeerGroup> {
        self.peers()?.group(&m.name, &self.period, &m.scope)
    }

    /// The group's figure for `m.period` (a month of a trend, or the period):
    /// a rate of the group's rows together, or the average total per member.
    pub fn team(&self, m: &MetricAt) -> Result<Option<f64>> {
        // The period's figure: over the agent's own months, as the agent is compared.
        if m.period == self.period {
            return Ok(self.standing(m)?.map(|s| s.team));
        }
        let p = self.peers()?;
        let g = p.group(&m.name, &self.period, &m.scope)?;
        p.team(&m.name, &m.period, &g, &m.scope)
    }

    /// The part of `p` the deck's agent worked, from joining to leaving (the
    /// roster's 入职日期 and 离职日期): `2026年（5.5–8.31，119天）` for one who
    /// joined on 5 May. `p` itself without an agent or a roster.
    pub fn worked_part(&self, p: &Period) -> Period {
        let Some(t) = self.metrics.shared.tenures.get() else { return *p };
        let Some(&(join, leave)) = self.scope.get(&t.by).and_then(|who| t.dates.get(who)) else { return *p };
        let start = join.map_or(p.start, |j| p.start.max(j));
        let end = leave.map_or(p.end, |l| p.end.min(l));
        p.clip(start, end).unwrap_or(*p)
    }

    /// The whole months of `p` the deck's agent worked in (a chart of one
    /// who joined on 5 May starts with May): monthly figures hold a month
    /// joined or left in whole, so the month is not cut to the days.
    pub fn worked_months(&self, p: &Period) -> Period {
        let w = self.worked_part(p);
        if w == *p {
            return w;
        }
        p.clip(Period::month(w.start.y, w.start.m).start, Period::month(w.end.y, w.end.m).end).unwrap_or(*p)
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
}
