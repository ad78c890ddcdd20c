//! The number normaliser: on any text, numbers sorted, without overlaps,
//! inside the text on character boundaries; never a panic.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let numbers = wirebench::extract::numbers::normalized::extract_numbers(text);
    common::assert_spans_fit(text, numbers.iter().map(|n| (n.start, n.end)));
    for pair in numbers.windows(2) {
        assert!(pair[0].end <= pair[1].start, "overlap or out of order");
    }
});
