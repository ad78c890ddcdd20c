//! `wirebench compare`: is a candidate better or worse than a base, or is
//! the difference noise?
//!
//! On a few dozen documents a point of F1 is often noise, and a gate that
//! fires on noise gets switched off. For each metric this module gives the
//! delta, a paired bootstrap interval of the delta (the same resampled
//! documents for both systems), and a paired approximate-randomisation test
//! (each document's counts swapped between the systems at random; p =
//! (c + 1)/(N + 1)), with Holm's correction over the metrics tested. A
//! verdict is "better" or "worse" only when the corrected p is below α.

use std::fmt::Write;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::report::table::{fmt_metric, grid};
use crate::report::{ExtractorScores, Report};
use crate::score::bootstrap::quantile;
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
}

impl Verdict {
    /// How the verdict reads.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Better => "better",
            Verdict::Worse => "worse",
            Verdict::NoSignificantChange => "no significant change",
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
    /// A metric asked for is not in both reports.
    #[error("metric `{0}` is not in both reports")]
    UnknownMetric(MetricId),
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

/// The headline metrics of the layers both extractors were scored on.
pub fn default_metrics(base: &ExtractorScores, candidate: &ExtractorScores) -> Vec<MetricId> {
    base.layers
        .iter()
        .filter(|l| candidate.layers.contains(l))
        .map(|&l| headline(l))
        .collect()
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

/// Compares two extractors' scores on the documents both hold.
pub fn compare(
    (base_id, base): (&str, &ExtractorScores),
    (candidate_id, candidate): (&str, &ExtractorScores),
    metrics: &[MetricId],
    config: &CompareConfig,
) -> Result<Comparison, CompareError> {
    for m in metrics {
        if !base.metrics.contains_key(m) || !candidate.metrics.contains_key(m) {
            return Err(CompareError::UnknownMetric(m.clone()));
        }
    }
    let docs: Vec<(&String, &DocumentCounts, &DocumentCounts)> = base
        .documents
        .iter()
        .filter_map(|(id, b)| candidate.documents.get(id).map(|c| (id, b, c)))
        .collect();
    let pairs: Vec<(&DocumentCounts, &DocumentCounts)> =
        docs.iter().map(|(_, b, c)| (*b, *c)).collect();
    let mut results: Vec<MetricComparison> = metrics
        .iter()
        .map(|m| compare_metric(m, &pairs, config))
        .collect();
    holm(&mut results, config.alpha);
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
    })
}

fn compare_metric(
    metric: &MetricId,
    pairs: &[(&DocumentCounts, &DocumentCounts)],
    config: &CompareConfig,
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
    }
}

/// Holm's step-down correction, then the verdicts.
fn holm(results: &mut [MetricComparison], alpha: f64) {
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
    for r in results.iter_mut() {
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

impl Comparison {
    fn rows(&self) -> Vec<Vec<String>> {
        self.metrics
            .iter()
            .map(|m| {
                vec![
                    m.metric.to_string(),
                    fmt_metric(m.base),
                    fmt_metric(m.candidate),
                    format!(
                        "{} [{}, {}]",
                        signed(m.delta),
                        signed(m.delta_low),
                        signed(m.delta_high)
                    ),
                    p_value(m.p),
                    p_value(m.p_holm),
                    m.verdict.label().to_owned(),
                ]
            })
            .collect()
    }

    /// A terminal table.
    pub fn render(&self) -> String {
        let mut out = format!(
            "{} (base) vs {} (candidate), {} documents; paired randomisation test, {} trials, Holm-corrected, α = {}\n",
            self.base, self.candidate, self.documents, self.config.trials, self.config.alpha
        );
        out.push_str(&grid(
            &[
                "metric",
                "base",
                "candidate",
                "delta [95% CI]",
                "p",
                "p (Holm)",
                "verdict",
            ],
            &self.rows(),
        ));
        out
    }

    /// Markdown for a pull-request comment or a CI job summary; `errors`
    /// gives, per moved document, a few errors of each side.
    pub fn markdown(
        &self,
        errors: Option<(
            &[crate::score::errors::ErrorRecord],
            &[crate::score::errors::ErrorRecord],
        )>,
    ) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "### wirebench: `{}` → `{}`\n",
            self.base, self.candidate
        );
        let _ = writeln!(
            out,
            "{} documents · paired approximate-randomisation test ({} trials) · Holm-corrected · α = {}\n",
            self.documents, self.config.trials, self.config.alpha
        );
        let _ = writeln!(
            out,
            "| metric | base | candidate | delta [95% CI] | p (Holm) | verdict |"
        );
        let _ = writeln!(out, "| --- | ---: | ---: | ---: | ---: | --- |");
        for (m, row) in self.metrics.iter().zip(self.rows()) {
            let mark = match m.verdict {
                Verdict::Better => "✅ better",
                Verdict::Worse => "❌ worse",
                Verdict::NoSignificantChange => "no significant change",
            };
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {mark} |",
                row[0], row[1], row[2], row[3], row[5]
            );
        }
        let significant: Vec<&MetricComparison> = self
            .metrics
            .iter()
            .filter(|m| m.verdict != Verdict::NoSignificantChange)
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
            if let Some((base_errors, candidate_errors)) = errors {
                for d in &self.moved {
                    let _ = writeln!(
                        out,
                        "\n<details><summary><code>{}</code>: errors</summary>\n",
                        d.doc
                    );
                    for (side, list) in [("base", base_errors), ("candidate", candidate_errors)] {
                        let of_doc: Vec<_> = list.iter().filter(|e| e.doc == d.doc).collect();
                        let _ = writeln!(out, "- {side}: {} error(s)", of_doc.len());
                        for e in of_doc.iter().take(3) {
                            let shown = e.shown_text();
                            let _ = writeln!(
                                out,
                                "  - {} `{}`: …{}**{}**{}…",
                                e.category.name(),
                                e.layer,
                                e.before,
                                shown.replace('\n', " "),
                                e.after
                            );
                        }
                    }
                    let _ = writeln!(out, "\n</details>");
                }
            }
        }
        out
    }
}
