//! The predictions loader: any bytes as a predictions file give an error or
//! predictions whose spans fit the text, never a panic.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use wirebench::corpus::{Dataset, Source};

fuzz_target!(|data: &[u8]| {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    let sandbox = common::sandbox();
    let dataset = DATASET
        .get_or_init(|| Dataset::load(&Source::dirs(&sandbox.corpus, &sandbox.golden)).unwrap());
    let path = sandbox.corpus.parent().unwrap().join("p.jsonl");
    std::fs::write(&path, data).unwrap();
    if let Ok(file) = wirebench::prediction::read_predictions(&path, dataset) {
        let text = &dataset.documents()[0].text;
        for prediction in file.predictions.iter().flatten() {
            common::assert_spans_fit(text, prediction.spans().iter().map(|s| (s.start, s.end)));
        }
    }
});
