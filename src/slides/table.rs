//! Tables: the layout's prototype table gives the look (row 1: header cells,
//! row 2: body cells, row 3: banded body cells); the engine builds the real
//! table in the same frame, sizes columns from their content, shrinks the
//! font to fit, and splits long tables over continuation slides.

use super::geom::{self, Rect};
use super::text::normalize_rpr;
use super::{el, xfrm};
use crate::color::ColorCtx;
use crate::fit::{self, ParaToFit, RunToFit};
use crate::layout::dom::{Element, Node};
use crate::layout::{LayoutSet, shape_name};
use crate::model::{Align, Cell, ColorRef, Content, Rich, Slide, SlideSize, Table};
use crate::xml::XmlWriter;

/// Smallest font size in a table, in points: body text, never under 12 pt
/// (a longer table continues on another slide).
const MIN_TABLE_PT: f64 = 12.0;
/// A short table's text grows at most this much, its rows up to 1 in.
const GROW_MAX: f64 = 1.2;
const MAX_ROW_PT: f64 = 72.0;

/// The look of one kind of row, taken from the prototype.
#[derive(Clone)]
struct RowStyle {
    tcpr: Element,
    rpr: Element,
    algn: Option<String>,
    size: f64,
    mar_lr: f64,
    mar_tb: f64,
}

struct Style {
    header: RowStyle,
    body: RowStyle,
    band: Option<RowStyle>,
    tbl_pr: Element,
}

fn row_style(tr: Option<&Element>) -> Option<RowStyle> {
    let tc = tr?.elements().find(|e| e.name == "a:tc")?;
    let tcpr = tc.child("a:tcPr").cloned().unwrap_or_else(|| Element::new("a:tcPr"));
    let p = tc.path(&["a:txBody", "a:p"]);
    let rpr = p
        .and_then(|p| p.elements().find(|e| e.name == "a:r"))
        .and_then(|r| r.child("a:rPr"))
        .cloned()
        .unwrap_or_else(|| Element::new("a:rPr"));
    let algn = p.and_then(|p| p.child("a:pPr")).and_then(|pp| pp.attr("algn")).map(str::to_string);
    let size = rpr.attr("sz").and_then(|v| v.parse::<f64>().ok()).map(|v| v / 100.0).unwrap_or(12.0);
    let m = |k: &str, d: f64| tcpr.attr(k).and_then(|v| v.parse::<f64>().ok()).map(|v| v / 12700.0).unwrap_or(d);
    Some(RowStyle {
        mar_lr: m("marL", 7.2) + m("marR", 7.2),
        mar_tb: m("marT", 3.6) + m("marB", 3.6),
        tcpr,
        rpr,
        algn,
        size,
    })
}

fn style(proto: &Element) -> Style {
    let tbl = proto.path(&["a:graphic", "a:graphicData", "a:tbl"]);
    let rows: Vec<&Element> = tbl.map(|t| t.elements().filter(|e| e.name == "a:tr").collect()).unwrap_or_default();
    let fallback = RowStyle {
        tcpr: Element::new("a:tcPr"),
        rpr: Element::new("a:rPr"),
        algn: None,
        size: 12.0,
        mar_lr: 14.4,
        mar_tb: 7.2,
    };
    let header = row_style(rows.first().copied()).unwrap_or_else(|| fallback.clone());
    let body = row_style(rows.get(1).copied()).unwrap_or_else(|| header.clone());
    let band = row_style(rows.get(2).copied());
    let tbl_pr = tbl.and_then(|t| t.child("a:tblPr")).cloned().unwrap_or_else(|| Element::new("a:tblPr"));
    Style { header, body, band, tbl_pr }
}

fn para_to_fit(p: &crate::model::Para, size: f64, bold: bool) -> ParaToFit<'_> {
    ParaToFit {
        runs: p.runs.iter().map(|r| RunToFit { text: &r.text, size, bold: bold || r.bold }).collect(),
        indent: 0.0,
        space_before: 0.0,
        line_spacing: 1.0,
    }
}

/// Height of a cell's text, broken where [`cell_xml`] breaks it.
fn measure_cell(text: &Rich, size: f64, bold: bool, width: f64, scale: f64) -> f64 {
    let lines: usize = text.paras.iter().map(|p| fit::safe_lines(&para_to_fit(p, size, bold), width, scale)).sum();
    lines.max(1) as f64 * size * scale * fit::LINE_EM
}

fn natural_width(text: &Rich, size: f64, bold: bool) -> f64 {
    text.paras
        .iter()
        .map(|p| {
            p.runs.iter().flat_map(|r| r.text.chars().map(move |c| fit::char_em(c, bold || r.bold))).sum::<f64>() * size
        })
        .fold(0.0, f64::max)
}

/// Column widths in points for a table `total` points wide, shared by content.
fn shared_widths(t: &Table, st: &Style, total: f64, n: usize) -> Vec<f64> {
    if t.widths.len() == n && t.widths.iter().all(|w| *w > 0.0) {
        let sum: f64 = t.widths.iter().sum();
        return t.widths.iter().map(|w| w / sum * total).collect();
    }
    let mut nat = vec![0.0f64; n];
    for (i, h) in t.header.iter().enumerate().take(n) {
        nat[i] = nat[i].max(natural_width(&Rich::plain(h.as_str()), st.header.size, true) + st.header.mar_lr);
    }
    for row in t.rows.iter().take(60) {
        for (i, c) in row.iter().enumerate().take(n) {
            nat[i] = nat[i].max(natural_width(&c.text, st.body.size, false) + st.body.mar_lr);
        }
    }
    let min = 40.0f64.min(total / n as f64);
    let max = total * 0.5;
    let clamped: Vec<f64> = nat.iter().map(|w| w.clamp(min, max.max(min))).collect();
    let sum: f64 = clamped.iter().sum();
    clamped.iter().map(|w| w / sum * total).collect()
}

/// The widest unbreakable piece of each column at scale 1 (text only,
/// without the cell margins): `2,383.6万元`, `5月20日`, `（刘洋）`.
fn min_content(t: &Table, st: &Style, n: usize) -> Vec<f64> {
    let mut out = vec![0.0f64; n];
    for (i, h) in t.header.iter().enumerate().take(n) {
        // A short heading (`负责人`, `完成时间`) is one word, and so is a
        // period's (`2026年10月实际`: a date, then what of it).
        let n = h.chars().count();
        let whole = (n <= 4 || n <= 10 && h.chars().any(|c| c.is_ascii_digit())) && !h.contains(' ');
        let w = if whole { fit::wide_width(h, st.header.size, true) } else { 0.0 };
        out[i] = out[i].max(w).max(fit::min_content(h, st.header.size, true));
    }
    for row in &t.rows {
        for (i, c) in row.iter().enumerate().take(n) {
            for p in &c.text.paras {
                let text: String = p.runs.iter().map(|r| r.text.as_str()).collect();
                let bold = p.runs.iter().any(|r| r.bold);
                out[i] = out[i].max(fit::min_content(&text, st.body.size, bold));
            }
        }
    }
    // Measured the way the cells are broken, with room to spare.
    out.iter().map(|w| w * fit::SPARE).collect()
}

/// How a table is laid out across: the column widths, the largest font
/// scale at which every column holds its widest token, and what it needs.
struct Across {
    widths: Vec<f64>,
    max_scale: f64,
    min_content: Vec<f64>,
    margin: f64,
}

impl Across {
    /// Does every column hold its widest token at `scale`?
    fn holds(&self, scale: f64) -> bool {
        self.widths.iter().zip(&self.min_content).all(|(w, m)| m * scale + self.margin <= w + 0.01)
    }
}

/// Column widths for a table `total` points wide. Every column is at least
/// as wide as its widest token (PowerPoint breaks Chinese between any two
/// characters, so only width keeps `2,383.6万元` on one line); what is left
/// is shared by content. When the tokens do not fit side by side the font
/// shrinks, down to the body minimum; below that a cell breaks between tokens.
fn across(t: &Table, st: &Style, total: f64) -> Across {
    let n = t.header.len().max(t.rows.iter().map(Vec::len).max().unwrap_or(0)).max(1);
    let shared = shared_widths(t, st, total, n);
    let min_content = min_content(t, st, n);
    // Margins are not scaled; a point to spare for rounding in the renderer.
    let margin = st.header.mar_lr.max(st.body.mar_lr) + 1.0;
    let need = |s: f64| min_content.iter().map(|m| m * s + margin).sum::<f64>();
    let min_scale = (MIN_TABLE_PT / st.body.size).min(1.0);
    let mut scale = 1.0;
    while need(scale) > total && scale > min_scale + 1e-9 {
        scale = (scale * 0.94).max(min_scale);
    }
    let floor: Vec<f64> = min_content.iter().map(|m| m * scale + margin).collect();
    let deficit: f64 = shared.iter().zip(&floor).map(|(w, f)| (f - w).max(0.0)).sum();
    let slack: f64 = shared.iter().zip(&floor).map(|(w, f)| (w - f).max(0.0)).sum();
    let widths = if deficit <= 0.0 {
        shared
    } else if slack >= deficit {
        // Narrow columns take their tokens' width from the others' room.
        shared.iter().zip(&floor).map(|(w, f)| if w < f { *f } else { w - (w - f) * deficit / slack }).collect()
    } else {
        let sum: f64 = floor.iter().sum();
        floor.iter().map(|f| f / sum * total).collect()
    };
    Across { widths, max_scale: scale, min_content, margin }
}

/// A table too tall for `height` even at the smallest font: moves width
/// between columns, a step at a time, to where it saves the most height
/// (a three-line cell beside a one-line one), never below a column's widest
/// token. A table that fits keeps its widths.
fn balance(t: &Table, st: &Style, plan: &mut Across, height: f64) {
    let min = (MIN_TABLE_PT / st.body.size).min(plan.max_scale);
    // The table's height, then its cells' lines: a step that shortens one
    // cell of a row is worth taking before the row itself gets shorter.
    let cost = |w: &[f64]| {
        let (h, r) = heights(t, st, w, min);
        let cell = |i: usize, text: &Rich, rs: &RowStyle, bold: bool| {
            let width = (w.get(i).copied().unwrap_or(60.0) - rs.mar_lr).max(8.0);
            measure_cell(text, rs.size, bold, width, min)
        };
        let header: f64 =
            t.header.iter().enumerate().map(|(i, h)| cell(i, &Rich::plain(h.as_str()), &st.header, true)).sum();
        let body: f64 =
            t.rows.iter().flat_map(|r| r.iter().enumerate()).map(|(i, c)| cell(i, &c.text, &st.body, false)).sum();
        (h + r.iter().sum::<f64>(), header + body)
    };
    let n = plan.widths.len();
    let step = plan.widths.iter().sum::<f64>() * 0.02;
    let floor: Vec<f64> = plan.min_content.iter().map(|m| m * plan.max_scale + plan.margin).collect();
    let mut now = cost(&plan.widths);
    // Width saves a row or two, not pages: a table far too tall is left alone.
    if now.0 > height * 1.25 || t.rows.len() > 60 {
        return;
    }
    for _ in 0..60 {
        if now.0 <= height {
            return;
        }
        let mut best: Option<((f64, f64), Vec<f64>)> = None;
        for i in 0..n {
            for j in (0..n).filter(|j| *j != i && plan.widths[*j] - step >= floor[*j]) {
                let mut w = plan.widths.clone();
                w[i] += step;
                w[j] -= step;
                let c = cost(&w);
                let to_beat = best.as_ref().map_or((now.0 + 0.01, now.1 - 0.5), |b| (b.0.0 + 0.01, b.0.1));
                if c.0 < to_beat.0 - 0.5 || (c.0 < to_beat.0 && c.1 < to_beat.1) {
                    best = Some((c, w));
                }
            }
        }
        match best {
            Some((c, w)) => {
                now = c;
                plan.widths = w;
            }
            None => return,
        }
    }
}

/// Heights of the header and each row, in points, at `scale`.
fn heights(t: &Table, st: &Style, w: &[f64], scale: f64) -> (f64, Vec<f64>) {
    let row_h = |cells: &mut dyn Iterator<Item = (usize, Rich)>, rs: &RowStyle, bold: bool| -> f64 {
        let mut h: f64 = rs.size * scale * fit::LINE_EM;
        for (i, text) in cells {
            let width = (w.get(i).copied().unwrap_or(60.0) - rs.mar_lr).max(8.0);
            h = h.max(measure_cell(&text, rs.size, bold, width, scale));
        }
        h + rs.mar_tb + 1.0
    };
    let header = row_h(&mut t.header.iter().enumerate().map(|(i, h)| (i, Rich::plain(h.as_str()))), &st.header, true);
    let rows = t
        .rows
        .iter()
        .map(|r| row_h(&mut r.iter().enumerate().map(|(i, c)| (i, c.text.clone())), &st.body, false))
        .collect();
    (header, rows)
}

/// The largest scale (≤ `max`, ≥ the minimum) at which the table fits `height` points.
fn fit_scale(t: &Table, st: &Style, w: &[f64], height: f64, max: f64) -> (f64, bool) {
    let min = (MIN_TABLE_PT / st.body.size).min(1.0);
    let mut s = max.min(1.0);
    loop {
        let (h, rows) = heights(t, st, w, s);
        if h + rows.iter().sum::<f64>() <= height {
            return (s, true);
        }
        if s <= min + 1e-9 {
            return (min, false);
        }
        s = (s * 0.94).max(min);
    }
}

/// How a cell's text is set: font scale, the text's width in points
/// (column less margins), bold as written, bold as measured.
struct Set {
    scale: f64,
    width: f64,
    bold: bool,
    measure_bold: bool,
}

fn cell_xml(w: &mut XmlWriter, cell: &Cell, rs: &RowStyle, align: Option<Align>, set: Set, colors: &ColorCtx) {
    let Set { scale, bold, .. } = set;
    w.open("a:tc", &[]);
    w.open("a:txBody", &[]);
    w.empty("a:bodyPr", &[]);
    w.empty("a:lstStyle", &[]);
    let algn = match align {
        Some(Align::Right) => Some("r"),
        Some(Align::Center) => Some("ctr"),
        Some(Align::Left) => Some("l"),
        None => rs.algn.as_deref(),
    };
    let size = ((rs.size * scale * 2.0).floor() / 2.0 * 100.0) as i64;
    let paras = if cell.text.paras.is_empty() { vec![Default::default()] } else { cell.text.paras.clone() };
    for p in &paras {
        w.open("a:p", &[]);
        if let Some(a) = algn {
            w.empty("a:pPr", &[("algn", a.into())]);
        }
        // The engine breaks a long cell itself, between tokens, with room to
        // spare: no application then breaks inside `5月20日` or `2,383.6万元`.
        let breaks = fit::safe_breaks(&para_to_fit(p, rs.size, set.measure_bold), set.width, scale);
        let mut at = 0usize;
        for r in &p.runs {
            let mut rpr = rs.rpr.clone();
            rpr.set_attr("sz", size.to_string());
            if r.bold || bold {
                rpr.set_attr("b", "1");
            }
            if let Some(c) = &r.color {
                super::text::set_color(&mut rpr, c, colors);
            }
            normalize_rpr(&mut rpr);
            let mut s = String::new();
            rpr.write(&mut s);
            let chars: Vec<char> = r.text.chars().collect();
            let mut from = 0;
            let cuts = breaks.iter().filter(|b| **b > at && **b < at + chars.len()).map(|b| b - at);
            for cut in cuts.chain([chars.len()]) {
                if from > 0 {
                    w.open("a:br", &[]);
                    w.raw(&s);
                    w.close("a:br");
                }
                let piece: String = chars[from..cut].iter().collect();
                let piece = if cut < chars.len() { piece.trim_end_matches(' ') } else { &piece };
                w.open("a:r", &[]);
                w.raw(&s);
                w.leaf("a:t", &[], piece);
                w.close("a:r");
                from = cut;
            }
            // A break at the very start of the next run.
            at += chars.len();
            if breaks.contains(&at) && p.runs.len() > 1 && !std::ptr::eq(r, p.runs.last().unwrap_or(r)) {
                w.open("a:br", &[]);
                w.raw(&s);
                w.close("a:br");
            }
        }
        let mut end = Element::new("a:endParaRPr").with_attr("lang", "zh-CN").with_attr("sz", size.to_string());
        end.attrs.retain(|_| true);
        let mut s = String::new();
        end.write(&mut s);
        w.raw(&s);
        w.close("a:p");
    }
    w.close("a:txBody");
    let mut tcpr = rs.tcpr.clone();
    if let Some(fill) = &cell.fill {
        // Rule colours are tinted so the text stays readable.
        let mut c = colors.element(fill);
        if matches!(fill, ColorRef::Scheme(_)) {
            c.children.push(Node::El(Element::new("a:lumMod").with_attr("val", "20000")));
            c.children.push(Node::El(Element::new("a:lumOff").with_attr("val", "80000")));
        } else {
            c.children.push(Node::El(Element::new("a:alpha").with_attr("val", "28000")));
        }
        let mut f = Element::new("a:solidFill");
        f.children.push(Node::El(c));
        crate::color::replace_fill(&mut tcpr, f, &["a:headers", "a:extLst"]);
    }
    let mut s = String::new();
    tcpr.write(&mut s);
    w.raw(&s);
    w.close("a:tc");
}

/// The table's graphic frame, in the prototype's place.
pub fn frame(t: &Table, proto: &Element, rect: Rect, colors: &ColorCtx, warnings: &mut Vec<String>) -> Element {
    let st = style(proto);
    let total = rect.w as f64 / 12700.0;
    let frame_h = rect.h as f64 / 12700.0;
    let mut plan = across(t, &st, total);
    balance(t, &st, &mut plan, frame_h);
    let w = &plan.widths;
    let (mut scale, fits) = fit_scale(t, &st, w, frame_h, plan.max_scale);
    if !fits {
        warnings.push(format!("a table with {} rows is taller than its slot even at {MIN_TABLE_PT}pt", t.rows.len()));
    }
    // A short table's text grows (up to 1.2×) while the table takes at most
    // 70% of its frame: a few rows should not sit in a half-empty slide;
    // never so much that a column's widest token no longer fits.
    if fits && scale >= 1.0 {
        let total = |s: f64| {
            let (h, r) = heights(t, &st, w, s);
            h + r.iter().sum::<f64>()
        };
        while scale < GROW_MAX
            && total((scale * 1.05).min(GROW_MAX)) <= frame_h * 0.7
            && plan.holds((scale * 1.05).min(GROW_MAX))
        {
            scale = (scale * 1.05).min(GROW_MAX);
        }
    }
    let (hh, mut rows_h) = heights(t, &st, w, scale);
    // Its rows grow into the frame, up to 1 in each.
    let used = hh + rows_h.iter().sum::<f64>();
    if used < frame_h && !rows_h.is_empty() {
        let per = (frame_h - used) / rows_h.len() as f64;
        for h in &mut rows_h {
            *h = (*h + per).min(h.max(MAX_ROW_PT));
        }
    }
    let n = w.len();
    let emu = |pt: f64| (pt * 12700.0).round() as i64;
    let height: i64 = emu(hh) + rows_h.iter().map(|h| emu(*h)).sum::<i64>();
    let nv = el("p:nvGraphicFramePr", &[])
        .with_child(el("p:cNvPr", &[("id", "0".into()), ("name", shape_name(proto).unwrap_or("table").into())]))
        .with_child(el("p:cNvGraphicFramePr", &[]).with_child(el("a:graphicFrameLocks", &[("noGrp", "1".into())])))
        .with_child(el("p:nvPr", &[]));
    let graphic = el("a:graphic", &[])
        .with_child(el("a:graphicData", &[("uri", "http://schemas.openxmlformats.org/drawingml/2006/table".into())]));
    let mut el = el("p:graphicFrame", &[])
        .with_child(nv)
        .with_child(xfrm("p:xfrm", Rect { h: height, ..rect }))
        .with_child(graphic);

    // The rows are many small elements: written once, as markup, rather
    // than built as a tree and written again.
    let mut x = XmlWriter::fragment();
    x.open("a:tbl", &[]);
    let mut s = String::new();
    st.tbl_pr.write(&mut s);
    x.raw(&s);
    x.open("a:tblGrid", &[]);
    let mut used = 0i64;
    for (i, cw) in w.iter().enumerate() {
        let v = if i + 1 == n { rect.w - used } else { emu(*cw) };
        used += v;
        x.empty("a:gridCol", &[("w", v.into())]);
    }
    x.close("a:tblGrid");
    x.open("a:tr", &[("h", emu(hh).into())]);
    for i in 0..n {
        let c = Cell::plain(t.header.get(i).cloned().unwrap_or_default());
        let width = (w.get(i).copied().unwrap_or(60.0) - st.header.mar_lr).max(8.0);
        let set = Set { scale, width, bold: false, measure_bold: true };
        cell_xml(&mut x, &c, &st.header, None, set, colors);
    }
    x.close("a:tr");
    for (ri, row) in t.rows.iter().enumerate() {
        x.open("a:tr", &[("h", emu(rows_h[ri]).into())]);
        let rs = if ri % 2 == 1 { st.band.as_ref().unwrap_or(&st.body) } else { &st.body };
        let is_total = t.total_row && ri + 1 == t.rows.len();
        for i in 0..n {
            let empty = Cell::default();
            let c = row.get(i).unwrap_or(&empty);
            let width = (w.get(i).copied().unwrap_or(60.0) - rs.mar_lr).max(8.0);
            let set = Set { scale, width, bold: is_total, measure_bold: is_total };
            cell_xml(&mut x, c, rs, Some(t.align.get(i).copied().unwrap_or_default()), set, colors);
        }
        x.close("a:tr");
    }
    x.close("a:tbl");
    if let Some(data) = el.path_mut(&["a:graphic", "a:graphicData"]) {
        data.children.push(Node::Raw(x.buf));
    }
    el
}

/// The same number of pages with the rows shared out evenly (6 rows as
/// 3 + 3, not 5 + 1), so no continuation slide holds a single row, when
/// every page still fits: `full` high before the last, `last` on it.
fn even_pages(greedy: Vec<usize>, rows: &[f64], header: f64, full: f64, last: f64) -> Vec<usize> {
    let k = greedy.len();
    if k < 2 {
        return greedy;
    }
    let n = rows.len();
    let even: Vec<usize> = (0..k).map(|i| n / k + usize::from(i < n % k)).collect();
    let mut start = 0;
    for (i, &c) in even.iter().enumerate() {
        let h = header + rows[start..start + c].iter().sum::<f64>();
        if h > if i + 1 == k { last } else { full } {
            return greedy;
        }
        start += c;
    }
    even
}

/// Splits a slide whose table is too long into the slide and continuation
/// slides (title marked “(续)”, header repeated, conclusion on the last).
pub fn paginate(slide: &Slide, layouts: &LayoutSet, size: SlideSize) -> Vec<Slide> {
    let Some(Content::Table(t)) = slide.shapes.get("table") else {
        return vec![slide.clone()];
    };
    let Ok(tpl) = layouts.template(&slide.layout) else {
        return vec![slide.clone()];
    };
    let Some(tree) = tpl.root.path(&["p:cSld", "p:spTree"]) else {
        return vec![slide.clone()];
    };
    let Some(proto) = tree.elements().find(|e| shape_name(e) == Some("table")) else {
        return vec![slide.clone()];
    };
    let Some(mut rect) = geom::rect(proto) else {
        return vec![slide.clone()];
    };
    if size == SlideSize::Standard {
        rect.w = (rect.w as f64 * 0.75) as i64;
    }
    // Without a conclusion the table may take the conclusion's space too.
    let has_conclusion = slide.texts.get("conclusion").is_some_and(|c| !c.is_empty());
    let height = rect.h as f64 / 12700.0 + if has_conclusion { 0.0 } else { 50.0 };
    let st = style(proto);
    let mut plan = across(t, &st, rect.w as f64 / 12700.0);
    balance(t, &st, &mut plan, height);
    let w = &plan.widths;
    let per_page: Vec<usize> = match t.rows_per_slide {
        Some(n) if n > 0 => {
            let mut v = vec![];
            let mut left = t.rows.len();
            while left > 0 {
                v.push(n.min(left));
                left -= n.min(left);
            }
            v
        }
        _ => {
            if fit_scale(t, &st, w, height, plan.max_scale).1 {
                return vec![slide.clone()];
            }
            let min = (MIN_TABLE_PT / st.body.size).min(1.0);
            let (hh, rows) = heights(t, &st, w, min);
            // Pages before the last show no conclusion: the table may use its space too.
            let full = if has_conclusion { height + 50.0 } else { height };
            let mut v: Vec<usize> = vec![];
            let mut used = hh;
            let mut count = 0;
            for h in &rows {
                if used + h > full && count > 0 {
                    v.push(count);
                    used = hh;
                    count = 0;
                }
                used += h;
                count += 1;
            }
            // The last page keeps room for the conclusion.
            let tail: f64 = hh + rows[rows.len() - count..].iter().sum::<f64>();
            if tail > height && count > 1 {
                let mut keep = count;
                let mut used = tail;
                while used > height && keep > 1 {
                    keep -= 1;
                    used -= rows[rows.len() - count + keep];
                }
                v.push(keep);
                count -= keep;
            }
            if count > 0 {
                v.push(count);
            }
            even_pages(v, &rows, hh, full, height)
        }
    };
    if per_page.len() <= 1 {
        return vec![slide.clone()];
    }
    let mut out = Vec::new();
    let mut start = 0;
    let pages = per_page.len();
    for (i, n) in per_page.into_iter().enumerate() {
        let mut s = slide.clone();
        let mut part = t.clone();
        part.rows = t.rows[start..start + n].to_vec();
        part.total_row = t.total_row && i + 1 == pages;
        start += n;
        s.shapes.insert("table".into(), Content::Table(part));
        if i > 0 {
            if let Some(title) = s.texts.get_mut("title")
                && let Some(last) = title.paras.last_mut()
            {
                last.runs.push(crate::model::Run { text: format!("（续{i}）"), ..Default::default() });
            }
            s.notes = None;
        }
        if i + 1 < pages {
            s.texts.remove("conclusion");
        }
        out.push(s);
    }
    out
}
