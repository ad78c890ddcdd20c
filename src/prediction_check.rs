//! Predictions files checked like golden files.
//!
//! A prediction that cannot be right (a year given as the string `"2022"`, a
//! date `"last week"`, a unit off the closed lists, a speaker start without
//! an end, an entity label the scorer does not know) would otherwise be
//! counted as an error and read as a weak extractor, when the file is what is
//! wrong. Each problem names the file, line, document and item; reading
//! predictions as runs refuses them (`score` and `explain` exit 2) unless
//! `--lenient` (`ItemChecks::Lenient`), which keeps them as warnings. The
//! scorer never credits such an item: an unknown label has no type, and an
//! invalid value or unit and a lone speaker offset are never right.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::prediction::DocumentLine;
use crate::score::labels::case_twin;
use crate::score::LabelMap;
use crate::validate::{check_unit, check_value};

/// One thing wrong with one predicted item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PredictionProblem {
    /// The predictions file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// The document id.
    pub doc: String,
    /// The item, e.g. `numbers[3].value`.
    pub item: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for PredictionProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: document `{}`: {}: {}",
            self.path.display(),
            self.line,
            self.doc,
            self.item,
            self.message
        )
    }
}

/// Every problem of a predictions file's items, in file order. The file is
/// expected to have been read by `read_predictions` already (well-formed).
pub fn check_file(path: &Path, labels: &LabelMap) -> Result<Vec<PredictionProblem>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut problems = Vec::new();
    let mut header_seen = false;
    for (index, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| Error::io(path, e))?;
        if line.trim().is_empty() {
            continue;
        }
        if !header_seen {
            header_seen = true;
            continue;
        }
        let Ok(doc_line) = serde_json::from_str::<DocumentLine>(&line) else {
            continue;
        };
        for (item, message) in check_line(&doc_line, labels) {
            problems.push(PredictionProblem {
                path: path.to_path_buf(),
                line: index + 1,
                doc: doc_line.doc.clone(),
                item,
                message,
            });
        }
    }
    Ok(problems)
}

/// The problems of one document line: (item, message).
pub(crate) fn check_line(line: &DocumentLine, labels: &LabelMap) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, e) in line.entities.iter().flatten().enumerate() {
        if !labels.knows(&e.ty) {
            let message = match case_twin(&e.ty) {
                Some(known) => format!(
                    "label `{}` differs only in case from `{known}`: labels are case-sensitive (write `{known}` or map it with --label-map)",
                    e.ty
                ),
                None => format!(
                    "label `{}` is not an OntoNotes type, MISC or a label of --label-map",
                    e.ty
                ),
            };
            out.push((format!("entities[{i}].type"), message));
        }
    }
    for (i, q) in line.quotes.iter().flatten().enumerate() {
        if q.speaker_start.is_some() != q.speaker_end.is_some() {
            out.push((
                format!("quotes[{i}]"),
                "speaker_start and speaker_end come in pairs: give both or neither".into(),
            ));
        }
    }
    for (i, n) in line.numbers.iter().flatten().enumerate() {
        if let Err(message) = check_value(n.kind, &n.value) {
            out.push((format!("numbers[{i}].value"), message));
        }
        if let Err(message) = check_unit(n.kind, n.unit.as_deref()) {
            out.push((format!("numbers[{i}].unit"), message));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(json: &str) -> Vec<(String, String)> {
        let line: DocumentLine = serde_json::from_str(json).unwrap();
        check_line(&line, &LabelMap::default())
    }

    #[test]
    fn a_year_given_as_a_string_is_a_problem() {
        let p = problems(
            r#"{"doc": "d", "numbers": [{"start": 0, "end": 4, "kind": "year", "value": "2022"}]}"#,
        );
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, "numbers[0].value");
        assert!(p[0].1.contains("must be a number"), "{}", p[0].1);
    }

    #[test]
    fn malformed_dates_are_problems() {
        for date in ["2024-5-17", "last week"] {
            let p = problems(&format!(
                r#"{{"doc": "d", "numbers": [{{"start": 0, "end": 4, "kind": "date", "value": "{date}"}}]}}"#
            ));
            assert_eq!(p.len(), 1, "{date}: {p:?}");
        }
        assert!(problems(r#"{"doc": "d", "numbers": [{"start": 0, "end": 4, "kind": "date", "value": "XXXX-05-17"}]}"#).is_empty());
    }

    #[test]
    fn units_off_the_closed_lists_are_problems() {
        let p = problems(
            r#"{"doc": "d", "numbers": [{"start": 0, "end": 4, "kind": "money", "value": 5, "unit": "usd"}, {"start": 5, "end": 9, "kind": "quantity", "value": 3, "unit": "days"}]}"#,
        );
        assert_eq!(
            p.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(),
            ["numbers[0].unit", "numbers[1].unit"]
        );
    }

    #[test]
    fn speaker_offsets_come_in_pairs() {
        let p = problems(
            r#"{"doc": "d", "quotes": [{"start": 0, "end": 4, "speaker": "A", "speaker_start": 7}]}"#,
        );
        assert_eq!(p.len(), 1);
        assert!(p[0].1.contains("pairs"));
    }

    #[test]
    fn unknown_and_wrong_case_labels_are_problems() {
        let p = problems(
            r#"{"doc": "d", "entities": [{"start": 0, "end": 4, "type": "ALIEN"}, {"start": 5, "end": 9, "type": "org"}, {"start": 10, "end": 12, "type": "PER"}]}"#,
        );
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].1.contains("`ALIEN` is not"));
        assert!(p[1].1.contains("differs only in case from `ORG`"));
    }

    #[test]
    fn a_dropped_label_is_known() {
        let mut labels = LabelMap::default();
        labels.0.insert("DATE".into(), None);
        let line: DocumentLine = serde_json::from_str(
            r#"{"doc": "d", "entities": [{"start": 0, "end": 4, "type": "DATE"}]}"#,
        )
        .unwrap();
        assert!(check_line(&line, &labels).is_empty());
        assert!(labels.is_dropped("DATE"));
    }
}
