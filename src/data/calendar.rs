//! The Chinese e-commerce year: the promotions that make a week or a month
//! unlike the one before (年货节, 38节, 618, 99, 双11, 双12), with the usual
//! dates of each year, and the spec's own dates where a shop's differ.
//!
//! A comparison whose period or base contains a promotion says so, and a
//! peak day or month that falls in one is named by it.

use super::date::Date;
use super::period::Period;

/// A promotion: its name and days (presale included).
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub name: String,
    pub start: Date,
    pub end: Date,
    /// The day the promotion is named after (6/18, 11/11), or its last.
    pub peak: Date,
}

/// The promotions that make their month unlike the others.
const MAJOR: &[&str] = &["618", "双11", "双12"];

/// The promotions of every year the decks look at.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    /// Dates the spec gives for a promotion of a year, by name and year.
    own: Vec<Event>,
}

/// A day of the year: (month, day).
type Md = (u32, u32);

/// The usual days of each promotion: (name, start, end, peak).
const USUAL: &[(&str, Md, Md, Md)] = &[
    ("年货节", (1, 8), (1, 20), (1, 20)),
    ("38节", (3, 1), (3, 8), (3, 8)),
    ("618", (5, 20), (6, 18), (6, 18)),
    ("99大促", (9, 1), (9, 9), (9, 9)),
    ("双11", (10, 20), (11, 11), (11, 11)),
    ("双12", (12, 1), (12, 12), (12, 12)),
];

impl Calendar {
    /// The usual calendar, with the spec's dates (`calendar: {双11: 2026-10-24..2026-11-11}`)
    /// in place of the usual ones for their year.
    pub fn new(own: &std::collections::BTreeMap<String, String>) -> Result<Calendar, String> {
        let mut out = Vec::new();
        for (name, range) in own {
            for part in range.split([',', '，']).map(str::trim).filter(|p| !p.is_empty()) {
                let (a, b) = part.split_once("..").unwrap_or((part, part));
                let day = |s: &str| match super::date::parse_text(s.trim()) {
                    Some(super::date::DateText::Day(d)) => Ok(d),
                    _ => {
                        Err(format!("`{s}` in `calendar: {{{name}: …}}` is not a date (write 2026-10-20..2026-11-11)"))
                    }
                };
                let (start, end) = (day(a)?, day(b)?);
                if end < start {
                    return Err(format!("`calendar: {{{name}: {part}}}` ends before it starts"));
                }
                out.push(Event { name: name.clone(), start, end, peak: end });
            }
        }
        Ok(Calendar { own: out })
    }

    /// The promotions of year `y`.
    pub fn year(&self, y: i32) -> Vec<Event> {
        let mut v: Vec<Event> = self.own.iter().filter(|e| e.start.y == y || e.end.y == y).cloned().collect();
        for (name, s, e, p) in USUAL {
            if v.iter().any(|x| x.name == *name && x.start.y == y) {
                continue;
            }
            let d = |(m, dd): (u32, u32)| Date { y, m, d: dd };
            v.push(Event { name: name.to_string(), start: d(*s), end: d(*e), peak: d(*p) });
        }
        v.sort_by_key(|e| e.start);
        v
    }

    /// The promotions with days inside `p`.
    pub fn within(&self, p: &Period) -> Vec<Event> {
        (p.start.y..=p.end.y).flat_map(|y| self.year(y)).filter(|e| e.start <= p.end && p.start <= e.end).collect()
    }

    /// The promotion whose days include `d`.
    pub fn on(&self, d: Date) -> Option<Event> {
        self.year(d.y).into_iter().find(|e| e.start <= d && d <= e.end)
    }

    /// The promotion named by a part of a period: a day inside one, or a
    /// month or week that holds its peak day.
    pub fn naming(&self, part: &Period) -> Option<Event> {
        if part.days() == 1 {
            return self.on(part.start);
        }
        // A month or week is named only by the big ones.
        self.within(part).into_iter().find(|e| part.contains(e.peak) && MAJOR.contains(&e.name.as_str()))
    }

    /// What a comparison of `p` with `base` should say about promotions:
    /// `上周含双11`, or `本月含618` when only one of the two has one.
    pub fn note(&self, p: &Period, base: &Period, base_word: &str, this_word: &str) -> Option<String> {
        // A period with the peak day holds the promotion; one with only days
        // before it holds its presale (`本月含双11预售`).
        let names = |q: &Period| -> Vec<String> {
            let mut v: Vec<String> = self
                .within(q)
                .into_iter()
                .map(|e| if q.contains(e.peak) { e.name } else { format!("{}预售", e.name) })
                .collect();
            v.dedup();
            v
        };
        let (now, then) = (names(p), names(base));
        let only_then: Vec<&String> = then.iter().filter(|n| !now.contains(n)).collect();
        let only_now: Vec<&String> = now.iter().filter(|n| !then.contains(n)).collect();
        let join = |v: &[&String]| v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("、");
        match (only_now.is_empty(), only_then.is_empty()) {
            (true, true) => None,
            (true, false) => Some(format!("{base_word}含{}", join(&only_then))),
            (false, true) => Some(format!("{this_word}含{}", join(&only_now))),
            (false, false) => Some(format!("{this_word}含{}，{base_word}含{}", join(&only_now), join(&only_then))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::period::Period;

    #[test]
    fn a_week_after_double_eleven_says_so() {
        let c = Calendar::default();
        let w47 = Period::week(2026, 47);
        assert_eq!(c.note(&w47, &w47.prev(), "上周", "本周").as_deref(), Some("上周含双11"));
        // W45 is in 双11's presale: said as such.
        assert_eq!(
            c.note(&w47.prev(), &w47.prev().prev(), "上周", "本周").as_deref(),
            Some("本周含双11，上周含双11预售")
        );
        let oct = Period::month(2026, 10);
        assert_eq!(c.note(&oct, &oct.prev(), "上月", "本月").as_deref(), Some("本月含双11预售，上月含99大促"));
        let june = Period::month(2026, 6);
        assert_eq!(c.note(&june, &june.last_year(), "去年同期", "本月"), None);
        assert_eq!(c.naming(&Period::day(Date { y: 2026, m: 6, d: 1 })).map(|e| e.name).as_deref(), Some("618"));
        assert_eq!(c.naming(&Period::month(2026, 12)).map(|e| e.name).as_deref(), Some("双12"));
        assert_eq!(c.naming(&Period::month(2026, 7)), None);
        let own: std::collections::BTreeMap<String, String> =
            [("双11".to_string(), "2026-10-24..2026-11-12".to_string())].into();
        let c = Calendar::new(&own).unwrap();
        assert_eq!(c.year(2026).iter().find(|e| e.name == "双11").map(|e| e.start.d), Some(24));
        assert_eq!(c.year(2025).iter().find(|e| e.name == "双11").map(|e| e.start.d), Some(20));
    }
}
