//! Every built-in extractor on arbitrary Unicode: no panic, every span inside
//! the text on character boundaries, output sorted and free of duplicates.

use proptest::prelude::*;
use wirebench::corpus::Document;
use wirebench::extract::{Extractor, Registry};

fn news_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "“",
        "”",
        "\"",
        "‘",
        "’",
        "«",
        "»",
        "'",
        " ",
        "\n",
        "\r\n",
        ".",
        ",",
        "-",
        "Zoë",
        "Łódź",
        "U.S.",
        "St.",
        "President",
        "Anna Nowak",
        "1,500",
        "2.5",
        "$",
        "%",
        "COVID-19",
        "e\u{301}",
        "🙂",
        "9999999999999999999999",
    ]);
    prop::collection::vec(
        prop_oneof![pieces.prop_map(str::to_owned), "\\PC{0,4}"],
        0..40,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn built_ins_never_panic_and_keep_spans_sound(text in news_like()) {
        let doc = Document::new("p", text.clone());
        for extractor in builtins() {
            let prediction = extractor.extract(&doc).expect("built-ins do not fail");
            prop_assert!(prediction.check_spans(&text).is_ok(), "{}: {:?}", extractor.id(), prediction.check_spans(&text));
                        prop_assert!(prediction.spans().iter().all(|s| s.start < s.end), "{}: empty span", extractor.id());
            let layers: [Vec<(usize, usize)>; 3] = [
                prediction.entities.iter().flatten().map(|e| (e.start, e.end)).collect(),
                prediction.quotes.iter().flatten().map(|q| (q.start, q.end)).collect(),
                prediction.numbers.iter().flatten().map(|n| (n.start, n.end)).collect(),
            ];
            for spans in layers {
                let mut sorted = spans.clone();
                sorted.sort();
                sorted.dedup();
                prop_assert_eq!(&sorted, &spans, "{}: sorted, no duplicates", extractor.id());
                prop_assert!(spans.windows(2).all(|w| w[0].1 <= w[1].0), "{}: no overlaps", extractor.id());
            }
        }
    }
}

/// The built-in extractors, in report order.
fn builtins() -> Vec<&'static dyn Extractor> {
    static REGISTRY: std::sync::LazyLock<Registry> = std::sync::LazyLock::new(Registry::default);
    REGISTRY.iter().collect()
}
