//! Metrics: defined once in the spec (a column with an aggregation, or an
//! expression over other metrics), evaluated for any period and scope.
//!
//! A scope is a set of `column == value` filters (the deck's agent, a
//! slide's group). Tables without the column are team-wide and ignore it.

use crate::data::period::{Grain, Period};
use crate::data::{ColumnRef, Data, RangeRef, Table};
use crate::error::{Error, Result};
use crate::expr::eval::{arith, compare, is_comparison};
use crate::expr::{BinOp, Expr, Place, parse_expr};
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
    /// `per: month`: the average over the period's months of the aggregate of each.
    pub per: Option<Grain>,
    /// Where the spec lists it (its line), for lists in the spec's order.
    pub order: usize,
}

/// Filters that narrow every metric: `column == value` (one agent), and
/// `column ∈ {values}` (a group of peers), each sorted by column.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Scope {
    pub eq: Vec<(String, String)>,
    pub any_of: Vec<(String, Arc<BTreeSet<String>>)>,
}

impl Scope {
    pub fn with(&self, col: &str, value: &str) -> Scope {
        let mut s = self.without(col);
        s.eq.push((col.to_string(), value.to_string()));
        s.eq.sort();
        s
    }

    /// The scope with `col` in `values` (a team of peers) instead of one value.
    pub fn with_any(&self, col: &str, values: Arc<BTreeSet<String>>) -> Scope {
        let mut s = self.without(col);
        s.any_of.push((col.to_string(), values));
        s.any_of.sort();
        s
    }

    pub fn without(&self, col: &str) -> Scope {
        Scope {
            eq: self.eq.iter().filter(|(c, _)| c != col).cloned().collect(),
            any_of: self.any_of.iter().filter(|(c, _)| c != col).cloned().collect(),
        }
    }

    pub fn get(&self, col: &str) -> Option<&str> {
        self.eq.iter().find(|(c, _)| c == col).map(|(_, v)| v.as_str())
    }

    pub fn key(&self) -> String {
        let mut parts: Vec<String> = self.eq.iter().map(|(c, v)| format!("{c}={v}")).collect();
        for (c, set) in &self.any_of {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            std::hash::Hash::hash(set.as_ref(), &mut h);
            parts.push(format!("{c}∈{}#{:x}", set.len(), std::hash::Hasher::finish(&h)));
        }
        parts.join("&")
    }

    /// Whether a row's cells pass the scope (tables without a column ignore it).
    pub fn admits(&self, t: &Table, row: &crate::data::Row) -> bool {
        self.eq.iter().all(|(c, v)| t.col(c).map_or(true, |i| row.cells[i].text() == *v))
            && self.any_of.iter().all(|(c, set)| t.col(c).map_or(true, |i| set.contains(&row.cells[i].text())))
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
    let (out, errors) = define_all(spec, loc, data);
    match Error::many(errors) {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// The metrics that are right, and a problem for each one that is not
/// (so that `check` can go on and find the problems of the slides too).
pub fn define_all(spec: &Spec, loc: &Locator, data: &Data) -> (BTreeMap<String, MetricDef>, Vec<Error>) {
    let mut out = BTreeMap::new();
    let mut errors = Vec::new();
    let mut broken = BTreeSet::new();
    // A name is a variable or a metric, never both: an expression could not
    // tell which is meant (see `expr::eval` for the order names are read in).
    for name in crate::expr::eval::clashes(spec.vars.keys(), &spec.metrics) {
        errors.push(
            Error::usage(format!("`{name}` is both a variable (`vars: {name}`) and a metric (`metrics: {name}`)"))
                .at(loc.at(&format!("metrics.{name}")))
                .hint("rename one of them: an expression names a variable or a metric, not both"),
        );
    }
    for (name, m) in &spec.metrics {
        let before = errors.len();
        define_one(loc, data, name, m, &mut out, &mut errors);
        if errors.len() > before {
            broken.insert(name.clone());
            out.remove(name);
        }
    }
    // Names used in expressions must be metrics or variables; a metric that
    // uses a broken one is left out without a second message.
    let mut changed = true;
    while changed {
        changed = false;
        let names: Vec<String> = out.keys().cloned().collect();
        for name in names {
            let d = &out[&name];
            let mut used = Vec::new();
            if let Calc::Expr(e) = &d.calc {
                e.names(&mut used);
            }
            if let Some(Target::Expr(e)) = &d.target {
                e.names(&mut used);
            }
            for u in used {
                if out.contains_key(&u) || spec.vars.contains_key(&u) || crate::expr::eval::is_truth_word(&u) {
                    continue;
                }
                if !broken.contains(&u) {
                    errors.push(
                        Error::usage(format!("metric `{name}` uses `{u}`, which is not a metric"))
                            .at(loc.at(&format!("metrics.{name}")))
                            .suggest(&u, spec.metrics.keys().map(String::as_str)),
                    );
                }
                broken.insert(name.clone());
                out.remove(&name);
                changed = true;
                break;
            }
        }
    }
    (out, errors)
}

/// One metric of the spec into `out`, or its problems into `errors`.
fn define_one(
    loc: &Locator,
    data: &Data,
    name: &String,
    m: &MetricSpec,
    out: &mut BTreeMap<String, MetricDef>,
    errors: &mut Vec<Error>,
) {
    {
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
                    return;
                };
                let weight = match &m.weight {
                    Some(w) => match ColumnRef::parse(w).filter(|c| c.columns.len() == 1) {
                        Some(wc) if wc.table == cr.table => Some(wc.columns[0].clone()),
                        _ => {
                            errors.push(fail(format!("`weight: {w}` must be a column of `{}`", cr.table)));
                            return;
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
                    return;
                }
            },
            (0, None) => {
                errors.push(fail(
                    "says how to compute it: give one of sum, avg, min, max, count, distinct, first, last, or expr"
                        .into(),
                ));
                return;
            }
            _ => {
                errors
                    .push(fail("give exactly one of sum, avg, min, max, count, distinct, first, last or expr".into()));
                return;
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
                    return;
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
                    return;
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
                                    return;
                                }
                            }
                        }
                        Err(e) => {
                            errors.push(
                                e.context(format!("metric `{name}` target")).at(loc.at(&format!("{path}.target"))),
                            );
                            return;
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
                            return;
                        }
                    }
                }
            }
        };
        let per = match m.per.as_deref() {
            None => None,
            Some(g) => match Grain::parse(g) {
                Some(g) if matches!(calc, Calc::Agg { .. }) => Some(g),
                _ => {
                    errors.push(
                        Error::usage(format!(
                            "metric `{name}`: `per: {g}` — use day, week, month or quarter, with an aggregation"
                        ))
                        .at(loc.at(&format!("{path}.per"))),
                    );
                    return;
                }
            },
        };
        out.insert(
            name.clone(),
            MetricDef {
                per,
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
}

/// A cache shared by threads: values by a key that names everything they
/// depend on.
pub struct Memo<T>(std::sync::Mutex<HashMap<String, T>>);

impl<T: Clone> Memo<T> {
    pub fn get(&self, key: &str) -> Option<T> {
        self.0.lock().ok().and_then(|m| m.get(key).cloned())
    }
    pub fn insert(&self, key: String, v: T) {
        if let Ok(mut m) = self.0.lock() {
            m.insert(key, v);
        }
    }
    pub fn len(&self) -> usize {
        self.0.lock().map(|m| m.len()).unwrap_or(0)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo(std::sync::Mutex::new(HashMap::new()))
    }
}

/// The group an agent is compared with (see `peers`).
#[derive(Debug, Clone)]
pub struct PeerGroup {
    /// What the members are (`售前客服`), or empty for the whole team.
    pub role: String,
    /// Members with figures in every month of the period.
    pub members: Arc<BTreeSet<String>>,
    /// The months of the period that have figures.
    pub months: usize,
    /// Each value of the column and the number of months it has figures in.
    pub worked: Arc<BTreeMap<String, usize>>,
}

impl PeerGroup {
    /// `售前客服平均` or `团队平均`.
    pub fn average_word(&self) -> String {
        if self.role.is_empty() { "团队平均".into() } else { format!("{}平均", self.role) }
    }

    /// `27名售前客服` or `52人`.
    pub fn count_words(&self, n: usize) -> String {
        if self.role.is_empty() { format!("{n}人") } else { format!("{n}名{}", self.role) }
    }
}

/// Who worked when, and in which role: what every peer group of a period is
/// made from (see `peers`).
#[derive(Debug, Clone, Default)]
pub struct Roster {
    /// The months of the period with figures.
    pub months: usize,
    /// Each value of the column and the number of months it has figures in.
    pub worked: Arc<BTreeMap<String, usize>>,
    /// Each value's role by the spec's `peers:` rule (absent without one).
    pub role: Arc<BTreeMap<String, String>>,
}

/// Figures shared by the decks of a batch (every value of a column, peer
/// groups and their figures), computed once by whichever deck needs them
/// first. Owned by the build, not by the data: keys name the period, scope
/// and variables.
#[derive(Default)]
pub struct Shared {
    pub groups: Memo<crate::data::Groups>,
    pub rosters: Memo<Roster>,
    pub peer_groups: Memo<PeerGroup>,
    pub team: Memo<Option<f64>>,
}

impl Shared {
    /// Sizes of the caches (for `DECKGEN_TIMING`).
    pub fn sizes(&self) -> String {
        format!(
            "shared caches: {} groups, {} rosters, {} peer groups, {} team figures",
            self.groups.len(),
            self.rosters.len(),
            self.peer_groups.len(),
            self.team.len()
        )
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
            // The average of the parts that have data (月均在岗人数).
            let mut vals = Vec::new();
            for q in period.parts(g) {
                if let Some(v) = self.aggregate_in(d, &q, scope)? {
                    vals.push(v);
                }
            }
            return Ok((!vals.is_empty()).then(|| vals.iter().sum::<f64>() / vals.len() as f64));
        }
        match &d.calc {
            Calc::Expr(e) => self.expr(e, period, scope).map_err(|e| e.context(format!("metric `{name}`"))),
            Calc::Agg { .. } => self.aggregate_in(d, period, scope),
        }
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
            Some(Target::Expr(e)) => self.expr(e, period, scope),
        }
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

/// A metric's `expr:` or `target:`: names are metrics and numeric
/// variables (see `expr::eval` for the order), values a figure or nothing.
/// A side without data makes `+ - * /` and comparisons nothing, and counts
/// as false for `and`, `or` and `not`; a comparison that holds is 1.
struct MetricPlace<'m, 'a> {
    m: &'m Metrics<'a>,
    period: &'m Period,
    scope: &'m Scope,
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

/// Whether a period is made of whole months (a month, quarter or year).
fn covers_whole_months(p: &Period) -> bool {
    p.start.d == 1 && p.end.add_days(1).d == 1
}

/// A sum or average over a table of months for a period that is not made
/// of whole months (a week, a year to date): each row counts by the share of
/// the days it covers that are inside the period, so a week gets 7/30 of a
/// monthly target and a rate target applies as it is. A row covers its
/// month, or for figures (`covered_to`) its month up to the data's last day:
/// the row of a month in progress holds that month so far and counts whole
/// for the same days, while last year's full month counts by its share.
fn part_of_months(
    agg: Agg,
    t: &Table,
    rows: &[&crate::data::Row],
    ci: usize,
    wi: Option<usize>,
    period: &Period,
    covered_to: Option<crate::data::date::Date>,
) -> Result<Option<f64>> {
    let (mut sum, mut wsum, mut n) = (0.0, 0.0, 0usize);
    for r in rows {
        let (Some(d), Some(v)) = (r.date, t.num(r, ci)?) else { continue };
        let m = Period::month(d.y, d.m);
        let end = covered_to.map_or(m.end, |c| m.end.min(c).max(m.start));
        let first = m.start.max(period.start);
        let last = end.min(period.end);
        if last < first {
            continue;
        }
        let share = (last.days() - first.days() + 1) as f64 / (end.days() - m.start.days() + 1) as f64;
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
