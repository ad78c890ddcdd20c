//! Progress shown during long runs: an indicatif bar behind the runner's
//! [`Reporter`] hooks.

use indicatif::{ProgressBar, ProgressStyle};

use crate::runner::Timing;

pub use crate::runner::{Reporter, Silent};

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
