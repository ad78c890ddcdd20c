//! Paragraphs: news wire text holds one paragraph per line.

use crate::schema::Span;

/// The paragraphs (lines) of `text`, each without its line break, empty
/// ones included, in order. Line breaks are found by a vectorised byte
/// search (`memchr`): every quote scan walks a document's lines.
pub(crate) fn paragraphs(text: &str) -> impl Iterator<Item = Span> + '_ {
    let bytes = text.as_bytes();
    let mut starts = std::iter::once(0).chain(memchr::memchr_iter(b'\n', bytes).map(|at| at + 1));
    let mut next = starts.next();
    std::iter::from_fn(move || {
        let start = next.filter(|&start| start < bytes.len())?;
        next = starts.next();
        let line_end = next.unwrap_or(bytes.len());
        let content = text[start..line_end].trim_end_matches(['\n', '\r']);
        Some(Span::new(start, start + content.len()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The byte search cuts where splitting at every line break does.
        #[test]
        fn lines_match_the_split(text in "[a\r\n é]{0,16}") {
            let mut offset = 0;
            let expected: Vec<Span> = text
                .split_inclusive('\n')
                .map(|line| {
                    let content = line.trim_end_matches(['\n', '\r']);
                    let span = Span::new(offset, offset + content.len());
                    offset += line.len();
                    span
                })
                .collect();
            proptest::prop_assert_eq!(paragraphs(&text).collect::<Vec<_>>(), expected);
        }
    }

    #[test]
    fn lines_without_their_breaks() {
        let text = "A b.\r\n\nC";
        let found: Vec<&str> = paragraphs(text).map(|p| &text[p.start..p.end]).collect();
        assert_eq!(found, ["A b.", "", "C"]);
    }
}
