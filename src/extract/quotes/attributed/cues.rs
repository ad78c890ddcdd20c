//! Cues: the reporting verb or phrase of a quote's sentence (before or
//! after the quote, or a colon after a name) and where its source stands.

use super::*;

/// Attribution after the closing mark: `, he said`, `said Name`, `Name, a role, said`, `according to X`.
pub(super) fn find_after(cx: &Context, after: Span) -> Option<(Source, Option<Span>)> {
    let (first, last) = cx.word_range(after.start, after.end);
    // A partial quote inside a clause ("sold “solar bonds” promising …")
    // takes a verb after it only right after it.
    let inner_end = cx.text[..after.start]
        .trim_end_matches(['”', '"', '’', '»', ' '])
        .chars()
        .next_back();
    let partial = !inner_end.is_some_and(|c| ",.?!—–-:;".contains(c))
        && !cx.text[after.start..after.end]
            .trim_start()
            .starts_with([',', '—', '–']);
    let reach = if partial { 4 } else { 25 };
    for i in first..last.min(first + reach) {
        let Some(verb) = cx.reporting_at(i) else {
            continue;
        };
        if i > first
            && ["was", "were", "been", "be", "being", "is", "are"]
                .contains(&cx.words[i - 1].lower.as_ref())
            && cx.text[cx.words[i - 1].span.end..verb.start]
                .trim()
                .is_empty()
        {
            // "was announced": a passive names no speaker here.
            continue;
        }
        let lead = &cx.text[after.start..verb.start];
        if cx.words[i].lower == "according" {
            return lead
                .trim_matches(|c: char| c.is_whitespace() || c == ',')
                .is_empty()
                .then(|| (according_source(cx, verb.end, after.end), Some(verb)));
        }
        if let Some(source) = subject_before(cx, Span::new(after.start, verb.start)) {
            return Some((source, Some(verb)));
        }
        if lead
            .trim_matches(|c: char| c.is_whitespace() || c == ',')
            .is_empty()
        {
            return subject_after(cx, Span::new(verb.end, after.end), true)
                .map(|s| (s, Some(verb)));
        }
        return None;
    }
    None
}

/// Attribution before the opening mark: the last reporting verb of the
/// sentence and its subject; a participle ("saying") takes the sentence's
/// subject, or the speaker of an earlier quote of the sentence.
pub(super) fn find_before(
    cx: &Context,
    before: Span,
    sentence_start: usize,
    previous: Option<&Option<Speaker>>,
) -> Option<(Source, Option<Span>)> {
    let (first, last) = cx.word_range(before.start, before.end);
    let passive = |i: usize| {
        i > 0
            && ["was", "were", "been", "be", "being", "is", "are", "to"]
                .contains(&cx.words[i - 1].lower.as_ref())
    };
    let (index, verb) = (first..last).rev().filter(|&i| !passive(i)).find_map(|i| {
        cx.reporting_at(i)
            .filter(|v| v.end <= before.end)
            .map(|v| (i, v))
    })?;
    if cx.words[index].lower == "reading" {
        // "a banner reading": the words are the banner's.
        return Some((Source::Nobody, Some(verb)));
    }
    let lower = cx.words[index].lower.as_ref();
    if lower == "according" {
        return Some((according_source(cx, verb.end, before.end), Some(verb)));
    }
    if lower.ends_with("ing") {
        if let Some(Some(speaker)) = previous {
            return Some((Source::Named(speaker.span), Some(verb)));
        }
        return sentence_subject(cx, Span::new(sentence_start, verb.start))
            .map(|s| (s, Some(verb)));
    }
    if let Some(source) = subject_before(cx, Span::new(before.start, verb.start)) {
        return Some((source, Some(verb)));
    }
    if let Some(Some(speaker)) = previous {
        return Some((Source::Named(speaker.span), Some(verb)));
    }
    sentence_subject(cx, Span::new(sentence_start, verb.start)).map(|s| (s, Some(verb)))
}

/// The source after "according to": the first name within a few words
/// ("according to an affidavit by Pieter Steyn", "according to the
/// company's barrister, Anjali Murthy"), else a description.
pub(super) fn according_source(cx: &Context, from: usize, to: usize) -> Source {
    let (first, last) = cx.word_range(from, to);
    let limit = cx
        .words
        .get((first + 8).min(last.max(first + 1) - 1))
        .map_or(to, |w| w.span.end)
        .min(to);
    let first_name = cx.names.partition_point(|n| n.start < from);
    let name = cx.names[first_name..]
        .iter()
        .take_while(|n| n.start < limit)
        .find(|n| n.end <= limit && !is_common_noun(cx.slice(**n)));
    match name {
        Some(n) if cx.text[from..n.start].split_whitespace().count() <= 6 => Source::Named(*n),
        _ => subject_after(cx, Span::new(from, to), true).unwrap_or(Source::Nobody),
    }
}

/// `Kirby: “…”`: a name right before a colon that opens the quote.
pub(super) fn colon_source(cx: &Context, before: Span) -> Option<(Source, Option<Span>)> {
    let stem = cx.text[before.start..before.end]
        .trim_end()
        .strip_suffix(':')?
        .trim_end();
    cx.name_ending_at(before.start + stem.len())
        .map(|n| (Source::Named(n), None))
}
