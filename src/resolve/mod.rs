//! The resolve stage: spec + data → the deck model. Every number, sentence
//! and chart series is computed here; no XML exists yet, and no workbook is
//! read after this stage.

mod actions;
mod cards;
mod chart;
pub mod eval;
pub mod generate;
mod notes;
pub mod overview;
pub mod picture;
mod roles;
mod slide;
mod table;
mod timeline;

use crate::data::period::{self, Period};
use crate::data::{Data, Row, Table as DTable};
use crate::error::{Error, Result};
use crate::expr::{Seg, parse_expr, parse_template};
use crate::layout::LayoutSet;
use crate::markup::{self, Piece};
use crate::metric::{Metrics, Scope};
use crate::model::{self, ColorRef, Deck, Fit, Meta, Para, Rich, Run, Slide, SlideSize};
use crate::spec::{Bullet, ColorConvention, DeckSize, Locator, SlideSpec, Spec, Text};
use crate::warning::Warning;
use eval::{Env, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// What the command line adds to a spec.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--set name=value`.
    pub vars: Vec<(String, String)>,
    /// `--period`.
    pub period: Option<String>,
}

/// Everything needed while resolving one slide.
pub struct Context<'a> {
    pub env: Env<'a>,
    pub data: &'a Data,
    pub loc: &'a Locator,
    pub base: &'a Path,
    /// The deck's logo, read once.
    pub logo: Option<&'a model::Picture>,
    /// Warnings about the content, collected for the whole deck.
    pub warnings: &'a std::cell::RefCell<Vec<crate::warning::Warning>>,
}

impl Context<'_> {
    /// `file:line:col` of a spec path.
    pub fn at(&self, path: &str) -> String {
        self.loc.at(path)
    }

    fn with_env<'b>(&'b self, env: Env<'b>) -> Context<'b> {
        Context { env, data: self.data, loc: self.loc, base: self.base, logo: self.logo, warnings: self.warnings }
    }

    /// Evaluates a template into runs (markup applied).
    pub fn runs(&self, s: &str, path: &str) -> Result<Vec<Run>> {
        let segs = self.template(s, path)?;
        let mut pieces = Vec::with_capacity(segs.len());
        self.pieces(&segs, path, false, &mut pieces)?;
        let mut runs = markup::runs(&pieces);
        promotions_said_once(&mut runs);
        Ok(runs)
    }

    fn template(&self, s: &str, path: &str) -> Result<Vec<Seg>> {
        parse_template(s).map_err(|(m, _)| {
            Error::usage(format!("in `{}`: {m}", s.chars().take(40).collect::<String>()))
                .at(self.at(path))
                .hint("expressions are written {{ name }}, {{ metric.field }} or {{ value | formatter }}")
        })
    }

    /// A template that stands for one value (a chart point): its text, and
    /// whether every value in it had data. No warning: the caller says what
    /// an empty value means where it is used.
    pub fn value_text(&self, s: &str, path: &str) -> Result<(String, bool)> {
        let segs = self.template(s, path)?;
        let mut pieces = Vec::new();
        let complete = self.pieces(&segs, path, true, &mut pieces)?;
        let runs = markup::runs(&pieces);
        Ok((runs.into_iter().map(|r| r.text).collect(), complete))
    }

    /// The pieces of a template; an optional clause whose values are not all
    /// there is left out. Returns whether every value was there.
    fn pieces(&self, segs: &[Seg], path: &str, optional: bool, out: &mut Vec<Piece>) -> Result<bool> {
        let mut complete = true;
        for seg in segs {
            match seg {
                Seg::Lit(l) => out.push(Piece::Literal(l.clone())),
                Seg::Expr(e, _) => {
                    self.warn_looser_targets(e, path);
                    let v = self.env.eval(e).map_err(|err| err.at(self.at(path)))?;
                    let runs = self.env.render(&v).map_err(|err| err.at(self.at(path)))?;
                    if eval::is_missing(&runs) {
                        complete = false;
                        if !optional {
                            self.blank(e, path);
                        }
                    }
                    out.push(Piece::Value(runs));
                }
                Seg::Opt(inner) => {
                    let mut mine = Vec::new();
                    if self.pieces(inner, path, true, &mut mine)? {
                        out.extend(mine);
                    }
                }
            }
        }
        Ok(complete)
    }

    /// Warns when a template shows a next period's target (`.next_target`)
    /// looser than this period's actual: the user's target is shown as
    /// written, and the person should know (and say why, or raise it).
    fn warn_looser_targets(&self, e: &crate::expr::Expr, path: &str) {
        use crate::expr::Expr;
        match e {
            Expr::Field(inner, f) if f.starts_with("next_target") => {
                let Ok(Value::Metric(m)) = self.env.eval(inner) else { return };
                let Ok(Some((v, t))) = self.env.looser_next_target(&m) else { return };
                let Ok(d) = self.env.metrics.def(&m.name) else { return };
                let shown = |x: f64| crate::format::with_unit(x, &d.unit, d.digits);
                let w = Warning::new(format!(
                    "{}: the target for {} ({}) is looser than {}'s actual ({}); the deck shows it as the \
                         workbook has it",
                    d.label,
                    m.period.next().label(),
                    shown(t),
                    m.period.label(),
                    shown(v)
                ))
                .at(self.at(path))
                .hint("raise the target in the workbook's targets, or keep it and say why on the slide");
                // Once, however many cells show the target.
                let mut ws = self.warnings.borrow_mut();
                if !ws.iter().any(|x| x.message == w.message) {
                    ws.push(w);
                }
            }
            Expr::Field(inner, _) | Expr::Unary(_, inner) => self.warn_looser_targets(inner, path),
            Expr::Call(_, args) => args.iter().for_each(|a| self.warn_looser_targets(a, path)),
            Expr::Binary(a, _, b) => {
                self.warn_looser_targets(a, path);
                self.warn_looser_targets(b, path);
            }
            _ => {}
        }
    }

    /// Notes a value with no data shown as "—" in running text.
    fn blank(&self, e: &crate::expr::Expr, path: &str) {
        let what = crate::expr::describe(e);
        self.warnings.borrow_mut().push(
            Warning::new(format!(
                "`{what}` has no value for {}, and the text shows \"{}\" (put the clause in [[ … ]] to leave it out \
                 when there is no data)",
                self.env.period.label(),
                crate::format::MISSING
            ))
            .at(self.at(path)),
        );
    }

    /// A template's text with `{{ }}` filled but markup left as typed
    /// (speaker notes, where `**` means nothing).
    pub fn unmarked(&self, s: &str, path: &str) -> Result<String> {
        let segs = parse_template(s).map_err(|(m, _)| Error::usage(m).at(self.at(path)))?;
        let mut pieces = Vec::new();
        self.pieces(&segs, path, false, &mut pieces)?;
        Ok(pieces
            .into_iter()
            .map(|p| match p {
                Piece::Literal(l) => l,
                Piece::Value(r) => r.into_iter().map(|r| r.text).collect(),
            })
            .collect())
    }

    /// A template as plain text.
    pub fn plain(&self, s: &str, path: &str) -> Result<String> {
        Ok(self.runs(s, path)?.into_iter().map(|r| r.text).collect())
    }

    fn para(&self, s: &str, path: &str, bullet: bool, level: u8) -> Result<Para> {
        Ok(Para { runs: self.runs(s, path)?, level, bullet })
    }

    /// Text or bullets → paragraphs.
    pub fn text(&self, t: &Text, path: &str) -> Result<Rich> {
        let mut paras = Vec::new();
        match t {
            Text::Plain(s) => {
                for line in s.trim_end_matches('\n').split('\n') {
                    paras.push(self.para(line, path, false, 0)?);
                }
            }
            Text::Bullets(b) => self.bullets(b, path, 0, &mut paras)?,
        }
        Ok(Rich { paras })
    }

    fn bullets(&self, items: &[Bullet], path: &str, level: u8, out: &mut Vec<Para>) -> Result<()> {
        for (i, b) in items.iter().enumerate() {
            let p = if level == 0 { format!("{path}[{i}]") } else { path.to_string() };
            let para = self.para(&b.text, &p, true, level)?;
            // A bullet made only of an optional clause without data is left out.
            if para.runs.iter().all(|r| r.text.trim().is_empty()) && b.items.is_empty() {
                continue;
            }
            out.push(para);
            self.bullets(&b.items, &p, level + 1, out)?;
        }
        Ok(())
    }

    /// One bullet per row of a table (in the slide's period and scope), each
    /// written by the `text` template with the row's columns as names.
    pub fn row_bullets(&self, g: &crate::spec::GenerateSpec, path: &str) -> Result<Vec<Para>> {
        let from = g.from.as_deref().ok_or_else(|| {
            Error::usage("`generate: rows` needs `from:`, the table to list")
                .at(self.at(path))
                .hint("e.g. from: 下周重点")
        })?;
        let cr = crate::data::ColumnRef::parse(from).ok_or_else(|| {
            Error::usage(format!("`from: {from}` is not a table")).at(self.at(&format!("{path}.from")))
        })?;
        let t = self.data.table(&cr.table).map_err(|e| e.at(self.at(&format!("{path}.from"))))?;
        let default = match cr.columns.first() {
            Some(c) => format!("{{{{`{c}`}}}}"),
            None => t
                .columns
                .iter()
                .enumerate()
                .filter(|(i, _)| Some(*i) != t.date_col)
                .map(|(_, c)| format!("{{{{`{}`}}}}", c.name))
                .collect::<Vec<_>>()
                .join("，"),
        };
        let template = g.text.clone().unwrap_or(default);
        let due = g
            .overdue
            .as_deref()
            .map(|c| t.col(c).map_err(|e| e.at(self.at(&format!("{path}.overdue")))))
            .transpose()?;
        let mut out = Vec::new();
        for row in self.rows_where(t, g.filter.as_deref(), &format!("{path}.where"))? {
            let vars = self.row_vars(t, row);
            let env = Env { vars: &vars, ..self.env.with(self.env.period, self.env.scope.clone()) };
            let cx = self.with_env(env);
            let mut runs = cx.runs(&template, &format!("{path}.text"))?;
            if let Some(late) = due.and_then(|i| self.days_overdue(row, i)) {
                runs.push(Run {
                    text: format!("（已逾期{late}天）"),
                    bold: true,
                    color: Some(ColorRef::Custom("bad".into())),
                });
            }
            out.push(Para { runs, level: 0, bullet: true });
            if g.limit.is_some_and(|l| out.len() >= l) {
                break;
            }
        }
        if out.is_empty() {
            // What an empty list says may depend on the figures:
            // `{{if(回复率.met, '…', '…')}}`.
            let runs = match &g.empty {
                Some(t) => self.runs(t, &format!("{path}.empty"))?,
                None => vec![Run { text: "暂无。".into(), ..Default::default() }],
            };
            out.push(Para { runs, level: 0, bullet: false });
        }
        Ok(out)
    }

    /// How many days before the period's last day a row's due date lies
    /// (`None` when it is not overdue or has no date).
    fn days_overdue(&self, row: &Row, col: usize) -> Option<i64> {
        let due = crate::data::value::cell_date(&row.cells[col], Some(self.env.period.end.y))?;
        let late = self.env.period.end.days() - due.days();
        (late > 0).then_some(late)
    }

    /// The deck's variables with a row's columns as names (dates as 3月5日).
    pub fn row_vars(&self, t: &DTable, row: &Row) -> BTreeMap<String, String> {
        let mut vars = self.env.vars.clone();
        for (i, c) in t.columns.iter().enumerate() {
            let v = match &row.cells[i] {
                crate::data::Cell::Date(d) => format!("{}月{}日", d.m, d.d),
                other => other.text(),
            };
            vars.insert(c.name.clone(), v);
        }
        vars
    }

    /// Evaluates a template with a row's columns as names.
    pub fn row_runs(&self, t: &DTable, row: &Row, template: &str, path: &str) -> Result<Vec<Run>> {
        let vars = self.row_vars(t, row);
        let env = Env { vars: &vars, ..self.env.with(self.env.period, self.env.scope.clone()) };
        self.with_env(env).runs(template, path)
    }

    /// A colour name → colour.
    pub fn color(&self, s: &str, path: &str) -> Result<ColorRef> {
        ColorRef::parse(s).ok_or_else(|| {
            Error::usage(format!("unknown colour `{s}`"))
                .at(self.at(path))
                .hint(format!("colours: {}", ColorRef::NAMES))
        })
    }

    /// Rows of a data table in this slide's scope and period. A list's rows
    /// go by the calendar week: next week's tasks dated 1 January belong to
    /// week 53 although the figures end on 31 December. (A longer period
    /// cut short keeps its days: a year to date lists what happened so far.)
    pub fn rows_of<'t>(&self, t: &'t DTable) -> Vec<&'t Row> {
        let filters: Vec<(usize, &str)> =
            self.env.scope.eq.iter().filter_map(|(c, v)| t.col(c).ok().map(|i| (i, v.as_str()))).collect();
        let week = self.env.period.grain == crate::data::period::Grain::Week;
        let period = if week && self.data.is_list(&t.name) { self.env.period.natural() } else { self.env.period };
        t.rows
            .iter()
            .filter(|r| t.date_col.is_none() || r.date.is_some_and(|d| period.contains(d)))
            .filter(|r| filters.iter().all(|(i, v)| r.cells[*i].text() == *v))
            .collect()
    }

    /// Rows of a data table in this slide's scope and period that pass a
    /// `where:` (which may use `period.year`, `period.start`…).
    pub fn rows_where<'t>(&self, t: &'t DTable, filter: Option<&str>, path: &str) -> Result<Vec<&'t Row>> {
        let Some(w) = filter else { return Ok(self.rows_of(t)) };
        let e = parse_expr(w).map_err(|m| Error::usage(format!("`where`: {m}")).at(self.at(path)))?;
        let mut out = Vec::new();
        for row in self.rows_of(t) {
            if crate::data::matches(&e, t, row, self.env.vars, Some(&self.env.period))
                .map_err(|m| Error::usage(format!("`where`: {m}")).at(self.at(path)))?
            {
                out.push(row);
            }
        }
        Ok(out)
    }

    /// The current scope with more `column: value` filters (values are templates).
    pub fn scope_with(&self, extra: &BTreeMap<String, String>, path: &str) -> Result<Scope> {
        let mut s = self.env.scope.clone();
        for (c, v) in extra {
            s = s.with(c, &self.plain(v, &format!("{path}.scope.{c}"))?);
        }
        Ok(s)
    }
}

/// The variables of a deck: the spec's, then `--set`.
pub fn vars_of(spec: &Spec, opts: &Options) -> BTreeMap<String, String> {
    let mut v: BTreeMap<String, String> = spec.vars.iter().map(|(k, s)| (k.clone(), s.0.clone())).collect();
    for (k, s) in &opts.vars {
        v.insert(k.clone(), s.clone());
    }
    v
}

/// The reporting period: `--period`, else the spec's, else the latest year
/// with data — cut to the days the figures cover (a week with 4 days of
/// data, the month so far, a year to date). A period without a single row
/// of figures is an error that names the span the data covers.
pub fn period_of(spec: &Spec, loc: &Locator, data: &Data, opts: &Options) -> Result<Period> {
    let today = crate::data::date::Date::today();
    let (asked, at) = match (&opts.period, &spec.period) {
        (Some(p), _) => {
            (period::parse(p, today, data.span).map_err(|e| e.context("--period"))?, "--period".to_string())
        }
        (None, Some(p)) => {
            (period::parse(p.as_str(), today, data.span).map_err(|e| e.at(loc.at("period")))?, loc.at("period"))
        }
        (None, None) => (
            period::parse("latest-year", today, data.span)
                .unwrap_or_else(|_| Period::containing(today, period::Grain::Year)),
            // No `period:` to name: the spec as a whole.
            loc.at(""),
        ),
    };
    let Some(span) = data.span else { return Ok(asked) };
    match asked.clip(span.first, span.last) {
        Some(p) if data.figure_rows(&p, &[]).0 > 0 => Ok(p),
        _ => {
            let tables: Vec<String> = data.figure_tables().map(|t| format!("{} › {}", t.file, t.sheet)).collect();
            let latest = span.latest_complete(asked.grain).unwrap_or(Period::containing(span.last, asked.grain));
            Err(Error::build(format!(
                "no figures for {}: the data covers {} to {}",
                asked.label(),
                span.first,
                span.last
            ))
            .at(at)
            .hint(format!("figures are read from {}", tables.join(", ")))
            .hint(format!(
                "choose a period inside the data (e.g. --period {}), or add the rows for {} to the workbook",
                latest.key(),
                asked.key()
            )))
        }
    }
}

/// Checks that the deck's scope (one agent) has figures in the period: a
/// misspelt `--set agent=…` is an error with a did-you-mean, never a deck of "—".
pub fn check_scope(
    spec: &Spec,
    loc: &Locator,
    data: &Data,
    opts: &Options,
    period: &Period,
    scope: &Scope,
) -> Result<()> {
    for (col, value) in &scope.eq {
        let (rows, tables) = data.figure_rows(period, &[(col.clone(), value.clone())]);
        if rows > 0 || tables == 0 {
            continue;
        }
        let known = data.figure_values(period, col);
        let via = spec.scope.get(col).map(|t| t.trim().trim_start_matches("{{").trim_end_matches("}}").trim());
        let set = via.and_then(|v| opts.vars.iter().find(|(k, _)| k == v).map(|(k, _)| k.clone()));
        let mut e = Error::build(format!("{col} `{value}` has no figures in {}", period.label()));
        e = match &set {
            Some(k) => e.at(format!("--set {k}={value}")),
            None => e.at(loc.at(&format!("scope.{col}"))),
        };
        let shown: Vec<&str> = known.iter().map(String::as_str).take(12).collect();
        let more = if known.len() > shown.len() { format!(" … ({} in all)", known.len()) } else { String::new() };
        return Err(e.suggest(value, known.iter().map(String::as_str)).hint(format!(
            "{col} with figures in {}: {}{more}",
            period.key(),
            shown.join("、")
        )));
    }
    Ok(())
}

/// Warnings about the period before anything is built: a `last-*` period
/// that reports an earlier one than the calendar's because the data stops
/// before its end (a workbook not updated before a scheduled run), and a
/// period whose figures reach past today (dates typed in the wrong year, or
/// a clock that is wrong) — presented as actuals either way.
pub fn period_warnings(spec: &Spec, loc: &Locator, data: &Data, opts: &Options) -> Vec<Warning> {
    let today = crate::data::date::Date::today();
    let mut out = Vec::new();
    if let Some(s) = period_text(spec, opts)
        && let Some((reported, calendar)) = period::behind_calendar(s, today, data.span)
        && let Some(span) = data.span
    {
        let calendar = calendar.key();
        out.push(Warning::new(format!(
            "`{s}` is {} ({}), not {calendar}: the data ends on {}; add the missing days to the workbook and build \
             again for a report on {calendar}",
            reported.key(),
            reported.label(),
            span.last,
        )));
    }
    if data.span.is_some_and(|s| s.last > today)
        && let Ok(p) = period_of(spec, loc, data, opts)
        && p.end > today
    {
        out.push(Warning::new(format!(
            "{} reaches past today ({today}): the workbook has figures up to {}, and the deck presents them as \
             actuals; check the dates in the workbook (or the computer's clock)",
            p.label(),
            p.end,
        )));
    }
    out
}

/// The period as written: `--period`, else the spec's `period:`.
pub fn period_text<'a>(spec: &'a Spec, opts: &'a Options) -> Option<&'a str> {
    opts.period.as_deref().or(spec.period.as_ref().map(|p| p.as_str()))
}

/// Resolves the deck from a prepared spec (a batch shares one between its decks).
pub fn resolve(p: &crate::prepared::Prepared, opts: &Options) -> Result<Deck> {
    with_context(p, opts, |cx| deck(cx, &p.spec, &p.loc, &p.layouts))
}

/// Calls `f` with the context every text of the deck is evaluated in: its
/// variables, metrics, period, scope, colour convention and deck values.
/// (`fill` evaluates the texts of a deck the user made in it.)
pub fn with_context<R>(
    p: &crate::prepared::Prepared,
    opts: &Options,
    f: impl FnOnce(&Context) -> Result<R>,
) -> Result<R> {
    let (spec, loc, data, base) = (&p.spec, &p.loc, &p.data, p.base.as_path());
    let vars = vars_of(spec, opts);
    let metrics = Metrics::new(&p.defs, data, &vars, &p.shared);
    let peers =
        match &spec.peers {
            Some(s) => Some(crate::peers::Rule::parse(s).ok_or_else(|| {
                Error::usage("`peers:` names a column: `小组` or `客服名单.岗位`").at(loc.at("peers"))
            })?),
            None => None,
        };
    let period = period_of(spec, loc, data, opts)?;
    let calendar =
        crate::data::calendar::Calendar::new(&spec.calendar).map_err(|m| Error::usage(m).at(loc.at("calendar")))?;
    let empty_deck = BTreeMap::new();
    let bare = Env {
        metrics: &metrics,
        peers: peers.as_ref(),
        calendar: &calendar,
        vars: &vars,
        period,
        scope: Scope::default(),
        by: None,
        cn_stock: false,
        deck: &empty_deck,
    };
    let logo = match &spec.deck.logo {
        Some(l) => Some(picture::load(&base.join(l), l, Fit::Contain, "logo").map_err(|e| e.at(loc.at("deck.logo")))?),
        None => None,
    };
    let warnings = std::cell::RefCell::new(Vec::new());
    let cx0 = Context { env: bare, data, loc, base, logo: logo.as_ref(), warnings: &warnings };

    // Deck-wide scope (one agent's deck) and colour convention.
    let mut scope = Scope::default();
    for (c, v) in &spec.scope {
        scope = scope.with(c, &cx0.plain(v, &format!("scope.{c}"))?);
    }
    check_scope(spec, loc, data, opts, &period, &scope)?;
    let by = spec.scope.keys().next().cloned();
    if let (Some(rule), Some(by)) = (&peers, &by)
        && p.shared.tenures.get().is_none()
    {
        // Who joined and left when, for every deck of the batch (a month counts by the days
        // worked); a roster sheet that cannot be read is reported where peers are compared.
        let dates = crate::peers::tenures(data, rule, by).unwrap_or_default();
        let _ = p.shared.tenures.set(crate::metric::Tenures { by: by.clone(), dates: std::sync::Arc::new(dates) });
    }
    let cn_stock = spec.deck.colors == Some(ColorConvention::CnStock);
    let env0 = Env { scope: scope.clone(), by: by.clone(), cn_stock, ..cx0.env.with(period, scope.clone()) };
    let cx1 = cx0.with_env(env0);
    let d = &spec.deck;
    let mut deck_vals: BTreeMap<String, String> = BTreeMap::new();
    deck_vals.insert("title".into(), cx1.plain(&d.title, "deck.title")?);
    for (k, v) in [
        ("subtitle", &d.subtitle),
        ("author", &d.author),
        ("company", &d.company),
        ("date", &d.date),
        ("footer", &d.footer),
    ] {
        if let Some(v) = v {
            deck_vals.insert(k.into(), cx1.plain(v, &format!("deck.{k}"))?);
        }
    }
    if !deck_vals.contains_key("footer") {
        let t = deck_vals.get("title").cloned().unwrap_or_default();
        let footer = match deck_vals.get("company") {
            Some(c) if !c.is_empty() => format!("{c} · {t}"),
            _ => t,
        };
        deck_vals.insert("footer".into(), footer);
    }
    let env = Env { deck: &deck_vals, ..cx1.env.with(period, scope.clone()) };
    let env = Env { by, cn_stock, ..env };
    let cx = cx1.with_env(env);
    f(&cx)
}

/// The deck's slides, in the context of [`with_context`].
fn deck(cx: &Context, spec: &Spec, loc: &Locator, layouts: &LayoutSet) -> Result<Deck> {
    let d = &spec.deck;
    let deck_vals = cx.env.deck.clone();
    let theme = d.theme.clone().unwrap_or_else(|| "business-blue".into());
    layouts.theme(&theme).map_err(|e| e.at(loc.at("deck.theme")))?;
    let size = match d.size {
        None | Some(DeckSize::Wide) => SlideSize::Wide,
        Some(DeckSize::Standard) => SlideSize::Standard,
    };

    let mut slides = Vec::new();
    let mut errors = Vec::new();
    for (i, s) in spec.slides.iter().enumerate() {
        let path = format!("slides[{i}]");
        match expand(cx, s, &path, layouts) {
            Ok(mut v) => {
                for sl in &mut v {
                    sl.spec_index = i + 1;
                }
                slides.extend(v);
            }
            Err(e) => errors.push(e.context(format!("slide {}", i + 1))),
        }
    }
    if let Some(e) = Error::many(errors) {
        return Err(e);
    }
    let meta = Meta {
        title: deck_vals.get("title").cloned().unwrap_or_default(),
        subject: deck_vals.get("subtitle").cloned().unwrap_or_default(),
        author: deck_vals.get("author").cloned().unwrap_or_default(),
        company: deck_vals.get("company").cloned().unwrap_or_default(),
        keywords: d.keywords.clone().unwrap_or_default(),
    };
    let warnings = cx.warnings.take();
    let mut deck = Deck { meta, theme, size, master_texts: deck_vals, slides, warnings };
    crate::typeset::deck(&mut deck);
    Ok(deck)
}

/// Whether a `when:` condition holds (false, empty, zero and missing do not).
pub fn holds(cx: &Context, w: &str, path: &str) -> Result<bool> {
    let e = parse_expr(w).map_err(|m| Error::usage(format!("`when`: {m}")).at(cx.at(path)))?;
    let v = cx.env.eval(&e).map_err(|e| e.at(cx.at(path)))?;
    Ok(match v {
        Value::Null => false,
        Value::Bool(b) => b,
        Value::Text(t, _) => !t.is_empty() && t != "false" && t != "0",
        Value::Num(n) => n.v != 0.0,
        _ => true,
    })
}

/// One spec entry → its slides (several with `repeat`, none when `when` is false).
fn expand(cx: &Context, s: &SlideSpec, path: &str, layouts: &LayoutSet) -> Result<Vec<Slide>> {
    if let Some(w) = &s.when
        && !holds(cx, w, &format!("{path}.when"))?
    {
        return Ok(vec![]);
    }
    let Some(r) = &s.repeat else {
        return Ok(vec![slide::slide(cx, s, path, layouts)?]);
    };
    let rp = format!("{path}.repeat");
    let cr = crate::data::ColumnRef::parse(&r.for_each).filter(|c| c.columns.len() == 1).ok_or_else(|| {
        Error::usage(format!("`for_each: {}` is not a column", r.for_each))
            .at(cx.at(&format!("{rp}.for_each")))
            .hint("write `表名[列名]`, e.g. `客服月度[小组]`")
    })?;
    let t = cx.data.table(&cr.table).map_err(|e| e.at(cx.at(&format!("{rp}.for_each"))))?;
    let ci = t.col(&cr.columns[0]).map_err(|e| e.at(cx.at(&format!("{rp}.for_each"))))?;
    let mut values: Vec<String> = Vec::new();
    for row in cx.rows_of(t) {
        let v = row.cells[ci].text();
        if !v.is_empty() && !values.contains(&v) {
            values.push(v);
        }
    }
    if values.is_empty() {
        return Err(
            Error::build(format!("`{}` has no values to repeat over in this period", r.for_each)).at(cx.at(&rp))
        );
    }
    let var = r.var.clone().unwrap_or_else(|| "item".into());
    let mut out = Vec::new();
    for v in values {
        let mut vars = cx.env.vars.clone();
        vars.insert(var.clone(), v.clone());
        let scope = if r.filter.unwrap_or(true) { cx.env.scope.with(&cr.columns[0], &v) } else { cx.env.scope.clone() };
        let env = Env { vars: &vars, ..cx.env.with(cx.env.period, scope) };
        let sub = Context { env, data: cx.data, loc: cx.loc, base: cx.base, logo: cx.logo, warnings: cx.warnings };
        out.push(slide::slide(&sub, s, path, layouts)?);
    }
    Ok(out)
}

/// The words a comparison's promotion note starts with (`，本月含双11`).
const NOTE_WORDS: [&str; 9] = ["本周", "本月", "当天", "上周", "上月", "前一天", "去年同期", "本季度", "上季度"];

/// A sentence names a promotion in a comparison once: `环比增长5%，本月含双11`
/// the first time, and the later comparisons of the same sentence without
/// the same note.
fn promotions_said_once(runs: &mut [Run]) {
    said_once(runs, &mut Vec::new());
}

/// The same over a whole slide: the conclusion (the slide's lead sentence)
/// says it, then the body and the other slots in turn; a note already said
/// is not repeated in the sentences below it.
pub(super) fn promotions_said_once_on(slide: &mut crate::model::Slide) {
    let mut said = Vec::new();
    let first = ["conclusion", "text", "left", "right"];
    let mut keys: Vec<String> = first.iter().map(|k| k.to_string()).collect();
    keys.extend(slide.texts.keys().filter(|k| !first.contains(&k.as_str())).cloned());
    for k in keys {
        if let Some(rich) = slide.texts.get_mut(&k) {
            for p in &mut rich.paras {
                said_once(&mut p.runs, &mut said);
            }
        }
    }
    for item in slide.items.values_mut().flatten() {
        for rich in item.values_mut() {
            for p in &mut rich.paras {
                said_once(&mut p.runs, &mut said);
            }
        }
    }
}

fn said_once(runs: &mut [Run], said: &mut Vec<String>) {
    for r in runs.iter_mut() {
        let mut out = String::with_capacity(r.text.len());
        let mut rest = r.text.as_str();
        while let Some(i) = rest.find('，') {
            out.push_str(&rest[..i]);
            let after = &rest[i + '，'.len_utf8()..];
            let note_len = NOTE_WORDS
                .iter()
                .find(|w| after.starts_with(&format!("{w}含")))
                .map(|_| after.find(['，', '。', '；', '）', ')']).unwrap_or(after.len()));
            match note_len {
                Some(n) => {
                    let note = &after[..n];
                    if !said.iter().any(|s| s == note) {
                        said.push(note.to_string());
                        out.push('，');
                        out.push_str(note);
                    }
                    rest = &after[n..];
                }
                None => {
                    out.push('，');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        r.text = out;
    }
}

#[cfg(test)]
mod promotion_tests {
    use super::*;

    #[test]
    fn a_sentence_names_a_promotion_once() {
        let mut runs = vec![
            Run {
                text: "销售额环比增长5.0%，本月含双11，同比增长3.0%；".into(), ..Default::default()
            },
            Run { text: "转化率（环比持平，本月含双11），".into(), ..Default::default() },
            Run { text: "首响环比缩短1秒，上月含618。".into(), ..Default::default() },
        ];
        promotions_said_once(&mut runs);
        let text: String = runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(
            text,
            "销售额环比增长5.0%，本月含双11，同比增长3.0%；转化率（环比持平），首响环比缩短1秒，上月含618。"
        );
    }
}
