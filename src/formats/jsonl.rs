//! spaCy/Prodigy JSON Lines: `{"text": …, "spans": [{"start", "end", "label"}]}`
//! per line, offsets in code points (Python `str` indices).
//!
//! Read as golden files (a corpus of its own) or as a predictions file for
//! an existing corpus. A document's id is the line's `id`, else `meta.id` or
//! `meta.doc`, else `doc-NNNN` in line order; as predictions, a line without
//! a known id is matched to the corpus document with the same text. Prodigy
//! lines answered `reject` or `ignore` are left out and counted.

use std::io::{BufRead, BufReader};
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use crate::corpus::Dataset;
use crate::error::{Error, Result};
use crate::offsets::{OffsetMap, OffsetUnit};
use crate::prediction::{write_predictions, PredictedEntity, Prediction};
use crate::schema::Layer;

use super::{slug, Conversion, DocBuilder, ImportLabels, Imported, MentionIn};

#[derive(Debug, Deserialize)]
struct Line {
    text: String,
    #[serde(default)]
    spans: Vec<SpanLine>,
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    meta: Option<Value>,
    #[serde(default)]
    answer: Option<String>,
}

#[derive(Debug, Deserialize)]
struct SpanLine {
    start: usize,
    end: usize,
    label: String,
}

impl Line {
    fn id(&self) -> Option<String> {
        let meta = self.meta.as_ref();
        [
            self.id.as_ref(),
            meta.and_then(|m| m.get("id")),
            meta.and_then(|m| m.get("doc")),
        ]
        .into_iter()
        .flatten()
        .find_map(|v| match v {
            Value::String(s) => Some(slug(s)),
            Value::Number(n) => Some(format!("doc-{n}")),
            _ => None,
        })
    }
}

/// Every accepted line with its line number.
fn read_lines(path: &Path, report: &mut Conversion) -> Result<Vec<(usize, Line)>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let number = i + 1;
        let line = line.map_err(|e| Error::io(path, e))?;
        if line.trim().is_empty() {
            continue;
        }
        let parsed: Line = serde_json::from_str(&line).map_err(|e| Error::Format {
            path: path.to_path_buf(),
            message: format!(
                "line {number}: expected {{\"text\": …, \"spans\": [{{\"start\", \"end\", \"label\"}}]}}: {e}"
            ),
        })?;
        let chars = parsed.text.chars().count();
        if let Some(bad) = parsed
            .spans
            .iter()
            .find(|s| s.start >= s.end || s.end > chars)
        {
            return Err(Error::Format {
                path: path.to_path_buf(),
                message: format!(
                    "line {number}: span {}..{} ({}) is empty or past the text's {chars} code points",
                    bad.start, bad.end, bad.label
                ),
            });
        }
        match parsed.answer.as_deref() {
            Some(answer @ ("reject" | "ignore")) => report.count(format!(
                "Prodigy line answered `{answer}` (document left out)"
            )),
            _ => out.push((number, parsed)),
        }
    }
    Ok(out)
}

/// Reads the lines as golden files: one document per line, entities only.
pub fn import(path: &Path, labels: &ImportLabels) -> Result<Imported> {
    let mut report = Conversion::default();
    let lines = read_lines(path, &mut report)?;
    let mut builders = Vec::new();
    for (n, (_, line)) in lines.iter().enumerate() {
        let id = line.id().unwrap_or_else(|| format!("doc-{:04}", n + 1));
        let mut builder = DocBuilder::new(id, line.text.clone());
        for span in &line.spans {
            match labels.entity_type(&span.label) {
                Ok(ty) => builder.mentions.push(MentionIn {
                    start: span.start,
                    end: span.end,
                    ty,
                    cluster: None,
                }),
                Err(reason) => report.count(reason),
            }
        }
        builders.push(builder);
    }
    Imported::new("JSON Lines", path, builders, vec![Layer::Entities], report)
}

/// Reads the lines as one extractor's entity predictions for `dataset` and
/// writes a wirebench predictions file (code points) to `out`. Labels go
/// through `labels` when a map is given, and are otherwise kept for the
/// scorer's own label map. Returns how many documents it covers.
pub fn import_predictions(
    path: &Path,
    dataset: &Dataset,
    extractor: &str,
    labels: &ImportLabels,
    out: &Path,
    report: &mut Conversion,
) -> Result<usize> {
    super::refuse_existing(out)?;
    let lines = read_lines(path, report)?;
    let mut found: Vec<Option<Prediction>> = vec![None; dataset.documents().len()];
    for (number, line) in lines {
        let index = line
            .id()
            .and_then(|id| dataset.position(&id))
            .or_else(|| dataset.documents().iter().position(|d| d.text == line.text));
        let Some(index) = index else {
            return Err(Error::Format {
                path: path.to_path_buf(),
                message: format!(
                    "line {number}: no document of {} has this id or text",
                    dataset.source().describe()
                ),
            });
        };
        let doc = &dataset.documents()[index];
        if doc.text != line.text {
            return Err(Error::Format {
                path: path.to_path_buf(),
                message: format!(
                    "line {number}: document {}: the line's text differs from the corpus text",
                    doc.id
                ),
            });
        }
        let mut entities = Vec::new();
        for span in &line.spans {
            let byte = |cp| doc.offsets.to_byte(OffsetUnit::Codepoint, cp).unwrap_or(0);
            match labels.map(&span.label) {
                Ok(ty) => entities.push(PredictedEntity {
                    start: byte(span.start),
                    end: byte(span.end),
                    ty,
                }),
                Err(reason) => report.count(reason),
            }
        }
        if found[index].is_some() {
            return Err(Error::Format {
                path: path.to_path_buf(),
                message: format!("line {number}: document {} occurs twice", doc.id),
            });
        }
        found[index] = Some(Prediction {
            entities: Some(entities),
            ..Prediction::default()
        });
    }
    let covered = found.iter().filter(|p| p.is_some()).count();
    let documents: Vec<(String, OffsetMap, Prediction)> = dataset
        .documents()
        .iter()
        .zip(found)
        .filter_map(|(d, p)| Some((d.id.clone(), d.offsets.clone(), p?)))
        .collect();
    let mut file =
        std::io::BufWriter::new(std::fs::File::create(out).map_err(|e| Error::io(out, e))?);
    write_predictions(&mut file, extractor, OffsetUnit::Codepoint, documents)
        .map_err(|e| Error::io(out, e))?;
    Ok(covered)
}
