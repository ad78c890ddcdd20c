//! Mention chains: who pronouns, role nouns ("the judge") and organisation
//! nouns ("the ministry") point back to, by recency and gender, looked up
//! from sorted lists so that each quote costs the same whatever the
//! document's length.

use super::*;

/// Who a later pronoun may point back to.
#[derive(Debug, Clone)]
pub(super) enum Antecedent {
    /// A person named in a clause, or a quote's speaker; `true` when the
    /// mention is the subject of its sentence (or a speaker), which pronouns
    /// prefer over a more recent object or possessor.
    Person(Speaker, bool),
    /// A named organisation or place in a clause, or a quote's speaker;
    /// `true` as for persons.
    Body(Speaker, bool),
    /// An anonymous person ("a spokeswoman said"), with the gender its noun
    /// shows: a later "he said" or "she said" that fits is anonymous too.
    Anonymous(Option<&'static str>),
}

/// The mention chains of a document as the list pronouns look back through,
/// in text order: persons named in a clause (a name followed by a verb-like
/// word or an apposition; not a possessive), marked when they are their
/// sentence's subject; anonymous singular persons as sources of reporting
/// verbs; and he or she as a sentence's subject, resolved in text order, so
/// that each mention refreshes its person's place in the chain.
pub(super) fn antecedents(cx: &Context) -> Vec<(usize, Antecedent)> {
    let mut out = Vec::new();
    for name in &cx.names {
        if cx.inside_quote(name.start) {
            continue;
        }
        let rest = &cx.text[name.end..];
        // Asked only where the answer is used: most names are neither.
        let subject = || subject_position(cx, name.start) || copular_complement(cx, *name);
        // "al-Azar’s novel": a possessor is not a clause's actor, unless it
        // opens the sentence ("Farah's cooperative has asked").
        if rest.starts_with(['’', '\'']) {
            if subject() && person_like(cx, *name) {
                out.push((
                    name.start,
                    Antecedent::Person(Speaker { span: *name }, true),
                ));
            }
            continue;
        }
        let after = rest.trim_start();
        let next = after
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .next()
            .unwrap_or("");
        let verb_like = next.chars().next().is_some_and(char::is_lowercase)
            && ![
                "and", "of", "in", "on", "at", "to", "for", "from", "with", "by", "or", "the", "a",
                "an", "de", "van", "del",
            ]
            .contains(&next);
        let appositive = after.starts_with(',');
        let subject = (verb_like || appositive || next == "of") && subject();
        // "Dr Eleri Vaughan of the Centre for …, said": the subject is the name before "of".
        let of_body = subject && next == "of";
        let speaker = Speaker { span: *name };
        if verb_like || appositive || of_body {
            let antecedent = if person_like(cx, *name) {
                Antecedent::Person(speaker, subject)
            } else {
                Antecedent::Body(speaker, subject)
            };
            out.push((name.start, antecedent));
        } else if after.starts_with(['.', ';']) && person_like(cx, *name) {
            // "That girl was Grace Akinyi.": a person named at a clause's
            // end is no subject, but a later pronoun may still mean them.
            out.push((name.start, Antecedent::Person(speaker, false)));
        }
    }
    let mut pronouns = Vec::new();
    for i in 0..cx.words.len() {
        let word = &cx.words[i];
        let lower: &str = word.lower.as_ref();
        let pronoun = lower == "he" || lower == "she";
        // Cheap tests first: most words are neither.
        if !pronoun && cx.reporting_at(i).is_none() || cx.inside_quote(word.span.start) {
            continue;
        }
        if pronoun
            && subject_position(cx, word.span.start)
            && cx
                .words
                .get(i + 1)
                .is_some_and(|n| n.lower.chars().next().is_some_and(char::is_alphabetic))
        {
            pronouns.push((word.span.start, if lower == "he" { "he" } else { "she" }));
            continue;
        }
        if pronoun {
            continue;
        }
        // "People in the city called him “…”": a name given, by no source.
        if ["call", "calls", "called", "calling"].contains(&lower)
            && cx.words.get(i + 1).is_some_and(|n| {
                ["him", "her", "them", "it"].contains(&n.lower.as_ref())
                    && cx.text[n.span.end..]
                        .trim_start()
                        .starts_with(['“', '"', '‘', '«'])
            })
        {
            continue;
        }
        let from = cx.sentence_start(0, word.span.start);
        let subject = Span::new(from, word.span.start);
        match subject_before(cx, subject) {
            None | Some(Source::Nobody) => {
                if let Some(gender) = singular_person(cx, subject) {
                    out.push((word.span.start, Antecedent::Anonymous(gender)));
                }
            }
            // "her son said", "the company said": the described source
            // joins the chain of the name it refers to.
            Some(source @ (Source::Role(_) | Source::Organisation(_))) => {
                if let Some(s) = resolve(cx, [&[], &[]], &source, word.span.start) {
                    let antecedent = if matches!(source, Source::Role(_)) {
                        Antecedent::Person(s, true)
                    } else {
                        Antecedent::Body(s, true)
                    };
                    out.push((word.span.start, antecedent));
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|(at, _)| *at);
    // Pronoun subjects join the chain of the person they resolve to.
    let mut chain: Vec<(usize, Antecedent)> = Vec::with_capacity(out.len() + pronouns.len());
    let mut rest = out.into_iter().peekable();
    for (at, pronoun) in pronouns {
        while let Some(a) = rest.next_if(|(pos, _)| *pos < at) {
            chain.push(a);
        }
        if let Some(person) = resolve_person_pronoun(cx, [&chain, &[]], pronoun, at) {
            chain.push((at, Antecedent::Person(person, true)));
        }
    }
    chain.extend(rest);
    chain
}

/// Whether `name` completes "is" or "was" after a description that names
/// no one ("One of the apprentices is 19-year-old Shania Pierre, who …"):
/// the sentence is about that person, as if they were its subject.
fn copular_complement(cx: &Context, name: Span) -> bool {
    let start = cx.sentence_start(0, name.start);
    let mut before = cx.text[start..name.start].split_whitespace().rev();
    let verb = before
        .next()
        .filter(|w| !w.ends_with("-year-old"))
        .or_else(|| before.next());
    let (first, last) = (
        cx.names.partition_point(|n| n.end <= start),
        cx.names.partition_point(|n| n.end <= name.start),
    );
    verb.is_some_and(|w| w == "is" || w == "was")
        && cx.names[first..last].iter().all(|n| !person_like(cx, *n))
}

/// Whether the word at `at` opens its sentence's main clause: nothing
/// before it in the sentence but titles, an opener ("But"), a closing
/// quotation mark, or a phrase ended by a comma ("Her nephew, Name";
/// "Asked about it, he").
pub(super) fn subject_position(cx: &Context, at: usize) -> bool {
    let start = cx.sentence_start(0, at);
    let lead = without_descriptors(cx.text[start.min(at)..at].trim_end());
    let last = last_word(lead);
    let opener = || {
        OPENERS.contains_lower(last)
        // "in Selangor and Kedah": a conjunction after a name joins two names, not two clauses.
        && !(["and", "or"].contains(&last)
            && last_word(lead[..lead.len() - last.len()].trim_end())
                .starts_with(char::is_uppercase))
    };
    lead.is_empty()
        || lead.ends_with([',', '”', '"'])
        || opener()
        || lead.len() <= 40
            && lead
                .split_whitespace()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// `lead` without the descriptors that may stand right before a name: up
/// to four capitalised words and lower-case role nouns ("“…,” Cerro coach"
/// → "“…,”"), so that a name after them keeps its place in the clause.
fn without_descriptors(lead: &str) -> &str {
    let mut rest = lead;
    for _ in 0..4 {
        let Some((head, last)) = split_at_last_space(rest) else {
            break;
        };
        let descriptor = last.starts_with(char::is_uppercase)
            && !last.ends_with([',', '”', '"', '.', ':', ';'])
            || ROLE_WORD_LIST.contains(&last);
        if !descriptor {
            break;
        }
        rest = head.trim_end();
    }
    // A lone descriptor opening the sentence ("Coach Name") leaves nothing before the name.
    if rest == lead || rest.contains(char::is_whitespace) || rest.ends_with([',', '”', '"']) {
        rest
    } else if rest.starts_with(char::is_uppercase) || ROLE_WORD_LIST.contains(&rest) {
        ""
    } else {
        rest
    }
}

/// Whether a source's words name one anonymous person ("a spokeswoman",
/// "a banker involved in the offering", "one engineer, who spoke on
/// condition of anonymity"), and the gender they show; None for groups,
/// plurals and things ("officials", "the group", "the report").
fn singular_person(cx: &Context, subject: Span) -> Option<Option<&'static str>> {
    let (first, last) = cx.word_range(subject.start, subject.end);
    let words = &cx.words[first..last];
    if let Some(found) = words.iter().rev().take(8).find_map(|w| {
        let lower: &str = w.lower.as_ref();
        if let Some(gender) = noun_gender(lower) {
            return Some(Some(gender));
        }
        (ANONYMOUS_HEADS.contains(&lower) && !lower.ends_with('s')).then_some(None)
    }) {
        return Some(found);
    }
    // An indefinite singular noun phrase: "a/an/one" and up to three
    // lower-case words, the last not a plural, ended by a comma, "who" or a
    // preposition.
    // Only as the subject itself, not as an apposition after a name ("Lucy
    // Farrant, a marine ecologist, … and said").
    words.iter().enumerate().find_map(|(j, w)| {
        let opens = j == 0
            || cx.text[words[j - 1].span.end..w.span.start].contains(',')
            || OPENERS.contains(&words[j - 1].lower.as_ref());
        if !opens
            || !["a", "an", "one", "another"].contains(&w.lower.as_ref())
            || cx
                .names
                .get(cx.names.partition_point(|n| n.start < subject.start))
                .is_some_and(|n| n.start < w.span.start)
        {
            return None;
        }
        let mut head = None;
        for (k, n) in words.iter().enumerate().skip(j + 1).take(4) {
            let lower: &str = n.lower.as_ref();
            if !cx
                .slice(n.span)
                .chars()
                .all(|c| c.is_lowercase() || c == '-')
            {
                // "One Sparrow engineer": a name may modify the head.
                if cx
                    .slice(n.span)
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
                {
                    continue;
                }
                return None;
            }
            if [
                "who", "from", "in", "at", "with", "for", "of", "involved", "close",
            ]
            .contains(&lower)
            {
                break;
            }
            head = Some(n);
            if cx.text[n.span.end..].starts_with(',') || k + 1 == words.len() {
                break;
            }
        }
        head.filter(|h| !h.lower.ends_with('s') || h.lower.ends_with("ss"))
            .map(|h| noun_gender(h.lower.as_ref()))
    })
}

/// The latest name before `at` with `word` near it ("the adviser" → "Lars
/// Vinje, an industry adviser"; "her son" → "her son, Nikos") that passes
/// `fits`, among the last [`LOOK_BACK`] names.
pub(super) fn latest_described(
    cx: &Context,
    word: &str,
    at: usize,
    fits: impl Fn(Span) -> bool,
) -> Option<Speaker> {
    let i = cx.names.partition_point(|n| n.end <= at);
    let title = role_title(word);
    cx.names[..i]
        .iter()
        .rev()
        .take(LOOK_BACK)
        .find(|n| described(cx, **n, word, title) && fits(**n))
        .map(|n| Speaker { span: *n })
}

/// The first name after `at`, within a few paragraphs, with `word` near it
/// that passes `fits`: a lede's "the judge described" before "Judge Martina
/// Cullinane" is named.
pub(super) fn next_described(
    cx: &Context,
    word: &str,
    at: usize,
    fits: impl Fn(Span) -> bool,
) -> Option<Speaker> {
    let i = cx.names.partition_point(|n| n.start < at);
    let title = role_title(word);
    cx.names[i..]
        .iter()
        .take_while(|n| n.start < at + 600)
        .find(|n| described(cx, **n, word, title) && fits(**n))
        .map(|n| Speaker { span: *n })
}

/// Whether `word` (lower case), or `title`, that of its holders ("justice"
/// for "judge", see [`role_title`]), stands as a whole word, in any case,
/// in the few words around `name` in its own sentence: a description
/// describes a name of its sentence, not the last name of the sentence before.
fn described(cx: &Context, name: Span, word: &str, title: Option<&str>) -> bool {
    let sentence = Span::new(
        cx.sentence_start(0, name.start),
        cx.sentence_end(name.end, cx.text.len()),
    );
    let near = cx.around_within(name, 40, 60, sentence).as_bytes();
    stands_in(near, word) || title.is_some_and(|title| stands_in(near, title))
}

/// Whether `word` (lower case) stands as a whole word, in any case, in `near`.
fn stands_in(near: &[u8], word: &str) -> bool {
    let w = word.as_bytes();
    if w.is_empty() || near.len() < w.len() {
        return false;
    }
    let boundary = |b: Option<&u8>| b.is_none_or(|b| !b.is_ascii_alphanumeric());
    // Only places holding the word's first letter, in either case, are compared.
    let first = w[0];
    memchr::memchr2_iter(
        first.to_ascii_lowercase(),
        first.to_ascii_uppercase(),
        &near[..=near.len() - w.len()],
    )
    .any(|k| {
        near[k..k + w.len()].eq_ignore_ascii_case(w)
            && boundary(k.checked_sub(1).and_then(|j| near.get(j)))
            && boundary(near.get(k + w.len()))
    })
}

/// A role noun the headline gives ("Kuwaiti novelist gives voice …", then
/// "the novelist said") describes the person the story is about: of the
/// persons named before `at`, the one whose last word is named most often,
/// in its fullest form.
fn headline_person(cx: &Context, head: &str, at: usize) -> Option<Speaker> {
    let headline = cx.text.lines().next().unwrap_or("");
    let (first, last) = cx.word_range(0, headline.len());
    if !cx.words[first..last].iter().any(|w| w.lower == head) {
        return None;
    }
    let before = cx.names.partition_point(|n| n.end <= at);
    let best = cx.headline_people()[before]?;
    Some(Speaker {
        span: cx.names[best],
    })
}

/// For each prefix `names[..i]`, the index of the person named after the
/// headline whose last word is named most often in the document, in its
/// fullest form, then the latest: [`headline_person`]'s answer for any
/// place, found in one pass.
pub(super) fn headline_people(cx: &Context) -> Vec<Option<usize>> {
    let headline = cx.text.lines().next().unwrap_or("").len();
    let surname = |n: &Span| after_last_space(cx.slice(*n));
    let mut counts: HashMap<&str, usize> = HashMap::default();
    for n in &cx.names {
        *counts.entry(surname(n)).or_default() += 1;
    }
    let mut best: Vec<Option<usize>> = Vec::with_capacity(cx.names.len() + 1);
    best.push(None);
    let mut top: Option<((usize, usize, usize), usize)> = None;
    for (k, n) in cx.names.iter().enumerate() {
        if n.start > headline && person_like(cx, *n) {
            let key = (counts[surname(n)], cx.slice(*n).split(' ').count(), n.start);
            if top.is_none_or(|(t, _)| key > t) {
                top = Some((key, k));
            }
        }
        best.push(top.map(|(_, k)| k));
    }
    best
}

/// The latest of the names (indexes into `cx.names`, ascending) that ends by `at`.
pub(super) fn latest_before(
    cx: &Context,
    names: Option<&Vec<usize>>,
    at: usize,
) -> Option<Speaker> {
    let names = names?;
    let i = names.partition_point(|&k| cx.names[k].end <= at);
    let n = cx.names[*names[..i].last()?];
    Some(Speaker { span: n })
}

/// The organisation a document is most about: among names before `at` that
/// are not people, the one whose first word starts the most name runs of the
/// document (its latest occurrence before `at`).
pub(super) fn most_mentioned_body(cx: &Context, at: usize) -> Option<Speaker> {
    let best = cx.best_bodies();
    let i = cx.names.partition_point(|n| n.end <= at);
    let n = cx.names[best[i]?];
    Some(Speaker { span: n })
}

/// How many antecedents a pronoun looks back through at most: pronouns
/// point to recent mentions, and a bound keeps each quote's cost constant
/// when nothing fits (a "he" in a text of women).
pub(super) const LOOK_BACK: usize = 64;

/// The antecedents of two sorted lists that come before `at`, latest first,
/// at most [`LOOK_BACK`] of them.
pub(super) fn latest_first(
    lists: [&[(usize, Antecedent)]; 2],
    at: usize,
) -> impl Iterator<Item = &(usize, Antecedent)> {
    let [mut a, mut b] = lists.map(|l| &l[..l.partition_point(|(pos, _)| *pos < at)]);
    std::iter::from_fn(move || {
        #[cfg(test)]
        super::tests::LOOK_BACK_STEPS.with(|steps| steps.set(steps.get() + 1));
        let take_a = match (a.last(), b.last()) {
            (Some(x), Some(y)) => x.0 >= y.0,
            (x, _) => x.is_some(),
        };
        let list = if take_a { &mut a } else { &mut b };
        let (last, rest) = list.split_last()?;
        *list = rest;
        Some(last)
    })
    .take(LOOK_BACK)
}

/// He or she: the latest person the pronoun fits (by the gender the text
/// shows), a sentence's subject before a more recent object or possessor;
/// None when an anonymous person that fits comes first.
pub(super) fn resolve_person_pronoun(
    cx: &Context,
    antecedents: [&[(usize, Antecedent)]; 2],
    pronoun: &str,
    at: usize,
) -> Option<Speaker> {
    let fits = |s: &Speaker| gender_of(cx, s.span).is_none_or(|g| g == pronoun);
    let sentence = cx.sentence_start(0, at);
    let mut fallback: Option<&Speaker> = None;
    for (pos, a) in latest_first(antecedents, at) {
        match a {
            Antecedent::Person(s, subject) if fits(s) => {
                // "For de Rocheval, …, and she said": a person named in the
                // pronoun's own sentence, whatever their role.
                if *subject || *pos >= sentence && fallback.is_none() {
                    return Some(s.clone());
                }
                fallback = fallback.or(Some(s));
            }
            Antecedent::Anonymous(g) if g.is_none_or(|g| g == pronoun) => break,
            _ => {}
        }
    }
    fallback.cloned()
}

/// A person's role noun no one was described with is an epithet for the person the
/// text is following ("Kato, a retired teacher, said … “…,” the former
/// headmaster said"): the latest person who was a sentence's subject, in
/// this paragraph or the one before, of the noun's gender when it shows one.
fn epithet_subject(
    cx: &Context,
    antecedents: [&[(usize, Antecedent)]; 2],
    head: &str,
    at: usize,
) -> Option<Speaker> {
    let gender = noun_gender(head);
    let person_noun = ROLE_WORD_LIST.contains(&head) || ROLE_HEADS.contains(&head);
    if !person_noun && gender.is_none() {
        return None;
    }
    let reach = cx.previous_paragraph_start(at);
    for (pos, a) in latest_first(antecedents, at) {
        if *pos < reach {
            break;
        }
        match a {
            Antecedent::Person(s, true) => {
                return gender_of(cx, s.span)
                    .is_none_or(|g| gender.is_none_or(|n| n == g))
                    .then(|| s.clone());
            }
            Antecedent::Anonymous(_) => return None,
            _ => {}
        }
    }
    None
}

pub(super) fn resolve(
    cx: &Context,
    antecedents: [&[(usize, Antecedent)]; 2],
    source: &Source,
    at: usize,
) -> Option<Speaker> {
    let earlier = || latest_first(antecedents, at).map(|(_, a)| a);
    match source {
        Source::Named(span) => Some(Speaker { span: *span }),
        Source::Nobody => None,
        Source::Pronoun(p) if p == "he" || p == "she" => {
            resolve_person_pronoun(cx, antecedents, p, at)
        }
        Source::Pronoun(_) => earlier().find_map(|a| match a {
            Antecedent::Body(s, _) => Some(s.clone()),
            _ => None,
        }),
        Source::Organisation(head) => {
            let capitalised: String = head
                .chars()
                .enumerate()
                .map(|(i, c)| if i == 0 { c.to_ascii_uppercase() } else { c })
                .collect();
            // The head in a name ("the ministry" → "Ministry of Health"), the
            // latest organisation that was a clause's subject ("Sparrow said
            // in a statement. … the statement said"), one described with
            // the head, the one the document is most about.
            latest_before(cx, cx.names_by_word().get(capitalised.as_str()), at)
                .or_else(|| {
                    earlier().find_map(|a| match a {
                        Antecedent::Body(s, true) if organisation_candidate(cx, s.span) => {
                            Some(s.clone())
                        }
                        _ => None,
                    })
                })
                .or_else(|| latest_described(cx, head, at, |n| organisation_candidate(cx, n)))
                .or_else(|| most_mentioned_body(cx, at))
        }
        Source::Role(head) => latest_described(cx, head, at, |n| person_like(cx, n))
            .or_else(|| next_described(cx, head, at, |n| person_like(cx, n)))
            .or_else(|| headline_person(cx, head, at))
            .or_else(|| epithet_subject(cx, antecedents, head, at)),
    }
}
