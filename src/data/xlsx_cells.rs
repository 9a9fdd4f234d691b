//! The cells of an .xlsx sheet part, read straight from its XML.
//!
//! A sheet part is a long, regular list of `<row>`s of
//! `<c r="B3" s="2" t="s">` cells, each with a `<v>` value and maybe an
//! `<f>` formula or an `<is>` inline string. Finding each `<` with memchr and
//! looking only at the few tags that carry cells reads a sheet several times
//! faster than a general XML event reader did, and reading the workbook
//! dominated the time of a build. What the cells need from the rest of the
//! workbook (shared strings, which styles make a number a date, the 1904
//! date system) is read once per workbook into a [`Book`].
//!
//! The tests of `source.rs` compare every sheet read here with calamine's
//! reading of the same workbook: the shipped data, the test fixtures, and
//! the specimens saved by Excel and LibreOffice in tests/specimens/.

use super::date::{self, Date, DateText};
use super::value::Cell;
use super::xlsx_scan::{attr, each_attr, next_tag, raw_text, rich_text, text};
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What the cells of every sheet need from the rest of the workbook.
#[derive(Debug, Default)]
pub struct Book {
    /// The shared strings, in order (`t="s"` cells hold an index).
    pub strings: Vec<String>,
    /// For each cell style (the `s` index): how its numbers read.
    pub styles: Vec<NumKind>,
    /// Serial numbers count from 1904-01-01 (old Mac Excel workbooks).
    pub date1904: bool,
}

/// How a style shows a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumKind {
    Number,
    Date,
    /// `[h]:mm:ss` and the like: a length of time, kept as a number.
    Duration,
}

/// One sheet's cells, the positions holding formulas, and merged ranges.
#[derive(Debug, Default)]
pub struct Sheet {
    pub rows: Vec<Vec<Cell>>,
    pub formulas: HashSet<(u32, u32)>,
    pub merged: Vec<(u32, u32, u32, u32)>,
}

/// Reads `xl/sharedStrings.xml`.
pub fn shared_strings(xml: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(tag) = next_tag(xml, &mut pos) {
        match tag.name {
            b"sst" if !tag.closing => {
                let n = attr(tag.attrs, b"uniqueCount").and_then(|v| std::str::from_utf8(v).ok()?.parse().ok());
                out.reserve(n.unwrap_or(0usize).min(1 << 20));
            }
            b"si" if !tag.closing => {
                out.push(if tag.empty { String::new() } else { rich_text(xml, &mut pos, b"si") });
            }
            _ => {}
        }
    }
    out
}

/// Reads `xl/styles.xml`: for each cell style, whether its number format
/// shows a date, a duration or a number.
pub fn styles(xml: &[u8]) -> Vec<NumKind> {
    let mut custom = std::collections::HashMap::new();
    let mut out = Vec::new();
    let mut in_cell_xfs = false;
    let mut pos = 0;
    while let Some(tag) = next_tag(xml, &mut pos) {
        match (tag.name, tag.closing) {
            (b"numFmt", false) => {
                if let (Some(id), Some(code)) = (attr(tag.attrs, b"numFmtId"), attr(tag.attrs, b"formatCode")) {
                    custom.insert(id.to_vec(), format_kind(&text(code)));
                }
            }
            (b"cellXfs", closing) => in_cell_xfs = !closing && !tag.empty,
            (b"xf", false) if in_cell_xfs => {
                let id = attr(tag.attrs, b"numFmtId").unwrap_or(b"0");
                let kind = custom.get(id).copied().unwrap_or_else(|| builtin_kind(id));
                out.push(kind);
            }
            _ => {}
        }
    }
    out
}

/// Whether the workbook part sets the 1904 date system.
pub fn date1904(workbook_xml: &[u8]) -> bool {
    let mut pos = 0;
    while let Some(tag) = next_tag(workbook_xml, &mut pos) {
        if tag.name == b"workbookPr" && !tag.closing {
            return matches!(attr(tag.attrs, b"date1904"), Some(b"1" | b"true"));
        }
    }
    false
}

/// The built-in number formats of ECMA-376 Part 1, 18.8.30 that show dates
/// and times (14–22, 45–47, and the East Asian 27–36 and 50–58).
fn builtin_kind(id: &[u8]) -> NumKind {
    match std::str::from_utf8(id).ok().and_then(|s| s.parse::<u32>().ok()) {
        Some(46) => NumKind::Duration,
        Some(14..=22 | 45 | 47 | 27..=36 | 50..=58) => NumKind::Date,
        _ => NumKind::Number,
    }
}

/// What a custom format code shows, judged by its first section: elapsed
/// time in brackets (`[h]:mm`) is a duration; otherwise any of d, m, y, h, s
/// outside quotes, brackets and escapes makes it a date or time.
fn format_kind(code: &str) -> NumKind {
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            ';' => break,
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            // The next character is a literal (`\-`), a space the width of
            // it (`_)`) or the fill (`* `).
            '\\' | '_' | '*' => {
                chars.next();
            }
            '[' => {
                let inside: String = chars.by_ref().take_while(|&b| b != ']').collect();
                let lower = inside.to_ascii_lowercase();
                if !lower.is_empty() && lower.chars().all(|b| matches!(b, 'h' | 'm' | 's')) {
                    return NumKind::Duration;
                }
            }
            'd' | 'm' | 'y' | 'h' | 's' | 'D' | 'M' | 'Y' | 'H' | 'S' => return NumKind::Date,
            _ => {}
        }
    }
    NumKind::Number
}

/// Excel's last row and column (ECMA-376 Part 1, 18.3.1.73: `A1`…`XFD1048576`).
pub const MAX_ROWS: u32 = 1_048_576;
pub const MAX_COLS: u32 = 16_384;

/// Why a sheet cannot be read, and at which cell (0-based row, column).
#[derive(Debug, Clone, PartialEq)]
pub struct SheetError {
    pub cell: Option<(u32, u32)>,
    pub message: String,
    pub hint: &'static str,
}

const DAMAGED: &str = "the workbook is damaged: open it in Excel or WPS, save it again and build again";

/// `B3` → (row 2, column 1); None when it is not a cell reference.
fn cell_ref(r: &[u8]) -> Option<(u32, u32)> {
    let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if letters == 0 || letters > 3 || letters == r.len() {
        return None;
    }
    let mut col = 0u32;
    for b in &r[..letters] {
        col = col * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1);
    }
    let row: u32 = std::str::from_utf8(&r[letters..]).ok()?.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

/// A cell reference checked against the limits of the format.
fn checked_ref(r: &[u8]) -> Result<(u32, u32), SheetError> {
    let (row, col) = cell_ref(r).ok_or_else(|| SheetError {
        cell: None,
        message: format!("`{}` is not a cell reference", String::from_utf8_lossy(&r[..r.len().min(20)])),
        hint: DAMAGED,
    })?;
    within_limits(row, col).map(|_| (row, col))
}

/// Whether (row, col) is inside Excel's grid.
fn within_limits(row: u32, col: u32) -> Result<(), SheetError> {
    if row >= MAX_ROWS || col >= MAX_COLS {
        return Err(SheetError {
            cell: None,
            message: format!(
                "a cell at row {} column {} is outside Excel's sheet ({MAX_ROWS} rows × {MAX_COLS} columns, up to XFD{MAX_ROWS})",
                u64::from(row) + 1,
                u64::from(col) + 1
            ),
            hint: DAMAGED,
        });
    }
    Ok(())
}

/// One cell's value from its type, style, `<v>` text and inline string.
fn cell(t: &[u8], style: Option<usize>, v: Option<&[u8]>, inline: Option<String>, book: &Book) -> Result<Cell, String> {
    let words = |s: String| if s.trim().is_empty() { Cell::Empty } else { Cell::Text(s) };
    Ok(match t {
        b"inlineStr" => inline.map(words).unwrap_or(Cell::Empty),
        _ if v.is_none() => Cell::Empty,
        b"s" => {
            let raw = v.and_then(|v| std::str::from_utf8(v).ok()).unwrap_or("").trim();
            if raw.is_empty() {
                return Ok(Cell::Empty);
            }
            match raw.parse::<usize>().ok().and_then(|i| book.strings.get(i)) {
                Some(s) if !s.trim().is_empty() => Cell::Text(s.clone()),
                Some(_) => Cell::Empty,
                None => {
                    let raw: String = raw.chars().take(20).collect();
                    return Err(format!(
                        "the cell refers to shared string {raw}, but the workbook has {} shared strings",
                        book.strings.len()
                    ));
                }
            }
        }
        b"str" => words(text(v.unwrap_or_default())),
        b"b" => Cell::Bool(matches!(v, Some(b"1" | b"true"))),
        b"e" => Cell::Error(text(v.unwrap_or_default())),
        b"d" => {
            let s = text(v.unwrap_or_default());
            match date::parse_text(&s) {
                Some(DateText::Day(d)) => Cell::Date(d),
                _ => words(s),
            }
        }
        _ => {
            let v = v.unwrap_or_default();
            let n = std::str::from_utf8(v).ok().and_then(|s| s.trim().parse::<f64>().ok());
            let Some(n) = n.filter(|n| n.is_finite()) else { return Ok(words(text(v))) };

            match style.and_then(|s| book.styles.get(s)) {
                Some(NumKind::Date) => {
                    let serial = if book.date1904 { n + 1462.0 } else { n };
                    Date::from_excel(serial).map(Cell::Date).unwrap_or(Cell::Num(n))
                }
                _ => Cell::Num(n),
            }
        }
    })
}

/// Reads one sheet part. `budget` is the number of cells (empty ones inside
/// a row included) the workbook may still take; it is shared by the sheets
/// read in parallel and bounds the memory a sheet can claim.
pub fn sheet(xml: &[u8], book: &Book, budget: &AtomicUsize) -> Result<Sheet, SheetError> {
    let mut budget = Budget { shared: budget, local: 0 };
    let r = read_sheet(xml, book, &mut budget);
    budget.shared.fetch_add(budget.local, Ordering::Relaxed);
    r
}

/// The sheet's share of the workbook's budget, taken from the shared one in
/// chunks (one atomic operation per cell made the two cores contend).
struct Budget<'a> {
    shared: &'a AtomicUsize,
    local: usize,
}

impl Budget<'_> {
    const CHUNK: usize = 1 << 16;

    fn take(&mut self, n: usize) -> Result<(), SheetError> {
        if self.local < n {
            // A chunk, or (near the end of the budget) just what is needed.
            let got = [Self::CHUNK.max(n), n].into_iter().find(|&want| {
                self.shared.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| left.checked_sub(want)).is_ok()
            });
            match got {
                Some(g) => self.local += g,
                None => return Err(too_many_cells()),
            }
        }
        self.local -= n;
        Ok(())
    }
}

fn read_sheet(xml: &[u8], book: &Book, budget: &mut Budget) -> Result<Sheet, SheetError> {
    let mut out = Sheet::default();
    // Where the next `<row>` or `<c>` without a reference goes.
    let (mut row, mut next_row, mut next_col) = (0u32, 0u32, 0u32);
    let mut pos = 0;
    while let Some(tag) = next_tag(xml, &mut pos) {
        if tag.closing {
            continue;
        }
        match tag.name {
            b"row" => {
                row = match attr(tag.attrs, b"r") {
                    Some(r) => {
                        let n = std::str::from_utf8(r).ok().and_then(|v| v.trim().parse::<u32>().ok());
                        match n.and_then(|n| n.checked_sub(1)) {
                            Some(n) => n,
                            None => {
                                let shown = String::from_utf8_lossy(&r[..r.len().min(20)]).into_owned();
                                return Err(SheetError {
                                    cell: None,
                                    message: format!("`{shown}` is not a row number"),
                                    hint: DAMAGED,
                                });
                            }
                        }
                    }
                    None => next_row,
                };
                within_limits(row, 0)?;
                next_row = row + 1;
                next_col = 0;
            }
            b"c" => {
                let (mut at, mut t, mut style) = (None, &b"n"[..], None);
                let mut bad_ref = None;
                each_attr(tag.attrs, |name, value| {
                    match name {
                        b"r" => match checked_ref(value) {
                            Ok(x) => at = Some(x),
                            Err(e) => bad_ref = Some(e),
                        },
                        b"t" => t = value,
                        b"s" => style = std::str::from_utf8(value).ok().and_then(|s| s.parse().ok()),
                        _ => {}
                    }
                    true
                });
                if let Some(e) = bad_ref {
                    return Err(e);
                }
                let col;
                (row, col) = at.unwrap_or((row, next_col));
                within_limits(row, col)?;
                (next_row, next_col) = (row + 1, col + 1);
                let (mut v, mut inline, mut formula) = (None, None, false);
                // Most cells are `<v>…</v></c>`: read that without the
                // general walk over the children.
                if !tag.empty && xml[pos..].starts_with(b"<v>") {
                    let raw = raw_text(xml, pos + 3);
                    let after = pos + 3 + raw.len();
                    if xml[after..].starts_with(b"</v></c>") {
                        v = Some(raw);
                        pos = after + 8;
                    }
                }
                if !tag.empty && v.is_none() {
                    while let Some(child) = next_tag(xml, &mut pos) {
                        match (child.name, child.closing) {
                            (b"c", true) => break,
                            (b"v", false) if !child.empty => v = Some(raw_text(xml, pos)),
                            (b"f", false) => formula = true,
                            (b"is", false) if !child.empty => inline = Some(rich_text(xml, &mut pos, b"is")),
                            _ => {}
                        }
                    }
                }
                if formula {
                    out.formulas.insert((row, col));
                }
                let value = cell(t, style, v, inline, book).map_err(|message| SheetError {
                    cell: Some((row, col)),
                    message,
                    hint: DAMAGED,
                })?;
                if value == Cell::Empty {
                    continue;
                }
                let (r, c) = (row as usize, col as usize);
                // New rows and cells, counted against the budget first, and
                // text by its size: a million cells that each name one long
                // shared string would otherwise copy it a million times.
                let new_rows = (r + 1).saturating_sub(out.rows.len());
                let new_cells = (c + 1).saturating_sub(out.rows.get(r).map_or(0, Vec::len));
                let text = match &value {
                    Cell::Text(t) => t.len() / 32,
                    _ => 0,
                };
                budget.take(new_rows + new_cells + text).map_err(|mut e| {
                    e.cell = Some((row, col));
                    e
                })?;
                if out.rows.len() <= r {
                    out.rows.resize_with(r + 1, Vec::new);
                }
                let cells = &mut out.rows[r];
                if cells.len() <= c {
                    cells.resize(c + 1, Cell::Empty);
                }
                cells[c] = value;
            }
            b"mergeCell" => {
                let Some(r) = attr(tag.attrs, b"ref") else { continue };
                let mut ends = r.splitn(2, |&b| b == b':');
                let a = ends.next().and_then(cell_ref);
                let b = ends.next().map_or(a, cell_ref);
                if let (Some((r0, c0)), Some((r1, c1))) = (a, b) {
                    if out.merged.len() >= MAX_MERGES {
                        return Err(SheetError {
                            cell: Some((r0, c0)),
                            message: format!("the sheet has more than {MAX_MERGES} merged ranges"),
                            hint: "unmerge the cells the deck does not need (开始 → 合并后居中 → 取消单元格合并)",
                        });
                    }
                    out.merged.push((
                        r0.min(MAX_ROWS - 1),
                        c0.min(MAX_COLS - 1),
                        r1.min(MAX_ROWS - 1),
                        c1.min(MAX_COLS - 1),
                    ));
                }
            }
            _ => {}
        }
    }
    out.merged.sort_unstable();
    out.merged.dedup();
    Ok(out)
}

fn too_many_cells() -> SheetError {
    SheetError {
        cell: None,
        message: format!(
            "the workbook holds more than {} million cells (counting the empty ones between them), more than deckgen reads",
            MAX_CELLS / 1_000_000
        ),
        hint: "keep the sheets the deck reads in a workbook of their own, or delete stray cells far to the right or below the data",
    }
}

/// Most merged ranges in one sheet.
pub const MAX_MERGES: usize = 100_000;

/// Most cells a workbook may hold, empty cells inside the used rows
/// included, and text counted as one cell per 32 bytes: this bounds the
/// memory of reading one (a cell takes 32 bytes) to about 256 MB.
pub const MAX_CELLS: usize = 8_000_000;

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> Book {
        Book {
            strings: vec!["月份".into(), "  ".into(), "店铺销售额".into()],
            styles: vec![NumKind::Number, NumKind::Date, NumKind::Duration],
            date1904: false,
        }
    }

    #[test]
    fn cells_of_every_type() {
        let xml = r#"<?xml version="1.0"?><worksheet xmlns="x"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>
<row r="3" spans="1:5"><c r="A3" s="1"><v>46023</v></c><c r="B3"><v>1234.5</v></c>
<c r="C3" t="str"><f>A1&amp;"x"</f><v>a&lt;b_x000D_</v></c><c r="D3" t="b"><v>1</v></c>
<c r="E3" t="e"><v>#DIV/0!</v></c><c r="F3"><f>SUM(B3)</f></c><c r="G3" s="2"><v>0.5</v></c>
<c r="H3" t="inlineStr"><is><r><t>客服</t></r><r><t xml:space="preserve">07 </t></r><rPh><t>kefu</t></rPh></is></c>
<c r="I3" t="d"><v>2026-11-03</v></c></row></sheetData>
<mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells></worksheet>"#
            .as_bytes();
        let s = sheet(xml, &book(), &AtomicUsize::new(MAX_CELLS)).unwrap();
        assert_eq!(s.rows.len(), 3);
        assert_eq!(s.rows[0], [Cell::Text("月份".into()), Cell::Empty, Cell::Text("店铺销售额".into())]);
        assert!(s.rows[1].is_empty());
        let r = &s.rows[2];
        assert_eq!(r[0], Cell::Date(Date::from_excel(46023.0).unwrap()));
        assert_eq!(r[1], Cell::Num(1234.5));
        assert_eq!(r[2], Cell::Text("a<b\r".into()));
        assert_eq!(r[3], Cell::Bool(true));
        assert_eq!(r[4], Cell::Error("#DIV/0!".into()));
        assert_eq!(r[5], Cell::Empty);
        assert_eq!(r[6], Cell::Num(0.5));
        assert_eq!(r[7], Cell::Text("客服07 ".into()));
        assert_eq!(r[8], Cell::Date(Date::from_excel(46329.0).unwrap()));
        assert_eq!(s.formulas, HashSet::from([(2, 2), (2, 5)]));
        assert_eq!(s.merged, [(0, 0, 0, 2)]);
    }

    #[test]
    fn positions_without_references_and_prefixed_names() {
        let xml = br#"<x:worksheet xmlns:x="x"><x:sheetData><x:row><x:c><x:v>1</x:v></x:c><x:c/><x:c><x:v>3</x:v></x:c></x:row>
<x:row><x:c t="inlineStr"><x:is><x:t>a &gt; b</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>"#;
        let s = sheet(xml, &Book::default(), &AtomicUsize::new(MAX_CELLS)).unwrap();
        assert_eq!(s.rows[0], [Cell::Num(1.0), Cell::Empty, Cell::Num(3.0)]);
        assert_eq!(s.rows[1], [Cell::Text("a > b".into())]);
    }

    #[test]
    fn comments_and_quoted_greater_than() {
        let xml =
            br#"<sheetData><!-- <c r="Z9"><v>9</v></c> --><row r="2"><c r="B2" x="a>b"><v>2</v></c></row></sheetData>"#;
        let s = sheet(xml, &Book::default(), &AtomicUsize::new(MAX_CELLS)).unwrap();
        assert_eq!(s.rows.len(), 2);
        assert_eq!(s.rows[1], [Cell::Empty, Cell::Num(2.0)]);
    }

    #[test]
    fn shared_strings_with_runs_and_phonetics() {
        let xml = r#"<sst uniqueCount="3"><si><t>店铺</t></si><si><r><rPr><b/></rPr><t>销售</t></r><r><t>额</t></r><rPh sb="0" eb="1"><t>x</t></rPh></si><si/><si><t>A&amp;B &#x4E00;&#19968;</t></si></sst>"#.as_bytes();
        assert_eq!(shared_strings(xml), ["店铺", "销售额", "", "A&B 一一"]);
    }

    #[test]
    fn number_formats() {
        for (code, kind) in [
            ("yyyy\"年\"m\"月\"", NumKind::Date),
            ("yyyy/m/d;@", NumKind::Date),
            ("[$-F800]dddd, mmmm dd, yyyy", NumKind::Date),
            ("h:mm AM/PM", NumKind::Date),
            ("[h]:mm:ss", NumKind::Duration),
            ("[mm]:ss", NumKind::Duration),
            ("#,##0.00", NumKind::Number),
            ("0.0%", NumKind::Number),
            ("#,##0 \"元\"", NumKind::Number),
            ("[Red]#,##0;[Blue]-#,##0", NumKind::Number),
            ("#,##0_);(#,##0)", NumKind::Number),
            ("[DBNum1][$-804]G/通用格式", NumKind::Number),
            ("0.00\"s\"", NumKind::Number),
            ("0.00\\s", NumKind::Number),
            ("General", NumKind::Number),
            ("@", NumKind::Number),
        ] {
            assert_eq!(format_kind(code), kind, "{code}");
        }
        assert_eq!(builtin_kind(b"14"), NumKind::Date);
        assert_eq!(builtin_kind(b"46"), NumKind::Duration);
        assert_eq!(builtin_kind(b"10"), NumKind::Number);
        let styles_xml = r#"<styleSheet><numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="176" applyNumberFormat="1"><alignment/></xf><xf numFmtId="46"/></cellXfs></styleSheet>"#.as_bytes();
        assert_eq!(styles(styles_xml), [NumKind::Number, NumKind::Date, NumKind::Duration]);
    }

    #[test]
    fn dates_in_the_1904_system() {
        assert!(date1904(br#"<workbook><workbookPr date1904="1"/></workbook>"#));
        assert!(!date1904(br#"<workbook><workbookPr defaultThemeVersion="1"/></workbook>"#));
        let book = Book { styles: vec![NumKind::Date], date1904: true, ..Book::default() };
        let s = sheet(br#"<row r="1"><c r="A1" s="0"><v>44561</v></c></row>"#, &book, &AtomicUsize::new(10)).unwrap();
        assert_eq!(s.rows[0][0], Cell::Date(Date::from_excel(46023.0).unwrap()));
    }

    #[test]
    fn references() {
        assert_eq!(cell_ref(b"A1"), Some((0, 0)));
        assert_eq!(cell_ref(b"AB12"), Some((11, 27)));
        assert_eq!(cell_ref(b"A0"), None);
        assert_eq!(cell_ref(b"12"), None);
        assert_eq!(cell_ref(b"AB"), None);
    }

    fn read(xml: &str) -> Result<Sheet, SheetError> {
        sheet(xml.as_bytes(), &book(), &AtomicUsize::new(MAX_CELLS))
    }

    #[test]
    fn single_quoted_attributes_may_hold_greater_than() {
        let s = read(r#"<row r='2'><c r='B2' x='a>b' t='s'><v>2</v></c><c r="C2" y='"' z="'>"><v>7</v></c></row>"#)
            .unwrap();
        assert_eq!(s.rows[1], [Cell::Empty, Cell::Text("店铺销售额".into()), Cell::Num(7.0)]);
    }

    #[test]
    fn text_as_an_xml_parser_reads_it() {
        // CDATA is text; CR LF is LF (XML 1.0, 2.11) and `_x000D_` the CR;
        // a `<t>` without xml:space="preserve" loses its surrounding blanks.
        let s = read(concat!(
            "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t><![CDATA[a<b]]></t></is></c>",
            "<c r=\"B1\" t=\"inlineStr\"><is><t>x_x000D_\r\ny</t></is></c>",
            "<c r=\"C1\" t=\"inlineStr\"><is><t>  z \n</t></is></c>",
            "<c r=\"D1\" t=\"inlineStr\"><is><t xml:space=\"preserve\"> z </t></is></c></row>"
        ))
        .unwrap();
        assert_eq!(
            s.rows[0],
            [Cell::Text("a<b".into()), Cell::Text("x\r\ny".into()), Cell::Text("z".into()), Cell::Text(" z ".into())]
        );
    }

    #[test]
    fn a_shared_string_that_does_not_exist_is_an_error_naming_the_cell() {
        let e = read(r#"<row r="4"><c r="C4" t="s"><v>57</v></c></row>"#).unwrap_err();
        assert_eq!(e.cell, Some((3, 2)));
        assert!(e.message.contains("shared string 57") && e.message.contains("has 3"), "{}", e.message);
        assert!(read(r#"<row r="4"><c r="C4" t="s"><v>x</v></c></row>"#).is_err());
        // An empty index is an empty cell, as Excel reads it.
        assert_eq!(read(r#"<row r="4"><c r="C4" t="s"><v></v></c></row>"#).unwrap().rows.len(), 0);
    }

    #[test]
    fn cells_outside_excels_grid_are_errors() {
        for xml in [
            r#"<row r="1"><c r="A4000000000"><v>1</v></c></row>"#,
            r#"<row r="1"><c r="A1048577"><v>1</v></c></row>"#,
            r#"<row r="1"><c r="XFE1"><v>1</v></c></row>"#,
            r#"<row r="4000000000"><c><v>1</v></c></row>"#,
            r#"<row r="0"><c><v>1</v></c></row>"#,
            r#"<row r="1"><c r="1A"><v>1</v></c></row>"#,
        ] {
            let e = read(xml).unwrap_err();
            assert_eq!(e.hint, DAMAGED, "{xml}");
        }
        let s = read(r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#);
        // The last cell of the grid is fine, but its row takes 1,048,576
        // rows and 16,384 cells of the budget.
        assert_eq!(s.unwrap().rows.len(), MAX_ROWS as usize);
    }

    #[test]
    fn the_cell_budget_bounds_what_a_sheet_takes() {
        let xml =
            br#"<row r="1"><c r="A1"><v>1</v></c><c r="J1"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c></row>"#;
        // 1 row + 10 cells, then 1 row + 1 cell.
        assert!(sheet(xml, &Book::default(), &AtomicUsize::new(13)).is_ok());
        let budget = AtomicUsize::new(12);
        let e = sheet(xml, &Book::default(), &budget).unwrap_err();
        assert_eq!(e.cell, Some((1, 0)));
        assert!(e.message.contains("million cells"), "{}", e.message);
    }
}
