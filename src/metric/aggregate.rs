//! Aggregations over a table's rows: sums, weighted averages, counts, and
//! shares of monthly rows for periods that are not whole months.

use super::Agg;
use crate::data::Table;
use crate::data::period::Period;
use crate::error::Result;
use std::collections::BTreeSet;

/// Whether a period is made of whole months (a month, quarter or year).
pub(super) fn covers_whole_months(p: &Period) -> bool {
    p.start.d == 1 && p.end.add_days(1).d == 1
}

/// A sum or average over a table of months for a period that is not made
/// of whole months (a week, a year to date): each row counts by the share of
/// the days it covers that are inside the period, so a week gets 7/30 of a
/// monthly target and a rate target applies as it is. A row covers its
/// month, or for figures (`covered_to`) its month up to the data's last day:
/// the row of a month in progress holds that month so far and counts whole
/// for the same days, while last year's full month counts by its share.
pub(super) fn part_of_months(
    agg: Agg,
    t: &Table,
    rows: &[&crate::data::Row],
    ci: usize,
    wi: Option<usize>,
    period: &Period,
    covered_to: Option<crate::data::date::Date>,
) -> Result<Option<f64>> {
    let (mut sum, mut wsum, mut n) = (0.0, 0.0, 0usize);
    for r in rows {
        let (Some(d), Some(v)) = (r.date, t.num(r, ci)?) else { continue };
        let m = Period::month(d.y, d.m);
        let end = covered_to.map_or(m.end, |c| m.end.min(c).max(m.start));
        let first = m.start.max(period.start);
        let last = end.min(period.end);
        if last < first {
            continue;
        }
        let share = (last.days() - first.days() + 1) as f64 / (end.days() - m.start.days() + 1) as f64;
        let Some(w) = weight(t, r, wi)? else { continue };
        n += 1;
        match agg {
            Agg::Sum => sum += v * share,
            _ => {
                sum += v * w * share;
                wsum += w * share;
            }
        }
    }
    Ok(match (agg, n) {
        (_, 0) => None,
        (Agg::Sum, _) => Some(sum),
        _ if wsum != 0.0 => Some(sum / wsum),
        _ => None,
    })
}

/// A row's weight: 1 without a weight column; `None` when its weight cell is empty.
pub(super) fn weight(t: &Table, r: &crate::data::Row, wi: Option<usize>) -> Result<Option<f64>> {
    match wi {
        Some(w) => t.num(r, w),
        None => Ok(Some(1.0)),
    }
}

pub(super) fn aggregate(
    agg: Agg,
    t: &Table,
    rows: &[&crate::data::Row],
    ci: usize,
    wi: Option<usize>,
) -> Result<Option<f64>> {
    match agg {
        Agg::Count => Ok(Some(rows.iter().filter(|r| !r.cells[ci].is_empty()).count() as f64)),
        Agg::Distinct => {
            let set: BTreeSet<String> = rows.iter().map(|r| r.cells[ci].text()).filter(|s| !s.is_empty()).collect();
            Ok(Some(set.len() as f64))
        }
        Agg::First | Agg::Last => {
            let mut with: Vec<(&crate::data::Row, f64)> = Vec::new();
            for r in rows {
                if let Some(v) = t.num(r, ci)? {
                    with.push((r, v));
                }
            }
            with.sort_by_key(|(r, _)| (r.date, r.r));
            Ok(if agg == Agg::First { with.first() } else { with.last() }.map(|(_, v)| *v))
        }
        _ => {
            let mut n = 0usize;
            let (mut plain, mut sum, mut wsum, mut min, mut max) = (0.0, 0.0, 0.0, f64::INFINITY, f64::NEG_INFINITY);
            for r in rows {
                let Some(v) = t.num(r, ci)? else { continue };
                let Some(w) = weight(t, r, wi)? else { continue };
                n += 1;
                plain += v;
                sum += v * w;
                wsum += w;
                min = min.min(v);
                max = max.max(v);
            }
            if n == 0 {
                return Ok(None);
            }
            Ok(match agg {
                Agg::Sum => Some(plain),
                Agg::Avg => (wsum != 0.0).then(|| sum / wsum),
                Agg::Min => Some(min),
                Agg::Max => Some(max),
                _ => None,
            })
        }
    }
}
