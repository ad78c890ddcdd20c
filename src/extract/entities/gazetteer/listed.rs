//! Listed names over the text: every name and alias of the lexicon, found
//! as aho-corasick's unanchored leftmost-longest search finds them, but
//! searched for only where a name can start.
//!
//! Why: the unanchored automaton walks every byte of the text, about a
//! fifth of the extractor's instructions, while a name can start only at a
//! pair of bytes some name opens with ("Fr", "al", "Å"), which few places
//! of news text hold. An anchored search at each such place, in order and
//! going on after each match, reports the same matches: the leftmost start
//! that matches, and there the longest name. Capitals and the other rare
//! bytes names open with are scanned for eight bytes at a time; the few
//! names that open with a lower-case letter ("al-Qaeda", "eBay") are tried
//! as far before each such byte as their first capital stands. The tests
//! hold it to the unanchored search.

use super::*;
use aho_corasick::{Anchored, Input, Match, StartKind};

/// The lexicon's names with the automaton that finds them.
pub(super) struct ListedNames {
    /// Anchored leftmost-longest automaton over `entries`' names.
    matcher: AhoCorasick,
    /// Every listed name and alias (two characters or more), sorted, with its type.
    entries: Vec<(&'static str, EntityType)>,
    /// Whether some name opens with this byte, for bytes other than
    /// lower-case ASCII letters (capitals, digits, the lead bytes of
    /// accented capitals): rare in text, so scanned for eight at a time.
    opens: [bool; 256],
    /// A bit per pair of bytes (first × 256 + second) some name opens with.
    pairs: Box<[u64; 1024]>,
    /// How far into a name that opens with a lower-case ASCII letter its
    /// first byte of [`ListedNames::opens`] stands ("al-Qaeda" 3, "eBay" 1),
    /// each distance once: such a name may start that far before each such byte.
    lower_offsets: Vec<usize>,
    /// The first two bytes of the names that open with a lower-case ASCII
    /// letter and hold no byte of [`ListedNames::opens`] ("dpa"): searched for whole.
    lower_pairs: Vec<[u8; 2]>,
}

impl ListedNames {
    /// The names of the lexicon and its languages.
    fn new() -> Self {
        let mut entries: Vec<(&'static str, EntityType)> = LEXICON
            .names
            .iter()
            .map(|(n, t)| (*n, *t))
            .filter(|(n, _)| n.chars().count() >= 2)
            .collect();
        entries.extend(
            LEXICON
                .languages
                .iter()
                .filter(|l| !LEXICON.names.contains_key(*l))
                .map(|l| (*l, EntityType::Language)),
        );
        entries.sort();
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .start_kind(StartKind::Anchored)
            .build(entries.iter().map(|(n, _)| *n))
            .expect("gazetteer patterns build");
        let mut opens = [false; 256];
        let mut pairs = Box::new([0u64; 1024]);
        for (name, _) in &entries {
            // Two characters make two bytes or more.
            let b = name.as_bytes();
            if !b[0].is_ascii_lowercase() {
                opens[usize::from(b[0])] = true;
            }
            let pair = pair_index(b[0], b[1]);
            pairs[pair / 64] |= 1 << (pair % 64);
        }
        let (mut lower_offsets, mut lower_pairs) = (Vec::new(), Vec::new());
        for (name, _) in &entries {
            let b = name.as_bytes();
            if b[0].is_ascii_lowercase() {
                match b.iter().position(|&c| opens[usize::from(c)]) {
                    Some(offset) => lower_offsets.push(offset),
                    None => lower_pairs.push([b[0], b[1]]),
                }
            }
        }
        lower_offsets.sort_unstable();
        lower_offsets.dedup();
        lower_pairs.sort_unstable();
        lower_pairs.dedup();
        ListedNames {
            matcher,
            entries,
            opens,
            pairs,
            lower_offsets,
            lower_pairs,
        }
    }

    /// The type of the name a match found.
    pub(super) fn entity_type(&self, m: &Match) -> EntityType {
        self.entries[m.pattern().as_usize()].1
    }

    /// The first place from `from` on whose byte is one of [`ListedNames::opens`].
    fn next_open(&self, bytes: &[u8], from: usize) -> Option<usize> {
        let mut at = from;
        // Eight bytes at a time without a branch per byte: most hold no capital.
        while let Some(chunk) = bytes.get(at..at + 8) {
            if chunk
                .iter()
                .fold(false, |any, &b| any | self.opens[usize::from(b)])
            {
                break;
            }
            at += 8;
        }
        bytes
            .get(at..)?
            .iter()
            .position(|&b| self.opens[usize::from(b)])
            .map(|k| at + k)
    }

    /// Whether some name opens with the two bytes at `at`.
    #[inline]
    fn pair_opens(&self, bytes: &[u8], at: usize) -> bool {
        bytes.get(at + 1).is_some_and(|&second| {
            let pair = pair_index(bytes[at], second);
            self.pairs[pair / 64] & (1 << (pair % 64)) != 0
        })
    }

    /// Every place a name may start, in order: each byte of
    /// [`ListedNames::opens`], the places [`ListedNames::lower_offsets`]
    /// before it, and the pairs of [`ListedNames::lower_pairs`]; only where
    /// some name opens with the two bytes there.
    fn openings(&self, bytes: &[u8]) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::with_capacity(bytes.len() / 16);
        let mut from = 0;
        while let Some(at) = self.next_open(bytes, from) {
            for &offset in &self.lower_offsets {
                if offset <= at && self.pair_opens(bytes, at - offset) {
                    out.push(at - offset);
                }
            }
            if self.pair_opens(bytes, at) {
                out.push(at);
            }
            from = at + 1;
        }
        for pair in &self.lower_pairs {
            // A pair of one byte twice may overlap itself: every byte is tried.
            if pair[0] == pair[1] {
                out.extend(
                    memchr::memchr_iter(pair[0], bytes)
                        .filter(|&at| bytes.get(at + 1) == Some(&pair[1])),
                );
            } else {
                out.extend(memchr::memmem::find_iter(bytes, pair));
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The matches of the unanchored leftmost-longest search over `text`,
    /// in order, without overlaps.
    pub(super) fn find_iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Match> + 'a {
        let bytes = text.as_bytes();
        let mut at = 0;
        self.openings(bytes).into_iter().filter_map(move |start| {
            if start < at {
                return None;
            }
            let input = Input::new(bytes).range(start..).anchored(Anchored::Yes);
            let m = self.matcher.find(input)?;
            at = m.end();
            Some(m)
        })
    }
}

/// The bit of [`ListedNames::pairs`] for two bytes.
#[inline]
fn pair_index(first: u8, second: u8) -> usize {
    usize::from(first) << 8 | usize::from(second)
}

/// The listed names, built on first use (about 0.1 s: `prepare` forces it).
pub(super) static NAMES: LazyLock<ListedNames> = LazyLock::new(ListedNames::new);

/// Names of the lists, matched over the text at word boundaries.
pub(super) fn listed(text: &str) -> Vec<(Span, EntityType)> {
    NAMES
        .find_iter(text)
        .filter(|m| {
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            !before.is_some_and(is_word_char)
                && !after.is_some_and(|c| {
                    is_word_char(c)
                        || c == '-' && text[m.end() + 1..].starts_with(char::is_uppercase)
                })
                && before.is_none_or(|c| c != '-')
        })
        .map(|m| {
            let ty = NAMES.entity_type(&m);
            let keeps_the = matches!(ty, EntityType::Gpe | EntityType::Loc);
            let start = if !keeps_the && text[m.start()..m.end()].starts_with("The ") {
                m.start() + 4
            } else {
                m.start()
            };
            (Span::new(start, m.end()), ty)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The search this one replaces: the unanchored automaton over every byte.
    static UNANCHORED: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(NAMES.entries.iter().map(|(n, _)| *n))
            .expect("gazetteer patterns build")
    });

    fn spans(matches: impl Iterator<Item = Match>) -> Vec<(usize, usize, usize)> {
        matches
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect()
    }

    proptest! {
        /// Listed names, their pieces and overlapping names, glued and
        /// spaced, find what the unanchored search finds.
        #[test]
        fn anchored_search_finds_what_the_unanchored_one_does(
            parts in prop::collection::vec(
                "(France|Fran|French|Bosnia and Herzegovina|Bosnia|and|Herzegovina|New York|York|New|Guinea|Papua New Guinea|Equatorial Guinea|al-Qaeda|al|Qaeda|Åland|Åland Islands|Île-de-France|ultra-Orthodox|ultra|dpa|eBay|easyJet|xAI|al Qaeda|real|ea|3M|The Hague|The|EU|UN|UNESCO|NATO|x|é|[a-zA-Z]{1,3})",
                0..12,
            ),
            glue in prop::collection::vec("( |-|, |\n|’s |)", 12),
        ) {
            let text: String = parts
                .iter()
                .zip(&glue)
                .flat_map(|(p, g)| [p.as_str(), g.as_str()])
                .collect();
            prop_assert_eq!(
                spans(NAMES.find_iter(&text)),
                spans(UNANCHORED.find_iter(&text))
            );
        }

        /// The same on arbitrary text.
        #[test]
        fn anchored_search_matches_on_any_text(text in "\\PC{0,40}") {
            prop_assert_eq!(
                spans(NAMES.find_iter(&text)),
                spans(UNANCHORED.find_iter(&text))
            );
        }
    }

    #[test]
    fn finds_the_longest_name_at_the_leftmost_start() {
        let text = "In Papua New Guinea and New York, al-Qaeda.";
        let found: Vec<&str> = NAMES
            .find_iter(text)
            .map(|m| &text[m.start()..m.end()])
            .collect();
        assert_eq!(found, ["Papua New Guinea", "New York", "al-Qaeda"]);
    }
}
