//! `deckgen init KIND [DIR]`: a deck spec and a blank workbook to fill in.
//!
//! The workbook has exactly the sheets the spec reads, with the same header
//! rows and number formats as the shipped sample data, two example rows per
//! sheet, and a first sheet (填写说明) that says what each column means and
//! in which unit it is written.

use crate::data::period::Period;
use crate::error::{Error, Result};
use crate::sample::books::{self, Book, SheetDef};
use crate::xlsx::Value;
use std::path::{Path, PathBuf};

/// Makes the sample workbook of a deck.
type MakeBook = fn(&books::Shop) -> Book;

/// The decks `init` can write: name, spec text, sample workbook.
const KINDS: &[(&str, &str, MakeBook)] = &[
    ("annual", include_str!("../decks/annual.yaml"), books::annual),
    ("review", include_str!("../decks/review.yaml"), books::review),
    ("monthly", include_str!("../decks/monthly.yaml"), books::monthly),
    ("weekly", include_str!("../decks/weekly.yaml"), books::weekly),
];

/// What each column means and how it is written (unit), for 填写说明.
const COLUMNS: &[(&str, &str, &str)] = &[
    ("日期", "这一行数据所属的日期", "日期，如 2026-11-23"),
    ("月份", "这一行数据所属的月份", "日期，填该月任意一天或 2026-11"),
    ("店铺销售额", "店铺当天（当月）全部成交金额", "元"),
    ("客服销售额", "经客服接待后成交的金额（客服绩效口径）", "元"),
    ("销售额", "该客服（或活动）的成交金额", "元"),
    ("询单人数", "咨询过客服、有购买意向的买家数", "人"),
    ("下单人数", "询单后下单的买家数（询单转化率 = 下单人数 ÷ 询单人数）", "人"),
    ("接待量", "客服接待的会话数", "次"),
    ("首响(秒)", "首次响应时间：买家首次发问到客服首次回复的平均时长", "秒"),
    ("平响(秒)", "平均响应时间：每次回复的平均等待时长", "秒"),
    ("邀评数", "客服主动邀请评价的次数", "次"),
    ("评价数", "买家给出的服务评价数", "条"),
    ("满意数", "评价为满意的条数（满意率 = 满意数 ÷ 评价数）", "条"),
    ("回复数", "已回复的会话数（回复率 = 回复数 ÷ 接待量）", "次"),
    ("退款单数", "发起退款的订单数", "单"),
    ("退货单数", "发生退货的订单数", "单"),
    ("中差评数", "中评与差评的条数", "条"),
    ("机器人接待量", "店铺机器人（智能客服）接待的会话数", "次"),
    ("机器人询单人数", "由机器人接待的询单买家数", "人"),
    ("机器人下单人数", "由机器人接待后下单的买家数", "人"),
    ("机器人销售额", "由机器人接待后成交的金额", "元"),
    ("在岗人数", "当天在岗的客服人数", "人"),
    ("工号", "客服工号", "文本"),
    ("客服姓名", "客服姓名（各表写法要一致）", "文本"),
    ("小组", "客服所在小组，如 售前一组", "文本"),
    ("岗位", "岗位，如 售前客服、售后客服、组长", "文本"),
    ("入职日期", "入职日期", "日期"),
    ("离职日期", "离职日期，在职留空", "日期"),
    ("状态", "在职/离职，或事项的状态（已完成、进行中、待协助）", "文本"),
    ("晋升日期", "晋升日期，没有留空", "日期"),
    ("店铺销售额目标", "当月店铺销售额目标", "元"),
    ("客服销售额目标", "当月客服销售额目标", "元"),
    ("询单转化率目标", "当月询单转化率目标", "百分比，如 38% 或 0.38"),
    ("首响目标(秒)", "首次响应时间目标（越低越好）", "秒"),
    ("平响目标(秒)", "平均响应时间目标（越低越好）", "秒"),
    ("满意率目标", "客户满意率目标", "百分比"),
    ("邀评率目标", "邀评率目标", "百分比"),
    ("回复率目标", "回复率目标", "百分比"),
    ("类型", "分类，如 流失类型、资损类型、案例类型；待办中写 需要协助 或 本部门", "文本"),
    ("原因", "原因分类，如 尺码不合适、物流慢", "文本"),
    ("人数", "人数", "人"),
    ("商品", "商品名称", "文本"),
    ("退货数", "退货件数", "件"),
    ("描述相符", "店铺评分：描述相符", "分（满分5）"),
    ("服务态度", "店铺评分：服务态度", "分（满分5）"),
    ("物流服务", "店铺评分：物流服务", "分（满分5）"),
    ("售后工单数", "当月售后工单数", "单"),
    ("平均处理时长(小时)", "售后工单从创建到完结的平均时长", "小时"),
    ("退款金额", "退款金额", "元"),
    ("挽回金额", "通过客服挽回的金额", "元"),
    ("售后成本", "补偿、运费险等售后成本", "元"),
    ("新客成交人数", "首次购买的成交人数", "人"),
    ("老客成交人数", "复购的成交人数", "人"),
    ("新增会员", "新入会会员数", "人"),
    ("社群人数", "客户社群（微信群、粉丝群）人数", "人"),
    ("社群销售额", "社群带来的成交金额", "元"),
    ("金额", "金额", "元"),
    ("说明", "补充说明", "文本"),
    ("项目", "成本项目，如 总工资、激励奖、售后成本", "文本"),
    ("在职人数", "月末在职人数", "人"),
    ("入职人数", "当月入职人数", "人"),
    ("离职人数", "当月离职人数", "人"),
    ("晋升人数", "当月晋升人数", "人"),
    ("活动", "大促名称，如 618、双11", "文本"),
    ("年份", "年份", "如 2026"),
    ("客服人数", "活动期间上岗的客服人数", "人"),
    ("主题", "培训或反馈的主题", "文本"),
    ("对象", "培训对象", "文本"),
    ("参训人数", "参加培训的人数", "人"),
    ("考核通过率", "培训考核通过率", "百分比"),
    ("奖项", "奖项名称，如 销售TOP、服务TOP", "文本"),
    ("获奖人", "获奖客服姓名", "文本"),
    ("奖金", "奖金金额", "元"),
    ("问题", "发现的问题", "文本"),
    ("数据表现", "问题在数据上的表现", "文本"),
    ("改进措施", "改进措施", "文本"),
    ("措施", "改进措施", "文本"),
    ("负责人", "负责人姓名", "文本"),
    ("完成时间", "计划完成时间", "日期或文本"),
    ("指标", "指标名称", "文本"),
    ("单位", "指标的单位，如 元、%、秒", "文本"),
    ("第一季度", "第一季度目标", "按该行单位"),
    ("第二季度", "第二季度目标", "按该行单位"),
    ("第三季度", "第三季度目标", "按该行单位"),
    ("第四季度", "第四季度目标", "按该行单位"),
    ("场景", "案例的场景", "文本"),
    ("经过", "案例经过", "文本"),
    ("结果或改进", "案例结果，或要改进的地方", "文本"),
    ("影响", "案例带来的结果，最好有数字，如 成交2件、挽回中差评1条", "文本"),
    ("发货单量", "当天发货的订单数", "单"),
    ("24小时发货单量", "付款后24小时内发出的订单数", "单"),
    ("错发数", "发错商品的订单数", "单"),
    ("漏发数", "漏发商品的订单数", "单"),
    ("破损数", "收到时破损的订单数", "单"),
    ("新增工单", "当天新增的售后工单数", "单"),
    ("完结工单", "当天完结的售后工单数", "单"),
    ("次数", "出现次数", "次"),
    ("典型反馈", "一条有代表性的买家原话", "文本"),
    ("事项", "事项", "文本"),
    ("协助部门", "需要协助的部门", "文本"),
    ("需要的支持", "需要对方做什么", "文本"),
    ("预计完成", "预计完成日期", "日期"),
    ("进展", "目前进展", "文本"),
    ("目标", "要达到的结果（个人目标、明年目标表中为目标值）", "文本；目标值按该行单位"),
    ("截止日期", "截止日期", "日期"),
    ("提出日期", "事项提出的日期", "日期"),
    ("完成日期", "事项完成的日期（未完成留空；事项留在待办中，直到写上完成日期）", "日期"),
    ("店铺名称", "店铺名称（写在封面上）", "文本"),
    ("部门", "汇报的部门，如 客服部", "文本"),
    ("汇报人", "汇报人姓名与职务（写在封面上）", "文本，如 李娜（客服主管）"),
    ("事件", "发生的事：大促、系统上线、制度调整", "文本"),
    ("方向", "策略方向或成长方向，如 提升转化", "文本"),
    ("举措", "该方向下的一项具体举措", "文本"),
    ("安排", "安排在哪个月", "文本，如 3月"),
    ("培训主题", "培训的主题", "文本"),
    ("形式", "培训形式，如 课堂+带教", "文本"),
    ("开始月", "开始的月份", "1–12"),
    ("结束月", "结束的月份", "1–12"),
    ("重点", "下月要做的重点工作", "文本"),
    ("计划", "具体的学习或改进计划", "文本"),
    ("本年实际", "本年的实际值（作参考）", "按该行单位"),
    ("依据", "目标是怎么定的：比今年实际提升多少、参考的趋势或大促", "文本"),
];

/// The meaning and unit of a column; headers with a year (`2027年目标`)
/// are explained by their pattern.
fn explain(col: &str) -> Option<(String, String)> {
    if let Some((_, m, u)) = COLUMNS.iter().find(|(n, ..)| *n == col) {
        return Some((m.to_string(), u.to_string()));
    }
    let year = col.get(..4).filter(|y| y.chars().all(|c| c.is_ascii_digit()))?;
    match col.get(4..)? {
        "年实际" => Some((format!("{year}年的实际值"), "按该行单位".into())),
        "年目标" => Some((format!("{year}年的目标值"), "按该行单位".into())),
        _ => None,
    }
}

/// How a number format reads to a person.
fn format_words(fmt: &str) -> &'static str {
    match fmt {
        "yyyy-mm-dd" => "日期",
        "yyyy-mm" => "月份",
        f if f.contains('%') => "百分比",
        "@" => "文本",
        _ => "数字",
    }
}

/// Whether the spec reads sheet `name` (as a table, a column, or rows).
fn reads(spec: &str, name: &str) -> bool {
    [format!("{name}."), format!("{name}["), format!("from: {name}"), format!("data: {name}")]
        .iter()
        .any(|p| spec.contains(p.as_str()))
}

/// The spec as `init` writes it: its workbook next to it, no logo file.
fn spec_text(kind: &str, shipped: &str, agent: Option<&str>) -> String {
    let mut out = format!(
        "# 由 deckgen init 生成。先在 {kind}.xlsx 里填好数据（看第一张表“填写说明”），\n\
         # 再运行：deckgen check {kind}.yaml（检查缺什么），deckgen build {kind}.yaml（生成 PPT）。\n#\n"
    );
    for line in shipped.lines() {
        let t = line.trim_start();
        if t.starts_with("logo:") {
            out.push_str("  # logo: logo.png                  # 店铺 logo（可选）：放一张图片在旁边，去掉行首 #\n");
        } else if t == format!("shop: data/{kind}.xlsx") || t == format!("team: data/{kind}.xlsx") {
            out.push_str(&line.replace(&format!("data/{kind}.xlsx"), &format!("{kind}.xlsx")));
            out.push('\n');
        } else if let (Some(a), true) = (agent, t.starts_with("agent: ")) {
            let indent = &line[..line.len() - t.len()];
            out.push_str(&format!("{indent}agent: {a}\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The blank workbook: 填写说明 first, then each sheet the spec reads with
/// two example rows (for a per-agent deck, the example agent's rows).
fn workbook(spec: &str, book: &Book, agent: Option<&str>, period: Option<Period>) -> Book {
    let mut sheets: Vec<SheetDef> = Vec::new();
    let mut help_rows: Vec<Vec<Value>> = Vec::new();
    for sh in book.sheets.iter().filter(|s| reads(spec, &s.name)) {
        let rows = example_rows(sh, agent, period);

        for (c, col) in sh.cols.iter().enumerate() {
            let (meaning, unit) = explain(&col.0).unwrap_or_else(|| (String::new(), format_words(&col.1).to_string()));
            let example = rows.first().and_then(|r| r.get(c)).cloned().unwrap_or(Value::Empty);
            let example = match (example, col.1.as_str()) {
                (Value::Num(n), "yyyy-mm-dd" | "yyyy-mm") => {
                    let d = crate::data::date::Date::from_excel(n).map(|d| d.to_string()).unwrap_or_default();
                    Value::Text(if col.1 == "yyyy-mm" { d.get(..7).unwrap_or(&d).to_string() } else { d })
                }
                (v, _) => v,
            };
            help_rows.push(vec![
                Value::Text(sh.name.clone()),
                Value::Text(col.0.clone()),
                Value::Text(meaning),
                Value::Text(unit),
                example,
            ]);
        }
        sheets.push(SheetDef { name: sh.name.clone(), cols: sh.cols.clone(), rows });
    }
    let mut out = Book::default();
    books::sheet(
        &mut out,
        "填写说明",
        &[
            books::Col("工作表", "@", 14.0),
            books::Col("列", "@", 18.0),
            books::Col("含义", "@", 52.0),
            books::Col("单位/写法", "@", 22.0),
            books::Col("示例", "@", 16.0),
        ],
        &help_rows,
    );
    out.sheets.extend(sheets);
    out
}

/// Two example rows of a sample sheet: from the period the spec reports
/// today (so that the example deck builds and shows them), the example
/// agent's first; undated sheets their first two rows.
fn example_rows(sh: &SheetDef, agent: Option<&str>, period: Option<Period>) -> Vec<Vec<Value>> {
    let name_col = sh.cols.iter().position(|c| c.0 == "客服姓名");
    let mine = |r: &Vec<Value>| match (agent, name_col) {
        (Some(a), Some(c)) => matches!(&r[c], Value::Text(t) if t == a),
        _ => false,
    };
    let date_col = sh.cols.iter().position(|c| c.1 == "yyyy-mm-dd" || c.1 == "yyyy-mm");
    let monthly = date_col.is_some_and(|c| sh.cols[c].1 == "yyyy-mm");
    let inside = |r: &Vec<Value>| -> bool {
        let (Some(p), Some(c)) = (period, date_col) else { return true };
        let Some(Value::Num(n)) = r.get(c) else { return false };
        let Some(d) = crate::data::date::Date::from_excel(*n) else { return false };
        if monthly {
            let m = Period::month(d.y, d.m);
            m.start <= p.end && p.start <= m.end
        } else {
            p.contains(d)
        }
    };
    let pick = |rows: Vec<&Vec<Value>>| -> Vec<Vec<Value>> {
        // The last rows of the period: the newest figures.
        let mut v: Vec<Vec<Value>> = rows.into_iter().cloned().collect();
        let n = v.len();
        v.drain(..n.saturating_sub(2));
        v
    };
    let in_period: Vec<&Vec<Value>> = sh.rows.iter().filter(|r| inside(r)).collect();
    let source: Vec<&Vec<Value>> = match sh.rows.iter().position(inside) {
        None => sh.rows.iter().take(2).collect(),
        // One row in the period (a month of targets): the row after it too.
        Some(i) if in_period.len() == 1 => sh.rows.iter().skip(i).take(2).collect(),
        Some(_) => in_period,
    };
    let own: Vec<&Vec<Value>> = source.iter().copied().filter(|r| mine(r)).collect();
    if own.len() >= 2 {
        return pick(own);
    }
    let mut rows: Vec<Vec<Value>> = own.into_iter().cloned().collect();
    let others = pick(source.iter().copied().filter(|r| !mine(r)).collect());
    rows.extend(others.into_iter().rev().take(2 - rows.len()).collect::<Vec<_>>().into_iter().rev());
    rows
}

/// The period the shipped spec reports today, by the calendar.
fn calendar_period(spec: &str) -> Option<Period> {
    let line = spec.lines().find(|l| l.starts_with("period:"))?;
    let text = line.trim_start_matches("period:").trim().trim_matches('"');
    let today = crate::data::date::Date::today();
    let text = match text {
        "latest-year" => "this-year",
        "latest-month" => "this-month",
        "latest-week" => "this-week",
        t => t,
    };
    crate::data::period::parse(text, today, None).ok()
}

/// Writes `DIR/KIND.yaml` and `DIR/KIND.xlsx`. Existing files are kept
/// unless `force`.
pub fn run(kind: &str, dir: &Path, force: bool) -> Result<()> {
    let names: Vec<&str> = KINDS.iter().map(|k| k.0).collect();
    let Some((_, shipped, make)) = KINDS.iter().find(|k| k.0 == kind.trim()) else {
        return Err(Error::usage(format!("no deck kind `{kind}`"))
            .suggest(kind, names.iter().copied())
            .hint(format!("kinds: {}", names.join(", "))));
    };
    let spec_path = dir.join(format!("{kind}.yaml"));
    let book_path = dir.join(format!("{kind}.xlsx"));
    let existing: Vec<&PathBuf> = [&spec_path, &book_path].into_iter().filter(|p| p.exists()).collect();
    if !force && !existing.is_empty() {
        return Err(Error::usage(format!(
            "{} already exist{}",
            existing.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" and "),
            if existing.len() == 1 { "s" } else { "" }
        ))
        .hint("pick another folder, or add --force to overwrite"));
    }
    let shop = books::Shop::new(48);
    let book = make(&shop);
    // A per-agent deck shows the first agent of the example rows.
    let period = calendar_period(shipped);
    let agent = (kind == "review")
        .then(|| {
            book.sheets.iter().find(|s| s.name == "客服月度").and_then(|s| {
                let c = s.cols.iter().position(|c| c.0 == "客服姓名")?;
                match example_rows(s, None, period).first()?.get(c)? {
                    Value::Text(t) => Some(t.clone()),
                    _ => None,
                }
            })
        })
        .flatten();
    let spec = spec_text(kind, shipped, agent.as_deref());
    let blank = workbook(&spec, &book, agent.as_deref(), period);
    crate::pipeline::write_atomic(&book_path, &blank.to_bytes()?)?;
    crate::pipeline::write_atomic(&spec_path, spec.as_bytes())?;
    println!("wrote {} and {}", spec_path.display(), book_path.display());
    println!(
        "next: fill in {} (sheet 填写说明 says what each column means), then\n  deckgen check {}\n  deckgen build {}",
        book_path.display(),
        spec_path.display(),
        spec_path.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_of_the_sample_workbooks_is_explained() {
        let shop = books::Shop::new(4);
        for (kind, spec, make) in KINDS {
            let book = make(&shop);
            let read: Vec<&SheetDef> = book.sheets.iter().filter(|s| reads(spec, &s.name)).collect();
            assert!(!read.is_empty(), "{kind}");
            for sh in read {
                for col in &sh.cols {
                    assert!(explain(&col.0).is_some(), "{kind}: {}.{} has no explanation", sh.name, col.0);
                }
            }
        }
    }
}
