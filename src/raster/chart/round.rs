//! Round charts: pie, doughnut and radar.

use super::axis::{ticks, value_axis};
use super::{GRID, Sizes, fmt_value, point_color, series_color};
use crate::error::Result;
use crate::model::{Chart, ChartKind};
use crate::raster::Palette;
use crate::raster::canvas::{Canvas, Rect, Rgb, draw_err, stroke};
use crate::raster::font::{Align, Span, Style, Typesetter};
use plotters::prelude::*;

/// Pie and doughnut charts: slices clockwise from twelve o'clock.
pub fn pie(canvas: &mut Canvas, ts: &mut Typesetter, r: Rect, chart: &Chart, pal: &Palette, sz: Sizes) -> Result<()> {
    let Some(s) = chart.series.first() else { return Ok(()) };
    let vals: Vec<f64> = s.values.iter().map(|v| v.unwrap_or(0.0).max(0.0)).collect();
    let total: f64 = vals.iter().sum();
    if total <= 0.0 {
        return Ok(());
    }
    let (cx, cy) = (r.x + r.w / 2.0, r.y + r.h / 2.0);
    let rad = (r.w.min(r.h) / 2.0 - 4.0).max(10.0);
    let hole = if chart.kind == ChartKind::Doughnut { chart.hole.clamp(10, 90) as f32 / 100.0 } else { 0.0 };
    let mut slices = Vec::new();
    let mut start = 0.0f64;
    for (i, v) in vals.iter().enumerate() {
        let sweep = v / total * std::f64::consts::TAU;
        slices.push((i, start, start + sweep, *v));
        start += sweep;
    }
    let at = |ang: f64, rr: f32| -> (f32, f32) { (cx + rr * ang.sin() as f32, cy - rr * ang.cos() as f32) };
    {
        let root = canvas.area();
        for (i, a0, a1, _) in &slices {
            if a1 - a0 <= 0.0 {
                continue;
            }
            let c = point_color(pal, Some(s), *i);
            let steps = (((a1 - a0) * rad as f64 / 3.0).ceil() as usize).max(2);
            let mut pts = vec![(cx.round() as i32, cy.round() as i32)];
            for k in 0..=steps {
                let a = a0 + (a1 - a0) * k as f64 / steps as f64;
                let (x, y) = at(a, rad);
                pts.push((x.round() as i32, y.round() as i32));
            }
            root.draw(&Polygon::new(pts.clone(), c.plotters().filled())).map_err(draw_err)?;
            // The rim, smoothed.
            root.draw(&PathElement::new(pts[1..].to_vec(), c.plotters())).map_err(draw_err)?;
        }
        root.present().map_err(draw_err)?;
    }
    // White separators between slices, and the hole.
    if slices.len() > 1 {
        for (_, a0, _, _) in &slices {
            stroke(canvas, &[(cx, cy), at(*a0, rad + 1.0)], 3.0, Rgb::WHITE, false);
        }
    }
    if hole > 0.0 {
        canvas.disc(cx, cy, rad * hole, Rgb::WHITE);
    }
    // Labels: percent (and value or name) inside each slice large enough.
    let l = s.labels.clone().unwrap_or_default();
    for (i, a0, a1, v) in &slices {
        let mut parts = Vec::new();
        if l.category {
            parts.push(chart.categories.get(*i).cloned().unwrap_or_default());
        }
        if l.value {
            parts.push(fmt_value(*v, l.format.as_deref().unwrap_or(&s.format)));
        }
        if l.percent || parts.is_empty() {
            parts.push(fmt_value(
                v / total,
                if l.percent && !l.value { l.format.as_deref().unwrap_or("0.0%") } else { "0.0%" },
            ));
        }
        if (a1 - a0) < 0.25 {
            continue;
        }
        let mid = (a0 + a1) / 2.0;
        let rr = if hole > 0.0 { rad * (1.0 + hole) / 2.0 } else { rad * 0.64 };
        let (x, y) = at(mid, rr);
        let b = ts.layout(&[Span::new(parts.join("\n"), Style::new(sz.label, Rgb::WHITE).bold())], rad, 1.2);
        ts.draw(canvas, &b, x - b.width() / 2.0, y - b.height() / 2.0, b.width(), Align::Center);
    }
    if let Some(c) = chart.center.as_deref().filter(|c| hole > 0.0 && !c.trim().is_empty()) {
        let b = ts.layout(&[Span::new(c, Style::new(sz.title, pal.text()).bold())], rad * hole * 1.7, 1.25);
        ts.draw(canvas, &b, cx - rad * hole, cy - b.height() / 2.0, rad * hole * 2.0, Align::Center);
    }
    Ok(())
}

/// Radar charts: one ring per tick, one spoke per category.
pub fn radar(canvas: &mut Canvas, ts: &mut Typesetter, r: Rect, chart: &Chart, pal: &Palette, sz: Sizes) -> Result<()> {
    let n = chart.categories.len();
    if n < 3 {
        return super::cartesian::categories(canvas, ts, r, &Chart { kind: ChartKind::Line, ..chart.clone() }, pal, sz);
    }
    let Some(a) = value_axis(chart, false) else { return Ok(()) };
    let tick = Style::new(sz.tick, Rgb(0x59, 0x59, 0x59));
    let (cx, cy) = (r.x + r.w / 2.0, r.y + r.h / 2.0);
    let rad = (r.w.min(r.h) / 2.0 - sz.tick * 1.6).max(10.0);
    let at = |k: usize, f: f32| -> (f32, f32) {
        let ang = k as f32 / n as f32 * std::f32::consts::TAU;
        (cx + rad * f * ang.sin(), cy - rad * f * ang.cos())
    };
    {
        let root = canvas.area();
        let px = |p: (f32, f32)| (p.0.round() as i32, p.1.round() as i32);
        for v in ticks(a.lo, a.hi, a.step) {
            let f = a.frac(v);
            let mut ring: Vec<(i32, i32)> = (0..n).map(|k| px(at(k, f))).collect();
            ring.push(ring[0]);
            root.draw(&PathElement::new(ring, GRID.plotters())).map_err(draw_err)?;
        }
        for k in 0..n {
            root.draw(&PathElement::new(vec![px((cx, cy)), px(at(k, 1.0))], GRID.plotters())).map_err(draw_err)?;
        }
        root.present().map_err(draw_err)?;
    }
    for (i, s) in chart.series.iter().enumerate() {
        let c = series_color(pal, s, i);
        let mut pts: Vec<(f32, f32)> =
            (0..n).map(|k| at(k, a.frac(s.values.get(k).copied().flatten().unwrap_or(a.lo)).clamp(0.0, 1.0))).collect();
        pts.push(pts[0]);
        stroke(canvas, &pts, sz.line * 0.8, c, s.dashed);
        for p in &pts[..n] {
            canvas.disc(p.0, p.1, sz.line, c);
        }
    }
    for (k, c) in chart.categories.iter().enumerate() {
        let (x, y) = at(k, 1.0);
        let b = ts.line(c, tick, r.w / 3.0);
        let dx = if (x - cx).abs() < 2.0 {
            -b.width() / 2.0
        } else if x > cx {
            6.0
        } else {
            -b.width() - 6.0
        };
        let dy = if (y - cy).abs() < 2.0 {
            -b.height() / 2.0
        } else if y < cy {
            -b.height() - 4.0
        } else {
            4.0
        };
        ts.draw(canvas, &b, x + dx, y + dy, b.width(), Align::Left);
    }
    Ok(())
}
