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

pub fn months() -> Vec<(i32, u32)> {
    (2025..=2026).flat_map(|y| (1..=12).map(move |m| (y, m))).collect()
}

impl Shop {
    pub fn new(agents_n: usize) -> Shop {
        let mut rng = Rng::new(20_261_123);
        let days = sim::days(&mut rng);
        let agents = sim::agents(&mut rng, agents_n);
        // Bigger teams handle proportionally more (the shop scales with them).
        let scale = agents_n as f64 / 48.0;
        let days: Vec<Day> =
            if (scale - 1.0).abs() < 1e-9 { days } else { days.into_iter().map(|d| scale_day(d, scale)).collect() };
        let mut agent_months = Vec::new();
        for (y, m) in months() {
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
            let invites = split(tot(|d| d.invites), &c);
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
        Shop { days, agents, agent_months }
    }

    fn month_days(&self, y: i32, m: u32) -> Vec<&Day> {
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

/// Monthly targets for 2025–2027: amounts from last year's same month plus growth, rates fixed.
fn targets(wb: &mut Book, shop: &Shop) {
    let mut rows = Vec::new();
    for y in 2025..=2027 {
        for m in 1..=12u32 {
            // A year's targets come from the year before (2025's from its own
            // plan, a little under what happened).
            let base_y = if y == 2025 { 2025 } else { y - 1 };
            let md = shop.month_days(base_y, m);
            let sales: f64 = md.iter().map(|d| d.shop_sales).sum();
            let agent: f64 = md.iter().map(|d| d.agent_sales).sum();
            let k = match y {
                2025 => 0.98,
                2026 => 1.08,
                _ => 1.12,
            };

            let round = |v: f64| (v * k / 10_000.0).round() * 10_000.0;
            let (conv, first, avg, sat, inv, rep) = match y {
                2025 => (0.36, 20.0, 34.0, 0.955, 0.60, 0.993),
                2026 => (0.375, 18.0, 32.0, 0.960, 0.65, 0.994),
                _ => (0.39, 16.0, 28.0, 0.965, 0.70, 0.995),
            };
            rows.push(vec![
                month(y, m),
                n(round(sales)),
                n(round(agent)),
                n(conv),
                n(first),
                n(avg),
                n(sat),
                n(inv),
                n(rep),
            ]);
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

const PRODUCTS: &[&str] = &[
    "法式碎花连衣裙",
    "羊毛针织开衫",
    "垂感阔腿裤",
    "双面呢大衣",
    "轻薄羽绒服",
    "纯棉印花卫衣",
    "真丝衬衫",
    "百褶半身裙",
];

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
    for (y, m) in months() {
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
    for (y, m) in months() {
        let tot: f64 = shop.month_days(y, m).iter().map(|d| total(d)).sum();
        let mut cells = Vec::new();
        let mut w = Vec::new();
        for (p, pwt) in PRODUCTS.iter().zip(pw) {
            for (r, rw) in reasons {
                // The first product's size problem dominates (尺码偏大).
                let boost = if *p == PRODUCTS[0] && *rw > 0.4 { 1.8 } else { 1.0 };
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

fn monthly_sheets(wb: &mut Book, shop: &Shop, rng: &mut Rng) {
    breakdown(
        wb,
        shop,
        rng,
        "询单流失",
        &[Col("月份", "yyyy-mm", 10.0), Col("类型", "@", 12.0), Col("原因", "@", 14.0), Col("人数", "#,##0", 10.0)],
        &[
            ("短期可提升", "尺码需确认", 3.1),
            ("短期可提升", "价格敏感", 2.5),
            ("短期可提升", "顾虑质量", 1.6),
            ("短期可提升", "顾虑服务", 1.0),
            ("短期无法提升", "无需求产品", 1.3),
            ("短期无法提升", "非购买客户", 0.8),
        ],
        |d| d.inquiries - d.orders,
    );
    by_product_reason(
        wb,
        shop,
        rng,
        "退货",
        "退货数",
        &[("尺码偏大", 0.6), ("色差", 0.2), ("质量问题", 0.1), ("与预期不符", 0.07), ("其他", 0.03)],
        |d| d.returns,
    );
    by_product_reason(
        wb,
        shop,
        rng,
        "中差评明细",
        "中差评数",
        &[("发货慢", 0.45), ("与描述不符", 0.3), ("售后服务", 0.15), ("客服态度", 0.1)],
        |d| d.bad_reviews,
    );
}

fn service_sheets(wb: &mut Book, shop: &Shop, rng: &mut Rng) {
    let mut dsr = Vec::new();
    let mut crm = Vec::new();
    let mut loss = Vec::new();
    let mut cost = Vec::new();
    for (y, m) in months() {
        let md = shop.month_days(y, m);
        let sum = |f: fn(&Day) -> f64| md.iter().map(|d| f(d)).sum::<f64>();
        let y26 = y == 2026;
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
            n((5200.0 + 380.0 * ((y - 2025) * 12 + m as i32) as f64).round()),
            n((sum(|d| d.shop_sales) * (0.031 + if y26 { 0.012 } else { 0.0 })).round()),
        ]);
        for (kind, base, note) in [
            ("营销资损", 3200.0, "优惠券叠加规则配置错误"),
            ("品质资损", 8600.0, "面料起球、开线导致退货"),
            ("物流资损", 4100.0, "快递丢件与超时赔付"),
            ("仓储资损", 2700.0, "错发、漏发补偿"),
        ] {
            let k = if peak { 2.1 } else { 1.0 } * if y26 { 0.86 } else { 1.0 } * (1.0 + 0.2 * rng.normal() / 2.0);
            loss.push(vec![month(y, m), t(kind), n((base * k).round()), t(note)]);
        }
        let heads = shop.agents.iter().filter(|a| a.active_in(y, m)).count() as f64;
        for (item, v) in [
            ("总工资", heads * 5600.0),
            ("激励奖", heads * (420.0 + if peak { 380.0 } else { 0.0 })),
            ("售后成本", after_cost),
            ("客户关系维系", (refund * 0.012).round()),
            ("社群投入", 6800.0 + if y26 { 2400.0 } else { 0.0 }),
        ] {
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
    for (y, m) in months() {
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
        for y in [2025, 2026] {
            let ds: Vec<&Day> =
                shop.days.iter().filter(|d| d.date.y == y && sim::campaign(d.date) == Some(name)).collect();
            let s = |f: fn(&Day) -> f64| ds.iter().map(|d| f(d)).sum::<f64>();
            let chats = s(|d| d.chats);
            let first = ds.iter().map(|d| d.first_resp * d.chats).sum::<f64>() / chats;
            let avg = ds.iter().map(|d| d.avg_resp * d.chats).sum::<f64>() / chats;
            let heads = ds.iter().map(|d| d.on_duty).fold(0.0, f64::max);
            rows.push(vec![
                t(name),
                n(y as f64),
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
            Col("年份", "0", 6.0),
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
    let topics = [
        ("新人入职培训", "新员工"),
        ("大促话术演练", "全员"),
        ("尺码推荐与搭配", "售前客服"),
        ("售后纠纷处理", "售后客服"),
        ("客户情绪安抚", "全员"),
        ("千牛快捷短语与工具", "全员"),
        ("组长管理能力", "组长"),
        ("数据分析与复盘", "组长"),
    ];
    let mut rows = Vec::new();
    for (y, m) in months() {
        for k in 0..2 {
            let (topic, who) = topics[((y as usize * 12 + m as usize) * 2 + k) % topics.len()];
            let people = 8 + (rng.f() * 30.0) as u32;
            rows.push(vec![
                date(Date { y, m, d: 8 + 10 * k as u32 }),
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
    for (y, m) in months() {
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

fn issues(wb: &mut Book) {
    let rows: Vec<Vec<Value>> = [
        [
            "退货率偏高",
            "退货率同比上升0.4个百分点",
            "两款连衣裙尺码偏大,详情页无尺码建议",
            "详情页标注“建议拍小一码”;售前主动推荐尺码",
            "王芳",
            "2027-03",
        ],
        [
            "大促首响偏长",
            "双11首响超过30秒",
            "进线量是平日3倍,新人占比高,分流不均",
            "大促前招募兼职并提前2周培训;机器人分流三成进线",
            "李娜",
            "2027-05",
        ],
        [
            "中差评回访不足",
            "回访率仅58%",
            "售后人手紧张,回访无专人负责",
            "设立回访专岗,48小时内完成回访",
            "赵敏",
            "2027-02",
        ],
        [
            "新人上手周期长",
            "新人独立上岗需4周",
            "培训资料零散,无考核",
            "建立案例库与考核题库,3周上岗",
            "陈晨",
            "2027-04",
        ],
        [
            "机器人答非所问",
            "机器人转人工率35%",
            "知识库未覆盖新品与活动规则",
            "每周更新知识库,大促前专项补充",
            "刘洋",
            "2027-03",
        ],
    ]
    .iter()
    .map(|r| r.iter().map(|s| t(s.replace(',', "，").replace(';', "；"))).collect())
    .collect();
    sheet(
        wb,
        "问题清单",
        &[
            Col("问题", "@", 14.0),
            Col("数据表现", "@", 20.0),
            Col("原因", "@", 28.0),
            Col("改进措施", "@", 32.0),
            Col("负责人", "@", 8.0),
            Col("完成时间", "@", 10.0),
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
    m
}

fn next_year(wb: &mut Book, shop: &Shop) {
    let now = year_totals(shop, 2026);
    let q = [0.21, 0.27, 0.20, 0.32];
    let mut rows = Vec::new();
    for (name, unit, goal, amount) in [
        ("店铺销售额", "元", now["店铺销售额"] * 1.12, true),
        ("客服销售额", "元", now["客服销售额"] * 1.15, true),
        ("询单转化率", "%", now["询单转化率"] + 0.012, false),
        ("首次响应时间", "秒", (now["首响"] - 1.5).max(10.0), false),
        ("平均响应时间", "秒", (now["平响"] - 3.0).max(20.0), false),
        ("客户满意率", "%", (now["满意率"] + 0.004).min(0.99), false),
    ] {
        let base = match name {
            "首次响应时间" => now["首响"],
            "平均响应时间" => now["平响"],
            "客户满意率" => now["满意率"],
            other => now[other],
        };
        let goal = if amount {
            (goal / 10_000.0).round() * 10_000.0
        } else if unit == "%" {
            (goal * 1000.0).round() / 1000.0
        } else {
            (goal * 10.0).round() / 10.0
        };
        let mut row = vec![t(name), t(unit), n((base * 10_000.0).round() / 10_000.0), n(goal)];
        for share in q {
            row.push(n(if amount { (goal * share / 10_000.0).round() * 10_000.0 } else { goal }));
        }
        rows.push(row);
    }
    sheet(
        wb,
        "明年目标",
        &[
            Col("指标", "@", 12.0),
            Col("单位", "@", 6.0),
            Col("2026年实际", "#,##0.00", 14.0),
            Col("2027年目标", "#,##0.00", 14.0),
            Col("第一季度", "#,##0.00", 12.0),
            Col("第二季度", "#,##0.00", 12.0),
            Col("第三季度", "#,##0.00", 12.0),
            Col("第四季度", "#,##0.00", 12.0),
        ],
        &rows,
    );
}

/// decks/data/annual.xlsx
pub fn annual(shop: &Shop) -> Book {
    let mut rng = Rng::new(1);
    let mut wb = Book::default();
    sheet(&mut wb, "日数据", DAY_COLS, &day_rows(shop));
    sheet(&mut wb, "客服月度", AGENT_MONTH_COLS, &agent_month_rows(shop));
    roster(&mut wb, shop);
    targets(&mut wb, shop);
    monthly_sheets(&mut wb, shop, &mut rng);
    service_sheets(&mut wb, shop, &mut rng);
    people(&mut wb, shop);
    campaigns(&mut wb, shop);
    training(&mut wb, shop, &mut rng);
    issues(&mut wb);
    next_year(&mut wb, shop);
    wb
}

/// Cases for the self-review decks.
fn cases(wb: &mut Book, shop: &Shop, rng: &mut Rng) {
    let good = [
        ("顾客犹豫尺码", "询问身高体重与平时尺码,对照尺码表推荐并说明面料弹性", "顾客下单且未退货"),
        ("大促叠券咨询", "用快捷短语讲清满减与店铺券叠加,附计算示例", "当场成交3件"),
        ("物流延迟投诉", "先致歉再查询物流,主动补偿无门槛券并每日跟进", "顾客追评改为好评"),
        ("老客复购", "根据历史订单推荐同系列新品,邀请加入会员群", "复购2单"),
    ];
    let bad = [
        ("高峰期漏回复", "同时接待过多,一位顾客等待超过3分钟", "设置接待上限,超量转组长分流"),
        ("退货原因未记录", "处理退货时未登记原因,无法分析", "按退货原因模板逐单登记"),
        ("话术生硬", "直接复制快捷短语,顾客觉得敷衍", "快捷短语后补一句个性化回应"),
    ];
    let mut rows = Vec::new();
    for a in &shop.agents {
        let (g, b) = (rng.pick(&good), rng.pick(&bad));
        rows.push(vec![t(a.name.clone()), t("优秀案例"), t(g.0), t(g.1.replace(',', "，")), t(g.2)]);
        rows.push(vec![t(a.name.clone()), t("待改进"), t(b.0), t(b.1.replace(',', "，")), t(b.2)]);
    }
    sheet(
        wb,
        "案例",
        &[
            Col("客服姓名", "@", 10.0),
            Col("类型", "@", 10.0),
            Col("场景", "@", 14.0),
            Col("经过", "@", 40.0),
            Col("结果或改进", "@", 24.0),
        ],
        &rows,
    );
}

/// decks/data/review.xlsx
pub fn review(shop: &Shop) -> Book {
    let mut rng = Rng::new(2);
    let mut wb = Book::default();
    sheet(&mut wb, "客服月度", AGENT_MONTH_COLS, &agent_month_rows(shop));
    roster(&mut wb, shop);
    cases(&mut wb, shop, &mut rng);
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
    let themes = [
        ("尺码", 3.0, "平时穿M这款要拍S,希望详情页写清楚"),
        ("物流", 2.2, "大促发货太慢,等了5天"),
        ("质量", 1.4, "洗了一次有点起球"),
        ("色差", 1.1, "实物颜色比图片深"),
        ("客服服务", 0.8, "客服回复很耐心,推荐的尺码很合适"),
        ("价格", 0.7, "付款后第二天降价,希望保价"),
    ];
    let mut rows = Vec::new();
    for (y, m) in months() {
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

fn month_issues(wb: &mut Book, rng: &mut Rng) {
    let pool = [
        ("大促期间首响超时", "进线量激增,排班不足", "高峰时段增加2名兼职,启用排队安抚话术", "李娜"),
        ("尺码咨询占比高", "新品尺码表不清晰", "补充尺码对照表与试穿报告", "王芳"),
        ("错发漏发投诉", "仓库拣货高峰人手不足", "与仓库约定双人复核,错发24小时内补发", "赵敏"),
        ("退款处理慢", "售后工单跨部门流转", "设置退款审核SLA为4小时", "刘洋"),
        ("中差评回访不及时", "回访无人跟进", "每日早会分配回访任务", "陈晨"),
        ("机器人转人工率高", "知识库缺少活动规则", "活动上线前更新机器人知识库", "刘洋"),
    ];
    let mut rows = Vec::new();
    for (y, m) in months() {
        for k in 0..3 {
            let p = rng.pick(&pool);
            let done = Date { y, m, d: 1 }.add_months(1).add_days(9 + 5 * k as i64);
            rows.push(vec![
                month(y, m),
                t(p.0),
                t(p.1.replace(',', "，")),
                t(p.2.replace(',', "，")),
                t(p.3),
                date(done),
                t(if k == 2 { "进行中" } else { "已完成" }),
            ]);
        }
    }
    sheet(
        wb,
        "问题措施",
        &[
            Col("月份", "yyyy-mm", 10.0),
            Col("问题", "@", 16.0),
            Col("原因", "@", 22.0),
            Col("措施", "@", 30.0),
            Col("负责人", "@", 8.0),
            Col("完成时间", "yyyy-mm-dd", 12.0),
            Col("状态", "@", 8.0),
        ],
        &rows,
    );
}

/// decks/data/monthly.xlsx
pub fn monthly(shop: &Shop) -> Book {
    let mut rng = Rng::new(3);
    let mut wb = Book::default();
    sheet(&mut wb, "日数据", DAY_COLS, &day_rows(shop));
    sheet(&mut wb, "客服月度", AGENT_MONTH_COLS, &agent_month_rows(shop));
    targets(&mut wb, shop);
    warehouse(&mut wb, shop);
    tickets(&mut wb, shop);
    monthly_sheets(&mut wb, shop, &mut rng);
    feedback(&mut wb, shop, &mut rng);
    month_issues(&mut wb, &mut rng);
    service_sheets(&mut wb, shop, &mut rng);
    people(&mut wb, shop);
    wb
}

fn week_lists(wb: &mut Book) {
    let help = [
        ("新品详情页缺尺码表", "运营部", "上新前补充尺码对照与模特身材数据"),
        ("大促赠品库存不足", "仓储部", "确认赠品补货时间,缺货时提前告知客服口径"),
        ("退款审核超时", "财务部", "退款审核在4小时内完成"),
        ("快递揽收延迟", "仓储部", "与快递协调增加揽收批次"),
        ("活动规则不清", "运营部", "活动上线前一天提供客服版规则说明"),
        ("质检发现面料起球", "商品部", "确认是否下架并提供统一回复口径"),
    ];
    let open = [
        ("缺货订单安抚", "李娜", "持续跟进，每日同步进度"),
        ("中差评回访", "赵敏", "已回访60%"),
        ("机器人知识库更新", "刘洋", "新品部分待补充"),
        ("新人考核", "陈晨", "5人待复考"),
        ("售后工单积压", "王芳", "剩余42单"),
        ("退款纠纷处理", "王芳", "3单待平台介入"),
        ("直播间问答口径", "赵敏", "待运营确认活动细则"),
    ];
    let focus = [
        ("提升询单转化率", "李娜", "尺码推荐与优惠说明话术全员过一遍"),
        ("缩短首响", "刘洋", "晚高峰增开2个接待席位"),
        ("中差评回访全覆盖", "赵敏", "本周中差评48小时内100%回访"),
        ("新人带教", "陈晨", "3名新人通过考核、独立上岗"),
        ("大促备战排班", "李娜", "完成排班表与兼职培训"),
        ("退货原因周报", "王芳", "周五前提交退货原因分析"),
        ("机器人知识库", "刘洋", "补充新品问答50条"),
        ("售后工单清零", "王芳", "积压工单48小时内结清"),
    ];
    let mut rh = Vec::new();
    let mut ro = Vec::new();
    let mut rf = Vec::new();
    let mut d = Date::iso_week_start(2025, 1);
    while d <= sim::last_day() {
        for k in 0..3 {
            let h = help[((d.days() / 7) as usize * 2 + k as usize) % help.len()];
            rh.push(vec![
                date(d.add_days(1 + 2 * k)),
                t(h.0),
                t(h.1),
                t(h.2.replace(',', "，")),
                t(if k == 0 { "已解决" } else { "待解决" }),
            ]);
        }
        for k in 0..4 {
            let o = open[((d.days() / 7) as usize + k) % open.len()];
            ro.push(vec![date(d.add_days(k as i64 + 2)), t(o.0), t(o.1), date(d.add_days(8 + k as i64)), t(o.2)]);
        }
        for k in 0..5 {
            let f = focus[((d.days() / 7) as usize * 3 + k) % focus.len()];
            rf.push(vec![date(d.add_days(4)), t(f.0), t(f.1), t(f.2), date(d.add_days(9 + k.min(2) as i64))]);
        }
        d = d.add_days(7);
    }
    sheet(
        wb,
        "需要协助",
        &[
            Col("日期", "yyyy-mm-dd", 12.0),
            Col("事项", "@", 18.0),
            Col("协助部门", "@", 10.0),
            Col("需要的支持", "@", 34.0),
            Col("状态", "@", 8.0),
        ],
        &rh,
    );
    sheet(
        wb,
        "未处理",
        &[
            Col("日期", "yyyy-mm-dd", 12.0),
            Col("事项", "@", 18.0),
            Col("负责人", "@", 8.0),
            Col("预计完成", "yyyy-mm-dd", 12.0),
            Col("进展", "@", 20.0),
        ],
        &ro,
    );
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
    sheet(&mut wb, "日数据", DAY_COLS, &day_rows(shop));
    targets(&mut wb, shop);
    tickets(&mut wb, shop);
    week_lists(&mut wb);
    wb
}
