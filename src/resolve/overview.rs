//! Sentences that sum up several figures at once: how a set of targets
//! went (`target_review`), and the shape of a metric over the year (the
//! `shape` mention of a conclusion).

use super::eval::env::Env;
use super::eval::value::MetricAt;
use super::eval::wording::target_phrase;
use crate::data::period::{Grain, Period};
use crate::error::Result;
use crate::format::{self, Better, UnitKind, unit_kind};

/// How many misses (and wins) a review names with their gap; the rest are named only.
const NAMED: usize = 2;

/// `有目标的8项指标达成4项；差距最大的是首次响应时间（19.6秒，慢于目标1.6秒）、平均响应时间（…），
/// 另有店铺销售额、客户满意率未达成；达成的有客服销售额（超出目标4.9%）、询单转化率（…）等4项`:
/// the count first, then the largest misses with their gap (relative to the
/// target, largest first), then the wins. Metrics without a value or target are not counted.
pub fn target_review(env: &Env, names: &[String]) -> Result<(String, usize)> {
    // (relative gap, label, value as shown, the phrase against the target)
    let (mut met, mut missed) = (Vec::new(), Vec::new());
    for n in names {
        let d = env.metrics.def(n)?;
        let m = MetricAt { name: n.clone(), period: env.period, scope: env.scope.clone() };
        let (Some(v), Some(t)) =
            (env.metrics.value(n, &env.period, &env.scope)?, env.metrics.target(n, &env.period, &env.scope)?)
        else {
            continue;
        };
        let gap = (v - t).abs() / t.abs().max(1e-9);
        let shown = format::with_unit(v, &d.unit, d.digits);
        let phrase = target_phrase(v, t, &d.unit, d.better, d.digits);
        let item = (gap, d.label.clone(), shown, phrase);
        match env.met(&m)? {
            Some(true) => met.push(item),
            Some(false) => missed.push(item),
            None => {}
        }
    }
    let by_gap = |a: &(f64, String, String, String), b: &(f64, String, String, String)| b.0.total_cmp(&a.0);
    met.sort_by(by_gap);
    missed.sort_by(by_gap);
    let n = met.len() + missed.len();
    if n == 0 {
        return Ok(("没有可与目标对比的指标".into(), 0));
    }
    let mut out = if missed.is_empty() {
        format!("有目标的{n}项指标全部达成")
    } else {
        format!("有目标的{n}项指标达成{}项", met.len())
    };
    if !missed.is_empty() {
        let named: Vec<String> = missed.iter().take(NAMED).map(|(_, l, v, p)| format!("{l}（{v}，{p}）")).collect();
        let word = if missed.len() == 1 { "未达成的是" } else { "差距最大的是" };
        out.push_str(&format!("；{word}{}", named.join("、")));
        let rest: Vec<&str> = missed.iter().skip(NAMED).map(|(_, l, _, _)| l.as_str()).collect();
        if !rest.is_empty() {
            out.push_str(&format!("，另有{}未达成", rest.join("、")));
        }
    }
    if !met.is_empty() && !missed.is_empty() {
        let named: Vec<String> = met.iter().take(NAMED).map(|(_, l, _, p)| format!("{l}（{p}）")).collect();
        let more = if met.len() > NAMED { format!("等{}项", met.len()) } else { String::new() };
        out.push_str(&format!("；达成的有{}{more}", named.join("、")));
    } else if !met.is_empty() {
        let named: Vec<String> = met.iter().take(NAMED).map(|(_, l, _, p)| format!("{l}{p}")).collect();
        out.push_str(&format!("，{}", named.join("、")));
    }
    Ok((out, met.len()))
}

/// The months of a year with a value (a month cut short is left out when
/// there are whole ones, as for the best and worst month).
fn months(env: &Env, name: &str) -> Result<Vec<(Period, f64)>> {
    let s = env.metrics.series(name, &env.period, Grain::Month, &env.scope)?;
    let whole = s.iter().any(|(p, _)| !p.is_partial());
    Ok(s.into_iter().filter(|(p, _)| !(whole && p.is_partial())).filter_map(|(p, v)| v.map(|v| (p, v))).collect())
}

/// `1月至6月`, `7月`: a run of months by their numbers (each with its 月, so
/// no number stands without its unit).
fn month_span(a: &Period, b: &Period) -> String {
    if a.start.m == b.start.m { format!("{}月", a.start.m) } else { format!("{}月至{}月", a.start.m, b.start.m) }
}

/// A month, with its promotion when it has one: `6月（618）`.
fn month_named(env: &Env, p: &Period) -> String {
    match env.calendar.naming(p) {
        Some(e) => format!("{}月（{}）", p.start.m, e.name),
        None => format!("{}月", p.start.m),
    }
}

/// The shape of a metric over the months of a year, for a conclusion:
/// `1月至6月逐月上升，6月（618）最高（40.8%）；7月至9月为全年低谷（38.2%）；12个月均高于去年同期，均达到目标`.
/// `None` when the period is not a year of at least four months with data.
pub fn shape(env: &Env, name: &str) -> Result<Option<String>> {
    if env.period.grain != Grain::Year || !env.metrics.has_dates(name) {
        return Ok(None);
    }
    let d = env.metrics.def(name)?;
    let ms = months(env, name)?;
    if ms.len() < 4 {
        return Ok(None);
    }
    let shown = |v: f64| format::with_unit(v, &d.unit, d.digits);
    let higher = d.better != Better::Lower;
    let (hi_word, lo_word) = match unit_kind(&d.unit) {
        UnitKind::Time => ("最长", "最短"),
        _ => ("最高", "最低"),
    };
    // The peak: the highest month (the longest, for times).
    let (pi, pv) = ms.iter().enumerate().fold((0, f64::MIN), |b, (i, (_, v))| if *v > b.1 { (i, *v) } else { b });
    // (the month it starts at, what is said): said in the order of the months.
    let mut parts: Vec<(usize, String)> = Vec::new();
    // A climb (fall) from the first month to the peak, month after month.
    let rising = pi >= 2 && ms[..=pi].windows(2).all(|w| shown(w[1].1) != shown(w[0].1) && w[1].1 > w[0].1);
    let peak = format!("{}{hi_word}（{}）", month_named(env, &ms[pi].0), shown(pv));
    if rising {
        let verb = if unit_kind(&d.unit) == UnitKind::Time { "逐月变长" } else { "逐月上升" };
        parts.push((0, format!("{}{verb}，{peak}", month_span(&ms[0].0, &ms[pi].0))));
    } else {
        parts.push((pi, peak));
    }
    // The low stretch: of the runs of two months or more in the lowest sixth
    // of the range (outside the climb), the one lowest on average; else the
    // lowest month alone. Then the rebound after it, when there is one and
    // it is not the peak (said in its place).
    let lo = ms.iter().map(|(_, v)| *v).fold(f64::MAX, f64::min);
    let band = lo + (pv - lo) / 6.0;
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (i, (_, v)) in ms.iter().enumerate() {
        if *v > band + 1e-12 || (rising && i <= pi) {
            continue;
        }
        match runs.last_mut() {
            Some(r) if r.1 + 1 == i => r.1 = i,
            _ => runs.push((i, i)),
        }
    }
    let mean = |r: &(usize, usize)| ms[r.0..=r.1].iter().map(|(_, v)| v).sum::<f64>() / (r.1 - r.0 + 1) as f64;
    let low_run = runs.iter().filter(|r| r.1 > r.0).min_by(|x, y| mean(x).total_cmp(&mean(y))).copied();
    let low = if higher { "为全年低谷" } else { "处于全年低位" };
    match low_run {
        Some((a, b)) => {
            let (mut x, mut y) = (f64::MAX, f64::MIN);
            for (_, v) in &ms[a..=b] {
                (x, y) = (x.min(*v), y.max(*v));
            }
            let range = if shown(x) == shown(y) { shown(x) } else { format!("{}–{}", shown(x), shown(y)) };
            let mut s = format!("{}{low}（{range}）", month_span(&ms[a].0, &ms[b].0));
            // The highest month after the stretch, when it climbs back out of it.
            let after = ms.iter().enumerate().skip(b + 1).max_by(|x, y| x.1.1.total_cmp(&y.1.1));
            if let Some((i, (p, v))) = after
                && *v > band
                && i != pi
            {
                let verb = if higher { "回升至" } else { "升至" };
                s.push_str(&format!("，{}{verb}{}", month_named(env, p), shown(*v)));
            }
            parts.push((a, s));
        }
        None => {
            let (li, lv) =
                ms.iter().enumerate().fold((0, f64::MAX), |b, (i, (_, v))| if *v < b.1 { (i, *v) } else { b });
            parts.push((li, format!("{}{lo_word}（{}）", month_named(env, &ms[li].0), shown(lv))));
        }
    }
    // Against the same months of last year and each month's target.
    let mut tail = Vec::new();
    let (mut above, mut had) = (0, 0);
    let (mut met, mut targeted) = (0, 0);
    for (p, v) in &ms {
        if let Some(b) = env.metrics.value(name, &p.last_year(), &env.scope)? {
            had += 1;
            above += usize::from(shown(*v) != shown(b) && higher == (*v > b));
        }
        if d.target.is_some()
            && let Some(t) = env.metrics.target(name, p, &env.scope)?
        {
            targeted += 1;
            met += usize::from(if higher { *v >= t } else { *v <= t });
        }
    }
    let better_word = if higher { "高于" } else { "优于" };
    if had > 0 {
        tail.push(match above {
            x if x == had => format!("{had}个月均{better_word}去年同期"),
            0 => format!("没有一个月{better_word}去年同期"),
            x => format!("{had}个月中{x}个月{better_word}去年同期"),
        });
    }
    if targeted > 0 {
        tail.push(match met {
            x if x == targeted => "每月都达到目标".to_string(),
            0 => "没有一个月达到目标".to_string(),
            x => format!("{targeted}个月中{x}个月达到目标"),
        });
    }
    parts.sort_by_key(|(i, _)| *i);
    let mut out = parts.into_iter().map(|(_, s)| s).collect::<Vec<_>>().join("；");
    if !tail.is_empty() {
        out.push_str(&format!("；{}", tail.join("，")));
    }
    Ok(Some(out))
}

/// The peaks of a metric over the parts of the period (months of a year):
/// the parts at least 1.5 times the median part, highest first (at most
/// three), each with its promotion: `6月（618，3.56万元）、11月（双11，3.45万元）`.
/// Its number is the highest. `None` when no part stands out so.
pub fn peaks(env: &Env, m: &MetricAt) -> Result<Option<(String, f64)>> {
    let Some(grain) = m.period.part_grain() else { return Ok(None) };
    if !env.metrics.has_dates(&m.name) {
        return Ok(None);
    }
    let d = env.metrics.def(&m.name)?;
    let s = env.metrics.series(&m.name, &m.period, grain, &m.scope)?;
    let whole = s.iter().any(|(p, _)| !p.is_partial());
    let mut parts: Vec<(Period, f64)> =
        s.into_iter().filter(|(p, _)| !(whole && p.is_partial())).filter_map(|(p, v)| v.map(|v| (p, v))).collect();
    if parts.len() < 4 {
        return Ok(None);
    }
    let mut sorted: Vec<f64> = parts.iter().map(|(_, v)| *v).collect();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    if median <= 0.0 {
        return Ok(None);
    }
    parts.retain(|(_, v)| *v >= 1.5 * median);
    parts.sort_by(|a, b| b.1.total_cmp(&a.1));
    parts.truncate(3);
    let Some(&(_, top)) = parts.first() else { return Ok(None) };
    let names: Vec<String> = parts
        .iter()
        .map(|(p, v)| {
            let value = format::with_unit(*v, &d.unit, d.digits);
            match env.calendar.naming(p) {
                Some(e) => format!("{}（{}，{value}）", p.short_label(m.period.grain), e.name),
                None => format!("{}（{value}）", p.short_label(m.period.grain)),
            }
        })
        .collect();
    Ok(Some((names.join("、"), top)))
}
