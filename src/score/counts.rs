//! The SemEval-2013 9.1 counts kept per document, layer and mode.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::schema::Layer;
use crate::score::key::MeasureKey;

/// Correct, incorrect, partial, missed and spurious spans.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Pairs correct under the mode.
    pub cor: u64,
    /// Pairs that overlap but are not correct under the mode.
    pub inc: u64,
    /// Pairs credited half (the `partial` mode only).
    pub par: u64,
    /// Gold spans with no prediction paired to them.
    pub mis: u64,
    /// Predictions paired to no gold span.
    pub spu: u64,
}

impl Counts {
    /// Gold spans: COR + INC + PAR + MIS.
    pub fn possible(&self) -> u64 {
        self.cor + self.inc + self.par + self.mis
    }

    /// Predicted spans: COR + INC + PAR + SPU.
    pub fn actual(&self) -> u64 {
        self.cor + self.inc + self.par + self.spu
    }

    /// Credit: COR + ½·PAR.
    pub fn credit(&self) -> f64 {
        self.cor as f64 + 0.5 * self.par as f64
    }

    /// Credit / actual, or `None` with no predictions.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.credit(), self.actual())
    }

    /// Credit / possible, or `None` with no gold spans.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.credit(), self.possible())
    }

    /// 2·credit / (possible + actual), or `None` when both are zero.
    pub fn f1(&self) -> Option<f64> {
        ratio(2.0 * self.credit(), self.possible() + self.actual())
    }

    /// COR / (COR + INC), for the attribute measures; `None` with no pairs.
    pub fn accuracy(&self) -> Option<f64> {
        ratio(self.cor as f64, self.cor + self.inc)
    }

    /// Field-wise sum.
    pub fn add(&mut self, other: &Counts) {
        self.cor += other.cor;
        self.inc += other.inc;
        self.par += other.par;
        self.mis += other.mis;
        self.spu += other.spu;
    }
}

fn ratio(numerator: f64, denominator: u64) -> Option<f64> {
    (denominator > 0).then(|| numerator / denominator as f64)
}

/// One document's counts: layer → measure key (e.g. `spans.strict`) → counts.
pub type DocumentCounts = BTreeMap<Layer, BTreeMap<MeasureKey, Counts>>;
