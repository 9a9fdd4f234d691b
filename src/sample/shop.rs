//! The simulated shop every sample workbook is written from: its days,
//! its agents and each agent's share of each month's work.

use super::sim::{self, Agent, Day, Rng, split};
use crate::data::date::Date;

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
