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

    /// Builds whatever the extractor loads once (lists, automata, models)
    /// before the runner starts its clock; does nothing by default.
    fn prepare(&self) {}
}

/// The built-in extractors, in report order.
pub static BUILTIN: &[&dyn Extractor] = &[
    &entities::capitalized::Capitalized,
    &entities::gazetteer::Gazetteer,
    &quotes::marks::Marks,
    &quotes::attributed::Attributed,
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
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric()
        || matches!(c, '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Words of `text`: runs of word characters, joined across single `joiners`
/// (hyphens, apostrophes) that have a word character on both sides. With
/// `keep_dots`, a full stop inside or right after a word stays in it
/// ("U.S.", "St."). A hand-written scanner: several times faster than the
/// equivalent Unicode regex, and extractors tokenise every document.
pub(crate) fn scan_words(
    text: &str,
    joiners: &[char],
    keep_dots: bool,
) -> Vec<crate::schema::Span> {
    let bytes = text.as_bytes();
    // The character at byte `i`, decoding only outside ASCII.
    let char_at = |i: usize| -> Option<char> {
        match bytes.get(i) {
            Some(&b) if b < 0x80 => Some(b as char),
            Some(_) => text[i..].chars().next(),
            None => None,
        }
    };
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(c) = char_at(i) {
        if !is_word_char(c) {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        i += c.len_utf8();
        while let Some(c) = char_at(i) {
            if is_word_char(c) {
                i += c.len_utf8();
                continue;
            }
            let after = i + c.len_utf8();
            let joins = joiners.contains(&c) || keep_dots && c == '.';
            if joins && char_at(after).is_some_and(is_word_char) {
                i = after;
            } else {
                if keep_dots && c == '.' {
                    i = after;
                }
                break;
            }
        }
        out.push(crate::schema::Span::new(start, i));
    }
    out
}
