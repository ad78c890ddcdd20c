//! wirebench: score and benchmark extractors of quotes, entities and numbers
//! on news wire articles.
//!
//! The data flows corpus → [`corpus::Dataset`] (validated by [`validate`]) →
//! [`runner`] (every [`extract::Extractor`] on every document, in parallel) →
//! [`score`] (counts per document, metrics per extractor) → [`report`].
//! ARCHITECTURE.md draws the same picture with the modules on it.
//!
//! For a crate of your own: [`Harness`] loads the bundled corpus (or a
//! directory), runs extractors and scores predictions files; [`Evaluation`]
//! reads any metric by [`MetricId`] with its interval and compares;
//! [`extract::Registry`] with [`cli::main_with`] ships the whole command line
//! with your extractors; [`testing`] and `bench` (feature `criterion`) give
//! one-call snapshot, floor and throughput checks. `examples/downstream` uses
//! exactly this.

#![deny(missing_docs)]

pub mod agree;
#[cfg(feature = "mimalloc")]
pub mod allocator;
#[cfg(feature = "criterion")]
pub mod bench;
pub mod cli;
pub mod compare;
pub mod corpus;
pub mod error;
pub(crate) mod explain;
pub mod external;
pub mod extract;
mod files;
pub mod formats;
pub(crate) mod gazetteer;
pub mod golden;
pub(crate) mod guard;
pub mod harness;
pub mod html;
mod json_pieces;
pub mod offsets;
mod output;
pub mod prediction;
pub(crate) mod prediction_check;
mod problem;
pub mod report;
pub mod runner;
pub mod schema;
pub mod score;
pub mod shard;
pub mod stats;
pub mod stream;
pub(crate) mod strict_json;
pub mod synth;
pub mod testing;
pub mod text;
pub(crate) mod throughput;
pub(crate) mod units;
pub mod validate;

pub use error::{Error, ExtractError, Result};
pub use harness::{Evaluation, Harness};
pub use score::MetricId;
