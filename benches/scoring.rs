//! Scoring speed: gold and predicted spans scored per second, one thread,
//! every measure of every layer (what `run` computes per document).
//!
//! `cargo bench --bench scoring`. The predictions are the built-in
//! extractors' output on the bundled corpus, so the mix of exact, partial
//! and spurious spans is realistic.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use wirebench::agree::as_prediction;
use wirebench::corpus::Dataset;
use wirebench::extract::{Extractor, Registry};
use wirebench::golden::GoldenFile;
use wirebench::prediction::Prediction;
use wirebench::schema::{EntityType, Layer, Span};
use wirebench::score::bootstrap::estimates;
use wirebench::score::layers::score_document;
use wirebench::score::matching::{count_pairs, pair, Mode};
use wirebench::score::Counts;
use wirebench::score::ScoringConfig;
use wirebench::score::{DocumentCounts, MetricId};

fn scoring(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dataset = Dataset::from_dirs(root.join("corpus"), root.join("golden"))
        .expect("bundled corpus is valid");
    let predictions: Vec<Prediction> = dataset
        .documents()
        .iter()
        .map(|doc| {
            let mut merged = Prediction::default();
            for extractor in builtins() {
                let p = extractor.extract(doc).expect("built-ins do not fail");
                merged.entities = merged.entities.or(p.entities);
                merged.quotes = merged.quotes.or(p.quotes);
                merged.numbers = merged.numbers.or(p.numbers);
            }
            merged
        })
        .collect();
    let spans: usize = dataset
        .gold()
        .iter()
        .zip(&predictions)
        .map(|(g, p)| Layer::ALL.iter().map(|&l| g.count(l)).sum::<usize>() + p.spans().len())
        .sum();
    let config = ScoringConfig::default();
    let mut group = c.benchmark_group("score");
    group.throughput(Throughput::Elements(spans as u64));
    group.bench_function("all layers and measures", |b| {
        b.iter(|| {
            for (gold, prediction) in dataset.gold().iter().zip(&predictions) {
                black_box(score_document(gold, Some(prediction), &Layer::ALL, &config));
            }
        })
    });
    let entity_spans: usize = dataset
        .gold()
        .iter()
        .zip(&predictions)
        .map(|(g, p)| g.count(Layer::Entities) + p.entities.as_ref().map_or(0, Vec::len))
        .sum();
    group.throughput(Throughput::Elements(entity_spans as u64));
    group.bench_function("entities strict only", |b| {
        b.iter(|| {
            for (gold, prediction) in dataset.gold().iter().zip(&predictions) {
                black_box(strict_entity_counts(gold, prediction));
            }
        })
    });
    // Issue 15.8: every predicted entity span repeated 200 times (hostile input).
    let repeated: Vec<Prediction> = predictions
        .iter()
        .map(|p| Prediction {
            entities: p.entities.as_ref().map(|es| {
                es.iter()
                    .flat_map(|e| std::iter::repeat_n(e.clone(), 200))
                    .collect()
            }),
            ..Prediction::default()
        })
        .collect();
    let repeated_spans: usize = dataset
        .gold()
        .iter()
        .zip(&repeated)
        .map(|(g, p)| g.count(Layer::Entities) + p.entities.as_ref().map_or(0, Vec::len))
        .sum();
    group.throughput(Throughput::Elements(repeated_spans as u64));
    group.sample_size(10);
    group.bench_function("entities, every prediction x200", |b| {
        b.iter(|| {
            for (gold, prediction) in dataset.gold().iter().zip(&repeated) {
                black_box(score_document(
                    gold,
                    Some(prediction),
                    &[Layer::Entities],
                    &config,
                ));
            }
        })
    });
    group.finish();
    bootstrap(c);
}

/// Default intervals (headline metrics, 1000 resamples) over 10,000
/// documents: the bundled corpus's counts repeated.
fn bootstrap(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dataset = Dataset::from_dirs(root.join("corpus"), root.join("golden"))
        .expect("bundled corpus is valid");
    let config = ScoringConfig::default();
    let counts: Vec<DocumentCounts> = dataset
        .gold()
        .iter()
        .map(|gold| score_document(gold, Some(&as_prediction(gold)), &Layer::ALL, &config))
        .collect();
    let docs: Vec<&DocumentCounts> = counts.iter().cycle().take(10_000).collect();
    let ids: Vec<MetricId> = Layer::ALL.iter().map(|&l| MetricId::headline(l)).collect();
    let mut group = c.benchmark_group("bootstrap");
    group.sample_size(10);
    group.bench_function("headline intervals, 10,000 documents", |b| {
        b.iter(|| black_box(estimates(&ids, &docs, &config.bootstrap)))
    });
    group.finish();
}

/// One measure alone: the optimal pairing of entity spans under `strict`.
fn strict_entity_counts(gold: &GoldenFile, prediction: &Prediction) -> Counts {
    let gold_items: Vec<(Span, EntityType)> = gold
        .entities
        .iter()
        .flat_map(|e| e.spans().map(move |s| (s, e.ty)))
        .collect();
    let predicted = prediction.entities.as_deref().unwrap_or_default();
    let gs: Vec<Span> = gold_items.iter().map(|g| g.0).collect();
    let ps: Vec<Span> = predicted
        .iter()
        .map(|e| Span::new(e.start, e.end))
        .collect();
    let pairs = pair(&gs, &ps, |g, p| {
        gs[g] == ps[p] && predicted[p].ty == gold_items[g].1.label()
    });
    count_pairs(&pairs, gs.len(), ps.len(), Mode::Strict)
}

criterion_group!(benches, scoring);
criterion_main!(benches);

/// The built-in extractors, in report order.
fn builtins() -> Vec<&'static dyn Extractor> {
    static REGISTRY: std::sync::LazyLock<Registry> = std::sync::LazyLock::new(Registry::default);
    REGISTRY.iter().collect()
}
