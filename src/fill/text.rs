//! `{{…}}` in the text of a deck the user made. PowerPoint splits what the
//! user typed into runs wherever the formatting, the spelling check or the
//! input method changed, so `{{销售额}}` may arrive as `{{`, `销售额`, `}}`:
//! the runs of a paragraph are read as one text, and each expression's value
//! takes the formatting of the run where the expression starts.

use crate::error::{Error, Result};
use crate::layout::dom::{Element, Node};
use crate::model::Run;
use crate::slides::ColorCtx;

/// Elements that are shapes (their name is what messages show).
fn is_shape(name: &str) -> bool {
    matches!(name, "p:sp" | "p:grpSp" | "p:graphicFrame" | "p:pic" | "p:cxnSp")
}

/// What filling a tree needs: the evaluator, the colours, and where an
/// error is (`place(shape name)`).
pub struct Filler<'f> {
    pub eval: &'f mut dyn FnMut(&str) -> Result<Vec<Run>>,
    pub colors: &'f ColorCtx<'f>,
    pub place: &'f dyn Fn(&str) -> String,
}

/// Fills every paragraph under `root`. Returns whether anything changed;
/// an error names the shape it was found in.
pub fn fill_tree(root: &mut Element, f: &mut Filler) -> Result<bool> {
    let mut changed = false;
    fill_in(root, "", f, &mut changed)?;
    Ok(changed)
}

fn fill_in(el: &mut Element, shape: &str, f: &mut Filler, changed: &mut bool) -> Result<()> {
    let name =
        if is_shape(&el.name) { crate::layout::shape_name(el).unwrap_or("").to_string() } else { shape.to_string() };
    for child in el.elements_mut() {
        if child.name == "a:p" {
            if paragraph(child, f.eval, f.colors).map_err(|e| e.at((f.place)(&name)))? {
                *changed = true;
            }
        } else {
            fill_in(child, &name, f, changed)?;
        }
    }
    Ok(())
}

fn run_text(r: &Element) -> String {
    r.child("a:t").map(|t| t.text()).unwrap_or_default()
}

/// A token found in the joined text of a run sequence: byte range and expression.
struct Token {
    start: usize,
    end: usize,
    expr: String,
}

fn tokens(s: &str) -> Result<Vec<Token>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = s[from..].find("{{").map(|i| i + from) {
        let Some(j) = s[i + 2..].find("}}").map(|j| j + i + 2) else {
            return Err(Error::usage(format!("`{}` has no closing `}}}}`", &s[i..]))
                .hint("an expression is written {{ name }}; close it, or delete the stray `{{`"));
        };
        out.push(Token { start: i, end: j + 2, expr: s[i + 2..j].trim().to_string() });
        from = j + 2;
    }
    Ok(out)
}

/// A run with `props` (a clone of a run's `a:rPr`) and `text`.
fn make_run(props: Option<&Element>, text: &str) -> Element {
    let mut r = Element::new("a:r");
    if let Some(p) = props {
        r.children.push(Node::El(p.clone()));
    }
    let mut t = Element::new("a:t");
    t.children.push(Node::Text(crate::xml::clean(text).into_owned()));
    r.children.push(Node::El(t));
    r
}

/// The value's run in the formatting of the run the expression starts in,
/// with the value's own emphasis (bold, a good/bad colour) on top.
fn value_run(props: Option<&Element>, v: &Run, colors: &ColorCtx) -> Element {
    if !v.bold && v.color.is_none() {
        return make_run(props, &v.text);
    }
    let mut p = props.cloned().unwrap_or_else(|| Element::new("a:rPr").with_attr("lang", "zh-CN"));
    if v.bold {
        p.set_attr("b", "1");
    }
    if let Some(c) = &v.color {
        crate::slides::text::set_color(&mut p, c, colors);
    }
    make_run(Some(&p), &v.text)
}

/// Fills the expressions of one paragraph. Returns whether it changed.
pub fn paragraph(p: &mut Element, eval: &mut dyn FnMut(&str) -> Result<Vec<Run>>, colors: &ColorCtx) -> Result<bool> {
    if !p.text().contains("{{") {
        return Ok(false);
    }
    let old = std::mem::take(&mut p.children);
    let mut out: Vec<Node> = Vec::with_capacity(old.len());
    let mut seq: Vec<Element> = Vec::new();
    let mut changed = false;
    let mut flush = |seq: &mut Vec<Element>, out: &mut Vec<Node>| -> Result<()> {
        if seq.is_empty() {
            return Ok(());
        }
        let runs = std::mem::take(seq);
        let texts: Vec<String> = runs.iter().map(run_text).collect();
        let joined: String = texts.concat();
        if !joined.contains("{{") {
            out.extend(runs.into_iter().map(Node::El));
            return Ok(());
        }
        changed = true;
        // Byte offset where each run starts in the joined text.
        let mut starts = Vec::with_capacity(texts.len());
        let mut at = 0;
        for t in &texts {
            starts.push(at);
            at += t.len();
        }
        let props: Vec<Option<&Element>> = runs.iter().map(|r| r.child("a:rPr")).collect();
        let run_at = |pos: usize| starts.iter().rposition(|s| *s <= pos).unwrap_or(0);
        let literal = |from: usize, to: usize, out: &mut Vec<Node>| {
            for (k, t) in texts.iter().enumerate() {
                let (s, e) = (starts[k], starts[k] + t.len());
                let (a, b) = (from.max(s), to.min(e));
                if a < b {
                    out.push(Node::El(make_run(props[k], &joined[a..b])));
                }
            }
        };
        let mut pos = 0;
        for tok in tokens(&joined)? {
            literal(pos, tok.start, out);
            let value = eval(&tok.expr).map_err(|e| e.context(format!("in `{{{{{}}}}}`", tok.expr)))?;
            let style = props[run_at(tok.start)];
            for v in value.iter().filter(|v| !v.text.is_empty()) {
                out.push(Node::El(value_run(style, v, colors)));
            }
            pos = tok.end;
        }
        literal(pos, joined.len(), out);
        Ok(())
    };
    for node in old {
        match node {
            Node::El(e) if e.name == "a:r" => seq.push(e),
            other => {
                flush(&mut seq, &mut out)?;
                out.push(other);
            }
        }
    }
    flush(&mut seq, &mut out)?;
    p.children = merge_runs(out);
    Ok(changed)
}

/// Joins neighbouring runs that look the same (a value and the text around
/// it in one run, as if typed).
fn merge_runs(nodes: Vec<Node>) -> Vec<Node> {
    let mut out: Vec<Node> = Vec::with_capacity(nodes.len());
    for n in nodes {
        if let (Node::El(cur), Some(Node::El(prev))) = (&n, out.last_mut())
            && cur.name == "a:r"
            && prev.name == "a:r"
            && cur.child("a:rPr") == prev.child("a:rPr")
            && let Some(t) = prev.child_mut("a:t")
        {
            let more = cur.child("a:t").map(|t| t.text()).unwrap_or_default();
            let text = t.text() + &more;
            t.children = vec![Node::Text(text)];
            continue;
        }
        out.push(n);
    }
    out
}

/// The text of a slide's title placeholder.
pub fn title_of(root: &Element) -> String {
    let mut title = String::new();
    root.walk(&mut |e| {
        if title.is_empty()
            && e.name == "p:sp"
            && e.path(&["p:nvSpPr", "p:nvPr", "p:ph"])
                .and_then(|p| p.attr("type"))
                .is_some_and(|t| t == "title" || t == "ctrTitle")
        {
            title = e.child("p:txBody").map(|b| b.text()).unwrap_or_default();
        }
    });
    title
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::dom::parse;

    fn fill(xml: &str) -> String {
        let theme = crate::layout::LayoutSet::builtin().unwrap().themes["business-blue"].clone();
        let colors = ColorCtx { theme: &theme };
        let mut p = parse(xml).unwrap();
        let mut eval = |e: &str| -> Result<Vec<Run>> {
            Ok(match e {
                "销售额" => vec![Run { text: "1.84亿元".into(), ..Default::default() }],
                "变化" => vec![Run {
                    text: "▲6.6%".into(),
                    color: Some(crate::model::ColorRef::Rgb("2E9E5B".into())),
                    bold: true,
                }],
                other => return Err(Error::usage(format!("unknown name `{other}`"))),
            })
        };
        paragraph(&mut p, &mut eval, &colors).unwrap();
        let mut s = String::new();
        p.write(&mut s);
        s
    }

    #[test]
    fn a_token_split_across_runs_takes_the_first_runs_formatting() {
        let got = fill(
            r#"<a:p><a:r><a:rPr sz="2000" b="1"/><a:t>销售额：{{销</a:t></a:r><a:r><a:rPr sz="1200"/><a:t>售额}}，</a:t></a:r><a:r><a:rPr sz="1200"/><a:t>完</a:t></a:r></a:p>"#,
        );
        assert_eq!(
            got,
            r#"<a:p><a:r><a:rPr sz="2000" b="1"/><a:t>销售额：1.84亿元</a:t></a:r><a:r><a:rPr sz="1200"/><a:t>，完</a:t></a:r></a:p>"#
        );
    }

    #[test]
    fn braces_in_runs_of_their_own() {
        let got = fill(
            r#"<a:p><a:pPr algn="ctr"/><a:r><a:rPr lang="zh-CN"/><a:t>{{</a:t></a:r><a:r><a:rPr lang="zh-CN" err="1"/><a:t> 变化 </a:t></a:r><a:r><a:rPr lang="zh-CN"/><a:t>}}</a:t></a:r><a:endParaRPr lang="zh-CN"/></a:p>"#,
        );
        assert!(got.starts_with(r#"<a:p><a:pPr algn="ctr"/><a:r><a:rPr lang="zh-CN" b="1"><a:solidFill><a:srgbClr val="2E9E5B"/></a:solidFill></a:rPr><a:t>▲6.6%</a:t></a:r><a:endParaRPr"#), "{got}");
    }

    #[test]
    fn an_unclosed_token_is_an_error() {
        let theme = crate::layout::LayoutSet::builtin().unwrap().themes["business-blue"].clone();
        let colors = ColorCtx { theme: &theme };
        let mut p = parse(r#"<a:p><a:r><a:t>{{销售额</a:t></a:r></a:p>"#).unwrap();
        let mut eval = |_: &str| -> Result<Vec<Run>> { Ok(vec![]) };
        let e = paragraph(&mut p, &mut eval, &colors).unwrap_err();
        assert!(e.message.contains("no closing"), "{e}");
    }
}
