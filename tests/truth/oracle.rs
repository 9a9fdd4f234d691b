//! The test's own reading of a deck spec and its workbook: the metrics of
//! the spec evaluated from the cells (read with calamine, not deckgen's
//! reader), with the reporting rules as they are documented — a period cut
//! to the days with figures, like-for-like comparisons, monthly rows
//! covering their month up to the data's last day, peers of the same role —
//! written here a second time, independently of the engine.

use calamine::{Data, Reader};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

// ---------------------------------------------------------------- calendar

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i64); // days since 1970-01-01

pub fn ymd(d: Day) -> (i32, u32, u32) {
    let z = d.0 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let dd = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((yoe + era * 400 + i64::from(m <= 2)) as i32, m, dd)
}

pub fn day(y: i32, m: u32, d: u32) -> Day {
    let y = if m <= 2 { y as i64 - 1 } else { y as i64 };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mm = m as i64;
    let doy = (153 * (if mm > 2 { mm - 3 } else { mm + 9 }) + 2) / 5 + d as i64 - 1;
    Day(era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468)
}

fn month_len(y: i32, m: u32) -> u32 {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    (day(ny, nm, 1).0 - day(y, m, 1).0) as u32
}

fn weekday(d: Day) -> i64 {
    (d.0 + 3).rem_euclid(7) + 1 // 1 = Monday
}

fn add_months(d: Day, n: i32) -> Day {
    let (y, m, dd) = ymd(d);
    let t = y * 12 + m as i32 - 1 + n;
    let (ny, nm) = (t.div_euclid(12), t.rem_euclid(12) as u32 + 1);
    day(ny, nm, dd.min(month_len(ny, nm)))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Grain {
    Day,
    Week,
    Month,
    Year,
}

/// A period: a whole calendar day, ISO week, month or year, or the days of
/// one that have figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub grain: Grain,
    pub start: Day,
    pub end: Day,
}

impl Period {
    pub fn containing(d: Day, g: Grain) -> Period {
        let (y, m, _) = ymd(d);
        let (start, end) = match g {
            Grain::Day => (d, d),
            Grain::Week => {
                let s = Day(d.0 - weekday(d) + 1);
                (s, Day(s.0 + 6))
            }
            Grain::Month => (day(y, m, 1), day(y, m, month_len(y, m))),
            Grain::Year => (day(y, 1, 1), day(y, 12, 31)),
        };
        Period { grain: g, start, end }
    }
    pub fn natural(&self) -> Period {
        Period::containing(self.start, self.grain)
    }
    pub fn partial(&self) -> bool {
        *self != self.natural()
    }
    pub fn days(&self) -> i64 {
        self.end.0 - self.start.0 + 1
    }
    pub fn contains(&self, d: Day) -> bool {
        self.start <= d && d <= self.end
    }
    pub fn clip(&self, first: Day, last: Day) -> Option<Period> {
        let (s, e) = (self.start.max(first), self.end.min(last));
        (s <= e).then_some(Period { start: s, end: e, ..*self })
    }
    /// The same days of another whole period (a partial period's comparison).
    fn same_days(&self, other: Period, months: i32) -> Period {
        if !self.partial() {
            return other;
        }
        let n = self.natural();
        let (s, e) = match self.grain {
            Grain::Day | Grain::Week => {
                (Day(other.start.0 + self.start.0 - n.start.0), Day(other.start.0 + self.end.0 - n.start.0))
            }
            _ => (add_months(self.start, -months), add_months(self.end, -months)),
        };
        Period { grain: self.grain, start: s.max(other.start).min(other.end), end: e.min(other.end).max(other.start) }
    }
    pub fn prev(&self) -> Period {
        let n = self.natural();
        let before = Period::containing(Day(n.start.0 - 1), self.grain);
        self.same_days(before, if self.grain == Grain::Month { 1 } else { 12 })
    }
    pub fn last_year(&self) -> Period {
        let n = self.natural();
        let whole = match self.grain {
            Grain::Week => {
                // The ISO week of the same number a year earlier (53 → 52).
                let thursday = Day(n.start.0 + 3);
                let (y, _, _) = ymd(thursday);
                let week = (thursday.0 - day(y, 1, 1).0) / 7;
                let jan4 = day(y - 1, 1, 4);
                let w1 = Day(jan4.0 - weekday(jan4) + 1);
                let weeks_prev = {
                    let dec28 = day(y - 1, 12, 28);
                    let th = Day(dec28.0 - weekday(dec28) + 4);
                    (th.0 - day(y - 1, 1, 1).0) / 7 + 1
                };
                let s = Day(w1.0 + 7 * week.min(weeks_prev - 1));
                Period { grain: Grain::Week, start: s, end: Day(s.0 + 6) }
            }
            Grain::Day => Period::containing(add_months(n.start, -12), Grain::Day),
            g => Period::containing(add_months(n.start, -12), g),
        };
        self.same_days(whole, 12)
    }
    pub fn next(&self) -> Period {
        Period::containing(Day(self.natural().end.0 + 1), self.grain)
    }
    /// The parts of a finer grain, cut to this period.
    pub fn parts(&self, g: Grain) -> Vec<Period> {
        let mut out = Vec::new();
        let mut p = Period::containing(self.start, g);
        while p.start <= self.end {
            out.push(Period { grain: g, start: p.start.max(self.start), end: p.end.min(self.end) });
            p = Period::containing(Day(p.end.0 + 1), g);
        }
        out
    }
    /// How the period is named (the labels a deck must print).
    pub fn label(&self) -> String {
        let ((y, m, d), (_, em, ed)) = (ymd(self.start), ymd(self.end));
        let days = self.days();
        if self.partial() {
            let whole_months = d == 1 && ymd(Day(self.end.0 + 1)).2 == 1;
            return match self.grain {
                Grain::Year if whole_months && m == em => format!("{y}年{m}月"),
                Grain::Year if whole_months => format!("{y}年{m}–{em}月"),
                Grain::Year => format!("{y}年（{m}.{d}–{em}.{ed}，{days}天）"),
                Grain::Month => format!("{y}年{m}月{d}–{ed}日（{days}天）"),
                Grain::Week => format!("{}年第{}周（{m}.{d}–{em}.{ed}，{days}天）", self.iso().0, self.iso().1),
                Grain::Day => format!("{y}年{m}月{d}日"),
            };
        }
        match self.grain {
            Grain::Year => format!("{y}年"),
            Grain::Month => format!("{y}年{m}月"),
            Grain::Week => format!("{}年第{}周（{m}.{d}–{em}.{ed}）", self.iso().0, self.iso().1),
            Grain::Day => format!("{y}年{m}月{d}日"),
        }
    }
    fn iso(&self) -> (i32, i64) {
        let thursday = Day(self.natural().start.0 + 3);
        let (y, _, _) = ymd(thursday);
        (y, (thursday.0 - day(y, 1, 1).0) / 7 + 1)
    }
}

// ---------------------------------------------------------------- workbook

#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Num(f64),
    Text(String),
    Date(Day),
    Empty,
}

impl Val {
    pub fn num(&self) -> Option<f64> {
        match self {
            Val::Num(n) => Some(*n),
            _ => None,
        }
    }
    pub fn text(&self) -> String {
        match self {
            Val::Num(n) => {
                if n.fract() == 0.0 {
                    format!("{n:.0}")
                } else {
                    format!("{n}")
                }
            }
            Val::Text(t) => t.clone(),
            Val::Date(d) => {
                let (y, m, dd) = ymd(*d);
                format!("{y}-{m:02}-{dd:02}")
            }
            Val::Empty => String::new(),
        }
    }
}

pub struct Tab {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Val>>,
    /// The column that dates each row (日期 or 月份 holding dates).
    pub date: Option<usize>,
    /// Every date is the 1st: one row per month.
    pub monthly: bool,
}

impl Tab {
    pub fn col(&self, name: &str) -> Option<usize> {
        let fold = |s: &str| s.replace('（', "(").replace('）', ")").replace(' ', "");
        self.header.iter().position(|h| fold(h) == fold(name))
    }
    pub fn row_date(&self, r: &[Val]) -> Option<Day> {
        match self.date.map(|c| &r[c]) {
            Some(Val::Date(d)) => Some(*d),
            _ => None,
        }
    }
}

pub struct Book {
    pub tabs: BTreeMap<String, Tab>,
}

impl Book {
    pub fn read(path: &Path) -> Book {
        let mut wb = calamine::open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut tabs = BTreeMap::new();
        for name in wb.sheet_names().to_vec() {
            let range = wb.worksheet_range(&name).unwrap();
            let mut rows = range.rows();
            let Some(h) = rows.next() else { continue };
            let header: Vec<String> = h.iter().map(|c| c.to_string()).collect();
            let rows: Vec<Vec<Val>> = rows
                .map(|r| {
                    r.iter()
                        .map(|c| match c {
                            Data::Float(f) => Val::Num(*f),
                            Data::Int(i) => Val::Num(*i as f64),
                            Data::DateTime(d) => Val::Date(Day(d.as_f64() as i64 - 25_569)),
                            Data::String(s) => Val::Text(s.clone()),
                            Data::Empty => Val::Empty,
                            other => Val::Text(other.to_string()),
                        })
                        .collect()
                })
                .collect();
            let date = header
                .iter()
                .position(|h| h == "日期" || h == "月份")
                .filter(|&c| rows.iter().all(|r| matches!(r.get(c), Some(Val::Date(_)))));
            let monthly = date.is_some_and(|c| rows.iter().all(|r| matches!(r[c], Val::Date(d) if ymd(d).2 == 1)));
            tabs.insert(name, Tab { header, rows, date, monthly });
        }
        Book { tabs }
    }

    /// Every text cell of every sheet (what a sentence may quote verbatim).
    pub fn texts(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for t in self.tabs.values() {
            for r in &t.rows {
                for c in r {
                    if let Val::Text(s) = c {
                        out.insert(s.clone());
                    }
                }
            }
        }
        out
    }
}

// ---------------------------------------------------------------- metrics

#[derive(Debug, Clone)]
pub enum Calc {
    Agg { agg: String, table: String, col: String, weight: Option<String> },
    Expr(Ex),
}

#[derive(Debug, Clone)]
pub enum Ex {
    Num(f64),
    Name(String),
    Bin(Box<Ex>, char, Box<Ex>),
}

/// `a / (b + c)`: names, numbers, + - * / and parentheses.
fn parse_ex(s: &str) -> Ex {
    fn expr(t: &[char], i: &mut usize) -> Ex {
        let mut a = term(t, i);
        while *i < t.len() && (t[*i] == '+' || t[*i] == '-') {
            let op = t[*i];
            *i += 1;
            a = Ex::Bin(Box::new(a), op, Box::new(term(t, i)));
        }
        a
    }
    fn term(t: &[char], i: &mut usize) -> Ex {
        let mut a = atom(t, i);
        while *i < t.len() && (t[*i] == '*' || t[*i] == '/') {
            let op = t[*i];
            *i += 1;
            a = Ex::Bin(Box::new(a), op, Box::new(atom(t, i)));
        }
        a
    }
    fn atom(t: &[char], i: &mut usize) -> Ex {
        if t[*i] == '(' {
            *i += 1;
            let e = expr(t, i);
            *i += 1; // ')'
            return e;
        }
        let start = *i;
        while *i < t.len() && !"+-*/()".contains(t[*i]) {
            *i += 1;
        }
        let w: String = t[start..*i].iter().collect();
        match w.parse::<f64>() {
            Ok(n) => Ex::Num(n),
            Err(_) => Ex::Name(w),
        }
    }
    let t: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    expr(&t, &mut 0)
}

#[derive(Debug, Clone)]
pub struct Metric {
    pub name: String,
    pub label: String,
    pub calc: Calc,
    /// `列 == "值"` conditions, and whether the row's 年份 must be period.year + 1.
    pub filter: Vec<(String, String)>,
    pub next_year: bool,
    /// A count of the standing 待办 list: `raised`, `closed`, `open` or `overdue` in the period.
    pub todo: Option<&'static str>,
    pub unit: String,
    pub lower: bool,
    pub target: Option<String>,
    pub per_month: bool,
    /// Decimals shown (`digits:`), when the spec sets them.
    pub digits: Option<i32>,
}

pub struct Spec {
    pub metrics: BTreeMap<String, Metric>,
    pub peers: Option<(String, String)>,
    pub scope_col: Option<String>,
    pub text: String,
}

pub fn read_spec(path: &Path) -> Spec {
    let text = std::fs::read_to_string(path).unwrap();
    let y: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let mut metrics = BTreeMap::new();
    for (k, v) in y["metrics"].as_mapping().unwrap() {
        let name = k.as_str().unwrap().to_string();
        let get = |f: &str| v.get(f).and_then(|x| x.as_str()).map(str::to_string);
        let calc = match get("expr") {
            Some(e) => Calc::Expr(parse_ex(&e)),
            None => {
                let (agg, r) = ["sum", "avg", "count", "distinct", "first", "last", "min", "max"]
                    .iter()
                    .find_map(|a| get(a).map(|r| (a.to_string(), r)))
                    .unwrap();
                let (table, col) = r.split_once('.').unwrap();
                let weight = get("weight").map(|w| w.split_once('.').unwrap().1.to_string());
                Calc::Agg { agg, table: table.into(), col: col.into(), weight }
            }
        };
        let mut filter = Vec::new();
        let mut next_year = false;
        let mut todo = None;
        if let Some(w) = get("where").filter(|w| w.contains("period.start") || w.contains("period.end")) {
            // The 待办 counts, read from what the condition is about.
            todo = Some(if w.starts_with("提出日期 >= period.start") {
                "raised"
            } else if w.starts_with("完成日期 >= period.start") {
                "closed"
            } else if w.contains("截止日期 < period.end") {
                "overdue"
            } else {
                assert!(w.contains("完成日期 > period.end"), "{name}: the oracle does not know `{w}`");
                "open"
            });
        } else if let Some(w) = get("where") {
            for part in w.split(" and ") {
                // `not contains(小组, "售后")`: kept as (小组, "!~售后").
                if let Some(args) = part.trim().strip_prefix("not contains(").and_then(|x| x.strip_suffix(')')) {
                    let (c, v) = args.split_once(',').unwrap();
                    filter.push((c.trim().to_string(), format!("!~{}", v.trim().trim_matches('"'))));
                    continue;
                }
                let (a, b) = part.split_once("==").unwrap();
                if b.contains("period.year + 1") {
                    next_year = true;
                } else {
                    filter.push((a.trim().to_string(), b.trim().trim_matches('"').to_string()));
                }
            }
        }
        let unit = get("unit").unwrap_or_default();
        let lower = get("better").as_deref() == Some("lower") || (get("better").is_none() && unit == "秒");
        let target = v.get("target").map(|t| match t {
            serde_yaml::Value::String(s) => s.clone(),
            other => serde_yaml::to_string(other).unwrap().trim().to_string(),
        });
        metrics.insert(
            name.clone(),
            Metric {
                label: get("label").unwrap_or(name.clone()),
                name,
                calc,
                filter,
                next_year,
                todo,
                unit,
                lower,
                target,
                per_month: get("per").as_deref() == Some("month"),
                digits: v.get("digits").and_then(|x| x.as_i64()).map(|x| x as i32),
            },
        );
    }
    let peers = y["peers"].as_str().and_then(|p| p.split_once('.')).map(|(a, b)| (a.to_string(), b.to_string()));
    let scope_col = y["scope"].as_mapping().and_then(|m| m.keys().next()).and_then(|k| k.as_str()).map(str::to_string);
    Spec { metrics, peers, scope_col, text }
}

/// A spec's metrics over its workbook.
pub struct Oracle<'a> {
    pub book: &'a Book,
    pub spec: &'a Spec,
    /// The last day with figures.
    pub last: Day,
    pub first: Day,
    pub plans: BTreeSet<String>,
}

/// Rows of one agent (`Some`) or of a set of agents.
#[derive(Clone)]
pub enum Who<'s> {
    All,
    One(&'s str),
    Any(&'s BTreeSet<String>),
}

impl<'a> Oracle<'a> {
    pub fn new(book: &'a Book, spec: &'a Spec) -> Oracle<'a> {
        // Tables read only through targets are plans.
        let mut target_names = BTreeSet::new();
        for m in spec.metrics.values() {
            if let Some(t) = &m.target {
                target_names.insert(t.clone());
            }
        }
        let tables_of = |names: &BTreeSet<String>| -> BTreeSet<String> {
            let mut out = BTreeSet::new();
            let mut todo: Vec<String> = names.iter().cloned().collect();
            let mut seen = BTreeSet::new();
            while let Some(n) = todo.pop() {
                if !seen.insert(n.clone()) {
                    continue;
                }
                match spec.metrics.get(&n).map(|m| &m.calc) {
                    Some(Calc::Agg { table, .. }) => {
                        out.insert(table.clone());
                    }
                    Some(Calc::Expr(e)) => names_of(e, &mut todo),
                    None => {}
                }
            }
            out
        };
        let facts: BTreeSet<String> = spec.metrics.keys().filter(|n| !target_names.contains(*n)).cloned().collect();
        let fact_tables = tables_of(&facts);
        let plans: BTreeSet<String> = tables_of(&target_names).difference(&fact_tables).cloned().collect();
        // The data's span: daily figures decide where it ends; a table of
        // months reaches to the end of the month before its last.
        let (mut first, mut last_daily, mut last_monthly) = (Day(i64::MAX), None::<Day>, None::<Day>);
        for t in &fact_tables {
            let Some(tab) = book.tabs.get(t) else { continue };
            for r in &tab.rows {
                let Some(d) = tab.row_date(r) else { continue };
                first = first.min(d);
                if tab.monthly {
                    let (y, m, _) = ymd(d);
                    let end = day(y, m, month_len(y, m));
                    last_monthly = Some(last_monthly.map_or(end, |x| x.max(end)));
                } else {
                    last_daily = Some(last_daily.map_or(d, |x| x.max(d)));
                }
            }
        }
        let last = match (last_daily, last_monthly) {
            (Some(d), Some(m)) => {
                let (y, mo, _) = ymd(m);
                d.max(Day(day(y, mo, 1).0 - 1))
            }
            (Some(d), None) => d,
            (None, Some(m)) => m,
            (None, None) => panic!("no dated figures"),
        };
        Oracle { book, spec, last, first, plans }
    }

    pub fn metric(&self, n: &str) -> &Metric {
        self.spec.metrics.get(n).unwrap_or_else(|| panic!("no metric {n}"))
    }

    /// Whether the metric adds up (sums, counts) rather than a rate or average.
    pub fn additive(&self, n: &str) -> bool {
        fn ex(o: &Oracle, e: &Ex) -> bool {
            match e {
                Ex::Name(n) => o.additive(n),
                Ex::Num(_) => true,
                Ex::Bin(a, op, b) => (*op == '+' || *op == '-') && ex(o, a) && ex(o, b),
            }
        }
        match &self.metric(n).calc {
            Calc::Agg { agg, .. } => matches!(agg.as_str(), "sum" | "count" | "distinct"),
            Calc::Expr(e) => ex(self, e),
        }
    }

    /// When `who` joined and left: the roster of the spec's `peers:`.
    pub fn tenure(&self, who: &str) -> (Option<Day>, Option<Day>) {
        let (Some((roster, _)), Some(by)) = (&self.spec.peers, &self.spec.scope_col) else { return (None, None) };
        let Some(r) = self.book.tabs.get(roster) else { return (None, None) };
        let Some(row) = r.col(by).and_then(|ci| r.rows.iter().find(|row| row[ci].text() == who)) else {
            return (None, None);
        };
        let date = |col: &str| match r.col(col).map(|i| &row[i]) {
            Some(Val::Date(d)) => Some(*d),
            _ => None,
        };
        (date("入职日期"), date("离职日期"))
    }

    /// The days of the month part `q` that `who` worked (all of them for
    /// the team) and the data covers, as a share of the calendar month;
    /// None when no day is left.
    pub fn month_share(&self, q: &Period, who: Option<&str>) -> Option<f64> {
        let (y, m, _) = ymd(q.start);
        let (joined, left) = who.map_or((None, None), |w| self.tenure(w));
        let s = joined.map_or(q.start, |j| q.start.max(j));
        let e = left.map_or(q.end, |l| q.end.min(l)).min(self.last);
        (s <= e).then(|| (e.0 - s.0 + 1) as f64 / month_len(y, m) as f64)
    }

    pub fn value(&self, n: &str, p: &Period, who: &Who) -> Option<f64> {
        self.value_where(n, p, who, None)
    }

    /// The metric over the rows whose column `extra.0` holds `extra.1` (a group).
    pub fn value_where(&self, n: &str, p: &Period, who: &Who, extra: Option<(&str, &str)>) -> Option<f64> {
        let m = self.metric(n);
        if m.per_month && p.grain > Grain::Month {
            // A sum per month counts a month by the days of it worked (one
            // agent's rows) and covered by the data; other aggregates by months.
            let by_days = matches!(&m.calc, Calc::Agg { agg, .. } if agg == "sum");
            let one = match who {
                Who::One(a) => Some(*a),
                _ => None,
            };
            let (mut sum, mut months) = (0.0, 0.0);
            for q in p.parts(Grain::Month) {
                if let Some(v) = self.agg(m, &q, who, extra) {
                    sum += v;
                    months += if by_days { self.month_share(&q, one).unwrap_or(1.0) } else { 1.0 };
                }
            }
            return (months > 0.0).then(|| sum / months);
        }
        match &m.calc {
            Calc::Agg { .. } => self.agg(m, p, who, extra),
            Calc::Expr(e) => self.ex(e, p, who),
        }
    }

    fn ex(&self, e: &Ex, p: &Period, who: &Who) -> Option<f64> {
        match e {
            Ex::Num(n) => Some(*n),
            Ex::Name(n) => self.value(n, p, who),
            Ex::Bin(a, op, b) => {
                let (x, y) = (self.ex(a, p, who)?, self.ex(b, p, who)?);
                match op {
                    '+' => Some(x + y),
                    '-' => Some(x - y),
                    '*' => Some(x * y),
                    _ => (y != 0.0).then(|| x / y),
                }
            }
        }
    }

    fn agg(&self, m: &Metric, p: &Period, who: &Who, extra: Option<(&str, &str)>) -> Option<f64> {
        let Calc::Agg { agg, table, col, weight } = &m.calc else { unreachable!() };
        let t = &self.book.tabs[table];
        let ci = t.col(col).unwrap_or_else(|| panic!("{table} has no {col}"));
        let wi = weight.as_ref().map(|w| t.col(w).unwrap());
        let scope = self.spec.scope_col.as_ref().and_then(|c| t.col(c));
        let whole_months = ymd(p.start).2 == 1 && ymd(Day(p.end.0 + 1)).2 == 1;
        let covered_to = if self.plans.contains(table) { None } else { Some(self.last) };
        let (mut sum, mut wsum, mut n) = (0.0, 0.0, 0usize);
        let mut vals: Vec<(Day, f64)> = Vec::new();
        let mut distinct = BTreeSet::new();
        for r in &t.rows {
            // In the period: a row of a month stands for its month (to the data's end).
            let mut share = 1.0;
            if let Some(d) = t.row_date(r) {
                if t.monthly {
                    let (y, mo, _) = ymd(d);
                    let me = day(y, mo, month_len(y, mo));
                    let end = covered_to.map_or(me, |c| me.min(c).max(d));
                    let (a, b) = (d.max(p.start), end.min(p.end));
                    if a > b {
                        continue;
                    }
                    if !whole_months && (agg == "sum" || agg == "avg") {
                        share = (b.0 - a.0 + 1) as f64 / (end.0 - d.0 + 1) as f64;
                    }
                } else if !p.contains(d) {
                    continue;
                }
            }
            if m.next_year {
                let y = ymd(p.start).0 as f64 + 1.0;
                if t.col("年份").map(|c| r[c].num()) != Some(Some(y)) {
                    continue;
                }
            }
            if let Some(k) = m.todo
                && !todo_counts(t, r, p, k)
            {
                continue;
            }
            let holds = |i: usize, v: &str| match v.strip_prefix("!~") {
                Some(part) => !r[i].text().contains(part),
                None => r[i].text() == v,
            };
            if !m.filter.iter().all(|(c, v)| t.col(c).is_some_and(|i| holds(i, v))) {
                continue;
            }
            if let Some((c, v)) = extra
                && t.col(c).is_some_and(|i| r[i].text() != v)
            {
                continue;
            }
            match (who, scope) {
                (Who::One(a), Some(c)) if r[c].text() != *a => continue,
                (Who::Any(set), Some(c)) if !set.contains(&r[c].text()) => continue,
                _ => {}
            }
            match agg.as_str() {
                "count" => {
                    if !matches!(r[ci], Val::Empty) {
                        n += 1;
                    }
                }
                "distinct" => {
                    let s = r[ci].text();
                    if !s.is_empty() {
                        distinct.insert(s);
                    }
                }
                _ => {
                    let Some(v) = r[ci].num() else { continue };
                    let w = match wi {
                        Some(w) => match r[w].num() {
                            Some(x) => x,
                            None => continue,
                        },
                        None => 1.0,
                    };
                    n += 1;
                    sum += if agg == "avg" { v * w * share } else { v * share };
                    wsum += w * share;
                    vals.push((t.row_date(r).unwrap_or(Day(0)), v));
                }
            }
        }
        match agg.as_str() {
            "count" => Some(n as f64),
            "distinct" => Some(distinct.len() as f64),
            _ if n == 0 => None,
            "sum" => Some(sum),
            "avg" => (wsum != 0.0).then(|| sum / wsum),
            "first" => vals.iter().min_by_key(|x| x.0).map(|x| x.1),
            "last" => vals.iter().max_by_key(|x| x.0).map(|x| x.1),
            "min" => vals.iter().map(|x| x.1).reduce(f64::min),
            _ => vals.iter().map(|x| x.1).reduce(f64::max),
        }
    }

    /// A metric's target for the period (a number, or a metric).
    pub fn target(&self, n: &str, p: &Period, who: &Who) -> Option<f64> {
        let t = self.metric(n).target.as_ref()?;
        match t.trim_end_matches('%').parse::<f64>() {
            Ok(v) => Some(if t.ends_with('%') { v / 100.0 } else { v }),
            Err(_) => self.target_by_last_year(n, t, p, who).or_else(|| self.value(t, p, who)),
        }
    }

    /// A daily total's target for part of a month: each month's target
    /// times the share the same dates had of that month a year earlier
    /// (a 双11 week gets the share 双11 had). `None` for whole
    /// months, for rates, or without last year's figures.
    fn target_by_last_year(&self, n: &str, t: &str, p: &Period, who: &Who) -> Option<f64> {
        let sum_of_days = |name: &str| match &self.metric(name).calc {
            Calc::Agg { agg, table, .. } => {
                agg == "sum" && !self.book.tabs[table].monthly && self.book.tabs[table].date.is_some()
            }
            Calc::Expr(_) => false,
        };
        let plan_sum = matches!(&self.metric(t).calc, Calc::Agg { agg, .. } if agg == "sum");
        let whole_months = ymd(p.start).2 == 1 && ymd(Day(p.end.0 + 1)).2 == 1;
        if whole_months || !sum_of_days(n) || !plan_sum {
            return None;
        }
        let year_before = |d: Day| {
            let (y, m, dd) = ymd(d);
            day(y - 1, m, dd.min(month_len(y - 1, m)))
        };
        let (mut total, mut from) = (0.0, p.start);
        loop {
            let (y, m, _) = ymd(from);
            let month = Period { grain: Grain::Month, start: day(y, m, 1), end: day(y, m, month_len(y, m)) };
            let to = month.end.min(p.end);
            let goal = self.value(t, &month, who)?;
            let part =
                self.value(n, &Period { grain: p.grain, start: year_before(from), end: year_before(to) }, who)?;
            let all = self.value(
                n,
                &Period { grain: Grain::Month, start: day(y - 1, m, 1), end: day(y - 1, m, month_len(y - 1, m)) },
                who,
            )?;
            if all <= 0.0 {
                return None;
            }
            total += goal * part / all;
            if to >= p.end {
                return Some(total);
            }
            from = Day(to.0 + 1);
        }
    }

    /// The reporting period the deck should show for a spec period word.
    pub fn period(&self, grain: Grain, asked: Option<Period>) -> Period {
        let p = asked.unwrap_or_else(|| Period::containing(self.last, grain));
        p.clip(self.first, self.last).expect("the period has figures")
    }
}

pub fn names_of(e: &Ex, out: &mut Vec<String>) {
    match e {
        Ex::Name(n) => out.push(n.clone()),
        Ex::Num(_) => {}
        Ex::Bin(a, _, b) => {
            names_of(a, out);
            names_of(b, out);
        }
    }
}

/// The grain of a period as written on the command line.
pub fn grain_of(text: &str) -> Grain {
    if text.contains('W') {
        Grain::Week
    } else if text.contains('-') {
        Grain::Month
    } else {
        Grain::Year
    }
}

/// `2026`, `2026-06`, `2026-W53` as the whole calendar period.
pub fn parse_period(text: &str) -> Period {
    if let Some((y, w)) = text.split_once("-W") {
        let (y, w): (i32, i64) = (y.parse().unwrap(), w.parse().unwrap());
        let jan4 = day(y, 1, 4);
        let s = Day(jan4.0 - weekday(jan4) + 1 + 7 * (w - 1));
        return Period { grain: Grain::Week, start: s, end: Day(s.0 + 6) };
    }
    if let Some((y, m)) = text.split_once('-') {
        return Period::containing(day(y.parse().unwrap(), m.parse().unwrap(), 1), Grain::Month);
    }
    Period::containing(day(text.parse().unwrap(), 1, 1), Grain::Year)
}

impl Metric {
    /// A value rounded as a deck shows it (rates in percent with one decimal,
    /// times with one, scores with two, unless `digits:` says otherwise).
    pub fn shown(&self, v: f64) -> Option<f64> {
        let r = |x: f64, d: i32| (x * 10f64.powi(d)).round() / 10f64.powi(d);
        match self.unit.as_str() {
            "%" => Some(r(v * 100.0, self.digits.unwrap_or(1)) / 100.0),
            "秒" | "小时" | "分钟" => Some(r(v, self.digits.unwrap_or(1))),
            "分" => Some(r(v, self.digits.unwrap_or(2))),
            _ => None,
        }
    }
}

/// Whether an item of the 待办 list counts as `kind` in the period: raised or
/// closed in it, open at its end (no 完成日期 yet, unless marked 已完成), or
/// open and past its 截止日期.
fn todo_counts(t: &Tab, r: &[Val], p: &Period, kind: &str) -> bool {
    let date = |c: &str| match t.col(c).map(|i| &r[i]) {
        Some(Val::Date(d)) => Some(*d),
        _ => None,
    };
    let open = date("提出日期").is_some_and(|d| d <= p.end)
        && match date("完成日期") {
            Some(d) => d > p.end,
            None => t.col("状态").map(|i| r[i].text()).as_deref() != Some("已完成"),
        };
    match kind {
        "raised" => date("提出日期").is_some_and(|d| p.contains(d)),
        "closed" => date("完成日期").is_some_and(|d| p.contains(d)),
        "open" => open,
        _ => open && date("截止日期").is_some_and(|d| d < p.end),
    }
}
