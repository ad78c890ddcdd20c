//! The quote-mark pairer: on any text, every candidate and its marks lie
//! inside the text on character boundaries, the span between its marks and
//! inside its paragraph; never a panic.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for c in wirebench::text::quote_marks::candidates(text) {
        let close = c.close.map(|s| (s.start, s.end));
        common::assert_spans_fit(
            text,
            [
                (c.span.start, c.span.end),
                (c.open.start, c.open.end),
                (c.paragraph.start, c.paragraph.end),
            ]
            .into_iter()
            .chain(close),
        );
        assert!(c.open.end <= c.span.start);
        if let Some(close) = c.close {
            assert!(c.span.end <= close.start);
        }
        assert!(c.paragraph.start <= c.open.start);
    }
});
