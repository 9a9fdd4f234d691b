//! The package stage: turns a resolved deck into the parts of a .pptx —
//! presentation, master and layouts, theme, slides, notes, charts with their
//! workbooks, media and document properties — through the one part registry.

mod notes;
mod props;
pub mod verify;

use crate::chart;
use crate::error::Result;
use crate::layout::{LayoutSet, MasterLayout};
use crate::model::{Chart, Deck, Picture, Rich};
use crate::ns::{PML_DECLS, ct, rt};
use crate::opc::{Package, Part};
use crate::slides::{ColorCtx, PartSink, Renderer, paginate};
use crate::template::Design;
use crate::warning::{Warning, once_each};
use crate::xml::XmlWriter;
use std::collections::{BTreeMap, HashMap};

/// A built package and what the build noticed.
pub struct Built {
    pub package: Package,
    pub warnings: Vec<Warning>,
    /// Slide titles, in order.
    pub titles: Vec<String>,
}

/// The charts and pictures one slide asks for while it is rendered. Slides
/// render in parallel, so their relationships point at placeholder targets
/// until, in slide order, the package hands out the part names (the same
/// names, in the same order, as one slide after another would get).
struct Pending<'a> {
    rels: crate::opc::Rels,
    colors: &'a ColorCtx<'a>,
    /// Placeholder target, the chart's XML and workbook, and the chart
    /// part's relationships (to its workbook, by a placeholder target).
    charts: Vec<(String, chart::ChartParts, crate::opc::Rels)>,
    /// Placeholder target, content key and the picture, each picture once.
    pictures: Vec<(String, u64, &'a Picture)>,
}

/// The placeholder target of a chart's workbook until it has a part name.
const WORKBOOK: &str = "?workbook";

impl<'a> PartSink<'a> for Pending<'a> {
    fn add_chart(&mut self, c: &Chart, frame: chart::arrange::Frame) -> Result<String> {
        let target = format!("?chart{}", self.charts.len());
        // The chart's id for its workbook comes from the chart's own
        // relationships, as every other id does.
        let mut rels = crate::opc::Rels::default();
        let rid = rels.relate(rt::PACKAGE, WORKBOOK);
        self.charts.push((target.clone(), chart::write(c, &rid, self.colors, frame)?, rels));
        Ok(self.rels.relate(rt::CHART, &target))
    }

    fn add_picture(&mut self, p: &'a Picture) -> String {
        let key = picture_key(p);
        let target = format!("?image{key:016x}");
        if !self.pictures.iter().any(|(_, k, _)| *k == key) {
            self.pictures.push((target.clone(), key, p));
        }
        self.rels.relate(rt::IMAGE, &target)
    }
}

/// Pictures with the same bytes share one media part.
fn picture_key(p: &Picture) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    p.data.hash(&mut h);
    h.finish()
}

/// Deck-level values for `{{deck.X}}` tokens.
fn fallback_texts(deck: &Deck) -> BTreeMap<String, Rich> {
    let mut m = BTreeMap::new();
    for (k, v) in &deck.master_texts {
        if !v.trim().is_empty() {
            m.insert(k.clone(), Rich::plain(v.as_str()));
        }
    }
    m
}

const PRES: &str = "/ppt/presentation.xml";
const MASTER: &str = "/ppt/slideMasters/slideMaster1.xml";
const NOTES_MASTER: &str = "/ppt/notesMasters/notesMaster1.xml";
const THEME: &str = "/ppt/theme/theme1.xml";
const NOTES_THEME: &str = "/ppt/theme/theme2.xml";

/// Builds the package for `deck`.
/// `design`: the company template the layouts were placed into (`deck.template`).
pub fn assemble(deck: &Deck, layouts: &LayoutSet, design: Option<&Design>) -> Result<Built> {
    // In a company template (`deck.template`) its theme colours the deck, and
    // the layouts were already placed on its slide size.
    let (theme, size) = match design {
        Some(d) => (&d.theme, crate::model::SlideSize::Wide),
        None => (layouts.theme(&deck.theme)?, deck.size),
    };
    let colors = ColorCtx { theme };
    let fallback = fallback_texts(deck);
    let renderer = Renderer { layouts, colors, size, deck: &fallback };
    let mut pkg = Package::new();
    let mut warnings = Vec::new();

    pkg.rels.relate(rt::OFFICE_DOCUMENT, PRES);
    pkg.rels.relate(rt::CORE, "/docProps/core.xml");
    pkg.rels.relate(rt::APP, "/docProps/app.xml");

    let mut pres = Part::new(PRES, ct::PRESENTATION, Vec::new());
    let master_rid = pres.rels.relate(rt::SLIDE_MASTER, MASTER);
    let (master_part, layout_names, layout_parts) = master_parts(&renderer, &mut pkg);

    // Slides: rendered on all cores, then given their part names in order.
    use rayon::prelude::*;
    let pages: Vec<crate::model::Slide> = deck.slides.iter().flat_map(|slide| paginate(slide, layouts, size)).collect();
    let rendered: Vec<Result<Page>> = pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            let tpl = layouts.template(&page.layout).map_err(|e| e.at(page.origin.clone()))?;
            let mut rels = crate::opc::Rels::default();
            rels.relate(rt::SLIDE_LAYOUT, layout_names.get(&tpl.master).map(String::as_str).unwrap_or_default());
            let mut sink = Pending { rels, colors: &colors, charts: Vec::new(), pictures: Vec::new() };
            let mut warnings = Vec::new();
            let r = renderer.render(page, &mut sink, &mut warnings)?;
            // The cover's thumbnail is drawn while the other slides render.
            let thumb = if i == 0 { Some(cover_thumbnail(&r.xml, &sink, theme, size)?) } else { None };
            Ok((r, sink, warnings, thumb))
        })
        .collect();
    let mut slides = SlideParts::default();
    for (page, r) in pages.iter().zip(rendered) {
        slides.add(&mut pkg, &mut pres, page, r?, &mut warnings);
    }
    let notes_count = slides.notes.len();

    let notes_master_rid = pres.rels.relate(rt::NOTES_MASTER, NOTES_MASTER);
    pres.rels.relate(rt::PRES_PROPS, "/ppt/presProps.xml");
    pres.rels.relate(rt::VIEW_PROPS, "/ppt/viewProps.xml");
    pres.rels.relate(rt::THEME, THEME);
    pres.rels.relate(rt::TABLE_STYLES, "/ppt/tableStyles.xml");
    pres.data = presentation_xml(deck, &master_rid, &notes_master_rid, &slides.rids).into_bytes();

    let mut notes_master = Part::new(NOTES_MASTER, ct::NOTES_MASTER, layouts.notes_master.to_part().into_bytes());
    notes_master.rels.relate(rt::THEME, NOTES_THEME);

    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|v| v.trim().parse::<i64>().ok());
    let app = props::app(&deck.meta, deck.size, &theme.name, &slides.titles, notes_count, slides.hidden);
    let fixed = [
        pres,
        master_part,
        notes_master,
        Part::new(THEME, ct::THEME, theme.xml.clone().into_bytes()),
        Part::new(NOTES_THEME, ct::THEME, theme.xml.clone().into_bytes()),
        Part::new("/ppt/presProps.xml", ct::PRES_PROPS, props::pres_props().into_bytes()),
        Part::new("/ppt/viewProps.xml", ct::VIEW_PROPS, props::view_props().into_bytes()),
        Part::new("/ppt/tableStyles.xml", ct::TABLE_STYLES, props::table_styles().into_bytes()),
        Part::new("/docProps/core.xml", ct::CORE, props::core(&deck.meta, epoch).into_bytes()),
        Part::new("/docProps/app.xml", ct::APP, app.into_bytes()),
    ];
    for p in fixed.into_iter().chain(layout_parts).chain(slides.parts).chain(slides.notes) {
        pkg.add(p);
    }
    if let Some(d) = design {
        crate::template::dress::dress(&mut pkg, d, &slides.layouts)?;
    }
    if let Some(jpeg) = slides.thumbnail {
        pkg.rels.relate(rt::THUMBNAIL, "/docProps/thumbnail.jpeg");
        pkg.add(Part::new("/docProps/thumbnail.jpeg", ct::JPEG, jpeg));
    }
    // A fixed order, as PowerPoint writes it: presentation, master, layouts,
    // slides, notes, charts, workbooks, media, theme, properties.
    pkg.order_by(|p| match p.content_type {
        ct::PRESENTATION => 0,
        ct::SLIDE_MASTER => 1,
        ct::SLIDE_LAYOUT => 2,
        ct::SLIDE => 3,
        ct::NOTES_MASTER => 4,
        ct::NOTES_SLIDE => 5,
        ct::CHART => 6,
        ct::XLSX => 7,
        ct::PNG | ct::JPEG => 8,
        ct::THEME => 9,
        _ => 10,
    });
    let titles = slides.titles;
    // The same warning from every page of one spec slide (a long table
    // continued over 250 slides) is said once, with the count.
    Ok(Built { package: pkg, warnings: once_each(warnings), titles })
}

/// The master and its layouts (slideLayout1..3, in a fixed order): the
/// master part, each master layout's part name, and the layout parts.
fn master_parts(renderer: &Renderer, pkg: &mut Package) -> (Part, BTreeMap<MasterLayout, String>, Vec<Part>) {
    let mut master_part = Part::new(MASTER, ct::SLIDE_MASTER, Vec::new());
    let mut layout_names: BTreeMap<MasterLayout, String> = BTreeMap::new();
    let mut layout_ids = Vec::new();
    let mut layout_parts = Vec::new();
    for (i, ml) in MasterLayout::ALL.iter().enumerate() {
        let Some(xml) = renderer.master_layout(*ml) else {
            continue;
        };
        let name = pkg.next_partname("/ppt/slideLayouts/slideLayout#.xml");
        let rid = master_part.rels.relate(rt::SLIDE_LAYOUT, &name);
        layout_ids.push((2_147_483_649 + i as u32, rid));
        let mut part = Part::new(name.clone(), ct::SLIDE_LAYOUT, xml.to_part().into_bytes());
        part.rels.relate(rt::SLIDE_MASTER, MASTER);
        layout_parts.push(part);
        layout_names.insert(*ml, name);
    }
    master_part.rels.relate(rt::THEME, THEME);
    master_part.data = renderer.master(&layout_ids).to_part().into_bytes();
    (master_part, layout_names, layout_parts)
}

/// One rendered page: the slide, its charts and pictures waiting for part
/// names, its warnings, and the thumbnail (drawn from the cover).
type Page<'a> = (crate::slides::Rendered, Pending<'a>, Vec<Warning>, Option<Vec<u8>>);

/// The slide parts, in order, with what the presentation part and the
/// document properties need from them.
#[derive(Default)]
struct SlideParts {
    parts: Vec<Part>,
    notes: Vec<Part>,
    titles: Vec<String>,
    hidden: usize,
    /// Pictures by content, each stored once.
    media: HashMap<u64, String>,
    rids: Vec<String>,
    /// (slide part, layout name), for a company template's dressing.
    layouts: Vec<(String, String)>,
    thumbnail: Option<Vec<u8>>,
}

impl SlideParts {
    /// Names the parts of one rendered page — the slide, its charts and
    /// workbooks, its pictures, its notes — and adds them.
    fn add(
        &mut self,
        pkg: &mut Package,
        pres: &mut Part,
        page: &crate::model::Slide,
        r: Page,
        warnings: &mut Vec<Warning>,
    ) {
        let (rendered, pending, page_warnings, thumb) = r;
        self.thumbnail = self.thumbnail.take().or(thumb);
        warnings.extend(page_warnings);
        if page.shapes.values().any(|c| matches!(c, crate::model::Content::Chart(ch) if ch.no_data)) {
            warnings.push(
                Warning::new("a chart's data has no rows for this period: it shows 无数据")
                    .at(page.origin.clone())
                    .slide(page.spec_index),
            );
        }
        let name = pkg.next_partname("/ppt/slides/slide#.xml");
        let mut part = Part::new(name.clone(), ct::SLIDE, Vec::new());
        part.rels = pending.rels.with_source(&name);
        for (target, parts, mut rels) in pending.charts {
            let chart_name = pkg.next_partname("/ppt/charts/chart#.xml");
            let xlsx_name = pkg.next_partname("/ppt/embeddings/Microsoft_Excel_Worksheet#.xlsx");
            let mut chart_part = Part::new(chart_name.clone(), ct::CHART, parts.xml.into_bytes());
            rels.retarget(WORKBOOK, &xlsx_name);
            chart_part.rels = rels.with_source(&chart_name);
            pkg.add(chart_part);
            pkg.add(Part::new(xlsx_name, ct::XLSX, parts.xlsx));
            part.rels.retarget(&target, &chart_name);
        }
        for (target, key, p) in pending.pictures {
            let media_name = match self.media.get(&key) {
                Some(n) => n.clone(),
                None => {
                    let n = pkg.next_partname(&format!("/ppt/media/image#.{}", p.ext));
                    let t = if p.ext == "png" { ct::PNG } else { ct::JPEG };
                    pkg.add(Part::new(n.clone(), t, p.data.clone()));
                    self.media.insert(key, n.clone());
                    n
                }
            };
            part.rels.retarget(&target, &media_name);
        }
        self.hidden += usize::from(page.hidden);
        part.data = rendered.xml.into_bytes();
        if let Some(text) = page.notes.as_deref().filter(|t| !t.trim().is_empty()) {
            let nname = pkg.next_partname("/ppt/notesSlides/notesSlide#.xml");
            let mut np = Part::new(nname.clone(), ct::NOTES_SLIDE, notes::notes_slide(text).into_bytes());
            np.rels.relate(rt::NOTES_MASTER, NOTES_MASTER);
            np.rels.relate(rt::SLIDE, &name);
            part.rels.relate(rt::NOTES_SLIDE, &nname);
            self.notes.push(np);
        }
        self.rids.push(pres.rels.relate(rt::SLIDE, &name));
        self.layouts.push((name.clone(), page.layout.clone()));
        self.titles.push(rendered.title);
        self.parts.push(part);
    }
}

/// The cover (the first slide) as the package's thumbnail; its pictures are
/// found by the rIds of its pending relationships.
fn cover_thumbnail(
    xml: &str,
    sink: &Pending,
    theme: &crate::layout::Theme,
    size: crate::model::SlideSize,
) -> Result<Vec<u8>> {
    let t = std::time::Instant::now();
    let pics: Vec<(String, &Picture)> = sink
        .pictures
        .iter()
        .filter_map(|(target, _, p)| sink.rels.iter().find(|r| &r.target == target).map(|r| (r.id.clone(), *p)))
        .collect();
    let find = |rid: &str| pics.iter().find(|(id, _)| id == rid).map(|(_, p)| *p);
    let jpeg = crate::raster::thumbnail::jpeg(xml, &find, &crate::raster::Palette::of(theme), size);
    crate::timing::lap(2, "thumbnail", t);
    jpeg
}

fn presentation_xml(deck: &Deck, master_rid: &str, notes_rid: &str, slide_rids: &[String]) -> String {
    let (cx, cy) = deck.size.emu();
    let mut w = XmlWriter::new();
    w.raw(&format!("<p:presentation{PML_DECLS} saveSubsetFonts=\"1\">"));
    w.open("p:sldMasterIdLst", &[]);
    w.empty("p:sldMasterId", &[("id", "2147483648".into()), ("r:id", master_rid.into())]);
    w.close("p:sldMasterIdLst");
    w.open("p:notesMasterIdLst", &[]);
    w.empty("p:notesMasterId", &[("r:id", notes_rid.into())]);
    w.close("p:notesMasterIdLst");
    w.open("p:sldIdLst", &[]);
    for (i, rid) in slide_rids.iter().enumerate() {
        w.empty("p:sldId", &[("id", (256 + i).into()), ("r:id", rid.as_str().into())]);
    }
    w.close("p:sldIdLst");
    let type_ = if cx == 9_144_000 { "screen4x3" } else { "custom" };
    w.empty("p:sldSz", &[("cx", cx.into()), ("cy", cy.into()), ("type", type_.into())]);
    w.empty("p:notesSz", &[("cx", "6858000".into()), ("cy", "9144000".into())]);
    w.open("p:defaultTextStyle", &[]);
    w.raw("<a:defPPr><a:defRPr lang=\"zh-CN\"/></a:defPPr>");
    for lvl in 1..=3 {
        let mar = (lvl - 1) * 457_200;
        w.raw(&format!(
            "<a:lvl{lvl}pPr marL=\"{mar}\" algn=\"l\" defTabSz=\"914400\" rtl=\"0\" eaLnBrk=\"1\" latinLnBrk=\"0\" hangingPunct=\"1\"><a:defRPr sz=\"1800\" kern=\"1200\"><a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill><a:latin typeface=\"+mn-lt\"/><a:ea typeface=\"+mn-ea\"/><a:cs typeface=\"+mn-cs\"/></a:defRPr></a:lvl{lvl}pPr>"
        ));
    }
    w.close("p:defaultTextStyle");
    w.close("p:presentation");
    w.into_string()
}
