//! Every metric of one extractor, from its per-document counts: for each
//! count key `measure.mode[/label]` of each layer,
//!
//! - micro `precision`, `recall`, `f1` from counts summed over documents;
//! - `accuracy` for the attribute measures (speaker, cue, kind, value, unit);
//! - `macro_types_f1`: the mean of per-label F1 over labels with gold spans;
//! - `macro_docs_f1`, `macro_docs_f1_std` (sample standard deviation) and
//!   `macro_docs_n`: per-document F1 averaged over the documents that have a
//!   gold or a predicted span; `macro_docs_skipped` counts the others.
//!
//! The figures themselves come from [`MetricId::value`], the one evaluator.

use std::collections::BTreeMap;

use crate::score::metric_id::{KeyTotals, MetricId, Stat};
use crate::score::DocumentCounts;

/// A metric's value; `None` when its denominator is zero.
pub type Metrics = BTreeMap<MetricId, Option<f64>>;

/// Every metric for one extractor, from its documents' counts.
pub fn metrics(documents: &BTreeMap<String, DocumentCounts>) -> Metrics {
    let docs: Vec<&DocumentCounts> = documents.values().collect();
    metrics_of_totals(&KeyTotals::gather(&docs, |_, _| true), docs.len())
}

/// Every metric from the totals of every count key over `documents`
/// documents (gathered at once, or document by document as a run streams).
pub(crate) fn metrics_of_totals(totals: &KeyTotals, documents: usize) -> Metrics {
    let mut out = Metrics::new();
    for (layer, key) in totals.keys() {
        let Some(base) = MetricId::from_count_key(layer, key, Stat::F1) else {
            continue;
        };
        let stats: &[Stat] = match (base.measure().is_accuracy(), base.label()) {
            (true, _) => &[Stat::Accuracy],
            (false, Some(_)) => &[Stat::Precision, Stat::Recall, Stat::F1],
            (false, None) => &[
                Stat::Precision,
                Stat::Recall,
                Stat::F1,
                Stat::MacroDocsF1,
                Stat::MacroDocsF1Std,
                Stat::MacroDocsN,
                Stat::MacroDocsSkipped,
            ],
        };
        for &stat in stats {
            let id = base.with_stat(stat);
            let value = id.evaluate(totals, documents);
            out.insert(id, value);
        }
        if base.label().is_some() && !base.measure().is_accuracy() {
            let id = MetricId::new(layer, base.measure(), base.mode(), Stat::MacroTypesF1, None);
            if let std::collections::btree_map::Entry::Vacant(slot) = out.entry(id) {
                if let Some(value) = slot.key().evaluate(totals, documents) {
                    slot.insert(Some(value));
                }
            }
        }
    }
    out
}
