//! The `wirebench` command line, as a library function: parse arguments,
//! call the library, print.
//!
//! [`main_with`] takes the [`Registry`] every command looks extractors up in,
//! so that a user's crate ships its own binary with the whole command line
//! and its own extractors registered:
//!
//! ```no_run
//! use wirebench::extract::Registry;
//!
//! fn main() -> std::process::ExitCode {
//!     let registry = Registry::default(); // then `registry.register(MyExtractor)`
//!     wirebench::cli::main_with(registry)
//! }
//! ```
//!
//! Exit codes: 0 success; 1 `validate` found problems, or a gate of
//! `compare` failed; 2 bad input or usage; 3 the run finished but some
//! documents failed.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::agree::agree;
use crate::compare::{check_comparable, pair, CompareConfig, CompareError, ErrorDiff, Gate, Plan};
use crate::corpus::{Dataset, Source};
use crate::extract::Registry;
use crate::golden::anchor::anchor_file;
use crate::guard::{write_atomic, Inputs};
use crate::html::{Entry, Page};
use crate::prediction::ItemChecks;
use crate::report::progress::Bar;
use crate::report::{per_type, table, ErrorsFile, ErrorsHeader, Report};
use crate::runner::{self, ExtractorRun, Outcome, Reporter, Silent};
use crate::schema::Layer;
use crate::score::bootstrap::BootstrapConfig;
use crate::score::errors::{diagnose, ErrorRecord};
use crate::score::{LabelMap, MetricId, ScoringConfig};
use crate::shard::{self, Shard};
use crate::stats::corpus_stats;
use crate::validate;

#[derive(Parser)]
#[command(
    name = "wirebench",
    version,
    about = "Score and benchmark quote, entity and number extractors on news wire articles"
)]
#[command(args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    run: RunArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Run extractors on the corpus and score them (the default).
    Run(RunArgs),
    /// Score predictions files (JSON Lines) exactly as `run` scores built-in extractors.
    Score(ScoreArgs),
    /// Check the corpus and golden files; list every problem; exit 1 on any.
    Validate(DataArgs),
    /// One document's errors, grouped by category with the counts first.
    Explain(ExplainArgs),
    /// Compare a candidate with a base: deltas, intervals, significance, gates.
    Compare(Box<CompareArgs>),
    /// Draw a report (from `run --json` or `score --json`) as one self-contained HTML page.
    Report(ReportArgs),
    /// Corpus tools.
    Corpus {
        #[command(subcommand)]
        command: CorpusCommand,
    },
    /// Agreement between two golden annotations of the same documents (B scored against A).
    Agree {
        /// The first annotation's golden directory.
        a: PathBuf,
        /// The second annotation's golden directory (may cover only some documents).
        b: PathBuf,
        /// Where the documents are.
        #[arg(long, default_value = "corpus")]
        corpus: PathBuf,
    },
    /// Golden-file tools.
    Golden {
        #[command(subcommand)]
        command: GoldenCommand,
    },
    /// List the registered extractors (with those of wirebench.toml or --config).
    List(ExternalArgs),
    /// Throughput of extractors: repeated passes, medians with intervals, speed-up, a ratio gate.
    Bench(Box<BenchArgs>),
    /// Convert brat, JSON Lines, Label Studio or CoNLL into a corpus (or predictions).
    Import {
        #[command(subcommand)]
        command: crate::formats::command::ImportCommand,
    },
    /// Write the corpus as brat standoff or CoNLL BIO.
    Export {
        #[command(subcommand)]
        command: crate::formats::command::ExportCommand,
    },
    /// Join shard reports (`run --shard K/N --json`) into the report of one run.
    Merge(MergeArgs),
    /// Write a synthetic corpus with exact golden files, of any size.
    Synth(SynthArgs),
}

#[derive(Args)]
struct MergeArgs {
    /// The shard reports, one per shard.
    #[arg(required = true, num_args = 1..)]
    reports: Vec<PathBuf>,
    /// The whole corpus the shards were cut from (for its groups and fingerprint).
    #[command(flatten)]
    data: DataArgs,
    /// Write the merged report here [default: standard output].
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
}

#[derive(Args)]
struct SynthArgs {
    /// Number of documents.
    #[arg(long)]
    docs: usize,
    /// Seed: the same documents and seed give the same bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output directory (gets corpus/ and golden/); must not exist or be empty.
    #[arg(long)]
    out: PathBuf,
}

/// Where external extractors are declared, and their cache.
#[derive(Args, Clone)]
struct ExternalArgs {
    /// TOML file declaring external extractors [default: ./wirebench.toml when it exists]
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Where external extractors' answers are cached, and their stderr logged.
    #[arg(long, value_name = "DIR", default_value = crate::external::DEFAULT_CACHE_DIR)]
    cache_dir: PathBuf,
    /// Run external extractors on every document, neither reading nor writing the cache.
    #[arg(long)]
    no_cache: bool,
}

impl ExternalArgs {
    /// `registry` with the configured external extractors added.
    fn registry(&self, registry: &Registry) -> anyhow::Result<Registry> {
        Ok(crate::external::registry_with_config(
            registry,
            self.config.as_deref(),
            &self.options(),
        )?)
    }

    fn options(&self) -> crate::external::Options {
        crate::external::Options {
            cache_dir: self.cache_dir.clone(),
            use_cache: !self.no_cache,
        }
    }
}

#[derive(Args)]
struct BenchArgs {
    #[command(flatten)]
    data: DataArgs,
    #[command(flatten)]
    external: ExternalArgs,
    /// Extractor to measure (repeatable); with two, they run interleaved and their ratio is reported.
    #[arg(long = "extractor", value_name = "ID")]
    extractors: Vec<String>,
    /// Thread counts (worker processes for external extractors), comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "1")]
    threads: Vec<usize>,
    /// Measured passes over the corpus per thread count (after one warm-up pass).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    repeat: u64,
    /// Warm-up passes, not measured.
    #[arg(long, default_value_t = 1)]
    warmup: usize,
    /// Exit 1 when the whole interval of B/A throughput (MB/s) is below RATIO.
    #[arg(long, value_name = "RATIO")]
    fail_if_slower: Option<f64>,
    /// Write the figures as JSON here.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
}

#[derive(Args)]
struct CompareArgs {
    /// Base and candidate reports (from `run --json` or `score --json`).
    #[arg(num_args = 2, value_names = ["BASE", "CANDIDATE"], conflicts_with = "extractors")]
    reports: Vec<PathBuf>,
    /// Run these two registered extractors now and compare them (base first).
    #[arg(long = "extractor", value_name = "ID", num_args = 1)]
    extractors: Vec<String>,
    #[command(flatten)]
    data: DataArgs,
    /// Which extractor of the base report (when it holds several).
    #[arg(long)]
    base_extractor: Option<String>,
    /// Which extractor of the candidate report (when it holds several).
    #[arg(long)]
    candidate_extractor: Option<String>,
    /// Compare this metric too (repeatable); the headline metrics by default.
    #[arg(long = "metric", value_name = "METRIC")]
    metrics: Vec<MetricId>,
    /// Exit 1 if METRIC is significantly worse by more than DELTA (repeatable; default: every headline metric, DELTA 0).
    #[arg(long = "fail-if-worse", value_name = "METRIC[:DELTA]", value_parser = clap::value_parser!(Gate))]
    fail_if_worse: Vec<Gate>,
    /// Exit 1 unless METRIC is significantly better (repeatable).
    #[arg(long = "fail-unless-better", value_name = "METRIC")]
    fail_unless_better: Vec<MetricId>,
    /// Significance level.
    #[arg(long, default_value_t = CompareConfig::default().alpha)]
    alpha: f64,
    /// Randomisation trials (at most 1000000).
    #[arg(long, default_value_t = CompareConfig::default().trials, value_parser = capped(MAX_DRAWS))]
    trials: usize,
    /// Bootstrap resamples for the interval of each delta (at most 1000000).
    #[arg(long, default_value_t = CompareConfig::default().resamples, value_parser = capped(MAX_DRAWS))]
    resamples: usize,
    /// Seed of the generator.
    #[arg(long, default_value_t = CompareConfig::default().seed)]
    seed: u64,
    /// Compare only the documents both reports hold, even if the corpora differ.
    #[arg(long)]
    shared_documents: bool,
    /// The two reports' errors files, to show errors of the documents that moved.
    #[arg(long, num_args = 2, value_names = ["BASE_ERRORS", "CANDIDATE_ERRORS"])]
    errors: Vec<PathBuf>,
    /// Write Markdown for a pull-request comment or job summary here.
    #[arg(long, value_name = "FILE")]
    markdown: Option<PathBuf>,
    /// Write the comparison as JSON here.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Also show P, R, F1 and support per entity type and number kind of both sides (terminal and Markdown).
    #[arg(long)]
    per_type: bool,
    /// Write both extractors side by side, errors fixed and introduced marked, as one HTML page here.
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,
    #[command(flatten)]
    external: ExternalArgs,
}

#[derive(Args)]
struct ReportArgs {
    /// The report (from `run --json` or `score --json`).
    report: PathBuf,
    /// Its errors file (from `--errors`), to mark every document's errors.
    #[arg(long, value_name = "FILE")]
    errors: Option<PathBuf>,
    /// Write the HTML page here.
    #[arg(long, value_name = "FILE", required = true)]
    html: PathBuf,
    #[command(flatten)]
    data: DataArgs,
}

#[derive(Args)]
struct ExplainArgs {
    /// The document id.
    doc: String,
    #[command(flatten)]
    data: DataArgs,
    #[command(flatten)]
    scoring: ScoringArgs,
    /// Only this registered extractor (repeatable); all by default.
    #[arg(long = "extractor", value_name = "ID")]
    extractors: Vec<String>,
    /// Explain these predictions files instead of registered extractors.
    #[arg(long, num_args = 1..)]
    predictions: Vec<PathBuf>,
    #[command(flatten)]
    checks: ChecksArgs,
    /// Only this layer.
    #[arg(long, value_parser = ["entities", "quotes", "numbers"])]
    layer: Option<String>,
    #[command(flatten)]
    external: ExternalArgs,
}

#[derive(Subcommand)]
enum CorpusCommand {
    /// Size and make-up of the corpus, and which phenomena each split covers.
    Stats(DataArgs),
}

#[derive(Subcommand)]
enum GoldenCommand {
    /// Fill start/end from text (and occurrence), in place, and show each span in context.
    Anchor {
        /// Golden files to anchor.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Where the documents are.
        #[arg(long, default_value = "corpus")]
        corpus: PathBuf,
    },
}

#[derive(Args, Clone)]
pub(crate) struct DataArgs {
    /// Corpus directory (manifest.json and <id>.txt files) [default: ./corpus, else the bundled corpus]
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// Golden directory (<id>.json files) [default: ./golden with ./corpus, else the bundled ones]
    #[arg(long)]
    golden: Option<PathBuf>,
}

impl DataArgs {
    /// Both directories when given; `./corpus` with `./golden` when the
    /// working directory has a corpus; else the bundled corpus. One of the two
    /// without the other is an error, never a mix with the bundled files.
    fn source(&self) -> anyhow::Result<Source> {
        match (&self.corpus, &self.golden) {
            (Some(corpus), Some(golden)) => Ok(Source::dirs(corpus, golden)),
            (Some(corpus), None) => anyhow::bail!(
                "--corpus {} needs --golden: a corpus is scored against its own golden files, never the bundled ones",
                corpus.display()
            ),
            (None, Some(golden)) => anyhow::bail!(
                "--golden {} needs --corpus: golden files are checked against their own corpus, never the bundled one",
                golden.display()
            ),
            (None, None) => {
                let (corpus, golden) = (Path::new("corpus"), Path::new("golden"));
                if !corpus.join("manifest.json").is_file() {
                    Ok(Source::Bundled)
                } else if golden.is_dir() {
                    Ok(Source::dirs(corpus, golden))
                } else {
                    anyhow::bail!("./corpus has a manifest but there is no ./golden directory beside it; give --corpus and --golden")
                }
            }
        }
    }

    pub(crate) fn load(&self) -> anyhow::Result<Dataset> {
        Ok(Dataset::load(&self.source()?)?)
    }
}

#[derive(Args, Clone)]
struct ScoringArgs {
    /// Least intersection-over-union for the `overlap` mode.
    #[arg(long, default_value_t = 0.5, value_parser = parse_threshold)]
    iou_threshold: f64,
    /// JSON object mapping your entity labels to OntoNotes types, e.g. {"PER": "PERSON"}.
    #[arg(long, value_name = "FILE")]
    label_map: Option<PathBuf>,
    /// Give this metric a bootstrap interval too (repeatable), e.g. quotes.spans.strict.f1.
    #[arg(long = "interval", value_name = "METRIC")]
    intervals: Vec<MetricId>,
    /// Seed of the bootstrap generator (ChaCha8).
    #[arg(long, default_value_t = BootstrapConfig::default().seed)]
    seed: u64,
    /// Bootstrap resamples (at most 1000000).
    #[arg(long, default_value_t = BootstrapConfig::default().resamples as u64, value_parser = clap::value_parser!(u64).range(1..=MAX_DRAWS as u64))]
    resamples: u64,
}

/// Most bootstrap resamples or randomisation trials: each is a pass over
/// every document, so more is hours of work and memory, never more precision.
const MAX_DRAWS: usize = 1_000_000;
/// Most worker threads.
const MAX_THREADS: usize = 1024;

/// A parser of a count from 1 to `max`, checked before anything is allocated.
fn capped(max: usize) -> impl Fn(&str) -> Result<usize, String> + Clone {
    move |s: &str| {
        let n: usize = s.parse().map_err(|e| format!("{e}"))?;
        if (1..=max).contains(&n) {
            Ok(n)
        } else {
            Err(format!("{n} is not in 1..={max}"))
        }
    }
}

fn parse_threshold(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|e| format!("{e}"))?;
    if v > 0.0 && v <= 1.0 {
        Ok(v)
    } else {
        Err(format!("{v} is not in (0, 1]"))
    }
}

impl ScoringArgs {
    fn config(&self) -> anyhow::Result<ScoringConfig> {
        if let Some(bad) = self.intervals.iter().find(|id| !id.is_resamplable()) {
            anyhow::bail!("--interval {bad}: not a metric an interval can be drawn for (a precision, recall, f1, accuracy, macro_docs_f1 or macro_types_f1 id)");
        }
        Ok(ScoringConfig {
            iou_threshold: self.iou_threshold,
            intervals: self.intervals.clone(),
            bootstrap: BootstrapConfig {
                seed: self.seed,
                resamples: self.resamples as usize,
                ..BootstrapConfig::default()
            },
            label_map: match &self.label_map {
                Some(path) => LabelMap::from_file(path)?,
                None => LabelMap::default(),
            },
        })
    }
}

#[derive(Args, Clone)]
struct OutputArgs {
    /// Write the full JSON report here.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Write every error (missed, spurious, boundary, wrong type, ...) here as JSON Lines.
    #[arg(long, value_name = "FILE")]
    errors: Option<PathBuf>,
    /// Write the scores, a chart and every document with its errors marked as one HTML page here.
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,
    /// Also print the headline metrics per split, topic or region, and the worst documents.
    #[arg(long, value_name = "GROUPING", value_parser = ["split", "topic", "region"])]
    by: Option<String>,
    /// Print nothing but errors.
    #[arg(long)]
    quiet: bool,
    /// Also print P, R, F1 and support per entity type and per number kind.
    #[arg(long)]
    per_type: bool,
}

#[derive(Args, Clone)]
struct RunArgs {
    #[command(flatten)]
    data: DataArgs,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    scoring: ScoringArgs,
    /// Run only this extractor (repeatable); all registered ones by default.
    #[arg(long = "extractor", value_name = "ID")]
    extractors: Vec<String>,
    /// Worker threads (at most 1024); all cores by default.
    #[arg(long, value_parser = capped(MAX_THREADS))]
    threads: Option<usize>,
    /// Write each extractor's predictions to DIR/<extractor>.jsonl.
    #[arg(long, value_name = "DIR")]
    save_predictions: Option<PathBuf>,
    #[command(flatten)]
    external: ExternalArgs,
    /// Exit 0 even when some documents failed (they are still listed and counted as missed).
    #[arg(long)]
    allow_failures: bool,
    /// Only the documents of shard K of N (by a stable hash of the id); join the reports with `merge`.
    #[arg(long, value_name = "K/N")]
    shard: Option<Shard>,
}

#[derive(Args)]
struct ScoreArgs {
    #[command(flatten)]
    data: DataArgs,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    scoring: ScoringArgs,
    /// Predictions files, one per extractor.
    #[arg(long, required = true, num_args = 1..)]
    predictions: Vec<PathBuf>,
    #[command(flatten)]
    checks: ChecksArgs,
}

#[derive(Args)]
struct ChecksArgs {
    /// Count problems of predicted items (wrong value type, bad date or unit, unknown label, lone speaker offset) as warnings and score the items as wrong, instead of exit 2.
    #[arg(long)]
    lenient: bool,
}

/// Prints to stdout through [`crate::output`]: a closed pipe stops printing
/// quietly, any other write error is kept for the exit code; printing never
/// ends the program.
macro_rules! emit {
    ($($arg:tt)*) => {{
        crate::output::stdout(format_args!($($arg)*));
    }};
}

/// [`emit!`] to stderr.
macro_rules! emit_err {
    ($($arg:tt)*) => {{
        crate::output::stderr(format_args!($($arg)*));
        crate::output::stderr(format_args!("\n"));
    }};
}

/// A progress bar on a terminal unless `quiet`, else nothing.
fn progress_reporter(quiet: bool) -> Box<dyn Reporter> {
    if !quiet && std::io::stderr().is_terminal() {
        Box::new(Bar::new())
    } else {
        Box::new(Silent)
    }
}

/// Each failed document on stderr, and per extractor how many of `documents` failed.
fn print_failures(report: &Report, documents: usize) {
    for (extractor, scores) in &report.scores {
        for failure in &scores.failed {
            emit_err!("failed: {extractor} on {}: {}", failure.doc, failure.reason);
        }
        if !scores.failed.is_empty() {
            eprintln!(
                "{extractor}: {} of {documents} documents failed",
                scores.failed.len()
            );
        }
    }
}

/// The error and each cause that adds something, on one line: an I/O error
/// already in its message is not printed twice.
fn render_error(error: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if !out.contains(&text) {
            if !out.is_empty() {
                out.push_str(": ");
            }
            out.push_str(&text);
        }
    }
    out
}

/// [`emit!`] with a line break.
macro_rules! emitln {
    ($($arg:tt)*) => {{
        emit!($($arg)*);
        emit!("\n");
    }};
}

/// Runs the `wirebench` command line with `registry` as the extractors
/// every command can name, and returns the exit code.
pub fn main_with(registry: Registry) -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => run(cli.run, &registry),
        Some(Command::Run(args)) => run(args, &registry),
        Some(Command::Score(args)) => score(args),
        Some(Command::Validate(args)) => validate(args),
        Some(Command::Golden {
            command: GoldenCommand::Anchor { files, corpus },
        }) => anchor(&files, &corpus),
        Some(Command::Explain(args)) => explain(args, &registry),
        Some(Command::Compare(args)) => compare(*args, &registry),
        Some(Command::Report(args)) => html_report(args),
        Some(Command::Corpus {
            command: CorpusCommand::Stats(args),
        }) => args.load().map(|dataset| {
            emit!("{}", corpus_stats(&dataset).render());
            ExitCode::SUCCESS
        }),
        Some(Command::Agree { a, b, corpus }) => {
            agree(&corpus, &a, &b).map_err(Into::into).map(|agreement| {
                emit!("{}", agreement.render());
                ExitCode::SUCCESS
            })
        }
        Some(Command::Import { command }) => crate::formats::command::import(command),
        Some(Command::Export { command }) => crate::formats::command::export(command),
        Some(Command::Merge(args)) => merge(args),
        Some(Command::Synth(args)) => synth(args),
        Some(Command::List(external)) => external.registry(&registry).map(|registry| {
            for e in registry.iter() {
                let layers: Vec<&str> = e.layers().iter().map(|l| l.name()).collect();
                let layers = if layers.is_empty() {
                    "(external: layers from its hello)".to_owned()
                } else {
                    layers.join(", ")
                };
                emitln!("{:<24} {layers}", e.id());
            }
            ExitCode::SUCCESS
        }),
        Some(Command::Bench(args)) => bench(*args, &registry),
    };
    let code = result.unwrap_or_else(|e| {
        emit_err!("error: {}", render_error(&e));
        ExitCode::from(2)
    });
    match crate::output::failure() {
        Some(message) => {
            emit_err!("error: {message}");
            ExitCode::from(2)
        }
        None => code,
    }
}

impl DataArgs {
    /// The corpus and golden directories read, as inputs no output may overwrite.
    fn inputs(&self) -> anyhow::Result<Inputs> {
        Ok(match self.source()? {
            Source::Dirs { corpus, golden } => Inputs::new().dir(corpus).dir(golden),
            Source::Bundled => Inputs::new(),
        })
    }
}

impl OutputArgs {
    fn check(&self, inputs: &Inputs) -> anyhow::Result<()> {
        for output in self.json.iter().chain(&self.errors) {
            inputs.check_output(output)?;
        }
        Ok(())
    }
}

fn run(args: RunArgs, registry: &Registry) -> anyhow::Result<ExitCode> {
    on_threads(args.threads, || run_on_pool(args, registry))
}

/// Runs `work` on a pool of `threads` (all cores by default), so that
/// loading, extracting and scoring all use the cores asked for.
fn on_threads(
    threads: Option<usize>,
    work: impl FnOnce() -> anyhow::Result<ExitCode> + Send,
) -> anyhow::Result<ExitCode> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()?;
    pool.install(work)
}

fn run_on_pool(args: RunArgs, registry: &Registry) -> anyhow::Result<ExitCode> {
    let inputs = args
        .data
        .inputs()?
        .files(args.scoring.label_map.iter().cloned());
    args.output.check(&inputs)?;
    if let Some(dir) = &args.save_predictions {
        inputs.check_output(dir)?;
    }
    let config = args.scoring.config()?;
    if args.output.html.is_none() {
        return run_streamed(&args, registry, &config);
    }
    // The HTML page draws every document with its errors: this path keeps
    // the whole run in memory.
    let full = args.data.load()?;
    let sharded;
    let dataset = match args.shard {
        Some(shard) => {
            sharded = full.subset(|doc| shard.contains(&doc.id));
            &sharded
        }
        None => &full,
    };
    let registry = args.external.registry(registry)?;
    let extractors = registry.select(&args.extractors)?;
    let reporter = progress_reporter(args.output.quiet);
    let runs = runner::run(&extractors, dataset, args.threads, reporter.as_ref())?;
    if let Some(dir) = &args.save_predictions {
        runner::save_predictions(dir, dataset, &runs)?;
    }
    let shard = args.shard.map(|s| (s, full.fingerprint()));
    let code = finish(dataset, &runs, &config, &args.output, shard)?;
    Ok(if args.allow_failures && code == ExitCode::from(3) {
        ExitCode::SUCCESS
    } else {
        code
    })
}

/// `run` without `--html`: batch by batch (see [`crate::stream`]), so that
/// texts, predictions and counts leave memory as they are scored; the same
/// report, files and tables.
fn run_streamed(
    args: &RunArgs,
    registry: &Registry,
    config: &ScoringConfig,
) -> anyhow::Result<ExitCode> {
    let source = args.data.source()?;
    let registry = args.external.registry(registry)?;
    let extractors = registry.select(&args.extractors)?;
    let reporter = progress_reporter(args.output.quiet);
    let errors_out = args
        .output
        .errors
        .as_deref()
        .map(crate::guard::AtomicFile::create)
        .transpose()?;
    let options = crate::stream::Options {
        shard: args.shard,
        errors: errors_out.is_some(),
        save_predictions: args.save_predictions.as_deref(),
        batch_documents: None,
    };
    let mut streamed =
        crate::stream::run(&source, &extractors, config, &options, reporter.as_ref())?;
    streamed.commit_predictions()?;
    for id in &config.intervals {
        if !streamed
            .report
            .scores
            .values()
            .any(|s| s.metrics.contains_key(id))
        {
            anyhow::bail!("--interval {id}: no extractor has this metric");
        }
    }
    if let Some(out) = errors_out {
        streamed.write_errors_into(out)?;
    }
    if let Some(path) = &args.output.json {
        streamed.write_json(path)?;
    }
    let report = &streamed.report;
    if !args.output.quiet {
        emit!("{}", table::render_with_totals(report, &streamed.totals));
        emit!("{}", table::render_timings(report));
        if let Some(grouping) = &args.output.by {
            emit!("{}", table::render_breakdown(report, grouping));
        }
        if args.output.per_type {
            emit!(
                "{}",
                per_type::render_summed(report.scores.iter().map(|(id, s)| (
                    id.as_str(),
                    s,
                    streamed.totals[id].counts.clone()
                )))
            );
        }
    }
    print_failures(report, streamed.documents);
    Ok(if report.has_failures() && !args.allow_failures {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    })
}

fn merge(args: MergeArgs) -> anyhow::Result<ExitCode> {
    let dataset = args.data.load()?;
    if let Some(out) = &args.json {
        if let Some(input) = args.reports.iter().find(|r| same_file(r, out)) {
            anyhow::bail!(
                "--json {}: that is an input ({})",
                out.display(),
                input.display()
            );
        }
    }
    let report = shard::merge(&args.reports, &dataset)?;
    match &args.json {
        Some(path) => report.write(path)?,
        None => emitln!("{}", serde_json::to_string_pretty(&report)?),
    }
    Ok(if report.has_failures() {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    })
}

/// Whether two paths name one file (through links too).
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn synth(args: SynthArgs) -> anyhow::Result<ExitCode> {
    let written = crate::synth::write(args.docs, args.seed, &args.out)?;
    emitln!(
        "wrote {} documents ({} bytes of text) to {}",
        args.docs,
        written,
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn score(args: ScoreArgs) -> anyhow::Result<ExitCode> {
    let inputs = args
        .data
        .inputs()?
        .files(args.predictions.iter().cloned())
        .files(args.scoring.label_map.iter().cloned());
    args.output.check(&inputs)?;
    let config = args.scoring.config()?;
    let dataset = args.data.load()?;
    let runs = args
        .checks
        .runs(&args.predictions, &dataset, &config.label_map)?;
    finish(&dataset, &runs, &config, &args.output, None)
}

impl ChecksArgs {
    /// Reads the predictions files as runs, their items checked; warnings
    /// are printed with their count.
    fn runs(
        &self,
        paths: &[PathBuf],
        dataset: &Dataset,
        labels: &LabelMap,
    ) -> anyhow::Result<Vec<ExtractorRun>> {
        let checks = if self.lenient {
            ItemChecks::Lenient
        } else {
            ItemChecks::Strict
        };
        let read = runner::runs_from_predictions(paths, dataset, labels, checks)?;
        if !read.warnings.is_empty() {
            let listed: Vec<String> = read.warnings.iter().map(|p| format!("  {p}")).collect();
            emit_err!(
                "warning: {} problem(s) in the predictions, scored as wrong (--lenient):\n{}",
                read.warnings.len(),
                listed.join("\n")
            );
        }
        Ok(read.runs)
    }
}

fn finish(
    dataset: &Dataset,
    runs: &[ExtractorRun],
    config: &ScoringConfig,
    output: &OutputArgs,
    shard: Option<(Shard, &crate::corpus::Fingerprint)>,
) -> anyhow::Result<ExitCode> {
    let header = ErrorsHeader::new(dataset, runs.iter().map(|r| r.extractor.clone()));
    let mut errors_file = output
        .errors
        .as_deref()
        .map(|path| ErrorsFile::create(path, &header))
        .transpose()?;
    let mut kept = Vec::new();
    let mut report = if errors_file.is_some() || output.html.is_some() {
        Report::build(dataset, runs, config, &mut |record| {
            if let Some(file) = errors_file.as_mut() {
                file.record(record);
            }
            if output.html.is_some() {
                kept.push(record.clone());
            }
        })
    } else {
        Report::build_without_errors(dataset, runs, config)
    };
    if let Some((shard, whole)) = shard {
        report.shard = Some(shard);
        report.fingerprint = whole.clone();
    }
    for id in &config.intervals {
        if !report.scores.values().any(|s| s.metrics.contains_key(id)) {
            anyhow::bail!("--interval {id}: no extractor has this metric");
        }
    }
    if let Some(file) = errors_file {
        file.finish()?;
    }
    if let Some(path) = &output.json {
        report.write(path)?;
    }
    if let Some(path) = &output.html {
        Page::from_report(dataset, &report, Some(&kept))?.write(path)?;
    }
    if !output.quiet {
        emit!("{}", table::render(&report));
        emit!("{}", table::render_timings(&report));
        if let Some(grouping) = &output.by {
            emit!("{}", table::render_breakdown(&report, grouping));
        }
        if output.per_type {
            emit!(
                "{}",
                per_type::render(report.scores.iter().map(|(id, s)| (id.as_str(), s)))
            );
        }
    }
    print_failures(&report, dataset.documents().len());
    Ok(if report.has_failures() {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    })
}

fn explain(args: ExplainArgs, registry: &Registry) -> anyhow::Result<ExitCode> {
    let config = args.scoring.config()?;
    let dataset = args.data.load()?;
    let index = dataset.position(&args.doc).ok_or_else(|| {
        anyhow::anyhow!(
            "document `{}` is not in {}",
            args.doc,
            dataset.source().describe()
        )
    })?;
    let one = dataset.subset(|doc| doc.id == args.doc);
    let registry = args.external.registry(registry)?;
    let runs = if args.predictions.is_empty() {
        runner::run(&registry.select(&args.extractors)?, &one, Some(1), &Silent)?
    } else {
        args.checks
            .runs(&args.predictions, &dataset, &config.label_map)?
            .into_iter()
            .map(|r| ExtractorRun {
                outcomes: vec![r.outcomes[index].clone()],
                ..r
            })
            .collect()
    };
    let (doc, gold) = (&one.documents()[0], &one.gold()[0]);
    let mut errors = Vec::new();
    for run in &runs {
        let layers: Vec<Layer> = run
            .layers
            .iter()
            .copied()
            .filter(|l| args.layer.as_deref().is_none_or(|want| l.name() == want))
            .collect();
        match &run.outcomes[0] {
            Outcome::Predicted(p) => {
                errors.extend(diagnose(&run.extractor, doc, gold, p, &layers, &config).0)
            }
            Outcome::Failed(reason) => {
                emit_err!("failed: {} on {}: {reason}", run.extractor, doc.id)
            }
        }
    }
    emit!("{}", crate::explain::render(&doc.id, &errors));
    Ok(ExitCode::SUCCESS)
}

fn compare(args: CompareArgs, registry: &Registry) -> anyhow::Result<ExitCode> {
    let inputs = if args.extractors.is_empty() {
        Inputs::new()
    } else {
        args.data.inputs()?
    }
    .files(args.reports.iter().cloned())
    .files(args.errors.iter().cloned());
    for output in args.json.iter().chain(&args.markdown) {
        inputs.check_output(output)?;
    }
    let config = CompareConfig {
        alpha: args.alpha,
        trials: args.trials,
        resamples: args.resamples,
        seed: args.seed,
    };
    config.check()?;
    let mut collected: (Vec<ErrorRecord>, Vec<ErrorRecord>) = (Vec::new(), Vec::new());
    let (base_report, candidate_report) =
        match (args.reports.as_slice(), args.extractors.as_slice()) {
            ([base, candidate], []) => (Report::read(base)?, Report::read(candidate)?),
            ([], [base, candidate]) => {
                let dataset = args.data.load()?;
                let registry = args.external.registry(registry)?;
                let scoring = ScoringConfig::default();
                let mut reports = Vec::new();
                for (id, sink) in [(base, &mut collected.0), (candidate, &mut collected.1)] {
                    let extractors = registry.select(std::slice::from_ref(id))?;
                    let runs = runner::run(&extractors, &dataset, None, &Silent)?;
                    reports.push(Report::build(&dataset, &runs, &scoring, &mut |e| {
                        sink.push(e.clone())
                    }));
                }
                let candidate = reports.pop().expect("two reports");
                (reports.pop().expect("two reports"), candidate)
            }
            _ => anyhow::bail!("give two report files, or two --extractor ids"),
        };
    check_comparable(&base_report, &candidate_report, args.shared_documents)?;
    let (base, candidate) = pair(
        &base_report,
        &candidate_report,
        (
            args.base_extractor.as_deref(),
            args.candidate_extractor.as_deref(),
        ),
    )?;
    if let [base_errors, candidate_errors] = args.errors.as_slice() {
        collected = (
            errors_of(base_errors, &base_report, base.0)?,
            errors_of(candidate_errors, &candidate_report, candidate.0)?,
        );
    }
    let plan = Plan::new(
        base.1,
        candidate.1,
        &args.metrics,
        &args.fail_if_worse,
        &args.fail_unless_better,
    );
    let comparison = crate::compare::compare_plan(base, candidate, &plan, &config)?;
    let failures = plan.failures(&comparison);
    // Files first, printing last: what is printed never changes the verdict.
    if let Some(path) = &args.json {
        let json = serde_json::to_string_pretty(&comparison)? + "\n";
        write_atomic(path, json.as_bytes())?;
    }
    if let Some(path) = &args.html {
        let dataset = args.data.load()?;
        let known = !args.errors.is_empty() || !args.extractors.is_empty();
        fn entry<'a>(
            side: &str,
            (id, scores): crate::compare::Named<'a>,
            report: &Report,
            errors: Option<&'a [ErrorRecord]>,
        ) -> Entry<'a> {
            Entry {
                name: format!("{side}: {id}"),
                scores,
                timing: report.timings.get(id).copied(),
                errors: errors.map(|all| all.iter().filter(|r| r.extractor == id).collect()),
            }
        }
        Page::comparison(
            &dataset,
            entry(
                "base",
                base,
                &base_report,
                known.then_some(&collected.0[..]),
            ),
            entry(
                "candidate",
                candidate,
                &candidate_report,
                known.then_some(&collected.1[..]),
            ),
            &comparison,
        )?
        .write(path)?;
    }
    if let Some(path) = &args.markdown {
        let diff = (!args.errors.is_empty() || !args.extractors.is_empty())
            .then(|| ErrorDiff::new(&collected.0, &collected.1));
        let mut markdown = comparison.markdown(&failures, diff.as_ref());
        if args.per_type {
            markdown.push_str(&per_type::markdown([base, candidate]));
        }
        write_atomic(path, markdown.as_bytes())?;
    }
    emit!("{}", comparison.render());
    if args.per_type {
        emit!("\n{}", per_type::render([base, candidate]));
    }
    for failure in &failures {
        emit_err!("gate: {failure}");
    }
    Ok(if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The records of `extractor` in an errors file, after checking the file
/// was written with `report` (same corpus, golden files and scorer) and
/// holds that extractor.
fn errors_of(path: &Path, report: &Report, extractor: &str) -> anyhow::Result<Vec<ErrorRecord>> {
    let read = ErrorsFile::read_with_header(path)?;
    let refuse = |message: String| CompareError::ErrorsFile {
        path: path.display().to_string(),
        message,
    };
    if read.header.fingerprint != report.fingerprint
        || read.header.scorer_version != report.scorer_version
    {
        return Err(refuse(format!(
            "written for another report (corpus {}, golden {}; the report has corpus {}, golden {})",
            short(&read.header.fingerprint.corpus),
            short(&read.header.fingerprint.golden),
            short(&report.fingerprint.corpus),
            short(&report.fingerprint.golden)
        ))
        .into());
    }
    if !read.header.extractors.iter().any(|e| e == extractor) {
        return Err(refuse(format!(
            "holds the errors of {}, not of `{extractor}`",
            read.header.extractors.join(", ")
        ))
        .into());
    }
    Ok(read
        .records
        .into_iter()
        .filter(|r| r.extractor == extractor)
        .collect())
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

fn html_report(args: ReportArgs) -> anyhow::Result<ExitCode> {
    let report = Report::read(&args.report)?;
    let dataset = args.data.load()?;
    let errors = args.errors.as_deref().map(ErrorsFile::read).transpose()?;
    let page = Page::from_report(&dataset, &report, errors.as_deref()).map_err(|e| {
        let file = match (&e, &args.errors) {
            (crate::html::HtmlError::OtherCorpus { .. }, _) | (_, None) => &args.report,
            (_, Some(errors)) => errors,
        };
        anyhow::anyhow!("{}: {e}", file.display())
    })?;
    page.write(&args.html)?;
    Ok(ExitCode::SUCCESS)
}

fn validate(args: DataArgs) -> anyhow::Result<ExitCode> {
    let checked = validate::check(&args.source()?);
    for problem in &checked.problems {
        emitln!("{problem}");
    }
    if checked.problems.is_empty() {
        emitln!(
            "ok: {} documents, every check passed",
            checked.dataset.documents().len()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        emitln!("{} problem(s)", checked.problems.len());
        Ok(ExitCode::from(1))
    }
}

fn anchor(files: &[PathBuf], corpus: &Path) -> anyhow::Result<ExitCode> {
    for file in files {
        for span in anchor_file(file, corpus)? {
            emitln!(
                "{}: {} {}..{} {}",
                file.display(),
                span.json_path,
                span.start,
                span.end,
                span.context
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn bench(args: BenchArgs, registry: &Registry) -> anyhow::Result<ExitCode> {
    let dataset = args.data.load()?;
    let external = crate::external::Options {
        use_cache: false,
        ..args.external.options()
    };
    let registry = crate::external::registry_with_config(
        registry,
        args.external.config.as_deref(),
        &external,
    )?;
    let config = crate::external::Config::load(args.external.config.as_deref())?;
    let ids: Vec<String> = if args.extractors.is_empty() {
        registry.ids().map(str::to_owned).collect()
    } else {
        args.extractors.clone()
    };
    registry.select(&ids)?;
    if args.fail_if_slower.is_some() && ids.len() != 2 {
        anyhow::bail!("--fail-if-slower compares two extractors: give exactly two --extractor ids (A, then B)");
    }
    if args.threads.contains(&0) {
        anyhow::bail!("--threads: counts must be at least 1");
    }
    let plan = crate::throughput::Plan {
        threads: args.threads.clone(),
        repeat: args.repeat as usize,
        warmup: args.warmup,
        ..crate::throughput::Plan::default()
    };
    let reporter: Box<dyn Reporter> = if std::io::stderr().is_terminal() {
        Box::new(Bar::new())
    } else {
        Box::new(Silent)
    };
    let result = crate::throughput::bench(
        &ids,
        &|id, threads| {
            if let Some(table) = config.extractors.iter().find(|e| e.id == id) {
                let e = crate::external::ExternalExtractor::new(table.clone(), external.clone())?
                    .with_workers(threads)?;
                Ok(crate::throughput::Subject::owned(e))
            } else {
                Ok(crate::throughput::Subject::borrowed(
                    registry.get(id).expect("selected above"),
                ))
            }
        },
        &dataset,
        &plan,
        reporter.as_ref(),
    )?;
    emit!("{}", result.render());
    if let Some(path) = &args.json {
        let json = serde_json::to_string_pretty(&result)? + "\n";
        std::fs::write(path, json).map_err(|e| crate::Error::io(path, e))?;
    }
    if let Some(ratio) = args.fail_if_slower {
        let slower = result.slower_than(ratio);
        for line in &slower {
            eprintln!("gate: {line}");
        }
        if !slower.is_empty() {
            return Ok(ExitCode::from(1));
        }
    }
    Ok(ExitCode::SUCCESS)
}
