//! The lines an external extractor and wirebench exchange (JSON Lines).
//!
//! The child first says hello:
//! `{"wirebench": "extractor", "version": 1, "layers": ["entities"], "offsets": "codepoint"}`
//! (optionally `"extractor_version": "..."`); then, for each request
//! `{"doc": ID, "text": TEXT}`, it answers one line shaped like a
//! predictions-file document line. Offsets are converted to bytes here, once,
//! and entity labels renamed through the extractor's label map.

use serde::{Deserialize, Serialize};

use crate::corpus::Document;
use crate::offsets::OffsetUnit;
use crate::prediction::{PredictedEntity, PredictedNumber, PredictedQuote, Prediction};
use crate::schema::Layer;
use crate::score::LabelMap;

/// The first line a child prints, once it is ready.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hello {
    /// Always `"extractor"`.
    pub wirebench: String,
    /// Protocol version; 1.
    pub version: u32,
    /// The layers every answer fills.
    pub layers: Vec<Layer>,
    /// The unit of every offset in the answers.
    #[serde(default)]
    pub offsets: OffsetUnit,
    /// The model's or adapter's version; part of the cache key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extractor_version: Option<String>,
}

/// A request line.
#[derive(Serialize)]
pub(crate) struct Request<'a> {
    pub doc: &'a str,
    pub text: &'a str,
}

/// An answer line.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Answer {
    doc: String,
    #[serde(default)]
    entities: Option<Vec<PredictedEntity>>,
    #[serde(default)]
    quotes: Option<Vec<PredictedQuote>>,
    #[serde(default)]
    numbers: Option<Vec<PredictedNumber>>,
}

/// At most this many characters of a bad line go into a message.
const SHOWN_CHARS: usize = 200;

/// A line cut for showing in a message.
pub(crate) fn shown(line: &str) -> String {
    let cut: String = line.chars().take(SHOWN_CHARS).collect();
    if cut.len() < line.len() {
        format!("{cut:?}… ({} bytes)", line.len())
    } else {
        format!("{cut:?}")
    }
}

/// Reads the hello line, or says why it is not one.
pub(crate) fn parse_hello(line: &str) -> Result<Hello, String> {
    let hello: Hello = serde_json::from_str(line).map_err(|e| {
        format!(
            "first line is not a hello ({{\"wirebench\": \"extractor\", \"version\": 1, \"layers\": [...], \"offsets\": UNIT}}): {e}: {}",
            shown(line)
        )
    })?;
    if hello.wirebench != "extractor" || hello.version != 1 {
        return Err(format!(
            "hello must say \"wirebench\": \"extractor\", \"version\": 1: {}",
            shown(line)
        ));
    }
    Ok(hello)
}

/// Reads an answer for `doc`, converting its offsets to bytes and renaming
/// its entity labels; every error names what is wrong.
pub(crate) fn parse_answer(
    line: &str,
    doc: &Document,
    unit: OffsetUnit,
    labels: Option<&LabelMap>,
) -> Result<Prediction, AnswerError> {
    let answer: Answer = serde_json::from_str(line).map_err(|e| {
        AnswerError::Malformed(format!(
            "answer is not a document line ({e}): {}",
            shown(line)
        ))
    })?;
    if answer.doc != doc.id {
        return Err(AnswerError::WrongDocument(format!(
            "answered for document `{}` when asked for `{}`",
            answer.doc, doc.id
        )));
    }
    let raw = Prediction {
        entities: answer.entities,
        quotes: answer.quotes,
        numbers: answer.numbers,
    };
    let mut prediction = raw
        .map_offsets(|o| doc.offsets.to_byte(unit, o))
        .map_err(|o| {
            let unit = serde_json::to_string(&unit).unwrap_or_default();
            AnswerError::Offsets(format!(
                "offset {o} is outside the text or not on a character boundary (offsets: {unit}; the text has {} code points, {} UTF-8 bytes)",
                doc.offsets.char_len(),
                doc.text.len()
            ))
        })?;
    if let (Some(labels), Some(entities)) = (labels, prediction.entities.as_mut()) {
        // A label mapped to `null` is dropped, as in `--label-map`.
        entities.retain(|e| !matches!(labels.0.get(&e.ty), Some(None)));
        for e in entities.iter_mut() {
            if let Some(Some(to)) = labels.0.get(&e.ty) {
                e.ty = to.clone();
            }
        }
    }
    Ok(prediction)
}

/// What is wrong with an answer line.
#[derive(Debug)]
pub(crate) enum AnswerError {
    /// Not JSON, or not shaped like a document line: the child is out of step.
    Malformed(String),
    /// An answer for another document: the child is out of step.
    WrongDocument(String),
    /// Offsets that do not fit the text: only this document is wrong.
    Offsets(String),
}

impl AnswerError {
    /// Whether the process can no longer be trusted to answer in step.
    pub(crate) fn desynchronised(&self) -> bool {
        !matches!(self, AnswerError::Offsets(_))
    }

    /// The message.
    pub(crate) fn message(&self) -> &str {
        match self {
            AnswerError::Malformed(m) | AnswerError::WrongDocument(m) | AnswerError::Offsets(m) => {
                m
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_after_an_emoji_become_bytes() {
        // "😀" is 2 UTF-16 units and 4 bytes; "Ana" starts at UTF-16 offset 3.
        let doc = Document::new("d", "😀 Ana said.");
        let line = r#"{"doc": "d", "entities": [{"start": 3, "end": 6, "type": "PER"}]}"#;
        let labels = LabelMap(std::iter::once(("PER".into(), Some("PERSON".into()))).collect());
        let p = parse_answer(line, &doc, OffsetUnit::Utf16, Some(&labels)).unwrap();
        let e = &p.entities.unwrap()[0];
        assert_eq!(
            (&doc.text[e.start..e.end], e.ty.as_str()),
            ("Ana", "PERSON")
        );
        let inside_the_emoji =
            r#"{"doc": "d", "entities": [{"start": 1, "end": 6, "type": "PER"}]}"#;
        let err = parse_answer(inside_the_emoji, &doc, OffsetUnit::Utf16, None).unwrap_err();
        assert!(!err.desynchronised() && err.message().contains("offset 1"));
    }

    #[test]
    fn a_long_bad_line_is_cut_in_messages() {
        let line = "x".repeat(1000);
        let doc = Document::new("d", "text");
        let err = parse_answer(&line, &doc, OffsetUnit::Codepoint, None).unwrap_err();
        assert!(err.desynchronised());
        assert!(err.message().contains("(1000 bytes)") && err.message().len() < 400);
    }

    #[test]
    fn hello_must_name_the_protocol() {
        assert!(
            parse_hello(r#"{"wirebench": "extractor", "version": 1, "layers": ["entities"]}"#)
                .is_ok()
        );
        assert!(
            parse_hello(r#"{"wirebench": "predictions", "version": 1, "layers": []}"#).is_err()
        );
        assert!(parse_hello("loading model...")
            .unwrap_err()
            .contains("loading model"));
    }
}
