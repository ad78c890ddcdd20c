//! The score report: what `run --json` writes and snapshots hold.
//!
//! `scores` is deterministic (sorted maps, counts from document-ordered
//! results) and is what snapshots and comparisons use; `timings` varies from
//! run to run and never enters a snapshot.

pub mod progress;
pub mod table;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::corpus::{Dataset, Fingerprint};
use crate::runner::{ExtractorRun, Outcome, Timing};
use crate::schema::Layer;
use crate::score::layers::score_document;
use crate::score::metrics::Metrics;
use crate::score::{metrics, DocumentCounts, ScoringConfig, SCORER_VERSION};

/// Version of the report's JSON shape.
pub const SCHEMA_VERSION: u32 = 1;

/// A full report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Version of this JSON shape.
    pub schema_version: u32,
    /// The wirebench version that wrote it.
    pub wirebench_version: String,
    /// Version of the scoring rules.
    pub scorer_version: u32,
    /// The corpus and golden files scored against.
    pub fingerprint: Fingerprint,
    /// Settings that change figures (IoU threshold, label map).
    pub scoring: ScoringConfig,
    /// Per extractor: metrics, per-document counts, failures.
    pub scores: BTreeMap<String, ExtractorScores>,
    /// Per extractor: how long it took (absent for predictions read from files).
    pub timings: BTreeMap<String, Timing>,
}

/// One extractor's scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtractorScores {
    /// Layers scored.
    pub layers: Vec<Layer>,
    /// Metric id → value, `null` when undefined.
    pub metrics: Metrics,
    /// Document id → counts per layer and measure.
    pub documents: BTreeMap<String, DocumentCounts>,
    /// Documents the extractor failed on, in id order.
    pub failed: Vec<Failure>,
}

/// A document an extractor failed on; its gold spans count as missed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// Document id.
    pub doc: String,
    /// What went wrong.
    pub reason: String,
}

impl Report {
    /// Scores runs against the dataset.
    pub fn build(dataset: &Dataset, runs: &[ExtractorRun], config: &ScoringConfig) -> Report {
        let mut scores = BTreeMap::new();
        let mut timings = BTreeMap::new();
        for run in runs {
            scores.insert(run.extractor.clone(), score_run(dataset, run, config));
            if let Some(timing) = run.timing {
                timings.insert(run.extractor.clone(), timing);
            }
        }
        Report {
            schema_version: SCHEMA_VERSION,
            wirebench_version: env!("CARGO_PKG_VERSION").to_owned(),
            scorer_version: SCORER_VERSION,
            fingerprint: dataset.fingerprint.clone(),
            scoring: config.clone(),
            scores,
            timings,
        }
    }

    /// Whether any extractor failed on any document.
    pub fn has_failures(&self) -> bool {
        self.scores.values().any(|s| !s.failed.is_empty())
    }
}

fn score_run(dataset: &Dataset, run: &ExtractorRun, config: &ScoringConfig) -> ExtractorScores {
    let mut documents = BTreeMap::new();
    let mut failed = Vec::new();
    for ((doc, gold), outcome) in dataset
        .documents
        .iter()
        .zip(&dataset.gold)
        .zip(&run.outcomes)
    {
        let prediction = match outcome {
            Outcome::Predicted(p) => Some(p),
            Outcome::Failed(reason) => {
                failed.push(Failure {
                    doc: doc.id.clone(),
                    reason: reason.clone(),
                });
                None
            }
        };
        documents.insert(
            doc.id.clone(),
            score_document(gold, prediction, &run.layers, config),
        );
    }
    ExtractorScores {
        layers: run.layers.clone(),
        metrics: metrics(&documents),
        documents,
        failed,
    }
}
