//! The text layer's functions as they were before they were made fast:
//! simple, obviously right, and the reference the fast ones are tested
//! against by proptest (same input, same output). Test-only.

use crate::schema::Span;
use crate::text::chars::{is_letter, is_word_char};
use crate::text::lists::{CALENDAR, NAME_PARTICLES as PARTICLES};
use crate::text::names::{FUNCTION_WORDS, TITLES};
use crate::text::sentences::{is_opening_mark, next_sentence};
use crate::text::tokens::{Gap, Kind, Shape, Token};
use crate::text::words::Word;

/// The characters that join two words into one when they stand between them.
const JOINERS: [char; 3] = ['-', '\'', '’'];

/// A token of the reference: the stream's fields, its lower-cased form owned.
#[derive(Debug, PartialEq)]
pub(crate) struct Tok {
    pub(crate) kind: Kind,
    pub(crate) span: Span,
    pub(crate) gap: Gap,
    pub(crate) shape: Shape,
    pub(crate) sentence_start: bool,
    pub(crate) lower: String,
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
pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let tokens = tokenize_stream(text);
    tokens
        .0
        .iter()
        .map(|t| Tok {
            kind: t.kind,
            span: t.span,
            gap: t.gap,
            shape: t.shape,
            sentence_start: t.sentence_start,
            lower: if t.shape.has_upper() {
                tokens.1[t.lower.0 as usize..t.lower.1 as usize].to_owned()
            } else {
                t.text.to_owned()
            },
        })
        .collect()
}

/// The tokens with their lower-cased forms in one string, as the stream held them.
fn tokenize_stream(text: &str) -> (Vec<Token<'_>>, String) {
    let bytes = text.as_bytes();
    let mut list: Vec<Token<'_>> = Vec::with_capacity(text.len() / 5 + 1);
    // Words with a capital: about one in six in news text.
    let mut lowered = String::with_capacity(text.len() / 8);
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
    (list, lowered)
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

/// A stretch of one token: a run of word characters, or one other character.
#[derive(Clone, Copy)]
struct Piece {
    span: Span,
    /// The character, when the piece is not a run of word characters.
    mark: Option<char>,
}

/// The pieces of the tokens: a number's separators ("," and "." inside
/// "1,500.25") are pieces of their own.
fn pieces(tokens: &[Token<'_>], out: &mut Vec<Piece>) {
    for t in tokens {
        match t.kind {
            Kind::Word => out.push(Piece {
                span: t.span,
                mark: None,
            }),
            Kind::Punct => {
                let c = t.text.chars().next().unwrap_or(' ');
                out.push(Piece {
                    span: t.span,
                    mark: (!is_word_char(c)).then_some(c),
                });
            }
            Kind::Num => {
                let mut run = t.span.start;
                for (i, b) in t.text.bytes().enumerate() {
                    if b == b',' || b == b'.' {
                        let at = t.span.start + i;
                        if run < at {
                            out.push(Piece {
                                span: Span::new(run, at),
                                mark: None,
                            });
                        }
                        out.push(Piece {
                            span: Span::new(at, at + 1),
                            mark: Some(b as char),
                        });
                        run = at + 1;
                    }
                }
                if run < t.span.end {
                    out.push(Piece {
                        span: Span::new(run, t.span.end),
                        mark: None,
                    });
                }
            }
        }
    }
}

/// The words of `text`, read from its tokens.
pub(crate) fn words<'a>(text: &'a str, tokens: &[Token<'a>], keep_dots: bool) -> Vec<Word<'a>> {
    let mut parts = Vec::with_capacity(tokens.len() + tokens.len() / 8);
    pieces(tokens, &mut parts);
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < parts.len() {
        if parts[i].mark.is_some() {
            i += 1;
            continue;
        }
        let start = parts[i].span.start;
        let mut end = parts[i].span.end;
        i += 1;
        while let Some(next) = parts.get(i).filter(|p| p.span.start == end) {
            let Some(c) = next.mark else {
                end = next.span.end;
                i += 1;
                continue;
            };
            let joins = JOINERS.contains(&c) || keep_dots && c == '.';
            let after = parts.get(i + 1);
            if joins && after.is_some_and(|a| a.mark.is_none() && a.span.start == next.span.end) {
                end = after.map_or(end, |a| a.span.end);
                i += 2;
            } else {
                if keep_dots && c == '.' {
                    end = next.span.end;
                    i += 1;
                }
                break;
            }
        }
        out.push(Word {
            span: Span::new(start, end),
            text: &text[start..end],
        });
    }
    out
}

/// Whether a word is capitalised, or is a lower-case Arabic or French name
/// particle glued to a capital ("al-Khatib", "d’Estaing").
pub(crate) fn is_capitalized(word: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "al-", "el-", "ad-", "ar-", "as-", "ash-", "at-", "bin-", "ibn-", "abu-", "d’", "d'",
    ];
    // Most words settle on their first byte: no prefix starts otherwise.
    match word.as_bytes().first() {
        Some(b'A'..=b'Z') => return true,
        Some(b'a' | b'b' | b'd' | b'e' | b'i') | Some(0x80..) => {}
        _ => return false,
    }
    let rest = PREFIXES
        .iter()
        .find_map(|p| word.strip_prefix(p))
        .unwrap_or(word);
    rest.chars().next().is_some_and(char::is_uppercase)
}

/// Maximal runs of capitalised words joined by single spaces (and by name
/// particles between two capitalised words), without function words, dates
/// or an opening title, and without a trailing possessive; in text order,
/// each with whether a title stands right before it. `words` are the
/// text's words with full stops kept (`words(text, tokens, true)`).
pub(crate) fn name_runs(text: &str, words: &[Word<'_>]) -> Vec<(Span, bool)> {
    let words: Vec<Span> = words
        .iter()
        .map(|w| {
            let m = w.span;
            // A trailing period belongs to abbreviations ("U.S.", "St.") only.
            let drop_period = w
                .text
                .strip_suffix('.')
                .is_some_and(|stem| !stem.contains('.') && stem.chars().count() > 2);
            let end = if drop_period { m.end - 1 } else { m.end };
            Span::new(m.start, end)
        })
        .collect();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = &text[words[i].start..words[i].end];
        // Most words are lower case: the cheap test first, the lists after.
        let calendar = || {
            CALENDAR.contains(word)
                || word == "May"
                    && text[words[i].end..]
                        .strip_prefix(' ')
                        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        };
        if !is_capitalized(word)
            || FUNCTION_WORDS.contains(word)
            || TITLES.contains(word)
            || calendar()
        {
            i += 1;
            continue;
        }
        let mut last = i;
        let mut j = i + 1;
        while j < words.len() {
            let gap = &text[words[j - 1].end..words[j].start];
            let next = &text[words[j].start..words[j].end];
            if gap != " " {
                break;
            }
            if is_capitalized(next)
                && !FUNCTION_WORDS.contains(next)
                && !TITLES.contains(next)
                && !CALENDAR.contains(next)
            {
                last = j;
                j += 1;
            } else if PARTICLES.contains(next)
                && j + 1 < words.len()
                && &text[words[j].end..words[j + 1].start] == " "
                && is_capitalized(&text[words[j + 1].start..words[j + 1].end])
            {
                j += 1;
            } else {
                break;
            }
        }
        let mut span = Span::new(words[i].start, words[last].end);
        for possessive in ["’s", "'s", "’", "'"] {
            if text[span.start..span.end].ends_with(possessive) && span.len() > possessive.len() {
                span.end -= possessive.len();
                break;
            }
        }
        runs.push((
            span,
            i > 0 && TITLES.contains(&text[words[i - 1].start..words[i - 1].end]),
        ));
        i = last + 1;
    }
    runs
}

mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The stream's tokens with their lower-cased forms owned, to compare with the reference.
    fn fast_tokens(text: &str) -> Vec<Tok> {
        let tokens = crate::text::tokens::tokenize(text);
        tokens
            .iter()
            .map(|t| Tok {
                kind: t.kind,
                span: t.span,
                gap: t.gap,
                shape: t.shape,
                sentence_start: t.sentence_start,
                lower: tokens.lower(t).to_owned(),
            })
            .collect()
    }

    /// Words and name-like text: list words, particles, titles, dates,
    /// accents, curly marks, abbreviations, numbers and line breaks.
    const NEWSY: &str = "((The|President|Dr\\.|May|March|of|van|de|Bank|Roe|ÉCOLE|Łódź|al-Khatib|abu-Bakr|d’Estaing|ibn-Sina|and|in|a|U\\.S\\.|St\\.|Jan\\.|[A-Z][a-zé]{0,3}|[a-z]{1,4}|’s|'s|5|1,500\\.25|½|“|”|\"|—|,|\\.|\\?|\n|  )[ ]?){0,14}";

    proptest! {
        /// The fast tokenizer gives the reference's tokens, field by field.
        #[test]
        fn tokens_match_the_reference(text in NEWSY) {
            prop_assert_eq!(fast_tokens(&text), tokenize(&text));
        }

        /// The same on arbitrary Unicode.
        #[test]
        fn tokens_match_the_reference_on_any_text(text in "\\PC{0,40}") {
            prop_assert_eq!(fast_tokens(&text), tokenize(&text));
        }

        /// The fast words are the reference's, with and without full stops.
        #[test]
        fn words_match_the_reference(text in NEWSY, keep_dots: bool) {
            let tokens = crate::text::tokens::tokenize(&text);
            prop_assert_eq!(
                crate::text::words::words(&text, &tokens, keep_dots),
                words(&text, &tokens, keep_dots)
            );
        }

        /// The same on arbitrary Unicode.
        #[test]
        fn words_match_the_reference_on_any_text(text in "\\PC{0,40}", keep_dots: bool) {
            let tokens = crate::text::tokens::tokenize(&text);
            prop_assert_eq!(
                crate::text::words::words(&text, &tokens, keep_dots),
                words(&text, &tokens, keep_dots)
            );
        }

        /// The fast name runs are the reference's.
        #[test]
        fn name_runs_match_the_reference(text in NEWSY) {
            let tokens = crate::text::tokens::tokenize(&text);
            let words = crate::text::words::words(&text, &tokens, true);
            prop_assert_eq!(
                crate::text::names::name_runs(&text, &words),
                name_runs(&text, &words)
            );
        }

        /// The first-bytes shortcut of the capital test answers as the reference.
        #[test]
        fn capitalised_as_the_reference(word in "(al|el|ash|bin|ibn|abu|d|a|b|e|i|É|x|)(-|’|'|)[aAéÉ1 ’'-]{0,5}") {
            prop_assert_eq!(crate::text::names::is_capitalized(&word), is_capitalized(&word));
        }
    }
}
