//! The last check before a deck is written: every chart's caches, the
//! formulas they name and the chart's embedded workbook agree, point for
//! point. The chart writer and the workbook writer ask one source of truth
//! for their cells (`chart/sheet.rs`), so a mismatch is a bug in deckgen;
//! this makes it an error instead of a deck PowerPoint has to repair.
//!
//! The chart XML is read back with quick-xml and the workbook with the
//! data stage's own .xlsx reader: what is checked is what was written.

use crate::data::value::Cell;
use crate::data::{RangeRef, source};
use crate::error::{Error, Result};
use crate::ns::{ct, rt};
use crate::opc::Package;
use quick_xml::events::Event;
use std::collections::HashMap;

/// One `c:strRef`/`c:numRef` of a chart: its formula and cached points.
#[derive(Debug, Default)]
struct CachedRef {
    numeric: bool,
    formula: String,
    count: Option<usize>,
    points: Vec<(usize, String)>,
}

/// Checks every chart of `pkg` against its embedded workbook.
pub fn charts(pkg: &Package) -> Result<()> {
    // Which slide shows each chart, for the message.
    let mut slide_of: HashMap<&str, usize> = HashMap::new();
    let mut n = 0;
    for p in pkg.parts().iter().filter(|p| p.content_type == ct::SLIDE) {
        n += 1;
        for r in p.rels.iter().filter(|r| r.rel_type == rt::CHART) {
            slide_of.insert(r.target.as_str(), n);
        }
    }
    let parts: HashMap<&str, &crate::opc::Part> = pkg.parts().iter().map(|p| (p.name.as_str(), p)).collect();
    // One after another: the deck is zipped on the other core meanwhile.
    pkg.parts().iter().filter(|p| p.content_type == ct::CHART).try_for_each(|chart| {
        let slide = slide_of.get(chart.name.as_str()).copied().unwrap_or(0);
        check_chart(chart, &parts).map_err(|detail| {
            Error::build(format!(
                "internal error: the chart on slide {slide} ({}) does not match its embedded workbook: {detail}",
                chart.name
            ))
            .hint("no deck was written; please report this with the spec")
        })
    })
}

fn check_chart(chart: &crate::opc::Part, parts: &HashMap<&str, &crate::opc::Part>) -> std::result::Result<(), String> {
    let rels: Vec<_> = chart.rels.iter().filter(|r| r.rel_type == rt::PACKAGE).collect();
    let [rel] = rels.as_slice() else { return Err(format!("it has {} workbooks", rels.len())) };
    let xlsx = parts.get(rel.target.as_str()).ok_or_else(|| format!("its workbook {} is missing", rel.target))?;
    let xml = std::str::from_utf8(&chart.data).map_err(|_| "the chart XML is not UTF-8".to_string())?;
    let (refs, external) = cached_refs(xml)?;
    if external.as_deref() != Some(rel.id.as_str()) {
        return Err(format!("c:externalData names {external:?}, its workbook is {}", rel.id));
    }
    let book = source::read_bytes(xlsx.data.clone(), &rel.target).map_err(|e| format!("its workbook: {e}"))?;
    for r in &refs {
        check_ref(r, &book.sheets).map_err(|e| format!("{}: {e}", r.formula))?;
    }
    Ok(())
}

/// Every cached reference of a chart part, and its `c:externalData` id.
fn cached_refs(xml: &str) -> std::result::Result<(Vec<CachedRef>, Option<String>), String> {
    let mut rd = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut cur: Option<CachedRef> = None;
    let mut text_of: Option<&'static str> = None;
    let mut idx = 0usize;
    let mut external = None;
    let attr = |e: &quick_xml::events::BytesStart, name: &str| -> Option<String> {
        e.attributes()
            .filter_map(|a| a.ok())
            .find(|a| a.key.as_ref() == name)
            .map(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map(|v| v.into_owned()).unwrap_or_default())
    };
    loop {
        match rd.read_event().map_err(|e| format!("the chart XML does not parse ({e})"))? {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "c:strRef" | "c:numRef" => {
                    cur = Some(CachedRef { numeric: e.name().as_ref() == "c:numRef", ..Default::default() })
                }
                "c:f" if cur.is_some() => text_of = Some("f"),
                "c:ptCount" => {
                    if let Some(c) = cur.as_mut() {
                        c.count = attr(&e, "val").and_then(|v| v.parse().ok());
                    }
                }
                "c:pt" => {
                    idx = attr(&e, "idx").and_then(|v| v.parse().ok()).unwrap_or(usize::MAX);
                }
                "c:v" if cur.is_some() => text_of = Some("v"),
                "c:externalData" => external = attr(&e, "r:id"),
                _ => {}
            },
            Event::Text(t) => {
                let s = t.xml10_content();
                let s = quick_xml::escape::unescape(&s).map_err(|e| e.to_string())?;
                if let (Some(c), Some(what)) = (cur.as_mut(), text_of) {
                    match what {
                        "f" => c.formula.push_str(&s),
                        _ => match c.points.last_mut() {
                            Some((i, v)) if *i == idx => v.push_str(&s),
                            _ => c.points.push((idx, s.into_owned())),
                        },
                    }
                }
            }
            Event::GeneralRef(g) => {
                let ch = match g.xml10_content().as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "?",
                };
                if let (Some(c), Some(what)) = (cur.as_mut(), text_of) {
                    match what {
                        "f" => c.formula.push_str(ch),
                        _ => match c.points.last_mut() {
                            Some((i, v)) if *i == idx => v.push_str(ch),
                            _ => c.points.push((idx, ch.to_string())),
                        },
                    }
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "c:strRef" | "c:numRef" => out.extend(cur.take()),
                "c:f" | "c:v" => text_of = None,
                "c:pt" => {
                    // A point written empty (`<c:v></c:v>`) still counts.
                    if let Some(c) = cur.as_mut()
                        && c.points.last().is_none_or(|(i, _)| *i != idx)
                    {
                        c.points.push((idx, String::new()));
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok((out, external))
}

/// One cached reference against the sheet's cells.
fn check_ref(r: &CachedRef, sheets: &[crate::data::source::Grid]) -> std::result::Result<(), String> {
    let range = RangeRef::parse(&r.formula).ok_or("not a cell range")?;
    if range.r0 != range.r1 && range.c0 != range.c1 {
        return Err("covers more than one row or column".into());
    }
    let g = sheets.iter().find(|g| g.name == range.sheet).ok_or_else(|| format!("no sheet `{}`", range.sheet))?;
    let cells: Vec<(u32, u32)> =
        (range.r0..=range.r1).flat_map(|row| (range.c0..=range.c1).map(move |col| (row, col))).collect();
    let count = r.count.ok_or("the cache has no c:ptCount")?;
    if count != cells.len() {
        return Err(format!("the cache counts {count} points, the formula covers {} cells", cells.len()));
    }
    let cached: HashMap<usize, &str> = r.points.iter().map(|(i, v)| (*i, v.as_str())).collect();
    if let Some((i, _)) = r.points.iter().find(|(i, _)| *i >= count) {
        return Err(format!("the cache has a point {i} past its {count} points"));
    }
    for (i, &(row, col)) in cells.iter().enumerate() {
        let cell = g.get(row as usize, col as usize);
        let at = crate::xlsx::cell_ref(row, col);
        match (cached.get(&i), cell) {
            (None, Cell::Empty) => {}
            (Some(v), c) if r.numeric => {
                let cache: f64 = v.parse().map_err(|_| format!("cached point {i} `{v}` is not a number"))?;
                let sheet = match c {
                    Cell::Num(n) => Some(*n),
                    Cell::Date(d) => Some(d.to_excel()),
                    _ => None,
                };
                if sheet != Some(cache) {
                    return Err(format!("point {i} is {cache} in the cache and {c:?} in {at}"));
                }
            }
            (Some(v), c) => {
                let cache = unescape_x(v);
                let sheet = match c {
                    Cell::Empty => String::new(),
                    Cell::Text(t) => t.clone(),
                    other => other.text(),
                };
                if sheet != cache {
                    return Err(format!("point {i} is {cache:?} in the cache and {sheet:?} in {at}"));
                }
            }
            (None, c) => return Err(format!("point {i} is missing from the cache, {at} holds {c:?}")),
        }
    }
    Ok(())
}

/// Decodes `_xHHHH_` escapes (the cache is an `ST_Xstring`).
fn unescape_x(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("_x") {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(h) = rest.get(2..7).filter(|h| h.ends_with('_'))
            && let Some(c) = u32::from_str_radix(&h[..4], 16).ok().and_then(char::from_u32)
        {
            out.push(c);
            rest = &rest[7..];
        } else {
            out.push('_');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: Vec<Vec<Cell>>) -> crate::data::source::Grid {
        crate::data::source::Grid { name: "Sheet1".into(), rows, ..Default::default() }
    }

    #[test]
    fn caches_are_compared_with_cells() {
        let xml = r#"<c:chartSpace xmlns:c="c"><c:ser><c:cat><c:strRef><c:f>Sheet1!$A$2:$A$3</c:f><c:strCache><c:ptCount val="2"/><c:pt idx="0"><c:v>1月</c:v></c:pt><c:pt idx="1"><c:v>a&amp;_x005F_x0041_</c:v></c:pt></c:strCache></c:strRef></c:cat>
<c:val><c:numRef><c:f>Sheet1!$B$2:$B$3</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="2"/><c:pt idx="0"><c:v>3.5</c:v></c:pt></c:numCache></c:numRef></c:val></c:ser><c:externalData r:id="rId1"/></c:chartSpace>"#;
        let (refs, ext) = cached_refs(xml).unwrap();
        assert_eq!(ext.as_deref(), Some("rId1"));
        assert_eq!(refs.len(), 2);
        let good = grid(vec![
            vec![],
            vec![Cell::Text("1月".into()), Cell::Num(3.5)],
            vec![Cell::Text("a&_x0041_".into()), Cell::Empty],
        ]);
        for r in &refs {
            check_ref(r, std::slice::from_ref(&good)).unwrap();
        }
        // A value that differs, a gap that is not a gap, a count that is off.
        let bad = grid(vec![vec![], vec![Cell::Text("1月".into()), Cell::Num(3.6)], vec![Cell::Text("x".into())]]);
        assert!(check_ref(&refs[0], std::slice::from_ref(&bad)).unwrap_err().contains("point 1"));
        assert!(check_ref(&refs[1], std::slice::from_ref(&bad)).unwrap_err().contains("point 0"));
        let filled = grid(vec![vec![], vec![Cell::Empty, Cell::Num(3.5)], vec![Cell::Empty, Cell::Num(1.0)]]);
        assert!(check_ref(&refs[1], std::slice::from_ref(&filled)).unwrap_err().contains("missing from the cache"));
        let short = CachedRef { count: Some(0), ..CachedRef { formula: "Sheet1!$A$2".into(), ..Default::default() } };
        assert!(check_ref(&short, std::slice::from_ref(&good)).unwrap_err().contains("covers 1 cells"));
    }
}
