//! Test helpers: run the real binary, and read what it wrote with quick-xml
//! and zip directly (independent of deckgen's own writers).
#![allow(dead_code)]

use quick_xml::events::Event;
use quick_xml::reader::Reader;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The deckgen binary, run in `dir` with `args`.
pub fn deckgen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_deckgen"))
        .args(args)
        .current_dir(dir)
        .env("DECKGEN_TODAY", "2026-11-23")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("the deckgen binary runs")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Builds `spec` (a path relative to the repo) into `out`; panics with stderr on failure.
pub fn build(spec: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build", spec.to_str().unwrap(), "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = deckgen(&root(), &args);
    assert!(o.status.success(), "build of {} failed:\n{}", spec.display(), stderr(&o));
    o
}

/// Writes a spec into `dir` and builds it; returns the output.
pub fn build_text(dir: &Path, yaml: &str, extra: &[&str]) -> (Output, PathBuf) {
    let spec = dir.join("t.yaml");
    std::fs::write(&spec, yaml).unwrap();
    let out = dir.join("t.pptx");
    let mut args = vec!["build", "t.yaml", "-o", "t.pptx"];
    args.extend_from_slice(extra);
    (deckgen(dir, &args), out)
}

/// A .pptx (or .xlsx) opened for reading.
pub struct Package {
    pub parts: BTreeMap<String, Vec<u8>>,
}

impl Package {
    pub fn open(path: &Path) -> Package {
        Package::from_bytes(&std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
    }

    pub fn from_bytes(bytes: &[u8]) -> Package {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let mut parts = BTreeMap::new();
        for i in 0..z.len() {
            let mut f = z.by_index(i).unwrap();
            let mut v = Vec::new();
            f.read_to_end(&mut v).unwrap();
            parts.insert(f.name().unwrap().to_string(), v);
        }
        Package { parts }
    }

    pub fn text(&self, name: &str) -> String {
        String::from_utf8(self.parts.get(name).unwrap_or_else(|| panic!("no part {name}")).clone()).unwrap()
    }

    /// Relationships of a part: (id, type suffix, absolute target).
    pub fn rels(&self, part: &str) -> Vec<(String, String, String)> {
        let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
        let rels_name = if dir.is_empty() { format!("_rels/{file}.rels") } else { format!("{dir}/_rels/{file}.rels") };
        let Some(x) = self.parts.get(&rels_name) else {
            return vec![];
        };
        let x = String::from_utf8(x.clone()).unwrap();
        elements(&x, "Relationship")
            .into_iter()
            .map(|a| {
                let target = &a["Target"];
                let abs = if a.get("TargetMode").map(String::as_str) == Some("External") {
                    target.clone()
                } else {
                    resolve(dir, target)
                };
                (a["Id"].clone(), a["Type"].rsplit('/').next().unwrap().to_string(), abs)
            })
            .collect()
    }

    /// Slide part names in presentation order.
    pub fn slides(&self) -> Vec<String> {
        let pres = self.text("ppt/presentation.xml");
        let rels = self.rels("ppt/presentation.xml");
        elements(&pres, "p:sldId").iter().map(|a| rels.iter().find(|r| r.0 == a["r:id"]).unwrap().2.clone()).collect()
    }

    /// The embedded workbook of a chart part.
    pub fn chart_workbook(&self, chart: &str) -> Vec<u8> {
        let (_, _, target) = self.rels(chart).into_iter().find(|r| r.1 == "package").expect("chart has a workbook");
        self.parts[&target].clone()
    }
}

/// Resolves a relative target against a part's folder.
pub fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in target.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Attributes of every element named `name`.
pub fn elements(xml: &str, name: &str) -> Vec<BTreeMap<String, String>> {
    let mut r = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match r.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == name => {
                let mut m = BTreeMap::new();
                for a in e.attributes() {
                    let a = a.unwrap();
                    m.insert(
                        a.key.as_ref().to_string(),
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap().to_string(),
                    );
                }
                out.push(m);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The text content of every element named `name`, in order.
pub fn texts(xml: &str, name: &str) -> Vec<String> {
    let mut r = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut cur = String::new();
    loop {
        match r.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().as_ref() == name => {
                depth += 1;
                cur.clear();
            }
            Event::End(e) if e.name().as_ref() == name => {
                depth -= 1;
                out.push(cur.clone());
            }
            Event::Text(t) if depth > 0 => cur.push_str(&quick_xml::escape::unescape(&t.xml10_content()).unwrap()),
            Event::GeneralRef(g) if depth > 0 => {
                let n = g.xml10_content();
                cur.push_str(match n.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "?",
                });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Checks that the XML parses; returns the names of all elements.
pub fn element_names(xml: &str) -> BTreeSet<String> {
    let mut r = Reader::from_str(xml);
    let mut out = BTreeSet::new();
    loop {
        match r.read_event().unwrap_or_else(|e| panic!("XML does not parse: {e}")) {
            Event::Start(e) | Event::Empty(e) => {
                out.insert(e.name().as_ref().to_string());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// All slide text (every `a:t`), joined.
pub fn slide_text(p: &Package, slide: &str) -> String {
    texts(&p.text(slide), "a:t").join("")
}

/// Run properties (`a:rPr`, `a:defRPr`) that do not name both a Latin
/// (`a:latin`) and an East Asian (`a:ea`) font.
pub fn runs_without_fonts(xml: &str) -> usize {
    let mut r = Reader::from_str(xml);
    let mut stack: Vec<(bool, bool)> = Vec::new();
    let mut bad = 0;
    loop {
        match r.read_event().expect("well-formed XML") {
            Event::Start(e) if matches!(e.name().as_ref(), "a:rPr" | "a:defRPr") => stack.push((false, false)),
            Event::Empty(e) if matches!(e.name().as_ref(), "a:rPr" | "a:defRPr") => bad += 1,
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "a:latin" => {
                if let Some(top) = stack.last_mut() {
                    top.0 = true;
                }
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "a:ea" => {
                if let Some(top) = stack.last_mut() {
                    top.1 = true;
                }
            }
            Event::End(e) if matches!(e.name().as_ref(), "a:rPr" | "a:defRPr") && stack.pop() != Some((true, true)) => {
                bad += 1;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    bad
}

/// One series of a chart, as cached in the chart part.
#[derive(Debug, Default, Clone)]
pub struct Ser {
    pub name: String,
    pub name_f: String,
    pub cat_f: String,
    pub cats: Vec<String>,
    pub val_f: String,
    /// One entry per point (`ptCount`); `None` where no `c:pt` is cached.
    pub vals: Vec<Option<f64>>,
    pub format: String,
    pub dpt: Vec<usize>,
}

/// The series of every chart group in a chart part, in order.
pub fn chart_series(xml: &str) -> Vec<Ser> {
    let mut r = Reader::from_str(xml);
    let mut out: Vec<Ser> = Vec::new();
    let mut cur: Option<Ser> = None;
    let mut section = "";
    let mut in_f = false;
    let mut in_v = false;
    let mut in_fmt = false;
    let mut pt_idx = 0usize;
    let mut in_dpt = false;
    loop {
        match r.read_event().expect("well-formed chart XML") {
            Event::Start(e) => match e.name().as_ref() {
                "c:ser" => cur = Some(Ser::default()),
                "c:tx" if cur.is_some() => section = "tx",
                "c:cat" | "c:xVal" => section = "cat",
                "c:val" | "c:yVal" => section = "val",
                "c:dPt" => in_dpt = true,
                "c:f" => in_f = true,
                "c:v" => in_v = true,
                "c:formatCode" => in_fmt = true,
                "c:pt" => {
                    pt_idx = e
                        .attributes()
                        .filter_map(|a| a.ok())
                        .find(|a| a.key.as_ref() == "idx")
                        .map(|a| a.value.parse().unwrap())
                        .unwrap();
                }
                _ => {}
            },
            Event::Empty(e) => {
                if let Some(s) = cur.as_mut() {
                    let val = e
                        .attributes()
                        .filter_map(|a| a.ok())
                        .find(|a| a.key.as_ref() == "val")
                        .map(|a| a.value.to_string());
                    match e.name().as_ref() {
                        "c:ptCount" if section == "val" => s.vals = vec![None; val.unwrap().parse().unwrap()],
                        "c:ptCount" if section == "cat" => s.cats = vec![String::new(); val.unwrap().parse().unwrap()],
                        "c:idx" if in_dpt => s.dpt.push(val.unwrap().parse().unwrap()),
                        _ => {}
                    }
                }
            }
            Event::Text(t) => {
                let t = t.xml10_content().to_string();
                if let Some(s) = cur.as_mut() {
                    if in_f {
                        match section {
                            "tx" => s.name_f = t,
                            "cat" => s.cat_f = t,
                            "val" => s.val_f = t,
                            _ => {}
                        }
                    } else if in_v {
                        match section {
                            "tx" => s.name.push_str(&t),
                            "cat" => s.cats[pt_idx].push_str(&t),
                            "val" => s.vals[pt_idx] = Some(t.parse().unwrap()),
                            _ => {}
                        }
                    } else if in_fmt && section == "val" {
                        s.format = t;
                    }
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "c:ser" => {
                    out.push(cur.take().unwrap());
                    section = "";
                }
                "c:tx" | "c:cat" | "c:xVal" | "c:val" | "c:yVal" => section = "",
                "c:dPt" => in_dpt = false,
                "c:f" => in_f = false,
                "c:v" => in_v = false,
                "c:formatCode" => in_fmt = false,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Chart parts of a slide, in the order their frames appear.
pub fn slide_charts(p: &Package, slide: &str) -> Vec<String> {
    let xml = p.text(slide);
    let rels = p.rels(slide);
    elements(&xml, "c:chart").iter().map(|a| rels.iter().find(|r| r.0 == a["r:id"]).unwrap().2.clone()).collect()
}

/// Cells named by an A1 formula `Sheet1!$B$2:$B$13` in an .xlsx, read with calamine.
pub fn workbook_cells(xlsx: &[u8], formula: &str) -> Vec<calamine::Data> {
    use calamine::Reader as _;
    let (sheet, range) = formula.rsplit_once('!').unwrap();
    let sheet = sheet.trim_matches('\'');
    let mut wb: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(xlsx.to_vec())).unwrap();
    let data = wb.worksheet_range(sheet).unwrap();
    let cell = |s: &str| -> (u32, u32) {
        let s = s.replace('$', "");
        let i = s.find(|c: char| c.is_ascii_digit()).unwrap();
        let col = s[..i].bytes().fold(0u32, |a, b| a * 26 + (b - b'A' + 1) as u32) - 1;
        (s[i..].parse::<u32>().unwrap() - 1, col)
    };
    let (a, b) = range.split_once(':').unwrap_or((range, range));
    let ((r0, c0), (r1, c1)) = (cell(a), cell(b));
    let mut out = Vec::new();
    for r in r0..=r1 {
        for c in c0..=c1 {
            out.push(data.get_value((r, c)).cloned().unwrap_or(calamine::Data::Empty));
        }
    }
    out
}

/// The text of each paragraph (`a:p`) of a part, in order.
pub fn paragraphs(xml: &str) -> Vec<String> {
    let mut r = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    let mut in_t = false;
    loop {
        match r.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().as_ref() == "a:p" => cur = Some(String::new()),
            Event::End(e) if e.name().as_ref() == "a:p" => out.extend(cur.take()),
            Event::Start(e) if e.name().as_ref() == "a:t" => in_t = true,
            Event::End(e) if e.name().as_ref() == "a:t" => in_t = false,
            Event::Text(t) if in_t => {
                if let Some(c) = cur.as_mut() {
                    c.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(g) if in_t => {
                if let Some(c) = cur.as_mut() {
                    c.push_str(match g.xml10_content().as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        _ => "?",
                    });
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// A sheet read with calamine, first row as headers: the test's own view
/// of a workbook, independent of deckgen's reader.
pub struct Sheet {
    pub header: Vec<String>,
    pub rows: Vec<Vec<calamine::Data>>,
}

impl Sheet {
    pub fn read(path: &Path, name: &str) -> Sheet {
        use calamine::Reader as _;
        let mut wb = calamine::open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let range = wb.worksheet_range(name).unwrap_or_else(|e| panic!("sheet {name}: {e}"));
        let mut rows = range.rows().map(|r| r.to_vec());
        let header = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
        Sheet { header, rows: rows.collect() }
    }

    pub fn col(&self, name: &str) -> usize {
        self.header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name} in {:?}", self.header))
    }

    /// The number in a cell (None when empty).
    pub fn num(&self, row: &[calamine::Data], col: &str) -> Option<f64> {
        match &row[self.col(col)] {
            calamine::Data::Float(f) => Some(*f),
            calamine::Data::Int(i) => Some(*i as f64),
            calamine::Data::Empty => None,
            other => panic!("{col}: not a number: {other:?}"),
        }
    }

    /// The date in a cell as (year, month, day).
    pub fn date(&self, row: &[calamine::Data], col: &str) -> (i32, u32, u32) {
        match &row[self.col(col)] {
            calamine::Data::DateTime(d) => civil(d.as_f64() as i64),
            calamine::Data::Float(f) => civil(*f as i64),
            other => panic!("{col}: not a date: {other:?}"),
        }
    }

    pub fn text(&self, row: &[calamine::Data], col: &str) -> String {
        row[self.col(col)].to_string()
    }
}

/// An Excel serial day (1900 system) as (year, month, day).
pub fn civil(serial: i64) -> (i32, u32, u32) {
    // Days since 1970-01-01, then Howard Hinnant's civil-from-days.
    let z = serial - 25569 + 719468;
    let era = z.div_euclid(146097);
    let doe = z.rem_euclid(146097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = (yoe + era * 400 + if m <= 2 { 1 } else { 0 }) as i32;
    (y, m, d)
}

/// The numbers a text shows, each with the value it stands for and the
/// rounding it was shown with: `1,406.6 万元` → 14,066,000 ± 500;
/// `38.3%` → 0.383 ± 0.0005; `18.5 秒` → 18.5 ± 0.05; `1.23 亿` → 1.23e8.
pub fn shown_numbers(text: &str) -> Vec<(f64, f64)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == ',' || chars[i] == '.') {
            i += 1;
        }
        let s: String = chars[start..i].iter().filter(|c| **c != ',').collect();
        let s = s.trim_end_matches('.');
        let Ok(v) = s.parse::<f64>() else { continue };
        let decimals = s.split_once('.').map(|(_, d)| d.len()).unwrap_or(0) as i32;
        let half = 0.5 * 10f64.powi(-decimals);
        let mut j = i;
        while j < chars.len() && chars[j] == ' ' {
            j += 1;
        }
        let k = match chars.get(j) {
            Some('%') => 0.01,
            Some('万') => 1e4,
            Some('亿') => 1e8,
            _ => 1.0,
        };
        out.push((v * k, half * k));
    }
    out
}

/// Whether `text` shows `truth` at the precision it is written with.
pub fn shows(text: &str, truth: f64) -> bool {
    shown_numbers(text).iter().any(|(v, tol)| (v - truth).abs() <= tol * 1.0001 + 1e-9)
}

/// The first slide whose text starts with `title`.
pub fn slide_titled(p: &Package, title: &str) -> String {
    p.slides()
        .into_iter()
        .find(|s| paragraphs(&p.text(s)).iter().find(|t| !t.trim().is_empty()).is_some_and(|t| t == title))
        .unwrap_or_else(|| panic!("no slide titled {title}"))
}

/// Every sheet of a workbook: name, then rows of cells.
pub fn sheets(path: &Path) -> Vec<(String, Vec<Vec<calamine::Data>>)> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let r = wb.worksheet_range(&n).unwrap();
            (n, r.rows().map(|r| r.to_vec()).collect())
        })
        .collect()
}

/// Writes `sheets` back as an .xlsx (dates as dates), as a person filling
/// the template in Excel would save it.
pub fn save(path: &Path, sheets: &[(String, Vec<Vec<calamine::Data>>)]) {
    use deckgen::xlsx::{Style, Value, Workbook};
    let mut wb = Workbook::new();
    for (name, rows) in sheets {
        let s = wb.add_sheet(name);
        for (r, row) in rows.iter().enumerate() {
            for (c, d) in row.iter().enumerate() {
                let (v, style) = match d {
                    calamine::Data::Float(f) => (Value::Num(*f), Style::default()),
                    calamine::Data::Int(i) => (Value::Num(*i as f64), Style::default()),
                    calamine::Data::DateTime(dt) => (Value::Num(dt.as_f64()), Style::fmt("yyyy-mm-dd")),
                    calamine::Data::String(t) => (Value::Text(t.clone()), Style::default()),
                    _ => continue,
                };
                wb.set(s, r as u32, c as u32, v, &style);
            }
        }
    }
    std::fs::write(path, wb.to_bytes().unwrap()).unwrap();
}

// ---- Hostile inputs, made by the tests (no large files in the repo) ----

/// CRC-32 (IEEE), for hand-made PNG chunks and zip entries.
pub fn crc32(data: &[u8]) -> u32 {
    !crc32_update(0xFFFF_FFFF, data)
}

/// Feeds `data` to a running CRC-32 (start with 0xFFFF_FFFF, end with `!`).
pub fn crc32_update(mut c: u32, data: &[u8]) -> u32 {
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    let t = TABLE.get_or_init(|| {
        let mut t = [0u32; 256];
        for (i, e) in t.iter_mut().enumerate() {
            let mut c = i as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            }
            *e = c;
        }
        t
    });
    for &b in data {
        c = t[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8);
    }
    c
}

/// A PNG whose header claims `w` × `h` pixels; its pixel data is a few
/// bytes (a decoder that believed the header would allocate w × h × 3).
pub fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        c.extend_from_slice(&body);
        c.extend_from_slice(&crc32(&body).to_be_bytes());
        c
    };
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &ihdr));
    png.extend(chunk(b"IDAT", &[0x78, 0x9c, 0x63, 0, 0, 0, 1, 0, 1]));
    png.extend(chunk(b"IEND", &[]));
    png
}

/// One zip entry: name, bytes as stored, whether they are deflated, and
/// the uncompressed size to declare (None: the stored bytes' length).
pub struct ZipEntry {
    pub name: String,
    pub data: Vec<u8>,
    pub deflated: bool,
    pub declared: Option<u64>,
    /// The CRC-32 of the unpacked data, for deflated entries (else 0).
    pub crc: u32,
}

impl ZipEntry {
    pub fn stored(name: &str, data: impl Into<Vec<u8>>) -> ZipEntry {
        ZipEntry { name: name.into(), data: data.into(), deflated: false, declared: None, crc: 0 }
    }
}

/// A zip archive written byte by byte (sizes and methods as given, so it
/// can lie about them).
pub fn zip_of(entries: &[ZipEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let size = e.declared.unwrap_or(e.data.len() as u64) as u32;
        let crc = if e.deflated { e.crc } else { crc32(&e.data) };
        let method: u16 = if e.deflated { 8 } else { 0 };
        let mut head = Vec::new();
        head.extend_from_slice(&20u16.to_le_bytes()); // version needed
        head.extend_from_slice(&0u16.to_le_bytes()); // flags
        head.extend_from_slice(&method.to_le_bytes());
        head.extend_from_slice(&0u32.to_le_bytes()); // time, date
        head.extend_from_slice(&crc.to_le_bytes());
        head.extend_from_slice(&(e.data.len() as u32).to_le_bytes());
        head.extend_from_slice(&size.to_le_bytes());
        head.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
        head.extend_from_slice(&0u16.to_le_bytes()); // extra
        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&head);
        out.extend_from_slice(e.name.as_bytes());
        out.extend_from_slice(&e.data);
        central.extend_from_slice(b"PK\x01\x02");
        central.extend_from_slice(&20u16.to_le_bytes()); // version made by
        central.extend_from_slice(&head);
        central.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(e.name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// A raw deflate stream that inflates to `n` × 258 + 1 bytes of `x`: one
/// fixed-Huffman block of a literal and back-references (13 bits each).
pub fn deflate_bomb(n: usize) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        len: u32,
    }
    impl Bits {
        fn put(&mut self, v: u64, n: u32) {
            self.acc |= v << self.len;
            self.len += n;
            while self.len >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.len -= 8;
            }
        }
        /// A Huffman code, most significant bit first.
        fn code(&mut self, code: u64, n: u32) {
            let rev = (0..n).fold(0, |r, i| r | (((code >> i) & 1) << (n - 1 - i)));
            self.put(rev, n);
        }
    }
    let mut b = Bits { out: Vec::with_capacity(n * 13 / 8 + 16), acc: 0, len: 0 };
    b.put(1, 1); // last block
    b.put(1, 2); // fixed Huffman codes
    b.code(0x30 + u64::from(b'x'), 8);
    for _ in 0..n {
        b.code(0xC5, 8); // length 258
        b.code(0, 5); // distance 1
    }
    b.code(0, 7); // end of block
    b.put(0, 7);
    b.out
}

/// A raw deflate stream of `head`, then `pattern` repeated until about
/// `total` bytes, then `tail`: literals and back-references of one
/// fixed-Huffman block, so a gigabyte of repeated XML takes a few MB and
/// a few milliseconds to make.
/// Returns the stream, the length it inflates to, and that data's CRC-32.
pub fn deflate_repeat(head: &[u8], pattern: &[u8], total: usize, tail: &[u8]) -> (Vec<u8>, u64, u32) {
    struct Bits(Vec<u8>, u64, u32);
    impl Bits {
        fn put(&mut self, v: u64, n: u32) {
            self.1 |= v << self.2;
            self.2 += n;
            while self.2 >= 8 {
                self.0.push(self.1 as u8);
                self.1 >>= 8;
                self.2 -= 8;
            }
        }
        fn code(&mut self, code: u64, n: u32) {
            let rev = (0..n).fold(0, |r, i| r | (((code >> i) & 1) << (n - 1 - i)));
            self.put(rev, n);
        }
        fn literal(&mut self, b: u8) {
            if b < 144 { self.code(0x30 + u64::from(b), 8) } else { self.code(0x190 + u64::from(b) - 144, 9) }
        }
    }
    const BASE: [usize; 30] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
        6145, 8193, 12289, 16385, 24577,
    ];
    let mut b = Bits(Vec::new(), 0, 0);
    b.put(1, 1);
    b.put(1, 2);
    head.iter().chain(pattern).for_each(|&x| b.literal(x));
    let d = pattern.len();
    let code = BASE.iter().rposition(|&x| x <= d).unwrap();
    let extra =
        [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13][code];
    // Whole copies of the pattern in back-references of 258 bytes or less.
    let copies = total.saturating_sub(head.len() + tail.len()) / d;
    let mut left = copies.saturating_sub(1) * d;
    while left > 0 {
        let n = left.min(258);
        if n < 3 {
            break;
        }
        // Length code: 258 is 285; shorter ones by the table of 3.2.5.
        if n == 258 {
            b.code(0xC5, 8);
        } else {
            const LBASE: [usize; 28] = [
                3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163,
                195, 227,
            ];
            const LEXTRA: [u32; 28] =
                [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5];
            let i = LBASE.iter().rposition(|&x| x <= n).unwrap();
            let sym = 257 + i as u64;
            if sym < 280 {
                b.code(sym - 256, 7)
            } else {
                b.code(0xC0 + sym - 280, 8)
            }
            b.put((n - LBASE[i]) as u64, LEXTRA[i]);
        }
        b.code(code as u64, 5);
        b.put((d - BASE[code]) as u64, extra);
        left -= n;
    }
    tail.iter().for_each(|&x| b.literal(x));
    b.code(0, 7);
    b.put(0, 7);
    let written = copies.saturating_sub(1) * d - left;
    let len = head.len() + d + written + tail.len();
    let mut crc = crc32_update(0xFFFF_FFFF, head);
    let mut done = 0;
    while done < d + written {
        let n = (d + written - done).min(d);
        crc = crc32_update(crc, &pattern[..n]);
        done += n;
    }
    crc = crc32_update(crc, tail);
    (b.0, len as u64, !crc)
}

/// The parts of a minimal .xlsx around `sheet` (the sheet part's XML).
pub fn xlsx_parts(sheet: ZipEntry, shared_strings: Option<&str>) -> Vec<ZipEntry> {
    let ss_rel = if shared_strings.is_some() {
        r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#
    } else {
        ""
    };
    let mut v = vec![
        ZipEntry::stored(
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        ZipEntry::stored(
            "_rels/.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        ZipEntry::stored(
            "xl/workbook.xml",
            r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        ZipEntry::stored(
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>{ss_rel}</Relationships>"#
            ),
        ),
    ];
    if let Some(ss) = shared_strings {
        v.push(ZipEntry::stored("xl/sharedStrings.xml", ss));
    }
    v.push(ZipEntry { name: "xl/worksheets/sheet1.xml".into(), ..sheet });
    v
}

/// A minimal .xlsx whose one sheet (数据) holds `rows` (the XML inside
/// `<sheetData>`).
pub fn xlsx_with_rows(rows: &str, shared_strings: Option<&str>) -> Vec<u8> {
    xlsx_with_body(&format!("<sheetData>{rows}</sheetData>"), shared_strings)
}

/// A minimal .xlsx whose one sheet (数据) has `body` inside `<worksheet>`.
pub fn xlsx_with_body(body: &str, shared_strings: Option<&str>) -> Vec<u8> {
    let sheet = format!(
        r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{body}</worksheet>"#
    );
    zip_of(&xlsx_parts(ZipEntry::stored("s", sheet), shared_strings))
}
