//! Cell values as people type them: numbers, percents stored as 0.382 or as
//! the text "38.2%", thousands separators, 万/亿 suffixes, currency signs,
//! Excel serial dates and date text.

use super::date::{Date, DateText, parse_text};

/// One cell of a sheet.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell {
    #[default]
    Empty,
    Num(f64),
    Text(String),
    /// A cell Excel stores as a date (its serial number is kept).
    Date(Date),
    Bool(bool),
    /// `#DIV/0!` and friends.
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, as a person would read it.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Num(n) => {
                if *n == n.trunc() && n.abs() < 1e15 {
                    format!("{}", *n as i64)
                } else {
                    format!("{n}")
                }
            }
            Cell::Text(s) => s.trim().to_string(),
            Cell::Date(d) => d.to_string(),
            Cell::Bool(b) => if *b { "是" } else { "否" }.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }

    /// True for a cell that reads as text rather than a number or date.
    pub fn is_text(&self) -> bool {
        matches!(self, Cell::Text(s) if parse_number(s).is_none() && parse_text(s).is_none())
    }
}

/// A number written as text: `1,234.5`, `38.2%`, `1.2万`, `3亿`, `¥1,234`,
/// `-12`, `(12)` for negatives, `18秒`, `4.8分`, ` 12 `. None when it is not one.
pub fn parse_number(s: &str) -> Option<f64> {
    let mut t = s.trim().replace([',', '，', ' ', '\u{a0}'], "");
    if t.is_empty() {
        return None;
    }
    let mut neg = false;
    if t.starts_with('(') && t.ends_with(')') {
        neg = true;
        t = t[1..t.len() - 1].to_string();
    }
    for p in ["¥", "￥", "$", "RMB"] {
        if let Some(r) = t.strip_prefix(p) {
            t = r.to_string();
        }
    }
    // Percents divide (38.2 / 100 is exactly 0.382; 38.2 * 0.01 is not).
    let mut scale = 1.0;
    let mut divide = 1.0;
    for (suffix, k, d) in [
        ("%", 1.0, 100.0),
        ("‰", 1.0, 1000.0),
        ("万元", 1e4, 1.0),
        ("亿元", 1e8, 1.0),
        ("万", 1e4, 1.0),
        ("亿", 1e8, 1.0),
        ("元", 1.0, 1.0),
    ] {
        if let Some(r) = t.strip_suffix(suffix) {
            t = r.to_string();
            scale = k;
            divide = d;
            break;
        }
    }
    for unit in ["秒", "s", "分钟", "分", "人", "次", "件", "单", "个", "条"] {
        if let Some(r) = t.strip_suffix(unit) {
            t = r.to_string();
            break;
        }
    }
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E')) {
        return None;
    }
    if !t.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let v: f64 = t.parse().ok()?;
    let v = v * scale / divide;
    Some(if neg { -v } else { v })
}

/// A cell read as a number: numbers as they are, number text parsed.
/// `Err` carries what was found instead.
pub fn cell_number(c: &Cell) -> Result<Option<f64>, String> {
    match c {
        Cell::Empty => Ok(None),
        Cell::Num(n) => Ok(Some(*n)),
        Cell::Bool(b) => Ok(Some(if *b { 1.0 } else { 0.0 })),
        Cell::Text(s) => {
            let t = s.trim();
            if t.is_empty() || matches!(t, "-" | "—" | "--" | "/" | "无" | "N/A" | "n/a" | "NA") {
                return Ok(None);
            }
            parse_number(t).map(Some).ok_or_else(|| format!("\"{}\"", crate::error::cut(t, 80)))
        }
        Cell::Date(d) => Err(format!("the date {d}")),
        Cell::Error(e) => Err(format!("the error {e}")),
    }
}

/// A cell read as a date (or month); `default_year` completes `11月`.
pub fn cell_date(c: &Cell, default_year: Option<i32>) -> Option<Date> {
    match c {
        Cell::Date(d) => Some(*d),
        Cell::Num(n) if *n > 20_000.0 && *n < 80_000.0 => Date::from_excel(*n),
        Cell::Num(n) if *n >= 190_001.0 && *n <= 999_912.0 && n.trunc() == *n => {
            // 202611 as year and month.
            let (y, m) = ((*n as i64 / 100) as i32, (*n as i64 % 100) as u32);
            Date::new(y, m, 1)
        }
        Cell::Text(s) => match parse_text(s)? {
            DateText::Day(d) => Some(d),
            DateText::Month(y, m) => Date::new(y, m, 1),
            DateText::MonthOnly(m) => Date::new(default_year?, m, 1),
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_typed() {
        assert_eq!(parse_number("1,234.5"), Some(1234.5));
        assert_eq!(parse_number("38.2%"), Some(0.382));
        assert_eq!(parse_number("1.2万"), Some(12000.0));
        assert_eq!(parse_number("3亿"), Some(3e8));
        assert_eq!(parse_number("¥1,234"), Some(1234.0));
        assert_eq!(parse_number("(12)"), Some(-12.0));
        assert_eq!(parse_number("18秒"), Some(18.0));
        assert_eq!(parse_number(" 12 "), Some(12.0));
        assert_eq!(parse_number("A组"), None);
        assert_eq!(parse_number("-"), None);
        assert_eq!(parse_number("2026/11/03"), None);
    }

    #[test]
    fn cells() {
        assert_eq!(cell_number(&Cell::Text("38.2%".into())), Ok(Some(0.382)));
        assert_eq!(cell_number(&Cell::Text("—".into())), Ok(None));
        assert_eq!(cell_number(&Cell::Text("很好".into())), Err("\"很好\"".into()));
        assert_eq!(cell_date(&Cell::Num(46_329.0), None), Date::new(2026, 11, 3));
        assert_eq!(cell_date(&Cell::Text("11月".into()), Some(2026)), Date::new(2026, 11, 1));
        assert_eq!(cell_date(&Cell::Text("11月".into()), None), None);
        assert_eq!(cell_date(&Cell::Num(202611.0), None), Date::new(2026, 11, 1));
        assert!(Cell::Text("客服01".into()).is_text());
        assert!(!Cell::Text("38%".into()).is_text());
    }
}
