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
    // "nicknamed these patches “…”": a name given to the object.
    if before_lower
        .split_whitespace()
        .rev()
        .take(6)
        .skip(1)
        .take_while(|w| !w.ends_with([',', '.', ';', ':']))
        .any(|w| NAMING_VERBS.contains(&w))
    {
        return true;
    }
    let inner = cx.slice(quote.span);
    // "promised a “listening day”": a short coined term after an article,
    // outside the marks, with no punctuation of speech inside.
    if (ends_with_word("a") || ends_with_word("an"))
        && inner.split_whitespace().count() <= 3
        && inner.starts_with(char::is_lowercase)
        && !inner.contains([',', '.', '?', '!', ';', ':'])
    {
        return true;
    }
    // The first thirteen words are all the tests below need, and none
    // once a word is not a title's.
    let (mut words, mut capitalised) = (0, true);
    for w in inner.split_whitespace().take(13) {
        words += 1;
        capitalised &= w.starts_with(char::is_uppercase) || TITLE_SMALL_WORDS.contains(&w);
        if !capitalised {
            break;
        }
    }
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
    // "called him “the Man in the Tower.”": a title-cased name, small words allowed.
    if named && (1..=6).contains(&words) && capitalised && inner.contains(char::is_uppercase) {
        return true;
    }
    let unpunctuated = || {
        !inner.contains([',', '.', '?', '!', ';', ':'])
            || inner.contains(": ") && !inner.ends_with(['.', ',', '?', '!'])
    };
    let looks_like_title = (1..=12).contains(&words) && capitalised && unpunctuated();
    looks_like_title
        && (words >= 2
            || before_lower
                .split_whitespace()
                .rev()
                .take(4)
                .any(|w| TITLE_NOUNS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric()))))
}

/// Lower-case words a title may hold ("Pride and Prejudice", "Y tu mamá también").
const TITLE_SMALL_WORDS: [&str; 16] = [
    "a", "an", "and", "as", "at", "de", "del", "for", "in", "la", "le", "of", "on", "the", "to",
    "y",
];
