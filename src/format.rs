//! Number formatting and wording for Chinese report text: thousands
//! separators, 万/亿, percents and 个百分点, seconds, signed changes, and the
//! words for a change (提升/下降/持平, 缩短/延长 for times, 减少/增加 for
//! complaint counts). A missing or impossible number prints "—", never NaN.

/// What prints where a number cannot be computed (division by zero, no data).
pub const MISSING: &str = "—";

/// A number as plain text, as a value is written (a cell, a filter value, a
/// number the spec gave where text goes): the shortest form that reads back
/// the same, never an exponent or separators (`3`, `0.382`, `0.000000000001`);
/// `0` for what is not finite.
pub fn plain(v: f64) -> String {
    if !v.is_finite() {
        return "0".into();
    }
    // Rust's `Display` for f64 is the shortest round-trip form and never
    // uses an exponent.
    if v == 0.0 { "0".into() } else { format!("{v}") }
}

/// Which direction of a metric is good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Better {
    #[default]
    Higher,
    Lower,
    /// Neither (e.g. 询单人数): changes are reported without judging them.
    Neither,
}

impl Better {
    pub fn parse(s: &str) -> Option<Better> {
        Some(match s.trim() {
            "higher" | "high" | "up" | "越高越好" | "高" => Better::Higher,
            "lower" | "low" | "down" | "越低越好" | "低" => Better::Lower,
            "none" | "neither" | "无" => Better::Neither,
            _ => return None,
        })
    }

    /// Whether a change of `delta` is an improvement (None: neutral or no change).
    pub fn is_good(self, delta: f64) -> Option<bool> {
        if delta == 0.0 || !delta.is_finite() {
            return None;
        }
        match self {
            Better::Higher => Some(delta > 0.0),
            Better::Lower => Some(delta < 0.0),
            Better::Neither => None,
        }
    }
}

/// How a unit's changes are measured and named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// A rate stored as a fraction (0.382); changes in 个百分点.
    Rate,
    /// A duration (秒, 分钟, 小时); changes in the unit, 缩短/延长.
    Time,
    /// A score (分, 星); changes in the unit.
    Score,
    /// Money (元); changes in %.
    Money,
    /// A count or other amount (人, 次, 件, 单); changes in %.
    Amount,
}

pub fn unit_kind(unit: &str) -> UnitKind {
    match unit.trim() {
        "%" | "百分比" | "率" => UnitKind::Rate,
        "秒" | "s" | "S" | "分钟" | "小时" | "天" | "min" => UnitKind::Time,
        "分" | "星" | "score" => UnitKind::Score,
        "元" | "万元" | "亿元" | "￥" | "¥" => UnitKind::Money,
        _ => UnitKind::Amount,
    }
}

/// Rounds half away from zero (四舍五入, as Excel shows numbers), forgiving
/// the binary representation error of values like 2.675.
pub fn round_half_up(v: f64, digits: usize) -> f64 {
    let m = 10f64.powi(digits as i32);
    let x = (v.abs() * m * (1.0 + 4.0 * f64::EPSILON)).round() / m;
    if v < 0.0 { -x } else { x }
}

fn clean_zero(s: String) -> String {
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.' || c == ',') { s[1..].to_string() } else { s }
}

/// `1234567.891, 1` → `1,234,567.9`.
pub fn thousands(v: f64, digits: usize) -> String {
    if !v.is_finite() {
        return MISSING.into();
    }
    let s = format!("{:.*}", digits, round_half_up(v.abs(), digits));
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if v < 0.0 { "-" } else { "" };
    clean_zero(match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    })
}

/// Text cut to `n` characters with `…`, for quoting a value in a message.
pub fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { format!("{}…", s.chars().take(n).collect::<String>()) }
}

/// Fixed decimals without separators.
pub fn fixed(v: f64, digits: usize) -> String {
    if !v.is_finite() {
        return MISSING.into();
    }
    clean_zero(format!("{:.digits$}", round_half_up(v, digits)))
}

/// `12_345_678 → 1,234.6万`.
pub fn wan(v: f64, digits: usize) -> String {
    if !v.is_finite() {
        return MISSING.into();
    }
    format!("{}万", thousands(v / 1e4, digits))
}

/// `123_456_789 → 1.23亿`.
pub fn yi(v: f64, digits: usize) -> String {
    if !v.is_finite() {
        return MISSING.into();
    }
    format!("{}亿", thousands(v / 1e8, digits))
}

/// An amount with the scale a person would use: `8,560`, `12.3万`, `1.23亿`.
pub fn scaled(v: f64) -> String {
    if !v.is_finite() {
        return MISSING.into();
    }
    let a = v.abs();
    if a >= 1e8 {
        yi(v, 2)
    } else if a >= 1e5 {
        wan(v, 1)
    } else if a >= 1e4 {
        wan(v, 2)
    } else if a == a.trunc() {
        thousands(v, 0)
    } else {
        thousands(v, 1)
    }
}

/// Money: `8,560元`, `12.3万元`, `1.23亿元`.
pub fn money(v: f64) -> String {
    if !v.is_finite() {
        return MISSING.into();
    }
    format!("{}元", scaled(v))
}

/// A fraction as a percent: `0.382 → 38.2%`.
pub fn pct(v: f64, digits: usize) -> String {
    if !v.is_finite() {
        return MISSING.into();
    }
    format!("{}%", fixed(v * 100.0, digits))
}

/// A difference of two fractions in percentage points: `0.021 → 2.1个百分点`.
pub fn pp(v: f64, digits: usize) -> String {
    if !v.is_finite() {
        return MISSING.into();
    }
    format!("{}个百分点", fixed(v * 100.0, digits))
}

/// `18.46 → 18.5秒`.
pub fn seconds(v: f64, digits: usize) -> String {
    if !v.is_finite() {
        return MISSING.into();
    }
    format!("{}秒", fixed(v, digits))
}

/// Puts a `+` before a positive formatted number.
pub fn signed(text: &str, v: f64) -> String {
    if v > 0.0 && !text.starts_with('+') && text != MISSING && !text.trim_start_matches(['0', '.', ',']).is_empty() {
        format!("+{text}")
    } else {
        text.to_string()
    }
}

/// Whether a column or label names an amount of money (销售额, 成本, 资损,
/// 工资…): shown in 万 its unit is 万元, the deck's one money unit.
pub fn names_money(name: &str) -> bool {
    ["额", "金", "成本", "资损", "工资", "奖", "费", "收入", "利润", "元"].iter().any(|w| name.contains(w))
}

/// A value in its unit with sensible digits: `38.2%`, `1,234.5万元`, `18.5秒`, `4.85分`, `1,234人`.
pub fn with_unit(v: f64, unit: &str, digits: Option<usize>) -> String {
    if !v.is_finite() {
        return MISSING.into();
    }
    match unit_kind(unit) {
        UnitKind::Rate => pct(v, digits.unwrap_or(1)),
        UnitKind::Money => match digits {
            Some(d) if v.abs() < 1e4 => format!("{}元", thousands(v, d)),
            _ => money(v),
        },
        UnitKind::Time => format!("{}{}", fixed(v, digits.unwrap_or(1)), unit.trim()),
        UnitKind::Score => format!("{}{}", fixed(v, digits.unwrap_or(2)), unit.trim()),
        UnitKind::Amount => {
            // A whole number of people or orders has no decimals (48人, not 48.0人).
            let d = if v == v.trunc() { 0 } else { digits.unwrap_or(if v.abs() >= 100.0 { 0 } else { 1 }) };
            let n = if v.abs() >= 1e5 && digits.is_none() { scaled(v) } else { thousands(v, d) };
            format!("{n}{}", unit.trim())
        }
    }
}

/// The size of a change, in the unit's terms: `2.1个百分点`, `12.3%`, `1.2秒`.
/// `delta` is the absolute difference, `growth` the relative one.
pub fn change_amount(delta: f64, growth: Option<f64>, unit: &str, digits: Option<usize>) -> String {
    match unit_kind(unit) {
        UnitKind::Rate => pp(delta.abs(), digits.unwrap_or(1)),
        UnitKind::Time | UnitKind::Score => with_unit(delta.abs(), unit, digits),
        UnitKind::Money | UnitKind::Amount => match growth {
            Some(g) if g.is_finite() => pct(g.abs(), 1),
            _ => with_unit(delta.abs(), unit, digits),
        },
    }
}

/// True when a change rounds to nothing at the figure's precision (持平):
/// a rate shown with 2 decimals moves at 0.005 个百分点.
/// The difference of two values as a reader computes it from what is shown:
/// rates, times and scores from their values rounded as printed (36.0% and
/// 36.0% are 持平, never "−0.1个百分点"); amounts exactly (their change is
/// said as a percentage).
pub fn diff(v: f64, base: f64, unit: &str, digits: Option<usize>) -> f64 {
    let r = |x: f64, d: usize| {
        let k = 10f64.powi(d.min(6) as i32);
        (x * k).round() / k
    };
    match unit_kind(unit) {
        UnitKind::Rate => {
            let d = digits.unwrap_or(1);
            (r(v * 100.0, d) - r(base * 100.0, d)) / 100.0
        }
        UnitKind::Time => r(v, digits.unwrap_or(1)) - r(base, digits.unwrap_or(1)),
        UnitKind::Score => r(v, digits.unwrap_or(2)) - r(base, digits.unwrap_or(2)),
        UnitKind::Money | UnitKind::Amount => v - base,
    }
}

pub fn is_flat(delta: f64, growth: Option<f64>, unit: &str, digits: Option<usize>) -> bool {
    let half = |d: usize| 0.5 * 10f64.powi(-(d.min(6) as i32));
    match unit_kind(unit) {
        UnitKind::Rate => delta.abs() * 100.0 < half(digits.unwrap_or(1)),
        UnitKind::Time | UnitKind::Score => delta.abs() < half(digits.unwrap_or(1)),
        UnitKind::Money | UnitKind::Amount => match growth {
            Some(g) if g.is_finite() => g.abs() < 0.0005,
            _ => delta == 0.0,
        },
    }
}

/// The verb for a change: 提升/下降 (rates, scores), 上升/下降 (rates where
/// lower is better: 提升 would praise a rising complaint rate), 增长/下降
/// (amounts), 缩短/延长 (times), 减少/增加 (counts where lower is better), 持平.
pub fn change_verb(delta: f64, growth: Option<f64>, unit: &str, better: Better, digits: Option<usize>) -> &'static str {
    if is_flat(delta, growth, unit, digits) {
        return "持平";
    }
    let up = delta > 0.0;
    match (unit_kind(unit), better) {
        (UnitKind::Time, _) => {
            if up {
                "延长"
            } else {
                "缩短"
            }
        }
        (UnitKind::Rate | UnitKind::Score, Better::Lower) => {
            if up {
                "上升"
            } else {
                "下降"
            }
        }
        (UnitKind::Rate | UnitKind::Score, _) => {
            if up {
                "提升"
            } else {
                "下降"
            }
        }
        (_, Better::Lower) => {
            if up {
                "增加"
            } else {
                "减少"
            }
        }
        _ => {
            if up {
                "增长"
            } else {
                "下降"
            }
        }
    }
}

/// A whole change phrase: `提升2.1个百分点`, `缩短1.2秒`, `增长12.3%`, `持平`.
pub fn change_phrase(delta: f64, growth: Option<f64>, unit: &str, better: Better, digits: Option<usize>) -> String {
    if !delta.is_finite() {
        return MISSING.into();
    }
    let verb = change_verb(delta, growth, unit, better, digits);
    if verb == "持平" {
        return verb.into();
    }
    format!("{verb}{}", change_amount(delta, growth, unit, digits))
}

/// Applies an Excel-like number format to a value for a table cell:
/// `#,##0`, `#,##0.00`, `0.0%`, `0.00`, `万`/`0.0万`, `万元`, `亿`, `亿元`, `+0.0%`.
pub fn by_code(v: f64, code: &str) -> String {
    if !v.is_finite() {
        return MISSING.into();
    }
    let code = code.trim();
    let plus = code.starts_with('+');
    let c = code.trim_start_matches('+');
    let decimals = |s: &str| s.split_once('.').map(|(_, f)| f.chars().take_while(|c| *c == '0').count()).unwrap_or(0);
    let out = if let Some(p) = c.strip_suffix('%') {
        pct(v, decimals(p))
    } else if let Some(p) = c.strip_suffix("万元") {
        format!("{}元", wan(v, if p.is_empty() { 1 } else { decimals(p) }))
    } else if let Some(p) = c.strip_suffix("亿元") {
        format!("{}元", yi(v, if p.is_empty() { 2 } else { decimals(p) }))
    } else if let Some(p) = c.strip_suffix('万') {
        wan(v, if p.is_empty() { 1 } else { decimals(p) })
    } else if let Some(p) = c.strip_suffix('亿') {
        yi(v, if p.is_empty() { 2 } else { decimals(p) })
    } else if c.contains(',') {
        thousands(v, decimals(c))
    } else if c.starts_with('0') {
        fixed(v, decimals(c))
    } else {
        scaled(v)
    };
    if plus { signed(&out, v) } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(thousands(1234567.891, 1), "1,234,567.9");
        assert_eq!(thousands(-1234.0, 0), "-1,234");
        assert_eq!(thousands(999.0, 0), "999");
        assert_eq!(thousands(-0.04, 1), "0.0");
        assert_eq!(fixed(-0.0001, 2), "0.00");
        assert_eq!(fixed(2.675, 2), "2.68");
        assert_eq!(thousands(1234.5, 0), "1,235");
        assert_eq!(wan(12_345_678.0, 1), "1,234.6万");
        assert_eq!(yi(123_456_789.0, 2), "1.23亿");
        assert_eq!(scaled(8560.0), "8,560");
        assert_eq!(scaled(123_456.0), "12.3万");
        assert_eq!(scaled(12_345.0), "1.23万");
        assert_eq!(money(2.3e8), "2.30亿元");
        assert_eq!(thousands(f64::NAN, 1), MISSING);
        assert_eq!(pct(f64::INFINITY, 1), MISSING);
    }

    #[test]
    fn rates_and_points() {
        assert_eq!(pct(0.382, 1), "38.2%");
        assert_eq!(pct(1.016, 1), "101.6%");
        assert_eq!(pp(0.021, 1), "2.1个百分点");
        assert_eq!(seconds(18.46, 1), "18.5秒");
        assert_eq!(signed("12.3%", 0.123), "+12.3%");
        assert_eq!(signed("-5.0%", -0.05), "-5.0%");
        assert_eq!(signed("0.0%", 0.0), "0.0%");
    }

    #[test]
    fn units() {
        assert_eq!(with_unit(0.382, "%", None), "38.2%");
        assert_eq!(with_unit(12_345_678.0, "元", None), "1,234.6万元");
        assert_eq!(with_unit(18.46, "秒", None), "18.5秒");
        assert_eq!(with_unit(4.853, "分", None), "4.85分");
        assert_eq!(with_unit(1234.0, "人", None), "1,234人");
        assert_eq!(with_unit(23.4, "人", None), "23.4人");
    }

    #[test]
    fn wording() {
        // A rate up 2.1 points, a time down 1.2 s, an amount up 12.3 %, complaints down.
        assert_eq!(change_phrase(0.021, None, "%", Better::Higher, None), "提升2.1个百分点");
        assert_eq!(change_phrase(-0.021, None, "%", Better::Higher, None), "下降2.1个百分点");
        assert_eq!(change_phrase(-1.2, None, "秒", Better::Lower, None), "缩短1.2秒");
        assert_eq!(change_phrase(2.0, None, "秒", Better::Lower, None), "延长2.0秒");
        assert_eq!(change_phrase(1.23e6, Some(0.123), "元", Better::Higher, None), "增长12.3%");
        assert_eq!(change_phrase(-12.0, Some(-0.08), "件", Better::Lower, None), "减少8.0%");
        assert_eq!(change_phrase(0.0002, None, "%", Better::Higher, None), "持平");
        // A complaint rate that rises is not an improvement.
        assert_eq!(change_phrase(0.0012, None, "%", Better::Lower, Some(2)), "上升0.12个百分点");
        assert_eq!(change_phrase(-0.0012, None, "%", Better::Lower, Some(2)), "下降0.12个百分点");

        assert_eq!(change_phrase(f64::NAN, None, "%", Better::Higher, None), MISSING);
        assert_eq!(Better::Lower.is_good(-1.2), Some(true));
        assert_eq!(Better::Higher.is_good(-0.1), Some(false));
        assert_eq!(Better::Neither.is_good(5.0), None);
    }

    #[test]
    fn codes() {
        assert_eq!(by_code(1234.5, "#,##0"), "1,235");
        assert_eq!(by_code(0.3821, "0.0%"), "38.2%");
        assert_eq!(by_code(0.05, "+0.0%"), "+5.0%");
        assert_eq!(by_code(12_345_678.0, "万"), "1,234.6万");
        assert_eq!(by_code(1.23456, "0.00"), "1.23");
    }
}
