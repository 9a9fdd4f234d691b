//! Who one agent is compared with, and that group's figures.
//!
//! The rule, stated once: an agent is compared over the months the agent
//! worked (from the first to the last month with figures in the period), with
//! the peers of the same role (the spec's `peers:` column, e.g.
//! `客服名单.岗位`) who have figures in every one of those months. Fewer than
//! three such peers, and the whole team is the group. Team rates are ratios
//! of sums and team times are volume-weighted: the metric evaluated over the
//! peers' rows of those months together. Totals (接待量, 销售额) are compared
//! with the peers' average per member, and an agent who worked only part of
//! those months (joined on the 5th, left on the 13th: the roster sheet's
//! 入职日期 and 离职日期) is compared per month worked, a part month counted
//! by its days. Ranks are among the group, and say how many are in it.

use crate::data::period::Period;
use crate::data::value::cell_date;
use crate::error::{Error, Result};
use crate::metric::{Metrics, PeerGroup as Group, Scope};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The roster sheet's columns for when an agent joined and left.
const JOINED: &str = "入职日期";
const LEFT: &str = "离职日期";

/// The calendar month of a slot `y * 12 + m`.
fn month_of(slot: i32) -> Period {
    Period::month((slot - 1).div_euclid(12), ((slot - 1).rem_euclid(12) + 1) as u32)
}

/// Where an agent's role is found: a column of the metric's own tables, or
/// a column of another table looked up by the agent's name (`客服名单.岗位`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Rule {
    Own(String),
    Lookup { table: String, col: String },
}

impl Rule {
    pub fn parse(s: &str) -> Option<Rule> {
        let s = s.trim();
        if s.is_empty() {
            return None;
        }
        Some(match crate::data::ColumnRef::parse(s) {
            Some(c) if c.columns.len() == 1 => Rule::Lookup { table: c.table, col: c.columns[0].clone() },
            _ => Rule::Own(s.to_string()),
        })
    }
}

/// One agent against the group, for one metric.
#[derive(Debug, Clone)]
pub struct Standing {
    /// The agent's figure as compared (per month worked when `per_month`).
    pub me: f64,
    /// The group's figure, comparable with `me`.
    pub team: f64,
    /// 1 = best.
    pub rank: usize,
    /// How many are ranked (the group, and the agent when not in it).
    pub of: usize,
    /// Totals compared per month worked (the agent worked part of the period).
    pub per_month: bool,
    pub group: Group,
}

impl Standing {
    /// Where the agent stands among the others ranked, 0–100: the share of
    /// them the agent does at least as well as (100 = none does better, 0 =
    /// all do), in whole points. None when nobody else is ranked.
    pub fn percentile(&self) -> Option<f64> {
        (self.of >= 2).then(|| (100.0 * (self.of - self.rank) as f64 / (self.of - 1) as f64).round())
    }
}

/// Joining and leaving dates by name, from the roster sheet of the rule
/// (`客服名单.岗位` → 客服名单's 入职日期 and 离职日期), when it has them.
pub fn tenures(data: &crate::data::Data, rule: &Rule, by: &str) -> Result<BTreeMap<String, crate::metric::Tenure>> {
    let mut out = BTreeMap::new();
    let Rule::Lookup { table, .. } = rule else { return Ok(out) };
    let t = data.table(table)?;
    let Ok(wi) = t.col(by) else { return Ok(out) };
    let (ji, li) = (t.col(JOINED).ok(), t.col(LEFT).ok());
    if ji.is_none() && li.is_none() {
        return Ok(out);
    }
    let date = |row: &crate::data::Row, i: Option<usize>| i.and_then(|i| cell_date(&row.cells[i], None));
    for row in &t.rows {
        let who = row.cells[wi].text();
        if !who.is_empty() {
            out.entry(who).or_insert((date(row, ji), date(row, li)));
        }
    }
    Ok(out)
}

/// The comparison for the decks of one spec.
pub struct Peers<'a> {
    pub metrics: &'a Metrics<'a>,
    /// The column that names an agent (the deck scope's column).
    pub by: &'a str,
    pub rule: Option<&'a Rule>,
}

impl Peers<'_> {
    /// The part of `period` the scoped agent worked: from the first to the
    /// last month with figures (the whole period for an agent not found).
    pub fn own_period(&self, name: &str, period: &Period, scope: &Scope) -> Result<Period> {
        let Some(me) = scope.get(self.by) else { return Ok(*period) };
        let r = self.roster(name, period, scope)?;
        let Some(&(first, last)) = r.spans.get(me) else { return Ok(*period) };
        let (a, b) = (month_of(first), month_of(last));
        Ok(period.clip(a.start, b.end).unwrap_or(*period))
    }

    /// Who joined and left when (the batch's roster, read once).
    fn tenures(&self) -> Result<crate::metric::Tenures> {
        if let Some(t) = self.metrics.shared.tenures.get() {
            return Ok(t.clone());
        }
        let dates = match self.rule {
            Some(rule) => tenures(self.metrics.data, rule, self.by)?,
            None => BTreeMap::new(),
        };
        Ok(crate::metric::Tenures { by: self.by.to_string(), dates: Arc::new(dates) })
    }

    /// How many months of `p` the data covers, a part month by its days
    /// (an August the data holds to the 17th is 17/31).
    fn months_covered(&self, p: &Period) -> Result<f64> {
        let t = self.tenures()?;
        let covered_to = self.metrics.data.span.map(|s| s.last);
        Ok(p.parts(crate::data::period::Grain::Month)
            .iter()
            .filter_map(|part| t.month_share(part, None, covered_to))
            .sum())
    }

    /// How many months of `p` `who` worked: a month counts by the days
    /// between joining and leaving when the roster gives them, else as the
    /// data covers it (figures outside the roster's dates, a late entry:
    /// the month as the data covers it).
    fn months_worked(&self, who: &str, p: &Period) -> Result<f64> {
        let t = self.tenures()?;
        let covered_to = self.metrics.data.span.map(|s| s.last);
        Ok(p.parts(crate::data::period::Grain::Month)
            .iter()
            .filter_map(|part| {
                t.month_share(part, Some(who), covered_to)
                    .filter(|s| *s > 0.0)
                    .or_else(|| t.month_share(part, None, covered_to))
            })
            .sum())
    }

    /// A member's total over `p` as if the member had worked all of it
    /// (joined on the 10th of the first month: scaled up by the days
    /// missed), so that a part month does not count as a whole one.
    fn whole_period(&self, who: &str, v: f64, p: &Period) -> Result<f64> {
        let (all, worked) = (self.months_covered(p)?, self.months_worked(who, p)?);
        Ok(if worked > 0.0 && worked < all - 1e-9 { v * all / worked } else { v })
    }

    /// The group the scoped agent is compared with: by the figures of the
    /// agent's own part of `period`.
    pub fn group(&self, name: &str, period: &Period, scope: &Scope) -> Result<Group> {
        let own = self.own_period(name, period, scope)?;
        self.group_in(name, &own, scope)
    }

    fn group_in(&self, name: &str, period: &Period, scope: &Scope) -> Result<Group> {
        let r = self.roster(name, period, scope)?;
        let me = scope.get(self.by).unwrap_or("");
        let role = r.role.get(me).cloned().unwrap_or_default();
        let key = format!("{}|{role}", self.roster_key(name, period, scope));
        if let Some(g) = self.metrics.shared.peer_groups.get(&key) {
            return Ok(g);
        }
        let full = r.worked.iter().filter(|(_, m)| **m == r.months).map(|(k, _)| k.clone());
        let same: std::collections::BTreeSet<String> =
            full.clone().filter(|v| !role.is_empty() && r.role.get(v).is_some_and(|x| *x == role)).collect();
        let (role, members) = if same.len() >= 3 { (role, same) } else { (String::new(), full.collect()) };
        let g = Group { role, members: Arc::new(members), months: r.months, worked: r.worked.clone() };
        self.metrics.shared.peer_groups.insert(key, g.clone());
        Ok(g)
    }

    fn roster_key(&self, name: &str, period: &Period, scope: &Scope) -> String {
        let rule_key = self.rule.map(|r| format!("{r:?}")).unwrap_or_default();
        format!(
            "{}|{}|{}|{}|{rule_key}|{}",
            self.metrics.tables_of(name).join(","),
            period.key_exact(),
            scope.without(self.by).key(),
            self.by,
            self.metrics.var_key(name)
        )
    }

    /// Who has figures in which months of the period, and each one's role:
    /// computed once for every deck of a batch.
    fn roster(&self, name: &str, period: &Period, scope: &Scope) -> Result<crate::metric::Roster> {
        let key = self.roster_key(name, period, scope);
        if let Some(r) = self.metrics.shared.rosters.get(&key) {
            return Ok(r);
        }
        let data = self.metrics.data;
        let base = scope.without(self.by);
        let tables = self.metrics.tables_of(name);
        let mut months: BTreeMap<String, BTreeSet<i32>> = BTreeMap::new();
        for tname in &tables {
            let Ok(t) = data.table(tname) else { continue };
            let Ok(ci) = t.col(self.by) else { continue };
            for row in &t.rows {
                if !base.admits(t, row) {
                    continue;
                }
                let v = row.cells[ci].text();
                if v.is_empty() {
                    continue;
                }
                let slot = match (t.date_col, row.date) {
                    (Some(_), Some(d)) if data.row_in(t, row, period) => d.y * 12 + d.m as i32,
                    (Some(_), _) => continue,
                    (None, _) => 0,
                };
                months.entry(v).or_default().insert(slot);
            }
        }
        if months.is_empty() {
            return Err(Error::usage(format!("metric `{name}` has no column `{}` to compare by", self.by)));
        }
        let all: BTreeSet<i32> = months.values().flatten().copied().collect();
        let worked: BTreeMap<String, usize> = months.iter().map(|(k, m)| (k.clone(), m.len())).collect();
        let spans: BTreeMap<String, (i32, i32)> = months
            .iter()
            .filter_map(|(k, m)| Some((k.clone(), (*m.iter().find(|s| **s > 0)?, *m.iter().next_back()?))))
            .collect();
        let role = self.roles(&tables, period)?;
        let dates = self.dates()?;
        let r = crate::metric::Roster {
            months: all.len(),
            worked: Arc::new(worked),
            role: Arc::new(role),
            spans: Arc::new(spans),
            dates: Arc::new(dates),
        };
        self.metrics.shared.rosters.insert(key, r.clone());
        Ok(r)
    }

    /// Joining and leaving dates by name (see [`tenures`]).
    fn dates(&self) -> Result<BTreeMap<String, crate::metric::Tenure>> {
        Ok(self.tenures()?.dates.as_ref().clone())
    }

    /// Every value's role by the rule, read in one pass.
    fn roles(&self, tables: &[String], period: &Period) -> Result<BTreeMap<String, String>> {
        let data = self.metrics.data;
        let mut out = BTreeMap::new();
        let mut read = |t: &crate::data::Table, col: &str, dated: bool| {
            let (Ok(ci), Ok(wi)) = (t.col(col), t.col(self.by)) else { return };
            for row in t.rows.iter().filter(|r| !dated || data.row_in(t, r, period)) {
                let (who, role) = (row.cells[wi].text(), row.cells[ci].text());
                if who.is_empty() || role.is_empty() {
                    continue;
                }
                // The role in the period's latest row (a promotion changes it); the first
                // row of a table without dates.
                if dated || !out.contains_key(&who) {
                    out.insert(who, role);
                }
            }
        };
        match self.rule {
            None => {}
            Some(Rule::Own(col)) => {
                for t in tables.iter().filter_map(|n| data.table(n).ok()) {
                    read(t, col, t.date_col.is_some());
                }
            }
            Some(Rule::Lookup { table, col }) => {
                let t = data.table(table)?;
                t.col(col)?;
                t.col(self.by)?;
                read(t, col, false);
            }
        }
        Ok(out)
    }

    /// The group's figure for `values` (a month of a chart, or the period).
    pub fn team(&self, name: &str, values: &Period, g: &Group, scope: &Scope) -> Result<Option<f64>> {
        if g.members.is_empty() {
            return Ok(None);
        }
        let base = scope.without(self.by);
        if !self.metrics.additive(name) {
            // A rate of the group: Σ下单 / Σ询单 over the members' rows (once per batch).
            let scope = base.with_any(self.by, g.members.clone());
            let key = format!("{name}|{}|{}|{}", values.key_exact(), scope.key(), self.metrics.var_key(name));
            if let Some(v) = self.metrics.shared.team.get(&key) {
                return Ok(v);
            }
            let v = self.metrics.value(name, values, &scope)?;
            self.metrics.shared.team.insert(key, v);
            return Ok(v);
        }
        let all = self.metrics.groups(name, values, scope, self.by)?;
        let mut vals = Vec::new();
        for (k, v) in all.iter().filter(|(k, _)| g.members.contains(k)) {
            if let Some(v) = *v {
                vals.push(self.whole_period(k, v, values)?);
            }
        }
        Ok((!vals.is_empty()).then(|| vals.iter().sum::<f64>() / vals.len() as f64))
    }

    /// The scoped agent against the group over the agent's own part of `period`.
    pub fn standing(&self, name: &str, period: &Period, scope: &Scope) -> Result<Option<Standing>> {
        let Some(me_name) = scope.get(self.by).map(str::to_string) else {
            return Err(Error::usage(format!("comparing with the team needs the deck's `scope: {{{}: …}}`", self.by)));
        };
        let own = self.own_period(name, period, scope)?;
        let Some(total) = self.metrics.value(name, &own, scope)? else { return Ok(None) };
        let g = self.group_in(name, &own, scope)?;
        let additive = self.metrics.additive(name);
        // Months by their days: the agent's own, and the period's as the data covers it.
        let months = self.months_covered(&own)?;
        let mine = self.months_worked(&me_name, &own)?;
        let per_month = additive && mine > 0.0 && mine < months - 1e-9;
        let me = if per_month { total / mine } else { total };
        let all = self.metrics.groups(name, &own, scope, self.by)?;
        let mut others = Vec::new();
        for (k, v) in all.iter().filter(|(k, _)| g.members.contains(k) && *k != me_name) {
            let Some(v) = *v else { continue };
            let v = if additive { self.whole_period(k, v, &own)? } else { v };
            others.push(if per_month { v / months } else { v });
        }
        let Some(team) = self.team(name, &own, &g, scope)? else { return Ok(None) };
        let team = if per_month { team / months } else { team };
        let lower = self.metrics.def(name)?.better == crate::format::Better::Lower;
        let better = others.iter().filter(|v| if lower { **v < me } else { **v > me }).count();
        let of = others.len() + 1;
        Ok(Some(Standing { me, team, rank: better + 1, of, per_month, group: g }))
    }
}
