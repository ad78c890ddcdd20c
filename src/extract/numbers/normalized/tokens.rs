//! The number normaliser's tokens: words, digit runs ("1,500", "2.5") and
//! single punctuation marks, each with the white space before it.

use super::*;

/// Word tables hashed with the lexicon's cheap hasher.
pub(super) type FastMap<K, V> = HashMap<K, V, crate::gazetteer::FastHash>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TokKind {
    Word,
    Num,
    Punct,
}

/// White space before a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Gap {
    /// None: the token touches the previous one.
    Glued,
    /// Spaces or tabs on the same line.
    Space,
    /// A line break, or the start of the text.
    Break,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Tok<'a> {
    pub(super) kind: TokKind,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) text: &'a str,
    pub(super) gap: Gap,
    pub(super) lex: Lex,
}

/// Combining marks that continue a word.
pub(super) fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Vulgar fractions, kept as single punctuation tokens.
pub(super) fn vulgar_fraction(c: char) -> Option<f64> {
    Some(match c {
        '½' => 0.5,
        '¼' => 0.25,
        '¾' => 0.75,
        '⅓' => 1.0 / 3.0,
        '⅔' => 2.0 / 3.0,
        '⅛' => 0.125,
        _ => return None,
    })
}

pub(super) fn is_word_char(c: char) -> bool {
    (c.is_alphanumeric() && !c.is_ascii_digit() && vulgar_fraction(c).is_none()) || is_combining(c)
}

pub(super) fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let bytes = text.as_bytes();
    let mut toks = Vec::with_capacity(text.len() / 5 + 1);
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
                toks.push(Tok {
                    kind: TokKind::Num,
                    start: i,
                    end,
                    text: &text[i..end],
                    gap,
                    lex: Lex::Other,
                });
                gap = Gap::Glued;
                i = end;
                continue;
            }
            if !b.is_ascii_alphabetic() {
                toks.push(Tok {
                    kind: TokKind::Punct,
                    start: i,
                    end: i + 1,
                    text: &text[i..i + 1],
                    gap,
                    lex: Lex::Other,
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
            if !is_word_char(c) {
                let end = i + c.len_utf8();
                toks.push(Tok {
                    kind: TokKind::Punct,
                    start: i,
                    end,
                    text: &text[i..end],
                    gap,
                    lex: Lex::Other,
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
            if is_word_char(c) {
                i += c.len_utf8();
            } else {
                break;
            }
        }
        let word = &text[start..i];
        toks.push(Tok {
            kind: TokKind::Word,
            start,
            end: i,
            text: word,
            gap,
            lex: lex_of(word),
        });
        gap = Gap::Glued;
    }
    toks
}

/// End of the digit run at `start`: "1,500", "2.5", "1,260,000.75".
pub(super) fn scan_number(bytes: &[u8], start: usize) -> usize {
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
