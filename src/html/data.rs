//! The JSON the page's script draws documents from: every text and its gold
//! spans once, and per column its error records grouped by document, with
//! every offset in UTF-16 code units (JavaScript's string indices).

use std::collections::BTreeMap;

use serde::Serialize;

use super::Entry;
use crate::corpus::{Dataset, Document};
use crate::offsets::OffsetUnit;
use crate::schema::Layer;
use crate::score::errors::Side;
use crate::score::headline;

#[derive(Serialize)]
struct Payload<'a> {
    docs: Vec<Doc<'a>>,
    runs: Vec<Run<'a>>,
    compare: bool,
}

/// A document: text and gold spans as `[start, end, label, …]`.
#[derive(Serialize)]
struct Doc<'a> {
    id: &'a str,
    title: &'a str,
    split: Option<&'static str>,
    text: &'a str,
    /// `[start, end, type, entity id]`.
    entities: Vec<(usize, usize, &'static str, &'a str)>,
    /// `[start, end, label, speaker entity id]`.
    quotes: Vec<(usize, usize, String, Option<&'a str>)>,
    /// `[start, end, "kind value unit"]`.
    numbers: Vec<(usize, usize, String)>,
    /// Entity id → canonical name.
    names: BTreeMap<&'a str, &'a str>,
}

#[derive(Serialize)]
struct Run<'a> {
    name: &'a str,
    layers: Vec<&'static str>,
    /// Whether error records are known; without them only gold is drawn.
    known: bool,
    /// Per document (dataset order): its errors.
    errors: Vec<Vec<Error>>,
    /// Per document: mean headline F1 over the layers, `null` when undefined.
    f1: Vec<Option<f64>>,
    /// Per document: why the extractor failed on it, if it did.
    failed: Vec<Option<&'a str>>,
}

/// Error records of one gold/predicted pair, merged: a pair can be both a
/// boundary error and of the wrong type.
#[derive(Serialize, PartialEq)]
struct Error {
    l: &'static str,
    c: Vec<&'static str>,
    g: Option<(usize, usize, String)>,
    p: Option<(usize, usize, String)>,
}

/// The payload as JSON safe inside a `<script>` element.
pub(super) fn payload(dataset: &Dataset, entries: &[Entry], compare: bool) -> String {
    let docs = dataset
        .documents()
        .iter()
        .zip(dataset.gold())
        .map(|(doc, gold)| {
            let at = |byte: usize| utf16(doc, byte);
            Doc {
                id: &doc.id,
                title: &doc.meta.title,
                split: doc.meta.split.map(|s| s.name()),
                text: &doc.text,
                entities: gold
                    .entities
                    .iter()
                    .flat_map(|e| {
                        e.mentions
                            .iter()
                            .map(move |m| (at(m.start), at(m.end), e.ty.label(), e.id.as_str()))
                    })
                    .collect(),
                quotes: gold
                    .quotes
                    .iter()
                    .map(|q| {
                        let name = q
                            .speaker
                            .as_deref()
                            .and_then(|id| gold.entity(id))
                            .map_or("null", |e| e.canonical.as_str());
                        (
                            at(q.start),
                            at(q.end),
                            format!("speaker {name}"),
                            q.speaker.as_deref(),
                        )
                    })
                    .collect(),
                numbers: gold
                    .numbers
                    .iter()
                    .map(|n| {
                        let unit = n
                            .unit
                            .as_deref()
                            .map(|u| format!(" {u}"))
                            .unwrap_or_default();
                        (
                            at(n.start),
                            at(n.end),
                            format!("{} {}{unit}", n.kind, n.value),
                        )
                    })
                    .collect(),
                names: gold
                    .entities
                    .iter()
                    .map(|e| (e.id.as_str(), e.canonical.as_str()))
                    .collect(),
            }
        })
        .collect();
    let runs = entries.iter().map(|e| run(dataset, e)).collect();
    let json = serde_json::to_string(&Payload {
        docs,
        runs,
        compare,
    })
    .expect("the payload is plain data");
    // `<` never appears raw, so no `</script>` or `<!--` can end the element.
    json.replace('<', "\\u003c")
}

fn run<'a>(dataset: &Dataset, entry: &'a Entry) -> Run<'a> {
    let n = dataset.documents().len();
    let mut errors: Vec<Vec<Error>> = (0..n).map(|_| Vec::new()).collect();
    for r in entry.errors.iter().flatten() {
        let Some(index) = dataset.position(&r.doc) else {
            continue; // checked by Page::check_records
        };
        let doc = &dataset.documents()[index];
        let side = |s: &Option<Side>| {
            s.as_ref().map(|s| {
                let at = |cp| {
                    let byte = doc.offsets.to_byte(OffsetUnit::Codepoint, cp).unwrap_or(0);
                    utf16(doc, byte)
                };
                (at(s.start), at(s.end), s.label.clone())
            })
        };
        let (g, p) = (side(&r.gold), side(&r.predicted));
        let list = &mut errors[index];
        match list
            .iter_mut()
            .find(|e| e.l == r.layer.name() && e.g == g && e.p == p)
        {
            Some(e) => e.c.push(r.category.name()),
            None => list.push(Error {
                l: r.layer.name(),
                c: vec![r.category.name()],
                g,
                p,
            }),
        }
    }
    let layers = &entry.scores.layers;
    let f1 = dataset
        .documents()
        .iter()
        .map(|doc| {
            let counts = entry.scores.documents.get(&doc.id)?;
            let f1s: Vec<f64> = layers
                .iter()
                .filter_map(|&l| headline(l).value(&[counts]))
                .collect();
            (!f1s.is_empty()).then(|| f1s.iter().sum::<f64>() / f1s.len() as f64)
        })
        .collect();
    let failed = dataset
        .documents()
        .iter()
        .map(|doc| {
            entry
                .scores
                .failed
                .iter()
                .find(|f| f.doc == doc.id)
                .map(|f| f.reason.as_str())
        })
        .collect();
    Run {
        name: &entry.name,
        layers: layers.iter().map(|l: &Layer| l.name()).collect(),
        known: entry.errors.is_some(),
        errors,
        f1,
        failed,
    }
}

fn utf16(doc: &Document, byte: usize) -> usize {
    doc.offsets.from_byte(OffsetUnit::Utf16, byte).unwrap_or(0)
}
