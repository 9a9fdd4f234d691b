//! Layouts: the themes, the slide master and the slide templates in
//! `layouts/`. Built-in ones are compiled into the binary; a folder given by
//! the spec or `--layouts` adds or overrides them. Each template is parsed
//! once and its slots are found from the XML itself.

pub mod dom;
mod theme;

pub use theme::Theme;

use crate::error::{Error, Result};
use dom::Element;
use std::collections::BTreeMap;
use std::path::Path;

/// `(path, contents)` of files under `layouts/`, compiled in; each path written once.
macro_rules! builtin {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../../layouts/", $path)))),*]
    };
}

/// Built-in layout files: (path under `layouts/`, contents). The slide
/// layouts are the files at the top, named by their file names.
const BUILTIN: &[(&str, &str)] = builtin![
    "cover.xml",
    "contents.xml",
    "section.xml",
    "bullets.xml",
    "two-columns.xml",
    "kpis.xml",
    "chart.xml",
    "chart-text.xml",
    "two-charts.xml",
    "table.xml",
    "table-chart.xml",
    "timeline.xml",
    "picture.xml",
    "cards.xml",
    "closing.xml",
    "master/slideMaster.xml",
    "master/layout-title.xml",
    "master/layout-title-only.xml",
    "master/layout-blank.xml",
    "master/notesMaster.xml",
    "themes/business-blue.xml",
    "themes/sunset-red.xml",
];

/// Which master layout a slide template sits on, derived from its placeholders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MasterLayout {
    /// Has a centre-title placeholder (`ctrTitle`): the cover.
    Title,
    /// Has a title placeholder.
    TitleOnly,
    /// No title placeholder.
    Blank,
}

impl MasterLayout {
    pub const ALL: [MasterLayout; 3] = [MasterLayout::Title, MasterLayout::TitleOnly, MasterLayout::Blank];

    pub fn file(self) -> &'static str {
        match self {
            MasterLayout::Title => "master/layout-title.xml",
            MasterLayout::TitleOnly => "master/layout-title-only.xml",
            MasterLayout::Blank => "master/layout-blank.xml",
        }
    }
}

/// What kind of content a shape slot takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShapeSlotKind {
    Chart,
    Table,
    Picture,
    Timeline,
    /// Repeated items (KPI cards, agenda rows, cards): `name.area` + `name.item`.
    Repeat,
}

/// One slide template.
#[derive(Debug, Clone)]
pub struct Template {
    pub name: String,
    /// What the layout is for (from the comment at the top of the file).
    pub about: String,
    pub root: Element,
    pub master: MasterLayout,
    /// `{{token}}` text slots outside repeated items, in document order.
    pub text_slots: Vec<String>,
    /// Shape slots by name (`chart`, `table`, `kpis`...).
    pub shape_slots: Vec<(String, ShapeSlotKind)>,
    /// Tokens inside each repeated item (`kpis` → label, value, change, note).
    pub item_tokens: BTreeMap<String, Vec<String>>,
}

impl Template {
    pub fn has_text(&self, token: &str) -> bool {
        self.text_slots.iter().any(|t| t == token)
    }

    /// Slots that may stay empty (the shape is then left out).
    pub fn is_optional(slot: &str) -> bool {
        slot == "logo"
    }

    pub fn shape_kind(&self, slot: &str) -> Option<ShapeSlotKind> {
        self.shape_slots.iter().find(|(n, _)| n == slot).map(|(_, k)| *k)
    }

    /// A template from slide XML made elsewhere (a company template's layouts, see `template`).
    pub fn from_xml(name: &str, about: &str, xml: &str, origin: &str) -> Result<Template> {
        let root = dom::parse(xml)
            .map_err(|e| Error::build(format!("layout XML does not parse: {e}")).at(origin.to_string()))?;
        analyse(name, about.to_string(), root, origin)
    }

    /// Every slot name, text and shape, for messages.
    pub fn all_slots(&self) -> Vec<String> {
        let mut v = self.text_slots.clone();
        v.extend(self.shape_slots.iter().map(|(n, _)| n.clone()));
        v
    }
}

/// All layouts available to a build: templates, master parts and themes.
#[derive(Debug, Clone)]
pub struct LayoutSet {
    pub templates: BTreeMap<String, Template>,
    pub themes: BTreeMap<String, Theme>,
    pub master: Element,
    pub master_layouts: BTreeMap<MasterLayout, Element>,
    pub notes_master: Element,
}

fn comment_of(xml: &str) -> String {
    match (xml.find("<!--"), xml.find("-->")) {
        (Some(a), Some(b)) if a < b => xml[a + 4..b].split_whitespace().collect::<Vec<_>>().join(" "),
        _ => String::new(),
    }
}

impl LayoutSet {
    /// The built-in layouts.
    pub fn builtin() -> Result<LayoutSet> {
        let files: Vec<(String, String, String)> =
            BUILTIN.iter().map(|(p, x)| (p.to_string(), x.to_string(), format!("layouts/{p} (built in)"))).collect();
        LayoutSet::from_files(files)
    }

    /// Built-ins, with the files of `dir` added or overriding (same relative path).
    pub fn with_dir(dir: Option<&Path>) -> Result<LayoutSet> {
        let Some(dir) = dir else {
            return LayoutSet::builtin();
        };
        let mut files: BTreeMap<String, (String, String)> =
            BUILTIN.iter().map(|(p, x)| (p.to_string(), (x.to_string(), format!("layouts/{p} (built in)")))).collect();
        let mut found = 0;
        for sub in ["", "master", "themes"] {
            let d = dir.join(sub);
            let Ok(rd) = std::fs::read_dir(&d) else {
                if sub.is_empty() {
                    return Err(Error::build("cannot read the layouts folder")
                        .at(dir.display().to_string())
                        .hint("`layouts:` in the spec and `--layouts` name a folder of slide XML files"));
                }
                continue;
            };
            let mut entries: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
            entries.sort();
            for p in entries {
                if p.extension().and_then(|e| e.to_str()) != Some("xml") {
                    continue;
                }
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                let rel = if sub.is_empty() { name.to_string() } else { format!("{sub}/{name}") };
                // A regular file of at most 4 MB (a FIFO here would block).
                let text = crate::input::read(&p, 4 << 20)
                    .map_err(|e| Error::build(e.describe("the layout")).at(p.display().to_string()))
                    .and_then(|b| {
                        String::from_utf8(b)
                            .map_err(|_| Error::build("the layout is not UTF-8 text").at(p.display().to_string()))
                    })?;
                files.insert(rel, (text, p.display().to_string()));
                found += 1;
            }
        }
        if found == 0 {
            return Err(Error::build("the layouts folder has no .xml files").at(dir.display().to_string()));
        }
        LayoutSet::from_files(files.into_iter().map(|(k, (x, w))| (k, x, w)).collect())
    }

    /// Builds the set from (relative path, XML, where-for-messages).
    fn from_files(files: Vec<(String, String, String)>) -> Result<LayoutSet> {
        let mut templates = BTreeMap::new();
        let mut themes = BTreeMap::new();
        let mut master = None;
        let mut notes_master = None;
        let mut master_layouts = BTreeMap::new();
        for (rel, xml, origin) in files {
            let parse = |x: &str| {
                dom::parse(x).map_err(|e| Error::build(format!("layout XML does not parse: {e}")).at(origin.clone()))
            };
            if let Some(name) = rel.strip_prefix("themes/").and_then(|n| n.strip_suffix(".xml")) {
                themes.insert(name.to_string(), Theme::parse(name, &xml, &origin)?);
            } else if rel == "master/slideMaster.xml" {
                master = Some(parse(&xml)?);
            } else if rel == "master/notesMaster.xml" {
                notes_master = Some(parse(&xml)?);
            } else if let Some(ml) = MasterLayout::ALL.iter().find(|m| m.file() == rel) {
                master_layouts.insert(*ml, parse(&xml)?);
            } else if let Some(name) = rel.strip_suffix(".xml").filter(|n| !n.contains('/')) {
                let root = parse(&xml)?;
                let t = analyse(name, comment_of(&xml), root, &origin)?;
                templates.insert(name.to_string(), t);
            }
        }
        let missing = |what: &str| Error::build(format!("layouts: {what} is missing"));
        Ok(LayoutSet {
            templates,
            themes,
            master: master.ok_or_else(|| missing("master/slideMaster.xml"))?,
            notes_master: notes_master.ok_or_else(|| missing("master/notesMaster.xml"))?,
            master_layouts,
        })
    }

    pub fn template(&self, name: &str) -> Result<&Template> {
        self.templates.get(name).ok_or_else(|| {
            Error::usage(format!("unknown layout `{name}`"))
                .suggest(name, self.templates.keys().map(String::as_str))
                .hint(format!("layouts available: {}", self.templates.keys().cloned().collect::<Vec<_>>().join(", ")))
        })
    }

    pub fn theme(&self, name: &str) -> Result<&Theme> {
        self.themes.get(name).ok_or_else(|| {
            Error::usage(format!("unknown theme `{name}`"))
                .suggest(name, self.themes.keys().map(String::as_str))
                .hint(format!("themes available: {}", self.themes.keys().cloned().collect::<Vec<_>>().join(", ")))
        })
    }
}

/// The `name` of a shape element's `cNvPr`.
pub fn shape_name(el: &Element) -> Option<&str> {
    let nv = el.elements().find(|e| e.name.starts_with("p:nv"))?;
    nv.child("p:cNvPr")?.attr("name")
}

/// A token as written in a layout: `{{title}}`, or `{{title ? deck.title}}`
/// (the slide's `title`, else the deck's), or `{{deck.footer}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The slot the spec fills (`title`), if any.
    pub slot: Option<String>,
    /// The deck value shown when the slot is empty (`title` of `deck.title`).
    pub deck: Option<String>,
}

impl Token {
    pub fn parse(raw: &str) -> Token {
        let mut slot = None;
        let mut deck = None;
        for part in raw.split('?').map(str::trim).filter(|p| !p.is_empty()) {
            match part.strip_prefix("deck.") {
                Some(d) => deck = Some(d.to_string()),
                None => slot = Some(part.to_string()),
            }
        }
        Token { slot, deck }
    }
}

/// `{{token}}` names in a string, in order. Errors on an unclosed `{{`.
pub fn tokens_in(s: &str) -> std::result::Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find("{{") {
        let after = &rest[i + 2..];
        let Some(j) = after.find("}}") else {
            return Err(rest[i..].to_string());
        };
        out.push(after[..j].trim().to_string());
        rest = &after[j + 2..];
    }
    if let Some(j) = rest.find("}}") {
        return Err(rest[..j + 2].to_string());
    }
    Ok(out)
}

fn analyse(name: &str, about: String, root: Element, origin: &str) -> Result<Template> {
    let mut text_slots: Vec<String> = Vec::new();
    let mut shape_slots: Vec<(String, ShapeSlotKind)> = Vec::new();
    let mut item_tokens: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut has_ctr_title = false;
    let mut has_title = false;
    let mut err: Option<Error> = None;

    // Tokens must sit whole inside one `a:t`; PowerPoint splits hand-typed text
    // into several runs, which would hide a token from the engine.
    fn check_runs(
        el: &Element,
        shape: &str,
        layout: &str,
        origin: &str,
        out: &mut Vec<String>,
        err: &mut Option<Error>,
    ) {
        el.walk(&mut |e| {
            if e.name == "a:t" {
                match tokens_in(&e.text()) {
                    Ok(t) => out.extend(t),
                    Err(frag) => {
                        if err.is_none() {
                            *err = Some(
                                Error::build(format!(
                                    "layout `{layout}`: the token `{frag}` in shape `{shape}` is split across text runs"
                                ))
                                .at(origin.to_string())
                                .hint("type the whole `{{name}}` in one go, or delete the formatting inside it, so it sits in one <a:t>"),
                            );
                        }
                    }
                }
            }
        });
    }

    let Some(tree) = root.path(&["p:cSld", "p:spTree"]) else {
        return Err(Error::build(format!("layout `{name}` has no p:cSld/p:spTree")).at(origin.to_string()));
    };
    for shape in tree.elements() {
        let sname = shape_name(shape).unwrap_or("").to_string();
        shape.walk(&mut |e| {
            if e.name == "p:ph" {
                match e.attr("type") {
                    Some("ctrTitle") => has_ctr_title = true,
                    Some("title") => has_title = true,
                    _ => {}
                }
            }
        });
        if sname.starts_with("timeline.") {
            if !shape_slots.iter().any(|(n, _)| n == "timeline") {
                shape_slots.push(("timeline".into(), ShapeSlotKind::Timeline));
            }
            continue;
        }
        if let Some(slot) = sname.strip_suffix(".item") {
            let mut toks = Vec::new();
            check_runs(shape, &sname, name, origin, &mut toks, &mut err);
            item_tokens.insert(slot.to_string(), toks);
            if !shape_slots.iter().any(|(n, _)| n == slot) {
                shape_slots.push((slot.to_string(), ShapeSlotKind::Repeat));
            }
            continue;
        }
        if let Some(slot) = sname.strip_suffix(".area") {
            if !shape_slots.iter().any(|(n, _)| n == slot) {
                shape_slots.push((slot.to_string(), ShapeSlotKind::Repeat));
            }
            continue;
        }
        let kind = if sname == "chart" || (sname.starts_with("chart") && sname[5..].parse::<u32>().is_ok()) {
            Some(ShapeSlotKind::Chart)
        } else if sname == "table" {
            Some(ShapeSlotKind::Table)
        } else if sname == "picture" || sname == "logo" {
            Some(ShapeSlotKind::Picture)
        } else {
            None
        };
        if let Some(k) = kind {
            shape_slots.push((sname.clone(), k));
            continue;
        }
        let mut toks = Vec::new();
        check_runs(shape, &sname, name, origin, &mut toks, &mut err);
        for t in toks {
            if let Some(slot) = Token::parse(&t).slot
                && !text_slots.contains(&slot)
            {
                text_slots.push(slot);
            }
        }
    }
    if let Some(e) = err {
        return Err(e);
    }
    for (slot, kind) in &shape_slots {
        if *kind == ShapeSlotKind::Repeat && !item_tokens.contains_key(slot) {
            return Err(Error::build(format!("layout `{name}`: `{slot}.area` has no `{slot}.item` prototype"))
                .at(origin.to_string()));
        }
    }
    let master = if has_ctr_title {
        MasterLayout::Title
    } else if has_title {
        MasterLayout::TitleOnly
    } else {
        MasterLayout::Blank
    };
    Ok(Template { name: name.to_string(), about, root, master, text_slots, shape_slots, item_tokens })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names of the built-in slide layouts (`cover`, `kpis`, …), in the order
    /// `deckgen layouts` lists them.
    fn builtin_names() -> impl Iterator<Item = &'static str> {
        BUILTIN.iter().filter_map(|(p, _)| p.strip_suffix(".xml")).filter(|n| !n.contains('/'))
    }

    #[test]
    fn builtins_load_and_have_slots() {
        let set = LayoutSet::builtin().unwrap();
        assert_eq!(builtin_names().count(), 15);
        for name in builtin_names() {
            assert!(set.templates.contains_key(name), "{name}");
        }
        let kpis = &set.templates["kpis"];
        assert_eq!(kpis.shape_kind("kpis"), Some(ShapeSlotKind::Repeat));
        assert_eq!(kpis.item_tokens["kpis"], vec!["label", "value", "change", "note"]);
        assert!(kpis.has_text("title"));
        assert_eq!(set.templates["cover"].master, MasterLayout::Title);
        assert_eq!(set.templates["two-charts"].shape_kind("chart2"), Some(ShapeSlotKind::Chart));
        assert!(set.themes.contains_key("business-blue") && set.themes.contains_key("sunset-red"));
    }

    /// The layouts are stored readable, one element per line
    /// (tools/pretty-layouts.py), so that a diff of a layout change reads.
    #[test]
    fn layouts_are_stored_one_element_per_line() {
        for (path, xml) in BUILTIN.iter().filter(|(p, _)| !p.starts_with("themes/")) {
            let longest = xml.lines().map(|l| l.chars().count()).max().unwrap_or(0);
            assert!(longest < 400, "layouts/{path}: a line of {longest} characters (run tools/pretty-layouts.py)");
        }
    }

    #[test]
    fn split_token_is_an_error() {
        let xml = r#"<p:sld xmlns:p="p" xmlns:a="a"><p:cSld><p:spTree><p:sp><p:nvSpPr><p:cNvPr id="2" name="T"/></p:nvSpPr><p:txBody><a:p><a:r><a:t>{{ti</a:t></a:r><a:r><a:t>tle}}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>"#;
        let e = analyse("x", String::new(), dom::parse(xml).unwrap(), "x.xml").unwrap_err();
        assert!(e.message.contains("split across text runs"), "{e}");
    }

    #[test]
    fn tokens() {
        assert_eq!(tokens_in("汇报人:{{author}} {{ date }}").unwrap(), vec!["author", "date"]);
        assert!(tokens_in("{{a").is_err());
        assert!(tokens_in("b}}").is_err());
    }
}
