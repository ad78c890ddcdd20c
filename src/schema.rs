//! The vocabulary shared by golden files, predictions and reports: layers,
//! entity types, number kinds, number values and spans.
//!
//! It lives apart from both file formats so that a golden annotation and a
//! prediction can never disagree on what "PERSON" or "money" means.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A byte range `[start, end)` into a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// Whether the two spans share at least one byte.
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span is empty.
    pub fn is_empty(self) -> bool {
        self.start >= self.end
    }
}

/// One of the three things an extractor can produce and a golden file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    /// Named entity mentions.
    Entities,
    /// Direct quotations with speakers.
    Quotes,
    /// Numeric expressions with normalised values.
    Numbers,
}

impl Layer {
    /// All layers in report order.
    pub const ALL: [Layer; 3] = [Layer::Entities, Layer::Quotes, Layer::Numbers];

    /// The layer's name as used in metric ids and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Layer::Entities => "entities",
            Layer::Quotes => "quotes",
            Layer::Numbers => "numbers",
        }
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An entity type: one of the eleven OntoNotes 5 name types, or a type a
/// corpus declares in its manifest (`"entity_types"`, e.g. CoNLL's `PER`).
///
/// Declared types are interned once per label for the life of the process,
/// so a type stays `Copy` and compares as cheaply as a built-in one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityType {
    /// People, real or fictional.
    Person,
    /// Nationalities, religious and political groups.
    Norp,
    /// Buildings, airports, roads, bridges.
    Fac,
    /// Companies, agencies, institutions.
    Org,
    /// Countries, cities, states.
    Gpe,
    /// Non-political locations: continents, regions, planets.
    Loc,
    /// Objects, vehicles, drugs, telescopes.
    Product,
    /// Named events.
    Event,
    /// Titles of works.
    WorkOfArt,
    /// Named laws and treaties.
    Law,
    /// Named languages.
    Language,
    /// A type outside OntoNotes, declared by a corpus.
    Custom(&'static str),
}

impl EntityType {
    /// All types in OntoNotes order.
    pub const ALL: [EntityType; 11] = [
        EntityType::Person,
        EntityType::Norp,
        EntityType::Fac,
        EntityType::Org,
        EntityType::Gpe,
        EntityType::Loc,
        EntityType::Product,
        EntityType::Event,
        EntityType::WorkOfArt,
        EntityType::Law,
        EntityType::Language,
    ];

    /// The type's label, e.g. `WORK_OF_ART`.
    pub fn label(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Norp => "NORP",
            EntityType::Fac => "FAC",
            EntityType::Org => "ORG",
            EntityType::Gpe => "GPE",
            EntityType::Loc => "LOC",
            EntityType::Product => "PRODUCT",
            EntityType::Event => "EVENT",
            EntityType::WorkOfArt => "WORK_OF_ART",
            EntityType::Law => "LAW",
            EntityType::Language => "LANGUAGE",
            EntityType::Custom(label) => label,
        }
    }

    /// The type with this label: an OntoNotes type, or a type some corpus of
    /// this process has declared (a manifest's `entity_types`).
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.label() == label)
            .or_else(|| declared().get(label).map(|l| EntityType::Custom(l)))
    }

    /// The type with this label, declaring it when it is not an OntoNotes
    /// type. Labels are non-empty upper-case ASCII letters, digits, `_` and `-`.
    pub(crate) fn declare(label: &str) -> Result<Self, String> {
        if let Some(t) = Self::ALL.into_iter().find(|t| t.label() == label) {
            return Ok(t);
        }
        let well_formed = !label.is_empty()
            && label
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
        if !well_formed {
            return Err(format!(
                "entity type `{label}` must be upper-case letters, digits, `_` or `-`"
            ));
        }
        let mut set = declared();
        if let Some(known) = set.get(label) {
            return Ok(EntityType::Custom(known));
        }
        let leaked: &'static str = Box::leak(label.to_owned().into_boxed_str());
        set.insert(leaked);
        Ok(EntityType::Custom(leaked))
    }
}

/// Labels declared beyond OntoNotes; a handful per corpus, kept for the process.
fn declared() -> std::sync::MutexGuard<'static, std::collections::BTreeSet<&'static str>> {
    static DECLARED: std::sync::Mutex<std::collections::BTreeSet<&'static str>> =
        std::sync::Mutex::new(std::collections::BTreeSet::new());
    DECLARED.lock().unwrap_or_else(|e| e.into_inner())
}

impl Serialize for EntityType {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.label())
    }
}

impl<'de> Deserialize<'de> for EntityType {
    /// Any well-formed label; whether the corpus declares it is for validation to say.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let label = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        EntityType::declare(&label).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The kinds of numeric expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NumberKind {
    /// A count or amount: "1,500", "two", "a dozen".
    Cardinal,
    /// A rank: "fifth", "2nd".
    Ordinal,
    /// An amount of a currency; unit is an ISO 4217 code.
    Money,
    /// A percentage; the value is the number before the sign.
    Percent,
    /// A number with a unit of measure or time; unit from the closed list.
    Quantity,
    /// A calendar year alone, or a decade with unit "decade".
    Year,
    /// A calendar date; the value is a `YYYY-MM-DD`, `XXXX-MM-DD` or `YYYY-MM` string.
    Date,
}

impl NumberKind {
    /// All kinds in report order.
    pub const ALL: [NumberKind; 7] = [
        NumberKind::Cardinal,
        NumberKind::Ordinal,
        NumberKind::Money,
        NumberKind::Percent,
        NumberKind::Quantity,
        NumberKind::Year,
        NumberKind::Date,
    ];

    /// The kind's name, e.g. `money`.
    pub fn name(self) -> &'static str {
        match self {
            NumberKind::Cardinal => "cardinal",
            NumberKind::Ordinal => "ordinal",
            NumberKind::Money => "money",
            NumberKind::Percent => "percent",
            NumberKind::Quantity => "quantity",
            NumberKind::Year => "year",
            NumberKind::Date => "date",
        }
    }
}

impl fmt::Display for NumberKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A normalised number value: a JSON number for every kind but dates, a string for dates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum NumberValue {
    /// A numeric value.
    Number(f64),
    /// A date string.
    Text(String),
}

impl fmt::Display for NumberValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumberValue::Number(n) => write!(f, "{n}"),
            NumberValue::Text(s) => write!(f, "{s}"),
        }
    }
}
