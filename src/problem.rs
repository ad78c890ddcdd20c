//! One problem found in a corpus or golden file, named precisely enough to
//! fix: file, document, JSON path and span.

use std::fmt;
use std::path::PathBuf;

/// One thing wrong with a corpus or golden file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file at fault.
    pub file: PathBuf,
    /// The document concerned, where known.
    pub doc: Option<String>,
    /// JSON path inside the file, e.g. `quotes[3].speaker`.
    pub path: Option<String>,
    /// The span concerned, in the file's own offsets (code points).
    pub span: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(doc) = &self.doc {
            write!(f, ": document {doc}")?;
        }
        if let Some(path) = &self.path {
            write!(f, ": {path}")?;
        }
        if let Some((start, end)) = self.span {
            write!(f, ": span {start}..{end}")?;
        }
        write!(f, ": {}", self.message)
    }
}
