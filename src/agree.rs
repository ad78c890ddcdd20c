//! `wirebench agree`: agreement between two golden annotations of the same
//! documents, for measuring and settling annotator disagreement.
//!
//! The second annotation is scored as if it were predictions against the
//! first, with the very scorer extractors face, so agreement figures and
//! extractor figures mean the same thing. Every span on which the two differ
//! is listed with its context.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use crate::corpus::{Dataset, Document};
use crate::error::{Error, Result};
use crate::golden::GoldenFile;
use crate::offsets::OffsetUnit;
use crate::prediction::{PredictedEntity, PredictedNumber, PredictedQuote, Prediction};
use crate::schema::Layer;
use crate::score::layers::score_document;
use crate::score::metrics::Metrics;
use crate::score::{metrics, ScoringConfig};
use crate::validate::check_golden_subset;

/// The figures shown per layer: (label, metric id).
pub const AGREEMENT_METRICS: &[(&str, &str)] = &[
    ("entities strict F1", "entities.spans.strict.f1"),
    ("entities exact F1", "entities.spans.exact.f1"),
    ("entities type F1", "entities.spans.type.f1"),
    ("quotes span F1", "quotes.spans.strict.f1"),
    ("quotes speaker accuracy", "quotes.speaker.overlap.accuracy"),
    ("quotes cue accuracy", "quotes.cue.overlap.accuracy"),
    ("quotes end-to-end F1", "quotes.e2e.strict.f1"),
    ("numbers strict F1", "numbers.spans.strict.f1"),
    ("numbers value accuracy", "numbers.value.overlap.accuracy"),
    ("numbers end-to-end F1", "numbers.e2e.strict.f1"),
];

/// One span the two annotations do not agree on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Disagreement {
    /// Document id.
    pub doc: String,
    /// Layer.
    pub layer: Layer,
    /// Start, in code points.
    pub start: usize,
    /// End, in code points.
    pub end: usize,
    /// `A only`, `B only`.
    pub side: &'static str,
    /// What that side says of the span (type; speaker and cue; kind, value and unit).
    pub label: String,
    /// The span in its context.
    pub context: String,
}

/// Agreement over the documents both annotations cover.
#[derive(Debug, Clone)]
pub struct Agreement {
    /// Documents compared, in id order.
    pub documents: Vec<String>,
    /// B scored against A.
    pub metrics: Metrics,
    /// Every difference, by document, layer and position.
    pub disagreements: Vec<Disagreement>,
}

/// Loads both annotations of the corpus and compares them on the documents both cover.
pub fn agree(corpus_dir: &Path, a_dir: &Path, b_dir: &Path) -> Result<Agreement> {
    let load = |dir: &Path| -> Result<Dataset> {
        let checked = check_golden_subset(&crate::corpus::Source::dirs(corpus_dir, dir), true);
        if checked.problems.is_empty() {
            Ok(checked.dataset)
        } else {
            Err(Error::Invalid {
                problems: checked.problems,
            })
        }
    };
    let (a, b) = (load(a_dir)?, load(b_dir)?);
    let config = ScoringConfig::default();
    let mut counts = BTreeMap::new();
    let mut disagreements = Vec::new();
    for (doc, gold_a) in a.documents().iter().zip(a.gold()) {
        let Some(j) = b.position(&doc.id) else {
            continue;
        };
        let gold_b = &b.gold()[j];
        let prediction = as_prediction(gold_b);
        counts.insert(
            doc.id.clone(),
            score_document(gold_a, Some(&prediction), &Layer::ALL, &config),
        );
        disagreements.extend(differences(doc, gold_a, gold_b));
    }
    disagreements.sort();
    Ok(Agreement {
        documents: counts.keys().cloned().collect(),
        metrics: metrics(&counts),
        disagreements,
    })
}

/// A golden annotation as predictions: speakers by their canonical name.
pub fn as_prediction(gold: &GoldenFile) -> Prediction {
    let canonical = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| gold.entity(id))
            .map(|e| e.canonical.clone())
    };
    Prediction {
        entities: Some(
            gold.entities
                .iter()
                .flat_map(|e| {
                    e.mentions.iter().map(move |m| PredictedEntity {
                        start: m.start,
                        end: m.end,
                        ty: e.ty.label().into(),
                    })
                })
                .collect(),
        ),
        quotes: Some(
            gold.quotes
                .iter()
                .map(|q| PredictedQuote {
                    start: q.start,
                    end: q.end,
                    speaker: canonical(&q.speaker),
                    speaker_start: None,
                    speaker_end: None,
                    cue: q.cue.clone(),
                })
                .collect(),
        ),
        numbers: Some(
            gold.numbers
                .iter()
                .map(|n| PredictedNumber {
                    start: n.start,
                    end: n.end,
                    kind: n.kind,
                    value: n.value.clone(),
                    unit: n.unit.clone(),
                })
                .collect(),
        ),
    }
}

/// Every (layer, span, label) one side has and the other has not.
fn labelled_spans(gold: &GoldenFile) -> Vec<(Layer, usize, usize, String)> {
    let speaker = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| gold.entity(id))
            .map_or("null".to_owned(), |e| e.canonical.clone())
    };
    let mut out = Vec::new();
    for e in &gold.entities {
        for m in &e.mentions {
            out.push((Layer::Entities, m.start, m.end, e.ty.label().to_owned()));
        }
    }
    for q in &gold.quotes {
        let cue = q.cue.as_deref().unwrap_or("null");
        out.push((
            Layer::Quotes,
            q.start,
            q.end,
            format!("speaker {} · cue {cue}", speaker(&q.speaker)),
        ));
    }
    for n in &gold.numbers {
        let unit = n
            .unit
            .as_deref()
            .map(|u| format!(" {u}"))
            .unwrap_or_default();
        out.push((
            Layer::Numbers,
            n.start,
            n.end,
            format!("{} {}{unit}", n.kind, n.value),
        ));
    }
    out
}

fn differences(doc: &Document, a: &GoldenFile, b: &GoldenFile) -> Vec<Disagreement> {
    let (la, lb) = (labelled_spans(a), labelled_spans(b));
    let mut out = Vec::new();
    for (side, mine, theirs) in [("A only", &la, &lb), ("B only", &lb, &la)] {
        for item in mine.iter().filter(|x| !theirs.contains(x)) {
            let (layer, start, end, label) = item;
            let cp = |byte: usize| {
                doc.offsets
                    .from_byte(OffsetUnit::Codepoint, byte)
                    .unwrap_or(byte)
            };
            out.push(Disagreement {
                doc: doc.id.clone(),
                layer: *layer,
                start: cp(*start),
                end: cp(*end),
                side,
                label: label.clone(),
                context: context(&doc.text, *start, *end),
            });
        }
    }
    out
}

/// About thirty characters either side, the span in brackets, on one line.
pub fn context(text: &str, start: usize, end: usize) -> String {
    let before: String = text[..start]
        .chars()
        .rev()
        .take(30)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = text[end..].chars().take(30).collect();
    let flat = |s: &str| s.replace(['\n', '\r'], " ");
    format!(
        "…{}[{}]{}…",
        flat(&before),
        flat(&text[start..end]),
        flat(&after)
    )
}

impl Agreement {
    /// The figures and the disagreements, for the terminal.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "agreement over {} document(s): B scored against A",
            self.documents.len()
        );
        for (label, id) in AGREEMENT_METRICS {
            let id: crate::score::MetricId = id.parse().expect("agreement metrics are metric ids");
            let value = self.metrics.get(&id).copied().flatten();
            let _ = writeln!(
                out,
                "  {label:<26} {}",
                crate::report::table::fmt_metric(value)
            );
        }
        let mut current = (String::new(), None);
        for d in &self.disagreements {
            if (d.doc.clone(), Some(d.layer)) != current {
                current = (d.doc.clone(), Some(d.layer));
                let _ = writeln!(out, "\n{} · {}", d.doc, d.layer);
            }
            let _ = writeln!(
                out,
                "  {:<6} {}..{} {} {}",
                d.side, d.start, d.end, d.label, d.context
            );
        }
        out
    }
}
