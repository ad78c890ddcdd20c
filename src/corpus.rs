//! Documents, the manifest that describes them, and the dataset of documents
//! with their golden annotations.
//!
//! A [`Dataset`] only exists once every file behind it has passed
//! [`crate::validate`]: the runner and the scorer never see a span outside its
//! text or a speaker that names nothing.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::golden::GoldenFile;
use crate::offsets::OffsetMap;
use crate::schema::{EntityType, Layer};

/// Which half of the corpus a document belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    /// For developing and tuning extractors.
    Dev,
    /// For reporting; never tuned on.
    Test,
}

impl Split {
    /// The split's name.
    pub fn name(self) -> &'static str {
        match self {
            Split::Dev => "dev",
            Split::Test => "test",
        }
    }
}

/// What the manifest records about one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestEntry {
    /// Document id: `[a-z0-9][a-z0-9-]*`, also the file stem.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Publication date, `YYYY-MM-DD`.
    pub date: String,
    /// Who published it.
    pub source: String,
    /// Under what licence it is redistributed.
    pub licence: String,
    /// `seed`, `original`, or free text for an imported corpus.
    pub provenance: String,
    /// Hex SHA-256 of the text file's bytes.
    pub sha256: String,
    /// Subject area, e.g. `politics`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// Continent or region of the dateline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// `dev` or `test`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split: Option<Split>,
    /// Phenomena the document shows that cannot be read off its golden file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phenomena: Vec<String>,
    /// The article's form, e.g. `brief`, `feature`, `obituary`, `live-blog`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    /// The house style it is written in, e.g. `ap`, `british-agency`, `wiki-news`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<String>,
}

/// What a corpus annotates, as its manifest declares it: the entity types its
/// golden files may use and the layers they hold.
///
/// A corpus brought from elsewhere (CoNLL's PER/LOC/ORG/MISC, an entities-only
/// brat project) declares its own; the default is the eleven OntoNotes types
/// and all three layers. Validation, scoring and label maps read this, so an
/// undeclared layer is neither required nor scored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Declared {
    /// The entity types golden files may use.
    pub entity_types: Vec<EntityType>,
    /// The layers golden files hold.
    pub layers: Vec<Layer>,
}

impl Default for Declared {
    fn default() -> Self {
        Declared {
            entity_types: EntityType::ALL.to_vec(),
            layers: Layer::ALL.to_vec(),
        }
    }
}

impl Declared {
    /// Whether golden files hold this layer.
    pub fn has_layer(&self, layer: Layer) -> bool {
        self.layers.contains(&layer)
    }
}

/// A whole `manifest.json`: the declarations and the documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Entity types, when the corpus has its own (default: OntoNotes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_types: Option<Vec<EntityType>>,
    /// Annotated layers, when not all three.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layers: Option<Vec<Layer>>,
    /// One entry per document.
    pub documents: Vec<ManifestEntry>,
}

/// One article as extractors see it.
#[derive(Debug, Clone)]
pub struct Document {
    /// Document id.
    pub id: String,
    /// The text exactly as stored.
    pub text: String,
    /// Its manifest entry.
    pub meta: ManifestEntry,
    /// Offset conversion for this text.
    pub offsets: OffsetMap,
}

impl Document {
    /// A document from its id and text, with a minimal manifest entry (for
    /// tests, benchmarks and library users who bring their own text).
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        let id = id.into();
        let text = text.into();
        let meta = ManifestEntry {
            id: id.clone(),
            title: String::new(),
            date: String::new(),
            source: String::new(),
            licence: String::new(),
            provenance: String::new(),
            sha256: sha256_hex(text.as_bytes()),
            topic: None,
            form: None,
            style: None,
            region: None,
            split: None,
            phenomena: Vec::new(),
        };
        Self::with_meta(text, meta)
    }

    /// A document with its manifest entry; the id is taken from the entry.
    pub fn with_meta(text: String, meta: ManifestEntry) -> Self {
        Document {
            id: meta.id.clone(),
            offsets: OffsetMap::new(&text),
            text,
            meta,
        }
    }
}

/// Where the corpus and golden files of a [`Dataset`] came from, and their hashes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// Number of documents.
    pub documents: usize,
    /// SHA-256 over every document id and text hash, in id order.
    pub corpus: String,
    /// SHA-256 over every golden file's bytes, in id order.
    pub golden: String,
}

/// Where a corpus and its golden files are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The corpus and golden files compiled into the library.
    Bundled,
    /// A corpus directory (`manifest.json`, `<id>.txt`) and its golden directory (`<id>.json`).
    Dirs {
        /// The corpus directory.
        corpus: PathBuf,
        /// The golden directory.
        golden: PathBuf,
    },
}

impl Source {
    /// A corpus directory with its golden directory.
    pub fn dirs(corpus: impl AsRef<Path>, golden: impl AsRef<Path>) -> Self {
        Source::Dirs {
            corpus: corpus.as_ref().to_path_buf(),
            golden: golden.as_ref().to_path_buf(),
        }
    }

    /// How the source reads in messages.
    pub fn describe(&self) -> String {
        match self {
            Source::Bundled => "the bundled corpus".into(),
            Source::Dirs { corpus, golden } => {
                format!("{} with {}", corpus.display(), golden.display())
            }
        }
    }
}

/// Validated documents with their golden annotations (byte offsets), in id order.
///
/// Only validation builds one ([`Dataset::load`], [`Dataset::bundled`]), and
/// its fields are read through accessors, so a dataset always holds what its
/// fingerprint says. [`Dataset::subset`] selects documents and recomputes it.
#[derive(Debug, Clone)]
pub struct Dataset {
    source: Source,
    declared: Declared,
    documents: Vec<Document>,
    gold: Vec<GoldenFile>,
    /// Per document, the SHA-256 of its golden file's bytes.
    golden_hashes: Vec<String>,
    fingerprint: Fingerprint,
}

impl Dataset {
    /// A dataset of validated documents and golden files (`golden_hashes[i]`
    /// hashes the golden file of `documents[i]`), with its fingerprint.
    pub(crate) fn new(
        source: Source,
        declared: Declared,
        documents: Vec<Document>,
        gold: Vec<GoldenFile>,
        golden_hashes: Vec<String>,
    ) -> Self {
        let fingerprint = Fingerprint::of(&documents, &golden_hashes);
        Dataset {
            source,
            declared,
            documents,
            gold,
            golden_hashes,
            fingerprint,
        }
    }

    /// Where it was read from.
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// The entity types and layers the manifest declares.
    pub fn declared(&self) -> &Declared {
        &self.declared
    }

    /// Documents, sorted by id.
    pub fn documents(&self) -> &[Document] {
        &self.documents
    }

    /// `gold()[i]` annotates `documents()[i]`, with byte offsets.
    pub fn gold(&self) -> &[GoldenFile] {
        &self.gold
    }

    /// Hashes identifying this exact set of documents and annotations.
    pub fn fingerprint(&self) -> &Fingerprint {
        &self.fingerprint
    }

    /// The documents for which `keep` is true, with a fingerprint of their own.
    ///
    /// ```
    /// use wirebench::corpus::{Dataset, Split};
    ///
    /// let all = Dataset::bundled().unwrap();
    /// let test = all.subset(|doc| doc.meta.split == Some(Split::Test));
    /// assert!(test.documents().len() < all.documents().len());
    /// assert_ne!(test.fingerprint(), all.fingerprint());
    /// ```
    pub fn subset(&self, mut keep: impl FnMut(&Document) -> bool) -> Dataset {
        let mut documents = Vec::new();
        let mut gold = Vec::new();
        let mut hashes = Vec::new();
        for ((doc, g), h) in self
            .documents
            .iter()
            .zip(&self.gold)
            .zip(&self.golden_hashes)
        {
            if keep(doc) {
                documents.push(doc.clone());
                gold.push(g.clone());
                hashes.push(h.clone());
            }
        }
        Dataset::new(
            self.source.clone(),
            self.declared.clone(),
            documents,
            gold,
            hashes,
        )
    }

    /// The index of the document with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.documents
            .binary_search_by(|d| d.id.as_str().cmp(id))
            .ok()
    }

    /// Total bytes of text.
    pub fn total_bytes(&self) -> usize {
        self.documents.iter().map(|d| d.text.len()).sum()
    }
}

impl Fingerprint {
    fn of(documents: &[Document], golden_hashes: &[String]) -> Self {
        let corpus_lines: Vec<String> = documents
            .iter()
            .map(|d| format!("{}\0{}", d.id, sha256_hex(d.text.as_bytes())))
            .collect();
        let golden_lines: Vec<String> = documents
            .iter()
            .zip(golden_hashes)
            .map(|(d, h)| format!("{}\0{h}", d.id))
            .collect();
        Fingerprint {
            documents: documents.len(),
            corpus: sha256_hex(corpus_lines.join("\n").as_bytes()),
            golden: sha256_hex(golden_lines.join("\n").as_bytes()),
        }
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(64);
    for b in Sha256::digest(bytes) {
        hex.push(char::from(HEX[usize::from(b >> 4)]));
        hex.push(char::from(HEX[usize::from(b & 15)]));
    }
    hex
}

/// Whether `id` is a valid document or entity id: `[a-z0-9][a-z0-9-]*`.
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_hex_is_the_lower_case_digest() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
