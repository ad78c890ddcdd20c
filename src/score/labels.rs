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

/// The type or class (`MISC`) a label differs from only in case, if any.
pub fn case_twin(label: &str) -> Option<&'static str> {
    EntityType::ALL
        .iter()
        .map(|t| t.label())
        .chain(["MISC"])
        .find(|known| known.eq_ignore_ascii_case(label) && *known != label)
}

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

/// Extractor label → our label, or `None` for a label dropped before
/// scoring (`"DATE": null`: an extractor's label with no OntoNotes name
/// type); recorded in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LabelMap(pub BTreeMap<String, Option<String>>);

impl Default for LabelMap {
    fn default() -> Self {
        LabelMap(
            BUILTIN_ALIASES
                .iter()
                .map(|(a, b)| (a.to_string(), Some(b.to_string())))
                .collect(),
        )
    }
}

impl LabelMap {
    /// Reads a JSON object of extractor label → entity type (an OntoNotes
    /// type, `MISC`, or a type a corpus declares, such as CoNLL's `PER`), or
    /// `null` to drop the label, and adds it to the built-in aliases. A
    /// target differing only in case from an OntoNotes type is an error saying so.
    pub fn from_file(path: &std::path::Path) -> crate::Result<Self> {
        let bytes = crate::guard::read_regular(path).map_err(|e| crate::Error::io(path, e))?;
        if let Some(message) = crate::strict_json::duplicate_key(&bytes) {
            return Err(crate::Error::Json {
                path: path.to_path_buf(),
                message,
                source: None,
            });
        }
        let map: BTreeMap<String, Option<String>> =
            serde_json::from_slice(&bytes).map_err(|source| crate::Error::Json {
                path: path.to_path_buf(),
                message: "expected a JSON object of label → type (or null to drop the label)"
                    .into(),
                source: Some(source),
            })?;
        for (from, to) in &map {
            let Some(to) = to else { continue };
            if to.as_str() == "MISC" || EntityType::from_label(to).is_some() {
                continue;
            }
            let message = match case_twin(to) {
                Some(known) => format!("`{from}` maps to `{to}`, which differs only in case from `{known}`: labels are case-sensitive"),
                None if EntityType::declare(to).is_ok() => continue,
                None => format!("`{from}` maps to `{to}`, which is not an entity type label (OntoNotes, MISC, or upper-case letters, digits, `_` and `-` as a corpus declares them)"),
            };
            return Err(crate::Error::Json {
                path: path.to_path_buf(),
                message,
                source: None,
            });
        }
        let mut out = LabelMap::default();
        out.0.extend(map);
        Ok(out)
    }

    /// The built-in aliases with `extra` added (and taking precedence).
    pub fn with(extra: BTreeMap<String, String>) -> Self {
        let mut map = LabelMap::default();
        map.0.extend(extra.into_iter().map(|(k, v)| (k, Some(v))));
        map
    }

    /// Whether the map drops this label before scoring.
    pub fn is_dropped(&self, label: &str) -> bool {
        matches!(self.0.get(label), Some(None))
    }

    /// Whether a predicted label is an OntoNotes type, `MISC`, mapped or dropped.
    pub fn knows(&self, label: &str) -> bool {
        self.is_dropped(label) || self.coarse(label).is_some()
    }

    fn mapped<'a>(&'a self, label: &'a str) -> &'a str {
        match self.0.get(label) {
            Some(Some(to)) => to.as_str(),
            _ => label,
        }
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
