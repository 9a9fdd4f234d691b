//! The OPC package: parts, their relationships and the content types, written
//! to a deterministic zip.
//!
//! `Package` is the one registry of part names (`next_partname`) and each
//! part's `Rels` is the one registry of its relationship ids (`relate`), in
//! the manner of python-pptx. `[Content_Types].xml` is derived from the parts
//! that exist when the package is written.

mod intern;
pub mod read;
mod rels;
mod zip_out;

pub use intern::intern;
pub use rels::{Rel, Rels, rel_target, resolve_target};

use crate::ns::ct;
use std::collections::HashMap;

/// One part of the package.
pub struct Part {
    /// Absolute part name, e.g. `/ppt/slides/slide1.xml`.
    pub name: String,
    pub content_type: &'static str,
    pub data: Vec<u8>,
    pub rels: Rels,
}

impl Part {
    pub fn new(name: impl Into<String>, content_type: &'static str, data: Vec<u8>) -> Part {
        let name = name.into();
        let rels = Rels::new(&name);
        Part { name, content_type, data, rels }
    }

    /// The part name of this part's relationships part.
    pub fn rels_name(&self) -> String {
        rels::rels_part_name(&self.name)
    }
}

/// All parts of a package, in the order they will be written.
#[derive(Default)]
pub struct Package {
    parts: Vec<Part>,
    /// Package-level relationships (`/_rels/.rels`).
    pub rels: Rels,
    counters: HashMap<String, usize>,
}

/// Extensions that get a `Default` content type instead of one `Override` each.
const DEFAULTS: &[(&str, &str)] =
    &[("rels", ct::RELS), ("xml", ct::XML), ("png", ct::PNG), ("jpeg", ct::JPEG), ("xlsx", ct::XLSX)];

impl Package {
    pub fn new() -> Package {
        Package { parts: Vec::new(), rels: Rels::new("/"), counters: HashMap::new() }
    }

    /// The next free name for a numbered part: `template` holds `#` where the
    /// number goes, e.g. `/ppt/charts/chart#.xml` gives `chart1.xml`, `chart2.xml`...
    pub fn next_partname(&mut self, template: &str) -> String {
        let n = self.counters.entry(template.to_string()).or_insert(0);
        loop {
            *n += 1;
            let name = template.replacen('#', &n.to_string(), 1);
            // Parts imported from a template may hold some numbers already.
            if !self.parts.iter().any(|p| p.name == name) {
                return name;
            }
        }
    }

    /// Adds a part; its name must be new.
    pub fn add(&mut self, part: Part) {
        debug_assert!(self.parts.iter().all(|p| p.name != part.name), "duplicate part {}", part.name);
        self.parts.push(part);
    }

    /// Puts the parts in the order of `rank` (stable: parts of equal rank keep
    /// the order they were added in, which is their numbering order).
    pub fn order_by(&mut self, rank: impl Fn(&Part) -> u32) {
        self.parts.sort_by_key(|p| rank(p));
    }

    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// Takes a part out of the package.
    pub fn remove(&mut self, name: &str) -> Option<Part> {
        let i = self.parts.iter().position(|p| p.name == name)?;
        Some(self.parts.remove(i))
    }

    pub fn part_mut(&mut self, name: &str) -> Option<&mut Part> {
        self.parts.iter_mut().find(|p| p.name == name)
    }

    /// `[Content_Types].xml`, derived from the parts present.
    pub fn content_types_xml(&self) -> String {
        use crate::xml::XmlWriter;
        let mut used_defaults: Vec<&str> = vec!["rels", "xml"];
        let mut overrides: Vec<(&str, &str)> = Vec::new();
        for p in &self.parts {
            let ext = p.name.rsplit('.').next().unwrap_or("");
            match DEFAULTS.iter().find(|(e, _)| *e == ext) {
                Some((e, t)) if *t == p.content_type => {
                    if !used_defaults.contains(e) {
                        used_defaults.push(e);
                    }
                }
                _ => overrides.push((&p.name, p.content_type)),
            }
        }
        let mut w = XmlWriter::new();
        w.open("Types", &[("xmlns", crate::ns::CONTENT_TYPES.into())]);
        for (ext, t) in DEFAULTS.iter().filter(|(e, _)| used_defaults.contains(e)) {
            w.empty("Default", &[("Extension", (*ext).into()), ("ContentType", (*t).into())]);
        }
        for (name, t) in overrides {
            w.empty("Override", &[("PartName", name.into()), ("ContentType", t.into())]);
        }
        w.close("Types");
        w.into_string()
    }

    /// Writes the package as a zip to `out`. XML is deflated unless
    /// `stored` (a workbook embedded in a deck is stored inside and deflated
    /// once as a whole by the deck, instead of once per part); pictures are
    /// stored, being compressed already.
    pub fn write_zip<W: std::io::Write + std::io::Seek>(&self, out: W, stored: bool) -> std::io::Result<W> {
        use std::borrow::Cow;
        use zip_out::Entry;
        let xml = !stored;
        let mut entries = Vec::with_capacity(2 * self.parts.len() + 2);
        let text = |name: String, s: String, deflate| Entry {
            name: Cow::Owned(name),
            data: Cow::Owned(s.into_bytes()),
            deflate,
        };
        entries.push(text("[Content_Types].xml".into(), self.content_types_xml(), xml));
        entries.push(text("_rels/.rels".into(), self.rels.xml(), xml));
        for p in &self.parts {
            let deflate = match p.content_type {
                ct::PNG | ct::JPEG => false,
                ct::XLSX => true,
                _ => xml,
            };
            entries.push(Entry { name: Cow::Borrowed(&p.name[1..]), data: Cow::Borrowed(&p.data), deflate });
            if !p.rels.is_empty() {
                entries.push(text(p.rels_name()[1..].to_string(), p.rels.xml(), xml));
            }
        }
        zip_out::write(out, &entries)
    }
}
