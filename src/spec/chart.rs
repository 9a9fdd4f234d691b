//! A native chart: its type, categories, series, labels and axes.

use super::forms::opt_short_or_long;
use super::{ChartScale, ChartSort, FromShort, LabelPlace, LegendPlace, NumOrText, Scalar, SeriesDraw, ShortOr};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

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
    /// (`月度KPI[月份]`), or `months`/`days`/`weeks`/`quarters` of the
    /// period's calendar span (a year to date still has four quarters; one
    /// the data covers in part says its days: `第三季度（48天）`).
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
    /// Period of metric series (default: the slide's): `previous`,
    /// `last_year`, `worked` (the months the deck's agent worked in), or absolute.
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
