//! `entities/capitalized`: runs of capitalised words.
//!
//! A word counts as capitalised when it starts with a capital, or with a
//! lower-case Arabic or French name particle glued to a capital ("al-Khatib",
//! "d’Estaing").
//!
//! **What it extracts.** Maximal runs of capitalised words joined by single
//! spaces (and by the name particles "of", "de", "van", "von", "bin", "al-"
//! between two capitalised words), without function words such as "The" or
//! "But", without titles such as "President" at the start, and without a
//! trailing possessive. Each run is typed by simple cues: an organisation
//! suffix makes an ORG, a demonym ending a NORP, two or three plain words a
//! PERSON, anything else a GPE.
//!
//! **Example.** `Russian President Vladimir Putin’s visit` → `Russian`
//! (NORP) and `Vladimir Putin` (PERSON).
//!
//! **Known limitations.** Lower-case names and all-capitals headlines are
//! handled poorly; the first word of a sentence is taken when it is not a
//! function word; types are guesses.

use crate::corpus::Document;
use crate::error::ExtractError;
use crate::extract::entities::{entities_prediction, is_capitalized, CALENDAR};
use crate::extract::{scan_words, Extractor};
use crate::prediction::Prediction;
use crate::schema::{EntityType, Layer, Span};

/// The capitalised-run baseline.
pub struct Capitalized;

/// Capitalised words that open sentences without naming anything.
const FUNCTION_WORDS: &[&str] = &[
    "A", "An", "And", "As", "At", "But", "By", "For", "From", "He", "Her", "His", "How", "I", "If",
    "In", "It", "Its", "Mr.", "Mrs.", "Ms.", "Dr.", "No", "Not", "Of", "On", "Or", "Our", "She",
    "So", "Some", "That", "The", "Their", "There", "These", "They", "This", "Those", "To", "We",
    "What", "When", "Where", "Which", "While", "Who", "Why", "With", "Yet", "You",
];

/// Titles and roles left outside the span when they open a run.
const TITLES: &[&str] = &[
    "President",
    "Prime",
    "Minister",
    "Foreign",
    "Mayor",
    "Governor",
    "Senator",
    "Sen.",
    "Rep.",
    "Chancellor",
    "King",
    "Queen",
    "Pope",
    "Judge",
    "Justice",
    "General",
    "Gen.",
    "Chief",
    "Secretary",
    "Chairman",
    "Chairwoman",
    "Director",
    "Professor",
    "Prof.",
    "Lt.",
    "Col.",
    "Capt.",
    "Sgt.",
    "Gov.",
    "Pres.",
    "Vice",
];

const PARTICLES: &[&str] = &[
    "of", "de", "van", "von", "bin", "da", "del", "der", "la", "le",
];

const ORG_SUFFIXES: &[&str] = &[
    "Agency",
    "Army",
    "Association",
    "Bank",
    "Board",
    "Co.",
    "Commission",
    "Committee",
    "Company",
    "Corp.",
    "Corporation",
    "Council",
    "Court",
    "Department",
    "Group",
    "Inc.",
    "Institute",
    "Ltd.",
    "Ministry",
    "Office",
    "Organization",
    "Party",
    "Police",
    "Press",
    "Service",
    "University",
];

impl Extractor for Capitalized {
    fn id(&self) -> &str {
        "entities/capitalized"
    }

    fn layers(&self) -> &[Layer] {
        &[Layer::Entities]
    }

    fn extract(&self, doc: &Document) -> Result<Prediction, ExtractError> {
        Ok(entities_prediction(capitalized_runs(&doc.text)))
    }
}

/// Capitalised runs with their guessed types, in text order.
pub fn capitalized_runs(text: &str) -> Vec<(Span, EntityType)> {
    name_runs(text)
        .into_iter()
        .map(|(span, after_title)| (span, guess_type(&text[span.start..span.end], after_title)))
        .collect()
}

/// Capitalised runs in text order, each with whether a title stands right before it.
pub fn name_runs(text: &str) -> Vec<(Span, bool)> {
    let words: Vec<Span> = scan_words(text, &['\'', '’', '-'], true)
        .into_iter()
        .map(|m| {
            let w = &text[m.start..m.end];
            // A trailing period belongs to abbreviations ("U.S.", "St.") only.
            let drop_period = w
                .strip_suffix('.')
                .is_some_and(|stem| !stem.contains('.') && stem.chars().count() > 2);
            let end = if drop_period { m.end - 1 } else { m.end };
            Span::new(m.start, end)
        })
        .collect();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = &text[words[i].start..words[i].end];
        let calendar = CALENDAR.binary_search(&word).is_ok()
            || word == "May"
                && text[words[i].end..]
                    .strip_prefix(' ')
                    .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
        if !is_capitalized(word)
            || FUNCTION_WORDS.contains(&word)
            || TITLES.contains(&word)
            || calendar
        {
            i += 1;
            continue;
        }
        let mut last = i;
        let mut j = i + 1;
        while j < words.len() {
            let gap = &text[words[j - 1].end..words[j].start];
            let next = &text[words[j].start..words[j].end];
            if gap != " " {
                break;
            }
            if is_capitalized(next)
                && !FUNCTION_WORDS.contains(&next)
                && !TITLES.contains(&next)
                && CALENDAR.binary_search(&next).is_err()
            {
                last = j;
                j += 1;
            } else if PARTICLES.contains(&next)
                && j + 1 < words.len()
                && &text[words[j].end..words[j + 1].start] == " "
                && is_capitalized(&text[words[j + 1].start..words[j + 1].end])
            {
                j += 1;
            } else {
                break;
            }
        }
        let mut span = Span::new(words[i].start, words[last].end);
        for possessive in ["’s", "'s", "’", "'"] {
            if text[span.start..span.end].ends_with(possessive) && span.len() > possessive.len() {
                span.end -= possessive.len();
                break;
            }
        }
        runs.push((
            span,
            i > 0 && TITLES.contains(&&text[words[i - 1].start..words[i - 1].end]),
        ));
        i = last + 1;
    }
    runs
}

fn guess_type(name: &str, after_title: bool) -> EntityType {
    let parts: Vec<&str> = name.split(' ').collect();
    if parts.iter().any(|p| ORG_SUFFIXES.contains(p)) {
        EntityType::Org
    } else if after_title {
        EntityType::Person
    } else if parts.len() == 1
        && ["ian", "ese", "ish", "ern"]
            .iter()
            .any(|s| name.ends_with(s))
    {
        EntityType::Norp
    } else if (2..=3).contains(&parts.len())
        && parts.iter().all(|p| p.chars().all(char::is_alphabetic))
    {
        EntityType::Person
    } else {
        EntityType::Gpe
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(&str, EntityType)> {
        capitalized_runs(text)
            .into_iter()
            .map(|(s, t)| (&text[s.start..s.end], t))
            .collect()
    }

    #[test]
    fn non_ascii_words_and_abbreviations_keep_their_boundaries() {
        assert_eq!(
            names("Zoë met Łódź officials in the U.S. and St. Paul."),
            [
                ("Zoë", EntityType::Gpe),
                ("Łódź", EntityType::Gpe),
                ("U.S.", EntityType::Gpe),
                ("St. Paul", EntityType::Gpe)
            ]
        );
    }

    #[test]
    fn drops_titles_function_words_and_possessives() {
        assert_eq!(
            names("The visit of Russian President Vladimir Putin’s team to the Bank of China."),
            [
                ("Russian", EntityType::Norp),
                ("Vladimir Putin", EntityType::Person),
                ("Bank of China", EntityType::Org)
            ]
        );
    }
}
