//! How a chart's points are arranged: every series fitted to the
//! categories, sorted, cut to the top N with the rest in 其他, and money
//! scaled to 万 with number formats by unit.

use super::super::Context;
use crate::error::{Error, Result};
use crate::format::{UnitKind, unit_kind};
use crate::model::{Chart, ChartKind, SeriesKind};
use crate::spec::ChartSpec;

/// Number format for values of a unit.
pub fn unit_format(unit: &str, scaled: bool) -> String {
    if scaled {
        return "#,##0.0".into();
    }
    match unit_kind(unit) {
        UnitKind::Rate => "0.0%".into(),
        UnitKind::Time => "0.0".into(),
        UnitKind::Score => "0.00".into(),
        _ => "#,##0".into(),
    }
}

impl Context<'_> {
    /// Every series fits the categories (numbered 1, 2, 3… when none are
    /// given): values the spec lists must match them, data may run short;
    /// a scatter series has x values; pies and waterfalls show one series.
    pub(super) fn fit_categories(&self, chart: &mut Chart, c: &ChartSpec, path: &str) -> Result<()> {
        let at = self.at(path);
        let kind = chart.kind;
        if kind != ChartKind::Scatter {
            if chart.categories.is_empty() {
                chart.categories = (1..=chart.series.iter().map(|s| s.values.len()).max().unwrap_or(0))
                    .map(|i| i.to_string())
                    .collect();
            }
            let n = chart.categories.len();
            for (i, s) in chart.series.iter_mut().enumerate() {
                let waterfall_end = kind == ChartKind::Waterfall && s.values.len() + 1 == n;
                if s.values.len() != n
                    && !waterfall_end
                    && c.series.get(i).is_some_and(|x| x.metric.is_none())
                    && c.data.is_none()
                {
                    return Err(Error::usage(format!(
                        "series `{}` has {} values for {n} categories",
                        s.name,
                        s.values.len()
                    ))
                    .at(self.at(&format!("{path}.series[{i}]")))
                    .hint("give one value per category; write ~ where a value is missing"));
                }
                if !waterfall_end {
                    s.values.resize(n, None);
                }
            }
        } else if chart.series.iter().any(|s| s.x.is_none()) {
            return Err(Error::usage("every scatter series needs `x:` values").at(at));
        }
        match kind {
            ChartKind::Pie if chart.series.len() > 1 => {
                return Err(Error::usage("a pie chart shows one series")
                    .at(at)
                    .hint("use a doughnut for two rings, or a column chart"));
            }
            ChartKind::Waterfall if chart.series.len() > 1 => {
                return Err(Error::usage("a waterfall shows one series (start value, then the changes)").at(at));
            }
            _ => {}
        }

        Ok(())
    }

    /// Sorts the categories by the first series (`sort: desc` or `asc`).
    pub(super) fn sort(&self, chart: &mut Chart, c: &ChartSpec, path: &str) -> Result<()> {
        let Some(order) = c.sort.as_deref() else { return Ok(()) };
        let desc = match order {
            "desc" | "descending" | "降序" => true,
            "asc" | "ascending" | "升序" => false,
            other => {
                return Err(
                    Error::usage(format!("`sort: {other}` — use desc or asc")).at(self.at(&format!("{path}.sort")))
                );
            }
        };
        chart.category_days = None;
        let mut idx: Vec<usize> = (0..chart.categories.len()).collect();
        let key = |i: &usize| chart.series[0].values.get(*i).copied().flatten().unwrap_or(f64::NEG_INFINITY);
        idx.sort_by(|a, b| {
            let o = key(a).partial_cmp(&key(b)).unwrap_or(std::cmp::Ordering::Equal);
            if desc { o.reverse() } else { o }
        });
        chart.categories = idx.iter().map(|&i| chart.categories[i].clone()).collect();
        for s in &mut chart.series {
            let old = std::mem::take(&mut s.values);
            s.values = idx.iter().map(|&i| old.get(i).copied().flatten()).collect();
            s.point_colors = s
                .point_colors
                .iter()
                .filter_map(|(p, c)| idx.iter().position(|i| i == p).map(|n| (n, c.clone())))
                .collect();
        }
        Ok(())
    }

    /// Whether the spec scales to 万 (`scale: 万`), not (`none`), or leaves it to the values.
    fn explicit_scale(&self, c: &ChartSpec, path: &str) -> Result<Option<bool>> {
        Ok(match c.scale.as_deref() {
            Some("万" | "wan" | "10000") => Some(true),
            Some("none" | "无") => Some(false),
            Some(other) => {
                return Err(
                    Error::usage(format!("`scale: {other}` — use 万 or none")).at(self.at(&format!("{path}.scale")))
                );
            }
            None => None,
        })
    }

    /// Formats and scaling: money in the hundreds of thousands shows in 万.
    /// Each value axis decides for itself, so a combo's 销售额 line on the
    /// secondary axis is scaled even when the columns are counts. An axis'
    /// unit is its first metric series'; returns which axes (primary,
    /// secondary) are in 万.
    pub(super) fn scale(&self, chart: &mut Chart, c: &ChartSpec, path: &str) -> Result<[bool; 2]> {
        let units: Vec<Option<String>> = (0..chart.series.len()).map(|i| self.own_unit(c, chart, i)).collect();
        let own_unit = |i: usize| units.get(i).cloned().flatten();
        let explicit = self.explicit_scale(c, path)?;
        let mut scaled_axes = [false, false];
        for (ax, secondary) in [(0usize, false), (1, true)] {
            let members: Vec<usize> =
                (0..chart.series.len()).filter(|i| chart.series[*i].secondary == secondary).collect();
            if members.is_empty() {
                continue;
            }
            // The axis' unit: its first metric's (a table's series have none).
            let axis_unit = members.iter().find_map(|i| own_unit(*i)).unwrap_or_default();
            let max = members
                .iter()
                .flat_map(|i| chart.series[*i].values.iter().flatten())
                .fold(0.0f64, |m, v| m.max(v.abs()));
            let money = unit_kind(&axis_unit) == UnitKind::Money;
            // A series named `销售额（万元）` is in 万 whatever its size (an
            // agent's small month must not show raw yuan under that name).
            let named_wan = members.iter().any(|i| chart.series[*i].name.contains('万'));
            // From 1万 on, as the sentences write money (`7.28万元`): one
            // money unit per deck view, not 72,800 on the chart beside 11.0万元.
            let scale = match explicit {
                Some(x) => x && (money || axis_unit.is_empty()),
                None => money && (max >= 1e4 || named_wan),
            };

            scaled_axes[ax] = scale;
            for &i in &members {
                let s = &mut chart.series[i];
                if scale {
                    for v in s.values.iter_mut().flatten() {
                        *v /= 1e4;
                    }
                }
                if s.format.is_empty() {
                    s.format = match &c.format {
                        Some(f) if !secondary => f.clone(),
                        _ if scale && max / 1e4 >= 100.0 => "#,##0".to_string(),
                        _ if scale && max / 1e4 < 10.0 && !named_wan => "#,##0.00".to_string(),
                        _ => unit_format(&own_unit(i).unwrap_or_else(|| axis_unit.clone()), scale),
                    };
                }
            }
        }
        Ok(scaled_axes)
    }
}

/// A period the data covers only in part (a 4-day week 53, a year to
/// 8/17): categories after the last one with a value for this period (the
/// weekdays not in the week, an event after the data ends) are dropped, so
/// the plot does not keep empty slots — with the earlier periods' values
/// there, which would compare against nothing. A category where a series of
/// another kind (next year's targets, a literal series) has a value stays,
/// and categories before the last keep their gaps.
pub(super) fn drop_past_the_data(chart: &mut Chart, origins: &[super::roles::Origin]) {
    use super::roles::When;
    let when = |i: usize| origins.get(i).map_or(When::Unknown, |o| o.when);
    let this = (0..chart.series.len()).any(|i| when(i) == When::This && origins[i].metric.is_some());
    if !this || chart.kind == ChartKind::Scatter {
        return;
    }
    // The series that say a category has data: all but earlier periods' and the team's.
    let telling: Vec<usize> =
        (0..chart.series.len()).filter(|i| !matches!(when(*i), When::Earlier | When::Team)).collect();
    let last = (0..chart.categories.len())
        .rev()
        .find(|j| telling.iter().any(|i| chart.series[*i].values.get(*j).copied().flatten().is_some()));
    // No value at all: the chart says 无数据 (check_points), not an empty axis.
    let Some(last) = last else { return };
    let n = last + 1;
    if n >= chart.categories.len() {
        return;
    }
    chart.categories.truncate(n);
    if let Some(d) = &mut chart.category_days {
        d.truncate(n);
    }
    for s in &mut chart.series {
        s.values.truncate(n);
        s.point_colors.retain(|(j, _)| *j < n);
    }
}

/// Columns whose values differ by less than this share of their level look
/// equal on bars from zero (a few points on a bar 200 points tall).
const NARROW_BAND: f64 = 0.03;

/// A bar's length encodes its value, so bars never grow from anywhere but
/// zero; columns in a narrow band far from zero (twelve months of
/// 99.43–99.47%) would all look equal, so they are drawn as a line with
/// markers on an axis around them. A series the spec gives `type: column`
/// stays a column (from zero), as does a chart whose value axis starts at
/// zero (`min: 0`); a higher `min` is kept for the line, never for bars.
pub(super) fn narrow_columns_as_line(chart: &mut Chart) {
    // Two bars that look equal are equal enough; a run of them hides a trend.
    let from_zero = chart.value_axis.min.is_some_and(|m| m <= 0.0);
    if chart.kind != ChartKind::Column || from_zero || chart.categories.len() < 3 {
        return;
    }
    let drawn: Vec<usize> = (0..chart.series.len()).filter(|i| !chart.series[*i].invisible).collect();
    if drawn.is_empty() || drawn.iter().any(|i| chart.series[*i].kind.is_some() || chart.series[*i].secondary) {
        return;
    }
    let values: Vec<f64> = drawn.iter().flat_map(|i| chart.series[*i].values.iter().flatten().copied()).collect();
    let (lo, hi) = values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(*v), b.max(*v)));
    let level = lo.abs().max(hi.abs());
    let same_sign = lo >= 0.0 || hi <= 0.0;
    if values.len() < 2 || !level.is_finite() || level <= 0.0 || !same_sign || hi - lo >= NARROW_BAND * level {
        return;
    }
    for i in drawn {
        chart.series[i].kind = Some(SeriesKind::Line);
    }
}

/// Keeps the first `c.top` categories and sums the rest into 其他 (unless
/// `others: false`); returns where 其他 stands.
pub(super) fn top_n(chart: &mut Chart, c: &ChartSpec) -> Option<usize> {
    let top = c.top.filter(|top| chart.categories.len() > *top)?;
    chart.categories.truncate(top);
    chart.category_days = None;
    let keep_others = c.others.unwrap_or(true);
    if keep_others {
        chart.categories.push("其他".into());
    }
    for s in &mut chart.series {
        let rest: f64 = s.values[top..].iter().flatten().sum();
        s.values.truncate(top);
        if keep_others {
            s.values.push(Some(rest));
        }
        s.point_colors.retain(|(i, _)| *i < top);
    }
    keep_others.then_some(top)
}
