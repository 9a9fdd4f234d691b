//! The sample workbooks, one per deck, written from the simulated shop.

pub use super::book::{Book, Col, SheetDef, sheet};
use super::book::{date, month, n, t};
use super::plan::{next_year, targets};
pub use super::shop::{AgentMonth, Shop};
use super::sim::{self, Day, Rng, split};
use super::workflow::{feedback, tickets, warehouse, week_lists};
use crate::data::date::Date;
use crate::xlsx::Value;

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
