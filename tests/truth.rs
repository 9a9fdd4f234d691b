//! Every sentence true, for either sample shop: each figure a sentence of
//! the four decks states equals one computed here from the workbook (by the
//! test's own reading of the spec's metrics, see truth/oracle.rs), or the
//! sentence quotes a cell of a sheet the team fills in. Run for the shipped
//! shop and for the second one (`sample-data --shop 2`: a smaller team, a
//! weak year, people joining and leaving, data ending on 17 August).

mod common;
#[path = "truth/oracle.rs"]
mod oracle;

use common::*;
use oracle::{Book, Day, Grain, Oracle, Period, Val, Who, day, read_spec, ymd};
use std::collections::BTreeSet;
use std::path::Path;

const DECKS: [&str; 4] = ["annual", "monthly", "weekly", "review"];

/// The sample shop `n` in a folder of its own, with the shipped specs.
fn shop(n: u32) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = deckgen(d, &["sample-data", "data", "--shop", &n.to_string()]);
    assert!(o.status.success(), "{}", stderr(&o));
    for deck in DECKS {
        std::fs::copy(root().join(format!("decks/{deck}.yaml")), d.join(format!("{deck}.yaml"))).unwrap();
    }
    dir
}

/// The period a deck reports by its rules, worked out here: the annual and
/// review decks the latest year to date; the monthly and weekly decks the
/// last month (week) before today, 2026-11-23, or the last one the data holds whole.
fn reported(o: &Oracle, deck: &str) -> Period {
    let today = day(2026, 11, 23);
    let grain = match deck {
        "monthly" => Grain::Month,
        "weekly" => Grain::Week,
        _ => return o.period(Grain::Year, None),
    };
    let this = Period::containing(today, grain);
    let calendar = Period::containing(Day(this.start.0 - 1), grain);
    if calendar.end <= o.last {
        return calendar;
    }
    let mut p = Period::containing(o.last, grain);
    if p.end > o.last {
        p = Period::containing(Day(p.start.0 - 1), grain);
    }
    p
}

/// What a figure is, which decides how a sentence may show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A value of a rate (38.2%).
    Rate,
    /// A difference of rates (2.1个百分点).
    Points,
    /// A relative change, an achievement or a share (+12.1%, 101.6%, 占54.0%).
    Ratio,
    /// How many times the mean (1.5倍).
    Times,
    /// A value or difference in the metric's own unit (元, 秒, 件…; "" for none).
    Unit(&'static str),
}

/// What the sentences of a deck may state: figures of a kind (with their
/// sign dropped), ranks and group sizes.
struct Truth {
    /// Figures, each with the metric it is of (None: of several, or none).
    figures: Vec<(f64, Kind, Option<String>)>,
    counts: BTreeSet<i64>,
    /// The metric the next pushes are of.
    of: Option<String>,
}

/// A metric's unit as a kind of figure.
fn unit_kind(unit: &str) -> Kind {
    match unit {
        "%" => Kind::Rate,
        "元" => Kind::Unit("元"),
        "秒" => Kind::Unit("秒"),
        "小时" => Kind::Unit("小时"),
        "分" => Kind::Unit("分"),
        "件" => Kind::Unit("件"),
        "人" => Kind::Unit("人"),
        "次" => Kind::Unit("次"),
        "单" => Kind::Unit("单"),
        "场" => Kind::Unit("场"),
        "项" => Kind::Unit("项"),
        "人次" => Kind::Unit("人次"),
        _ => Kind::Unit(""),
    }
}

/// The difference of two values of a kind.
fn diff_kind(k: Kind) -> Kind {
    if k == Kind::Rate { Kind::Points } else { k }
}

impl Truth {
    fn push(&mut self, v: Option<f64>, kind: Kind) {
        if let Some(v) = v.filter(|v| v.is_finite()) {
            self.figures.push((v.abs(), kind, self.of.clone()));
        }
    }

    /// Whether a shown number (value, rounding, the unit after it) is a
    /// figure of ours — of one of the metrics the sentence names, when it names any.
    fn holds(&self, v: f64, tol: f64, unit: &str, named: &[String]) -> bool {
        let scope = Truth {
            figures: self
                .figures
                .iter()
                .filter(|(_, _, m)| named.is_empty() || m.as_ref().is_none_or(|m| named.contains(m)))
                .cloned()
                .collect(),
            counts: BTreeSet::new(),
            of: None,
        };
        scope.holds_any_metric(v, tol, unit)
    }

    fn holds_any_metric(&self, v: f64, tol: f64, unit: &str) -> bool {
        let kinds: &[Kind] = match unit {
            "%" => &[Kind::Rate, Kind::Ratio],
            "个百分点" => &[Kind::Points],
            "倍" => &[Kind::Times],
            "元" | "万元" | "亿元" => &[Kind::Unit("元")],
            // 37.1万 (a formatter's output without the unit word): any amount.
            "万" => &[Kind::Unit("元"), Kind::Unit("人"), Kind::Unit("次"), Kind::Unit("件"), Kind::Unit("单")],
            "" => &[Kind::Unit("")],
            u => {
                let k = unit_kind(u.trim_start_matches('万'));
                if k == Kind::Unit("") { return false } else { return self.any(v, tol, &[k]) }
            }
        };
        self.any(v, tol, kinds)
    }

    fn any(&self, v: f64, tol: f64, kinds: &[Kind]) -> bool {
        self.figures.iter().any(|(f, k, _)| kinds.contains(k) && (f - v.abs()).abs() <= tol * 1.0001 + 1e-9)
    }
}

/// The finer parts a period's best and worst are taken from.
fn finer(p: &Period) -> Grain {
    match p.grain {
        Grain::Year => Grain::Month,
        _ => Grain::Day,
    }
}

fn figures(o: &Oracle, deck: &str, p: &Period, agent: Option<&str>) -> Truth {
    let mut t = Truth { figures: vec![], counts: BTreeSet::new(), of: None };
    let who = match agent {
        Some(a) => Who::One(a),
        None => Who::All,
    };
    for (name, m) in &o.spec.metrics {
        t.of = Some(name.clone());
        let k = unit_kind(&m.unit);
        let v = o.value(name, p, &who);
        let (prev, ly) = (o.value(name, &p.prev(), &who), o.value(name, &p.last_year(), &who));
        let target = o.target(name, p, &who);
        for x in [v, prev, ly, target, o.target(name, &p.next(), &who)] {
            t.push(x, k);
        }
        // A difference as the reader computes it from the two values shown.
        let shown_diff = |a: f64, b: f64| m.shown(a).zip(m.shown(b)).map(|(x, y)| x - y);
        if let Some(v) = v {
            for b in [prev, ly, target].into_iter().flatten() {
                t.push(shown_diff(v, b), diff_kind(k));
            }
            for b in [prev, ly].into_iter().flatten() {
                t.push(Some(v - b), diff_kind(k));
                t.push((b != 0.0).then(|| v / b - 1.0), Kind::Ratio);
            }
            if let Some(tg) = target {
                t.push(Some(v - tg), diff_kind(k));
                t.push((tg != 0.0).then(|| v / tg), Kind::Ratio);
                t.push((v != 0.0).then(|| tg / v), Kind::Ratio);
                t.push((tg != 0.0).then(|| v / tg - 1.0), Kind::Ratio);
            }
            if let Some(nt) = o.target(name, &p.next(), &who) {
                t.push(Some(nt - v), diff_kind(k));
                t.push((v != 0.0).then(|| nt / v - 1.0), Kind::Ratio);
            }
        }
        // Best and worst parts, and the mean of the parts (whole ones for totals).
        let parts: Vec<f64> = p
            .parts(finer(p))
            .iter()
            .filter(|q| !(o.additive(name) && q.partial()))
            .filter_map(|q| o.value(name, q, &who))
            .collect();
        for x in &parts {
            t.push(Some(*x), k);
        }
        if !parts.is_empty() {
            let mean = parts.iter().sum::<f64>() / parts.len() as f64;
            t.push(Some(mean), k);
            let best = parts.iter().copied().fold(f64::MIN, f64::max);
            t.push(Some(best / mean), Kind::Times);
        }
        // Groups of the metric's table: their values and the share of the top ones.
        if let oracle::Calc::Agg { table, .. } = &m.calc {
            let tab = &o.book.tabs[table];
            for (ci, h) in tab.header.iter().enumerate() {
                let values: BTreeSet<String> = tab
                    .rows
                    .iter()
                    .filter_map(|r| match &r[ci] {
                        oracle::Val::Text(s) => Some(s.clone()),
                        _ => None,
                    })
                    .collect();
                if values.is_empty() || values.len() > 80 {
                    continue;
                }
                let mut g: Vec<f64> =
                    values.iter().filter_map(|v| o.value_where(name, p, &who, Some((h.as_str(), v)))).collect();
                g.sort_by(|a, b| b.total_cmp(a));
                let total: f64 = g.iter().sum();
                for n in 1..=g.len().min(10) {
                    t.push(Some(g[..n].iter().sum::<f64>() / total), Kind::Ratio);
                }
                for x in g {
                    t.push(Some(x), k);
                }
            }
        }
    }
    t.of = None;
    // The comparisons the specs write out with vs(a, b): a difference.
    for cap in o.spec.text.split("vs(").skip(1) {
        let args: Vec<&str> = cap.split([',', ')']).take(2).map(str::trim).collect();
        if let [a, b] = args[..]
            && o.spec.metrics.contains_key(a)
            && o.spec.metrics.contains_key(b)
            && let (Some(x), Some(y)) = (o.value(a, p, &who), o.value(b, p, &who))
        {
            t.push(Some(x - y), diff_kind(unit_kind(&o.metric(a).unit)));
        }
    }
    // change_summary(a, b, …): how many of the metrics could be compared with
    // last year (a year; the period before otherwise), and how many of them
    // got better, worse, or stayed as shown.
    for cap in o.spec.text.split("change_summary(").skip(1) {
        let args: Vec<&str> = cap.split(')').next().unwrap_or("").split(',').map(str::trim).collect();
        let base = if p.grain == Grain::Year { p.last_year() } else { p.prev() };
        let (mut n, mut up, mut down) = (0i64, 0i64, 0i64);
        for a in args.into_iter().filter(|a| o.spec.metrics.contains_key(*a)) {
            let m = o.metric(a);
            let (Some(v), Some(b)) = (o.value(a, p, &who), o.value(a, &base, &who)) else { continue };
            n += 1;
            // A change too small to show is none: rates and times as shown,
            // amounts under 0.05%.
            let d = match m.shown(v).zip(m.shown(b)) {
                Some((x, y)) => x - y,
                None if b != 0.0 && (v / b - 1.0).abs() < 0.0005 => 0.0,
                None => v - b,
            };
            if d.abs() < 1e-9 {
                continue;
            }
            if (d > 0.0) != m.lower {
                up += 1;
            } else {
                down += 1;
            }
        }
        t.counts.extend([n, up, down, n - up - down]);
    }
    // targets_met("表"): the agent's rows of a sheet of targets for the
    // period's year, each metric (by name or label) against its 目标.
    for cap in o.spec.text.split("targets_met(").skip(1) {
        let table = cap.split(')').next().unwrap_or("").trim().trim_matches(|c| c == '\'' || c == '"');
        let (Some(tab), Some(a)) = (o.book.tabs.get(table), agent) else { continue };
        let col = |c: &str| tab.col(c).unwrap();
        let (mut n, mut met) = (0i64, 0i64);
        for r in &tab.rows {
            if r[col("客服姓名")].text() != a || r[col("年份")].num() != Some(f64::from(ymd(p.start).0)) {
                continue;
            }
            let said = r[col("指标")].text();
            let Some((name, m)) = o.spec.metrics.iter().find(|(n, m)| **n == said || m.label == said) else { continue };
            let (Some(v), Some(goal)) = (o.value(name, p, &who), r[col("目标")].num()) else { continue };
            n += 1;
            met += i64::from(if m.lower { v <= goal } else { v >= goal });
        }
        t.counts.extend([n, met, n - met]);
    }
    // Shares the annual deck states: salaries of the costs, Q2 + Q4 of next year's target.
    if deck == "annual" {
        let v = |n: &str| o.value(n, p, &who);
        if let (Some(a), Some(b)) = (v("总工资"), v("成本金额")) {
            t.push(Some(a / b), Kind::Ratio);
        }
        if let (Some(q2), Some(q4), Some(y)) = (v("明年二季度销售额"), v("明年四季度销售额"), v("明年店铺销售额"))
        {
            t.push(Some((q2 + q4) / y), Kind::Ratio);
        }
    }
    // How many of the headline metrics with a target met it, and how many did not.
    let (mut measured, mut missed) = (0, 0);
    let headline = ["店铺销售额", "客服销售额", "询单转化率", "首响", "平响", "满意率", "邀评率", "回复率"];
    for n in &headline {
        if !o.spec.metrics.contains_key(*n) {
            continue;
        }
        let (Some(v), Some(tg)) = (o.value(n, p, &who), o.target(n, p, &who)) else { continue };
        measured += 1;
        let met = if o.metric(n).lower { v <= tg } else { v >= tg };
        missed += i64::from(!met);
    }
    // target_review(…): how many met them too (`有目标的8项指标达成4项`).
    t.counts.extend([measured, missed, measured - missed]);
    // A table's `top: N` (客服个人数据（销售额前12名）): the spec's own count.
    let spec = std::fs::read_to_string(root().join(format!("decks/{deck}.yaml"))).unwrap_or_default();
    for line in spec.lines() {
        if let Some(n) = line.trim().strip_prefix("top: ").and_then(|v| v.trim().parse::<i64>().ok()) {
            t.counts.insert(n);
        }
    }
    if let Some(a) = agent {
        peer_figures(o, p, a, &mut t);
    }
    t
}

/// The agent against the peers over the months the agent worked (from the
/// first to the last month with figures in the period): the peers of the same
/// role who have figures in every one of those months, rates as a ratio of
/// their sums, totals as the mean per member, and per month worked for an
/// agent who worked part of those months — a month joined or left in counted
/// by its days between 客服名单's 入职日期 and 离职日期.
fn peer_figures(o: &Oracle, p: &Period, agent: &str, t: &mut Truth) {
    let (roster, role_col) = o.spec.peers.clone().unwrap();
    let by = o.spec.scope_col.clone().unwrap();
    let book = o.book;
    let row_of = |who: &str| {
        let r = &book.tabs[&roster];
        let ci = r.col(&by)?;
        r.rows.iter().find(|row| row[ci].text() == who)
    };
    let role_of = |who: &str| -> Option<String> { Some(row_of(who)?[book.tabs[&roster].col(&role_col)?].text()) };
    let months_in = |who: Option<&str>, p: &Period| -> BTreeSet<(i32, u32)> {
        let tab = &book.tabs["客服月度"];
        let ci = tab.col(&by).unwrap();
        tab.rows
            .iter()
            .filter(|r| who.is_none_or(|w| r[ci].text() == w))
            .filter_map(|r| tab.row_date(r))
            .filter(|d| {
                // A row of a month counts when its month meets the period.
                let month = Period::containing(*d, Grain::Month);
                month.start <= p.end && p.start <= month.end
            })
            .map(|d| (ymd(d).0, ymd(d).1))
            .collect()
    };
    // The agent's own part of the period.
    let mine_all = months_in(Some(agent), p);
    let (Some(&(fy, fm)), Some(&(ly, lm))) = (mine_all.first(), mine_all.last()) else { return };
    let own = p.clip(day(fy, fm, 1), Period::containing(day(ly, lm, 1), Grain::Month).end).unwrap();
    let whole = *p;
    let p = &own;
    let all = months_in(None, p);
    let tab = &book.tabs["客服月度"];
    let ci = tab.col(&by).unwrap();
    let names: BTreeSet<String> = tab.rows.iter().map(|r| r[ci].text()).collect();
    let full: BTreeSet<String> = names.iter().filter(|n| months_in(Some(n), p) == all).cloned().collect();
    let mine = role_of(agent);
    let same: BTreeSet<String> = full.iter().filter(|n| role_of(n) == mine).cloned().collect();
    let members = if same.len() >= 3 { same } else { full };
    // Months worked, by days: of a month, the days between joining and
    // leaving that the data covers, over the calendar month's days.
    let months_of = |who: Option<&str>, p: &Period| -> f64 {
        let w: f64 = p
            .parts(Grain::Month)
            .iter()
            .map(|q| o.month_share(q, who).filter(|s| *s > 0.0).or_else(|| o.month_share(q, None)).unwrap_or(0.0))
            .sum();
        w
    };
    let covered = months_of(None, p);
    let worked = months_of(Some(agent), p);
    let worked = if worked > 0.0 { worked } else { mine_all.len() as f64 };
    // A member's total as if worked the whole of `q` (a part month by its days).
    let whole_of = |m: &str, v: f64, q: &Period| {
        let (all, w) = (months_of(None, q), months_of(Some(m), q));
        if w > 0.0 && w < all - 1e-9 { v * all / w } else { v }
    };
    for name in o.spec.metrics.keys() {
        t.of = Some(name.clone());
        let Some(total) = o.value(name, p, &Who::One(agent)) else { continue };
        let additive = o.additive(name);
        let per_month = additive && worked < covered - 1e-9;
        let me = if per_month { total / worked } else { total };
        let vals: Vec<(String, f64)> = members
            .iter()
            .filter_map(|m| o.value(name, p, &Who::One(m)).map(|v| (m.clone(), v)))
            .map(|(m, v)| {
                let v = if additive { whole_of(&m, v, p) } else { v };
                (m, if per_month { v / covered } else { v })
            })
            .collect();
        let team = if additive {
            (!vals.is_empty()).then(|| vals.iter().map(|x| x.1).sum::<f64>() / vals.len() as f64)
        } else {
            o.value(name, p, &Who::Any(&members))
        };
        let Some(team) = team else { continue };
        let k = unit_kind(&o.metric(name).unit);
        t.push(Some(team), k);
        t.push(Some(me - team), diff_kind(k));
        let m = o.metric(name);
        t.push(m.shown(me).zip(m.shown(team)).map(|(x, y)| x - y), diff_kind(k));
        t.push((team != 0.0).then(|| me / team - 1.0), Kind::Ratio);
        t.push(Some(me), k);
        let lower = o.metric(name).lower;
        let others: Vec<f64> = vals.iter().filter(|(m, _)| m != agent).map(|x| x.1).collect();
        let rank = 1 + others.iter().filter(|v| if lower { **v < me } else { **v > me }).count();
        t.counts.insert(rank as i64);
        t.counts.insert(others.len() as i64 + 1);
        // The team's figure month by month (the trend slides' lines).
        for q in whole.parts(Grain::Month) {
            if additive {
                let v: Vec<f64> =
                    members.iter().filter_map(|m| Some(whole_of(m, o.value(name, &q, &Who::One(m))?, &q))).collect();
                t.push((!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64), k);
            } else {
                t.push(o.value(name, &q, &Who::Any(&members)), k);
            }
        }
    }
}

/// The numbers in a text with the value each stands for, its rounding and
/// what follows it.
fn numbers(text: &str) -> Vec<(f64, f64, String, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (chars[i].is_ascii_digit()
                || chars[i] == ','
                || (chars[i] == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
        {
            i += 1;
        }
        let s: String = chars[start..i].iter().filter(|c| **c != ',').collect();
        let Ok(v) = s.parse::<f64>() else { continue };
        let decimals = s.split_once('.').map(|(_, d)| d.len()).unwrap_or(0) as i32;
        // `2-3倍`, `10-11月`: a range shows the unit of its second number.
        let mut j = i;
        if chars.get(j) == Some(&'-') && chars.get(j + 1).is_some_and(char::is_ascii_digit) {
            j += 1;
            while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == '.') {
                j += 1;
            }
        }
        let after: String = chars[j..].iter().take(6).collect();
        let before: String = chars[start.saturating_sub(2)..start].iter().collect();
        let k = if after.starts_with('%') || after.starts_with("个百分点") {
            0.01
        } else if after.starts_with('万') {
            1e4
        } else if after.starts_with('亿') {
            1e8
        } else {
            1.0
        };
        out.push((v * k, 0.5 * 10f64.powi(-decimals) * k, after, before));
    }
    out
}

/// The unit a number is shown in, from the text after it.
fn unit_word(after: &str) -> String {
    for u in
        ["个百分点", "万元", "亿元", "人次", "小时", "%", "元", "秒", "分", "件", "人", "次", "单", "场", "项", "倍"]
    {
        if after.starts_with(u) {
            return u.to_string();
        }
        if let Some(rest) = after.strip_prefix('万').or_else(|| after.strip_prefix('亿'))
            && rest.starts_with(u)
        {
            return format!("万{u}");
        }
    }
    if after.starts_with('万') || after.starts_with('亿') {
        return "万".into();
    }
    String::new()
}

/// Checks one paragraph; returns what is wrong with it.
fn check(
    para: &str,
    truth: &Truth,
    labels: &[String],
    quotes: &BTreeSet<String>,
    p: &Period,
    spec: &oracle::Spec,
) -> Vec<String> {
    // The metrics the sentence names: by a part of their name or label of
    // two characters or more that is not a generic word (工单 in 新增工单, 接待 in 接待量).
    let generic = [
        "目标", "平均", "人数", "金额", "数量", "明年", "个人", "时间", "时长", "客服", "销售", "店铺", "季度", "占比",
        "小时", "月均",
    ];
    let named: Vec<String> = spec
        .metrics
        .values()
        .filter(|m| {
            [m.name.as_str(), m.label.as_str()].iter().any(|w| {
                let c: Vec<char> = w.chars().collect();
                (0..c.len()).any(|i| {
                    (i + 2..=c.len()).any(|j| {
                        let part: String = c[i..j].iter().collect();
                        !generic.contains(&part.as_str())
                            && !part.contains(|c: char| c.is_ascii_digit())
                            && para.contains(part.as_str())
                    })
                })
            })
        })
        .map(|m| m.name.clone())
        .collect();
    let mut text = para.to_string();
    // Quotes of the team's sheets (longest first), the names of things and
    // periods carry no figure of ours.
    let mut quotes: Vec<&String> = quotes.iter().filter(|q| q.chars().count() >= 2).collect();
    quotes.sort_by_key(|q| std::cmp::Reverse(q.chars().count()));
    for q in quotes {
        if text.contains(q.as_str()) {
            text = text.replace(q.as_str(), " ");
        }
    }
    for l in labels {
        text = text.replace(l.as_str(), " ");
    }
    // The stated rule of strengths and weaknesses.
    for w in ["618", "双11", "双12", "99大促", "38节", "年货节", "3%以上", "0.5个百分点以上", "三分之一", "TOP"]
    {
        text = text.replace(w, " ");
    }
    let (y, _, _) = ymd(p.start);
    let mut wrong = Vec::new();
    for (v, tol, after, before) in numbers(&text) {
        let int = v.fract() == 0.0;
        // Labels first (years, months, days, weeks, the top ten, numbered
        // items), then ranks and counts, then figures.
        let day_written = (after.starts_with('/') || before.ends_with('/')) && v <= 31.0 && !after.starts_with('万');
        let item = after.is_empty() && before.is_empty() && para.trim().len() <= 3;
        let top = before.ends_with("前") && (v <= 10.0 || truth.counts.contains(&(v as i64)));
        let ok = if after.starts_with("年") {
            int && (y - 1..=y + 1).contains(&(v as i32))
        } else if after.starts_with("月") || after.starts_with("个月") {
            int && (1.0..=12.0).contains(&v)
        } else if para.starts_with("排名 ") || after.starts_with("项") {
            // 排名 5/7: the rank and how many are ranked; 8项指标中4项: counts
            // of metrics; 完成3项: a metric counted in 项.
            int && (truth.counts.contains(&(v as i64)) || truth.holds(v, tol, "项", &named))
        } else if int && (top || day_written || item) {
            true
        } else if after.starts_with("日") || (after.starts_with('.') && v <= 12.0) {
            int && v <= 31.0
        } else if after.starts_with("周") || after.starts_with("天") {
            int && v <= 53.0
        } else if before.ends_with("第")
            || before.ends_with("对比") && after.starts_with("名")
            || (before.ends_with("共") || before.ends_with("在"))
                && (after.starts_with("名") || after.starts_with("人"))
        {
            int && truth.counts.contains(&(v as i64))
        } else {
            truth.holds(v, tol, &unit_word(&after), &named)
        };
        if !ok {
            wrong.push(format!("{v} ({before}|{after})"));
        }
    }
    wrong
}

/// Paragraphs of a slide outside its tables.
fn sentences(p: &Package, slide: &str) -> Vec<String> {
    let xml = p.text(slide);
    let mut out = String::new();
    let mut rest = xml.as_str();
    while let Some(i) = rest.find("<a:tbl>") {
        out.push_str(&rest[..i]);
        rest = rest[i..].split_once("</a:tbl>").map(|x| x.1).unwrap_or("");
    }
    out.push_str(rest);
    paragraphs(&out)
        .into_iter()
        .filter(|t| !t.trim().is_empty())
        // A table that runs on over several slides numbers them: 标题（续1）.
        .map(|t| match t.rfind("（续") {
            Some(i) if t.ends_with('）') && t[i + "（续".len()..t.len() - "）".len()].parse::<u32>().is_ok() => {
                t[..i].to_string()
            }
            _ => t,
        })
        .collect()
}

/// Builds `deck` of the shop in `d` for `period` (None: the spec's own) and
/// checks every sentence: the problems found, and how many numbers were checked.
/// The agent whose self-review the tests read, in each sample shop.
fn agent_of(d: &Path) -> &'static str {
    let book = Book::read(&d.join("data/review.xlsx"));
    let names = &book.tabs["客服名单"];
    let c = names.col("客服姓名").unwrap();
    if names.rows.iter().any(|r| r[c].text() == "吴静怡") { "吴静怡" } else { "梁嘉怡" }
}

fn check_deck(d: &Path, deck: &str, period: Option<&str>, tag: &str) -> (Vec<String>, usize, Period) {
    check_deck_of(d, deck, period, tag, agent_of(d))
}

/// `check_deck` for the self-review of `agent`.
fn check_deck_of(d: &Path, deck: &str, period: Option<&str>, tag: &str, agent: &str) -> (Vec<String>, usize, Period) {
    let name = if deck == "review" && agent != agent_of(d) { format!("-{agent}") } else { String::new() };
    let out = d.join(format!("{deck}-{}{name}.pptx", period.unwrap_or("default")));
    let mut args = vec!["build".to_string(), format!("{deck}.yaml"), "-o".into(), out.to_str().unwrap().into()];
    if let Some(p) = period {
        args.extend(["--period".into(), p.into()]);
    }
    if deck == "review" {
        args.extend(["--set".into(), format!("agent={agent}")]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = deckgen(d, &args);
    assert!(o.status.success(), "{tag} {deck} {period:?}: {}", stderr(&o));
    let book = Book::read(&d.join(format!("data/{deck}.xlsx")));
    let spec = read_spec(&d.join(format!("{deck}.yaml")));
    let or = Oracle::new(&book, &spec);
    let p = match period {
        None => reported(&or, deck),
        Some(text) => or.period(oracle::grain_of(text), Some(oracle::parse_period(text))),
    };
    let agent = (deck == "review").then_some(agent);
    let truth = figures(&or, deck, &p, agent);
    let mut labels: Vec<String> = Vec::new();
    for q in [p, p.prev(), p.last_year(), p.next(), p.natural(), p.next().next()] {
        labels.push(q.label());
    }
    // A self-review names the days the agent worked: 2026年（5.5–8.31，119天）.
    if let Some(a) = agent {
        let (joined, left) = or.tenure(a);
        let start = joined.map_or(p.start, |j| if j.0 > p.start.0 { j } else { p.start });
        let end = left.map_or(p.end, |l| if l.0 < p.end.0 { l } else { p.end });
        if let Some(w) = p.clip(start, end) {
            labels.push(w.label());
        }
    }
    for m in spec.metrics.values() {
        labels.push(m.label.clone());
        labels.push(m.name.clone());
    }
    for t in book.tabs.values() {
        labels.extend(t.header.iter().cloned());
    }
    labels.sort_by_key(|l| std::cmp::Reverse(l.chars().count()));
    let quotes = book.texts();
    let pkg = Package::open(&out);
    let (mut problems, mut checked) = (Vec::new(), 0);
    for (i, slide) in pkg.slides().iter().enumerate() {
        for para in sentences(&pkg, slide) {
            checked += numbers(&para).len();
            let wrong = check(&para, &truth, &labels, &quotes, &p, &spec);
            if !wrong.is_empty() {
                problems.push(format!("{tag} {deck} slide {}: {para}  ← {}", i + 1, wrong.join(", ")));
            }
        }
    }
    (problems, checked, p)
}

/// The sentences of the four decks of shop `n` that state a figure not
/// computed here, and how many figures were checked.
fn check_shop(n: u32) -> (Vec<String>, usize) {
    let dir = shop(n);
    let d = dir.path();
    let mut problems = Vec::new();
    let mut checked = 0;
    for deck in DECKS {
        let (p, c, _) = check_deck(d, deck, None, &format!("shop {n}"));
        problems.extend(p);
        checked += c;
        if n == 2 {
            // Nothing of the first shop is said of the second.
            let pkg = Package::open(&d.join(format!("{deck}-default.pptx")));
            let all: String = pkg.slides().iter().map(|s| slide_text(&pkg, s)).collect();
            for w in ["沐岚", "李娜", "女装", "连衣裙"] {
                if all.contains(w) {
                    problems.push(format!("shop 2 {deck}: says `{w}`, the first shop's"));
                }
            }
        }
    }
    (problems, checked)
}

#[test]
fn every_figure_in_every_sentence_is_computed_from_the_workbook_shop_1() {
    let (problems, checked) = check_shop(1);
    eprintln!("numbers checked: {checked}");
    assert!(checked > 600, "only {checked} numbers were checked");
    assert!(
        problems.is_empty(),
        "{} sentences state figures not computed from the workbook:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_figure_in_every_sentence_is_computed_from_the_workbook_shop_2() {
    let (problems, checked) = check_shop(2);
    eprintln!("numbers checked: {checked}");
    assert!(checked > 600, "only {checked} numbers were checked");
    assert!(
        problems.is_empty(),
        "{} sentences state figures not computed from the workbook:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Agents of every kind in the latest year of shop `d`, found in its roster
/// and monthly rows: one who joined during the year, one who left, one in
/// after-sales, one who worked part of the year before, and the highest and
/// lowest monthly sales among those who worked every month.
/// An agent's months of the latest year, months of the year before, and
/// sales of the latest year.
type Worked = (BTreeSet<u32>, BTreeSet<u32>, f64);

fn kinds_of_agents(d: &Path) -> Vec<(&'static str, String)> {
    let book = Book::read(&d.join("data/review.xlsx"));
    let roster = &book.tabs["客服名单"];
    let months = &book.tabs["客服月度"];
    let (nc, mc, sc) = (months.col("客服姓名").unwrap(), months.col("月份").unwrap(), months.col("销售额").unwrap());
    let year = months.rows.iter().filter_map(|r| months.row_date(r)).map(|d| ymd(d).0).max().unwrap();
    let mut worked: std::collections::BTreeMap<String, Worked> = Default::default();
    for r in &months.rows {
        let Val::Date(day) = r[mc] else { continue };
        let (y, m, _) = ymd(day);
        let e = worked.entry(r[nc].text()).or_default();
        if y == year {
            e.0.insert(m);
            e.2 += r[sc].num().unwrap_or(0.0);
        } else if y == year - 1 {
            e.1.insert(m);
        }
    }
    let all_months = worked.values().map(|w| w.0.len()).max().unwrap();
    let field = |name: &str, col: &str| -> Val {
        let (c, k) = (roster.col("客服姓名").unwrap(), roster.col(col).unwrap());
        roster.rows.iter().find(|r| r[c].text() == name).map(|r| r[k].clone()).unwrap_or(Val::Empty)
    };
    let in_year = |v: Val| matches!(v, Val::Date(x) if ymd(x).0 == year);
    let active: Vec<(&String, &Worked)> = worked.iter().filter(|(_, w)| !w.0.is_empty()).collect();
    let first = |kind: &'static str, f: &dyn Fn(&str, &Worked) -> bool| {
        active.iter().find(|(n, w)| f(n, w)).map(|(n, _)| (kind, n.to_string()))
    };
    let full: Vec<&(&String, &Worked)> =
        active.iter().filter(|(n, w)| w.0.len() == all_months && field(n, "岗位").text() == "售前客服").collect();
    let by_sales = |best: bool| {
        full.iter()
            .max_by(|a, b| if best { a.1.2.total_cmp(&b.1.2) } else { b.1.2.total_cmp(&a.1.2) })
            .map(|(n, _)| n.to_string())
    };
    [
        first("joined this year", &|n, _| in_year(field(n, "入职日期"))),
        first("left this year", &|n, _| in_year(field(n, "离职日期"))),
        first("after-sales", &|n, _| field(n, "岗位").text() == "售后客服"),
        first("part of last year", &|_, w| !w.1.is_empty() && w.1.len() < 12),
        by_sales(true).map(|n| ("best sales", n)),
        by_sales(false).map(|n| ("lowest sales", n)),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The self-review is true for any agent: every sentence of the decks of
/// agents of every kind, in both shops, is computed from the workbook.
#[test]
fn every_kind_of_agents_review_is_true() {
    let mut problems = Vec::new();
    for n in [1, 2] {
        let dir = shop(n);
        let kinds = kinds_of_agents(dir.path());
        assert!(kinds.len() >= 5, "shop {n}: {kinds:?}");
        for (kind, agent) in kinds {
            let tag = format!("shop {n} {kind} {agent}");
            let (p, checked, period) = check_deck_of(dir.path(), "review", None, &tag, &agent);
            assert!(checked > 30, "shop {n} {agent}: only {checked} numbers");
            problems.extend(p);
            problems.extend(review_tables(dir.path(), &agent, &period, &tag));
        }
    }
    assert!(problems.is_empty(), "{} untrue sentences:\n{}", problems.len(), problems.join("\n"));
}

/// The cells of the first table on a slide, row by row.
fn table_cells(xml: &str) -> Vec<Vec<String>> {
    let text = |x: &str| -> String { x.split("<a:t>").skip(1).filter_map(|s| s.split("</a:t>").next()).collect() };
    let Some(tbl) = xml.split("<a:tbl>").nth(1) else { return Vec::new() };
    let tbl = tbl.split("</a:tbl>").next().unwrap_or("");
    tbl.split("<a:tr ").skip(1).map(|r| r.split("<a:tc>").skip(1).map(text).collect()).collect()
}

/// The self-review's two tables of figures, recomputed from the workbook:
/// this year's targets (实际 and 达成率 for each row of 个人目标 of the
/// year), and the KPIs against the agent's own last year (本期, 去年同期,
/// 同比; the slide only for an agent with figures last year).
fn review_tables(d: &Path, agent: &str, p: &Period, tag: &str) -> Vec<String> {
    let suffix = if agent == agent_of(d) { String::new() } else { format!("-{agent}") };
    let pkg = Package::open(&d.join(format!("review-default{suffix}.pptx")));
    let book = Book::read(&d.join("data/review.xlsx"));
    let spec = read_spec(&d.join("review.yaml"));
    let o = Oracle::new(&book, &spec);
    let who = Who::One(agent);
    let named = |t: &str| spec.metrics.values().find(|m| m.name == t || m.label == t).map(|m| m.name.clone());
    let titled =
        |title: &str| pkg.slides().into_iter().find(|s| paragraphs(&pkg.text(s)).iter().any(|t| t.trim() == title));
    let mut problems = Vec::new();
    let mut bad = |what: String| problems.push(format!("{tag} review: {what}"));

    // Targets of the year.
    let year = ymd(p.start).0;
    let goals = &book.tabs["个人目标"];
    let gc = |c: &str| goals.col(c).unwrap();
    let mine: Vec<(String, f64)> = goals
        .rows
        .iter()
        .filter(|r| r[gc("客服姓名")].text() == agent && r[gc("年份")].num() == Some(f64::from(year)))
        .map(|r| (r[gc("指标")].text(), r[gc("目标")].num().unwrap()))
        .collect();
    let slide = titled(&format!("{year}年个人目标达成情况")).expect("the slide of this year's targets");
    let rows = table_cells(&pkg.text(&slide));
    if rows.len() != mine.len() + 1 {
        bad(format!("{} target rows, the sheet has {}", rows.len().saturating_sub(1), mine.len()));
    }
    // The columns by their headings (the order is the spec's).
    let head = |h: &str| rows.first().and_then(|r| r.iter().position(|c| c == h)).unwrap_or(usize::MAX);
    let (actual, achieved) = (head("实际"), head("达成率"));
    for (r, (name, goal)) in rows.iter().skip(1).zip(&mine) {
        let Some(m) = named(name) else {
            bad(format!("target {name} is no metric"));
            continue;
        };
        let Some(v) = o.value(&m, p, &who) else {
            bad(format!("{name}: no value"));
            continue;
        };
        let rate = if o.metric(&m).lower { goal / v } else { v / goal };
        let cell = |i: usize| r.get(i).map(String::as_str).unwrap_or("");
        if r[0] != *name || !shows(cell(actual), v) || !shows(cell(achieved), rate) {
            bad(format!("{r:?}: 实际 {v}, 达成率 {rate:.4}"));
        }
    }

    // Against last year.
    let base = p.last_year();
    let had = o.value("接待量", &base, &who).is_some();
    match (titled("与去年的自己相比"), had) {
        (Some(slide), true) => {
            for r in table_cells(&pkg.text(&slide)).iter().skip(1) {
                let Some(m) = named(&r[0]) else {
                    bad(format!("{r:?}: no metric"));
                    continue;
                };
                let (Some(v), Some(b)) = (o.value(&m, p, &who), o.value(&m, &base, &who)) else {
                    bad(format!("{r:?}: no value"));
                    continue;
                };
                let mt = o.metric(&m);
                // Rates change in points, times in seconds, amounts in percent.
                let change = match mt.unit.as_str() {
                    "%" => vec![(v - b) * 100.0, (mt.shown(v).unwrap() - mt.shown(b).unwrap()) * 100.0],
                    "秒" => vec![v - b, mt.shown(v).unwrap() - mt.shown(b).unwrap()],
                    _ => vec![v / b - 1.0],
                };
                let sign_ok = r[3].starts_with('+') == (change[0] > 0.0) || change.iter().any(|c| c.abs() < 1e-9);
                if !shows(&r[1], v) || !shows(&r[2], b) || !change.iter().any(|c| shows(&r[3], c.abs())) || !sign_ok {
                    bad(format!("{r:?}: 本期 {v}, 去年 {b}, change {change:?}"));
                }
            }
        }
        (None, false) => {}
        (Some(_), false) => bad("a slide against last year without figures last year".into()),
        (None, true) => bad("no slide against last year".into()),
    }
    problems
}

/// The oracle's own check: a figure it computes is shown on the deck.
#[test]
fn the_oracle_agrees_with_a_figure_read_by_hand() {
    let dir = shop(2);
    let d = dir.path();
    let book = Book::read(&d.join("data/annual.xlsx"));
    let spec = read_spec(&d.join("annual.yaml"));
    let o = Oracle::new(&book, &spec);
    assert_eq!(ymd(o.last), (2026, 8, 17), "the second shop's data ends on 17 August");
    let p = reported(&o, "annual");
    assert_eq!(p.label(), "2026年（1.1–8.17，229天）");
    // Shop sales of the days, summed from 日数据 by hand.
    let tab = &book.tabs["日数据"];
    let (dc, sc) = (tab.col("日期").unwrap(), tab.col("店铺销售额").unwrap());
    let by_hand: f64 = tab
        .rows
        .iter()
        .filter(|r| matches!(r[dc], oracle::Val::Date(x) if p.contains(x)))
        .filter_map(|r| r[sc].num())
        .sum();
    assert_eq!(o.value("店铺销售额", &p, &Who::All), Some(by_hand));
    let out = d.join("a.pptx");
    assert!(deckgen(d, &["build", "annual.yaml", "-o", out.to_str().unwrap()]).status.success());
    let pkg = Package::open(&out);
    let kpis = slide_text(&pkg, &pkg.slides()[3]);
    assert!(shows(&kpis, by_hand), "{by_hand} on {kpis}");
    assert!(kpis.contains(&p.label()), "{kpis}");
}

/// Sums a column of 日数据 over days (the test's own reading, for the
/// like-for-like checks below).
fn daily_sum(book: &Book, col: &str, from: Day, to: Day) -> f64 {
    let t = &book.tabs["日数据"];
    let (dc, vc) = (t.col("日期").unwrap(), t.col(col).unwrap());
    t.rows
        .iter()
        .filter(|r| matches!(r[dc], oracle::Val::Date(d) if from <= d && d <= to))
        .filter_map(|r| r[vc].num())
        .sum()
}

/// Each deck for an ordinary period, the first in the data, a partial one,
/// an empty one, promotion months and periods across a month or year: an
/// empty one is refused with no file; a partial one says its days and is
/// compared with the same days; every sentence of the others is true.
#[test]
fn a_period_matrix_of_every_deck() {
    let one = shop(1);
    let two = shop(2);
    let mut problems = Vec::new();
    let cases: &[(&str, &[&str])] = &[
        // ordinary, the first in the data, promotion months, across a year or a month
        ("annual", &["2025"]),
        ("review", &["2025"]),
        ("monthly", &["2026-03", "2025-01", "2026-06", "2026-11", "2026-01"]),
        ("weekly", &["2026-W10", "2025-W01", "2026-W46", "2026-W01", "2026-W49", "2026-W53"]),
    ];
    for (deck, periods) in cases {
        for p in *periods {
            let (pr, checked, _) = check_deck(one.path(), deck, Some(p), "shop 1");
            assert!(checked > 20, "{deck} {p}: only {checked} numbers");
            problems.extend(pr);
        }
    }
    // Partial periods of the second shop (its data ends on 17 August 2026).
    for (deck, p) in [("annual", None), ("review", None), ("monthly", Some("2026-08")), ("weekly", Some("2026-W33"))] {
        let (pr, _, _) = check_deck(two.path(), deck, p, "shop 2");
        problems.extend(pr);
    }
    assert!(problems.is_empty(), "{} untrue sentences:\n{}", problems.len(), problems.join("\n"));

    // Empty periods: refused, nothing written, the data's span named.
    for (deck, p) in [("annual", "2030"), ("review", "1900"), ("monthly", "2027-05"), ("weekly", "2027-W01")] {
        let out = one.path().join(format!("empty-{deck}.pptx"));
        let o = deckgen(one.path(), &["build", &format!("{deck}.yaml"), "--period", p, "-o", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{deck} {p}: {}", stderr(&o));
        assert!(!out.exists(), "{deck} {p}: no file for an empty period");
        let err = stderr(&o);
        assert!(err.contains("no figures for") && err.contains("the data covers 2025-01-01 to 2026-12-31"), "{err}");
    }

    // A 4-day week (2026-W53: Monday 28 to Thursday 31 December) against
    // Monday to Thursday of the week before.
    let book = Book::read(&one.path().join("data/weekly.xlsx"));
    let now = daily_sum(&book, "店铺销售额", day(2026, 12, 28), day(2026, 12, 31));
    let before = daily_sum(&book, "店铺销售额", day(2026, 12, 21), day(2026, 12, 24));
    let pkg = Package::open(&one.path().join("weekly-2026-W53.pptx"));
    let cover = slide_text(&pkg, &pkg.slides()[0]);
    assert!(cover.contains("2026年第53周（12.28–12.31，4天）"), "{cover}");
    let table = slide_text(&pkg, &slide_titled(&pkg, "本周与上周"));
    assert!(shows(&table, now) && shows(&table, before), "{now} vs {before}: {table}");
    assert!(shows(&table, (now / before - 1.0).abs()), "{table}");

    // The month so far (1–17 August) against 1–17 July, and the year to
    // date against the same days of 2025.
    let book = Book::read(&two.path().join("data/monthly.xlsx"));
    let now = daily_sum(&book, "店铺销售额", day(2026, 8, 1), day(2026, 8, 17));
    let before = daily_sum(&book, "店铺销售额", day(2026, 7, 1), day(2026, 7, 17));
    let pkg = Package::open(&two.path().join("monthly-2026-08.pptx"));
    let kpis = slide_text(&pkg, &slide_titled(&pkg, "2026年8月1–17日（17天）核心指标"));
    assert!(shows(&kpis, now) && shows(&kpis, (now / before - 1.0).abs()), "{now} vs {before}: {kpis}");
    let book = Book::read(&two.path().join("data/annual.xlsx"));
    let now = daily_sum(&book, "店铺销售额", day(2026, 1, 1), day(2026, 8, 17));
    let before = daily_sum(&book, "店铺销售额", day(2025, 1, 1), day(2025, 8, 17));
    let pkg = Package::open(&two.path().join("annual-default.pptx"));
    let kpis = slide_text(&pkg, &slide_titled(&pkg, "2026年（1.1–8.17，229天）核心指标一览"));
    assert!(shows(&kpis, now) && shows(&kpis, (now / before - 1.0).abs()), "{now} vs {before}: {kpis}");
}
