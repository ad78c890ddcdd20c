//! Typed metric ids, `<layer>.<measure>.<mode>.<stat>[/<label>]`, and the one
//! evaluator that turns per-document counts into any metric.
//!
//! Ids are parsed once, where they enter (command line, report file), and
//! carry the count key they read (`spans.strict/PERSON`) precomputed, so the
//! bootstrap and randomisation loops never format or split a string. They
//! serialise as the same strings reports have always held and sort in string
//! order, so the JSON does not change.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::schema::Layer;
use crate::score::matching::Mode;
use crate::score::{Counts, DocumentCounts, MeasureKey};

/// What a measure pairs and checks (docs/METRICS.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Measure {
    /// Span boundaries and label.
    Spans,
    /// Entity spans under the four coarse classes.
    Coarse,
    /// Span and attributes together (speaker; kind, value and unit).
    E2e,
    /// Speaker of matched quotes.
    Speaker,
    /// Cue of matched quotes.
    Cue,
    /// Kind of matched numbers.
    Kind,
    /// Value of matched numbers.
    Value,
    /// Unit of matched numbers.
    Unit,
}

impl Measure {
    /// Every measure.
    pub const ALL: [Measure; 8] = [
        Measure::Spans,
        Measure::Coarse,
        Measure::E2e,
        Measure::Speaker,
        Measure::Cue,
        Measure::Kind,
        Measure::Value,
        Measure::Unit,
    ];

    /// The measure's name in metric ids.
    pub fn name(self) -> &'static str {
        match self {
            Measure::Spans => "spans",
            Measure::Coarse => "coarse",
            Measure::E2e => "e2e",
            Measure::Speaker => "speaker",
            Measure::Cue => "cue",
            Measure::Kind => "kind",
            Measure::Value => "value",
            Measure::Unit => "unit",
        }
    }

    /// Whether the measure is reported as an accuracy over matched spans
    /// (COR / (COR + INC)) rather than precision, recall and F1.
    pub fn is_accuracy(self) -> bool {
        matches!(
            self,
            Measure::Speaker | Measure::Cue | Measure::Kind | Measure::Value | Measure::Unit
        )
    }
}

/// The statistic a metric reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stat {
    /// Credit over predicted spans.
    Precision,
    /// Credit over gold spans.
    Recall,
    /// Harmonic mean of precision and recall.
    F1,
    /// COR / (COR + INC) of an attribute measure.
    Accuracy,
    /// Mean per-label F1 over labels with gold spans.
    MacroTypesF1,
    /// Mean per-document F1 over documents with a gold or a predicted span.
    MacroDocsF1,
    /// Sample standard deviation of those per-document F1s.
    MacroDocsF1Std,
    /// Documents in that mean.
    MacroDocsN,
    /// Documents left out of it (nothing gold, nothing predicted).
    MacroDocsSkipped,
}

impl Stat {
    /// Every statistic.
    pub const ALL: [Stat; 9] = [
        Stat::Precision,
        Stat::Recall,
        Stat::F1,
        Stat::Accuracy,
        Stat::MacroTypesF1,
        Stat::MacroDocsF1,
        Stat::MacroDocsF1Std,
        Stat::MacroDocsN,
        Stat::MacroDocsSkipped,
    ];

    /// The statistic's name in metric ids.
    pub fn name(self) -> &'static str {
        match self {
            Stat::Precision => "precision",
            Stat::Recall => "recall",
            Stat::F1 => "f1",
            Stat::Accuracy => "accuracy",
            Stat::MacroTypesF1 => "macro_types_f1",
            Stat::MacroDocsF1 => "macro_docs_f1",
            Stat::MacroDocsF1Std => "macro_docs_f1_std",
            Stat::MacroDocsN => "macro_docs_n",
            Stat::MacroDocsSkipped => "macro_docs_skipped",
        }
    }
}

/// A metric id, e.g. `entities.spans.strict.f1` or `numbers.spans.exact.recall/money`.
///
/// ```
/// use wirebench::MetricId;
///
/// let id: MetricId = "entities.spans.strict.f1/PERSON".parse().unwrap();
/// assert_eq!(id.label(), Some("PERSON"));
/// assert_eq!(id.to_string(), "entities.spans.strict.f1/PERSON");
/// assert!("entities.spans.sloppy.f1".parse::<MetricId>().is_err());
/// ```
#[derive(Debug, Clone)]
pub struct MetricId {
    layer: Layer,
    measure: Measure,
    mode: Mode,
    stat: Stat,
    label: Option<String>,
    /// `measure.mode[/label]`: the key of the counts this metric reads.
    key: String,
    /// The whole id as written.
    text: String,
}

impl MetricId {
    /// An id from its parts.
    pub fn new(
        layer: Layer,
        measure: Measure,
        mode: Mode,
        stat: Stat,
        label: Option<&str>,
    ) -> Self {
        let base = format!("{}.{}", measure.name(), mode.name());
        let (key, text) = match label {
            Some(l) => (
                format!("{base}/{l}"),
                format!("{layer}.{base}.{}/{l}", stat.name()),
            ),
            None => (base.clone(), format!("{layer}.{base}.{}", stat.name())),
        };
        MetricId {
            layer,
            measure,
            mode,
            stat,
            label: label.map(str::to_owned),
            key,
            text,
        }
    }

    /// The headline metric of a layer: `entities.spans.strict.f1`,
    /// `quotes.e2e.overlap.f1`, `numbers.e2e.overlap.f1`.
    pub fn headline(layer: Layer) -> Self {
        match layer {
            Layer::Entities => MetricId::new(layer, Measure::Spans, Mode::Strict, Stat::F1, None),
            Layer::Quotes | Layer::Numbers => {
                MetricId::new(layer, Measure::E2e, Mode::Overlap, Stat::F1, None)
            }
        }
    }

    /// The id of `stat` over a count key `measure.mode[/label]` of `layer`.
    pub(crate) fn from_count_key(layer: Layer, key: &str, stat: Stat) -> Option<MetricId> {
        let (base, label) = match key.split_once('/') {
            Some((base, label)) => (base, Some(label)),
            None => (key, None),
        };
        let (measure, mode) = base.split_once('.')?;
        let measure = Measure::ALL.into_iter().find(|m| m.name() == measure)?;
        let mode = Mode::ALL.into_iter().find(|m| m.name() == mode)?;
        Some(MetricId::new(layer, measure, mode, stat, label))
    }

    /// The layer.
    pub fn layer(&self) -> Layer {
        self.layer
    }

    /// The measure.
    pub fn measure(&self) -> Measure {
        self.measure
    }

    /// The pairing mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The statistic.
    pub fn stat(&self) -> Stat {
        self.stat
    }

    /// The entity type, coarse class or number kind the metric is restricted to.
    pub fn label(&self) -> Option<&str> {
        self.label.as_deref()
    }

    /// The id as a string.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The key of the per-document counts it reads: `measure.mode[/label]`.
    pub fn count_key(&self) -> &str {
        &self.key
    }

    /// The same metric with another statistic (and no label for `macro_types_f1`).
    pub(crate) fn with_stat(&self, stat: Stat) -> MetricId {
        MetricId::new(self.layer, self.measure, self.mode, stat, self.label())
    }

    /// Whether a bootstrap interval or a significance test can be drawn for
    /// it: the proportions and the macro F1s, not the document tallies.
    pub fn is_resamplable(&self) -> bool {
        !matches!(
            self.stat,
            Stat::MacroDocsF1Std | Stat::MacroDocsN | Stat::MacroDocsSkipped
        )
    }

    /// The metric over a multiset of documents, from their counts; `None`
    /// where a denominator is zero. Every figure wirebench prints comes from
    /// here: totals, bootstrap resamples, comparisons and worst documents.
    pub fn value(&self, docs: &[&DocumentCounts]) -> Option<f64> {
        let prefix = self.label_prefix();
        let totals = KeyTotals::gather(docs, |layer, key| {
            layer == self.layer
                && (key == self.key
                    || (self.stat == Stat::MacroTypesF1 && key.starts_with(&prefix)))
        });
        self.evaluate(&totals, docs.len())
    }

    /// The metric from the totals of its count keys over `documents`
    /// documents (see [`KeyTotals::gather`]).
    pub(crate) fn evaluate(&self, totals: &KeyTotals, documents: usize) -> Option<f64> {
        let key = || totals.get(self.layer, &self.key);
        let sum = || key().map(|k| k.counts).unwrap_or_default();
        let f1s = || key().map_or(&[][..], |k| &k.f1s[..]);
        match self.stat {
            Stat::Precision => sum().precision(),
            Stat::Recall => sum().recall(),
            Stat::F1 => sum().f1(),
            Stat::Accuracy => sum().accuracy(),
            Stat::MacroTypesF1 => {
                let prefix = self.label_prefix();
                let f1s: Vec<f64> = totals
                    .labelled(self.layer, &prefix)
                    .map(|k| k.counts)
                    .filter(|c| c.possible() > 0)
                    .filter_map(|c| c.f1())
                    .collect();
                mean(&f1s)
            }
            Stat::MacroDocsF1 | Stat::MacroDocsF1Std | Stat::MacroDocsN => match key() {
                Some(KeyTotal {
                    summary: Some(s), ..
                }) => s.stat(self.stat),
                _ => doc_stat(self.stat, f1s()),
            },
            Stat::MacroDocsSkipped => {
                let n = match key() {
                    Some(KeyTotal {
                        summary: Some(s), ..
                    }) => s.n,
                    _ => f1s().len(),
                };
                Some((documents - n) as f64)
            }
        }
    }

    /// The metric's counts summed over `docs`: what an accuracy is over
    /// (`cor` of `cor + inc` matched spans).
    pub fn total(&self, docs: &[&DocumentCounts]) -> Counts {
        let mut total = Counts::default();
        for doc in docs {
            total.add(&self.counts_of(doc));
        }
        total
    }

    /// Whether the metric is an accuracy over matched spans.
    pub fn is_accuracy(&self) -> bool {
        self.stat == Stat::Accuracy
    }

    pub(crate) fn counts_of(&self, doc: &DocumentCounts) -> Counts {
        doc.get(&self.layer)
            .and_then(|m| m.get(self.key.as_str()))
            .copied()
            .unwrap_or_default()
    }

    /// `measure.mode/` the prefix of this metric's per-label keys.
    fn label_prefix(&self) -> String {
        format!("{}.{}/", self.measure.name(), self.mode.name())
    }

    /// The labels any of `docs` has counts for under this measure and mode, in order.
    pub(crate) fn labels_of(&self, docs: &[&DocumentCounts]) -> Vec<String> {
        let prefix = self.label_prefix();
        let mut labels = std::collections::BTreeSet::new();
        for doc in docs {
            let Some(measures) = doc.get(&self.layer) else {
                continue;
            };
            let from = MeasureKey::Owned(prefix.clone());
            for key in measures.range(from..).map(|(k, _)| k) {
                let Some(label) = key.strip_prefix(&prefix) else {
                    break;
                };
                if !labels.contains(label) {
                    labels.insert(label.to_owned());
                }
            }
        }
        labels.into_iter().collect()
    }

    /// A document's counts for one label of this measure and mode.
    pub(crate) fn counts_of_label(&self, doc: &DocumentCounts, label: &str) -> Counts {
        doc.get(&self.layer)
            .and_then(|m| m.get(format!("{}{label}", self.label_prefix()).as_str()))
            .copied()
            .unwrap_or_default()
    }
}

/// Count keys summed over a set of documents in one pass, with each
/// document's F1 under the key (in document order): what every statistic of
/// every key is computed from.
#[derive(Debug, Default)]
pub(crate) struct KeyTotals {
    keys: BTreeMap<(Layer, MeasureKey), KeyTotal>,
}

/// One key's counts summed, and the F1 of each document where it is
/// defined: each of them (`f1s`), or their summary when the documents were
/// seen one at a time and are gone (`summary`).
#[derive(Debug, Default)]
pub(crate) struct KeyTotal {
    counts: Counts,
    f1s: Vec<f64>,
    summary: Option<DocF1s>,
}

/// What the macro-over-documents statistics need of the per-document F1s
/// (in document order): how many, their sum, and the sum of their squared
/// deviations from the mean. Summed in order, so the figures are the same
/// bits as from the F1s themselves.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct DocF1s {
    /// Documents with an F1.
    pub(crate) n: usize,
    /// Their F1s summed in document order.
    pub(crate) sum: f64,
    /// Σ (F1 − mean)² in document order, when computed.
    pub(crate) sqdev: Option<f64>,
}

impl DocF1s {
    /// The summary of `f1s`; the squared deviations only when `spread`.
    pub(crate) fn of(f1s: &[f64], spread: bool) -> DocF1s {
        let mut s = DocF1s::default();
        for &f in f1s {
            s.add(f);
        }
        if spread {
            let mean = s.mean();
            s.sqdev = Some(f1s.iter().map(|f| (f - mean).powi(2)).sum());
        }
        s
    }

    /// Adds the next document's F1 (before any deviation is added).
    pub(crate) fn add(&mut self, f1: f64) {
        // F1s are never -0.0, so starting at 0.0 gives `Iterator::sum`'s bits.
        self.sum += f1;
        self.n += 1;
    }

    /// The mean, as [`mean`] computes it.
    pub(crate) fn mean(&self) -> f64 {
        self.sum / self.n as f64
    }

    /// Adds the next document's squared deviation from [`DocF1s::mean`]
    /// (a second pass, once every F1 was added).
    pub(crate) fn add_deviation(&mut self, f1: f64) {
        let d = (f1 - self.mean()).powi(2);
        self.sqdev = Some(self.sqdev.unwrap_or(0.0) + d);
    }

    /// A macro-over-documents statistic.
    pub(crate) fn stat(&self, stat: Stat) -> Option<f64> {
        let n = self.n;
        match stat {
            Stat::MacroDocsF1 => (n > 0).then(|| self.mean()),
            Stat::MacroDocsF1Std => {
                (n > 1).then(|| (self.sqdev.expect("deviations added") / (n - 1) as f64).sqrt())
            }
            Stat::MacroDocsN => Some(n as f64),
            Stat::MacroDocsSkipped => None,
            _ => None,
        }
    }
}

impl KeyTotals {
    /// The totals of the keys `wanted` accepts, over `docs` in order.
    pub(crate) fn gather(
        docs: &[&DocumentCounts],
        wanted: impl Fn(Layer, &str) -> bool,
    ) -> KeyTotals {
        let mut totals = KeyTotals::default();
        for doc in docs {
            for (&layer, measures) in doc.iter() {
                for (key, counts) in measures {
                    if !wanted(layer, key) {
                        continue;
                    }
                    let total = match totals.keys.get_mut(&(layer, key.clone())) {
                        Some(total) => total,
                        None => totals.keys.entry((layer, key.clone())).or_default(),
                    };
                    total.counts.add(counts);
                    total.f1s.extend(counts.f1());
                }
            }
        }
        totals
    }

    /// Totals of keys summed elsewhere, document by document: each key's
    /// counts and the summary of its per-document F1s.
    pub(crate) fn from_summaries(
        keys: impl IntoIterator<Item = ((Layer, String), Counts, DocF1s)>,
    ) -> KeyTotals {
        KeyTotals {
            keys: keys
                .into_iter()
                .map(|(key, counts, summary)| {
                    let total = KeyTotal {
                        counts,
                        f1s: Vec::new(),
                        summary: Some(summary),
                    };
                    ((key.0, MeasureKey::Owned(key.1)), total)
                })
                .collect(),
        }
    }

    /// Every key with totals, in order.
    pub(crate) fn keys(&self) -> impl Iterator<Item = (Layer, &str)> {
        self.keys.keys().map(|(layer, key)| (*layer, key.as_ref()))
    }

    fn get(&self, layer: Layer, key: &str) -> Option<&KeyTotal> {
        self.keys.get(&(layer, MeasureKey::Owned(key.to_owned())))
    }

    /// The totals of the keys under `prefix` (`measure.mode/`), in label order.
    fn labelled<'a>(&'a self, layer: Layer, prefix: &'a str) -> impl Iterator<Item = &'a KeyTotal> {
        self.keys
            .range((layer, MeasureKey::Owned(prefix.to_owned()))..)
            .take_while(move |((l, key), _)| *l == layer && key.starts_with(prefix))
            .map(|(_, total)| total)
    }
}

pub(crate) fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// The macro-over-documents statistics from the per-document F1s.
pub(crate) fn doc_stat(stat: Stat, f1s: &[f64]) -> Option<f64> {
    DocF1s::of(f1s, stat == Stat::MacroDocsF1Std && f1s.len() > 1).stat(stat)
}

/// Why a string is not a metric id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{id}` is not a metric id ({reason}); ids look like entities.spans.strict.f1 or numbers.value.overlap.accuracy")]
pub struct ParseMetricIdError {
    id: String,
    reason: String,
}

impl FromStr for MetricId {
    type Err = ParseMetricIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let fail = |reason: String| ParseMetricIdError {
            id: s.to_owned(),
            reason,
        };
        let (base, label) = match s.split_once('/') {
            Some((base, label)) if !label.is_empty() => (base, Some(label)),
            Some(_) => return Err(fail("empty label after `/`".into())),
            None => (s, None),
        };
        let parts: Vec<&str> = base.split('.').collect();
        let [layer, measure, mode, stat] = parts[..] else {
            return Err(fail(format!("{} dot-separated parts, not 4", parts.len())));
        };
        let layer = Layer::ALL
            .into_iter()
            .find(|l| l.name() == layer)
            .ok_or_else(|| fail(format!("unknown layer `{layer}`")))?;
        let measure = Measure::ALL
            .into_iter()
            .find(|m| m.name() == measure)
            .ok_or_else(|| fail(format!("unknown measure `{measure}`")))?;
        let mode = Mode::ALL
            .into_iter()
            .find(|m| m.name() == mode)
            .ok_or_else(|| fail(format!("unknown mode `{mode}`")))?;
        let stat = Stat::ALL
            .into_iter()
            .find(|m| m.name() == stat)
            .ok_or_else(|| fail(format!("unknown statistic `{stat}`")))?;
        Ok(MetricId::new(layer, measure, mode, stat, label))
    }
}

impl fmt::Display for MetricId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq for MetricId {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for MetricId {}

impl Hash for MetricId {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

/// String order, so that maps keyed by ids serialise as they always have.
impl Ord for MetricId {
    fn cmp(&self, other: &Self) -> Ordering {
        self.text.cmp(&other.text)
    }
}

impl PartialOrd for MetricId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Maps keyed by ids can be read with the id's string (`metrics["entities.spans.strict.f1"]`):
/// equality, order and hash are those of the string.
impl std::borrow::Borrow<str> for MetricId {
    fn borrow(&self) -> &str {
        &self.text
    }
}

impl Serialize for MetricId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for MetricId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_strings() {
        for s in [
            "entities.spans.strict.f1",
            "entities.spans.strict.f1/PERSON",
            "quotes.speaker.overlap.accuracy",
            "numbers.e2e.overlap.macro_docs_f1_std",
            "entities.coarse.type.macro_types_f1",
        ] {
            let id: MetricId = s.parse().unwrap();
            assert_eq!(id.to_string(), s);
        }
        let id: MetricId = "entities.spans.strict.f1/PERSON".parse().unwrap();
        assert_eq!(
            (
                id.layer(),
                id.measure(),
                id.mode(),
                id.stat(),
                id.key.as_str()
            ),
            (
                Layer::Entities,
                Measure::Spans,
                Mode::Strict,
                Stat::F1,
                "spans.strict/PERSON"
            )
        );
    }

    #[test]
    fn malformed_ids_say_what_is_wrong() {
        for (s, reason) in [
            ("entities.spans.f1", "3 dot-separated parts"),
            ("people.spans.strict.f1", "unknown layer `people`"),
            ("entities.spans.strict.f2", "unknown statistic `f2`"),
            ("entities.spans.strict.f1/", "empty label"),
        ] {
            let err = s.parse::<MetricId>().unwrap_err().to_string();
            assert!(err.contains(reason), "{s}: {err}");
        }
    }

    #[test]
    fn ids_sort_as_their_strings() {
        let mut ids: Vec<MetricId> = [
            "quotes.cue.overlap.accuracy",
            "entities.spans.type.f1",
            "entities.spans.strict.f1/PERSON",
            "entities.spans.strict.f1",
        ]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
        ids.sort();
        let mut strings: Vec<String> = ids.iter().map(ToString::to_string).collect();
        let sorted = strings.clone();
        strings.sort();
        assert_eq!(strings, sorted);
    }
}
