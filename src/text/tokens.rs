//! The token stream: words, digit runs and single punctuation marks, each
//! with the white space before it. Every extractor reads text through it
//! (directly, or through the words and names built on it), so that a word
//! boundary means the same thing everywhere.

use std::borrow::Cow;

use crate::schema::Span;
use crate::text::chars::is_letter;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters, non-ASCII digits and combining marks.
    Word,
    /// ASCII digits with comma groups and a decimal part ("1,500", "2.5", ".5").
    Num,
    /// Any other single character (vulgar fractions included).
    Punct,
}

/// White space before a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Gap {
    /// None: the token touches the previous one.
    Glued,
    /// Spaces or tabs on the same line.
    Space,
    /// A line break, or the start of the text.
    Break,
}

/// One token of the stream.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token<'a> {
    /// What it is.
    pub(crate) kind: Kind,
    /// Where it stands, in bytes.
    pub(crate) span: Span,
    /// Its text.
    pub(crate) text: &'a str,
    /// The white space before it.
    pub(crate) gap: Gap,
}

/// `word` lower-cased, borrowed when it holds no upper-case letter.
pub(crate) fn lower(word: &str) -> Cow<'_, str> {
    if word.chars().any(char::is_uppercase) {
        word.to_lowercase().into()
    } else {
        word.into()
    }
}

/// The tokens of `text`, in order.
pub(crate) fn tokenize(text: &str) -> Vec<Token<'_>> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    let mut gap = Gap::Break;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_whitespace() {
                if b == b'\n' || b == b'\r' {
                    gap = Gap::Break;
                } else if gap == Gap::Glued {
                    gap = Gap::Space;
                }
                i += 1;
                continue;
            }
            // ".5%": a decimal point after a space or a sign starts a number.
            let leading_point = b == b'.'
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
                && (i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'(' | b'$' | b'-'));
            if b.is_ascii_digit() || leading_point {
                let end = scan_number(bytes, if leading_point { i + 1 } else { i });
                let end = if leading_point { end.max(i + 2) } else { end };
                tokens.push(Token {
                    kind: Kind::Num,
                    span: Span::new(i, end),
                    text: &text[i..end],
                    gap,
                });
                gap = Gap::Glued;
                i = end;
                continue;
            }
            if !b.is_ascii_alphabetic() {
                tokens.push(Token {
                    kind: Kind::Punct,
                    span: Span::new(i, i + 1),
                    text: &text[i..i + 1],
                    gap,
                });
                gap = Gap::Glued;
                i += 1;
                continue;
            }
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            if c.is_whitespace() {
                if matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}') {
                    gap = Gap::Break;
                } else if gap == Gap::Glued {
                    gap = Gap::Space;
                }
                i += c.len_utf8();
                continue;
            }
            if !is_letter(c) {
                let end = i + c.len_utf8();
                tokens.push(Token {
                    kind: Kind::Punct,
                    span: Span::new(i, end),
                    text: &text[i..end],
                    gap,
                });
                gap = Gap::Glued;
                i = end;
                continue;
            }
        }
        // A word: letters, non-ASCII digits, combining marks.
        let start = i;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if b.is_ascii_alphabetic() {
                    i += 1;
                    continue;
                }
                break;
            }
            let c = text[i..].chars().next().unwrap_or(' ');
            if is_letter(c) {
                i += c.len_utf8();
            } else {
                break;
            }
        }
        tokens.push(Token {
            kind: Kind::Word,
            span: Span::new(start, i),
            text: &text[start..i],
            gap,
        });
        gap = Gap::Glued;
    }
    tokens
}

/// End of the digit run at `start`: "1,500", "2.5", "1,260,000.75".
fn scan_number(bytes: &[u8], start: usize) -> usize {
    let digits = |from: usize| {
        let mut j = from;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        j
    };
    let mut i = digits(start);
    if i - start <= 3 {
        while i + 4 <= bytes.len()
            && bytes[i] == b','
            && bytes[i + 1..i + 4].iter().all(u8::is_ascii_digit)
            && (i + 4 == bytes.len() || !bytes[i + 4].is_ascii_digit())
        {
            i += 4;
        }
    }
    if i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
        i = digits(i + 1);
    }
    i
}
