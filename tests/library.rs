//! The library as a product: the open registry, failure isolation of
//! `prepare` and batches, the embedded corpus, and the data-directory rules.

use std::process::Command;

use wirebench::corpus::{Dataset, Document, Split};
use wirebench::extract::{Extractor, Registry};
use wirebench::prediction::Prediction;
use wirebench::schema::Layer;
use wirebench::{ExtractError, Harness, MetricId};

/// Finds nothing; fails in `prepare` or answers batches wrongly when told to.
struct Stub {
    id: &'static str,
    failing_prepare: bool,
    batch: usize,
    short_batches: bool,
}

impl Extractor for Stub {
    fn id(&self) -> &str {
        self.id
    }
    fn layers(&self) -> &[Layer] {
        &[Layer::Entities]
    }
    fn extract(&self, _doc: &Document) -> Result<Prediction, ExtractError> {
        Ok(Prediction {
            entities: Some(Vec::new()),
            ..Prediction::default()
        })
    }
    fn prepare(&self) -> Result<(), ExtractError> {
        if self.failing_prepare {
            let missing = std::fs::read("/nonexistent/model.bin").map(|_| ());
            missing.map_err(|e| ExtractError::context("loading the model", e))?;
        }
        Ok(())
    }
    fn batch_size(&self) -> usize {
        self.batch
    }
    fn extract_batch(&self, docs: &[&Document]) -> Vec<Result<Prediction, ExtractError>> {
        let mut out: Vec<_> = docs.iter().map(|d| self.extract(d)).collect();
        if self.short_batches {
            out.pop();
        }
        out
    }
}

fn stub(id: &'static str) -> Stub {
    Stub {
        id,
        failing_prepare: false,
        batch: 1,
        short_batches: false,
    }
}

#[test]
fn the_registry_holds_the_builtins_and_takes_new_extractors_once() {
    let mut registry = Registry::default();
    assert_eq!(registry.ids().count(), 6);
    registry.register(stub("user/stub")).unwrap();
    assert!(registry.get("user/stub").is_some());
    let duplicate = registry.register(stub("user/stub")).unwrap_err();
    assert!(duplicate.to_string().contains("already registered"));
    assert!(registry.register(stub("bad id")).is_err());
    let unknown = registry.select(&["user/nope"]).err().unwrap().to_string();
    assert!(unknown.contains("user/stub"), "{unknown}");
}

#[test]
fn a_failed_prepare_fails_that_extractor_only_with_its_reason() {
    let dataset = Dataset::bundled()
        .unwrap()
        .subset(|d| d.meta.split == Some(Split::Dev));
    let broken = Stub {
        failing_prepare: true,
        ..stub("user/broken")
    };
    let healthy = stub("user/healthy");
    let evaluation = Harness::new(dataset.clone())
        .run_all(&[&broken, &healthy])
        .unwrap();
    let scores = &evaluation.report().scores;
    assert_eq!(
        scores["user/broken"].failed.len(),
        dataset.documents().len()
    );
    let reason = &scores["user/broken"].failed[0].reason;
    assert!(
        reason.starts_with("prepare failed: extractor error: loading the model: "),
        "{reason}"
    );
    assert!(scores["user/healthy"].failed.is_empty());
}

#[test]
fn batches_give_the_same_scores_and_a_wrong_count_fails_the_batch() {
    let harness = Harness::bundled().unwrap();
    let one = harness.run(&stub("user/b")).unwrap();
    let batched = harness
        .run(&Stub {
            batch: 7,
            ..stub("user/b")
        })
        .unwrap();
    assert_eq!(one.report().scores, batched.report().scores);
    let short = harness
        .run(&Stub {
            batch: 5,
            short_batches: true,
            ..stub("user/b")
        })
        .unwrap();
    let failed = &short.report().scores["user/b"].failed;
    assert_eq!(failed.len(), harness.dataset().documents().len());
    assert!(failed[0]
        .reason
        .contains("returned 4 results for 5 documents"));
}

#[test]
fn the_bundled_corpus_equals_the_corpus_on_disk() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let disk = Dataset::from_dirs(root.join("corpus"), root.join("golden")).unwrap();
    assert_eq!(
        Dataset::bundled().unwrap().fingerprint(),
        disk.fingerprint()
    );
}

#[test]
fn a_metric_is_read_by_typed_id_with_its_interval() {
    let harness = Harness::bundled().unwrap();
    let registry = Registry::default();
    let evaluation = harness
        .run(registry.get("entities/gazetteer").unwrap())
        .unwrap();
    let id: MetricId = "entities.spans.type.f1".parse().unwrap();
    let e = evaluation.estimate("entities/gazetteer", &id).unwrap();
    let (low, value, high) = (e.low.unwrap(), e.value.unwrap(), e.high.unwrap());
    assert!(low < value && value < high);
    assert_eq!(evaluation.metric("entities/gazetteer", &id), Some(value));
}

#[test]
fn the_binary_scores_the_embedded_corpus_from_any_directory() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_wirebench"))
        .args(["run", "--extractor", "numbers/digits", "--quiet"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new(env!("CARGO_BIN_EXE_wirebench"))
        .args(["validate"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("ok: "));
}

#[test]
fn a_corpus_without_its_golden_directory_is_an_error_not_a_mix() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("corpus")).unwrap();
    std::fs::write(
        dir.path().join("corpus/manifest.json"),
        "{\"documents\": []}",
    )
    .unwrap();
    for args in [
        vec!["validate", "--corpus", "corpus"],
        vec!["validate", "--golden", "golden"],
        vec!["validate"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_wirebench"))
            .args(&args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("golden") && stderr.contains("corpus"),
            "{stderr}"
        );
    }
}
