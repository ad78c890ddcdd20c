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

use crate::score::metric_id::MetricId;
use crate::score::DocumentCounts;

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

/// The `q` quantile of sorted values, interpolating linearly between order statistics.
pub(crate) fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Point estimates and bootstrap intervals for `ids` over `docs` (in id order).
pub fn estimates(
    ids: &[MetricId],
    docs: &[&DocumentCounts],
    config: &BootstrapConfig,
) -> BTreeMap<MetricId, Estimate> {
    let mut samples: Vec<Vec<f64>> =
        vec![Vec::with_capacity(config.resamples.min(1 << 20)); ids.len()];
    if !docs.is_empty() {
        let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
        let mut drawn: Vec<&DocumentCounts> = Vec::with_capacity(docs.len());
        for _ in 0..config.resamples {
            drawn.clear();
            drawn.extend((0..docs.len()).map(|_| docs[rng.random_range(0..docs.len())]));
            for (i, id) in ids.iter().enumerate() {
                samples[i].extend(id.value(&drawn));
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
                    value: id.value(docs),
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
}
