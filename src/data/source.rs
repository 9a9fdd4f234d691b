//! Reading a source file into sheets of cells: Excel/WPS/LibreOffice
//! workbooks through calamine, CSV through the csv crate (UTF-8 with or
//! without BOM, UTF-16 with BOM, and GBK as Excel on Chinese Windows saves it).

use super::date::Date;
use super::value::Cell;
use crate::error::{Error, Result};
use calamine::{Data, Reader, Sheets, open_workbook_auto};
use std::collections::HashSet;
use std::path::Path;

/// One sheet: cells in absolute positions (row 0 = sheet row 1).
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
    /// Merged ranges: (first row, first col, last row, last col).
    pub merged: Vec<(u32, u32, u32, u32)>,
    /// Cells holding a formula (to tell "no saved value" from "empty").
    pub formulas: HashSet<(u32, u32)>,
}

impl Grid {
    pub fn get(&self, r: usize, c: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.rows.get(r).and_then(|row| row.get(c)).unwrap_or(&EMPTY)
    }
}

/// A loaded source file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the spec wrote it (for messages).
    pub shown: String,
    pub sheets: Vec<Grid>,
    pub csv: bool,
}

impl SourceFile {
    /// The name a sheet's table goes by: the sheet's name, or for a CSV
    /// file (one sheet) the source's key in the spec.
    pub fn table_name(&self, key: &str, sheet: &Grid) -> String {
        if self.csv { key.to_string() } else { sheet.name.clone() }
    }
}

/// How the CSV text was encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Gbk,
}

/// Decodes CSV bytes: BOMs first, then UTF-8 if valid, else GBK (GB18030).
pub fn decode(bytes: &[u8], forced: Option<&str>) -> std::result::Result<(String, Encoding), String> {
    match forced.map(|s| s.to_ascii_lowercase()) {
        Some(e) if e == "gbk" || e == "gb2312" || e == "gb18030" || e == "ansi" => {
            let (s, _, bad) = encoding_rs::GB18030.decode(bytes);
            return if bad {
                Err("the file is not valid GBK text".into())
            } else {
                Ok((s.into_owned(), Encoding::Gbk))
            };
        }
        Some(e) if e == "utf-8" || e == "utf8" => {
            let b = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
            return String::from_utf8(b.to_vec()).map(|s| (s, Encoding::Utf8)).map_err(|e| {
                format!("the file is not valid UTF-8 (byte {}); try `encoding: gbk`", e.utf8_error().valid_up_to())
            });
        }
        Some(e) if e != "auto" => {
            return Err(format!("unknown encoding `{e}`; use auto, utf-8 or gbk"));
        }
        _ => {}
    }
    if let Some(b) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return Ok((String::from_utf8_lossy(b).into_owned(), Encoding::Utf8));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let enc = if bytes[0] == 0xFF { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
        let (s, _, _) = enc.decode(&bytes[2..]);
        return Ok((s.into_owned(), Encoding::Utf16));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), Encoding::Utf8)),
        Err(_) => {
            let (s, _, bad) = encoding_rs::GB18030.decode(bytes);
            if bad { Err("the file is neither UTF-8 nor GBK text".into()) } else { Ok((s.into_owned(), Encoding::Gbk)) }
        }
    }
}

fn read_csv(path: &Path, shown: &str, encoding: Option<&str>, delimiter: Option<&str>) -> Result<SourceFile> {
    let bytes = std::fs::read(path).map_err(|e| Error::build(format!("cannot read the data file ({e})")).at(shown))?;
    let (text, _) = decode(&bytes, encoding).map_err(|m| Error::build(m).at(shown))?;
    let first_line = text.lines().next().unwrap_or("");
    let delim = match delimiter {
        Some("\\t") | Some("tab") | Some("\t") => b'\t',
        Some(d) if d.len() == 1 => d.as_bytes()[0],
        Some(d) => {
            return Err(Error::usage(format!("the CSV delimiter `{d}` must be one character")).at(shown));
        }
        None if first_line.contains('\t') && !first_line.contains(',') => b'\t',
        None if first_line.contains(';') && !first_line.contains(',') => b';',
        None => b',',
    };
    let mut rdr =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delim).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| Error::build(format!("CSV line {} does not parse ({e})", i + 1)).at(shown))?;
        rows.push(
            rec.iter().map(|f| if f.trim().is_empty() { Cell::Empty } else { Cell::Text(f.to_string()) }).collect(),
        );
    }
    // A CSV's one sheet is named after the file, so cells read `日报.csv!C3`.
    let name = path.file_name().and_then(|s| s.to_str()).unwrap_or("Sheet1").to_string();

    Ok(SourceFile { shown: shown.to_string(), sheets: vec![Grid { name, rows, ..Default::default() }], csv: true })
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Num(*i as f64),
        Data::Float(f) => Cell::Num(*f),
        Data::String(s) => {
            if s.trim().is_empty() {
                Cell::Empty
            } else {
                Cell::Text(s.clone())
            }
        }
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => match Date::from_excel(dt.as_f64()) {
            Some(d) if !dt.is_duration() => Cell::Date(d),
            _ => Cell::Num(dt.as_f64()),
        },
        Data::DateTimeIso(s) => match super::date::parse_text(s) {
            Some(super::date::DateText::Day(d)) => Cell::Date(d),
            _ => Cell::Text(s.clone()),
        },
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("{e}")),
    }
}

fn read_workbook(path: &Path, shown: &str) -> Result<SourceFile> {
    // .xlsx/.xlsm: one pass per sheet (see xlsx_sheets). Other formats, and
    // an .xlsx that is really another format, go through calamine's ranges.
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if matches!(ext.as_str(), "xlsx" | "xlsm") {
        let bytes =
            std::fs::read(path).map_err(|e| Error::build(format!("cannot read the workbook ({e})")).at(shown))?;
        if bytes.starts_with(b"PK") {
            let t = std::time::Instant::now();
            if let Some(sheets) = super::xlsx_sheets::read(&bytes, shown)? {
                crate::timing::lap(1, format_args!("sheets of {shown}"), t);
                return Ok(SourceFile { shown: shown.to_string(), sheets, csv: false });
            }
        }
    }
    read_with_calamine(path, shown)
}

/// Any workbook format calamine reads, sheet by sheet through its ranges.
fn read_with_calamine(path: &Path, shown: &str) -> Result<SourceFile> {
    let mut wb: Sheets<_> = open_workbook_auto(path).map_err(|e| {
        Error::build(format!("cannot open the workbook ({e})"))
            .at(shown)
            .hint("deckgen reads .xlsx, .xlsm, .xls, .xlsb, .ods and .csv files")
    })?;
    let names = wb.sheet_names().to_vec();
    let mut sheets = Vec::new();
    for name in names {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| Error::build(format!("cannot read sheet `{name}` ({e})")).at(shown))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); r0 as usize];
        for row in range.rows() {
            let mut cells = vec![Cell::Empty; c0 as usize];
            cells.extend(row.iter().map(cell_of));
            rows.push(cells);
        }
        let mut formulas = HashSet::new();
        if let Ok(f) = wb.worksheet_formula(&name) {
            let (fr, fc) = f.start().unwrap_or((0, 0));
            for (r, c, v) in f.used_cells() {
                if !v.is_empty() {
                    formulas.insert((fr + r as u32, fc + c as u32));
                }
            }
        }
        let merged = match &mut wb {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            _ => Vec::new(),
        }
        .into_iter()
        .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
        .collect();
        sheets.push(Grid { name, rows, merged, formulas });
    }
    Ok(SourceFile { shown: shown.to_string(), sheets, csv: false })
}

/// Reads a source file.
pub fn read(path: &Path, shown: &str, encoding: Option<&str>, delimiter: Option<&str>) -> Result<SourceFile> {
    if !path.exists() {
        return Err(Error::build("the data file does not exist").at(shown).nearby(
            path,
            &[".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv"],
            "workbooks",
        ));
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" | "tsv" => {
            read_csv(path, shown, encoding, delimiter.or(if ext == "tsv" { Some("\t") } else { None }))
        }
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" | "xla" | "xlam" => read_workbook(path, shown),
        _ => Err(Error::build(format!("unknown data file type `.{ext}`"))
            .at(shown)
            .hint("use .xlsx, .xlsm, .xls, .xlsb, .ods or .csv")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows without trailing empty cells, and without trailing empty rows.
    fn trimmed(g: &Grid) -> Vec<Vec<Cell>> {
        let mut rows: Vec<Vec<Cell>> = g
            .rows
            .iter()
            .map(|r| {
                let n = r.iter().rposition(|c| *c != Cell::Empty).map_or(0, |i| i + 1);
                r[..n].to_vec()
            })
            .collect();
        while rows.last().is_some_and(|r| r.is_empty()) {
            rows.pop();
        }
        rows
    }

    /// Our .xlsx reader gives the same sheets, cells, formulas and merged
    /// ranges as calamine for every workbook we ship or test with.
    #[test]
    fn xlsx_reader_agrees_with_calamine() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut seen = 0;
        for dir in ["decks/data", "tests/fixtures"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_none_or(|e| e != "xlsx") {
                    continue;
                }
                let bytes = std::fs::read(&path).unwrap();
                let ours = crate::data::xlsx_sheets::read(&bytes, "x").unwrap().unwrap();
                let theirs = read_with_calamine(&path, "x").unwrap().sheets;
                assert_eq!(ours.len(), theirs.len(), "{}", path.display());
                for (a, b) in ours.iter().zip(&theirs) {
                    let at = format!("{} sheet {}", path.display(), a.name);
                    assert_eq!(a.name, b.name, "{at}");
                    assert_eq!(trimmed(a), trimmed(b), "{at}");
                    assert_eq!(a.formulas, b.formulas, "{at}");
                    let mut m = (a.merged.clone(), b.merged.clone());
                    m.0.sort();
                    m.1.sort();
                    assert_eq!(m.0, m.1, "{at}");
                    seen += a.rows.iter().map(Vec::len).sum::<usize>();
                }
            }
        }
        assert!(seen > 10_000, "only {seen} cells compared");
    }

    #[test]
    fn encodings() {
        let (s, e) = decode("月份,销售额".as_bytes(), None).unwrap();
        assert_eq!((s.as_str(), e), ("月份,销售额", Encoding::Utf8));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend("月份".as_bytes());
        assert_eq!(decode(&bom, None).unwrap().0, "月份");
        let (gbk, _, _) = encoding_rs::GBK.encode("月份,销售额");
        let (s, e) = decode(&gbk, None).unwrap();
        assert_eq!((s.as_str(), e), ("月份,销售额", Encoding::Gbk));
        assert!(decode(b"abc", Some("latin9")).is_err());
    }
}
