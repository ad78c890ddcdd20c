//! Throughput of the extractor over the bundled corpus, beside a built-in.

use criterion::{criterion_group, criterion_main, Criterion};
use wirebench::corpus::Dataset;
use wirebench::extract::{Extractor, Registry};
use wirebench_downstream_example::Percentages;

fn throughput(c: &mut Criterion) {
    let dataset = Dataset::bundled().expect("the bundled corpus is valid");
    let registry = Registry::default();
    let baseline = registry.get("numbers/digits").expect("a built-in");
    let extractors: [&dyn Extractor; 2] = [&Percentages, baseline];
    wirebench::bench::bench_extractors(c, "downstream", extractors, &dataset);
}

criterion_group!(benches, throughput);
criterion_main!(benches);
