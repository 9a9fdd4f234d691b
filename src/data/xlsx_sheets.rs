//! The sheets of an .xlsx in one pass each: values and formula marks come
//! from one walk over the sheet XML (calamine's cell reader), and merged
//! ranges from the `<mergeCells>` list at the end of the part, found without
//! parsing the cells again. Reading values, formulas and merges separately
//! walked every sheet three times, which dominated the time of a build.

use super::source::{Grid, cell_of};
use super::value::Cell;
use crate::error::{Error, Result};
use calamine::{Reader, Xlsx};
use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

/// Reads every sheet of the workbook in `bytes`, sheets spread over the
/// cores (each worker opens its own reader on the same bytes).
pub fn read(bytes: &[u8], shown: &str) -> Result<Vec<Grid>> {
    use rayon::prelude::*;
    let open = || -> Result<Xlsx<Cursor<&[u8]>>> {
        Xlsx::new(Cursor::new(bytes)).map_err(|e| {
            Error::build(format!("cannot open the workbook ({e})"))
                .at(shown)
                .hint("deckgen reads .xlsx, .xlsm, .xls, .xlsb, .ods and .csv files")
        })
    };
    let names = open()?.sheet_names().to_vec();
    let parts = sheet_parts(bytes);
    // Largest sheets first, so that two workers finish together.
    let mut order: Vec<usize> = (0..names.len()).collect();
    let size = |i: &usize| parts.get(&names[*i]).map(|p| p.1).unwrap_or(0);
    order.sort_by_key(|i| std::cmp::Reverse(size(i)));
    let mut grids: Vec<(usize, Result<Grid>)> = order
        .par_iter()
        .with_max_len(1)
        .map_init(
            || open().ok().zip(zip::ZipArchive::new(Cursor::new(bytes)).ok()),
            |readers, &i| {
                let name = &names[i];
                let Some((wb, zip)) = readers else {
                    return (
                        i,
                        Err(open().err().unwrap_or_else(|| Error::build("cannot open the workbook").at(shown))),
                    );
                };
                let t0 = std::time::Instant::now();
                let merged = parts.get(name).map(|(p, _)| merged_ranges(zip, p)).unwrap_or_default();
                let t1 = t0.elapsed();
                let r = (i, sheet(wb, name, shown).map(|g| Grid { merged, ..g }));
                if std::env::var_os("DECKGEN_TIMING").is_some() {
                    eprintln!(
                        "            sheet {name}: merges {:.2} ms, cells {:.2} ms",
                        t1.as_secs_f64() * 1e3,
                        (t0.elapsed() - t1).as_secs_f64() * 1e3
                    );
                }
                r
            },
        )
        .collect();
    grids.sort_by_key(|(i, _)| *i);
    grids.into_iter().map(|(_, g)| g).collect()
}

/// The cells of one sheet and the positions that hold formulas.
fn sheet(wb: &mut Xlsx<Cursor<&[u8]>>, name: &str, shown: &str) -> Result<Grid> {
    let cant = |e: &dyn std::fmt::Display| Error::build(format!("cannot read sheet `{name}` ({e})")).at(shown);
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut formulas = HashSet::new();
    let mut cells = wb.worksheet_cells_reader(name).map_err(|e| cant(&e))?;
    while let Some(c) = cells.next_cell_with_formula_metadata().map_err(|e| cant(&e))? {
        let (r, col) = (c.pos.0 as usize, c.pos.1 as usize);
        if c.formula.is_some() {
            formulas.insert(c.pos);
        }
        let cell = match c.value {
            // Shared strings are copied once, not through `Data`.
            calamine::DataRef::SharedString(s) if !s.trim().is_empty() => Cell::Text(s.to_string()),
            calamine::DataRef::SharedString(_) => Cell::Empty,
            v => cell_of(&calamine::Data::from(v)),
        };

        if cell == Cell::Empty {
            continue;
        }
        if rows.len() <= r {
            rows.resize_with(r + 1, Vec::new);
        }
        let row = &mut rows[r];
        if row.len() <= col {
            row.resize(col + 1, Cell::Empty);
        }
        row[col] = cell;
    }
    Ok(Grid { name: name.to_string(), rows, merged: Vec::new(), formulas })
}

/// Sheet name → part name (`xl/worksheets/sheet1.xml`) and its size, from
/// the workbook part and its relationships. Anything unreadable gives an
/// empty map (merged cells are then not known, values still are).
fn sheet_parts(bytes: &[u8]) -> HashMap<String, (String, u64)> {
    let mut out = HashMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return out };
    let mut text = |name: &str| -> Option<String> {
        let mut s = String::new();
        zip.by_name(name).ok()?.read_to_string(&mut s).ok()?;
        Some(s)
    };
    let (Some(wb), Some(rels)) = (text("xl/workbook.xml"), text("xl/_rels/workbook.xml.rels")) else { return out };
    let mut targets = HashMap::new();
    for tag in tags(&rels, "Relationship") {
        if let (Some(id), Some(t)) = (attr(tag, "Id"), attr(tag, "Target")) {
            let t = t.trim_start_matches('/');
            let path = if t.starts_with("xl/") { t.to_string() } else { format!("xl/{t}") };
            targets.insert(id, path);
        }
    }
    for tag in tags(&wb, "sheet") {
        let id = attr(tag, "r:id").or_else(|| {
            // Any prefix bound to the relationships namespace.
            tag.split_whitespace()
                .find_map(|a| a.split_once(":id=").map(|(_, v)| v.trim_matches(['"', '\'', '/', '>']).to_string()))
        });
        if let (Some(name), Some(id)) = (attr(tag, "name"), id)
            && let Some(path) = targets.get(&id)
        {
            let size = zip.by_name(path).map(|f| f.size()).unwrap_or(0);
            out.insert(unescape(&name), (path.clone(), size));
        }
    }
    out
}

/// The merged ranges listed at the end of a sheet part.
fn merged_ranges<R: std::io::Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    part: &str,
) -> Vec<(u32, u32, u32, u32)> {
    // Bytes into a buffer of the known size: no regrowth and no UTF-8 check
    // of the cells, which are not read here.
    let Ok(mut f) = zip.by_name(part) else { return Vec::new() };
    let mut xml = Vec::with_capacity(usize::try_from(f.size()).unwrap_or(0));
    if f.read_to_end(&mut xml).is_err() {
        return Vec::new();
    }
    const MARK: &[u8] = b"<mergeCells";
    let Some(at) = xml.windows(MARK.len()).rposition(|w| w == MARK) else { return Vec::new() };
    let Ok(tail) = std::str::from_utf8(&xml[at..]) else { return Vec::new() };
    tags(tail, "mergeCell")
        .filter_map(|t| attr(t, "ref"))
        .filter_map(|r| {
            let (a, b) = r.split_once(':').unwrap_or((&r, &r));
            let (r0, c0) = super::parse_cell(a)?;
            let (r1, c1) = super::parse_cell(b)?;
            Some((r0, c0, r1, c1))
        })
        .collect()
}

/// The attribute text of each `<name …>` start tag in `xml`.
fn tags<'a>(xml: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let open = format!("<{name}");
    let mut rest = xml;
    std::iter::from_fn(move || {
        loop {
            let i = rest.find(&open)?;
            let after = &rest[i + open.len()..];
            let end = after.find('>')?;
            rest = &after[end..];
            // `<sheet` must not match `<sheets`.
            if after.starts_with([' ', '\t', '\r', '\n', '/', '>']) {
                return Some(&after[..end]);
            }
        }
    })
}

/// The value of `name="…"` in a tag's attribute text.
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
}
