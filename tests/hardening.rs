//! Hostile input (issue "Hardening"): inputs are never overwritten, nothing
//! is read from outside the corpus, special and huge files are refused,
//! duplicate JSON keys are rejected, and messages name the real problem.
//! One test per numbered case of the issue.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// A copy of `tests/fixtures/valid` (document `d`) in a temporary directory.
fn sandbox() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["corpus", "golden"] {
        let from = common::root().join("tests/fixtures/valid").join(sub);
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.path().join(sub).join(entry.file_name())).unwrap();
        }
    }
    dir
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Runs the binary in `dir` with extra environment variables.
fn wb_env(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_wirebench"));
    command.current_dir(dir).args(args);
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().unwrap()
}

fn wb(dir: &Path, args: &[&str]) -> Output {
    wb_env(dir, &[], args)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A predictions file for document `d` with `lines` after the header.
fn predictions(dir: &Path, name: &str, lines: &[&str]) -> PathBuf {
    let path = dir.join(name);
    let mut text =
        String::from(r#"{"wirebench": "predictions", "version": 1, "extractor": "mine"}"#);
    text.push('\n');
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    std::fs::write(&path, text).unwrap();
    path
}

const ONE_ENTITY: &str = r#"{"doc": "d", "entities": [{"start": 0, "end": 6, "type": "GPE"}]}"#;

/// `score` on the sandbox with `args` after the data directories.
fn score(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec![
        "score", "--quiet", "--corpus", "corpus", "--golden", "golden",
    ];
    all.extend_from_slice(args);
    wb(dir, &all)
}

fn validate(dir: &Path) -> Output {
    wb(
        dir,
        &["validate", "--corpus", "corpus", "--golden", "golden"],
    )
}

// 1. An output that is an input is refused, exit 2, the input kept.
#[test]
fn case01_an_output_that_is_an_input_is_refused_and_the_input_kept() {
    let dir = sandbox();
    let d = dir.path();
    let preds = predictions(d, "p.jsonl", &[ONE_ENTITY]);
    let link = d.join("link.jsonl");
    std::os::unix::fs::symlink(&preds, &link).unwrap();
    let golden = std::fs::read(d.join("golden/d.json")).unwrap();
    let manifest = std::fs::read(d.join("corpus/manifest.json")).unwrap();
    let before = std::fs::read(&preds).unwrap();
    for args in [
        vec!["--predictions", "p.jsonl", "--json", "p.jsonl"],
        vec!["--predictions", "p.jsonl", "--json", "link.jsonl"],
        vec!["--predictions", "p.jsonl", "--errors", "golden/d.json"],
        vec!["--predictions", "p.jsonl", "--errors", "corpus/d.txt"],
        vec!["--predictions", "p.jsonl", "--json", "corpus/manifest.json"],
    ] {
        let out = score(d, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("refusing to write over an input"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert_eq!(std::fs::read(&preds).unwrap(), before);
    assert_eq!(std::fs::read(d.join("golden/d.json")).unwrap(), golden);
    assert_eq!(
        std::fs::read(d.join("corpus/manifest.json")).unwrap(),
        manifest
    );
    let ok = score(d, &["--predictions", "p.jsonl", "--json", "report.json"]);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
}

// 2. `golden anchor` takes only a document id listed in the manifest.
#[test]
fn case02_anchor_refuses_a_doc_leading_out_of_the_corpus() {
    let dir = sandbox();
    let d = dir.path();
    std::fs::create_dir(d.join("outside")).unwrap();
    std::fs::write(d.join("outside/secret.txt"), "secret words here").unwrap();
    let absolute = d.join("outside/secret");
    for doc in ["../outside/secret", p(&absolute), "not-listed"] {
        let golden = format!(
            r#"{{"doc": "{doc}", "entities": [], "quotes": [], "numbers": [{{"text": "secret", "kind": "cardinal", "value": 1}}]}}"#
        );
        std::fs::write(d.join("evil.json"), &golden).unwrap();
        let out = wb(d, &["golden", "anchor", "--corpus", "corpus", "evil.json"]);
        assert_eq!(out.status.code(), Some(2), "{doc}: {}", stderr(&out));
        assert!(!stdout(&out).contains("secret words"), "{doc}");
        assert!(
            stderr(&out).contains("is not a document id listed in"),
            "{doc}: {}",
            stderr(&out)
        );
        assert_eq!(
            std::fs::read_to_string(d.join("evil.json")).unwrap(),
            golden
        );
    }
}

// 3. A link in the corpus or golden directory that leads outside is refused.
#[test]
fn case03_links_leading_out_of_the_corpus_or_golden_directory_are_refused() {
    for (sub, file) in [("corpus", "d.txt"), ("golden", "d.json")] {
        let dir = sandbox();
        let d = dir.path();
        std::fs::create_dir(d.join("outside")).unwrap();
        std::fs::rename(d.join(sub).join(file), d.join("outside").join(file)).unwrap();
        std::os::unix::fs::symlink(d.join("outside").join(file), d.join(sub).join(file)).unwrap();
        let out = validate(d);
        assert_eq!(out.status.code(), Some(1), "{sub}: {}", stdout(&out));
        assert!(
            stdout(&out).contains("leads out of"),
            "{sub}: {}",
            stdout(&out)
        );
    }
    // A link that stays inside is fine.
    let dir = sandbox();
    let d = dir.path();
    std::fs::rename(d.join("corpus/d.txt"), d.join("corpus/real.text")).unwrap();
    std::os::unix::fs::symlink("real.text", d.join("corpus/d.txt")).unwrap();
    let out = validate(d);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

/// Waits for `child` at most a minute; a hang fails the test instead of blocking it.
fn wait_bounded(mut child: std::process::Child) -> Output {
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("wirebench hung on a special file");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

// 4. FIFOs and devices are refused; files and lines have size limits.
#[test]
fn case04_special_files_are_refused_and_sizes_are_limited() {
    let dir = sandbox();
    let d = dir.path();
    std::fs::remove_file(d.join("corpus/d.txt")).unwrap();
    let made = Command::new("mkfifo")
        .arg(d.join("corpus/d.txt"))
        .status()
        .unwrap();
    assert!(made.success());
    let child = Command::new(env!("CARGO_BIN_EXE_wirebench"))
        .current_dir(d)
        .args(["validate", "--corpus", "corpus", "--golden", "golden"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = wait_bounded(child);
    exits_saying(&out, 1, stdout(&out), "not a regular file");

    let dir = sandbox();
    let d = dir.path();
    let out = score(d, &["--predictions", "/dev/zero"]);
    exits_saying(&out, 2, stderr(&out), "not a regular file");

    let out = wb_env(
        d,
        &[("WIREBENCH_MAX_FILE_BYTES", "50")],
        &["validate", "--corpus", "corpus", "--golden", "golden"],
    );
    exits_saying(&out, 1, stdout(&out), "over the limit of 50 bytes");
    assert!(stdout(&out).contains("WIREBENCH_MAX_FILE_BYTES"));

    predictions(d, "p.jsonl", &[ONE_ENTITY]);
    let out = wb_env(
        d,
        &[("WIREBENCH_MAX_LINE_BYTES", "40")],
        &[
            "score",
            "--corpus",
            "corpus",
            "--golden",
            "golden",
            "--predictions",
            "p.jsonl",
        ],
    );
    exits_saying(
        &out,
        2,
        stderr(&out),
        "p.jsonl:1: cannot read: line longer than the limit of 40 bytes",
    );
}

// 5. Duplicate JSON keys are rejected with the file and JSON path.
#[test]
fn case05_duplicate_keys_are_rejected_in_golden_manifest_and_label_map() {
    let dir = sandbox();
    let d = dir.path();
    let golden = std::fs::read_to_string(d.join("golden/d.json")).unwrap();
    let doubled = format!(
        "{}, \"entities\": [], \"quotes\": []}}\n",
        golden.trim_end().strip_suffix('}').unwrap()
    );
    std::fs::write(d.join("golden/d.json"), doubled).unwrap();
    let out = validate(d);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("golden/d.json"), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("duplicate key at `entities`"),
        "{}",
        stdout(&out)
    );

    let dir = sandbox();
    let d = dir.path();
    let manifest = std::fs::read_to_string(d.join("corpus/manifest.json")).unwrap();
    std::fs::write(
        d.join("corpus/manifest.json"),
        manifest.replace("\"title\"", "\"date\": \"2020-01-01\", \"title\""),
    )
    .unwrap();
    let out = validate(d);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("manifest.json"), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("duplicate key at `documents[0].date`"),
        "{}",
        stdout(&out)
    );

    predictions(d, "p.jsonl", &[ONE_ENTITY]);
    std::fs::write(d.join("labels.json"), r#"{"LOC": "GPE", "LOC": "ORG"}"#).unwrap();
    let out = wb(
        d,
        &[
            "score",
            "--quiet",
            "--predictions",
            "p.jsonl",
            "--label-map",
            "labels.json",
        ],
    );
    exits_saying(&out, 2, stderr(&out), "labels.json: duplicate key at `LOC`");
}

// 6. A run that fails leaves an existing errors file as it was, and no temporary file.
#[test]
fn case06_a_failed_run_leaves_the_errors_file_untouched() {
    let dir = sandbox();
    let d = dir.path();
    predictions(d, "p.jsonl", &[ONE_ENTITY]);
    std::fs::create_dir(d.join("out")).unwrap();
    std::fs::write(d.join("out/errors.jsonl"), "old\n").unwrap();
    let out = score(
        d,
        &[
            "--predictions",
            "p.jsonl",
            "--errors",
            "out/errors.jsonl",
            "--interval",
            "quotes.spans.strict.f1",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(d.join("out/errors.jsonl")).unwrap(),
        "old\n"
    );
    assert_eq!(
        std::fs::read_dir(d.join("out")).unwrap().count(),
        1,
        "a temporary file was left"
    );
    let out = score(
        d,
        &["--predictions", "p.jsonl", "--errors", "out/errors.jsonl"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written = std::fs::read_to_string(d.join("out/errors.jsonl")).unwrap();
    assert!(written.lines().count() > 1 && written.lines().all(|l| l.starts_with('{')));
    assert_eq!(std::fs::read_dir(d.join("out")).unwrap().count(), 1);
}

// 7. Output lost on a full disk is an error.
#[test]
fn case07_a_failed_write_to_stdout_is_an_error() {
    common::assert_full_disk_is_exit_2(&["list"]);
}

// 9. Error context is bounded by characters in text without spaces.
#[test]
fn case09_error_context_is_bounded_in_text_without_spaces() {
    use wirebench::score::errors::words_around;
    let text = "字".repeat(100_000);
    let mid = text.len() / 2;
    let (before, after) = words_around(&text, mid, mid + 3);
    assert!(before.chars().count() <= 60, "{}", before.chars().count());
    assert!(after.chars().count() <= 60, "{}", after.chars().count());
    assert!(!before.is_empty() && !after.is_empty());
    let ones = "1,".repeat(100_000);
    let (before, after) = words_around(&ones, 1000, 1001);
    assert!(before.len() <= 60 && after.len() <= 60);
    // Ordinary prose keeps its six words.
    let prose =
        "one two three four five six seven SPAN eight nine ten eleven twelve thirteen fourteen";
    let at = prose.find("SPAN").unwrap();
    assert_eq!(
        words_around(prose, at, at + 4),
        (
            "two three four five six seven ".into(),
            " eight nine ten eleven twelve thirteen".into()
        )
    );
}

// 12. User-supplied sizes are checked before anything is allocated.
#[test]
fn case12_absurd_sizes_are_refused_with_exit_2() {
    let root = common::root();
    for args in [
        vec![
            "run",
            "--extractor",
            "quotes/marks",
            "--resamples",
            "1000000000000",
        ],
        vec![
            "run",
            "--extractor",
            "quotes/marks",
            "--resamples",
            "18446744073709551615",
        ],
        vec!["run", "--extractor", "quotes/marks", "--threads", "100000"],
        vec![
            "compare",
            "--extractor",
            "quotes/marks",
            "--extractor",
            "quotes/attributed",
            "--trials",
            "1000000000000",
        ],
        vec![
            "compare",
            "--extractor",
            "quotes/marks",
            "--extractor",
            "quotes/attributed",
            "--resamples",
            "18446744073709551615",
        ],
    ] {
        let out = wb(&root, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("is not in 1..="),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

// 13. An unreadable golden file is reported with its I/O error.
#[test]
fn case13_a_directory_in_place_of_a_golden_file_is_reported_as_unreadable() {
    let dir = sandbox();
    let d = dir.path();
    std::fs::remove_file(d.join("golden/d.json")).unwrap();
    std::fs::create_dir(d.join("golden/d.json")).unwrap();
    let out = validate(d);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("golden/d.json"), "{text}");
    assert!(
        text.contains("cannot read the golden file: a directory"),
        "{text}"
    );
    assert!(!text.contains("has no golden file"), "{text}");
}

// 14. A reversed span is reported in the file's own unit.
#[test]
fn case14_a_reversed_span_is_reported_in_the_declared_unit() {
    let dir = sandbox();
    let d = dir.path();
    predictions(
        d,
        "p.jsonl",
        &[r#"{"doc": "d", "entities": [{"start": 60, "end": 50, "type": "GPE"}]}"#],
    );
    let out = score(d, &["--predictions", "p.jsonl"]);
    exits_saying(
        &out,
        2,
        stderr(&out),
        "span 60..50 is reversed (offsets: Codepoint)",
    );
}

// 15. A byte order mark in a predictions file is named.
#[test]
fn case15_a_byte_order_mark_in_predictions_is_named() {
    let dir = sandbox();
    let d = dir.path();
    let path = predictions(d, "p.jsonl", &[ONE_ENTITY]);
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(std::fs::read(&path).unwrap());
    std::fs::write(&path, bytes).unwrap();
    let out = score(d, &["--predictions", "p.jsonl"]);
    exits_saying(
        &out,
        2,
        stderr(&out),
        "p.jsonl:1: file starts with a byte order mark",
    );
}

// 16. An OS error is printed once.
#[test]
fn case16_an_os_error_is_printed_once() {
    let dir = sandbox();
    let d = dir.path();
    let out = score(d, &["--predictions", "missing.jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert_eq!(text.matches("(os error 2)").count(), 1, "{text}");
    assert!(text.contains("missing.jsonl"), "{text}");
}

/// The exit code is `code` and `said` (stdout or stderr) holds `text`.
fn exits_saying(out: &std::process::Output, code: i32, said: String, text: &str) {
    assert_eq!(out.status.code(), Some(code), "{said}");
    assert!(said.contains(text), "{said}");
}
