//! One series (`c:ser`) and its parts: name, look, point colours, data
//! labels, trendline, and the category/value references with their caches.

use super::arrange::{Arranged, PointLabel};
use super::sheet::ChartSheet;
use super::text::{self, LABEL_PT};
use crate::color::{Color, ColorCtx, palette};
use crate::model::{Chart, LabelPos, Labels, Series, Trendline};
use crate::xml::{XmlWriter, num};

/// How a series is drawn, which decides its children and their order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    Bar { stacked: bool },
    Line,
    Area,
    Pie,
    Doughnut,
    Scatter,
    Radar,
}

pub struct Ctx<'a> {
    pub sheet: &'a ChartSheet<'a>,
    pub colors: &'a ColorCtx<'a>,
    pub chart: &'a Chart,
    pub arranged: &'a Arranged,
}

fn fill(w: &mut XmlWriter, color: &Color) {
    color.write_fill(w);
}

/// The background colour: the white lines between pie slices.
const BG: &Color = &Color::scheme("bg1");

fn sp_pr(w: &mut XmlWriter, look: Look, color: &Color, s: &Series) {
    w.open("c:spPr", &[]);
    if s.invisible {
        w.empty("a:noFill", &[]);
        w.open("a:ln", &[]);
        w.empty("a:noFill", &[]);
        w.close("a:ln");
        w.close("c:spPr");
        return;
    }
    match look {
        Look::Line | Look::Radar | Look::Scatter => {
            if look == Look::Scatter {
                w.open("a:ln", &[("w", "25400".into())]);
                w.empty("a:noFill", &[]);
                w.close("a:ln");
            } else {
                let width = if s.connector { "9525" } else { "28575" };
                w.open("a:ln", &[("w", width.into()), ("cap", "rnd".into())]);
                fill(w, color);
                if s.dashed {
                    w.val("a:prstDash", "dash");
                }
                w.empty("a:round", &[]);
                w.close("a:ln");
            }
        }
        Look::Pie | Look::Doughnut => {
            fill(w, color);
            w.open("a:ln", &[("w", "19050".into())]);
            fill(w, BG);
            w.close("a:ln");
        }
        Look::Bar { .. } | Look::Area => {
            fill(w, color);
            w.open("a:ln", &[]);
            w.empty("a:noFill", &[]);
            w.close("a:ln");
        }
    }
    w.close("c:spPr");
}

fn marker(w: &mut XmlWriter, on: bool, color: &Color) {
    w.open("c:marker", &[]);
    if on {
        w.val("c:symbol", "circle");
        w.val("c:size", "6");
        w.open("c:spPr", &[]);
        fill(w, color);
        w.open("a:ln", &[("w", "9525".into())]);
        fill(w, BG);
        w.close("a:ln");
        w.close("c:spPr");
    } else {
        w.val("c:symbol", "none");
    }
    w.close("c:marker");
}

fn d_pt(w: &mut XmlWriter, look: Look, idx: usize, color: &Color) {
    w.open("c:dPt", &[]);
    w.val("c:idx", idx);
    match look {
        Look::Bar { .. } => {
            w.val("c:invertIfNegative", "0");
            w.val("c:bubble3D", "0");
            w.open("c:spPr", &[]);
            fill(w, color);
            w.close("c:spPr");
        }
        Look::Line | Look::Scatter | Look::Radar => {
            w.open("c:marker", &[]);
            w.val("c:symbol", "circle");
            w.val("c:size", "8");
            w.open("c:spPr", &[]);
            fill(w, color);
            w.close("c:spPr");
            w.close("c:marker");
            w.val("c:bubble3D", "0");
        }
        Look::Pie | Look::Doughnut => {
            w.val("c:bubble3D", "0");
            w.open("c:spPr", &[]);
            fill(w, color);
            w.open("a:ln", &[("w", "19050".into())]);
            fill(w, BG);
            w.close("a:ln");
            w.close("c:spPr");
        }
        Look::Area => {
            w.val("c:bubble3D", "0");
            w.open("c:spPr", &[]);
            fill(w, color);
            w.close("c:spPr");
        }
    }
    w.close("c:dPt");
}

/// The `c:dLblPos` value for a label position on this kind of series, if allowed.
pub fn label_pos(look: Look, pos: Option<LabelPos>) -> Option<&'static str> {
    match look {
        Look::Bar { stacked: false } => Some(match pos {
            Some(LabelPos::Inside) => "inEnd",
            Some(LabelPos::Center) => "ctr",
            Some(LabelPos::Below) => "inBase",
            _ => "outEnd",
        }),
        Look::Bar { stacked: true } => Some(match pos {
            Some(LabelPos::Inside) | Some(LabelPos::Above) | Some(LabelPos::Outside) => "inEnd",
            Some(LabelPos::Below) => "inBase",
            _ => "ctr",
        }),
        Look::Line | Look::Scatter => Some(match pos {
            Some(LabelPos::Below) => "b",
            Some(LabelPos::Center) | Some(LabelPos::Inside) => "ctr",
            _ => "t",
        }),
        Look::Pie => Some(match pos {
            Some(LabelPos::Outside) => "outEnd",
            Some(LabelPos::Inside) => "inEnd",
            Some(LabelPos::Center) => "ctr",
            _ => "bestFit",
        }),
        Look::Doughnut | Look::Area | Look::Radar => None,
    }
}

/// The default label position of a pie: names outside (with leader lines,
/// dark text), bare percents inside (white text).
fn pie_default(l: &Labels) -> Option<LabelPos> {
    if l.category { Some(LabelPos::Outside) } else { Some(LabelPos::Center) }
}

/// The text colour of a label at `pos`: white inside dark bars and slices.
fn label_color(look: Look, pos: Option<&str>, light_fill: bool) -> &'static Color {
    let inside = matches!(pos, Some("ctr") | Some("inEnd") | Some("inBase")) || look == Look::Doughnut;
    if inside && !light_fill && matches!(look, Look::Bar { .. } | Look::Pie | Look::Doughnut) { BG } else { text::DARK }
}

/// What a label shows (the `c:show*` flags), in schema order.
fn label_flags(w: &mut XmlWriter, l: &Labels, on: bool) {
    w.val("c:showLegendKey", "0");
    w.val("c:showVal", if l.value && on { "1" } else { "0" });
    w.val("c:showCatName", if l.category && on { "1" } else { "0" });
    w.val("c:showSerName", "0");
    w.val("c:showPercent", if l.percent && on { "1" } else { "0" });
    w.val("c:showBubbleSize", "0");
    if l.category && (l.value || l.percent) {
        w.leaf("c:separator", &[], "\n");
    }
}

/// `c:dLbls` for a series. With `points`, only those points are labelled,
/// each at its own position (the engine's placement, see `arrange`).
pub fn d_lbls(
    w: &mut XmlWriter,
    look: Look,
    l: &Labels,
    series_format: &str,
    points: Option<&[PointLabel]>,
    light_fill: bool,
) {
    let wanted = if look == Look::Pie { l.position.or(pie_default(l)) } else { l.position };
    let pos = label_pos(look, wanted);
    let fmt = l.format.as_deref().unwrap_or(if l.percent && !l.value { "0.0%" } else { series_format });
    let size = (LABEL_PT * 100.0) as u32;
    w.open("c:dLbls", &[]);
    for p in points.unwrap_or(&[]) {
        w.open("c:dLbl", &[]);
        w.val("c:idx", p.idx);
        w.empty("c:numFmt", &[("formatCode", fmt.into()), ("sourceLinked", "0".into())]);
        text::sp_pr_none(w);
        text::tx_pr(w, size, false, label_color(look, Some(p.pos), light_fill));
        w.val("c:dLblPos", p.pos);
        label_flags(w, l, true);
        w.close("c:dLbl");
    }
    w.empty("c:numFmt", &[("formatCode", fmt.into()), ("sourceLinked", "0".into())]);
    text::sp_pr_none(w);
    text::tx_pr(w, size, false, label_color(look, pos, light_fill && look != Look::Pie && look != Look::Doughnut));
    if let Some(p) = pos {
        w.val("c:dLblPos", p);
    }
    label_flags(w, l, points.is_none());
    if matches!(look, Look::Pie) {
        w.val("c:showLeaderLines", "1");
    }
    w.close("c:dLbls");
}

/// A trendline's legend entry in Chinese: applications would write
/// "Linear (…)" or "Moving average (…)" in a Chinese deck.
pub fn trendline_name(t: &Trendline, series: &str) -> String {
    match t {
        Trendline::Linear => format!("趋势线（{series}）"),
        Trendline::MovingAverage(_) => format!("移动平均（{series}）"),
    }
}

fn trendline(w: &mut XmlWriter, t: &Trendline, color: &Color, series: &str) {
    w.open("c:trendline", &[]);
    w.leaf("c:name", &[], &trendline_name(t, series));
    w.open("c:spPr", &[]);
    w.open("a:ln", &[("w", "19050".into()), ("cap", "rnd".into())]);
    fill(w, color);
    w.val("a:prstDash", "sysDash");
    w.close("a:ln");
    w.close("c:spPr");
    match t {
        Trendline::Linear => w.val("c:trendlineType", "linear"),
        Trendline::MovingAverage(p) => {
            w.val("c:trendlineType", "movingAvg");
            w.val("c:period", (*p).max(2));
        }
    }
    w.val("c:dispRSqr", "0");
    w.val("c:dispEq", "0");
    w.close("c:trendline");
}

fn str_ref(w: &mut XmlWriter, f: &str, values: &[String]) {
    w.open("c:strRef", &[]);
    w.leaf("c:f", &[], f);
    w.open("c:strCache", &[]);
    w.val("c:ptCount", values.len());
    for (i, v) in values.iter().enumerate() {
        w.open("c:pt", &[("idx", i.into())]);
        w.leaf("c:v", &[], &crate::xlsx::xstring(v));
        w.close("c:pt");
    }
    w.close("c:strCache");
    w.close("c:strRef");
}

fn num_ref(w: &mut XmlWriter, f: &str, values: &[Option<f64>], format: &str) {
    w.open("c:numRef", &[]);
    w.leaf("c:f", &[], f);
    w.open("c:numCache", &[]);
    w.leaf("c:formatCode", &[], if format.is_empty() { "General" } else { format });
    w.val("c:ptCount", values.len());
    for (i, v) in values.iter().enumerate() {
        if let Some(v) = v.filter(|v| v.is_finite()) {
            w.open("c:pt", &[("idx", i.into())]);
            w.leaf("c:v", &[], &num(v));
            w.close("c:pt");
        }
    }
    w.close("c:numCache");
    w.close("c:numRef");
}

/// Writes series `i` (its index among the chart's written series) as `look`.
pub fn ser(w: &mut XmlWriter, ctx: &Ctx, i: usize, s: &Series, look: Look) {
    let color = ctx.arranged.colors.get(i).cloned().unwrap_or_else(|| palette(i));
    w.open("c:ser", &[]);
    w.val("c:idx", i);
    w.val("c:order", i);
    w.open("c:tx", &[]);
    str_ref(w, &ctx.sheet.name_ref(i), std::slice::from_ref(&s.name));
    w.close("c:tx");
    sp_pr(w, look, &color, s);
    let markers = s.markers.unwrap_or(ctx.chart.markers) && !s.invisible;
    match look {
        Look::Bar { .. } => w.val("c:invertIfNegative", "0"),
        Look::Line | Look::Radar => marker(w, markers, &color),
        Look::Scatter => marker(w, true, &color),
        _ => {}
    }
    if matches!(look, Look::Pie | Look::Doughnut) {
        let n = ctx.chart.categories.len();
        for j in 0..n {
            let c = s
                .point_colors
                .iter()
                .find(|(k, _)| *k == j)
                .map(|(_, c)| ctx.colors.color(c))
                .unwrap_or_else(|| palette(j));
            d_pt(w, look, j, &c);
        }
    } else {
        for (j, c) in &s.point_colors {
            d_pt(w, look, *j, &ctx.colors.color(c));
        }
    }
    if let Some(l) = &s.labels
        && !s.invisible
    {
        let points = ctx.arranged.labels.get(i).and_then(|p| p.as_deref());
        d_lbls(w, look, l, &s.format, points, color.is_light());
    }
    if let Some(t) = &s.trendline
        && matches!(look, Look::Bar { stacked: false } | Look::Line | Look::Scatter | Look::Area)
    {
        trendline(w, t, &color, &s.name);
    }
    if look == Look::Scatter {
        w.open("c:xVal", &[]);
        num_ref(w, &ctx.sheet.x_ref(i), s.x.as_deref().unwrap_or(&[]), "General");
        w.close("c:xVal");
        w.open("c:yVal", &[]);
        num_ref(w, &ctx.sheet.values_ref(i), &s.values, &s.format);
        w.close("c:yVal");
    } else {
        w.open("c:cat", &[]);
        match (ctx.arranged.date_axis, &ctx.chart.category_days) {
            (Some(_), Some(days)) => {
                let days: Vec<Option<f64>> = days.iter().map(|d| Some(*d)).collect();
                num_ref(w, &ctx.sheet.categories_ref(), &days, super::axis::DAY_FORMAT);
            }
            _ => str_ref(w, &ctx.sheet.categories_ref(), &ctx.chart.categories),
        }
        w.close("c:cat");
        w.open("c:val", &[]);
        let n = ctx.chart.categories.len();
        let mut vals = s.values.clone();
        vals.resize(n, None);
        num_ref(w, &ctx.sheet.values_ref(i), &vals, &s.format);
        w.close("c:val");
    }
    if matches!(look, Look::Line | Look::Scatter) {
        w.val("c:smooth", if s.smooth.unwrap_or(ctx.chart.smooth) { "1" } else { "0" });
    }
    w.close("c:ser");
}
