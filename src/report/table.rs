//! Terminal tables: one per layer, one row per extractor.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::report::{Report, Totals};
use crate::schema::Layer;
use crate::score::bootstrap::Estimate;
use crate::score::MetricId;

/// The metric columns shown for a layer: (header, metric id without the layer).
fn columns(layer: Layer) -> &'static [(&'static str, &'static str)] {
    match layer {
        Layer::Entities => &[
            ("P", "spans.strict.precision"),
            ("R", "spans.strict.recall"),
            ("F1", "spans.strict.f1"),
            ("exact", "spans.exact.f1"),
            ("partial", "spans.partial.f1"),
            ("type", "spans.type.f1"),
            ("overlap", "spans.overlap.f1"),
            ("coarse", "coarse.strict.f1"),
        ],
        Layer::Quotes => &[
            ("strict", "spans.strict.f1"),
            ("overlap", "spans.overlap.f1"),
            ("speaker", "speaker.overlap.accuracy"),
            ("cue", "cue.overlap.accuracy"),
            ("e2e P", "e2e.overlap.precision"),
            ("e2e R", "e2e.overlap.recall"),
            ("e2e F1", "e2e.overlap.f1"),
        ],
        Layer::Numbers => &[
            ("strict", "spans.strict.f1"),
            ("overlap", "spans.overlap.f1"),
            ("kind", "kind.overlap.accuracy"),
            ("value", "value.overlap.accuracy"),
            ("unit", "unit.overlap.accuracy"),
            ("e2e P", "e2e.overlap.precision"),
            ("e2e R", "e2e.overlap.recall"),
            ("e2e F1", "e2e.overlap.f1"),
        ],
    }
}

/// What a layer's table is titled with.
fn title(layer: Layer) -> &'static str {
    match layer {
        Layer::Entities => "entities: span F1 by mode (P, R, F1 strict with 95% interval)",
        Layer::Quotes => "quotes: span F1, speaker and cue accuracy, end-to-end (span and speaker)",
        Layer::Numbers => {
            "numbers: span F1, kind/value/unit accuracy, end-to-end (span, kind, value, unit)"
        }
    }
}

/// Renders the report as one table per layer.
pub fn render(report: &Report) -> String {
    let totals = report
        .scores
        .iter()
        .map(|(id, s)| (id.clone(), Totals::of(s)))
        .collect();
    render_with_totals(report, &totals)
}

/// [`render`] for a report whose documents are summed elsewhere (a streamed
/// run keeps none): `totals` holds every extractor's.
pub fn render_with_totals(report: &Report, totals: &BTreeMap<String, Totals>) -> String {
    let mut out = String::new();
    for layer in Layer::ALL {
        let columns = columns(layer);
        let rows: Vec<Vec<String>> = report
            .scores
            .iter()
            .filter(|(_, s)| s.layers.contains(&layer))
            .map(|(id, s)| {
                let id_of = id;
                let mut row = vec![id.clone()];
                for (_, metric) in columns {
                    let id: MetricId = format!("{layer}.{metric}")
                        .parse()
                        .expect("table columns are metric ids");
                    let value = s.metrics.get(&id).copied().flatten();
                    row.push(match s.intervals.get(&id) {
                        Some(estimate) => fmt_estimate(estimate),
                        None if id.is_accuracy() => {
                            fmt_accuracy(value, &id.total(&[&totals[id_of].counts]))
                        }
                        None => fmt_metric(value),
                    });
                }
                row.push(totals[id_of].documents.to_string());
                row.push(s.failed.len().to_string());
                row.push(
                    report
                        .timings
                        .get(id)
                        .filter(|t| t.bytes > 0)
                        .map_or("—".into(), |t| fmt_rate(t.mb_per_s)),
                );
                row
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        let mut header = vec!["extractor"];
        header.extend(columns.iter().map(|(h, _)| *h));
        header.extend(["docs", "failed", "MB/s"]);
        let _ = writeln!(out, "{}", title(layer));
        out.push_str(&grid(&header, &rows));
        out.push('\n');
    }
    out
}

/// A figure with its interval: `0.812 [0.771, 0.849]`.
pub fn fmt_estimate(e: &Estimate) -> String {
    match (e.low, e.high) {
        (Some(low), Some(high)) => format!("{} [{low:.3}, {high:.3}]", fmt_metric(e.value)),
        _ => fmt_metric(e.value),
    }
}

/// Headline metrics per group of a grouping (`split`, `topic`, `region`),
/// then each extractor's worst documents.
pub fn render_breakdown(report: &Report, grouping: &str) -> String {
    let mut out = String::new();
    let mut rows = Vec::new();
    for (id, s) in &report.scores {
        for (value, group) in s.breakdowns.get(grouping).into_iter().flatten() {
            for (metric, estimate) in &group.estimates {
                rows.push(vec![
                    id.clone(),
                    value.clone(),
                    group.documents.to_string(),
                    metric.to_string(),
                    fmt_estimate(estimate),
                ]);
            }
        }
    }
    let _ = writeln!(out, "by {grouping}");
    out.push_str(&grid(
        &[
            "extractor",
            grouping,
            "docs",
            "metric",
            "value [95% interval]",
        ],
        &rows,
    ));
    let _ = writeln!(out, "\nworst documents (headline F1)");
    for (id, s) in &report.scores {
        let worst: Vec<String> = s
            .worst_documents
            .iter()
            .map(|d| format!("{} {:.3}", d.doc, d.f1))
            .collect();
        let _ = writeln!(out, "  {id}: {}", worst.join(", "));
    }
    out
}

/// A rate with one decimal, or three significant digits below 1 (an
/// external model's 0.00213 MB/s is not 0.0).
fn fmt_rate(v: f64) -> String {
    if v >= 1.0 || v == 0.0 {
        format!("{v:.1}")
    } else {
        let digits = (2.0 - v.log10().floor()).clamp(1.0, 8.0) as usize;
        format!("{v:.digits$}")
    }
}

/// A metric with three decimals, or an em dash when undefined.
pub fn fmt_metric(value: Option<f64>) -> String {
    value.map_or("—".into(), |v| format!("{v:.3}"))
}

/// A count with thousands separated by commas: `1,046`.
pub fn fmt_count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An accuracy over matched spans with what it is over: `0.998 (1,046/1,048)`.
pub fn fmt_accuracy(value: Option<f64>, counts: &crate::score::Counts) -> String {
    format!(
        "{} ({}/{})",
        fmt_metric(value),
        fmt_count(counts.cor),
        fmt_count(counts.cor + counts.inc)
    )
}

/// Right-aligns columns whose cells are all figures (or a dash), left-aligns
/// the others; the last column is not padded.
pub fn grid(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let is_figure = |c: &str| {
        c == "—"
            || c.trim_start_matches('-')
                .replace(['.', ','], "")
                .chars()
                .all(|d| d.is_ascii_digit())
    };
    let right: Vec<bool> = (0..header.len())
        .map(|i| i > 0 && rows.iter().all(|r| r.get(i).is_some_and(|c| is_figure(c))))
        .collect();
    let line = |cells: Vec<&str>| -> String {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            let pad = " ".repeat(w - cell.chars().count());
            let sep = if i == 0 { "" } else { "  " };
            if right[i] {
                let _ = write!(s, "{sep}{pad}{cell}");
            } else {
                let _ = write!(s, "{sep}{cell}{pad}");
            }
        }
        s.trim_end().to_owned() + "\n"
    };
    let mut out = line(header.to_vec());
    let rules: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    out.push_str(&line(rules.iter().map(String::as_str).collect()));
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

/// Throughput per timed extractor: threads (and worker processes), the
/// documents timed and those served from the cache (not timed), and the
/// rates. Empty when nothing was timed (predictions files).
pub fn render_timings(report: &Report) -> String {
    if report.timings.is_empty() {
        return String::new();
    }
    let rows: Vec<Vec<String>> = report
        .timings
        .iter()
        .map(|(id, t)| {
            let rate = |v: f64, digits: usize| {
                if t.documents == 0 {
                    "—".to_owned()
                } else {
                    format!("{v:.digits$}")
                }
            };
            vec![
                id.clone(),
                t.threads.to_string(),
                t.workers.map_or("—".into(), |w| w.to_string()),
                t.documents.to_string(),
                t.cached.to_string(),
                format!("{:.3}", t.wall_seconds),
                rate(t.mb_per_s, if t.mb_per_s < 0.1 { 4 } else { 2 }),
                rate(t.docs_per_s, 1),
                rate(t.words_per_s, 0),
            ]
        })
        .collect();
    let mut out = String::from(
        "throughput (wall clock of this run; documents from the cache are not timed)\n",
    );
    out.push_str(&grid(
        &[
            "extractor",
            "threads",
            "workers",
            "timed",
            "cached",
            "seconds",
            "MB/s",
            "documents/s",
            "words/s",
        ],
        &rows,
    ));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(super::fmt_count(1_046), "1,046");
        assert_eq!(super::fmt_count(999), "999");
        assert_eq!(super::fmt_count(1_234_567), "1,234,567");
        let counts = crate::score::Counts {
            cor: 1046,
            inc: 2,
            ..Default::default()
        };
        assert_eq!(
            super::fmt_accuracy(Some(0.998), &counts),
            "0.998 (1,046/1,048)"
        );
    }
}
