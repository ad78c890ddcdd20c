//! `wirebench corpus stats`: the size and make-up of a corpus, and which
//! phenomena it covers in each split.
//!
//! A benchmark is only as good as its corpus: a phenomenon that appears in
//! one document cannot be measured. Most phenomena are read off the golden
//! files and the text (types, kinds, null speakers, cue-less quotes, marks,
//! ranges); the rest come from the manifest's `phenomena` lists.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use crate::corpus::{Dataset, Document};
use crate::golden::GoldenFile;
use crate::report::table::grid;
use crate::schema::{EntityType, Layer, NumberKind, NumberValue};

/// Counts over the whole corpus and per group.
#[derive(Debug, Clone, Default)]
pub struct CorpusStats {
    /// Documents.
    pub documents: usize,
    /// White-space separated words.
    pub words: usize,
    /// Gold spans per layer.
    pub spans: BTreeMap<Layer, usize>,
    /// Entity mentions per type.
    pub entity_types: BTreeMap<EntityType, usize>,
    /// Numbers per kind.
    pub number_kinds: BTreeMap<NumberKind, usize>,
    /// Documents and words per topic, region and split.
    pub groups: BTreeMap<(&'static str, String), (usize, usize)>,
    /// Phenomenon → split → documents that show it.
    pub coverage: BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
    /// The shapes documents take, `(dimension, value)` → split → documents:
    /// length band, form, house style and quotation-mark style.
    pub spread: BTreeMap<(&'static str, String), BTreeMap<String, usize>>,
    /// Split → the word count of each of its documents, sorted.
    pub lengths: BTreeMap<String, Vec<usize>>,
}

/// The length band of a document of `words` words.
fn length_band(words: usize) -> &'static str {
    match words {
        0..300 => "a: under 300",
        300..600 => "b: 300-599",
        600..1000 => "c: 600-999",
        1000..1500 => "d: 1000-1499",
        _ => "e: 1500 and over",
    }
}

/// Which quotation marks a text uses: curly, straight, guillemets, a mix, or none.
fn mark_style(text: &str) -> &'static str {
    let curly = text.contains(['“', '”']);
    let straight = text.contains('"');
    let guillemets = text.contains(['«', '»']);
    match (curly, straight, guillemets) {
        (false, false, false) => "none",
        (true, false, false) => "curly",
        (false, true, false) => "straight",
        (false, false, true) => "guillemets",
        _ => "mixed",
    }
}

/// Computes the statistics of a validated dataset.
pub fn corpus_stats(dataset: &Dataset) -> CorpusStats {
    let mut stats = CorpusStats {
        documents: dataset.documents().len(),
        ..CorpusStats::default()
    };
    for (doc, gold) in dataset.documents().iter().zip(dataset.gold()) {
        let words = doc.text.split_whitespace().count();
        stats.words += words;
        for layer in Layer::ALL {
            *stats.spans.entry(layer).or_default() += gold.count(layer);
        }
        for e in &gold.entities {
            *stats.entity_types.entry(e.ty).or_default() += e.mentions.len();
        }
        for n in &gold.numbers {
            *stats.number_kinds.entry(n.kind).or_default() += 1;
        }
        let split = doc.meta.split.map_or("none", |s| s.name()).to_owned();
        stats.lengths.entry(split.clone()).or_default().push(words);
        for (dimension, value) in [
            ("length", Some(length_band(words).to_owned())),
            ("form", doc.meta.form.clone()),
            ("style", doc.meta.style.clone()),
            ("marks", Some(mark_style(&doc.text).to_owned())),
        ] {
            let value = value.unwrap_or_else(|| "unrecorded".into());
            *stats
                .spread
                .entry((dimension, value))
                .or_default()
                .entry(split.clone())
                .or_default() += 1;
        }
        for (group, value) in [
            ("topic", doc.meta.topic.clone()),
            ("region", doc.meta.region.clone()),
            ("split", Some(split.clone())),
        ] {
            let entry = stats
                .groups
                .entry((group, value.unwrap_or_else(|| "none".into())))
                .or_default();
            entry.0 += 1;
            entry.1 += words;
        }
        let from_manifest = doc
            .meta
            .phenomena
            .iter()
            .filter(|t| !COMPUTED_TAGS.contains(&t.as_str()))
            .cloned();
        let found = phenomena(doc, gold).into_iter().chain(from_manifest);
        for phenomenon in found {
            stats
                .coverage
                .entry(phenomenon)
                .or_default()
                .entry(split.clone())
                .or_default()
                .insert(doc.id.clone());
        }
    }
    for lengths in stats.lengths.values_mut() {
        lengths.sort_unstable();
    }
    stats
}

/// Manifest tags that [`phenomena`] computes from the golden file and text;
/// for these the computed answer is used and the manifest's is ignored.
pub const COMPUTED_TAGS: &[&str] = &[
    "abbreviation",
    "curly-marks",
    "currency-code",
    "currency-symbol",
    "currency-word",
    "date-with-year",
    "date-without-year",
    "decade",
    "decimal",
    "diacritics",
    "event",
    "facility",
    "fraction",
    "guillemets",
    "hyphenated-compound",
    "language",
    "law",
    "mismatched-marks",
    "month-year",
    "multi-paragraph",
    "number-words",
    "ordinal-digits",
    "ordinal-word",
    "org-with-of",
    "particle",
    "per-cent",
    "percent-symbol",
    "percent-word",
    "product",
    "quantity",
    "range",
    "scale",
    "straight-marks",
    "surname-for-person",
    "two-people-one-surname",
    "work-of-art",
    "year",
];

fn is_open_close(open: char, close: char) -> Option<bool> {
    const OPENERS: &str = "“”\"«‘";
    const CLOSERS: &str = "”\"»’“";
    (OPENERS.contains(open) && CLOSERS.contains(close)).then_some(matches!(
        (open, close),
        ('“', '”') | ('"', '"') | ('«', '»') | ('‘', '’')
    ))
}

/// Phenomena read off one document's golden file and text.
pub fn phenomena(doc: &Document, gold: &GoldenFile) -> BTreeSet<String> {
    let text = doc.text.as_str();
    let mut found = BTreeSet::new();
    let mut add = |name: &str| {
        found.insert(name.to_owned());
    };
    for e in &gold.entities {
        add(&format!("entity:{}", e.ty.label()));
        for m in &e.mentions {
            let t = m.text.as_str();
            if t.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && t.chars().all(|c| c.is_uppercase() || c == '.' || c == '-')
            {
                add("entity:abbreviation");
            }
            if t.chars().any(|c| c.is_alphabetic() && !c.is_ascii()) {
                add("entity:diacritics");
            }
            if t.contains('-') {
                add("entity:hyphenated-compound");
            }
            if [
                " de ", " van ", " von ", " bin ", " al-", "al-", " da ", " del ",
            ]
            .iter()
            .any(|p| t.contains(p) || t.starts_with(p.trim_start()))
            {
                add("entity:particle");
            }
            if e.ty == EntityType::Org && t.contains(" of ") {
                add("entity:org-with-of");
            }
            if e.ty == EntityType::Person && !t.contains(' ') && e.canonical.contains(' ') {
                add("entity:surname-for-person");
            }
        }
    }
    let surnames: Vec<&str> = gold
        .entities
        .iter()
        .filter(|e| e.ty == EntityType::Person)
        .filter_map(|e| e.canonical.split_whitespace().last())
        .collect();
    if surnames
        .iter()
        .enumerate()
        .any(|(i, s)| surnames[i + 1..].contains(s))
    {
        add("entity:two-people-one-surname");
    }
    for q in &gold.quotes {
        let inner_space = [' ', '\u{a0}', '\u{202f}'];
        let open = text[..q.start]
            .trim_end_matches(inner_space)
            .chars()
            .next_back();
        let close = text[q.end..].trim_start_matches(inner_space).chars().next();
        if q.speaker.is_none() {
            add("quote:null-speaker");
        }
        if q.cue.is_none() {
            add("quote:no-cue");
        }
        match (open, close) {
            (Some(o), Some(c)) => match is_open_close(o, c) {
                Some(true) => add(match o {
                    '"' => "quote:straight-marks",
                    '«' => "quote:guillemets",
                    '‘' => "quote:single-marks",
                    _ => "quote:curly-marks",
                }),
                Some(false) => add("quote:mismatched-marks"),
                None if c == '\n' || c == '\r' => add("quote:multi-paragraph"),
                None => {}
            },
            (_, None) => add("quote:multi-paragraph"),
            _ => {}
        }
    }
    let mut numbers: Vec<_> = gold.numbers.iter().collect();
    numbers.sort_by_key(|n| n.start);
    for (i, n) in numbers.iter().enumerate() {
        add(&format!("number:{}", n.kind.name()));
        let t = n.text.to_lowercase();
        let has_digit = t.chars().any(|c| c.is_ascii_digit());
        if !has_digit {
            add("number:words");
        }
        if ["million", "billion", "trillion", "thousand"]
            .iter()
            .any(|w| t.contains(w))
        {
            add("number:scale");
        }
        if let NumberValue::Number(v) = n.value {
            if v.fract() != 0.0 && has_digit && t.contains('.') {
                add("number:decimal");
            }
            if v.fract() != 0.0 && (!has_digit || t.contains('/')) {
                add("number:fraction");
            }
        }
        match n.kind {
            NumberKind::Percent if t.contains('%') => add("number:percent-symbol"),
            NumberKind::Percent if t.contains("per cent") => add("number:per-cent"),
            NumberKind::Percent => add("number:percent-word"),
            NumberKind::Ordinal if has_digit => add("number:ordinal-digits"),
            NumberKind::Ordinal => add("number:ordinal-word"),
            NumberKind::Year if n.unit.as_deref() == Some("decade") => add("number:decade"),
            NumberKind::Date => match &n.value {
                NumberValue::Text(v) if v.starts_with("XXXX") => add("number:date-without-year"),
                NumberValue::Text(v) if v.len() == 7 => add("number:month-year"),
                _ => add("number:date-with-year"),
            },
            NumberKind::Money if t.chars().any(|c| "$€£¥₵₩₹".contains(c)) => {
                add("number:currency-symbol")
            }
            NumberKind::Money
                if t.split(|c: char| !c.is_alphabetic())
                    .any(|w| w.len() == 3 && n.text.contains(&w.to_uppercase())) =>
            {
                add("number:currency-code")
            }
            NumberKind::Money => add("number:currency-word"),
            _ => {}
        }
        if let Some(next) = numbers.get(i + 1) {
            let gap = &text[n.end..next.start];
            let before = &text[..n.start];
            let between = before.trim_end().ends_with("between") && gap.trim() == "and";
            if between || ["-", "–", "to"].contains(&gap.trim()) && gap.len() <= 4 {
                add("number:range");
            }
        }
    }
    found
}

impl CorpusStats {
    /// The statistics as terminal tables.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{} documents, {} words", self.documents, self.words);
        let spans: Vec<String> = self.spans.iter().map(|(l, n)| format!("{n} {l}")).collect();
        let _ = writeln!(out, "gold spans: {}\n", spans.join(", "));
        let rows: Vec<Vec<String>> = self
            .entity_types
            .iter()
            .map(|(t, n)| vec![t.label().into(), n.to_string()])
            .collect();
        out.push_str(&grid(&["entity type", "mentions"], &rows));
        out.push('\n');
        let rows: Vec<Vec<String>> = self
            .number_kinds
            .iter()
            .map(|(k, n)| vec![k.name().into(), n.to_string()])
            .collect();
        out.push_str(&grid(&["number kind", "numbers"], &rows));
        out.push('\n');
        let rows: Vec<Vec<String>> = self
            .groups
            .iter()
            .map(|((group, value), (docs, words))| {
                vec![
                    format!("{group}: {value}"),
                    docs.to_string(),
                    words.to_string(),
                ]
            })
            .collect();
        out.push_str(&grid(&["group", "documents", "words"], &rows));
        out.push('\n');
        let rows: Vec<Vec<String>> = self
            .lengths
            .iter()
            .map(|(split, words)| {
                let at = |q: usize| words[(words.len() - 1) * q / 4].to_string();
                vec![
                    split.clone(),
                    words.len().to_string(),
                    at(0),
                    at(1),
                    at(2),
                    at(3),
                    at(4),
                ]
            })
            .collect();
        out.push_str(&grid(
            &[
                "split",
                "documents",
                "min words",
                "25%",
                "median",
                "75%",
                "max",
            ],
            &rows,
        ));
        out.push('\n');
        let rows: Vec<Vec<String>> = self
            .spread
            .iter()
            .map(|((dimension, value), splits)| {
                let count = |s: &str| splits.get(s).copied().unwrap_or(0).to_string();
                vec![format!("{dimension}: {value}"), count("dev"), count("test")]
            })
            .collect();
        out.push_str(&grid(&["shape", "dev", "test"], &rows));
        out.push('\n');
        let rows: Vec<Vec<String>> = self
            .coverage
            .iter()
            .map(|(phenomenon, splits)| {
                let count = |s: &str| splits.get(s).map_or(0, BTreeSet::len).to_string();
                let docs: BTreeSet<&String> = splits.values().flatten().collect();
                let docs: Vec<&str> = docs.into_iter().map(String::as_str).collect();
                vec![
                    phenomenon.clone(),
                    count("dev"),
                    count("test"),
                    docs.join(" "),
                ]
            })
            .collect();
        out.push_str(&grid(&["phenomenon", "dev", "test", "documents"], &rows));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_fall_into_length_bands_and_mark_styles() {
        assert_eq!(length_band(299), "a: under 300");
        assert_eq!(length_band(300), "b: 300-599");
        assert_eq!(length_band(1500), "e: 1500 and over");
        assert_eq!(mark_style("He said “yes.”"), "curly");
        assert_eq!(mark_style("He said \"yes.\""), "straight");
        assert_eq!(mark_style("« oui » and “yes”"), "mixed");
        assert_eq!(mark_style("No quotes."), "none");
    }
}
