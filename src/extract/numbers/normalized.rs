//! `numbers/normalized`: every kind of number the annotation rules define,
//! with its normalised value and unit.
//!
//! **What it extracts.** Cardinals in digits and words ("1,500", "two",
//! "twenty-five", "one hundred and five", "1.3 billion", "a dozen", "two
//! thirds", "half", "2 1/2"), ordinals in words and digits ("fifth",
//! "twenty-first", "2nd", adverbial "first", "No. 2"), money with its ISO 4217
//! code (symbols, prefixed dollars such as "US$" and "C$", codes before or
//! after the amount, currency names with their country adjectives, scales
//! including "bn", "crore" and "lakh"), percentages ("16%", "16 percent", "16
//! per cent"), quantities with a unit from the closed list (spelled,
//! abbreviated or British: "35 mm", "10km", "130 km/h", "1,260 square
//! kilometers", "40°C", hyphenated compounds such as "two-day" and
//! "71-year-old"), years, decades and centuries ("2022", "1990s", "’90s",
//! "the 1800s"), dates ("May 17, 2024", "Nov. 18", "17 May", "May 2024") and
//! clock times ("3 p.m." → 15). It follows corpus/GUIDELINES.md: approximators,
//! weekdays, "the" and counted nouns stay outside the span; a range gives two
//! numbers, the first taking the kind, unit, currency and shared scale of the
//! second ("$5–$7 billion", "between 3 and 5 percent", "May 17-18, 2024");
//! digits inside names and identifiers ("K2-18b", "COVID-19", "G7", "Boeing
//! 737", "Signal No. 4", "10 Downing Street"), phone numbers, vague plurals
//! ("hundreds", "thousands of"), relative time words, "a", "both", "single",
//! the pronoun "one" and ordinals inside names ("Second World War") are not
//! taken. Ambiguous currency names ("pesos", "rupees", "dinars", "shillings",
//! …) take the country of the dateline, else of the first country named.
//!
//! **Example.** `revenue rose 34 percent to 21.6 billion rupees by May 17, 2024`
//! → percent `34 percent` = 34; money `21.6 billion rupees` = 21600000000,
//! unit `INR`; date `May 17, 2024` = `"2024-05-17"`.
//!
//! **Known limitations.** Rules over tokens, not a parser or a tagger:
//! - a name is recognised only by a capital letter on the word just before a
//!   bare number ("Boeing 737"), by letters or a hyphen glued to the digits,
//!   or by a street word after it; so digits inside a quoted title ("Pío XI,
//!   1945-2025") are taken, and a name after a sentence-opening function word
//!   or a lower-case product name is missed;
//! - a bare "$" is always USD and bare "dollars" too, as the guidelines
//!   settle it, even in a Canadian or Australian story; bare "degrees" are
//!   Celsius unless the story wrote Fahrenheit nearer before;
//! - a 4-digit number from 1800 to 2100 without a comma is a year even when it
//!   counts ("2000 police"); "’00s"–"’20s" are read as 2000–2020 and
//!   "’30s"–"’90s" as 1930–1990;
//! - number words stop at trillions and at "one million two hundred
//!   thousand"-style sums after a scale; spoken decimals ("one point five"),
//!   word decades ("the sixties") and Roman numerals are not read;
//! - a glued "m" after a number without a currency is meters, never millions;
//!   an amount whose currency is only implied is money only when a scale word
//!   and a money noun frame it ("a 107 million loss"), in the story's last
//!   currency;
//! - "the one" is a pronoun when a relative word, a participle or the end of
//!   the clause follows it; an irregular participle missing from the list
//!   ("the one sent") leaves it counted as 1.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::corpus::Document;
use crate::error::ExtractError;
use crate::extract::Extractor;
use crate::prediction::{PredictedNumber, Prediction};
use crate::schema::{Layer, NumberKind, NumberValue};

/// The rule-based normaliser of every number kind.
pub struct Normalized;

impl Extractor for Normalized {
    fn id(&self) -> &str {
        "numbers/normalized"
    }

    fn layers(&self) -> &[Layer] {
        &[Layer::Numbers]
    }

    fn extract(&self, doc: &Document) -> Result<Prediction, ExtractError> {
        Ok(Prediction {
            numbers: Some(extract_numbers(&doc.text)),
            ..Prediction::default()
        })
    }
}

/// Every number in `text`, sorted by start, without overlaps, byte offsets.
pub fn extract_numbers(text: &str) -> Vec<PredictedNumber> {
    let toks = tokenize(text);
    let scanner = Scanner {
        text,
        toks: &toks,
        ctx: DocContext::new(text),
    };
    scanner.run()
}

// ---------------------------------------------------------------------------
// Tokens

/// Word tables hashed with the lexicon's cheap hasher.
type FastMap<K, V> = HashMap<K, V, crate::gazetteer::FastHash>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TokKind {
    Word,
    Num,
    Punct,
}

/// White space before a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gap {
    /// None: the token touches the previous one.
    Glued,
    /// Spaces or tabs on the same line.
    Space,
    /// A line break, or the start of the text.
    Break,
}

#[derive(Clone, Copy, Debug)]
struct Tok<'a> {
    kind: TokKind,
    start: usize,
    end: usize,
    text: &'a str,
    gap: Gap,
    lex: Lex,
}

/// What a word is, for the words that matter at the start of a number.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Lex {
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

static LEXICON: LazyLock<FastMap<&'static [u8], Lex>> = LazyLock::new(|| {
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
fn with_lower<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
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

fn lex_of(word: &str) -> Lex {
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

/// Combining marks that continue a word.
fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Vulgar fractions, kept as single punctuation tokens.
fn vulgar_fraction(c: char) -> Option<f64> {
    Some(match c {
        '½' => 0.5,
        '¼' => 0.25,
        '¾' => 0.75,
        '⅓' => 1.0 / 3.0,
        '⅔' => 2.0 / 3.0,
        '⅛' => 0.125,
        _ => return None,
    })
}

fn is_word_char(c: char) -> bool {
    (c.is_alphanumeric() && !c.is_ascii_digit() && vulgar_fraction(c).is_none()) || is_combining(c)
}

fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let bytes = text.as_bytes();
    let mut toks = Vec::with_capacity(text.len() / 5 + 1);
    let mut gap = Gap::Break;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_whitespace() {
                if b == b'\n' || b == b'\r' {
                    gap = Gap::Break;
                } else if gap == Gap::Glued {
                    gap = Gap::Space;
                }
                i += 1;
                continue;
            }
            // ".5%": a decimal point after a space or a sign starts a number.
            let leading_point = b == b'.'
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
                && (i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'(' | b'$' | b'-'));
            if b.is_ascii_digit() || leading_point {
                let end = scan_number(bytes, if leading_point { i + 1 } else { i });
                let end = if leading_point { end.max(i + 2) } else { end };
                toks.push(Tok {
                    kind: TokKind::Num,
                    start: i,
                    end,
                    text: &text[i..end],
                    gap,
                    lex: Lex::Other,
                });
                gap = Gap::Glued;
                i = end;
                continue;
            }
            if !b.is_ascii_alphabetic() {
                toks.push(Tok {
                    kind: TokKind::Punct,
                    start: i,
                    end: i + 1,
                    text: &text[i..i + 1],
                    gap,
                    lex: Lex::Other,
                });
                gap = Gap::Glued;
                i += 1;
                continue;
            }
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            if c.is_whitespace() {
                if matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}') {
                    gap = Gap::Break;
                } else if gap == Gap::Glued {
                    gap = Gap::Space;
                }
                i += c.len_utf8();
                continue;
            }
            if !is_word_char(c) {
                let end = i + c.len_utf8();
                toks.push(Tok {
                    kind: TokKind::Punct,
                    start: i,
                    end,
                    text: &text[i..end],
                    gap,
                    lex: Lex::Other,
                });
                gap = Gap::Glued;
                i = end;
                continue;
            }
        }
        // A word: letters, non-ASCII digits, combining marks.
        let start = i;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if b.is_ascii_alphabetic() {
                    i += 1;
                    continue;
                }
                break;
            }
            let c = text[i..].chars().next().unwrap_or(' ');
            if is_word_char(c) {
                i += c.len_utf8();
            } else {
                break;
            }
        }
        let word = &text[start..i];
        toks.push(Tok {
            kind: TokKind::Word,
            start,
            end: i,
            text: word,
            gap,
            lex: lex_of(word),
        });
        gap = Gap::Glued;
    }
    toks
}

/// End of the digit run at `start`: "1,500", "2.5", "1,260,000.75".
fn scan_number(bytes: &[u8], start: usize) -> usize {
    let digits = |from: usize| {
        let mut j = from;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        j
    };
    let mut i = digits(start);
    if i - start <= 3 {
        while i + 4 <= bytes.len()
            && bytes[i] == b','
            && bytes[i + 1..i + 4].iter().all(u8::is_ascii_digit)
            && (i + 4 == bytes.len() || !bytes[i + 4].is_ascii_digit())
        {
            i += 4;
        }
    }
    if i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
        i = digits(i + 1);
    }
    i
}

// ---------------------------------------------------------------------------
// Word lists

/// Capitalised words that may precede a number without naming it (lower case).
#[rustfmt::skip]
const NOT_NAME_WORDS: &[&str] = &[
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
static NOT_NAMES: LazyLock<FastMap<&'static str, ()>> =
    LazyLock::new(|| NOT_NAME_WORDS.iter().map(|w| (*w, ())).collect());

fn is_not_name(word: &str) -> bool {
    with_lower(word, |w| NOT_NAMES.contains_key(w))
}

/// Words after "a third", "a fifth", "a quarter" that show a fraction, not an ordinal.
const FRACTION_FOLLOWERS: &[&str] = &[
    "of", "over", "in", "since", "by", "from", "to", "than", "more", "less", "on", "at", "during",
    "between", "this", "that", "last", "next", "each", "per", "and", "or", "but", "as", "after",
    "before", "compared", "while", "when", "which", "who", "for", "among", "across", "within",
    "into", "off", "down", "up", "so", "because", "with", "the",
];

/// Words after "a second" that show the unit of time, not an ordinal.
const SECOND_NOUN_FOLLOWERS: &[&str] = &[
    "later", "ago", "earlier", "longer", "before", "after", "of", "or", "and", "to", "in", "at",
    "for", "the", "too", "more", "less", "as", "when", "while", "that",
];

/// Words before "one" that make it a pronoun.
const ONE_PRONOUN_BEFORE: &[&str] = &[
    "no", "any", "every", "each", "someone", "anyone", "everyone", "which", "little", "loved",
    "such",
];

/// Determiners before a pronoun "one" ("the one who", "a new one.").
const ONE_PRONOUN_DETERMINERS: &[&str] = &[
    "the", "this", "that", "a", "an", "another", "each", "every", "any", "which", "his", "her",
    "their", "its", "our", "my", "your",
];

/// Adjectives between a determiner and a pronoun "one": "the last one", "a new one".
const ONE_PRONOUN_ADJECTIVES: &[&str] = &[
    "new", "old", "last", "other", "right", "wrong", "same", "big", "bigger", "small", "best",
    "worst", "latest", "first", "second", "good", "bad", "only", "younger", "older", "real",
    "great", "main", "key", "next", "final", "little",
];

/// Words after "the one" that make it a pronoun ("the one who").
#[rustfmt::skip]
const ONE_PRONOUN_AFTER_THE: &[&str] = &[
    "who", "whom", "whose", "that", "which", "where", "when", "i", "you", "he", "she", "we", "they",
    "it", "is", "was", "are", "were", "has", "had", "have", "can", "could", "will", "would",
    "should", "may", "might", "must", "in", "on", "at", "with", "for", "from", "by", "to", "of",
    "about", "behind", "responsible", "here", "there", "now",
    // Irregular participles: "the last one held".
    "held", "left", "made", "built", "found", "given", "taken", "seen", "done", "known", "sold",
    "won", "lost", "paid", "chosen", "written", "told", "brought", "kept", "shown", "bought",
];

/// Words before "half" that make it a noun ("the first half").
const HALF_NOUN_BEFORE: &[&str] = &[
    "the", "a", "an", "first", "second", "third", "fourth", "each", "every", "this", "that", "its",
    "his", "her", "their", "our", "my", "your", "other", "per", "latter", "former", "opening",
    "final", "own", "better", "bigger", "larger", "smaller", "lower", "upper", "northern",
    "southern", "eastern", "western", "back", "front",
];

/// Nouns that make an unlabelled scaled amount money ("a 107 million loss").
#[rustfmt::skip]
const MONEY_NOUNS: &[&str] = &[
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
const DESIGNATORS: &[&str] = &[
    "signal", "alert", "warning", "level", "category", "route", "highway", "platform", "gate",
    "line", "flight", "room", "bus", "case", "resolution", "article", "chapter", "section", "form",
    "lot", "block", "unit", "file", "docket", "bill", "order", "decree", "law", "number", "plot",
    "house", "apartment", "pier", "berth", "terminal", "hall",
];

/// Street words that make a number before a name an address ("10 Downing Street").
#[rustfmt::skip]
const STREET_WORDS: &[&str] = &[
    "Street", "St", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Blvd", "Lane", "Drive", "Way",
    "Place", "Square", "Court", "Terrace", "Crescent", "Highway",
];

/// Year prepositions that make a 4-digit number before 1800 a year.
const YEAR_CONTEXT: &[&str] = &[
    "in", "since", "until", "till", "circa", "year", "from", "before", "after", "during", "by",
];

/// Hyphenated prefixes that may precede a number: "mid-2019", "pre-2020", "top-10".
/// Lower case only: "Under-17" starts a name.
const NUMBER_PREFIXES: &[&str] = &[
    "mid", "pre", "post", "late", "early", "top", "under", "over",
];

/// Modifiers allowed between a number and a unit of time: "33 Earth days".
const TIME_MODIFIERS: &[&str] = &["Earth", "calendar", "working", "business", "school"];

/// A participle after "the one" ("the one standing", "the one named"); not
/// the nouns "thing", "building", "meeting".
fn is_participle(word: &str) -> bool {
    #[rustfmt::skip]
    const ING_NOUNS: &[&str] = &[
        "thing", "things", "building", "morning", "evening", "meeting", "offering", "opening",
        "ending", "beginning", "setting", "feeling", "ceiling", "king", "ring", "spring", "string",
        "wing", "bed", "red", "need", "seed", "speed", "creed", "reed", "shed",
    ];
    (word.ends_with("ing") || word.ends_with("ed")) && !in_list(word, ING_NOUNS)
}

fn in_list(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

// ---------------------------------------------------------------------------
// Units

/// Spelled unit words, matched ignoring case.
static UNIT_WORDS: LazyLock<FastMap<&'static str, &'static str>> = LazyLock::new(|| {
    let mut m = FastMap::default();
    let pairs: &[(&[&str], &str)] = &[
        (&["second", "seconds"], "second"),
        (&["minute", "minutes"], "minute"),
        (&["hour", "hours"], "hour"),
        (&["day", "days"], "day"),
        (&["week", "weeks"], "week"),
        (&["month", "months"], "month"),
        (&["year", "years"], "year"),
        (&["decade", "decades"], "decade"),
        (&["century", "centuries"], "century"),
        (
            &["millimeter", "millimeters", "millimetre", "millimetres"],
            "millimeter",
        ),
        (
            &["centimeter", "centimeters", "centimetre", "centimetres"],
            "centimeter",
        ),
        (&["meter", "meters", "metre", "metres"], "meter"),
        (
            &["kilometer", "kilometers", "kilometre", "kilometres"],
            "kilometer",
        ),
        (&["inch", "inches"], "inch"),
        (&["foot", "feet"], "foot"),
        (&["yard", "yards"], "yard"),
        (&["mile", "miles"], "mile"),
        (&["hectare", "hectares"], "hectare"),
        (&["acre", "acres"], "acre"),
        (
            &["milligram", "milligrams", "milligramme", "milligrammes"],
            "milligram",
        ),
        (&["gram", "grams", "gramme", "grammes"], "gram"),
        (
            &[
                "kilogram",
                "kilograms",
                "kilogramme",
                "kilogrammes",
                "kilo",
                "kilos",
            ],
            "kilogram",
        ),
        (&["tonne", "tonnes"], "tonne"),
        (&["ton", "tons"], "ton"),
        (&["pound", "pounds"], "pound"),
        (&["ounce", "ounces"], "ounce"),
        (
            &["milliliter", "milliliters", "millilitre", "millilitres"],
            "milliliter",
        ),
        (&["liter", "liters", "litre", "litres"], "liter"),
        (&["gallon", "gallons"], "gallon"),
        (&["barrel", "barrels"], "barrel"),
        (&["knot", "knots"], "knot"),
        (&["watt", "watts"], "watt"),
        (&["kilowatt", "kilowatts"], "kilowatt"),
        (&["megawatt", "megawatts"], "megawatt"),
        (&["gigawatt", "gigawatts"], "gigawatt"),
        (&["byte", "bytes"], "byte"),
        (&["kilobyte", "kilobytes"], "kilobyte"),
        (&["megabyte", "megabytes"], "megabyte"),
        (&["gigabyte", "gigabytes"], "gigabyte"),
        (&["terabyte", "terabytes"], "terabyte"),
        (&["hertz"], "hertz"),
        (&["kilohertz"], "kilohertz"),
        (&["megahertz"], "megahertz"),
        (&["gigahertz"], "gigahertz"),
        (&["point", "points"], "point"),
        (&["magnitude"], "magnitude"),
        (&["degree", "degrees"], "degree"),
    ];
    for (words, unit) in pairs {
        for w in *words {
            m.insert(*w, *unit);
        }
    }
    m
});

/// Abbreviated units, matched exactly (case matters: "MW", "mm", "GB").
static UNIT_ABBREVIATIONS: LazyLock<FastMap<&'static str, &'static str>> = LazyLock::new(|| {
    [
        ("sec", "second"),
        ("secs", "second"),
        ("min", "minute"),
        ("mins", "minute"),
        ("hr", "hour"),
        ("hrs", "hour"),
        ("yr", "year"),
        ("yrs", "year"),
        ("mm", "millimeter"),
        ("cm", "centimeter"),
        ("m", "meter"),
        ("km", "kilometer"),
        ("kms", "kilometer"),
        ("ft", "foot"),
        ("yd", "yard"),
        ("yds", "yard"),
        ("mi", "mile"),
        ("ha", "hectare"),
        ("mg", "milligram"),
        ("g", "gram"),
        ("kg", "kilogram"),
        ("kgs", "kilogram"),
        ("lb", "pound"),
        ("lbs", "pound"),
        ("oz", "ounce"),
        ("ml", "milliliter"),
        ("mL", "milliliter"),
        ("kph", "kilometer per hour"),
        ("kmh", "kilometer per hour"),
        ("kmph", "kilometer per hour"),
        ("mph", "mile per hour"),
        ("W", "watt"),
        ("kW", "kilowatt"),
        ("KW", "kilowatt"),
        ("MW", "megawatt"),
        ("GW", "gigawatt"),
        ("kWh", "kilowatt-hour"),
        ("KWh", "kilowatt-hour"),
        ("MWh", "megawatt-hour"),
        ("GWh", "gigawatt-hour"),
        ("KB", "kilobyte"),
        ("kB", "kilobyte"),
        ("MB", "megabyte"),
        ("GB", "gigabyte"),
        ("TB", "terabyte"),
        ("Hz", "hertz"),
        ("kHz", "kilohertz"),
        ("MHz", "megahertz"),
        ("GHz", "gigahertz"),
        ("bbl", "barrel"),
        ("m²", "square meter"),
        ("km²", "square kilometer"),
        ("mi²", "square mile"),
        ("m³", "cubic meter"),
    ]
    .into_iter()
    .collect()
});

fn unit_word(word: &str) -> Option<&'static str> {
    if word.len() > 12 {
        return None;
    }
    with_lower(word, |w| UNIT_WORDS.get(w).copied())
}

// ---------------------------------------------------------------------------
// Currencies

/// Currency names whose code depends on the country.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Base {
    Fixed(&'static str),
    Dollar,
    Pound,
    Peso,
    Rupee,
    Franc,
    Dinar,
    Shilling,
    Krone,
    Rial,
    Riyal,
    Kwacha,
    Won,
    Cent,
    Penny,
}

static CURRENCY_WORDS: LazyLock<FastMap<&'static str, Base>> = LazyLock::new(|| {
    use Base::*;
    let pairs: &[(&[&str], Base)] = &[
        (&["dollar", "dollars"], Dollar),
        (&["euro", "euros"], Fixed("EUR")),
        (&["pound", "pounds"], Pound),
        (&["sterling"], Fixed("GBP")),
        (&["yen"], Fixed("JPY")),
        (&["yuan", "renminbi"], Fixed("CNY")),
        (&["rupee", "rupees"], Rupee),
        (&["ruble", "rubles", "rouble", "roubles"], Fixed("RUB")),
        (&["peso", "pesos"], Peso),
        (&["cedi", "cedis"], Fixed("GHS")),
        (&["naira", "nairas"], Fixed("NGN")),
        (&["taka"], Fixed("BDT")),
        (&["dirham", "dirhams"], Fixed("AED")),
        (&["lira", "liras", "lire"], Fixed("TRY")),
        (&["won"], Won),
        (&["soles"], Fixed("PEN")),
        (&["rand"], Fixed("ZAR")),
        (&["shekel", "shekels"], Fixed("ILS")),
        (&["franc", "francs"], Franc),
        (
            &[
                "złoty", "zloty", "złote", "zlote", "złotys", "zlotys", "złotych", "zlotych",
            ],
            Fixed("PLN"),
        ),
        (&["forint", "forints"], Fixed("HUF")),
        (&["koruna", "korunas", "koruny"], Fixed("CZK")),
        (&["krona", "kronor"], Fixed("SEK")),
        (&["krone", "kroner"], Krone),
        (&["króna", "krónur"], Fixed("ISK")),
        (&["leu", "lei"], Fixed("RON")),
        (&["leva"], Fixed("BGN")),
        (&["hryvnia", "hryvnias", "hryvnias"], Fixed("UAH")),
        (&["lari"], Fixed("GEL")),
        (&["tenge"], Fixed("KZT")),
        (&["manat", "manats"], Fixed("AZN")),
        (&["rial", "rials"], Rial),
        (&["riyal", "riyals"], Riyal),
        (&["dinar", "dinars"], Dinar),
        (&["shilling", "shillings"], Shilling),
        (&["kwacha"], Kwacha),
        (&["birr"], Fixed("ETB")),
        (&["baht"], Fixed("THB")),
        (&["ringgit"], Fixed("MYR")),
        (&["rupiah"], Fixed("IDR")),
        (&["reais"], Fixed("BRL")),
        (
            &["bolivar", "bolivars", "bolívares", "bolivares"],
            Fixed("VES"),
        ),
        (&["guarani", "guaranies", "guaranis"], Fixed("PYG")),
        (&["quetzal", "quetzales", "quetzals"], Fixed("GTQ")),
        (&["colones"], Fixed("CRC")),
        (&["lempira", "lempiras"], Fixed("HNL")),
        (&["kyat", "kyats"], Fixed("MMK")),
        (&["riel", "riels"], Fixed("KHR")),
        (&["tugrik", "tugriks"], Fixed("MNT")),
        (&["afghani", "afghanis"], Fixed("AFN")),
        (&["leone", "leones"], Fixed("SLE")),
        (&["ariary"], Fixed("MGA")),
        (&["kwanza", "kwanzas"], Fixed("AOA")),
        (&["metical", "meticais"], Fixed("MZN")),
        (&["dalasi"], Fixed("GMD")),
        (&["ouguiya"], Fixed("MRU")),
        (&["cent", "cents"], Cent),
        (&["pence", "penny"], Penny),
    ];
    let mut m = FastMap::default();
    for (words, base) in pairs {
        for w in *words {
            m.insert(*w, *base);
        }
    }
    m
});

/// Adjectives naming the country of a currency: "Canadian dollars".
const CURRENCY_ADJECTIVES: &[(&[&str], &str, &str)] = &[
    (&["canadian"], "dollar", "CAD"),
    (&["australian"], "dollar", "AUD"),
    (&["new", "zealand"], "dollar", "NZD"),
    (&["hong", "kong"], "dollar", "HKD"),
    (&["singapore"], "dollar", "SGD"),
    (&["singaporean"], "dollar", "SGD"),
    (&["new", "taiwan"], "dollar", "TWD"),
    (&["taiwan"], "dollar", "TWD"),
    (&["taiwanese"], "dollar", "TWD"),
    (&["jamaican"], "dollar", "JMD"),
    (&["namibian"], "dollar", "NAD"),
    (&["liberian"], "dollar", "LRD"),
    (&["fijian"], "dollar", "FJD"),
    (&["bahamian"], "dollar", "BSD"),
    (&["barbadian"], "dollar", "BBD"),
    (&["belize"], "dollar", "BZD"),
    (&["guyanese"], "dollar", "GYD"),
    (&["brunei"], "dollar", "BND"),
    (&["east", "caribbean"], "dollar", "XCD"),
    (&["u", ".", "s", "."], "dollar", "USD"),
    (&["us"], "dollar", "USD"),
    (&["american"], "dollar", "USD"),
    (&["mexican"], "peso", "MXN"),
    (&["argentine"], "peso", "ARS"),
    (&["argentinian"], "peso", "ARS"),
    (&["chilean"], "peso", "CLP"),
    (&["colombian"], "peso", "COP"),
    (&["philippine"], "peso", "PHP"),
    (&["uruguayan"], "peso", "UYU"),
    (&["dominican"], "peso", "DOP"),
    (&["cuban"], "peso", "CUP"),
    (&["indian"], "rupee", "INR"),
    (&["pakistani"], "rupee", "PKR"),
    (&["sri", "lankan"], "rupee", "LKR"),
    (&["nepali"], "rupee", "NPR"),
    (&["nepalese"], "rupee", "NPR"),
    (&["mauritian"], "rupee", "MUR"),
    (&["seychellois"], "rupee", "SCR"),
    (&["egyptian"], "pound", "EGP"),
    (&["lebanese"], "pound", "LBP"),
    (&["syrian"], "pound", "SYP"),
    (&["south", "sudanese"], "pound", "SSP"),
    (&["sudanese"], "pound", "SDG"),
    (&["british"], "pound", "GBP"),
    (&["swiss"], "franc", "CHF"),
    (&["central", "african", "cfa"], "franc", "XAF"),
    (&["west", "african", "cfa"], "franc", "XOF"),
    (&["cfa"], "franc", "XOF"),
    (&["rwandan"], "franc", "RWF"),
    (&["burundian"], "franc", "BIF"),
    (&["congolese"], "franc", "CDF"),
    (&["guinean"], "franc", "GNF"),
    (&["djiboutian"], "franc", "DJF"),
    (&["jordanian"], "dinar", "JOD"),
    (&["iraqi"], "dinar", "IQD"),
    (&["kuwaiti"], "dinar", "KWD"),
    (&["bahraini"], "dinar", "BHD"),
    (&["tunisian"], "dinar", "TND"),
    (&["algerian"], "dinar", "DZD"),
    (&["libyan"], "dinar", "LYD"),
    (&["serbian"], "dinar", "RSD"),
    (&["kenyan"], "shilling", "KES"),
    (&["ugandan"], "shilling", "UGX"),
    (&["tanzanian"], "shilling", "TZS"),
    (&["somali"], "shilling", "SOS"),
    (&["norwegian"], "krone", "NOK"),
    (&["danish"], "krone", "DKK"),
    (&["swedish"], "krona", "SEK"),
    (&["icelandic"], "krona", "ISK"),
    (&["iranian"], "rial", "IRR"),
    (&["omani"], "rial", "OMR"),
    (&["yemeni"], "rial", "YER"),
    (&["saudi"], "riyal", "SAR"),
    (&["qatari"], "riyal", "QAR"),
    (&["zambian"], "kwacha", "ZMW"),
    (&["malawian"], "kwacha", "MWK"),
    (&["south", "african"], "rand", "ZAR"),
    (&["brazilian"], "real", "BRL"),
    (&["chinese"], "yuan", "CNY"),
    (&["japanese"], "yen", "JPY"),
    (&["russian"], "ruble", "RUB"),
    (&["belarusian"], "ruble", "BYN"),
    (&["turkish"], "lira", "TRY"),
    (&["north", "korean"], "won", "KPW"),
    (&["south", "korean"], "won", "KRW"),
    (&["korean"], "won", "KRW"),
    (&["polish"], "zloty", "PLN"),
    (&["hungarian"], "forint", "HUF"),
    (&["czech"], "koruna", "CZK"),
    (&["romanian"], "leu", "RON"),
    (&["moldovan"], "leu", "MDL"),
    (&["bulgarian"], "lev", "BGN"),
    (&["ukrainian"], "hryvnia", "UAH"),
    (&["nigerian"], "naira", "NGN"),
    (&["ghanaian"], "cedi", "GHS"),
    (&["bangladeshi"], "taka", "BDT"),
    (&["thai"], "baht", "THB"),
    (&["malaysian"], "ringgit", "MYR"),
    (&["indonesian"], "rupiah", "IDR"),
    (&["vietnamese"], "dong", "VND"),
    (&["israeli"], "shekel", "ILS"),
    (&["new", "israeli"], "shekel", "ILS"),
    (&["emirati"], "dirham", "AED"),
    (&["uae"], "dirham", "AED"),
    (&["moroccan"], "dirham", "MAD"),
    (&["peruvian"], "sol", "PEN"),
    (&["venezuelan"], "bolivar", "VES"),
    (&["ethiopian"], "birr", "ETB"),
    (&["lao"], "kip", "LAK"),
    (&["kyrgyz"], "som", "KGS"),
    (&["georgian"], "lari", "GEL"),
    (&["armenian"], "dram", "AMD"),
];

/// The lemma of a currency word for the adjective table ("dollars" → "dollar").
fn currency_lemma(word: &str) -> Option<&'static str> {
    with_lower(word, |w| {
        Some(match w {
            "dollar" | "dollars" => "dollar",
            "peso" | "pesos" => "peso",
            "rupee" | "rupees" => "rupee",
            "pound" | "pounds" => "pound",
            "franc" | "francs" => "franc",
            "dinar" | "dinars" => "dinar",
            "shilling" | "shillings" => "shilling",
            "krone" | "kroner" => "krone",
            "krona" | "kronor" => "krona",
            "rial" | "rials" => "rial",
            "riyal" | "riyals" => "riyal",
            "kwacha" => "kwacha",
            "rand" => "rand",
            "real" | "reais" | "reals" => "real",
            "yuan" | "renminbi" => "yuan",
            "yen" => "yen",
            "ruble" | "rubles" | "rouble" | "roubles" => "ruble",
            "lira" | "liras" | "lire" => "lira",
            "won" => "won",
            "zloty" | "złoty" | "zlotys" | "złotys" | "zlotych" | "złotych" => "zloty",
            "forint" | "forints" => "forint",
            "koruna" | "korunas" => "koruna",
            "leu" | "lei" => "leu",
            "lev" | "leva" => "lev",
            "hryvnia" | "hryvnias" => "hryvnia",
            "naira" => "naira",
            "cedi" | "cedis" => "cedi",
            "taka" => "taka",
            "baht" => "baht",
            "ringgit" => "ringgit",
            "rupiah" => "rupiah",
            "dong" => "dong",
            "shekel" | "shekels" => "shekel",
            "dirham" | "dirhams" => "dirham",
            "sol" | "soles" => "sol",
            "bolivar" | "bolivars" | "bolívares" => "bolivar",
            "birr" => "birr",
            "kip" => "kip",
            "som" | "soms" => "som",
            "lari" => "lari",
            "dram" | "drams" => "dram",
            _ => return None,
        })
    })
}

/// Symbols written before an amount.
fn symbol_currency(sym: &str) -> Option<Base> {
    Some(Base::Fixed(match sym {
        "$" => return Some(Base::Dollar),
        "€" => "EUR",
        "£" => "GBP",
        "¥" | "￥" => "JPY",
        "₹" => "INR",
        "₦" => "NGN",
        "₵" => "GHS",
        "₱" => "PHP",
        "₩" => "KRW",
        "₺" => "TRY",
        "₽" => "RUB",
        "₪" => "ILS",
        "₴" => "UAH",
        "฿" => "THB",
        "৳" => "BDT",
        "₸" => "KZT",
        "₮" => "MNT",
        "₲" => "PYG",
        "₡" => "CRC",
        "₭" => "LAK",
        "₼" => "AZN",
        "₾" => "GEL",
        "₫" => "VND",
        _ => return None,
    }))
}

/// Letters glued before "$": "US$", "C$", "NZ$".
fn dollar_prefix(word: &str) -> Option<&'static str> {
    Some(match word {
        "US" => "USD",
        "C" | "CA" | "Can" => "CAD",
        "A" | "AU" => "AUD",
        "NZ" => "NZD",
        "HK" => "HKD",
        "NT" => "TWD",
        "S" => "SGD",
        "R" => "BRL",
        "MX" | "Mex" => "MXN",
        "J" => "JMD",
        "TT" => "TTD",
        "EC" => "XCD",
        "N" => "NAD",
        "B" => "BND",
        "L" => "LRD",
        "Z" => "ZWG",
        _ => return None,
    })
}

/// Words written before an amount: "Rs 314", "Tk 50", "KSh 200".
fn word_prefix_currency(word: &str) -> Option<Base> {
    Some(match word {
        "Rs" | "Rs." | "INR" => return Some(Base::Rupee),
        "Tk" => Base::Fixed("BDT"),
        "Sh" | "Shs" => return Some(Base::Shilling),
        "KSh" | "Ksh" | "Kshs" | "KShs" => Base::Fixed("KES"),
        "USh" | "Ush" => Base::Fixed("UGX"),
        "TSh" | "Tsh" => Base::Fixed("TZS"),
        "RM" => Base::Fixed("MYR"),
        "Rp" => Base::Fixed("IDR"),
        "SFr" => Base::Fixed("CHF"),
        "Dh" | "Dhs" => Base::Fixed("AED"),
        _ => return None,
    })
}

/// ISO codes that are also common capitalised words and never taken alone.
const CODE_WORDS: &[&str] = &[
    "ALL", "TOP", "CUP", "SOS", "MAD", "TRY", "BOB", "AMD", "PEN", "GEL", "MOP", "DOP", "LAK",
    "ERN", "STN", "BAM", "SAR",
];

fn iso_code(word: &str) -> Option<&'static str> {
    if word.len() != 3 || !word.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    crate::units::ISO_4217
        .binary_search(&word)
        .ok()
        .map(|i| crate::units::ISO_4217[i])
}

/// Country keywords, lower case, for currencies whose code depends on the country.
fn country_table(base: Base) -> (&'static [(&'static str, &'static str)], &'static str) {
    match base {
        Base::Peso => (
            &[
                ("argentin", "ARS"),
                ("buenos aires", "ARS"),
                ("mexic", "MXN"),
                ("chile", "CLP"),
                ("santiago", "CLP"),
                ("colombia", "COP"),
                ("bogot", "COP"),
                ("philippin", "PHP"),
                ("filipino", "PHP"),
                ("manila", "PHP"),
                ("urugua", "UYU"),
                ("montevideo", "UYU"),
                ("dominican", "DOP"),
                ("santo domingo", "DOP"),
                ("cuba", "CUP"),
                ("havana", "CUP"),
            ],
            "MXN",
        ),
        Base::Rupee => (
            &[
                ("pakistan", "PKR"),
                ("karachi", "PKR"),
                ("lahore", "PKR"),
                ("islamabad", "PKR"),
                ("sri lanka", "LKR"),
                ("colombo", "LKR"),
                ("nepal", "NPR"),
                ("kathmandu", "NPR"),
                ("mauriti", "MUR"),
                ("seychell", "SCR"),
                ("india", "INR"),
            ],
            "INR",
        ),
        Base::Dinar => (
            &[
                ("jordan", "JOD"),
                ("amman", "JOD"),
                ("iraq", "IQD"),
                ("baghdad", "IQD"),
                ("kuwait", "KWD"),
                ("bahrain", "BHD"),
                ("tunisia", "TND"),
                ("tunis", "TND"),
                ("algeria", "DZD"),
                ("algiers", "DZD"),
                ("libya", "LYD"),
                ("tripoli", "LYD"),
                ("serbia", "RSD"),
                ("belgrade", "RSD"),
            ],
            "IQD",
        ),
        Base::Shilling => (
            &[
                ("kenya", "KES"),
                ("nairobi", "KES"),
                ("uganda", "UGX"),
                ("kampala", "UGX"),
                ("tanzania", "TZS"),
                ("dar es salaam", "TZS"),
                ("somali", "SOS"),
                ("mogadishu", "SOS"),
            ],
            "KES",
        ),
        Base::Franc => (
            &[
                ("switzerland", "CHF"),
                ("swiss", "CHF"),
                ("geneva", "CHF"),
                ("zurich", "CHF"),
                ("rwanda", "RWF"),
                ("kigali", "RWF"),
                ("burundi", "BIF"),
                ("kinshasa", "CDF"),
                ("democratic republic of congo", "CDF"),
                ("guinea", "GNF"),
                ("conakry", "GNF"),
                ("djibouti", "DJF"),
                ("cameroon", "XAF"),
                ("gabon", "XAF"),
                ("chad", "XAF"),
                ("senegal", "XOF"),
                ("dakar", "XOF"),
                ("ivory coast", "XOF"),
                ("abidjan", "XOF"),
                ("mali", "XOF"),
                ("bamako", "XOF"),
                ("burkina", "XOF"),
                ("benin", "XOF"),
                ("togo", "XOF"),
            ],
            "CHF",
        ),
        Base::Krone => (
            &[
                ("norw", "NOK"),
                ("oslo", "NOK"),
                ("denmark", "DKK"),
                ("danish", "DKK"),
                ("copenhagen", "DKK"),
            ],
            "NOK",
        ),
        Base::Rial => (
            &[
                ("iran", "IRR"),
                ("tehran", "IRR"),
                ("oman", "OMR"),
                ("muscat", "OMR"),
                ("yemen", "YER"),
            ],
            "IRR",
        ),
        Base::Riyal => (
            &[
                ("saudi", "SAR"),
                ("riyadh", "SAR"),
                ("qatar", "QAR"),
                ("doha", "QAR"),
            ],
            "SAR",
        ),
        Base::Kwacha => (
            &[
                ("zambia", "ZMW"),
                ("lusaka", "ZMW"),
                ("malawi", "MWK"),
                ("lilongwe", "MWK"),
            ],
            "ZMW",
        ),
        Base::Pound => (
            &[
                ("egypt", "EGP"),
                ("cairo", "EGP"),
                ("leban", "LBP"),
                ("beirut", "LBP"),
                ("khartoum", "SDG"),
                ("sudan", "SDG"),
            ],
            "GBP",
        ),
        _ => (&[], "USD"),
    }
}

// ---------------------------------------------------------------------------
// Document context

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*([A-Z][A-Z'’.\- ]{2,}(?:,[ \t]*[A-Z][\p{L}'’.\- ]+)?)[ \t]*(?:\([A-Za-z ]+\)[ \t]*)?[—–-]")
        .expect("valid pattern")
});

static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\+\d{1,3}[ .\-]?(?:\(\d{1,4}\)[ .\-]?)?\d{1,4}(?:[ .\-]\d{2,4}){1,4}|\(\d{2,4}\)[ .\-]?\d{3,4}[ .\-]\d{3,4}|\d{2,4}[ .\-]\d{3,4}[ .\-]\d{3,4}(?:[ .\-]\d{2,4})*",
    )
    .expect("valid pattern")
});

/// Facts about the whole document, computed only when a number needs them.
struct DocContext<'a> {
    text: &'a str,
    dateline: OnceCell<String>,
    phones: OnceCell<Vec<(usize, usize)>>,
    temperature: OnceCell<Vec<(usize, bool)>>,
    yuan: OnceCell<bool>,
    korea: OnceCell<bool>,
    pound_sign: OnceCell<bool>,
    lower: OnceCell<String>,
}

impl<'a> DocContext<'a> {
    fn new(text: &'a str) -> Self {
        DocContext {
            text,
            dateline: OnceCell::new(),
            phones: OnceCell::new(),
            temperature: OnceCell::new(),
            yuan: OnceCell::new(),
            korea: OnceCell::new(),
            pound_sign: OnceCell::new(),
            lower: OnceCell::new(),
        }
    }

    fn dateline(&self) -> &str {
        self.dateline.get_or_init(|| {
            let head = &self.text[..floor_char_boundary(self.text, 6000)];
            DATELINE
                .captures(head)
                .and_then(|c| c.get(1))
                .map(|m| m.as_str().to_lowercase())
                .unwrap_or_default()
        })
    }

    fn lower(&self) -> &str {
        self.lower.get_or_init(|| self.text.to_lowercase())
    }

    /// Whether bytes `start..end` fall inside a phone number.
    fn in_phone(&self, start: usize) -> Option<usize> {
        let phones = self.phones.get_or_init(|| {
            let bytes = self.text.as_bytes();
            PHONE
                .find_iter(self.text)
                .filter(|m| {
                    let before = m.start().checked_sub(1).map(|i| bytes[i]);
                    let after = bytes.get(m.end()).copied();
                    !before.is_some_and(|b| b.is_ascii_digit() || b == b',' || b == b'.')
                        && !after.is_some_and(|b| b.is_ascii_digit() || b.is_ascii_alphabetic())
                        && m.as_str().bytes().filter(u8::is_ascii_digit).count() >= 7
                })
                .map(|m| (m.start(), m.end()))
                .collect()
        });
        phones
            .iter()
            .find(|(s, e)| *s <= start && start < *e)
            .map(|(_, e)| *e)
    }

    /// Whether a bare "degrees" at `pos` is Fahrenheit: the last explicit
    /// scale before it, else the first after it; Celsius by default.
    fn fahrenheit_at(&self, pos: usize) -> bool {
        let marks = self.temperature.get_or_init(|| {
            let mut marks = Vec::new();
            for (pat, f) in [
                ("Fahrenheit", true),
                ("°F", true),
                ("ºF", true),
                ("℉", true),
                ("Celsius", false),
                ("centigrade", false),
                ("°C", false),
                ("ºC", false),
                ("℃", false),
            ] {
                marks.extend(self.text.match_indices(pat).map(|(i, _)| (i, f)));
            }
            marks.sort_unstable();
            marks
        });
        marks
            .iter()
            .rev()
            .find(|(i, _)| *i < pos)
            .or_else(|| marks.iter().find(|(i, _)| *i >= pos))
            .is_some_and(|(_, f)| *f)
    }

    fn resolve(&self, base: Base) -> &'static str {
        match base {
            Base::Fixed(code) => code,
            Base::Dollar | Base::Cent => "USD",
            Base::Penny => "GBP",
            Base::Won => {
                if self.lower().contains("north korea") && !self.lower().contains("south korea") {
                    "KPW"
                } else {
                    "KRW"
                }
            }
            _ => {
                let (table, default) = country_table(base);
                let dateline = self.dateline();
                if let Some((_, code)) = table.iter().find(|(k, _)| dateline.contains(k)) {
                    return code;
                }
                if base == Base::Pound {
                    return default;
                }
                let lower = self.lower();
                table
                    .iter()
                    .filter_map(|(k, code)| lower.find(k).map(|i| (i, *code)))
                    .min()
                    .map_or(default, |(_, code)| code)
            }
        }
    }

    fn yen_is_yuan(&self) -> bool {
        *self.yuan.get_or_init(|| {
            let l = self.lower();
            l.contains("yuan") || l.contains("renminbi") || self.text.contains("RMB")
        })
    }

    fn mentions_korea(&self) -> bool {
        *self
            .korea
            .get_or_init(|| self.text.contains("Korea") || self.text.contains("Seoul"))
    }

    fn has_pound_sign(&self) -> bool {
        *self.pound_sign.get_or_init(|| self.text.contains('£'))
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

// ---------------------------------------------------------------------------
// Items

/// A numeric value kept as written until the end, so that "1.09 billion"
/// becomes exactly 1090000000 (parsed from "1.09e9", never multiplied).
#[derive(Clone, Debug)]
enum Val<'a> {
    Num {
        /// The digits as written (commas allowed), or `None` for words.
        digits: Option<&'a str>,
        /// The value without scale, for words and comparisons.
        mant: f64,
        /// Power of ten of the scale.
        exp: i32,
        /// Sign.
        neg: bool,
    },
    Date(String),
}

impl<'a> Val<'a> {
    /// A value computed from words.
    fn plain(v: f64) -> Self {
        Val::Num {
            digits: None,
            mant: v,
            exp: 0,
            neg: false,
        }
    }

    /// A value written in digits.
    fn digits(d: &'a str) -> Self {
        Val::Num {
            digits: Some(d),
            mant: d.replace(',', "").parse().unwrap_or(f64::NAN),
            exp: 0,
            neg: false,
        }
    }

    /// The final value; `None` when it is not finite.
    fn number(&self) -> Option<f64> {
        match self {
            Val::Num {
                digits,
                mant,
                exp,
                neg,
            } => {
                let v = match digits {
                    Some(d) => {
                        let clean: String = d.chars().filter(|c| *c != ',').collect();
                        format!("{clean}e{exp}").parse::<f64>().ok()?
                    }
                    None if *exp == 0 => *mant,
                    None => format!("{mant}e{exp}").parse::<f64>().ok()?,
                };
                let v = if *neg { -v } else { v };
                v.is_finite().then_some(v)
            }
            Val::Date(_) => None,
        }
    }
}

#[derive(Clone, Debug)]
struct Item<'a> {
    start: usize,
    end: usize,
    kind: NumberKind,
    val: Val<'a>,
    unit: Option<&'static str>,
    /// A plain number with no unit, currency or sign of its own.
    bare: bool,
    /// Whether a scale word is part of it.
    scaled: bool,
}

impl<'a> Item<'a> {
    /// An item with no unit, not bare, not scaled.
    fn new(start: usize, end: usize, kind: NumberKind, val: Val<'a>) -> Self {
        Item {
            start,
            end,
            kind,
            val,
            unit: None,
            bare: false,
            scaled: false,
        }
    }

    fn with_unit(mut self, unit: &'static str) -> Self {
        self.unit = Some(unit);
        self
    }

    fn mant(&self) -> f64 {
        match &self.val {
            Val::Num { mant, .. } => *mant,
            Val::Date(_) => 0.0,
        }
    }

    fn exp(&self) -> i32 {
        match &self.val {
            Val::Num { exp, .. } => *exp,
            Val::Date(_) => 0,
        }
    }

    fn add_exp(&mut self, by: i32) {
        if let Val::Num { exp, .. } = &mut self.val {
            *exp += by;
        }
    }
}

/// A number read from digits or words, before its kind is known.
#[derive(Clone, Debug)]
struct Phrase<'a> {
    /// First token.
    first: usize,
    /// One past the last token.
    next: usize,
    digits: Option<&'a str>,
    mant: f64,
    exp: i32,
    /// Read from digits alone: one token, no scale, no fraction.
    plain_digits: bool,
    /// Read from words.
    words: bool,
    /// A fraction ("two thirds", "half").
    fraction: bool,
    scaled: bool,
}

impl<'a> Phrase<'a> {
    fn val(&self, neg: bool) -> Val<'a> {
        Val::Num {
            digits: self.digits,
            mant: self.mant,
            exp: self.exp,
            neg,
        }
    }
}

enum Step<'a> {
    /// Emit these items and continue at the token index.
    Emit(Vec<Item<'a>>, usize),
    /// Take nothing and continue at the token index.
    Skip(usize),
}

struct Scanner<'t, 'a> {
    text: &'a str,
    toks: &'t [Tok<'a>],
    ctx: DocContext<'a>,
}

impl<'t, 'a> Scanner<'t, 'a> {
    fn run(&self) -> Vec<PredictedNumber> {
        let mut items: Vec<Item<'a>> = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            match self.parse_at(i) {
                Some(Step::Emit(found, next)) => {
                    items.extend(found);
                    i = next.max(i + 1);
                }
                Some(Step::Skip(next)) => i = next.max(i + 1),
                None => i += 1,
            }
        }
        self.link_dates(&mut items);
        self.link_ranges(&mut items);
        self.link_speeds(&mut items);
        self.implied_money(&mut items);
        let mut out: Vec<PredictedNumber> = Vec::with_capacity(items.len());
        for item in items {
            let value = match &item.val {
                Val::Date(s) => NumberValue::Text(s.clone()),
                v => match v.number() {
                    Some(n) => NumberValue::Number(n),
                    None => continue,
                },
            };
            if item.start >= item.end
                || out
                    .last()
                    .is_some_and(|p: &PredictedNumber| p.end > item.start)
            {
                continue;
            }
            out.push(PredictedNumber {
                start: item.start,
                end: item.end,
                kind: item.kind,
                value,
                unit: item.unit.map(str::to_owned),
            });
        }
        out
    }

    // -- token helpers -----------------------------------------------------

    fn tok(&self, i: usize) -> Option<&Tok<'a>> {
        self.toks.get(i)
    }

    /// Token `i` is `s` and touches the previous token.
    fn glued(&self, i: usize, s: &str) -> bool {
        self.tok(i)
            .is_some_and(|t| t.text == s && t.gap == Gap::Glued)
    }

    fn glued_tok(&self, i: usize) -> Option<&Tok<'a>> {
        self.tok(i).filter(|t| t.gap == Gap::Glued)
    }

    /// Token `i` follows the previous one on the same line (glued or spaced).
    fn near(&self, i: usize) -> Option<&Tok<'a>> {
        self.tok(i).filter(|t| t.gap != Gap::Break)
    }

    fn word_eq(&self, i: usize, s: &str) -> bool {
        self.tok(i)
            .is_some_and(|t| t.kind == TokKind::Word && t.text.eq_ignore_ascii_case(s))
    }

    fn prev_word(&self, i: usize) -> Option<&Tok<'a>> {
        i.checked_sub(1)
            .and_then(|p| self.tok(p))
            .filter(|t| t.kind == TokKind::Word)
    }

    fn is_dash(s: &str) -> bool {
        matches!(s, "-" | "–" | "‑" | "‐")
    }

    fn is_cap(t: &Tok<'_>) -> bool {
        t.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// A capital anywhere: "Boeing", "iPhone", "DAX".
    fn has_capital(t: &Tok<'_>) -> bool {
        t.text.chars().any(char::is_uppercase)
    }

    fn is_lower_word(t: &Tok<'_>) -> bool {
        t.kind == TokKind::Word && t.text.chars().next().is_some_and(char::is_lowercase)
    }

    /// Whether token `i` opens a sentence (or a line, or a quotation).
    fn sentence_start(&self, i: usize) -> bool {
        let Some(t) = self.tok(i) else { return false };
        if i == 0 || t.gap == Gap::Break {
            return true;
        }
        let prev = &self.toks[i - 1];
        if prev.kind != TokKind::Punct {
            return false;
        }
        match prev.text {
            "!" | "?" | ":" | ";" | "“" | "\"" | "‘" | "«" | "(" | "[" | "—" | "–" | "'" => {
                true
            }
            "." => {
                // Not after an abbreviation such as "Dr." or "U.S." inside a sentence.
                !(i >= 2
                    && self.toks[i - 2].kind == TokKind::Word
                    && self.toks[i - 2].text.len() <= 2
                    && Self::is_cap(&self.toks[i - 2]))
            }
            _ => false,
        }
    }

    /// Whether a capitalised word at `i` (not a sentence opener) is part of a name.
    fn capitalised_in_name(&self, i: usize) -> bool {
        let t = &self.toks[i];
        Self::is_cap(t) && !self.sentence_start(i)
    }

    // -- dispatch ----------------------------------------------------------

    fn parse_at(&self, i: usize) -> Option<Step<'a>> {
        let t = self.toks[i];
        match t.kind {
            TokKind::Num => {
                if let Some(end) = self.ctx.in_phone(t.start) {
                    let mut j = i;
                    while j < self.toks.len() && self.toks[j].start < end {
                        j += 1;
                    }
                    return Some(Step::Skip(j));
                }
                if let Some(step) = self.iso_date(i) {
                    return Some(step);
                }
                if let Some(step) = self.day_month_date(i) {
                    return Some(step);
                }
                if let Some(step) = self.year_pair(i) {
                    return Some(step);
                }
                self.number_led(i, None)
            }
            TokKind::Punct => {
                if let Some(base) = symbol_currency(t.text) {
                    // "GH₵", "E£" come through the word branch.
                    return self.money_prefixed(i, i + 1, base);
                }
                if t.text == "−" && self.glued_tok(i + 1).is_some() {
                    return self.number_led(i + 1, Some(i));
                }
                // "-5C", "(-3.2%)": a hyphen as a minus sign, only before a
                // temperature or a percentage.
                if t.text == "-"
                    && (t.gap != Gap::Glued || i > 0 && self.toks[i - 1].text == "(")
                    && self
                        .glued_tok(i + 1)
                        .is_some_and(|n| n.kind == TokKind::Num)
                {
                    if let Some(Step::Emit(items, next)) = self.number_led(i + 1, Some(i)) {
                        let signed = items.len() == 1
                            && (items[0].kind == NumberKind::Percent
                                || items[0].unit.is_some_and(|u| u.starts_with("degree")));
                        if signed {
                            return Some(Step::Emit(items, next));
                        }
                    }
                    return None;
                }
                if matches!(t.text, "’" | "'") {
                    return self.apostrophe_decade(i);
                }
                vulgar_fraction(t.text.chars().next().unwrap_or(' '))
                    .and_then(|v| self.standalone_fraction(i, v))
            }
            TokKind::Word => self.word_led(i),
        }
    }

    fn word_led(&self, i: usize) -> Option<Step<'a>> {
        let t = self.toks[i];
        match t.lex {
            Lex::Month(m) | Lex::MonthAbbr(m) if Self::is_cap(&t) => {
                if let Some(step) = self.month_date(i, m, matches!(t.lex, Lex::MonthAbbr(_))) {
                    return Some(step);
                }
            }
            Lex::Minus => {
                if let Some(next) = self.near(i + 1) {
                    if next.kind == TokKind::Num || matches!(next.lex, Lex::Card(_)) {
                        return self.number_led(i + 1, Some(i));
                    }
                }
            }
            Lex::Magnitude => {
                if let Some(step) = self.magnitude_first(i) {
                    return Some(step);
                }
            }
            _ => {}
        }
        // Currency prefixes made of letters.
        if let Some(step) = self.word_currency_prefix(i) {
            return Some(step);
        }
        if t.text == "No" || t.text == "no" {
            if let Some(step) = self.number_sign(i) {
                return Some(step);
            }
        }
        // A number word hyphenated after another word: "one-on-one", "head-first".
        if matches!(t.lex, Lex::Card(_) | Lex::Ord(_) | Lex::Half)
            && t.gap == Gap::Glued
            && i >= 2
            && Self::is_dash(self.toks[i - 1].text)
            && self.toks[i - 1].gap == Gap::Glued
            && self.toks[i - 2].kind == TokKind::Word
            && !NUMBER_PREFIXES.contains(&self.toks[i - 2].text)
        {
            return None;
        }
        // "twenty-first".
        if let Lex::Card(tens) = t.lex {
            if let (true, Some(Lex::Ord(unit))) = (
                tens >= 20 && tens % 10 == 0 && self.glued(i + 1, "-"),
                self.glued_tok(i + 2).map(|u| u.lex),
            ) {
                if (1..=9).contains(&unit) {
                    let item = Item::new(
                        t.start,
                        self.toks[i + 2].end,
                        NumberKind::Ordinal,
                        Val::plain(f64::from(tens + unit)),
                    );
                    return Some(Step::Emit(vec![item], i + 3));
                }
            }
        }
        match t.lex {
            Lex::Card(_) | Lex::Article | Lex::Half | Lex::Quarter => self.number_led(i, None),
            Lex::Ord(n) => self.ordinal_word(i, n),
            _ => None,
        }
    }

    // -- numbers -------------------------------------------------------------

    /// Reads the number at `i` (digits or words), then whatever follows it
    /// decides its kind. `neg` is the token of a leading minus.
    fn number_led(&self, i: usize, neg: Option<usize>) -> Option<Step<'a>> {
        let phrase = self.phrase(i)?;
        let start_tok = neg.unwrap_or(i);
        let start = self.toks[start_tok].start;
        let negative = neg.is_some();
        let t = self.toks[i];

        // Words that are not numbers here.
        if phrase.words {
            if let Some(step) = self.word_number_traps(i, &phrase) {
                return Some(step);
            }
        }

        let j = phrase.next;
        let last = &self.toks[j - 1];

        // Digits glued to letters before them: "K2", "COVID-19", "#1".
        if t.kind == TokKind::Num && !negative && self.glued_before_is_identifier(i) {
            let mut k = j;
            while self.glued_tok(k).is_some_and(|n| n.kind != TokKind::Punct) {
                k += 1;
            }
            return Some(Step::Skip(k));
        }

        // Glued letters after plain digits: ordinal, decade, unit, clock or identifier.
        if phrase.plain_digits {
            if let Some(next) = self.glued_tok(j).filter(|n| n.kind == TokKind::Word) {
                return self.digits_with_suffix(i, start, &phrase, next, j, negative);
            }
            // "1.2.3", "24/7", "9/11", "3:16" are not taken apart.
            if let Some(next) = self.glued_tok(j) {
                if matches!(next.text, "." | "/")
                    && self
                        .glued_tok(j + 1)
                        .is_some_and(|n| n.kind == TokKind::Num)
                {
                    if next.text == "/" {
                        if let Some(step) = self.slash_counter(i) {
                            return Some(step);
                        }
                        if let Some(step) = self.slash_fraction(i, &phrase) {
                            return Some(step);
                        }
                    }
                    let mut k = j + 2;
                    while self.glued_tok(k).is_some_and(|n| {
                        matches!(n.kind, TokKind::Num) || matches!(n.text, "." | "/")
                    }) {
                        k += 1;
                    }
                    return Some(Step::Skip(k));
                }
                if next.text == ":" {
                    return self.clock_colon(i, start, &phrase, j);
                }
                // "25(2)(h)": a provision, not a number.
                if next.text == "("
                    && self
                        .glued_tok(j + 1)
                        .is_some_and(|n| n.kind != TokKind::Punct)
                {
                    return Some(Step::Skip(j));
                }
            }
        }

        // Clock times: "3 p.m.", "10.30am".
        if let Some(end_tok) = self.am_pm(j) {
            if let Some(item) = self.clock_item(start, &phrase, end_tok, self.is_pm(j)) {
                return Some(Step::Emit(vec![item], end_tok));
            }
        }

        // Percent.
        if let Some(end_tok) = self.percent_sign(j) {
            let item = Item {
                start,
                end: self.toks[end_tok - 1].end,
                kind: NumberKind::Percent,
                val: phrase.val(negative),
                unit: None,
                bare: false,
                scaled: phrase.scaled,
            };
            return Some(Step::Emit(vec![item], end_tok));
        }

        // Money named after the number: "96 billion rupees", "140 million PLN".
        if let Some((code, end_tok, scale)) = self.currency_after(j, &phrase) {
            let mut item = Item {
                start,
                end: self.toks[end_tok - 1].end,
                kind: NumberKind::Money,
                val: phrase.val(negative),
                unit: Some(code),
                bare: false,
                scaled: phrase.scaled,
            };
            if let Some(div) = scale {
                item.add_exp(div);
            }
            return Some(Step::Emit(vec![item], end_tok));
        }

        // Quantities.
        if let Some((unit, end_tok)) = self.unit_after(j, start) {
            let item = Item {
                start,
                end: self.toks[end_tok - 1].end,
                kind: NumberKind::Quantity,
                val: phrase.val(negative),
                unit: Some(unit),
                bare: false,
                scaled: phrase.scaled,
            };
            return Some(Step::Emit(vec![item], end_tok));
        }

        // A plain number.
        if phrase.plain_digits && !negative {
            if self.is_name_number(i, j) || self.is_address(j) {
                return Some(Step::Skip(j));
            }
            // "0546 GMT": a clock time.
            if let Some(item) = self.military_time(i) {
                return Some(Step::Emit(vec![item], j));
            }
        }
        if phrase.words && !phrase.fraction && t.kind == TokKind::Word && Self::is_cap(&t) {
            // "Formula One", "Big Four": a capitalised number word inside a name.
            if self.capitalised_in_name(i) {
                return Some(Step::Skip(j));
            }
        }
        let kind = if phrase.plain_digits && self.is_year(i, &phrase) {
            NumberKind::Year
        } else {
            NumberKind::Cardinal
        };
        let item = Item {
            start,
            end: last.end,
            kind,
            val: phrase.val(negative),
            unit: None,
            bare: !negative && !phrase.fraction,
            scaled: phrase.scaled,
        };
        Some(Step::Emit(vec![item], j))
    }

    /// Reads digits or number words at `i`, with scale words, "and a half",
    /// "dozen" and fractions.
    fn phrase(&self, i: usize) -> Option<Phrase<'a>> {
        let t = self.toks[i];
        match t.kind {
            TokKind::Num => {
                let mant: f64 = t.text.replace(',', "").parse().ok()?;
                let mut p = Phrase {
                    first: i,
                    next: i + 1,
                    digits: Some(t.text),
                    mant,
                    exp: 0,
                    plain_digits: true,
                    words: false,
                    fraction: false,
                    scaled: false,
                };
                // "2 1/2", "2½".
                if let Some(f) = self
                    .glued_tok(i + 1)
                    .and_then(|n| vulgar_fraction(n.text.chars().next().unwrap_or(' ')))
                {
                    p.mant += f;
                    p.digits = None;
                    p.next = i + 2;
                    p.plain_digits = false;
                    return Some(p);
                }
                if let Some((f, next)) = self.spaced_slash_fraction(i + 1) {
                    if !t.text.contains(['.', ',']) {
                        p.mant += f;
                        p.digits = None;
                        p.next = next;
                        p.plain_digits = false;
                        return Some(p);
                    }
                }
                self.scales(&mut p);
                Some(p)
            }
            TokKind::Word => self.word_phrase(i),
            TokKind::Punct => None,
        }
    }

    /// Scale words after a number: "1.3 billion", "5 lakh crore", "two million".
    fn scales(&self, p: &mut Phrase<'a>) {
        let mut k = p.next;
        while let Some(n) = self.near(k) {
            match n.lex {
                Lex::Scale(e) if n.gap == Gap::Space => {
                    // "7 million", "a thousand crore"; not "hundreds" (a different word).
                    if p.scaled && !(e == 7 && p.exp < 7) {
                        break;
                    }
                    p.exp += e;
                    p.scaled = true;
                    p.plain_digits = false;
                    k += 1;
                }
                Lex::Hundred if n.gap == Gap::Space && !p.scaled && p.digits.is_some() => {
                    p.exp += 2;
                    p.plain_digits = false;
                    k += 1;
                }
                _ => break,
            }
        }
        p.next = k;
    }

    /// " 1/2" after a whole number: "2 1/2".
    fn spaced_slash_fraction(&self, k: usize) -> Option<(f64, usize)> {
        let n = self
            .tok(k)
            .filter(|t| t.gap == Gap::Space && t.kind == TokKind::Num)?;
        if !self.glued(k + 1, "/") {
            return None;
        }
        let d = self.glued_tok(k + 2).filter(|t| t.kind == TokKind::Num)?;
        let (n, d): (u32, u32) = (n.text.parse().ok()?, d.text.parse().ok()?);
        if n == 0 || n >= d || !matches!(d, 2 | 3 | 4 | 8) {
            return None;
        }
        if self
            .glued_tok(k + 3)
            .is_some_and(|t| t.kind != TokKind::Punct || t.text == "/")
        {
            return None;
        }
        Some((n as f64 / d as f64, k + 3))
    }

    /// A standalone "1/2", "3/4" (and nothing that looks like a date).
    fn slash_fraction(&self, i: usize, p: &Phrase<'a>) -> Option<Step<'a>> {
        let n: u32 = self.toks[i].text.parse().ok()?;
        let d: u32 = self.toks.get(i + 2)?.text.parse().ok()?;
        if n == 0 || n >= d || !matches!(d, 2 | 3 | 4 | 8) || p.next != i + 1 {
            return None;
        }
        if self
            .glued_tok(i + 3)
            .is_some_and(|t| t.kind != TokKind::Punct || t.text == "/")
        {
            return None;
        }
        let item = Item::new(
            self.toks[i].start,
            self.toks[i + 2].end,
            NumberKind::Cardinal,
            Val::plain(n as f64 / d as f64),
        );
        Some(Step::Emit(vec![item], i + 3))
    }

    fn standalone_fraction(&self, i: usize, v: f64) -> Option<Step<'a>> {
        if i > 0 && self.toks[i].gap == Gap::Glued && self.toks[i - 1].kind != TokKind::Punct {
            return None;
        }
        let t = self.toks[i];
        Some(Step::Emit(
            vec![Item::new(
                t.start,
                t.end,
                NumberKind::Cardinal,
                Val::plain(v),
            )],
            i + 1,
        ))
    }

    /// Number words: "twenty-five", "one hundred and five", "a dozen",
    /// "two thirds", "a third", "half", "one and a half", "a million".
    fn word_phrase(&self, i: usize) -> Option<Phrase<'a>> {
        let t = self.toks[i];
        let mk = |next: usize, mant: f64, exp: i32, fraction: bool, scaled: bool| Phrase {
            first: i,
            next,
            digits: None,
            mant,
            exp,
            plain_digits: false,
            words: true,
            fraction,
            scaled,
        };
        match t.lex {
            Lex::Article => {
                let n = self.near(i + 1).filter(|n| n.gap == Gap::Space)?;
                match n.lex {
                    Lex::Dozen => Some(mk(i + 2, 12.0, 0, false, false)),
                    Lex::Hundred | Lex::Scale(_) => {
                        let mut p = self.cardinal_words(i + 1, 1)?;
                        p.first = i;
                        Some(p)
                    }
                    Lex::Ord(d) if (3..=10).contains(&d) => {
                        // "a third of", "a fifth over": a fraction; "a third term": an ordinal.
                        if self.fraction_follows(i + 2) {
                            Some(mk(i + 2, 1.0 / d as f64, 0, true, false))
                        } else {
                            None
                        }
                    }
                    Lex::Quarter => {
                        if self.fraction_follows(i + 2) || self.unit_after(i + 2, 0).is_some() {
                            Some(mk(i + 2, 0.25, 0, true, false))
                        } else {
                            None
                        }
                    }
                    _ => None,
                }
            }
            Lex::Half => {
                // "half a dozen", "half a million"; "half" of something.
                if self
                    .tok(i + 1)
                    .is_some_and(|n| n.gap == Gap::Glued && Self::is_dash(n.text))
                {
                    return None;
                }
                if let Some(p) = self.prev_word(i) {
                    if in_list(p.text, HALF_NOUN_BEFORE) {
                        return None;
                    }
                }
                if self.word_eq(i + 1, "a") || self.word_eq(i + 1, "an") {
                    if let Some(n) = self.near(i + 2) {
                        match n.lex {
                            Lex::Dozen => return Some(mk(i + 3, 6.0, 0, false, false)),
                            Lex::Scale(e) => return Some(mk(i + 3, 0.5, e, false, true)),
                            Lex::Hundred => return Some(mk(i + 3, 50.0, 0, false, false)),
                            // "half an hour", "half a percentage point".
                            _ if self.unit_words(i + 2, false, 0).is_some() => {
                                return Some(mk(i + 2, 0.5, 0, true, false))
                            }
                            _ => {}
                        }
                    }
                }
                if Self::is_cap(&t) && !self.sentence_start(i) {
                    return None;
                }
                Some(mk(i + 1, 0.5, 0, true, false))
            }
            Lex::Quarter => None,
            Lex::Card(_) => {
                let p = self.cardinal_words(i, 0)?;
                Some(self.fraction_or_half(p))
            }
            _ => None,
        }
    }

    /// "two thirds", "one-third", "one and a half", "two dozen" after a cardinal.
    fn fraction_or_half(&self, mut p: Phrase<'a>) -> Phrase<'a> {
        let k = p.next;
        let single = p.next == p.first + 1 && p.exp == 0;
        if single && (1.0..=10.0).contains(&p.mant) {
            let dk = match self.tok(k) {
                Some(n)
                    if n.gap == Gap::Glued
                        && Self::is_dash(n.text)
                        && self.glued_tok(k + 1).is_some() =>
                {
                    Some(k + 1)
                }
                Some(n) if n.gap == Gap::Space => Some(k),
                _ => None,
            };
            if let Some(d) = dk.and_then(|dk| self.tok(dk)) {
                let denom = match d.lex {
                    Lex::OrdPlural(n) if p.mant > 1.0 => Some(n),
                    Lex::Ord(n) if p.mant == 1.0 && (3..=10).contains(&n) => Some(n),
                    Lex::Half if p.mant == 1.0 => Some(2),
                    Lex::Quarter if p.mant == 1.0 => Some(4),
                    _ => None,
                };
                // "the first three quarters of the year" counts quarters.
                let counted = self.prev_word(p.first).is_some_and(|w| {
                    in_list(
                        w.text,
                        &[
                            "the", "first", "last", "past", "next", "previous", "these", "those",
                        ],
                    )
                });
                if let (Some(denom), false) = (denom, counted) {
                    p.mant /= denom as f64;
                    p.next = dk.unwrap_or(k) + 1;
                    p.fraction = true;
                    return p;
                }
            }
        }
        // "one and a half", "two and a half".
        if p.exp == 0
            && self.word_eq(k, "and")
            && self.word_eq(k + 1, "a")
            && self.tok(k + 2).is_some_and(|n| n.lex == Lex::Half)
            && !self
                .tok(k + 3)
                .is_some_and(|m| m.gap == Gap::Glued && Self::is_dash(m.text))
        {
            p.mant += 0.5;
            p.next = k + 3;
            return p;
        }
        // "two dozen".
        if p.exp == 0
            && self
                .near(k)
                .is_some_and(|n| n.lex == Lex::Dozen && n.gap == Gap::Space)
        {
            p.mant *= 12.0;
            p.next = k + 1;
        }
        p
    }

    /// Cardinal words from `i`: tens and units, "hundred", scales, "and".
    /// `seed` is 1 after "a" ("a hundred", "a million"). A phrase that ends
    /// on a scale word keeps it as a power of ten ("two million" = 2 × 10^6),
    /// so that a range can share it.
    fn cardinal_words(&self, i: usize, seed: u64) -> Option<Phrase<'a>> {
        let mut total: u64 = 0;
        let mut current: u64 = seed;
        let mut last: Option<Lex> = (seed > 0).then_some(Lex::Article);
        let mut last_scale = i32::MAX;
        // (group, exponent, total before) of the last scale word read.
        let mut tail: Option<(u64, i32, u64)> = None;
        let mut k = i;
        let mut next = i;
        while let Some(t) = self.tok(k) {
            let hyphen = k > i && t.gap == Gap::Glued && Self::is_dash(t.text);
            let idx = if hyphen { k + 1 } else { k };
            let Some(w) = self.tok(idx) else { break };
            if idx > i && ((hyphen && w.gap != Gap::Glued) || (!hyphen && w.gap != Gap::Space)) {
                break;
            }
            match w.lex {
                Lex::Card(v) => {
                    let ok = match last {
                        None => true,
                        Some(Lex::Hundred | Lex::Scale(_) | Lex::And) => v > 0 && !hyphen,
                        Some(Lex::Card(p)) => {
                            p >= 20
                                && p % 10 == 0
                                && (1..=9).contains(&v)
                                && current % 100 == p as u64
                        }
                        _ => false,
                    };
                    if !ok || (hyphen && !matches!(last, Some(Lex::Card(_)))) {
                        break;
                    }
                    current += v as u64;
                    last = Some(w.lex);
                    tail = None;
                    k = idx + 1;
                    next = k;
                }
                Lex::Hundred if !hyphen => {
                    if !matches!(last, Some(Lex::Card(_) | Lex::Article))
                        || current == 0
                        || current >= 100
                    {
                        break;
                    }
                    current *= 100;
                    last = Some(Lex::Hundred);
                    tail = None;
                    k = idx + 1;
                    next = k;
                }
                Lex::Scale(e) if !hyphen && matches!(e, 3 | 6 | 9 | 12) => {
                    if !matches!(last, Some(Lex::Card(_) | Lex::Hundred | Lex::Article))
                        || current == 0
                        || e >= last_scale
                    {
                        break;
                    }
                    let Some(add) = 10u64
                        .checked_pow(e as u32)
                        .and_then(|m| current.checked_mul(m))
                        .and_then(|v| v.checked_add(total))
                    else {
                        break;
                    };
                    tail = Some((current, e, total));
                    total = add;
                    current = 0;
                    last_scale = e;
                    last = Some(Lex::Scale(e));
                    k = idx + 1;
                    next = k;
                }
                Lex::And if !hyphen => {
                    // Only "hundred and five", "thousand and twenty".
                    if !matches!(last, Some(Lex::Hundred | Lex::Scale(_))) {
                        break;
                    }
                    match self.tok(idx + 1) {
                        Some(n)
                            if n.gap == Gap::Space && matches!(n.lex, Lex::Card(v) if v > 0) =>
                        {
                            last = Some(Lex::And);
                            k = idx + 1;
                        }
                        _ => break,
                    }
                }
                _ => break,
            }
        }
        if next == i {
            return None;
        }
        let value = total + current;
        let (mant, exp) = match tail {
            Some((group, e, 0)) => (group as f64, e),
            _ => (value as f64, 0),
        };
        Some(Phrase {
            first: i,
            next,
            digits: None,
            mant,
            exp,
            plain_digits: false,
            words: true,
            fraction: false,
            scaled: last_scale != i32::MAX,
        })
    }

    /// Whether "a third"/"a fifth"/"a quarter" at the token before `k` is a fraction.
    fn fraction_follows(&self, k: usize) -> bool {
        match self.tok(k) {
            None => true,
            Some(n) if n.gap == Gap::Break => true,
            Some(n) if n.kind == TokKind::Punct => !Self::is_dash(n.text) || n.gap != Gap::Glued,
            Some(n) if n.kind == TokKind::Word => in_list(n.text, FRACTION_FOLLOWERS),
            Some(_) => false,
        }
    }

    /// Number words that are not numbers here: the pronoun "one", "one another".
    fn word_number_traps(&self, i: usize, p: &Phrase<'a>) -> Option<Step<'a>> {
        let t = self.toks[i];
        if t.lex == Lex::Card(1) && p.next == i + 1 {
            let next = self.tok(i + 1);
            let next_word = next.filter(|n| n.kind == TokKind::Word && n.gap != Gap::Break);
            if next_word.is_some_and(|n| n.text.eq_ignore_ascii_case("another")) {
                return Some(Step::Skip(i + 2));
            }
            // "one's".
            if next.is_some_and(|n| n.gap == Gap::Glued && matches!(n.text, "'" | "’"))
                && self.glued_tok(i + 2).is_some_and(|n| n.text == "s")
            {
                return Some(Step::Skip(i + 1));
            }
            // "one-day": a compound, never the pronoun.
            let compound = next.is_some_and(|n| n.gap == Gap::Glued && Self::is_dash(n.text));
            if let Some(prev) = self
                .prev_word(i)
                .filter(|_| t.gap == Gap::Space && !compound)
            {
                if in_list(prev.text, ONE_PRONOUN_BEFORE) {
                    return Some(Step::Skip(i + 1));
                }
                // "the one who", "the last one held", "a new one."; but "only one left".
                let determined = in_list(prev.text, ONE_PRONOUN_DETERMINERS)
                    || (in_list(prev.text, ONE_PRONOUN_ADJECTIVES)
                        && i >= 2
                        && self
                            .prev_word(i - 1)
                            .is_some_and(|d| in_list(d.text, ONE_PRONOUN_DETERMINERS)));
                if determined {
                    let pronoun = match next_word {
                        None => true,
                        Some(n) => {
                            in_list(n.text, ONE_PRONOUN_AFTER_THE)
                                || (Self::is_lower_word(n) && is_participle(n.text))
                        }
                    };
                    if pronoun {
                        return Some(Step::Skip(i + 1));
                    }
                }
            }
        }
        None
    }

    /// Digits with glued letters: "11th", "1990s", "10km", "3pm", "5G".
    fn digits_with_suffix(
        &self,
        i: usize,
        start: usize,
        p: &Phrase<'a>,
        suffix: &Tok<'a>,
        j: usize,
        negative: bool,
    ) -> Option<Step<'a>> {
        let t = self.toks[i];
        let s = suffix.text;
        let after_suffix_glued_word = self
            .glued_tok(j + 1)
            .is_some_and(|n| n.kind != TokKind::Punct);
        if after_suffix_glued_word || self.glued_before_is_identifier(i) {
            return Some(Step::Skip(j + 1));
        }
        let integer = !t.text.contains(['.', ',']);
        // Ordinals: "11th", "1,000th".
        if !t.text.contains('.')
            && matches!(s, "st" | "nd" | "rd" | "th" | "ST" | "ND" | "RD" | "TH")
            && !negative
        {
            // "20th Party Congress", "101st Airborne": inside a name. An
            // acronym after it is not a name's word ("his 51st ODI century").
            if self.near(j + 1).is_some_and(|n| {
                n.kind == TokKind::Word
                    && Self::is_cap(n)
                    && n.text.chars().any(char::is_lowercase)
                    && n.lex == Lex::Other
                    && n.gap == Gap::Space
            }) {
                return Some(Step::Skip(j + 1));
            }
            let item = Item::new(start, suffix.end, NumberKind::Ordinal, p.val(false));
            return Some(Step::Emit(vec![item], j + 1));
        }
        // Decades and centuries: "1990s", "1800s".
        if s == "s" && integer && t.text.len() == 4 && t.text.ends_with('0') {
            let y: u32 = t.text.parse().ok()?;
            if (1000..=2100).contains(&y) {
                let unit = if y.is_multiple_of(100) && y < 2000 {
                    "century"
                } else {
                    "decade"
                };
                let item =
                    Item::new(start, suffix.end, NumberKind::Year, p.val(false)).with_unit(unit);
                return Some(Step::Emit(vec![item], j + 1));
            }
        }
        // Clock: "3pm", "10am".
        if matches!(s, "am" | "pm" | "AM" | "PM") {
            let pm = s.eq_ignore_ascii_case("pm");
            if let Some(item) = self.clock_item(start, p, j + 1, pm) {
                return Some(Step::Emit(vec![item], j + 1));
            }
        }
        // Scale abbreviations on a plain amount: "1.3bn", "2tn".
        if matches!(s, "bn" | "tn" | "trn") {
            let exp = if s == "bn" { 9 } else { 12 };
            let mut phrase = p.clone();
            phrase.exp += exp;
            phrase.scaled = true;
            phrase.next = j + 1;
            phrase.plain_digits = false;
            if let Some((code, end_tok, _)) = self.currency_after(j + 1, &phrase) {
                let item = Item {
                    start,
                    end: self.toks[end_tok - 1].end,
                    kind: NumberKind::Money,
                    val: phrase.val(negative),
                    unit: Some(code),
                    bare: false,
                    scaled: true,
                };
                return Some(Step::Emit(vec![item], end_tok));
            }
            let item = Item {
                start,
                end: suffix.end,
                kind: NumberKind::Cardinal,
                val: phrase.val(negative),
                unit: None,
                bare: true,
                scaled: true,
            };
            return Some(Step::Emit(vec![item], j + 1));
        }
        // Pence: "50p".
        if s == "p" && integer {
            let mut phrase = p.clone();
            phrase.exp -= 2;
            let item = Item::new(start, suffix.end, NumberKind::Money, phrase.val(negative))
                .with_unit("GBP");
            return Some(Step::Emit(vec![item], j + 1));
        }
        // Glued units: "10km", "35mm", "500MW", "40C" (after a number of at most 3 digits).
        let unit = UNIT_ABBREVIATIONS.get(s).copied().or(match s {
            "h" => Some("hour"),
            "C" if t.text.len() <= 3 => Some("degree celsius"),
            "F" if t.text.len() <= 3 => Some("degree fahrenheit"),
            _ => None,
        });
        if let Some(unit) = unit {
            let (unit, end_tok) = self.unit_tail(unit, j + 1);
            let item = Item::new(
                start,
                self.toks[end_tok - 1].end,
                NumberKind::Quantity,
                p.val(negative),
            )
            .with_unit(unit);
            return Some(Step::Emit(vec![item], end_tok));
        }
        // Anything else glued is an identifier: "5G", "4K", "18b".
        Some(Step::Skip(j + 1))
    }

    /// Letters or a hyphenated word glued before the digits at `i`: "K2", "COVID-19".
    fn glued_before_is_identifier(&self, i: usize) -> bool {
        if i == 0 || self.toks[i].gap != Gap::Glued {
            return false;
        }
        let prev = &self.toks[i - 1];
        match prev.kind {
            TokKind::Word => true,
            TokKind::Num => false,
            TokKind::Punct => {
                if Self::is_dash(prev.text) && prev.gap == Gap::Glued && i >= 2 {
                    let w = &self.toks[i - 2];
                    return w.kind == TokKind::Word && !NUMBER_PREFIXES.contains(&w.text);
                }
                if matches!(prev.text, "#" | "@" | "_") {
                    return true;
                }
                // "25(2)": a sub-number of an identifier.
                prev.text == "("
                    && prev.gap == Gap::Glued
                    && i >= 2
                    && self.toks[i - 2].kind != TokKind::Punct
            }
        }
    }

    /// A bare number right after a capitalised word that is not a sentence
    /// opener or a function word: "Boeing 737", "Route 66", "Hielo Austral 2025".
    fn is_name_number(&self, i: usize, j: usize) -> bool {
        let t = &self.toks[i];
        if t.gap != Gap::Space || t.text.contains(',') {
            return false;
        }
        let Some(prev) = self.prev_word(i) else {
            return false;
        };
        if !Self::has_capital(prev) || is_not_name(prev.text) {
            return false;
        }
        if matches!(prev.lex, Lex::Month(_) | Lex::MonthAbbr(_) | Lex::Weekday) {
            return false;
        }
        // "I", "A" standing alone are words; "S&P 500" is a name.
        if matches!(prev.text, "I" | "A") && prev.gap != Gap::Glued {
            return false;
        }
        // A score or range: "Saavedra 2-1".
        if self
            .tok(j)
            .is_some_and(|n| Self::is_dash(n.text) || n.text == "—")
            && self.tok(j + 1).is_some_and(|n| n.kind == TokKind::Num)
        {
            return false;
        }
        true
    }

    /// A capitalised street name after the number: "10 Downing Street".
    fn is_address(&self, j: usize) -> bool {
        let Some(n) = self
            .near(j)
            .filter(|n| n.gap == Gap::Space && n.kind == TokKind::Word)
        else {
            return false;
        };
        if !Self::is_cap(n) || n.lex != Lex::Other {
            return false;
        }
        STREET_WORDS.contains(&n.text)
            || self
                .near(j + 1)
                .is_some_and(|m| m.gap == Gap::Space && STREET_WORDS.contains(&m.text))
    }

    /// "0546 GMT", "1430 UTC": hours and minutes on a 24-hour clock.
    fn military_time(&self, i: usize) -> Option<Item<'a>> {
        let t = &self.toks[i];
        if t.text.len() != 4
            || !self
                .near(i + 1)
                .is_some_and(|z| matches!(z.text, "GMT" | "UTC"))
        {
            return None;
        }
        let (h, m): (u32, u32) = (t.text[..2].parse().ok()?, t.text[2..].parse().ok()?);
        (h <= 23 && m <= 59).then(|| {
            Item::new(
                t.start,
                t.end,
                NumberKind::Cardinal,
                Val::plain(h as f64 + m as f64 / 60.0),
            )
        })
    }

    /// A page or photo counter alone on its line: "1/16".
    fn slash_counter(&self, i: usize) -> Option<Step<'a>> {
        let t = &self.toks[i];
        let d = self.glued_tok(i + 2).filter(|d| d.kind == TokKind::Num)?;
        let alone = t.gap == Gap::Break && self.tok(i + 3).is_none_or(|n| n.gap == Gap::Break);
        if !alone || t.text.contains([',', '.']) || d.text.contains([',', '.']) {
            return None;
        }
        let card = |tok: &Tok<'a>| {
            Item::new(
                tok.start,
                tok.end,
                NumberKind::Cardinal,
                Val::digits(tok.text),
            )
        };
        Some(Step::Emit(vec![card(t), card(d)], i + 3))
    }

    /// Whether the plain digits at `i` are a year.
    fn is_year(&self, i: usize, p: &Phrase<'a>) -> bool {
        let t = &self.toks[i];
        if t.text.len() != 4 || t.text.contains([',', '.']) || p.next != i + 1 {
            return false;
        }
        let y: u32 = match t.text.parse() {
            Ok(y) => y,
            Err(_) => return false,
        };
        if (1800..=2100).contains(&y) {
            return true;
        }
        (1000..1800).contains(&y)
            && self
                .prev_word(i)
                .is_some_and(|w| in_list(w.text, YEAR_CONTEXT))
    }

    /// "2023-24", "2019/20": a year and the year its last two digits name.
    fn year_pair(&self, i: usize) -> Option<Step<'a>> {
        let t = &self.toks[i];
        if t.text.len() != 4 || t.text.contains([',', '.']) {
            return None;
        }
        let y: u32 = t.text.parse().ok()?;
        if !(1800..=2100).contains(&y) {
            return None;
        }
        let sep = self.glued_tok(i + 1)?;
        if !(Self::is_dash(sep.text) || sep.text == "/") {
            return None;
        }
        let n = self.glued_tok(i + 2).filter(|n| n.kind == TokKind::Num)?;
        if n.text.len() != 2
            || self
                .glued_tok(i + 3)
                .is_some_and(|m| m.kind != TokKind::Punct)
        {
            return None;
        }
        if self.glued_before_is_identifier(i) || self.is_name_number(i, i + 1) {
            return None;
        }
        let dd: u32 = n.text.parse().ok()?;
        let mut second = y / 100 * 100 + dd;
        if second <= y {
            second += 100;
        }
        if second - y > 10 {
            return None;
        }
        let year = |tok: &Tok<'a>, v: u32| {
            Item::new(tok.start, tok.end, NumberKind::Year, Val::plain(v as f64))
        };
        Some(Step::Emit(vec![year(t, y), year(n, second)], i + 3))
    }

    /// "’90s", "'80s".
    fn apostrophe_decade(&self, i: usize) -> Option<Step<'a>> {
        let n = self.glued_tok(i + 1).filter(|n| n.kind == TokKind::Num)?;
        if n.text.len() != 2 || !n.text.ends_with('0') || !self.glued(i + 2, "s") {
            return None;
        }
        if i > 0 && self.toks[i].gap == Gap::Glued && self.toks[i - 1].kind == TokKind::Word {
            return None;
        }
        if self
            .glued_tok(i + 3)
            .is_some_and(|t| t.kind == TokKind::Word)
        {
            return None;
        }
        let dd: u32 = n.text.parse().ok()?;
        let year = if dd <= 20 { 2000 + dd } else { 1900 + dd };
        let item = Item::new(
            self.toks[i].start,
            self.toks[i + 2].end,
            NumberKind::Year,
            Val::plain(year as f64),
        )
        .with_unit("decade");
        Some(Step::Emit(vec![item], i + 3))
    }

    // -- ordinals ------------------------------------------------------------

    fn ordinal_word(&self, i: usize, n: u32) -> Option<Step<'a>> {
        let t = self.toks[i];
        // Inside a name: "Second World War", "Fifth Fleet", "First Lady".
        if Self::is_cap(&t) {
            if !self.sentence_start(i) {
                return Some(Step::Skip(i + 1));
            }
            if self
                .near(i + 1)
                .is_some_and(|n| n.gap == Gap::Space && n.kind == TokKind::Word && Self::is_cap(n))
            {
                return Some(Step::Skip(i + 1));
            }
        }
        // "second" as a unit of time: "a second later", "for a second."
        if n == 2 {
            if let Some(prev) = self.prev_word(i) {
                if in_list(prev.text, &["a", "one", "per", "every", "each", "split"]) {
                    let noun = match self.near(i + 1) {
                        None => true,
                        Some(nx) if nx.kind == TokKind::Punct => {
                            !(Self::is_dash(nx.text) && nx.gap == Gap::Glued)
                        }
                        Some(nx) => in_list(nx.text, SECOND_NOUN_FOLLOWERS),
                    };
                    if noun {
                        return Some(Step::Skip(i + 1));
                    }
                }
            }
        }
        let item = Item::new(t.start, t.end, NumberKind::Ordinal, Val::plain(n as f64));
        Some(Step::Emit(vec![item], i + 1))
    }

    /// "No. 2" as a rank; "Signal No. 4" is a name.
    fn number_sign(&self, i: usize) -> Option<Step<'a>> {
        if !self.glued(i + 1, ".") {
            return None;
        }
        let n = self.tok(i + 2).filter(|n| {
            n.kind == TokKind::Num && n.gap == Gap::Space && !n.text.contains([',', '.'])
        })?;
        if self
            .glued_tok(i + 3)
            .is_some_and(|t| t.kind != TokKind::Punct)
        {
            return None;
        }
        if self.is_address(i + 3) {
            return Some(Step::Skip(i + 3));
        }
        if let Some(prev) = self.prev_word(i) {
            if self.toks[i].gap == Gap::Space
                && ((Self::is_cap(prev) && !is_not_name(prev.text))
                    || in_list(prev.text, DESIGNATORS))
            {
                return Some(Step::Skip(i + 3));
            }
        }
        let item = Item::new(
            self.toks[i].start,
            n.end,
            NumberKind::Ordinal,
            Val::digits(n.text),
        );
        Some(Step::Emit(vec![item], i + 3))
    }

    // -- clock times ---------------------------------------------------------

    /// End token of "a.m."/"p.m."/"am"/"PM" starting at `k`.
    fn am_pm(&self, k: usize) -> Option<usize> {
        let t = self.near(k)?;
        if t.kind != TokKind::Word {
            return None;
        }
        if matches!(t.text, "am" | "pm" | "AM" | "PM") && t.gap == Gap::Space {
            return (!self
                .glued_tok(k + 1)
                .is_some_and(|n| n.kind == TokKind::Word))
            .then_some(k + 1);
        }
        if matches!(t.text, "a" | "p" | "A" | "P")
            && self.glued(k + 1, ".")
            && self
                .glued_tok(k + 2)
                .is_some_and(|m| m.text.eq_ignore_ascii_case("m"))
        {
            return Some(if self.glued(k + 3, ".") { k + 4 } else { k + 3 });
        }
        None
    }

    fn is_pm(&self, k: usize) -> bool {
        self.tok(k).is_some_and(|t| t.text.starts_with(['p', 'P']))
    }

    fn clock_item(
        &self,
        start: usize,
        p: &Phrase<'a>,
        end_tok: usize,
        pm: bool,
    ) -> Option<Item<'a>> {
        if p.scaled || p.fraction {
            return None;
        }
        // "10.30 a.m." is ten thirty.
        let (h, m) = match p.digits {
            Some(d) if d.contains('.') => {
                let (h, m) = d.split_once('.')?;
                if m.len() != 2 {
                    return None;
                }
                (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?)
            }
            Some(d) => (d.parse::<u32>().ok()?, 0),
            None => (p.mant as u32, 0),
        };
        if !(1..=12).contains(&h) || m > 59 || p.mant.fract() != 0.0 && p.digits.is_none() {
            return None;
        }
        let hour = (h % 12) + if pm { 12 } else { 0 };
        Some(Item::new(
            start,
            self.toks[end_tok - 1].end,
            NumberKind::Cardinal,
            Val::plain(hour as f64 + m as f64 / 60.0),
        ))
    }

    /// "10:30", "10:30 a.m.", "15:00".
    fn clock_colon(&self, i: usize, start: usize, p: &Phrase<'a>, j: usize) -> Option<Step<'a>> {
        let m = self.glued_tok(j + 1).filter(|n| n.kind == TokKind::Num)?;
        let h: u32 = p.digits?.parse().ok()?;
        if m.text.len() != 2 || h > 24 {
            return Some(Step::Skip(j + 2));
        }
        let min: u32 = m.text.parse().ok()?;
        if min > 59
            || self
                .glued_tok(j + 2)
                .is_some_and(|n| n.text == ":" || n.kind == TokKind::Word)
        {
            return Some(Step::Skip(j + 2));
        }
        if self.is_name_number(i, j) {
            return Some(Step::Skip(j + 2));
        }
        let (hour, end_tok) = match self.am_pm(j + 2) {
            Some(e) if (1..=12).contains(&h) => {
                ((h % 12) + if self.is_pm(j + 2) { 12 } else { 0 }, e)
            }
            _ => (h, j + 2),
        };
        let item = Item::new(
            start,
            self.toks[end_tok - 1].end,
            NumberKind::Cardinal,
            Val::plain(hour as f64 + min as f64 / 60.0),
        );
        let _ = i;
        Some(Step::Emit(vec![item], end_tok))
    }

    // -- percent -------------------------------------------------------------

    /// End token of "%", "percent", "per cent", "pct" at `k`.
    fn percent_sign(&self, k: usize) -> Option<usize> {
        let t = self.near(k)?;
        if t.text == "%" {
            return Some(k + 1);
        }
        if t.gap == Gap::Glued && t.kind == TokKind::Word {
            return None;
        }
        if t.lex == Lex::Percent {
            return Some(k + 1);
        }
        if t.text.eq_ignore_ascii_case("per")
            && self
                .near(k + 1)
                .is_some_and(|n| n.gap == Gap::Space && n.text.eq_ignore_ascii_case("cent"))
        {
            return Some(k + 2);
        }
        None
    }

    // -- money ---------------------------------------------------------------

    /// Letters before an amount: "US$5", "GH₵10", "Rs 314", "PLN 140 million", "R5bn", "S/ 20".
    fn word_currency_prefix(&self, i: usize) -> Option<Step<'a>> {
        let t = self.toks[i];
        // Every prefix is short and starts with a capital letter.
        if t.text.len() > 4 || !t.text.as_bytes()[0].is_ascii_uppercase() {
            return None;
        }
        if i > 0 && t.gap == Gap::Glued && self.toks[i - 1].kind == TokKind::Word {
            return None;
        }
        // "US$", "C$", "NZ$".
        if self.glued(i + 1, "$") {
            if let Some(code) = dollar_prefix(t.text) {
                return self.money_prefixed(i, i + 2, Base::Fixed(code));
            }
        }
        if matches!(t.text, "GH") && (self.glued(i + 1, "₵") || self.glued(i + 1, "¢")) {
            return self.money_prefixed(i, i + 2, Base::Fixed("GHS"));
        }
        if t.text == "E" && self.glued(i + 1, "£") {
            return self.money_prefixed(i, i + 2, Base::Fixed("EGP"));
        }
        if t.text == "CN" && (self.glued(i + 1, "¥") || self.glued(i + 1, "￥")) {
            return self.money_prefixed(i, i + 2, Base::Fixed("CNY"));
        }
        if t.text == "S" && self.glued(i + 1, "/") {
            return self.money_prefixed(i, i + 2, Base::Fixed("PEN"));
        }
        // "R5 billion": rand, only glued to the digits.
        if t.text == "R"
            && self
                .glued_tok(i + 1)
                .is_some_and(|n| n.kind == TokKind::Num)
        {
            return self.money_prefixed(i, i + 1, Base::Fixed("ZAR"));
        }
        let with_dot = t.text == "Rs" && self.glued(i + 1, ".");
        if let Some(base) = word_prefix_currency(t.text) {
            let k = if with_dot { i + 2 } else { i + 1 };
            return self.money_prefixed(i, k, base);
        }
        // A code is separated from its amount by a space: "PLN 140 million", never "COP30".
        if let Some(code) = iso_code(t.text) {
            if !CODE_WORDS.contains(&t.text) && self.tok(i + 1).is_some_and(|n| n.gap == Gap::Space)
            {
                return self.money_prefixed(i, i + 1, Base::Fixed(code));
            }
        }
        None
    }

    /// An amount after a currency sign or prefix ending at token `k`.
    fn money_prefixed(&self, first: usize, k: usize, base: Base) -> Option<Step<'a>> {
        let n = self.near(k)?;
        if n.kind != TokKind::Num {
            return None;
        }
        // Letters glued before "$" that are not a known prefix make an identifier.
        if first > 0
            && self.toks[first].gap == Gap::Glued
            && self.toks[first - 1].kind == TokKind::Word
        {
            return None;
        }
        let mut p = self.phrase(k)?;
        if p.words {
            return None;
        }
        // Glued scale abbreviations: "$5m", "€3bn", "$50k", "₹5cr".
        let mut end_tok = p.next;
        if p.next == k + 1 {
            if let Some(s) = self.glued_tok(k + 1).filter(|s| s.kind == TokKind::Word) {
                let e = match s.text {
                    "m" | "M" | "mn" | "mln" => Some(6),
                    "bn" | "b" | "B" | "bln" => Some(9),
                    "tn" | "trn" | "T" => Some(12),
                    "k" | "K" => Some(3),
                    "cr" => Some(7),
                    _ => None,
                };
                match e {
                    Some(e)
                        if !self
                            .glued_tok(k + 2)
                            .is_some_and(|t| t.kind != TokKind::Punct) =>
                    {
                        p.exp += e;
                        p.scaled = true;
                        end_tok = k + 2;
                    }
                    _ => return Some(Step::Skip(k + 2)),
                }
            }
        }
        let code = match base {
            Base::Fixed("JPY") if self.toks[first].text != "CN" && self.ctx.yen_is_yuan() => "CNY",
            b => self.ctx.resolve(b),
        };
        // "R$" etc. handled by the caller; "$5 billion dollars" is rare, not read.
        let item = Item {
            start: self.toks[first].start,
            end: self.toks[end_tok - 1].end,
            kind: NumberKind::Money,
            val: p.val(false),
            unit: Some(code),
            bare: false,
            scaled: p.scaled,
        };
        // A trailing currency code repeats the currency: "$5 million USD".
        let mut next = end_tok;
        if let Some(c) = self.near(next) {
            if c.gap == Gap::Space && iso_code(c.text).is_some() && !CODE_WORDS.contains(&c.text) {
                let mut item = item;
                item.end = c.end;
                item.unit = iso_code(c.text);
                next += 1;
                return Some(Step::Emit(vec![item], next));
            }
        }
        Some(Step::Emit(vec![item], next))
    }

    /// A currency named after an amount: "euros", "Canadian dollars", "PLN",
    /// "zł", "€". Returns the code, the end token and an exponent adjustment
    /// for "cents" and "pence".
    fn currency_after(
        &self,
        k: usize,
        p: &Phrase<'a>,
    ) -> Option<(&'static str, usize, Option<i32>)> {
        let t = self.near(k)?;
        if t.gap == Gap::Glued && t.kind == TokKind::Word {
            return None;
        }
        if t.kind == TokKind::Punct {
            return match t.text {
                "€" => Some(("EUR", k + 1, None)),
                "₫" => Some(("VND", k + 1, None)),
                _ => None,
            };
        }
        if t.kind != TokKind::Word {
            return None;
        }
        if matches!(t.text, "zł" | "zl") {
            return Some(("PLN", k + 1, None));
        }
        if let Some(code) = iso_code(t.text) {
            if !CODE_WORDS.contains(&t.text)
                && !self
                    .glued_tok(k + 1)
                    .is_some_and(|n| n.kind == TokKind::Word)
            {
                return Some((code, k + 1, None));
            }
            return None;
        }
        // Adjective + currency word: adjectives are capitalised ("Canadian", "U.S.", "CFA").
        let adjectives = if Self::is_cap(t) {
            CURRENCY_ADJECTIVES
        } else {
            &[]
        };
        for (adj, lemma, code) in adjectives {
            let mut m = k;
            let mut ok = true;
            for (n, w) in adj.iter().enumerate() {
                match self.tok(m) {
                    Some(tok)
                        if tok.text.eq_ignore_ascii_case(w)
                            && (n == 0
                                || tok.gap == Gap::Space
                                || *w == "."
                                || tok.gap == Gap::Glued && adj[n - 1] == ".") =>
                    {
                        m += 1
                    }
                    _ => {
                        ok = false;
                        break;
                    }
                }
            }
            if !ok {
                continue;
            }
            if let Some(cw) = self
                .tok(m)
                .filter(|c| c.gap == Gap::Space && c.kind == TokKind::Word)
            {
                if currency_lemma(cw.text) == Some(lemma) {
                    return Some((code, m + 1, None));
                }
            }
        }
        let base = with_lower(t.text, |w| CURRENCY_WORDS.get(w).copied())?;
        let code = match base {
            Base::Pound => {
                // Money only with a scale word, "sterling", or a story in pounds.
                let sterling = self.word_eq(k + 1, "sterling");
                if sterling {
                    return Some(("GBP", k + 2, None));
                }
                if !(p.scaled || self.ctx.has_pound_sign()) {
                    return None;
                }
                self.ctx.resolve(Base::Pound)
            }
            Base::Won => {
                if p.plain_digits && p.digits.is_some_and(|d| d.len() == 4 && !d.contains(',')) {
                    return None;
                }
                if !self.ctx.mentions_korea() {
                    return None;
                }
                self.ctx.resolve(Base::Won)
            }
            Base::Cent => {
                // "euro cents".
                return Some(("USD", k + 1, Some(-2)));
            }
            Base::Penny => return Some(("GBP", k + 1, Some(-2))),
            b => self.ctx.resolve(b),
        };
        Some((code, k + 1, None))
    }

    // -- quantities ------------------------------------------------------------

    /// A unit after a number at token `k`: spaced ("27 years", "1.1 degrees
    /// Celsius", "33 Earth days") or hyphenated ("two-day", "71-year-old",
    /// "500-cubic-meter"). Returns the unit and the end token.
    fn unit_after(&self, k: usize, pos: usize) -> Option<(&'static str, usize)> {
        let t = self.tok(k)?;
        if t.gap == Gap::Break {
            return None;
        }
        // Hyphenated compound.
        if t.gap == Gap::Glued && Self::is_dash(t.text) {
            let (unit, end) = self.unit_words(k + 1, true, pos)?;
            // "-old", "-long": the whole hyphenated word.
            let mut e = end;
            while self.glued(e, "-")
                && self
                    .glued_tok(e + 1)
                    .is_some_and(|w| Self::is_lower_word(w))
            {
                e += 2;
            }
            return Some((unit, e));
        }
        if t.gap == Gap::Glued && !matches!(t.text, "°" | "º" | "℃" | "℉") {
            return None;
        }
        // "°C", "° F", "℃".
        match t.text {
            "℃" => return Some(("degree celsius", k + 1)),
            "℉" => return Some(("degree fahrenheit", k + 1)),
            "°" | "º" => {
                return Some(match self.near(k + 1).map(|n| n.text) {
                    Some("C") => ("degree celsius", k + 2),
                    Some("F") => ("degree fahrenheit", k + 2),
                    _ => (self.default_degree(pos), k + 1),
                })
            }
            _ => {}
        }
        // Modifiers of time units: "33 Earth days".
        if t.kind == TokKind::Word && TIME_MODIFIERS.contains(&t.text) {
            if let Some((unit, end)) = self.unit_words(k + 1, false, pos) {
                if matches!(unit, "day" | "week" | "month" | "year" | "hour") {
                    return Some((unit, end));
                }
            }
            return None;
        }
        self.unit_words(k, false, pos)
    }

    fn default_degree(&self, pos: usize) -> &'static str {
        if self.ctx.fahrenheit_at(pos) {
            "degree fahrenheit"
        } else {
            "degree celsius"
        }
    }

    /// The unit words from `k`; in a hyphenated compound every word is glued
    /// after a hyphen.
    fn unit_words(&self, k: usize, hyphen: bool, pos: usize) -> Option<(&'static str, usize)> {
        let t = self.tok(k)?;
        if t.kind != TokKind::Word {
            return None;
        }
        // The separator before the next word of a multi-word unit.
        let next_word = |m: usize| -> Option<usize> {
            if hyphen {
                if self.glued(m, "-")
                    && self
                        .glued_tok(m + 1)
                        .is_some_and(|w| w.kind == TokKind::Word)
                {
                    return Some(m + 1);
                }
                None
            } else {
                self.tok(m)
                    .filter(|w| w.kind == TokKind::Word && w.gap == Gap::Space)
                    .map(|_| m)
            }
        };
        let lower_is =
            |m: usize, words: &[&str]| self.tok(m).is_some_and(|w| in_list(w.text, words));
        // Prefixed units: "square kilometers", "cubic meters", "metric tons",
        // "nautical miles", "light-years", "percentage points", "basis points".
        let prefix = t.text.to_ascii_lowercase();
        match prefix.as_str() {
            "square" | "sq" | "cubic" | "cu" => {
                let mut m = k + 1;
                if self.glued(m, ".") {
                    m += 1;
                }
                let m = next_word(m)?;
                let w = self.toks[m].text;
                let base = unit_word(w).or_else(|| UNIT_ABBREVIATIONS.get(w).copied())?;
                let square = matches!(prefix.as_str(), "square" | "sq");
                let unit = match (square, base) {
                    (true, "meter") => "square meter",
                    (true, "kilometer") => "square kilometer",
                    (true, "mile") => "square mile",
                    (false, "meter") => "cubic meter",
                    _ => return None,
                };
                return Some((unit, m + 1));
            }
            "metric" => {
                let m = next_word(k + 1)?;
                return lower_is(m, &["ton", "tons", "tonne", "tonnes"])
                    .then_some(("tonne", m + 1));
            }
            "nautical" => {
                let m = next_word(k + 1)?;
                return lower_is(m, &["mile", "miles"]).then_some(("nautical mile", m + 1));
            }
            "light" => {
                let m = if self.glued(k + 1, "-") {
                    self.glued_tok(k + 2).map(|_| k + 2)
                } else {
                    next_word(k + 1)
                }?;
                return lower_is(m, &["year", "years"]).then_some(("light-year", m + 1));
            }
            "percentage" => {
                let m = next_word(k + 1)?;
                return lower_is(m, &["point", "points"]).then_some(("percentage point", m + 1));
            }
            "basis" => {
                let m = next_word(k + 1)?;
                return lower_is(m, &["point", "points"]).then_some(("point", m + 1));
            }
            _ => {}
        }
        let spelled = unit_word(t.text);
        let unit = spelled.or_else(|| {
            if hyphen {
                None
            } else {
                UNIT_ABBREVIATIONS.get(t.text).copied()
            }
        })?;
        // "km2", "m3": square and cubic abbreviations.
        if spelled.is_none() && !hyphen {
            if let Some(power) = self.glued_tok(k + 1).filter(|n| n.kind == TokKind::Num) {
                let unit = match (unit, power.text) {
                    ("meter", "2") => "square meter",
                    ("kilometer", "2") => "square kilometer",
                    ("mile", "2") => "square mile",
                    ("meter", "3") => "cubic meter",
                    _ => return None,
                };
                return Some((unit, k + 2));
            }
        }
        // Abbreviations must not run into more letters ("m" in "m.").
        if spelled.is_none()
            && self
                .glued_tok(k + 1)
                .is_some_and(|n| n.kind == TokKind::Word)
        {
            return None;
        }
        // Capitalised spelled units mid-sentence are names ("the 2 Degrees Fund").
        let mut end = k + 1;
        let unit = match unit {
            "degree" => {
                let n = if hyphen {
                    next_word(end)
                } else {
                    self.tok(end).filter(|w| w.gap == Gap::Space).map(|_| end)
                };
                match n.map(|m| self.toks[m].text) {
                    Some(s)
                        if s.eq_ignore_ascii_case("celsius")
                            || s.eq_ignore_ascii_case("centigrade")
                            || s == "C" =>
                    {
                        end = n.unwrap_or(end) + 1;
                        "degree celsius"
                    }
                    Some(s) if s.eq_ignore_ascii_case("fahrenheit") || s == "F" => {
                        end = n.unwrap_or(end) + 1;
                        "degree fahrenheit"
                    }
                    _ => self.default_degree(pos),
                }
            }
            "pound" => {
                // Money pounds are handled before units.
                "pound"
            }
            u => u,
        };
        let (unit, end) = self.unit_tail(unit, end);
        let _ = hyphen;
        Some((unit, end))
    }

    /// Speed and energy tails: "kilometers per hour", "km/h", "kilowatt-hours".
    fn unit_tail(&self, unit: &'static str, k: usize) -> (&'static str, usize) {
        match unit {
            "kilometer" | "mile" => {
                let speed = if unit == "kilometer" {
                    "kilometer per hour"
                } else {
                    "mile per hour"
                };
                if self.glued(k, "/")
                    && self
                        .glued_tok(k + 1)
                        .is_some_and(|t| matches!(t.text, "h" | "hr"))
                {
                    return (speed, k + 2);
                }
                if let Some(t) = self.near(k).filter(|t| t.gap == Gap::Space) {
                    if (t.text.eq_ignore_ascii_case("per") || t.text == "an" || t.text == "a")
                        && self.near(k + 1).is_some_and(|h| {
                            h.gap == Gap::Space && h.text.eq_ignore_ascii_case("hour")
                        })
                    {
                        return (speed, k + 2);
                    }
                }
                (unit, k)
            }
            "kilowatt" | "megawatt" | "gigawatt" => {
                let hours = |t: &Tok<'_>| {
                    t.text.eq_ignore_ascii_case("hour") || t.text.eq_ignore_ascii_case("hours")
                };
                let joined = (self.glued(k, "-") && self.glued_tok(k + 1).is_some_and(hours))
                    .then_some(k + 2)
                    .or_else(|| {
                        self.tok(k)
                            .filter(|t| t.gap == Gap::Space && hours(t))
                            .map(|_| k + 1)
                    });
                match joined {
                    Some(e) => (
                        match unit {
                            "kilowatt" => "kilowatt-hour",
                            "megawatt" => "megawatt-hour",
                            _ => "gigawatt-hour",
                        },
                        e,
                    ),
                    None => (unit, k),
                }
            }
            _ => (unit, k),
        }
    }

    /// "magnitude 7.1", "magnitude-7.1", "magnitude of 7.1".
    fn magnitude_first(&self, i: usize) -> Option<Step<'a>> {
        let mut k = i + 1;
        let mut spans_unit = true;
        if self.glued(k, "-") {
            k += 1;
        } else if self.word_eq(k, "of") {
            k += 1;
            spans_unit = false;
        }
        let n = self.near(k).filter(|n| n.kind == TokKind::Num)?;
        let v: f64 = n.text.parse().ok()?;
        if !(0.0..=10.0).contains(&v)
            || self
                .glued_tok(k + 1)
                .is_some_and(|t| t.kind == TokKind::Word)
        {
            return None;
        }
        let start = if spans_unit {
            self.toks[i].start
        } else {
            n.start
        };
        let item = Item::new(
            start,
            n.end,
            NumberKind::Quantity,
            Val::Num {
                digits: Some(n.text),
                mant: v,
                exp: 0,
                neg: false,
            },
        )
        .with_unit("magnitude");
        Some(Step::Emit(vec![item], k + 1))
    }

    // -- dates -----------------------------------------------------------------

    fn day_of(&self, k: usize) -> Option<u32> {
        let t = self.tok(k)?;
        if t.kind != TokKind::Num || t.text.len() > 2 || t.text.contains([',', '.']) {
            return None;
        }
        let d: u32 = t.text.parse().ok()?;
        (1..=31).contains(&d).then_some(d)
    }

    fn year_of(&self, k: usize) -> Option<u32> {
        let t = self.tok(k)?;
        if t.kind != TokKind::Num || t.text.len() != 4 || t.text.contains([',', '.']) {
            return None;
        }
        if self
            .glued_tok(k + 1)
            .is_some_and(|n| n.kind == TokKind::Word)
        {
            return None;
        }
        let y: u32 = t.text.parse().ok()?;
        (1000..=2100).contains(&y).then_some(y)
    }

    /// Whether a number at `k` goes on as a percent, a unit or a scale, so it
    /// is not a day of the month.
    fn continues_as_amount(&self, k: usize) -> bool {
        self.percent_sign(k + 1).is_some()
            || self.near(k + 1).is_some_and(|n| {
                matches!(n.lex, Lex::Scale(_))
                    || (n.gap == Gap::Glued
                        && n.kind == TokKind::Word
                        && !matches!(n.text, "st" | "nd" | "rd" | "th"))
            })
            || self.unit_after(k + 1, 0).is_some_and(|(u, _)| u != "year")
    }

    fn date_value(y: Option<u32>, m: u8, d: Option<u32>) -> Option<String> {
        if let Some(d) = d {
            let max = match m {
                2 => 29,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            if d > max {
                return None;
            }
        }
        Some(match (y, d) {
            (Some(y), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
            (None, Some(d)) => format!("XXXX-{m:02}-{d:02}"),
            (Some(y), None) => format!("{y:04}-{m:02}"),
            (None, None) => return None,
        })
    }

    fn date_item(&self, start: usize, end: usize, value: String) -> Item<'a> {
        Item {
            start,
            end,
            kind: NumberKind::Date,
            val: Val::Date(value),
            unit: None,
            bare: false,
            scaled: false,
        }
    }

    /// "May 17, 2024", "Nov. 18", "May 17-18, 2024", "May 2024", "May 17th".
    fn month_date(&self, i: usize, m: u8, abbr: bool) -> Option<Step<'a>> {
        let mut k = i + 1;
        if self.glued(k, ".") {
            k += 1;
        } else if abbr && !matches!(self.toks[i].text, "Sept" | "Sep") {
            return None;
        }
        let start = self.toks[i].start;
        let n = self
            .near(k)
            .filter(|n| n.gap == Gap::Space && n.kind == TokKind::Num)?;
        if let Some(d) = self.day_of(k) {
            if self.continues_as_amount(k) {
                return None;
            }
            let mut end_tok = k + 1;
            if self
                .glued_tok(k + 1)
                .is_some_and(|s| matches!(s.text, "st" | "nd" | "rd" | "th"))
            {
                end_tok += 1;
            } else if self
                .glued_tok(k + 1)
                .is_some_and(|s| s.kind == TokKind::Word)
            {
                return None;
            }
            // A second day: "May 17-18".
            let mut second: Option<(usize, u32)> = None;
            if self
                .tok(end_tok)
                .is_some_and(|s| Self::is_dash(s.text) && s.gap != Gap::Break)
            {
                if let Some(d2) = self.day_of(end_tok + 1).filter(|d2| *d2 > d) {
                    if !self
                        .glued_tok(end_tok + 2)
                        .is_some_and(|s| s.kind == TokKind::Word)
                    {
                        second = Some((end_tok + 1, d2));
                    }
                }
            }
            let after = second.map_or(end_tok, |(k2, _)| k2 + 1);
            // ", 2024" or " 2024".
            let mut year: Option<(u32, usize)> = None;
            let yk = if self.glued(after, ",") {
                after + 1
            } else {
                after
            };
            if self.tok(yk).is_some_and(|t| t.gap == Gap::Space) {
                if let Some(y) = self.year_of(yk) {
                    year = Some((y, yk + 1));
                }
            }
            let y = year.map(|(y, _)| y);
            let first_end = self.toks[end_tok - 1].end;
            let mut items = Vec::new();
            match second {
                Some((k2, d2)) => {
                    items.push(self.date_item(start, first_end, Self::date_value(y, m, Some(d))?));
                    let end2 = year.map_or(self.toks[k2].end, |(_, e)| self.toks[e - 1].end);
                    items.push(self.date_item(
                        self.toks[k2].start,
                        end2,
                        Self::date_value(y, m, Some(d2))?,
                    ));
                }
                None => {
                    let end = year.map_or(first_end, |(_, e)| self.toks[e - 1].end);
                    items.push(self.date_item(start, end, Self::date_value(y, m, Some(d))?));
                }
            }
            let next = year.map_or(after, |(_, e)| e);
            return Some(Step::Emit(items, next));
        }
        if let Some(y) = self.year_of(k) {
            if self.continues_as_amount(k) {
                return None;
            }
            let _ = n;
            let v = Self::date_value(Some(y), m, None)?;
            return Some(Step::Emit(
                vec![self.date_item(start, self.toks[k].end, v)],
                k + 1,
            ));
        }
        None
    }

    /// "17 May 2024", "3 March".
    fn day_month_date(&self, i: usize) -> Option<Step<'a>> {
        let d = self.day_of(i)?;
        let mut k = i + 1;
        if self
            .glued_tok(k)
            .is_some_and(|s| matches!(s.text, "st" | "nd" | "rd" | "th"))
        {
            k += 1;
        }
        let mt = self
            .near(k)
            .filter(|t| t.gap == Gap::Space && Self::is_cap(t))?;
        let (m, abbr) = match mt.lex {
            Lex::Month(m) => (m, false),
            Lex::MonthAbbr(m) => (m, true),
            _ => return None,
        };
        if self.glued_before_is_identifier(i) {
            return None;
        }
        let mut end_tok = k + 1;
        if self.glued(end_tok, ".") && abbr {
            end_tok += 1;
        } else if abbr && !matches!(mt.text, "Sept" | "Sep") {
            return None;
        }
        // "May" after a number is a month only with a year or clear date context.
        if mt.text == "May" && self.year_of(end_tok).is_none() {
            return None;
        }
        let mut y = None;
        if self.tok(end_tok).is_some_and(|t| t.gap == Gap::Space) {
            if let Some(yv) = self.year_of(end_tok) {
                y = Some(yv);
                end_tok += 1;
            }
        }
        let v = Self::date_value(y, m, Some(d))?;
        let item = self.date_item(self.toks[i].start, self.toks[end_tok - 1].end, v);
        Some(Step::Emit(vec![item], end_tok))
    }

    /// "2024-05-17".
    fn iso_date(&self, i: usize) -> Option<Step<'a>> {
        let y = self.year_of(i)?;
        if !self.glued(i + 1, "-") {
            return None;
        }
        let m = self
            .glued_tok(i + 2)
            .filter(|t| t.kind == TokKind::Num && t.text.len() == 2)?;
        if !self.glued(i + 3, "-") {
            return None;
        }
        let d = self
            .glued_tok(i + 4)
            .filter(|t| t.kind == TokKind::Num && t.text.len() == 2)?;
        if self
            .glued_tok(i + 5)
            .is_some_and(|t| t.kind != TokKind::Punct)
        {
            return None;
        }
        let m: u8 = m.text.parse().ok().filter(|m| (1..=12).contains(m))?;
        let d: u32 = d.text.parse().ok()?;
        let v = Self::date_value(Some(y), m, Some(d))?;
        let item = self.date_item(self.toks[i].start, self.toks[i + 4].end, v);
        Some(Step::Emit(vec![item], i + 5))
    }

    // -- ranges ----------------------------------------------------------------

    /// The text between two items is a range connector: "-", "–", "to", "or",
    /// "and" after "between".
    fn connector(&self, a: &Item<'a>, b: &Item<'a>) -> bool {
        let Some(between) = self.text.get(a.end..b.start) else {
            return false;
        };
        let w = between.trim();
        if between.contains('\n') {
            return false;
        }
        match w {
            "-" | "–" | "—" | "‑" => true,
            _ if w.eq_ignore_ascii_case("to") || w.eq_ignore_ascii_case("or") => true,
            _ if w.eq_ignore_ascii_case("and") => {
                let before = self.text[..a.start].trim_end();
                before.len() >= 7
                    && before.is_char_boundary(before.len() - 7)
                    && before[before.len() - 7..].eq_ignore_ascii_case("between")
            }
            _ => false,
        }
    }

    /// Ranges: the first number takes the kind, unit and shared scale of the
    /// second ("$5–$7 billion", "between 3 and 5 percent", "1.5 to 2 meters").
    fn link_ranges(&self, items: &mut [Item<'a>]) {
        for n in 1..items.len() {
            let (left, right) = items.split_at_mut(n);
            let a = &mut left[n - 1];
            let b = &mut right[0];
            if !self.connector(a, b) {
                continue;
            }
            // "$5 to 7 billion": the second takes the currency.
            if a.kind == NumberKind::Money && b.bare && b.kind == NumberKind::Cardinal {
                b.kind = NumberKind::Money;
                b.unit = a.unit;
                b.bare = false;
            }
            let shares_kind = matches!(
                b.kind,
                NumberKind::Money | NumberKind::Percent | NumberKind::Quantity
            );
            if a.bare && shares_kind && matches!(a.kind, NumberKind::Cardinal | NumberKind::Year) {
                a.kind = b.kind;
                a.unit = b.unit;
            } else if !(a.bare || a.kind == b.kind) {
                continue;
            }
            // A shared scale.
            if b.scaled
                && !a.scaled
                && a.mant() < 1000.0
                && a.mant() <= b.mant()
                && a.kind == b.kind
            {
                let e = b.exp();
                a.add_exp(e);
                a.scaled = true;
            }
        }
    }

    /// "Oct. 20 and 22", "Oct. 20 to 22": the second day takes the month.
    fn link_dates(&self, items: &mut [Item<'a>]) {
        for n in 1..items.len() {
            let (left, right) = items.split_at_mut(n);
            let (a, b) = (&left[n - 1], &mut right[0]);
            let Val::Date(date) = &a.val else { continue };
            if date.len() != 10 || b.kind != NumberKind::Cardinal || !b.bare || b.scaled {
                continue;
            }
            let between = self.text.get(a.end..b.start).unwrap_or("").trim();
            if !(matches!(between, "-" | "–" | "and" | "to" | "or" | "through")) {
                continue;
            }
            let day: u32 = date[8..].parse().unwrap_or(99);
            let Some(d2) = b
                .val
                .number()
                .filter(|v| v.fract() == 0.0 && *v >= 1.0 && *v <= 31.0)
            else {
                continue;
            };
            if (d2 as u32) <= day {
                continue;
            }
            let m: u8 = date[5..7].parse().unwrap_or(0);
            let y: Option<u32> = date[..4].parse().ok();
            if let Some(v) = Self::date_value(y, m, Some(d2 as u32)) {
                b.kind = NumberKind::Date;
                b.val = Val::Date(v);
                b.bare = false;
            }
        }
    }

    /// "185 kilometers (115 miles) per hour": both are speeds.
    fn link_speeds(&self, items: &mut [Item<'a>]) {
        for n in 1..items.len() {
            let (left, right) = items.split_at_mut(n);
            let (a, b) = (&mut left[n - 1], &mut right[0]);
            let pair = matches!(
                (a.unit, b.unit),
                (Some("kilometer"), Some("mile")) | (Some("mile"), Some("kilometer"))
            );
            if !pair || self.text.get(a.end..b.start).map(str::trim) != Some("(") {
                continue;
            }
            let after = self.text[b.end..].trim_start_matches(')').trim_start();
            let speed = ["per hour", "an hour", "a hour", "/h"].iter().any(|p| {
                after.len() >= p.len()
                    && after.is_char_boundary(p.len())
                    && after[..p.len()].eq_ignore_ascii_case(p)
            });
            if speed && self.text[b.end..].starts_with(')') {
                for it in [a, b] {
                    it.unit = Some(if it.unit == Some("mile") {
                        "mile per hour"
                    } else {
                        "kilometer per hour"
                    });
                }
            }
        }
    }

    /// "a 107 million loss" in a story that has named its currency.
    fn implied_money(&self, items: &mut [Item<'a>]) {
        let mut last_currency: Option<&'static str> = None;
        let first_currency = items
            .iter()
            .find(|it| it.kind == NumberKind::Money)
            .and_then(|it| it.unit);
        for it in items.iter_mut() {
            if it.kind == NumberKind::Money {
                last_currency = it.unit;
                continue;
            }
            if it.kind != NumberKind::Cardinal || !it.scaled || !it.bare {
                continue;
            }
            let rest = &self.text[it.end..];
            let next_word: &str = rest
                .trim_start_matches([' ', '\u{a0}'])
                .split(|c: char| !(c.is_alphabetic() || c == '-'))
                .next()
                .unwrap_or("");
            if in_list(next_word, MONEY_NOUNS) {
                if let Some(c) = last_currency.or(first_currency) {
                    it.kind = NumberKind::Money;
                    it.unit = Some(c);
                }
            }
        }
    }
}
