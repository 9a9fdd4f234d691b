//! From the spec's `metrics:` to checked definitions (`MetricDef`), every
//! problem reported at once; and which tables are facts and which plans.

use super::{Agg, Calc, MetricDef, Target};
use crate::data::period::Grain;
use crate::data::{ColumnRef, Data, RangeRef};
use crate::error::{Error, Result};
use crate::expr::{Expr, parse_expr};
use crate::format::Better;
use crate::spec::{Locator, MetricSpec, Spec};
use std::collections::{BTreeMap, BTreeSet};

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
    let Some(calc) = calc_of(loc, data, name, m, errors) else { return };
    let Some(filter) = filter_of(loc, name, m, errors) else { return };
    let Some(better) = better_of(loc, name, m, errors) else { return };
    let Some(target) = target_of(loc, data, name, m, errors) else { return };
    let Some(per) = per_of(loc, name, m, &calc, errors) else { return };
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

/// How the metric is computed: one aggregation of a column (which must
/// exist), or an expression.
fn calc_of(loc: &Locator, data: &Data, name: &str, m: &MetricSpec, errors: &mut Vec<Error>) -> Option<Calc> {
    let path = format!("metrics.{name}");
    let fail = |msg: String| Error::usage(format!("metric `{name}`: {msg}")).at(loc.at(&path));
    let aggs = agg_of(m);
    Some(match (aggs.len(), &m.expr) {
        (1, None) => {
            let (agg, r) = aggs[0];
            let Some(cr) = ColumnRef::parse(r).filter(|c| c.columns.len() == 1) else {
                errors.push(
                    fail(format!("`{r}` is not a column reference"))
                        .hint("write `表名[列名]`, e.g. `日数据[店铺销售额]`"),
                );
                return None;
            };
            let weight = match &m.weight {
                Some(w) => match ColumnRef::parse(w).filter(|c| c.columns.len() == 1) {
                    Some(wc) if wc.table == cr.table => Some(wc.columns[0].clone()),
                    _ => {
                        errors.push(fail(format!("`weight: {w}` must be a column of `{}`", cr.table)));
                        return None;
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
                return None;
            }
        },
        (0, None) => {
            errors.push(fail(
                "says how to compute it: give one of sum, avg, min, max, count, distinct, first, last, or expr".into(),
            ));
            return None;
        }
        _ => {
            errors.push(fail("give exactly one of sum, avg, min, max, count, distinct, first, last or expr".into()));
            return None;
        }
    })
}

/// The metric's `where:`, parsed.
fn filter_of(loc: &Locator, name: &str, m: &MetricSpec, errors: &mut Vec<Error>) -> Option<Option<Expr>> {
    let path = format!("metrics.{name}");
    Some(match &m.filter {
        Some(w) => match parse_expr(w) {
            Ok(e) => Some(e),
            Err(msg) => {
                errors.push(
                    Error::usage(format!("metric `{name}`: `where` does not parse: {msg}"))
                        .at(loc.at(&format!("{path}.where"))),
                );
                return None;
            }
        },
        None => None,
    })
}

/// Which direction is better: `better:`, or lower for times and higher otherwise.
fn better_of(loc: &Locator, name: &str, m: &MetricSpec, errors: &mut Vec<Error>) -> Option<Better> {
    let path = format!("metrics.{name}");
    Some(match m.better.as_deref() {
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
                return None;
            }
        },
    })
}

/// The target: a number, a cell of the workbook, or an expression.
fn target_of(
    loc: &Locator,
    data: &Data,
    name: &str,
    m: &MetricSpec,
    errors: &mut Vec<Error>,
) -> Option<Option<Target>> {
    let path = format!("metrics.{name}");
    Some(match &m.target {
        None => None,
        Some(t) => {
            let s = t.as_str().trim();
            if let Some(v) = literal_number(s) {
                Some(Target::Value(v))
            } else if let Some(r) = RangeRef::parse(s) {
                match data.range(&r) {
                    Ok((_, rows)) => match rows.first().and_then(|r| r.first()).map(crate::data::value::cell_number) {
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
                            return None;
                        }
                    },
                    Err(e) => {
                        errors.push(e.context(format!("metric `{name}` target")).at(loc.at(&format!("{path}.target"))));
                        return None;
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
                        return None;
                    }
                }
            }
        }
    })
}

/// `per: month` (an aggregation only).
fn per_of(loc: &Locator, name: &str, m: &MetricSpec, calc: &Calc, errors: &mut Vec<Error>) -> Option<Option<Grain>> {
    let path = format!("metrics.{name}");
    Some(match m.per.as_deref() {
        None => None,
        Some(g) => match Grain::parse(g) {
            Some(g) if matches!(*calc, Calc::Agg { .. }) => Some(g),
            _ => {
                errors.push(
                    Error::usage(format!(
                        "metric `{name}`: `per: {g}` — use day, week, month or quarter, with an aggregation"
                    ))
                    .at(loc.at(&format!("{path}.per"))),
                );
                return None;
            }
        },
    })
}
