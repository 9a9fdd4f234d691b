//! Content written from the data: conclusion sentences, KPI cards, bullet
//! lists (missed targets, strengths…) and KPI summary tables.

use super::eval::env::Env;
use super::eval::value::{MetricAt, Value};
use super::eval::wording::{fmt_num, target_phrase};
use crate::data::period::Grain;
use crate::error::{Error, Result};
use crate::format::{self, Better, MISSING};
use crate::model::{Align, Cell, ColorRef, Para, Rich, Run, Table};
use crate::spec::{GenerateSpec, KpiSpec};
use std::collections::BTreeMap;

fn run(text: impl Into<String>) -> Run {
    Run { text: text.into(), ..Default::default() }
}

/// How the period is named at the start of a sentence.
fn period_lead(env: &Env) -> String {
    let p = env.period;
    if p.is_partial() {
        return match p.grain {
            Grain::Week => "本周".into(),
            _ => p.label(),
        };
    }
    match p.grain {
        Grain::Year => format!("{}年", p.start.y),
        Grain::Quarter => p.label(),
        Grain::Month => format!("{}月", p.start.m),
        Grain::Week => "本周".into(),
        Grain::Day => format!("{}月{}日", p.start.m, p.start.d),
    }
}

fn whole_word(p: &crate::data::period::Period) -> &'static str {
    if p.is_partial() && p.grain != Grain::Week {
        return "期间";
    }
    match p.grain {
        Grain::Year => "全年",
        Grain::Quarter => "本季度",
        Grain::Month => "本月",
        Grain::Week => "本周",
        Grain::Day => "当日",
    }
}

/// What a sentence mentions by default for the period.
fn default_mentions(env: &Env) -> Vec<String> {
    let mut v: Vec<&str> = match env.period.grain {
        Grain::Year => vec!["last_year", "target", "extremes"],
        Grain::Quarter | Grain::Month => vec!["previous", "last_year", "target"],
        Grain::Week | Grain::Day => vec!["previous", "target"],
    };
    if env.by.is_some() {
        v.push("team");
    }
    v.into_iter().map(String::from).collect()
}

/// One conclusion sentence about a metric, e.g.
/// `2026年询单转化率38.2%,同比提升2.1个百分点,目标达成率101.6%;全年最高为6月(40.1%),最低为2月(35.0%)。`
pub fn conclusion(env: &Env, name: &str, mention: &[String]) -> Result<Vec<Run>> {
    let d = env.metrics.def(name)?;
    let m = MetricAt { name: name.to_string(), period: env.period, scope: env.scope.clone() };
    let lead = period_lead(env);
    let Some(v) = env.metric_value(&m)? else {
        return Ok(vec![run(format!("{lead}{}暂无数据。", d.label))]);
    };
    let mut out = vec![run(format!("{lead}{}", d.label)), Run { text: fmt_num(&v), bold: true, color: None }];
    let mention = if mention.is_empty() { default_mentions(env) } else { mention.to_vec() };
    let mut tail = String::new();
    let mut extremes = String::new();
    for what in &mention {
        match what.as_str() {
            "previous" | "prev" => {
                if let Value::Text(p, _) = env_field(env, &m, "vs_prev")? {
                    tail.push_str(&format!("，{}{p}", env.period.grain.prev_word().replace("同比", "环比")));
                }
            }
            "last_year" | "ly" => {
                if let Value::Text(p, _) = env_field(env, &m, "vs_last_year")? {
                    tail.push_str(&format!("，同比{p}"));
                }
            }
            "target" => {
                let t = env.metrics.target(name, &env.period, &env.scope)?;
                if let Some(t) = t
                    && let Value::Num(a) = env_field(env, &m, "achievement")?
                {
                    tail.push_str(&format!("，目标达成率{}", format::pct(a.v, 1)));
                    if env.met(&m)? == Some(false) {
                        tail.push_str(&format!("（{}）", target_phrase(v.v, t, &d.unit, d.better, d.digits)));
                    }
                }
            }
            "team" => {
                if let Some(st) = env.standing(&m)? {
                    tail.push_str(&format!("，{}", env.vs_team_phrase(name, &st)?));
                    tail.push_str(&format!("，排名第{}（共{}）", st.rank, st.group.count_words(st.of)));
                }
            }
            "extremes" => {
                let (hi, lo) = Env::extreme_words(&d.unit, d.better);
                // With one month of data the best is the worst: nothing to say.
                if let (Value::Text(b, _), Value::Text(w, _)) =
                    (env_field(env, &m, "best")?, env_field(env, &m, "worst")?)
                    && b != w
                {
                    extremes = format!("；{}{hi}为{b}，{lo}为{w}", whole_word(&env.period));
                }
            }
            // The year month by month: the climb, the peak and its event, the low stretch.
            "shape" => {
                if let Some(s) = super::overview::shape(env, name)? {
                    extremes = format!("；{s}");
                }
            }
            other => {
                return Err(Error::usage(format!("a conclusion cannot mention `{other}`"))
                    .suggest(other, ["previous", "last_year", "target", "team", "extremes", "shape"])
                    .hint("mention: previous, last_year, target, team, extremes, shape"));
            }
        }
    }
    out.push(run(format!("{tail}{extremes}。")));
    Ok(out)
}

fn env_field(env: &Env, m: &MetricAt, f: &str) -> Result<Value> {
    env.metric_field(m, f)
}

/// The comparison a KPI card shows by default for the period.
fn default_compare(env: &Env) -> &'static str {
    match env.period.grain {
        Grain::Year => "last_year",
        _ => "previous",
    }
}

/// A KPI card from a metric: label, value, change (coloured ▲/▼) and a note.
pub fn kpi_from_metric(env: &Env, k: &KpiSpec, name: &str) -> Result<BTreeMap<String, Rich>> {
    let d = env.metrics.def(name)?;
    let m = MetricAt { name: name.to_string(), period: env.period, scope: env.scope.clone() };
    let mut out = BTreeMap::new();
    out.insert("label".to_string(), Rich::plain(k.label.clone().unwrap_or_else(|| d.label.clone())));
    let value = env.metric_value(&m)?;
    out.insert("value".into(), Rich::plain(value.as_ref().map(fmt_num).unwrap_or_else(|| MISSING.into())));
    let compare = k.compare.as_deref().unwrap_or(default_compare(env));
    let arrow_line = |delta: Option<f64>, growth: Option<f64>, word: &str| -> Vec<Run> {
        match delta {
            Some(dl) => {
                let flat = format::is_flat(dl, growth, &d.unit, d.digits);
                let arrow = if flat {
                    "—"
                } else if dl > 0.0 {
                    "▲"
                } else {
                    "▼"
                };
                let amount =
                    if flat { "持平".to_string() } else { format::change_amount(dl, growth, &d.unit, d.digits) };
                // One status rule: better green, worse red, flat neutral grey.
                let color = if flat { Some(ColorRef::Custom("neutral".into())) } else { env.tone(dl, d.better) };
                vec![Run { text: format!("{arrow} {amount}"), bold: true, color }, run(format!(" {word}"))]
            }
            None => vec![run(format!("{MISSING} {word}"))],
        }
    };
    let pair = |base: crate::data::period::Period| -> Result<(Option<f64>, Option<f64>)> {
        if !env.metrics.dated(name) {
            return Ok((None, None));
        }
        let b = env.metrics.value(name, &base, &env.scope)?;
        Ok(match (value.as_ref().map(|n| n.v), b) {
            (Some(v), Some(b)) => (Some(format::diff(v, b, &d.unit, d.digits)), (b != 0.0).then(|| v / b - 1.0)),
            _ => (None, None),
        })
    };
    let target = env.metrics.target(name, &env.period, &env.scope)?;
    let achievement = match (value.as_ref().map(|n| n.v), target) {
        (Some(v), Some(t)) if d.better == Better::Lower => (v != 0.0).then(|| t / v),
        (Some(v), Some(t)) => (t != 0.0).then(|| v / t),
        _ => None,
    };
    let (change, note): (Vec<Run>, String) = match compare {
        "last_year" | "ly" | "同比" => {
            let (dl, g) = pair(env.period.last_year())?;
            (
                arrow_line(dl, g, "同比"),
                achievement.map(|a| format!("目标达成率 {}", format::pct(a, 1))).unwrap_or_default(),
            )
        }
        "previous" | "prev" | "环比" => {
            let (dl, g) = pair(env.period.prev())?;
            (
                arrow_line(dl, g, "环比"),
                achievement.map(|a| format!("目标达成率 {}", format::pct(a, 1))).unwrap_or_default(),
            )
        }
        "target" | "目标" => {
            let met = env.met(&m)?;
            let color = met.map(|g| ColorRef::Custom(if g { "good" } else { "bad" }.into()));
            let text = achievement
                .map(|a| format!("达成率 {}", format::pct(a, 1)))
                .unwrap_or_else(|| format!("达成率 {MISSING}"));
            (
                vec![Run { text, bold: true, color }],
                target.map(|t| format!("目标 {}", format::with_unit(t, &d.unit, d.digits))).unwrap_or_default(),
            )
        }
        "team" | "团队" => {
            let st = env.standing(&m)?;
            let (dl, g) = match &st {
                Some(st) => (
                    Some(format::diff(st.me, st.team, &d.unit, d.digits)),
                    (st.team != 0.0).then(|| st.me / st.team - 1.0),
                ),
                None => (None, None),
            };
            let word = match &st {
                Some(st) if st.per_month => format!("对比{}月均", st.group.average_word().trim_end_matches("平均")),
                Some(st) => format!("对比{}", st.group.average_word()),
                None => "对比团队平均".to_string(),
            };
            let rank = st.map(|st| format!("排名 {}/{}", st.rank, st.of)).unwrap_or_default();
            (arrow_line(dl, g, &word), rank)
        }
        other => {
            return Err(Error::usage(format!("a KPI card cannot compare with `{other}`"))
                .suggest(other, ["last_year", "previous", "target", "team"])
                .hint("compare: last_year, previous, target, team"));
        }
    };
    out.insert("change".into(), Rich { paras: vec![Para { runs: change, level: 0, bullet: false }] });
    let note = match &k.note {
        Some(n) => n.clone(),
        None => note,
    };
    if !note.is_empty() {
        // The achievement under the change: red when the target is missed, green when met.
        let status = matches!(compare, "last_year" | "ly" | "同比" | "previous" | "prev" | "环比") && k.note.is_none();
        let rich = match (status, env.met(&m)?, note.split_once(' ')) {
            (true, Some(met), Some((word, pct))) => Rich {
                paras: vec![Para {
                    runs: vec![
                        run(format!("{word} ")),
                        Run {
                            text: pct.into(),
                            bold: false,
                            color: Some(ColorRef::Custom(if met { "good" } else { "bad" }.into())),
                        },
                    ],
                    ..Default::default()
                }],
            },
            _ => Rich::plain(note),
        };
        out.insert("note".into(), rich);
    }
    Ok(out)
}

/// Whether a standing is a strength (`Some(true)`) or a weakness
/// (`Some(false)`): in the best (worst) third of the group, and at least
/// 0.5 个百分点 (rates) or 3% (everything else) better (worse) than its figure.
pub fn standout(st: &crate::peers::Standing, unit: &str, better: Better) -> Option<bool> {
    let third = st.of.div_ceil(3);
    let diff = st.me - st.team;
    let big = match format::unit_kind(unit) {
        format::UnitKind::Rate => diff.abs() >= 0.005 - 1e-12,
        _ => st.team != 0.0 && (diff / st.team).abs() >= 0.03 - 1e-12,
    };
    let good = better.is_good(diff)?;
    if !big || st.of < 3 {
        return None;
    }
    if good && st.rank <= third {
        Some(true)
    } else if !good && st.rank > st.of - third {
        Some(false)
    } else {
        None
    }
}

/// The rule of `standout`, as said under the list.
fn standout_rule(g: &crate::metric::PeerGroup, of: usize) -> String {
    format!(
        "评判标准：在{}中排名前（后）三分之一，且与{}相差3%以上（比率0.5个百分点以上）。",
        g.count_words(of),
        g.average_word()
    )
}

/// What a list of strengths (weaknesses) says when nothing qualifies.
fn standout_none(g: &crate::metric::PeerGroup, of: usize, strengths: bool) -> String {
    if strengths {
        format!("在{}中，没有排名前三分之一且领先{}3%以上的指标。", g.count_words(of), g.average_word())
    } else {
        format!("在{}中，没有排名后三分之一且落后{}3%以上的指标。", g.count_words(of), g.average_word())
    }
}

fn fmt_value(v: f64, unit: &str, digits: Option<usize>) -> String {
    format::with_unit(v, unit, digits)
}

fn bullet(runs: Vec<Run>) -> Para {
    Para { runs, level: 0, bullet: true }
}

/// One row per value of `by` (e.g. each agent), one column per metric, and
/// a `占比` column when `share` names a metric.
pub fn group_table(env: &Env, by: &str, metrics: &[String], share: Option<&str>) -> Result<Table> {
    let mut header = vec![by.to_string()];
    let mut columns: Vec<Vec<(String, Option<f64>)>> = Vec::new();
    for m in metrics {
        let d = env.metrics.def(m)?;
        header.push(if d.unit.is_empty() || format::unit_kind(&d.unit) == format::UnitKind::Rate {
            d.label.clone()
        } else {
            format!("{}（{}）", d.label, d.unit)
        });
        columns.push(env.metrics.groups(m, &env.period, &env.scope, by)?.as_ref().clone());
    }
    let share_of = match share {
        Some(s) => {
            env.metrics.def(s)?;
            header.push("占比".into());
            let g = env.metrics.groups(s, &env.period, &env.scope, by)?;
            let total: f64 = g.iter().filter_map(|(_, v)| *v).sum();
            Some((g, total))
        }
        None => None,
    };
    let keys: Vec<String> = columns.first().map(|c| c.iter().map(|(k, _)| k.clone()).collect()).unwrap_or_default();
    let mut rows = Vec::new();
    let cell = |m: &String, v: Option<f64>| -> Result<Cell> {
        Ok(Cell { numeric: true, ..Cell::plain(group_cell(env, m, v)?) })
    };
    for (i, key) in keys.iter().enumerate() {
        // A group without a single figure in the period (an agent who had
        // left, a product not sold) has no row.
        if columns.iter().all(|c| c.get(i).and_then(|(_, v)| *v).is_none()) {
            continue;
        }
        let mut row = vec![Cell::plain(key.clone())];

        for (m, col) in metrics.iter().zip(&columns) {
            row.push(cell(m, col.get(i).and_then(|(_, v)| *v))?);
        }
        if let Some((g, total)) = &share_of {
            let v = g.iter().find(|(k, _)| k == key).and_then(|(_, v)| *v);
            let text = match v {
                Some(v) if *total != 0.0 => format::pct(v / total, 1),
                _ => MISSING.into(),
            };
            row.push(Cell { numeric: true, ..Cell::plain(text) });
        }
        rows.push(row);
    }
    let n = header.len();
    let align = (0..n).map(|i| if i == 0 { Align::Left } else { Align::Right }).collect();
    Ok(Table { header, rows, align, ..Default::default() })
}

/// A metric's figure in a group table: in its unit, without the unit word
/// (the header carries it).
fn group_cell(env: &Env, m: &str, v: Option<f64>) -> Result<String> {
    let d = env.metrics.def(m)?;
    Ok(match v {
        Some(v) if format::unit_kind(&d.unit) == format::UnitKind::Rate => format::pct(v, d.digits.unwrap_or(1)),
        Some(v) if format::unit_kind(&d.unit) == format::UnitKind::Time => format::fixed(v, d.digits.unwrap_or(1)),
        Some(v) if format::unit_kind(&d.unit) == format::UnitKind::Score => format::fixed(v, d.digits.unwrap_or(2)),
        Some(v) => format::thousands(v, d.digits.unwrap_or(0)),
        None => MISSING.into(),
    })
}

/// The 合计 row of a group table: each metric over all the groups together,
/// so a rate is the ratio of the sums and a time is weighted by volume.
pub fn group_total(env: &Env, by: &str, metrics: &[String], share: bool) -> Result<Vec<Cell>> {
    let scope = env.scope.without(by);
    let mut row = vec![Cell::plain("合计")];
    for m in metrics {
        let v = env.metrics.value(m, &env.period, &scope)?;
        row.push(Cell { numeric: true, ..Cell::plain(group_cell(env, m, v)?) });
    }
    if share {
        row.push(Cell { numeric: true, ..Cell::plain(format::pct(1.0, 1)) });
    }
    Ok(row)
}

/// The metrics of `names` that qualify for `which`: `missed_targets`,
/// `met_targets`, `strengths` (better than the team average), `weaknesses`.
pub fn select(env: &Env, names: &[String], which: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for n in names {
        let d = env.metrics.def(n)?;
        let m = MetricAt { name: n.clone(), period: env.period, scope: env.scope.clone() };
        let keep = match which {
            "missed_targets" => env.met(&m)? == Some(false),
            "met_targets" => env.met(&m)? == Some(true),
            "strengths" | "weaknesses" => {
                env.standing(&m)?.is_some_and(|st| standout(&st, &d.unit, d.better) == Some(which == "strengths"))
            }
            other => {
                return Err(Error::usage(format!(
                    "`only: {other}` — use missed_targets, met_targets, strengths or weaknesses"
                ))
                .suggest(other, ["missed_targets", "met_targets", "strengths", "weaknesses"]));
            }
        };
        if keep {
            out.push(n.clone());
        }
    }
    Ok(out)
}

/// Generated bullets.
pub fn bullets(env: &Env, g: &GenerateSpec) -> Result<Vec<Para>> {
    Ok(bullets_of(env, g)?.into_iter().map(|(_, p)| p).collect())
}

/// The rule `weakest` (`strongest`) follows, as said under the list: one
/// short line, no formula.
fn ranked_rule(g: &crate::metric::PeerGroup, of: usize, weakest: bool) -> String {
    let (word, half) = if weakest { ("不如", "后") } else { ("好于", "前") };
    format!("以上为{word}{}、且在{}中排名{half}一半的指标。", g.average_word(), g.count_words(of))
}

/// Generated bullets, each with the metric it is about (`None`: the rule
/// under the list, or the line that says nothing qualifies).
pub fn bullets_of(env: &Env, g: &GenerateSpec) -> Result<Vec<(Option<String>, Para)>> {
    let in_order = env.metrics.in_order();
    let names: Vec<String> = if g.metrics.is_empty() {
        match g.generate.as_str() {
            "missed_targets" | "met_targets" => {
                in_order.iter().filter(|d| d.target.is_some()).map(|d| d.name.clone()).collect()
            }
            _ => in_order.iter().map(|d| d.name.clone()).collect(),
        }
    } else {
        g.metrics.clone()
    };
    for n in &names {
        env.metrics.def(n)?;
    }
    let mut out: Vec<(f64, String, Para)> = Vec::new();
    // The rule strengths and weaknesses follow, said under the list.
    let mut rule: Option<String> = None;
    for n in &names {
        let d = env.metrics.def(n)?;
        let m = MetricAt { name: n.clone(), period: env.period, scope: env.scope.clone() };
        let Some(v) = env.metric_value(&m)? else {
            continue;
        };
        let vt = fmt_num(&v);
        match g.generate.as_str() {
            "missed_targets" | "met_targets" => {
                let Some(t) = env.metrics.target(n, &env.period, &env.scope)? else {
                    continue;
                };
                let met = env.met(&m)?.unwrap_or(true);
                if met != (g.generate == "met_targets") {
                    continue;
                }
                let tt = format::with_unit(t, &d.unit, d.digits);
                let phrase = target_phrase(v.v, t, &d.unit, d.better, d.digits);
                let gap = (v.v - t).abs() / t.abs().max(1e-9);
                out.push((
                    -gap, // the biggest miss (or lead) first
                    n.clone(),
                    bullet(vec![
                        Run { text: d.label.clone(), bold: true, color: None },
                        run(format!(" {vt}，目标{tt}，{phrase}")),
                    ]),
                ));
            }
            "strengths" | "weaknesses" => {
                let Some(st) = env.standing(&m)? else { continue };
                if standout(&st, &d.unit, d.better) != Some(g.generate == "strengths") {
                    continue;
                }
                rule = Some(standout_rule(&st.group, st.of));
                let lead = if st.per_month { format!("月均{}", fmt_value(st.me, &d.unit, d.digits)) } else { vt };
                out.push((
                    st.rank as f64 * if g.generate == "strengths" { 1.0 } else { -1.0 },
                    n.clone(),
                    bullet(vec![
                        Run { text: d.label.clone(), bold: true, color: None },
                        run(format!(
                            " {lead}，{}，第{}名（共{}）",
                            env.vs_team_phrase(n, &st)?,
                            st.rank,
                            st.group.count_words(st.of)
                        )),
                    ]),
                ));
            }
            // Every metric where the agent does worse (better) than the peers'
            // figure as shown, the lowest (highest) percentile first: what a
            // growth plan starts from, and what the agent can build on.
            "weakest" | "strongest" => {
                let weakest = g.generate == "weakest";
                let Some(st) = env.standing(&m)? else { continue };
                let diff = format::diff(st.me, st.team, &d.unit, d.digits);
                let growth = (st.team != 0.0).then(|| st.me / st.team - 1.0);
                if format::is_flat(diff, growth, &d.unit, d.digits) || d.better.is_good(diff) != Some(!weakest) {
                    continue;
                }
                // A strength ranks in the better half of the group, a weakness in the worse half.
                let p = st.percentile().unwrap_or(50.0);
                if (weakest && p >= 50.0) || (!weakest && p <= 50.0) {
                    continue;
                }
                rule = Some(ranked_rule(&st.group, st.of, weakest));
                let lead = if st.per_month { format!("月均{}", fmt_value(st.me, &d.unit, d.digits)) } else { vt };
                out.push((
                    if weakest { p } else { -p },
                    n.clone(),
                    bullet(vec![
                        Run { text: d.label.clone(), bold: true, color: None },
                        run(format!(
                            " {lead}，{}，第{}名（共{}）",
                            env.vs_team_phrase(n, &st)?,
                            st.rank,
                            st.group.count_words(st.of)
                        )),
                    ]),
                ));
            }
            "conclusions" => out.push((out.len() as f64, n.clone(), bullet(conclusion(env, n, &[])?))),
            other => {
                return Err(Error::usage(format!("unknown generator `{other}`"))
                    .suggest(
                        other,
                        [
                            "missed_targets",
                            "met_targets",
                            "strengths",
                            "weaknesses",
                            "strongest",
                            "weakest",
                            "conclusions",
                        ],
                    )
                    .hint(
                        "generate: missed_targets, met_targets, strengths, weaknesses, strongest, weakest, conclusions",
                    ));
            }
        }
    }
    if g.generate != "conclusions" {
        out.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
    }
    let mut paras: Vec<(Option<String>, Para)> = out.into_iter().map(|(_, n, p)| (Some(n), p)).collect();
    if let Some(l) = g.limit
        && paras.len() > l
    {
        // The targets left out are still named, with how many.
        let rest: Vec<String> = paras[l..]
            .iter()
            .filter_map(|(n, _)| n.as_deref())
            .filter_map(|n| env.metrics.def(n).ok().map(|d| d.label.clone()))
            .collect();
        let all = paras.iter().filter(|(n, _)| n.is_some()).count();
        paras.truncate(l);
        if g.generate == "missed_targets" && !rest.is_empty() {
            paras.push(text_line(format!("共{all}项未达成，另有：{}", rest.join("、"))));
        }
    }
    said_when_empty(env, g, &names, &mut paras);
    if let Some(r) = rule {
        paras.push(text_line(r));
    }
    Ok(paras)
}

/// A line of plain text under a generated list.
fn text_line(text: String) -> (Option<String>, Para) {
    (None, Para { runs: vec![run(text)], level: 0, bullet: false })
}

/// When no metric qualifies: the list's `empty:` text, or a sentence that
/// says so (with the group and the rule used, for strengths and weaknesses).
fn said_when_empty(env: &Env, g: &GenerateSpec, names: &[String], paras: &mut Vec<(Option<String>, Para)>) {
    let line = text_line;
    if matches!(g.generate.as_str(), "strengths" | "weaknesses" | "strongest" | "weakest")
        && paras.is_empty()
        && g.empty.is_none()
    {
        // Nothing qualifies: said with the group and the rule it used.
        let st = names.iter().find_map(|n| {
            let m = MetricAt { name: n.clone(), period: env.period, scope: env.scope.clone() };
            env.standing(&m).ok().flatten()
        });
        if let Some(st) = st {
            paras.push(line(match g.generate.as_str() {
                "weakest" => format!(
                    "在{}中，没有不如{}、且排名后一半的指标。",
                    st.group.count_words(st.of),
                    st.group.average_word()
                ),
                "strongest" => format!(
                    "在{}中，没有好于{}、且排名前一半的指标。",
                    st.group.count_words(st.of),
                    st.group.average_word()
                ),
                which => standout_none(&st.group, st.of, which == "strengths"),
            }));
        }
    }
    if paras.is_empty() {
        let text = g.empty.clone().unwrap_or_else(|| match g.generate.as_str() {
            "missed_targets" => "没有未达成目标的指标。".into(),
            "met_targets" => "没有达成目标的指标。".into(),
            "strengths" | "strongest" => "没有指标符合优势的条件。".into(),
            "weaknesses" | "weakest" => "没有指标符合待提升的条件。".into(),
            _ => "暂无数据。".into(),
        });
        paras.push(line(text));
    }
}

/// Column keywords of a KPI summary table.
const COLUMNS: &[&str] =
    &["指标", "实际", "目标", "达成率", "去年", "同比", "上期", "环比", "差距", "状态", "团队平均", "排名"];

pub fn column_kind(h: &str) -> Option<&'static str> {
    let h = h.trim();
    Some(match h {
        "指标" | "名称" | "项目" | "KPI" => "指标",
        "实际" | "本期" | "本年" | "今年" | "本月" | "本周" | "实际值" | "完成" | "数值" => "实际",
        "目标" | "目标值" => "目标",
        "达成率" | "完成率" => "达成率",
        "去年" | "去年同期" | "同期" | "上年" => "去年",
        "同比" => "同比",
        "上期" | "上月" | "上周" | "上季度" => "上期",
        "环比" => "环比",
        "差距" | "差额" => "差距",
        "状态" | "是否达成" => "状态",
        "团队平均" | "团队均值" => "团队平均",
        "排名" => "排名",
        _ => return None,
    })
}

/// One row per metric (KPI vs target vs last year).
pub fn metric_table(env: &Env, metrics: &[String], columns: &[String]) -> Result<Table> {
    let columns: Vec<String> = if columns.is_empty() {
        match env.period.grain {
            Grain::Year => vec!["指标", "实际", "目标", "达成率", "去年", "同比"],
            Grain::Week | Grain::Day => vec!["指标", "本周", "上周", "环比", "目标", "达成率"],
            _ => vec!["指标", "本月", "上月", "环比", "去年同期", "同比", "目标", "达成率"],
        }
        .into_iter()
        .map(String::from)
        .collect()
    } else {
        columns.to_vec()
    };
    let kinds: Vec<&str> = columns
        .iter()
        .map(|c| {
            column_kind(c).ok_or_else(|| {
                Error::usage(format!("a metrics table has no column kind `{c}`"))
                    .suggest(c, COLUMNS.iter().copied())
                    .hint(format!("columns: {}", COLUMNS.join(", ")))
            })
        })
        .collect::<Result<_>>()?;
    let mut rows = Vec::new();
    for n in metrics {
        let d = env.metrics.def(n)?;
        let m = MetricAt { name: n.clone(), period: env.period, scope: env.scope.clone() };
        let v = env.metrics.value(n, &env.period, &env.scope)?;
        let t = env.metrics.target(n, &env.period, &env.scope)?;
        let dated = env.metrics.dated(n);
        let ly = if dated { env.metrics.value(n, &env.period.last_year(), &env.scope)? } else { None };
        let prev = if dated { env.metrics.value(n, &env.period.prev(), &env.scope)? } else { None };
        let fmtv =
            |x: Option<f64>| x.map(|x| format::with_unit(x, &d.unit, d.digits)).unwrap_or_else(|| MISSING.into());
        let change_cell = |base: Option<f64>| -> Cell {
            match (v, base) {
                (Some(v), Some(b)) => {
                    let dl = format::diff(v, b, &d.unit, d.digits);
                    let g = (b != 0.0).then(|| v / b - 1.0);
                    let flat = format::is_flat(dl, g, &d.unit, d.digits);
                    let text = if flat {
                        "持平".to_string()
                    } else {
                        format::signed(&format::change_amount(dl, g, &d.unit, d.digits), dl).replace("+-", "-")
                    };
                    // Flat is neutral, not the colour of a rounding error's sign.
                    let color = if flat { Some(ColorRef::Custom("neutral".into())) } else { env.tone(dl, d.better) };
                    let text =
                        if dl < 0.0 && !text.starts_with('-') && text != "持平" { format!("-{text}") } else { text };
                    Cell {
                        text: Rich {
                            paras: vec![Para { runs: vec![Run { text, bold: false, color }], ..Default::default() }],
                        },
                        fill: None,
                        numeric: true,
                    }
                }
                _ => Cell { numeric: true, ..Cell::plain(MISSING) },
            }
        };
        let ach = match (v, t) {
            (Some(v), Some(t)) if d.better == Better::Lower => (v != 0.0).then(|| t / v),
            (Some(v), Some(t)) => (t != 0.0).then(|| v / t),
            _ => None,
        };
        let met = env.met(&m)?;
        let mut row = Vec::new();
        for k in &kinds {
            row.push(match *k {
                "指标" => Cell::plain(d.label.clone()),
                "实际" => Cell { numeric: true, ..Cell::plain(fmtv(v)) },
                "目标" => Cell { numeric: true, ..Cell::plain(fmtv(t)) },
                "去年" => Cell { numeric: true, ..Cell::plain(fmtv(ly)) },
                "上期" => Cell { numeric: true, ..Cell::plain(fmtv(prev)) },
                "同比" => change_cell(ly),
                "环比" => change_cell(prev),
                "达成率" => {
                    let color = met.map(|g| ColorRef::Custom(if g { "good" } else { "bad" }.into()));
                    let text = ach.map(|a| format::pct(a, 1)).unwrap_or_else(|| MISSING.into());
                    Cell {
                        text: Rich {
                            paras: vec![Para { runs: vec![Run { text, bold: true, color }], ..Default::default() }],
                        },
                        fill: None,
                        numeric: true,
                    }
                }
                "差距" => match (v, t) {
                    (Some(v), Some(t)) => {
                        Cell { numeric: true, ..Cell::plain(target_phrase(v, t, &d.unit, d.better, d.digits)) }
                    }
                    _ => Cell { numeric: true, ..Cell::plain(MISSING) },
                },
                "状态" => match met {
                    Some(true) => Cell::colored("已达成", ColorRef::Custom("good".into())),
                    Some(false) => Cell::colored("未达成", ColorRef::Custom("bad".into())),
                    None => Cell::plain(MISSING),
                },
                "团队平均" => Cell { numeric: true, ..Cell::plain(fmtv(env.team(&m)?)) },
                "排名" => Cell {
                    numeric: true,
                    ..Cell::plain(env.rank(&m)?.map(|(r, n)| format!("{r}/{n}")).unwrap_or_else(|| MISSING.into()))
                },
                _ => Cell::default(),
            });
        }
        rows.push(row);
    }
    let align = kinds.iter().map(|k| match *k {
        "指标" => Align::Left,
        "状态" => Align::Center,
        _ => Align::Right,
    });
    // A week or month cut short is compared with the same days before: the
    // columns say which days (`本周（12.28–12.31）`, `上周（12.21–12.24）`).
    let p = env.period;
    let columns = if p.is_partial() && matches!(p.grain, Grain::Week | Grain::Month) {
        let span = |q: crate::data::period::Period| format!("（{}.{}–{}.{}）", q.start.m, q.start.d, q.end.m, q.end.d);
        columns
            .iter()
            .zip(&kinds)
            .map(|(c, k)| match *k {
                "实际" => format!("{c}{}", span(p)),
                "上期" => format!("{c}{}", span(p.prev())),
                "去年" => format!("{c}{}", span(p.last_year())),
                _ => c.clone(),
            })
            .collect()
    } else {
        columns
    };
    Ok(Table { header: columns, rows, align: align.collect(), ..Default::default() })
}
