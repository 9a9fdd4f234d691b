//! `fill:` — what deckgen puts into a deck the user made (`deck.fill`):
//! the charts and tables it names by their shape names, and which slides to
//! keep or repeat. The `{{…}}` texts of the deck need no entry.

use super::{Scalar, SeriesSpec, SeriesValues, TableSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// What to fill in the user's deck.
#[derive(Debug, Clone, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct FillSpec {
    /// Charts by their shape name (PowerPoint: 开始 → 选择 → 选择窗格; WPS: 选择窗格),
    /// wherever they are in the deck. Data, categories and the number of
    /// series and points come from here; every formatting choice stays the chart's.
    #[serde(default)]
    pub charts: BTreeMap<String, FillChart>,
    /// Tables by their shape name: the rows below the header come from the
    /// data, each formatted like the table's own row it replaces or copies.
    #[serde(default)]
    pub tables: BTreeMap<String, TableSpec>,
    /// Slides by their number in the user's deck: when to keep them, what to
    /// repeat them for, and charts and tables of that slide only.
    #[serde(default)]
    pub slides: Vec<FillSlide>,
}

/// One slide of the user's deck.
#[derive(Debug, Clone, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct FillSlide {
    /// The slide's number in the user's deck (1 is the first).
    pub slide: u32,
    /// Leave the slide out when this expression is false or empty.
    #[serde(default)]
    pub when: Option<String>,
    /// One copy of the slide per value of a column or per row of a table.
    #[serde(default)]
    pub repeat: Option<FillRepeat>,
    /// Charts of this slide by shape name (when names repeat across slides: `Chart 1`).
    #[serde(default)]
    pub charts: BTreeMap<String, FillChart>,
    /// Tables of this slide by shape name.
    #[serde(default)]
    pub tables: BTreeMap<String, TableSpec>,
}

/// What a slide is repeated for.
#[derive(Debug, Clone, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct FillRepeat {
    /// One slide per value of a column, `客服月度[客服姓名]`: the slide's
    /// figures are those of the value, which is `{{item}}` (or `as:`) in its texts.
    #[serde(default)]
    pub for_each: Option<String>,
    /// One slide per row of a table, `问题清单`: each column is a name in
    /// the slide's texts (`{{问题}}`, `{{负责人}}`).
    #[serde(default)]
    pub rows: Option<String>,
    /// With `rows`: only the rows that match, e.g. `类型 == "需要协助"`.
    #[serde(default, rename = "where")]
    pub rows_where: Option<String>,
    /// The variable that holds the value (`for_each`; default `item`).
    #[serde(default, rename = "as")]
    pub var: Option<String>,
    /// With `for_each`: filter the slide's figures by the value (default true).
    #[serde(default)]
    pub filter: Option<bool>,
}

/// The data of a chart in the user's deck (see `ChartSpec` for each key).
#[derive(Debug, Clone, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct FillChart {
    /// Category labels: a list, a range, a column, or `months`/`days`/`weeks`/`quarters`.
    #[serde(default)]
    pub categories: Option<SeriesValues>,
    /// The series, in the chart's order: a metric, values, a range or a column each.
    #[serde(default)]
    pub series: Vec<SeriesSpec>,
    /// Shorthand: categories and series from table columns: `退货原因[原因, 数量]`.
    #[serde(default)]
    pub data: Option<String>,
    /// Group metric series by a time grain or by a column.
    #[serde(default)]
    pub by: Option<String>,
    /// Period of the metric series (default: the deck's).
    #[serde(default)]
    pub period: Option<Scalar>,
    /// Sort categories by the first series: `desc` or `asc`.
    #[serde(default)]
    pub sort: Option<super::ChartSort>,
    /// Keep the top N categories, the rest summed as `其他`.
    #[serde(default)]
    pub top: Option<usize>,
    /// With `top`: show the rest as `其他` (default true).
    #[serde(default)]
    pub others: Option<bool>,
    /// Show values in 万 (divides by 10,000).
    #[serde(default)]
    pub scale: Option<super::ChartScale>,
    /// Number format of values where the chart has none of its own (`General`).
    #[serde(default)]
    pub format: Option<String>,
}

/// A spec either lists its slides or fills a deck the user made; `fill:`
/// belongs with `deck.fill`, and a filled deck keeps its own design.
pub fn check(spec: &super::Spec, loc: &super::Locator) -> crate::error::Result<()> {
    use crate::error::Error;
    match (&spec.deck.fill, spec.slides.is_empty()) {
        (None, true) => {
            let e = Error::usage("the spec needs `slides:`").at(loc.at(""));
            return Err(e.hint(if spec.fill.is_some() {
                "`fill:` fills a deck you made: name it with `deck.fill: 月报模板.pptx`"
            } else {
                "a spec has `deck:` (title, author, theme…) and `slides:`; `deckgen init annual` writes an example"
            }));
        }
        (Some(_), false) => {
            return Err(Error::usage("a spec with `deck.fill` takes its slides from that deck")
                .at(loc.key_at("slides"))
                .hint("leave out `slides:`; name the deck's charts, tables and slides under `fill:`"));
        }
        _ => {}
    }
    if spec.deck.fill.is_some() && spec.deck.template.is_some() {
        return Err(Error::usage("`deck.fill` and `deck.template` cannot go together")
            .at(loc.key_at("deck.template"))
            .hint("a deck you fill keeps its own design; `template:` dresses deckgen's own slides"));
    }
    Ok(())
}
