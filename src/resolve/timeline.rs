//! The Gantt-style work plan of a timeline slide: rows given, rows from a
//! table, and the measures of a problem table.

use super::{Context, notes};
use crate::data::Row;
use crate::error::{Error, Result};
use crate::model::{Timeline, TimelineRow};

/// The timeline: its month headers and rows.
pub(super) fn timeline(cx: &Context, t: &crate::spec::TimelineSpec, path: &str) -> Result<Timeline> {
    let months: Vec<String> =
        if t.months.is_empty() { (1..=12).map(|m| format!("{m}月")).collect() } else { t.months.clone() };
    if let Some(from) = &t.from {
        let mut rows = timeline_rows(cx, from, t.filter.as_deref(), months.len() as u32, &format!("{path}.from"))?;
        if let Some(a) = &t.actions {
            rows.extend(cx.timeline_actions(a, months.len() as u32, &format!("{path}.actions"))?);
        }
        return Ok(Timeline { rows, months });
    }
    if t.rows.is_empty() {
        return Err(Error::usage("a timeline needs `rows:` or `from:`").at(cx.at(path)));
    }
    let mut rows = Vec::new();
    for (i, r) in t.rows.iter().enumerate() {
        let rp = format!("{path}.rows[{i}]");
        let n = months.len() as u32;
        if r.start < 1 || r.end < r.start || r.end > n {
            return Err(Error::usage(format!(
                "`start: {}` … `end: {}` must run within 1…{n}, start first",
                r.start, r.end
            ))
            .at(cx.at(&rp)));
        }
        rows.push(TimelineRow {
            task: cx.plain(&r.task, &format!("{rp}.task"))?,
            start: (r.start - 1) as usize,
            end: (r.end - 1) as usize,
            owner: r.owner.as_ref().map(|o| cx.plain(o, &format!("{rp}.owner"))).transpose()?.unwrap_or_default(),
            color: r.color.as_deref().map(|c| cx.color(c, &format!("{rp}.color"))).transpose()?,
        });
    }
    Ok(Timeline { months, rows })
}

/// Timeline rows from a table: `工作计划[事项, 开始月, 结束月, 负责人]`.
fn timeline_rows(cx: &Context, from: &str, filter: Option<&str>, n: u32, path: &str) -> Result<Vec<TimelineRow>> {
    let at = cx.at(path);
    let cr = crate::data::ColumnRef::parse(from).filter(|c| (3..=4).contains(&c.columns.len())).ok_or_else(|| {
        Error::usage(format!("`from: {from}` needs a table and its columns: task, start month, end month[, owner]"))
            .at(at.clone())
            .hint("e.g. from: 工作计划[事项, 开始月, 结束月, 负责人]")
    })?;
    let t = cx.data.table(&cr.table).map_err(|e| e.at(at.clone()))?;
    let cols: Vec<usize> = cr.columns.iter().map(|c| t.col(c)).collect::<Result<_>>().map_err(|e| e.at(at.clone()))?;
    let month = |row: &Row, k: usize| -> Result<u32> {
        let c = &row.cells[cols[k]];
        notes::month_of(c).filter(|m| (1..=n).contains(m)).ok_or_else(|| {
            Error::build(format!("`{}` needs a month from 1 to {n}, found \"{}\"", cr.columns[k], c.text()))
                .at(t.cell_at(row, cols[k]))
        })
    };
    let mut rows = Vec::new();
    for row in cx.rows_where(t, filter, path)? {
        let task = row.cells[cols[0]].text();
        if task.trim().is_empty() {
            continue;
        }
        let (start, end) = (month(row, 1)?, month(row, 2)?);
        if end < start {
            return Err(Error::build(format!("`{task}` ends ({end}月) before it starts ({start}月)"))
                .at(t.cell_at(row, cols[2])));
        }
        let owner = cols.get(3).map(|&c| row.cells[c].text()).unwrap_or_default();
        rows.push(TimelineRow { task, start: (start - 1) as usize, end: (end - 1) as usize, owner, color: None });
    }
    if rows.is_empty() {
        return Err(Error::build(format!("`{}` has no rows for the timeline", cr.table))
            .at(at)
            .hint(format!("fill in the sheet: {}", cr.columns.join(", "))));
    }
    Ok(rows)
}
