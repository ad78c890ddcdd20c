//! Test helpers for users' crates: a score snapshot a reviewer can read, and
//! a floor per metric whose failure message shows where the errors are.
//!
//! ```
//! use wirebench::extract::Registry;
//! use wirebench::testing::assert_min_scores;
//! use wirebench::Harness;
//!
//! let harness = Harness::bundled().unwrap();
//! let registry = Registry::default();
//! assert_min_scores(&harness, registry.get("numbers/normalized").unwrap(), &[
//!     ("numbers.e2e.overlap.f1", 0.9),
//! ]);
//! ```

use std::fmt::Write;

use crate::extract::Extractor;
use crate::harness::{Evaluation, Harness};
use crate::score::{headline, MetricId};

/// Asserts an extractor's scores on a harness against an insta snapshot
/// named `scores_<extractor id>` (the text of [`score_summary`]). The
/// calling crate needs `insta` among its dev-dependencies.
///
/// ```ignore
/// wirebench::assert_score_snapshot!(&Harness::bundled()?, &MyExtractor);
/// ```
#[macro_export]
macro_rules! assert_score_snapshot {
    ($harness:expr, $extractor:expr) => {{
        let extractor: &dyn $crate::extract::Extractor = $extractor;
        let evaluation = $harness
            .run(extractor)
            .expect("the harness runs the extractor");
        ::insta::assert_snapshot!(
            format!("scores_{}", extractor.id().replace('/', "_")),
            $crate::testing::score_summary(&evaluation)
        );
    }};
}

/// Stable text of an evaluation, for snapshots: per extractor and layer the
/// headline metric rounded to three decimals with its interval and counts,
/// then one line per document with its headline F1s, then the failures.
/// No timings, so it is the same on every run and thread count.
pub fn score_summary(evaluation: &Evaluation) -> String {
    let mut out = String::new();
    for (extractor, scores) in &evaluation.report().scores {
        let _ = writeln!(out, "# {extractor} ({} documents)", scores.documents.len());
        let ids: Vec<MetricId> = scores.layers.iter().map(|&l| headline(l)).collect();
        for id in &ids {
            let e = evaluation
                .estimate(extractor, id)
                .unwrap_or_default_estimate();
            let docs: Vec<_> = scores.documents.values().collect();
            let mut total = crate::score::Counts::default();
            for doc in &docs {
                if let Some(c) = doc.get(&id.layer()).and_then(|m| m.get(id.count_key())) {
                    total.add(c);
                }
            }
            let _ = writeln!(
                out,
                "{id} {} [{}, {}]  cor {} inc {} par {} mis {} spu {}",
                round(e.value),
                round(e.low),
                round(e.high),
                total.cor,
                total.inc,
                total.par,
                total.mis,
                total.spu
            );
        }
        for (doc, counts) in &scores.documents {
            let figures: Vec<String> = ids.iter().map(|id| round(id.value(&[counts]))).collect();
            let _ = writeln!(out, "  {doc} {}", figures.join(" "));
        }
        for failure in &scores.failed {
            let _ = writeln!(out, "  failed {}: {}", failure.doc, failure.reason);
        }
    }
    out
}

fn round(value: Option<f64>) -> String {
    value.map_or("—".into(), |v| format!("{v:.3}"))
}

trait OrDefault {
    fn unwrap_or_default_estimate(self) -> crate::score::bootstrap::Estimate;
}

impl OrDefault for Option<crate::score::bootstrap::Estimate> {
    fn unwrap_or_default_estimate(self) -> crate::score::bootstrap::Estimate {
        self.unwrap_or(crate::score::bootstrap::Estimate {
            value: None,
            low: None,
            high: None,
        })
    }
}

/// Runs `extractor` on the harness and panics unless every metric is at
/// least its minimum; the message gives each shortfall with its interval,
/// then the five worst documents with their first errors.
pub fn assert_min_scores(harness: &Harness, extractor: &dyn Extractor, minimums: &[(&str, f64)]) {
    let evaluation = harness
        .run(extractor)
        .unwrap_or_else(|e| panic!("{}: the run failed: {e}", extractor.id()));
    if let Err(message) = check_min_scores(&evaluation, extractor.id(), minimums) {
        panic!("{message}");
    }
}

/// [`assert_min_scores`] on an evaluation already made: `Err` with the message.
pub fn check_min_scores(
    evaluation: &Evaluation,
    extractor: &str,
    minimums: &[(&str, f64)],
) -> Result<(), String> {
    let mut shortfalls = String::new();
    for (metric, minimum) in minimums {
        let id: MetricId = metric.parse().map_err(|e| format!("{e}"))?;
        let e = evaluation
            .estimate(extractor, &id)
            .unwrap_or_default_estimate();
        if e.value.is_none_or(|v| v < *minimum) {
            let _ = writeln!(
                shortfalls,
                "{extractor}: {id} is {} [{}, {}], below the minimum {minimum}",
                round(e.value),
                round(e.low),
                round(e.high)
            );
        }
    }
    if shortfalls.is_empty() {
        return Ok(());
    }
    let Some(scores) = evaluation.report().scores.get(extractor) else {
        return Err(format!("{shortfalls}{extractor} was not scored"));
    };
    let _ = writeln!(shortfalls, "worst documents:");
    for worst in &scores.worst_documents {
        let _ = writeln!(shortfalls, "  {} (headline F1 {:.3})", worst.doc, worst.f1);
        let errors = evaluation
            .errors()
            .iter()
            .filter(|e| e.extractor == extractor && e.doc == worst.doc);
        for error in errors.take(5) {
            let _ = writeln!(shortfalls, "    {}", error.one_line());
        }
    }
    Err(shortfalls)
}
