//! One extractor's figures, gathered one document at a time.
//!
//! A streamed run (`crate::stream`) scores documents in batches and drops
//! each document's counts once it is tallied; what stays per document is
//! only what the intervals resample (a [`Column`] per metric: 40 bytes for a
//! headline metric) and its groups (shared by all extractors). Metrics come
//! from running totals per count key; the standard deviation of the
//! per-document F1s takes a second pass over the documents' rows (kept on
//! disk by the run). The in-memory [`crate::report::Report::build`] goes
//! through the same tally, so both give the same bits.

use std::collections::{BTreeMap, HashMap};

use crate::corpus::ManifestEntry;
use crate::report::{DocumentScore, ExtractorScores, Failure, Group, GROUPINGS};
use crate::schema::Layer;
use crate::score::bootstrap::{estimates_of_column_sets, Column};
use crate::score::errors::Confusion;
use crate::score::metric_id::{DocF1s, KeyTotals};
use crate::score::metrics::metrics_of_totals;
use crate::score::{headline, Counts, DocumentCounts, MeasureKey, MetricId, ScoringConfig};

/// A document's non-zero counts, by the tally's key slot.
pub(crate) type Rows = Vec<(u32, Counts)>;

/// Each document's value of every grouping (`split`, `topic`, `region`), in
/// document order; shared by every extractor of a run.
#[derive(Debug, Default)]
pub(crate) struct Groups {
    names: [Vec<String>; 3],
    members: [Vec<u32>; 3],
}

impl Groups {
    /// Adds the next document.
    pub(crate) fn push(&mut self, meta: &ManifestEntry) {
        for (g, grouping) in GROUPINGS.iter().enumerate() {
            let value = match *grouping {
                "split" => meta.split.map(|s| s.name()),
                "topic" => meta.topic.as_deref(),
                _ => meta.region.as_deref(),
            }
            .unwrap_or("none");
            let names = &mut self.names[g];
            let i = match names.iter().position(|n| n == value) {
                Some(i) => i,
                None => {
                    names.push(value.to_owned());
                    names.len() - 1
                }
            };
            self.members[g].push(i as u32);
        }
    }

    /// The documents of each value of grouping `g`, values in order.
    fn of(&self, g: usize) -> BTreeMap<&str, Vec<usize>> {
        let mut out: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (doc, &i) in self.members[g].iter().enumerate() {
            out.entry(self.names[g][i as usize].as_str())
                .or_default()
                .push(doc);
        }
        out
    }
}

/// Count keys `(layer, measure.mode[/label])` numbered as first seen
/// (looked up once per key of every document: foldhash's fixed-seed
/// hasher rather than SipHash; the numbering does not depend on it). A key
/// made by scoring is the process's one copy of its text
/// (`crate::score::key`), so a borrowed key is looked up by its address
/// and length first, without hashing the text.
#[derive(Debug, Default)]
pub(crate) struct Keys {
    slots: BTreeMap<Layer, HashMap<String, u32, crate::gazetteer::FastHash>>,
    interned: HashMap<(Layer, usize, usize), u32, crate::gazetteer::FastHash>,
    names: Vec<(Layer, String)>,
}

impl Keys {
    fn slot(&mut self, layer: Layer, key: &MeasureKey) -> u32 {
        let MeasureKey::Borrowed(text) = key else {
            return self.slot_of_text(layer, key);
        };
        // Address and length: equal ones are the same text.
        let at = (layer, text.as_ptr() as usize, text.len());
        if let Some(&slot) = self.interned.get(&at) {
            return slot;
        }
        let slot = self.slot_of_text(layer, text);
        self.interned.insert(at, slot);
        slot
    }

    fn slot_of_text(&mut self, layer: Layer, key: &str) -> u32 {
        let slots = self.slots.entry(layer).or_default();
        if let Some(&slot) = slots.get(key) {
            return slot;
        }
        let slot = self.names.len() as u32;
        slots.insert(key.to_owned(), slot);
        self.names.push((layer, key.to_owned()));
        slot
    }

    /// Every key, by slot.
    pub(crate) fn names(&self) -> &[(Layer, String)] {
        &self.names
    }
}

/// One extractor's running figures.
pub(crate) struct Tally {
    layers: Vec<Layer>,
    ids: Vec<MetricId>,
    columns: Vec<Column>,
    keys: Keys,
    totals: Vec<(Counts, DocF1s)>,
    documents: usize,
    worst: Vec<DocumentScore>,
    confusion: Confusion,
    failed: Vec<Failure>,
}

impl Tally {
    /// A tally for an extractor scoring `layers` (as it declares them).
    pub(crate) fn new(layers: &[Layer], config: &ScoringConfig) -> Tally {
        let mut ids: Vec<MetricId> = layers.iter().map(|&l| headline(l)).collect();
        // Asked-for intervals apply to the extractors that score the metric's layer.
        for id in &config.intervals {
            if !ids.contains(id) && layers.contains(&id.layer()) {
                ids.push(id.clone());
            }
        }
        Tally {
            layers: layers.to_vec(),
            columns: ids.iter().map(Column::new).collect(),
            ids,
            keys: Keys::default(),
            totals: Vec::new(),
            documents: 0,
            worst: Vec::new(),
            confusion: Confusion::new(),
            failed: Vec::new(),
        }
    }

    /// Room for `n` more documents in the interval vectors, exactly.
    pub(crate) fn reserve(&mut self, n: usize) {
        self.columns.iter_mut().for_each(|c| c.reserve(n));
    }

    /// Adds the next document (in id order) and returns its non-zero rows.
    pub(crate) fn add(&mut self, doc: &str, counts: &DocumentCounts) -> Rows {
        self.documents += 1;
        for column in &mut self.columns {
            column.push(counts);
        }
        let mut rows = Rows::new();
        for (&layer, measures) in counts {
            for (key, c) in measures {
                let slot = self.keys.slot(layer, key);
                if slot as usize == self.totals.len() {
                    self.totals.push(Default::default());
                }
                let (total, f1s) = &mut self.totals[slot as usize];
                total.add(c);
                if let Some(f1) = c.f1() {
                    f1s.add(f1);
                }
                if *c != Counts::default() {
                    rows.push((slot, *c));
                }
            }
        }
        // The headline ids come first (see `Tally::new`), each the F1 of one
        // count key: the document's F1 is that key's, read directly.
        let (sum, n) = self.ids[..self.layers.len()]
            .iter()
            .filter_map(|id| id.counts_of(counts).f1())
            .fold((0.0, 0), |(sum, n), f1| (sum + f1, n + 1));
        if n > 0 {
            self.worst.push(DocumentScore {
                doc: doc.to_owned(),
                f1: sum / n as f64,
            });
            // The five lowest, ties by id.
            self.worst
                .sort_by(|a, b| a.f1.total_cmp(&b.f1).then_with(|| a.doc.cmp(&b.doc)));
            self.worst.truncate(5);
        }
        rows
    }

    /// Adds a document's entity-type confusion.
    pub(crate) fn confuse(&mut self, confusion: Confusion) {
        for (gold_type, row) in confusion {
            let into = self.confusion.entry(gold_type).or_default();
            for (predicted, n) in row {
                *into.entry(predicted).or_default() += n;
            }
        }
    }

    /// Records a failed document (in id order).
    pub(crate) fn fail(&mut self, failure: Failure) {
        self.failed.push(failure);
    }

    /// The second pass, once every document was added: a document's rows
    /// (in the order documents were added).
    pub(crate) fn spread(&mut self, rows: &[(u32, Counts)]) {
        for (slot, c) in rows {
            if let Some(f1) = c.f1() {
                self.totals[*slot as usize].1.add_deviation(f1);
            }
        }
    }

    /// [`Tally::spread`] for a document's counts.
    fn spread_counts(&mut self, counts: &DocumentCounts) {
        for (&layer, measures) in counts {
            for (key, c) in measures {
                if let Some(f1) = c.f1() {
                    let slot = self.keys.slot(layer, key);
                    self.totals[slot as usize].1.add_deviation(f1);
                }
            }
        }
    }

    /// The count keys met so far, by slot.
    pub(crate) fn keys(&self) -> &Keys {
        &self.keys
    }

    /// Documents added.
    pub(crate) fn documents(&self) -> usize {
        self.documents
    }

    /// Every document's counts summed (what the terminal tables read).
    pub(crate) fn summed(&self) -> DocumentCounts {
        let mut out = DocumentCounts::new();
        for ((layer, key), (counts, _)) in self.keys.names.iter().zip(&self.totals) {
            out.entry(*layer)
                .or_default()
                .insert(key.clone().into(), *counts);
        }
        out
    }

    /// The extractor's scores, after [`Tally::spread`] saw every document;
    /// `documents` is what the report holds of each document (empty when
    /// the run writes them as it goes).
    pub(crate) fn finish(
        self,
        groups: &Groups,
        config: &ScoringConfig,
        documents: BTreeMap<String, DocumentCounts>,
    ) -> ExtractorScores {
        let mut scores = finish_all(vec![self], groups, config);
        let mut scores = scores.pop().expect("one tally, one score");
        scores.documents = documents;
        scores
    }
}

/// Every extractor's scores over the same documents, after
/// [`Tally::spread`] saw them all: each interval's resamples are drawn once
/// for all extractors (see [`estimates_of_column_sets`]), with the figures
/// each would get alone.
pub(crate) fn finish_all(
    tallies: Vec<Tally>,
    groups: &Groups,
    config: &ScoringConfig,
) -> Vec<ExtractorScores> {
    let sets: Vec<(&[MetricId], &[Column])> = tallies
        .iter()
        .map(|t| (t.ids.as_slice(), t.columns.as_slice()))
        .collect();
    let mut intervals = estimates_of_column_sets(&sets, &config.bootstrap);
    let mut breakdowns: Vec<BTreeMap<String, BTreeMap<String, Group>>> =
        tallies.iter().map(|_| BTreeMap::new()).collect();
    for (g, grouping) in GROUPINGS.iter().enumerate() {
        let per_value: Vec<(&str, Vec<usize>)> = groups.of(g).into_iter().collect();
        // One value at a time (each draw is parallel), so that only one
        // group's copy of the vectors exists at once.
        let estimated: Vec<_> = per_value
            .into_iter()
            .map(|(value, docs)| {
                let selected: Vec<Vec<Column>> = tallies
                    .iter()
                    .map(|t| t.columns.iter().map(|c| c.select(&docs)).collect())
                    .collect();
                let sets: Vec<(&[MetricId], &[Column])> = tallies
                    .iter()
                    .zip(&selected)
                    .map(|(t, columns)| (t.ids.as_slice(), columns.as_slice()))
                    .collect();
                let estimates = estimates_of_column_sets(&sets, &config.bootstrap);
                (value, docs.len(), estimates)
            })
            .collect();
        for out in &mut breakdowns {
            out.insert((*grouping).to_owned(), BTreeMap::new());
        }
        for (value, documents, estimates) in estimated {
            for (out, estimates) in breakdowns.iter_mut().zip(estimates) {
                out.get_mut(*grouping).expect("inserted above").insert(
                    value.to_owned(),
                    Group {
                        documents,
                        estimates,
                    },
                );
            }
        }
    }
    tallies
        .into_iter()
        .zip(intervals.drain(..))
        .zip(breakdowns)
        .map(|((tally, intervals), breakdowns)| {
            let totals = KeyTotals::from_summaries(
                tally
                    .keys
                    .names
                    .into_iter()
                    .zip(tally.totals)
                    .map(|(key, (counts, f1s))| (key, counts, f1s)),
            );
            ExtractorScores {
                layers: tally.layers,
                metrics: metrics_of_totals(&totals, tally.documents),
                intervals,
                breakdowns,
                worst_documents: tally.worst,
                confusion: tally.confusion,
                documents: BTreeMap::new(),
                failed: tally.failed,
            }
        })
        .collect()
}

/// An extractor's figures from every document's counts at once (the
/// in-memory report and `merge`): the documents of `order` (with their
/// manifest entries, in id order) must all be in `documents`.
pub(crate) fn summarise_all<'a>(
    order: impl Iterator<Item = (&'a str, &'a ManifestEntry)> + Clone,
    layers: &[Layer],
    documents: BTreeMap<String, DocumentCounts>,
    confusion: Confusion,
    failed: Vec<Failure>,
    config: &ScoringConfig,
) -> ExtractorScores {
    let mut groups = Groups::default();
    let mut tally = Tally::new(layers, config);
    for (id, meta) in order.clone() {
        groups.push(meta);
        tally.add(id, &documents[id]);
    }
    for (id, _) in order {
        tally.spread_counts(&documents[id]);
    }
    tally.confusion = confusion;
    tally.failed = failed;
    tally.finish(&groups, config, documents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_has_one_slot_however_it_is_held() {
        let whole: &'static str = "spans.strict/PERSON";
        let prefix: &'static str = &whole[..12];
        let mut keys = Keys::default();
        let slots = [
            keys.slot(Layer::Entities, &MeasureKey::Borrowed(whole)),
            keys.slot(Layer::Entities, &MeasureKey::Borrowed(prefix)),
            keys.slot(Layer::Entities, &MeasureKey::Owned(whole.to_owned())),
            keys.slot(Layer::Quotes, &MeasureKey::Borrowed(prefix)),
            keys.slot(Layer::Entities, &MeasureKey::Owned("spans.strict".into())),
            keys.slot(Layer::Entities, &MeasureKey::Borrowed(whole)),
        ];
        assert_eq!(slots, [0, 1, 0, 2, 1, 0]);
        assert_eq!(
            keys.names(),
            [
                (Layer::Entities, whole.to_owned()),
                (Layer::Entities, prefix.to_owned()),
                (Layer::Quotes, prefix.to_owned()),
            ]
        );
    }
}
