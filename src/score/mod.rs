//! Scoring: predictions against golden annotations, per document, then
//! summed into metrics.
//!
//! Scores are built from per-document counts so that every figure can be
//! recomputed from the report's `documents` section, and so that resampling
//! documents (intervals, significance tests) only needs the counts.

pub mod counts;
pub mod layers;
pub mod matching;
pub mod metrics;

pub use counts::{Counts, DocumentCounts};
pub use matching::Mode;
pub use metrics::metrics;

/// Version of the scoring rules; reports from different versions are not comparable.
pub const SCORER_VERSION: u32 = 1;
