//! The sheets of an .xlsx: the workbook part says which sheets there are
//! and where; each sheet part is read by [`super::xlsx_cells`] on its own
//! core, with the shared strings and number styles read once before.

use super::source::Grid;
use super::xlsx_cells::{self, Book};
use crate::error::{Error, Result};
use std::io::{Cursor, Read};

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
    let Some(parts) = parts(&mut zip) else { return Ok(None) };
    let t = std::time::Instant::now();
    let book = Book {
        strings: parts
            .strings
            .as_deref()
            .and_then(|p| part(&mut zip, p))
            .map(|x| xlsx_cells::shared_strings(&x))
            .unwrap_or_default(),
        styles: parts
            .styles
            .as_deref()
            .and_then(|p| part(&mut zip, p))
            .map(|x| xlsx_cells::styles(&x))
            .unwrap_or_default(),
        date1904: parts.date1904,
    };
    crate::timing::lap(2, "shared strings and styles", t);
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
                let Some(xml) = zip.as_mut().and_then(|z| part(z, path)) else {
                    let e =
                        Error::build(format!("cannot read sheet `{name}` (its part `{path}` is missing or damaged)"))
                            .at(shown)
                            .hint("open the workbook in Excel or WPS and save it again");
                    return (i, Err(e));
                };
                crate::timing::lap(2, format_args!("sheet {name} inflated"), t0);
                let s = xlsx_cells::sheet(&xml, &book);
                crate::timing::lap(2, format_args!("sheet {name} read"), t0);
                (i, Ok(Grid { name: name.clone(), rows: s.rows, merged: s.merged, formulas: s.formulas }))
            },
        )
        .collect();
    grids.sort_by_key(|(i, _)| *i);
    grids.into_iter().map(|(_, g)| g).collect::<Result<Vec<_>>>().map(Some)
}

/// The bytes of one part.
fn part<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Option<Vec<u8>> {
    let mut f = zip.by_name(name).ok()?;
    let mut out = Vec::with_capacity(usize::try_from(f.size()).unwrap_or(0).min(1 << 28));
    f.read_to_end(&mut out).ok()?;
    Some(out)
}

/// The sheets (in the workbook's order), shared strings and styles, from the
/// workbook part and its relationships. None when either is missing.
fn parts<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>) -> Option<Parts> {
    let wb = String::from_utf8(part(zip, "xl/workbook.xml")?).ok()?;
    let rels = String::from_utf8(part(zip, "xl/_rels/workbook.xml.rels")?).ok()?;
    let mut targets = std::collections::HashMap::new();
    let (mut strings, mut styles) = (None, None);
    for tag in tags(&rels, "Relationship") {
        let (Some(id), Some(t)) = (attr(tag, "Id"), attr(tag, "Target")) else { continue };
        let t = unescape(t.trim_start_matches('/'));
        let path = if t.starts_with("xl/") { t } else { format!("xl/{t}") };
        let kind = attr(tag, "Type").unwrap_or_default();
        if kind.ends_with("/sharedStrings") {
            strings = Some(path.clone());
        } else if kind.ends_with("/styles") {
            styles = Some(path.clone());
        }
        targets.insert(id, path);
    }
    let mut sheets = Vec::new();
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
            sheets.push((unescape(&name), path.clone(), size));
        }
    }
    Some(Parts { sheets, strings, styles, date1904: xlsx_cells::date1904(wb.as_bytes()) })
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
