//! Axes (`c:catAx`, `c:valAx`), written in schema order.

use super::text;
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

fn scaling(w: &mut XmlWriter, a: &Axis) {
    w.open("c:scaling", &[]);
    w.val("c:orientation", if a.reverse { "maxMin" } else { "minMax" });
    if let Some(v) = a.max {
        w.val("c:max", num(v).as_str());
    }
    if let Some(v) = a.min {
        w.val("c:min", num(v).as_str());
    }
    w.close("c:scaling");
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

/// A category axis.
pub fn cat_ax(w: &mut XmlWriter, a: &Axis, p: &Place) {
    w.open("c:catAx", &[]);
    w.val("c:axId", p.id);
    scaling(w, a);
    w.val("c:delete", if p.deleted || a.hidden { "1" } else { "0" });
    w.val("c:axPos", p.pos);
    if a.gridlines == Some(true) {
        gridlines(w);
    }
    if let Some(t) = &a.title {
        text::title(w, t, 1000);
    }
    w.empty("c:numFmt", &[("formatCode", "General".into()), ("sourceLinked", "1".into())]);
    w.val("c:majorTickMark", "none");
    w.val("c:minorTickMark", "none");
    // At the low end of the value axis, labels stay clear of negative bars.
    w.val("c:tickLblPos", "low");
    line(w, true);
    text::tx_pr(w, 1000, false, text::GREY);
    w.val("c:crossAx", p.cross);
    w.val("c:crosses", p.crosses);
    w.val("c:auto", "1");
    w.val("c:lblAlgn", "ctr");
    w.val("c:lblOffset", "100");
    w.val("c:noMultiLvlLbl", "0");
    w.close("c:catAx");
}

/// How a value axis is drawn: as the value axis of a category chart, or as
/// the x axis of a scatter chart (tick marks, a visible line, `midCat`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ValRole {
    Values { gridlines: bool },
    ScatterX,
}

/// A value axis; `format` is the tick label number format.
pub fn val_ax(w: &mut XmlWriter, a: &Axis, p: &Place, format: &str, role: ValRole) {
    let default_grid = matches!(role, ValRole::Values { gridlines: true });
    let x = role == ValRole::ScatterX;
    w.open("c:valAx", &[]);
    w.val("c:axId", p.id);
    scaling(w, a);
    w.val("c:delete", if p.deleted || a.hidden { "1" } else { "0" });
    w.val("c:axPos", p.pos);
    if a.gridlines.unwrap_or(default_grid) {
        gridlines(w);
    }
    if let Some(t) = &a.title {
        text::title(w, t, 1000);
    }
    let fmt = a.format.as_deref().unwrap_or(format);
    w.empty("c:numFmt", &[("formatCode", fmt.into()), ("sourceLinked", "0".into())]);
    w.val("c:majorTickMark", if x { "out" } else { "none" });
    w.val("c:minorTickMark", "none");
    w.val("c:tickLblPos", "nextTo");
    line(w, x);
    text::tx_pr(w, 1000, false, text::GREY);
    w.val("c:crossAx", p.cross);
    w.val("c:crosses", p.crosses);
    w.val("c:crossBetween", if x { "midCat" } else { "between" });
    if let Some(u) = a.major_unit {
        w.val("c:majorUnit", num(u).as_str());
    }
    w.close("c:valAx");
}
