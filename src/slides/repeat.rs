//! Repeated items (KPI cards, agenda rows, plan cards): the layout's
//! `NAME.item` group is cloned once per item and arranged in a grid inside
//! `NAME.area`, keeping the prototype's proportions.

use super::geom::{self, Rect};
use super::text;
use crate::color::ColorCtx;
use crate::layout::dom::{Element, Node};
use crate::model::Rich;
use std::collections::BTreeMap;

/// Gap between items (0.18 in).
const GAP: i64 = 164_592;
/// Items may grow a little when there are few of them.
const MAX_SCALE: f64 = 1.25;
/// Horizontal gaps stretch to spread a short row, up to this (0.6 in).
const MAX_SPREAD: i64 = 548_640;
/// A card (an item at least 0.4 as tall as wide) stretches to the height its
/// row has, up to this much more than its width grows: a row of four KPI
/// cards fills the slide's body instead of leaving half of it empty.
const MAX_STRETCH: f64 = 1.4;
/// Text in an item grows with it, at most this much.
const MAX_FONT: f64 = 1.3;

/// The vertical scale of an item placed at scale `s` in rows of `rows`.
fn stretch(item: Rect, area: Rect, rows: usize, s: f64) -> f64 {
    if (item.h as f64) < 0.4 * item.w as f64 {
        return s;
    }
    let cell_h = (area.h - (rows as i64 - 1) * GAP) as f64 / rows.max(1) as f64;
    (cell_h / item.h.max(1) as f64).min(s * MAX_STRETCH).max(s)
}

/// The grid (columns, rows, scale) that shows `n` items of size `item` in
/// `area`: as large as possible, preferring fewer rows and balanced rows
/// (3+2 over 4+1) when the sizes are close.
pub fn grid(n: usize, item: Rect, area: Rect) -> (usize, usize, f64) {
    let mut best: Option<(usize, usize, f64, f64)> = None;
    for cols in (1..=n.max(1)).rev() {
        let rows = n.div_ceil(cols).max(1);
        let w = (area.w - (cols as i64 - 1) * GAP) as f64 / cols as f64;
        let h = (area.h - (rows as i64 - 1) * GAP) as f64 / rows as f64;
        let s = (w / item.w.max(1) as f64).min(h / item.h.max(1) as f64).min(MAX_SCALE);
        let last = n - (rows - 1) * cols;
        let balance = 0.85 + 0.15 * last as f64 / cols as f64;
        let score = s * balance * (1.0 - 0.02 * rows as f64);
        if best.is_none_or(|b| score > b.3 * 1.03) {
            best = Some((cols, rows, s, score));
        }
    }
    best.map(|(c, r, s, _)| (c, r, s)).unwrap_or((1, 1, 1.0))
}

/// The placed, filled clones.
pub fn items(proto: &Element, area: Rect, values: &[BTreeMap<String, Rich>], colors: &ColorCtx) -> Vec<Element> {
    let Some(item) = geom::rect(proto) else {
        return vec![];
    };
    let n = values.len();
    let (cols, rows, s) = grid(n, item, area);
    let sy = stretch(item, area, rows, s);
    // Text grows with the card (the mean of its two scales).
    let font = (s * sy).sqrt().min(MAX_FONT);
    let cw = (item.w as f64 * s).round() as i64;
    let ch = (item.h as f64 * sy).round() as i64;
    let total_h = rows as i64 * ch + (rows as i64 - 1) * GAP;
    let y0 = area.y + (area.h - total_h).max(0) / 2;
    let mut out = Vec::with_capacity(n);
    for (i, vals) in values.iter().enumerate() {
        let row = i / cols;
        let in_row = if row == rows - 1 { n - row * cols } else { cols };
        let col = i % cols;
        let gap = if in_row > 1 {
            ((area.w - in_row as i64 * cw) / (in_row as i64 - 1)).clamp(GAP.min(area.w), MAX_SPREAD)
        } else {
            0
        };
        let row_w = in_row as i64 * cw + (in_row as i64 - 1) * gap;
        let x = area.x + (area.w - row_w).max(0) / 2 + col as i64 * (cw + gap);
        let y = y0 + row as i64 * (ch + GAP);
        let mut g = proto.clone();
        if let Some(nv) = g.path_mut(&["p:nvGrpSpPr", "p:cNvPr"]) {
            let base = nv.attr("name").unwrap_or("item").trim_end_matches(".item").to_string();
            nv.set_attr("name", format!("{base} {}", i + 1));
        }
        geom::place_group_xy(&mut g, x, y, s, sy);
        if font > 1.0 {
            geom::scale_fonts(&mut g, font);
        }
        let lookup = |tok: &str| vals.get(tok).cloned().filter(|r| !r.is_empty());
        // Fill each member; members whose tokens are all empty go.
        let old = std::mem::take(&mut g.children);
        for node in old {
            match node {
                Node::El(mut e) if e.child("p:txBody").is_some() => {
                    let f = text::fill_body(e.child_mut("p:txBody").expect("checked above"), &lookup, colors); // ok: matched on it
                    if !f.had_tokens || f.has_text {
                        g.children.push(Node::El(e));
                    }
                }
                other => g.children.push(other),
            }
        }
        out.push(g);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(w: f64, h: f64) -> Rect {
        Rect { x: 0, y: 0, w: (w * 914400.0) as i64, h: (h * 914400.0) as i64 }
    }

    #[test]
    fn kpi_grids() {
        let card = r(2.9, 1.9);
        let area = r(12.33, 4.05);
        assert_eq!(grid(4, card, area).0, 4);
        assert_eq!(grid(5, card, area).0, 3);
        assert_eq!(grid(3, card, area).0, 3);
        let (c, rws, _) = grid(8, card, area);
        assert_eq!((c, rws), (4, 2));
        let (c, rws, _) = grid(6, card, area);
        assert_eq!((c, rws), (3, 2));
        assert_eq!(grid(7, card, area).0, 4);
        let (c, rws, s) = grid(2, card, area);
        assert_eq!((c, rws, s), (2, 1, 1.25));
    }

    #[test]
    fn agenda_is_a_column() {
        let (c, _, s) = grid(5, r(7.3, 0.8), r(7.4, 5.7));
        assert_eq!(c, 1);
        assert!(s >= 0.99);
    }
}
