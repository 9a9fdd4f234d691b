//! Table specs → table models: literal rows, rows of a data table, or one
//! row per metric; number formats, alignment, sorting, totals and colour rules.

use super::Context;
use crate::data::ColumnRef;
use crate::data::value::{Cell as DCell, cell_number, parse_number};
use crate::error::{Error, Result};
use crate::format;
use crate::model::{Align, Cell, Para, Rich, Run, Table};
use crate::spec::{ColumnAlign, TableSpec};
use std::collections::BTreeSet;

fn auto_format(v: f64, header: &str) -> String {
    if header.contains('年') && v == v.trunc() && (1900.0..=2100.0).contains(&v) {
        // A year: 2026, not 2,026.
        return format!("{v}");
    }
    if (header.contains('率') || header.contains("占比") || header.contains('%')) && v.abs() <= 1.5 {
        format::pct(v, 1)
    } else if v == v.trunc() {
        format::thousands(v, 0)
    } else {
        let s = format::thousands(v, 2);
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Compares a cell with a rule's condition: `< 1`, `>= 40%`, `== "未完成"`, `< 目标`.
fn rule_holds(cond: &str, value: &str, row: &[(String, String)]) -> std::result::Result<bool, String> {
    let cond = cond.trim();
    let ops = ["<=", ">=", "==", "!=", "<", ">", "="];
    let op = ops
        .iter()
        .find(|o| cond.starts_with(**o))
        .ok_or_else(|| format!("`{cond}` starts with none of <, <=, >, >=, ==, !="))?;
    let rhs = cond[op.len()..].trim();
    let rhs_val: String = if (rhs.starts_with('"') && rhs.ends_with('"') && rhs.len() >= 2)
        || (rhs.starts_with('“') && rhs.ends_with('”'))
    {
        rhs.trim_matches(['"', '“', '”']).to_string()
    } else if parse_number(rhs).is_some() {
        rhs.to_string()
    } else if let Some((_, v)) = row.iter().find(|(h, _)| h == rhs) {
        v.clone()
    } else {
        return Err(format!("`{rhs}` is neither a number, a \"text\", nor a column"));
    };
    let ord = match (parse_number(value), parse_number(&rhs_val)) {
        (Some(a), Some(b)) => a.partial_cmp(&b),
        _ => Some(value.trim().cmp(rhs_val.trim())),
    };
    use std::cmp::Ordering::*;
    Ok(match *op {
        "<" => ord == Some(Less),
        "<=" => matches!(ord, Some(Less | Equal)),
        ">" => ord == Some(Greater),
        ">=" => matches!(ord, Some(Greater | Equal)),
        "==" | "=" => ord == Some(Equal),
        _ => ord != Some(Equal),
    })
}

/// The values behind generated cells, for sorting, totals and rules: a
/// missing figure (—) is empty.
fn raw_of(table: &Table) -> Vec<Vec<String>> {
    table
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| {
                    let t = c.text.text();
                    if t == crate::format::MISSING { String::new() } else { t }
                })
                .collect()
        })
        .collect()
}

/// A data cell's text and whether it is a number: in the column's format
/// (`formats:`), else in its row's unit, else as the column's name suggests.
/// `digits`: those of the metric the row is about, for numbers in its unit.
fn cell_text(
    c: &DCell,
    code: Option<&String>,
    unit: Option<&str>,
    digits: Option<usize>,
    name: &str,
) -> (String, bool) {
    match c {
        DCell::Date(d) => match code {
            Some(code) => (super::eval::date_fmt(*d, code), false),
            None => (d.to_string(), false),
        },

        DCell::Num(v) => {
            let txt = match (code, unit) {
                (Some(code), _) => format::by_code(*v, &money_code(code, name)),
                (None, Some(u)) => format::with_unit(*v, u, digits),
                (None, None) => auto_format(*v, name),
            };
            (txt, true)
        }
        other => {
            let s = other.text();
            match (parse_number(&s), code) {
                (Some(v), Some(code)) => (format::by_code(v, &money_code(code, name)), true),
                (Some(_), None) => (s, true),
                _ => (s, false),
            }
        }
    }
}

impl Context<'_> {
    /// A table on a slide: its rows (from groups, metrics, data or the spec),
    /// sorted and cut, aligned, coloured by the rules, with a 合计 row.
    pub fn table(&self, t: &TableSpec, path: &str) -> Result<Table> {
        let at = self.at(path);
        // Raw values per cell (for sorting, totals and rules), by row.
        let (mut table, mut raw) = self.table_rows(t, path)?;
        let n = table.header.len();
        self.sort_and_cut(t, &mut table, &mut raw, path)?;
        self.align(t, &mut table, &at)?;
        self.color_rules(t, &mut table, &raw, path)?;
        self.total(t, &mut table, &raw, path)?;
        if !t.widths.is_empty() {
            if t.widths.len() != n {
                return Err(Error::usage(format!("`widths` has {} numbers for {n} columns", t.widths.len()))
                    .at(self.at(&format!("{path}.widths"))));
            }
            table.widths = t.widths.clone();
        }
        table.rows_per_slide = t.rows_per_slide;
        if table.rows.is_empty() {
            let text = match &t.empty {
                Some(e) => self.plain(e, &format!("{path}.empty"))?,
                None => "暂无数据".to_string(),
            };
            table.rows.push((0..n).map(|i| Cell::plain(if i == 0 { text.as_str() } else { "" })).collect());
        }
        Ok(table)
    }

    /// The values of `by` that have a row passing `filter` in the tables
    /// `metric` reads, in the slide's period and scope.
    fn groups_where(&self, metric: &str, by: &str, filter: &str, path: &str) -> Result<BTreeSet<String>> {
        let mut out = BTreeSet::new();
        for name in self.env.metrics.tables_of(metric) {
            let dt = self.data.table(&name).map_err(|e| e.at(self.at(path)))?;
            let Ok(ci) = dt.col(by) else { continue };
            for row in self.rows_where(dt, Some(filter), path)? {
                out.insert(row.cells[ci].text());
            }
        }
        Ok(out)
    }

    /// The header and rows, with each cell's raw value: groups of metrics,
    /// one row per metric, the rows of a data table, or rows written in the spec.
    fn table_rows(&self, t: &TableSpec, path: &str) -> Result<(Table, Vec<Vec<String>>)> {
        if let (Some(by), false) = (&t.by, t.metrics.is_empty()) {
            let mut table = super::generate::group_table(&self.env, by, &t.metrics, t.share.as_deref())
                .map_err(|e| e.at(self.at(&format!("{path}.by"))))?;
            // `where:` keeps the groups with a row that passes it in the
            // period (`not contains(小组, "售后")`: the agents who sell).
            if let Some(f) = t.filter.as_deref() {
                let keep = self.groups_where(&t.metrics[0], by, f, &format!("{path}.where"))?;
                table.rows.retain(|r| r.first().is_some_and(|c| keep.contains(&c.text.text())));
            }
            let raw = raw_of(&table);
            Ok((table, raw))
        } else if !t.metrics.is_empty() {
            let names = match &t.only {
                Some(which) => super::generate::select(&self.env, &t.metrics, which)
                    .map_err(|e| e.at(self.at(&format!("{path}.only"))))?,
                None => t.metrics.clone(),
            };
            let table = if t.notes.is_some() || !t.cells.is_empty() || !t.causes.is_empty() {
                self.notes_table(t, &names, path)?
            } else {
                super::generate::metric_table(&self.env, &names, &t.columns).map_err(|e| e.at(self.at(path)))?
            };
            let raw = raw_of(&table);
            Ok((table, raw))
        } else if let Some(d) = &t.data {
            self.data_rows(t, d, path)
        } else {
            self.inline_rows(t, path)
        }
    }

    /// Rows of a data table (`data: 表[列, …]`): its cells formatted, the
    /// computed columns (`cells:`) where `columns:` lists them, without the unit column.
    fn data_rows(&self, t: &TableSpec, d: &str, path: &str) -> Result<(Table, Vec<Vec<String>>)> {
        let cr = ColumnRef::parse(d).ok_or_else(|| {
            Error::usage(format!("`data: {d}` is not a table reference")).at(self.at(&format!("{path}.data")))
        })?;
        let dt = self.data.table(&cr.table).map_err(|e| e.at(self.at(&format!("{path}.data"))))?;
        let names: Vec<String> = if !cr.columns.is_empty() {
            cr.columns.clone()
        } else if !t.columns.is_empty() {
            t.columns.clone()
        } else {
            dt.columns.iter().map(|c| c.name.clone()).collect()
        };
        // Computed columns (`cells:`) go where `columns:` lists them.
        let computed: Vec<(usize, &String)> =
            names.iter().enumerate().filter_map(|(i, n)| t.cells.get(n).map(|tpl| (i, tpl))).collect();
        let names: Vec<String> = names.into_iter().filter(|n| !t.cells.contains_key(n)).collect();
        let cols: Vec<usize> = names
            .iter()
            .map(|n| dt.col(n))
            .collect::<Result<_>>()
            .map_err(|e| e.at(self.at(&format!("{path}.data"))))?;
        // A computed column is named in `columns:`, or in the data's own
        // list (`明年目标[指标, 本年实际]`) when `columns:` gives headers.
        if let Some(k) = t.cells.keys().find(|k| !t.columns.contains(k) && !cr.columns.contains(k)) {
            return Err(Error::usage(format!("`cells: {k}` is not in `columns:`"))
                .at(self.at(&format!("{path}.cells")))
                .hint("list the computed column in `columns:` where it goes"));
        }
        let header: Vec<String> = if !cr.columns.is_empty() && t.columns.len() == cols.len() + computed.len() {
            // Headers given for the columns may use {{ }}: `{{period.label}}实际`.
            t.columns
                .iter()
                .enumerate()
                .map(|(i, c)| self.plain(c, &format!("{path}.columns[{i}]")))
                .collect::<Result<_>>()?
        } else {
            let mut h = names.clone();
            for (i, _) in &computed {
                h.insert(*i, t.columns[*i].clone());
            }
            h
        };
        let rows = self.rows_where(dt, t.filter.as_deref(), &format!("{path}.where"))?;
        // A unit column formats the numbers of its row and is not shown.
        let unit_col = match &t.unit_column {
            Some(u) => Some(dt.col(u).map_err(|e| e.at(self.at(&format!("{path}.unit_column"))))?),
            None => None,
        };
        // A formula saved without its value is an error, never an empty cell.
        for r in &rows {
            for &ci in &cols {
                if r.cells[ci].is_empty() && dt.unsaved.contains(&(r.r, dt.columns[ci].col)) {
                    dt.num(r, ci).map_err(|e| e.at(self.at(&format!("{path}.data"))))?;
                }
            }
        }
        self.text_among_numbers(dt, &rows, &cols, path);
        let mut raw = Vec::new();
        let mut cells: Vec<Vec<Cell>> = Vec::new();
        // A row about a metric shows its figures with the metric's digits:
        // a 回复率 target of 99.55% beside an actual of 99.45%, not 99.6%.
        let key = dt.col("指标").ok();
        for r in rows {
            let unit = unit_col.map(|u| r.cells[u].text());
            let metric = key.and_then(|k| self.env.metric_named(&r.cells[k].text()).ok());
            let digits =
                unit_col.and(metric.as_ref()).and_then(|n| self.env.metrics.def(n).ok().and_then(|d| d.digits));
            let mut out = Vec::new();
            let mut rr = Vec::new();
            for (k, &ci) in cols.iter().enumerate() {
                let c = &r.cells[ci];
                let (text, numeric) = cell_text(c, t.formats.get(&header[k]), unit.as_deref(), digits, &header[k]);
                rr.push(match c {
                    DCell::Num(v) => crate::xml::num(*v),
                    other => other.text(),
                });
                let mut cell = Cell { text: Rich::plain(text), fill: None, numeric };
                // A team's target looser than the period's actual: said, not changed.
                if dt.columns[ci].name == "目标"
                    && let Some(m) = &metric
                    && let Some(note) = self.looser_goal(m, c, dt, r, ci)?
                    && let Some(p) = cell.text.paras.first_mut()
                {
                    p.runs.push(Run {
                        text: note,
                        bold: true,
                        color: Some(crate::model::ColorRef::Custom("bad".into())),
                    });
                }
                out.push(cell);
            }
            for (i, tpl) in &computed {
                let runs = self.row_runs(dt, r, tpl, &format!("{path}.cells.{}", t.columns[*i]))?;
                let text: String = runs.iter().map(|x| x.text.as_str()).collect();
                let numeric = parse_number(&text).is_some();
                rr.insert(*i, if text == crate::format::MISSING { String::new() } else { text });
                out.insert(
                    *i,
                    Cell { text: Rich { paras: vec![Para { runs, level: 0, bullet: false }] }, fill: None, numeric },
                );
            }
            raw.push(rr);
            cells.push(out);
        }
        let mut header = header;
        if let Some(u) = unit_col
            && let Some(k) = header
                .iter()
                .position(|h| crate::data::table::fold_name(h) == crate::data::table::fold_name(&dt.columns[u].name))
        {
            header.remove(k);
            for row in &mut cells {
                row.remove(k);
            }
            for row in &mut raw {
                row.remove(k);
            }
        }
        Ok((Table { header, rows: cells, ..Default::default() }, raw))
    }

    /// `（低于今年实际）` when a team's target for metric `m` for a later
    /// period (a cell of a 目标 column) is looser than this period's actual,
    /// with a warning; the target itself is the team's and stays as written.
    fn looser_goal(
        &self,
        m: &str,
        c: &DCell,
        dt: &crate::data::Table,
        r: &crate::data::Row,
        ci: usize,
    ) -> Result<Option<String>> {
        use crate::data::period::Grain;
        use crate::format::{Better, UnitKind, unit_kind};
        // Only a target for a later period (a row of 年份 or dated after
        // this one): this period's own target may well be below its actual.
        let end = self.env.period.end;
        let later = match (dt.col("年份").ok(), dt.date_col) {
            (Some(y), _) => matches!(cell_number(&r.cells[y]), Ok(Some(y)) if y > f64::from(end.y)),
            (None, Some(_)) => r.date.is_some_and(|d| d > end),
            (None, None) => false,
        };
        if !later {
            return Ok(None);
        }
        let d = self.env.metrics.def(m)?;
        let additive = self.env.metrics.additive(m);
        let (Ok(Some(t)), true) = (cell_number(c), d.better != Better::Neither) else { return Ok(None) };
        // A part of a year against a whole year's target says nothing.
        if additive && self.env.period.is_partial() {
            return Ok(None);
        }
        let Some(v) = self.env.metrics.value(m, &self.env.period, &self.env.scope)? else { return Ok(None) };
        let shown = |x: f64| format::with_unit(x, &d.unit, d.digits);
        let lower = d.better == Better::Lower;
        if shown(v) == shown(t) || (t > v) != lower {
            return Ok(None);
        }
        let noun = match self.env.period.grain {
            Grain::Year => "今年",
            Grain::Quarter => "本季度",
            Grain::Month => "本月",
            Grain::Week => "本周",
            Grain::Day => "当天",
        };
        let word = match (lower, unit_kind(&d.unit)) {
            (true, UnitKind::Time) => "长于",
            (true, _) => "高于",
            _ => "低于",
        };
        self.warnings.borrow_mut().push(
            crate::warning::Warning::new(format!(
                "{}: the target {} ({}) is looser than {}'s actual ({}); the deck shows it as written, marked {word}{noun}实际",
                d.label,
                dt.cell_at(r, ci),
                shown(t),
                self.env.period.label(),
                shown(v)
            ))
            .hint("raise the target, or keep it and give the reason in its basis"),
        );
        Ok(Some(format!("（{word}{noun}实际）")))
    }

    /// Rows written in the spec (`columns:` and `rows:`), numbers in the column's format.
    fn inline_rows(&self, t: &TableSpec, path: &str) -> Result<(Table, Vec<Vec<String>>)> {
        if t.columns.is_empty() {
            return Err(
                Error::usage("a table needs `columns:` with `rows:`, or `data:`, or `metrics:`").at(self.at(path))
            );
        }
        let header = t
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| self.plain(c, &format!("{path}.columns[{i}]")))
            .collect::<Result<Vec<_>>>()?;
        let mut raw = Vec::new();
        let mut cells = Vec::new();
        for (ri, row) in t.rows.iter().enumerate() {
            if row.len() > header.len() {
                return Err(Error::usage(format!(
                    "row {} has {} cells for {} columns",
                    ri + 1,
                    row.len(),
                    header.len()
                ))
                .at(self.at(&format!("{path}.rows[{ri}]"))));
            }
            let mut out = Vec::new();
            let mut rr = Vec::new();
            for (ci, v) in row.iter().enumerate() {
                let cp = format!("{path}.rows[{ri}][{ci}]");
                let runs = self.runs(v.as_str(), &cp)?;
                let text: String = runs.iter().map(|r| r.text.as_str()).collect();
                let numeric = parse_number(&text).is_some();
                let runs = match (numeric, t.formats.get(&header[ci]), parse_number(&text)) {
                    (true, Some(code), Some(n)) => {
                        vec![Run { text: format::by_code(n, code), ..runs.first().cloned().unwrap_or_default() }]
                    }
                    _ => runs,
                };
                rr.push(text);
                out.push(Cell {
                    text: Rich { paras: vec![Para { runs, level: 0, bullet: false }] },
                    fill: None,
                    numeric,
                });
            }
            out.resize(header.len(), Cell::default());
            rr.resize(header.len(), String::new());
            raw.push(rr);
            cells.push(out);
        }
        Ok((Table { header, rows: cells, ..Default::default() }, raw))
    }

    /// Sorts the rows by `sort:` (a column, `-` first for descending) and keeps the `top:` ones.
    fn sort_and_cut(&self, t: &TableSpec, table: &mut Table, raw: &mut Vec<Vec<String>>, path: &str) -> Result<()> {
        if let Some(key) = &t.sort {
            let (desc, name) = match key.strip_prefix('-') {
                Some(k) => (true, k.trim()),
                None => (false, key.trim()),
            };
            let ci = table.header.iter().position(|h| h == name).ok_or_else(|| {
                Error::usage(format!("`sort: {key}` names no column"))
                    .at(self.at(&format!("{path}.sort")))
                    .suggest(name, table.header.iter().map(String::as_str))
            })?;
            let mut idx: Vec<usize> = (0..table.rows.len()).collect();
            // Empty cells go last whichever the direction.
            idx.sort_by(|&a, &b| {
                let (x, y) = (&raw[a][ci], &raw[b][ci]);
                let o = match (parse_number(x), parse_number(y)) {
                    (Some(p), Some(q)) => p.partial_cmp(&q).unwrap_or(std::cmp::Ordering::Equal),
                    _ => x.cmp(y),
                };
                match (x.is_empty(), y.is_empty()) {
                    (true, false) => std::cmp::Ordering::Greater,
                    (false, true) => std::cmp::Ordering::Less,
                    _ if desc => o.reverse(),
                    _ => o,
                }
            });
            table.rows = idx.iter().map(|&i| table.rows[i].clone()).collect();
            *raw = idx.iter().map(|&i| raw[i].clone()).collect();
        }
        if let Some(top) = t.top {
            table.rows.truncate(top);
            raw.truncate(top);
        }
        Ok(())
    }

    /// Alignment per column: as set, else numbers right and text left.
    fn align(&self, t: &TableSpec, table: &mut Table, at: &str) -> Result<()> {
        let n = table.header.len();
        table.align = (0..n)
            .map(|ci| {
                if let Some(a) = t.align.get(&table.header[ci]) {
                    return Ok(match a {
                        ColumnAlign::Right => Align::Right,
                        ColumnAlign::Center => Align::Center,
                        ColumnAlign::Left => Align::Left,
                    });
                }
                if let Some(a) = table.align.get(ci).copied().filter(|_| !t.metrics.is_empty()) {
                    return Ok(a);
                }
                // "—" and "-" stand for a missing number and do not make a column text.
                let counts = |r: &&Vec<Cell>| {
                    let t = r[ci].text.text();
                    !t.trim().is_empty() && !matches!(t.trim(), "—" | "-" | "--" | "/")
                };
                let numeric =
                    table.rows.iter().filter(counts).all(|r| r[ci].numeric) && table.rows.iter().any(|r| counts(&r));
                Ok(if numeric { Align::Right } else { Align::Left })
            })
            .collect::<Result<_>>()?;
        for k in t.align.keys().chain(t.formats.keys()) {
            if !table.header.contains(k) {
                return Err(Error::usage(format!("`{k}` is not a column of this table"))
                    .at(at)
                    .suggest(k, table.header.iter().map(String::as_str))
                    .hint(format!("columns: {}", table.header.join(", "))));
            }
        }
        Ok(())
    }

    /// Colours the cells (text or fill) where a rule holds.
    fn color_rules(&self, t: &TableSpec, table: &mut Table, raw: &[Vec<String>], path: &str) -> Result<()> {
        for (k, rule) in t.rules.iter().enumerate() {
            let rp = format!("{path}.rules[{k}]");
            let ci = table.header.iter().position(|h| *h == rule.column).ok_or_else(|| {
                Error::usage(format!("rule column `{}` is not in the table", rule.column))
                    .at(self.at(&rp))
                    .suggest(&rule.column, table.header.iter().map(String::as_str))
            })?;
            let color = self.color(&rule.color, &format!("{rp}.color"))?;
            for (ri, row) in table.rows.iter_mut().enumerate() {
                let pairs: Vec<(String, String)> = table.header.iter().cloned().zip(raw[ri].iter().cloned()).collect();
                let v = &raw[ri][ci];
                if v.is_empty() {
                    continue;
                }
                if rule_holds(&rule.when, v, &pairs)
                    .map_err(|m| Error::usage(format!("rule `when`: {m}")).at(self.at(&format!("{rp}.when"))))?
                {
                    if rule.fill {
                        row[ci].fill = Some(color.clone());
                    } else {
                        for p in &mut row[ci].text.paras {
                            for r in &mut p.runs {
                                r.color = Some(color.clone());
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// The 合计 row, when `total:` asks for it.
    fn total(&self, t: &TableSpec, table: &mut Table, raw: &[Vec<String>], path: &str) -> Result<()> {
        if t.total.unwrap_or(false) {
            let row = if let (Some(by), false) = (&t.by, t.metrics.is_empty()) {
                super::generate::group_total(&self.env, by, &t.metrics, t.share.is_some())
                    .map_err(|e| e.at(self.at(&format!("{path}.total"))))?
            } else if !t.metrics.is_empty() {
                return Err(Error::usage("a table of metrics (one row per metric) has no 合计 row")
                    .at(self.at(&format!("{path}.total")))
                    .hint("leave out `total:`, or list the groups with `by:`"));
            } else {
                self.total_row(t, table, raw, path)?
            };
            table.rows.push(row);
            table.total_row = true;
        }
        Ok(())
    }

    /// Warns about text in a column of numbers (`暂无` among figures): it is
    /// shown as written and left out of totals, and the reader should know.
    fn text_among_numbers(&self, dt: &crate::data::Table, rows: &[&crate::data::Row], cols: &[usize], path: &str) {
        for &ci in cols {
            let numbers = rows.iter().filter(|r| matches!(cell_number(&r.cells[ci]), Ok(Some(_)))).count();
            let texts: Vec<String> = rows
                .iter()
                .filter(|r| {
                    let c = &r.cells[ci];
                    !c.is_empty() && cell_number(c).is_err() && !matches!(c.text().trim(), "—" | "-" | "--" | "/")
                })
                .map(|r| format!("{} \"{}\"", dt.cell_at(r, ci), crate::format::clip(&r.cells[ci].text(), 20)))
                .collect();
            // A column of numbers: two thirds of its filled cells are numbers.
            if texts.is_empty()
                || numbers < 2 * texts.len()
                || matches!(rows.first().map(|r| &r.cells[ci]), Some(DCell::Date(_)))
            {
                continue;
            }
            let more = if texts.len() > 3 { format!(" and {} more", texts.len() - 3) } else { String::new() };
            self.warnings.borrow_mut().push(
                crate::warning::Warning::new(format!(
                    "`{}` is a column of numbers, but {}{more} hold text: shown as written, left out of totals",
                    dt.columns[ci].name,
                    texts.iter().take(3).cloned().collect::<Vec<_>>().join(", ")
                ))
                .at(self.at(&format!("{path}.data"))),
            );
        }
    }

    /// The 合计 row of a table of rows: amounts and counts summed, times
    /// averaged weighted by a volume column, rates as a ratio of sums (given
    /// with `totals:`), nothing for text, years, ranks and dates.
    fn total_row(&self, t: &TableSpec, table: &Table, raw: &[Vec<String>], path: &str) -> Result<Vec<Cell>> {
        let n = table.header.len();
        let col = |name: &str| {
            table.header.iter().position(|h| crate::data::table::fold_name(h) == crate::data::table::fold_name(name))
        };
        let nums = |ci: usize| -> Vec<Option<f64>> { raw.iter().map(|r| parse_number(&r[ci])).collect() };
        let sum = |ci: usize| -> Option<f64> {
            let v: Vec<f64> = nums(ci).into_iter().flatten().collect();
            (!v.is_empty()).then(|| v.iter().sum())
        };
        let mut out = Vec::with_capacity(n);
        for ci in 0..n {
            let h = table.header[ci].as_str();
            // A column of numbers: two thirds of its filled cells are numbers
            // (text among them is warned about and left out).
            let filled = raw.iter().filter(|r| !r[ci].trim().is_empty()).count();
            let numbers = nums(ci).iter().filter(|v| v.is_some()).count();
            let numeric = numbers > 0 && numbers * 3 >= filled * 2;
            let rule = match t.totals.get(h) {
                Some(r) => TotalRule::parse(r).ok_or_else(|| {
                    Error::usage(format!(
                        "`totals: {{{h}: {r}}}` — use sum, avg, avg(权重列), ratio(分子列/分母列) or none"
                    ))
                    .at(self.at(&format!("{path}.totals")))
                })?,
                None if ci == 0 || !numeric => TotalRule::None,
                None => TotalRule::by_header(h, &table.header),
            };
            let value = match &rule {
                TotalRule::None => None,
                TotalRule::Sum => sum(ci),
                TotalRule::Avg(None) => {
                    let v: Vec<f64> = nums(ci).into_iter().flatten().collect();
                    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
                }
                TotalRule::Avg(Some(w)) => {
                    let wi = col(w).ok_or_else(|| self.no_column(w, table, path))?;
                    let (mut vw, mut ws) = (0.0, 0.0);
                    for (v, w) in nums(ci).into_iter().zip(nums(wi)) {
                        if let (Some(v), Some(w)) = (v, w) {
                            vw += v * w;
                            ws += w;
                        }
                    }
                    (ws != 0.0).then(|| vw / ws)
                }
                TotalRule::Ratio(a, b) => {
                    let (ai, bi) = (
                        col(a).ok_or_else(|| self.no_column(a, table, path))?,
                        col(b).ok_or_else(|| self.no_column(b, table, path))?,
                    );
                    // Over the rows that have both.
                    let (mut x, mut y) = (0.0, 0.0);
                    for (a, b) in nums(ai).into_iter().zip(nums(bi)) {
                        if let (Some(a), Some(b)) = (a, b) {
                            x += a;
                            y += b;
                        }
                    }
                    (y != 0.0).then(|| x / y)
                }
            };
            let text = match value {
                _ if ci == 0 => "合计".to_string(),
                None => String::new(),
                Some(v) => match t.formats.get(h) {
                    Some(code) => format::by_code(v, code),
                    None if matches!(rule, TotalRule::Ratio(..)) && v.abs() <= 1.5 => format::pct(v, 1),
                    None if matches!(rule, TotalRule::Avg(_)) => format::fixed(v, 1),
                    None => auto_format(v, h),
                },
            };
            out.push(Cell { text: Rich::plain(text), fill: None, numeric });
        }
        Ok(out)
    }

    fn no_column(&self, name: &str, table: &Table, path: &str) -> Error {
        Error::usage(format!("`totals` names `{name}`, which is not a column of this table"))
            .at(self.at(&format!("{path}.totals")))
            .suggest(name, table.header.iter().map(String::as_str))
            .hint(format!("columns: {}", table.header.join(", ")))
    }
}

/// How a column adds up in a 合计 row.
#[derive(Debug, Clone, PartialEq)]
enum TotalRule {
    None,
    Sum,
    /// A mean, weighted by a volume column when given.
    Avg(Option<String>),
    /// Σ numerator / Σ denominator.
    Ratio(String, String),
}

impl TotalRule {
    fn parse(s: &str) -> Option<TotalRule> {
        let s = s.trim();
        Some(match s {
            "sum" | "合计" | "求和" => TotalRule::Sum,
            "avg" | "平均" => TotalRule::Avg(None),
            "none" | "" | "无" => TotalRule::None,
            _ => {
                let inner =
                    |p: &str| s.strip_prefix(p).and_then(|r| r.strip_prefix('(')).and_then(|r| r.strip_suffix(')'));
                if let Some(w) = inner("avg") {
                    TotalRule::Avg(Some(w.trim().to_string()))
                } else {
                    let (a, b) = inner("ratio")?.split_once('/')?;
                    TotalRule::Ratio(a.trim().to_string(), b.trim().to_string())
                }
            }
        })
    }

    /// The default for a column by its header: rates and shares have no
    /// total unless told how (a ratio of two columns), times are weighted by
    /// a volume column if the table has one, years and ranks have none.
    fn by_header(h: &str, headers: &[String]) -> TotalRule {
        let has = |words: &[&str]| words.iter().any(|w| h.contains(w));
        if has(&["率", "占比", "比例", "%", "年份", "排名", "序号", "名次", "评分", "得分", "单价", "均价", "客单价"])
        {
            return TotalRule::None;
        }
        if has(&["秒", "分钟", "小时", "时长", "首响", "平响", "响应"]) {
            let volume = ["接待量", "接待人数", "咨询量", "会话量", "新增工单", "工单数"];
            return match headers.iter().find(|x| volume.iter().any(|v| x.contains(v))) {
                Some(w) => TotalRule::Avg(Some(w.clone())),
                None => TotalRule::None,
            };
        }
        TotalRule::Sum
    }
}

/// A column of money shown in 万 or 亿 is in 万元 or 亿元: one money unit in
/// the deck, not 万 in a table beside 万元 everywhere else.
fn money_code(code: &str, column: &str) -> String {
    let c = code.trim();
    if (c.ends_with('万') || c.ends_with('亿')) && format::names_money(column) {
        format!("{c}元")
    } else {
        code.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::rule_holds;

    #[test]
    fn rules() {
        let row = vec![("实际".to_string(), "0.37".to_string()), ("目标".to_string(), "0.4".to_string())];
        assert!(rule_holds("< 1", "0.9", &row).unwrap());
        assert!(rule_holds(">= 40%", "0.4", &row).unwrap());
        assert!(rule_holds("< 目标", "0.37", &row).unwrap());
        assert!(rule_holds("== \"未完成\"", "未完成", &row).unwrap());
        assert!(rule_holds("bogus", "1", &row).is_err());
    }
}
