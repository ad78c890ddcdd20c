//! Checks a corpus and its golden files, listing every problem found.
//!
//! Validation and loading are one pass: [`check`] returns the documents and
//! annotations that passed together with every problem, so `wirebench validate`
//! and [`crate::corpus::Dataset::load`] can never disagree on what is valid.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::corpus::{is_valid_id, sha256_hex, Dataset, Declared, Document, ManifestEntry, Source};
use crate::error::{Error, Result};
use crate::files::Folder;
use crate::golden::{GoldEntity, GoldNumber, GoldQuote, GoldenFile};
use crate::json_pieces::{self, Pieces};
use crate::offsets::{OffsetMap, OffsetUnit};
use crate::schema::{EntityType, Layer, NumberKind, NumberValue};
use crate::units;

pub use crate::problem::Problem;

/// What [`check`] found: the valid part of the dataset and every problem.
#[derive(Debug)]
pub struct Checked {
    /// Documents whose text and golden file passed every check.
    pub dataset: Dataset,
    /// Every problem, in the order files were checked.
    pub problems: Vec<Problem>,
}

/// Checks a corpus and its golden files.
pub fn check(source: &Source) -> Checked {
    check_golden_subset(source, false)
}

impl Dataset {
    /// Loads and validates a corpus and its golden files; any problem is an
    /// [`Error::Invalid`] listing all of them.
    ///
    /// ```
    /// use wirebench::corpus::{Dataset, Source};
    ///
    /// let dataset = Dataset::load(&Source::Bundled).unwrap();
    /// assert!(dataset.documents().len() >= 33);
    /// ```
    pub fn load(source: &Source) -> Result<Dataset> {
        let checked = check(source);
        if checked.problems.is_empty() {
            Ok(checked.dataset)
        } else {
            Err(Error::Invalid {
                problems: checked.problems,
            })
        }
    }

    /// The bundled corpus with its golden files.
    pub fn bundled() -> Result<Dataset> {
        Dataset::load(&Source::Bundled)
    }

    /// A corpus directory with its golden directory.
    pub fn from_dirs(corpus: impl AsRef<Path>, golden: impl AsRef<Path>) -> Result<Dataset> {
        Dataset::load(&Source::dirs(corpus, golden))
    }
}

/// A document, its golden file with the file's hash when it had no problem, and its problems.
type CheckedDocument = (Document, Option<(GoldenFile, String)>, Vec<Problem>);

/// Which documents a golden folder must annotate.
///
/// `check` requires every document; `agree` compares second annotations
/// that cover a few documents, so it passes `partial = true` and gets the
/// documents that have a golden file, without a problem for the others.
pub fn check_golden_subset(source: &Source, partial: bool) -> Checked {
    let layout = Layout::read(source);
    let read: Vec<(Option<Document>, Vec<Problem>)> = layout
        .entries
        .par_iter()
        .map(|(entry, found)| {
            let mut found = found.clone();
            let doc = entry
                .as_ref()
                .and_then(|entry| layout.read_document(entry, &mut found));
            (doc, found)
        })
        .collect();
    let mut problems = layout.head.clone();
    let mut documents = Vec::new();
    for (doc, found) in read {
        problems.extend(found);
        documents.extend(doc);
    }
    documents.sort_by(|a, b| a.id.cmp(&b.id));
    problems.extend(layout.strays.iter().cloned());

    // Golden files read and checked in parallel, kept in document order.
    let checked: Vec<CheckedDocument> = documents
        .into_par_iter()
        .map(|doc| {
            let mut found = Vec::new();
            let golden = layout.check_golden(&doc, partial, &mut found);
            (doc, golden, found)
        })
        .collect();
    let mut kept = Vec::new();
    let mut gold = Vec::new();
    let mut golden_hashes = Vec::new();
    for (doc, golden, found) in checked {
        problems.extend(found);
        if let Some((golden, hash)) = golden {
            golden_hashes.push(hash);
            gold.push(golden);
            kept.push(doc);
        }
    }

    Checked {
        dataset: Dataset::new(source.clone(), layout.declared, kept, gold, golden_hashes),
        problems,
    }
}

/// What validation finds before reading any text: the manifest and its
/// entries checked, and the files no entry lists. [`check`] then reads every
/// text and golden file at once; a streamed run (`crate::stream`) reads them
/// batch by batch and puts the problems in the same order.
pub(crate) struct Layout<'a> {
    corpus: Folder<'a>,
    golden: Folder<'a>,
    /// What the manifest declares.
    pub(crate) declared: Declared,
    /// The manifest's own problems, first in the list.
    pub(crate) head: Vec<Problem>,
    /// Per manifest entry, in manifest order: the entry when its text is to
    /// be read, and the entry's problems (its text's come after them).
    pub(crate) entries: Vec<(Option<Entry>, Vec<Problem>)>,
    /// Texts and golden files that no entry lists: after every entry's problems.
    pub(crate) strays: Vec<Problem>,
    /// Where the entries wait for their documents to be read.
    kept: KeptEntries,
}

/// A manifest entry whose text is to be read: its id, and the entry itself
/// in the layout's temporary file, so that a manifest of a million
/// documents is not held in memory (see [`Layout::read_document`]).
pub(crate) struct Entry {
    /// The document id.
    pub(crate) id: String,
    kept: Kept,
}

enum Kept {
    /// Bytes `.1` at offset `.0` of the temporary file (the entry in JSON).
    Written(u64, u32),
    /// In memory, when the temporary file could not be written.
    Held(Box<ManifestEntry>),
}

/// The temporary file of a layout's entries: written as the manifest is
/// parsed, then read back one entry at a time.
#[derive(Default)]
struct KeptEntries {
    out: Option<std::io::BufWriter<std::fs::File>>,
    file: Option<std::sync::Mutex<std::fs::File>>,
    end: u64,
}

impl KeptEntries {
    fn new() -> KeptEntries {
        KeptEntries {
            out: tempfile::tempfile().ok().map(std::io::BufWriter::new),
            ..KeptEntries::default()
        }
    }

    /// Keeps `entry`, whose JSON is `raw` when the parse has it at hand.
    fn keep(&mut self, entry: ManifestEntry, raw: Option<&[u8]>) -> Kept {
        use std::io::Write;
        if let Some(out) = self.out.as_mut() {
            let bytes = match raw {
                Some(raw) => std::borrow::Cow::Borrowed(raw),
                None => serde_json::to_vec(&entry)
                    .expect("an entry serialises")
                    .into(),
            };
            match (out.write_all(&bytes), u32::try_from(bytes.len())) {
                (Ok(()), Ok(len)) => {
                    let at = self.end;
                    self.end += u64::from(len);
                    return Kept::Written(at, len);
                }
                _ => self.out = None,
            }
        }
        Kept::Held(Box::new(entry))
    }

    /// Done writing: the file is read from now on.
    fn close(&mut self) {
        if let Some(out) = self.out.take() {
            // A failed flush shows when an entry is read back.
            self.file = out.into_inner().ok().map(std::sync::Mutex::new);
        }
    }

    fn load(&self, kept: &Kept) -> std::io::Result<ManifestEntry> {
        use std::io::{Read, Seek, SeekFrom};
        let (at, len) = match kept {
            Kept::Held(entry) => return Ok((**entry).clone()),
            Kept::Written(at, len) => (*at, *len),
        };
        let mut bytes = vec![0; len as usize];
        {
            let Some(file) = self.file.as_ref() else {
                return Err(std::io::Error::other("the file was not written"));
            };
            let mut file = file.lock().unwrap_or_else(|e| e.into_inner());
            file.seek(SeekFrom::Start(at))?;
            file.read_exact(&mut bytes)?;
        }
        serde_json::from_slice(&bytes).map_err(std::io::Error::other)
    }
}

/// The entries of a manifest as its parse gives them, checked one by one.
struct Taking<'p> {
    manifest: &'p Path,
    seen_ids: HashSet<String>,
    entries: Vec<(Option<Entry>, Vec<Problem>)>,
    kept: KeptEntries,
}

impl Taking<'_> {
    /// Checks the next entry (at JSON path `path`, its JSON `raw` when the
    /// parse has it) and keeps it when its text is to be read.
    fn take(&mut self, entry: ManifestEntry, raw: Option<&[u8]>, path: String) {
        let manifest = self.manifest;
        let mut found = Vec::new();
        if !is_valid_id(&entry.id) {
            found.push(problem(
                manifest,
                Some(&entry.id),
                Some(path),
                None,
                "document id must match [a-z0-9][a-z0-9-]*",
            ));
            self.entries.push((None, found));
            return;
        }
        if !self.seen_ids.insert(entry.id.clone()) {
            found.push(problem(
                manifest,
                Some(&entry.id),
                Some(path),
                None,
                "duplicate document id in the manifest",
            ));
            self.entries.push((None, found));
            return;
        }
        if !is_iso_date(&entry.date) {
            found.push(problem(
                manifest,
                Some(&entry.id),
                Some(format!("{path}.date")),
                None,
                format!("date `{}` is not YYYY-MM-DD", entry.date),
            ));
        }
        let id = entry.id.clone();
        let kept = self.kept.keep(entry, raw);
        self.entries.push((Some(Entry { id, kept }), found));
    }

    /// Forgets every entry taken (a manifest read again by the reporting parse).
    fn restart(&mut self) {
        self.seen_ids.clear();
        self.entries.clear();
        self.kept = KeptEntries::new();
    }
}

impl<'a> Layout<'a> {
    /// Reads the manifest of `source` and checks its entries, then lists the
    /// folders for files no entry names.
    pub(crate) fn read(source: &'a Source) -> Layout<'a> {
        let (corpus, golden) = match source {
            Source::Bundled => (Folder::bundled_corpus(), Folder::bundled_golden()),
            Source::Dirs { corpus, golden } => (Folder::Disk(corpus), Folder::Disk(golden)),
        };
        let mut head = Vec::new();
        let manifest = corpus.path("manifest.json");
        let mut taking = Taking {
            manifest: &manifest,
            seen_ids: HashSet::new(),
            entries: Vec::new(),
            kept: KeptEntries::new(),
        };
        // The folders are listed while the manifest is read.
        let listing = |dir: &Folder, extension: &str| {
            let mut problems = Vec::new();
            (
                files_with_extension(dir, extension, &mut problems),
                problems,
            )
        };
        let ((listed_ids, declared), (texts, goldens)) = rayon::join(
            || read_manifest(&corpus, &mut head, &mut taking),
            || rayon::join(|| listing(&corpus, "txt"), || listing(&golden, "json")),
        );
        let Taking {
            entries, mut kept, ..
        } = taking;
        kept.close();
        let mut strays = texts.1;
        for stray in texts.0 {
            if !listed_ids.contains(&stray) {
                strays.push(problem(
                    &corpus.path(&format!("{stray}.txt")),
                    Some(&stray),
                    None,
                    None,
                    "document has no entry in manifest.json",
                ));
            }
        }
        strays.extend(goldens.1);
        for stray in goldens.0 {
            if !listed_ids.contains(&stray) {
                strays.push(problem(
                    &golden.path(&format!("{stray}.json")),
                    Some(&stray),
                    None,
                    None,
                    "golden file has no document in the manifest",
                ));
            }
        }
        Layout {
            corpus,
            golden,
            declared,
            head,
            entries,
            strays,
            kept,
        }
    }

    /// The size in bytes of entry `i`'s text file, 0 when unknown.
    pub(crate) fn text_size(&self, i: usize) -> usize {
        let Some(entry) = &self.entries[i].0 else {
            return 0;
        };
        self.corpus.size(&format!("{}.txt", entry.id)).unwrap_or(0) as usize
    }

    /// Reads and checks the text of an entry (its hash against the manifest).
    pub(crate) fn read_document(
        &self,
        entry: &Entry,
        problems: &mut Vec<Problem>,
    ) -> Option<Document> {
        let entry = match self.kept.load(&entry.kept) {
            Ok(entry) => entry,
            Err(e) => {
                problems.push(problem(
                    &self.corpus.path("manifest.json"),
                    Some(&entry.id),
                    None,
                    None,
                    format!("cannot read the entry back from its temporary file: {e}"),
                ));
                return None;
            }
        };
        read_text(&self.corpus, &entry, problems).map(|text| Document::with_meta(text, entry))
    }

    /// Reads and checks a document's golden file: the annotations in byte
    /// offsets with the file's hash when it has no problem.
    pub(crate) fn check_golden(
        &self,
        doc: &Document,
        partial: bool,
        problems: &mut Vec<Problem>,
    ) -> Option<(GoldenFile, String)> {
        check_document_golden(
            &self.corpus,
            &self.golden,
            doc,
            &self.declared,
            partial,
            problems,
        )
    }
}

/// Reads and checks one document's golden file: the annotations in byte
/// offsets with the file's hash when it has no problem.
fn check_document_golden(
    corpus_dir: &Folder,
    golden_dir: &Folder,
    doc: &Document,
    declared: &Declared,
    partial: bool,
    problems: &mut Vec<Problem>,
) -> Option<(GoldenFile, String)> {
    let name = format!("{}.json", doc.id);
    let path = golden_dir.path(&name);
    let bytes = match golden_dir.read(&name) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            problems.push(problem(
                &path,
                Some(&doc.id),
                None,
                None,
                format!("cannot read the golden file: {e}"),
            ));
            return None;
        }
        Err(_) if partial => return None,
        Err(_) => {
            problems.push(problem(
                &corpus_dir.path(&format!("{}.txt", doc.id)),
                Some(&doc.id),
                None,
                None,
                format!("document has no golden file {}", path.display()),
            ));
            return None;
        }
    };
    let before = problems.len();
    let mut golden = check_golden(&path, doc, &bytes, declared, problems)?;
    if problems.len() != before {
        return None;
    }
    golden.to_byte_offsets(&doc.offsets);
    Some((golden, sha256_hex(&bytes)))
}

fn problem(
    file: &Path,
    doc: Option<&str>,
    path: Option<String>,
    span: Option<(usize, usize)>,
    message: impl Into<String>,
) -> Problem {
    Problem {
        file: file.to_path_buf(),
        doc: doc.map(str::to_owned),
        path,
        span,
        message: message.into(),
    }
}

/// Reads a JSON file into a value, reporting syntax errors with line and column.
pub(crate) fn read_json_value(bytes: &[u8]) -> Result<Value, String> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Err("file starts with a byte order mark; save it as UTF-8 without one".into());
    }
    let value = serde_json::from_slice(bytes).map_err(|e| {
        let full = e.to_string();
        let reason = full.split(" at line ").next().unwrap_or(&full);
        format!(
            "JSON syntax error at line {}, column {}: {reason}",
            e.line(),
            e.column()
        )
    })?;
    match crate::strict_json::duplicate_key(bytes) {
        Some(message) => Err(message),
        None => Ok(value),
    }
}

/// Deserialises one JSON value, naming the JSON path of the first error.
pub(crate) fn parse_at<T: DeserializeOwned>(
    value: &Value,
    prefix: &str,
) -> Result<T, (String, String)> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let inner = e.path().to_string();
        let path = match (prefix.is_empty(), inner.as_str()) {
            (_, ".") => prefix.to_owned(),
            (true, _) => inner,
            (false, _) => format!("{prefix}.{inner}"),
        };
        (path, e.into_inner().to_string())
    })
}

/// The manifest's well-formed entries with their JSON paths, every id it
/// lists (well-formed or not, so that one bad entry does not also make its
/// text and golden file look unlisted), and what it declares.
type ManifestRead = (Vec<(ManifestEntry, String)>, HashSet<String>, Declared);

/// Reads the manifest, giving its well-formed entries to `taking` as they
/// are parsed: every id it lists, and what it declares (see [`ManifestRead`]).
fn read_manifest(
    corpus_dir: &Folder,
    problems: &mut Vec<Problem>,
    taking: &mut Taking,
) -> (HashSet<String>, Declared) {
    let path = corpus_dir.path("manifest.json");
    if let Ok(reader) = corpus_dir.open("manifest.json") {
        let mut take = |entry, raw: &[u8], at| taking.take(entry, Some(raw), at);
        if let Some(read) = read_manifest_fast(reader, &path, problems, &mut take) {
            return read;
        }
        taking.restart();
    }
    let (entries, ids, declared) = match corpus_dir.read("manifest.json") {
        Ok(bytes) => read_manifest_reporting(Ok(&bytes), &path, problems),
        Err(e) => read_manifest_reporting(Err(format!("cannot read: {e}")), &path, problems),
    };
    for (entry, at) in entries {
        taking.take(entry, None, at);
    }
    (ids, declared)
}

/// Reads a manifest value by value, reporting every problem with its JSON path.
fn read_manifest_reporting(
    read: Result<&[u8], String>,
    path: &Path,
    problems: &mut Vec<Problem>,
) -> ManifestRead {
    let path = path.to_path_buf();
    let mut entries = Vec::new();
    let mut ids = HashSet::new();
    let mut declared = Declared::default();
    let value = match read.and_then(read_json_value) {
        Ok(v) => v,
        Err(message) => {
            problems.push(problem(&path, None, None, None, message));
            return (entries, ids, declared);
        }
    };
    let Some(object) = value.as_object() else {
        problems.push(problem(
            &path,
            None,
            None,
            None,
            "expected an object {\"documents\": [...]}",
        ));
        return (entries, ids, declared);
    };
    const KEYS: [&str; 3] = ["documents", "entity_types", "layers"];
    for key in object.keys().filter(|k| !KEYS.contains(&k.as_str())) {
        problems.push(problem(
            &path,
            None,
            Some(key.clone()),
            None,
            format!("unknown field `{key}`"),
        ));
    }
    let Some(items) = object.get("documents").and_then(Value::as_array) else {
        problems.push(problem(
            &path,
            None,
            Some("documents".into()),
            None,
            "missing or not a list",
        ));
        return (entries, ids, declared);
    };
    read_declared(object, &path, &mut declared, problems);
    for (i, item) in items.iter().enumerate() {
        let prefix = format!("documents[{i}]");
        let doc = item.get("id").and_then(Value::as_str);
        ids.extend(doc.map(str::to_owned));
        match parse_at::<ManifestEntry>(item, &prefix) {
            Ok(entry) => entries.push((entry, prefix)),
            Err((at, message)) => problems.push(problem(&path, doc, Some(at), None, message)),
        }
    }
    (entries, ids, declared)
}

/// One typed parse for a well-formed manifest, as it is read (neither the
/// file nor a JSON tree of a large corpus's every entry in memory): its
/// structure walked by [`Pieces`], each entry parsed from its own slice and
/// given to `take` with that slice (its id to the ids returned). `None` sends the manifest
/// to the reporting parse, which names every problem (the entries already
/// given to `take` are then to be forgotten). Both accept the same files:
/// the typed parse refuses unknown fields, a byte order mark and repeated
/// keys (the derived entry parser refuses repeated fields, the declarations
/// are read by [`crate::strict_json::Unique`]), and the declarations go
/// through the same checks. One pass over the file.
fn read_manifest_fast<R: std::io::Read>(
    reader: R,
    path: &Path,
    problems: &mut Vec<Problem>,
    take: &mut dyn FnMut(ManifestEntry, &[u8], String),
) -> Option<(HashSet<String>, Declared)> {
    let mut ids = HashSet::new();
    let (entity_types, layers) = walk_manifest(&mut Pieces::new(reader), &mut ids, take)?;
    let mut object = serde_json::Map::new();
    object.extend(entity_types.map(|v| ("entity_types".to_owned(), v)));
    object.extend(layers.map(|v| ("layers".to_owned(), v)));
    let mut declared = Declared::default();
    read_declared(&object, path, &mut declared, problems);
    Some((ids, declared))
}

/// How deep a value in the manifest's object may nest, and an entry in its
/// `documents` (as deep as serde_json parses the whole file).
const IN_MANIFEST: usize = json_pieces::MAX_DEPTH - 1;
const IN_DOCUMENTS: usize = json_pieces::MAX_DEPTH - 2;

/// The manifest's object: `documents` given to `take` entry by entry, and
/// `entity_types` and `layers` when present (`null` included). `None` for
/// anything else: not JSON, another field, a field twice, no `documents`.
fn walk_manifest<R: std::io::Read>(
    pieces: &mut Pieces<R>,
    ids: &mut HashSet<String>,
    take: &mut dyn FnMut(ManifestEntry, &[u8], String),
) -> Option<(Option<Value>, Option<Value>)> {
    let (mut documents, mut entity_types, mut layers) = (false, None, None);
    if !pieces.eat(b'{').ok()? {
        return None;
    }
    let mut more = !pieces.eat(b'}').ok()?;
    while more {
        let key: String = serde_json::from_slice(pieces.value(IN_MANIFEST).ok()??).ok()?;
        if !pieces.eat(b':').ok()? {
            return None;
        }
        match key.as_str() {
            "documents" if !documents => {
                documents = true;
                walk_documents(pieces, ids, take)?;
            }
            "entity_types" if entity_types.is_none() => {
                entity_types = Some(unique_value(pieces.value(IN_MANIFEST).ok()??)?)
            }
            "layers" if layers.is_none() => {
                layers = Some(unique_value(pieces.value(IN_MANIFEST).ok()??)?)
            }
            _ => return None,
        }
        more = pieces.eat(b',').ok()?;
        if !more && !pieces.eat(b'}').ok()? {
            return None;
        }
    }
    (documents && pieces.at_end().ok()?).then_some((entity_types, layers))
}

/// Entries cut from the manifest and parsed together, in parallel.
const PARSED_TOGETHER: usize = 1024;

/// The `documents` array of [`walk_manifest`], each entry parsed from its
/// slice (a run of entries at a time, in parallel), given to `take` in order.
fn walk_documents<R: std::io::Read>(
    pieces: &mut Pieces<R>,
    ids: &mut HashSet<String>,
    take: &mut dyn FnMut(ManifestEntry, &[u8], String),
) -> Option<()> {
    if !pieces.eat(b'[').ok()? {
        return None;
    }
    if pieces.eat(b']').ok()? {
        return Some(());
    }
    let mut more = true;
    let (mut cut, mut ends) = (Vec::new(), Vec::new());
    let mut i = 0;
    while more {
        cut.clear();
        ends.clear();
        while more && ends.len() < PARSED_TOGETHER {
            cut.extend_from_slice(pieces.value(IN_DOCUMENTS).ok()??);
            ends.push(cut.len());
            more = pieces.eat(b',').ok()?;
        }
        let slices: Vec<&[u8]> = std::iter::once(0)
            .chain(ends.iter().copied())
            .zip(&ends)
            .map(|(start, &end)| &cut[start..end])
            .collect();
        let entries: Vec<ManifestEntry> = slices
            .par_iter()
            .map(|raw| serde_json::from_slice(raw).ok())
            .collect::<Option<_>>()?;
        for (entry, raw) in entries.into_iter().zip(slices) {
            ids.insert(entry.id.clone());
            take(entry, raw, format!("documents[{i}]"));
            i += 1;
        }
    }
    pieces.eat(b']').ok()?.then_some(())
}

/// A JSON value with no key twice in any object, parsed from `bytes`.
fn unique_value(bytes: &[u8]) -> Option<Value> {
    use serde::de::DeserializeSeed;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = crate::strict_json::Unique.deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(value)
}

/// The manifest's `entity_types` and `layers`, when given, over the defaults.
fn read_declared(
    object: &serde_json::Map<String, Value>,
    path: &Path,
    declared: &mut Declared,
    problems: &mut Vec<Problem>,
) {
    let mut report = |at: String, message: String| {
        problems.push(problem(path, None, Some(at), None, message));
    };
    if let Some(value) = object.get("entity_types") {
        match value.as_array() {
            Some(items) if !items.is_empty() => {
                let mut types = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let at = format!("entity_types[{i}]");
                    match item.as_str().map(EntityType::declare) {
                        Some(Ok(ty)) if types.contains(&ty) => {
                            report(at, format!("`{ty}` is listed twice"))
                        }
                        Some(Ok(ty)) => types.push(ty),
                        Some(Err(message)) => report(at, message),
                        None => report(at, "expected a string".into()),
                    }
                }
                declared.entity_types = types;
            }
            _ => report(
                "entity_types".into(),
                "expected a non-empty list of type labels".into(),
            ),
        }
    }
    if let Some(value) = object.get("layers") {
        match parse_at::<Vec<Layer>>(value, "layers") {
            Ok(layers) if layers.is_empty() => {
                report("layers".into(), "declare at least one layer".into())
            }
            Ok(mut layers) => {
                layers.sort();
                layers.dedup();
                declared.layers = layers;
            }
            Err((at, message)) => report(at, message),
        }
    }
}

fn read_text(
    corpus_dir: &Folder,
    entry: &ManifestEntry,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    let name = format!("{}.txt", entry.id);
    let path = corpus_dir.path(&name);
    let doc = Some(entry.id.as_str());
    let bytes = match corpus_dir.read(&name) {
        Ok(bytes) => bytes.into_owned(),
        Err(e) => {
            problems.push(problem(
                &path,
                doc,
                None,
                None,
                format!("cannot read the document: {e}"),
            ));
            return None;
        }
    };
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        problems.push(problem(
            &path,
            doc,
            None,
            None,
            "file starts with a byte order mark; save it as UTF-8 without one",
        ));
        return None;
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            problems.push(problem(
                &path,
                doc,
                None,
                None,
                format!("not valid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
            ));
            return None;
        }
    };
    let actual = sha256_hex(text.as_bytes());
    if actual != entry.sha256 {
        problems.push(problem(
            &corpus_dir.path("manifest.json"),
            doc,
            Some("sha256".into()),
            None,
            format!(
                "manifest says sha256 {}, but {} hashes to {actual}",
                entry.sha256,
                path.display()
            ),
        ));
    }
    Some(text)
}

fn files_with_extension(dir: &Folder, extension: &str, problems: &mut Vec<Problem>) -> Vec<String> {
    dir.stems(extension).unwrap_or_else(|e| {
        problems.push(problem(
            &dir.root(),
            None,
            None,
            None,
            format!("cannot list the directory: {e}"),
        ));
        Vec::new()
    })
}

/// Checks one golden file's JSON against its document, returning it (code
/// point offsets) when it has the right shape.
fn check_golden(
    path: &Path,
    doc: &Document,
    bytes: &[u8],
    declared: &Declared,
    problems: &mut Vec<Problem>,
) -> Option<GoldenFile> {
    let mut report = |at: Option<String>, span: Option<(usize, usize)>, message: String| {
        problems.push(problem(path, Some(&doc.id), at, span, message));
    };
    let parsed = match parse_golden_fast(bytes, doc, declared) {
        Some(parsed) => parsed,
        None => parse_golden_reporting(doc, bytes, declared, &mut report)?,
    };
    let mut spans = SpanChecker::new(doc);
    check_entities(
        &parsed.entities,
        &declared.entity_types,
        &mut spans,
        &mut report,
    );
    let entity_ids: Vec<&str> = parsed.entity_ids.iter().map(String::as_str).collect();
    check_quotes(&parsed.quotes, &entity_ids, &mut spans, &mut report);
    check_numbers(&parsed.numbers, &mut spans, &mut report);

    parsed.complete.then(|| GoldenFile {
        doc: doc.id.clone(),
        notes: parsed.notes,
        entities: parsed.entities.into_iter().map(|(_, e)| e).collect(),
        quotes: parsed.quotes.into_iter().map(|(_, q)| q).collect(),
        numbers: parsed.numbers.into_iter().map(|(_, n)| n).collect(),
    })
}

/// A golden file's items, each with its JSON path, before the checks of
/// spans, ids and values.
struct Parsed {
    notes: Vec<String>,
    entities: Vec<(At, GoldEntity)>,
    quotes: Vec<(At, GoldQuote)>,
    numbers: Vec<(At, GoldNumber)>,
    /// Every entity id, also of entities that could not be parsed.
    entity_ids: Vec<String>,
    /// Whether every item was parsed.
    complete: bool,
}

/// The shape golden files have when nothing is wrong with their JSON.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct WellFormed {
    doc: String,
    #[serde(default)]
    notes: Vec<String>,
    entities: Option<Vec<GoldEntity>>,
    quotes: Option<Vec<GoldQuote>>,
    numbers: Option<Vec<GoldNumber>>,
}

/// One typed parse for a well-formed golden file; `None` sends the file to
/// [`parse_golden_reporting`], which names every problem. Both accept the
/// same files: the derived parser refuses duplicate fields and unknown ones,
/// and any layer that is missing, `null` or undeclared goes the slow way.
fn parse_golden_fast(bytes: &[u8], doc: &Document, declared: &Declared) -> Option<Parsed> {
    let file: WellFormed = serde_json::from_slice(bytes).ok()?;
    if file.doc != doc.id {
        return None;
    }
    fn layer<T>(declared: &Declared, layer: Layer, items: Option<Vec<T>>) -> Option<Vec<T>> {
        match items {
            Some(items) if declared.has_layer(layer) => Some(items),
            None if !declared.has_layer(layer) => Some(Vec::new()),
            _ => None,
        }
    }
    fn with_paths<T>(name: &'static str, items: Vec<T>) -> Vec<(At, T)> {
        items
            .into_iter()
            .enumerate()
            .map(|(i, item)| (At::item(name, i), item))
            .collect()
    }
    let entities = layer(declared, Layer::Entities, file.entities)?;
    let quotes = layer(declared, Layer::Quotes, file.quotes)?;
    let numbers = layer(declared, Layer::Numbers, file.numbers)?;
    Some(Parsed {
        notes: file.notes,
        entity_ids: entities.iter().map(|e: &GoldEntity| e.id.clone()).collect(),
        entities: with_paths("entities", entities),
        quotes: with_paths("quotes", quotes),
        numbers: with_paths("numbers", numbers),
        complete: true,
    })
}

/// Parses a golden file item by item, reporting every problem with its
/// JSON path; `None` when the file is not a JSON object at all.
fn parse_golden_reporting(
    doc: &Document,
    bytes: &[u8],
    declared: &Declared,
    report: &mut Report,
) -> Option<Parsed> {
    let value = match read_json_value(bytes) {
        Ok(v) => v,
        Err(message) => {
            report(None, None, message);
            return None;
        }
    };
    let Some(object) = value.as_object() else {
        report(None, None, "expected a JSON object".into());
        return None;
    };
    const FIELDS: [&str; 5] = ["doc", "notes", "entities", "quotes", "numbers"];
    for key in object.keys().filter(|k| !FIELDS.contains(&k.as_str())) {
        report(
            Some(key.clone()),
            None,
            format!("unknown field `{key}`, expected one of {FIELDS:?}"),
        );
    }
    match object.get("doc").and_then(Value::as_str) {
        Some(id) if id == doc.id => {}
        Some(id) => report(
            Some("doc".into()),
            None,
            format!("`doc` is `{id}` but the file is for document `{}`", doc.id),
        ),
        None => report(Some("doc".into()), None, "missing or not a string".into()),
    }
    let notes = match object.get("notes") {
        None => Vec::new(),
        Some(v) => parse_at::<Vec<String>>(v, "notes").unwrap_or_else(|(at, m)| {
            report(Some(at), None, m);
            Vec::new()
        }),
    };
    let mut items = |layer: Layer| -> Vec<Value> {
        let layer_is_declared = declared.has_layer(layer);
        let layer = layer.name();
        match object.get(layer) {
            Some(Value::Array(items)) if !layer_is_declared && !items.is_empty() => {
                report(
                    Some(layer.into()),
                    None,
                    format!(
                        "the manifest's `layers` do not declare `{layer}`; remove it or declare it"
                    ),
                );
                Vec::new()
            }
            Some(Value::Array(items)) => items.clone(),
            Some(_) => {
                report(Some(layer.into()), None, "expected a list".into());
                Vec::new()
            }
            None if !layer_is_declared => Vec::new(),
            None => {
                report(
                    Some(layer.into()),
                    None,
                    "missing (write [] for a layer with nothing in it)".into(),
                );
                Vec::new()
            }
        }
    };
    let (entity_values, quote_values, number_values) = (
        items(Layer::Entities),
        items(Layer::Quotes),
        items(Layer::Numbers),
    );
    let entities = parse_items::<GoldEntity>(&entity_values, "entities", report);
    let quotes = parse_items::<GoldQuote>(&quote_values, "quotes", report);
    let numbers = parse_items::<GoldNumber>(&number_values, "numbers", report);
    let entity_ids = entity_values
        .iter()
        .filter_map(|e| e.get("id").and_then(Value::as_str))
        .map(str::to_owned)
        .collect();
    let complete = entities.len() == entity_values.len()
        && quotes.len() == quote_values.len()
        && numbers.len() == number_values.len();
    Some(Parsed {
        notes,
        entities,
        quotes,
        numbers,
        entity_ids,
        complete,
    })
}

type Report<'a> = dyn FnMut(Option<String>, Option<(usize, usize)>, String) + 'a;

fn parse_items<T: DeserializeOwned>(
    values: &[Value],
    layer: &'static str,
    report: &mut Report,
) -> Vec<(At, T)> {
    values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let at = At::item(layer, i);
            match parse_at::<T>(v, &at.to_string()) {
                Ok(item) => Some((at, item)),
                Err((at, message)) => {
                    report(Some(at), None, message);
                    None
                }
            }
        })
        .collect()
}

/// Where an item is in its golden file (`entities[3]`,
/// `entities[3].mentions[1]`), written out only when a problem names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct At {
    layer: &'static str,
    item: usize,
    mention: Option<usize>,
}

impl At {
    fn item(layer: &'static str, item: usize) -> At {
        At {
            layer,
            item,
            mention: None,
        }
    }

    fn mention(self, mention: usize) -> At {
        At {
            mention: Some(mention),
            ..self
        }
    }
}

impl std::fmt::Display for At {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}[{}]", self.layer, self.item)?;
        match self.mention {
            Some(j) => write!(f, ".mentions[{j}]"),
            None => Ok(()),
        }
    }
}

/// Checks spans against the text and remembers them per layer for the
/// overlap and duplicate checks.
struct SpanChecker<'a> {
    text: &'a str,
    map: &'a OffsetMap,
    seen: BTreeMap<&'static str, Vec<(usize, usize, At)>>,
}

impl<'a> SpanChecker<'a> {
    fn new(doc: &'a Document) -> Self {
        SpanChecker {
            text: &doc.text,
            map: &doc.offsets,
            seen: BTreeMap::new(),
        }
    }

    fn check(
        &mut self,
        group: &'static str,
        at: At,
        start: usize,
        end: usize,
        text: &str,
        report: &mut Report,
    ) {
        let span = Some((start, end));
        if start >= end {
            report(
                Some(at.to_string()),
                span,
                "empty or reversed span (start must be below end)".into(),
            );
            return;
        }
        let len = self.map.char_len();
        if end > len {
            report(
                Some(at.to_string()),
                span,
                format!("span ends past the end of the text ({len} code points)"),
            );
            return;
        }
        let (Some(b0), Some(b1)) = (
            self.map.to_byte(OffsetUnit::Codepoint, start),
            self.map.to_byte(OffsetUnit::Codepoint, end),
        ) else {
            return;
        };
        let actual = &self.text[b0..b1];
        if actual != text {
            report(
                Some(format!("{at}.text")),
                span,
                format!("text {text:?} does not match the document's {actual:?} at these offsets"),
            );
        }
        if actual.starts_with(char::is_whitespace) || actual.ends_with(char::is_whitespace) {
            report(
                Some(at.to_string()),
                span,
                "span starts or ends on white space".into(),
            );
        }
        self.seen.entry(group).or_default().push((start, end, at));
    }

    /// Reports duplicates within every group, and overlaps within groups whose spans may not overlap.
    fn finish(&mut self, group: &'static str, report: &mut Report) {
        let Some(spans) = self.seen.get_mut(group) else {
            return;
        };
        // In the order of the paths as text, as when they were kept as text.
        spans.sort_by(|a, b| {
            (a.0, a.1)
                .cmp(&(b.0, b.1))
                .then_with(|| a.2.to_string().cmp(&b.2.to_string()))
        });
        for (i, (start, end, at)) in spans.iter().enumerate() {
            for (s2, e2, at2) in spans[i + 1..].iter().take_while(|(s2, _, _)| s2 < end) {
                let message = if (s2, e2) == (start, end) {
                    format!("duplicate of {at}")
                } else {
                    format!("overlaps {at} ({start}..{end})")
                };
                report(Some(at2.to_string()), Some((*s2, *e2)), message);
            }
        }
    }
}

fn check_entities(
    entities: &[(At, GoldEntity)],
    types: &[EntityType],
    spans: &mut SpanChecker,
    report: &mut Report,
) {
    let mut ids = HashMap::new();
    for &(at, ref entity) in entities {
        if !types.contains(&entity.ty) {
            let listed: Vec<&str> = types.iter().map(|t| t.label()).collect();
            report(
                Some(format!("{at}.type")),
                None,
                format!(
                    "`{}` is not one of the corpus's entity types: {}",
                    entity.ty,
                    listed.join(", ")
                ),
            );
        }
        if !is_valid_id(&entity.id) {
            report(
                Some(format!("{at}.id")),
                None,
                format!("entity id `{}` must match [a-z0-9][a-z0-9-]*", entity.id),
            );
        }
        if let Some(first) = ids.insert(entity.id.as_str(), at) {
            report(
                Some(format!("{at}.id")),
                None,
                format!("entity id `{}` already used by {first}", entity.id),
            );
        }
        if entity.canonical.trim().is_empty() {
            report(
                Some(format!("{at}.canonical")),
                None,
                "canonical name is empty".into(),
            );
        }
        if entity.mentions.is_empty() {
            report(
                Some(format!("{at}.mentions")),
                None,
                "entity has no mentions".into(),
            );
        }
        for (j, m) in entity.mentions.iter().enumerate() {
            spans.check(
                "entity mentions",
                at.mention(j),
                m.start,
                m.end,
                &m.text,
                report,
            );
        }
    }
    spans.finish("entity mentions", report);
}

fn check_quotes(
    quotes: &[(At, GoldQuote)],
    entity_ids: &[&str],
    spans: &mut SpanChecker,
    report: &mut Report,
) {
    for &(at, ref quote) in quotes {
        spans.check("quotes", at, quote.start, quote.end, &quote.text, report);
        if let Some(speaker) = &quote.speaker {
            if !entity_ids.contains(&speaker.as_str()) {
                report(
                    Some(format!("{at}.speaker")),
                    Some((quote.start, quote.end)),
                    format!("speaker `{speaker}` is not an entity id of this file"),
                );
            }
        }
        if quote.cue.as_deref().is_some_and(|c| c.trim().is_empty()) {
            report(
                Some(format!("{at}.cue")),
                Some((quote.start, quote.end)),
                "cue is empty; write null for a quote with no cue".into(),
            );
        }
    }
    spans.finish("quotes", report);
}

fn check_numbers(numbers: &[(At, GoldNumber)], spans: &mut SpanChecker, report: &mut Report) {
    for &(at, ref number) in numbers {
        let span = Some((number.start, number.end));
        spans.check(
            "numbers",
            at,
            number.start,
            number.end,
            &number.text,
            report,
        );
        if let Err(message) = check_value(number.kind, &number.value) {
            report(Some(format!("{at}.value")), span, message);
        }
        if let Err(message) = check_unit(number.kind, number.unit.as_deref()) {
            report(Some(format!("{at}.unit")), span, message);
        }
    }
    spans.finish("numbers", report);
}

/// Whether a value has the shape its kind requires.
pub(crate) fn check_value(kind: NumberKind, value: &NumberValue) -> Result<(), String> {
    match (kind, value) {
        (NumberKind::Date, NumberValue::Text(s)) if is_date_value(s) => Ok(()),
        (NumberKind::Date, _) => Err(format!(
            "a date's value must be a YYYY-MM-DD, XXXX-MM-DD or YYYY-MM string, not {value}"
        )),
        (_, NumberValue::Text(s)) => Err(format!(
            "a {kind}'s value must be a number, not the string {s:?}"
        )),
        (_, NumberValue::Number(n)) if !n.is_finite() => Err(format!("value {n} is not finite")),
        (NumberKind::Year, NumberValue::Number(n)) if n.fract() != 0.0 => {
            Err(format!("a year must be a whole number, not {n}"))
        }
        (NumberKind::Ordinal, NumberValue::Number(n)) if n.fract() != 0.0 || *n < 1.0 => Err(
            format!("an ordinal must be a whole number of at least 1, not {n}"),
        ),
        _ => Ok(()),
    }
}

/// Whether a unit is allowed, and present where required, for a kind.
pub(crate) fn check_unit(kind: NumberKind, unit: Option<&str>) -> Result<(), String> {
    match (kind, unit) {
        (NumberKind::Money, None) => {
            Err("money needs a unit: an ISO 4217 code such as \"USD\"".into())
        }
        (NumberKind::Money, Some(u)) if !units::is_currency(u) => {
            Err(format!("`{u}` is not an ISO 4217 currency code"))
        }
        (NumberKind::Quantity, None) => {
            Err("a quantity needs a unit from the closed list in corpus/GUIDELINES.md".into())
        }
        (NumberKind::Quantity, Some(u)) if !units::is_quantity_unit(u) => Err(format!(
            "`{u}` is not on the closed list of quantity units (corpus/GUIDELINES.md)"
        )),
        (NumberKind::Year, Some(u)) if !units::YEAR_UNITS.contains(&u) => Err(format!(
            "a year's unit is \"decade\" or \"century\", not `{u}`"
        )),
        (NumberKind::Money | NumberKind::Quantity | NumberKind::Year, _) => Ok(()),
        (_, Some(u)) => Err(format!("a {kind} takes no unit, but has `{u}`")),
        (_, None) => Ok(()),
    }
}

fn is_iso_date(s: &str) -> bool {
    s.len() == 10 && is_date_value(s) && !s.starts_with('X')
}

/// `YYYY-MM-DD`, `XXXX-MM-DD` or `YYYY-MM`, with a real month and day.
pub fn is_date_value(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    let year_ok = |p: &str| digits(p, 4) || p == "XXXX";
    let month = |p: &str| {
        digits(p, 2)
            .then(|| p.parse::<u32>().unwrap_or(0))
            .filter(|m| (1..=12).contains(m))
    };
    match parts.as_slice() {
        [y, m] => digits(y, 4) && month(m).is_some(),
        [y, m, d] if year_ok(y) && digits(d, 2) => {
            let Some(m) = month(m) else { return false };
            let day: u32 = d.parse().unwrap_or(0);
            let max = match m {
                2 => 29,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            (1..=max).contains(&day)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Entries kept in the temporary file (or in memory when it cannot be
    /// written) come back exactly, every field, in any order.
    #[test]
    fn kept_entries_come_back_whole() {
        let entry = |id: &str, full: bool| ManifestEntry {
            id: id.into(),
            title: "Fishers \"wary\" of quota — café talk".into(),
            date: "2025-10-14".into(),
            source: "S".into(),
            licence: "L".into(),
            provenance: "original".into(),
            sha256: "ab".repeat(32),
            topic: full.then(|| "fisheries".into()),
            region: full.then(|| "Europe".into()),
            split: full.then_some(crate::corpus::Split::Test),
            phenomena: if full {
                vec!["x".into(), "y".into()]
            } else {
                Vec::new()
            },
            form: full.then(|| "news-story".into()),
            style: None,
        };
        for mut kept in [KeptEntries::new(), KeptEntries::default()] {
            let written = kept.out.is_some();
            let entries: Vec<ManifestEntry> = (0..5)
                .map(|i| entry(&format!("d{i}"), i % 2 == 0))
                .collect();
            // Every other entry is kept from its JSON as a manifest may spell it.
            let at: Vec<Kept> = entries
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let raw = serde_json::to_vec_pretty(e).unwrap();
                    kept.keep(e.clone(), (i % 2 == 1).then_some(raw.as_slice()))
                })
                .collect();
            kept.close();
            assert_eq!(at.iter().all(|k| matches!(k, Kept::Written(..))), written);
            for i in [3, 0, 4, 1, 2, 3] {
                assert_eq!(kept.load(&at[i]).unwrap(), entries[i]);
            }
        }
    }

    #[test]
    fn date_values_have_three_shapes() {
        for ok in ["2024-05-17", "XXXX-11-15", "2024-05", "2024-02-29"] {
            assert!(is_date_value(ok), "{ok}");
        }
        for bad in [
            "2024-13-01",
            "2024-04-31",
            "XXXX-05",
            "24-05-17",
            "2024-5-17",
            "May 17",
        ] {
            assert!(!is_date_value(bad), "{bad}");
        }
    }

    #[test]
    fn units_follow_their_kind() {
        assert!(check_unit(NumberKind::Money, Some("USD")).is_ok());
        assert!(check_unit(NumberKind::Money, None).is_err());
        assert!(check_unit(NumberKind::Quantity, Some("light-year")).is_ok());
        assert!(check_unit(NumberKind::Quantity, Some("parsec")).is_err());
        assert!(check_unit(NumberKind::Year, Some("decade")).is_ok());
        assert!(check_unit(NumberKind::Cardinal, Some("USD")).is_err());
    }

    /// The typed parse of a manifest takes only what the reporting parse
    /// takes without a problem, and gives the same entries and declarations.
    #[test]
    fn the_fast_manifest_parse_accepts_exactly_the_manifests_the_reporting_parse_passes() {
        let entry = r#"{"id": "a", "title": "T", "date": "2024-01-02", "source": "S", "licence": "L", "provenance": "original", "sha256": "00"}"#;
        let valid = format!(
            r#"{{"documents": [{entry}, {}]}}"#,
            entry.replace(r#""a""#, r#""b""#)
        );
        let variants = [
            valid.clone(),
            valid.replacen(
                '{',
                r#"{"layers": ["entities"], "entity_types": ["PER", "LOC"], "#,
                1,
            ),
            valid.replacen('{', r#"{"layers": [], "#, 1),
            valid.replacen('{', r#"{"entity_types": null, "#, 1),
            valid.replacen('{', r#"{"notes": 1, "#, 1),
            valid.replacen(r#""title": "T""#, r#""title": "T", "title": "U""#, 1),
            valid.replacen(r#""title": "T""#, r#""colour": "red""#, 1),
            valid.replacen('{', r#"{"layers": {"entities": 1, "entities": 2}, "#, 1),
            valid.replacen(
                '{',
                r#"{"entity_types": ["PER", {"a": [{"b": 1, "b": 1}]}], "#,
                1,
            ),
            valid.replacen('{', r#"{"documents": [], "#, 1),
            format!("\u{feff}{valid}"),
            valid.replacen(r#""documents": ["#, r#""documents": [1, "#, 1),
            // Read in pieces: white space, escapes and brackets inside strings,
            // and what follows the object.
            serde_json::to_string_pretty(&serde_json::from_str::<Value>(&valid).unwrap()).unwrap(),
            valid.replacen(r#""documents""#, r#""docu\u006dents""#, 1),
            valid.replacen(r#""title": "T""#, r#""title": "T [\"}{\\\" ""#, 1),
            format!("{valid} \n"),
            valid.replacen("}]}", "},]}", 1),
            valid.replacen("]}", "],}", 1),
            format!("{valid} {{}}"),
            valid[..valid.len() - 1].to_owned(),
            "{}".to_owned(),
            r#"{"documents": []}"#.to_owned(),
            r#"{"documents": {}}"#.to_owned(),
            r#"{"documents": [], "layers": 1"#.to_owned(),
            valid.replacen('{', &format!(r#"{{"layers": {}, "#, nested(125)), 1),
            valid.replacen('{', &format!(r#"{{"layers": {}, "#, nested(126)), 1),
            valid.replacen('{', &format!(r#"{{"layers": {}, "#, nested(127)), 1),
        ];
        let path = Path::new("manifest.json");
        let mut fast_taken = 0;
        for (i, json) in variants.iter().enumerate() {
            let mut slow_problems = Vec::new();
            let slow = read_manifest_reporting(Ok(json.as_bytes()), path, &mut slow_problems);
            let mut fast_problems = Vec::new();
            let mut taken = Vec::new();
            let mut take = |entry, _: &[u8], at| taken.push((entry, at));
            match read_manifest_fast(json.as_bytes(), path, &mut fast_problems, &mut take) {
                Some(fast) => {
                    assert_eq!(taken, slow.0, "variant {i}");
                    assert_eq!(fast.0, slow.1, "variant {i}");
                    assert_eq!(fast.1, slow.2, "variant {i}");
                    assert_eq!(fast_problems, slow_problems, "variant {i}");
                    fast_taken += 1;
                }
                None => assert!(
                    !slow_problems.is_empty(),
                    "variant {i} has no problem but was refused"
                ),
            }
        }
        assert_eq!(
            fast_taken, 11,
            "the valid ones, those with declarations, and those nested as deep as JSON is parsed"
        );
    }

    /// Entries parsed a run at a time come in order with their paths, and
    /// one bad entry in a later run refuses the manifest.
    #[test]
    fn a_long_manifest_gives_every_entry_in_order() {
        let n = 2 * PARSED_TOGETHER + 300;
        let entry = |i: usize| {
            format!(
                r#"{{"id": "d{i}", "title": "T", "date": "2024-01-02", "source": "S", "licence": "L", "provenance": "original", "sha256": "00"}}"#
            )
        };
        let entries: Vec<String> = (0..n).map(entry).collect();
        let json = format!(r#"{{"documents": [{}]}}"#, entries.join(",\n"));
        let path = Path::new("manifest.json");
        let mut taken = Vec::new();
        let mut take = |entry: ManifestEntry, raw: &[u8], at| {
            let again: ManifestEntry = serde_json::from_slice(raw).unwrap();
            assert_eq!(again, entry);
            taken.push((entry.id, at));
        };
        let (ids, _) = read_manifest_fast(json.as_bytes(), path, &mut Vec::new(), &mut take)
            .expect("a valid manifest");
        assert_eq!(ids.len(), n);
        let expected: Vec<(String, String)> = (0..n)
            .map(|i| (format!("d{i}"), format!("documents[{i}]")))
            .collect();
        assert_eq!(taken, expected);

        let bad = json.replacen(r#""id": "d2100", "#, r#""id": "d2100", "colour": 1, "#, 1);
        let mut take = |_, _: &[u8], _| {};
        assert!(read_manifest_fast(bad.as_bytes(), path, &mut Vec::new(), &mut take).is_none());
    }

    /// Arrays nested `depth` deep.
    fn nested(depth: usize) -> String {
        "[".repeat(depth) + &"]".repeat(depth)
    }

    /// The typed parse takes only what the reporting parse takes without a
    /// problem, and gives the same items.
    #[test]
    fn the_fast_parse_accepts_exactly_the_files_the_reporting_parse_passes() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
        let text = std::fs::read_to_string(root.join("corpus/d.txt")).unwrap();
        let valid = std::fs::read_to_string(root.join("golden/d.json")).unwrap();
        let doc = Document::new("d", text);
        let entities_only = Declared {
            layers: vec![Layer::Entities],
            ..Declared::default()
        };
        let variants = [
            valid.clone(),
            valid.replacen(r#""end": 6,"#, r#""end": 6, "end": 6,"#, 1),
            valid.replacen(r#""cue": "said""#, r#""cue": "said", "tone": "flat""#, 1),
            valid.replacen(r#""quotes": ["#, r#""quotes": null, "x": ["#, 1),
            valid.replacen(r#""doc": "d""#, r#""doc": "e""#, 1),
            valid.replacen(r#""doc": "d","#, r#""doc": "d", "doc": "d","#, 1),
            format!("\u{feff}{valid}"),
            valid.replacen(r#""numbers": ["#, r#""numbers": {"a": ["#, 1),
        ];
        let mut fast_taken = 0;
        for declared in [Declared::default(), entities_only] {
            for (i, json) in variants.iter().enumerate() {
                let mut problems = Vec::new();
                let slow =
                    parse_golden_reporting(&doc, json.as_bytes(), &declared, &mut |_, _, m| {
                        problems.push(m)
                    });
                match parse_golden_fast(json.as_bytes(), &doc, &declared) {
                    Some(fast) => {
                        let slow = slow.expect("the reporting parse reads it too");
                        assert!(problems.is_empty(), "variant {i}: {problems:?}");
                        assert_eq!(fast.entities, slow.entities, "variant {i}");
                        assert_eq!(fast.quotes, slow.quotes, "variant {i}");
                        assert_eq!(fast.numbers, slow.numbers, "variant {i}");
                        assert_eq!(fast.entity_ids, slow.entity_ids, "variant {i}");
                        assert!(slow.complete);
                        fast_taken += 1;
                    }
                    None => assert!(
                        !problems.is_empty(),
                        "variant {i} has no problem but was refused"
                    ),
                }
            }
        }
        assert_eq!(
            fast_taken, 1,
            "only the valid file with every layer declared"
        );
    }

    /// Item paths are written out only for a problem, as they were when
    /// kept as text: duplicates are listed in the text order of their
    /// paths (`mentions[10]` before `mentions[1]`).
    #[test]
    fn paths_of_duplicate_spans_read_as_before() {
        let doc = Document::new("d", "WARSAW, Poland");
        let mention = r#"{"start": 0, "end": 6, "text": "WARSAW"}"#;
        let mentions = [mention; 11].join(", ");
        let json = format!(
            r#"{{"doc": "d", "entities": [{{"id": "w", "type": "GPE", "canonical": "WARSAW", "mentions": [{mentions}]}}], "quotes": [], "numbers": []}}"#
        );
        let mut problems = Vec::new();
        let checked = check_golden(
            Path::new("d.json"),
            &doc,
            json.as_bytes(),
            &Declared::default(),
            &mut problems,
        );
        assert!(checked.is_some());
        let found: Vec<(String, String)> = problems
            .iter()
            .take(3)
            .map(|p| (p.path.clone().unwrap_or_default(), p.message.clone()))
            .collect();
        let first = "duplicate of entities[0].mentions[0]".to_owned();
        assert_eq!(
            found,
            [
                ("entities[0].mentions[10]".to_owned(), first.clone()),
                ("entities[0].mentions[1]".to_owned(), first.clone()),
                ("entities[0].mentions[2]".to_owned(), first),
            ]
        );
        assert_eq!(problems.len(), 55, "every pair of the eleven");
    }
}
