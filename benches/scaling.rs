//! Time against document size: each built-in extractor over one document of
//! 1, 4 and 16 MB (the bundled corpus's texts joined as paragraphs, repeated),
//! one thread. Linear time shows as the same MB/s at every size.
//!
//! `cargo bench --bench scaling`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use wirebench::corpus::{Dataset, Document};
use wirebench::extract::Registry;

/// One document of at least `bytes` bytes made of the corpus's texts.
fn document_of(dataset: &Dataset, bytes: usize) -> Document {
    let mut text = String::with_capacity(bytes + 64 * 1024);
    while text.len() < bytes {
        for doc in dataset.documents() {
            text.push_str(doc.text.trim_end());
            text.push_str("\n\n");
            if text.len() >= bytes {
                break;
            }
        }
    }
    Document::new(format!("scaling-{}mb", bytes / 1_000_000), text)
}

fn scaling(c: &mut Criterion) {
    let dataset = Dataset::bundled().expect("bundled corpus is valid");
    let registry = Registry::default();
    let documents: Vec<Document> = [1, 4, 16]
        .into_iter()
        .map(|mb| document_of(&dataset, mb * 1_000_000))
        .collect();
    for extractor in registry.iter() {
        extractor.prepare().expect("built-ins prepare");
        let mut group = c.benchmark_group(format!("scaling/{}", extractor.id()));
        group.sample_size(10);
        for doc in &documents {
            group.throughput(Throughput::Bytes(doc.text.len() as u64));
            let size = format!("{} MB", doc.text.len() / 1_000_000);
            group.bench_with_input(BenchmarkId::from_parameter(size), doc, |b, doc| {
                b.iter(|| black_box(extractor.extract(black_box(doc))))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, scaling);
criterion_main!(benches);
