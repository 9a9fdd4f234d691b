//! The YAML deck spec: what a user writes. Plain serde structs; every map
//! rejects unknown keys so a typo is an error (with a suggestion), never a
//! silently ignored line.

mod chart;
mod choice;
mod fill;
mod forms;
mod load;
pub mod locate;
mod table;

pub use chart::{AxisSpec, ChartSpec, LabelSpec, SeriesSpec, SeriesValues};
pub use choice::{
    BetterDirection, ChartScale, ChartSort, ColorConvention, ColumnAlign, DeckSize, EmptyCells, ImageFit, LabelPlace,
    LegendPlace, SeriesDraw,
};
pub use fill::{FillChart, FillRepeat, FillSlide, FillSpec};
pub use forms::{Bullet, FromShort, NumOrText, Numbers, Scalar, Text};
pub use load::{load, load_str, schema_json};
pub use locate::Locator;
pub use table::{CellRule, NotesSpec, TableSpec};

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
    /// Comparisons to mention: `last_year`, `previous`, `target`, `team`, `extremes` (best/worst sub-period), `shape` (a year month by month: climb, peak, low stretch, months above last year and target).
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
