//! A small element tree over quick-xml, for layout templates: parsed once,
//! cloned per slide, filled, and written back. Prefixes are kept as written.

use crate::xml::{push_attr, push_text};
use quick_xml::events::Event;
use quick_xml::reader::Reader;

/// Names and attributes: short strings (most fit inline), so cloning a
/// template per slide copies bytes instead of allocating.
pub type Str = smol_str::SmolStr;

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    El(Element),
    Text(String),
    /// Markup written elsewhere (a table's rows), kept as written: it has
    /// no shapes, so nothing needs to walk into it.
    Raw(String),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Element {
    pub name: Str,
    pub attrs: Vec<(Str, Str)>,
    pub children: Vec<Node>,
}

/// Elements whose whitespace-only text is content (DrawingML and SpreadsheetML text).
fn keeps_space(name: &str) -> bool {
    name == "a:t" || name == "t" || name.ends_with(":t")
}

fn unescape(raw: &str) -> Result<String, String> {
    if !raw.contains('&') {
        return Ok(raw.to_string());
    }
    quick_xml::escape::unescape(raw).map(|c| c.into_owned()).map_err(|e| e.to_string())
}

fn resolve_ref(name: &str) -> Option<String> {
    Some(match name {
        "amp" => "&".into(),
        "lt" => "<".into(),
        "gt" => ">".into(),
        "quot" => "\"".into(),
        "apos" => "'".into(),
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix('x') {
                Some(h) => u32::from_str_radix(h, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code)?.to_string()
        }
    })
}

/// Parses an XML document into its root element.
pub fn parse(xml: &str) -> Result<Element, String> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        let ev = reader.read_event().map_err(|e| format!("{e} at byte {}", reader.error_position()))?;
        match ev {
            Event::Start(s) => stack.push(start_element(&s)?),
            Event::Empty(s) => {
                let el = start_element(&s)?;
                push_child(&mut stack, Node::El(el));
            }
            Event::End(_) => {
                let el = stack.pop().ok_or("unbalanced end tag")?;
                if stack.is_empty() {
                    return Err("unbalanced end tag".into());
                }
                push_child(&mut stack, Node::El(el));
            }
            Event::Text(t) => {
                let raw = t.xml10_content();
                let s = unescape(&raw)?;
                push_text_node(&mut stack, s);
            }
            Event::GeneralRef(r) => {
                let name = r.xml10_content();
                let s = resolve_ref(&name).ok_or_else(|| format!("unknown entity &{name};"))?;
                push_text_node(&mut stack, s);
            }
            Event::CData(c) => {
                let s = c.into_inner().into_owned();
                push_text_node(&mut stack, s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err(format!("unclosed element <{}>", stack.last().map(|e| e.name.as_str()).unwrap_or("")));
    }
    let mut doc = stack.pop().unwrap_or_default();
    // Drop whitespace between top-level nodes; the root is the one element.
    doc.children.retain(|n| matches!(n, Node::El(_)));
    match doc.children.into_iter().next() {
        Some(Node::El(root)) => Ok(root),
        _ => Err("no root element".into()),
    }
}

fn start_element(s: &quick_xml::events::BytesStart) -> Result<Element, String> {
    let name = Str::new(s.name().as_ref());
    let mut attrs = Vec::new();
    for a in s.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let k = Str::new(a.key.as_ref());
        let raw = a.value.to_string();
        attrs.push((k, Str::from(unescape(&raw)?)));
    }
    Ok(Element { name, attrs, children: Vec::new() })
}

fn push_child(stack: &mut [Element], node: Node) {
    if let Some(top) = stack.last_mut() {
        top.children.push(node);
    }
}

fn push_text_node(stack: &mut [Element], s: String) {
    let Some(top) = stack.last_mut() else { return };
    if s.trim().is_empty() && !keeps_space(&top.name) {
        return;
    }
    if let Some(Node::Text(prev)) = top.children.last_mut() {
        prev.push_str(&s);
    } else {
        top.children.push(Node::Text(s));
    }
}

impl Element {
    pub fn new(name: &str) -> Element {
        Element { name: Str::new(name), attrs: vec![], children: vec![] }
    }

    pub fn with_attr(mut self, k: &str, v: impl Into<Str>) -> Element {
        self.set_attr(k, v);
        self
    }

    /// Adds `child` as the last child: for building a small tree in code.
    pub fn with_child(mut self, child: Element) -> Element {
        self.children.push(Node::El(child));
        self
    }

    /// Adds `text` as the last child (nothing for empty text).
    pub fn with_text(mut self, text: &str) -> Element {
        if !text.is_empty() {
            self.children.push(Node::Text(text.to_string()));
        }
        self
    }

    pub fn attr(&self, k: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
    }

    pub fn set_attr(&mut self, k: &str, v: impl Into<Str>) {
        let v = v.into();
        match self.attrs.iter_mut().find(|(n, _)| n == k) {
            Some(a) => a.1 = v,
            None => self.attrs.push((Str::new(k), v)),
        }
    }

    pub fn remove_attr(&mut self, k: &str) {
        self.attrs.retain(|(n, _)| n != k);
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| if let Node::El(e) = n { Some(e) } else { None })
    }

    pub fn elements_mut(&mut self) -> impl Iterator<Item = &mut Element> {
        self.children.iter_mut().filter_map(|n| if let Node::El(e) = n { Some(e) } else { None })
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    pub fn child_mut(&mut self, name: &str) -> Option<&mut Element> {
        self.elements_mut().find(|e| e.name == name)
    }

    /// The element at a path of child names: `["p:spPr", "a:xfrm", "a:off"]`.
    pub fn path(&self, names: &[&str]) -> Option<&Element> {
        let mut cur = self;
        for n in names {
            cur = cur.child(n)?;
        }
        Some(cur)
    }

    pub fn path_mut(&mut self, names: &[&str]) -> Option<&mut Element> {
        let mut cur = self;
        for n in names {
            cur = cur.child_mut(n)?;
        }
        Some(cur)
    }

    /// The child named `name`, created (appended) when missing.
    pub fn ensure_child(&mut self, name: &str) -> &mut Element {
        let idx = self.children.iter().position(|n| matches!(n, Node::El(e) if e.name == name));
        let idx = match idx {
            Some(i) => i,
            None => {
                self.children.push(Node::El(Element::new(name)));
                self.children.len() - 1
            }
        };
        match &mut self.children[idx] {
            Node::El(e) => e,
            Node::Text(_) | Node::Raw(_) => unreachable!("index points at an element"),
        }
    }

    /// All text below this element, in document order.
    pub fn text(&self) -> String {
        let mut s = String::new();
        self.collect_text(&mut s);
        s
    }

    fn collect_text(&self, out: &mut String) {
        for c in &self.children {
            match c {
                Node::Text(t) => out.push_str(t),
                Node::El(e) => e.collect_text(out),
                Node::Raw(_) => {}
            }
        }
    }

    /// Every descendant element (depth first), including self.
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Element)) {
        f(self);
        for e in self.elements() {
            e.walk(f);
        }
    }

    pub fn walk_mut(&mut self, f: &mut impl FnMut(&mut Element)) {
        f(self);
        for e in self.elements_mut() {
            e.walk_mut(f);
        }
    }

    /// Serializes this element (no declaration).
    pub fn write(&self, out: &mut String) {
        out.push('<');
        out.push_str(&self.name);
        for (k, v) in &self.attrs {
            out.push(' ');
            out.push_str(k);
            out.push_str("=\"");
            push_attr(out, v);
            out.push('"');
        }
        if self.children.is_empty() {
            out.push_str("/>");
            return;
        }
        out.push('>');
        for c in &self.children {
            match c {
                Node::Text(t) => push_text(out, t),
                Node::El(e) => e.write(out),
                Node::Raw(x) => out.push_str(x),
            }
        }
        out.push_str("</");
        out.push_str(&self.name);
        out.push('>');
    }

    /// Serializes with the XML declaration, as a part.
    pub fn to_part(&self) -> String {
        let mut s = String::with_capacity(8192);
        s.push_str(crate::xml::DECL);
        self.write(&mut s);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let x = r#"<?xml version="1.0"?>
<p:sld xmlns:p="p" xmlns:a="a"><a:t xml:space="preserve"> 1 &lt; 2 &amp; 中 </a:t>
  <a:x v="&quot;q&quot;"/></p:sld>"#;
        let e = parse(x).unwrap();
        let mut s = String::new();
        e.write(&mut s);
        assert_eq!(
            s,
            r#"<p:sld xmlns:p="p" xmlns:a="a"><a:t xml:space="preserve"> 1 &lt; 2 &amp; 中 </a:t><a:x v="&quot;q&quot;"/></p:sld>"#
        );
        assert_eq!(e.text(), " 1 < 2 & 中 ");
    }

    /// Layouts are stored one element per line (tools/pretty-layouts.py):
    /// the white space between elements goes, the white space of text stays.
    #[test]
    fn formatting_white_space_is_dropped_text_is_kept() {
        let pretty = "<p:txBody>\n  <a:p>\n    <a:r>\n      <a:t> </a:t>\n    </a:r>\n    <a:r>\n      <a:t>  两个  </a:t>\n    </a:r>\n    <a:endParaRPr></a:endParaRPr>\n  </a:p>\n</p:txBody>\n";
        let mut out = String::new();
        parse(pretty).unwrap().write(&mut out);
        assert_eq!(
            out,
            "<p:txBody><a:p><a:r><a:t> </a:t></a:r><a:r><a:t>  两个  </a:t></a:r><a:endParaRPr/></a:p></p:txBody>"
        );
    }

    #[test]
    fn errors() {
        assert!(parse("<a><b></a>").is_err());
        assert!(parse("<a>").is_err());
    }
}
