//! Passes over the whole document: quoted titles of works, lists of
//! coordinated names, listed names replacing runs, and the type propagation
//! between mentions.

use super::*;
use crate::text::lists::word_list;

word_list!(
    /// Nouns before a quoted title: the quoted words are a work's name.
    pub(super) WORK_NOUNS, "entities/work_nouns.txt"
);

/// Lower-case name particles that open a surname ("de Rocheval said").
pub(super) use crate::text::lists::SURNAME_PARTICLES;

/// Quoted titles of works: the words between quotation marks after a
/// work noun, or capitalised throughout; a leading English article dropped.
pub(super) fn quoted_titles(text: &str) -> Vec<Span> {
    quote_candidates(text)
        .into_iter()
        .filter_map(|q| {
            let inner = &text[q.span.start..q.span.end];
            let trimmed = inner.trim_end_matches([',', '.']);
            // Most quotes are sentences: their eleventh word rules them out
            // before all their words are split.
            let mut split = trimmed.split_whitespace();
            if split
                .next()
                .is_none_or(|w| !w.starts_with(char::is_uppercase))
                || split.nth(9).is_some()
                || trimmed.contains(['?', '!', ';'])
            {
                return None;
            }
            let words: Vec<&str> = trimmed.split_whitespace().collect();
            // A nickname between two names is part of a person's name.
            let previous_capitalised = text[..q.open.start]
                .trim_end()
                .rsplit(char::is_whitespace)
                .next()
                .is_some_and(|w| w.starts_with(char::is_uppercase));
            let next_capitalised = q.close.is_some_and(|c| {
                text[c.end..]
                    .strip_prefix(' ')
                    .is_some_and(|r| r.starts_with(char::is_uppercase))
            });
            if previous_capitalised && next_capitalised && words.len() <= 3 {
                return None;
            }
            let small = [
                "a", "an", "and", "at", "by", "de", "del", "des", "du", "for", "from", "in", "la",
                "le", "of", "on", "or", "the", "to", "with", "y", "e", "el", "sel", "ya",
            ];
            let capitalised = words
                .iter()
                .all(|w| w.starts_with(char::is_uppercase) || small.contains(w));
            let after_work_noun = || {
                let mut from = q.open.start.saturating_sub(40);
                while !text.is_char_boundary(from) {
                    from += 1;
                }
                let before = text[from..q.open.start].trim_end().to_lowercase();
                before
                    .rsplit(char::is_whitespace)
                    .take(3)
                    .any(|w| WORK_NOUNS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())))
            };
            if !(capitalised && words.len() >= 2 || after_work_noun()) {
                return None;
            }
            let mut start = q.span.start;
            for article in ["The ", "A ", "An "] {
                if inner.starts_with(article) && inner.len() > article.len() {
                    start += article.len();
                }
            }
            Some(Span::new(start, q.span.start + trimmed.len()))
        })
        .collect()
}

/// "in Busia, Malaba and Turkana": untyped names in a list with a typed
/// place take its type.
pub(super) fn coordinate(text: &str, typed: &mut [(Span, Option<EntityType>)]) {
    for k in 0..typed.len() {
        if typed[k].1.is_some() {
            continue;
        }
        let joined = |a: Span, b: Span| {
            let gap = &text[a.end..b.start];
            [", ", " and ", ", and ", " or "].contains(&gap)
        };
        let neighbour = [k.checked_sub(1), Some(k + 1)]
            .into_iter()
            .flatten()
            .filter_map(|j| typed.get(j).map(|t| (j, *t)))
            .find(|(j, (span, ty))| {
                matches!(ty, Some(EntityType::Gpe))
                    && if *j < k {
                        joined(*span, typed[k].0)
                    } else {
                        joined(typed[k].0, *span)
                    }
            });
        if let Some((_, (_, ty))) = neighbour {
            let single = !text[typed[k].0.start..typed[k].0.end].contains(' ');
            if single {
                typed[k].1 = ty;
            }
        }
    }
}

/// Each listed name that covers every candidate it touches (at least one)
/// replaces them. Both lists are sorted and free of overlaps, so one merge
/// does it, in time linear in their lengths.
pub(super) fn replace_covered(candidates: Vec<Span>, listed: &[(Span, EntityType)]) -> Vec<Span> {
    let mut merged = Vec::with_capacity(candidates.len());
    let mut k = 0;
    for &(span, _) in listed {
        while k < candidates.len() && candidates[k].end <= span.start {
            merged.push(candidates[k]);
            k += 1;
        }
        let touched = candidates[k..]
            .iter()
            .take_while(|c| c.start < span.end)
            .count();
        if touched > 0
            && candidates[k..k + touched]
                .iter()
                .all(|c| span.start <= c.start && c.end <= span.end)
        {
            merged.push(span);
            k += touched;
        }
    }
    merged.extend_from_slice(&candidates[k..]);
    merged
}

/// Types untyped names from typed ones in the same document: the words of
/// a person's name, the first word of an organisation's, and the same
/// string typed elsewhere.
pub(super) fn propagate(text: &str, typed: &mut [(Span, Option<EntityType>)]) {
    let mut by_string: HashMap<&str, EntityType, FastHash> = HashMap::default();
    let mut by_word: HashMap<&str, EntityType, FastHash> = HashMap::default();
    for (span, ty) in typed.iter() {
        let Some(ty) = ty else { continue };
        let name = &text[span.start..span.end];
        by_string.entry(name).or_insert(*ty);
        // The first and last words of a name of two words or more.
        let mut words = name.split_whitespace();
        let (Some(first), Some(last)) = (words.next(), words.next_back()) else {
            continue;
        };
        match ty {
            EntityType::Person => {
                for w in [first, last] {
                    by_word.entry(w).or_insert(EntityType::Person);
                }
            }
            EntityType::Org | EntityType::Fac | EntityType::Event | EntityType::Product => {
                by_word.entry(first).or_insert(*ty);
            }
            _ => {}
        }
    }
    for (span, ty) in typed.iter_mut() {
        if ty.is_none() {
            let name = &text[span.start..span.end];
            *ty = by_string.get(name).or_else(|| by_word.get(name)).copied();
        }
    }
}
