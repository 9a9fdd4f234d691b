//! Fields: of a metric (`询单转化率.vs_last_year`, `.rank`, `.best`), of a
//! period (`period.label`) and of a date (`.year`).

use super::env::Env;
use super::value::{Extreme, MetricAt, NumKind, Number, Value};
use super::wording::target_phrase;
use crate::data::period::{Grain, Period};
use crate::error::{Error, Result};
use crate::format::{self, Better, UnitKind, unit_kind};

const FIELDS: &[&str] = &[
    "value",
    "prev",
    "last_year",
    "target",
    "next_target",
    "next_target_basis",
    "next_target_note",
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
    "peaks",
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

impl Env<'_> {
    /// The best (or worst) part of the period — a month of a year, a day of
    /// a month — with how many parts share its value as shown. `None` when
    /// there is nothing to single out: no parts, or every part the same.
    pub(super) fn extreme(&self, m: &MetricAt, best: bool) -> Result<Option<Extreme>> {
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
        // A day's share of a month's sales target split evenly would make a
        // quiet day look furthest short: amounts are compared by days only
        // with the share the same day held of last year's month (the
        // weekly's rule), and days without it are left out.
        let by_season = grain == Grain::Day && matches!(unit_kind(&d.unit), UnitKind::Money | UnitKind::Amount);
        let lower = d.better == Better::Lower;
        let mut widest: Option<(f64, Period, f64, f64)> = None;
        for (p, v) in self.metrics.series(&m.name, &m.period, grain, &m.scope)? {
            let t = if by_season {
                self.metrics.seasonal_target(&m.name, &p, &m.scope)?
            } else {
                self.metrics.target(&m.name, &p, &m.scope)?
            };
            let (Some(v), Some(t)) = (v, t) else { continue };
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

    /// This period's value and the next period's target, when the target is
    /// looser than what this period achieved (a rate or a time; an amount's
    /// target follows the season, not this period). The target stays the
    /// user's; the deck says so and `check` warns.
    pub fn looser_next_target(&self, m: &MetricAt) -> Result<Option<(f64, f64)>> {
        let d = self.metrics.def(&m.name)?;
        if d.better == Better::Neither || self.metrics.additive(&m.name) {
            return Ok(None);
        }
        let v = self.metrics.value(&m.name, &m.period, &m.scope)?;
        let t = self.metrics.target(&m.name, &m.period.next(), &m.scope)?;
        let shown = |x: f64| format::with_unit(x, &d.unit, d.digits);
        Ok(match (v, t) {
            // Compared as shown: 37.5% is not looser than 37.46%.
            (Some(v), Some(t)) if shown(v) != shown(t) && ((d.better == Better::Lower) == (t > v)) => Some((v, t)),
            _ => None,
        })
    }

    /// Where the next period's target comes from, in words: for an amount,
    /// the same period last year and the target's growth on it (a month
    /// after 618 has a lower target for a reason); for a rate or a time, a
    /// target looser than this period's actual (低于本月实际) or
    /// one kept after a miss. `None` when there is nothing to say; with
    /// `looser_only` (`.next_target_note`), only a looser target is said.
    fn next_target_basis(&self, m: &MetricAt, looser_only: bool) -> Result<Option<String>> {
        let d = self.metrics.def(&m.name)?;
        let next = m.period.next();
        let Some(t) = self.metrics.target(&m.name, &next, &m.scope)? else { return Ok(None) };
        let shown = |x: f64| format::with_unit(x, &d.unit, d.digits);
        let noun = match m.period.grain {
            Grain::Year => "今年",
            Grain::Quarter => "本季度",
            Grain::Month => "本月",
            Grain::Week => "本周",
            Grain::Day => "当天",
        };
        if self.metrics.additive(&m.name) && !looser_only {
            let ly = next.last_year();
            let Some(b) = self.base_value(&MetricAt { period: next, ..m.clone() }, ly)? else { return Ok(None) };
            if b <= 0.0 {
                return Ok(None);
            }
            let g = format::signed(&format::pct(t / b - 1.0, 1), t / b - 1.0);
            return Ok(Some(format!("{}实际{}，目标同比{g}", ly.label(), shown(b))));
        }
        if let Some((_, _)) = self.looser_next_target(m)? {
            // A fact for the reader, not advice to the deck's author.
            let word = match (d.better, unit_kind(&d.unit)) {
                (Better::Lower, UnitKind::Time) => "长于",
                (Better::Lower, _) => "高于",
                _ => "低于",
            };
            return Ok(Some(format!("{word}{noun}实际")));
        }
        let this = self.metrics.target(&m.name, &m.period, &m.scope)?;
        if looser_only {
            return Ok(None);
        }
        Ok(match (self.met(m)?, this) {
            (Some(false), Some(x)) if shown(x) == shown(t) => Some(format!("{noun}未达成，沿用{noun}目标")),
            _ => None,
        })
    }

    /// The words for "best"/"worst" of a metric: 最高/最低, or 最短/最长 for times.
    pub fn extreme_words(unit: &str, better: Better) -> (&'static str, &'static str) {
        match (unit_kind(unit), better) {
            (UnitKind::Time, _) => ("最短", "最长"),
            (_, Better::Lower) => ("最低", "最高"),
            _ => ("最高", "最低"),
        }
    }

    pub(super) fn field(&self, b: Value, f: &str) -> Result<Value> {
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

    pub(super) fn period_field(&self, p: &Period, f: &str) -> Result<Value> {
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
            "worked" => Value::Period(self.worked_part(p)),
            _ => {
                return Err(Error::usage(format!("`period` has no field `{f}`"))
                    .hint("fields: label, key, year, month, quarter, week, start, end, prev, next, last_year, days, months, partial, worked"));
            }
        })
    }

    /// A field of a metric: `value`, `vs_last_year`, `achievement`, `rank`…
    pub fn metric_field(&self, m: &MetricAt, f: &str) -> Result<Value> {
        match f {
            "next_target_basis" => Ok(self.next_target_basis(m, false)?.map_or(Value::Null, |t| Value::Text(t, None))),
            "next_target_note" => Ok(self.next_target_basis(m, true)?.map_or(Value::Null, |t| Value::Text(t, None))),
            "value" | "prev" | "previous" | "last_year" | "ly" | "target" | "next_target" | "change" | "growth"
            | "yoy_change" | "yoy_growth" | "vs_prev" | "vs_last_year" | "vs_ly" | "achievement" | "gap" | "met"
            | "status" | "vs_target" => self.compared_field(m, f),
            "best" | "worst" | "widest_gap" | "best_label" | "worst_label" | "best_value" | "worst_value" => {
                self.part_field(m, f)
            }
            // The parts that stand out (1.5 times the median or more), with their promotions.
            "peaks" => Ok(match crate::resolve::overview::peaks(self, m)? {
                Some((text, top)) => Value::Text(text, Some(top)),
                None => Value::Null,
            }),
            "team" | "vs_team" | "rank" | "rank_text" | "count" | "peers" | "percentile" | "share" => {
                self.peer_field(m, f)
            }
            _ => self.own_field(m, f),
        }
    }

    /// The metric and what it is compared with: its value, bases, target, changes and their wording.
    fn compared_field(&self, m: &MetricAt, f: &str) -> Result<Value> {
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
            // ok: `metric_field` sends only the names above.
            _ => Value::Null,
        })
    }

    /// The best, worst and furthest-short parts of the period (months of a year…).
    fn part_field(&self, m: &MetricAt, f: &str) -> Result<Value> {
        let d = self.metrics.def(&m.name)?;
        let unit = d.unit.as_str();
        let num = |v: Option<f64>, kind: NumKind| -> Result<Value> {
            Ok(self.metric_n(&m.name, v, kind)?.map(Value::Num).unwrap_or(Value::Null))
        };
        Ok(match f {
            // `11月（23.3秒）`; parts that tie are counted: `7/01等5天（1单）`.
            "best" | "worst" => match self.extreme(m, f == "best")? {
                Some(x) => {
                    let value = format::with_unit(x.value, unit, d.digits);
                    let name = |p: &Period| match self.calendar.naming(p) {
                        Some(e) => format!("{}（{}）", p.short_label(m.period.grain), e.name),
                        None => p.short_label(m.period.grain),
                    };
                    let events: Vec<Option<String>> =
                        x.tied.iter().map(|p| self.calendar.naming(p).map(|e| e.name)).collect();
                    let text = if x.tied.len() > 1 && events[0].is_some() && events.iter().all(|e| *e == events[0]) {
                        // One event for all: 6/01、6/17、6/18（618，均为2单）
                        let names: Vec<String> = x.tied.iter().map(|p| p.short_label(m.period.grain)).collect();
                        format!("{}（{}，均为{value}）", names.join("、"), events[0].clone().unwrap_or_default())
                    } else if x.tied.len() > 1 {
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
            // ok: `metric_field` sends only the names above.
            _ => Value::Null,
        })
    }

    /// The scoped agent among its peers: team figure, rank, percentile, share.
    fn peer_field(&self, m: &MetricAt, f: &str) -> Result<Value> {
        self.metrics.def(&m.name)?;
        let num = |v: Option<f64>, kind: NumKind| -> Result<Value> {
            Ok(self.metric_n(&m.name, v, kind)?.map(Value::Num).unwrap_or(Value::Null))
        };
        Ok(match f {
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
            // ok: `metric_field` sends only the names above.
            _ => Value::Null,
        })
    }

    /// What the metric is (`label`, `unit`) and the average of its parts; else no such field.
    fn own_field(&self, m: &MetricAt, f: &str) -> Result<Value> {
        let d = self.metrics.def(&m.name)?;
        let num = |v: Option<f64>, kind: NumKind| -> Result<Value> {
            Ok(self.metric_n(&m.name, v, kind)?.map(Value::Num).unwrap_or(Value::Null))
        };
        Ok(match f {
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
}
