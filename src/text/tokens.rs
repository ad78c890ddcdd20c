//! The token stream: words, digit runs and single punctuation marks, each
//! with the white space before it, its shape, its lower-cased form and
//! whether it opens a sentence. Every extractor reads text through it
//! (directly, or through the words and names built on it), so that a word
//! boundary, a capital and a sentence start mean the same thing everywhere;
//! all of it is computed in the one pass that finds the tokens.

use std::borrow::Cow;

use crate::schema::Span;
use crate::text::chars::is_letter;
use crate::text::sentences::{is_opening_mark, next_sentence};

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

/// The letter case of a token, which the extractors ask about every word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A word that starts lower case and holds no capital ("said").
    Lower,
    /// A word that starts with a capital and is not all capitals ("Putin", "McDonald", "I").
    Capitalised,
    /// Two or more letters, all capitals ("NATO", "BEIJING").
    Upper,
    /// A word that holds a capital but does not start with one ("iPhone", "eBay").
    Mixed,
    /// A word that starts with a letter without case and holds no capital ("北京").
    Uncased,
    /// A number token.
    Digits,
    /// A punctuation or other single-character token.
    Punct,
}

impl Shape {
    /// Starts with a capital: [`Shape::Capitalised`] or [`Shape::Upper`].
    pub(crate) fn starts_upper(self) -> bool {
        matches!(self, Shape::Capitalised | Shape::Upper)
    }

    /// Holds a capital anywhere ("Boeing", "iPhone", "DAX").
    pub(crate) fn has_upper(self) -> bool {
        matches!(self, Shape::Capitalised | Shape::Upper | Shape::Mixed)
    }

    /// Starts lower case ("said", "iPhone"), for a token of this shape whose text is `text`.
    pub(crate) fn starts_lower(self, text: &str) -> bool {
        match self {
            Shape::Lower => true,
            Shape::Mixed => text.chars().next().is_some_and(char::is_lowercase),
            _ => false,
        }
    }
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
    /// Its letter case.
    pub(crate) shape: Shape,
    /// Whether it opens a sentence of [`crate::text::sentences`]: only
    /// spaces and opening marks or brackets stand between the sentence's
    /// start and it (an opening mark at a sentence start opens it too).
    pub(crate) sentence_start: bool,
    /// Where its lower-cased form stands in `Tokens::lowered`, when it
    /// holds a capital (otherwise it is its text).
    pub(super) lower: (u32, u32),
}

/// The tokens of a text, with their lower-cased forms.
#[derive(Debug)]
pub(crate) struct Tokens<'a> {
    list: Vec<Token<'a>>,
    /// The lower-cased forms of the words that hold a capital, one after another.
    lowered: String,
}

impl<'a> std::ops::Deref for Tokens<'a> {
    type Target = [Token<'a>];

    fn deref(&self) -> &Self::Target {
        &self.list
    }
}

impl<'a> Tokens<'a> {
    /// The lower-cased form of a token of this stream (`lower(token.text)`).
    pub(crate) fn lower<'t>(&'t self, token: &Token<'t>) -> &'t str {
        if token.shape.has_upper() {
            &self.lowered[token.lower.0 as usize..token.lower.1 as usize]
        } else {
            token.text
        }
    }
}

/// `word` lower-cased, borrowed when it holds no upper-case letter.
pub(crate) fn lower(word: &str) -> Cow<'_, str> {
    if word.chars().any(char::is_uppercase) {
        word.to_lowercase().into()
    } else {
        word.into()
    }
}

/// Case bits of an ASCII byte that continues a word: a capital, a small letter.
const CAPITAL: u8 = 1;
const SMALL: u8 = 2;

/// [`CAPITAL`] or [`SMALL`] for each ASCII letter, 0 for any other byte.
static ASCII_CASE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = if (b as u8).is_ascii_uppercase() {
            CAPITAL
        } else if (b as u8).is_ascii_lowercase() {
            SMALL
        } else {
            0
        };
        b += 1;
    }
    table
};

/// The case bits of a letter.
fn case_of(c: char) -> u8 {
    if c.is_uppercase() {
        CAPITAL
    } else if c.is_lowercase() {
        SMALL
    } else {
        0
    }
}

/// The tokens of `text`, in order.
pub(crate) fn tokenize<'a>(text: &'a str) -> Tokens<'a> {
    let bytes = text.as_bytes();
    // About one token per four bytes of news text, and a fifth of the
    // bytes in words with a capital: sized so that neither grows.
    let mut list: Vec<Token<'a>> = Vec::with_capacity(text.len() / 4 + 16);
    let mut lowered = String::with_capacity(text.len() / 4 + 16);
    let mut gap = Gap::Break;
    // Sentence starts: `opening` while only spaces and opening marks
    // followed the last one; `pending` is where the next one starts after a
    // sentence-ending mark.
    let mut opening = true;
    let mut pending = usize::MAX;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (kind, end, shape) = if b < 0x80 {
            if ASCII_CASE[usize::from(b)] != 0 {
                (Kind::Word, i, Shape::Lower)
            } else if b == b' ' {
                if gap == Gap::Glued {
                    gap = Gap::Space;
                }
                i += 1;
                continue;
            } else if b.is_ascii_whitespace() {
                if b == b'\n' {
                    gap = Gap::Break;
                    opening = true;
                } else {
                    if b == b'\r' {
                        gap = Gap::Break;
                    } else if gap == Gap::Glued {
                        gap = Gap::Space;
                    }
                    opening &= b == b' ' || b == b'\t';
                }
                i += 1;
                continue;
            } else {
                // ".5%": a decimal point after a space or a sign starts a number.
                let leading_point = b == b'.'
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
                    && (i == 0
                        || matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'(' | b'$' | b'-'));
                if b.is_ascii_digit() || leading_point {
                    let end = scan_number(bytes, if leading_point { i + 1 } else { i });
                    let end = if leading_point { end.max(i + 2) } else { end };
                    (Kind::Num, end, Shape::Digits)
                } else {
                    (Kind::Punct, i + 1, Shape::Punct)
                }
            }
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            if c.is_whitespace() {
                if matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}') {
                    gap = Gap::Break;
                } else if gap == Gap::Glued {
                    gap = Gap::Space;
                }
                opening = false;
                i += c.len_utf8();
                continue;
            }
            if is_letter(c) {
                (Kind::Word, i, Shape::Lower)
            } else {
                (Kind::Punct, i + c.len_utf8(), Shape::Punct)
            }
        };
        let start = i;
        let mut lower = (0, 0);
        let (end, shape) = if kind == Kind::Word {
            // Letters, non-ASCII digits, combining marks; their case read on
            // the way, ASCII letters by table in a tight loop.
            let mut wide_capital = false;
            let first = if b < 0x80 {
                i += 1;
                ASCII_CASE[usize::from(b)]
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                i += c.len_utf8();
                let case = case_of(c);
                wide_capital = case == CAPITAL;
                case
            };
            let first_end = i;
            let mut seen = 0;
            loop {
                while let Some(&b) = bytes.get(i) {
                    let case = ASCII_CASE[usize::from(b)];
                    if case == 0 {
                        break;
                    }
                    seen |= case;
                    i += 1;
                }
                match bytes.get(i) {
                    Some(&b) if b >= 0x80 => {
                        let c = text[i..].chars().next().unwrap_or(' ');
                        if !is_letter(c) {
                            break;
                        }
                        let case = case_of(c);
                        wide_capital |= case == CAPITAL;
                        seen |= case;
                        i += c.len_utf8();
                    }
                    _ => break,
                }
            }
            let seen = seen | first;
            let shape = if first & CAPITAL != 0 {
                if seen & SMALL == 0 && i > first_end {
                    Shape::Upper
                } else {
                    Shape::Capitalised
                }
            } else if seen & CAPITAL != 0 {
                Shape::Mixed
            } else if first == SMALL {
                Shape::Lower
            } else {
                Shape::Uncased
            };
            if shape.has_upper() {
                let at = lowered.len();
                if wide_capital {
                    lowered.push_str(&text[start..i].to_lowercase());
                } else {
                    lowered.push_str(&text[start..i]);
                    lowered[at..].make_ascii_lowercase();
                }
                lower = (at as u32, lowered.len() as u32);
            }
            (i, shape)
        } else {
            (end, shape)
        };
        if start >= pending {
            opening = true;
            pending = usize::MAX;
        }
        let token = Token {
            kind,
            span: Span::new(start, end),
            text: &text[start..end],
            gap,
            shape,
            sentence_start: opening,
            lower,
        };
        if kind == Kind::Punct {
            if matches!(b, b'.' | b'?' | b'!') {
                if let Some(next) = next_sentence(text, start, b) {
                    pending = next;
                }
            }
            opening = opening && is_opening_mark(token.text);
        } else {
            opening = false;
        }
        list.push(token);
        gap = Gap::Glued;
        i = end;
    }
    Tokens { list, lowered }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::sentences::Sentences;
    use proptest::prelude::*;

    proptest! {
        /// Shape, lower-cased form and sentence start agree with the hand
        /// tests the extractors made before: a capital first, a capital
        /// anywhere, lower case first, `lower`, and the sentence splitter.
        #[test]
        fn fields_match_the_hand_tests(text in "[aZéÉ北5 .?!,“”\"(\n\t\u{a0}\u{301}İΣ-]{0,40}") {
            let tokens = tokenize(&text);
            let sentences = Sentences::new(&text);
            for t in tokens.iter() {
                let first = t.text.chars().next().unwrap();
                if t.kind == Kind::Word {
                    prop_assert_eq!(t.shape.starts_upper(), first.is_uppercase(), "{:?}", t);
                    prop_assert_eq!(t.shape.has_upper(), t.text.chars().any(char::is_uppercase), "{:?}", t);
                    prop_assert_eq!(t.shape.starts_lower(t.text), first.is_lowercase(), "{:?}", t);
                    let all_caps = t.text.chars().count() >= 2
                        && first.is_uppercase()
                        && !t.text.chars().any(char::is_lowercase);
                    prop_assert_eq!(t.shape == Shape::Upper, all_caps, "{:?}", t);
                } else {
                    prop_assert!(!t.shape.has_upper() && !t.shape.starts_lower(t.text));
                }
                let expected = lower(t.text);
                prop_assert_eq!(tokens.lower(t), expected.as_ref());
                prop_assert_eq!(t.sentence_start, sentences.opens(&text, t.span.start), "{:?}", t);
            }
        }
    }

    #[test]
    fn tokens_carry_shape_lower_case_and_sentence_starts() {
        let text = "“NATO met Łódź.” iPhone sales of 5 rose. Dr. Roe said.\n(ÉCOLE) ok";
        let tokens = tokenize(text);
        let shown: Vec<(&str, Shape, &str, bool)> = tokens
            .iter()
            .filter(|t| t.kind != Kind::Punct || t.sentence_start)
            .map(|t| (t.text, t.shape, tokens.lower(t), t.sentence_start))
            .collect();
        assert_eq!(
            shown,
            [
                ("“", Shape::Punct, "“", true),
                ("NATO", Shape::Upper, "nato", true),
                ("met", Shape::Lower, "met", false),
                ("Łódź", Shape::Capitalised, "łódź", false),
                ("iPhone", Shape::Mixed, "iphone", false),
                ("sales", Shape::Lower, "sales", false),
                ("of", Shape::Lower, "of", false),
                ("5", Shape::Digits, "5", false),
                ("rose", Shape::Lower, "rose", false),
                ("Dr", Shape::Capitalised, "dr", true),
                ("Roe", Shape::Capitalised, "roe", false),
                ("said", Shape::Lower, "said", false),
                ("(", Shape::Punct, "(", true),
                ("ÉCOLE", Shape::Upper, "école", true),
                ("ok", Shape::Lower, "ok", false),
            ]
        );
    }
}
