//! Per-document counts for every layer and measure.
//!
//! Each measure is one optimal pairing (see [`crate::score::matching`]) with
//! its own idea of a correct pair: `spans` checks boundaries and label under
//! each mode; `e2e` adds the layer's attributes (speaker; kind, value and
//! unit); the accuracy measures (`speaker`, `cue`, `kind`, `value`, `unit`)
//! pair spans under `overlap` whatever their labels and count how many of
//! those pairs carry the right attribute (COR) or the wrong one (INC).
//! Per-type and per-kind keys (`spans.strict/PERSON`) repeat a measure on the
//! spans of one label only.

use std::collections::BTreeMap;

use crate::golden::GoldenFile;
use crate::prediction::{PredictedNumber, PredictedQuote, Prediction};
use crate::schema::{EntityType, Layer, NumberKind, NumberValue, Span};
use crate::score::labels::Coarse;
use crate::score::matching::{count_pairs, iou, pair, Mode};
use crate::score::{Counts, DocumentCounts, ScoringConfig};

/// Measures reported as accuracy (COR / (COR + INC)) rather than P/R/F1.
pub const ACCURACY_MEASURES: [&str; 5] = ["speaker", "cue", "kind", "value", "unit"];

/// Counts for every scored layer of one document. `None` (the document
/// failed) scores as an empty prediction: every gold span is missed.
pub fn score_document(
    gold: &GoldenFile,
    prediction: Option<&Prediction>,
    layers: &[Layer],
    config: &ScoringConfig,
) -> DocumentCounts {
    let empty = Prediction {
        entities: Some(Vec::new()),
        quotes: Some(Vec::new()),
        numbers: Some(Vec::new()),
    };
    let prediction = prediction.unwrap_or(&empty);
    let mut out = DocumentCounts::new();
    for &layer in layers {
        let counts = match layer {
            Layer::Entities => entities(gold, prediction, config),
            Layer::Quotes => quotes(gold, prediction, config),
            Layer::Numbers => numbers(gold, prediction, config),
        };
        out.insert(layer, counts);
    }
    out
}

type Measures = BTreeMap<String, Counts>;

/// Pairs under `mode` with an extra condition on a pair, and counts.
fn measure(
    gold: &[Span],
    predicted: &[Span],
    mode: Mode,
    theta: f64,
    extra: impl Fn(usize, usize) -> bool,
) -> Counts {
    let pairs = pair(gold, predicted, |g, p| {
        mode.spans_agree(gold[g], predicted[p], theta) && extra(g, p)
    });
    count_pairs(&pairs, gold.len(), predicted.len(), mode)
}

/// Runs `measure` on the spans carrying one label, for every label present.
fn per_label<L: Ord + Copy>(
    out: &mut Measures,
    key: &str,
    gold: &[(Span, L)],
    predicted: &[(Span, Option<L>)],
    name: impl Fn(L) -> String,
    count: impl Fn(&[Span], &[Span], &[usize], &[usize]) -> Counts,
) {
    let mut labels: Vec<L> = gold
        .iter()
        .map(|g| g.1)
        .chain(predicted.iter().filter_map(|p| p.1))
        .collect();
    labels.sort();
    labels.dedup();
    for label in labels {
        let gi: Vec<usize> = (0..gold.len()).filter(|&i| gold[i].1 == label).collect();
        let pi: Vec<usize> = (0..predicted.len())
            .filter(|&i| predicted[i].1 == Some(label))
            .collect();
        let gs: Vec<Span> = gi.iter().map(|&i| gold[i].0).collect();
        let ps: Vec<Span> = pi.iter().map(|&i| predicted[i].0).collect();
        out.insert(format!("{key}/{}", name(label)), count(&gs, &ps, &gi, &pi));
    }
}

fn entities(gold: &GoldenFile, prediction: &Prediction, config: &ScoringConfig) -> Measures {
    let theta = config.iou_threshold;
    let mut gold_items: Vec<(Span, EntityType)> = gold
        .entities
        .iter()
        .flat_map(|e| e.spans().map(move |s| (s, e.ty)))
        .collect();
    gold_items.sort();
    let mut predicted = prediction.entities.clone().unwrap_or_default();
    predicted.sort();
    let pred_fine: Vec<(Span, Option<EntityType>)> = predicted
        .iter()
        .map(|e| (Span::new(e.start, e.end), config.label_map.fine(&e.ty)))
        .collect();
    let pred_coarse: Vec<(Span, Option<Coarse>)> = predicted
        .iter()
        .map(|e| (Span::new(e.start, e.end), config.label_map.coarse(&e.ty)))
        .collect();
    let gold_coarse: Vec<(Span, Coarse)> = gold_items
        .iter()
        .map(|(s, t)| (*s, Coarse::of(*t)))
        .collect();

    let gs: Vec<Span> = gold_items.iter().map(|g| g.0).collect();
    let ps: Vec<Span> = pred_fine.iter().map(|p| p.0).collect();
    let mut out = Measures::new();
    for mode in Mode::ALL {
        let key = format!("spans.{}", mode.name());
        let same_type =
            |g: usize, p: usize| !mode.needs_label() || pred_fine[p].1 == Some(gold_items[g].1);
        out.insert(key.clone(), measure(&gs, &ps, mode, theta, same_type));
        per_label(
            &mut out,
            &key,
            &gold_items,
            &pred_fine,
            |t| t.label().to_owned(),
            |g, p, _, _| measure(g, p, mode, theta, |_, _| true),
        );
        let coarse_key = format!("coarse.{}", mode.name());
        let same_class =
            |g: usize, p: usize| !mode.needs_label() || pred_coarse[p].1 == Some(gold_coarse[g].1);
        out.insert(
            coarse_key.clone(),
            measure(&gs, &ps, mode, theta, same_class),
        );
        per_label(
            &mut out,
            &coarse_key,
            &gold_coarse,
            &pred_coarse,
            |c| c.label().to_owned(),
            |g, p, _, _| measure(g, p, mode, theta, |_, _| true),
        );
    }
    out
}

/// Lower-case, titles and punctuation stripped, spaces folded.
pub fn normalize_name(name: &str) -> String {
    const TITLES: &[&str] = &[
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "president",
        "prime",
        "minister",
        "foreign",
        "sen",
        "senator",
        "rep",
        "gov",
        "governor",
        "mayor",
        "judge",
        "justice",
        "gen",
        "general",
        "chancellor",
        "king",
        "queen",
        "sir",
        "dame",
        "lord",
        "lady",
        "the",
    ];
    let words: Vec<String> = name
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let first_name = words
        .iter()
        .position(|w| !TITLES.contains(&w.trim_end_matches('.')))
        .unwrap_or(words.len());
    let mut rest = words[first_name..].join(" ");
    for possessive in ["’s", "'s"] {
        if let Some(stripped) = rest.strip_suffix(possessive) {
            rest = stripped.to_owned();
        }
    }
    rest
}

/// Whether the predicted speaker is the gold speaker (see docs/METRICS.md).
pub fn speaker_right(
    gold: &GoldenFile,
    gold_speaker: Option<&str>,
    predicted: &PredictedQuote,
) -> bool {
    let Some(id) = gold_speaker else {
        return predicted.speaker.is_none();
    };
    let Some(entity) = gold.entity(id) else {
        return false;
    };
    if let (Some(s), Some(e)) = (predicted.speaker_start, predicted.speaker_end) {
        if s < e && entity.spans().any(|m| iou(m, Span::new(s, e)) >= 0.5) {
            return true;
        }
    }
    let Some(name) = predicted
        .speaker
        .as_deref()
        .map(normalize_name)
        .filter(|n| !n.is_empty())
    else {
        return false;
    };
    let names_of = |e: &crate::golden::GoldEntity| {
        std::iter::once(normalize_name(&e.canonical))
            .chain(e.mentions.iter().map(|m| normalize_name(&m.text)))
            .collect::<Vec<_>>()
    };
    names_of(entity).contains(&name)
        && !gold
            .entities
            .iter()
            .filter(|e| e.id != id)
            .any(|e| names_of(e).contains(&name))
}

fn quotes(gold: &GoldenFile, prediction: &Prediction, config: &ScoringConfig) -> Measures {
    let theta = config.iou_threshold;
    let mut gold_quotes = gold.quotes.clone();
    gold_quotes.sort_by_key(|q| (q.start, q.end));
    let mut predicted = prediction.quotes.clone().unwrap_or_default();
    predicted.sort();
    let gs: Vec<Span> = gold_quotes
        .iter()
        .map(|q| Span::new(q.start, q.end))
        .collect();
    let ps: Vec<Span> = predicted
        .iter()
        .map(|q| Span::new(q.start, q.end))
        .collect();
    let speaker_ok =
        |g: usize, p: usize| speaker_right(gold, gold_quotes[g].speaker.as_deref(), &predicted[p]);
    let mut out = Measures::new();
    for mode in [Mode::Strict, Mode::Overlap] {
        out.insert(
            format!("spans.{}", mode.name()),
            measure(&gs, &ps, mode, theta, |_, _| true),
        );
        out.insert(
            format!("e2e.{}", mode.name()),
            measure(&gs, &ps, mode, theta, speaker_ok),
        );
    }
    let matched = pair(&gs, &ps, |g, p| iou(gs[g], ps[p]) >= theta);
    out.insert(
        "speaker.overlap".into(),
        accuracy(&matched, |g, p| Some(speaker_ok(g, p))),
    );
    out.insert(
        "cue.overlap".into(),
        accuracy(&matched, |g, p| {
            let gold_cue = gold_quotes[g].cue.as_deref()?;
            Some(
                predicted[p]
                    .cue
                    .as_deref()
                    .is_some_and(|c| c.trim().eq_ignore_ascii_case(gold_cue.trim())),
            )
        }),
    );
    out
}

/// COR / INC over pairs that met their matching condition; `judge` returns
/// `None` for a pair that does not count.
fn accuracy(
    pairs: &[(usize, usize, bool)],
    judge: impl Fn(usize, usize) -> Option<bool>,
) -> Counts {
    let mut counts = Counts::default();
    for &(g, p, _) in pairs.iter().filter(|p| p.2) {
        match judge(g, p) {
            Some(true) => counts.cor += 1,
            Some(false) => counts.inc += 1,
            None => {}
        }
    }
    counts
}

/// Values equal: numbers within a relative 1e-6; date strings equal, a gold
/// `XXXX` year accepting any year.
pub fn values_equal(gold: &NumberValue, predicted: &NumberValue) -> bool {
    match (gold, predicted) {
        (NumberValue::Number(a), NumberValue::Number(b)) => {
            (a - b).abs() <= 1e-6 * a.abs().max(b.abs())
        }
        (NumberValue::Text(g), NumberValue::Text(p)) => match g.strip_prefix("XXXX") {
            Some(month_day) => p.len() == g.len() && p.ends_with(month_day),
            None => g == p,
        },
        _ => false,
    }
}

fn number_key(n: &PredictedNumber) -> (usize, usize, NumberKind, String, Option<String>) {
    (n.start, n.end, n.kind, n.value.to_string(), n.unit.clone())
}

fn numbers(gold: &GoldenFile, prediction: &Prediction, config: &ScoringConfig) -> Measures {
    let theta = config.iou_threshold;
    let mut gold_numbers = gold.numbers.clone();
    gold_numbers.sort_by_key(|n| (n.start, n.end));
    let mut predicted = prediction.numbers.clone().unwrap_or_default();
    predicted.sort_by_key(number_key);
    let gold_items: Vec<(Span, NumberKind)> = gold_numbers
        .iter()
        .map(|n| (Span::new(n.start, n.end), n.kind))
        .collect();
    let pred_items: Vec<(Span, Option<NumberKind>)> = predicted
        .iter()
        .map(|n| (Span::new(n.start, n.end), Some(n.kind)))
        .collect();
    let gs: Vec<Span> = gold_items.iter().map(|g| g.0).collect();
    let ps: Vec<Span> = pred_items.iter().map(|p| p.0).collect();
    let kind_ok = |g: usize, p: usize| gold_numbers[g].kind == predicted[p].kind;
    let value_ok = |g: usize, p: usize| values_equal(&gold_numbers[g].value, &predicted[p].value);
    let unit_ok = |g: usize, p: usize| gold_numbers[g].unit == predicted[p].unit;
    let all_ok = |g: usize, p: usize| kind_ok(g, p) && value_ok(g, p) && unit_ok(g, p);
    let mut out = Measures::new();
    for mode in [Mode::Strict, Mode::Overlap] {
        let spans_key = format!("spans.{}", mode.name());
        out.insert(spans_key.clone(), measure(&gs, &ps, mode, theta, kind_ok));
        per_label(
            &mut out,
            &spans_key,
            &gold_items,
            &pred_items,
            |k| k.name().to_owned(),
            |g, p, _, _| measure(g, p, mode, theta, |_, _| true),
        );
        let e2e_key = format!("e2e.{}", mode.name());
        out.insert(e2e_key.clone(), measure(&gs, &ps, mode, theta, all_ok));
        per_label(
            &mut out,
            &e2e_key,
            &gold_items,
            &pred_items,
            |k| k.name().to_owned(),
            |g, p, gi, pi| measure(g, p, mode, theta, |a, b| all_ok(gi[a], pi[b])),
        );
    }
    let matched = pair(&gs, &ps, |g, p| iou(gs[g], ps[p]) >= theta);
    out.insert(
        "kind.overlap".into(),
        accuracy(&matched, |g, p| Some(kind_ok(g, p))),
    );
    out.insert(
        "value.overlap".into(),
        accuracy(&matched, |g, p| Some(value_ok(g, p))),
    );
    out.insert(
        "unit.overlap".into(),
        accuracy(&matched, |g, p| Some(unit_ok(g, p))),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_titles_case_and_possessives() {
        assert_eq!(
            normalize_name("President  Vladimir Putin’s"),
            "vladimir putin"
        );
        assert_eq!(normalize_name("Foreign Minister Joseph Wu"), "joseph wu");
    }

    #[test]
    fn undated_gold_accepts_any_year() {
        let t = |s: &str| NumberValue::Text(s.into());
        assert!(values_equal(&t("XXXX-11-15"), &t("2024-11-15")));
        assert!(!values_equal(&t("XXXX-11-15"), &t("2024-11-16")));
        assert!(!values_equal(&t("2024-11-15"), &t("XXXX-11-15")));
        assert!(values_equal(
            &NumberValue::Number(2.0 / 3.0),
            &NumberValue::Number(0.6666667)
        ));
        assert!(!values_equal(
            &NumberValue::Number(1500.0),
            &NumberValue::Number(1501.0)
        ));
    }
}
