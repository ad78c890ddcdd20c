//! Other annotation formats in and out: brat standoff, CoNLL BIO/IOB1,
//! spaCy/Prodigy JSON Lines and Label Studio exports.
//!
//! Teams annotate in brat, Label Studio or Prodigy and other scorers read
//! CoNLL; these converters let such a corpus be validated and scored here
//! without a script of one's own. One file per format; what they share lives
//! here: [`DocBuilder`] turns spans in code points into a golden file (entity
//! ids, speakers, no overlaps), [`ImportLabels`] maps labels, [`Conversion`]
//! counts whatever could not be mapped (never dropped silently), and
//! [`Imported::write`] writes a corpus directory and a golden directory that
//! the rest of wirebench reads, then validates them.

pub mod brat;
pub(crate) mod command;
pub mod conll;
pub mod jsonl;
pub mod label_studio;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::corpus::{is_valid_id, sha256_hex, Declared, Manifest, ManifestEntry, Source};
use crate::error::{Error, Result};
use crate::golden::{GoldEntity, GoldNumber, GoldQuote, GoldenFile, Mention};
use crate::offsets::{OffsetMap, OffsetUnit};
use crate::schema::{EntityType, Layer, NumberKind, NumberValue};
use crate::validate::{check, check_unit, check_value, Problem};

/// What a conversion could not carry over, counted by reason, and warnings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conversion {
    /// Reason → how many annotations it affected. Nothing is dropped without a line here.
    pub unmapped: BTreeMap<String, usize>,
    /// Things done on the user's behalf (defaults filled in, spans adjusted).
    pub warnings: Vec<String>,
}

impl Conversion {
    /// Counts one annotation that could not be carried over, or was changed.
    pub fn count(&mut self, reason: impl Into<String>) {
        *self.unmapped.entry(reason.into()).or_default() += 1;
    }

    /// The report as lines: `unmapped: N × reason`, then the warnings.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for (reason, n) in &self.unmapped {
            out.push_str(&format!("not carried over: {n} × {reason}\n"));
        }
        for w in &self.warnings {
            out.push_str(&format!("warning: {w}\n"));
        }
        out
    }
}

/// Label → label map of an import (`--label-map FILE`, a JSON object; a
/// `null` value drops the label, and the report counts it).
#[derive(Debug, Clone, Default)]
pub struct ImportLabels {
    map: Option<BTreeMap<String, Option<String>>>,
}

impl ImportLabels {
    /// Reads a JSON object of source label → target label or null.
    pub fn from_file(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let map = serde_json::from_slice(&bytes).map_err(|source| Error::Json {
            path: path.to_path_buf(),
            message: "expected a JSON object of label → label (or null to leave it out)".into(),
            source: Some(source),
        })?;
        Ok(ImportLabels { map: Some(map) })
    }

    /// A map from pairs (for tests and library users).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, Option<&'a str>)>) -> Self {
        ImportLabels {
            map: Some(
                pairs
                    .into_iter()
                    .map(|(a, b)| (a.to_owned(), b.map(str::to_owned)))
                    .collect(),
            ),
        }
    }

    /// The label `label` becomes: itself without a map; with a map, its
    /// entry, and `Err` (the reason) when the map leaves it out or lacks it.
    pub(crate) fn map(&self, label: &str) -> std::result::Result<String, String> {
        match &self.map {
            None => Ok(label.to_owned()),
            Some(map) => match map.get(label) {
                Some(Some(to)) => Ok(to.clone()),
                Some(None) => Err(format!("label `{label}` (mapped to null)")),
                None => Err(format!("label `{label}` (not in the label map)")),
            },
        }
    }

    /// The entity type of a label, or the reason it has none.
    pub(crate) fn entity_type(&self, label: &str) -> std::result::Result<EntityType, String> {
        let mapped = self.map(label)?;
        EntityType::declare(&mapped).map_err(|e| format!("label `{label}`: {e}"))
    }
}

/// An entity mention on its way into a golden file, in code points.
#[derive(Debug, Clone)]
pub struct MentionIn {
    /// Start.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// Type.
    pub ty: EntityType,
    /// Mentions with the same key form one entity; `None` is an entity of its own.
    pub cluster: Option<String>,
}

/// A quote on its way into a golden file, in code points.
#[derive(Debug, Clone)]
pub struct QuoteIn {
    /// Start.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// Index into the builder's mentions of the speaker's mention.
    pub speaker: Option<usize>,
    /// The cue as written.
    pub cue: Option<String>,
}

/// Collects one document's spans (code points) and builds its golden file.
#[derive(Debug, Clone)]
pub struct DocBuilder {
    /// Document id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Entity mentions.
    pub mentions: Vec<MentionIn>,
    /// Quotes.
    pub quotes: Vec<QuoteIn>,
    /// Numbers (offsets in code points; `text` filled in by `finish`).
    pub numbers: Vec<GoldNumber>,
    /// Preferred entity id and canonical name per cluster key.
    pub names: BTreeMap<String, (Option<String>, Option<String>)>,
}

impl DocBuilder {
    /// An empty document.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        DocBuilder {
            id: id.into(),
            text: text.into(),
            mentions: Vec::new(),
            quotes: Vec::new(),
            numbers: Vec::new(),
            names: BTreeMap::new(),
        }
    }

    /// The golden file (code points): spans trimmed of white space, overlaps
    /// dropped, entity ids made from names, speakers resolved. Every change is counted.
    pub fn finish(self, report: &mut Conversion) -> GoldenFile {
        let chars: Vec<char> = self.text.chars().collect();
        let slice = |s: usize, e: usize| chars[s..e].iter().collect::<String>();
        let trim = |s: &mut usize, e: &mut usize, what: &str, report: &mut Conversion| -> bool {
            *e = (*e).min(chars.len());
            let (s0, e0) = (*s, *e);
            while *s < *e && chars[*s].is_whitespace() {
                *s += 1;
            }
            while *e > *s && chars[*e - 1].is_whitespace() {
                *e -= 1;
            }
            if *s >= *e {
                report.count(format!("empty {what} span"));
                return false;
            }
            if (*s, *e) != (s0, e0) {
                report.count(format!("{what} span trimmed of white space (kept)"));
            }
            true
        };

        // Mentions: trimmed, sorted, the later of two overlapping ones dropped.
        let mut order: Vec<usize> = Vec::new();
        let mut mentions = self.mentions;
        for (i, m) in mentions.iter_mut().enumerate() {
            if trim(&mut m.start, &mut m.end, "entity", report) {
                order.push(i);
            }
        }
        order.sort_by_key(|&i| (mentions[i].start, mentions[i].end, i));
        let mut kept: Vec<usize> = Vec::new();
        for i in order {
            match kept.last() {
                Some(&last) if mentions[last].end > mentions[i].start => {
                    report.count("entity mention overlapping an earlier one")
                }
                _ => kept.push(i),
            }
        }

        // Entities: one per cluster key, or per mention without one.
        let mut clusters: Vec<(Option<String>, Vec<usize>)> = Vec::new();
        let mut by_key: BTreeMap<String, usize> = BTreeMap::new();
        for &i in &kept {
            match &mentions[i].cluster {
                Some(key) => match by_key.get(key) {
                    Some(&c) => clusters[c].1.push(i),
                    None => {
                        by_key.insert(key.clone(), clusters.len());
                        clusters.push((Some(key.clone()), vec![i]));
                    }
                },
                None => clusters.push((None, vec![i])),
            }
        }
        let mut used_ids = BTreeSet::new();
        let mut entity_of_mention: BTreeMap<usize, String> = BTreeMap::new();
        let mut entities = Vec::new();
        for (key, members) in clusters {
            let first = &mentions[members[0]];
            let mut ty = first.ty;
            if members.iter().any(|&m| mentions[m].ty != ty) {
                report.count("entity whose mentions have different types (first type kept)");
                ty = first.ty;
            }
            let (given_id, given_canonical) = key
                .as_ref()
                .and_then(|k| self.names.get(k).cloned())
                .unwrap_or((None, None));
            let texts: Vec<String> = members
                .iter()
                .map(|&m| slice(mentions[m].start, mentions[m].end))
                .collect();
            let canonical = given_canonical.unwrap_or_else(|| {
                texts
                    .iter()
                    .fold(&texts[0], |best, t| {
                        if t.chars().count() > best.chars().count() {
                            t
                        } else {
                            best
                        }
                    })
                    .clone()
            });
            let id = match given_id {
                Some(id) if is_valid_id(&id) && !used_ids.contains(&id) => id,
                _ => unique_id(&slug(&canonical), &used_ids),
            };
            used_ids.insert(id.clone());
            for &m in &members {
                entity_of_mention.insert(m, id.clone());
            }
            entities.push(GoldEntity {
                id,
                ty,
                canonical,
                mentions: members
                    .iter()
                    .zip(texts)
                    .map(|(&m, text)| Mention {
                        start: mentions[m].start,
                        end: mentions[m].end,
                        text,
                    })
                    .collect(),
            });
        }

        let mut quotes: Vec<GoldQuote> = Vec::new();
        let mut raw_quotes = self.quotes;
        raw_quotes.sort_by_key(|q| (q.start, q.end));
        for mut q in raw_quotes {
            if !trim(&mut q.start, &mut q.end, "quote", report) {
                continue;
            }
            if quotes.last().is_some_and(|last| last.end > q.start) {
                report.count("quote overlapping an earlier one");
                continue;
            }
            let speaker = q.speaker.and_then(|m| {
                let id = entity_of_mention.get(&m).cloned();
                if id.is_none() {
                    report.count("speaker mention that was itself left out (speaker null)");
                }
                id
            });
            quotes.push(GoldQuote {
                start: q.start,
                end: q.end,
                text: slice(q.start, q.end),
                speaker,
                cue: q.cue.filter(|c| !c.trim().is_empty()),
            });
        }

        let mut numbers: Vec<GoldNumber> = Vec::new();
        let mut raw_numbers = self.numbers;
        raw_numbers.sort_by_key(|n| (n.start, n.end));
        for mut n in raw_numbers {
            if !trim(&mut n.start, &mut n.end, "number", report) {
                continue;
            }
            if numbers.last().is_some_and(|last| last.end > n.start) {
                report.count("number overlapping an earlier one");
                continue;
            }
            n.text = slice(n.start, n.end);
            numbers.push(n);
        }

        GoldenFile {
            doc: self.id,
            notes: Vec::new(),
            entities,
            quotes,
            numbers,
        }
    }
}

/// `[a-z0-9-]` from a name: "Mount Ruapehu" → `mount-ruapehu`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        "entity".into()
    } else {
        out
    }
}

fn unique_id(base: &str, used: &BTreeSet<String>) -> String {
    if !used.contains(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !used.contains(id))
        .expect("some suffix is free")
}

/// The attribution role a label names: `content` (a quote), `source` or `cue`.
pub fn role_of(label: &str) -> Option<&'static str> {
    match label.to_ascii_lowercase().as_str() {
        "quote" | "content" | "quotation" => Some("content"),
        "source" | "speaker" => Some("source"),
        "cue" => Some("cue"),
        _ => None,
    }
}

/// A number kind named by an annotation label (`MONEY`, `money`, `Cardinal`).
pub fn number_kind(label: &str) -> Option<NumberKind> {
    let lower = label.to_ascii_lowercase();
    NumberKind::ALL.into_iter().find(|k| k.name() == lower)
}

/// A number from its label, text and optional `value=…; unit=…` note: the
/// value read from the note, else from the text where it can be read.
pub fn read_number(
    kind: NumberKind,
    text: &str,
    note: Option<&str>,
) -> std::result::Result<(NumberValue, Option<String>), String> {
    let mut value = None;
    let mut unit = None;
    for part in note.unwrap_or("").split(';') {
        if let Some((k, v)) = part.split_once('=') {
            match k.trim() {
                "value" => value = Some(v.trim().to_owned()),
                "unit" => unit = Some(v.trim().to_owned()),
                _ => {}
            }
        }
    }
    let mut value = match (value, kind) {
        (Some(v), NumberKind::Date) => NumberValue::Text(v),
        (Some(v), _) => NumberValue::Number(
            v.parse()
                .map_err(|_| format!("{kind} value `{v}` is not a number"))?,
        ),
        (None, _) => {
            let (v, u) = value_from_text(kind, text)
                .ok_or_else(|| format!("{} value not readable from the text", kind.name()))?;
            unit = unit.or(u);
            v
        }
    };
    if let NumberValue::Number(n) = &mut value {
        if kind == NumberKind::Year || kind == NumberKind::Ordinal {
            *n = n.trunc();
        }
    }
    check_value(kind, &value)?;
    check_unit(kind, unit.as_deref())?;
    Ok((value, unit))
}

/// Values written in digits: `1,500`, `12.5%`, `$3`, `2024`, `2024-05-17`, `5th`.
fn value_from_text(kind: NumberKind, text: &str) -> Option<(NumberValue, Option<String>)> {
    let text = text.trim();
    if kind == NumberKind::Date {
        return crate::validate::is_date_value(text)
            .then(|| (NumberValue::Text(text.into()), None));
    }
    let (rest, unit) = match kind {
        NumberKind::Money => {
            let symbols = [("$", "USD"), ("€", "EUR"), ("£", "GBP"), ("¥", "JPY")];
            let (symbol, code) = symbols.iter().find(|(s, _)| text.starts_with(s))?;
            (&text[symbol.len()..], Some((*code).to_owned()))
        }
        NumberKind::Percent => (text.strip_suffix('%')?, None),
        NumberKind::Ordinal => (
            ["st", "nd", "rd", "th"]
                .iter()
                .find_map(|s| text.strip_suffix(s))
                .unwrap_or(text),
            None,
        ),
        _ => (text, None),
    };
    let digits: String = rest.chars().filter(|&c| c != ',').collect();
    let n: f64 = digits.trim().parse().ok()?;
    Some((NumberValue::Number(n), unit))
}

/// One converted document's text and golden file (code points).
#[derive(Debug, Clone)]
pub struct ImportedDoc {
    /// Document id.
    pub id: String,
    /// Text.
    pub text: String,
    /// Golden file, code points.
    pub golden: GoldenFile,
}

/// A converted corpus, ready to be written.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The format's name, for the manifest's provenance.
    pub format: &'static str,
    /// Where it came from.
    pub origin: PathBuf,
    /// Documents, in input order.
    pub documents: Vec<ImportedDoc>,
    /// Layers the format can hold (only those are declared).
    pub layers: Vec<Layer>,
    /// What could not be carried over.
    pub report: Conversion,
}

/// Where [`Imported::write`] put the corpus, and what validation says of it.
#[derive(Debug)]
pub struct Written {
    /// `DIR/corpus`.
    pub corpus: PathBuf,
    /// `DIR/golden`.
    pub golden: PathBuf,
    /// Every problem validation finds in the written files (none when the conversion is sound).
    pub problems: Vec<Problem>,
}

impl Imported {
    /// Builds documents from builders, counting whatever they drop. Of the
    /// `layers` the format can hold, entities and those with at least one
    /// annotation are declared.
    pub fn new(
        format: &'static str,
        origin: &Path,
        builders: Vec<DocBuilder>,
        layers: Vec<Layer>,
        mut report: Conversion,
    ) -> Result<Self> {
        let mut documents = Vec::new();
        let mut ids = BTreeSet::new();
        for b in builders {
            if !is_valid_id(&b.id) {
                return Err(Error::Format {
                    path: origin.to_path_buf(),
                    message: format!("document id `{}` must match [a-z0-9][a-z0-9-]*", b.id),
                });
            }
            if !ids.insert(b.id.clone()) {
                return Err(Error::Format {
                    path: origin.to_path_buf(),
                    message: format!("document id `{}` occurs twice", b.id),
                });
            }
            let (id, text) = (b.id.clone(), b.text.clone());
            let golden = b.finish(&mut report);
            documents.push(ImportedDoc { id, text, golden });
        }
        let layers = layers
            .into_iter()
            .filter(|&l| l == Layer::Entities || documents.iter().any(|d| d.golden.count(l) > 0))
            .collect();
        Ok(Imported {
            format,
            origin: origin.to_path_buf(),
            documents,
            layers,
            report,
        })
    }

    /// What the manifest declares: the entity types used (OntoNotes unless
    /// some type is outside it) and the layers the format holds.
    pub fn declared(&self) -> Declared {
        let used: BTreeSet<EntityType> = self
            .documents
            .iter()
            .flat_map(|d| d.golden.entities.iter().map(|e| e.ty))
            .collect();
        let entity_types = if used.iter().all(|t| EntityType::ALL.contains(t)) {
            EntityType::ALL.to_vec()
        } else {
            let mut own: Vec<EntityType> = used.into_iter().collect();
            own.sort_by_key(|t| t.label());
            own
        };
        Declared {
            entity_types,
            layers: self.layers.clone(),
        }
    }

    /// Writes `out/corpus` (manifest and texts) and `out/golden`, then
    /// validates them. Refuses to write into a directory that already exists.
    /// Manifest fields no format carries (title, date, source, licence) get
    /// explicit defaults, each listed once among the report's warnings.
    pub fn write(&mut self, out: &Path) -> Result<Written> {
        let corpus = out.join("corpus");
        let golden = out.join("golden");
        for dir in [&corpus, &golden] {
            if dir.exists() {
                return Err(Error::Format {
                    path: dir.clone(),
                    message:
                        "already exists; wirebench never overwrites a corpus, choose another --out"
                            .into(),
                });
            }
        }
        for dir in [&corpus, &golden] {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let declared = self.declared();
        let default_declared = Declared::default();
        let provenance = format!("imported from {} ({})", self.format, self.origin.display());
        let mut entries = Vec::new();
        for doc in &self.documents {
            let path = corpus.join(format!("{}.txt", doc.id));
            std::fs::write(&path, &doc.text).map_err(|e| Error::io(&path, e))?;
            entries.push(ManifestEntry {
                id: doc.id.clone(),
                title: doc.id.clone(),
                date: DEFAULT_DATE.into(),
                source: "unknown".into(),
                licence: "unknown".into(),
                provenance: provenance.clone(),
                sha256: sha256_hex(doc.text.as_bytes()),
                topic: None,
                region: None,
                split: None,
                phenomena: Vec::new(),
                form: None,
                style: None,
            });
            let path = golden.join(format!("{}.json", doc.id));
            let json = golden_json(&doc.golden, &declared.layers);
            std::fs::write(&path, json).map_err(|e| Error::io(&path, e))?;
        }
        self.report.warnings.push(format!(
            "{}: title is the document id, date {DEFAULT_DATE}, source and licence \"unknown\" (the {} format does not carry them); edit the manifest, the sha256 values stay valid",
            corpus.join("manifest.json").display(),
            self.format
        ));
        let manifest = Manifest {
            entity_types: (declared.entity_types != default_declared.entity_types)
                .then(|| declared.entity_types.clone()),
            layers: (declared.layers != default_declared.layers).then(|| declared.layers.clone()),
            documents: entries,
        };
        let path = corpus.join("manifest.json");
        let text = serde_json::to_string_pretty(&manifest).expect("a manifest serialises") + "\n";
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        let problems = check(&Source::dirs(&corpus, &golden)).problems;
        Ok(Written {
            corpus,
            golden,
            problems,
        })
    }
}

/// The date written for documents whose format carries none.
pub const DEFAULT_DATE: &str = "1970-01-01";

/// A golden file as JSON holding only the declared layers.
pub fn golden_json(golden: &GoldenFile, layers: &[Layer]) -> String {
    let value = serde_json::to_value(golden).expect("a golden file serialises");
    let Value::Object(all) = value else {
        unreachable!("a golden file is an object")
    };
    let mut out = Map::new();
    for (key, mut v) in all {
        if key == "numbers" {
            whole_values_as_integers(&mut v);
        }
        let keep = match key.as_str() {
            "entities" => layers.contains(&Layer::Entities),
            "quotes" => layers.contains(&Layer::Quotes),
            "numbers" => layers.contains(&Layer::Numbers),
            _ => true,
        };
        if keep {
            out.insert(key, v);
        }
    }
    serde_json::to_string_pretty(&Value::Object(out)).expect("JSON serialises") + "\n"
}

/// `1500.0` is written `1500`, as annotators write it.
fn whole_values_as_integers(numbers: &mut Value) {
    for n in numbers.as_array_mut().into_iter().flatten() {
        if let Some(v) = n.get_mut("value") {
            if let Some(f) = v.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 1e15) {
                *v = Value::from(f as i64);
            }
        }
    }
}

/// A golden file's spans in code points, from the library's bytes.
pub fn to_codepoints(golden: &GoldenFile, text: &str) -> GoldenFile {
    let map = OffsetMap::new(text);
    let cp = |b: usize| map.from_byte(OffsetUnit::Codepoint, b).unwrap_or(0);
    let mut out = golden.clone();
    for e in &mut out.entities {
        for m in &mut e.mentions {
            (m.start, m.end) = (cp(m.start), cp(m.end));
        }
    }
    for q in &mut out.quotes {
        (q.start, q.end) = (cp(q.start), cp(q.end));
    }
    for n in &mut out.numbers {
        (n.start, n.end) = (cp(n.start), cp(n.end));
    }
    out
}

/// An error for a file that already exists where an export would write.
pub(crate) fn refuse_existing(path: &Path) -> Result<()> {
    if path.exists() {
        return Err(Error::Format {
            path: path.to_path_buf(),
            message: "already exists; wirebench never overwrites, choose another path".into(),
        });
    }
    Ok(())
}
