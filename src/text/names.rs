//! Capitalised words and name runs: the shape of a name in English news,
//! shared by the extractors that look for names (the entity extractors and
//! the quote extractor's speakers).

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::gazetteer::FastHash;
use crate::schema::Span;
use crate::text::lists::{entries, word_set, CALENDAR, NAME_PARTICLES as PARTICLES};
use crate::text::words::Word;

/// Capitalised function words and honorifics with their full stop: never part of a name run.
pub(super) static FUNCTION_WORDS: LazyLock<std::collections::HashSet<&'static str, FastHash>> =
    LazyLock::new(|| {
        let lists = [
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/data/text/function_words.txt"
            )),
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/data/text/run_honorifics.txt"
            )),
        ];
        lists.into_iter().flat_map(entries).collect()
    });
word_set!(
    /// Titles and roles left outside a name run when they open it.
    pub(super) TITLES, "text/run_titles.txt"
);

/// What the lists say of a word a name run asks about: one hash look-up
/// answers for all of them.
const FUNCTION: u8 = 1;
const TITLE: u8 = 2;
const DATE: u8 = 4;
const PARTICLE: u8 = 8;

/// [`FUNCTION_WORDS`], [`TITLES`], [`CALENDAR`] and [`PARTICLES`] as bits per word.
static LISTED: LazyLock<HashMap<&'static str, u8, FastHash>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, u8, FastHash> = HashMap::default();
    for (list, bit) in [
        (&*FUNCTION_WORDS, FUNCTION),
        (&*TITLES, TITLE),
        (&*CALENDAR, DATE),
        (&*PARTICLES, PARTICLE),
    ] {
        for &word in list {
            *map.entry(word).or_default() |= bit;
        }
    }
    map
});

/// The length of the longest particle: no longer lower-case word needs the look-up.
static LONGEST_PARTICLE: LazyLock<usize> =
    LazyLock::new(|| PARTICLES.iter().map(|p| p.len()).max().unwrap_or(0));

/// A bit per (length, first byte, last byte) of the words of [`LISTED`]:
/// most words a run asks about are in no list, and this says so without
/// hashing them.
static LISTED_SHAPES: LazyLock<[u64; 64]> = LazyLock::new(|| {
    let mut bits = [0u64; 64];
    for word in LISTED.keys() {
        let at = shape_bit(word.as_bytes());
        bits[at / 64] |= 1 << (at % 64);
    }
    bits
});

/// The bit of [`LISTED_SHAPES`] for a word's bytes.
#[inline]
fn shape_bit(word: &[u8]) -> usize {
    let (first, last) = (word.first().copied(), word.last().copied());
    let mix =
        word.len() * 61 + usize::from(first.unwrap_or(0)) * 17 + usize::from(last.unwrap_or(0));
    mix % 4096
}

/// The list bits of `word`: the shape test inline, the hash look-up out of
/// line for the few words it lets through.
#[inline(always)]
fn listed(word: &str) -> u8 {
    let at = shape_bit(word.as_bytes());
    if LISTED_SHAPES[at / 64] & (1 << (at % 64)) == 0 {
        return 0;
    }
    listed_by_hash(word)
}

/// The list bits of `word`, from [`LISTED`].
#[inline(never)]
fn listed_by_hash(word: &str) -> u8 {
    LISTED.get(word).copied().unwrap_or(0)
}

/// Whether a word is capitalised, or is a lower-case Arabic or French name
/// particle glued to a capital ("al-Khatib", "d’Estaing").
#[inline(always)]
pub(crate) fn is_capitalized(word: &str) -> bool {
    // Most words settle on their first bytes, inline: no prefix starts
    // otherwise, and every prefix holds a hyphen or an apostrophe in its
    // first five.
    // Tests in sequence rather than a `match`, which compiles to a jump
    // table whose target the processor mispredicts at every other word.
    let bytes = word.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    if first.is_ascii_uppercase() {
        return true;
    }
    if first < 0x80 {
        let may_prefix = matches!(first, b'a' | b'b' | b'd' | b'e' | b'i')
            && bytes[1..bytes.len().min(5)]
                .iter()
                .any(|&b| matches!(b, b'-' | b'\'' | 0xE2));
        if !may_prefix {
            return false;
        }
    }
    capital_after_prefix(word)
}

/// Whether a word starts with a capital after any particle prefix it has.
#[inline(never)]
fn capital_after_prefix(word: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "al-", "el-", "ad-", "ar-", "as-", "ash-", "at-", "bin-", "ibn-", "abu-", "d’", "d'",
    ];
    let rest = PREFIXES
        .iter()
        .find_map(|p| word.strip_prefix(p))
        .unwrap_or(word);
    rest.chars().next().is_some_and(char::is_uppercase)
}

/// Maximal runs of capitalised words joined by single spaces (and by name
/// particles between two capitalised words), without function words, dates
/// or an opening title, and without a trailing possessive; in text order,
/// each with whether a title stands right before it. `words` are the
/// text's words with full stops kept (`words(text, tokens, true)`).
pub(crate) fn name_runs(text: &str, words: &[Word<'_>]) -> Vec<(Span, bool)> {
    // Whether one space, and nothing else, follows the byte before `start`.
    let spaced = |end: usize, start: usize| start == end + 1 && text.as_bytes()[end] == b' ';
    let mut runs = Vec::with_capacity(words.len() / 4 + 1);
    let mut i = 0;
    while i < words.len() {
        // Most words are lower case: the cheap test first, on the word as it
        // stands (a trailing full stop changes no answer of it), the lists after.
        if !is_capitalized(words[i].text) {
            i += 1;
            continue;
        }
        let first = without_stop(words[i]);
        let word = first.text;
        let may_date = || {
            word == "May"
                && text[first.span.end..]
                    .strip_prefix(' ')
                    .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        };
        if listed(word) & (FUNCTION | TITLE | DATE) != 0 || may_date() {
            i += 1;
            continue;
        }
        let mut last = i;
        let mut end = first.span.end;
        // The end of the word before `j`, each word's full stop dropped once.
        let mut before = first.span.end;
        let mut j = i + 1;
        while j < words.len() && spaced(before, words[j].span.start) {
            let next = without_stop(words[j]);
            let capitalised = is_capitalized(next.text);
            let lists = if capitalised || next.text.len() <= *LONGEST_PARTICLE {
                listed(next.text)
            } else {
                0
            };
            if capitalised && lists & (FUNCTION | TITLE | DATE) == 0 {
                last = j;
                end = next.span.end;
            } else if !(lists & PARTICLE != 0
                && j + 1 < words.len()
                && spaced(next.span.end, words[j + 1].span.start)
                && is_capitalized(words[j + 1].text))
            {
                break;
            }
            before = next.span.end;
            j += 1;
        }
        let mut span = Span::new(first.span.start, end);
        for possessive in ["’s", "'s", "’", "'"] {
            if text[span.start..span.end].ends_with(possessive) && span.len() > possessive.len() {
                span.end -= possessive.len();
                break;
            }
        }
        let titled = i > 0 && listed(without_stop(words[i - 1]).text) & TITLE != 0;
        runs.push((span, titled));
        i = last + 1;
    }
    runs
}

/// A word without its trailing full stop, which belongs to abbreviations
/// ("U.S.", "St.") only: kept on a word of two characters or fewer, or one
/// with another full stop.
#[inline]
fn without_stop(w: Word<'_>) -> Word<'_> {
    match w.text.strip_suffix('.') {
        Some(stem) if stem.chars().nth(2).is_some() && !stem.contains('.') => Word {
            span: Span::new(w.span.start, w.span.end - 1),
            text: stem,
        },
        _ => w,
    }
}

/// Title case of an all-capitals word, for list lookups ("BEIJING" → "Beijing").
pub(crate) fn title_case(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut start = true;
    for c in word.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokens::tokenize;
    use crate::text::words::words;

    fn runs(text: &str) -> Vec<(&str, bool)> {
        name_runs(text, &words(text, &tokenize(text), true))
            .into_iter()
            .map(|(s, title)| (&text[s.start..s.end], title))
            .collect()
    }

    #[test]
    fn runs_skip_titles_dates_function_words_and_possessives() {
        assert_eq!(
            runs("The visit of President Vladimir Putin’s team to the Bank of China on Friday, May 17."),
            [("Vladimir Putin", true), ("Bank of China", false)]
        );
    }

    proptest::proptest! {
        /// The first-byte shortcut answers as the prefix test alone did.
        #[test]
        fn capitalised_as_the_prefix_test_says(word in "(al-|d’|ibn-|abu|)[aAéÉ1 -]{0,4}") {
            const PREFIXES: &[&str] = &[
                "al-", "el-", "ad-", "ar-", "as-", "ash-", "at-", "bin-", "ibn-", "abu-", "d’", "d'",
            ];
            let rest = PREFIXES.iter().find_map(|p| word.strip_prefix(p)).unwrap_or(&word);
            proptest::prop_assert_eq!(
                is_capitalized(&word),
                rest.chars().next().is_some_and(char::is_uppercase)
            );
        }
    }

    proptest::proptest! {
        /// A trailing full stop changes no answer of the capital test, which
        /// name runs ask of words before dropping it.
        #[test]
        fn capitalised_with_or_without_a_full_stop(word in "(al-|d’|ibn-|abu|)[aAéÉ1 .-]{0,5}") {
            proptest::prop_assert_eq!(is_capitalized(&format!("{word}.")), is_capitalized(&word));
        }
    }

    #[test]
    fn name_particles_glued_to_capitals_are_capitalised() {
        assert!(
            is_capitalized("al-Khatib") && is_capitalized("d’Estaing") && !is_capitalized("al-")
        );
    }

    #[test]
    fn lists_load() {
        assert!(CALENDAR.contains("March") && !CALENDAR.contains("May"));
        assert!(FUNCTION_WORDS.contains("The"));
        assert!(TITLES.contains("President") && PARTICLES.contains("of"));
    }
}
