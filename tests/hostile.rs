//! Hostile and careless inputs (issue #13), one test per row of the table:
//! each makes its own inputs in a temporary folder (nothing large is kept
//! in the repository), runs the real binary, and checks the exit code, the
//! message, what was written or left alone, that the run ended within 10 s
//! and, where /usr/bin/time is installed, under 600 MB of memory.
//!
//! `DECKGEN_HOSTILE_TABLE=FILE cargo test --test hostile` appends one line
//! per row to FILE (name, exit code, first line of the message, seconds,
//! peak MB): the table of the closing note.

mod common;
#[path = "hostile/decks_and_messages.rs"]
mod decks_and_messages;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run did.
struct Ran {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
    secs: f64,
    peak_mb: Option<f64>,
}

/// Runs deckgen in `dir`, under /usr/bin/time when it is there.
fn run(dir: &Path, args: &[&str]) -> Ran {
    let timed = Path::new("/usr/bin/time").exists();
    let report = tempfile::NamedTempFile::new().unwrap();
    let mut cmd = if timed {
        let mut c = Command::new("/usr/bin/time");
        c.args(["-f", "%M", "-o"]).arg(report.path()).arg(env!("CARGO_BIN_EXE_deckgen"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_deckgen"))
    };
    let t = std::time::Instant::now();
    let o = cmd
        .args(args)
        .current_dir(dir)
        .env("DECKGEN_TODAY", "2026-11-23")
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let secs = t.elapsed().as_secs_f64();
    let peak_mb = std::fs::read_to_string(report.path())
        .ok()
        .and_then(|s| s.lines().last().and_then(|l| l.trim().parse::<f64>().ok()))
        .map(|kb| kb / 1024.0);
    Ran {
        code: o.status.code(),
        stdout: o.stdout,
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        secs,
        peak_mb,
    }
}

/// Checks a run: exit code, message fragments, no panic, time and memory;
/// records the row.
fn expect(row: &str, r: &Ran, code: i32, wants: &[&str]) {
    assert_eq!(r.code, Some(code), "{row}: exit code\n{}", r.stderr);
    for w in wants {
        assert!(r.stderr.contains(w), "{row}: wanted {w:?} in\n{}", r.stderr);
    }
    assert!(!r.stderr.contains("panicked") && !r.stderr.contains("RUST_BACKTRACE"), "{row}: {}", r.stderr);
    // 10 s is the limit for the product (a release build: `cargo test
    // --release --test hostile`); an unoptimised build takes up to 6× longer.
    let limit = if cfg!(debug_assertions) { 60.0 } else { 10.0 };
    assert!(r.secs < limit, "{row}: {:.1} s", r.secs);
    if let Some(mb) = r.peak_mb {
        assert!(mb < 600.0, "{row}: {mb:.0} MB");
    }
    if let Ok(file) = std::env::var("DECKGEN_HOSTILE_TABLE") {
        use std::io::Write;
        let first = r.stderr.lines().find(|l| l.starts_with("error") || l.starts_with("warning")).unwrap_or("");
        let first = first.replace('|', "\\|");
        let line = format!(
            "| {row} | {} | {} | {:.2} | {} |\n",
            code,
            first,
            r.secs,
            r.peak_mb.map_or("—".into(), |m| format!("{m:.0}"))
        );
        let mut f = std::fs::OpenOptions::new().create(true).append(true).open(file).unwrap();
        f.write_all(line.as_bytes()).unwrap();
    }
}

const SLIDE: &str = "slides:\n  - layout: bullets\n    title: x\n    text: [一]\n";

/// Writes `t.yaml` with `body` between the deck and the slides.
fn spec(dir: &Path, body: &str) -> PathBuf {
    let p = dir.join("t.yaml");
    std::fs::write(&p, format!("deck:\n  title: 测试\n{body}{SLIDE}")).unwrap();
    p
}

/// A spec whose one source is `file`.
fn source_spec(dir: &Path, file: &str) -> PathBuf {
    spec(dir, &format!("sources:\n  s: \"{file}\"\n"))
}

fn build(dir: &Path, extra: &[&str]) -> Ran {
    let mut args = vec!["build", "t.yaml"];
    args.extend_from_slice(extra);
    run(dir, &args)
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(root().join("tests/fixtures").join(name)).unwrap()
}

#[cfg(unix)]
fn mkfifo(p: &Path) {
    let c = std::ffi::CString::new(p.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
}

/// No file in `dir` (or below) but `keep`, and no hidden `.deckgen-…` file.
fn only(dir: &Path, keep: &[&str]) {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    let mut want: Vec<String> = keep.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(names, want);
}

// ---------------------------------------------------------------- outputs

#[test]
fn r01_output_is_the_spec() {
    let d = tmp();
    let s = spec(d.path(), "");
    let before = std::fs::read(&s).unwrap();
    let r = build(d.path(), &["-o", "t.yaml"]);
    expect("r01 -o the spec itself", &r, 2, &["`t.yaml` is the deck spec of this build", "hint: give the deck a name"]);
    assert_eq!(std::fs::read(&s).unwrap(), before);
}

#[test]
fn r02_output_is_a_source_workbook() {
    let d = tmp();
    std::fs::write(d.path().join("kpi.xlsx"), fixture("kpi.xlsx")).unwrap();
    source_spec(d.path(), "kpi.xlsx");
    let r = build(d.path(), &["-o", "kpi.xlsx"]);
    expect("r02 -o the deck's own source workbook", &r, 2, &["`kpi.xlsx` is a data source of this build"]);
    assert_eq!(std::fs::read(d.path().join("kpi.xlsx")).unwrap(), fixture("kpi.xlsx"));
}

#[cfg(unix)]
#[test]
fn r03_output_is_a_hard_link_to_the_spec() {
    let d = tmp();
    spec(d.path(), "");
    std::fs::hard_link(d.path().join("t.yaml"), d.path().join("deck.pptx")).unwrap();
    let r = build(d.path(), &["-o", "deck.pptx"]);
    expect("r03 -o a hard link to the spec, named .pptx", &r, 2, &["is the deck spec of this build"]);
    assert!(std::fs::read_to_string(d.path().join("t.yaml")).unwrap().starts_with("deck:"));
}

#[cfg(unix)]
#[test]
fn r04_output_is_a_symlink_to_the_source() {
    let d = tmp();
    std::fs::write(d.path().join("kpi.xlsx"), fixture("kpi.xlsx")).unwrap();
    source_spec(d.path(), "kpi.xlsx");
    std::os::unix::fs::symlink("kpi.xlsx", d.path().join("out.pptx")).unwrap();
    let r = build(d.path(), &["-o", "out.pptx"]);
    expect("r04 -o a symlink to the source", &r, 2, &["is a data source of this build"]);
    assert_eq!(std::fs::read(d.path().join("kpi.xlsx")).unwrap(), fixture("kpi.xlsx"));
}

#[cfg(unix)]
#[test]
fn r05_output_is_a_picture_of_the_deck() {
    let d = tmp();
    let team = std::fs::read(root().join("decks/assets/team.png")).unwrap();
    std::fs::write(d.path().join("team.png"), &team).unwrap();
    std::fs::write(
        d.path().join("t.yaml"),
        "deck:\n  title: 图\nslides:\n  - layout: picture\n    title: 团队\n    image: team.png\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("team.png", d.path().join("pic.pptx")).unwrap();
    let r = build(d.path(), &["-o", "pic.pptx"]);
    expect("r05 -o a symlink to a picture of the deck", &r, 2, &["`pic.pptx` is a picture of this build"]);
    assert_eq!(std::fs::read(d.path().join("team.png")).unwrap(), team);
}

#[cfg(unix)]
#[test]
fn r06_output_is_a_symlink_to_dev_null() {
    // Never -o /dev/null itself: a failure would replace the machine's
    // /dev/null. A link to it shows the same refusal; a failure would
    // only replace the link. (src/output.rs checks /dev/null by name.)
    let d = tmp();
    spec(d.path(), "");
    std::os::unix::fs::symlink("/dev/null", d.path().join("null.pptx")).unwrap();
    let r = build(d.path(), &["-o", "null.pptx"]);
    expect("r06 -o a link to /dev/null", &r, 2, &["`null.pptx` is a device, not a file"]);
    assert!(std::fs::symlink_metadata(d.path().join("null.pptx")).unwrap().file_type().is_symlink());
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
}

#[cfg(unix)]
#[test]
fn r07_output_is_a_fifo() {
    let d = tmp();
    spec(d.path(), "");
    mkfifo(&d.path().join("pipe.pptx"));
    let r = build(d.path(), &["-o", "pipe.pptx"]);
    expect("r07 -o a FIFO", &r, 2, &["is a named pipe (FIFO), not a file"]);
}

#[test]
fn r08_output_is_an_existing_file_that_is_not_a_deck() {
    let d = tmp();
    spec(d.path(), "");
    std::fs::write(d.path().join("notes.docx"), "mine").unwrap();
    let r = build(d.path(), &["-o", "notes.docx"]);
    expect("r08 -o an existing file that is not a deck", &r, 2, &["exists and is not a deck (.pptx)"]);
    assert_eq!(std::fs::read(d.path().join("notes.docx")).unwrap(), b"mine");
}

#[cfg(unix)]
#[test]
fn r09_a_read_only_deck_is_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let d = tmp();
    spec(d.path(), "");
    let deck = d.path().join("old.pptx");
    std::fs::write(&deck, "old deck").unwrap();
    std::fs::set_permissions(&deck, std::fs::Permissions::from_mode(0o444)).unwrap();
    let r = build(d.path(), &["-o", "old.pptx"]);
    expect("r09 an existing read-only (444) deck", &r, 1, &["`old.pptx` is read-only", "chmod u+w"]);
    assert_eq!(std::fs::read(&deck).unwrap(), b"old deck");
    assert_eq!(std::fs::metadata(&deck).unwrap().permissions().mode() & 0o777, 0o444);
}

#[test]
fn r10_output_to_standard_output() {
    let d = tmp();
    spec(d.path(), "");
    let r = build(d.path(), &["-o", "-"]);
    expect("r10 -o - (standard output)", &r, 0, &["wrote the deck to standard output (1 slide"]);
    let p = Package::from_bytes(&r.stdout);
    assert_eq!(p.slides().len(), 1);
    only(d.path(), &["t.yaml"]);
}

#[test]
fn r11_standard_output_for_a_batch_is_refused() {
    let r = run(&root(), &["build", "decks/review.yaml", "--each", "-o", "-"]);
    expect("r11 -o - with --each", &r, 2, &["`-o -` writes one deck to standard output; a batch writes many"]);
}

#[test]
fn r12_sample_data_keeps_existing_workbooks() {
    let d = tmp();
    let data = d.path().join("decks/data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("weekly.xlsx"), "my figures").unwrap();
    let r = run(d.path(), &["sample-data"]);
    expect("r12 sample-data over existing decks/data/", &r, 2, &["weekly.xlsx already exists", "--force"]);
    assert_eq!(std::fs::read(data.join("weekly.xlsx")).unwrap(), b"my figures");
    assert!(!data.join("annual.xlsx").exists());
    let r = run(d.path(), &["sample-data", "--force"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(std::fs::read(data.join("weekly.xlsx")).unwrap().starts_with(b"PK"));
}

#[test]
fn r13_unknown_name_in_the_output_template() {
    let d = tmp();
    std::fs::write(d.path().join("t.yaml"), format!("deck:\n  title: x\n  output: \"{{{{nope}}}}.pptx\"\n{SLIDE}"))
        .unwrap();
    let r = run(d.path(), &["build", "t.yaml"]);
    expect("r13 output: \"{{nope}}.pptx\"", &r, 2, &["unknown name `nope` in the file name", "(t.yaml:3:11)"]);
    only(d.path(), &["t.yaml"]);
}

/// A batch spec over a CSV of agents.
fn batch_dir(agents: &[&str], output: &str) -> tempfile::TempDir {
    let d = tmp();
    let mut csv = String::from("月份,客服姓名,销售额\n");
    for (i, a) in agents.iter().enumerate() {
        csv.push_str(&format!("2026-01-01,{a},{i}\n"));
    }
    std::fs::write(d.path().join("t.csv"), csv).unwrap();
    std::fs::write(
        d.path().join("t.yaml"),
        format!(
            "deck:\n  title: \"{{{{agent}}}}\"\nperiod: 2026\nsources:\n  t: t.csv\nbatch:\n  each: t.客服姓名\n  as: agent\n  output: \"{output}\"\nslides:\n  - layout: section\n    title: \"{{{{agent}}}}\"\n"
        ),
    )
    .unwrap();
    d
}

#[test]
fn r14_agents_named_dot_and_dot_dot() {
    let d = batch_dir(&[".", ".."], "{{agent}}-{{year}}年终述职.pptx");
    let r = run(d.path(), &["build", "t.yaml", "--each", "-o", "out/"]);
    expect("r14 agents named `.` and `..`", &r, 0, &[]);
    only(&d.path().join("out"), &["_-2026年终述职.pptx", "__-2026年终述职.pptx"]);
}

#[test]
fn r15_a_300_character_name_keeps_its_suffix() {
    let long = "张".repeat(300);
    let d = batch_dir(&[&long], "{{agent}}-{{year}}年终述职.pptx");
    let r = run(d.path(), &["build", "t.yaml", "--each", "-o", "out/"]);
    expect("r15 a 300-character agent name", &r, 0, &[]);
    let names: Vec<String> = std::fs::read_dir(d.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1);
    assert!(names[0].ends_with("…-2026年终述职.pptx") && names[0].len() <= 200, "{names:?}");
}

#[test]
fn r16_names_that_collide_by_letter_case() {
    let d = batch_dir(&["Amy", "amy"], "{{agent}}-{{year}}年终述职.pptx");
    let r = run(d.path(), &["build", "t.yaml", "--each", "-o", "out/"]);
    expect(
        "r16 batch names differing in letter case",
        &r,
        2,
        &["`Amy` and `amy` would both be written to", "differ only in letter case"],
    );
    assert!(!r.stderr.contains("put {{agent}}"));
    assert!(!d.path().join("out").exists());
}

#[test]
fn r17_a_template_without_the_variable() {
    let d = batch_dir(&["甲", "乙"], "固定名.pptx");
    let r = run(d.path(), &["build", "t.yaml", "--each", "-o", "out/"]);
    expect(
        "r17 batch template without {{agent}}",
        &r,
        2,
        &["would both be written to", "put {{agent}} in the file name"],
    );
}

#[test]
fn r18_ten_thousand_jobs() {
    let d = tmp();
    let out = d.path().join("all");
    let r = run(&root(), &["build", "decks/review.yaml", "--each", "-j", "10000", "-q", "-o", out.to_str().unwrap()]);
    // 62 agents with figures in 2026, 4 of whom left: 58 decks.
    expect("r18 -j 10000 on the 58-deck batch", &r, 0, &[]);
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 58);
}

// -------------------------------------------------------------- resources

fn picture_spec(dir: &Path, file: &str) {
    std::fs::write(
        dir.join("t.yaml"),
        format!("deck:\n  title: 图\nslides:\n  - layout: picture\n    title: 团队\n    image: {file}\n"),
    )
    .unwrap();
}

#[test]
fn r19_a_20000_by_20000_png() {
    let d = tmp();
    std::fs::write(d.path().join("big.png"), png_claiming(20_000, 20_000)).unwrap();
    picture_spec(d.path(), "big.png");
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect(
        "r19 a 20000×20000 PNG",
        &r,
        1,
        &["`big.png` is 20000 × 20000 pixels (400 megapixels), too large for deckgen (at most 64)", "(t.yaml:6:12)"],
    );
    assert!(!d.path().join("o.pptx").exists());
}

#[test]
fn r20_a_png_claiming_two_to_the_31_pixels_a_side() {
    let d = tmp();
    std::fs::write(d.path().join("huge.png"), png_claiming(0x7FFF_FFFF, 0x7FFF_FFFF)).unwrap();
    picture_spec(d.path(), "huge.png");
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect(
        "r20 a PNG header claiming 2^31 × 2^31",
        &r,
        1,
        &["`huge.png` is", "too large for deckgen", "hint: scale it down"],
    );
}

/// A workbook whose sheet part inflates to `258 n + 1` bytes, declaring `declared`.
fn bomb_xlsx(n: usize, declared: u64) -> Vec<u8> {
    let sheet = ZipEntry { name: "s".into(), data: deflate_bomb(n), deflated: true, declared: Some(declared), crc: 0 };
    zip_of(&xlsx_parts(sheet, None))
}

#[test]
fn r21_a_sheet_that_says_it_unpacks_to_a_gigabyte() {
    let d = tmp();
    // 4.2 million back-references: 1.1 GB of XML in a 6.8 MB file.
    std::fs::write(d.path().join("bomb.xlsx"), bomb_xlsx(4_200_000, 4_200_000 * 258 + 1)).unwrap();
    source_spec(d.path(), "bomb.xlsx");
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect(
        "r21 an .xlsx whose sheet unpacks to 1 GiB",
        &r,
        1,
        &[
            "the part `xl/worksheets/sheet1.xml` of the workbook unpacks to more than 1033 MB (deckgen reads parts up to 128 MB)",
        ],
    );
}

#[test]
fn r22_a_sheet_that_lies_about_its_size() {
    let d = tmp();
    // Declares 1 KB, inflates to 150 MB: unpacking stops at the size declared.
    std::fs::write(d.path().join("bomb.xlsx"), bomb_xlsx(600_000, 1000)).unwrap();
    source_spec(d.path(), "bomb.xlsx");
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect(
        "r22 an .xlsx part that lies about its size",
        &r,
        1,
        &["the part `xl/worksheets/sheet1.xml` of the workbook cannot be unpacked", "damaged or incomplete"],
    );
}

#[cfg(unix)]
#[test]
fn r23_a_source_that_is_a_fifo() {
    let d = tmp();
    mkfifo(&d.path().join("data.xlsx"));
    source_spec(d.path(), "data.xlsx");
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect(
        "r23 a source that is a FIFO",
        &r,
        1,
        &["the data file `data.xlsx` is a named pipe (FIFO), not a file", "(t.yaml:4:6)"],
    );
}

#[cfg(unix)]
#[test]
fn r24_a_csv_that_is_a_symlink_to_dev_zero() {
    let d = tmp();
    std::os::unix::fs::symlink("/dev/zero", d.path().join("zero.csv")).unwrap();
    source_spec(d.path(), "zero.csv");
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect("r24 a .csv source linked to /dev/zero", &r, 1, &["`zero.csv` is a device, not a file"]);
}

#[cfg(unix)]
#[test]
fn r25_the_spec_is_dev_zero() {
    let d = tmp();
    let r = run(d.path(), &["build", "/dev/zero", "-o", "o.pptx"]);
    expect("r25 the spec is /dev/zero", &r, 2, &["the deck spec is a device, not a file (/dev/zero)"]);
}

#[cfg(unix)]
#[test]
fn r26_the_spec_is_a_fifo() {
    let d = tmp();
    mkfifo(&d.path().join("s.yaml"));
    let r = run(d.path(), &["build", "s.yaml", "-o", "o.pptx"]);
    expect("r26 the spec is a FIFO", &r, 2, &["the deck spec is a named pipe (FIFO), not a file"]);
}

#[cfg(unix)]
#[test]
fn r27_a_picture_that_is_a_fifo() {
    let d = tmp();
    mkfifo(&d.path().join("p.png"));
    picture_spec(d.path(), "p.png");
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect("r27 a picture that is a FIFO", &r, 1, &["the image `p.png` is a named pipe (FIFO), not a file"]);
}

#[cfg(unix)]
#[test]
fn r28_a_layout_that_is_a_fifo() {
    let d = tmp();
    std::fs::create_dir(d.path().join("lay")).unwrap();
    mkfifo(&d.path().join("lay/bullets.xml"));
    spec(d.path(), "");
    let r = build(d.path(), &["--layouts", "lay", "-o", "o.pptx"]);
    expect("r28 a layout file that is a FIFO", &r, 1, &["the layout is a named pipe (FIFO), not a file"]);
}

#[test]
fn r29_a_cell_four_billion_rows_down() {
    let d = tmp();
    std::fs::write(
        d.path().join("x.xlsx"),
        xlsx_with_rows(r#"<row r="1"><c r="A4000000000"><v>1</v></c></row>"#, None),
    )
    .unwrap();
    source_spec(d.path(), "x.xlsx");
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect(
        "r29 a cell r=\"A4000000000\"",
        &r,
        1,
        &["row 4000000000 column 1 is outside Excel's sheet", "x.xlsx › 数据"],
    );
}

#[test]
fn r30_more_cells_than_deckgen_reads() {
    let d = tmp();
    // 500 rows with a cell in the last column: 8.2 million cells of grid.
    let rows: String = (1..=500).map(|r| format!(r#"<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>"#)).collect();
    std::fs::write(d.path().join("x.xlsx"), xlsx_with_rows(&rows, None)).unwrap();
    source_spec(d.path(), "x.xlsx");
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect("r30 a sheet of 8.2 million cells (XFD in 500 rows)", &r, 1, &["more than 8 million cells"]);
}

#[test]
fn r31_too_many_merged_ranges() {
    let d = tmp();
    let merges: String = (1..=100_001).map(|r| format!(r#"<mergeCell ref="A{r}:B{r}"/>"#)).collect();
    let body =
        format!(r#"<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><mergeCells>{merges}</mergeCells>"#);
    std::fs::write(d.path().join("x.xlsx"), xlsx_with_body(&body, None)).unwrap();
    source_spec(d.path(), "x.xlsx");
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect("r31 100,001 merged ranges", &r, 1, &["more than 100000 merged ranges"]);
}

#[test]
fn r32_a_shared_string_that_does_not_exist() {
    let d = tmp();
    let ss = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>月份</t></si></sst>"#;
    std::fs::write(
        d.path().join("x.xlsx"),
        xlsx_with_rows(r#"<row r="3"><c r="B3" t="s"><v>57</v></c></row>"#, Some(ss)),
    )
    .unwrap();
    source_spec(d.path(), "x.xlsx");
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect(
        "r32 a shared-string index out of range",
        &r,
        1,
        &["refers to shared string 57, but the workbook has 1 shared strings", "(x.xlsx › 数据!B3)"],
    );
}

#[test]
fn r33_a_source_over_100_mb() {
    let d = tmp();
    // A sparse file: 101 MB long, no disk used.
    let f = std::fs::File::create(d.path().join("big.csv")).unwrap();
    f.set_len(101 << 20).unwrap();
    source_spec(d.path(), "big.csv");
    let r = build(d.path(), &["-o", "o.pptx"]);
    expect("r33 a 101 MB source", &r, 1, &["`big.csv` is larger than 100 MB"]);
}
