//! Tokenizer and recursive-descent parser for expressions and templates.

use super::{BinOp, Expr, Seg};

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Str(String),
    Ident(String),
    Op(&'static str),
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || (c as u32) >= 0x2E80
}

fn is_ident_char(c: char) -> bool {
    is_ident_start(c) || c.is_ascii_digit()
}

const OPS: &[&str] = &["==", "!=", "<=", ">=", "&&", "||", "<", ">", "+", "-", "*", "/", "(", ")", ",", ".", "|", "="];

fn lex(src: &str) -> Result<Vec<(Tok, usize)>, String> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = src.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].1.is_ascii_digit() || chars[i].1 == '.' || chars[i].1 == ',') {
                // A '.' must be followed by a digit to be a decimal point (else it is a field access).
                if chars[i].1 == '.' && !chars.get(i + 1).is_some_and(|(_, c)| c.is_ascii_digit()) {
                    break;
                }
                // A ',' inside a number is a thousands separator only when 3 digits follow.
                if chars[i].1 == ',' {
                    let three = (1..=3).all(|k| chars.get(i + k).is_some_and(|(_, c)| c.is_ascii_digit()))
                        && !chars.get(i + 4).is_some_and(|(_, c)| c.is_ascii_digit());
                    if !three {
                        break;
                    }
                }
                i += 1;
            }
            let text: String = chars[start..i].iter().map(|(_, c)| *c).filter(|c| *c != ',').collect();
            let mut v: f64 = text.parse().map_err(|_| format!("bad number `{}`", crate::error::cut(&text, 20)))?;
            // Suffixes: 38.2% → 0.382, 1.2万, 3亿.
            match chars.get(i).map(|(_, c)| *c) {
                Some('%') => {
                    v /= 100.0;
                    i += 1;
                }
                Some('万') => {
                    v *= 1e4;
                    i += 1;
                }
                Some('亿') => {
                    v *= 1e8;
                    i += 1;
                }
                _ => {}
            }
            out.push((Tok::Num(v), pos));
            continue;
        }
        if c == '"' || c == '\'' || c == '“' || c == '「' {
            let close = match c {
                '“' => '”',
                '「' => '」',
                q => q,
            };
            let mut s = String::new();
            i += 1;
            loop {
                let Some(&(_, ch)) = chars.get(i) else {
                    return Err("unclosed string".into());
                };
                i += 1;
                if ch == close {
                    break;
                }
                if ch == '\\'
                    && close != '”'
                    && let Some(&(_, n)) = chars.get(i)
                {
                    s.push(match n {
                        'n' => '\n',
                        o => o,
                    });
                    i += 1;
                    continue;
                }
                s.push(ch);
            }
            out.push((Tok::Str(s), pos));
            continue;
        }
        if c == '`' {
            let mut s = String::new();
            i += 1;
            loop {
                let Some(&(_, ch)) = chars.get(i) else {
                    return Err("unclosed `name`".into());
                };
                i += 1;
                if ch == '`' {
                    break;
                }
                s.push(ch);
            }
            out.push((Tok::Ident(s), pos));
            continue;
        }
        if is_ident_start(c) {
            let start = i;
            while i < chars.len() && is_ident_char(chars[i].1) {
                i += 1;
            }
            let s: String = chars[start..i].iter().map(|(_, c)| *c).collect();
            out.push((Tok::Ident(s), pos));
            continue;
        }
        let rest = &src[pos..];
        if let Some(op) = OPS.iter().find(|o| rest.starts_with(**o)) {
            out.push((Tok::Op(op), pos));
            i += op.chars().count();
            continue;
        }
        // Full-width punctuation people type in Chinese input mode.
        let op = match c {
            '(' => "(",
            ')' => ")",
            ',' => ",",
            '。' => ".",
            '|' => "|",
            _ => return Err(format!("unexpected `{c}`")),
        };
        out.push((Tok::Op(op), pos));
        i += 1;
    }
    Ok(out)
}

/// How deeply an expression may nest: far beyond any real one (a template
/// of the shipped decks nests at most 5 levels), and shallow enough that
/// parsing, evaluating and dropping it never overflows a thread's stack.
pub const MAX_DEPTH: usize = 40;

fn too_deep() -> String {
    format!("the expression nests more than {MAX_DEPTH} levels deep (brackets, operators or `|` in a row)")
}

/// An expression and the depth of its tree.
type D = (Expr, usize);

struct P {
    toks: Vec<(Tok, usize)>,
    i: usize,
    /// Nested calls of the parser (brackets nest without deepening the tree).
    level: usize,
}

/// A node over `children`, its depth checked.
fn node(e: Expr, children: &[usize]) -> Result<D, String> {
    let d = 1 + children.iter().copied().max().unwrap_or(0);
    if d > MAX_DEPTH { Err(too_deep()) } else { Ok((e, d)) }
}

impl P {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i).map(|t| &t.0)
    }
    fn eat(&mut self, op: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Op(o)) if *o == op) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn eat_word(&mut self, w: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Ident(o)) if o == w) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn expect(&mut self, op: &str) -> Result<(), String> {
        if self.eat(op) { Ok(()) } else { Err(format!("expected `{op}`{}", self.here())) }
    }
    fn here(&self) -> String {
        match self.peek() {
            None => " at the end".into(),
            Some(Tok::Num(n)) => format!(", found `{}`", crate::error::cut(&n.to_string(), 20)),
            Some(Tok::Str(s)) => format!(", found \"{}\"", crate::error::cut(s, 80)),
            Some(Tok::Ident(s)) => format!(", found `{}`", crate::error::cut(s, 80)),
            Some(Tok::Op(o)) => format!(", found `{o}`"),
        }
    }

    fn pipeline(&mut self) -> Result<D, String> {
        self.level += 1;
        if self.level > MAX_DEPTH {
            return Err(too_deep());
        }
        let r = self.pipeline_inner();
        self.level -= 1;
        r
    }

    fn pipeline_inner(&mut self) -> Result<D, String> {
        let (mut e, mut d) = self.or()?;
        while self.eat("|") {
            let Some(Tok::Ident(name)) = self.peek().cloned() else {
                return Err(format!("expected a formatter name after `|`{}", self.here()));
            };
            self.i += 1;
            let mut args = vec![e];
            let mut depths = vec![d];
            if self.eat("(") {
                for (a, ad) in self.args()? {
                    args.push(a);
                    depths.push(ad);
                }
            }
            (e, d) = node(Expr::Call(name, args), &depths)?;
        }
        Ok((e, d))
    }

    fn args(&mut self) -> Result<Vec<D>, String> {
        let mut args = Vec::new();
        if self.eat(")") {
            return Ok(args);
        }
        loop {
            args.push(self.pipeline()?);
            if self.eat(")") {
                return Ok(args);
            }
            self.expect(",")?;
        }
    }

    fn or(&mut self) -> Result<D, String> {
        let (mut e, mut d) = self.and()?;
        while self.eat("||") || self.eat_word("or") {
            let (b, bd) = self.and()?;
            (e, d) = node(Expr::Binary(Box::new(e), BinOp::Or, Box::new(b)), &[d, bd])?;
        }
        Ok((e, d))
    }

    fn and(&mut self) -> Result<D, String> {
        let (mut e, mut d) = self.cmp()?;
        while self.eat("&&") || self.eat_word("and") {
            let (b, bd) = self.cmp()?;
            (e, d) = node(Expr::Binary(Box::new(e), BinOp::And, Box::new(b)), &[d, bd])?;
        }
        Ok((e, d))
    }

    fn cmp(&mut self) -> Result<D, String> {
        let (e, d) = self.add()?;
        let op = match self.peek() {
            Some(Tok::Op("==")) | Some(Tok::Op("=")) => BinOp::Eq,
            Some(Tok::Op("!=")) => BinOp::Ne,
            Some(Tok::Op("<")) => BinOp::Lt,
            Some(Tok::Op("<=")) => BinOp::Le,
            Some(Tok::Op(">")) => BinOp::Gt,
            Some(Tok::Op(">=")) => BinOp::Ge,
            _ => return Ok((e, d)),
        };
        self.i += 1;
        let (b, bd) = self.add()?;
        node(Expr::Binary(Box::new(e), op, Box::new(b)), &[d, bd])
    }

    fn add(&mut self) -> Result<D, String> {
        let (mut e, mut d) = self.mul()?;
        loop {
            let op = if self.eat("+") {
                BinOp::Add
            } else if self.eat("-") {
                BinOp::Sub
            } else {
                return Ok((e, d));
            };
            let (b, bd) = self.mul()?;
            (e, d) = node(Expr::Binary(Box::new(e), op, Box::new(b)), &[d, bd])?;
        }
    }

    fn mul(&mut self) -> Result<D, String> {
        let (mut e, mut d) = self.unary()?;
        loop {
            let op = if self.eat("*") {
                BinOp::Mul
            } else if self.eat("/") {
                BinOp::Div
            } else {
                return Ok((e, d));
            };
            let (b, bd) = self.unary()?;
            (e, d) = node(Expr::Binary(Box::new(e), op, Box::new(b)), &[d, bd])?;
        }
    }

    fn unary(&mut self) -> Result<D, String> {
        let op = if self.eat("-") {
            '-'
        } else if self.eat_word("not") {
            '!'
        } else {
            return self.postfix();
        };
        self.level += 1;
        if self.level > MAX_DEPTH {
            return Err(too_deep());
        }
        let r = self.unary();
        self.level -= 1;
        let (a, ad) = r?;
        node(Expr::Unary(op, Box::new(a)), &[ad])
    }

    fn postfix(&mut self) -> Result<D, String> {
        let (mut e, mut d) = self.primary()?;
        loop {
            if self.eat(".") {
                match self.peek().cloned() {
                    Some(Tok::Ident(f)) => {
                        self.i += 1;
                        (e, d) = node(Expr::Field(Box::new(e), f), &[d])?;
                    }
                    _ => return Err(format!("expected a field name after `.`{}", self.here())),
                }
            } else {
                return Ok((e, d));
            }
        }
    }

    fn primary(&mut self) -> Result<D, String> {
        let t = self.peek().cloned().ok_or_else(|| "expected a value at the end".to_string())?;
        self.i += 1;
        match t {
            Tok::Num(n) => Ok((Expr::Num(n), 1)),
            Tok::Str(s) => Ok((Expr::Str(s), 1)),
            Tok::Ident(name) => {
                if self.eat("(") {
                    let args = self.args()?;
                    let depths: Vec<usize> = args.iter().map(|a| a.1).collect();
                    node(Expr::Call(name, args.into_iter().map(|a| a.0).collect()), &depths)
                } else {
                    Ok((Expr::Name(name), 1))
                }
            }
            Tok::Op("(") => {
                let e = self.pipeline()?;
                self.expect(")")?;
                Ok(e)
            }
            Tok::Op(o) => Err(format!("unexpected `{o}`")),
        }
    }
}

/// Parses one expression (the text between `{{` and `}}`, or a `where:`).
pub fn parse_expr(src: &str) -> Result<Expr, String> {
    let toks = lex(src)?;
    if toks.is_empty() {
        return Err("empty expression".into());
    }
    let mut p = P { toks, i: 0, level: 0 };
    let (e, _) = p.pipeline()?;
    if p.i < p.toks.len() {
        return Err(format!("unexpected text{}", p.here()));
    }
    Ok(e)
}

/// Parses a template: literal text, `{{ expr }}` and optional clauses
/// `[[，同比{{ x.vs_last_year }}]]` — left out whole when a value inside has
/// no data, so that a sentence never reads "同比—".
pub fn parse_template(src: &str) -> Result<Vec<Seg>, (String, usize)> {
    let mut out = Vec::new();
    let mut rest = src;
    let mut offset = 0;
    let next = |rest: &str| match (rest.find("{{"), rest.find("[[")) {
        (Some(e), Some(o)) if o < e => Some((o, true)),
        (Some(e), _) => Some((e, false)),
        (None, Some(o)) => Some((o, true)),
        (None, None) => None,
    };
    while let Some((i, opt)) = next(rest) {
        if i > 0 {
            out.push(Seg::Lit(rest[..i].to_string()));
        }
        let after = &rest[i + 2..];
        let consumed = if opt {
            let Some(j) = after.find("]]") else {
                return Err(("`[[` without a closing `]]`".into(), offset + i));
            };
            let inner = &after[..j];
            if inner.contains("[[") {
                return Err(("optional clauses `[[ … ]]` cannot be nested".into(), offset + i));
            }
            let segs = parse_template(inner).map_err(|(m, k)| (m, offset + i + 2 + k))?;
            out.push(Seg::Opt(segs));
            i + 2 + j + 2
        } else {
            let Some(j) = after.find("}}") else {
                return Err(("`{{` without a closing `}}`".into(), offset + i));
            };
            let e = parse_expr(&after[..j]).map_err(|m| (m, offset + i))?;
            out.push(Seg::Expr(e, offset + i));
            i + 2 + j + 2
        };
        offset += consumed;
        rest = &rest[consumed..];
    }
    if !rest.is_empty() {
        out.push(Seg::Lit(rest.to_string()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions() {
        assert_eq!(
            parse_expr("下单人数 / 询单人数").unwrap(),
            Expr::Binary(Box::new(Expr::Name("下单人数".into())), BinOp::Div, Box::new(Expr::Name("询单人数".into())))
        );
        assert_eq!(parse_expr("38.2%").unwrap(), Expr::Num(0.382));
        assert_eq!(parse_expr("1.2万").unwrap(), Expr::Num(12000.0));
        assert_eq!(parse_expr("1,234.5").unwrap(), Expr::Num(1234.5));
        let e = parse_expr("店铺销售额.value | wan(1)").unwrap();
        assert_eq!(
            e,
            Expr::Call(
                "wan".into(),
                vec![Expr::Field(Box::new(Expr::Name("店铺销售额".into())), "value".into()), Expr::Num(1.0)]
            )
        );
        let e = parse_expr("小组 == \"A组\" and 接待量 > 100").unwrap();
        assert!(matches!(e, Expr::Binary(_, BinOp::And, _)));
        assert!(parse_expr("a +").is_err());
        assert!(parse_expr("(a").is_err());
        assert_eq!(parse_expr("`首响(秒)`").unwrap(), Expr::Name("首响(秒)".into()));
        assert_eq!(
            parse_expr("if(x,“是”,“否”)").unwrap(),
            Expr::Call("if".into(), vec![Expr::Name("x".into()), Expr::Str("是".into()), Expr::Str("否".into())])
        );
    }

    #[test]
    fn optional_clauses() {
        let t = parse_template("销售额{{x}}[[，同比{{x.vs_last_year}}]]。").unwrap();
        assert_eq!(t.len(), 4);
        let Seg::Opt(inner) = &t[2] else { panic!("{t:?}") };
        assert_eq!(inner[0], Seg::Lit("，同比".into()));
        assert!(matches!(inner[1], Seg::Expr(..)));
        assert!(parse_template("[[a[[b]]]]").is_err());
        assert!(parse_template("[[a{{x}}").is_err());
    }

    #[test]
    fn depth_is_limited() {
        let nested = |n: usize| format!("{}1{}", "(".repeat(n), ")".repeat(n));
        assert!(parse_expr(&nested(30)).is_ok());
        assert!(parse_expr(&nested(5000)).unwrap_err().contains("more than 40 levels"));
        let chain = |n: usize| vec!["1"; n].join(" + ");
        assert!(parse_expr(&chain(40)).is_ok());
        assert!(parse_expr(&chain(100_000)).unwrap_err().contains("more than 40 levels"));
        assert!(parse_expr(&format!("{}1", "-".repeat(100_000))).is_err());
        assert!(parse_expr(&format!("x{}", " | abs".repeat(1000))).is_err());
        assert!(parse_expr(&format!("a{}", ".b".repeat(1000))).is_err());
        assert!(parse_expr(&format!("{}1{}", "f(".repeat(1000), ")".repeat(1000))).is_err());
    }

    #[test]
    fn templates() {
        let t = parse_template("转化率{{ x }},{{y|pct}}").unwrap();
        assert_eq!(t.len(), 4);
        assert!(parse_template("a {{ b").is_err());
        let e = parse_template("ab {{ 1 + }}").unwrap_err();
        assert_eq!(e.1, 3);
    }
}
