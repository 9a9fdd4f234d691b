//! Inline markup in slide text: `**bold**`, and colour spans
//! `[good]…[/]`, `[bad]…[/]`, `[accent2]…[/]`, `[#C00000]…[/]`.
//! Anything else in square brackets is left as written.

use crate::model::{ColorRef, Run};

/// A piece of slot text before markup is applied: literal text typed by the
/// user (markup is interpreted) or a computed value (taken as is, with its
/// own formatting).
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Literal(String),
    Value(Vec<Run>),
}

/// Applies markup across the pieces and returns runs (adjacent runs with the
/// same formatting merged).
pub fn runs(pieces: &[Piece]) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut bold = false;
    let mut colors: Vec<ColorRef> = Vec::new();
    let push = |out: &mut Vec<Run>, text: &str, bold: bool, color: Option<ColorRef>| {
        if text.is_empty() {
            return;
        }
        if let Some(last) = out.last_mut()
            && last.bold == bold
            && last.color == color
        {
            last.text.push_str(text);
            return;
        }
        out.push(Run { text: text.to_string(), bold, color });
    };
    for piece in pieces {
        match piece {
            Piece::Value(rs) => {
                for r in rs {
                    let color = r.color.clone().or_else(|| colors.last().cloned());
                    push(&mut out, &r.text, r.bold || bold, color);
                }
            }
            Piece::Literal(s) => {
                let mut buf = String::new();
                let mut rest = s.as_str();
                while !rest.is_empty() {
                    if let Some(r) = rest.strip_prefix("**") {
                        push(&mut out, &buf, bold, colors.last().cloned());
                        buf.clear();
                        bold = !bold;
                        rest = r;
                        continue;
                    }
                    if let Some(r) = rest.strip_prefix("[/]") {
                        push(&mut out, &buf, bold, colors.last().cloned());
                        buf.clear();
                        colors.pop();
                        rest = r;
                        continue;
                    }
                    if rest.starts_with('[')
                        && let Some(end) = rest.find(']')
                        && let Some(c) = ColorRef::parse(&rest[1..end])
                    {
                        push(&mut out, &buf, bold, colors.last().cloned());
                        buf.clear();
                        colors.push(c);
                        rest = &rest[end + 1..];
                        continue;
                    }
                    let ch = rest.chars().next().unwrap_or(' ');
                    buf.push(ch);
                    rest = &rest[ch.len_utf8()..];
                }
                push(&mut out, &buf, bold, colors.last().cloned());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bold_and_colour() {
        let r = runs(&[Piece::Literal("转化率**38.2%**,[good]提升[/]2.1个百分点 [注]".into())]);
        assert_eq!(r.len(), 5);
        assert_eq!(r[1].text, "38.2%");
        assert!(r[1].bold);
        assert_eq!(r[3].color, Some(ColorRef::Custom("good".into())));
        assert_eq!(r[4].text, "2.1个百分点 [注]");
    }

    #[test]
    fn bold_spans_values() {
        let v = Piece::Value(vec![Run { text: "38.2%".into(), ..Default::default() }]);
        let r = runs(&[Piece::Literal("**".into()), v, Piece::Literal("**。".into())]);
        assert_eq!(r[0].text, "38.2%");
        assert!(r[0].bold);
        assert!(!r[1].bold);
    }
}
