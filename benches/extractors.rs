//! Throughput of each built-in extractor over the bundled corpus, one thread.
//!
//! `cargo bench --bench extractors`; criterion reports bytes per second.

use criterion::{criterion_group, criterion_main, Criterion};
use wirebench::corpus::Dataset;
use wirebench::extract::Registry;

fn extractors(c: &mut Criterion) {
    let dataset = Dataset::bundled().expect("bundled corpus is valid");
    let registry = Registry::default();
    wirebench::bench::bench_extractors(c, "extract", registry.iter(), &dataset);
}

criterion_group!(benches, extractors);
criterion_main!(benches);
