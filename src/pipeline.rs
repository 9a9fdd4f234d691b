//! The whole pipeline, as the command line runs it: read the spec, the data
//! and the layouts once; resolve a deck; package it; write it atomically.

use crate::data::{Data, LoadOptions};
use crate::error::{Error, Result};
use crate::layout::LayoutSet;
use crate::metric::{self, MetricDef};
use crate::pptx;
use crate::resolve::{self, Options};
use crate::spec::{self, Locator, Spec};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A spec with its data, metrics and layouts, read once and shared by every
/// deck built from it (a batch builds many).
pub struct Prepared {
    pub spec: Spec,
    pub loc: Locator,
    pub data: Data,
    pub defs: BTreeMap<String, MetricDef>,
    /// The metrics that could not be defined, with what is wrong (`build`
    /// refuses; `check` reports them with the problems of the slides).
    pub problems: Vec<Error>,
    /// Team figures shared by every deck built from this spec.
    pub shared: metric::Shared,
    pub layouts: LayoutSet,
    /// The folder of the spec file (paths in the spec are relative to it).
    pub base: PathBuf,
    /// The deck the user made, to fill (`deck.fill`), read once.
    pub fill: Option<std::sync::Arc<crate::opc::read::Archive>>,
    pub spec_path: PathBuf,
    /// The files read: spec, sources, layouts (a deck is never written over them).
    pub inputs: Vec<crate::output::Input>,
}

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
    if let Some(t) = &spec.deck.template {
        let design = crate::template::import(&base.join(t), t).map_err(|e| e.at(loc.at("deck.template")))?;
        crate::template::place::apply(&mut layouts, design, &mut spec, &loc)?;
    }

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

/// A built deck in memory.
pub struct Built {
    pub bytes: Vec<u8>,
    pub slides: usize,
    pub titles: Vec<String>,
    pub warnings: Vec<String>,
    /// The resolved deck, for callers that look at it (tests, `check`).
    pub deck: crate::model::Deck,
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
fn assemble(p: &Prepared, opts: &Options) -> Result<Built> {
    let t = std::time::Instant::now();
    let deck = resolve::resolve(p, opts)?;
    crate::timing::lap(1, "resolved", t);
    let built = pptx::assemble(&deck, &p.layouts)?;
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

/// Writes `bytes` to `path` through a temporary file and a rename, so a
/// failed or killed build never leaves a partial file and never touches an
/// existing one (see [`crate::output::write`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::output::write(path, bytes, true)
}

/// Like [`write_atomic`]; `durable` also flushes the file to the disk before
/// it takes the final name. A batch skips that for each of its hundreds of
/// decks (it took a fifth of a 1,000-deck batch): a crash can only lose
/// decks that one command rebuilds, and never leaves a partial file under
/// a deck's name.
pub fn write_file(path: &Path, bytes: &[u8], durable: bool) -> Result<()> {
    crate::output::write(path, bytes, durable)
}

/// `1 slide`, `15 slides`: for messages.
pub fn slide_count(n: usize) -> String {
    if n == 1 { "1 slide".into() } else { format!("{n} slides") }
}

/// Longest file name written, in bytes (file systems allow 255).
const MAX_NAME_BYTES: usize = 200;

/// Makes a file name safe on Windows and macOS: no `\ / : * ? " < > |`,
/// no control characters, no leading dot (a hidden file), no trailing dots
/// or spaces, no reserved names, at most 200 bytes — cut before its
/// extension, which stays.
pub fn safe_file_name(name: &str) -> String {
    let mut s: String =
        name.chars()
            .map(|c| {
                if matches!(c, '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
    while s.ends_with(['.', ' ']) {
        s.pop();
    }
    let s2 = s.trim_start().to_string();
    s = if s2.is_empty() { "deck".into() } else { s2 };
    // `.` and `..` as names, or `.张三`: not hidden files, and not the folder.
    let dots = s.len() - s.trim_start_matches('.').len();
    if dots > 0 {
        s = format!("{}{}", "_".repeat(dots), &s[dots..]);
    }
    let stem = s.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = [
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1",
        "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];
    if reserved.contains(&stem.as_str()) {
        s = format!("_{s}");
    }
    // Keep names within common file system limits, the extension kept.
    if s.len() > MAX_NAME_BYTES {
        let ext = s.rfind('.').filter(|&i| s.len() - i <= 8).map(|i| s[i..].to_string()).unwrap_or_default();
        let mut stem = s[..s.len() - ext.len()].to_string();
        while stem.len() + ext.len() + '…'.len_utf8() > MAX_NAME_BYTES {
            stem.pop();
        }
        s = format!("{stem}…{ext}");
    }
    s
}

/// Where a deck goes: `-o`, else the spec's `output:` (templated), else next to the spec.
pub fn output_path(
    p: &Prepared,
    opts: &Options,
    cli_out: Option<&Path>,
    name_template: Option<&str>,
) -> Result<PathBuf> {
    let from_batch = name_template.is_some();
    let template = name_template.map(str::to_string).or_else(|| p.spec.deck.output.clone());
    let named = |dir: &Path| -> Result<Option<PathBuf>> {
        let Some(t) = &template else { return Ok(None) };
        let vars = resolve::vars_of(&p.spec, opts);
        let period = resolve::period_of(&p.spec, &p.loc, &p.data, opts)?;
        let key = if from_batch && p.spec.batch.as_ref().is_some_and(|b| b.output.is_some()) {
            "batch.output"
        } else {
            "deck.output"
        };
        let text = file_name(t, &vars, &period).map_err(|e| e.at(p.loc.at(key)))?;
        let mut name = safe_file_name(&text);
        if !name.to_lowercase().ends_with(".pptx") {
            name.push_str(".pptx");
            name = safe_file_name(&name);
        }
        Ok(Some(dir.join(name)))
    };
    match cli_out {
        Some(o) if o.is_dir() || o.to_string_lossy().ends_with(['/', '\\']) => Ok(match named(o)? {
            Some(p) => p,
            None => o.join(format!("{}.pptx", p.spec_path.file_stem().and_then(|s| s.to_str()).unwrap_or("deck"))),
        }),
        Some(o) => Ok(o.to_path_buf()),
        None => Ok(match named(&p.base)? {
            Some(x) => x,
            None => p.spec_path.with_extension("pptx"),
        }),
    }
}

/// The names a file name template may use besides the variables.
const NAME_FIELDS: [&str; 5] = ["period", "period.label", "year", "month", "week"];

/// The value of one `{{name}}` of a file name template.
fn name_field(key: &str, vars: &BTreeMap<String, String>, period: &crate::data::period::Period) -> Option<String> {
    Some(match key {
        "period" => period.key(),
        "period.label" => period.label(),
        "year" => period.start.y.to_string(),
        "month" => format!("{:02}", period.start.m),
        "week" => format!("W{:02}", period.start.iso_week().1),
        k => vars.get(k)?.clone(),
    })
}

/// Splits a template into literal text (false) and `{{name}}` values (true).
fn name_parts(
    t: &str,
    vars: &BTreeMap<String, String>,
    period: &crate::data::period::Period,
) -> (Vec<(bool, String)>, Vec<String>) {
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    let mut rest = t;
    while let Some(i) = rest.find("{{") {
        out.push((false, rest[..i].to_string()));
        let after = &rest[i + 2..];
        let Some(j) = after.find("}}") else {
            out.push((false, rest[i..].to_string()));
            return (out, unknown);
        };
        let key = after[..j].trim();
        match name_field(key, vars, period) {
            Some(v) => out.push((true, v)),
            None => {
                unknown.push(key.to_string());
                out.push((true, String::new()));
            }
        }
        rest = &after[j + 2..];
    }
    out.push((false, rest.to_string()));
    (out, unknown)
}

/// Fills `{{name}}`, `{{period}}`, `{{year}}`, `{{month}}`, `{{week}}` in a
/// text; an unknown name gives nothing (for `scope:` values).
pub fn expand_name(t: &str, vars: &BTreeMap<String, String>, period: &crate::data::period::Period) -> String {
    name_parts(t, vars, period).0.into_iter().map(|(_, s)| s).collect()
}

/// A file name from its template: unknown names are errors (as in slide
/// text), and when the name is too long the values are shortened, not the
/// template's own text (`…-2026年终述职` keeps its suffix).
pub fn file_name(t: &str, vars: &BTreeMap<String, String>, period: &crate::data::period::Period) -> Result<String> {
    let (mut parts, unknown) = name_parts(t, vars, period);
    if let Some(u) = unknown.first() {
        let known: Vec<&str> = NAME_FIELDS.iter().copied().chain(vars.keys().map(String::as_str)).collect();
        return Err(Error::usage(format!("unknown name `{u}` in the file name `{}`", crate::error::cut(t, 80)))
            .suggest(u, known.iter().copied())
            .hint(format!(
                "file names can use {}",
                known.iter().map(|k| format!("{{{{{k}}}}}")).collect::<Vec<_>>().join(", ")
            )));
    }
    // Room for `.pptx` and the `…` of a shortened value.
    let budget = MAX_NAME_BYTES - 8;
    loop {
        let total: usize = parts.iter().map(|(_, s)| s.len()).sum();
        if total <= budget {
            break;
        }
        // Shorten the longest value by what is over, down to a few characters.
        let Some((_, longest)) =
            parts.iter_mut().filter(|(v, s)| *v && s.chars().count() > 4).max_by_key(|(_, s)| s.len())
        else {
            break;
        };
        let mut cut = longest.trim_end_matches('…').to_string();
        let keep = cut.len().saturating_sub(total - budget).max(1);
        while cut.len() > keep && cut.chars().count() > 4 {
            cut.pop();
        }
        *longest = format!("{cut}…");
        if parts.iter().map(|(_, s)| s.len()).sum::<usize>() >= total {
            break;
        }
    }
    Ok(parts.into_iter().map(|(_, s)| s).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names() {
        assert_eq!(safe_file_name("张三/李四:2026?.pptx"), "张三_李四_2026_.pptx");
        assert_eq!(safe_file_name("CON.pptx"), "_CON.pptx");
        assert_eq!(safe_file_name("报告. "), "报告");
        assert_eq!(safe_file_name(""), "deck");
    }

    #[test]
    fn names_never_hidden_and_cut_before_the_extension() {
        assert_eq!(safe_file_name(".-2026年终述职.pptx"), "_-2026年终述职.pptx");
        assert_eq!(safe_file_name("..-2026年终述职.pptx"), "__-2026年终述职.pptx");
        assert_eq!(safe_file_name("."), "deck");
        let long = format!("{}.pptx", "张".repeat(300));
        let s = safe_file_name(&long);
        assert!(s.len() <= MAX_NAME_BYTES && s.ends_with("….pptx"), "{s}");
    }

    #[test]
    fn long_values_are_shortened_not_the_template() {
        let mut v = BTreeMap::new();
        v.insert("agent".to_string(), "张".repeat(300));
        let p = crate::data::period::Period::year(2026);
        let name = file_name("{{agent}}-{{year}}年终述职", &v, &p).unwrap();
        assert!(name.ends_with("…-2026年终述职"), "{name}");
        assert!(name.len() <= MAX_NAME_BYTES - 8, "{}", name.len());
        let e = file_name("{{nope}}.pptx", &v, &p).unwrap_err();
        assert!(e.message.contains("unknown name `nope`"), "{e}");
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn names_from_templates() {
        let mut v = BTreeMap::new();
        v.insert("agent".to_string(), "客服07".to_string());
        let p = crate::data::period::Period::week(2026, 47);
        assert_eq!(expand_name("客服部周报-{{period}}.pptx", &v, &p), "客服部周报-2026-W47.pptx");
        assert_eq!(expand_name("{{agent}}-{{year}}年终述职", &v, &p), "客服07-2026年终述职");
    }
}

/// What `deckgen check` found.
#[derive(Default)]
pub struct CheckReport {
    pub errors: Vec<Error>,
    /// Data the deck would show as "—".
    pub missing: Vec<String>,
    pub warnings: Vec<String>,
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
    r.warnings.extend(resolve::period_warning(&p.spec, &p.data, opts));
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
            r.warnings.push(format!("table `{name}` ({} › {}) has no data rows", t.file, t.sheet));
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
