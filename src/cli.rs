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
use crate::compare::{check_comparable, pair, CompareConfig, Gate, Plan};
use crate::corpus::{Dataset, Source};
use crate::extract::Registry;
use crate::golden::anchor::anchor_file;
use crate::report::progress::Bar;
use crate::report::{table, ErrorsFile, Report};
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
    /// List the registered extractors.
    List,
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
    /// Randomisation trials.
    #[arg(long, default_value_t = CompareConfig::default().trials)]
    trials: usize,
    /// Bootstrap resamples for the interval of each delta.
    #[arg(long, default_value_t = CompareConfig::default().resamples)]
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
    /// Only this layer.
    #[arg(long, value_parser = ["entities", "quotes", "numbers"])]
    layer: Option<String>,
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
    /// Bootstrap resamples.
    #[arg(long, default_value_t = BootstrapConfig::default().resamples as u64, value_parser = clap::value_parser!(u64).range(1..))]
    resamples: u64,
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
    /// Also print the headline metrics per split, topic or region, and the worst documents.
    #[arg(long, value_name = "GROUPING", value_parser = ["split", "topic", "region"])]
    by: Option<String>,
    /// Print nothing but errors.
    #[arg(long)]
    quiet: bool,
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
    /// Worker threads; all cores by default.
    #[arg(long)]
    threads: Option<usize>,
    /// Write each extractor's predictions to DIR/<extractor>.jsonl.
    #[arg(long, value_name = "DIR")]
    save_predictions: Option<PathBuf>,
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
}

/// Prints to stdout; a closed pipe (`wirebench … | head`) ends the program
/// quietly instead of panicking.
macro_rules! emit {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = write!(std::io::stdout().lock(), $($arg)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
        }
    }};
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
        Some(Command::List) => {
            for e in registry.iter() {
                let layers: Vec<&str> = e.layers().iter().map(|l| l.name()).collect();
                emitln!("{:<24} {}", e.id(), layers.join(", "));
            }
            Ok(ExitCode::SUCCESS)
        }
    };
    result.unwrap_or_else(|e| {
        eprintln!("error: {e:#}");
        ExitCode::from(2)
    })
}

fn run(args: RunArgs, registry: &Registry) -> anyhow::Result<ExitCode> {
    let config = args.scoring.config()?;
    let full = args.data.load()?;
    let sharded;
    let dataset = match args.shard {
        Some(shard) => {
            sharded = full.subset(|doc| shard.contains(&doc.id));
            &sharded
        }
        None => &full,
    };
    let extractors = registry.select(&args.extractors)?;
    let reporter: Box<dyn Reporter> = if !args.output.quiet && std::io::stderr().is_terminal() {
        Box::new(Bar::new())
    } else {
        Box::new(Silent)
    };
    let runs = runner::run(&extractors, dataset, args.threads, reporter.as_ref())?;
    if let Some(dir) = &args.save_predictions {
        runner::save_predictions(dir, dataset, &runs)?;
    }
    let shard = args.shard.map(|s| (s, full.fingerprint()));
    finish(dataset, &runs, &config, &args.output, shard)
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
    let config = args.scoring.config()?;
    let dataset = args.data.load()?;
    let runs = runner::runs_from_predictions(&args.predictions, &dataset)?;
    finish(&dataset, &runs, &config, &args.output, None)
}

fn finish(
    dataset: &Dataset,
    runs: &[ExtractorRun],
    config: &ScoringConfig,
    output: &OutputArgs,
    shard: Option<(Shard, &crate::corpus::Fingerprint)>,
) -> anyhow::Result<ExitCode> {
    let mut errors_file = output
        .errors
        .as_deref()
        .map(ErrorsFile::create)
        .transpose()?;
    let mut report = match errors_file.as_mut() {
        Some(file) => Report::build(dataset, runs, config, &mut |record| file.record(record)),
        None => Report::build_without_errors(dataset, runs, config),
    };
    if let Some((shard, whole)) = shard {
        report.shard = Some(shard);
        report.fingerprint = whole.clone();
    }
    if let Some(file) = errors_file {
        file.finish()?;
    }
    for id in &config.intervals {
        if !report.scores.values().any(|s| s.metrics.contains_key(id)) {
            anyhow::bail!("--interval {id}: no extractor has this metric");
        }
    }
    if let Some(path) = &output.json {
        report.write(path)?;
    }
    if !output.quiet {
        emit!("{}", table::render(&report));
        if let Some(grouping) = &output.by {
            emit!("{}", table::render_breakdown(&report, grouping));
        }
    }
    for (extractor, scores) in &report.scores {
        for failure in &scores.failed {
            eprintln!("failed: {extractor} on {}: {}", failure.doc, failure.reason);
        }
    }
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
    let runs = if args.predictions.is_empty() {
        runner::run(&registry.select(&args.extractors)?, &one, Some(1), &Silent)?
    } else {
        runner::runs_from_predictions(&args.predictions, &dataset)?
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
                eprintln!("failed: {} on {}: {reason}", run.extractor, doc.id)
            }
        }
    }
    emit!("{}", crate::explain::render(&doc.id, &errors));
    Ok(ExitCode::SUCCESS)
}

fn compare(args: CompareArgs, registry: &Registry) -> anyhow::Result<ExitCode> {
    let config = CompareConfig {
        alpha: args.alpha,
        trials: args.trials,
        resamples: args.resamples,
        seed: args.seed,
    };
    let mut collected: (Vec<ErrorRecord>, Vec<ErrorRecord>) = (Vec::new(), Vec::new());
    let (base_report, candidate_report) =
        match (args.reports.as_slice(), args.extractors.as_slice()) {
            ([base, candidate], []) => (Report::read(base)?, Report::read(candidate)?),
            ([], [base, candidate]) => {
                let dataset = args.data.load()?;
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
    let plan = Plan::new(
        base.1,
        candidate.1,
        &args.metrics,
        &args.fail_if_worse,
        &args.fail_unless_better,
    );
    let comparison = crate::compare::compare(base, candidate, &plan.metrics, &config)?;
    emit!("{}", comparison.render());
    if let Some(path) = &args.json {
        let json = serde_json::to_string_pretty(&comparison)? + "\n";
        std::fs::write(path, json).map_err(|e| crate::Error::io(path, e))?;
    }
    if let Some(path) = &args.markdown {
        if let [base_errors, candidate_errors] = args.errors.as_slice() {
            collected = (
                ErrorsFile::read(base_errors)?,
                ErrorsFile::read(candidate_errors)?,
            );
        }
        let errors = (!collected.0.is_empty() || !collected.1.is_empty())
            .then_some((collected.0.as_slice(), collected.1.as_slice()));
        std::fs::write(path, comparison.markdown(errors)).map_err(|e| crate::Error::io(path, e))?;
    }
    let failures = plan.failures(&comparison);
    for failure in &failures {
        eprintln!("gate: {failure}");
    }
    Ok(if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
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
