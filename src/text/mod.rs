//! The text layer under every built-in extractor: one tokenizer, one
//! definition of a word character, one set of words, name runs, paragraphs
//! and quotation-mark pairs, and the word lists they read (`data/text/`).
//!
//! Why one layer: when each extractor tokenised on its own, the same text
//! had three word boundaries, and the real extractors imported the
//! baselines' helpers, so that editing a baseline silently changed the
//! extractor CI compares it with. Extractors now share only this module;
//! a baseline exports nothing.
//!
//! | file | what it holds |
//! | --- | --- |
//! | `chars` | word characters, letters, vulgar fractions |
//! | `tokens` | the token stream: words, numbers, punctuation, the white space before each |
//! | `words` | words joined across hyphens and apostrophes (and full stops) from the tokens |
//! | `names` | capitalised words and name runs |
//! | `sentences` | the sentence splitter and its abbreviation list; sentences with quotations left inside |
//! | `paragraphs` | one paragraph per line |
//! | `quote_marks` | paired quotation marks per paragraph |
//! | `lists` | word lists as data files, loaded once |
//! | `reference` | (tests only) the former simple tokenizer, words and name runs the fast ones are held to |

pub(crate) mod chars;
pub(crate) mod lists;
pub(crate) mod names;
pub(crate) mod paragraphs;
pub mod quote_marks;
#[cfg(test)]
mod reference;
pub(crate) mod sentences;
pub(crate) mod tokens;
pub(crate) mod words;
