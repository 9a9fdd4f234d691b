//! The resolved deck: everything a slide shows, as plain values (numbers,
//! text runs, chart series). Produced by `resolve`, consumed by `slides`; it
//! holds no XML and no workbook.

use std::collections::BTreeMap;

/// A colour as the deck refers to it; turned into XML by the slides stage.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ColorRef {
    /// A theme colour: `accent1`…`accent6`, `tx1`, `bg1`, `tx2`…
    Scheme(String),
    /// `RRGGBB`.
    Rgb(String),
    /// A theme custom colour: `good`, `bad`, `neutral`.
    Custom(String),
}

impl ColorRef {
    /// Parses what a user writes: `accent2`, `good`, `bad`, `#C00000`, `C00000`.
    pub fn parse(s: &str) -> Option<ColorRef> {
        let s = s.trim();
        let hex = s.strip_prefix('#').unwrap_or(s);
        if hex.len() == 6
            && hex.chars().all(|c| c.is_ascii_hexdigit())
            && (s.starts_with('#') || !s.starts_with("accent"))
        {
            return Some(ColorRef::Rgb(hex.to_ascii_uppercase()));
        }
        match s {
            "accent1" | "accent2" | "accent3" | "accent4" | "accent5" | "accent6" | "tx1" | "tx2" | "bg1" | "bg2"
            | "dk1" | "dk2" | "lt1" | "lt2" => Some(ColorRef::Scheme(s.to_string())),
            "good" | "bad" | "neutral" => Some(ColorRef::Custom(s.to_string())),
            "red" => Some(ColorRef::Rgb("C00000".into())),
            "green" => Some(ColorRef::Rgb("2E9E5B".into())),
            "gray" | "grey" => Some(ColorRef::Rgb("808080".into())),
            "orange" => Some(ColorRef::Rgb("ED7D31".into())),
            "blue" => Some(ColorRef::Rgb("2F5597".into())),
            _ => None,
        }
    }

    pub const NAMES: &'static str =
        "accent1…accent6, good, bad, neutral, tx1, bg1, red, green, gray, orange, blue or #RRGGBB";
}

/// One run of text with its formatting.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub color: Option<ColorRef>,
}

/// One paragraph: a bullet at a level, or plain text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Para {
    pub runs: Vec<Run>,
    /// 0-based bullet level.
    pub level: u8,
    /// A bullet point (true) or plain text (false).
    pub bullet: bool,
}

impl Para {
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// Text for one slot.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rich {
    pub paras: Vec<Para>,
}

impl Rich {
    pub fn plain(s: impl Into<String>) -> Rich {
        let s: String = s.into();
        Rich {
            paras: s
                .split('\n')
                .map(|line| Para {
                    runs: vec![Run { text: line.to_string(), ..Default::default() }],
                    level: 0,
                    bullet: false,
                })
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.paras.iter().all(|p| p.runs.iter().all(|r| r.text.trim().is_empty()))
    }

    /// The text, paragraphs joined by newlines.
    pub fn text(&self) -> String {
        self.paras.iter().map(Para::text).collect::<Vec<_>>().join("\n")
    }
}

/// The kinds of chart deckgen writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    Column,
    Bar,
    StackedColumn,
    StackedBar,
    PercentColumn,
    PercentBar,
    Line,
    Area,
    StackedArea,
    Pie,
    Doughnut,
    Combo,
    Scatter,
    Radar,
    Waterfall,
}

impl ChartKind {
    pub const NAMES: &'static [(&'static str, ChartKind)] = &[
        ("column", ChartKind::Column),
        ("bar", ChartKind::Bar),
        ("stacked-column", ChartKind::StackedColumn),
        ("stacked-bar", ChartKind::StackedBar),
        ("percent-column", ChartKind::PercentColumn),
        ("percent-bar", ChartKind::PercentBar),
        ("line", ChartKind::Line),
        ("area", ChartKind::Area),
        ("stacked-area", ChartKind::StackedArea),
        ("pie", ChartKind::Pie),
        ("doughnut", ChartKind::Doughnut),
        ("combo", ChartKind::Combo),
        ("scatter", ChartKind::Scatter),
        ("radar", ChartKind::Radar),
        ("waterfall", ChartKind::Waterfall),
    ];

    pub fn parse(s: &str) -> Option<ChartKind> {
        let s = s.trim().replace('_', "-");
        Self::NAMES.iter().find(|(n, _)| *n == s).map(|(_, k)| *k)
    }

    pub fn name(self) -> &'static str {
        Self::NAMES.iter().find(|(_, k)| *k == self).map(|(n, _)| *n).unwrap_or("column")
    }

    pub fn is_pie_like(self) -> bool {
        matches!(self, ChartKind::Pie | ChartKind::Doughnut)
    }

    pub fn is_horizontal(self) -> bool {
        matches!(self, ChartKind::Bar | ChartKind::StackedBar | ChartKind::PercentBar)
    }
}

/// How a series is drawn inside a combo chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesKind {
    Column,
    Line,
    Area,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelPos {
    Outside,
    Inside,
    Center,
    Above,
    Below,
    Best,
}

/// Data labels.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Labels {
    pub value: bool,
    pub percent: bool,
    pub category: bool,
    pub format: Option<String>,
    pub position: Option<LabelPos>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Trendline {
    Linear,
    MovingAverage(u32),
}

/// What a series stands for in a comparison; decides its colour when the
/// spec gives none, so a role looks the same on every slide of a deck.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    /// Not part of a period comparison: colours in order (accent1, accent2…).
    #[default]
    Other,
    /// The reporting period, compared with another period or a benchmark.
    Current,
    /// The period before, or the same period last year.
    Earlier,
    /// A benchmark: the team average.
    Benchmark,
    /// A target line.
    Target,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    pub name: String,
    pub role: Role,
    /// One value per category; `None` is a gap.
    pub values: Vec<Option<f64>>,
    /// Scatter charts: x values.
    pub x: Option<Vec<Option<f64>>>,
    /// Combo charts: how this series is drawn (default column for the first, line after).
    pub kind: Option<SeriesKind>,
    pub secondary: bool,
    pub color: Option<ColorRef>,
    /// Per-point colours, 0-based index.
    pub point_colors: Vec<(usize, ColorRef)>,
    pub labels: Option<Labels>,
    pub trendline: Option<Trendline>,
    /// Number format of the values (cache and embedded workbook).
    pub format: String,
    pub dashed: bool,
    pub markers: Option<bool>,
    pub smooth: Option<bool>,
    /// Drawn without fill or line (the base of a waterfall).
    pub invisible: bool,
    /// A thin connector between bars (a waterfall's), not in the legend.
    pub connector: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LegendPos {
    #[default]
    Bottom,
    Top,
    Right,
    Left,
    None,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Axis {
    pub title: Option<String>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub major_unit: Option<f64>,
    pub format: Option<String>,
    pub gridlines: Option<bool>,
    pub reverse: bool,
    pub hidden: bool,
}

/// A chart, ready to be written.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub kind: ChartKind,
    pub title: Option<String>,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    pub legend: LegendPos,
    pub value_axis: Axis,
    pub secondary_axis: Axis,
    pub category_axis: Axis,
    pub gap_width: u32,
    pub overlap: i32,
    /// Doughnut hole size, percent.
    pub hole: u32,
    /// Text in a doughnut's centre.
    pub center: Option<String>,
    pub markers: bool,
    pub smooth: bool,
    /// The categories as days (Excel serial numbers), when they are the days
    /// of the period: a crowded axis can then show every k-th day.
    pub category_days: Option<Vec<f64>>,
    /// The data had no rows for the period: one category, 无数据, and no values.
    pub no_data: bool,
}

impl Chart {
    pub fn new(kind: ChartKind) -> Chart {
        Chart {
            kind,
            title: None,
            categories: vec![],
            series: vec![],
            legend: LegendPos::Bottom,
            value_axis: Axis::default(),
            secondary_axis: Axis::default(),
            category_axis: Axis::default(),
            gap_width: 80,
            overlap: 0,
            hole: 60,
            center: None,
            markers: true,
            smooth: false,
            category_days: None,
            no_data: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    pub text: Rich,
    pub fill: Option<ColorRef>,
    pub numeric: bool,
}

impl Cell {
    pub fn plain(s: impl Into<String>) -> Cell {
        Cell { text: Rich::plain(s), fill: None, numeric: false }
    }

    /// Text in one colour (a status, a cell still to fill in).
    pub fn colored(s: impl Into<String>, color: ColorRef) -> Cell {
        let run = Run { text: s.into(), bold: false, color: Some(color) };
        Cell { text: Rich { paras: vec![Para { runs: vec![run], ..Default::default() }] }, fill: None, numeric: false }
    }
}

/// A table, ready to be written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub align: Vec<Align>,
    /// Relative column widths (empty: from the content).
    pub widths: Vec<f64>,
    /// Rows per slide before continuing on a new slide (`None`: what fits).
    pub rows_per_slide: Option<usize>,
    /// The last row is a total row (bold, kept with the last page).
    pub total_row: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fit {
    #[default]
    Contain,
    Cover,
}

/// A picture, already decoded, rotated, downscaled and re-encoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    /// The file it was read from (a deck is never written over it).
    pub path: std::path::PathBuf,
    pub data: Vec<u8>,
    /// `png` or `jpeg`.
    pub ext: &'static str,
    pub width: u32,
    pub height: u32,
    pub fit: Fit,
    pub alt: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TimelineRow {
    pub task: String,
    /// 0-based first and last column.
    pub start: usize,
    pub end: usize,
    pub owner: String,
    pub color: Option<ColorRef>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    pub months: Vec<String>,
    pub rows: Vec<TimelineRow>,
}

/// Content for a shape slot.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Chart(Box<Chart>),
    Table(Table),
    Picture(Picture),
    Timeline(Timeline),
}

/// One slide, resolved.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Slide {
    pub layout: String,
    /// Text slots: token → text.
    pub texts: BTreeMap<String, Rich>,
    /// Repeated items: slot → one token map per item.
    pub items: BTreeMap<String, Vec<BTreeMap<String, Rich>>>,
    /// Shape slots: slot → content.
    pub shapes: BTreeMap<String, Content>,
    pub notes: Option<String>,
    pub hidden: bool,
    /// Where the slide was defined, for messages (`annual.yaml:40:5`).
    pub origin: String,
    /// The 1-based number of the spec entry that made it.
    pub spec_index: usize,
}

/// Document properties.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meta {
    pub title: String,
    pub subject: String,
    pub author: String,
    pub company: String,
    pub keywords: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SlideSize {
    #[default]
    Wide,
    Standard,
}

impl SlideSize {
    /// Slide width and height in EMU.
    pub fn emu(self) -> (i64, i64) {
        match self {
            SlideSize::Wide => (12_192_000, 6_858_000),
            SlideSize::Standard => (9_144_000, 6_858_000),
        }
    }
}

/// The whole resolved deck.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Deck {
    pub meta: Meta,
    pub theme: String,
    pub size: SlideSize,
    /// Deck-level texts for master tokens (`footer`).
    pub master_texts: BTreeMap<String, String>,
    pub slides: Vec<Slide>,
    /// What the reader should know about the content (a sentence with a
    /// value that has no data), with the slide and spec line.
    pub warnings: Vec<crate::warning::Warning>,
}
