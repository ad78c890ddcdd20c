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
use crate::extract::entities::entities_prediction;
use crate::extract::Extractor;
use crate::prediction::Prediction;
use crate::schema::{EntityType, Layer, Span};
use crate::text::lists::word_list;
use crate::text::names::name_runs;
use crate::text::tokens::tokenize;
use crate::text::words::words;

/// The capitalised-run baseline.
pub struct Capitalized;

word_list!(
    /// Last words that make a run an organisation.
    ORG_SUFFIXES, "entities/run_org_suffixes.txt"
);

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
    name_runs(text, &words(text, &tokenize(text), true))
        .into_iter()
        .map(|(span, after_title)| (span, guess_type(&text[span.start..span.end], after_title)))
        .collect()
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
