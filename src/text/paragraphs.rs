//! Paragraphs: news wire text holds one paragraph per line.

use crate::schema::Span;

/// The paragraphs (lines) of `text`, each without its line break, empty
/// ones included, in order.
pub(crate) fn paragraphs(text: &str) -> impl Iterator<Item = Span> + '_ {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |line| {
        let content = line.trim_end_matches(['\n', '\r']);
        let span = Span::new(offset, offset + content.len());
        offset += line.len();
        span
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_without_their_breaks() {
        let text = "A b.\r\n\nC";
        let found: Vec<&str> = paragraphs(text).map(|p| &text[p.start..p.end]).collect();
        assert_eq!(found, ["A b.", "", "C"]);
    }
}
