//! Word lists as data: each list is a file under `data/` (one entry per
//! line, sorted, unique, opening with a comment that says what it holds;
//! `data/check_word_lists.py` checks them in CI), compiled in with
//! `include_str!` and split into entries once, on first use.

/// The entries of a list file: its lines, bar comments and blank lines.
pub(crate) fn entries(text: &'static str) -> Vec<&'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// `name`: the entries of `data/<file>`, loaded once.
macro_rules! word_list {
    ($(#[$doc:meta])* $vis:vis $name:ident, $file:literal) => {
        $(#[$doc])*
        $vis static $name: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
            $crate::text::lists::entries(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $file)))
        });
    };
}
pub(crate) use word_list;

/// `name`: the entries of `data/<file>` as a hashed set, loaded once, for
/// lists asked about every word (a hash beats comparing strings one by one).
macro_rules! word_set {
    ($(#[$doc:meta])* $vis:vis $name:ident, $file:literal) => {
        $(#[$doc])*
        $vis static $name: std::sync::LazyLock<
            std::collections::HashSet<&'static str, $crate::gazetteer::FastHash>,
        > = std::sync::LazyLock::new(|| {
            $crate::text::lists::entries(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $file)))
                .into_iter()
                .collect()
        });
    };
}
pub(crate) use word_set;

word_list!(
    /// The days of the week, capitalised, sorted.
    pub(crate) WEEKDAYS, "text/weekdays.txt"
);

/// The months, capitalised, each with its number in the year, sorted by name.
pub(crate) static MONTHS: std::sync::LazyLock<Vec<(&'static str, u8)>> =
    std::sync::LazyLock::new(|| {
        entries(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/text/months.tsv"
        )))
        .into_iter()
        .filter_map(|line| {
            let (month, number) = line.split_once('\t')?;
            Some((month, number.parse().ok()?))
        })
        .collect()
    });

/// Days and months: capitalised, but dates rather than names ("May" is
/// checked separately, since it is also a given name).
pub(crate) static CALENDAR: std::sync::LazyLock<
    std::collections::HashSet<&'static str, crate::gazetteer::FastHash>,
> = std::sync::LazyLock::new(|| {
    let months = MONTHS.iter().map(|&(month, _)| month);
    WEEKDAYS
        .iter()
        .copied()
        .chain(months.filter(|&m| m != "May"))
        .collect()
});
word_list!(
    /// Lower-case particles inside or before a surname ("van der Walle",
    /// "de Rocheval"), sorted.
    pub(crate) SURNAME_PARTICLES, "text/surname_particles.txt"
);
word_set!(
    /// Lower-case particles that join two capitalised words into one name
    /// ("Bank of England", "Ludwig van Beethoven").
    pub(crate) NAME_PARTICLES, "text/name_particles.txt"
);
word_list!(
    /// Lower-case role nouns that stand before a person's name ("Chinese
    /// leader Xi Jinping").
    pub(crate) ROLE_NOUNS, "text/role_nouns.txt"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_holds_days_and_months_but_may() {
        assert_eq!(MONTHS.len(), 12);
        assert!(MONTHS.iter().all(|&(_, n)| (1..=12).contains(&n)));
        assert_eq!(CALENDAR.len(), 7 + 11);
        assert!(CALENDAR.contains("Friday") && CALENDAR.contains("March"));
        assert!(!CALENDAR.contains("May"));
    }
}
