//! Terms and titles: quoted words that are not quotes (scare quotes, titles
//! of works, nicknames, "so-called" terms).

use super::*;

/// Scare quotes, titles and nicknames: quoted words the text gives no source for.
pub(super) fn is_term_or_title(cx: &Context, quote: &Candidate) -> bool {
    let before = cx
        .around(
            Span::new(
                quote.open.start.max(quote.paragraph.start + 40) - 40,
                quote.open.start,
            ),
            0,
            0,
        )
        .trim_end();
    let before_lower = before.to_lowercase();
    let ends_with_word = |m: &str| {
        before_lower
            .strip_suffix(m)
            .is_some_and(|rest| rest.is_empty() || rest.ends_with(' '))
    };
    // "what she called “…”": a verb with its speaker before it quotes them;
    // "a group called “…”" names something.
    let mut last_two = before.split_whitespace().rev();
    let agent_calls = last_two
        .next()
        .is_some_and(|w| ["called", "calls"].contains(&w))
        && last_two.next().is_some_and(|w| {
            ["he", "she", "they", "we", "I"].contains(&w)
                || w.starts_with(char::is_uppercase) && !w.ends_with(['.', ',', ':'])
        });
    if !agent_calls && TERM_MARKERS.iter().any(|m| ends_with_word(m)) {
        return true;
    }
    // "known to former pupils as “…”": a name given, not words said.
    if ends_with_word("as")
        && before_lower
            .split_whitespace()
            .rev()
            .take(6)
            .any(|w| ["known", "nicknamed", "dubbed", "styled"].contains(&w))
    {
        return true;
    }
    let inner = cx.slice(quote.span);
    let words: Vec<&str> = inner.split_whitespace().collect();
    // "calls him “Daktari,”": a name given to someone, not words said.
    let mut recent_words = before_lower.split_whitespace().rev();
    let named = recent_words.next().is_some_and(|w| {
        [
            "him",
            "her",
            "them",
            "it",
            "himself",
            "herself",
            "itself",
            "themselves",
        ]
        .contains(&w)
    }) && recent_words
        .next()
        .is_some_and(|w| ["call", "calls", "called", "calling"].contains(&w));
    if named
        && (1..=3).contains(&words.len())
        && words.iter().all(|w| w.starts_with(char::is_uppercase))
    {
        return true;
    }
    let small = [
        "a", "an", "and", "as", "at", "de", "del", "for", "in", "la", "le", "of", "on", "the",
        "to", "y",
    ];
    let capitalised = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase) || small.contains(w))
        .count();
    let unpunctuated = !inner.contains([',', '.', '?', '!', ';', ':'])
        || inner.contains(": ") && !inner.ends_with(['.', ',', '?', '!']);
    let looks_like_title =
        !words.is_empty() && words.len() <= 12 && capitalised == words.len() && unpunctuated;
    looks_like_title
        && (words.len() >= 2
            || before_lower
                .split_whitespace()
                .rev()
                .take(4)
                .any(|w| TITLE_NOUNS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric()))))
}
