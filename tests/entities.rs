//! The entity extractors on one hand-written fixture per convention and cue
//! (tests/fixtures/entities): `entities/gazetteer` must find exactly the
//! mentions and types of each `.expect` file, and every (extractor, fixture)
//! pair has an insta snapshot of its whole output.

mod common;

use std::path::Path;

use wirebench::corpus::Document;
use wirebench::extract::entities::capitalized::Capitalized;
use wirebench::extract::entities::gazetteer::Gazetteer;
use wirebench::extract::Extractor;
use wirebench::prediction::render_compact;

fn expected(path: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(path.with_extension("expect"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (text, ty) = l
                .split_once('\t')
                .unwrap_or_else(|| panic!("{}: bad line {l:?}", path.display()));
            (text.to_owned(), ty.to_owned())
        })
        .collect()
}

#[test]
fn gazetteer_finds_each_conventions_mentions_and_types() {
    let paths = common::fixture_texts("entities");
    assert!(paths.len() >= 25, "one fixture per convention and cue");
    let mut failures = Vec::new();
    for path in &paths {
        let name = path.file_stem().unwrap().to_string_lossy();
        let doc = Document::new(name.to_string(), std::fs::read_to_string(path).unwrap());
        let found: Vec<(String, String)> = Gazetteer
            .extract(&doc)
            .unwrap()
            .entities
            .unwrap()
            .iter()
            .map(|e| (doc.text[e.start..e.end].to_owned(), e.ty.clone()))
            .collect();
        let want = expected(path);
        if found != want {
            failures.push(format!("{name}:\n  want {want:?}\n  got  {found:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn snapshots_per_extractor_and_fixture() {
    for path in common::fixture_texts("entities") {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let doc = Document::new(name.clone(), std::fs::read_to_string(&path).unwrap());
        for extractor in [&Capitalized as &dyn Extractor, &Gazetteer] {
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
