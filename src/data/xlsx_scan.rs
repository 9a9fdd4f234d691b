//! Scanning the XML of a workbook part: the next tag with its name and
//! attributes, and the text between tags with its entities (`&amp;`,
//! `&#x4E2D;`) and Excel's `_x000D_` escapes resolved. Fast and narrow:
//! enough for the few tags that carry cells, strings and styles.

use memchr::{memchr, memchr2, memmem};

/// One tag: its local name (prefix dropped), whether it is `</…>` or
/// `<…/>`, and its attribute text.
pub(super) struct Tag<'a> {
    pub name: &'a [u8],
    pub closing: bool,
    pub empty: bool,
    pub attrs: &'a [u8],
}

/// The next tag at or after `*pos`; `*pos` moves past it. Comments,
/// processing instructions and CDATA are stepped over.
pub(super) fn next_tag<'a>(xml: &'a [u8], pos: &mut usize) -> Option<Tag<'a>> {
    loop {
        let lt = *pos + memchr(b'<', xml.get(*pos..)?)?;
        let rest = &xml[lt + 1..];
        let skip_to = |end: &[u8]| memmem::find(rest, end).map(|i| lt + 1 + i + end.len());
        if rest.starts_with(b"!--") {
            *pos = skip_to(b"-->")?;
            continue;
        }
        if rest.starts_with(b"![CDATA[") {
            *pos = skip_to(b"]]>")?;
            continue;
        }
        let gt = tag_end(rest)?;
        *pos = lt + 1 + gt + 1;
        let inner = &rest[..gt];
        if inner.first().is_some_and(|b| *b == b'?' || *b == b'!') {
            continue;
        }
        let closing = inner.first() == Some(&b'/');
        let inner = if closing { &inner[1..] } else { inner };
        let empty = inner.last() == Some(&b'/');
        let inner = if empty { &inner[..inner.len() - 1] } else { inner };
        let end = inner.iter().position(|b| b.is_ascii_whitespace()).unwrap_or(inner.len());
        let qname = &inner[..end];
        let name = match memchr(b':', qname) {
            Some(i) => &qname[i + 1..],
            None => qname,
        };
        return Some(Tag { name, closing, empty, attrs: &inner[end..] });
    }
}

/// The index of the `>` that ends the tag starting `rest` (just after its
/// `<`): a `>` inside an attribute value, in `"` or `'` quotes, does not.
pub(super) fn tag_end(rest: &[u8]) -> Option<usize> {
    // Find a `>`, then check the quotes before it (a short loop: a cell
    // tag is some twenty bytes); a `>` inside a value sends us on.
    let (mut from, mut quote) = (0, None);
    loop {
        let gt = from + memchr(b'>', &rest[from..])?;
        for &b in &rest[from..gt] {
            match quote {
                None if b == b'"' || b == b'\'' => quote = Some(b),
                Some(q) if b == q => quote = None,
                _ => {}
            }
        }
        if quote.is_none() {
            return Some(gt);
        }
        from = gt + 1;
    }
}

/// The raw value of the unprefixed attribute `want` in a tag's attributes.
pub(super) fn attr<'a>(attrs: &'a [u8], want: &[u8]) -> Option<&'a [u8]> {
    let mut found = None;
    each_attr(attrs, |name, value| {
        if name == want {
            found = Some(value);
        }
        found.is_none()
    });
    found
}

/// Calls `f(name, raw value)` for each attribute until it returns false.
pub(super) fn each_attr<'a>(attrs: &'a [u8], mut f: impl FnMut(&'a [u8], &'a [u8]) -> bool) {
    let mut i = 0;
    while i < attrs.len() {
        while i < attrs.len() && attrs[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while i < attrs.len() && attrs[i] != b'=' && !attrs[i].is_ascii_whitespace() {
            i += 1;
        }
        let name = &attrs[start..i];
        while i < attrs.len() && (attrs[i] == b'=' || attrs[i].is_ascii_whitespace()) {
            i += 1;
        }
        let Some(&quote) = attrs.get(i) else { return };
        if quote != b'"' && quote != b'\'' {
            return;
        }
        let Some(len) = memchr(quote, &attrs[i + 1..]) else { return };
        if !f(name, &attrs[i + 1..i + 1 + len]) {
            return;
        }
        i += len + 2;
    }
}

/// XML text decoded: line ends normalised (XML 1.0, 2.11: CR LF and a lone
/// CR read as LF), entities, then OOXML's `_xHHHH_` escapes.
pub(super) fn text(raw: &[u8]) -> String {
    unescape_x(entities(raw))
}

/// XML text with its line ends normalised and its entities decoded.
pub(super) fn entities(raw: &[u8]) -> String {
    let s = String::from_utf8_lossy(raw);
    if memchr2(b'&', b'\r', raw).is_none() {
        return s.into_owned();
    }
    let s = if s.contains('\r') { s.replace("\r\n", "\n").replace('\r', "\n") } else { s.into_owned() };
    let mut out = String::with_capacity(s.len());
    let mut rest: &str = &s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let decoded = after.find(';').filter(|&j| j <= 10).and_then(|semi| {
            let name = &after[..semi];
            let ch = match name {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            ch.map(|c| (c, semi))
        });
        match decoded {
            Some((ch, semi)) => {
                out.push(ch);
                rest = &after[semi + 1..];
            }
            None => {
                // A lone `&`.
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes OOXML's `_xHHHH_` escapes (ECMA-376 Part 1, 22.9.2.19): how
/// Excel writes characters XML cannot hold, and a literal `_x` (`_x005F_`).
pub(super) fn unescape_x(s: String) -> String {
    if memmem::find(s.as_bytes(), b"_x").is_none() {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(i) = rest.find("_x") {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(h) = rest.get(2..7).filter(|h| h.ends_with('_'))
            && let Some(ch) = u32::from_str_radix(&h[..4], 16).ok().and_then(char::from_u32)
        {
            out.push(ch);
            rest = &rest[7..];
            continue;
        }
        out.push('_');
        rest = &rest[1..];
    }
    out.push_str(rest);
    out
}

/// The raw text from `*pos` to the next `<`.
pub(super) fn raw_text(xml: &[u8], pos: usize) -> &[u8] {
    let rest = xml.get(pos..).unwrap_or_default();
    &rest[..memchr(b'<', rest).unwrap_or(rest.len())]
}

/// The text content of an element whose start tag ends at `pos`, decoded:
/// text and CDATA sections up to the next tag. With `trim`, surrounding XML
/// white space goes, as Excel reads a `<t>` without `xml:space="preserve"`
/// (and as calamine does).
pub(super) fn content(xml: &[u8], mut pos: usize, trim: bool) -> String {
    let first = raw_text(xml, pos);
    pos += first.len();
    let mut out = entities(first);
    loop {
        let rest = xml.get(pos..).unwrap_or_default();
        if let Some(cdata) = rest.strip_prefix(b"<![CDATA[") {
            let end = memmem::find(cdata, b"]]>").unwrap_or(cdata.len());
            out.push_str(&String::from_utf8_lossy(&cdata[..end]));
            pos += 9 + end + 3;
        } else if rest.starts_with(b"<!--") {
            pos += memmem::find(rest, b"-->").map_or(rest.len(), |i| i + 3);
        } else {
            break;
        }
        let raw = raw_text(xml, pos);
        out.push_str(&entities(raw));
        pos += raw.len();
    }
    if trim {
        let t = out.trim_matches([' ', '\t', '\r', '\n']);
        if t.len() != out.len() {
            out = t.to_string();
        }
    }
    unescape_x(out)
}

/// Whether a tag's attributes say `xml:space="preserve"`.
pub(super) fn preserves_space(attrs: &[u8]) -> bool {
    let mut yes = false;
    each_attr(attrs, |name, value| {
        yes |= name == b"xml:space" && value == b"preserve";
        !yes
    });
    yes
}

/// The text of a rich-text element (`<si>`, `<is>`): its `<t>` runs joined,
/// phonetic runs (`<rPh>`) left out. Stops after the element named `until`.
pub(super) fn rich_text(xml: &[u8], pos: &mut usize, until: &[u8]) -> String {
    let mut out = String::new();
    let mut phonetic = 0u32;
    while let Some(tag) = next_tag(xml, pos) {
        match (tag.name, tag.closing) {
            (n, true) if n == until => break,
            (b"rPh", false) if !tag.empty => phonetic += 1,
            (b"rPh", true) => phonetic = phonetic.saturating_sub(1),
            (b"t", false) if !tag.empty && phonetic == 0 => {
                out.push_str(&content(xml, *pos, !preserves_space(tag.attrs)))
            }
            _ => {}
        }
    }
    out
}
