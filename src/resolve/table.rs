//! Table specs → table models: literal rows, rows of a data table, or one
//! row per metric; number formats, alignment, sorting, totals and colour rules.

use super::Cx;
use crate::data::ColumnRef;
use crate::data::value::{Cell as DCell, cell_number, parse_number};
use crate::error::{Error, Result};
use crate::format;
use crate::model::{Align, Cell, Para, Rich, Run, Table};
use crate::spec::TableSpec;

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

impl Cx<'_> {
    pub fn table(&self, t: &TableSpec, path: &str) -> Result<Table> {
        let at = self.at(path);
        let mut table;
        // Raw values per cell (for sorting, totals and rules), by row.
        let mut raw: Vec<Vec<String>>;
        if let (Some(by), false) = (&t.by, t.metrics.is_empty()) {
            table = super::generate::group_table(&self.env, by, &t.metrics, t.share.as_deref())
                .map_err(|e| e.at(self.at(&format!("{path}.by"))))?;
            raw = raw_of(&table);
        } else if !t.metrics.is_empty() {
            let names = match &t.only {
                Some(which) => super::generate::select(&self.env, &t.metrics, which)
                    .map_err(|e| e.at(self.at(&format!("{path}.only"))))?,
                None => t.metrics.clone(),
            };
            table = super::generate::metric_table(&self.env, &names, &t.columns).map_err(|e| e.at(at.clone()))?;
            raw = raw_of(&table);
        } else if let Some(d) = &t.data {
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
            let cols: Vec<usize> = names
                .iter()
                .map(|n| dt.col(n))
                .collect::<Result<_>>()
                .map_err(|e| e.at(self.at(&format!("{path}.data"))))?;
            let header: Vec<String> =
                if !cr.columns.is_empty() && t.columns.len() == cols.len() { t.columns.clone() } else { names.clone() };
            let rows = self.rows_of(dt);
            // A unit column formats the numbers of its row and is not shown.
            let unit_col = match &t.unit_column {
                Some(u) => Some(dt.col(u).map_err(|e| e.at(self.at(&format!("{path}.unit_column"))))?),
                None => None,
            };
            raw = Vec::new();
            let mut cells: Vec<Vec<Cell>> = Vec::new();
            for r in rows {
                let unit = unit_col.map(|u| r.cells[u].text());
                let mut out = Vec::new();
                let mut rr = Vec::new();
                for (k, &ci) in cols.iter().enumerate() {
                    let c = &r.cells[ci];
                    let (text, numeric) = match c {
                        DCell::Date(d) => match t.formats.get(&header[k]) {
                            Some(code) => (super::eval::date_fmt(*d, code), false),
                            None => (d.to_string(), false),
                        },

                        DCell::Num(v) => {
                            let txt = match (t.formats.get(&header[k]), &unit) {
                                (Some(code), _) => format::by_code(*v, &money_code(code, &header[k])),
                                (None, Some(u)) => format::with_unit(*v, u, None),
                                (None, None) => auto_format(*v, &header[k]),
                            };
                            (txt, true)
                        }
                        other => {
                            let s = other.text();
                            match (parse_number(&s), t.formats.get(&header[k])) {
                                (Some(v), Some(code)) => (format::by_code(v, &money_code(code, &header[k])), true),
                                (Some(_), None) => (s, true),
                                _ => (s, false),
                            }
                        }
                    };
                    rr.push(match c {
                        DCell::Num(v) => crate::xml::num(*v),
                        other => other.text(),
                    });
                    out.push(Cell { text: Rich::plain(text), fill: None, numeric });
                }
                raw.push(rr);
                cells.push(out);
            }
            let mut header = header;
            if let Some(u) = unit_col
                && let Some(k) = cols.iter().position(|c| *c == u)
            {
                header.remove(k);
                for row in &mut cells {
                    row.remove(k);
                }
                for row in &mut raw {
                    row.remove(k);
                }
            }
            table = Table { header, rows: cells, ..Default::default() };
        } else {
            if t.columns.is_empty() {
                return Err(Error::usage("a table needs `columns:` with `rows:`, or `data:`, or `metrics:`").at(at));
            }
            let header = t
                .columns
                .iter()
                .enumerate()
                .map(|(i, c)| self.plain(c, &format!("{path}.columns[{i}]")))
                .collect::<Result<Vec<_>>>()?;
            raw = Vec::new();
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
            table = Table { header, rows: cells, ..Default::default() };
        }
        let n = table.header.len();

        // Sort and cut.
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
            raw = idx.iter().map(|&i| raw[i].clone()).collect();
        }
        if let Some(top) = t.top {
            table.rows.truncate(top);
            raw.truncate(top);
        }

        // Alignment: numbers right, text left, unless set.
        table.align = (0..n)
            .map(|ci| {
                if let Some(a) = t.align.get(&table.header[ci]) {
                    return match a.as_str() {
                        "right" | "r" => Ok(Align::Right),
                        "center" | "centre" | "c" => Ok(Align::Center),
                        "left" | "l" => Ok(Align::Left),
                        other => Err(Error::usage(format!("`align: {other}` — use left, center or right"))
                            .at(self.at(&format!("{path}.align")))),
                    };
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
                    .at(at.clone())
                    .suggest(k, table.header.iter().map(String::as_str))
                    .hint(format!("columns: {}", table.header.join(", "))));
            }
        }

        // Colour rules.
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

        // Total row.
        if t.total.unwrap_or(false) {
            let mut total: Vec<Cell> = Vec::with_capacity(n);
            for ci in 0..n {
                let nums: Vec<f64> = raw.iter().filter_map(|r| parse_number(&r[ci])).collect();
                let numeric = table.align.get(ci) == Some(&Align::Right) && !nums.is_empty();
                let text = if ci == 0 {
                    "合计".to_string()
                } else if numeric && !table.header[ci].contains('率') {
                    let s: f64 = nums.iter().sum();
                    match t.formats.get(&table.header[ci]) {
                        Some(code) => format::by_code(s, code),
                        None => auto_format(s, &table.header[ci]),
                    }
                } else {
                    String::new()
                };
                total.push(Cell { text: Rich::plain(text), fill: None, numeric });
            }
            table.rows.push(total);
            table.total_row = true;
        }
        if !t.widths.is_empty() {
            if t.widths.len() != n {
                return Err(Error::usage(format!("`widths` has {} numbers for {n} columns", t.widths.len()))
                    .at(self.at(&format!("{path}.widths"))));
            }
            table.widths = t.widths.clone();
        }
        table.rows_per_slide = t.rows_per_slide;
        if table.rows.is_empty() {
            table.rows.push((0..n).map(|i| Cell::plain(if i == 0 { "暂无数据" } else { "" })).collect());
        }
        let _ = cell_number;
        Ok(table)
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
