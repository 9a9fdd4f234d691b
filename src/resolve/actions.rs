//! Generated metric bullets joined with the team's own rows: each metric a
//! list names (a weak KPI, a missed target) followed by the rows of a sheet
//! whose 指标 names it — the actions only a person knows — so a growth plan
//! starts from the data and says what will be done about each point.

use super::Context;
use super::generate;
use crate::error::{Error, Result};
use crate::model::{Para, Run};
use crate::spec::GenerateSpec;

/// The column of `from` that names the metric a row is about.
const METRIC_COLUMN: &str = "指标";

impl Context<'_> {
    /// The bullets of a metric generator (`weakest`, `missed_targets`…), each
    /// followed by the rows of `from` whose 指标 names its metric (by name or
    /// label), written by `text`, one level down; a metric without a row
    /// says so. Rows about no listed metric follow the list; the generator's
    /// rule line stays last.
    pub fn bullets_with_actions(&self, g: &GenerateSpec, path: &str) -> Result<Vec<Para>> {
        let from = g.from.as_deref().unwrap_or_default();
        let fp = format!("{path}.from");
        let cr = crate::data::ColumnRef::parse(from)
            .ok_or_else(|| Error::usage(format!("`from: {from}` is not a table")).at(self.at(&fp)))?;
        let t = self.data.table(&cr.table).map_err(|e| e.at(self.at(&fp)))?;
        // Without a 指标 column, a row is about the metric its text starts
        // with (`首次响应时间：降到目标18秒以内`).
        let ci = t.col(METRIC_COLUMN).ok();
        let template = g.text.clone().ok_or_else(|| {
            Error::usage("`from:` needs `text:`, how each of its rows is written")
                .at(self.at(path))
                .hint("e.g. text: \"{{方向}}：{{计划}}\"")
        })?;
        let items = generate::bullets_of(&self.env, g).map_err(|e| e.at(self.at(path)))?;
        let rows = self.rows_where(t, g.filter.as_deref(), &format!("{path}.where"))?;
        // The metric each row is about; a row about no metric of the spec is
        // about none (it is still listed, after the metrics).
        let candidates: Vec<(String, String)> = g
            .metrics
            .iter()
            .filter_map(|n| self.env.metrics.def(n).ok().map(|d| (n.clone(), d.label.clone())))
            .collect();
        let about: Vec<Option<String>> = rows
            .iter()
            .map(|r| match ci {
                Some(ci) => self.env.metric_named(&r.cells[ci].text()).ok(),
                None => r.cells.iter().find_map(|c| {
                    let text = c.text();
                    let text = text.trim_start();
                    candidates
                        .iter()
                        .find(|(n, l)| lead_of(text, l).is_some() || lead_of(text, n).is_some())
                        .map(|(n, _)| n.clone())
                }),
            })
            .collect();
        let write = |row: &crate::data::Row, level: u8| -> Result<Para> {
            let mut runs = self.row_runs(t, row, &template, &format!("{path}.text"))?;
            // Under its metric, a row need not repeat the metric's name.
            if level == 1
                && ci.is_none()
                && let Some(first) = runs.first_mut()
                && let Some(rest) =
                    candidates.iter().find_map(|(n, l)| lead_of(&first.text, l).or(lead_of(&first.text, n)))
            {
                first.text = rest.to_string();
            }
            Ok(Para { runs, level, bullet: true })
        };
        let mut used = vec![false; rows.len()];
        let (mut listed, mut lines) = (Vec::new(), Vec::new());
        let mut listed_names: Vec<String> = Vec::new();
        for (metric, para) in items {
            let Some(m) = metric else {
                lines.push(para);
                continue;
            };
            listed_names.push(m.clone());
            listed.push(para);
            let mut any = false;
            let mut mine: Vec<Para> = Vec::new();
            for (k, row) in rows.iter().enumerate() {
                if about[k].as_deref() == Some(m.as_str()) {
                    used[k] = true;
                    any = true;
                    let p = write(row, 1)?;
                    match mine.last_mut() {
                        Some(last) if same_lead(last, &p) => join_rest(last, p),
                        _ => mine.push(p),
                    }
                }
            }
            listed.extend(mine);
            if !any {
                listed.push(Para {
                    runs: vec![Run {
                        text: match ci {
                            Some(_) => format!("还没有对应的计划（在“{}”表中按{METRIC_COLUMN}填写）", cr.table),
                            None => format!("还没有对应的计划（在“{}”表中添加一行）", cr.table),
                        },
                        ..Default::default()
                    }],
                    level: 1,
                    bullet: true,
                });
            }
        }
        // A row about a missed target cut by `limit:` goes with it (the
        // list names it in its 共N项未达成，另有… line).
        let cut: Vec<String> = match (g.limit, g.generate.as_str()) {
            (Some(_), "missed_targets") => generate::select(&self.env, &g.metrics, "missed_targets")
                .map_err(|e| e.at(self.at(path)))?
                .into_iter()
                .filter(|n| !listed_names.contains(n))
                .collect(),
            _ => Vec::new(),
        };
        let rest: Vec<Para> = rows
            .iter()
            .enumerate()
            .filter(|(k, _)| !used[*k] && about[*k].as_ref().is_none_or(|m| !cut.contains(m)))
            .map(|(_, r)| write(r, 0))
            .collect::<Result<_>>()?;
        // Nothing listed: the line that says so first, then the rows.
        Ok(if listed.is_empty() {
            lines.into_iter().chain(rest).collect()
        } else {
            listed.into_iter().chain(rest).chain(lines).collect()
        })
    }
}

/// The text after `name：` when `text` starts with it.
fn lead_of<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let rest = text.trim_start().strip_prefix(name)?;
    rest.strip_prefix('：').or_else(|| rest.strip_prefix(':')).map(str::trim_start).filter(|r| !r.is_empty())
}

/// Whether two rows start with the same bold lead (`**提升邀评**：…` twice).
fn same_lead(a: &Para, b: &Para) -> bool {
    match (a.runs.first(), b.runs.first()) {
        (Some(x), Some(y)) => x.bold && y.bold && x.text == y.text && a.runs.len() > 1 && b.runs.len() > 1,
        _ => false,
    }
}

/// The second row's text after its lead, joined to the first with `；`, so
/// a lead is said once: `提升邀评：甲；乙`.
fn join_rest(into: &mut Para, from: Para) {
    let mut rest = from.runs.into_iter().skip(1);
    if let Some(mut r) = rest.next() {
        r.text = format!("；{}", r.text.trim_start_matches(['：', ':']).trim_start());
        into.runs.push(r);
    }
    into.runs.extend(rest);
}
