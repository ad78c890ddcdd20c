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

#[derive(Deserialize)]
struct Compact {
    keys: Vec<(Layer, String)>,
    counts: BTreeMap<String, Vec<Vec<u64>>>,
}

/// [`Compact`] as written, borrowing the counts: rows are serialised as
/// they are made, with nothing allocated per row.
#[derive(Serialize)]
struct CompactView<'a> {
    keys: &'a [(Layer, &'a str)],
    counts: Documents<'a>,
}

struct Documents<'a> {
    documents: &'a BTreeMap<String, DocumentCounts>,
    keys: &'a [(Layer, &'a str)],
}

impl Serialize for Documents<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.documents.iter().map(|(id, doc)| {
            (
                id,
                Rows {
                    doc,
                    keys: self.keys,
                },
            )
        }))
    }
}

/// One document's non-zero entries.
struct Rows<'a> {
    doc: &'a DocumentCounts,
    keys: &'a [(Layer, &'a str)],
}

impl Serialize for Rows<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let rows = self
            .doc
            .iter()
            .flat_map(|(&layer, m)| m.iter().map(move |(k, c)| ((layer, k.as_ref()), c)))
            .filter(|(_, c)| **c != Counts::default())
            .map(|(key, c)| {
                let index = self
                    .keys
                    .binary_search(&key)
                    .expect("every key is in the table");
                Row::new(index, c)
            });
        serializer.collect_seq(rows)
    }
}

/// `[key index, cor, inc, par, mis, spu]` without its trailing zeros.
pub(crate) struct Row {
    values: [u64; 6],
    len: usize,
}

impl Row {
    pub(crate) fn new(index: usize, c: &Counts) -> Row {
        let values = [index as u64, c.cor, c.inc, c.par, c.mis, c.spu];
        let len = 1 + values[1..]
            .iter()
            .rposition(|&v| v != 0)
            .map_or(0, |i| i + 1);
        Row { values, len }
    }
}

impl Serialize for Row {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.values[..self.len].serialize(serializer)
    }
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
                .flat_map(|(&layer, m)| m.keys().map(move |k| (layer, k.as_ref())))
        })
        .collect();
    let keys: Vec<(Layer, &str)> = keys.into_iter().collect();
    CompactView {
        keys: &keys,
        counts: Documents {
            documents,
            keys: &keys,
        },
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
            measures.insert(key.clone().into(), Counts::default());
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
                doc.entry(*layer)
                    .or_default()
                    .insert(key.clone().into(), counts);
            }
            Ok((id, doc))
        })
        .collect()
}
