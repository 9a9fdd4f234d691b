//! Native charts: the `c:chartSpace` part and its embedded workbook.
//!
//! One function per part ([`write`]), one small writer per element in
//! schema order (`plot.rs`, `ser.rs`, `axis.rs`, `text.rs`), and one source
//! of truth for cell references (`sheet.rs`).

pub mod arrange;
mod axis;
mod labels;
mod plot;
pub mod scale;
mod ser;
pub mod sheet;
mod text;

use crate::color::ColorCtx;
use crate::model::{Chart, ChartKind, LegendPos, Series, SeriesKind};
use crate::xml::XmlWriter;
use sheet::ChartSheet;

/// How series `i` is drawn in a category chart.
pub fn series_kind(chart: &Chart, i: usize, s: &Series) -> SeriesKind {
    let base = match chart.kind {
        ChartKind::Line => SeriesKind::Line,
        ChartKind::Area | ChartKind::StackedArea => SeriesKind::Area,
        _ => SeriesKind::Column,
    };
    s.kind.unwrap_or(if chart.kind == ChartKind::Combo && i > 0 { SeriesKind::Line } else { base })
}

/// Whether a chart kind stacks its series (a waterfall stacks its bars on their base).
fn stacked(k: ChartKind) -> bool {
    matches!(k, ChartKind::StackedColumn | ChartKind::StackedBar | ChartKind::StackedArea | ChartKind::Waterfall)
}

/// Where a doughnut's plot area sits when it has a centre label: x, y, w, h as
/// fractions of the chart frame (below the title, left of the legend). The
/// slide puts the label at its centre, so both read it from here.
pub fn doughnut_plot(chart: &Chart) -> (f64, f64, f64, f64) {
    let top = if chart.title.as_deref().is_some_and(|t| !t.trim().is_empty()) { 0.14 } else { 0.04 };
    let w = if chart.legend == LegendPos::Right || chart.legend == LegendPos::Left { 0.66 } else { 0.9 };
    let x = if chart.legend == LegendPos::Left { 0.31 } else { 0.03 };
    let bottom = if chart.legend == LegendPos::Bottom || chart.legend == LegendPos::Top { 0.14 } else { 0.03 };
    (x, top, w, 1.0 - top - bottom)
}

/// A written chart: the chart part's XML and the embedded workbook.
pub struct ChartParts {
    pub xml: String,
    pub xlsx: Vec<u8>,
}

/// The series a chart writes: the model's (a waterfall's bars are worked
/// out when the chart is resolved), except that a horizontal chart of
/// several series, read top-down, is written bottom-up (see [`bottom_up`]).
pub fn written_series(chart: &Chart) -> (Vec<String>, Vec<Series>) {
    if bottom_up(chart) {
        let mut series: Vec<Series> = chart.series.iter().rev().cloned().collect();
        let n = chart.categories.len();
        for s in &mut series {
            s.values.resize(n, None);
            s.values.reverse();
            for (i, _) in &mut s.point_colors {
                *i = n.saturating_sub(*i + 1);
            }
        }
        return (chart.categories.iter().rev().cloned().collect(), series);
    }
    (chart.categories.clone(), chart.series.clone())
}

/// A horizontal bar chart of several clustered series, meant to read
/// top-down, is written bottom-up (categories and series in reverse, axis not
/// reversed): drawn the same, but then every application lists the legend in
/// the order the bars are drawn (LibreOffice lists a bar chart's legend
/// bottom-up whatever the axis direction).
pub fn bottom_up(chart: &Chart) -> bool {
    chart.kind == ChartKind::Bar
        && chart.category_axis.reverse
        && chart.series.iter().filter(|s| !s.invisible).count() > 1
}

fn legend(w: &mut XmlWriter, chart: &Chart, series: &[Series]) {
    if chart.legend == LegendPos::None {
        return;
    }
    w.open("c:legend", &[]);
    w.val(
        "c:legendPos",
        match chart.legend {
            LegendPos::Top => "t",
            LegendPos::Right => "r",
            LegendPos::Left => "l",
            _ => "b",
        },
    );
    if !chart.kind.is_pie_like() {
        for (i, s) in series.iter().enumerate() {
            if s.invisible || s.connector {
                w.open("c:legendEntry", &[]);
                w.val("c:idx", i);
                w.val("c:delete", "1");
                w.close("c:legendEntry");
            }
        }
    }
    w.val("c:overlay", "0");
    text::tx_pr(w, 1000, false, text::GREY);
    w.close("c:legend");
}

/// Writes the chart part (`package_rid` relates it to its workbook) and the
/// workbook, for a chart shown in a frame of `frame` size.
pub fn write(
    chart: &Chart,
    package_rid: &str,
    colors: &ColorCtx,
    frame: arrange::Frame,
) -> crate::error::Result<ChartParts> {
    let (categories, series) = written_series(chart);
    let mut shown = Chart { categories, series: series.clone(), ..chart.clone() };
    if bottom_up(chart) {
        shown.category_axis.reverse = false;
    }
    if !chart.kind.is_horizontal() && !matches!(chart.kind, ChartKind::Pie | ChartKind::Doughnut | ChartKind::Radar) {
        // The plot is about the frame less its value axes.
        let slot = (frame.w - 70.0).max(20.0) / shown.categories.len().max(1) as f64;
        shown.categories =
            shown.categories.iter().map(|c| crate::fit::category_label(c, slot, text::AXIS_PT)).collect();
    }
    let arranged = arrange::arrange(&shown, &series, frame, colors);
    let sheet = ChartSheet::new(&shown, &series).with_days(arranged.date_axis.is_some());
    let ctx = ser::Ctx { sheet: &sheet, colors, chart: &shown, arranged: &arranged };

    let mut w = XmlWriter::new();
    w.open(
        "c:chartSpace",
        &[("xmlns:c", crate::ns::C.into()), ("xmlns:a", crate::ns::A.into()), ("xmlns:r", crate::ns::R.into())],
    );
    w.val("c:date1904", "0");
    w.val("c:lang", "zh-CN");
    w.val("c:roundedCorners", "0");
    w.open("c:chart", &[]);
    match &chart.title {
        Some(t) if !t.trim().is_empty() => {
            text::title(&mut w, t, 1300);
            w.val("c:autoTitleDeleted", "0");
        }
        _ => w.val("c:autoTitleDeleted", "1"),
    }
    plot::plot_area(&mut w, &ctx, &series);
    legend(&mut w, &shown, &series);
    w.val("c:plotVisOnly", "1");
    w.val("c:dispBlanksAs", "gap");
    w.close("c:chart");
    text::sp_pr_none(&mut w);
    text::tx_pr(&mut w, 1000, false, text::GREY);
    w.open("c:externalData", &[("r:id", package_rid.into())]);
    w.val("c:autoUpdate", "0");
    w.close("c:externalData");
    w.close("c:chartSpace");
    Ok(ChartParts { xml: w.into_string(), xlsx: sheet.workbook()? })
}
