//! `corpus stats` and `agree` on fixtures whose answers are known.

use std::path::{Path, PathBuf};

use wirebench::agree::agree;
use wirebench::corpus::Dataset;
use wirebench::schema::Layer;
use wirebench::stats::corpus_stats;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

#[test]
fn an_annotation_agrees_perfectly_with_itself() {
    let valid = root().join("tests/fixtures/valid");
    let agreement = agree(
        &valid.join("corpus"),
        &valid.join("golden"),
        &valid.join("golden"),
    )
    .unwrap();
    assert_eq!(agreement.documents, ["d"]);
    assert!(agreement.disagreements.is_empty());
    for id in [
        "entities.spans.strict.f1",
        "quotes.e2e.strict.f1",
        "numbers.e2e.strict.f1",
        "quotes.speaker.overlap.accuracy",
    ] {
        assert_eq!(agreement.metrics[id], Some(1.0), "{id}");
    }
}

#[test]
fn disagreements_are_measured_and_listed_with_context() {
    let valid = root().join("tests/fixtures/valid");
    let b = root().join("tests/fixtures/agree-b");
    let agreement = agree(&valid.join("corpus"), &valid.join("golden"), &b).unwrap();
    assert_eq!(
        agreement.metrics["entities.spans.strict.f1"],
        Some(2.0 / 3.0)
    );
    assert_eq!(agreement.metrics["entities.spans.exact.f1"], Some(1.0));
    assert_eq!(
        agreement.metrics["quotes.speaker.overlap.accuracy"],
        Some(0.0)
    );
    assert_eq!(
        agreement.metrics["numbers.unit.overlap.accuracy"],
        Some(0.5)
    );
    let listed: Vec<(Layer, &str, &str)> = agreement
        .disagreements
        .iter()
        .map(|d| (d.layer, d.side, d.label.as_str()))
        .collect();
    assert!(
        listed.contains(&(Layer::Entities, "A only", "PERSON")),
        "{listed:?}"
    );
    assert!(
        listed.contains(&(Layer::Entities, "B only", "ORG")),
        "{listed:?}"
    );
    assert!(
        listed.contains(&(Layer::Quotes, "B only", "speaker null · cue said")),
        "{listed:?}"
    );
    assert!(
        listed.contains(&(Layer::Numbers, "B only", "money 1500 EUR")),
        "{listed:?}"
    );
    let person = agreement
        .disagreements
        .iter()
        .find(|d| d.label == "PERSON")
        .unwrap();
    assert!(
        person.context.contains("[Anna Nowak] said"),
        "{}",
        person.context
    );
    assert!(
        agreement.render().contains("d · entities"),
        "{}",
        agreement.render()
    );
}

#[test]
fn stats_count_spans_and_read_phenomena_off_the_golden_file() {
    let valid = root().join("tests/fixtures/valid");
    let dataset = Dataset::from_dirs(valid.join("corpus"), valid.join("golden")).unwrap();
    let stats = corpus_stats(&dataset);
    assert_eq!(stats.documents, 1);
    assert_eq!(stats.spans[&Layer::Entities], 3);
    assert_eq!(stats.spans[&Layer::Quotes], 1);
    assert_eq!(stats.spans[&Layer::Numbers], 2);
    for phenomenon in [
        "entity:PERSON",
        "entity:GPE",
        "number:money",
        "number:date-with-year",
        "quote:curly-marks",
        "number:currency-word",
    ] {
        assert!(
            stats.coverage.contains_key(phenomenon),
            "{phenomenon} missing: {:?}",
            stats.coverage.keys()
        );
    }
    assert!(!stats.coverage.contains_key("quote:null-speaker"));
    assert!(stats.render().contains("1 documents"));
}

#[test]
fn the_bundled_corpus_is_split_into_dev_and_test() {
    let dataset = Dataset::from_dirs(root().join("corpus"), root().join("golden")).unwrap();
    let stats = corpus_stats(&dataset);
    let docs = |split: &str| {
        stats
            .groups
            .get(&("split", split.to_owned()))
            .map_or(0, |g| g.0)
    };
    assert_eq!(
        docs("dev") + docs("test"),
        stats.documents,
        "every document has a split"
    );
    // `test` stays fixed and unseen (Corpus III's 56 documents) while `dev`
    // grows with tuning material; it stays a large share of the corpus.
    assert!(docs("test") >= 56, "the test split lost documents");
    assert!(
        docs("test") * 100 >= stats.documents * 40,
        "at least 40% is test"
    );
    let seed = &dataset.documents()[dataset.position("ap-2024-05-17-putin-harbin").unwrap()];
    assert_eq!(seed.meta.split.map(|s| s.name()), Some("dev"));
}

#[test]
fn every_golden_span_re_anchors_from_its_text_and_occurrence() {
    use wirebench::golden::anchor::{anchor_value, whole_word_matches};
    let corpus = root().join("corpus");
    for entry in std::fs::read_dir(root().join("golden")).unwrap() {
        let path = entry.unwrap().path();
        let original: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let doc = original["doc"].as_str().unwrap();
        let text = std::fs::read_to_string(corpus.join(format!("{doc}.txt"))).unwrap();
        let chars: Vec<char> = text.chars().collect();
        // Rewrite every span as text + occurrence, the way annotators write them.
        let mut stripped = original.clone();
        let mut strip = |span: &mut serde_json::Value| {
            let start = span["start"].as_u64().unwrap() as usize;
            let needle: Vec<char> = span["text"].as_str().unwrap().chars().collect();
            let matches = whole_word_matches(&chars, &needle);
            let k = matches.iter().position(|&m| m == start).unwrap_or_else(|| {
                panic!(
                    "{doc}: {:?} at {start} is not a whole-word match",
                    span["text"]
                )
            });
            let object = span.as_object_mut().unwrap();
            object.remove("start");
            object.remove("end");
            object.insert("occurrence".into(), (k + 1).into());
        };
        for entity in stripped["entities"].as_array_mut().unwrap() {
            entity["mentions"]
                .as_array_mut()
                .unwrap()
                .iter_mut()
                .for_each(&mut strip);
        }
        stripped["quotes"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .for_each(&mut strip);
        stripped["numbers"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .for_each(&mut strip);
        anchor_value(&mut stripped, &text).unwrap();
        assert_eq!(
            stripped, original,
            "{doc}: anchoring reproduces the offsets"
        );
    }
}

/// Every second annotation kept for agreement still fits its document: a
/// text edit that forgets them fails here, not in a later `wirebench agree`.
#[test]
fn every_second_annotation_fits_the_current_corpus() {
    let root = root();
    for folder in ["second-annotation", "corpus-iii"] {
        let second = root.join("corpus/agreement").join(folder);
        let agreement = agree(&root.join("corpus"), &root.join("golden"), &second)
            .unwrap_or_else(|e| panic!("{folder}: {e}"));
        assert!(agreement.documents.len() >= 9, "{folder}");
        let f1 = agreement.metrics["entities.spans.strict.f1"].unwrap();
        assert!(f1 > 0.9, "{folder}: entities strict F1 {f1}");
    }
}
