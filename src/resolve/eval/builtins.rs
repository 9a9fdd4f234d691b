//! The functions and formatters of a sentence (`wan`, `pct`, `if`,
//! `target_summary`, `conclusion`…), dispatched by name from `call`.

use super::env::Env;
use super::value::{MetricAt, NumKind, Number, Value};
use super::wording::{compare_phrase, date_fmt, target_phrase};
use crate::data::period::Grain;
use crate::error::{Error, Result};
use crate::format::{self, Better, MISSING};
use crate::model::{ColorRef, Run};

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
    "lowest",
    "highest",
    "conclusion",
    "lookup",
    "metric",
    "vs",
    "target_summary",
    "target_review",
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

/// The first argument, or nothing.
fn first(args: &[Value]) -> Value {
    args.first().cloned().unwrap_or(Value::Null)
}

/// Text that shows a number (and still computes as it).
fn text(s: String, v: f64) -> Value {
    Value::Text(s, Some(v))
}

/// Money in 万 is 万元: the deck's one money unit.
fn money_unit(u: &str) -> &'static str {
    if format::unit_kind(u) == format::UnitKind::Money { "元" } else { "" }
}

impl Env<'_> {
    /// `f(args)`: each family of functions is one method below.
    pub(super) fn call(&self, f: &str, args: Vec<Value>) -> Result<Value> {
        let args = args.as_slice();
        match f {
            "num" | "int" | "wan" | "yi" | "money" | "pct" | "pp" | "sec" | "signed" | "abs" | "round" | "date"
            | "trend" => self.numbers(f, args),
            "arrow" | "color" => self.styles(f, args),
            "default" | "if" | "min" | "max" | "count" | "label" => self.choices(f, args),
            "lowest" | "highest" => self.extreme_metric(f, args),
            "metric" | "vs" | "lookup" | "top" => self.lookups(f, args),
            "target_summary" | "met_targets" | "missed_targets" | "achievement" | "vs_target" => self.targets(f, args),
            "target_review" => self.target_review(args),
            "targets_met" => self.targets_met(f, args),
            "improved" | "worsened" | "change_summary" | "rank" | "team" | "conclusion" => self.changes_of(f, args),
            _ => Err(Error::usage(format!("unknown function `{f}`"))
                .suggest(f, FUNCTIONS.iter().copied())
                .hint(format!("functions and formatters: {}", FUNCTIONS.join(", ")))),
        }
    }

    /// Numbers written by a formatter: `wan(1)`, `pct`, `signed`, `round`, `date`, `trend`.
    fn numbers(&self, f: &str, args: &[Value]) -> Result<Value> {
        Ok(match f {
            "num" => match self.number(first(args))? {
                Some(n) => text(format::thousands(n.v, num_arg(args, 1, 0)), n.v),
                None => Value::Null,
            },
            "int" => match self.number(first(args))? {
                Some(n) => text(format::thousands(n.v, 0), n.v),
                None => Value::Null,
            },
            // Money in 万 is 万元: the deck's one money unit.
            "wan" => match self.number(first(args))? {
                Some(n) => text(format::wan(n.v, num_arg(args, 1, 1)) + money_unit(&n.unit), n.v),
                None => Value::Null,
            },
            "yi" => match self.number(first(args))? {
                Some(n) => text(format::yi(n.v, num_arg(args, 1, 2)) + money_unit(&n.unit), n.v),
                None => Value::Null,
            },
            "money" => match self.number(first(args))? {
                Some(n) => text(format::money(n.v), n.v),
                None => Value::Null,
            },
            "pct" => match self.number(first(args))? {
                Some(n) => text(format::pct(n.v, num_arg(args, 1, 1)), n.v),
                None => Value::Null,
            },
            "pp" => match self.number(first(args))? {
                Some(n) => text(format::pp(n.v, num_arg(args, 1, 1)), n.v),
                None => Value::Null,
            },
            "sec" => match self.number(first(args))? {
                Some(n) => text(format::seconds(n.v, num_arg(args, 1, 1)), n.v),
                None => Value::Null,
            },
            "signed" => match first(args) {
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
            "abs" => match self.number(first(args))? {
                Some(mut n) => {
                    n.v = n.v.abs();
                    if n.kind == NumKind::Change {
                        n.kind = NumKind::Size;
                    }
                    Value::Num(n)
                }
                None => Value::Null,
            },
            "round" => match self.number(first(args))? {
                Some(mut n) => {
                    n.v = format::round_half_up(n.v, num_arg(args, 1, 0));
                    Value::Num(n)
                }
                None => Value::Null,
            },
            "date" => {
                let fmt = match args.get(1) {
                    Some(Value::Text(s, _)) => s.clone(),
                    _ => "YYYY年M月D日".into(),
                };
                match first(args) {
                    Value::Date(d) => Value::Text(date_fmt(d, &fmt), None),
                    Value::Period(p) => Value::Text(date_fmt(p.start, &fmt), None),
                    Value::Text(s, _) => match crate::data::date::parse_text(&s) {
                        Some(crate::data::date::DateText::Day(d)) => Value::Text(date_fmt(d, &fmt), None),
                        _ => Value::Text(s, None),
                    },
                    other => other,
                }
            }
            "trend" => match self.number(first(args))? {
                Some(n) => Value::Text(format::change_verb(n.v, None, &n.unit, n.better, n.digits).into(), Some(n.v)),
                None => Value::Null,
            },
            // ok: `call` sends only the names above.
            _ => Value::Null,
        })
    }

    /// Coloured marks: `arrow` and `color`.
    fn styles(&self, f: &str, args: &[Value]) -> Result<Value> {
        Ok(match f {
            "arrow" => match self.number(first(args))? {
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
                let v = first(args);
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
            // ok: `call` sends only the names above.
            _ => Value::Null,
        })
    }

    /// Choosing and counting: `default`, `if`, `min`, `max`, `count`, `label`.
    fn choices(&self, f: &str, args: &[Value]) -> Result<Value> {
        Ok(match f {
            "default" => match first(args) {
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
                for a in args {
                    if let Some(n) = self.number(a.clone())? {
                        let take = best.as_ref().is_none_or(|b| if f == "min" { n.v < b.v } else { n.v > b.v });
                        if take {
                            best = Some(n);
                        }
                    }
                }
                best.map(Value::Num).unwrap_or(Value::Null)
            }
            "count" => match first(args) {
                Value::Text(_, Some(n)) => Value::Num(Number::plain(n)),
                other => match self.number(other)? {
                    Some(n) => Value::Num(Number::plain(n.v)),
                    None => Value::Num(Number::plain(0.0)),
                },
            },
            "label" => match first(args) {
                Value::Metric(m) => Value::Text(self.metrics.def(&m.name)?.label.clone(), None),
                other => other,
            },
            // ok: `call` sends only the names above.
            _ => Value::Null,
        })
    }

    /// `lowest(描述相符, 服务态度, 物流服务)`: the metric of those given with the
    /// lowest (highest) value, itself, so a sentence can name it and ask for its
    /// fields (`lowest(…).label`, `lowest(…).worst`). Of equal values the first.
    fn extreme_metric(&self, f: &str, args: &[Value]) -> Result<Value> {
        let mut best: Option<(f64, &MetricAt)> = None;
        for a in args {
            let Value::Metric(m) = a else {
                return Err(Error::usage(format!("`{f}(…)` takes metrics, e.g. {f}(描述相符, 服务态度, 物流服务)")));
            };
            if let Some(v) = self.metrics.value(&m.name, &m.period, &m.scope)?
                && best.is_none_or(|(b, _)| if f == "lowest" { v < b } else { v > b })
            {
                best = Some((v, m));
            }
        }
        Ok(best.map(|(_, m)| Value::Metric(m.clone())).unwrap_or(Value::Null))
    }

    /// Looking things up: `metric("名称")`, `vs`, `lookup("表.列")`, `top`.
    fn lookups(&self, f: &str, args: &[Value]) -> Result<Value> {
        Ok(match f {
            // metric("首次响应时间"): a metric by its name or label (a sheet's 指标 column).
            "metric" => {
                let Value::Text(n, _) = first(args) else {
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
            "lookup" => {
                // lookup("客服名单.小组"): the value of a column in the first row of the current scope.
                let Value::Text(r, _) = first(args) else {
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
            // ok: `call` sends only the names above.
            _ => Value::Null,
        })
    }

    /// Targets: `target_summary`, `met_targets`, `missed_targets`, `achievement`, `vs_target`.
    fn targets(&self, f: &str, args: &[Value]) -> Result<Value> {
        Ok(match f {
            // target_summary(a, b, …): how many met their targets, and which did not.
            "target_summary" => {
                let mut names = Vec::new();
                for a in args {
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
            // ok: `call` sends only the names above.
            _ => Value::Null,
        })
    }

    /// `target_review(a, b, …)`: how many met their targets, the largest
    /// misses with their gap, then the wins (see `overview::target_review`);
    /// its number is how many met.
    fn target_review(&self, args: &[Value]) -> Result<Value> {
        let names = args
            .iter()
            .map(|a| match a {
                Value::Metric(m) => Ok(m.name.clone()),
                _ => Err(Error::usage("`target_review(…)` takes metrics, e.g. target_review(店铺销售额, 首响)")),
            })
            .collect::<Result<Vec<_>>>()?;
        let (text, met) = crate::resolve::overview::target_review(self, &names)?;
        Ok(Value::Text(text, Some(met as f64)))
    }

    /// `targets_met("个人目标")`: the rows of a sheet of targets (指标, 目标;
    /// those of the period's year when it has 年份) judged like
    /// achievement(): `5项目标达成4项，未达成：月均销售额`; its number is how many were met.
    fn targets_met(&self, _f: &str, args: &[Value]) -> Result<Value> {
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
        Ok(Value::Text(text, Some(met as f64)))
    }

    /// Changes and standing: `improved`, `worsened`, `change_summary`, `rank`, `team`, `conclusion`.
    fn changes_of(&self, f: &str, args: &[Value]) -> Result<Value> {
        Ok(match f {
            // improved(a, b, …) / worsened(…): the labels of the metrics that got
            // better (worse) than last year (a year) or the period before, 、-joined;
            // their number is how many. A change too small to show is neither.
            "improved" | "worsened" => {
                let (up, down, _) = self.changes(f, args)?;
                let out = if f == "improved" { up } else { down };
                let count = out.len() as f64;
                Value::Text(if out.is_empty() { "无".into() } else { out.join("、") }, Some(count))
            }
            // change_summary(a, b, …): `9项指标中5项改善（…），3项退步（…），1项持平`.
            "change_summary" => {
                let (up, down, measured) = self.changes(f, args)?;
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
            "rank" | "team" => match first(args) {
                Value::Metric(m) => self.metric_field(&m, f)?,
                _ => return Err(Error::usage(format!("`{f}(…)` takes a metric"))),
            },
            "conclusion" => match first(args) {
                Value::Metric(m) => {
                    let mention: Vec<String> = args[1..]
                        .iter()
                        .filter_map(|a| match a {
                            Value::Text(s, _) => Some(s.clone()),
                            _ => None,
                        })
                        .collect();
                    Value::Rich(crate::resolve::generate::conclusion(self, &m.name, &mention)?)
                }
                _ => {
                    return Err(Error::usage("`conclusion(…)` takes a metric, e.g. conclusion(询单转化率)"));
                }
            },
            // ok: `call` sends only the names above.
            _ => Value::Null,
        })
    }

    /// The labels of the metrics in `args` that got better and worse than
    /// last year (a year) or the period before, and how many could be compared.
    pub(super) fn changes(&self, f: &str, args: &[Value]) -> Result<(Vec<String>, Vec<String>, usize)> {
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
}
