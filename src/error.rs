//! The library's error type.
//!
//! Every variant names the file it is about, and the document and span where
//! there is one, so that a message printed as-is tells the user where to look.

use std::path::PathBuf;

use crate::prediction::PredictionProblem;
use crate::problem::Problem;

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
        /// The parser's error, where there is one.
        #[source]
        source: Option<serde_json::Error>,
    },

    /// An annotation file in another format (brat, CoNLL, JSON Lines, Label
    /// Studio) cannot be read or converted; the message names the document and line or span.
    #[error("{path}: {message}")]
    Format {
        /// The file or directory.
        path: PathBuf,
        /// Where in it, and the reason.
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

    /// Predicted items that cannot be right: values of the wrong JSON type,
    /// malformed dates, units off the closed lists, speaker offsets not in
    /// pairs, unknown labels. Scoring them leniently makes them warnings.
    #[error("{} problem(s) in the predictions (score them leniently, `--lenient`, to count them as wrong):\n{}", problems.len(), render_problems(problems))]
    PredictionItems {
        /// Every problem, by file and line.
        problems: Vec<PredictionProblem>,
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

    /// An extractor was registered under an id the registry already holds.
    #[error("an extractor with id `{id}` is already registered")]
    DuplicateRegistration {
        /// The id.
        id: String,
    },

    /// An extractor's id is empty or has white space.
    #[error("extractor id `{id}` is empty or has white space; use <family>/<name>")]
    BadExtractorId {
        /// The id.
        id: String,
    },

    /// An output path is one of the command's inputs, or lies in an input directory.
    #[error("{output}: refusing to write over an input ({input}); choose another output path")]
    OutputIsInput {
        /// The output asked for.
        output: PathBuf,
        /// The input file or directory it would overwrite.
        input: PathBuf,
    },

    /// Two predictions files name the same extractor, so their reports would collide.
    #[error("{path}: extractor `{extractor}` is already given by another predictions file")]
    DuplicateExtractor {
        /// The second file naming it.
        path: PathBuf,
        /// The extractor name.
        extractor: String,
    },

    /// Shard reports that cannot be joined into the report of one run.
    #[error("{path}: cannot merge: {message}")]
    Merge {
        /// The report at fault (or the first one).
        path: PathBuf,
        /// What does not fit.
        message: String,
    },
}

fn render_problems(problems: &[impl std::fmt::Display]) -> String {
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

/// An extractor's own failure on one document (or in `prepare`); the runner
/// counts the document as failed and reports the message with its causes.
///
/// Any error converts into it, so `?` works inside
/// [`Extractor::extract`](crate::extract::Extractor::extract):
///
/// ```
/// use wirebench::ExtractError;
///
/// fn load() -> Result<u32, ExtractError> {
///     let n: u32 = "12x".parse()?;
///     Ok(n)
/// }
/// let err = load().unwrap_err();
/// assert_eq!(err.to_string(), "invalid digit found in string");
/// assert!(err.source().is_some());
/// assert_eq!(ExtractError::msg("model unavailable").to_string(), "model unavailable");
/// ```
pub struct ExtractError {
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl ExtractError {
    /// An error with a message and no underlying cause.
    pub fn msg(message: impl Into<String>) -> Self {
        ExtractError {
            message: message.into(),
            source: None,
        }
    }

    /// An error with a message of its own over an underlying cause.
    pub fn context(
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        ExtractError {
            message: message.into(),
            source: Some(Box::new(source)),
        }
    }

    /// The underlying cause, when there is one.
    pub fn source(&self) -> Option<&(dyn std::error::Error + Send + Sync + 'static)> {
        self.source.as_deref()
    }
}

impl<E: std::error::Error + Send + Sync + 'static> From<E> for ExtractError {
    fn from(error: E) -> Self {
        ExtractError {
            message: error.to_string(),
            source: Some(Box::new(error)),
        }
    }
}

/// The message, then each cause that adds something (`loading model: file not found`).
impl std::fmt::Display for ExtractError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        let mut last = self.message.clone();
        let mut cause: Option<&(dyn std::error::Error + 'static)> = match &self.source {
            Some(s) => Some(s.as_ref()),
            None => None,
        };
        while let Some(c) = cause {
            let text = c.to_string();
            if text != last {
                write!(f, ": {text}")?;
                last = text;
            }
            cause = c.source();
        }
        Ok(())
    }
}

impl std::fmt::Debug for ExtractError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExtractError")
            .field("message", &self.message)
            .field("source", &self.source)
            .finish()
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
