//! Continuation: quotes with no cue of their own that carry on the words of
//! a speaker named before.

use super::*;

/// The speaker of the reported speech that ends the paragraph before
/// `paragraph_start`: its last reporting verb outside quotes and that verb's
/// subject, resolved. None when that paragraph holds a quote of its own.
pub(super) fn reported_speaker(
    cx: &Context,
    antecedents: [&[(usize, Antecedent)]; 2],
    paragraph_start: usize,
) -> Option<Speaker> {
    let head = cx.text[..paragraph_start].trim_end();
    let start = head.rfind("\n").map_or(0, |i| i + 1);
    if holds_quote(cx, start, head.len()) {
        return None;
    }
    let (first, last) = cx.word_range(start, head.len());
    let verb = (first..last).rev().find(|&i| {
        cx.reporting_at(i).is_some()
            && !["according", "reading"].contains(&cx.words[i].lower.as_ref())
    })?;
    let at = cx.words[verb].span.start;
    let sentence = cx.sentence_start(start, at);
    let source = subject_before(cx, Span::new(sentence, at))?;
    resolve(cx, antecedents, &source, at)
}

/// The person a quote-only paragraph goes on from when the paragraph before
/// quotes nobody and has no reporting verb ("Asked whether they should
/// stay, she was firm." then “They stay.”): the subject of its last
/// sentence, when that is a person, named or as he or she.
pub(super) fn previous_subject(
    cx: &Context,
    antecedents: [&[(usize, Antecedent)]; 2],
    paragraph_start: usize,
) -> Option<Speaker> {
    let head = cx.text[..paragraph_start].trim_end();
    let start = head.rfind('\n').map_or(0, |i| i + 1);
    if head.is_empty() || holds_quote(cx, start, head.len()) {
        return None;
    }
    let sentence = cx.sentence_start(start, head.len() - 1);
    match sentence_subject(cx, Span::new(sentence, head.len()))? {
        Source::Pronoun(p) if p == "he" || p == "she" => {
            resolve_person_pronoun(cx, antecedents, &p, sentence)
        }
        Source::Named(name) if person_like(cx, name) => Some(Speaker { span: name }),
        _ => None,
    }
}

/// Whether a quotation that is no term or title opens between `start` and `end`.
fn holds_quote(cx: &Context, start: usize, end: usize) -> bool {
    let first = cx.quotes.partition_point(|q| q.open.start < start);
    cx.quotes[first..]
        .iter()
        .take_while(|q| q.open.start < end)
        .any(|q| !is_term_or_title(cx, q))
}

/// A short topic that opens a paragraph and ends with a colon right before
/// the quote ("On the hardest object she has worked on: “…”"), with no
/// reporting verb (a name before the colon is a source, read before).
pub(super) fn colon_lead_in(cx: &Context, paragraph_start: usize, open: usize) -> bool {
    if open - paragraph_start > 200 {
        return false;
    }
    let lead = cx.text[paragraph_start..open].trim_end();
    if lead.trim_start().len() < 2 || !lead.ends_with(':') {
        return false;
    }
    let (first, last) = cx.word_range(paragraph_start, paragraph_start + lead.len());
    last - first <= 12 && (first..last).all(|i| cx.reporting_at(i).is_none())
}

/// The person the sentence right after a sourceless quote names as its
/// speaker: a name, a reporting verb and "it", "this" or "so" ("“…”
/// Cáceres said it quietly."), "who says this is" and a name ("“…” ¶
/// The man who says this is Joseph Otieno Ouma."), or a sentence that
/// points back at the quote (see [`demonstrative_source`]).
pub(super) fn named_after(cx: &Context, from: usize) -> Option<Speaker> {
    let rest = &cx.text[from..];
    let start = from + (rest.len() - rest.trim_start().len());
    let line_end = cx.text[start..]
        .find('\n')
        .map_or(cx.text.len(), |i| start + i);
    let end = cx.sentence_end(start, line_end);
    let (first, last) = cx.word_range(start, end);
    let person = |span: Option<Span>| span.filter(|n| person_like(cx, *n));
    // A person, or an organisation: "That was the message from the Traders' Association."
    if let Some(span) = demonstrative_source(cx, first, last)
        .filter(|n| person_like(cx, *n) || organisation_candidate(cx, *n))
    {
        return Some(Speaker { span });
    }
    (first..last.saturating_sub(1))
        .find_map(|i| {
            let object: &str = cx.words[i + 1].lower.as_ref();
            if !["it", "this", "so"].contains(&object) || cx.reporting_at(i).is_none() {
                return None;
            }
            let verb = cx.words[i].span;
            let next = cx.words.get(i + 2).filter(|_| i + 2 < last);
            let relative = i > first && cx.words[i - 1].lower == "who";
            if relative {
                let is = next.filter(|w| ["is", "was"].contains(&w.lower.as_ref()))?;
                let after = cx.words.get(i + 3)?;
                return person(cx.name_at(after.span.start))
                    .filter(|_| is.span.end < after.span.start);
            }
            // "said it quietly", "said it, standing": "it" is the object, not a clause's subject.
            let after_object = cx.text[cx.words[i + 1].span.end..].trim_start();
            let object_ends = after_object.starts_with(['.', ',', ';'])
                || next.is_some_and(|w| w.lower.ends_with("ly"));
            let name = verb
                .start
                .checked_sub(1)
                .filter(|&e| cx.text[e..verb.start] == *" ")
                .and_then(|e| cx.name_ending_at(e));
            person(name).filter(|_| object_ends)
        })
        .map(|span| Speaker { span })
}

/// The name in a sentence that opens by pointing back at the quote: "That
/// was how Name, …, described it", "Those were the words of Name", "That
/// was the message from the Name Association", "The words came from Name".
/// With "how" or "what", a reporting verb must follow the name.
fn demonstrative_source(cx: &Context, first: usize, last: usize) -> Option<Span> {
    let word = |i: usize| {
        if i < last {
            cx.words[i].lower.as_ref()
        } else {
            ""
        }
    };
    let pointer = |w: &str| ["that", "this", "those", "these"].contains(&w);
    let said = |w: &str| SPEECH_NOUNS.contains(&w);
    let (at, needs_verb) =
        if pointer(word(first)) && ["is", "was", "are", "were"].contains(&word(first + 1)) {
            match word(first + 2) {
                "how" | "what" => (first + 3, true),
                "the" if said(word(first + 3)) && ["of", "from"].contains(&word(first + 4)) => {
                    (first + 5, false)
                }
                _ => return None,
            }
        } else if (pointer(word(first)) || word(first) == "the")
            && said(word(first + 1))
            && ["came", "come", "comes"].contains(&word(first + 2))
            && word(first + 3) == "from"
        {
            (first + 4, false)
        } else {
            return None;
        };
    // "from the Harbour Traders' Association": the article before a name.
    let at = if word(at) == "the" { at + 1 } else { at };
    let name = cx.name_at(cx.words.get(at).filter(|_| at < last)?.span.start)?;
    let after = cx.words.partition_point(|w| w.span.start < name.end);
    (!needs_verb || (after..last).any(|j| cx.reporting_at(j).is_some())).then_some(name)
}
