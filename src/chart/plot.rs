//! The plot area: chart groups (`c:barChart`, `c:lineChart`...) and axes.

use super::axis::{self, CAT, CAT2, Place, VAL, VAL2};
use super::ser::{self, Ctx, Look};
use crate::model::{Chart, ChartKind, Series, SeriesKind};
use crate::xml::XmlWriter;

/// How series of a category chart are grouped: (look, secondary axis, series indexes).
fn groups(chart: &Chart, series: &[Series]) -> Vec<(SeriesKind, bool, Vec<usize>)> {
    let mut out: Vec<(SeriesKind, bool, Vec<usize>)> = Vec::new();
    for (i, s) in series.iter().enumerate() {
        let kind = super::series_kind(chart, i, s);
        match out.iter_mut().find(|(k, sec, _)| *k == kind && *sec == s.secondary) {
            Some(g) => g.2.push(i),
            None => out.push((kind, s.secondary, vec![i])),
        }
    }
    // Columns at the back, lines in front.
    out.sort_by_key(|(k, sec, _)| {
        (
            match k {
                SeriesKind::Column => 0,
                SeriesKind::Area => 1,
                SeriesKind::Line => 2,
            },
            *sec,
        )
    });
    out
}

fn bar_chart(w: &mut XmlWriter, ctx: &Ctx, series: &[Series], idx: &[usize], axes: (u32, u32)) {
    let chart = ctx.chart;
    let (grouping, stacked) = match chart.kind {
        ChartKind::StackedColumn | ChartKind::StackedBar | ChartKind::Waterfall => ("stacked", true),
        ChartKind::PercentColumn | ChartKind::PercentBar => ("percentStacked", true),
        _ => ("clustered", false),
    };
    w.open("c:barChart", &[]);
    w.val("c:barDir", if chart.kind.is_horizontal() { "bar" } else { "col" });
    w.val("c:grouping", grouping);
    w.val("c:varyColors", "0");
    for &i in idx {
        ser::ser(w, ctx, i, &series[i], Look::Bar { stacked });
    }
    w.val("c:gapWidth", chart.gap_width.min(500));
    let overlap = if stacked { 100 } else { chart.overlap.clamp(-100, 100) };
    if overlap != 0 {
        w.val("c:overlap", overlap);
    }
    w.val("c:axId", axes.0);
    w.val("c:axId", axes.1);
    w.close("c:barChart");
}

fn line_chart(w: &mut XmlWriter, ctx: &Ctx, series: &[Series], idx: &[usize], axes: (u32, u32)) {
    w.open("c:lineChart", &[]);
    w.val("c:grouping", "standard");
    w.val("c:varyColors", "0");
    for &i in idx {
        ser::ser(w, ctx, i, &series[i], Look::Line);
    }
    w.val("c:marker", "1");
    w.val("c:axId", axes.0);
    w.val("c:axId", axes.1);
    w.close("c:lineChart");
}

fn area_chart(w: &mut XmlWriter, ctx: &Ctx, series: &[Series], idx: &[usize], axes: (u32, u32)) {
    w.open("c:areaChart", &[]);
    w.val("c:grouping", if ctx.chart.kind == ChartKind::StackedArea { "stacked" } else { "standard" });
    w.val("c:varyColors", "0");
    for &i in idx {
        ser::ser(w, ctx, i, &series[i], Look::Area);
    }
    w.val("c:axId", axes.0);
    w.val("c:axId", axes.1);
    w.close("c:areaChart");
}

fn first_format(series: &[Series], pick: impl Fn(&Series) -> bool) -> String {
    series
        .iter()
        .find(|s| pick(s) && !s.invisible)
        .map(|s| s.format.clone())
        .filter(|f| !f.is_empty())
        .unwrap_or_else(|| "General".into())
}

/// Writes `c:plotArea`.
pub fn plot_area(w: &mut XmlWriter, ctx: &Ctx, series: &[Series]) {
    let chart = ctx.chart;
    w.open("c:plotArea", &[]);
    layout(w, chart);
    match chart.kind {
        ChartKind::Pie => {
            w.open("c:pieChart", &[]);
            w.val("c:varyColors", "1");
            for (i, s) in series.iter().enumerate() {
                ser::ser(w, ctx, i, s, Look::Pie);
            }
            w.val("c:firstSliceAng", "0");
            w.close("c:pieChart");
        }
        ChartKind::Doughnut => {
            w.open("c:doughnutChart", &[]);
            w.val("c:varyColors", "1");
            for (i, s) in series.iter().enumerate() {
                ser::ser(w, ctx, i, s, Look::Doughnut);
            }
            w.val("c:firstSliceAng", "0");
            w.val("c:holeSize", chart.hole.clamp(10, 90));
            w.close("c:doughnutChart");
        }
        ChartKind::Scatter => scatter(w, ctx, series),
        ChartKind::Radar => radar(w, ctx, series),
        _ => category_plot(w, ctx, series),
    }
    super::text::sp_pr_none(w);
    w.close("c:plotArea");
}

/// The plot's `c:layout`: a doughnut with a centre label is placed where
/// the slide puts the label ([`super::doughnut_plot`]); others are automatic.
fn layout(w: &mut XmlWriter, chart: &Chart) {
    if chart.kind == ChartKind::Doughnut && chart.center.is_some() {
        let (x, y, cw, ch) = super::doughnut_plot(chart);
        w.open("c:layout", &[]);
        w.open("c:manualLayout", &[]);
        w.val("c:layoutTarget", "inner");
        w.val("c:xMode", "edge");
        w.val("c:yMode", "edge");
        w.val("c:x", crate::xml::num(x).as_str());
        w.val("c:y", crate::xml::num(y).as_str());
        w.val("c:w", crate::xml::num(cw).as_str());
        w.val("c:h", crate::xml::num(ch).as_str());
        w.close("c:manualLayout");
        w.close("c:layout");
    } else {
        w.empty("c:layout", &[]);
    }
}

/// A scatter chart's group and its two value axes.
fn scatter(w: &mut XmlWriter, ctx: &Ctx, series: &[Series]) {
    let chart = ctx.chart;
    w.open("c:scatterChart", &[]);
    w.val("c:scatterStyle", "lineMarker");
    w.val("c:varyColors", "0");
    for (i, s) in series.iter().enumerate() {
        ser::ser(w, ctx, i, s, Look::Scatter);
    }
    w.val("c:axId", CAT);
    w.val("c:axId", VAL);
    w.close("c:scatterChart");
    let place = Place { id: CAT, cross: VAL, pos: "b", deleted: false, crosses: "autoZero" };
    axis::val_ax(w, &chart.category_axis, &place, "General", axis::ValRole::ScatterX, None);
    axis::val_ax(
        w,
        &chart.value_axis,
        &Place { id: VAL, cross: CAT, pos: "l", deleted: false, crosses: "autoZero" },
        &first_format(series, |_| true),
        axis::ValRole::Values { gridlines: true },
        None,
    );
}

/// A radar chart's group and its axes.
fn radar(w: &mut XmlWriter, ctx: &Ctx, series: &[Series]) {
    let chart = ctx.chart;
    w.open("c:radarChart", &[]);
    w.val("c:radarStyle", "marker");
    w.val("c:varyColors", "0");
    for (i, s) in series.iter().enumerate() {
        ser::ser(w, ctx, i, s, Look::Radar);
    }
    w.val("c:axId", CAT);
    w.val("c:axId", VAL);
    w.close("c:radarChart");
    axis::cat_ax(
        w,
        &chart.category_axis,
        &Place { id: CAT, cross: VAL, pos: "b", deleted: false, crosses: "autoZero" },
        1,
        None,
    );
    axis::val_ax(
        w,
        &chart.value_axis,
        &Place { id: VAL, cross: CAT, pos: "l", deleted: false, crosses: "autoZero" },
        &first_format(series, |_| true),
        axis::ValRole::Radar,
        None,
    );
}

/// A category chart: a group per series kind and axis, the category and
/// value axes, and the secondary pair when a series is on it.
fn category_plot(w: &mut XmlWriter, ctx: &Ctx, series: &[Series]) {
    let chart = ctx.chart;
    let gs = groups(chart, series);
    let any_secondary = gs.iter().any(|(_, sec, _)| *sec);
    for (kind, sec, idx) in &gs {
        let axes = if *sec { (CAT2, VAL2) } else { (CAT, VAL) };
        match kind {
            SeriesKind::Column => bar_chart(w, ctx, series, idx, axes),
            SeriesKind::Line => line_chart(w, ctx, series, idx, axes),
            SeriesKind::Area => area_chart(w, ctx, series, idx, axes),
        }
    }
    let horizontal = chart.kind.is_horizontal();
    let (cat_pos, val_pos) = if horizontal { ("l", "b") } else { ("b", "l") };
    let percent = matches!(chart.kind, ChartKind::PercentColumn | ChartKind::PercentBar);
    let reversed = chart.category_axis.reverse;
    let arranged = ctx.arranged;
    let cross_at = arranged.primary.as_ref().and_then(|s| s.cross_at);
    let place = Place { id: CAT, cross: VAL, pos: cat_pos, deleted: false, crosses: "autoZero" };
    match arranged.date_axis {
        Some(every) => axis::date_ax(w, &chart.category_axis, &place, every, cross_at),
        None => axis::cat_ax(w, &chart.category_axis, &place, arranged.cat_skip, cross_at),
    }
    let fmt = if percent { "0%".to_string() } else { first_format(series, |s| !s.secondary) };
    axis::val_ax(
        w,
        &chart.value_axis,
        &Place {
            id: VAL,
            cross: CAT,
            pos: val_pos,
            deleted: false,
            crosses: if reversed { "max" } else { "autoZero" },
        },
        &fmt,
        axis::ValRole::Values { gridlines: true },
        arranged.primary.as_ref(),
    );
    if any_secondary {
        let place = Place { id: CAT2, cross: VAL2, pos: cat_pos, deleted: true, crosses: "autoZero" };
        match arranged.date_axis {
            Some(every) => axis::date_ax(w, &chart.category_axis, &place, every, None),
            None => axis::cat_ax(w, &chart.category_axis, &place, 1, None),
        }
        axis::val_ax(
            w,
            &chart.secondary_axis,
            &Place { id: VAL2, cross: CAT2, pos: if horizontal { "t" } else { "r" }, deleted: false, crosses: "max" },
            &first_format(series, |s| s.secondary),
            axis::ValRole::Values { gridlines: false },
            arranged.secondary.as_ref(),
        );
    }
}
