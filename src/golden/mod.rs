//! Golden annotation files: `golden/<id>.json`.
//!
//! The same types serve the file (code point offsets) and the scorer (byte
//! offsets, after [`GoldenFile::to_byte_offsets`]), so the two can never drift
//! apart field by field.

pub mod anchor;

use serde::{Deserialize, Serialize};

use crate::offsets::{OffsetMap, OffsetUnit};
use crate::schema::{EntityType, NumberKind, NumberValue, Span};

/// One golden file: every entity, quote and number of one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldenFile {
    /// The document id; equals the file stem.
    pub doc: String,
    /// Annotators' remarks on decisions specific to this document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Entity clusters with their mentions.
    #[serde(default)]
    pub entities: Vec<GoldEntity>,
    /// Direct quotations (absent when the corpus does not declare the layer).
    #[serde(default)]
    pub quotes: Vec<GoldQuote>,
    /// Numeric expressions (absent when the corpus does not declare the layer).
    #[serde(default)]
    pub numbers: Vec<GoldNumber>,
}

/// A span with its surface text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mention {
    /// Start offset.
    pub start: usize,
    /// End offset (exclusive).
    pub end: usize,
    /// The text at those offsets.
    pub text: String,
}

/// One real-world entity and its mentions in the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldEntity {
    /// Id unique in the file; quotes name speakers by it.
    pub id: String,
    /// Name type.
    #[serde(rename = "type")]
    pub ty: EntityType,
    /// The fullest form used in the document.
    pub canonical: String,
    /// Every mention, in text order.
    pub mentions: Vec<Mention>,
}

/// One direct quotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldQuote {
    /// Start offset (after the opening mark).
    pub start: usize,
    /// End offset (before the closing mark).
    pub end: usize,
    /// The quoted text.
    pub text: String,
    /// Entity id of the speaker, or null when no single named entity is the source.
    pub speaker: Option<String>,
    /// The reporting verb or phrase as written, or null.
    pub cue: Option<String>,
}

/// One numeric expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldNumber {
    /// Start offset.
    pub start: usize,
    /// End offset (exclusive).
    pub end: usize,
    /// The expression as written.
    pub text: String,
    /// Kind of number.
    pub kind: NumberKind,
    /// Normalised value.
    pub value: NumberValue,
    /// ISO 4217 code for money, a listed unit for quantities, "decade" for decades.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

impl GoldEntity {
    /// The mentions' spans.
    pub fn spans(&self) -> impl Iterator<Item = Span> + '_ {
        self.mentions.iter().map(|m| Span::new(m.start, m.end))
    }
}

impl GoldenFile {
    /// Converts every offset from code points to bytes. The caller has
    /// validated the offsets; an offset past the end is clamped to the text's
    /// end rather than trusted.
    pub fn to_byte_offsets(&mut self, map: &OffsetMap) {
        let end = map.char_len();
        let convert = |start: &mut usize, stop: &mut usize| {
            *start = map
                .to_byte(OffsetUnit::Codepoint, (*start).min(end))
                .unwrap_or_default();
            *stop = map
                .to_byte(OffsetUnit::Codepoint, (*stop).min(end))
                .unwrap_or_default();
        };
        for entity in &mut self.entities {
            for m in &mut entity.mentions {
                convert(&mut m.start, &mut m.end);
            }
        }
        for q in &mut self.quotes {
            convert(&mut q.start, &mut q.end);
        }
        for n in &mut self.numbers {
            convert(&mut n.start, &mut n.end);
        }
    }

    /// The entity with this id.
    pub fn entity(&self, id: &str) -> Option<&GoldEntity> {
        self.entities.iter().find(|e| e.id == id)
    }

    /// Number of gold spans in a layer (entity mentions count one each).
    pub fn count(&self, layer: crate::schema::Layer) -> usize {
        match layer {
            crate::schema::Layer::Entities => self.entities.iter().map(|e| e.mentions.len()).sum(),
            crate::schema::Layer::Quotes => self.quotes.len(),
            crate::schema::Layer::Numbers => self.numbers.len(),
        }
    }
}
