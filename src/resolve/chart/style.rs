//! How a chart looks: data labels, axes, series types and colours, point
//! colours, the target line, highlights, the legend and the chart's shape.

use super::super::Context;
use crate::error::{Error, Result};
use crate::format::Better;
use crate::model::{
    Axis, Chart, ChartKind, ColorRef, LabelPos, Labels, LegendPos, Role, Series, SeriesKind, Trendline,
};
use crate::spec::{AxisSpec, ChartSpec, LabelSpec, SeriesSpec};

/// A label spec (`show: value+percent`, position) as data labels; `none` is none.
fn labels(l: &LabelSpec, at: &str) -> Result<Option<Labels>> {
    let mut out = Labels::default();
    for part in l.show.split(['+', ',', ' ']).filter(|p| !p.is_empty()) {
        match part {
            "value" | "values" | "数值" => out.value = true,
            "percent" | "百分比" => out.percent = true,
            "category" | "类别" => out.category = true,
            "none" | "无" => return Ok(None),
            other => {
                return Err(Error::usage(format!("data labels cannot show `{other}`"))
                    .at(at)
                    .suggest(other, ["value", "percent", "category", "none"])
                    .hint("show: value, percent, category, category+percent, none"));
            }
        }
    }
    out.format = l.format.clone();
    out.position = match l.position.as_deref() {
        None => None,
        Some(p) => Some(match p {
            "outside" | "out" => LabelPos::Outside,
            "inside" | "in" => LabelPos::Inside,
            "center" | "centre" | "ctr" => LabelPos::Center,
            "above" | "top" => LabelPos::Above,
            "below" | "bottom" => LabelPos::Below,
            "best" => LabelPos::Best,
            other => {
                return Err(Error::usage(format!("unknown label position `{other}`"))
                    .at(at)
                    .hint("position: outside, inside, center, above, below, best"));
            }
        }),
    };
    Ok(Some(out))
}

fn axis(cx: &Context, a: &Option<AxisSpec>, path: &str) -> Result<Axis> {
    let Some(a) = a else {
        return Ok(Axis::default());
    };
    Ok(Axis {
        title: a.title.as_ref().map(|t| cx.plain(t, &format!("{path}.title"))).transpose()?,
        min: a.min,
        max: a.max,
        major_unit: a.major_unit,
        format: a.format.clone(),
        gridlines: a.gridlines,
        reverse: a.reverse.unwrap_or(false),
        hidden: a.hidden.unwrap_or(false),
    })
}

/// The unit an axis title names: 万 before a scaled unit; none for rates
/// (their ticks show %).
fn axis_unit(unit: &str, scaled: bool) -> String {
    let unit = unit.trim();
    if crate::format::unit_kind(unit) == crate::format::UnitKind::Rate {
        return String::new();
    }
    if scaled { format!("万{unit}") } else { unit.to_string() }
}

/// A point colour given by category label: series, label, colour.
pub(super) type ByLabel = (usize, String, ColorRef);

impl Context<'_> {
    /// How series `s` (spec path `sp`) is drawn: its type, axis, colour,
    /// line, labels, trendline and number format.
    pub(super) fn series_style(&self, ser: &mut Series, s: &SeriesSpec, sp: &str, kind: ChartKind) -> Result<()> {
        ser.kind = match s.kind.as_deref() {
            None => None,
            Some("column" | "bar" | "柱") => Some(SeriesKind::Column),
            Some("line" | "线") => Some(SeriesKind::Line),
            Some("area" | "面积") => Some(SeriesKind::Area),
            Some(other) => {
                return Err(Error::usage(format!("a series cannot be drawn as `{other}`"))
                    .at(self.at(&format!("{sp}.type")))
                    .hint("series type: column, line or area"));
            }
        };
        ser.secondary = s.secondary.unwrap_or(false);
        ser.color = s.color.as_deref().map(|c| self.color(c, &format!("{sp}.color"))).transpose()?;
        ser.dashed = s.dashed.unwrap_or(false);
        ser.markers = s.markers;
        ser.smooth = s.smooth;
        ser.labels = match &s.labels {
            Some(l) => labels(l, &self.at(&format!("{sp}.labels")))?,
            None => None,
        };
        ser.trendline = match s.trendline.as_deref() {
            None => None,
            Some("linear" | "线性") => Some(Trendline::Linear),
            Some(t) => {
                let n = t
                    .trim_start_matches("moving-average")
                    .trim_start_matches("moving_average")
                    .trim_start_matches("ma")
                    .trim_start_matches(['-', '_']);
                match n.parse::<u32>() {
                    Ok(n) if (2..=12).contains(&n) && t.starts_with(['m']) => Some(Trendline::MovingAverage(n)),
                    _ => {
                        return Err(Error::usage(format!("unknown trendline `{t}`"))
                            .at(self.at(&format!("{sp}.trendline")))
                            .hint("trendline: linear, or moving-average-3 (period 2-12)"));
                    }
                }
            }
        };
        if ser.trendline.is_some()
            && !matches!(
                kind,
                ChartKind::Column | ChartKind::Line | ChartKind::Area | ChartKind::Scatter | ChartKind::Combo
            )
        {
            return Err(Error::usage(format!("{} charts cannot have trendlines", kind.name()))
                .at(self.at(&format!("{sp}.trendline")))
                .hint("trendlines work on column, line, area, combo and scatter charts"));
        }
        if let Some(f) = &s.format {
            ser.format = f.clone();
        }
        Ok(())
    }

    /// Point colours of series `i`: those given by number are set; those
    /// given by category label are returned, to be placed once the
    /// categories are known ([`Self::place_point_colors`]).
    pub(super) fn point_colors(&self, ser: &mut Series, s: &SeriesSpec, i: usize, sp: &str) -> Result<Vec<ByLabel>> {
        let mut by_label = Vec::new();
        for (k, col) in &s.point_colors {
            let color = self.color(col, &format!("{sp}.point_colors"))?;
            match k.parse::<usize>() {
                Ok(n) if n >= 1 => ser.point_colors.push((n - 1, color)),
                Ok(_) => {
                    return Err(Error::usage("point numbers start at 1").at(self.at(&format!("{sp}.point_colors"))));
                }
                // A category label: placed once the categories are known.
                Err(_) => by_label.push((i, k.clone(), color)),
            }
        }
        Ok(by_label)
    }

    /// Places the point colours given by category label.
    pub(super) fn place_point_colors(&self, chart: &mut Chart, by_label: Vec<ByLabel>, path: &str) -> Result<()> {
        for (i, label, color) in by_label {
            match chart.categories.iter().position(|x| *x == label) {
                Some(p) => chart.series[i].point_colors.push((p, color)),
                None => {
                    return Err(Error::usage(format!("`point_colors` names `{label}`, which is not a category"))
                        .at(self.at(&format!("{path}.series[{i}].point_colors")))
                        .suggest(&label, chart.categories.iter().map(String::as_str)));
                }
            }
        }
        Ok(())
    }

    /// The three axes: the spec's, percentiles from 0 to 100, rankings read
    /// top-down, and 万 in the title of an axis scaled to 万.
    pub(super) fn axes(
        &self,
        chart: &mut Chart,
        c: &ChartSpec,
        path: &str,
        scaled_axes: [bool; 2],
        unit: &str,
    ) -> Result<()> {
        let kind = chart.kind;
        let scale_wan = scaled_axes[0];
        let units: Vec<Option<String>> = (0..chart.series.len()).map(|i| self.own_unit(c, chart, i)).collect();
        let own_unit = |i: usize| units.get(i).cloned().flatten();
        chart.value_axis = axis(self, &c.value_axis, &format!("{path}.value_axis"))?;
        // Value axis ranges (bars from zero, narrow bands, nice ticks) are
        // chosen when the chart is written, where its size is known.
        // Percentiles run from 0 to 100 whatever the points (rings at the quarters).
        let over_metrics: Vec<&crate::spec::SeriesSpec> = c.series.iter().filter(|s| !s.metrics.is_empty()).collect();
        if !over_metrics.is_empty()
            && over_metrics.iter().all(|s| s.field.as_deref().map(str::trim) == Some("percentile"))
        {
            let a = &mut chart.value_axis;
            a.min.get_or_insert(0.0);
            a.max.get_or_insert(100.0);
            a.major_unit.get_or_insert(25.0);
        }
        chart.secondary_axis = axis(self, &c.secondary_axis, &format!("{path}.secondary_axis"))?;
        chart.category_axis = axis(self, &c.category_axis, &format!("{path}.category_axis"))?;
        if kind.is_horizontal() && c.category_axis.as_ref().and_then(|a| a.reverse).is_none() {
            // Rankings read top-down.
            chart.category_axis.reverse = true;
        }
        if scale_wan && chart.value_axis.title.is_none() {
            let u = (0..chart.series.len()).filter(|i| !chart.series[*i].secondary).find_map(own_unit);
            let unit = u.as_deref().unwrap_or(unit);
            chart.value_axis.title =
                Some(if unit.is_empty() { "（万）".into() } else { format!("（万{unit}）") });
        }
        if scaled_axes[1] && chart.secondary_axis.title.is_none() {
            let u = (0..chart.series.len()).find(|i| chart.series[*i].secondary).and_then(own_unit).unwrap_or_default();
            chart.secondary_axis.title = Some(format!("（万{u}）"));
        }
        // Two value axes: each says what it measures, with its unit.
        if chart.series.iter().any(|s| s.secondary) && chart.series.iter().any(|s| !s.secondary) {
            for (secondary, scaled) in [(false, scaled_axes[0]), (true, scaled_axes[1])] {
                let members: Vec<usize> = (0..chart.series.len())
                    .filter(|i| {
                        let s = &chart.series[*i];
                        s.secondary == secondary && !s.invisible && s.role != Role::Target
                    })
                    .collect();
                let unit = members.iter().copied().find_map(own_unit).unwrap_or_default();
                let unit = axis_unit(&unit, scaled);
                let names: Vec<&str> = members.iter().map(|i| chart.series[*i].name.trim()).collect();
                let axis = if secondary { &mut chart.secondary_axis } else { &mut chart.value_axis };
                let title = match axis.title.take() {
                    // The spec's title, or one the engine wrote (not a bare unit).
                    Some(t) if !t.trim().is_empty() && !t.trim().starts_with('（') => t,
                    _ if names.is_empty() => continue,
                    _ => names.join("、"),
                };
                // A title that already says a unit in brackets keeps it ("处理时长（小时）").
                axis.title = Some(if unit.is_empty() || title.contains('（') || title.contains('(') {
                    title
                } else {
                    format!("{title}（{unit}）")
                });
            }
        }
        Ok(())
    }

    /// Data labels: the spec's for the chart, else by kind (pie: percent,
    /// waterfall: value); a series with its own labels keeps them.
    pub(super) fn chart_labels(&self, chart: &mut Chart, c: &ChartSpec, path: &str) -> Result<()> {
        let kind = chart.kind;
        let chart_labels = match &c.labels {
            Some(l) => labels(l, &self.at(&format!("{path}.labels")))?,
            None => match kind {
                ChartKind::Pie | ChartKind::Doughnut => Some(Labels { percent: true, ..Default::default() }),
                ChartKind::Waterfall => Some(Labels { value: true, ..Default::default() }),
                _ => None,
            },
        };
        let own: Vec<bool> = (0..chart.series.len())
            .map(|i| super::spec_series(c, chart, i).is_some_and(|x| x.labels.is_some()))
            .collect();
        for (i, s) in chart.series.iter_mut().enumerate() {
            if !own[i] {
                s.labels = chart_labels.clone();
            }
        }
        Ok(())
    }

    /// The target value (`target:` a number, or `target` for the target of
    /// the chart's metric); none when the data has no value for it.
    pub(super) fn target(&self, c: &ChartSpec, path: &str, base: &crate::data::period::Period) -> Result<Option<f64>> {
        Ok(match &c.target {
            None => None,
            Some(t) if t.as_str().trim() == "target" => {
                let m = c.series.iter().find_map(|s| s.metric.clone()).ok_or_else(|| {
                    Error::usage("`target: target` takes the target of the chart's metric; this chart has none")
                        .at(self.at(&format!("{path}.target")))
                })?;
                self.env.metrics.target(&m, base, &self.env.scope)?
            }
            Some(t) => {
                let s = self.plain(t.as_str(), &format!("{path}.target"))?;
                match crate::metric::literal_number(&s) {
                    Some(v) => Some(v),
                    None if s == crate::format::MISSING => None,
                    None => {
                        return Err(Error::usage(format!("the chart target `{s}` is not a number"))
                            .at(self.at(&format!("{path}.target"))));
                    }
                }
            }
        })
    }

    /// Draws the target `t` as a dashed line series across the categories.
    pub(super) fn target_line(
        &self,
        chart: &mut Chart,
        c: &ChartSpec,
        path: &str,
        t: f64,
        scale_wan: bool,
    ) -> Result<()> {
        let kind = chart.kind;
        if !matches!(
            kind,
            ChartKind::Column | ChartKind::Line | ChartKind::Area | ChartKind::Combo | ChartKind::StackedColumn
        ) {
            return Err(Error::usage(format!("a target line cannot be drawn on a {} chart", kind.name()))
                .at(self.at(&format!("{path}.target")))
                .hint("target lines work with column, stacked-column, line, area and combo charts"));
        }
        let tv = if scale_wan { t / 1e4 } else { t };
        let n = chart.categories.len();
        let fmt = chart.series.first().map(|s| s.format.clone()).unwrap_or_default();
        chart.series.push(Series {
            name: c.target_label.clone().unwrap_or_else(|| "目标".into()),
            values: vec![Some(tv); n],
            kind: Some(SeriesKind::Line),
            role: Role::Target,
            color: Some(ColorRef::Custom("bad".into())),
            dashed: true,
            markers: Some(false),
            format: fmt,
            ..Default::default()
        });
        Ok(())
    }

    /// Highlights on the first series (best, worst, max, min, negative,
    /// below or above the `target` as shown); never the `其他` bucket at `others_at`.
    pub(super) fn highlight(
        &self,
        chart: &mut Chart,
        c: &ChartSpec,
        path: &str,
        target: Option<f64>,
        others_at: Option<usize>,
        better: Better,
    ) -> Result<()> {
        if c.highlight.is_empty() {
            return Ok(());
        }
        let s0 = &chart.series[0];
        // The `其他` bucket is a sum, not a point to single out.
        let vals: Vec<(usize, f64)> = s0
            .values
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != others_at)
            .filter_map(|(i, v)| v.map(|v| (i, v)))
            .collect();
        let lower = better == Better::Lower;
        let mut colors: Vec<(usize, ColorRef)> = Vec::new();
        for (rule, col) in &c.highlight {
            let color = self.color(col, &format!("{path}.highlight.{rule}"))?;
            // Ties are highlighted alike: every point at the extreme.
            let extreme = |high: bool| -> Vec<usize> {
                let pick = if high { f64::max } else { f64::min };
                let Some(x) = vals.iter().map(|v| v.1).reduce(pick) else { return vec![] };
                vals.iter().filter(|v| v.1 == x).map(|v| v.0).collect()
            };
            match rule.as_str() {
                "max" => colors.extend(extreme(true).into_iter().map(|i| (i, color.clone()))),
                "min" => colors.extend(extreme(false).into_iter().map(|i| (i, color.clone()))),
                "best" => colors.extend(extreme(!lower).into_iter().map(|i| (i, color.clone()))),
                "worst" => colors.extend(extreme(lower).into_iter().map(|i| (i, color.clone()))),
                "negative" => colors.extend(vals.iter().filter(|(_, v)| *v < 0.0).map(|(i, _)| (*i, color.clone()))),
                "below_target" | "above_target" => {
                    if c.target.is_none() {
                        return Err(Error::usage(format!("`highlight: {rule}` needs `target:`"))
                            .at(self.at(&format!("{path}.highlight"))));
                    }
                    // A target without a value in the data (—) colours nothing.
                    if let Some(tv) = target {
                        let below = rule == "below_target";
                        colors.extend(
                            vals.iter()
                                .filter(|(_, v)| if below { *v < tv } else { *v >= tv })
                                .map(|(i, _)| (*i, color.clone())),
                        );
                    }
                }

                other => {
                    return Err(Error::usage(format!("unknown highlight rule `{other}`"))
                        .at(self.at(&format!("{path}.highlight")))
                        .suggest(other, ["best", "worst", "max", "min", "negative", "below_target", "above_target"])
                        .hint("rules: best, worst, max, min, negative, below_target, above_target"));
                }
            }
        }
        chart.series[0].point_colors.extend(colors);
        Ok(())
    }

    /// Where the legend goes: the spec's place, else right of a pie, none
    /// for one series or a waterfall, below otherwise.
    pub(super) fn legend(&self, chart: &Chart, c: &ChartSpec, path: &str) -> Result<LegendPos> {
        let kind = chart.kind;
        Ok(match c.legend.as_deref() {
            None => {
                let shown = chart.series.iter().filter(|s| !s.invisible).count();
                if kind.is_pie_like() {
                    LegendPos::Right
                } else if shown <= 1 || kind == ChartKind::Waterfall {
                    LegendPos::None
                } else {
                    LegendPos::Bottom
                }
            }
            Some("bottom" | "b") => LegendPos::Bottom,
            Some("top" | "t") => LegendPos::Top,
            Some("right" | "r") => LegendPos::Right,
            Some("left" | "l") => LegendPos::Left,
            Some("none" | "off" | "无") => LegendPos::None,
            Some(other) => {
                return Err(Error::usage(format!("`legend: {other}` — use bottom, top, right, left or none"))
                    .at(self.at(&format!("{path}.legend"))));
            }
        })
    }

    /// The chart's shape: bar gaps and overlap, the doughnut's hole and
    /// centre text, markers and smoothing.
    pub(super) fn shape(&self, chart: &mut Chart, c: &ChartSpec, path: &str) -> Result<()> {
        let kind = chart.kind;
        if let Some(g) = c.gap_width {
            chart.gap_width = g;
        }
        if let Some(o) = c.overlap {
            chart.overlap = o;
        } else if chart.series.iter().filter(|s| s.kind.is_none_or(|k| k == SeriesKind::Column)).count() > 1 {
            chart.overlap = -10;
        }
        if let Some(h) = c.hole {
            chart.hole = h;
        }
        chart.markers = c.markers.unwrap_or(true);
        chart.smooth = c.smooth.unwrap_or(false);
        chart.center =
            c.center.as_ref().map(|t| self.plain(t, &format!("{path}.center"))).transpose()?.filter(|s| !s.is_empty());
        if chart.center.is_some() && kind != ChartKind::Doughnut {
            return Err(Error::usage("`center` text works on doughnut charts").at(self.at(&format!("{path}.center"))));
        }
        Ok(())
    }
}
