//! One slide of the spec resolved: its layout's slots checked, then its
//! texts, generated bullets, cards, charts, table, picture and timeline.

use super::{Context, cards, chart, generate, picture, promotions_said_once_on, timeline};
use crate::error::{Error, Result};
use crate::layout::{LayoutSet, ShapeSlotKind, Template};
use crate::model::{Content, Fit, Para, Rich, Slide};
use crate::spec::{ConclusionSpec, ImageFit, Locator, SlideSpec, Text};
use std::collections::BTreeMap;

/// Resolves one slide: its texts, generated bullets, cards, charts, table,
/// picture and timeline, under its own period and scope.
pub(super) fn slide(cx0: &Context, s: &SlideSpec, path: &str, layouts: &LayoutSet) -> Result<Slide> {
    let tpl = layouts.template(&s.layout).map_err(|e| e.at(cx0.at(&format!("{path}.layout"))))?;
    if let Some(e) = Error::many(check_slots(s, tpl, layouts, cx0.loc, path)) {
        return Err(e);
    }
    // The slide's own period and scope.
    let period = match &s.period {
        Some(p) => chart::relative_period(cx0, Some(p.as_str()), &cx0.at(&format!("{path}.period")))?,
        None => cx0.env.period,
    };
    let scope = cx0.scope_with(&s.scope, path)?;
    let cx = cx0.with_env(cx0.env.with(period, scope));
    let cx = &cx;

    let mut out = Slide { layout: s.layout.clone(), origin: cx.at(path), hidden: s.hidden, ..Default::default() };
    let text_is_items = tpl.shape_kind("text") == Some(ShapeSlotKind::Repeat);
    texts(cx, s, path, text_is_items, &mut out)?;
    bullets(cx, s, path, text_is_items, &mut out)?;
    if let Some(c) = &s.conclusion {
        out.texts.insert("conclusion".into(), conclusion(cx, c, &format!("{path}.conclusion"))?);
    }
    if let Some(k) = &s.kpis {
        out.items.insert("kpis".into(), cards::kpis(cx, k, path)?);
    }
    if let Some(cf) = &s.cards_from {
        out.items.insert("cards".into(), cards::cards_from(cx, cf, &format!("{path}.cards_from"))?);
    }
    if let Some(cards) = &s.cards {
        out.items.insert("cards".into(), cards::cards(cx, cards, path)?);
    }
    shapes(cx, s, tpl, path, &mut out)?;
    if let Some(n) = &s.notes {
        out.notes = Some(cx.unmarked(n, &format!("{path}.notes"))?);
    }
    promotions_said_once_on(&mut out);
    Ok(out)
}

/// The slide's own texts: title, subtitle, columns, body, number and custom slots.
fn texts(cx: &Context, s: &SlideSpec, path: &str, text_is_items: bool, out: &mut Slide) -> Result<()> {
    let texts: [(&str, &Option<Text>); 7] = [
        ("title", &s.title),
        ("subtitle", &s.subtitle),
        ("left", &s.left),
        ("right", &s.right),
        ("left_title", &s.left_title),
        ("right_title", &s.right_title),
        ("text", &s.text),
    ];
    for (k, v) in texts {
        if let Some(t) = v {
            if k == "text" && text_is_items {
                continue;
            }
            out.texts.insert(k.to_string(), cx.text(t, &format!("{path}.{k}"))?);
        }
    }
    if let Some(n) = &s.number {
        out.texts.insert("number".into(), Rich::plain(cx.plain(n.as_str(), &format!("{path}.number"))?));
    }
    for (k, t) in &s.slots {
        out.texts.insert(k.clone(), cx.text(t, &format!("{path}.slots.{k}"))?);
    }
    Ok(())
}

/// Generated bullets into their slots, then the body text as numbered items
/// when the layout repeats `text`.
fn bullets(cx: &Context, s: &SlideSpec, path: &str, text_is_items: bool, out: &mut Slide) -> Result<()> {
    for (i, g) in s.bullets.iter().enumerate() {
        let bp = if s.bullets.len() == 1 { format!("{path}.bullets") } else { format!("{path}.bullets[{i}]") };
        let paras = if g.generate == "rows" {
            cx.row_bullets(g, &bp)?
        } else if g.from.is_some() {
            cx.bullets_with_actions(g, &bp)?
        } else {
            generate::bullets(&cx.env, g).map_err(|e| e.at(cx.at(&bp)))?
        };

        let into = g.into.clone().unwrap_or_else(|| "text".into());
        if text_is_items && into == "text" {
            let mut r = Rich::default();
            r.paras.extend(paras);
            out.items.insert("text".into(), items_of_paras(&r));
        } else {
            let slot = out.texts.entry(into).or_default();
            // A list of rows that says it is empty (`本期没有晋升`) under bulleted
            // lines is one of them: it gets their marker.
            let listed = g.generate == "rows" && slot.paras.iter().any(|p| p.bullet);
            slot.paras.extend(paras.into_iter().map(|p| {
                let said = p.runs.iter().any(|r| !r.text.trim().is_empty());
                Para { bullet: p.bullet || (listed && said), ..p }
            }));
        }
    }
    if text_is_items && let Some(t) = &s.text {
        let r = cx.text(t, &format!("{path}.text"))?;
        out.items.entry("text".into()).or_default().extend(items_of_paras(&r));
    }
    Ok(())
}

/// The conclusion: a sentence written from a metric, or the user's own.
fn conclusion(cx: &Context, c: &ConclusionSpec, cp: &str) -> Result<Rich> {
    let is_metric = cx.env.metrics.is_metric(c.metric.trim());
    let looks_like_name =
        !c.metric.contains(|ch: char| ch.is_whitespace() || "，。,.:：;；!！?？%（）()*[]{}".contains(ch))
            && c.metric.chars().count() <= 12;
    let runs = if is_metric || !c.mention.is_empty() || (looks_like_name && !cx.env.metrics.defs.is_empty()) {
        let mut runs = generate::conclusion(&cx.env, c.metric.trim(), &c.mention).map_err(|e| {
            e.at(cx.at(cp)).hint(
                "`conclusion:` is a metric name (the sentence is written from the data) or a sentence of your own",
            )
        })?;
        if let Some(then) = &c.then {
            runs.extend(cx.runs(then, &format!("{cp}.then"))?);
        }
        runs
    } else {
        cx.runs(&c.metric, cp)?
    };
    Ok(Rich { paras: vec![Para { runs, level: 0, bullet: false }] })
}

/// The shapes: charts into the layout's chart slots in order, the table,
/// the picture, the deck's logo and the timeline.
fn shapes(cx: &Context, s: &SlideSpec, tpl: &Template, path: &str, out: &mut Slide) -> Result<()> {
    let chart_slots: Vec<String> =
        tpl.shape_slots.iter().filter(|(_, k)| *k == ShapeSlotKind::Chart).map(|(n, _)| n.clone()).collect();
    let mut specs: Vec<(&crate::spec::ChartSpec, String)> = Vec::new();
    if let Some(c) = &s.chart {
        specs.push((c, format!("{path}.chart")));
    }
    if let Some(cs) = &s.charts {
        for (i, c) in cs.iter().enumerate() {
            specs.push((c, format!("{path}.charts[{i}]")));
        }
    }
    for ((c, cp), slot) in specs.into_iter().zip(chart_slots) {
        out.shapes.insert(slot, Content::Chart(Box::new(cx.chart(c, &cp)?)));
    }
    if let Some(t) = &s.table {
        out.shapes.insert("table".into(), Content::Table(cx.table(t, &format!("{path}.table"))?));
    }
    if let Some(img) = &s.image {
        let ip = format!("{path}.image");
        let fit = match img.fit {
            None | Some(ImageFit::Contain) => Fit::Contain,
            Some(ImageFit::Cover) => Fit::Cover,
        };
        let p = picture::load(&cx.base.join(&img.path), &img.path, fit, img.alt.as_deref().unwrap_or(""))
            .map_err(|e| e.at(cx.at(&ip)))?;
        out.shapes.insert("picture".into(), Content::Picture(p));
    }
    if tpl.shape_kind("logo").is_some()
        && let Some(logo) = &cx.logo
    {
        out.shapes.insert("logo".into(), Content::Picture((*logo).clone()));
    }
    if let Some(t) = &s.timeline {
        out.shapes
            .insert("timeline".into(), Content::Timeline(timeline::timeline(cx, t, &format!("{path}.timeline"))?));
    }
    Ok(())
}

/// Names of the layouts that have a slot of `kind` (for a hint).
fn layouts_with(layouts: &LayoutSet, kind: ShapeSlotKind) -> String {
    layouts
        .templates
        .values()
        .filter(|t| t.shape_slots.iter().any(|(_, k)| *k == kind))
        .map(|t| t.name.clone())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks that every slot the slide fills exists in the layout, and that the
/// layout's charts, tables and pictures are given.
pub(super) fn check_slots(s: &SlideSpec, tpl: &Template, layouts: &LayoutSet, loc: &Locator, path: &str) -> Vec<Error> {
    let mut errors = Vec::new();
    let slots = tpl.all_slots().join(", ");
    let missing = |key: &str, what: &str, kind: Option<ShapeSlotKind>| {
        let mut e = Error::usage(format!("layout `{}` has no {what} for `{key}:`", tpl.name))
            .at(loc.key_at(&format!("{path}.{key}")))
            .hint(format!("its slots: {slots}"));
        if let Some(k) = kind {
            e = e.hint(format!("layouts with one: {}", layouts_with(layouts, k)));
        }
        e
    };
    let texts: Vec<(&str, bool)> = vec![
        ("title", s.title.is_some()),
        ("subtitle", s.subtitle.is_some()),
        ("left", s.left.is_some()),
        ("right", s.right.is_some()),
        ("left_title", s.left_title.is_some()),
        ("right_title", s.right_title.is_some()),
        ("number", s.number.is_some()),
        ("conclusion", s.conclusion.is_some()),
    ];
    for (k, given) in texts {
        if given && !tpl.has_text(k) {
            errors.push(missing(k, "text slot", None));
        }
    }
    let text_is_items = tpl.shape_kind("text") == Some(ShapeSlotKind::Repeat);
    if s.text.is_some() && !tpl.has_text("text") && !text_is_items {
        errors.push(missing("text", "text slot", None));
    }
    for (i, g) in s.bullets.iter().enumerate() {
        let into = g.into.as_deref().unwrap_or("text");
        let fits = tpl.has_text(into) || (into == "text" && text_is_items);
        if !fits {
            let key = if s.bullets.len() == 1 { "bullets".to_string() } else { format!("bullets[{i}]") };
            errors.push(missing(&key, &format!("`{into}` text slot"), None));
        }
    }
    for k in s.slots.keys() {
        if !tpl.has_text(k) {
            errors.push(
                missing(&format!("slots.{k}"), &format!("`{{{{{k}}}}}` token"), None)
                    .suggest(k, tpl.text_slots.iter().map(String::as_str)),
            );
        }
    }
    let shapes: Vec<(&str, bool, &str, ShapeSlotKind)> = vec![
        ("kpis", s.kpis.is_some(), "kpis", ShapeSlotKind::Repeat),
        ("cards", s.cards.is_some() || s.cards_from.is_some(), "cards", ShapeSlotKind::Repeat),
        ("table", s.table.is_some(), "table", ShapeSlotKind::Table),
        ("image", s.image.is_some(), "picture", ShapeSlotKind::Picture),
        ("timeline", s.timeline.is_some(), "timeline", ShapeSlotKind::Timeline),
    ];
    for (key, given, slot, kind) in shapes {
        let has = tpl.shape_kind(slot) == Some(kind);
        if given && !has {
            errors.push(missing(key, &format!("{slot} slot"), Some(kind)));
        }
        if !given && has {
            errors.push(
                Error::usage(format!("layout `{}` needs `{key}:`", tpl.name))
                    .at(loc.at(path))
                    .hint(format!("layout `{}` has a {slot} slot; give `{key}:` or pick another layout", tpl.name)),
            );
        }
    }
    let chart_slots: Vec<&str> =
        tpl.shape_slots.iter().filter(|(_, k)| *k == ShapeSlotKind::Chart).map(|(n, _)| n.as_str()).collect();
    let given = usize::from(s.chart.is_some()) + s.charts.as_ref().map(Vec::len).unwrap_or(0);
    if given > 0 && chart_slots.is_empty() {
        errors.push(missing(
            if s.chart.is_some() { "chart" } else { "charts" },
            "chart slot",
            Some(ShapeSlotKind::Chart),
        ));
    } else if given == 0 && !chart_slots.is_empty() {
        let what = if chart_slots.len() == 1 {
            "`chart:`".to_string()
        } else {
            format!("`charts:` with {} charts", chart_slots.len())
        };
        errors.push(
            Error::usage(format!("layout `{}` needs {what}", tpl.name))
                .at(loc.at(path))
                .hint("give the chart, or choose a layout without one (bullets, two-columns, table, cards…)"),
        );
    } else if given != chart_slots.len() {
        let at = loc.key_at(&format!("{path}.{}", if s.chart.is_some() { "chart" } else { "charts" }));
        errors.push(
            Error::usage(format!("layout `{}` shows {} charts; the slide gives {given}", tpl.name, chart_slots.len()))
                .at(at)
                .hint(if chart_slots.len() == 1 {
                    "give `chart:`".to_string()
                } else {
                    format!("give `charts:` with {} charts", chart_slots.len())
                }),
        );
    }
    if s.text.is_none() && s.bullets.is_empty() && text_is_items {
        errors.push(
            Error::usage(format!("layout `{}` lists the items of `text:`; give them", tpl.name)).at(loc.at(path)),
        );
    }
    errors
}

/// Top-level paragraphs as numbered items (`{{n}}`, `{{item}}`).
fn items_of_paras(r: &Rich) -> Vec<BTreeMap<String, Rich>> {
    r.paras
        .iter()
        .filter(|p| p.level == 0)
        .enumerate()
        .map(|(i, p)| {
            let mut m = BTreeMap::new();
            m.insert("n".to_string(), Rich::plain(format!("{:02}", i + 1)));
            m.insert("item".to_string(), Rich { paras: vec![Para { runs: p.runs.clone(), level: 0, bullet: false }] });
            m
        })
        .collect()
}
