//! `wirebench synth`: a corpus of any size with exact golden files.
//!
//! Scale is measured on text nobody has to annotate: wire-style articles are
//! assembled from sentence templates filled from vocabularies (invented
//! people and organisations, real places), and each span is recorded as it
//! is written, so the golden files are exact by construction. The templates
//! cover the annotation rules' main phenomena: quotes with curly, straight
//! and guillemet marks, cues before and after, speakers first named in full
//! and then by surname; PERSON, ORG and GPE mentions with diacritics; every
//! number kind (cardinals in digits and words, ordinals, money by symbol,
//! code and word, percentages in three styles, quantities with units, years,
//! full and month-year dates).
//!
//! Output is deterministic (each document draws from its own ChaCha8 stream
//! of the seed) and streamed: a document is written and forgotten, and the
//! manifest is written entry by entry, so memory stays flat at any size.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::corpus::{sha256_hex, ManifestEntry, Split};
use crate::error::{Error, Result};
use crate::golden::{GoldEntity, GoldNumber, GoldQuote, GoldenFile, Mention};
use crate::schema::{EntityType, NumberKind, NumberValue};

const FIRST: &[&str] = &[
    "Amara",
    "Tomasz",
    "Leilani",
    "Kwame",
    "Ingrid",
    "Rafael",
    "Mei",
    "Oluwaseun",
    "Sofía",
    "Anders",
    "Priya",
    "Mateus",
    "Yuki",
    "Chidi",
    "Elena",
    "Farid",
    "Noor",
    "Björn",
    "Aiyana",
    "Dmitri",
    "Zanele",
    "Henrik",
    "Lucía",
    "Tariq",
];
const SURNAMES: &[&str] = &[
    "Okonkwo",
    "Vasquez",
    "Lindqvist",
    "Tanaka",
    "Mensah",
    "Kowalczyk",
    "Haddad",
    "Ferreira",
    "Nakamura",
    "Adeyemi",
    "Moreau",
    "Castellano",
    "Osei",
    "Petrov",
    "Halvorsen",
    "Quispe",
    "Brennan",
    "Achterberg",
    "Mbatha",
    "Szabó",
    "Oyelaran",
    "Valdés",
    "Ekström",
    "Rahimi",
];
const ORG_FIRST: &[&str] = &[
    "Harbour",
    "Meridian",
    "Northgate",
    "Coastal",
    "Highland",
    "Riverside",
    "Summit",
    "Lakeshore",
    "Eastern Plains",
    "Granite",
    "Saltmarsh",
    "Copperline",
];
const ORG_SECOND: &[&str] = &[
    "Freight Council",
    "Water Authority",
    "Farmers Union",
    "Transit Board",
    "Energy Cooperative",
    "Housing Trust",
    "Fisheries Association",
    "Health Alliance",
    "Teachers Federation",
    "Ports Agency",
    "Growers Guild",
    "Rail Workers League",
];
const ROLES: &[&str] = &[
    "a spokesperson",
    "the chief economist",
    "a senior engineer",
    "the director",
    "an adviser",
    "the chair",
    "a board member",
    "the head of operations",
];
const CITIES: &[(&str, &str)] = &[
    ("Lagos", "Africa"),
    ("Lima", "South America"),
    ("Nairobi", "Africa"),
    ("Oslo", "Europe"),
    ("Hanoi", "Asia"),
    ("Quito", "South America"),
    ("Tbilisi", "Asia"),
    ("Dakar", "Africa"),
    ("Perth", "Oceania"),
    ("Almaty", "Asia"),
    ("Montevideo", "South America"),
    ("Gdańsk", "Europe"),
    ("Kraków", "Europe"),
    ("Medellín", "South America"),
    ("Accra", "Africa"),
    ("Reykjavík", "Europe"),
];
const TOPICS: &[&str] = &["economy", "infrastructure", "labour", "weather", "health"];
const PROJECTS: &[&str] = &[
    "new terminal",
    "pipeline upgrade",
    "flood barrier",
    "school programme",
    "bridge repair",
    "clinic network",
    "rail extension",
    "water plant",
];
const OPENERS: &[&str] = &[
    "We cannot wait another season",
    "The numbers speak for themselves",
    "This is only the beginning",
    "Nobody expected the response to be this strong",
    "Our members have been patient for too long",
    "The plan is sound",
    "Every family on the coast will feel this",
    "We were told the money was there",
];
const MIDDLES: &[&str] = &[
    " and we will keep pressing",
    " but the work is far from over",
    " even if the weather turns against us",
    " whatever the ministry decides",
    " and the figures will show it",
    "",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const ORDINAL_WORDS: &[&str] = &["first", "second", "third", "fourth", "fifth", "sixth"];
const NUMBER_WORDS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine",
];
const UNITS: &[(&str, &str)] = &[
    ("kilometers", "kilometer"),
    ("tonnes", "tonne"),
    ("hectares", "hectare"),
    ("meters", "meter"),
    ("kilograms", "kilogram"),
];

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// One document being written: its text and its golden spans, in code points.
struct Draft {
    text: String,
    chars: usize,
    gold: GoldenFile,
    /// Person ids named so far, with their surnames.
    people: Vec<(String, String)>,
}

impl Draft {
    fn push(&mut self, s: &str) -> (usize, usize) {
        let start = self.chars;
        self.text.push_str(s);
        self.chars += s.chars().count();
        (start, self.chars)
    }

    fn mention(&mut self, id: &str, ty: EntityType, canonical: &str, shown: &str) {
        let (start, end) = self.push(shown);
        let mention = Mention {
            start,
            end,
            text: shown.to_owned(),
        };
        match self.gold.entities.iter_mut().find(|e| e.id == id) {
            Some(entity) => entity.mentions.push(mention),
            None => self.gold.entities.push(GoldEntity {
                id: id.to_owned(),
                ty,
                canonical: canonical.to_owned(),
                mentions: vec![mention],
            }),
        }
    }

    fn number(&mut self, shown: &str, kind: NumberKind, value: NumberValue, unit: Option<&str>) {
        let (start, end) = self.push(shown);
        self.gold.numbers.push(GoldNumber {
            start,
            end,
            text: shown.to_owned(),
            kind,
            value,
            unit: unit.map(str::to_owned),
        });
    }

    fn quote(&mut self, inner: &str, speaker: &str, cue: &str) -> (usize, usize) {
        let (start, end) = self.push(inner);
        self.gold.quotes.push(GoldQuote {
            start,
            end,
            text: inner.to_owned(),
            speaker: Some(speaker.to_owned()),
            cue: Some(cue.to_owned()),
        });
        (start, end)
    }

    fn org(&mut self, rng: &mut ChaCha8Rng) {
        let name = format!("{} {}", pick(rng, ORG_FIRST), pick(rng, ORG_SECOND));
        self.mention(&slug(&name), EntityType::Org, &name, &name);
    }

    fn city(&mut self, city: &str) {
        self.mention(&slug(city), EntityType::Gpe, city, city);
    }

    /// A person by full name the first time (with a role), by surname after.
    fn person(&mut self, rng: &mut ChaCha8Rng, new: bool) -> String {
        if !new && !self.people.is_empty() {
            let (id, surname) = self.people[rng.random_range(0..self.people.len())].clone();
            let canonical = self
                .gold
                .entities
                .iter()
                .find(|e| e.id == id)
                .map(|e| e.canonical.clone());
            self.mention(
                &id,
                EntityType::Person,
                &canonical.unwrap_or_default(),
                &surname,
            );
            return id;
        }
        let (first, surname) = (*pick(rng, FIRST), *pick(rng, SURNAMES));
        let full = format!("{first} {surname}");
        let id = slug(&full);
        if self.people.iter().any(|(p, _)| *p == id) {
            self.mention(&id, EntityType::Person, &full, surname);
            return id;
        }
        self.mention(&id, EntityType::Person, &full, &full);
        self.push(&format!(", {} at the ", pick(rng, ROLES)));
        self.org(rng);
        self.push(",");
        self.people.push((id.clone(), surname.to_owned()));
        id
    }

    fn quote_text(rng: &mut ChaCha8Rng) -> String {
        format!("{}{}", pick(rng, OPENERS), pick(rng, MIDDLES))
    }

    fn money(&mut self, rng: &mut ChaCha8Rng) {
        let whole = rng.random_range(2..90u32);
        let tenth = rng.random_range(1..10u32);
        let amount = f64::from(whole * 10 + tenth) / 10.0;
        match rng.random_range(0..3) {
            0 => self.number(
                &format!("${amount} million"),
                NumberKind::Money,
                NumberValue::Number(amount * 1e6),
                Some("USD"),
            ),
            1 => self.number(
                &format!("{} euros", whole * 1000),
                NumberKind::Money,
                NumberValue::Number(f64::from(whole * 1000)),
                Some("EUR"),
            ),
            _ => self.number(
                &format!("{whole} million KES"),
                NumberKind::Money,
                NumberValue::Number(f64::from(whole) * 1e6),
                Some("KES"),
            ),
        }
    }

    fn percent(&mut self, rng: &mut ChaCha8Rng) {
        let v = f64::from(rng.random_range(11..199u32)) / 10.0;
        let shown = match rng.random_range(0..3) {
            0 => format!("{v}%"),
            1 => format!("{v} percent"),
            _ => format!("{v} per cent"),
        };
        self.number(&shown, NumberKind::Percent, NumberValue::Number(v), None);
    }

    fn sentence(&mut self, rng: &mut ChaCha8Rng) {
        let year = rng.random_range(2019..2027u32);
        let month = rng.random_range(0..12usize);
        match rng.random_range(0..7) {
            0 => {
                self.person(rng, true);
                self.push(" said the ");
                let project = pick(rng, PROJECTS);
                self.push(project);
                self.push(" would cost ");
                self.money(rng);
                self.push(".");
            }
            1 => {
                let inner = format!("{},", Self::quote_text(rng));
                self.push("“");
                self.quote(&inner, "", "said");
                self.push("” said ");
                let new = rng.random_bool(0.3);
                let id = self.person(rng, new);
                self.gold.quotes.last_mut().expect("just pushed").speaker = Some(id);
                self.text.truncate(self.text.trim_end_matches(',').len());
                self.chars = self.text.chars().count();
                self.push(".");
            }
            2 => {
                let (speaker, cue) = if self.people.is_empty() {
                    let id = self.person(rng, true);
                    self.push(" spoke in ");
                    (id, "spoke")
                } else {
                    let id = self.person(rng, false);
                    self.push(" told reporters in ");
                    (id, "told")
                };
                let (city, _) = *pick(rng, CITIES);
                self.city(city);
                self.push(": \"");
                let inner = format!("{}.", Self::quote_text(rng));
                self.quote(&inner, &speaker, cue);
                self.push("\"");
            }
            3 => {
                self.push("Prices in ");
                let (city, _) = *pick(rng, CITIES);
                self.city(city);
                self.push(" rose ");
                self.percent(rng);
                self.push(" in ");
                self.number(
                    &format!("{} {year}", MONTHS[month]),
                    NumberKind::Date,
                    NumberValue::Text(format!("{year}-{:02}", month + 1)),
                    None,
                );
                self.push(", according to the ");
                self.org(rng);
                self.push(".");
            }
            4 => {
                let day = rng.random_range(1..29u32);
                self.push("The ");
                let n = rng.random_range(0..ORDINAL_WORDS.len());
                if rng.random_bool(0.5) {
                    self.number(
                        ORDINAL_WORDS[n],
                        NumberKind::Ordinal,
                        NumberValue::Number((n + 1) as f64),
                        None,
                    );
                } else {
                    let k = n + 10;
                    self.number(
                        &format!("{k}th"),
                        NumberKind::Ordinal,
                        NumberValue::Number(k as f64),
                        None,
                    );
                }
                self.push(" round of talks, held on ");
                self.number(
                    &format!("{} {day}, {year}", MONTHS[month]),
                    NumberKind::Date,
                    NumberValue::Text(format!("{year}-{:02}-{day:02}", month + 1)),
                    None,
                );
                self.push(", drew ");
                if rng.random_bool(0.5) {
                    let k = rng.random_range(0..NUMBER_WORDS.len());
                    self.number(
                        NUMBER_WORDS[k],
                        NumberKind::Cardinal,
                        NumberValue::Number((k + 2) as f64),
                        None,
                    );
                } else {
                    let k = rng.random_range(20..900u32);
                    self.number(
                        &k.to_string(),
                        NumberKind::Cardinal,
                        NumberValue::Number(f64::from(k)),
                        None,
                    );
                }
                self.push(" delegations.");
            }
            5 => {
                let (shown, unit) = *pick(rng, UNITS);
                let k = rng.random_range(12..480u32);
                self.push("Crews expect to finish ");
                self.number(
                    &format!("{k} {shown}"),
                    NumberKind::Quantity,
                    NumberValue::Number(f64::from(k)),
                    Some(unit),
                );
                self.push(" of work before ");
                self.number(
                    &year.to_string(),
                    NumberKind::Year,
                    NumberValue::Number(f64::from(year)),
                    None,
                );
                self.push(".");
            }
            _ => {
                let inner = Self::quote_text(rng);
                self.push("«");
                self.quote(&inner, "", "added");
                self.push("», ");
                let id = self.person(rng, false);
                self.gold.quotes.last_mut().expect("just pushed").speaker = Some(id);
                self.push(" added.");
            }
        }
    }
}

fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.to_lowercase().chars() {
        match c {
            'a'..='z' | '0'..='9' => out.push(c),
            'á' | 'à' => out.push('a'),
            'é' | 'è' => out.push('e'),
            'í' => out.push('i'),
            'ó' | 'ö' => out.push('o'),
            'ń' => out.push('n'),
            _ if !out.is_empty() && !out.ends_with('-') => out.push('-'),
            _ => {}
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Generates document `index` of seed `seed`: its manifest entry, text and golden file.
pub fn document(seed: u64, index: u64) -> (ManifestEntry, String, GoldenFile) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(index);
    let id = format!("synth-{seed}-{index:07}");
    let mut draft = Draft {
        text: String::new(),
        chars: 0,
        gold: GoldenFile {
            doc: id.clone(),
            notes: Vec::new(),
            entities: Vec::new(),
            quotes: Vec::new(),
            numbers: Vec::new(),
        },
        people: Vec::new(),
    };
    let (city, region) = *pick(&mut rng, CITIES);
    draft.city(city);
    draft.push(" (Wirebench Wire) — ");
    let sentences = rng.random_range(10..22);
    for i in 0..sentences {
        if i > 0 {
            draft.push(if rng.random_bool(0.3) { "\n\n" } else { " " });
        }
        draft.sentence(&mut rng);
    }
    draft.push("\n");
    let meta = ManifestEntry {
        id,
        title: format!("Synthetic wire story {index} of seed {seed}"),
        date: format!("2025-{:02}-{:02}", index % 12 + 1, index % 28 + 1),
        source: "wirebench synth (generated, fictional)".into(),
        licence: "CC0-1.0".into(),
        provenance: "synthetic".into(),
        sha256: sha256_hex(draft.text.as_bytes()),
        topic: Some((*pick(&mut rng, TOPICS)).to_owned()),
        region: Some(region.to_owned()),
        split: Some(if index.is_multiple_of(2) {
            Split::Dev
        } else {
            Split::Test
        }),
        phenomena: Vec::new(),
        form: None,
        style: None,
    };
    (meta, draft.text, draft.gold)
}

/// Writes `docs` documents of `seed` to `out/corpus` and `out/golden`;
/// returns the bytes of text written. `out` must not exist or be empty.
pub fn write(docs: usize, seed: u64, out: &Path) -> Result<u64> {
    if out.exists()
        && std::fs::read_dir(out)
            .map_err(|e| Error::io(out, e))?
            .next()
            .is_some()
    {
        return Err(Error::io(
            out,
            std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "output directory is not empty",
            ),
        ));
    }
    let (corpus, golden) = (out.join("corpus"), out.join("golden"));
    for dir in [&corpus, &golden] {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let manifest_path = corpus.join("manifest.json");
    let file = File::create(&manifest_path).map_err(|e| Error::io(&manifest_path, e))?;
    let mut manifest = BufWriter::new(file);
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |e: std::io::Error| Error::io(&path, e)
    };
    manifest
        .write_all(b"{\"documents\": [\n")
        .map_err(io(&manifest_path))?;
    let mut bytes = 0u64;
    for index in 0..docs as u64 {
        let (meta, text, gold) = document(seed, index);
        let text_path = corpus.join(format!("{}.txt", meta.id));
        std::fs::write(&text_path, &text).map_err(io(&text_path))?;
        let gold_path = golden.join(format!("{}.json", meta.id));
        let json = serde_json::to_string(&gold)
            .map_err(std::io::Error::from)
            .map_err(io(&gold_path))?;
        std::fs::write(&gold_path, json + "\n").map_err(io(&gold_path))?;
        if index > 0 {
            manifest.write_all(b",\n").map_err(io(&manifest_path))?;
        }
        serde_json::to_writer(&mut manifest, &meta)
            .map_err(std::io::Error::from)
            .map_err(io(&manifest_path))?;
        bytes += text.len() as u64;
    }
    manifest
        .write_all(b"\n]}\n")
        .and_then(|()| manifest.flush())
        .map_err(io(&manifest_path))?;
    Ok(bytes)
}
