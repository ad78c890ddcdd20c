//! Sentences: where each sentence of a text starts, from one rule and one
//! abbreviation list (`data/text/abbreviations.txt`).
//!
//! A line starts a sentence (wire text holds one paragraph per line). A
//! `.`, `?` or `!` ends one when, after any closing quotation marks or
//! brackets, a space comes before an upper-case letter, a digit or an
//! opening quotation mark; a `.` does not when it closes a listed
//! abbreviation ("Dr.", "Gen."), a capital initial ("J. Smith") or a dotted
//! abbreviation ("U.S."), since those go on within the sentence.

use crate::text::lists::word_list;
use crate::text::tokens::Token;

word_list!(
    /// Abbreviations with a full stop that do not end a sentence, without the stop.
    ABBREVIATIONS, "text/abbreviations.txt"
);

/// The length of the longest abbreviation: no longer word needs the search.
static LONGEST_ABBREVIATION: std::sync::LazyLock<usize> =
    std::sync::LazyLock::new(|| ABBREVIATIONS.iter().map(|a| a.len()).max().unwrap_or(0));

/// The sentence starts of one text, found once and searched.
#[derive(Debug, Clone)]
pub(crate) struct Sentences {
    /// Byte positions where sentences start (line starts included), sorted.
    starts: Vec<usize>,
}

/// White space, marks and brackets that may open a sentence before its first word.
const OPENING: [char; 8] = [' ', '\t', '“', '"', '‘', '«', '(', '['];

/// Whether a punctuation token is one of the marks or brackets of [`OPENING`].
pub(crate) fn is_opening_mark(token: &str) -> bool {
    let mut chars = token.chars();
    chars
        .next()
        .is_some_and(|c| c != ' ' && c != '\t' && OPENING.contains(&c))
        && chars.next().is_none()
}

impl Sentences {
    /// Splits `text` directly, in time linear in its length: the reference
    /// the token stream's sentence starts are tested against (extractors
    /// read them from the tokens, [`Sentences::from_tokens`]).
    #[cfg(test)]
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        for (pos, b) in text.bytes().enumerate() {
            match b {
                b'\n' => starts.push(pos + 1),
                b'.' | b'?' | b'!' => {
                    if let Some(next) = next_sentence(text, pos, b) {
                        starts.push(next);
                    }
                }
                _ => {}
            }
        }
        Sentences { starts }
    }

    /// The sentences of a token stream, read from its sentence starts
    /// (the same splitter, without a second pass over the text); `opens`
    /// answers for the tokens' starts.
    pub(crate) fn from_tokens(tokens: &[Token<'_>]) -> Self {
        let mut starts = Vec::with_capacity(tokens.len() / 16 + 1);
        starts.push(0);
        starts.extend(
            tokens
                .iter()
                .filter(|t| t.sentence_start && t.span.start > 0)
                .map(|t| t.span.start),
        );
        Sentences { starts }
    }

    /// Whether the word at `at` opens a sentence: only white space and
    /// opening marks or brackets stand between the sentence's start and it.
    pub(crate) fn opens(&self, text: &str, at: usize) -> bool {
        let i = self.starts.partition_point(|&s| s <= at);
        let start = self.starts[i.saturating_sub(1)];
        text[start..at].trim_start_matches(OPENING).is_empty()
    }
}

/// Where the next sentence starts when the mark `b` at `pos` ends one.
pub(crate) fn next_sentence(text: &str, pos: usize, b: u8) -> Option<usize> {
    // Most marks are followed by a space or a closing mark's first byte; the rest end nothing.
    if !matches!(
        text.as_bytes().get(pos + 1),
        Some(b' ' | b'"' | b')' | b']' | 0xE2 | 0xC2)
    ) {
        return None;
    }
    let next = text[pos + 1..].trim_start_matches(['”', '"', '’', '»', ')', ']']);
    let after = next.strip_prefix(' ')?.trim_start_matches(' ');
    let opens = after
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "“\"«‘".contains(c));
    if !opens {
        return None;
    }
    if b == b'.' {
        let head = &text[..pos];
        // The word before the mark: an ASCII scan back to a space, else by characters.
        let word = match head
            .bytes()
            .rposition(|b| b.is_ascii_whitespace() || b >= 0x80)
        {
            Some(at) if head.as_bytes()[at] < 0x80 => &head[at + 1..],
            None => head,
            Some(_) => head.rsplit(char::is_whitespace).next().unwrap_or(""),
        };
        let bare = word.trim_start_matches(|c: char| !c.is_alphanumeric());
        let initial = bare.chars().count() == 1 && bare.chars().all(char::is_uppercase);
        if initial
            || bare.contains('.')
            || bare.len() <= *LONGEST_ABBREVIATION && ABBREVIATIONS.binary_search(&bare).is_ok()
        {
            return None;
        }
    }
    Some(text.len() - after.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether each word of `text` (split at spaces) opens a sentence.
    fn openers(text: &str) -> Vec<&str> {
        let sentences = Sentences::new(text);
        let mut at = 0;
        let mut out = Vec::new();
        for word in text.split([' ', '\n']) {
            if sentences.opens(text, at) {
                out.push(word);
            }
            at += word.len() + 1;
        }
        out
    }

    #[test]
    fn abbreviations_initials_and_dotted_words_do_not_end_sentences() {
        assert_eq!(
            openers("Dr. Roe met Gen. Lee in the U.S. Army camp. J. Smith came. “Why?” Roe asked. Then 30 left."),
            ["Dr.", "J.", "“Why?”", "Roe", "Then"]
        );
    }

    #[test]
    fn lines_start_sentences_and_lower_case_goes_on() {
        assert_eq!(
            openers("It rose. to 5.\nNew line (\n“Quoted"),
            ["It", "New", "“Quoted"]
        );
    }

    proptest::proptest! {
        /// Sentences read from the tokens answer as the splitter does at every token.
        #[test]
        fn sentences_from_tokens_match_the_splitter(text in "[aZ5 .?!“”\"(\n\u{a0}]{0,40}") {
            let tokens = crate::text::tokens::tokenize(&text);
            let (direct, read) = (Sentences::new(&text), Sentences::from_tokens(&tokens));
            for t in tokens.iter() {
                proptest::prop_assert_eq!(read.opens(&text, t.span.start), direct.opens(&text, t.span.start));
            }
        }
    }

    #[test]
    fn abbreviations_are_sorted_for_binary_search() {
        assert!(ABBREVIATIONS.windows(2).all(|w| w[0] < w[1]));
    }
}
