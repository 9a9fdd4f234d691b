//! The YAML deck spec: what a user writes. Plain serde structs; every map
//! rejects unknown keys so a typo is an error (with a suggestion), never a
//! silently ignored line.

mod choice;
mod fill;
mod forms;
mod load;
pub mod locate;

pub use choice::{
    BetterDirection, ChartScale, ChartSort, ColorConvention, ColumnAlign, DeckSize, EmptyCells, ImageFit, LabelPlace,
    LegendPlace, SeriesDraw,
};
pub use fill::{FillChart, FillRepeat, FillSlide, FillSpec};
pub use forms::{Bullet, FromShort, NumOrText, Numbers, Scalar, Text};
pub use load::{load, load_str, schema_json};
pub use locate::Locator;

use forms::{opt_short_or_long, short_or_long};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A whole deck spec, as read from a `.yaml` file.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// Title, people, theme and size of the deck.
    pub deck: DeckSpec,
    /// The reporting period: `2026`, `2026-Q3`, `2026-11`, `2026-W47`,
    /// `2026-11-03`, or `latest-year`/`latest-month`/`latest-week` (the last
    /// complete one in the data), `last-week`/`last-month`/`this-month`...
    #[serde(default)]
    pub period: Option<Scalar>,
    /// Variables usable as `{{name}}` in every text; `--set name=value` overrides.
    #[serde(default)]
    pub vars: BTreeMap<String, Scalar>,
    /// Filters applied to every table that has the column, e.g.
    /// `客服姓名: "{{agent}}"` for a deck about one agent.
    #[serde(default)]
    pub scope: BTreeMap<String, String>,
    /// Who a scoped deck's agent is compared with: the agents of the same
    /// role, by a column of the metric's own table (`小组`) or of another
    /// table looked up by the scope's column (`客服名单.岗位`). Only those with
    /// figures in every month of the period count; with fewer than three
    /// such peers, or without `peers:`, the whole team.
    #[serde(default)]
    pub peers: Option<String>,
    /// Workbooks (.xlsx/.xlsm/.xls/.xlsb/.ods/.csv), by a short name.
    #[serde(default)]
    pub sources: BTreeMap<String, Source>,
    /// Tables inside the sources, by name. A sheet that is not listed here is
    /// still usable by its sheet name (header row found automatically).
    #[serde(default)]
    pub tables: BTreeMap<String, TableDef>,
    /// Metrics, defined once and used everywhere by name.
    #[serde(default)]
    pub metrics: BTreeMap<String, MetricSpec>,
    /// Promotion dates where a shop's differ from the usual ones:
    /// `双11: 2026-10-24..2026-11-11` (several ranges separated by commas).
    /// The usual: 年货节 1/8–1/20, 38节 3/1–3/8, 618 5/20–6/18, 99大促
    /// 9/1–9/9, 双11 10/20–11/11, 双12 12/1–12/12.
    #[serde(default)]
    pub calendar: BTreeMap<String, String>,
    /// Build one deck per value of a column (`deckgen build --each`).
    #[serde(default)]
    pub batch: Option<BatchSpec>,
    /// The slides, in order (a spec with `deck.fill` takes its slides from that deck).
    #[serde(default)]
    pub slides: Vec<SlideSpec>,
    /// With `deck.fill`: the charts, tables and slides of the user's deck to fill.
    #[serde(default)]
    pub fill: Option<FillSpec>,
}

/// Deck-wide settings.
#[derive(Debug, Clone, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct DeckSpec {
    /// Deck title (cover, document properties, footer).
    pub title: String,
    #[serde(default)]
    pub subtitle: Option<String>,
    /// Presenter / author.
    #[serde(default)]
    pub author: Option<String>,
    /// Company or shop name.
    #[serde(default)]
    pub company: Option<String>,
    /// Date line on the cover, e.g. `2027年1月`. Text, may use `{{...}}`.
    #[serde(default)]
    pub date: Option<String>,
    /// Theme name: `business-blue` (default) or `sunset-red`, or a theme in `layouts`.
    #[serde(default)]
    pub theme: Option<String>,
    /// `16:9` (default) or `4:3`.
    #[serde(default)]
    pub size: Option<DeckSize>,
    /// Footer text on content slides (default: the deck title).
    #[serde(default)]
    pub footer: Option<String>,
    /// `standard` (green = better, red = worse) or `cn-stock` (red = up).
    #[serde(default)]
    pub colors: Option<ColorConvention>,
    /// A folder of extra or overriding layouts (relative to the spec).
    #[serde(default)]
    pub layouts: Option<String>,
    /// Output file name, may use `{{...}}` (e.g. `{{agent}}-2026年终述职.pptx`).
    #[serde(default)]
    pub output: Option<String>,
    /// A logo shown where a layout has a `logo` slot (cover, closing).
    #[serde(default)]
    pub logo: Option<String>,
    /// Keywords for the document properties.
    #[serde(default)]
    pub keywords: Option<String>,
    /// The company's template (.pptx or .potx, relative to the spec): the
    /// deck takes its theme, masters, logo, footer and slide size.
    #[serde(default)]
    pub template: Option<String>,
    /// A deck the user made (.pptx, relative to the spec) to fill: its
    /// `{{…}}` texts, and the charts, tables and slides named under `fill:`.
    #[serde(default)]
    pub fill: Option<String>,
}

/// A data source: a path, or a map with options.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    /// Path relative to the spec file.
    pub path: String,
    /// CSV text encoding: `auto` (default; UTF-8 with or without BOM, else GBK), `utf-8`, `gbk`.
    #[serde(default)]
    pub encoding: Option<String>,
    /// CSV delimiter (default `,`; `\t` for tab-separated).
    #[serde(default)]
    pub delimiter: Option<String>,
}

impl FromShort for SourceSpec {
    fn from_short(path: String) -> Self {
        SourceSpec { path, encoding: None, delimiter: None }
    }
}

/// A source as written: a path, or a map with options.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(with = "ShortOr<SourceSpec>")]
pub struct Source(pub SourceSpec);

impl<'de> Deserialize<'de> for Source {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        short_or_long(d).map(Source)
    }
}

/// Schema helper: a value written short (text) or long (a map).
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum ShortOr<T> {
    Short(String),
    Long(T),
}

/// A table in a source.
#[derive(Debug, Clone, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct TableDef {
    /// The source name (may be left out when there is one source).
    #[serde(default)]
    pub source: Option<String>,
    /// Sheet name (CSV sources have one sheet; leave it out).
    #[serde(default)]
    pub sheet: Option<String>,
    /// 1-based row number of the header row, or `auto` (default: the first
    /// row that looks like a header, skipping title rows).
    #[serde(default)]
    pub header_row: Option<Scalar>,
    /// Number of header rows when headers are merged over two rows (default 1, or found).
    #[serde(default)]
    pub header_rows: Option<u32>,
    /// The date column, for period filtering and grouping by day/week/month.
    #[serde(default)]
    pub date: Option<String>,
    /// Keep only rows matching, e.g. `小组 == "A组"`.
    #[serde(default, rename = "where")]
    pub filter: Option<String>,
    /// Empty numeric cells: `skip` (default), `zero`, or `error`.
    #[serde(default)]
    pub empty: Option<EmptyCells>,
}

/// A metric: computed from a column with an aggregation, or an expression
/// over other metrics.
#[derive(Debug, Clone, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct MetricSpec {
    /// Sum of a column: `日数据[店铺销售额]`.
    #[serde(default)]
    pub sum: Option<String>,
    /// Average of a column (weighted by `weight` when given).
    #[serde(default)]
    pub avg: Option<String>,
    #[serde(default)]
    pub min: Option<String>,
    #[serde(default)]
    pub max: Option<String>,
    /// Number of non-empty cells of a column.
    #[serde(default)]
    pub count: Option<String>,
    /// Number of distinct values of a column (e.g. agents).
    #[serde(default)]
    pub distinct: Option<String>,
    /// First / last value in date order.
    #[serde(default)]
    pub first: Option<String>,
    #[serde(default)]
    pub last: Option<String>,
    /// An expression over other metrics: `下单人数 / 询单人数`.
    #[serde(default)]
    pub expr: Option<String>,
    /// Weights for `avg`: `日数据[接待量]`.
    #[serde(default)]
    pub weight: Option<String>,
    /// The average per part of the period: `per: month` with `distinct:
    /// 客服月度.客服姓名` is the average monthly headcount (月均在岗人数).
    #[serde(default)]
    pub per: Option<String>,
    /// Only rows matching, e.g. `渠道 == "人工"`.
    #[serde(default, rename = "where")]
    pub filter: Option<String>,
    /// `元`, `%`, `秒`, `人`, `次`, `分`, `件`, ... (decides default formatting and wording).
    #[serde(default)]
    pub unit: Option<String>,
    /// `higher` (default) or `lower` is better (`lower` for response times, complaints).
    #[serde(default)]
    pub better: Option<BetterDirection>,
    /// Target: a number (`0.4`, `"40%"`, `1.2亿`), a cell (`目标!C3`), or an expression.
    #[serde(default)]
    pub target: Option<Scalar>,
    /// Display name (default: the metric's key).
    #[serde(default)]
    pub label: Option<String>,
    /// Number of decimals for the default format.
    #[serde(default)]
    pub digits: Option<u8>,
}

/// Build one deck per distinct value of a column.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchSpec {
    /// The column: `客服月度[客服姓名]`.
    pub each: String,
    /// The variable that holds the value in each deck (default `item`).
    #[serde(default, rename = "as")]
    pub var: Option<String>,
    /// Output file name template, e.g. `{{agent}}-{{year}}年终述职.pptx`.
    #[serde(default)]
    pub output: Option<String>,
}

/// One slide (or, with `repeat`, one slide per value).
#[derive(Debug, Clone, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct SlideSpec {
    /// The layout: cover, contents, section, bullets, two-columns, kpis, chart,
    /// chart-text, two-charts, table, table-chart, timeline, picture, closing...
    pub layout: String,
    #[serde(default)]
    pub title: Option<Text>,
    #[serde(default)]
    pub subtitle: Option<Text>,
    /// Body text or bullets (text, bullets, commentary, agenda items).
    #[serde(default)]
    pub text: Option<Text>,
    /// Generated bullets: `{generate: missed_targets, metrics: [...]}`, or a
    /// list of such (e.g. one per column of `two-columns`).
    #[serde(default, deserialize_with = "forms::one_or_many")]
    #[schemars(with = "Option<forms::OneOrMany<GenerateSpec>>")]
    pub bullets: Vec<GenerateSpec>,

    /// Left and right columns of `two-columns`.
    #[serde(default)]
    pub left: Option<Text>,
    #[serde(default)]
    pub right: Option<Text>,
    #[serde(default)]
    pub left_title: Option<Text>,
    #[serde(default)]
    pub right_title: Option<Text>,
    /// Section number on a section divider (`01`).
    #[serde(default)]
    pub number: Option<Scalar>,
    /// KPI cards (2-8).
    #[serde(default)]
    pub kpis: Option<Vec<KpiSpec>>,
    /// Cards with a heading and text (strategies, plans): layout `cards`.
    #[serde(default)]
    pub cards: Option<Vec<CardSpec>>,
    /// Cards from the rows of a table: one card per value of `title`, its
    /// rows' `text` as the card's bullets (`明年规划`: 方向, 举措).
    #[serde(default)]
    pub cards_from: Option<CardsFrom>,
    /// One chart.
    #[serde(default)]
    pub chart: Option<ChartSpec>,
    /// Several charts (`two-charts`).
    #[serde(default)]
    pub charts: Option<Vec<ChartSpec>>,
    #[serde(default)]
    pub table: Option<TableSpec>,
    /// A picture: a path, or `{path, fit}`.
    #[serde(default, deserialize_with = "opt_short_or_long")]
    #[schemars(with = "Option<ShortOr<ImageSpec>>")]
    pub image: Option<ImageSpec>,
    #[serde(default)]
    pub timeline: Option<TimelineSpec>,
    /// A conclusion written from the data: a metric name, or options.
    #[serde(default, deserialize_with = "opt_short_or_long")]
    #[schemars(with = "Option<ShortOr<ConclusionSpec>>")]
    pub conclusion: Option<ConclusionSpec>,
    /// Speaker notes.
    #[serde(default)]
    pub notes: Option<String>,
    /// Any other `{{token}}` of a custom layout.
    #[serde(default)]
    pub slots: BTreeMap<String, Text>,
    /// Repeat this slide for each value of a column.
    #[serde(default)]
    pub repeat: Option<RepeatSpec>,
    /// Filters for this slide's metrics (like the deck's `scope`).
    #[serde(default)]
    pub scope: BTreeMap<String, String>,
    /// Period for this slide, relative to the deck's (`previous`, `last_year`) or absolute.
    #[serde(default)]
    pub period: Option<Scalar>,
    /// Hide the slide in the slide show.
    #[serde(default)]
    pub hidden: bool,
    /// Leave the slide out when this expression is false/empty.
    #[serde(default)]
    pub when: Option<String>,
    /// In the chat picture (`build --png`): `true` puts the slide in,
    /// `false` leaves it out. When no slide says `true`, the picture holds
    /// the KPI slides and the first three slides with charts.
    #[serde(default)]
    pub png: Option<bool>,
}

/// One slide per value of a column.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RepeatSpec {
    /// The column: `客服月度[小组]`.
    pub for_each: String,
    /// Variable name for the value (default `item`).
    #[serde(default, rename = "as")]
    pub var: Option<String>,
    /// Also set the slide's scope (filter rows by the value), default true.
    #[serde(default)]
    pub filter: Option<bool>,
}

/// Generated list content.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GenerateSpec {
    /// `missed_targets`, `met_targets`, `strengths` (beats the team average),
    /// `weaknesses` (below it), `weakest` (every metric worse than the
    /// peers', the lowest percentile first), `strongest` (better, the
    /// highest first), `conclusions` (one sentence per
    /// metric), or `rows` (one bullet per row of `from`, written by `text`).
    pub generate: String,
    /// The text slot the bullets go into (default `text`; `left`, `right`…).
    #[serde(default)]
    pub into: Option<String>,
    /// With `rows`: the table, e.g. `下周重点`. With a metric generator
    /// (`weakest`, `missed_targets`…): a table whose rows name a metric in
    /// `指标` (`成长计划`); each listed metric is followed by its rows.
    #[serde(default)]
    pub from: Option<String>,
    /// With `from`: the text of each row; columns are names: `{{事项}}（{{负责人}}）`.
    #[serde(default)]
    pub text: Option<String>,
    /// With `from`: only rows matching, e.g. `指标 == "首次响应时间"` or
    /// `晋升日期 >= period.start and 晋升日期 <= period.end`.
    #[serde(default, rename = "where")]
    pub filter: Option<String>,
    /// With `rows`: a date column (`截止日期`); a row due before the period's
    /// last day is marked 已逾期N天 in red (list only open items with `where:`).
    #[serde(default)]
    pub overdue: Option<String>,

    /// The metrics to consider (default: all with a target / all).
    #[serde(default)]
    pub metrics: Vec<String>,
    /// At most this many items.
    #[serde(default)]
    pub limit: Option<usize>,
    /// Text used when nothing qualifies.
    #[serde(default)]
    pub empty: Option<String>,
}

/// One card of the `cards` layout.
#[derive(Debug, Clone, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct CardSpec {
    pub title: String,
    /// Text or bullets.
    #[serde(default)]
    pub text: Option<Text>,
}

/// One KPI card.
#[derive(Debug, Clone, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct KpiSpec {
    /// A metric: fills label, value, change and note from the data.
    #[serde(default)]
    pub metric: Option<String>,
    /// Change compared with: `last_year` (default for year periods), `previous`, `target`, `team`.
    #[serde(default)]
    pub compare: Option<String>,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub value: Option<Scalar>,
    /// Change text, e.g. `▲ 2.1个百分点` (coloured by `good`).
    #[serde(default)]
    pub change: Option<String>,
    /// Whether the change is good (`true`), bad (`false`) or neutral (absent).
    #[serde(default)]
    pub good: Option<bool>,
    /// Small line under the value, e.g. `达成率 101.6%`.
    #[serde(default)]
    pub note: Option<String>,
}

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
    /// With `data`: only rows matching, e.g. `年份 == period.year + 1`.
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

/// A picture.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImageSpec {
    /// Path relative to the spec file (PNG, JPEG, GIF, BMP, WebP).
    pub path: String,
    /// `contain` (default: whole picture, letterboxed) or `cover` (fills, cropped).
    #[serde(default)]
    pub fit: Option<ImageFit>,
    /// Alternative text for screen readers.
    #[serde(default)]
    pub alt: Option<String>,
}

impl FromShort for ImageSpec {
    fn from_short(path: String) -> Self {
        ImageSpec { path, fit: None, alt: None }
    }
}

/// A Gantt-style work plan.
#[derive(Debug, Clone, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct TimelineSpec {
    /// Column headers (default `1月` … `12月`).
    #[serde(default)]
    pub months: Vec<String>,
    #[serde(default)]
    pub rows: Vec<TimelineRow>,
    /// Rows from a table: `工作计划[事项, 开始月, 结束月, 负责人]` (task,
    /// first and last month as 1–12 or 3月, owner).
    #[serde(default)]
    pub from: Option<String>,
    /// With `from`: only rows matching, e.g. `年份 == period.year + 1`.
    #[serde(default, rename = "where")]
    pub filter: Option<String>,
    /// The measures of a problem table as more rows, each from the first
    /// month to its deadline: `{from: 问题与措施, task: "{{指标}}：{{措施}}",
    /// until: 完成时间, owner: 负责人}`.
    #[serde(default)]
    pub actions: Option<TimelineActions>,
}

/// Rows of a timeline from the measures the team has committed to.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimelineActions {
    /// The sheet: `问题与措施`.
    pub from: String,
    /// Each row's task: a template over the row's columns, `{{指标}}改进`.
    pub task: String,
    /// The column holding the deadline: a date, `2027年3月` or `3月`.
    pub until: String,
    /// The column holding the owner.
    #[serde(default)]
    pub owner: Option<String>,
    /// Only rows matching, e.g. `日期 >= period.start and 日期 <= period.end`.
    #[serde(default, rename = "where")]
    pub filter: Option<String>,
}

/// Cards made from the rows of a table.
#[derive(Debug, Clone, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct CardsFrom {
    /// The table: `明年规划`.
    pub from: String,
    /// The column whose values head the cards (one card each, in order).
    pub title: String,
    /// The column whose cells are each card's bullets.
    pub text: String,
    /// At most this many cards.
    #[serde(default)]
    pub limit: Option<usize>,
    /// Only rows matching, e.g. `年份 == period.year + 1`.
    #[serde(default, rename = "where")]
    pub filter: Option<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct TimelineRow {
    /// What is done.
    pub task: String,
    /// First and last month, 1-based (`start: 1, end: 3` is 1月–3月).
    pub start: u32,
    pub end: u32,
    /// Who owns it (shown on the bar).
    #[serde(default)]
    pub owner: Option<String>,
    /// Bar colour (`accent2`, `#RRGGBB`), default by row.
    #[serde(default)]
    pub color: Option<String>,
}

/// A conclusion sentence written from a metric.
#[derive(Debug, Clone, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ConclusionSpec {
    pub metric: String,
    /// Comparisons to mention: `last_year`, `previous`, `target`, `team`, `extremes` (best/worst sub-period).
    #[serde(default)]
    pub mention: Vec<String>,
    /// Text appended after the generated sentence (may use `{{...}}`).
    #[serde(default)]
    pub then: Option<String>,
}

impl FromShort for ConclusionSpec {
    fn from_short(metric: String) -> Self {
        ConclusionSpec { metric, mention: vec![], then: None }
    }
}

/// A native chart.
#[derive(Debug, Clone, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ChartSpec {
    /// column, bar, stacked-column, stacked-bar, percent-column, percent-bar,
    /// line, area, stacked-area, pie, doughnut, combo, scatter, radar, waterfall.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub title: Option<String>,
    /// Category labels: a list, a range (`月度KPI!A2:A13`), a column
    /// (`月度KPI[月份]`), or `months`/`days`/`weeks`/`quarters` of the period.
    #[serde(default)]
    pub categories: Option<SeriesValues>,
    #[serde(default)]
    pub series: Vec<SeriesSpec>,
    /// Shorthand: categories and series from table columns: `退货原因[原因, 数量]`.
    #[serde(default)]
    pub data: Option<String>,
    /// Group metric series by a time grain (`month`, `day`, `week`, `quarter`)
    /// or by a column (`客服姓名`).
    #[serde(default)]
    pub by: Option<String>,
    /// A target/reference line: a number or `{{expr}}`.
    #[serde(default)]
    pub target: Option<Scalar>,
    /// Label of the target line in the legend (default `目标`).
    #[serde(default)]
    pub target_label: Option<String>,
    /// Data labels for all series: `value`, `percent`, `category`, `none`, or options.
    #[serde(default, deserialize_with = "opt_short_or_long")]
    #[schemars(with = "Option<ShortOr<LabelSpec>>")]
    pub labels: Option<LabelSpec>,
    /// Number format of values (`#,##0`, `0.0%`, `0.0,,"万"`...), default from the metric's unit.
    #[serde(default)]
    pub format: Option<String>,
    /// Show values in 万 (divides by 10,000; axis title gets `(万)`).
    #[serde(default)]
    pub scale: Option<ChartScale>,
    #[serde(default)]
    pub value_axis: Option<AxisSpec>,
    #[serde(default)]
    pub secondary_axis: Option<AxisSpec>,
    #[serde(default)]
    pub category_axis: Option<AxisSpec>,
    /// `bottom` (default), `top`, `right`, `left`, `none`.
    #[serde(default)]
    pub legend: Option<LegendPlace>,
    /// Bar gap width in percent (default 80) and overlap (-100..100).
    #[serde(default)]
    pub gap_width: Option<u32>,
    #[serde(default)]
    pub overlap: Option<i32>,
    /// Sort categories by the first series: `desc` or `asc`.
    #[serde(default)]
    pub sort: Option<ChartSort>,
    /// Keep the top N categories, the rest summed as `其他`.
    #[serde(default)]
    pub top: Option<usize>,
    /// With `top`: show the rest as `其他` (default true) or leave it out.
    #[serde(default)]
    pub others: Option<bool>,
    /// Colour points by rule: `below_target`, `negative`, `best`, `worst` → colour.
    #[serde(default)]
    pub highlight: BTreeMap<String, String>,
    /// Text in the middle of a doughnut (e.g. the total).
    #[serde(default)]
    pub center: Option<String>,
    /// Line charts: markers on/off (default on), smooth lines.
    #[serde(default)]
    pub markers: Option<bool>,
    #[serde(default)]
    pub smooth: Option<bool>,
    /// Doughnut hole size in percent (default 60).
    #[serde(default)]
    pub hole: Option<u32>,
    /// Period of metric series (default: the slide's).
    #[serde(default)]
    pub period: Option<Scalar>,
}

/// Data labels.
#[derive(Debug, Clone, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct LabelSpec {
    /// `value`, `percent`, `category`, `category+percent`, `none`.
    pub show: String,
    #[serde(default)]
    pub format: Option<String>,
    /// `outside`, `inside`, `center`, `above`, `below`, `best` (default depends on the chart).
    #[serde(default)]
    pub position: Option<LabelPlace>,
}

impl FromShort for LabelSpec {
    fn from_short(show: String) -> Self {
        LabelSpec { show, format: None, position: None }
    }
}

/// An axis.
#[derive(Debug, Clone, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct AxisSpec {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub major_unit: Option<f64>,
    /// Number format of the tick labels.
    #[serde(default)]
    pub format: Option<String>,
    /// Major gridlines (default: on for the value axis).
    #[serde(default)]
    pub gridlines: Option<bool>,
    /// Reverse the order (rankings in bar charts: first on top).
    #[serde(default)]
    pub reverse: Option<bool>,
    /// Hide the axis.
    #[serde(default)]
    pub hidden: Option<bool>,
}

/// Values for a series or the categories.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum SeriesValues {
    /// A range or column reference, or a keyword like `months`.
    Ref(String),
    /// Inline values.
    List(Vec<Option<NumOrText>>),
}

/// One series of a chart.
#[derive(Debug, Clone, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct SeriesSpec {
    /// Series name (legend). May use `{{...}}`.
    #[serde(default)]
    pub name: Option<String>,
    /// Inline values, a range (`月度KPI!B2:B13`), or a column (`月度KPI[店铺销售额]`).
    #[serde(default)]
    pub values: Option<SeriesValues>,
    /// Scatter: x values.
    #[serde(default)]
    pub x: Option<SeriesValues>,
    /// A metric, grouped by the chart's `by`.
    #[serde(default)]
    pub metric: Option<String>,
    /// One point per metric instead (`[询单转化率, 首响, 满意率]`): the
    /// categories are their labels unless `categories:` gives others.
    #[serde(default)]
    pub metrics: Vec<String>,
    /// With `metrics`: what each point shows, a field of the metric:
    /// `value` (default), `percentile` (0–100 among the peers, 100 = best),
    /// `rank`, `achievement`, `yoy_growth`, `last_year`, `target`…
    #[serde(default)]
    pub field: Option<String>,
    /// Period for the metric: `this` (default), `last_year`, `previous`, or absolute.
    #[serde(default)]
    pub period: Option<Scalar>,
    /// Combo charts: `column` or `line` (default: first series columns, rest lines).
    #[serde(default, rename = "type")]
    pub kind: Option<SeriesDraw>,
    /// Put this series on the secondary value axis.
    #[serde(default)]
    pub secondary: Option<bool>,
    /// `accent1`..`accent6`, `good`, `bad`, or `#RRGGBB`.
    #[serde(default)]
    pub color: Option<String>,
    /// Colours of single points: `{ "6月": good, 3: "#C00000" }` (category label or 1-based index).
    #[serde(default)]
    pub point_colors: BTreeMap<String, String>,
    #[serde(default, deserialize_with = "opt_short_or_long")]
    #[schemars(with = "Option<ShortOr<LabelSpec>>")]
    pub labels: Option<LabelSpec>,
    /// `linear`, or `moving-average-3` (period 2-12).
    #[serde(default)]
    pub trendline: Option<String>,
    /// Number format for this series (overrides the chart's).
    #[serde(default)]
    pub format: Option<String>,
    /// Line charts: dashed line (e.g. last year, targets).
    #[serde(default)]
    pub dashed: Option<bool>,
    /// Line charts: markers on/off, smooth.
    #[serde(default)]
    pub markers: Option<bool>,
    #[serde(default)]
    pub smooth: Option<bool>,
    /// Scope for this series' metric (e.g. `小组: A组`).
    #[serde(default)]
    pub scope: BTreeMap<String, String>,
    /// The team average instead of the scoped value (e.g. an agent vs the team).
    #[serde(default)]
    pub team: Option<bool>,
}
