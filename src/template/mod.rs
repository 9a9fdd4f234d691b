//! A company's own template (`deck.template: 公司模板.pptx`): its theme
//! (colours, Latin and East Asian fonts), its slide masters with their
//! layouts, backgrounds, logos and footers, and its slide size.
//!
//! Three steps, one per stage of the pipeline:
//! - [`import`] reads the template once (with the layouts);
//! - [`place::apply`] puts deckgen's layouts into the template's frame (its
//!   title where the template has its title, the content in its content
//!   area), makes the cover, section and closing slides from the template's
//!   own title and section layouts, and turns each template layout a spec
//!   names (`layout: "模板:标题和内容"`) into a layout whose slots are its
//!   placeholders;
//! - [`dress::dress`] puts the template's masters, layouts and theme into the
//!   package in place of deckgen's own, and points every slide at its layout.

pub mod dress;
pub mod place;

use crate::error::{Error, Result};
use crate::layout::Theme;
use crate::layout::dom::Element;
use crate::ns::rt;
use crate::opc::Rels;
use crate::opc::intern;
use crate::opc::read::Archive;
use crate::slides::geom::{self, Rect};
use std::collections::BTreeMap;
use std::path::Path;

/// A part taken over from the template as it was (masters, layouts, themes,
/// pictures…), with its relationships.
#[derive(Debug, Clone)]
pub struct Imported {
    pub name: String,
    pub content_type: &'static str,
    pub data: Vec<u8>,
    pub rels: Rels,
}

/// One placeholder of a template layout, with what it inherits from its master.
#[derive(Debug, Clone, PartialEq)]
pub struct Ph {
    /// `title`, `ctrTitle`, `subTitle`, `body`, `obj` (no type), `chart`, `tbl`, `pic`, `dt`, `ftr`, `sldNum`…
    pub kind: String,
    pub idx: Option<String>,
    pub name: String,
    /// Position and size, from the layout or else its master.
    pub rect: Option<Rect>,
    /// First-level font size in hundredths of a point, from the layout, the master or its text styles.
    pub size: i64,
    /// Alignment and text fill a template's sample slide gave this placeholder.
    pub align: Option<String>,
    pub fill: Option<Element>,
}

impl Ph {
    pub fn is_title(&self) -> bool {
        self.kind == "title" || self.kind == "ctrTitle"
    }

    pub fn is_footer(&self) -> bool {
        matches!(self.kind.as_str(), "dt" | "ftr" | "sldNum" | "hdr")
    }
}

/// One layout of the template.
#[derive(Debug, Clone)]
pub struct Layout {
    pub part: String,
    /// Its name as the template shows it (`标题和内容`, `Title and Content`).
    pub name: String,
    /// `p:sldLayout/@type`: `title`, `obj`, `titleOnly`, `secHead`, `blank`… (`cust` when absent).
    pub kind: String,
    /// Index into [`Design::masters`].
    pub master: usize,
    pub phs: Vec<Ph>,
}

impl Layout {
    pub fn ph(&self, pred: impl Fn(&Ph) -> bool) -> Option<&Ph> {
        self.phs.iter().find(|p| pred(p))
    }
}

/// A template read from a .pptx or .potx.
#[derive(Debug, Clone)]
pub struct Design {
    /// The template file, for messages.
    pub file: String,
    /// Slide width and height in EMU.
    pub size: (i64, i64),
    /// The first master's theme, East Asian fonts filled in where the template left them empty.
    pub theme: Theme,
    /// Part name of that theme in the template.
    pub theme_part: String,
    /// Master ids and part names, in the template's order.
    pub masters: Vec<(String, String)>,
    pub layouts: Vec<Layout>,
    pub parts: Vec<Imported>,
    /// The slide size element of the template's presentation part.
    pub sld_sz: Element,
    /// For each layout name deckgen's slides use, the template layout part it sits on.
    pub placed: BTreeMap<String, String>,
    /// The master deckgen's content slides use: the one of the template's
    /// sample content slide when it has one (LibreOffice and many .potx
    /// keep a title design and a content design apart), else the first.
    pub content_master: usize,
    /// Each master's body placeholder.
    pub master_bodies: Vec<Option<Rect>>,
    /// The layout of the template's own title slide, when it has one, with
    /// its placeholders where that slide put them.
    pub cover: Option<Layout>,
}

impl Design {
    /// The layouts of the content master.
    fn own(&self) -> impl Iterator<Item = &Layout> {
        self.layouts.iter().filter(|l| l.master == self.content_master)
    }

    /// The first layout of the content master of a type, in the order given.
    pub fn layout_of(&self, kinds: &[&str]) -> Option<&Layout> {
        kinds.iter().find_map(|k| self.own().find(|l| l.kind == *k))
    }

    /// The layout of a title slide: the template's own title slide, else a
    /// layout of type `title`, else one with a centred title, else one with
    /// just a title and a subtitle.
    pub fn cover_layout(&self) -> Option<&Layout> {
        let only_titles = |l: &&Layout| {
            l.phs.iter().any(Ph::is_title)
                && l.phs.iter().any(|p| p.kind == "subTitle")
                && !l.phs.iter().any(|p| p.kind == "obj" || p.kind == "body")
        };
        let mut all: Vec<&Layout> = self.own().collect();
        all.extend(self.layouts.iter().filter(|l| l.master != self.content_master));
        self.cover
            .as_ref()
            .or_else(|| self.layout_of(&["title"]))
            .or_else(|| all.iter().copied().find(|l| l.phs.iter().any(|p| p.kind == "ctrTitle")))
            .or_else(|| all.iter().copied().find(only_titles))
    }

    /// The layout of a section divider: a section header, else the title slide's.
    pub fn section_layout(&self) -> Option<&Layout> {
        self.layout_of(&["secHead"]).or_else(|| self.cover_layout())
    }

    /// The layout deckgen's content slides (title and content of their own) sit on.
    pub fn content_layout(&self) -> Option<&Layout> {
        self.layout_of(&["titleOnly", "obj", "tx"])
            .or_else(|| self.own().find(|l| l.phs.iter().any(Ph::is_title)))
            .or_else(|| self.own().next())
    }

    /// Where the template puts a content slide's title.
    pub fn title_ph(&self) -> Option<&Ph> {
        self.content_layout()?.ph(Ph::is_title)
    }

    /// The template's content area: the body of its title-and-content layout,
    /// else its master's body, else the slide below the title.
    pub fn body_rect(&self) -> Rect {
        let (w, h) = self.size;
        // A content area smaller than this is some special placeholder, not the page's body.
        let roomy = |r: &Rect| r.w * 2 >= w && r.h * 3 >= h;
        let body = |l: &Layout| l.ph(|p| p.kind == "obj" || p.kind == "body").and_then(|p| p.rect);
        let candidates = [
            self.layout_of(&["obj", "tx"]).and_then(body),
            self.content_layout().and_then(body),
            self.master_bodies.get(self.content_master).copied().flatten(),
        ];
        if let Some(r) = candidates.into_iter().flatten().find(roomy) {
            return r;
        }
        let top = self.title_ph().and_then(|p| p.rect).map(|r| r.bottom()).unwrap_or(h / 6);
        Rect { x: w / 20, y: top + h / 40, w: w - w / 10, h: (h * 88 / 100 - top).max(h / 3) }
    }

    /// The template layout a spec names: exact name first, then ignoring case
    /// and spaces, then by PowerPoint's standard name in Chinese or English
    /// (`标题和内容` finds `Title and Content`, the layout of type `obj`).
    pub fn find_layout(&self, name: &str) -> Option<&Layout> {
        let norm = |s: &str| s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect::<String>();
        let by_type = || {
            let kind = STANDARD.iter().find(|(names, _)| names.iter().any(|n| norm(n) == norm(name)))?.1;
            self.own().find(|l| l.kind == kind).or_else(|| self.layouts.iter().find(|l| l.kind == kind))
        };
        self.layouts
            .iter()
            .find(|l| l.name == name)
            .or_else(|| self.layouts.iter().find(|l| norm(&l.name) == norm(name)))
            .or_else(by_type)
    }

    pub fn layout_names(&self) -> Vec<String> {
        self.layouts.iter().map(|l| l.name.clone()).collect()
    }
}

/// PowerPoint's standard layouts by their names in Chinese and English, and their type.
const STANDARD: &[(&[&str], &str)] = &[
    (&["标题幻灯片", "Title Slide"], "title"),
    (&["标题和内容", "Title and Content"], "obj"),
    (&["节标题", "Section Header"], "secHead"),
    (&["两栏内容", "Two Content"], "twoObj"),
    (&["比较", "Comparison"], "twoTxTwoObj"),
    (&["仅标题", "Title Only"], "titleOnly"),
    (&["空白", "Blank"], "blank"),
    (&["内容与标题", "Content with Caption"], "objTx"),
    (&["图片与标题", "Picture with Caption"], "picTx"),
    (&["标题和竖排文字", "Title and Vertical Text"], "vertTx"),
    (&["垂直排列标题与文本", "竖排标题与文本", "Vertical Title and Text"], "vertTitleAndTx"),
];

/// Placeholder type as written (`p:ph/@type`), `obj` when absent.
fn ph_kind(ph: &Element) -> String {
    ph.attr("type").unwrap_or("obj").to_string()
}

/// The `p:ph` of a shape, if it is a placeholder.
pub fn ph_of(shape: &Element) -> Option<&Element> {
    let nv = shape.elements().find(|e| e.name.starts_with("p:nv"))?;
    nv.path(&["p:nvPr", "p:ph"])
}

/// Which master placeholder a layout placeholder of this type inherits from.
fn master_kind(kind: &str) -> &str {
    match kind {
        "title" | "ctrTitle" => "title",
        "dt" | "ftr" | "sldNum" | "hdr" => kind,
        _ => "body",
    }
}

/// `a:lstStyle/a:lvl1pPr/a:defRPr/@sz` of a shape's text.
fn lst_size(shape: &Element) -> Option<i64> {
    shape.path(&["p:txBody", "a:lstStyle", "a:lvl1pPr", "a:defRPr"])?.attr("sz")?.parse().ok()
}

/// A master's placeholders by master kind, and its text style sizes.
struct MasterInfo {
    phs: Vec<(String, Option<Rect>, Option<i64>)>,
    title_size: i64,
    body_size: i64,
}

fn master_info(root: &Element) -> MasterInfo {
    let mut phs = Vec::new();
    if let Some(tree) = root.path(&["p:cSld", "p:spTree"]) {
        for sh in tree.elements() {
            if let Some(ph) = ph_of(sh) {
                phs.push((master_kind(&ph_kind(ph)).to_string(), geom::rect(sh), lst_size(sh)));
            }
        }
    }
    let style =
        |s: &str| -> Option<i64> { root.path(&["p:txStyles", s, "a:lvl1pPr", "a:defRPr"])?.attr("sz")?.parse().ok() };
    MasterInfo {
        phs,
        title_size: style("p:titleStyle").unwrap_or(4400),
        body_size: style("p:bodyStyle").unwrap_or(1800),
    }
}

fn layout_info(part: &str, root: &Element, master: usize, m: &MasterInfo) -> Layout {
    let name = root.child("p:cSld").and_then(|c| c.attr("name")).unwrap_or("").to_string();
    let kind = root.attr("type").unwrap_or("cust").to_string();
    let mut phs = Vec::new();
    if let Some(tree) = root.path(&["p:cSld", "p:spTree"]) {
        let mut shapes: Vec<&Element> = Vec::new();
        for sh in tree.elements() {
            // Placeholders are top-level shapes, but look into groups too.
            if sh.name == "p:grpSp" {
                shapes.extend(sh.elements().filter(|e| ph_of(e).is_some()));
            } else {
                shapes.push(sh);
            }
        }
        for sh in shapes {
            let Some(ph) = ph_of(sh) else { continue };
            let kind = ph_kind(ph);
            let mk = master_kind(&kind);
            let from_master = m.phs.iter().find(|(k, _, _)| k == mk);
            let rect = geom::rect(sh).filter(|r| r.w > 0 && r.h > 0).or(from_master.and_then(|(_, r, _)| *r));
            let size = lst_size(sh).or(from_master.and_then(|(_, _, s)| *s)).unwrap_or(if mk == "title" {
                m.title_size
            } else {
                m.body_size
            });
            let name = crate::layout::shape_name(sh).unwrap_or("").to_string();
            phs.push(Ph { kind, idx: ph.attr("idx").map(str::to_string), name, rect, size, align: None, fill: None });
        }
    }
    Layout { part: part.to_string(), name, kind, master, phs }
}

/// The theme XML with the East Asian fonts filled where the template left
/// them empty (most Western templates do): the template's own font for
/// Simplified Chinese (`a:font script="Hans"`), else 微软雅黑.
fn with_cjk_fonts(theme: &Element) -> Element {
    let mut t = theme.clone();
    for which in ["a:majorFont", "a:minorFont"] {
        let Some(f) = t.path_mut(&["a:themeElements", "a:fontScheme", which]) else { continue };
        let hans = f
            .elements()
            .find(|e| e.name == "a:font" && e.attr("script") == Some("Hans"))
            .and_then(|e| e.attr("typeface"))
            .filter(|s| !s.trim().is_empty())
            .unwrap_or("微软雅黑")
            .to_string();
        if let Some(ea) = f.child_mut("a:ea")
            && ea.attr("typeface").is_none_or(|s| s.trim().is_empty())
        {
            ea.set_attr("typeface", hans.as_str());
        }
    }
    t
}

/// Relationship types not followed from a master or layout: other slides and masters' own parts.
fn followed(rel_type: &str) -> bool {
    ![rt::SLIDE, rt::NOTES_SLIDE, rt::NOTES_MASTER, rt::SLIDE_MASTER].contains(&rel_type)
        && !rel_type.ends_with("/handoutMaster")
}

/// Reads a template: its slide size, masters and layouts with every part
/// they use, the cover its sample slides show, and its theme.
pub fn import(path: &Path, shown: &str) -> Result<Design> {
    let bytes = std::fs::read(path).map_err(|e| {
        Error::build(format!("cannot read the template `{shown}` ({e})"))
            .nearby(path, &[".pptx", ".potx"], "templates")
            .hint("`deck.template` is a .pptx or .potx file, relative to the spec")
    })?;
    let a = Archive::read(&bytes, shown)?;
    let bad = |what: String| Error::build(format!("template: {what}")).at(shown.to_string());
    let pres = a.main_part()?;
    let pres_xml = a.xml(&pres)?;
    let pres_rels = a.rels(&pres).map_err(bad)?;
    let sld_sz = pres_xml
        .child("p:sldSz")
        .cloned()
        .unwrap_or_else(|| Element::new("p:sldSz").with_attr("cx", "12192000").with_attr("cy", "6858000"));
    let num = |k: &str, d: i64| sld_sz.attr(k).and_then(|v| v.parse::<i64>().ok()).filter(|v| *v > 0).unwrap_or(d);
    let size = (num("cx", 12_192_000), num("cy", 6_858_000));

    let masters = masters_of(&pres_xml, &pres_rels);
    if masters.is_empty() {
        return Err(bad("it has no slide master".into())
            .hint("save the design from PowerPoint (设计 → 另存为 .potx/.pptx); a template needs a slide master"));
    }
    let mut parts = parts_of(&a, &masters, shown)?;
    let MasterLayouts { layouts, theme_part, master_bodies } = layouts_of(&a, &masters, shown)?;
    // The template's sample slides say which layouts are its title and content designs.
    let samples = sample_slides(&a, &pres_xml, &pres_rels, &layouts);
    let is_title_slide =
        |l: &Layout| l.phs.iter().any(Ph::is_title) && !l.phs.iter().any(|p| p.kind == "obj" || p.kind == "body");
    let cover = samples.first().map(|(i, _)| *i).filter(|i| is_title_slide(&layouts[*i]));
    let cover_layout = cover.zip(samples.first()).map(|(i, (_, slide))| as_in_sample(&a, layouts[i].clone(), slide));
    let content_master = match (cover, samples.as_slice()) {
        (Some(_), [_, (second, _), ..]) => layouts[*second].master,
        (None, [(first, _), ..]) => layouts[*first].master,
        _ => 0,
    };
    // LibreOffice gives two shapes of a master the same id; PowerPoint repairs such files.
    for p in &mut parts {
        if (p.content_type == crate::ns::ct::SLIDE_MASTER || p.content_type == crate::ns::ct::SLIDE_LAYOUT)
            && let Some(fixed) = unique_shape_ids(&p.data)
        {
            p.data = fixed;
        }
    }
    let theme_part = theme_part.ok_or_else(|| bad("its slide master has no theme".into()))?;
    let theme_root = a.xml(&theme_part)?;
    let filled = with_cjk_fonts(&theme_root);
    let name = theme_root.attr("name").unwrap_or("template").to_string();
    let theme = Theme::parse(&name, &filled.to_part(), shown)?;
    Ok(Design {
        file: shown.to_string(),
        size,
        theme,
        theme_part,
        masters,
        layouts,
        parts,
        sld_sz,
        placed: BTreeMap::new(),
        content_master,
        master_bodies,
        cover: cover_layout,
    })
}

/// The slide masters, in order: (id, part name).
fn masters_of(pres_xml: &Element, pres_rels: &Rels) -> Vec<(String, String)> {
    let mut masters = Vec::new();
    if let Some(list) = pres_xml.child("p:sldMasterIdLst") {
        for m in list.elements() {
            let (Some(id), Some(rid)) = (m.attr("id"), m.attr("r:id")) else { continue };
            if let Some(r) = pres_rels.get(rid) {
                masters.push((id.to_string(), r.target.clone()));
            }
        }
    }
    masters
}

/// Every part the masters and their layouts use, each once, by name.
fn parts_of(a: &Archive, masters: &[(String, String)], shown: &str) -> Result<Vec<Imported>> {
    let bad = |what: String| Error::build(format!("template: {what}")).at(shown.to_string());
    let mut parts: Vec<Imported> = Vec::new();
    let mut queue: Vec<String> = masters.iter().map(|(_, p)| p.clone()).collect();
    while let Some(name) = queue.pop() {
        if parts.iter().any(|p| p.name == name) {
            continue;
        }
        let Some(data) = a.get(&name) else {
            return Err(bad(format!("`{name}` is missing from the package")));
        };
        let rels = a.rels(&name).map_err(bad)?;
        for r in rels.iter().filter(|r| !r.external && followed(r.rel_type)) {
            queue.push(r.target.clone());
        }
        // A layout's way back to its master is kept; the master is imported anyway.
        let content_type = intern(a.content_type(&name).unwrap_or("application/octet-stream"));
        parts.push(Imported { name, content_type, data: data.to_vec(), rels });
    }
    parts.sort_by(|x, y| x.name.cmp(&y.name));
    Ok(parts)
}

/// What the masters hold: their layouts, the first master's theme part,
/// and where each master puts its body text.
struct MasterLayouts {
    layouts: Vec<Layout>,
    theme_part: Option<String>,
    master_bodies: Vec<Option<Rect>>,
}

/// The layouts of every master, the first master's theme part, and where
/// each master puts its body text.
fn layouts_of(a: &Archive, masters: &[(String, String)], shown: &str) -> Result<MasterLayouts> {
    let bad = |what: String| Error::build(format!("template: {what}")).at(shown.to_string());
    let mut layouts = Vec::new();
    let mut theme_part = None;
    let mut master_bodies = Vec::new();
    for (mi, (_, mname)) in masters.iter().enumerate() {
        let mroot = a.xml(mname)?;
        let info = master_info(&mroot);
        master_bodies.push(info.phs.iter().find(|(k, _, _)| k == "body").and_then(|(_, r, _)| *r));
        let mrels = a.rels(mname).map_err(bad)?;
        if mi == 0 {
            theme_part = mrels.iter().find(|r| r.rel_type == rt::THEME).map(|r| r.target.clone());
        }
        let Some(list) = mroot.child("p:sldLayoutIdLst") else { continue };
        for l in list.elements() {
            let Some(target) = l.attr("r:id").and_then(|rid| mrels.get(rid)).map(|r| r.target.clone()) else {
                continue;
            };
            let lroot = a.xml(&target)?;
            layouts.push(layout_info(&target, &lroot, mi, &info));
        }
    }
    Ok(MasterLayouts { layouts, theme_part, master_bodies })
}

/// The template's sample slides: (index of the layout each uses, slide part).
fn sample_slides(a: &Archive, pres_xml: &Element, pres_rels: &Rels, layouts: &[Layout]) -> Vec<(usize, String)> {
    let mut samples: Vec<(usize, String)> = Vec::new();
    if let Some(list) = pres_xml.child("p:sldIdLst") {
        for sl in list.elements() {
            let Some(slide) = sl.attr("r:id").and_then(|rid| pres_rels.get(rid)) else { continue };
            let Ok(rels) = a.rels(&slide.target) else { continue };
            let Some(l) = rels.iter().find(|r| r.rel_type == rt::SLIDE_LAYOUT) else { continue };
            if let Some(i) = layouts.iter().position(|x: &Layout| x.part == l.target) {
                samples.push((i, slide.target.clone()));
            }
        }
    }
    samples
}

/// The cover layout with its placeholders where the sample title slide
/// moved them (place, alignment, colour and size of the text).
fn as_in_sample(a: &Archive, mut l: Layout, slide: &str) -> Layout {
    if let Ok(root) = a.xml(slide)
        && let Some(tree) = root.path(&["p:cSld", "p:spTree"])
    {
        for sh in tree.elements() {
            let (Some(ph), Some(r)) = (ph_of(sh), geom::rect(sh).filter(|r| r.w > 0 && r.h > 0)) else {
                continue;
            };
            let kind = ph_kind(ph);
            if let Some(p) = l.phs.iter_mut().find(|p| p.kind == kind) {
                p.rect = Some(r);
                let para = sh.path(&["p:txBody", "a:p"]);
                p.align = para.and_then(|x| x.path(&["a:pPr"])).and_then(|x| x.attr("algn")).map(str::to_string);
                let props = para.and_then(|x| {
                    x.elements()
                        .find_map(|c| if c.name == "a:r" { c.child("a:rPr") } else { None })
                        .or_else(|| x.child("a:endParaRPr"))
                });
                if let Some(rpr) = props {
                    p.fill = rpr.child("a:solidFill").cloned();
                    if let Some(sz) = rpr.attr("sz").and_then(|v| v.parse().ok()) {
                        p.size = sz;
                    }
                }
            }
        }
    }
    l
}

/// The part with its repeated shape ids made unique (the first keeps its
/// id), or `None` when they are unique already.
fn unique_shape_ids(data: &[u8]) -> Option<Vec<u8>> {
    let mut root = crate::opc::read::parse_xml(data).ok()?;
    let mut ids: Vec<u32> = Vec::new();
    root.walk(&mut |e| {
        if e.name == "p:cNvPr"
            && let Some(id) = e.attr("id").and_then(|v| v.parse().ok())
        {
            ids.push(id);
        }
    });
    let mut seen = std::collections::HashSet::new();
    if ids.iter().all(|i| seen.insert(*i)) {
        return None;
    }
    let mut next = ids.iter().max().copied().unwrap_or(0);
    let mut seen = std::collections::HashSet::new();
    root.walk_mut(&mut |e| {
        if e.name == "p:cNvPr"
            && let Some(id) = e.attr("id").and_then(|v| v.parse::<u32>().ok())
            && !seen.insert(id)
        {
            next += 1;
            e.set_attr("id", next.to_string());
        }
    });
    Some(root.to_part().into_bytes())
}
