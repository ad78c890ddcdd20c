//! Throughput of each built-in extractor over the bundled corpus, one thread.
//!
//! `cargo bench --bench extractors`; criterion reports bytes per second.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use wirebench::corpus::Dataset;
use wirebench::extract::{Extractor, Registry};

fn extractors(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dataset = Dataset::from_dirs(root.join("corpus"), root.join("golden"))
        .expect("bundled corpus is valid");
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(dataset.total_bytes() as u64));
    for extractor in builtins() {
        extractor.prepare();
        group.bench_function(extractor.id(), |b| {
            b.iter(|| {
                for doc in dataset.documents() {
                    black_box(
                        extractor
                            .extract(black_box(doc))
                            .expect("built-ins do not fail"),
                    );
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, extractors);
criterion_main!(benches);

/// The built-in extractors, in report order.
fn builtins() -> Vec<&'static dyn Extractor> {
    static REGISTRY: std::sync::LazyLock<Registry> = std::sync::LazyLock::new(Registry::default);
    REGISTRY.iter().collect()
}
