//! Chart specs → chart models: values from the spec, a range, a table or a
//! metric over time or by group; target lines, highlights, sorting, top-N,
//! scaling to 万, labels and axes.

use super::{Context, roles};
use crate::data::period::{Grain, Period};
use crate::data::value::{Cell, cell_number};
use crate::data::{ColumnRef, RangeRef};
use crate::error::{Error, Result};
use crate::format::{Better, UnitKind, unit_kind};
use crate::model::{
    Axis, Chart, ChartKind, ColorRef, LabelPos, Labels, LegendPos, Role, Series, SeriesKind, Trendline,
};
use crate::spec::{AxisSpec, ChartSpec, LabelSpec, NumOrText, SeriesValues};

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

/// What the metric series of a chart are grouped by.
enum By {
    Time(Grain),
    Column(String),
}

fn default_grain(p: &Period) -> Grain {
    p.part_grain().unwrap_or(Grain::Day)
}

/// A period written relative to the slide's: `this`, `last_year`, `previous`, or absolute.
pub fn relative_period(cx: &Context, s: Option<&str>, at: &str) -> Result<Period> {
    let p = cx.env.period;
    Ok(match s.map(str::trim) {
        None | Some("this") | Some("current") | Some("本期") => p,
        Some("last_year") | Some("去年") | Some("去年同期") => p.last_year(),
        Some("previous") | Some("prev") | Some("上期") => p.prev(),
        Some(other) => {
            crate::data::period::parse(other, crate::data::date::Date::today(), cx.data.span).map_err(|e| e.at(at))?
        }
    })
}

fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Date(d) => format!("{}/{}", d.m, d.d),
        other => other.text(),
    }
}

impl Context<'_> {
    /// `path` is the spec path of the list (each value's own line is named).
    fn list_numbers(&self, list: &[Option<NumOrText>], path: &str) -> Result<Vec<Option<f64>>> {
        list.iter()
            .enumerate()
            .map(|(i, v)| match v {
                None => Ok(None),
                Some(NumOrText::N(n)) => Ok(Some(*n)),
                Some(NumOrText::T(t)) => {
                    let vp = format!("{path}[{i}]");
                    let (text, complete) = self.value_text(t, &vp)?;
                    if !complete {
                        self.warnings.borrow_mut().push(format!(
                            "{}: value {} of the series (`{}`) has no data for {}: the point is left empty",
                            self.at(&vp),
                            i + 1,
                            crate::format::clip(t, 60),
                            self.env.period.label()
                        ));
                        return Ok(None);
                    }
                    cell_number(&Cell::Text(text.clone())).map_err(|found| {
                        Error::usage(format!("value {} of the series is not a number (found {found})", i + 1))
                            .at(self.at(&vp))
                    })
                }
            })
            .collect()
    }

    /// Cells of a reference: an A1 range (one column or row) or a table column.
    fn ref_cells(&self, r: &str, at: &str) -> Result<Vec<(String, Cell)>> {
        if let Some(rr) = RangeRef::parse(r) {
            let (_, rows) = self.data.range(&rr).map_err(|e| e.at(at))?;
            let mut out = Vec::new();
            for (i, row) in rows.iter().enumerate() {
                for (j, c) in row.iter().enumerate() {
                    out.push((
                        format!("{}!{}", rr.sheet, crate::xlsx::cell_ref(rr.r0 + i as u32, rr.c0 + j as u32)),
                        c.clone(),
                    ));
                }
            }
            return Ok(out);
        }
        let cr = ColumnRef::parse(r).filter(|c| c.columns.len() == 1).ok_or_else(|| {
            Error::usage(format!("`{r}` is not a range or column"))
                .at(at)
                .hint("write a range like `月度KPI!B2:B13`, a column like `月度KPI[店铺销售额]`, or a list of values")
        })?;
        let t = self.data.table(&cr.table).map_err(|e| e.at(at))?;
        let ci = t.col(&cr.columns[0]).map_err(|e| e.at(at))?;
        Ok(self.rows_of(t).into_iter().map(|row| (t.cell_at(row, ci), row.cells[ci].clone())).collect())
    }

    /// Numbers of a reference; a formula saved without its value is an
    /// error, and an empty cell a warning (its point is left empty).
    fn ref_numbers(&self, r: &str, at: &str) -> Result<Vec<Option<f64>>> {
        let unsaved = self.data.unsaved_in(r);
        let mut empty = Vec::new();
        let out = self
            .ref_cells(r, at)?
            .into_iter()
            .map(|(place, c)| {
                if unsaved.contains(&place) {
                    return Err(Error::build("a chart value is a formula with no saved value")
                        .at(place)
                        .hint("open the workbook in Excel or WPS and save it, so the formula results are stored"));
                }
                let v = cell_number(&c).map_err(|found| {
                    Error::build(format!("a chart value needs a number, found {found}")).at(place.clone())
                })?;
                if v.is_none() {
                    empty.push(place);
                }
                Ok(v)
            })
            .collect::<Result<Vec<_>>>()?;
        if !empty.is_empty() {
            self.warnings.borrow_mut().push(format!(
                "{at}: {} of the chart's cells {} empty ({}): those points are left empty",
                empty.len(),
                if empty.len() == 1 { "is" } else { "are" },
                empty.iter().take(3).cloned().collect::<Vec<_>>().join(", ")
            ));
        }
        Ok(out)
    }

    /// A series with one point per metric (`metrics:`): each metric's `field`
    /// (its value by default, the team's with `team: true`), the metrics'
    /// labels as categories, and where the series came from (for its colour).
    fn metrics_series(
        &self,
        s: &crate::spec::SeriesSpec,
        sp: &str,
        base: &Period,
    ) -> Result<(Vec<Option<f64>>, Vec<String>, roles::Origin)> {
        let sat = self.at(sp);
        if s.metric.is_some() || s.values.is_some() {
            return Err(Error::usage("a series takes one of `metrics:`, `metric:` or `values:`").at(sat));
        }
        let team = s.team.unwrap_or(false);
        let field = match (s.field.as_deref().map(str::trim), team) {
            (None | Some("value"), true) => "team",
            (Some(f), true) => {
                return Err(Error::usage(format!("`team: true` shows the team's value; it has no `field: {f}`"))
                    .at(self.at(&format!("{sp}.field")))
                    .hint("leave out `team:`, or the field"));
            }
            (None, false) => "value",
            (Some(f), false) => f,
        };
        let p = match &s.period {
            Some(p) => relative_period(self, Some(p.as_str()), &sat)?,
            None => *base,
        };
        let scope = self.scope_with(&s.scope, sp)?;
        let env = self.env.with(p, scope.clone());
        let (mut values, mut cats) = (Vec::new(), Vec::new());
        // A field in the metrics' own units puts them on one axis only when
        // they share a unit (次 and % on one scale would mislead).
        let unitless =
            matches!(field, "percentile" | "rank" | "count" | "achievement" | "growth" | "yoy_growth" | "share");
        let mut first_unit: Option<(String, String)> = None;
        for (k, m) in s.metrics.iter().enumerate() {
            let d = self.env.metrics.def(m).map_err(|e| e.at(self.at(&format!("{sp}.metrics[{k}]"))))?;
            match &first_unit {
                Some((u, first)) if !unitless && *u != d.unit => {
                    return Err(Error::usage(format!(
                        "`{first}` is in {} and `{m}` in {}: their `{field}` cannot share one axis",
                        unit_word(u),
                        unit_word(&d.unit)
                    ))
                    .at(self.at(&format!("{sp}.metrics[{k}]")))
                    .hint("show a field on one scale for all (`field: percentile`, `achievement`, `yoy_growth`), or metrics of one unit"));
                }
                Some(_) => {}
                None => first_unit = Some((d.unit.clone(), m.clone())),
            }
            cats.push(d.label.clone());
            let mref = super::eval::MetricAt { name: m.clone(), period: p, scope: scope.clone() };
            let v = env.metric_field(&mref, field).map_err(|e| e.at(self.at(&format!("{sp}.field"))))?;
            values.push(match v {
                super::eval::Value::Num(n) => Some(n.v),
                super::eval::Value::Text(_, n) => n,
                super::eval::Value::Bool(b) => Some(if b { 1.0 } else { 0.0 }),
                _ => None,
            });
        }
        let when = if team { roles::When::Team } else { roles::When::of(&p, base) };
        // Series over the same metrics compare with each other, like one metric over periods.
        let origin = roles::Origin { metric: Some(format!("[{}]", s.metrics.join(","))), when };
        Ok((values, cats, origin))
    }

    /// Resolves one chart.
    pub fn chart(&self, c: &ChartSpec, path: &str) -> Result<Chart> {
        let at = self.at(path);
        let kind = ChartKind::parse(&c.kind).ok_or_else(|| {
            Error::usage(format!("unknown chart type `{}`", c.kind))
                .at(self.at(&format!("{path}.type")))
                .suggest(&c.kind, ChartKind::NAMES.iter().map(|(n, _)| *n))
                .hint(format!("types: {}", ChartKind::NAMES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")))
        })?;
        let mut chart = Chart::new(kind);
        chart.title = c.title.as_ref().map(|t| self.plain(t, &format!("{path}.title"))).transpose()?;
        let base = relative_period(self, c.period.as_ref().map(|p| p.as_str()), &at)?;
        let mut metric_unit: Option<(String, Better)> = None;
        let mut by_label: Vec<(usize, String, ColorRef)> = Vec::new();
        let mut origins: Vec<roles::Origin> = Vec::new();

        if let Some(d) = &c.data {
            let cr = ColumnRef::parse(d).ok_or_else(|| {
                Error::usage(format!("`data: {d}` is not a table reference")).at(self.at(&format!("{path}.data")))
            })?;
            let t = self.data.table(&cr.table).map_err(|e| e.at(self.at(&format!("{path}.data"))))?;
            let cols: Vec<usize> = if cr.columns.is_empty() {
                (0..t.columns.len()).collect()
            } else {
                cr.columns
                    .iter()
                    .map(|n| t.col(n))
                    .collect::<Result<_>>()
                    .map_err(|e| e.at(self.at(&format!("{path}.data"))))?
            };
            let rows = self.rows_of(t);
            if cols.len() == 1 {
                // One column: count each value (e.g. reasons listed one per row).
                let mut counts: Vec<(String, f64)> = Vec::new();
                for r in &rows {
                    let v = cell_text(&r.cells[cols[0]]);
                    if v.is_empty() {
                        continue;
                    }
                    match counts.iter_mut().find(|(k, _)| *k == v) {
                        Some(e) => e.1 += 1.0,
                        None => counts.push((v, 1.0)),
                    }
                }
                chart.categories = counts.iter().map(|(k, _)| k.clone()).collect();
                chart.series.push(Series {
                    name: "次数".into(),
                    values: counts.iter().map(|(_, v)| Some(*v)).collect(),
                    ..Default::default()
                });
            } else {
                chart.categories = rows.iter().map(|r| cell_text(&r.cells[cols[0]])).collect();
                for &ci in &cols[1..] {
                    let values = rows.iter().map(|r| t.num(r, ci)).collect::<Result<Vec<_>>>()?;
                    chart.series.push(Series { name: t.columns[ci].name.clone(), values, ..Default::default() });
                }
            }
        }

        // Categories given explicitly.
        let by = c.by.as_deref().map(|b| match Grain::parse(b) {
            Some(g) => By::Time(g),
            None => By::Column(b.to_string()),
        });
        let mut explicit_cats = false;
        if let Some(cats) = &c.categories {
            let cat_at = self.at(&format!("{path}.categories"));
            explicit_cats = true;
            chart.categories = match cats {
                SeriesValues::List(l) => l
                    .iter()
                    .map(|v| match v {
                        None => Ok(String::new()),
                        Some(NumOrText::N(n)) => Ok(crate::xml::num(*n)),
                        Some(NumOrText::T(t)) => self.plain(t, &format!("{path}.categories")),
                    })
                    .collect::<Result<_>>()?,
                SeriesValues::Ref(r) => match Grain::parse(r) {
                    Some(g) => base.parts(g).iter().map(|p| part_label(p, base.grain)).collect(),
                    None => self.ref_cells(r, &cat_at)?.into_iter().map(|(_, c)| cell_text(&c)).collect(),
                },
            };
        }

        // Series from a table (`data:`) are literal values too.
        origins.extend(chart.series.iter().map(|_| roles::Origin { metric: None, when: roles::When::Unknown }));
        for (i, s) in c.series.iter().enumerate() {
            let sp = format!("{path}.series[{i}]");
            let sat = self.at(&sp);
            let mut ser = Series::default();
            let mut own_cats: Option<Vec<String>> = None;
            let mut own_days: Option<Vec<f64>> = None;
            if !s.metrics.is_empty() {
                let (values, cats, origin) = self.metrics_series(s, &sp, &base)?;
                ser.values = values;
                own_cats = Some(cats);
                origins.push(origin);
                ser.name = match &s.name {
                    Some(n) => self.plain(n, &format!("{sp}.name"))?,
                    None => s.field.clone().unwrap_or_else(|| "数值".into()),
                };
                ser.format = field_format(s.field.as_deref(), &self.env.metrics.def(&s.metrics[0])?.unit);
            } else if let Some(m) = &s.metric {
                let d = self.env.metrics.def(m).map_err(|e| e.at(self.at(&format!("{sp}.metric"))))?;
                if metric_unit.is_none() {
                    metric_unit = Some((d.unit.clone(), d.better));
                }
                let p = relative_period(self, s.period.as_ref().map(|p| p.as_str()), &sat)?;
                let p = if s.period.is_none() { base } else { p };
                let scope = self.scope_with(&s.scope, &sp)?;
                let when = if s.team.unwrap_or(false) { roles::When::Team } else { roles::When::of(&p, &base) };
                origins.push(roles::Origin { metric: Some(m.clone()), when });
                let by = by.as_ref().map(|b| match b {
                    By::Time(g) => By::Time(*g),
                    By::Column(c) => By::Column(c.clone()),
                });
                let team = s.team.unwrap_or(false);
                match by.unwrap_or(By::Time(default_grain(&base))) {
                    By::Time(g) => {
                        let mut values: Vec<Option<f64>> = if team {
                            // The team average of each month (day…), for comparing one agent with it.
                            let env = self.env.with(p, scope.clone());
                            p.parts(g)
                                .into_iter()
                                .map(|q| {
                                    env.team(&super::eval::MetricAt {
                                        name: m.clone(),
                                        period: q,
                                        scope: scope.clone(),
                                    })
                                })
                                .collect::<Result<_>>()
                                .map_err(|e| e.at(sat.clone()))?
                        } else {
                            let vals = self.env.metrics.series(m, &p, g, &scope).map_err(|e| e.at(sat.clone()))?;
                            vals.iter().map(|(_, v)| *v).collect()
                        };
                        let parts = base.parts(g);
                        let labels: Vec<String> = parts.iter().map(|q| part_label(q, base.grain)).collect();
                        values.resize(labels.len(), None);
                        ser.values = values;
                        own_cats = Some(labels);
                        if g == Grain::Day {
                            own_days = Some(parts.iter().map(|q| q.start.to_excel()).collect());
                        }
                    }
                    By::Column(col) => {
                        if team {
                            return Err(Error::usage(
                                "`team: true` compares over time; it cannot be grouped by a column",
                            )
                            .at(self.at(&format!("{sp}.team"))));
                        }
                        let g = self.env.metrics.groups(m, &p, &scope, &col).map_err(|e| e.at(sat.clone()))?;
                        own_cats = Some(g.iter().map(|(k, _)| k.clone()).collect());
                        ser.values = g.iter().map(|(_, v)| *v).collect();
                    }
                }
                ser.name = match &s.name {
                    Some(n) => self.plain(n, &format!("{sp}.name"))?,
                    None if team => self
                        .env
                        .peer_group(&super::eval::MetricAt { name: m.clone(), period: p, scope: scope.clone() })
                        .map(|g| g.average_word())
                        .map_err(|e| e.at(sat.clone()))?,
                    None if s.period.is_some() => format!("{}{}", p.label(), d.label),

                    None => d.label.clone(),
                };
            } else {
                origins.push(roles::Origin { metric: None, when: roles::When::Unknown });
                match &s.values {
                    Some(SeriesValues::List(l)) => ser.values = self.list_numbers(l, &format!("{sp}.values"))?,
                    Some(SeriesValues::Ref(r)) => {
                        ser.values = self.ref_numbers(r, &self.at(&format!("{sp}.values")))?
                    }
                    None => {
                        return Err(Error::usage(format!("series {} needs `values:` or `metric:`", i + 1)).at(sat));
                    }
                }
                ser.name = match &s.name {
                    Some(n) => self.plain(n, &format!("{sp}.name"))?,
                    None => format!("系列{}", i + 1),
                };
            }
            if let Some(x) = &s.x {
                ser.x = Some(match x {
                    SeriesValues::List(l) => self.list_numbers(l, &format!("{sp}.x"))?,
                    SeriesValues::Ref(r) => self.ref_numbers(r, &self.at(&format!("{sp}.x")))?,
                });
            }
            if !explicit_cats
                && chart.categories.is_empty()
                && let Some(cats) = own_cats
            {
                chart.categories = cats;
                chart.category_days = own_days;
            }
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
            chart.series.push(ser);
        }
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
        roles::assign(&mut chart.series, &origins, &base);
        // Point colours by category label.
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
        // Every series fits the categories.
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

        // Sorting and top-N by the first series.
        if let Some(order) = c.sort.as_deref() {
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
        }
        let mut others_at: Option<usize> = None;
        if let Some(top) = c.top
            && chart.categories.len() > top
        {
            chart.categories.truncate(top);
            chart.category_days = None;
            let keep_others = c.others.unwrap_or(true);
            if keep_others {
                chart.categories.push("其他".into());
                others_at = Some(top);
            }
            for s in &mut chart.series {
                let rest: f64 = s.values[top..].iter().flatten().sum();
                s.values.truncate(top);
                if keep_others {
                    s.values.push(Some(rest));
                }
                s.point_colors.retain(|(i, _)| *i < top);
            }
        }

        // Formats and scaling: money in the hundreds of thousands shows in 万.
        // Each value axis decides for itself, so a combo's 销售额 line on the
        // secondary axis is scaled even when the columns are counts.
        let unit = metric_unit.as_ref().map(|u| u.0.clone()).unwrap_or_default();
        let better = metric_unit.as_ref().map(|u| u.1).unwrap_or_default();
        let own_unit = |i: usize| -> Option<String> {
            let m = c.series.get(i)?.metric.as_ref()?;
            self.env.metrics.def(m).ok().map(|d| d.unit.clone())
        };
        let explicit = match c.scale.as_deref() {
            Some("万" | "wan" | "10000") => Some(true),
            Some("none" | "无") => Some(false),
            Some(other) => {
                return Err(
                    Error::usage(format!("`scale: {other}` — use 万 or none")).at(self.at(&format!("{path}.scale")))
                );
            }
            None => None,
        };
        let mut scaled_axes = [false, false];
        for (ax, secondary) in [(0usize, false), (1, true)] {
            let members: Vec<usize> =
                (0..chart.series.len()).filter(|i| chart.series[*i].secondary == secondary).collect();
            let Some(&first) = members.first() else { continue };
            let axis_unit = own_unit(first).unwrap_or_else(|| if secondary { String::new() } else { unit.clone() });
            let max = members
                .iter()
                .flat_map(|i| chart.series[*i].values.iter().flatten())
                .fold(0.0f64, |m, v| m.max(v.abs()));
            let money = unit_kind(&axis_unit) == UnitKind::Money;
            // A series named `销售额（万元）` is in 万 whatever its size (an
            // agent's small month must not show raw yuan under that name).
            let named_wan = members.iter().any(|i| chart.series[*i].name.contains('万'));
            let scale = match explicit {
                Some(x) => x && (money || axis_unit.is_empty()),
                None => money && (max >= 1e5 || named_wan),
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
                        _ => unit_format(&own_unit(i).unwrap_or_else(|| axis_unit.clone()), scale),
                    };
                }
            }
        }
        let scale_wan = scaled_axes[0];
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
            chart.value_axis.title =
                Some(if unit.is_empty() { "（万）".into() } else { format!("（万{unit}）") });
        }
        if scaled_axes[1] && chart.secondary_axis.title.is_none() {
            let u = (0..chart.series.len()).find(|i| chart.series[*i].secondary).and_then(own_unit).unwrap_or_default();
            chart.secondary_axis.title = Some(format!("（万{u}）"));
        }

        // Labels.
        let chart_labels = match &c.labels {
            Some(l) => labels(l, &self.at(&format!("{path}.labels")))?,
            None => match kind {
                ChartKind::Pie | ChartKind::Doughnut => Some(Labels { percent: true, ..Default::default() }),
                ChartKind::Waterfall => Some(Labels { value: true, ..Default::default() }),
                _ => None,
            },
        };
        for (i, s) in chart.series.iter_mut().enumerate() {
            if c.series.get(i).is_none_or(|x| x.labels.is_none()) {
                s.labels = chart_labels.clone();
            }
        }

        // Target line.
        let target = match &c.target {
            None => None,
            Some(t) if t.as_str().trim() == "target" => {
                let m = c.series.iter().find_map(|s| s.metric.clone()).ok_or_else(|| {
                    Error::usage("`target: target` takes the target of the chart's metric; this chart has none")
                        .at(self.at(&format!("{path}.target")))
                })?;
                self.env.metrics.target(&m, &base, &self.env.scope)?
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
        };
        if let Some(t) = target {
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
        }

        // Highlights on the first series.
        if !c.highlight.is_empty() {
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
                    "negative" => {
                        colors.extend(vals.iter().filter(|(_, v)| *v < 0.0).map(|(i, _)| (*i, color.clone())))
                    }
                    "below_target" | "above_target" => {
                        if c.target.is_none() {
                            return Err(Error::usage(format!("`highlight: {rule}` needs `target:`"))
                                .at(self.at(&format!("{path}.highlight"))));
                        }
                        // A target without a value in the data (—) colours nothing.
                        if let Some(t) = target {
                            let tv = if scale_wan { t / 1e4 } else { t };
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
        }

        chart.legend = match c.legend.as_deref() {
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
        };
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
        self.check_points(&mut chart, c, path)?;
        Ok(chart)
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

/// A unit as said in a message (`%`, `秒`; none: 数值).
fn unit_word(u: &str) -> String {
    if u.is_empty() { "数值".into() } else { format!("`{u}`") }
}

/// The number format of a series over metrics, by the field it shows.
fn field_format(field: Option<&str>, first_unit: &str) -> String {
    match field.map(str::trim) {
        Some("percentile" | "rank" | "count" | "rank_text" | "peers") => "0".into(),
        Some("achievement" | "growth" | "yoy_growth" | "share") => "0.0%".into(),
        _ => unit_format(first_unit, false),
    }
}

/// A category for a part of the period; a part cut short (the first and
/// last weeks of a month, the month the data ends in) says how many days it has.
fn part_label(q: &crate::data::period::Period, within: Grain) -> String {
    let short = q.short_label(within);
    if q.is_partial() && q.grain != Grain::Day { format!("{short}（{}天）", q.days()) } else { short }
}
