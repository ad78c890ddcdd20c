//! The quote extractors on one hand-written fixture per phenomenon
//! (tests/fixtures/quotes): `quotes/attributed` must find exactly the quotes,
//! speakers and cues of each `.expect` file, and every (extractor, fixture)
//! pair has an insta snapshot of its whole output.

mod common;

use std::path::Path;

use wirebench::corpus::Document;
use wirebench::extract::quotes::attributed::Attributed;
use wirebench::extract::quotes::marks::Marks;
use wirebench::extract::Extractor;
use wirebench::prediction::render_compact;

/// (quoted text, speaker, cue) lines of an `.expect` file.
fn expected(path: &Path) -> Vec<(String, Option<String>, Option<String>)> {
    let dash = |s: &str| (s != "-").then(|| s.to_owned());
    std::fs::read_to_string(path.with_extension("expect"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let parts: Vec<&str> = l.split('\t').collect();
            assert_eq!(parts.len(), 3, "{}: bad line {l:?}", path.display());
            (parts[0].to_owned(), dash(parts[1]), dash(parts[2]))
        })
        .collect()
}

#[test]
fn attributed_finds_each_phenomenons_quotes_speakers_and_cues() {
    let paths = common::fixture_texts("quotes");
    assert!(paths.len() >= 25, "one fixture per phenomenon");
    let mut failures = Vec::new();
    for path in &paths {
        let name = path.file_stem().unwrap().to_string_lossy();
        let doc = Document::new(name.to_string(), std::fs::read_to_string(path).unwrap());
        let quotes = Attributed.extract(&doc).unwrap().quotes.unwrap();
        let found: Vec<(String, Option<String>, Option<String>)> = quotes
            .iter()
            .map(|q| {
                (
                    doc.text[q.start..q.end].to_owned(),
                    q.speaker.clone(),
                    q.cue.clone(),
                )
            })
            .collect();
        let want = expected(path);
        if found != want {
            failures.push(format!("{name}:\n  want {want:?}\n  got  {found:?}"));
        }
        for q in &quotes {
            if let (Some(s), Some(e), Some(name)) = (q.speaker_start, q.speaker_end, &q.speaker) {
                assert_eq!(
                    &doc.text[s..e],
                    name,
                    "the speaker span holds the speaker's name"
                );
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn snapshots_per_extractor_and_fixture() {
    for path in common::fixture_texts("quotes") {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let doc = Document::new(name.clone(), std::fs::read_to_string(&path).unwrap());
        for extractor in [&Marks as &dyn Extractor, &Attributed] {
            let prediction = extractor.extract(&doc).unwrap();
            let snapshot = format!("{}__{name}", extractor.id().replace('/', "_"));
            insta::assert_snapshot!(
                snapshot,
                format!(
                    "{}\n---\n{}",
                    doc.text.trim_end(),
                    render_compact(&doc, &prediction)
                )
            );
        }
    }
}
