//! `numbers/digits`: digit runs as cardinals.
//!
//! **What it extracts.** Every run of digits, with comma thousands separators
//! and a decimal part, that is not glued to letters (`K2-18b`, `COVID-19`,
//! `5G` are skipped), as a `cardinal` with its numeric value.
//!
//! **Example.** `for 1,500 students` → cardinal `1,500` = 1500.
//!
//! **Known limitations.** Every number is a cardinal: years, dates, money and
//! percentages get the wrong kind and no unit; number words ("two") are not
//! seen; digits inside names such as "Boeing 737" are taken.

use std::sync::LazyLock;

use regex::Regex;

use crate::corpus::Document;
use crate::error::ExtractError;
use crate::extract::Extractor;
use crate::prediction::{PredictedNumber, Prediction};
use crate::schema::{Layer, NumberKind, NumberValue};
use crate::text::chars::is_word_char;

/// The digit-run baseline.
pub struct Digits;

static DIGIT_RUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?").expect("valid pattern"));

impl Extractor for Digits {
    fn id(&self) -> &str {
        "numbers/digits"
    }

    fn layers(&self) -> &[Layer] {
        &[Layer::Numbers]
    }

    fn extract(&self, doc: &Document) -> Result<Prediction, ExtractError> {
        let text = doc.text.as_str();
        let numbers = DIGIT_RUN
            .find_iter(text)
            .filter(|m| !glued_to_word(text, m.start(), m.end()))
            .filter_map(|m| {
                let value: f64 = m.as_str().replace(',', "").parse().ok()?;
                value.is_finite().then(|| PredictedNumber {
                    start: m.start(),
                    end: m.end(),
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

/// Whether the digits at `start..end` are part of an identifier: a letter
/// right before or after, or a hyphen joining them to a word.
fn glued_to_word(text: &str, start: usize, end: usize) -> bool {
    let mut before = text[..start].chars().rev();
    let after = text[end..].chars().next();
    let glued_before = match before.next() {
        Some('-') => before.next().is_some_and(is_word_char),
        Some(c) => c.is_alphabetic(),
        None => false,
    };
    glued_before || after.is_some_and(char::is_alphabetic)
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
