//! The token stream: words, digit runs and single punctuation marks, each
//! with the white space before it, its shape, its lower-cased form and
//! whether it opens a sentence. Every extractor reads text through it
//! (directly, or through the words and names built on it), so that a word
//! boundary, a capital and a sentence start mean the same thing everywhere;
//! all of it is computed in the one pass that finds the tokens.
//!
//! Most tokens are ASCII words, so they take the short road: the letters
//! and capitals of 64 bytes are found at once as two bit masks (SSE2 on
//! x86_64, eight bytes to a `u64` elsewhere), and a word is cut where its
//! run of letter bits ends and shaped from its capital bits, without a
//! turn per byte. Everything else (non-ASCII letters, numbers, marks,
//! white space other than one space) is read byte by byte.

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
    let mut window = Window::at(bytes, 0);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let start = i;
        let class = CLASS[usize::from(b)];
        if class <= SMALL {
            // ASCII words, the commonest tokens, one after another while a
            // single space parts them: after the first, each has a space
            // before it and opens a sentence only where a mark said so.
            let (mut end, shape, lower) = window.word(text, start, &mut lowered);
            if start >= pending {
                (opening, pending) = sentence_opens();
            }
            list.push(Token {
                kind: Kind::Word,
                span: Span::new(start, end),
                text: token_text(text, start, end),
                gap,
                shape,
                sentence_start: opening,
                lower,
            });
            opening = false;
            while bytes.get(end) == Some(&b' ') && window.letter_at(end + 1) {
                let start = end + 1;
                let shape;
                let lower;
                (end, shape, lower) = window.word(text, start, &mut lowered);
                let sentence_start = start >= pending;
                if sentence_start {
                    pending = usize::MAX;
                }
                list.push(Token {
                    kind: Kind::Word,
                    span: Span::new(start, end),
                    text: token_text(text, start, end),
                    gap: Gap::Space,
                    shape,
                    sentence_start,
                    lower,
                });
            }
            // One space is the commonest gap, taken here rather than by
            // another turn of the loop.
            if bytes.get(end) == Some(&b' ') {
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
                        let at = lowered.len();
                        let (end, shape) =
                            wide_word(text, i, first_end, case, case == CAPITAL, &mut lowered);
                        (end, shape, (at as u32, lowered.len() as u32))
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
            let token_text = token_text(text, start, end);
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

/// `text[start..end]` for the bounds of a token, which fall between
/// characters, without the checks that would cost a tenth of the
/// tokenizer's instructions.
#[inline]
fn token_text(text: &str, start: usize, end: usize) -> &str {
    debug_assert!(start <= end && text.is_char_boundary(start) && text.is_char_boundary(end));
    // SAFETY: the tokenizer moves through the text by whole characters (an
    // ASCII byte, or the `len_utf8` of a character it decoded), and no
    // further than its end, so a token's start and end are each the start
    // of a character or the end of the text, the start first. The debug
    // assertion above checks it on every token the tests make.
    unsafe { text.get_unchecked(start..end) }
}

/// A sentence opens at this token: `opening` and `pending` as they become.
/// Out of line, so that the loop tests without a store.
#[cold]
#[inline(never)]
fn sentence_opens() -> (bool, usize) {
    (true, usize::MAX)
}

/// The shape of a run of `run` ASCII letters whose capitals, at least
/// one, are `capitals` (bit 0: the first letter).
#[inline]
fn ascii_shape(capitals: u64, run: usize) -> Shape {
    if capitals & 1 == 0 {
        Shape::Mixed
    } else if run > 1 && capitals == (1 << run) - 1 {
        Shape::Upper
    } else {
        Shape::Capitalised
    }
}

/// Pushes the lower-cased form of the `run` ASCII letters at the start of
/// `bytes` to `lowered` and returns where it stands there. Every letter's
/// 0x20 bit set is its small letter: a word of up to eight letters takes
/// one eight-byte store, cut to length.
#[inline]
fn push_ascii_lower(lowered: &mut Vec<u8>, bytes: &[u8], run: usize) -> (u32, u32) {
    let at = lowered.len();
    match bytes.first_chunk::<8>() {
        Some(chunk) if run <= 8 => {
            let chunk = u64::from_le_bytes(*chunk) | LOWER_CASE_BITS;
            lowered.extend_from_slice(&chunk.to_le_bytes());
            lowered.truncate(at + run);
        }
        _ => lowered.extend(bytes[..run].iter().map(|b| b | 0x20)),
    }
    (at as u32, lowered.len() as u32)
}

/// A word read byte by byte from `start`, whose first character (its case
/// bits `first`, whether a non-ASCII capital: `wide_capital`) ends at
/// `first_end`: one with a non-ASCII letter, or too long for a [`Window`].
/// Returns its end and shape, and pushes its lower-cased form to `lowered`
/// when it holds a capital.
#[inline(never)]
fn wide_word(
    text: &str,
    start: usize,
    first_end: usize,
    first: u8,
    wide_capital: bool,
    lowered: &mut Vec<u8>,
) -> (usize, Shape) {
    let (end, seen, wide_capital) = wide_letters(text, first_end, 0, wide_capital);
    let shape = shape_of(first, seen, end > first_end);
    if shape.has_upper() {
        let word = &text[start..end];
        if wide_capital {
            // A non-ASCII capital, which ASCII lower-casing would miss.
            lowered.extend_from_slice(word.to_lowercase().as_bytes());
        } else {
            let at = lowered.len();
            lowered.extend_from_slice(word.as_bytes());
            lowered[at..].make_ascii_lowercase();
        }
    }
    (end, shape)
}

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

/// The bit that makes an ASCII capital small, in each of eight bytes.
const LOWER_CASE_BITS: u64 = u64::from_le_bytes([0x20; 8]);

/// The ASCII letters and capitals of the 64 bytes from `base`, one bit a
/// byte (bit `k`: byte `base + k`; none past the end of the text). A word
/// is cut at the first zero of `letters` after it, and its case read from
/// `capitals`, instead of byte by byte; the window moves to a word that
/// starts or ends past it.
struct Window {
    base: usize,
    letters: u64,
    capitals: u64,
}

impl Window {
    /// The window of `bytes` from `base` (at most their length). Its masks
    /// come back in two registers, so that the window's fields can stay in
    /// registers too.
    #[inline(always)]
    fn at(bytes: &[u8], base: usize) -> Self {
        let (letters, capitals) = masks_from(bytes, base);
        Window {
            base,
            letters,
            capitals,
        }
    }

    /// The word at `start` (an ASCII letter at or after `base`): its end,
    /// shape and lower-cased form's place in `lowered` (pushed there when
    /// it holds a capital). A run of ASCII letters is cut and shaped from
    /// the masks; a word that goes on with a non-ASCII letter, or too long
    /// for a window, is read out of line.
    #[inline(always)]
    fn word(
        &mut self,
        text: &str,
        start: usize,
        lowered: &mut Vec<u8>,
    ) -> (usize, Shape, (u32, u32)) {
        let bytes = text.as_bytes();
        match self.run_at(bytes, start) {
            Some((run, capitals)) if bytes.get(start + run).is_none_or(|&next| next < 0x80) => {
                // No capital before the run's end: the commonest word.
                if capitals.trailing_zeros() as usize >= run {
                    (start + run, Shape::Lower, (0, 0))
                } else {
                    let capitals = capitals & ((1 << run) - 1);
                    let shape = ascii_shape(capitals, run);
                    let lower = push_ascii_lower(lowered, &bytes[start..], run);
                    (start + run, shape, lower)
                }
            }
            _ => {
                let at = lowered.len();
                let first = CLASS[usize::from(bytes[start])];
                let (end, shape) = wide_word(text, start, start + 1, first, false, lowered);
                (end, shape, (at as u32, lowered.len() as u32))
            }
        }
    }

    /// Whether byte `i` (at or after `base`) is an ASCII letter in the window.
    #[inline]
    fn letter_at(&self, i: usize) -> bool {
        let at = i - self.base;
        at < 64 && self.letters >> at & 1 == 1
    }

    /// The ASCII letters from `i` (an ASCII letter at or after `base`):
    /// how many, and the window's capitals from `i` on (bit 0: byte `i`;
    /// those past the run included); `None` for a run of 64 or more, which
    /// no window holds.
    #[inline]
    fn run_at(&mut self, bytes: &[u8], i: usize) -> Option<(usize, u64)> {
        let mut at = i - self.base;
        if at >= 64 {
            *self = Window::at(bytes, i);
            at = 0;
        }
        let mut run = (!(self.letters >> at)).trailing_zeros() as usize;
        if at + run == 64 {
            // The run may go on past the window: read it again from its start.
            if at == 0 {
                return None;
            }
            *self = Window::at(bytes, i);
            at = 0;
            run = (!self.letters).trailing_zeros() as usize;
            if run == 64 {
                return None;
            }
        }
        Some((run, self.capitals >> at))
    }
}

/// The letter masks of the 64 bytes of `bytes` from `base` (at most their
/// length), padded past their end with bytes that are no letters.
#[inline(never)]
fn masks_from(bytes: &[u8], base: usize) -> (u64, u64) {
    let rest = &bytes[base..];
    match rest.first_chunk::<64>() {
        Some(block) => letter_masks(block),
        None => {
            let mut block = [0; 64];
            block[..rest.len()].copy_from_slice(rest);
            letter_masks(&block)
        }
    }
}

/// The ASCII letters and capitals of 64 bytes, one bit a byte, with SSE2:
/// sixteen bytes at a time, where the portable version reads eight.
#[cfg(target_arch = "x86_64")]
fn letter_masks(block: &[u8; 64]) -> (u64, u64) {
    // SAFETY: SSE2 is part of the x86_64 baseline: every x86_64 CPU has it.
    unsafe { sse2_letter_masks(block) }
}

/// [`letter_masks`] in SSE2 instructions.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn sse2_letter_masks(block: &[u8; 64]) -> (u64, u64) {
    use std::arch::x86_64::{
        _mm_add_epi8, _mm_cmpgt_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        _mm_set_epi64x, _mm_slli_epi16,
    };
    // Per byte, `b + (0x80 - b'a')` (wrapping) takes the small letters to
    // the 26 smallest signed values, which one signed comparison picks out.
    let shift = _mm_set1_epi8(0x80u8.wrapping_sub(b'a') as i8);
    let below = _mm_set1_epi8(i8::MIN + 26);
    let mut letters = 0;
    let mut small_bits = 0;
    for (k, part) in block.as_chunks::<16>().0.iter().enumerate() {
        let part = u128::from_le_bytes(*part);
        let bytes = _mm_set_epi64x((part >> 64) as i64, part as i64);
        let folded = _mm_or_si128(bytes, _mm_set1_epi8(0x20));
        let letter = _mm_cmpgt_epi8(below, _mm_add_epi8(folded, shift));
        // A movemask gathers the sixteen sign bits: those of the letter
        // test, then each byte's 0x20 bit, moved up to its sign bit by a
        // shift of two (in 16-bit lanes, which keeps it in its byte). A
        // letter without it is a capital.
        letters |= u64::from(_mm_movemask_epi8(letter) as u16) << (16 * k);
        small_bits |= u64::from(_mm_movemask_epi8(_mm_slli_epi16::<2>(bytes)) as u16) << (16 * k);
    }
    (letters, letters & !small_bits)
}

/// [`letter_masks`] on other targets, eight bytes at a time in a `u64`.
#[cfg(any(not(target_arch = "x86_64"), test))]
fn portable_letter_masks(block: &[u8; 64]) -> (u64, u64) {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let lanes = |b: u8| u64::from_le_bytes([b; 8]);
    // The high bit of each byte, gathered into the low eight bits.
    let gather = |high: u64| (high >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56;
    let mut letters = 0;
    let mut capitals = 0;
    for (k, part) in block.as_chunks::<8>().0.iter().enumerate() {
        let chunk = u64::from_le_bytes(*part);
        // Seven-bit lanes carry into no other: per byte, `x + (0x80 - lo)`
        // sets the high bit when `lo <= x`.
        let low = chunk & !HIGH;
        let folded = low | lanes(0x20);
        let ascii = !chunk & HIGH;
        let letter = (folded + lanes(0x80 - b'a')) & !(folded + lanes(0x80 - b'z' - 1)) & ascii;
        let capital = (low + lanes(0x80 - b'A')) & !(low + lanes(0x80 - b'Z' - 1)) & ascii;
        letters |= gather(letter) << (8 * k);
        capitals |= gather(capital) << (8 * k);
    }
    (letters, capitals)
}

#[cfg(not(target_arch = "x86_64"))]
use portable_letter_masks as letter_masks;

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
    /// sentence marks before opening marks, words of every length and
    /// words that mix ASCII and non-ASCII letters, capitals and combining
    /// marks.
    const SPACED: &str = "( |  |\t|\n|\r|\x0B|\x0C|\u{a0}|\u{2028}|\u{85}|\u{3000}|\\.5|5\\.5|1,500|\\.|\\?|!|\"|\\(|\\[|“|‘|«|—|,|[aZ]{1,3}|[a-zA-Z]{5,19}|[aZé]{1,3}É|Éa|ßİ|Łódź|NATO|iPhone|e\u{301}|٣|½|x½){0,24}";

    /// Text long enough to cross several 64-byte windows, made of what the
    /// window path reads: ASCII words of every case and length (up to
    /// past 64 letters, more than a window holds) that end at any byte of
    /// a window, runs of spaces, tabs and line breaks, numbers with comma
    /// groups and points, punctuation, curly quotation marks, and
    /// non-ASCII letters and combining marks before, inside and after
    /// ASCII letters.
    const WINDOWED: &str = "( |  |\t|\n|\n\n|\r\n|[a-z]{1,8}|[A-Z][a-z]{0,9}|[A-Z]{1,6}|[a-z]{1,3}[A-Z][a-z]{0,4}|[a-zA-Z]{9,40}|[a-zA-Z]{56,70}|[0-9]{1,4}|[0-9]{1,3},[0-9]{3}|[0-9]{1,2}\\.[0-9]{1,2}|\\.[0-9]|[.,;:?!'()-]|\"|“|”|’|é|É|ß|İ|北|\u{301}|[a-zA-Z]{1,5}[éÉ][a-z]{0,3}|\u{a0}){0,80}";

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

        /// The window path gives the reference's tokens on long text,
        /// shifted by up to a window's length so that tokens cross window
        /// edges at every byte.
        #[test]
        fn windows_match_the_reference(shift in "[a-z ]{0,64}", text in WINDOWED) {
            let text = format!("{shift}{text}");
            prop_assert_eq!(owned(&text), crate::text::reference::tokenize(&text));
        }

        /// Both versions of the window's masks give a byte-by-byte reading.
        #[test]
        fn letter_masks_match_a_byte_loop(bytes in prop::collection::vec(any::<u8>(), 64)) {
            let block: [u8; 64] = bytes.try_into().unwrap();
            prop_assert_eq!(letter_masks(&block), masks_by_byte(&block));
            prop_assert_eq!(portable_letter_masks(&block), masks_by_byte(&block));
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

    /// The ASCII letters and capitals of a block, one byte at a time.
    fn masks_by_byte(block: &[u8; 64]) -> (u64, u64) {
        block
            .iter()
            .enumerate()
            .fold((0, 0), |(letters, capitals), (k, &b)| {
                (
                    letters | u64::from(b.is_ascii_alphabetic()) << k,
                    capitals | u64::from(b.is_ascii_uppercase()) << k,
                )
            })
    }

    /// Every byte value at every third place, between bytes that would
    /// carry into it (0xFF) or sit at the edges of the letter ranges.
    #[test]
    fn letter_masks_read_every_byte_value() {
        for b in 0..=255u8 {
            for other in [0, b'@', b'a', b'z', b'[', b'`', b'{', 0x80, 0xC3, 0xFF] {
                let mut block = [other; 64];
                for k in (usize::from(b % 3)..64).step_by(3) {
                    block[k] = b;
                }
                assert_eq!(
                    letter_masks(&block),
                    masks_by_byte(&block),
                    "{b:#x} {other:#x}"
                );
                assert_eq!(
                    portable_letter_masks(&block),
                    masks_by_byte(&block),
                    "{b:#x} {other:#x}"
                );
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
