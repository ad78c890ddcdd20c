//! Label Studio JSON exports: a list of tasks, each with `data.text` and
//! `annotations[].result[]` holding `labels` regions and `relation`s.
//!
//! Region offsets are JavaScript string indices (UTF-16 units) and are
//! converted. Region labels name entity types (through the label map), a
//! number kind (value read from the text where it can be), or an attribution
//! role (`Quote`/`Content`, `Source`/`Speaker`, `Cue`); a relation between a
//! quote and an entity mention or source region gives the quote its speaker,
//! one to a cue region its cue. The first annotation of a task that was not
//! cancelled is read; the others, and results of other kinds (choices, text
//! areas), are counted in the report.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::golden::GoldNumber;
use crate::offsets::{OffsetMap, OffsetUnit};
use crate::schema::Layer;

use super::{
    number_kind, read_number, role_of, slug, Conversion, DocBuilder, ImportLabels, Imported,
    MentionIn, QuoteIn,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Region {
    Mention(usize),
    Quote(usize),
    Source(usize, usize),
    Cue(usize, usize),
    Other,
}

/// Reads a Label Studio JSON export.
pub fn import(path: &Path, labels: &ImportLabels) -> Result<Imported> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let tasks: Vec<Value> = serde_json::from_slice(&bytes).map_err(|source| Error::Json {
        path: path.to_path_buf(),
        message: "expected a Label Studio JSON export (a list of tasks)".into(),
        source: Some(source),
    })?;
    let mut report = Conversion::default();
    let mut builders = Vec::new();
    for (n, task) in tasks.iter().enumerate() {
        let at = |message: String| Error::Format {
            path: path.to_path_buf(),
            message: format!("task [{n}]: {message}"),
        };
        let data = task.get("data").ok_or_else(|| at("no `data`".into()))?;
        let text = data
            .get("text")
            .and_then(Value::as_str)
            .ok_or_else(|| at("no `data.text` string".into()))?;
        let id = [data.get("id"), data.get("doc"), task.get("id")]
            .into_iter()
            .flatten()
            .find_map(|v| match v {
                Value::String(s) => Some(slug(s)),
                Value::Number(k) => Some(format!("task-{k}")),
                _ => None,
            })
            .unwrap_or_else(|| format!("task-{n}"));
        let annotations: Vec<&Value> = task
            .get("annotations")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter(|x| x.get("was_cancelled") != Some(&Value::Bool(true)))
                    .collect()
            })
            .unwrap_or_default();
        for _ in annotations.iter().skip(1) {
            report.count("further annotation of a task (the first is read)");
        }
        let results = annotations
            .first()
            .and_then(|a| a.get("result"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        builders.push(task_document(&id, text, &results, labels, &mut report).map_err(at)?);
    }
    Imported::new("Label Studio", path, builders, Layer::ALL.to_vec(), report)
}

fn task_document(
    id: &str,
    text: &str,
    results: &[Value],
    labels: &ImportLabels,
    report: &mut Conversion,
) -> std::result::Result<DocBuilder, String> {
    let map = OffsetMap::new(text);
    let chars: Vec<char> = text.chars().collect();
    let cp = |v: Option<&Value>| -> Option<usize> {
        let utf16 = v?.as_u64()? as usize;
        let byte = map.to_byte(OffsetUnit::Utf16, utf16)?;
        map.from_byte(OffsetUnit::Codepoint, byte)
    };
    let mut builder = DocBuilder::new(id, text);
    let mut regions: BTreeMap<String, Region> = BTreeMap::new();
    let mut relations = Vec::new();
    for (k, result) in results.iter().enumerate() {
        let kind = result.get("type").and_then(Value::as_str).unwrap_or("");
        if kind == "relation" {
            relations.push(result);
            continue;
        }
        if kind != "labels" {
            report.count(format!("Label Studio result of type `{kind}`"));
            continue;
        }
        let value = result
            .get("value")
            .ok_or(format!("result [{k}] has no value"))?;
        let (Some(start), Some(end)) = (cp(value.get("start")), cp(value.get("end"))) else {
            return Err(format!(
                "result [{k}]: start/end are not UTF-16 offsets inside the text"
            ));
        };
        let label_list: Vec<&str> = value
            .get("labels")
            .and_then(Value::as_array)
            .map(|l| l.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for _ in label_list.iter().skip(1) {
            report.count("second label on one region (the first is read)");
        }
        let Some(&label) = label_list.first() else {
            report.count("region without a label");
            continue;
        };
        let region = match (role_of(label), number_kind(label)) {
            (Some("content"), _) => {
                builder.quotes.push(QuoteIn {
                    start,
                    end,
                    speaker: None,
                    cue: None,
                });
                Region::Quote(builder.quotes.len() - 1)
            }
            (Some("source"), _) => Region::Source(start, end),
            (Some(_), _) => Region::Cue(start, end),
            (None, Some(kind)) => {
                let shown: String = chars[start..end].iter().collect();
                match read_number(kind, &shown, None) {
                    Ok((value, unit)) => builder.numbers.push(GoldNumber {
                        start,
                        end,
                        text: shown,
                        kind,
                        value,
                        unit,
                    }),
                    Err(reason) => report.count(format!("`{label}` number: {reason}")),
                }
                Region::Other
            }
            (None, None) => match labels.entity_type(label) {
                Ok(ty) => {
                    builder.mentions.push(MentionIn {
                        start,
                        end,
                        ty,
                        cluster: None,
                    });
                    Region::Mention(builder.mentions.len() - 1)
                }
                Err(reason) => {
                    report.count(reason);
                    Region::Other
                }
            },
        };
        if let Some(rid) = result.get("id").and_then(Value::as_str) {
            regions.insert(rid.to_owned(), region);
        }
    }
    for relation in relations {
        let end = |key: &str| {
            relation
                .get(key)
                .and_then(Value::as_str)
                .and_then(|r| regions.get(r))
                .copied()
        };
        let (Some(a), Some(b)) = (end("from_id"), end("to_id")) else {
            report.count("relation whose ends are not regions read");
            continue;
        };
        let (q, other) = match (a, b) {
            (Region::Quote(q), o) | (o, Region::Quote(q)) => (q, o),
            _ => {
                report.count("relation without a quote at either end");
                continue;
            }
        };
        match other {
            Region::Mention(m) => builder.quotes[q].speaker = Some(m),
            Region::Source(s, e) => {
                match builder
                    .mentions
                    .iter()
                    .position(|m| m.start >= s && m.end <= e)
                {
                    Some(m) => builder.quotes[q].speaker = Some(m),
                    None => report.count(
                        "attribution source that is not a named entity mention (speaker null)",
                    ),
                }
            }
            Region::Cue(s, e) => builder.quotes[q].cue = Some(chars[s..e].iter().collect()),
            _ => report.count("relation from a quote to something that is not a speaker or cue"),
        }
    }
    Ok(builder)
}
