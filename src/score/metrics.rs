//! Metrics from summed counts: `<layer>.<measure>.<mode>.<stat>`.

use std::collections::BTreeMap;

use crate::score::{Counts, DocumentCounts};

/// A metric's value; `None` when its denominator is zero.
pub type Metrics = BTreeMap<String, Option<f64>>;

/// Micro precision, recall and F1 for every layer and measure in `documents`.
pub fn metrics<'a>(documents: impl IntoIterator<Item = &'a DocumentCounts>) -> Metrics {
    let mut totals: BTreeMap<String, Counts> = BTreeMap::new();
    for doc in documents {
        for (layer, measures) in doc {
            for (measure, counts) in measures {
                totals
                    .entry(format!("{layer}.{measure}"))
                    .or_default()
                    .add(counts);
            }
        }
    }
    let mut out = Metrics::new();
    for (key, counts) in totals {
        out.insert(format!("{key}.precision"), counts.precision());
        out.insert(format!("{key}.recall"), counts.recall());
        out.insert(format!("{key}.f1"), counts.f1());
    }
    out
}
