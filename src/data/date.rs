//! Calendar dates without a time zone: civil-day arithmetic, ISO weeks,
//! Excel serial numbers, and dates as people type them in Chinese sheets
//! (2026/11/03, 2026-11-03, 2026年11月3日, 2026年11月, 11月).

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub y: i32,
    pub m: u32,
    pub d: u32,
}

pub fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        _ => 28,
    }
}

impl Date {
    pub fn new(y: i32, m: u32, d: u32) -> Option<Date> {
        ((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m) && (1000..=9999).contains(&y)).then_some(Date {
            y,
            m,
            d,
        })
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    pub fn days(self) -> i64 {
        let y = if self.m <= 2 { self.y as i64 - 1 } else { self.y as i64 };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = self.m as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.d as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        Date { y: (if m <= 2 { y + 1 } else { y }) as i32, m, d }
    }

    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.days() + n)
    }

    /// Adds months, clamping the day to the month's length.
    pub fn add_months(self, n: i32) -> Date {
        let total = self.y * 12 + self.m as i32 - 1 + n;
        let (y, m) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
        Date { y, m, d: self.d.min(days_in_month(y, m)) }
    }

    /// 1 = Monday … 7 = Sunday.
    pub fn weekday(self) -> u32 {
        ((self.days() + 3).rem_euclid(7) + 1) as u32
    }

    /// ISO 8601 week-numbering year and week.
    pub fn iso_week(self) -> (i32, u32) {
        let thursday = self.add_days(4 - self.weekday() as i64);
        let jan1 = Date { y: thursday.y, m: 1, d: 1 };
        (thursday.y, ((thursday.days() - jan1.days()) / 7 + 1) as u32)
    }

    /// The Monday of ISO week `w` of year `y`.
    pub fn iso_week_start(y: i32, w: u32) -> Date {
        let jan4 = Date { y, m: 1, d: 4 };
        jan4.add_days(-(jan4.weekday() as i64 - 1) + 7 * (w as i64 - 1))
    }

    /// Number of ISO weeks in year `y` (52 or 53).
    pub fn iso_weeks_in(y: i32) -> u32 {
        Date { y, m: 12, d: 28 }.iso_week().1
    }

    /// A date from an Excel serial number (1900 date system).
    pub fn from_excel(serial: f64) -> Option<Date> {
        if !(1.0..2_958_466.0).contains(&serial) {
            return None;
        }
        // Day 0 is 1899-12-30 for every serial after Excel's fictional 1900-02-29.
        Some(Date { y: 1899, m: 12, d: 30 }.add_days(serial.floor() as i64))
    }

    pub fn to_excel(self) -> f64 {
        (self.days() - Date { y: 1899, m: 12, d: 30 }.days()) as f64
    }

    /// Today's date (UTC+8, where the users are). `DECKGEN_TODAY=YYYY-MM-DD`
    /// overrides it, for tests and for re-running a past week.
    pub fn today() -> Date {
        if let Ok(s) = std::env::var("DECKGEN_TODAY")
            && let Some(DateText::Day(d)) = parse_text(&s)
        {
            return d;
        }
        let secs =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
        Date::from_days((secs + 8 * 3600).div_euclid(86_400))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

/// What a piece of date text names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateText {
    Day(Date),
    /// A whole month (`2026年11月`, `2026-11`).
    Month(i32, u32),
    /// A month without a year (`11月`): the year comes from the context.
    MonthOnly(u32),
}

fn num_prefix(s: &str) -> Option<(u32, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if end == 0 || end > 4 {
        return None;
    }
    Some((s[..end].parse().ok()?, &s[end..]))
}

/// Parses date text: `2026/11/03`, `2026-11-3`, `2026.11.03`, `2026年11月3日`,
/// `20261103`, `2026/11/03 00:00:00`, `2026年11月`, `2026-11`, `11月`.
pub fn parse_text(s: &str) -> Option<DateText> {
    let s = s.trim();
    let s = s.split([' ', 'T']).next().unwrap_or(s);
    if s.len() == 8 && s.chars().all(|c| c.is_ascii_digit()) {
        let (y, m, d) = (s[..4].parse().ok()?, s[4..6].parse().ok()?, s[6..].parse().ok()?);
        return Date::new(y, m, d).map(DateText::Day);
    }
    let (a, rest) = num_prefix(s)?;
    if let Some(r) = rest.strip_prefix('月') {
        return (r.is_empty() && (1..=12).contains(&a)).then_some(DateText::MonthOnly(a));
    }
    let sep_rest = rest.strip_prefix(['/', '-', '.', '年'])?;
    let (b, rest2) = num_prefix(sep_rest)?;
    if !(1000..=9999).contains(&a) {
        return None;
    }
    let rest2 = rest2.strip_prefix('月').unwrap_or(rest2);
    if rest2.is_empty() {
        return ((1..=12).contains(&b)).then_some(DateText::Month(a as i32, b));
    }
    let rest3 = rest2.strip_prefix(['/', '-', '.']).unwrap_or(rest2);
    let (c, tail) = num_prefix(rest3)?;
    if !(tail.is_empty() || tail == "日" || tail == "号") {
        return None;
    }
    Date::new(a as i32, b, c).map(DateText::Day)
}

/// `2026-11-23T10:00:00Z` from seconds since the epoch.
pub fn iso_timestamp(secs: i64) -> String {
    let d = Date::from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!("{d}T{:02}:{:02}:{:02}Z", s / 3600, s % 3600 / 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        for z in [-1000, 0, 1, 20_000, 20_415, 40_000] {
            assert_eq!(Date::from_days(z).days(), z);
        }
        assert_eq!(Date::new(2026, 11, 23).unwrap().weekday(), 1);
        assert_eq!(Date::new(1970, 1, 1).unwrap().days(), 0);
    }

    #[test]
    fn iso_weeks() {
        // 2026-11-16 … 22 is ISO week 47; 2026 has 53 weeks; 2021-01-03 is in 2020-W53.
        assert_eq!(Date::new(2026, 11, 18).unwrap().iso_week(), (2026, 47));
        assert_eq!(Date::iso_week_start(2026, 47), Date::new(2026, 11, 16).unwrap());
        assert_eq!(Date::iso_weeks_in(2026), 53);
        assert_eq!(Date::iso_weeks_in(2025), 52);
        assert_eq!(Date::new(2021, 1, 3).unwrap().iso_week(), (2020, 53));
        assert_eq!(Date::new(2024, 12, 30).unwrap().iso_week(), (2025, 1));
    }

    #[test]
    fn excel_serials() {
        assert_eq!(Date::from_excel(46_329.0), Date::new(2026, 11, 3));
        assert_eq!(Date::new(2026, 11, 3).unwrap().to_excel(), 46_329.0);
        assert_eq!(Date::from_excel(-5.0), None);
    }

    #[test]
    fn date_text() {
        let d = |y, m, dd| Some(DateText::Day(Date::new(y, m, dd).unwrap()));
        assert_eq!(parse_text("2026/11/03"), d(2026, 11, 3));
        assert_eq!(parse_text("2026-11-3"), d(2026, 11, 3));
        assert_eq!(parse_text("2026年11月3日"), d(2026, 11, 3));
        assert_eq!(parse_text("20261103"), d(2026, 11, 3));
        assert_eq!(parse_text("2026/11/03 00:00:00"), d(2026, 11, 3));
        assert_eq!(parse_text("2026年11月"), Some(DateText::Month(2026, 11)));
        assert_eq!(parse_text("2026-11"), Some(DateText::Month(2026, 11)));
        assert_eq!(parse_text("11月"), Some(DateText::MonthOnly(11)));
        assert_eq!(parse_text("2026-13-01"), None);
        assert_eq!(parse_text("2026/02/30"), None);
        assert_eq!(parse_text("店铺"), None);
        assert_eq!(parse_text("38.2%"), None);
    }

    #[test]
    fn months() {
        let d = Date::new(2026, 1, 31).unwrap();
        assert_eq!(d.add_months(1), Date::new(2026, 2, 28).unwrap());
        assert_eq!(d.add_months(-2), Date::new(2025, 11, 30).unwrap());
        assert_eq!(iso_timestamp(0), "1970-01-01T00:00:00Z");
    }
}
