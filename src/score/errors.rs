//! Errors you can read: every disagreement between a prediction and the
//! gold, named by category, with the texts and a few words of context.
//!
//! Spans are paired as for scoring, allowing any overlap and preferring
//! pairs that are right in every respect. A pair whose boundaries differ is
//! a boundary error (too long, too short, shifted); a pair with the wrong
//! type, kind, speaker, value or unit is an error of that category (one pair
//! can carry several). An unpaired gold span is missed, an unpaired
//! prediction spurious.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::corpus::Document;
use crate::golden::GoldenFile;
use crate::offsets::OffsetUnit;
use crate::prediction::Prediction;
use crate::schema::{Layer, Span};
use crate::score::layers::{valid_unit, valid_value, values_equal, SpeakerNames};
use crate::score::matching::pair;
use crate::score::ScoringConfig;

/// What kind of error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// A gold span nothing was paired with.
    Missed,
    /// A prediction paired with no gold span.
    Spurious,
    /// The prediction contains the gold span and more.
    BoundaryTooLong,
    /// The gold span contains the prediction and more.
    BoundaryTooShort,
    /// The two overlap, neither containing the other.
    BoundaryShifted,
    /// An entity of the wrong type.
    WrongType,
    /// A number of the wrong kind.
    WrongKind,
    /// A quote given to the wrong speaker.
    WrongSpeaker,
    /// A number with the wrong value.
    WrongValue,
    /// A number with the wrong unit.
    WrongUnit,
}

impl Category {
    /// Every category, in display order.
    pub const ALL: [Category; 10] = [
        Category::Missed,
        Category::Spurious,
        Category::BoundaryTooLong,
        Category::BoundaryTooShort,
        Category::BoundaryShifted,
        Category::WrongType,
        Category::WrongKind,
        Category::WrongSpeaker,
        Category::WrongValue,
        Category::WrongUnit,
    ];

    /// The category's name.
    pub fn name(self) -> &'static str {
        match self {
            Category::Missed => "missed",
            Category::Spurious => "spurious",
            Category::BoundaryTooLong => "boundary-too-long",
            Category::BoundaryTooShort => "boundary-too-short",
            Category::BoundaryShifted => "boundary-shifted",
            Category::WrongType => "wrong-type",
            Category::WrongKind => "wrong-kind",
            Category::WrongSpeaker => "wrong-speaker",
            Category::WrongValue => "wrong-value",
            Category::WrongUnit => "wrong-unit",
        }
    }
}

/// One side of an error: where, what text, and what it says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Side {
    /// Start, in code points.
    pub start: usize,
    /// End, in code points.
    pub end: usize,
    /// The text at that span.
    pub text: String,
    /// Type; speaker; or kind, value and unit.
    pub label: String,
}

/// One error of one extractor on one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorRecord {
    /// Extractor id.
    pub extractor: String,
    /// Document id.
    pub doc: String,
    /// Layer.
    pub layer: Layer,
    /// Category.
    pub category: Category,
    /// The gold side, absent for spurious predictions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gold: Option<Side>,
    /// The predicted side, absent for missed spans.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predicted: Option<Side>,
    /// A few words before.
    pub before: String,
    /// A few words after.
    pub after: String,
}

impl ErrorRecord {
    /// The text the error is about: the gold span's, else the prediction's.
    pub fn shown_text(&self) -> &str {
        self.gold
            .as_ref()
            .or(self.predicted.as_ref())
            .map_or("", |s| s.text.as_str())
    }

    /// One line: layer, category, the gold and predicted labels, the text in context.
    pub fn one_line(&self) -> String {
        let label =
            |side: &Option<Side>| side.as_ref().map_or("—".to_owned(), |s| s.label.clone());
        format!(
            "{} {}: gold {} / predicted {}: …{}[{}]{}…",
            self.layer,
            self.category.name(),
            label(&self.gold),
            label(&self.predicted),
            self.before,
            self.shown_text(),
            self.after
        )
    }
}

/// Gold type → predicted label → count, over pairs with the same boundaries.
pub type Confusion = BTreeMap<String, BTreeMap<String, u64>>;

/// For a (gold, predicted) pair, the attributes it gets wrong.
type AttributeCheck<'a> = Box<dyn Fn(usize, usize) -> Vec<Category> + 'a>;

/// A span and what it says, ready for pairing and display (an entity's
/// label borrowed, other labels written out).
struct Item<'a> {
    span: Span,
    label: Cow<'a, str>,
}

/// Every error of one prediction on one document, and its entity-type confusion.
pub fn diagnose(
    extractor: &str,
    doc: &Document,
    gold: &GoldenFile,
    prediction: &Prediction,
    layers: &[Layer],
    config: &ScoringConfig,
) -> (Vec<ErrorRecord>, Confusion) {
    diagnose_with(extractor, doc, gold, prediction, layers, config, true)
}

/// [`diagnose`], building the error records only when `keep_records` (the
/// confusion alone is cheap; records with their context are not).
pub(crate) fn diagnose_with(
    extractor: &str,
    doc: &Document,
    gold: &GoldenFile,
    prediction: &Prediction,
    layers: &[Layer],
    config: &ScoringConfig,
    keep_records: bool,
) -> (Vec<ErrorRecord>, Confusion) {
    let mut errors = Vec::new();
    let mut confusion = Confusion::new();
    let record = |layer: Layer, category: Category, g: Option<&Item>, p: Option<&Item>| {
        if !keep_records {
            return None;
        }
        let side = |item: &Item| Side {
            start: cp(doc, item.span.start),
            end: cp(doc, item.span.end),
            text: doc.text[item.span.start..item.span.end].to_owned(),
            label: item.label.to_string(),
        };
        let start = g
            .iter()
            .chain(p.iter())
            .map(|i| i.span.start)
            .min()
            .unwrap_or(0);
        let end = g
            .iter()
            .chain(p.iter())
            .map(|i| i.span.end)
            .max()
            .unwrap_or(0);
        let (before, after) = words_around(&doc.text, start, end);
        Some(ErrorRecord {
            extractor: extractor.to_owned(),
            doc: doc.id.clone(),
            layer,
            category,
            gold: g.map(side),
            predicted: p.map(side),
            before,
            after,
        })
    };
    // Without records only the entity-type confusion is wanted.
    let layers = layers
        .iter()
        .filter(|&&layer| keep_records || layer == Layer::Entities);
    for &layer in layers {
        let (gold_items, pred_items, attribute_errors): (Vec<Item>, Vec<Item>, AttributeCheck) =
            match layer {
                Layer::Entities => {
                    let mut g: Vec<(Span, &str)> = gold
                        .entities
                        .iter()
                        .flat_map(|e| e.spans().map(move |s| (s, e.ty.label())))
                        .collect();
                    g.sort();
                    let mut p: Vec<(Span, &str)> = prediction
                        .entities
                        .iter()
                        .flatten()
                        .filter(|e| !config.label_map.is_dropped(&e.ty))
                        .map(|e| (Span::new(e.start, e.end), e.ty.as_str()))
                        .collect();
                    p.sort();
                    let gold_types: Vec<&str> = g.iter().map(|x| x.1).collect();
                    let pred_types: Vec<Option<&'static str>> = p
                        .iter()
                        .map(|x| config.label_map.fine(x.1).map(|t| t.label()))
                        .collect();
                    let check = move |gi: usize, pi: usize| {
                        if pred_types[pi] == Some(gold_types[gi]) {
                            vec![]
                        } else {
                            vec![Category::WrongType]
                        }
                    };
                    (items(g), items(p), Box::new(check))
                }
                Layer::Quotes => {
                    let speakers = SpeakerNames::new(gold);
                    let mut g: Vec<_> = gold.quotes.iter().collect();
                    g.sort_by_key(|q| (q.start, q.end));
                    let mut p: Vec<_> = prediction.quotes.iter().flatten().collect();
                    p.sort();
                    let speaker_of = |id: &Option<String>| {
                        id.as_ref()
                            .and_then(|id| gold.entity(id))
                            .map_or("null".to_owned(), |e| e.canonical.clone())
                    };
                    let gi: Vec<Item> = g
                        .iter()
                        .map(|q| Item {
                            span: Span::new(q.start, q.end),
                            label: format!("speaker {}", speaker_of(&q.speaker)).into(),
                        })
                        .collect();
                    let pi: Vec<Item> = p
                        .iter()
                        .map(|q| Item {
                            span: Span::new(q.start, q.end),
                            label: format!("speaker {}", q.speaker.as_deref().unwrap_or("null"))
                                .into(),
                        })
                        .collect();
                    let check = move |a: usize, b: usize| {
                        if speakers.right(g[a].speaker.as_deref(), p[b]) {
                            vec![]
                        } else {
                            vec![Category::WrongSpeaker]
                        }
                    };
                    (gi, pi, Box::new(check))
                }
                Layer::Numbers => {
                    let mut g: Vec<_> = gold.numbers.iter().collect();
                    g.sort_by_key(|n| (n.start, n.end));
                    let mut p: Vec<_> = prediction.numbers.iter().flatten().collect();
                    p.sort_by_key(|n| (n.start, n.end, n.kind));
                    let label = |kind: &dyn std::fmt::Display,
                                 value: &dyn std::fmt::Display,
                                 unit: &Option<String>| {
                        format!(
                            "{kind} {value}{}",
                            unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default()
                        )
                    };
                    let gi: Vec<Item> = g
                        .iter()
                        .map(|n| Item {
                            span: Span::new(n.start, n.end),
                            label: label(&n.kind, &n.value, &n.unit).into(),
                        })
                        .collect();
                    let pi: Vec<Item> = p
                        .iter()
                        .map(|n| Item {
                            span: Span::new(n.start, n.end),
                            label: label(&n.kind, &n.value, &n.unit).into(),
                        })
                        .collect();
                    let verdict = move |a: usize, b: usize| {
                        let (gn, pn) = (g[a], p[b]);
                        let mut wrong = Vec::new();
                        if gn.kind != pn.kind {
                            wrong.push(Category::WrongKind);
                        }
                        if !(valid_value(pn) && values_equal(&gn.value, &pn.value)) {
                            wrong.push(Category::WrongValue);
                        }
                        if !(valid_unit(pn) && gn.unit == pn.unit) {
                            wrong.push(Category::WrongUnit);
                        }
                        wrong
                    };
                    (gi, pi, Box::new(verdict))
                }
            };
        let gs: Vec<Span> = gold_items.iter().map(|i| i.span).collect();
        let ps: Vec<Span> = pred_items.iter().map(|i| i.span).collect();
        let pairs = pair(&gs, &ps, |g, p| {
            gs[g] == ps[p] && attribute_errors(g, p).is_empty()
        });
        let mut gold_paired = vec![false; gs.len()];
        let mut pred_paired = vec![false; ps.len()];
        for &(g, p, _) in &pairs {
            gold_paired[g] = true;
            pred_paired[p] = true;
            let (gi, pi) = (&gold_items[g], &pred_items[p]);
            if layer == Layer::Entities && gi.span == pi.span {
                let predicted = config
                    .label_map
                    .fine(&pi.label)
                    .map_or(&*pi.label, |t| t.label());
                count_confusion(&mut confusion, &gi.label, predicted);
            }
            if let Some(category) = boundary(gi.span, pi.span) {
                errors.extend(record(layer, category, Some(gi), Some(pi)));
            }
            for category in attribute_errors(g, p) {
                errors.extend(record(layer, category, Some(gi), Some(pi)));
            }
        }
        for (item, _) in gold_items
            .iter()
            .zip(&gold_paired)
            .filter(|(_, paired)| !**paired)
        {
            errors.extend(record(layer, Category::Missed, Some(item), None));
        }
        for (item, _) in pred_items
            .iter()
            .zip(&pred_paired)
            .filter(|(_, paired)| !**paired)
        {
            errors.extend(record(layer, Category::Spurious, None, Some(item)));
        }
    }
    errors.sort_by(|a, b| {
        let key = |e: &ErrorRecord| {
            let at = e
                .gold
                .as_ref()
                .or(e.predicted.as_ref())
                .map_or((0, 0), |s| (s.start, s.end));
            (e.layer, at, e.category)
        };
        key(a).cmp(&key(b))
    });
    (errors, confusion)
}

/// One more pair of `gold` type and `predicted` label, the keys written
/// out only the first time they are met.
fn count_confusion(confusion: &mut Confusion, gold: &str, predicted: &str) {
    let Some(row) = confusion.get_mut(gold) else {
        let row = BTreeMap::from([(predicted.to_owned(), 1)]);
        confusion.insert(gold.to_owned(), row);
        return;
    };
    match row.get_mut(predicted) {
        Some(n) => *n += 1,
        None => {
            row.insert(predicted.to_owned(), 1);
        }
    }
}

fn items(v: Vec<(Span, &str)>) -> Vec<Item<'_>> {
    v.into_iter()
        .map(|(span, label)| Item {
            span,
            label: Cow::Borrowed(label),
        })
        .collect()
}

fn cp(doc: &Document, byte: usize) -> usize {
    doc.offsets
        .from_byte(OffsetUnit::Codepoint, byte)
        .unwrap_or(byte)
}

/// The boundary error of a pair, if its boundaries differ.
pub fn boundary(gold: Span, predicted: Span) -> Option<Category> {
    if gold == predicted {
        None
    } else if predicted.start <= gold.start && predicted.end >= gold.end {
        Some(Category::BoundaryTooLong)
    } else if gold.start <= predicted.start && gold.end >= predicted.end {
        Some(Category::BoundaryTooShort)
    } else {
        Some(Category::BoundaryShifted)
    }
}

/// Up to six words, and at most 60 characters, either side of `start..end`,
/// on one line. The character bound keeps the context short in text without
/// spaces (Chinese, Japanese, a run of `1,1,1,...`).
pub fn words_around(text: &str, start: usize, end: usize) -> (String, String) {
    const WORDS: usize = 6;
    const CHARS: usize = 60;
    let from = text[..start]
        .char_indices()
        .rev()
        .take(CHARS)
        .last()
        .map_or(start, |(i, _)| i);
    let to = text[end..]
        .char_indices()
        .nth(CHARS)
        .map_or(text.len(), |(i, _)| end + i);
    let (left, right) = (&text[from..start], &text[end..to]);
    let before: Vec<&str> = left.split_whitespace().rev().take(WORDS).collect();
    let after: Vec<&str> = right.split_whitespace().take(WORDS).collect();
    let before: Vec<&str> = before.into_iter().rev().collect();
    let glue_before = if left.ends_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let glue_after = if right.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    (
        format!("{}{glue_before}", before.join(" "))
            .trim_start()
            .to_owned(),
        format!("{glue_after}{}", after.join(" "))
            .trim_end()
            .to_owned(),
    )
}
