//! A candidate's type from the lists, its shape and the words around it.

use super::*;
use crate::text::lists::{word_list, word_set};
use std::cell::RefCell;

/// First words of names that signal their type, in the languages news
/// quotes names from ("Club Atlético", "Estadio Azteca", "Copa América").
pub(super) static HEAD_WORDS: LazyLock<Vec<(&'static str, EntityType)>> = LazyLock::new(|| {
    crate::text::lists::entries(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/entities/head_words.tsv"
    )))
    .into_iter()
    .map(|line| {
        let (word, label) = line
            .split_once('\t')
            .expect("head_words.tsv: word, TAB, type");
        let ty = EntityType::from_label(label).expect("head_words.tsv: an OntoNotes type");
        (word, ty)
    })
    .collect()
});

/// [`HEAD_WORDS`] hashed, each word with its first type in the list: asked
/// about every name of two words or more.
pub(super) static HEAD_WORD_TYPES: LazyLock<HashMap<&'static str, EntityType, FastHash>> =
    LazyLock::new(|| {
        let mut types: HashMap<&'static str, EntityType, FastHash> = HashMap::default();
        for &(word, ty) in HEAD_WORDS.iter() {
            types.entry(word).or_insert(ty);
        }
        types
    });

word_list!(
    /// Words right after a name that make it the subject of speech.
    pub(super) SPEECH_VERBS, "entities/speech_verbs.txt"
);

word_set!(
    /// Nouns for organisations, before or in an apposition after a name.
    pub(super) ORG_NOUNS, "entities/organisation_nouns.txt"
);

word_list!(
    /// Words that mark the next name as a place.
    pub(super) LOCATIVES, "entities/locatives.txt"
);

/// The words of a text with a space on both sides (its pieces between
/// spaces, bar the first and last): the reference [`SpacedWords`] is held to.
#[cfg(test)]
pub(super) fn spaced_words_of(text: &str) -> WordSet<'_> {
    let pieces: Vec<&str> = text.split(' ').collect();
    let inner = pieces.len().saturating_sub(2);
    pieces.into_iter().skip(1).take(inner).collect()
}

/// Whether a word stands with a space on both sides somewhere in a text,
/// searched for once per word and document. Only listed names that are
/// also common words are asked about, so the searches per document are
/// bounded by that list, and a set of every word of the text (the former
/// way) would cost more than they do.
pub(super) struct SpacedWords<'a> {
    text: &'a str,
    answers: RefCell<HashMap<String, bool, FastHash>>,
}

impl<'a> SpacedWords<'a> {
    /// No word asked about yet.
    pub(super) fn new(text: &'a str) -> Self {
        SpacedWords {
            text,
            answers: RefCell::default(),
        }
    }

    /// Whether `word`, which holds no space, stands between two spaces.
    pub(super) fn contains(&self, word: &str) -> bool {
        if let Some(&known) = self.answers.borrow().get(word) {
            return known;
        }
        let spaced =
            memchr::memmem::find(self.text.as_bytes(), format!(" {word} ").as_bytes()).is_some();
        self.answers.borrow_mut().insert(word.to_string(), spaced);
        spaced
    }
}

/// Whether a character ends the last word before a name: neither
/// alphanumeric nor a hyphen.
fn ends_word(c: char) -> bool {
    !c.is_alphanumeric() && c != '-'
}

/// The last word of `tail.to_lowercase()` (after its last [`ends_word`]
/// character), lower-casing only that word when it is ASCII and the
/// character before it stays a word's end in lower case.
pub(super) fn last_word_lower(tail: &str) -> String {
    let (end, word) = match tail.rfind(ends_word) {
        Some(at) => {
            let end = tail[at..].chars().next();
            (end, &tail[at + end.map_or(0, char::len_utf8)..])
        }
        None => (None, tail),
    };
    if word.is_ascii() && end.is_none_or(|c| c.to_lowercase().last().is_some_and(ends_word)) {
        return word.to_ascii_lowercase();
    }
    reference_last_word_lower(tail)
}

/// The last word of `tail.to_lowercase()`, by lower-casing all of it.
fn reference_last_word_lower(tail: &str) -> String {
    tail.to_lowercase()
        .rsplit(ends_word)
        .next()
        .unwrap_or("")
        .to_string()
}

/// A candidate's type from the lists, its shape and its context.
pub(super) fn classify<'a>(
    text: &'a str,
    span: Span,
    listed: &HashMap<Span, EntityType, FastHash>,
    spaced_words: &SpacedWords<'a>,
    sentences: &Sentences,
) -> Option<EntityType> {
    let name = &text[span.start..span.end];
    let lookup = |n: &str| -> Option<EntityType> {
        LEXICON.names.get(n).copied().or_else(|| {
            LEXICON
                .languages
                .contains(n)
                .then_some(EntityType::Language)
        })
    };
    let upper = name
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
        && name.chars().filter(|c| c.is_alphabetic()).count() > 3;
    let known = listed
        .get(&span)
        .copied()
        .or_else(|| lookup(name))
        .or_else(|| upper.then(|| lookup(&title_case(name))).flatten());
    let before = text[..span.start].trim_end();
    let after = &text[span.end..];
    // The words on either side, read only where a rule asks (most listed names return first).
    let previous_word_of = || {
        before
            .rsplit(|c: char| !c.is_alphanumeric() && c != '-')
            .next()
            .unwrap_or("")
    };
    let next_word_of = || {
        after
            .trim_start()
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
    };

    // Languages: a listed language read as one in context, else its other sense.
    if LEXICON.languages.contains(name) {
        let (previous_word, next_word) = (previous_word_of(), next_word_of());
        let followed_by_noun = after.starts_with(' ')
            && next_word.chars().next().is_some_and(char::is_alphabetic)
            && ![
                "and", "or", "to", "with", "at", "on", "for", "by", "but", "as", "than", "is",
                "was", "were", "are",
            ]
            .contains(&next_word);
        let as_language = ["in", "speak", "speaks", "spoke", "speaking", "into", "from"]
            .contains(&previous_word.to_lowercase().as_str())
            && !followed_by_noun
            || after.starts_with("-language")
            || [
                "speakers",
                "word",
                "words",
                "translation",
                "language",
                "version",
                "subtitles",
            ]
            .contains(&next_word);
        if as_language || known.is_none() {
            return Some(EntityType::Language);
        }
    }
    if let Some(ty) = known {
        // "Turkey" at a sentence start is a country unless the text also uses "turkey".
        let lone_common_word = !name.contains(' ')
            && LEXICON.ambiguous_names.contains(name)
            && sentence_initial(text, sentences, span.start)
            && spaced_words.contains(name.to_lowercase().as_str());
        return (!lone_common_word).then_some(ty);
    }
    let (previous_word, next_word) = (previous_word_of(), next_word_of());
    if name == "I" || name.starts_with("I’") || name.starts_with("I'") {
        return None;
    }
    // "World War II", "Apollo 11": a closing numeral does not hide the name's last word.
    let core = name
        .rsplit_once(' ')
        .filter(|(_, last)| {
            last.chars().all(|c| "IVX".contains(c)) || last.chars().all(|c| c.is_ascii_digit())
        })
        .map_or(name, |(core, _)| core);
    if let Some(ty) = LEXICON
        .suffix_type(core)
        .or_else(|| LEXICON.prefix_type(name))
    {
        return Some(ty);
    }
    let first = name.split_whitespace().next().unwrap_or_default();
    if name.contains(' ') {
        if let Some(ty) = HEAD_WORD_TYPES.get(first) {
            return Some(*ty);
        }
    }
    // "University of Nairobi", "Bank of England": the word before "of" decides.
    if let Some(head) = of_at(name).map(|i| &name[..i]) {
        if let Some(ty) = LEXICON.suffix_type(&format!("_ {head}")) {
            return Some(ty);
        }
    }
    // Hyphenated compounds of names, typed by their first part.
    if name.contains('-') && !name.contains(' ') {
        let parts: Vec<&str> = name.split('-').collect();
        if parts
            .iter()
            .all(|p| p.chars().next().is_some_and(char::is_uppercase))
        {
            if let Some(ty) = parts.iter().find_map(|p| lookup(p)) {
                return Some(ty);
            }
        }
    }
    let words = name.split_whitespace().count();
    let mut tail_start = before.len().saturating_sub(48);
    while !before.is_char_boundary(tail_start) {
        tail_start += 1;
    }
    // The word right before the name, lower-cased: a role or an organisation noun?
    let last_word_before = last_word_lower(&before[tail_start..]);
    let role_before = ROLE_NOUN_SET.contains(last_word_before.as_str());
    let org_before = ORG_NOUNS.contains(last_word_before.as_str());
    let org_after = after.strip_prefix(", ").is_some_and(|a| {
        let clause: Vec<&str> = a
            .split([',', '.'])
            .next()
            .unwrap_or("")
            .split_whitespace()
            .collect();
        clause.len() <= 8
            && ["a", "an", "the"].contains(&clause.first().copied().unwrap_or(""))
            && clause.iter().any(|w| ORG_NOUNS.contains(w))
    });
    if org_before || org_after {
        return Some(EntityType::Org);
    }
    let person_cue = LEXICON.starts_with_first_name(name)
        || upper && LEXICON.starts_with_first_name(&title_case(name))
        || role_before
        || SPEECH_VERBS.contains(&previous_word) && words >= 2
        || LEXICON.titles.contains(previous_word)
        || before.ends_with('.')
            && LEXICON
                .titles
                .contains(&before[before.rfind([' ', '\n']).map_or(0, |p| p + 1)..])
        || after.strip_prefix(", ").is_some_and(|a| {
            a.split(',').next().is_some_and(|age| {
                (1..=3).contains(&age.len()) && age.bytes().all(|b| b.is_ascii_digit())
            })
        })
        || SPEECH_VERBS.contains(&next_word);
    if person_cue {
        return Some(EntityType::Person);
    }
    if words == 1 {
        let lower = name.to_lowercase();
        if ["ian", "ese", "ish", "ean", "ani", "iot", "ians", "eses"]
            .iter()
            .any(|s| lower.ends_with(s))
            && name.len() > 5
        {
            return Some(EntityType::Norp);
        }
        if LOCATIVES.contains(&previous_word) {
            return Some(EntityType::Gpe);
        }
        return None;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Lower-casing the last word alone gives the last word of the lower-cased text.
        #[test]
        fn last_word_lowered_alone_matches_lowering_everything(
            tail in "[aZé İΣ’“.\\-,5ⒶⅠ\u{301}]{0,12}",
        ) {
            proptest::prop_assert_eq!(last_word_lower(&tail), reference_last_word_lower(&tail));
        }

        /// The same on arbitrary text.
        #[test]
        fn last_word_lowered_alone_matches_on_any_text(tail in "\\PC{0,16}") {
            proptest::prop_assert_eq!(last_word_lower(&tail), reference_last_word_lower(&tail));
        }
    }

    #[test]
    fn last_word_before_a_name_is_lower_cased() {
        assert_eq!(
            last_word_lower("the club’s Chief-Executive"),
            "chief-executive"
        );
        assert_eq!(last_word_lower("by “Minister"), "minister");
        assert_eq!(last_word_lower(""), "");
    }
}
