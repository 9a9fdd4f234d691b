//! Reporting periods: a day, ISO week, month, quarter or year; the previous
//! one (环比) and the same one last year (同比); sub-periods for trends; and
//! the `--period` syntax.

use super::date::{Date, DateText, parse_text};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grain {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl Grain {
    pub fn parse(s: &str) -> Option<Grain> {
        Some(match s.trim() {
            "day" | "days" | "日" | "天" => Grain::Day,
            "week" | "weeks" | "周" => Grain::Week,
            "month" | "months" | "月" => Grain::Month,
            "quarter" | "quarters" | "季度" => Grain::Quarter,
            "year" | "years" | "年" => Grain::Year,
            _ => return None,
        })
    }

    /// The Chinese word for comparing with the previous period.
    pub fn prev_word(self) -> &'static str {
        match self {
            Grain::Year => "同比",
            _ => "环比",
        }
    }
}

/// A period: inclusive start and end dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    pub grain: Grain,
    pub start: Date,
    pub end: Date,
}

const WEEKDAYS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
const QUARTERS: [&str; 4] = ["一", "二", "三", "四"];

impl Period {
    pub fn day(d: Date) -> Period {
        Period { grain: Grain::Day, start: d, end: d }
    }

    pub fn week(y: i32, w: u32) -> Period {
        let start = Date::iso_week_start(y, w);
        Period { grain: Grain::Week, start, end: start.add_days(6) }
    }

    pub fn month(y: i32, m: u32) -> Period {
        let start = Date { y, m, d: 1 };
        Period { grain: Grain::Month, start, end: Date { y, m, d: super::date::days_in_month(y, m) } }
    }

    pub fn quarter(y: i32, q: u32) -> Period {
        let start = Date { y, m: (q - 1) * 3 + 1, d: 1 };
        let end_m = q * 3;
        Period { grain: Grain::Quarter, start, end: Date { y, m: end_m, d: super::date::days_in_month(y, end_m) } }
    }

    pub fn year(y: i32) -> Period {
        Period { grain: Grain::Year, start: Date { y, m: 1, d: 1 }, end: Date { y, m: 12, d: 31 } }
    }

    /// The period of `grain` that contains `d`.
    pub fn containing(d: Date, grain: Grain) -> Period {
        match grain {
            Grain::Day => Period::day(d),
            Grain::Week => {
                let (y, w) = d.iso_week();
                Period::week(y, w)
            }
            Grain::Month => Period::month(d.y, d.m),
            Grain::Quarter => Period::quarter(d.y, (d.m - 1) / 3 + 1),
            Grain::Year => Period::year(d.y),
        }
    }

    pub fn contains(&self, d: Date) -> bool {
        self.start <= d && d <= self.end
    }

    /// The whole calendar period this one lies in (itself unless partial).
    pub fn natural(&self) -> Period {
        Period::containing(self.start, self.grain)
    }

    /// Whether only some of the period's days are covered (a week with 4
    /// days of data, the month so far, a year to date).
    pub fn is_partial(&self) -> bool {
        *self != self.natural()
    }

    /// The days of this period that fall within `first..=last`; `None` when none do.
    pub fn clip(&self, first: Date, last: Date) -> Option<Period> {
        let (start, end) = (self.start.max(first), self.end.min(last));
        (start <= end).then_some(Period { grain: self.grain, start, end })
    }

    /// The same days of another calendar period of this grain: a 4-day
    /// week's Monday to Thursday, a month's 1st to 2nd, a year's 1月1日 to
    /// 11月30日. Whole periods map to whole periods.
    fn same_days_in(&self, other: Period, months_back: i32) -> Period {
        if !self.is_partial() {
            return other;
        }
        let n = self.natural();
        let (start, end) = match self.grain {
            Grain::Day | Grain::Week => {
                let off = |d: Date| other.start.add_days(d.days() - n.start.days());
                (off(self.start), off(self.end))
            }
            _ => (self.start.add_months(-months_back), self.end.add_months(-months_back)),
        };
        // A month shorter than the one compared (30 Mar → 28 Feb) is cut to its end.
        let (start, end) = (start.max(other.start).min(other.end), end.min(other.end).max(other.start));
        Period { grain: self.grain, start, end }
    }

    fn months_in(grain: Grain) -> i32 {
        match grain {
            Grain::Month => 1,
            Grain::Quarter => 3,
            Grain::Year => 12,
            Grain::Day | Grain::Week => 0,
        }
    }

    /// The period just before (环比): for a partial period, the same days
    /// of the period before, so that like is compared with like.
    pub fn prev(&self) -> Period {
        let n = self.natural();
        let before = Period::containing(n.start.add_days(-1), self.grain);
        self.same_days_in(before, Period::months_in(self.grain))
    }

    /// The whole period just after.
    pub fn next(&self) -> Period {
        Period::containing(self.natural().end.add_days(1), self.grain)
    }

    /// The same period one year earlier (同比); a partial period's same days
    /// of it. Week 53 maps to week 52.
    pub fn last_year(&self) -> Period {
        let n = self.natural();
        let whole = match self.grain {
            Grain::Week => {
                let (y, w) = n.start.iso_week();
                Period::week(y - 1, w.min(Date::iso_weeks_in(y - 1)))
            }
            Grain::Day => Period::day(n.start.add_months(-12)),
            _ => Period::containing(n.start.add_months(-12), self.grain),
        };
        self.same_days_in(whole, 12)
    }

    /// The finer grain a period is read in part by part: the months of a
    /// year or quarter, the days of a month or week; a day has no parts.
    pub fn part_grain(&self) -> Option<Grain> {
        match self.grain {
            Grain::Year | Grain::Quarter => Some(Grain::Month),
            Grain::Month | Grain::Week => Some(Grain::Day),
            Grain::Day => None,
        }
    }

    /// The periods of `grain` that make up this one, in order. Weeks that
    /// run over the edges (a month's first and last weeks) are cut to the
    /// days inside, so the parts add up to the whole.
    pub fn parts(&self, grain: Grain) -> Vec<Period> {
        let mut out = Vec::new();
        let mut p = Period::containing(self.start, grain);
        while p.start <= self.end {
            out.push(Period { grain: p.grain, start: p.start.max(self.start), end: p.end.min(self.end) });
            p = p.next();
        }
        out
    }

    /// Machine key: `2026`, `2026-Q3`, `2026-11`, `2026-W47`, `2026-11-03`.
    pub fn key(&self) -> String {
        match self.grain {
            Grain::Year => format!("{}", self.start.y),
            Grain::Quarter => format!("{}-Q{}", self.start.y, (self.start.m - 1) / 3 + 1),
            Grain::Month => format!("{}-{:02}", self.start.y, self.start.m),
            Grain::Week => {
                let (y, w) = self.start.iso_week();
                format!("{y}-W{w:02}")
            }
            Grain::Day => self.start.to_string(),
        }
    }

    /// A key that also tells partial periods apart: `2026-W53@2026-12-28..2026-12-31`.
    pub fn key_exact(&self) -> String {
        if self.is_partial() { format!("{}@{}..{}", self.key(), self.start, self.end) } else { self.key() }
    }

    /// How a person names it: `2026年`, `2026年第三季度`, `2026年11月`,
    /// `2026年第47周（11.16–11.22）`, `2026年11月3日`. A partial period says
    /// which days it covers: `2026年第53周（12.28–12.31，4天）`,
    /// `2026年12月1–2日（2天）`, `2026年1–11月`.
    pub fn label(&self) -> String {
        let (s, e) = (self.start, self.end);
        let days = self.days();
        if self.is_partial() {
            let whole_months = s.d == 1 && e.add_days(1).d == 1;
            return match self.grain {
                Grain::Year | Grain::Quarter if whole_months && s.m == e.m => format!("{}年{}月", s.y, s.m),
                Grain::Year | Grain::Quarter if whole_months => format!("{}年{}–{}月", s.y, s.m, e.m),
                Grain::Year | Grain::Quarter => {
                    format!("{}（{}.{}–{}.{}，{days}天）", self.natural().label(), s.m, s.d, e.m, e.d)
                }
                Grain::Month if s == e => format!("{}年{}月{}日（1天）", s.y, s.m, s.d),
                Grain::Month => format!("{}年{}月{}–{}日（{days}天）", s.y, s.m, s.d, e.d),
                Grain::Week => {
                    let (y, w) = s.iso_week();
                    format!("{y}年第{w}周（{}.{}–{}.{}，{days}天）", s.m, s.d, e.m, e.d)
                }
                Grain::Day => format!("{}年{}月{}日", s.y, s.m, s.d),
            };
        }
        match self.grain {
            Grain::Year => format!("{}年", s.y),
            Grain::Quarter => format!("{}年第{}季度", s.y, QUARTERS[((s.m - 1) / 3) as usize]),
            Grain::Month => format!("{}年{}月", s.y, s.m),
            Grain::Week => {
                let (y, w) = s.iso_week();
                format!("{y}年第{w}周（{}.{}–{}.{}）", s.m, s.d, e.m, e.d)
            }
            Grain::Day => format!("{}年{}月{}日", s.y, s.m, s.d),
        }
    }

    /// A short label for a chart category: `11月`, `第三季度`, `第47周`, `11/03`, `11/16 周一`.
    pub fn short_label(&self, within: Grain) -> String {
        match self.grain {
            Grain::Year => format!("{}年", self.start.y),
            Grain::Quarter => format!("第{}季度", QUARTERS[((self.start.m - 1) / 3) as usize]),
            Grain::Month => format!("{}月", self.start.m),
            Grain::Week => {
                let (_, w) = self.start.iso_week();
                format!("第{w}周")
            }
            Grain::Day if within == Grain::Week => {
                format!("{}/{:02} {}", self.start.m, self.start.d, WEEKDAYS[(self.start.weekday() - 1) as usize])
            }
            Grain::Day => format!("{}/{:02}", self.start.m, self.start.d),
        }
    }

    /// Number of days.
    pub fn days(&self) -> i64 {
        self.end.days() - self.start.days() + 1
    }
}

/// What the data covers: the first and last date found in date columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub first: Date,
    pub last: Date,
}

impl Span {
    /// The last period of `grain` that the data covers completely.
    pub fn latest_complete(&self, grain: Grain) -> Option<Period> {
        let mut p = Period::containing(self.last, grain);
        if p.end > self.last {
            p = p.prev();
        }
        (p.start >= self.first).then_some(p)
    }
}

/// Parses a period as written in a spec or on the command line.
///
/// Absolute: `2026`, `2026-Q3`, `2026Q3`, `2026-11`, `2026年11月`, `2026-W47`,
/// `2026W47`, `2026-11-03`. Relative to today: `this-week`, `last-week`,
/// `this-month`, `last-month`, `this-quarter`, `last-quarter`, `this-year`,
/// `last-year`, `yesterday`. Relative to the data: `latest-week`,
/// `latest-month`, `latest-quarter`, `latest-year` (the one the data's last
/// day is in, up to that day: a year to date when the year is not over).
pub fn parse(s: &str, today: Date, span: Option<Span>) -> Result<Period> {
    let t = s.trim().to_lowercase().replace('_', "-");
    let rel = |grain: Grain, back: i32| {
        let mut p = Period::containing(today, grain);
        for _ in 0..back {
            p = p.prev();
        }
        p
    };
    let p = match t.as_str() {
        "today" => Some(Period::day(today)),
        "yesterday" => Some(Period::day(today.add_days(-1))),
        "this-week" => Some(rel(Grain::Week, 0)),
        "last-week" => Some(rel(Grain::Week, 1)),
        "this-month" => Some(rel(Grain::Month, 0)),
        "last-month" => Some(rel(Grain::Month, 1)),
        "this-quarter" => Some(rel(Grain::Quarter, 0)),
        "last-quarter" => Some(rel(Grain::Quarter, 1)),
        "this-year" => Some(rel(Grain::Year, 0)),
        "last-year" => Some(rel(Grain::Year, 1)),
        _ => None,
    };
    if let Some(p) = p {
        // `last-week` (month…) is the last one that is over *and* complete in
        // the data: a workbook not yet updated gives the week before, never
        // a week with missing days.
        if t.starts_with("last-")
            && let Some(latest) = span.and_then(|s| s.latest_complete(p.grain))
            && latest.start < p.start
        {
            return Ok(latest);
        }
        return Ok(p);
    }

    latest_with_data(s, &t, span)
}

/// When `s` is a `last-*` period that the data does not yet cover (a
/// workbook not updated since): the period reported and the calendar's it
/// stands for, so that a run from a scheduler can say so.
pub fn behind_calendar(s: &str, today: Date, span: Option<Span>) -> Option<(Period, Period)> {
    let t = s.trim().to_lowercase().replace('_', "-");
    if !t.starts_with("last-") {
        return None;
    }
    let calendar = parse(s, today, None).ok()?;
    let reported = parse(s, today, span).ok()?;
    (reported.key() != calendar.key()).then_some((reported, calendar))
}

/// `latest-*` and the absolute forms.
fn latest_with_data(s: &str, t: &str, span: Option<Span>) -> Result<Period> {
    if let Some(g) = t.strip_prefix("latest-").and_then(Grain::parse) {
        let span = span.ok_or_else(|| {
            Error::usage(format!("period `{s}` needs dated data"))
                .hint("no table with a date column was found; give the period, e.g. `--period 2026`")
        })?;
        // The one the data's last day falls in; cut to the days with data
        // when it is not over (a year to date, the month so far).
        return Ok(Period::containing(span.last, g).clip(span.first, span.last).unwrap_or(Period::day(span.last)));
    }
    if let Ok(y) = t.trim_end_matches('年').parse::<i32>()
        && (1000..=9999).contains(&y)
    {
        return Ok(Period::year(y));
    }
    for sep in ["-w", "w", "-第"] {
        if let Some((y, w)) = t.split_once(sep)
            && let (Ok(y), Ok(w)) = (y.trim_end_matches('年').parse::<i32>(), w.trim_end_matches('周').parse::<u32>())
        {
            if w == 0 || w > Date::iso_weeks_in(y) {
                return Err(Error::usage(format!("{y} has no ISO week {w}"))
                    .hint(format!("weeks run 1 to {}", Date::iso_weeks_in(y))));
            }
            return Ok(Period::week(y, w));
        }
    }
    for sep in ["-q", "q"] {
        if let Some((y, q)) = t.split_once(sep)
            && let (Ok(y), Ok(q)) = (y.parse::<i32>(), q.parse::<u32>())
            && (1..=4).contains(&q)
        {
            return Ok(Period::quarter(y, q));
        }
    }
    match parse_text(t) {
        Some(DateText::Day(d)) => Ok(Period::day(d)),
        Some(DateText::Month(y, m)) => Ok(Period::month(y, m)),
        _ => Err(Error::usage(format!("cannot read the period `{s}`")).hint(
            "write a year (2026), quarter (2026-Q3), month (2026-11), ISO week (2026-W47), day (2026-11-03), \
             last-week, this-month, latest-month…",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> Date {
        Date::new(y, m, dd).unwrap()
    }

    #[test]
    fn parsing() {
        let today = d(2026, 11, 23);
        assert_eq!(parse("2026", today, None).unwrap(), Period::year(2026));
        assert_eq!(parse("2026-11", today, None).unwrap(), Period::month(2026, 11));
        assert_eq!(parse("2026-W47", today, None).unwrap().start, d(2026, 11, 16));
        assert_eq!(parse("2026-Q3", today, None).unwrap().end, d(2026, 9, 30));
        assert_eq!(parse("last-week", today, None).unwrap().key(), "2026-W47");
        assert_eq!(parse("this-month", today, None).unwrap().key(), "2026-11");
        assert_eq!(parse("last-month", today, None).unwrap().key(), "2026-10");
        assert!(parse("2026-W54", today, None).is_err());
        assert!(parse("someday", today, None).is_err());
        let span = Span { first: d(2025, 1, 1), last: d(2026, 12, 31) };
        assert_eq!(parse("latest-week", today, Some(span)).unwrap().key(), "2026-W53");
        assert_eq!(parse("latest-month", today, Some(span)).unwrap().key(), "2026-12");
        let span = Span { first: d(2025, 1, 1), last: d(2026, 11, 20) };
        let mtd = parse("latest-month", today, Some(span)).unwrap();
        assert_eq!((mtd.key().as_str(), mtd.label().as_str()), ("2026-11", "2026年11月1–20日（20天）"));
        let ytd = parse("latest-year", today, Some(span)).unwrap();
        assert_eq!((ytd.key().as_str(), ytd.days()), ("2026", 324));
        // last-week: the calendar's when the data holds it, else the data's last complete week.
        assert_eq!(parse("last-week", today, Some(span)).unwrap().key(), "2026-W46");
        let full = Span { first: d(2025, 1, 1), last: d(2026, 12, 31) };
        assert_eq!(parse("last-week", today, Some(full)).unwrap().key(), "2026-W47");
        assert_eq!(parse("last-month", today, Some(full)).unwrap().key(), "2026-10");
        // A workbook not updated: the calendar's week, for the warning.
        let (reported, calendar) = behind_calendar("last-week", today, Some(span)).unwrap();
        assert_eq!((reported.key().as_str(), calendar.key().as_str()), ("2026-W46", "2026-W47"));
        assert_eq!(behind_calendar("last-week", today, Some(full)), None);
        assert_eq!(behind_calendar("latest-week", today, Some(span)), None);
        assert_eq!(behind_calendar("2026-W40", today, Some(span)), None);
    }

    #[test]
    fn comparisons() {
        let m = Period::month(2026, 3);
        assert_eq!(m.prev().key(), "2026-02");
        assert_eq!(m.last_year().key(), "2025-03");
        assert_eq!(Period::month(2026, 1).prev().key(), "2025-12");
        let w = Period::week(2026, 53);
        assert_eq!(w.last_year().key(), "2025-W52");
        assert_eq!(Period::week(2026, 1).prev().key(), "2025-W52");
        assert_eq!(Period::year(2026).prev(), Period::year(2025));
        assert_eq!(Period::quarter(2026, 1).prev().key(), "2025-Q4");
    }

    #[test]
    fn parts_and_labels() {
        let y = Period::year(2026);
        let months = y.parts(Grain::Month);
        assert_eq!(months.len(), 12);
        assert_eq!(months[0].short_label(Grain::Year), "1月");
        let w = Period::week(2026, 47);
        let days = w.parts(Grain::Day);
        assert_eq!(days.len(), 7);
        assert_eq!(days[0].short_label(Grain::Week), "11/16 周一");
        assert_eq!(w.label(), "2026年第47周（11.16–11.22）");
        assert_eq!(Period::quarter(2026, 3).label(), "2026年第三季度");
        assert_eq!(Period::month(2026, 2).parts(Grain::Day).len(), 28);
    }

    #[test]
    fn weeks_of_a_month_are_cut_to_the_month() {
        // December 2026 starts on a Tuesday (week 49) and ends on a Thursday (week 53).
        let weeks = Period::month(2026, 12).parts(Grain::Week);
        let keys: Vec<String> = weeks.iter().map(Period::key).collect();
        assert_eq!(keys, ["2026-W49", "2026-W50", "2026-W51", "2026-W52", "2026-W53"]);
        assert_eq!(weeks[0].start.to_string(), "2026-12-01");
        assert_eq!(weeks[4].end.to_string(), "2026-12-31");
        let days: i64 = weeks.iter().map(|w| w.end.days() - w.start.days() + 1).sum();
        assert_eq!(days, 31);
    }
}

#[cfg(test)]
mod partial {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> Date {
        Date::new(y, m, dd).unwrap()
    }

    #[test]
    fn a_short_week_is_compared_with_the_same_weekdays() {
        // 2026-W53 runs Mon 12-28 … Sun 2027-01-03; the data ends on Thursday 12-31.
        let w = Period::week(2026, 53).clip(d(2025, 1, 1), d(2026, 12, 31)).unwrap();
        assert!(w.is_partial());
        assert_eq!(w.days(), 4);
        assert_eq!(w.label(), "2026年第53周（12.28–12.31，4天）");
        assert_eq!(w.key(), "2026-W53");
        let p = w.prev();
        assert_eq!((p.start, p.end, p.key()), (d(2026, 12, 21), d(2026, 12, 24), "2026-W52".to_string()));
        let ly = w.last_year();
        assert_eq!((ly.start, ly.end), (d(2025, 12, 22), d(2025, 12, 25)));
        assert_eq!(w.next().key(), "2027-W01");
        assert!(!w.next().is_partial());
    }

    #[test]
    fn a_week_cut_at_the_start_of_the_data() {
        // 2025-W01 is Mon 2024-12-30 … Sun 2025-01-05; the data starts on 2025-01-01.
        let w = Period::week(2025, 1).clip(d(2025, 1, 1), d(2026, 12, 31)).unwrap();
        assert_eq!(w.days(), 5);
        assert_eq!(w.label(), "2025年第1周（1.1–1.5，5天）");
        let p = w.prev();
        assert_eq!((p.start, p.end), (d(2024, 12, 25), d(2024, 12, 29)));
    }

    #[test]
    fn month_and_year_to_date() {
        let m = Period::month(2026, 12).clip(d(2025, 1, 1), d(2026, 12, 2)).unwrap();
        assert_eq!(m.label(), "2026年12月1–2日（2天）");
        assert_eq!((m.prev().start, m.prev().end), (d(2026, 11, 1), d(2026, 11, 2)));
        assert_eq!((m.last_year().start, m.last_year().end), (d(2025, 12, 1), d(2025, 12, 2)));
        let y = Period::year(2026).clip(d(2025, 1, 1), d(2026, 11, 30)).unwrap();
        assert_eq!(y.label(), "2026年1–11月");
        assert_eq!((y.last_year().start, y.last_year().end), (d(2025, 1, 1), d(2025, 11, 30)));
        assert_eq!(y.parts(Grain::Month).len(), 11);
        let y = Period::year(2026).clip(d(2025, 1, 1), d(2026, 8, 17)).unwrap();
        assert_eq!(y.label(), "2026年（1.1–8.17，229天）");
        // 30 March has no match in February: the comparison ends on the 28th.
        let m = Period::month(2026, 3).clip(d(2025, 1, 1), d(2026, 3, 30)).unwrap();
        assert_eq!((m.prev().start, m.prev().end), (d(2026, 2, 1), d(2026, 2, 28)));
        // Whole periods are unchanged.
        assert_eq!(Period::month(2026, 3).prev(), Period::month(2026, 2));
        assert_eq!(Period::year(2026).clip(d(2025, 1, 1), d(2026, 12, 31)), Some(Period::year(2026)));
        assert_eq!(Period::year(2027).clip(d(2025, 1, 1), d(2026, 12, 31)), None);
    }
}
