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
//! **Known limitations.** A capitalised name with no list entry and no cue
//! (a company called "Lantern" mentioned once) is missed or typed by
//! default (PERSON for two or three words); metonymy is not resolved
//! ("Washington said" stays GPE, as the rules want, but "Apple" the fruit
//! at a sentence start is ORG); nicknames inside names break them; the
//! lists hold the world's best-known names only.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::corpus::Document;
use crate::error::ExtractError;
use crate::extract::entities::{entities_prediction, is_capitalized, CALENDAR};
use crate::extract::{is_word_char, scan_words, Extractor};
use crate::gazetteer::{FastHash, LEXICON};
use crate::prediction::Prediction;
use crate::schema::{EntityType, Layer, Span};

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

/// Every listed name and alias, for matching over the text.
static NAMES: LazyLock<(AhoCorasick, Vec<(&'static str, EntityType)>)> = LazyLock::new(|| {
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
        .build(entries.iter().map(|(n, _)| *n))
        .expect("gazetteer patterns build");
    (matcher, entries)
});

/// Connectors allowed inside a name between two capitalised words.
const PARTICLES: &[&str] = &[
    "bin", "da", "de", "del", "della", "der", "des", "di", "do", "dos", "du", "la", "le", "of",
    "van", "von", "y",
];

/// Capitalised words that open sentences without naming anything.
const OPENERS: &[&str] = &[
    "A",
    "About",
    "According",
    "After",
    "Again",
    "Ahead",
    "All",
    "Also",
    "Although",
    "Among",
    "An",
    "And",
    "Another",
    "Any",
    "As",
    "At",
    "Because",
    "Before",
    "Both",
    "But",
    "By",
    "Despite",
    "During",
    "Each",
    "Earlier",
    "Even",
    "Every",
    "Few",
    "For",
    "From",
    "He",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "Instead",
    "It",
    "Its",
    "Last",
    "Later",
    "Many",
    "Meanwhile",
    "More",
    "Most",
    "Much",
    "My",
    "New",
    "Next",
    "No",
    "None",
    "Not",
    "Now",
    "Of",
    "On",
    "Once",
    "One",
    "Only",
    "Or",
    "Other",
    "Our",
    "Over",
    "Several",
    "She",
    "Since",
    "So",
    "Some",
    "Still",
    "Such",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "Through",
    "To",
    "Today",
    "Tomorrow",
    "Under",
    "Unlike",
    "Until",
    "We",
    "What",
    "When",
    "Where",
    "Whether",
    "Which",
    "While",
    "Who",
    "Why",
    "With",
    "Within",
    "Without",
    "Yesterday",
    "Yet",
    "You",
    "Your",
];

/// First words of names that signal their type, in the languages news
/// quotes names from ("Club Atlético", "Estadio Azteca", "Copa América").
const HEAD_WORDS: &[(&str, EntityType)] = &[
    ("Aeropuerto", EntityType::Fac),
    ("Aéroport", EntityType::Fac),
    ("Atlético", EntityType::Org),
    ("Avenida", EntityType::Fac),
    ("Banco", EntityType::Org),
    ("Banque", EntityType::Org),
    ("Calle", EntityType::Fac),
    ("Cape", EntityType::Loc),
    ("Centro", EntityType::Org),
    ("Club", EntityType::Org),
    ("Copa", EntityType::Event),
    ("Coupe", EntityType::Event),
    ("Deportivo", EntityType::Org),
    ("Estadio", EntityType::Fac),
    ("Estádio", EntityType::Fac),
    ("Festival", EntityType::Event),
    ("Fondation", EntityType::Org),
    ("Fundación", EntityType::Org),
    ("Fundação", EntityType::Org),
    ("Giro", EntityType::Event),
    ("Groupe", EntityType::Org),
    ("Grupo", EntityType::Org),
    ("Hôpital", EntityType::Fac),
    ("Hospital", EntityType::Fac),
    ("Institut", EntityType::Org),
    ("Instituto", EntityType::Org),
    ("Isla", EntityType::Loc),
    ("Lago", EntityType::Loc),
    ("Lake", EntityType::Loc),
    ("Ley", EntityType::Law),
    ("Loi", EntityType::Law),
    ("Ministerio", EntityType::Org),
    ("Ministère", EntityType::Org),
    ("Mont", EntityType::Loc),
    ("Monte", EntityType::Loc),
    ("Mount", EntityType::Loc),
    ("Musée", EntityType::Org),
    ("Museo", EntityType::Org),
    ("Museu", EntityType::Org),
    ("Palacio", EntityType::Fac),
    ("Palais", EntityType::Fac),
    ("Parque", EntityType::Fac),
    ("Partido", EntityType::Org),
    ("Parti", EntityType::Org),
    ("Plaza", EntityType::Fac),
    ("Puente", EntityType::Fac),
    ("Real", EntityType::Org),
    ("Rue", EntityType::Fac),
    ("Sierra", EntityType::Loc),
    ("Sporting", EntityType::Org),
    ("Stade", EntityType::Fac),
    ("Stadio", EntityType::Fac),
    ("Teatro", EntityType::Fac),
    ("Théâtre", EntityType::Fac),
    ("Tour", EntityType::Event),
    ("Universidad", EntityType::Org),
    ("Universidade", EntityType::Org),
    ("Université", EntityType::Org),
    ("Università", EntityType::Org),
    ("Vuelta", EntityType::Event),
];

/// Nouns before a quoted title: the quoted words are a work's name.
const WORK_NOUNS: &[&str] = &[
    "album",
    "book",
    "documentary",
    "drama",
    "film",
    "memoir",
    "movie",
    "musical",
    "novel",
    "opera",
    "painting",
    "play",
    "podcast",
    "poem",
    "series",
    "show",
    "song",
    "titled",
    "entitled",
    "exhibition",
    "collection",
    "report",
    "study",
    "haka",
    "symphony",
    "sculpture",
    "book,",
    "film,",
];

/// Lower-case name particles that open a surname ("de Rocheval said").
const SURNAME_PARTICLES: &[&str] = &[
    "da", "de", "del", "della", "di", "du", "van", "von", "al", "bin", "ibn", "dos", "das",
];

/// Words right after a name that make it the subject of speech.
const SPEECH_VERBS: &[&str] = &[
    "added",
    "said",
    "says",
    "told",
    "wrote",
    "asked",
    "argued",
    "noted",
    "warned",
    "explained",
];

/// Lower-case roles before a person's name ("Chinese leader Xi Jinping").
pub(crate) const ROLE_WORDS: &[&str] = &[
    "actor",
    "actress",
    "ambassador",
    "analyst",
    "artist",
    "attorney",
    "author",
    "captain",
    "ceo",
    "chairman",
    "chairwoman",
    "coach",
    "commissioner",
    "correspondent",
    "curator",
    "defender",
    "director",
    "doctor",
    "economist",
    "editor",
    "envoy",
    "farmer",
    "fellow",
    "founder",
    "goalkeeper",
    "governor",
    "head",
    "historian",
    "judge",
    "lawmaker",
    "lawyer",
    "leader",
    "manager",
    "mayor",
    "midfielder",
    "minister",
    "novelist",
    "nurse",
    "official",
    "player",
    "president",
    "professor",
    "prosecutor",
    "researcher",
    "resident",
    "rider",
    "scientist",
    "senator",
    "singer",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "striker",
    "student",
    "teacher",
    "writer",
    "cyclist",
    "driver",
    "engineer",
    "opposition",
    "photographer",
    "director-general",
    "secretary",
    "cinematographer",
    "critic",
    "composer",
];

/// Nouns for organisations, before or in an apposition after a name.
const ORG_NOUNS: &[&str] = &[
    "agency",
    "airline",
    "bank",
    "broadcaster",
    "carrier",
    "chain",
    "club",
    "company",
    "developer",
    "distributor",
    "firm",
    "group",
    "insurer",
    "label",
    "lender",
    "maker",
    "manufacturer",
    "newspaper",
    "operator",
    "outlet",
    "party",
    "producer",
    "publisher",
    "regulator",
    "retailer",
    "review",
    "start-up",
    "startup",
    "studio",
    "team",
    "union",
    "charity",
    "nonprofit",
    "broker",
    "brokerage",
    "automaker",
    "chipmaker",
    "conglomerate",
    "magazine",
];

/// Words that mark the next name as a place.
const LOCATIVES: &[&str] = &[
    "in",
    "from",
    "near",
    "outside",
    "across",
    "to",
    "into",
    "throughout",
    "visited",
];

/// A set of words with a cheap hash: extractors build one per document.
type WordSet<'a> = HashSet<&'a str, FastHash>;

/// A word token: its span and text.
#[derive(Clone, Copy)]
struct Token<'a> {
    span: Span,
    text: &'a str,
}

/// Title case of an all-capitals word, for list lookups ("BEIJING" → "Beijing").
fn title_case(word: &str) -> String {
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

/// Whether the text before `at` ends a sentence (or a paragraph, or is the start).
fn sentence_initial(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches([' ', '“', '"', '‘', '«', '(']);
    before.is_empty()
        || before.ends_with(['.', '!', '?', '\n', ':', '—'])
        || before.ends_with("\n\n")
}

/// Capitalised word runs, split at titles, possessives and calendar words,
/// without leading openers.
fn runs<'a>(text: &'a str, tokens: &[Token<'a>]) -> Vec<Span> {
    let lower_words: WordSet<'_> = tokens
        .iter()
        .map(|t| t.text)
        .filter(|w| w.starts_with(char::is_lowercase))
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
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
        let initial = is_capitalized(t.text) && sentence_initial(text, t.span.start);
        let role = initial
            && ROLE_WORDS.contains(&bare.to_lowercase().as_str())
            && tokens.get(i + 1).is_some_and(|n| is_capitalized(n.text));
        let common = initial
            && (role
                || OPENERS.binary_search(&bare).is_ok()
                || is_common_word(text, tokens, &lower_words, i));
        let article = ["The", "A", "An"].contains(&t.text);
        if !is_capitalized(t.text)
            || CALENDAR.binary_search(&bare).is_ok()
            || may_date
            || common
            || article
        {
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
                && CALENDAR.binary_search(&n.text).is_err()
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
fn merge_nicknames(text: &str, candidates: &mut Vec<Span>) {
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
fn is_nickname_frame(text: &str, name: Span) -> bool {
    let name = &text[name.start..name.end];
    LEXICON.starts_with_first_name(name)
        || LEXICON.starts_with_first_name(&title_case(name))
        || !name.contains(' ') && name.len() > 2
}

/// Whether a sentence-initial capitalised word is a common word: it stands
/// alone (the next word is not capitalised) and the document also uses it in
/// lower case ("Officials said … officials").
fn is_common_word(text: &str, tokens: &[Token<'_>], lower_words: &WordSet<'_>, i: usize) -> bool {
    let word = tokens[i].text;
    let next_capitalised = tokens
        .get(i + 1)
        .is_some_and(|n| is_capitalized(n.text) && text[tokens[i].span.end..n.span.start] == *" ");
    if next_capitalised || LEXICON.names.contains_key(word) {
        return false;
    }
    let lower = word.to_lowercase();
    word.ends_with("ing") || word.ends_with("ly") || lower_words.contains(lower.as_str())
}

fn ends_with_possessive(word: &str) -> bool {
    word.ends_with("’s") || word.ends_with("'s")
}

/// How many tokens from `i` form a title ("Foreign Minister", "Gen."), or 0.
fn title_at(text: &str, tokens: &[Token<'_>], i: usize) -> usize {
    if !tokens[i].text.starts_with(char::is_uppercase) {
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

/// Names of the lists, matched over the text at word boundaries.
fn listed(text: &str) -> Vec<(Span, EntityType)> {
    let (matcher, entries) = &*NAMES;
    matcher
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
            let ty = entries[m.pattern().as_usize()].1;
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

/// "York-based" → "York" and "based": a lower-case part after a hyphen is
/// not part of a name; "Mexico-Puebla" and "al-Khatib" stay whole.
fn split_lowercase_suffix(text: &str, span: Span) -> impl Iterator<Item = Span> {
    let word = &text[span.start..span.end];
    let split = word.find('-').filter(|&i| {
        i > 0
            && word[..i].starts_with(char::is_uppercase)
            && word[i + 1..].starts_with(char::is_lowercase)
    });
    match split {
        Some(i) => [
            Some(Span::new(span.start, span.start + i)),
            Some(Span::new(span.start + i + 1, span.end)),
        ],
        None => [Some(span), None],
    }
    .into_iter()
    .flatten()
}

/// Quoted titles of works: the words between quotation marks after a
/// work noun, or capitalised throughout; a leading English article dropped.
fn quoted_titles(text: &str) -> Vec<Span> {
    crate::extract::quotes::marks::candidates(text)
        .into_iter()
        .filter_map(|q| {
            let inner = &text[q.span.start..q.span.end];
            let trimmed = inner.trim_end_matches([',', '.']);
            let words: Vec<&str> = trimmed.split_whitespace().collect();
            if words.is_empty()
                || words.len() > 10
                || trimmed.contains(['?', '!', ';'])
                || !words[0].starts_with(char::is_uppercase)
            {
                return None;
            }
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
            let mut from = q.open.start.saturating_sub(40);
            while !text.is_char_boundary(from) {
                from += 1;
            }
            let before = text[from..q.open.start].trim_end().to_lowercase();
            let after_work_noun = before
                .rsplit(char::is_whitespace)
                .take(3)
                .any(|w| WORK_NOUNS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())));
            if !(after_work_noun || capitalised && words.len() >= 2) {
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

/// The typed entities of a text, sorted, without overlaps.
pub fn entities(text: &str) -> Vec<(Span, EntityType)> {
    let tokens: Vec<Token<'_>> = scan_words(text, &['\'', '’', '-'], true)
        .into_iter()
        .flat_map(|span| split_lowercase_suffix(text, span))
        .map(|span| {
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
            Token {
                span,
                text: &text[span.start..span.end],
            }
        })
        .collect();
    let mut candidates = runs(text, &tokens);
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
                    && !name.contains(" of ") =>
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
            match name.find(" of ") {
                Some(i)
                    if LEXICON.suffix_type(&format!("_ {}", &name[..i])).is_none()
                        && !LEXICON.names.contains_key(name)
                        && HEAD_WORDS.iter().all(|(w, _)| !name.starts_with(w))
                        && name[..i].split_whitespace().count() == 1
                        && sentence_initial(text, c.start) =>
                {
                    let rest = name[i + 4..].trim_start_matches("the ");
                    Span::new(c.end - rest.len(), c.end)
                }
                _ => c,
            }
        })
        .collect();
    let listed_types: HashMap<Span, EntityType, FastHash> = listed.into_iter().collect();
    let spaced_words = OnceCell::new();

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
                    classify(text, span, &listed_types, &spaced_words)
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

/// "in Busia, Malaba and Turkana": untyped names in a list with a typed
/// place take its type.
fn coordinate(text: &str, typed: &mut [(Span, Option<EntityType>)]) {
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
fn replace_covered(candidates: Vec<Span>, listed: &[(Span, EntityType)]) -> Vec<Span> {
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

/// The words of a text with a space on both sides (its pieces between
/// spaces, bar the first and last), built once per document when asked.
fn spaced_words_of(text: &str) -> WordSet<'_> {
    let pieces: Vec<&str> = text.split(' ').collect();
    let inner = pieces.len().saturating_sub(2);
    pieces.into_iter().skip(1).take(inner).collect()
}

/// A candidate's type from the lists, its shape and its context.
fn classify<'a>(
    text: &'a str,
    span: Span,
    listed: &HashMap<Span, EntityType, FastHash>,
    spaced_words: &OnceCell<WordSet<'a>>,
) -> Option<EntityType> {
    let name = &text[span.start..span.end];
    let lookup = |n: &str| -> Option<EntityType> {
        LEXICON.names.get(n).copied().or_else(|| {
            LEXICON
                .languages
                .contains(n)
                .then_some(EntityType::Language)
        })
    };
    let upper = name
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
        && name.chars().filter(|c| c.is_alphabetic()).count() > 3;
    let known = listed
        .get(&span)
        .copied()
        .or_else(|| lookup(name))
        .or_else(|| upper.then(|| lookup(&title_case(name))).flatten());
    let before = text[..span.start].trim_end();
    let previous_word = before
        .rsplit(|c: char| !c.is_alphanumeric() && c != '-')
        .next()
        .unwrap_or("");
    let after = &text[span.end..];
    let next_word = after
        .trim_start()
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");

    // Languages: a listed language read as one in context, else its other sense.
    if LEXICON.languages.contains(name) {
        let followed_by_noun = after.starts_with(' ')
            && next_word.chars().next().is_some_and(char::is_alphabetic)
            && ![
                "and", "or", "to", "with", "at", "on", "for", "by", "but", "as", "than", "is",
                "was", "were", "are",
            ]
            .contains(&next_word);
        let as_language = ["in", "speak", "speaks", "spoke", "speaking", "into", "from"]
            .contains(&previous_word.to_lowercase().as_str())
            && !followed_by_noun
            || after.starts_with("-language")
            || [
                "speakers",
                "word",
                "words",
                "translation",
                "language",
                "version",
                "subtitles",
            ]
            .contains(&next_word);
        if as_language || known.is_none() {
            return Some(EntityType::Language);
        }
    }
    if let Some(ty) = known {
        // "Turkey" at a sentence start is a country unless the text also uses "turkey".
        let lone_common_word = !name.contains(' ')
            && LEXICON.ambiguous_names.contains(name)
            && sentence_initial(text, span.start)
            && spaced_words
                .get_or_init(|| spaced_words_of(text))
                .contains(name.to_lowercase().as_str());
        return (!lone_common_word).then_some(ty);
    }
    if name == "I" || name.starts_with("I’") || name.starts_with("I'") {
        return None;
    }
    // "World War II", "Apollo 11": a closing numeral does not hide the name's last word.
    let core = name
        .rsplit_once(' ')
        .filter(|(_, last)| {
            last.chars().all(|c| "IVX".contains(c)) || last.chars().all(|c| c.is_ascii_digit())
        })
        .map_or(name, |(core, _)| core);
    if let Some(ty) = LEXICON
        .suffix_type(core)
        .or_else(|| LEXICON.prefix_type(name))
    {
        return Some(ty);
    }
    let first = name.split_whitespace().next().unwrap_or_default();
    if name.contains(' ') {
        if let Some((_, ty)) = HEAD_WORDS.iter().find(|(w, _)| *w == first) {
            return Some(*ty);
        }
    }
    // "University of Nairobi", "Bank of England": the word before "of" decides.
    if let Some((head, _)) = name.split_once(" of ") {
        if let Some(ty) = LEXICON.suffix_type(&format!("_ {head}")) {
            return Some(ty);
        }
    }
    // Hyphenated compounds of names, typed by their first part.
    if name.contains('-') && !name.contains(' ') {
        let parts: Vec<&str> = name.split('-').collect();
        if parts
            .iter()
            .all(|p| p.chars().next().is_some_and(char::is_uppercase))
        {
            if let Some(ty) = parts.iter().find_map(|p| lookup(p)) {
                return Some(ty);
            }
        }
    }
    let words = name.split_whitespace().count();
    let mut tail_start = before.len().saturating_sub(48);
    while !before.is_char_boundary(tail_start) {
        tail_start += 1;
    }
    let lower_before = before[tail_start..].to_lowercase();
    // The word right before the name, lower-cased: a role or an organisation noun?
    let last_word_before = lower_before
        .rsplit(|c: char| !c.is_alphanumeric() && c != '-')
        .next()
        .unwrap_or("");
    let role_before = ROLE_WORDS.contains(&last_word_before);
    let org_before = ORG_NOUNS.contains(&last_word_before);
    let org_after = after.strip_prefix(", ").is_some_and(|a| {
        let clause: Vec<&str> = a
            .split([',', '.'])
            .next()
            .unwrap_or("")
            .split_whitespace()
            .collect();
        clause.len() <= 8
            && ["a", "an", "the"].contains(&clause.first().copied().unwrap_or(""))
            && clause.iter().any(|w| ORG_NOUNS.contains(w))
    });
    if org_before || org_after {
        return Some(EntityType::Org);
    }
    let person_cue = LEXICON.starts_with_first_name(name)
        || upper && LEXICON.starts_with_first_name(&title_case(name))
        || role_before
        || SPEECH_VERBS.contains(&previous_word) && words >= 2
        || LEXICON.titles.contains(previous_word)
        || before.ends_with('.')
            && LEXICON
                .titles
                .contains(&before[before.rfind([' ', '\n']).map_or(0, |p| p + 1)..])
        || after.strip_prefix(", ").is_some_and(|a| {
            a.split(',').next().is_some_and(|age| {
                (1..=3).contains(&age.len()) && age.bytes().all(|b| b.is_ascii_digit())
            })
        })
        || SPEECH_VERBS.contains(&next_word);
    if person_cue {
        return Some(EntityType::Person);
    }
    if words == 1 {
        let lower = name.to_lowercase();
        if ["ian", "ese", "ish", "ean", "ani", "iot", "ians", "eses"]
            .iter()
            .any(|s| lower.ends_with(s))
            && name.len() > 5
        {
            return Some(EntityType::Norp);
        }
        if LOCATIVES.contains(&previous_word) {
            return Some(EntityType::Gpe);
        }
        return None;
    }
    None
}

/// Types untyped names from typed ones in the same document: the words of
/// a person's name, the first word of an organisation's, and the same
/// string typed elsewhere.
fn propagate(text: &str, typed: &mut [(Span, Option<EntityType>)]) {
    let mut by_string: HashMap<&str, EntityType, FastHash> = HashMap::default();
    let mut by_word: HashMap<&str, EntityType, FastHash> = HashMap::default();
    for (span, ty) in typed.iter() {
        let Some(ty) = ty else { continue };
        let name = &text[span.start..span.end];
        by_string.entry(name).or_insert(*ty);
        let words: Vec<&str> = name.split_whitespace().collect();
        match ty {
            EntityType::Person if words.len() >= 2 => {
                for w in [words[0], words[words.len() - 1]] {
                    by_word.entry(w).or_insert(EntityType::Person);
                }
            }
            EntityType::Org | EntityType::Fac | EntityType::Event | EntityType::Product
                if words.len() >= 2 =>
            {
                by_word.entry(words[0]).or_insert(*ty);
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

        /// A word is spaced exactly when the text holds it between two spaces.
        #[test]
        fn spaced_words_match_a_substring_search(
            text in "[ab \n,]{0,40}",
            word in "[ab]{1,3}",
        ) {
            let spaced = spaced_words_of(&text);
            prop_assert_eq!(
                spaced.contains(word.as_str()),
                text.contains(&format!(" {word} "))
            );
        }
    }

    fn found(text: &str) -> Vec<(&str, EntityType)> {
        entities(text)
            .into_iter()
            .map(|(s, t)| (&text[s.start..s.end], t))
            .collect()
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
