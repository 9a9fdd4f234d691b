//! Chart specs → chart models: values from the spec, a range, a table or a
//! metric over time or by group; target lines, highlights, sorting, top-N,
//! scaling to 万, labels and axes.
//!
//! [`Context::chart`] runs the steps in order: the values and categories
//! (`values.rs`), their arrangement — fitting, sort, top-N and 其他, units
//! and 万 (`arrange.rs`) —, then the look — axes, labels, target line,
//! highlights, legend (`style.rs`) —, and a waterfall becomes the bars it
//! is written with (`waterfall.rs`): the model is what the writer writes.

mod arrange;
mod style;
mod values;
mod waterfall;

pub use values::relative_period;

use super::{Context, roles};
use crate::error::{Error, Result};
use crate::format::Better;
use crate::model::{Chart, ChartKind};
use crate::spec::ChartSpec;
use style::ByLabel;
use values::By;

/// What the series of a chart bring besides their values.
struct Gathered {
    /// The unit and direction of the chart's (first) metric.
    metric_unit: Option<(String, Better)>,
    /// Point colours given by category label.
    by_label: Vec<ByLabel>,
    /// Where each series came from (for its colour).
    origins: Vec<roles::Origin>,
}

impl Context<'_> {
    /// Resolves one chart.
    pub fn chart(&self, c: &ChartSpec, path: &str) -> Result<Chart> {
        let at = self.at(path);
        let mut chart = Chart::new(chart_kind(self, c, path)?);
        chart.title = c.title.as_ref().map(|t| self.plain(t, &format!("{path}.title"))).transpose()?;
        let base = relative_period(self, c.period.as_ref().map(|p| p.as_str()), &at)?;
        if let Some(d) = &c.data {
            self.table_series(&mut chart, d, path)?;
        }
        let g = self.gather_series(&mut chart, c, path, &base)?;
        if c.period.as_ref().is_some_and(|p| matches!(p.as_str().trim(), "worked" | "在岗")) {
            self.label_worked_months(&mut chart, c, &base);
        }
        self.check_series(&chart, c, &at)?;
        roles::assign(&mut chart.series, &g.origins, &base);
        self.place_point_colors(&mut chart, g.by_label, path)?;
        self.fit_categories(&mut chart, c, path)?;
        if base.is_partial() {
            arrange::drop_past_the_data(&mut chart, &g.origins);
        }

        // Sorting and top-N by the first series, then units.
        self.sort(&mut chart, c, path)?;
        let others_at = arrange::top_n(&mut chart, c);
        let unit = g.metric_unit.as_ref().map(|u| u.0.clone()).unwrap_or_default();
        let better = g.metric_unit.as_ref().map(|u| u.1).unwrap_or_default();
        let scaled_axes = self.scale(&mut chart, c, path)?;
        let scale_wan = scaled_axes[0];

        // The look.
        self.axes(&mut chart, c, path, scaled_axes, &unit)?;
        arrange::narrow_columns_as_line(&mut chart);
        self.chart_labels(&mut chart, c, path)?;
        let target = self.target(c, path, &base)?;
        if let Some(t) = target {
            self.target_line(&mut chart, c, path, t, scale_wan)?;
        }
        let shown_target = target.map(|t| if scale_wan { t / 1e4 } else { t });
        self.highlight(&mut chart, c, path, shown_target, others_at, better)?;
        chart.legend = self.legend(&chart, c, path)?;
        self.shape(&mut chart, c, path)?;
        self.check_points(&mut chart, c, path)?;
        if chart.kind == ChartKind::Waterfall {
            // The model holds the bars as they are written.
            waterfall::into_bars(&mut chart);
        }
        Ok(chart)
    }

    /// The series of the spec, each with its values, style and point
    /// colours, after those of a table (`data:`); categories the spec gives
    /// win, else the first series' own (the parts of the period, the groups).
    fn gather_series(
        &self,
        chart: &mut Chart,
        c: &ChartSpec,
        path: &str,
        base: &crate::data::period::Period,
    ) -> Result<Gathered> {
        let by = c.by.as_deref().map(|b| match crate::data::period::Grain::parse(b) {
            Some(g) => By::Time(g),
            None => By::Column(b.to_string()),
        });
        let explicit = self.explicit_categories(c, path, base)?;
        let explicit_cats = explicit.is_some();
        if let Some(cats) = explicit {
            chart.categories = cats;
        }
        // Series from a table (`data:`) are literal values too.
        let mut g = Gathered {
            metric_unit: None,
            by_label: Vec::new(),
            origins: chart.series.iter().map(|_| roles::Origin { metric: None, when: roles::When::Unknown }).collect(),
        };
        for (i, s) in c.series.iter().enumerate() {
            let sp = format!("{path}.series[{i}]");
            let data = self.series_data(s, i, &sp, base, by.as_ref())?;
            let mut ser = data.ser;
            g.origins.push(data.origin);
            if g.metric_unit.is_none() {
                g.metric_unit = data.unit;
            }
            if !explicit_cats
                && chart.categories.is_empty()
                && let Some(cats) = data.cats
            {
                chart.categories = cats;
                chart.category_days = data.days;
            }
            self.series_style(&mut ser, s, &sp, chart.kind)?;
            g.by_label.extend(self.point_colors(&mut ser, s, i, &sp)?);
            chart.series.push(ser);
        }
        Ok(g)
    }

    /// A chart over the months the agent worked (`period: worked`): the
    /// month joined or left in says the days worked (`5月（15天）`), as the
    /// figures of that month hold only those.
    fn label_worked_months(&self, chart: &mut Chart, c: &ChartSpec, base: &crate::data::period::Period) {
        use crate::data::period::Grain;
        if c.categories.is_some() || c.by.as_deref().and_then(Grain::parse).is_some_and(|g| g != Grain::Month) {
            return;
        }
        let w = self.env.worked_part(&self.env.period);
        let parts = base.parts(Grain::Month);
        if parts.len() != chart.categories.len() {
            return;
        }
        for (cat, q) in chart.categories.iter_mut().zip(&parts) {
            if let Some(d) = q.clip(w.start, w.end).filter(|d| d.days() < q.days()) {
                *cat = format!("{}（{}天）", q.short_label(base.grain), d.days());
            }
        }
    }

    /// A chart has a series, and its series are all over metrics or all not.
    fn check_series(&self, chart: &Chart, c: &ChartSpec, at: &str) -> Result<()> {
        if chart.series.is_empty() {
            return Err(Error::usage("the chart has no series")
                .at(at)
                .hint("give `series:` (values or a metric), or `data: 表[类别, 数值]`"));
        }
        if c.series.iter().any(|s| !s.metrics.is_empty()) && c.series.iter().any(|s| s.metric.is_some()) {
            return Err(Error::usage(
                "a chart shows series over metrics (`metrics:`) or over time or groups (`metric:`), not both",
            )
            .at(at)
            .hint("put the two kinds on two charts"));
        }
        Ok(())
    }

    /// The unit of the chart's series `i`'s own metric (`metric:`), if it
    /// has one. A table's series (`data:`) come first and have none.
    fn own_unit(&self, c: &ChartSpec, chart: &Chart, i: usize) -> Option<String> {
        let m = spec_series(c, chart, i)?.metric.as_ref()?;
        self.env.metrics.def(m).ok().map(|d| d.unit.clone())
    }

    /// A chart has points to draw, and a scatter series as many x values as
    /// y values: otherwise its cache, its formulas and its sheet cannot
    /// agree, and PowerPoint repairs the file. A chart whose data has no
    /// rows for the period shows one category, 无数据, with no values (and
    /// the build warns); a chart the spec leaves empty is an error.
    fn check_points(&self, chart: &mut Chart, c: &ChartSpec, path: &str) -> Result<()> {
        if chart.kind == ChartKind::Scatter {
            for (i, s) in chart.series.iter().enumerate() {
                let xs = s.x.as_ref().map_or(0, Vec::len);
                if xs != s.values.len() {
                    return Err(Error::usage(format!(
                        "scatter series `{}` has {xs} x values and {} y values",
                        s.name,
                        s.values.len()
                    ))
                    .at(self.at(&format!("{path}.series[{i}]")))
                    .hint("give one x value for each y value; write ~ where a value is missing"));
                }
            }
        }
        let points = if chart.kind == ChartKind::Scatter {
            chart.series.iter().map(|s| s.values.len()).max().unwrap_or(0)
        } else {
            chart.categories.len()
        };
        if points > 0 {
            return Ok(());
        }
        let from_data = c.data.is_some() || c.series.iter().any(|s| s.metric.is_some());
        if !from_data {
            return Err(Error::usage("the chart has no points to draw")
                .at(self.at(path))
                .hint("give `categories:` and one value per category in each series"));
        }
        chart.no_data = true;
        if chart.kind != ChartKind::Scatter {
            chart.categories = vec!["无数据".to_string()];
        }
        for s in &mut chart.series {
            s.values = vec![None];
            if chart.kind == ChartKind::Scatter {
                s.x = Some(vec![None]);
            }
            s.point_colors.clear();
        }
        Ok(())
    }
}

/// The spec of the chart's series `i`: a table's series (`data:`) come
/// first in the chart and have none, so the spec's series `k` is the
/// chart's `k +` their count. Target lines, added later, have none either.
fn spec_series<'a>(c: &'a ChartSpec, chart: &Chart, i: usize) -> Option<&'a crate::spec::SeriesSpec> {
    let drawn = chart.series.iter().filter(|s| s.role != crate::model::Role::Target).count();
    c.series.get(i.checked_sub(drawn.checked_sub(c.series.len())?)?)
}

/// The chart's type (`type: column`…).
fn chart_kind(cx: &Context, c: &ChartSpec, path: &str) -> Result<ChartKind> {
    ChartKind::parse(&c.kind).ok_or_else(|| {
        Error::usage(format!("unknown chart type `{}`", c.kind))
            .at(cx.at(&format!("{path}.type")))
            .suggest(&c.kind, ChartKind::NAMES.iter().map(|(n, _)| *n))
            .hint(format!("types: {}", ChartKind::NAMES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")))
    })
}
