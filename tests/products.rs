//! The four products built from the shipped sample data: slide and chart
//! counts, no placeholder or broken number anywhere, and a handful of
//! figures per deck recomputed here from the workbook with calamine and
//! compared with the chart caches and the text on the slides.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Builds a shipped deck into `dir`; returns the opened package.
fn product(dir: &Path, spec: &str, extra: &[&str]) -> Package {
    let out = dir.join(format!("{spec}.pptx"));
    build(&root().join("decks").join(format!("{spec}.yaml")), &out, extra);
    Package::open(&out)
}

fn data(book: &str) -> PathBuf {
    root().join("decks/data").join(book)
}

/// Charts a spec asks for: one per `chart:`, one per entry of `charts:`.
fn charts_in_spec(spec: &str) -> usize {
    let text = std::fs::read_to_string(root().join("decks").join(format!("{spec}.yaml"))).unwrap();
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    doc["slides"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|s| {
            usize::from(s.get("chart").is_some()) + s.get("charts").and_then(|c| c.as_sequence()).map_or(0, |c| c.len())
        })
        .sum()
}

fn chart_parts(p: &Package) -> Vec<String> {
    p.slides().iter().flat_map(|s| slide_charts(p, s)).collect()
}

/// The series named `name` of the first chart on the slide titled `title`
/// that has one.
fn series(p: &Package, title: &str, name: &str) -> Ser {
    let slide = slide_titled(p, title);
    slide_charts(p, &slide)
        .iter()
        .flat_map(|c| chart_series(&p.text(c)))
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("slide {title}: no series {name}"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn assert_values(got: &[Option<f64>], want: &[f64], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: point count");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        let g = g.unwrap_or_else(|| panic!("{what}: point {i} is empty"));
        assert!(close(g, *w), "{what}: point {i}: deck {g}, workbook {w}");
    }
}

/// Every piece of text in a deck: slide, notes and chart text, cached
/// chart values, and the embedded workbooks' shared strings.
fn all_text(p: &Package) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (name, bytes) in &p.parts {
        if !name.ends_with(".xml") {
            continue;
        }
        let xml = String::from_utf8_lossy(bytes);
        for t in texts(&xml, "a:t").into_iter().chain(texts(&xml, "c:v")) {
            out.push((name.clone(), t));
        }
    }
    out
}

/// `word` as a whole ASCII word in `s` (so `inf` does not match `info`).
fn has_word(s: &str, word: &str) -> bool {
    s.match_indices(word).any(|(i, _)| {
        let before = s[..i].chars().next_back().is_none_or(|c| !c.is_ascii_alphabetic());
        let after = s[i + word.len()..].chars().next().is_none_or(|c| !c.is_ascii_alphabetic());
        before && after
    })
}

#[test]
fn each_product_has_its_slides_and_charts_and_no_placeholder() {
    let dir = tempfile::tempdir().unwrap();
    for (spec, slides) in [("annual", 38), ("review", 17), ("monthly", 30), ("weekly", 9)] {
        let p = product(dir.path(), spec, &[]);
        assert_eq!(p.slides().len(), slides, "{spec}: slides");
        let charts = chart_parts(&p);
        assert_eq!(charts.len(), charts_in_spec(spec), "{spec}: every chart of the spec is in the deck");
        for c in &charts {
            let wb = p.chart_workbook(c);
            assert!(wb.starts_with(b"PK"), "{spec}: {c} embeds a workbook");
        }
        for (part, t) in all_text(&p) {
            for bad in ["{{", "}}", "**%", "XX", "undefined"] {
                assert!(!t.contains(bad), "{spec}: {part} shows `{bad}`: {t}");
            }
            for bad in ["NaN", "inf", "Infinity"] {
                assert!(!has_word(&t, bad), "{spec}: {part} shows `{bad}`: {t}");
            }
        }
    }
    // The annual deck's floor from the product brief.
    let p = Package::open(&dir.path().join("annual.pptx"));
    assert!(chart_parts(&p).len() >= 18);
}

#[test]
fn annual_figures_equal_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let p = product(dir.path(), "annual", &[]);
    let day = Sheet::read(&data("annual.xlsx"), "日数据");
    // Per month of 2026 and 2025: sales, inquiries, orders, weighted first response.
    let mut m: BTreeMap<(i32, u32), [f64; 5]> = BTreeMap::new();
    for r in &day.rows {
        let (y, mo, _) = day.date(r, "日期");
        let e = m.entry((y, mo)).or_default();
        let chats = day.num(r, "接待量").unwrap();
        e[0] += day.num(r, "店铺销售额").unwrap();
        e[1] += day.num(r, "询单人数").unwrap();
        e[2] += day.num(r, "下单人数").unwrap();
        e[3] += day.num(r, "首响(秒)").unwrap() * chats;
        e[4] += chats;
    }
    let months = |y: i32, f: &dyn Fn(&[f64; 5]) -> f64| -> Vec<f64> { (1..=12).map(|mo| f(&m[&(y, mo)])).collect() };

    // Monthly sales, in 万 in the chart cache.
    let s = series(&p, "店铺与客服销售额：今年与去年（月度）", "2026年");
    assert_values(&s.vals, &months(2026, &|e| e[0] / 1e4), "2026 sales by month");
    let s = series(&p, "店铺与客服销售额：今年与去年（月度）", "2025年");
    assert_values(&s.vals, &months(2025, &|e| e[0] / 1e4), "2025 sales by month");
    // Conversion = orders / inquiries, per month.
    let s = series(&p, "询单转化率月度趋势", "2026年");
    assert_values(&s.vals, &months(2026, &|e| e[2] / e[1]), "conversion by month");
    // First response, weighted by chats.
    let s = series(&p, "首次响应时间", "2026年");
    assert_values(&s.vals, &months(2026, &|e| e[3] / e[4]), "first response by month");

    // The KPI cards show the year's figures.
    let kpis = slide_text(&p, &slide_titled(&p, "2026年核心指标一览"));
    let year: [f64; 5] = (1..=12).fold([0.0; 5], |mut a, mo| {
        for (k, v) in m[&(2026, mo)].iter().enumerate() {
            a[k] += v;
        }
        a
    });
    assert!(shows(&kpis, year[0]), "sales {} not on the KPI slide: {kpis}", year[0]);
    assert!(shows(&kpis, year[2] / year[1]), "conversion {} not on the KPI slide: {kpis}", year[2] / year[1]);
    assert!(shows(&kpis, year[3] / year[4]), "first response {} not on the KPI slide: {kpis}", year[3] / year[4]);
}

#[test]
fn review_figures_are_the_agents_own() {
    let dir = tempfile::tempdir().unwrap();
    let p = product(dir.path(), "review", &["--set", "agent=吴静怡"]);
    let cover = slide_text(&p, &p.slides()[0]);
    assert!(cover.contains("吴静怡"), "{cover}");
    let sh = Sheet::read(&data("review.xlsx"), "客服月度");
    let mut sales = [0.0; 12];
    let mut conv = [[0.0; 2]; 12];
    for r in &sh.rows {
        let (y, mo, _) = sh.date(r, "月份");
        if y == 2026 && sh.text(r, "客服姓名") == "吴静怡" {
            sales[mo as usize - 1] += sh.num(r, "销售额").unwrap();
            conv[mo as usize - 1][0] += sh.num(r, "下单人数").unwrap();
            conv[mo as usize - 1][1] += sh.num(r, "询单人数").unwrap();
        }
    }
    let s = series(&p, "月度接待量与销售额", "销售额（万元）");
    assert_values(&s.vals, &sales.map(|v| v / 1e4), "the agent's sales by month");
    let s = series(&p, "询单转化率：我与团队平均", "吴静怡");
    assert_values(&s.vals, &conv.map(|c| c[0] / c[1]), "the agent's conversion by month");
    let text = slide_text(&p, &slide_titled(&p, "询单转化率：我与团队平均"));
    let year = conv.iter().fold([0.0; 2], |a, c| [a[0] + c[0], a[1] + c[1]]);
    assert!(shows(&text, year[0] / year[1]), "{text}");
}

/// Daily sums of `col` of the weekly workbook between two dates (inclusive).
fn daily(book: &str, col: &str, from: (i32, u32, u32), to: (i32, u32, u32)) -> Vec<f64> {
    let sh = Sheet::read(&data(book), "日数据");
    sh.rows
        .iter()
        .filter(|r| {
            let d = sh.date(r, "日期");
            from <= d && d <= to
        })
        .map(|r| sh.num(r, col).unwrap())
        .collect()
}

#[test]
fn monthly_figures_equal_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let p = product(dir.path(), "monthly", &["--period", "2026-11"]);
    let sales = daily("monthly.xlsx", "店铺销售额", (2026, 11, 1), (2026, 11, 30));
    assert_eq!(sales.len(), 30);
    let s = series(&p, "每日销售额与询单转化率", "店铺销售额（万元）");
    assert_values(&s.vals, &sales.iter().map(|v| v / 1e4).collect::<Vec<_>>(), "November sales by day");
    let total: f64 = sales.iter().sum();
    let kpis = slide_text(&p, &slide_titled(&p, "2026年11月核心指标"));
    assert!(shows(&kpis, total), "{total} not on: {kpis}");
    let inq: f64 = daily("monthly.xlsx", "询单人数", (2026, 11, 1), (2026, 11, 30)).iter().sum();
    let ord: f64 = daily("monthly.xlsx", "下单人数", (2026, 11, 1), (2026, 11, 30)).iter().sum();
    assert!(shows(&kpis, ord / inq), "{} not on: {kpis}", ord / inq);
}

#[test]
fn a_weekly_build_for_a_given_week_shows_that_weeks_totals() {
    let dir = tempfile::tempdir().unwrap();
    // 2026-W45 runs Monday 2 November to Sunday 8 November.
    let p = product(dir.path(), "weekly", &["--period", "2026-W45"]);
    let cover = slide_text(&p, &p.slides()[0]);
    assert!(cover.contains("第45周") && cover.contains("11.2–11.8"), "{cover}");
    let sales = daily("weekly.xlsx", "店铺销售额", (2026, 11, 2), (2026, 11, 8));
    assert_eq!(sales.len(), 7);
    let s = series(&p, "每日销售额与询单转化率", "店铺销售额");
    assert_values(&s.vals, &sales.iter().map(|v| v / 1e4).collect::<Vec<_>>(), "W45 sales by day");
    let kpis = slide_text(&p, &slide_titled(&p, "本周核心指标"));
    let total: f64 = sales.iter().sum();
    assert!(shows(&kpis, total), "{total} not on: {kpis}");
    let chats: f64 = daily("weekly.xlsx", "接待量", (2026, 11, 2), (2026, 11, 8)).iter().sum();
    assert!(shows(&kpis, chats), "{chats} not on: {kpis}");
    // Compared with W44 in the table.
    let prev: f64 = daily("weekly.xlsx", "店铺销售额", (2026, 10, 26), (2026, 11, 1)).iter().sum();
    let table = slide_text(&p, &slide_titled(&p, "本周与上周"));
    assert!(shows(&table, prev), "{prev} not on: {table}");
}

#[test]
fn latest_month_ignores_a_target_sheet_that_runs_into_next_year() {
    // monthly.xlsx has targets for every month of 2027; the figures end in
    // December 2026, and that is the month the deck reports.
    let o = deckgen(&root(), &["check", "decks/monthly.yaml", "--period", "latest-month"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("period 2026年12月"), "{out}");
}

#[test]
fn the_weekly_report_is_named_after_last_week() {
    // Tests run on 2026-11-23 (a Monday): last week is 2026-W47.
    let dir = tempfile::tempdir().unwrap();
    let out = format!("{}/", dir.path().display());
    for _ in 0..2 {
        let o = deckgen(&root(), &["build", "decks/weekly.yaml", "--period", "last-week", "-o", &out]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let files: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(files, ["客服部周报-2026-W47.pptx"], "a second run replaces the same file, nothing else");
}

/// A scheduled run on a workbook that nobody updated: the report covers the
/// last ISO week the daily data holds whole, is named after it, and says on
/// stderr that it is not the calendar's last week.
#[test]
fn a_weekly_run_on_old_data_reports_the_last_whole_week_and_warns() {
    // The last whole ISO week of 日数据, from the workbook: 2026-11-23 is the
    // Monday of 2026-W48, weeks are 7 serial days apart.
    let sh = Sheet::read(&data("weekly.xlsx"), "日数据");
    let serial = |r: &[calamine::Data]| match &r[sh.col("日期")] {
        calamine::Data::DateTime(d) => d.as_f64() as i64,
        other => panic!("not a date: {other:?}"),
    };
    let last = sh.rows.iter().map(|r| serial(r)).max().unwrap();
    let w48 = (40000..50000).find(|&s| civil(s) == (2026, 11, 23)).unwrap();
    let week = (48..=53).filter(|w| w48 + (w - 48) * 7 + 6 <= last).max().unwrap();
    let want = format!("2026-W{week:02}");

    let dir = tempfile::tempdir().unwrap();
    // 2027-03-01 is a Monday: the calendar's last week is 2027-W08.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_deckgen"))
        .args(["build", "decks/weekly.yaml", "-o", &format!("{}/", dir.path().display())])
        .current_dir(root())
        .env("DECKGEN_TODAY", "2027-03-01")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains(&format!("warning: `last-week` is {want}")) && err.contains("not 2027-W08"), "{err}");
    let files: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(files, [format!("客服部周报-{want}.pptx")]);

    // Data that reaches the calendar's week: no warning about the period
    // (a next-week target looser than the week's actual is still said).
    let o = deckgen(&root(), &["build", "decks/weekly.yaml", "-o", &format!("{}/now.pptx", dir.path().display())]);
    let err = stderr(&o);
    assert!(
        o.status.success() && !err.lines().any(|l| l.contains("warning") && !l.contains("is looser than")),
        "{err}"
    );
}

/// An agent with one month of data in 2026 (found in the workbook here): the
/// ranks say "of N" with one N everywhere, and no sentence claims a best and
/// a worst month or a peak-season rise that one month cannot show.
#[test]
fn a_one_month_agent_gets_consistent_ranks_and_no_empty_claims() {
    let sh = Sheet::read(&data("review.xlsx"), "客服月度");
    let mut months: BTreeMap<String, std::collections::BTreeSet<u32>> = BTreeMap::new();
    for r in &sh.rows {
        let (y, mo, _) = sh.date(r, "月份");
        if y == 2026 {
            months.entry(sh.text(r, "客服姓名")).or_default().insert(mo);
        }
    }
    let (agent, ms) = months.iter().find(|(_, m)| m.len() == 1).expect("the sample data has an agent with one month");
    let month = *ms.iter().next().unwrap();
    assert!(month != 6 && month != 11, "the test needs an agent whose month is not a peak month");

    let dir = tempfile::tempdir().unwrap();
    let p = product(dir.path(), "review", &["--set", &format!("agent={agent}")]);
    // Titled by the days the agent worked (我的2026年（1.1–1.22，22天）).
    let slide = p
        .slides()
        .into_iter()
        .find(|s| paragraphs(&p.text(s)).first().is_some_and(|t| t.starts_with("我的2026年（")))
        .expect("a slide titled with the days worked");
    let kpis = slide_text(&p, &slide);
    let of: Vec<String> = paragraphs(&p.text(&slide)).into_iter().filter(|t| t.starts_with("排名 ")).collect();
    assert_eq!(of.len(), 8, "{kpis}");
    let denominators: std::collections::BTreeSet<String> =
        of.iter().map(|s| s.split_once('/').unwrap().1.to_string()).collect();
    assert_eq!(denominators.len(), 1, "every card ranks among the same number: {kpis}");
    let n = denominators.into_iter().next().unwrap();
    assert!(kpis.contains(&format!("（共{n}名")), "the sentence uses the cards' number {n}: {kpis}");

    let conv = slide_text(&p, &slide_titled(&p, "询单转化率：我与团队平均"));
    assert!(!conv.contains("最低为"), "one month has no best and worst: {conv}");
    let volume = slide_text(&p, &slide_titled(&p, "月度接待量与销售额"));
    assert!(volume.contains(&format!("{month}月")), "{volume}");
    assert!(!volume.contains("大促"), "no peak-season claim for a {month}月-only agent: {volume}");
}

/// The annual deck's sentences about events, rankings and next year's plan
/// are computed: each figure recomputed here from the workbook.
#[test]
fn annual_conclusions_are_computed_from_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let p = product(dir.path(), "annual", &[]);
    let book = data("annual.xlsx");

    // 618 + 双11 of 2026 vs 2025 (a row per campaign, dated by its first day).
    let ev = Sheet::read(&book, "大促复盘");
    let year_sum = |y: i32| -> f64 {
        ev.rows.iter().filter(|r| ev.date(r, "日期").0 == y).map(|r| ev.num(r, "销售额").unwrap()).sum()
    };
    let (now, before) = (year_sum(2026), year_sum(2025));
    let text = slide_text(&p, &slide_titled(&p, "大促复盘"));
    assert!(shows(&text, now), "event sales {now} in: {text}");
    assert!(shows(&text, now / before - 1.0), "event growth in: {text}");

    // Next year's targets: Q2 + Q4 share of the year.
    let t = Sheet::read(&book, "明年目标");
    let shop = t.rows.iter().find(|r| t.text(r, "指标") == "店铺销售额" && t.num(r, "年份") == Some(2027.0)).unwrap();
    let share = (t.num(shop, "第二季度").unwrap() + t.num(shop, "第四季度").unwrap()) / t.num(shop, "目标").unwrap();
    let text = slide_text(&p, &slide_titled(&p, "销售目标季度分解（万元）"));
    assert!(shows(&text, share), "Q2+Q4 share {share} in: {text}");

    // The first agent's and the top 3 agents' share of the agents' sales in 2026.
    let m = Sheet::read(&book, "客服月度");
    let mut by: BTreeMap<String, f64> = BTreeMap::new();
    for r in &m.rows {
        if m.date(r, "月份").0 == 2026 {
            *by.entry(m.text(r, "客服姓名")).or_default() += m.num(r, "销售额").unwrap_or(0.0);
        }
    }
    let mut v: Vec<(String, f64)> = by.into_iter().collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1));
    let total: f64 = v.iter().map(|x| x.1).sum();
    let top3: f64 = v.iter().take(3).map(|x| x.1).sum();
    let text = slide_text(&p, &slide_titled(&p, "客服销售额排名（前10）"));
    assert!(shows(&text, top3 / total), "top-3 share {} in: {text}", top3 / total);
    assert!(shows(&text, v[0].1 / total), "first's share {} in: {text}", v[0].1 / total);
    assert!(text.contains(&format!("第一名是{}", v[0].0)), "{text}");
}
