//! The HTML report from the command line: escaping, self-containment,
//! `report` rebuilding what `run --html` draws, and bad input refused.
//! (The page in a real browser: tests/browser.rs.)

mod common;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{json, Value};

const EVIL: &str = "EVIL <script>alert(\"x\")</script> said \"it is <b>bold</b>,\" Jane Roe of Acme said on May 3, 2024.\n";
const EVIL_TITLE: &str = "<img src=x onerror=alert(1)> \"quoted\" & 'single'";
const EVIL_NAME: &str = "Jane \"</script><b>Roe</b>\" & co";

fn wirebench_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wirebench"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn ok(out: &Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Code-point span of the `n`th occurrence (0-based) of `needle`.
fn span(text: &str, needle: &str) -> (usize, usize) {
    let byte = text.find(needle).unwrap();
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

/// A one-document corpus whose article, title and annotations hold markup.
fn evil_corpus(dir: &Path) {
    std::fs::create_dir_all(dir.join("corpus")).unwrap();
    std::fs::create_dir_all(dir.join("golden")).unwrap();
    std::fs::write(dir.join("corpus/zz-evil.txt"), EVIL).unwrap();
    let manifest = json!({"documents": [{
        "id": "zz-evil", "title": EVIL_TITLE, "date": "2024-05-03", "source": "a test",
        "licence": "test", "provenance": "original",
        "sha256": wirebench::corpus::sha256_hex(EVIL.as_bytes()), "split": "test"
    }]});
    std::fs::write(dir.join("corpus/manifest.json"), manifest.to_string()).unwrap();
    let at = |needle| {
        let (start, end) = span(EVIL, needle);
        json!({"start": start, "end": end, "text": needle})
    };
    let quote = {
        let mut q = at("it is <b>bold</b>,");
        q["speaker"] = json!("jane-roe");
        q["cue"] = json!("said");
        q
    };
    let date = {
        let mut n = at("May 3, 2024");
        n["kind"] = json!("date");
        n["value"] = json!("2024-05-03");
        n
    };
    let golden = json!({
        "doc": "zz-evil",
        "entities": [
            {"id": "jane-roe", "type": "PERSON", "canonical": EVIL_NAME, "mentions": [at("Jane Roe")]},
            {"id": "acme", "type": "ORG", "canonical": "Acme", "mentions": [at("Acme")]}
        ],
        "quotes": [quote],
        "numbers": [date]
    });
    std::fs::write(dir.join("golden/zz-evil.json"), golden.to_string()).unwrap();
}

/// The JSON the page's script reads.
fn payload(html: &str) -> Value {
    let open = "<script id=\"wb-data\" type=\"application/json\">";
    let start = html.find(open).expect("a data element") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

#[test]
fn markup_in_articles_titles_and_annotations_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    evil_corpus(dir.path());
    ok(&wirebench_in(
        dir.path(),
        &["run", "--quiet", "--html", "r.html"],
    ));
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    for raw in [
        "<script>alert",
        "<b>bold",
        "<img src=x",
        "</script><b>",
        "<b>Roe",
    ] {
        assert!(!html.contains(raw), "`{raw}` reached the page unescaped");
    }
    // The page's own two script elements and nothing else.
    assert_eq!(html.matches("<script").count(), 2);
    // The text comes back exactly once the browser reads the data.
    let data = payload(&html);
    assert_eq!(data["docs"][0]["text"], EVIL);
    assert_eq!(data["docs"][0]["title"], EVIL_TITLE);
    assert_eq!(data["docs"][0]["names"]["jane-roe"], EVIL_NAME);
    assert_eq!(
        data["docs"][0]["quotes"][0][2],
        format!("speaker {EVIL_NAME}")
    );
    // Offsets in UTF-16 units: the quote's start is where JavaScript finds it.
    let quote_start = EVIL.find("it is").unwrap(); // ASCII before it: bytes = UTF-16 units
    assert_eq!(data["docs"][0]["quotes"][0][0], quote_start);
}

#[test]
fn the_page_is_self_contained() {
    let dir = tempfile::tempdir().unwrap();
    evil_corpus(dir.path());
    ok(&wirebench_in(
        dir.path(),
        &["run", "--quiet", "--html", "r.html"],
    ));
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(html.contains("<svg"), "an inline SVG chart");
    assert!(html.contains("<style>"));
    for outside in ["http://", "https://", " src=\"", "@import", "url("] {
        assert!(!html.contains(outside), "`{outside}` in the page");
    }
    assert!(
        html.contains("default-src 'none'"),
        "a policy that forbids fetching"
    );
}

#[test]
fn report_draws_what_run_drew_from_the_report_and_its_errors() {
    let dir = tempfile::tempdir().unwrap();
    let run = [
        "run",
        "--quiet",
        "--extractor",
        "numbers/digits",
        "--extractor",
        "quotes/marks",
        "--json",
        "run.json",
        "--errors",
        "errors.jsonl",
        "--html",
        "run.html",
    ];
    ok(&wirebench_in(dir.path(), &run));
    ok(&wirebench_in(
        dir.path(),
        &[
            "report",
            "run.json",
            "--errors",
            "errors.jsonl",
            "--html",
            "report.html",
        ],
    ));
    let from_run = std::fs::read_to_string(dir.path().join("run.html")).unwrap();
    let from_report = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(
        from_run == from_report,
        "report RUN.json --errors differs from run --html"
    );
    let data = payload(&from_run);
    assert_eq!(data["runs"].as_array().unwrap().len(), 2);
    assert_eq!(data["runs"][0]["known"], true);
    assert!(from_run.contains("ap-2024-05-17-putin-harbin"));

    // Without the errors file: gold only, said so.
    ok(&wirebench_in(
        dir.path(),
        &["report", "run.json", "--html", "bare.html"],
    ));
    let bare = std::fs::read_to_string(dir.path().join("bare.html")).unwrap();
    assert_eq!(payload(&bare)["runs"][0]["known"], false);
}

#[test]
fn a_report_of_another_corpus_or_foreign_errors_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    evil_corpus(dir.path());
    ok(&wirebench_in(
        dir.path(),
        &[
            "run",
            "--quiet",
            "--extractor",
            "numbers/digits",
            "--json",
            "evil.json",
            "--errors",
            "evil.jsonl",
        ],
    ));
    // The bundled corpus is not the one the report was made on.
    let elsewhere = tempfile::tempdir().unwrap();
    let report = dir.path().join("evil.json");
    let out = wirebench_in(
        elsewhere.path(),
        &["report", report.to_str().unwrap(), "--html", "x.html"],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("evil.json") && stderr.contains("--corpus"),
        "{stderr}"
    );
    assert!(!elsewhere.path().join("x.html").exists());

    // An errors file naming a document the corpus does not hold.
    let errors = std::fs::read_to_string(dir.path().join("evil.jsonl")).unwrap();
    assert!(!errors.is_empty());
    std::fs::write(
        dir.path().join("foreign.jsonl"),
        errors.replace("\"zz-evil\"", "\"zz-elsewhere\""),
    )
    .unwrap();
    let out = wirebench_in(
        dir.path(),
        &[
            "report",
            "evil.json",
            "--errors",
            "foreign.jsonl",
            "--html",
            "x.html",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("foreign.jsonl") && stderr.contains("zz-elsewhere"),
        "{stderr}"
    );
}

#[test]
fn compare_draws_base_and_candidate_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    let out = wirebench_in(
        dir.path(),
        &[
            "compare",
            "--extractor",
            "numbers/digits",
            "--extractor",
            "numbers/normalized",
            "--html",
            "c.html",
        ],
    );
    ok(&out);
    let html = std::fs::read_to_string(dir.path().join("c.html")).unwrap();
    assert!(html.contains("id=\"comparison\""));
    assert!(html.contains("numbers.e2e.overlap.f1"));
    let data = payload(&html);
    assert_eq!(data["compare"], true);
    assert_eq!(data["runs"][0]["name"], "base: numbers/digits");
    assert_eq!(data["runs"][1]["name"], "candidate: numbers/normalized");
    assert_eq!(data["runs"][1]["known"], true);
}
