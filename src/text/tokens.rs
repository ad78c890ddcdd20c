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

/// What a byte starts, by one lookup in [`CLASS`]. The two letter classes
/// are also the case bits a word gathers as it is read.
const CAPITAL: u8 = 1;
const SMALL: u8 = 2;
/// `' '`: a space, the commonest gap.
const SPACE: u8 = 3;
/// `'\t'`: a space that keeps a sentence's opening.
const TAB: u8 = 4;
/// `'\n'`: a line break, which opens a sentence.
const LINE: u8 = 5;
/// `'\r'` and `'\x0C'`: white space that closes a sentence's opening
/// (`'\r'` a line break, `'\x0C'` a space).
const RETURN: u8 = 6;
const FEED: u8 = 7;
/// An ASCII digit.
const DIGIT: u8 = 8;
/// `'.'`: a full stop, or the point of a number (".5").
const POINT: u8 = 9;
/// `'?'` and `'!'`: marks that may end a sentence.
const STOP: u8 = 10;
/// `'"'`, `'('` and `'['`: marks that may open a sentence.
const OPEN: u8 = 11;
/// Any other ASCII character (`'\x0B'` included: not white space here).
const MARK: u8 = 12;
/// The first byte of a non-ASCII character.
const WIDE: u8 = 13;

/// The class of every byte.
static CLASS: [u8; 256] = {
    let mut table = [WIDE; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = match c {
            b'A'..=b'Z' => CAPITAL,
            b'a'..=b'z' => SMALL,
            b' ' => SPACE,
            b'\t' => TAB,
            b'\n' => LINE,
            b'\r' => RETURN,
            0x0C => FEED,
            b'0'..=b'9' => DIGIT,
            b'.' => POINT,
            b'?' | b'!' => STOP,
            b'"' | b'(' | b'[' => OPEN,
            _ => MARK,
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
    // Bytes until the end, where they become the string they always are
    // (lower-cased words cut at character boundaries).
    let mut lowered: Vec<u8> = Vec::with_capacity(text.len() / 4 + 16);
    let mut gap = Gap::Break;
    // Sentence starts: `opening` while only spaces and opening marks
    // followed the last one; `pending` is where the next one starts after a
    // sentence-ending mark.
    let mut opening = true;
    let mut pending = usize::MAX;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let start = i;
        let class = CLASS[usize::from(b)];
        if class <= SMALL {
            // An ASCII word, the commonest token: its letters eight at a
            // time, a non-ASCII letter and a long word's lower case out of line.
            let (mut end, mut seen, mut lower_chunk, mut next) = ascii_letters(bytes, i);
            let mut wide_capital = false;
            if next >= 0x80 {
                (end, seen, wide_capital) = wide_letters(text, end, seen, false);
                lower_chunk = 0;
                next = bytes.get(end).copied().unwrap_or(0);
            }
            let shape = ASCII_SHAPE[(usize::from(class) << 3
                | usize::from(seen) << 1
                | usize::from(end > i + 1))
                & 31];
            let lower = if !shape.has_upper() {
                (0, 0)
            } else if lower_chunk != 0 {
                // A short word: its lower case in one eight-byte store, cut to length.
                let at = lowered.len();
                lowered.extend_from_slice(&lower_chunk.to_le_bytes());
                lowered.truncate(at + end - i);
                (at as u32, lowered.len() as u32)
            } else {
                push_lower(&mut lowered, &text[start..end], wide_capital)
            };
            if start >= pending {
                (opening, pending) = sentence_opens();
            }
            list.push(Token {
                kind: Kind::Word,
                span: Span::new(start, end),
                text: &text[start..end],
                gap,
                shape,
                sentence_start: opening,
                lower,
            });
            opening = false;
            // The byte after the word, read with its letters: one space is
            // the commonest gap, taken here rather than by another turn.
            if next == b' ' {
                gap = Gap::Space;
                i = end + 1;
            } else {
                gap = Gap::Glued;
                i = end;
            }
        } else {
            let (end, shape, lower) = match class {
                SPACE | TAB | FEED => {
                    if gap == Gap::Glued {
                        gap = Gap::Space;
                    }
                    opening &= class != FEED;
                    i += 1;
                    continue;
                }
                LINE => {
                    gap = Gap::Break;
                    opening = true;
                    i += 1;
                    continue;
                }
                RETURN => {
                    gap = Gap::Break;
                    opening = false;
                    i += 1;
                    continue;
                }
                DIGIT => (scan_number(bytes, i), Shape::Digits, (0, 0)),
                // ".5%": a decimal point after a space or a sign starts a number.
                POINT
                    if bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
                        && (i == 0
                            || matches!(
                                bytes[i - 1],
                                b' ' | b'\t' | b'\n' | b'(' | b'$' | b'-'
                            )) =>
                {
                    (scan_number(bytes, i + 1), Shape::Digits, (0, 0))
                }
                WIDE => {
                    let c = text[i..].chars().next().unwrap_or(' ');
                    let first_end = i + c.len_utf8();
                    if c.is_whitespace() {
                        if matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}') {
                            gap = Gap::Break;
                        } else if gap == Gap::Glued {
                            gap = Gap::Space;
                        }
                        opening = false;
                        i = first_end;
                        continue;
                    }
                    if is_letter(c) {
                        let case = case_of(c);
                        let (end, seen, wide_capital) =
                            wide_letters(text, first_end, 0, case == CAPITAL);
                        let shape = shape_of(case, seen, end > first_end);
                        let lower = if shape.has_upper() {
                            push_lower(&mut lowered, &text[start..end], wide_capital)
                        } else {
                            (0, 0)
                        };
                        (end, shape, lower)
                    } else {
                        (first_end, Shape::Punct, (0, 0))
                    }
                }
                _ => (i + 1, Shape::Punct, (0, 0)),
            };
            let kind = match shape {
                Shape::Digits => Kind::Num,
                Shape::Punct => Kind::Punct,
                _ => Kind::Word,
            };
            if start >= pending {
                (opening, pending) = sentence_opens();
            }
            let token_text = &text[start..end];
            list.push(Token {
                kind,
                span: Span::new(start, end),
                text: token_text,
                gap,
                shape,
                sentence_start: opening,
                lower,
            });
            opening = match class {
                POINT | STOP if kind == Kind::Punct => {
                    if let Some(next) = next_sentence(text, start, b) {
                        pending = next;
                    }
                    false
                }
                OPEN => opening,
                WIDE => opening && kind == Kind::Punct && is_opening_mark(token_text),
                _ => false,
            };
            // One space after a token, the commonest gap, read here rather
            // than by another turn of the loop.
            if bytes.get(end) == Some(&b' ') {
                gap = Gap::Space;
                i = end + 1;
            } else {
                gap = Gap::Glued;
                i = end;
            }
        }
    }
    let lowered = String::from_utf8(lowered)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Tokens { list, lowered }
}

/// A sentence opens at this token: `opening` and `pending` as they become.
/// Out of line, so that the loop tests without a store.
#[cold]
#[inline(never)]
fn sentence_opens() -> (bool, usize) {
    (true, usize::MAX)
}

/// [`shape_of`] an ASCII word, by its first letter's class, its case bits
/// and whether it has more than one letter (`class << 3 | seen << 1 | more`).
static ASCII_SHAPE: [Shape; 32] = {
    let mut table = [Shape::Lower; 32];
    let mut k = 0;
    while k < 32 {
        table[k] = shape_of((k >> 3) as u8, (k >> 1 & 3) as u8, k & 1 == 1);
        k += 1;
    }
    table
};

/// The shape of a word from the case bits of its first character
/// (`first`), those of the others (`seen`, which may hold the first's), and
/// whether it has others.
#[inline]
const fn shape_of(first: u8, seen: u8, more: bool) -> Shape {
    if first & CAPITAL != 0 {
        if seen & SMALL == 0 && more {
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
    }
}

/// Reads on a word from `i`, where a non-ASCII character may continue it:
/// letters, non-ASCII digits and combining marks of any script. Returns
/// its end, the case bits seen (added to `seen`) and whether a non-ASCII
/// capital was among them (or `wide_capital` already).
#[inline(never)]
fn wide_letters(
    text: &str,
    mut i: usize,
    mut seen: u8,
    mut wide_capital: bool,
) -> (usize, u8, bool) {
    let bytes = text.as_bytes();
    loop {
        while let Some(&b) = bytes.get(i) {
            let case = CLASS[usize::from(b)];
            if case > SMALL {
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
    (i, seen, wide_capital)
}

/// Pushes the lower-cased form of `word` to `lowered` and returns where it
/// stands there; `wide_capital` when it holds a non-ASCII capital, which
/// ASCII lower-casing would miss.
#[inline(never)]
fn push_lower(lowered: &mut Vec<u8>, word: &str, wide_capital: bool) -> (u32, u32) {
    let at = lowered.len();
    if wide_capital {
        lowered.extend_from_slice(word.to_lowercase().as_bytes());
    } else {
        lowered.extend_from_slice(word.as_bytes());
        lowered[at..].make_ascii_lowercase();
    }
    (at as u32, lowered.len() as u32)
}

/// The high bit of every byte of eight.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Eight copies of the byte `b`.
const fn lanes(b: u8) -> u64 {
    u64::from_le_bytes([b; 8])
}

/// The high bit of each of eight bytes (read little-endian) up to the
/// first one that is not an ASCII letter, and of each such letter that is
/// a capital. Per byte, `x + (0x80 - lo)` sets the high bit when
/// `lo <= x < 0x80`: an ASCII byte carries into no other; a non-ASCII one
/// may, but only into bytes after it, which are past the first non-letter.
#[inline]
fn letter_bits(chunk: u64) -> (u64, u64) {
    let folded = chunk | lanes(0x20);
    // Wrapping: a lane's carry may run past the top byte, which is then past the run.
    let letter = folded.wrapping_add(lanes(0x80 - b'a'))
        & !folded.wrapping_add(lanes(0x80 - b'z' - 1))
        & !chunk
        & HIGH;
    let stop = !letter & HIGH;
    // The high bits of the letters before the first other byte.
    let run = (stop & stop.wrapping_neg()).wrapping_sub(1) & HIGH;
    // A small ASCII letter has bit 0x20, shifted here to the high bit.
    (run, run & !(chunk << 2))
}

/// The case bits of letters whose capitals and small letters are marked in
/// these masks.
#[inline]
fn case_bits(capitals: u64, smalls: u64) -> u8 {
    (u8::from(capitals != 0) * CAPITAL) | (u8::from(smalls != 0) * SMALL)
}

/// Reads the ASCII letters from `start` (an ASCII letter): returns where
/// they end, their case bits, and, for a word of at most seven letters, its
/// eight bytes with those letters lower-cased (the bytes after them as they
/// were; 0 for another word), and the byte after them (0 at the end of the
/// text). Such a word, most of them, is read in one go.
#[inline]
fn ascii_letters(bytes: &[u8], start: usize) -> (usize, u8, u64, u8) {
    if let Some(&chunk) = bytes.get(start..).and_then(|rest| rest.first_chunk::<8>()) {
        let chunk = u64::from_le_bytes(chunk);
        let (run, capital) = letter_bits(chunk);
        if run != HIGH {
            let seen = case_bits(capital, run & !capital);
            let stop = (!run & HIGH).trailing_zeros() / 8;
            let next = (chunk >> (stop * 8)) as u8;
            return (start + stop as usize, seen, chunk | capital >> 2, next);
        }
    }
    long_ascii_letters(bytes, start)
}

/// [`ascii_letters`] for a word of eight letters or more, or one near the
/// end of the text: eight bytes at a time, then one at a time.
#[inline(never)]
fn long_ascii_letters(bytes: &[u8], start: usize) -> (usize, u8, u64, u8) {
    let mut at = start;
    let mut capitals = 0;
    let mut smalls = 0;
    while let Some(&chunk) = bytes.get(at..).and_then(|rest| rest.first_chunk::<8>()) {
        let chunk = u64::from_le_bytes(chunk);
        let (run, capital) = letter_bits(chunk);
        capitals |= capital;
        smalls |= run & !capital;
        if run != HIGH {
            let seen = case_bits(capitals, smalls);
            let stop = (!run & HIGH).trailing_zeros() / 8;
            return (at + stop as usize, seen, 0, (chunk >> (stop * 8)) as u8);
        }
        at += 8;
    }
    // The last few bytes of the text, one at a time.
    let mut seen = case_bits(capitals, smalls);
    for &b in &bytes[at..] {
        let case = CLASS[usize::from(b)];
        if case > SMALL {
            break;
        }
        seen |= case;
        at += 1;
    }
    (at, seen, 0, bytes.get(at).copied().unwrap_or(0))
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

    /// What the tokenizer's fast paths read: single spaces after tokens,
    /// white space of every kind (vertical tab, form feed, `\r` and
    /// non-ASCII spaces and breaks), leading and inner decimal points,
    /// sentence marks before opening marks, words of every length (read
    /// eight letters at a time) and words that mix ASCII and non-ASCII
    /// letters, capitals and combining marks.
    const SPACED: &str = "( |  |\t|\n|\r|\x0B|\x0C|\u{a0}|\u{2028}|\u{85}|\u{3000}|\\.5|5\\.5|1,500|\\.|\\?|!|\"|\\(|\\[|“|‘|«|—|,|[aZ]{1,3}|[a-zA-Z]{5,19}|[aZé]{1,3}É|Éa|ßİ|Łódź|NATO|iPhone|e\u{301}|٣|½|x½){0,24}";

    /// The stream's tokens with their lower-cased forms owned, as the reference gives them.
    fn owned(text: &str) -> Vec<crate::text::reference::Tok> {
        let tokens = tokenize(text);
        tokens
            .iter()
            .map(|t| crate::text::reference::Tok {
                kind: t.kind,
                span: t.span,
                gap: t.gap,
                shape: t.shape,
                sentence_start: t.sentence_start,
                lower: tokens.lower(t).to_owned(),
            })
            .collect()
    }

    proptest! {
        /// The fast paths give the reference's tokens, field by field, on
        /// text made of what they read.
        #[test]
        fn fast_paths_match_the_reference(text in SPACED) {
            prop_assert_eq!(owned(&text), crate::text::reference::tokenize(&text));
        }

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
