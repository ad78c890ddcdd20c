//! Sentences: where each sentence of a text starts, from one rule and one
//! abbreviation list (`data/text/abbreviations.txt`).
//!
//! A line starts a sentence (wire text holds one paragraph per line). A
//! `.`, `?` or `!` ends one when, after any closing quotation marks or
//! brackets, a space comes before an upper-case letter, a digit or an
//! opening quotation mark; a `.` does not when it closes a listed
//! abbreviation ("Dr.", "Gen."), a capital initial ("J. Smith") or a dotted
//! abbreviation ("U.S."), since those go on within the sentence.
//!
//! Those starts are where a capital may be a sentence's and not a name's.
//! A text read for who said what needs its sentences with the quotations
//! left inside them ([`ends_around_quotations`]): the same marks and list,
//! and the rules of a sentence that quotes others.

use crate::text::lists::word_list;
use crate::text::quote_marks::Candidate;
use crate::text::tokens::Token;
use crate::text::words::last_word;

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

/// The sentence ends of `text` with its quotations left inside the
/// sentences that quote them: byte positions just after each end (after its
/// mark, or after a line break), sorted. `quotations` are the text's
/// quotation-mark pairs in order ([`crate::text::quote_marks::candidates`],
/// or those of them a reader takes for quotes). Over the rule of
/// [`next_sentence`] and its abbreviation list:
/// - a mark inside a quotation ends the quoted sentence, not the one quoting
///   it (“Why?” Roe asked);
/// - a quotation whose last character is a full stop ends the sentence
///   around it when one space and a capital follow (“… Samir.” The house said);
/// - a mark with only closing marks before a line's end or the text's end
///   ends its sentence, after an abbreviation too;
/// - a line break ends a sentence (a heading has no full stop);
/// - ends with only white space between them end one sentence.
pub(crate) fn ends_around_quotations(text: &str, quotations: &[Candidate]) -> Vec<usize> {
    let interior = |q: &Candidate| (q.open.start, q.close.map_or(q.paragraph.end, |c| c.end));
    let mut ends = Vec::new();
    // Quotations are in text order and so are the marks: one walk over both.
    let mut q = 0;
    for pos in memchr::memchr3_iter(b'.', b'?', b'!', text.as_bytes()) {
        while q < quotations.len() && interior(&quotations[q]).1 <= pos {
            q += 1;
        }
        if quotations
            .get(q)
            .is_some_and(|quote| interior(quote).0 < pos)
        {
            continue;
        }
        let next = text[pos + 1..].trim_start_matches(CLOSING);
        if next.is_empty()
            || next.starts_with(['\n', '\r'])
            || next_sentence(text, pos, text.as_bytes()[pos]).is_some()
        {
            ends.push(pos + 1);
        }
    }
    ends.extend(quotations.iter().filter_map(|q| {
        let close = q.close?;
        let next = text[close.end..].strip_prefix(' ').unwrap_or("");
        (text[..close.start].ends_with('.') && next.chars().next().is_some_and(char::is_uppercase))
            .then_some(close.end)
    }));
    ends.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|pos| pos + 1));
    ends.sort_unstable();
    let mut kept: Vec<usize> = Vec::with_capacity(ends.len());
    for end in ends {
        if kept
            .last()
            .is_none_or(|&last| !text[last..end].trim().is_empty())
        {
            kept.push(end);
        }
    }
    kept
}

/// Closing marks and brackets that may stand between a sentence's mark and what follows.
const CLOSING: [char; 6] = ['”', '"', '’', '»', ')', ']'];

/// Where the next sentence starts when the mark `b` at `pos` ends one.
pub(crate) fn next_sentence(text: &str, pos: usize, b: u8) -> Option<usize> {
    // Most marks are followed by a space or a closing mark's first byte; the rest end nothing.
    if !matches!(
        text.as_bytes().get(pos + 1),
        Some(b' ' | b'"' | b')' | b']' | 0xE2 | 0xC2)
    ) {
        return None;
    }
    let next = text[pos + 1..].trim_start_matches(CLOSING);
    let after = next.strip_prefix(' ')?.trim_start_matches(' ');
    let opens = after.chars().next().is_some_and(|c| {
        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '“' | '"' | '«' | '‘')
    });
    if !opens {
        return None;
    }
    if b == b'.' {
        let head = &text[..pos];
        let word = last_word(head);
        let bare = word.trim_start_matches(|c: char| !c.is_alphanumeric());
        let mut chars = bare.chars();
        let initial = chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
        if initial
            || bare.contains('.')
            // Bytes compared in line: `str`'s order, without a `memcmp` call a step.
            || bare.len() <= *LONGEST_ABBREVIATION
                && ABBREVIATIONS
                    .binary_search_by(|a| a.bytes().cmp(bare.bytes()))
                    .is_ok()
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

    /// The sentences of `text` read whole, quotations inside them, as strings.
    fn around_quotations(text: &str) -> Vec<&str> {
        let quotations = crate::text::quote_marks::candidates(text);
        let mut from = 0;
        let mut out = Vec::new();
        for end in ends_around_quotations(text, &quotations) {
            out.push(&text[from..end]);
            from = end;
        }
        out.push(&text[from..]);
        out
    }

    #[test]
    fn marks_inside_quotations_leave_the_quoting_sentence_whole() {
        assert_eq!(
            around_quotations("“Why? We wait,” Roe asked. “Go!” Lee said. Then it rose."),
            [
                "“Why? We wait,” Roe asked.",
                " “Go!” Lee said.",
                " Then it rose.",
                ""
            ]
        );
    }

    #[test]
    fn a_quotation_closed_by_a_full_stop_ends_its_sentence_before_a_capital() {
        assert_eq!(
            around_quotations("She wrote: “We left Samir.” The house was empty. “No.” he said."),
            [
                "She wrote: “We left Samir.”",
                " The house was empty.",
                " “No.” he said.",
                ""
            ]
        );
    }

    #[test]
    fn a_line_break_ends_a_heading_without_a_full_stop() {
        assert_eq!(
            around_quotations("Storm hits the coast\nRoe said it rose."),
            ["Storm hits the coast\n", "Roe said it rose.", ""]
        );
    }

    #[test]
    fn ends_with_only_white_space_between_them_count_once() {
        // The full stop ends the line's sentence; its line break and the
        // blank line after it end nothing more; a full stop before spaces
        // and a line break leaves the end to the line break.
        assert_eq!(
            around_quotations("It rose.\n\nThen it fell.  \nDr.\n"),
            ["It rose.", "\n\nThen it fell.  \n", "Dr.", "\n"]
        );
    }

    #[test]
    fn abbreviations_end_no_sentence_unless_a_line_ends() {
        assert_eq!(
            around_quotations(
                "Gen. Lee met J. Smith in the U.S. Army camp. Det. Supt. Roe met Gen.\nLee left."
            ),
            [
                "Gen. Lee met J. Smith in the U.S. Army camp.",
                " Det. Supt. Roe met Gen.",
                "\nLee left.",
                ""
            ]
        );
    }

    proptest::proptest! {
        /// Every sentence start outside a quotation follows an end of the
        /// sentences read whole, with only closing marks, white space and
        /// opening marks between: the two readings share one splitter.
        #[test]
        fn starts_outside_quotations_follow_an_end(text in "[aZ5 .?!“”\"()\n]{0,40}") {
            let quotations = crate::text::quote_marks::candidates(&text);
            let ends = ends_around_quotations(&text, &quotations);
            let inside = |at: usize| quotations.iter().any(|q| {
                q.open.start < at && at < q.close.map_or(q.paragraph.end, |c| c.end)
            });
            for &start in &Sentences::new(&text).starts[1..] {
                let mark = text[..start].trim_end_matches([' ', '(', '“', '"']);
                let mark = mark.trim_end_matches(CLOSING);
                if inside(mark.len().saturating_sub(1)) || start == text.len() {
                    continue;
                }
                let i = ends.partition_point(|&e| e <= start);
                proptest::prop_assert!(i > 0, "{:?}: no end before {}", text, start);
                let gap = &text[ends[i - 1]..start];
                proptest::prop_assert!(
                    gap.chars().all(|c| c.is_whitespace() || CLOSING.contains(&c) || OPENING.contains(&c)),
                    "{:?}: {:?} between an end and the start {}", text, gap, start
                );
            }
        }
    }

    #[test]
    fn abbreviations_are_sorted_for_binary_search() {
        assert!(ABBREVIATIONS.windows(2).all(|w| w[0] < w[1]));
    }
}
