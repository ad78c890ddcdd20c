//! The quote-mark scanner: every stretch of text between paired quotation
//! marks within one paragraph (“ ” " « »; mismatched pairs such as ” … ”
//! and " … ” included). A paragraph that ends inside a quote closes it
//! there. A single mark ‘ opens only after white space and before a letter,
//! and ’ closes only at the end of a word, so apostrophes (it’s, countries’,
//! ’90s) are never taken for marks; a single quote left open at the end of
//! its paragraph was an apostrophe and yields nothing. Quotes nested inside
//! quotes stay inside the outer span.

use crate::schema::Span;
use crate::text::paragraphs::paragraphs;

/// A stretch of text between quotation marks, with where its marks and paragraph are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// The quoted text, trimmed of white space, marks excluded.
    pub span: Span,
    /// The opening mark.
    pub open: Span,
    /// The closing mark; `None` when the paragraph ended first.
    pub close: Option<Span>,
    /// The paragraph (line) it stands in, without its line break.
    pub paragraph: Span,
}

/// Every quotation-mark pair of the text, in order; nested pairs stay inside the outer one.
pub fn candidates(text: &str) -> Vec<Candidate> {
    let mut out = Vec::new();
    for paragraph in paragraphs(text) {
        scan_paragraph(text, paragraph, &mut out);
    }
    out
}

/// What closes the quote that is open.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Closer {
    /// Opened with «; only » closes.
    Guillemet,
    /// Opened with a double mark; ” or " closes.
    Double,
    /// Opened with ‘; ’ at the end of a word closes.
    Single,
}

fn scan_paragraph(text: &str, paragraph: Span, out: &mut Vec<Candidate>) {
    let slice = &text[paragraph.start..paragraph.end];
    let mut open: Option<(Span, Closer)> = None;
    let mut depth = 0usize;
    for (i, c) in marks(slice) {
        let at = paragraph.start + i;
        let mark = Span::new(at, at + c.len_utf8());
        let prev = slice[..i].chars().next_back();
        let next = slice[i + c.len_utf8()..].chars().next();
        let after_space = prev.is_none_or(|p| p.is_whitespace() || "([{—–-/".contains(p));
        match open {
            None => {
                let closer = match c {
                    '«' => Some(Closer::Guillemet),
                    '“' => Some(Closer::Double),
                    '"' | '”' if after_space => Some(Closer::Double),
                    '‘' if after_space && next.is_some_and(char::is_alphabetic) => {
                        Some(Closer::Single)
                    }
                    _ => None,
                };
                if let Some(closer) = closer {
                    open = Some((mark, closer));
                    depth = 0;
                }
            }
            Some((opening, closer)) => {
                let closes = match (closer, c) {
                    (Closer::Guillemet, '»') => true,
                    (Closer::Double, '“') if after_space => {
                        depth += 1;
                        false
                    }
                    (Closer::Double, '”') if depth > 0 => {
                        depth -= 1;
                        false
                    }
                    (Closer::Double, '”') => true,
                    (Closer::Double, '"') => prev.is_some_and(|p| !p.is_whitespace()),
                    (Closer::Single, '’') => {
                        prev.is_some_and(|p| !p.is_whitespace())
                            && !next.is_some_and(char::is_alphanumeric)
                    }
                    _ => false,
                };
                if closes {
                    push_trimmed(text, opening, Some(mark), paragraph, out);
                    open = None;
                }
            }
        }
    }
    if let Some((opening, closer)) = open {
        // A single mark left open was an apostrophe, not a quote.
        if closer != Closer::Single {
            push_trimmed(text, opening, None, paragraph, out);
        }
    }
}

/// The quotation marks of `slice` with their byte offsets. Every mark is
/// `"` or starts with byte 0xE2 (“ ” ‘ ’) or 0xC2 (« »), so a vectorised
/// search for those three bytes skips the text between marks.
fn marks(slice: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    const MARKS: [char; 7] = ['“', '”', '"', '«', '»', '‘', '’'];
    memchr::memchr3_iter(b'"', 0xE2, 0xC2, slice.as_bytes()).filter_map(|i| {
        let c = slice[i..].chars().next()?;
        MARKS.contains(&c).then_some((i, c))
    })
}

fn push_trimmed(
    text: &str,
    open: Span,
    close: Option<Span>,
    paragraph: Span,
    out: &mut Vec<Candidate>,
) {
    let (start, end) = (open.end, close.map_or(paragraph.end, |c| c.start));
    let slice = &text[start..end];
    let trimmed_start = start + (slice.len() - slice.trim_start().len());
    let trimmed_end = start + slice.trim_end().len();
    if trimmed_start < trimmed_end {
        out.push(Candidate {
            span: Span::new(trimmed_start, trimmed_end),
            open,
            close,
            paragraph,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<&str> {
        candidates(text)
            .iter()
            .map(|c| &text[c.span.start..c.span.end])
            .collect()
    }

    #[test]
    fn pairs_curly_straight_mismatched_and_guillemets() {
        assert_eq!(
            quoted("“A,” he said. \"B\" and ”C,” and «D»."),
            ["A,", "B", "C,", "D"]
        );
    }

    #[test]
    fn single_marks_pair_only_as_quotes_and_nested_pairs_stay_inside() {
        assert_eq!(
            quoted("He said ‘no’ to the ’90s and the countries’ plans. “She told me “never,” twice,” he said."),
            ["no", "She told me “never,” twice,"]
        );
        assert_eq!(quoted("It’s ‘open and"), Vec::<&str>::new());
    }

    #[test]
    fn apostrophes_are_not_marks_and_unclosed_paragraphs_end_the_quote() {
        let text = "“It’s ours, ‘fine’ and\r\n“More.”";
        assert_eq!(quoted(text), ["It’s ours, ‘fine’ and", "More."]);
        let first = candidates(text)[0];
        assert_eq!(
            (
                first.close,
                &text[first.paragraph.start..first.paragraph.end]
            ),
            (None, "“It’s ours, ‘fine’ and")
        );
    }
}
