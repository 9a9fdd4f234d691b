//! `deckgen check`: spec and data checked, every problem reported once, in
//! spec order; nothing written.

use crate::error::Error;
use crate::file_name::expand_name;
use crate::pipeline::assemble;
use crate::prepared::Prepared;
use crate::resolve::{self, Options};
use crate::warning::Warning;

/// What `deckgen check` found.
#[derive(Default)]
pub struct CheckReport {
    pub errors: Vec<Error>,
    /// Data the deck would show as "—".
    pub missing: Vec<String>,
    pub warnings: Vec<Warning>,
    pub slides: usize,
    pub period: Option<crate::data::period::Period>,
}

/// Checks a spec and its data without writing anything: every metric for
/// the period (and the periods it is compared with), then every slide.
pub fn check(p: &Prepared, opts: &Options) -> CheckReport {
    use crate::data::period::Grain;
    use crate::metric::{Metrics, Scope};
    let mut r = CheckReport::default();
    let period = match resolve::period_of(&p.spec, &p.loc, &p.data, opts) {
        Ok(x) => x,
        Err(e) => {
            r.errors.push(e);
            return r;
        }
    };
    r.period = Some(period);
    r.warnings.extend(resolve::period_warnings(&p.spec, &p.loc, &p.data, opts));
    let vars = resolve::vars_of(&p.spec, opts);
    let mut scope = Scope::default();
    for (c, v) in &p.spec.scope {
        scope = scope.with(c, &expand_name(v, &vars, &period));
    }
    if let Err(e) = resolve::check_scope(&p.spec, &p.loc, &p.data, opts, &period, &scope) {
        r.errors.push(e);
        return r;
    }
    let metrics = Metrics::new(&p.defs, &p.data, &vars, &p.shared);
    for (name, d) in &p.defs {
        let dated = metrics.dated(name);
        let mut periods = vec![period];
        if dated {
            periods.extend([period.prev(), period.last_year()]);
        }
        let mut whole_missing = false;
        for (k, q) in periods.iter().enumerate() {
            match metrics.value(name, q, &scope) {
                Err(e) => r.errors.push(e.context(format!("metric `{name}`")).at(p.loc.at(&format!("metrics.{name}")))),
                Ok(None) if k == 0 => {
                    whole_missing = true;
                    r.missing.push(format!("{}: no data for {}", d.label, q.label()));
                }
                Ok(_) => {}
            }
        }
        if let Err(e) = metrics.target(name, &period, &scope) {
            r.errors
                .push(e.context(format!("target of metric `{name}`")).at(p.loc.at(&format!("metrics.{name}.target"))));
        }
        // Parts of the period without data (months of a year, days of a month).
        let tables = metrics.tables_of(name);
        let per_month = !tables.is_empty() && tables.iter().all(|t| p.data.is_monthly(t));
        let grain = if matches!(period.grain, Grain::Year | Grain::Quarter) { Grain::Month } else { Grain::Day };
        // A table of months has nothing to say about single days.
        if dated
            && !whole_missing
            && !(per_month && grain == Grain::Day)
            && let Ok(series) = metrics.series(name, &period, grain, &scope)
        {
            let gaps: Vec<String> =
                series.iter().filter(|(_, v)| v.is_none()).map(|(q, _)| q.short_label(period.grain)).collect();
            if !gaps.is_empty() && gaps.len() < series.len() {
                r.missing.push(format!("{}: no data for {}", d.label, gaps.join("、")));
            }
        }
    }
    for (name, _) in p.spec.tables.iter() {
        if let Ok(t) = p.data.table(name)
            && t.rows.is_empty()
        {
            r.warnings.push(
                Warning::new(format!("table `{name}` ({} › {}) has no data rows", t.file, t.sheet))
                    .at(p.loc.key_at(&format!("tables.{name}"))),
            );
        }
    }
    // The slides, with the metrics that are right; what a broken metric
    // breaks on a slide is the metric's problem, already said once.
    let broken: Vec<String> =
        p.spec.metrics.keys().filter(|n| !p.defs.contains_key(*n)).map(|n| format!("`{n}`")).collect();
    match assemble(p, opts) {
        Ok(b) => {
            r.slides = b.slides;
            r.warnings.extend(b.warnings);
            r.warnings.extend(crate::raster::font_warnings(&b.deck));
        }
        Err(e) => {
            let all: Vec<Error> = e.all().into_iter().map(Error::single).collect();
            r.errors.extend(all.into_iter().filter(|x| {
                let m = x.full_message();
                !broken.iter().any(|b| m.contains(b.as_str()))
            }));
        }
    }
    // Every problem once, in the order the spec reads.
    let mut all = p.problems.clone();
    all.append(&mut r.errors);
    r.errors = Error::many(all).map(|e| e.all().into_iter().map(Error::single).collect()).unwrap_or_default();
    r
}
