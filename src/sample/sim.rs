//! The simulated shop behind the sample data: 沐岚女装旗舰店 on Tmall,
//! 2025-01-01 to 2026-12-31. Deterministic (a fixed-seed SplitMix64), and
//! consistent: conversion is orders / inquiries, the agents' monthly rows
//! add up to the shop's monthly totals, and 618 and 双11 bring peaks in
//! volume and longer response times.

use crate::data::date::Date;

/// SplitMix64: small, fast, and the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn f(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in [a, b).
    pub fn range(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.f()
    }
    /// Roughly normal (sum of uniforms), mean 0, sd 1.
    pub fn normal(&mut self) -> f64 {
        (0..6).map(|_| self.f()).sum::<f64>() - 3.0
    }
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[(self.next_u64() % v.len() as u64) as usize]
    }
}

/// What kind of shop the sample is: its size, its calendar and how its
/// latest year goes. The first shop grows and meets most targets; the
/// second is smaller, loses people in the middle of the year, misses most
/// targets, has a bad 618, and its workbook ends in the middle of a month.
#[derive(Debug, Clone)]
pub struct Profile {
    pub shop: &'static str,
    /// Who presents the team's decks.
    pub manager: &'static str,
    /// The supervisor and group leaders who own measures and plans (the
    /// first presents).
    pub owners: [&'static str; 5],
    pub seed: u64,
    pub agents: usize,
    pub first: Date,
    pub last: Date,
    /// Conversion in the latest year: the first half's rise per month and
    /// the second half's level above the year before (points).
    pub conv_gain: f64,
    /// First-response base seconds: the year before, the latest year.
    pub first_resp: (f64, f64),
    /// Satisfaction: the year before, the latest year.
    pub sat: (f64, f64),
    /// Sales growth over a year.
    pub growth: f64,
    /// Targets of the latest year: last year's amounts times this.
    pub stretch: f64,
    /// A month of the latest year whose promotion goes badly.
    pub bad_promo: Option<u32>,
    /// Hires over the whole span, as a share of the team at the start.
    pub hires: f64,
    /// The chance that an agent leaves within the span.
    pub leave: f64,
    /// The products sold (returns and reviews are by product).
    pub products: &'static [&'static str],
    /// The words of the kind of shop (reasons, quotes, plans).
    pub vocab: &'static super::vocab::Vocab,
    /// Where in the name list the team's names start (two shops, two teams).
    pub name_offset: usize,
}

impl Profile {
    /// 沐岚女装旗舰店: the shipped sample, 2025–2026, `agents` at the start.
    pub fn first_shop(agents: usize) -> Profile {
        Profile {
            shop: "沐岚女装旗舰店",
            manager: "李娜（客服主管）",
            owners: ["李娜", "王芳", "赵敏", "刘洋", "陈晨"],
            seed: 20_261_123,
            agents,
            first: Date { y: 2025, m: 1, d: 1 },
            last: Date { y: 2026, m: 12, d: 31 },
            conv_gain: 0.0,
            first_resp: (16.8, 14.2),
            sat: (0.958, 0.961),
            growth: 0.06,
            stretch: 1.08,
            bad_promo: None,
            hires: 1.0 / 3.0,
            leave: 0.13,
            products: &[
                "法式碎花连衣裙",
                "羊毛针织开衫",
                "垂感阔腿裤",
                "双面呢大衣",
                "轻薄羽绒服",
                "纯棉印花卫衣",
                "真丝衬衫",
                "百褶半身裙",
            ],
            vocab: &super::vocab::FASHION,
            name_offset: 0,
        }
    }

    /// 栖木家居旗舰店: a second, differently shaped sample (`deckgen
    /// sample-data --shop 2`): 14 agents, many joining and leaving in
    /// mid-year, a weak 2026 with a bad 618, the workbook ending on 17 August.
    pub fn second_shop() -> Profile {
        Profile {
            shop: "栖木家居旗舰店",
            manager: "周岚（客服主管）",
            owners: ["周岚", "许诺", "韩梅", "邓超然", "孙可"],
            seed: 77_310_508,
            agents: 14,
            first: Date { y: 2025, m: 1, d: 1 },
            last: Date { y: 2026, m: 8, d: 17 },
            conv_gain: -0.022,
            first_resp: (15.6, 17.9),
            sat: (0.962, 0.951),
            growth: -0.05,
            stretch: 1.22,
            bad_promo: Some(6),
            hires: 0.6,
            leave: 0.35,
            products: &["实木餐桌", "布艺沙发", "记忆棉床垫", "收纳斗柜", "落地灯", "羊毛地毯"],
            vocab: &super::vocab::HOME,
            name_offset: 211,
        }
    }

    /// The profile's owner in the place the first shop's `name` has (the
    /// sample sheets are written with the first shop's people).
    pub fn who(&self, name: &str) -> &'static str {
        const FIRST: [&str; 5] = ["李娜", "王芳", "赵敏", "刘洋", "陈晨"];
        FIRST.iter().position(|n| *n == name).map_or("全员", |i| self.owners[i])
    }

    /// The months of the span, in order.
    pub fn months(&self) -> Vec<(i32, u32)> {
        let mut out = Vec::new();
        let mut d = Date { y: self.first.y, m: self.first.m, d: 1 };
        while d <= self.last {
            out.push((d.y, d.m));
            d = d.add_months(1);
        }
        out
    }
}

/// How busy a day is compared with an ordinary weekday (618, 双11…).
pub fn load(d: Date) -> f64 {
    let (m, day) = (d.m, d.d);
    let mut k = 1.0;
    if d.weekday() >= 6 {
        k *= 1.12;
    }
    // 618: presale from 5/20, peak 6/1 and 6/16-18.
    if (m == 5 && day >= 20) || (m == 6 && day <= 20) {
        k *= 1.6;
        if m == 6 && (day == 1 || (16..=18).contains(&day)) {
            k *= 2.2;
        }
    }
    // 双11: presale from 10/20, peaks 10/31 and 11/11.
    if (m == 10 && day >= 20) || (m == 11 && day <= 12) {
        k *= 2.2;
        if (m == 10 && day == 31) || (m == 11 && (10..=11).contains(&day)) {
            k *= 3.0;
        }
    }

    if m == 12 && (10..=12).contains(&day) {
        k *= 1.5;
    }
    if m == 1 && (8..=20).contains(&day) {
        k *= 1.25; // 年货节
    }
    if m == 3 && (5..=8).contains(&day) {
        k *= 1.4; // 女王节
    }
    if m == 2 && day <= 12 {
        k *= 0.7; // 春节
    }
    k
}

/// Whether a day is in a big campaign (response times suffer).
pub fn campaign(d: Date) -> Option<&'static str> {
    match (d.m, d.d) {
        (5, 20..=31) | (6, 1..=20) => Some("618"),
        (10, 20..=31) | (11, 1..=12) => Some("双11"),
        _ => None,
    }
}

/// One day of the shop.
#[derive(Debug, Clone)]
pub struct Day {
    pub date: Date,
    pub shop_sales: f64,
    pub agent_sales: f64,
    pub inquiries: f64,
    pub orders: f64,
    pub chats: f64,
    pub first_resp: f64,
    pub avg_resp: f64,
    pub invites: f64,
    pub ratings: f64,
    pub satisfied: f64,
    pub replied: f64,
    pub refunds: f64,
    pub returns: f64,
    pub bad_reviews: f64,
    pub bot_chats: f64,
    pub bot_inquiries: f64,
    pub bot_orders: f64,
    pub bot_sales: f64,
    pub on_duty: f64,
    pub shipments: f64,
    pub shipped_24h: f64,
    pub wrong_items: f64,
    pub missing_items: f64,
    pub damaged: f64,
    pub tickets_new: f64,
    pub tickets_closed: f64,
    pub ticket_hours: f64,
    pub refund_amount: f64,
}

/// The daily figures of the profile's span.
pub fn days(rng: &mut Rng, pf: &Profile) -> Vec<Day> {
    let mut out = Vec::new();
    let mut d = pf.first;
    let year_frac = |d: Date| (d.days() - pf.first.days()) as f64 / 365.0;
    while d <= pf.last {
        let t = year_frac(d);
        let y26 = d.y == pf.last.y;
        let bad = y26 && campaign(d).is_some() && pf.bad_promo == Some(if d.m == 5 { 6 } else { d.m });
        let l = load(d) * (1.0 + pf.growth * t) * (1.0 + 0.04 * rng.normal() / 2.0);
        let inquiries = (1650.0 * l).round();
        // Conversion: 36% in the year before; the latest year gains 3 points in H1, about flat in H2
        // (and `conv_gain` more).
        let mut conv = 0.358 + 0.004 * (t.min(1.0));
        if y26 {
            conv = if d.m <= 6 { 0.379 + 0.0025 * d.m as f64 } else { 0.381 + 0.0004 * (d.m - 6) as f64 };
            conv += pf.conv_gain;
        }
        if campaign(d).is_some() {
            conv += if bad { -0.025 } else { 0.018 };
        }
        conv += 0.006 * rng.normal() / 2.0;
        let orders = (inquiries * conv).round();
        let aov = if campaign(d).is_some() { 239.0 } else { 268.0 } * (1.0 + 0.015 * rng.normal() / 2.0);
        let agent_sales = (orders * aov).round();
        let share = if y26 { 0.448 } else { 0.421 } + 0.01 * rng.normal() / 2.0;
        let shop_sales = (agent_sales / share).round();
        let chats = (inquiries * 1.62).round();
        // Headcount on duty; peaks add part-timers but not enough.
        let on_duty = if campaign(d).is_some() { 46.0 } else { 34.0 } + (2.0 * rng.normal()).round();
        let per_agent = chats / on_duty;
        let base_first = if y26 { pf.first_resp.1 } else { pf.first_resp.0 } + if bad { 9.0 } else { 0.0 };
        let first_resp = ((base_first + per_agent * 0.045 + 0.6 * rng.normal()) * 10.0).round() / 10.0;
        let avg_resp = ((first_resp * 1.72 + 1.5 * rng.normal()) * 10.0).round() / 10.0;
        let invite_rate = if y26 { 0.68 } else { 0.62 } + 0.02 * rng.normal() / 2.0;
        let invites = (chats * invite_rate).round();
        let ratings = (invites * 0.46).round();
        let sat_rate = (if y26 { pf.sat.1 } else { pf.sat.0 })
            - if campaign(d).is_some() { 0.012 } else { 0.0 }
            - if bad { 0.02 } else { 0.0 }
            + 0.004 * rng.normal() / 2.0;
        let satisfied = (ratings * sat_rate).round();
        let replied = (chats * (0.9935 + 0.002 * rng.f())).round().min(chats);
        let total_orders = shop_sales / aov;
        let refunds =
            (total_orders * (0.071 + if y26 { 0.004 } else { 0.0 }) * (1.0 + 0.1 * rng.normal() / 2.0)).round();
        let returns = (refunds * 0.62).round();
        let bad_reviews = ((ratings - satisfied) * 0.55 + rng.f() * 2.0).round();
        let bot_share = if y26 { 0.285 } else { 0.225 } + 0.02 * t.fract() + 0.01 * rng.normal() / 2.0;
        let bot_chats = (chats * bot_share / (1.0 - bot_share)).round();
        let bot_inquiries = (bot_chats * 0.58).round();
        let bot_orders = (bot_inquiries * (0.172 + if y26 { 0.02 } else { 0.0 })).round();
        let bot_sales = (bot_orders * aov * 0.92).round();
        let shipments = total_orders.round();
        let shipped_24h = (shipments * (if campaign(d).is_some() { 0.86 } else { 0.955 } + 0.01 * rng.normal() / 2.0))
            .round()
            .min(shipments);
        let wrong_items = (shipments * 0.0012 * (1.0 + 0.4 * rng.f())).round();
        let missing_items = (shipments * 0.0008 * (1.0 + 0.4 * rng.f())).round();
        let damaged = (shipments * 0.0005 * (1.0 + 0.4 * rng.f())).round();
        let tickets_new = (refunds * 1.35 + 20.0 * rng.f()).round();
        let tickets_closed = (tickets_new * (0.96 + 0.03 * rng.f())).round();
        let ticket_hours = ((if campaign(d).is_some() { 14.5 } else { 9.2 } - if y26 { 1.4 } else { 0.0 }
            + 0.8 * rng.normal())
            * 10.0)
            .round()
            / 10.0;
        let refund_amount = (refunds * aov * 0.94).round();
        out.push(Day {
            date: d,
            shop_sales,
            agent_sales,
            inquiries,
            orders,
            chats,
            first_resp,
            avg_resp,
            invites,
            ratings,
            satisfied,
            replied,
            refunds,
            returns,
            bad_reviews,
            bot_chats,
            bot_inquiries,
            bot_orders,
            bot_sales,
            on_duty,
            shipments,
            shipped_24h,
            wrong_items,
            missing_items,
            damaged,
            tickets_new,
            tickets_closed,
            ticket_hours,
            refund_amount,
        });
        d = d.add_days(1);
    }
    out
}

/// An agent.
#[derive(Debug, Clone)]
pub struct Agent {
    pub id: String,
    pub name: String,
    pub group: &'static str,
    pub role: &'static str,
    pub joined: Date,
    pub left: Option<Date>,
    pub promoted: Option<Date>,
    /// Skill factors: conversion, speed (lower is faster), volume, satisfaction.
    pub conv: f64,
    pub speed: f64,
    pub volume: f64,
    pub sat: f64,
}

impl Agent {
    /// Active for (part of) the month.
    pub fn active_in(&self, y: i32, m: u32) -> bool {
        let start = Date { y, m, d: 1 };
        let end = start.add_months(1).add_days(-1);
        self.joined <= end && self.left.is_none_or(|l| l >= start)
    }
}

const SURNAMES: &[&str] = &[
    "林", "陈", "王", "张", "刘", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "罗",
    "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡",
    "余", "杜",
];
const GIVEN: &[&str] = &[
    "晓雨", "思远", "佳怡", "子涵", "一诺", "梓萱", "雨桐", "可欣", "沐阳", "欣然", "若曦", "浩然", "诗琪", "梦瑶",
    "雅婷", "嘉怡", "晨曦", "语嫣", "静怡", "欣怡", "紫涵", "心怡", "婉清", "宇航", "俊杰", "思琪", "雨萱", "佳琪",
    "晓彤", "锦程", "明轩", "安琪", "舒然", "芷若", "书瑶", "天佑", "凯文", "小满", "乐怡", "美琳", "楚涵", "雪莉",
    "依诺", "芳菲", "嘉禾",
];
const GROUPS: &[(&str, &str)] =
    &[("售前一组", "售前客服"), ("售前二组", "售前客服"), ("售后组", "售后客服"), ("夜班组", "售前客服")];

/// The team: `n` agents on the payroll at the start, plus hires and leavers.
pub fn agents(rng: &mut Rng, pf: &Profile) -> Vec<Agent> {
    let n = pf.agents;
    let mut names: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let total = n + (n as f64 * pf.hires).round() as usize; // hires over the span
    let mut k = pf.name_offset;
    while out.len() < total {
        let name = format!("{}{}", SURNAMES[k % SURNAMES.len()], GIVEN[(k * 7 + k / SURNAMES.len()) % GIVEN.len()]);
        k += 1;
        if names.contains(&name) {
            // Large teams run out of pairs; number the repeats.
            let name2 = format!("{name}{}", k / (SURNAMES.len() * GIVEN.len()) + 2);
            if names.contains(&name2) {
                continue;
            }
            names.push(name2);
        } else {
            names.push(name);
        }
        let i = out.len();
        let (group, role) = GROUPS[i % GROUPS.len()];
        let hired_later = i >= n;
        let joined = if hired_later {
            // Before 618 or before 双11, in either year.
            let y = if rng.f() < 0.5 { pf.first.y } else { pf.last.y };
            let m = if rng.f() < 0.5 { 4 + (rng.f() * 2.0) as u32 } else { 9 + (rng.f() * 2.0) as u32 };
            let d = Date { y, m, d: 1 + (rng.f() * 25.0) as u32 };
            // Nobody joins after the data ends: a later hire joins the year before.
            if d > pf.last { Date { y: y - 1, ..d } } else { d }
        } else {
            Date {
                y: pf.first.y - 4 + (rng.f() * 4.0) as i32,
                m: 1 + (rng.f() * 12.0) as u32,
                d: 1 + (rng.f() * 27.0) as u32,
            }
        };
        // Some leave, more in their first months.
        let left = if rng.f() < pf.leave {
            let l = joined.max(pf.first).add_days(60 + (rng.f() * 500.0) as i64);
            (l <= pf.last).then_some(l)
        } else {
            None
        };
        let promoted = (!hired_later && left.is_none() && rng.f() < 0.06).then(|| Date {
            y: pf.last.y,
            m: 3 + (rng.f() * 6.0) as u32,
            d: 1,
        });
        let rookie = if hired_later { 0.9 } else { 1.0 };
        out.push(Agent {
            id: format!("KF{:03}", i + 1),
            name: names.last().cloned().unwrap_or_default(),
            group,
            role: if promoted.is_some() { "组长" } else { role },
            joined,
            left,
            promoted,
            conv: (1.0 + 0.09 * rng.normal()) * rookie,
            speed: (1.0 + 0.12 * rng.normal()) / rookie,
            volume: (1.0 + 0.15 * rng.normal()) * rookie * if group == "售后组" { 0.8 } else { 1.0 },
            sat: 1.0 + 0.01 * rng.normal(),
        });
    }
    out
}

/// How readily agent `agent` asks buyers for a rating, around 1 (邀评率 is
/// the agent's own habit). Drawn from its own seed, apart from the shared
/// sequence, so every other figure of the sample stays as it was.
pub fn invite_habit(seed: u64, agent: usize) -> f64 {
    let mut r = Rng::new(seed ^ (agent as u64 + 1).wrapping_mul(0xA24B_AED4_963E_E407));
    (1.0 + 0.1 * r.normal()).clamp(0.8, 1.2)
}

/// Splits `total` into integer parts proportional to `weights` (largest remainder).
pub fn split(total: f64, weights: &[f64]) -> Vec<f64> {
    let sum: f64 = weights.iter().sum();
    if sum <= 0.0 || weights.is_empty() {
        return vec![0.0; weights.len()];
    }
    let raw: Vec<f64> = weights.iter().map(|w| total * w / sum).collect();
    let mut out: Vec<f64> = raw.iter().map(|r| r.floor()).collect();
    let mut left = (total - out.iter().sum::<f64>()).round() as i64;
    let mut order: Vec<usize> = (0..raw.len()).collect();
    order.sort_by(|a, b| {
        (raw[*b] - raw[*b].floor()).partial_cmp(&(raw[*a] - raw[*a].floor())).unwrap_or(std::cmp::Ordering::Equal)
    });
    for i in order.into_iter().cycle() {
        if left <= 0 {
            break;
        }
        out[i] += 1.0;
        left -= 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_consistent() {
        let pf = Profile::first_shop(48);
        let a = days(&mut Rng::new(7), &pf);
        let b = days(&mut Rng::new(7), &pf);
        assert_eq!(a.len(), 730);
        assert_eq!(a[100].shop_sales, b[100].shop_sales);
        for d in &a {
            assert!(d.orders <= d.inquiries && d.satisfied <= d.ratings && d.shipped_24h <= d.shipments);
        }
        assert_eq!(split(10.0, &[1.0, 1.0, 1.0]).iter().sum::<f64>(), 10.0);
        let team = agents(&mut Rng::new(7), &pf);
        assert!(team.iter().filter(|a| a.active_in(2026, 12)).count() >= 40);
        let two = Profile::second_shop();
        assert_eq!(days(&mut Rng::new(7), &two).last().map(|d| d.date), Some(two.last));
    }
}
