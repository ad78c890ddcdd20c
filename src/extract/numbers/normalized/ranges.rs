//! Ranges and pairs: the first number of "$5–$7 billion" or "May 17-18"
//! takes the kind, unit and scale of the second; implied currencies.

use super::*;

impl<'t, 'a> Scanner<'t, 'a> {
    /// The text between two items is a range connector: "-", "–", "to", "or",
    /// "and" after "between".
    pub(super) fn connector(&self, a: &Item<'a>, b: &Item<'a>) -> bool {
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
    pub(super) fn link_ranges(&self, items: &mut [Item<'a>]) {
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
    pub(super) fn link_dates(&self, items: &mut [Item<'a>]) {
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
    pub(super) fn link_speeds(&self, items: &mut [Item<'a>]) {
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
}
