//! Sources: who the words next to a cue name (a name, a pronoun, a
//! description of an organisation or a role, or nobody), and whether a name
//! is a person's.

use super::*;

/// Where a quote's words come from, as read off the text.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Source {
    /// A name in the text.
    Named(Span),
    /// he, she, they, it.
    Pronoun(String),
    /// "the ministry": an organisation named before.
    Organisation(String),
    /// "the judge": a person named before with that role.
    Role(String),
    /// Anonymous or several: a null speaker.
    Nobody,
}

/// "Cerro Ybytú’s official account", "the club's feed": an account speaks
/// for the name that owns it.
fn account_owner(cx: &Context, stem: &str, start: usize) -> Option<Span> {
    let rest = ["account", "feed", "page", "channel", "website"]
        .iter()
        .find_map(|w| stem.strip_suffix(w))?
        .trim_end();
    let rest = rest.strip_suffix("official").unwrap_or(rest).trim_end();
    let owner = rest
        .strip_suffix("’s")
        .or_else(|| rest.strip_suffix("'s"))?;
    cx.name_ending_at(start + owner.len())
}

/// What the last words of `window` say of who speaks: a name, a pronoun, a description.
pub(super) fn describe_tail(cx: &Context, window: Span) -> Option<Source> {
    let stem = cx.text[window.start..window.end].trim_end();
    let end = window.start + stem.len();
    if let Some(name) = cx
        .name_ending_at(end)
        .filter(|n| !is_common_noun(cx.slice(*n)))
    {
        let before = cx.text[window.start..name.start].trim_end();
        let before = before
            .strip_suffix(" the")
            .or_else(|| before.strip_suffix(" The"))
            .unwrap_or(before);
        let last = last_word(before);
        if let Some(preposition) = ["in", "at", "from", "near", "of", "for", "outside", "inside"]
            .into_iter()
            .find(|p| last.eq_ignore_ascii_case(p))
        {
            // "The delegation in Amman said": the subject stands before the preposition.
            return describe_tail(
                cx,
                Span::new(
                    window.start,
                    window.start + before.len() - preposition.len(),
                ),
            );
        }
        let joined = [" and", " or", " both", " &"]
            .iter()
            .any(|j| ends_with_lower(before, j))
            || before.eq_ignore_ascii_case("both");
        return Some(if joined {
            Source::Nobody
        } else {
            Source::Named(name)
        });
    }
    if let Some(owner) = account_owner(cx, stem, window.start) {
        return Some(Source::Named(owner));
    }
    let (first, last) = cx.word_range(window.start, end);
    let words: Vec<&Word<'_>> = cx.words[first..last].iter().rev().take(6).collect();
    let head = words.first()?;
    if head.span.end != end {
        return None;
    }
    // "an official in the department": a description's head comes before its prepositional phrase.
    if let Some(k) = words
        .iter()
        .position(|w| ["in", "at", "from", "with", "for", "of"].contains(&w.lower.as_ref()))
    {
        if k + 1 < words.len() {
            if let Some(source) = describe_noun_phrase(&words[k + 1..]) {
                if !matches!(source, Source::Organisation(_)) || k > 2 {
                    return Some(source);
                }
            }
        }
    }
    // "the EU delegation", "Kenya's health ministry": the organisation named inside.
    if ORGANISATION_HEADS.contains(&head.lower.as_ref()) {
        if let Some(name) = words.iter().skip(1).take(2).find_map(|w| {
            cx.name_ending_at(w.span.end)
                .or_else(|| cx.name_ending_at(w.span.end.saturating_sub(2)))
        }) {
            return Some(Source::Named(name));
        }
    }
    describe_noun_phrase(&words)
}

/// A noun phrase, given its words last first: pronoun, anonymous, organisation or role.
pub(super) fn describe_noun_phrase(reversed: &[&Word<'_>]) -> Option<Source> {
    let head = reversed.first()?.lower.as_ref();
    match head {
        "he" | "she" | "they" | "it" => return Some(Source::Pronoun(head.to_owned())),
        "we" | "i" | "you" | "who" => return Some(Source::Nobody),
        _ => {}
    }
    let determiners: Vec<&str> = reversed.iter().skip(1).map(|w| w.lower.as_ref()).collect();
    // The determiner nearest the head decides: "in a statement, the company".
    let nearest = determiners.iter().take(3).find(|d| {
        [
            "the", "its", "their", "his", "her", "a", "an", "one", "two", "three", "several",
            "some", "many", "both", "other", "another",
        ]
        .contains(d)
    });
    let definite = nearest.is_some_and(|d| ["the", "its", "their", "his", "her"].contains(d));
    let indefinite = nearest.is_some() && !definite;
    if !head.chars().all(|c| c.is_lowercase() || c == '-') || FUNCTION_WORDS.contains(&head) {
        return None;
    }
    if ANONYMOUS_HEADS.contains(&head) {
        return Some(Source::Nobody);
    }
    if indefinite {
        return Some(Source::Nobody);
    }
    if ORGANISATION_HEADS.contains(&head) {
        return Some(if definite {
            Source::Organisation(head.to_owned())
        } else {
            Source::Nobody
        });
    }
    // "the judge", "her son", "the adviser": a person described before.
    if definite && (ROLE_HEADS.contains(&head) || !head.ends_with('s') || head.ends_with("ss")) {
        return Some(Source::Role(head.to_owned()));
    }
    // Any other described source is anonymous when it has a determiner or is plural.
    (definite || head.ends_with('s')).then_some(Source::Nobody)
}

/// The subject that ends right before a verb: skip auxiliaries and adverbs,
/// a relative pronoun, and an appositive between commas.
pub(super) fn subject_before(cx: &Context, window: Span) -> Option<Source> {
    let mut end = window.end;
    let mut relative = false;
    loop {
        let head = cx.text[window.start..end].trim_end();
        let last = last_word(head);
        let relative_pronoun =
            last.eq_ignore_ascii_case("who") || last.eq_ignore_ascii_case("which");
        if !last.is_empty() && (relative_pronoun || AUXILIARIES.contains_lower(last)) {
            relative |= relative_pronoun;
            end = window.start + head.len() - last.len();
            continue;
        }
        end = window.start + head.len();
        break;
    }
    let head = &cx.text[window.start..end];
    if let (true, Some(inner)) = (relative, head.strip_suffix(',')) {
        // "Name, who described": the name right before the comma.
        return describe_tail(cx, Span::new(window.start, window.start + inner.len()));
    }
    if head.ends_with(',') {
        // "Name, a lawyer at X, which represented Y, said": skip the
        // appositives and relative clauses back to the subject's segment.
        // A segment opening with another lower-case word ("head of
        // litigation at X", "chaired by Y") is an apposition too, unless it
        // opens a clause ("as investors welcomed what Name") or follows an
        // adverbial opener ("In its citation, the jury, chaired by Y,").
        let mut stop = window.start + head.len() - 1;
        let mut skipped: Option<Span> = None;
        while let Some(comma) = cx.text[window.start..stop].rfind(',') {
            let segment = cx.text[window.start + comma + 1..stop].trim_start();
            let raw_first = segment.split_whitespace().next().unwrap_or("");
            let first = raw_first.to_lowercase();
            let appositive = [
                "a", "an", "the", "who", "which", "whose", "where", "now", "herself", "himself",
                "itself", "also",
            ]
            .contains(&first.as_str())
                || first.chars().all(|c| c.is_ascii_digit());
            let described = raw_first.chars().next().is_some_and(char::is_lowercase)
                && !CLAUSE_OPENERS.contains(&first.as_str())
                && !OPENERS.contains(&first.as_str())
                && !adverbial_opener(
                    &cx.text[cx.sentence_start(window.start, comma + window.start)
                        ..window.start + comma],
                );
            if !(appositive || described) {
                break;
            }
            skipped = Some(Span::new(window.start + comma + 1, stop));
            stop = window.start + comma;
        }
        let found = describe_tail(cx, Span::new(window.start, stop));
        // "A supporters' group, the Moorside Trust, posted": a description
        // followed by a name in apposition gives the name.
        if let (Some(Source::Nobody), Some(next)) = (&found, skipped) {
            let inner = cx.text[next.start..next.end].trim();
            let bare = inner.strip_prefix("the ").unwrap_or(inner);
            let end = next.start + cx.text[next.start..next.end].trim_end().len();
            if let Some(name) = cx.name_at(end - bare.len()).filter(|n| n.end == end) {
                return Some(Source::Named(name));
            }
        }
        return found;
    }
    describe_tail(cx, Span::new(window.start, end))
}

/// Words that open a clause rather than an apposition.
const CLAUSE_OPENERS: &[&str] = &[
    "after", "although", "as", "because", "before", "if", "since", "though", "unless", "what",
    "when", "whereas", "while",
];

/// Whether a sentence's opening segment is adverbial ("In its citation",
/// "Speaking outside court", "Asked about it", "Meanwhile").
fn adverbial_opener(segment: &str) -> bool {
    let segment = segment.trim();
    let first = segment
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    !segment.contains(' ')
        && !segment.is_empty()
        && segment.chars().all(|c| c.is_alphabetic())
        && first != segment
        || first.ends_with("ing")
        || [
            "in",
            "on",
            "at",
            "after",
            "before",
            "during",
            "for",
            "with",
            "without",
            "despite",
            "since",
            "by",
            "from",
            "under",
            "over",
            "following",
            "asked",
            "as",
            "when",
            "while",
        ]
        .contains(&first.as_str())
}

/// The first subject after the start of `window`: a name (after titles),
/// a pronoun or a description. With `adjacent`, it must start right away.
pub(super) fn subject_after(cx: &Context, window: Span, adjacent: bool) -> Option<Source> {
    let (first, last) = cx.word_range(window.start, window.end);
    let mut i = first;
    // Skip openers and a leading adverbial clause ("Speaking to reporters, X said").
    if !adjacent {
        let text = cx.text[window.start..window.end].trim_start();
        if let Some(comma) = text.find(", ") {
            let lead = &text[..comma];
            if lead.split_whitespace().next().is_some_and(|w| {
                w.to_lowercase().ends_with("ing")
                    || [
                        "in", "at", "on", "after", "before", "during", "asked", "speaking",
                    ]
                    .contains(&w.to_lowercase().as_str())
            }) {
                let skip_to = window.end - text.len() + comma + 2;
                i = cx.word_range(skip_to, window.end).0;
            }
        }
        while i < last && OPENERS.contains(&cx.words[i].lower.as_ref()) {
            i += 1;
        }
    }
    let word = cx.words.get(i).filter(|_| i < last)?;
    let lead = &cx.text[window.start..word.span.start];
    if adjacent
        && !lead
            .trim_matches(|c: char| c.is_whitespace() || c == ',')
            .is_empty()
    {
        return None;
    }
    // Titles and roles before a name: "said Foreign Minister Joseph Wu",
    // "said coach Ana Ruiz", "said chief executive Ana Ruiz"; an organisation
    // before the role names the person's employer, not the speaker ("said
    // Ridgeway University astronomer Jane Roe").
    let title_like = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            || w == "the"
            || w.chars().all(|c| c.is_lowercase() || c == '-')
                && !FUNCTION_WORDS.contains(&w)
                && !DETERMINERS.contains(&w)
                && !AUXILIARIES.contains(&w)
                && !["who", "which", "whose", "said", "says", "told"].contains(&w)
    };
    for j in i..last.min(i + 5) {
        if let Some(mut name) = cx
            .name_at(cx.words[j].span.start)
            .filter(|n| !is_common_noun(cx.slice(*n)))
        {
            let between = &cx.text[word.span.start..name.start];
            if between.split_whitespace().all(title_like) {
                if !person_like(cx, name) {
                    let (from, to) = cx.word_range(name.end, window.end);
                    let person = (from..to.min(from + 4))
                        .take_while(|&k| {
                            let w = &cx.words[k];
                            cx.text[name.end..w.span.start].trim().is_empty()
                                || cx.text[name.end..w.span.start]
                                    .split_whitespace()
                                    .all(title_like)
                        })
                        .skip(1)
                        .find_map(|k| cx.name_at(cx.words[k].span.start))
                        .filter(|n| person_like(cx, *n));
                    if let Some(person) = person {
                        name = person;
                    }
                }
                let after_name = cx.text[name.end..window.end].trim_start().to_lowercase();
                let joined = after_name.starts_with("and ") || after_name.starts_with("& ");
                return Some(if joined {
                    Source::Nobody
                } else {
                    Source::Named(name)
                });
            }
            break;
        }
    }
    // A noun phrase: read up to its head noun (a pronoun; or an organisation,
    // role or plural noun after the first word).
    let mut phrase: Vec<&Word<'_>> = Vec::new();
    for (j, w) in cx.words.iter().enumerate().take(last.min(i + 5)).skip(i) {
        phrase.push(w);
        let lower: &str = w.lower.as_ref();
        let follows = cx.text[w.span.end..].trim_start();
        let next = cx.words.get(j + 1).map_or("", |n| n.lower.as_ref());
        let closes = follows.starts_with([',', '.', ';', ':'])
            || [
                "who", "which", "that", "of", "at", "in", "for", "from", "with", "on",
            ]
            .contains(&next);
        let head = if j == i {
            ["he", "she", "they", "it", "we", "i"].contains(&lower)
                || !DETERMINERS.contains(&lower) && closes
        } else {
            !DETERMINERS.contains(&lower)
                && (closes
                    || ORGANISATION_HEADS.contains(&lower)
                    || ROLE_HEADS.contains(&lower)
                    || lower.ends_with('s'))
        };
        if head {
            break;
        }
    }
    phrase.reverse();
    describe_noun_phrase(&phrase)
}

/// The subject of a sentence or clause: its first name, pronoun or description.
pub(super) fn sentence_subject(cx: &Context, window: Span) -> Option<Source> {
    subject_after(cx, window, false)
}

/// A name run without the titles that open it: "Executive Officer Luciana
/// Prado" → "Luciana Prado", "Detective Sergeant Colm Rafferty" → "Colm
/// Rafferty", "Dr Eleri Vaughan" → "Eleri Vaughan". A person's name starts
/// at a known first name followed by at least one more word, after at most
/// three capitalised words, or after one title of the lists.
pub(super) fn without_title(text: &str, span: Span) -> Span {
    let name = &text[span.start..span.end];
    if !name.contains(' ') || LEXICON.starts_with_first_name(name) {
        return span;
    }
    name.match_indices(' ')
        .map(|(i, _)| i + 1)
        .take(3)
        .find(|&at| {
            let rest = &name[at..];
            let title = &name[..at - 1];
            rest.contains(' ')
                && (LEXICON.starts_with_first_name(rest) && !organisation_like(title)
                    // "Dr Eleri Vaughan": one listed title before two words or more.
                    || !title.contains(' ')
                        && LEXICON.titles.contains(title)
                        && !organisation_like(rest))
        })
        .map_or(span, |at| Span::new(span.start + at, span.end))
}

/// Whether a one-word "name" is a capitalised common noun ("Protesters chanted").
pub(super) fn is_common_noun(name: &str) -> bool {
    !name.contains(' ') && ANONYMOUS_HEADS.contains_lower(name)
}

/// Whether a name looks like an organisation rather than a person.
pub(super) fn organisation_like(name: &str) -> bool {
    name.split(|c: char| c.is_whitespace() || c == '.')
        .any(|w| ORGANISATION_MARKERS.contains(&w))
        || LEXICON
            .suffix_type(name)
            .is_some_and(|t| t != EntityType::Person)
}

/// A person's name: two to four capitalised words with no organisation
/// marker; or a single word that ends or starts such a name in the
/// document, follows a personal title, or is followed by an age.
pub(super) fn person_like(cx: &Context, name: Span) -> bool {
    cx.per_name(&cx.persons, name, || judge_person(cx, name))
}

/// The gender the text shows for a person at `name` (see [`judge_gender`]),
/// decided once per name.
pub(super) fn gender_of(cx: &Context, name: Span) -> Option<&'static str> {
    cx.per_name(&cx.genders, name, || judge_gender(cx, name))
}

/// The gender shown next to a name; for a one-word name, else the gender
/// shown next to the latest fuller name it is part of ("Tzintzun" after
/// "her nephew, Emiliano Tzintzun").
fn judge_gender(cx: &Context, name: Span) -> Option<&'static str> {
    gender_shown(cx, name).or_else(|| {
        let text = cx.slice(name);
        let words = text.split_whitespace().count();
        let last = text.split_whitespace().last()?;
        let names = cx.names_by_word().get(last)?;
        let k = names.partition_point(|&k| cx.names[k].end <= name.start);
        names[..k]
            .iter()
            .rev()
            .take(LOOK_BACK)
            .map(|&k| cx.names[k])
            .filter(|n| cx.slice(*n).split_whitespace().count() > words)
            .take(3)
            .find_map(|n| gender_shown(cx, n))
    })
}

/// The gender shown next to a name itself (see [`read_gender_shown`]),
/// decided once per name.
fn gender_shown(cx: &Context, name: Span) -> Option<&'static str> {
    cx.per_name(&cx.shown, name, || read_gender_shown(cx, name))
}

/// A title or a gendered noun right before the name ("Ms.", "her
/// nephew,"), one in its appositive (", a spokeswoman for"), else the first
/// he, she, his or possessive her after it (see [`gender_after`]).
fn read_gender_shown(cx: &Context, name: Span) -> Option<&'static str> {
    let before = cx.around(Span::new(name.start, name.start), 30, 0);
    let is = |word: &str, forms: &[&str]| forms.iter().any(|f| word.eq_ignore_ascii_case(f));
    for word in before.split_whitespace().rev().take(3) {
        let bare = word.trim_end_matches(',');
        if is(bare, &["mr.", "mr", "sir"]) {
            return Some("he");
        }
        if is(bare, &["mrs.", "mrs", "ms.", "ms", "miss", "dame"]) {
            return Some("she");
        }
        // Gendered nouns are lower case ("her nephew,"; "Her" opens a sentence).
        if let Some(gender) = bare
            .starts_with(char::is_lowercase)
            .then(|| noun_gender(bare))
            .flatten()
        {
            return Some(gender);
        }
        if word.ends_with(['.', '?', '!', ':', ';', '”', '"']) {
            break;
        }
    }
    let after = cx.around(Span::new(name.end, name.end), 0, 60);
    if let Some(apposition) = after.strip_prefix(", ") {
        let clause = apposition.split([',', '.', ';']).next().unwrap_or("");
        if let Some(gender) = clause.split_whitespace().take(6).find_map(|w| {
            w.starts_with(char::is_lowercase)
                .then(|| noun_gender(w))
                .flatten()
        }) {
            return Some(gender);
        }
    }
    gender_after(cx, name)
}

/// The first he, she, his, him (or her before a noun) after `name`, outside
/// quotes, before another name and by the end of the next sentence.
pub(super) fn gender_after(cx: &Context, name: Span) -> Option<&'static str> {
    // A name inside another's relative clause ("Pema Sherpa, who leads the
    // Valley Rescuers, said her teams …"): the pronouns after it are the other's.
    let start = cx.sentence_start(0, name.start);
    if cx.text[start..name.start]
        .match_indices(", who ")
        .any(|(at, _)| cx.name_ending_at(start + at).is_some())
    {
        return None;
    }
    let next = cx.sentence_end(name.end, cx.text.len());
    let limit = cx.sentence_end(next, cx.text.len());
    let (first, last) = cx.word_range(name.end, limit);
    let next_first = cx.word_range(next, limit).0;
    let another_subject = subject_after_opening_clause(&cx.text[next..limit]);
    for (i, word) in cx.words[first..last].iter().enumerate() {
        let outside = || !cx.inside_quote(word.span.start);
        // A next sentence that names its own subject after an opening
        // clause is about someone else: "Vold said. Pressed on whether she
        // would resign, the minister shook her head."
        let here = first + i < next_first || !another_subject;
        let lower: &str = word.lower.as_ref();
        // Only words starting with "h" or "s" may be pronouns.
        let pronoun_like = matches!(lower.as_bytes().first(), Some(b'h' | b's'));
        match lower {
            _ if !pronoun_like => {}
            "he" | "his" | "him" | "himself" if here && outside() => return Some("he"),
            "she" | "hers" | "herself" if here && outside() => return Some("she"),
            // "her home" shows her; "beside her for years" may be someone else.
            "her"
                if here
                    && outside()
                    && cx.words.get(first + i + 1).is_some_and(|n| {
                        cx.text[word.span.end..n.span.start] == *" "
                            && !FUNCTION_WORDS.contains(&n.lower.as_ref())
                            && n.lower.chars().all(char::is_lowercase)
                    }) =>
            {
                return Some("she")
            }
            _ => {}
        }
        // Another person named first: what follows is about them.
        if !cx.text.as_bytes()[word.span.start].is_ascii_lowercase()
            && cx.slice(word.span).starts_with(char::is_uppercase)
            && outside()
            && cx.name_at(word.span.start).is_some_and(|n| {
                cx.slice(n).contains(' ') && LEXICON.starts_with_first_name(cx.slice(n))
            })
        {
            return None;
        }
    }
    None
}

/// Whether `sentence` opens with a participle or subordinate clause and a
/// comma, then a description or a name: its subject is that one ("Asked
/// about it, the minister …"), not a pronoun inside the clause.
fn subject_after_opening_clause(sentence: &str) -> bool {
    let sentence = sentence.trim_start();
    let first = sentence
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_lowercase();
    let opens_clause =
        first.ends_with("ed") || first.ends_with("ing") || SUBORDINATORS.contains(&first.as_str());
    opens_clause
        && sentence.split_once(',').is_some_and(|(_, rest)| {
            let rest = rest.trim_start();
            rest.starts_with("the ") || rest.starts_with(char::is_uppercase)
        })
}

/// A name that may stand for an organisation: not a person's, a place's or
/// a nationality's.
pub(super) fn organisation_candidate(cx: &Context, name: Span) -> bool {
    let text = cx.slice(name);
    // A name in quotation marks is a term ("its “Fair Share Payout”"), not an actor.
    !cx.inside_quote(name.start)
        && LEXICON.names.get(text) != Some(&EntityType::Norp)
        && !person_like(cx, name)
        && !place_like(cx, name)
        && !(text.split_whitespace().count() == 1
            && (cx.name_parts.contains(text) || only_opens_sentences(cx, text)))
}

/// A capitalised word seen only at the start of sentences ("Revenue rose"):
/// a common word, not a name.
fn only_opens_sentences(cx: &Context, word: &str) -> bool {
    !cx.names_inside_sentences().contains(word)
}

/// A name that stands for a place: the lists call it a place, or it
/// follows "in", "at" or "near".
pub(super) fn place_like(cx: &Context, name: Span) -> bool {
    let text = cx.slice(name);
    let place = |t: Option<EntityType>| matches!(t, Some(EntityType::Gpe | EntityType::Loc));
    let before = cx
        .around(Span::new(name.start, name.start), 10, 0)
        .trim_end();
    let before = if ends_with_lower(before, " the") {
        &before[..before.len() - 4]
    } else {
        before
    };
    place(LEXICON.names.get(text).copied())
        || place(LEXICON.suffix_type(text))
        || [" in", " at", " near"]
            .iter()
            .any(|p| ends_with_lower(before, p))
        // A dateline in capitals ("KUALA LUMPUR, 26 February –") names a listed place.
        || text.chars().any(char::is_alphabetic)
            && !text.chars().any(char::is_lowercase)
            && place(LEXICON.names.get(title_case(text).as_str()).copied())
}

/// Whether an apposition headed by a person's role follows the name
/// ("Rhian Davies-Morgan, a 39-year-old primary school teacher who …").
fn role_apposition(cx: &Context, name: Span) -> bool {
    let Some(rest) = cx.around(name, 0, 80)[name.len()..].strip_prefix(", ") else {
        return false;
    };
    let phrase = rest.split([',', '.', ';', '(']).next().unwrap_or("");
    let mut words = phrase.split_whitespace();
    if !words
        .next()
        .is_some_and(|w| ["a", "an", "the"].contains(&w))
    {
        return false;
    }
    words
        .take_while(|w| !APPOSITION_ENDS.contains(w))
        .last()
        .is_some_and(|head| ROLE_WORD_LIST.contains(&head))
}

/// Words after the head of an apposition's noun phrase.
const APPOSITION_ENDS: [&str; 12] = [
    "who", "whose", "which", "that", "of", "at", "for", "in", "with", "from", "and", "on",
];

pub(super) fn judge_person(cx: &Context, name: Span) -> bool {
    let text = cx.slice(name);
    if organisation_like(text) || LEXICON.names.contains_key(text) {
        return false;
    }
    // The cheap signs first, each ending the test when it holds.
    let words = text.split_whitespace().count();
    if (2..=4).contains(&words) && LEXICON.starts_with_first_name(text)
        || words == 1 && cx.name_parts.contains(text)
    {
        return true;
    }
    let after = cx.around(Span::new(name.end, name.end), 0, 8);
    // "Name, 71," or "Name, who …": an age or a relative "who" points at a person.
    let aged = after
        .strip_prefix(", ")
        .and_then(|a| a.split(',').next())
        .is_some_and(|a| (1..=3).contains(&a.len()) && a.bytes().all(|b| b.is_ascii_digit()));
    if aged || after.starts_with(", who ") || role_apposition(cx, name) {
        return true;
    }
    let before = cx
        .around(Span::new(name.start, name.start), 16, 0)
        .trim_end();
    let titled = [
        "mr.",
        "mrs.",
        "ms.",
        "dr.",
        "coach",
        "minister",
        "president",
        "judge",
        "justice",
        "prof.",
    ]
    .iter()
    .any(|t| ends_with_lower(before, t));
    let last_before = last_word(before);
    // "jury president Solange Kouamé": a lower-case role right before the
    // name; "Detective Sergeant Colm Rafferty": a title of the lists.
    if titled
        || ROLE_WORD_LIST.contains_lower(last_before.trim_end_matches(','))
        || last_before.starts_with(char::is_uppercase) && LEXICON.titles.contains(last_before)
    {
        return true;
    }
    // A gender the text shows: "…, said the nearest station to her home".
    (2..=4).contains(&words)
        && !text
            .split_whitespace()
            .next()
            .is_some_and(|w| DETERMINERS.contains_lower(w) || FUNCTION_WORDS.contains_lower(w))
        && gender_shown(cx, name).is_some()
}
