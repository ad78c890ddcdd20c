//! A verdict you can trust: `compare` and `score` refuse what they cannot
//! judge (issue 14). One test per case; each failed before the change.

mod common;
use common::wirebench;

use std::collections::BTreeMap;
use std::path::Path;

use wirebench::compare::{
    compare, compare_plan, CompareConfig, CompareError, ErrorDiff, Family, Gate, Plan, Verdict,
};
use wirebench::report::ExtractorScores;
use wirebench::schema::Layer;
use wirebench::score::errors::{Category, ErrorRecord, Side};
use wirebench::score::{metrics, Counts, DocumentCounts, MetricId};

const F1: &str = "entities.spans.strict.f1";
const DOC: &str = "ap-2024-05-17-putin-harbin";

/// Scores from per-document (correct, spurious, missed) counts, on `layers`.
fn scores_on(layers: &[Layer], docs: &[(u64, u64, u64)], first: usize) -> ExtractorScores {
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
            let per_layer: DocumentCounts = layers
                .iter()
                .map(|&l| {
                    let mut m = BTreeMap::from([("spans.strict".into(), counts)]);
                    if l == Layer::Quotes {
                        m.insert("spans.overlap".into(), counts);
                        m.insert("e2e.overlap".into(), counts);
                    }
                    if l == Layer::Numbers {
                        m.insert("e2e.overlap".into(), counts);
                    }
                    (l, m)
                })
                .collect();
            (format!("doc-{:03}", i + first), per_layer)
        })
        .collect();
    ExtractorScores {
        layers: layers.to_vec(),
        metrics: metrics(&documents),
        intervals: BTreeMap::new(),
        breakdowns: BTreeMap::new(),
        worst_documents: Vec::new(),
        confusion: BTreeMap::new(),
        documents,
        failed: Vec::new(),
    }
}

/// The same scores with every entity mode's counts: each mode shifts one
/// correct span to spurious per document more than the last, so that no two
/// informational metrics are equal.
fn with_every_mode(mut scores: ExtractorScores) -> ExtractorScores {
    for per_layer in scores.documents.values_mut() {
        let counts = per_layer[&Layer::Entities]["spans.strict"];
        for (shift, mode) in ["exact", "partial", "type", "overlap"].iter().enumerate() {
            let moved = (shift as u64 + 1).min(counts.cor);
            let shifted = Counts {
                cor: counts.cor - moved,
                spu: counts.spu + moved,
                ..counts
            };
            per_layer
                .get_mut(&Layer::Entities)
                .unwrap()
                .insert(format!("spans.{mode}").into(), shifted);
        }
    }
    scores.metrics = metrics(&scores.documents);
    scores
}

fn scores(docs: &[(u64, u64, u64)]) -> ExtractorScores {
    scores_on(&[Layer::Entities], docs, 0)
}

fn id(s: &str) -> MetricId {
    s.parse().unwrap()
}

fn config() -> CompareConfig {
    CompareConfig {
        trials: 2000,
        ..CompareConfig::default()
    }
}

fn report(dir: &Path, name: &str, args: &[&str]) -> String {
    let path = dir.join(name).to_str().unwrap().to_owned();
    let mut all = vec!["run", "--quiet", "--json", path.as_str()];
    all.extend(args);
    let out = wirebench(&all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    path
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn reports_scored_with_different_iou_thresholds_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let a = report(dir.path(), "a.json", &["--extractor", "numbers/digits"]);
    let b = report(
        dir.path(),
        "b.json",
        &["--extractor", "numbers/digits", "--iou-threshold", "0.3"],
    );
    let out = wirebench(&["compare", &a, &b]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("IoU thresholds"), "{}", stderr(&out));
}

#[test]
fn reports_with_different_label_maps_or_schema_versions_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let a = report(dir.path(), "a.json", &["--extractor", "numbers/digits"]);
    let mut json: serde_json::Value = serde_json::from_slice(&std::fs::read(&a).unwrap()).unwrap();
    json["scoring"]["label_map"]["PER"] = "ORG".into();
    let mapped = dir.path().join("mapped.json");
    std::fs::write(&mapped, json.to_string()).unwrap();
    let out = wirebench(&["compare", &a, mapped.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("label maps"), "{}", stderr(&out));

    let mut json: serde_json::Value = serde_json::from_slice(&std::fs::read(&a).unwrap()).unwrap();
    json["schema_version"] = 99.into();
    let other = dir.path().join("schema.json");
    std::fs::write(&other, json.to_string()).unwrap();
    let out = wirebench(&["compare", &a, other.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("schema versions"), "{}", stderr(&out));
}

#[test]
fn a_candidate_that_drops_a_layer_fails_the_gate_and_shows_it_missing() {
    let docs: Vec<(u64, u64, u64)> = (0..20).map(|i| (5 + i % 3, i % 2, 1)).collect();
    let base = scores_on(&[Layer::Entities, Layer::Quotes], &docs, 0);
    let candidate = scores_on(&[Layer::Entities], &docs, 0);
    let plan = Plan::new(&base, &candidate, &[], &[], &[]);
    let c = compare_plan(("b", &base), ("c", &candidate), &plan, &config()).unwrap();
    assert_eq!(c.missing_layers, vec![Layer::Quotes]);
    let quotes = c
        .metrics
        .iter()
        .find(|m| m.metric.layer() == Layer::Quotes)
        .expect("the quotes headline is compared");
    assert_eq!(quotes.verdict, Verdict::Missing);
    let failures = plan.failures(&c);
    assert!(
        failures.iter().any(|f| f.contains("no quotes layer")),
        "{failures:?}"
    );
    assert!(c.render().contains("missing"));
    let md = c.markdown(&failures, None);
    assert!(md.contains("❌ missing in the candidate"), "{md}");
    assert!(md.contains("the candidate has no quotes layer"), "{md}");
}

#[test]
fn no_shared_document_and_no_shared_layer_are_refused() {
    let docs: Vec<(u64, u64, u64)> = (0..10).map(|_| (5, 1, 1)).collect();
    let a = scores_on(&[Layer::Entities], &docs, 0);
    let b = scores_on(&[Layer::Entities], &docs, 100);
    let err = compare(("a", &a), ("b", &b), &[id(F1)], &config()).unwrap_err();
    assert_eq!(err, CompareError::NoSharedDocuments);
    let q = scores_on(&[Layer::Quotes], &docs, 0);
    let plan = Plan::new(&a, &q, &[], &[], &[]);
    let err = compare_plan(("a", &a), ("q", &q), &plan, &config()).unwrap_err();
    assert!(matches!(err, CompareError::NoSharedLayer { .. }), "{err}");
}

#[test]
fn alpha_outside_zero_one_and_unbounded_trials_are_refused() {
    for alpha in [0.0, -1.0, f64::NAN, 1.0, 2.0] {
        let cfg = CompareConfig { alpha, ..config() };
        assert!(cfg.check().is_err(), "alpha {alpha} accepted");
    }
    for trials in [0, 19, 10_000_001] {
        let cfg = CompareConfig { trials, ..config() };
        assert!(cfg.check().is_err(), "trials {trials} accepted");
    }
    let cfg = CompareConfig {
        resamples: 1_000_000_000_000,
        ..config()
    };
    assert!(cfg.check().is_err());
    // Too few trials for the gated family: p < α cannot be reached.
    let few = CompareConfig {
        trials: 100,
        alpha: 0.01,
        ..config()
    };
    assert!(few.check_reachable(3).is_err());
    assert!(config().check_reachable(3).is_ok());
}

#[test]
fn the_command_refuses_bad_alpha_and_huge_resamples_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let a = report(dir.path(), "a.json", &["--extractor", "numbers/digits"]);
    for args in [
        vec!["--alpha", "0"],
        vec!["--alpha=-1"],
        vec!["--alpha", "NaN"],
        vec!["--alpha", "2"],
        vec!["--trials", "10"],
        vec!["--resamples", "1000000000000"],
        vec!["--trials", "1000000000000"],
    ] {
        let mut all = vec!["compare", a.as_str(), a.as_str()];
        all.extend(&args);
        let out = wirebench(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).starts_with("error: "),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    let out = wirebench(&[
        "run",
        "--quiet",
        "--extractor",
        "numbers/digits",
        "--resamples",
        "1000000000000",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn ten_informational_metrics_leave_the_gates_p_unchanged() {
    let base = with_every_mode(scores(
        &(0..20).map(|i| (6, 3 + i % 2, 3)).collect::<Vec<_>>(),
    ));
    let candidate = with_every_mode(scores(
        &(0..20).map(|i| (5, 4 + i % 3, 4)).collect::<Vec<_>>(),
    ));
    let gate: Gate = F1.parse().unwrap();
    let alone = Plan::new(&base, &candidate, &[], std::slice::from_ref(&gate), &[]);
    let one = compare_plan(("b", &base), ("c", &candidate), &alone, &config()).unwrap();
    let info: Vec<MetricId> = [
        "entities.spans.strict.precision",
        "entities.spans.strict.recall",
        "entities.spans.exact.f1",
        "entities.spans.exact.precision",
        "entities.spans.partial.f1",
        "entities.spans.partial.recall",
        "entities.spans.type.f1",
        "entities.spans.type.precision",
        "entities.spans.overlap.f1",
        "entities.spans.overlap.recall",
    ]
    .iter()
    .map(|s| id(s))
    .collect();
    let distinct: std::collections::BTreeSet<&MetricId> = info.iter().collect();
    assert_eq!(distinct.len(), 10);
    let with_info = Plan::new(&base, &candidate, &info, std::slice::from_ref(&gate), &[]);
    let many = compare_plan(("b", &base), ("c", &candidate), &with_info, &config()).unwrap();
    let gated = |c: &wirebench::compare::Comparison| {
        c.metrics
            .iter()
            .find(|m| m.metric == id(F1))
            .cloned()
            .unwrap()
    };
    assert_eq!(
        many.metrics.len(),
        11,
        "the gate and ten informational metrics"
    );
    assert_eq!(gated(&one).family, Family::Gated);
    assert_eq!(gated(&one).p_holm, gated(&many).p_holm);
    assert_eq!(gated(&one).verdict, gated(&many).verdict);
    assert_eq!(gated(&one).verdict, Verdict::Worse, "a real regression");
    assert!(many
        .metrics
        .iter()
        .filter(|m| m.metric != id(F1))
        .all(|m| m.family == Family::Informational));
    assert_eq!(with_info.failures(&many), alone.failures(&one));
}

#[test]
fn accuracies_show_their_counts_in_compare_output_and_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let a = report(dir.path(), "a.json", &["--extractor", "numbers/digits"]);
    let md = dir.path().join("c.md");
    let out = wirebench(&[
        "compare",
        &a,
        &a,
        "--metric",
        "numbers.value.overlap.accuracy",
        "--markdown",
        md.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let counts = regex_like_counts(&String::from_utf8_lossy(&out.stdout));
    assert!(counts, "{}", String::from_utf8_lossy(&out.stdout));
    assert!(regex_like_counts(&std::fs::read_to_string(&md).unwrap()));
    let table = wirebench(&["run", "--extractor", "numbers/digits"]);
    assert!(regex_like_counts(&String::from_utf8_lossy(&table.stdout)));
}

/// Whether the text holds `(N/M)` with digits and commas.
fn regex_like_counts(text: &str) -> bool {
    text.split('(').skip(1).any(|rest| {
        let Some((inside, _)) = rest.split_once(')') else {
            return false;
        };
        let Some((a, b)) = inside.split_once('/') else {
            return false;
        };
        let ok = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == ',');
        ok(a) && ok(b)
    })
}

#[test]
fn errors_files_of_other_reports_or_extractors_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n).to_str().unwrap().to_owned();
    let (ea, eb) = (p("a.jsonl"), p("b.jsonl"));
    let a = report(
        dir.path(),
        "a.json",
        &["--extractor", "numbers/digits", "--errors", &ea],
    );
    let b = report(
        dir.path(),
        "b.json",
        &["--extractor", "numbers/normalized", "--errors", &eb],
    );
    let md = p("c.md");
    let ok = wirebench(&["compare", &a, &b, "--errors", &ea, &eb, "--markdown", &md]);
    assert_ne!(ok.status.code(), Some(2), "{}", stderr(&ok));
    let swapped = wirebench(&["compare", &a, &b, "--errors", &eb, &ea, "--markdown", &md]);
    assert_eq!(swapped.status.code(), Some(2));
    assert!(
        stderr(&swapped).contains("not of `numbers/digits`"),
        "{}",
        stderr(&swapped)
    );

    let text = std::fs::read_to_string(&ea).unwrap();
    let (header, rest) = text.split_once('\n').unwrap();
    let mut header: serde_json::Value = serde_json::from_str(header).unwrap();
    header["fingerprint"]["golden"] = "0".repeat(64).into();
    let other = p("other.jsonl");
    std::fs::write(&other, format!("{header}\n{rest}")).unwrap();
    let out = wirebench(&[
        "compare",
        &a,
        &b,
        "--errors",
        &other,
        &eb,
        "--markdown",
        &md,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("another report"), "{}", stderr(&out));
}

fn record(
    doc: &str,
    category: Category,
    gold: Option<(usize, &str)>,
    predicted: Option<(usize, &str)>,
) -> ErrorRecord {
    let side = |(start, label): (usize, &str)| Side {
        start,
        end: start + 4,
        text: "Acme".into(),
        label: label.into(),
    };
    ErrorRecord {
        extractor: "x".into(),
        doc: doc.into(),
        layer: Layer::Entities,
        category,
        gold: gold.map(side),
        predicted: predicted.map(side),
        before: "said".into(),
        after: "on".into(),
    }
}

#[test]
fn markdown_starts_with_the_gate_labels_f1_and_lists_errors_fixed_and_introduced() {
    let base = scores(&(0..20).map(|i| (6, 3 + i % 2, 3)).collect::<Vec<_>>());
    let candidate = scores(&(0..20).map(|i| (5, 4 + i % 3, 4)).collect::<Vec<_>>());
    let plan = Plan::new(&base, &candidate, &[], &[], &[]);
    let c = compare_plan(("b", &base), ("c", &candidate), &plan, &config()).unwrap();
    let failures = plan.failures(&c);
    let base_errors = vec![
        record("d1", Category::Missed, Some((0, "ORG")), None),
        record("d2", Category::Spurious, None, Some((10, "GPE"))),
    ];
    let candidate_errors = vec![
        record("d2", Category::Spurious, None, Some((10, "GPE"))),
        record(
            "d3",
            Category::WrongType,
            Some((5, "ORG")),
            Some((5, "GPE")),
        ),
    ];
    let diff = ErrorDiff::new(&base_errors, &candidate_errors);
    assert_eq!(diff.fixed, vec![base_errors[0].clone()]);
    assert_eq!(diff.introduced, vec![candidate_errors[1].clone()]);
    let md = c.markdown(&failures, Some(&diff));
    assert!(md.starts_with("### wirebench: ❌ gate failed"), "{md}");
    assert!(md.contains("entities F1 (strict spans)"), "{md}");
    assert!(md.contains("#### Errors fixed (1)"), "{md}");
    assert!(md.contains("#### Errors introduced (1)"), "{md}");
    assert!(md.contains("wrong-type (gold ORG, predicted GPE)"), "{md}");
    let same = c.markdown(&[], None);
    assert!(same.starts_with("### wirebench: ✅ gate passed"));
}

fn predictions(dir: &Path, name: &str, line: &str) -> String {
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!(
            "{{\"wirebench\": \"predictions\", \"version\": 1, \"extractor\": \"mine\"}}\n{line}\n"
        ),
    )
    .unwrap();
    path.to_str().unwrap().to_owned()
}

/// A predictions file `p.jsonl` with one entity labelled `label`.
fn one_entity(dir: &Path, label: &str) -> String {
    predictions(
        dir,
        "p.jsonl",
        &format!(
            r#"{{"doc": "{DOC}", "entities": [{{"start": 0, "end": 4, "type": "{label}"}}]}}"#
        ),
    )
}

#[test]
fn predicted_items_are_checked_like_golden_files_and_lenient_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    for (item, line, says) in [
        (
            "numbers[0].value",
            r#"{"kind": "year", "value": "2022"}"#,
            "must be a number",
        ),
        (
            "numbers[0].value",
            r#"{"kind": "date", "value": "2024-5-17"}"#,
            "date",
        ),
        (
            "numbers[0].value",
            r#"{"kind": "date", "value": "last week"}"#,
            "date",
        ),
        (
            "numbers[0].unit",
            r#"{"kind": "money", "value": 5, "unit": "usd"}"#,
            "ISO 4217",
        ),
        (
            "numbers[0].unit",
            r#"{"kind": "quantity", "value": 5, "unit": "days"}"#,
            "closed list",
        ),
    ] {
        let number = line.replacen('{', r#"{"start": 0, "end": 4, "#, 1);
        let file = predictions(
            dir.path(),
            "p.jsonl",
            &format!(r#"{{"doc": "{DOC}", "numbers": [{number}]}}"#),
        );
        let out = wirebench(&["score", "--quiet", "--predictions", &file]);
        assert_eq!(out.status.code(), Some(2), "{line}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains(&format!("p.jsonl:2: document `{DOC}`: {item}")),
            "{err}"
        );
        assert!(err.contains(says), "{line}: {err}");
        let lenient = wirebench(&["score", "--quiet", "--lenient", "--predictions", &file]);
        assert_ne!(lenient.status.code(), Some(2), "{}", stderr(&lenient));
        assert!(
            stderr(&lenient).contains("warning: 1 problem(s)"),
            "{}",
            stderr(&lenient)
        );
    }
    for (line, says) in [
        (
            r#"{"quotes": [{"start": 0, "end": 4, "speaker": "A", "speaker_start": 0}]}"#,
            "pairs",
        ),
        (
            r#"{"entities": [{"start": 0, "end": 4, "type": "ALIEN"}]}"#,
            "`ALIEN` is not",
        ),
        (
            r#"{"entities": [{"start": 0, "end": 4, "type": "org"}]}"#,
            "differs only in case from `ORG`",
        ),
    ] {
        let line = line.replacen('{', &format!(r#"{{"doc": "{DOC}", "#), 1);
        let file = predictions(dir.path(), "q.jsonl", &line);
        let out = wirebench(&["score", "--quiet", "--predictions", &file]);
        assert_eq!(out.status.code(), Some(2), "{line}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{}", stderr(&out));
    }
}

#[test]
fn a_label_map_can_drop_a_label_and_names_a_case_twin() {
    let dir = tempfile::tempdir().unwrap();
    let file = one_entity(dir.path(), "DATE");
    let map = dir.path().join("map.json");
    std::fs::write(&map, r#"{"DATE": null}"#).unwrap();
    let json = dir.path().join("r.json");
    let out = wirebench(&[
        "score",
        "--quiet",
        "--predictions",
        &file,
        "--label-map",
        map.to_str().unwrap(),
        "--json",
        json.to_str().unwrap(),
    ]);
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
    let report = wirebench::report::Report::read(&json).unwrap();
    let spu = report.scores["mine"].documents[DOC][&wirebench::schema::Layer::Entities]
        ["spans.strict"]
        .spu;
    assert_eq!(spu, 0, "a dropped label is not scored as spurious");

    std::fs::write(&map, r#"{"PER": "person"}"#).unwrap();
    let out = wirebench(&[
        "score",
        "--quiet",
        "--predictions",
        &file,
        "--label-map",
        map.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("differs only in case from `PERSON`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_closed_stdout_keeps_the_exit_code_and_a_full_disk_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let a = report(dir.path(), "a.json", &["--extractor", "numbers/digits"]);
    let args = [
        "compare",
        a.as_str(),
        a.as_str(),
        "--fail-unless-better",
        "numbers.e2e.overlap.f1",
    ];
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_wirebench"))
        .args(args)
        .stdout(writer)
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert_eq!(
        status.code(),
        Some(1),
        "the failed gate, not the closed pipe"
    );
    common::assert_full_disk_is_exit_2(&["compare", a.as_str(), a.as_str()]);
}

#[test]
fn a_report_compared_with_itself_is_no_significant_change() {
    let dir = tempfile::tempdir().unwrap();
    let a = report(dir.path(), "a.json", &["--extractor", "entities/gazetteer"]);
    let out = wirebench(&["compare", &a, &a]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("no significant change"));
}

#[test]
fn per_type_tables_give_p_r_f1_and_support_in_terminal_and_markdown() {
    let out = wirebench(&[
        "run",
        "--extractor",
        "entities/gazetteer",
        "--per-type",
        "--resamples",
        "100",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("entities/gazetteer: entities per type"),
        "{text}"
    );
    let header = text
        .lines()
        .find(|l| l.starts_with("type "))
        .expect("a per-type header");
    assert_eq!(
        header.split_whitespace().collect::<Vec<_>>(),
        ["type", "P", "R", "F1", "support"]
    );
    assert!(text.lines().any(|l| l.starts_with("PERSON ")));
    assert!(text.lines().any(|l| l.starts_with("macro avg ")));

    let dir = tempfile::tempdir().unwrap();
    let a = report(dir.path(), "a.json", &["--extractor", "numbers/digits"]);
    let md = dir.path().join("c.md");
    let out = wirebench(&[
        "compare",
        &a,
        &a,
        "--per-type",
        "--markdown",
        md.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("numbers/digits: numbers per kind"));
    let md = std::fs::read_to_string(&md).unwrap();
    assert!(md.contains("| kind | P | R | F1 | support |"), "{md}");
    assert!(md.contains("| cardinal |"), "{md}");
}

/// The one-document fixture corpus, copied so that a test can edit it.
fn fixture_copy(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let (corpus, golden) = (dir.join("corpus"), dir.join("golden"));
    for (from, to) in [("corpus", &corpus), ("golden", &golden)] {
        std::fs::create_dir(to).unwrap();
        for entry in std::fs::read_dir(fixture.join(from)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
    (corpus, golden)
}

/// Items that fail the checks but resemble the gold: a lone speaker offset
/// with the right name, a malformed date that ends like a gold `XXXX` date,
/// a cardinal carrying the gold money's unit. Leniently scored, each is wrong.
#[test]
fn lenient_scoring_counts_flagged_items_as_wrong_even_when_they_resemble_the_gold() {
    use wirebench::prediction::ItemChecks;
    let dir = tempfile::tempdir().unwrap();
    let (corpus, golden) = fixture_copy(dir.path());
    let gold_path = golden.join("d.json");
    let gold = std::fs::read_to_string(&gold_path).unwrap();
    std::fs::write(&gold_path, gold.replace("\"2024-05-17\"", "\"XXXX-05-17\"")).unwrap();
    let line = r#"{"doc": "d", "quotes": [{"start": 35, "end": 65, "speaker": "Anna Nowak", "speaker_start": 17}], "numbers": [{"start": 47, "end": 58, "kind": "cardinal", "value": 1500, "unit": "PLN"}, {"start": 74, "end": 86, "kind": "date", "value": "abcd-05-17"}]}"#;
    let file = predictions(dir.path(), "p.jsonl", line);
    let harness = wirebench::Harness::from_dirs(&corpus, &golden).unwrap();

    let refused = harness.score_predictions(&[&file]).unwrap_err();
    assert!(
        matches!(&refused, wirebench::Error::PredictionItems { problems } if problems.len() == 3),
        "{refused}"
    );

    let lenient = harness
        .item_checks(ItemChecks::Lenient)
        .score_predictions(&[&file])
        .unwrap();
    let items: Vec<&str> = lenient.warnings().iter().map(|w| w.item.as_str()).collect();
    assert_eq!(items, ["quotes[0]", "numbers[0].unit", "numbers[1].value"]);
    let metric = |m: &str| lenient.metric("mine", &id(m)).unwrap();
    assert_eq!(
        metric("quotes.spans.strict.f1"),
        1.0,
        "the span itself is right"
    );
    assert_eq!(metric("quotes.speaker.overlap.accuracy"), 0.0);
    assert_eq!(metric("numbers.unit.overlap.accuracy"), 0.5);
    assert_eq!(metric("numbers.value.overlap.accuracy"), 0.5);
    assert_eq!(metric("numbers.e2e.overlap.f1"), 0.0);
    let mut categories: Vec<Category> = lenient.errors().iter().map(|e| e.category).collect();
    categories.sort();
    assert_eq!(
        categories,
        [
            Category::WrongKind,
            Category::WrongSpeaker,
            Category::WrongValue,
            Category::WrongUnit
        ],
        "the error list says what the scores count"
    );
}

#[test]
fn explain_checks_predictions_like_score() {
    let dir = tempfile::tempdir().unwrap();
    let file = one_entity(dir.path(), "ALIEN");
    let out = wirebench(&["explain", DOC, "--predictions", &file]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("`ALIEN` is not"), "{}", stderr(&out));
    let lenient = wirebench(&["explain", DOC, "--lenient", "--predictions", &file]);
    assert_eq!(lenient.status.code(), Some(0), "{}", stderr(&lenient));
    assert!(stderr(&lenient).contains("warning: 1 problem(s)"));
}
