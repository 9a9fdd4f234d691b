//! Relationships of one part: hands out `rIdN` ids and writes the `.rels` part.

use crate::ns;
use crate::xml::XmlWriter;

#[derive(Debug, Clone)]
pub struct Rel {
    pub id: String,
    pub rel_type: &'static str,
    /// Target part name (absolute), or a URL when `external`.
    pub target: String,
    pub external: bool,
}

/// The relationships of one source part.
#[derive(Debug, Clone, Default)]
pub struct Rels {
    source: String,
    items: Vec<Rel>,
}

impl Rels {
    /// Relationships whose source is `source` (a part name, or `/` for the package).
    pub fn new(source: &str) -> Rels {
        Rels { source: source.to_string(), items: Vec::new() }
    }

    /// The rId relating to `target` with `rel_type`: the existing one, or a new one.
    pub fn relate(&mut self, rel_type: &'static str, target: &str) -> String {
        if let Some(r) = self.items.iter().find(|r| r.rel_type == rel_type && r.target == target) {
            return r.id.clone();
        }
        let id = self.free_id();
        self.items.push(Rel { id: id.clone(), rel_type, target: target.to_string(), external: false });
        id
    }

    /// The next unused `rIdN` (the count plus one, unless a foreign part took it).
    fn free_id(&self) -> String {
        let mut n = self.items.len() + 1;
        while self.items.iter().any(|r| r.id == format!("rId{n}")) {
            n += 1;
        }
        format!("rId{n}")
    }

    /// Reads a `.rels` part of a package someone else wrote, keeping its ids;
    /// targets become absolute part names.
    pub fn parse(source: &str, xml: &str) -> Result<Rels, String> {
        let root = crate::layout::dom::parse(xml.trim_start_matches('\u{feff}'))?;
        let dir = match source.rsplit_once('/') {
            Some((d, _)) => d,
            None => "",
        };
        let mut items = Vec::new();
        for e in root.elements().filter(|e| e.name.rsplit(':').next() == Some("Relationship")) {
            let (Some(id), Some(t), Some(target)) = (e.attr("Id"), e.attr("Type"), e.attr("Target")) else {
                return Err("a relationship without Id, Type or Target".into());
            };
            let external = e.attr("TargetMode") == Some("External");
            let target = if external { target.to_string() } else { resolve_target(dir, target) };
            items.push(Rel { id: id.to_string(), rel_type: super::intern(t), target, external });
        }
        Ok(Rels { source: source.to_string(), items })
    }

    /// The relationship with id `id`.
    pub fn get(&self, id: &str) -> Option<&Rel> {
        self.items.iter().find(|r| r.id == id)
    }

    /// Removes the relationship with id `id`.
    pub fn remove(&mut self, id: &str) {
        self.items.retain(|r| r.id != id);
    }

    /// Adds a relationship as it is (its id must be free).
    pub fn push(&mut self, rel: Rel) {
        debug_assert!(self.get(&rel.id).is_none(), "duplicate {}", rel.id);
        self.items.push(rel);
    }

    /// A relationship to an external URL (hyperlinks).
    pub fn relate_external(&mut self, rel_type: &'static str, url: &str) -> String {
        let id = self.free_id();
        self.items.push(Rel { id: id.clone(), rel_type, target: url.to_string(), external: true });
        id
    }

    /// The same relationships with `source` as their source part.
    pub fn with_source(self, source: &str) -> Rels {
        Rels { source: source.to_string(), ..self }
    }

    /// Points the relationships that target `from` at `to` instead (a
    /// placeholder target becomes the part name handed out later).
    pub fn retarget(&mut self, from: &str, to: &str) {
        for r in self.items.iter_mut().filter(|r| r.target == from) {
            r.target = to.to_string();
        }
    }

    /// Points every internal relationship whose target `to` maps somewhere at that part.
    pub fn retarget_by(&mut self, to: impl Fn(&str) -> Option<String>) {
        for r in self.items.iter_mut().filter(|r| !r.external) {
            if let Some(t) = to(&r.target) {
                r.target = t;
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Rel> {
        self.items.iter()
    }

    /// The `.rels` part's XML.
    pub fn xml(&self) -> String {
        let mut w = XmlWriter::new();
        w.open("Relationships", &[("xmlns", ns::PKG_RELS.into())]);
        for r in &self.items {
            let target = if r.external { r.target.clone() } else { rel_target(&self.source, &r.target) };
            if r.external {
                w.empty(
                    "Relationship",
                    &[
                        ("Id", (&r.id).into()),
                        ("Type", r.rel_type.into()),
                        ("Target", (&target).into()),
                        ("TargetMode", "External".into()),
                    ],
                );
            } else {
                w.empty(
                    "Relationship",
                    &[("Id", (&r.id).into()), ("Type", r.rel_type.into()), ("Target", (&target).into())],
                );
            }
        }
        w.close("Relationships");
        w.into_string()
    }
}

/// `/ppt/slides/slide1.xml` → `/ppt/slides/_rels/slide1.xml.rels`; `/` → `/_rels/.rels`.
pub fn rels_part_name(part: &str) -> String {
    let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
    format!("{dir}/_rels/{file}.rels")
}

/// The absolute part name of a relationship target written relative to the
/// folder `dir` of its source (or absolute, starting with `/`).
pub fn resolve_target(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> =
        if target.starts_with('/') { Vec::new() } else { dir.split('/').filter(|s| !s.is_empty()).collect() };
    for seg in target.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    format!("/{}", parts.join("/"))
}

/// The relative reference from `source` part to `target` part, as a `.rels` target.
pub fn rel_target(source: &str, target: &str) -> String {
    let src_dir: Vec<&str> = {
        let mut v: Vec<&str> = source.split('/').filter(|s| !s.is_empty()).collect();
        if !source.ends_with('/') {
            v.pop();
        }
        v
    };
    let tgt: Vec<&str> = target.split('/').filter(|s| !s.is_empty()).collect();
    let common = src_dir.iter().zip(&tgt).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; src_dir.len() - common];
    parts.extend(&tgt[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_targets() {
        assert_eq!(rel_target("/", "/ppt/presentation.xml"), "ppt/presentation.xml");
        assert_eq!(rel_target("/ppt/presentation.xml", "/ppt/slides/slide1.xml"), "slides/slide1.xml");
        assert_eq!(
            rel_target("/ppt/slides/slide1.xml", "/ppt/slideLayouts/slideLayout2.xml"),
            "../slideLayouts/slideLayout2.xml"
        );
        assert_eq!(
            rel_target("/ppt/charts/chart3.xml", "/ppt/embeddings/Microsoft_Excel_Worksheet3.xlsx"),
            "../embeddings/Microsoft_Excel_Worksheet3.xlsx"
        );
    }

    #[test]
    fn relate_reuses_ids() {
        let mut r = Rels::new("/ppt/slides/slide1.xml");
        let a = r.relate(ns::rt::SLIDE_LAYOUT, "/ppt/slideLayouts/slideLayout1.xml");
        let b = r.relate(ns::rt::CHART, "/ppt/charts/chart1.xml");
        let c = r.relate(ns::rt::SLIDE_LAYOUT, "/ppt/slideLayouts/slideLayout1.xml");
        assert_eq!((a.as_str(), b.as_str(), c.as_str()), ("rId1", "rId2", "rId1"));
        assert_eq!(rels_part_name("/ppt/slides/slide1.xml"), "/ppt/slides/_rels/slide1.xml.rels");
        assert_eq!(rels_part_name("/"), "/_rels/.rels");
    }

    #[test]
    fn foreign_rels_keep_their_ids() {
        let xml = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="../charts/chart2.xml"/><Relationship Id="rId1" Type="http://x/hyperlink" Target="http://a.b/" TargetMode="External"/></Relationships>"#;
        let mut r = Rels::parse("/ppt/slides/slide1.xml", xml).unwrap();
        assert_eq!(r.get("rId3").unwrap().target, "/ppt/charts/chart2.xml");
        assert!(r.get("rId1").unwrap().external);
        // A new relationship takes an id nobody uses.
        assert_eq!(r.relate(ns::rt::IMAGE, "/ppt/media/image1.png"), "rId4");
        assert_eq!(resolve_target("/ppt", "/ppt/x.xml"), "/ppt/x.xml");
    }
}
