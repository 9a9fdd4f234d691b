//! Presentation rules a chart gets from the engine, whatever its spec says
//! (unless the spec sets the thing itself): colours by series role, value
//! axes with nice ticks and distinct tick labels (a deviation axis for bars
//! in a narrow band), category labels that fit without turning or wrapping,
//! and data labels that stay clear of lines, markers, bars and each other
//! (dense series label their maximum, minimum and last point only).
//!
//! The rules need the chart's size: the slide passes its frame. Positions
//! inside the frame are estimates (the application lays the plot out), good
//! enough to tell a clear spot from a crowded one.

pub use super::labels::PointLabel;
use super::labels::{Geo, Plot, place_labels, stacked_labels};
use super::scale::{self, NumStyle, Scale, shown};
use super::text::{AXIS_PT, LABEL_H, text_w};
use super::{series_kind, stacked};
use crate::color::{Color, ColorCtx, palette};
use crate::model::{Axis, Chart, ChartKind, LabelPos, Role, Series, SeriesKind};

/// Space between ticks, at least.
const TICK_GAP_PT: f64 = 30.0;

/// The chart frame, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub w: f64,
    pub h: f64,
}

impl Frame {
    pub fn from_emu(w: i64, h: i64) -> Frame {
        Frame { w: w as f64 / 12700.0, h: h as f64 / 12700.0 }
    }
}

/// Everything the writer asks the rules.
#[derive(Debug, Clone, Default)]
pub struct Arranged {
    /// The colour of each written series (XML of a colour element).
    pub colors: Vec<Color>,
    pub primary: Option<Scale>,
    pub secondary: Option<Scale>,
    /// Show every k-th category label (1: all).
    pub cat_skip: usize,
    /// Days as categories, crowded: a date axis with a label every k days
    /// (the one skip every application honours).
    pub date_axis: Option<usize>,
    /// Per series: the labelled points and where, when the engine decided
    /// them (`None`: every point, at the series' own position).
    pub labels: Vec<Option<Vec<PointLabel>>>,
}

fn is_category_chart(k: ChartKind) -> bool {
    !matches!(k, ChartKind::Pie | ChartKind::Doughnut | ChartKind::Scatter | ChartKind::Radar)
}

/// Grey for earlier periods and benchmarks (A6A6A6 on a white background).
const GREY: Color = Color::scheme_lum("bg1", 65000, None);

/// Colours by role: the period reported is accent1, earlier periods and the
/// team average grey, targets the spec's (the `bad` status colour); other
/// series take the palette in order, after accent1 when a current series
/// holds it. A colour in the spec wins.
pub fn series_colors(series: &[Series], colors: &ColorCtx) -> Vec<Color> {
    let has_current = series.iter().any(|s| s.role == Role::Current && s.color.is_none());
    let mut k = usize::from(has_current);
    series
        .iter()
        .map(|s| {
            if let Some(c) = &s.color {
                return colors.color(c);
            }
            match s.role {
                Role::Current => palette(0),
                Role::Earlier | Role::Benchmark => GREY,
                Role::Target => colors.color(&crate::model::ColorRef::Custom("bad".into())),
                Role::Other if s.invisible => palette(0),
                Role::Other => {
                    k += 1;
                    palette(k - 1)
                }
            }
        })
        .collect()
}

/// The values an axis must show: each point, or each stack's top and bottom.
fn axis_values(chart: &Chart, series: &[Series], secondary: bool) -> Vec<f64> {
    let stacks = stacked(chart.kind);
    // Series on this axis, with whether they stack.
    let members: Vec<(&Series, bool)> = series
        .iter()
        .enumerate()
        .filter(|(_, s)| s.secondary == secondary)
        .map(|(i, s)| (s, stacks && series_kind(chart, i, s) != SeriesKind::Line))
        .collect();
    let mut out: Vec<f64> = members
        .iter()
        .filter(|(_, in_stack)| !in_stack)
        .flat_map(|(s, _)| s.values.iter().flatten().copied().filter(|v| v.is_finite()))
        .collect();
    if stacks {
        for j in 0..chart.categories.len() {
            let (mut pos, mut neg) = (0.0, 0.0);
            for v in members.iter().filter(|m| m.1).filter_map(|(s, _)| s.values.get(j).copied().flatten()) {
                if v >= 0.0 {
                    pos += v;
                } else {
                    neg += v;
                }
            }
            out.push(pos);
            out.push(neg);
        }
    }
    out
}

/// What is drawn against one value axis.
struct AxisUse {
    values: Vec<f64>,
    bars: bool,
    area: bool,
    target: Option<f64>,
    labels_above: bool,
    format: String,
    /// Share of the height this axis' data may use, from the bottom (bars
    /// under a line on the other axis) or from the top (that line).
    band: Option<Band>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Band {
    Low(f64),
    High(f64),
}

fn axis_use(chart: &Chart, series: &[Series], secondary: bool) -> Option<AxisUse> {
    let idx: Vec<usize> = (0..series.len()).filter(|i| series[*i].secondary == secondary).collect();
    if idx.is_empty() {
        return None;
    }
    let kinds: Vec<SeriesKind> = idx.iter().map(|i| series_kind(chart, *i, &series[*i])).collect();
    let format = idx
        .iter()
        .map(|i| &series[*i])
        .find(|s| !s.invisible && s.role != Role::Target && !s.format.is_empty())
        .map(|s| s.format.clone())
        .unwrap_or_else(|| "General".into());
    Some(AxisUse {
        values: axis_values(chart, series, secondary),
        bars: kinds.contains(&SeriesKind::Column),
        area: kinds.contains(&SeriesKind::Area),
        target: idx
            .iter()
            .map(|i| &series[*i])
            .find(|s| s.role == Role::Target)
            .and_then(|s| s.values.iter().flatten().next().copied()),
        labels_above: idx.iter().any(|i| {
            let s = &series[*i];
            s.labels.as_ref().is_some_and(|l| {
                (l.value || l.percent)
                    && !matches!(l.position, Some(LabelPos::Below | LabelPos::Center | LabelPos::Inside))
            })
        }),
        format,
        band: None,
    })
}

/// A combo of columns on one axis and lines on the other: the columns keep
/// to the lower part of the plot and the lines to the upper part, so the
/// lines and their labels do not run through the columns.
fn split_combo(chart: &Chart, series: &[Series], prim: &mut Option<AxisUse>, sec: &mut Option<AxisUse>) {
    let (Some(p), Some(s)) = (prim.as_mut(), sec.as_mut()) else { return };
    let kinds = |secondary: bool| -> Vec<SeriesKind> {
        series
            .iter()
            .enumerate()
            .filter(|(_, x)| x.secondary == secondary && x.role != Role::Target)
            .map(|(i, x)| series_kind(chart, i, x))
            .collect()
    };
    let (pk, sk) = (kinds(false), kinds(true));
    let only = |k: &[SeriesKind], x: SeriesKind| !k.is_empty() && k.iter().all(|y| *y == x);
    if only(&pk, SeriesKind::Column) && only(&sk, SeriesKind::Line) {
        p.band = Some(Band::Low(0.6));
        s.band = Some(Band::High(0.4));
    } else if only(&pk, SeriesKind::Line) && only(&sk, SeriesKind::Column) {
        p.band = Some(Band::High(0.4));
        s.band = Some(Band::Low(0.6));
    }
}

/// The smallest span a line's axis shows, so that a small move looks small
/// (95.90–96.25% made −0.35 pp look like a crash): rates at least 2
/// percentage points (a fifth of a low rate's level), other values 5% of
/// their level. A rate's axis stays within 0–100%.
fn min_span(lo: f64, hi: f64, percent: bool) -> (f64, f64) {
    let level = lo.abs().max(hi.abs());
    let want = if percent { 0.02f64.min(0.2 * level) } else { 0.05 * level };
    if hi - lo >= want || want <= 0.0 {
        return (lo, hi);
    }
    let mid = (lo + hi) / 2.0;
    let (mut a, mut b) = (mid - want / 2.0, mid + want / 2.0);
    if percent && hi <= 1.0 && b > 1.0 {
        (a, b) = (1.0 - want, 1.0);
    }
    if lo >= 0.0 && a < 0.0 {
        (a, b) = (0.0, want);
    }
    (a.min(lo), b.max(hi))
}

/// Chooses a value axis. The spec's min, max, major unit and format are
/// kept; the rest is chosen: a range with nice ticks, from zero for bars
/// and areas (a bar's length encodes its value: a narrow band of columns
/// is drawn as a line when the chart is resolved), around the data for
/// lines far from zero (at least
/// [`min_span`] wide), room above the highest point for its label, and
/// tick labels that differ.
fn choose_scale(u: &AxisUse, user: &Axis, plot_h: f64, intervals: Option<usize>) -> Option<Scale> {
    let (lo, hi) = u
        .values
        .iter()
        .chain(u.target.iter())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(*v), b.max(*v)));
    if !lo.is_finite() || !hi.is_finite() {
        return None;
    }
    // A bar's length encodes its value: a spec's minimum above zero under
    // bars of positive values is not kept (the bars grow from zero).
    let from_zero;
    let user = if u.bars && lo >= 0.0 && user.min.is_some_and(|m| m > 0.0) {
        from_zero = Axis { min: None, ..user.clone() };
        &from_zero
    } else {
        user
    };
    let zero =
        user.min.is_none() && (u.bars || u.area || (lo >= 0.0 && lo < 0.35 * hi) || (hi <= 0.0 && hi > 0.35 * lo));
    // The highest point, for the room its label needs.
    let top = hi;
    let (lo, hi) = if zero || user.min.is_some() || user.max.is_some() {
        (lo, hi)
    } else {
        min_span(lo, hi, NumStyle::parse(user.format.as_deref().unwrap_or(&u.format)).percent)
    };
    let max_iv = ((plot_h / TICK_GAP_PT).floor() as usize).clamp(3, 8);
    let base_format = user.format.clone().unwrap_or_else(|| u.format.clone());
    let user_style = user.format.as_deref().map(NumStyle::parse);
    let pick = |lo: f64, hi: f64| -> (f64, f64, f64) {
        match intervals {
            Some(n) => aligned(lo, hi, n, zero),
            None => {
                let first = scale::nice_range(lo, hi, max_iv, zero);
                // The spec's format is kept where it can be: coarser ticks it shows
                // exactly, while at least three intervals remain.
                let Some(st) = &user_style else { return first };
                let (mut a, mut b, mut s) = first;
                for _ in 0..8 {
                    let ticks = Scale { min: a, max: b, major: s, format: String::new(), cross_at: None }.ticks();
                    if scale::shows_ticks(st, &ticks) {
                        return (a, b, s);
                    }
                    let s2 = scale::nice_step(s * 1.0001);
                    let (a2, b2) = ((lo / s2).floor() * s2, (hi / s2).ceil() * s2);
                    let (a2, b2) = if zero { (a2.min(0.0), b2.max(0.0)) } else { (a2, b2) };
                    if ((b2 - a2) / s2).round() < 3.0 {
                        break;
                    }
                    (a, b, s) = (a2, b2, s2);
                }
                first
            }
        }
    };
    // Keep to a band of the plot (combos): stretch the range away from the data.
    let (lo, hi) = match u.band {
        Some(Band::Low(share)) if user.max.is_none() && hi > 0.0 => (lo, lo.min(0.0) + (hi - lo.min(0.0)) / share),
        Some(Band::High(share)) if user.min.is_none() && hi > lo => {
            let want = hi - (hi - lo) / share;
            (if lo >= 0.0 { want.max(0.0) } else { want }, hi)
        }
        _ => (lo, hi),
    };
    let (mut min, mut max, mut step) = pick(user.min.unwrap_or(lo), user.max.unwrap_or(hi));
    // Room for the labels above the highest point.
    if u.labels_above && user.max.is_none() && top > 0.0 {
        let need = LABEL_H * 1.3 / plot_h.max(1.0) * (max - min);
        if max - top < need {
            (min, max, step) = pick(user.min.unwrap_or(lo), hi.max(top + need));
        }
    }
    if let Some(v) = user.min {
        min = v;
    }
    if let Some(v) = user.max {
        max = v;
    }
    if let Some(m) = user.major_unit.filter(|m| *m > 0.0) {
        step = m;
    }
    if max <= min {
        return None;
    }
    let mut s = Scale { min, max, major: step, format: String::new(), cross_at: None };
    s.format = match &user.format {
        Some(f) if scale::shows_ticks(&NumStyle::parse(f), &s.ticks()) => f.clone(),
        _ => scale::tick_format(&base_format, &s.ticks()),
    };
    Some(s)
}

/// A nice range with exactly `n` intervals covering lo..hi (a secondary
/// axis whose ticks fall on the primary's gridlines).
fn aligned(lo: f64, hi: f64, n: usize, zero: bool) -> (f64, f64, f64) {
    let (lo, hi) = if zero { (lo.min(0.0), hi.max(0.0)) } else { (lo, hi) };
    let n = n.max(1);
    let mut step = scale::nice_step(((hi - lo) / n as f64).max(f64::MIN_POSITIVE));
    for _ in 0..40 {
        let min = if zero && lo >= 0.0 { 0.0 } else { (lo / step).floor() * step };
        let max = min + step * n as f64;
        if max >= hi - 1e-12 * hi.abs().max(1.0) {
            return (min, max, step);
        }
        step = scale::nice_step(step * 1.0001);
    }
    scale::nice_range(lo, hi, n, zero)
}

/// Every k-th category label, so that labels fit side by side without
/// turning or wrapping. Long runs of days skip by 2, 3, 5 or 7.
fn category_skip(chart: &Chart, plot_w: f64) -> usize {
    let n = chart.categories.len();
    if n <= 1 || chart.kind.is_horizontal() {
        return 1;
    }
    let widest = chart.categories.iter().map(|c| text_w(c, AXIS_PT)).fold(0.0, f64::max) + 6.0;
    let slot = plot_w / n as f64;
    let need = (widest / slot.max(1.0)).ceil().max(1.0) as usize;
    if need <= 1 {
        return 1;
    }
    [2, 3, 4, 5, 7, 10, 14, 15, 20, 30].into_iter().find(|k| *k >= need).unwrap_or(need)
}

fn plot_box(chart: &Chart, series: &[Series], frame: Frame, prim: Option<&Scale>, sec: Option<&Scale>) -> Plot {
    let tick_w = |s: Option<&Scale>| -> f64 {
        s.map(|s| s.ticks().iter().map(|t| text_w(&shown(*t, &s.format), AXIS_PT)).fold(0.0, f64::max)).unwrap_or(0.0)
    };
    let titled = |a: &Axis| if a.title.is_some() { AXIS_PT * 1.6 } else { 0.0 };
    let has_title = chart.title.as_deref().is_some_and(|t| !t.trim().is_empty());
    let legend = chart.legend;
    let visible = series.iter().filter(|s| !s.invisible).count();
    let legend_h = if matches!(legend, crate::model::LegendPos::Bottom | crate::model::LegendPos::Top) && visible > 0 {
        AXIS_PT * 1.4 + 8.0
    } else {
        0.0
    };
    let legend_w = if matches!(legend, crate::model::LegendPos::Right | crate::model::LegendPos::Left) {
        series.iter().map(|s| text_w(&s.name, AXIS_PT)).fold(0.0, f64::max) + 24.0
    } else {
        0.0
    };
    let left = 8.0
        + tick_w(prim)
        + 6.0
        + titled(&chart.value_axis)
        + if legend == crate::model::LegendPos::Left { legend_w } else { 0.0 };
    let right = 8.0
        + if sec.is_some() { tick_w(sec) + 6.0 + titled(&chart.secondary_axis) } else { 4.0 }
        + if legend == crate::model::LegendPos::Right { legend_w } else { 0.0 };
    let top = 8.0 + if has_title { 13.0 * 1.5 + 6.0 } else { 4.0 };
    let bottom = 8.0 + AXIS_PT * 1.4 + 4.0 + legend_h;
    Plot { x: left, y: top, w: (frame.w - left - right).max(20.0), h: (frame.h - top - bottom).max(20.0) }
}

/// Applies the rules to a category chart (`series` are the written ones).
pub fn arrange(chart: &Chart, series: &[Series], frame: Frame, colors: &ColorCtx) -> Arranged {
    let mut a = Arranged {
        colors: series_colors(series, colors),
        cat_skip: 1,
        labels: vec![None; series.len()],
        ..Default::default()
    };
    let percent = matches!(chart.kind, ChartKind::PercentColumn | ChartKind::PercentBar);
    if !is_category_chart(chart.kind) || percent {
        return a;
    }
    // A first guess of the plot, to know how many ticks fit.
    let rough = plot_box(chart, series, frame, None, None);
    let along = if chart.kind.is_horizontal() { rough.w } else { rough.h };
    let (mut pu, mut su) = (axis_use(chart, series, false), axis_use(chart, series, true));
    split_combo(chart, series, &mut pu, &mut su);
    a.primary = pu.and_then(|u| choose_scale(&u, &chart.value_axis, along, None));
    let n_iv = a.primary.as_ref().map(|s| ((s.max - s.min) / s.major).round() as usize);
    a.secondary = su.and_then(|u| {
        // Ticks on the primary's gridlines, unless the spec fixes this axis.
        let fixed = chart.secondary_axis.min.is_some() && chart.secondary_axis.max.is_some()
            || chart.secondary_axis.major_unit.is_some();
        choose_scale(&u, &chart.secondary_axis, along, if fixed { None } else { n_iv })
    });
    let plot = plot_box(chart, series, frame, a.primary.as_ref(), a.secondary.as_ref());
    a.cat_skip = category_skip(chart, plot.w);
    if a.cat_skip > 1 && chart.category_days.as_ref().is_some_and(|d| d.len() == chart.categories.len()) {
        a.date_axis = Some(a.cat_skip);
    }
    let g = Geo { chart, series, plot, prim: a.primary.as_ref(), sec: a.secondary.as_ref() };
    if !chart.kind.is_horizontal() {
        a.labels = place_labels(&g);
    }
    if matches!(chart.kind, ChartKind::StackedColumn | ChartKind::StackedBar) {
        for (i, l) in stacked_labels(&g, chart.kind.is_horizontal()).into_iter().enumerate() {
            if l.is_some() {
                a.labels[i] = l;
            }
        }
    }
    a
}

#[cfg(test)]
mod tests {
    use super::super::labels::key_points;
    use super::*;
    use crate::model::Labels;

    fn line_chart(values: Vec<Option<f64>>) -> Chart {
        let mut c = Chart::new(ChartKind::Line);
        c.categories = (1..=values.len()).map(|i| format!("{i}月")).collect();
        c.series.push(Series {
            name: "a".into(),
            values,
            format: "0.0".into(),
            labels: Some(Labels { value: true, ..Default::default() }),
            ..Default::default()
        });
        c
    }

    fn theme() -> crate::layout::Theme {
        crate::layout::Theme { name: "t".into(), xml: String::new(), colors: Default::default() }
    }

    fn frame() -> Frame {
        Frame { w: 600.0, h: 300.0 }
    }

    #[test]
    fn lines_far_from_zero_get_a_range_around_them() {
        let c = line_chart(vec![Some(18.6), Some(17.8), Some(23.3), Some(18.5)]);
        let u = axis_use(&c, &c.series, false).unwrap();
        let s = choose_scale(&u, &Axis::default(), 220.0, None).unwrap();
        assert!(s.min > 0.0 && s.min <= 17.8 && s.max >= 23.3, "{s:?}");
    }

    #[test]
    fn bars_start_at_zero_however_narrow() {
        let mut c = Chart::new(ChartKind::Column);
        c.categories = (1..=12).map(|i| format!("{i}月")).collect();
        let v: Vec<Option<f64>> = (0..12).map(|i| Some(0.9943 + (i % 5) as f64 * 0.0001)).collect();
        c.series.push(Series { name: "回复率".into(), values: v, format: "0.0%".into(), ..Default::default() });
        let u = axis_use(&c, &c.series, false).unwrap();
        let s = choose_scale(&u, &Axis::default(), 220.0, None).unwrap();
        assert_eq!((s.min, s.cross_at), (0.0, None), "{s:?}");
    }

    #[test]
    fn small_moves_of_a_rate_look_small() {
        // W53: 满意率 95.90–96.25% spans at least 2 percentage points.
        let mut c = line_chart(vec![Some(0.9625), Some(0.962), Some(0.9615), Some(0.959)]);
        c.series[0].format = "0.0%".into();
        let u = axis_use(&c, &c.series, false).unwrap();
        let s = choose_scale(&u, &Axis::default(), 220.0, None).unwrap();
        assert!(s.max - s.min >= 0.02 - 1e-12 && s.min <= 0.959 && s.max >= 0.9625, "{s:?}");
        // A rate near 100% stays within 100%.
        let c = line_chart(vec![Some(0.9943), Some(0.9947)]);
        let mut u = axis_use(&c, &c.series, false).unwrap();
        u.format = "0.00%".into();
        let s = choose_scale(&u, &Axis::default(), 220.0, None).unwrap();
        assert!(s.max <= 1.0 + 1e-12 && s.max - s.min >= 0.02 - 1e-12, "{s:?}");
    }

    #[test]
    fn a_spec_format_gets_ticks_it_can_show() {
        // Format "0" (no decimals): steps of 2.5 would read "2, 5, 8"; 5 reads right.
        let c = line_chart(vec![Some(17.3), Some(18.8), Some(16.9), Some(19.6)]);
        let u = axis_use(&c, &c.series, false).unwrap();
        let user = Axis { min: Some(0.0), format: Some("0".into()), ..Default::default() };
        let s = choose_scale(&u, &user, 240.0, None).unwrap();
        assert_eq!(s.format, "0");
        assert!(scale::shows_ticks(&NumStyle::parse("0"), &s.ticks()), "{s:?}");
        assert!(s.ticks().len() >= 4);
    }

    #[test]
    fn dense_series_label_max_min_last() {
        let v: Vec<Option<f64>> = (0..31).map(|i| Some(40.0 + ((i * 7) % 11) as f64)).collect();
        let c = line_chart(v.clone());
        let a = arrange(&c, &c.series, frame(), &ColorCtx { theme: &theme() });
        let pts: Vec<usize> = a.labels[0].as_ref().unwrap().iter().map(|p| p.idx).collect();
        assert_eq!(pts, key_points(&v));
        assert!(pts.len() <= 3 && pts.contains(&30));
    }

    #[test]
    fn a_label_leaves_a_line_that_runs_above_its_point() {
        // The second line runs just above the first (a label's height): labels go below.
        let mut c = line_chart(vec![Some(30.0), Some(31.0), Some(30.5), Some(31.5)]);
        c.series.push(Series {
            name: "b".into(),
            values: vec![Some(30.1), Some(31.1), Some(30.6), Some(31.6)],
            ..Default::default()
        });
        let a = arrange(&c, &c.series, frame(), &ColorCtx { theme: &theme() });
        let placed = a.labels[0].as_ref().expect("placed by the engine");
        assert!(placed.iter().all(|p| p.pos != "t"), "{placed:?}");
    }

    #[test]
    fn thirty_one_days_skip_labels() {
        let mut c = line_chart((0..31).map(|i| Some(i as f64)).collect());
        c.categories = (1..=31).map(|d| format!("12/{d:02}")).collect();
        let a = arrange(&c, &c.series, Frame { w: 400.0, h: 300.0 }, &ColorCtx { theme: &theme() });
        assert!(a.cat_skip >= 2);
        let shown = 31usize.div_ceil(a.cat_skip);
        assert!(shown as f64 * text_w("12/01", AXIS_PT) < 400.0);
    }

    #[test]
    fn numbers_as_formats_show_them() {
        assert_eq!(shown(1234567.0, "#,##0"), "1,234,567");
        assert_eq!(shown(0.3826, "0.0%"), "38.3%");
        assert_eq!(shown(-1234.5, "#,##0.0"), "-1,234.5");
    }
}
