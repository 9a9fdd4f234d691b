//! Filling `{{token}}` text slots of a template shape with resolved text,
//! keeping the template's run formatting, and fitting the result to the box.

use super::geom;
use crate::color::ColorCtx;
use crate::fit::{self, ParaToFit, RunToFit};
use crate::layout::dom::{Element, Node};
use crate::layout::tokens_in;
use crate::model::{ColorRef, Para, Rich, Run};

/// Children of `a:rPr` in schema order (CT_TextCharacterProperties).
const RPR_ORDER: &[&str] = &[
    "a:ln",
    "a:noFill",
    "a:solidFill",
    "a:gradFill",
    "a:blipFill",
    "a:pattFill",
    "a:grpFill",
    "a:effectLst",
    "a:effectDag",
    "a:highlight",
    "a:uLnTx",
    "a:uLn",
    "a:uFillTx",
    "a:uFill",
    "a:latin",
    "a:ea",
    "a:cs",
    "a:sym",
    "a:hlinkClick",
    "a:hlinkMouseOver",
    "a:rtl",
    "a:extLst",
];

/// Children of `a:pPr` in schema order (CT_TextParagraphProperties).
const PPR_ORDER: &[&str] = &[
    "a:lnSpc",
    "a:spcBef",
    "a:spcAft",
    "a:buClrTx",
    "a:buClr",
    "a:buSzTx",
    "a:buSzPct",
    "a:buSzPts",
    "a:buFontTx",
    "a:buFont",
    "a:buNone",
    "a:buAutoNum",
    "a:buChar",
    "a:buBlip",
    "a:tabLst",
    "a:defRPr",
    "a:extLst",
];

fn sort_children(el: &mut Element, order: &[&str]) {
    let rank = |n: &Node| match n {
        Node::El(e) => order.iter().position(|o| *o == e.name).unwrap_or(order.len()),
        Node::Text(_) | Node::Raw(_) => order.len(),
    };
    el.children.sort_by_key(rank);
}

/// Makes a run's properties name both the Latin and the East Asian font (the
/// theme's, unless set) and puts the children in schema order.
pub fn normalize_rpr(rpr: &mut Element) {
    if rpr.child("a:latin").is_none() {
        rpr.children.push(Node::El(Element::new("a:latin").with_attr("typeface", "+mn-lt")));
    }
    if rpr.child("a:ea").is_none() {
        rpr.children.push(Node::El(Element::new("a:ea").with_attr("typeface", "+mn-ea")));
    }
    if rpr.attr("lang").is_none() {
        rpr.set_attr("lang", "zh-CN");
    }
    sort_children(rpr, RPR_ORDER);
}

/// Sets the text colour of a run.
pub fn set_color(rpr: &mut Element, color: &ColorRef, colors: &ColorCtx) {
    crate::color::replace_fill(rpr, colors.solid_fill(color), &RPR_ORDER[7..]);
}

fn make_run(proto_rpr: &Element, run: &Run, colors: &ColorCtx) -> Element {
    let mut rpr = proto_rpr.clone();
    rpr.name = "a:rPr".into();
    if run.bold {
        rpr.set_attr("b", "1");
    }
    if let Some(c) = &run.color {
        set_color(&mut rpr, c, colors);
    }
    normalize_rpr(&mut rpr);
    let mut t = Element::new("a:t");
    t.children.push(Node::Text(crate::xml::clean(&run.text).into_owned()));
    let mut r = Element::new("a:r");
    r.children.push(Node::El(rpr));
    r.children.push(Node::El(t));
    r
}

fn set_bullet(ppr: &mut Element, bullet: bool, level: u8) {
    if level > 0 {
        ppr.set_attr("lvl", level.min(8).to_string());
    } else {
        ppr.remove_attr("lvl");
    }
    let bu = ["a:buNone", "a:buAutoNum", "a:buChar", "a:buBlip"];
    if !bullet {
        ppr.children.retain(|n| !matches!(n, Node::El(e) if bu.contains(&e.name.as_str())));
        ppr.children.push(Node::El(Element::new("a:buNone")));
        ppr.set_attr("marL", "0");
        ppr.set_attr("indent", "0");
    } else {
        ppr.children.retain(|n| !matches!(n, Node::El(e) if e.name == "a:buNone"));
    }
    sort_children(ppr, PPR_ORDER);
}

/// What filling a shape's text found.
#[derive(Debug, Default, Clone, Copy)]
pub struct Filled {
    /// The shape had `{{tokens}}`.
    pub had_tokens: bool,
    /// Some text (filled or static) is left.
    pub has_text: bool,
}

fn run_proto(r: &Element) -> Element {
    r.child("a:rPr").cloned().unwrap_or_else(|| Element::new("a:rPr"))
}

/// Fills every `{{token}}` under `body` (an `a:txBody`/`p:txBody`) with
/// `lookup(token)`. A paragraph whose tokens are all empty is dropped.
pub fn fill_body(body: &mut Element, lookup: &dyn Fn(&str) -> Option<Rich>, colors: &ColorCtx) -> Filled {
    let mut out = Filled::default();
    let old = std::mem::take(&mut body.children);
    for node in old {
        let Node::El(p) = node else {
            body.children.push(node);
            continue;
        };
        if p.name != "a:p" {
            body.children.push(Node::El(p));
            continue;
        }
        let text = p.text();
        let toks = tokens_in(&text).unwrap_or_default();
        if toks.is_empty() {
            if !text.trim().is_empty() {
                out.has_text = true;
            }
            body.children.push(Node::El(p));
            continue;
        }
        out.had_tokens = true;
        let vals: Vec<Option<Rich>> = toks.iter().map(|t| lookup(t).filter(|v| !v.is_empty())).collect();
        if vals.iter().all(Option::is_none) {
            continue;
        }
        out.has_text = true;
        let whole = toks.len() == 1 && text.trim() == format!("{{{{{}}}}}", toks[0]);
        if whole {
            let value = vals.into_iter().next().flatten().unwrap_or_default();
            for para in expand(&p, &value, colors) {
                body.children.push(Node::El(para));
            }
        } else {
            body.children.push(Node::El(inline(&p, lookup, colors)));
        }
    }
    if !body.children.iter().any(|n| matches!(n, Node::El(e) if e.name == "a:p")) {
        let mut p = Element::new("a:p");
        p.children.push(Node::El(Element::new("a:endParaRPr").with_attr("lang", "zh-CN")));
        body.children.push(Node::El(p));
    }
    out
}

/// One paragraph per value paragraph, formatted like the template paragraph.
fn expand(proto: &Element, value: &Rich, colors: &ColorCtx) -> Vec<Element> {
    let proto_ppr = proto.child("a:pPr").cloned();
    let proto_rpr = proto.elements().find(|e| e.name == "a:r").map(run_proto).unwrap_or_else(|| Element::new("a:rPr"));
    let end = proto.child("a:endParaRPr").cloned();
    let template_bullets = proto_ppr.as_ref().is_none_or(|p| p.child("a:buNone").is_none());
    value
        .paras
        .iter()
        .map(|vp: &Para| {
            let mut p = Element::new("a:p");
            let mut ppr = proto_ppr.clone().unwrap_or_else(|| Element::new("a:pPr"));
            // A template without bullets keeps none; one with bullets shows them for bullet paragraphs.
            set_bullet(&mut ppr, vp.bullet && template_bullets, vp.level);
            p.children.push(Node::El(ppr));
            for r in &vp.runs {
                p.children.push(Node::El(make_run(&proto_rpr, r, colors)));
            }
            if vp.runs.is_empty() {
                p.children.push(Node::El(make_run(&proto_rpr, &Run::default(), colors)));
            }
            if let Some(e) = &end {
                p.children.push(Node::El(e.clone()));
            }
            p
        })
        .collect()
}

/// Substitutes tokens inside the runs of one paragraph.
fn inline(p: &Element, lookup: &dyn Fn(&str) -> Option<Rich>, colors: &ColorCtx) -> Element {
    let mut np = Element { name: p.name.clone(), attrs: p.attrs.clone(), children: vec![] };
    for node in &p.children {
        let Node::El(e) = node else { continue };
        if e.name != "a:r" {
            np.children.push(Node::El(e.clone()));
            continue;
        }
        let text = e.child("a:t").map(|t| t.text()).unwrap_or_default();
        if !text.contains("{{") {
            let mut r = e.clone();
            if let Some(rpr) = r.child_mut("a:rPr") {
                normalize_rpr(rpr);
            }
            np.children.push(Node::El(r));
            continue;
        }
        let rpr = run_proto(e);
        let mut rest = text.as_str();
        while let Some(i) = rest.find("{{") {
            if i > 0 {
                // The layout's own words around a token are typeset too (`汇报人:`).
                np.children.push(Node::El(make_run(
                    &rpr,
                    &Run { text: crate::typeset::text(&rest[..i]), ..Default::default() },
                    colors,
                )));
            }
            let after = &rest[i + 2..];
            let j = after.find("}}").unwrap_or(after.len());
            let tok = after[..j].trim();
            if let Some(v) = lookup(tok) {
                for (k, para) in v.paras.iter().enumerate() {
                    if k > 0 {
                        np.children.push(Node::El(make_run(
                            &rpr,
                            &Run { text: " ".into(), ..Default::default() },
                            colors,
                        )));
                    }
                    for r in &para.runs {
                        np.children.push(Node::El(make_run(&rpr, r, colors)));
                    }
                }
            }
            rest = after.get(j + 2..).unwrap_or("");
        }
        if !rest.is_empty() {
            let text = crate::typeset::text(rest);
            np.children.push(Node::El(make_run(&rpr, &Run { text, ..Default::default() }, colors)));
        }
    }
    // `a:endParaRPr` must come last.
    np.children.sort_by_key(|n| matches!(n, Node::El(e) if e.name == "a:endParaRPr"));
    let ppr_first = |n: &Node| !matches!(n, Node::El(e) if e.name == "a:pPr");
    np.children.sort_by_key(ppr_first);
    np
}

// ---- fitting ----

fn attr_i(e: Option<&Element>, k: &str) -> Option<i64> {
    e.and_then(|e| e.attr(k)).and_then(|v| v.parse().ok())
}

#[derive(Clone)]
struct LevelStyle {
    mar_l: f64,
    ln_spc: f64,
    spc_bef: f64,
    size: Option<f64>,
}

fn level_style(lst: Option<&Element>, ppr: Option<&Element>, level: usize) -> LevelStyle {
    let lvl = lst.and_then(|l| l.child(&format!("a:lvl{}pPr", level + 1)));
    let pick =
        |tag: &str| -> Option<&Element> { ppr.and_then(|p| p.child(tag)).or_else(|| lvl.and_then(|l| l.child(tag))) };
    let mar_l = attr_i(ppr, "marL").or_else(|| attr_i(lvl, "marL")).unwrap_or(0) as f64 / 12700.0;
    let ln_spc =
        pick("a:lnSpc").and_then(|l| attr_i(l.child("a:spcPct"), "val")).map(|v| v as f64 / 100_000.0).unwrap_or(1.0);
    let spc_bef =
        pick("a:spcBef").and_then(|l| attr_i(l.child("a:spcPts"), "val")).map(|v| v as f64 / 100.0).unwrap_or(0.0);
    let size = attr_i(lvl.and_then(|l| l.child("a:defRPr")), "sz").map(|v| v as f64 / 100.0);
    LevelStyle { mar_l, ln_spc, spc_bef, size }
}

/// One paragraph of a shape, as the fitter sees it.
#[derive(Clone)]
struct Measured {
    /// (text, size in points, bold) per run, fields included.
    runs: Vec<(String, f64, bool)>,
    style: LevelStyle,
}

impl Measured {
    fn as_fit(&self) -> ParaToFit<'_> {
        ParaToFit {
            runs: self.runs.iter().map(|(t, s, b)| RunToFit { text: t, size: *s, bold: *b }).collect(),
            indent: self.style.mar_l,
            space_before: self.style.spc_bef,
            line_spacing: self.style.ln_spc,
        }
    }

    /// The paragraph cut to its first `n` characters (all runs), with "…"
    /// where the cut falls; `None` when nothing of it is left.
    fn cut(&self, n: &mut usize) -> Option<Measured> {
        if *n == 0 {
            return None;
        }
        let total: usize = self.runs.iter().map(|r| r.0.chars().count()).sum();
        let cut_here = total > *n;
        let mut runs = Vec::new();
        for (t, s, b) in &self.runs {
            let k = t.chars().count().min(*n);
            *n -= k;
            runs.push((t.chars().take(k).collect::<String>(), *s, *b));
        }
        if cut_here {
            let at = runs.iter().rposition(|r| !r.0.is_empty()).unwrap_or(runs.len().saturating_sub(1));
            if let Some(r) = runs.get_mut(at) {
                r.0.push('…');
            }
        }
        Some(Measured { runs, style: self.style.clone() })
    }
}

fn is_title_shape(shape: &Element) -> bool {
    shape.path(&["p:nvSpPr", "p:nvPr", "p:ph"]).and_then(|ph| ph.attr("type")).is_some_and(|t| t.contains("itle"))
}

fn measure_paras(body: &Element, is_title: bool) -> Vec<Measured> {
    let lst = body.child("a:lstStyle");
    body.elements()
        .filter(|e| e.name == "a:p")
        .map(|p| {
            let ppr = p.child("a:pPr");
            let level = attr_i(ppr, "lvl").unwrap_or(0) as usize;
            let style = level_style(lst, ppr, level);
            let default = style.size.unwrap_or(if is_title { 24.0 } else { 18.0 });
            let runs = p
                .elements()
                .filter(|e| e.name == "a:r" || e.name == "a:fld")
                .map(|r| {
                    let rpr = r.child("a:rPr");
                    let size = attr_i(rpr, "sz").map(|v| v as f64 / 100.0).unwrap_or(default);
                    let bold = rpr.and_then(|e| e.attr("b")).is_some_and(|b| b == "1" || b == "true");
                    (r.child("a:t").map(|t| t.text()).unwrap_or_default(), size, bold)
                })
                .collect();
            Measured { runs, style }
        })
        .collect()
}

/// A box at least this tall (1.4 in) holding text that uses less than this
/// share of it is a body box with room to spare: its text grows.
const GROW_MIN_PT: f64 = 100.8;
const GROW_BELOW: f64 = 0.5;
/// Text grows at most this much, to fill at most this share of its box.
const GROW_MAX: f64 = 1.3;
const GROW_FILL: f64 = 0.7;
/// Paragraphs that (grown or not) fill less than this share of their box
/// move apart (at most a line each) until they do: a few items spread over
/// the box rather than leaving its lower half empty.
const SPREAD_FILL: f64 = 0.8;

/// Whether text may grow into its box, and whether grown text is centred
/// in it vertically (a slide's body text, not a card's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grow {
    No,
    InPlace,
    Centred,
    /// Sizes stay as set (a card brought to its neighbours' size), but
    /// few paragraphs still move apart.
    SpreadOnly,
}

/// Fits the text of `shape` (a `p:sp`) into its box by scaling font sizes;
/// truncates with "…" as a last resort. Returns a warning when it had to cut.
pub fn fit_shape(shape: &mut Element, min_pt: f64) -> Option<String> {
    fit_shape_grow(shape, min_pt, Grow::No)
}

/// [`fit_shape`], and a few lines in a large box grow (up to 1.3×) so the
/// slide is not half empty.
pub fn fit_shape_grow(shape: &mut Element, min_pt: f64, grow: Grow) -> Option<String> {
    let r = geom::rect(shape)?;
    let is_title = is_title_shape(shape);
    let body = shape.child("p:txBody")?;
    let bpr = body.child("a:bodyPr");
    let ins = |k: &str, d: i64| attr_i(bpr, k).unwrap_or(d) as f64 / 12700.0;
    let width = r.w as f64 / 12700.0 - ins("lIns", 91440) - ins("rIns", 91440);
    let height = r.h as f64 / 12700.0 - ins("tIns", 45720) - ins("bIns", 45720);
    let single = bpr.and_then(|b| b.attr("wrap")) == Some("none");
    let paras = measure_paras(body, is_title);
    if paras.iter().all(|p| p.runs.iter().all(|r| r.0.trim().is_empty())) {
        return None;
    }
    let max_size = paras.iter().flat_map(|p| p.runs.iter().map(|r| r.1)).fold(1.0, f64::max);
    let min_scale = (min_pt / max_size).clamp(0.05, 1.0);
    let try_fit = |ps: &[Measured]| {
        let fp: Vec<ParaToFit> = ps.iter().map(Measured::as_fit).collect();
        fit::fit(&fp, width, height, min_scale, single)
    };
    let fitted = try_fit(&paras);
    if grow != Grow::No && !fitted.overflows && fitted.scale >= 1.0 && !is_title && height >= GROW_MIN_PT {
        let fp: Vec<ParaToFit> = paras.iter().map(Measured::as_fit).collect();
        let used = fit::block_height(&fp, width, 1.0);
        if used < height * SPREAD_FILL {
            let s = if grow != Grow::SpreadOnly && used < height * GROW_BELOW {
                fit::grow(&fp, width, height, GROW_MAX, GROW_FILL, single)
            } else {
                1.0
            };
            if s > 1.0 {
                apply(shape, s, None);
                if grow == Grow::Centred
                    && let Some(b) = shape.path_mut(&["p:txBody", "a:bodyPr"])
                {
                    b.set_attr("anchor", "ctr");
                }
            }
            if !single {
                spread(shape, width, height, is_title);
                break_lines(shape, width, is_title);
            }
            return None;
        }
    }
    let mut cut_to = None;
    let mut warning = None;
    let mut fitted = fitted;
    if fitted.overflows && !is_title {
        // Rather smaller type than lost words: down to three quarters of the
        // floor (9 pt for body text), said in a warning.
        let last = (min_pt * 0.75 / max_size).clamp(0.05, 1.0);
        let fp: Vec<ParaToFit> = paras.iter().map(Measured::as_fit).collect();
        let smaller = fit::fit(&fp, width, height, last, single);
        if !smaller.overflows {
            warning = Some(format!(
                "text in `{}` fits its box only at {:.1}pt, under the {min_pt}pt of readable body text: shorten it",
                super::shape_label(shape),
                max_size * smaller.scale
            ));
            fitted = smaller;
        }
    }
    if fitted.overflows {
        // Keep as many characters as fit at the smallest size, then add "…".
        let total: usize = paras.iter().flat_map(|p| p.runs.iter().map(|r| r.0.chars().count())).sum();
        let keep = |n: usize| -> Vec<Measured> {
            let mut left = n;
            paras.iter().map_while(|p| p.cut(&mut left)).collect()
        };
        let (mut lo, mut hi) = (0usize, total);
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if try_fit(&keep(mid)).overflows {
                hi = mid - 1;
            } else {
                lo = mid;
            }
        }
        cut_to = Some(lo);
        warning = Some(format!(
            "text in `{}` is too long for its box even at {min_pt}pt: kept {lo} of {total} characters",
            super::shape_label(shape),
        ));
    }
    apply(shape, fitted.scale, cut_to);
    if !single {
        break_lines(shape, width, is_title);
    }
    warning
}

/// Moves the paragraphs of `shape` apart (more space before each but the
/// first, at most a line) until they fill [`SPREAD_FILL`] of its box.
fn spread(shape: &mut Element, width: f64, height: f64, is_title: bool) {
    let Some(body) = shape.child_mut("p:txBody") else { return };
    let measured = measure_paras(body, is_title);
    if measured.len() < 2 {
        return;
    }
    let fp: Vec<ParaToFit> = measured.iter().map(Measured::as_fit).collect();
    let room = height * SPREAD_FILL - fit::block_height(&fp, width, 1.0);
    let size = measured.iter().flat_map(|m| m.runs.iter().map(|r| r.1)).fold(0.0, f64::max);
    let extra = (room / (measured.len() - 1) as f64).min(size * fit::LINE_EM);
    if extra < 1.0 {
        return;
    }
    for (p, m) in body.elements_mut().filter(|e| e.name == "a:p").zip(&measured).skip(1) {
        let ppr = p.ensure_child("a:pPr");
        let pts = ((m.style.spc_bef + extra) * 100.0).round() as i64;
        ppr.children.retain(|n| !matches!(n, Node::El(e) if e.name == "a:spcBef"));
        ppr.children.push(Node::El(
            Element::new("a:spcBef").with_child(Element::new("a:spcPts").with_attr("val", pts.to_string())),
        ));
        sort_children(ppr, PPR_ORDER);
    }
    // `a:pPr` first in the paragraph.
    for p in body.elements_mut().filter(|e| e.name == "a:p") {
        p.children.sort_by_key(|n| !matches!(n, Node::El(e) if e.name == "a:pPr"));
    }
}

/// Breaks each paragraph of `shape` that wraps where [`fit::wrap_breaks`]
/// says, with `a:br`: its lines are then shorter than the box in every
/// renderer, so none breaks a line again, and no line ends inside a token
/// (`33.9人`, `（刘洋）`, `4月1日`, `双11`). PowerPoint, WPS and LibreOffice
/// otherwise break Chinese text between any two characters wherever a line
/// happens to end, and LibreOffice ignores a word joiner between two
/// ideographs. Tables break their cells the same way.
fn break_lines(shape: &mut Element, width: f64, is_title: bool) {
    let Some(body) = shape.child_mut("p:txBody") else { return };
    // Sizes as set by the fitting, so measured at scale 1.
    let measured = measure_paras(body, is_title);
    for (p, m) in body.elements_mut().filter(|e| e.name == "a:p").zip(&measured) {
        let has_br = p.children.iter().any(|n| matches!(n, Node::El(e) if e.name == "a:br"));
        if has_br {
            continue;
        }
        let breaks = fit::wrap_breaks(&m.as_fit(), width, 1.0);
        if !breaks.is_empty() {
            split_at(p, &breaks);
        }
    }
}

/// Puts an `a:br` (formatted like the run it falls in) before each char
/// position of `breaks` in the joined text of the paragraph's runs and
/// fields; a field is never split.
fn split_at(p: &mut Element, breaks: &[usize]) {
    let old = std::mem::take(&mut p.children);
    let mut at = 0usize;
    let line_break = |rpr: Option<&Element>| {
        let mut br = Element::new("a:br");
        if let Some(r) = rpr {
            br.children.push(Node::El(r.clone()));
        }
        Node::El(br)
    };
    for node in old {
        let Node::El(e) = node else {
            p.children.push(node);
            continue;
        };
        if e.name != "a:r" && e.name != "a:fld" {
            p.children.push(Node::El(e));
            continue;
        }
        let text = e.child("a:t").map(|t| t.text()).unwrap_or_default();
        let n = text.chars().count();
        if at > 0 && breaks.contains(&at) {
            p.children.push(line_break(e.child("a:rPr")));
        }
        let cuts: Vec<usize> = breaks.iter().filter(|b| **b > at && **b < at + n).map(|b| b - at).collect();
        at += n;
        if cuts.is_empty() || e.name == "a:fld" {
            p.children.push(Node::El(e));
            continue;
        }
        let chars: Vec<char> = text.chars().collect();
        let mut from = 0;
        for cut in cuts.into_iter().chain([chars.len()]) {
            if from > 0 {
                p.children.push(line_break(e.child("a:rPr")));
            }
            let mut piece = e.clone();
            if let Some(t) = piece.child_mut("a:t") {
                t.children = vec![Node::Text(chars[from..cut].iter().collect())];
            }
            p.children.push(Node::El(piece));
            from = cut;
        }
    }
}

/// The largest run size (points) written in `shape`'s text, if any is.
pub fn body_size(shape: &Element) -> Option<f64> {
    let body = shape.child("p:txBody")?;
    body.elements()
        .filter(|e| e.name == "a:p")
        .flat_map(|p| p.elements().filter(|e| e.name == "a:r"))
        .filter_map(|r| r.child("a:rPr")?.attr("sz")?.parse::<f64>().ok())
        .map(|v| v / 100.0)
        .reduce(f64::max)
}

/// Writes every run's size into `shape` (the inherited ones too), scaled by
/// `scale`.
pub fn scale_text(shape: &mut Element, scale: f64) {
    apply(shape, scale, None);
}

/// Scales font sizes (and paragraph spacing) in the shape by `scale`, and cuts
/// the text after `cut_to` characters when given.
fn apply(shape: &mut Element, scale: f64, cut_to: Option<usize>) {
    let is_title =
        shape.path(&["p:nvSpPr", "p:nvPr", "p:ph"]).and_then(|ph| ph.attr("type")).is_some_and(|t| t.contains("itle"));
    let Some(body) = shape.child_mut("p:txBody") else {
        return;
    };
    let lst = body.child("a:lstStyle").cloned();
    let half_points =
        |pt: f64| -> String { (((pt * scale * 2.0).floor() / 2.0 * 100.0).max(100.0) as i64).to_string() };
    let mut left = cut_to.unwrap_or(usize::MAX);
    let mut cut_done = false;
    for p in body.elements_mut().filter(|e| e.name == "a:p") {
        let level = attr_i(p.child("a:pPr"), "lvl").unwrap_or(0) as usize;
        let st = level_style(lst.as_ref(), p.child("a:pPr"), level);
        let default = st.size.unwrap_or(if is_title { 24.0 } else { 18.0 });
        if scale != 1.0
            && let Some(ppr) = p.child_mut("a:pPr")
            && let Some(sp) = ppr.path_mut(&["a:spcBef", "a:spcPts"])
            && let Some(v) = sp.attr("val").and_then(|v| v.parse::<f64>().ok())
        {
            sp.set_attr("val", ((v * scale) as i64).to_string());
        }
        let mut drop_rest = false;
        p.children.retain_mut(|n| {
            let Node::El(e) = n else { return true };
            if e.name == "a:r" || e.name == "a:fld" || e.name == "a:endParaRPr" {
                if drop_rest && e.name != "a:endParaRPr" {
                    return false;
                }
                let rpr_name = if e.name == "a:endParaRPr" { None } else { Some("a:rPr") };
                let rpr = match rpr_name {
                    Some(n) => e.ensure_child(n),
                    None => e,
                };
                if scale != 1.0 || rpr.attr("sz").is_none() {
                    let size = rpr.attr("sz").and_then(|v| v.parse::<f64>().ok()).map(|v| v / 100.0).unwrap_or(default);
                    rpr.set_attr("sz", half_points(size));
                }
                if cut_to.is_some()
                    && e.name == "a:r"
                    && let Some(t) = e.child_mut("a:t")
                {
                    let text = t.text();
                    let n = text.chars().count();
                    if cut_done {
                        return false;
                    }
                    if n > left {
                        let kept: String = text.chars().take(left).collect::<String>() + "…";
                        t.children = vec![Node::Text(kept)];
                        cut_done = true;
                        drop_rest = true;
                    }
                    left = left.saturating_sub(n);
                }
                // rPr must be the first child of a run.
                if e.name == "a:r" {
                    e.children.sort_by_key(|c| !matches!(c, Node::El(x) if x.name == "a:rPr"));
                }
            }
            true
        });
    }
    if cut_done {
        // Paragraphs after the cut go.
        let mut seen_cut = false;
        body.children.retain(|n| {
            let Node::El(e) = n else { return true };
            if e.name != "a:p" {
                return true;
            }
            if seen_cut {
                return false;
            }
            if e.text().ends_with('…') {
                seen_cut = true;
            }
            true
        });
    }
}
