//! Pairing gold and predicted spans one-to-one, and counting the outcome.
//!
//! Peers pair greedily or let one prediction be credited against several
//! gold spans; both inflate scores. Here the pairing is an optimal
//! assignment: it maximises first the number of pairs that are correct under
//! the measure, then their total intersection-over-union, then the closeness
//! of their starts. It is solved exactly (Hungarian algorithm over a
//! lexicographic weight) within each cluster of overlapping spans, so no gold
//! span is credited twice, no two predictions share one gold span, and a long
//! span never steals an exact match from the prediction that has it.

use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

use serde::{Deserialize, Serialize};

use crate::schema::Span;
use crate::score::Counts;

/// How a predicted span must agree with a gold span to be correct.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Same boundaries and same label.
    Strict,
    /// Same boundaries, any label.
    Exact,
    /// Same boundaries count whole, other overlaps half, any label.
    Partial,
    /// Any overlap and the same label (lenient, easy to game).
    Type,
    /// Intersection-over-union at least θ and the same label.
    Overlap,
}

impl Mode {
    /// Every mode, in report order.
    pub const ALL: [Mode; 5] = [
        Mode::Strict,
        Mode::Exact,
        Mode::Partial,
        Mode::Type,
        Mode::Overlap,
    ];

    /// The mode's name in metric ids.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Strict => "strict",
            Mode::Exact => "exact",
            Mode::Partial => "partial",
            Mode::Type => "type",
            Mode::Overlap => "overlap",
        }
    }

    /// Whether boundaries agree well enough under this mode (labels aside).
    pub fn spans_agree(self, gold: Span, predicted: Span, iou_threshold: f64) -> bool {
        match self {
            Mode::Strict | Mode::Exact | Mode::Partial => gold == predicted,
            Mode::Type => gold.overlaps(predicted),
            Mode::Overlap => iou(gold, predicted) >= iou_threshold,
        }
    }

    /// Whether labels must agree under this mode.
    pub fn needs_label(self) -> bool {
        matches!(self, Mode::Strict | Mode::Type | Mode::Overlap)
    }
}

/// Intersection over union of two spans; 0 when they do not overlap.
pub fn iou(a: Span, b: Span) -> f64 {
    let inter = a.end.min(b.end).saturating_sub(a.start.max(b.start));
    if inter == 0 {
        return 0.0;
    }
    let union = a.end.max(b.end) - a.start.min(b.start);
    inter as f64 / union as f64
}

/// A lexicographic weight: (correct, IoU in billionths, minus start distance).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub(crate) struct Weight(i64, i64, i64);

impl Weight {
    /// The same pair's weight when its correctness is `correct`.
    pub(crate) fn credited(self, correct: bool) -> Weight {
        Weight(i64::from(correct), self.1, self.2)
    }
}

impl Add for Weight {
    type Output = Weight;
    fn add(self, o: Weight) -> Weight {
        Weight(self.0 + o.0, self.1 + o.1, self.2 + o.2)
    }
}

impl Sub for Weight {
    type Output = Weight;
    fn sub(self, o: Weight) -> Weight {
        Weight(self.0 - o.0, self.1 - o.1, self.2 - o.2)
    }
}

impl Neg for Weight {
    type Output = Weight;
    fn neg(self) -> Weight {
        Weight(-self.0, -self.1, -self.2)
    }
}

impl AddAssign for Weight {
    fn add_assign(&mut self, o: Weight) {
        *self = *self + o;
    }
}

impl SubAssign for Weight {
    fn sub_assign(&mut self, o: Weight) {
        *self = *self - o;
    }
}

/// The weight of pairing two spans, `None` when they do not overlap.
pub(crate) fn weight(gold: Span, predicted: Span, correct: bool) -> Option<Weight> {
    gold.overlaps(predicted).then(|| {
        Weight(
            i64::from(correct),
            (iou(gold, predicted) * 1e9).round() as i64,
            -(gold.start.abs_diff(predicted.start) as i64),
        )
    })
}

/// Groups of gold and predicted spans that chain together by overlap,
/// computed once per document and layer and shared by every measure.
#[derive(Debug, Clone)]
pub struct Clusters {
    /// Gold indices, cluster by cluster.
    gold: Vec<usize>,
    /// Predicted indices, cluster by cluster.
    predicted: Vec<usize>,
    /// Per cluster, its end in `gold` and in `predicted`.
    ends: Vec<(usize, usize)>,
}

impl Clusters {
    /// Sweeps the spans in start order, cutting wherever no span reaches
    /// over. Spans sorted by start and end (as scoring sorts them) are
    /// merged in one pass; others are sorted first.
    pub fn new(gold: &[Span], predicted: &[Span]) -> Self {
        let mut clusters = Clusters {
            gold: Vec::with_capacity(gold.len()),
            predicted: Vec::with_capacity(predicted.len()),
            ends: Vec::with_capacity(gold.len() + predicted.len() + 1),
        };
        let mut reach = 0;
        let mut visit = |span: Span, is_gold: bool, i: usize| {
            if span.start >= reach && (!clusters.gold.is_empty() || !clusters.predicted.is_empty())
            {
                clusters
                    .ends
                    .push((clusters.gold.len(), clusters.predicted.len()));
            }
            reach = reach.max(span.end);
            if is_gold {
                clusters.gold.push(i);
            } else {
                clusters.predicted.push(i);
            }
        };
        let by_start = |s: &Span| (s.start, s.end);
        if gold.is_sorted_by_key(by_start) && predicted.is_sorted_by_key(by_start) {
            // The order of the sort below: by start and end, predictions first on a tie.
            let (mut g, mut p) = (0, 0);
            while g < gold.len() || p < predicted.len() {
                let take_predicted = g == gold.len()
                    || (p < predicted.len() && by_start(&predicted[p]) <= by_start(&gold[g]));
                if take_predicted {
                    visit(predicted[p], false, p);
                    p += 1;
                } else {
                    visit(gold[g], true, g);
                    g += 1;
                }
            }
        } else {
            let mut events: Vec<(usize, usize, bool, usize)> = gold
                .iter()
                .enumerate()
                .map(|(i, s)| (s.start, s.end, true, i))
                .chain(
                    predicted
                        .iter()
                        .enumerate()
                        .map(|(i, s)| (s.start, s.end, false, i)),
                )
                .collect();
            events.sort_unstable();
            for (start, end, is_gold, i) in events {
                visit(Span::new(start, end), is_gold, i);
            }
        }
        clusters
            .ends
            .push((clusters.gold.len(), clusters.predicted.len()));
        clusters
    }

    /// Each cluster's gold and predicted indices.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&[usize], &[usize])> {
        let starts = std::iter::once((0, 0)).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().copied())
            .map(|((g0, p0), (g1, p1))| (&self.gold[g0..g1], &self.predicted[p0..p1]))
    }
}

/// Pairs gold with predicted spans one-to-one, only overlapping spans, to
/// maximise (correct pairs, total IoU, closeness of starts). Returns
/// `(gold index, predicted index, correct)` sorted by gold index.
pub fn pair(
    gold: &[Span],
    predicted: &[Span],
    correct: impl Fn(usize, usize) -> bool,
) -> Vec<(usize, usize, bool)> {
    pair_within(
        &Clusters::new(gold, predicted),
        gold,
        predicted,
        |_, _| true,
        correct,
    )
}

/// [`pair`] over precomputed clusters, pairing only where `allowed` says so
/// (per-label scoring forbids pairs across labels, which splits the
/// assignment into one independent assignment per label).
pub fn pair_within(
    clusters: &Clusters,
    gold: &[Span],
    predicted: &[Span],
    allowed: impl Fn(usize, usize) -> bool,
    correct: impl Fn(usize, usize) -> bool,
) -> Vec<(usize, usize, bool)> {
    let mut pairs = Vec::with_capacity(gold.len().min(predicted.len()));
    for (gs, ps) in clusters.iter() {
        pair_cluster(gs, ps, gold, predicted, &allowed, &correct, &mut pairs);
    }
    pairs.sort_unstable();
    pairs
}

/// The optimal pairing of one cluster (`gs`, `ps`: its gold and predicted
/// indices), appended to `pairs` as `(gold, predicted, correct)`.
pub(crate) fn pair_cluster(
    gs: &[usize],
    ps: &[usize],
    gold: &[Span],
    predicted: &[Span],
    allowed: &dyn Fn(usize, usize) -> bool,
    correct: &dyn Fn(usize, usize) -> bool,
    pairs: &mut Vec<(usize, usize, bool)>,
) {
    let edge = |i: usize, j: usize| -> Option<Weight> {
        let (g, p) = (gs[i], ps[j]);
        if allowed(g, p) {
            weight(gold[g], predicted[p], correct(g, p))
        } else {
            None
        }
    };
    pair_local(gs.len(), ps.len(), &edge, &mut |i, j| {
        let (g, p) = (gs[i], ps[j]);
        pairs.push((g, p, correct(g, p)));
    });
}

/// The optimal pairing of one cluster of `gold` × `predicted` spans, by
/// their positions in the cluster, given each cell's weight (`None`: no
/// pair); each pair handed to `pair` as `(gold position, predicted position)`.
pub(crate) fn pair_local(
    gold: usize,
    predicted: usize,
    edge: &dyn Fn(usize, usize) -> Option<Weight>,
    pair: &mut dyn FnMut(usize, usize),
) {
    match (gold, predicted) {
        (0, _) | (_, 0) => {}
        (1, 1) => {
            if edge(0, 0).is_some() {
                pair(0, 0);
            }
        }
        _ => {
            let problem = Assignment::new(gold, predicted, edge);
            for (i, j) in max_weight_assignment(&problem.matrix) {
                let (g, p) = problem.indices(i, j);
                pair(g, p);
            }
        }
    }
}

/// One cluster's assignment problem, made small: rows are the smaller
/// side, and only columns among some row's `rows` best edges are kept.
///
/// The pruning is exact: if an optimal pairing gave row `i` a column outside
/// its `r` best edges, at most `r - 1` of those best columns are taken by
/// other rows, so one is free and moving `i` there loses nothing. Every
/// prediction repeated 200 times thus costs what one copy costs, plus a scan.
struct Assignment {
    rows: usize,
    cols: Vec<usize>,
    transposed: bool,
    /// `rows × cols` weights, `None` where no pair is allowed.
    matrix: Vec<Vec<Option<Weight>>>,
}

impl Assignment {
    /// The problem of `gold` × `predicted` cluster positions.
    fn new(gold: usize, predicted: usize, edge: &dyn Fn(usize, usize) -> Option<Weight>) -> Self {
        let transposed = gold > predicted;
        let (rows, all) = if transposed {
            (predicted, gold)
        } else {
            (gold, predicted)
        };
        let weight = |r: usize, c: usize| {
            if transposed {
                edge(c, r)
            } else {
                edge(r, c)
            }
        };
        let keep = rows;
        let mut cols: Vec<usize> = Vec::new();
        let mut best: Vec<(Weight, usize)> = Vec::new();
        for r in 0..rows {
            best.clear();
            best.extend((0..all).filter_map(|c| weight(r, c).map(|w| (w, c))));
            if best.len() > keep {
                best.select_nth_unstable_by(keep - 1, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                best.truncate(keep);
            }
            cols.extend(best.iter().map(|&(_, c)| c));
        }
        cols.sort_unstable();
        cols.dedup();
        let matrix = (0..rows)
            .map(|r| cols.iter().map(|&c| weight(r, c)).collect())
            .collect();
        Assignment {
            rows,
            cols,
            transposed,
            matrix,
        }
    }

    /// `(gold, predicted)` positions of matrix cell `(i, j)`.
    fn indices(&self, i: usize, j: usize) -> (usize, usize) {
        let c = self.cols[j];
        if self.transposed {
            (c, i)
        } else {
            (i, c)
        }
    }
}

/// The rows and columns of the assignment solved for one cluster of `gold`
/// and `predicted` spans (all overlapping, any pair allowed), for tests.
#[doc(hidden)]
pub fn assignment_shape(gold: &[Span], predicted: &[Span]) -> (usize, usize) {
    let edge = |g: usize, p: usize| weight(gold[g], predicted[p], gold[g] == predicted[p]);
    let problem = Assignment::new(gold.len(), predicted.len(), &edge);
    (problem.rows, problem.cols.len())
}

/// Hungarian algorithm (shortest augmenting paths with potentials) on a
/// rectangular matrix with no more rows than columns (padded with zero
/// columns when short), O(rows² · columns); returns the real pairs with an
/// edge. `None` marks pairs that may not be paired.
fn max_weight_assignment(matrix: &[Vec<Option<Weight>>]) -> Vec<(usize, usize)> {
    let rows = matrix.len();
    let n = matrix.first().map_or(0, Vec::len).max(rows);
    let cost = |i: usize, j: usize| -> Weight {
        match matrix.get(i).and_then(|r| r.get(j)).copied().flatten() {
            Some(w) => -w,
            None => Weight::default(),
        }
    };
    let infinity = Weight(i64::MAX / 4, 0, 0);
    let mut u = vec![Weight::default(); rows + 1];
    let mut v = vec![Weight::default(); n + 1];
    let mut row_of = vec![0usize; n + 1];
    let mut way = vec![0usize; n + 1];
    for i in 1..=rows {
        row_of[0] = i;
        let mut j0 = 0;
        let mut min_v = vec![infinity; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[j0] = true;
            let i0 = row_of[j0];
            let mut delta = infinity;
            let mut j1 = 0;
            for j in 1..=n {
                if !used[j] {
                    let cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
                    if cur < min_v[j] {
                        min_v[j] = cur;
                        way[j] = j0;
                    }
                    if min_v[j] < delta {
                        delta = min_v[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=n {
                if used[j] {
                    u[row_of[j]] += delta;
                    v[j] -= delta;
                } else {
                    min_v[j] -= delta;
                }
            }
            j0 = j1;
            if row_of[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            row_of[j0] = row_of[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    (1..=n)
        .filter_map(|j| {
            let (i, j) = (row_of[j].checked_sub(1)?, j - 1);
            matrix
                .get(i)
                .and_then(|r| r.get(j))
                .copied()
                .flatten()
                .map(|_| (i, j))
        })
        .collect()
}

/// Counts a pairing: correct pairs are COR; other pairs PAR under `partial`,
/// INC otherwise; unpaired gold MIS, unpaired predictions SPU.
pub fn count_pairs(
    pairs: &[(usize, usize, bool)],
    gold: usize,
    predicted: usize,
    mode: Mode,
) -> Counts {
    let cor = pairs.iter().filter(|p| p.2).count() as u64;
    let others = pairs.len() as u64 - cor;
    let (inc, par) = if mode == Mode::Partial {
        (0, others)
    } else {
        (others, 0)
    };
    Counts {
        cor,
        inc,
        par,
        mis: gold as u64 - pairs.len() as u64,
        spu: predicted as u64 - pairs.len() as u64,
    }
}

/// The total weight of a pairing, for comparing pairings in tests.
#[doc(hidden)]
pub fn total_weight(
    gold: &[Span],
    predicted: &[Span],
    pairs: &[(usize, usize, bool)],
) -> (i64, i64, i64) {
    let w = pairs
        .iter()
        .filter_map(|&(g, p, c)| weight(gold[g], predicted[p], c))
        .fold(Weight::default(), |a, b| a + b);
    (w.0, w.1, w.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(start: usize, end: usize) -> Span {
        Span::new(start, end)
    }

    /// Tries every one-to-one pairing of overlapping spans; the reference for `pair`.
    fn brute_force(
        gold: &[Span],
        predicted: &[Span],
        correct: &dyn Fn(usize, usize) -> bool,
    ) -> (i64, i64, i64) {
        fn go(
            g: usize,
            gold: &[Span],
            predicted: &[Span],
            taken: &mut Vec<bool>,
            correct: &dyn Fn(usize, usize) -> bool,
        ) -> Weight {
            if g == gold.len() {
                return Weight::default();
            }
            let mut best = go(g + 1, gold, predicted, taken, correct);
            for p in 0..predicted.len() {
                if taken[p] {
                    continue;
                }
                if let Some(w) = weight(gold[g], predicted[p], correct(g, p)) {
                    taken[p] = true;
                    best = best.max(w + go(g + 1, gold, predicted, taken, correct));
                    taken[p] = false;
                }
            }
            best
        }
        let w = go(
            0,
            gold,
            predicted,
            &mut vec![false; predicted.len()],
            correct,
        );
        (w.0, w.1, w.2)
    }

    #[test]
    fn a_long_span_never_steals_an_exact_match() {
        let gold = [s(0, 5), s(6, 10)];
        let predicted = [s(0, 10), s(0, 5)];
        let pairs = pair(&gold, &predicted, |g, p| gold[g] == predicted[p]);
        assert_eq!(pairs, [(0, 1, true), (1, 0, false)]);
    }

    #[test]
    fn one_prediction_over_several_gold_spans_is_paired_once() {
        let gold = [s(0, 3), s(4, 7), s(8, 11)];
        let predicted = [s(0, 11)];
        let pairs = pair(&gold, &predicted, |_, _| true);
        assert_eq!(pairs.len(), 1);
        let counts = count_pairs(&pairs, 3, 1, Mode::Type);
        assert_eq!((counts.cor, counts.mis, counts.spu), (1, 2, 0));
    }

    #[test]
    fn predictions_repeated_200_times_cost_one_copy() {
        // Issue 15.8: the padded square matrix was 600 × 600 here (O(n³) per mode).
        let gold = [s(0, 5), s(3, 9), s(8, 12)];
        let predicted: Vec<Span> = [s(0, 5), s(2, 9), s(8, 12)]
            .iter()
            .flat_map(|&p| std::iter::repeat_n(p, 200))
            .collect();
        let (rows, cols) = assignment_shape(&gold, &predicted);
        assert_eq!(rows, 3, "rows are the smaller side");
        assert!(cols <= 9, "at most rows² columns kept, got {cols}");
        let pairs = pair(&gold, &predicted, |g, p| gold[g] == predicted[p]);
        assert_eq!(pairs.iter().filter(|p| p.2).count(), 2);
        assert_eq!(pairs.len(), 3);
    }

    #[test]
    fn gold_outnumbering_predictions_is_solved_transposed() {
        let gold: Vec<Span> = (0..50).map(|i| s(i, i + 3)).collect();
        let predicted = [s(10, 13), s(20, 30)];
        assert_eq!(assignment_shape(&gold, &predicted).0, 2);
        let pairs = pair(&gold, &predicted, |g, p| gold[g] == predicted[p]);
        assert_eq!(pairs[0], (10, 0, true));
        assert_eq!(pairs.len(), 2);
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        fn spans(max: usize) -> impl Strategy<Value = Vec<Span>> {
            prop::collection::vec((0usize..30, 1usize..8), 0..max)
                .prop_map(|v| v.into_iter().map(|(a, l)| s(a, a + l)).collect())
        }

        proptest! {
            #[test]
            fn hungarian_matches_brute_force(gold in spans(6), predicted in spans(6), salt in 0u64..1000) {
                let correct = |g: usize, p: usize| (g as u64 * 7 + p as u64 * 3 + salt).is_multiple_of(3);
                let pairs = pair(&gold, &predicted, correct);
                let mut seen_g = std::collections::HashSet::new();
                let mut seen_p = std::collections::HashSet::new();
                for &(g, p, _) in &pairs {
                    prop_assert!(seen_g.insert(g) && seen_p.insert(p), "one-to-one");
                    prop_assert!(gold[g].overlaps(predicted[p]), "only overlapping spans pair");
                }
                prop_assert_eq!(total_weight(&gold, &predicted, &pairs), brute_force(&gold, &predicted, &correct));
            }

            #[test]
            fn pruned_pairing_of_repeated_spans_is_optimal(
                gold in spans(3),
                predicted in spans(3),
                copies in prop::collection::vec(1usize..4, 3),
            ) {
                let predicted: Vec<Span> = predicted
                    .iter()
                    .zip(&copies)
                    .flat_map(|(&p, &n)| std::iter::repeat_n(p, n))
                    .collect();
                let correct = |g: usize, p: usize| gold[g] == predicted[p];
                let pairs = pair(&gold, &predicted, correct);
                prop_assert_eq!(total_weight(&gold, &predicted, &pairs), brute_force(&gold, &predicted, &correct));
            }
        }
    }
}
