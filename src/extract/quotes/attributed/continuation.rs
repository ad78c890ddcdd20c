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
        Source::Named(name) if person_like(cx, name) => Some(Speaker {
            name: cx.slice(name).to_owned(),
            span: name,
        }),
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
