//! Other formats in and out (src/formats): round trips on the bundled
//! corpus, one hand-made fixture per input format with its golden files as an
//! insta snapshot, the CoNLL export scored by a seqeval-style strict scorer,
//! and corpora with their own entity types and layers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use wirebench::corpus::{Dataset, Source};
use wirebench::extract::Registry;
use wirebench::formats::{
    self, brat, conll, golden_json, jsonl, label_studio, ImportLabels, Imported,
};
use wirebench::golden::GoldenFile;
use wirebench::runner::{run, Outcome, Silent};
use wirebench::validate::check;
use wirebench::{Harness, MetricId};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

/// The bundled golden files in code points, without the annotators' notes.
fn bundled_golden() -> BTreeMap<String, GoldenFile> {
    let dataset = Dataset::bundled().unwrap();
    dataset
        .documents()
        .iter()
        .zip(dataset.gold())
        .map(|(d, g)| {
            let mut g = formats::to_codepoints(g, &d.text);
            g.notes.clear();
            (d.id.clone(), g)
        })
        .collect()
}

/// What an import gives, as a reviewer reads it: declarations, golden files, report.
fn render(imported: &Imported) -> String {
    let declared = imported.declared();
    let types: Vec<&str> = declared.entity_types.iter().map(|t| t.label()).collect();
    let layers: Vec<&str> = declared.layers.iter().map(|l| l.name()).collect();
    let mut out = format!(
        "layers: {}\nentity types: {}\n",
        layers.join(", "),
        types.join(", ")
    );
    for doc in &imported.documents {
        out.push_str(&format!("--- {} ---\n{}\n", doc.id, doc.text));
        out.push_str(&golden_json(&doc.golden, &declared.layers));
    }
    for (reason, n) in &imported.report.unmapped {
        out.push_str(&format!("not carried over: {n} × {reason}\n"));
    }
    out
}

/// Writes the import and checks that wirebench reads it back as valid.
fn written_and_valid(mut imported: Imported) -> Dataset {
    let dir = tempfile::tempdir().unwrap();
    let written = imported.write(dir.path()).unwrap();
    assert_eq!(written.problems, vec![], "the written corpus validates");
    assert!(
        imported
            .report
            .warnings
            .iter()
            .any(|w| w.contains("1970-01-01")),
        "defaults are announced"
    );
    let dataset = Dataset::from_dirs(&written.corpus, &written.golden).unwrap();
    std::mem::forget(dir); // the dataset is read; the files may stay for the test run
    dataset
}

#[test]
fn brat_export_then_import_gives_the_same_golden_files() {
    let dataset = Dataset::bundled().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let summary = brat::export(&dataset, &dir.path().join("brat")).unwrap();
    assert_eq!(summary.documents, dataset.documents().len());
    let imported = brat::import(&dir.path().join("brat"), &ImportLabels::default()).unwrap();
    assert_eq!(imported.report.unmapped, BTreeMap::new(), "nothing lost");
    let back: BTreeMap<String, GoldenFile> = imported
        .documents
        .into_iter()
        .map(|d| (d.id, d.golden))
        .collect();
    let expected = bundled_golden();
    assert_eq!(back.len(), expected.len());
    for (id, gold) in &expected {
        assert_eq!(back.get(id), Some(gold), "document {id}");
    }
}

#[test]
fn conll_export_then_import_gives_the_same_mentions() {
    let dataset = Dataset::bundled().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.conll");
    let summary = conll::export(&dataset, None, &path).unwrap();
    assert_eq!((summary.cut, summary.overlapping), (0, 0));
    let imported = conll::import(&path, &ImportLabels::default()).unwrap();
    assert_eq!(imported.documents.len(), dataset.documents().len());
    // The text is re-tokenised, so mentions are compared by text and type, in order.
    let mentions = |g: &GoldenFile| {
        let mut m: Vec<(usize, String, String)> = g
            .entities
            .iter()
            .flat_map(|e| {
                e.mentions
                    .iter()
                    .map(move |m| (m.start, m.text.clone(), e.ty.to_string()))
            })
            .collect();
        m.sort();
        m.into_iter()
            .map(|(_, t, ty)| (t.replace(' ', ""), ty))
            .collect::<Vec<_>>()
    };
    for (gold, doc) in bundled_golden().values().zip(&imported.documents) {
        assert_eq!(
            mentions(&doc.golden),
            mentions(gold),
            "document {}",
            gold.doc
        );
    }
    let back = written_and_valid(imported);
    assert_eq!(
        back.declared().layers,
        vec![wirebench::schema::Layer::Entities]
    );
}

#[test]
fn refuses_to_overwrite() {
    let dataset = Dataset::bundled().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("taken.conll");
    std::fs::write(&path, "mine").unwrap();
    let err = conll::export(&dataset, None, &path)
        .unwrap_err()
        .to_string();
    assert!(err.contains("never overwrites"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    let err = brat::export(&dataset, dir.path()).unwrap_err().to_string();
    assert!(err.contains("never overwrites"), "{err}");
}

#[test]
fn brat_fixture_with_attribution_events() {
    let imported = brat::import(&fixture("brat"), &ImportLabels::default()).unwrap();
    insta::assert_snapshot!("brat-fixture", render(&imported));
    written_and_valid(imported);
}

#[test]
fn conll_fixture_in_iob1_declares_its_own_types() {
    let imported = conll::import(&fixture("conll/iob1.conll"), &ImportLabels::default()).unwrap();
    assert!(imported.report.warnings[0].contains("IOB1"));
    insta::assert_snapshot!("conll-fixture", render(&imported));
    let dataset = written_and_valid(imported);
    let types: Vec<&str> = dataset
        .declared()
        .entity_types
        .iter()
        .map(|t| t.label())
        .collect();
    assert_eq!(types, ["LOC", "MISC", "ORG", "PER"]);
}

#[test]
fn conll_labels_go_through_the_label_map_and_left_out_ones_are_counted() {
    let labels = ImportLabels::from_pairs([
        ("PER", Some("PERSON")),
        ("ORG", Some("ORG")),
        ("LOC", Some("GPE")),
        ("MISC", None),
    ]);
    let imported = conll::import(&fixture("conll/iob1.conll"), &labels).unwrap();
    assert_eq!(
        imported.report.unmapped,
        BTreeMap::from([("label `MISC` (mapped to null)".to_owned(), 1)])
    );
    let dataset = written_and_valid(imported);
    assert_eq!(
        dataset.declared(),
        &wirebench::corpus::Declared {
            entity_types: wirebench::schema::EntityType::ALL.to_vec(),
            layers: vec![wirebench::schema::Layer::Entities],
        }
    );
}

#[test]
fn jsonl_fixture_as_golden_files() {
    let imported = jsonl::import(&fixture("jsonl/spans.jsonl"), &ImportLabels::default()).unwrap();
    insta::assert_snapshot!("jsonl-fixture", render(&imported));
    written_and_valid(imported);
}

#[test]
fn jsonl_as_predictions_scores_like_the_golden_files() {
    let dataset = Dataset::bundled().unwrap();
    let dir = tempfile::tempdir().unwrap();
    // The golden mentions of the bundled corpus as spaCy lines: a perfect prediction.
    let mut lines = String::new();
    for (id, gold) in bundled_golden() {
        let doc = &dataset.documents()[dataset.position(&id).unwrap()];
        let spans: Vec<serde_json::Value> = gold
            .entities
            .iter()
            .flat_map(|e| e.mentions.iter().map(move |m| serde_json::json!({"start": m.start, "end": m.end, "label": e.ty.label()})))
            .collect();
        lines.push_str(&serde_json::json!({"text": doc.text, "spans": spans}).to_string());
        lines.push('\n');
    }
    let input = dir.path().join("spacy.jsonl");
    std::fs::write(&input, lines).unwrap();
    let out = dir.path().join("predictions.jsonl");
    let mut report = formats::Conversion::default();
    let covered = jsonl::import_predictions(
        &input,
        &dataset,
        "spacy/gold",
        &ImportLabels::default(),
        &out,
        &mut report,
    )
    .unwrap();
    assert_eq!(covered, dataset.documents().len());
    let evaluation = Harness::bundled()
        .unwrap()
        .score_predictions(&[&out])
        .unwrap();
    let f1: MetricId = "entities.spans.strict.f1".parse().unwrap();
    assert_eq!(evaluation.metric("spacy/gold", &f1), Some(1.0));
}

#[test]
fn label_studio_fixture_with_relations_and_utf16_offsets() {
    let imported = label_studio::import(
        &fixture("label-studio/export.json"),
        &ImportLabels::default(),
    )
    .unwrap();
    insta::assert_snapshot!("label-studio-fixture", render(&imported));
    written_and_valid(imported);
}

/// Strict chunks of IOB2 tags, as seqeval's strict mode reads them: a chunk
/// is B-X followed by I-X; anything else ends it.
fn strict_chunks(tags: &[String]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        if let Some(label) = tags[i].strip_prefix("B-") {
            let mut j = i + 1;
            while j < tags.len() && tags[j].strip_prefix("I-") == Some(label) {
                j += 1;
            }
            out.push((i, j, label.to_owned()));
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

#[test]
fn conll_export_scored_strictly_matches_wirebench_and_seqeval() {
    let dataset = Dataset::bundled().unwrap();
    let registry = Registry::default();
    let extractors = registry.select(&["entities/gazetteer"]).unwrap();
    let runs = run(&extractors, &dataset, None, &Silent).unwrap();
    let predictions: Vec<_> = runs[0]
        .outcomes
        .iter()
        .map(|o| match o {
            Outcome::Predicted(p) => p.entities.clone(),
            Outcome::Failed(reason) => panic!("gazetteer failed: {reason:?}"),
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.conll");
    let summary = conll::export(&dataset, Some(&predictions), &path).unwrap();
    assert_eq!(
        (summary.cut, summary.predicted_cut),
        (0, 0),
        "no span cuts a token"
    );

    // A document is its tokens' gold and predicted tags.
    let mut docs: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for line in std::fs::read_to_string(&path).unwrap().lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        match f.as_slice() {
            ["-DOCSTART-", ..] => docs.push((Vec::new(), Vec::new())),
            [_, gold, pred] => {
                let doc = docs.last_mut().unwrap();
                doc.0.push(gold.to_string());
                doc.1.push(pred.to_string());
            }
            _ => {}
        }
    }
    let (mut tp, mut n_gold, mut n_pred) = (0usize, 0usize, 0usize);
    let mut per_type: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for (gold, pred) in &docs {
        let (g, p) = (strict_chunks(gold), strict_chunks(pred));
        n_gold += g.len();
        n_pred += p.len();
        for c in &g {
            per_type.entry(c.2.clone()).or_default().1 += 1;
        }
        for c in &p {
            per_type.entry(c.2.clone()).or_default().2 += 1;
            if g.contains(c) {
                tp += 1;
                per_type.entry(c.2.clone()).or_default().0 += 1;
            }
        }
    }
    let precision = tp as f64 / n_pred as f64;
    let recall = tp as f64 / n_gold as f64;
    let f1 = 2.0 * precision * recall / (precision + recall);

    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("seqeval/expected.json")).unwrap())
            .unwrap();
    let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
    for (name, ours) in [("precision", precision), ("recall", recall), ("f1", f1)] {
        let seqeval = expected[name].as_f64().unwrap();
        assert!(
            close(ours, seqeval),
            "{name}: ours {ours}, seqeval {seqeval}"
        );
    }
    for (label, (tp, g, p)) in &per_type {
        let f = if tp + tp == 0 {
            0.0
        } else {
            2.0 * *tp as f64 / (*g + *p) as f64
        };
        let seqeval = expected["per_type_f1"][label].as_f64().unwrap();
        assert!(close(f, seqeval), "{label}: ours {f}, seqeval {seqeval}");
    }

    let evaluation = Harness::bundled().unwrap().run(extractors[0]).unwrap();
    for (name, ours) in [("precision", precision), ("recall", recall), ("f1", f1)] {
        let id: MetricId = format!("entities.spans.strict.{name}").parse().unwrap();
        let wirebench = evaluation.metric("entities/gazetteer", &id).unwrap();
        assert!(
            close(ours, wirebench),
            "{name}: CoNLL {ours}, wirebench {wirebench}"
        );
    }
}

#[test]
fn a_corpus_with_its_own_types_and_only_entities_validates_and_scores_entities_only() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, golden) = (dir.path().join("corpus"), dir.path().join("golden"));
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::create_dir_all(&golden).unwrap();
    let text = "Ines Vardo flew to Lisbon.";
    std::fs::write(corpus.join("d.txt"), text).unwrap();
    let manifest = serde_json::json!({
        "entity_types": ["PER", "LOC"],
        "layers": ["entities"],
        "documents": [{"id": "d", "title": "t", "date": "2024-01-02", "source": "s", "licence": "l",
            "provenance": "test", "sha256": wirebench::corpus::sha256_hex(text.as_bytes())}]
    });
    std::fs::write(corpus.join("manifest.json"), manifest.to_string()).unwrap();
    let entities = |ty: &str| {
        serde_json::json!({"doc": "d", "entities": [
        {"id": "ines", "type": "PER", "canonical": "Ines Vardo", "mentions": [{"start": 0, "end": 10, "text": "Ines Vardo"}]},
        {"id": "lisbon", "type": ty, "canonical": "Lisbon", "mentions": [{"start": 19, "end": 25, "text": "Lisbon"}]}]})
    };
    std::fs::write(golden.join("d.json"), entities("LOC").to_string()).unwrap();
    let source = Source::dirs(&corpus, &golden);
    assert_eq!(check(&source).problems, vec![]);

    // Every registered extractor runs; only entities are scored.
    let harness = Harness::from_dirs(&corpus, &golden).unwrap();
    let registry = Registry::default();
    let extractors = registry
        .select(&["entities/capitalized", "quotes/marks"])
        .unwrap();
    let evaluation = harness.run_all(&extractors).unwrap();
    let quotes: MetricId = "quotes.spans.strict.f1".parse().unwrap();
    assert_eq!(
        evaluation.metric("quotes/marks", &quotes),
        None,
        "quotes are not scored"
    );
    let entities_f1: MetricId = "entities.spans.strict.f1".parse().unwrap();
    assert!(evaluation
        .metric("entities/capitalized", &entities_f1)
        .is_some());

    // Label maps reach the declared types.
    let map = dir.path().join("map.json");
    std::fs::write(&map, r#"{"PERSON": "PER"}"#).unwrap();
    let labels = wirebench::score::LabelMap::from_file(&map).unwrap();
    assert_eq!(labels.fine("PERSON").map(|t| t.label()), Some("PER"));

    // A type outside the declared set is refused, naming it and the set.
    std::fs::write(golden.join("d.json"), entities("GPE").to_string()).unwrap();
    let problems: Vec<String> = check(&source)
        .problems
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .contains("entities[1].type: `GPE` is not one of the corpus's entity types: PER, LOC"),
        "{}",
        problems[0]
    );

    // A layer the manifest does not declare may not hold annotations.
    let mut with_quote = entities("LOC");
    with_quote["quotes"] =
        serde_json::json!([{"start": 0, "end": 4, "text": "Ines", "speaker": null, "cue": null}]);
    std::fs::write(golden.join("d.json"), with_quote.to_string()).unwrap();
    let problems: Vec<String> = check(&source)
        .problems
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("do not declare `quotes`")),
        "{problems:?}"
    );
}

fn wirebench(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_wirebench"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_commands_exit_0_on_success_and_2_on_bad_input_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("imported");
    let conll = fixture("conll/iob1.conll");
    let ok = wirebench(&[
        "import",
        "conll",
        conll.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert!(
        stdout.contains(
            "2 documents, 7 entity mentions; layers entities; entity types LOC, MISC, ORG, PER"
        ),
        "{stdout}"
    );
    assert!(String::from_utf8_lossy(&ok.stderr).contains("IOB1"));

    // Writing again over the same directory is refused, and nothing is touched.
    let again = wirebench(&[
        "import",
        "conll",
        conll.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("never overwrites"));

    let bad = dir.path().join("bad.conll");
    std::fs::write(&bad, "Ines B-PER\nVardo X-PER\n").unwrap();
    let failed = wirebench(&[
        "import",
        "conll",
        bad.to_str().unwrap(),
        "--out",
        dir.path().join("b").to_str().unwrap(),
    ]);
    assert_eq!(failed.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(
        stderr.contains("bad.conll: line 2: tag `X-PER` is not O, B-TYPE or I-TYPE"),
        "{stderr}"
    );

    // A brat line whose text does not match the document names document, line and span.
    let brat = dir.path().join("brat");
    std::fs::create_dir(&brat).unwrap();
    std::fs::write(brat.join("d.txt"), "Ines Vardo flew.").unwrap();
    std::fs::write(brat.join("d.ann"), "T1\tPER 0 4\tInez\n").unwrap();
    let failed = wirebench(&[
        "import",
        "brat",
        brat.to_str().unwrap(),
        "--out",
        dir.path().join("c").to_str().unwrap(),
    ]);
    assert_eq!(failed.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(
        stderr.contains("d.ann: line 1: document d: span 0..4 reads \"Ines\""),
        "{stderr}"
    );
}
