//! Mention chains: who pronouns, role nouns ("the judge") and organisation
//! nouns ("the ministry") point back to, by recency and gender, looked up
//! from sorted lists so that each quote costs the same whatever the
//! document's length.

use super::*;

/// Who a later pronoun may point back to.
#[derive(Debug, Clone)]
pub(super) enum Antecedent {
    /// A person named as the subject of a clause, or as a quote's speaker.
    Person(Speaker),
    /// A named organisation or place speaking.
    Body(Speaker),
    /// An anonymous source: a later "he said" is anonymous too.
    Anonymous,
}

/// Who pronouns may point back to, in text order: persons named as subjects
/// (a name followed by a verb-like word), named sources of reporting verbs,
/// and anonymous sources.
pub(super) fn antecedents(cx: &Context) -> Vec<(usize, Antecedent)> {
    let mut out = Vec::new();
    for name in &cx.names {
        if cx.inside_quote(name.start) {
            continue;
        }
        let after = cx.text[name.end..]
            .trim_start_matches(['’', '\'', 's'])
            .trim_start();
        let next = after
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .next()
            .unwrap_or("");
        let verb_like = next.chars().next().is_some_and(char::is_lowercase)
            && ![
                "and", "of", "in", "on", "at", "to", "for", "from", "with", "by", "or", "the", "a",
                "an", "de", "van", "del",
            ]
            .contains(&next);
        let appositive = after.starts_with(',');
        let speaker = Speaker {
            name: cx.slice(*name).to_owned(),
            span: *name,
        };
        if verb_like || appositive {
            let antecedent = if person_like(cx, *name) {
                Antecedent::Person(speaker)
            } else {
                Antecedent::Body(speaker)
            };
            out.push((name.start, antecedent));
        }
    }
    for i in 0..cx.words.len() {
        let word = &cx.words[i];
        if cx.inside_quote(word.span.start) || cx.reporting_at(i).is_none() {
            continue;
        }
        let from = cx.sentence_start(0, word.span.start);
        if let Some(Source::Nobody) = subject_before(cx, Span::new(from, word.span.start)) {
            out.push((word.span.start, Antecedent::Anonymous));
        }
    }
    out.sort_by_key(|(at, _)| *at);
    out
}

/// The latest of the names (indexes into `cx.names`, ascending) that ends by `at`.
pub(super) fn latest_before(
    cx: &Context,
    names: Option<&Vec<usize>>,
    at: usize,
) -> Option<Speaker> {
    let names = names?;
    let i = names.partition_point(|&k| cx.names[k].end <= at);
    let n = cx.names[*names[..i].last()?];
    Some(Speaker {
        name: cx.slice(n).to_owned(),
        span: n,
    })
}

/// The organisation a document is most about: among names before `at` that
/// are not people, the one whose first word starts the most name runs of the
/// document (its latest occurrence before `at`).
pub(super) fn most_mentioned_body(cx: &Context, at: usize) -> Option<Speaker> {
    let best = cx.best_bodies();
    let i = cx.names.partition_point(|n| n.end <= at);
    let n = cx.names[best[i]?];
    Some(Speaker {
        name: cx.slice(n).to_owned(),
        span: n,
    })
}

/// How many antecedents a pronoun looks back through at most: pronouns
/// point to recent mentions, and a bound keeps each quote's cost constant
/// when nothing fits (a "he" in a text of women).
pub(super) const LOOK_BACK: usize = 64;

/// The antecedents of two sorted lists that come before `at`, latest first,
/// at most [`LOOK_BACK`] of them.
pub(super) fn latest_first(
    lists: [&[(usize, Antecedent)]; 2],
    at: usize,
) -> impl Iterator<Item = &(usize, Antecedent)> {
    let [mut a, mut b] = lists.map(|l| &l[..l.partition_point(|(pos, _)| *pos < at)]);
    std::iter::from_fn(move || {
        #[cfg(test)]
        super::tests::LOOK_BACK_STEPS.with(|steps| steps.set(steps.get() + 1));
        let take_a = match (a.last(), b.last()) {
            (Some(x), Some(y)) => x.0 >= y.0,
            (x, _) => x.is_some(),
        };
        let list = if take_a { &mut a } else { &mut b };
        let (last, rest) = list.split_last()?;
        *list = rest;
        Some(last)
    })
    .take(LOOK_BACK)
}

pub(super) fn resolve(
    cx: &Context,
    antecedents: [&[(usize, Antecedent)]; 2],
    source: &Source,
    at: usize,
) -> Option<Speaker> {
    let earlier = || latest_first(antecedents, at).map(|(_, a)| a);
    match source {
        Source::Named(span) => Some(Speaker {
            name: cx.slice(*span).to_owned(),
            span: *span,
        }),
        Source::Nobody => None,
        Source::Pronoun(p) if p == "he" || p == "she" => {
            let fits = |s: &Speaker| gender_after(cx, s.span).is_none_or(|g| g == p.as_str());
            earlier().find_map(|a| match a {
                Antecedent::Person(s) if fits(s) => Some(Some(s.clone())),
                Antecedent::Anonymous => Some(None),
                _ => None,
            })?
        }
        Source::Pronoun(_) => earlier().find_map(|a| match a {
            Antecedent::Body(s) => Some(s.clone()),
            _ => None,
        }),
        Source::Organisation(head) => {
            let capitalised: String = head
                .chars()
                .enumerate()
                .map(|(i, c)| if i == 0 { c.to_ascii_uppercase() } else { c })
                .collect();
            latest_before(cx, cx.names_by_word().get(capitalised.as_str()), at)
                .or_else(|| most_mentioned_body(cx, at))
        }
        Source::Role(head) => latest_before(cx, cx.persons_by_role().get(head.as_str()), at),
    }
}
