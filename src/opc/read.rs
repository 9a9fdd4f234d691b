//! Packages someone else wrote: a company template (`deck.template`) or a
//! deck the user made to be filled (`deck.fill`). The parts are kept as
//! the bytes they were read as, so a part nobody edits is written back
//! exactly as it came; the content types and relationships of the parts
//! that are edited go through the same registry as deckgen's own
//! ([`Rels`], the numbered part names).

use super::Rels;
use super::zip_out::{self, Entry};
use crate::error::{Error, Result};
use crate::layout::dom::{self, Element, Node};
use crate::ns::{self, rt};
use std::borrow::Cow;
use std::io::Read;

/// The first bytes of an OLE compound file: what PowerPoint writes for a
/// password-protected deck (and for the old binary .ppt).
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Largest part read (a picture or an embedded workbook); larger ones are
/// refused rather than read into memory.
const MAX_PART: u64 = 256 * 1024 * 1024;
/// Largest sum of all parts.
const MAX_TOTAL: u64 = 1024 * 1024 * 1024;

/// A read package: its parts (absolute names, `/ppt/slides/slide1.xml`) in
/// the order of the zip, and its content types.
#[derive(Clone)]
pub struct Archive {
    /// Where it came from, for messages.
    pub file: String,
    parts: Vec<(String, Vec<u8>)>,
    defaults: Vec<(String, String)>,
    overrides: Vec<(String, String)>,
    /// The content types as read, written back unless something changed them.
    types_raw: Option<Vec<u8>>,
}

fn not_a_pptx(file: &str, why: &str) -> Error {
    Error::build(format!("this is not a PowerPoint file ({why})"))
        .at(file.to_string())
        .hint("give a .pptx or .potx saved by PowerPoint, WPS, Keynote or LibreOffice (文件 → 另存为 → .pptx)")
}

impl Archive {
    /// Reads a package from its bytes; `file` names it in messages.
    pub fn read(bytes: &[u8], file: &str) -> Result<Archive> {
        if bytes.starts_with(&OLE_MAGIC) {
            return Err(Error::build("the file is password-protected, or an old binary .ppt")
                .at(file.to_string())
                .hint("open it in PowerPoint or WPS, remove the password (文件 → 信息 → 保护演示文稿 → 用密码进行加密: clear it) and save as .pptx"));
        }
        if !bytes.starts_with(b"PK") {
            return Err(not_a_pptx(file, "it is not a zip package"));
        }
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| not_a_pptx(file, &format!("the zip does not open: {e}")))?;
        let mut parts = Vec::with_capacity(zip.len());
        let mut total = 0u64;
        let mut types_raw = None;
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).map_err(|e| not_a_pptx(file, &format!("entry {i}: {e}")))?;
            if f.is_dir() {
                continue;
            }
            let name = f.name().map_err(|e| not_a_pptx(file, &format!("entry {i}: {e}")))?.to_string();
            // Part names are relative paths inside the package; a name that
            // climbs out of it (`..`, `\`) is no part.
            if name.contains('\\') || name.starts_with('/') || name.split('/').any(|s| s == "..") {
                return Err(not_a_pptx(file, &format!("its entry `{name}` is not a part name")));
            }
            if f.size() > MAX_PART || total + f.size() > MAX_TOTAL {
                return Err(Error::build(format!("`{name}` in the package is too large ({} MB)", f.size() >> 20))
                    .at(file.to_string()));
            }
            let mut data = Vec::with_capacity(f.size() as usize);
            (&mut f)
                .take(MAX_PART + 1)
                .read_to_end(&mut data)
                .map_err(|e| not_a_pptx(file, &format!("`{name}` cannot be read: {e}")))?;
            total += data.len() as u64;
            if name == "[Content_Types].xml" {
                types_raw = Some(data);
            } else {
                parts.push((format!("/{}", name.trim_start_matches('/')), data));
            }
        }
        let Some(raw) = types_raw else {
            return Err(not_a_pptx(file, "it has no [Content_Types].xml"));
        };
        let mut a =
            Archive { file: file.to_string(), parts, defaults: Vec::new(), overrides: Vec::new(), types_raw: None };
        let root = parse_xml(&raw).map_err(|e| not_a_pptx(file, &format!("[Content_Types].xml: {e}")))?;
        for e in root.elements() {
            match (e.name.rsplit(':').next(), e.attr("Extension"), e.attr("PartName"), e.attr("ContentType")) {
                (Some("Default"), Some(x), _, Some(t)) => a.defaults.push((x.to_ascii_lowercase(), t.to_string())),
                (Some("Override"), _, Some(n), Some(t)) => a.overrides.push((n.to_string(), t.to_string())),
                _ => {}
            }
        }
        a.types_raw = Some(raw);
        let main = a.main_part()?;
        let t = a.content_type(&main).unwrap_or_default();
        if !t.contains("presentationml") {
            return Err(not_a_pptx(file, &format!("its main part is `{t}`, not a presentation")));
        }
        Ok(a)
    }

    /// The presentation part (`/ppt/presentation.xml`).
    pub fn main_part(&self) -> Result<String> {
        let rels = self.rels("/").map_err(|e| not_a_pptx(&self.file, &e))?;
        rels.iter()
            .find(|r| r.rel_type == rt::OFFICE_DOCUMENT)
            .map(|r| r.target.clone())
            .filter(|t| self.get(t).is_some())
            .ok_or_else(|| not_a_pptx(&self.file, "it has no presentation part"))
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().map(|(n, _)| n.as_str())
    }

    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.parts.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, d)| d.as_slice())
    }

    /// A part parsed as XML; an error names the part.
    pub fn xml(&self, name: &str) -> Result<Element> {
        let data = self
            .get(name)
            .ok_or_else(|| Error::build(format!("the package has no part `{name}`")).at(self.file.clone()))?;
        parse_xml(data).map_err(|e| Error::build(format!("`{name}` is not well-formed XML: {e}")).at(self.file.clone()))
    }

    /// Replaces a part's bytes (the part must exist).
    pub fn set(&mut self, name: &str, data: Vec<u8>) {
        if let Some(p) = self.parts.iter_mut().find(|(n, _)| n == name) {
            p.1 = data;
        }
    }

    /// Adds a new part with its content type.
    pub fn add(&mut self, name: &str, content_type: &str, data: Vec<u8>) {
        self.parts.retain(|(n, _)| n != name);
        self.parts.push((name.to_string(), data));
        let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
        let by_default = self.defaults.iter().any(|(x, t)| *x == ext && t == content_type);
        self.overrides.retain(|(n, _)| n != name);
        if !by_default {
            self.overrides.push((name.to_string(), content_type.to_string()));
        }
        self.types_raw = None;
    }

    /// Gives an existing part another content type.
    pub fn set_content_type(&mut self, name: &str, content_type: &str) {
        if self.content_type(name) == Some(content_type) {
            return;
        }
        self.overrides.retain(|(n, _)| n != name);
        self.overrides.push((name.to_string(), content_type.to_string()));
        self.types_raw = None;
    }

    /// Removes a part, its relationships part and its content type override.
    pub fn remove(&mut self, name: &str) {
        let rels = super::rels::rels_part_name(name);
        self.parts.retain(|(n, _)| n != name && *n != rels);
        let before = self.overrides.len();
        self.overrides.retain(|(n, _)| n != name);
        if before != self.overrides.len() {
            self.types_raw = None;
        }
    }

    /// The content type of a part.
    pub fn content_type(&self, name: &str) -> Option<&str> {
        if let Some((_, t)) = self.overrides.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            return Some(t);
        }
        let ext = name.rsplit('.').next()?.to_ascii_lowercase();
        self.defaults.iter().find(|(x, _)| *x == ext).map(|(_, t)| t.as_str())
    }

    /// The relationships of a part (none when it has no `.rels` part).
    pub fn rels(&self, name: &str) -> std::result::Result<Rels, String> {
        let rels_name = super::rels::rels_part_name(name);
        match self.get(&rels_name) {
            None => Ok(Rels::new(name)),
            Some(d) => {
                let text = std::str::from_utf8(d).map_err(|_| format!("`{rels_name}` is not UTF-8"))?;
                Rels::parse(name, text).map_err(|e| format!("`{rels_name}`: {e}"))
            }
        }
    }

    /// Writes a part's relationships (removes the `.rels` part when there are none).
    pub fn set_rels(&mut self, name: &str, rels: &Rels) {
        let rels_name = super::rels::rels_part_name(name);
        if rels.is_empty() {
            self.parts.retain(|(n, _)| *n != rels_name);
            return;
        }
        let data = rels.xml().into_bytes();
        match self.parts.iter_mut().find(|(n, _)| *n == rels_name) {
            Some(p) => p.1 = data,
            None => self.parts.push((rels_name, data)),
        }
    }

    /// The next free name for a numbered part: `template` holds `#` where the
    /// number goes (`/ppt/slides/slide#.xml`); the number follows the highest in use.
    pub fn next_partname(&self, template: &str) -> String {
        let (head, tail) = template.split_once('#').unwrap_or((template, ""));
        let max = self
            .parts
            .iter()
            .filter_map(|(n, _)| n.strip_prefix(head)?.strip_suffix(tail)?.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        format!("{head}{}{tail}", max + 1)
    }

    /// `[Content_Types].xml`: as read, or written again when parts came or went.
    fn content_types_xml(&self) -> Vec<u8> {
        if let Some(raw) = &self.types_raw {
            return raw.clone();
        }
        let mut w = crate::xml::XmlWriter::new();
        w.open("Types", &[("xmlns", ns::CONTENT_TYPES.into())]);
        for (x, t) in &self.defaults {
            w.empty("Default", &[("Extension", x.into()), ("ContentType", t.into())]);
        }
        for (n, t) in &self.overrides {
            if self.parts.iter().any(|(p, _)| p == n) {
                w.empty("Override", &[("PartName", n.into()), ("ContentType", t.into())]);
            }
        }
        w.close("Types");
        w.into_string().into_bytes()
    }

    /// The package as a zip: the content types first, then the parts in order.
    pub fn to_zip(&self) -> std::io::Result<Vec<u8>> {
        let mut entries = Vec::with_capacity(self.parts.len() + 1);
        entries.push(Entry {
            name: Cow::Borrowed("[Content_Types].xml"),
            data: Cow::Owned(self.content_types_xml()),
            deflate: true,
        });
        for (n, d) in &self.parts {
            let media = matches!(
                n.rsplit('.').next().map(|x| x.to_ascii_lowercase()).as_deref(),
                Some("png" | "jpg" | "jpeg" | "gif" | "xlsx" | "mp4" | "m4a" | "wdp")
            );
            entries.push(Entry { name: Cow::Borrowed(&n[1..]), data: Cow::Borrowed(d), deflate: !media });
        }
        Ok(zip_out::write(std::io::Cursor::new(Vec::with_capacity(1 << 20)), &entries)?.into_inner())
    }
}

/// Parses XML bytes (UTF-8, with or without a byte order mark).
pub fn parse_xml(bytes: &[u8]) -> std::result::Result<Element, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8 (byte {})", e.valid_up_to()))?;
    dom::parse(text)
}

/// The text of an element's children, for small lookups.
pub fn first_text(el: &Element) -> String {
    el.children
        .iter()
        .map(|n| match n {
            Node::Text(t) => t.clone(),
            Node::El(e) => first_text(e),
            Node::Raw(_) => String::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_a_pptx() {
        let mut ole = OLE_MAGIC.to_vec();
        ole.extend([0u8; 64]);
        let e = Archive::read(&ole, "x.pptx").err().unwrap();
        assert!(e.message.contains("password-protected"), "{e}");
        let e = Archive::read(b"hello", "x.pptx").err().unwrap();
        assert!(e.message.contains("not a PowerPoint file"), "{e}");
    }
}
