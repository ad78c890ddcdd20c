//! Entity extractors.

pub mod capitalized;
