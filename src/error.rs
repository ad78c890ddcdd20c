//! The library's error type.
//!
//! Every variant names the file it is about, and the document and span where
//! there is one, so that a message printed as-is tells the user where to look.

use std::path::PathBuf;

use crate::validate::Problem;

/// Everything that can stop a wirebench command before it produces a report.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },

    /// A JSON file is not well-formed JSON, or does not have the expected shape.
    #[error("{path}: {message}")]
    Json {
        /// The JSON file.
        path: PathBuf,
        /// Line, column or JSON path, and the reason.
        message: String,
    },

    /// The corpus or golden directory has problems; `wirebench validate` lists them.
    #[error("{} problem(s) in the corpus or golden files:\n{}", problems.len(), render_problems(problems))]
    Invalid {
        /// Every problem found, in file order.
        problems: Vec<Problem>,
    },

    /// A line of a predictions file is malformed or does not fit its document.
    #[error("{path}:{line}: {message}")]
    PredictionsLine {
        /// The predictions file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong, naming the document and span where there is one.
        message: String,
    },

    /// A golden file could not be anchored: its text is missing or ambiguous in the document.
    #[error("{path}: {json_path}: {message}")]
    Anchor {
        /// The golden file.
        path: PathBuf,
        /// Where in the file, e.g. `quotes[3]`.
        json_path: String,
        /// Why the text could not be placed.
        message: String,
    },

    /// An extractor id was asked for that the registry does not hold.
    #[error("unknown extractor `{id}`; known: {known}")]
    UnknownExtractor {
        /// The id asked for.
        id: String,
        /// The registry's ids, comma-separated.
        known: String,
    },

    /// Two predictions files name the same extractor, so their reports would collide.
    #[error("{path}: extractor `{extractor}` is already given by another predictions file")]
    DuplicateExtractor {
        /// The second file naming it.
        path: PathBuf,
        /// The extractor name.
        extractor: String,
    },
}

fn render_problems(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// An extractor's own failure on one document; the runner counts the document as failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ExtractError(pub String);

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
