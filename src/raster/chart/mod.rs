//! A chart of the resolved deck redrawn as pixels: the same categories,
//! series, colours, formats, axes and labels the chart part is written
//! from (`model::Chart`), nothing computed again. plotters draws the
//! shapes (bars, areas, slices, grid) into the canvas' bitmap; the series
//! lines, markers and all text are drawn on top with smoothed edges.

mod axis;
mod cartesian;
mod round;

pub use axis::fmt_value;

use super::Palette;
use super::canvas::{Canvas, Rect, Rgb, stroke};
use super::font::{Align, Span, Style, Typesetter};
use crate::error::Result;
use crate::model::{Chart, ChartKind, LegendPos, Series, SeriesKind};

/// Text and line sizes of a chart, in pixels.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub title: f32,
    pub tick: f32,
    pub label: f32,
    pub legend: f32,
    pub line: f32,
}

impl Sizes {
    /// Sizes that read on a phone when the picture is 1080 px wide.
    pub fn phone() -> Sizes {
        Sizes { title: 34.0, tick: 30.0, label: 29.0, legend: 30.0, line: 5.0 }
    }
}

pub(crate) const GRID: Rgb = Rgb(0xE3, 0xE3, 0xE3);
pub(crate) const AXIS: Rgb = Rgb(0xBF, 0xBF, 0xBF);

/// Draws `chart` in `r`.
pub fn draw(canvas: &mut Canvas, ts: &mut Typesetter, r: Rect, chart: &Chart, pal: &Palette, sz: Sizes) -> Result<()> {
    let (cats, series) = crate::chart::written_series(chart);
    let shown = Chart { categories: cats, series, ..chart.clone() };
    let mut area = r;
    if let Some(t) = shown.title.as_deref().filter(|t| !t.trim().is_empty()) {
        let b = ts.layout(&[Span::new(t, Style::new(sz.title, pal.text()).bold())], r.w, 1.3);
        ts.draw(canvas, &b, r.x, r.y, r.w, Align::Center);
        let h = b.height() + sz.title * 0.3;
        area = Rect::new(r.x, r.y + h, r.w, r.h - h);
    }
    let legend = legend_entries(&shown, pal);
    if shown.legend != LegendPos::None && (legend.len() > 1 || shown.kind.is_pie_like()) {
        let h = legend_height(ts, &legend, area.w, sz);
        let top = shown.legend == LegendPos::Top;
        let at = if top { area.y } else { area.bottom() - h };
        draw_legend(canvas, ts, &legend, Rect::new(area.x, at, area.w, h), sz)?;
        area = if top {
            Rect::new(area.x, area.y + h + sz.legend * 0.4, area.w, area.h - h - sz.legend * 0.4)
        } else {
            Rect::new(area.x, area.y, area.w, area.h - h - sz.legend * 0.4)
        };
    }
    match shown.kind {
        ChartKind::Pie | ChartKind::Doughnut => round::pie(canvas, ts, area, &shown, pal, sz),
        ChartKind::Radar => round::radar(canvas, ts, area, &shown, pal, sz),
        ChartKind::Scatter => cartesian::scatter(canvas, ts, area, &shown, pal, sz),
        _ => cartesian::categories(canvas, ts, area, &shown, pal, sz),
    }
}

/// How a series is drawn.
pub(crate) fn look(chart: &Chart, i: usize, s: &Series) -> SeriesKind {
    s.kind.unwrap_or(match chart.kind {
        ChartKind::Line => SeriesKind::Line,
        ChartKind::Area | ChartKind::StackedArea => SeriesKind::Area,
        ChartKind::Combo if i > 0 => SeriesKind::Line,
        _ => SeriesKind::Column,
    })
}

pub(crate) fn series_color(pal: &Palette, s: &Series, i: usize) -> Rgb {
    s.color.as_ref().map(|c| pal.color(c)).unwrap_or_else(|| pal.series(i))
}

struct Entry {
    name: String,
    color: Rgb,
    line: bool,
    dashed: bool,
}

fn legend_entries(chart: &Chart, pal: &Palette) -> Vec<Entry> {
    if chart.kind.is_pie_like() {
        let s = chart.series.first();
        return chart
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| Entry { name: c.clone(), color: point_color(pal, s, i), line: false, dashed: false })
            .collect();
    }
    chart
        .series
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.invisible)
        .map(|(i, s)| {
            let line =
                matches!(chart.kind, ChartKind::Scatter | ChartKind::Radar) || look(chart, i, s) == SeriesKind::Line;
            Entry { name: s.name.clone(), color: series_color(pal, s, i), line, dashed: s.dashed }
        })
        .collect()
}

pub(crate) fn point_color(pal: &Palette, s: Option<&Series>, i: usize) -> Rgb {
    s.and_then(|s| s.point_colors.iter().find(|(k, _)| *k == i))
        .map(|(_, c)| pal.color(c))
        .unwrap_or_else(|| pal.series(i))
}

/// Legend entries flowed in centred rows: (row, x offset, width) per entry.
fn legend_rows(ts: &Typesetter, entries: &[Entry], width: f32, sz: Sizes) -> Vec<(usize, f32, f32)> {
    let key = sz.legend * 1.4;
    let gap = sz.legend * 1.0;
    let mut out = Vec::new();
    let (mut row, mut x) = (0, 0.0);
    for e in entries {
        let w = (key + ts.measure(&e.name, Style::new(sz.legend, Rgb(0, 0, 0)))).min(width);
        if x > 0.0 && x + w > width {
            row += 1;
            x = 0.0;
        }
        out.push((row, x, w));
        x += w + gap;
    }
    out
}

fn legend_height(ts: &Typesetter, entries: &[Entry], width: f32, sz: Sizes) -> f32 {
    let rows = legend_rows(ts, entries, width, sz).last().map(|r| r.0 + 1).unwrap_or(0);
    rows as f32 * sz.legend * 1.5
}

fn draw_legend(canvas: &mut Canvas, ts: &mut Typesetter, entries: &[Entry], r: Rect, sz: Sizes) -> Result<()> {
    let rows = legend_rows(ts, entries, r.w, sz);
    let row_h = sz.legend * 1.5;
    let gap = sz.legend;
    for row in 0..rows.last().map(|x| x.0 + 1).unwrap_or(0) {
        let members: Vec<usize> = (0..rows.len()).filter(|k| rows[*k].0 == row).collect();
        let total: f32 =
            members.iter().map(|k| rows[*k].2).sum::<f32>() + gap * (members.len().saturating_sub(1)) as f32;
        let x0 = r.x + (r.w - total) / 2.0;
        let y = r.y + row as f32 * row_h;
        let cy = y + row_h / 2.0;
        for &k in &members {
            let (_, dx, w) = rows[k];
            let e = &entries[k];
            let x = x0 + dx;
            if e.line {
                let seg = sz.legend * 1.1;
                stroke(canvas, &[(x, cy), (x + seg, cy)], sz.line * 0.8, e.color, e.dashed);
            } else {
                let s = sz.legend * 0.75;
                canvas.fill(Rect::new(x, cy - s / 2.0, s, s), e.color);
            }
            let key = sz.legend * 1.4;
            let b = ts.line(&e.name, Style::new(sz.legend, Rgb(0x40, 0x40, 0x40)), w - key);
            ts.draw(canvas, &b, x + key, y + (row_h - b.height()) / 2.0, w - key, Align::Left);
        }
    }
    Ok(())
}
