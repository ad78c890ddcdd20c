//! The golden-file loader: any bytes as `golden/d.json` give problems or a
//! dataset whose gold spans fit the text, never a panic.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use wirebench::corpus::Source;

fuzz_target!(|data: &[u8]| {
    let sandbox = common::sandbox();
    std::fs::write(sandbox.golden.join("d.json"), data).unwrap();
    let checked = wirebench::validate::check(&Source::dirs(&sandbox.corpus, &sandbox.golden));
    if checked.problems.is_empty() {
        let dataset = checked.dataset;
        let (doc, gold) = (&dataset.documents()[0], &dataset.gold()[0]);
        let json = gold_spans(gold);
        common::assert_spans_fit(&doc.text, json);
    }
});

/// The byte spans of every gold item.
fn gold_spans(gold: &wirebench::golden::GoldenFile) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    for e in &gold.entities {
        spans.extend(e.mentions.iter().map(|m| (m.start, m.end)));
    }
    spans.extend(gold.quotes.iter().map(|q| (q.start, q.end)));
    spans.extend(gold.numbers.iter().map(|n| (n.start, n.end)));
    spans
}
