//! Conclusions and side panels that say what the data shows, checked
//! against the test's own reading of the workbook (truth/oracle.rs): the
//! annual summary counts the targets and names the largest misses; the
//! conversion slide describes the year's shape; the DSR sentence names the
//! lowest score; 资损 names its promotion peaks; the training table says
//! what it lists; monthly return and review sentences give rates and the
//! leading reason; weeks in a month say their dates; a partial week's table
//! says which days it compares.

mod common;
#[allow(dead_code)]
#[path = "truth/oracle.rs"]
mod oracle;

use common::*;
use oracle::{Book, Grain, Oracle, Period, Who, read_spec, ymd};
use std::path::Path;

/// The sample shop `n` with the shipped specs in a folder of its own.
fn shop(n: u32) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = deckgen(d, &["sample-data", "data", "--shop", &n.to_string()]);
    assert!(o.status.success(), "{}", stderr(&o));
    for deck in ["annual", "monthly", "weekly"] {
        std::fs::copy(root().join(format!("decks/{deck}.yaml")), d.join(format!("{deck}.yaml"))).unwrap();
    }
    dir
}

fn build_deck(d: &Path, deck: &str, period: Option<&str>) -> Package {
    let out = d.join(format!("{deck}-{}.pptx", period.unwrap_or("default")));
    let mut args = vec!["build", "", "-o", out.to_str().unwrap()];
    let spec = format!("{deck}.yaml");
    args[1] = &spec;
    if let Some(p) = period {
        args.extend(["--period", p]);
    }
    let o = deckgen(d, &args);
    assert!(o.status.success(), "{deck}: {}", stderr(&o));
    Package::open(&out)
}

/// The slide whose first paragraph starts with `prefix`.
/// Shop `n`'s annual deck as built, with its workbook and spec as the
/// oracle reads them.
fn annual_of(n: u32) -> (tempfile::TempDir, Package, Book, oracle::Spec) {
    let dir = shop(n);
    let d = dir.path();
    let pkg = build_deck(d, "annual", None);
    let book = Book::read(&d.join("data/annual.xlsx"));
    let spec = read_spec(&d.join("annual.yaml"));
    (dir, pkg, book, spec)
}

/// Shop `n`'s annual deck, and the oracle's figure for `metric` in each
/// month of its year (month number, value).
fn annual_months(n: u32, metric: &str) -> (tempfile::TempDir, Package, Vec<(u32, f64)>) {
    let (dir, pkg, book, spec) = annual_of(n);
    let o = Oracle::new(&book, &spec);
    let p = o.period(Grain::Year, None);
    let months =
        p.parts(Grain::Month).iter().map(|q| (ymd(q.start).1, o.value(metric, q, &Who::All).unwrap())).collect();
    (dir, pkg, months)
}

fn slide_starting(p: &Package, prefix: &str) -> String {
    p.slides()
        .into_iter()
        .find(|s| paragraphs(&p.text(s)).iter().find(|t| !t.trim().is_empty()).is_some_and(|t| t.starts_with(prefix)))
        .unwrap_or_else(|| panic!("no slide titled {prefix}…"))
}

/// The paragraph of a slide that starts with `prefix`.
fn para(p: &Package, slide: &str, prefix: &str) -> String {
    paragraphs(&p.text(slide))
        .into_iter()
        .find(|t| t.starts_with(prefix))
        .unwrap_or_else(|| panic!("no paragraph starting {prefix} on {slide}: {:?}", paragraphs(&p.text(slide))))
}

/// The text of the `a:t` runs in a piece of XML.
fn cell_text(x: &str) -> String {
    x.split("<a:t>").skip(1).filter_map(|s| s.split("</a:t>").next()).collect()
}

/// Whether a text names month `m` (`6月（…`, `6月、`), not 16月 or 11月 for 1月.
fn names_month(text: &str, m: u32) -> bool {
    let w = format!("{m}月");
    text.match_indices(&w).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + w.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit()) && matches!(after, Some('（' | '、'))
    })
}

fn pct1(v: f64) -> String {
    format!("{:.1}%", v * 100.0)
}

/// Slide 4 of the annual deck: how many of the 8 headline targets were met,
/// the largest misses (relative to their target) first with their values,
/// then the wins; for a team that shrank, by how much.
#[test]
fn the_annual_summary_counts_the_targets_and_leads_with_the_largest_misses() {
    for n in [1, 2] {
        let (_dir, pkg, book, spec) = annual_of(n);
        let o = Oracle::new(&book, &spec);
        let p = o.period(Grain::Year, None);
        let headline = ["店铺销售额", "客服销售额", "询单转化率", "首响", "平响", "满意率", "邀评率", "回复率"];
        let (mut met, mut missed) = (Vec::new(), Vec::new());
        for name in headline {
            let m = o.metric(name);
            let (v, t) = (o.value(name, &p, &Who::All).unwrap(), o.target(name, &p, &Who::All).unwrap());
            let ok = if m.lower { v <= t } else { v >= t };
            let gap = (v - t).abs() / t.abs();
            if ok { met.push((gap, m.label.clone())) } else { missed.push((gap, m.label.clone(), v)) }
        }
        missed.sort_by(|a, b| b.0.total_cmp(&a.0));
        let slide = slide_starting(&pkg, &format!("{}核心指标一览", p.label()));
        let text = para(&pkg, &slide, "有目标的");
        assert!(text.starts_with(&format!("有目标的8项指标达成{}项", met.len())), "shop {n}: {text}");
        assert!(!missed.is_empty(), "shop {n}: the samples miss targets");
        // The largest miss first, with its value; every miss named; wins after misses.
        let (_, first, v) = &missed[0];
        let at = text.find(first.as_str()).unwrap_or_else(|| panic!("shop {n}: {first} not in {text}"));
        assert!(shows(&text[at..], *v), "shop {n}: {first} {v} in {text}");
        for (_, l, _) in &missed[1..] {
            let i = text.find(l.as_str()).unwrap_or_else(|| panic!("shop {n}: {l} not in {text}"));
            assert!(i > at, "shop {n}: {l} before the largest miss {first}: {text}");
        }
        let wins = text.find("达成的有").expect("the wins");
        assert!(met.iter().any(|(_, l)| text[wins..].contains(l.as_str())), "shop {n}: {text}");
        assert!(missed.iter().all(|(_, l, _)| text.find(l.as_str()).unwrap() < wins), "shop {n}: {text}");
        // The team: 18 → 12 people in the second shop; the first did not shrink.
        let (a, b) = (o.value("期初人数", &p, &Who::All).unwrap(), o.value("期末人数", &p, &Who::All).unwrap());
        let team = format!("团队由期初{a}人减至期末{b}人");
        assert_eq!(text.contains(&team), b < a, "shop {n}: {team} / {text}");
        if n == 2 {
            assert!(text.contains("团队由期初18人减至期末12人"), "{text}");
        }
    }
}

/// Annual slide 9 describes the year month by month rather than repeating
/// slide 5: the peak month with its event, and a low stretch whose months
/// all lie near the year's lowest.
#[test]
fn the_conversion_slide_describes_the_shape_of_the_year() {
    let (_dir, pkg, months) = annual_months(1, "询单转化率");
    let text = para(&pkg, &slide_titled(&pkg, "询单转化率月度趋势"), "2026年询单转化率");
    assert!(!text.contains("目标达成率"), "slide 5's figures again: {text}");
    let (pm, pv) = months.iter().copied().fold((0, f64::MIN), |b, x| if x.1 > b.1 { x } else { b });
    assert_eq!(pm, 6, "the sample peaks in June");
    assert!(text.contains(&format!("6月（618）最高（{}）", pct1(pv))), "{text}");
    // The low stretch named: every month of it within a sixth of the range of the lowest.
    let lo = months.iter().map(|x| x.1).fold(f64::MAX, f64::min);
    let i = text.find("月为全年低谷").expect("a low stretch");
    let span: String = text[..i].chars().rev().take_while(|c| c.is_ascii_digit() || "月至".contains(*c)).collect();
    let span: String = span.chars().rev().collect();
    let (a, b) = span.split_once("月至").expect("a stretch of months");
    let (a, b): (u32, u32) = (a.parse().unwrap(), b.parse().unwrap());
    assert!(b > a, "{text}");
    for (m, v) in &months {
        if (a..=b).contains(m) {
            assert!(*v <= lo + (pv - lo) / 6.0, "{m}月 {v} is no low: {text}");
        }
    }
    assert_eq!((a, b), (7, 9), "{text}");
    // Every month above last year's and at or above its target, said as a count.
    assert!(text.contains("12个月均高于去年同期") && text.contains("每月都达到目标"), "{text}");
}

/// Annual slide 18 names which of the three DSR scores is lowest, and the
/// months where that one is lowest.
#[test]
fn the_dsr_sentence_names_the_lowest_score_and_its_months() {
    for n in [1, 2] {
        let (_dir, pkg, book, spec) = annual_of(n);
        let o = Oracle::new(&book, &spec);
        let p = o.period(Grain::Year, None);
        let (low, _) = ["描述相符", "服务态度", "物流服务"]
            .iter()
            .map(|m| (*m, o.value(m, &p, &Who::All).unwrap()))
            .fold(("", f64::MAX), |b, x| if x.1 < b.1 { x } else { b });
        let m = o.metric(low);
        let text = para(&pkg, &slide_titled(&pkg, "店铺评分（DSR）与售后服务"), "DSR描述相符");
        assert!(text.contains(&format!("{}最低", m.label)), "shop {n}: {low}: {text}");
        // The lowest months of that score (whole months), as shown with two decimals.
        let vals: Vec<(u32, f64)> = p
            .parts(Grain::Month)
            .iter()
            .filter(|q| !q.partial())
            .map(|q| (ymd(q.start).1, m.shown(o.value(low, q, &Who::All).unwrap()).unwrap()))
            .collect();
        let min = vals.iter().map(|x| x.1).fold(f64::MAX, f64::min);
        let said = &text[text.find("月度最低在").expect("its lowest months")..];
        for (mo, v) in &vals {
            let named = names_month(said, *mo);
            assert_eq!(named, (*v - min).abs() < 1e-9, "shop {n}: {mo}月 {v} (min {min}): {said}");
        }
        assert!(said.contains("618"), "shop {n}: the 618 dip is named: {said}");
    }
}

/// Annual slide 24: the 资损 peaks are the months at 1.5 times the median
/// month or more, each with its promotion; the lowest month is no headline.
#[test]
fn loss_peaks_are_named_with_their_promotions() {
    let (_dir, pkg, vals) = annual_months(1, "资损");
    let mut sorted: Vec<f64> = vals.iter().map(|x| x.1).collect();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    let slide = slide_titled(&pkg, "资损分析（按月）");
    let text = para(&pkg, &slide, "资损高峰：");
    let peaks: Vec<&(u32, f64)> = vals.iter().filter(|x| x.1 >= 1.5 * median).collect();
    assert_eq!(peaks.iter().map(|x| x.0).collect::<Vec<_>>(), [6, 11], "the sample's peaks are 618 and 双11");
    assert!(text.contains("6月（618，") && text.contains("11月（双11，"), "{text}");
    for (m, v) in &vals {
        assert_eq!(names_month(&text, *m), *v >= 1.5 * median, "{m}月 {v}: {text}");
    }
    for (_, v) in peaks {
        assert!(shows(&text, *v), "{v} in {text}");
    }
    assert!(!slide_text(&pkg, &slide).contains("资损最低的月份"));
}

/// Annual 29 (shop 2: 30): the five trainings with the most participants,
/// in that order, with 参训人数 beside the topic, and the sentence says
/// they are the top 5 of all of them.
#[test]
fn the_training_table_says_it_lists_the_largest_five() {
    for n in [1, 2] {
        let (_dir, pkg, book, spec) = annual_of(n);
        let o = Oracle::new(&book, &spec);
        let p = o.period(Grain::Year, None);
        let t = &book.tabs["培训"];
        let held = t.rows.iter().filter(|r| t.row_date(r).is_some_and(|x| p.contains(x))).count();
        let slide = slide_titled(&pkg, "培训与激励");
        let xml = pkg.text(&slide);
        let tbl = xml.split("<a:tbl>").nth(1).unwrap().split("</a:tbl>").next().unwrap();
        let rows: Vec<Vec<String>> =
            tbl.split("<a:tr ").skip(1).map(|r| r.split("<a:tc>").skip(1).map(cell_text).collect()).collect();
        assert_eq!(rows[0][..2], ["主题".to_string(), "参训人数".to_string()], "shop {n}: {:?}", rows[0]);
        let counts: Vec<f64> = rows[1..].iter().map(|r| r[1].parse().unwrap()).collect();
        assert_eq!(counts.len(), 5.min(held), "shop {n}");
        assert!(counts.windows(2).all(|w| w[0] >= w[1]), "shop {n}: {counts:?}");
        let text = paragraphs(&xml).into_iter().find(|t| t.contains("参训") && t.contains("TOP")).unwrap();
        assert!(text.contains(&format!("培训{held}场（左表为参训人数前5场）")), "shop {n}: {held}: {text}");
    }
}

/// A generated list that has nothing to list (`本期没有晋升`) under bulleted
/// lines gets their bullet (shop 2 promoted nobody in its year to date).
#[test]
fn an_empty_list_under_bullets_is_a_bullet_too() {
    let dir = shop(2);
    let pkg = build_deck(dir.path(), "annual", None);
    let xml = pkg.text(&slide_titled(&pkg, "团队建设：入职、离职与晋升"));
    let ps: Vec<&str> = xml.split("<a:p>").skip(1).collect();
    let of = |s: &str| *ps.iter().find(|p| p.contains(s)).unwrap_or_else(|| panic!("no {s}"));
    assert!(!of("本期没有晋升").contains("<a:buNone/>"), "{}", of("本期没有晋升"));
    assert!(!of("月均在岗").contains("<a:buNone/>"), "the lines above are bullets");
}

/// Monthly 19 and 22: 退货率 (returns per order) and 中差评率 with the
/// leading reason and its share.
#[test]
fn returns_and_reviews_give_rates_and_the_leading_reason() {
    let dir = shop(1);
    let d = dir.path();
    let pkg = build_deck(d, "monthly", Some("2026-10"));
    let book = Book::read(&d.join("data/monthly.xlsx"));
    let spec = read_spec(&d.join("monthly.yaml"));
    let o = Oracle::new(&book, &spec);
    let p = o.period(Grain::Month, Some(oracle::parse_period("2026-10")));
    let v = |n: &str| o.value(n, &p, &Who::All).unwrap();
    let top = |metric: &str, sheet: &str| -> (String, f64) {
        let t = &book.tabs[sheet];
        let c = t.col("原因").unwrap();
        let reasons: std::collections::BTreeSet<String> = t.rows.iter().map(|r| r[c].text()).collect();
        let g: Vec<(String, f64)> = reasons
            .into_iter()
            .filter_map(|r| o.value_where(metric, &p, &Who::All, Some(("原因", &r))).map(|v| (r, v)))
            .collect();
        let total: f64 = g.iter().map(|x| x.1).sum();
        let best = g.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
        (best.0.clone(), best.1 / total)
    };
    let text = para(&pkg, &slide_titled(&pkg, "退货分析"), "本月退货");
    let rate = v("退货单数") / v("下单人数");
    assert!(text.contains(&format!("退货率{}", pct1(rate))), "{rate}: {text}");
    let (reason, share) = top("退货数", "退货");
    assert!(text.contains(&format!("第一原因是{reason}（占{}）", pct1(share))), "{reason} {share}: {text}");
    assert_eq!((reason.as_str(), pct1(share).as_str()), ("尺码偏大", "64.0%"));

    let slide = slide_titled(&pkg, "中差评分析");
    let text = paragraphs(&pkg.text(&slide)).into_iter().find(|t| t.contains("中差评率")).expect("中差评率");
    let rate = v("店铺中差评数") / v("评价数");
    assert!(text.contains(&format!("中差评率{:.2}%", rate * 100.0)), "{rate}: {text}");
    let (reason, share) = top("中差评数", "中差评明细");
    assert!(text.contains(&format!("首要原因是{reason}（占{}）", pct1(share))), "{reason} {share}: {text}");
    assert_eq!((reason.as_str(), pct1(share).as_str()), ("发货慢", "49.2%"));
}

/// The weeks of a month say their dates; the weeks cut by the month's
/// edges say their days too: `第40周（10.1–10.4，4天）`, `第44周（11.1，1天）`.
#[test]
fn weeks_of_a_month_say_their_dates() {
    let dir = shop(1);
    let d = dir.path();
    for (month, first) in [("2026-10", "第40周（10.1–10.4，4天）"), ("2026-11", "第44周（11.1，1天）")] {
        weeks_of(d, month, first);
    }
}

fn weeks_of(d: &Path, month: &str, first: &str) {
    let pkg = build_deck(d, "monthly", Some(month));
    let slide = slide_titled(&pkg, "错发、漏发与破损（按周）");
    let chart = slide_charts(&pkg, &slide).remove(0);
    let cats: Vec<String> = chart_series(&pkg.text(&chart))[0].cats.iter().map(|c| c.replace('\n', "")).collect();
    // ISO weeks meeting October 2026, clipped to the month, worked out here.
    let month = oracle::parse_period(month);
    let mut want = Vec::new();
    let mut s = month.start;
    while s <= month.end {
        let week = Period::containing(s, Grain::Week);
        let e = week.end.min(month.end);
        let (_, sm, sd) = ymd(s);
        let (_, em, ed) = ymd(e);
        let jan4 = oracle::day(2026, 1, 4);
        let w = (week.start.0 - Period::containing(jan4, Grain::Week).start.0) / 7 + 1;
        let days = e.0 - s.0 + 1;
        want.push(if days == 1 {
            format!("第{w}周（{sm}.{sd}，1天）")
        } else if days < 7 {
            format!("第{w}周（{sm}.{sd}–{em}.{ed}，{days}天）")
        } else {
            format!("第{w}周（{sm}.{sd}–{em}.{ed}）")
        });
        s = oracle::Day(e.0 + 1);
    }
    assert_eq!(cats, want);
    assert_eq!(cats[0], first);
}

/// Days that tie with the same promotion name it once:
/// `6/01、6/17、6/18（618，均为2单）`, not `6/01（618）、6/17（618）…`.
#[test]
fn tied_days_of_one_promotion_name_it_once() {
    let dir = shop(2);
    let pkg = build_deck(dir.path(), "monthly", Some("2026-06"));
    let text = para(&pkg, &slide_titled(&pkg, "错发、漏发与破损（按周）"), "错发最多的一天");
    assert_eq!(text.matches("618").count(), 1, "{text}");
    assert!(text.contains("（618，均为"), "{text}");
}

/// A week cut short (2026-W53: Monday to Thursday) is compared with the
/// same days of the week before, and the table's columns say which; a
/// whole week's do not need to.
#[test]
fn a_partial_weeks_table_says_which_days_it_compares() {
    let dir = shop(1);
    let d = dir.path();
    for (week, now, before) in
        [("2026-W53", "本周（12.28–12.31）", "上周（12.21–12.24）"), ("2026-W47", "本周", "上周")]
    {
        let pkg = build_deck(d, "weekly", Some(week));
        let xml = pkg.text(&slide_titled(&pkg, "本周与上周"));
        let tbl = xml.split("<a:tbl>").nth(1).unwrap();
        let header: Vec<String> = tbl.split("</a:tr>").next().unwrap().split("<a:tc>").skip(1).map(cell_text).collect();
        assert_eq!(header[1..3], [now.to_string(), before.to_string()], "{week}");
    }
}

/// Monthly 12: a ranking of sales covers the agents who sell (every group
/// but 售后), the top 12 of them, or all of them by name when they are 12
/// or fewer (shop 2 had 11 in June 2026).
#[test]
fn the_sales_ranking_covers_the_agents_who_sell() {
    for (n, month, all) in [(1, "2026-10", false), (2, "2026-06", true)] {
        let dir = shop(n);
        let d = dir.path();
        let pkg = build_deck(d, "monthly", Some(month));
        let book = Book::read(&d.join("data/monthly.xlsx"));
        let t = &book.tabs["客服月度"];
        let (nc, gc) = (t.col("客服姓名").unwrap(), t.col("小组").unwrap());
        let p = oracle::parse_period(month);
        let in_month = |r: &&Vec<oracle::Val>| t.row_date(r).is_some_and(|x| p.contains(x));
        let sellers: std::collections::BTreeSet<String> =
            t.rows.iter().filter(in_month).filter(|r| !r[gc].text().contains("售后")).map(|r| r[nc].text()).collect();
        let after_sales: Vec<String> =
            t.rows.iter().filter(in_month).filter(|r| r[gc].text().contains("售后")).map(|r| r[nc].text()).collect();
        assert!(!after_sales.is_empty(), "shop {n}: the sample has 售后 agents");
        let title = if all {
            "客服个人数据（售前客服销售额排名）"
        } else {
            "客服个人数据（售前客服销售额前12名）"
        };
        let xml = pkg.text(&slide_titled(&pkg, title));
        let tbl = xml.split("<a:tbl>").nth(1).unwrap().split("</a:tbl>").next().unwrap();
        let names: Vec<String> =
            tbl.split("<a:tr ").skip(2).map(|r| cell_text(r.split("<a:tc>").nth(1).unwrap())).collect();
        assert_eq!(names.len(), sellers.len().min(12), "shop {n}: {names:?}");
        assert_eq!(all, sellers.len() <= 12, "shop {n}");
        assert!(names.iter().all(|x| sellers.contains(x)), "shop {n}: {names:?} / {sellers:?}");
    }
}
