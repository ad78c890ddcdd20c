//! Entity extractors.

pub mod capitalized;
pub mod gazetteer;
