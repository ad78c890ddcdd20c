//! `quotes/marks`: every span between paired quotation marks.
//!
//! **What it extracts.** The text between an opening and a closing quotation
//! mark within one paragraph (“ ” " « »; mismatched pairs such as ” … ” and
//! " … ” included), marks excluded, as a quote with no speaker. A paragraph
//! that ends inside a quote closes it there, so a multi-paragraph quote gives
//! one span per paragraph. A single mark ‘ opens only after white space and
//! before a letter, and ’ closes only at the end of a word, so apostrophes
//! (it’s, countries’, ’90s) are never taken for marks; a single quote left
//! open at the end of its paragraph was an apostrophe and yields nothing.
//! Quotes nested inside quotes stay inside the outer span.
//!
//! **Example.** `“It is aimed at one thing,” he said.` → one quote,
//! `It is aimed at one thing,`, speaker null.
//!
//! **Known limitations.** It cannot tell a quote from scare quotes, titles or
//! nicknames; it finds no speakers or cues; a straight `"` after white space
//! always opens, so a stray closing `"` preceded by a space derails the rest
//! of the paragraph; a plural possessive (countries’) inside a single-quoted
//! quote closes it early; straight single quotes (') are never marks.

use crate::corpus::Document;
use crate::error::ExtractError;
use crate::extract::Extractor;
use crate::prediction::{PredictedQuote, Prediction};
use crate::schema::{Layer, Span};
use crate::text::quote_marks::candidates;

/// The quotation-mark baseline.
pub struct Marks;

impl Extractor for Marks {
    fn id(&self) -> &str {
        "quotes/marks"
    }

    fn layers(&self) -> &[Layer] {
        &[Layer::Quotes]
    }

    fn extract(&self, doc: &Document) -> Result<Prediction, ExtractError> {
        let quotes = quote_spans(&doc.text)
            .into_iter()
            .map(|span| PredictedQuote {
                start: span.start,
                end: span.end,
                speaker: None,
                speaker_start: None,
                speaker_end: None,
                cue: None,
            })
            .collect();
        Ok(Prediction {
            quotes: Some(quotes),
            ..Prediction::default()
        })
    }
}

/// Spans between paired quotation marks, in text order, trimmed of white space.
pub fn quote_spans(text: &str) -> Vec<Span> {
    candidates(text).into_iter().map(|c| c.span).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The baseline is the scanner's spans, each a quote with nothing
    /// attributed (the scanner's own cases are tested in `text::quote_marks`).
    #[test]
    fn every_paired_span_is_a_quote_without_speaker_or_cue() {
        let doc = Document::new("d", "“A,” he said. \"B\" and «D».");
        let prediction = Marks.extract(&doc).unwrap();
        let quotes = prediction.quotes.unwrap();
        let texts: Vec<&str> = quotes.iter().map(|q| &doc.text[q.start..q.end]).collect();
        assert_eq!(texts, ["A,", "B", "D"]);
        assert!(quotes
            .iter()
            .all(|q| q.speaker.is_none() && q.cue.is_none() && q.speaker_start.is_none()));
    }
}
