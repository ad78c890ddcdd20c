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
use crate::score::matching::{iou, pair_cluster, Clusters, Mode};
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

/// A pair's judge: whether gold `g` and prediction `p` agree on something.
type Judge<'a> = Box<dyn Fn(usize, usize) -> bool + 'a>;

/// Every measure of one layer, counted in one sweep over its overlap
/// clusters. Measures are registered first; `count` then visits each
/// cluster once and hands it to every measure. A cluster of one gold and one
/// predicted span (most of them) is judged directly; a larger one is paired
/// optimally per measure (see [`crate::score::matching`]). Nothing is
/// allocated per measure and cluster.
struct Sweep<'a> {
    gold: &'a [Span],
    predicted: &'a [Span],
    theta: f64,
    measures: Vec<Measure<'a>>,
}

/// One measure: how it pairs, what makes a pair correct, where it counts.
enum Measure<'a> {
    /// Pairs under `mode`, any labels; correct when the spans agree under
    /// the mode and `correct` holds.
    Spans {
        key: String,
        mode: Mode,
        correct: Judge<'a>,
    },
    /// The same per label: pairs only within a label, counted under the
    /// gold label (a spurious prediction under its own).
    PerLabel {
        key: String,
        mode: Mode,
        gold: Vec<usize>,
        predicted: Vec<Option<usize>>,
        names: Vec<&'static str>,
        correct: Judge<'a>,
    },
    /// Over pairs whose spans agree under `overlap` (any labels), how many
    /// have the attribute right (COR) or wrong (INC); `None` skips a pair.
    Accuracy {
        key: String,
        judge: Box<dyn Fn(usize, usize) -> Option<bool> + 'a>,
    },
}

impl<'a> Sweep<'a> {
    fn new(gold: &'a [Span], predicted: &'a [Span], theta: f64) -> Self {
        Sweep {
            gold,
            predicted,
            theta,
            measures: Vec::new(),
        }
    }

    /// A measure over all spans as `key`.
    fn measure(&mut self, key: String, mode: Mode, correct: impl Fn(usize, usize) -> bool + 'a) {
        self.measures.push(Measure::Spans {
            key,
            mode,
            correct: Box::new(correct),
        });
    }

    /// The measure as `key` (with `overall` deciding correctness), then
    /// repeated on the spans of each label alone (pairs across labels
    /// forbidden, `within` deciding correctness) as `key/LABEL` entries.
    fn labelled<L: PartialEq + Copy>(
        &mut self,
        key: String,
        mode: Mode,
        labels: (&[L], &[Option<L>]),
        name: impl Fn(L) -> &'static str,
        overall: impl Fn(usize, usize) -> bool + 'a,
        within: impl Fn(usize, usize) -> bool + 'a,
    ) {
        let mut table: Vec<L> = Vec::new();
        let mut id = |label: L| match table.iter().position(|&l| l == label) {
            Some(i) => i,
            None => {
                table.push(label);
                table.len() - 1
            }
        };
        let gold: Vec<usize> = labels.0.iter().map(|&l| id(l)).collect();
        let predicted: Vec<Option<usize>> = labels.1.iter().map(|l| l.map(&mut id)).collect();
        self.measure(key.clone(), mode, overall);
        self.measures.push(Measure::PerLabel {
            key,
            mode,
            gold,
            predicted,
            names: table.into_iter().map(name).collect(),
            correct: Box::new(within),
        });
    }

    /// An accuracy over the pairs whose spans agree under `overlap`.
    fn accuracy(&mut self, key: &str, judge: impl Fn(usize, usize) -> Option<bool> + 'a) {
        self.measures.push(Measure::Accuracy {
            key: key.to_owned(),
            judge: Box::new(judge),
        });
    }

    /// Counts every registered measure.
    fn count(self, out: &mut Measures) {
        let clusters = Clusters::new(self.gold, self.predicted);
        let mut totals: Vec<Vec<Counts>> = self
            .measures
            .iter()
            .map(|m| match m {
                Measure::PerLabel { names, .. } => vec![Counts::default(); names.len()],
                _ => vec![Counts::default()],
            })
            .collect();
        let mut pairs = Vec::new();
        for (gs, ps) in clusters.iter() {
            match (gs, ps) {
                ([g], [p]) => {
                    let facts = PairFacts::of(self.gold[*g], self.predicted[*p], self.theta);
                    for (measure, counts) in self.measures.iter().zip(&mut totals) {
                        add_pair(measure, *g, *p, facts, counts);
                    }
                }
                _ => {
                    for (measure, counts) in self.measures.iter().zip(&mut totals) {
                        self.add_cluster(measure, gs, ps, counts, &mut pairs);
                    }
                }
            }
        }
        for (measure, counts) in self.measures.into_iter().zip(totals) {
            match measure {
                Measure::Spans { key, .. } | Measure::Accuracy { key, .. } => {
                    out.insert(key, counts[0]);
                }
                Measure::PerLabel { key, names, .. } => {
                    for (name, counts) in names.into_iter().zip(counts) {
                        if counts != Counts::default() {
                            out.insert(format!("{key}/{name}"), counts);
                        }
                    }
                }
            }
        }
    }

    /// Adds one cluster's outcome under `measure` to `counts`.
    fn add_cluster(
        &self,
        measure: &Measure,
        gs: &[usize],
        ps: &[usize],
        counts: &mut [Counts],
        pairs: &mut Vec<(usize, usize, bool)>,
    ) {
        let (gold, predicted, theta) = (self.gold, self.predicted, self.theta);
        let agree = |mode: Mode, g: usize, p: usize| mode.spans_agree(gold[g], predicted[p], theta);
        pairs.clear();
        match measure {
            Measure::Spans { mode, correct, .. } => {
                let mode = *mode;
                let correct = |g: usize, p: usize| agree(mode, g, p) && correct(g, p);
                pair_cluster(gs, ps, gold, predicted, &|_, _| true, &correct, pairs);
                let c = &mut counts[0];
                for &(_, _, right) in pairs.iter() {
                    tally(c, right, mode);
                }
                c.mis += (gs.len() - pairs.len()) as u64;
                c.spu += (ps.len() - pairs.len()) as u64;
            }
            Measure::PerLabel {
                mode,
                gold: gold_label,
                predicted: predicted_label,
                correct,
                ..
            } => {
                let mode = *mode;
                let allowed = |g: usize, p: usize| predicted_label[p] == Some(gold_label[g]);
                let correct = |g: usize, p: usize| agree(mode, g, p) && correct(g, p);
                pair_cluster(gs, ps, gold, predicted, &allowed, &correct, pairs);
                for &(g, _, right) in pairs.iter() {
                    tally(&mut counts[gold_label[g]], right, mode);
                }
                for &g in gs.iter().filter(|&&g| !pairs.iter().any(|x| x.0 == g)) {
                    counts[gold_label[g]].mis += 1;
                }
                for &p in ps.iter().filter(|&&p| !pairs.iter().any(|x| x.1 == p)) {
                    if let Some(label) = predicted_label[p] {
                        counts[label].spu += 1;
                    }
                }
            }
            Measure::Accuracy { judge, .. } => {
                let correct = |g: usize, p: usize| agree(Mode::Overlap, g, p);
                pair_cluster(gs, ps, gold, predicted, &|_, _| true, &correct, pairs);
                for &(g, p, _) in pairs.iter().filter(|x| x.2) {
                    match judge(g, p) {
                        Some(true) => counts[0].cor += 1,
                        Some(false) => counts[0].inc += 1,
                        None => {}
                    }
                }
            }
        }
    }
}

/// What every mode asks of a gold and a predicted span, computed once.
#[derive(Clone, Copy)]
struct PairFacts {
    overlap: bool,
    same: bool,
    iou_ok: bool,
}

impl PairFacts {
    fn of(gold: Span, predicted: Span, theta: f64) -> Self {
        let overlap = gold.overlaps(predicted);
        PairFacts {
            overlap,
            same: gold == predicted,
            iou_ok: overlap && iou(gold, predicted) >= theta,
        }
    }

    /// [`Mode::spans_agree`] from the facts.
    fn agree(self, mode: Mode) -> bool {
        match mode {
            Mode::Strict | Mode::Exact | Mode::Partial => self.same,
            Mode::Type => self.overlap,
            Mode::Overlap => self.iou_ok,
        }
    }
}

/// A cluster of one gold span `g` and one prediction `p` under `measure`:
/// they pair when they overlap (and, per label, share it), as the optimal
/// pairing of two spans would.
fn add_pair(measure: &Measure, g: usize, p: usize, facts: PairFacts, counts: &mut [Counts]) {
    match measure {
        Measure::Spans { mode, correct, .. } => {
            if facts.overlap {
                tally(&mut counts[0], facts.agree(*mode) && correct(g, p), *mode);
            } else {
                counts[0].mis += 1;
                counts[0].spu += 1;
            }
        }
        Measure::PerLabel {
            mode,
            gold,
            predicted,
            correct,
            ..
        } => {
            if facts.overlap && predicted[p] == Some(gold[g]) {
                tally(
                    &mut counts[gold[g]],
                    facts.agree(*mode) && correct(g, p),
                    *mode,
                );
            } else {
                counts[gold[g]].mis += 1;
                if let Some(label) = predicted[p] {
                    counts[label].spu += 1;
                }
            }
        }
        Measure::Accuracy { judge, .. } => {
            if facts.iou_ok {
                match judge(g, p) {
                    Some(true) => counts[0].cor += 1,
                    Some(false) => counts[0].inc += 1,
                    None => {}
                }
            }
        }
    }
}

/// One pair counted: correct, or partial (under `partial`) or incorrect.
fn tally(counts: &mut Counts, right: bool, mode: Mode) {
    match (right, mode) {
        (true, _) => counts.cor += 1,
        (false, Mode::Partial) => counts.par += 1,
        (false, _) => counts.inc += 1,
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

    let (gold_fine, pred_fine, gold_coarse, pred_coarse) =
        (&gold_fine, &pred_fine, &gold_coarse, &pred_coarse);
    let mut sweep = Sweep::new(&gs, &ps, config.iou_threshold);
    for mode in Mode::ALL {
        let same_type =
            move |g: usize, p: usize| !mode.needs_label() || pred_fine[p] == Some(gold_fine[g]);
        sweep.labelled(
            format!("spans.{}", mode.name()),
            mode,
            (gold_fine, pred_fine),
            EntityType::label,
            same_type,
            |_, _| true,
        );
        let same_class =
            move |g: usize, p: usize| !mode.needs_label() || pred_coarse[p] == Some(gold_coarse[g]);
        sweep.labelled(
            format!("coarse.{}", mode.name()),
            mode,
            (gold_coarse, pred_coarse),
            Coarse::label,
            same_class,
            |_, _| true,
        );
    }
    let mut out = Measures::new();
    sweep.count(&mut out);
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
    let (gold_quotes, predicted) = (&gold_quotes, &predicted);
    let mut sweep = Sweep::new(&gs, &ps, config.iou_threshold);
    for mode in [Mode::Strict, Mode::Overlap] {
        sweep.measure(format!("spans.{}", mode.name()), mode, |_, _| true);
        sweep.measure(format!("e2e.{}", mode.name()), mode, speaker_ok);
    }
    sweep.accuracy("speaker.overlap", move |g, p| Some(speaker_ok(g, p)));
    sweep.accuracy("cue.overlap", move |g, p| {
        let gold_cue = gold_quotes[g].cue.as_deref()?;
        Some(
            predicted[p]
                .cue
                .as_deref()
                .is_some_and(|c| c.trim().eq_ignore_ascii_case(gold_cue.trim())),
        )
    });
    let mut out = Measures::new();
    sweep.count(&mut out);
    out
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
    let mut sweep = Sweep::new(&gs, &ps, config.iou_threshold);
    for mode in [Mode::Strict, Mode::Overlap] {
        sweep.labelled(
            format!("spans.{}", mode.name()),
            mode,
            (&gold_kinds, &pred_kinds),
            NumberKind::name,
            kind_ok,
            |_, _| true,
        );
        sweep.labelled(
            format!("e2e.{}", mode.name()),
            mode,
            (&gold_kinds, &pred_kinds),
            NumberKind::name,
            all_ok,
            all_ok,
        );
    }
    sweep.accuracy("kind.overlap", move |g, p| Some(kind_ok(g, p)));
    sweep.accuracy("value.overlap", move |g, p| Some(value_ok(g, p)));
    sweep.accuracy("unit.overlap", move |g, p| Some(unit_ok(g, p)));
    let mut out = Measures::new();
    sweep.count(&mut out);
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
