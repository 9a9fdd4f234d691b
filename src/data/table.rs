//! A table inside a sheet: the header row found (skipping title rows) or
//! given, merged two-row headers combined, notes and total rows under the
//! data left out, and a date column parsed for period filtering.

use super::date::Date;
use super::grid::Grid;
use super::value::{Cell, cell_date, cell_number};
use crate::error::{Error, Result};
use crate::xlsx::cell_ref;

/// What an empty cell in a numeric column means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EmptyPolicy {
    /// Left out of sums and averages (the default).
    #[default]
    Skip,
    /// Counted as 0.
    Zero,
    /// An error naming the cell.
    Error,
}

impl EmptyPolicy {
    pub fn parse(s: &str) -> Option<EmptyPolicy> {
        Some(match s.trim() {
            "skip" => EmptyPolicy::Skip,
            "zero" | "0" => EmptyPolicy::Zero,
            "error" => EmptyPolicy::Error,
            _ => return None,
        })
    }
}

/// How to read a table out of a sheet (all optional).
#[derive(Debug, Clone, Default)]
pub struct TableOptions {
    /// 1-based header row (default: found).
    pub header_row: Option<usize>,
    /// 1 or 2 header rows (default: found).
    pub header_rows: Option<u32>,
    /// The date column (default: one named 日期/月份/… holding dates).
    pub date: Option<String>,
    pub empty: EmptyPolicy,
    /// Completes month-only dates (`11月`).
    pub default_year: Option<i32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The name used in references: parent+child for two-row headers.
    pub name: String,
    /// The two header parts (parent empty for one-row headers).
    pub parent: String,
    pub child: String,
    /// 0-based sheet column.
    pub col: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// 0-based sheet row.
    pub r: usize,
    /// Cells by table column index.
    pub cells: Vec<Cell>,
    pub date: Option<Date>,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub name: String,
    pub sheet: String,
    pub file: String,
    pub columns: Vec<Column>,
    /// 0-based sheet row of the (last) header row.
    pub header_row: usize,
    pub rows: Vec<Row>,
    pub date_col: Option<usize>,
    pub empty: EmptyPolicy,
    /// Cells with a formula but no saved value (sheet row, col).
    pub unsaved: Vec<(usize, usize)>,
    /// The year taken for months written without one (`11月`), from the period.
    pub assumed_year: Option<i32>,
}

const NOTE_MARKS: &[&str] = &["注", "备注", "说明", "※", "*", "数据来源", "填写说明", "note", "Note"];
const TOTAL_MARKS: &[&str] = &["合计", "总计", "小计", "总和", "Total", "TOTAL", "total"];
/// Headers that name a table's own date (a column like 完成时间 or 入职日期
/// is data about a row, not the row's date, and is never guessed).
const DATE_HEADS: &[&str] = &[
    "日期",
    "月份",
    "年月",
    "时间",
    "日",
    "月",
    "周",
    "统计日期",
    "统计月份",
    "数据日期",
    "date",
    "Date",
    "month",
    "Month",
];

fn nonempty(row: &[Cell]) -> impl Iterator<Item = (usize, &Cell)> {
    row.iter().enumerate().filter(|(_, c)| !c.is_empty())
}

fn header_like(row: &[Cell]) -> bool {
    let k = nonempty(row).count();
    let t = nonempty(row).filter(|(_, c)| c.is_text()).count();
    k >= 2 && t * 10 >= k * 6
}

/// The first row that looks like a header: two or more cells, mostly text,
/// with data under it (title rows have one cell and are skipped). A sheet
/// with nothing under its header (not filled in yet) is an empty table.
fn find_header(g: &Grid) -> Option<usize> {
    let limit = g.rows.len().min(25);
    (0..limit)
        .find(|&r| {
            header_like(&g.rows[r]) && ((r + 1)..g.rows.len().min(r + 4)).any(|n| nonempty(&g.rows[n]).count() >= 2)
        })
        .or_else(|| {
            (0..limit).find(|&r| header_like(&g.rows[r]) && g.rows[r + 1..].iter().all(|row| nonempty(row).count() < 2))
        })
}

fn two_row_header(g: &Grid, r: usize) -> bool {
    let horizontal_merge = g.merged.iter().any(|(r0, c0, _, c1)| *r0 as usize == r && c1 > c0);
    if horizontal_merge {
        return true;
    }
    let (Some(a), Some(b)) = (g.rows.get(r), g.rows.get(r + 1)) else {
        return false;
    };
    if !b.iter().all(|c| c.is_empty() || c.is_text()) || nonempty(b).count() < 2 {
        return false;
    }
    let width = a.len().max(b.len());
    let get = |row: &[Cell], c: usize| row.get(c).is_some_and(|x| !x.is_empty());
    let fills_gap = (0..width).any(|c| !get(a, c) && get(b, c));
    let leaves_gap = (0..width).any(|c| get(a, c) && !get(b, c));
    // The row after must hold data (a number or date somewhere), or the second row is data itself.
    let data_after = g.rows.get(r + 2).is_some_and(|d| nonempty(d).any(|(_, c)| !c.is_text()));
    fills_gap && leaves_gap && data_after
}

impl Table {
    /// Extracts a table from a sheet.
    pub fn from_grid(name: &str, g: &Grid, file: &str, o: &TableOptions) -> Result<Table> {
        let TableOptions { header_row, header_rows, date, empty, default_year } = o.clone();
        let date = date.as_deref();
        let where_ = format!("{file} › {}", g.name);
        let hr = match header_row {
            Some(0) => return Err(Error::usage("`header_row` counts from 1").at(where_)),
            Some(n) => n - 1,
            None => find_header(g).ok_or_else(|| {
                Error::build(format!("no header row found in sheet `{}`", g.name))
                    .at(where_.clone())
                    .hint("a header row has two or more column names; set `header_row:` if it is unusual")
            })?,
        };
        let two = match header_rows {
            Some(2) => true,
            Some(1) => false,
            Some(n) => {
                return Err(
                    Error::usage(format!("`header_rows: {n}` — headers of 1 or 2 rows are supported")).at(where_)
                );
            }
            None => two_row_header(g, hr),
        };
        let empty_row: Vec<Cell> = Vec::new();
        let top = g.rows.get(hr).unwrap_or(&empty_row);
        let sub = if two { g.rows.get(hr + 1).unwrap_or(&empty_row) } else { &empty_row };
        let width = top.len().max(sub.len());
        // Merged header cells: the value fills the whole span.
        let mut parent: Vec<String> = (0..width).map(|c| g.get(hr, c).text()).collect();
        for (r0, c0, r1, c1) in &g.merged {
            if (*r0 as usize..=*r1 as usize).contains(&hr) {
                let v = g.get(*r0 as usize, *c0 as usize).text();
                let last = (*c1 as usize).min(width.saturating_sub(1));
                for p in parent.iter_mut().take(last + 1).skip(*c0 as usize) {
                    *p = v.clone();
                }
            }
        }
        if two {
            // CSV exports of merged headers leave the span empty: carry the name right.
            let mut last = String::new();
            for (c, p) in parent.iter_mut().enumerate() {
                if p.is_empty() && sub.get(c).is_some_and(|x| !x.is_empty()) && c > 0 {
                    *p = last.clone();
                } else {
                    last = p.clone();
                }
            }
        }
        // Two-row headers: the lower name alone when it is unique (店铺销售额),
        // the upper one in front only to tell repeats apart (询单人数, 下单人数).
        let children: Vec<String> = (0..width)
            .map(|c| if two { sub.get(c).map(|x| x.text()).unwrap_or_default() } else { String::new() })
            .collect();
        let mut columns: Vec<Column> = Vec::new();
        for (c, p) in parent.iter().enumerate() {
            let p = p.trim().to_string();
            let ch = children[c].clone();
            let unique = children.iter().filter(|x| **x == ch).count() == 1;
            let name = match (p.is_empty(), ch.is_empty()) {
                (true, true) => continue,
                (false, true) => p.clone(),
                (true, false) => ch.clone(),
                (false, false) if unique || ch.starts_with(&p) || p == ch => ch.clone(),
                (false, false) => format!("{p}{ch}"),
            };
            if columns.iter().any(|x| x.name == name) {
                continue;
            }
            columns.push(Column { name, parent: if two { p } else { String::new() }, child: ch, col: c });
        }
        if columns.is_empty() {
            return Err(Error::build(format!("the header row of sheet `{}` is empty", g.name)).at(format!(
                "{}!{}",
                g.name,
                hr + 1
            )));
        }
        let first = hr + if two { 2 } else { 1 };
        let mut rows = Vec::new();
        let mut unsaved = Vec::new();
        let mut r = first;
        while r < g.rows.len() {
            let row = g.rows[r].as_slice();
            let at = |c: usize| row.get(c).unwrap_or(&Cell::Empty);
            let mut filled = columns.iter().map(|c| at(c.col)).filter(|c| !c.is_empty());
            let Some(first_filled) = filled.next() else {
                // A blank row ends the table unless more rows of data follow soon.
                let more = (r + 1..(r + 4).min(g.rows.len())).any(|n| {
                    columns.iter().filter(|c| !g.get(n, c.col).is_empty()).count() * 2 >= columns.len().max(2)
                });
                if !more {
                    break;
                }
                r += 1;
                continue;
            };
            // Notes and totals rows start with text.
            if let Cell::Text(s) = first_filled {
                let lead = s.trim();
                if NOTE_MARKS.iter().any(|m| lead.starts_with(m)) && !lead.starts_with("注册") {
                    break;
                }
                let alone = filled.next().is_none();
                if alone && columns.len() >= 3 && lead.chars().count() > 8 {
                    break;
                }
                let total = TOTAL_MARKS
                    .iter()
                    .any(|m| lead.strip_prefix(m).is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '：'])));
                if total {
                    r += 1;
                    continue;
                }
            }
            let cells: Vec<Cell> = columns.iter().map(|c| at(c.col).clone()).collect();
            for (i, c) in cells.iter().enumerate() {
                if c.is_empty() && g.formulas.contains(&(r as u32, columns[i].col as u32)) {
                    unsaved.push((r, columns[i].col));
                }
            }
            rows.push(Row { r, cells, date: None });
            r += 1;
        }
        let mut t = Table {
            name: name.to_string(),
            sheet: g.name.clone(),
            file: file.to_string(),
            columns,
            header_row: hr + usize::from(two),
            rows,
            date_col: None,
            empty,
            unsaved,
            assumed_year: None,
        };
        t.date_col = match date {
            Some(d) => Some(t.col(d)?),
            None => t.guess_date_col(default_year),
        };
        if let Some(dc) = t.date_col {
            t.read_dates(dc, default_year)?;
        }
        Ok(t)
    }

    /// Parses the date column. Problems are reported once per cause, with
    /// the cells they affect: one sheet of months without a year is one message.
    fn read_dates(&mut self, dc: usize, default_year: Option<i32>) -> Result<()> {
        let (mut no_year, mut bad) = (Vec::new(), Vec::new());
        for row in &mut self.rows {
            let c = &row.cells[dc];
            row.date = cell_date(c, default_year);
            let month_only = matches!(c, Cell::Text(s) if matches!(super::date::parse_text(s), Some(super::date::DateText::MonthOnly(_))));
            if month_only && row.date.is_some() {
                self.assumed_year = default_year;
            }
            if row.date.is_none() && !c.is_empty() {
                let cell = (row.r as u32, self.columns[dc].col as u32, crate::error::cut(&c.text(), 80));
                if month_only { no_year.push(cell) } else { bad.push(cell) }
            }
        }
        let list = |cells: &[(u32, u32, String)]| -> String {
            let shown: Vec<String> =
                cells.iter().take(3).map(|(r, c, v)| format!("{} \"{v}\"", cell_ref(*r, *c))).collect();
            let more = if cells.len() > 3 { format!(" and {} more", cells.len() - 3) } else { String::new() };
            format!("{}{more}", shown.join(", "))
        };
        let span = |cells: &[(u32, u32, String)]| -> String {
            match (cells.first(), cells.last()) {
                (Some(a), Some(b)) if cells.len() > 1 => {
                    format!("{}!{}:{}", self.sheet, cell_ref(a.0, a.1), cell_ref(b.0, b.1))
                }
                (Some(a), _) => format!("{}!{}", self.sheet, cell_ref(a.0, a.1)),
                _ => self.sheet.clone(),
            }
        };
        let mut errors = Vec::new();
        if !no_year.is_empty() {
            errors.push(
                Error::build(format!(
                    "`{}` has months without a year in {} rows ({})",
                    self.columns[dc].name,
                    no_year.len(),
                    list(&no_year)
                ))
                .at(span(&no_year))
                .hint(
                    "write the year (2026年11月), or give the deck an absolute period (--period 2026) to take its year",
                ),
            );
        }
        if !bad.is_empty() {
            errors.push(
                Error::build(format!(
                    "`{}` is not a date in {} rows ({})",
                    self.columns[dc].name,
                    bad.len(),
                    list(&bad)
                ))
                .at(span(&bad))
                .hint("write dates as 2026-11-03, 2026/11/03, 2026年11月3日 or 2026年11月, or as Excel dates"),
            );
        }
        Error::many(errors).map_or(Ok(()), Err)
    }

    fn guess_date_col(&self, default_year: Option<i32>) -> Option<usize> {
        self.columns.iter().position(|c| {
            DATE_HEADS.iter().any(|h| c.name.trim() == *h) && {
                let i = self.columns.iter().position(|x| x.name == c.name).unwrap_or(0);
                let vals: Vec<&Cell> = self.rows.iter().map(|r| &r.cells[i]).filter(|c| !c.is_empty()).collect();
                !vals.is_empty()
                    && vals.iter().filter(|c| cell_date(c, default_year.or(Some(2000))).is_some()).count() * 10
                        >= vals.len() * 8
            }
        })
    }

    /// The index of a column by name (two-row headers also answer to their
    /// lower part alone when it is unique).
    pub fn col(&self, name: &str) -> Result<usize> {
        let n = name.trim();
        if let Some(i) = self.columns.iter().position(|c| c.name == n) {
            return Ok(i);
        }
        // 首响（秒） as a Chinese input method types it is 首响(秒).
        let folded = fold_name(n);
        let same: Vec<usize> =
            self.columns.iter().enumerate().filter(|(_, c)| fold_name(&c.name) == folded).map(|(i, _)| i).collect();
        if same.len() == 1 {
            return Ok(same[0]);
        }
        let by_child: Vec<usize> = self
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.child.is_empty() && fold_name(&c.child) == folded)
            .map(|(i, _)| i)
            .collect();
        if by_child.len() == 1 {
            return Ok(by_child[0]);
        }
        let names: Vec<&str> = self.columns.iter().map(|c| c.name.as_str()).collect();
        let first = self.columns.first().map(|c| c.col).unwrap_or(0) as u32;
        let last = self.columns.last().map(|c| c.col).unwrap_or(0) as u32;
        let row = self.header_row as u32;
        let header = format!("{}!{}:{}", self.sheet, cell_ref(row, first), cell_ref(row, last));
        Err(Error::build(format!("table `{}` has no column `{n}`", self.name))
            .suggest(n, names.iter().copied())
            .hint(format!("columns ({} › {header}): {}", self.file, names.join(", "))))
    }

    /// `月度KPI!C14` for a cell of a row.
    pub fn cell_at(&self, row: &Row, col: usize) -> String {
        format!("{}!{}", self.sheet, cell_ref(row.r as u32, self.columns[col].col as u32))
    }

    /// A cell as a number, by the table's empty-cell rule; an error names the cell.
    pub fn num(&self, row: &Row, col: usize) -> Result<Option<f64>> {
        match cell_number(&row.cells[col]) {
            Ok(None) if self.unsaved.contains(&(row.r, self.columns[col].col)) => {
                Err(Error::build(format!("`{}` holds a formula with no saved value", self.columns[col].name))
                    .at(self.cell_at(row, col))
                    .hint("open the workbook in Excel or WPS and save it, so the formula results are stored"))
            }
            Ok(None) => match self.empty {
                EmptyPolicy::Skip => Ok(None),
                EmptyPolicy::Zero => Ok(Some(0.0)),
                EmptyPolicy::Error => Err(Error::build(format!("`{}` is empty", self.columns[col].name))
                    .at(self.cell_at(row, col))
                    .hint("fill it in, or set `empty: skip` (leave it out) or `empty: zero` for the table")),
            },
            Ok(v) => Ok(v),
            Err(found) => Err(Error::build(format!("`{}` needs a number, found {found}", self.columns[col].name))
                .at(self.cell_at(row, col))
                .hint("numbers may be written 1234, 1,234.5, 38.2%, 1.2万; use an empty cell for no value")),
        }
    }
}

/// A name with full-width punctuation made half-width and its spaces left
/// out: `首响（秒） `, `首响 (秒)` and `首响(秒)` are one name.
pub fn fold_name(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            '，' => ',',
            '；' => ';',
            '【' => '[',
            '】' => ']',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: Vec<Vec<&str>>) -> Grid {
        Grid {
            name: "S".into(),
            rows: rows
                .into_iter()
                .map(|r| {
                    r.into_iter()
                        .map(|s| {
                            if s.is_empty() {
                                Cell::Empty
                            } else if let Ok(n) = s.parse::<f64>() {
                                Cell::Num(n)
                            } else {
                                Cell::Text(s.into())
                            }
                        })
                        .collect()
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn title_rows_notes_and_totals() {
        let g = grid(vec![
            vec!["2026年客服月度数据", "", ""],
            vec![],
            vec!["月份", "询单人数", "下单人数"],
            vec!["2026-01", "100", "40"],
            vec!["2026-02", "200", "90"],
            vec!["合计", "300", "130"],
            vec![],
            vec!["注:数据来自生意参谋,人数按去重统计"],
        ]);
        let t = Table::from_grid("月度", &g, "a.xlsx", &TableOptions::default()).unwrap();
        assert_eq!(t.header_row, 2);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.date_col, Some(0));
        assert_eq!(t.rows[1].date, Date::new(2026, 2, 1));
        assert_eq!(t.col("下单人数").unwrap(), 2);
        let e = t.col("下单人").unwrap_err().to_string();
        assert!(e.contains("did you mean `下单人数`"), "{e}");
    }

    #[test]
    fn two_row_headers() {
        let g = grid(vec![
            vec!["月份", "询单", "", "响应", ""],
            vec!["", "人数", "转化率", "首响", "平响"],
            vec!["2026-01", "100", "0.4", "18", "30"],
        ]);
        let t = Table::from_grid("t", &g, "a.csv", &TableOptions::default()).unwrap();
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, vec!["月份", "人数", "转化率", "首响", "平响"]);
        // Repeated lower names keep the upper one in front.
        let g = grid(vec![
            vec!["月份", "询单", "", "下单", ""],
            vec!["", "人数", "金额", "人数", "金额"],
            vec!["2026-01", "100", "5", "40", "3"],
        ]);
        let t = Table::from_grid("t", &g, "a.csv", &TableOptions::default()).unwrap();
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, vec!["月份", "询单人数", "询单金额", "下单人数", "下单金额"]);
        assert_eq!(t.rows.len(), 1);
    }

    #[test]
    fn names_fold_full_width_punctuation() {
        assert_eq!(fold_name(" 首响（秒） "), "首响(秒)");
        assert_eq!(fold_name("平均处理时长 （ 小时 ）"), "平均处理时长(小时)");
        let g = grid(vec![vec!["日期", "首响（秒）", "平响(秒)"], vec!["2026-01-01", "18", "30"]]);
        let t = Table::from_grid("t", &g, "a.xlsx", &TableOptions::default()).unwrap();
        assert_eq!(t.col("首响(秒)").unwrap(), 1);
        assert_eq!(t.col("平响（秒）").unwrap(), 2);
    }

    #[test]
    fn text_in_number_column_names_the_cell() {
        let g = grid(vec![vec!["月份", "人数"], vec!["2026-01", "很多"]]);
        let t = Table::from_grid("t", &g, "a.xlsx", &TableOptions::default()).unwrap();
        let e = t.num(&t.rows[0], 1).unwrap_err();
        assert_eq!(e.at.as_deref(), Some("S!B2"));
        assert!(e.message.contains("found \"很多\""));
    }
}
