//! A chart of the user's deck refilled from the data: categories, series
//! names and values, and their number, in the chart cache and in the
//! embedded workbook alike (the workbook is written by deckgen's chart
//! sheet writer, which also answers every `c:f` reference, so the two
//! cannot disagree). Everything else in the chart part is the user's and
//! stays: colours, data labels, axes, per-point fills of the points that
//! remain. A series the data adds is a copy of the chart's last series in
//! the next theme colour; a series or point the data drops goes with its
//! own formatting.

use crate::chart::sheet::ChartSheet;
use crate::layout::dom::{Element, Node};
use crate::model::{Chart, ChartKind};
use crate::ns::{ct, rt};
use crate::opc::Rel;
use crate::opc::read::Archive;

/// Plot groups of a plot area (`c:barChart`, `c:lineChart`, …).
fn is_group(name: &str) -> bool {
    name.starts_with("c:") && name.ends_with("Chart")
}

fn plot_area(xml: &Element) -> Option<&Element> {
    xml.path(&["c:chart", "c:plotArea"])
}

fn plot_area_mut(xml: &mut Element) -> Option<&mut Element> {
    xml.path_mut(&["c:chart", "c:plotArea"])
}

/// The chart kind deckgen resolves the data as, from the user's chart.
pub fn kind_of(xml: &Element) -> &'static str {
    let first = plot_area(xml).and_then(|p| p.elements().find(|e| is_group(&e.name))).map(|e| e.name.as_str());
    match first {
        Some("c:scatterChart" | "c:bubbleChart") => "scatter",
        Some("c:pieChart" | "c:pie3DChart" | "c:doughnutChart" | "c:ofPieChart") => "pie",
        Some("c:lineChart" | "c:line3DChart") => "line",
        _ => "column",
    }
}

fn val(name: &str, v: impl ToString) -> Element {
    Element::new(name).with_attr("val", v.to_string())
}

fn leaf(name: &str, text: &str) -> Element {
    let mut e = Element::new(name);
    e.children.push(Node::Text(crate::xml::clean(text).into_owned()));
    e
}

fn str_ref(f: &str, values: &[String]) -> Element {
    let mut cache = Element::new("c:strCache");
    cache.children.push(Node::El(val("c:ptCount", values.len())));
    for (i, v) in values.iter().enumerate() {
        let mut pt = Element::new("c:pt").with_attr("idx", i.to_string());
        pt.children.push(Node::El(leaf("c:v", v)));
        cache.children.push(Node::El(pt));
    }
    let mut r = Element::new("c:strRef");
    r.children.push(Node::El(leaf("c:f", f)));
    r.children.push(Node::El(cache));
    r
}

fn num_ref(f: &str, values: &[Option<f64>], format: &str) -> Element {
    let mut cache = Element::new("c:numCache");
    cache.children.push(Node::El(leaf("c:formatCode", if format.is_empty() { "General" } else { format })));
    cache.children.push(Node::El(val("c:ptCount", values.len())));
    for (i, v) in values.iter().enumerate() {
        if let Some(v) = v {
            let mut pt = Element::new("c:pt").with_attr("idx", i.to_string());
            pt.children.push(Node::El(leaf("c:v", &crate::xml::num(*v))));
            cache.children.push(Node::El(pt));
        }
    }
    let mut r = Element::new("c:numRef");
    r.children.push(Node::El(leaf("c:f", f)));
    r.children.push(Node::El(cache));
    r
}

/// Sets the child `name` of a series to hold `content`: replaced where it
/// is, else inserted before the first of `before` (schema order), else last.
fn put(ser: &mut Element, name: &str, content: Element, before: &[&str]) {
    let mut el = Element::new(name);
    el.children.push(Node::El(content));
    if let Some(old) = ser.child_mut(name) {
        *old = el;
        return;
    }
    let at = ser
        .children
        .iter()
        .position(|n| matches!(n, Node::El(e) if before.contains(&e.name.as_str())))
        .unwrap_or(ser.children.len());
    ser.children.insert(at, Node::El(el));
}

/// The number format the user's series shows its values in (its cache's), unless General.
fn user_format(ser: &Element) -> Option<String> {
    let f = ser
        .elements()
        .find(|e| e.name == "c:val" || e.name == "c:yVal")?
        .path(&["c:numRef", "c:numCache", "c:formatCode"])?
        .text();
    (!f.trim().is_empty() && f != "General").then_some(f)
}

/// What schema order puts after a series' name (`c:tx`), which goes before the first of them.
const AFTER_NAME: &[&str] = &[
    "c:spPr",
    "c:invertIfNegative",
    "c:pictureOptions",
    "c:marker",
    "c:explosion",
    "c:dPt",
    "c:dLbls",
    "c:trendline",
    "c:errBars",
    "c:cat",
    "c:val",
    "c:xVal",
    "c:yVal",
    "c:smooth",
    "c:shape",
    "c:extLst",
];

/// The element after which schema order puts `c:cat`/`c:xVal`.
const AFTER_VALUES: &[&str] = &["c:shape", "c:smooth", "c:bubbleSize", "c:bubble3D", "c:explosion", "c:extLst"];

/// A copy of `proto` as series number `idx`, in the theme's next accent colour.
fn new_series(proto: &Element, idx: usize, order: usize) -> Element {
    let mut s = proto.clone();
    s.children.retain(
        |n| !matches!(n, Node::El(e) if matches!(e.name.as_str(), "c:dPt" | "c:trendline" | "c:errBars" | "c:extLst")),
    );
    if let Some(l) = s.child_mut("c:dLbls") {
        l.children.retain(|n| !matches!(n, Node::El(e) if e.name == "c:dLbl"));
    }
    if let Some(e) = s.child_mut("c:idx") {
        e.set_attr("val", idx.to_string());
    }
    if let Some(e) = s.child_mut("c:order") {
        e.set_attr("val", order.to_string());
    }
    let accent = format!("accent{}", idx % 6 + 1);
    let recolour = |sp: &mut Element| {
        sp.walk_mut(&mut |e| {
            for c in e.children.iter_mut() {
                if let Node::El(c) = c
                    && matches!(
                        c.name.as_str(),
                        "a:srgbClr" | "a:schemeClr" | "a:sysClr" | "a:prstClr" | "a:scrgbClr" | "a:hslClr"
                    )
                    && matches!(e.name.as_str(), "a:solidFill" | "a:gs")
                {
                    let keep: Vec<Node> =
                        if c.name == "a:schemeClr" { std::mem::take(&mut c.children) } else { Vec::new() };
                    *c = Element::new("a:schemeClr").with_attr("val", accent.as_str());
                    c.children = keep;
                }
            }
        });
    };
    if let Some(sp) = s.child_mut("c:spPr") {
        recolour(sp);
    }
    if let Some(sp) = s.path_mut(&["c:marker", "c:spPr"]) {
        recolour(sp);
    }
    s
}

/// A bubble chart's sizes are not data deckgen gives: each point keeps the
/// size it had (new points the last one's), written as values of the chart
/// itself, since the workbook no longer holds them.
fn bubble_sizes(ser: &mut Element, n: usize) {
    let Some(bs) = ser.child("c:bubbleSize") else { return };
    let mut sizes: Vec<(usize, String)> = Vec::new();
    bs.walk(&mut |e| {
        if e.name == "c:pt"
            && let Some(i) = e.attr("idx").and_then(|v| v.parse().ok())
        {
            sizes.push((i, e.text()));
        }
    });
    let mut lit = Element::new("c:numLit");
    lit.children.push(Node::El(leaf("c:formatCode", "General")));
    lit.children.push(Node::El(val("c:ptCount", n)));
    let mut last = "1".to_string();
    for i in 0..n {
        if let Some((_, v)) = sizes.iter().find(|(k, _)| *k == i) {
            last = v.clone();
        }
        let mut pt = Element::new("c:pt").with_attr("idx", i.to_string());
        pt.children.push(Node::El(leaf("c:v", &last)));
        lit.children.push(Node::El(pt));
    }
    put(ser, "c:bubbleSize", lit, &[]);
}

/// Drops per-point formatting and labels of points that no longer exist.
fn prune_points(ser: &mut Element, n: usize) {
    let beyond = |e: &Element| {
        e.child("c:idx").and_then(|i| i.attr("val")).and_then(|v| v.parse::<usize>().ok()).is_some_and(|i| i >= n)
    };
    ser.children.retain(|c| !matches!(c, Node::El(e) if e.name == "c:dPt" && beyond(e)));
    if let Some(l) = ser.child_mut("c:dLbls") {
        l.children.retain(|c| !matches!(c, Node::El(e) if e.name == "c:dLbl" && beyond(e)));
    }
}

/// PowerPoint for Mac writes axis ids as signed numbers; the schema (and
/// strict readers) want them unsigned. The same id maps the same way.
fn unsigned_axis_ids(xml: &mut Element) {
    xml.walk_mut(&mut |e| {
        if (e.name == "c:axId" || e.name == "c:crossAx")
            && let Some(v) = e.attr("val").and_then(|v| v.parse::<i64>().ok())
            && v < 0
        {
            e.set_attr("val", (v + (1i64 << 32)).to_string());
        }
    });
}

/// Puts `model`'s data into the chart `xml`; returns the embedded workbook.
pub fn refill(xml: &mut Element, mut model: Chart) -> Result<Vec<u8>, String> {
    let pa = plot_area_mut(xml).ok_or("the chart has no plot area")?;
    let scatter = pa.elements().any(|e| e.name == "c:scatterChart" || e.name == "c:bubbleChart");
    if scatter {
        model.kind = ChartKind::Scatter;
    }
    // The user's series, in order, as (group, position in the group).
    let mut at: Vec<(usize, usize)> = Vec::new();
    for (g, group) in pa.children.iter().enumerate() {
        let Node::El(group) = group else { continue };
        if !is_group(&group.name) {
            continue;
        }
        for (k, c) in group.children.iter().enumerate() {
            if matches!(c, Node::El(e) if e.name == "c:ser") {
                at.push((g, k));
            }
        }
    }
    if at.is_empty() {
        return Err("the chart has no series to refill".into());
    }
    if model.series.is_empty() {
        return Err("the spec gives the chart no series".into());
    }
    let ser_at = |pa: &Element, (g, k): (usize, usize)| -> Option<Element> {
        match pa.children.get(g) {
            Some(Node::El(group)) => match group.children.get(k) {
                Some(Node::El(s)) => Some(s.clone()),
                _ => None,
            },
            _ => None,
        }
    };
    let users: Vec<Element> = at.iter().filter_map(|p| ser_at(pa, *p)).collect();
    let num = |s: &Element, k: &str| s.child(k).and_then(|e| e.attr("val")).and_then(|v| v.parse::<usize>().ok());
    let mut next_idx = users.iter().filter_map(|s| num(s, "c:idx")).max().unwrap_or(0) + 1;
    let mut next_order = users.iter().filter_map(|s| num(s, "c:order")).max().unwrap_or(0) + 1;

    // Formats: the user's where it has one, else the data's.
    let mut series_xml: Vec<Element> = Vec::new();
    for (i, s) in model.series.iter_mut().enumerate() {
        let x = match users.get(i) {
            Some(u) => u.clone(),
            None => {
                let proto = users.last().ok_or("no series")?;
                let e = new_series(proto, next_idx, next_order);
                next_idx += 1;
                next_order += 1;
                e
            }
        };
        if let Some(f) = user_format(&x) {
            s.format = f;
        }
        if scatter && s.x.is_none() {
            // Scatter points without x values: the categories when they are numbers, else 1, 2, 3…
            let xs: Vec<Option<f64>> = model.categories.iter().map(|c| c.trim().parse::<f64>().ok()).collect();
            s.x = Some(if xs.iter().all(Option::is_some) && xs.len() == s.values.len() {
                xs
            } else {
                (1..=s.values.len()).map(|v| Some(v as f64)).collect()
            });
        }
        series_xml.push(x);
    }
    let n = model.categories.len();
    let sheet = ChartSheet::new(&model, &model.series);
    for (i, (x, s)) in series_xml.iter_mut().zip(&model.series).enumerate() {
        put(x, "c:tx", str_ref(&sheet.name_ref(i), std::slice::from_ref(&s.name)), AFTER_NAME);
        if scatter {
            let xs = s.x.clone().unwrap_or_default();
            put(
                x,
                "c:xVal",
                num_ref(&sheet.x_ref(i), &xs, "General"),
                &["c:yVal", "c:smooth", "c:bubbleSize", "c:bubble3D", "c:extLst"],
            );
            put(
                x,
                "c:yVal",
                num_ref(&sheet.values_ref(i), &s.values, &s.format),
                &["c:smooth", "c:bubbleSize", "c:bubble3D", "c:extLst"],
            );
            bubble_sizes(x, s.values.len());
            prune_points(x, s.values.len());
        } else {
            put(
                x,
                "c:cat",
                str_ref(&sheet.categories_ref(), &model.categories),
                &["c:val", "c:shape", "c:smooth", "c:extLst"],
            );
            let mut values = s.values.clone();
            values.resize(n, None);
            put(x, "c:val", num_ref(&sheet.values_ref(i), &values, &s.format), AFTER_VALUES);
            prune_points(x, n);
        }
    }
    let xlsx = sheet.workbook().map_err(|e| e.full_message())?;

    put_back(pa, &at, series_xml)?;
    unsigned_axis_ids(xml);
    Ok(xlsx)
}

/// Puts the refilled series back where the user's were (`at`: group and
/// position of each); more follow the last one; fewer leave theirs out.
fn put_back(pa: &mut Element, at: &[(usize, usize)], mut series_xml: Vec<Element>) -> Result<(), String> {
    let last = *at.last().ok_or("no series")?;
    let mut extra: Vec<Element> = series_xml.split_off(at.len().min(series_xml.len()));
    let mut groups: Vec<(usize, Vec<Node>)> = Vec::new();
    for (g, group) in pa.children.iter_mut().enumerate() {
        let Node::El(group) = group else { continue };
        if !is_group(&group.name) {
            continue;
        }
        let old = std::mem::take(&mut group.children);
        let mut out = Vec::with_capacity(old.len());
        let mut after_last: Option<usize> = None;
        for (k, c) in old.into_iter().enumerate() {
            match c {
                Node::El(e) if e.name == "c:ser" => {
                    let i = at.iter().position(|p| *p == (g, k)).unwrap_or(usize::MAX);
                    if let Some(s) = series_xml.get(i) {
                        out.push(Node::El(s.clone()));
                    }
                    if (g, k) == last {
                        after_last = Some(out.len());
                    }
                }
                other => out.push(other),
            }
        }
        if let Some(pos) = after_last {
            for (j, s) in std::mem::take(&mut extra).into_iter().enumerate() {
                out.insert(pos + j, Node::El(s));
            }
        }
        groups.push((g, out));
    }
    for (g, out) in groups {
        if let Some(Node::El(group)) = pa.children.get_mut(g) {
            group.children = out;
        }
    }
    Ok(())
}

/// Writes the chart's embedded workbook: into the part it has, or into a
/// new one when it had none embedded (a linked or missing workbook).
pub fn put_workbook(a: &mut Archive, chart: &str, xml: &mut Element, xlsx: Vec<u8>) -> Result<(), String> {
    let mut rels = a.rels(chart)?;
    let current = xml.child("c:externalData").and_then(|e| e.attr("r:id")).and_then(|id| rels.get(id)).cloned();
    match current {
        Some(Rel { external: false, ref target, rel_type, .. })
            if rel_type == rt::PACKAGE && target.to_ascii_lowercase().ends_with(".xlsx") =>
        {
            a.set(target, xlsx);
            return Ok(());
        }
        Some(Rel { ref id, .. }) => rels.remove(id),
        None => {}
    }
    let name = a.next_partname("/ppt/embeddings/Microsoft_Excel_Worksheet#.xlsx");
    a.add(&name, ct::XLSX, xlsx);
    let rid = rels.relate(rt::PACKAGE, &name);
    a.set_rels(chart, &rels);
    let mut ext = Element::new("c:externalData").with_attr("r:id", rid);
    ext.children.push(Node::El(val("c:autoUpdate", 0)));
    match xml.child_mut("c:externalData") {
        Some(e) => *e = ext,
        None => {
            let at = xml
                .children
                .iter()
                .position(|n| matches!(n, Node::El(e) if matches!(e.name.as_str(), "c:printSettings" | "c:userShapes" | "c:extLst")))
                .unwrap_or(xml.children.len());
            xml.children.insert(at, Node::El(ext));
        }
    }
    if !xml.attrs.iter().any(|(k, _)| k == "xmlns:r") {
        xml.set_attr("xmlns:r", crate::ns::R);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::dom::parse;

    #[test]
    fn a_new_series_copies_the_last_in_the_next_theme_colour() {
        let proto = parse(
            r#"<c:ser><c:idx val="1"/><c:order val="1"/><c:spPr><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill><a:ln><a:solidFill><a:schemeClr val="accent2"><a:lumMod val="75000"/></a:schemeClr></a:solidFill></a:ln></c:spPr><c:dPt><c:idx val="0"/></c:dPt><c:dLbls><c:dLbl><c:idx val="0"/></c:dLbl><c:showVal val="1"/></c:dLbls><c:val/></c:ser>"#,
        )
        .unwrap();
        let mut s = String::new();
        new_series(&proto, 2, 2).write(&mut s);
        assert_eq!(
            s,
            r#"<c:ser><c:idx val="2"/><c:order val="2"/><c:spPr><a:solidFill><a:schemeClr val="accent3"/></a:solidFill><a:ln><a:solidFill><a:schemeClr val="accent3"><a:lumMod val="75000"/></a:schemeClr></a:solidFill></a:ln></c:spPr><c:dLbls><c:showVal val="1"/></c:dLbls><c:val/></c:ser>"#
        );
    }

    #[test]
    fn points_that_go_take_their_own_formatting_with_them() {
        let mut ser = parse(r#"<c:ser><c:dPt><c:idx val="1"/></c:dPt><c:dPt><c:idx val="4"/></c:dPt><c:dLbls><c:dLbl><c:idx val="5"/></c:dLbl></c:dLbls></c:ser>"#).unwrap();
        prune_points(&mut ser, 3);
        let mut s = String::new();
        ser.write(&mut s);
        assert_eq!(s, r#"<c:ser><c:dPt><c:idx val="1"/></c:dPt><c:dLbls/></c:ser>"#);
    }
}
