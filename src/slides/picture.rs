//! A picture in its slot: `contain` shows all of it, centred; `cover` fills
//! the slot and crops the overflow (`a:srcRect`).

use super::geom::Rect;
use super::{el, xfrm};
use crate::layout::dom::Element;
use crate::model::{Fit, Picture};

pub fn pic(p: &Picture, slot: Rect, rid: &str, name: &str) -> Element {
    let img = p.width.max(1) as f64 / p.height.max(1) as f64;
    let bx = slot.w.max(1) as f64 / slot.h.max(1) as f64;
    let mut r = slot;
    let mut crop = (0i64, 0i64, 0i64, 0i64);
    match p.fit {
        Fit::Contain => {
            if img > bx {
                r.h = (slot.w as f64 / img).round() as i64;
                r.y = slot.y + (slot.h - r.h) / 2;
            } else {
                r.w = (slot.h as f64 * img).round() as i64;
                r.x = slot.x + (slot.w - r.w) / 2;
            }
        }
        Fit::Cover => {
            // Crop in 1/1000 of a percent of the picture.
            if img > bx {
                let keep = bx / img;
                let side = ((1.0 - keep) / 2.0 * 100_000.0).round() as i64;
                crop = (side, 0, side, 0);
            } else {
                let keep = img / bx;
                let side = ((1.0 - keep) / 2.0 * 100_000.0).round() as i64;
                crop = (0, side, 0, side);
            }
        }
    }
    let nv = el("p:nvPicPr", &[])
        .with_child(el("p:cNvPr", &[("id", "0".into()), ("name", name.into()), ("descr", p.alt.clone())]))
        .with_child(el("p:cNvPicPr", &[]).with_child(el("a:picLocks", &[("noChangeAspect", "1".into())])))
        .with_child(el("p:nvPr", &[]));
    let mut blip_fill = el("p:blipFill", &[]).with_child(el("a:blip", &[("r:embed", rid.into())]));
    if crop != (0, 0, 0, 0) {
        let (l, t, r, b) = crop;
        blip_fill = blip_fill.with_child(el(
            "a:srcRect",
            &[("l", l.to_string()), ("t", t.to_string()), ("r", r.to_string()), ("b", b.to_string())],
        ));
    }
    let blip_fill = blip_fill.with_child(el("a:stretch", &[]).with_child(el("a:fillRect", &[])));
    let sp_pr = el("p:spPr", &[])
        .with_child(xfrm("a:xfrm", r))
        .with_child(el("a:prstGeom", &[("prst", "rect".into())]).with_child(el("a:avLst", &[])));
    el("p:pic", &[]).with_child(nv).with_child(blip_fill).with_child(sp_pr)
}
