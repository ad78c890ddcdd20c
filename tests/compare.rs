//! `compare` on constructed scores whose answer is known.

mod common;
use common::wirebench;

use std::collections::BTreeMap;

use wirebench::compare::{compare, CompareConfig, Gate, Verdict};
use wirebench::report::ExtractorScores;
use wirebench::schema::Layer;
use wirebench::score::{metrics, Counts, DocumentCounts};

const F1: &str = "entities.spans.strict.f1";

/// Scores from per-document (correct, spurious, missed) entity counts.
fn scores(docs: &[(u64, u64, u64)]) -> ExtractorScores {
    let documents: BTreeMap<String, DocumentCounts> = docs
        .iter()
        .enumerate()
        .map(|(i, &(cor, spu, mis))| {
            let counts = Counts {
                cor,
                spu,
                mis,
                ..Counts::default()
            };
            (
                format!("doc-{i:03}"),
                BTreeMap::from([(
                    Layer::Entities,
                    BTreeMap::from([("spans.strict".into(), counts)]),
                )]),
            )
        })
        .collect();
    ExtractorScores {
        layers: vec![Layer::Entities],
        metrics: metrics(&documents),
        intervals: BTreeMap::new(),
        breakdowns: BTreeMap::new(),
        worst_documents: Vec::new(),
        confusion: BTreeMap::new(),
        documents,
        failed: Vec::new(),
    }
}

fn config() -> CompareConfig {
    CompareConfig {
        trials: 2000,
        ..CompareConfig::default()
    }
}

fn run(
    base: &ExtractorScores,
    candidate: &ExtractorScores,
    cfg: &CompareConfig,
) -> wirebench::compare::MetricComparison {
    compare(
        ("base", base),
        ("candidate", candidate),
        &[F1.parse().unwrap()],
        cfg,
    )
    .unwrap()
    .metrics
    .remove(0)
}

#[test]
fn identical_systems_give_p_one_and_no_significant_change() {
    let docs: Vec<(u64, u64, u64)> = (0..20).map(|i| (5 + i % 3, i % 2, 1)).collect();
    let a = scores(&docs);
    let m = run(&a, &a, &config());
    assert_eq!(m.delta, Some(0.0));
    assert_eq!(m.p, Some(1.0));
    assert_eq!(m.verdict, Verdict::NoSignificantChange);
    assert_eq!((m.delta_low, m.delta_high), (Some(0.0), Some(0.0)));
}

#[test]
fn a_system_better_on_every_document_is_significantly_better() {
    let base = scores(&(0..20).map(|i| (5, 4 + i % 2, 4)).collect::<Vec<_>>());
    let candidate = scores(&(0..20).map(|i| (8, 1 + i % 2, 1)).collect::<Vec<_>>());
    let m = run(&base, &candidate, &config());
    assert!(m.delta.unwrap() > 0.2);
    assert!(m.p.unwrap() < 0.01, "p = {:?}", m.p);
    assert_eq!(m.verdict, Verdict::Better);
    assert!(
        m.delta_low.unwrap() > 0.0,
        "the interval of the delta excludes zero"
    );
    let reverse = run(&candidate, &base, &config());
    assert_eq!(reverse.verdict, Verdict::Worse);
    let gate = format!("{F1}:0.05").parse::<Gate>().unwrap();
    let comparison = compare(
        ("c", &candidate),
        ("b", &base),
        &[F1.parse().unwrap()],
        &config(),
    )
    .unwrap();
    assert!(
        gate.trips(&comparison),
        "worse by more than 0.05 and significant"
    );
    assert!(
        !format!("{F1}:0.9")
            .parse::<Gate>()
            .unwrap()
            .trips(&comparison),
        "a drop within the tolerance passes"
    );
}

#[test]
fn one_outlier_document_does_not_make_a_significant_difference() {
    let mut base: Vec<(u64, u64, u64)> = (0..20).map(|_| (5, 2, 2)).collect();
    let mut candidate = base.clone();
    base[7] = (0, 10, 10);
    candidate[7] = (10, 0, 0);
    let m = run(&scores(&base), &scores(&candidate), &config());
    assert!(m.delta.unwrap() > 0.0);
    assert!(m.p.unwrap() > 0.3, "p = {:?}", m.p);
    assert_eq!(m.verdict, Verdict::NoSignificantChange);
}

#[test]
fn the_same_seed_gives_the_same_p_and_holm_never_lowers_p() {
    let base = scores(&(0..15).map(|i| (5, 3 + i % 3, 2)).collect::<Vec<_>>());
    let candidate = scores(&(0..15).map(|i| (6, 2 + i % 4, 2)).collect::<Vec<_>>());
    let cfg = config();
    assert_eq!(run(&base, &candidate, &cfg), run(&base, &candidate, &cfg));
    let all = compare(
        ("b", &base),
        ("c", &candidate),
        &[
            F1.parse().unwrap(),
            "entities.spans.strict.precision".parse().unwrap(),
            "entities.spans.strict.recall".parse().unwrap(),
        ],
        &cfg,
    )
    .unwrap();
    for m in &all.metrics {
        assert!(m.p_holm.unwrap() >= m.p.unwrap());
    }
}

#[test]
fn the_command_compares_reports_and_refuses_other_corpora() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("r.json");
    assert!(wirebench(&[
        "run",
        "--quiet",
        "--extractor",
        "numbers/digits",
        "--json",
        report.to_str().unwrap()
    ])
    .status
    .success());
    let md = dir.path().join("c.md");
    let out = wirebench(&[
        "compare",
        report.to_str().unwrap(),
        report.to_str().unwrap(),
        "--markdown",
        md.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("no significant change"));
    assert!(std::fs::read_to_string(&md)
        .unwrap()
        .contains("| `numbers.e2e.overlap.f1` |"));
    let out = wirebench(&[
        "compare",
        report.to_str().unwrap(),
        report.to_str().unwrap(),
        "--fail-unless-better",
        "numbers.e2e.overlap.f1",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "identical systems are not better"
    );

    let mut other: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    other["fingerprint"]["golden"] = "0".repeat(64).into();
    let changed = dir.path().join("other.json");
    std::fs::write(&changed, other.to_string()).unwrap();
    let out = wirebench(&[
        "compare",
        report.to_str().unwrap(),
        changed.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("different golden files"));
    let out = wirebench(&[
        "compare",
        report.to_str().unwrap(),
        changed.to_str().unwrap(),
        "--shared-documents",
    ]);
    assert_eq!(out.status.code(), Some(0));
}
