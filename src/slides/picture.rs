//! A picture in its slot: `contain` shows all of it, centred; `cover` fills
//! the slot and crops the overflow (`a:srcRect`).

use super::geom::Rect;
use crate::layout::dom::{self, Element};
use crate::model::{Fit, Picture};
use crate::xml::XmlWriter;

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
    let mut w = XmlWriter::fragment();
    w.open(
        "p:pic",
        &[("xmlns:a", crate::ns::A.into()), ("xmlns:r", crate::ns::R.into()), ("xmlns:p", crate::ns::P.into())],
    );
    w.open("p:nvPicPr", &[]);
    w.empty("p:cNvPr", &[("id", "0".into()), ("name", name.into()), ("descr", p.alt.as_str().into())]);
    w.open("p:cNvPicPr", &[]);
    w.empty("a:picLocks", &[("noChangeAspect", "1".into())]);
    w.close("p:cNvPicPr");
    w.empty("p:nvPr", &[]);
    w.close("p:nvPicPr");
    w.open("p:blipFill", &[]);
    w.empty("a:blip", &[("r:embed", rid.into())]);
    if crop != (0, 0, 0, 0) {
        w.empty("a:srcRect", &[("l", crop.0.into()), ("t", crop.1.into()), ("r", crop.2.into()), ("b", crop.3.into())]);
    }
    w.open("a:stretch", &[]);
    w.empty("a:fillRect", &[]);
    w.close("a:stretch");
    w.close("p:blipFill");
    w.open("p:spPr", &[]);
    w.open("a:xfrm", &[]);
    w.empty("a:off", &[("x", r.x.into()), ("y", r.y.into())]);
    w.empty("a:ext", &[("cx", r.w.into()), ("cy", r.h.into())]);
    w.close("a:xfrm");
    w.open("a:prstGeom", &[("prst", "rect".into())]);
    w.empty("a:avLst", &[]);
    w.close("a:prstGeom");
    w.close("p:spPr");
    w.close("p:pic");
    let mut el = dom::parse(&w.buf).unwrap_or_default();
    el.attrs.clear();
    el
}
