//! Confidence intervals by bootstrap over documents.
//!
//! On a corpus of a few dozen documents a point of F1 is often noise, so
//! every headline figure carries a 95% interval. Documents are taken in id
//! order and resampled with replacement by a seeded ChaCha8 generator; each
//! resample's micro figures are recomputed from the summed counts of the
//! documents drawn, and the interval is the 2.5th to 97.5th percentile
//! (linear interpolation between order statistics).
//!
//! Each metric is first reduced to a compact vector per document (the
//! numerator and denominator of its proportion, its per-label counts, or
//! its F1), so a resample is a sum over indices with no map lookups or
//! strings. The indices are drawn by one
//! sequential seeded generator, in blocks, and each block's resamples are
//! evaluated in parallel and kept in draw order: the interval is the same on
//! any machine and thread count, and the same as drawing one by one.

use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::score::metric_id::{mean, MetricId, Stat};
use crate::score::{Counts, DocumentCounts};

/// How intervals are drawn; recorded in the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BootstrapConfig {
    /// The generator, always `ChaCha8`.
    pub generator: String,
    /// Its seed.
    pub seed: u64,
    /// Number of resamples.
    pub resamples: usize,
    /// Coverage of the interval, 0.95.
    pub level: f64,
}

impl Default for BootstrapConfig {
    fn default() -> Self {
        BootstrapConfig {
            generator: "ChaCha8".into(),
            seed: 20_261_130,
            resamples: 1000,
            level: 0.95,
        }
    }
}

/// A point estimate with its interval; `null` parts where undefined.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// The figure on all documents.
    pub value: Option<f64>,
    /// Lower bound of the interval.
    pub low: Option<f64>,
    /// Upper bound of the interval.
    pub high: Option<f64>,
}

/// The `q` quantile of sorted values, interpolating linearly between order statistics.
pub(crate) fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Resamples drawn before a block is evaluated in parallel, at most.
const BLOCK: usize = 64;
/// Document indices drawn per block at most (8 MB): a large corpus draws
/// fewer resamples per block, so memory does not grow with it. The draws
/// come from one sequential generator whatever the block, so the intervals
/// do not change.
const BLOCK_INDICES: usize = 1 << 20;

/// Point estimates and bootstrap intervals for `ids` over `docs` (in id order).
pub fn estimates(
    ids: &[MetricId],
    docs: &[&DocumentCounts],
    config: &BootstrapConfig,
) -> BTreeMap<MetricId, Estimate> {
    let columns: Vec<Column> = ids
        .iter()
        .map(|id| {
            let mut column = Column::new(id);
            docs.iter().for_each(|doc| column.push(doc));
            column
        })
        .collect();
    let compact: Vec<Compact> = columns.iter().map(Column::compact).collect();
    let values = ids.iter().map(|id| id.value(docs)).collect();
    draw(ids, &compact, docs.len(), values, config)
}

/// [`estimates`] from metrics' per-document vectors built as documents
/// went by ([`Column`]), each `columns[i]` for `ids[i]`, for several sets
/// of them over the same documents (one set per extractor): the same
/// figures, with nothing but the vectors kept. Each resample's indices are
/// drawn once and every set is evaluated on them, so each set gets exactly
/// the figures it would get alone, for one draw instead of one per set.
pub(crate) fn estimates_of_column_sets(
    sets: &[(&[MetricId], &[Column])],
    config: &BootstrapConfig,
) -> Vec<BTreeMap<MetricId, Estimate>> {
    let compact: Vec<Vec<Compact>> = sets
        .iter()
        .map(|(_, columns)| columns.iter().map(Column::compact).collect())
        .collect();
    let n = sets
        .iter()
        .find_map(|(_, columns)| columns.first())
        .map_or(0, Column::len);
    debug_assert!(sets
        .iter()
        .all(|(_, columns)| columns.iter().all(|c| c.len() == n)));
    let all: Vec<usize> = (0..n).collect();
    let values = compact
        .iter()
        .map(|set| set.iter().map(|c| c.value(&all)).collect())
        .collect();
    let ids: Vec<&[MetricId]> = sets.iter().map(|(ids, _)| *ids).collect();
    draw_sets(&ids, &compact, n, values, config)
}

/// The intervals of `compact` over `n` documents, with the point `values`.
fn draw(
    ids: &[MetricId],
    compact: &[Compact<'_>],
    n: usize,
    values: Vec<Option<f64>>,
    config: &BootstrapConfig,
) -> BTreeMap<MetricId, Estimate> {
    draw_sets(&[ids], &[compact], n, vec![values], config)
        .pop()
        .unwrap_or_default()
}

/// Draws the resamples of `n` documents, one sequential seeded generator in
/// blocks, and evaluates every set's metrics on each; the next block is
/// drawn while the current one is evaluated in parallel (results kept in
/// draw order, so the thread count changes nothing).
fn draw_sets<'c, C: AsRef<[Compact<'c>]> + Sync>(
    ids: &[&[MetricId]],
    compact: &[C],
    n: usize,
    values: Vec<Vec<Option<f64>>>,
    config: &BootstrapConfig,
) -> Vec<BTreeMap<MetricId, Estimate>> {
    let mut samples: Vec<Vec<Vec<f64>>> = ids
        .iter()
        .map(|ids| vec![Vec::with_capacity(config.resamples.min(1 << 20)); ids.len()])
        .collect();
    if n > 0 && config.resamples > 0 {
        let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
        let per_block = BLOCK
            .min(BLOCK_INDICES.checked_div(n).unwrap_or(BLOCK))
            .max(1);
        let mut draw_block = |done: usize| -> Vec<usize> {
            let block = per_block.min(config.resamples - done);
            (0..block * n).map(|_| rng.random_range(0..n)).collect()
        };
        let mut drawn = draw_block(0);
        let mut done = 0;
        while !drawn.is_empty() {
            done += drawn.len() / n;
            let more = done < config.resamples;
            let (next, evaluated) = rayon::join(
                || if more { draw_block(done) } else { Vec::new() },
                || {
                    drawn
                        .par_chunks(n)
                        .map(|resample| {
                            compact
                                .iter()
                                .map(|set| {
                                    set.as_ref()
                                        .iter()
                                        .map(|c| c.value(resample))
                                        .collect::<Vec<_>>()
                                })
                                .collect::<Vec<_>>()
                        })
                        .collect::<Vec<_>>()
                },
            );
            for resample in evaluated {
                for (set, values) in samples.iter_mut().zip(resample) {
                    for (i, value) in values.into_iter().enumerate() {
                        set[i].extend(value);
                    }
                }
            }
            drawn = next;
        }
    }
    let alpha = 1.0 - config.level;
    ids.iter()
        .zip(samples)
        .zip(values)
        .map(|((ids, samples), values)| {
            ids.iter()
                .zip(samples)
                .zip(values)
                .map(|((id, mut values), value)| {
                    values.sort_by(f64::total_cmp);
                    let (low, high) = if values.is_empty() {
                        (None, None)
                    } else {
                        (
                            Some(quantile(&values, alpha / 2.0)),
                            Some(quantile(&values, 1.0 - alpha / 2.0)),
                        )
                    };
                    (id.clone(), Estimate { value, low, high })
                })
                .collect()
        })
        .collect()
}

/// One metric reduced to what a resample needs of each document.
enum Compact<'a> {
    /// Precision, recall, F1 or accuracy: each document's numerator and
    /// denominator (see [`Fraction`]), two sums per drawn document instead
    /// of five.
    Ratio(Stat, Vec<Fraction>),
    /// Per-label counts (`labels` per document, flattened): macro over types.
    Labels(usize, Vec<Counts>),
    /// Per-document F1: the macro-over-documents statistics.
    DocF1(Stat, &'a [Option<f64>]),
}

impl Compact<'_> {
    /// The metric over the drawn documents; the same figure as
    /// [`MetricId::value`] on them, summed in the same order.
    fn value(&self, drawn: &[usize]) -> Option<f64> {
        match self {
            Compact::Ratio(stat, parts) => {
                let mut total = Fraction::default();
                for &i in drawn {
                    total.add(parts[i]);
                }
                total.value(*stat)
            }
            Compact::Labels(labels, counts) => {
                let mut totals = vec![Counts::default(); *labels];
                for &i in drawn {
                    for (total, c) in totals.iter_mut().zip(&counts[i * labels..]) {
                        total.add(c);
                    }
                }
                let f1s: Vec<f64> = totals
                    .iter()
                    .filter(|c| c.possible() > 0)
                    .filter_map(Counts::f1)
                    .collect();
                mean(&f1s)
            }
            Compact::DocF1(stat, f1) => {
                let f1s: Vec<f64> = drawn.iter().filter_map(|&i| f1[i]).collect();
                match stat {
                    Stat::MacroDocsSkipped => Some((drawn.len() - f1s.len()) as f64),
                    _ => crate::score::metric_id::doc_stat(*stat, &f1s),
                }
            }
        }
    }
}

/// The integers a proportion of summed counts is made of, summed over the
/// drawn documents: `2·COR + PAR` (twice the credit) or `COR` over the
/// statistic's denominator. Each document's pair is computed once, so a
/// resample adds two numbers per drawn document; the figure is the one
/// [`Counts`] gives on the summed counts, to the bit (every integer
/// involved is far below 2⁵³, so halving and adding in `f64` are exact).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Fraction {
    numerator: u64,
    denominator: u64,
}

impl Fraction {
    /// The document's pair for `stat`: precision, recall, F1, or else
    /// accuracy (the statistics a column of sums is made for).
    fn of(stat: Stat, c: &Counts) -> Fraction {
        let (numerator, denominator) = match stat {
            Stat::Precision => (2 * c.cor + c.par, c.actual()),
            Stat::Recall => (2 * c.cor + c.par, c.possible()),
            Stat::F1 => (2 * c.cor + c.par, c.possible() + c.actual()),
            _ => (c.cor, c.cor + c.inc),
        };
        Fraction {
            numerator,
            denominator,
        }
    }

    fn add(&mut self, other: Fraction) {
        self.numerator += other.numerator;
        self.denominator += other.denominator;
    }

    /// The statistic, as [`Counts`] computes it from the same totals.
    fn value(self, stat: Stat) -> Option<f64> {
        let numerator = match stat {
            // Credit: COR + ½·PAR.
            Stat::Precision | Stat::Recall => 0.5 * self.numerator as f64,
            _ => self.numerator as f64,
        };
        (self.denominator > 0).then(|| numerator / self.denominator as f64)
    }
}

/// One metric's per-document vector, built one document at a time (in id
/// order) so that a streamed run keeps only this of each document: its
/// counts under the metric's key (40 bytes), its F1 (16 bytes), or, for a
/// macro over types, its non-zero per-label counts.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    id: MetricId,
    data: ColumnData,
}

#[derive(Debug, Clone)]
enum ColumnData {
    Sum(Vec<Counts>),
    DocF1(Vec<Option<f64>>),
    /// Label names in order of first sight; per document, its labels' counts.
    Labels(Vec<String>, Vec<Vec<(u32, Counts)>>),
}

impl Column {
    /// An empty vector for `id`.
    pub(crate) fn new(id: &MetricId) -> Column {
        let data = match id.stat() {
            Stat::MacroTypesF1 => ColumnData::Labels(Vec::new(), Vec::new()),
            Stat::MacroDocsF1
            | Stat::MacroDocsF1Std
            | Stat::MacroDocsN
            | Stat::MacroDocsSkipped => ColumnData::DocF1(Vec::new()),
            _ => ColumnData::Sum(Vec::new()),
        };
        Column {
            id: id.clone(),
            data,
        }
    }

    /// Adds the next document.
    pub(crate) fn push(&mut self, doc: &DocumentCounts) {
        let id = &self.id;
        match &mut self.data {
            ColumnData::Sum(v) => v.push(id.counts_of(doc)),
            ColumnData::DocF1(v) => v.push(id.counts_of(doc).f1()),
            ColumnData::Labels(names, docs) => {
                let labels = id.labels_of(&[doc]);
                let row = labels
                    .iter()
                    .map(|label| {
                        let i = match names.iter().position(|n| n == label) {
                            Some(i) => i,
                            None => {
                                names.push(label.clone());
                                names.len() - 1
                            }
                        };
                        (i as u32, id.counts_of_label(doc, label))
                    })
                    .collect();
                docs.push(row);
            }
        }
    }

    /// Room for `n` more documents, exactly (a large corpus's vectors are
    /// most of what a streamed run keeps: no slack from doubling).
    pub(crate) fn reserve(&mut self, n: usize) {
        match &mut self.data {
            ColumnData::Sum(v) => v.reserve_exact(n),
            ColumnData::DocF1(v) => v.reserve_exact(n),
            ColumnData::Labels(_, docs) => docs.reserve_exact(n),
        }
    }

    /// Documents added.
    pub(crate) fn len(&self) -> usize {
        match &self.data {
            ColumnData::Sum(v) => v.len(),
            ColumnData::DocF1(v) => v.len(),
            ColumnData::Labels(_, docs) => docs.len(),
        }
    }

    /// The vector of the documents at `indices` (in that order).
    pub(crate) fn select(&self, indices: &[usize]) -> Column {
        let data = match &self.data {
            ColumnData::Sum(v) => ColumnData::Sum(indices.iter().map(|&i| v[i]).collect()),
            ColumnData::DocF1(v) => ColumnData::DocF1(indices.iter().map(|&i| v[i]).collect()),
            ColumnData::Labels(names, docs) => ColumnData::Labels(
                names.clone(),
                indices.iter().map(|&i| docs[i].clone()).collect(),
            ),
        };
        Column {
            id: self.id.clone(),
            data,
        }
    }

    /// The form a resample reads; labels in name order, as
    /// [`MetricId::labels_of`] lists them, only those of these documents.
    fn compact(&self) -> Compact<'_> {
        let stat = self.id.stat();
        match &self.data {
            ColumnData::Sum(v) => {
                Compact::Ratio(stat, v.iter().map(|c| Fraction::of(stat, c)).collect())
            }
            ColumnData::DocF1(v) => Compact::DocF1(stat, v),
            ColumnData::Labels(names, docs) => {
                let mut present = vec![false; names.len()];
                for row in docs {
                    for (i, _) in row {
                        present[*i as usize] = true;
                    }
                }
                let mut order: Vec<usize> = (0..names.len()).filter(|&i| present[i]).collect();
                order.sort_by(|&a, &b| names[a].cmp(&names[b]));
                let mut slot = vec![usize::MAX; names.len()];
                for (k, &i) in order.iter().enumerate() {
                    slot[i] = k;
                }
                let labels = order.len();
                let mut flat = vec![Counts::default(); labels * docs.len()];
                for (d, row) in docs.iter().enumerate() {
                    for (i, c) in row {
                        flat[d * labels + slot[*i as usize]] = *c;
                    }
                }
                Compact::Labels(labels, flat)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile(&v, 0.5), 3.0);
        assert_eq!(quantile(&v, 0.125), 1.5);
        assert_eq!(quantile(&v, 1.0), 5.0);
    }

    /// The previous, direct computation: every resample evaluated by
    /// [`MetricId::value`] on the drawn documents, one after another.
    fn reference(
        ids: &[MetricId],
        docs: &[&DocumentCounts],
        config: &BootstrapConfig,
    ) -> Vec<Vec<f64>> {
        let mut samples = vec![Vec::new(); ids.len()];
        let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
        for _ in 0..config.resamples {
            let drawn: Vec<&DocumentCounts> = (0..docs.len())
                .map(|_| docs[rng.random_range(0..docs.len())])
                .collect();
            for (i, id) in ids.iter().enumerate() {
                samples[i].extend(id.value(&drawn));
            }
        }
        samples
    }

    mod props {
        use super::*;
        use crate::score::metric_id::Stat;

        proptest! {
            /// A fraction summed over documents gives the statistic of the
            /// summed counts, to the bit.
            #[test]
            fn fractions_give_the_statistic_of_the_summed_counts(
                docs in prop::collection::vec(prop::array::uniform5(0u64..1_000_000), 0..20),
            ) {
                let counts: Vec<Counts> = docs
                    .iter()
                    .map(|&[cor, inc, par, mis, spu]| Counts { cor, inc, par, mis, spu })
                    .collect();
                let mut summed = Counts::default();
                counts.iter().for_each(|c| summed.add(c));
                type OfCounts = fn(&Counts) -> Option<f64>;
                let stats: [(Stat, OfCounts); 4] = [
                    (Stat::Precision, Counts::precision),
                    (Stat::Recall, Counts::recall),
                    (Stat::F1, Counts::f1),
                    (Stat::Accuracy, Counts::accuracy),
                ];
                for (stat, of_counts) in stats {
                    let mut fraction = Fraction::default();
                    counts.iter().for_each(|c| fraction.add(Fraction::of(stat, c)));
                    prop_assert_eq!(
                        fraction.value(stat).map(f64::to_bits),
                        of_counts(&summed).map(f64::to_bits),
                        "{:?}", stat
                    );
                }
            }
        }

        use crate::schema::Layer;
        use proptest::prelude::*;

        fn doc() -> impl Strategy<Value = DocumentCounts> {
            let counts = (0u64..4, 0u64..3, 0u64..3, 0u64..4, 0u64..4).prop_map(
                |(cor, inc, par, mis, spu)| Counts {
                    cor,
                    inc,
                    par,
                    mis,
                    spu,
                },
            );
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "spans.strict",
                    "spans.strict/PERSON",
                    "spans.strict/ORG",
                    "spans.partial",
                ]),
                counts,
                0..4,
            )
            .prop_map(|m| {
                let measures = m
                    .into_iter()
                    .map(|(k, c)| (k.to_owned().into(), c))
                    .collect();
                DocumentCounts::from([(Layer::Entities, measures)])
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(32))]
            /// Columns built one document at a time, and any selection of
            /// them, give the estimates of the documents themselves.
            #[test]
            fn columns_give_the_estimates_of_the_documents(
                docs in prop::collection::vec(doc(), 0..12),
                keep in prop::collection::vec(any::<bool>(), 12),
                seed in 0u64..1000,
            ) {
                let ids: Vec<MetricId> = [
                    "entities.spans.strict.f1", "entities.spans.partial.recall",
                    "entities.spans.strict.f1/ORG", "entities.spans.strict.macro_types_f1",
                    "entities.spans.strict.macro_docs_f1", "entities.spans.strict.macro_docs_f1_std",
                    "entities.spans.strict.macro_docs_skipped",
                ].iter().map(|s| s.parse().unwrap()).collect();
                let config = BootstrapConfig { seed, resamples: 40, ..BootstrapConfig::default() };
                let columns: Vec<Column> = ids.iter().map(|id| {
                    let mut c = Column::new(id);
                    docs.iter().for_each(|d| c.push(d));
                    c
                }).collect();
                let refs: Vec<&DocumentCounts> = docs.iter().collect();
                let bits = |m: BTreeMap<MetricId, Estimate>| -> Vec<[Option<u64>; 3]> {
                    m.values().map(|e| [e.value, e.low, e.high].map(|x| x.map(f64::to_bits))).collect()
                };
                // Two sets drawn together: each as the documents alone.
                let together = estimates_of_column_sets(
                    &[(&ids, &columns), (&ids[4..], &columns[4..])],
                    &config,
                );
                let alone = [estimates(&ids, &refs, &config), estimates(&ids[4..], &refs, &config)];
                for (got, want) in together.into_iter().zip(alone) {
                    prop_assert_eq!(bits(got), bits(want));
                }
                let picked: Vec<usize> = (0..docs.len()).filter(|&i| keep[i]).collect();
                let selected: Vec<Column> = columns.iter().map(|c| c.select(&picked)).collect();
                let subset: Vec<&DocumentCounts> = picked.iter().map(|&i| &docs[i]).collect();
                prop_assert_eq!(
                    bits(estimates_of_column_sets(&[(&ids, &selected)], &config).remove(0)),
                    bits(estimates(&ids, &subset, &config))
                );
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(48))]
            #[test]
            fn compact_parallel_resamples_equal_the_direct_ones(
                docs in prop::collection::vec(doc(), 1..12),
                seed in 0u64..1000,
                resamples in 1usize..150,
                threads in 1usize..4,
            ) {
                let ids: Vec<MetricId> = [
                    "entities.spans.strict.f1", "entities.spans.strict.precision",
                    "entities.spans.partial.recall", "entities.spans.strict.f1/ORG",
                    "entities.spans.strict.macro_types_f1", "entities.spans.strict.macro_docs_f1",
                    "entities.spans.strict.macro_docs_f1_std", "entities.spans.strict.macro_docs_n",
                    "entities.spans.strict.macro_docs_skipped",
                ].iter().map(|s| s.parse().unwrap()).collect();
                let refs: Vec<&DocumentCounts> = docs.iter().collect();
                let config = BootstrapConfig { seed, resamples, ..BootstrapConfig::default() };
                let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
                let got = pool.install(|| estimates(&ids, &refs, &config));
                let alpha = 1.0 - config.level;
                for (id, mut values) in ids.iter().zip(reference(&ids, &refs, &config)) {
                    values.sort_by(f64::total_cmp);
                    let low = (!values.is_empty()).then(|| quantile(&values, alpha / 2.0));
                    let high = (!values.is_empty()).then(|| quantile(&values, 1.0 - alpha / 2.0));
                    let e = got[id];
                    prop_assert_eq!(e.low.map(f64::to_bits), low.map(f64::to_bits), "{}", id);
                    prop_assert_eq!(e.high.map(f64::to_bits), high.map(f64::to_bits), "{}", id);
                }
            }
        }
    }
}
