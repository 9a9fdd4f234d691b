//! Mutation fuzzing on stable Rust, with fixed seeds and a time budget
//! (issue #13). Five targets: the spec loader (and, for specs that load,
//! the whole build), the expression parser and evaluator, the .xlsx cell
//! reader, the CSV reader, and the picture loader. Inputs are the shipped
//! decks, workbooks and pictures and the test fixtures, mutated (bits,
//! bytes, tokens of each format, cut, repeated and spliced ranges,
//! extreme numbers).
//!
//! A case fails on a panic, on a case running longer than 10 s (a
//! watchdog aborts the process), and, for decks that build, on a zip or
//! XML part that does not read back (every chart is also checked against
//! its workbook by the build itself). The case being run is written to
//! `target/fuzz-current-TARGET` first, so a crash leaves its input there;
//! `DECKGEN_FUZZ_CASE=N` reruns case N of every target.
//!
//! CI runs a few cases of each target. The real runs are ignored tests:
//!
//! ```text
//! DECKGEN_FUZZ_SECS=120 cargo test --release --test fuzz -- --ignored --nocapture
//! ```
//!
//! `DECKGEN_FUZZ_SECS` is the budget per target (default 60);
//! `DECKGEN_FUZZ_DECKS=DIR` keeps up to 300 of the decks that built, for
//! `../shared/tools/pptx-check --no-office DIR/*.pptx`.

mod common;
#[path = "fuzz/mutate.rs"]
mod mutate;
use common::*;
use deckgen::data::source;
use mutate::*;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The fuzz tests share the process environment and the build's caches:
/// one at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The budget per target, and the case to rerun alone.
fn budget(default_secs: u64) -> (Duration, Option<u64>) {
    let secs = std::env::var("DECKGEN_FUZZ_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(default_secs);
    let case = std::env::var("DECKGEN_FUZZ_CASE").ok().and_then(|s| s.parse().ok());
    (Duration::from_secs(secs), case)
}

/// Aborts the process when one case runs longer than 10 s (a hang).
struct Watchdog {
    /// When the running case started (ms since EPOCH), 0 between cases.
    started: Arc<AtomicU64>,
    stop: Arc<std::sync::atomic::AtomicBool>,
}

static EPOCH: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

fn now_ms() -> u64 {
    EPOCH.get_or_init(Instant::now).elapsed().as_millis() as u64 + 1
}

impl Watchdog {
    fn new(target: &'static str) -> Watchdog {
        let started = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (s, st) = (started.clone(), stop.clone());
        std::thread::spawn(move || {
            while !st.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(200));
                let t = s.load(Ordering::Relaxed);
                if t != 0 && now_ms().saturating_sub(t) > 10_000 {
                    eprintln!(
                        "fuzz {target}: a case ran longer than 10 s; its input is in {}",
                        current(target).display()
                    );
                    std::process::abort();
                }
            }
        });
        Watchdog { started, stop }
    }
    fn start(&self) {
        self.started.store(now_ms(), Ordering::Relaxed);
    }
    fn done(&self) {
        self.started.store(0, Ordering::Relaxed);
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn current(target: &str) -> PathBuf {
    root().join(format!("target/fuzz-current-{target}"))
}

/// What a target did.
#[derive(Default, Debug)]
struct Report {
    cases: u64,
    ok: u64,
    errors: u64,
    slowest_ms: u128,
    panics: Vec<String>,
}

/// Runs `case` on mutated inputs until the budget is spent (or `max` cases).
fn fuzz(
    target: &'static str,
    seed: u64,
    budget: Duration,
    max: u64,
    make: impl Fn(&mut Rng) -> Vec<u8>,
    case: impl Fn(&[u8], &mut Rng) -> Result<(), String>,
) -> Report {
    let (_, only) = self::budget(0);
    let dog = Watchdog::new(target);
    let mut r = Report::default();
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < budget && n < max {
        let k = only.unwrap_or(n);
        let mut rng = Rng::new(seed, k);
        let input = make(&mut rng);
        let _ = std::fs::write(current(target), &input);
        dog.start();
        let t = Instant::now();
        let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| case(&input, &mut rng)));
        dog.done();
        r.slowest_ms = r.slowest_ms.max(t.elapsed().as_millis());
        r.cases += 1;
        match out {
            Ok(Ok(())) => r.ok += 1,
            Ok(Err(e)) => {
                r.errors += 1;
                if std::env::var("DECKGEN_FUZZ_VERBOSE").is_ok() {
                    eprintln!("  case {k}: {}", e.lines().next().unwrap_or(""));
                }
            }
            Err(p) => {
                let msg =
                    p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()));
                let saved = root().join(format!("target/fuzz-panic-{target}-{k}"));
                let _ = std::fs::write(&saved, &input);
                r.panics.push(format!("case {k}: {} (input: {})", msg.unwrap_or_default(), saved.display()));
            }
        }
        if only.is_some() {
            break;
        }
        n += 1;
    }
    eprintln!(
        "fuzz {target}: {} cases in {:.0} s ({} built or read, {} refused with an error), slowest case {} ms, {} panics",
        r.cases,
        start.elapsed().as_secs_f64(),
        r.ok,
        r.errors,
        r.slowest_ms,
        r.panics.len()
    );
    // A case rerun alone keeps its input, to look at.
    if only.is_none() {
        let _ = std::fs::remove_file(current(target));
    }
    r
}

fn files(dir: &str, exts: &[&str]) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().and_then(|e| e.to_str()).is_some_and(|e| exts.contains(&e)))
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    v.sort();
    v
}

/// The zip entries of a package, in order.
fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut v = Vec::new();
            f.read_to_end(&mut v).unwrap();
            (f.name().unwrap().to_string(), v)
        })
        .collect()
}

/// A deck that built reads back: a zip whose XML parts are well-formed.
fn deck_reads_back(bytes: &[u8]) -> Result<(), String> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    for i in 0..z.len() {
        let mut f = z.by_index(i).map_err(|e| e.to_string())?;
        let name = f.name().map_err(|e| e.to_string())?.to_string();
        let mut v = Vec::new();
        f.read_to_end(&mut v).map_err(|e| e.to_string())?;
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let text = String::from_utf8(v).map_err(|_| format!("{name} is not UTF-8"))?;
            let mut r = quick_xml::Reader::from_str(&text);
            loop {
                match r.read_event() {
                    Ok(quick_xml::events::Event::Eof) => break,
                    Ok(_) => {}
                    Err(e) => return Err(format!("{name}: {e}")),
                }
            }
        }
    }
    Ok(())
}

/// Keeps some decks that built, for pptx-check.
fn keep(bytes: &[u8], target: &str, kept: &AtomicU64) {
    let Ok(dir) = std::env::var("DECKGEN_FUZZ_DECKS") else { return };
    let n = kept.fetch_add(1, Ordering::Relaxed);
    if n < 300 {
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(Path::new(&dir).join(format!("{target}-{n:03}.pptx")), bytes);
    }
}

fn set_today() {
    // SAFETY: the fuzz tests run one at a time (ONE_AT_A_TIME) and start
    // no thread of their own before this.
    unsafe { std::env::set_var("DECKGEN_TODAY", "2026-11-23") };
}

#[test]
#[ignore = "fuzzing: run with --release -- --ignored"]
fn fuzz_spec_loader_and_build() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (budget, _) = budget(60);
    assert!(spec_target(budget, u64::MAX).panics.is_empty());
}

#[test]
#[ignore = "fuzzing: run with --release -- --ignored"]
fn fuzz_expressions() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (budget, _) = budget(60);
    assert!(expr_target(budget, u64::MAX).panics.is_empty());
}

#[test]
#[ignore = "fuzzing: run with --release -- --ignored"]
fn fuzz_xlsx_reader() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (budget, _) = budget(60);
    assert!(xlsx_target(budget, u64::MAX).panics.is_empty());
}

#[test]
#[ignore = "fuzzing: run with --release -- --ignored"]
fn fuzz_csv_reader() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (budget, _) = budget(60);
    assert!(csv_target(budget, u64::MAX).panics.is_empty());
}

#[test]
#[ignore = "fuzzing: run with --release -- --ignored"]
fn fuzz_picture_loader() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (budget, _) = budget(60);
    assert!(picture_target(budget, u64::MAX).panics.is_empty());
}

/// CI: a few cases of each target, so the harness itself stays working.
#[test]
fn fuzz_smoke() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let b = Duration::from_secs(20);
    for r in [spec_target(b, 6), expr_target(b, 6), xlsx_target(b, 20), csv_target(b, 40), picture_target(b, 40)] {
        assert!(r.panics.is_empty(), "{:?}", r.panics);
        assert!(r.cases > 0);
    }
}

/// A copy of decks/ (specs, data, pictures) to build mutated specs in.
fn decks_copy() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for sub in ["data", "assets"] {
        std::fs::create_dir_all(d.path().join(sub)).unwrap();
        for (p, b) in files(&format!("decks/{sub}"), &["xlsx", "png", "csv"]) {
            std::fs::write(d.path().join(sub).join(p.file_name().unwrap()), b).unwrap();
        }
    }
    d
}

fn spec_target(budget: Duration, max: u64) -> Report {
    set_today();
    let mut corpus: Vec<Vec<u8>> = files("decks", &["yaml"]).into_iter().map(|f| f.1).collect();
    corpus.extend(files("tests/bad", &["yaml"]).into_iter().map(|f| f.1));
    let dir = decks_copy();
    let kept = AtomicU64::new(0);
    let opts = deckgen::resolve::Options::default();
    let pool = yaml_pool(&corpus);
    fuzz(
        "spec",
        0x5EC0_0001,
        budget,
        max,
        |rng| {
            let seed = &corpus[rng.below(corpus.len())];
            if rng.chance(60)
                && let Ok(mut v) = serde_yaml::from_slice::<serde_yaml::Value>(seed)
            {
                mutate_yaml(rng, &mut v, &pool, 0);
                if let Ok(t) = serde_yaml::to_string(&v) {
                    return t.into_bytes();
                }
            }
            if rng.chance(50) {
                mutate_text(rng, seed, YAML_TOKENS, &corpus, 200_000)
            } else {
                mutate(rng, seed, YAML_TOKENS, &corpus, 200_000)
            }
        },
        |input, rng| {
            let text = String::from_utf8_lossy(input);
            deckgen::spec::load_str("fuzz.yaml", &text).map_err(|e| e.to_string())?;
            // Specs that load are built, a third of them (building is slow).
            if !rng.chance(33) {
                return Ok(());
            }
            let path = dir.path().join("fuzz.yaml");
            std::fs::write(&path, text.as_bytes()).unwrap();
            let p = deckgen::pipeline::prepare(&path, &opts, None).map_err(|e| e.to_string())?;
            let built = deckgen::pipeline::build(&p, &opts).map_err(|e| e.to_string())?;
            deck_reads_back(&built.bytes).unwrap_or_else(|e| panic!("the deck does not read back: {e}"));
            keep(&built.bytes, "spec", &kept);
            Ok(())
        },
    )
}

/// Every `{{ … }}`, `expr:` and `where:` of the shipped decks.
fn expressions() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for (_, b) in files("decks", &["yaml"]) {
        let t = String::from_utf8(b).unwrap();
        let mut rest = t.as_str();
        while let Some(i) = rest.find("{{") {
            let Some(j) = rest[i..].find("}}") else { break };
            out.push(rest.as_bytes()[i + 2..i + j].to_vec());
            rest = &rest[i + j + 2..];
        }
        for line in t.lines() {
            for key in ["expr: ", "where: "] {
                if let Some(k) = line.find(key) {
                    let v = line[k + key.len()..].split([',', '}']).next().unwrap_or("");
                    out.push(v.trim().trim_matches('"').as_bytes().to_vec());
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn expr_target(budget: Duration, max: u64) -> Report {
    set_today();
    let corpus = expressions();
    let spec = root().join("decks/monthly.yaml");
    let opts = deckgen::resolve::Options::default();
    let mut p = deckgen::pipeline::prepare(&spec, &opts, None).unwrap();
    let base_metrics = p.spec.metrics.clone();
    let p = std::cell::RefCell::new(&mut p);
    let kept = AtomicU64::new(0);
    // Spec values are made as YAML values, not text: any string fits.
    use serde_yaml::Value;
    let map = |pairs: Vec<(&str, Value)>| {
        Value::Mapping(pairs.into_iter().map(|(k, v)| (Value::String(k.into()), v)).collect())
    };
    let text = |s: String| Value::String(s);
    fuzz(
        "expression",
        0xE4B0_0002,
        budget,
        max,
        |rng| {
            let seed = &corpus[rng.below(corpus.len())];
            if rng.chance(40) {
                // One edit that keeps it an expression, most of the time.
                let mut e = String::from_utf8_lossy(seed).into_owned();
                let add = EXPR_EDITS[rng.below(EXPR_EDITS.len())];
                if rng.chance(50) {
                    e.push_str(add)
                } else {
                    e = format!("({e}){add}")
                }
                e.into_bytes()
            } else if rng.chance(85) {
                mutate_text(rng, seed, EXPR_TOKENS, &corpus, 20_000)
            } else {
                mutate(rng, seed, EXPR_TOKENS, &corpus, 20_000)
            }
        },
        |input, rng| {
            let e = String::from_utf8_lossy(input).replace(['\n', '\r'], " ");
            let parsed = deckgen::expr::parse_expr(&e);
            let _ = deckgen::expr::parse_template(&format!("前{{{{{e}}}}}后"));
            let mut guard = p.borrow_mut();
            let p = &mut **guard;
            // The expression in slide text, and (when it parses) as a
            // metric and as a metric's filter.
            let mut metrics = base_metrics.clone();
            let mut kpis = vec!["店铺销售额".to_string()];
            if parsed.is_ok() {
                let m: deckgen::spec::MetricSpec =
                    serde_yaml::from_value(map(vec![("expr", text(e.clone()))])).unwrap();
                metrics.insert("fz".into(), m);
                kpis.push("fz".into());
                if rng.chance(50) {
                    let w: deckgen::spec::MetricSpec = serde_yaml::from_value(map(vec![
                        ("sum", text("日数据.店铺销售额".into())),
                        ("where", text(e.clone())),
                    ]))
                    .unwrap();
                    metrics.insert("fw".into(), w);
                    kpis.push("fw".into());
                }
            }
            p.spec.metrics = metrics;
            let kpis: Vec<Value> = kpis.iter().map(|k| map(vec![("metric", text(k.clone()))])).collect();
            let slide = map(vec![
                ("layout", text("kpis".into())),
                ("title", text(format!("{{{{{e}}}}}"))),
                ("kpis", Value::Sequence(kpis)),
                ("text", Value::Sequence(vec![text(format!("{{{{ {e} }}}}"))])),
            ]);
            p.spec.slides = vec![serde_yaml::from_value(slide).unwrap()];
            let mut defs = deckgen::metric::define(&p.spec, &p.loc, &p.data);
            if defs.is_err() {
                // The metrics refused it: the text alone, then.
                p.spec.metrics = base_metrics.clone();
                let slide = map(vec![
                    ("layout", text("bullets".into())),
                    ("title", text("x".into())),
                    ("text", Value::Sequence(vec![text(format!("{{{{ {e} }}}}"))])),
                ]);
                p.spec.slides = vec![serde_yaml::from_value(slide).unwrap()];
                defs = deckgen::metric::define(&p.spec, &p.loc, &p.data);
            }
            let r = defs.and_then(|d| {
                p.defs = d;
                if rng.chance(50) {
                    let _ = deckgen::check::check(p, &opts);
                }
                deckgen::pipeline::build(p, &opts)
            });
            match r {
                Ok(b) => {
                    deck_reads_back(&b.bytes).unwrap_or_else(|e| panic!("the deck does not read back: {e}"));
                    keep(&b.bytes, "expr", &kept);
                    parsed.map(|_| ()).map_err(|e| e.to_string())
                }
                Err(e) => Err(e.to_string()),
            }
        },
    )
}

/// The .xlsx files to mutate: specimens, fixtures and the shipped data.
fn workbooks() -> Vec<Vec<(String, Vec<u8>)>> {
    let mut v: Vec<Vec<(String, Vec<u8>)>> = Vec::new();
    for dir in ["tests/specimens", "tests/fixtures", "decks/data"] {
        for (p, b) in files(dir, &["xlsx", "xlsm"]) {
            if p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("pass_protected")) {
                continue;
            }
            v.push(entries(&b));
        }
    }
    v
}

fn xlsx_target(budget: Duration, max: u64) -> Report {
    let books = workbooks();
    let flat: Vec<Vec<u8>> = books.iter().flat_map(|b| b.iter().map(|e| e.1.clone())).collect();
    fuzz(
        "xlsx",
        0x0C5E_0003,
        budget,
        max,
        |rng| {
            let book = &books[rng.below(books.len())];
            let mut parts: Vec<ZipEntry> = book.iter().map(|(n, d)| ZipEntry::stored(n, d.clone())).collect();
            if rng.chance(10) {
                // The package's own bytes mutated.
                let z = zip_of(&parts);
                return mutate(rng, &z, XML_TOKENS, &[], 4 << 20);
            }
            for _ in 0..1 + rng.below(2) {
                let xml: Vec<usize> = (0..parts.len())
                    .filter(|&i| parts[i].name.ends_with(".xml") || parts[i].name.ends_with(".rels"))
                    .collect();
                if xml.is_empty() {
                    break;
                }
                let i = xml[rng.below(xml.len())];
                // Large sheets are cut first, so a case stays quick.
                let mut d = std::mem::take(&mut parts[i].data);
                if d.len() > 64 * 1024 && rng.chance(70) {
                    let at = 1024 + rng.below(60 * 1024);
                    d.truncate(at);
                }
                parts[i].data = mutate(rng, &d, XML_TOKENS, &flat, 4 << 20);
            }
            zip_of(&parts)
        },
        |input, _| {
            let f = source::read_bytes(input.to_vec(), "fuzz.xlsx").map_err(|e| e.to_string())?;
            // The sheets read become tables as a spec would use them.
            for g in &f.sheets {
                let _ = deckgen::data::Table::from_grid(&g.name, g, "fuzz.xlsx", &Default::default());
            }
            Ok(())
        },
    )
}

fn csv_target(budget: Duration, max: u64) -> Report {
    let mut corpus: Vec<Vec<u8>> = files("tests/fixtures", &["csv"]).into_iter().map(|f| f.1).collect();
    corpus.extend(files("tests/bad", &["csv"]).into_iter().map(|f| f.1));
    corpus.push("日期,客服姓名,接待量\n2026-11-01,甲,10\n2026-11-02,乙,\"1,200\"\n合计,,1210\n".into());
    let (gbk, _, _) = encoding_rs::GBK.encode("月份,销售额\r\n2026年1月,1.2万\r\n");
    corpus.push(gbk.into_owned());
    let dated = deckgen::data::TableOptions { date: Some("月份".into()), ..Default::default() };
    fuzz(
        "csv",
        0xC5F0_0004,
        budget,
        max,
        |rng| {
            let seed = &corpus[rng.below(corpus.len())];
            if rng.chance(70) {
                mutate_text(rng, seed, CSV_TOKENS, &corpus, 1 << 20)
            } else {
                mutate(rng, seed, CSV_TOKENS, &corpus, 1 << 20)
            }
        },
        |input, rng| {
            let f = source::read_csv_bytes(input, "fuzz.csv").map_err(|e| e.to_string())?;
            for g in &f.sheets {
                let o = if rng.chance(50) { dated.clone() } else { Default::default() };
                let t = deckgen::data::Table::from_grid("t", g, "fuzz.csv", &o).map_err(|e| e.to_string())?;
                for r in &t.rows {
                    for c in 0..t.columns.len() {
                        let _ = t.num(r, c);
                    }
                }
            }
            Ok(())
        },
    )
}

/// Small pictures of every format deckgen reads, made here.
fn pictures() -> Vec<Vec<u8>> {
    let mut v: Vec<Vec<u8>> = files("decks/assets", &["png"]).into_iter().map(|f| f.1).collect();
    let img = image::RgbImage::from_fn(24, 16, |x, y| image::Rgb([(x * 10) as u8, (y * 15) as u8, 128]));
    let dynimg = image::DynamicImage::ImageRgb8(img);
    for f in [
        image::ImageFormat::Png,
        image::ImageFormat::Jpeg,
        image::ImageFormat::Gif,
        image::ImageFormat::Bmp,
        image::ImageFormat::WebP,
    ] {
        let mut out = std::io::Cursor::new(Vec::new());
        dynimg.write_to(&mut out, f).unwrap();
        v.push(out.into_inner());
    }
    v.push(png_claiming(3000, 3000));
    v
}

fn picture_target(budget: Duration, max: u64) -> Report {
    let corpus = pictures();
    const TOKENS: &[&str] = &[
        "IHDR",
        "IDAT",
        "IEND",
        "PLTE",
        "tRNS",
        "eXIf",
        "\u{ff}\u{d8}",
        "\u{ff}\u{e1}",
        "Exif\0\0",
        "GIF89a",
        "BM",
        "RIFF",
        "WEBPVP8L",
    ];
    fuzz(
        "picture",
        0x9C70_0005,
        budget,
        max,
        |rng| {
            let seed = &corpus[rng.below(corpus.len())];
            mutate(rng, seed, TOKENS, &corpus, 4 << 20)
        },
        |input, _| {
            let p = deckgen::resolve::picture::from_bytes(input.to_vec(), "fuzz").map_err(|e| e.to_string())?;
            assert!(p.width > 0 && p.height > 0 && p.width.max(p.height) <= deckgen::resolve::picture::MAX_SIDE);
            assert!(!p.data.is_empty());
            Ok(())
        },
    )
}
