//! Quote extractors.

pub mod marks;
