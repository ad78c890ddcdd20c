//! A large JSON text read as it comes, one value at a time: the caller walks
//! the structure (`{`, `,`, `:`, `]`) and takes each value it needs as a
//! slice, which `serde_json::from_slice` parses.
//!
//! Why: serde_json reading from an `io::Read` takes a byte per call (the
//! 60 MB manifest of a 76,200-document corpus kept one core busy for 2.25 s
//! that way); reading a large manifest whole into memory would make memory
//! grow with the corpus. Here memory holds one value (and one read's worth
//! of bytes) at a time.
//!
//! Cutting a value only finds where it ends (brackets, strings and their
//! escapes); whatever is inside is checked by the slice's parse, and the
//! bytes between values by the caller's walk, so a text is taken exactly
//! when it is valid JSON of the expected shape.

use std::io::{self, Read};

/// Bytes asked of the reader per read.
const READ_SIZE: usize = 64 << 10;

/// The deepest nesting serde_json parses (its recursion limit).
pub(crate) const MAX_DEPTH: usize = 127;

/// A JSON text being read, with the bytes read but not yet consumed.
pub(crate) struct Pieces<R> {
    reader: R,
    read_size: usize,
    buf: Vec<u8>,
    /// The first byte not consumed.
    at: usize,
    /// The reader has nothing more.
    eof: bool,
}

impl<R: Read> Pieces<R> {
    pub(crate) fn new(reader: R) -> Pieces<R> {
        Pieces::with_read_size(reader, READ_SIZE)
    }

    /// Reads `read_size` bytes at a time (tests cut values across reads).
    fn with_read_size(reader: R, read_size: usize) -> Pieces<R> {
        Pieces {
            reader,
            read_size: read_size.max(1),
            buf: Vec::new(),
            at: 0,
            eof: false,
        }
    }

    /// Appends the next read to the buffer (dropping what was consumed);
    /// false at the end of the text.
    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        self.buf.drain(..self.at);
        self.at = 0;
        let len = self.buf.len();
        self.buf.resize(len + self.read_size, 0);
        let n = loop {
            match self.reader.read(&mut self.buf[len..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.buf.truncate(len);
                    return Err(e);
                }
            }
        };
        self.buf.truncate(len + n);
        self.eof = n == 0;
        Ok(n > 0)
    }

    /// The next byte that is not JSON white space, left unconsumed; `None`
    /// at the end of the text.
    fn peek(&mut self) -> io::Result<Option<u8>> {
        loop {
            while let Some(&b) = self.buf.get(self.at) {
                if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                    return Ok(Some(b));
                }
                self.at += 1;
            }
            if !self.fill()? {
                return Ok(None);
            }
        }
    }

    /// Consumes `byte` when it comes next (after white space).
    pub(crate) fn eat(&mut self, byte: u8) -> io::Result<bool> {
        let found = self.peek()? == Some(byte);
        self.at += usize::from(found);
        Ok(found)
    }

    /// Nothing but white space is left.
    pub(crate) fn at_end(&mut self) -> io::Result<bool> {
        Ok(self.peek()?.is_none())
    }

    /// The next value's bytes, consumed: an object or array to its matching
    /// bracket, a string to its closing quote, anything else to the next
    /// white space or structural byte. `None` when the text ends first, or
    /// when arrays and objects nest more than `max_depth` deep in it.
    pub(crate) fn value(&mut self, max_depth: usize) -> io::Result<Option<&[u8]>> {
        let Some(first) = self.peek()? else {
            return Ok(None);
        };
        let mut scan = Scan::new(first);
        let mut i = self.at;
        loop {
            if scan.in_string && !scan.escaped {
                // Inside a string only its end and its escapes matter.
                let rest = &self.buf[i..];
                i += memchr::memchr2(b'"', b'\\', rest).unwrap_or(rest.len());
            }
            let Some(&b) = self.buf.get(i) else {
                // A fill moves the bytes not consumed to the buffer's start,
                // even when nothing more comes.
                let offset = i - self.at;
                let more = self.fill()?;
                i = self.at + offset;
                if more {
                    continue;
                }
                if scan.ends_at_text_end() {
                    break;
                }
                return Ok(None);
            };
            match scan.step(b) {
                Step::Continue => i += 1,
                Step::EndsAfter => {
                    i += 1;
                    break;
                }
                Step::EndsBefore => break,
            }
            if scan.depth > max_depth {
                return Ok(None);
            }
        }
        let start = self.at;
        self.at = i;
        Ok(Some(&self.buf[start..i]))
    }
}

/// Where a value being cut stands.
struct Scan {
    /// The value is an array or an object.
    nested: bool,
    /// The value is a string.
    string: bool,
    depth: usize,
    in_string: bool,
    escaped: bool,
}

enum Step {
    Continue,
    /// The value ends with this byte.
    EndsAfter,
    /// The value ended before this byte.
    EndsBefore,
}

impl Scan {
    fn new(first: u8) -> Scan {
        Scan {
            nested: matches!(first, b'[' | b'{'),
            string: first == b'"',
            depth: 0,
            in_string: false,
            escaped: false,
        }
    }

    /// A number or literal may end where the text does.
    fn ends_at_text_end(&self) -> bool {
        !self.nested && !self.string
    }

    fn step(&mut self, b: u8) -> Step {
        if self.in_string {
            match (self.escaped, b) {
                (true, _) => self.escaped = false,
                (false, b'\\') => self.escaped = true,
                (false, b'"') => {
                    self.in_string = false;
                    if self.string {
                        return Step::EndsAfter;
                    }
                }
                _ => {}
            }
            return Step::Continue;
        }
        match b {
            b'"' => self.in_string = true,
            b'[' | b'{' if self.nested => self.depth += 1,
            b']' | b'}' if self.nested => {
                self.depth = self.depth.saturating_sub(1);
                if self.depth == 0 {
                    return Step::EndsAfter;
                }
            }
            b' ' | b'\t' | b'\n' | b'\r' | b',' | b':' | b'[' | b']' | b'{' | b'}'
                if !self.nested =>
            {
                return Step::EndsBefore
            }
            _ => {}
        }
        Step::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Cuts every element of a top-level array, `read_size` bytes per read.
    fn elements(json: &[u8], read_size: usize) -> Option<Vec<serde_json::Value>> {
        let mut pieces = Pieces::with_read_size(json, read_size);
        let mut out = Vec::new();
        if !pieces.eat(b'[').ok()? {
            return None;
        }
        if !pieces.eat(b']').ok()? {
            loop {
                let value = pieces.value(MAX_DEPTH - 1).ok()??;
                out.push(serde_json::from_slice(value).ok()?);
                if pieces.eat(b',').ok()? {
                    continue;
                }
                if pieces.eat(b']').ok()? {
                    break;
                }
                return None;
            }
        }
        pieces.at_end().ok()?.then_some(out)
    }

    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            "[\\PC\"\\\\\\[\\]{},:]{0,8}".prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
                prop::collection::btree_map("[a-z\"\\\\{}]{0,4}", inner, 0..4)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// Any array, written compactly or pretty, comes back element by
        /// element at any read size, as serde_json reads it whole.
        #[test]
        fn arrays_come_back_whole_at_any_read_size(
            items in prop::collection::vec(json_value(), 0..6),
            pretty in any::<bool>(),
            read_size in 1usize..40,
        ) {
            let json = match pretty {
                true => serde_json::to_vec_pretty(&items).unwrap(),
                false => serde_json::to_vec(&items).unwrap(),
            };
            prop_assert_eq!(elements(&json, read_size), Some(items));
        }

        /// A text is taken exactly when serde_json parses it whole as an array.
        #[test]
        fn a_text_is_taken_exactly_when_it_is_a_json_array(
            text in "[ \\[\\]{},:\"\\\\a1tnul\\.e-]{0,24}",
            read_size in 1usize..8,
        ) {
            let whole: Option<Vec<serde_json::Value>> = serde_json::from_str(&text).ok();
            prop_assert_eq!(elements(text.as_bytes(), read_size), whole);
        }
    }

    #[test]
    fn numbers_and_literals_end_at_structure_or_the_text_end() {
        for (json, first) in [
            ("1", "1"),
            ("-12.5e3 ", "-12.5e3"),
            ("true,", "true"),
            ("null]", "null"),
            ("\"a\\\"]\" ", "\"a\\\"]\""),
            ("{\"a\": [1, {}]} x", "{\"a\": [1, {}]}"),
        ] {
            let mut pieces = Pieces::with_read_size(json.as_bytes(), 2);
            let cut = pieces.value(MAX_DEPTH).unwrap().map(|v| v.to_vec());
            assert_eq!(cut.as_deref(), Some(first.as_bytes()), "{json}");
        }
    }

    /// A number that ends the text after consumed bytes: the last fill
    /// moves it to the buffer's start and reads nothing.
    #[test]
    fn a_number_ending_the_text_is_cut_whole_after_the_last_fill() {
        for read_size in 1..5 {
            let mut pieces = Pieces::with_read_size(&b"[12"[..], read_size);
            assert!(pieces.eat(b'[').unwrap());
            let cut = pieces.value(MAX_DEPTH).unwrap().map(|v| v.to_vec());
            assert_eq!(cut.as_deref(), Some(&b"12"[..]), "read size {read_size}");
            assert!(pieces.at_end().unwrap());
        }
    }

    #[test]
    fn a_value_cut_short_or_nested_too_deep_is_not_given() {
        let mut pieces = Pieces::new(&b"{\"a\": [1, 2"[..]);
        assert_eq!(pieces.value(MAX_DEPTH).unwrap(), None);
        let deep = format!("{}{}", "[".repeat(4), "]".repeat(4));
        assert!(Pieces::new(deep.as_bytes()).value(4).unwrap().is_some());
        assert_eq!(Pieces::new(deep.as_bytes()).value(3).unwrap(), None);
    }
}
