//! `wirebench run` as a pipeline over batches of documents, so that memory
//! does not grow with the text.
//!
//! The manifest is read and checked first (`validate::Layout`); then, in id
//! order, each batch of documents is read and validated (texts and golden
//! files, the fingerprint updated), extracted by every extractor, scored,
//! and tallied: each document's rows go to a temporary file, its error
//! records and predictions to theirs, and what stays is only what the
//! intervals resample (`report::tally`). The next batch is read and checked
//! while the current one is scored and tallied (one `rayon::join`), so a
//! core left idle at the end of one picks up the other's work; extraction
//! runs alone, so the extractors' timings stay their own. Once a problem is found
//! nothing more is extracted, but every file is still checked, and the run
//! fails with every problem in the order `wirebench validate` lists them.
//! Extractors are prepared when the first batch has passed, so an invalid
//! manifest starts none; the progress reporter sees one pass over the
//! documents (all extractors together).
//!
//! The report written from the temporary files has the same bytes (apart
//! from `timings`) as [`Report::build`] over the whole dataset in memory,
//! on any thread count: batches are in id order, and each stage collects
//! its parallel results in order.

use std::collections::BTreeMap;
use std::io::{BufWriter, Seek, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::corpus::{Declared, Document, Fingerprint, Source};
use crate::error::{Error, Result};
use crate::extract::Extractor;
use crate::golden::GoldenFile;
use crate::guard::AtomicFile;
use crate::offsets::OffsetUnit;
use crate::prediction::{write_prediction_line, write_predictions_header, Prediction};
use crate::report::spill::{render_documents, write_report, Spill};
use crate::report::tally::{finish_all, Groups, Tally};
use crate::report::{ErrorsHeader, Failure, Report, Totals, SCHEMA_VERSION};
use crate::runner::{self, Outcome, Reporter, Timing, Work};
use crate::schema::Layer;
use crate::score::errors::{diagnose_with, Confusion, ErrorRecord};
use crate::score::layers::score_document;
use crate::score::{DocumentCounts, ScoringConfig, SCORER_VERSION};
use crate::shard::Shard;
use crate::validate::{Entry, Layout, Problem};

/// Documents per batch at most.
pub const BATCH_DOCUMENTS: usize = 256;
/// Bytes of text per batch at most (a batch holds one document at least).
pub const BATCH_BYTES: usize = 4 << 20;

/// What a streamed run does besides scoring.
#[derive(Debug, Clone, Default)]
pub struct Options<'a> {
    /// Only the documents of this shard are extracted and scored (all are validated).
    pub shard: Option<Shard>,
    /// Keep every error record (for `--errors`).
    pub errors: bool,
    /// Write each extractor's predictions to `DIR/<extractor>.jsonl`.
    pub save_predictions: Option<&'a Path>,
    /// Documents per batch (default [`BATCH_DOCUMENTS`]).
    pub batch_documents: Option<usize>,
}

/// A finished streamed run: the report without its documents (they are in
/// temporary files until written), and the totals the terminal tables read.
pub struct Streamed<'e> {
    /// The report; each extractor's `documents` is empty.
    pub report: Report,
    /// Per extractor: documents scored and their counts summed.
    pub totals: BTreeMap<String, Totals>,
    /// Documents scored (those of the shard).
    pub documents: usize,
    sinks: Vec<Sink<'e>>,
    errors_header: ErrorsHeader,
}

impl Streamed<'_> {
    /// Writes the JSON report (as [`Report::write`] would the whole report):
    /// every extractor's documents rendered in parallel, then the report
    /// written around them.
    pub fn write_json(&mut self, path: &Path) -> Result<()> {
        let mut out = BufWriter::new(AtomicFile::create(path)?);
        let mut documents: BTreeMap<String, std::fs::File> = self
            .sinks
            .par_iter_mut()
            .map(|sink| {
                let part = render_documents(&mut sink.spill, &sink.keys)
                    .map_err(|e| Error::io("temporary file for the report's documents", e))?;
                Ok((sink.id.clone(), part))
            })
            .collect::<Result<_>>()?;
        write_report(&mut out, &self.report, &mut documents).map_err(|e| Error::io(path, e))?;
        out.into_inner()
            .map_err(|e| Error::io(path, e.into_error()))?
            .commit()
    }

    /// Writes the errors file (header, then every extractor's records in
    /// extractor order), as `--errors` writes it.
    pub fn write_errors(&mut self, path: &Path) -> Result<()> {
        self.write_errors_into(AtomicFile::create(path)?)
    }

    /// [`Streamed::write_errors`] into a file created before the run (so
    /// that a path that cannot be written fails first).
    pub(crate) fn write_errors_into(&mut self, mut out: AtomicFile) -> Result<()> {
        let path = out.path().to_path_buf();
        let mut write = || -> std::io::Result<()> {
            serde_json::to_writer(&mut out, &self.errors_header)?;
            out.write_all(b"\n")?;
            for sink in &mut self.sinks {
                if let Some(records) = sink.errors.as_mut() {
                    records.flush()?;
                    let file = records.get_mut();
                    file.rewind()?;
                    std::io::copy(file, &mut out)?;
                }
            }
            Ok(())
        };
        write().map_err(|e| Error::io(&path, e))?;
        out.commit()
    }

    /// Moves the predictions files into place.
    pub fn commit_predictions(&mut self) -> Result<()> {
        for sink in &mut self.sinks {
            if let Some(out) = sink.predictions.take() {
                let path = out.get_ref().path().to_path_buf();
                out.into_inner()
                    .map_err(|e| Error::io(&path, e.into_error()))?
                    .commit()?;
            }
        }
        Ok(())
    }
}

/// One extractor through the run.
struct Sink<'e> {
    extractor: &'e dyn Extractor,
    id: String,
    /// Declared layers the corpus annotates: the ones scored.
    scored: Vec<Layer>,
    prepared: std::result::Result<(), String>,
    tally: Tally,
    spill: Spill,
    keys: Vec<(Layer, String)>,
    errors: Option<BufWriter<std::fs::File>>,
    predictions: Option<BufWriter<AtomicFile>>,
    /// The first write error of the temporary files, with the file it hit.
    failure: Option<Error>,
    clock: Clock,
}

/// An extractor's time and work summed over batches.
#[derive(Default)]
struct Clock {
    elapsed: Duration,
    work: Work,
    measured: Option<(usize, usize, f64)>,
}

/// One document scored by one extractor.
struct Scored {
    counts: DocumentCounts,
    errors: Vec<ErrorRecord>,
    confusion: Confusion,
}

/// Fingerprint lines hashed as they come (see `corpus::Fingerprint`).
#[derive(Default)]
struct Hashes {
    documents: usize,
    corpus: Sha256,
    golden: Sha256,
}

impl Hashes {
    fn add(&mut self, id: &str, text_hash: &str, golden_hash: &str) {
        if self.documents > 0 {
            self.corpus.update(b"\n");
            self.golden.update(b"\n");
        }
        for (hasher, hash) in [
            (&mut self.corpus, text_hash),
            (&mut self.golden, golden_hash),
        ] {
            hasher.update(id);
            hasher.update(b"\0");
            hasher.update(hash);
        }
        self.documents += 1;
    }

    fn finish(self) -> Fingerprint {
        let hex = |bytes: &[u8]| -> String { bytes.iter().map(|b| format!("{b:02x}")).collect() };
        Fingerprint {
            documents: self.documents,
            corpus: hex(&self.corpus.finalize()),
            golden: hex(&self.golden.finalize()),
        }
    }
}

/// Runs `extractors` over the corpus of `source` and scores them, batch by
/// batch, on the current rayon pool. An invalid corpus is
/// [`Error::Invalid`] with every problem, as [`crate::corpus::Dataset::load`] gives.
pub fn run<'e>(
    source: &Source,
    extractors: &[&'e dyn Extractor],
    config: &ScoringConfig,
    options: &Options<'_>,
    reporter: &dyn Reporter,
) -> Result<Streamed<'e>> {
    runner::install_quiet_panic_hook();
    let threads = rayon::current_num_threads();
    let mut layout = Layout::read(source);
    let mut order: Vec<usize> = (0..layout.entries.len())
        .filter(|&i| layout.entries[i].0.is_some())
        .collect();
    order.sort_by(|&a, &b| entry_id(&layout, a).cmp(entry_id(&layout, b)));
    let mut text_problems: Vec<Vec<Problem>> = vec![Vec::new(); layout.entries.len()];
    let mut golden_problems = Vec::new();
    let mut invalid = !layout.head.is_empty()
        || !layout.strays.is_empty()
        || layout.entries.iter().any(|(_, p)| !p.is_empty());

    let mut sorted: Vec<&dyn Extractor> = extractors.to_vec();
    sorted.sort_by(|a, b| a.id().cmp(b.id()));
    if let Some(dir) = options.save_predictions {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let mut sinks = sorted
        .into_iter()
        .map(|extractor| Sink::new(extractor, config, options))
        .collect::<Result<Vec<_>>>()?;
    let label = format!("{} extractor(s)", sinks.len());
    reporter.extractor_started(&label, order.len());

    let (mut whole, mut part) = (Hashes::default(), Hashes::default());
    let mut groups = Groups::default();
    let mut prepared = false;
    let limit = options.batch_documents.unwrap_or(BATCH_DOCUMENTS).max(1);
    let mut next = 0;
    // Each batch is read and checked while the one before it is scored.
    let first = take_batch(&mut layout, &order, &mut next, limit);
    let mut loaded = load(&layout, first);
    while !loaded.is_empty() {
        let mut kept: Vec<(Document, GoldenFile)> = Vec::with_capacity(loaded.len());
        let mut work = Work::default();
        for doc in loaded {
            invalid |= !doc.text_problems.is_empty() || !doc.golden_problems.is_empty();
            text_problems[doc.entry] = doc.text_problems;
            golden_problems.extend(doc.golden_problems);
            let (Some(text), Some((gold, golden_hash))) = (doc.document, doc.golden) else {
                continue;
            };
            whole.add(&text.id, &text.meta.sha256, &golden_hash);
            if options.shard.is_none_or(|s| s.contains(&text.id)) {
                part.add(&text.id, &text.meta.sha256, &golden_hash);
                work.documents += 1;
                work.bytes += text.text.len();
                work.words += doc.words;
                kept.push((text, gold));
            }
        }
        let following = take_batch(&mut layout, &order, &mut next, limit);
        if invalid || kept.is_empty() {
            loaded = load(&layout, following);
            continue;
        }
        if !prepared {
            sinks
                .par_iter_mut()
                .for_each(|s| s.prepare(&layout.declared, config));
            if options.shard.is_none() {
                // Every document listed is scored unless the run fails.
                sinks.iter_mut().for_each(|s| s.tally.reserve(order.len()));
            }
            prepared = true;
        }
        let (docs, gold): (Vec<Document>, Vec<GoldenFile>) = kept.into_iter().unzip();
        docs.iter().for_each(|d| groups.push(&d.meta));
        let outcomes: Vec<Vec<Outcome>> = sinks
            .iter_mut()
            .map(|sink| sink.extract(&docs, work))
            .collect();
        let layout = &layout;
        let sinks = &mut sinks;
        let finished = docs.len();
        let ((), following) = rayon::join(
            || {
                let scorers: Vec<(&str, &[Layer])> = sinks
                    .iter()
                    .map(|s| (s.id.as_str(), s.scored.as_slice()))
                    .collect();
                let scored = score_batch(&scorers, &docs, &gold, &outcomes, config, options.errors);
                sinks
                    .par_iter_mut()
                    .zip(scored)
                    .zip(outcomes)
                    .for_each(|((sink, scored), outcomes)| sink.take(&docs, scored, outcomes));
                // Freed here, beside the next batch's reading, not on one core after it.
                docs.into_par_iter().for_each(drop);
                gold.into_par_iter().for_each(drop);
            },
            || load(layout, following),
        );
        loaded = following;
        for _ in 0..finished {
            reporter.document_finished(&label);
        }
    }

    if !invalid && !prepared {
        // No document to score (an empty shard): prepared all the same.
        sinks
            .par_iter_mut()
            .for_each(|s| s.prepare(&layout.declared, config));
    }
    if invalid {
        let mut problems = layout.head.clone();
        for ((_, found), text) in layout.entries.iter().zip(text_problems) {
            problems.extend(found.iter().cloned());
            problems.extend(text);
        }
        problems.extend(layout.strays.iter().cloned());
        problems.extend(golden_problems);
        return Err(Error::Invalid { problems });
    }
    let documents = part.documents;
    let (whole, part) = (whole.finish(), part.finish());
    let mut scores = BTreeMap::new();
    let mut totals = BTreeMap::new();
    let mut timings = BTreeMap::new();
    let mut tallies = Vec::with_capacity(sinks.len());
    for sink in &mut sinks {
        if let Some(e) = sink.failure.take() {
            return Err(e);
        }
        if let Some(timing) = sink.timing(threads) {
            timings.insert(sink.id.clone(), timing);
        }
    }
    let spread: Vec<Result<(Tally, Totals)>> =
        sinks.par_iter_mut().map(|s| s.spread(config)).collect();
    for (sink, spread) in sinks.iter().zip(spread) {
        let (tally, summed) = spread?;
        totals.insert(sink.id.clone(), summed);
        tallies.push(tally);
    }
    for (sink, scored) in sinks.iter().zip(finish_all(tallies, &groups, config)) {
        scores.insert(sink.id.clone(), scored);
    }
    reporter.extractor_finished(
        &label,
        &Timing::new(Duration::ZERO, Work::default(), threads),
    );
    let errors_header = ErrorsHeader {
        wirebench: "errors".into(),
        fingerprint: part,
        scorer_version: SCORER_VERSION,
        extractors: sinks.iter().map(|s| s.id.clone()).collect(),
    };
    let report = Report {
        schema_version: SCHEMA_VERSION,
        wirebench_version: env!("CARGO_PKG_VERSION").to_owned(),
        scorer_version: SCORER_VERSION,
        fingerprint: if options.shard.is_some() {
            whole
        } else {
            errors_header.fingerprint.clone()
        },
        scoring: config.clone(),
        scores,
        timings,
        shard: options.shard,
    };
    Ok(Streamed {
        report,
        totals,
        documents,
        sinks,
        errors_header,
    })
}

/// One document read and checked: its text and golden file when they
/// could be read, with the problems found in each.
struct Loaded {
    /// Its index in the layout's entries.
    entry: usize,
    document: Option<Document>,
    text_problems: Vec<Problem>,
    /// The annotations in byte offsets and the golden file's hash.
    golden: Option<(GoldenFile, String)>,
    golden_problems: Vec<Problem>,
    /// Runs of non-white-space in the text (as [`Work::of`] counts them).
    words: usize,
}

/// Takes the next batch's entries out of the layout (empty at the end):
/// entries leave the layout as their documents are read.
fn take_batch(
    layout: &mut Layout<'_>,
    order: &[usize],
    next: &mut usize,
    limit: usize,
) -> Vec<(usize, Entry)> {
    if *next >= order.len() {
        return Vec::new();
    }
    let batch = batch_of(layout, &order[*next..], limit);
    *next += batch.len();
    batch
        .iter()
        .map(|&i| {
            let entry = layout.entries[i].0.take().expect("readable entries only");
            (i, entry)
        })
        .collect()
}

/// Reads and checks a batch's texts and golden files, in parallel, one
/// task per document; results in entry order.
fn load(layout: &Layout<'_>, entries: Vec<(usize, Entry)>) -> Vec<Loaded> {
    entries
        .into_par_iter()
        .map(|(entry, kept)| {
            let mut text_problems = Vec::new();
            let mut golden_problems = Vec::new();
            let document = layout.read_document(&kept, &mut text_problems);
            let golden = document
                .as_ref()
                .and_then(|doc| layout.check_golden(doc, false, &mut golden_problems));
            let words = document
                .as_ref()
                .map_or(0, |doc| doc.text.split_whitespace().count());
            Loaded {
                entry,
                document,
                text_problems,
                golden,
                golden_problems,
                words,
            }
        })
        .collect()
}

/// Scores a batch: every extractor and document in parallel, collected in order.
fn score_batch(
    scorers: &[(&str, &[Layer])],
    docs: &[Document],
    gold: &[GoldenFile],
    outcomes: &[Vec<Outcome>],
    config: &ScoringConfig,
    keep_records: bool,
) -> Vec<Vec<Scored>> {
    scorers
        .par_iter()
        .zip(outcomes)
        .map(|(&(id, layers), outcomes)| {
            docs.par_iter()
                .zip(gold)
                .zip(outcomes)
                .map(|((doc, gold), outcome)| {
                    score(id, layers, doc, gold, outcome, config, keep_records)
                })
                .collect()
        })
        .collect()
}

/// Scores one document for extractor `id` on `layers` (as `Report::build` does).
fn score(
    id: &str,
    layers: &[Layer],
    doc: &Document,
    gold: &GoldenFile,
    outcome: &Outcome,
    config: &ScoringConfig,
    keep_records: bool,
) -> Scored {
    let empty = Prediction::empty();
    let prediction = match outcome {
        Outcome::Predicted(p) => p,
        Outcome::Failed(_) => &empty,
    };
    let (errors, confusion) =
        diagnose_with(id, doc, gold, prediction, layers, config, keep_records);
    Scored {
        counts: score_document(gold, Some(prediction), layers, config),
        errors,
        confusion,
    }
}

fn entry_id<'l>(layout: &'l Layout<'_>, i: usize) -> &'l str {
    layout.entries[i].0.as_ref().map_or("", |e| e.id.as_str())
}

/// The next batch: up to `limit` entries of `order`, and no more text than
/// [`BATCH_BYTES`] when the folder tells sizes (at least one entry). The
/// sizes are asked for in parallel (one `stat` per file on disk).
fn batch_of<'o>(layout: &Layout<'_>, order: &'o [usize], limit: usize) -> &'o [usize] {
    let sizes: Vec<usize> = order[..limit.min(order.len())]
        .par_iter()
        .map(|&i| layout.text_size(i))
        .collect();
    let mut bytes = 0;
    let mut n = 0;
    for size in sizes {
        bytes += size;
        if n > 0 && bytes > BATCH_BYTES {
            break;
        }
        n += 1;
    }
    &order[..n.max(1)]
}

impl<'e> Sink<'e> {
    fn new(
        extractor: &'e dyn Extractor,
        config: &ScoringConfig,
        options: &Options<'_>,
    ) -> Result<Sink<'e>> {
        let id = extractor.id().to_owned();
        let temp = |what: &str| {
            tempfile::tempfile().map_err(|e| Error::io(format!("temporary file for {what}"), e))
        };
        let errors = match options.errors {
            true => Some(BufWriter::new(temp("error records")?)),
            false => None,
        };
        let predictions = match options.save_predictions {
            Some(dir) => {
                let path = dir.join(format!("{}.jsonl", id.replace('/', "-")));
                let mut out = BufWriter::new(AtomicFile::create(&path)?);
                write_predictions_header(&mut out, &id, OffsetUnit::Codepoint)
                    .map_err(|e| Error::io(&path, e))?;
                Some(out)
            }
            None => None,
        };
        let spill = Spill::new().map_err(|e| Error::io("temporary file for counts", e))?;
        Ok(Sink {
            extractor,
            // Both set again once the extractor is prepared.
            scored: Vec::new(),
            prepared: Ok(()),
            tally: Tally::new(&[], config),
            spill,
            keys: Vec::new(),
            errors,
            predictions,
            failure: None,
            clock: Clock::default(),
            id,
        })
    }

    /// Prepares the extractor, outside the clock and isolated; its layers
    /// are known from then on (an external one learns them from its hello).
    fn prepare(&mut self, declared: &Declared, config: &ScoringConfig) {
        if let Err(reason) = runner::isolated(|| self.extractor.prepare()) {
            self.extractor.take_measurement();
            self.prepared = Err(format!("prepare failed: {reason}"));
        }
        let layers = self.extractor.layers();
        self.scored = layers
            .iter()
            .copied()
            .filter(|l| declared.has_layer(*l))
            .collect();
        self.tally = Tally::new(layers, config);
    }

    /// Runs the extractor over a batch, in its own batches, in parallel.
    /// `work` is the size of `docs` (the same for every extractor).
    fn extract(&mut self, docs: &[Document], work: Work) -> Vec<Outcome> {
        if let Err(reason) = &self.prepared {
            return vec![Outcome::Failed(reason.clone()); docs.len()];
        }
        let extractor = self.extractor;
        let started = Instant::now();
        let outcomes = docs
            .par_chunks(extractor.batch_size().max(1))
            .flat_map_iter(|chunk| runner::extract_batch(extractor, chunk))
            .collect();
        self.clock.elapsed += started.elapsed();
        let work = match extractor.take_measurement() {
            None => work,
            Some(m) => {
                let worked = Work::of(docs.iter().filter(|d| !m.cached.contains(&d.id)));
                let (_, cached, seconds) = self.clock.measured.unwrap_or_default();
                self.clock.measured = Some((
                    m.workers,
                    cached + docs.len() - worked.documents,
                    seconds + m.document_seconds,
                ));
                worked
            }
        };
        let total = &mut self.clock.work;
        total.documents += work.documents;
        total.bytes += work.bytes;
        total.words += work.words;
        outcomes
    }

    /// Tallies a scored batch, in document order, and writes its rows,
    /// records and predictions to their files.
    fn take(&mut self, docs: &[Document], scored: Vec<Scored>, outcomes: Vec<Outcome>) {
        for ((doc, s), outcome) in docs.iter().zip(scored).zip(outcomes) {
            let rows = self.tally.add(&doc.id, &s.counts);
            let spilled = self.spill.push(&doc.id, &rows);
            self.keep(spilled, "temporary file for counts");
            self.tally.confuse(s.confusion);
            if let Some(out) = self.errors.as_mut() {
                let written = s.errors.iter().try_for_each(|record| {
                    serde_json::to_writer(&mut *out, record)?;
                    out.write_all(b"\n")
                });
                self.keep(written, "temporary file for error records");
            }
            match outcome {
                Outcome::Failed(reason) => self.tally.fail(Failure {
                    doc: doc.id.clone(),
                    reason,
                }),
                Outcome::Predicted(p) => {
                    if let Some(out) = self.predictions.as_mut() {
                        let written = write_prediction_line(
                            out,
                            OffsetUnit::Codepoint,
                            doc.id.clone(),
                            &doc.offsets,
                            &p,
                        );
                        let path = out.get_ref().path().display().to_string();
                        self.keep(written, &path);
                    }
                }
            }
        }
    }

    /// Keeps the first write error.
    fn keep(&mut self, written: std::io::Result<()>, what: &str) {
        if let (Err(e), None) = (written, &self.failure) {
            self.failure = Some(Error::io(what, e));
        }
    }

    fn timing(&self, threads: usize) -> Option<Timing> {
        self.prepared.as_ref().ok()?;
        let timing = Timing::new(self.clock.elapsed, self.clock.work, threads);
        Some(match self.clock.measured {
            None => timing,
            Some((workers, cached, seconds)) => Timing {
                workers: Some(workers),
                cached,
                document_seconds: Some(seconds),
                ..timing
            },
        })
    }

    /// The second pass over the extractor's rows: its tally, ready to
    /// finish, and its totals.
    fn spread(&mut self, config: &ScoringConfig) -> Result<(Tally, Totals)> {
        let tally = &mut self.tally;
        self.spill
            .read(|_, rows| {
                tally.spread(rows);
                Ok(())
            })
            .map_err(|e| Error::io("temporary file for counts", e))?;
        let totals = Totals {
            documents: self.tally.documents(),
            counts: self.tally.summed(),
        };
        self.keys = self.tally.keys().names().to_vec();
        let tally = std::mem::replace(&mut self.tally, Tally::new(&[], config));
        Ok((tally, totals))
    }
}
