//! Throughput of each built-in extractor over the bundled corpus, one thread.
//!
//! `cargo bench --bench extractors`; criterion reports bytes per second.
//! The allocator is the binary's (mimalloc, feature `mimalloc`, on by
//! default, set up as `wirebench::allocator` says).

use criterion::{criterion_group, criterion_main, Criterion};
use wirebench::corpus::Dataset;
use wirebench::extract::Registry;

/// The allocator of the `wirebench` binary, so that the figures are the binary's.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: wirebench::allocator::MiMalloc = wirebench::allocator::MiMalloc;

fn extractors(c: &mut Criterion) {
    #[cfg(feature = "mimalloc")]
    wirebench::allocator::keep_freed_memory();
    let dataset = Dataset::bundled().expect("bundled corpus is valid");
    let registry = Registry::default();
    wirebench::bench::bench_extractors(c, "extract", registry.iter(), &dataset);
}

criterion_group!(benches, extractors);
criterion_main!(benches);
