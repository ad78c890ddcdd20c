//! What is read once per document: its dateline, phone numbers, and the
//! currency and temperature hints the rules fall back on.

use super::*;

pub(super) static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*([A-Z][A-Z'’.\- ]{2,}(?:,[ \t]*[A-Z][\p{L}'’.\- ]+)?)[ \t]*(?:\([A-Za-z ]+\)[ \t]*)?[—–-]")
        .expect("valid pattern")
});

pub(super) static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\+\d{1,3}[ .\-]?(?:\(\d{1,4}\)[ .\-]?)?\d{1,4}(?:[ .\-]\d{2,4}){1,4}|\(\d{2,4}\)[ .\-]?\d{3,4}[ .\-]\d{3,4}|\d{2,4}[ .\-]\d{3,4}[ .\-]\d{3,4}(?:[ .\-]\d{2,4})*",
    )
    .expect("valid pattern")
});

/// Facts about the whole document, computed only when a number needs them.
pub(super) struct DocContext<'a> {
    pub(super) text: &'a str,
    pub(super) dateline: OnceCell<String>,
    pub(super) phones: OnceCell<Vec<(usize, usize)>>,
    pub(super) temperature: OnceCell<Vec<(usize, bool)>>,
    pub(super) yuan: OnceCell<bool>,
    pub(super) korea: OnceCell<bool>,
    pub(super) pound_sign: OnceCell<bool>,
    pub(super) lower: OnceCell<String>,
}

impl<'a> DocContext<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        DocContext {
            text,
            dateline: OnceCell::new(),
            phones: OnceCell::new(),
            temperature: OnceCell::new(),
            yuan: OnceCell::new(),
            korea: OnceCell::new(),
            pound_sign: OnceCell::new(),
            lower: OnceCell::new(),
        }
    }

    pub(super) fn dateline(&self) -> &str {
        self.dateline.get_or_init(|| {
            let head = &self.text[..floor_char_boundary(self.text, 6000)];
            DATELINE
                .captures(head)
                .and_then(|c| c.get(1))
                .map(|m| m.as_str().to_lowercase())
                .unwrap_or_default()
        })
    }

    pub(super) fn lower(&self) -> &str {
        self.lower.get_or_init(|| self.text.to_lowercase())
    }

    /// Whether bytes `start..end` fall inside a phone number.
    pub(super) fn in_phone(&self, start: usize) -> Option<usize> {
        let phones = self.phones.get_or_init(|| {
            let bytes = self.text.as_bytes();
            PHONE
                .find_iter(self.text)
                .filter(|m| {
                    let before = m.start().checked_sub(1).map(|i| bytes[i]);
                    let after = bytes.get(m.end()).copied();
                    !before.is_some_and(|b| b.is_ascii_digit() || b == b',' || b == b'.')
                        && !after.is_some_and(|b| b.is_ascii_digit() || b.is_ascii_alphabetic())
                        && m.as_str().bytes().filter(u8::is_ascii_digit).count() >= 7
                })
                .map(|m| (m.start(), m.end()))
                .collect()
        });
        phones
            .iter()
            .find(|(s, e)| *s <= start && start < *e)
            .map(|(_, e)| *e)
    }

    /// Whether a bare "degrees" at `pos` is Fahrenheit: the last explicit
    /// scale before it, else the first after it; Celsius by default.
    pub(super) fn fahrenheit_at(&self, pos: usize) -> bool {
        let marks = self.temperature.get_or_init(|| {
            let mut marks = Vec::new();
            for (pat, f) in [
                ("Fahrenheit", true),
                ("°F", true),
                ("ºF", true),
                ("℉", true),
                ("Celsius", false),
                ("centigrade", false),
                ("°C", false),
                ("ºC", false),
                ("℃", false),
            ] {
                marks.extend(self.text.match_indices(pat).map(|(i, _)| (i, f)));
            }
            marks.sort_unstable();
            marks
        });
        marks
            .iter()
            .rev()
            .find(|(i, _)| *i < pos)
            .or_else(|| marks.iter().find(|(i, _)| *i >= pos))
            .is_some_and(|(_, f)| *f)
    }

    pub(super) fn resolve(&self, base: Base) -> &'static str {
        match base {
            Base::Fixed(code) => code,
            Base::Dollar | Base::Cent => "USD",
            Base::Penny => "GBP",
            Base::Won => {
                if self.lower().contains("north korea") && !self.lower().contains("south korea") {
                    "KPW"
                } else {
                    "KRW"
                }
            }
            _ => {
                let (table, default) = country_table(base);
                let dateline = self.dateline();
                if let Some((_, code)) = table.iter().find(|(k, _)| dateline.contains(k)) {
                    return code;
                }
                if base == Base::Pound {
                    return default;
                }
                let lower = self.lower();
                table
                    .iter()
                    .filter_map(|(k, code)| lower.find(k).map(|i| (i, *code)))
                    .min()
                    .map_or(default, |(_, code)| code)
            }
        }
    }

    pub(super) fn yen_is_yuan(&self) -> bool {
        *self.yuan.get_or_init(|| {
            let l = self.lower();
            l.contains("yuan") || l.contains("renminbi") || self.text.contains("RMB")
        })
    }

    pub(super) fn mentions_korea(&self) -> bool {
        *self
            .korea
            .get_or_init(|| self.text.contains("Korea") || self.text.contains("Seoul"))
    }

    pub(super) fn has_pound_sign(&self) -> bool {
        *self.pound_sign.get_or_init(|| self.text.contains('£'))
    }
}

pub(super) fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}
