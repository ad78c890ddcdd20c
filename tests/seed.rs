//! The seed document: its bytes, its score report, and each baseline's predictions on it.

use std::path::Path;

use wirebench::corpus::{sha256_hex, Dataset};
use wirebench::extract::{Extractor, Registry};
use wirebench::prediction::render_compact;
use wirebench::report::progress::Silent;
use wirebench::runner::{run, Outcome};

const SEED: &str = "ap-2024-05-17-putin-harbin";

fn seed_only() -> Dataset {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dataset = Dataset::from_dirs(root.join("corpus"), root.join("golden")).unwrap();
    let seed = dataset.subset(|doc| doc.id == SEED);
    assert_eq!(seed.documents().len(), 1, "the seed is in the corpus");
    seed
}

#[test]
fn seed_is_copied_byte_for_byte() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(root.join(format!("corpus/{SEED}.txt"))).unwrap();
    assert_eq!(
        sha256_hex(&bytes),
        "4cf1071672a94e283e909689dbdccc24c57bea9ac27b0c096f3573996b5184f1"
    );
}

#[test]
fn seed_score_report() {
    let dataset = seed_only();
    let evaluation = wirebench::Harness::new(dataset)
        .threads(1)
        .run_all(&builtins())
        .unwrap();
    insta::assert_snapshot!(
        "seed_scores",
        wirebench::testing::score_summary(&evaluation)
    );
}

#[test]
fn baseline_predictions_on_the_seed() {
    let dataset = seed_only();
    let runs = run(&builtins(), &dataset, Some(1), &Silent).unwrap();
    for run in runs {
        let Outcome::Predicted(prediction) = &run.outcomes[0] else {
            panic!(
                "{} failed on the seed: {:?}",
                run.extractor, run.outcomes[0]
            );
        };
        let name = format!("seed_predictions_{}", run.extractor.replace('/', "_"));
        insta::assert_snapshot!(name, render_compact(&dataset.documents()[0], prediction));
    }
}

/// The built-in extractors, in report order.
fn builtins() -> Vec<&'static dyn Extractor> {
    static REGISTRY: std::sync::LazyLock<Registry> = std::sync::LazyLock::new(Registry::default);
    REGISTRY.iter().collect()
}
