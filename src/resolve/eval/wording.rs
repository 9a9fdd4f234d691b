//! The wording of numbers and comparisons in sentences: `38.2%`,
//! `+2.1个百分点`, `超出目标0.6个百分点`, `比团队平均快1.2秒`, dates.

use super::value::{NumKind, Number};
use crate::data::date::Date;
use crate::format::{self, Better, MISSING, UnitKind, unit_kind};
use crate::model::Run;

/// Whether rendered text is the mark of a value without data ("—").
pub fn is_missing(runs: &[Run]) -> bool {
    let text: String = runs.iter().map(|r| r.text.as_str()).collect();
    text.trim() == MISSING
}

/// The default text of a number, by what it is.
pub fn fmt_num(n: &Number) -> String {
    match n.kind {
        NumKind::Plain => {
            if n.v == n.v.trunc() {
                format::thousands(n.v, 0)
            } else {
                let s = format::thousands(n.v, n.digits.unwrap_or(2));
                if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s }
            }
        }
        NumKind::Value => format::with_unit(n.v, &n.unit, n.digits),
        NumKind::Change | NumKind::Size => {
            let body = match unit_kind(&n.unit) {
                UnitKind::Rate => format::pp(n.v, n.digits.unwrap_or(1)),
                UnitKind::Money | UnitKind::Amount if n.v.abs() >= 1e4 => {
                    format!("{}{}", format::scaled(n.v), n.unit.trim())
                }
                _ => format::with_unit(n.v, &n.unit, n.digits),
            };
            if n.kind == NumKind::Change { format::signed(&body, n.v) } else { body }
        }

        NumKind::Growth => format::signed(&format::pct(n.v, 1), n.v),
        NumKind::Ratio => format::pct(n.v, 1),
    }
}

/// `超出目标0.6个百分点`, `距目标还差1.2个百分点`, `优于目标2.1秒`, `恰好达成目标`.
pub fn target_phrase(v: f64, t: f64, unit: &str, better: Better, digits: Option<usize>) -> String {
    let diff = format::diff(v, t, unit, digits);
    let growth = (t != 0.0).then(|| v / t - 1.0);
    if format::is_flat(diff, growth, unit, digits) {
        return "达成目标".into();
    }
    let good = if better == Better::Lower { diff < 0.0 } else { diff > 0.0 };
    let amount = format::change_amount(diff, growth, unit, digits);
    match (good, unit_kind(unit)) {
        (true, UnitKind::Time) => format!("优于目标{amount}"),
        (false, UnitKind::Time) => format!("慢于目标{amount}"),
        // Lower is better (资损, 流失率): above the target is the miss.
        (true, _) if better == Better::Lower => format!("低于目标{amount}"),
        (false, _) if better == Better::Lower => format!("高于目标{amount}"),
        (true, _) => format!("超出目标{amount}"),
        (false, _) => format!("距目标还差{amount}"),
    }
}

/// `高于团队平均2.1个百分点`, `比团队平均快1.2秒`, `与团队平均持平`.
pub fn compare_phrase(v: f64, reference: f64, what: &str, unit: &str, digits: Option<usize>) -> String {
    let diff = format::diff(v, reference, unit, digits);
    let growth = (reference != 0.0).then(|| v / reference - 1.0);
    if format::is_flat(diff, growth, unit, digits) {
        return format!("与{what}持平");
    }
    let amount = format::change_amount(diff, growth, unit, digits);
    match unit_kind(unit) {
        UnitKind::Time => format!("比{what}{}{amount}", if diff < 0.0 { "快" } else { "慢" }),
        _ => format!("{}{what}{amount}", if diff > 0.0 { "高于" } else { "低于" }),
    }
}

/// Formats a date: `YYYY`, `M`, `MM`, `D`, `DD` are replaced.
pub fn date_fmt(d: Date, fmt: &str) -> String {
    fmt.replace("YYYY", &format!("{:04}", d.y))
        .replace("MM", &format!("{:02}", d.m))
        .replace("DD", &format!("{:02}", d.d))
        .replace('M', &d.m.to_string())
        .replace('D', &d.d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases() {
        assert_eq!(target_phrase(0.386, 0.38, "%", Better::Higher, None), "超出目标0.6个百分点");
        assert_eq!(target_phrase(0.371, 0.38, "%", Better::Higher, None), "距目标还差0.9个百分点");
        assert_eq!(target_phrase(18.0, 20.0, "秒", Better::Lower, None), "优于目标2.0秒");
        assert_eq!(target_phrase(1.05e6, 1e6, "元", Better::Higher, None), "超出目标5.0%");
        assert_eq!(compare_phrase(0.421, 0.4, "团队平均", "%", None), "高于团队平均2.1个百分点");
        assert_eq!(compare_phrase(15.0, 16.2, "团队平均", "秒", None), "比团队平均快1.2秒");
        assert_eq!(compare_phrase(0.4, 0.4, "团队平均", "%", None), "与团队平均持平");
        assert_eq!(date_fmt(Date::new(2026, 1, 5).unwrap(), "YYYY年M月D日"), "2026年1月5日");
        assert_eq!(date_fmt(Date::new(2026, 1, 5).unwrap(), "YYYY/MM/DD"), "2026/01/05");
    }

    #[test]
    fn number_kinds() {
        let n = |v, kind, unit: &str| Number { v, kind, unit: unit.into(), better: Better::Higher, digits: None };
        assert_eq!(fmt_num(&n(0.382, NumKind::Value, "%")), "38.2%");
        assert_eq!(fmt_num(&n(0.021, NumKind::Change, "%")), "+2.1个百分点");
        assert_eq!(fmt_num(&n(-1.2, NumKind::Change, "秒")), "-1.2秒");
        assert_eq!(fmt_num(&n(0.123, NumKind::Growth, "元")), "+12.3%");
        assert_eq!(fmt_num(&n(1.016, NumKind::Ratio, "")), "101.6%");
        assert_eq!(fmt_num(&n(1234.5678, NumKind::Plain, "")), "1,234.57");
        assert_eq!(fmt_num(&n(12.0, NumKind::Plain, "")), "12");
    }
}
