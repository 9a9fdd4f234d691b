//! Axes (`c:catAx`, `c:valAx`), written in schema order.

use super::scale::Scale;
use super::text::{self, Flow};
use crate::model::Axis;
use crate::xml::{XmlWriter, num};

pub const CAT: u32 = 50_010;
pub const VAL: u32 = 50_020;
pub const CAT2: u32 = 50_030;
pub const VAL2: u32 = 50_040;

fn line(w: &mut XmlWriter, visible: bool) {
    w.open("c:spPr", &[]);
    w.empty("a:noFill", &[]);
    if visible {
        w.open("a:ln", &[("w", "9525".into())]);
        w.open("a:solidFill", &[]);
        w.raw("<a:schemeClr val=\"tx1\"><a:lumMod val=\"25000\"/><a:lumOff val=\"75000\"/></a:schemeClr>");
        w.close("a:solidFill");
        w.close("a:ln");
    } else {
        w.open("a:ln", &[]);
        w.empty("a:noFill", &[]);
        w.close("a:ln");
    }
    w.close("c:spPr");
}

fn gridlines(w: &mut XmlWriter) {
    w.open("c:majorGridlines", &[]);
    w.open("c:spPr", &[]);
    w.open("a:ln", &[("w", "6350".into())]);
    w.open("a:solidFill", &[]);
    w.raw("<a:schemeClr val=\"tx1\"><a:lumMod val=\"15000\"/><a:lumOff val=\"85000\"/></a:schemeClr>");
    w.close("a:solidFill");
    w.close("a:ln");
    w.close("c:spPr");
    w.close("c:majorGridlines");
}

fn scaling(w: &mut XmlWriter, a: &Axis, chosen: Option<&Scale>) {
    w.open("c:scaling", &[]);
    w.val("c:orientation", if a.reverse { "maxMin" } else { "minMax" });
    if let Some(v) = chosen.map(|s| s.max).or(a.max) {
        w.val("c:max", num(v).as_str());
    }
    if let Some(v) = chosen.map(|s| s.min).or(a.min) {
        w.val("c:min", num(v).as_str());
    }
    w.close("c:scaling");
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| (c as u32) >= 0x2E80)
}

/// An axis title: Chinese beside a vertical axis stacks upright rather
/// than lying on its side; under a horizontal axis it stays level.
fn axis_title(w: &mut XmlWriter, t: &str, pos: &str) {
    let flow = match pos {
        "l" | "r" if has_cjk(t) => Flow::Stacked,
        "l" | "r" => Flow::Default,
        _ => Flow::Level,
    };
    text::title_flow(w, t, 1000, flow);
}

/// Where an axis sits: `b`, `l`, `r`, `t`.
pub struct Place<'a> {
    pub id: u32,
    pub cross: u32,
    pub pos: &'a str,
    pub deleted: bool,
    /// `autoZero` or `max`.
    pub crosses: &'a str,
}

/// A category axis: every `skip`-th label shown;
/// `cross_at` is the value where it crosses the value axis (bars grow
/// from there), else `p.crosses`.
pub fn cat_ax(w: &mut XmlWriter, a: &Axis, p: &Place, skip: usize, cross_at: Option<f64>) {
    w.open("c:catAx", &[]);
    w.val("c:axId", p.id);
    scaling(w, a, None);
    w.val("c:delete", if p.deleted || a.hidden { "1" } else { "0" });
    w.val("c:axPos", p.pos);
    if a.gridlines == Some(true) {
        gridlines(w);
    }
    if let Some(t) = &a.title {
        axis_title(w, t, p.pos);
    }
    w.empty("c:numFmt", &[("formatCode", "General".into()), ("sourceLinked", "1".into())]);
    w.val("c:majorTickMark", "none");
    w.val("c:minorTickMark", "none");
    // At the low end of the value axis, labels stay clear of negative bars.
    w.val("c:tickLblPos", "low");
    line(w, true);
    // No stated rotation: with labels skipped they fit level; LibreOffice,
    // which ignores the skip, turns them rather than wrapping "12/01".
    text::tx_pr(w, 1000, false, text::GREY);
    w.val("c:crossAx", p.cross);
    match cross_at {
        Some(v) => w.val("c:crossesAt", num(v).as_str()),
        None => w.val("c:crosses", p.crosses),
    }
    w.val("c:auto", "1");
    w.val("c:lblAlgn", "ctr");
    w.val("c:lblOffset", "100");
    if skip > 1 {
        w.val("c:tickLblSkip", skip);
        w.val("c:tickMarkSkip", skip);
    }
    w.val("c:noMultiLvlLbl", "0");
    w.close("c:catAx");
}

/// Days on a date axis: the number format of their labels (`12/01`).
pub const DAY_FORMAT: &str = "m/dd";

/// A date axis of days, labelled every `every` days.
pub fn date_ax(w: &mut XmlWriter, a: &Axis, p: &Place, every: usize, cross_at: Option<f64>) {
    w.open("c:dateAx", &[]);
    w.val("c:axId", p.id);
    scaling(w, a, None);
    w.val("c:delete", if p.deleted || a.hidden { "1" } else { "0" });
    w.val("c:axPos", p.pos);
    if a.gridlines == Some(true) {
        gridlines(w);
    }
    if let Some(t) = &a.title {
        axis_title(w, t, p.pos);
    }
    w.empty("c:numFmt", &[("formatCode", DAY_FORMAT.into()), ("sourceLinked", "0".into())]);
    w.val("c:majorTickMark", "none");
    w.val("c:minorTickMark", "none");
    w.val("c:tickLblPos", "low");
    line(w, true);
    text::tx_pr(w, 1000, false, text::GREY);
    w.val("c:crossAx", p.cross);
    match cross_at {
        Some(v) => w.val("c:crossesAt", num(v).as_str()),
        None => w.val("c:crosses", p.crosses),
    }
    w.val("c:auto", "0");
    w.val("c:lblOffset", "100");
    w.val("c:baseTimeUnit", "days");
    w.val("c:majorUnit", every.max(1));
    w.val("c:majorTimeUnit", "days");
    w.close("c:dateAx");
}

/// How a value axis is drawn: as the value axis of a category chart, or as
/// the x axis of a scatter chart (tick marks, a visible line, `midCat`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ValRole {
    Values {
        gridlines: bool,
    },
    ScatterX,
    /// The rings of a radar: gridlines, no tick labels (they would sit on
    /// the first spoke, over the points and lines drawn along it).
    Radar,
}

/// A value axis; `format` is the tick label number format, unless the
/// engine chose the axis (`chosen`: range, major unit and format).
pub fn val_ax(w: &mut XmlWriter, a: &Axis, p: &Place, format: &str, role: ValRole, chosen: Option<&Scale>) {
    let default_grid = matches!(role, ValRole::Values { gridlines: true } | ValRole::Radar);
    let x = role == ValRole::ScatterX;
    w.open("c:valAx", &[]);
    w.val("c:axId", p.id);
    scaling(w, a, chosen);
    w.val("c:delete", if p.deleted || a.hidden { "1" } else { "0" });
    w.val("c:axPos", p.pos);
    if a.gridlines.unwrap_or(default_grid) {
        gridlines(w);
    }
    if let Some(t) = &a.title {
        axis_title(w, t, p.pos);
    }
    let fmt = chosen.map(|s| s.format.as_str()).or(a.format.as_deref()).unwrap_or(format);
    w.empty("c:numFmt", &[("formatCode", fmt.into()), ("sourceLinked", "0".into())]);
    w.val("c:majorTickMark", if x { "out" } else { "none" });
    w.val("c:minorTickMark", "none");
    w.val("c:tickLblPos", if role == ValRole::Radar { "none" } else { "nextTo" });
    line(w, x);
    text::tx_pr(w, 1000, false, text::GREY);
    w.val("c:crossAx", p.cross);
    w.val("c:crosses", p.crosses);
    w.val("c:crossBetween", if x { "midCat" } else { "between" });
    if let Some(u) = chosen.map(|s| s.major).or(a.major_unit) {
        w.val("c:majorUnit", num(u).as_str());
    }
    w.close("c:valAx");
}
