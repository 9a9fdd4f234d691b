//! The `deckgen` command line.

use clap::{Parser, Subcommand};
use deckgen::error::{Error, Result};
use deckgen::pipeline;
use deckgen::resolve::{self, Options};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// Building a deck allocates many small strings; mimalloc spends a fraction
// of glibc malloc's time on them, most of all with several decks at once.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "deckgen",
    version,
    about = "Customer-service report decks: a YAML spec and a workbook in, a PowerPoint deck out"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(clap::Args, Clone)]
struct Common {
    /// Set a variable: `--set agent=客服07` (repeatable).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    set: Vec<String>,
    /// Reporting period: 2026, 2026-Q3, 2026-11, 2026-W47, last-week, this-month, latest-month…
    #[arg(long)]
    period: Option<String>,
    /// A folder of extra or overriding layouts.
    #[arg(long, value_name = "DIR")]
    layouts: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Build a deck (writes SPEC with .pptx, or -o PATH).
    Build {
        spec: PathBuf,
        /// Output file, or folder (ending in `/`) for batches.
        #[arg(short, long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
        /// One deck per value of a column: `--each` (the spec's `batch:`) or `--each 表[列]`.
        #[arg(long, num_args = 0..=1, default_missing_value = "", value_name = "TABLE[COLUMN]")]
        each: Option<String>,
        /// With --each: only these values.
        #[arg(long, num_args = 1.., value_name = "VALUE")]
        only: Vec<String>,
        /// With --each: parallel jobs (default: all cores).
        #[arg(short, long)]
        jobs: Option<usize>,
        /// Print nothing but errors.
        #[arg(short, long)]
        quiet: bool,
        /// Also write the deck as one long picture for a chat group: `<deck>.png` beside the deck.
        #[arg(long)]
        png: bool,
        /// Also write one PNG per chart of the deck into DIR.
        #[arg(long, value_name = "DIR")]
        png_charts: Option<PathBuf>,
    },
    /// Check a spec and its data; writes nothing. Reports every problem.
    Check {
        spec: PathBuf,
        #[command(flatten)]
        common: Common,
    },
    /// List the layouts and the slots each one has.
    Layouts {
        /// A folder of extra or overriding layouts.
        #[arg(long, value_name = "DIR")]
        layouts: Option<PathBuf>,
    },
    /// Print the JSON Schema of deck specs (for editor autocompletion).
    Schema,
    /// Write the sample data of the shipped decks (workbooks and pictures).
    #[command(name = "sample-data")]
    SampleData {
        /// Folder to write into (default: decks/data).
        dir: Option<PathBuf>,
        /// Number of agents (the shipped data has 48; benchmarks use 1000).
        #[arg(long)]
        agents: Option<usize>,
        /// Which sample shop: 1 (the shipped data) or 2 (a smaller shop with a weak
        /// year, agents joining and leaving, data ending in mid-August).
        #[arg(long, default_value_t = 1)]
        shop: u32,
        /// Overwrite existing files.
        #[arg(long)]
        force: bool,
    },
    /// Write a deck spec and a blank data workbook to fill in.
    Init {
        /// annual, review, monthly or weekly.
        kind: String,
        /// Folder to write into (default: current folder).
        dir: Option<PathBuf>,
        /// Overwrite existing files.
        #[arg(long)]
        force: bool,
    },
}

fn options(c: &Common) -> Result<Options> {
    let mut vars = Vec::new();
    for s in &c.set {
        let (k, v) = s.split_once('=').ok_or_else(|| {
            Error::usage(format!("`--set {s}` needs NAME=VALUE")).hint("for example: --set agent=客服07")
        })?;
        if k.trim().is_empty() {
            return Err(Error::usage(format!("`--set {s}` has no name before `=`")));
        }
        vars.push((k.trim().to_string(), v.to_string()));
    }
    Ok(Options { vars, period: c.period.clone() })
}

fn warn(w: &[deckgen::warning::Warning]) {
    for w in w {
        eprintln!("{}: {w}", w.severity.label());
    }
}

/// The pictures `build` writes besides the deck.
struct Pictures<'a> {
    png: bool,
    charts: Option<&'a Path>,
}

fn build_one(spec: &Path, out: Option<&Path>, common: &Common, quiet: bool, pictures: Pictures) -> Result<()> {
    // DECKGEN_TIMING=1 prints where the time goes (for profiling).
    let t0 = std::time::Instant::now();
    let lap = |what: &str| deckgen::timing::lap(0, what, t0);
    let opts = options(common)?;
    let p = pipeline::prepare(spec, &opts, common.layouts.as_deref())?;
    lap("spec, data and layouts read");
    // Said once the deck is built (a deck that fails says only why).
    let period_warnings = resolve::period_warnings(&p.spec, &p.loc, &p.data, &opts);
    let departures = deckgen::batch::departure_warnings(&p, &opts);
    let stdout = deckgen::output::is_stdout(out);
    let path = if stdout { None } else { Some(pipeline::output_path(&p, &opts, out, None)?) };
    if stdout && (pictures.png || pictures.charts.is_some()) {
        return Err(Error::usage(
            "`-o -` writes the deck to standard output: there is no folder to put its pictures in",
        )
        .hint("give the deck a file name with -o, or leave out --png / --png-charts"));
    }
    if let Some(path) = &path {
        if pictures.png && path.extension().is_some_and(|e| e.eq_ignore_ascii_case("png")) {
            return Err(Error::usage(format!("the deck would be named {}, the name of its picture", path.display()))
                .hint("name the deck .pptx with -o; the picture takes the same name with .png"));
        }
        // Early, so a wrong -o costs no build; again before writing, with the pictures.
        deckgen::output::check(path, &p.inputs)?;
        if pictures.png {
            deckgen::output::check_picture(&path.with_extension("png"), &p.inputs)?;
        }
    }
    let built = pipeline::build(&p, &opts)?;
    lap("deck built");
    warn(&period_warnings);
    warn(&departures);
    warn(&built.warnings);
    let size = format!("{}, {} KB", pipeline::slide_count(built.slides), built.bytes.len().div_ceil(1024));
    match &path {
        None => {
            deckgen::output::to_stdout(&built.bytes)?;
            if !quiet {
                eprintln!("wrote the deck to standard output ({size})");
            }
        }
        Some(path) => {
            deckgen::output::check(path, &pipeline::inputs_of(&p, &built.deck))?;
            pipeline::write_atomic(path, &built.bytes)?;
            lap("written");
            if !quiet {
                println!("wrote {} ({size})", path.display());
            }
        }
    }
    let Some(path) = path else { return Ok(()) };
    let inputs = pipeline::inputs_of(&p, &built.deck);
    if pictures.png {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let png = deckgen::raster::summary_of(&p.spec, &p.layouts, &built.deck, &name)?;
        let png_path = path.with_extension("png");
        deckgen::output::check_picture(&png_path, &inputs)?;
        pipeline::write_atomic(&png_path, &png)?;
        lap("chat picture");
        if !quiet {
            println!("wrote {} ({} KB)", png_path.display(), png.len().div_ceil(1024));
        }
    }
    if let Some(dir) = pictures.charts {
        let charts = deckgen::raster::charts_of(&p.layouts, &built.deck)?;
        for (name, png) in &charts {
            deckgen::output::check_picture(&dir.join(name), &inputs)?;
            pipeline::write_atomic(&dir.join(name), png)?;
        }
        lap("chart pictures");
        if !quiet {
            println!("wrote {} chart pictures to {}", charts.len(), dir.display());
        }
    }
    Ok(())
}

fn check(spec: &Path, common: &Common) -> Result<()> {
    let opts = options(common)?;
    let p = pipeline::prepare(spec, &opts, common.layouts.as_deref())?;
    let r = deckgen::check::check(&p, &opts);
    let period = r.period.map(|p| p.label()).unwrap_or_default();
    for m in &r.missing {
        println!("missing: {m}");
    }
    warn(&r.warnings);
    if let Some(e) = Error::many(r.errors) {
        return Err(e);
    }
    let gaps =
        if r.missing.is_empty() { String::new() } else { format!("; {} gaps will show as —", r.missing.len()) };
    println!("ok: {} — {}, period {period}{gaps}", spec.display(), pipeline::slide_count(r.slides));
    Ok(())
}

fn layouts(dir: Option<&Path>) -> Result<()> {
    let set = deckgen::layout::LayoutSet::with_dir(dir)?;
    println!("themes: {}", set.themes.keys().cloned().collect::<Vec<_>>().join(", "));
    for t in set.templates.values() {
        println!("\n{}", t.name);
        if !t.about.is_empty() {
            println!("  {}", t.about);
        }
        println!("  text slots: {}", if t.text_slots.is_empty() { "—".into() } else { t.text_slots.join(", ") });
        for (name, kind) in &t.shape_slots {
            let extra = match t.item_tokens.get(name) {
                Some(toks) => format!(" (each item: {})", toks.join(", ")),
                None => String::new(),
            };
            println!("  {name}: {kind:?}{extra}");
        }
    }
    Ok(())
}

fn run(cli: Cli) -> Result<()> {
    match cli.cmd {
        Cmd::Build { spec, out, common, each, only, jobs, quiet, png, png_charts } => match each {
            Some(_) if png || png_charts.is_some() => {
                Err(Error::usage("`--png` and `--png-charts` make pictures of one deck")
                    .hint("build one agent's deck with `--set NAME=VALUE --png`"))
            }
            Some(each) => deckgen::batch::run(
                &spec,
                out.as_deref(),
                &options(&common)?,
                common.layouts.as_deref(),
                &each,
                &only,
                jobs,
                quiet,
            ),
            None => {
                if !only.is_empty() {
                    return Err(Error::usage("`--only` picks values of `--each`").hint("add --each"));
                }
                if deckgen::output::is_stdout(out.as_deref()) {
                    deckgen::output::check_stdout()?;
                }
                build_one(&spec, out.as_deref(), &common, quiet, Pictures { png, charts: png_charts.as_deref() })
            }
        },
        Cmd::Check { spec, common } => check(&spec, &common),
        Cmd::Layouts { layouts: dir } => layouts(dir.as_deref()),
        Cmd::Schema => {
            println!("{}", deckgen::spec::schema_json());
            Ok(())
        }
        Cmd::SampleData { dir, agents, shop, force } => {
            let dir = dir.unwrap_or_else(|| PathBuf::from("decks/data"));
            deckgen::sample::write(&dir, agents, shop, force)?;
            println!("wrote the sample data to {}", dir.display());
            Ok(())
        }
        Cmd::Init { kind, dir, force } => deckgen::init::run(&kind, dir.as_deref().unwrap_or(Path::new(".")), force),
    }
}

fn main() -> ExitCode {
    // First of all: an interrupt at any moment ends with cleanup and 130.
    deckgen::interrupt::install();
    let cli = Cli::parse();
    let code = match run(cli) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("{e}");
            e.exit_code() as u8
        }
    };
    deckgen::interrupt::exit(code)
}
