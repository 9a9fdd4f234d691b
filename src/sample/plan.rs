//! Targets: the 目标 sheet (each month's targets) and the 明年目标 sheet
//! (next year's plan with its basis).

use super::book::{Book, Col, month, n, sheet, t};
use super::shop::Shop;
use super::sim::{Day, split};
use crate::data::date::Date;
use crate::xlsx::Value;
use std::collections::BTreeMap;

/// A month's targets: amounts from the same month of the year before plus
/// growth (the first year's from its own plan, a little under what
/// happened), rates by year. Order: 店铺销售额, 客服销售额, 询单转化率,
/// 首响(秒), 平响(秒), 满意率, 邀评率, 回复率.
pub fn month_targets(shop: &Shop, y: i32, m: u32) -> [f64; 8] {
    if y > shop.year() {
        return planned_month(shop, y, m);
    }
    let first = shop.profile.first.y;
    // The latest year before `y` that has this month (a plan for next year
    // builds on the months there are).
    let base_y = (first..y).rev().find(|b| !shop.month_days(*b, m).is_empty()).unwrap_or(first);
    let md = shop.month_days(base_y, m);
    let sales: f64 = md.iter().map(|d| d.shop_sales).sum();
    let agent: f64 = md.iter().map(|d| d.agent_sales).sum();
    let k = if y == first {
        0.98
    } else if y == shop.year() {
        shop.profile.stretch
    } else {
        1.12
    };
    let round = |v: f64| (v * k / 10_000.0).round() * 10_000.0;
    let (conv, first_r, avg, sat, inv, rep) = if y == first {
        (0.36, 20.0, 34.0, 0.955, 0.60, 0.993)
    } else if y == shop.year() {
        (0.375, 18.0, 32.0, 0.960, 0.65, 0.994)
    } else {
        (0.39, 16.0, 28.0, 0.965, 0.70, 0.995)
    };
    [round(sales), round(agent), conv, first_r, avg, sat, inv, rep]
}

/// A month of the year after the data, as next year's plan (明年目标) set
/// it: a rate or time target for every month; an amount split by the
/// months' shares of the sales they build on, rounded to 万 so that the
/// twelve months add up to the year's target.
fn planned_month(shop: &Shop, y: i32, m: u32) -> [f64; 8] {
    let goals: Vec<f64> = headline_plan(shop, y - 1).into_iter().map(|r| settle(&r).0).collect();
    let first = shop.profile.first.y;
    let base = |mm: u32, agent: bool| -> f64 {
        let by = (first..y).rev().find(|b| !shop.month_days(*b, mm).is_empty()).unwrap_or(first);
        shop.month_days(by, mm).iter().map(|d| if agent { d.agent_sales } else { d.shop_sales }).sum()
    };
    let split = |goal: f64, agent: bool| -> f64 {
        let weights: Vec<f64> = (1..=12).map(|mm| base(mm, agent)).collect();
        // In 万, the largest remainders taking the extra 万 (sim::split).
        split(goal / 10_000.0, &weights)[(m - 1) as usize] * 10_000.0
    };
    [split(goals[0], false), split(goals[1], true), goals[2], goals[3], goals[4], goals[5], goals[6], goals[7]]
}

/// Monthly targets from the first year to the year after the data.
pub(super) fn targets(wb: &mut Book, shop: &Shop) {
    let mut rows = Vec::new();
    for y in shop.profile.first.y..=shop.year() + 1 {
        for m in 1..=12u32 {
            let mut row = vec![month(y, m)];
            row.extend(month_targets(shop, y, m).into_iter().map(n));
            rows.push(row);
        }
    }
    sheet(
        wb,
        "目标",
        &[
            Col("月份", "yyyy-mm", 10.0),
            Col("店铺销售额目标", "#,##0", 14.0),
            Col("客服销售额目标", "#,##0", 14.0),
            Col("询单转化率目标", "0.0%", 14.0),
            Col("首响目标(秒)", "0.0", 12.0),
            Col("平响目标(秒)", "0.0", 12.0),
            Col("满意率目标", "0.0%", 12.0),
            Col("邀评率目标", "0.0%", 12.0),
            Col("回复率目标", "0.0%", 12.0),
        ],
        &rows,
    );
}

/// Figures of a year, for the next-year plan.
fn year_totals(shop: &Shop, y: i32) -> BTreeMap<&'static str, f64> {
    let ds: Vec<&Day> = shop.days.iter().filter(|d| d.date.y == y).collect();
    let s = |f: fn(&Day) -> f64| ds.iter().map(|d| f(d)).sum::<f64>();
    let mut m = BTreeMap::new();
    m.insert("店铺销售额", s(|d| d.shop_sales));
    m.insert("客服销售额", s(|d| d.agent_sales));
    m.insert("询单转化率", s(|d| d.orders) / s(|d| d.inquiries));
    m.insert("首响", ds.iter().map(|d| d.first_resp * d.chats).sum::<f64>() / s(|d| d.chats));
    m.insert("平响", ds.iter().map(|d| d.avg_resp * d.chats).sum::<f64>() / s(|d| d.chats));
    m.insert("满意率", s(|d| d.satisfied) / s(|d| d.ratings));
    m.insert("邀评率", s(|d| d.invites) / s(|d| d.chats));
    m.insert("回复率", s(|d| d.replied) / s(|d| d.chats));
    m.insert("机器人接待占比", s(|d| d.bot_chats) / (s(|d| d.chats) + s(|d| d.bot_chats)));
    m
}

/// The plan for the year after `y` of the eight KPIs the 目标 sheet sets
/// (in its order): this year's figure, the plan's step, this year's target
/// as a floor, and how the step was set.
fn headline_plan(shop: &Shop, y: i32) -> Vec<PlanRow> {
    let now = year_totals(shop, y);
    let days = shop.days.iter().filter(|d| d.date.y == y).count() as f64;
    let whole = 365.0 / days.max(1.0);
    // This year's targets, as the deck compares them.
    let this = |k: usize, avg: bool| -> f64 {
        let v: Vec<f64> = (1..=12).map(|m| month_targets(shop, y, m)[k]).collect();
        if avg { v.iter().sum::<f64>() / 12.0 } else { v.iter().sum() }
    };
    let from = if days >= 365.0 { "今年实际" } else { "今年按全年折算" };
    vec![
        (
            "店铺销售额",
            "元",
            now["店铺销售额"],
            now["店铺销售额"] * whole * 1.12,
            Some(this(0, false)),
            Kind::Amount,
            format!("{from}增长12%"),
        ),
        (
            "客服销售额",
            "元",
            now["客服销售额"],
            now["客服销售额"] * whole * 1.15,
            Some(this(1, false)),
            Kind::Amount,
            format!("{from}增长15%"),
        ),
        (
            "询单转化率",
            "%",
            now["询单转化率"],
            now["询单转化率"] + 0.012,
            Some(this(2, true)),
            Kind::Rate,
            "今年实际提升1.2个百分点".into(),
        ),
        (
            "首次响应时间",
            "秒",
            now["首响"],
            (now["首响"] - 1.5).max(10.0),
            Some(this(3, true)),
            Kind::Time,
            "今年实际缩短1.5秒".into(),
        ),
        (
            "平均响应时间",
            "秒",
            now["平响"],
            (now["平响"] - 3.0).max(20.0),
            Some(this(4, true)),
            Kind::Time,
            "今年实际缩短3秒".into(),
        ),
        (
            "客户满意率",
            "%",
            now["满意率"],
            (now["满意率"] + 0.004).min(0.99),
            Some(this(5, true)),
            Kind::Rate,
            "今年实际提升0.4个百分点".into(),
        ),
        (
            "邀评率",
            "%",
            now["邀评率"],
            (now["邀评率"] + 0.01).min(0.95),
            Some(this(6, true)),
            Kind::Rate,
            "今年实际提升1个百分点".into(),
        ),
        (
            "回复率",
            "%",
            now["回复率"],
            (now["回复率"] + 0.001).min(0.999),
            Some(this(7, true)),
            Kind::Rate,
            "今年实际提升0.1个百分点".into(),
        ),
    ]
}

/// A plan row's target and its basis: never looser than this year's own
/// target (a missed target stays), rounded the way the basis reads.
fn settle(row: &PlanRow) -> (f64, String) {
    let (_, _, _, step, floor, kind, how) = row;
    let lower = matches!(kind, Kind::Time);
    match floor {
        // This year's target as it was set (no rounding: it is kept).
        Some(f) if (lower && f < step) || (!lower && f > step) => {
            ((f * 1e6).round() / 1e6, "今年目标未达成，维持今年目标".to_string())
        }
        _ => {
            let goal = match kind {
                Kind::Amount => (step / 10_000.0 - 1e-9).ceil() * 10_000.0,
                Kind::Budget => (step / 1_000.0 + 1e-9).floor() * 1_000.0,
                Kind::Rate => (step * 10_000.0).round() / 10_000.0,
                Kind::Time => (step * 10.0 + 1e-6).floor() / 10.0,
                Kind::Score => (step * 100.0).round() / 100.0,
            };
            (goal, how.clone())
        }
    }
}

/// 明年目标: for each year of the data, the next year's target of every KPI
/// the deck reviews, with its quarters and its basis. Amounts grow on the year counted whole
/// (a year to date by its days) and split by the quarters of the last whole
/// year; a rate or time target is never looser than the year's figure or
/// its own target.
pub(super) fn next_year(wb: &mut Book, shop: &Shop) {
    let mut rows = Vec::new();
    for y in shop.years() {
        let days = shop.days.iter().filter(|d| d.date.y == y).count() as f64;
        let whole = 365.0 / days.max(1.0);
        // The quarters' shares of the last whole year's shop sales.
        let full =
            (shop.profile.first.y..=y).rev().find(|fy| shop.days.iter().filter(|d| d.date.y == *fy).count() >= 365);
        let q: Vec<f64> = match full {
            Some(fy) => {
                let sales = |qq: u32| -> f64 {
                    shop.days
                        .iter()
                        .filter(|d| d.date.y == fy && (d.date.m - 1) / 3 + 1 == qq)
                        .map(|d| d.shop_sales)
                        .sum()
                };
                let all: f64 = (1..=4).map(sales).sum();
                (1..=4).map(|qq| sales(qq) / all).collect()
            }
            None => vec![0.25; 4],
        };
        let dsr = sheet_year(wb, "店铺评分与售后", "服务态度", y, true);
        let club = sheet_year(wb, "客户关系", "社群销售额", y, false) * whole;
        let roi = sheet_year(wb, "店铺评分与售后", "挽回金额", y, false)
            / sheet_year(wb, "店铺评分与售后", "售后成本", y, false).max(1.0);
        let loss = sheet_year(wb, "资损", "金额", y, false) * whole;
        let from = if days >= 365.0 { "今年实际" } else { "今年按全年折算" };
        let now = year_totals(shop, y);
        // The eight KPIs of the 目标 sheet, then the others the deck reviews.
        let mut plan = headline_plan(shop, y);
        plan.extend([
            (
                "机器人接待占比",
                "%",
                now["机器人接待占比"],
                now["机器人接待占比"] + 0.03,
                None,
                Kind::Rate,
                "机器人升级后再提升3个百分点".into(),
            ),
            ("DSR服务态度", "分", dsr, (dsr + 0.02).min(5.0), None, Kind::Score, "今年月均提升0.02分".into()),
            ("社群销售额", "元", club / whole, club * 1.2, None, Kind::Amount, format!("{from}增长20%")),
            ("售后ROI", "", roi, roi * 1.05, None, Kind::Score, "挽回金额与售后成本之比提升5%".into()),
            ("资损金额", "元", loss / whole, loss * 0.85, None, Kind::Budget, format!("资损预算比{from}减少15%")),
        ]);
        for row in &plan {
            let (goal, basis) = settle(row);
            let (name, unit, base, _, _, kind, _) = row;
            let amount = matches!(kind, Kind::Amount | Kind::Budget);
            let mut row =
                vec![n(f64::from(y + 1)), t(*name), t(*unit), n((base * 10_000.0).round() / 10_000.0), n(goal)];
            // Amounts split into quarters that add up to the year's target.
            let step = if matches!(kind, Kind::Budget) { 1_000.0 } else { 10_000.0 };
            let quarters =
                if amount { split(goal / step, &q).into_iter().map(|p| p * step).collect() } else { vec![goal; 4] };
            row.extend(quarters.into_iter().map(n));
            row.push(t(basis));
            rows.push(row);
        }
    }
    sheet(
        wb,
        "明年目标",
        &[
            Col("年份", "0", 6.0),
            Col("指标", "@", 12.0),
            Col("单位", "@", 6.0),
            Col("本年实际", "#,##0.00", 14.0),
            Col("目标", "#,##0.00", 14.0),
            Col("第一季度", "#,##0.00", 12.0),
            Col("第二季度", "#,##0.00", 12.0),
            Col("第三季度", "#,##0.00", 12.0),
            Col("第四季度", "#,##0.00", 12.0),
            Col("依据", "@", 30.0),
        ],
        &rows,
    );
}

/// A row of next year's plan: name, unit, this year, the plan's step,
/// this year's target as a floor, kind, how the step was set.
type PlanRow = (&'static str, &'static str, f64, f64, Option<f64>, Kind, String);

/// How a plan's target is rounded.
#[derive(Clone, Copy)]
enum Kind {
    Amount,
    Budget,
    Rate,
    Time,
    Score,
}

/// A column of a monthly sheet already written, over year `y`: its sum, or
/// its mean over the months.
fn sheet_year(wb: &Book, sheet: &str, col: &str, y: i32, mean: bool) -> f64 {
    let Some(sh) = wb.sheets.iter().find(|s| s.name == sheet) else { return 0.0 };
    let Some(ci) = sh.cols.iter().position(|c| c.0 == col) else { return 0.0 };
    let (from, to) = (Date { y, m: 1, d: 1 }.to_excel(), Date { y: y + 1, m: 1, d: 1 }.to_excel());
    let vals: Vec<f64> = sh
        .rows
        .iter()
        .filter(|r| matches!(r.first(), Some(Value::Num(d)) if *d >= from && *d < to))
        .filter_map(|r| match r.get(ci) {
            Some(Value::Num(v)) => Some(*v),
            _ => None,
        })
        .collect();
    let sum: f64 = vals.iter().sum();
    if mean { sum / (vals.len().max(1) as f64) } else { sum }
}
