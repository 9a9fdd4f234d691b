//! Metrics: defined once in the spec (a column with an aggregation, or an
//! expression over other metrics), evaluated for any period and scope.
//!
//! A scope is a set of `column == value` filters (the deck's agent, a
//! slide's group). Tables without the column are team-wide and ignore it.
//!
//! Here the definitions' types and `Metrics`, which evaluates them (cached
//! per period and scope); the parts:
//! - `define`: the spec's `metrics:` into checked `MetricDef`s;
//! - `scope`: `Scope`;
//! - `aggregate`: sums, averages, counts over a table's rows;
//! - `place`: `expr:` and `target:` as a place of the one evaluator (`expr::eval`);
//! - `shared`: caches shared by a batch's decks, peer groups, rosters.

use crate::data::period::{Grain, Period};
use crate::data::{Data, Table};
use crate::error::{Error, Result};
use crate::expr::{BinOp, Expr};
use crate::format::Better;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agg {
    Sum,
    Avg,
    Min,
    Max,
    Count,
    Distinct,
    First,
    Last,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Calc {
    Agg { agg: Agg, table: String, col: String, weight: Option<String> },
    Expr(Expr),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Value(f64),
    Expr(Expr),
}

#[derive(Debug, Clone, PartialEq)]
pub struct MetricDef {
    pub name: String,
    pub label: String,
    pub calc: Calc,
    pub filter: Option<Expr>,
    pub unit: String,
    pub better: Better,
    pub target: Option<Target>,
    pub digits: Option<usize>,
    /// `per: month`: the average over the period's months of the aggregate of each.
    pub per: Option<Grain>,
    /// Where the spec lists it (its line), for lists in the spec's order.
    pub order: usize,
}

mod aggregate;
mod define;
mod place;
mod scope;
mod shared;

use aggregate::{aggregate, covers_whole_months, part_of_months};
pub use define::{define, define_all, literal_number, table_roles};
use place::MetricPlace;
pub use scope::Scope;
pub use shared::{Memo, PeerGroup, Roster, Shared, Tenure, Tenures};

/// How deep metrics may refer to metrics (`a: {expr: b + 1}`, `b: …`): far
/// beyond any real spec, and shallow enough for any thread's stack.
pub const MAX_NESTING: usize = 64;

/// Evaluates metrics for one deck (cached per period and scope).
pub struct Metrics<'a> {
    pub defs: &'a BTreeMap<String, MetricDef>,
    pub data: &'a Data,
    pub vars: &'a BTreeMap<String, String>,
    pub shared: &'a Shared,
    cache: RefCell<HashMap<(String, Period, Scope), Option<f64>>>,
    stack: RefCell<Vec<String>>,
    /// Inside `groups`: values of every other group are not kept (a batch
    /// keeps the groups themselves; the deck does not need them one by one).
    in_groups: std::cell::Cell<bool>,
}

impl<'a> Metrics<'a> {
    pub fn new(
        defs: &'a BTreeMap<String, MetricDef>,
        data: &'a Data,
        vars: &'a BTreeMap<String, String>,
        shared: &'a Shared,
    ) -> Metrics<'a> {
        Metrics {
            defs,
            data,
            vars,
            shared,
            cache: RefCell::new(HashMap::new()),
            stack: RefCell::new(Vec::new()),
            in_groups: std::cell::Cell::new(false),
        }
    }

    pub fn def(&self, name: &str) -> Result<&'a MetricDef> {
        self.defs.get(name).ok_or_else(|| {
            let mut e =
                Error::usage(format!("unknown metric `{name}`")).suggest(name, self.defs.keys().map(String::as_str));
            if !self.defs.is_empty() {
                e = e.hint(format!("metrics: {}", self.defs.keys().cloned().collect::<Vec<_>>().join(", ")));
            }
            e
        })
    }

    /// The metrics in the order the spec lists them.
    pub fn in_order(&self) -> Vec<&'a MetricDef> {
        let mut v: Vec<&MetricDef> = self.defs.values().collect();
        v.sort_by_key(|d| (d.order, d.name.clone()));
        v
    }

    pub fn is_metric(&self, name: &str) -> bool {
        self.defs.contains_key(name)
    }

    /// Whether the metric changes with the period: its data has dates, or
    /// its `where` picks rows by `period.year` (a table of years).
    pub fn dated(&self, name: &str) -> bool {
        self.depends(name, true, &mut Vec::new())
    }

    /// Whether the metric's data has dates (so that it has months and days).
    pub fn has_dates(&self, name: &str) -> bool {
        self.depends(name, false, &mut Vec::new())
    }

    /// `seen`: the metrics on the way here (metrics that refer to each other
    /// in a circle, or a chain deeper than [`MAX_NESTING`], end the walk).
    fn depends(&self, name: &str, or_period_filter: bool, seen: &mut Vec<String>) -> bool {
        if seen.iter().any(|n| n == name) || seen.len() >= MAX_NESTING {
            return false;
        }
        let Some(d) = self.defs.get(name) else {
            return false;
        };
        seen.push(name.to_string());
        match &d.calc {
            Calc::Agg { table, .. } => {
                self.data.table(table).is_ok_and(|t| t.date_col.is_some())
                    || or_period_filter
                        && d.filter.as_ref().is_some_and(|f| {
                            let mut names = Vec::new();
                            f.names(&mut names);
                            names.iter().any(|n| n == "period")
                        })
            }
            Calc::Expr(e) => {
                let mut names = Vec::new();
                e.names(&mut names);
                names.iter().any(|n| n != name && self.depends(n, or_period_filter, seen))
            }
        }
    }

    /// The metric's value for `period` and `scope`; `None` when there is no data
    /// or it cannot be computed (division by zero).
    pub fn value(&self, name: &str, period: &Period, scope: &Scope) -> Result<Option<f64>> {
        let key = (name.to_string(), *period, scope.clone());
        if let Some(v) = self.cache.borrow().get(&key) {
            return Ok(*v);
        }
        if self.stack.borrow().iter().any(|n| n == name) {
            return Err(Error::usage(format!("metric `{name}` refers to itself")));
        }
        if self.stack.borrow().len() >= MAX_NESTING {
            let chain = self.stack.borrow();
            return Err(Error::usage(format!(
                "metrics refer to metrics more than {MAX_NESTING} deep ({} → … → {name})",
                chain.first().map(String::as_str).unwrap_or("")
            ))
            .hint("compute the figure from the table columns, not through a long chain of metrics"));
        }
        self.stack.borrow_mut().push(name.to_string());
        let r = self.compute(name, period, scope);
        self.stack.borrow_mut().pop();
        let v = r?;
        let v = v.filter(|x| x.is_finite());
        if !self.in_groups.get() {
            self.cache.borrow_mut().insert(key, v);
        }
        Ok(v)
    }

    fn compute(&self, name: &str, period: &Period, scope: &Scope) -> Result<Option<f64>> {
        let d = self.def(name)?;
        if let Some(g) = d.per.filter(|g| *g < period.grain) {
            // The average of the parts that have data (月均在岗人数). A sum per
            // month counts each month by its days: those the agent of the
            // scope worked (joined on the 5th, left on the 13th) and the data
            // covers, so 月均销售额 of a part year is per whole month.
            let by_days = g == Grain::Month && matches!(d.calc, Calc::Agg { agg: Agg::Sum, .. });
            let (mut sum, mut months) = (0.0, 0.0);
            for q in period.parts(g) {
                if let Some(v) = self.aggregate_in(d, &q, scope)? {
                    sum += v;
                    months += if by_days { self.month_share(&q, scope) } else { 1.0 };
                }
            }
            return Ok((months > 0.0).then(|| sum / months));
        }
        match &d.calc {
            Calc::Expr(e) => self.expr(e, period, scope).map_err(|e| e.context(format!("metric `{name}`"))),
            Calc::Agg { .. } => self.aggregate_in(d, period, scope),
        }
    }

    /// How much of the month `part` is in counts, for a sum per month: the
    /// days the scope's agent worked and the data covers (see `Tenures`),
    /// the whole part without a roster.
    fn month_share(&self, part: &Period, scope: &Scope) -> f64 {
        let covered_to = self.data.span.map(|s| s.last);
        let t = self.shared.tenures.get();
        let who = t.and_then(|t| scope.get(&t.by));
        let share = match t {
            Some(t) => t.month_share(part, who, covered_to),
            None => Tenures::default().month_share(part, None, covered_to),
        };
        share.filter(|s| *s > 0.0).unwrap_or(1.0)
    }

    /// An aggregation metric over the rows of one period.
    fn aggregate_in(&self, d: &MetricDef, period: &Period, scope: &Scope) -> Result<Option<f64>> {
        let name = d.name.as_str();
        match &d.calc {
            Calc::Expr(_) => self.value(name, period, scope),
            Calc::Agg { agg, table, col, weight } => {
                let t = self.data.table(table)?;
                let ci = t.col(col)?;
                let wi = weight.as_ref().map(|w| t.col(w)).transpose()?;
                let rows = self
                    .rows(t, table, period, scope, d.filter.as_ref())
                    .map_err(|e| e.context(format!("metric `{name}`")))?;
                if self.data.is_monthly(table) && matches!(agg, Agg::Sum | Agg::Avg) && !covers_whole_months(period) {
                    // A month's plan covers the whole month; a month's figures
                    // only the days the data has (the row of a month in progress
                    // holds that month so far).
                    let covered_to = if self.data.is_plan(table) { None } else { self.data.span.map(|s| s.last) };
                    return part_of_months(*agg, t, &rows, ci, wi, period, covered_to)
                        .map_err(|e| e.context(format!("metric `{name}`")));
                }
                aggregate(*agg, t, &rows, ci, wi).map_err(|e| e.context(format!("metric `{name}`")))
            }
        }
    }

    /// Rows of `t` in the period and scope, passing the metric's filter.
    fn rows<'t>(
        &self,
        t: &'t Table,
        name: &str,
        period: &Period,
        scope: &Scope,
        filter: Option<&Expr>,
    ) -> Result<Vec<&'t crate::data::Row>> {
        let mut cand: Option<Vec<usize>> = None;
        let mut narrow = |hit: Vec<usize>| {
            cand = Some(match cand.take() {
                None => hit,
                Some(prev) => {
                    let keep: std::collections::HashSet<usize> = hit.into_iter().collect();
                    prev.into_iter().filter(|i| keep.contains(i)).collect()
                }
            });
        };
        for (c, v) in &scope.eq {
            if let Ok(ci) = t.col(c) {
                narrow(self.data.index(name, ci)?.get(v).cloned().unwrap_or_default());
            }
        }
        for (c, set) in &scope.any_of {
            if let Ok(ci) = t.col(c) {
                let ix = self.data.index(name, ci)?;
                let mut hit: Vec<usize> = set.iter().filter_map(|v| ix.get(v)).flatten().copied().collect();
                hit.sort_unstable();
                narrow(hit);
            }
        }
        let idx: Box<dyn Iterator<Item = usize>> = match cand {
            Some(v) => Box::new(v.into_iter()),
            None => Box::new(0..t.rows.len()),
        };
        let monthly = self.data.is_monthly(name);
        let mut out = Vec::new();
        for i in idx {
            let row = &t.rows[i];
            // A row of a table of months stands for its whole month.
            let inside = |d: crate::data::date::Date| {
                if monthly {
                    let m = Period::month(d.y, d.m);
                    m.start <= period.end && period.start <= m.end
                } else {
                    period.contains(d)
                }
            };
            if t.date_col.is_some() && !row.date.is_some_and(inside) {
                continue;
            }
            if let Some(f) = filter {
                match crate::data::matches(f, t, row, self.vars, Some(period)) {
                    Ok(true) => {}
                    Ok(false) => continue,
                    Err(m) => return Err(Error::usage(format!("`where`: {m}"))),
                }
            }
            out.push(row);
        }
        Ok(out)
    }

    /// Evaluates an expression over metrics and numeric variables.
    pub fn expr(&self, e: &Expr, period: &Period, scope: &Scope) -> Result<Option<f64>> {
        crate::expr::eval(&MetricPlace { m: self, period, scope }, e)
    }

    /// The metric's target for the period (targets that are expressions are
    /// evaluated in the same period, e.g. a sum of monthly targets).
    pub fn target(&self, name: &str, period: &Period, scope: &Scope) -> Result<Option<f64>> {
        match &self.def(name)?.target {
            None => Ok(None),
            Some(Target::Value(v)) => Ok(Some(*v)),
            Some(Target::Expr(e)) => match self.target_by_last_year(name, e, period, scope)? {
                Some(v) => Ok(Some(v)),
                None => self.expr(e, period, scope),
            },
        }
    }

    /// A total's target for part of a month split by the share the same
    /// days held of it last year (`None` where that does not apply); the
    /// target of a day that can be compared with the day's figure.
    pub fn seasonal_target(&self, name: &str, period: &Period, scope: &Scope) -> Result<Option<f64>> {
        match &self.def(name)?.target {
            Some(Target::Expr(e)) => self.target_by_last_year(name, e, period, scope),
            _ => Ok(None),
        }
    }

    /// A total's target for part of a month (a week, a month so far), as
    /// the share of each month's target that the same days held of the
    /// metric last year: a week with 双11 gets the share 双11 had, a quiet
    /// week a quiet share (a month's target split evenly by days would judge
    /// both unfairly). `None` when that does not apply — a rate, a period
    /// of whole months, no figures for the days last year — and the target
    /// is then counted by days.
    fn target_by_last_year(&self, name: &str, e: &Expr, period: &Period, scope: &Scope) -> Result<Option<f64>> {
        if covers_whole_months(period) || !self.additive(name) || !self.has_dates(name) {
            return Ok(None);
        }
        if !self.additive_expr(e, 0) {
            return Ok(None);
        }
        let mut total = 0.0;
        let mut month = Period::month(period.start.y, period.start.m);
        while month.start <= period.end {
            let (from, to) = (period.start.max(month.start), period.end.min(month.end));
            let whole_month = self.expr(e, &month, scope)?;
            let days = Period { grain: period.grain, start: from.add_months(-12), end: to.add_months(-12) };
            let last_month = Period::month(month.start.y - 1, month.start.m);
            let (part, all) = (self.value(name, &days, scope)?, self.value(name, &last_month, scope)?);
            match (whole_month, part, all) {
                (Some(t), Some(p), Some(a)) if a > 0.0 && p >= 0.0 => total += t * p / a,
                _ => return Ok(None),
            }
            month = Period::month(month.end.add_days(1).y, month.end.add_days(1).m);
        }
        Ok(Some(total))
    }

    /// The metric for every value of `col` (the scope's other filters kept),
    /// shared between the decks of a batch.
    pub fn groups(&self, name: &str, period: &Period, scope: &Scope, col: &str) -> Result<crate::data::Groups> {
        let base = scope.without(col);
        let key = format!("{name}|{}|{}|{col}|{}", period.key_exact(), base.key(), self.var_key(name));
        if let Some(v) = self.shared.groups.get(&key) {
            return Ok(v);
        }
        let mut values: BTreeSet<String> = BTreeSet::new();
        for t in self.tables_of(name) {
            if let Ok(tab) = self.data.table(&t)
                && let Ok(ci) = tab.col(col)
                && let Ok(ix) = self.data.index(&t, ci)
            {
                values.extend(ix.keys().filter(|s| !s.is_empty()).cloned());
            }
        }
        if values.is_empty() {
            return Err(Error::usage(format!("metric `{name}` has no column `{col}` to compare by")));
        }
        // A group whose cells are broken has no figure (and drops out of team
        // averages and ranks); its own deck reports the cell. Only when every
        // group fails is the error everyone's.
        // Every group at once, on all cores (a batch's first decks wait for
        // these); each worker evaluates with its own metrics and keeps none
        // of the values one by one.
        use rayon::prelude::*;
        let values: Vec<String> = values.into_iter().collect();
        let results: Vec<Result<Option<f64>>> = values
            .par_iter()
            .with_min_len(32)
            .map_init(
                || {
                    let m = Metrics::new(self.defs, self.data, self.vars, self.shared);
                    m.in_groups.set(true);
                    m
                },
                |m, v| m.value(name, period, &base.with(col, v)),
            )
            .collect();
        let mut out = Vec::with_capacity(values.len());
        let mut first_err = None;
        for (v, r) in values.into_iter().zip(results) {
            match r {
                Ok(x) => out.push((v, x)),
                Err(e) => {
                    first_err.get_or_insert(e);
                    out.push((v, None));
                }
            }
        }

        if let Some(e) = first_err
            && out.iter().all(|(_, x)| x.is_none())
        {
            return Err(e);
        }

        let out = Arc::new(out);
        self.shared.groups.insert(key, out.clone());
        Ok(out)
    }

    /// The variables a metric reads (in `where:` or `expr:`, through other
    /// metrics too) with their values: part of every shared cache key, so
    /// that the decks of a batch never share a figure that differs between them.
    pub fn var_key(&self, name: &str) -> String {
        let mut out = BTreeMap::new();
        let mut todo = vec![name.to_string()];
        let mut seen = BTreeSet::new();
        while let Some(n) = todo.pop() {
            if !seen.insert(n.clone()) {
                continue;
            }
            if let Some(v) = self.vars.get(&n)
                && !self.defs.contains_key(&n)
            {
                out.insert(n.clone(), v.clone());
                continue;
            }
            let Some(d) = self.defs.get(&n) else { continue };
            let mut names = Vec::new();
            if let Calc::Expr(e) = &d.calc {
                e.names(&mut names);
            }
            if let Some(f) = &d.filter {
                f.names(&mut names);
            }
            if let Some(Target::Expr(e)) = &d.target {
                e.names(&mut names);
            }
            todo.extend(names);
        }
        out.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(";")
    }

    /// Whether a metric adds up over agents and months (a total such as
    /// 接待量 or 销售额), as opposed to a rate, an average or a ratio.
    pub fn additive(&self, name: &str) -> bool {
        self.additive_at(name, 0)
    }

    fn additive_at(&self, name: &str, depth: usize) -> bool {
        match self.defs.get(name).map(|d| &d.calc) {
            _ if depth > 32 => false,
            Some(Calc::Agg { agg, .. }) => matches!(agg, Agg::Sum | Agg::Count | Agg::Distinct),
            Some(Calc::Expr(e)) => self.additive_expr(e, depth),
            None => false,
        }
    }

    fn additive_expr(&self, e: &Expr, depth: usize) -> bool {
        match e {
            Expr::Name(n) => self.additive_at(n, depth + 1),
            Expr::Num(_) => true,
            Expr::Binary(a, BinOp::Add | BinOp::Sub, b) => self.additive_expr(a, depth) && self.additive_expr(b, depth),
            Expr::Unary('-', a) => self.additive_expr(a, depth),
            _ => false,
        }
    }

    /// Tables a metric reads (directly or through other metrics).
    pub fn tables_of(&self, name: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut todo = vec![name.to_string()];
        let mut seen = BTreeSet::new();
        while let Some(n) = todo.pop() {
            if !seen.insert(n.clone()) {
                continue;
            }
            match self.defs.get(&n).map(|d| &d.calc) {
                Some(Calc::Agg { table, .. }) if !out.contains(table) => out.push(table.clone()),
                Some(Calc::Agg { .. }) => {}
                Some(Calc::Expr(e)) => {
                    let mut names = Vec::new();
                    e.names(&mut names);
                    todo.extend(names);
                }
                None => {}
            }
        }
        out
    }

    /// The metric for each part of `period` (months of a year, days of a week…).
    pub fn series(
        &self,
        name: &str,
        period: &Period,
        grain: Grain,
        scope: &Scope,
    ) -> Result<Vec<(Period, Option<f64>)>> {
        period.parts(grain).into_iter().map(|p| Ok((p, self.value(name, &p, scope)?))).collect()
    }
}
