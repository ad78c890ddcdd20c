//! Units of quantities: spelled, abbreviated and compound units after a
//! number, with their canonical names from the closed list.

use super::*;

/// Spelled unit words, matched ignoring case.
pub(super) static UNIT_WORDS: LazyLock<FastMap<&'static str, &'static str>> = LazyLock::new(|| {
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
pub(super) static UNIT_ABBREVIATIONS: LazyLock<FastMap<&'static str, &'static str>> =
    LazyLock::new(|| {
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

pub(super) fn unit_word(word: &str) -> Option<&'static str> {
    if word.len() > 12 {
        return None;
    }
    with_lower(word, |w| UNIT_WORDS.get(w).copied())
}

impl<'t, 'a> Scanner<'t, 'a> {
    /// A unit after a number at token `k`: spaced ("27 years", "1.1 degrees
    /// Celsius", "33 Earth days") or hyphenated ("two-day", "71-year-old",
    /// "500-cubic-meter"). Returns the unit and the end token.
    pub(super) fn unit_after(&self, k: usize, pos: usize) -> Option<(&'static str, usize)> {
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

    pub(super) fn default_degree(&self, pos: usize) -> &'static str {
        if self.ctx.fahrenheit_at(pos) {
            "degree fahrenheit"
        } else {
            "degree celsius"
        }
    }

    /// The unit words from `k`; in a hyphenated compound every word is glued
    /// after a hyphen.
    pub(super) fn unit_words(
        &self,
        k: usize,
        hyphen: bool,
        pos: usize,
    ) -> Option<(&'static str, usize)> {
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
    pub(super) fn unit_tail(&self, unit: &'static str, k: usize) -> (&'static str, usize) {
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
    pub(super) fn magnitude_first(&self, i: usize) -> Option<Step<'a>> {
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
}
