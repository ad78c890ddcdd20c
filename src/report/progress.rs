//! Progress hooks for long runs.
//!
//! Every hook defaults to doing nothing, so a reporter implements only what
//! it shows. Hooks take `&self` because documents finish on many threads.

use indicatif::{ProgressBar, ProgressStyle};

use crate::runner::Timing;

/// Told what a run is doing as it happens.
pub trait Reporter: Sync {
    /// An extractor is about to run over `documents` documents.
    fn extractor_started(&self, _extractor: &str, _documents: usize) {}
    /// One document is done (on any thread).
    fn document_finished(&self, _extractor: &str) {}
    /// The extractor is done with every document.
    fn extractor_finished(&self, _extractor: &str, _timing: &Timing) {}
}

/// A reporter that shows nothing.
pub struct Silent;

impl Reporter for Silent {}

/// A progress bar on stderr, one per extractor.
pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    /// A bar drawn on stderr.
    pub fn new() -> Self {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{prefix:>24} [{bar:30}] {pos}/{len} documents")
                .expect("valid template")
                .progress_chars("=> "),
        );
        Bar { bar }
    }
}

impl Default for Bar {
    fn default() -> Self {
        Self::new()
    }
}

impl Reporter for Bar {
    fn extractor_started(&self, extractor: &str, documents: usize) {
        self.bar.reset();
        self.bar.set_length(documents as u64);
        self.bar.set_prefix(extractor.to_owned());
    }

    fn document_finished(&self, _extractor: &str) {
        self.bar.inc(1);
    }

    fn extractor_finished(&self, _extractor: &str, _timing: &Timing) {
        self.bar.finish_and_clear();
    }
}
