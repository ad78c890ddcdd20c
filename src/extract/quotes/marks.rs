//! `quotes/marks`: every span between paired quotation marks.
//!
//! **What it extracts.** The text between an opening and a closing quotation
//! mark within one paragraph (“ ” " « »; mismatched pairs such as ” … ” and
//! " … ” included), marks excluded, as a quote with no speaker. A paragraph
//! that ends inside a quote closes it there, so a multi-paragraph quote gives
//! one span per paragraph. Single marks (‘ ’) are never openers: they double
//! as apostrophes, and in news they mark quotes inside quotes, which stay
//! inside the outer span.
//!
//! **Example.** `“It is aimed at one thing,” he said.` → one quote,
//! `It is aimed at one thing,`, speaker null.
//!
//! **Known limitations.** It cannot tell a quote from scare quotes, titles or
//! nicknames; it finds no speakers or cues; a straight `"` after white space
//! always opens, so a stray closing `"` preceded by a space derails the rest
//! of the paragraph.

use crate::corpus::Document;
use crate::error::ExtractError;
use crate::extract::Extractor;
use crate::prediction::{PredictedQuote, Prediction};
use crate::schema::{Layer, Span};

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
    let mut spans = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        scan_paragraph(text, offset, offset + line.len(), &mut spans);
        offset += line.len();
    }
    spans
}

/// What closes the quote that is open.
#[derive(Clone, Copy)]
enum Closer {
    /// Opened with «; only » closes.
    Guillemet,
    /// Opened with a double mark; ” or " closes.
    Double,
}

fn scan_paragraph(text: &str, from: usize, to: usize, spans: &mut Vec<Span>) {
    let mut open: Option<(usize, Closer)> = None;
    let mut prev: Option<char> = None;
    for (i, c) in text[from..to].char_indices() {
        let at = from + i;
        match open {
            None => {
                let after_space = prev.is_none_or(|p| p.is_whitespace() || "([{—–-/".contains(p));
                let closer = match c {
                    '«' => Some(Closer::Guillemet),
                    '“' => Some(Closer::Double),
                    '"' | '”' if after_space => Some(Closer::Double),
                    _ => None,
                };
                if let Some(closer) = closer {
                    open = Some((at + c.len_utf8(), closer));
                }
            }
            Some((start, closer)) => {
                let closes = match closer {
                    Closer::Guillemet => c == '»',
                    Closer::Double => {
                        c == '”' || (c == '"' && prev.is_some_and(|p| !p.is_whitespace()))
                    }
                };
                if closes {
                    push_trimmed(text, start, at, spans);
                    open = None;
                }
            }
        }
        prev = Some(c);
    }
    if let Some((start, _)) = open {
        push_trimmed(text, start, to, spans);
    }
}

fn push_trimmed(text: &str, start: usize, end: usize, spans: &mut Vec<Span>) {
    let slice = &text[start..end];
    let trimmed_start = start + (slice.len() - slice.trim_start().len());
    let trimmed_end = start + slice.trim_end().len();
    if trimmed_start < trimmed_end {
        spans.push(Span::new(trimmed_start, trimmed_end));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<&str> {
        quote_spans(text)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn pairs_curly_straight_mismatched_and_guillemets() {
        assert_eq!(
            quoted("“A,” he said. \"B\" and ”C,” and «D»."),
            ["A,", "B", "C,", "D"]
        );
    }

    #[test]
    fn apostrophes_are_not_marks_and_unclosed_paragraphs_end_the_quote() {
        assert_eq!(
            quoted("“It’s ours, ‘fine’ and\n“More.”"),
            ["It’s ours, ‘fine’ and", "More."]
        );
    }
}
