//! Reading a source file into sheets of cells: Excel/WPS/LibreOffice
//! workbooks through calamine, CSV through the csv crate (UTF-8 with or
//! without BOM, UTF-16 with BOM, and GBK as Excel on Chinese Windows saves it).

use super::date::Date;
pub use super::grid::Grid;
use super::sniff::{self, Content, Package};
use super::value::Cell;
use crate::error::{Error, Result};
use calamine::{Data, Reader, Sheets};
use std::collections::HashSet;
use std::path::Path;

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

/// Largest source file deckgen reads (a workbook of several million cells).
pub const MAX_SOURCE_BYTES: u64 = 100 << 20;

fn read_csv(
    bytes: &[u8],
    path: &Path,
    shown: &str,
    encoding: Option<&str>,
    delimiter: Option<&str>,
) -> Result<SourceFile> {
    match sniff::sniff(bytes) {
        Content::Zip | Content::Compound => {
            return Err(Error::build(format!("`{shown}` is an Excel workbook, not a CSV (text) file"))
                .hint("rename it to .xlsx (or .xls), or save it as CSV in Excel"));
        }
        _ => {}
    }
    let (text, _) = decode(bytes, encoding).map_err(|m| Error::build(format!("`{shown}`: {m}")))?;
    let first_line = text.lines().next().unwrap_or("");
    let delim = match delimiter {
        Some("\\t") | Some("tab") | Some("\t") => b'\t',
        Some(d) if d.len() == 1 => d.as_bytes()[0],
        Some(d) => {
            return Err(Error::usage(format!("the CSV delimiter `{}` must be one character", cut(d))));
        }
        None if first_line.contains('\t') && !first_line.contains(',') => b'\t',
        None if first_line.contains(';') && !first_line.contains(',') => b';',
        None => b',',
    };
    let mut rdr =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delim).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut cells = 0usize;
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| Error::build(format!("`{shown}`: CSV line {} does not parse ({e})", i + 1)))?;
        cells += rec.len() + 1;
        if cells > super::xlsx_cells::MAX_CELLS {
            return Err(Error::build(format!(
                "`{shown}` holds more than {} million cells, more than deckgen reads",
                super::xlsx_cells::MAX_CELLS / 1_000_000
            ))
            .hint("keep the rows the deck reads (for example the last two years) in a file of their own"));
        }
        rows.push(
            rec.iter().map(|f| if f.trim().is_empty() { Cell::Empty } else { Cell::Text(f.to_string()) }).collect(),
        );
    }
    // A CSV's one sheet is named after the file, so cells read `日报.csv!C3`.
    let name = path.file_name().and_then(|s| s.to_str()).unwrap_or("Sheet1").to_string();

    Ok(SourceFile { shown: shown.to_string(), sheets: vec![Grid { name, rows, ..Default::default() }], csv: true })
}

/// A value shown in a message: at most 80 characters.
pub fn cut(s: &str) -> String {
    crate::error::cut(s, 80)
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
        Data::DateTime(dt) => match excel_date(dt) {
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

/// The day of a calamine date, in the workbook's date system: a 1904
/// workbook's serial 0 is 1904-01-01 (1,462 days after the 1900 system's),
/// which calamine knows and its raw serial does not say.
fn excel_date(dt: &calamine::ExcelDateTime) -> Option<Date> {
    let v = dt.as_f64();
    if !v.is_finite() || !(0.0..2_958_466.0).contains(&v) {
        return None;
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    // Serials before 1900-03-01 in the 1900 system count Excel's fictional
    // 1900-02-29; deckgen keeps them as numbers, as it always has.
    if y < 1900 || (y == 1900 && m < 3) {
        return None;
    }
    Date::new(i32::from(y), u32::from(m), u32::from(d))
}

/// The user's terms for a file that is not what its name says.
fn not_a_workbook(shown: &str, content: Content) -> Error {
    let save = "open it in Excel or WPS and save it as .xlsx (文件 → 另存为 → Excel 工作簿)";
    match content {
        Content::Empty => Error::build(format!("`{shown}` is empty (0 bytes)"))
            .hint("it may still be downloading or being saved: wait until it is complete and build again"),
        Content::Html => Error::build(format!("`{shown}` is a web page (HTML), not a workbook"))
            .hint(format!("shop back-ends often export tables this way: {save}")),
        Content::Xml2003 => {
            Error::build(format!("`{shown}` is an Excel 2003 XML spreadsheet, which deckgen does not read")).hint(save)
        }
        Content::Text => Error::build(format!("`{shown}` is a CSV or text file, not a workbook"))
            .hint("save it as .xlsx in Excel, or rename it to .csv"),
        Content::Xml => Error::build(format!("`{shown}` is an XML file, not a workbook")).hint(save),
        Content::Pdf => Error::build(format!("`{shown}` is a PDF, not a workbook"))
            .hint("ask for the figures as an Excel workbook or a CSV file"),
        Content::Zip | Content::Compound | Content::Binary => {
            Error::build(format!("`{shown}` is not a workbook deckgen can read")).hint(save)
        }
    }
}

fn password(shown: &str) -> Error {
    Error::build(format!("`{shown}` is protected with a password"))
        .hint("deckgen cannot open encrypted workbooks: remove the password (Excel: 文件 → 信息 → 保护工作簿 → 用密码进行加密, clear it; WPS: 文件 → 文档加密), save, and build again")
}

fn incomplete(shown: &str) -> Error {
    Error::build(format!("`{shown}` is incomplete or damaged: it is not a whole workbook"))
        .hint("it may still be downloading, or was copied while Excel was saving it: open it in Excel or WPS, save it, and build again")
}

/// A workbook's bytes, whatever its name says: the format is told by the
/// content, the name only picks the words of the messages.
fn read_workbook(bytes: Vec<u8>, shown: &str) -> Result<SourceFile> {
    match sniff::sniff(&bytes) {
        Content::Zip => match sniff::package(&bytes) {
            Package::Xlsx => {
                let t = std::time::Instant::now();
                if let Some(sheets) = super::xlsx_sheets::read(&bytes, shown)? {
                    crate::timing::lap(1, format_args!("sheets of {shown}"), t);
                    return Ok(SourceFile { shown: shown.to_string(), sheets, csv: false });
                }
                // A package laid out in a way our reader does not follow.
                check_inflated_sizes(&bytes, shown)?;
                read_with_calamine(bytes, shown, Format::Xlsx)
            }
            Package::Xlsb => {
                check_inflated_sizes(&bytes, shown)?;
                read_with_calamine(bytes, shown, Format::Xlsb)
            }
            Package::Ods => {
                check_inflated_sizes(&bytes, shown)?;
                read_with_calamine(bytes, shown, Format::Ods)
            }
            Package::OdsEncrypted => Err(password(shown)),
            Package::Other(what) => {
                Err(Error::build(format!("`{shown}` is {what}, not a workbook")).hint("check the path in `sources:`"))
            }
            Package::Damaged => Err(incomplete(shown)),
        },
        Content::Compound if sniff::is_encrypted_compound(&bytes) => Err(password(shown)),
        Content::Compound => read_with_calamine(bytes, shown, Format::Xls),
        other => Err(not_a_workbook(shown, other)),
    }
}

/// Unpacks every entry of a zip into nothing, checking that none grows
/// past [`super::xlsx_sheets::MAX_PART_BYTES`] (whatever size it claims),
/// before calamine unpacks them for real.
fn check_inflated_sizes(bytes: &[u8], shown: &str) -> Result<()> {
    let limit = super::xlsx_sheets::MAX_PART_BYTES;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| incomplete(shown))?;
    for i in 0..zip.len() {
        let f = zip.by_index(i).map_err(|_| incomplete(shown))?;
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        let n = std::io::copy(&mut std::io::Read::take(f, limit + 1), &mut std::io::sink())
            .map_err(|_| incomplete(shown))?;
        if n > limit {
            return Err(Error::build(format!(
                "the part `{}` of `{shown}` unpacks to more than {} MB, more than deckgen reads",
                cut(&name),
                limit >> 20
            ))
            .hint(
                "a sheet this large is not a report's data: keep the sheets the deck reads in a workbook of their own",
            ));
        }
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

/// A workbook calamine reads (.xls, .xlsb, .ods, and .xlsx packages our
/// reader does not follow), sheet by sheet through its ranges.
fn read_with_calamine(bytes: Vec<u8>, shown: &str, format: Format) -> Result<SourceFile> {
    use calamine::{Ods, Xls, Xlsb, Xlsx, open_workbook_from_rs};
    let rs = std::io::Cursor::new(bytes);
    let opened: std::result::Result<Sheets<_>, calamine::Error> = match format {
        Format::Xlsx => open_workbook_from_rs::<Xlsx<_>, _>(rs).map(Sheets::Xlsx).map_err(calamine::Error::Xlsx),
        Format::Xlsb => open_workbook_from_rs::<Xlsb<_>, _>(rs).map(Sheets::Xlsb).map_err(calamine::Error::Xlsb),
        Format::Xls => open_workbook_from_rs::<Xls<_>, _>(rs).map(Sheets::Xls).map_err(calamine::Error::Xls),
        Format::Ods => open_workbook_from_rs::<Ods<_>, _>(rs).map(Sheets::Ods).map_err(calamine::Error::Ods),
    };
    let mut wb = opened.map_err(|e| match e {
        calamine::Error::Xlsx(calamine::XlsxError::Password)
        | calamine::Error::Xlsb(calamine::XlsbError::Password)
        | calamine::Error::Xls(calamine::XlsError::Password)
        | calamine::Error::Ods(calamine::OdsError::Password) => password(shown),
        e => Error::build(format!("`{shown}` cannot be opened as a workbook ({})", cut(&e.to_string())))
            .hint("the file may be damaged: open it in Excel or WPS, save it as .xlsx, and build again"),
    })?;
    // Chart sheets and dialog sheets hold no cells.
    let names: Vec<String> = wb
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    let mut budget = super::xlsx_cells::MAX_CELLS;
    let mut sheets = Vec::new();
    for name in names {
        let range = wb.worksheet_range(&name).map_err(|e| {
            Error::build(format!("cannot read sheet `{name}` of `{shown}` ({})", cut(&e.to_string())))
                .hint("the file may be damaged: open it in Excel or WPS, save it as .xlsx, and build again")
        })?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); r0 as usize];
        for row in range.rows() {
            let mut cells = vec![Cell::Empty; c0 as usize];
            cells.extend(row.iter().map(cell_of));
            // Trailing empty cells take no room.
            let used = cells.iter().rposition(|c| *c != Cell::Empty).map_or(0, |i| i + 1);
            cells.truncate(used);
            cells.shrink_to_fit();
            let text: usize = cells.iter().map(|c| if let Cell::Text(t) = c { t.len() / 32 } else { 0 }).sum();
            budget = budget.checked_sub(used + 1 + text).ok_or_else(|| {
                Error::build(format!(
                    "`{shown}` holds more than {} million cells, more than deckgen reads",
                    super::xlsx_cells::MAX_CELLS / 1_000_000
                ))
                .hint("keep the sheets the deck reads in a workbook of their own")
            })?;
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
        .take(super::xlsx_cells::MAX_MERGES)
        .collect();
        sheets.push(Grid { name, rows, merged, formulas });
    }
    Ok(SourceFile { shown: shown.to_string(), sheets, csv: false })
}

/// Reads a workbook from memory (`shown` names it in messages): the chart
/// check reads the embedded workbooks back this way, and the fuzz tests
/// feed the readers from here.
pub fn read_bytes(bytes: Vec<u8>, shown: &str) -> Result<SourceFile> {
    read_workbook(bytes, shown)
}

/// Reads CSV text from memory, as a `.csv` source.
pub fn read_csv_bytes(bytes: &[u8], shown: &str) -> Result<SourceFile> {
    read_csv(bytes, Path::new(shown), shown, None, None)
}

/// Reads a source file: a workbook or a CSV. Messages name the file as
/// `shown`; the caller adds the place in the spec.
pub fn read(path: &Path, shown: &str, encoding: Option<&str>, delimiter: Option<&str>) -> Result<SourceFile> {
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if let Some(real) = file_name.strip_prefix("~$") {
        return Err(Error::build(format!(
            "`{shown}` is Excel's lock file (Excel makes it while `{real}` is open), not the workbook"
        ))
        .hint(format!("use `{real}` in `sources:`")));
    }
    let bytes = crate::input::read(path, MAX_SOURCE_BYTES).map_err(|e| {
        let err = Error::build(e.describe(&format!("the data file `{shown}`")));
        match e {
            crate::input::ReadError::NotFound => {
                err.nearby(path, &[".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv"], "workbooks")
            }
            crate::input::ReadError::TooLarge { .. } => {
                err.hint("keep the sheets the deck reads in a workbook of their own")
            }
            crate::input::ReadError::NotAFile(_) => err.hint("`sources:` names workbook or CSV files"),
            crate::input::ReadError::Io(_) => err,
        }
    })?;
    if bytes.is_empty() {
        return Err(not_a_workbook(shown, Content::Empty));
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" | "tsv" => {
            read_csv(&bytes, path, shown, encoding, delimiter.or(if ext == "tsv" { Some("\t") } else { None }))
        }
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" | "xla" | "xlam" | "et" => read_workbook(bytes, shown),
        _ => match sniff::sniff(&bytes) {
            // Whatever its name, a workbook is read as one.
            Content::Zip | Content::Compound => read_workbook(bytes, shown),
            _ => Err(Error::build(if ext.is_empty() {
                format!("`{shown}` has no file extension, so deckgen cannot tell what it holds")
            } else {
                format!("deckgen does not read `.{}` files (`{shown}`)", cut(&ext))
            })
            .hint("sources are workbooks (.xlsx, .xlsm, .xls, .xlsb, .ods) or text tables (.csv, .tsv)")),
        },
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
                let theirs = read_with_calamine(bytes.clone(), "x", Format::Xlsx).unwrap().sheets;
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

    /// Real workbooks saved by Excel and LibreOffice (calamine's test files,
    /// tests/specimens/, MIT): our .xlsx reader and calamine read the same
    /// sheets, cells, formulas and merged ranges, and every other format
    /// reads as its .xlsx twin does.
    #[test]
    fn specimens_read_the_same_by_both_readers() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specimens");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| [".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"].iter().any(|e| n.ends_with(e)))
            .filter(|n| !n.starts_with("pass_protected") && n != "too_small.xls")
            .collect();
        names.sort();
        let same = |a: &Grid, b: &Grid, at: &str| {
            assert_eq!(a.name, b.name, "{at}");
            let (ta, tb) = (trimmed(a), trimmed(b));
            assert_eq!(ta.len(), tb.len(), "{at}: rows\n{ta:?}\n{tb:?}");
            for (ra, rb) in ta.iter().zip(&tb) {
                assert_eq!(ra.len(), rb.len(), "{at}: {ra:?} vs {rb:?}");
                for (x, y) in ra.iter().zip(rb) {
                    match (x, y) {
                        // .xlsx keeps 15 significant digits, .xls all 17.
                        (Cell::Num(p), Cell::Num(q)) => assert!((p - q).abs() < 1e-9, "{at}: {p} vs {q}"),
                        _ => assert_eq!(x, y, "{at}"),
                    }
                }
            }
        };
        let mut compared = 0;
        for name in &names {
            let path = dir.join(name);
            let ours = read(&path, name, None, None).unwrap_or_else(|e| panic!("{name}: {e}"));
            if name.ends_with(".xlsx") || name.ends_with(".xlsm") {
                let theirs = read_with_calamine(std::fs::read(&path).unwrap(), name, Format::Xlsx).unwrap();
                assert_eq!(ours.sheets.len(), theirs.sheets.len(), "{name}");
                for (a, b) in ours.sheets.iter().zip(&theirs.sheets) {
                    let at = format!("{name} › {}", a.name);
                    same(a, b, &at);
                    assert_eq!(a.formulas, b.formulas, "{at}");
                    let mut m = (a.merged.clone(), b.merged.clone());
                    m.0.sort();
                    m.1.sort();
                    assert_eq!(m.0, m.1, "{at}");
                    compared += 1;
                }
            } else if let Some(stem) = name.rsplit_once('.').map(|(s, _)| s)
                && names.contains(&format!("{stem}.xlsx"))
                && !name.ends_with(".ods")
            {
                let twin = read(&dir.join(format!("{stem}.xlsx")), name, None, None).unwrap();
                assert_eq!(ours.sheets.len(), twin.sheets.len(), "{name}");
                for (a, b) in ours.sheets.iter().zip(&twin.sheets) {
                    same(a, b, &format!("{name} › {} vs .xlsx", a.name));
                    compared += 1;
                }
            }
        }
        assert!(compared >= 30, "{compared} sheets compared");
    }

    /// 1900 and 1904 date systems, on every reader path: the specimens hold
    /// 2021-01-01 and 2021-01-02 in A1 and A2 (calamine's tests say so, and
    /// LibreOffice shows them).
    #[test]
    fn dates_of_both_date_systems_on_every_path() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specimens");
        for name in
            ["date.xlsx", "date.xls", "date.xlsb", "date_1904.xlsx", "date_1904.xls", "date_1904.xlsb", "date.ods"]
        {
            let f = read(&dir.join(name), name, None, None).unwrap();
            let g = &f.sheets[0];
            assert_eq!(g.get(0, 0), &Cell::Date(Date { y: 2021, m: 1, d: 1 }), "{name}");
            assert_eq!(g.get(0, 1), &Cell::Num(15.0), "{name}");
        }
        for name in ["date.xlsx", "date.xls", "date.xlsb", "date_1904.xlsx", "date_1904.xls", "date_1904.xlsb"] {
            let f = read(&dir.join(name), name, None, None).unwrap();
            assert_eq!(f.sheets[0].get(1, 0), &Cell::Date(Date { y: 2021, m: 1, d: 2 }), "{name}");
        }
        // The fallback path for a package our .xlsx reader does not follow:
        // calamine's .xlsx reader, with both date systems.
        for name in ["date.xlsx", "date_1904.xlsx"] {
            let f = read_with_calamine(std::fs::read(dir.join(name)).unwrap(), name, Format::Xlsx).unwrap();
            assert_eq!(f.sheets[0].get(0, 0), &Cell::Date(Date { y: 2021, m: 1, d: 1 }), "{name} (calamine)");
            assert_eq!(f.sheets[0].get(1, 0), &Cell::Date(Date { y: 2021, m: 1, d: 2 }), "{name} (calamine)");
        }
    }

    #[test]
    fn password_protected_workbooks_say_so() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specimens");
        for name in ["pass_protected.xlsx", "pass_protected.xlsb", "pass_protected.ods"] {
            let e = read(&dir.join(name), name, None, None).unwrap_err().to_string();
            assert!(e.starts_with(&format!("error: `{name}` is protected with a password")), "{e}");
            assert!(e.contains("remove the password"), "{e}");
            assert!(!e.contains("Xlsx error") && !e.contains("Cfb"), "{e}");
        }
        // A 68-byte text file named .xls.
        let e = read(&dir.join("too_small.xls"), "too_small.xls", None, None).unwrap_err().to_string();
        assert!(e.contains("is a CSV or text file, not a workbook"), "{e}");
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
