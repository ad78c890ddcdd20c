//! `entities/gazetteer`: typed named entities from bundled lists, name-shape
//! rules and propagation within the document.
//!
//! **What it extracts.** Mentions of all eleven OntoNotes name types:
//! - names found in the bundled gazetteers (countries with their aliases
//!   and demonyms, capitals and major cities, regions, continents, seas,
//!   international organisations and their abbreviations, news outlets,
//!   religious and political groups, languages), matched with aho-corasick
//!   over the whole text, so multi-word names with lower-case words
//!   ("Bosnia and Herzegovina") are found whole;
//! - capitalised word runs typed by their last words (University, Ministry,
//!   Party, Bank, Airport, Bridge, Cathedral, War, Cup, Act, Treaty,
//!   Telescope, …), their first words (Boeing, Operation, Article, …), a
//!   given name, a title before them ("President X"), an age after them
//!   ("X, 53,"), a reporting verb after them ("X said"), a locative
//!   preposition before them ("in X");
//! - propagation: once "Vladimir Putin" is a PERSON, "Putin" is one too;
//!   once "Harbin Institute of Technology" is an ORG, its later mentions are.
//!
//! The span conventions of the annotation rules are kept: titles and roles
//! outside the span, no leading "the" (except names that carry it: "The
//! Hague"), no possessive, hyphenated compounds as one mention typed by
//! their first part, GPE modifiers as GPE.
//!
//! **Example.** `Russian President Vladimir Putin toured the Harbin
//! Institute of Technology.` → `Russian` NORP, `Vladimir Putin` PERSON,
//! `Harbin Institute of Technology` ORG.
//!
//! **Layout.** `runs` finds candidate names, `listed` finds the listed
//! names, `classify` types each one, and `passes` holds the other
//! whole-document passes (quoted titles, propagation); this file runs them
//! in order.
//!
//! **Known limitations.** A capitalised name with no list entry and no cue
//! (a company called "Lantern" mentioned once) is missed or typed by
//! default (PERSON for two or three words); metonymy is not resolved
//! ("Washington said" stays GPE, as the rules want, but "Apple" the fruit
//! at a sentence start is ORG); nicknames inside names break them; the
//! lists hold the world's best-known names only.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::corpus::Document;
use crate::error::ExtractError;
use crate::extract::entities::entities_prediction;
use crate::extract::Extractor;
use crate::gazetteer::{FastHash, LEXICON};
use crate::prediction::Prediction;
use crate::schema::{EntityType, Layer, Span};
use crate::text::chars::is_word_char;
use crate::text::lists::{CALENDAR, ROLE_NOUNS};
use crate::text::names::{is_capitalized, title_case};
use crate::text::quote_marks::candidates as quote_candidates;
use crate::text::sentences::Sentences;
use crate::text::tokens::tokenize;
use crate::text::words::{words, Word};

mod classify;
mod listed;
mod passes;
mod runs;

use classify::*;
use listed::*;
use passes::*;
use runs::*;

/// The gazetteer extractor.
pub struct Gazetteer;

impl Extractor for Gazetteer {
    fn id(&self) -> &str {
        "entities/gazetteer"
    }

    fn layers(&self) -> &[Layer] {
        &[Layer::Entities]
    }

    fn prepare(&self) -> Result<(), ExtractError> {
        LazyLock::force(&NAMES);
        Ok(())
    }

    fn extract(&self, doc: &Document) -> Result<Prediction, ExtractError> {
        Ok(entities_prediction(entities(&doc.text)))
    }
}

/// Where " of " first stands in a name. Names are short, so a plain scan
/// beats building a substring searcher for each one.
fn of_at(name: &str) -> Option<usize> {
    name.as_bytes().windows(4).position(|w| w == b" of ")
}

/// A set of words with a cheap hash: extractors build one per document.
type WordSet<'a> = HashSet<&'a str, FastHash>;

/// The typed entities of a text, sorted, without overlaps.
pub fn entities(text: &str) -> Vec<(Span, EntityType)> {
    let stream = tokenize(text);
    let sentences = Sentences::from_tokens(&stream);
    let text_words = words(text, &stream, true);
    let mut tokens: Vec<Word<'_>> = Vec::with_capacity(text_words.len() + text_words.len() / 16);
    let word_of = |span: Span| {
        let word = &text[span.start..span.end];
        // A trailing full stop belongs to abbreviations only ("U.S.", "St.").
        let keep = word.strip_suffix('.').is_none_or(|stem| {
            stem.contains('.')
                || stem.chars().count() <= 2 && stem.chars().all(char::is_uppercase)
                || LEXICON.titles.contains(word)
                || word == "St."
        });
        let span = if keep {
            span
        } else {
            Span::new(span.start, span.end - 1)
        };
        Word {
            span,
            text: &text[span.start..span.end],
        }
    };
    // The text's hyphens, found at once, say which words may split.
    let mut hyphens = memchr::memchr_iter(b'-', text.as_bytes());
    let mut next_hyphen = hyphens.next().unwrap_or(usize::MAX);
    for w in text_words {
        while next_hyphen < w.span.start {
            next_hyphen = hyphens.next().unwrap_or(usize::MAX);
        }
        // Most words hold no hyphen and end in no full stop: kept as they are.
        if next_hyphen >= w.span.end && !w.text.ends_with('.') {
            tokens.push(w);
            continue;
        }
        let (head, rest) = split_lowercase_suffix(text, w.span);
        tokens.push(word_of(head));
        if let Some(rest) = rest {
            tokens.push(word_of(rest));
        }
    }
    let mut candidates = runs(text, &tokens, &sentences);
    merge_nicknames(text, &mut candidates);
    let titles = quoted_titles(text);
    // Titles are sorted and do not overlap: the one a candidate may touch is found by search.
    candidates.retain(|c| {
        let i = titles.partition_point(|t| t.end <= c.start);
        !titles.get(i).is_some_and(|t| t.overlaps(*c))
    });
    candidates.extend(titles.iter().copied());
    candidates.sort();
    let listed = listed(text);

    // A listed name covering whole runs (and the words between) replaces them.
    let candidates = replace_covered(candidates, &listed);
    // "Paris Cinémathèque": a run that starts with a listed place or group and
    // has no type of its own splits after it.
    let mut split = Vec::with_capacity(candidates.len());
    for c in candidates {
        let name = &text[c.start..c.end];
        let at = listed.partition_point(|(l, _)| l.start < c.start);
        let head = listed[at..]
            .iter()
            .take_while(|(l, _)| l.start == c.start)
            .find(|(l, t)| {
                l.start == c.start
                    && l.end < c.end
                    && matches!(t, EntityType::Gpe | EntityType::Norp)
                    && text[l.end..].starts_with(' ')
            });
        match head {
            Some((l, _))
                if LEXICON.suffix_type(name).is_none()
                    && !LEXICON.names.contains_key(name)
                    && of_at(name).is_none() =>
            {
                split.push(*l);
                split.push(Span::new(l.end + 1, c.end));
            }
            _ => split.push(c),
        }
    }
    // "Veterans of World War II": a sentence-initial word before "of" that
    // names nothing is not part of the name.
    let candidates: Vec<Span> = split
        .into_iter()
        .map(|c| {
            let name = &text[c.start..c.end];
            match of_at(name) {
                Some(i)
                    if LEXICON.suffix_type(&format!("_ {}", &name[..i])).is_none()
                        && !LEXICON.names.contains_key(name)
                        && HEAD_WORDS.iter().all(|(w, _)| !name.starts_with(w))
                        && name[..i].split_whitespace().count() == 1
                        && sentence_initial(text, &sentences, c.start) =>
                {
                    let rest = name[i + 4..].trim_start_matches("the ");
                    Span::new(c.end - rest.len(), c.end)
                }
                _ => c,
            }
        })
        .collect();
    let listed_types: HashMap<Span, EntityType, FastHash> = listed.into_iter().collect();
    let spaced_words = SpacedWords::new(text);

    // Split a run at a listed name it begins with when the rest is a listed
    // name or a name of its own: "Russian Orthodox" stays, "China Beijing" splits.
    let mut typed: Vec<(Span, Option<EntityType>)> = candidates
        .iter()
        .map(|&span| {
            (
                span,
                if titles.binary_search(&span).is_ok() {
                    Some(EntityType::WorkOfArt)
                } else {
                    classify(text, span, &listed_types, &spaced_words, &sentences)
                },
            )
        })
        .collect();
    // "Boeing 737", "Galaxy S24": a product name runs over its model numbers.
    for (span, ty) in typed.iter_mut() {
        if LEXICON.prefix_type(&text[span.start..span.end]) == Some(EntityType::Product) {
            let mut end = span.end;
            while let Some(model) = text[end..]
                .strip_prefix(' ')
                .and_then(|r| r.split([' ', ',', '.', ';', ')']).next())
            {
                if model.is_empty() || !model.chars().any(|c| c.is_ascii_digit()) || model.len() > 8
                {
                    break;
                }
                end += 1 + model.len();
            }
            if end > span.end {
                span.end = end;
                *ty = Some(EntityType::Product);
            }
        }
    }
    propagate(text, &mut typed);
    coordinate(text, &mut typed);
    // "de Rocheval": a surname particle before a person's name belongs to it.
    for (span, ty) in typed.iter_mut() {
        if *ty == Some(EntityType::Person) {
            let before = &text[..span.start];
            if let Some(particle) = SURNAME_PARTICLES.iter().find(|p| {
                before.strip_suffix(' ').is_some_and(|b| {
                    b.ends_with(*p) && b[..b.len() - p.len()].ends_with([' ', '\n', '('])
                })
            }) {
                span.start -= particle.len() + 1;
            }
        }
    }
    for (span, ty) in typed.iter_mut() {
        let name = &text[span.start..span.end];
        // "the second Sino-Japanese war": a compound of peoples closing a named war is an EVENT.
        if name.contains('-')
            && matches!(ty, Some(EntityType::Norp))
            && text[span.end..].starts_with(" war")
            && !text[span.end + 4..].starts_with(char::is_alphanumeric)
        {
            span.end += 4;
            *ty = Some(EntityType::Event);
        }
        // "the West" as a bloc: a capitalised compass point after "the" is a region.
        if ty.is_none()
            && ["West", "East", "North", "South", "Middle East", "Far East"].contains(&name)
            && text[..span.start].ends_with("the ")
        {
            *ty = Some(EntityType::Loc);
        }
    }
    typed
        .into_iter()
        .filter_map(|(span, ty)| ty.map(|t| (span, t)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Sorted spans without overlaps, from gaps and lengths.
    fn disjoint(parts: &[(usize, usize)]) -> Vec<Span> {
        let mut at = 0;
        parts
            .iter()
            .map(|&(gap, len)| {
                at += gap;
                let span = Span::new(at, at + len);
                at += len;
                span
            })
            .collect()
    }

    proptest! {
        /// The merge does what the former remove-and-insert loop (quadratic) did.
        #[test]
        fn replace_covered_matches_the_reference(
            runs in prop::collection::vec((0usize..4, 1usize..5), 0..30),
            names in prop::collection::vec((0usize..6, 1usize..12), 0..12),
        ) {
            let candidates = disjoint(&runs);
            let listed: Vec<(Span, EntityType)> =
                disjoint(&names).into_iter().map(|s| (s, EntityType::Org)).collect();
            let mut reference = candidates.clone();
            for &(span, _) in &listed {
                let from = reference.partition_point(|c| c.end <= span.start);
                let covered: Vec<usize> = (from..reference.len())
                    .take_while(|&k| reference[k].start < span.end)
                    .collect();
                if !covered.is_empty()
                    && covered.iter().all(|&k| span.start <= reference[k].start && reference[k].end <= span.end)
                {
                    for &k in covered.iter().rev() {
                        reference.remove(k);
                    }
                    let at = reference.partition_point(|c| c.start < span.start);
                    reference.insert(at, span);
                }
            }
            prop_assert_eq!(replace_covered(candidates, &listed), reference);
        }

        /// A word is spaced exactly when the text holds it between two spaces,
        /// asked once or again, as the set of the text's spaced words says.
        #[test]
        fn spaced_words_match_the_set_of_pieces(
            text in "[ab \n,é]{0,40}",
            words in prop::collection::vec("[abé]{1,3}", 1..4),
        ) {
            let reference = spaced_words_of(&text);
            let searched = SpacedWords::new(&text);
            for word in words.iter().chain(&words) {
                prop_assert_eq!(searched.contains(word), reference.contains(word.as_str()));
            }
        }
    }

    fn found(text: &str) -> Vec<(&str, EntityType)> {
        entities(text)
            .into_iter()
            .map(|(s, t)| (&text[s.start..s.end], t))
            .collect()
    }

    #[test]
    fn a_pronoun_after_a_closed_quote_opens_a_sentence_and_names_nobody() {
        assert_eq!(
            found("Jane Roe called it “worrying.” She said Gen. Lee agreed."),
            [
                ("Jane Roe", EntityType::Person),
                ("Lee", EntityType::Person)
            ]
        );
    }

    #[test]
    fn head_words_load_with_their_types() {
        assert!(HEAD_WORDS.contains(&("Club", EntityType::Org)));
        assert!(HEAD_WORDS.contains(&("Estadio", EntityType::Fac)));
    }

    /// The hashed head words answer as the first match of a search down the list.
    #[test]
    fn hashed_head_words_answer_as_the_list_search() {
        for (word, _) in HEAD_WORDS.iter() {
            let searched = HEAD_WORDS.iter().find(|(w, _)| w == word).map(|(_, t)| t);
            assert_eq!(HEAD_WORD_TYPES.get(word), searched, "{word}");
        }
        assert_eq!(HEAD_WORD_TYPES.len(), {
            let mut words: Vec<&str> = HEAD_WORDS.iter().map(|(w, _)| *w).collect();
            words.sort_unstable();
            words.dedup();
            words.len()
        });
    }

    #[test]
    fn opener_and_calendar_lists_are_sorted() {
        assert!(OPENERS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn types_titles_and_propagation() {
        assert_eq!(
            found("Russian President Vladimir Putin visited the Harbin Institute of Technology on Friday. Putin said it was fine."),
            [
                ("Russian", EntityType::Norp),
                ("Vladimir Putin", EntityType::Person),
                ("Harbin Institute of Technology", EntityType::Org),
                ("Putin", EntityType::Person),
            ]
        );
    }
}
