//! One invalid fixture per validator error class (tests/fixtures/validate,
//! made by its generate.py), each checked for its message and snapshotted.

use std::path::{Path, PathBuf};

use wirebench::validate::check;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn problems_of(dir: &Path) -> Vec<String> {
    check(&wirebench::corpus::Source::dirs(
        dir.join("corpus"),
        dir.join("golden"),
    ))
    .problems
    .iter()
    .map(|p| p.to_string().replace(&format!("{}/", dir.display()), ""))
    .collect()
}

#[test]
fn the_valid_base_passes() {
    assert_eq!(problems_of(&fixtures().join("valid")), Vec::<String>::new());
}

#[test]
fn each_error_class_is_reported_with_file_path_and_reason() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(fixtures().join("validate"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 20,
        "expected one fixture per error class, found {}",
        cases.len()
    );
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expect = std::fs::read_to_string(case.join("expect.txt")).unwrap();
        let problems = problems_of(&case);
        assert!(
            problems.iter().any(|p| p.contains(expect.trim())),
            "{name}: no problem mentions {:?}; got {problems:#?}",
            expect.trim()
        );
        insta::assert_snapshot!(name, problems.join("\n"));
    }
}

#[test]
fn validate_command_exits_1_on_problems_and_0_on_the_bundled_corpus() {
    let bin = env!("CARGO_BIN_EXE_wirebench");
    let bad = fixtures().join("validate/speaker-not-entity");
    let out = std::process::Command::new(bin)
        .args(["validate", "--corpus"])
        .arg(bad.join("corpus"))
        .arg("--golden")
        .arg(bad.join("golden"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("golden/d.json: document d: quotes[0].speaker: span 35..65:"),
        "{stdout}"
    );

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ok = std::process::Command::new(bin)
        .args(["validate", "--corpus"])
        .arg(root.join("corpus"))
        .arg("--golden")
        .arg(root.join("golden"))
        .output()
        .unwrap();
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
}
