//! The manifest: any bytes as `corpus/manifest.json` give problems or a
//! dataset, never a panic.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use wirebench::corpus::Source;

fuzz_target!(|data: &[u8]| {
    let sandbox = common::sandbox();
    std::fs::write(sandbox.corpus.join("manifest.json"), data).unwrap();
    let checked = wirebench::validate::check(&Source::dirs(&sandbox.corpus, &sandbox.golden));
    if checked.problems.is_empty() {
        assert!(checked.dataset.documents().len() <= 1);
    }
});
