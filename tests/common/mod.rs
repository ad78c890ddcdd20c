//! What several integration tests share: the crate root, the binary, fixture files.
#![allow(dead_code)] // each test binary uses only some of these

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The crate root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// How many documents the bundled corpus holds.
pub fn bundled_documents() -> usize {
    wirebench::corpus::Dataset::bundled()
        .expect("the bundled corpus is valid")
        .documents()
        .len()
}

/// Runs the `wirebench` binary from the crate root.
pub fn wirebench(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wirebench"))
        .current_dir(root())
        .args(args)
        .output()
        .unwrap()
}

/// Runs the `wirebench` binary with standard output on a full disk
/// (`/dev/full`), and checks that it exits 2 saying so.
pub fn assert_full_disk_is_exit_2(args: &[&str]) {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_wirebench"))
        .current_dir(root())
        .args(args)
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot write to stdout"), "{stderr}");
}

/// The `.txt` files of `tests/fixtures/<dir>`, sorted.
pub fn fixture_texts(dir: &str) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures").join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
}
