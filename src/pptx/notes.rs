//! Notes slides: the speaker notes of one slide.

use crate::ns::PML_DECLS;
use crate::xml::XmlWriter;

pub fn notes_slide(text: &str) -> String {
    let mut w = XmlWriter::new();
    w.raw(&format!("<p:notes{PML_DECLS}>"));
    w.open("p:cSld", &[]);
    w.open("p:spTree", &[]);
    w.raw("<p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/><a:chOff x=\"0\" y=\"0\"/><a:chExt cx=\"0\" cy=\"0\"/></a:xfrm></p:grpSpPr>");
    w.raw("<p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Slide Image Placeholder 1\"/><p:cNvSpPr><a:spLocks noGrp=\"1\" noRot=\"1\" noChangeAspect=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"sldImg\"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>");
    w.raw("<p:sp><p:nvSpPr><p:cNvPr id=\"3\" name=\"Notes Placeholder 2\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"body\" idx=\"1\"/></p:nvPr></p:nvSpPr><p:spPr/>");
    w.open("p:txBody", &[]);
    w.empty("a:bodyPr", &[]);
    w.empty("a:lstStyle", &[]);
    for line in text.trim_end().split('\n') {
        w.open("a:p", &[]);
        if !line.is_empty() {
            w.open("a:r", &[]);
            w.raw("<a:rPr lang=\"zh-CN\" altLang=\"en-US\" dirty=\"0\"><a:latin typeface=\"+mn-lt\"/><a:ea typeface=\"+mn-ea\"/></a:rPr>");
            w.leaf("a:t", &[], line);
            w.close("a:r");
        }
        w.close("a:p");
    }
    w.close("p:txBody");
    w.raw("</p:sp>");
    w.close("p:spTree");
    w.close("p:cSld");
    w.raw("<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr>");
    w.raw("</p:notes>");
    w.into_string()
}
