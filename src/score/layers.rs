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

use std::cell::{Cell, OnceCell};
use std::collections::BTreeMap;

use crate::golden::{GoldNumber, GoldQuote, GoldenFile};
use crate::prediction::{PredictedEntity, PredictedNumber, PredictedQuote, Prediction};
use crate::schema::{EntityType, Layer, NumberKind, NumberValue, Span};
use crate::score::key::measure_key;
use crate::score::labels::Coarse;
use crate::score::matching::{iou, pair_local, weight, Clusters, Mode, Weight};
use crate::score::{Counts, DocumentCounts, MeasureKey, ScoringConfig};
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

type Measures = BTreeMap<MeasureKey, Counts>;

/// What one (gold, predicted) pair is, as bits judged once per pair and
/// read by every measure: how the spans agree, then the layer's attributes.
type Facts = u16;
/// The spans overlap.
const OVERLAP: Facts = 1;
/// The spans are the same.
const SAME: Facts = 1 << 1;
/// The spans' intersection-over-union reaches θ.
const IOU_OK: Facts = 1 << 2;
/// Entities: the same type. Quotes: the right speaker. Numbers: the same kind.
const ATTR_A: Facts = 1 << 3;
/// Entities: the same coarse class. Quotes: the right cue. Numbers: the right value.
const ATTR_B: Facts = 1 << 4;
/// Quotes: a gold quote without a cue (the cue is not judged). Numbers: the right unit.
const ATTR_C: Facts = 1 << 5;

/// Whether the spans agree well enough under `mode` ([`Mode::spans_agree`] from the facts).
fn agree(facts: Facts, mode: Mode) -> bool {
    let need = match mode {
        Mode::Strict | Mode::Exact | Mode::Partial => SAME,
        Mode::Type => OVERLAP,
        Mode::Overlap => IOU_OK,
    };
    facts & need != 0
}

/// Every mode in the order of its name: measures registered in the order
/// of their keys make the document's map without sorting.
const BY_NAME: [Mode; 5] = [
    Mode::Exact,
    Mode::Overlap,
    Mode::Partial,
    Mode::Strict,
    Mode::Type,
];

/// The span facts of a pair.
fn span_facts(gold: Span, predicted: Span, theta: f64) -> Facts {
    if !gold.overlaps(predicted) {
        return 0;
    }
    let mut facts = OVERLAP;
    if gold == predicted {
        facts |= SAME;
    }
    if iou(gold, predicted) >= theta {
        facts |= IOU_OK;
    }
    facts
}

/// Every measure of one layer, counted in one sweep over its overlap
/// clusters. Measures are registered first as data; `count` then visits
/// each cluster once: the layer's judge looks at each overlapping pair once
/// ([`Facts`]) for every measure. A cluster of one gold and one predicted
/// span (most of them) is counted directly from its facts; in a larger one
/// the measures that see the same cells (pairs allowed, pairs correct)
/// share one optimal pairing (see [`crate::score::matching`]).
struct Sweep<'a> {
    gold: &'a [Span],
    predicted: &'a [Span],
    theta: f64,
    /// The attribute facts of an overlapping pair.
    judge: &'a dyn Fn(usize, usize) -> Facts,
    labellings: Vec<Labelling>,
    measures: Vec<Measure>,
}

/// One way of labelling the spans (entity type, coarse class, number kind),
/// by small ids.
struct Labelling {
    gold: Vec<usize>,
    predicted: Vec<Option<usize>>,
    names: Vec<&'static str>,
    /// Label ids in the order of their names.
    by_name: Vec<usize>,
}

/// One measure: how it pairs, what makes a pair correct, where it counts.
struct Measure {
    /// The measure family (`spans`, `e2e`, `speaker`...): the key is `family.mode`.
    family: &'static str,
    mode: Mode,
    how: How,
}

enum How {
    /// Pairs under `mode`, any labels; correct when the spans agree under
    /// the mode and the pair has every fact in `needs`.
    Spans { needs: Facts },
    /// The same per label: pairs only within a label, counted under the
    /// gold label (a spurious prediction under its own).
    PerLabel { labelling: usize, needs: Facts },
    /// Over pairs whose spans agree under `overlap` (any labels), how many
    /// have the fact `right` (COR) or not (INC); a pair with `skip` is not judged.
    Accuracy { right: Facts, skip: Facts },
}

impl<'a> Sweep<'a> {
    fn new(
        gold: &'a [Span],
        predicted: &'a [Span],
        theta: f64,
        judge: &'a dyn Fn(usize, usize) -> Facts,
    ) -> Self {
        Sweep {
            gold,
            predicted,
            theta,
            judge,
            labellings: Vec::new(),
            measures: Vec::with_capacity(20),
        }
    }

    /// A measure over all spans as `family.mode`, correct when the pair has `needs`.
    fn measure(&mut self, family: &'static str, mode: Mode, needs: Facts) {
        self.measures.push(Measure {
            family,
            mode,
            how: How::Spans { needs },
        });
    }

    /// A labelling of the spans, for [`Sweep::labelled`].
    fn labelling<L: PartialEq + Copy>(
        &mut self,
        gold: &[L],
        predicted: &[Option<L>],
        name: impl Fn(L) -> &'static str,
    ) -> usize {
        let mut table: Vec<L> = Vec::new();
        let mut id = |label: L| match table.iter().position(|&l| l == label) {
            Some(i) => i,
            None => {
                table.push(label);
                table.len() - 1
            }
        };
        let gold = gold.iter().map(|&l| id(l)).collect();
        let predicted = predicted.iter().map(|l| l.map(&mut id)).collect();
        let names: Vec<&'static str> = table.into_iter().map(name).collect();
        let mut by_name: Vec<usize> = (0..names.len()).collect();
        by_name.sort_by_key(|&i| names[i]);
        self.labellings.push(Labelling {
            gold,
            predicted,
            names,
            by_name,
        });
        self.labellings.len() - 1
    }

    /// The measure as `family.mode` (correct with `overall`), then repeated
    /// on the spans of each label of `labelling` alone (pairs across labels
    /// forbidden, correct with `within`) as `family.mode/LABEL` entries.
    fn labelled(
        &mut self,
        family: &'static str,
        mode: Mode,
        labelling: usize,
        overall: Facts,
        within: Facts,
    ) {
        self.measure(family, mode, overall);
        self.measures.push(Measure {
            family,
            mode,
            how: How::PerLabel {
                labelling,
                needs: within,
            },
        });
    }

    /// An accuracy over the pairs whose spans agree under `overlap`.
    fn accuracy(&mut self, family: &'static str, right: Facts, skip: Facts) {
        self.measures.push(Measure {
            family,
            mode: Mode::Overlap,
            how: How::Accuracy { right, skip },
        });
    }

    /// The facts of gold `g` and prediction `p`.
    fn facts(&self, g: usize, p: usize) -> Facts {
        let facts = span_facts(self.gold[g], self.predicted[p], self.theta);
        if facts == 0 {
            0
        } else {
            facts | (self.judge)(g, p)
        }
    }

    /// Counts every registered measure.
    fn count(self) -> Measures {
        let clusters = Clusters::new(self.gold, self.predicted);
        // Each measure's counts, from `offsets[m]` on (one per label for a
        // per-label measure).
        let mut offsets = Vec::with_capacity(self.measures.len());
        let mut slots = 0;
        for m in &self.measures {
            offsets.push(slots);
            slots += match m.how {
                How::PerLabel { labelling, .. } => self.labellings[labelling].names.len(),
                _ => 1,
            };
        }
        let mut totals = vec![Counts::default(); slots];
        // The buffers of larger clusters, kept from document to document on
        // this thread (taken, so that nothing is shared while in use).
        let mut scratch = SCRATCH.with(|kept| kept.take());
        // Spans alone in their cluster are missed or spurious under every
        // measure: counted once (in all, and per label of each labelling).
        let (mut alone_gold, mut alone_predicted) = (0, 0);
        let mut alone: Vec<Vec<Counts>> = self
            .labellings
            .iter()
            .map(|l| vec![Counts::default(); l.names.len()])
            .collect();
        // Lone overlapping pairs, by their facts (six bits): all that the
        // measures over all spans ask of them.
        let mut by_facts = [0u64; 64];
        // Per labelling, its lone overlapping pairs that share a label (the
        // label and the pair's facts): the pairs its per-label measures make.
        // A pair across labels pairs under none of them: both spans are
        // counted alone.
        let mut same_label: Vec<Vec<(usize, Facts)>> = vec![Vec::new(); self.labellings.len()];
        for (gs, ps) in clusters.iter() {
            match (gs, ps) {
                (&[g], &[p]) if self.gold[g].overlaps(self.predicted[p]) => {
                    let facts = self.facts(g, p);
                    by_facts[usize::from(facts)] += 1;
                    for ((labels, alone), pairs) in
                        self.labellings.iter().zip(&mut alone).zip(&mut same_label)
                    {
                        let gold = labels.gold[g];
                        match labels.predicted[p] {
                            Some(label) if label == gold => pairs.push((gold, facts)),
                            predicted => {
                                alone[gold].mis += 1;
                                if let Some(label) = predicted {
                                    alone[label].spu += 1;
                                }
                            }
                        }
                    }
                }
                ([], _) | (_, []) | ([_], [_]) => {
                    alone_gold += gs.len() as u64;
                    alone_predicted += ps.len() as u64;
                    for (labels, alone) in self.labellings.iter().zip(&mut alone) {
                        for &g in gs {
                            alone[labels.gold[g]].mis += 1;
                        }
                        for &p in ps {
                            if let Some(label) = labels.predicted[p] {
                                alone[label].spu += 1;
                            }
                        }
                    }
                }
                _ => self.add_cluster(gs, ps, &offsets, &mut totals, &mut scratch),
            }
        }
        // The few distinct facts of lone pairs, read by every measure.
        let seen_facts: Vec<(Facts, u64)> = (0..).zip(by_facts).filter(|&(_, n)| n > 0).collect();
        for (m, &at) in self.measures.iter().zip(&offsets) {
            match m.how {
                How::Spans { needs } => {
                    let counts = &mut totals[at];
                    counts.mis += alone_gold;
                    counts.spu += alone_predicted;
                    for &(facts, n) in &seen_facts {
                        let right = agree(facts, m.mode) && facts & needs == needs;
                        tally_n(counts, right, m.mode, n);
                    }
                }
                How::PerLabel { labelling, needs } => {
                    let counts = &mut totals[at..];
                    for (counts, alone) in counts.iter_mut().zip(&alone[labelling]) {
                        counts.add(alone);
                    }
                    for &(label, facts) in &same_label[labelling] {
                        let right = agree(facts, m.mode) && facts & needs == needs;
                        tally(&mut counts[label], right, m.mode);
                    }
                }
                How::Accuracy { right, skip } => {
                    for &(facts, n) in &seen_facts {
                        if facts & IOU_OK != 0 {
                            judge_accuracy_n(&mut totals[at], facts, right, skip, n);
                        }
                    }
                }
            }
        }
        // Keys made in their order (measures are registered by family and
        // mode name, labels by name), so that the map is built without sorting.
        let mut order: Vec<usize> = (0..self.measures.len()).collect();
        order.sort_by_key(|&m| (self.measures[m].family, self.measures[m].mode.name()));
        let mut out = Vec::with_capacity(slots);
        for m in order {
            let (measure, at) = (&self.measures[m], offsets[m]);
            match measure.how {
                How::PerLabel { labelling, .. } => {
                    let labels = &self.labellings[labelling];
                    for &label in &labels.by_name {
                        let counts = totals[at + label];
                        if counts != Counts::default() {
                            let name = Some(labels.names[label]);
                            out.push((measure_key(measure.family, measure.mode, name), counts));
                        }
                    }
                }
                _ => out.push((measure_key(measure.family, measure.mode, None), totals[at])),
            }
        }
        SCRATCH.with(|kept| kept.set(scratch));
        out.into_iter().collect()
    }

    /// A larger cluster: its facts judged once, then each measure's cells
    /// (forbidden, wrong or right per pair) paired optimally, measures with
    /// the same cells sharing one pairing.
    fn add_cluster(
        &self,
        gs: &[usize],
        ps: &[usize],
        offsets: &[usize],
        totals: &mut [Counts],
        scratch: &mut Scratch,
    ) {
        let (rows, cols) = (gs.len(), ps.len());
        let cells = rows * cols;
        scratch.facts.clear();
        scratch.base.clear();
        for &g in gs {
            for &p in ps {
                scratch.facts.push(self.facts(g, p));
                scratch
                    .base
                    .push(weight(self.gold[g], self.predicted[p], false));
            }
        }
        scratch.memo.clear();
        scratch.memo_cells.clear();
        scratch.memo_pairs.clear();
        for (m, &at) in self.measures.iter().zip(offsets) {
            // Each cell: 0 no pair, 1 a wrong pair, 2 a right one.
            let cell_start = scratch.memo_cells.len();
            for (i, &g) in gs.iter().enumerate() {
                for (j, &p) in ps.iter().enumerate() {
                    let facts = scratch.facts[i * cols + j];
                    let cell = if facts & OVERLAP == 0 {
                        0
                    } else {
                        let (allowed, right) = match m.how {
                            How::Spans { needs } => {
                                (true, agree(facts, m.mode) && facts & needs == needs)
                            }
                            How::PerLabel { labelling, needs } => {
                                let labels = &self.labellings[labelling];
                                (
                                    labels.predicted[p] == Some(labels.gold[g]),
                                    agree(facts, m.mode) && facts & needs == needs,
                                )
                            }
                            How::Accuracy { .. } => (true, facts & IOU_OK != 0),
                        };
                        match (allowed, right) {
                            (false, _) => 0,
                            (true, false) => 1,
                            (true, true) => 2,
                        }
                    };
                    scratch.memo_cells.push(cell);
                }
            }
            let seen = scratch.memo.iter().find(|&&(cells_at, _)| {
                scratch.memo_cells[cells_at..cells_at + cells] == scratch.memo_cells[cell_start..]
            });
            let (cells_at, pairs_at) = match seen {
                Some(&found) => {
                    scratch.memo_cells.truncate(cell_start);
                    found
                }
                None => {
                    let pairs_at = scratch.memo_pairs.len();
                    let (cell, base) = (&scratch.memo_cells[cell_start..], &scratch.base);
                    let edge = |i: usize, j: usize| match cell[i * cols + j] {
                        0 => None,
                        c => base[i * cols + j].map(|w| w.credited(c == 2)),
                    };
                    let pairs = &mut scratch.memo_pairs;
                    let length_at = pairs.len();
                    pairs.push(0);
                    pair_local(rows, cols, &edge, &mut |i, j| pairs.push(i * cols + j));
                    pairs[length_at] = pairs.len() - length_at - 1;
                    scratch.memo.push((cell_start, pairs_at));
                    (cell_start, pairs_at)
                }
            };
            let n = scratch.memo_pairs[pairs_at];
            let pairs = &scratch.memo_pairs[pairs_at + 1..pairs_at + 1 + n];
            let cell = &scratch.memo_cells[cells_at..cells_at + cells];
            let counts = &mut totals[at..];
            match m.how {
                How::Spans { .. } => {
                    for &c in pairs {
                        tally(&mut counts[0], cell[c] == 2, m.mode);
                    }
                    counts[0].mis += (rows - n) as u64;
                    counts[0].spu += (cols - n) as u64;
                }
                How::PerLabel { labelling, .. } => {
                    let labels = &self.labellings[labelling];
                    scratch.gold_paired.clear();
                    scratch.gold_paired.resize(rows, false);
                    scratch.pred_paired.clear();
                    scratch.pred_paired.resize(cols, false);
                    for &c in pairs {
                        let (i, j) = (c / cols, c % cols);
                        scratch.gold_paired[i] = true;
                        scratch.pred_paired[j] = true;
                        tally(&mut counts[labels.gold[gs[i]]], cell[c] == 2, m.mode);
                    }
                    for (&g, _) in gs.iter().zip(&scratch.gold_paired).filter(|x| !*x.1) {
                        counts[labels.gold[g]].mis += 1;
                    }
                    for (&p, _) in ps.iter().zip(&scratch.pred_paired).filter(|x| !*x.1) {
                        if let Some(label) = labels.predicted[p] {
                            counts[label].spu += 1;
                        }
                    }
                }
                How::Accuracy { right, skip } => {
                    for &c in pairs.iter().filter(|&&c| cell[c] == 2) {
                        judge_accuracy(&mut counts[0], scratch.facts[c], right, skip);
                    }
                }
            }
        }
    }
}

thread_local! {
    /// The sweep's buffers, kept between documents on each thread.
    static SCRATCH: Cell<Scratch> = Cell::new(Scratch::default());
}

/// Buffers reused from cluster to cluster.
#[derive(Default)]
struct Scratch {
    /// Each cell's facts, row by row (gold), column by column (predicted).
    facts: Vec<Facts>,
    /// Each cell's weight before correctness.
    base: Vec<Option<Weight>>,
    /// Cells of every distinct pairing problem met in the cluster.
    memo_cells: Vec<u8>,
    /// Each distinct problem's pairing: a length, then that many cells.
    memo_pairs: Vec<usize>,
    /// Per distinct problem, where its cells and its pairing start.
    memo: Vec<(usize, usize)>,
    gold_paired: Vec<bool>,
    pred_paired: Vec<bool>,
}

/// One pair of an accuracy measure judged.
fn judge_accuracy(counts: &mut Counts, facts: Facts, right: Facts, skip: Facts) {
    judge_accuracy_n(counts, facts, right, skip, 1);
}

/// `n` pairs with the same facts judged by an accuracy measure.
fn judge_accuracy_n(counts: &mut Counts, facts: Facts, right: Facts, skip: Facts, n: u64) {
    if facts & skip != 0 {
        return;
    }
    if facts & right != 0 {
        counts.cor += n;
    } else {
        counts.inc += n;
    }
}

/// One pair counted: correct, or partial (under `partial`) or incorrect.
fn tally(counts: &mut Counts, right: bool, mode: Mode) {
    tally_n(counts, right, mode, 1);
}

/// `n` pairs counted alike.
fn tally_n(counts: &mut Counts, right: bool, mode: Mode, n: u64) {
    match (right, mode) {
        (true, _) => counts.cor += n,
        (false, Mode::Partial) => counts.par += n,
        (false, _) => counts.inc += n,
    }
}

/// An entity label as scored, resolved once per distinct label and document.
struct Resolved<'a> {
    label: &'a str,
    dropped: bool,
    fine: Option<EntityType>,
    coarse: Option<Coarse>,
}

impl<'a> Resolved<'a> {
    fn of(label: &'a str, config: &ScoringConfig) -> Self {
        Resolved {
            label,
            dropped: config.label_map.is_dropped(label),
            fine: config.label_map.fine(label),
            coarse: config.label_map.coarse(label),
        }
    }
}

/// Distinct labels kept per document before each further one is resolved
/// on its own (bounds the scan on hostile input).
const LABEL_CACHE: usize = 32;

fn entities(gold: &GoldenFile, prediction: &Prediction, config: &ScoringConfig) -> Measures {
    let mut gold_items: Vec<(Span, EntityType)> = gold
        .entities
        .iter()
        .flat_map(|e| e.spans().map(move |s| (s, e.ty)))
        .collect();
    // Equal items are alike: an unstable sort (no buffer) gives the same order.
    gold_items.sort_unstable();
    let mut cache: Vec<Resolved> = Vec::new();
    let mut predicted: Vec<(&PredictedEntity, Option<EntityType>, Option<Coarse>)> =
        Vec::with_capacity(prediction.entities.as_ref().map_or(0, Vec::len));
    for e in prediction.entities.iter().flatten() {
        let resolved = match cache.iter().find(|r| r.label == e.ty) {
            Some(r) => (r.dropped, r.fine, r.coarse),
            None => {
                let r = Resolved::of(&e.ty, config);
                let facts = (r.dropped, r.fine, r.coarse);
                if cache.len() < LABEL_CACHE {
                    cache.push(r);
                }
                facts
            }
        };
        if !resolved.0 {
            predicted.push((e, resolved.1, resolved.2));
        }
    }
    predicted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let gs: Vec<Span> = gold_items.iter().map(|g| g.0).collect();
    let ps: Vec<Span> = predicted
        .iter()
        .map(|e| Span::new(e.0.start, e.0.end))
        .collect();
    let gold_fine: Vec<EntityType> = gold_items.iter().map(|g| g.1).collect();
    let gold_coarse: Vec<Coarse> = gold_fine.iter().map(|t| Coarse::of(*t)).collect();
    let pred_fine: Vec<Option<EntityType>> = predicted.iter().map(|e| e.1).collect();
    let pred_coarse: Vec<Option<Coarse>> = predicted.iter().map(|e| e.2).collect();
    let judge = |g: usize, p: usize| {
        let mut facts = 0;
        if pred_fine[p] == Some(gold_fine[g]) {
            facts |= ATTR_A;
        }
        if pred_coarse[p] == Some(gold_coarse[g]) {
            facts |= ATTR_B;
        }
        facts
    };
    let mut sweep = Sweep::new(&gs, &ps, config.iou_threshold, &judge);
    let fine = sweep.labelling(&gold_fine, &pred_fine, EntityType::label);
    let coarse = sweep.labelling(&gold_coarse, &pred_coarse, Coarse::label);
    let labels = |mode: Mode, fact: Facts| if mode.needs_label() { fact } else { 0 };
    for mode in BY_NAME {
        sweep.labelled("coarse", mode, coarse, labels(mode, ATTR_B), 0);
    }
    for mode in BY_NAME {
        sweep.labelled("spans", mode, fine, labels(mode, ATTR_A), 0);
    }
    sweep.count()
}

/// Titles and articles that a speaker's name may start with, dropped when names are compared.
const NAME_TITLES: &[&str] = &[
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

/// Lower-case, titles and punctuation stripped, spaces folded.
pub fn normalize_name(name: &str) -> String {
    // Written word by word into one string (this runs for every name of a
    // document with speakers): leading titles are taken back out.
    let mut out = String::with_capacity(name.len());
    let mut after_titles = false;
    for word in name.split_whitespace() {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        if word.is_empty() {
            continue;
        }
        let mark = out.len();
        if mark > 0 {
            out.push(' ');
        }
        let at = out.len();
        if word.is_ascii() {
            out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        } else {
            out.push_str(&word.to_lowercase());
        }
        if !after_titles {
            if NAME_TITLES.contains(&out[at..].trim_end_matches('.')) {
                out.truncate(mark);
                continue;
            }
            after_titles = true;
        }
    }
    for possessive in ["’s", "'s"] {
        if out.ends_with(possessive) {
            out.truncate(out.len() - possessive.len());
        }
    }
    out
}

/// Every entity's names (canonical and mentions), normalised once per
/// document, when a predicted speaker's name is first compared (most
/// documents' quotes are judged by speaker offsets, or not at all).
pub struct SpeakerNames<'a> {
    gold: &'a GoldenFile,
    names: OnceCell<Vec<Vec<String>>>,
}

impl<'a> SpeakerNames<'a> {
    /// The names of every entity of `gold`, normalised when first needed.
    pub fn new(gold: &'a GoldenFile) -> Self {
        SpeakerNames {
            gold,
            names: OnceCell::new(),
        }
    }

    fn names(&self) -> &[Vec<String>] {
        self.names.get_or_init(|| {
            self.gold
                .entities
                .iter()
                .map(|e| {
                    // Mentions repeat: each text is normalised once.
                    let mut texts: Vec<&str> = std::iter::once(e.canonical.as_str())
                        .chain(e.mentions.iter().map(|m| m.text.as_str()))
                        .collect();
                    texts.sort_unstable();
                    texts.dedup();
                    let mut names: Vec<String> = texts.into_iter().map(normalize_name).collect();
                    names.sort_unstable();
                    names.dedup();
                    names
                })
                .collect()
        })
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
        let names = self.names();
        let names_it = |i: usize| names[i].binary_search(&name).is_ok();
        names_it(index) && !(0..names.len()).any(|i| i != index && names_it(i))
    }
}

fn quotes(gold: &GoldenFile, prediction: &Prediction, config: &ScoringConfig) -> Measures {
    let mut gold_quotes: Vec<&GoldQuote> = gold.quotes.iter().collect();
    if !gold_quotes.is_sorted_by_key(|q| (q.start, q.end)) {
        gold_quotes.sort_by_key(|q| (q.start, q.end));
    }
    let mut predicted: Vec<&PredictedQuote> = prediction.quotes.iter().flatten().collect();
    predicted.sort_unstable();
    let gs: Vec<Span> = gold_quotes
        .iter()
        .map(|q| Span::new(q.start, q.end))
        .collect();
    let ps: Vec<Span> = predicted
        .iter()
        .map(|q| Span::new(q.start, q.end))
        .collect();
    let speakers = SpeakerNames::new(gold);
    let judge = |g: usize, p: usize| {
        let mut facts = 0;
        if speakers.right(gold_quotes[g].speaker.as_deref(), predicted[p]) {
            facts |= ATTR_A;
        }
        match gold_quotes[g].cue.as_deref() {
            None => facts |= ATTR_C,
            Some(gold_cue) => {
                if predicted[p]
                    .cue
                    .as_deref()
                    .is_some_and(|c| c.trim().eq_ignore_ascii_case(gold_cue.trim()))
                {
                    facts |= ATTR_B;
                }
            }
        }
        facts
    };
    let mut sweep = Sweep::new(&gs, &ps, config.iou_threshold, &judge);
    sweep.accuracy("cue", ATTR_B, ATTR_C);
    for mode in [Mode::Overlap, Mode::Strict] {
        sweep.measure("e2e", mode, ATTR_A);
    }
    sweep.accuracy("speaker", ATTR_A, 0);
    for mode in [Mode::Overlap, Mode::Strict] {
        sweep.measure("spans", mode, 0);
    }
    sweep.count()
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

/// The order predictions are scored in: by span and kind, then value
/// (as written) and unit; the value is only written out on a tie.
fn number_order(a: &PredictedNumber, b: &PredictedNumber) -> std::cmp::Ordering {
    (a.start, a.end, a.kind)
        .cmp(&(b.start, b.end, b.kind))
        .then_with(|| a.value.to_string().cmp(&b.value.to_string()))
        .then_with(|| a.unit.cmp(&b.unit))
}

fn numbers(gold: &GoldenFile, prediction: &Prediction, config: &ScoringConfig) -> Measures {
    let mut gold_numbers: Vec<&GoldNumber> = gold.numbers.iter().collect();
    if !gold_numbers.is_sorted_by_key(|n| (n.start, n.end)) {
        gold_numbers.sort_by_key(|n| (n.start, n.end));
    }
    let mut predicted: Vec<&PredictedNumber> = prediction.numbers.iter().flatten().collect();
    if !predicted.is_sorted_by(|a, b| number_order(a, b).is_le()) {
        predicted.sort_by(|a, b| number_order(a, b));
    }
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
    // A value or unit that fails the golden-file checks is never right,
    // whatever it resembles (`--lenient` scores such items).
    let judge = |g: usize, p: usize| {
        let (gold, predicted) = (gold_numbers[g], predicted[p]);
        let mut facts = 0;
        if gold.kind == predicted.kind {
            facts |= ATTR_A;
        }
        if valid_value(predicted) && values_equal(&gold.value, &predicted.value) {
            facts |= ATTR_B;
        }
        if valid_unit(predicted) && gold.unit == predicted.unit {
            facts |= ATTR_C;
        }
        facts
    };
    let all = ATTR_A | ATTR_B | ATTR_C;
    let mut sweep = Sweep::new(&gs, &ps, config.iou_threshold, &judge);
    let kinds = sweep.labelling(&gold_kinds, &pred_kinds, NumberKind::name);
    for mode in [Mode::Overlap, Mode::Strict] {
        sweep.labelled("e2e", mode, kinds, all, all);
    }
    sweep.accuracy("kind", ATTR_A, 0);
    for mode in [Mode::Overlap, Mode::Strict] {
        sweep.labelled("spans", mode, kinds, ATTR_A, 0);
    }
    sweep.accuracy("unit", ATTR_C, 0);
    sweep.accuracy("value", ATTR_B, 0);
    sweep.count()
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
    fn modes_by_name_are_every_mode_in_name_order() {
        let mut all = Mode::ALL;
        all.sort_by_key(|m| m.name());
        assert_eq!(BY_NAME, all);
    }

    /// The name normaliser as first written (a vector of words, joined).
    fn normalize_name_reference(name: &str) -> String {
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
            .position(|w| !NAME_TITLES.contains(&w.trim_end_matches('.')))
            .unwrap_or(words.len());
        let mut rest = words[first_name..].join(" ");
        for possessive in ["’s", "'s"] {
            if let Some(stripped) = rest.strip_suffix(possessive) {
                rest = stripped.to_owned();
            }
        }
        rest
    }

    proptest::proptest! {
        #[test]
        fn names_normalise_as_the_reference_does(
            name in "((Mr|THE|Prime|Minister|Dr\\.|ΣΟΦΙΑΣ|Ödön|O'Neill|\\.|-|x|Putin’s|Wu's|'s|’s)[ \t]{0,2}){0,6}",
        ) {
            proptest::prop_assert_eq!(normalize_name(&name), normalize_name_reference(&name));
        }
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

    /// Every measure as a pairing of its own, through closures: the
    /// definition the sweep (one judgement per pair, shared pairings) must
    /// reproduce count for count.
    mod reference {
        use super::*;
        use crate::golden::{GoldEntity, Mention};
        use crate::prediction::PredictedEntity;
        use crate::score::matching::{count_pairs, pair_within};
        use crate::score::LabelMap;
        use proptest::prelude::*;

        type Correct<'a> = &'a dyn Fn(usize, usize) -> bool;

        struct Plain<'a> {
            gs: &'a [Span],
            ps: &'a [Span],
            theta: f64,
            clusters: Clusters,
            out: Measures,
        }

        impl<'a> Plain<'a> {
            fn new(gs: &'a [Span], ps: &'a [Span], theta: f64) -> Self {
                let clusters = Clusters::new(gs, ps);
                Plain {
                    gs,
                    ps,
                    theta,
                    clusters,
                    out: Measures::new(),
                }
            }

            fn agree(&self, mode: Mode, g: usize, p: usize) -> bool {
                mode.spans_agree(self.gs[g], self.ps[p], self.theta)
            }

            fn spans(&mut self, key: String, mode: Mode, correct: Correct) {
                let (gs, ps) = (self.gs, self.ps);
                let pairs = pair_within(
                    &self.clusters,
                    gs,
                    ps,
                    |_, _| true,
                    |g, p| self.agree(mode, g, p) && correct(g, p),
                );
                let counts = count_pairs(&pairs, gs.len(), ps.len(), mode);
                self.out.insert(key.into(), counts);
            }

            fn per_label<L: Copy + PartialEq>(
                &mut self,
                key: &str,
                mode: Mode,
                (gold, predicted): (&[L], &[Option<L>]),
                name: fn(L) -> &'static str,
                correct: Correct,
            ) {
                let (gs, ps) = (self.gs, self.ps);
                let allowed = |g: usize, p: usize| predicted[p] == Some(gold[g]);
                let pairs = pair_within(&self.clusters, gs, ps, allowed, |g, p| {
                    self.agree(mode, g, p) && correct(g, p)
                });
                let mut by_label: BTreeMap<&str, Counts> = BTreeMap::new();
                for &(g, _, right) in &pairs {
                    tally(by_label.entry(name(gold[g])).or_default(), right, mode);
                }
                for g in (0..gs.len()).filter(|&g| !pairs.iter().any(|x| x.0 == g)) {
                    by_label.entry(name(gold[g])).or_default().mis += 1;
                }
                for p in (0..ps.len()).filter(|&p| !pairs.iter().any(|x| x.1 == p)) {
                    if let Some(label) = predicted[p] {
                        by_label.entry(name(label)).or_default().spu += 1;
                    }
                }
                for (label, counts) in by_label {
                    if counts != Counts::default() {
                        self.out.insert(format!("{key}/{label}").into(), counts);
                    }
                }
            }

            fn accuracy(&mut self, key: &str, judge: &dyn Fn(usize, usize) -> Option<bool>) {
                let (gs, ps) = (self.gs, self.ps);
                let pairs = pair_within(
                    &self.clusters,
                    gs,
                    ps,
                    |_, _| true,
                    |g, p| self.agree(Mode::Overlap, g, p),
                );
                let mut counts = Counts::default();
                for &(g, p, _) in pairs.iter().filter(|x| x.2) {
                    match judge(g, p) {
                        Some(true) => counts.cor += 1,
                        Some(false) => counts.inc += 1,
                        None => {}
                    }
                }
                self.out.insert(key.to_owned().into(), counts);
            }
        }

        fn entities(
            gold: &GoldenFile,
            prediction: &Prediction,
            config: &ScoringConfig,
        ) -> Measures {
            let mut gold_items: Vec<(Span, EntityType)> = gold
                .entities
                .iter()
                .flat_map(|e| e.spans().map(move |s| (s, e.ty)))
                .collect();
            gold_items.sort();
            let mut predicted: Vec<PredictedEntity> = prediction
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
            let mut plain = Plain::new(&gs, &ps, config.iou_threshold);
            for mode in Mode::ALL {
                let same_type =
                    |g: usize, p: usize| !mode.needs_label() || pred_fine[p] == Some(gold_fine[g]);
                let same_class = |g: usize, p: usize| {
                    !mode.needs_label() || pred_coarse[p] == Some(gold_coarse[g])
                };
                let any = |_: usize, _: usize| true;
                let spans = format!("spans.{}", mode.name());
                plain.spans(spans.clone(), mode, &same_type);
                plain.per_label(
                    &spans,
                    mode,
                    (&gold_fine, &pred_fine),
                    EntityType::label,
                    &any,
                );
                let coarse = format!("coarse.{}", mode.name());
                plain.spans(coarse.clone(), mode, &same_class);
                plain.per_label(
                    &coarse,
                    mode,
                    (&gold_coarse, &pred_coarse),
                    Coarse::label,
                    &any,
                );
            }
            plain.out
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
            let speaker_ok = |g: usize, p: usize| {
                speakers.right(gold_quotes[g].speaker.as_deref(), &predicted[p])
            };
            let mut plain = Plain::new(&gs, &ps, config.iou_threshold);
            for mode in [Mode::Strict, Mode::Overlap] {
                plain.spans(format!("spans.{}", mode.name()), mode, &|_, _| true);
                plain.spans(format!("e2e.{}", mode.name()), mode, &speaker_ok);
            }
            plain.accuracy("speaker.overlap", &|g, p| Some(speaker_ok(g, p)));
            plain.accuracy("cue.overlap", &|g, p| {
                let gold_cue = gold_quotes[g].cue.as_deref()?;
                Some(
                    predicted[p]
                        .cue
                        .as_deref()
                        .is_some_and(|c| c.trim().eq_ignore_ascii_case(gold_cue.trim())),
                )
            });
            plain.out
        }

        fn numbers(gold: &GoldenFile, prediction: &Prediction, config: &ScoringConfig) -> Measures {
            let mut gold_numbers = gold.numbers.clone();
            gold_numbers.sort_by_key(|n| (n.start, n.end));
            let mut predicted = prediction.numbers.clone().unwrap_or_default();
            predicted
                .sort_by_key(|n| (n.start, n.end, n.kind, n.value.to_string(), n.unit.clone()));
            let gs: Vec<Span> = gold_numbers
                .iter()
                .map(|n| Span::new(n.start, n.end))
                .collect();
            let ps: Vec<Span> = predicted
                .iter()
                .map(|n| Span::new(n.start, n.end))
                .collect();
            let gold_kinds: Vec<NumberKind> = gold_numbers.iter().map(|n| n.kind).collect();
            let pred_kinds: Vec<Option<NumberKind>> =
                predicted.iter().map(|n| Some(n.kind)).collect();
            let kind_ok = |g: usize, p: usize| gold_numbers[g].kind == predicted[p].kind;
            let value_ok = |g: usize, p: usize| {
                valid_value(&predicted[p])
                    && values_equal(&gold_numbers[g].value, &predicted[p].value)
            };
            let unit_ok = |g: usize, p: usize| {
                valid_unit(&predicted[p]) && gold_numbers[g].unit == predicted[p].unit
            };
            let all_ok = |g: usize, p: usize| kind_ok(g, p) && value_ok(g, p) && unit_ok(g, p);
            let any = |_: usize, _: usize| true;
            let kinds = (&gold_kinds[..], &pred_kinds[..]);
            let mut plain = Plain::new(&gs, &ps, config.iou_threshold);
            for mode in [Mode::Strict, Mode::Overlap] {
                let spans = format!("spans.{}", mode.name());
                plain.spans(spans.clone(), mode, &kind_ok);
                plain.per_label(&spans, mode, kinds, NumberKind::name, &any);
                let e2e = format!("e2e.{}", mode.name());
                plain.spans(e2e.clone(), mode, &all_ok);
                plain.per_label(&e2e, mode, kinds, NumberKind::name, &all_ok);
            }
            plain.accuracy("kind.overlap", &|g, p| Some(kind_ok(g, p)));
            plain.accuracy("value.overlap", &|g, p| Some(value_ok(g, p)));
            plain.accuracy("unit.overlap", &|g, p| Some(unit_ok(g, p)));
            plain.out
        }

        /// Spans crowded into a short text, so that clusters of several
        /// spans (shared and separate pairings) are common.
        fn span() -> impl Strategy<Value = (usize, usize)> {
            (0usize..40, 1usize..9).prop_map(|(start, len)| (start, start + len))
        }

        const TYPES: [EntityType; 4] = [
            EntityType::Person,
            EntityType::Org,
            EntityType::Gpe,
            EntityType::Loc,
        ];
        /// Predicted labels: types, an alias, a coarse class, an unknown
        /// label and one the label map drops.
        const LABELS: [&str; 7] = ["PERSON", "ORG", "GPE", "PER", "MISC", "THING", "DROPPED"];
        const KINDS: [NumberKind; 3] = [NumberKind::Cardinal, NumberKind::Money, NumberKind::Year];
        const UNITS: [Option<&str>; 3] = [None, Some("USD"), Some("EUR")];
        const CUES: [Option<&str>; 3] = [None, Some("said"), Some(" Said ")];

        fn document() -> impl Strategy<Value = (GoldenFile, Prediction)> {
            let entities =
                prop::collection::vec((prop::collection::vec(span(), 1..3), 0..4usize), 0..6);
            let quotes = prop::collection::vec((span(), 0..7usize, 0..3usize), 0..5);
            let numbers = prop::collection::vec((span(), 0..3usize, 0..3u8, 0..3usize), 0..6);
            let p_entities = prop::collection::vec((span(), 0..7usize), 0..9);
            let p_quotes =
                prop::collection::vec((span(), 0..7usize, 0..3usize, any::<bool>()), 0..6);
            let p_numbers = prop::collection::vec((span(), 0..3usize, 0..3u8, 0..3usize), 0..9);
            (entities, quotes, numbers, p_entities, p_quotes, p_numbers).prop_map(
                |(entities, quotes, numbers, p_entities, p_quotes, p_numbers)| {
                    let name = |i: usize| format!("Speaker {}", i % 3);
                    let gold = GoldenFile {
                        doc: "doc".into(),
                        notes: Vec::new(),
                        entities: entities
                            .iter()
                            .enumerate()
                            .map(|(i, (mentions, ty))| GoldEntity {
                                id: format!("e{i}"),
                                ty: TYPES[*ty],
                                canonical: name(i),
                                mentions: mentions
                                    .iter()
                                    .map(|&(start, end)| Mention {
                                        start,
                                        end,
                                        text: name(i),
                                    })
                                    .collect(),
                            })
                            .collect(),
                        quotes: quotes
                            .iter()
                            .map(|&((start, end), speaker, cue)| GoldQuote {
                                start,
                                end,
                                text: String::new(),
                                speaker: (speaker < entities.len()).then(|| format!("e{speaker}")),
                                cue: CUES[cue].map(str::to_owned),
                            })
                            .collect(),
                        numbers: numbers
                            .iter()
                            .map(|&((start, end), kind, value, unit)| GoldNumber {
                                start,
                                end,
                                text: String::new(),
                                kind: KINDS[kind],
                                value: NumberValue::Number(f64::from(value)),
                                unit: UNITS[unit].map(str::to_owned),
                            })
                            .collect(),
                    };
                    let prediction = Prediction {
                        entities: Some(
                            p_entities
                                .iter()
                                .map(|&((start, end), label)| PredictedEntity {
                                    start,
                                    end,
                                    ty: LABELS[label].to_owned(),
                                })
                                .collect(),
                        ),
                        quotes: Some(
                            p_quotes
                                .iter()
                                .map(|&((start, end), speaker, cue, offsets)| PredictedQuote {
                                    start,
                                    end,
                                    speaker: (speaker < 6).then(|| name(speaker)),
                                    speaker_start: offsets.then_some(start),
                                    speaker_end: offsets.then_some(end),
                                    cue: CUES[cue].map(str::to_owned),
                                })
                                .collect(),
                        ),
                        numbers: Some(
                            p_numbers
                                .iter()
                                .map(|&((start, end), kind, value, unit)| PredictedNumber {
                                    start,
                                    end,
                                    kind: KINDS[kind],
                                    value: NumberValue::Number(f64::from(value)),
                                    unit: UNITS[unit].map(str::to_owned),
                                })
                                .collect(),
                        ),
                    };
                    (gold, prediction)
                },
            )
        }

        proptest! {
            #[test]
            fn the_sweep_counts_what_one_pairing_per_measure_counts(
                (gold, prediction) in document(),
                theta in prop::sample::select(vec![0.0, 0.3, 0.5, 1.0]),
            ) {
                let mut label_map = LabelMap::default();
                label_map.0.insert("DROPPED".into(), None);
                let config = ScoringConfig { iou_threshold: theta, label_map, ..ScoringConfig::default() };
                let swept = score_document(&gold, Some(&prediction), &Layer::ALL, &config);
                prop_assert_eq!(&swept[&Layer::Entities], &entities(&gold, &prediction, &config));
                prop_assert_eq!(&swept[&Layer::Quotes], &quotes(&gold, &prediction, &config));
                prop_assert_eq!(&swept[&Layer::Numbers], &numbers(&gold, &prediction, &config));
            }
        }
    }
}
