//! `wirebench explain`: one document's errors, readable: counts first, then
//! every error grouped by category, with the gold and predicted text in
//! context.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::score::errors::{Category, ErrorRecord};

/// Renders errors (of one or more extractors on one document).
pub fn render(doc: &str, errors: &[ErrorRecord]) -> String {
    let mut out = String::new();
    let mut by_extractor: BTreeMap<&str, Vec<&ErrorRecord>> = BTreeMap::new();
    for e in errors {
        by_extractor
            .entry(e.extractor.as_str())
            .or_default()
            .push(e);
    }
    if by_extractor.is_empty() {
        let _ = writeln!(out, "{doc}: no errors");
    }
    for (extractor, errors) in by_extractor {
        let _ = writeln!(out, "{extractor} on {doc}: {} error(s)", errors.len());
        let mut by_category: BTreeMap<Category, Vec<&ErrorRecord>> = BTreeMap::new();
        for e in errors {
            by_category.entry(e.category).or_default().push(e);
        }
        let counts: Vec<String> = by_category
            .iter()
            .map(|(c, v)| format!("{} {}", v.len(), c.name()))
            .collect();
        let _ = writeln!(out, "  {}", counts.join(", "));
        for (category, errors) in by_category {
            let _ = writeln!(out, "\n  {} ({})", category.name(), errors.len());
            for e in errors {
                let side = |s: &Option<crate::score::errors::Side>| {
                    s.as_ref()
                        .map(|s| format!("{}..{} {:?} ({})", s.start, s.end, s.text, s.label))
                };
                let mut line = format!("    [{}]", e.layer);
                if let Some(g) = side(&e.gold) {
                    let _ = write!(line, " gold {g}");
                }
                if let Some(p) = side(&e.predicted) {
                    let _ = write!(line, " predicted {p}");
                }
                let _ = writeln!(out, "{line}");
                let shown = e.shown_text();
                let _ = writeln!(
                    out,
                    "      …{}[{}]{}…",
                    e.before,
                    shown.replace(['\n', '\r'], " "),
                    e.after
                );
            }
        }
        out.push('\n');
    }
    out
}
