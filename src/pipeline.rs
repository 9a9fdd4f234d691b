//! The whole pipeline, as the command line runs it: read the spec, the data
//! and the layouts once ([`prepare`]); resolve a deck and package it
//! ([`build`]). Orchestration only: the types passed along are in
//! [`crate::prepared`], where a deck is written in [`crate::output`], its
//! file name in [`crate::file_name`], and `deckgen check` in [`crate::check`].

use crate::data::{Data, LoadOptions};
use crate::error::{Error, Result};
use crate::layout::LayoutSet;
use crate::metric;
use crate::pptx;
use crate::resolve::{self, Options};
use crate::spec::{self, Locator, Spec};
use std::path::Path;

pub use crate::file_name::{file_name, output_path, safe_file_name};
pub use crate::output::{write_atomic, write_file};
pub use crate::prepared::{Built, Prepared};

/// Reads the spec, its data and its layouts.
pub fn prepare(spec_path: &Path, opts: &Options, layouts_dir: Option<&Path>) -> Result<Prepared> {
    let (mut spec, loc) = spec::load(spec_path)?;
    check_set(&spec, &loc, opts)?;
    let base = spec_path.parent().map(Path::to_path_buf).unwrap_or_default();
    let layouts_dir = layouts_dir.map(Path::to_path_buf).or_else(|| spec.deck.layouts.as_ref().map(|d| base.join(d)));
    let vars = resolve::vars_of(&spec, opts);
    // Month-only dates (`11月`) take the year of an absolute period.
    let default_year = resolve::period_text(&spec, opts).and_then(|p| p.get(..4)).and_then(|y| y.parse::<i32>().ok());
    let t = std::time::Instant::now();
    // The layouts are parsed while the workbooks are read: neither needs the other.
    let (layouts, data) = rayon::join(
        || LayoutSet::with_dir(layouts_dir.as_deref()),
        || Data::load(&spec, &loc, &LoadOptions { base: &base, default_year, vars: &vars }),
    );
    let (mut layouts, mut data) = (layouts?, data?);
    crate::timing::lap(1, "data and layouts", t);
    let design = match &spec.deck.template {
        Some(t) => {
            let design = crate::template::import(&base.join(t), t).map_err(|e| e.at(loc.at("deck.template")))?;
            Some(crate::template::place::apply(&mut layouts, design, &mut spec, &loc)?)
        }
        None => None,
    };

    let fill = match &spec.deck.fill {
        Some(f) => {
            Some(std::sync::Arc::new(crate::fill::load(&base.join(f), f).map_err(|e| e.at(loc.at("deck.fill")))?))
        }
        None => None,
    };
    let (defs, problems) = metric::define_all(&spec, &loc, &data);
    let (facts, plans) = metric::table_roles(&defs);
    data.narrow_span(&facts, &plans);

    let mut inputs: Vec<crate::output::Input> = vec![(spec_path.to_path_buf(), "the deck spec")];
    inputs.extend(spec.sources.values().map(|s| (base.join(&s.0.path), "a data source")));
    if let Some(t) = &spec.deck.template {
        inputs.push((base.join(t), "the deck's template"));
    }
    if let Some(f) = &spec.deck.fill {
        inputs.push((base.join(f), "the deck to fill"));
    }
    if let Some(dir) = &layouts_dir {
        for sub in ["", "master", "themes"] {
            let files = std::fs::read_dir(dir.join(sub)).into_iter().flatten().filter_map(|e| e.ok());
            inputs.extend(files.map(|e| (e.path(), "a layout")));
        }
    }
    Ok(Prepared {
        spec,
        loc,
        data,
        defs,
        problems,
        shared: metric::Shared::default(),
        layouts,
        design,
        base,
        fill,
        spec_path: spec_path.to_path_buf(),
        inputs,
    })
}

/// `--set NAME=…` must name a variable the spec uses: a typo would
/// otherwise change nothing and go unnoticed.
fn check_set(spec: &Spec, loc: &Locator, opts: &Options) -> Result<()> {
    let mut errors = Vec::new();
    for (k, v) in &opts.vars {
        // A variable may not take a metric's name (see `expr::eval`).
        if spec.metrics.contains_key(k) {
            errors.push(
                Error::usage(format!("`--set {k}={v}`: `{k}` is a metric (`metrics: {k}`), not a variable"))
                    .at(loc.file.clone())
                    .hint("a name is a variable or a metric, not both; --set changes only variables"),
            );
            continue;
        }
        if spec.vars.contains_key(k) || loc.mentions(k) {
            continue;
        }
        let known: Vec<&str> = spec.vars.keys().map(String::as_str).collect();
        let mut e = Error::usage(format!("`--set {k}={v}`: the spec uses no variable `{k}`"))
            .at(loc.file.clone())
            .suggest(k, known.iter().copied());
        e = e.hint(if known.is_empty() {
            "this spec has no `vars:`; --set changes only names the spec uses in {{ }}".to_string()
        } else {
            format!("the spec's variables: {}", known.join(", "))
        });
        errors.push(e);
    }
    Error::many(errors).map_or(Ok(()), Err)
}

/// Every file a built deck was made from: the prepared inputs and the
/// pictures on its slides.
pub fn inputs_of(p: &Prepared, deck: &crate::model::Deck) -> Vec<crate::output::Input> {
    let mut all = p.inputs.clone();
    for slide in &deck.slides {
        for c in slide.shapes.values() {
            if let crate::model::Content::Picture(pic) = c {
                all.push((pic.path.clone(), "a picture"));
            }
        }
    }
    all
}

/// Resolves and packages one deck.
pub fn build(p: &Prepared, opts: &Options) -> Result<Built> {
    if let Some(e) = Error::many(p.problems.clone()) {
        return Err(e);
    }
    if p.fill.is_some() {
        return crate::fill::build(p, opts);
    }
    assemble(p, opts)
}

/// Resolves and packages one deck from the metrics that are defined.
pub(crate) fn assemble(p: &Prepared, opts: &Options) -> Result<Built> {
    let t = std::time::Instant::now();
    let deck = resolve::resolve(p, opts)?;
    crate::timing::lap(1, "resolved", t);
    let built = pptx::assemble(&deck, &p.layouts, p.design.as_deref())?;
    crate::timing::lap(1, "slides and parts", t);
    let mut cur = std::io::Cursor::new(Vec::with_capacity(256 * 1024));
    // Every chart checked against its workbook while the deck is zipped.
    let (checked, zipped) = rayon::join(
        || {
            let t0 = std::time::Instant::now();
            let r = pptx::verify::charts(&built.package);
            crate::timing::lap(1, "charts checked against their workbooks (this step)", t0);
            r
        },
        || built.package.write_zip(&mut cur, false).map_err(|e| Error::build(format!("cannot write the deck ({e})"))),
    );
    checked?;
    zipped?;
    crate::timing::lap(1, "zipped", t);

    let slides = built.titles.len();
    let mut warnings = p.data.reading_warnings();
    warnings.extend(deck.warnings.iter().cloned());
    warnings.extend(built.warnings);
    Ok(Built { bytes: cur.into_inner(), slides, titles: built.titles, warnings, deck })
}

/// `1 slide`, `15 slides`: for messages.
pub fn slide_count(n: usize) -> String {
    if n == 1 { "1 slide".into() } else { format!("{n} slides") }
}
