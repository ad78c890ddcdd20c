//! Answers kept on disk, so that a rerun over an unchanged corpus does not
//! run the model again.
//!
//! An entry is keyed by the extractor's id, the `extractor_version` of its
//! hello, its whole configuration (command, cwd, env, label map and its
//! contents) and the document's SHA-256: change any of them and the entry
//! is not found. Entries hold the prediction in byte offsets, already
//! converted; they are written to a temporary file and renamed, so a run
//! that is killed leaves no half-written entry. An unreadable entry is a
//! miss, never an error.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::corpus::Document;
use crate::prediction::Prediction;

/// The cache directory used when none is given.
pub const DEFAULT_CACHE_DIR: &str = ".wirebench-cache";

/// One extractor's corner of the cache.
#[derive(Debug, Clone)]
pub(crate) struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The entries of the extractor whose identity (id, version,
    /// configuration) serialises to `identity`, under `root`.
    pub(crate) fn new(root: &Path, id: &str, identity: &str) -> Cache {
        let key = hex(&Sha256::digest(identity.as_bytes()));
        Cache {
            dir: root.join(id.replace('/', "-")).join(&key[..16]),
        }
    }

    fn entry(&self, doc: &Document) -> PathBuf {
        self.dir.join(format!(
            "{}.json",
            crate::corpus::sha256_hex(doc.text.as_bytes())
        ))
    }

    /// The cached prediction for this document's text, if any.
    pub(crate) fn get(&self, doc: &Document) -> Option<Prediction> {
        let bytes = std::fs::read(self.entry(doc)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Stores a prediction; a failure to write only costs a rerun.
    pub(crate) fn put(&self, doc: &Document, prediction: &Prediction) {
        let path = self.entry(doc);
        let Ok(json) = serde_json::to_vec(prediction) else {
            return;
        };
        let temporary = path.with_extension(format!("{}.tmp", std::process::id()));
        let written = std::fs::create_dir_all(&self.dir)
            .and_then(|()| std::fs::write(&temporary, json))
            .and_then(|()| std::fs::rename(&temporary, &path));
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
