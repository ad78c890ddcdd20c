//! The `wirebench` command: parses arguments, calls the library, prints.
//!
//! Exit codes: 0 success; 1 `validate` found problems; 2 bad input or usage;
//! 3 the run finished but some documents failed.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

use wirebench::agree::agree;
use wirebench::compare::{check_comparable, default_metrics, pair, CompareConfig, Gate, Verdict};
use wirebench::corpus::Dataset;
use wirebench::extract;
use wirebench::golden::anchor::anchor_file;
use wirebench::offsets::OffsetUnit;
use wirebench::prediction::{read_predictions, write_predictions};
use wirebench::report::progress::{Bar, Reporter, Silent};
use wirebench::report::{table, Report};
use wirebench::runner::{self, check_outcome, ExtractorRun, Outcome};
use wirebench::schema::{EntityType, Layer};
use wirebench::score::bootstrap::BootstrapConfig;
use wirebench::score::errors::diagnose;
use wirebench::score::errors::ErrorRecord;
use wirebench::score::{LabelMap, MetricId, ScoringConfig};
use wirebench::stats::corpus_stats;
use wirebench::validate;

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
    /// Run built-in extractors on the corpus and score them (the default).
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
        #[arg(long, default_value_os_t = default_dir("corpus"))]
        corpus: PathBuf,
    },
    /// Golden-file tools.
    Golden {
        #[command(subcommand)]
        command: GoldenCommand,
    },
    /// List the built-in extractors.
    List,
}

#[derive(Args)]
struct CompareArgs {
    /// Base and candidate reports (from `run --json` or `score --json`).
    #[arg(num_args = 2, value_names = ["BASE", "CANDIDATE"], conflicts_with = "extractors")]
    reports: Vec<PathBuf>,
    /// Run these two built-in extractors now and compare them (base first).
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
    /// Only this built-in extractor (repeatable); all by default.
    #[arg(long = "extractor", value_name = "ID")]
    extractors: Vec<String>,
    /// Explain these predictions files instead of built-in extractors.
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
        #[arg(long, default_value_os_t = default_dir("corpus"))]
        corpus: PathBuf,
    },
}

#[derive(Args, Clone)]
struct DataArgs {
    /// Corpus directory (manifest.json and <id>.txt files).
    #[arg(long, default_value_os_t = default_dir("corpus"))]
    corpus: PathBuf,
    /// Golden directory (<id>.json files).
    #[arg(long, default_value_os_t = default_dir("golden"))]
    golden: PathBuf,
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
        let mut config = ScoringConfig {
            iou_threshold: self.iou_threshold,
            intervals: self.intervals.clone(),
            bootstrap: BootstrapConfig {
                seed: self.seed,
                resamples: self.resamples as usize,
                ..BootstrapConfig::default()
            },
            ..ScoringConfig::default()
        };
        if let Some(path) = &self.label_map {
            let bytes =
                std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
            let map: BTreeMap<String, String> =
                serde_json::from_slice(&bytes).with_context(|| {
                    format!("{}: expected a JSON object of label → type", path.display())
                })?;
            if let Some((from, to)) = map
                .iter()
                .find(|(_, to)| EntityType::from_label(to).is_none() && to.as_str() != "MISC")
            {
                anyhow::bail!(
                    "{}: `{from}` maps to `{to}`, which is not an OntoNotes type or MISC",
                    path.display()
                );
            }
            config.label_map = LabelMap::with(map);
        }
        Ok(config)
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
    /// Run only this extractor (repeatable); all built-ins by default.
    #[arg(long = "extractor", value_name = "ID")]
    extractors: Vec<String>,
    /// Worker threads; all cores by default.
    #[arg(long)]
    threads: Option<usize>,
    /// Write each extractor's predictions to DIR/<extractor>.jsonl.
    #[arg(long, value_name = "DIR")]
    save_predictions: Option<PathBuf>,
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

/// `./<name>` when it exists, else the bundled one next to Cargo.toml.
fn default_dir(name: &str) -> PathBuf {
    let local = PathBuf::from(name);
    if local.is_dir() {
        local
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
    }
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => run(cli.run),
        Some(Command::Run(args)) => run(args),
        Some(Command::Score(args)) => score(args),
        Some(Command::Validate(args)) => validate(args),
        Some(Command::Golden {
            command: GoldenCommand::Anchor { files, corpus },
        }) => anchor(&files, &corpus),
        Some(Command::Explain(args)) => explain(args),
        Some(Command::Compare(args)) => compare(*args),
        Some(Command::Corpus {
            command: CorpusCommand::Stats(args),
        }) => Dataset::load(&args.corpus, &args.golden)
            .map_err(Into::into)
            .map(|dataset| {
                emit!("{}", corpus_stats(&dataset).render());
                ExitCode::SUCCESS
            }),
        Some(Command::Agree { a, b, corpus }) => {
            agree(&corpus, &a, &b).map_err(Into::into).map(|agreement| {
                emit!("{}", agreement.render());
                ExitCode::SUCCESS
            })
        }
        Some(Command::List) => {
            for e in extract::BUILTIN {
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

fn run(args: RunArgs) -> anyhow::Result<ExitCode> {
    let config = args.scoring.config()?;
    let dataset = Dataset::load(&args.data.corpus, &args.data.golden)?;
    let extractors = extract::select(&args.extractors)?;
    let reporter: Box<dyn Reporter> = if !args.output.quiet && std::io::stderr().is_terminal() {
        Box::new(Bar::new())
    } else {
        Box::new(Silent)
    };
    let runs = runner::run(&extractors, &dataset, args.threads, reporter.as_ref())?;
    if let Some(dir) = &args.save_predictions {
        save_predictions(dir, &dataset, &runs)?;
    }
    finish(&dataset, &runs, &config, &args.output)
}

fn save_predictions(dir: &Path, dataset: &Dataset, runs: &[ExtractorRun]) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    for run in runs {
        let path = dir.join(format!("{}.jsonl", run.extractor.replace('/', "-")));
        let file = std::fs::File::create(&path)
            .with_context(|| format!("{}: cannot create", path.display()))?;
        let mut out = std::io::BufWriter::new(file);
        let documents =
            dataset.documents.iter().zip(&run.outcomes).filter_map(
                |(doc, outcome)| match outcome {
                    Outcome::Predicted(p) => Some((doc.id.clone(), doc.offsets.clone(), p.clone())),
                    Outcome::Failed(_) => None,
                },
            );
        write_predictions(&mut out, &run.extractor, OffsetUnit::Codepoint, documents)
            .and_then(|()| std::io::Write::flush(&mut out))
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    Ok(())
}

fn score(args: ScoreArgs) -> anyhow::Result<ExitCode> {
    let config = args.scoring.config()?;
    let dataset = Dataset::load(&args.data.corpus, &args.data.golden)?;
    let runs = read_runs(&args.predictions, &dataset)?;
    finish(&dataset, &runs, &config, &args.output)
}

/// Reads predictions files as runs: the layers any line has are the layers
/// scored, and a document with no line fails.
fn read_runs(paths: &[PathBuf], dataset: &Dataset) -> anyhow::Result<Vec<ExtractorRun>> {
    let mut runs: Vec<ExtractorRun> = Vec::new();
    for path in paths {
        let file = read_predictions(path, dataset)?;
        if runs.iter().any(|r| r.extractor == file.header.extractor) {
            return Err(wirebench::Error::DuplicateExtractor {
                path: path.clone(),
                extractor: file.header.extractor,
            }
            .into());
        }
        let mut layers: Vec<_> = file
            .predictions
            .iter()
            .flatten()
            .flat_map(|p| p.layers())
            .collect();
        layers.sort();
        layers.dedup();
        let outcomes = dataset
            .documents
            .iter()
            .zip(file.predictions)
            .map(|(doc, prediction)| match prediction {
                Some(p) => check_outcome(p, &layers, &doc.text),
                None => Outcome::Failed(format!("no line for this document in {}", path.display())),
            })
            .collect();
        runs.push(ExtractorRun {
            extractor: file.header.extractor,
            layers,
            outcomes,
            timing: None,
        });
    }
    Ok(runs)
}

fn finish(
    dataset: &Dataset,
    runs: &[ExtractorRun],
    config: &ScoringConfig,
    output: &OutputArgs,
) -> anyhow::Result<ExitCode> {
    let mut errors_out = match &output.errors {
        Some(path) => Some((
            path,
            std::io::BufWriter::new(
                std::fs::File::create(path)
                    .with_context(|| format!("{}: cannot create", path.display()))?,
            ),
        )),
        None => None,
    };
    let mut write_failure: Option<std::io::Error> = None;
    let report = Report::build(dataset, runs, config, &mut |record| {
        if let (Some((_, out)), None) = (&mut errors_out, &write_failure) {
            let written = serde_json::to_writer(&mut *out, record)
                .map_err(std::io::Error::from)
                .and_then(|()| out.write_all(b"\n"));
            write_failure = written.err();
        }
    });
    if let Some((path, mut out)) = errors_out {
        if let Some(e) = write_failure.take().or_else(|| out.flush().err()) {
            return Err(anyhow::Error::new(e).context(format!("{}: cannot write", path.display())));
        }
    }
    for id in &config.intervals {
        if !report.scores.values().any(|s| s.metrics.contains_key(id)) {
            anyhow::bail!("--interval {id}: no extractor has this metric");
        }
    }
    if let Some(path) = &output.json {
        let json = serde_json::to_string_pretty(&report)?;
        std::fs::write(path, json + "\n")
            .with_context(|| format!("{}: cannot write", path.display()))?;
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

fn explain(args: ExplainArgs) -> anyhow::Result<ExitCode> {
    let config = args.scoring.config()?;
    let mut dataset = Dataset::load(&args.data.corpus, &args.data.golden)?;
    let index = dataset.position(&args.doc).ok_or_else(|| {
        anyhow::anyhow!(
            "document `{}` is not in {}",
            args.doc,
            args.data.corpus.display()
        )
    })?;
    let runs = if args.predictions.is_empty() {
        dataset.documents = vec![dataset.documents.swap_remove(index)];
        dataset.gold = vec![dataset.gold.swap_remove(index)];
        runner::run(
            &extract::select(&args.extractors)?,
            &dataset,
            Some(1),
            &Silent,
        )?
    } else {
        let runs = read_runs(&args.predictions, &dataset)?;
        dataset.documents = vec![dataset.documents.swap_remove(index)];
        dataset.gold = vec![dataset.gold.swap_remove(index)];
        runs.into_iter()
            .map(|r| ExtractorRun {
                outcomes: vec![r.outcomes[index].clone()],
                ..r
            })
            .collect()
    };
    let (doc, gold) = (&dataset.documents[0], &dataset.gold[0]);
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
    emit!("{}", wirebench::explain::render(&doc.id, &errors));
    Ok(ExitCode::SUCCESS)
}

fn read_report(path: &Path) -> anyhow::Result<Report> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    serde_json::from_slice(&bytes)
        .with_context(|| format!("{}: not a wirebench report", path.display()))
}

fn read_errors(path: &Path) -> anyhow::Result<Vec<ErrorRecord>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l)
                .with_context(|| format!("{}:{}: not an error record", path.display(), i + 1))
        })
        .collect()
}

fn compare(args: CompareArgs) -> anyhow::Result<ExitCode> {
    let config = CompareConfig {
        alpha: args.alpha,
        trials: args.trials,
        resamples: args.resamples,
        seed: args.seed,
    };
    let mut collected: (Vec<ErrorRecord>, Vec<ErrorRecord>) = (Vec::new(), Vec::new());
    let (base_report, candidate_report) =
        match (args.reports.as_slice(), args.extractors.as_slice()) {
            ([base, candidate], []) => (read_report(base)?, read_report(candidate)?),
            ([], [base, candidate]) => {
                let dataset = Dataset::load(&args.data.corpus, &args.data.golden)?;
                let scoring = ScoringConfig::default();
                let mut reports = Vec::new();
                for (id, sink) in [(base, &mut collected.0), (candidate, &mut collected.1)] {
                    let runs = runner::run(
                        &extract::select(std::slice::from_ref(id))?,
                        &dataset,
                        None,
                        &Silent,
                    )?;
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
    let gates: Vec<Gate> = if args.fail_if_worse.is_empty() {
        default_metrics(base.1, candidate.1)
            .into_iter()
            .map(|metric| Gate { metric, delta: 0.0 })
            .collect()
    } else {
        args.fail_if_worse.clone()
    };
    let mut metrics = if args.metrics.is_empty() {
        default_metrics(base.1, candidate.1)
    } else {
        args.metrics.clone()
    };
    for extra in gates
        .iter()
        .map(|g| &g.metric)
        .chain(&args.fail_unless_better)
    {
        if !metrics.contains(extra) {
            metrics.push(extra.clone());
        }
    }
    let comparison = wirebench::compare::compare(base, candidate, &metrics, &config)?;
    emit!("{}", comparison.render());
    if let Some(path) = &args.json {
        std::fs::write(path, serde_json::to_string_pretty(&comparison)? + "\n")
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    if let Some(path) = &args.markdown {
        if let [base_errors, candidate_errors] = args.errors.as_slice() {
            collected = (read_errors(base_errors)?, read_errors(candidate_errors)?);
        }
        let errors = (!collected.0.is_empty() || !collected.1.is_empty())
            .then_some((collected.0.as_slice(), collected.1.as_slice()));
        std::fs::write(path, comparison.markdown(errors))
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    let mut failed = false;
    for gate in &gates {
        if gate.trips(&comparison) {
            eprintln!(
                "gate: {} is significantly worse by more than {}",
                gate.metric, gate.delta
            );
            failed = true;
        }
    }
    for metric in &args.fail_unless_better {
        if !comparison
            .metrics
            .iter()
            .any(|m| &m.metric == metric && m.verdict == Verdict::Better)
        {
            eprintln!("gate: {metric} is not significantly better");
            failed = true;
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn validate(args: DataArgs) -> anyhow::Result<ExitCode> {
    let checked = validate::check(&args.corpus, &args.golden);
    for problem in &checked.problems {
        emitln!("{problem}");
    }
    if checked.problems.is_empty() {
        emitln!(
            "ok: {} documents, every check passed",
            checked.dataset.documents.len()
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
