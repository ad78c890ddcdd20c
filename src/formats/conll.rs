//! CoNLL: one token per line, the tag in the last column, a blank line
//! between sentences, `-DOCSTART-` between documents.
//!
//! **Tokenizer (export).** A token is a maximal run of word characters
//! (letters, digits and combining marks: the text layer's one definition),
//! or any other single character that is not white space: "U.S." is
//! `U . S .`, "don't" is `don ' t`, "$1,500" is `$ 1 , 500`. Each line of
//! the text is one sentence. The cut is read from the text layer's token
//! stream (`text::words::word_char_runs`), not from a tokenizer of its own.
//!
//! **Spans that cut a token.** A mention that starts or ends inside a token
//! is widened to the whole tokens it touches, and counted (`cut` in
//! [`ConllExport`]); a widened mention that then overlaps an earlier one is
//! left out, and counted too. When nothing is cut, the BIO tags hold exactly
//! the golden mentions, and a strict chunk scorer (conlleval, seqeval) gives
//! the figures `wirebench` gives for `entities.spans.strict`.
//!
//! **Import** reads BIO (IOB2) and IOB1 alike: `B-X` always opens a mention,
//! `I-X` continues one of type X or else opens one (IOB1, or a BIO error the
//! report names), `O` closes. The text is the tokens joined by spaces, one
//! sentence per line. Only entities are declared: CoNLL has no quotes or numbers.

use std::fmt::Write as _;
use std::path::Path;

use crate::corpus::{Dataset, Document};
use crate::error::{Error, Result};
use crate::prediction::PredictedEntity;
use crate::schema::Layer;
use crate::text::words::word_char_runs;

use super::{refuse_existing, Conversion, DocBuilder, ImportLabels, Imported, MentionIn};

/// What an export wrote, and how many spans did not fit the tokens.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConllExport {
    /// Documents.
    pub documents: usize,
    /// Tokens.
    pub tokens: usize,
    /// Golden mentions written.
    pub mentions: usize,
    /// Golden mentions that cut a token (widened to whole tokens).
    pub cut: usize,
    /// Golden mentions left out: once widened, they overlapped an earlier one.
    pub overlapping: usize,
    /// Predicted mentions that cut a token (widened), when predictions were given.
    pub predicted_cut: usize,
    /// Predicted mentions left out for overlapping.
    pub predicted_overlapping: usize,
}

/// Tokens of a text as byte ranges (see the module docs), with the index of
/// the line each is on.
pub fn tokenize(text: &str) -> Vec<(usize, usize, usize)> {
    let mut line = 0;
    let mut counted = 0;
    word_char_runs(&crate::text::tokens::tokenize(text))
        .into_iter()
        .map(|span| {
            line += line_breaks(&text.as_bytes()[counted..span.start]);
            counted = span.start;
            (span.start, span.end, line)
        })
        .collect()
}

/// Line breaks in `bytes`.
fn line_breaks(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// BIO tags for labelled byte spans over `tokens`: (tags, cut, overlapping).
pub fn bio_tags(
    tokens: &[(usize, usize, usize)],
    spans: &[(usize, usize, String)],
) -> (Vec<String>, usize, usize) {
    let mut tags = vec!["O".to_owned(); tokens.len()];
    let (mut cut, mut overlapping) = (0, 0);
    let mut sorted: Vec<&(usize, usize, String)> = spans.iter().collect();
    sorted.sort();
    for (start, end, label) in sorted {
        let touched: Vec<usize> = (0..tokens.len())
            .filter(|&t| tokens[t].0 < *end && *start < tokens[t].1)
            .collect();
        let (Some(&first), Some(&last)) = (touched.first(), touched.last()) else {
            overlapping += 1;
            continue;
        };
        if tokens[first].0 != *start || tokens[last].1 != *end {
            cut += 1;
        }
        if touched.iter().any(|&t| tags[t] != "O") {
            overlapping += 1;
            continue;
        }
        for (k, &t) in touched.iter().enumerate() {
            tags[t] = format!("{}-{label}", if k == 0 { "B" } else { "I" });
        }
    }
    (tags, cut, overlapping)
}

/// Writes the dataset as CoNLL BIO to `path` (which must not exist): token
/// and gold tag, and a third column of predicted tags when `predictions`
/// holds one entity list per document (conlleval's layout).
pub fn export(
    dataset: &Dataset,
    predictions: Option<&[Option<Vec<PredictedEntity>>]>,
    path: &Path,
) -> Result<ConllExport> {
    refuse_existing(path)?;
    let mut summary = ConllExport::default();
    let mut out = String::new();
    for (i, (doc, gold)) in dataset.documents().iter().zip(dataset.gold()).enumerate() {
        let gold_spans: Vec<(usize, usize, String)> = gold
            .entities
            .iter()
            .flat_map(|e| {
                e.spans()
                    .map(move |s| (s.start, s.end, e.ty.label().to_owned()))
            })
            .collect();
        let predicted = predictions.map(|p| {
            p[i].iter()
                .flatten()
                .map(|e| (e.start, e.end, e.ty.clone()))
                .collect::<Vec<_>>()
        });
        write_document(
            doc,
            &gold_spans,
            predicted.as_deref(),
            &mut out,
            &mut summary,
        );
    }
    std::fs::write(path, out).map_err(|e| Error::io(path, e))?;
    Ok(summary)
}

fn write_document(
    doc: &Document,
    gold: &[(usize, usize, String)],
    predicted: Option<&[(usize, usize, String)]>,
    out: &mut String,
    summary: &mut ConllExport,
) {
    let tokens = tokenize(&doc.text);
    let (tags, cut, overlapping) = bio_tags(&tokens, gold);
    summary.cut += cut;
    summary.overlapping += overlapping;
    summary.mentions += gold.len() - overlapping;
    let predicted_tags = predicted.map(|p| {
        let (tags, cut, overlapping) = bio_tags(&tokens, p);
        summary.predicted_cut += cut;
        summary.predicted_overlapping += overlapping;
        tags
    });
    let extra = |s: &str| {
        if predicted_tags.is_some() {
            format!(" {s}")
        } else {
            String::new()
        }
    };
    let _ = writeln!(out, "-DOCSTART- O{}\n", extra("O"));
    let mut line = tokens.first().map_or(0, |t| t.2);
    for (t, &(start, end, on)) in tokens.iter().enumerate() {
        if on != line {
            out.push('\n');
            line = on;
        }
        let pred = predicted_tags
            .as_ref()
            .map_or(String::new(), |p| extra(&p[t]));
        let _ = writeln!(out, "{} {}{pred}", &doc.text[start..end], tags[t]);
    }
    if !tokens.is_empty() {
        out.push('\n');
    }
    summary.tokens += tokens.len();
    summary.documents += 1;
}

/// Mentions from BIO or IOB1 tags: (first token, one past the last, label).
/// The count is of `I-` tags that open a mention (IOB1, or BIO errors).
pub fn chunks(tags: &[&str]) -> (Vec<(usize, usize, String)>, usize) {
    let mut out: Vec<(usize, usize, String)> = Vec::new();
    let mut open: Option<(usize, String)> = None;
    let mut i_opens = 0;
    for (i, tag) in tags.iter().enumerate() {
        let (prefix, label) = match tag.split_once('-') {
            Some((p, l)) if p == "B" || p == "I" => (p, l),
            _ => ("O", ""),
        };
        let continues = prefix == "I" && open.as_ref().is_some_and(|(_, l)| l == label);
        if !continues {
            if let Some((s, l)) = open.take() {
                out.push((s, i, l));
            }
            if prefix != "O" {
                i_opens += usize::from(prefix == "I");
                open = Some((i, label.to_owned()));
            }
        }
    }
    if let Some((s, l)) = open {
        out.push((s, tags.len(), l));
    }
    (out, i_opens)
}

/// Reads a CoNLL file (BIO or IOB1) into documents.
pub fn import(path: &Path, labels: &ImportLabels) -> Result<Imported> {
    let content = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut report = Conversion::default();
    // Per document: sentences of (token, tag, line number).
    let mut documents: Vec<Vec<Vec<(String, String, usize)>>> = vec![vec![vec![]]];
    for (i, line) in content.lines().enumerate() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.is_empty() {
            documents.last_mut().expect("one document").push(Vec::new());
            continue;
        }
        if fields[0] == "-DOCSTART-" {
            documents.push(vec![Vec::new()]);
            continue;
        }
        if fields.len() < 2 {
            return Err(Error::Format {
                path: path.to_path_buf(),
                message: format!("line {}: `{line}` has a token but no tag", i + 1),
            });
        }
        let tag = fields[fields.len() - 1];
        let well_formed = tag == "O"
            || tag
                .split_once('-')
                .is_some_and(|(p, l)| (p == "B" || p == "I") && !l.is_empty());
        if !well_formed {
            return Err(Error::Format {
                path: path.to_path_buf(),
                message: format!("line {}: tag `{tag}` is not O, B-TYPE or I-TYPE", i + 1),
            });
        }
        let sentence = documents
            .last_mut()
            .and_then(|d| d.last_mut())
            .expect("one sentence");
        sentence.push((fields[0].to_owned(), tag.to_owned(), i + 1));
    }
    let mut builders = Vec::new();
    let mut i_opens = 0;
    for sentences in documents {
        let sentences: Vec<_> = sentences.into_iter().filter(|s| !s.is_empty()).collect();
        if sentences.is_empty() {
            continue;
        }
        let id = format!("doc-{:04}", builders.len() + 1);
        let mut text = String::new();
        let mut builder = DocBuilder::new(id, "");
        for sentence in &sentences {
            if !text.is_empty() {
                text.push('\n');
            }
            let mut starts = Vec::new();
            for (k, (token, _, _)) in sentence.iter().enumerate() {
                if k > 0 {
                    text.push(' ');
                }
                starts.push(text.chars().count());
                text.push_str(token);
            }
            let tags: Vec<&str> = sentence.iter().map(|(_, t, _)| t.as_str()).collect();
            let (found, opens) = chunks(&tags);
            i_opens += opens;
            for (first, last, label) in found {
                let start = starts[first];
                let end = starts[last - 1] + sentence[last - 1].0.chars().count();
                match labels.entity_type(&label) {
                    Ok(ty) => builder.mentions.push(MentionIn {
                        start,
                        end,
                        ty,
                        cluster: None,
                    }),
                    Err(reason) => report.count(reason),
                }
            }
        }
        builder.text = text;
        builders.push(builder);
    }
    if builders.is_empty() {
        return Err(Error::Format {
            path: path.to_path_buf(),
            message: "no tokens".into(),
        });
    }
    if i_opens > 0 {
        report.warnings.push(format!(
            "{}: {i_opens} mention(s) open with I- (read as IOB1; in BIO these would be errors)",
            path.display()
        ));
    }
    Imported::new("CoNLL", path, builders, vec![Layer::Entities], report)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each token's text with its line.
    fn shown(text: &str) -> Vec<(&str, usize)> {
        tokenize(text)
            .into_iter()
            .map(|(s, e, line)| (&text[s..e], line))
            .collect()
    }

    #[test]
    fn tokens_are_letter_digit_runs_or_single_marks() {
        assert_eq!(
            shown("U.S. $1,500\ndon't"),
            [
                ("U", 0),
                (".", 0),
                ("S", 0),
                (".", 0),
                ("$", 0),
                ("1", 0),
                (",", 0),
                ("500", 0),
                ("don", 1),
                ("'", 1),
                ("t", 1)
            ]
        );
    }

    #[test]
    fn combining_marks_stay_in_their_word_as_everywhere_else() {
        assert_eq!(
            shown("Zoe\u{301}’s cafe\u{301}\nok"),
            [
                ("Zoe\u{301}", 0),
                ("’", 0),
                ("s", 0),
                ("cafe\u{301}", 0),
                ("ok", 1)
            ]
        );
    }

    #[test]
    fn a_span_inside_a_token_is_widened_and_counted() {
        let text = "Kestrelfreight sails";
        let tokens = tokenize(text);
        let (tags, cut, overlapping) =
            bio_tags(&tokens, &[(0, 7, "ORG".into()), (0, 3, "PER".into())]);
        assert_eq!(
            tags,
            ["B-PER", "O"],
            "the first in text order (start, then end) is kept"
        );
        assert_eq!((cut, overlapping), (2, 1));
    }

    #[test]
    fn bio_and_iob1_read_alike() {
        let (bio, opens) = chunks(&["B-PER", "I-PER", "O", "B-LOC", "B-LOC"]);
        assert_eq!(opens, 0);
        let (iob1, opens) = chunks(&["I-PER", "I-PER", "O", "I-LOC", "B-LOC"]);
        assert_eq!(opens, 2);
        assert_eq!(bio, iob1);
        assert_eq!(
            bio,
            [
                (0, 2, "PER".into()),
                (3, 4, "LOC".into()),
                (4, 5, "LOC".into())
            ]
        );
    }
}
