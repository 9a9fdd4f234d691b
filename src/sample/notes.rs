//! What a person writes into the sample workbooks: problems and measures,
//! events, plans, next period's focus, growth plans, personal targets.
//!
//! A deck states facts only from the figures; what only a person knows —
//! causes, measures, owners, deadlines, events, plans — comes from sheets
//! like these. The sample fills them from its own figures, so that its
//! problems are about the targets it actually missed and the months named
//! in a cause are the months the figures show.

use super::book::{Book, Col, sheet};
use super::plan::month_targets;
use super::shop::Shop;
use super::sim::{Day, campaign};
use crate::data::date::{Date, days_in_month};
use crate::xlsx::Value;

fn t(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}
fn n(v: f64) -> Value {
    Value::Num(v)
}
fn date(d: Date) -> Value {
    Value::Num(d.to_excel())
}
fn month(y: i32, m: u32) -> Value {
    Value::Num(Date { y, m, d: 1 }.to_excel())
}

/// A KPI with a target, over some days, as the decks compute it.
#[derive(Debug, Clone)]
pub struct Kpi {
    /// The label the decks give the metric (a sheet's 指标 names it so).
    pub label: &'static str,
    pub actual: f64,
    pub target: f64,
    pub lower: bool,
}

impl Kpi {
    pub fn met(&self) -> bool {
        if self.lower { self.actual <= self.target } else { self.actual >= self.target }
    }
}

/// The eight KPIs with targets over `days`: actuals as ratios of sums and
/// volume-weighted times, targets of each month counted by the share of its
/// days inside (as the decks count a partial period).
pub fn kpis(shop: &Shop, days: &[&Day]) -> Vec<Kpi> {
    let s = |f: fn(&Day) -> f64| days.iter().map(|d| f(d)).sum::<f64>();
    let chats = s(|d| d.chats);
    let actual = [
        s(|d| d.shop_sales),
        s(|d| d.agent_sales),
        s(|d| d.orders) / s(|d| d.inquiries),
        days.iter().map(|d| d.first_resp * d.chats).sum::<f64>() / chats,
        days.iter().map(|d| d.avg_resp * d.chats).sum::<f64>() / chats,
        s(|d| d.satisfied) / s(|d| d.ratings),
        s(|d| d.invites) / chats,
        s(|d| d.replied) / chats,
    ];
    // Months touched, each with the share of its days that are in `days`.
    let mut months: Vec<(i32, u32, f64)> = Vec::new();
    for d in days {
        match months.iter_mut().find(|(y, m, _)| *y == d.date.y && *m == d.date.m) {
            Some(x) => x.2 += 1.0,
            None => months.push((d.date.y, d.date.m, 1.0)),
        }
    }
    for x in &mut months {
        x.2 /= f64::from(days_in_month(x.0, x.1));
    }
    let mut target = [0.0; 8];
    let share: f64 = months.iter().map(|x| x.2).sum();
    for (y, m, w) in &months {
        let mt = month_targets(shop, *y, *m);
        for k in 0..8 {
            target[k] += if k < 2 { mt[k] * w } else { mt[k] * w / share };
        }
    }
    const LABELS: [(&str, bool); 8] = [
        ("店铺销售额", false),
        ("客服销售额", false),
        ("询单转化率", false),
        ("首次响应时间", true),
        ("平均响应时间", true),
        ("客户满意率", false),
        ("邀评率", false),
        ("回复率", false),
    ];
    LABELS
        .iter()
        .enumerate()
        .map(|(k, (label, lower))| Kpi { label, actual: actual[k], target: target[k], lower: *lower })
        .collect()
}

/// The days of the data in year `y`.
fn year_days(shop: &Shop, y: i32) -> Vec<&Day> {
    shop.days.iter().filter(|d| d.date.y == y).collect()
}

/// A KPI of one month (for naming the month that drove a miss).
fn month_value(shop: &Shop, y: i32, m: u32, k: usize) -> Option<f64> {
    let md: Vec<&Day> = shop.days.iter().filter(|d| d.date.y == y && d.date.m == m).collect();
    (!md.is_empty()).then(|| kpis(shop, &md)[k].actual)
}

/// The cause of a miss as the team writes it after looking at the month
/// furthest from target (the deck shows that month and its figures itself).
fn cause(shop: &Shop, y: i32, k: usize, kpi: &Kpi) -> String {
    let months: Vec<(u32, f64, f64)> = (1..=12)
        .filter_map(|m| {
            let v = month_value(shop, y, m, k)?;
            let tg = month_targets(shop, y, m)[k];
            let md = shop.days.iter().filter(|d| d.date.y == y && d.date.m == m).count() as f64;
            // Amounts are compared with the target of the days there are.
            let tg = if k < 2 { tg * md / f64::from(days_in_month(y, m)) } else { tg };
            Some((m, v, tg))
        })
        .collect();
    let gap = |v: f64, tg: f64| if kpi.lower { v / tg - 1.0 } else { 1.0 - v / tg };
    let Some(&(m, _, _)) = months.iter().max_by(|a, b| gap(a.1, a.2).total_cmp(&gap(b.1, b.2))) else {
        return String::new();
    };
    if k < 2 {
        return sales_reason(shop, &year_days(shop, y), matches!(m, 6 | 11)).to_string();
    }
    reason(k, matches!(m, 6 | 11)).to_string()
}

/// What the team finds behind a sales miss, from the figures the deck shows
/// beside it: of inquiries, conversion and order value against the same
/// days last year, the one that fell most; when all three grew, the target
/// grew faster. (Never "too few visitors" next to inquiries up 6%.)
fn sales_reason(shop: &Shop, now: &[&Day], peak: bool) -> &'static str {
    let (Some(first), Some(last)) = (now.first(), now.last()) else { return reason(0, peak) };
    let (from, to) = (first.date.add_months(-12), last.date.add_months(-12));
    let before: Vec<&Day> = shop.days.iter().filter(|d| d.date >= from && d.date <= to).collect();
    let s = |ds: &[&Day], f: fn(&Day) -> f64| ds.iter().map(|d| f(d)).sum::<f64>();
    let (asks, orders, sales) = (|d: &Day| d.inquiries, |d: &Day| d.orders, |d: &Day| d.shop_sales);
    if before.is_empty() || s(&before, orders) == 0.0 || s(now, orders) == 0.0 {
        return reason(0, peak);
    }
    let traffic = s(now, asks) / s(&before, asks) - 1.0;
    let conversion = (s(now, orders) / s(now, asks)) / (s(&before, orders) / s(&before, asks)) - 1.0;
    let value = (s(now, sales) / s(now, orders)) / (s(&before, sales) / s(&before, orders)) - 1.0;
    let worst = traffic.min(conversion).min(value);
    match (peak, worst) {
        (_, w) if w >= 0.0 => "客流、转化与客单价均同比增长，但增幅低于目标",
        (true, w) if w == traffic => "大促询单人数同比减少",
        (false, w) if w == traffic => "询单人数同比减少，客流不足",
        (true, w) if w == conversion => "大促询单转化率同比下降",
        (false, w) if w == conversion => "询单转化率同比下降，成交不及计划",
        (true, _) => "大促客单价同比下降，成交额不及计划",
        (false, _) => "客单价同比下降，成交额不及计划",
    }
}

/// Leavers of year `y` over the mean of the headcounts at the end of its
/// first and last month with data (the decks' 人员流失率).
fn attrition(shop: &Shop, y: i32) -> f64 {
    let months: Vec<(i32, u32)> = shop.months().into_iter().filter(|(yy, _)| *yy == y).collect();
    let (Some(&(_, a)), Some(&(_, b))) = (months.first(), months.last()) else { return 0.0 };
    let end = |m: u32| Date { y, m, d: 1 }.add_months(1).add_days(-1);
    let on = |d: Date| shop.agents.iter().filter(|x| x.joined <= d && x.left.is_none_or(|l| l > d)).count() as f64;
    let (from, to) = (Date { y, m: a, d: 1 }, end(b));
    let left = shop.agents.iter().filter(|x| x.left.is_some_and(|l| l >= from && l <= to)).count() as f64;
    let mean = (on(end(a)) + on(end(b))) / 2.0;
    if mean > 0.0 { left / mean } else { 0.0 }
}

/// The cause the team names for a miss of KPI `k`, in a promotion or not.
fn reason(k: usize, peak: bool) -> &'static str {
    match (k, peak) {
        (0 | 1, true) => "大促成交不及计划",
        (0 | 1, false) => "客流增长不及计划",
        (2, true) => "大促咨询多、决策快，询单转化偏低",
        (2, false) => "尺码与价格类询单流失多",
        (3, true) => "大促进线量高，高峰时段排队等待变长",
        (3, false) => "部分时段排班偏少，首次回复慢",
        (4, true) => "大促咨询复杂，会话中回复间隔变长",
        (4, false) => "新人话术不熟，会话中回复间隔长",
        (5, true) => "大促期间回复慢与物流延迟带来不满意评价",
        (5, false) => "售后处理慢带来不满意评价",
        (6, _) => "客服来不及邀评",
        _ => "凌晨与高峰时段有漏回复",
    }
}

/// Who owns the measures of KPI `k`: the same person on every slide.
fn owner(shop: &Shop, k: usize) -> &'static str {
    shop.profile.owners[k % 5]
}

/// 问题与措施 (annual): a row for each target the shop missed in each year,
/// dated the last day with figures that year.
pub fn problems(wb: &mut Book, shop: &Shop) {
    let mut rows = Vec::new();
    for y in shop.years() {
        let days = year_days(shop, y);
        let Some(last) = days.last().map(|d| d.date) else { continue };
        for (k, kpi) in kpis(shop, &days).iter().enumerate() {
            if kpi.met() {
                continue;
            }
            rows.push(vec![
                date(last),
                t(format!("{}未达目标", kpi.label)),
                t(kpi.label),
                t(cause(shop, y, k, kpi)),
                t(shop.profile.vocab.measures[k]),
                t(owner(shop, k)),
                t(format!("{}年{}月", y + 1, 3 + k % 4)),
                t("进行中"),
            ]);
        }
        // Attrition above 20% a year (for the days of data): the deck's
        // 警戒线 has no row in 目标, and the team writes it up all the same.
        if attrition(shop, y) > 0.2 * days.len() as f64 / 365.0 {
            rows.push(vec![
                date(last),
                t("人员流失率偏高"),
                t("人员流失率"),
                t("新人三个月内离职多，在岗人手不足、排班压力大"),
                t("新人带教师徒制，三个月内离职率减半；补齐空缺岗位"),
                t(owner(shop, 0)),
                t(format!("{}年3月", y + 1)),
                t("进行中"),
            ]);
        }
    }
    sheet(
        wb,
        "问题与措施",
        &[
            Col("日期", "yyyy-mm-dd", 12.0),
            Col("问题", "@", 16.0),
            Col("指标", "@", 12.0),
            Col("原因", "@", 36.0),
            Col("措施", "@", 36.0),
            Col("负责人", "@", 8.0),
            Col("完成时间", "@", 10.0),
            Col("状态", "@", 8.0),
        ],
        &rows,
    );
}

/// 重要事件 (annual): the year's promotions and the team's own milestones
/// within the data.
pub fn events(wb: &mut Book, shop: &Shop) {
    let mut rows = Vec::new();
    for y in shop.years() {
        for (m, d, what) in [
            (1, 8, "年货节大促开始"),
            (2, 20, "客服知识库上线，快捷短语统一"),
            (3, 5, "38女王节大促"),
            (4, 10, "店铺机器人升级，接入新品问答"),
            (5, 20, "618预售开始，全员大促话术考核"),
            (7, 1, "客服绩效方案调整：销售、转化、服务三项TOP奖"),
            (10, 20, "双11预售开始，启用兼职客服"),
            (12, 10, "双12大促"),
        ] {
            let day = Date { y, m, d };
            if day >= shop.profile.first && day <= shop.profile.last {
                rows.push(vec![date(day), t(what)]);
            }
        }
    }
    sheet(wb, "重要事件", &[Col("日期", "yyyy-mm-dd", 12.0), Col("事件", "@", 40.0)], &rows);
}

/// 明年规划, 培训计划, 工作计划 (annual): the plan made in each year for the next.
pub fn plans(wb: &mut Book, shop: &Shop) {
    let mut strategy = Vec::new();
    let mut training = Vec::new();
    let mut work = Vec::new();
    for y in shop.years() {
        let next = f64::from(y + 1);
        let v = shop.profile.vocab;
        for (dir, items) in v.strategies {
            for it in items {
                strategy.push(vec![n(next), t(*dir), t(*it)]);
            }
        }
        for &(when, topic, who, how, owner) in v.plan_training {
            training.push(vec![n(next), t(when), t(topic), t(who), t(how), t(shop.profile.who(owner))]);
        }
        for &(task, a, b, owner) in v.plan_work {
            work.push(vec![n(next), t(task), n(f64::from(a)), n(f64::from(b)), t(shop.profile.who(owner))]);
        }
    }
    sheet(wb, "明年规划", &[Col("年份", "0", 6.0), Col("方向", "@", 10.0), Col("举措", "@", 36.0)], &strategy);
    sheet(
        wb,
        "培训计划",
        &[
            Col("年份", "0", 6.0),
            Col("安排", "@", 6.0),
            Col("培训主题", "@", 24.0),
            Col("对象", "@", 10.0),
            Col("形式", "@", 12.0),
            Col("负责人", "@", 8.0),
        ],
        &training,
    );
    sheet(
        wb,
        "工作计划",
        &[
            Col("年份", "0", 6.0),
            Col("事项", "@", 20.0),
            Col("开始月", "0", 8.0),
            Col("结束月", "0", 8.0),
            Col("负责人", "@", 8.0),
        ],
        &work,
    );
}

/// 问题措施 (monthly): each month's missed targets with the cause the
/// figures show, and 下月重点: what the team takes on next month.
pub fn month_notes(wb: &mut Book, shop: &Shop) {
    let mut issues = Vec::new();
    let mut focus = Vec::new();
    for (y, m) in shop.months() {
        let md: Vec<&Day> = shop.days.iter().filter(|d| d.date.y == y && d.date.m == m).collect();
        let Some(last) = md.last().map(|d| d.date) else { continue };
        let all = kpis(shop, &md);
        let mut missed: Vec<(usize, &Kpi)> = all.iter().enumerate().filter(|(_, k)| !k.met()).collect();
        // The furthest from target first.
        missed.sort_by(|a, b| {
            let g = |k: &Kpi| (k.actual / k.target - 1.0).abs();
            g(b.1).total_cmp(&g(a.1))
        });
        for (i, (k, kpi)) in missed.iter().enumerate() {
            let worst = worst_day(shop, &md, *k, kpi.lower);
            issues.push(vec![
                month(y, m),
                t(format!("{}未达目标", kpi.label)),
                t(kpi.label),
                t(worst),
                t(shop.profile.vocab.measures[*k]),
                t(owner(shop, *k)),
                date(last.add_days(10 + 5 * i as i64)),
                t(if i == 0 { "进行中" } else { "未开始" }),
            ]);
        }
        let next = Date { y, m, d: 1 }.add_months(1);
        let goal = month_targets(shop, next.y, next.m);
        let mut f: Vec<(String, &str)> = missed
            .iter()
            .map(|(k, kpi)| {
                let g = goal[*k];
                let aim = match k {
                    0 | 1 => format!("达到下月目标{:.0}万元", g / 1e4),
                    3 | 4 => format!("降到目标{g:.0}秒以内"),
                    _ => format!("达到目标{:.1}%", g * 100.0),
                };
                (format!("{}：{aim}", kpi.label), owner(shop, *k))
            })
            .collect();
        if f.is_empty() {
            f.push(("保持各项指标达成，复盘本月做法".into(), owner(shop, 0)));
        }
        if matches!(next.m, 5 | 10) {
            f.push((format!("{}备战：排班、话术与兼职培训", if next.m == 5 { "618" } else { "双11" }), owner(shop, 0)));
        }
        for (x, who) in f {
            focus.push(vec![month(y, m), t(x), t(who)]);
        }
    }
    sheet(
        wb,
        "问题措施",
        &[
            Col("月份", "yyyy-mm", 10.0),
            Col("问题", "@", 16.0),
            Col("指标", "@", 12.0),
            Col("原因", "@", 30.0),
            Col("措施", "@", 30.0),
            Col("负责人", "@", 8.0),
            Col("完成时间", "yyyy-mm-dd", 12.0),
            Col("状态", "@", 8.0),
        ],
        &issues,
    );
    sheet(wb, "下月重点", &[Col("月份", "yyyy-mm", 10.0), Col("重点", "@", 36.0), Col("负责人", "@", 8.0)], &focus);
}

/// The cause the team names after looking at the day furthest from
/// target in a month (the deck shows that day and its figures itself).
fn worst_day(shop: &Shop, md: &[&Day], k: usize, lower: bool) -> String {
    let value = |d: &Day| -> f64 {
        match k {
            0 => d.shop_sales,
            1 => d.agent_sales,
            2 => d.orders / d.inquiries,
            3 => d.first_resp,
            4 => d.avg_resp,
            5 => d.satisfied / d.ratings,
            6 => d.invites / d.chats,
            _ => d.replied / d.chats,
        }
    };
    let pick = md.iter().max_by(|a, b| {
        let (x, y) = (value(a), value(b));
        if lower { x.total_cmp(&y) } else { y.total_cmp(&x) }
    });
    match pick {
        Some(d) if k < 2 => sales_reason(shop, md, campaign(d.date).is_some()).to_string(),
        Some(d) => reason(k, campaign(d.date).is_some()).to_string(),
        None => String::new(),
    }
}

/// An agent's figures over some months, as the review deck computes them.
#[derive(Debug, Clone, Copy)]
struct Year {
    /// Months with figures.
    months: f64,
    /// Sales per month worked.
    sales: f64,
    conv: f64,
    first: f64,
    sat: f64,
    invite: f64,
}

fn year_of(rows: &[&super::shop::AgentMonth]) -> Option<Year> {
    if rows.is_empty() {
        return None;
    }
    let sum = |f: fn(&super::shop::AgentMonth) -> f64| rows.iter().map(|r| f(r)).sum::<f64>();
    let chats = sum(|r| r.chats).max(1.0);
    Some(Year {
        months: rows.len() as f64,
        sales: sum(|r| r.sales) / rows.len() as f64,
        conv: sum(|r| r.orders) / sum(|r| r.inquiries).max(1.0),
        first: rows.iter().map(|r| r.first * r.chats).sum::<f64>() / chats,
        sat: sum(|r| r.satisfied) / sum(|r| r.ratings).max(1.0),
        invite: sum(|r| r.invites) / chats,
    })
}

/// Each agent's KPIs from their lowest place among the agents of the same
/// role to their highest, by their latest year of figures (who stands where
/// decides what a growth plan is about).
fn weakest_skills(shop: &Shop) -> Vec<Vec<&'static str>> {
    type Kpi = (&'static str, bool, fn(&[&super::shop::AgentMonth], f64) -> f64);
    fn sum(rows: &[&super::shop::AgentMonth], f: fn(&super::shop::AgentMonth) -> f64) -> f64 {
        rows.iter().map(|r| f(r)).sum()
    }
    // Totals per month worked: `per` is the months (a part month by its days).
    let kpis: [Kpi; 9] = [
        ("接待量", false, |r, per| sum(r, |m| m.chats) / per),
        ("销售额", false, |r, per| sum(r, |m| m.sales) / per),
        ("询单转化率", false, |r, _| sum(r, |m| m.orders) / sum(r, |m| m.inquiries).max(1.0)),
        ("客单价", false, |r, _| sum(r, |m| m.sales) / sum(r, |m| m.orders).max(1.0)),
        ("首次响应时间", true, |r, _| sum(r, |m| m.first * m.chats) / sum(r, |m| m.chats).max(1.0)),
        ("平均响应时间", true, |r, _| sum(r, |m| m.avg * m.chats) / sum(r, |m| m.chats).max(1.0)),
        ("客户满意率", false, |r, _| sum(r, |m| m.satisfied) / sum(r, |m| m.ratings).max(1.0)),
        ("邀评率", false, |r, _| sum(r, |m| m.invites) / sum(r, |m| m.chats).max(1.0)),
        ("中差评率", true, |r, _| sum(r, |m| m.bad) / sum(r, |m| m.ratings).max(1.0)),
    ];
    let last_year = |i: usize| {
        let y = shop.agent_months.iter().filter(|m| m.agent == i).map(|m| m.y).max()?;
        Some((y, shop.agent_months.iter().filter(|m| m.agent == i && m.y == y).collect::<Vec<_>>()))
    };
    let end = shop.profile.last;
    (0..shop.agents.len())
        .map(|i| {
            let Some((y, mine)) = last_year(i) else { return Vec::new() };
            // The peers as the deck picks them: over the months the agent
            // worked, the same role among those with figures in every one of
            // them, the whole team when the role has fewer than three.
            let own: Vec<u32> = mine.iter().map(|m| m.m).collect();
            let rows = |j: usize| {
                shop.agent_months.iter().filter(|m| m.agent == j && m.y == y && own.contains(&m.m)).collect::<Vec<_>>()
            };
            let full: Vec<usize> = (0..shop.agents.len()).filter(|&j| rows(j).len() == own.len()).collect();
            let same: Vec<usize> =
                full.iter().copied().filter(|&j| shop.agents[j].role == shop.agents[i].role).collect();
            let group = if same.len() >= 3 { same } else { full };
            // The months the agent worked, a month joined or left in by its days.
            let a = &shop.agents[i];
            let worked: f64 = own
                .iter()
                .map(|&m| {
                    let first = Date { y, m, d: 1 };
                    let last = Date { y, m, d: days_in_month(y, m) }.min(end);
                    let (s, e) = (first.max(a.joined), a.left.map_or(last, |l| last.min(l)));
                    if s > e { 0.0 } else { (e.days() - s.days() + 1) as f64 / (last.days() - first.days() + 1) as f64 }
                })
                .sum();
            let worked = if worked > 0.0 { worked } else { own.len() as f64 };
            let n = own.len().max(1) as f64;
            // The group's own figure: the KPI over all its rows (ratios of
            // sums, per member and month for totals).
            let together: Vec<&super::shop::AgentMonth> = group.iter().flat_map(|&j| rows(j)).collect();
            let members = group.len().max(1) as f64;
            let peers: Vec<Vec<&super::shop::AgentMonth>> = group.into_iter().filter(|&j| j != i).map(rows).collect();
            // Worse than the group first, then by how many peers do better.
            let mut order: Vec<(bool, f64, &'static str)> = kpis
                .iter()
                .map(|(name, lower, f)| {
                    let me = f(&mine, worked);
                    let better = peers.iter().filter(|p| if *lower { f(p, n) < me } else { f(p, n) > me }).count();
                    let team = f(&together, members * n);
                    let worse = if *lower { me > team } else { me < team };
                    (worse, better as f64 / peers.len().max(1) as f64, *name)
                })
                .collect();
            order.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)));
            order.into_iter().map(|(_, _, n)| n).collect()
        })
        .collect()
}

/// A rate as a deck shows it, in percent with one decimal.
fn pct1(v: f64) -> f64 {
    (v * 1000.0).round() / 10.0
}

/// 成长计划 and 个人目标 (review).
///
/// 成长计划: each agent's plan for their three weakest skills (the metric it
/// should move in 指标) and a line of their own growth. 个人目标: each year's
/// targets, set at its start from the agent's own year before (月均销售额,
/// rates and times), or from the team's for one who joined during the year;
/// each agent stretches differently, so some targets are met and some missed.
pub fn agent_plans(wb: &mut Book, shop: &Shop) {
    let mut growth = Vec::new();
    let mut goals = Vec::new();
    let g = shop.profile.vocab.growth;
    let invite_plan = ("提升邀评", ["服务结束前主动邀评，用好邀评快捷短语", "每周复盘未邀评的会话，找出漏邀的场景"]);
    let aov_plan = ("提升客单价", ["根据顾客需求做关联推荐与搭配", "讲清满减与店铺券，帮顾客合理凑单"]);
    let plan_of = |metric: &str| match metric {
        "询单转化率" | "销售额" => g[0],
        "首次响应时间" | "平均响应时间" => g[1],
        "接待量" => g[2],
        "客户满意率" | "中差评率" => g[3],
        "邀评率" => invite_plan,
        _ => aov_plan,
    };
    let last = shop.year();
    let weakest = weakest_skills(shop);
    let team: std::collections::BTreeMap<i32, Option<Year>> = shop
        .years()
        .into_iter()
        .map(|y| (y, year_of(&shop.agent_months.iter().filter(|m| m.y == y).collect::<Vec<_>>())))
        .collect();
    for (i, a) in shop.agents.iter().enumerate() {
        // A plan for the three KPIs where the agent stands lowest among the
        // same role: a line each from the direction that moves it, and a
        // second for the lowest when its direction has one to spare.
        let top: Vec<&str> = weakest[i].iter().take(3).copied().collect();
        let mut used: Vec<&str> = Vec::new();
        for (k, metric) in top.iter().enumerate() {
            let (dir, items) = plan_of(metric);
            let sharing = top.iter().filter(|m| plan_of(m).0 == dir).count();
            let lines = if k == 0 && sharing < items.len() { 2 } else { 1 };
            let done = used.iter().filter(|d| **d == dir).count();
            for it in items.iter().skip(done).take(lines) {
                growth.push(vec![t(a.name.clone()), t(*metric), t(dir), t(*it)]);
                used.push(dir);
            }
        }
        growth.push(vec![t(a.name.clone()), t(""), t("个人成长"), t("每月整理1个优秀案例，与组内分享")]);

        // Each year's targets, from the year before: the agent's own when they
        // worked three months of it, else the team's (a newcomer's first targets).
        let mut rng = super::sim::Rng::new(shop.profile.seed ^ 0x7A46_E75E ^ (i as u64 + 1).wrapping_mul(0x9E37_79B9));
        for y in shop.profile.first.y + 1..=last + 1 {
            let rows = |yy: i32| shop.agent_months.iter().filter(|m| m.agent == i && m.y == yy).collect::<Vec<_>>();
            let works = if y <= last { !rows(y).is_empty() } else { a.left.is_none() && !rows(last).is_empty() };
            if !works {
                continue;
            }
            // Sales per month worked as the deck counts them: a month joined or left in by its days.
            let by_days = |o: Year| {
                let worked: f64 = rows(y - 1)
                    .iter()
                    .map(|r| {
                        let (first, last) =
                            (Date { y: r.y, m: r.m, d: 1 }, Date { y: r.y, m: r.m, d: days_in_month(r.y, r.m) });
                        let (s, e) = (first.max(a.joined), a.left.map_or(last, |l| last.min(l)));
                        if s > e { 0.0 } else { (e.days() - s.days() + 1) as f64 / f64::from(days_in_month(r.y, r.m)) }
                    })
                    .sum();
                if worked > 0.0 { Year { sales: o.sales * o.months / worked, ..o } } else { o }
            };
            let own = year_of(&rows(y - 1)).filter(|o| o.months >= 3.0 && a.left.is_none_or(|l| l.y >= y)).map(by_days);
            let (base, newcomer) = match (own, team[&(y - 1)]) {
                (Some(o), _) => (o, false),
                (None, Some(tm)) => {
                    // A newcomer starts a little under the team's level.
                    let start = Year {
                        sales: tm.sales * 0.85,
                        conv: tm.conv - 0.01,
                        first: tm.first + 1.0,
                        sat: tm.sat - 0.003,
                        invite: tm.invite - 0.01,
                        ..tm
                    };
                    (start, true)
                }
                (None, None) => continue,
            };
            let sales = ((base.sales * (1.0 + rng.range(0.04, 0.20))) / 100.0).round() * 100.0;
            let conv = ((base.conv + rng.range(0.002, 0.025)) * 1000.0).round() / 1000.0;
            let first = ((base.first - rng.range(0.3, 2.5)).max(8.0) * 10.0).round() / 10.0;
            let sat = ((base.sat + rng.range(0.001, 0.008)).min(0.995) * 1000.0).round() / 1000.0;
            let invite = ((base.invite + rng.range(0.005, 0.03)).min(0.95) * 1000.0).round() / 1000.0;
            let was = y - 1;
            let note = |text: String| if newcomer { format!("入职时按团队{was}年水平设定") } else { text };
            let up = |goal: f64, from: f64| note(format!("较{was}年+{:.1}个百分点", pct1(goal) - pct1(from)));
            let faster = (base.first * 10.0).round() / 10.0 - first;
            for (name, unit, goal, note) in [
                ("月均销售额", "元", sales, note(format!("较{was}年月均+{:.0}%", (sales / base.sales - 1.0) * 100.0))),
                ("询单转化率", "%", conv, up(conv, base.conv)),
                (
                    "首次响应时间",
                    "秒",
                    first,
                    note(if faster > 0.0 {
                        format!("较{was}年缩短{faster:.1}秒")
                    } else {
                        format!("保持{first:.1}秒以内")
                    }),
                ),
                ("客户满意率", "%", sat, up(sat, base.sat)),
                ("邀评率", "%", invite, up(invite, base.invite)),
            ] {
                goals.push(vec![n(f64::from(y)), t(a.name.clone()), t(name), t(unit), n(goal), t(note)]);
            }
        }
    }
    sheet(
        wb,
        "成长计划",
        &[Col("客服姓名", "@", 10.0), Col("指标", "@", 12.0), Col("方向", "@", 12.0), Col("计划", "@", 36.0)],
        &growth,
    );
    sheet(
        wb,
        "个人目标",
        &[
            Col("年份", "0", 6.0),
            Col("客服姓名", "@", 10.0),
            Col("指标", "@", 12.0),
            Col("单位", "@", 6.0),
            Col("目标", "#,##0.0##", 12.0),
            Col("说明", "@", 20.0),
        ],
        &goals,
    );
}
