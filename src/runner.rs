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

use crate::corpus::Dataset;
use crate::error::{Error, Result};
use crate::extract::Extractor;
use crate::prediction::Prediction;
use crate::report::progress::Reporter;
use crate::schema::Layer;

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
}

impl Timing {
    fn new(elapsed: Duration, bytes: usize, threads: usize) -> Self {
        let wall_seconds = elapsed.as_secs_f64();
        Timing {
            wall_seconds,
            bytes,
            threads,
            mb_per_s: if wall_seconds > 0.0 {
                bytes as f64 / 1e6 / wall_seconds
            } else {
                0.0
            },
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
        Err(message) => Outcome::Failed(message),
    }
}

/// Runs every extractor over every document, on `threads` threads (all cores when `None`).
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
    Ok(extractors
        .iter()
        .map(|extractor| {
            reporter.extractor_started(extractor.id(), dataset.documents.len());
            extractor.prepare();
            let started = Instant::now();
            let outcomes = pool.install(|| {
                use rayon::prelude::*;
                dataset
                    .documents
                    .par_iter()
                    .map(|doc| {
                        let outcome = extract_one(*extractor, doc);
                        reporter.document_finished(extractor.id());
                        outcome
                    })
                    .collect::<Vec<_>>()
            });
            let timing = Timing::new(started.elapsed(), dataset.total_bytes(), threads);
            reporter.extractor_finished(extractor.id(), &timing);
            ExtractorRun {
                extractor: extractor.id().to_owned(),
                layers: extractor.layers().to_vec(),
                outcomes,
                timing: Some(timing),
            }
        })
        .collect())
}

fn extract_one(extractor: &dyn Extractor, doc: &crate::corpus::Document) -> Outcome {
    IN_EXTRACTOR.with(|flag| flag.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(|| extractor.extract(doc)));
    IN_EXTRACTOR.with(|flag| flag.set(false));
    match result {
        Ok(Ok(prediction)) => check_outcome(prediction, extractor.layers(), &doc.text),
        Ok(Err(e)) => Outcome::Failed(format!("extractor error: {e}")),
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "non-string panic payload".into());
            Outcome::Failed(format!("extractor panicked: {message}"))
        }
    }
}

thread_local! {
    static IN_EXTRACTOR: Cell<bool> = const { Cell::new(false) };
}

/// Keeps extractor panics (caught and reported as failed documents) off
/// stderr, while every other panic still reaches the previous hook.
fn install_quiet_panic_hook() {
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
