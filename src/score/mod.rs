//! Scoring: predictions against golden annotations, per document, then
//! summed into metrics.
//!
//! Scores are built from per-document counts so that every figure can be
//! recomputed from the report's `documents` section (docs/METRICS.md shows
//! how), and so that resampling documents (intervals, significance tests)
//! only needs the counts.

pub mod counts;
pub mod labels;
pub mod layers;
pub mod matching;
pub mod metrics;

use serde::{Deserialize, Serialize};

pub use counts::{Counts, DocumentCounts};
pub use labels::LabelMap;
pub use matching::Mode;
pub use metrics::metrics;

/// Version of the scoring rules; reports from different versions are not comparable.
pub const SCORER_VERSION: u32 = 2;

/// Settings that change figures; recorded in every report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoringConfig {
    /// θ of the `overlap` mode: the least intersection-over-union of a correct pair.
    pub iou_threshold: f64,
    /// Extractor entity labels → OntoNotes types.
    pub label_map: LabelMap,
}

impl Default for ScoringConfig {
    fn default() -> Self {
        ScoringConfig {
            iou_threshold: 0.5,
            label_map: LabelMap::default(),
        }
    }
}
