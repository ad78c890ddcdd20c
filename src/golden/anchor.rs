//! `wirebench golden anchor`: fills offsets from surface text.
//!
//! Annotators write a span as its `text` and, when the text occurs more than
//! once, a 1-based `occurrence`; anchoring finds it, writes `start` and `end`
//! in code points, drops `occurrence`, and shows each span in context so a
//! wrong landing is seen at once. Only whole-word matches count: "one" inside
//! "anyone" is not an occurrence of "one".

use std::path::Path;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::text::chars::is_word_char;
use crate::validate::read_json_value;

/// One span placed by anchoring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchored {
    /// Where in the golden file, e.g. `quotes[2]`.
    pub json_path: String,
    /// Start, in code points.
    pub start: usize,
    /// End, in code points.
    pub end: usize,
    /// A few words either side, with the span in brackets.
    pub context: String,
}

/// Anchors one golden file in place, reading its document from `corpus_dir`.
pub fn anchor_file(path: &Path, corpus_dir: &Path) -> Result<Vec<Anchored>> {
    let bytes = crate::guard::read_regular(path).map_err(|e| Error::io(path, e))?;
    let mut value = read_json_value(&bytes).map_err(|message| Error::Json {
        path: path.to_path_buf(),
        message,
        source: None,
    })?;
    let doc = value
        .get("doc")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::Json {
            path: path.to_path_buf(),
            message: "missing `doc`".into(),
            source: None,
        })?
        .to_owned();
    let manifest = corpus_dir.join("manifest.json");
    if !crate::corpus::is_valid_id(&doc) || !manifest_lists(&manifest, &doc)? {
        return Err(Error::Json {
            path: path.to_path_buf(),
            message: format!(
                "doc: `{doc}` is not a document id listed in {}",
                manifest.display()
            ),
            source: None,
        });
    }
    let text_path = corpus_dir.join(format!("{doc}.txt"));
    let text = crate::guard::read_inside(corpus_dir, &format!("{doc}.txt"))
        .and_then(|bytes| {
            String::from_utf8(bytes)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
        })
        .map_err(|e| Error::io(&text_path, e))?;
    let anchored =
        anchor_value(&mut value, &text).map_err(|AnchorError { json_path, message }| {
            Error::Anchor {
                path: path.to_path_buf(),
                json_path,
                message,
            }
        })?;
    let mut out = serde_json::to_string_pretty(&value).expect("a JSON value serialises");
    out.push('\n');
    crate::guard::write_atomic(path, out.as_bytes())?;
    Ok(anchored)
}

/// Whether the corpus manifest lists `doc`.
fn manifest_lists(manifest: &Path, doc: &str) -> Result<bool> {
    let bytes = crate::guard::read_regular(manifest).map_err(|e| Error::io(manifest, e))?;
    let value = read_json_value(&bytes).map_err(|message| Error::Json {
        path: manifest.to_path_buf(),
        message,
        source: None,
    })?;
    Ok(value
        .get("documents")
        .and_then(Value::as_array)
        .is_some_and(|docs| {
            docs.iter()
                .any(|d| d.get("id").and_then(Value::as_str) == Some(doc))
        }))
}

/// A span of a golden value that cannot be placed in its text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{json_path}: {message}")]
pub struct AnchorError {
    /// Where in the value, e.g. `quotes[3]`.
    pub json_path: String,
    /// Why the text could not be placed.
    pub message: String,
}

/// Anchors every span object of a golden value against `text`; errors carry
/// the JSON path and the reason.
pub fn anchor_value(value: &mut Value, text: &str) -> Result<Vec<Anchored>, AnchorError> {
    anchor_spans(value, text).map_err(|(json_path, message)| AnchorError { json_path, message })
}

fn anchor_spans(value: &mut Value, text: &str) -> Result<Vec<Anchored>, (String, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut anchored = Vec::new();
    let mut visit = |object: &mut Value, at: String| -> Result<(), (String, String)> {
        if let Value::Object(map) = object {
            let placed = anchor_object(map, &chars).map_err(|m| (at.clone(), m))?;
            anchored.push(Anchored {
                json_path: at,
                start: placed.0,
                end: placed.1,
                context: context(&chars, placed.0, placed.1),
            });
        }
        Ok(())
    };
    if let Some(entities) = value.get_mut("entities").and_then(Value::as_array_mut) {
        for (i, entity) in entities.iter_mut().enumerate() {
            if let Some(mentions) = entity.get_mut("mentions").and_then(Value::as_array_mut) {
                for (j, m) in mentions.iter_mut().enumerate() {
                    visit(m, format!("entities[{i}].mentions[{j}]"))?;
                }
            }
        }
    }
    for layer in ["quotes", "numbers"] {
        if let Some(items) = value.get_mut(layer).and_then(Value::as_array_mut) {
            for (i, item) in items.iter_mut().enumerate() {
                visit(item, format!("{layer}[{i}]"))?;
            }
        }
    }
    Ok(anchored)
}

fn anchor_object(map: &mut Map<String, Value>, chars: &[char]) -> Result<(usize, usize), String> {
    let needle: Vec<char> = map
        .get("text")
        .and_then(Value::as_str)
        .ok_or("no `text` to anchor")?
        .chars()
        .collect();
    if needle.is_empty() {
        return Err("`text` is empty".into());
    }
    let occurrence = match map.get("occurrence") {
        None => None,
        Some(v) => Some(
            v.as_u64()
                .filter(|&n| n >= 1)
                .ok_or("`occurrence` must be a whole number from 1")? as usize,
        ),
    };
    let given = (
        map.get("start").and_then(Value::as_u64),
        map.get("end").and_then(Value::as_u64),
    );
    let (start, end) = match (occurrence, given) {
        (None, (Some(s), Some(e))) => {
            let (s, e) = (s as usize, e as usize);
            if chars.get(s..e) != Some(&needle[..]) {
                return Err(format!(
                    "`text` {:?} is not at {s}..{e}; remove start and end to re-anchor",
                    needle.iter().collect::<String>()
                ));
            }
            (s, e)
        }
        _ => {
            let matches = whole_word_matches(chars, &needle);
            let shown: String = needle.iter().collect();
            match (occurrence, matches.len()) {
                (_, 0) => {
                    return Err(format!(
                        "{shown:?} does not occur as a whole word in the document"
                    ))
                }
                (None, 1) => (matches[0], matches[0] + needle.len()),
                (None, n) => {
                    return Err(format!(
                        "{shown:?} occurs {n} times; add \"occurrence\": 1..{n}"
                    ))
                }
                (Some(k), n) if k > n => {
                    return Err(format!("{shown:?} occurs only {n} times, not {k}"))
                }
                (Some(k), _) => (matches[k - 1], matches[k - 1] + needle.len()),
            }
        }
    };
    let mut rebuilt = Map::new();
    rebuilt.insert("start".into(), start.into());
    rebuilt.insert("end".into(), end.into());
    for (key, value) in std::mem::take(map) {
        if !matches!(key.as_str(), "start" | "end" | "occurrence") {
            rebuilt.insert(key, value);
        }
    }
    *map = rebuilt;
    Ok((start, end))
}

/// Start positions of `needle` in `chars` where it is not glued to a word
/// character on a side where it itself begins or ends with one.
pub fn whole_word_matches(chars: &[char], needle: &[char]) -> Vec<usize> {
    if needle.is_empty() || needle.len() > chars.len() {
        return Vec::new();
    }
    let first_is_word = is_word_char(needle[0]);
    let last_is_word = is_word_char(needle[needle.len() - 1]);
    (0..=chars.len() - needle.len())
        .filter(|&i| chars[i..i + needle.len()] == *needle)
        .filter(|&i| !(first_is_word && i > 0 && is_word_char(chars[i - 1])))
        .filter(|&i| {
            let after = i + needle.len();
            !(last_is_word && after < chars.len() && is_word_char(chars[after]))
        })
        .collect()
}

fn context(chars: &[char], start: usize, end: usize) -> String {
    const WIDTH: usize = 30;
    let flat = |s: &[char]| {
        s.iter()
            .map(|&c| if c == '\n' || c == '\r' { ' ' } else { c })
            .collect::<String>()
    };
    let before = flat(&chars[start.saturating_sub(WIDTH)..start]);
    let after = flat(&chars[end..(end + WIDTH).min(chars.len())]);
    format!("…{before}[{}]{after}…", flat(&chars[start..end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_whole_words_only() {
        let text: Vec<char> = "anyone and one, one".chars().collect();
        let needle: Vec<char> = "one".chars().collect();
        assert_eq!(whole_word_matches(&text, &needle), [11, 16]);
    }

    #[test]
    fn anchors_by_occurrence_and_refuses_ambiguity() {
        let text = "anyone and one, one";
        let mut value = serde_json::json!({"doc": "d", "entities": [], "quotes": [],
            "numbers": [{"text": "one", "occurrence": 2, "kind": "cardinal", "value": 1}]});
        let placed = anchor_value(&mut value, text).unwrap();
        assert_eq!((placed[0].start, placed[0].end), (16, 19));
        assert_eq!(
            value["numbers"][0],
            serde_json::json!({"start": 16, "end": 19, "text": "one", "kind": "cardinal", "value": 1})
        );
        let mut ambiguous = serde_json::json!({"numbers": [{"text": "one"}]});
        let AnchorError {
            json_path: at,
            message,
        } = anchor_value(&mut ambiguous, text).unwrap_err();
        assert_eq!(at, "numbers[0]");
        assert!(message.contains("occurs 2 times"), "{message}");
    }
}
