//! The extractor's scores on the bundled corpus: a snapshot to review, and
//! a floor that CI enforces.

use wirebench::testing::{assert_min_scores, check_min_scores};
use wirebench::{assert_score_snapshot, Harness};
use wirebench_downstream_example::Percentages;

#[test]
fn score_snapshot() {
    let harness = Harness::bundled().unwrap().threads(2);
    assert_score_snapshot!(harness, &Percentages);
}

#[test]
fn percentages_are_found_with_their_values() {
    let harness = Harness::bundled().unwrap();
    // Percentages are a small share of all numbers: recall stays low by design.
    assert_min_scores(
        &harness,
        &Percentages,
        &[
            ("numbers.e2e.overlap.precision/percent", 0.9),
            ("numbers.value.overlap.accuracy", 0.95),
        ],
    );
}

#[test]
fn a_floor_too_high_fails_with_the_worst_documents() {
    let harness = Harness::bundled().unwrap();
    let evaluation = harness.run(&Percentages).unwrap();
    let message = check_min_scores(
        &evaluation,
        "downstream/percentages",
        &[("numbers.e2e.overlap.f1", 0.99)],
    )
    .unwrap_err();
    assert!(message.contains("below the minimum 0.99"), "{message}");
    assert!(message.contains("worst documents:"), "{message}");
}
