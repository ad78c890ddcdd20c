//! `wirebench bench`: throughput of any extractor, built-in or external,
//! and a throughput gate that does not fire on noise.
//!
//! criterion (`cargo bench`, [`crate::bench`]) measures Rust code in
//! process with many tiny samples; it cannot measure a Python process, and
//! its baselines live in `target/`. This measures what a user waits for:
//! whole passes over the corpus, through the same runner as `run` (worker
//! processes and all), after a warm-up. Each series is summarised by its
//! median with a bootstrap interval of the median over passes and its
//! min/max; extractors measured together run interleaved (A B A B ...) so
//! that a slow moment of the machine hits both, and their ratio is taken
//! pass by pass. A gate fails only when the whole interval of the ratio is
//! below the bound.

use std::fmt::Write;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::corpus::Dataset;
use crate::error::Result;
use crate::extract::Extractor;
use crate::report::table::grid;
use crate::runner::{self, Outcome, Reporter, Work};
use crate::score::bootstrap::quantile;

/// How many passes, on how many threads.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Thread counts (worker processes for external extractors), in order.
    pub threads: Vec<usize>,
    /// Measured passes per extractor and thread count.
    pub repeat: usize,
    /// Passes run first and not measured.
    pub warmup: usize,
    /// Bootstrap resamples of the median.
    pub resamples: usize,
    /// Seed of the bootstrap generator (ChaCha8).
    pub seed: u64,
}

impl Default for Plan {
    fn default() -> Self {
        Plan {
            threads: vec![1],
            repeat: 10,
            warmup: 1,
            resamples: 2000,
            seed: 17,
        }
    }
}

/// An extractor to measure: one made for this thread count (an external
/// one with that many workers), or a shared one.
pub enum Subject<'a> {
    /// Made for this measurement, dropped after it (its processes with it).
    Owned(Box<dyn Extractor + 'a>),
    /// Borrowed from a registry.
    Borrowed(&'a dyn Extractor),
}

impl<'a> Subject<'a> {
    /// An extractor made for this measurement.
    pub fn owned(extractor: impl Extractor + 'a) -> Self {
        Subject::Owned(Box::new(extractor))
    }

    /// A registry's extractor.
    pub fn borrowed(extractor: &'a dyn Extractor) -> Self {
        Subject::Borrowed(extractor)
    }

    fn get(&self) -> &dyn Extractor {
        match self {
            Subject::Owned(e) => e.as_ref(),
            Subject::Borrowed(e) => *e,
        }
    }
}

/// Median, its bootstrap interval, and the range of one rate over passes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Median over passes.
    pub median: f64,
    /// Lower end of the 95% bootstrap interval of the median.
    pub low: f64,
    /// Upper end of the 95% bootstrap interval of the median.
    pub high: f64,
    /// Slowest pass.
    pub min: f64,
    /// Fastest pass.
    pub max: f64,
}

/// One measured pass.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Pass {
    /// Wall-clock seconds.
    pub wall_seconds: f64,
    /// Decimal megabytes per second.
    pub mb_per_s: f64,
    /// Documents per second.
    pub docs_per_s: f64,
    /// Words per second.
    pub words_per_s: f64,
}

/// One extractor at one thread count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    /// Extractor id.
    pub extractor: String,
    /// Threads (worker processes for an external extractor).
    pub threads: usize,
    /// Worker processes, for an external extractor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workers: Option<usize>,
    /// Every measured pass, in order.
    pub passes: Vec<Pass>,
    /// MB/s.
    pub mb_per_s: Summary,
    /// Documents/s.
    pub docs_per_s: Summary,
    /// Words/s.
    pub words_per_s: Summary,
    /// Median MB/s over the median MB/s at the first thread count.
    pub speedup: f64,
    /// Documents that failed, over all passes (a failing extractor's speed means little).
    pub failed: usize,
}

/// B over A, pass by pass, at one thread count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ratio {
    /// The base extractor.
    pub a: String,
    /// The candidate.
    pub b: String,
    /// Threads (or workers).
    pub threads: usize,
    /// B's MB/s over A's, for each pair of interleaved passes.
    pub per_pass: Vec<f64>,
    /// Median of the ratios with its interval and range.
    pub ratio: Summary,
}

/// Everything `wirebench bench` measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bench {
    /// Documents in the corpus.
    pub documents: usize,
    /// Bytes of text in the corpus.
    pub bytes: usize,
    /// Words in the corpus.
    pub words: usize,
    /// Warm-up passes (not measured).
    pub warmup: usize,
    /// Measured passes per series.
    pub repeat: usize,
    /// Per extractor and thread count.
    pub series: Vec<Series>,
    /// With two extractors: B over A per thread count.
    pub ratios: Vec<Ratio>,
}

/// The median of values.
fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    quantile(&sorted, 0.5)
}

/// Median, 95% percentile-bootstrap interval of the median, min and max.
pub fn summarise(values: &[f64], resamples: usize, seed: u64) -> Summary {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut medians: Vec<f64> = (0..resamples)
        .map(|_| {
            let drawn: Vec<f64> = (0..values.len())
                .map(|_| values[rng.random_range(0..values.len())])
                .collect();
            median(&drawn)
        })
        .collect();
    medians.sort_by(f64::total_cmp);
    let point = median(values);
    let (low, high) = if medians.is_empty() {
        (point, point)
    } else {
        (quantile(&medians, 0.025), quantile(&medians, 0.975))
    };
    Summary {
        median: point,
        low,
        high,
        min: values.iter().copied().fold(f64::INFINITY, f64::min),
        max: values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    }
}

/// Measures `ids` at every thread count of `plan`: warm-up, then `repeat`
/// passes with the extractors interleaved. `make` gives the extractor for
/// an id at a thread count.
pub fn bench<'a>(
    ids: &[String],
    make: &dyn Fn(&str, usize) -> Result<Subject<'a>>,
    dataset: &Dataset,
    plan: &Plan,
    reporter: &dyn Reporter,
) -> Result<Bench> {
    let work = Work::of(dataset.documents());
    let mut series: Vec<Series> = Vec::new();
    let mut ratios = Vec::new();
    for &threads in &plan.threads {
        let subjects: Vec<Subject> = ids
            .iter()
            .map(|id| make(id, threads))
            .collect::<Result<_>>()?;
        let mut passes: Vec<Vec<Pass>> = vec![Vec::new(); ids.len()];
        let mut failed = vec![0; ids.len()];
        let mut workers = vec![None; ids.len()];
        for round in 0..plan.warmup + plan.repeat {
            for (i, subject) in subjects.iter().enumerate() {
                let run = runner::run(&[subject.get()], dataset, Some(threads), reporter)?
                    .pop()
                    .expect("one run per extractor");
                if round < plan.warmup {
                    continue;
                }
                let timing = run.timing.unwrap_or(runner::Timing::new(
                    std::time::Duration::ZERO,
                    Work::default(),
                    threads,
                ));
                failed[i] += run
                    .outcomes
                    .iter()
                    .filter(|o| matches!(o, Outcome::Failed(_)))
                    .count();
                workers[i] = timing.workers;
                passes[i].push(Pass {
                    wall_seconds: timing.wall_seconds,
                    mb_per_s: timing.mb_per_s,
                    docs_per_s: timing.docs_per_s,
                    words_per_s: timing.words_per_s,
                });
            }
        }
        drop(subjects);
        let summary = |values: Vec<f64>| summarise(&values, plan.resamples, plan.seed);
        for (i, id) in ids.iter().enumerate() {
            let p = &passes[i];
            let mb = summary(p.iter().map(|p| p.mb_per_s).collect());
            let first = series
                .iter()
                .find(|s| &s.extractor == id)
                .map_or(mb.median, |s| s.mb_per_s.median);
            series.push(Series {
                extractor: id.clone(),
                threads,
                workers: workers[i],
                passes: p.clone(),
                mb_per_s: mb,
                docs_per_s: summary(p.iter().map(|p| p.docs_per_s).collect()),
                words_per_s: summary(p.iter().map(|p| p.words_per_s).collect()),
                speedup: if first > 0.0 { mb.median / first } else { 0.0 },
                failed: failed[i],
            });
        }
        if let [a, b] = ids {
            let per_pass: Vec<f64> = passes[0]
                .iter()
                .zip(&passes[1])
                .map(|(a, b)| b.mb_per_s / a.mb_per_s)
                .collect();
            ratios.push(Ratio {
                a: a.clone(),
                b: b.clone(),
                threads,
                ratio: summary(per_pass.clone()),
                per_pass,
            });
        }
    }
    Ok(Bench {
        documents: work.documents,
        bytes: work.bytes,
        words: work.words,
        warmup: plan.warmup,
        repeat: plan.repeat,
        series,
        ratios,
    })
}

impl Bench {
    /// A table per series, then the ratios.
    pub fn render(&self) -> String {
        let mut out = format!(
            "{} documents, {:.3} MB, {} words; {} warm-up and {} measured pass(es) each, interleaved; median [95% bootstrap interval of the median] (min–max)\n",
            self.documents,
            self.bytes as f64 / 1e6,
            self.words,
            self.warmup,
            self.repeat
        );
        let f = |s: &Summary, digits: usize| {
            format!(
                "{:.d$} [{:.d$}, {:.d$}] ({:.d$}–{:.d$})",
                s.median,
                s.low,
                s.high,
                s.min,
                s.max,
                d = digits
            )
        };
        let rows: Vec<Vec<String>> = self
            .series
            .iter()
            .map(|s| {
                vec![
                    s.extractor.clone(),
                    s.threads.to_string(),
                    s.workers.map_or("—".into(), |w| w.to_string()),
                    f(&s.mb_per_s, if s.mb_per_s.median < 0.1 { 5 } else { 2 }),
                    f(&s.docs_per_s, 1),
                    f(&s.words_per_s, 0),
                    format!("{:.2}×", s.speedup),
                    s.failed.to_string(),
                ]
            })
            .collect();
        out.push_str(&grid(
            &[
                "extractor",
                "threads",
                "workers",
                "MB/s",
                "documents/s",
                "words/s",
                "speed-up",
                "failed",
            ],
            &rows,
        ));
        for r in &self.ratios {
            let _ = writeln!(
                out,
                "{} / {} at {} thread(s): MB/s ratio {:.3} [{:.3}, {:.3}] (passes {:.3}–{:.3})",
                r.b,
                r.a,
                r.threads,
                r.ratio.median,
                r.ratio.low,
                r.ratio.high,
                r.ratio.min,
                r.ratio.max
            );
        }
        out
    }

    /// The thread counts at which the whole interval of B/A is below `bound`, as messages.
    pub fn slower_than(&self, bound: f64) -> Vec<String> {
        self.ratios
            .iter()
            .filter(|r| r.ratio.high < bound)
            .map(|r| {
                format!(
                    "{} is slower than {} × {bound} at {} thread(s): ratio {:.3} [{:.3}, {:.3}]",
                    r.b, r.a, r.threads, r.ratio.median, r.ratio.low, r.ratio.high
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interval_holds_the_median_and_lies_within_the_range() {
        let values = [10.0, 12.0, 11.0, 30.0, 9.0, 11.5, 10.5];
        let s = summarise(&values, 500, 1);
        assert_eq!((s.median, s.min, s.max), (11.0, 9.0, 30.0));
        assert!(s.low <= s.median && s.median <= s.high);
        assert!(s.low >= 9.0 && s.high <= 30.0);
        assert_eq!(s, summarise(&values, 500, 1), "seeded");
    }

    #[test]
    fn the_gate_fires_only_when_the_whole_interval_is_below() {
        let ratio = |per_pass: Vec<f64>| Ratio {
            a: "a/x".into(),
            b: "b/y".into(),
            threads: 1,
            ratio: summarise(&per_pass, 500, 1),
            per_pass,
        };
        let bench = |r: Ratio| Bench {
            documents: 1,
            bytes: 1,
            words: 1,
            warmup: 0,
            repeat: 5,
            series: Vec::new(),
            ratios: vec![r],
        };
        // Clearly slower: every pass about half.
        assert_eq!(
            bench(ratio(vec![0.5, 0.52, 0.49, 0.51, 0.5]))
                .slower_than(0.9)
                .len(),
            1
        );
        // Noisy around the bound: the interval reaches above it.
        assert!(bench(ratio(vec![0.7, 1.1, 0.85, 0.95, 0.8]))
            .slower_than(0.9)
            .is_empty());
    }
}
