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
use std::io::Write;
use std::path::{Path, PathBuf};

/// A spec with its data, metrics and layouts, read once and shared by every
/// deck built from it (a batch builds many).
pub struct Prepared {
    pub spec: Spec,
    pub loc: Locator,
    pub data: Data,
    pub defs: BTreeMap<String, MetricDef>,
    pub layouts: LayoutSet,
    /// The folder of the spec file (paths in the spec are relative to it).
    pub base: PathBuf,
    pub spec_path: PathBuf,
}

/// Reads the spec, its data and its layouts.
pub fn prepare(spec_path: &Path, opts: &Options, layouts_dir: Option<&Path>) -> Result<Prepared> {
    let (spec, loc) = spec::load(spec_path)?;
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
    let (layouts, mut data) = (layouts?, data?);
    crate::timing::lap(1, "data and layouts", t);

    let defs = metric::define(&spec, &loc, &data)?;
    let (facts, plans) = metric::table_roles(&defs);
    data.narrow_span(&facts, &plans);

    Ok(Prepared { spec, loc, data, defs, layouts, base, spec_path: spec_path.to_path_buf() })
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
    let t = std::time::Instant::now();
    let deck = resolve::resolve(&p.spec, &p.loc, &p.data, &p.defs, &p.layouts, &p.base, opts)?;
    crate::timing::lap(1, "resolved", t);
    let built = pptx::assemble(&deck, &p.layouts)?;
    crate::timing::lap(1, "slides and parts", t);
    let mut cur = std::io::Cursor::new(Vec::with_capacity(256 * 1024));
    built.package.write_zip(&mut cur, false).map_err(|e| Error::build(format!("cannot write the deck ({e})")))?;
    crate::timing::lap(1, "zipped", t);

    let slides = built.titles.len();
    Ok(Built { bytes: cur.into_inner(), slides, titles: built.titles, warnings: built.warnings, deck })
}

/// Writes `bytes` to `path` through a temporary file in the same folder and
/// a rename, so a failed or killed build never leaves a partial file and
/// never touches an existing one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_file(path, bytes, true)
}

/// Like [`write_atomic`]; `durable` also flushes the file to the disk before
/// it takes the final name. A batch skips that for each of its hundreds of
/// decks (it took a fifth of a 1,000-deck batch): a crash can only lose
/// decks that one command rebuilds, and never leaves a partial file under
/// a deck's name.
pub fn write_file(path: &Path, bytes: &[u8], durable: bool) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::build(format!("cannot create the output folder ({e})")).at(dir.display().to_string()))?;
    // Registered so that an interrupted build removes it (see `interrupt`).
    let (mut tmp, _in_flight) = crate::interrupt::create(
        || tempfile::Builder::new().prefix(".deckgen-").suffix(".part").tempfile_in(&dir),
        |t| t.path(),
    )
    .map_err(|e| {
        Error::build(format!("cannot write in the output folder ({e})"))
            .at(dir.display().to_string())
            .hint("check that you may write in this folder, or give another with -o")
    })?;
    tmp.write_all(bytes)
        .and_then(|_| if durable { tmp.as_file().sync_all() } else { Ok(()) })
        .map_err(|e| Error::build(format!("cannot write the deck ({e})")).at(path.display().to_string()))?;
    // A new file gets the usual rw-r--r--; a replaced one keeps its permissions.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perms =
            std::fs::metadata(path).map(|m| m.permissions()).unwrap_or_else(|_| std::fs::Permissions::from_mode(0o644));
        let _ = std::fs::set_permissions(tmp.path(), perms);
    }
    tmp.persist(path).map_err(|e| {
        Error::build(format!("cannot move the finished deck into place ({})", e.error))
            .at(path.display().to_string())
            .hint("if the deck is open in PowerPoint or WPS, close it and build again; the old file is unchanged")
    })?;
    Ok(())
}

/// `1 slide`, `15 slides`: for messages.
pub fn slide_count(n: usize) -> String {
    if n == 1 { "1 slide".into() } else { format!("{n} slides") }
}

/// Makes a file name safe on Windows and macOS: no `\ / : * ? " < > |`,
/// no control characters, no trailing dots or spaces, no reserved names.
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
    let stem = s.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = [
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1",
        "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];
    if reserved.contains(&stem.as_str()) {
        s = format!("_{s}");
    }
    // Keep names within common file system limits (255 bytes).
    while s.len() > 200 {
        s.pop();
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
    let template = name_template.map(str::to_string).or_else(|| p.spec.deck.output.clone());
    let named = |dir: &Path| -> Result<Option<PathBuf>> {
        let Some(t) = &template else { return Ok(None) };
        let vars = resolve::vars_of(&p.spec, opts);
        let period = resolve::period_of(&p.spec, &p.loc, &p.data, opts)?;
        let text = expand_name(t, &vars, &period);
        let mut name = safe_file_name(&text);
        if !name.to_lowercase().ends_with(".pptx") {
            name.push_str(".pptx");
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

/// Fills `{{name}}`, `{{period}}`, `{{year}}`, `{{month}}`, `{{week}}` in a file name.
pub fn expand_name(t: &str, vars: &BTreeMap<String, String>, period: &crate::data::period::Period) -> String {
    let mut out = String::new();
    let mut rest = t;
    while let Some(i) = rest.find("{{") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let Some(j) = after.find("}}") else {
            out.push_str(&rest[i..]);
            return out;
        };
        let key = after[..j].trim();
        let v = match key {
            "period" => period.key(),
            "period.label" => period.label(),
            "year" => period.start.y.to_string(),
            "month" => format!("{:02}", period.start.m),
            "week" => format!("W{:02}", period.start.iso_week().1),
            k => vars.get(k).cloned().unwrap_or_default(),
        };
        out.push_str(&v);
        rest = &after[j + 2..];
    }
    out.push_str(rest);
    out
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
    let metrics = Metrics::new(&p.defs, &p.data, &vars);
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
    if !r.errors.is_empty() {
        // The slides would report the same cells again.
        return r;
    }
    match build(p, opts) {
        Ok(b) => {
            r.slides = b.slides;
            r.warnings.extend(b.warnings);
            r.warnings.extend(crate::raster::font_warnings(&b.deck));
        }
        Err(e) => r.errors.push(e),
    }
    r
}
