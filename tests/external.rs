//! External extractors as real child processes (standard-library Python):
//! every fault the protocol can meet fails one document with its reason and
//! leaves no process behind; scores equal the same predictions given as a
//! file, do not depend on the worker count, and come back from the cache.

mod common;
use common::root;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use wirebench::corpus::Document;
use wirebench::external::{Config, ExternalExtractor, Options};
use wirebench::extract::Extractor;

fn script() -> String {
    root()
        .join("tests/fixtures/external/extractor.py")
        .to_string_lossy()
        .into_owned()
}

/// An `[[extractor]]` table running the fixture script with `args`.
fn table(id: &str, args: &[&str], workers: usize, extra: &str) -> String {
    let mut command = vec!["python3".to_owned(), script()];
    command.extend(args.iter().map(|a| a.to_string()));
    format!(
        "[[extractor]]\nid = {id:?}\ncommand = {command:?}\nworkers = {workers}\ntimeout_seconds = 1.5\n{extra}\n"
    )
}

fn extractor(args: &[&str], extra: &str, dir: &Path) -> ExternalExtractor {
    let config = Config::parse(&table("test/x", args, 1, extra)).unwrap();
    let options = Options {
        cache_dir: dir.to_path_buf(),
        use_cache: false,
    };
    ExternalExtractor::new(config.extractors[0].clone(), options).unwrap()
}

/// Process ids the fixture wrote to its pid file.
fn pids(file: &Path) -> Vec<i32> {
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .map(|l| l.parse().unwrap())
        .collect()
}

/// Whether a process exists at all (a zombie still does).
fn exists(pid: i32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

#[test]
fn every_fault_fails_its_document_only_and_leaves_no_process_behind() {
    // (fault, what the reason says, processes started: a process out of
    // step is replaced, one that only gave bad offsets is kept)
    let cases: [(&str, &[&str], usize); 6] = [
        (
            "crash",
            &["exited (exit status: 7)", "crashing on purpose on two"],
            2,
        ),
        (
            "hang",
            &[
                "no answer within timeout_seconds = 1.5",
                "killed and restarted",
            ],
            2,
        ),
        (
            "garbage",
            &[
                "not a document line",
                "Traceback (most recent call last)",
                "bytes)",
            ],
            2,
        ),
        (
            "wrong-id",
            &["answered for document `two-other` when asked for `two`"],
            2,
        ),
        (
            "bad-offsets",
            &["offset 23 is outside the text", "18 code points"],
            1,
        ),
        (
            "endless",
            &["a line longer than max_line_bytes = 100000"],
            2,
        ),
    ];
    let docs = [
        Document::new("one", "Ada Lovelace spoke."),
        Document::new("two", "Trigger Word here."),
        Document::new("three", "Alan Turing replied."),
    ];
    let refs: Vec<&Document> = docs.iter().collect();
    for (fault, wanted, processes) in cases {
        let dir = tempfile::tempdir().unwrap();
        let pid_file = dir.path().join("pids");
        let x = extractor(
            &[
                "--fault",
                fault,
                "--on",
                "Trigger",
                "--pid-file",
                pid_file.to_str().unwrap(),
            ],
            "max_line_bytes = 100000",
            dir.path(),
        );
        x.prepare().unwrap();
        let results = x.extract_batch(&refs);
        let reason = results[1].as_ref().unwrap_err().to_string();
        for w in wanted {
            assert!(reason.contains(w), "{fault}: `{w}` not in: {reason}");
        }
        for i in [0, 2] {
            let entities = results[i].as_ref().expect(fault).entities.clone().unwrap();
            assert_eq!(entities.len(), 1, "{fault}: document {i} is answered");
        }
        assert_eq!(
            pids(&pid_file).len(),
            processes,
            "{fault}: processes started"
        );
        x.shut_down();
        for pid in pids(&pid_file) {
            assert!(
                !exists(pid),
                "{fault}: process {pid} is left (a zombie or alive)"
            );
        }
    }
}

#[test]
fn a_process_that_never_says_hello_fails_the_extractor_and_is_killed() {
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("pids");
    let x = extractor(
        &[
            "--slow-start",
            "30",
            "--pid-file",
            pid_file.to_str().unwrap(),
        ],
        "startup_timeout_seconds = 0.5",
        dir.path(),
    );
    let reason = x.prepare().unwrap_err().to_string();
    assert!(
        reason.contains("no hello within startup_timeout_seconds = 0.5"),
        "{reason}"
    );
    let doc = Document::new("d", "Some Text");
    assert!(
        x.extract(&doc).is_err(),
        "an extractor that did not start answers nothing"
    );
    for pid in pids(&pid_file) {
        assert!(!exists(pid), "process {pid} is left");
    }
}

#[test]
fn utf16_and_utf8_offsets_on_text_with_emoji_are_converted_at_the_edge() {
    // The emoji take 2 UTF-16 units (4 bytes) each; the family is joined by ZWJs.
    let doc = Document::new("d", "😀 Ana Lopez met 👩‍👩‍👧 Bo Chen in Łódź.");
    for unit in ["utf16", "utf8", "codepoint"] {
        let dir = tempfile::tempdir().unwrap();
        let x = extractor(&["--offsets", unit], "", dir.path());
        x.prepare().unwrap();
        assert_eq!(
            x.hello().unwrap().offsets,
            serde_json::from_value(unit.into()).unwrap()
        );
        let p = x.extract(&doc).unwrap();
        let found: Vec<&str> = p
            .entities
            .unwrap()
            .iter()
            .map(|e| &doc.text[e.start..e.end])
            .collect();
        assert_eq!(found, ["Ana Lopez", "Bo Chen"], "{unit}");
    }
}

// ---- the command line, on the bundled corpus ----

fn wirebench_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wirebench"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn an_external_extractor_scores_exactly_as_its_predictions_given_as_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = wirebench_in(
        d,
        &[
            "run",
            "--quiet",
            "--extractor",
            "numbers/normalized",
            "--extractor",
            "quotes/attributed",
            "--save-predictions",
            "preds",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let mut tables = String::new();
    for name in ["numbers-normalized", "quotes-attributed"] {
        let file = d.join(format!("preds/{name}.jsonl"));
        tables += &table(
            &format!("replay/{name}"),
            &["--from-predictions", file.to_str().unwrap()],
            2,
            "",
        );
    }
    write(d, "wirebench.toml", &tables);
    let out = wirebench_in(
        d,
        &[
            "run",
            "--quiet",
            "--extractor",
            "replay/numbers-normalized",
            "--extractor",
            "replay/quotes-attributed",
            "--json",
            "ext.json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = wirebench_in(
        d,
        &[
            "score",
            "--quiet",
            "--predictions",
            "preds/numbers-normalized.jsonl",
            "preds/quotes-attributed.jsonl",
            "--json",
            "file.json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let (ext, file) = (
        read_json(&d.join("ext.json")),
        read_json(&d.join("file.json")),
    );
    for (external, builtin) in [
        ("replay/numbers-normalized", "numbers/normalized"),
        ("replay/quotes-attributed", "quotes/attributed"),
    ] {
        assert_eq!(
            ext["scores"][external], file["scores"][builtin],
            "{external}"
        );
        let timing = &ext["timings"][external];
        assert_eq!(timing["workers"], 2);
        assert_eq!(timing["documents"], common::bundled_documents());
        assert!(timing["mb_per_s"].as_f64().unwrap() > 0.0);
        assert!(timing["words_per_s"].as_f64().unwrap() > 0.0);
    }
}

#[test]
fn one_and_four_workers_give_byte_identical_scores_and_a_rerun_comes_from_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let scores = |json: &str| serde_json::to_string(&read_json(&d.join(json))["scores"]).unwrap();
    for workers in [1, 4] {
        write(
            d,
            &format!("w{workers}.toml"),
            &table("test/caps", &[], workers, ""),
        );
        let out = wirebench_in(
            d,
            &[
                "run",
                "--quiet",
                "--config",
                &format!("w{workers}.toml"),
                "--extractor",
                "test/caps",
                "--json",
                &format!("w{workers}.json"),
                "--no-cache",
            ],
        );
        assert!(out.status.success(), "{}", stderr(&out));
    }
    assert_eq!(scores("w1.json"), scores("w4.json"));
    assert!(
        !d.join(".wirebench-cache/test-caps").exists(),
        "--no-cache writes no entry"
    );

    for (run, json) in [("first", "c1.json"), ("second", "c2.json")] {
        let out = wirebench_in(
            d,
            &[
                "run",
                "--config",
                "w4.toml",
                "--extractor",
                "test/caps",
                "--cache-dir",
                "cache",
                "--json",
                json,
            ],
        );
        assert!(out.status.success(), "{run}: {}", stderr(&out));
    }
    let (first, second) = (read_json(&d.join("c1.json")), read_json(&d.join("c2.json")));
    assert_eq!(first["timings"]["test/caps"]["cached"], 0);
    assert_eq!(
        second["timings"]["test/caps"]["cached"],
        common::bundled_documents(),
        "every document from the cache"
    );
    assert_eq!(
        second["timings"]["test/caps"]["documents"], 0,
        "cached documents are not timed"
    );
    assert_eq!(scores("c1.json"), scores("c2.json"));
    assert_eq!(scores("c2.json"), scores("w1.json"));

    // A new extractor_version is another extractor: nothing comes from the cache.
    write(
        d,
        "v2.toml",
        &table("test/caps", &["--version", "2"], 4, ""),
    );
    let out = wirebench_in(
        d,
        &[
            "run",
            "--quiet",
            "--config",
            "v2.toml",
            "--extractor",
            "test/caps",
            "--cache-dir",
            "cache",
            "--json",
            "v2.json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        read_json(&d.join("v2.json"))["timings"]["test/caps"]["cached"],
        0
    );
}

#[test]
fn a_crash_on_one_document_exits_3_unless_failures_are_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "wirebench.toml",
        &table(
            "test/crashy",
            &["--fault", "crash", "--on", "Harbin"],
            2,
            "",
        ),
    );
    let out = wirebench_in(
        d,
        &[
            "run",
            "--quiet",
            "--extractor",
            "test/crashy",
            "--no-cache",
            "--json",
            "r.json",
        ],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let report = read_json(&d.join("r.json"));
    let failed = report["scores"]["test/crashy"]["failed"]
        .as_array()
        .unwrap()
        .clone();
    assert!(!failed.is_empty() && failed.len() < 5, "{failed:?}");
    let reason = failed[0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("crashing on purpose") && reason.contains("stderr.log"),
        "{reason}"
    );
    assert!(stderr(&out).contains(&format!(
        "test/crashy: {} of {} documents failed",
        failed.len(),
        common::bundled_documents()
    )));
    let documents = report["scores"]["test/crashy"]["documents"]["counts"]
        .as_object()
        .unwrap();
    assert_eq!(
        documents.len(),
        common::bundled_documents(),
        "the other documents are scored"
    );

    let out = wirebench_in(
        d,
        &[
            "run",
            "--quiet",
            "--extractor",
            "test/crashy",
            "--no-cache",
            "--allow-failures",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("failed: test/crashy on"),
        "still listed"
    );
}

#[test]
fn a_bad_configuration_is_a_usage_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "wirebench.toml",
        &table("test/x", &[], 1, "timeout_secs = 3"),
    );
    let out = wirebench_in(d, &["list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("wirebench.toml") && stderr(&out).contains("timeout_secs"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn ctrl_c_stops_the_extractor_processes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let pid_file = d.join("pids");
    write(
        d,
        "wirebench.toml",
        &table(
            "test/hang",
            &["--fault", "hang", "--pid-file", pid_file.to_str().unwrap()],
            2,
            "",
        )
        .replace("timeout_seconds = 1.5", "timeout_seconds = 60"),
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_wirebench"))
        .current_dir(d)
        .args(["run", "--quiet", "--extractor", "test/hang", "--no-cache"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while pids(&pid_file).len() < 2 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let workers = pids(&pid_file);
    assert_eq!(workers.len(), 2, "both workers started");
    std::thread::sleep(std::time::Duration::from_millis(500));
    // SAFETY: a signal to the child this test spawned.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    std::thread::sleep(std::time::Duration::from_millis(200));
    for pid in workers {
        assert!(!exists(pid), "worker {pid} outlived wirebench");
    }
}

#[test]
fn bench_measures_two_extractors_interleaved_with_their_ratio_and_gate() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "wirebench.toml", &table("test/caps", &[], 1, ""));
    let args = [
        "bench",
        "--extractor",
        "numbers/digits",
        "--extractor",
        "test/caps",
        "--threads",
        "1,2",
        "--repeat",
        "3",
        "--warmup",
        "0",
        "--json",
        "bench.json",
    ];
    let out = wirebench_in(d, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    let bench = read_json(&d.join("bench.json"));
    let series = bench["series"].as_array().unwrap();
    assert_eq!(series.len(), 4);
    let caps_at_2 = series
        .iter()
        .find(|s| s["extractor"] == "test/caps" && s["threads"] == 2)
        .unwrap();
    assert_eq!(
        caps_at_2["workers"], 2,
        "the thread count sets the worker processes"
    );
    assert_eq!(caps_at_2["passes"].as_array().unwrap().len(), 3);
    let mb = &caps_at_2["mb_per_s"];
    assert!(
        mb["min"].as_f64() <= mb["median"].as_f64() && mb["median"].as_f64() <= mb["max"].as_f64()
    );
    assert!(caps_at_2["words_per_s"]["median"].as_f64().unwrap() > 0.0);
    let ratios = bench["ratios"].as_array().unwrap();
    assert_eq!(ratios.len(), 2);
    assert_eq!(ratios[0]["per_pass"].as_array().unwrap().len(), 3);
    // A process round trip per document is far slower than a digit scan:
    // a bound of 1000 is failed, a bound of 0.000001 is not.
    let gate = |bound: &str| {
        let mut a = args[..9].to_vec();
        a.extend(["--fail-if-slower", bound]);
        wirebench_in(d, &a).status.code()
    };
    assert_eq!(gate("1000"), Some(1));
    assert_eq!(gate("0.000001"), Some(0));
}

#[test]
fn the_python_adapter_turns_a_function_into_an_extractor() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let example = root().join("adapters/python/example.py");
    let config = format!(
        "[[extractor]]\nid = \"example/capitals\"\ncommand = [\"python3\", {:?}]\ntimeout_seconds = 10\n",
        example.to_str().unwrap()
    );
    write(d, "wirebench.toml", &config);
    write(d, "caps.toml", &table("test/caps", &[], 1, ""));
    let out = wirebench_in(
        d,
        &[
            "run",
            "--quiet",
            "--extractor",
            "example/capitals",
            "--no-cache",
            "--json",
            "a.json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = wirebench_in(
        d,
        &[
            "run",
            "--quiet",
            "--config",
            "caps.toml",
            "--extractor",
            "test/caps",
            "--no-cache",
            "--json",
            "b.json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    // The same regular expression as the fixture: the same figures.
    assert_eq!(
        read_json(&d.join("a.json"))["scores"]["example/capitals"]["metrics"],
        read_json(&d.join("b.json"))["scores"]["test/caps"]["metrics"]
    );
}
