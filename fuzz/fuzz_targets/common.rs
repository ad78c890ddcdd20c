//! A corpus of one document (`tests/fixtures/valid`) in a temporary directory,
//! made once per fuzzing process; targets overwrite one of its files.
#![allow(dead_code)] // each target uses part of it

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub struct Sandbox {
    _dir: tempfile::TempDir,
    pub corpus: PathBuf,
    pub golden: PathBuf,
}

pub fn sandbox() -> &'static Sandbox {
    static SANDBOX: OnceLock<Sandbox> = OnceLock::new();
    SANDBOX.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/valid");
        let (corpus, golden) = (dir.path().join("corpus"), dir.path().join("golden"));
        for (from, to) in [("corpus", &corpus), ("golden", &golden)] {
            std::fs::create_dir(to).unwrap();
            for entry in std::fs::read_dir(fixture.join(from)).unwrap() {
                let entry = entry.unwrap();
                std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
            }
        }
        Sandbox {
            _dir: dir,
            corpus,
            golden,
        }
    })
}

/// Every span lies inside `text` on character boundaries, start before end.
pub fn assert_spans_fit(text: &str, spans: impl IntoIterator<Item = (usize, usize)>) {
    for (start, end) in spans {
        assert!(
            start <= end && end <= text.len(),
            "{start}..{end} of {}",
            text.len()
        );
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
    }
}
