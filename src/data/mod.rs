//! The data stage: the spec's sources read once, their tables found, and
//! references (`月度KPI[店铺销售额]`, `月度KPI!B2:B13`) resolved. A `Data`
//! holds what the workbooks say and the period their figures cover (set
//! once by [`Data::narrow_span`] while the build is prepared); after that the
//! only thing written is the row indexes, built from it on first use. So a
//! batch shares one between all decks. The metrics' caches are not here:
//! they are [`crate::metric::Shared`], owned by the build.

pub mod calendar;
pub mod date;
mod filter;
pub mod grid;
pub mod period;
pub mod sniff;
pub mod source;
pub mod table;
pub mod value;
mod xlsx_cells;
mod xlsx_scan;
mod xlsx_sheets;

pub use filter::matches;
pub use table::{EmptyPolicy, Row, Table, TableOptions};
pub use value::Cell;

use crate::error::{Error, Result};
use crate::spec::{Locator, Spec};
use date::Date;
use period::Span;
use source::{Grid, SourceFile};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Row indexes of a table by the values of one column.
pub type Index = Arc<HashMap<String, Vec<usize>>>;

/// A metric's value for every value of a column (rank and team figures).
pub type Groups = Arc<Vec<(String, Option<f64>)>>;

/// All data of a deck (or a batch of decks).
#[derive(Debug, Default)]
pub struct Data {
    /// Declared tables, then one per sheet (by sheet name; CSV sources by source name).
    tables: BTreeMap<String, std::result::Result<Table, Error>>,
    /// Sheets by name, for A1 references.
    sheets: BTreeMap<String, (String, Grid)>,
    /// What the dated tables cover (see [`Data::narrow_span`]).
    pub span: Option<Span>,
    /// What each dated table covers.
    spans: BTreeMap<String, Span>,
    /// The dated tables `span` is made of (the figures, once narrowed).
    span_tables: std::collections::BTreeSet<String>,
    /// The tables read only through targets (plans, budgets).
    plan_tables: std::collections::BTreeSet<String>,
    /// Tables of months (every date the 1st of a month).
    monthly: std::collections::BTreeSet<String>,
    indexes: Mutex<HashMap<(String, usize), Index>>,
}

/// One table of `tables:` in the spec, read from its sheet: `None` when its
/// source failed to load (that error is reported already).
fn declared_table(
    name: &str,
    def: &crate::spec::TableDef,
    files: &BTreeMap<String, SourceFile>,
    spec: &Spec,
    loc: &Locator,
    opts: &LoadOptions,
) -> Result<Option<Table>> {
    let path = format!("tables.{name}");
    let src_key = match &def.source {
        Some(s) => s.clone(),
        None if files.len() == 1 => files.keys().next().cloned().unwrap_or_default(),
        None if spec.sources.len() == 1 => return Ok(None), // the source failed to load; already reported
        None => {
            return Err(Error::usage(format!(
                "table `{name}` needs `source:` (there are {} sources)",
                spec.sources.len()
            ))
            .at(loc.at(&path))
            .hint(format!("sources: {}", spec.sources.keys().cloned().collect::<Vec<_>>().join(", "))));
        }
    };
    let Some(f) = files.get(&src_key) else {
        if !spec.sources.contains_key(&src_key) {
            return Err(Error::usage(format!("table `{name}`: unknown source `{src_key}`"))
                .at(loc.at(&format!("{path}.source")))
                .suggest(&src_key, spec.sources.keys().map(String::as_str)));
        }
        return Ok(None);
    };
    let grid = match &def.sheet {
        Some(sh) => match f.sheets.iter().find(|g| &g.name == sh) {
            Some(g) => g,
            None => {
                let names: Vec<&str> = f.sheets.iter().map(|g| g.name.as_str()).collect();
                return Err(Error::build(format!("table `{name}`: sheet `{sh}` is not in {}", f.shown))
                    .at(loc.at(&format!("{path}.sheet")))
                    .suggest(sh, names.iter().copied())
                    .hint(format!("sheets: {}", names.join(", "))));
            }
        },
        None => match f.sheets.first() {
            Some(g) => g,
            None => return Ok(None),
        },
    };
    let header_row = match def.header_row.as_ref().map(|s| s.as_str().trim().to_string()) {
        None => None,
        Some(s) if s == "auto" => None,
        Some(s) => match s.parse::<usize>() {
            Ok(n) => Some(n),
            Err(_) => {
                return Err(Error::usage(format!("`header_row` is a row number or `auto`, found `{s}`"))
                    .at(loc.at(&format!("{path}.header_row"))));
            }
        },
    };
    let empty = match def.empty.as_deref() {
        None => EmptyPolicy::Skip,
        Some(s) => match EmptyPolicy::parse(s) {
            Some(p) => p,
            None => {
                return Err(Error::usage(format!("`empty: {s}` — use skip, zero or error"))
                    .at(loc.at(&format!("{path}.empty"))));
            }
        },
    };
    let topts = TableOptions {
        header_row,
        header_rows: def.header_rows,
        date: def.date.clone(),
        empty,
        default_year: opts.default_year,
    };
    let mut t = Table::from_grid(name, grid, &f.shown, &topts).map_err(|e| e.at(loc.at(&path)))?;
    if let Some(w) = &def.filter {
        let where_error =
            |m: String| Error::usage(format!("table `{name}` `where`: {m}")).at(loc.at(&format!("{path}.where")));
        let e = crate::expr::parse_expr(w).map_err(|m| where_error(m.to_string()))?;
        let mut keep = Vec::new();
        for row in std::mem::take(&mut t.rows) {
            if filter::matches(&e, &t, &row, opts.vars, None).map_err(|m| where_error(m.to_string()))? {
                keep.push(row);
            }
        }
        t.rows = keep;
    }
    Ok(Some(t))
}

/// A reference to table columns: `表[列]` or `表[列1, 列2]`, or a whole table.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnRef {
    pub table: String,
    pub columns: Vec<String>,
}

impl ColumnRef {
    pub fn parse(s: &str) -> Option<ColumnRef> {
        let s = s.trim();
        let s = s.replace(['[', '【'], "[").replace(['】'], "]");
        match s.split_once('[') {
            Some((t, rest)) => {
                let inner = rest.strip_suffix(']')?;
                let columns = inner.split([',', ',']).map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect();
                Some(ColumnRef { table: t.trim().to_string(), columns })
            }
            // `表.列`: the form that needs no quotes inside `{ … }` in YAML.
            None if !s.contains('!') && s.contains('.') => {
                let (t, c) = s.split_once('.')?;
                (!t.trim().is_empty() && !c.trim().is_empty())
                    .then(|| ColumnRef { table: t.trim().to_string(), columns: vec![c.trim().to_string()] })
            }
            None if !s.contains('!') && !s.is_empty() => Some(ColumnRef { table: s.to_string(), columns: vec![] }),
            None => None,
        }
    }
}

/// A1 reference: `sheet!A1` or `sheet!A1:B13` (0-based, inclusive).
#[derive(Debug, Clone, PartialEq)]
pub struct RangeRef {
    pub sheet: String,
    pub r0: u32,
    pub c0: u32,
    pub r1: u32,
    pub c1: u32,
}

pub(crate) fn parse_cell(s: &str) -> Option<(u32, u32)> {
    let s = s.replace('$', "");
    let split = s.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = s.split_at(split);
    if letters.is_empty() || !letters.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut col = 0u32;
    for c in letters.to_ascii_uppercase().chars() {
        col = col * 26 + (c as u32 - 'A' as u32 + 1);
    }
    let row: u32 = digits.parse().ok()?;
    (row >= 1).then_some((row - 1, col - 1))
}

impl RangeRef {
    pub fn parse(s: &str) -> Option<RangeRef> {
        let (sheet, cells) = s.trim().rsplit_once('!')?;
        let sheet = sheet.trim().trim_matches('\'').to_string();
        let (a, b) = cells.split_once(':').unwrap_or((cells, cells));
        let (r0, c0) = parse_cell(a.trim())?;
        let (r1, c1) = parse_cell(b.trim())?;
        Some(RangeRef { sheet, r0: r0.min(r1), c0: c0.min(c1), r1: r0.max(r1), c1: c0.max(c1) })
    }
}

/// How the spec's data is to be read.
pub struct LoadOptions<'a> {
    /// The folder the spec is in (sources are relative to it).
    pub base: &'a Path,
    /// Completes month-only dates (`11月`).
    pub default_year: Option<i32>,
    /// Variables for table `where:` filters.
    pub vars: &'a BTreeMap<String, String>,
}

impl Data {
    /// Reads every source and table of the spec; reports every problem at once.
    pub fn load(spec: &Spec, loc: &Locator, opts: &LoadOptions) -> Result<Data> {
        let mut errors = Vec::new();
        let mut files: BTreeMap<String, SourceFile> = BTreeMap::new();
        for (key, src) in &spec.sources {
            let s = &src.0;
            let path = opts.base.join(&s.path);
            match source::read(&path, &s.path, s.encoding.as_deref(), s.delimiter.as_deref()) {
                Ok(f) => {
                    files.insert(key.clone(), f);
                }
                Err(e) => errors.push(e.at(loc.at(&format!("sources.{key}"))).context(format!("source `{key}`"))),
            }
        }
        let mut data = Data::default();
        // A table per sheet (CSV sources: per source), the sheets in parallel.
        let sheet_opts = TableOptions { default_year: opts.default_year, ..Default::default() };
        let per_sheet: Vec<(String, &Grid, &str)> = files
            .iter()
            .flat_map(|(key, f)| f.sheets.iter().map(move |g| (f.table_name(key, g), g, f.shown.as_str())))
            .collect();
        let built: Vec<(String, Result<Table>)> = {
            use rayon::prelude::*;
            per_sheet
                .into_par_iter()
                .with_max_len(1)
                .map(|(name, g, shown)| {
                    let t = Table::from_grid(&name, g, shown, &sheet_opts);
                    (name, t)
                })
                .collect()
        };
        for (name, t) in built {
            data.tables.entry(name).or_insert(t);
        }

        // Declared tables.
        for (name, def) in &spec.tables {
            match declared_table(name, def, &files, spec, loc, opts) {
                Ok(Some(t)) => {
                    data.tables.insert(name.clone(), Ok(t));
                }
                Ok(None) => {}
                Err(e) => errors.push(e),
            }
        }
        if let Some(e) = Error::many(errors) {
            return Err(e);
        }
        // The sheets themselves, for A1 references (the first of a name wins,
        // as for the tables).
        for (key, mut f) in files {
            for g in std::mem::take(&mut f.sheets) {
                data.sheets.entry(f.table_name(&key, &g)).or_insert_with(|| (f.shown.clone(), g));
            }
        }
        data.find_spans();
        data.span = union(data.spans.values());
        Ok(data)
    }

    /// What each dated table covers. A table of months (every date the 1st)
    /// covers each month to its end.
    fn find_spans(&mut self) {
        for (name, t) in &self.tables {
            let Ok(t) = t else { continue };
            let monthly = t.rows.iter().filter_map(|r| r.date).all(|d| d.d == 1);
            let span = t.rows.iter().filter_map(|r| r.date).fold(None, |acc: Option<Span>, d| {
                let end = if monthly { d.add_months(1).add_days(-1) } else { d };
                Some(match acc {
                    None => Span { first: d, last: end },
                    Some(s) => Span { first: s.first.min(d), last: s.last.max(end) },
                })
            });
            if let Some(s) = span {
                self.spans.insert(name.clone(), s);
                if monthly {
                    self.monthly.insert(name.clone());
                }
            }
        }
    }

    /// Narrows the data's span to what happened: the tables the metrics
    /// aggregate decide it. Plans and budgets (read only through targets)
    /// often run into the future, and lists shown on slides (help requests,
    /// next week's deadlines) carry dates of their own; neither may make
    /// `last-week` or `latest-month` pick a period without figures. Without
    /// dated fact tables, every table but the plans counts.
    pub fn narrow_span(
        &mut self,
        facts: &std::collections::BTreeSet<String>,
        plans: &std::collections::BTreeSet<String>,
    ) {
        let of = |keep: &dyn Fn(&str) -> bool| union(self.spans.iter().filter(|(n, _)| keep(n)).map(|(_, s)| s));
        let (span, tables): (Option<Span>, std::collections::BTreeSet<String>) = match of(&|n| facts.contains(n)) {
            Some(s) => (Some(s), self.spans.keys().filter(|n| facts.contains(*n)).cloned().collect()),
            None => (of(&|n| !plans.contains(n)), self.spans.keys().filter(|n| !plans.contains(*n)).cloned().collect()),
        };
        // A row of a table of months says nothing about how much of its month
        // is in: with daily figures beside it, the days decide where the data
        // ends (a workbook exported on 17 August holds half of August).
        let daily =
            union(self.spans.iter().filter(|(n, _)| tables.contains(*n) && !self.is_monthly(n)).map(|(_, s)| s));
        let span = match (span, daily) {
            (Some(all), Some(d)) => {
                let months = self
                    .spans
                    .iter()
                    .filter(|(n, _)| tables.contains(*n) && self.is_monthly(n))
                    .map(|(_, s)| Date { d: 1, ..s.last }.add_days(-1))
                    .max();
                Some(Span { first: all.first, last: months.map_or(d.last, |m| m.max(d.last)) })
            }
            (s, _) => s,
        };
        if span.is_some() {
            self.span = span;
            self.span_tables = tables;
        }
        self.plan_tables = plans.clone();
    }

    /// Whether `table` is a list shown on slides (help requests, next
    /// week's tasks): dated, but neither figures nor a plan.
    pub fn is_list(&self, table: &str) -> bool {
        !self.span_tables.is_empty() && !self.span_tables.contains(table) && !self.plan_tables.contains(table)
    }

    /// Whether `table` is read only through targets (a plan, not figures).
    pub fn is_plan(&self, table: &str) -> bool {
        self.plan_tables.contains(table)
    }

    /// The dated tables that hold the figures (what `span` is made of).
    pub fn figure_tables(&self) -> impl Iterator<Item = &Table> {
        let names: Vec<&String> =
            if self.span_tables.is_empty() { self.spans.keys().collect() } else { self.span_tables.iter().collect() };
        names.into_iter().filter_map(|n| self.tables.get(n).and_then(|t| t.as_ref().ok()))
    }

    /// Whether a row of `t` lies in `period` (a row of a table of months
    /// stands for its whole month).
    pub fn row_in(&self, t: &Table, row: &Row, period: &period::Period) -> bool {
        match row.date {
            Some(d) if self.is_monthly(&t.name) => {
                let m = period::Period::month(d.y, d.m);
                m.start <= period.end && period.start <= m.end
            }
            Some(d) => period.contains(d),
            None => false,
        }
    }

    /// The rows of the figure tables in `period` whose `col` holds `value`
    /// (tables without the column count every row), as (rows, tables that had the column).
    pub fn figure_rows(&self, period: &period::Period, filters: &[(String, String)]) -> (usize, usize) {
        let (mut rows, mut with_col) = (0, 0);
        for t in self.figure_tables() {
            let cols: Vec<(usize, &str)> =
                filters.iter().filter_map(|(c, v)| t.col(c).ok().map(|i| (i, v.as_str()))).collect();
            if !filters.is_empty() && cols.is_empty() {
                continue;
            }
            with_col += usize::from(!cols.is_empty());
            rows += t
                .rows
                .iter()
                .filter(|r| self.row_in(t, r, period) && cols.iter().all(|(i, v)| r.cells[*i].text() == *v))
                .count();
        }
        (rows, with_col)
    }

    /// The values of `col` in the figure tables' rows of `period`.
    pub fn figure_values(&self, period: &period::Period, col: &str) -> Vec<String> {
        let mut out = std::collections::BTreeSet::new();
        for t in self.figure_tables() {
            let Ok(i) = t.col(col) else { continue };
            for r in t.rows.iter().filter(|r| self.row_in(t, r, period)) {
                let v = r.cells[i].text();
                if !v.is_empty() {
                    out.insert(v);
                }
            }
        }
        out.into_iter().collect()
    }

    /// Whether `table` holds one row per month rather than per day.
    pub fn is_monthly(&self, table: &str) -> bool {
        self.monthly.contains(table)
    }

    /// The part of the span `table` covers.
    pub fn span_of(&self, table: &str) -> Option<Span> {
        self.spans.get(table).copied()
    }

    /// Warnings about how the data was read: months written without a year
    /// that took the period's year.
    pub fn reading_warnings(&self) -> Vec<crate::warning::Warning> {
        let mut seen = std::collections::BTreeSet::new();
        let mut out = Vec::new();
        for t in self.tables.values().filter_map(|t| t.as_ref().ok()) {
            if let Some(y) = t.assumed_year
                && seen.insert((t.file.clone(), t.sheet.clone()))
            {
                out.push(
                    crate::warning::Warning::notice(format!(
                        "the months have no year (e.g. 11月); they are taken as {y}, the year of the period — write \
                         2026年11月 to make it explicit"
                    ))
                    .at(format!("{} › {}", t.file, t.sheet)),
                );
            }
        }
        out
    }

    /// Names of all tables (declared and per sheet).
    pub fn table_names(&self) -> Vec<&str> {
        self.tables.keys().map(String::as_str).collect()
    }

    /// A table by name.
    pub fn table(&self, name: &str) -> Result<&Table> {
        match self.tables.get(name.trim()) {
            Some(Ok(t)) => Ok(t),
            Some(Err(e)) => Err(e.clone()),
            None => Err(Error::build(format!("no table or sheet named `{name}`"))
                .suggest(name, self.table_names())
                .hint(format!("tables and sheets: {}", self.table_names().join(", ")))),
        }
    }

    /// Rows of `table` by the values of column `col` (built once, shared).
    pub fn index(&self, table: &str, col: usize) -> Result<Index> {
        let key = (table.to_string(), col);
        if let Ok(m) = self.indexes.lock()
            && let Some(ix) = m.get(&key)
        {
            return Ok(ix.clone());
        }
        let t = self.table(table)?;
        let mut ix: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, r) in t.rows.iter().enumerate() {
            ix.entry(r.cells[col].text()).or_default().push(i);
        }
        let ix = Arc::new(ix);
        if let Ok(mut m) = self.indexes.lock() {
            m.insert(key, ix.clone());
        }
        Ok(ix)
    }

    /// The cells of a reference (`目标!C2:C13` or `表[列]`) that hold a formula
    /// with no saved value, as `目标!C5`.
    pub fn unsaved_in(&self, r: &str) -> Vec<String> {
        if let Some(rr) = RangeRef::parse(r) {
            let Some((_, g)) = self.sheets.get(&rr.sheet) else { return vec![] };
            return g
                .formulas
                .iter()
                .filter(|(row, col)| (rr.r0..=rr.r1).contains(row) && (rr.c0..=rr.c1).contains(col))
                .filter(|(row, col)| g.get(*row as usize, *col as usize).is_empty())
                .map(|(row, col)| format!("{}!{}", rr.sheet, crate::xlsx::cell_ref(*row, *col)))
                .collect();
        }
        match ColumnRef::parse(r).filter(|c| c.columns.len() == 1) {
            Some(cr) => match self.table(&cr.table) {
                Ok(t) => {
                    let Ok(ci) = t.col(&cr.columns[0]) else { return vec![] };
                    let col = t.columns[ci].col;
                    t.rows
                        .iter()
                        .filter(|row| t.unsaved.contains(&(row.r, col)))
                        .map(|row| t.cell_at(row, ci))
                        .collect()
                }
                Err(_) => vec![],
            },
            None => vec![],
        }
    }

    /// The cells of an A1 range, row by row.
    pub fn range(&self, r: &RangeRef) -> Result<(String, Vec<Vec<Cell>>)> {
        let (file, g) = self.sheets.get(&r.sheet).ok_or_else(|| {
            let names: Vec<&str> = self.sheets.keys().map(String::as_str).collect();
            Error::build(format!("no sheet named `{}`", r.sheet))
                .suggest(&r.sheet, names.iter().copied())
                .hint(format!("sheets: {}", names.join(", ")))
        })?;
        let rows =
            (r.r0..=r.r1).map(|row| (r.c0..=r.c1).map(|c| g.get(row as usize, c as usize).clone()).collect()).collect();
        Ok((file.clone(), rows))
    }
}

fn union<'a>(spans: impl Iterator<Item = &'a Span>) -> Option<Span> {
    spans.fold(None, |acc, s| {
        Some(match acc {
            None => *s,
            Some(a) => Span { first: a.first.min(s.first), last: a.last.max(s.last) },
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs() {
        assert_eq!(
            ColumnRef::parse("月度KPI[店铺销售额]"),
            Some(ColumnRef { table: "月度KPI".into(), columns: vec!["店铺销售额".into()] })
        );
        assert_eq!(ColumnRef::parse("退货原因[原因, 数量]").unwrap().columns, vec!["原因", "数量"]);
        assert_eq!(ColumnRef::parse("问题清单").unwrap().columns.len(), 0);
        assert_eq!(
            ColumnRef::parse("客服明细.客服姓名"),
            Some(ColumnRef { table: "客服明细".into(), columns: vec!["客服姓名".into()] })
        );

        let r = RangeRef::parse("'月度 KPI'!$B$2:B13").unwrap();
        assert_eq!((r.sheet.as_str(), r.r0, r.c0, r.r1, r.c1), ("月度 KPI", 1, 1, 12, 1));
        assert_eq!(RangeRef::parse("目标!C3").unwrap().r0, 2);
        assert!(RangeRef::parse("nothing").is_none());
    }
}
