//! Number words ("twenty", "million", "fifth", months) and the word lists
//! the number rules consult.

use super::*;
use crate::text::lists::{word_list, MONTHS, WEEKDAYS};

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
    for &(month, number) in MONTHS.iter() {
        m.insert(lower_static(month), Lex::Month(number));
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
    for day in WEEKDAYS.iter() {
        m.insert(lower_static(day), Lex::Weekday);
    }
    m.into_iter().map(|(k, v)| (k.as_bytes(), v)).collect()
});

/// A list word lower-cased once, for the lexicons read for the program's life.
fn lower_static(word: &'static str) -> &'static str {
    if word.bytes().any(|b| b.is_ascii_uppercase()) {
        word.to_ascii_lowercase().leak()
    } else {
        word
    }
}

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

/// The lexicon entry of `word`, whose lower-cased form is `lower`.
pub(super) fn lex_of(word: &str, lower: &str) -> Lex {
    // The longest word in the lexicon is "seventeenth" (11 bytes).
    if word.len() > 11 || word.len() == 1 && word != "a" && word != "A" {
        return Lex::Other;
    }
    LEXICON.get(lower.as_bytes()).copied().unwrap_or(Lex::Other)
}

word_list!(
    /// Capitalised words that may precede a number without naming it (lower case).
    pub(super) NOT_NAME_WORDS, "numbers/not_name_words.txt"
);

/// [`NOT_NAME_WORDS`] and the days of the week ("Monday 5"), lower case, for lookup.
pub(super) static NOT_NAMES: LazyLock<FastMap<&'static str, ()>> = LazyLock::new(|| {
    let days = WEEKDAYS.iter().map(|d| lower_static(d));
    NOT_NAME_WORDS
        .iter()
        .copied()
        .chain(days)
        .map(|w| (w, ()))
        .collect()
});

pub(super) fn is_not_name(word: &str) -> bool {
    with_lower(word, |w| NOT_NAMES.contains_key(w))
}

word_list!(
    /// Words after "a third", "a fifth", "a quarter" that show a fraction, not an ordinal.
    pub(super) FRACTION_FOLLOWERS, "numbers/fraction_followers.txt"
);

word_list!(
    /// Words after "a second" that show the unit of time, not an ordinal.
    pub(super) SECOND_NOUN_FOLLOWERS, "numbers/second_noun_followers.txt"
);

word_list!(
    /// Words before "one" that make it a pronoun.
    pub(super) ONE_PRONOUN_BEFORE, "numbers/one_pronoun_before.txt"
);

word_list!(
    /// Determiners before a pronoun "one" ("the one who", "a new one.").
    pub(super) ONE_PRONOUN_DETERMINERS, "numbers/one_pronoun_determiners.txt"
);

word_list!(
    /// Adjectives between a determiner and a pronoun "one": "the last one", "a new one".
    pub(super) ONE_PRONOUN_ADJECTIVES, "numbers/one_pronoun_adjectives.txt"
);

word_list!(
    /// Words after "the one" that make it a pronoun ("the one who").
    pub(super) ONE_PRONOUN_AFTER_THE, "numbers/one_pronoun_after_the.txt"
);

word_list!(
    /// Words before "half" that make it a noun ("the first half").
    pub(super) HALF_NOUN_BEFORE, "numbers/half_noun_before.txt"
);

word_list!(
    /// Nouns that make an unlabelled scaled amount money ("a 107 million loss").
    pub(super) MONEY_NOUNS, "numbers/money_nouns.txt"
);

word_list!(
    /// Nouns before "No." that make it part of a designation ("wind signal No. 3").
    pub(super) DESIGNATORS, "numbers/designators.txt"
);

word_list!(
    /// Street words that make a number before a name an address ("10 Downing Street").
    pub(super) STREET_WORDS, "numbers/street_words.txt"
);

word_list!(
    /// Year prepositions that make a 4-digit number before 1800 a year.
    pub(super) YEAR_CONTEXT, "numbers/year_context.txt"
);

word_list!(
    /// Hyphenated prefixes that may precede a number: "mid-2019", "pre-2020", "top-10".
    /// Lower case only: "Under-17" starts a name.
    pub(super) NUMBER_PREFIXES, "numbers/number_prefixes.txt"
);

word_list!(
    /// Modifiers allowed between a number and a unit of time: "33 Earth days".
    pub(super) TIME_MODIFIERS, "numbers/time_modifiers.txt"
);

/// A participle after "the one" ("the one standing", "the one named"); not
/// the nouns "thing", "building", "meeting".
pub(super) fn is_participle(word: &str) -> bool {
    word_list!(ING_NOUNS, "numbers/ing_ed_nouns.txt");
    (word.ends_with("ing") || word.ends_with("ed")) && !in_list(word, &ING_NOUNS)
}

pub(super) fn in_list(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}
