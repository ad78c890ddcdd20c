//! The façade for users' own crates: load a corpus, run extractors, score
//! predictions files, compare, and read any metric with its interval.
//!
//! ```
//! use wirebench::corpus::Split;
//! use wirebench::extract::Registry;
//! use wirebench::Harness;
//!
//! let harness = Harness::bundled().unwrap().split(Split::Dev).threads(2);
//! let registry = Registry::default();
//! let evaluation = harness.run(registry.get("numbers/digits").unwrap()).unwrap();
//! let f1 = evaluation
//!     .estimate("numbers/digits", &"numbers.e2e.overlap.f1".parse().unwrap())
//!     .unwrap();
//! assert!(f1.low.unwrap() <= f1.value.unwrap() && f1.value.unwrap() <= f1.high.unwrap());
//! ```

use std::path::Path;

use crate::compare::{self, CompareConfig, Comparison};
use crate::corpus::{Dataset, Split};
use crate::error::Result;
use crate::extract::Extractor;
use crate::prediction::{ItemChecks, PredictionProblem};
use crate::report::Report;
use crate::runner::{self, ExtractorRun, Silent};
use crate::score::bootstrap::Estimate;
use crate::score::errors::ErrorRecord;
use crate::score::{MetricId, ScoringConfig};

/// A corpus with the settings to score on it.
#[derive(Debug, Clone)]
pub struct Harness {
    dataset: Dataset,
    scoring: ScoringConfig,
    threads: Option<usize>,
    checks: ItemChecks,
}

impl Harness {
    /// The bundled corpus, default scoring, all cores.
    pub fn bundled() -> Result<Harness> {
        Ok(Harness::new(Dataset::bundled()?))
    }

    /// A corpus directory with its golden directory.
    pub fn from_dirs(corpus: impl AsRef<Path>, golden: impl AsRef<Path>) -> Result<Harness> {
        Ok(Harness::new(Dataset::from_dirs(corpus, golden)?))
    }

    /// A dataset already loaded.
    pub fn new(dataset: Dataset) -> Harness {
        Harness {
            dataset,
            scoring: ScoringConfig::default(),
            threads: None,
            checks: ItemChecks::Strict,
        }
    }

    /// Only the documents of one split.
    pub fn split(self, split: Split) -> Harness {
        let dataset = self.dataset.subset(|doc| doc.meta.split == Some(split));
        Harness { dataset, ..self }
    }

    /// Worker threads (all cores by default); scores do not depend on it.
    pub fn threads(self, threads: usize) -> Harness {
        Harness {
            threads: Some(threads),
            ..self
        }
    }

    /// Scoring settings: IoU threshold, label map, bootstrap, extra intervals.
    pub fn scoring(self, scoring: ScoringConfig) -> Harness {
        Harness { scoring, ..self }
    }

    /// What becomes of predicted items that fail the golden-file checks in
    /// `score_predictions`: an error (`ItemChecks::Strict`, the default), or
    /// warnings in `Evaluation::warnings` with the items scored as wrong.
    pub fn item_checks(self, checks: ItemChecks) -> Harness {
        Harness { checks, ..self }
    }

    /// The documents scored.
    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    /// Runs one extractor over the documents, in parallel, and scores it.
    pub fn run(&self, extractor: &dyn Extractor) -> Result<Evaluation> {
        self.run_all(&[extractor])
    }

    /// Runs several extractors, one after the other, each in parallel.
    pub fn run_all(&self, extractors: &[&dyn Extractor]) -> Result<Evaluation> {
        let runs = runner::run(extractors, &self.dataset, self.threads, &Silent)?;
        Ok(self.evaluate(&runs))
    }

    /// Scores predictions files (JSON Lines), one extractor each, their
    /// items checked like golden files (see `item_checks`).
    pub fn score_predictions(&self, paths: &[impl AsRef<Path>]) -> Result<Evaluation> {
        let read = runner::runs_from_predictions(
            paths,
            &self.dataset,
            &self.scoring.label_map,
            self.checks,
        )?;
        Ok(Evaluation {
            warnings: read.warnings,
            ..self.evaluate(&read.runs)
        })
    }

    fn evaluate(&self, runs: &[ExtractorRun]) -> Evaluation {
        let mut errors = Vec::new();
        let report = Report::build(&self.dataset, runs, &self.scoring, &mut |e| {
            errors.push(e.clone())
        });
        Evaluation {
            report,
            errors,
            warnings: Vec::new(),
        }
    }
}

/// Scores of one or more extractors, with their errors.
#[derive(Debug, Clone)]
pub struct Evaluation {
    report: Report,
    errors: Vec<ErrorRecord>,
    warnings: Vec<PredictionProblem>,
}

impl Evaluation {
    /// The full report, as `run --json` writes it.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// The problems of scored predictions files' items, kept as warnings
    /// under `ItemChecks::Lenient` (each item counted as wrong).
    pub fn warnings(&self) -> &[PredictionProblem] {
        &self.warnings
    }

    /// Every error, by extractor, document and position.
    pub fn errors(&self) -> &[ErrorRecord] {
        &self.errors
    }

    /// A metric of an extractor; `None` when it was not scored or is undefined.
    pub fn metric(&self, extractor: &str, metric: &MetricId) -> Option<f64> {
        self.report
            .scores
            .get(extractor)?
            .metrics
            .get(metric)
            .copied()
            .flatten()
    }

    /// A metric with its 95% bootstrap interval over documents (drawn now
    /// when the report does not hold it), seeded as the report's.
    pub fn estimate(&self, extractor: &str, metric: &MetricId) -> Option<Estimate> {
        let scores = self.report.scores.get(extractor)?;
        if let Some(estimate) = scores.intervals.get(metric) {
            return Some(*estimate);
        }
        scores.metrics.get(metric)?;
        let docs: Vec<_> = scores.documents.values().collect();
        crate::score::bootstrap::estimates(
            std::slice::from_ref(metric),
            &docs,
            &self.report.scoring.bootstrap,
        )
        .remove(metric)
    }

    /// Compares `candidate` of `other` with `base` of this evaluation on the
    /// headline metrics of the base's layers, each gated (a layer the
    /// candidate lacks shows as missing): deltas, intervals, p-values.
    pub fn compare(
        &self,
        base: &str,
        other: &Evaluation,
        candidate: &str,
        config: &CompareConfig,
    ) -> std::result::Result<Comparison, compare::CompareError> {
        compare::check_comparable(&self.report, &other.report, false)?;
        let (b, c) = compare::pair(&self.report, &other.report, (Some(base), Some(candidate)))?;
        let plan = compare::Plan::new(b.1, c.1, &[], &[], &[]);
        compare::compare_plan(b, c, &plan, config)
    }
}
