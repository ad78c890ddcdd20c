//! Mapping an extractor's entity labels to the OntoNotes types, and the
//! coarse four-class view (PERSON, ORG, LOC, MISC) for extractors trained on
//! CoNLL-style labels.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::schema::EntityType;

/// Aliases applied before any user map: common spellings of our types.
const BUILTIN_ALIASES: &[(&str, &str)] = &[
    ("FACILITY", "FAC"),
    ("LOCATION", "LOC"),
    ("NATIONALITY", "NORP"),
    ("ORGANIZATION", "ORG"),
    ("ORGANISATION", "ORG"),
    ("PER", "PERSON"),
    ("WORK OF ART", "WORK_OF_ART"),
];

/// The four coarse classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Coarse {
    /// PERSON.
    #[serde(rename = "PERSON")]
    Person,
    /// ORG.
    #[serde(rename = "ORG")]
    Org,
    /// GPE, LOC and FAC.
    #[serde(rename = "LOC")]
    Loc,
    /// Every other type.
    #[serde(rename = "MISC")]
    Misc,
}

impl Coarse {
    /// The coarse class of a type.
    pub fn of(ty: EntityType) -> Coarse {
        match ty {
            EntityType::Person => Coarse::Person,
            EntityType::Org => Coarse::Org,
            EntityType::Gpe | EntityType::Loc | EntityType::Fac => Coarse::Loc,
            EntityType::Custom("PER") => Coarse::Person,
            _ => Coarse::Misc,
        }
    }

    /// The class's label.
    pub fn label(self) -> &'static str {
        match self {
            Coarse::Person => "PERSON",
            Coarse::Org => "ORG",
            Coarse::Loc => "LOC",
            Coarse::Misc => "MISC",
        }
    }
}

/// Extractor label → our label; recorded in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LabelMap(pub BTreeMap<String, String>);

impl Default for LabelMap {
    fn default() -> Self {
        LabelMap(
            BUILTIN_ALIASES
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
        )
    }
}

impl LabelMap {
    /// Reads a JSON object of extractor label → entity type (an OntoNotes
    /// type, `MISC`, or a type a corpus declares, such as CoNLL's `PER`) and
    /// adds it to the built-in aliases.
    pub fn from_file(path: &std::path::Path) -> crate::Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| crate::Error::io(path, e))?;
        let map: BTreeMap<String, String> =
            serde_json::from_slice(&bytes).map_err(|source| crate::Error::Json {
                path: path.to_path_buf(),
                message: "expected a JSON object of label → type".into(),
                source: Some(source),
            })?;
        if let Some((from, to)) = map
            .iter()
            .find(|(_, to)| to.as_str() != "MISC" && EntityType::declare(to).is_err())
        {
            return Err(crate::Error::Json {
                path: path.to_path_buf(),
                message: format!("`{from}` maps to `{to}`, which is not an entity type label (OntoNotes, MISC, or upper-case letters, digits, `_` and `-` as a corpus declares them)"),
                source: None,
            });
        }
        Ok(LabelMap::with(map))
    }

    /// The built-in aliases with `extra` added (and taking precedence).
    pub fn with(extra: BTreeMap<String, String>) -> Self {
        let mut map = LabelMap::default();
        map.0.extend(extra);
        map
    }

    fn mapped<'a>(&'a self, label: &'a str) -> &'a str {
        self.0.get(label).map_or(label, String::as_str)
    }

    /// The OntoNotes type a predicted label stands for, if any.
    pub fn fine(&self, label: &str) -> Option<EntityType> {
        EntityType::from_label(self.mapped(label))
    }

    /// The coarse class a predicted label stands for: through its type, or
    /// directly when the label is a coarse class name (`MISC`).
    pub fn coarse(&self, label: &str) -> Option<Coarse> {
        let mapped = self.mapped(label);
        EntityType::from_label(mapped)
            .map(Coarse::of)
            .or(match mapped {
                "MISC" => Some(Coarse::Misc),
                _ => None,
            })
    }
}
