//! Extractors: the [`Extractor`] trait and the registry of built-in ones.
//!
//! The trait is deliberately small (an id, the layers, one method) so that a
//! wrapper around spaCy output, a transformer or an LLM pipeline is a few
//! lines. Built-ins live one file each, grouped by layer, and are listed in
//! [`BUILTIN`] in the order reports show them: per layer, the baseline first.

pub mod entities;
pub mod numbers;
pub mod quotes;

use crate::corpus::Document;
use crate::error::{Error, ExtractError};
use crate::prediction::Prediction;
use crate::schema::Layer;

/// Something that reads a document and predicts entities, quotes or numbers.
///
/// `Send + Sync` because the runner calls one shared instance from many
/// threads; an extractor keeps compiled patterns, never per-document state.
pub trait Extractor: Send + Sync {
    /// Stable id, `<layer>/<name>`, e.g. `numbers/digits`; reports are keyed by it.
    fn id(&self) -> &str;

    /// The layers `extract` fills; the others are left `None` and not scored.
    fn layers(&self) -> &[Layer];

    /// Predicts spans for one document, with byte offsets into `doc.text`.
    fn extract(&self, doc: &Document) -> Result<Prediction, ExtractError>;
}

/// The built-in extractors, in report order.
pub static BUILTIN: &[&dyn Extractor] = &[
    &entities::capitalized::Capitalized,
    &quotes::marks::Marks,
    &numbers::digits::Digits,
    &numbers::normalized::Normalized,
];

/// Looks up built-in extractors by id, in the order given; all of them when `ids` is empty.
pub fn select(ids: &[String]) -> Result<Vec<&'static dyn Extractor>, Error> {
    if ids.is_empty() {
        return Ok(BUILTIN.to_vec());
    }
    ids.iter()
        .map(|id| {
            BUILTIN
                .iter()
                .copied()
                .find(|e| e.id() == id)
                .ok_or_else(|| Error::UnknownExtractor {
                    id: id.clone(),
                    known: BUILTIN
                        .iter()
                        .map(|e| e.id())
                        .collect::<Vec<_>>()
                        .join(", "),
                })
        })
        .collect()
}

/// Whether `c` can be part of a word (letters, digits, combining marks).
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}
