//! Scoring II on constructed cases whose answers are known: intervals,
//! error categories, the errors file, `explain`, breakdowns.

mod common;
use common::wirebench;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use wirebench::corpus::Dataset;
use wirebench::prediction::read_predictions;
use wirebench::schema::Layer;
use wirebench::score::bootstrap::{estimates, BootstrapConfig};
use wirebench::score::errors::{diagnose, Category};
use wirebench::score::{Counts, DocumentCounts, ScoringConfig};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn doc_with(cor: u64, spu: u64, mis: u64) -> DocumentCounts {
    let counts = Counts {
        cor,
        spu,
        mis,
        ..Counts::default()
    };
    BTreeMap::from([(
        Layer::Entities,
        BTreeMap::from([("spans.strict".into(), counts)]),
    )])
}

#[test]
fn an_interval_contains_its_point_and_narrows_with_four_times_the_documents() {
    let docs: Vec<DocumentCounts> = (0..12u64)
        .map(|i| doc_with(5 + i % 4, i % 3, (i * 7) % 5))
        .collect();
    let once: Vec<&DocumentCounts> = docs.iter().collect();
    let four: Vec<&DocumentCounts> = docs
        .iter()
        .flat_map(|d| std::iter::repeat_n(d, 4))
        .collect();
    let id: Vec<wirebench::MetricId> = vec!["entities.spans.strict.f1".parse().unwrap()];
    let config = BootstrapConfig::default();
    let a = estimates(&id, &once, &config)[&id[0]];
    let b = estimates(&id, &four, &config)[&id[0]];
    let (value, low, high) = (a.value.unwrap(), a.low.unwrap(), a.high.unwrap());
    assert!(low < value && value < high, "{low} < {value} < {high}");
    assert_eq!(
        b.value, a.value,
        "repeating every document leaves the point estimate alone"
    );
    let (width_once, width_four) = (high - low, b.high.unwrap() - b.low.unwrap());
    assert!(
        width_four < 0.7 * width_once,
        "four times the documents: {width_four} vs {width_once}"
    );
    assert_eq!(
        estimates(&id, &once, &config),
        estimates(&id, &once, &config),
        "same seed, same interval"
    );
    let other = BootstrapConfig {
        seed: 7,
        ..BootstrapConfig::default()
    };
    assert_ne!(
        estimates(&id, &once, &other)[&id[0]].low,
        Some(low),
        "the seed matters"
    );
}

#[test]
fn each_error_category_comes_from_the_fixture_built_for_it() {
    let valid = fixtures().join("valid");
    let dataset = Dataset::from_dirs(valid.join("corpus"), valid.join("golden")).unwrap();
    let file = read_predictions(&fixtures().join("errors/every-error.jsonl"), &dataset).unwrap();
    let prediction = file.predictions[0].as_ref().unwrap();
    let (errors, confusion) = diagnose(
        "fixture/every-error",
        &dataset.documents()[0],
        &dataset.gold()[0],
        prediction,
        &Layer::ALL,
        &ScoringConfig::default(),
    );
    let found: Vec<(Category, Option<&str>, Option<&str>)> = errors
        .iter()
        .map(|e| {
            (
                e.category,
                e.gold.as_ref().map(|s| s.text.as_str()),
                e.predicted.as_ref().map(|s| s.text.as_str()),
            )
        })
        .collect();
    let expect = [
        (Category::BoundaryTooShort, Some("WARSAW"), Some("WARSA")),
        (Category::Missed, Some("Poland"), None),
        (Category::WrongType, Some("Anna Nowak"), Some("Anna Nowak")),
        (Category::Spurious, None, Some("city")),
        (
            Category::WrongSpeaker,
            Some("The city is 1,500 złoty short."),
            Some("The city is 1,500 złoty short."),
        ),
        (
            Category::BoundaryTooLong,
            Some("1,500 złoty"),
            Some("is 1,500 złoty"),
        ),
        (
            Category::WrongUnit,
            Some("1,500 złoty"),
            Some("is 1,500 złoty"),
        ),
        (
            Category::BoundaryShifted,
            Some("May 17, 2024"),
            Some("17, 2024."),
        ),
        (Category::WrongKind, Some("May 17, 2024"), Some("17, 2024.")),
        (
            Category::WrongValue,
            Some("May 17, 2024"),
            Some("17, 2024."),
        ),
    ];
    for e in &expect {
        assert!(found.contains(e), "missing {e:?} in {found:#?}");
    }
    assert_eq!(found.len(), expect.len(), "no other errors: {found:#?}");
    for category in Category::ALL {
        assert!(
            found.iter().any(|f| f.0 == category),
            "{category:?} not produced"
        );
    }
    let spurious = errors
        .iter()
        .find(|e| e.category == Category::Spurious)
        .unwrap();
    assert_eq!(
        (spurious.before.as_str(), spurious.after.as_str()),
        (
            "Poland — Anna Nowak said: “The ",
            " is 1,500 złoty short.” It was"
        )
    );
    assert_eq!(
        confusion["PERSON"]["ORG"], 1,
        "gold PERSON predicted ORG on the same boundaries"
    );
}

#[test]
fn explain_groups_errors_by_category_with_counts_first() {
    let valid = fixtures().join("valid");
    let out = wirebench(&[
        "explain",
        "d",
        "--corpus",
        valid.join("corpus").to_str().unwrap(),
        "--golden",
        valid.join("golden").to_str().unwrap(),
        "--predictions",
        fixtures()
            .join("errors/every-error.jsonl")
            .to_str()
            .unwrap(),
        "--layer",
        "numbers",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "fixture/every-error on d: 5 error(s)");
    assert_eq!(
        lines[1],
        "  1 boundary-too-long, 1 boundary-shifted, 1 wrong-kind, 1 wrong-value, 1 wrong-unit"
    );
    assert!(text.contains("gold 74..86 \"May 17, 2024\" (date 2024-05-17) predicted 78..87 \"17, 2024.\" (year 2024)"), "{text}");
}

#[test]
fn the_errors_file_streams_every_error_and_breakdowns_cover_each_split() {
    let dir = tempfile::tempdir().unwrap();
    let errors = dir.path().join("errors.jsonl");
    let report = dir.path().join("report.json");
    let out = wirebench(&[
        "run",
        "--quiet",
        "--errors",
        errors.to_str().unwrap(),
        "--json",
        report.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let typed = wirebench::report::Report::read(&report).unwrap();
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&errors)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Errors per extractor and layer add up to the counts that are not correct.
    let scores = &report["scores"]["numbers/digits"];
    // Per-document counts are written compactly (schema 2); read them back typed.
    let n = |k: &str| {
        typed.scores["numbers/digits"]
            .documents
            .values()
            .map(|d| {
                let c = d[&wirebench::schema::Layer::Numbers]["spans.strict"];
                match k {
                    "mis" => c.mis,
                    _ => c.spu,
                }
            })
            .sum::<u64>()
    };
    let listed = |c: &str| {
        lines
            .iter()
            .filter(|l| l["extractor"] == "numbers/digits" && l["category"] == c)
            .count() as u64
    };
    assert_eq!(listed("missed"), n("mis"));
    assert_eq!(listed("spurious"), n("spu"));
    for split in ["dev", "test"] {
        let group = &scores["breakdowns"]["split"][split];
        assert!(group["documents"].as_u64().unwrap() > 0);
        let e = &group["estimates"]["numbers.e2e.overlap.f1"];
        assert!(e["low"].as_f64().unwrap() <= e["value"].as_f64().unwrap());
        assert!(e["value"].as_f64().unwrap() <= e["high"].as_f64().unwrap());
    }
    assert_eq!(scores["worst_documents"].as_array().unwrap().len(), 5);
    assert_eq!(report["scoring"]["bootstrap"]["generator"], "ChaCha8");
}

#[test]
fn an_interval_for_an_unknown_metric_is_refused() {
    let out = wirebench(&[
        "run",
        "--quiet",
        "--interval",
        "entities.spans.strict.f1/NOPE",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no extractor has this metric"));
    let out = wirebench(&[
        "run",
        "--quiet",
        "--interval",
        "entities.spans.strict.macro_docs_n",
    ]);
    assert_eq!(out.status.code(), Some(2));
}
