//! A small .xlsx writer (our own, over the OPC package): several sheets,
//! numbers and text, number formats, a bold header style, column widths,
//! merged cells and frozen header rows. It writes what deckgen needs: the
//! workbooks embedded in charts (Edit Data), the blank templates of
//! `deckgen init`, and the sample data.

use crate::error::{Error, Result};
use crate::ns::{self, ct, rt};
use crate::opc::{Package, Part};
use crate::xml::{XmlWriter, num};
use std::collections::HashMap;

/// One cell value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Num(f64),
    Text(String),
    /// A formula (without `=`) and its cached value, when known.
    Formula(String, Option<f64>),
}

/// How a cell looks.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Style {
    /// Number format code (`0.0%`, `#,##0`, `yyyy-mm-dd`); empty = General.
    pub format: String,
    pub bold: bool,
    /// Header look: bold, filled, bordered.
    pub header: bool,
    /// Wrap text (long instructions).
    pub wrap: bool,
}

impl Style {
    pub fn fmt(format: &str) -> Style {
        Style { format: format.to_string(), ..Default::default() }
    }
    pub fn header() -> Style {
        Style { header: true, bold: true, ..Default::default() }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    rows: Vec<Vec<(Value, usize)>>,
    widths: Vec<(u32, f64)>,
    merges: Vec<String>,
    freeze_rows: u32,
}

/// A workbook being built.
#[derive(Debug, Clone, Default)]
pub struct Workbook {
    sheets: Vec<Sheet>,
    styles: Vec<Style>,
    style_ids: HashMap<Style, usize>,
}

/// `0` → `A`, `27` → `AB`.
pub fn col_name(mut c: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Checks a sheet name as Excel does: 1 to 31 characters, none of
/// `[ ] : * ? / \`, not starting or ending with `'`, not `History`.
pub fn check_sheet_name(name: &str) -> Result<()> {
    let n = name.chars().count();
    let bad = if n == 0 {
        Some("is empty".to_string())
    } else if n > 31 {
        Some(format!("has {n} characters (Excel allows 31)"))
    } else if let Some(c) = name.chars().find(|c| matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\')) {
        Some(format!("holds `{c}` (Excel allows none of [ ] : * ? / \\)"))
    } else if name.starts_with('\'') || name.ends_with('\'') {
        Some("starts or ends with `'`".to_string())
    } else if name.eq_ignore_ascii_case("history") {
        Some("is reserved by Excel".to_string())
    } else {
        None
    };
    match bad {
        Some(why) => Err(Error::build(format!("the sheet name `{}` {why}", crate::error::cut(name, 40)))
            .hint("give the sheet a shorter name without those characters")),
        None => Ok(()),
    }
}

/// Text as an OOXML `ST_Xstring` (ECMA-376 Part 1, 22.9.2.19): characters
/// XML cannot hold (control characters, and CR, which XML reads as LF) as
/// `_xHHHH_`, and a literal `_xHHHH_` with its `_` escaped (`_x005F_`), so
/// that Excel and PowerPoint show the text as it was.
pub fn xstring(s: &str) -> std::borrow::Cow<'_, str> {
    let special = |c: char| (c.is_control() && c != '\t' && c != '\n') || c == '_';
    if !s.contains(special) {
        return std::borrow::Cow::Borrowed(s);
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.char_indices() {
        let escape_x = c == '_'
            && b.get(i + 1) == Some(&b'x')
            && b.get(i + 2..i + 6).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
            && b.get(i + 6) == Some(&b'_');
        if escape_x {
            out.push_str("_x005F_");
        } else if c.is_control() && c != '\t' && c != '\n' && (c as u32) < 0x10000 {
            out.push_str(&format!("_x{:04X}_", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `(row 0, col 1)` → `B1`.
pub fn cell_ref(row: u32, col: u32) -> String {
    format!("{}{}", col_name(col), row + 1)
}

/// A sheet name quoted for a formula when needed: `'Sheet 1'!`.
pub fn quote_sheet(name: &str) -> String {
    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !name.is_empty() {
        name.to_string()
    } else {
        format!("'{}'", name.replace('\'', "''"))
    }
}

impl Workbook {
    pub fn new() -> Workbook {
        let mut wb = Workbook::default();
        wb.style(&Style::default());
        wb
    }

    /// The style index of `s` (registered on first use).
    pub fn style(&mut self, s: &Style) -> usize {
        if let Some(i) = self.style_ids.get(s) {
            return *i;
        }
        let i = self.styles.len();
        self.styles.push(s.clone());
        self.style_ids.insert(s.clone(), i);
        i
    }

    /// Adds a sheet and returns its index.
    pub fn add_sheet(&mut self, name: &str) -> usize {
        self.sheets.push(Sheet { name: name.to_string(), ..Default::default() });
        self.sheets.len() - 1
    }

    pub fn sheet_mut(&mut self, i: usize) -> &mut Sheet {
        &mut self.sheets[i]
    }

    /// Sets a cell.
    pub fn set(&mut self, sheet: usize, row: u32, col: u32, v: Value, style: &Style) {
        let s = self.style(style);
        let sh = &mut self.sheets[sheet];
        let (r, c) = (row as usize, col as usize);
        if sh.rows.len() <= r {
            sh.rows.resize(r + 1, Vec::new());
        }
        let row = &mut sh.rows[r];
        if row.len() <= c {
            row.resize(c + 1, (Value::Empty, 0));
        }
        row[c] = (v, s);
    }

    /// Writes the workbook as .xlsx bytes.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        self.write(false)
    }

    /// The .xlsx with its parts stored, for embedding in a deck (which
    /// deflates it as one part).
    pub fn to_embedded_bytes(&self) -> Result<Vec<u8>> {
        self.write(true)
    }

    fn write(&self, stored: bool) -> Result<Vec<u8>> {
        let mut seen = std::collections::HashSet::new();
        for sh in &self.sheets {
            check_sheet_name(&sh.name)?;
            if !seen.insert(sh.name.to_lowercase()) {
                return Err(Error::build(format!("two sheets of a workbook are named `{}`", sh.name))
                    .hint("Excel needs a different name for each sheet (letter case aside)"));
            }
        }
        let mut pkg = Package::new();
        pkg.rels.relate(rt::OFFICE_DOCUMENT, "/xl/workbook.xml");
        let mut strings: Vec<&str> = Vec::new();
        let mut string_ids: HashMap<&str, usize> = HashMap::new();
        let mut wb_part = Part::new("/xl/workbook.xml", ct::SML_WORKBOOK, Vec::new());
        let mut sheet_entries = Vec::new();
        for (i, sh) in self.sheets.iter().enumerate() {
            let name = format!("/xl/worksheets/sheet{}.xml", i + 1);
            let rid = wb_part.rels.relate(rt::WORKSHEET, &name);
            sheet_entries.push((sh.name.clone(), i + 1, rid));
            let xml = sheet_xml(sh, i == 0, &mut strings, &mut string_ids);
            pkg.add(Part::new(name, ct::SML_WORKSHEET, xml.into_bytes()));
        }
        wb_part.rels.relate(rt::STYLES, "/xl/styles.xml");
        wb_part.rels.relate(rt::SHARED_STRINGS, "/xl/sharedStrings.xml");
        let mut w = XmlWriter::new();
        w.open("workbook", &[("xmlns", ns::SML.into()), ("xmlns:r", ns::R.into())]);
        w.open("bookViews", &[]);
        w.empty("workbookView", &[("activeTab", "0".into())]);
        w.close("bookViews");
        w.open("sheets", &[]);
        for (name, id, rid) in &sheet_entries {
            w.empty(
                "sheet",
                &[("name", name.as_str().into()), ("sheetId", (*id).into()), ("r:id", rid.as_str().into())],
            );
        }
        w.close("sheets");
        w.close("workbook");
        wb_part.data = w.into_string().into_bytes();
        // The workbook part first, as Excel writes it.
        let mut parts = vec![wb_part];
        parts.push(Part::new("/xl/styles.xml", ct::SML_STYLES, self.styles_xml().into_bytes()));
        parts.push(Part::new("/xl/sharedStrings.xml", ct::SML_STRINGS, strings_xml(&strings).into_bytes()));
        for p in parts {
            pkg.add(p);
        }
        let mut out = std::io::Cursor::new(Vec::new());
        pkg.write_zip(&mut out, stored).map_err(|e| Error::build(format!("cannot write a workbook ({e})")))?;
        Ok(out.into_inner())
    }

    fn styles_xml(&self) -> String {
        let mut formats: Vec<(String, usize)> = Vec::new();
        let builtin = |f: &str| -> Option<usize> {
            Some(match f {
                "" | "General" => 0,
                "0" => 1,
                "0.00" => 2,
                "#,##0" => 3,
                "#,##0.00" => 4,
                "0%" => 9,
                "0.00%" => 10,
                "yyyy-mm-dd" => 14, // replaced below by a custom code for clarity
                _ => return None,
            })
        };
        let fmt_id = |f: &str, formats: &mut Vec<(String, usize)>| -> usize {
            if f != "yyyy-mm-dd"
                && let Some(b) = builtin(f)
            {
                return b;
            }
            if let Some((_, id)) = formats.iter().find(|(c, _)| *c == f) {
                return *id;
            }
            let id = 164 + formats.len();
            formats.push((f.to_string(), id));
            id
        };
        let ids: Vec<usize> = self.styles.iter().map(|s| fmt_id(&s.format, &mut formats)).collect();
        let mut w = XmlWriter::new();
        w.open("styleSheet", &[("xmlns", ns::SML.into())]);
        if !formats.is_empty() {
            w.open("numFmts", &[("count", formats.len().into())]);
            for (code, id) in &formats {
                w.empty("numFmt", &[("numFmtId", (*id).into()), ("formatCode", code.into())]);
            }
            w.close("numFmts");
        }
        w.open("fonts", &[("count", "3".into())]);
        for (bold, white) in [(false, false), (true, false), (true, true)] {
            w.open("font", &[]);
            if bold {
                w.empty("b", &[]);
            }
            w.val("sz", "11");
            if white {
                w.empty("color", &[("rgb", "FFFFFFFF".into())]);
            }
            w.val("name", "微软雅黑");
            w.val("family", "2");
            w.val("charset", "134");
            w.close("font");
        }
        w.close("fonts");
        w.open("fills", &[("count", "3".into())]);
        w.open("fill", &[]);
        w.empty("patternFill", &[("patternType", "none".into())]);
        w.close("fill");
        w.open("fill", &[]);
        w.empty("patternFill", &[("patternType", "gray125".into())]);
        w.close("fill");
        w.open("fill", &[]);
        w.open("patternFill", &[("patternType", "solid".into())]);
        w.empty("fgColor", &[("rgb", "FF2F5597".into())]);
        w.empty("bgColor", &[("indexed", "64".into())]);
        w.close("patternFill");
        w.close("fill");
        w.close("fills");
        w.open("borders", &[("count", "2".into())]);
        w.raw("<border><left/><right/><top/><bottom/><diagonal/></border>");
        w.raw("<border><left style=\"thin\"><color rgb=\"FFBFBFBF\"/></left><right style=\"thin\"><color rgb=\"FFBFBFBF\"/></right><top style=\"thin\"><color rgb=\"FFBFBFBF\"/></top><bottom style=\"thin\"><color rgb=\"FFBFBFBF\"/></bottom><diagonal/></border>");
        w.close("borders");
        w.open("cellStyleXfs", &[("count", "1".into())]);
        w.empty(
            "xf",
            &[("numFmtId", "0".into()), ("fontId", "0".into()), ("fillId", "0".into()), ("borderId", "0".into())],
        );
        w.close("cellStyleXfs");
        w.open("cellXfs", &[("count", self.styles.len().into())]);
        for (s, id) in self.styles.iter().zip(&ids) {
            let font = if s.header {
                2
            } else if s.bold {
                1
            } else {
                0
            };
            let fill = if s.header { 2 } else { 0 };
            let border = if s.header { 1 } else { 0 };
            let mut attrs: Vec<(&str, crate::xml::Val)> = vec![
                ("numFmtId", (*id).into()),
                ("fontId", (font as usize).into()),
                ("fillId", (fill as usize).into()),
                ("borderId", (border as usize).into()),
                ("xfId", "0".into()),
            ];
            if *id != 0 {
                attrs.push(("applyNumberFormat", "1".into()));
            }
            if font != 0 {
                attrs.push(("applyFont", "1".into()));
            }
            if fill != 0 {
                attrs.push(("applyFill", "1".into()));
            }
            if s.wrap || s.header {
                attrs.push(("applyAlignment", "1".into()));
                w.open("xf", &attrs);
                let mut al: Vec<(&str, crate::xml::Val)> = vec![("vertical", "center".into())];
                if s.header {
                    al.push(("horizontal", "center".into()));
                }
                if s.wrap {
                    al.push(("wrapText", "1".into()));
                }
                w.empty("alignment", &al);
                w.close("xf");
            } else {
                w.empty("xf", &attrs);
            }
        }
        w.close("cellXfs");
        w.open("cellStyles", &[("count", "1".into())]);
        w.empty("cellStyle", &[("name", "Normal".into()), ("xfId", "0".into()), ("builtinId", "0".into())]);
        w.close("cellStyles");
        w.close("styleSheet");
        w.into_string()
    }
}

impl Sheet {
    /// Sets a column's width (in characters).
    pub fn width(&mut self, col: u32, width: f64) {
        self.widths.retain(|(c, _)| *c != col);
        self.widths.push((col, width));
        self.widths.sort_by_key(|(c, _)| *c);
    }

    /// Merges a range like `A1:D1`.
    pub fn merge(&mut self, range: &str) {
        self.merges.push(range.to_string());
    }

    /// Keeps the first `n` rows visible while scrolling.
    pub fn freeze(&mut self, n: u32) {
        self.freeze_rows = n;
    }
}

fn sheet_xml<'a>(
    sh: &'a Sheet,
    selected: bool,
    strings: &mut Vec<&'a str>,
    ids: &mut HashMap<&'a str, usize>,
) -> String {
    let mut w = XmlWriter::new();
    w.open("worksheet", &[("xmlns", ns::SML.into()), ("xmlns:r", ns::R.into())]);
    let max_col = sh.rows.iter().map(Vec::len).max().unwrap_or(1).max(1) as u32;
    let max_row = sh.rows.len().max(1) as u32;
    w.empty("dimension", &[("ref", format!("A1:{}", cell_ref(max_row - 1, max_col - 1)).as_str().into())]);
    w.open("sheetViews", &[]);
    let mut view: Vec<(&str, crate::xml::Val)> = vec![("workbookViewId", "0".into())];
    if selected {
        view.insert(0, ("tabSelected", "1".into()));
    }
    if sh.freeze_rows > 0 {
        w.open("sheetView", &view);
        let top = cell_ref(sh.freeze_rows, 0);
        w.empty(
            "pane",
            &[
                ("ySplit", sh.freeze_rows.into()),
                ("topLeftCell", top.as_str().into()),
                ("activePane", "bottomLeft".into()),
                ("state", "frozen".into()),
            ],
        );
        w.close("sheetView");
    } else {
        w.empty("sheetView", &view);
    }
    w.close("sheetViews");
    w.empty("sheetFormatPr", &[("defaultRowHeight", "16.5".into())]);
    if !sh.widths.is_empty() {
        w.open("cols", &[]);
        for (c, width) in &sh.widths {
            let n = c + 1;
            w.empty(
                "col",
                &[
                    ("min", n.into()),
                    ("max", n.into()),
                    ("width", num(*width).as_str().into()),
                    ("customWidth", "1".into()),
                ],
            );
        }
        w.close("cols");
    }
    w.open("sheetData", &[]);
    for (r, row) in sh.rows.iter().enumerate() {
        if row.iter().all(|(v, _)| *v == Value::Empty) {
            continue;
        }
        w.open("row", &[("r", (r + 1).into())]);
        for (c, (v, s)) in row.iter().enumerate() {
            let rf = cell_ref(r as u32, c as u32);
            let mut attrs: Vec<(&str, crate::xml::Val)> = vec![("r", rf.as_str().into())];
            if *s != 0 {
                attrs.push(("s", (*s).into()));
            }
            match v {
                Value::Empty => {
                    if *s != 0 {
                        w.empty("c", &attrs);
                    }
                }
                Value::Num(n) if n.is_finite() => {
                    w.open("c", &attrs);
                    w.leaf("v", &[], &num(*n));
                    w.close("c");
                }
                Value::Num(_) => {}
                Value::Formula(f, cached) => {
                    w.open("c", &attrs);
                    w.leaf("f", &[], f);
                    if let Some(v) = cached.filter(|v| v.is_finite()) {
                        w.leaf("v", &[], &num(v));
                    }
                    w.close("c");
                }

                Value::Text(t) => {
                    let t = t.as_str();
                    let id = *ids.entry(t).or_insert_with(|| {
                        strings.push(t);
                        strings.len() - 1
                    });
                    attrs.push(("t", "s".into()));
                    w.open("c", &attrs);
                    w.leaf("v", &[], &id.to_string());
                    w.close("c");
                }
            }
        }
        w.close("row");
    }
    w.close("sheetData");
    if !sh.merges.is_empty() {
        w.open("mergeCells", &[("count", sh.merges.len().into())]);
        for m in &sh.merges {
            w.empty("mergeCell", &[("ref", m.as_str().into())]);
        }
        w.close("mergeCells");
    }
    w.empty(
        "pageMargins",
        &[
            ("left", "0.7".into()),
            ("right", "0.7".into()),
            ("top", "0.75".into()),
            ("bottom", "0.75".into()),
            ("header", "0.3".into()),
            ("footer", "0.3".into()),
        ],
    );
    w.close("worksheet");
    w.into_string()
}

fn strings_xml(strings: &[&str]) -> String {
    let mut w = XmlWriter::new();
    w.open("sst", &[("xmlns", ns::SML.into()), ("count", strings.len().into()), ("uniqueCount", strings.len().into())]);
    for s in strings {
        let s = xstring(s);
        w.open("si", &[]);
        let needs_space = s.starts_with(char::is_whitespace) || s.ends_with(char::is_whitespace) || s.contains('\n');
        if needs_space {
            w.leaf("t", &[("xml:space", "preserve".into())], &s);
        } else {
            w.leaf("t", &[], &s);
        }
        w.close("si");
    }
    w.close("sst");
    w.into_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(col_name(0), "A");
        assert_eq!(col_name(25), "Z");
        assert_eq!(col_name(26), "AA");
        assert_eq!(col_name(27), "AB");
        assert_eq!(cell_ref(12, 1), "B13");
        assert_eq!(quote_sheet("Sheet1"), "Sheet1");
        assert_eq!(quote_sheet("月度 KPI"), "'月度 KPI'");
    }

    #[test]
    fn xstrings_and_sheet_names() {
        assert_eq!(xstring("a_b"), "a_b");
        assert_eq!(xstring("_x0041_ and _x12_"), "_x005F_x0041_ and _x12_");
        assert_eq!(xstring("a\rb\u{1}"), "a_x000D_b_x0001_");
        assert!(check_sheet_name("Sheet1").is_ok());
        assert!(check_sheet_name("月度KPI").is_ok());
        for bad in ["", "a/b", "[x]", "'q", &"长".repeat(32), "History"] {
            assert!(check_sheet_name(bad).is_err(), "{bad}");
        }
        let mut wb = Workbook::new();
        wb.add_sheet("a:b");
        assert!(wb.to_bytes().is_err());
    }

    /// A literal `_x0041_` and a CR read back as written (through calamine).
    #[test]
    fn escaped_text_reads_back() {
        let mut wb = Workbook::new();
        let s = wb.add_sheet("Sheet1");
        wb.set(s, 0, 0, Value::Text("_x0041_\r\n".into()), &Style::default());
        use calamine::{Reader, Xlsx};
        let mut x: Xlsx<_> = Xlsx::new(std::io::Cursor::new(wb.to_bytes().unwrap())).unwrap();
        let r = x.worksheet_range("Sheet1").unwrap();
        assert_eq!(r.get_value((0, 0)), Some(&calamine::Data::String("_x0041_\r\n".into())));
    }

    #[test]
    fn writes_a_readable_workbook() {
        let mut wb = Workbook::new();
        let s = wb.add_sheet("Sheet1");
        wb.set(s, 0, 0, Value::Text("月份".into()), &Style::header());
        wb.set(s, 0, 1, Value::Text("转化率".into()), &Style::header());
        wb.set(s, 1, 0, Value::Text("1月".into()), &Style::default());
        wb.set(s, 1, 1, Value::Num(0.382), &Style::fmt("0.0%"));
        let bytes = wb.to_bytes().unwrap();
        use calamine::{Reader, Xlsx};
        let mut x: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let r = x.worksheet_range("Sheet1").unwrap();
        assert_eq!(r.get_value((1, 1)), Some(&calamine::Data::Float(0.382)));
        assert_eq!(r.get_value((1, 0)), Some(&calamine::Data::String("1月".into())));
    }
}
