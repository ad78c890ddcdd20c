//! Number extractors.

pub mod digits;
pub mod normalized;
