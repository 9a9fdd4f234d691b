//! A metrics table joined with the team's own rows about each metric: the
//! problem → data → cause → measure → owner → deadline table of a review.
//! The metric columns and the `cells:` templates are computed; the other
//! columns come from the rows the team filled in (`notes:`), found by the
//! metric's label or name. A metric with no row says so, and `check` warns.

use super::Context;
use super::eval::Env;
use super::generate::{column_kind, metric_table};
use crate::data::date::Date;
use crate::data::{Row, Table as DTable};
use crate::error::{Error, Result};
use crate::format::MISSING;
use crate::model::{Align, Cell, ColorRef, Para, Rich, Run, Table, TimelineRow};
use crate::spec::{NotesSpec, TableSpec, TimelineActions};
use std::collections::BTreeMap;

/// The team's rows, and the column that names each row's metric.
struct Notes<'t> {
    table: &'t DTable,
    rows: Vec<&'t Row>,
    key: usize,
    sheet: String,
    missing: String,
    /// The deadline column (`overdue:`) and the 状态 column, if any.
    due: Option<usize>,
    status: Option<usize>,
    /// The day a deadline is judged against, and the year a bare `3月` is in.
    today: Date,
    year: i32,
}

impl Notes<'_> {
    /// The row about a metric, by its label or its name.
    fn row(&self, label: &str, name: &str) -> Option<&Row> {
        self.rows.iter().copied().find(|r| {
            let k = r.cells[self.key].text();
            let k = k.trim();
            k == label || k == name
        })
    }

    /// How many days a row not done is past its deadline (`None` when it
    /// is done, not late, or has no deadline).
    fn late(&self, r: &Row) -> Option<i64> {
        let due = deadline(&r.cells[self.due?], self.year)?;
        if let Some(s) = self.status
            && DONE.contains(&r.cells[s].text().trim())
        {
            return None;
        }
        let late = self.today.days() - due.days();
        (late > 0).then_some(late)
    }

    /// Whether the table shows the sheet's 状态 column (where lateness is said).
    fn status_shown(&self, t: &TableSpec) -> bool {
        self.status.is_some_and(|s| t.columns.iter().any(|c| self.table.col(c).ok() == Some(s)))
    }
}

/// What a 状态 says when an action is finished.
const DONE: &[&str] = &["已完成", "完成", "已解决", "已关闭", "关闭"];

/// A deadline cell as a day: a date, or the last day of a month
/// (`2027年3月`, `3月` in `year`).
fn deadline(c: &crate::data::Cell, year: i32) -> Option<Date> {
    use crate::data::date::{DateText, days_in_month, parse_text};
    let month_end = |y: i32, m: u32| Date::new(y, m, days_in_month(y, m));
    match c {
        crate::data::Cell::Text(s) => match parse_text(s.trim())? {
            DateText::Day(d) => Some(d),
            DateText::Month(y, m) => month_end(y, m),
            DateText::MonthOnly(m) => month_end(year, m),
        },
        other => crate::data::value::cell_date(other, Some(year)),
    }
}

impl Context<'_> {
    /// One row per metric of `names`, with the columns of `t.columns`:
    /// metric columns (实际, 目标, 差距…), `cells:` templates, and the
    /// columns of the team's rows. Then the team's rows about anything
    /// else in `t.metrics`'s place: problems that are not a listed metric.
    pub fn notes_table(&self, t: &TableSpec, names: &[String], path: &str) -> Result<Table> {
        let notes = t.notes.as_ref().map(|n| self.notes(n, &format!("{path}.notes"))).transpose()?;
        self.check_columns(t, notes.as_ref(), path)?;
        let kind_cols: Vec<String> = t.columns.iter().filter(|c| is_metric_col(c, notes.as_ref())).cloned().collect();
        let base = metric_table(&self.env, names, &kind_cols).map_err(|e| e.at(self.at(path)))?;
        let mut rows = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let label = self.env.metrics.def(name)?.label.clone();
            let row = notes.as_ref().and_then(|n| n.row(&label, name));
            if let (Some(n), None) = (&notes, row) {
                self.warn_no_row(t, n, &label, path);
            }
            let known = self.metric_vars(t, notes.as_ref(), row, name, &label, path)?;
            rows.push(self.notes_row(t, notes.as_ref(), row, &known, |k| base.rows[i][k].clone(), path)?);
        }
        if let Some(n) = &notes {
            for r in n.rows.iter().copied().filter(|r| !self.names_listed(t, &r.cells[n.key].text())) {
                let vars = self.vars_of(Some(n), Some(r), &n.table.columns[n.key].name, &r.cells[n.key].text());
                rows.push(self.notes_row(t, Some(n), Some(r), &vars, |_| Cell::plain(""), path)?);
            }
        }
        let align = t.columns.iter().map(|c| {
            if is_metric_col(c, notes.as_ref()) && column_kind(c) != Some("指标") {
                Align::Right
            } else {
                Align::Left
            }
        });
        let header = t
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| self.plain(c, &format!("{path}.columns[{i}]")))
            .collect::<Result<_>>()?;
        Ok(Table { header, rows, align: align.collect(), ..Default::default() })
    }

    /// Whether a team row's key names one of the table's metrics (so it
    /// was shown in that metric's row, or dropped with it).
    fn names_listed(&self, t: &TableSpec, key: &str) -> bool {
        let key = key.trim();
        t.metrics.iter().any(|m| m == key || self.env.metrics.def(m).is_ok_and(|d| d.label == key))
    }

    /// The team's sheet, filtered, and its key column.
    fn notes(&self, n: &NotesSpec, path: &str) -> Result<Notes<'_>> {
        let table = self.data.table(&n.from).map_err(|e| e.at(self.at(&format!("{path}.from"))))?;
        let key_name = n.key.as_deref().unwrap_or("指标");
        let key = table.col(key_name).map_err(|e| e.at(self.at(&format!("{path}.key"))))?;
        let rows = self.rows_where(table, n.filter.as_deref(), &format!("{path}.where"))?;
        let missing = n.missing.clone().unwrap_or_else(|| "待填写".into());
        let due = n
            .overdue
            .as_deref()
            .map(|c| table.col(c))
            .transpose()
            .map_err(|e| e.at(self.at(&format!("{path}.overdue"))))?;
        let status = table.col("状态").ok();
        // Lateness as of the report: today, but never past the month after
        // the period (the month its cover names), so a deck rebuilt later
        // for an old period does not call its own next steps late.
        let next = self.env.period.end.add_months(1);
        let report_end = Date::new(next.y, next.m, crate::data::date::days_in_month(next.y, next.m)).unwrap_or(next);
        let today = Date::today().min(report_end);
        let year = self.env.period.end.y;
        Ok(Notes { table, rows, key, sheet: n.from.clone(), missing, due, status, today, year })
    }

    /// Every column is a metric column, a `cells:` template or a column of
    /// the team's sheet.
    fn check_columns(&self, t: &TableSpec, notes: Option<&Notes>, path: &str) -> Result<()> {
        if let Some(k) = t.cells.keys().find(|k| !t.columns.contains(k)) {
            return Err(Error::usage(format!("`cells: {k}` is not in `columns:`"))
                .at(self.at(&format!("{path}.cells")))
                .hint("list the computed column in `columns:` where it goes"));
        }
        if let Some(Err(e)) = t.causes.keys().map(|k| self.env.metrics.def(k)).find(|d| d.is_err()) {
            return Err(e.at(self.at(&format!("{path}.causes"))));
        }
        for c in &t.columns {
            if is_metric_col(c, notes) || t.cells.contains_key(c) {
                continue;
            }
            match notes {
                Some(n) => {
                    n.table.col(c).map_err(|e| e.at(self.at(&format!("{path}.columns"))))?;
                }
                None => {
                    return Err(Error::usage(format!("a metrics table has no column `{c}`"))
                        .at(self.at(&format!("{path}.columns")))
                        .hint("metric columns: 指标, 实际, 目标, 达成率, 去年, 同比, 上期, 环比, 差距, 状态, 团队平均, 排名; other columns need `cells:` or `notes:`"));
                }
            }
        }
        Ok(())
    }

    /// The names a metric's `cells:` templates see: the team row's columns,
    /// `指标` (the metric's label) and `数据原因` (its `causes:` text, or
    /// nothing).
    fn metric_vars(
        &self,
        t: &TableSpec,
        notes: Option<&Notes>,
        row: Option<&Row>,
        name: &str,
        label: &str,
        path: &str,
    ) -> Result<BTreeMap<String, String>> {
        let mut vars = self.vars_of(notes, row, "指标", label);
        let cause = match t.causes.get(name) {
            Some(tpl) => {
                let runs = self.runs_with(&vars, tpl, &format!("{path}.causes.{name}"))?;
                let text: String = runs.into_iter().map(|r| r.text).collect();
                if text.trim().is_empty() { MISSING.to_string() } else { text }
            }
            None => MISSING.to_string(),
        };
        vars.insert("数据原因".into(), cause);
        Ok(vars)
    }

    /// The deck's names, the team row's columns (empty ones when there is no
    /// row), and `key` = `value`.
    fn vars_of(&self, notes: Option<&Notes>, row: Option<&Row>, key: &str, value: &str) -> BTreeMap<String, String> {
        let mut vars = match (notes, row) {
            (Some(n), Some(r)) => self.row_vars(n.table, r),
            (Some(n), None) => {
                let mut v = self.env.vars.clone();
                v.extend(n.table.columns.iter().map(|c| (c.name.clone(), MISSING.to_string())));
                v
            }
            (None, _) => self.env.vars.clone(),
        };
        vars.insert(key.to_string(), value.trim().to_string());
        vars
    }

    fn runs_with(&self, vars: &BTreeMap<String, String>, tpl: &str, path: &str) -> Result<Vec<Run>> {
        let env = Env { vars, ..self.env.with(self.env.period, self.env.scope.clone()) };
        self.with_env(env).runs(tpl, path)
    }

    /// One row's cells: metric columns from `metric_cell`, templates with
    /// `vars`, the rest from the team's row (or its `missing` text).
    fn notes_row(
        &self,
        t: &TableSpec,
        notes: Option<&Notes>,
        row: Option<&Row>,
        vars: &BTreeMap<String, String>,
        metric_cell: impl Fn(usize) -> Cell,
        path: &str,
    ) -> Result<Vec<Cell>> {
        let mut cells = Vec::new();
        let mut k = 0;
        for c in &t.columns {
            if is_metric_col(c, notes) {
                let cell = metric_cell(k);
                k += 1;
                // A problem that is not a metric is named by its key.
                let empty = cell.text.paras.iter().all(|p| p.runs.iter().all(|r| r.text.is_empty()));
                cells.push(if empty && column_kind(c) == Some("指标") {
                    Cell::plain(vars_key(vars, notes))
                } else {
                    cell
                });
            } else if let Some(tpl) = t.cells.get(c) {
                let runs = self.runs_with(vars, tpl, &format!("{path}.cells.{c}"))?;
                let runs = if row.is_none() && crate::resolve::eval::is_missing(&runs) { Vec::new() } else { runs };
                cells.push(Cell {
                    text: Rich { paras: vec![Para { runs, level: 0, bullet: false }] },
                    ..Default::default()
                });
            } else {
                cells.push(match (notes, row) {
                    (Some(n), Some(r)) => {
                        let text = cell_text(n.table, r, c);
                        let col = n.table.col(c).ok();
                        match n.late(r) {
                            // Late: said in the 状态 column, or after the deadline.
                            Some(d) if col.is_some() && col == n.status => late_cell(Vec::new(), d),
                            Some(d) if col.is_some() && col == n.due && !n.status_shown(t) => {
                                late_cell(vec![Run { text, ..Default::default() }], d)
                            }
                            _ => Cell::plain(text),
                        }
                    }
                    (Some(n), None) => missing_cell(&n.missing),
                    (None, _) => Cell::plain(""),
                });
            }
        }
        Ok(cells)
    }

    /// Timeline rows from the measures of a problem table: each from the
    /// first month to the month of its deadline.
    pub fn timeline_actions(&self, a: &TimelineActions, n: u32, path: &str) -> Result<Vec<TimelineRow>> {
        let t = self.data.table(&a.from).map_err(|e| e.at(self.at(&format!("{path}.from"))))?;
        let until = t.col(&a.until).map_err(|e| e.at(self.at(&format!("{path}.until"))))?;
        let owner =
            a.owner.as_deref().map(|o| t.col(o)).transpose().map_err(|e| e.at(self.at(&format!("{path}.owner"))))?;
        let mut rows = Vec::new();
        for r in self.rows_where(t, a.filter.as_deref(), &format!("{path}.where"))? {
            let end = month_of(&r.cells[until]).filter(|m| (1..=n).contains(m)).ok_or_else(|| {
                Error::build(format!(
                    "`{}` needs a deadline month (a date, 2027年3月 or 3月), found \"{}\"",
                    a.until,
                    r.cells[until].text()
                ))
                .at(t.cell_at(r, until))
            })?;
            let task: String =
                self.row_runs(t, r, &a.task, &format!("{path}.task"))?.into_iter().map(|x| x.text).collect();
            let owner = owner.map(|o| r.cells[o].text()).unwrap_or_default();
            rows.push(TimelineRow { task, start: 0, end: (end - 1) as usize, owner, color: None });
        }
        Ok(rows)
    }

    fn warn_no_row(&self, t: &TableSpec, n: &Notes, label: &str, path: &str) {
        let what = match t.only.as_deref() {
            Some("missed_targets") => "missed its target",
            Some("weaknesses") => "is a weakness",
            _ => "is listed",
        };
        self.warnings.borrow_mut().push(
            crate::warning::Warning::new(format!(
                "{label} {what} but has no row in `{}` — add one with {} = {label} (cause, measure, owner, \
                 deadline); the slide says \"{}\" until then",
                n.sheet, n.table.columns[n.key].name, n.missing
            ))
            .at(self.at(path)),
        );
    }
}

/// A column computed from the metric (实际, 目标, 状态…) — unless the
/// team's sheet has a column of that name (its own 状态), which wins.
fn is_metric_col(c: &str, notes: Option<&Notes>) -> bool {
    match column_kind(c) {
        Some("指标") => true,
        Some(_) => notes.is_none_or(|n| n.table.col(c).is_err()),
        None => false,
    }
}

/// The key of an extra row (a problem that is not a metric), or its 问题.
fn vars_key(vars: &BTreeMap<String, String>, notes: Option<&Notes>) -> String {
    let key = notes.and_then(|n| vars.get(&n.table.columns[n.key].name)).cloned().unwrap_or_default();
    if key.trim().is_empty() { vars.get("问题").cloned().unwrap_or_default() } else { key }
}

/// A cell of the team's row as text (dates as 3月5日).
fn cell_text(t: &DTable, r: &Row, column: &str) -> String {
    match t.col(column).map(|i| &r.cells[i]) {
        Ok(crate::data::Cell::Date(d)) => format!("{}月{}日", d.m, d.d),
        Ok(c) => c.text(),
        Err(_) => String::new(),
    }
}

/// The month a cell names: a date, `2027年3月`, `3月` or 3.
pub(super) fn month_of(c: &crate::data::Cell) -> Option<u32> {
    match c {
        crate::data::Cell::Date(d) => Some(d.m),
        other => {
            let s = other.text();
            let s = s.trim();
            let s = s.split_once('年').map_or(s, |(_, m)| m);
            let m: f64 = crate::data::value::parse_number(s.trim_end_matches('月'))?;
            (m.fract() == 0.0 && m >= 1.0).then_some(m as u32)
        }
    }
}

/// A cell that says an action is `days` past its deadline, after `runs`, in
/// the worse colour.
fn late_cell(mut runs: Vec<Run>, days: i64) -> Cell {
    let text = if runs.is_empty() { format!("已逾期{days}天") } else { format!("（已逾期{days}天）") };
    runs.push(Run { text, bold: true, color: Some(ColorRef::Custom("bad".into())) });
    Cell { text: Rich { paras: vec![Para { runs, level: 0, bullet: false }] }, fill: None, numeric: false }
}

/// A cell the team has not filled in yet: said, in the neutral colour.
fn missing_cell(text: &str) -> Cell {
    Cell::colored(text, ColorRef::Custom("neutral".into()))
}
