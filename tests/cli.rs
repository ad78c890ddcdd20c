//! The command line end to end: run, save predictions, score them back.

mod common;
use common::wirebench;

use std::path::Path;

use serde_json::Value;

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn score_on_saved_predictions_reproduces_run() {
    let dir = tempfile::tempdir().unwrap();
    let preds = dir.path().join("preds");
    let run_json = dir.path().join("run.json");
    let out = wirebench(&[
        "run",
        "--quiet",
        "--save-predictions",
        preds.to_str().unwrap(),
        "--json",
        run_json.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let mut files: Vec<String> = std::fs::read_dir(&preds)
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files.len(),
        wirebench::extract::Registry::default().iter().count(),
        "one predictions file per built-in extractor"
    );
    let score_json = dir.path().join("score.json");
    let mut args = vec![
        "score",
        "--quiet",
        "--json",
        score_json.to_str().unwrap(),
        "--predictions",
    ];
    args.extend(files.iter().map(String::as_str));
    let out = wirebench(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let (run, score) = (read_json(&run_json), read_json(&score_json));
    assert_eq!(run["scores"], score["scores"]);
    assert_eq!(run["fingerprint"], score["fingerprint"]);
    assert!(run["scores"]["numbers/digits"]["metrics"]["numbers.spans.strict.f1"].is_number());
}

#[test]
fn scores_do_not_depend_on_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one.json");
    let two = dir.path().join("two.json");
    assert!(
        wirebench(&["--quiet", "--threads", "1", "--json", one.to_str().unwrap()])
            .status
            .success()
    );
    assert!(
        wirebench(&["--quiet", "--threads", "2", "--json", two.to_str().unwrap()])
            .status
            .success()
    );
    let (a, b) = (read_json(&one), read_json(&two));
    assert_eq!(
        serde_json::to_string(&a["scores"]).unwrap(),
        serde_json::to_string(&b["scores"]).unwrap()
    );
}

#[test]
fn a_malformed_predictions_line_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.jsonl");
    std::fs::write(
        &path,
        "{\"wirebench\": \"predictions\", \"version\": 1, \"extractor\": \"mine\", \"offsets\": \"codepoint\"}\n\
         {\"doc\": \"ap-2024-05-17-putin-harbin\", \"entities\": [{\"start\": 5, \"end\": 99999999, \"type\": \"GPE\"}]}\n",
    )
    .unwrap();
    let out = wirebench(&["score", "--predictions", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.jsonl:2:"), "{stderr}");
    assert!(stderr.contains("ap-2024-05-17-putin-harbin"), "{stderr}");
    assert!(stderr.contains("99999999"), "{stderr}");
}

#[test]
fn an_unknown_extractor_is_a_usage_error() {
    let out = wirebench(&["run", "--extractor", "quotes/nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown extractor `quotes/nope`"));
}
