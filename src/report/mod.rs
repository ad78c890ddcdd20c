//! The score report: what `run --json` writes and snapshots hold.
//!
//! `scores` is deterministic (sorted maps, counts from document-ordered
//! results, seeded bootstrap) and is what snapshots and comparisons use;
//! `timings` varies from run to run and never enters a snapshot. Errors are
//! not kept in the report: they go to a sink (`--errors FILE`, JSON Lines)
//! as each extractor is scored, so the report stays small.

pub mod compact;
pub mod per_type;
pub mod progress;
pub(crate) mod spill;
pub mod table;
pub(crate) mod tally;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::corpus::{Dataset, Fingerprint};
use crate::prediction::Prediction;
use crate::runner::{ExtractorRun, Outcome, Timing};
use crate::schema::Layer;
use crate::score::bootstrap::Estimate;
use crate::score::errors::{diagnose_with, Confusion, ErrorRecord};
use crate::score::layers::score_document;
use crate::score::metrics::Metrics;
use crate::score::{DocumentCounts, MetricId, ScoringConfig, SCORER_VERSION};

/// Version of the report's JSON shape.
pub const SCHEMA_VERSION: u32 = 2;

/// The manifest fields reports are broken down by.
pub const GROUPINGS: [&str; 3] = ["split", "topic", "region"];

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
    /// Settings that change figures (IoU threshold, label map, bootstrap).
    pub scoring: ScoringConfig,
    /// Per extractor: metrics, intervals, breakdowns, per-document counts, failures.
    pub scores: BTreeMap<String, ExtractorScores>,
    /// Per extractor: how long it took (absent for predictions read from files).
    pub timings: BTreeMap<String, Timing>,
    /// The shard of the corpus this report covers (`--shard K/N`); absent
    /// for a whole run and once `merge` has joined the shards. The
    /// fingerprint is then that of the whole corpus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<crate::shard::Shard>,
}

/// One extractor's scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtractorScores {
    /// Layers scored.
    pub layers: Vec<Layer>,
    /// Metric id → value, `null` when undefined.
    pub metrics: Metrics,
    /// Headline metrics (and any asked for) with 95% bootstrap intervals.
    pub intervals: BTreeMap<MetricId, Estimate>,
    /// Grouping (`split`, `topic`, `region`) → value → the same estimates on those documents.
    pub breakdowns: BTreeMap<String, BTreeMap<String, Group>>,
    /// The five documents with the lowest headline F1 (mean over the extractor's layers).
    pub worst_documents: Vec<DocumentScore>,
    /// Entity types: gold type → predicted label → pairs with the same boundaries.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub confusion: Confusion,
    /// Document id → counts per layer and measure; written compactly (see [`compact`]).
    #[serde(with = "compact")]
    pub documents: BTreeMap<String, DocumentCounts>,
    /// Documents the extractor failed on, in id order.
    pub failed: Vec<Failure>,
}

/// What the terminal tables read of an extractor's documents: how many
/// were scored and their counts summed (every proportion they print is one
/// of summed counts). A streamed run keeps these, not the documents.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Totals {
    /// Documents scored.
    pub documents: usize,
    /// Their counts summed, per layer and key.
    pub counts: DocumentCounts,
}

impl Totals {
    /// The totals of the documents `scores` holds.
    pub fn of(scores: &ExtractorScores) -> Totals {
        let mut counts = DocumentCounts::new();
        for doc in scores.documents.values() {
            for (&layer, measures) in doc {
                let into = counts.entry(layer).or_default();
                for (key, c) in measures {
                    match into.get_mut(key) {
                        Some(total) => total.add(c),
                        None => {
                            into.insert(key.clone(), *c);
                        }
                    }
                }
            }
        }
        Totals {
            documents: scores.documents.len(),
            counts,
        }
    }
}

/// Estimates on one group of documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// Documents in the group.
    pub documents: usize,
    /// Metric id → estimate with interval.
    pub estimates: BTreeMap<MetricId, Estimate>,
}

/// A document's headline score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentScore {
    /// Document id.
    pub doc: String,
    /// Mean headline F1 over the extractor's layers.
    pub f1: f64,
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
    /// Scores runs against the dataset, handing every error to `errors` in
    /// extractor, document and position order.
    pub fn build(
        dataset: &Dataset,
        runs: &[ExtractorRun],
        config: &ScoringConfig,
        errors: &mut dyn FnMut(&ErrorRecord),
    ) -> Report {
        Report::build_with(dataset, runs, config, Some(errors))
    }

    /// [`Report::build`] with no error records wanted: the same report,
    /// without building a record (and its context) per error.
    pub fn build_without_errors(
        dataset: &Dataset,
        runs: &[ExtractorRun],
        config: &ScoringConfig,
    ) -> Report {
        Report::build_with(dataset, runs, config, None)
    }

    fn build_with(
        dataset: &Dataset,
        runs: &[ExtractorRun],
        config: &ScoringConfig,
        mut errors: Option<&mut dyn FnMut(&ErrorRecord)>,
    ) -> Report {
        let mut sorted: Vec<&ExtractorRun> = runs.iter().collect();
        sorted.sort_by(|a, b| a.extractor.cmp(&b.extractor));
        let scores: BTreeMap<String, ExtractorScores> = match errors.as_mut() {
            // Records reach the sink in extractor order, so one extractor at a time.
            Some(sink) => sorted
                .iter()
                .map(|run| {
                    let sink = &mut **sink as &mut dyn FnMut(&ErrorRecord);
                    (
                        run.extractor.clone(),
                        score_run(dataset, run, config, Some(sink)),
                    )
                })
                .collect(),
            None => sorted
                .par_iter()
                .map(|run| (run.extractor.clone(), score_run(dataset, run, config, None)))
                .collect(),
        };
        let timings = sorted
            .iter()
            .filter_map(|run| Some((run.extractor.clone(), run.timing?)))
            .collect();
        Report {
            schema_version: SCHEMA_VERSION,
            wirebench_version: env!("CARGO_PKG_VERSION").to_owned(),
            scorer_version: SCORER_VERSION,
            fingerprint: dataset.fingerprint().clone(),
            scoring: config.clone(),
            scores,
            timings,
            shard: None,
        }
    }

    /// Whether any extractor failed on any document.
    /// Reads a report written by `--json`.
    pub fn read(path: &std::path::Path) -> crate::Result<Report> {
        let bytes = crate::guard::read_regular(path).map_err(|e| crate::Error::io(path, e))?;
        serde_json::from_slice(&bytes).map_err(|source| crate::Error::Json {
            path: path.to_path_buf(),
            message: "not a wirebench report".into(),
            source: Some(source),
        })
    }

    /// Writes the report as JSON on one line (it is read by programs;
    /// indentation would double its size).
    pub fn write(&self, path: &std::path::Path) -> crate::Result<()> {
        let json = serde_json::to_string(self).map_err(|source| crate::Error::Json {
            path: path.to_path_buf(),
            message: "cannot serialise the report".into(),
            source: Some(source),
        })?;
        crate::guard::write_atomic(path, (json + "\n").as_bytes())
    }

    /// The estimate of a metric for an extractor: the bootstrap interval
    /// when the report holds one, else the point value alone.
    pub fn estimate(&self, extractor: &str, metric: &MetricId) -> Option<Estimate> {
        let scores = self.scores.get(extractor)?;
        scores.intervals.get(metric).copied().or_else(|| {
            scores.metrics.get(metric).map(|&value| Estimate {
                value,
                low: None,
                high: None,
            })
        })
    }

    /// Whether any extractor failed on any document.
    pub fn has_failures(&self) -> bool {
        self.scores.values().any(|s| !s.failed.is_empty())
    }
}

/// What scoring one document yields.
struct Scored {
    counts: DocumentCounts,
    errors: Vec<ErrorRecord>,
    confusion: Confusion,
}

fn score_run(
    dataset: &Dataset,
    run: &ExtractorRun,
    config: &ScoringConfig,
    mut sink: Option<&mut (dyn FnMut(&ErrorRecord) + '_)>,
) -> ExtractorScores {
    let keep_records = sink.is_some();
    let empty = Prediction::empty();
    // A layer the corpus does not annotate is not scored.
    let layers: Vec<_> = run
        .layers
        .iter()
        .copied()
        .filter(|l| dataset.declared().has_layer(*l))
        .collect();
    let scored: Vec<Scored> = dataset
        .documents()
        .par_iter()
        .zip(dataset.gold())
        .zip(&run.outcomes)
        .map(|((doc, gold), outcome)| {
            let prediction = match outcome {
                Outcome::Predicted(p) => p,
                Outcome::Failed(_) => &empty,
            };
            let (errors, confusion) = diagnose_with(
                &run.extractor,
                doc,
                gold,
                prediction,
                &layers,
                config,
                keep_records,
            );
            Scored {
                counts: score_document(gold, Some(prediction), &layers, config),
                errors,
                confusion,
            }
        })
        .collect();
    let mut documents = BTreeMap::new();
    let mut confusion = Confusion::new();
    for (doc, s) in dataset.documents().iter().zip(scored) {
        if let Some(sink) = sink.as_mut() {
            s.errors.iter().for_each(&mut **sink);
        }
        for (gold_type, row) in s.confusion {
            for (predicted, n) in row {
                *confusion
                    .entry(gold_type.clone())
                    .or_default()
                    .entry(predicted)
                    .or_default() += n;
            }
        }
        documents.insert(doc.id.clone(), s.counts);
    }
    let failed = dataset
        .documents()
        .iter()
        .zip(&run.outcomes)
        .filter_map(|(doc, outcome)| match outcome {
            Outcome::Failed(reason) => Some(Failure {
                doc: doc.id.clone(),
                reason: reason.clone(),
            }),
            Outcome::Predicted(_) => None,
        })
        .collect();

    summarise(dataset, &run.layers, documents, confusion, failed, config)
}

/// An extractor's figures from its per-document counts: metrics, intervals
/// (the breakdowns' groups in parallel), worst documents. Every document of
/// `dataset` must have counts.
pub(crate) fn summarise(
    dataset: &Dataset,
    layers: &[Layer],
    documents: BTreeMap<String, DocumentCounts>,
    confusion: Confusion,
    failed: Vec<Failure>,
    config: &ScoringConfig,
) -> ExtractorScores {
    let order = dataset.documents().iter().map(|d| (d.id.as_str(), &d.meta));
    tally::summarise_all(order, layers, documents, confusion, failed, config)
}

/// The first line of an errors file: which report's errors these are, so
/// that `compare --errors` refuses another report's or extractor's file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorsHeader {
    /// Always `"errors"`.
    pub wirebench: String,
    /// The corpus and golden files of the report.
    pub fingerprint: Fingerprint,
    /// The scorer version of the report.
    pub scorer_version: u32,
    /// The extractors whose errors the file holds, sorted.
    pub extractors: Vec<String>,
}

impl ErrorsHeader {
    /// The header for the errors of `extractors` scored against `dataset`.
    pub fn new(dataset: &Dataset, extractors: impl IntoIterator<Item = String>) -> Self {
        let mut extractors: Vec<String> = extractors.into_iter().collect();
        extractors.sort();
        ErrorsHeader {
            wirebench: "errors".into(),
            fingerprint: dataset.fingerprint().clone(),
            scorer_version: SCORER_VERSION,
            extractors,
        }
    }
}

/// An errors file read back: its header and records.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorsRead {
    /// The header line.
    pub header: ErrorsHeader,
    /// Every record, in file order.
    pub records: Vec<ErrorRecord>,
}

/// Writes error records as JSON Lines to a file, a header line then one
/// record a line; the first write error is kept and reported by
/// [`ErrorsFile::finish`]. The records go to a temporary file that replaces
/// `path` only at `finish`, so a run that stops early leaves an existing file
/// as it was.
pub struct ErrorsFile {
    out: crate::guard::AtomicFile,
    failure: Option<std::io::Error>,
}

impl ErrorsFile {
    /// Starts the file (a temporary file beside `path` until
    /// [`ErrorsFile::finish`]) and writes its header.
    pub fn create(path: &std::path::Path, header: &ErrorsHeader) -> crate::Result<Self> {
        use std::io::Write;
        let mut out = crate::guard::AtomicFile::create(path)?;
        serde_json::to_writer(&mut out, header)
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n"))
            .map_err(|e| crate::Error::io(path, e))?;
        Ok(ErrorsFile { out, failure: None })
    }

    /// Appends one record.
    pub fn record(&mut self, record: &ErrorRecord) {
        use std::io::Write;
        if self.failure.is_none() {
            let written = serde_json::to_writer(&mut self.out, record)
                .map_err(std::io::Error::from)
                .and_then(|()| self.out.write_all(b"\n"));
            self.failure = written.err();
        }
    }

    /// Writes the file into place; the first write error, if any, names the file.
    pub fn finish(mut self) -> crate::Result<()> {
        match self.failure.take() {
            Some(e) => Err(crate::Error::io(self.out.path(), e)),
            None => self.out.commit(),
        }
    }

    /// Reads the records of a file written by `--errors`.
    pub fn read(path: &std::path::Path) -> crate::Result<Vec<ErrorRecord>> {
        Ok(Self::read_with_header(path)?.records)
    }

    /// Reads a file written by `--errors`, header and records; a file with
    /// no header is an error.
    pub fn read_with_header(path: &std::path::Path) -> crate::Result<ErrorsRead> {
        let bytes = crate::guard::read_regular(path).map_err(|e| crate::Error::io(path, e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            crate::Error::io(
                path,
                std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error()),
            )
        })?;
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty());
        let header: ErrorsHeader = match lines.next() {
            Some((_, line)) => serde_json::from_str(line).map_err(|source| crate::Error::Json {
                path: path.to_path_buf(),
                message: "line 1: not an errors-file header (write the file again with --errors)"
                    .into(),
                source: Some(source),
            })?,
            None => {
                return Err(crate::Error::Json {
                    path: path.to_path_buf(),
                    message: "empty file: no errors-file header".into(),
                    source: None,
                })
            }
        };
        let records = lines
            .map(|(i, l)| {
                serde_json::from_str(l).map_err(|source| crate::Error::Json {
                    path: path.to_path_buf(),
                    message: format!("line {}: not an error record", i + 1),
                    source: Some(source),
                })
            })
            .collect::<crate::Result<Vec<ErrorRecord>>>()?;
        Ok(ErrorsRead { header, records })
    }
}
