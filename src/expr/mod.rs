//! The `{{ … }}` expression language used in every text slot:
//!
//! ```text
//! {{ 询单转化率 }}                      a metric, formatted by its unit: 38.2%
//! {{ 询单转化率.vs_last_year }}          wording: 提升2.1个百分点
//! {{ 店铺销售额 | wan(1) }}              a formatter: 1,234.5万
//! {{ period.label }}                     2026年
//! {{ if(询单转化率 >= 0.4, "达标", "未达标") }}
//! ```
//!
//! Parsing here, and the one evaluator (`eval`: the walk and the name
//! order); each place an expression runs in (a sentence in `resolve::eval`,
//! a metric in `metric`, a row filter in `data::filter`) supplies its values.

pub mod eval;
mod parse;

pub use eval::{Place, eval};
pub use parse::{parse_expr, parse_template};

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Num(f64),
    Str(String),
    /// A name: variable, metric, `period`, …
    Name(String),
    /// `a.b`
    Field(Box<Expr>, String),
    /// `f(args)` or `x | f(args)` (the piped value is the first argument).
    Call(String, Vec<Expr>),
    Unary(char, Box<Expr>),
    Binary(Box<Expr>, BinOp, Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

/// A template: literal text and `{{ }}` expressions, with each expression's
/// byte offset in the source (for messages).
#[derive(Debug, Clone, PartialEq)]
pub enum Seg {
    Lit(String),
    Expr(Expr, usize),
    /// `[[ … ]]`: shown only when every value inside has data.
    Opt(Vec<Seg>),
}

impl Expr {
    /// Every name the expression refers to (for `deckgen check`).
    pub fn names(&self, out: &mut Vec<String>) {
        match self {
            Expr::Name(n) => out.push(n.clone()),
            Expr::Field(e, _) | Expr::Unary(_, e) => e.names(out),
            Expr::Call(_, args) => args.iter().for_each(|a| a.names(out)),
            Expr::Binary(a, _, b) => {
                a.names(out);
                b.names(out);
            }
            Expr::Num(_) | Expr::Str(_) => {}
        }
    }
}

/// An expression written back as source, for messages: `店铺销售额.vs_prev | pct(1)`.
pub fn describe(e: &Expr) -> String {
    match e {
        Expr::Num(n) => crate::format::thousands(*n, if n.fract() == 0.0 { 0 } else { 2 }).replace(',', ""),
        Expr::Str(s) => format!("'{s}'"),
        Expr::Name(n) => n.clone(),
        Expr::Field(b, f) => format!("{}.{f}", describe(b)),
        Expr::Call(f, args) => format!("{f}({})", args.iter().map(describe).collect::<Vec<_>>().join(", ")),
        Expr::Unary(op, a) => format!("{op}{}", describe(a)),
        Expr::Binary(a, op, b) => {
            let o = match op {
                BinOp::Add => "+",
                BinOp::Sub => "-",
                BinOp::Mul => "*",
                BinOp::Div => "/",
                BinOp::Eq => "==",
                BinOp::Ne => "!=",
                BinOp::Lt => "<",
                BinOp::Le => "<=",
                BinOp::Gt => ">",
                BinOp::Ge => ">=",
                BinOp::And => "and",
                BinOp::Or => "or",
            };
            format!("{} {o} {}", describe(a), describe(b))
        }
    }
}
