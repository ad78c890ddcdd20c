//! What an extractor produces for one document, and predictions files.
//!
//! A [`Prediction`] has three optional layers: an absent layer was not
//! attempted and is not scored; a present, empty one was attempted and found
//! nothing. Offsets are bytes inside the library; a predictions file (JSON
//! Lines) declares its unit in its header and is converted when read or
//! written, so outside tools can write code points (Python) or UTF-16 units
//! (JavaScript) without converting anything themselves.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::corpus::Dataset;
use crate::error::{Error, Result};
use crate::offsets::{OffsetMap, OffsetUnit};
use crate::schema::{Layer, NumberKind, NumberValue, Span};

pub use crate::prediction_check::PredictionProblem;

/// What becomes of predicted items that fail the checks golden files pass
/// (a value of the wrong JSON type, a malformed date, a unit off the closed
/// lists, speaker offsets not in pairs, an unknown label).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ItemChecks {
    /// Any such item stops scoring with an error naming file, line,
    /// document and item: a malformed file is not a weak extractor.
    #[default]
    Strict,
    /// Such items are warnings, and the scorer counts each as wrong.
    Lenient,
}

/// One extractor's output for one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prediction {
    /// Entity mentions, or `None` when not attempted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entities: Option<Vec<PredictedEntity>>,
    /// Quotes, or `None` when not attempted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quotes: Option<Vec<PredictedQuote>>,
    /// Numbers, or `None` when not attempted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numbers: Option<Vec<PredictedNumber>>,
}

/// A predicted entity mention.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PredictedEntity {
    /// Start offset.
    pub start: usize,
    /// End offset (exclusive).
    pub end: usize,
    /// The extractor's label; mapped to an OntoNotes type when scored.
    #[serde(rename = "type")]
    pub ty: String,
}

/// A predicted quote.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PredictedQuote {
    /// Start offset (after the opening mark).
    pub start: usize,
    /// End offset (before the closing mark).
    pub end: usize,
    /// The speaker's name as found in the text, or null.
    pub speaker: Option<String>,
    /// Where the speaker's name was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_start: Option<usize>,
    /// End of the speaker's name (exclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_end: Option<usize>,
    /// The reporting verb or phrase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
}

/// A predicted number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PredictedNumber {
    /// Start offset.
    pub start: usize,
    /// End offset (exclusive).
    pub end: usize,
    /// Kind of number.
    pub kind: NumberKind,
    /// Normalised value.
    pub value: NumberValue,
    /// Unit, where the kind takes one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

impl Prediction {
    /// A prediction that attempted every layer and found nothing: what a
    /// failed document is scored as.
    pub fn empty() -> Self {
        Prediction {
            entities: Some(Vec::new()),
            quotes: Some(Vec::new()),
            numbers: Some(Vec::new()),
        }
    }

    /// The layers this prediction attempted.
    pub fn layers(&self) -> Vec<Layer> {
        let mut layers = Vec::new();
        if self.entities.is_some() {
            layers.push(Layer::Entities);
        }
        if self.quotes.is_some() {
            layers.push(Layer::Quotes);
        }
        if self.numbers.is_some() {
            layers.push(Layer::Numbers);
        }
        layers
    }

    /// Every span in the prediction (speaker spans included), for checking.
    pub fn spans(&self) -> Vec<Span> {
        let mut spans = Vec::new();
        for e in self.entities.iter().flatten() {
            spans.push(Span::new(e.start, e.end));
        }
        for q in self.quotes.iter().flatten() {
            spans.push(Span::new(q.start, q.end));
            if let (Some(s), Some(e)) = (q.speaker_start, q.speaker_end) {
                spans.push(Span::new(s, e));
            }
        }
        for n in self.numbers.iter().flatten() {
            spans.push(Span::new(n.start, n.end));
        }
        spans
    }

    /// The same prediction with every offset passed through `convert`;
    /// `Err` carries the first offset that did not convert.
    pub fn map_offsets(
        &self,
        convert: impl Fn(usize) -> Option<usize>,
    ) -> Result<Prediction, usize> {
        let c = |o: usize| convert(o).ok_or(o);
        let opt = |o: Option<usize>| o.map(c).transpose();
        let entities = self.entities.as_ref().map(|v| {
            v.iter()
                .map(|e| {
                    Ok(PredictedEntity {
                        start: c(e.start)?,
                        end: c(e.end)?,
                        ty: e.ty.clone(),
                    })
                })
                .collect::<Result<Vec<_>, usize>>()
        });
        let quotes = self.quotes.as_ref().map(|v| {
            v.iter()
                .map(|q| {
                    Ok(PredictedQuote {
                        start: c(q.start)?,
                        end: c(q.end)?,
                        speaker_start: opt(q.speaker_start)?,
                        speaker_end: opt(q.speaker_end)?,
                        ..q.clone()
                    })
                })
                .collect::<Result<Vec<_>, usize>>()
        });
        let numbers = self.numbers.as_ref().map(|v| {
            v.iter()
                .map(|n| {
                    Ok(PredictedNumber {
                        start: c(n.start)?,
                        end: c(n.end)?,
                        ..n.clone()
                    })
                })
                .collect::<Result<Vec<_>, usize>>()
        });
        Ok(Prediction {
            entities: entities.transpose()?,
            quotes: quotes.transpose()?,
            numbers: numbers.transpose()?,
        })
    }

    /// Checks every span lies inside `text`, on character boundaries, and is
    /// not reversed; the message names the first bad span.
    pub fn check_spans(&self, text: &str) -> std::result::Result<(), SpanError> {
        for span in self.spans() {
            if span.start > span.end || span.end > text.len() {
                return Err(SpanError(format!(
                    "span {}..{} is reversed or outside the text ({} bytes)",
                    span.start,
                    span.end,
                    text.len()
                )));
            }
            if !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) {
                return Err(SpanError(format!(
                    "span {}..{} does not fall on character boundaries",
                    span.start, span.end
                )));
            }
        }
        Ok(())
    }
}

/// A predicted span that does not fit its text, described in byte offsets.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SpanError(String);

/// The first line of a predictions file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PredictionsHeader {
    /// Always `"predictions"`.
    pub wirebench: String,
    /// Format version; 1.
    pub version: u32,
    /// Extractor name; becomes the report's key.
    pub extractor: String,
    /// Offset unit of every span in the file.
    #[serde(default)]
    pub offsets: OffsetUnit,
}

/// A document line: `{"doc": ID, ...layers}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DocumentLine {
    pub(crate) doc: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) entities: Option<Vec<PredictedEntity>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) quotes: Option<Vec<PredictedQuote>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) numbers: Option<Vec<PredictedNumber>>,
}

/// The predictions read from one file: per document of the dataset, its
/// prediction, or `None` when the file has no line for it.
#[derive(Debug, Clone)]
pub struct PredictionsFile {
    /// The header.
    pub header: PredictionsHeader,
    /// Indexed like `Dataset::documents`.
    pub predictions: Vec<Option<Prediction>>,
}

/// Writes one extractor's predictions, in `unit`, one line per document in id order.
pub fn write_predictions(
    out: &mut impl Write,
    extractor: &str,
    unit: OffsetUnit,
    documents: impl IntoIterator<Item = (String, OffsetMap, Prediction)>,
) -> std::io::Result<()> {
    write_predictions_header(out, extractor, unit)?;
    for (doc, map, prediction) in documents {
        write_prediction_line(out, unit, doc, &map, &prediction)?;
    }
    Ok(())
}

/// The header line of a predictions file (what [`write_predictions`] starts with).
pub(crate) fn write_predictions_header(
    out: &mut impl Write,
    extractor: &str,
    unit: OffsetUnit,
) -> std::io::Result<()> {
    let header = PredictionsHeader {
        wirebench: "predictions".into(),
        version: 1,
        extractor: extractor.into(),
        offsets: unit,
    };
    serde_json::to_writer(&mut *out, &header)?;
    writeln!(out)
}

/// One document's line of a predictions file, its offsets converted to `unit`.
pub(crate) fn write_prediction_line(
    out: &mut impl Write,
    unit: OffsetUnit,
    doc: String,
    map: &OffsetMap,
    prediction: &Prediction,
) -> std::io::Result<()> {
    let converted = prediction
        .map_offsets(|b| map.from_byte(unit, b))
        .map_err(|o| {
            std::io::Error::other(format!(
                "document {doc}: byte offset {o} is not on a character boundary"
            ))
        })?;
    let line = DocumentLine {
        doc,
        entities: converted.entities,
        quotes: converted.quotes,
        numbers: converted.numbers,
    };
    serde_json::to_writer(&mut *out, &line)?;
    writeln!(out)
}

/// Reads a predictions file against a dataset. Every malformed line, unknown
/// or repeated document, or span that does not fit its text is an error
/// naming the file and line.
pub fn read_predictions(path: &Path, dataset: &Dataset) -> Result<PredictionsFile> {
    let file = crate::guard::open_regular(path).map_err(|e| Error::io(path, e))?;
    let mut reader = std::io::BufReader::new(file);
    let line_error = |line: usize, message: String| Error::PredictionsLine {
        path: path.to_path_buf(),
        line,
        message,
    };
    let mut header: Option<PredictionsHeader> = None;
    let mut predictions = vec![None; dataset.documents().len()];
    let mut buffer = Vec::new();
    let mut number = 0;
    loop {
        number += 1;
        let more = crate::guard::read_line_bounded(&mut reader, &mut buffer)
            .map_err(|e| line_error(number, format!("cannot read: {e}")))?;
        if !more {
            break;
        }
        if number == 1 && buffer.starts_with(&[0xEF, 0xBB, 0xBF]) {
            return Err(line_error(
                number,
                "file starts with a byte order mark; save it as UTF-8 without one".into(),
            ));
        }
        let line = std::str::from_utf8(&buffer).map_err(|e| {
            line_error(
                number,
                format!("not valid UTF-8 at byte {} of the line", e.valid_up_to()),
            )
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let Some(header) = &header else {
            let parsed: PredictionsHeader = serde_json::from_str(line)
                .map_err(|e| line_error(number, format!("bad header (expected {{\"wirebench\": \"predictions\", \"version\": 1, \"extractor\": NAME, \"offsets\": UNIT}}): {e}")))?;
            if parsed.wirebench != "predictions" || parsed.version != 1 {
                return Err(line_error(
                    number,
                    "header must say \"wirebench\": \"predictions\", \"version\": 1".into(),
                ));
            }
            header = Some(parsed);
            continue;
        };
        let doc_line: DocumentLine =
            serde_json::from_str(line).map_err(|e| line_error(number, e.to_string()))?;
        let Some(position) = dataset.position(&doc_line.doc) else {
            return Err(line_error(
                number,
                format!("document `{}` is not in the corpus", doc_line.doc),
            ));
        };
        if predictions[position].is_some() {
            return Err(line_error(
                number,
                format!("document `{}` appears twice", doc_line.doc),
            ));
        }
        let document = &dataset.documents()[position];
        let raw = Prediction {
            entities: doc_line.entities,
            quotes: doc_line.quotes,
            numbers: doc_line.numbers,
        };
        if let Some(span) = raw.spans().into_iter().find(|s| s.start > s.end) {
            return Err(line_error(
                number,
                format!(
                    "document `{}`: span {}..{} is reversed (offsets: {:?})",
                    document.id, span.start, span.end, header.offsets
                ),
            ));
        }
        let prediction = raw
            .map_offsets(|o| document.offsets.to_byte(header.offsets, o))
            .map_err(|o| line_error(number, format!("document `{}`: offset {o} is outside the text or not on a character boundary (offsets: {:?})", document.id, header.offsets)))?;
        prediction
            .check_spans(&document.text)
            .map_err(|m| line_error(number, format!("document `{}`: {m}", document.id)))?;
        predictions[position] = Some(prediction);
    }
    let header = header.ok_or_else(|| line_error(1, "empty file: no header line".into()))?;
    Ok(PredictionsFile {
        header,
        predictions,
    })
}

/// One line per predicted span, in text order, with code point offsets and
/// the surface text: a rendering made for reading diffs (snapshots, `explain`).
pub fn render_compact(doc: &crate::corpus::Document, prediction: &Prediction) -> String {
    let cp = |b: usize| doc.offsets.from_byte(OffsetUnit::Codepoint, b).unwrap_or(b);
    let surface =
        |s: usize, e: usize| format!("{:?}", doc.text.get(s..e).unwrap_or("<outside the text>"));
    let mut lines: Vec<(usize, usize, String)> = Vec::new();
    for e in prediction.entities.iter().flatten() {
        lines.push((
            e.start,
            e.end,
            format!("entity {} {}", e.ty, surface(e.start, e.end)),
        ));
    }
    for q in prediction.quotes.iter().flatten() {
        let speaker = q
            .speaker
            .as_deref()
            .map_or("-".to_owned(), |s| format!("{s:?}"));
        let cue = q
            .cue
            .as_deref()
            .map_or("-".to_owned(), |c| format!("{c:?}"));
        lines.push((
            q.start,
            q.end,
            format!(
                "quote speaker={speaker} cue={cue} {}",
                surface(q.start, q.end)
            ),
        ));
    }
    for n in prediction.numbers.iter().flatten() {
        let unit = n
            .unit
            .as_deref()
            .map(|u| format!(" {u}"))
            .unwrap_or_default();
        lines.push((
            n.start,
            n.end,
            format!(
                "number {} {}{unit} {}",
                n.kind,
                n.value,
                surface(n.start, n.end)
            ),
        ));
    }
    lines.sort();
    lines
        .into_iter()
        .map(|(s, e, rest)| format!("{}..{} {rest}\n", cp(s), cp(e)))
        .collect()
}
