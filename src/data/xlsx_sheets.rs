//! The sheets of an .xlsx: the package's relationships say where the
//! workbook part is, the workbook part which sheets there are and where;
//! each sheet part is read by [`super::xlsx_cells`] on its own core, with the
//! shared strings and number styles read once before.
//!
//! Every part is unpacked with a cap on its size and every sheet counts its
//! cells against one budget for the workbook, so a small file that unpacks
//! to gigabytes, or a cell at `XFD1048576`, is an error and not a machine
//! out of memory.

use super::grid::Grid;
use super::xlsx_cells::{self, Book, SheetError};
use crate::error::{Error, Result};
use std::io::{Cursor, Read};
use std::sync::atomic::AtomicUsize;

/// Most bytes one part of a workbook may unpack to. The shipped annual
/// workbook's largest sheet is 0.4 MB; a sheet of 100,000 rows × 20
/// columns about 40 MB.
pub const MAX_PART_BYTES: u64 = 128 << 20;

/// The parts of the workbook that the cells need.
struct Parts {
    /// Sheet name, part name (`xl/worksheets/sheet1.xml`) and size, in order.
    sheets: Vec<(String, String, u64)>,
    strings: Option<String>,
    styles: Option<String>,
    date1904: bool,
}

/// Reads every sheet of the workbook in `bytes`, the largest first and
/// spread over the cores. `None` when the package is not laid out as an
/// .xlsx (the caller then asks calamine).
pub fn read(bytes: &[u8], shown: &str) -> Result<Option<Vec<Grid>>> {
    use rayon::prelude::*;
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(None) };
    let Some(parts) = parts(&mut zip, shown)? else { return Ok(None) };
    let t = std::time::Instant::now();
    let optional = |zip: &mut zip::ZipArchive<_>, p: Option<&str>| -> Result<Option<Vec<u8>>> {
        match p {
            Some(p) if zip.index_for_name(p).is_some() => part(zip, p, shown).map(Some),
            _ => Ok(None),
        }
    };
    let book = Book {
        strings: optional(&mut zip, parts.strings.as_deref())?
            .map(|x| xlsx_cells::shared_strings(&x))
            .unwrap_or_default(),
        styles: optional(&mut zip, parts.styles.as_deref())?.map(|x| xlsx_cells::styles(&x)).unwrap_or_default(),
        date1904: parts.date1904,
    };
    crate::timing::lap(2, "shared strings and styles", t);
    let budget = AtomicUsize::new(xlsx_cells::MAX_CELLS);
    // One sheet (a chart's workbook read back): read here, without the pool.
    if let [(name, path, _)] = parts.sheets.as_slice() {
        let xml = part(&mut zip, path, shown)?;
        let s = xlsx_cells::sheet(&xml, &book, &budget).map_err(|e| sheet_error(e, shown, name))?;
        return Ok(Some(vec![Grid { name: name.clone(), rows: s.rows, merged: s.merged, formulas: s.formulas }]));
    }
    let mut order: Vec<usize> = (0..parts.sheets.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(parts.sheets[i].2));
    let mut grids: Vec<(usize, Result<Grid>)> = order
        .par_iter()
        .with_max_len(1)
        .map_init(
            || zip::ZipArchive::new(Cursor::new(bytes)).ok(),
            |zip, &i| {
                let (name, path, _) = &parts.sheets[i];
                let t0 = std::time::Instant::now();
                let xml = match zip.as_mut() {
                    Some(z) if z.index_for_name(path).is_some() => part(z, path, shown),
                    _ => Err(Error::build(format!("cannot read sheet `{name}`: its part `{path}` is missing"))
                        .at(shown)
                        .hint("open the workbook in Excel or WPS and save it again")),
                };
                let xml = match xml {
                    Ok(x) => x,
                    Err(e) => return (i, Err(e)),
                };
                crate::timing::lap(2, format_args!("sheet {name} inflated"), t0);
                let s = xlsx_cells::sheet(&xml, &book, &budget).map_err(|e| sheet_error(e, shown, name));
                crate::timing::lap(2, format_args!("sheet {name} read"), t0);
                (i, s.map(|s| Grid { name: name.clone(), rows: s.rows, merged: s.merged, formulas: s.formulas }))
            },
        )
        .collect();
    grids.sort_by_key(|(i, _)| *i);
    // The first sheet's error in the workbook's order, whatever finished first.
    grids.into_iter().map(|(_, g)| g).collect::<Result<Vec<_>>>().map(Some)
}

/// A sheet's problem as the crate's error: the cell (`Sheet1!B3`) and file.
fn sheet_error(e: SheetError, shown: &str, sheet: &str) -> Error {
    let at = match e.cell {
        Some((r, c)) => format!("{shown} › {sheet}!{}", crate::xlsx::cell_ref(r, c)),
        None => format!("{shown} › {sheet}"),
    };
    Error::build(format!("cannot read sheet `{sheet}`: {}", e.message)).at(at).hint(e.hint)
}

/// The bytes of one part, unpacked up to [`MAX_PART_BYTES`].
fn part<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>, name: &str, shown: &str) -> Result<Vec<u8>> {
    let damaged = |e: &dyn std::fmt::Display| {
        Error::build(format!("the part `{name}` of the workbook cannot be unpacked ({e})"))
            .at(shown)
            .hint("the file is damaged or incomplete: open it in Excel or WPS and save it again")
    };
    let f = zip.by_name(name).map_err(|e| damaged(&e))?;
    let declared = f.size();
    if declared > MAX_PART_BYTES {
        return Err(too_large(name, declared, shown));
    }
    let mut out = Vec::with_capacity(usize::try_from(declared).unwrap_or(0));
    f.take(MAX_PART_BYTES + 1).read_to_end(&mut out).map_err(|e| damaged(&e))?;
    if out.len() as u64 > MAX_PART_BYTES {
        return Err(too_large(name, out.len() as u64, shown));
    }
    Ok(out)
}

fn too_large(name: &str, size: u64, shown: &str) -> Error {
    Error::build(format!(
        "the part `{name}` of the workbook unpacks to more than {} MB (deckgen reads parts up to {} MB)",
        size.max(MAX_PART_BYTES + 1) >> 20,
        MAX_PART_BYTES >> 20
    ))
    .at(shown)
    .hint("a sheet this large is not a report's data: keep the sheets the deck reads in a workbook of their own")
}

/// The sheets (in the workbook's order), shared strings and styles, from the
/// package's relationships, the workbook part and its relationships. None
/// when the package has no workbook part we can find.
fn parts<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>, shown: &str) -> Result<Option<Parts>> {
    let text = |zip: &mut zip::ZipArchive<R>, name: &str| -> Result<Option<String>> {
        if zip.index_for_name(name).is_none() {
            return Ok(None);
        }
        Ok(String::from_utf8(part(zip, name, shown)?).ok())
    };
    // The workbook part: where the package's relationships say, else the usual place.
    let mut wb_name = "xl/workbook.xml".to_string();
    if let Some(root) = text(zip, "_rels/.rels")? {
        for tag in tags(&root, "Relationship") {
            if attr(tag, "Type").is_some_and(|t| t.ends_with("/officeDocument"))
                && let Some(t) = attr(tag, "Target")
            {
                wb_name = resolve_target("", &unescape(&t));
            }
        }
    }
    let Some(wb) = text(zip, &wb_name)? else { return Ok(None) };
    let Some(rels) = text(zip, &rels_name(&wb_name))? else { return Ok(None) };
    let wb_dir = wb_name.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    let mut targets = std::collections::HashMap::new();
    let (mut strings, mut styles) = (None, None);
    for tag in tags(&rels, "Relationship") {
        let (Some(id), Some(t)) = (attr(tag, "Id"), attr(tag, "Target")) else { continue };
        if attr(tag, "TargetMode").is_some_and(|m| m == "External") {
            continue;
        }
        let t = unescape(&t);
        let mut path = resolve_target(&wb_dir, &t);
        // Some writers give targets from the package root without the `/`.
        if zip.index_for_name(&path).is_none() && zip.index_for_name(&resolve_target("", &t)).is_some() {
            path = resolve_target("", &t);
        }
        let kind = attr(tag, "Type").unwrap_or_default();
        if kind.ends_with("/sharedStrings") {
            strings = Some(path.clone());
        } else if kind.ends_with("/styles") {
            styles = Some(path.clone());
        }
        targets.insert(id, (path, kind));
    }
    let mut sheets = Vec::new();
    for tag in tags(&wb, "sheet") {
        let id = attr(tag, "r:id").or_else(|| {
            // Any prefix bound to the relationships namespace.
            tag.split_whitespace()
                .find_map(|a| a.split_once(":id=").map(|(_, v)| v.trim_matches(['"', '\'', '/', '>']).to_string()))
        });
        if let (Some(name), Some(id)) = (attr(tag, "name"), id)
            && let Some((path, kind)) = targets.get(&id)
        {
            // Chart sheets and dialog sheets hold no cells.
            if !kind.ends_with("/worksheet") {
                continue;
            }
            let size = zip.by_name(path).map(|f| f.size()).unwrap_or(0);
            sheets.push((unescape(&name), path.clone(), size));
        }
    }
    Ok(Some(Parts { sheets, strings, styles, date1904: xlsx_cells::date1904(wb.as_bytes()) }))
}

/// `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`.
fn rels_name(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// A relationship target as a zip entry name: relative to the folder of
/// its source part (`worksheets/sheet1.xml`, `../xl/styles.xml`), or from
/// the package root when it starts with `/`.
fn resolve_target(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> =
        if target.starts_with('/') { Vec::new() } else { dir.split('/').filter(|s| !s.is_empty()).collect() };
    for seg in target.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The attribute text of each `<name …>` start tag in `xml` (a `>` inside a
/// quoted attribute value does not end the tag).
fn tags<'a>(xml: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let open = format!("<{name}");
    let mut rest = xml;
    std::iter::from_fn(move || {
        loop {
            let i = rest.find(&open)?;
            let after = &rest[i + open.len()..];
            let end = tag_end(after)?;
            rest = &after[end..];
            // `<sheet` must not match `<sheets`.
            if after.starts_with([' ', '\t', '\r', '\n', '/', '>']) {
                return Some(&after[..end]);
            }
        }
    })
}

/// Where the `>` that closes a tag is, skipping quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '>') => return Some(i),
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    None
}

/// The value of `name="…"` (or `name='…'`) in a tag's attribute text.
fn attr(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    loop {
        let i = rest.find(name)?;
        let before_ok = i == 0 || rest.as_bytes()[i - 1].is_ascii_whitespace();
        let after = rest[i + name.len()..].trim_start();
        if before_ok && let Some(v) = after.strip_prefix('=') {
            let v = v.trim_start();
            let q = v.chars().next()?;
            if q == '"' || q == '\'' {
                let body = &v[1..];
                return body.find(q).map(|j| body[..j].to_string());
            }
        }
        rest = &rest[i + name.len()..];
    }
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_attributes() {
        let wb = r#"<workbook><sheets><sheet name="日数据" sheetId="1" r:id="rId1"/><sheet name="A&amp;B" sheetId="2" r:id="rId2"/></sheets></workbook>"#;
        let t: Vec<&str> = tags(wb, "sheet").collect();
        assert_eq!(t.len(), 2);
        assert_eq!(attr(t[0], "name").as_deref(), Some("日数据"));
        assert_eq!(attr(t[0], "r:id").as_deref(), Some("rId1"));
        assert_eq!(attr(t[0], "id"), None);
        assert_eq!(unescape(&attr(t[1], "name").unwrap()), "A&B");
        let m = r#"<mergeCells count="2"><mergeCell ref="A1:B1"/><mergeCell ref="C1:C2"/></mergeCells>"#;
        let refs: Vec<String> = tags(m, "mergeCell").filter_map(|t| attr(t, "ref")).collect();
        assert_eq!(refs, ["A1:B1", "C1:C2"]);
    }

    #[test]
    fn single_quotes_and_greater_than_in_values() {
        let wb = r#"<sheets><sheet name='a>b' r:id='rId1'/><sheet name="c" r:id="rId2"/></sheets>"#;
        let t: Vec<&str> = tags(wb, "sheet").collect();
        assert_eq!(t.len(), 2);
        assert_eq!(attr(t[0], "name").as_deref(), Some("a>b"));
        assert_eq!(attr(t[0], "r:id").as_deref(), Some("rId1"));
        assert_eq!(attr(t[1], "name").as_deref(), Some("c"));
    }

    #[test]
    fn relationship_targets() {
        assert_eq!(resolve_target("xl", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve_target("xl", "/xl/worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve_target("xl", "../xl/styles.xml"), "xl/styles.xml");
        assert_eq!(resolve_target("xl/sub", "../worksheets/./s.xml"), "xl/worksheets/s.xml");
        assert_eq!(resolve_target("", "xl/workbook.xml"), "xl/workbook.xml");
        assert_eq!(resolve_target("xl", "../../../../etc/passwd"), "etc/passwd");
        assert_eq!(rels_name("xl/workbook.xml"), "xl/_rels/workbook.xml.rels");
    }
}
