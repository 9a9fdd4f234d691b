//! The slides stage: fills a layout template with a resolved slide and writes
//! the slide XML. Charts and pictures become parts through a [`PartSink`],
//! which hands back their relationship ids.

pub mod geom;
mod picture;
mod repeat;
mod table;
pub mod text;
mod timeline;

pub use crate::color::ColorCtx;
pub use table::paginate;

use crate::error::{Error, Result};
use crate::fit;
use crate::layout::dom::{Element, Node};
use crate::layout::{LayoutSet, MasterLayout, ShapeSlotKind, shape_name};
use crate::model::{Chart, Content, Picture, Rich, Slide, SlideSize};
use geom::Rect;
use std::collections::BTreeMap;

/// Where a slide puts the parts it needs; returns the relationship id.
pub trait PartSink<'s> {
    /// A chart shown in a frame of `frame` size (the engine's chart rules need it).
    fn add_chart(&mut self, chart: &Chart, frame: crate::chart::arrange::Frame) -> Result<String>;
    fn add_picture(&mut self, picture: &'s Picture) -> String;
}

/// A written slide.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub xml: String,
    pub master: MasterLayout,
    /// The title text (document properties, checks).
    pub title: String,
}

/// Renders slides of one deck.
pub struct Renderer<'a> {
    pub layouts: &'a LayoutSet,
    pub colors: ColorCtx<'a>,
    pub size: SlideSize,
    /// Deck values for `{{deck.X}}` tokens (`title`, `subtitle`, `author`,
    /// `company`, `date`, `footer`).
    pub deck: &'a BTreeMap<String, Rich>,
}

/// The `name` of a shape, for messages.
pub fn shape_label(shape: &Element) -> String {
    shape_name(shape).unwrap_or("?").to_string()
}

fn is_shape(e: &Element) -> bool {
    matches!(e.name.as_str(), "p:sp" | "p:grpSp" | "p:graphicFrame" | "p:pic" | "p:cxnSp")
}

/// How one top-level template shape is handled.
enum Item {
    /// Kept (filled if it has tokens).
    Keep(Element),
    /// A chart/table/picture slot: generated content goes here.
    Slot { name: String, kind: ShapeSlotKind, rect: Rect, proto: Element },
    /// Where repeated items go.
    Repeat { slot: String, rect: Rect },
    /// Where the timeline goes.
    Timeline { rect: Rect },
}

/// A layout's shape tree sorted: what is not a shape (kept in front), the
/// shapes in order, and the prototypes of repeated items and the timeline.
struct Shapes {
    head: Vec<Node>,
    items: Vec<Item>,
    protos: BTreeMap<String, Element>,
    tl_protos: BTreeMap<String, Element>,
}

fn sort_shapes(children: Vec<Node>, tpl: &crate::layout::Template) -> Shapes {
    let mut head: Vec<Node> = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    let mut protos: BTreeMap<String, Element> = BTreeMap::new();
    let mut tl_protos: BTreeMap<String, Element> = BTreeMap::new();
    for node in children {
        let Node::El(el) = node else { continue };
        if !is_shape(&el) {
            head.push(Node::El(el));
            continue;
        }
        let name = shape_name(&el).unwrap_or("").to_string();
        let rect = geom::rect(&el).unwrap_or_default();
        if let Some(part) = name.strip_prefix("timeline.") {
            if part == "area" {
                items.push(Item::Timeline { rect });
            } else {
                tl_protos.insert(part.to_string(), el);
            }
        } else if let Some(slot) = name.strip_suffix(".area") {
            items.push(Item::Repeat { slot: slot.to_string(), rect });
        } else if let Some(slot) = name.strip_suffix(".item") {
            protos.insert(slot.to_string(), el);
        } else if let Some(kind) = tpl.shape_kind(&name) {
            items.push(Item::Slot { name, kind, rect, proto: el });
        } else {
            items.push(Item::Keep(el));
        }
    }
    Shapes { head, items, protos, tl_protos }
}

/// Fills the text of the kept shapes; returns the items left and whether
/// each may grow (filled from the spec).
fn fill_text(items: Vec<Item>, lookup: &dyn Fn(&str) -> Option<Rich>, colors: &ColorCtx) -> (Vec<Item>, Vec<bool>) {
    // Fill text; empty optional shapes go and leave their space to a neighbour.
    let mut removed: Vec<Rect> = Vec::new();
    let mut growable: Vec<bool> = Vec::new();
    let mut kept: Vec<Item> = Vec::new();
    for item in items {
        match item {
            Item::Keep(mut el) => {
                let (had, has) = fill_shape(&mut el, &lookup, colors);
                if had && !has {
                    if let Some(r) = geom::rect(&el) {
                        removed.push(r);
                    }
                    continue;
                }
                growable.push(had);
                kept.push(Item::Keep(el));
            }
            other => {
                growable.push(true);
                kept.push(other);
            }
        }
    }
    for r in &removed {
        reflow(&mut kept, &growable, *r);
    }
    (kept, growable)
}

const EMU_PT: f64 = 12700.0;
/// Empty slots give their space to a neighbour at most this far away (0.6 in).
const REFLOW_GAP: i64 = 548_640;

impl Renderer<'_> {
    fn lookup<'s>(&'s self, slide: &'s Slide) -> impl Fn(&str) -> Option<Rich> + 's {
        move |raw: &str| {
            let t = crate::layout::Token::parse(raw);
            t.slot
                .as_ref()
                .and_then(|s| slide.texts.get(s))
                .filter(|r| !r.is_empty())
                .or_else(|| t.deck.as_ref().and_then(|d| self.deck.get(d)))
                .cloned()
                .filter(|r| !r.is_empty())
        }
    }

    /// Writes one slide.
    pub fn render<'s>(
        &self,
        slide: &'s Slide,
        sink: &mut dyn PartSink<'s>,
        warnings: &mut Vec<crate::warning::Warning>,
    ) -> Result<Rendered> {
        let tpl = self.layouts.template(&slide.layout).map_err(|e| e.at(slide.origin.clone()))?;
        let mut root = tpl.root.clone();
        if self.size == SlideSize::Standard {
            geom::scale_x(&mut root, 0.75);
        }
        let where_ = |e: Error| {
            e.at(slide.origin.clone()).context(format!("slide {} (layout `{}`)", slide.spec_index, slide.layout))
        };
        let lookup = self.lookup(slide);

        let tree = root
            .path_mut(&["p:cSld", "p:spTree"])
            .ok_or_else(|| Error::build(format!("layout `{}` has no shape tree", slide.layout)))?;
        let Shapes { head, items, protos, tl_protos } = sort_shapes(std::mem::take(&mut tree.children), tpl);
        let (kept, growable) = fill_text(items, &lookup, &self.colors);

        // Generate content into slots.
        let mut out: Vec<Node> = head;
        for (item, filled) in kept.into_iter().zip(growable) {
            match item {
                Item::Keep(mut el) => {
                    // Text filled from the spec may grow into a box it leaves half
                    // empty; a slide-wide body (bullets) is then centred in it.
                    let wide = geom::rect(&el).is_some_and(|r| r.w * 10 >= self.size.emu().0 * 6);
                    let grow = match (filled, wide) {
                        (false, _) => text::Grow::No,
                        (true, true) => text::Grow::Centred,
                        (true, false) => text::Grow::InPlace,
                    };
                    fit_all(&mut el, warnings, slide, grow);
                    out.push(Node::El(el));
                }
                Item::Slot { name, kind, rect, proto } => {
                    // The logo is decoration: without one, its box goes.
                    if name == "logo" && !slide.shapes.contains_key(&name) {
                        continue;
                    }
                    let content = slide.shapes.get(&name).ok_or_else(|| {
                        where_(Error::usage(format!("the `{name}` slot is empty")).hint(format!(
                            "layout `{}` has a {} here; give it in the spec, or choose a layout without one",
                            slide.layout,
                            match kind {
                                ShapeSlotKind::Chart => "chart (`chart:`/`charts:`)",
                                ShapeSlotKind::Table => "table (`table:`)",
                                ShapeSlotKind::Picture => "picture (`image:`)",
                                _ => "slot",
                            }
                        )))
                    })?;
                    let el = match content {
                        Content::Chart(c) => {
                            let frame = crate::chart::arrange::Frame::from_emu(rect.w, rect.h);
                            let rid = sink.add_chart(c, frame).map_err(where_)?;
                            if let Some(label) = &c.center {
                                out.push(Node::El(chart_frame(&name, rect, &rid)));
                                center_label(c, rect, label)
                            } else {
                                chart_frame(&name, rect, &rid)
                            }
                        }
                        Content::Table(t) => {
                            let mut w = Vec::new();
                            let el = table::frame(t, &proto, rect, &self.colors, &mut w);
                            warnings.extend(w.into_iter().map(|w| on_slide(w, slide)));
                            el
                        }
                        Content::Picture(p) => {
                            let rid = sink.add_picture(p);
                            picture::pic(p, rect, &rid, &name)
                        }
                        Content::Timeline(_) => {
                            return Err(where_(Error::build(format!("a timeline cannot go into the `{name}` slot"))));
                        }
                    };
                    out.push(Node::El(el));
                }
                Item::Repeat { slot, rect } => {
                    let proto =
                        protos.get(&slot).ok_or_else(|| where_(Error::build(format!("`{slot}.item` is missing"))))?;
                    let values = slide.items.get(&slot).map(Vec::as_slice).unwrap_or(&[]);
                    if values.is_empty() {
                        return Err(where_(Error::usage(format!("the `{slot}` slot is empty")).hint(format!(
                            "layout `{}` repeats an item per entry of `{slot}:`; give at least one",
                            slide.layout
                        ))));
                    }
                    let items = repeat::items(proto, rect, values, &self.colors);
                    out.extend(fit_alike(items, warnings, slide).into_iter().map(Node::El));
                }
                Item::Timeline { rect } => {
                    let Some(Content::Timeline(t)) = slide.shapes.get("timeline") else {
                        return Err(where_(
                            Error::usage("the `timeline` slot is empty").hint("give `timeline:` with `rows:`"),
                        ));
                    };
                    for mut el in timeline::shapes(t, rect, &tl_protos, &self.colors)? {
                        fit_all(&mut el, warnings, slide, text::Grow::No);
                        out.push(Node::El(el));
                    }
                }
            }
        }
        tree.children = out;
        renumber(tree);
        let title = title_text(tree);
        if slide.hidden {
            // `show` before the namespace declarations, as PowerPoint writes it.
            root.attrs.insert(0, ("show".into(), "0".into()));
        }
        Ok(Rendered { xml: root.to_part(), master: tpl.master, title })
    }

    /// The slide master with its tokens (`{{footer}}`) filled and its layouts listed.
    pub fn master(&self, layout_rids: &[(u32, String)]) -> Element {
        let mut m = self.layouts.master.clone();
        if self.size == SlideSize::Standard {
            geom::scale_x(&mut m, 0.75);
        }
        let lookup = |raw: &str| crate::layout::Token::parse(raw).deck.and_then(|d| self.deck.get(&d).cloned());
        if let Some(tree) = m.path_mut(&["p:cSld", "p:spTree"]) {
            for el in tree.elements_mut() {
                if let Some(body) = el.child_mut("p:txBody") {
                    text::fill_body(body, &lookup, &self.colors);
                }
            }
        }
        let list = m.ensure_child("p:sldLayoutIdLst");
        list.children.clear();
        for (id, rid) in layout_rids {
            list.children.push(Node::El(
                Element::new("p:sldLayoutId").with_attr("id", id.to_string()).with_attr("r:id", rid.as_str()),
            ));
        }
        // p:sldLayoutIdLst must follow p:clrMap.
        let order =
            ["p:cSld", "p:clrMap", "p:sldLayoutIdLst", "p:transition", "p:timing", "p:hf", "p:txStyles", "p:extLst"];
        m.children.sort_by_key(|n| match n {
            Node::El(e) => order.iter().position(|o| *o == e.name).unwrap_or(order.len()),
            Node::Text(_) | Node::Raw(_) => order.len(),
        });
        m
    }

    /// A master layout, scaled for the slide size.
    pub fn master_layout(&self, ml: MasterLayout) -> Option<Element> {
        let mut l = self.layouts.master_layouts.get(&ml)?.clone();
        if self.size == SlideSize::Standard {
            geom::scale_x(&mut l, 0.75);
        }
        Some(l)
    }
}

/// Fills the text of a shape or group. Returns (had tokens, has text left).
fn fill_shape(el: &mut Element, lookup: &dyn Fn(&str) -> Option<Rich>, colors: &ColorCtx) -> (bool, bool) {
    if el.name == "p:grpSp" {
        let mut had = false;
        let mut has = false;
        for child in el.elements_mut().filter(|c| is_shape(c)) {
            let (h, t) = fill_shape(child, lookup, colors);
            if h {
                had = true;
                has |= t;
            }
        }
        return (had, has);
    }
    match el.child_mut("p:txBody") {
        Some(body) => {
            let f = text::fill_body(body, lookup, colors);
            (f.had_tokens, f.has_text)
        }
        None => (false, true),
    }
}

/// Fits the text of every text shape in `el` (a shape or a group).
fn fit_all(el: &mut Element, warnings: &mut Vec<crate::warning::Warning>, slide: &Slide, grow: text::Grow) {
    if el.name == "p:grpSp" {
        for child in el.elements_mut().filter(|c| is_shape(c)) {
            fit_all(child, warnings, slide, grow);
        }
        return;
    }
    if el.name != "p:sp" || el.child("p:txBody").is_none() {
        return;
    }
    let ph = el.path(&["p:nvSpPr", "p:nvPr", "p:ph"]).and_then(|p| p.attr("type")).map(|t| t.to_string());
    let min = match ph.as_deref() {
        Some(t) if t.contains("itle") => fit::MIN_TITLE_PT,
        // A master's small print (footer, date, slide number) is not body text.
        Some("ftr" | "dt" | "sldNum") => fit::MIN_FOOTER_PT,
        _ => fit::MIN_BODY_PT,
    };
    if let Some(w) = text::fit_shape_grow(el, min, grow) {
        warnings.push(on_slide(w, slide));
    }
}

/// Fits repeated items (cards side by side) so that they read alike: each
/// text shape may grow into its box, but the same shape of every item ends
/// at the size of the smallest (a card with more text does not sit in
/// smaller type beside its neighbours).
fn fit_alike(items: Vec<Element>, warnings: &mut Vec<crate::warning::Warning>, slide: &Slide) -> Vec<Element> {
    let mut first = Vec::new();
    let grown: Vec<Element> = items
        .iter()
        .map(|el| {
            let mut el = el.clone();
            fit_all(&mut el, &mut first, slide, text::Grow::InPlace);
            el
        })
        .collect();
    let sizes: Vec<Vec<Option<f64>>> = grown.iter().map(|el| text_shapes(el).map(text::body_size).collect()).collect();
    let least: Vec<Option<f64>> = (0..sizes.iter().map(Vec::len).max().unwrap_or(0))
        .map(|k| sizes.iter().filter_map(|s| s.get(k).copied().flatten()).reduce(f64::min))
        .collect();
    let alike = |s: &[Option<f64>]| s.iter().zip(&least).all(|(a, b)| a.zip(*b).is_none_or(|(a, b)| a <= b + 0.01));
    if sizes.iter().all(|s| alike(s)) {
        warnings.extend(first);
        return grown;
    }
    let mut out = Vec::new();
    for (mut el, (done, s)) in items.into_iter().zip(grown.into_iter().zip(&sizes)) {
        if alike(s) {
            out.push(done);
            continue;
        }
        for ((shape, want), had) in text_shapes_mut(&mut el).zip(&least).zip(s) {
            if had.zip(*want).is_none_or(|(h, w)| h <= w + 0.01) {
                continue;
            }
            text::scale_text(shape, 1.0);
            if let (Some(base), Some(want)) = (text::body_size(shape), want) {
                text::scale_text(shape, (want / base).min(1.3));
            }
        }
        fit_all(&mut el, warnings, slide, text::Grow::SpreadOnly);
        out.push(el);
    }
    warnings.extend(first);
    out
}

/// The text shapes of a shape or a group, in order.
fn text_shapes(el: &Element) -> Box<dyn Iterator<Item = &Element> + '_> {
    if el.name == "p:grpSp" {
        Box::new(el.elements().filter(|c| is_shape(c)).flat_map(text_shapes))
    } else if el.name == "p:sp" && el.child("p:txBody").is_some() {
        Box::new(std::iter::once(el))
    } else {
        Box::new(std::iter::empty())
    }
}

fn text_shapes_mut(el: &mut Element) -> Box<dyn Iterator<Item = &mut Element> + '_> {
    if el.name == "p:grpSp" {
        Box::new(el.elements_mut().filter(|c| is_shape(c)).flat_map(text_shapes_mut))
    } else if el.name == "p:sp" && el.child("p:txBody").is_some() {
        Box::new(std::iter::once(el))
    } else {
        Box::new(std::iter::empty())
    }
}

/// A warning about `slide`, placed where the spec gives it.
fn on_slide(message: String, slide: &Slide) -> crate::warning::Warning {
    crate::warning::Warning::new(message).at(slide.origin.clone()).slide(slide.spec_index)
}

/// Gives the space of a removed shape to the nearest growable neighbour above or below it.
fn reflow(kept: &mut [Item], growable: &[bool], gone: Rect) {
    let overlap = |a: Rect, b: Rect| (a.right().min(b.right()) - a.x.max(b.x)).max(0);
    let mut best: Option<(usize, i64, bool)> = None;
    for (i, item) in kept.iter().enumerate() {
        if !growable[i] {
            continue;
        }
        let r = match item {
            Item::Keep(el) => match geom::rect(el) {
                Some(r) => r,
                None => continue,
            },
            Item::Slot { rect, .. } | Item::Repeat { rect, .. } | Item::Timeline { rect } => *rect,
        };
        if overlap(r, gone) * 10 < gone.w.min(r.w) * 6 {
            continue;
        }
        let below_gap = gone.y - r.bottom(); // r is above the removed shape
        let above_gap = r.y - gone.bottom(); // r is below it
        for (gap, down) in [(below_gap, true), (above_gap, false)] {
            if (0..=REFLOW_GAP).contains(&gap) && best.is_none_or(|(_, g, _)| gap < g) {
                best = Some((i, gap, down));
            }
        }
    }
    let Some((i, _, down)) = best else { return };
    let grow = |r: &mut Rect| {
        if down {
            r.h = gone.bottom() - r.y;
        } else {
            r.h = r.bottom() - gone.y;
            r.y = gone.y;
        }
    };
    match &mut kept[i] {
        Item::Keep(el) => {
            if let Some(mut r) = geom::rect(el) {
                grow(&mut r);
                geom::set_rect(el, r);
            }
        }
        Item::Slot { rect, .. } | Item::Repeat { rect, .. } | Item::Timeline { rect } => grow(rect),
    }
}

/// An element with attributes, built in code.
pub(super) fn el(name: &str, attrs: &[(&str, String)]) -> Element {
    attrs.iter().fold(Element::new(name), |e, (k, v)| e.with_attr(k, v.as_str()))
}

/// `a:xfrm`/`p:xfrm` of a rectangle.
pub(super) fn xfrm(name: &str, r: Rect) -> Element {
    el(name, &[])
        .with_child(el("a:off", &[("x", r.x.to_string()), ("y", r.y.to_string())]))
        .with_child(el("a:ext", &[("cx", r.w.to_string()), ("cy", r.h.to_string())]))
}

/// The graphic frame that shows a chart part (the namespaces other than
/// `c:` are declared on the slide root).
fn chart_frame(name: &str, r: Rect, rid: &str) -> Element {
    let nv = el("p:nvGraphicFramePr", &[])
        .with_child(el("p:cNvPr", &[("id", "0".into()), ("name", name.into())]))
        .with_child(el("p:cNvGraphicFramePr", &[]).with_child(el("a:graphicFrameLocks", &[("noGrp", "1".into())])))
        .with_child(el("p:nvPr", &[]));
    let chart = el("c:chart", &[("xmlns:c", crate::ns::C.into()), ("r:id", rid.into())]);
    let graphic = el("a:graphic", &[]).with_child(
        el("a:graphicData", &[("uri", "http://schemas.openxmlformats.org/drawingml/2006/chart".into())])
            .with_child(chart),
    );
    el("p:graphicFrame", &[]).with_child(nv).with_child(xfrm("p:xfrm", r)).with_child(graphic)
}

/// The text in the middle of a doughnut: a text box over the hole, sized to fit it.
fn center_label(c: &Chart, frame: Rect, text: &str) -> Element {
    let (px, py, pw, ph) = crate::chart::doughnut_plot(c);
    let (w, h) = (frame.w as f64 * pw, frame.h as f64 * ph);
    let d = w.min(h) * f64::from(c.hole.clamp(10, 90)) / 100.0 * 0.8;
    let cx = frame.x as f64 + frame.w as f64 * px + w / 2.0;
    let cy = frame.y as f64 + frame.h as f64 * py + h / 2.0;
    let r = Rect { x: (cx - d / 2.0) as i64, y: (cy - d / 2.0) as i64, w: d as i64, h: d as i64 };
    let nv = el("p:nvSpPr", &[])
        .with_child(el("p:cNvPr", &[("id", "0".into()), ("name", "Doughnut Centre".into())]))
        .with_child(el("p:cNvSpPr", &[("txBox", "1".into())]))
        .with_child(el("p:nvPr", &[]));
    let sp_pr = el("p:spPr", &[])
        .with_child(xfrm("a:xfrm", r))
        .with_child(el("a:prstGeom", &[("prst", "rect".into())]).with_child(el("a:avLst", &[])))
        .with_child(el("a:noFill", &[]));
    let insets = ["lIns", "tIns", "rIns", "bIns"].map(|k| (k, "0".to_string()));
    let body_pr =
        el("a:bodyPr", &[&[("wrap", "square".to_string())][..], &insets, &[("anchor", "ctr".into())]].concat())
            .with_child(el("a:noAutofit", &[]));
    let r_pr = el("a:rPr", &[("lang", "zh-CN".into()), ("sz", "2000".into()), ("b", "1".into())])
        .with_child(el("a:solidFill", &[]).with_child(el("a:schemeClr", &[("val", "tx2".into())])))
        .with_child(el("a:latin", &[("typeface", "+mn-lt".into())]))
        .with_child(el("a:ea", &[("typeface", "+mn-ea".into())]));
    let para = el("a:p", &[])
        .with_child(el("a:pPr", &[("algn", "ctr".into())]))
        .with_child(el("a:r", &[]).with_child(r_pr).with_child(el("a:t", &[]).with_text(text)));
    let body = el("p:txBody", &[]).with_child(body_pr).with_child(el("a:lstStyle", &[])).with_child(para);
    let mut el = el("p:sp", &[]).with_child(nv).with_child(sp_pr).with_child(body);
    let _ = text::fit_shape(&mut el, fit::MIN_BODY_PT);
    el
}

/// Gives every shape a unique id, in document order (1 is the shape tree itself).
fn renumber(tree: &mut Element) {
    let mut next = 2u32;
    for el in tree.elements_mut() {
        if is_shape(el) {
            el.walk_mut(&mut |e| {
                if e.name == "p:cNvPr" {
                    e.set_attr("id", next.to_string());
                    next += 1;
                }
            });
        }
    }
}

fn title_text(tree: &Element) -> String {
    let mut title = String::new();
    tree.walk(&mut |e| {
        if title.is_empty()
            && e.name == "p:sp"
            && e.path(&["p:nvSpPr", "p:nvPr", "p:ph"])
                .and_then(|p| p.attr("type"))
                .is_some_and(|t| t == "title" || t == "ctrTitle")
        {
            title = e.child("p:txBody").map(|b| b.text()).unwrap_or_default();
        }
    });
    title
}

/// Points from EMU.
pub fn pt(emu: i64) -> f64 {
    emu as f64 / EMU_PT
}
