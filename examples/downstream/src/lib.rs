//! An extractor of percentages written in digits, as a user's crate would
//! write one against wirebench's public API.

use wirebench::corpus::Document;
use wirebench::extract::Extractor;
use wirebench::prediction::{PredictedNumber, Prediction};
use wirebench::schema::{Layer, NumberKind, NumberValue};
use wirebench::ExtractError;

/// Percentages written with digits: "9%", "4.2 percent", "8 per cent".
///
/// Example: "inflation rose to 4.2 percent" gives percent 4.2 over `4.2 percent`.
///
/// Known limitations: predicts the numbers layer with percentages only, so
/// every other number counts as missed; no number words ("nine percent"),
/// no ranges.
pub struct Percentages;

impl Extractor for Percentages {
    fn id(&self) -> &str {
        "downstream/percentages"
    }

    fn layers(&self) -> &[Layer] {
        &[Layer::Numbers]
    }

    fn extract(&self, doc: &Document) -> Result<Prediction, ExtractError> {
        let text = &doc.text;
        let bytes = text.as_bytes();
        let mut numbers = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let starts_number =
                bytes[i].is_ascii_digit() && (i == 0 || !is_word_byte(bytes[i - 1]));
            if !starts_number {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_digit()
                    || bytes[i] == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
            {
                i += 1;
            }
            let digits = &text[start..i];
            let rest = &text[i..];
            let suffix = ["%", " percent", " per cent"]
                .into_iter()
                .find(|s| rest.starts_with(s));
            if let Some(suffix) = suffix {
                let value: f64 = digits.parse()?;
                numbers.push(PredictedNumber {
                    start,
                    end: i + suffix.len(),
                    kind: NumberKind::Percent,
                    value: NumberValue::Number(value),
                    unit: None,
                });
                i += suffix.len();
            }
        }
        Ok(Prediction {
            numbers: Some(numbers),
            ..Prediction::default()
        })
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'.' || b == b','
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_house_style() {
        let doc = Document::new("d", "Up 9%, then 4.2 percent, then 8 per cent; not 2024.");
        let found: Vec<&str> = Percentages
            .extract(&doc)
            .unwrap()
            .numbers
            .unwrap()
            .iter()
            .map(|n| &doc.text[n.start..n.end])
            .collect();
        assert_eq!(found, ["9%", "4.2 percent", "8 per cent"]);
    }
}
