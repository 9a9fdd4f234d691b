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
            let mut v: f64 = text.parse().map_err(|_| format!("bad number `{text}`"))?;
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

struct P {
    toks: Vec<(Tok, usize)>,
    i: usize,
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
            Some(Tok::Num(n)) => format!(", found `{n}`"),
            Some(Tok::Str(s)) => format!(", found \"{s}\""),
            Some(Tok::Ident(s)) => format!(", found `{s}`"),
            Some(Tok::Op(o)) => format!(", found `{o}`"),
        }
    }

    fn pipeline(&mut self) -> Result<Expr, String> {
        let mut e = self.or()?;
        while self.eat("|") {
            let Some(Tok::Ident(name)) = self.peek().cloned() else {
                return Err(format!("expected a formatter name after `|`{}", self.here()));
            };
            self.i += 1;
            let mut args = vec![e];
            if self.eat("(") {
                args.extend(self.args()?);
            }
            e = Expr::Call(name, args);
        }
        Ok(e)
    }

    fn args(&mut self) -> Result<Vec<Expr>, String> {
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

    fn or(&mut self) -> Result<Expr, String> {
        let mut e = self.and()?;
        while self.eat("||") || self.eat_word("or") {
            e = Expr::Binary(Box::new(e), BinOp::Or, Box::new(self.and()?));
        }
        Ok(e)
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut e = self.cmp()?;
        while self.eat("&&") || self.eat_word("and") {
            e = Expr::Binary(Box::new(e), BinOp::And, Box::new(self.cmp()?));
        }
        Ok(e)
    }

    fn cmp(&mut self) -> Result<Expr, String> {
        let e = self.add()?;
        let op = match self.peek() {
            Some(Tok::Op("==")) | Some(Tok::Op("=")) => BinOp::Eq,
            Some(Tok::Op("!=")) => BinOp::Ne,
            Some(Tok::Op("<")) => BinOp::Lt,
            Some(Tok::Op("<=")) => BinOp::Le,
            Some(Tok::Op(">")) => BinOp::Gt,
            Some(Tok::Op(">=")) => BinOp::Ge,
            _ => return Ok(e),
        };
        self.i += 1;
        Ok(Expr::Binary(Box::new(e), op, Box::new(self.add()?)))
    }

    fn add(&mut self) -> Result<Expr, String> {
        let mut e = self.mul()?;
        loop {
            let op = if self.eat("+") {
                BinOp::Add
            } else if self.eat("-") {
                BinOp::Sub
            } else {
                return Ok(e);
            };
            e = Expr::Binary(Box::new(e), op, Box::new(self.mul()?));
        }
    }

    fn mul(&mut self) -> Result<Expr, String> {
        let mut e = self.unary()?;
        loop {
            let op = if self.eat("*") {
                BinOp::Mul
            } else if self.eat("/") {
                BinOp::Div
            } else {
                return Ok(e);
            };
            e = Expr::Binary(Box::new(e), op, Box::new(self.unary()?));
        }
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.eat("-") {
            return Ok(Expr::Unary('-', Box::new(self.unary()?)));
        }
        if self.eat_word("not") {
            return Ok(Expr::Unary('!', Box::new(self.unary()?)));
        }
        self.postfix()
    }

    fn postfix(&mut self) -> Result<Expr, String> {
        let mut e = self.primary()?;
        loop {
            if self.eat(".") {
                match self.peek().cloned() {
                    Some(Tok::Ident(f)) => {
                        self.i += 1;
                        e = Expr::Field(Box::new(e), f);
                    }
                    _ => return Err(format!("expected a field name after `.`{}", self.here())),
                }
            } else {
                return Ok(e);
            }
        }
    }

    fn primary(&mut self) -> Result<Expr, String> {
        let t = self.peek().cloned().ok_or_else(|| "expected a value at the end".to_string())?;
        self.i += 1;
        match t {
            Tok::Num(n) => Ok(Expr::Num(n)),
            Tok::Str(s) => Ok(Expr::Str(s)),
            Tok::Ident(name) => {
                if self.eat("(") {
                    Ok(Expr::Call(name, self.args()?))
                } else {
                    Ok(Expr::Name(name))
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
    let mut p = P { toks, i: 0 };
    let e = p.pipeline()?;
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
    fn templates() {
        let t = parse_template("转化率{{ x }},{{y|pct}}").unwrap();
        assert_eq!(t.len(), 4);
        assert!(parse_template("a {{ b").is_err());
        let e = parse_template("ab {{ 1 + }}").unwrap_err();
        assert_eq!(e.1, 3);
    }
}
