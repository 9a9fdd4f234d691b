//! What deckgen says about the data, and what it refuses to say: no silent
//! blanks, every problem of a spec at once, names typed as Chinese input
//! methods type them, a misspelt agent or variable, and team figures that
//! belong to each deck of a batch.

mod common;
use common::*;

fn write(dir: &std::path::Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

const DAILY: &str = "日期,店铺销售额,询单人数,下单人数,接待量,首响（秒）
2026-03-02,1000,100,40,200,20
2026-03-03,2000,100,30,100,14
2026-03-04,3000,200,80,300,10
";

/// A spec with three problems that do not depend on each other: a metric
/// on a column that is not there, a metric on a table that is not there,
/// and a slide with a name that is nothing. `check` reports all three, in
/// the order of the spec, each once, and counts them right.
#[test]
fn check_reports_every_problem_once_in_spec_order() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "d.csv", DAILY);
    write(
        d,
        "t.yaml",
        "deck: {title: 测试}\nsources: {shop: d.csv}\nmetrics:\n  销售额: {sum: shop.店铺销售额x, unit: 元}\n  \
         人数: {sum: 不存在表.人数}\n  询单人数: {sum: shop.询单人数}\n  转化率: {expr: 下单 / 询单人数}\nslides:\n  \
         - layout: bullets\n    title: \"{{询单数}}\"\n    text: [\"{{销售额}}\"]\n",
    );
    let o = deckgen(d, &["check", "t.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(lines.len(), 4, "{err}");
    assert!(lines[0].contains("`店铺销售额x`") && lines[0].contains("t.yaml:4:"), "{err}");
    assert!(lines[1].contains("`不存在表`") && lines[1].contains("t.yaml:5:"), "{err}");
    assert!(lines[2].contains("uses `下单`") && lines[2].contains("t.yaml:7:"), "{err}");
    assert!(lines[3].contains("`询单数`") && lines[3].contains("t.yaml:10:"), "{err}");
    assert!(err.trim_end().ends_with("4 problems"), "{err}");
    // No repeated prefixes, and the broken 销售额 on the slide is not a fifth problem.
    assert!(!err.contains("metric `销售额`: metric `销售额`"), "{err}");
    assert!(!err.contains("unknown name `销售额`"), "{err}");
}

/// A header typed with full-width parentheses (首响（秒）) is the spec's 首响(秒).
#[test]
fn full_width_punctuation_in_headers_matches_the_spec() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "d.csv", DAILY);
    let yaml = "deck: {title: 测试}\nsources: {shop: d.csv}\nperiod: 2026-03\nmetrics:\n  \
                首响: {avg: shop.首响(秒), weight: shop.接待量, unit: 秒}\nslides:\n  - layout: kpis\n    \
                title: 本月\n    kpis: [{metric: 首响}]\n";
    let (o, out) = build_text(d, yaml, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    // (20·200 + 14·100 + 10·300) / 600 = 14.0 s
    assert!(slide_text(&p, &p.slides()[0]).contains("14.0秒"));
}

/// `--set agent=…` for someone without figures is refused with a
/// did-you-mean; `--set` of a name the spec does not use is refused too.
#[test]
fn a_misspelt_agent_or_variable_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.pptx");
    let o = deckgen(&root(), &["build", "decks/review.yaml", "--set", "agent=吴静", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("客服姓名 `吴静` has no figures in 2026年") && err.contains("did you mean `吴静怡`?"),
        "{err}"
    );
    assert!(!out.exists());
    let o = deckgen(&root(), &["build", "decks/review.yaml", "--set", "agnet=吴静怡", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("the spec uses no variable `agnet`") && err.contains("did you mean `agent`?"), "{err}");
    assert!(!out.exists());
}

/// A formula saved without its value is an error naming the cell wherever
/// the deck reads it — in a table of rows too, not an empty column.
#[test]
fn an_unsaved_formula_in_a_table_is_an_error_naming_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(root().join("tests/fixtures/kpi-unsaved-formulas.xlsx"), d.join("k.xlsx")).unwrap();
    let yaml = "deck: {title: 测试}\nsources: {k: k.xlsx}\nperiod: 2025\nslides:\n  - layout: table\n    \
                title: 月度\n    table: {data: 月度KPI}\n";
    let (o, out) = build_text(d, yaml, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("formula with no saved value") && err.contains("月度KPI!F5"), "{err}");
    assert!(!out.exists());
}

/// Text among the numbers of a column is said (with its cell); the 合计 row
/// adds each column by its own rule: counts and amounts summed, a time
/// weighted by the volume, a rate only as the ratio of two columns.
#[test]
fn text_among_numbers_warns_and_totals_add_up_by_column() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "g.csv",
        "小组,接待量,询单人数,下单人数,转化率,首响(秒)\n\
         A组,200,100,40,40%,20\nB组,100,100,30,30%,14\nC组,300,200,暂无,暂无,10\n",
    );
    let yaml = "deck: {title: 测试}\nsources: {g: g.csv}\nslides:\n  - layout: table\n    title: 小组\n    \
                table:\n      data: g\n      total: true\n      totals: {转化率: ratio(下单人数/询单人数)}\n";
    let (o, out) = build_text(d, yaml, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("`下单人数` is a column of numbers") && err.contains("g.csv!D4"), "{err}");
    let p = Package::open(&out);
    let xml = p.text(&p.slides()[0]);
    let tbl = &xml[xml.find("<a:tbl>").unwrap()..];
    // Each cell's text: its a:t runs.
    let texts = |c: &str| -> String {
        c.split("<a:t>").skip(1).map(|t| t.split("</a:t>").next().unwrap_or("")).collect::<String>()
    };
    let rows: Vec<Vec<String>> = tbl
        .split("<a:tr ")
        .skip(1)
        .map(|r| r.split("<a:tc>").skip(1).map(|c| texts(c.split("</a:tc>").next().unwrap_or(""))).collect())
        .collect();
    let total = rows.last().unwrap();
    assert_eq!(total[0], "合计");
    assert_eq!(total[1], "600", "接待量 summed");
    assert_eq!(total[3], "70", "下单人数 summed over the numbers");
    // 70 / 200: the ratio of the sums of the rows that have both (A, B, C's 询单 counts too).
    assert_eq!(total[4], "35.0%", "转化率 as Σ下单/Σ询单 = 70/200");
    // (20·200 + 14·100 + 10·300) / 600 = 14.0, never 44 (a plain sum of seconds).
    assert_eq!(total[5], "14.0", "首响 weighted by 接待量");
}

/// Team figures of a batch belong to each deck: a metric whose `where`
/// reads the deck's variable gives each agent its own figure, never the
/// first deck's.
#[test]
fn batch_team_figures_follow_each_decks_variables() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.csv", "月份,客服姓名,销售额\n2026-01,张三,300\n2026-01,李四,200\n2026-01,王五,100\n");
    write(
        d,
        "b.yaml",
        "deck: {title: \"{{agent}}\"}\nperiod: 2026-01\nsources: {a: a.csv}\nvars: {agent: 张三}\n\
         scope: {客服姓名: \"{{agent}}\"}\nbatch: {each: a.客服姓名, as: agent, output: \"{{agent}}.pptx\"}\n\
         metrics:\n  销售额: {sum: a.销售额}\n  他人销售额: {sum: a.销售额, where: 客服姓名 != agent}\n\
         slides:\n  - layout: bullets\n    title: 他人\n    text: [\"他人中最高：{{top(他人销售额, '客服姓名', 1)}}\"]\n",
    );
    let o = deckgen(d, &["build", "b.yaml", "--each", "-o", "out/", "-j", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for (me, top) in [("张三", "李四"), ("李四", "张三"), ("王五", "张三")] {
        let p = Package::open(&d.join(format!("out/{me}.pptx")));
        let text = slide_text(&p, &p.slides()[0]);
        assert!(text.contains(&format!("他人中最高：{top}")), "{me}: {text}");
    }
}
