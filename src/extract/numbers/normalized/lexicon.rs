//! Number words ("twenty", "million", "fifth", months) and the word lists
//! the number rules consult.

use super::*;

/// What a word is, for the words that matter at the start of a number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Lex {
    Other,
    /// "a", "an".
    Article,
    /// "zero" .. "ninety".
    Card(u32),
    Hundred,
    /// "thousand" 3, "million" 6, "lakh" 5, "crore" 7 …: a power of ten.
    Scale(i32),
    /// "first" .. "twentieth", "thirtieth" …, "hundredth".
    Ord(u32),
    /// Plural denominators: "thirds", "quarters", "halves".
    OrdPlural(u32),
    Half,
    Quarter,
    Dozen,
    Month(u8),
    MonthAbbr(u8),
    Weekday,
    Percent,
    And,
    Minus,
    Magnitude,
}

pub(super) static LEXICON: LazyLock<FastMap<&'static [u8], Lex>> = LazyLock::new(|| {
    let mut m: FastMap<&'static str, Lex> = FastMap::default();
    #[rustfmt::skip]
    let cards = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
        "nineteen",
    ];
    for (v, w) in cards.iter().enumerate() {
        m.insert(*w, Lex::Card(v as u32));
    }
    let tens = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    for (i, w) in tens.iter().enumerate() {
        m.insert(*w, Lex::Card(20 + 10 * i as u32));
    }
    m.insert("hundred", Lex::Hundred);
    for (w, e) in [
        ("thousand", 3),
        ("million", 6),
        ("billion", 9),
        ("trillion", 12),
        ("lakh", 5),
        ("lakhs", 5),
        ("crore", 7),
        ("crores", 7),
        ("bn", 9),
        ("bln", 9),
        ("mln", 6),
    ] {
        m.insert(w, Lex::Scale(e));
    }
    #[rustfmt::skip]
    let ords = [
        "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
        "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
        "sixteenth", "seventeenth", "eighteenth", "nineteenth",
    ];
    for (v, w) in ords.iter().enumerate().skip(1) {
        m.insert(*w, Lex::Ord(v as u32));
    }
    #[rustfmt::skip]
    let tenths = [
        "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth",
        "ninetieth",
    ];
    for (i, w) in tenths.iter().enumerate() {
        m.insert(*w, Lex::Ord(20 + 10 * i as u32));
    }
    m.insert("hundredth", Lex::Ord(100));
    m.insert("thousandth", Lex::Ord(1000));
    for (w, d) in [
        ("halves", 2),
        ("thirds", 3),
        ("quarters", 4),
        ("fourths", 4),
        ("fifths", 5),
        ("sixths", 6),
        ("sevenths", 7),
        ("eighths", 8),
        ("ninths", 9),
        ("tenths", 10),
    ] {
        m.insert(w, Lex::OrdPlural(d));
    }
    m.insert("half", Lex::Half);
    m.insert("quarter", Lex::Quarter);
    m.insert("dozen", Lex::Dozen);
    m.insert("a", Lex::Article);
    m.insert("an", Lex::Article);
    m.insert("and", Lex::And);
    m.insert("minus", Lex::Minus);
    m.insert("magnitude", Lex::Magnitude);
    m.insert("percent", Lex::Percent);
    m.insert("pct", Lex::Percent);
    #[rustfmt::skip]
    let months = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december",
    ];
    for (i, w) in months.iter().enumerate() {
        m.insert(*w, Lex::Month(i as u8 + 1));
    }
    for (w, i) in [
        ("jan", 1),
        ("feb", 2),
        ("mar", 3),
        ("apr", 4),
        ("jun", 6),
        ("jul", 7),
        ("aug", 8),
        ("sep", 9),
        ("sept", 9),
        ("oct", 10),
        ("nov", 11),
        ("dec", 12),
    ] {
        m.insert(w, Lex::MonthAbbr(i));
    }
    let weekdays = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    for w in weekdays {
        m.insert(w, Lex::Weekday);
    }
    m.into_iter().map(|(k, v)| (k.as_bytes(), v)).collect()
});

/// Lower-cases `word` (ASCII fast path) and applies `f`.
pub(super) fn with_lower<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    if word.is_ascii() && word.len() <= 32 {
        let mut buf = [0u8; 32];
        let b = &mut buf[..word.len()];
        b.copy_from_slice(word.as_bytes());
        b.make_ascii_lowercase();
        // ASCII stays valid UTF-8 once lower-cased.
        f(std::str::from_utf8(b).unwrap_or(word))
    } else {
        f(&word.to_lowercase())
    }
}

pub(super) fn lex_of(word: &str) -> Lex {
    // The longest word in the lexicon is "seventeenth" (11 bytes).
    if word.len() > 11 || word.len() == 1 && word != "a" && word != "A" {
        return Lex::Other;
    }
    if word.is_ascii() {
        let mut buf = [0u8; 11];
        let b = &mut buf[..word.len()];
        b.copy_from_slice(word.as_bytes());
        b.make_ascii_lowercase();
        return LEXICON.get(&*b).copied().unwrap_or(Lex::Other);
    }
    LEXICON
        .get(word.to_lowercase().as_bytes())
        .copied()
        .unwrap_or(Lex::Other)
}

/// Capitalised words that may precede a number without naming it (lower case).
#[rustfmt::skip]
pub(super) const NOT_NAME_WORDS: &[&str] = &[
    "a", "about", "above", "across", "after", "against", "age", "aged", "ages", "all", "almost",
    "along", "also", "although", "among", "an", "and", "another", "approximately", "around", "as",
    "at", "because", "before", "below", "between", "beyond", "both", "but", "by", "circa",
    "despite", "down", "during", "each", "even", "every", "exactly", "fewer", "for", "from",
    "fully", "he", "her", "here", "his", "i", "if", "in", "including", "into", "it", "its", "just",
    "last", "least", "less", "like", "more", "most", "my", "nearly", "next", "nor", "now", "of",
    "on", "once", "only", "or", "our", "over", "past", "per", "precisely", "roughly", "she",
    "since", "so", "some", "still", "than", "that", "the", "their", "then", "there", "these",
    "they", "this", "those", "through", "till", "to", "today", "tomorrow", "top", "toward",
    "towards", "under", "unlike", "until", "up", "we", "when", "where", "while", "with", "within",
    "without", "yesterday", "yet", "you", "your", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "barely", "scored", "says", "said", "totalled",
    "totaled", "reached", "christmas", "easter", "ramadan", "diwali", "eid", "hanukkah",
    "thanksgiving", "spring", "summer", "autumn", "fall", "winter", "midnight", "noon", "fy",
];

/// [`NOT_NAME_WORDS`] for lookup.
pub(super) static NOT_NAMES: LazyLock<FastMap<&'static str, ()>> =
    LazyLock::new(|| NOT_NAME_WORDS.iter().map(|w| (*w, ())).collect());

pub(super) fn is_not_name(word: &str) -> bool {
    with_lower(word, |w| NOT_NAMES.contains_key(w))
}

/// Words after "a third", "a fifth", "a quarter" that show a fraction, not an ordinal.
pub(super) const FRACTION_FOLLOWERS: &[&str] = &[
    "of", "over", "in", "since", "by", "from", "to", "than", "more", "less", "on", "at", "during",
    "between", "this", "that", "last", "next", "each", "per", "and", "or", "but", "as", "after",
    "before", "compared", "while", "when", "which", "who", "for", "among", "across", "within",
    "into", "off", "down", "up", "so", "because", "with", "the",
];

/// Words after "a second" that show the unit of time, not an ordinal.
pub(super) const SECOND_NOUN_FOLLOWERS: &[&str] = &[
    "later", "ago", "earlier", "longer", "before", "after", "of", "or", "and", "to", "in", "at",
    "for", "the", "too", "more", "less", "as", "when", "while", "that",
];

/// Words before "one" that make it a pronoun.
pub(super) const ONE_PRONOUN_BEFORE: &[&str] = &[
    "no", "any", "every", "each", "someone", "anyone", "everyone", "which", "little", "loved",
    "such",
];

/// Determiners before a pronoun "one" ("the one who", "a new one.").
pub(super) const ONE_PRONOUN_DETERMINERS: &[&str] = &[
    "the", "this", "that", "a", "an", "another", "each", "every", "any", "which", "his", "her",
    "their", "its", "our", "my", "your",
];

/// Adjectives between a determiner and a pronoun "one": "the last one", "a new one".
pub(super) const ONE_PRONOUN_ADJECTIVES: &[&str] = &[
    "new", "old", "last", "other", "right", "wrong", "same", "big", "bigger", "small", "best",
    "worst", "latest", "first", "second", "good", "bad", "only", "younger", "older", "real",
    "great", "main", "key", "next", "final", "little",
];

/// Words after "the one" that make it a pronoun ("the one who").
#[rustfmt::skip]
pub(super) const ONE_PRONOUN_AFTER_THE: &[&str] = &[
    "who", "whom", "whose", "that", "which", "where", "when", "i", "you", "he", "she", "we", "they",
    "it", "is", "was", "are", "were", "has", "had", "have", "can", "could", "will", "would",
    "should", "may", "might", "must", "in", "on", "at", "with", "for", "from", "by", "to", "of",
    "about", "behind", "responsible", "here", "there", "now",
    // Irregular participles: "the last one held".
    "held", "left", "made", "built", "found", "given", "taken", "seen", "done", "known", "sold",
    "won", "lost", "paid", "chosen", "written", "told", "brought", "kept", "shown", "bought",
];

/// Words before "half" that make it a noun ("the first half").
pub(super) const HALF_NOUN_BEFORE: &[&str] = &[
    "the", "a", "an", "first", "second", "third", "fourth", "each", "every", "this", "that", "its",
    "his", "her", "their", "our", "my", "your", "other", "per", "latter", "former", "opening",
    "final", "own", "better", "bigger", "larger", "smaller", "lower", "upper", "northern",
    "southern", "eastern", "western", "back", "front",
];

/// Nouns that make an unlabelled scaled amount money ("a 107 million loss").
#[rustfmt::skip]
pub(super) const MONEY_NOUNS: &[&str] = &[
    "loss", "losses", "profit", "profits", "revenue", "revenues", "budget", "deficit", "surplus",
    "debt", "debts", "fine", "fines", "contract", "investment", "investments", "bailout", "salary",
    "salaries", "bonus", "bonuses", "fee", "fees", "funding", "grant", "grants", "loan", "loans",
    "damages", "settlement", "penalty", "turnover", "valuation", "spending", "income", "earnings",
    "subsidy", "subsidies", "compensation", "donation", "donations", "dividend", "dividends",
    "payout", "payouts", "payment", "payments", "stimulus", "deal", "package", "bill", "writedown",
    "write-down", "windfall",
];

/// Nouns before "No." that make it part of a designation ("wind signal No. 3").
#[rustfmt::skip]
pub(super) const DESIGNATORS: &[&str] = &[
    "signal", "alert", "warning", "level", "category", "route", "highway", "platform", "gate",
    "line", "flight", "room", "bus", "case", "resolution", "article", "chapter", "section", "form",
    "lot", "block", "unit", "file", "docket", "bill", "order", "decree", "law", "number", "plot",
    "house", "apartment", "pier", "berth", "terminal", "hall",
];

/// Street words that make a number before a name an address ("10 Downing Street").
#[rustfmt::skip]
pub(super) const STREET_WORDS: &[&str] = &[
    "Street", "St", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Blvd", "Lane", "Drive", "Way",
    "Place", "Square", "Court", "Terrace", "Crescent", "Highway",
];

/// Year prepositions that make a 4-digit number before 1800 a year.
pub(super) const YEAR_CONTEXT: &[&str] = &[
    "in", "since", "until", "till", "circa", "year", "from", "before", "after", "during", "by",
];

/// Hyphenated prefixes that may precede a number: "mid-2019", "pre-2020", "top-10".
/// Lower case only: "Under-17" starts a name.
pub(super) const NUMBER_PREFIXES: &[&str] = &[
    "mid", "pre", "post", "late", "early", "top", "under", "over",
];

/// Modifiers allowed between a number and a unit of time: "33 Earth days".
pub(super) const TIME_MODIFIERS: &[&str] = &["Earth", "calendar", "working", "business", "school"];

/// A participle after "the one" ("the one standing", "the one named"); not
/// the nouns "thing", "building", "meeting".
pub(super) fn is_participle(word: &str) -> bool {
    #[rustfmt::skip]
    const ING_NOUNS: &[&str] = &[
        "thing", "things", "building", "morning", "evening", "meeting", "offering", "opening",
        "ending", "beginning", "setting", "feeling", "ceiling", "king", "ring", "spring", "string",
        "wing", "bed", "red", "need", "seed", "speed", "creed", "reed", "shed",
    ];
    (word.ends_with("ing") || word.ends_with("ed")) && !in_list(word, ING_NOUNS)
}

pub(super) fn in_list(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}
