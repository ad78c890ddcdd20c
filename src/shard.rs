//! Shards and merge, for corpora that outgrow one machine.
//!
//! `--shard K/N` keeps the documents whose id hashes (FNV-1a, 64 bits) to
//! `K - 1` modulo `N`: a stable split that needs no coordination, so any
//! scheduler (a CI matrix, a Kubernetes indexed Job, a Slurm array) can run
//! one shard per task. [`merge`] joins the shard reports into exactly the
//! report of one run: per-document counts are unions, and every figure
//! (metrics, intervals, breakdowns, worst documents) is recomputed from
//! them, so no interval is averaged.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::corpus::Dataset;
use crate::error::{Error, Result};
use crate::report::{summarise, Report};
use crate::runner::Timing;

/// Shard `index` of `count` (1-based), written `K/N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// Which shard, from 1.
    pub index: u32,
    /// How many shards.
    pub count: u32,
}

impl Shard {
    /// Whether the document `id` belongs to this shard.
    pub fn contains(&self, id: &str) -> bool {
        fnv1a(id.as_bytes()) % u64::from(self.count) == u64::from(self.index - 1)
    }
}

/// FNV-1a over bytes: fixed by its definition, so shards never move between
/// versions or machines (unlike `std`'s randomly seeded hasher).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Why `K/N` is not a shard.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a shard; write K/N with 1 <= K <= N, e.g. 2/4")]
pub struct ParseShardError(String);

impl FromStr for Shard {
    type Err = ParseShardError;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        let fail = || ParseShardError(s.to_owned());
        let (k, n) = s.split_once('/').ok_or_else(fail)?;
        let (index, count): (u32, u32) = (
            k.trim().parse().map_err(|_| fail())?,
            n.trim().parse().map_err(|_| fail())?,
        );
        if index == 0 || index > count {
            return Err(fail());
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// Joins shard reports (read from `paths`) over `dataset`, the whole corpus
/// they were cut from, into the report of one run over it.
///
/// Every shard `1..=N` must be given once, with the same corpus, scorer,
/// settings and extractors; together they must cover every document.
pub fn merge(paths: &[PathBuf], dataset: &Dataset) -> Result<Report> {
    let reports: Vec<(&Path, Report)> = paths
        .iter()
        .map(|p| Report::read(p).map(|r| (p.as_path(), r)))
        .collect::<Result<_>>()?;
    let fail = |path: &Path, message: String| Error::Merge {
        path: path.to_path_buf(),
        message,
    };
    let (first_path, first) = reports
        .first()
        .ok_or_else(|| fail(Path::new("merge"), "no reports given".into()))?;
    let mut seen = BTreeMap::new();
    for (path, report) in &reports {
        let shard = report
            .shard
            .ok_or_else(|| fail(path, "not a shard report (run it with --shard K/N)".into()))?;
        if shard.count as usize != reports.len() {
            return Err(fail(
                path,
                format!(
                    "shard {shard} of {} but {} reports given",
                    shard.count,
                    reports.len()
                ),
            ));
        }
        if let Some(other) = seen.insert(shard.index, path) {
            return Err(fail(
                path,
                format!("shard {shard} is also {}", other.display()),
            ));
        }
        if report.fingerprint != *dataset.fingerprint() {
            return Err(fail(
                path,
                format!("not cut from {}", dataset.source().describe()),
            ));
        }
        let same = report.scorer_version == first.scorer_version
            && report.scoring == first.scoring
            && report.scores.keys().eq(first.scores.keys());
        if !same {
            return Err(fail(
                path,
                format!(
                    "scorer version, settings or extractors differ from {}",
                    first_path.display()
                ),
            ));
        }
    }
    let mut scores = BTreeMap::new();
    for (extractor, scores0) in &first.scores {
        let mut documents = BTreeMap::new();
        let mut confusion = crate::score::errors::Confusion::new();
        let mut failed = Vec::new();
        for (path, report) in &reports {
            let part = &report.scores[extractor];
            if part.layers != scores0.layers {
                return Err(fail(path, format!("`{extractor}` scores other layers")));
            }
            for (doc, counts) in &part.documents {
                if documents.insert(doc.clone(), counts.clone()).is_some() {
                    return Err(fail(path, format!("document `{doc}` is in two shards")));
                }
            }
            for (gold_type, row) in &part.confusion {
                for (predicted, n) in row {
                    *confusion
                        .entry(gold_type.clone())
                        .or_default()
                        .entry(predicted.clone())
                        .or_default() += n;
                }
            }
            failed.extend(part.failed.iter().cloned());
        }
        if let Some(doc) = dataset
            .documents()
            .iter()
            .find(|d| !documents.contains_key(&d.id))
        {
            return Err(fail(
                first_path,
                format!("no shard holds document `{}`", doc.id),
            ));
        }
        failed.sort_by(|a, b| a.doc.cmp(&b.doc));
        let merged = summarise(
            dataset,
            &scores0.layers,
            documents,
            confusion,
            failed,
            &first.scoring,
        );
        scores.insert(extractor.clone(), merged);
    }
    Ok(Report {
        shard: None,
        scores,
        timings: merge_timings(reports.iter().map(|(_, r)| &r.timings)),
        ..first.clone()
    })
}

/// Shards ran side by side: the slowest shard's wall time, all bytes, all threads.
fn merge_timings<'a>(
    parts: impl Iterator<Item = &'a BTreeMap<String, Timing>>,
) -> BTreeMap<String, Timing> {
    let mut out: BTreeMap<String, Timing> = BTreeMap::new();
    for part in parts {
        for (extractor, t) in part {
            let total = out.entry(extractor.clone()).or_insert(Timing {
                wall_seconds: 0.0,
                bytes: 0,
                threads: 0,
                mb_per_s: 0.0,
                documents: 0,
                words: 0,
                docs_per_s: 0.0,
                words_per_s: 0.0,
                workers: t.workers.map(|_| 0),
                cached: 0,
                document_seconds: t.document_seconds.map(|_| 0.0),
            });
            total.wall_seconds = total.wall_seconds.max(t.wall_seconds);
            total.bytes += t.bytes;
            total.threads += t.threads;
            total.documents += t.documents;
            total.words += t.words;
            total.cached += t.cached;
            total.workers = total.workers.zip(t.workers).map(|(a, b)| a + b);
            total.document_seconds = total
                .document_seconds
                .zip(t.document_seconds)
                .map(|(a, b)| a + b);
            let rate = |amount: f64| {
                if total.wall_seconds > 0.0 {
                    amount / total.wall_seconds
                } else {
                    0.0
                }
            };
            total.mb_per_s = rate(total.bytes as f64 / 1e6);
            total.docs_per_s = rate(total.documents as f64);
            total.words_per_s = rate(total.words as f64);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_partition_ids() {
        assert_eq!(
            "2/4".parse::<Shard>().unwrap(),
            Shard { index: 2, count: 4 }
        );
        for bad in ["0/3", "4/3", "1", "a/b", "1/0"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        let shards: Vec<Shard> = (1..=3).map(|k| Shard { index: k, count: 3 }).collect();
        for id in ["lagos-fuel", "lima-water", "a", ""] {
            assert_eq!(shards.iter().filter(|s| s.contains(id)).count(), 1, "{id}");
        }
        // Stable across versions: FNV-1a of "a" is fixed by its definition.
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
