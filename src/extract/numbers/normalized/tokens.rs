//! The number normaliser's view of the token stream of [`crate::text`]:
//! each token with its entry in the number lexicon.

use super::*;

/// Word tables hashed with the lexicon's cheap hasher.
pub(super) type FastMap<K, V> = HashMap<K, V, crate::gazetteer::FastHash>;

pub(super) use crate::text::tokens::{Gap, Kind as TokKind, Shape};

/// A token of the text and what the number lexicon makes of it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Tok<'a> {
    pub(super) kind: TokKind,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) text: &'a str,
    pub(super) gap: Gap,
    pub(super) shape: Shape,
    /// Whether it opens a sentence (the text layer's splitter).
    pub(super) sentence_start: bool,
    pub(super) lex: Lex,
}

/// The tokens of `text`, words looked up in the lexicon.
pub(super) fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let tokens = crate::text::tokens::tokenize(text);
    tokens
        .iter()
        .map(|t| Tok {
            kind: t.kind,
            start: t.span.start,
            end: t.span.end,
            text: t.text,
            gap: t.gap,
            shape: t.shape,
            sentence_start: t.sentence_start,
            lex: if t.kind == TokKind::Word {
                lex_of(t.text, tokens.lower(t))
            } else {
                Lex::Other
            },
        })
        .collect()
}
