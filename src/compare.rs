//! `wirebench compare`: is a candidate better or worse than a base, or is
//! the difference noise?
//!
//! On a few dozen documents a point of F1 is often noise, and a gate that
//! fires on noise gets switched off. For each metric this module gives the
//! delta, a paired bootstrap interval of the delta (the same resampled
//! documents for both systems), and a paired approximate-randomisation test
//! (each document's counts swapped between the systems at random; p =
//! (c + 1)/(N + 1)), with Holm's correction. A verdict is "better" or
//! "worse" only when the corrected p is below α.
//!
//! A verdict is only worth something if it cannot be fooled, so this module
//! also refuses what it cannot judge: reports scored under different settings
//! (scorer, schema, IoU threshold, label map, corpus, golden files), no
//! shared document or layer, and settings under which p < α is unreachable or
//! the work unbounded. The gated metrics form Holm's family; metrics shown for
//! information are corrected in a family of their own, so adding them never
//! changes a gate. A layer or gated metric the base has and the candidate
//! lacks fails the gate.

use std::collections::BTreeSet;
use std::fmt::Write;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::report::table::{fmt_count, fmt_metric, grid};
use crate::report::{ExtractorScores, Report};
use crate::schema::Layer;
use crate::score::bootstrap::quantile;
use crate::score::errors::{Category, ErrorRecord};
use crate::score::{headline, DocumentCounts, MetricId};

/// How the comparison is run; recorded in its output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompareConfig {
    /// Significance level.
    pub alpha: f64,
    /// Approximate-randomisation trials.
    pub trials: usize,
    /// Bootstrap resamples for the interval of the delta.
    pub resamples: usize,
    /// Seed of the ChaCha8 generator for both.
    pub seed: u64,
}

/// The fewest randomisation trials and bootstrap resamples accepted.
pub const MIN_TRIALS: usize = 100;
/// The most randomisation trials and bootstrap resamples accepted: beyond,
/// time grows with no gain in what the verdict says.
pub const MAX_TRIALS: usize = 1_000_000;

impl CompareConfig {
    /// Checks α is in (0, 1) and trials and resamples in
    /// [`MIN_TRIALS`]..=[`MAX_TRIALS`], before anything is allocated.
    pub fn check(&self) -> Result<(), CompareError> {
        if !(self.alpha > 0.0 && self.alpha < 1.0) {
            return Err(CompareError::Setting(format!(
                "--alpha {}: the significance level must be in (0, 1), e.g. 0.05",
                self.alpha
            )));
        }
        for (name, n) in [("--trials", self.trials), ("--resamples", self.resamples)] {
            if !(MIN_TRIALS..=MAX_TRIALS).contains(&n) {
                return Err(CompareError::Setting(format!(
                    "{name} {n}: must be between {MIN_TRIALS} and {MAX_TRIALS}"
                )));
            }
        }
        Ok(())
    }

    /// Checks a family of `gated` metrics can reach a Holm-corrected p below
    /// α: the smallest p is 1/(trials + 1), multiplied by the family's size.
    pub fn check_reachable(&self, gated: usize) -> Result<(), CompareError> {
        let smallest = gated.max(1) as f64 / (self.trials + 1) as f64;
        if smallest >= self.alpha {
            let needed = (gated.max(1) as f64 / self.alpha).ceil() as usize;
            return Err(CompareError::Setting(format!(
                "--trials {}: with {gated} gated metric(s) the smallest corrected p is {smallest:.4}, not below α = {}; use at least {needed} trials",
                self.trials, self.alpha
            )));
        }
        Ok(())
    }
}

impl Default for CompareConfig {
    fn default() -> Self {
        CompareConfig {
            alpha: 0.05,
            trials: 10_000,
            resamples: 1000,
            seed: 20_261_130,
        }
    }
}

/// The verdict on one metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Higher, significantly after correction.
    Better,
    /// Lower, significantly after correction.
    Worse,
    /// Not significant (or undefined).
    NoSignificantChange,
    /// The base has the metric, the candidate does not.
    Missing,
}

/// Which Holm family a metric belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// A gate reads it; corrected with the other gated metrics only.
    Gated,
    /// Shown for information; corrected in its own family, never gated.
    Informational,
}

impl Verdict {
    /// How the verdict reads.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Better => "better",
            Verdict::Worse => "worse",
            Verdict::NoSignificantChange => "no significant change",
            Verdict::Missing => "missing in the candidate",
        }
    }
}

/// One metric compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricComparison {
    /// Metric id.
    pub metric: MetricId,
    /// Base figure.
    pub base: Option<f64>,
    /// Candidate figure.
    pub candidate: Option<f64>,
    /// Candidate minus base.
    pub delta: Option<f64>,
    /// 95% paired bootstrap interval of the delta.
    pub delta_low: Option<f64>,
    /// Upper bound of that interval.
    pub delta_high: Option<f64>,
    /// Approximate-randomisation p-value.
    pub p: Option<f64>,
    /// Holm-corrected p-value over the metrics compared.
    pub p_holm: Option<f64>,
    /// The verdict at α on the corrected p.
    pub verdict: Verdict,
    /// The Holm family it was corrected in.
    pub family: Family,
    /// For an accuracy over matched spans: (correct, matched) of the base.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_counts: Option<(u64, u64)>,
    /// The same for the candidate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub candidate_counts: Option<(u64, u64)>,
}

/// A document whose score moved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentMove {
    /// Document id.
    pub doc: String,
    /// Base headline F1 on it (mean over layers).
    pub base: f64,
    /// Candidate headline F1 on it.
    pub candidate: f64,
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// Base extractor id.
    pub base: String,
    /// Candidate extractor id.
    pub candidate: String,
    /// Documents compared (both reports hold them).
    pub documents: usize,
    /// Settings.
    pub config: CompareConfig,
    /// Metric by metric, in the order asked.
    pub metrics: Vec<MetricComparison>,
    /// Documents whose headline F1 moved most, largest change first.
    pub moved: Vec<DocumentMove>,
    /// Layers the base was scored on and the candidate was not.
    #[serde(default)]
    pub missing_layers: Vec<Layer>,
}

/// Why two reports cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompareError {
    /// The reports were scored under different scoring rules.
    #[error("the reports come from scorer versions {base} and {candidate}; rescore both with one wirebench")]
    ScorerVersion {
        /// Base report's scorer version.
        base: u32,
        /// Candidate report's scorer version.
        candidate: u32,
    },
    /// The reports were made on different corpora or golden annotations.
    #[error("the reports were made on different {what} (fingerprints {base} and {candidate}); pass --shared-documents to compare only the documents both hold")]
    Fingerprint {
        /// `corpus` or `golden files`.
        what: &'static str,
        /// Base hash.
        base: String,
        /// Candidate hash.
        candidate: String,
    },
    /// Which extractors to compare is not clear.
    #[error("{0}")]
    Pairing(String),
    /// A metric asked for is not in the base report.
    #[error("metric `{0}` is not in the base report")]
    UnknownMetric(MetricId),
    /// The reports were scored under different settings.
    #[error("the reports were scored with different {what} ({base} and {candidate}); rescore both with the same settings")]
    Settings {
        /// Which setting.
        what: &'static str,
        /// The base report's.
        base: String,
        /// The candidate report's.
        candidate: String,
    },
    /// The two extractors were scored on no document in common.
    #[error("the base and candidate share no document: nothing to compare")]
    NoSharedDocuments,
    /// The two extractors share no layer.
    #[error("`{base}` ({base_layers}) and `{candidate}` ({candidate_layers}) share no layer: nothing to compare")]
    NoSharedLayer {
        /// Base extractor.
        base: String,
        /// Its layers.
        base_layers: String,
        /// Candidate extractor.
        candidate: String,
        /// Its layers.
        candidate_layers: String,
    },
    /// α, trials or resamples out of range.
    #[error("{0}")]
    Setting(String),
    /// An errors file does not belong to the report it is given with.
    #[error("{path}: {message}")]
    ErrorsFile {
        /// The errors file.
        path: String,
        /// What does not match.
        message: String,
    },
}

/// An extractor's id with its scores.
pub type Named<'a> = (&'a str, &'a ExtractorScores);

/// Picks the base and candidate extractors: the ones named, else the one
/// id both reports share, else the only extractor of each.
pub fn pair<'a>(
    base: &'a Report,
    candidate: &'a Report,
    names: (Option<&str>, Option<&str>),
) -> Result<(Named<'a>, Named<'a>), CompareError> {
    let pick = |report: &'a Report,
                name: Option<&str>,
                side: &str|
     -> Result<Option<(&'a str, &'a ExtractorScores)>, CompareError> {
        match name {
            Some(n) => report
                .scores
                .get_key_value(n)
                .map(|(k, v)| Some((k.as_str(), v)))
                .ok_or_else(|| {
                    CompareError::Pairing(format!("the {side} report has no extractor `{n}`"))
                }),
            None => Ok(None),
        }
    };
    if let (Some(b), Some(c)) = (
        pick(base, names.0, "base")?,
        pick(candidate, names.1, "candidate")?,
    ) {
        return Ok((b, c));
    }
    let shared: Vec<&String> = base
        .scores
        .keys()
        .filter(|k| candidate.scores.contains_key(*k))
        .collect();
    match (shared.as_slice(), base.scores.len(), candidate.scores.len()) {
        ([id], _, _) => Ok(((id.as_str(), &base.scores[*id]), (id.as_str(), &candidate.scores[*id]))),
        (_, 1, 1) => {
            let (b, bs) = base.scores.iter().next().expect("one extractor");
            let (c, cs) = candidate.scores.iter().next().expect("one extractor");
            Ok(((b.as_str(), bs), (c.as_str(), cs)))
        }
        _ => Err(CompareError::Pairing(
            "cannot tell which extractors to compare: name them with --base-extractor and --candidate-extractor".into(),
        )),
    }
}

/// Checks the reports are comparable; with `shared_documents`, differing
/// corpora are allowed and only the shared documents are compared.
pub fn check_comparable(
    base: &Report,
    candidate: &Report,
    shared_documents: bool,
) -> Result<(), CompareError> {
    if base.scorer_version != candidate.scorer_version {
        return Err(CompareError::ScorerVersion {
            base: base.scorer_version,
            candidate: candidate.scorer_version,
        });
    }
    let differ = |what: &'static str, b: String, c: String| {
        if b == c {
            Ok(())
        } else {
            Err(CompareError::Settings {
                what,
                base: b,
                candidate: c,
            })
        }
    };
    differ(
        "report schema versions",
        base.schema_version.to_string(),
        candidate.schema_version.to_string(),
    )?;
    differ(
        "IoU thresholds (--iou-threshold)",
        base.scoring.iou_threshold.to_string(),
        candidate.scoring.iou_threshold.to_string(),
    )?;
    let map = |r: &Report| serde_json::to_string(&r.scoring.label_map).unwrap_or_default();
    differ("label maps (--label-map)", map(base), map(candidate))?;
    if shared_documents {
        return Ok(());
    }
    let (b, c) = (&base.fingerprint, &candidate.fingerprint);
    if b.corpus != c.corpus {
        return Err(CompareError::Fingerprint {
            what: "corpora",
            base: b.corpus.clone(),
            candidate: c.corpus.clone(),
        });
    }
    if b.golden != c.golden {
        return Err(CompareError::Fingerprint {
            what: "golden files",
            base: b.golden.clone(),
            candidate: c.golden.clone(),
        });
    }
    Ok(())
}

/// The headline metrics of the layers the base was scored on: a layer the
/// candidate lacks shows as missing and fails the gate.
pub fn default_metrics(base: &ExtractorScores, _candidate: &ExtractorScores) -> Vec<MetricId> {
    base.layers.iter().map(|&l| headline(l)).collect()
}

/// What a comparison tests and gates, decided before it runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Every metric compared, in order.
    pub metrics: Vec<MetricId>,
    /// Exit 1 when one of these is significantly worse by more than its delta.
    pub fail_if_worse: Vec<Gate>,
    /// Exit 1 unless each of these is significantly better.
    pub fail_unless_better: Vec<MetricId>,
}

impl Plan {
    /// Every metric, with every one gated: what [`compare`] runs.
    pub fn all_gated(metrics: &[MetricId]) -> Plan {
        Plan {
            metrics: metrics.to_vec(),
            fail_if_worse: metrics
                .iter()
                .map(|metric| Gate {
                    metric: metric.clone(),
                    delta: 0.0,
                })
                .collect(),
            fail_unless_better: Vec::new(),
        }
    }

    /// Whether a gate reads the metric.
    pub fn is_gated(&self, metric: &MetricId) -> bool {
        self.fail_if_worse.iter().any(|g| &g.metric == metric)
            || self.fail_unless_better.contains(metric)
    }

    /// How many metrics the gates read: the size of Holm's gated family.
    pub fn gated_count(&self) -> usize {
        self.metrics.iter().filter(|m| self.is_gated(m)).count()
    }
}

impl Plan {
    /// The metrics asked for (the headline metrics of the shared layers when
    /// none), and the gates asked for (every headline metric with delta 0
    /// when no `fail_if_worse` is given); gated metrics are always compared.
    pub fn new(
        base: &ExtractorScores,
        candidate: &ExtractorScores,
        metrics: &[MetricId],
        fail_if_worse: &[Gate],
        fail_unless_better: &[MetricId],
    ) -> Plan {
        let defaults = default_metrics(base, candidate);
        let fail_if_worse: Vec<Gate> = if fail_if_worse.is_empty() {
            defaults
                .iter()
                .map(|metric| Gate {
                    metric: metric.clone(),
                    delta: 0.0,
                })
                .collect()
        } else {
            fail_if_worse.to_vec()
        };
        let mut all = if metrics.is_empty() {
            defaults
        } else {
            metrics.to_vec()
        };
        for extra in fail_if_worse
            .iter()
            .map(|g| &g.metric)
            .chain(fail_unless_better)
        {
            if !all.contains(extra) {
                all.push(extra.clone());
            }
        }
        Plan {
            metrics: all,
            fail_if_worse,
            fail_unless_better: fail_unless_better.to_vec(),
        }
    }

    /// Why the comparison fails its gates; empty when it passes.
    pub fn failures(&self, comparison: &Comparison) -> Vec<String> {
        let mut out = Vec::new();
        for layer in &comparison.missing_layers {
            out.push(format!(
                "the candidate `{}` has no {layer} layer, which the base `{}` has",
                comparison.candidate, comparison.base
            ));
        }
        for m in &comparison.metrics {
            if m.verdict == Verdict::Missing
                && self.is_gated(&m.metric)
                && !comparison.missing_layers.contains(&m.metric.layer())
            {
                out.push(format!("{} is missing in the candidate", m.metric));
            }
        }
        for gate in &self.fail_if_worse {
            if gate.trips(comparison) {
                out.push(format!(
                    "{} is significantly worse by more than {}",
                    gate.metric, gate.delta
                ));
            }
        }
        for metric in &self.fail_unless_better {
            let better = comparison
                .metrics
                .iter()
                .any(|m| &m.metric == metric && m.verdict == Verdict::Better);
            if !better {
                out.push(format!("{metric} is not significantly better"));
            }
        }
        out
    }
}

/// Compares two extractors' scores on the documents both hold, every metric
/// in one gated family.
pub fn compare(
    base: (&str, &ExtractorScores),
    candidate: (&str, &ExtractorScores),
    metrics: &[MetricId],
    config: &CompareConfig,
) -> Result<Comparison, CompareError> {
    compare_plan(base, candidate, &Plan::all_gated(metrics), config)
}

/// Compares two extractors as `plan` says: the gated metrics form Holm's
/// family, the others are corrected in their own; a metric or layer the
/// candidate lacks is shown as missing. Refuses bad settings, and extractors
/// that share no document or no layer.
pub fn compare_plan(
    (base_id, base): (&str, &ExtractorScores),
    (candidate_id, candidate): (&str, &ExtractorScores),
    plan: &Plan,
    config: &CompareConfig,
) -> Result<Comparison, CompareError> {
    config.check()?;
    config.check_reachable(plan.gated_count())?;
    if !base.layers.iter().any(|l| candidate.layers.contains(l)) {
        let names = |ls: &[Layer]| ls.iter().map(|l| l.name()).collect::<Vec<_>>().join(", ");
        return Err(CompareError::NoSharedLayer {
            base: base_id.to_owned(),
            base_layers: names(&base.layers),
            candidate: candidate_id.to_owned(),
            candidate_layers: names(&candidate.layers),
        });
    }
    for m in &plan.metrics {
        if !base.metrics.contains_key(m) {
            return Err(CompareError::UnknownMetric(m.clone()));
        }
    }
    let docs: Vec<(&String, &DocumentCounts, &DocumentCounts)> = base
        .documents
        .iter()
        .filter_map(|(id, b)| candidate.documents.get(id).map(|c| (id, b, c)))
        .collect();
    if docs.is_empty() {
        return Err(CompareError::NoSharedDocuments);
    }
    let pairs: Vec<(&DocumentCounts, &DocumentCounts)> =
        docs.iter().map(|(_, b, c)| (*b, *c)).collect();
    let mut results: Vec<MetricComparison> = plan
        .metrics
        .iter()
        .map(|m| {
            let family = if plan.is_gated(m) {
                Family::Gated
            } else {
                Family::Informational
            };
            if candidate.metrics.contains_key(m) && candidate.layers.contains(&m.layer()) {
                compare_metric(m, &pairs, config, family)
            } else {
                missing_metric(m, &pairs, family)
            }
        })
        .collect();
    for family in [Family::Gated, Family::Informational] {
        let mut members: Vec<&mut MetricComparison> =
            results.iter_mut().filter(|r| r.family == family).collect();
        holm(&mut members, config.alpha);
    }
    let missing_layers: Vec<Layer> = base
        .layers
        .iter()
        .filter(|l| !candidate.layers.contains(l))
        .copied()
        .collect();
    let layers: Vec<_> = base
        .layers
        .iter()
        .filter(|l| candidate.layers.contains(l))
        .copied()
        .collect();
    let doc_f1 = |counts: &DocumentCounts| {
        let f1s: Vec<f64> = layers
            .iter()
            .filter_map(|&l| headline(l).value(&[counts]))
            .collect();
        (!f1s.is_empty()).then(|| f1s.iter().sum::<f64>() / f1s.len() as f64)
    };
    let mut moved: Vec<DocumentMove> = docs
        .iter()
        .filter_map(|(id, b, c)| match (doc_f1(b), doc_f1(c)) {
            (Some(base), Some(candidate)) if base != candidate => Some(DocumentMove {
                doc: (*id).clone(),
                base,
                candidate,
            }),
            _ => None,
        })
        .collect();
    moved.sort_by(|a, b| {
        (b.candidate - b.base)
            .abs()
            .total_cmp(&(a.candidate - a.base).abs())
            .then_with(|| a.doc.cmp(&b.doc))
    });
    moved.truncate(5);
    Ok(Comparison {
        base: base_id.to_owned(),
        candidate: candidate_id.to_owned(),
        documents: docs.len(),
        config: config.clone(),
        metrics: results,
        moved,
        missing_layers,
    })
}

fn accuracy_counts(metric: &MetricId, side: &[&DocumentCounts]) -> Option<(u64, u64)> {
    metric.is_accuracy().then(|| {
        let total = metric.total(side);
        (total.cor, total.cor + total.inc)
    })
}

fn missing_metric(
    metric: &MetricId,
    pairs: &[(&DocumentCounts, &DocumentCounts)],
    family: Family,
) -> MetricComparison {
    let bases: Vec<&DocumentCounts> = pairs.iter().map(|p| p.0).collect();
    MetricComparison {
        metric: metric.clone(),
        base: metric.value(&bases),
        candidate: None,
        delta: None,
        delta_low: None,
        delta_high: None,
        p: None,
        p_holm: None,
        verdict: Verdict::Missing,
        family,
        base_counts: accuracy_counts(metric, &bases),
        candidate_counts: None,
    }
}

fn compare_metric(
    metric: &MetricId,
    pairs: &[(&DocumentCounts, &DocumentCounts)],
    config: &CompareConfig,
    family: Family,
) -> MetricComparison {
    let value = |side: &[&DocumentCounts]| metric.value(side);
    let bases: Vec<&DocumentCounts> = pairs.iter().map(|p| p.0).collect();
    let candidates: Vec<&DocumentCounts> = pairs.iter().map(|p| p.1).collect();
    let (base, candidate) = (value(&bases), value(&candidates));
    let delta = base.zip(candidate).map(|(b, c)| c - b);
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);

    // Paired bootstrap of the delta: the same documents drawn for both systems.
    let mut deltas = Vec::with_capacity(config.resamples.min(1 << 20));
    let (mut b, mut c) = (
        Vec::with_capacity(pairs.len()),
        Vec::with_capacity(pairs.len()),
    );
    if !pairs.is_empty() {
        for _ in 0..config.resamples {
            b.clear();
            c.clear();
            for _ in 0..pairs.len() {
                let (x, y) = pairs[rng.random_range(0..pairs.len())];
                b.push(x);
                c.push(y);
            }
            if let (Some(x), Some(y)) = (value(&b), value(&c)) {
                deltas.push(y - x);
            }
        }
    }
    deltas.sort_by(f64::total_cmp);
    let interval = |q: f64| (!deltas.is_empty()).then(|| quantile(&deltas, q));
    let alpha = 1.0 - 0.95;
    let (delta_low, delta_high) = (interval(alpha / 2.0), interval(1.0 - alpha / 2.0));

    // Approximate randomisation: swap each document's counts with probability ½.
    let p = delta.map(|observed| {
        let mut at_least = 0usize;
        for _ in 0..config.trials {
            b.clear();
            c.clear();
            for &(x, y) in pairs {
                if rng.random_bool(0.5) {
                    b.push(y);
                    c.push(x);
                } else {
                    b.push(x);
                    c.push(y);
                }
            }
            let shuffled = value(&c).zip(value(&b)).map(|(y, x)| (y - x).abs());
            if shuffled.is_some_and(|d| d >= observed.abs() - 1e-12) {
                at_least += 1;
            }
        }
        (at_least + 1) as f64 / (config.trials + 1) as f64
    });
    MetricComparison {
        metric: metric.clone(),
        base,
        candidate,
        delta,
        delta_low,
        delta_high,
        p,
        p_holm: None,
        verdict: Verdict::NoSignificantChange,
        family,
        base_counts: accuracy_counts(metric, &bases),
        candidate_counts: accuracy_counts(metric, &candidates),
    }
}

/// Holm's step-down correction over one family, then the verdicts.
fn holm(results: &mut [&mut MetricComparison], alpha: f64) {
    let mut order: Vec<usize> = (0..results.len())
        .filter(|&i| results[i].p.is_some())
        .collect();
    order.sort_by(|&a, &b| {
        results[a]
            .p
            .unwrap_or(1.0)
            .total_cmp(&results[b].p.unwrap_or(1.0))
    });
    let m = order.len();
    let mut running = 0.0f64;
    for (rank, &i) in order.iter().enumerate() {
        let adjusted = ((m - rank) as f64 * results[i].p.unwrap_or(1.0)).min(1.0);
        running = running.max(adjusted);
        results[i].p_holm = Some(running);
    }
    for r in results.iter_mut().filter(|r| r.verdict != Verdict::Missing) {
        r.verdict = match (r.delta, r.p_holm) {
            (Some(d), Some(p)) if p < alpha && d > 0.0 => Verdict::Better,
            (Some(d), Some(p)) if p < alpha && d < 0.0 => Verdict::Worse,
            _ => Verdict::NoSignificantChange,
        };
    }
}

/// A gate: fail when `metric` is significantly worse by more than `delta`.
#[derive(Debug, Clone, PartialEq)]
pub struct Gate {
    /// Metric id.
    pub metric: MetricId,
    /// Largest drop tolerated.
    pub delta: f64,
}

/// Why `--fail-if-worse METRIC[:DELTA]` could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ParseGateError {
    /// The metric part is not a metric id.
    #[error(transparent)]
    Metric(#[from] crate::score::metric_id::ParseMetricIdError),
    /// The drop is not a number.
    #[error("`{text}`: the tolerated drop is not a number")]
    Delta {
        /// The gate as written.
        text: String,
        /// The parse error.
        #[source]
        source: std::num::ParseFloatError,
    },
    /// The drop is outside [0, 1].
    #[error("`{0}`: the tolerated drop must be in [0, 1]")]
    DeltaRange(String),
}

impl std::str::FromStr for Gate {
    type Err = ParseGateError;

    /// Parses `METRIC[:DELTA]`.
    fn from_str(s: &str) -> Result<Gate, ParseGateError> {
        let (metric, delta) = match s.rsplit_once(':') {
            Some((metric, delta)) => {
                let delta: f64 = delta.parse().map_err(|source| ParseGateError::Delta {
                    text: s.to_owned(),
                    source,
                })?;
                if !(0.0..=1.0).contains(&delta) {
                    return Err(ParseGateError::DeltaRange(s.to_owned()));
                }
                (metric, delta)
            }
            None => (s, 0.0),
        };
        Ok(Gate {
            metric: metric.parse()?,
            delta,
        })
    }
}

impl Gate {
    /// Whether the comparison trips this gate: worse by more than the
    /// tolerated drop, with a corrected p below α.
    pub fn trips(&self, comparison: &Comparison) -> bool {
        comparison.metrics.iter().any(|m| {
            m.metric == self.metric
                && m.delta.is_some_and(|d| d < -self.delta)
                && m.p_holm.is_some_and(|p| p < comparison.config.alpha)
        })
    }
}

fn signed(v: Option<f64>) -> String {
    v.map_or("—".into(), |v| format!("{v:+.3}"))
}

fn p_value(v: Option<f64>) -> String {
    v.map_or("—".into(), |v| format!("{v:.4}"))
}

/// A figure, with what an accuracy is over: `0.998 (1,046/1,048)`.
fn figure(value: Option<f64>, counts: Option<(u64, u64)>, missing: bool) -> String {
    match counts {
        _ if missing && value.is_none() => "missing".into(),
        Some((cor, of)) => format!(
            "{} ({}/{})",
            fmt_metric(value),
            fmt_count(cor),
            fmt_count(of)
        ),
        None => fmt_metric(value),
    }
}

/// What a metric is, for readers: `entities F1 (strict spans)`.
pub fn describe(metric: &MetricId) -> String {
    let stat = match metric.stat().name() {
        "f1" => "F1".to_owned(),
        "precision" => "precision".to_owned(),
        "recall" => "recall".to_owned(),
        other => other.replace('_', " "),
    };
    let label = metric
        .label()
        .map(|l| format!(" of {l}"))
        .unwrap_or_default();
    format!(
        "{} {}{label} ({} {})",
        metric.layer(),
        stat,
        metric.mode().name(),
        metric.measure().name()
    )
}

/// The error records of the base and the candidate compared by document,
/// layer, category and spans: those only the base made (fixed) and those
/// only the candidate makes (introduced).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ErrorDiff {
    /// Errors of the base the candidate no longer makes.
    pub fixed: Vec<ErrorRecord>,
    /// Errors of the candidate the base did not make.
    pub introduced: Vec<ErrorRecord>,
}

impl ErrorDiff {
    /// Compares two lists of error records.
    pub fn new(base: &[ErrorRecord], candidate: &[ErrorRecord]) -> ErrorDiff {
        type Key = (
            String,
            Layer,
            Category,
            Option<(usize, usize)>,
            Option<(usize, usize)>,
        );
        let key = |e: &ErrorRecord| -> Key {
            (
                e.doc.clone(),
                e.layer,
                e.category,
                e.gold.as_ref().map(|s| (s.start, s.end)),
                e.predicted.as_ref().map(|s| (s.start, s.end)),
            )
        };
        let keys = |list: &[ErrorRecord]| list.iter().map(key).collect::<BTreeSet<Key>>();
        let (in_base, in_candidate) = (keys(base), keys(candidate));
        let mut fixed: Vec<ErrorRecord> = base
            .iter()
            .filter(|e| !in_candidate.contains(&key(e)))
            .cloned()
            .collect();
        let mut introduced: Vec<ErrorRecord> = candidate
            .iter()
            .filter(|e| !in_base.contains(&key(e)))
            .cloned()
            .collect();
        fixed.sort_by_key(key);
        introduced.sort_by_key(key);
        ErrorDiff { fixed, introduced }
    }
}

/// One error as a Markdown list item; wrong-type, -kind, -speaker, -value
/// and -unit lines show the gold and the predicted label.
fn error_line(e: &ErrorRecord) -> String {
    let labels = match (e.category, &e.gold, &e.predicted) {
        (Category::Missed | Category::Spurious, _, _) => String::new(),
        (_, Some(g), Some(p)) => format!(" (gold {}, predicted {})", g.label, p.label),
        _ => String::new(),
    };
    let at = e
        .gold
        .as_ref()
        .or(e.predicted.as_ref())
        .map_or(String::new(), |s| format!(" {}..{}", s.start, s.end));
    format!(
        "- `{}`{at} {} {}{labels}: …{}**{}**{}…",
        e.doc,
        e.layer,
        e.category.name(),
        e.before,
        e.shown_text().replace('\n', " "),
        e.after
    )
}

/// How many error lines each list of the Markdown shows.
const ERROR_LINES: usize = 20;

impl Comparison {
    fn rows(&self) -> Vec<Vec<String>> {
        self.metrics
            .iter()
            .map(|m| {
                let missing = m.verdict == Verdict::Missing;
                vec![
                    m.metric.to_string(),
                    figure(m.base, m.base_counts, false),
                    figure(m.candidate, m.candidate_counts, missing),
                    format!(
                        "{} [{}, {}]",
                        signed(m.delta),
                        signed(m.delta_low),
                        signed(m.delta_high)
                    ),
                    p_value(m.p),
                    p_value(m.p_holm),
                    match m.family {
                        Family::Gated => "gated".into(),
                        Family::Informational => "info".into(),
                    },
                    m.verdict.label().to_owned(),
                ]
            })
            .collect()
    }

    /// A terminal table.
    pub fn render(&self) -> String {
        let mut out = format!(
            "{} (base) vs {} (candidate), {} documents; paired randomisation test, {} trials, Holm-corrected per family (gated, info), α = {}\n",
            self.base, self.candidate, self.documents, self.config.trials, self.config.alpha
        );
        for layer in &self.missing_layers {
            let _ = writeln!(out, "missing: the candidate has no {layer} layer");
        }
        out.push_str(&grid(
            &[
                "metric",
                "base",
                "candidate",
                "delta [95% CI]",
                "p",
                "p (Holm)",
                "family",
                "verdict",
            ],
            &self.rows(),
        ));
        out
    }

    /// Markdown for a pull-request comment or a CI job summary: the gates'
    /// result first (`failures` from [`Plan::failures`]), the table, then
    /// the errors fixed and introduced when both sides' errors are given.
    pub fn markdown(&self, failures: &[String], errors: Option<&ErrorDiff>) -> String {
        let mut out = String::new();
        let result = if failures.is_empty() {
            "✅ gate passed"
        } else {
            "❌ gate failed"
        };
        let _ = writeln!(
            out,
            "### wirebench: {result}: `{}` → `{}`\n",
            self.base, self.candidate
        );
        for failure in failures {
            let _ = writeln!(out, "- {failure}");
        }
        if !failures.is_empty() {
            out.push('\n');
        }
        let gated: Vec<String> = self
            .metrics
            .iter()
            .filter(|m| m.family == Family::Gated)
            .map(|m| format!("`{}`", m.metric))
            .collect();
        let _ = writeln!(
            out,
            "Gated: {}\n",
            if gated.is_empty() {
                "nothing".into()
            } else {
                gated.join(", ")
            }
        );
        for layer in &self.missing_layers {
            let _ = writeln!(out, "**Missing:** the candidate has no {layer} layer\n");
        }
        let _ = writeln!(
            out,
            "{} documents · paired approximate-randomisation test ({} trials) · Holm-corrected per family (gated, informational) · α = {}\n",
            self.documents, self.config.trials, self.config.alpha
        );
        let _ = writeln!(
            out,
            "| metric | what | base | candidate | delta [95% CI] | p (Holm) | family | verdict |"
        );
        let _ = writeln!(out, "| --- | --- | ---: | ---: | ---: | ---: | --- | --- |");
        for (m, row) in self.metrics.iter().zip(self.rows()) {
            let mark = match m.verdict {
                Verdict::Better => "✅ better",
                Verdict::Worse => "❌ worse",
                Verdict::NoSignificantChange => "no significant change",
                Verdict::Missing => "❌ missing in the candidate",
            };
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} | {} | {mark} |",
                row[0],
                describe(&m.metric),
                row[1],
                row[2],
                row[3],
                row[5],
                row[6]
            );
        }
        let significant: Vec<&MetricComparison> = self
            .metrics
            .iter()
            .filter(|m| matches!(m.verdict, Verdict::Better | Verdict::Worse))
            .collect();
        let _ = writeln!(
            out,
            "\n**Significant changes:** {}",
            if significant.is_empty() {
                "none".to_owned()
            } else {
                significant
                    .iter()
                    .map(|m| format!("`{}` {} ({})", m.metric, m.verdict.label(), signed(m.delta)))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        );
        if !self.moved.is_empty() {
            let _ = writeln!(out, "\n#### Documents that moved most\n");
            let _ = writeln!(out, "| document | base F1 | candidate F1 | change |");
            let _ = writeln!(out, "| --- | ---: | ---: | ---: |");
            for d in &self.moved {
                let _ = writeln!(
                    out,
                    "| `{}` | {:.3} | {:.3} | {:+.3} |",
                    d.doc,
                    d.base,
                    d.candidate,
                    d.candidate - d.base
                );
            }
        }
        if let Some(diff) = errors {
            for (title, list) in [
                ("Errors fixed", &diff.fixed),
                ("Errors introduced", &diff.introduced),
            ] {
                let _ = writeln!(out, "\n#### {title} ({})\n", fmt_count(list.len() as u64));
                for e in list.iter().take(ERROR_LINES) {
                    let _ = writeln!(out, "{}", error_line(e));
                }
                if list.len() > ERROR_LINES {
                    let _ = writeln!(out, "- … and {} more", list.len() - ERROR_LINES);
                }
            }
        }
        out
    }
}
