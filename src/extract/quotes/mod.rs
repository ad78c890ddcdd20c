//! Quote extractors.

pub mod attributed;
pub mod marks;
