//! Shape geometry in a slide template: reading and writing `a:xfrm`.

use crate::layout::dom::Element;

/// A rectangle in EMU.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rect {
    pub x: i64,
    pub y: i64,
    pub w: i64,
    pub h: i64,
}

impl Rect {
    pub fn right(&self) -> i64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> i64 {
        self.y + self.h
    }
}

fn xfrm_of(shape: &Element) -> Option<&Element> {
    match shape.name.as_str() {
        "p:graphicFrame" => shape.child("p:xfrm"),
        "p:grpSp" => shape.path(&["p:grpSpPr", "a:xfrm"]),
        _ => shape.path(&["p:spPr", "a:xfrm"]),
    }
}

fn xfrm_of_mut(shape: &mut Element) -> Option<&mut Element> {
    match shape.name.as_str() {
        "p:graphicFrame" => shape.child_mut("p:xfrm"),
        "p:grpSp" => shape.path_mut(&["p:grpSpPr", "a:xfrm"]),
        _ => shape.path_mut(&["p:spPr", "a:xfrm"]),
    }
}

fn num(e: Option<&Element>, k: &str) -> i64 {
    e.and_then(|e| e.attr(k)).and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// The shape's position and size.
pub fn rect(shape: &Element) -> Option<Rect> {
    let x = xfrm_of(shape)?;
    let off = x.child("a:off");
    let ext = x.child("a:ext");
    Some(Rect { x: num(off, "x"), y: num(off, "y"), w: num(ext, "cx"), h: num(ext, "cy") })
}

/// Moves/resizes the shape (for a group, its children scale with it).
pub fn set_rect(shape: &mut Element, r: Rect) {
    if let Some(x) = xfrm_of_mut(shape) {
        let off = x.ensure_child("a:off");
        off.set_attr("x", r.x.to_string());
        off.set_attr("y", r.y.to_string());
        let ext = x.ensure_child("a:ext");
        ext.set_attr("cx", r.w.max(0).to_string());
        ext.set_attr("cy", r.h.max(0).to_string());
    }
}

/// Maps every descendant position of a prototype (its direct children's
/// `xfrm`, in the group's child space) into `cell`, scaling by `s`, and makes
/// the group's child space the identity. Used to place cloned items.
pub fn place_group(group: &mut Element, cell_x: i64, cell_y: i64, s: f64) {
    place_group_xy(group, cell_x, cell_y, s, s);
}

/// [`place_group`] with different horizontal and vertical scales (a card
/// stretched to the height its row has).
pub fn place_group_xy(group: &mut Element, cell_x: i64, cell_y: i64, sx: f64, sy: f64) {
    let Some(g) = rect(group) else { return };
    let (chx, chy, chw, chh) = match group.path(&["p:grpSpPr", "a:xfrm"]) {
        Some(x) => (
            num(x.child("a:chOff"), "x"),
            num(x.child("a:chOff"), "y"),
            num(x.child("a:chExt"), "cx").max(1),
            num(x.child("a:chExt"), "cy").max(1),
        ),
        None => (g.x, g.y, g.w.max(1), g.h.max(1)),
    };
    let kx = g.w as f64 / chw as f64;
    let ky = g.h as f64 / chh as f64;
    for child in group.elements_mut() {
        if matches!(child.name.as_str(), "p:nvGrpSpPr" | "p:grpSpPr") {
            continue;
        }
        if let Some(r) = rect(child) {
            let nx = cell_x + (((r.x - chx) as f64 * kx) * sx).round() as i64;
            let ny = cell_y + (((r.y - chy) as f64 * ky) * sy).round() as i64;
            let nw = (r.w as f64 * kx * sx).round() as i64;
            let nh = (r.h as f64 * ky * sy).round() as i64;
            set_rect(child, Rect { x: nx, y: ny, w: nw, h: nh });
        }
    }
    let w = (g.w as f64 * sx).round() as i64;
    let h = (g.h as f64 * sy).round() as i64;
    if let Some(x) = group.path_mut(&["p:grpSpPr", "a:xfrm"]) {
        for (tag, a, b, va, vb) in [
            ("a:off", "x", "y", cell_x, cell_y),
            ("a:ext", "cx", "cy", w, h),
            ("a:chOff", "x", "y", cell_x, cell_y),
            ("a:chExt", "cx", "cy", w, h),
        ] {
            let e = x.ensure_child(tag);
            e.set_attr(a, va.to_string());
            e.set_attr(b, vb.to_string());
        }
    }
}

/// Scales every x coordinate and width under `el` by `k` (16:9 layouts on a 4:3 slide).
pub fn scale_x(el: &mut Element, k: f64) {
    el.walk_mut(&mut |e| match e.name.as_str() {
        "a:off" | "a:chOff" => {
            if let Some(v) = e.attr("x").and_then(|v| v.parse::<i64>().ok()) {
                e.set_attr("x", ((v as f64) * k).round().to_string());
            }
        }
        "a:ext" | "a:chExt" => {
            if let Some(v) = e.attr("cx").and_then(|v| v.parse::<i64>().ok()) {
                e.set_attr("cx", ((v as f64) * k).round().to_string());
            }
        }
        "a:gridCol" => {
            if let Some(v) = e.attr("w").and_then(|v| v.parse::<i64>().ok()) {
                e.set_attr("w", ((v as f64) * k).round().to_string());
            }
        }
        _ => {}
    });
}

/// Multiplies every font size under `el` by `k` (to half points): text that
/// grows with the box it is in.
pub fn scale_fonts(el: &mut Element, k: f64) {
    el.walk_mut(&mut |e| {
        if matches!(e.name.as_str(), "a:rPr" | "a:defRPr" | "a:endParaRPr")
            && let Some(v) = e.attr("sz").and_then(|v| v.parse::<f64>().ok())
        {
            let pt = ((v / 100.0 * k) * 2.0).round() / 2.0;
            e.set_attr("sz", ((pt * 100.0) as i64).to_string());
        }
    });
}
