//! Terminal tables: one per layer, one row per extractor.

use std::fmt::Write;

use crate::report::Report;
use crate::schema::Layer;

/// Renders the report as one table per layer.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for layer in Layer::ALL {
        let rows: Vec<Vec<String>> = report
            .scores
            .iter()
            .filter(|(_, s)| s.layers.contains(&layer))
            .map(|(id, s)| {
                let metric = |stat: &str| {
                    fmt_metric(
                        s.metrics
                            .get(&format!("{layer}.spans.strict.{stat}"))
                            .copied()
                            .flatten(),
                    )
                };
                vec![
                    id.clone(),
                    metric("precision"),
                    metric("recall"),
                    metric("f1"),
                    s.documents.len().to_string(),
                    s.failed.len().to_string(),
                    report
                        .timings
                        .get(id)
                        .map_or("—".into(), |t| format!("{:.1}", t.mb_per_s)),
                ]
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{layer} (strict spans)");
        out.push_str(&grid(
            &["extractor", "P", "R", "F1", "docs", "failed", "MB/s"],
            &rows,
        ));
        out.push('\n');
    }
    out
}

/// A metric with three decimals, or an em dash when undefined.
pub fn fmt_metric(value: Option<f64>) -> String {
    value.map_or("—".into(), |v| format!("{v:.3}"))
}

/// Left-aligns the first column and right-aligns the rest.
pub fn grid(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            let pad = w - cell.chars().count();
            if i == 0 {
                let _ = write!(s, "{cell}{}", " ".repeat(pad));
            } else {
                let _ = write!(s, "  {}{cell}", " ".repeat(pad));
            }
        }
        s.trim_end().to_owned() + "\n"
    };
    let mut out = line(header.to_vec());
    out.push_str(&line(
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str)
            .collect(),
    ));
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}
