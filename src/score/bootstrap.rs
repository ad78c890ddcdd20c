//! Confidence intervals by bootstrap over documents.
//!
//! On a corpus of a few dozen documents a point of F1 is often noise, so
//! every headline figure carries a 95% interval. Documents are taken in id
//! order and resampled with replacement by a seeded ChaCha8 generator; each
//! resample's micro figures are recomputed from the summed counts of the
//! documents drawn, and the interval is the 2.5th to 97.5th percentile
//! (linear interpolation between order statistics). The computation is
//! sequential and seeded, so the interval is the same on any machine and
//! thread count.

use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::score::{Counts, DocumentCounts};

/// How intervals are drawn; recorded in the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BootstrapConfig {
    /// The generator, always `ChaCha8`.
    pub generator: String,
    /// Its seed.
    pub seed: u64,
    /// Number of resamples.
    pub resamples: usize,
    /// Coverage of the interval, 0.95.
    pub level: f64,
}

impl Default for BootstrapConfig {
    fn default() -> Self {
        BootstrapConfig {
            generator: "ChaCha8".into(),
            seed: 20_261_130,
            resamples: 1000,
            level: 0.95,
        }
    }
}

/// A point estimate with its interval; `null` parts where undefined.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// The figure on all documents.
    pub value: Option<f64>,
    /// Lower bound of the interval.
    pub low: Option<f64>,
    /// Upper bound of the interval.
    pub high: Option<f64>,
}

/// The parts of a metric id: `layer`, `measure.mode` key (with any `/label`), and stat.
struct MetricId<'a> {
    layer: &'a str,
    key: String,
    base_key: &'a str,
    stat: &'a str,
}

fn parse(id: &str) -> Option<MetricId<'_>> {
    let (base, label) = match id.split_once('/') {
        Some((b, l)) => (b, Some(l)),
        None => (id, None),
    };
    let mut parts = base.splitn(4, '.');
    let (layer, measure, mode, stat) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let base_key = &base[layer.len() + 1..layer.len() + 1 + measure.len() + 1 + mode.len()];
    let key = match label {
        Some(l) => format!("{base_key}/{l}"),
        None => base_key.to_owned(),
    };
    Some(MetricId {
        layer,
        key,
        base_key,
        stat,
    })
}

fn counts_of(doc: &DocumentCounts, layer: &str, key: &str) -> Counts {
    doc.iter()
        .find(|(l, _)| l.name() == layer)
        .and_then(|(_, m)| m.get(key))
        .copied()
        .unwrap_or_default()
}

/// Whether [`metric_value`] can compute this metric id from counts.
pub fn is_resamplable(id: &str) -> bool {
    parse(id).is_some_and(|m| {
        matches!(
            m.stat,
            "precision" | "recall" | "f1" | "accuracy" | "macro_docs_f1" | "macro_types_f1"
        )
    })
}

/// A metric over a multiset of documents, from their counts: micro stats,
/// `macro_docs_f1` and `macro_types_f1` (see docs/METRICS.md).
pub fn metric_value(id: &str, docs: &[&DocumentCounts]) -> Option<f64> {
    let m = parse(id)?;
    let sum = |key: &str| {
        let mut total = Counts::default();
        for doc in docs {
            total.add(&counts_of(doc, m.layer, key));
        }
        total
    };
    match m.stat {
        "precision" => sum(&m.key).precision(),
        "recall" => sum(&m.key).recall(),
        "f1" => sum(&m.key).f1(),
        "accuracy" => sum(&m.key).accuracy(),
        "macro_docs_f1" => {
            let f1s: Vec<f64> = docs
                .iter()
                .filter_map(|d| counts_of(d, m.layer, &m.key).f1())
                .collect();
            (!f1s.is_empty()).then(|| f1s.iter().sum::<f64>() / f1s.len() as f64)
        }
        "macro_types_f1" => {
            let prefix = format!("{}/", m.base_key);
            let mut by_label: BTreeMap<&str, Counts> = BTreeMap::new();
            for doc in docs {
                for (layer, measures) in doc.iter() {
                    if layer.name() != m.layer {
                        continue;
                    }
                    for (key, counts) in measures.range(prefix.clone()..) {
                        let Some(label) = key.strip_prefix(&prefix) else {
                            break;
                        };
                        by_label.entry(label).or_default().add(counts);
                    }
                }
            }
            let f1s: Vec<f64> = by_label
                .values()
                .filter(|c| c.possible() > 0)
                .filter_map(Counts::f1)
                .collect();
            (!f1s.is_empty()).then(|| f1s.iter().sum::<f64>() / f1s.len() as f64)
        }
        _ => None,
    }
}

/// The `q` quantile of sorted values, interpolating linearly between order statistics.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Point estimates and bootstrap intervals for `ids` over `docs` (in id order).
pub fn estimates(
    ids: &[String],
    docs: &[&DocumentCounts],
    config: &BootstrapConfig,
) -> BTreeMap<String, Estimate> {
    let mut samples: Vec<Vec<f64>> = vec![Vec::with_capacity(config.resamples); ids.len()];
    if !docs.is_empty() {
        let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
        let mut drawn: Vec<&DocumentCounts> = Vec::with_capacity(docs.len());
        for _ in 0..config.resamples {
            drawn.clear();
            drawn.extend((0..docs.len()).map(|_| docs[rng.random_range(0..docs.len())]));
            for (i, id) in ids.iter().enumerate() {
                samples[i].extend(metric_value(id, &drawn));
            }
        }
    }
    let alpha = 1.0 - config.level;
    ids.iter()
        .zip(samples)
        .map(|(id, mut values)| {
            values.sort_by(f64::total_cmp);
            let (low, high) = if values.is_empty() {
                (None, None)
            } else {
                (
                    Some(quantile(&values, alpha / 2.0)),
                    Some(quantile(&values, 1.0 - alpha / 2.0)),
                )
            };
            (
                id.clone(),
                Estimate {
                    value: metric_value(id, docs),
                    low,
                    high,
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile(&v, 0.5), 3.0);
        assert_eq!(quantile(&v, 0.125), 1.5);
        assert_eq!(quantile(&v, 1.0), 5.0);
    }

    #[test]
    fn metric_ids_split_into_layer_key_and_stat() {
        let m = parse("entities.spans.strict.f1/PERSON").unwrap();
        assert_eq!(
            (m.layer, m.key.as_str(), m.base_key, m.stat),
            ("entities", "spans.strict/PERSON", "spans.strict", "f1")
        );
        assert!(is_resamplable("quotes.e2e.overlap.f1"));
        assert!(!is_resamplable("quotes.e2e.overlap.macro_docs_n"));
    }
}
