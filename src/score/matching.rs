//! Pairing gold and predicted spans one-to-one.

use serde::{Deserialize, Serialize};

use crate::schema::Span;
use crate::score::Counts;

/// How a predicted span must agree with a gold span to count as correct.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Same boundaries and same label.
    Strict,
}

impl Mode {
    /// The mode's name in metric ids.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Strict => "strict",
        }
    }
}

/// A span with the label it is scored on (type, kind, or none for quotes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Item<L> {
    /// Where.
    pub span: Span,
    /// What.
    pub label: L,
}

/// Pairs `gold` with `predicted` under `mode` and counts the outcome.
pub fn count<L: Copy + Eq + Ord>(gold: &[Item<L>], predicted: &[Item<L>], mode: Mode) -> Counts {
    let Mode::Strict = mode;
    let mut gold: Vec<Item<L>> = gold.to_vec();
    let mut predicted: Vec<Item<L>> = predicted.to_vec();
    gold.sort();
    predicted.sort();
    let mut counts = Counts::default();
    let mut unmatched_gold = Vec::new();
    let mut p = 0;
    for g in gold {
        while p < predicted.len() && predicted[p] < g {
            p += 1;
        }
        if p < predicted.len() && predicted[p] == g {
            counts.cor += 1;
            predicted.remove(p);
        } else {
            unmatched_gold.push(g);
        }
    }
    for g in unmatched_gold {
        if let Some(i) = predicted.iter().position(|q| q.span.overlaps(g.span)) {
            predicted.remove(i);
            counts.inc += 1;
        } else {
            counts.mis += 1;
        }
    }
    counts.spu = predicted.len() as u64;
    counts
}
