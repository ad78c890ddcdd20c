//! Words: the token stream's word characters joined across single hyphens
//! and apostrophes ("al-Khatib", "Putin’s"), and with `keep_dots` across
//! and after full stops ("U.S.", "St."). Digit runs and letters that touch
//! are one word ("5G"); a number's comma or point separates ("1,500" is two
//! words, "2.5" one with `keep_dots`).

use std::borrow::Cow;

use crate::schema::Span;
use crate::text::chars::is_word_char;
use crate::text::tokens::{lower, Gap, Kind, Token};

/// The characters that join two words into one when they stand between them.
const JOINERS: [char; 3] = ['-', '\'', '’'];

/// A word of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Word<'a> {
    /// Where it stands, in bytes.
    pub(crate) span: Span,
    /// Its text.
    pub(crate) text: &'a str,
}

impl<'a> Word<'a> {
    /// The word lower-cased, borrowed when it holds no upper-case letter.
    pub(crate) fn lower(&self) -> Cow<'a, str> {
        lower(self.text)
    }
}

/// A stretch of one token: a run of word characters, or one other character.
#[derive(Clone, Copy)]
struct Piece {
    span: Span,
    /// The character, when the piece is not a run of word characters.
    mark: Option<char>,
}

/// The pieces of the tokens, in order, made as they are read: a number's
/// separators ("," and "." inside "1,500.25") are pieces of their own.
struct Pieces<'s, 'a> {
    tokens: std::slice::Iter<'s, Token<'a>>,
    /// The rest of the number token being cut, and where it starts.
    number: Option<(usize, &'a [u8])>,
}

impl<'s, 'a> Pieces<'s, 'a> {
    fn new(tokens: &'s [Token<'a>]) -> Self {
        Pieces {
            tokens: tokens.iter(),
            number: None,
        }
    }

    /// The first piece of `rest`, a non-empty stretch of a number token at `at`.
    #[inline]
    fn cut(&mut self, at: usize, rest: &'a [u8]) -> Piece {
        let len = match rest.iter().position(|&b| b == b',' || b == b'.') {
            Some(0) => {
                if rest.len() > 1 {
                    self.number = Some((at + 1, &rest[1..]));
                }
                return Piece {
                    span: Span::new(at, at + 1),
                    mark: Some(char::from(rest[0])),
                };
            }
            Some(n) => {
                self.number = Some((at + n, &rest[n..]));
                n
            }
            None => rest.len(),
        };
        Piece {
            span: Span::new(at, at + len),
            mark: None,
        }
    }
}

impl Iterator for Pieces<'_, '_> {
    type Item = Piece;

    #[inline]
    fn next(&mut self) -> Option<Piece> {
        if let Some((at, rest)) = self.number.take() {
            return Some(self.cut(at, rest));
        }
        let t = self.tokens.next()?;
        Some(match t.kind {
            Kind::Word => Piece {
                span: t.span,
                mark: None,
            },
            Kind::Punct => {
                let c = t.text.chars().next().unwrap_or(' ');
                Piece {
                    span: t.span,
                    mark: (!is_word_char(c)).then_some(c),
                }
            }
            Kind::Num => self.cut(t.span.start, t.text.as_bytes()),
        })
    }
}

/// Whether a token glued to a word ends it and starts no word: an ASCII
/// mark that is not a joiner (nor, with `keep_dots`, a full stop).
#[inline(always)]
fn ends_word(token: &Token<'_>, keep_dots: bool) -> bool {
    token.kind == Kind::Punct
        && match *token.text.as_bytes() {
            [b] => {
                let c = char::from(b);
                !(JOINERS.contains(&c) || keep_dots && c == '.')
            }
            _ => false,
        }
}

/// The words of `text`, read from its tokens in one pass.
pub(crate) fn words<'a>(text: &'a str, tokens: &[Token<'a>], keep_dots: bool) -> Vec<Word<'a>> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut pieces = Pieces::new(tokens);
    // A piece read ahead that the next word may start with.
    let mut held: Option<Piece> = None;
    loop {
        // Most tokens settle alone: a word with white space, nothing, or a
        // mark that joins nothing after it is a word; an ASCII mark starts none.
        if held.is_none() && pieces.number.is_none() {
            if let [t, after @ ..] = pieces.tokens.as_slice() {
                let alone = match t.kind {
                    Kind::Word => after
                        .first()
                        .is_none_or(|n| n.gap != Gap::Glued || ends_word(n, keep_dots)),
                    Kind::Punct => t.text.is_ascii(),
                    Kind::Num => false,
                };
                if alone {
                    if t.kind == Kind::Word {
                        out.push(Word {
                            span: t.span,
                            text: t.text,
                        });
                    }
                    pieces.tokens.next();
                    continue;
                }
            }
        }
        let Some(first) = held.take().or_else(|| pieces.next()) else {
            break;
        };
        if first.mark.is_some() {
            continue;
        }
        let start = first.span.start;
        let mut end = first.span.end;
        while let Some(next) = pieces.next() {
            if next.span.start != end {
                held = Some(next);
                break;
            }
            let Some(c) = next.mark else {
                end = next.span.end;
                continue;
            };
            if JOINERS.contains(&c) || keep_dots && c == '.' {
                match pieces.next() {
                    Some(after) if after.mark.is_none() && after.span.start == next.span.end => {
                        end = after.span.end;
                        continue;
                    }
                    after => held = after,
                }
            }
            if keep_dots && c == '.' {
                end = next.span.end;
            }
            break;
        }
        out.push(Word {
            span: Span::new(start, end),
            text: &text[start..end],
        });
    }
    out
}

/// The words `keep_dots` gives (see [`words`]), built from the words
/// without it: words a single full stop separates are one, and a full stop
/// right after a word ends it. Cheaper than a second pass over the tokens
/// for a caller that needs both.
pub(crate) fn dotted<'a>(text: &'a str, words: &[Word<'a>]) -> Vec<Word<'a>> {
    let bytes = text.as_bytes();
    let mut out: Vec<Word<'a>> = Vec::with_capacity(words.len());
    let mut k = 0;
    while let Some(&w) = words.get(k) {
        k += 1;
        // Most words have no full stop after them and stay as they are.
        if bytes.get(w.span.end) != Some(&b'.') {
            out.push(w);
            continue;
        }
        let mut end = w.span.end;
        while bytes.get(end) == Some(&b'.') {
            match words.get(k) {
                Some(next) if next.span.start == end + 1 => {
                    end = next.span.end;
                    k += 1;
                }
                _ => {
                    end += 1;
                    break;
                }
            }
        }
        out.push(Word {
            span: Span::new(w.span.start, end),
            text: &text[w.span.start..end],
        });
    }
    out
}

/// The text cut at every character that is not a word character: maximal
/// runs of word characters, and every other character that is not white
/// space on its own ("U.S." is `U . S .`, "$1,500" is `$ 1 , 500`), in
/// order. The token rule of formats that want the finest cut (the CoNLL
/// export), read from the token stream.
pub(crate) fn word_char_runs(tokens: &[Token<'_>]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(tokens.len() + tokens.len() / 8);
    let mut run_open = false;
    for p in Pieces::new(tokens) {
        match out.last_mut() {
            Some(last) if run_open && p.mark.is_none() && last.end == p.span.start => {
                last.end = p.span.end;
            }
            _ => out.push(p.span),
        }
        run_open = p.mark.is_none();
    }
    out
}

/// The last word of `s`, as `s.rsplit(char::is_whitespace).next()` gives
/// it, found by byte while the end of `s` is ASCII: the look-backs ask for
/// the word before a name on every candidate, and the generic splitter
/// costs more than the words it reads.
pub(crate) fn last_word(s: &str) -> &str {
    match s
        .bytes()
        .rposition(|b| matches!(b, b' ' | b'\t'..=b'\r') || b >= 0x80)
    {
        None => s,
        Some(at) if s.as_bytes()[at] < 0x80 => &s[at + 1..],
        Some(_) => s.rsplit(char::is_whitespace).next().unwrap_or(s),
    }
}

/// `s` cut at its last space, as `s.rsplit_once(' ')` cuts it, found by byte.
pub(crate) fn split_at_last_space(s: &str) -> Option<(&str, &str)> {
    let at = s.bytes().rposition(|b| b == b' ')?;
    Some((&s[..at], &s[at + 1..]))
}

/// What follows the last space of `s` (all of `s` without one), as
/// `s.rsplit(' ').next()` gives it.
pub(crate) fn after_last_space(s: &str) -> &str {
    split_at_last_space(s).map_or(s, |(_, last)| last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokens::tokenize;
    use proptest::prelude::*;

    proptest! {
        /// The byte scans give what the generic splitters give, on ASCII
        /// and non-ASCII text and every white space character.
        #[test]
        fn last_words_match_the_splitters(s in "[a \t\n\u{b}\u{c}\r\u{85}\u{a0}\u{2003}é北,]{0,12}") {
            prop_assert_eq!(last_word(&s), s.rsplit(char::is_whitespace).next().unwrap());
            prop_assert_eq!(split_at_last_space(&s), s.rsplit_once(' '));
            prop_assert_eq!(after_last_space(&s), s.rsplit(' ').next().unwrap());
        }
    }

    /// The former hand-written scanner, character by character: the reference.
    fn reference(text: &str, keep_dots: bool) -> Vec<Span> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let at = |k: usize| chars.get(k).map(|&(_, c)| c);
        let pos = |k: usize| chars.get(k).map_or(text.len(), |&(i, _)| i);
        let mut out = Vec::new();
        let mut k = 0;
        while let Some(c) = at(k) {
            if !is_word_char(c) {
                k += 1;
                continue;
            }
            let start = k;
            k += 1;
            while let Some(c) = at(k) {
                if is_word_char(c) {
                    k += 1;
                    continue;
                }
                let joins = JOINERS.contains(&c) || keep_dots && c == '.';
                if joins && at(k + 1).is_some_and(is_word_char) {
                    k += 1;
                } else {
                    if keep_dots && c == '.' {
                        k += 1;
                    }
                    break;
                }
            }
            out.push(Span::new(pos(start), pos(k)));
        }
        out
    }

    fn spans(text: &str, keep_dots: bool) -> Vec<Span> {
        words(text, &tokenize(text), keep_dots)
            .iter()
            .map(|w| w.span)
            .collect()
    }

    proptest! {
        /// Words built from tokens are the words of the character scanner.
        #[test]
        fn words_match_the_character_scanner(
            text in "[aZ5é½\u{301} .,'’\\-\n(“$]{0,40}",
            keep_dots: bool,
        ) {
            prop_assert_eq!(spans(&text, keep_dots), reference(&text, keep_dots));
        }

        /// The same on arbitrary Unicode.
        #[test]
        fn words_match_on_any_text(text in "\\PC{0,30}", keep_dots: bool) {
            prop_assert_eq!(spans(&text, keep_dots), reference(&text, keep_dots));
        }

        /// The words with full stops built from the words without are the scanner's.
        #[test]
        fn dotted_words_match_the_character_scanner(text in "[aZ5é½\u{301} .,'’\\-\n(“$]{0,40}") {
            let plain = words(&text, &tokenize(&text), false);
            let spans: Vec<Span> = dotted(&text, &plain).iter().map(|w| w.span).collect();
            prop_assert_eq!(spans, reference(&text, true));
        }

        /// The same on arbitrary Unicode.
        #[test]
        fn dotted_words_match_on_any_text(text in "\\PC{0,30}") {
            let plain = words(&text, &tokenize(&text), false);
            let spans: Vec<Span> = dotted(&text, &plain).iter().map(|w| w.span).collect();
            prop_assert_eq!(spans, reference(&text, true));
        }
    }

    /// Runs of word characters or single other characters, by character: the reference.
    fn runs_reference(text: &str) -> Vec<Span> {
        let mut out: Vec<Span> = Vec::new();
        let mut run: Option<usize> = None;
        for (i, c) in text.char_indices() {
            if is_word_char(c) {
                run.get_or_insert(i);
                continue;
            }
            if let Some(start) = run.take() {
                out.push(Span::new(start, i));
            }
            if !c.is_whitespace() {
                out.push(Span::new(i, i + c.len_utf8()));
            }
        }
        if let Some(start) = run {
            out.push(Span::new(start, text.len()));
        }
        out
    }

    proptest! {
        /// The finest cut read from the tokens is the character scanner's.
        #[test]
        fn word_char_runs_match_the_character_scanner(text in "[aZ5é½\u{301} .,'’\\-\n(“$]{0,40}") {
            prop_assert_eq!(word_char_runs(&tokenize(&text)), runs_reference(&text));
        }

        /// The same on arbitrary Unicode.
        #[test]
        fn word_char_runs_match_on_any_text(text in "\\PC{0,30}") {
            prop_assert_eq!(word_char_runs(&tokenize(&text)), runs_reference(&text));
        }
    }

    #[test]
    fn words_before_marks_match_the_character_scanner() {
        let text = "said, Putin. (U.S.) al-Khatib's “Paris”; x-, y'. 5G.";
        for keep_dots in [false, true] {
            assert_eq!(spans(text, keep_dots), reference(text, keep_dots));
        }
    }

    #[test]
    fn joins_names_abbreviations_and_identifiers() {
        let text = "al-Khatib’s U.S. visit, 1,500.25 5G St. Paul";
        let words: Vec<&str> = words(text, &tokenize(text), true)
            .iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(
            words,
            [
                "al-Khatib’s",
                "U.S.",
                "visit",
                "1",
                "500.25",
                "5G",
                "St.",
                "Paul"
            ]
        );
    }
}
