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

/// Where one text's characters wider than a byte sit, for converting offsets.
///
/// Between two non-ASCII characters every unit advances by one per
/// character, so only the non-ASCII characters are kept: the map's memory is
/// proportional to the non-ASCII content (nothing for ASCII text), and a
/// conversion is a binary search over them.
#[derive(Debug, Clone)]
pub struct OffsetMap {
    /// Every non-ASCII character, in text order.
    wide: Vec<Wide>,
    /// Bytes in the text.
    bytes: usize,
    /// Code points in the text.
    chars: usize,
}

/// One non-ASCII character: its offsets in every unit and its widths.
#[derive(Debug, Clone, Copy)]
struct Wide {
    char: usize,
    byte: usize,
    utf16: usize,
    byte_len: u8,
    utf16_len: u8,
}

impl Wide {
    fn end(&self, unit: OffsetUnit) -> usize {
        match unit {
            OffsetUnit::Codepoint => self.char + 1,
            OffsetUnit::Utf8 => self.byte + usize::from(self.byte_len),
            OffsetUnit::Utf16 => self.utf16 + usize::from(self.utf16_len),
        }
    }

    fn start(&self, unit: OffsetUnit) -> usize {
        match unit {
            OffsetUnit::Codepoint => self.char,
            OffsetUnit::Utf8 => self.byte,
            OffsetUnit::Utf16 => self.utf16,
        }
    }
}

impl OffsetMap {
    /// Indexes the non-ASCII characters of `text`.
    pub fn new(text: &str) -> Self {
        let mut wide = Vec::new();
        let (mut chars, mut utf16) = (0, 0);
        for (byte, ch) in text.char_indices() {
            if !ch.is_ascii() {
                wide.push(Wide {
                    char: chars,
                    byte,
                    utf16,
                    byte_len: ch.len_utf8() as u8,
                    utf16_len: ch.len_utf16() as u8,
                });
            }
            chars += 1;
            utf16 += ch.len_utf16();
        }
        OffsetMap {
            wide,
            bytes: text.len(),
            chars,
        }
    }

    /// Number of code points in the text.
    pub fn char_len(&self) -> usize {
        self.chars
    }

    /// The text's length in `unit`.
    fn len(&self, unit: OffsetUnit) -> usize {
        match unit {
            OffsetUnit::Codepoint => self.chars,
            OffsetUnit::Utf8 => self.bytes,
            OffsetUnit::Utf16 => self.wide.last().map_or(self.bytes, |w| {
                w.end(OffsetUnit::Utf16) + (self.bytes - w.end(OffsetUnit::Utf8))
            }),
        }
    }

    /// Converts a boundary offset from one unit to another, or `None` when
    /// it is past the end or inside a character.
    fn convert(&self, from: OffsetUnit, to: OffsetUnit, offset: usize) -> Option<usize> {
        if offset > self.len(from) {
            return None;
        }
        // The last wide character starting before the offset.
        let before = self.wide.partition_point(|w| w.start(from) < offset);
        let Some(w) = before.checked_sub(1).map(|i| self.wide[i]) else {
            return Some(offset);
        };
        let past = offset.checked_sub(w.end(from))?;
        Some(w.end(to) + past)
    }

    /// The byte offset of an offset counted in `unit`, or `None` when it is
    /// past the end or not on a character boundary.
    pub fn to_byte(&self, unit: OffsetUnit, offset: usize) -> Option<usize> {
        self.convert(unit, OffsetUnit::Utf8, offset)
    }

    /// The offset in `unit` of a byte offset, or `None` when the byte offset
    /// is past the end or not on a character boundary.
    pub fn from_byte(&self, unit: OffsetUnit, byte: usize) -> Option<usize> {
        self.convert(OffsetUnit::Utf8, unit, byte)
    }

    /// Heap bytes the map holds.
    pub fn heap_bytes(&self) -> usize {
        self.wide.capacity() * std::mem::size_of::<Wide>()
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

    #[test]
    fn memory_follows_the_non_ascii_content() {
        // Issue 15.10: 16 bytes per byte of text (a 200 MB article took 3.5 GB).
        let ascii = "a plain wire story. ".repeat(50_000);
        assert_eq!(OffsetMap::new(&ascii).heap_bytes(), 0);
        let mixed = format!("{ascii}Zürich café");
        let map = OffsetMap::new(&mixed);
        assert!(map.heap_bytes() <= 2 * 64, "{}", map.heap_bytes());
        assert_eq!(
            map.to_byte(OffsetUnit::Codepoint, ascii.len() + 11),
            Some(mixed.len())
        );
        assert_eq!(
            map.from_byte(OffsetUnit::Utf16, mixed.len()),
            Some(ascii.len() + 11)
        );
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
                // Reference: every boundary listed in every unit.
                let mut bounds: Vec<(usize, usize, usize)> = Vec::new();
                let (mut c, mut u) = (0, 0);
                for (b, ch) in text.char_indices() {
                    bounds.push((c, b, u));
                    c += 1;
                    u += ch.len_utf16();
                }
                bounds.push((c, text.len(), u));
                for offset in 0..=text.len() + 2 {
                    let by = |f: fn(&(usize, usize, usize)) -> usize| {
                        bounds.iter().find(|t| f(t) == offset).map(|t| t.1)
                    };
                    prop_assert_eq!(map.to_byte(OffsetUnit::Codepoint, offset), by(|t| t.0));
                    prop_assert_eq!(map.to_byte(OffsetUnit::Utf8, offset), by(|t| t.1));
                    prop_assert_eq!(map.to_byte(OffsetUnit::Utf16, offset), by(|t| t.2));
                    let at = bounds.iter().find(|t| t.1 == offset);
                    prop_assert_eq!(map.from_byte(OffsetUnit::Utf16, offset), at.map(|t| t.2));
                    prop_assert_eq!(map.from_byte(OffsetUnit::Codepoint, offset), at.map(|t| t.0));
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
