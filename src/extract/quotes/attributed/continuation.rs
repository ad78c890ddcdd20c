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
