//! A criterion benchmark of any extractor over a corpus, in one call
//! (behind the `criterion` feature), so that a user's crate benches its
//! extractor exactly as wirebench benches its own.
//!
//! ```no_run
//! use criterion::{criterion_group, criterion_main, Criterion};
//! use wirebench::corpus::Dataset;
//! use wirebench::extract::Registry;
//!
//! fn benches(c: &mut Criterion) {
//!     let dataset = Dataset::bundled().unwrap();
//!     let registry = Registry::default();
//!     wirebench::bench::bench_extractors(c, "extract", registry.iter(), &dataset);
//! }
//! criterion_group!(group, benches);
//! criterion_main!(group);
//! ```

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput};

use crate::corpus::Dataset;
use crate::extract::Extractor;

/// Registers a criterion group named `group` with one benchmark per
/// extractor: one pass over every document of `dataset` on one thread, with
/// `Throughput::Bytes` of the whole corpus, so criterion reports MB/s. Each
/// extractor is prepared first, outside the measurement; an extractor whose
/// `prepare` fails is skipped with a message on stderr.
pub fn bench_extractors<'a>(
    c: &mut Criterion,
    group: &str,
    extractors: impl IntoIterator<Item = &'a dyn Extractor>,
    dataset: &Dataset,
) {
    let mut group = c.benchmark_group(group);
    group.throughput(Throughput::Bytes(dataset.total_bytes() as u64));
    for extractor in extractors {
        if let Err(e) = extractor.prepare() {
            eprintln!("{}: prepare failed, not benched: {e}", extractor.id());
            continue;
        }
        let id = BenchmarkId::from_parameter(extractor.id());
        group.bench_with_input(id, dataset, |b, dataset| {
            b.iter(|| {
                for doc in dataset.documents() {
                    let _ = black_box(extractor.extract(black_box(doc)));
                }
            })
        });
    }
    group.finish();
}
