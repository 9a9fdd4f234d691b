//! Charts on axes: column, bar, line, area and combo over categories, and
//! scatter charts over numbers.

use super::axis::{ValueAxis, fmt_value, nice, stacks, tick_format, ticks, value_axis};
use super::{AXIS, GRID, Sizes, look, series_color};
use crate::error::Result;
use crate::model::{Chart, LabelPos, Series, SeriesKind, Trendline};
use crate::raster::Palette;
use crate::raster::canvas::{Canvas, Rect, Rgb, draw_err, stroke};
use crate::raster::font::{Align, Span, Style, Typesetter};
use plotters::prelude::*;

/// Where things go on a category chart: the plot rectangle inside the tick
/// labels, the band of each category and the value axes.
struct Frame {
    /// The whole chart area (tick labels included).
    outer: Rect,
    plot: Rect,
    n: usize,
    band: f32,
    horizontal: bool,
    reverse: bool,
    primary: ValueAxis,
    secondary: Option<ValueAxis>,
    /// Tick positions and labels of each axis.
    p_ticks: Vec<(f64, String)>,
    s_ticks: Vec<(f64, String)>,
    /// Category labels on two lines (`11/16` over `周一`).
    two_lines: bool,
    /// The widest category label (of one line, when split).
    cat_w: f32,
    pad: f32,
}

impl Frame {
    fn new(ts: &Typesetter, r: Rect, chart: &Chart, sz: Sizes) -> Option<Frame> {
        let n = chart.categories.len().max(chart.series.iter().map(|s| s.values.len()).max().unwrap_or(0));
        if n == 0 {
            return None;
        }
        let horizontal = chart.kind.is_horizontal();
        let primary = value_axis(chart, false).or_else(|| value_axis(chart, true))?;
        let both = chart.series.iter().any(|s| s.secondary) && chart.series.iter().any(|s| !s.secondary);
        let secondary = if both { value_axis(chart, true) } else { None };
        let tick = tick_style(sz);
        let labels = |a: &ValueAxis| -> Vec<(f64, String)> {
            ticks(a.lo, a.hi, a.step).into_iter().map(|v| (v, fmt_value(v, &a.format))).collect()
        };
        let p_ticks = labels(&primary);
        let s_ticks = secondary.as_ref().map(labels).unwrap_or_default();
        let widest = |t: &[(f64, String)]| t.iter().map(|(_, s)| ts.measure(s, tick)).fold(0.0, f32::max);
        let pad = sz.tick * 0.5;
        let one_line = chart.categories.iter().map(|c| ts.measure(c, tick)).fold(0.0, f32::max);
        let split = chart
            .categories
            .iter()
            .map(|c| match c.split_once(' ') {
                Some((a, b)) => ts.measure(a, tick).max(ts.measure(b, tick)),
                None => ts.measure(c, tick),
            })
            .fold(0.0, f32::max);
        let left = if primary.hidden { 0.0 } else { widest(&p_ticks) + pad };
        let right = if secondary.as_ref().is_some_and(|a| !a.hidden) { widest(&s_ticks) + pad } else { pad };
        let two_lines = !horizontal && {
            let band = (r.w - left - right) / n as f32;
            one_line > band * 0.92 && split < one_line && split <= band * 0.92
        };
        let cat_w = if two_lines { split } else { one_line };
        let titled = primary.title.is_some() || secondary.as_ref().is_some_and(|a| a.title.is_some());
        let plot = if horizontal {
            let left = cat_w.min(r.w * 0.34) + pad;
            let bottom = if primary.hidden { 0.0 } else { sz.tick * 1.5 };
            Rect::new(
                r.x + left,
                r.y + sz.tick * 0.6,
                r.w - left - widest(&p_ticks) / 2.0,
                r.h - bottom - sz.tick * 0.6,
            )
        } else {
            let bottom = sz.tick * if two_lines { 2.9 } else { 1.6 };
            let top = if titled { sz.tick * 1.4 } else { 0.0 } + sz.tick * 0.6;
            Rect::new(r.x + left, r.y + top, r.w - left - right, r.h - top - bottom)
        };
        if plot.w <= 10.0 || plot.h <= 10.0 {
            return None;
        }
        let band = if horizontal { plot.h / n as f32 } else { plot.w / n as f32 };
        let reverse = chart.category_axis.reverse;
        Some(Frame {
            outer: r,
            plot,
            n,
            band,
            horizontal,
            reverse,
            primary,
            secondary,
            p_ticks,
            s_ticks,
            two_lines,
            cat_w,
            pad,
        })
    }

    /// Position along the category axis: 0 at the first category's edge.
    fn cat_at(&self, pos: f32) -> f32 {
        let pos = if self.reverse { self.n as f32 - pos } else { pos };
        if self.horizontal { self.plot.y + pos * self.band } else { self.plot.x + pos * self.band }
    }

    fn val_at(&self, a: &ValueAxis, v: f64) -> f32 {
        let f = a.frac(v).clamp(-0.05, 1.05);
        if self.horizontal { self.plot.x + f * self.plot.w } else { self.plot.bottom() - f * self.plot.h }
    }

    fn point(&self, pos: f32, a: &ValueAxis, v: f64) -> (f32, f32) {
        if self.horizontal { (self.val_at(a, v), self.cat_at(pos)) } else { (self.cat_at(pos), self.val_at(a, v)) }
    }

    fn axis_of(&self, s: &Series) -> &ValueAxis {
        if s.secondary { self.secondary.as_ref().unwrap_or(&self.primary) } else { &self.primary }
    }
}

fn tick_style(sz: Sizes) -> Style {
    Style::new(sz.tick, Rgb(0x59, 0x59, 0x59))
}

/// A bar to draw: series, category, rectangle and the value it shows.
struct Bar {
    series: usize,
    cat: usize,
    rect: Rect,
    value: f64,
}

/// A series line: its points, `None` at gaps.
struct SeriesLine {
    series: usize,
    points: Vec<Option<(f32, f32)>>,
}

/// Column, bar, line, area and combo charts.
pub fn categories(
    canvas: &mut Canvas,
    ts: &mut Typesetter,
    r: Rect,
    chart: &Chart,
    pal: &Palette,
    sz: Sizes,
) -> Result<()> {
    let Some(f) = Frame::new(ts, r, chart, sz) else { return Ok(()) };
    let bars = bars(&f, chart);
    let areas = areas(&f, chart);
    shapes(canvas, &f, chart, pal, &bars, &areas)?;
    let lines = lines(canvas, &f, chart, pal, sz);
    trendlines(canvas, &f, chart, pal, sz);
    axis_labels(canvas, ts, &f, chart, sz);
    bar_labels(canvas, ts, &f, chart, sz, &bars);
    line_labels(canvas, ts, &f, chart, pal, sz, &lines);
    Ok(())
}

/// The bars of the column series, clustered or stacked, per axis.
fn bars(f: &Frame, chart: &Chart) -> Vec<Bar> {
    let (stacked, percent) = stacks(chart);
    let mut out = Vec::new();
    for sec in [false, true] {
        let cols: Vec<usize> = (0..chart.series.len())
            .filter(|i| chart.series[*i].secondary == sec && look(chart, *i, &chart.series[*i]) == SeriesKind::Column)
            .collect();
        if cols.is_empty() {
            continue;
        }
        let slots = if stacked { 1 } else { cols.len() };
        let gap = chart.gap_width as f32 / 100.0;
        // Bar width as a fraction of the band.
        let w = 1.0 / (slots as f32 + gap);
        for k in 0..f.n {
            let value = |i: usize| chart.series[i].values.get(k).copied().flatten();
            let total: f64 = if percent { cols.iter().map(|i| value(*i).unwrap_or(0.0).abs()).sum() } else { 1.0 };
            let (mut pos, mut neg) = (0.0, 0.0);
            for (j, &i) in cols.iter().enumerate() {
                let s = &chart.series[i];
                let Some(mut v) = value(i) else { continue };
                if percent {
                    v = if total > 0.0 { v / total } else { 0.0 };
                }
                let a = f.axis_of(s);
                let (from, to) = if stacked {
                    let base = if v >= 0.0 { pos } else { neg };
                    if v >= 0.0 {
                        pos += v
                    } else {
                        neg += v
                    }
                    (base, base + v)
                } else {
                    (a.lo.max(0.0).min(a.hi), v)
                };
                let slot = if stacked { 0 } else { j };
                let c0 = k as f32 + (1.0 - slots as f32 * w) / 2.0 + slot as f32 * w;
                let (p0, p1) = (f.point(c0, a, from), f.point(c0 + w, a, to));
                let rect = Rect::new(p0.0.min(p1.0), p0.1.min(p1.1), (p1.0 - p0.0).abs(), (p1.1 - p0.1).abs());
                if !s.invisible {
                    out.push(Bar { series: i, cat: k, rect, value: v });
                }
            }
        }
    }
    out
}

/// The area series as polygons (stacked on each other when the chart stacks).
fn areas(f: &Frame, chart: &Chart) -> Vec<(usize, Vec<(f32, f32)>)> {
    let (stacked, _) = stacks(chart);
    let mut base = vec![0.0f64; f.n];
    let mut out = Vec::new();
    for (i, s) in chart.series.iter().enumerate() {
        if look(chart, i, s) != SeriesKind::Area {
            continue;
        }
        let a = f.axis_of(s);
        let mut top = Vec::new();
        let mut bottom = Vec::new();
        for (k, b) in base.iter_mut().enumerate() {
            let v = s.values.get(k).copied().flatten().unwrap_or(0.0);
            let from = if stacked { *b } else { a.lo.max(0.0) };
            top.push(f.point(k as f32 + 0.5, a, from + v));
            bottom.push(f.point(k as f32 + 0.5, a, from));
            if stacked {
                *b += v;
            }
        }
        bottom.reverse();
        top.extend(bottom);
        out.push((i, top));
    }
    out
}

/// Grid, areas, bars and the category axis line, drawn by plotters.
fn shapes(
    canvas: &mut Canvas,
    f: &Frame,
    chart: &Chart,
    pal: &Palette,
    bars: &[Bar],
    areas: &[(usize, Vec<(f32, f32)>)],
) -> Result<()> {
    let root = canvas.area();
    let px = |v: f32| v.round() as i32;
    let plot = f.plot;
    let across = |p: f32| {
        if f.horizontal {
            vec![(px(p), px(plot.y)), (px(p), px(plot.bottom()))]
        } else {
            vec![(px(plot.x), px(p)), (px(plot.right()), px(p))]
        }
    };
    if chart.value_axis.gridlines != Some(false) {
        for (v, _) in &f.p_ticks {
            root.draw(&PathElement::new(across(f.val_at(&f.primary, *v)), GRID.plotters())).map_err(draw_err)?;
        }
    }
    for (i, poly) in areas {
        let c = series_color(pal, &chart.series[*i], *i);
        let pts: Vec<(i32, i32)> = poly.iter().map(|(x, y)| (px(*x), px(*y))).collect();
        root.draw(&Polygon::new(pts, c.plotters().mix(0.85).filled())).map_err(draw_err)?;
    }
    for b in bars {
        let s = &chart.series[b.series];
        let c = s
            .point_colors
            .iter()
            .find(|(p, _)| *p == b.cat)
            .map(|(_, c)| pal.color(c))
            .unwrap_or_else(|| series_color(pal, s, b.series));
        let r = b.rect;
        if r.w >= 0.5 && r.h >= 0.5 {
            let (x0, y0) = (px(r.x), px(r.y));
            let (x1, y1) = (px(r.right()).max(x0 + 1), px(r.bottom()).max(y0 + 1));
            root.draw(&Rectangle::new([(x0, y0), (x1 - 1, y1 - 1)], c.plotters().filled())).map_err(draw_err)?;
        }
    }
    // The category axis line at the value 0 (or the axis minimum).
    let zero = f.primary.lo.max(0.0).min(f.primary.hi);
    root.draw(&PathElement::new(across(f.val_at(&f.primary, zero)), AXIS.plotters().stroke_width(2)))
        .map_err(draw_err)?;
    root.present().map_err(draw_err)
}

/// The line series and their markers.
fn lines(canvas: &mut Canvas, f: &Frame, chart: &Chart, pal: &Palette, sz: Sizes) -> Vec<SeriesLine> {
    let mut out = Vec::new();
    for (i, s) in chart.series.iter().enumerate() {
        if look(chart, i, s) != SeriesKind::Line || s.invisible {
            continue;
        }
        let a = f.axis_of(s);
        let points: Vec<Option<(f32, f32)>> =
            (0..f.n).map(|k| s.values.get(k).copied().flatten().map(|v| f.point(k as f32 + 0.5, a, v))).collect();
        let c = series_color(pal, s, i);
        for run in points.split(|p| p.is_none()) {
            let run: Vec<(f32, f32)> = run.iter().flatten().copied().collect();
            if run.len() > 1 {
                stroke(canvas, &run, sz.line, c, s.dashed);
            }
        }
        if s.markers.unwrap_or(chart.markers) && !s.dashed {
            for p in points.iter().flatten() {
                canvas.disc(p.0, p.1, sz.line * 1.5, Rgb::WHITE);
                canvas.disc(p.0, p.1, sz.line * 1.1, c);
            }
        }
        out.push(SeriesLine { series: i, points });
    }
    out
}

/// Linear and moving-average trendlines, dashed in the series' colour.
fn trendlines(canvas: &mut Canvas, f: &Frame, chart: &Chart, pal: &Palette, sz: Sizes) {
    for (i, s) in chart.series.iter().enumerate() {
        let Some(t) = &s.trendline else { continue };
        let a = f.axis_of(s);
        let vals: Vec<(f64, f64)> = s.values.iter().enumerate().filter_map(|(k, v)| v.map(|v| (k as f64, v))).collect();
        let at = |x: f64, y: f64| f.point(x as f32 + 0.5, a, y);
        let pts: Vec<(f32, f32)> = match t {
            Trendline::Linear if vals.len() > 1 => {
                let m = vals.len() as f64;
                let (sx, sy) = vals.iter().fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
                let (mx, my) = (sx / m, sy / m);
                let num: f64 = vals.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
                let den: f64 = vals.iter().map(|(x, _)| (x - mx).powi(2)).sum();
                let slope = if den > 0.0 { num / den } else { 0.0 };
                let (x0, x1) = (vals[0].0, vals[vals.len() - 1].0);
                vec![at(x0, my + slope * (x0 - mx)), at(x1, my + slope * (x1 - mx))]
            }
            Trendline::MovingAverage(w) if *w as usize >= 2 && vals.len() >= *w as usize => {
                let w = *w as usize;
                (w - 1..vals.len())
                    .map(|e| at(vals[e].0, vals[e + 1 - w..=e].iter().map(|v| v.1).sum::<f64>() / w as f64))
                    .collect()
            }
            _ => vec![],
        };
        if pts.len() > 1 {
            let c = series_color(pal, s, i).mix(Rgb(0x40, 0x40, 0x40), 0.2);
            stroke(canvas, &pts, sz.line * 0.6, c, true);
        }
    }
}

/// Tick labels of the value axes, axis titles and category labels.
fn axis_labels(canvas: &mut Canvas, ts: &mut Typesetter, f: &Frame, chart: &Chart, sz: Sizes) {
    let (r, plot, pad) = (f.outer, f.plot, f.pad);
    let tick = tick_style(sz);
    if !f.primary.hidden {
        for (v, s) in &f.p_ticks {
            let p = f.val_at(&f.primary, *v);
            let b = ts.line(s, tick, f32::INFINITY);
            if f.horizontal {
                ts.draw(canvas, &b, p - b.width() / 2.0, plot.bottom() + sz.tick * 0.25, b.width(), Align::Center);
            } else {
                ts.draw(canvas, &b, r.x, p - b.height() / 2.0, plot.x - r.x - pad, Align::Right);
            }
        }
    }
    if let Some(a) = f.secondary.as_ref().filter(|a| !a.hidden && !f.horizontal) {
        for (v, s) in &f.s_ticks {
            let p = f.val_at(a, *v);
            let b = ts.line(s, tick, f32::INFINITY);
            ts.draw(canvas, &b, plot.right() + pad, p - b.height() / 2.0, b.width(), Align::Left);
        }
    }
    // Axis titles, small, above the tick labels.
    let title_style = Style::new(sz.tick * 0.9, Rgb(0x7F, 0x7F, 0x7F));
    if !f.horizontal {
        if let Some(t) = &f.primary.title {
            let b = ts.line(t, title_style, r.w / 2.0);
            ts.draw(canvas, &b, r.x, r.y, r.w / 2.0, Align::Left);
        }
        if let Some(t) = f.secondary.as_ref().and_then(|a| a.title.as_ref()) {
            let b = ts.line(t, title_style, r.w / 2.0);
            ts.draw(canvas, &b, r.x + r.w / 2.0, r.y, r.w / 2.0, Align::Right);
        }
    }
    if chart.category_axis.hidden {
        return;
    }
    // Category labels, every `step`-th when they would collide.
    let avail = if f.horizontal { sz.tick * 1.3 } else { f.band };
    let need = if f.horizontal { sz.tick * 1.2 } else { f.cat_w + sz.tick * 0.4 };
    let step = ((need / avail.max(1.0)).ceil() as usize).max(1);
    for (k, c) in chart.categories.iter().enumerate().step_by(step) {
        let mid = f.cat_at(k as f32 + 0.5);
        if f.horizontal {
            let b = ts.line(c, tick, plot.x - r.x - pad);
            ts.draw(canvas, &b, r.x, mid - b.height() / 2.0, plot.x - r.x - pad, Align::Right);
        } else {
            let w = f.band * step as f32;
            let b = if f.two_lines {
                ts.layout(&[Span::new(c.replacen(' ', "\n", 1), tick)], f32::INFINITY, 1.25)
            } else {
                ts.line(c, tick, w)
            };
            ts.draw(canvas, &b, mid - w / 2.0, plot.bottom() + sz.tick * 0.3, w, Align::Center);
        }
    }
}

/// Value labels of bars: inside (white) when stacked or asked and they fit, else past the end.
fn bar_labels(canvas: &mut Canvas, ts: &mut Typesetter, f: &Frame, chart: &Chart, sz: Sizes, bars: &[Bar]) {
    let (stacked, percent) = stacks(chart);
    let style = Style::new(sz.label, Rgb(0x40, 0x40, 0x40));
    for bar in bars {
        let s = &chart.series[bar.series];
        let Some(l) = s.labels.as_ref().filter(|l| l.value || l.percent) else { continue };
        let text = fmt_value(bar.value, l.format.as_deref().unwrap_or(if percent { "0%" } else { &s.format }));
        let b = ts.line(&text, style, f32::INFINITY);
        let r = bar.rect;
        // Too many bars for every label: every other one.
        if !f.horizontal && f.band < b.width() * 0.7 && bar.cat % 2 == 1 {
            continue;
        }
        let inside = stacked || matches!(l.position, Some(LabelPos::Center) | Some(LabelPos::Inside));
        let fits = if f.horizontal { r.w >= b.width() + 6.0 } else { r.h >= b.height() && r.w >= b.width() * 0.8 };
        if inside && fits {
            let b = ts.line(&text, style.color(Rgb::WHITE), f32::INFINITY);
            ts.draw(canvas, &b, r.x, r.y + (r.h - b.height()) / 2.0, r.w, Align::Center);
        } else if f.horizontal {
            let x = if bar.value >= 0.0 { r.right() + 6.0 } else { r.x - 6.0 - b.width() };
            ts.draw(canvas, &b, x, r.y + (r.h - b.height()) / 2.0, b.width(), Align::Left);
        } else {
            let y = if bar.value >= 0.0 { r.y - b.height() } else { r.bottom() };
            let w = b.width().max(r.w);
            ts.draw(canvas, &b, r.x + r.w / 2.0 - w / 2.0, y, w, Align::Center);
        }
    }
}

/// Value labels of lines, above the points (below when asked), on a light backing.
fn line_labels(
    canvas: &mut Canvas,
    ts: &mut Typesetter,
    f: &Frame,
    chart: &Chart,
    pal: &Palette,
    sz: Sizes,
    lines: &[SeriesLine],
) {
    let style = Style::new(sz.label, Rgb(0x40, 0x40, 0x40));
    for line in lines {
        let s = &chart.series[line.series];
        let Some(l) = s.labels.as_ref().filter(|l| l.value) else { continue };
        // Every `step`-th point when the labels would touch.
        let widest = ts.measure(&fmt_value(1234.5, &s.format), style);
        let step = ((widest * 1.1 / f.band).ceil() as usize).max(1);
        let color = series_color(pal, s, line.series).mix(Rgb(0, 0, 0), 0.25);
        for (k, p) in line.points.iter().enumerate().step_by(step) {
            let (Some(p), Some(v)) = (p, s.values.get(k).copied().flatten()) else { continue };
            let text = fmt_value(v, l.format.as_deref().unwrap_or(&s.format));
            let b = ts.line(&text, style.color(color), f32::INFINITY);
            let below = l.position == Some(LabelPos::Below);
            let y = if below { p.1 + sz.line * 1.6 } else { p.1 - sz.line * 1.6 - b.height() };
            let pad = sz.label * 0.15;
            let backing =
                Rect::new(p.0 - b.width() / 2.0 - pad, y + pad, b.width() + 2.0 * pad, b.height() - 2.0 * pad);
            canvas.fill_alpha(backing, Rgb::WHITE, 0.8);
            ts.draw(canvas, &b, p.0 - b.width() / 2.0, y, b.width(), Align::Left);
        }
    }
}

/// Scatter charts: numeric x and y.
pub fn scatter(
    canvas: &mut Canvas,
    ts: &mut Typesetter,
    r: Rect,
    chart: &Chart,
    pal: &Palette,
    sz: Sizes,
) -> Result<()> {
    let pts_of = |s: &Series| -> Vec<(f64, f64)> {
        s.values
            .iter()
            .enumerate()
            .filter_map(|(k, y)| {
                let x = match &s.x {
                    Some(xs) => xs.get(k).copied().flatten()?,
                    None => k as f64 + 1.0,
                };
                Some((x, (*y)?))
            })
            .collect()
    };
    let all: Vec<(f64, f64)> = chart.series.iter().flat_map(pts_of).collect();
    if all.is_empty() {
        return Ok(());
    }
    let fold = |f: fn(&(f64, f64)) -> f64| {
        all.iter().map(f).fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)))
    };
    let (xl, xh) = fold(|p| p.0);
    let (yl, yh) = fold(|p| p.1);
    let xa = &chart.category_axis;
    let ya = &chart.value_axis;
    let (x0, x1, xs) = nice(xl, xh, xa.min, xa.max, xa.major_unit);
    let (y0, y1, ys) = nice(yl, yh, ya.min, ya.max, ya.major_unit);
    let tick = Style::new(sz.tick, Rgb(0x59, 0x59, 0x59));
    let yfmt = tick_format(
        &ya.format.clone().unwrap_or_else(|| chart.series.first().map(|s| s.format.clone()).unwrap_or_default()),
        ys,
    );
    let xfmt = tick_format(xa.format.as_deref().unwrap_or("General"), xs);
    let ylabels: Vec<(f64, String)> = ticks(y0, y1, ys).into_iter().map(|v| (v, fmt_value(v, &yfmt))).collect();
    let left = ylabels.iter().map(|(_, s)| ts.measure(s, tick)).fold(0.0, f32::max) + sz.tick * 0.5;
    let plot = Rect::new(r.x + left, r.y + sz.tick * 0.6, r.w - left - sz.tick, r.h - sz.tick * 2.2);
    let map = |x: f64, y: f64| -> (f32, f32) {
        (plot.x + ((x - x0) / (x1 - x0)) as f32 * plot.w, plot.bottom() - ((y - y0) / (y1 - y0)) as f32 * plot.h)
    };
    {
        let root = canvas.area();
        for (v, _) in &ylabels {
            let (_, y) = map(x0, *v);
            root.draw(&PathElement::new(
                vec![(plot.x as i32, y as i32), (plot.right() as i32, y as i32)],
                GRID.plotters(),
            ))
            .map_err(draw_err)?;
        }
        root.draw(&PathElement::new(
            vec![(plot.x as i32, plot.bottom() as i32), (plot.right() as i32, plot.bottom() as i32)],
            AXIS.plotters().stroke_width(2),
        ))
        .map_err(draw_err)?;
        root.present().map_err(draw_err)?;
    }
    for (i, s) in chart.series.iter().enumerate() {
        let c = series_color(pal, s, i);
        for (x, y) in pts_of(s) {
            let (px, py) = map(x, y);
            canvas.disc(px, py, sz.line * 1.4, c);
        }
    }
    for (v, s) in &ylabels {
        let (_, y) = map(x0, *v);
        let b = ts.line(s, tick, f32::INFINITY);
        ts.draw(canvas, &b, r.x, y - b.height() / 2.0, left - sz.tick * 0.5, Align::Right);
    }
    for v in ticks(x0, x1, xs) {
        let (x, _) = map(v, y0);
        let b = ts.line(&fmt_value(v, &xfmt), tick, f32::INFINITY);
        ts.draw(canvas, &b, x - b.width() / 2.0, plot.bottom() + sz.tick * 0.3, b.width(), Align::Center);
    }
    Ok(())
}
