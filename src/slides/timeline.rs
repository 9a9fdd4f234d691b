//! The work-plan timeline (a Gantt chart drawn with shapes): the layout's
//! `timeline.month`, `timeline.task`, `timeline.stripe` and `timeline.bar`
//! prototypes are cloned into a months × tasks grid inside `timeline.area`.

use super::geom::{self, Rect};
use super::text;
use crate::color::ColorCtx;
use crate::error::{Error, Result};
use crate::layout::dom::Element;
use crate::model::{ColorRef, Rich, Timeline};
use std::collections::BTreeMap;

/// Space between cells (0.03 in) and between rows (0.06 in).
const CELL_GAP: i64 = 27_432;
const ROW_GAP: i64 = 54_864;
/// A bar's least height (0.24 in): 12 pt text, one line, with its leading.
const BAR_MIN_H: i64 = 219_456;
const BAR_COLORS: [&str; 4] = ["accent1", "accent2", "accent3", "accent4"];

fn placed(proto: &Element, r: Rect, name: String, tokens: &[(&str, &str)], colors: &ColorCtx) -> Element {
    let mut e = proto.clone();
    geom::set_rect(&mut e, r);
    if let Some(nv) = e.path_mut(&["p:nvSpPr", "p:cNvPr"]) {
        nv.set_attr("name", name);
    }
    let map: BTreeMap<String, Rich> = tokens.iter().map(|(k, v)| (k.to_string(), Rich::plain(*v))).collect();
    if let Some(body) = e.child_mut("p:txBody") {
        text::fill_body(body, &|t| map.get(t).cloned().filter(|r| !r.is_empty()), colors);
    }
    e
}

fn set_fill(shape: &mut Element, color: &ColorRef, colors: &ColorCtx) {
    if let Some(sp) = shape.child_mut("p:spPr") {
        crate::color::replace_fill(
            sp,
            colors.solid_fill(color),
            &["a:ln", "a:effectLst", "a:scene3d", "a:sp3d", "a:extLst"],
        );
    }
}

pub fn shapes(t: &Timeline, area: Rect, protos: &BTreeMap<String, Element>, colors: &ColorCtx) -> Result<Vec<Element>> {
    let get = |k: &str| {
        protos.get(k).ok_or_else(|| Error::build(format!("the timeline layout has no `timeline.{k}` prototype")))
    };
    let (month, task, bar) = (get("month")?, get("task")?, get("bar")?);
    let stripe = protos.get("stripe");
    let m = geom::rect(month).unwrap_or_default();
    let tk = geom::rect(task).unwrap_or_default();
    let b = geom::rect(bar).unwrap_or_default();
    let months = t.months.len().max(1) as i64;
    let col_w = (area.right() - m.x) / months;
    let mut out = Vec::new();

    let n = t.rows.len().max(1) as i64;
    let pitch = (tk.h + ROW_GAP).min((area.bottom() - tk.y) / n).max(1);
    let row_h = (pitch - ROW_GAP).max(pitch / 2);
    if let Some(stripe) = stripe {
        for i in (1..months).step_by(2) {
            let r = Rect { x: m.x + i * col_w, y: tk.y, w: col_w, h: n * pitch - ROW_GAP };
            out.push(placed(stripe, r, format!("Month Band {}", i + 1), &[], colors));
        }
    }
    for (i, label) in t.months.iter().enumerate() {
        let r = Rect { x: m.x + i as i64 * col_w + CELL_GAP / 2, y: m.y, w: col_w - CELL_GAP, h: m.h };
        out.push(placed(month, r, format!("Month {}", i + 1), &[("month", label)], colors));
    }
    for (i, row) in t.rows.iter().enumerate() {
        let y = tk.y + i as i64 * pitch;
        out.push(placed(
            task,
            Rect { x: tk.x, y, w: tk.w, h: row_h },
            format!("Task {}", i + 1),
            &[("task", &row.task)],
            colors,
        ));
        let start = row.start.min(t.months.len().saturating_sub(1)) as i64;
        let end = row.end.clamp(row.start, t.months.len().saturating_sub(1)) as i64;
        let inset = ((b.x - m.x).max(0)).min(col_w / 6);
        // Three quarters of the row, but never too thin for its owner's
        // name at the readable size (many rows: fourteen on shop 2's plan).
        let h = b.h.min((row_h * 3 / 4).max(BAR_MIN_H.min(row_h)));
        let r = Rect {
            x: m.x + start * col_w + inset,
            y: y + (row_h - h) / 2,
            w: (end - start + 1) * col_w - 2 * inset,
            h,
        };
        let mut e = placed(bar, r, format!("Bar {}", i + 1), &[("owner", &row.owner)], colors);
        let c = row.color.clone().unwrap_or_else(|| ColorRef::Scheme(BAR_COLORS[i % BAR_COLORS.len()].into()));
        set_fill(&mut e, &c, colors);
        out.push(e);
    }
    Ok(out)
}
