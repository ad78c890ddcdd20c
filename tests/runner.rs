//! Failure isolation: an extractor that errs, panics or returns bad spans
//! fails that document only, and its gold spans count as missed.

use std::path::Path;

use wirebench::corpus::{Dataset, Document};
use wirebench::extract::Extractor;
use wirebench::prediction::{PredictedEntity, Prediction};
use wirebench::report::progress::Silent;
use wirebench::report::Report;
use wirebench::runner::run;
use wirebench::schema::Layer;
use wirebench::score::ScoringConfig;
use wirebench::ExtractError;

/// Misbehaves on one document, in the way it is told; returns nothing elsewhere.
struct Troublemaker {
    id: &'static str,
    victim: String,
    how: &'static str,
}

impl Extractor for Troublemaker {
    fn id(&self) -> &str {
        self.id
    }

    fn layers(&self) -> &[Layer] {
        &[Layer::Entities]
    }

    fn extract(&self, doc: &Document) -> Result<Prediction, ExtractError> {
        if doc.id == self.victim {
            match self.how {
                "panic" => panic!("boom in {}", doc.id),
                "error" => return Err(ExtractError::msg("model unavailable")),
                "bad-span" => {
                    return Ok(Prediction {
                        entities: Some(vec![PredictedEntity {
                            start: 0,
                            end: doc.text.len() + 10,
                            ty: "GPE".into(),
                        }]),
                        ..Prediction::default()
                    })
                }
                _ => return Ok(Prediction::default()),
            }
        }
        Ok(Prediction {
            entities: Some(Vec::new()),
            ..Prediction::default()
        })
    }
}

#[test]
fn failures_are_isolated_counted_and_explained() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dataset = Dataset::from_dirs(root.join("corpus"), root.join("golden")).unwrap();
    let victim = dataset.documents()[0].id.clone();
    let gold_mentions = dataset.gold()[0].count(Layer::Entities) as u64;
    let cases = [
        Troublemaker {
            id: "t/panic",
            victim: victim.clone(),
            how: "panic",
        },
        Troublemaker {
            id: "t/error",
            victim: victim.clone(),
            how: "error",
        },
        Troublemaker {
            id: "t/bad-span",
            victim: victim.clone(),
            how: "bad-span",
        },
        Troublemaker {
            id: "t/missing-layer",
            victim: victim.clone(),
            how: "missing-layer",
        },
    ];
    let extractors: Vec<&dyn Extractor> = cases.iter().map(|c| c as &dyn Extractor).collect();
    let runs = run(&extractors, &dataset, Some(2), &Silent).unwrap();
    let report = Report::build(&dataset, &runs, &ScoringConfig::default(), &mut |_| {});
    let expected_reason = [
        ("t/panic", "extractor panicked: boom in"),
        ("t/error", "extractor error: model unavailable"),
        ("t/bad-span", "outside the text"),
        ("t/missing-layer", "declared layer `entities` is missing"),
    ];
    for (id, reason) in expected_reason {
        let scores = &report.scores[id];
        assert_eq!(scores.failed.len(), 1, "{id}");
        assert_eq!(scores.failed[0].doc, victim);
        assert!(
            scores.failed[0].reason.contains(reason),
            "{id}: {}",
            scores.failed[0].reason
        );
        let counts = scores.documents[&victim][&Layer::Entities]["spans.strict"];
        assert_eq!(
            counts.mis, gold_mentions,
            "{id}: gold spans of a failed document count as missed"
        );
        assert_eq!(counts.cor + counts.spu, 0);
    }
    assert!(report.has_failures());
}
