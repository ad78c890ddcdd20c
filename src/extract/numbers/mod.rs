//! Number extractors.

pub mod digits;
