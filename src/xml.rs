//! XML text: escaping of text and attribute values, removal of characters
//! that XML 1.0 forbids, and a small writer that appends elements to a
//! reusable `String`. Parts are written with [`XmlWriter`], or edited as a
//! DOM (`layout::dom`, for the layouts and foreign packages) that serialises
//! through the same escaping: every escaping decision lives here.
//!
//! Writing into a `String` cannot fail, so the writer returns nothing.

use std::borrow::Cow;

/// The XML declaration every part starts with.
pub const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// True for characters XML 1.0 allows in a document.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Removes characters that XML 1.0 forbids (control characters, U+FFFE/FFFF).
pub fn clean(s: &str) -> Cow<'_, str> {
    if s.chars().all(is_xml_char) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|&c| is_xml_char(c)).collect())
    }
}

/// Appends `s` escaped for element content.
pub fn push_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// Appends `s` escaped for a double-quoted attribute value.
pub fn push_attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// Escapes `s` for element content.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_text(&mut out, s);
    out
}

/// An attribute value: most are short literals or numbers.
pub enum Val<'a> {
    S(&'a str),
    I(i64),
}

impl<'a> From<&'a str> for Val<'a> {
    fn from(s: &'a str) -> Self {
        Val::S(s)
    }
}
impl<'a> From<&'a String> for Val<'a> {
    fn from(s: &'a String) -> Self {
        Val::S(s.as_str())
    }
}
impl From<i64> for Val<'_> {
    fn from(v: i64) -> Self {
        Val::I(v)
    }
}
impl From<u32> for Val<'_> {
    fn from(v: u32) -> Self {
        Val::I(v as i64)
    }
}
impl From<usize> for Val<'_> {
    fn from(v: usize) -> Self {
        Val::I(v as i64)
    }
}
impl From<i32> for Val<'_> {
    fn from(v: i32) -> Self {
        Val::I(v as i64)
    }
}

/// Appends XML elements to a string. Tags are written as given (with prefix).
#[derive(Default)]
pub struct XmlWriter {
    pub buf: String,
}

impl XmlWriter {
    /// A writer that starts with the XML declaration.
    pub fn new() -> Self {
        let mut buf = String::with_capacity(4096);
        buf.push_str(DECL);
        XmlWriter { buf }
    }

    /// A writer for a fragment (no declaration).
    pub fn fragment() -> Self {
        XmlWriter { buf: String::with_capacity(1024) }
    }

    fn attrs<'a>(&mut self, attrs: &[(&str, Val<'a>)]) {
        for (k, v) in attrs {
            self.buf.push(' ');
            self.buf.push_str(k);
            self.buf.push_str("=\"");
            match v {
                Val::S(s) => push_attr(&mut self.buf, s),
                Val::I(i) => {
                    use std::fmt::Write;
                    let _ = write!(self.buf, "{i}");
                }
            }
            self.buf.push('"');
        }
    }

    /// `<tag a="v">`
    pub fn open<'a>(&mut self, tag: &str, attrs: &[(&str, Val<'a>)]) {
        self.buf.push('<');
        self.buf.push_str(tag);
        self.attrs(attrs);
        self.buf.push('>');
    }

    /// `<tag a="v"/>`
    pub fn empty<'a>(&mut self, tag: &str, attrs: &[(&str, Val<'a>)]) {
        self.buf.push('<');
        self.buf.push_str(tag);
        self.attrs(attrs);
        self.buf.push_str("/>");
    }

    /// `</tag>`
    pub fn close(&mut self, tag: &str) {
        self.buf.push_str("</");
        self.buf.push_str(tag);
        self.buf.push('>');
    }

    /// Escaped element content.
    pub fn text(&mut self, s: &str) {
        push_text(&mut self.buf, s);
    }

    /// `<tag a="v">text</tag>`
    pub fn leaf<'a>(&mut self, tag: &str, attrs: &[(&str, Val<'a>)], text: &str) {
        self.open(tag, attrs);
        self.text(text);
        self.close(tag);
    }

    /// `<tag val="v"/>`, the most common DrawingML/chart element shape.
    pub fn val<'a>(&mut self, tag: &str, v: impl Into<Val<'a>>) {
        self.empty(tag, &[("val", v.into())]);
    }

    /// Already-escaped XML.
    pub fn raw(&mut self, s: &str) {
        self.buf.push_str(s);
    }

    pub fn into_string(self) -> String {
        self.buf
    }
}

/// A number in XML caches and attributes: the plain form
/// ([`crate::format::plain`]), which is what SpreadsheetML and chart caches
/// expect — shortest round-trip, no exponent, never `NaN`/`inf`.
pub fn num(v: f64) -> String {
    crate::format::plain(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_strips_illegal_characters() {
        let mut w = XmlWriter::fragment();
        w.leaf("a:t", &[("x", "a\"b<".into())], "1 < 2 & \u{1}3\u{FFFF}");
        assert_eq!(w.buf, "<a:t x=\"a&quot;b&lt;\">1 &lt; 2 &amp; 3</a:t>");
    }

    #[test]
    fn numbers_are_plain() {
        assert_eq!(num(3.0), "3");
        assert_eq!(num(0.382), "0.382");
        assert_eq!(num(-12.5), "-12.5");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(1e-12), "0.000000000001");
        assert_eq!(num(-0.0), "0");
    }

    #[test]
    fn emoji_survive() {
        assert_eq!(clean("好😀"), "好😀");
    }
}
