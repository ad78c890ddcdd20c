//! The streamed run (`wirebench run` without `--html`) gives the same bytes
//! as the whole run in memory: report (apart from `timings`), errors file
//! and predictions files, on any batch size and thread count; and it
//! refuses an invalid corpus with the problems `validate` lists.

mod common;
use common::wirebench;

use std::path::Path;

use wirebench::corpus::{Dataset, Source};
use wirebench::extract::Registry;
use wirebench::report::{ErrorsFile, ErrorsHeader, Report};
use wirebench::runner::{self, Silent};
use wirebench::score::ScoringConfig;
use wirebench::stream::{self, Options};
use wirebench::validate;

/// The report's JSON without its `timings` member.
fn without_timings(json: &[u8]) -> Vec<u8> {
    let key = b",\"timings\":{";
    let start = json
        .windows(key.len())
        .position(|w| w == key)
        .expect("a timings member");
    let mut depth = 0;
    for (i, &b) in json.iter().enumerate().skip(start + key.len() - 1) {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return [&json[..start], &json[i + 1..]].concat();
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced timings");
}

/// The in-memory run: report, errors file and predictions of every built-in.
fn in_memory(source: &Source, config: &ScoringConfig, dir: &Path) {
    let dataset = Dataset::load(source).unwrap();
    let registry = Registry::default();
    let extractors = registry.select::<&str>(&[]).unwrap();
    let runs = runner::run(&extractors, &dataset, Some(2), &Silent).unwrap();
    runner::save_predictions(&dir.join("predictions"), &dataset, &runs).unwrap();
    let header = ErrorsHeader::new(&dataset, runs.iter().map(|r| r.extractor.clone()));
    let mut errors = ErrorsFile::create(&dir.join("errors.jsonl"), &header).unwrap();
    let report = Report::build(&dataset, &runs, config, &mut |r| errors.record(r));
    errors.finish().unwrap();
    report.write(&dir.join("report.json")).unwrap();
}

/// The streamed run of every built-in in batches of `batch` documents on `threads` threads.
fn streamed(source: &Source, config: &ScoringConfig, dir: &Path, batch: usize, threads: usize) {
    let registry = Registry::default();
    let extractors = registry.select::<&str>(&[]).unwrap();
    let predictions = dir.join("predictions");
    let options = Options {
        errors: true,
        save_predictions: Some(&predictions),
        batch_documents: Some(batch),
        ..Options::default()
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let mut run = pool
        .install(|| stream::run(source, &extractors, config, &options, &Silent))
        .unwrap();
    run.commit_predictions().unwrap();
    run.write_errors(&dir.join("errors.jsonl")).unwrap();
    run.write_json(&dir.join("report.json")).unwrap();
}

fn assert_same_outputs(a: &Path, b: &Path) {
    let read = |dir: &Path, name: &str| std::fs::read(dir.join(name)).unwrap();
    assert!(
        without_timings(&read(a, "report.json")) == without_timings(&read(b, "report.json")),
        "reports differ"
    );
    assert!(
        read(a, "errors.jsonl") == read(b, "errors.jsonl"),
        "errors differ"
    );
    let mut names: Vec<_> = std::fs::read_dir(a.join("predictions"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names.len(), 6);
    for name in names {
        let name = Path::new("predictions").join(name);
        let name = name.to_str().unwrap();
        assert!(read(a, name) == read(b, name), "{name} differs");
    }
}

#[test]
fn streamed_runs_equal_the_run_in_memory_on_the_bundled_corpus() {
    let config = ScoringConfig {
        intervals: [
            "entities.spans.strict.macro_types_f1",
            "quotes.spans.strict.macro_docs_f1",
            "numbers.e2e.overlap.recall/money",
        ]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect(),
        ..ScoringConfig::default()
    };
    let whole = tempfile::tempdir().unwrap();
    in_memory(&Source::Bundled, &config, whole.path());
    // One document a batch, a few, and all at once; one and two threads.
    for (batch, threads) in [(1, 2), (7, 1), (500, 2)] {
        let dir = tempfile::tempdir().unwrap();
        streamed(&Source::Bundled, &config, dir.path(), batch, threads);
        assert_same_outputs(whole.path(), dir.path());
    }
}

#[test]
fn streamed_runs_equal_the_run_in_memory_on_a_synthetic_corpus() {
    let dir = tempfile::tempdir().unwrap();
    wirebench::synth::write(600, 3, dir.path()).unwrap();
    let source = Source::dirs(dir.path().join("corpus"), dir.path().join("golden"));
    let config = ScoringConfig::default();
    let whole = tempfile::tempdir().unwrap();
    in_memory(&source, &config, whole.path());
    for (batch, threads) in [(64, 1), (256, 2)] {
        let out = tempfile::tempdir().unwrap();
        streamed(&source, &config, out.path(), batch, threads);
        assert_same_outputs(whole.path(), out.path());
    }
}

/// The command line streams without `--html` and keeps today's path with
/// it; both write the same report and tables.
#[test]
fn the_command_line_streams_the_same_report() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let run = |args: &[&str]| {
        let out = wirebench(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let shard = [
        "--extractor",
        "numbers/normalized",
        "--extractor",
        "quotes/attributed",
    ];
    let streamed = run(&[
        &["run", "--json", &p("s.json"), "--per-type", "--by", "topic"][..],
        &shard,
    ]
    .concat());
    let whole = run(&[
        &[
            "run",
            "--json",
            &p("w.json"),
            "--per-type",
            "--by",
            "topic",
            "--html",
            &p("w.html"),
        ][..],
        &shard,
    ]
    .concat());
    let read = |name: &str| std::fs::read(dir.path().join(name)).unwrap();
    assert!(without_timings(&read("s.json")) == without_timings(&read("w.json")));
    // The tables, apart from throughput.
    let tables = |out: &str| -> Vec<String> {
        let mut timing = false;
        let mut kept = Vec::new();
        for line in out.lines() {
            timing = (timing || line.starts_with("throughput")) && !line.trim().is_empty();
            if !timing {
                // The last cell of the score tables is the MB/s of this run.
                let mut cells: Vec<&str> = line.split_whitespace().collect();
                cells.pop();
                kept.push(cells.join(" "));
            }
        }
        kept
    };
    assert_eq!(tables(&streamed), tables(&whole));
    assert!(streamed.contains("worst documents"), "{streamed}");
}

#[test]
fn a_streamed_run_refuses_an_invalid_corpus_with_every_problem_in_order() {
    let dir = tempfile::tempdir().unwrap();
    wirebench::synth::write(40, 5, dir.path()).unwrap();
    let corpus = dir.path().join("corpus");
    let golden = dir.path().join("golden");
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(corpus.join("manifest.json")).unwrap()).unwrap();
    let docs = manifest["documents"].as_array_mut().unwrap();
    let ids: Vec<String> = docs
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    docs[30]["date"] = "2024-02-30".into();
    docs[2]["sha256"] = "0".repeat(64).into();
    let copy = docs[5].clone();
    docs.push(copy);
    std::fs::write(
        corpus.join("manifest.json"),
        serde_json::to_vec(&manifest).unwrap(),
    )
    .unwrap();
    std::fs::write(golden.join(format!("{}.json", ids[35])), "{\"doc\": ").unwrap();
    std::fs::remove_file(golden.join(format!("{}.json", ids[12]))).unwrap();
    std::fs::write(corpus.join("stray.txt"), "A stray text.").unwrap();
    let source = Source::dirs(&corpus, &golden);
    let expected = validate::check(&source).problems;
    assert!(expected.len() >= 6, "{expected:?}");
    let registry = Registry::default();
    let extractors = registry.select(&["numbers/digits"]).unwrap();
    for batch in [1, 3, 100] {
        let options = Options {
            batch_documents: Some(batch),
            ..Options::default()
        };
        let got = stream::run(
            &source,
            &extractors,
            &ScoringConfig::default(),
            &options,
            &Silent,
        );
        assert_refused_with(got, &expected);
    }
    let out = wirebench(&[
        "run",
        "--corpus",
        corpus.to_str().unwrap(),
        "--golden",
        golden.to_str().unwrap(),
        "--json",
        dir.path().join("r.json").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "no scores are printed");
    assert!(!dir.path().join("r.json").exists(), "no report is written");
}

/// Counts the documents it is given; predicts nothing.
struct Counting(std::sync::atomic::AtomicUsize);

impl wirebench::extract::Extractor for Counting {
    fn id(&self) -> &str {
        "test/counting"
    }

    fn layers(&self) -> &[wirebench::schema::Layer] {
        &[wirebench::schema::Layer::Numbers]
    }

    fn extract(
        &self,
        _doc: &wirebench::corpus::Document,
    ) -> Result<wirebench::prediction::Prediction, wirebench::error::ExtractError> {
        self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(wirebench::prediction::Prediction {
            numbers: Some(Vec::new()),
            ..Default::default()
        })
    }
}

/// The next batch is read and checked while the current one is scored: a
/// problem found there still stops extraction before that batch, and the
/// problems are the ones `validate` lists.
#[test]
fn a_problem_in_the_batch_read_ahead_stops_extraction_before_it() {
    let dir = tempfile::tempdir().unwrap();
    wirebench::synth::write(40, 9, dir.path()).unwrap();
    let corpus = dir.path().join("corpus");
    let golden = dir.path().join("golden");
    let mut ids: Vec<String> = std::fs::read_dir(&golden)
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    ids.sort();
    // The fourth batch of ten: batches one to three are extracted, the rest not.
    std::fs::write(golden.join(format!("{}.json", ids[34])), "{\"doc\": ").unwrap();
    let source = Source::dirs(&corpus, &golden);
    let expected = validate::check(&source).problems;
    assert_eq!(expected.len(), 1, "{expected:?}");
    for threads in [1, 2] {
        let counting = Counting(Default::default());
        let options = Options {
            batch_documents: Some(10),
            ..Options::default()
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let got = pool.install(|| {
            stream::run(
                &source,
                &[&counting],
                &ScoringConfig::default(),
                &options,
                &Silent,
            )
        });
        assert_refused_with(got, &expected);
        assert_eq!(counting.0.into_inner(), 30, "{threads} thread(s)");
    }
}

/// The streamed run refused the corpus with exactly `validate`'s problems.
fn assert_refused_with<T>(got: Result<T, wirebench::Error>, expected: &[validate::Problem]) {
    match got {
        Err(wirebench::Error::Invalid { problems }) => assert_eq!(problems, expected),
        Err(e) => panic!("another error: {e}"),
        Ok(_) => panic!("an invalid corpus was scored"),
    }
}
