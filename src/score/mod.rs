//! Scoring: predictions against golden annotations, per document, then
//! summed into metrics.
//!
//! Scores are built from per-document counts so that every figure can be
//! recomputed from the report's `documents` section (docs/METRICS.md shows
//! how), and so that resampling documents (intervals, significance tests)
//! only needs the counts.

pub mod bootstrap;
pub mod counts;
pub mod errors;
pub mod key;
pub mod labels;
pub mod layers;
pub mod matching;
pub mod metric_id;
pub mod metrics;

use serde::{Deserialize, Serialize};

use crate::schema::Layer;
use bootstrap::BootstrapConfig;

pub use counts::{Counts, DocumentCounts};
pub use key::MeasureKey;
pub use labels::LabelMap;
pub use matching::Mode;
pub use metric_id::MetricId;
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
    /// How confidence intervals are drawn.
    pub bootstrap: BootstrapConfig,
    /// Metrics given an interval besides the headline ones (`--interval`).
    pub intervals: Vec<MetricId>,
}

/// The headline metric of a layer.
pub fn headline(layer: Layer) -> MetricId {
    MetricId::headline(layer)
}

impl Default for ScoringConfig {
    fn default() -> Self {
        ScoringConfig {
            iou_threshold: 0.5,
            label_map: LabelMap::default(),
            bootstrap: BootstrapConfig::default(),
            intervals: Vec::new(),
        }
    }
}
