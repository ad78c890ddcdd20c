//! The word lists of `quotes/attributed`, read once from `data/quotes/`
//! (each file says what it holds; `data/quotes/check_lists.py` checks them).

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use crate::gazetteer::FastHash;

/// The entries of a list file: its lines, bar comments and blank lines.
fn entries(text: &'static str) -> Vec<&'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// A word list: its entries in file order (sorted, as `check_lists.py`
/// requires), a hash set for membership, one hash rather than a comparison
/// per entry, and a filter that turns most words away before the hash.
pub(super) struct WordList {
    words: Vec<&'static str>,
    set: HashSet<&'static str, FastHash>,
    /// Per [`filter_slot`] of an entry's first two bytes, a bit per its
    /// length (lengths past 31 share the last bit).
    filter: [u32; 256],
}

/// Where a word's first two bytes fall in a [`WordList`]'s filter, in
/// any letter case, so that a word is turned away before it is lowered.
fn filter_slot(word: &[u8]) -> usize {
    let first = word.first().map_or(0, u8::to_ascii_lowercase);
    let second = word.get(1).map_or(0, u8::to_ascii_lowercase);
    usize::from(first.wrapping_mul(31) ^ second)
}

/// A word's length as a bit of a [`WordList`]'s filter.
fn length_bit(word: &[u8]) -> u32 {
    1 << word.len().min(31)
}

impl WordList {
    fn new(words: Vec<&'static str>) -> Self {
        let set = words.iter().copied().collect();
        let mut filter = [0u32; 256];
        for w in &words {
            filter[filter_slot(w.as_bytes())] |= length_bit(w.as_bytes());
        }
        WordList { words, set, filter }
    }

    /// Whether `word` is in the list.
    pub(super) fn contains(&self, word: &&str) -> bool {
        let bytes = word.as_bytes();
        self.filter[filter_slot(bytes)] & length_bit(bytes) != 0 && self.set.contains(*word)
    }

    /// Whether `word` lower-cased is in the list (the lists are lower case),
    /// lowered on the stack when it is short ASCII, the common case.
    pub(super) fn contains_lower(&self, word: &str) -> bool {
        let bytes = word.as_bytes();
        if word.is_ascii() && self.filter[filter_slot(bytes)] & length_bit(bytes) == 0 {
            return false;
        }
        let mut buffer = [0u8; 24];
        match buffer.get_mut(..word.len()) {
            Some(lowered) if word.is_ascii() => {
                lowered.copy_from_slice(word.as_bytes());
                lowered.make_ascii_lowercase();
                std::str::from_utf8(lowered).is_ok_and(|w| self.contains(&w))
            }
            _ => self.contains(&word.to_lowercase().as_str()),
        }
    }
}

impl std::ops::Deref for WordList {
    type Target = [&'static str];

    fn deref(&self) -> &Self::Target {
        &self.words
    }
}

macro_rules! word_list {
    ($(#[$doc:meta])* $name:ident, $file:literal) => {
        $(#[$doc])*
        pub(super) static $name: LazyLock<WordList> = LazyLock::new(|| {
            WordList::new(entries(include_str!(concat!("../../../../data/quotes/", $file))))
        });
    };
}

/// The role nouns of `data/text/role_nouns.txt`, shared with
/// `entities/gazetteer` ("jury president Solange Kouamé").
pub(super) static ROLE_WORD_LIST: LazyLock<WordList> =
    LazyLock::new(|| WordList::new(crate::text::lists::ROLE_NOUNS.to_vec()));

word_list!(
    /// Reporting verbs, lower case, sorted for binary search.
    REPORTING_VERBS, "reporting_verbs.txt"
);
word_list!(
    /// Words between a subject and its verb that are not part of the cue.
    AUXILIARIES, "cue_auxiliaries.txt"
);
word_list!(
    /// Heads of descriptions that name an organisation mentioned before ("the ministry said").
    ORGANISATION_HEADS, "organisation_heads.txt"
);
word_list!(
    /// Heads of descriptions of one person named before ("the judge said").
    ROLE_HEADS, "role_heads.txt"
);
word_list!(
    /// Nouns after which a quoted capitalised phrase is a title, not a quote.
    TITLE_NOUNS, "title_nouns.txt"
);
word_list!(
    /// Words right before the mark that make the quoted words a term or a name.
    TERM_MARKERS, "term_markers.txt"
);
word_list!(
    /// Verbs that only give names, whose object may stand before the quoted name.
    NAMING_VERBS, "naming_verbs.txt"
);
word_list!(
    /// Words that open a subordinate clause before a sentence's subject.
    SUBORDINATORS, "subordinators.txt"
);
word_list!(
    /// Nouns for what someone said ("The words came from Name").
    SPEECH_NOUNS, "speech_nouns.txt"
);
word_list!(
    /// Words that are never the head of a subject.
    FUNCTION_WORDS, "function_words.txt"
);
word_list!(
    /// Heads of descriptions that name no one.
    ANONYMOUS_HEADS, "anonymous_heads.txt"
);
word_list!(
    /// Words that open a noun phrase without being its head.
    DETERMINERS, "determiners.txt"
);
word_list!(
    /// Words that end a sentence's subject search: conjunctions and openers.
    OPENERS, "openers.txt"
);
/// The surname particles of `data/text/surname_particles.txt`, shared
/// with `entities/gazetteer` ("van der Walle said").
pub(super) static SURNAME_PARTICLES: LazyLock<WordList> =
    LazyLock::new(|| WordList::new(crate::text::lists::SURNAME_PARTICLES.to_vec()));
word_list!(
    /// Capitalised words that make a name an organisation's, sorted for binary search.
    ORGANISATION_MARKERS, "organisation_markers.txt"
);

/// Two-word reporting phrases: (first word, second word).
pub(super) static REPORTING_PHRASES: LazyLock<Vec<(&'static str, &'static str)>> =
    LazyLock::new(|| {
        entries(include_str!(
            "../../../../data/quotes/reporting_phrases.txt"
        ))
        .into_iter()
        .filter_map(|p| p.split_once(' '))
        .collect()
    });

/// Nouns that show a person's gender: noun → "he" or "she".
pub(super) static GENDERED_NOUNS: LazyLock<HashMap<&'static str, &'static str, FastHash>> =
    LazyLock::new(|| {
        entries(include_str!("../../../../data/quotes/gendered_nouns.txt"))
            .into_iter()
            .filter_map(|p| p.split_once(' '))
            .map(|(noun, gender)| (noun, if gender == "she" { "she" } else { "he" }))
            .collect()
    });

/// Role nouns with the title written before the names of those who hold
/// them ("judge", "justice"), sorted by role.
pub(super) static ROLE_TITLES: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    entries(include_str!("../../../../data/quotes/role_titles.txt"))
        .into_iter()
        .filter_map(|p| p.split_once(' '))
        .collect()
});

/// Whether `text` ends with `suffix` (ASCII, lower case) in any letter case.
pub(super) fn ends_with_lower(text: &str, suffix: &str) -> bool {
    text.len() >= suffix.len()
        && text.as_bytes()[text.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// The title of holders of a role ("judge" → "justice"), if it has one.
pub(super) fn role_title(role: &str) -> Option<&'static str> {
    ROLE_TITLES
        .binary_search_by(|(r, _)| (*r).cmp(role))
        .ok()
        .map(|i| ROLE_TITLES[i].1)
}

/// The gender a noun shows ("nephew" → "he"), if any.
pub(super) fn noun_gender(noun: &str) -> Option<&'static str> {
    GENDERED_NOUNS.get(noun).copied()
}

/// Reads every list now (for `prepare`, outside the clock).
pub(super) fn load() {
    for list in [
        &REPORTING_VERBS,
        &AUXILIARIES,
        &ORGANISATION_HEADS,
        &ROLE_HEADS,
        &TITLE_NOUNS,
        &TERM_MARKERS,
        &NAMING_VERBS,
        &SUBORDINATORS,
        &SPEECH_NOUNS,
        &FUNCTION_WORDS,
        &ANONYMOUS_HEADS,
        &DETERMINERS,
        &OPENERS,
        &ORGANISATION_MARKERS,
        &SURNAME_PARTICLES,
    ] {
        LazyLock::force(list);
    }
    LazyLock::force(&REPORTING_PHRASES);
    LazyLock::force(&GENDERED_NOUNS);
    LazyLock::force(&ROLE_TITLES);
    LazyLock::force(&ROLE_WORD_LIST);
    LazyLock::force(&VERB_SHAPES);
}

/// Per first two letters, a bit per length of the reporting verbs and
/// phrases' first words starting with them: a cheap test before the lists.
pub(super) static VERB_SHAPES: LazyLock<[u16; 26 * 26]> = LazyLock::new(|| {
    let mut shapes = [0u16; 26 * 26];
    for word in REPORTING_VERBS
        .iter()
        .copied()
        .chain(REPORTING_PHRASES.iter().map(|p| p.0))
    {
        if let Some(k) = verb_shape_index(word.as_bytes()) {
            shapes[k] |= 1 << word.len();
        }
    }
    shapes
});

/// The place in [`VERB_SHAPES`] of a word starting with two small ASCII letters.
pub(super) fn verb_shape_index(word: &[u8]) -> Option<usize> {
    match word {
        [a @ b'a'..=b'z', b @ b'a'..=b'z', ..] => {
            Some(usize::from(a - b'a') * 26 + usize::from(b - b'a'))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn lists() -> [&'static WordList; 6] {
        [
            &REPORTING_VERBS,
            &ROLE_WORD_LIST,
            &ORGANISATION_MARKERS,
            &OPENERS,
            &ANONYMOUS_HEADS,
            &SURNAME_PARTICLES,
        ]
    }

    #[test]
    fn every_entry_passes_the_filter() {
        for list in lists() {
            for word in list.iter() {
                assert!(list.contains(word), "{word} not found");
            }
        }
    }

    proptest! {
        /// The filtered lookups are plain membership.
        #[test]
        fn filtered_lookup_is_membership(word in "[a-zA-Z'éİ -]{0,14}") {
            for list in lists() {
                prop_assert_eq!(list.contains(&word.as_str()), list.iter().any(|w| *w == word));
                let lower = word.to_lowercase();
                prop_assert_eq!(list.contains_lower(&word), list.iter().any(|w| *w == lower));
            }
        }
    }
}
