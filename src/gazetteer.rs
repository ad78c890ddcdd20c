//! The bundled word lists of `data/gazetteer`, parsed once.
//!
//! The lists are written from facts about the world (countries, capitals and
//! major cities, regions, international organisations, news outlets, common
//! first names, titles, the words that end names of each type), not from
//! the corpus, so that rules built on them carry over to news the corpus
//! does not hold. They are compiled into the binary: an extractor never
//! reads a file at run time.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use crate::schema::EntityType;
use crate::text::words::after_last_space;

const COUNTRIES: &str = include_str!("../data/gazetteer/countries.tsv");
const PLACES: &str = include_str!("../data/gazetteer/places.tsv");
const ORGANIZATIONS: &str = include_str!("../data/gazetteer/organizations.tsv");
const NORP: &str = include_str!("../data/gazetteer/norp.tsv");
const LANGUAGES: &str = include_str!("../data/gazetteer/languages.tsv");
const FIRST_NAMES: &str = include_str!("../data/gazetteer/first_names.txt");
const AMBIGUOUS_FIRST_NAMES: &str = include_str!("../data/gazetteer/ambiguous_first_names.txt");
const AMBIGUOUS_NAMES: &str = include_str!("../data/gazetteer/ambiguous_entity_names.txt");
const TITLES: &str = include_str!("../data/gazetteer/titles.txt");

/// Words that end a name of a type, with the type (checked longest first).
const SUFFIX_LISTS: &[(&str, EntityType)] = &[
    (
        include_str!("../data/gazetteer/org_suffixes.txt"),
        EntityType::Org,
    ),
    (
        include_str!("../data/gazetteer/fac_suffixes.txt"),
        EntityType::Fac,
    ),
    (
        include_str!("../data/gazetteer/loc_suffixes.txt"),
        EntityType::Loc,
    ),
    (
        include_str!("../data/gazetteer/gpe_suffixes.txt"),
        EntityType::Gpe,
    ),
    (
        include_str!("../data/gazetteer/event_words.txt"),
        EntityType::Event,
    ),
    (
        include_str!("../data/gazetteer/law_words.txt"),
        EntityType::Law,
    ),
    (
        include_str!("../data/gazetteer/product_words.txt"),
        EntityType::Product,
    ),
];

/// Words that begin a name of a type.
const PREFIX_LISTS: &[(&str, EntityType)] = &[
    (
        include_str!("../data/gazetteer/product_prefixes.txt"),
        EntityType::Product,
    ),
    (
        include_str!("../data/gazetteer/event_prefixes.txt"),
        EntityType::Event,
    ),
    (
        include_str!("../data/gazetteer/law_prefixes.txt"),
        EntityType::Law,
    ),
];

/// The hasher of every lexicon map and set, and of the per-document word
/// sets of the extractors: foldhash's fixed-seed hasher, a few times faster
/// than the default SipHash on short words. Keys are bundled lists and
/// words of the text; no output depends on a map's iteration order.
pub type FastHash = foldhash::fast::FixedState;

/// The parsed lists.
#[derive(Debug)]
pub struct Lexicon {
    /// Every listed name and alias with its type (countries, places,
    /// organisations, groups); demonyms are NORP.
    pub names: HashMap<&'static str, EntityType, FastHash>,
    /// Language names.
    pub languages: HashSet<&'static str, FastHash>,
    /// Given names.
    pub first_names: HashSet<&'static str, FastHash>,
    /// Given names that are also common words (Will, Hope, May).
    pub ambiguous_first_names: HashSet<&'static str, FastHash>,
    /// Listed names that are also common words (Turkey, Chad, Shell).
    pub ambiguous_names: HashSet<&'static str, FastHash>,
    /// Titles and roles before a person's name, one or more words each.
    pub titles: HashSet<&'static str, FastHash>,
    /// Final words of typed names, indexed by their last word, longest first.
    suffixes: HashMap<&'static str, Vec<(&'static str, EntityType)>, FastHash>,
    /// First words of typed names, indexed by their first word, longest first.
    prefixes: HashMap<&'static str, Vec<(&'static str, EntityType)>, FastHash>,
}

/// The lines of a list that hold data: no header comments, no blank lines.
fn data_lines(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
}

/// A column's `|`-separated alternatives.
fn alternatives(column: Option<&'static str>) -> impl Iterator<Item = &'static str> {
    column
        .into_iter()
        .flat_map(|c| c.split('|'))
        .map(str::trim)
        .filter(|a| !a.is_empty())
}

impl Lexicon {
    fn parse() -> Self {
        let mut names: HashMap<&'static str, EntityType, FastHash> = HashMap::default();
        // Later lists do not override earlier ones: countries and places win
        // over organisations sharing a name ("Georgia", "Jordan").
        let mut add = |name: &'static str, ty: EntityType| {
            names.entry(name).or_insert(ty);
        };
        for line in data_lines(COUNTRIES) {
            let mut columns = line.split('\t');
            let name = columns.next().unwrap_or_default();
            add(name, EntityType::Gpe);
            alternatives(columns.next()).for_each(|a| add(a, EntityType::Gpe));
            alternatives(columns.next()).for_each(|d| add(d, EntityType::Norp));
        }
        for line in data_lines(PLACES) {
            let mut columns = line.split('\t');
            let name = columns.next().unwrap_or_default();
            let ty = match columns.next() {
                Some("LOC") => EntityType::Loc,
                Some("FAC") => EntityType::Fac,
                _ => EntityType::Gpe,
            };
            add(name, ty);
            alternatives(columns.next()).for_each(|a| add(a, ty));
        }
        for line in data_lines(ORGANIZATIONS) {
            let mut columns = line.split('\t');
            add(columns.next().unwrap_or_default(), EntityType::Org);
            alternatives(columns.next()).for_each(|a| add(a, EntityType::Org));
        }
        for line in data_lines(NORP) {
            let mut columns = line.split('\t');
            add(columns.next().unwrap_or_default(), EntityType::Norp);
            alternatives(columns.next()).for_each(|a| add(a, EntityType::Norp));
        }
        let languages = data_lines(LANGUAGES)
            .flat_map(|l| alternatives(Some(l)))
            .collect();
        let words = |list: &'static str| {
            data_lines(list)
                .map(str::trim)
                .collect::<HashSet<_, FastHash>>()
        };
        // Each list indexed by one of its words, longest entries first.
        let index = |lists: &[(&'static str, EntityType)],
                     key: fn(&'static str) -> &'static str| {
            let mut out: HashMap<&'static str, Vec<(&'static str, EntityType)>, FastHash> =
                HashMap::default();
            for (list, ty) in lists {
                for w in data_lines(list).map(str::trim) {
                    out.entry(key(w)).or_default().push((w, *ty));
                }
            }
            for entries in out.values_mut() {
                entries.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
            }
            out
        };
        Lexicon {
            names,
            languages,
            first_names: words(FIRST_NAMES),
            ambiguous_first_names: words(AMBIGUOUS_FIRST_NAMES),
            ambiguous_names: words(AMBIGUOUS_NAMES),
            titles: words(TITLES),
            suffixes: index(SUFFIX_LISTS, after_last_space),
            prefixes: index(PREFIX_LISTS, |w| w.split([' ', '-']).next().unwrap_or(w)),
        }
    }

    /// The type a name's final words signal ("Harbin Institute of Technology" → ORG).
    pub fn suffix_type(&self, name: &str) -> Option<EntityType> {
        let last = after_last_space(name);
        self.suffixes
            .get(last)?
            .iter()
            .find(|(s, _)| {
                name.len() > s.len()
                    && name.ends_with(s)
                    && name[..name.len() - s.len()].ends_with(' ')
            })
            .map(|(_, ty)| *ty)
    }

    /// The type a name's first words signal ("Boeing 737" → PRODUCT).
    pub fn prefix_type(&self, name: &str) -> Option<EntityType> {
        let first = first_word(name);
        self.prefixes
            .get(first)?
            .iter()
            .find(|(p, _)| {
                name.starts_with(p)
                    && (name.len() == p.len() || name[p.len()..].starts_with([' ', '-']))
            })
            .map(|(_, ty)| *ty)
    }

    /// Whether a name starts with a given name that is not also a common word.
    pub fn starts_with_first_name(&self, name: &str) -> bool {
        let mut words = name.split_whitespace();
        let first = words.next().unwrap_or_default();
        self.first_names.contains(first)
            && (words.next().is_some() || !self.ambiguous_first_names.contains(first))
    }
}

/// A name's first word, up to a space or a hyphen: both ASCII, so found by
/// byte rather than by splitting the name at either character.
fn first_word(name: &str) -> &str {
    &name[..name
        .bytes()
        .position(|b| b == b' ' || b == b'-')
        .unwrap_or(name.len())]
}

/// The lists, parsed on first use.
pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::parse);

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The first word found by byte is the first piece of a split at either character.
        #[test]
        fn first_word_by_byte_matches_the_split(name in "[aB é\\-ü’]{0,12}") {
            let split = name.split([' ', '-']).next().unwrap_or_default();
            proptest::prop_assert_eq!(first_word(&name), split);
        }
    }

    #[test]
    fn lists_parse_into_the_types_they_declare() {
        let l = &*LEXICON;
        assert_eq!(l.names.get("France"), Some(&EntityType::Gpe));
        assert_eq!(l.names.get("French"), Some(&EntityType::Norp));
        assert_eq!(l.names.get("NATO"), Some(&EntityType::Org));
        assert_eq!(l.names.get("Europe"), Some(&EntityType::Loc));
        assert!(l.languages.contains("Swahili"));
        assert!(l.first_names.contains("Ana") && l.titles.contains("Foreign Minister"));
        assert_eq!(l.suffix_type("Harvard University"), Some(EntityType::Org));
        assert_eq!(l.suffix_type("Golden Gate Bridge"), Some(EntityType::Fac));
        assert_eq!(l.prefix_type("Boeing 737"), Some(EntityType::Product));
        assert!(
            l.starts_with_first_name("Ana Ruiz") && !l.starts_with_first_name("Northwind Energy")
        );
    }
}
