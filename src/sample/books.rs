//! The sample workbooks, one per deck, written from the simulated shop.

use super::sim::{self, Agent, Day, Rng, split};
use crate::data::date::Date;
use crate::xlsx::{Style, Value, Workbook};
use std::collections::BTreeMap;

/// A column: header, number format, width.
pub struct Col(pub &'static str, pub &'static str, pub f64);

/// A workbook as sheets of typed columns and rows, kept so that
/// `deckgen init` can write the same sheets with only example rows.
#[derive(Default)]
pub struct Book {
    pub sheets: Vec<SheetDef>,
}

/// One sheet: its columns (header, number format, width) and rows.
pub struct SheetDef {
    pub name: String,
    pub cols: Vec<(String, String, f64)>,
    pub rows: Vec<Vec<Value>>,
}

impl Book {
    /// The .xlsx: a frozen header row per sheet, each column formatted.
    pub fn to_bytes(&self) -> crate::error::Result<Vec<u8>> {
        let mut wb = Workbook::new();
        for sh in &self.sheets {
            let s = wb.add_sheet(&sh.name);
            for (c, col) in sh.cols.iter().enumerate() {
                wb.set(s, 0, c as u32, Value::Text(col.0.clone()), &Style::header());
                wb.sheet_mut(s).width(c as u32, col.2);
            }
            wb.sheet_mut(s).freeze(1);
            let styles: Vec<Style> = sh.cols.iter().map(|c| Style::fmt(&c.1)).collect();
            for (r, row) in sh.rows.iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    wb.set(s, r as u32 + 1, c as u32, v.clone(), &styles[c.min(styles.len() - 1)]);
                }
            }
        }
        wb.to_bytes()
    }
}

/// Adds a sheet with a header row and the rows.
pub fn sheet(wb: &mut Book, name: &str, cols: &[Col], rows: &[Vec<Value>]) {
    wb.sheets.push(SheetDef {
        name: name.to_string(),
        cols: cols.iter().map(|c| (c.0.to_string(), c.1.to_string(), c.2)).collect(),
        rows: rows.to_vec(),
    });
}

fn n(v: f64) -> Value {
    Value::Num(v)
}
fn t(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}
fn date(d: Date) -> Value {
    Value::Num(d.to_excel())
}
fn month(y: i32, m: u32) -> Value {
    Value::Num(Date { y, m, d: 1 }.to_excel())
}

/// Everything generated, shared by the workbooks.
pub struct Shop {
    pub profile: sim::Profile,
    pub days: Vec<Day>,
    pub agents: Vec<Agent>,
    /// Per agent and month: the agent's share of that month's work.
    pub agent_months: Vec<AgentMonth>,
}

#[derive(Debug, Clone)]
pub struct AgentMonth {
    pub y: i32,
    pub m: u32,
    pub agent: usize,
    pub chats: f64,
    pub inquiries: f64,
    pub orders: f64,
    pub sales: f64,
    pub first: f64,
    pub avg: f64,
    pub ratings: f64,
    pub satisfied: f64,
    pub bad: f64,
    pub invites: f64,
}

impl Shop {
    pub fn new(agents_n: usize) -> Shop {
        Shop::of(sim::Profile::first_shop(agents_n))
    }

    /// The shop of a profile (`sim::Profile::second_shop()` for the second sample).
    pub fn of(profile: sim::Profile) -> Shop {
        let mut rng = Rng::new(profile.seed);
        let days = sim::days(&mut rng, &profile);
        let agents = sim::agents(&mut rng, &profile);
        // Bigger teams handle proportionally more (the shop scales with them).
        let scale = profile.agents as f64 / 48.0;
        let days: Vec<Day> =
            if (scale - 1.0).abs() < 1e-9 { days } else { days.into_iter().map(|d| scale_day(d, scale)).collect() };
        let mut agent_months = Vec::new();
        for (y, m) in profile.months() {
            let md: Vec<&Day> = days.iter().filter(|d| d.date.y == y && d.date.m == m).collect();
            let tot = |f: fn(&Day) -> f64| md.iter().map(|d| f(d)).sum::<f64>();
            let chats = tot(|d| d.chats);
            let active: Vec<usize> = (0..agents.len()).filter(|i| agents[*i].active_in(y, m)).collect();
            let frac = |a: &Agent| -> f64 {
                let start = Date { y, m, d: 1 };
                let end = start.add_months(1).add_days(-1);
                let from = a.joined.max(start);
                let to = a.left.unwrap_or(end).min(end);
                ((to.days() - from.days() + 1) as f64 / (end.days() - start.days() + 1) as f64).clamp(0.05, 1.0)
            };
            let w_chats: Vec<f64> = active.iter().map(|&i| agents[i].volume * frac(&agents[i])).collect();
            let w_inq: Vec<f64> = active
                .iter()
                .zip(&w_chats)
                .map(|(&i, w)| w * if agents[i].group == "售后组" { 0.25 } else { 1.0 })
                .collect();
            let c = split(chats, &w_chats);
            let inq = split(tot(|d| d.inquiries), &w_inq);
            let w_ord: Vec<f64> = active.iter().zip(&inq).map(|(&i, q)| q * agents[i].conv).collect();
            let ord = split(tot(|d| d.orders), &w_ord);
            let w_sales: Vec<f64> =
                ord.iter().enumerate().map(|(k, o)| o * (1.0 + 0.04 * ((k * 37 % 11) as f64 / 10.0 - 0.5))).collect();
            let sales = split(tot(|d| d.agent_sales), &w_sales);
            let ratings = split(tot(|d| d.ratings), &c);
            let w_inv: Vec<f64> = active.iter().zip(&c).map(|(&i, w)| w * sim::invite_habit(profile.seed, i)).collect();
            let invites = split(tot(|d| d.invites), &w_inv);
            let sat_total = tot(|d| d.satisfied);
            let w_sat: Vec<f64> = active.iter().zip(&ratings).map(|(&i, r)| r * agents[i].sat).collect();
            let mut sat = split(sat_total, &w_sat);
            // Never more satisfied ratings than ratings: move the excess to others.
            let mut excess = 0.0;
            for (k, s) in sat.iter_mut().enumerate() {
                if *s > ratings[k] {
                    excess += *s - ratings[k];
                    *s = ratings[k];
                }
            }
            for (k, s) in sat.iter_mut().enumerate() {
                let room = ratings[k] - *s;
                let take = room.min(excess);
                *s += take;
                excess -= take;
            }
            let unhappy: Vec<f64> = ratings.iter().zip(&sat).map(|(r, s)| r - s).collect();
            let bad = split(tot(|d| d.bad_reviews), &unhappy.iter().map(|u| u + 0.01).collect::<Vec<_>>());
            // Response times: the chats-weighted mean of the agents equals the month's.
            let first_m = md.iter().map(|d| d.first_resp * d.chats).sum::<f64>() / chats;
            let avg_m = md.iter().map(|d| d.avg_resp * d.chats).sum::<f64>() / chats;
            let mean_speed =
                active.iter().zip(&c).map(|(&i, w)| agents[i].speed * w).sum::<f64>() / c.iter().sum::<f64>().max(1.0);
            for (k, &i) in active.iter().enumerate() {
                let f = agents[i].speed / mean_speed;
                agent_months.push(AgentMonth {
                    y,
                    m,
                    agent: i,
                    chats: c[k],
                    inquiries: inq[k],
                    orders: ord[k],
                    sales: sales[k],
                    first: (first_m * f * 10.0).round() / 10.0,
                    avg: (avg_m * f * 10.0).round() / 10.0,
                    ratings: ratings[k],
                    satisfied: sat[k],
                    bad: bad[k],
                    invites: invites[k],
                });
            }
        }
        Shop { profile, days, agents, agent_months }
    }

    /// The months of the data, in order.
    pub fn months(&self) -> Vec<(i32, u32)> {
        self.profile.months()
    }

    /// The year before the latest and the latest.
    pub fn years(&self) -> Vec<i32> {
        (self.profile.first.y..=self.profile.last.y).collect()
    }

    /// The latest year of the data.
    pub fn year(&self) -> i32 {
        self.profile.last.y
    }

    pub fn month_days(&self, y: i32, m: u32) -> Vec<&Day> {
        self.days.iter().filter(|d| d.date.y == y && d.date.m == m).collect()
    }
}

fn scale_day(mut d: Day, k: f64) -> Day {
    for v in [
        &mut d.shop_sales,
        &mut d.agent_sales,
        &mut d.inquiries,
        &mut d.orders,
        &mut d.chats,
        &mut d.invites,
        &mut d.ratings,
        &mut d.satisfied,
        &mut d.replied,
        &mut d.refunds,
        &mut d.returns,
        &mut d.bad_reviews,
        &mut d.bot_chats,
        &mut d.bot_inquiries,
        &mut d.bot_orders,
        &mut d.bot_sales,
        &mut d.on_duty,
        &mut d.shipments,
        &mut d.shipped_24h,
        &mut d.wrong_items,
        &mut d.missing_items,
        &mut d.damaged,
        &mut d.tickets_new,
        &mut d.tickets_closed,
        &mut d.refund_amount,
    ] {
        *v = (*v * k).round();
    }
    d
}

pub const DAY_COLS: &[Col] = &[
    Col("日期", "yyyy-mm-dd", 12.0),
    Col("店铺销售额", "#,##0", 12.0),
    Col("客服销售额", "#,##0", 12.0),
    Col("询单人数", "#,##0", 10.0),
    Col("下单人数", "#,##0", 10.0),
    Col("接待量", "#,##0", 10.0),
    Col("首响(秒)", "0.0", 9.0),
    Col("平响(秒)", "0.0", 9.0),
    Col("邀评数", "#,##0", 9.0),
    Col("评价数", "#,##0", 9.0),
    Col("满意数", "#,##0", 9.0),
    Col("回复数", "#,##0", 9.0),
    Col("退款单数", "#,##0", 9.0),
    Col("退货单数", "#,##0", 9.0),
    Col("中差评数", "#,##0", 9.0),
    Col("机器人接待量", "#,##0", 12.0),
    Col("机器人询单人数", "#,##0", 13.0),
    Col("机器人下单人数", "#,##0", 13.0),
    Col("机器人销售额", "#,##0", 12.0),
    Col("在岗人数", "0", 9.0),
];

fn day_rows(shop: &Shop) -> Vec<Vec<Value>> {
    shop.days
        .iter()
        .map(|d| {
            vec![
                date(d.date),
                n(d.shop_sales),
                n(d.agent_sales),
                n(d.inquiries),
                n(d.orders),
                n(d.chats),
                n(d.first_resp),
                n(d.avg_resp),
                n(d.invites),
                n(d.ratings),
                n(d.satisfied),
                n(d.replied),
                n(d.refunds),
                n(d.returns),
                n(d.bad_reviews),
                n(d.bot_chats),
                n(d.bot_inquiries),
                n(d.bot_orders),
                n(d.bot_sales),
                n(d.on_duty),
            ]
        })
        .collect()
}

pub const AGENT_MONTH_COLS: &[Col] = &[
    Col("月份", "yyyy-mm", 10.0),
    Col("工号", "@", 8.0),
    Col("客服姓名", "@", 10.0),
    Col("小组", "@", 10.0),
    Col("接待量", "#,##0", 9.0),
    Col("询单人数", "#,##0", 9.0),
    Col("下单人数", "#,##0", 9.0),
    Col("销售额", "#,##0", 11.0),
    Col("首响(秒)", "0.0", 9.0),
    Col("平响(秒)", "0.0", 9.0),
    Col("邀评数", "#,##0", 9.0),
    Col("评价数", "#,##0", 9.0),
    Col("满意数", "#,##0", 9.0),
    Col("中差评数", "#,##0", 9.0),
];

fn agent_month_rows(shop: &Shop) -> Vec<Vec<Value>> {
    shop.agent_months
        .iter()
        .map(|a| {
            let ag = &shop.agents[a.agent];
            vec![
                month(a.y, a.m),
                t(ag.id.clone()),
                t(ag.name.clone()),
                t(ag.group),
                n(a.chats),
                n(a.inquiries),
                n(a.orders),
                n(a.sales),
                n(a.first),
                n(a.avg),
                n(a.invites),
                n(a.ratings),
                n(a.satisfied),
                n(a.bad),
            ]
        })
        .collect()
}

fn roster(wb: &mut Book, shop: &Shop) {
    let rows: Vec<Vec<Value>> = shop
        .agents
        .iter()
        .map(|a| {
            vec![
                t(a.id.clone()),
                t(a.name.clone()),
                t(a.group),
                t(a.role),
                date(a.joined),
                a.left.map(date).unwrap_or(Value::Empty),
                t(if a.left.is_some() { "离职" } else { "在职" }),
                a.promoted.map(date).unwrap_or(Value::Empty),
            ]
        })
        .collect();
    sheet(
        wb,
        "客服名单",
        &[
            Col("工号", "@", 8.0),
            Col("客服姓名", "@", 10.0),
            Col("小组", "@", 10.0),
            Col("岗位", "@", 10.0),
            Col("入职日期", "yyyy-mm-dd", 12.0),
            Col("离职日期", "yyyy-mm-dd", 12.0),
            Col("状态", "@", 8.0),
            Col("晋升日期", "yyyy-mm-dd", 12.0),
        ],
        &rows,
    );
}

/// The community's size at the end of a month: grows with the shop, a little unevenly.
fn community(shop: &Shop, y: i32, m: u32) -> f64 {
    let k = (shop.profile.agents as f64 / 48.0).max(0.3);
    let i = ((y - shop.profile.first.y) * 12 + m as i32) as f64;
    let wobble = f64::from(((y as u32 * 12 + m) * 37) % 11) - 5.0;
    ((5200.0 + (380.0 + 20.0 * wobble) * i) * k).round()
}

/// 店铺信息: the shop's name and who presents, for the decks' covers.
fn shop_info(wb: &mut Book, shop: &Shop) {
    sheet(
        wb,
        "店铺信息",
        &[Col("店铺名称", "@", 18.0), Col("部门", "@", 10.0), Col("汇报人", "@", 18.0)],
        &[vec![t(shop.profile.shop), t("客服部"), t(shop.profile.manager)]],
    );
}

/// A month's targets: amounts from the same month of the year before plus
/// growth (the first year's from its own plan, a little under what
/// happened), rates by year. Order: 店铺销售额, 客服销售额, 询单转化率,
/// 首响(秒), 平响(秒), 满意率, 邀评率, 回复率.
pub fn month_targets(shop: &Shop, y: i32, m: u32) -> [f64; 8] {
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

/// Monthly targets from the first year to the year after the data.
fn targets(wb: &mut Book, shop: &Shop) {
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

/// Per month × category counts: (sheet, columns, categories with weights, monthly total from a day field).
fn breakdown(
    wb: &mut Book,
    shop: &Shop,
    rng: &mut Rng,
    name: &str,
    cols: &[Col],
    cats: &[(&str, &str, f64)],
    total: fn(&Day) -> f64,
) {
    let mut rows = Vec::new();
    for (y, m) in shop.months() {
        let tot: f64 = shop.month_days(y, m).iter().map(|d| total(d)).sum();
        let w: Vec<f64> = cats.iter().map(|c| c.2 * (1.0 + 0.15 * rng.normal() / 2.0)).collect();
        for (c, v) in cats.iter().zip(split(tot, &w)) {
            rows.push(vec![month(y, m), t(c.0), t(c.1), n(v)]);
        }
    }
    sheet(wb, name, cols, &rows);
}

/// Returns and bad reviews by product and reason.
fn by_product_reason(
    wb: &mut Book,
    shop: &Shop,
    rng: &mut Rng,
    name: &str,
    what: &'static str,
    reasons: &[(&str, f64)],
    total: fn(&Day) -> f64,
) {
    let pw = [1.6, 0.7, 1.2, 0.6, 0.9, 0.8, 0.5, 0.7];
    let mut rows = Vec::new();
    for (y, m) in shop.months() {
        let tot: f64 = shop.month_days(y, m).iter().map(|d| total(d)).sum();
        let mut cells = Vec::new();
        let mut w = Vec::new();
        let products = shop.profile.products;
        for (p, pwt) in products.iter().zip(pw) {
            for (r, rw) in reasons {
                // The first product's size problem dominates (尺码偏大).
                let boost = if *p == products[0] && *rw > 0.4 { 1.8 } else { 1.0 };
                cells.push((*p, *r));
                w.push(pwt * rw * boost * (1.0 + 0.2 * rng.normal() / 2.0));
            }
        }
        for ((p, r), v) in cells.iter().zip(split(tot, &w)) {
            if v > 0.0 {
                rows.push(vec![month(y, m), t(*p), t(*r), n(v)]);
            }
        }
    }
    sheet(
        wb,
        name,
        &[Col("月份", "yyyy-mm", 10.0), Col("商品", "@", 14.0), Col("原因", "@", 14.0), Col(what, "#,##0", 10.0)],
        &rows,
    );
}

/// The seed of the sheets the annual and monthly workbooks share.
const SHARED_SEED: u64 = 11;

fn monthly_sheets(wb: &mut Book, shop: &Shop, rng: &mut Rng) {
    breakdown(
        wb,
        shop,
        rng,
        "询单流失",
        &[Col("月份", "yyyy-mm", 10.0), Col("类型", "@", 12.0), Col("原因", "@", 14.0), Col("人数", "#,##0", 10.0)],
        shop.profile.vocab.lost,
        |d| d.inquiries - d.orders,
    );
    by_product_reason(wb, shop, rng, "退货", "退货数", shop.profile.vocab.returns, |d| d.returns);
    by_product_reason(wb, shop, rng, "中差评明细", "中差评数", shop.profile.vocab.reviews, |d| d.bad_reviews);
}

fn service_sheets(wb: &mut Book, shop: &Shop, rng: &mut Rng) {
    let mut dsr = Vec::new();
    let mut crm = Vec::new();
    let mut loss = Vec::new();
    let mut cost = Vec::new();
    for (y, m) in shop.months() {
        let md = shop.month_days(y, m);
        let sum = |f: fn(&Day) -> f64| md.iter().map(|d| f(d)).sum::<f64>();
        // A month the data ends in: its figures so far.
        let so_far = md.len() as f64 / f64::from(crate::data::date::days_in_month(y, m));
        let y26 = y == shop.year();
        let peak = matches!(m, 6 | 11);
        let r2 = |v: f64| (v * 100.0).round() / 100.0;
        let tickets = sum(|d| d.tickets_new);
        let hours = md.iter().map(|d| d.ticket_hours * d.tickets_new).sum::<f64>() / tickets.max(1.0);
        let refund = sum(|d| d.refund_amount);
        let saved = (refund * (0.18 + if y26 { 0.03 } else { 0.0 })).round();
        let after_cost = (tickets * (6.5 + rng.f())).round();
        dsr.push(vec![
            month(y, m),
            n(r2(4.79 + if y26 { 0.03 } else { 0.0 } - if peak { 0.02 } else { 0.0 } + 0.01 * rng.normal())),
            n(r2(4.81 + if y26 { 0.02 } else { 0.0 } - if peak { 0.03 } else { 0.0 } + 0.01 * rng.normal())),
            n(r2(4.76 + if y26 { 0.02 } else { 0.0 } - if peak { 0.05 } else { 0.0 } + 0.01 * rng.normal())),
            n(tickets),
            n((hours * 10.0).round() / 10.0),
            n(refund),
            n(saved),
            n(after_cost),
        ]);
        let orders = sum(|d| d.shop_sales) / 260.0;
        let returning = if y26 { 0.37 } else { 0.33 };
        crm.push(vec![
            month(y, m),
            n((orders * (1.0 - returning)).round()),
            n((orders * returning).round()),
            n((orders * 0.08).round()),
            n(community(shop, y, m)),
            n((sum(|d| d.shop_sales) * (0.031 + if y26 { 0.012 } else { 0.0 })).round()),
        ]);
        for &(kind, base, note) in shop.profile.vocab.losses {
            let k = if peak { 2.1 } else { 1.0 } * if y26 { 0.86 } else { 1.0 } * (1.0 + 0.2 * rng.normal() / 2.0);
            loss.push(vec![month(y, m), t(kind), n((base * k * so_far).round()), t(note)]);
        }
        let heads = shop.agents.iter().filter(|a| a.active_in(y, m)).count() as f64;
        for (item, v) in [
            ("总工资", heads * 5600.0),
            ("激励奖", heads * (420.0 + if peak { 380.0 } else { 0.0 })),
            ("售后成本", after_cost),
            ("客户关系维系", (refund * 0.012).round()),
            ("社群投入", 6800.0 + if y26 { 2400.0 } else { 0.0 }),
        ] {
            let v = if matches!(item, "售后成本" | "客户关系维系") { v } else { v * so_far };
            cost.push(vec![month(y, m), t(item), n(v.round())]);
        }
    }
    sheet(
        wb,
        "店铺评分与售后",
        &[
            Col("月份", "yyyy-mm", 10.0),
            Col("描述相符", "0.00", 9.0),
            Col("服务态度", "0.00", 9.0),
            Col("物流服务", "0.00", 9.0),
            Col("售后工单数", "#,##0", 10.0),
            Col("平均处理时长(小时)", "0.0", 16.0),
            Col("退款金额", "#,##0", 12.0),
            Col("挽回金额", "#,##0", 12.0),
            Col("售后成本", "#,##0", 10.0),
        ],
        &dsr,
    );
    sheet(
        wb,
        "客户关系",
        &[
            Col("月份", "yyyy-mm", 10.0),
            Col("新客成交人数", "#,##0", 12.0),
            Col("老客成交人数", "#,##0", 12.0),
            Col("新增会员", "#,##0", 10.0),
            Col("社群人数", "#,##0", 10.0),
            Col("社群销售额", "#,##0", 12.0),
        ],
        &crm,
    );
    sheet(
        wb,
        "资损",
        &[Col("月份", "yyyy-mm", 10.0), Col("类型", "@", 10.0), Col("金额", "#,##0", 10.0), Col("说明", "@", 28.0)],
        &loss,
    );
    sheet(wb, "成本", &[Col("月份", "yyyy-mm", 10.0), Col("项目", "@", 12.0), Col("金额", "#,##0", 12.0)], &cost);
}

fn people(wb: &mut Book, shop: &Shop) {
    let mut rows = Vec::new();
    for (y, m) in shop.months() {
        let start = Date { y, m, d: 1 };
        let end = start.add_months(1).add_days(-1);
        let on = shop.agents.iter().filter(|a| a.joined <= end && a.left.is_none_or(|l| l > end)).count();
        let joined = shop.agents.iter().filter(|a| a.joined >= start && a.joined <= end).count();
        let left = shop.agents.iter().filter(|a| a.left.is_some_and(|l| l >= start && l <= end)).count();
        let promoted = shop.agents.iter().filter(|a| a.promoted.is_some_and(|p| p >= start && p <= end)).count();
        rows.push(vec![month(y, m), n(on as f64), n(joined as f64), n(left as f64), n(promoted as f64)]);
    }
    sheet(
        wb,
        "人员变动",
        &[
            Col("月份", "yyyy-mm", 10.0),
            Col("在职人数", "0", 9.0),
            Col("入职人数", "0", 9.0),
            Col("离职人数", "0", 9.0),
            Col("晋升人数", "0", 9.0),
        ],
        &rows,
    );
}

fn campaigns(wb: &mut Book, shop: &Shop) {
    let mut rows = Vec::new();
    for name in ["618", "双11"] {
        for y in shop.years() {
            let ds: Vec<&Day> =
                shop.days.iter().filter(|d| d.date.y == y && sim::campaign(d.date) == Some(name)).collect();
            // A campaign the data does not reach yet has no row.
            if ds.len() < 20 {
                continue;
            }
            let s = |f: fn(&Day) -> f64| ds.iter().map(|d| f(d)).sum::<f64>();
            let chats = s(|d| d.chats);
            let first = ds.iter().map(|d| d.first_resp * d.chats).sum::<f64>() / chats;
            let avg = ds.iter().map(|d| d.avg_resp * d.chats).sum::<f64>() / chats;
            let heads = ds.iter().map(|d| d.on_duty).fold(0.0, f64::max);
            rows.push(vec![
                t(name),
                date(ds[0].date),
                n(s(|d| d.shop_sales)),
                n(s(|d| d.agent_sales)),
                n(s(|d| d.inquiries)),
                n(s(|d| d.orders)),
                n((first * 10.0).round() / 10.0),
                n((avg * 10.0).round() / 10.0),
                n(chats),
                n(heads),
            ]);
        }
    }
    sheet(
        wb,
        "大促复盘",
        &[
            Col("活动", "@", 8.0),
            Col("日期", "yyyy-mm-dd", 12.0),
            Col("销售额", "#,##0", 12.0),
            Col("客服销售额", "#,##0", 12.0),
            Col("询单人数", "#,##0", 10.0),
            Col("下单人数", "#,##0", 10.0),
            Col("首响(秒)", "0.0", 9.0),
            Col("平响(秒)", "0.0", 9.0),
            Col("接待量", "#,##0", 10.0),
            Col("客服人数", "0", 9.0),
        ],
        &rows,
    );
}

fn training(wb: &mut Book, shop: &Shop, rng: &mut Rng) {
    let topics = shop.profile.vocab.topics;
    let mut rows = Vec::new();
    for (y, m) in shop.months() {
        for k in 0..2 {
            let (topic, who) = topics[((y as usize * 12 + m as usize) * 2 + k) % topics.len()];
            let day = Date { y, m, d: 8 + 10 * k as u32 };
            // No more people in a session than there are to train.
            let here = shop.agents.iter().filter(|a| a.joined <= day && a.left.is_none_or(|l| l >= day));
            let can = match who {
                "新员工" => here.filter(|a| a.joined >= day.add_days(-90)).count(),
                "组长" => here.filter(|a| a.role == "组长").count() + 2,
                "售前客服" | "售后客服" => here.filter(|a| a.role == who).count(),
                _ => here.count(),
            } as u32;
            let people = (8 + (rng.f() * 30.0) as u32).min(can);
            if day > shop.profile.last || people == 0 {
                continue;
            }
            rows.push(vec![
                date(day),
                t(topic),
                t(who),
                n(people as f64),
                n(((0.82 + 0.16 * rng.f()) * 1000.0).round() / 1000.0),
            ]);
        }
    }
    sheet(
        wb,
        "培训",
        &[
            Col("日期", "yyyy-mm-dd", 12.0),
            Col("主题", "@", 18.0),
            Col("对象", "@", 10.0),
            Col("参训人数", "0", 9.0),
            Col("考核通过率", "0.0%", 11.0),
        ],
        &rows,
    );
    // Monthly TOP awards from the agents' results.
    let mut awards = Vec::new();
    for (y, m) in shop.months() {
        let am: Vec<_> = shop.agent_months.iter().filter(|a| a.y == y && a.m == m).collect();
        // A month's luck counts too: the same few agents do not win every month.
        let luck: Vec<f64> = am.iter().map(|_| 1.0 + 0.12 * rng.normal()).collect();
        let best = |key: &dyn Fn(&&AgentMonth) -> f64| {
            am.iter()
                .zip(&luck)
                .max_by(|(a, la), (b, lb)| {
                    (key(a) * **la).partial_cmp(&(key(b) * **lb)).unwrap_or(std::cmp::Ordering::Equal)
                })
                .map(|(a, _)| a.agent)
        };
        for (award, who, bonus) in [
            ("销售TOP奖", best(&|a| a.sales), 800.0),
            ("转化TOP奖", best(&|a| if a.inquiries > 200.0 { a.orders / a.inquiries } else { 0.0 }), 600.0),
            ("服务TOP奖", best(&|a| if a.ratings > 50.0 { a.satisfied / a.ratings } else { 0.0 }), 500.0),
        ] {
            if let Some(i) = who {
                awards.push(vec![month(y, m), t(award), t(shop.agents[i].name.clone()), n(bonus)]);
            }
        }
    }
    sheet(
        wb,
        "TOP奖",
        &[Col("月份", "yyyy-mm", 10.0), Col("奖项", "@", 10.0), Col("获奖人", "@", 10.0), Col("奖金", "#,##0", 8.0)],
        &awards,
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

/// 明年目标: for each year of the data, the next year's targets of the six
/// headline KPIs and their quarters. Amounts grow on the year counted whole
/// (a year to date by its days) and split by the quarters of the last whole
/// year; a rate or time target is never looser than the year's figure or
/// its own target.
fn next_year(wb: &mut Book, shop: &Shop) {
    let mut rows = Vec::new();
    for y in shop.years() {
        let now = year_totals(shop, y);
        let days = shop.days.iter().filter(|d| d.date.y == y).count() as f64;
        let whole = 365.0 / days.max(1.0);
        // This year's targets, as the deck compares them.
        let this = |k: usize, avg: bool| -> f64 {
            let v: Vec<f64> = (1..=12).map(|m| month_targets(shop, y, m)[k]).collect();
            if avg { v.iter().sum::<f64>() / 12.0 } else { v.iter().sum() }
        };
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
        // Each KPI the deck reviews: (name, unit, this year, the plan's step,
        // this year's target as a floor, kind, how the step was set).
        let plan: [PlanRow; 13] = [
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
            ("售后ROI", "", roi, roi * 1.05, None, Kind::Score, "挽回金额/售后成本提升5%".into()),
            ("资损金额", "元", loss / whole, loss * 0.85, None, Kind::Budget, format!("资损预算比{from}减少15%")),
        ];
        for (name, unit, base, step, floor, kind, how) in plan {
            let amount = matches!(kind, Kind::Amount | Kind::Budget);
            // Never looser than this year's own target: a missed target stays.
            let lower = matches!(kind, Kind::Time);
            let (goal, basis) = match floor {
                Some(f) if (lower && f < step) || (!lower && f > step) => {
                    (f, "今年目标未达成，维持今年目标".to_string())
                }
                _ => (step, how),
            };
            // Rounded to what a person would write, never looser than the figure.
            let goal = match kind {
                Kind::Amount => (goal / 10_000.0).ceil() * 10_000.0,
                Kind::Budget => (goal / 10_000.0).floor() * 10_000.0,
                Kind::Rate => (goal * 1000.0).ceil() / 1000.0,
                Kind::Time => (goal * 10.0).floor() / 10.0,
                Kind::Score => (goal * 100.0).ceil() / 100.0,
            };
            let mut row = vec![n(f64::from(y + 1)), t(name), t(unit), n((base * 10_000.0).round() / 10_000.0), n(goal)];
            for share in &q {
                row.push(n(if amount { (goal * share / 10_000.0).round() * 10_000.0 } else { goal }));
            }
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

/// decks/data/annual.xlsx
pub fn annual(shop: &Shop) -> Book {
    let mut rng = Rng::new(1);
    let mut wb = Book::default();
    shop_info(&mut wb, shop);
    sheet(&mut wb, "日数据", DAY_COLS, &day_rows(shop));
    sheet(&mut wb, "客服月度", AGENT_MONTH_COLS, &agent_month_rows(shop));
    roster(&mut wb, shop);
    targets(&mut wb, shop);
    // The sheets both workbooks hold are drawn alike, so the annual and the
    // monthly decks agree on a month's figures.
    monthly_sheets(&mut wb, shop, &mut Rng::new(SHARED_SEED));
    service_sheets(&mut wb, shop, &mut Rng::new(SHARED_SEED + 1));
    people(&mut wb, shop);
    campaigns(&mut wb, shop);
    training(&mut wb, shop, &mut rng);
    super::notes::problems(&mut wb, shop);
    super::notes::events(&mut wb, shop);
    next_year(&mut wb, shop);
    super::notes::plans(&mut wb, shop);
    wb
}

/// The KPI a case moved and what it did, in the agent's own words with a
/// figure (`成交2件，未退货`); the numbers vary by agent.
fn case_figure(scene: &str, rng: &mut Rng) -> (&'static str, String) {
    let mut k = |a: f64, b: f64| rng.range(a, b).round();
    match scene {
        "顾客犹豫尺码" | "顾客犹豫尺寸" => ("询单转化率", format!("成交{}件，未退货", k(1.0, 3.0))),
        "大促叠券咨询" => ("客单价", format!("客单价{}元", k(28.0, 46.0) * 10.0)),
        "物流延迟投诉" | "运输破损投诉" => {
            ("客户满意率", format!("中差评改为好评1条，补偿{}元", k(1.0, 4.0) * 10.0))
        }
        "配送时间协调" => ("客户满意率", format!("好评1条，{}天内送达", k(2.0, 4.0))),
        "老客复购" => ("销售额", format!("复购2单，{}元", k(30.0, 90.0) * 10.0)),
        "老客加购" => ("销售额", format!("加购2件，{}元", k(80.0, 260.0) * 10.0)),
        "高峰期漏回复" => ("首次响应时间", format!("顾客等待{}秒后离开，流失1单", k(150.0, 240.0))),
        "退货原因未记录" => ("中差评率", format!("{}单退货原因缺失，无法复盘", k(3.0, 9.0))),
        "未核对门宽" => ("中差评率", format!("退货1单，来回运费{}元", k(15.0, 40.0) * 10.0)),
        "安装时间承诺过满" => ("客户满意率", "顾客给出中评1条".to_string()),
        _ => ("客户满意率", format!("顾客给出中评{}条", k(1.0, 2.0))),
    }
}

/// Cases for the self-review decks: two good ones and two to improve for
/// each year an agent worked, each dated in a month they worked, with the
/// KPI it moved (指标) and its figure (影响).
fn cases(wb: &mut Book, shop: &Shop, rng: &mut Rng) {
    let (good, bad) = (shop.profile.vocab.good, shop.profile.vocab.bad);
    let mut rows = Vec::new();
    for (i, a) in shop.agents.iter().enumerate() {
        for y in shop.years() {
            let worked: Vec<u32> = shop.agent_months.iter().filter(|m| m.agent == i && m.y == y).map(|m| m.m).collect();
            if worked.is_empty() {
                continue;
            }
            let g1 = (rng.next_u64() % good.len() as u64) as usize;
            let g2 = (g1 + 1 + (rng.next_u64() % (good.len() as u64 - 1)) as usize) % good.len();
            let b1 = (rng.next_u64() % bad.len() as u64) as usize;
            let b2 = (b1 + 1 + (rng.next_u64() % (bad.len() as u64 - 1)) as usize) % bad.len();
            let picks = [("优秀案例", good[g1]), ("优秀案例", good[g2]), ("待改进", bad[b1]), ("待改进", bad[b2])];
            let mut months: Vec<u32> = picks.iter().map(|_| *rng.pick(&worked)).collect();
            months.sort_unstable();
            for ((kind, (scene, story, result)), m) in picks.into_iter().zip(months) {
                let (metric, figure) = case_figure(scene, rng);
                rows.push(vec![
                    t(a.name.clone()),
                    month(y, m),
                    t(kind),
                    t(scene),
                    t(story.replace(',', "，")),
                    t(result),
                    t(metric),
                    t(figure),
                ]);
            }
        }
    }
    sheet(
        wb,
        "案例",
        &[
            Col("客服姓名", "@", 10.0),
            Col("月份", "yyyy-mm", 10.0),
            Col("类型", "@", 10.0),
            Col("场景", "@", 14.0),
            Col("经过", "@", 40.0),
            Col("结果或改进", "@", 24.0),
            Col("指标", "@", 12.0),
            Col("影响", "@", 24.0),
        ],
        &rows,
    );
}

/// decks/data/review.xlsx
pub fn review(shop: &Shop) -> Book {
    let mut rng = Rng::new(2);
    let mut wb = Book::default();
    shop_info(&mut wb, shop);
    sheet(&mut wb, "客服月度", AGENT_MONTH_COLS, &agent_month_rows(shop));
    roster(&mut wb, shop);
    cases(&mut wb, shop, &mut rng);
    super::notes::agent_plans(&mut wb, shop);
    wb
}

fn warehouse(wb: &mut Book, shop: &Shop) {
    let rows: Vec<Vec<Value>> = shop
        .days
        .iter()
        .map(|d| {
            vec![date(d.date), n(d.shipments), n(d.shipped_24h), n(d.wrong_items), n(d.missing_items), n(d.damaged)]
        })
        .collect();
    sheet(
        wb,
        "仓储发货",
        &[
            Col("日期", "yyyy-mm-dd", 12.0),
            Col("发货单量", "#,##0", 10.0),
            Col("24小时发货单量", "#,##0", 14.0),
            Col("错发数", "0", 8.0),
            Col("漏发数", "0", 8.0),
            Col("破损数", "0", 8.0),
        ],
        &rows,
    );
}

fn tickets(wb: &mut Book, shop: &Shop) {
    let rows: Vec<Vec<Value>> = shop
        .days
        .iter()
        .map(|d| {
            vec![
                date(d.date),
                n(d.tickets_new),
                n(d.tickets_closed),
                n(d.ticket_hours),
                n(d.refunds),
                n(d.refund_amount),
            ]
        })
        .collect();
    sheet(
        wb,
        "售后工单",
        &[
            Col("日期", "yyyy-mm-dd", 12.0),
            Col("新增工单", "#,##0", 10.0),
            Col("完结工单", "#,##0", 10.0),
            Col("平均处理时长(小时)", "0.0", 16.0),
            Col("退款单数", "#,##0", 10.0),
            Col("退款金额", "#,##0", 12.0),
        ],
        &rows,
    );
}

fn feedback(wb: &mut Book, shop: &Shop, rng: &mut Rng) {
    let themes = shop.profile.vocab.feedback;
    let mut rows = Vec::new();
    for (y, m) in shop.months() {
        let tot: f64 = shop.month_days(y, m).iter().map(|d| d.ratings * 0.12).sum();
        let w: Vec<f64> = themes.iter().map(|x| x.1 * (1.0 + 0.2 * rng.normal() / 2.0)).collect();
        for (th, v) in themes.iter().zip(split(tot.round(), &w)) {
            rows.push(vec![month(y, m), t(th.0), n(v), t(th.2.replace(',', "，"))]);
        }
    }
    sheet(
        wb,
        "客户反馈",
        &[Col("月份", "yyyy-mm", 10.0), Col("主题", "@", 10.0), Col("次数", "#,##0", 8.0), Col("典型反馈", "@", 36.0)],
        &rows,
    );
}

/// decks/data/monthly.xlsx
pub fn monthly(shop: &Shop) -> Book {
    let mut rng = Rng::new(3);
    let mut wb = Book::default();
    shop_info(&mut wb, shop);
    sheet(&mut wb, "日数据", DAY_COLS, &day_rows(shop));
    sheet(&mut wb, "客服月度", AGENT_MONTH_COLS, &agent_month_rows(shop));
    targets(&mut wb, shop);
    warehouse(&mut wb, shop);
    tickets(&mut wb, shop);
    monthly_sheets(&mut wb, shop, &mut Rng::new(SHARED_SEED));
    feedback(&mut wb, shop, &mut rng);
    super::notes::month_notes(&mut wb, shop);
    service_sheets(&mut wb, shop, &mut Rng::new(SHARED_SEED + 1));
    people(&mut wb, shop);
    wb
}

/// One open item of the 待办 sheet: raised, due, and closed (or still open
/// on the data's last day).
struct Todo {
    item: &'static str,
    kind: &'static str,
    dept: &'static str,
    note: String,
    owner: &'static str,
    raised: Date,
    due: Date,
    closed: Option<Date>,
}

/// The 待办 sheet: items raised every week that stay until closed, a few of
/// them closed late (overdue for a while), the last ones still open.
fn todo_rows(shop: &Shop, rng: &mut Rng) -> Vec<Vec<Value>> {
    let v = &shop.profile.vocab;
    let mut items: Vec<Todo> = Vec::new();
    let mut d = Date::iso_week_start(shop.profile.first.y, 1);
    while d <= shop.profile.last {
        let week = (d.days() / 7) as usize;
        for k in 0..4usize {
            let raised = d.add_days(1 + k as i64);
            let (item, kind, dept, note, owner) = if k < 2 {
                let h = v.help[(week * 2 + k) % v.help.len()];
                (h.0, "需要协助", h.1, h.2.replace(',', "，"), shop.profile.who("李娜"))
            } else {
                let o = v.open[(week + k) % v.open.len()];
                (o.0, "本部门", "", o.2.to_string(), shop.profile.who(o.1))
            };
            // An item still open is not raised again.
            if items.iter().any(|t| t.item == item && t.closed.is_none_or(|c| c >= raised)) {
                continue;
            }
            let due = raised.add_days(if kind == "需要协助" { 5 } else { 7 });
            // Most close in time; one in five runs one to three weeks late.
            let days = if rng.f() < 0.2 { rng.range(8.0, 26.0) } else { rng.range(1.0, 7.0) };
            let closed = Some(raised.add_days(days as i64)).filter(|c| *c <= shop.profile.last);
            items.push(Todo { item, kind, dept, note, owner, raised, due, closed });
        }
        d = d.add_days(7);
    }
    items
        .into_iter()
        .map(|x| {
            let state = match (x.closed, x.kind) {
                (Some(_), _) => "已完成",
                (None, "需要协助") => "待协助",
                (None, _) => "进行中",
            };
            vec![
                t(x.item),
                t(x.kind),
                t(x.dept),
                t(x.note),
                t(x.owner),
                date(x.raised),
                date(x.due),
                t(state),
                x.closed.map_or(Value::Empty, date),
            ]
        })
        .collect()
}

fn week_lists(wb: &mut Book, shop: &Shop) {
    let focus = shop.profile.vocab.focus;
    let mut rng = Rng::new(5);
    sheet(
        wb,
        "待办",
        &[
            Col("事项", "@", 18.0),
            Col("类型", "@", 9.0),
            Col("协助部门", "@", 9.0),
            Col("说明", "@", 32.0),
            Col("负责人", "@", 8.0),
            Col("提出日期", "yyyy-mm-dd", 12.0),
            Col("截止日期", "yyyy-mm-dd", 12.0),
            Col("状态", "@", 8.0),
            Col("完成日期", "yyyy-mm-dd", 12.0),
        ],
        &todo_rows(shop, &mut rng),
    );
    let mut rf = Vec::new();
    let mut d = Date::iso_week_start(shop.profile.first.y, 1);
    while d <= shop.profile.last {
        for k in 0..5 {
            let f = focus[((d.days() / 7) as usize * 3 + k) % focus.len()];
            rf.push(vec![
                date(d.add_days(4)),
                t(f.0),
                t(shop.profile.who(f.1)),
                t(f.2),
                date(d.add_days(9 + k.min(2) as i64)),
            ]);
        }
        d = d.add_days(7);
    }
    sheet(
        wb,
        "下周重点",
        &[
            Col("日期", "yyyy-mm-dd", 12.0),
            Col("事项", "@", 18.0),
            Col("负责人", "@", 8.0),
            Col("目标", "@", 30.0),
            Col("截止日期", "yyyy-mm-dd", 12.0),
        ],
        &rf,
    );
}

/// decks/data/weekly.xlsx
pub fn weekly(shop: &Shop) -> Book {
    let mut wb = Book::default();
    shop_info(&mut wb, shop);
    sheet(&mut wb, "日数据", DAY_COLS, &day_rows(shop));
    targets(&mut wb, shop);
    tickets(&mut wb, shop);
    week_lists(&mut wb, shop);
    wb
}
