//! Scoring properties that must hold on any input, and regression tests for
//! the miscounts peers are known for.

use std::collections::BTreeMap;

use proptest::prelude::*;
use wirebench::golden::{GoldEntity, GoldNumber, GoldQuote, GoldenFile, Mention};
use wirebench::prediction::{PredictedEntity, PredictedQuote, Prediction};
use wirebench::schema::{EntityType, Layer, NumberKind, NumberValue};
use wirebench::score::layers::score_document;
use wirebench::score::metrics::Metrics;
use wirebench::score::{metrics, DocumentCounts, ScoringConfig};

const LAYERS: [Layer; 3] = [Layer::Entities, Layer::Quotes, Layer::Numbers];

fn mention(start: usize, end: usize) -> Mention {
    Mention {
        start,
        end,
        text: format!("m{start}"),
    }
}

/// Gold with non-overlapping spans laid out left to right from (gap, length, label) triples.
fn gold_from(items: &[(usize, usize, usize)]) -> GoldenFile {
    let mut at = 0;
    let mut entities = Vec::new();
    let mut quotes = Vec::new();
    let mut numbers = Vec::new();
    for (i, &(gap, len, label)) in items.iter().enumerate() {
        let (start, end) = (at + gap, at + gap + len);
        at = end;
        match label % 3 {
            0 => entities.push(GoldEntity {
                id: format!("e{i}"),
                ty: EntityType::ALL[label % 11],
                canonical: format!("m{start}"),
                mentions: vec![mention(start, end)],
            }),
            1 => quotes.push(GoldQuote {
                start,
                end,
                text: String::new(),
                speaker: None,
                cue: None,
            }),
            _ => {
                // A value and unit of the shape the kind takes, as validated gold has.
                let kind = NumberKind::ALL[label % 7];
                let (value, unit) = match kind {
                    NumberKind::Date => (NumberValue::Text("2024-05-17".into()), None),
                    NumberKind::Money => (NumberValue::Number(label as f64), Some("USD")),
                    NumberKind::Quantity => (NumberValue::Number(label as f64), Some("day")),
                    _ => (NumberValue::Number(label as f64 + 1.0), None),
                };
                numbers.push(GoldNumber {
                    start,
                    end,
                    text: String::new(),
                    kind,
                    value,
                    unit: unit.map(String::from),
                })
            }
        }
    }
    GoldenFile {
        doc: "d".into(),
        notes: Vec::new(),
        entities,
        quotes,
        numbers,
    }
}

/// A prediction equal to the gold: the gold read as predictions.
fn perfect(gold: &GoldenFile) -> Prediction {
    wirebench::agree::as_prediction(gold)
}

fn score(docs: &[(GoldenFile, Prediction)]) -> Metrics {
    let config = ScoringConfig::default();
    let counts: BTreeMap<String, DocumentCounts> = docs
        .iter()
        .enumerate()
        .map(|(i, (g, p))| {
            (
                format!("doc-{i:03}"),
                score_document(g, Some(p), &LAYERS, &config),
            )
        })
        .collect();
    metrics(&counts)
}

/// A prediction derived from gold: spans shifted, resized, relabelled, dropped or added.
fn perturb(gold: &GoldenFile, edits: &[(u8, usize)]) -> Prediction {
    let mut p = perfect(gold);
    let entities = p.entities.as_mut().unwrap();
    for (i, &(op, x)) in edits.iter().enumerate() {
        if entities.is_empty() {
            entities.push(PredictedEntity {
                start: x,
                end: x + 3,
                ty: "ORG".into(),
            });
            continue;
        }
        let k = i % entities.len();
        let e = &mut entities[k];
        match op % 5 {
            0 => e.start = e.start.saturating_sub(x % 3),
            1 => e.end += x % 4,
            2 => e.ty = EntityType::ALL[x % 11].label().into(),
            3 => {
                entities.remove(k);
            }
            _ => entities.push(PredictedEntity {
                start: x,
                end: x + 1 + x % 7,
                ty: EntityType::ALL[x % 11].label().into(),
            }),
        }
    }
    entities.retain(|e| e.start < e.end);
    p
}

fn layout() -> impl Strategy<Value = Vec<(usize, usize, usize)>> {
    prop::collection::vec((0usize..4, 1usize..6, 0usize..33), 1..12)
}

proptest! {
    #[test]
    fn a_perfect_prediction_scores_one_and_an_empty_one_recalls_nothing(items in layout()) {
        let gold = gold_from(&items);
        let m = score(&[(gold.clone(), perfect(&gold))]);
        for layer in ["entities", "quotes", "numbers"] {
            if gold.count(LAYERS[["entities", "quotes", "numbers"].iter().position(|l| *l == layer).unwrap()]) == 0 {
                continue;
            }
            for (id, v) in m.iter().filter(|(id, _)| id.as_str().starts_with(layer) && id.as_str().ends_with(".f1")) {
                prop_assert_eq!(*v, Some(1.0), "{}", id);
            }
        }
        let empty = Prediction { entities: Some(vec![]), quotes: Some(vec![]), numbers: Some(vec![]) };
        let m = score(&[(gold.clone(), empty)]);
        if !gold.entities.is_empty() {
            prop_assert_eq!(m["entities.spans.strict.recall"], Some(0.0));
            prop_assert_eq!(m["entities.spans.partial.recall"], Some(0.0));
        }
    }

    #[test]
    fn figures_are_bounded_ordered_and_order_independent(
        docs in prop::collection::vec((layout(), prop::collection::vec((0u8..5, 0usize..60), 0..8)), 1..5),
        rotate in 0usize..7,
    ) {
        let scored: Vec<(GoldenFile, Prediction)> = docs.iter().map(|(items, edits)| {
            let gold = gold_from(items);
            let p = perturb(&gold, edits);
            (gold, p)
        }).collect();
        let m = score(&scored);
        for (id, v) in &m {
            if let Some(v) = v {
                let is_count = id.as_str().contains("macro_docs_n") || id.as_str().contains("macro_docs_skipped");
                prop_assert!(is_count || (0.0..=1.0).contains(v), "{} = {}", id, v);
            }
        }
        for stat in ["precision", "recall", "f1"] {
            let get = |mode: &str| m[format!("entities.spans.{mode}.{stat}").as_str()];
            let (strict, exact, partial, ty, overlap) = (get("strict"), get("exact"), get("partial"), get("type"), get("overlap"));
            if let (Some(s), Some(e), Some(p), Some(t), Some(o)) = (strict, exact, partial, ty, overlap) {
                prop_assert!(s <= e + 1e-12 && e <= p + 1e-12, "strict ≤ exact ≤ partial: {} {} {}", s, e, p);
                prop_assert!(s <= t + 1e-12 && s <= o + 1e-12, "strict ≤ type, overlap: {} {} {}", s, t, o);
            }
        }
        // Reverse every prediction list and rotate the documents: nothing may change.
        let mut shuffled: Vec<(GoldenFile, Prediction)> = scored.iter().map(|(g, p)| {
            let mut p = p.clone();
            p.entities.as_mut().unwrap().reverse();
            p.quotes.as_mut().unwrap().reverse();
            p.numbers.as_mut().unwrap().reverse();
            (g.clone(), p)
        }).collect();
        let n = shuffled.len();
        shuffled.rotate_left(rotate % n);
        let m2 = score(&shuffled);
        let macro_free = |m: &Metrics| m.iter().filter(|(k, _)| !k.as_str().contains("macro_docs")).map(|(k, v)| (k.clone(), *v)).collect::<Vec<_>>();
        prop_assert_eq!(macro_free(&m), macro_free(&m2));
        let mut a: Vec<_> = m.iter().filter(|(k, _)| k.as_str().contains("macro_docs")).map(|(k, v)| (k.clone(), v.map(|x| (x * 1e9).round()))).collect();
        let mut b: Vec<_> = m2.iter().filter(|(k, _)| k.as_str().contains("macro_docs")).map(|(k, v)| (k.clone(), v.map(|x| (x * 1e9).round()))).collect();
        a.sort_by(|x, y| x.0.cmp(&y.0));
        b.sort_by(|x, y| x.0.cmp(&y.0));
        prop_assert_eq!(a, b);
    }
}

fn entity(id: &str, ty: EntityType, start: usize, end: usize) -> GoldEntity {
    GoldEntity {
        id: id.into(),
        ty,
        canonical: id.into(),
        mentions: vec![mention(start, end)],
    }
}

fn predicted(start: usize, end: usize, ty: &str) -> PredictedEntity {
    PredictedEntity {
        start,
        end,
        ty: ty.into(),
    }
}

fn only_entities(gold: Vec<GoldEntity>, pred: Vec<PredictedEntity>) -> Metrics {
    let gold = GoldenFile {
        doc: "d".into(),
        notes: vec![],
        entities: gold,
        quotes: vec![],
        numbers: vec![],
    };
    let p = Prediction {
        entities: Some(pred),
        ..Prediction::default()
    };
    let config = ScoringConfig::default();
    let counts = BTreeMap::from([(
        "d".to_owned(),
        score_document(&gold, Some(&p), &[Layer::Entities], &config),
    )]);
    metrics(&counts)
}

#[test]
fn one_spurious_prediction_is_charged_to_its_own_type_only() {
    let m = only_entities(
        vec![
            entity("a", EntityType::Person, 0, 5),
            entity("b", EntityType::Org, 10, 15),
            entity("c", EntityType::Gpe, 20, 25),
        ],
        vec![
            predicted(0, 5, "PERSON"),
            predicted(10, 15, "ORG"),
            predicted(20, 25, "GPE"),
            predicted(30, 35, "PERSON"),
        ],
    );
    assert_eq!(m["entities.spans.strict.precision/PERSON"], Some(0.5));
    assert_eq!(m["entities.spans.strict.precision/ORG"], Some(1.0));
    assert_eq!(m["entities.spans.strict.precision/GPE"], Some(1.0));
    assert_eq!(m["entities.spans.strict.precision"], Some(0.75));
}

#[test]
fn a_span_over_several_gold_spans_is_credited_once() {
    let m = only_entities(
        vec![
            entity("a", EntityType::Person, 0, 5),
            entity("b", EntityType::Person, 6, 10),
            entity("c", EntityType::Person, 11, 15),
        ],
        vec![predicted(0, 15, "PERSON")],
    );
    assert_eq!(m["entities.spans.type.precision"], Some(1.0));
    assert_eq!(
        m["entities.spans.type.recall"],
        Some(1.0 / 3.0),
        "one prediction cannot recall three names"
    );
    assert_eq!(m["entities.spans.partial.recall"], Some(0.5 / 3.0));
}

#[test]
fn a_whole_sentence_prediction_does_not_score_under_overlap() {
    let m = only_entities(
        vec![
            entity("a", EntityType::Person, 0, 13),
            entity("b", EntityType::Gpe, 30, 36),
            entity("c", EntityType::Gpe, 70, 75),
        ],
        vec![predicted(0, 80, "PERSON")],
    );
    assert_eq!(m["entities.spans.overlap.f1"], Some(0.0));
    assert_eq!(m["entities.spans.overlap.recall"], Some(0.0));
}

#[test]
fn a_long_span_cannot_steal_an_exact_match() {
    let m = only_entities(
        vec![
            entity("a", EntityType::Org, 10, 20),
            entity("b", EntityType::Org, 25, 30),
        ],
        vec![predicted(5, 30, "ORG"), predicted(10, 20, "ORG")],
    );
    assert_eq!(
        m["entities.spans.strict.recall"],
        Some(0.5),
        "the exact match is kept"
    );
}

#[test]
fn label_maps_and_coarse_classes_credit_conll_labels() {
    let m = only_entities(
        vec![
            entity("a", EntityType::Person, 0, 5),
            entity("b", EntityType::Gpe, 10, 15),
            entity("c", EntityType::Event, 20, 25),
        ],
        vec![
            predicted(0, 5, "PER"),
            predicted(10, 15, "LOC"),
            predicted(20, 25, "MISC"),
        ],
    );
    assert_eq!(
        m["entities.spans.strict.precision"],
        Some(1.0 / 3.0),
        "PER→PERSON maps; LOC is not GPE"
    );
    assert_eq!(
        m["entities.coarse.strict.f1"],
        Some(1.0),
        "PERSON, LOC, MISC classes all agree"
    );
}

#[test]
fn speakers_are_right_by_span_or_by_a_name_no_other_entity_shares() {
    use wirebench::score::layers::SpeakerNames;
    let wu = |id: &str, canonical: &str, start: usize, text: &str| GoldEntity {
        id: id.into(),
        ty: EntityType::Person,
        canonical: canonical.into(),
        mentions: vec![Mention {
            start,
            end: start + text.len(),
            text: text.into(),
        }],
    };
    let gold = GoldenFile {
        doc: "d".into(),
        notes: vec![],
        entities: vec![
            wu("joseph-wu", "Joseph Wu", 0, "Joseph Wu"),
            wu("wu", "Wu", 100, "Wu"),
        ],
        quotes: vec![],
        numbers: vec![],
    };
    let names = SpeakerNames::new(&gold);
    let quote = |speaker: Option<&str>, span: Option<(usize, usize)>| PredictedQuote {
        start: 20,
        end: 40,
        speaker: speaker.map(str::to_owned),
        speaker_start: span.map(|s| s.0),
        speaker_end: span.map(|s| s.1),
        cue: None,
    };
    assert!(names.right(
        Some("joseph-wu"),
        &quote(Some("Foreign Minister Joseph Wu"), None)
    ));
    assert!(
        !names.right(Some("joseph-wu"), &quote(Some("Wu"), None)),
        "two entities are called Wu"
    );
    assert!(
        names.right(Some("joseph-wu"), &quote(Some("Wu"), Some((0, 9)))),
        "the span settles it"
    );
    assert!(names.right(None, &quote(None, None)));
    assert!(!names.right(None, &quote(Some("Joseph Wu"), None)));
    assert!(!names.right(Some("joseph-wu"), &quote(None, None)));
}

/// The worked example of docs/METRICS.md §7, figure for figure.
#[test]
fn the_worked_example_in_metrics_md_holds() {
    let m = only_entities(
        vec![
            entity("anna-nowak", EntityType::Person, 0, 10),
            entity("eu", EntityType::Org, 15, 17),
            entity("warsaw", EntityType::Gpe, 31, 37),
        ],
        vec![
            predicted(0, 14, "PERSON"),
            predicted(15, 17, "GPE"),
            predicted(31, 37, "GPE"),
            predicted(0, 4, "PERSON"),
        ],
    );
    let close = |id: &str, want: f64| {
        let got = m[id].unwrap_or_else(|| panic!("{id} is null"));
        assert!((got - want).abs() < 1e-12, "{id}: {got} != {want}");
    };
    close("entities.spans.strict.f1", 2.0 / 7.0);
    close("entities.spans.exact.f1", 4.0 / 7.0);
    close("entities.spans.partial.precision", 2.5 / 4.0);
    close("entities.spans.partial.f1", 5.0 / 7.0);
    close("entities.spans.type.f1", 4.0 / 7.0);
    close("entities.spans.overlap.f1", 4.0 / 7.0);
    close("entities.spans.strict.f1/PERSON", 0.0);
    close("entities.spans.strict.f1/ORG", 0.0);
    close("entities.spans.strict.f1/GPE", 2.0 / 3.0);
    assert_eq!(m["entities.spans.strict.precision/ORG"], None);
    close("entities.spans.strict.macro_types_f1", 2.0 / 9.0);
}
