//! Runs extractors over a dataset in parallel, isolating failures.
//!
//! Each document is one rayon task wrapped in `catch_unwind`: an extractor
//! that returns an error, panics, or produces spans that do not fit the text
//! fails that document only; the run goes on, and the document is reported
//! as failed with the reason. Results are collected in document order, so the
//! output does not depend on the thread count.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::corpus::{Dataset, Document};
use crate::error::{Error, ExtractError, Result};
use crate::extract::Extractor;
use crate::offsets::OffsetUnit;
use crate::prediction::{
    read_predictions, write_predictions, ItemChecks, Prediction, PredictionProblem,
};
use crate::schema::Layer;
use crate::score::LabelMap;

/// Told what a run is doing as it happens.
///
/// Every hook defaults to doing nothing, so a reporter implements only what
/// it shows (as criterion's reports do). Hooks take `&self` because
/// documents finish on many threads.
pub trait Reporter: Sync {
    /// An extractor is about to run over `documents` documents.
    fn extractor_started(&self, _extractor: &str, _documents: usize) {}
    /// One document is done (on any thread).
    fn document_finished(&self, _extractor: &str) {}
    /// The extractor is done with every document.
    fn extractor_finished(&self, _extractor: &str, _timing: &Timing) {}
}

/// A reporter that shows nothing.
pub struct Silent;

impl Reporter for Silent {}

/// What became of one document.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The extractor's prediction, checked against the text.
    Predicted(Prediction),
    /// Why the document failed.
    Failed(String),
}

/// One extractor's outcomes over a dataset.
#[derive(Debug, Clone)]
pub struct ExtractorRun {
    /// Extractor id.
    pub extractor: String,
    /// Layers scored.
    pub layers: Vec<Layer>,
    /// Indexed like `Dataset::documents`.
    pub outcomes: Vec<Outcome>,
    /// Wall-clock time, when the extractor ran here (not for predictions read from a file).
    pub timing: Option<Timing>,
}

/// How long a run took.
///
/// Rates count only the documents the extractor worked on: documents served
/// from a cache are counted in `cached` and left out of `bytes`, `documents`
/// and `words`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    /// Wall-clock seconds over the whole corpus.
    pub wall_seconds: f64,
    /// Bytes of text processed.
    pub bytes: usize,
    /// Worker threads.
    pub threads: usize,
    /// Decimal megabytes per wall-clock second.
    pub mb_per_s: f64,
    /// Documents processed (cached ones excluded).
    #[serde(default)]
    pub documents: usize,
    /// Words processed (runs of non-white-space; cached documents excluded).
    #[serde(default)]
    pub words: usize,
    /// Documents per wall-clock second.
    #[serde(default)]
    pub docs_per_s: f64,
    /// Words per wall-clock second.
    #[serde(default)]
    pub words_per_s: f64,
    /// Processes answering in parallel, for an extractor that runs its own
    /// (an external one); `threads` then only feeds them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workers: Option<usize>,
    /// Documents served from the cache, not counted in the rates.
    #[serde(default)]
    pub cached: usize,
    /// Sum over processed documents of each document's own time (request
    /// written to answer read), for extractors that measure it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_seconds: Option<f64>,
}

/// Sizes of the text an extractor worked on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    /// Documents.
    pub documents: usize,
    /// Bytes of UTF-8 text.
    pub bytes: usize,
    /// Runs of non-white-space.
    pub words: usize,
}

impl Work {
    /// The size of these documents.
    pub fn of<'a>(documents: impl IntoIterator<Item = &'a Document>) -> Work {
        documents.into_iter().fold(Work::default(), |w, d| Work {
            documents: w.documents + 1,
            bytes: w.bytes + d.text.len(),
            words: w.words + d.text.split_whitespace().count(),
        })
    }
}

/// What an extractor that runs its own workers measured during one pass (see
/// [`Extractor::take_measurement`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Measurement {
    /// Processes answering in parallel.
    pub workers: usize,
    /// Ids of the documents served from a cache.
    pub cached: std::collections::BTreeSet<String>,
    /// Sum of the processed documents' own times.
    pub document_seconds: f64,
}

impl Timing {
    /// Rates of `work` done in `elapsed` on `threads` threads.
    pub fn new(elapsed: Duration, work: Work, threads: usize) -> Self {
        let wall_seconds = elapsed.as_secs_f64();
        let rate = |n: f64| {
            if wall_seconds > 0.0 {
                n / wall_seconds
            } else {
                0.0
            }
        };
        Timing {
            wall_seconds,
            bytes: work.bytes,
            threads,
            mb_per_s: rate(work.bytes as f64 / 1e6),
            documents: work.documents,
            words: work.words,
            docs_per_s: rate(work.documents as f64),
            words_per_s: rate(work.words as f64),
            workers: None,
            cached: 0,
            document_seconds: None,
        }
    }

    /// The timing of a pass over `documents`, with what the extractor
    /// measured itself (its workers, its cache hits) when it did.
    fn of_pass(
        elapsed: Duration,
        documents: &[Document],
        threads: usize,
        measured: Option<Measurement>,
    ) -> Self {
        let Some(m) = measured else {
            return Timing::new(elapsed, Work::of(documents), threads);
        };
        let worked = Work::of(documents.iter().filter(|d| !m.cached.contains(&d.id)));
        Timing {
            workers: Some(m.workers),
            cached: documents.len() - worked.documents,
            document_seconds: Some(m.document_seconds),
            ..Timing::new(elapsed, worked, threads)
        }
    }
}

/// Checks a prediction against the layers its extractor declared and the text.
pub fn check_outcome(prediction: Prediction, layers: &[Layer], text: &str) -> Outcome {
    let produced = prediction.layers();
    if let Some(missing) = layers.iter().find(|l| !produced.contains(l)) {
        return Outcome::Failed(format!(
            "declared layer `{missing}` is missing from the prediction"
        ));
    }
    if let Some(extra) = produced.iter().find(|l| !layers.contains(l)) {
        return Outcome::Failed(format!("prediction has undeclared layer `{extra}`"));
    }
    match prediction.check_spans(text) {
        Ok(()) => Outcome::Predicted(prediction),
        Err(error) => Outcome::Failed(error.to_string()),
    }
}

/// Runs every extractor over every document, on `threads` threads (all cores when `None`).
///
/// Each extractor is prepared first, outside the clock; a failed `prepare`
/// fails that extractor on every document with its reason. Documents are
/// handed to [`Extractor::extract_batch`] in batches of
/// [`Extractor::batch_size`], each batch one task under `catch_unwind`.
pub fn run(
    extractors: &[&dyn Extractor],
    dataset: &Dataset,
    threads: Option<usize>,
    reporter: &dyn Reporter,
) -> Result<Vec<ExtractorRun>> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| Error::io("thread pool", std::io::Error::other(e)))?;
    install_quiet_panic_hook();
    let threads = pool.current_num_threads();
    let documents = dataset.documents();
    Ok(extractors
        .iter()
        .map(|&extractor| {
            let run = |outcomes, timing| ExtractorRun {
                extractor: extractor.id().to_owned(),
                layers: extractor.layers().to_vec(),
                outcomes,
                timing,
            };
            reporter.extractor_started(extractor.id(), documents.len());
            if let Err(reason) = isolated(|| extractor.prepare()) {
                extractor.take_measurement();
                let reason = format!("prepare failed: {reason}");
                return run(vec![Outcome::Failed(reason); documents.len()], None);
            }
            let started = Instant::now();
            let batch = extractor.batch_size().max(1);
            let outcomes: Vec<Outcome> = pool.install(|| {
                use rayon::prelude::*;
                documents
                    .par_chunks(batch)
                    .flat_map_iter(|chunk| {
                        let outcomes = extract_batch(extractor, chunk);
                        for _ in chunk {
                            reporter.document_finished(extractor.id());
                        }
                        outcomes
                    })
                    .collect()
            });
            let timing = Timing::of_pass(
                started.elapsed(),
                documents,
                threads,
                extractor.take_measurement(),
            );
            reporter.extractor_finished(extractor.id(), &timing);
            run(outcomes, Some(timing))
        })
        .collect())
}

/// One batch, isolated: an error fails its document, a panic or a wrong
/// number of results fails the whole batch.
pub(crate) fn extract_batch(extractor: &dyn Extractor, chunk: &[Document]) -> Vec<Outcome> {
    let docs: Vec<&Document> = chunk.iter().collect();
    let fail_all = |reason: String| vec![Outcome::Failed(reason); chunk.len()];
    match isolated(|| Ok(extractor.extract_batch(&docs))) {
        Ok(results) if results.len() == chunk.len() => results
            .into_iter()
            .zip(chunk)
            .map(|(result, doc)| match result {
                Ok(prediction) => check_outcome(prediction, extractor.layers(), &doc.text),
                Err(e) => Outcome::Failed(format!("extractor error: {e}")),
            })
            .collect(),
        Ok(results) => fail_all(format!(
            "extract_batch returned {} results for {} documents",
            results.len(),
            chunk.len()
        )),
        Err(reason) => fail_all(reason),
    }
}

/// Calls `f` with panics caught and kept off stderr; an error or a panic
/// becomes its message.
pub(crate) fn isolated<T>(
    f: impl FnOnce() -> std::result::Result<T, ExtractError>,
) -> std::result::Result<T, String> {
    IN_EXTRACTOR.with(|flag| flag.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    IN_EXTRACTOR.with(|flag| flag.set(false));
    match result {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(format!("extractor error: {e}")),
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "non-string panic payload".into());
            Err(format!("extractor panicked: {message}"))
        }
    }
}

thread_local! {
    static IN_EXTRACTOR: Cell<bool> = const { Cell::new(false) };
}

/// Keeps extractor panics (caught and reported as failed documents) off
/// stderr, while every other panic still reaches the previous hook.
pub(crate) fn install_quiet_panic_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !IN_EXTRACTOR.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

/// Predictions files read as runs, with the problems their items have.
#[derive(Debug, Clone)]
pub struct PredictedRuns {
    /// One run per file.
    pub runs: Vec<ExtractorRun>,
    /// The items' problems, kept as warnings (only with `ItemChecks::Lenient`;
    /// otherwise they are an error).
    pub warnings: Vec<PredictionProblem>,
}

/// Reads predictions files as runs, one per file: the layers any line has
/// are the layers scored, and a document with no line fails. The items are
/// checked like golden files (`labels` tells which entity labels are known):
/// with `ItemChecks::Strict` any problem is `Error::PredictionItems`, with
/// `ItemChecks::Lenient` a warning, and the scorer counts such items as wrong.
pub fn runs_from_predictions(
    paths: &[impl AsRef<std::path::Path>],
    dataset: &Dataset,
    labels: &LabelMap,
    checks: ItemChecks,
) -> Result<PredictedRuns> {
    let mut runs: Vec<ExtractorRun> = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let path = path.as_ref();
        let file = read_predictions(path, dataset)?;
        problems.extend(crate::prediction_check::check_file(path, labels)?);
        if runs.iter().any(|r| r.extractor == file.header.extractor) {
            return Err(Error::DuplicateExtractor {
                path: path.to_path_buf(),
                extractor: file.header.extractor,
            });
        }
        let mut layers: Vec<Layer> = file
            .predictions
            .iter()
            .flatten()
            .flat_map(|p| p.layers())
            .collect();
        layers.sort();
        layers.dedup();
        let outcomes = dataset
            .documents()
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
    if checks == ItemChecks::Strict && !problems.is_empty() {
        return Err(Error::PredictionItems { problems });
    }
    Ok(PredictedRuns {
        runs,
        warnings: problems,
    })
}

/// Writes each run's predictions to `dir/<extractor>.jsonl` (`/` becomes
/// `-`), in code points; failed documents get no line.
pub fn save_predictions(
    dir: &std::path::Path,
    dataset: &Dataset,
    runs: &[ExtractorRun],
) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    for run in runs {
        let path = dir.join(format!("{}.jsonl", run.extractor.replace('/', "-")));
        let mut out = crate::guard::AtomicFile::create(&path)?;
        let documents = dataset.documents().iter().zip(&run.outcomes).filter_map(
            |(doc, outcome)| match outcome {
                Outcome::Predicted(p) => Some((doc.id.clone(), doc.offsets.clone(), p.clone())),
                Outcome::Failed(_) => None,
            },
        );
        write_predictions(&mut out, &run.extractor, OffsetUnit::Codepoint, documents)
            .map_err(|e| Error::io(&path, e))?;
        out.commit()?;
    }
    Ok(())
}
