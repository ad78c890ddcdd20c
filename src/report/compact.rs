//! The per-document counts of a report, written compactly.
//!
//! Reports hold every document's counts so that any figure can be
//! recomputed (compare, merge). Written as nested maps they took 35 KB per
//! document; here each count key is written once per extractor, in a
//! table, and each document lists only its non-zero entries as arrays
//! `[key index, cor, inc, par, mis, spu]` with trailing zeros dropped:
//!
//! ```json
//! {"keys": [["entities", "spans.strict"], ["entities", "spans.strict/ORG"]],
//!  "counts": {"doc-a": [[0, 3, 1, 0, 2], [1, 1]], "doc-b": []}}
//! ```
//!
//! Reading restores the maps exactly: the keys without a label are present
//! in every document of a scored layer (zero when absent), and label keys
//! exist only where a label has a count, so none is ever zero.

use std::collections::{BTreeMap, BTreeSet};

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::schema::Layer;
use crate::score::{Counts, DocumentCounts};

#[derive(Serialize, Deserialize)]
struct Compact {
    keys: Vec<(Layer, String)>,
    counts: BTreeMap<String, Vec<Vec<u64>>>,
}

/// Writes documents' counts as a key table and sparse rows.
pub fn serialize<S: Serializer>(
    documents: &BTreeMap<String, DocumentCounts>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let keys: BTreeSet<(Layer, &str)> = documents
        .values()
        .flat_map(|doc| {
            doc.iter()
                .flat_map(|(&layer, m)| m.keys().map(move |k| (layer, k.as_str())))
        })
        .collect();
    let index: BTreeMap<(Layer, &str), usize> =
        keys.iter().enumerate().map(|(i, &k)| (k, i)).collect();
    let counts = documents
        .iter()
        .map(|(id, doc)| {
            let rows = doc
                .iter()
                .flat_map(|(&layer, m)| m.iter().map(move |(k, c)| ((layer, k.as_str()), c)))
                .filter(|(_, c)| **c != Counts::default())
                .map(|(key, c)| {
                    let mut row = vec![index[&key] as u64, c.cor, c.inc, c.par, c.mis, c.spu];
                    while row.len() > 1 && row.last() == Some(&0) {
                        row.pop();
                    }
                    row
                })
                .collect();
            (id.clone(), rows)
        })
        .collect();
    Compact {
        keys: keys.into_iter().map(|(l, k)| (l, k.to_owned())).collect(),
        counts,
    }
    .serialize(serializer)
}

/// Reads what [`serialize`] wrote.
pub fn deserialize<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<String, DocumentCounts>, D::Error> {
    let compact = Compact::deserialize(deserializer)?;
    let mut base = DocumentCounts::new();
    for (layer, key) in &compact.keys {
        let measures = base.entry(*layer).or_default();
        if !key.contains('/') {
            measures.insert(key.clone(), Counts::default());
        }
    }
    compact
        .counts
        .into_iter()
        .map(|(id, rows)| {
            let mut doc = base.clone();
            for row in rows {
                let (layer, key) = row
                    .first()
                    .and_then(|&i| compact.keys.get(i as usize))
                    .ok_or_else(|| D::Error::custom(format!("document `{id}`: bad key index")))?;
                if row.len() > 6 {
                    return Err(D::Error::custom(format!(
                        "document `{id}`: a row has more than six numbers"
                    )));
                }
                let field = |i: usize| row.get(i).copied().unwrap_or(0);
                let counts = Counts {
                    cor: field(1),
                    inc: field(2),
                    par: field(3),
                    mis: field(4),
                    spu: field(5),
                };
                doc.entry(*layer).or_default().insert(key.clone(), counts);
            }
            Ok((id, doc))
        })
        .collect()
}
