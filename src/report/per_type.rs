//! `--per-type`: precision, recall, F1 and support per entity type and per
//! number kind, as scikit-learn's `classification_report` lays them out.
//!
//! A headline F1 can hide a type the extractor never gets right; this table
//! shows each label of the layer's headline measure (strict spans for
//! entities, end-to-end overlap for numbers), with its gold count (support),
//! then the micro and macro averages.

use std::fmt::Write;

use crate::report::table::{fmt_count, fmt_metric, grid};
use crate::report::{ExtractorScores, Totals};
use crate::schema::{EntityType, Layer, NumberKind};
use crate::score::{headline, DocumentCounts, MetricId};

/// The layers that have labels, with their labels.
fn labelled() -> [(Layer, Vec<&'static str>); 2] {
    [
        (
            Layer::Entities,
            EntityType::ALL.iter().map(|t| t.label()).collect(),
        ),
        (
            Layer::Numbers,
            NumberKind::ALL.iter().map(|k| k.name()).collect(),
        ),
    ]
}

/// One row: label, precision, recall, F1, support.
type Row = (String, Option<f64>, Option<f64>, Option<f64>, u64);

/// The rows of one layer of one extractor: each label with gold or
/// predicted spans, then `micro avg` and `macro avg`; empty when the
/// extractor was not scored on the layer.
fn rows(
    scores: &ExtractorScores,
    summed: &DocumentCounts,
    layer: Layer,
    labels: &[&str],
) -> Vec<Row> {
    if !scores.layers.contains(&layer) {
        return Vec::new();
    }
    // Every figure here is a proportion of summed counts.
    let docs = [summed];
    let f1 = headline(layer);
    let with = |label: Option<&str>, stat: &str| -> MetricId {
        let base = f1.as_str().trim_end_matches(".f1");
        let id = format!("{base}.{stat}");
        match label {
            Some(l) => format!("{id}/{l}"),
            None => id,
        }
        .parse()
        .expect("headline ids take a label and a statistic")
    };
    let row = |name: String, label: Option<&str>| -> Row {
        let support = with(label, "f1").total(&docs).possible();
        (
            name,
            with(label, "precision").value(&docs),
            with(label, "recall").value(&docs),
            with(label, "f1").value(&docs),
            support,
        )
    };
    let mut out: Vec<Row> = labels
        .iter()
        .map(|&l| row(l.to_owned(), Some(l)))
        .filter(|r| r.4 > 0 || with(Some(&r.0), "f1").total(&docs).actual() > 0)
        .collect();
    let total: u64 = out.iter().map(|r| r.4).sum();
    let mut micro = row("micro avg".into(), None);
    micro.4 = total;
    // Macro averages over labels with gold spans; an undefined figure counts
    // as 0, as scikit-learn's zero_division default does.
    let with_gold: Vec<&Row> = out.iter().filter(|r| r.4 > 0).collect();
    let mean = |pick: fn(&Row) -> Option<f64>| {
        (!with_gold.is_empty()).then(|| {
            with_gold
                .iter()
                .map(|r| pick(r).unwrap_or(0.0))
                .sum::<f64>()
                / with_gold.len() as f64
        })
    };
    let macro_row = (
        "macro avg".to_owned(),
        mean(|r| r.1),
        mean(|r| r.2),
        mean(|r| r.3),
        total,
    );
    out.push(micro);
    out.push(macro_row);
    out
}

fn cells(r: &Row) -> Vec<String> {
    vec![
        r.0.clone(),
        fmt_metric(r.1),
        fmt_metric(r.2),
        fmt_metric(r.3),
        fmt_count(r.4),
    ]
}

/// Every non-empty table: extractor, layer, and its rows as cells.
fn tables<'a>(
    scores: impl IntoIterator<Item = (&'a str, &'a ExtractorScores, DocumentCounts)>,
) -> Vec<(&'a str, Layer, Vec<Vec<String>>)> {
    let mut out = Vec::new();
    for (id, s, summed) in scores {
        for (layer, labels) in labelled() {
            let rows = rows(s, &summed, layer, &labels);
            if !rows.is_empty() {
                out.push((id, layer, rows.iter().map(cells).collect()));
            }
        }
    }
    out
}

/// Terminal tables: per extractor, one per labelled layer it was scored on.
pub fn render<'a>(scores: impl IntoIterator<Item = (&'a str, &'a ExtractorScores)>) -> String {
    render_summed(
        scores
            .into_iter()
            .map(|(id, s)| (id, s, Totals::of(s).counts)),
    )
}

/// [`render`] for scores whose documents are summed elsewhere (a streamed
/// run keeps none): each extractor with every document's counts summed.
pub fn render_summed<'a>(
    scores: impl IntoIterator<Item = (&'a str, &'a ExtractorScores, DocumentCounts)>,
) -> String {
    let mut out = String::new();
    for (id, layer, table) in tables(scores) {
        let _ = writeln!(
            out,
            "{id}: {layer} per {} ({})",
            unit(layer),
            headline(layer)
        );
        out.push_str(&grid(&[unit(layer), "P", "R", "F1", "support"], &table));
        out.push('\n');
    }
    out
}

/// The same tables in Markdown.
pub fn markdown<'a>(scores: impl IntoIterator<Item = (&'a str, &'a ExtractorScores)>) -> String {
    let mut out = String::new();
    let scores = scores
        .into_iter()
        .map(|(id, s)| (id, s, Totals::of(s).counts));
    for (id, layer, table) in tables(scores) {
        let _ = writeln!(
            out,
            "\n#### `{id}`: {layer} per {} (`{}`)\n",
            unit(layer),
            headline(layer)
        );
        let _ = writeln!(out, "| {} | P | R | F1 | support |", unit(layer));
        let _ = writeln!(out, "| --- | ---: | ---: | ---: | ---: |");
        for c in &table {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                c[0], c[1], c[2], c[3], c[4]
            );
        }
    }
    out
}

fn unit(layer: Layer) -> &'static str {
    match layer {
        Layer::Numbers => "kind",
        _ => "type",
    }
}
