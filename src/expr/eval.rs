//! The one evaluator of the expression language: it walks an [`Expr`] tree
//! once, the same way wherever the expression stands, and asks the place it
//! runs in ([`Place`]) for what only that place knows.
//!
//! Three places run expressions:
//! - a sentence (`{{ 询单转化率.vs_last_year }}`, `resolve::eval`): numbers
//!   that remember their unit, metrics, periods, dates, text runs;
//! - a metric (`expr:` and `target:` of a metric, `metric.rs`): a figure or
//!   nothing (`Option<f64>`);
//! - a row filter (`where: 小组 == "A组"`, `data::filter`): a row's cells.
//!
//! # What a bare name means
//!
//! A name is looked up in one order, everywhere:
//!
//! 1. the words `true` and `false` (here, for every place);
//! 2. the place's reserved words: `period` and `today` in a sentence (and
//!    `deck.…`, `period.…` as paths, see [`Place::path`]); none in a metric;
//! 3. the row's columns (row filters only);
//! 4. the spec's variables (`vars:`, `--set`);
//! 5. the metrics (sentences and metrics);
//!
//! and else the place's "unknown name" message. A variable and a metric may
//! not share a name (`deckgen` refuses such a spec when it loads it, see
//! [`clashes`]), so steps 4 and 5 never compete.
//!
//! # What is shared
//!
//! The walk itself (with a depth limit, [`MAX_DEPTH`]), the name order,
//! `and` / `or` / `not` by the place's truthiness, the comparison of two
//! numbers or two texts ([`compare`]) and the arithmetic of two plain numbers
//! ([`arith`]: dividing by zero gives nothing). The place supplies its value
//! type, literals, truthiness, fields, functions and how `+ - * /` and
//! comparisons treat its values (a sentence keeps units, a metric gives
//! nothing when a side has no data, a filter compares text with text).

use super::{BinOp, Expr};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// How deep an expression tree may be: the parser refuses deeper ones
/// (`parse::MAX_DEPTH`), and the walk checks again for trees built in code.
pub const MAX_DEPTH: usize = super::parse::MAX_DEPTH;

/// Where an expression runs: its values and what its names mean.
pub trait Place {
    type Value;
    type Error;

    /// A number written in the expression (`0.4`).
    fn number(&self, n: f64) -> Result<Self::Value, Self::Error>;
    /// A text written in the expression (`"A组"`).
    fn text(&self, s: &str) -> Result<Self::Value, Self::Error>;
    /// A truth value (`true`, and the result of `and`, `or`, `not`).
    fn boolean(&self, b: bool) -> Self::Value;
    /// Whether a value counts as true (for `and`, `or`, `not`).
    fn truthy(&self, v: &Self::Value) -> Result<bool, Self::Error>;

    /// A reserved word of this place (`period`, `today`), or `None`.
    fn reserved(&self, _name: &str) -> Option<Result<Self::Value, Self::Error>> {
        None
    }
    /// A column of the row being filtered, or `None`.
    fn column(&self, _name: &str) -> Option<Result<Self::Value, Self::Error>> {
        None
    }
    /// The variables of the spec (by name, as written).
    fn vars(&self) -> &BTreeMap<String, String>;
    /// A variable's text as a value of this place.
    fn variable(&self, name: &str, text: &str) -> Result<Self::Value, Self::Error>;
    /// A metric, or `None` when there is no metric of that name (or the
    /// place has no metrics).
    fn metric(&self, _name: &str) -> Option<Result<Self::Value, Self::Error>> {
        None
    }
    /// The message for a name that is none of these.
    fn unknown(&self, name: &str) -> Self::Error;

    /// `base.field` where `base` is a bare name the place reads as a path
    /// (`deck.客户名称`, `period.year` in a filter), or `None` to evaluate
    /// `base` and ask [`Place::field`].
    fn path(&self, _base: &str, _field: &str) -> Option<Result<Self::Value, Self::Error>> {
        None
    }
    /// Refuses a field before its base is evaluated (places without fields).
    fn check_field(&self, _field: &str) -> Result<(), Self::Error> {
        Ok(())
    }
    /// A field of a value: `询单转化率.vs_prev`, `period.label`.
    fn field(&self, base: Self::Value, field: &str) -> Result<Self::Value, Self::Error>;

    /// `-x`.
    fn negate(&self, v: Self::Value) -> Result<Self::Value, Self::Error>;
    /// `a op b` for the operators other than `and` and `or`.
    fn binary(&self, a: Self::Value, op: BinOp, b: Self::Value) -> Result<Self::Value, Self::Error>;

    /// Refuses a function before its arguments are evaluated (places with
    /// few functions).
    fn check_call(&self, _f: &str, _args: usize) -> Result<(), Self::Error> {
        Ok(())
    }
    /// `f(args)`, the arguments evaluated.
    fn call(&self, f: &str, args: Vec<Self::Value>) -> Result<Self::Value, Self::Error>;

    /// The message for a tree deeper than [`MAX_DEPTH`].
    fn too_deep(&self) -> Self::Error;
}

/// Evaluates `e` in `place`.
pub fn eval<P: Place + ?Sized>(place: &P, e: &Expr) -> Result<P::Value, P::Error> {
    walk(place, e, 0)
}

fn walk<P: Place + ?Sized>(p: &P, e: &Expr, depth: usize) -> Result<P::Value, P::Error> {
    if depth > MAX_DEPTH {
        return Err(p.too_deep());
    }
    let d = depth + 1;
    match e {
        Expr::Num(n) => p.number(*n),
        Expr::Str(s) => p.text(s),
        Expr::Name(n) => name(p, n),
        Expr::Field(base, f) => {
            if let Expr::Name(b) = base.as_ref()
                && let Some(v) = p.path(b, f)
            {
                return v;
            }
            p.check_field(f)?;
            let b = walk(p, base, d)?;
            p.field(b, f)
        }
        Expr::Unary('-', a) => p.negate(walk(p, a, d)?),
        Expr::Unary(_, a) => {
            let v = walk(p, a, d)?;
            Ok(p.boolean(!p.truthy(&v)?))
        }
        Expr::Binary(a, op, b) => {
            let (x, y) = (walk(p, a, d)?, walk(p, b, d)?);
            match op {
                // Both sides are always judged (a side's error is never hidden).
                BinOp::And | BinOp::Or => {
                    let (x, y) = (p.truthy(&x)?, p.truthy(&y)?);
                    Ok(p.boolean(if *op == BinOp::And { x && y } else { x || y }))
                }
                _ => p.binary(x, *op, y),
            }
        }
        Expr::Call(f, args) => {
            p.check_call(f, args.len())?;
            let vals = args.iter().map(|a| walk(p, a, d)).collect::<Result<Vec<_>, _>>()?;
            p.call(f, vals)
        }
    }
}

/// Whether a name is `true` or `false` (a truth value in every place).
pub fn is_truth_word(n: &str) -> bool {
    n == "true" || n == "false"
}

/// A bare name, in the one order of the module doc.
fn name<P: Place + ?Sized>(p: &P, n: &str) -> Result<P::Value, P::Error> {
    if is_truth_word(n) {
        return Ok(p.boolean(n == "true"));
    }
    if let Some(v) = p.reserved(n) {
        return v;
    }
    if let Some(v) = p.column(n) {
        return v;
    }
    if let Some(text) = p.vars().get(n) {
        return p.variable(n, text);
    }
    if let Some(v) = p.metric(n) {
        return v;
    }
    Err(p.unknown(n))
}

/// Whether `op` (a comparison) holds for two values ordered `ord`
/// (`None`: they cannot be ordered, as a number against nothing).
pub fn compare(op: BinOp, ord: Option<Ordering>) -> bool {
    use Ordering::*;
    match op {
        BinOp::Eq => ord == Some(Equal),
        BinOp::Ne => ord != Some(Equal),
        BinOp::Lt => ord == Some(Less),
        BinOp::Le => matches!(ord, Some(Less | Equal)),
        BinOp::Gt => ord == Some(Greater),
        BinOp::Ge => matches!(ord, Some(Greater | Equal)),
        _ => false,
    }
}

/// Whether `op` is one of `== != < <= > >=`.
pub fn is_comparison(op: BinOp) -> bool {
    matches!(op, BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge)
}

/// `x op y` for `+ - * /` of two plain numbers; `None` for a division by
/// zero (and for the other operators).
pub fn arith(op: BinOp, x: f64, y: f64) -> Option<f64> {
    match op {
        BinOp::Add => Some(x + y),
        BinOp::Sub => Some(x - y),
        BinOp::Mul => Some(x * y),
        BinOp::Div => (y != 0.0).then(|| x / y),
        _ => None,
    }
}

/// Variables that are also metrics: the names both define, sorted.
pub fn clashes<'a>(
    vars: impl IntoIterator<Item = &'a String>,
    metrics: &BTreeMap<String, impl Sized>,
) -> Vec<&'a String> {
    let mut out: Vec<&String> = vars.into_iter().filter(|v| metrics.contains_key(*v)).collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A place where every step of the name order knows `x`, so the first
    /// step that answers shows: each value is the step's name.
    struct Steps(BTreeMap<String, String>, &'static [&'static str]);

    impl Place for Steps {
        type Value = String;
        type Error = String;
        fn number(&self, n: f64) -> Result<String, String> {
            Ok(n.to_string())
        }
        fn text(&self, s: &str) -> Result<String, String> {
            Ok(s.to_string())
        }
        fn boolean(&self, b: bool) -> String {
            b.to_string()
        }
        fn truthy(&self, v: &String) -> Result<bool, String> {
            Ok(v == "true")
        }
        fn reserved(&self, n: &str) -> Option<Result<String, String>> {
            self.1.contains(&"reserved").then(|| Ok(format!("reserved {n}")))
        }
        fn column(&self, n: &str) -> Option<Result<String, String>> {
            self.1.contains(&"column").then(|| Ok(format!("column {n}")))
        }
        fn vars(&self) -> &BTreeMap<String, String> {
            &self.0
        }
        fn variable(&self, n: &str, t: &str) -> Result<String, String> {
            Ok(format!("variable {n}={t}"))
        }
        fn metric(&self, n: &str) -> Option<Result<String, String>> {
            self.1.contains(&"metric").then(|| Ok(format!("metric {n}")))
        }
        fn unknown(&self, n: &str) -> String {
            format!("unknown {n}")
        }
        fn field(&self, b: String, f: &str) -> Result<String, String> {
            Ok(format!("{b}.{f}"))
        }
        fn negate(&self, v: String) -> Result<String, String> {
            Ok(format!("-{v}"))
        }
        fn binary(&self, a: String, _op: BinOp, b: String) -> Result<String, String> {
            Ok(format!("{a}?{b}"))
        }
        fn call(&self, f: &str, args: Vec<String>) -> Result<String, String> {
            Ok(format!("{f}({})", args.join(",")))
        }
        fn too_deep(&self) -> String {
            "too deep".into()
        }
    }

    fn name_in(steps: &'static [&'static str], var: bool) -> Result<String, String> {
        let vars = if var { [("x".to_string(), "1".to_string())].into() } else { BTreeMap::new() };
        eval(&Steps(vars, steps), &Expr::Name("x".into()))
    }

    #[test]
    fn one_name_order() {
        let all = &["reserved", "column", "metric"];
        assert_eq!(name_in(all, true).unwrap(), "reserved x");
        assert_eq!(name_in(&["column", "metric"], true).unwrap(), "column x");
        assert_eq!(name_in(&["metric"], true).unwrap(), "variable x=1");
        assert_eq!(name_in(&["metric"], false).unwrap(), "metric x");
        assert_eq!(name_in(&[], false).unwrap_err(), "unknown x");
        // true and false come before everything a place knows.
        assert_eq!(eval(&Steps(BTreeMap::new(), all), &Expr::Name("true".into())).unwrap(), "true");
    }

    #[test]
    fn shared_rules() {
        assert!(compare(BinOp::Le, Some(Ordering::Equal)));
        assert!(compare(BinOp::Ne, None));
        assert!(!compare(BinOp::Eq, None));
        assert_eq!(arith(BinOp::Div, 1.0, 0.0), None);
        assert_eq!(arith(BinOp::Sub, 3.0, 1.0), Some(2.0));
    }

    #[test]
    fn depth_is_limited_for_trees_built_in_code() {
        let mut e = Expr::Num(1.0);
        for _ in 0..MAX_DEPTH + 5 {
            e = Expr::Unary('-', Box::new(e));
        }
        assert_eq!(eval(&Steps(BTreeMap::new(), &[]), &e).unwrap_err(), "too deep");
        let mut e = Expr::Num(1.0);
        for _ in 0..MAX_DEPTH {
            e = Expr::Unary('-', Box::new(e));
        }
        assert!(eval(&Steps(BTreeMap::new(), &[]), &e).is_ok());
    }
}
