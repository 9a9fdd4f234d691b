//! Filling a deck the user made (`deck.fill: 月报模板.pptx`): the user's
//! slides are the deck. deckgen replaces the `{{…}}` expressions wherever
//! text can be (shapes, groups, tables, notes, chart titles), also when
//! PowerPoint split them across runs; refills the charts and tables `fill:`
//! names by shape name; repeats slides per value or row and drops slides by
//! `when:`. A part nothing changed is written back byte for byte.
//!
//! The expressions are evaluated in the deck's context from `resolve`
//! ([`crate::resolve::with_context`]), so a text means the same in a filled
//! deck as in a spec.

mod chart;
mod slides;
mod table;
pub mod text;

use crate::error::{Error, Result};
use crate::layout::dom::Element;
use crate::model::Run;
use crate::ns::{ct, rt};
use crate::opc::read::Archive;
use crate::prepared::{Built, Prepared};
use crate::resolve::eval::Env;
use crate::resolve::{Context, Options};
use crate::spec::{FillChart, FillSlide, FillSpec, TableSpec};
use std::collections::BTreeMap;
use std::path::Path;

/// Reads the deck to fill; `shown` names it in messages.
pub fn load(path: &Path, shown: &str) -> Result<Archive> {
    let bytes = std::fs::read(path).map_err(|e| {
        Error::build(format!("cannot read the deck to fill `{shown}` ({e})"))
            .nearby(path, &[".pptx", ".potx"], "decks")
            .hint("`deck.fill` is a .pptx file, relative to the spec")
    })?;
    Archive::read(&bytes, shown)
}

/// One copy of a repeated slide: a label for messages, its variables and its scope.
type Copy = (String, BTreeMap<String, String>, Option<crate::metric::Scope>);

/// One slide of the user's deck.
#[derive(Debug, Clone)]
struct Slide {
    /// 1-based number in the user's deck.
    number: usize,
    part: String,
    /// The `p:sldId` id and relationship id in the presentation.
    id: String,
    rid: String,
    /// Chart shapes (name, relationship id) and table shape names.
    charts: Vec<(String, String)>,
    tables: Vec<String>,
}

/// A slide of the output: an original or a copy, with what its texts see.
struct Instance {
    from: usize,
    part: String,
    vars: BTreeMap<String, String>,
    scope: Option<crate::metric::Scope>,
    /// For messages: `slide 5` or `slide 5 (王子涵)`.
    label: String,
}

/// The shape tree children that are shapes, groups looked into.
fn shapes_in<'a>(el: &'a Element, out: &mut Vec<&'a Element>) {
    for c in el.elements() {
        match c.name.as_str() {
            "p:grpSp" => shapes_in(c, out),
            "p:sp" | "p:graphicFrame" | "p:pic" | "p:cxnSp" => out.push(c),
            _ => {}
        }
    }
}

/// A graphic frame's chart relationship id.
fn chart_rid(frame: &Element) -> Option<&str> {
    let data = frame.path(&["a:graphic", "a:graphicData"])?;
    data.elements().find(|e| e.name.ends_with(":chart"))?.attr("r:id")
}

fn is_table(frame: &Element) -> bool {
    frame.path(&["a:graphic", "a:graphicData", "a:tbl"]).is_some()
}

/// Evaluates `{{ expr }}` (the text between the braces) into runs.
fn eval_expr(env: &Env, expr: &str) -> Result<Vec<Run>> {
    let e = crate::expr::parse_expr(expr).map_err(|m| Error::usage(format!("in `{{{{{expr}}}}}`: {m}")))?;
    let v = env.eval(&e)?;
    env.render(&v)
}

/// The deck, filled.
pub fn build(p: &Prepared, opts: &Options) -> Result<Built> {
    let src = p.fill.as_ref().ok_or_else(|| Error::build("no deck to fill"))?;
    let spec = p.spec.fill.clone().unwrap_or_default();
    crate::resolve::with_context(p, opts, |cx| {
        let mut job = Job { a: (**src).clone(), cx, warnings: Vec::new(), titles: Vec::new(), theme: None };
        job.theme = Some(job.theme()?);
        job.run(&spec)?;
        // A template (.potx) filled is a presentation.
        let main = job.a.main_part()?;
        job.a.set_content_type(&main, ct::PRESENTATION);
        let bytes =
            job.a.to_zip().map_err(|e| Error::build(format!("cannot write the deck ({e})")).at(job.a.file.clone()))?;
        let slides = job.titles.len();
        Ok(Built { bytes, slides, titles: job.titles, warnings: job.warnings, deck: Default::default() })
    })
}

struct Job<'a> {
    a: Archive,
    cx: &'a Context<'a>,
    warnings: Vec<crate::warning::Warning>,
    titles: Vec<String>,
    /// The deck's theme (for colours from the data: good/bad, cell rules).
    theme: Option<crate::layout::Theme>,
}

impl Job<'_> {
    fn file(&self) -> String {
        self.a.file.clone()
    }

    fn err(&self, m: impl Into<String>) -> Error {
        Error::build(m).at(self.file())
    }

    /// The slides of the user's deck, in order, with their charts and tables.
    fn slides(&self) -> Result<(String, Vec<Slide>)> {
        let pres = self.a.main_part()?;
        let root = self.a.xml(&pres)?;
        let rels = self.a.rels(&pres).map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for (i, s) in
            root.child("p:sldIdLst").map(|l| l.elements().collect::<Vec<_>>()).unwrap_or_default().iter().enumerate()
        {
            let (Some(id), Some(rid)) = (s.attr("id"), s.attr("r:id")) else { continue };
            let Some(r) = rels.get(rid) else {
                return Err(self.err(format!("slide {} has no part (relationship `{rid}` is missing)", i + 1)));
            };
            let xml = self.a.xml(&r.target)?;
            let mut shapes = Vec::new();
            if let Some(tree) = xml.path(&["p:cSld", "p:spTree"]) {
                shapes_in(tree, &mut shapes);
            }
            let mut charts = Vec::new();
            let mut tables = Vec::new();
            for sh in shapes.iter().filter(|s| s.name == "p:graphicFrame") {
                let name = crate::layout::shape_name(sh).unwrap_or("").to_string();
                if let Some(rid) = chart_rid(sh) {
                    charts.push((name, rid.to_string()));
                } else if is_table(sh) {
                    tables.push(name);
                }
            }
            out.push(Slide {
                number: i + 1,
                part: r.target.clone(),
                id: id.to_string(),
                rid: rid.to_string(),
                charts,
                tables,
            });
        }
        Ok((pres, out))
    }

    fn run(&mut self, spec: &FillSpec) -> Result<()> {
        let (pres, slides) = self.slides()?;
        self.check_names(spec, &slides)?;

        // Which slides go out, and how often.
        let mut plan: Vec<Instance> = Vec::new();
        let mut dropped: Vec<usize> = Vec::new();
        let mut copies = 0;
        for s in &slides {
            let entry = spec.slides.iter().position(|e| e.slide as usize == s.number);
            let path = entry.map(|i| format!("fill.slides[{i}]"));
            let e = entry.map(|i| &spec.slides[i]);
            if let (Some(e), Some(path)) = (e, &path)
                && let Some(w) = &e.when
                && !crate::resolve::holds(self.cx, w, &format!("{path}.when"))?
            {
                dropped.push(s.number);
                continue;
            }
            match (e.and_then(|e| e.repeat.as_ref()), &path) {
                (Some(r), Some(path)) => {
                    let values = self.repeat_values(r, &format!("{path}.repeat"))?;
                    if values.is_empty() {
                        self.warnings.push(
                            crate::warning::Warning::new(
                                "nothing to repeat it for in this period; the slide is left out",
                            )
                            .slide(s.number),
                        );
                        dropped.push(s.number);
                        continue;
                    }
                    for (k, (label, vars, scope)) in values.into_iter().enumerate() {
                        let part = if k == 0 {
                            s.part.clone()
                        } else {
                            copies += 1;
                            slides::clone_slide(&mut self.a, &s.part).map_err(|e| self.err(e))?
                        };
                        plan.push(Instance {
                            from: s.number,
                            part,
                            vars,
                            scope,
                            label: format!("slide {} ({label})", s.number),
                        });
                    }
                }
                _ => plan.push(Instance {
                    from: s.number,
                    part: s.part.clone(),
                    vars: self.cx.env.vars.clone(),
                    scope: None,
                    label: format!("slide {}", s.number),
                }),
            }
        }
        if plan.is_empty() {
            return Err(Error::build("every slide of the deck was left out (`when:`), so there is no deck to write")
                .at(self.file())
                .hint("check the `when:` conditions under `fill.slides`"));
        }

        // Fill each slide in its own context.
        let mut errors = Vec::new();
        for inst in &plan {
            let s = &slides[inst.from - 1];
            let entry = spec.slides.iter().enumerate().find(|(_, e)| e.slide as usize == s.number);
            if let Err(e) = self.fill_slide(inst, s, spec, entry) {
                errors.push(e);
            }
        }
        if let Some(e) = Error::many(errors) {
            return Err(e);
        }
        for n in &dropped {
            slides::remove_slide(&mut self.a, &slides[n - 1].part).map_err(|e| self.err(e))?;
        }
        if dropped.is_empty() && copies == 0 {
            return Ok(());
        }
        let order: Vec<(String, Option<(String, String)>)> = plan
            .iter()
            .map(|i| {
                let s = &slides[i.from - 1];
                if i.part == s.part {
                    (i.part.clone(), Some((s.id.clone(), s.rid.clone())))
                } else {
                    (i.part.clone(), None)
                }
            })
            .collect();
        slides::write_order(
            &mut self.a,
            &pres,
            &order,
            &slides.iter().map(|s| (s.id.clone(), s.rid.clone())).collect::<Vec<_>>(),
        )
        .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Every chart and table `fill:` names must exist where it says.
    fn check_names(&self, spec: &FillSpec, slides: &[Slide]) -> Result<()> {
        let loc = self.cx.loc;
        let mut errors = Vec::new();
        let listing = |what: &dyn Fn(&Slide) -> Vec<String>| -> String {
            let all: Vec<String> = slides
                .iter()
                .flat_map(|s| what(s).into_iter().map(move |n| format!("`{n}` (slide {})", s.number)))
                .collect();
            if all.is_empty() { "none".to_string() } else { all.join(", ") }
        };
        let charts_of = |s: &Slide| s.charts.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        let tables_of = |s: &Slide| s.tables.clone();
        for name in spec.charts.keys() {
            if !slides.iter().any(|s| s.charts.iter().any(|(n, _)| n == name)) {
                let known: Vec<String> = slides.iter().flat_map(charts_of).collect();
                errors.push(
                    Error::usage(format!("no chart in {} is named `{name}`", self.file()))
                        .at(loc.key_at(&format!("fill.charts.{name}")))
                        .suggest(name, known.iter().map(String::as_str))
                        .hint(format!("charts in the deck: {}", listing(&charts_of)))
                        .hint("a chart's name is in PowerPoint's Selection Pane (开始 → 选择 → 选择窗格); rename it there"),
                );
            }
        }
        for name in spec.tables.keys() {
            if !slides.iter().any(|s| s.tables.contains(name)) {
                let known: Vec<String> = slides.iter().flat_map(tables_of).collect();
                errors.push(
                    Error::usage(format!("no table in {} is named `{name}`", self.file()))
                        .at(loc.key_at(&format!("fill.tables.{name}")))
                        .suggest(name, known.iter().map(String::as_str))
                        .hint(format!("tables in the deck: {}", listing(&tables_of))),
                );
            }
        }
        let mut seen = Vec::new();
        for (i, e) in spec.slides.iter().enumerate() {
            let at = loc.at(&format!("fill.slides[{i}].slide"));
            let Some(s) = slides.get((e.slide as usize).wrapping_sub(1)) else {
                errors.push(
                    Error::usage(format!("{} has no slide {}", self.file(), e.slide))
                        .at(at)
                        .hint(format!("its slides are numbered 1 to {}", slides.len())),
                );
                continue;
            };
            if seen.contains(&e.slide) {
                errors.push(Error::usage(format!("slide {} is listed twice under `fill.slides`", e.slide)).at(at));
            }
            seen.push(e.slide);
            for name in e.charts.keys().filter(|n| !s.charts.iter().any(|(c, _)| c == *n)) {
                let known = charts_of(s);
                errors.push(
                    Error::usage(format!("slide {} has no chart named `{name}`", s.number))
                        .at(loc.key_at(&format!("fill.slides[{i}].charts.{name}")))
                        .suggest(name, known.iter().map(String::as_str))
                        .hint(format!(
                            "charts on slide {}: {}",
                            s.number,
                            if known.is_empty() { "none".into() } else { known.join(", ") }
                        )),
                );
            }
            for name in e.tables.keys().filter(|n| !s.tables.contains(n)) {
                errors.push(
                    Error::usage(format!("slide {} has no table named `{name}`", s.number))
                        .at(loc.key_at(&format!("fill.slides[{i}].tables.{name}")))
                        .suggest(name, s.tables.iter().map(String::as_str))
                        .hint(format!(
                            "tables on slide {}: {}",
                            s.number,
                            if s.tables.is_empty() { "none".into() } else { s.tables.join(", ") }
                        )),
                );
            }
            if let Some(r) = &e.repeat
                && r.for_each.is_some() == r.rows.is_some()
            {
                errors.push(
                    Error::usage("`repeat:` takes `for_each:` (a column) or `rows:` (a table), one of them")
                        .at(loc.at(&format!("fill.slides[{i}].repeat"))),
                );
            }
        }
        match Error::many(errors) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// The copies a `repeat:` makes: a label, the variables and the scope of each.
    fn repeat_values(&self, r: &crate::spec::FillRepeat, path: &str) -> Result<Vec<Copy>> {
        let cx = self.cx;
        let mut out = Vec::new();
        if let Some(col) = &r.for_each {
            let at = cx.at(&format!("{path}.for_each"));
            let cr = crate::data::ColumnRef::parse(col).filter(|c| c.columns.len() == 1).ok_or_else(|| {
                Error::usage(format!("`for_each: {col}` is not a column"))
                    .at(at.clone())
                    .hint("write `表名[列名]`, e.g. `客服月度[客服姓名]`")
            })?;
            let t = cx.data.table(&cr.table).map_err(|e| e.at(at.clone()))?;
            let ci = t.col(&cr.columns[0]).map_err(|e| e.at(at.clone()))?;
            let mut values: Vec<String> = Vec::new();
            for row in cx.rows_of(t) {
                let v = row.cells[ci].text();
                if !v.is_empty() && !values.contains(&v) {
                    values.push(v);
                }
            }
            let var = r.var.clone().unwrap_or_else(|| "item".into());
            for v in values {
                let mut vars = cx.env.vars.clone();
                vars.insert(var.clone(), v.clone());
                let scope = r.filter.unwrap_or(true).then(|| cx.env.scope.with(&cr.columns[0], &v));
                out.push((v, vars, scope));
            }
        } else if let Some(table) = &r.rows {
            let at = cx.at(&format!("{path}.rows"));
            let name = crate::data::ColumnRef::parse(table).map(|c| c.table).unwrap_or_else(|| table.clone());
            let t = cx.data.table(&name).map_err(|e| e.at(at.clone()))?;
            for (k, row) in cx.rows_where(t, r.rows_where.as_deref(), &format!("{path}.where"))?.into_iter().enumerate()
            {
                let mut vars = cx.env.vars.clone();
                for (i, c) in t.columns.iter().enumerate() {
                    let v = match &row.cells[i] {
                        crate::data::Cell::Date(d) => format!("{}月{}日", d.m, d.d),
                        other => other.text(),
                    };
                    vars.insert(c.name.clone(), v);
                }
                let label = t
                    .columns
                    .iter()
                    .enumerate()
                    .find(|(i, _)| Some(*i) != t.date_col)
                    .map(|(i, _)| row.cells[i].text())
                    .unwrap_or_else(|| format!("row {}", k + 1));
                out.push((label, vars, None));
            }
        }
        Ok(out)
    }

    /// Fills one output slide: its texts, notes, charts and tables.
    fn fill_slide(
        &mut self,
        inst: &Instance,
        s: &Slide,
        spec: &FillSpec,
        entry: Option<(usize, &FillSlide)>,
    ) -> Result<()> {
        let base = self.cx;
        let scope = inst.scope.clone().unwrap_or_else(|| base.env.scope.clone());
        let env = Env { vars: &inst.vars, ..base.env.with(base.env.period, scope) };
        let cx =
            Context { env, data: base.data, loc: base.loc, base: base.base, logo: base.logo, warnings: base.warnings };
        let file = self.file();
        let place = |shape: &str| format!("{file}: {}, shape `{shape}`", inst.label);
        let theme = match &self.theme {
            Some(t) => t.clone(),
            None => self.theme()?,
        };
        let colors = crate::slides::ColorCtx { theme: &theme };

        // The slide's own texts.
        let mut root = self.a.xml(&inst.part)?;
        let mut eval = |expr: &str| eval_expr(&cx.env, expr);
        let changed =
            text::fill_tree(&mut root, &mut text::Filler { eval: &mut eval, colors: &colors, place: &place })?;

        // Its tables.
        let mut tables: Vec<(String, &TableSpec, String)> = Vec::new();
        for (name, t) in &spec.tables {
            tables.push((name.clone(), t, format!("fill.tables.{name}")));
        }
        if let Some((i, e)) = entry {
            for (name, t) in &e.tables {
                tables.retain(|(n, _, _)| n != name);
                tables.push((name.clone(), t, format!("fill.slides[{i}].tables.{name}")));
            }
        }
        let mut table_changed = false;
        for (name, t, path) in &tables {
            if !s.tables.contains(name) {
                continue;
            }
            let model = cx.table(t, path)?;
            let frame =
                find_frame(&mut root, name).ok_or_else(|| Error::build(format!("table `{name}` went missing")))?;
            table::refill(frame, &model, &colors)
                .map_err(|m| Error::usage(m).at(place(name)).hint(format!("the spec's table: {}", cx.at(path))))?;
            table_changed = true;
        }
        if changed || table_changed {
            self.a.set(&inst.part, root.to_part().into_bytes());
        }
        self.titles.push(text::title_of(&root));

        // Notes.
        let rels = self.a.rels(&inst.part).map_err(|e| self.err(e))?;
        if let Some(n) = rels.iter().find(|r| r.rel_type == rt::NOTES_SLIDE) {
            let mut notes = self.a.xml(&n.target)?;
            let mut eval = |expr: &str| eval_expr(&cx.env, expr);
            let at = |_: &str| format!("{file}: {} notes", inst.label);
            if text::fill_tree(&mut notes, &mut text::Filler { eval: &mut eval, colors: &colors, place: &at })? {
                self.a.set(&n.target, notes.to_part().into_bytes());
            }
        }

        // Charts: titles everywhere, data where `fill:` names the chart.
        for (name, rid) in &s.charts {
            let Some(r) = rels.get(rid) else { continue };
            let part = r.target.clone();
            let mut spec_chart: Option<(&FillChart, String)> =
                spec.charts.get(name).map(|c| (c, format!("fill.charts.{name}")));
            if let Some((i, e)) = entry
                && let Some(c) = e.charts.get(name)
            {
                spec_chart = Some((c, format!("fill.slides[{i}].charts.{name}")));
            }
            let mut xml = self.a.xml(&part)?;
            let mut eval = |expr: &str| eval_expr(&cx.env, expr);
            let at = |_: &str| place(name);
            let mut changed =
                text::fill_tree(&mut xml, &mut text::Filler { eval: &mut eval, colors: &colors, place: &at })?;
            if let Some((c, path)) = spec_chart {
                let kind = chart::kind_of(&xml);
                let model = cx.chart(&chart_spec(c, kind, &cx, &path)?, &path)?;
                let xlsx = chart::refill(&mut xml, model)
                    .map_err(|m| Error::build(m).at(place(name)).hint(format!("the spec's chart: {}", cx.at(&path))))?;
                chart::put_workbook(&mut self.a, &part, &mut xml, xlsx).map_err(|m| self.err(m))?;
                changed = true;
            }
            if changed {
                self.a.set(&part, xml.to_part().into_bytes());
            }
        }
        Ok(())
    }

    /// The deck's theme (for colours the data gives: table cell rules).
    fn theme(&self) -> Result<crate::layout::Theme> {
        let pres = self.a.main_part()?;
        let rels = self.a.rels(&pres).map_err(|e| self.err(e))?;
        let master = rels.iter().find(|r| r.rel_type == rt::SLIDE_MASTER).map(|r| r.target.clone());
        let theme = master
            .and_then(|m| self.a.rels(&m).ok())
            .and_then(|r| r.iter().find(|r| r.rel_type == rt::THEME).map(|r| r.target.clone()));
        let xml = theme.and_then(|t| self.a.get(&t)).map(|d| String::from_utf8_lossy(d).into_owned());
        match xml {
            Some(x) => crate::layout::Theme::parse("deck", &x, &self.file()),
            None => crate::layout::LayoutSet::builtin()?.theme("business-blue").cloned(),
        }
    }
}

/// The graphic frame named `name` in a slide.
fn find_frame<'a>(root: &'a mut Element, name: &str) -> Option<&'a mut Element> {
    let tree = root.path_mut(&["p:cSld", "p:spTree"])?;
    fn find<'b>(el: &'b mut Element, name: &str) -> Option<&'b mut Element> {
        for c in el.elements_mut() {
            match c.name.as_str() {
                "p:graphicFrame" if crate::layout::shape_name(c) == Some(name) && is_table(c) => return Some(c),
                "p:grpSp" => {
                    if let Some(f) = find(c, name) {
                        return Some(f);
                    }
                }
                _ => {}
            }
        }
        None
    }
    find(tree, name)
}

/// A fill chart as a chart spec of the kind the user's chart is.
fn chart_spec(c: &FillChart, kind: &str, cx: &Context, path: &str) -> Result<crate::spec::ChartSpec> {
    for (i, s) in c.series.iter().enumerate() {
        let styled = [
            ("color", s.color.is_some()),
            ("point_colors", !s.point_colors.is_empty()),
            ("labels", s.labels.is_some()),
            ("trendline", s.trendline.is_some()),
            ("dashed", s.dashed.is_some()),
            ("markers", s.markers.is_some()),
            ("smooth", s.smooth.is_some()),
            ("type", s.kind.is_some()),
            ("secondary", s.secondary.is_some()),
        ];
        if let Some((k, _)) = styled.iter().find(|(_, given)| *given) {
            return Err(Error::usage(format!("`{k}:` is the chart's own formatting in a deck you fill"))
                .at(cx.at(&format!("{path}.series[{i}].{k}")))
                .hint("deckgen keeps every formatting choice of the chart; change it in PowerPoint, and give only the data here"));
        }
    }
    Ok(crate::spec::ChartSpec {
        kind: kind.to_string(),
        categories: c.categories.clone(),
        series: c.series.clone(),
        data: c.data.clone(),
        by: c.by.clone(),
        period: c.period.clone(),
        sort: c.sort,
        top: c.top,
        others: c.others,
        // The user's chart shows the data as it is, unless the spec asks for 万.
        scale: c.scale.or(Some(crate::spec::ChartScale::Plain)),
        format: c.format.clone(),
        ..Default::default()
    })
}
