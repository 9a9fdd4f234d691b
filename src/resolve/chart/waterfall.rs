//! A waterfall as the bars it is written with: a stacked column chart whose
//! invisible base lifts each change to the level before it, rising steps in
//! the `good` colour, falling ones in `bad`, the start and end totals in
//! the series' own colour, and a thin connector from each bar to the next.
//! Written this way it renders alike in every application; the chart
//! writer writes these series as they are.

use crate::model::{Chart, ColorRef, Series, SeriesKind};

/// The bars of a waterfall, one value per category each.
struct Steps {
    /// The invisible base under each change.
    base: Vec<Option<f64>>,
    /// Rises.
    up: Vec<Option<f64>>,
    /// Falls, as positive heights.
    down: Vec<Option<f64>>,
    /// The start value and, when there is a category for it, the end value.
    total: Vec<Option<f64>>,
    /// The level after each bar, where its connector runs to the next bar.
    levels: Vec<f64>,
}

/// Replaces a waterfall's one series (the start value, then the changes;
/// with one category more than values, the last is the end total) by the
/// series it is written as.
pub(super) fn into_bars(chart: &mut Chart) {
    let Some(src) = chart.series.first() else { return };
    let vals: Vec<f64> = src.values.iter().map(|v| v.unwrap_or(0.0)).collect();
    chart.categories.truncate(vals.len() + 1);
    let n = chart.categories.len();
    let steps = steps(&vals, n);
    let fmt = if src.format.is_empty() { "#,##0".to_string() } else { src.format.clone() };
    let labels = src.labels.clone();
    let mk = |name: &str, values: Vec<Option<f64>>, color: Option<ColorRef>, invisible: bool, format: String| Series {
        name: name.to_string(),
        values,
        color,
        invisible,
        format,
        labels: if invisible { None } else { labels.clone() },
        ..Default::default()
    };
    let down_fmt = format!("-{}", fmt.split(';').next().unwrap_or("#,##0"));
    let mut series = vec![
        mk("基数", steps.base, None, true, fmt.clone()),
        mk("增加", steps.up, Some(ColorRef::Custom("good".into())), false, fmt.clone()),
        mk("减少", steps.down, Some(ColorRef::Custom("bad".into())), false, down_fmt),
        mk(&src.name, steps.total, src.color.clone().or(Some(ColorRef::Scheme("accent1".into()))), false, fmt.clone()),
    ];
    series.extend(connectors(&steps.levels, n, &fmt));
    chart.series = series;
}

/// The bars of `vals` over `n` categories (`n` is one more than the values
/// when the end total has a category).
fn steps(vals: &[f64], n: usize) -> Steps {
    let with_end = n == vals.len() + 1;
    let mut s = Steps {
        base: vec![None; n],
        up: vec![None; n],
        down: vec![None; n],
        total: vec![None; n],
        levels: Vec::with_capacity(n),
    };
    let mut running = 0.0;
    for (i, v) in vals.iter().enumerate() {
        if i == 0 {
            s.total[0] = Some(*v);
            running = *v;
            s.levels.push(running);
            continue;
        }
        let next = running + v;
        s.base[i] = Some(running.min(next));
        if *v >= 0.0 {
            s.up[i] = Some(*v);
        } else {
            s.down[i] = Some(-v);
        }
        running = next;
        s.levels.push(running);
    }
    if with_end {
        s.total[n - 1] = Some(running);
    }
    s
}

/// Connector lines: from each bar's end level to the next bar, one short
/// line series each (a line joins points of one series only).
fn connectors(levels: &[f64], n: usize, fmt: &str) -> Vec<Series> {
    let mut out = Vec::new();
    for i in 0..n.saturating_sub(1) {
        let Some(level) = levels.get(i).copied() else { break };
        let mut values = vec![None; n];
        values[i] = Some(level);
        values[i + 1] = Some(level);
        out.push(Series {
            name: "连接线".into(),
            values,
            kind: Some(SeriesKind::Line),
            connector: true,
            markers: Some(false),
            color: Some(ColorRef::Rgb("A6A6A6".into())),
            format: fmt.to_string(),
            ..Default::default()
        });
    }
    out
}
