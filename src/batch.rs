//! Building one deck per value of a column (every agent's 述职 deck).
//!
//! The spec, the workbook and the layouts are read once; the decks are
//! resolved and written in parallel, each straight to its file, so memory
//! stays flat however many decks there are. Team figures (averages, ranks)
//! are computed once and shared through the build's caches. A deck that
//! fails does not stop the others; the summary lists it with its reason.

use crate::data::ColumnRef;
use crate::error::{Error, Result};
use crate::pipeline::{self, Prepared};
use crate::resolve::{self, Options};
use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What to build: the column, the variable each value goes into, names.
pub struct Plan {
    pub table: String,
    pub column: String,
    pub var: String,
    pub values: Vec<String>,
    pub template: Option<String>,
    /// Values left out as no longer on the team at the period's end, each
    /// with why (`2026-03-13离职`).
    pub skipped: Vec<(String, String)>,
}

/// One deck's outcome.
pub struct Outcome {
    pub value: String,
    pub result: std::result::Result<(PathBuf, usize), Error>,
    /// What the deck was built with but should be looked at (text shrunk
    /// to its floor, a chart with nothing to show…).
    pub warnings: Vec<crate::warning::Warning>,
}

/// The batch summary.
pub struct Summary {
    pub outcomes: Vec<Outcome>,
    pub seconds: f64,
    pub folder: PathBuf,
}

impl Summary {
    pub fn failed(&self) -> impl Iterator<Item = (&str, &Error)> {
        self.outcomes.iter().filter_map(|o| o.result.as_ref().err().map(|e| (o.value.as_str(), e)))
    }
    pub fn built(&self) -> usize {
        self.outcomes.iter().filter(|o| o.result.is_ok()).count()
    }
}

/// Works out the decks of a batch: `each` is `表.列`/`表[列]`, or empty for
/// the spec's `batch:`. Only values with rows in the period count (an agent
/// who left last year gets no deck); `only` picks some of them.
pub fn plan(p: &Prepared, opts: &Options, each: &str, only: &[String]) -> Result<Plan> {
    let spec_batch = p.spec.batch.as_ref();
    let (each, at) = if each.trim().is_empty() {
        match spec_batch {
            Some(b) => (b.each.clone(), Some(p.loc.at("batch.each"))),
            None => {
                return Err(Error::usage("`--each` needs a column, or the spec needs `batch: {each: 表.列}`")
                    .hint("for example: --each 客服月度.客服姓名"));
            }
        }
    } else {
        (each.to_string(), None)
    };
    let place = |e: Error| match &at {
        Some(a) => e.at(a.clone()),
        None => e.context("--each"),
    };
    let cr = ColumnRef::parse(&each).filter(|c| c.columns.len() == 1).ok_or_else(|| {
        place(Error::usage(format!("`{each}` is not a column")).hint("write 表.列, e.g. 客服月度.客服姓名"))
    })?;
    let t = p.data.table(&cr.table).map_err(place)?;
    let ci = t.col(&cr.columns[0]).map_err(place)?;
    let period = resolve::period_of(&p.spec, &p.loc, &p.data, opts)?;
    let mut seen = BTreeSet::new();
    let mut values = Vec::new();
    for r in &t.rows {
        if t.date_col.is_some() && !r.date.is_some_and(|d| period.contains(d)) {
            continue;
        }
        let v = r.cells[ci].text().trim().to_string();
        if !v.is_empty() && seen.insert(v.clone()) {
            values.push(v);
        }
    }
    // A 述职 is for the people on the team: who left before the period's end
    // gets no deck, unless named with --only.
    let gone = Departures::read(p, &period, t, ci);
    let mut skipped = Vec::new();
    values.retain(|v| match gone.why(v) {
        Some(why) if !only.iter().any(|o| o.trim() == v) => {
            skipped.push((v.clone(), why));
            false
        }
        _ => true,
    });
    if !only.is_empty() {
        let all: Vec<&str> = values.iter().map(String::as_str).collect();
        // Every name that is not there, at once: one run to fix them all.
        let missing = only.iter().filter(|o| !seen.contains(o.trim())).map(|o| {
            Error::usage(format!(
                "`--only {o}`: no rows for `{o}` in {} › {} in {}",
                cr.table,
                cr.columns[0],
                period.label()
            ))
            .suggest(o, all.iter().copied())
        });
        if let Some(e) = Error::many(missing.collect()) {
            return Err(e);
        }
        let want: BTreeSet<&str> = only.iter().map(|s| s.trim()).collect();
        values.retain(|v| want.contains(v.as_str()));
    }
    if values.is_empty() && skipped.is_empty() {
        return Err(Error::build(format!("`{each}` has no values with rows in {}", period.label()))
            .hint("pick another period with --period"));
    }
    let var = spec_batch.and_then(|b| b.var.clone()).unwrap_or_else(|| "item".into());
    let template = spec_batch.and_then(|b| b.output.clone()).or_else(|| p.spec.deck.output.clone());
    if values.is_empty() {
        return Err(Error::build(format!("every value of `{each}` left before {} ended", period.label()))
            .hint("name one with --only, or pick another period with --period"));
    }
    Ok(Plan { table: cr.table, column: cr.columns[0].clone(), var, values, template, skipped })
}

/// Who is no longer on the team at the period's end: no figures in the
/// period's last month, or a 离职日期 on or before its end in the roster
/// sheet the spec's `peers:` looks roles up in (`客服名单.岗位`).
struct Departures {
    last_month: crate::data::period::Period,
    in_last: BTreeSet<String>,
    left: std::collections::BTreeMap<String, crate::data::date::Date>,
    dated: bool,
}

/// The roster sheet's column for the day an agent left.
const LEFT: &str = "离职日期";

impl Departures {
    fn read(p: &Prepared, period: &crate::data::period::Period, t: &crate::data::Table, ci: usize) -> Departures {
        // The period's last month with data (a year whose data ends in June: June).
        let end = p.data.span.map_or(period.end, |s| period.end.min(s.last));
        let last_month =
            crate::data::period::Period::month(end.y, end.m).clip(period.start, period.end).unwrap_or(*period);
        let in_last = t
            .rows
            .iter()
            .filter(|r| p.data.row_in(t, r, &last_month))
            .map(|r| r.cells[ci].text().trim().to_string())
            .collect();
        let mut left = std::collections::BTreeMap::new();
        let by = t.columns.get(ci).map(|c| c.name.as_str()).unwrap_or_default();
        if let Some(crate::peers::Rule::Lookup { table, .. }) =
            p.spec.peers.as_deref().and_then(crate::peers::Rule::parse)
            && let Ok(r) = p.data.table(&table)
            && let (Ok(wi), Ok(li)) = (r.col(by), r.col(LEFT))
        {
            for row in &r.rows {
                if let Some(d) = crate::data::value::cell_date(&row.cells[li], None)
                    && d <= period.end
                {
                    left.insert(row.cells[wi].text().trim().to_string(), d);
                }
            }
        }
        Departures { last_month, in_last, left, dated: t.date_col.is_some() }
    }

    /// Why `v` is no longer on the team, or None.
    fn why(&self, v: &str) -> Option<String> {
        if let Some(d) = self.left.get(v) {
            return Some(format!("left on {d}"));
        }
        (self.dated && !self.in_last.contains(v)).then(|| format!("no figures in {}", self.last_month.label()))
    }
}

/// The warning for a deck built for one value (`--set agent=…`) who left
/// before the period's end: the deck is built, over the months with figures.
pub fn departure_warnings(p: &Prepared, opts: &Options) -> Vec<crate::warning::Warning> {
    let Some(b) = p.spec.batch.as_ref() else { return Vec::new() };
    let var = b.var.clone().unwrap_or_else(|| "item".into());
    let Some(value) = opts.vars.iter().rev().find(|(k, _)| *k == var).map(|(_, v)| v.trim().to_string()) else {
        return Vec::new();
    };
    let Some(cr) = ColumnRef::parse(&b.each).filter(|c| c.columns.len() == 1) else { return Vec::new() };
    let (Ok(t), Ok(period)) = (p.data.table(&cr.table), resolve::period_of(&p.spec, &p.loc, &p.data, opts)) else {
        return Vec::new();
    };
    let Ok(ci) = t.col(&cr.columns[0]) else { return Vec::new() };
    match Departures::read(p, &period, t, ci).why(&value) {
        Some(why) => vec![crate::warning::Warning::new(format!(
            "{value} is no longer on the team ({why}): the deck compares the months {value} worked; `--each` leaves \
             such decks out"
        ))],
        None => Vec::new(),
    }
}

/// Options of one deck: the batch's, with the variable set to `value`.
fn deck_options(opts: &Options, var: &str, value: &str) -> Options {
    let mut o = opts.clone();
    o.vars.retain(|(k, _)| k != var);
    o.vars.push((var.to_string(), value.to_string()));
    o
}

/// Builds and writes one deck; never panics past this point.
fn one(p: &Prepared, opts: &Options, plan: &Plan, out: Option<&Path>, value: &str) -> Outcome {
    let o = deck_options(opts, &plan.var, value);
    let mut warnings = Vec::new();
    let run = || -> Result<(PathBuf, usize)> {
        let path = pipeline::output_path(p, &o, out, plan.template.as_deref())?;
        let built = pipeline::build(p, &o)?;
        crate::output::check(&path, &pipeline::inputs_of(p, &built.deck))?;
        pipeline::write_file(&path, &built.bytes, false)?;
        warnings = built.warnings;
        Ok((path, built.slides))
    };
    let result = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(r) => r,
        Err(_) => Err(Error::build("internal error while building this deck (please report it)")),
    };
    Outcome { value: value.to_string(), result, warnings }
}

/// The output folder: `-o DIR`, else the spec's folder.
fn folder(p: &Prepared, out: Option<&Path>) -> Result<PathBuf> {
    match out {
        Some(o) if crate::output::is_stdout(Some(o)) => {
            Err(Error::usage("`-o -` writes one deck to standard output; a batch writes many")
                .hint("give a folder, e.g. -o out/"))
        }
        Some(o) if o.exists() && !o.is_dir() => {
            Err(Error::usage(format!("`-o {}` is a file; a batch writes into a folder", o.display()))
                .hint("give a folder, e.g. -o out/"))
        }
        Some(o) => Ok(o.to_path_buf()),
        None => Ok(p.base.clone()),
    }
}

/// Builds every deck of the plan on `jobs` threads. `progress` is called
/// after each deck (from any thread).
pub fn build_all(
    p: &Prepared,
    opts: &Options,
    plan: &Plan,
    out: Option<&Path>,
    jobs: Option<usize>,
    progress: &(dyn Fn(&Outcome) + Sync),
) -> Result<Summary> {
    use rayon::prelude::*;
    let start = Instant::now();
    let dir = folder(p, out)?;
    // `-o out` (no slash) still means a folder for a batch.
    let out_dir = {
        let mut s = dir.clone().into_os_string();
        if !s.to_string_lossy().ends_with(['/', '\\']) {
            s.push("/");
        }
        PathBuf::from(s)
    };
    // Two values must not write the same file (letter case aside: on
    // Windows and macOS `Amy` and `amy` are one file).
    let mut names = std::collections::BTreeMap::new();
    let per_value = plan.template.as_deref().is_some_and(|t| names_var(t, &plan.var));
    for v in &plan.values {
        let o = deck_options(opts, &plan.var, v);
        let path = pipeline::output_path(p, &o, Some(&out_dir), plan.template.as_deref())?;
        let key = path.to_string_lossy().to_lowercase();
        if let Some(prev) = names.insert(key, v.clone()) {
            let e = Error::usage(format!("`{prev}` and `{v}` would both be written to {}", path.display()));
            return Err(if per_value {
                e.hint(
                    "the two names differ only in letter case, in characters a file name cannot hold \
                     (\\ / : * ? \" < > |), or past the length a file name may have: make them differ in the workbook",
                )
            } else {
                e.hint(format!("put {{{{{}}}}} in the file name template", plan.var))
            });
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs_for(jobs, plan.values.len()))
        .build()
        .map_err(|e| Error::build(format!("cannot start the worker threads ({e})")))?;
    let outcomes: Vec<Outcome> = pool.install(|| {
        plan.values
            .par_iter()
            .map(|v| {
                let o = one(p, opts, plan, Some(&out_dir), v);
                progress(&o);
                o
            })
            .collect()
    });
    Ok(Summary { outcomes, seconds: start.elapsed().as_secs_f64(), folder: dir })
}

/// Whether a file name template uses `{{var}}`.
fn names_var(template: &str, var: &str) -> bool {
    template.split("{{").skip(1).any(|t| t.split("}}").next().is_some_and(|k| k.trim() == var))
}

/// Worker threads: `-j N` capped at four per core and at one per deck
/// (`-j 10000` once started 10,004 threads for 62 decks); 0 or none: one
/// per core.
pub fn jobs_for(jobs: Option<usize>, decks: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    match jobs {
        None | Some(0) => cores.min(decks.max(1)),
        Some(j) => j.min(4 * cores).min(decks.max(1)),
    }
}

/// Most warning lines a batch prints; the rest are counted.
const MAX_WARNINGS: usize = 20;

/// Prints the decks' warnings, each with its deck, at most [`MAX_WARNINGS`].
fn warn_decks(summary: &Summary) {
    let all: Vec<(&str, &crate::warning::Warning)> =
        summary.outcomes.iter().flat_map(|o| o.warnings.iter().map(move |w| (o.value.as_str(), w))).collect();
    for (v, w) in all.iter().take(MAX_WARNINGS) {
        eprintln!("{}: {v}: {w}", w.severity.label());
    }
    if all.len() > MAX_WARNINGS {
        let decks: BTreeSet<&str> = all[MAX_WARNINGS..].iter().map(|(v, _)| *v).collect();
        eprintln!(
            "warning: {} more in {} decks (build one with --only NAME to see its warnings)",
            all.len() - MAX_WARNINGS,
            decks.len()
        );
    }
}

/// `deckgen build SPEC --each …`: plans, builds, reports. Fails (exit 1)
/// when any deck failed, after building all the others.
#[allow(clippy::too_many_arguments)]
pub fn run(
    spec: &Path,
    out: Option<&Path>,
    opts: &Options,
    layouts: Option<&Path>,
    each: &str,
    only: &[String],
    jobs: Option<usize>,
    quiet: bool,
) -> Result<()> {
    let p = pipeline::prepare(spec, opts, layouts)?;
    if let Some(e) = Error::many(p.problems.clone()) {
        return Err(e);
    }
    let plan = plan(&p, opts, each, only)?;
    for w in crate::resolve::period_warnings(&p.spec, &p.loc, &p.data, opts) {
        eprintln!("{}: {w}", w.severity.label());
    }
    if !plan.skipped.is_empty() {
        let who: Vec<String> = plan.skipped.iter().map(|(v, why)| format!("{v} ({why})")).collect();
        eprintln!(
            "skipped {} no longer on the team at the end of the period (build one with --only NAME): {}",
            who.len(),
            who.join(", ")
        );
    }
    let total = plan.values.len();
    let tty = std::io::stderr().is_terminal();
    let bar = (!quiet && tty).then(|| {
        let b = indicatif::ProgressBar::new(total as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg} [{elapsed}]") {
            b.set_style(style);
        }
        b
    });
    let done = std::sync::atomic::AtomicUsize::new(0);
    let progress = |o: &Outcome| {
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        match (&bar, &o.result) {
            (Some(b), _) => {
                b.set_message(o.value.clone());
                b.inc(1);
            }
            (None, Ok((path, slides))) if !quiet => {
                println!("[{n}/{total}] {} → {} ({})", o.value, path.display(), pipeline::slide_count(*slides))
            }
            (None, Err(_)) if !quiet => println!("[{n}/{total}] {} failed", o.value),
            _ => {}
        }
    };
    let summary = build_all(&p, opts, &plan, out, jobs, &progress)?;
    if crate::timing::enabled() {
        eprintln!("{}", p.shared.sizes());
    }
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    warn_decks(&summary);
    let failed: Vec<(&str, &Error)> = summary.failed().collect();
    if !quiet {
        println!(
            "built {} of {total} decks ({} › {}) in {:.2} s → {}",
            summary.built(),
            plan.table,
            plan.column,
            summary.seconds,
            summary.folder.display()
        );
    }
    if failed.is_empty() {
        return Ok(());
    }
    for (v, e) in &failed {
        eprintln!("failed: {v}: {e}");
    }
    Err(Error::build(format!(
        "{} of {total} decks failed: {}",
        failed.len(),
        failed.iter().map(|(v, _)| *v).collect::<Vec<_>>().join("、")
    )))
}
