//! Chart text: every piece of chart text names the Latin and the East Asian
//! theme fonts, so Chinese labels never fall back to a wrong font.

use crate::color::Color;
use crate::xml::XmlWriter;

/// Chart text sizes, in points.
pub const LABEL_PT: f64 = 10.5;
pub const AXIS_PT: f64 = 10.0;
/// The height of a data label's line.
pub const LABEL_H: f64 = LABEL_PT * 1.25;

/// The width of `s` in points at size `pt` (an estimate by character
/// class): its widest line, for a label broken over lines.
pub fn text_w(s: &str, pt: f64) -> f64 {
    s.split('\n').map(|l| l.chars().map(|c| crate::fit::char_em(c, false)).sum::<f64>() * pt).fold(0.0, f64::max)
}

/// `a:defRPr`/`a:rPr` attributes and children (size in hundredths of a point).
fn run_props(w: &mut XmlWriter, tag: &str, size: u32, bold: bool, color: &Color) {
    let mut attrs: Vec<(&str, crate::xml::Val)> = vec![];
    if tag == "a:rPr" {
        attrs.push(("lang", "zh-CN".into()));
        attrs.push(("altLang", "en-US".into()));
    }
    attrs.push(("sz", size.into()));
    attrs.push(("b", if bold { "1" } else { "0" }.into()));
    w.open(tag, &attrs);
    color.write_fill(w);
    w.empty("a:latin", &[("typeface", "+mn-lt".into())]);
    w.empty("a:ea", &[("typeface", "+mn-ea".into())]);
    w.empty("a:cs", &[("typeface", "+mn-cs".into())]);
    w.close(tag);
}

/// Grey used for axis labels and legends.
pub const GREY: &Color = &Color::scheme_lum("tx1", 65000, Some(35000));
/// Dark text for titles.
pub const DARK: &Color = &Color::scheme_lum("tx1", 85000, Some(15000));

/// `c:txPr`: default text properties of an element.
pub fn tx_pr(w: &mut XmlWriter, size: u32, bold: bool, color: &Color) {
    w.open("c:txPr", &[]);
    w.empty("a:bodyPr", &[]);
    w.empty("a:lstStyle", &[]);
    w.open("a:p", &[]);
    w.open("a:pPr", &[]);
    run_props(w, "a:defRPr", size, bold, color);
    w.close("a:pPr");
    w.empty("a:endParaRPr", &[("lang", "zh-CN".into())]);
    w.close("a:p");
    w.close("c:txPr");
}

/// How a title's text runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// The application's default (chart titles).
    Default,
    /// Level, never turned.
    Level,
    /// One character above the other, each upright: Chinese beside a
    /// vertical axis, never turned on its side.
    Stacked,
}

/// `c:title` with rich text.
pub fn title(w: &mut XmlWriter, text: &str, size: u32) {
    title_flow(w, text, size, Flow::Default);
}

/// Brackets as their vertical forms, for stacked text: `（万元）` → `︵万元︶`.
pub fn vertical_forms(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '(' | '（' => '︵',
            ')' | '）' => '︶',
            '[' | '【' => '︻',
            ']' | '】' => '︼',
            '《' => '︽',
            '》' => '︾',
            '、' => '︑',
            '，' | ',' => '︐',
            '：' | ':' => '︓',
            other => other,
        })
        .collect()
}

/// `c:title` with rich text that flows as `flow` says.
pub fn title_flow(w: &mut XmlWriter, text: &str, size: u32, flow: Flow) {
    w.open("c:title", &[]);
    w.open("c:tx", &[]);
    w.open("c:rich", &[]);
    match flow {
        Flow::Default => w.empty("a:bodyPr", &[]),
        Flow::Level => w.empty("a:bodyPr", &[("rot", "0".into()), ("vert", "horz".into())]),
        Flow::Stacked => w.empty("a:bodyPr", &[("rot", "0".into()), ("vert", "wordArtVert".into())]),
    }
    let stacked;
    let text = if flow == Flow::Stacked {
        stacked = vertical_forms(text);
        stacked.as_str()
    } else {
        text
    };
    w.empty("a:lstStyle", &[]);
    for line in text.split('\n') {
        w.open("a:p", &[]);
        w.open("a:pPr", &[]);
        run_props(w, "a:defRPr", size, true, DARK);
        w.close("a:pPr");
        w.open("a:r", &[]);
        run_props(w, "a:rPr", size, true, DARK);
        w.leaf("a:t", &[], line);
        w.close("a:r");
        w.close("a:p");
    }
    w.close("c:rich");
    w.close("c:tx");
    w.val("c:overlay", "0");
    w.close("c:title");
}

/// `c:spPr` with no fill and no line (plot area, chart area, labels).
pub fn sp_pr_none(w: &mut XmlWriter) {
    w.open("c:spPr", &[]);
    w.empty("a:noFill", &[]);
    w.open("a:ln", &[]);
    w.empty("a:noFill", &[]);
    w.close("a:ln");
    w.close("c:spPr");
}
