//! wirebench: score and benchmark extractors of quotes, entities and numbers
//! on news wire articles.
//!
//! The data flows corpus → [`corpus::Dataset`] (validated by [`validate`]) →
//! [`runner`] (every [`extract::Extractor`] on every document, in parallel) →
//! [`score`] (counts per document, metrics per extractor) → [`report`].
//! ARCHITECTURE.md draws the same picture with the modules on it.

pub mod agree;
#[cfg(feature = "criterion")]
pub mod bench;
pub mod cli;
pub mod compare;
pub mod corpus;
pub mod error;
pub mod explain;
pub mod extract;
mod files;
pub mod gazetteer;
pub mod golden;
pub mod harness;
pub mod offsets;
pub mod prediction;
mod problem;
pub mod report;
pub mod runner;
pub mod schema;
pub mod score;
pub mod stats;
pub mod testing;
pub mod units;
pub mod validate;

pub use error::{Error, ExtractError, Result};
pub use harness::{Evaluation, Harness};
pub use score::MetricId;
