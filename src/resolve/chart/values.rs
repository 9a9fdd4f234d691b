//! A chart's values and categories: from the spec's lists, a range, a
//! table (`data:`), or a metric over time, by group or over several metrics.

use super::super::{Context, roles};
use super::arrange::unit_format;
use crate::data::period::{Grain, Period};
use crate::data::value::{Cell, cell_number};
use crate::data::{ColumnRef, RangeRef};
use crate::error::{Error, Result};
use crate::format::Better;
use crate::model::{Chart, Series};
use crate::spec::{ChartSpec, NumOrText, SeriesSpec, SeriesValues};
use crate::warning::Warning;

/// What the metric series of a chart are grouped by.
pub(super) enum By {
    Time(Grain),
    Column(String),
}

/// The parts a period's metric series run over by default (its months, days…).
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
        // The months the deck's agent worked in (joined or left during the period).
        Some("worked") | Some("在岗") => cx.env.worked_months(&p),
        Some(other) => {
            crate::data::period::parse(other, crate::data::date::Date::today(), cx.data.span).map_err(|e| e.at(at))?
        }
    })
}

/// A cell as a category (a date as month/day).
fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Date(d) => format!("{}/{}", d.m, d.d),
        other => other.text(),
    }
}

/// One series' values as the spec gives them, with what comes with them.
pub(super) struct SeriesData {
    /// The series with its values, x values, name and (over metrics) format.
    pub ser: Series,
    /// Categories the series brings (the parts of the period, the groups, the metrics).
    pub cats: Option<Vec<String>>,
    /// Those categories as days, when they are the days of the period.
    pub days: Option<Vec<f64>>,
    /// Where the series came from (for its colour).
    pub origin: roles::Origin,
    /// The unit and direction of its metric (`metric:` series only).
    pub unit: Option<(String, Better)>,
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
                        self.warnings.borrow_mut().push(
                            Warning::new(format!(
                                "value {} of the series (`{}`) has no data for {}: the point is left empty",
                                i + 1,
                                crate::format::clip(t, 60),
                                self.env.period.label()
                            ))
                            .at(self.at(&vp)),
                        );
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
            self.warnings.borrow_mut().push(
                Warning::new(format!(
                    "{} of the chart's cells {} empty ({}): those points are left empty",
                    empty.len(),
                    if empty.len() == 1 { "is" } else { "are" },
                    empty.iter().take(3).cloned().collect::<Vec<_>>().join(", ")
                ))
                .at(at),
            );
        }
        Ok(out)
    }

    /// A series with one point per metric (`metrics:`): each metric's `field`
    /// (its value by default, the team's with `team: true`), the metrics'
    /// labels as categories, and where the series came from (for its colour).
    fn metrics_series(
        &self,
        s: &SeriesSpec,
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
            let mref = super::super::eval::MetricAt { name: m.clone(), period: p, scope: scope.clone() };
            let v = env.metric_field(&mref, field).map_err(|e| e.at(self.at(&format!("{sp}.field"))))?;
            values.push(match v {
                super::super::eval::Value::Num(n) => Some(n.v),
                super::super::eval::Value::Text(_, n) => n,
                super::super::eval::Value::Bool(b) => Some(if b { 1.0 } else { 0.0 }),
                _ => None,
            });
        }
        let when = if team { roles::When::Team } else { roles::When::of(&p, base) };
        // Series over the same metrics compare with each other, like one metric over periods.
        let origin = roles::Origin { metric: Some(format!("[{}]", s.metrics.join(","))), when };
        Ok((values, cats, origin))
    }

    /// Categories and series from a table (`data: 表[类别, 数值…]`): the first
    /// column names the categories and each further column is a series; a
    /// single column is counted, one category per value.
    pub(super) fn table_series(&self, chart: &mut Chart, d: &str, path: &str) -> Result<()> {
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
        Ok(())
    }

    /// The categories the spec gives (`categories:`), if it gives them.
    pub(super) fn explicit_categories(&self, c: &ChartSpec, path: &str, base: &Period) -> Result<Option<Vec<String>>> {
        let Some(cats) = &c.categories else { return Ok(None) };
        let cat_at = self.at(&format!("{path}.categories"));
        Ok(Some(match cats {
            SeriesValues::List(l) => l
                .iter()
                .map(|v| match v {
                    None => Ok(String::new()),
                    Some(NumOrText::N(n)) => Ok(crate::xml::num(*n)),
                    Some(NumOrText::T(t)) => self.plain(t, &format!("{path}.categories")),
                })
                .collect::<Result<_>>()?,
            SeriesValues::Ref(r) => match Grain::parse(r) {
                // Every part of the calendar period (a year to August still has four
                // quarters): a part with data only in part says its days, one
                // after the data is named as it is (its values are empty).
                Some(g) => base
                    .natural()
                    .parts(g)
                    .iter()
                    .map(|q| match q.clip(base.start, base.end) {
                        Some(c) => part_label(&c, base.grain),
                        None => q.short_label(base.grain),
                    })
                    .collect(),
                None => self.ref_cells(r, &cat_at)?.into_iter().map(|(_, c)| cell_text(&c)).collect(),
            },
        }))
    }

    /// The values of series `i` (`sp` its spec path): over metrics, of a
    /// metric, or literal; with its x values when it has them.
    pub(super) fn series_data(
        &self,
        s: &SeriesSpec,
        i: usize,
        sp: &str,
        base: &Period,
        by: Option<&By>,
    ) -> Result<SeriesData> {
        let mut data = if !s.metrics.is_empty() {
            let (values, cats, origin) = self.metrics_series(s, sp, base)?;
            let name = match &s.name {
                Some(n) => self.plain(n, &format!("{sp}.name"))?,
                None => s.field.clone().unwrap_or_else(|| "数值".into()),
            };
            let format = field_format(s.field.as_deref(), &self.env.metrics.def(&s.metrics[0])?.unit);
            let ser = Series { values, name, format, ..Default::default() };
            SeriesData { ser, cats: Some(cats), days: None, origin, unit: None }
        } else if let Some(m) = &s.metric {
            self.metric_series(s, m, sp, base, by)?
        } else {
            self.literal_series(s, i, sp)?
        };
        if let Some(x) = &s.x {
            data.ser.x = Some(match x {
                SeriesValues::List(l) => self.list_numbers(l, &format!("{sp}.x"))?,
                SeriesValues::Ref(r) => self.ref_numbers(r, &self.at(&format!("{sp}.x")))?,
            });
        }
        Ok(data)
    }

    /// A series of one metric (`metric:`): over the parts of the period, or by a column's groups.
    fn metric_series(&self, s: &SeriesSpec, m: &str, sp: &str, base: &Period, by: Option<&By>) -> Result<SeriesData> {
        let sat = self.at(sp);
        let d = self.env.metrics.def(m).map_err(|e| e.at(self.at(&format!("{sp}.metric"))))?;
        let unit = Some((d.unit.clone(), d.better));
        let p = relative_period(self, s.period.as_ref().map(|p| p.as_str()), &sat)?;
        let p = if s.period.is_none() { *base } else { p };
        let scope = self.scope_with(&s.scope, sp)?;
        let when = if s.team.unwrap_or(false) { roles::When::Team } else { roles::When::of(&p, base) };
        let origin = roles::Origin { metric: Some(m.to_string()), when };
        let team = s.team.unwrap_or(false);
        let mref = || super::super::eval::MetricAt { name: m.to_string(), period: p, scope: scope.clone() };
        let over_time = |g: Grain| self.metric_over_time(mref(), g, base, team, &sat);
        let (values, cats, days) = match by {
            Some(By::Time(g)) => over_time(*g)?,
            None => over_time(default_grain(base))?,
            Some(By::Column(col)) => {
                if team {
                    return Err(Error::usage("`team: true` compares over time; it cannot be grouped by a column")
                        .at(self.at(&format!("{sp}.team"))));
                }
                let g = self.env.metrics.groups(m, &p, &scope, col).map_err(|e| e.at(sat.clone()))?;
                (g.iter().map(|(_, v)| *v).collect(), Some(g.iter().map(|(k, _)| k.clone()).collect()), None)
            }
        };
        let mut ser = Series { values, ..Default::default() };
        ser.name = match &s.name {
            Some(n) => self.plain(n, &format!("{sp}.name"))?,
            None if team => self.env.peer_group(&mref()).map(|g| g.average_word()).map_err(|e| e.at(sat.clone()))?,
            None if s.period.is_some() => format!("{}{}", p.label(), d.label),

            None => d.label.clone(),
        };
        Ok(SeriesData { ser, cats, days, origin, unit })
    }

    /// A metric over the parts (`g`) of the slide's period `base`: its values
    /// (the team's with `team`), one label per part, and the parts as days
    /// when they are days.
    #[allow(clippy::type_complexity)]
    fn metric_over_time(
        &self,
        mref: super::super::eval::MetricAt,
        g: Grain,
        base: &Period,
        team: bool,
        sat: &str,
    ) -> Result<(Vec<Option<f64>>, Option<Vec<String>>, Option<Vec<f64>>)> {
        let (m, p, scope) = (&mref.name, mref.period, &mref.scope);
        let mut values: Vec<Option<f64>> = if team {
            // The team average of each month (day…), for comparing one agent with it.
            let env = self.env.with(p, scope.clone());
            p.parts(g)
                .into_iter()
                .map(|q| env.team(&super::super::eval::MetricAt { name: m.clone(), period: q, scope: scope.clone() }))
                .collect::<Result<_>>()
                .map_err(|e| e.at(sat))?
        } else {
            let vals = self.env.metrics.series(m, &p, g, scope).map_err(|e| e.at(sat))?;
            vals.iter().map(|(_, v)| *v).collect()
        };
        let parts = base.parts(g);
        let labels: Vec<String> = parts.iter().map(|q| part_label(q, base.grain)).collect();
        values.resize(labels.len(), None);
        let days = (g == Grain::Day).then(|| parts.iter().map(|q| q.start.to_excel()).collect());
        Ok((values, Some(labels), days))
    }

    /// A series of values written in the spec (`values:` a list or a reference).
    fn literal_series(&self, s: &SeriesSpec, i: usize, sp: &str) -> Result<SeriesData> {
        let sat = self.at(sp);
        let origin = roles::Origin { metric: None, when: roles::When::Unknown };
        let mut ser = Series::default();
        match &s.values {
            Some(SeriesValues::List(l)) => ser.values = self.list_numbers(l, &format!("{sp}.values"))?,
            Some(SeriesValues::Ref(r)) => ser.values = self.ref_numbers(r, &self.at(&format!("{sp}.values")))?,
            None => {
                return Err(Error::usage(format!("series {} needs `values:` or `metric:`", i + 1)).at(sat));
            }
        }
        ser.name = match &s.name {
            Some(n) => self.plain(n, &format!("{sp}.name"))?,
            None => format!("系列{}", i + 1),
        };
        Ok(SeriesData { ser, cats: None, days: None, origin, unit: None })
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
/// last weeks of a month, the month the data ends in) says how many days it
/// has. A week says its dates too, which a week number alone does not:
/// `第40周（10.1–10.4，4天）`, `第41周（10.5–10.11）`.
fn part_label(q: &crate::data::period::Period, within: Grain) -> String {
    let short = q.short_label(within);
    let (s, e) = (q.start, q.end);
    match q.grain {
        Grain::Week if s == e => format!("{short}（{}.{}，1天）", s.m, s.d),
        Grain::Week if q.is_partial() => format!("{short}（{}.{}–{}.{}，{}天）", s.m, s.d, e.m, e.d, q.days()),
        Grain::Week => format!("{short}（{}.{}–{}.{}）", s.m, s.d, e.m, e.d),
        Grain::Day => short,
        _ if q.is_partial() => format!("{short}（{}天）", q.days()),
        _ => short,
    }
}
