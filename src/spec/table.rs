//! A table on a slide: its rows (data, metrics or inline), columns, totals,
//! colours and the team's notes.

use super::{ColumnAlign, Scalar};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A table on a slide.
#[derive(Debug, Clone, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    /// Header cells. With `data`, the columns to show (default: all).
    #[serde(default)]
    pub columns: Vec<String>,
    /// Literal rows.
    #[serde(default)]
    pub rows: Vec<Vec<Scalar>>,
    /// Rows from a table: `问题清单`, or `问题清单[问题, 原因, 措施]`.
    #[serde(default)]
    pub data: Option<String>,
    /// One row per metric: `[店铺销售额, 询单转化率, ...]`; `columns` picks
    /// from 指标, 实际, 目标, 达成率, 去年, 同比, 上期, 环比, 差距, 状态.
    #[serde(default)]
    pub metrics: Vec<String>,
    /// With `metrics`: one row per value of this column (e.g. `客服姓名`)
    /// instead of one row per metric; the metrics become the columns.
    #[serde(default)]
    pub by: Option<String>,
    /// With `by`: add a `占比` column, the share of this metric's total.
    #[serde(default)]
    pub share: Option<String>,
    /// With `data`: a column holding each row's unit (`元`, `%`, `秒`);
    /// numbers in the row are formatted in it, and the column is not shown.
    #[serde(default)]
    pub unit_column: Option<String>,
    /// With `metrics`: only the rows of `missed_targets`, `met_targets`,
    /// `strengths` (better than the team) or `weaknesses` (worse).
    #[serde(default)]
    pub only: Option<String>,
    /// With `metrics`: the team's own rows about each metric (cause,
    /// measure, owner, deadline), found by the metric's label or name in
    /// the column `key`. Columns that are not metric columns come from
    /// them; a metric with no row says so there, and `check` warns.
    #[serde(default)]
    pub notes: Option<NotesSpec>,
    /// With `metrics`: per metric, a template of what the data shows about
    /// it (`满意率: "中差评首因{{top(中差评数, '原因', 1)}}"`), given to
    /// `cells:` templates as the name `数据原因`.
    #[serde(default)]
    pub causes: BTreeMap<String, String>,
    /// Column widths (relative numbers), default from the content.
    #[serde(default)]
    pub widths: Vec<f64>,
    /// Alignment per column: `left`, `center`, `right` (default: numbers right).
    #[serde(default)]
    pub align: BTreeMap<String, ColumnAlign>,
    /// Number format per column for numeric cells: `#,##0`, `0.0%`, `万`, ...
    #[serde(default)]
    pub formats: BTreeMap<String, String>,
    /// Cell colour rules.
    #[serde(default)]
    pub rules: Vec<CellRule>,
    /// Sort rows by this column (prefix `-` for descending).
    #[serde(default)]
    pub sort: Option<String>,
    /// Keep at most this many rows (after sorting).
    #[serde(default)]
    pub top: Option<usize>,
    /// Rows per slide before continuing on a new slide (default: what fits).
    #[serde(default)]
    pub rows_per_slide: Option<usize>,
    /// What the table says when it has no rows for the period (default 暂无数据).
    #[serde(default)]
    pub empty: Option<String>,
    /// With `data`: only rows matching, e.g. `年份 == period.year + 1`; with
    /// `by`: only the groups with a row matching (`not contains(小组, "售后")`).
    #[serde(default, rename = "where")]
    pub filter: Option<String>,
    /// With `data`: columns computed for each row, by a template in which
    /// the row's columns are names: `{实际: "{{metric(指标)}}"}`; list them
    /// in `columns:` where they go.
    #[serde(default)]
    pub cells: BTreeMap<String, String>,
    /// A total row at the bottom (`合计`): each column by its own rule —
    /// amounts summed, times weighted by the table's volume column (接待量),
    /// rates and text left empty unless `totals:` says how.
    #[serde(default)]
    pub total: Option<bool>,
    /// How a column adds up in the 合计 row: `sum`, `avg`, `avg(接待量)`
    /// (weighted), `ratio(下单人数/询单人数)` or `none`.
    #[serde(default)]
    pub totals: BTreeMap<String, String>,
}

/// The team's rows about the metrics of a metrics table.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotesSpec {
    /// The sheet: `问题与措施`.
    pub from: String,
    /// The column naming the metric (its label or name); default `指标`.
    #[serde(default)]
    pub key: Option<String>,
    /// Only rows matching, e.g. `日期 >= period.start and 日期 <= period.end`.
    #[serde(default, rename = "where")]
    pub filter: Option<String>,
    /// What a cell says when the metric has no row (default `待填写`).
    #[serde(default)]
    pub missing: Option<String>,
    /// The column with each row's deadline (`完成时间`: a date, or a month
    /// such as `2027年3月`, due at its end). A row not done (its `状态` is
    /// not 已完成) whose deadline is before today is marked 已逾期N天 in the
    /// worse colour: in the 状态 column when the table shows it, else
    /// after the deadline.
    #[serde(default)]
    pub overdue: Option<String>,
}

/// Colours a cell when a condition holds.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CellRule {
    /// The column the rule applies to.
    pub column: String,
    /// Condition on the cell's value: `< 1`, `>= 0.4`, `== "未完成"`, `< 目标`.
    pub when: String,
    /// `good`, `bad`, `accent1`..`accent6` or `#RRGGBB`.
    pub color: String,
    /// Colour the fill instead of the text.
    #[serde(default)]
    pub fill: bool,
}
