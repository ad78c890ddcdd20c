//! Embeds the bundled corpus and golden files in the library, so that an
//! installed or copied binary, and a crate that depends on wirebench, can
//! score the bundled corpus from any directory.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&root);
    let mut out = String::new();
    for (name, dir, keep) in [
        (
            "BUNDLED_CORPUS",
            "corpus",
            is_corpus_file as fn(&str) -> bool,
        ),
        ("BUNDLED_GOLDEN", "golden", is_golden_file),
    ] {
        println!("cargo:rerun-if-changed={dir}");
        let mut files: Vec<String> = std::fs::read_dir(root.join(dir))
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                    .filter_map(|e| e.file_name().into_string().ok())
                    .filter(|n| keep(n))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        writeln!(out, "pub(crate) static {name}: &[(&str, &[u8])] = &[").unwrap();
        for file in files {
            let path = root.join(dir).join(&file);
            writeln!(
                out,
                "    ({file:?}, include_bytes!({:?})),",
                path.display().to_string()
            )
            .unwrap();
        }
        writeln!(out, "];").unwrap();
    }
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("bundled.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}

fn is_corpus_file(name: &str) -> bool {
    name == "manifest.json" || name.ends_with(".txt")
}

fn is_golden_file(name: &str) -> bool {
    name.ends_with(".json")
}
