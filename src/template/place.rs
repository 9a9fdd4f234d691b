//! deckgen's layouts in a company template's frame, and the template's own
//! layouts as deckgen layouts.
//!
//! A content layout of deckgen (title above, content below) keeps its
//! arrangement: its title goes where the template puts titles, in the
//! template's title style, and everything below it is mapped into the
//! template's content area (positions and sizes scaled, text fitted again
//! when the slide is rendered). Decoration that lay outside deckgen's own
//! content area (the contents page's side panel) is left out: the
//! template's master draws the frame now. The cover, section and closing
//! slides are the template's own title and section layouts with deckgen's
//! texts in their placeholders.

use super::{Design, Layout, Ph};
use crate::color::FILLS;
use crate::error::{Error, Result};
use crate::layout::dom::{Element, Node};
use crate::layout::{LayoutSet, Template, shape_name};
use crate::slides::geom::{self, Rect};
use crate::spec::{Locator, SlideSpec, Spec};
use crate::xml::XmlWriter;
use std::sync::Arc;

/// Where deckgen's layouts put their content (below the title, above the
/// footer), in EMU on the 16:9 slide they are drawn for.
pub const CONTENT: Rect = Rect { x: 457_200, y: 1_143_000, w: 11_274_552, h: 4_846_320 };

/// A spec names a template layout with one of these prefixes: `模板:标题和内容`.
pub const PREFIXES: &[&str] = &["模板:", "模板：", "template:"];

/// The template layout name in a spec's `layout:`, if it names one.
pub fn template_layout_name(layout: &str) -> Option<&str> {
    PREFIXES.iter().find_map(|p| layout.strip_prefix(p)).map(str::trim)
}

/// Puts the layouts of `set` into `design`'s frame and registers the
/// template layouts the spec's slides name. The spec's `layout:` of such a
/// slide is rewritten to the name of the layout made for it. Returns the
/// design, for the package to be dressed in.
pub fn apply(set: &mut LayoutSet, mut design: Design, spec: &mut Spec, loc: &Locator) -> Result<Arc<Design>> {
    let content = design.content_layout().cloned();
    let title_ph = design.title_ph().cloned();
    let body = design.body_rect();
    let full = Rect { x: 0, y: 0, w: design.size.0, h: design.size.1 };
    let names: Vec<String> = set.templates.keys().cloned().collect();
    let origin = format!("{} (template)", design.file);
    for name in names {
        let Some(t) = set.templates.get(&name) else { continue };
        let special = match name.as_str() {
            "cover" | "closing" => design.cover_layout(),
            "section" => design.section_layout(),
            _ => None,
        }
        .cloned();
        let (xml, part) = match (special, &content) {
            (Some(l), _) => (opening(&name, &l), l.part.clone()),
            (None, Some(c)) if t.master != crate::layout::MasterLayout::Title => {
                (in_frame(&t.root, title_ph.as_ref(), body, c), c.part.clone())
            }
            (None, c) => {
                // A cover with no title layout to sit on: drawn as deckgen draws it, scaled to the slide.
                let mut root = t.root.clone();
                map_geometry(&mut root, Rect { x: 0, y: 0, w: 12_192_000, h: 6_858_000 }, full);
                let part = c.as_ref().map(|c| c.part.clone()).unwrap_or_default();
                (root.to_part(), part)
            }
        };
        let about = t.about.clone();
        let t = Template::from_xml(&name, &about, &xml, &origin)?;
        set.templates.insert(name.clone(), t);
        design.placed.insert(name, part);
    }
    // The template's own layouts, as the slides name them.
    let table_proto = set
        .templates
        .get("table")
        .and_then(|t| t.root.path(&["p:cSld", "p:spTree"]))
        .and_then(|tree| tree.elements().find(|e| shape_name(e) == Some("table")))
        .cloned()
        .unwrap_or_else(|| Element::new("p:graphicFrame"));
    let mut errors = Vec::new();
    for (i, s) in spec.slides.iter_mut().enumerate() {
        let Some(wanted) = template_layout_name(&s.layout) else { continue };
        let Some(l) = design.find_layout(wanted).cloned() else {
            let names = design.layout_names();
            errors.push(
                Error::usage(format!("the template has no layout `{wanted}`"))
                    .at(loc.at(&format!("slides[{i}].layout")))
                    .suggest(wanted, names.iter().map(String::as_str))
                    .hint(format!("layouts in {}: {}", design.file, names.join(", "))),
            );
            continue;
        };
        let (variant, xml) = own_layout(&l, s, &table_proto, body);
        let variant = if variant.is_empty() { s.layout.clone() } else { format!("{} [{variant}]", s.layout) };
        if !set.templates.contains_key(&variant) {
            let t = Template::from_xml(&variant, &format!("the template's layout `{}`", l.name), &xml, &origin)?;
            set.templates.insert(variant.clone(), t);
            design.placed.insert(variant.clone(), l.part.clone());
        }
        s.layout = variant;
    }
    if let Some(e) = Error::many(errors) {
        return Err(e);
    }
    Ok(Arc::new(design))
}

/// Maps every position and size under `el` from the rectangle `from` to `to`.
pub fn map_geometry(el: &mut Element, from: Rect, to: Rect) {
    let sx = to.w as f64 / from.w.max(1) as f64;
    let sy = to.h as f64 / from.h.max(1) as f64;
    let num = |e: &Element, k: &str| e.attr(k).and_then(|v| v.parse::<i64>().ok());
    el.walk_mut(&mut |e| match e.name.as_str() {
        "a:off" | "a:chOff" => {
            if let (Some(x), Some(y)) = (num(e, "x"), num(e, "y")) {
                e.set_attr("x", (to.x + ((x - from.x) as f64 * sx).round() as i64).to_string());
                e.set_attr("y", (to.y + ((y - from.y) as f64 * sy).round() as i64).to_string());
            }
        }
        "a:ext" | "a:chExt" => {
            if let (Some(cx), Some(cy)) = (num(e, "cx"), num(e, "cy")) {
                e.set_attr("cx", ((cx as f64 * sx).round() as i64).to_string());
                e.set_attr("cy", ((cy as f64 * sy).round() as i64).to_string());
            }
        }
        "a:gridCol" => {
            if let Some(w) = num(e, "w") {
                e.set_attr("w", ((w as f64 * sx).round() as i64).to_string());
            }
        }
        "a:tr" => {
            if let Some(h) = num(e, "h") {
                e.set_attr("h", ((h as f64 * sy).round() as i64).to_string());
            }
        }
        _ => {}
    });
}

fn is_shape(e: &Element) -> bool {
    matches!(e.name.as_str(), "p:sp" | "p:grpSp" | "p:graphicFrame" | "p:pic" | "p:cxnSp")
}

fn is_title_shape(e: &Element) -> bool {
    super::ph_of(e).and_then(|p| p.attr("type")).is_some_and(|t| t == "title" || t == "ctrTitle")
}

/// Shapes the engine fills: they stay whatever their position.
fn is_slot(name: &str) -> bool {
    name.starts_with("chart")
        || matches!(name, "table" | "picture" | "logo" | "conclusion")
        || name.ends_with(".area")
        || name.ends_with(".item")
        || name.starts_with("timeline.")
}

fn within(inner: Rect, outer: Rect) -> bool {
    const SLACK: i64 = 91_440;
    inner.x >= outer.x - SLACK
        && inner.y >= outer.y - SLACK
        && inner.right() <= outer.right() + SLACK
        && inner.bottom() <= outer.bottom() + SLACK
}

fn overlaps(a: Rect, b: Rect) -> bool {
    a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
}

/// A deckgen content layout in the template's frame.
fn in_frame(root: &Element, title: Option<&Ph>, body: Rect, layout: &Layout) -> String {
    let mut root = root.clone();
    // The template's master shows through: its background, logo and frame.
    root.remove_attr("showMasterSp");
    let mut removed: Vec<Rect> = Vec::new();
    if let Some(c) = root.child_mut("p:cSld") {
        let before = c.children.len();
        c.children.retain(|n| !matches!(n, Node::El(e) if e.name == "p:bg"));
        if c.children.len() != before {
            removed.push(Rect { x: -1_000_000_000, y: -1_000_000_000, w: 2_000_000_000, h: 2_000_000_000 });
        }
    }
    let Some(tree) = root.path_mut(&["p:cSld", "p:spTree"]) else {
        return root.to_part();
    };
    let mut kept: Vec<(Node, Option<Rect>)> = Vec::new();
    for node in std::mem::take(&mut tree.children) {
        let Node::El(mut el) = node else {
            kept.push((node, None));
            continue;
        };
        if !is_shape(&el) {
            kept.push((Node::El(el), None));
            continue;
        }
        let was = geom::rect(&el);
        let name = shape_name(&el).unwrap_or("").to_string();
        if is_title_shape(&el) {
            match title {
                Some(ph) => restyle_title(&mut el, ph),
                None => map_geometry(&mut el, CONTENT, body),
            }
        } else if !is_slot(&name) && !el.text().contains("{{") && was.is_some_and(|r| !within(r, CONTENT)) {
            removed.extend(was);
            continue;
        } else {
            map_geometry(&mut el, CONTENT, body);
        }
        kept.push((Node::El(el), was));
    }
    // Light text that sat on a panel left out would vanish on the template's background.
    for (node, was) in &mut kept {
        if let (Node::El(el), Some(r)) = (node, was)
            && removed.iter().any(|g| overlaps(*g, *r))
            && !has_fill(el)
        {
            darken_light_text(el);
        }
    }
    tree.children = kept.into_iter().map(|(n, _)| n).collect();
    for sh in footers(layout) {
        tree.children.push(Node::El(sh));
    }
    root.to_part()
}

fn has_fill(el: &Element) -> bool {
    el.child("p:spPr").is_some_and(|p| p.elements().any(|e| FILLS.contains(&e.name.as_str()) && e.name != "a:noFill"))
}

/// Text in the background colour (`bg1`/`lt1`) becomes the text colour.
fn darken_light_text(el: &mut Element) {
    el.walk_mut(&mut |e| {
        if e.name == "a:schemeClr" && matches!(e.attr("val"), Some("bg1" | "lt1")) {
            e.set_attr("val", "tx1");
        }
    });
}

/// The title where the template puts titles, in the template's title style
/// (its size, colour and heading font); deckgen fits the text into it.
fn restyle_title(el: &mut Element, ph: &Ph) {
    if let Some(r) = ph.rect {
        geom::set_rect(el, r);
    }
    let Some(body) = el.child_mut("p:txBody") else { return };
    if let Some(b) = body.child_mut("a:bodyPr") {
        *b = Element::new("a:bodyPr");
    }
    body.walk_mut(&mut |e| {
        if e.name == "a:rPr" || e.name == "a:endParaRPr" {
            e.remove_attr("b");
            e.set_attr("sz", ph.size.to_string());
            e.children.retain(|n| !matches!(n, Node::El(c) if FILLS.contains(&c.name.as_str())));
            for (font, face) in [("a:latin", "+mj-lt"), ("a:ea", "+mj-ea")] {
                match e.child_mut(font) {
                    Some(f) => f.set_attr("typeface", face),
                    None => e.children.push(Node::El(Element::new(font).with_attr("typeface", face))),
                }
            }
        }
    });
}

/// The footer and slide number placeholders of a template layout, filled
/// with the deck's footer and the slide number.
fn footers(layout: &Layout) -> Vec<Element> {
    let mut out = Vec::new();
    for ph in layout.phs.iter().filter(|p| p.kind == "ftr" || p.kind == "sldNum") {
        let mut w = XmlWriter::fragment();
        w.raw(&format!("<p:sp xmlns:a=\"{}\" xmlns:p=\"{}\">", crate::ns::A, crate::ns::P));
        nv_ph(&mut w, ph);
        // Placed and sized as the layout has it, so that the text is fitted into it.
        w.open("p:spPr", &[]);
        if let Some(r) = ph.rect {
            xfrm(&mut w, r);
        }
        w.close("p:spPr");
        w.raw("<p:txBody><a:bodyPr/><a:lstStyle/>");
        if ph.kind == "ftr" {
            w.raw(&format!(
                "<a:p><a:r><a:rPr lang=\"zh-CN\" altLang=\"en-US\" sz=\"{}\"/><a:t>{{{{deck.footer}}}}</a:t></a:r></a:p>",
                ph.size
            ));
        } else {
            w.raw("<a:p><a:fld id=\"{5C3A8F2E-1B6D-4E7A-9C21-7D0B3E9A4F10}\" type=\"slidenum\"><a:rPr lang=\"en-US\"/><a:t>‹#›</a:t></a:fld><a:endParaRPr lang=\"en-US\"/></a:p>");
        }
        w.raw("</p:txBody></p:sp>");
        if let Ok(mut el) = crate::layout::dom::parse(&w.buf) {
            el.attrs.clear();
            out.push(el);
        }
    }
    out
}

/// `p:nvSpPr` of a placeholder shape.
fn nv_ph(w: &mut XmlWriter, ph: &Ph) {
    w.open("p:nvSpPr", &[]);
    let name = if ph.name.is_empty() { ph.kind.clone() } else { ph.name.clone() };
    w.empty("p:cNvPr", &[("id", "0".into()), ("name", (&name).into())]);
    w.raw("<p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr>");
    w.open("p:nvPr", &[]);
    let mut attrs: Vec<(&str, crate::xml::Val)> = Vec::new();
    if ph.kind != "obj" {
        attrs.push(("type", ph.kind.as_str().into()));
    }
    if let Some(i) = &ph.idx {
        attrs.push(("idx", i.as_str().into()));
    }
    w.empty("p:ph", &attrs);
    w.close("p:nvPr");
    w.close("p:nvSpPr");
}

fn xfrm(w: &mut XmlWriter, r: Rect) {
    w.open("a:xfrm", &[]);
    w.empty("a:off", &[("x", r.x.into()), ("y", r.y.into())]);
    w.empty("a:ext", &[("cx", r.w.into()), ("cy", r.h.into())]);
    w.close("a:xfrm");
}

/// A text placeholder holding one paragraph per template string.
fn text_ph(w: &mut XmlWriter, ph: &Ph, rect: Rect, paras: &[String]) {
    w.open("p:sp", &[]);
    nv_ph(w, ph);
    w.open("p:spPr", &[]);
    xfrm(w, rect);
    w.close("p:spPr");
    w.raw("<p:txBody><a:bodyPr/><a:lstStyle/>");
    let heading = ph.is_title();
    for p in paras {
        w.raw("<a:p>");
        if let Some(a) = &ph.align {
            w.empty("a:pPr", &[("algn", a.as_str().into())]);
        }
        w.open("a:r", &[]);
        w.open("a:rPr", &[("lang", "zh-CN".into()), ("altLang", "en-US".into()), ("sz", ph.size.into())]);
        if let Some(f) = &ph.fill {
            f.write(&mut w.buf);
        }
        if heading {
            w.raw("<a:latin typeface=\"+mj-lt\"/><a:ea typeface=\"+mj-ea\"/>");
        }
        w.close("a:rPr");
        w.leaf("a:t", &[], p);
        w.close("a:r");
        w.raw("</a:p>");
    }
    w.raw("</p:txBody></p:sp>");
}

/// A text box (not a placeholder) holding one paragraph per template string.
fn text_box(w: &mut XmlWriter, ph: &Ph, rect: Rect, paras: &[String]) {
    let mut inner = XmlWriter::fragment();
    text_ph(&mut inner, ph, rect, paras);
    // The same shape, as a text box: no placeholder to inherit from.
    let xml = inner
        .buf
        .replacen("<p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr>", "<p:cNvSpPr txBox=\"1\"/>", 1)
        .replacen("<p:nvPr><p:ph/></p:nvPr>", "<p:nvPr/>", 1);
    w.raw(&xml);
}

/// An empty box named after a slot (a chart or picture goes there).
fn slot_box(w: &mut XmlWriter, name: &str, rect: Rect) {
    w.open("p:sp", &[]);
    w.open("p:nvSpPr", &[]);
    w.empty("p:cNvPr", &[("id", "0".into()), ("name", name.into())]);
    w.raw("<p:cNvSpPr/><p:nvPr/>");
    w.close("p:nvSpPr");
    w.open("p:spPr", &[]);
    xfrm(w, rect);
    w.close("p:spPr");
    w.close("p:sp");
}

fn slide_xml(shapes: &str, footers: &[Element]) -> String {
    let mut s = String::with_capacity(shapes.len() + 1024);
    s.push_str(crate::xml::DECL);
    s.push_str(&format!("<p:sld{}>", crate::ns::PML_DECLS));
    s.push_str("<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/><a:chOff x=\"0\" y=\"0\"/><a:chExt cx=\"0\" cy=\"0\"/></a:xfrm></p:grpSpPr>");
    s.push_str(shapes);
    for f in footers {
        f.write(&mut s);
    }
    s.push_str("</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>");
    s
}

/// The cover, a section divider or the closing slide on a template layout.
fn opening(which: &str, l: &Layout) -> String {
    let title: Vec<String> = match which {
        "cover" => vec!["{{title ? deck.title}}".into()],
        "section" => vec!["{{number}}  {{title}}".into()],
        _ => vec!["{{title}}".into()],
    };
    let sub: Vec<String> = match which {
        "cover" => vec![
            "{{subtitle ? deck.subtitle}}".into(),
            "{{company ? deck.company}}".into(),
            "汇报人：{{author ? deck.author}}　{{date ? deck.date}}".into(),
        ],
        "section" => vec!["{{subtitle}}".into()],
        _ => vec!["{{subtitle}}".into(), "{{author ? deck.author}}　{{date ? deck.date}}".into()],
    };
    let mut w = XmlWriter::fragment();
    let mut subs = l.phs.iter().filter(|p| !p.is_title() && !p.is_footer() && p.kind != "pic");
    let title_ph = l.ph(Ph::is_title);
    if let Some(t) = title_ph {
        text_ph(&mut w, t, t.rect.unwrap_or_default(), &title);
    }
    match (subs.next(), title_ph.and_then(|t| t.rect)) {
        (Some(s), _) => text_ph(&mut w, s, s.rect.unwrap_or_default(), &sub),
        // No subtitle placeholder: the lines go in a box under the title.
        (None, Some(t)) => {
            let align = title_ph.and_then(|t| t.align.clone());
            let ph = Ph {
                kind: "obj".into(),
                idx: None,
                name: "Subtitle".into(),
                rect: None,
                size: 1800,
                align,
                fill: None,
            };
            let rect = Rect { x: t.x, y: t.bottom(), w: t.w, h: t.h.max(914_400) };
            text_box(&mut w, &ph, rect, &sub);
        }
        (None, None) => {}
    }
    let foot: Vec<Element> = if which == "section" { footers(l) } else { vec![] };
    slide_xml(&w.buf, &foot)
}

/// A template layout as a deckgen layout for one slide: its placeholders
/// become the slots the slide gives (`title`, `subtitle`, charts, a table,
/// a picture, then text: `text`, `text2`…). Returns the kinds that went
/// into content placeholders (for the layout's name) and the XML.
fn own_layout(l: &Layout, s: &SlideSpec, table_proto: &Element, body: Rect) -> (String, String) {
    let charts = usize::from(s.chart.is_some()) + s.charts.as_ref().map(Vec::len).unwrap_or(0);
    let mut table = s.table.is_some();
    let mut image = s.image.is_some();
    let mut placed_charts = 0;
    let chart_name = |k: usize| if charts == 1 { "chart".to_string() } else { format!("chart{}", k + 1) };
    let mut kinds: Vec<&str> = Vec::new();
    let mut w = XmlWriter::fragment();
    let mut texts = 0;
    let mut has_title = false;
    let mut has_sub = false;
    // Placeholders meant for one kind of content take it first.
    let mut used = vec![false; l.phs.len()];
    for (i, ph) in l.phs.iter().enumerate() {
        let rect = ph.rect.unwrap_or(body);
        match ph.kind.as_str() {
            "chart" if placed_charts < charts => {
                slot_box(&mut w, &chart_name(placed_charts), rect);
                placed_charts += 1;
                used[i] = true;
            }
            "tbl" if table => {
                table_slot(&mut w, table_proto, rect);
                table = false;
                used[i] = true;
            }
            "pic" if image => {
                slot_box(&mut w, "picture", rect);
                image = false;
                used[i] = true;
            }
            _ => {}
        }
    }
    for (i, ph) in l.phs.iter().enumerate() {
        if used[i] || ph.is_footer() {
            continue;
        }
        let rect = ph.rect.unwrap_or(body);
        match ph.kind.as_str() {
            _ if ph.is_title() => {
                if !has_title {
                    text_ph(&mut w, ph, rect, &["{{title}}".into()]);
                    has_title = true;
                }
            }
            "subTitle" if !has_sub => {
                text_ph(&mut w, ph, rect, &["{{subtitle}}".into()]);
                has_sub = true;
            }
            "chart" | "tbl" | "pic" | "sldImg" => {}
            _ => {
                if placed_charts < charts {
                    slot_box(&mut w, &chart_name(placed_charts), rect);
                    placed_charts += 1;
                    kinds.push("chart");
                } else if table {
                    table_slot(&mut w, table_proto, rect);
                    table = false;
                    kinds.push("table");
                } else if image {
                    slot_box(&mut w, "picture", rect);
                    image = false;
                    kinds.push("picture");
                } else {
                    texts += 1;
                    let slot = if texts == 1 { "{{text}}".to_string() } else { format!("{{{{text{texts}}}}}") };
                    text_ph(&mut w, ph, rect, &[slot]);
                }
            }
        }
    }
    kinds.dedup();
    (kinds.join(", "), slide_xml(&w.buf, &footers(l)))
}

fn table_slot(w: &mut XmlWriter, proto: &Element, rect: Rect) {
    let mut t = proto.clone();
    geom::set_rect(&mut t, rect);
    t.write(&mut w.buf);
}
