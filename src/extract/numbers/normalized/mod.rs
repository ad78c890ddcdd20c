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
//! **Layout.** One file per concern, as ruff groups rules: `tokens` (the
//! token stream), `lexicon` (number words and word lists), `values` (number
//! phrases, fractions, ordinals, percentages), `currency`, `units`, `dates`
//! (years, clock times, dates), `ranges` (pairs that share kind and unit), and
//! `context` (what is read once per document); this file dispatches.
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
use crate::text::chars::vulgar_fraction;

mod context;
mod currency;
mod dates;
mod lexicon;
mod ranges;
mod tokens;
mod units;
mod values;

use context::*;
use currency::*;
use lexicon::*;
use tokens::*;
use units::*;
use values::*;

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
        t.shape.starts_upper()
    }

    /// A capital anywhere: "Boeing", "iPhone", "DAX".
    fn has_capital(t: &Tok<'_>) -> bool {
        t.shape.has_upper()
    }

    fn is_lower_word(t: &Tok<'_>) -> bool {
        t.shape.starts_lower(t.text)
    }

    /// Whether token `i` opens a sentence (the text layer's splitter, lines
    /// included) or a clause: after a colon, a semicolon, a dash, or an
    /// opening quotation mark or bracket.
    fn sentence_start(&self, i: usize) -> bool {
        let Some(t) = self.tok(i) else { return false };
        if t.sentence_start || i == 0 || t.gap == Gap::Break {
            return true;
        }
        let prev = &self.toks[i - 1];
        prev.kind == TokKind::Punct
            && matches!(
                prev.text,
                ":" | ";" | "“" | "\"" | "‘" | "«" | "(" | "[" | "—" | "–" | "'"
            )
    }

    /// Whether a capitalised word at `i` (not a sentence opener) is part of a name.
    fn capitalised_in_name(&self, i: usize) -> bool {
        let t = &self.toks[i];
        Self::is_cap(t) && !self.sentence_start(i)
    }

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
            let mut item = Item::money(
                start,
                self.toks[end_tok - 1].end,
                phrase.val(negative),
                code,
                phrase.scaled,
            );
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
}
