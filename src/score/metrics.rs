//! Metrics from per-document counts: `<layer>.<measure>.<mode>.<stat>`, with
//! a per-label suffix (`entities.spans.strict.f1/PERSON`).
//!
//! - micro `precision`, `recall`, `f1` from counts summed over documents;
//! - `accuracy` for the attribute measures (speaker, cue, kind, value, unit);
//! - `macro_types_f1`: the mean of per-label F1 over labels with gold spans;
//! - `macro_docs_f1`, `macro_docs_f1_std` (sample standard deviation) and
//!   `macro_docs_n`: per-document F1 averaged over the documents that have a
//!   gold or a predicted span; `macro_docs_skipped` counts the others.

use std::collections::BTreeMap;

use crate::score::layers::ACCURACY_MEASURES;
use crate::score::{Counts, DocumentCounts};

/// A metric's value; `None` when its denominator is zero.
pub type Metrics = BTreeMap<String, Option<f64>>;

/// Sums every key's counts over the documents: `layer.measure.mode[/label]` → counts.
pub fn totals<'a>(
    documents: impl IntoIterator<Item = &'a DocumentCounts>,
) -> BTreeMap<String, Counts> {
    let mut totals: BTreeMap<String, Counts> = BTreeMap::new();
    for doc in documents {
        for (layer, measures) in doc {
            for (key, counts) in measures {
                totals
                    .entry(format!("{layer}.{key}"))
                    .or_default()
                    .add(counts);
            }
        }
    }
    totals
}

/// The metric id of a stat for a key that may carry a `/label` suffix.
fn metric_id(key: &str, stat: &str) -> String {
    match key.split_once('/') {
        Some((base, label)) => format!("{base}.{stat}/{label}"),
        None => format!("{key}.{stat}"),
    }
}

fn is_accuracy(key: &str) -> bool {
    key.split('.')
        .nth(1)
        .is_some_and(|m| ACCURACY_MEASURES.contains(&m))
}

/// Every metric for one extractor, from its documents' counts.
pub fn metrics(documents: &BTreeMap<String, DocumentCounts>) -> Metrics {
    let totals = totals(documents.values());
    let mut out = Metrics::new();
    let mut per_label_f1: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for (key, counts) in &totals {
        if is_accuracy(key) {
            out.insert(metric_id(key, "accuracy"), counts.accuracy());
            continue;
        }
        out.insert(metric_id(key, "precision"), counts.precision());
        out.insert(metric_id(key, "recall"), counts.recall());
        out.insert(metric_id(key, "f1"), counts.f1());
        match key.split_once('/') {
            Some((base, _)) => {
                if counts.possible() > 0 {
                    per_label_f1.entry(base).or_default().extend(counts.f1());
                }
            }
            None => insert_macro_docs(&mut out, key, documents),
        }
    }
    for (base, f1s) in per_label_f1 {
        out.insert(
            metric_id(base, "macro_types_f1"),
            Some(f1s.iter().sum::<f64>() / f1s.len() as f64),
        );
    }
    out
}

fn insert_macro_docs(out: &mut Metrics, key: &str, documents: &BTreeMap<String, DocumentCounts>) {
    let (layer, measure) = key.split_once('.').expect("keys are layer.measure.mode");
    let mut f1s = Vec::new();
    let mut skipped = 0u32;
    for doc in documents.values() {
        let counts = doc
            .iter()
            .find(|(l, _)| l.name() == layer)
            .and_then(|(_, m)| m.get(measure))
            .copied()
            .unwrap_or_default();
        match counts.f1() {
            Some(f1) => f1s.push(f1),
            None => skipped += 1,
        }
    }
    let n = f1s.len();
    let mean = (n > 0).then(|| f1s.iter().sum::<f64>() / n as f64);
    let std = mean
        .filter(|_| n > 1)
        .map(|m| (f1s.iter().map(|f| (f - m).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt());
    out.insert(metric_id(key, "macro_docs_f1"), mean);
    out.insert(metric_id(key, "macro_docs_f1_std"), std);
    out.insert(metric_id(key, "macro_docs_n"), Some(n as f64));
    out.insert(
        metric_id(key, "macro_docs_skipped"),
        Some(f64::from(skipped)),
    );
}
