//! Entity extractors, and what they share.

pub mod capitalized;
pub mod gazetteer;

use crate::prediction::{PredictedEntity, Prediction};
use crate::schema::{EntityType, Span};

/// A prediction of the entities layer from typed spans.
pub(crate) fn entities_prediction(typed: Vec<(Span, EntityType)>) -> Prediction {
    let entities = typed
        .into_iter()
        .map(|(span, ty)| PredictedEntity {
            start: span.start,
            end: span.end,
            ty: ty.label().to_owned(),
        })
        .collect();
    Prediction {
        entities: Some(entities),
        ..Prediction::default()
    }
}

/// Days and months: capitalised, but dates rather than names ("May" is
/// checked separately, since it is also a given name).
pub(crate) const CALENDAR: &[&str] = &[
    "April",
    "August",
    "December",
    "February",
    "Friday",
    "January",
    "July",
    "June",
    "March",
    "Monday",
    "November",
    "October",
    "Saturday",
    "September",
    "Sunday",
    "Thursday",
    "Tuesday",
    "Wednesday",
];

/// Whether a word is capitalised, or is a lower-case Arabic or French name
/// particle glued to a capital ("al-Khatib", "d’Estaing").
pub(crate) fn is_capitalized(word: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "al-", "el-", "ad-", "ar-", "as-", "ash-", "at-", "bin-", "ibn-", "abu-", "d’", "d'",
    ];
    let rest = PREFIXES
        .iter()
        .find_map(|p| word.strip_prefix(p))
        .unwrap_or(word);
    rest.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    #[test]
    fn calendar_is_sorted_for_binary_search() {
        assert!(super::CALENDAR.windows(2).all(|w| w[0] < w[1]));
    }
}
