//! One insta snapshot per built-in extractor of its predictions over the
//! whole bundled corpus, one line per span, so that any change in what an
//! extractor finds shows as a readable diff.

use std::fmt::Write;
use std::path::Path;

use wirebench::corpus::Dataset;
use wirebench::extract::{Extractor, Registry};
use wirebench::prediction::render_compact;

#[test]
fn every_builtin_over_the_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dataset = Dataset::from_dirs(root.join("corpus"), root.join("golden")).unwrap();
    for extractor in builtins() {
        let mut out = String::new();
        for doc in dataset.documents() {
            let prediction = extractor.extract(doc).unwrap();
            let _ = writeln!(out, "## {}", doc.id);
            out.push_str(&render_compact(doc, &prediction));
        }
        insta::assert_snapshot!(format!("corpus_{}", extractor.id().replace('/', "_")), out);
    }
}

/// The headline figures of every built-in extractor on the corpus, with
/// counts and one line per document: any change in a figure is a readable
/// snapshot diff (through the helper users' crates use).
#[test]
fn every_builtin_score_summary() {
    let harness = wirebench::Harness::bundled().unwrap().threads(2);
    for extractor in builtins() {
        wirebench::assert_score_snapshot!(harness, extractor);
    }
}

/// The built-in extractors, in report order.
fn builtins() -> Vec<&'static dyn Extractor> {
    static REGISTRY: std::sync::LazyLock<Registry> = std::sync::LazyLock::new(Registry::default);
    REGISTRY.iter().collect()
}
