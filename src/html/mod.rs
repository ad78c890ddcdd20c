//! The HTML report: one self-contained file (inline CSS, JavaScript and SVG,
//! no network request) that people would rather read than a table.
//!
//! Why a page of its own: error analysis is reading articles with the gold
//! and the predicted annotations side by side, for quotes, entities and
//! numbers together. The page holds
//!
//! - a scoreboard (every extractor by layer with P, R, F1 and intervals,
//!   per-type and per-kind tables with support, the entity-type confusion),
//!   rendered here as sortable HTML tables;
//! - an SVG chart of headline F1 against throughput (log scale) per layer;
//! - every document with its gold and predicted spans marked by outcome,
//!   drawn in the browser from one JSON payload so that the corpus is
//!   embedded once, not once per extractor.
//!
//! The page is built from what a report already has: the [`Report`]'s
//! scores, the [`Dataset`] (texts and gold spans) and the error records
//! (`--errors`). Predictions are not needed: a gold span that no error
//! record names was matched exactly, and every other prediction appears in
//! an error record. So `wirebench report RUN.json --errors ERRORS.jsonl`
//! draws the same page as `run --html`.
//!
//! Every piece of article or annotation text is escaped: HTML text through
//! [`escape`], the JSON payload with `<` written as `\u003c` so that no
//! `</script>` can end it, and the browser puts text in with
//! `textContent`, never `innerHTML`.

mod chart;
mod data;
mod scoreboard;

use std::path::Path;

use crate::compare::Comparison;
use crate::corpus::Dataset;
use crate::report::{ExtractorScores, Report};
use crate::runner::Timing;
use crate::score::errors::ErrorRecord;

const TEMPLATE: &str = include_str!("template.html");
const STYLE: &str = include_str!("style.css");
const SCRIPT: &str = include_str!("report.js");

/// Why a page cannot be drawn from these inputs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HtmlError {
    /// The report was made on another corpus or other golden files.
    #[error("the report was made on {what} other than {source_name} (fingerprints {report} and {dataset}); give the --corpus and --golden it was made on")]
    OtherCorpus {
        /// `a corpus` or `golden files`.
        what: &'static str,
        /// Where the dataset was read from.
        source_name: String,
        /// The report's fingerprint.
        report: String,
        /// The dataset's fingerprint.
        dataset: String,
    },
    /// An error record names a document the dataset does not hold.
    #[error("an error record of `{extractor}` names document `{doc}`, which is not in the corpus")]
    UnknownDocument {
        /// The record's extractor.
        extractor: String,
        /// The record's document.
        doc: String,
    },
    /// An error record names an extractor the report does not hold.
    #[error("an error record names extractor `{extractor}` (document `{doc}`), which the report does not hold")]
    UnknownExtractor {
        /// The record's extractor.
        extractor: String,
        /// The record's document.
        doc: String,
    },
    /// An error record's span does not fit its document.
    #[error("an error record of `{extractor}` on document `{doc}` has span {start}..{end} (code points), outside the text or not on character boundaries")]
    SpanOutside {
        /// The record's extractor.
        extractor: String,
        /// The record's document.
        doc: String,
        /// Start, in code points.
        start: usize,
        /// End, in code points.
        end: usize,
    },
}

/// One column of the page: an extractor's scores, its timing, and its
/// error records when they are known.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// What the page calls it (the extractor id, or `base: id` in a comparison).
    pub name: String,
    /// Its scores.
    pub scores: &'a ExtractorScores,
    /// Its timing, when it ran here.
    pub timing: Option<Timing>,
    /// Its error records; `None` when unknown (a report read without `--errors`).
    pub errors: Option<Vec<&'a ErrorRecord>>,
}

/// A page ready to render.
#[derive(Debug, Clone)]
pub struct Page<'a> {
    dataset: &'a Dataset,
    entries: Vec<Entry<'a>>,
    comparison: Option<&'a Comparison>,
}

impl<'a> Page<'a> {
    /// The page of a report, with its error records when known. Refuses a
    /// report made on another corpus, and records that do not fit it.
    pub fn from_report(
        dataset: &'a Dataset,
        report: &'a Report,
        errors: Option<&'a [ErrorRecord]>,
    ) -> Result<Self, HtmlError> {
        check_fingerprint(dataset, report)?;
        if let Some(records) = errors {
            if let Some(r) = records
                .iter()
                .find(|r| !report.scores.contains_key(&r.extractor))
            {
                return Err(HtmlError::UnknownExtractor {
                    extractor: r.extractor.clone(),
                    doc: r.doc.clone(),
                });
            }
        }
        let entries = report
            .scores
            .iter()
            .map(|(id, scores)| Entry {
                name: id.clone(),
                scores,
                timing: report.timings.get(id).copied(),
                errors: errors.map(|all| all.iter().filter(|r| &r.extractor == id).collect()),
            })
            .collect();
        let page = Page {
            dataset,
            entries,
            comparison: None,
        };
        page.check_records()?;
        Ok(page)
    }

    /// The page of a comparison: base and candidate side by side, with the
    /// errors the candidate fixed and introduced marked.
    pub fn comparison(
        dataset: &'a Dataset,
        base: Entry<'a>,
        candidate: Entry<'a>,
        comparison: &'a Comparison,
    ) -> Result<Self, HtmlError> {
        let page = Page {
            dataset,
            entries: vec![base, candidate],
            comparison: Some(comparison),
        };
        page.check_records()?;
        Ok(page)
    }

    /// Checks that every error record names a document of the dataset and a
    /// span inside its text.
    fn check_records(&self) -> Result<(), HtmlError> {
        for entry in &self.entries {
            for r in entry.errors.iter().flatten() {
                let Some(index) = self.dataset.position(&r.doc) else {
                    return Err(HtmlError::UnknownDocument {
                        extractor: r.extractor.clone(),
                        doc: r.doc.clone(),
                    });
                };
                let doc = &self.dataset.documents()[index];
                for side in r.gold.iter().chain(&r.predicted) {
                    if side.start > side.end || side.end > doc.offsets.char_len() {
                        return Err(HtmlError::SpanOutside {
                            extractor: r.extractor.clone(),
                            doc: r.doc.clone(),
                            start: side.start,
                            end: side.end,
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// The whole page.
    pub fn render(&self) -> String {
        let title = match self.comparison {
            Some(c) => format!("wirebench: {} against {}", c.candidate, c.base),
            None => "wirebench report".to_owned(),
        };
        let mut body = String::new();
        if let Some(comparison) = self.comparison {
            body += &scoreboard::comparison(comparison);
        }
        body += &scoreboard::scoreboard(&self.entries);
        body += &chart::chart(&self.entries);
        body += &scoreboard::per_label(&self.entries);
        body += &scoreboard::confusion(&self.entries);
        let payload = data::payload(self.dataset, &self.entries, self.comparison.is_some());
        fill(
            TEMPLATE,
            &[
                ("title", &escape(&title)),
                ("style", STYLE),
                ("summary", &escape(&self.summary())),
                ("body", &body),
                ("data", &payload),
                ("script", SCRIPT),
            ],
        )
    }

    /// One line under the title: corpus, documents, extractors.
    fn summary(&self) -> String {
        let names: Vec<&str> = self.entries.iter().map(|e| e.name.as_str()).collect();
        format!(
            "{} documents from {}; {}",
            self.dataset.documents().len(),
            self.dataset.source().describe(),
            names.join(", ")
        )
    }

    /// Renders the page into a file.
    pub fn write(&self, path: &Path) -> crate::Result<()> {
        std::fs::write(path, self.render()).map_err(|e| crate::Error::io(path, e))
    }
}

fn check_fingerprint(dataset: &Dataset, report: &Report) -> Result<(), HtmlError> {
    let (ours, theirs) = (dataset.fingerprint(), &report.fingerprint);
    let mismatch = |what, a: &str, b: &str| HtmlError::OtherCorpus {
        what,
        source_name: dataset.source().describe(),
        report: a.to_owned(),
        dataset: b.to_owned(),
    };
    if ours.corpus != theirs.corpus {
        return Err(mismatch("a corpus", &theirs.corpus, &ours.corpus));
    }
    if ours.golden != theirs.golden {
        return Err(mismatch("golden files", &theirs.golden, &ours.golden));
    }
    Ok(())
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Replaces each `{{key}}` of the template (and only of the template, so
/// that inserted text is never expanded again) with its value.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out =
        String::with_capacity(template.len() + values.iter().map(|v| v.1.len()).sum::<usize>());
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        match after.find("}}").and_then(|close| {
            let key = &after[..close];
            values
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| (v, close))
        }) {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A figure with three decimals, or `—` when undefined.
fn figure(value: Option<f64>) -> String {
    value.map_or("—".to_owned(), |v| format!("{v:.3}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_makes_markup_inert() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'q'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;"
        );
    }

    #[test]
    fn fill_does_not_expand_inserted_text() {
        assert_eq!(
            fill("a {{x}} b {{y}} {{z}}", &[("x", "{{y}}"), ("y", "2")]),
            "a {{y}} b 2 {{z}}"
        );
    }
}
