//! `numbers/digits`: digit runs as cardinals.
//!
//! **What it extracts.** Every number token of the text layer (digits with
//! comma thousands separators and a decimal part, ".5" included) that is
//! not glued to letters (`K2-18b`, `COVID-19`, `5G` are skipped), as a
//! `cardinal` with its numeric value.
//!
//! **Example.** `for 1,500 students` → cardinal `1,500` = 1500.
//!
//! **Known limitations.** Every number is a cardinal: years, dates, money and
//! percentages get the wrong kind and no unit; number words ("two") are not
//! seen; digits inside names such as "Boeing 737" are taken.

use crate::corpus::Document;
use crate::error::ExtractError;
use crate::extract::Extractor;
use crate::prediction::{PredictedNumber, Prediction};
use crate::schema::{Layer, NumberKind, NumberValue};
use crate::text::chars::is_word_char;
use crate::text::tokens::{tokenize, Gap, Kind, Token};

/// The digit-run baseline.
pub struct Digits;

impl Extractor for Digits {
    fn id(&self) -> &str {
        "numbers/digits"
    }

    fn layers(&self) -> &[Layer] {
        &[Layer::Numbers]
    }

    fn extract(&self, doc: &Document) -> Result<Prediction, ExtractError> {
        let tokens = tokenize(&doc.text);
        let numbers = tokens
            .iter()
            .enumerate()
            .filter(|(k, t)| t.kind == Kind::Num && !glued_to_word(&tokens, *k))
            .filter_map(|(_, t)| {
                let value: f64 = t.text.replace(',', "").parse().ok()?;
                value.is_finite().then(|| PredictedNumber {
                    start: t.span.start,
                    end: t.span.end,
                    kind: NumberKind::Cardinal,
                    value: NumberValue::Number(value),
                    unit: None,
                })
            })
            .collect();
        Ok(Prediction {
            numbers: Some(numbers),
            ..Prediction::default()
        })
    }
}

/// Whether the number token `k` is part of an identifier: a letter right
/// before or after it, or a hyphen joining it to a word.
fn glued_to_word(tokens: &[Token<'_>], k: usize) -> bool {
    let glued = |i: usize| tokens.get(i).filter(|t| t.gap == Gap::Glued);
    let last_char = |t: &Token<'_>| t.text.chars().next_back();
    let glued_before = glued(k)
        .and(k.checked_sub(1))
        .map(|p| &tokens[p])
        .is_some_and(|p| {
            if p.text == "-" {
                glued(k - 1).is_some()
                    && k >= 2
                    && last_char(&tokens[k - 2]).is_some_and(is_word_char)
            } else {
                last_char(p).is_some_and(char::is_alphabetic)
            }
        });
    let glued_after = glued(k + 1)
        .and_then(|n| n.text.chars().next())
        .is_some_and(char::is_alphabetic);
    glued_before || glued_after
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_grouped_and_decimal_runs_and_skips_identifiers() {
        let doc = Document::new(
            "t",
            "1 / 16, 1,500 students, 2.5%, COVID-19, K2-18b and 5G.",
        );
        let numbers = Digits.extract(&doc).unwrap().numbers.unwrap();
        let found: Vec<(&str, NumberValue)> = numbers
            .iter()
            .map(|n| (&doc.text[n.start..n.end], n.value.clone()))
            .collect();
        assert_eq!(
            found,
            [
                ("1", NumberValue::Number(1.0)),
                ("16", NumberValue::Number(16.0)),
                ("1,500", NumberValue::Number(1500.0)),
                ("2.5", NumberValue::Number(2.5)),
            ]
        );
    }
}
