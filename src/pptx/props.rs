//! The small fixed parts: document properties, presentation properties,
//! view properties and table styles.

use crate::model::{Meta, SlideSize};
use crate::ns;
use crate::xml::XmlWriter;

/// `docProps/core.xml`. Dates only when `SOURCE_DATE_EPOCH` is set, so the
/// same inputs give the same bytes.
pub fn core(meta: &Meta, epoch: Option<i64>) -> String {
    let mut w = XmlWriter::new();
    w.open(
        "cp:coreProperties",
        &[
            ("xmlns:cp", ns::CORE_PROPS.into()),
            ("xmlns:dc", ns::DC.into()),
            ("xmlns:dcterms", ns::DCTERMS.into()),
            ("xmlns:dcmitype", ns::DCMITYPE.into()),
            ("xmlns:xsi", ns::XSI.into()),
        ],
    );
    w.leaf("dc:title", &[], &meta.title);
    if !meta.subject.is_empty() {
        w.leaf("dc:subject", &[], &meta.subject);
    }
    w.leaf("dc:creator", &[], if meta.author.is_empty() { "deckgen" } else { &meta.author });
    if !meta.keywords.is_empty() {
        w.leaf("cp:keywords", &[], &meta.keywords);
    }
    w.leaf("cp:lastModifiedBy", &[], "deckgen");
    if let Some(t) = epoch {
        let stamp = crate::data::date::iso_timestamp(t);
        w.leaf("dcterms:created", &[("xsi:type", "dcterms:W3CDTF".into())], &stamp);
        w.leaf("dcterms:modified", &[("xsi:type", "dcterms:W3CDTF".into())], &stamp);
    }
    w.close("cp:coreProperties");
    w.into_string()
}

/// `docProps/app.xml`: application, counts and the titles of the parts.
pub fn app(meta: &Meta, size: SlideSize, theme: &str, titles: &[String], notes: usize, hidden: usize) -> String {
    let mut w = XmlWriter::new();
    w.open("Properties", &[("xmlns", ns::EXT_PROPS.into()), ("xmlns:vt", ns::VT.into())]);
    w.leaf("TotalTime", &[], "0");
    w.leaf("Words", &[], "0");
    w.leaf("Application", &[], "deckgen");
    w.leaf("PresentationFormat", &[], if size == SlideSize::Wide { "宽屏" } else { "全屏显示(4:3)" });
    w.leaf("Paragraphs", &[], "0");
    w.leaf("Slides", &[], &titles.len().to_string());
    w.leaf("Notes", &[], &notes.to_string());
    w.leaf("HiddenSlides", &[], &hidden.to_string());
    w.leaf("MMClips", &[], "0");
    w.leaf("ScaleCrop", &[], "false");
    w.open("HeadingPairs", &[]);
    w.open("vt:vector", &[("size", "4".into()), ("baseType", "variant".into())]);
    for (name, n) in [("主题", 1usize), ("幻灯片标题", titles.len())] {
        w.open("vt:variant", &[]);
        w.leaf("vt:lpstr", &[], name);
        w.close("vt:variant");
        w.open("vt:variant", &[]);
        w.leaf("vt:i4", &[], &n.to_string());
        w.close("vt:variant");
    }
    w.close("vt:vector");
    w.close("HeadingPairs");
    w.open("TitlesOfParts", &[]);
    w.open("vt:vector", &[("size", (titles.len() + 1).into()), ("baseType", "lpstr".into())]);
    w.leaf("vt:lpstr", &[], theme);
    for t in titles {
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        w.leaf("vt:lpstr", &[], &t);
    }
    w.close("vt:vector");
    w.close("TitlesOfParts");
    if !meta.company.is_empty() {
        w.leaf("Company", &[], &meta.company);
    }
    w.leaf("LinksUpToDate", &[], "false");
    w.leaf("SharedDoc", &[], "false");
    w.leaf("HyperlinksChanged", &[], "false");
    w.leaf("AppVersion", &[], "16.0000");
    w.close("Properties");
    w.into_string()
}

pub fn pres_props() -> String {
    format!("{}<p:presentationPr{}/>", crate::xml::DECL, ns::PML_DECLS)
}

pub fn view_props() -> String {
    format!(
        concat!(
            "{}<p:viewPr{}>",
            "<p:normalViewPr><p:restoredLeft sz=\"15620\"/><p:restoredTop sz=\"94660\"/></p:normalViewPr>",
            "<p:slideViewPr><p:cSldViewPr snapToGrid=\"0\"><p:cViewPr varScale=\"1\"><p:scale><a:sx n=\"100\" d=\"100\"/><a:sy n=\"100\" d=\"100\"/></p:scale><p:origin x=\"0\" y=\"0\"/></p:cViewPr><p:guideLst/></p:cSldViewPr></p:slideViewPr>",
            "<p:notesTextViewPr><p:cViewPr><p:scale><a:sx n=\"1\" d=\"1\"/><a:sy n=\"1\" d=\"1\"/></p:scale><p:origin x=\"0\" y=\"0\"/></p:cViewPr></p:notesTextViewPr>",
            "<p:gridSpacing cx=\"72008\" cy=\"72008\"/></p:viewPr>"
        ),
        crate::xml::DECL,
        ns::PML_DECLS
    )
}

/// The default table style id (Office's "Medium Style 2 - Accent 1").
pub const TABLE_STYLE: &str = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}";

pub fn table_styles() -> String {
    format!("{}<a:tblStyleLst xmlns:a=\"{}\" def=\"{}\"/>", crate::xml::DECL, ns::A, TABLE_STYLE)
}
