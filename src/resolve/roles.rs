//! What each series of a chart stands for: the reporting period, an earlier
//! period, the team average or a target. The chart writer colours a series
//! by its role unless the spec gives a colour, so "this year" looks the same
//! on every slide whatever position the spec lists it in.

use crate::data::period::Period;
use crate::model::{Role, Series};

/// Which period a series shows, relative to the chart's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    This,
    Earlier,
    Later,
    /// The team average over the chart's period.
    Team,
    /// Literal values: the name may say which period they are.
    Unknown,
}

impl When {
    /// Where period `p` lies against the chart's period `base`.
    pub fn of(p: &Period, base: &Period) -> When {
        if p == base {
            When::This
        } else if p.start.days() < base.start.days() {
            When::Earlier
        } else {
            When::Later
        }
    }
}

/// Where a series came from.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The metric it shows, if any.
    pub metric: Option<String>,
    pub when: When,
}

/// Gives every series its role. A metric shown for several periods (or
/// against the team) is a comparison: its series for the chart's period is
/// `Current`, the others `Earlier`/`Benchmark`. Literal series named after
/// the chart's period and after an earlier one (`2026年`, `2025年`) are read
/// the same way. Anything else keeps `Other` and takes palette colours.
pub fn assign(series: &mut [Series], origins: &[Origin], base: &Period) {
    // A comparison: the metric for this period and for another period (or the team).
    let compared = |m: &str| {
        let whens: Vec<When> = origins.iter().filter(|o| o.metric.as_deref() == Some(m)).map(|o| o.when).collect();
        whens.contains(&When::This) && whens.iter().any(|w| matches!(w, When::Earlier | When::Team))
    };
    for (s, o) in series.iter_mut().zip(origins) {
        s.role = match (&o.metric, o.when) {
            (Some(m), When::This) if compared(m) => Role::Current,
            (Some(m), When::Earlier) if compared(m) => Role::Earlier,
            (Some(m), When::Team) if compared(m) => Role::Benchmark,
            _ => Role::Other,
        };
    }
    // Literal series: by name, only when both the period and an earlier one are named.
    let named = |s: &Series, p: &Period| s.name.trim().starts_with(&p.label());
    let literal: Vec<usize> =
        (0..series.len()).filter(|i| origins.get(*i).is_some_and(|o| o.when == When::Unknown)).collect();
    let this: Vec<usize> = literal.iter().copied().filter(|i| named(&series[*i], base)).collect();
    let earlier: Vec<usize> = literal
        .iter()
        .copied()
        .filter(|i| named(&series[*i], &base.last_year()) || named(&series[*i], &base.prev()))
        .collect();
    if !this.is_empty() && !earlier.is_empty() {
        for i in this {
            series[i].role = Role::Current;
        }
        for i in earlier {
            series[i].role = Role::Earlier;
        }
    }
    // A literal benchmark beside other series: the team's or the industry's average.
    if series.len() > 1 {
        for i in literal {
            if BENCHMARKS.contains(&series[i].name.trim()) {
                series[i].role = Role::Benchmark;
            }
        }
    }
}

/// Names of a benchmark series written as values.
const BENCHMARKS: &[&str] = &["团队平均", "团队均值", "行业平均", "平均水平"];

#[cfg(test)]
mod tests {
    use super::*;

    fn s(name: &str) -> Series {
        Series { name: name.into(), ..Default::default() }
    }

    fn o(metric: Option<&str>, when: When) -> Origin {
        Origin { metric: metric.map(String::from), when }
    }

    #[test]
    fn a_metric_over_two_periods_is_a_comparison() {
        let base = Period::year(2026);
        let mut v = vec![s("2025年"), s("2026年")];
        assign(&mut v, &[o(Some("销售额"), When::Earlier), o(Some("销售额"), When::This)], &base);
        assert_eq!((v[0].role, v[1].role), (Role::Earlier, Role::Current));
    }

    #[test]
    fn two_metrics_of_one_period_are_not() {
        let base = Period::year(2026);
        let mut v = vec![s("接待量"), s("人均接待量")];
        assign(&mut v, &[o(Some("接待量"), When::This), o(Some("人均"), When::This)], &base);
        assert_eq!((v[0].role, v[1].role), (Role::Other, Role::Other));
    }

    #[test]
    fn one_metric_split_by_scope_is_not() {
        let base = Period::year(2026);
        let mut v = vec![s("总工资"), s("激励奖")];
        assign(&mut v, &[o(Some("成本"), When::This), o(Some("成本"), When::This)], &base);
        assert_eq!((v[0].role, v[1].role), (Role::Other, Role::Other));
    }

    #[test]
    fn literal_series_by_their_names() {
        let base = Period::year(2026);
        let mut v = vec![s("2026年"), s("2025年")];
        assign(&mut v, &[o(None, When::Unknown), o(None, When::Unknown)], &base);
        assert_eq!((v[0].role, v[1].role), (Role::Current, Role::Earlier));
        let mut b = vec![s("林晓雨"), s("团队平均")];
        assign(&mut b, &[o(None, When::Unknown), o(None, When::Unknown)], &base);
        assert_eq!((b[0].role, b[1].role), (Role::Other, Role::Benchmark));
        let mut w = vec![s("2026年"), s("目标")];
        assign(&mut w, &[o(None, When::Unknown), o(None, When::Unknown)], &base);
        assert_eq!((w[0].role, w[1].role), (Role::Other, Role::Other));
    }
}
