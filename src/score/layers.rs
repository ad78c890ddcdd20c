//! Turning golden files and predictions into scored items, layer by layer.

use std::collections::BTreeMap;

use crate::golden::GoldenFile;
use crate::prediction::Prediction;
use crate::schema::{EntityType, Layer, NumberKind};
use crate::score::matching::{count, Item, Mode};
use crate::score::{Counts, DocumentCounts};

/// The label an entity is scored on: a known type, or the extractor's own
/// label when it maps to none (never equal to a gold type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityLabel {
    /// An OntoNotes type.
    Known(EntityType),
    /// A label outside the eleven types.
    Unknown,
}

/// Counts for every scored layer of one document. A `None` prediction (the
/// document failed) counts every gold span of `layers` as missed.
pub fn score_document(
    gold: &GoldenFile,
    prediction: Option<&Prediction>,
    layers: &[Layer],
) -> DocumentCounts {
    let mut out = DocumentCounts::new();
    for &layer in layers {
        let mut modes = BTreeMap::new();
        let mode = Mode::Strict;
        let counts = match (layer, prediction) {
            (_, None) => Counts {
                mis: gold.count(layer) as u64,
                ..Counts::default()
            },
            (Layer::Entities, Some(p)) => count(&gold_entities(gold), &predicted_entities(p), mode),
            (Layer::Quotes, Some(p)) => count(&gold_quotes(gold), &predicted_quotes(p), mode),
            (Layer::Numbers, Some(p)) => count(&gold_numbers(gold), &predicted_numbers(p), mode),
        };
        modes.insert(format!("spans.{}", mode.name()), counts);
        out.insert(layer, modes);
    }
    out
}

fn gold_entities(gold: &GoldenFile) -> Vec<Item<EntityLabel>> {
    gold.entities
        .iter()
        .flat_map(|e| {
            e.spans().map(move |span| Item {
                span,
                label: EntityLabel::Known(e.ty),
            })
        })
        .collect()
}

fn predicted_entities(p: &Prediction) -> Vec<Item<EntityLabel>> {
    p.entities
        .iter()
        .flatten()
        .map(|e| Item {
            span: crate::schema::Span::new(e.start, e.end),
            label: EntityType::from_label(&e.ty).map_or(EntityLabel::Unknown, EntityLabel::Known),
        })
        .collect()
}

fn gold_quotes(gold: &GoldenFile) -> Vec<Item<()>> {
    gold.quotes
        .iter()
        .map(|q| Item {
            span: crate::schema::Span::new(q.start, q.end),
            label: (),
        })
        .collect()
}

fn predicted_quotes(p: &Prediction) -> Vec<Item<()>> {
    p.quotes
        .iter()
        .flatten()
        .map(|q| Item {
            span: crate::schema::Span::new(q.start, q.end),
            label: (),
        })
        .collect()
}

fn gold_numbers(gold: &GoldenFile) -> Vec<Item<NumberKind>> {
    gold.numbers
        .iter()
        .map(|n| Item {
            span: crate::schema::Span::new(n.start, n.end),
            label: n.kind,
        })
        .collect()
}

fn predicted_numbers(p: &Prediction) -> Vec<Item<NumberKind>> {
    p.numbers
        .iter()
        .flatten()
        .map(|n| Item {
            span: crate::schema::Span::new(n.start, n.end),
            label: n.kind,
        })
        .collect()
}
