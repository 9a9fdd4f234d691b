//! Metrics: defined once in the spec (a column with an aggregation, or an
//! expression over other metrics), evaluated for any period and scope.
//!
//! A scope is a set of `column == value` filters (the deck's agent, a
//! slide's group). Tables without the column are team-wide and ignore it.

use crate::data::period::{Grain, Period};
use crate::data::{ColumnRef, Data, RangeRef, Table};
use crate::error::{Error, Result};
use crate::expr::{BinOp, Expr, parse_expr};
use crate::format::Better;
use crate::spec::{Locator, MetricSpec, Spec};
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
    /// Where the spec lists it (its line), for lists in the spec's order.
    pub order: usize,
}

/// Filters that narrow every metric: `column == value`, sorted by column.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Scope(pub Vec<(String, String)>);

impl Scope {
    pub fn with(&self, col: &str, value: &str) -> Scope {
        let mut v: Vec<(String, String)> = self.0.iter().filter(|(c, _)| c != col).cloned().collect();
        v.push((col.to_string(), value.to_string()));
        v.sort();
        Scope(v)
    }

    pub fn without(&self, col: &str) -> Scope {
        Scope(self.0.iter().filter(|(c, _)| c != col).cloned().collect())
    }

    pub fn get(&self, col: &str) -> Option<&str> {
        self.0.iter().find(|(c, _)| c == col).map(|(_, v)| v.as_str())
    }

    pub fn key(&self) -> String {
        self.0.iter().map(|(c, v)| format!("{c}={v}")).collect::<Vec<_>>().join("&")
    }
}

fn agg_of(m: &MetricSpec) -> Vec<(Agg, &String)> {
    [
        (Agg::Sum, &m.sum),
        (Agg::Avg, &m.avg),
        (Agg::Min, &m.min),
        (Agg::Max, &m.max),
        (Agg::Count, &m.count),
        (Agg::Distinct, &m.distinct),
        (Agg::First, &m.first),
        (Agg::Last, &m.last),
    ]
    .into_iter()
    .filter_map(|(a, v)| v.as_ref().map(|v| (a, v)))
    .collect()
}

/// A number typed in a spec: `0.4`, `40%`, `1.2亿`, `1,234`.
pub fn literal_number(s: &str) -> Option<f64> {
    crate::data::value::parse_number(s)
}

/// The tables the metrics aggregate, in two kinds: facts (what happened,
/// read by the metrics themselves) and plans (read only through targets: a
/// `目标` sheet of plans), as `(facts, plans)`.
pub fn table_roles(defs: &BTreeMap<String, MetricDef>) -> (BTreeSet<String>, BTreeSet<String>) {
    // Everything a metric reads, directly or through other metrics.
    let reads = |start: Vec<String>| {
        let (mut names, mut tables, mut todo) = (BTreeSet::new(), BTreeSet::new(), start);
        while let Some(n) = todo.pop() {
            if !names.insert(n.clone()) {
                continue;
            }
            match defs.get(&n).map(|d| &d.calc) {
                Some(Calc::Agg { table, .. }) => {
                    tables.insert(table.clone());
                }
                Some(Calc::Expr(e)) => e.names(&mut todo),
                None => {}
            }
        }
        (names, tables)
    };
    let mut target_roots = Vec::new();
    for d in defs.values() {
        if let Some(Target::Expr(e)) = &d.target {
            e.names(&mut target_roots);
        }
    }
    let (target_names, target_tables) = reads(target_roots);
    let facts: Vec<String> = defs.keys().filter(|n| !target_names.contains(*n)).cloned().collect();
    let (_, fact_tables) = reads(facts);
    let plans = target_tables.difference(&fact_tables).cloned().collect();
    (fact_tables, plans)
}

/// Checks and prepares the spec's metrics; reports every problem at once.
pub fn define(spec: &Spec, loc: &Locator, data: &Data) -> Result<BTreeMap<String, MetricDef>> {
    let mut out = BTreeMap::new();
    let mut errors = Vec::new();
    for (name, m) in &spec.metrics {
        let path = format!("metrics.{name}");
        let fail = |msg: String| Error::usage(format!("metric `{name}`: {msg}")).at(loc.at(&path));
        let aggs = agg_of(m);
        let calc = match (aggs.len(), &m.expr) {
            (1, None) => {
                let (agg, r) = aggs[0];
                let Some(cr) = ColumnRef::parse(r).filter(|c| c.columns.len() == 1) else {
                    errors.push(
                        fail(format!("`{r}` is not a column reference"))
                            .hint("write `表名[列名]`, e.g. `日数据[店铺销售额]`"),
                    );
                    continue;
                };
                let weight = match &m.weight {
                    Some(w) => match ColumnRef::parse(w).filter(|c| c.columns.len() == 1) {
                        Some(wc) if wc.table == cr.table => Some(wc.columns[0].clone()),
                        _ => {
                            errors.push(fail(format!("`weight: {w}` must be a column of `{}`", cr.table)));
                            continue;
                        }
                    },
                    None => None,
                };
                // The table and columns must exist.
                match data.table(&cr.table) {
                    Ok(t) => {
                        for c in std::iter::once(&cr.columns[0]).chain(weight.iter()) {
                            if let Err(e) = t.col(c) {
                                errors.push(e.context(format!("metric `{name}`")).at(loc.at(&path)));
                            }
                        }
                    }
                    Err(e) => errors.push(e.context(format!("metric `{name}`")).at(loc.at(&path))),
                }
                Calc::Agg { agg, table: cr.table, col: cr.columns[0].clone(), weight }
            }
            (0, Some(x)) => match parse_expr(x) {
                Ok(e) => Calc::Expr(e),
                Err(msg) => {
                    errors.push(fail(format!("`expr` does not parse: {msg}")));
                    continue;
                }
            },
            (0, None) => {
                errors.push(fail(
                    "says how to compute it: give one of sum, avg, min, max, count, distinct, first, last, or expr"
                        .into(),
                ));
                continue;
            }
            _ => {
                errors
                    .push(fail("give exactly one of sum, avg, min, max, count, distinct, first, last or expr".into()));
                continue;
            }
        };
        let filter = match &m.filter {
            Some(w) => match parse_expr(w) {
                Ok(e) => Some(e),
                Err(msg) => {
                    errors.push(
                        Error::usage(format!("metric `{name}`: `where` does not parse: {msg}"))
                            .at(loc.at(&format!("{path}.where"))),
                    );
                    continue;
                }
            },
            None => None,
        };
        let better = match m.better.as_deref() {
            None => {
                if matches!(crate::format::unit_kind(m.unit.as_deref().unwrap_or("")), crate::format::UnitKind::Time) {
                    Better::Lower
                } else {
                    Better::Higher
                }
            }
            Some(b) => match Better::parse(b) {
                Some(b) => b,
                None => {
                    errors.push(
                        Error::usage(format!("metric `{name}`: `better: {b}` — use higher, lower or none"))
                            .at(loc.at(&format!("{path}.better"))),
                    );
                    continue;
                }
            },
        };
        let target = match &m.target {
            None => None,
            Some(t) => {
                let s = t.as_str().trim();
                if let Some(v) = literal_number(s) {
                    Some(Target::Value(v))
                } else if let Some(r) = RangeRef::parse(s) {
                    match data.range(&r) {
                        Ok((_, rows)) => {
                            match rows.first().and_then(|r| r.first()).map(crate::data::value::cell_number) {
                                Some(Ok(Some(v))) => Some(Target::Value(v)),
                                other => {
                                    let found = match other {
                                        Some(Err(f)) => f,
                                        _ => "an empty cell".into(),
                                    };
                                    errors.push(
                                        Error::build(format!(
                                            "metric `{name}`: the target cell {s} needs a number, found {found}"
                                        ))
                                        .at(loc.at(&format!("{path}.target"))),
                                    );
                                    continue;
                                }
                            }
                        }
                        Err(e) => {
                            errors.push(
                                e.context(format!("metric `{name}` target")).at(loc.at(&format!("{path}.target"))),
                            );
                            continue;
                        }
                    }
                } else {
                    match parse_expr(s) {
                        Ok(e) => Some(Target::Expr(e)),
                        Err(msg) => {
                            errors.push(
                                Error::usage(format!(
                                    "metric `{name}`: target `{s}` is not a number, cell or expression ({msg})"
                                ))
                                .at(loc.at(&format!("{path}.target"))),
                            );
                            continue;
                        }
                    }
                }
            }
        };
        out.insert(
            name.clone(),
            MetricDef {
                name: name.clone(),
                label: m.label.clone().unwrap_or_else(|| name.clone()),
                calc,
                filter,
                unit: m.unit.clone().unwrap_or_default(),
                better,
                target,
                digits: m.digits.map(usize::from),
                order: loc.key_line(&format!("metrics.{name}")).unwrap_or(usize::MAX),
            },
        );
    }
    // Names used in expressions must be metrics or variables.
    for (name, d) in &out {
        let mut used = Vec::new();
        if let Calc::Expr(e) = &d.calc {
            e.names(&mut used);
        }
        if let Some(Target::Expr(e)) = &d.target {
            e.names(&mut used);
        }
        for u in used {
            if !out.contains_key(&u) && !spec.vars.contains_key(&u) {
                errors.push(
                    Error::usage(format!("metric `{name}` uses `{u}`, which is not a metric"))
                        .at(loc.at(&format!("metrics.{name}")))
                        .suggest(&u, out.keys().map(String::as_str)),
                );
            }
        }
    }
    match Error::many(errors) {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// How deep metrics may refer to metrics (`a: {expr: b + 1}`, `b: …`): far
/// beyond any real spec, and shallow enough for any thread's stack.
pub const MAX_NESTING: usize = 64;

/// Evaluates metrics for one deck (cached per period and scope).
pub struct Metrics<'a> {
    pub defs: &'a BTreeMap<String, MetricDef>,
    pub data: &'a Data,
    pub vars: &'a BTreeMap<String, String>,
    cache: RefCell<HashMap<(String, Period, Scope), Option<f64>>>,
    stack: RefCell<Vec<String>>,
    /// Inside `groups`: values of every other group are not kept (a batch
    /// keeps the groups themselves; the deck does not need them one by one).
    passing: std::cell::Cell<bool>,
}

impl<'a> Metrics<'a> {
    pub fn new(
        defs: &'a BTreeMap<String, MetricDef>,
        data: &'a Data,
        vars: &'a BTreeMap<String, String>,
    ) -> Metrics<'a> {
        Metrics {
            defs,
            data,
            vars,
            cache: RefCell::new(HashMap::new()),
            stack: RefCell::new(Vec::new()),
            passing: std::cell::Cell::new(false),
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
        if !self.passing.get() {
            self.cache.borrow_mut().insert(key, v);
        }
        Ok(v)
    }

    fn compute(&self, name: &str, period: &Period, scope: &Scope) -> Result<Option<f64>> {
        let d = self.def(name)?;
        match &d.calc {
            Calc::Expr(e) => self.expr(e, period, scope).map_err(|e| e.context(format!("metric `{name}`"))),
            Calc::Agg { agg, table, col, weight } => {
                let t = self.data.table(table)?;
                let ci = t.col(col)?;
                let wi = weight.as_ref().map(|w| t.col(w)).transpose()?;
                let rows = self
                    .rows(t, table, period, scope, d.filter.as_ref())
                    .map_err(|e| e.context(format!("metric `{name}`")))?;
                if self.data.is_monthly(table) && matches!(agg, Agg::Sum | Agg::Avg) && !covers_whole_months(period) {
                    return part_of_months(*agg, t, &rows, ci, wi, period)
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
        for (c, v) in &scope.0 {
            if let Ok(ci) = t.col(c) {
                let ix = self.data.index(name, ci)?;
                let hit = ix.get(v).cloned().unwrap_or_default();
                cand = Some(match cand {
                    None => hit,
                    Some(prev) => prev.into_iter().filter(|i| hit.contains(i)).collect(),
                });
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
        Ok(match e {
            Expr::Num(n) => Some(*n),
            Expr::Str(s) => literal_number(s),
            Expr::Name(n) => {
                if self.is_metric(n) {
                    self.value(n, period, scope)?
                } else if let Some(v) = self.vars.get(n) {
                    literal_number(v)
                } else {
                    return Err(
                        Error::usage(format!("unknown metric `{n}`")).suggest(n, self.defs.keys().map(String::as_str))
                    );
                }
            }
            Expr::Unary('-', a) => self.expr(a, period, scope)?.map(|v| -v),
            Expr::Binary(a, op, b) => {
                let (x, y) = (self.expr(a, period, scope)?, self.expr(b, period, scope)?);
                let (Some(x), Some(y)) = (x, y) else {
                    return Ok(None);
                };
                match op {
                    BinOp::Add => Some(x + y),
                    BinOp::Sub => Some(x - y),
                    BinOp::Mul => Some(x * y),
                    BinOp::Div => (y != 0.0).then(|| x / y),
                    BinOp::Gt => Some(f64::from(u8::from(x > y))),
                    BinOp::Ge => Some(f64::from(u8::from(x >= y))),
                    BinOp::Lt => Some(f64::from(u8::from(x < y))),
                    BinOp::Le => Some(f64::from(u8::from(x <= y))),
                    BinOp::Eq => Some(f64::from(u8::from(x == y))),
                    BinOp::Ne => Some(f64::from(u8::from(x != y))),
                    BinOp::And => Some(f64::from(u8::from(x != 0.0 && y != 0.0))),
                    BinOp::Or => Some(f64::from(u8::from(x != 0.0 || y != 0.0))),
                }
            }
            Expr::Call(f, args) if matches!(f.as_str(), "min" | "max" | "abs") => {
                let vals: Vec<Option<f64>> = args.iter().map(|a| self.expr(a, period, scope)).collect::<Result<_>>()?;
                let present: Vec<f64> = vals.into_iter().flatten().collect();
                match f.as_str() {
                    "abs" => present.first().map(|v| v.abs()),
                    "min" => present.into_iter().reduce(f64::min),
                    _ => present.into_iter().reduce(f64::max),
                }
            }
            other => {
                return Err(Error::usage(format!("`{}` cannot be used in a metric expression", describe(other))));
            }
        })
    }

    /// The metric's target for the period (targets that are expressions are
    /// evaluated in the same period, e.g. a sum of monthly targets).
    pub fn target(&self, name: &str, period: &Period, scope: &Scope) -> Result<Option<f64>> {
        match &self.def(name)?.target {
            None => Ok(None),
            Some(Target::Value(v)) => Ok(Some(*v)),
            Some(Target::Expr(e)) => self.expr(e, period, scope),
        }
    }

    /// The metric for every value of `col` (the scope's other filters kept),
    /// shared between the decks of a batch.
    pub fn groups(&self, name: &str, period: &Period, scope: &Scope, col: &str) -> Result<crate::data::Groups> {
        let base = scope.without(col);
        let key = format!("{name}|{}|{}|{col}", period.key(), base.key());
        if let Ok(m) = self.data.shared.lock()
            && let Some(v) = m.get(&key)
        {
            return Ok(v.clone());
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
                    let m = Metrics::new(self.defs, self.data, self.vars);
                    m.passing.set(true);
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
        if let Ok(mut m) = self.data.shared.lock() {
            m.insert(key, out.clone());
        }
        Ok(out)
    }

    /// The values of `col` that count as team members for team figures:
    /// those with rows in at least three quarters of the dates (months, days)
    /// the busiest member has in the period. Newcomers and leavers would
    /// otherwise pull team averages of totals down. Undated tables: everyone.
    pub fn regulars(&self, name: &str, period: &Period, scope: &Scope, col: &str) -> Result<Arc<BTreeSet<String>>> {
        let base = scope.without(col);
        let key = format!("regulars|{name}|{}|{}|{col}", period.key(), base.key());
        if let Ok(m) = self.data.regulars.lock()
            && let Some(v) = m.get(&key)
        {
            return Ok(v.clone());
        }
        let mut dates: BTreeMap<String, BTreeSet<crate::data::date::Date>> = BTreeMap::new();
        let mut dated = false;
        for tname in self.tables_of(name) {
            let Ok(t) = self.data.table(&tname) else { continue };
            let Ok(ci) = t.col(col) else { continue };
            let Ok(ix) = self.data.index(&tname, ci) else { continue };
            for (v, rows) in ix.iter().filter(|(v, _)| !v.is_empty()) {
                let mut seen = Vec::new();
                for &r in rows {
                    match (t.date_col, t.rows[r].date) {
                        (Some(_), Some(d)) if period.contains(d) => seen.push(d),
                        (Some(_), _) => {}
                        (None, _) => {
                            dates.entry(v.clone()).or_default();
                        }
                    }
                }
                if !seen.is_empty() {
                    dated = true;
                    dates.entry(v.clone()).or_default().extend(seen);
                }
            }
        }

        let most = dates.values().map(BTreeSet::len).max().unwrap_or(0);
        let out: BTreeSet<String> =
            dates.into_iter().filter(|(_, d)| !dated || d.len() * 4 >= most * 3).map(|(k, _)| k).collect();
        let out = Arc::new(out);
        if let Ok(mut m) = self.data.regulars.lock() {
            m.insert(key, out.clone());
        }
        Ok(out)
    }

    /// The values of the team's regular members (see `regulars`), computed
    /// once per batch: every agent's deck compares with the same team.
    pub fn team_values(&self, name: &str, period: &Period, scope: &Scope, col: &str) -> Result<Arc<Vec<f64>>> {
        let key = format!("{name}|{}|{}|{col}", period.key(), scope.without(col).key());
        if let Ok(m) = self.data.team.lock()
            && let Some(v) = m.get(&key)
        {
            return Ok(v.clone());
        }
        let g = self.groups(name, period, scope, col)?;
        let members = self.regulars(name, period, scope, col)?;
        let out = Arc::new(g.iter().filter(|(k, _)| members.contains(k)).filter_map(|(_, v)| *v).collect::<Vec<f64>>());
        if let Ok(mut m) = self.data.team.lock() {
            m.insert(key, out.clone());
        }
        Ok(out)
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

/// Whether a period is made of whole months (a month, quarter or year).
fn covers_whole_months(p: &Period) -> bool {
    p.start.d == 1 && p.end.add_days(1).d == 1
}

/// A sum or average over a table of months for a period shorter than its
/// months (a week): each month counts by the share of its days inside the
/// period, so a week gets 7/30 of a monthly target and a rate target applies
/// as it is.
fn part_of_months(
    agg: Agg,
    t: &Table,
    rows: &[&crate::data::Row],
    ci: usize,
    wi: Option<usize>,
    period: &Period,
) -> Result<Option<f64>> {
    let (mut sum, mut wsum, mut n) = (0.0, 0.0, 0usize);
    for r in rows {
        let (Some(d), Some(v)) = (r.date, t.num(r, ci)?) else { continue };
        let m = Period::month(d.y, d.m);
        let first = m.start.max(period.start);
        let last = m.end.min(period.end);
        let share = (last.days() - first.days() + 1) as f64 / (m.end.days() - m.start.days() + 1) as f64;
        let Some(w) = weight(t, r, wi)? else { continue };
        n += 1;
        match agg {
            Agg::Sum => sum += v * share,
            _ => {
                sum += v * w * share;
                wsum += w * share;
            }
        }
    }
    Ok(match (agg, n) {
        (_, 0) => None,
        (Agg::Sum, _) => Some(sum),
        _ if wsum != 0.0 => Some(sum / wsum),
        _ => None,
    })
}

/// A row's weight: 1 without a weight column; `None` when its weight cell is empty.
fn weight(t: &Table, r: &crate::data::Row, wi: Option<usize>) -> Result<Option<f64>> {
    match wi {
        Some(w) => t.num(r, w),
        None => Ok(Some(1.0)),
    }
}

fn describe(e: &Expr) -> String {
    match e {
        Expr::Call(f, _) => format!("{f}(…)"),
        Expr::Field(_, f) => format!(".{f}"),
        _ => "this".into(),
    }
}

fn aggregate(agg: Agg, t: &Table, rows: &[&crate::data::Row], ci: usize, wi: Option<usize>) -> Result<Option<f64>> {
    match agg {
        Agg::Count => Ok(Some(rows.iter().filter(|r| !r.cells[ci].is_empty()).count() as f64)),
        Agg::Distinct => {
            let set: BTreeSet<String> = rows.iter().map(|r| r.cells[ci].text()).filter(|s| !s.is_empty()).collect();
            Ok(Some(set.len() as f64))
        }
        Agg::First | Agg::Last => {
            let mut with: Vec<(&crate::data::Row, f64)> = Vec::new();
            for r in rows {
                if let Some(v) = t.num(r, ci)? {
                    with.push((r, v));
                }
            }
            with.sort_by_key(|(r, _)| (r.date, r.r));
            Ok(if agg == Agg::First { with.first() } else { with.last() }.map(|(_, v)| *v))
        }
        _ => {
            let mut n = 0usize;
            let (mut plain, mut sum, mut wsum, mut min, mut max) = (0.0, 0.0, 0.0, f64::INFINITY, f64::NEG_INFINITY);
            for r in rows {
                let Some(v) = t.num(r, ci)? else { continue };
                let Some(w) = weight(t, r, wi)? else { continue };
                n += 1;
                plain += v;
                sum += v * w;
                wsum += w;
                min = min.min(v);
                max = max.max(v);
            }
            if n == 0 {
                return Ok(None);
            }
            Ok(match agg {
                Agg::Sum => Some(plain),
                Agg::Avg => (wsum != 0.0).then(|| sum / wsum),
                Agg::Min => Some(min),
                Agg::Max => Some(max),
                _ => None,
            })
        }
    }
}
