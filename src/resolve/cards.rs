//! Cards of a slide: KPI cards (from metrics or given), cards with a
//! heading and text, and cards made from the rows of a table.

use super::{Context, generate};
use crate::error::{Error, Result};
use crate::model::{ColorRef, Para, Rich, Run};
use crate::spec::{CardSpec, KpiSpec};
use std::collections::BTreeMap;

/// The KPI cards (1–8), each from its metric and/or the values given.
pub(super) fn kpis(cx: &Context, k: &[KpiSpec], path: &str) -> Result<Vec<BTreeMap<String, Rich>>> {
    if !(1..=8).contains(&k.len()) {
        return Err(
            Error::usage(format!("{} KPI cards: a slide shows 1 to 8", k.len())).at(cx.at(&format!("{path}.kpis")))
        );
    }
    let mut items = Vec::new();
    for (i, kp) in k.iter().enumerate() {
        let kpath = format!("{path}.kpis[{i}]");
        let mut m = match &kp.metric {
            Some(name) => generate::kpi_from_metric(&cx.env, kp, name).map_err(|e| e.at(cx.at(&kpath)))?,
            None => BTreeMap::new(),
        };
        if let Some(l) = &kp.label {
            m.insert("label".into(), Rich::plain(cx.plain(l, &format!("{kpath}.label"))?));
        }
        if let Some(v) = &kp.value {
            m.insert("value".into(), Rich::plain(cx.plain(v.as_str(), &format!("{kpath}.value"))?));
        }
        if let Some(ch) = &kp.change {
            let mut runs = cx.runs(ch, &format!("{kpath}.change"))?;
            if let Some(g) = kp.good {
                for r in &mut runs {
                    r.color.get_or_insert(ColorRef::Custom(if g { "good" } else { "bad" }.into()));
                }
            }
            m.insert("change".into(), Rich { paras: vec![Para { runs, level: 0, bullet: false }] });
        }
        if let Some(n) = &kp.note {
            m.insert("note".into(), Rich::plain(cx.plain(n, &format!("{kpath}.note"))?));
        }
        if !m.contains_key("value") {
            return Err(Error::usage("a KPI card needs `metric:` or `value:`").at(cx.at(&kpath)));
        }
        items.push(m);
    }
    Ok(items)
}

/// The cards of the `cards` layout: a number, a heading and a body each.
pub(super) fn cards(cx: &Context, cards: &[CardSpec], path: &str) -> Result<Vec<BTreeMap<String, Rich>>> {
    let mut items = Vec::new();
    for (i, c) in cards.iter().enumerate() {
        let cp = format!("{path}.cards[{i}]");
        let mut m = BTreeMap::new();
        m.insert("n".to_string(), Rich::plain(format!("{:02}", i + 1)));
        m.insert("heading".to_string(), Rich::plain(cx.plain(&c.title, &format!("{cp}.title"))?));
        if let Some(t) = &c.text {
            m.insert("body".to_string(), cx.text(t, &format!("{cp}.text"))?);
        }
        items.push(m);
    }
    Ok(items)
}

/// One card per value of a column of a table, its rows' cells as bullets.
pub(super) fn cards_from(cx: &Context, cf: &crate::spec::CardsFrom, path: &str) -> Result<Vec<BTreeMap<String, Rich>>> {
    let at = |k: &str| cx.at(&format!("{path}.{k}"));
    let t = cx.data.table(&cf.from).map_err(|e| e.at(at("from")))?;
    let (ti, xi) = (t.col(&cf.title).map_err(|e| e.at(at("title")))?, t.col(&cf.text).map_err(|e| e.at(at("text")))?);
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for row in cx.rows_where(t, cf.filter.as_deref(), &format!("{path}.where"))? {
        let (title, text) = (row.cells[ti].text(), row.cells[xi].text());
        if title.trim().is_empty() || text.trim().is_empty() {
            continue;
        }
        match groups.iter_mut().find(|(k, _)| *k == title) {
            Some((_, v)) => v.push(text),
            None => groups.push((title, vec![text])),
        }
    }
    if let Some(l) = cf.limit {
        groups.truncate(l);
    }
    if groups.is_empty() {
        return Err(Error::build(format!("`{}` has no rows for {} to make cards of", cf.from, cx.env.period.label()))
            .at(at("from"))
            .hint(format!("fill in the sheet: {} and {} for each row", cf.title, cf.text)));
    }
    Ok(groups
        .into_iter()
        .enumerate()
        .map(|(i, (title, lines))| {
            let mut m = BTreeMap::new();
            m.insert("n".to_string(), Rich::plain(format!("{:02}", i + 1)));
            m.insert("heading".to_string(), Rich::plain(title));
            let paras = lines.into_iter().map(|l| Para {
                runs: vec![Run { text: l, ..Default::default() }],
                level: 0,
                bullet: true,
            });
            m.insert("body".to_string(), Rich { paras: paras.collect() });
            m
        })
        .collect())
}
