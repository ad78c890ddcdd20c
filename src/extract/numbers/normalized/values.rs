//! Values: number phrases in digits and words, scales, fractions, ordinals,
//! percentages, and the traps that make a number part of a name.

use super::*;

/// A numeric value kept as written until the end, so that "1.09 billion"
/// becomes exactly 1090000000 (parsed from "1.09e9", never multiplied).
#[derive(Clone, Debug)]
pub(super) enum Val<'a> {
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
    pub(super) fn plain(v: f64) -> Self {
        Val::Num {
            digits: None,
            mant: v,
            exp: 0,
            neg: false,
        }
    }

    /// A value written in digits.
    pub(super) fn digits(d: &'a str) -> Self {
        Val::Num {
            digits: Some(d),
            mant: d.replace(',', "").parse().unwrap_or(f64::NAN),
            exp: 0,
            neg: false,
        }
    }

    /// The final value; `None` when it is not finite.
    pub(super) fn number(&self) -> Option<f64> {
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
pub(super) struct Item<'a> {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: NumberKind,
    pub(super) val: Val<'a>,
    pub(super) unit: Option<&'static str>,
    /// A plain number with no unit, currency or sign of its own.
    pub(super) bare: bool,
    /// Whether a scale word is part of it.
    pub(super) scaled: bool,
}

impl<'a> Item<'a> {
    /// An item with no unit, not bare, not scaled.
    pub(super) fn new(start: usize, end: usize, kind: NumberKind, val: Val<'a>) -> Self {
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

    /// Money in `code`, scaled or not ("96 billion rupees").
    pub(super) fn money(
        start: usize,
        end: usize,
        val: Val<'a>,
        code: &'static str,
        scaled: bool,
    ) -> Self {
        Item {
            scaled,
            ..Item::new(start, end, NumberKind::Money, val).with_unit(code)
        }
    }

    pub(super) fn with_unit(mut self, unit: &'static str) -> Self {
        self.unit = Some(unit);
        self
    }

    pub(super) fn mant(&self) -> f64 {
        match &self.val {
            Val::Num { mant, .. } => *mant,
            Val::Date(_) => 0.0,
        }
    }

    pub(super) fn exp(&self) -> i32 {
        match &self.val {
            Val::Num { exp, .. } => *exp,
            Val::Date(_) => 0,
        }
    }

    pub(super) fn add_exp(&mut self, by: i32) {
        if let Val::Num { exp, .. } = &mut self.val {
            *exp += by;
        }
    }
}

/// A number read from digits or words, before its kind is known.
#[derive(Clone, Debug)]
pub(super) struct Phrase<'a> {
    /// First token.
    pub(super) first: usize,
    /// One past the last token.
    pub(super) next: usize,
    pub(super) digits: Option<&'a str>,
    pub(super) mant: f64,
    pub(super) exp: i32,
    /// Read from digits alone: one token, no scale, no fraction.
    pub(super) plain_digits: bool,
    /// Read from words.
    pub(super) words: bool,
    /// A fraction ("two thirds", "half").
    pub(super) fraction: bool,
    pub(super) scaled: bool,
}

impl<'a> Phrase<'a> {
    /// A phrase of number words over tokens `first..next`: `mant`×10^`exp`.
    fn words(first: usize, next: usize, mant: f64, exp: i32, fraction: bool, scaled: bool) -> Self {
        Phrase {
            first,
            next,
            digits: None,
            mant,
            exp,
            plain_digits: false,
            words: true,
            fraction,
            scaled,
        }
    }

    pub(super) fn val(&self, neg: bool) -> Val<'a> {
        Val::Num {
            digits: self.digits,
            mant: self.mant,
            exp: self.exp,
            neg,
        }
    }
}

pub(super) enum Step<'a> {
    /// Emit these items and continue at the token index.
    Emit(Vec<Item<'a>>, usize),
    /// Take nothing and continue at the token index.
    Skip(usize),
}

impl<'t, 'a> Scanner<'t, 'a> {
    /// Reads digits or number words at `i`, with scale words, "and a half",
    /// "dozen" and fractions.
    pub(super) fn phrase(&self, i: usize) -> Option<Phrase<'a>> {
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
    pub(super) fn scales(&self, p: &mut Phrase<'a>) {
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
    pub(super) fn spaced_slash_fraction(&self, k: usize) -> Option<(f64, usize)> {
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
    pub(super) fn slash_fraction(&self, i: usize, p: &Phrase<'a>) -> Option<Step<'a>> {
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

    pub(super) fn standalone_fraction(&self, i: usize, v: f64) -> Option<Step<'a>> {
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
    pub(super) fn word_phrase(&self, i: usize) -> Option<Phrase<'a>> {
        let t = self.toks[i];
        let mk = |next: usize, mant: f64, exp: i32, fraction: bool, scaled: bool| {
            Phrase::words(i, next, mant, exp, fraction, scaled)
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
                    if in_list(p.text, &HALF_NOUN_BEFORE) {
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
    pub(super) fn fraction_or_half(&self, mut p: Phrase<'a>) -> Phrase<'a> {
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
    pub(super) fn cardinal_words(&self, i: usize, seed: u64) -> Option<Phrase<'a>> {
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
        Some(Phrase::words(
            i,
            next,
            mant,
            exp,
            false,
            last_scale != i32::MAX,
        ))
    }

    /// Whether "a third"/"a fifth"/"a quarter" at the token before `k` is a fraction.
    pub(super) fn fraction_follows(&self, k: usize) -> bool {
        match self.tok(k) {
            None => true,
            Some(n) if n.gap == Gap::Break => true,
            Some(n) if n.kind == TokKind::Punct => !Self::is_dash(n.text) || n.gap != Gap::Glued,
            Some(n) if n.kind == TokKind::Word => in_list(n.text, &FRACTION_FOLLOWERS),
            Some(_) => false,
        }
    }

    /// Number words that are not numbers here: the pronoun "one", "one another".
    pub(super) fn word_number_traps(&self, i: usize, p: &Phrase<'a>) -> Option<Step<'a>> {
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
                if in_list(prev.text, &ONE_PRONOUN_BEFORE) {
                    return Some(Step::Skip(i + 1));
                }
                // "the one who", "the last one held", "a new one."; but "only one left".
                let determined = in_list(prev.text, &ONE_PRONOUN_DETERMINERS)
                    || (in_list(prev.text, &ONE_PRONOUN_ADJECTIVES)
                        && i >= 2
                        && self
                            .prev_word(i - 1)
                            .is_some_and(|d| in_list(d.text, &ONE_PRONOUN_DETERMINERS)));
                if determined {
                    let pronoun = match next_word {
                        None => true,
                        Some(n) => {
                            in_list(n.text, &ONE_PRONOUN_AFTER_THE)
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
    pub(super) fn digits_with_suffix(
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
                let item = Item::money(
                    start,
                    self.toks[end_tok - 1].end,
                    phrase.val(negative),
                    code,
                    phrase.scaled,
                );
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
    pub(super) fn glued_before_is_identifier(&self, i: usize) -> bool {
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
    pub(super) fn is_name_number(&self, i: usize, j: usize) -> bool {
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
    pub(super) fn is_address(&self, j: usize) -> bool {
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

    /// A page or photo counter alone on its line: "1/16".
    pub(super) fn slash_counter(&self, i: usize) -> Option<Step<'a>> {
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

    pub(super) fn ordinal_word(&self, i: usize, n: u32) -> Option<Step<'a>> {
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
                        Some(nx) => in_list(nx.text, &SECOND_NOUN_FOLLOWERS),
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
    pub(super) fn number_sign(&self, i: usize) -> Option<Step<'a>> {
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
                    || in_list(prev.text, &DESIGNATORS))
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

    /// End token of "%", "percent", "per cent", "pct" at `k`.
    pub(super) fn percent_sign(&self, k: usize) -> Option<usize> {
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
}
