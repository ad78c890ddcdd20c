//! brat standoff: `<id>.txt` with `<id>.ann` beside it.
//!
//! Import: `T` lines become entity mentions (types through the label map),
//! number kinds (`MONEY`, `cardinal`, …) become numbers where the value can
//! be read (from an `AnnotatorNotes` `value=…; unit=…`, else from digits in
//! the text), `Quote`/`Content` spans become quotes, and attribution
//! relations or events (source, cue, content, as in PolNeAR) give them
//! speakers and cues. `Equiv` lines and `entity=` notes group mentions into
//! entities. Everything else (attributes, normalisations, other relations,
//! discontinuous spans) is counted in the report.
//!
//! Export writes exactly what import reads back: one `T` per mention, quote
//! and number, `Equiv` for entities with several mentions, notes with the
//! entity id and canonical name, cues, values and units, and a `Source`
//! relation from each quote to the speaker's nearest mention. Offsets are code
//! points, as brat counts them; a span over a line break is written as
//! fragments, one per line.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::corpus::Dataset;
use crate::error::{Error, Result};
use crate::golden::{GoldNumber, GoldenFile};
use crate::schema::{EntityType, Layer, NumberValue};

use super::{
    number_kind, read_number, refuse_existing, role_of, slug, to_codepoints, Conversion,
    DocBuilder, ImportLabels, Imported, MentionIn, QuoteIn,
};

/// How many of each thing an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BratExport {
    /// Documents.
    pub documents: usize,
    /// Entity mentions.
    pub mentions: usize,
    /// Quotes.
    pub quotes: usize,
    /// Numbers.
    pub numbers: usize,
}

const QUOTE: &str = "Quote";
const SOURCE: &str = "Source";

/// Writes every document of the dataset as `<id>.txt` and `<id>.ann` in
/// `dir` (which must not exist), with an `annotation.conf`.
pub fn export(dataset: &Dataset, dir: &Path) -> Result<BratExport> {
    refuse_existing(dir)?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut summary = BratExport::default();
    for (doc, gold) in dataset.documents().iter().zip(dataset.gold()) {
        let gold = to_codepoints(gold, &doc.text);
        let ann = ann_of(&gold, &doc.text, &mut summary);
        for (name, contents) in [("txt", doc.text.as_str()), ("ann", ann.as_str())] {
            let path = dir.join(format!("{}.{name}", doc.id));
            std::fs::write(&path, contents).map_err(|e| Error::io(&path, e))?;
        }
        summary.documents += 1;
    }
    let path = dir.join("annotation.conf");
    let conf = annotation_conf(&dataset.declared().entity_types);
    std::fs::write(&path, conf).map_err(|e| Error::io(&path, e))?;
    Ok(summary)
}

/// One golden file (code points) as a brat `.ann`.
pub fn ann_of(gold: &GoldenFile, text: &str, summary: &mut BratExport) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut t = 0;
    let mut notes = 0;
    let mut mention_ids: Vec<(usize, String, String)> = Vec::new(); // (start, entity id, T)
    let mut note = |out: &mut String, target: &str, body: &str| {
        notes += 1;
        let _ = writeln!(out, "#{notes}\tAnnotatorNotes {target}\t{body}");
    };
    let mut span_line = |out: &mut String, ty: &str, start: usize, end: usize| -> String {
        t += 1;
        let frags = fragments(&chars, start, end);
        let offsets: Vec<String> = frags.iter().map(|(s, e)| format!("{s} {e}")).collect();
        let shown: Vec<String> = frags
            .iter()
            .map(|&(s, e)| chars[s..e].iter().collect())
            .collect();
        let _ = writeln!(out, "T{t}\t{ty} {}\t{}", offsets.join(";"), shown.join(" "));
        format!("T{t}")
    };
    for entity in &gold.entities {
        let mut ids = Vec::new();
        for m in &entity.mentions {
            let id = span_line(&mut out, entity.ty.label(), m.start, m.end);
            mention_ids.push((m.start, entity.id.clone(), id.clone()));
            ids.push(id);
            summary.mentions += 1;
        }
        note(
            &mut out,
            &ids[0],
            &format!("entity={}; canonical={}", entity.id, entity.canonical),
        );
        if ids.len() > 1 {
            let _ = writeln!(out, "*\tEquiv {}", ids.join(" "));
        }
    }
    let mut r = 0;
    for q in &gold.quotes {
        let id = span_line(&mut out, QUOTE, q.start, q.end);
        summary.quotes += 1;
        if let Some(cue) = &q.cue {
            note(&mut out, &id, &format!("cue={cue}"));
        }
        let nearest = q.speaker.as_ref().and_then(|speaker| {
            mention_ids
                .iter()
                .filter(|(_, e, _)| e == speaker)
                .min_by_key(|(s, _, _)| s.abs_diff(q.start))
        });
        if let Some((_, _, mention)) = nearest {
            r += 1;
            let _ = writeln!(out, "R{r}\t{SOURCE} Arg1:{id} Arg2:{mention}");
        }
    }
    for n in &gold.numbers {
        let id = span_line(
            &mut out,
            &n.kind.name().to_ascii_uppercase(),
            n.start,
            n.end,
        );
        summary.numbers += 1;
        note(&mut out, &id, &number_note(&n.value, n.unit.as_deref()));
    }
    out
}

/// `[start, end)` split at line breaks, each piece trimmed of white space.
fn fragments(chars: &[char], start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut s = start;
    for i in start..=end {
        if i == end || chars[i] == '\n' {
            let (mut a, mut b) = (s, i);
            while a < b && chars[a].is_whitespace() {
                a += 1;
            }
            while b > a && chars[b - 1].is_whitespace() {
                b -= 1;
            }
            if a < b {
                out.push((a, b));
            }
            s = i + 1;
        }
    }
    if out.is_empty() {
        out.push((start, end));
    }
    out
}

fn annotation_conf(types: &[EntityType]) -> String {
    let mut out = String::from("[entities]\n");
    for t in types {
        let _ = writeln!(out, "{t}");
    }
    let _ = writeln!(out, "{QUOTE}");
    for k in crate::schema::NumberKind::ALL {
        let _ = writeln!(out, "{}", k.name().to_ascii_uppercase());
    }
    out.push_str(
        "\n[relations]\nEquiv\tArg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric-transitive\n",
    );
    let _ = writeln!(out, "{SOURCE}\tArg1:{QUOTE}, Arg2:<ENTITY>");
    out.push_str("\n[events]\n\n[attributes]\n");
    out
}

/// What a `T` line stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Mention(usize),
    Quote(usize),
    Source,
    Cue,
    Number,
    Dropped,
}

#[derive(Debug, Clone)]
struct TextBound {
    label: String,
    start: usize,
    end: usize,
    text: String,
    role: Role,
}

/// Reads every `<id>.ann` (with its `<id>.txt`) of `dir`, in file-name order.
pub fn import(dir: &Path, labels: &ImportLabels) -> Result<Imported> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut stems = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        if path.extension().is_some_and(|e| e == "ann") {
            if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
                stems.push(stem.to_owned());
            }
        }
    }
    stems.sort();
    if stems.is_empty() {
        return Err(Error::Format {
            path: dir.to_path_buf(),
            message: "no .ann files here".into(),
        });
    }
    let mut report = Conversion::default();
    let mut builders = Vec::new();
    for stem in stems {
        let txt = dir.join(format!("{stem}.txt"));
        let ann = dir.join(format!("{stem}.ann"));
        let text = std::fs::read_to_string(&txt).map_err(|e| Error::io(&txt, e))?;
        let standoff = std::fs::read_to_string(&ann).map_err(|e| Error::io(&ann, e))?;
        let id = slug(&stem);
        if id != stem {
            report
                .warnings
                .push(format!("{}: document id `{id}`", ann.display()));
        }
        builders.push(import_document(
            &ann,
            &id,
            &text,
            &standoff,
            labels,
            &mut report,
        )?);
    }
    Imported::new("brat", dir, builders, Layer::ALL.to_vec(), report)
}

/// One `.ann` against its text.
pub fn import_document(
    path: &Path,
    id: &str,
    text: &str,
    standoff: &str,
    labels: &ImportLabels,
    report: &mut Conversion,
) -> Result<DocBuilder> {
    let chars: Vec<char> = text.chars().collect();
    let bad = |line: usize, message: String| Error::Format {
        path: path.to_path_buf(),
        message: format!("line {line}: document {id}: {message}"),
    };
    let mut builder = DocBuilder::new(id, text);
    let mut bounds: BTreeMap<String, TextBound> = BTreeMap::new();
    let mut notes: BTreeMap<String, String> = BTreeMap::new();
    let mut relations: Vec<(String, Vec<(String, String)>)> = Vec::new();
    let mut equivs: Vec<Vec<String>> = Vec::new();

    for (i, line) in standoff.lines().enumerate() {
        let number = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.splitn(3, '\t').collect();
        let tag = fields[0];
        let body = fields.get(1).copied().unwrap_or("");
        match tag.chars().next() {
            Some('T') => {
                let (label, offsets) = body
                    .split_once(' ')
                    .ok_or_else(|| bad(number, format!("`{line}` has no offsets")))?;
                let mut frags = Vec::new();
                for frag in offsets.split(';') {
                    let parsed = frag.split_once(' ').and_then(|(s, e)| {
                        Some((s.parse::<usize>().ok()?, e.parse::<usize>().ok()?))
                    });
                    match parsed {
                        Some((s, e)) if s < e && e <= chars.len() => frags.push((s, e)),
                        _ => {
                            return Err(bad(
                                number,
                                format!(
                                "span `{frag}` is not START END inside the text ({} code points)",
                                chars.len()
                            ),
                            ))
                        }
                    }
                }
                let (start, end) = (frags[0].0, frags[frags.len() - 1].1);
                let joined_by_space = frags.windows(2).all(|w| {
                    w[0].1 <= w[1].0 && chars[w[0].1..w[1].0].iter().all(|c| c.is_whitespace())
                });
                let shown: Vec<String> = frags
                    .iter()
                    .map(|&(s, e)| chars[s..e].iter().collect())
                    .collect();
                if let Some(written) = fields.get(2) {
                    if *written != shown.join(" ") {
                        return Err(bad(
                            number,
                            format!("span {start}..{end} reads {:?} in the text, but the line says {written:?}", shown.join(" ")),
                        ));
                    }
                }
                let mut role = Role::Dropped;
                if !joined_by_space {
                    report.count(format!("discontinuous `{label}` span"));
                } else if let Some(r) = role_of(label) {
                    role = match r {
                        "content" => {
                            builder.quotes.push(QuoteIn {
                                start,
                                end,
                                speaker: None,
                                cue: None,
                            });
                            Role::Quote(builder.quotes.len() - 1)
                        }
                        "source" => Role::Source,
                        _ => Role::Cue,
                    };
                } else if number_kind(label).is_some() {
                    role = Role::Number;
                } else {
                    match labels.entity_type(label) {
                        Ok(ty) => {
                            builder.mentions.push(MentionIn {
                                start,
                                end,
                                ty,
                                cluster: None,
                            });
                            role = Role::Mention(builder.mentions.len() - 1);
                        }
                        Err(reason) => report.count(reason),
                    }
                }
                bounds.insert(
                    tag.to_owned(),
                    TextBound {
                        label: label.to_owned(),
                        start,
                        end,
                        text: chars[start..end].iter().collect(),
                        role,
                    },
                );
            }
            Some('#') => {
                if let (Some(target), Some(note)) =
                    (body.strip_prefix("AnnotatorNotes "), fields.get(2))
                {
                    notes.insert(target.trim().to_owned(), (*note).to_owned());
                } else {
                    report.count("comment line other than AnnotatorNotes");
                }
            }
            Some('R') => {
                let mut parts = body.split_whitespace();
                let ty = parts.next().unwrap_or("").to_owned();
                let args = parts
                    .filter_map(|a| a.split_once(':'))
                    .map(|(r, t)| (r.to_owned(), t.to_owned()))
                    .collect();
                relations.push((ty, args));
            }
            Some('E') => {
                let mut parts = body.split_whitespace();
                let Some((ty, trigger)) = parts.next().and_then(|t| t.split_once(':')) else {
                    return Err(bad(number, format!("event `{line}` has no TYPE:TRIGGER")));
                };
                let mut args: Vec<(String, String)> = vec![("Trigger".into(), trigger.to_owned())];
                args.extend(parts.filter_map(|a| a.split_once(':')).map(|(r, t)| {
                    (
                        r.trim_end_matches(|c: char| c.is_ascii_digit()).to_owned(),
                        t.to_owned(),
                    )
                }));
                relations.push((format!("event {ty}"), args));
            }
            Some('*') => {
                let mut parts = body.split_whitespace();
                match parts.next() {
                    Some("Equiv") => equivs.push(parts.map(str::to_owned).collect()),
                    other => report.count(format!("`*` line of type `{}`", other.unwrap_or(""))),
                }
            }
            Some('A' | 'M') => report.count("attribute (A/M line)"),
            Some('N') => report.count("normalisation (N line)"),
            _ => return Err(bad(number, format!("`{line}` is not a brat standoff line"))),
        }
    }

    // Numbers need their notes, so they come after every line is read.
    for (tag, bound) in &bounds {
        if bound.role != Role::Number {
            continue;
        }
        let kind = number_kind(&bound.label).expect("classified as a number");
        match read_number(kind, &bound.text, notes.get(tag).map(String::as_str)) {
            Ok((value, unit)) => builder.numbers.push(GoldNumber {
                start: bound.start,
                end: bound.end,
                text: bound.text.clone(),
                kind,
                value,
                unit,
            }),
            Err(reason) => report.count(format!("`{}` number: {reason}", bound.label)),
        }
    }

    // Entities: Equiv groups and `entity=` notes.
    let field = |note: &str, key: &str| -> Option<String> {
        let at = note.find(&format!("{key}="))?;
        let rest = &note[at + key.len() + 1..];
        Some(
            if key == "canonical" {
                rest
            } else {
                rest.split(';').next().unwrap_or("")
            }
            .trim()
            .to_owned(),
        )
    };
    for (tag, note) in &notes {
        match bounds.get(tag).map(|b| b.role) {
            Some(Role::Mention(m)) => {
                if let Some(entity) = field(note, "entity") {
                    builder.mentions[m].cluster = Some(entity.clone());
                    builder
                        .names
                        .insert(entity.clone(), (Some(entity), field(note, "canonical")));
                }
            }
            Some(Role::Quote(q)) => builder.quotes[q].cue = field(note, "cue"),
            _ => {}
        }
    }
    for (n, group) in equivs.iter().enumerate() {
        let members: Vec<usize> = group
            .iter()
            .filter_map(|t| match bounds.get(t).map(|b| b.role) {
                Some(Role::Mention(m)) => Some(m),
                _ => None,
            })
            .collect();
        let key = members
            .iter()
            .find_map(|&m| builder.mentions[m].cluster.clone())
            .unwrap_or_else(|| format!("equiv-{n}"));
        for m in members {
            builder.mentions[m].cluster = Some(key.clone());
        }
    }

    // Attribution: relations or events linking a content span to a source and a cue.
    for (ty, args) in &relations {
        let role_args: Vec<(Option<&'static str>, &TextBound)> = args
            .iter()
            .filter_map(|(role, t)| bounds.get(t).map(|b| (role_of(role), b)))
            .collect();
        let content = role_args.iter().find_map(|(_, b)| match b.role {
            Role::Quote(q) => Some(q),
            _ => None,
        });
        let Some(q) = content else {
            report.count(format!(
                "relation or event `{ty}` without a quote or content span"
            ));
            continue;
        };
        let is_source_relation = matches!(
            ty.to_ascii_lowercase().as_str(),
            "source" | "speaker" | "attribution" | "said" | "saidby" | "said-by"
        );
        for (role, b) in &role_args {
            if matches!(b.role, Role::Quote(_)) {
                continue;
            }
            let as_cue =
                b.role == Role::Cue || *role == Some("cue") || ty.eq_ignore_ascii_case("cue");
            if as_cue {
                builder.quotes[q].cue = Some(b.text.clone());
                continue;
            }
            let as_source = b.role == Role::Source || *role == Some("source") || is_source_relation;
            if !as_source {
                report.count(format!("argument of `{ty}` that is neither source nor cue"));
                continue;
            }
            let mention = match b.role {
                Role::Mention(m) => Some(m),
                _ => builder
                    .mentions
                    .iter()
                    .position(|m| m.start >= b.start && m.end <= b.end),
            };
            match mention {
                Some(m) => builder.quotes[q].speaker = Some(m),
                None => report
                    .count("attribution source that is not a named entity mention (speaker null)"),
            }
        }
    }
    Ok(builder)
}

/// A number's note: `value=…` and, when it has one, `; unit=…`.
pub fn number_note(value: &NumberValue, unit: Option<&str>) -> String {
    match unit {
        Some(u) => format!("value={value}; unit={u}"),
        None => format!("value={value}"),
    }
}
