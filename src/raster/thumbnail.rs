//! The cover as a small picture, `docProps/thumbnail.jpeg`: what file
//! browsers and chat apps show for a deck. It is drawn from the cover slide
//! as written (its background, shapes, text and pictures), so a company's
//! own cover layout shows as itself. Only what a thumbnail needs is drawn:
//! solid fills and outlines of rectangles, rounded rectangles and ellipses,
//! text, and pictures; charts, tables and effects are left out.

use super::Palette;
use super::canvas::{Canvas, Rect, Rgb};
use super::font::{Align, Span, Style, Typesetter};
use crate::error::Result;
use crate::layout::dom::{self, Element};
use crate::model::{Picture, SlideSize};
use crate::slides::geom;

/// The width PowerPoint writes thumbnails at.
pub const WIDTH: u32 = 256;

/// The thumbnail (JPEG) of a slide's XML; `picture(rId)` gives the pictures it shows.
pub fn jpeg<'a>(
    slide_xml: &str,
    picture: &dyn Fn(&str) -> Option<&'a Picture>,
    pal: &Palette,
    size: SlideSize,
) -> Result<Vec<u8>> {
    let (cx, cy) = size.emu();
    let h = (WIDTH as i64 * cy / cx) as u32;
    let scale = WIDTH as f32 / cx as f32;
    let root = dom::parse(slide_xml)
        .map_err(|e| crate::Error::build(format!("cannot read the cover slide for its thumbnail ({e})")))?;
    let mut canvas = Canvas::new(WIDTH, h, background(&root, pal));
    // Each thread keeps its glyphs: the decks of a batch share their cover words.
    thread_local! {
        static TS: std::cell::RefCell<Typesetter> = std::cell::RefCell::new(Typesetter::new());
    }
    TS.with(|ts| {
        let mut ts = ts.borrow_mut();
        ts.trim(4096);
        if let Some(tree) = root.path(&["p:cSld", "p:spTree"]) {
            let mut d = Drawer { canvas: &mut canvas, ts: &mut ts, pal, picture, scale };
            d.children(tree, &Transform::identity(scale));
        }
    });
    canvas.jpeg(85)
}

fn background(root: &Element, pal: &Palette) -> Rgb {
    let Some(bg) = root.path(&["p:cSld", "p:bg"]) else { return Rgb::WHITE };
    if let Some(fill) = bg.path(&["p:bgPr", "a:solidFill"]) {
        return color_of(fill, pal).map(|(c, _)| c).unwrap_or(Rgb::WHITE);
    }
    if let Some(r) = bg.child("p:bgRef") {
        return color_of(r, pal).map(|(c, _)| c).unwrap_or(Rgb::WHITE);
    }
    Rgb::WHITE
}

/// The colour of a fill (or any element holding a colour element) and its opacity.
fn color_of(fill: &Element, pal: &Palette) -> Option<(Rgb, f32)> {
    let el =
        fill.elements().find(|e| matches!(e.name.as_str(), "a:srgbClr" | "a:schemeClr" | "a:sysClr" | "a:prstClr"))?;
    let val = el.attr("val").unwrap_or("");
    let mut c = match el.name.as_str() {
        "a:srgbClr" => Rgb::hex(val)?,
        "a:sysClr" => Rgb::hex(el.attr("lastClr").unwrap_or("000000"))?,
        "a:prstClr" => match val {
            "white" => Rgb::WHITE,
            _ => Rgb(0, 0, 0),
        },
        _ if val == "phClr" => return None,
        _ => pal.named(val),
    };
    let mut alpha = 1.0;
    let (mut lm, mut lo) = (1.0, 0.0);
    for m in el.elements() {
        let v = m.attr("val").and_then(|v| v.parse::<f32>().ok()).unwrap_or(100_000.0) / 100_000.0;
        match m.name.as_str() {
            "a:alpha" => alpha = v,
            "a:lumMod" => lm = v,
            "a:lumOff" => lo = v,
            "a:tint" => c = c.mix(Rgb::WHITE, 1.0 - v),
            "a:shade" => c = c.mix(Rgb(0, 0, 0), 1.0 - v),
            _ => {}
        }
    }
    if lm != 1.0 || lo != 0.0 {
        c = c.lum(lm, lo);
    }
    Some((c, alpha))
}

/// EMU of the slide (or of a group's child space) to pixels.
#[derive(Clone, Copy)]
struct Transform {
    sx: f32,
    sy: f32,
    dx: f32,
    dy: f32,
}

impl Transform {
    fn identity(scale: f32) -> Transform {
        Transform { sx: scale, sy: scale, dx: 0.0, dy: 0.0 }
    }

    fn rect(&self, r: geom::Rect) -> Rect {
        Rect::new(
            self.dx + r.x as f32 * self.sx,
            self.dy + r.y as f32 * self.sy,
            r.w as f32 * self.sx,
            r.h as f32 * self.sy,
        )
    }
}

struct Drawer<'a, 'p> {
    canvas: &'a mut Canvas,
    ts: &'a mut Typesetter,
    pal: &'a Palette,
    picture: &'a dyn Fn(&str) -> Option<&'p Picture>,
    /// Pixels per EMU.
    scale: f32,
}

impl Drawer<'_, '_> {
    fn children(&mut self, tree: &Element, t: &Transform) {
        for e in tree.elements() {
            match e.name.as_str() {
                "p:sp" | "p:cxnSp" => self.shape(e, t),
                "p:pic" => self.pic(e, t),
                "p:grpSp" => self.group(e, t),
                _ => {}
            }
        }
    }

    fn group(&mut self, g: &Element, t: &Transform) {
        let Some(x) = g.path(&["p:grpSpPr", "a:xfrm"]) else { return };
        let n =
            |e: Option<&Element>, k: &str| e.and_then(|e| e.attr(k)).and_then(|v| v.parse::<f32>().ok()).unwrap_or(0.0);
        let (off, ext, choff, chext) = (x.child("a:off"), x.child("a:ext"), x.child("a:chOff"), x.child("a:chExt"));
        let (cw, ch) = (n(chext, "cx"), n(chext, "cy"));
        let kx = if cw > 0.0 { n(ext, "cx") / cw } else { 1.0 };
        let ky = if ch > 0.0 { n(ext, "cy") / ch } else { 1.0 };
        // child EMU → group EMU: off + (c − chOff) · k; then the outer transform.
        let inner = Transform {
            sx: t.sx * kx,
            sy: t.sy * ky,
            dx: t.dx + t.sx * (n(off, "x") - n(choff, "x") * kx),
            dy: t.dy + t.sy * (n(off, "y") - n(choff, "y") * ky),
        };
        self.children(g, &inner);
    }

    fn shape(&mut self, sp: &Element, t: &Transform) {
        let Some(r) = geom::rect(sp) else { return };
        let r = t.rect(r);
        let pr = sp.child("p:spPr");
        let prst = pr.and_then(|p| p.child("a:prstGeom")).and_then(|g| g.attr("prst")).unwrap_or("rect");
        if let Some((c, a)) = pr.and_then(|p| p.child("a:solidFill")).and_then(|f| color_of(f, self.pal)) {
            self.fill(prst, r, c, a);
        }
        if let Some(ln) = pr.and_then(|p| p.child("a:ln"))
            && let Some((c, a)) = ln.child("a:solidFill").and_then(|f| color_of(f, self.pal))
        {
            let w = ln.attr("w").and_then(|v| v.parse::<f32>().ok()).unwrap_or(9525.0) * self.scale;
            self.outline(prst, r, c, a, w.max(1.0));
        }
        if let Some(body) = sp.child("p:txBody") {
            self.text(body, r);
        }
    }

    fn fill(&mut self, prst: &str, r: Rect, c: Rgb, a: f32) {
        match prst {
            "ellipse" => {
                // An ellipse as horizontal spans, edges blended.
                let (cx, cy, rx, ry) = (r.x + r.w / 2.0, r.y + r.h / 2.0, r.w / 2.0, r.h / 2.0);
                for y in r.y.floor() as i32..r.bottom().ceil() as i32 {
                    let dy = (y as f32 + 0.5 - cy) / ry.max(0.5);
                    if dy.abs() >= 1.0 {
                        continue;
                    }
                    let half = rx * (1.0 - dy * dy).sqrt();
                    self.canvas.fill_alpha(Rect::new(cx - half, y as f32, 2.0 * half, 1.0), c, a);
                }
            }
            "roundRect" if a >= 1.0 => self.canvas.round_rect(r, r.w.min(r.h) * 0.1, c),
            _ => self.canvas.fill_alpha(r, c, a),
        }
    }

    fn outline(&mut self, prst: &str, r: Rect, c: Rgb, a: f32, w: f32) {
        let c = c.mix(
            self.canvas.pixel(
                ((r.x + r.w / 2.0).max(0.0) as u32).min(self.canvas.w - 1),
                (r.y.max(0.0) as u32).min(self.canvas.h - 1),
            ),
            1.0 - a,
        );
        let pts: Vec<(f32, f32)> = if prst == "ellipse" {
            (0..=72)
                .map(|k| {
                    let ang = k as f32 / 72.0 * std::f32::consts::TAU;
                    (r.x + r.w / 2.0 * (1.0 + ang.cos()), r.y + r.h / 2.0 * (1.0 + ang.sin()))
                })
                .collect()
        } else {
            vec![(r.x, r.y), (r.right(), r.y), (r.right(), r.bottom()), (r.x, r.bottom()), (r.x, r.y)]
        };
        super::canvas::stroke(self.canvas, &pts, w, c, false);
    }

    fn text(&mut self, body: &Element, r: Rect) {
        let bp = body.child("a:bodyPr");
        let ins =
            |k: &str, d: f32| bp.and_then(|b| b.attr(k)).and_then(|v| v.parse::<f32>().ok()).unwrap_or(d) * self.scale;
        let (l, tp, rt, b) = (ins("lIns", 91440.0), ins("tIns", 45720.0), ins("rIns", 91440.0), ins("bIns", 45720.0));
        let inner = Rect::new(r.x + l, r.y + tp, (r.w - l - rt).max(1.0), (r.h - tp - b).max(1.0));
        let mut blocks = Vec::new();
        for p in body.elements().filter(|e| e.name == "a:p") {
            let algn = p.child("a:pPr").and_then(|pp| pp.attr("algn")).unwrap_or("l");
            let mut spans = Vec::new();
            for run in p.elements().filter(|e| e.name == "a:r" || e.name == "a:fld") {
                let text = run.child("a:t").map(|t| t.text()).unwrap_or_default();
                if text.is_empty() {
                    continue;
                }
                let rpr = run.child("a:rPr");
                let pt = rpr.and_then(|r| r.attr("sz")).and_then(|v| v.parse::<f32>().ok()).unwrap_or(1800.0) / 100.0;
                let px = pt * 12_700.0 * self.scale;
                let (color, alpha) = rpr
                    .and_then(|r| r.child("a:solidFill"))
                    .and_then(|f| color_of(f, self.pal))
                    .unwrap_or((self.pal.text(), 1.0));
                let color = if alpha < 1.0 {
                    color.mix(
                        self.canvas.pixel(
                            (inner.x.max(0.0) as u32).min(self.canvas.w - 1),
                            (inner.y.max(0.0) as u32).min(self.canvas.h - 1),
                        ),
                        1.0 - alpha,
                    )
                } else {
                    color
                };
                let mut st = Style::new(px, color);
                if rpr.and_then(|r| r.attr("b")) == Some("1") {
                    st = st.bold();
                }
                spans.push(Span::new(text, st));
            }
            let align = match algn {
                "ctr" => Align::Center,
                "r" => Align::Right,
                _ => Align::Left,
            };
            let block = if spans.is_empty() {
                // An empty paragraph still takes a line.
                let px = p
                    .child("a:endParaRPr")
                    .and_then(|e| e.attr("sz"))
                    .and_then(|v| v.parse::<f32>().ok())
                    .unwrap_or(1800.0)
                    / 100.0
                    * 12_700.0
                    * self.scale;
                let mut b = self.ts.layout(&[Span::new(" ", Style::new(px, self.pal.text()))], inner.w, 1.2);
                b.lines.iter_mut().for_each(|l| l.width = 0.0);
                b
            } else {
                self.ts.layout(&spans, inner.w, 1.2)
            };
            blocks.push((block, align));
        }
        let total: f32 = blocks.iter().map(|(b, _)| b.height()).sum();
        let anchor = bp.and_then(|b| b.attr("anchor")).unwrap_or("t");
        let mut y = match anchor {
            "ctr" => inner.y + (inner.h - total) / 2.0,
            "b" => inner.bottom() - total,
            _ => inner.y,
        };
        for (b, align) in &blocks {
            self.ts.draw(self.canvas, b, inner.x, y, inner.w, *align);
            y += b.height();
        }
    }

    fn pic(&mut self, pic: &Element, t: &Transform) {
        let Some(r) = geom::rect(pic) else { return };
        let r = t.rect(r);
        let Some(rid) = pic.path(&["p:blipFill", "a:blip"]).and_then(|b| b.attr("r:embed")) else { return };
        let Some(p) = (self.picture)(rid) else { return };
        let (w, h) = (r.w.round().max(1.0) as u32, r.h.round().max(1.0) as u32);
        let Some(img) = shrunk(p, w, h) else { return };
        let (x0, y0) = (r.x.round() as i32, r.y.round() as i32);
        for (x, y, px) in img.enumerate_pixels() {
            let [cr, cg, cb, ca] = px.0;
            self.canvas.blend(x0 + x as i32, y0 + y as i32, Rgb(cr, cg, cb), f32::from(ca) / 255.0);
        }
    }
}

/// A picture decoded and shrunk to `w`×`h`. Kept for the process: a batch
/// puts the same logo on the cover of every deck.
fn shrunk(p: &Picture, w: u32, h: u32) -> Option<std::sync::Arc<image::RgbaImage>> {
    use std::collections::HashMap;
    use std::hash::{Hash, Hasher};
    use std::sync::{Arc, Mutex, OnceLock};
    /// Content hash, width, height → the shrunk picture.
    type Shrunk = HashMap<(u64, u32, u32), Arc<image::RgbaImage>>;
    static CACHE: OnceLock<Mutex<Shrunk>> = OnceLock::new();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    p.data.hash(&mut hasher);
    let key = (hasher.finish(), w, h);
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(img) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Some(img);
    }
    let img = Arc::new(shrink(&image::load_from_memory(&p.data).ok()?, w, h));
    if let Ok(mut c) = cache.lock()
        && c.len() < 64
    {
        c.insert(key, img.clone());
    }
    Some(img)
}

/// A box filter that looks at no more than 4 × 4 source pixels per target
/// pixel: a 480 px logo becomes a few dozen pixels, where more samples change
/// nothing visible but cost as much as decoding it.
fn shrink(img: &image::DynamicImage, w: u32, h: u32) -> image::RgbaImage {
    use image::DynamicImage;
    let converted;
    let px: Box<dyn Fn(u32, u32) -> [u8; 4] + '_> = match img {
        DynamicImage::ImageRgb8(b) => Box::new(move |x, y| {
            let p = b.get_pixel(x, y).0;
            [p[0], p[1], p[2], 255]
        }),
        DynamicImage::ImageRgba8(b) => Box::new(move |x, y| b.get_pixel(x, y).0),
        other => {
            converted = other.to_rgba8();
            Box::new(|x, y| converted.get_pixel(x, y).0)
        }
    };
    let (sw, sh) = (img.width().max(1), img.height().max(1));
    image::RgbaImage::from_fn(w, h, |ox, oy| {
        let span = |o: u32, n: u32, sn: u32| {
            let a = (o as u64 * sn as u64 / n as u64) as u32;
            let b = (((o + 1) as u64 * sn as u64).div_ceil(n as u64) as u32).clamp(a + 1, sn);
            (a, b)
        };
        let ((x0, x1), (y0, y1)) = (span(ox, w, sw), span(oy, h, sh));
        let (sx, sy) = ((x1 - x0).div_ceil(4), (y1 - y0).div_ceil(4));
        let (mut acc, mut alpha, mut n) = ([0u32; 3], 0u32, 0u32);
        for y in (y0..y1).step_by(sy.max(1) as usize) {
            for x in (x0..x1).step_by(sx.max(1) as usize) {
                let [r, g, b, a] = px(x, y);
                let a32 = u32::from(a);
                acc[0] += u32::from(r) * a32;
                acc[1] += u32::from(g) * a32;
                acc[2] += u32::from(b) * a32;
                alpha += a32;
                n += 1;
            }
        }
        if alpha == 0 {
            return image::Rgba([0, 0, 0, 0]);
        }
        let c = |v: u32| ((v + alpha / 2) / alpha) as u8;
        image::Rgba([c(acc[0]), c(acc[1]), c(acc[2]), ((alpha + n / 2) / n.max(1)) as u8])
    })
}
