//! Where data labels go: clear of lines, markers, bars and each other, on
//! estimated positions of the points inside the plot (dense series label
//! their maximum, minimum and last point only).

use super::scale::{Scale, shown};
use super::text::{LABEL_H, LABEL_PT, text_w};
use super::{series_kind, stacked};
use crate::model::{Chart, LabelPos, Series, SeriesKind};

/// One data label the engine placed: point index and `c:dLblPos`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PointLabel {
    pub idx: usize,
    pub pos: &'static str,
}

/// The plot area inside the frame, estimated: (x, y, w, h) in points.
#[derive(Debug, Clone, Copy)]
pub(super) struct Plot {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// An axis-aligned rectangle, in points (y grows downwards).
#[derive(Debug, Clone, Copy)]
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    fn area(&self) -> f64 {
        (self.x1 - self.x0).max(0.0) * (self.y1 - self.y0).max(0.0)
    }
    fn overlap(&self, o: &Rect) -> f64 {
        let w = (self.x1.min(o.x1) - self.x0.max(o.x0)).max(0.0);
        let h = (self.y1.min(o.y1) - self.y0.max(o.y0)).max(0.0);
        w * h
    }
}

/// Length of the segment a–b inside `r` (Liang–Barsky clipping).
fn clipped_len(a: (f64, f64), b: (f64, f64), r: &Rect) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [(-dx, a.0 - r.x0), (dx, r.x1 - a.0), (-dy, a.1 - r.y0), (dy, r.y1 - a.1)] {
        if p == 0.0 {
            if q < 0.0 {
                return 0.0;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    if t1 <= t0 { 0.0 } else { (t1 - t0) * (dx * dx + dy * dy).sqrt() }
}

/// A line segment between two points, with the series it belongs to.
type Segment = (usize, (f64, f64), (f64, f64));

/// What a label must stay clear of.
#[derive(Default, Clone)]
struct Obstacles {
    /// Line segments, with the index of the series they belong to.
    segments: Vec<Segment>,
    markers: Vec<Rect>,
    bars: Vec<Rect>,
    labels: Vec<Rect>,
}

impl Obstacles {
    /// How much of the label at `r` is covered; a line counts where it
    /// crosses the text itself (not the padding around it), and the
    /// label's own line (`own`: its series) three times: a number crossed by
    /// its own line reads as belonging to the next point.
    fn cost(&self, r: &Rect, plot: &Plot, own: Option<usize>) -> f64 {
        let a = r.area().max(1.0);
        let mid = (r.y0 + r.y1) / 2.0;
        let ink = Rect { x0: r.x0 + 2.0, y0: mid - 0.4 * LABEL_PT, x1: r.x1 - 2.0, y1: mid + 0.4 * LABEL_PT };
        let seg: f64 = self
            .segments
            .iter()
            .map(|(k, p, q)| clipped_len(*p, *q, &ink) * if Some(*k) == own { 3.0 } else { 1.0 })
            .sum();
        let mk: f64 = self.markers.iter().map(|m| m.overlap(r)).sum::<f64>() / a;
        let bars: f64 = self.bars.iter().map(|b| b.overlap(r)).sum::<f64>() / a;
        let lbl: f64 = self.labels.iter().map(|l| l.overlap(r)).sum::<f64>() / a;
        let out = (plot.y - r.y0).max(0.0) + (r.y1 - (plot.y + plot.h)).max(0.0);
        seg + 20.0 * mk + 6.0 * bars + 60.0 * lbl + 2.0 * out
    }
}

/// Geometry of a category chart's points.
pub(super) struct Geo<'a> {
    pub chart: &'a Chart,
    pub series: &'a [Series],
    pub plot: Plot,
    pub prim: Option<&'a Scale>,
    pub sec: Option<&'a Scale>,
}

impl Geo<'_> {
    fn n(&self) -> usize {
        self.chart.categories.len().max(1)
    }
    fn x(&self, i: usize) -> f64 {
        self.plot.x + (i as f64 + 0.5) * self.plot.w / self.n() as f64
    }
    fn scale(&self, s: &Series) -> Option<&Scale> {
        if s.secondary { self.sec } else { self.prim }
    }
    fn y(&self, s: &Series, v: f64) -> Option<f64> {
        let sc = self.scale(s)?;
        Some(self.plot.y + self.plot.h * (1.0 - sc.frac(v)))
    }
    /// How the line of series `s` turns at point `j`, on the page: the sum
    /// of the angles its segments rise towards the neighbours (radians).
    /// Below zero the gap above the point is the larger (a peak), above
    /// zero the gap below (a trough); an end point has one segment.
    fn turn(&self, s: &Series, j: usize) -> f64 {
        let at = |k: usize| s.values.get(k).copied().flatten().and_then(|v| self.y(s, v)).map(|y| (self.x(k), y));
        let Some((x, y)) = at(j) else { return 0.0 };
        let left = j.checked_sub(1).and_then(at).map_or(0.0, |(xl, yl)| (y - yl).atan2(x - xl));
        let right = at(j + 1).map_or(0.0, |(xr, yr)| (y - yr).atan2(xr - x));
        left + right
    }
    /// The baseline bars grow from.
    fn base_y(&self, s: &Series) -> Option<f64> {
        let sc = self.scale(s)?;
        let b = sc.cross_at.unwrap_or(if sc.min <= 0.0 && sc.max >= 0.0 { 0.0 } else { sc.min });
        self.y(s, b)
    }
    /// Clustered columns: (series index → slot within the group, count).
    fn bar_slots(&self) -> (Vec<Option<usize>>, usize) {
        let mut k = 0;
        let slots = self
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| {
                (series_kind(self.chart, i, s) == SeriesKind::Column && !stacked(self.chart.kind)).then(|| {
                    k += 1;
                    k - 1
                })
            })
            .collect();
        (slots, k.max(1))
    }
    fn bar_rect(&self, i: usize, j: usize, v: f64) -> Option<Rect> {
        let s = &self.series[i];
        let (slots, m) = self.bar_slots();
        let slot = slots[i]?;
        let group = self.plot.w / self.n() as f64 / (1.0 + self.chart.gap_width as f64 / 100.0);
        let bw = group / m as f64;
        let x0 = self.x(j) - group / 2.0 + slot as f64 * bw;
        let (y, b) = (self.y(s, v)?, self.base_y(s)?);
        Some(Rect { x0, y0: y.min(b), x1: x0 + bw, y1: y.max(b) })
    }

    fn obstacles(&self) -> Obstacles {
        let mut o = Obstacles::default();
        for (i, s) in self.series.iter().enumerate() {
            if s.invisible {
                continue;
            }
            match series_kind(self.chart, i, s) {
                SeriesKind::Line => {
                    let pts: Vec<Option<(f64, f64)>> = s
                        .values
                        .iter()
                        .enumerate()
                        .map(|(j, v)| v.and_then(|v| self.y(s, v).map(|y| (self.x(j), y))))
                        .collect();
                    for w in pts.windows(2) {
                        if let (Some(a), Some(b)) = (w[0], w[1]) {
                            o.segments.push((i, a, b));
                        }
                    }
                    if s.markers.unwrap_or(self.chart.markers) {
                        for (x, y) in pts.iter().flatten() {
                            o.markers.push(Rect { x0: x - 3.5, y0: y - 3.5, x1: x + 3.5, y1: y + 3.5 });
                        }
                    }
                }
                SeriesKind::Column => {
                    for (j, v) in s.values.iter().enumerate() {
                        if let Some(r) = v.and_then(|v| self.bar_rect(i, j, v)) {
                            o.bars.push(r);
                        }
                    }
                }
                SeriesKind::Area => {}
            }
        }
        o
    }
}

/// The label rectangle of a point at (x, y) placed at `pos`.
fn label_rect(x: f64, y: f64, w: f64, pos: &str) -> Rect {
    let (h, gap) = (LABEL_H, 5.0);
    match pos {
        "b" => Rect { x0: x - w / 2.0, y0: y + gap, x1: x + w / 2.0, y1: y + gap + h },
        "r" => Rect { x0: x + gap, y0: y - h / 2.0, x1: x + gap + w, y1: y + h / 2.0 },
        "l" => Rect { x0: x - gap - w, y0: y - h / 2.0, x1: x - gap, y1: y + h / 2.0 },
        "inEnd" => Rect { x0: x - w / 2.0, y0: y + 2.0, x1: x + w / 2.0, y1: y + 2.0 + h },
        // Above a bar the label sits closer than above a line's marker.
        "outEnd" => Rect { x0: x - w / 2.0, y0: y - 2.0 - h, x1: x + w / 2.0, y1: y - 2.0 },
        // "t"
        _ => Rect { x0: x - w / 2.0, y0: y - gap - h, x1: x + w / 2.0, y1: y - gap },
    }
}

/// A label of width `w` in the middle of bar `b`.
fn bar_middle(b: &Rect, w: f64) -> Rect {
    let (x, y) = ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0);
    Rect { x0: x - w / 2.0, y0: y - LABEL_H / 2.0, x1: x + w / 2.0, y1: y + LABEL_H / 2.0 }
}

/// The points of a dense series worth a label: maximum, minimum, last.
pub(super) fn key_points(values: &[Option<f64>]) -> Vec<usize> {
    let pts: Vec<(usize, f64)> = values.iter().enumerate().filter_map(|(i, v)| v.map(|v| (i, v))).collect();
    let mut keep: Vec<usize> = Vec::new();
    if let Some(m) = pts.iter().max_by(|a, b| a.1.total_cmp(&b.1)) {
        keep.push(m.0);
    }
    if let Some(m) = pts.iter().min_by(|a, b| a.1.total_cmp(&b.1)) {
        keep.push(m.0);
    }
    if let Some(l) = pts.last() {
        keep.push(l.0);
    }
    keep.sort_unstable();
    keep.dedup();
    keep
}

/// The labels of stacked segments: none on an empty segment (a "0" drawn
/// over the bar below) and none on a segment too thin for its text; the
/// rest at the series' own position. `None` where every point keeps its label.
pub(super) fn stacked_labels(g: &Geo, horizontal: bool) -> Vec<Option<Vec<PointLabel>>> {
    g.series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let l = s.labels.as_ref().filter(|l| l.value && !s.invisible)?;
            if series_kind(g.chart, i, s) != SeriesKind::Column {
                return None;
            }
            let sc = g.scale(s)?;
            let pos = match l.position {
                Some(LabelPos::Inside | LabelPos::Above | LabelPos::Outside) => "inEnd",
                Some(LabelPos::Below) => "inBase",
                _ => "ctr",
            };
            let fmt = l
                .format
                .clone()
                .unwrap_or_else(|| if s.format.is_empty() { "General".into() } else { s.format.clone() });
            let along = if horizontal { g.plot.w } else { g.plot.h };
            let per_unit = along / (sc.max - sc.min).abs().max(f64::MIN_POSITIVE);
            let keep: Vec<PointLabel> = s
                .values
                .iter()
                .enumerate()
                .filter_map(|(j, v)| {
                    let v = (*v)?;
                    let size = v.abs() * per_unit;
                    // The text's extent along the bar: its height on a column, its width on a bar.
                    let need = if horizontal { text_w(&shown(v, &fmt), LABEL_PT) + 4.0 } else { LABEL_H };
                    (v != 0.0 && size >= need).then_some(PointLabel { idx: j, pos })
                })
                .collect();
            (keep.len() < s.values.iter().flatten().count()).then_some(keep)
        })
        .collect()
}

/// Places the labels of every labelled line and clustered column series.
pub(super) fn place_labels(g: &Geo) -> Vec<Option<Vec<PointLabel>>> {
    let mut obstacles = g.obstacles();
    let mut out = Vec::with_capacity(g.series.len());
    for (i, s) in g.series.iter().enumerate() {
        let kind = series_kind(g.chart, i, s);
        let Some(l) = s.labels.as_ref().filter(|l| l.value && !s.invisible) else {
            out.push(None);
            continue;
        };
        let line = kind == SeriesKind::Line;
        let column = kind == SeriesKind::Column && !stacked(g.chart.kind) && !g.chart.kind.is_horizontal();
        if !(line || column) || g.scale(s).is_none() {
            out.push(None);
            continue;
        }
        let fmt =
            l.format.clone().unwrap_or_else(|| if s.format.is_empty() { "General".into() } else { s.format.clone() });
        let widths: Vec<f64> =
            s.values.iter().map(|v| v.map(|v| text_w(&shown(v, &fmt), LABEL_PT) + 4.0).unwrap_or(0.0)).collect();
        let count = s.values.iter().flatten().count();
        let widest = widths.iter().copied().fold(0.0, f64::max);
        let dense = count > 1 && count as f64 * widest > g.plot.w * 0.9;
        let points: Vec<usize> = if dense {
            key_points(&s.values)
        } else {
            (0..s.values.len()).filter(|j| s.values[*j].is_some()).collect()
        };
        let preferred: &'static str = if line {
            match l.position {
                Some(LabelPos::Below) => "b",
                Some(LabelPos::Center) | Some(LabelPos::Inside) => "ctr",
                _ => "t",
            }
        } else {
            match l.position {
                Some(LabelPos::Inside) => "inEnd",
                Some(LabelPos::Center) => "ctr",
                Some(LabelPos::Below) => "inBase",
                _ => "outEnd",
            }
        };
        let mut placed = Vec::new();
        for j in points {
            let Some(v) = s.values[j] else { continue };
            let (Some(y), x) = (g.y(s, v), g.x(j)) else { continue };
            let w = widths[j];
            let pos = if line && preferred != "ctr" {
                // Above or below: the side of the larger angle between the
                // point's own segments (above a peak, below a trough).
                let vertical = match g.turn(s, j) {
                    t if t < -1e-6 => "t",
                    t if t > 1e-6 => "b",
                    _ => preferred,
                };
                let cands: [(&'static str, f64); 4] = [("t", 0.3), ("b", 0.3), ("r", 1.0), ("l", 1.2)];
                cands
                    .iter()
                    .map(|(p, extra)| {
                        let bias = if *p == vertical { 0.0 } else { *extra + 0.2 };
                        (*p, obstacles.cost(&label_rect(x, y, w, p), &g.plot, Some(i)) + bias)
                    })
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .map(|c| c.0)
                    .unwrap_or(preferred)
            } else if column && preferred == "outEnd" && v >= 0.0 {
                // Above the bar unless a line runs through that spot and the bar can hold it.
                let bar = g.bar_rect(i, j, v);
                let bx = bar.map(|b| (b.x0 + b.x1) / 2.0).unwrap_or(x);
                let out_cost = obstacles.cost(&label_rect(bx, y, w, "outEnd"), &g.plot, None);
                // White text inside the bar must fit it: tall and wide enough.
                let tall = bar.is_some_and(|b| b.y1 - b.y0 > LABEL_H + 6.0 && b.x1 - b.x0 >= w);
                // Inside its own bar a label is meant to be on a bar: only lines and labels count.
                let inside = Obstacles {
                    segments: obstacles.segments.clone(),
                    labels: obstacles.labels.clone(),
                    ..Default::default()
                };
                // In the bar's middle, not at its top: clear of a target line just above the bar.
                let in_cost = bar.map_or(f64::INFINITY, |b| inside.cost(&bar_middle(&b, w), &g.plot, None));
                if out_cost > 1.0 && tall && in_cost + 0.5 < out_cost { "ctr" } else { "outEnd" }
            } else {
                preferred
            };
            let r = if column {
                let bar = g.bar_rect(i, j, v);
                let bx = bar.map(|b| (b.x0 + b.x1) / 2.0).unwrap_or(x);
                match bar {
                    Some(b) if pos == "ctr" => bar_middle(&b, w),
                    _ => label_rect(bx, y, w, pos),
                }
            } else {
                label_rect(x, y, w, pos)
            };
            obstacles.labels.push(r);
            placed.push(PointLabel { idx: j, pos });
        }
        let everywhere = !dense && placed.iter().all(|p| p.pos == preferred);
        out.push(if everywhere { None } else { Some(placed) });
    }
    out
}
