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
use crate::score::matching::{count_pairs, iou, pair_within, Clusters, Mode};
use crate::score::{Counts, DocumentCounts, ScoringConfig};
use crate::validate::{check_unit, check_value};

/// Counts for every scored layer of one document. `None` (the document
/// failed) scores as an empty prediction: every gold span is missed.
pub fn score_document(
    gold: &GoldenFile,
    prediction: Option<&Prediction>,
    layers: &[Layer],
    config: &ScoringConfig,
) -> DocumentCounts {
    let empty = Prediction::empty();
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

/// The spans of one layer with their clusters, shared by every measure.
struct Pairing<'a> {
    gold: &'a [Span],
    predicted: &'a [Span],
    clusters: Clusters,
    theta: f64,
}

impl<'a> Pairing<'a> {
    fn new(gold: &'a [Span], predicted: &'a [Span], theta: f64) -> Self {
        Pairing {
            gold,
            predicted,
            clusters: Clusters::new(gold, predicted),
            theta,
        }
    }

    /// Pairs under `mode` with an extra condition for correctness, and counts.
    fn measure(&self, mode: Mode, extra: impl Fn(usize, usize) -> bool) -> Counts {
        let pairs = self.pairs(mode, |_, _| true, extra);
        count_pairs(&pairs, self.gold.len(), self.predicted.len(), mode)
    }

    fn pairs(
        &self,
        mode: Mode,
        allowed: impl Fn(usize, usize) -> bool,
        extra: impl Fn(usize, usize) -> bool,
    ) -> Vec<(usize, usize, bool)> {
        let (gold, predicted) = (self.gold, self.predicted);
        pair_within(&self.clusters, gold, predicted, allowed, |g, p| {
            mode.spans_agree(gold[g], predicted[p], self.theta) && extra(g, p)
        })
    }

    /// The measure as `key` (with `overall` deciding correctness), then
    /// repeated on the spans of each label alone (pairs across labels
    /// forbidden, `within` deciding correctness) as `key/LABEL` entries.
    #[allow(clippy::too_many_arguments)]
    fn labelled<L: Ord + Copy>(
        &self,
        out: &mut Measures,
        key: &str,
        mode: Mode,
        labels: (&[L], &[Option<L>]),
        name: impl Fn(L) -> &'static str,
        overall: impl Fn(usize, usize) -> bool,
        extra: impl Fn(usize, usize) -> bool,
    ) {
        out.insert(key.to_owned(), self.measure(mode, overall));
        let (gold_labels, predicted_labels) = labels;
        let pairs = self.pairs(
            mode,
            |g, p| predicted_labels[p] == Some(gold_labels[g]),
            extra,
        );
        let mut by_label: BTreeMap<L, Counts> = BTreeMap::new();
        let mut gold_paired = vec![false; gold_labels.len()];
        let mut predicted_paired = vec![false; predicted_labels.len()];
        for &(g, p, correct) in &pairs {
            gold_paired[g] = true;
            predicted_paired[p] = true;
            let counts = by_label.entry(gold_labels[g]).or_default();
            match (correct, mode) {
                (true, _) => counts.cor += 1,
                (false, Mode::Partial) => counts.par += 1,
                (false, _) => counts.inc += 1,
            }
        }
        for (label, _) in gold_labels
            .iter()
            .zip(&gold_paired)
            .filter(|(_, paired)| !**paired)
        {
            by_label.entry(*label).or_default().mis += 1;
        }
        for (label, _) in predicted_labels
            .iter()
            .zip(&predicted_paired)
            .filter(|(_, paired)| !**paired)
        {
            if let Some(label) = label {
                by_label.entry(*label).or_default().spu += 1;
            }
        }
        for (label, counts) in by_label {
            out.insert(format!("{key}/{}", name(label)), counts);
        }
    }
}

fn entities(gold: &GoldenFile, prediction: &Prediction, config: &ScoringConfig) -> Measures {
    let mut gold_items: Vec<(Span, EntityType)> = gold
        .entities
        .iter()
        .flat_map(|e| e.spans().map(move |s| (s, e.ty)))
        .collect();
    gold_items.sort();
    let mut predicted: Vec<_> = prediction
        .entities
        .iter()
        .flatten()
        .filter(|e| !config.label_map.is_dropped(&e.ty))
        .cloned()
        .collect();
    predicted.sort();
    let gs: Vec<Span> = gold_items.iter().map(|g| g.0).collect();
    let ps: Vec<Span> = predicted
        .iter()
        .map(|e| Span::new(e.start, e.end))
        .collect();
    let gold_fine: Vec<EntityType> = gold_items.iter().map(|g| g.1).collect();
    let gold_coarse: Vec<Coarse> = gold_fine.iter().map(|t| Coarse::of(*t)).collect();
    let pred_fine: Vec<Option<EntityType>> = predicted
        .iter()
        .map(|e| config.label_map.fine(&e.ty))
        .collect();
    let pred_coarse: Vec<Option<Coarse>> = predicted
        .iter()
        .map(|e| config.label_map.coarse(&e.ty))
        .collect();

    let pairing = Pairing::new(&gs, &ps, config.iou_threshold);
    let mut out = Measures::new();
    for mode in Mode::ALL {
        let key = format!("spans.{}", mode.name());
        let same_type =
            |g: usize, p: usize| !mode.needs_label() || pred_fine[p] == Some(gold_fine[g]);
        pairing.labelled(
            &mut out,
            &key,
            mode,
            (&gold_fine, &pred_fine),
            EntityType::label,
            same_type,
            |_, _| true,
        );
        let key = format!("coarse.{}", mode.name());
        let same_class =
            |g: usize, p: usize| !mode.needs_label() || pred_coarse[p] == Some(gold_coarse[g]);
        pairing.labelled(
            &mut out,
            &key,
            mode,
            (&gold_coarse, &pred_coarse),
            Coarse::label,
            same_class,
            |_, _| true,
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

/// Every entity's names (canonical and mentions), normalised once per document.
pub struct SpeakerNames<'a> {
    gold: &'a GoldenFile,
    names: Vec<Vec<String>>,
}

impl<'a> SpeakerNames<'a> {
    /// Normalises the names of every entity of `gold`.
    pub fn new(gold: &'a GoldenFile) -> Self {
        let names = gold
            .entities
            .iter()
            .map(|e| {
                let mut names: Vec<String> = std::iter::once(e.canonical.as_str())
                    .chain(e.mentions.iter().map(|m| m.text.as_str()))
                    .map(normalize_name)
                    .collect();
                names.sort();
                names.dedup();
                names
            })
            .collect();
        SpeakerNames { gold, names }
    }

    /// Whether the predicted speaker is the gold speaker: both null; or the
    /// predicted speaker span has IoU ≥ 0.5 with a mention of the gold entity;
    /// or the predicted name, normalised, is one of the gold entity's names
    /// and of no other entity's.
    /// A speaker offset without its partner is never right.
    pub fn right(&self, gold_speaker: Option<&str>, predicted: &PredictedQuote) -> bool {
        if predicted.speaker_start.is_some() != predicted.speaker_end.is_some() {
            return false;
        }
        let Some(id) = gold_speaker else {
            return predicted.speaker.is_none();
        };
        let Some(index) = self.gold.entities.iter().position(|e| e.id == id) else {
            return false;
        };
        if let (Some(s), Some(e)) = (predicted.speaker_start, predicted.speaker_end) {
            if s < e
                && self.gold.entities[index]
                    .spans()
                    .any(|m| iou(m, Span::new(s, e)) >= 0.5)
            {
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
        let names_it = |i: usize| self.names[i].binary_search(&name).is_ok();
        names_it(index) && !(0..self.names.len()).any(|i| i != index && names_it(i))
    }
}

fn quotes(gold: &GoldenFile, prediction: &Prediction, config: &ScoringConfig) -> Measures {
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
    let speakers = SpeakerNames::new(gold);
    let speaker_ok =
        |g: usize, p: usize| speakers.right(gold_quotes[g].speaker.as_deref(), &predicted[p]);
    let pairing = Pairing::new(&gs, &ps, config.iou_threshold);
    let mut out = Measures::new();
    for mode in [Mode::Strict, Mode::Overlap] {
        out.insert(
            format!("spans.{}", mode.name()),
            pairing.measure(mode, |_, _| true),
        );
        out.insert(
            format!("e2e.{}", mode.name()),
            pairing.measure(mode, speaker_ok),
        );
    }
    let matched = pairing.pairs(Mode::Overlap, |_, _| true, |_, _| true);
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

/// Whether a predicted value can be right at all: it has the shape its
/// kind takes (golden files are held to the same check).
pub(crate) fn valid_value(n: &PredictedNumber) -> bool {
    check_value(n.kind, &n.value).is_ok()
}

/// Whether a predicted unit can be right at all: allowed for its kind.
pub(crate) fn valid_unit(n: &PredictedNumber) -> bool {
    check_unit(n.kind, n.unit.as_deref()).is_ok()
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
    let mut gold_numbers = gold.numbers.clone();
    gold_numbers.sort_by_key(|n| (n.start, n.end));
    let mut predicted = prediction.numbers.clone().unwrap_or_default();
    predicted.sort_by_key(number_key);
    let gs: Vec<Span> = gold_numbers
        .iter()
        .map(|n| Span::new(n.start, n.end))
        .collect();
    let ps: Vec<Span> = predicted
        .iter()
        .map(|n| Span::new(n.start, n.end))
        .collect();
    let gold_kinds: Vec<NumberKind> = gold_numbers.iter().map(|n| n.kind).collect();
    let pred_kinds: Vec<Option<NumberKind>> = predicted.iter().map(|n| Some(n.kind)).collect();
    let kind_ok = |g: usize, p: usize| gold_numbers[g].kind == predicted[p].kind;
    // A value or unit that fails the golden-file checks is never right,
    // whatever it resembles (`--lenient` scores such items).
    let value_valid: Vec<bool> = predicted.iter().map(valid_value).collect();
    let unit_valid: Vec<bool> = predicted.iter().map(valid_unit).collect();
    let value_ok = |g: usize, p: usize| {
        value_valid[p] && values_equal(&gold_numbers[g].value, &predicted[p].value)
    };
    let unit_ok = |g: usize, p: usize| unit_valid[p] && gold_numbers[g].unit == predicted[p].unit;
    let all_ok = |g: usize, p: usize| kind_ok(g, p) && value_ok(g, p) && unit_ok(g, p);
    let pairing = Pairing::new(&gs, &ps, config.iou_threshold);
    let mut out = Measures::new();
    for mode in [Mode::Strict, Mode::Overlap] {
        let key = format!("spans.{}", mode.name());
        pairing.labelled(
            &mut out,
            &key,
            mode,
            (&gold_kinds, &pred_kinds),
            NumberKind::name,
            kind_ok,
            |_, _| true,
        );
        let key = format!("e2e.{}", mode.name());
        pairing.labelled(
            &mut out,
            &key,
            mode,
            (&gold_kinds, &pred_kinds),
            NumberKind::name,
            all_ok,
            all_ok,
        );
    }
    let matched = pairing.pairs(Mode::Overlap, |_, _| true, |_, _| true);
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
