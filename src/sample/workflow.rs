//! The sheets of the daily work behind the monthly and weekly workbooks:
//! 仓储发货, 工单, 客户反馈, the 待办 list and the week's lists.

use super::book::{Book, Col, date, month, n, sheet, t};
use super::shop::Shop;
use super::sim::{Rng, split};
use crate::data::date::Date;
use crate::xlsx::Value;

pub(super) fn warehouse(wb: &mut Book, shop: &Shop) {
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

pub(super) fn tickets(wb: &mut Book, shop: &Shop) {
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

pub(super) fn feedback(wb: &mut Book, shop: &Shop, rng: &mut Rng) {
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

pub(super) fn week_lists(wb: &mut Book, shop: &Shop) {
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
