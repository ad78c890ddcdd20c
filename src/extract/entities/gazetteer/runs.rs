//! Candidate names: capitalised word runs split at titles, possessives and
//! calendar words, without sentence openers; nicknames inside names joined.

use super::*;
use crate::text::lists::entries;

/// Connectors allowed inside a name between two capitalised words.
pub(super) use crate::text::lists::NAME_PARTICLES as PARTICLES;

/// Capitalised words that open sentences without naming anything: the
/// function words and the other openers, sorted for binary search.
pub(super) static OPENERS: std::sync::LazyLock<Vec<&'static str>> =
    std::sync::LazyLock::new(|| {
        let mut all = entries(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/text/function_words.txt"
        )));
        all.extend(entries(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/entities/sentence_openers.txt"
        ))));
        all.sort_unstable();
        all
    });

/// [`ROLE_NOUNS`] hashed: asked about at every sentence start and before every name.
pub(super) static ROLE_NOUN_SET: LazyLock<WordSet<'static>> =
    LazyLock::new(|| ROLE_NOUNS.iter().copied().collect());

/// Whether the word at `at` opens a sentence, or a clause after a colon or a dash.
pub(super) fn sentence_initial(text: &str, sentences: &Sentences, at: usize) -> bool {
    sentences.opens(text, at)
        || text[..at]
            .trim_end_matches([' ', '“', '"', '‘', '«', '('])
            .ends_with([':', '—'])
}

/// Capitalised word runs, split at titles, possessives and calendar words,
/// without leading openers.
pub(super) fn runs<'a>(text: &'a str, tokens: &[Word<'a>], sentences: &Sentences) -> Vec<Span> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        // No name, nor title, starts with a word that is not capitalised.
        if !is_capitalized(t.text) {
            i += 1;
            continue;
        }
        let title_len = title_at(text, tokens, i);
        if title_len > 0 {
            i += title_len;
            continue;
        }
        let may_date = t.text == "May"
            && text[t.span.end..]
                .strip_prefix(' ')
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
        let bare = t
            .text
            .strip_suffix("’s")
            .or_else(|| t.text.strip_suffix("'s"))
            .unwrap_or(t.text);
        let initial = sentence_initial(text, sentences, t.span.start);
        let role = initial
            && tokens.get(i + 1).is_some_and(|n| is_capitalized(n.text))
            && ROLE_NOUN_SET.contains(bare.to_lowercase().as_str());
        let common = initial
            && (role || OPENERS.binary_search(&bare).is_ok() || is_common_word(text, tokens, i));
        let article = ["The", "A", "An"].contains(&t.text);
        if CALENDAR.contains(bare) || may_date || common || article {
            i += 1;
            continue;
        }
        let mut last = i;
        let mut j = i;
        while !ends_with_possessive(tokens[j].text) {
            let next = j + 1;
            let Some(n) = tokens.get(next) else { break };
            if text[tokens[j].span.end..n.span.start] != *" " {
                break;
            }
            if is_capitalized(n.text)
                && title_at(text, tokens, next) == 0
                && !CALENDAR.contains(n.text)
                && !["The", "A", "An"].contains(&n.text)
            {
                last = next;
                j = next;
            } else if PARTICLES.contains(&n.text)
                || n.text == "the" && tokens.get(next - 1).is_some_and(|p| p.text == "of")
                || n.text == "and" && text[t.span.start..n.span.start].contains(" of ")
            {
                // "Bank of England", "Museum of the City": a connector needs a capitalised word after it.
                let after = tokens.get(next + 1);
                let spaced = after.is_some_and(|a| text[n.span.end..a.span.start] == *" ");
                if spaced && after.is_some_and(|a| is_capitalized(a.text) || a.text == "the") {
                    j = next;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        let mut span = Span::new(t.span.start, tokens[last].span.end);
        for possessive in ["’s", "'s", "’", "'"] {
            if text[span.start..span.end].ends_with(possessive) && span.len() > possessive.len() {
                span.end -= possessive.len();
                break;
            }
        }
        // "The Hague": a leading "The" that belongs to the name.
        if let Some(the) = text[..span.start].strip_suffix("The ") {
            let with_the = &text[the.len()..span.end];
            if matches!(
                LEXICON.names.get(with_the),
                Some(EntityType::Gpe | EntityType::Loc)
            ) {
                span.start = the.len();
            }
        }
        out.push(span);
        i = last + 1;
    }
    out
}

/// `Matías “El Tanque” Ferreyra`: a given name, a quoted nickname and a surname are one name.
pub(super) fn merge_nicknames(text: &str, candidates: &mut Vec<Span>) {
    let mut k = 0;
    while k + 1 < candidates.len() {
        let a = candidates[k];
        // The surname: the first candidate after a closing mark.
        let Some(last) = (k + 1..candidates.len()).take(3).find(|&m| {
            let gap = &text[a.end..candidates[m].start];
            (gap.starts_with(" “") && gap.ends_with("” ")
                || gap.starts_with(" \"") && gap.ends_with("\" "))
                && gap.split_whitespace().count() <= 4
                && !gap.contains(['.', ','])
        }) else {
            k += 1;
            continue;
        };
        if is_nickname_frame(text, a) {
            candidates[k] = Span::new(a.start, candidates[last].end);
            candidates.drain(k + 1..=last);
        }
        k += 1;
    }
}

/// Whether a name could open a nickname frame: a given name, possibly all capitals.
pub(super) fn is_nickname_frame(text: &str, name: Span) -> bool {
    let name = &text[name.start..name.end];
    LEXICON.starts_with_first_name(name)
        || LEXICON.starts_with_first_name(&title_case(name))
        || !name.contains(' ') && name.len() > 2
}

/// Whether a sentence-initial capitalised word is a common word: it stands
/// alone (the next word is not capitalised) and the document also uses it in
/// lower case ("Officials said … officials").
pub(super) fn is_common_word(text: &str, tokens: &[Word<'_>], i: usize) -> bool {
    let word = tokens[i].text;
    let next_capitalised = tokens
        .get(i + 1)
        .is_some_and(|n| is_capitalized(n.text) && text[tokens[i].span.end..n.span.start] == *" ");
    if next_capitalised || LEXICON.names.contains_key(word) {
        return false;
    }
    word.ends_with("ing")
        || word.ends_with("ly")
        || used_in_lower_case(text, tokens, &word.to_lowercase())
}

/// Whether one of `tokens` (sorted) is `lower`, a lower-case word: found by
/// searching the text for it, since a few sentence-initial words ask per
/// document and a set of every lower-case word costs more than their searches.
fn used_in_lower_case(text: &str, tokens: &[Word<'_>], lower: &str) -> bool {
    lower.starts_with(char::is_lowercase)
        && memchr::memmem::find_iter(text.as_bytes(), lower.as_bytes()).any(|at| {
            let k = tokens.partition_point(|t| t.span.start < at);
            tokens
                .get(k)
                .is_some_and(|t| t.span.start == at && t.span.end == at + lower.len())
        })
}

pub(super) fn ends_with_possessive(word: &str) -> bool {
    word.ends_with("’s") || word.ends_with("'s")
}

/// How many tokens from `i` form a title ("Foreign Minister", "Gen."), or 0.
/// The first words of the listed titles, with and without a closing full
/// stop: a word that is none of them opens no title.
static TITLE_HEADS: LazyLock<HashSet<&'static str, FastHash>> = LazyLock::new(|| {
    LEXICON
        .titles
        .iter()
        .map(|t| t.split(' ').next().unwrap_or(t))
        .flat_map(|head| [head, head.strip_suffix('.').unwrap_or(head)])
        .collect()
});

pub(super) fn title_at(text: &str, tokens: &[Word<'_>], i: usize) -> usize {
    // Most tokens fail on their first byte, before any hashing.
    let opens_upper = match tokens[i].text.as_bytes().first() {
        Some(b'A'..=b'Z') => true,
        Some(0x80..) => tokens[i].text.starts_with(char::is_uppercase),
        _ => false,
    };
    if !opens_upper || !TITLE_HEADS.contains(tokens[i].text) {
        return 0;
    }
    let start = tokens[i].span.start;
    let mut best = 0;
    for (k, t) in tokens.iter().enumerate().skip(i).take(4) {
        if k > i && text[tokens[k - 1].span.end..t.span.start] != *" " {
            break;
        }
        let phrase = &text[start..t.span.end];
        let dotted = text.get(start..t.span.end + 1).filter(|d| d.ends_with('.'));
        if LEXICON.titles.contains(phrase) || dotted.is_some_and(|d| LEXICON.titles.contains(d)) {
            best = k - i + 1;
        }
    }
    // A title needs a capitalised name after it; "General Motors" is not "Gen. Motors".
    if best > 0 && tokens.get(i + best).is_none_or(|n| !is_capitalized(n.text)) {
        return 0;
    }
    best
}

/// "York-based" → "York" and "based": a lower-case part after a hyphen is
/// not part of a name; "Mexico-Puebla" and "al-Khatib" stay whole.
pub(super) fn split_lowercase_suffix(text: &str, span: Span) -> (Span, Option<Span>) {
    let word = &text[span.start..span.end];
    // '-' is ASCII: a byte search finds the same place, without a searcher's set-up.
    let split = word.bytes().position(|b| b == b'-').filter(|&i| {
        i > 0
            && word[..i].starts_with(char::is_uppercase)
            && word[i + 1..].starts_with(char::is_lowercase)
    });
    match split {
        Some(i) => (
            Span::new(span.start, span.start + i),
            Some(Span::new(span.start + i + 1, span.end)),
        ),
        None => (span, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokens::tokenize;
    use crate::text::words::words;

    proptest::proptest! {
        /// The text search answers as a set of the lower-case words would.
        #[test]
        fn lower_case_use_found_as_by_a_set(text in "((Officials|officials|the|The|off|offi|cials|ly|é|É|Éa|éa)[ .,-]?){0,12}", probe in "(officials|off|the|éa|é|cials)") {
            let words = words(&text, &tokenize(&text), true);
            let set: std::collections::HashSet<&str> = words
                .iter()
                .map(|w| w.text)
                .filter(|w| w.starts_with(char::is_lowercase))
                .collect();
            proptest::prop_assert_eq!(used_in_lower_case(&text, &words, &probe), set.contains(probe.as_str()));
        }
    }
}
