//! Conversion between the offset units of the outside world and byte offsets.
//!
//! Inside the library every span is a byte range into the document's UTF-8
//! text, which is what Rust slices and regexes use. Golden files count Unicode
//! code points (what Python's `str` indexes) and predictions files may count
//! code points, bytes or UTF-16 units (what JavaScript and Java index). The
//! conversion happens once, when a file is read or written, through an
//! [`OffsetMap`] built once per document.

use serde::{Deserialize, Serialize};

/// The unit a file's offsets count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum OffsetUnit {
    /// Unicode scalar values (Python `str` indices). The default everywhere.
    #[default]
    Codepoint,
    /// Bytes of the UTF-8 encoding (Rust indices).
    Utf8,
    /// UTF-16 code units (JavaScript, Java and C# indices).
    Utf16,
}

/// Byte positions of every character boundary of one text, for converting offsets.
#[derive(Debug, Clone)]
pub struct OffsetMap {
    /// `char_bytes[i]` is the byte offset of code point `i`; the last entry is the text's length.
    char_bytes: Vec<usize>,
    /// `char_utf16[i]` is the UTF-16 offset of code point `i`; the last entry is the UTF-16 length.
    char_utf16: Vec<usize>,
}

impl OffsetMap {
    /// Indexes the character boundaries of `text`.
    pub fn new(text: &str) -> Self {
        let mut char_bytes = Vec::with_capacity(text.len() + 1);
        let mut char_utf16 = Vec::with_capacity(text.len() + 1);
        let mut utf16 = 0;
        for (byte, ch) in text.char_indices() {
            char_bytes.push(byte);
            char_utf16.push(utf16);
            utf16 += ch.len_utf16();
        }
        char_bytes.push(text.len());
        char_utf16.push(utf16);
        OffsetMap {
            char_bytes,
            char_utf16,
        }
    }

    /// Number of code points in the text.
    pub fn char_len(&self) -> usize {
        self.char_bytes.len() - 1
    }

    /// The byte offset of an offset counted in `unit`, or `None` when it is
    /// past the end or not on a character boundary.
    pub fn to_byte(&self, unit: OffsetUnit, offset: usize) -> Option<usize> {
        match unit {
            OffsetUnit::Codepoint => self.char_bytes.get(offset).copied(),
            OffsetUnit::Utf8 => self.char_bytes.binary_search(&offset).ok().map(|_| offset),
            OffsetUnit::Utf16 => self
                .char_utf16
                .binary_search(&offset)
                .ok()
                .map(|i| self.char_bytes[i]),
        }
    }

    /// The offset in `unit` of a byte offset, or `None` when the byte offset
    /// is past the end or not on a character boundary.
    pub fn from_byte(&self, unit: OffsetUnit, byte: usize) -> Option<usize> {
        let index = self.char_bytes.binary_search(&byte).ok()?;
        Some(match unit {
            OffsetUnit::Codepoint => index,
            OffsetUnit::Utf8 => byte,
            OffsetUnit::Utf16 => self.char_utf16[index],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_non_ascii_text_in_every_unit() {
        // "é" is 2 bytes and 1 UTF-16 unit; "𝄞" is 4 bytes and 2 UTF-16 units.
        let text = "aé𝄞b";
        let map = OffsetMap::new(text);
        assert_eq!(map.char_len(), 4);
        assert_eq!(map.to_byte(OffsetUnit::Codepoint, 3), Some(7));
        assert_eq!(map.to_byte(OffsetUnit::Utf16, 4), Some(7));
        assert_eq!(
            map.to_byte(OffsetUnit::Utf16, 3),
            None,
            "inside a surrogate pair"
        );
        assert_eq!(map.to_byte(OffsetUnit::Utf8, 2), None, "inside é");
        assert_eq!(map.from_byte(OffsetUnit::Codepoint, 7), Some(3));
        assert_eq!(map.from_byte(OffsetUnit::Utf16, 7), Some(4));
        assert_eq!(map.from_byte(OffsetUnit::Codepoint, 8), Some(4));
        assert_eq!(map.from_byte(OffsetUnit::Codepoint, 9), None);
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn every_boundary_round_trips_in_every_unit(text in "\\PC{0,40}") {
                let map = OffsetMap::new(&text);
                for (byte, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
                    for unit in [OffsetUnit::Codepoint, OffsetUnit::Utf8, OffsetUnit::Utf16] {
                        let outside = map.from_byte(unit, byte).expect("boundary converts");
                        prop_assert_eq!(map.to_byte(unit, outside), Some(byte));
                    }
                }
                let cps: Vec<char> = text.chars().collect();
                for i in 0..=cps.len() {
                    let byte = map.to_byte(OffsetUnit::Codepoint, i).unwrap();
                    prop_assert_eq!(&text[..byte], cps[..i].iter().collect::<String>());
                }
            }
        }
    }
}
