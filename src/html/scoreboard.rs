//! The tables: the scoreboard per layer, per-type and per-kind figures with
//! support, the entity-type confusion, and a comparison's verdicts. Cells
//! carry their number in `data-v` so the script can sort any column.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::{escape, figure, Entry};
use crate::compare::Comparison;
use crate::schema::Layer;
use crate::score::metric_id::Stat;
use crate::score::{headline, Counts};

/// A numeric cell: its text and its sort key.
fn cell(value: Option<f64>, text: &str) -> String {
    // Six decimals: enough to sort, and the same after a trip through a JSON report.
    let key = value.map_or(String::new(), |v| format!("{v:.6}"));
    format!("<td class=\"num\" data-v=\"{key}\">{}</td>", escape(text))
}

fn header(columns: &[&str]) -> String {
    let mut out = String::from("<thead><tr>");
    for c in columns {
        let _ = write!(out, "<th scope=\"col\" tabindex=\"0\">{}</th>", escape(c));
    }
    out + "</tr></thead>"
}

/// One table per layer: every extractor with P, R, F1 of the headline
/// metric, its interval, documents, failures and throughput.
pub(super) fn scoreboard(entries: &[Entry]) -> String {
    let mut out = String::from("<section id=\"scoreboard\"><h2>Scoreboard</h2>\n<p class=\"note\">Headline metric per layer with its 95% bootstrap interval over documents. Click a column to sort.</p>\n");
    for layer in Layer::ALL {
        let rows: Vec<&Entry> = entries
            .iter()
            .filter(|e| e.scores.layers.contains(&layer))
            .collect();
        if rows.is_empty() {
            continue;
        }
        let id = headline(layer);
        let _ = write!(
            out,
            "<h3>{layer} <code>{}</code></h3>\n<table class=\"sortable scores\" data-layer=\"{layer}\">{}<tbody>\n",
            escape(id.as_str()),
            header(&["extractor", "P", "R", "F1", "95% interval", "docs", "failed", "MB/s"])
        );
        for e in rows {
            let metric = |stat| e.scores.metrics.get(&id.with_stat(stat)).copied().flatten();
            let estimate = e.scores.intervals.get(&id);
            let interval = match estimate.map(|x| (x.low, x.high)) {
                Some((Some(low), Some(high))) => format!("[{low:.3}, {high:.3}]"),
                _ => "—".to_owned(),
            };
            let speed = e.timing.map(|t| t.mb_per_s);
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{}</th>{}{}{}{}{}{}{}</tr>",
                escape(&e.name),
                cell(metric(Stat::Precision), &figure(metric(Stat::Precision))),
                cell(metric(Stat::Recall), &figure(metric(Stat::Recall))),
                cell(metric(Stat::F1), &figure(metric(Stat::F1))),
                cell(estimate.and_then(|x| x.low), &interval),
                cell(
                    Some(e.scores.documents.len() as f64),
                    &e.scores.documents.len().to_string()
                ),
                cell(
                    Some(e.scores.failed.len() as f64),
                    &e.scores.failed.len().to_string()
                ),
                cell(speed, &speed.map_or("—".to_owned(), |s| format!("{s:.1}"))),
            );
        }
        out += "</tbody></table>\n";
    }
    out + "</section>\n"
}

/// Per layer, per label (entity type, number kind) of the headline measure:
/// support (gold spans) and each extractor's P, R and F1.
pub(super) fn per_label(entries: &[Entry]) -> String {
    let mut out = String::from("<section id=\"labels\"><h2>Per type and kind</h2>\n");
    for layer in Layer::ALL {
        let rows: Vec<&Entry> = entries
            .iter()
            .filter(|e| e.scores.layers.contains(&layer))
            .collect();
        let id = headline(layer);
        let prefix = format!("{}/", id.count_key());
        let labels: BTreeSet<&str> = rows
            .iter()
            .flat_map(|e| e.scores.documents.values())
            .filter_map(|d| d.get(&layer))
            .flat_map(|m| m.keys())
            .filter_map(|k| k.strip_prefix(&prefix))
            .collect();
        if labels.is_empty() {
            continue;
        }
        let mut columns = vec!["label".to_owned(), "support".to_owned()];
        for e in &rows {
            for stat in ["P", "R", "F1"] {
                columns.push(format!("{} {stat}", e.name));
            }
        }
        let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
        let _ =
            write!(
            out,
            "<h3>{layer} by {} <code>{}</code></h3>\n<table class=\"sortable labels\">{}<tbody>\n",
            if layer == Layer::Entities { "type" } else { "kind" },
            escape(id.as_str()),
            header(&columns)
        );
        for label in labels {
            let key = format!("{prefix}{label}");
            let total = |e: &Entry| {
                let mut sum = Counts::default();
                for d in e.scores.documents.values() {
                    if let Some(c) = d.get(&layer).and_then(|m| m.get(key.as_str())) {
                        sum.add(c);
                    }
                }
                sum
            };
            let support = rows.first().map_or(0, |e| total(e).possible());
            let _ = write!(
                out,
                "<tr><th scope=\"row\">{}</th>{}",
                escape(label),
                cell(Some(support as f64), &support.to_string())
            );
            for e in &rows {
                let counts = total(e);
                for value in [counts.precision(), counts.recall(), counts.f1()] {
                    out += &cell(value, &figure(value));
                }
            }
            out += "</tr>\n";
        }
        out += "</tbody></table>\n";
    }
    out + "</section>\n"
}

/// Per entity extractor: gold type (rows) against predicted label
/// (columns), over pairs with the same boundaries.
pub(super) fn confusion(entries: &[Entry]) -> String {
    let mut out = String::from("<section id=\"confusion\"><h2>Entity-type confusion</h2>\n<p class=\"note\">Pairs with the same boundaries: gold type down, predicted label across. The diagonal is right.</p>\n");
    for e in entries.iter().filter(|e| !e.scores.confusion.is_empty()) {
        let predicted: BTreeSet<&str> = e
            .scores
            .confusion
            .values()
            .flat_map(|row| row.keys().map(String::as_str))
            .collect();
        let mut columns = vec!["gold \\ predicted"];
        columns.extend(predicted.iter().copied());
        let _ = write!(
            out,
            "<h3>{}</h3>\n<table class=\"sortable confusion\">{}<tbody>\n",
            escape(&e.name),
            header(&columns)
        );
        for (gold, row) in &e.scores.confusion {
            let _ = write!(out, "<tr><th scope=\"row\">{}</th>", escape(gold));
            for p in &predicted {
                let n = row.get(*p).copied().unwrap_or(0);
                let class = if gold == p {
                    " class=\"num diag\""
                } else {
                    " class=\"num\""
                };
                let _ = write!(out, "<td{class} data-v=\"{n}\">{n}</td>");
            }
            out += "</tr>\n";
        }
        out += "</tbody></table>\n";
    }
    out + "</section>\n"
}

/// A comparison's table: per metric the two figures, the delta with its
/// interval, the corrected p-value and the verdict.
pub(super) fn comparison(c: &Comparison) -> String {
    let mut out = format!(
        "<section id=\"comparison\"><h2>Comparison</h2>\n<p class=\"note\">Candidate <b>{}</b> against base <b>{}</b> on {} documents: paired bootstrap interval of each delta, approximate-randomisation p-value with Holm's correction.</p>\n<table class=\"sortable\">{}<tbody>\n",
        escape(&c.candidate),
        escape(&c.base),
        c.documents,
        header(&["metric", "base", "candidate", "delta", "95% interval", "p (Holm)", "verdict"])
    );
    for m in &c.metrics {
        let interval = match (m.delta_low, m.delta_high) {
            (Some(l), Some(h)) => format!("[{l:+.3}, {h:+.3}]"),
            _ => "—".to_owned(),
        };
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\"><code>{}</code></th>{}{}{}{}{}<td class=\"verdict {}\">{}</td></tr>",
            escape(m.metric.as_str()),
            cell(m.base, &figure(m.base)),
            cell(m.candidate, &figure(m.candidate)),
            cell(m.delta, &m.delta.map_or("—".to_owned(), |d| format!("{d:+.3}"))),
            cell(m.delta_low, &interval),
            cell(m.p_holm, &m.p_holm.map_or("—".to_owned(), |p| format!("{p:.4}"))),
            m.verdict.label().replace(' ', "-"),
            escape(m.verdict.label()),
        );
    }
    out + "</tbody></table></section>\n"
}
