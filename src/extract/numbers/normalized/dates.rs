//! Years, decades, clock times and dates with their normalised values.

use super::*;

impl<'t, 'a> Scanner<'t, 'a> {
    /// "0546 GMT", "1430 UTC": hours and minutes on a 24-hour clock.
    pub(super) fn military_time(&self, i: usize) -> Option<Item<'a>> {
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

    /// Whether the plain digits at `i` are a year.
    pub(super) fn is_year(&self, i: usize, p: &Phrase<'a>) -> bool {
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
                .is_some_and(|w| in_list(w.text, &YEAR_CONTEXT))
    }

    /// "2023-24", "2019/20": a year and the year its last two digits name.
    pub(super) fn year_pair(&self, i: usize) -> Option<Step<'a>> {
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
    pub(super) fn apostrophe_decade(&self, i: usize) -> Option<Step<'a>> {
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

    /// End token of "a.m."/"p.m."/"am"/"PM" starting at `k`.
    pub(super) fn am_pm(&self, k: usize) -> Option<usize> {
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

    pub(super) fn is_pm(&self, k: usize) -> bool {
        self.tok(k).is_some_and(|t| t.text.starts_with(['p', 'P']))
    }

    pub(super) fn clock_item(
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
    pub(super) fn clock_colon(
        &self,
        i: usize,
        start: usize,
        p: &Phrase<'a>,
        j: usize,
    ) -> Option<Step<'a>> {
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

    pub(super) fn day_of(&self, k: usize) -> Option<u32> {
        let t = self.tok(k)?;
        if t.kind != TokKind::Num || t.text.len() > 2 || t.text.contains([',', '.']) {
            return None;
        }
        let d: u32 = t.text.parse().ok()?;
        (1..=31).contains(&d).then_some(d)
    }

    pub(super) fn year_of(&self, k: usize) -> Option<u32> {
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
    pub(super) fn continues_as_amount(&self, k: usize) -> bool {
        self.percent_sign(k + 1).is_some()
            || self.near(k + 1).is_some_and(|n| {
                matches!(n.lex, Lex::Scale(_))
                    || (n.gap == Gap::Glued
                        && n.kind == TokKind::Word
                        && !matches!(n.text, "st" | "nd" | "rd" | "th"))
            })
            || self.unit_after(k + 1, 0).is_some_and(|(u, _)| u != "year")
    }

    pub(super) fn date_value(y: Option<u32>, m: u8, d: Option<u32>) -> Option<String> {
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

    pub(super) fn date_item(&self, start: usize, end: usize, value: String) -> Item<'a> {
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
    pub(super) fn month_date(&self, i: usize, m: u8, abbr: bool) -> Option<Step<'a>> {
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
    pub(super) fn day_month_date(&self, i: usize) -> Option<Step<'a>> {
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
    pub(super) fn iso_date(&self, i: usize) -> Option<Step<'a>> {
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
}
