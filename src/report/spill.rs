//! Per-document rows kept on disk while a run streams, and the report
//! written from them.
//!
//! A streamed run writes each scored document's non-zero counts to an
//! anonymous temporary file ([`Spill`]), numbered by the tally's key slots
//! (first seen); memory keeps none of them. At the end the rows are read
//! twice: once for the spread of the per-document F1s, once to render the
//! report's documents ([`render_documents`], every extractor's in parallel),
//! whose key table is sorted and whose rows are renumbered to it.
//! [`write_report`] writes the same bytes as [`crate::report::Report::write`]
//! would for the report with every document in memory.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, Write};

use serde::Serialize;

use crate::report::compact::Row;
use crate::report::Report;
use crate::schema::Layer;
use crate::score::Counts;

/// Documents' rows written one after another: per document, the length of
/// its record, then the id and `[slot, cor, inc, par, mis, spu]` per
/// non-zero key, as LEB128 numbers. A record is encoded into a buffer kept
/// across documents and written at once, and read back at once (no write
/// or read call per number).
pub(crate) struct Spill {
    out: BufWriter<std::fs::File>,
    documents: usize,
    record: Vec<u8>,
}

impl Spill {
    /// An empty spill in the system's temporary directory (removed when dropped).
    pub(crate) fn new() -> io::Result<Spill> {
        Ok(Spill {
            out: BufWriter::new(tempfile::tempfile()?),
            documents: 0,
            record: Vec::new(),
        })
    }

    /// Appends a document's rows.
    pub(crate) fn push(&mut self, doc: &str, rows: &[(u32, Counts)]) -> io::Result<()> {
        let record = &mut self.record;
        record.clear();
        put(record, doc.len() as u64);
        record.extend_from_slice(doc.as_bytes());
        put(record, rows.len() as u64);
        for (slot, c) in rows {
            for v in [u64::from(*slot), c.cor, c.inc, c.par, c.mis, c.spu] {
                put(record, v);
            }
        }
        let (length, n) = leb128(record.len() as u64);
        self.out.write_all(&length[..n])?;
        self.out.write_all(record)?;
        self.documents += 1;
        Ok(())
    }

    /// Reads every document back, in order, calling `each` with its id and rows.
    pub(crate) fn read(
        &mut self,
        mut each: impl FnMut(&str, &[(u32, Counts)]) -> io::Result<()>,
    ) -> io::Result<()> {
        self.out.flush()?;
        let file = self.out.get_mut();
        file.rewind()?;
        let mut input = BufReader::new(&*file);
        let (mut record, mut rows) = (Vec::new(), Vec::new());
        for _ in 0..self.documents {
            record.resize(read_length(&mut input)?, 0);
            input.read_exact(&mut record)?;
            let mut bytes = record.as_slice();
            let length = get(&mut bytes)? as usize;
            let id = bytes.get(..length).ok_or_else(truncated)?;
            let id = std::str::from_utf8(id).map_err(io::Error::other)?;
            bytes = &bytes[length..];
            rows.clear();
            for _ in 0..get(&mut bytes)? {
                let slot = get(&mut bytes)? as u32;
                let mut v = [0u64; 5];
                for x in &mut v {
                    *x = get(&mut bytes)?;
                }
                let [cor, inc, par, mis, spu] = v;
                rows.push((
                    slot,
                    Counts {
                        cor,
                        inc,
                        par,
                        mis,
                        spu,
                    },
                ));
            }
            each(id, &rows)?;
        }
        drop(input);
        file.seek(io::SeekFrom::End(0))?;
        Ok(())
    }
}

fn put(out: &mut Vec<u8>, v: u64) {
    let (bytes, n) = leb128(v);
    out.extend_from_slice(&bytes[..n]);
}

/// `v` in LEB128: its bytes and how many of them are used.
fn leb128(mut v: u64) -> ([u8; 10], usize) {
    let mut bytes = [0u8; 10];
    let mut n = 0;
    loop {
        let low = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            bytes[n] = low;
            return (bytes, n + 1);
        }
        bytes[n] = low | 0x80;
        n += 1;
    }
}

/// The next number of a record, advancing past it.
fn get(bytes: &mut &[u8]) -> io::Result<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = bytes.split_first().ok_or_else(truncated)?;
        *bytes = rest;
        v |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(v);
        }
    }
    Err(io::Error::other("spill: number too long"))
}

/// A record's length, read from the file.
fn read_length(input: &mut impl BufRead) -> io::Result<usize> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let mut byte = [0u8];
        input.read_exact(&mut byte)?;
        v |= u64::from(byte[0] & 0x7f) << shift;
        if byte[0] & 0x80 == 0 {
            return Ok(v as usize);
        }
    }
    Err(io::Error::other("spill: number too long"))
}

fn truncated() -> io::Error {
    io::Error::new(io::ErrorKind::UnexpectedEof, "spill: record cut short")
}

/// Renders an extractor's `documents` as [`crate::report::compact`] writes
/// them, `{"keys": [...], "counts": {...}}`, from its rows and the key of
/// each slot, into a temporary file ready to be read from its start. The
/// extractors' parts are rendered in parallel, then copied into the report.
pub(crate) fn render_documents(spill: &mut Spill, names: &[(Layer, String)]) -> io::Result<File> {
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by(|&a, &b| {
        let (la, ka) = &names[a];
        let (lb, kb) = &names[b];
        (la, ka.as_str()).cmp(&(lb, kb.as_str()))
    });
    let mut index = vec![0usize; names.len()];
    for (i, &slot) in order.iter().enumerate() {
        index[slot] = i;
    }
    let keys: Vec<(Layer, &str)> = order
        .iter()
        .map(|&slot| (names[slot].0, names[slot].1.as_str()))
        .collect();
    let mut out = BufWriter::new(tempfile::tempfile()?);
    out.write_all(b"{\"keys\":")?;
    serde_json::to_writer(&mut out, &keys)?;
    out.write_all(b",\"counts\":{")?;
    let mut rows_json: Vec<Row> = Vec::new();
    let mut first = true;
    spill.read(|id, rows| {
        if !first {
            out.write_all(b",")?;
        }
        first = false;
        rows_json.clear();
        rows_json.extend(
            rows.iter()
                .map(|(slot, c)| Row::new(index[*slot as usize], c)),
        );
        serde_json::to_writer(&mut out, id)?;
        out.write_all(b":")?;
        serde_json::to_writer(&mut out, &rows_json)?;
        Ok(())
    })?;
    out.write_all(b"}}")?;
    let mut file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    file.rewind()?;
    Ok(file)
}

/// Writes `report` (whose extractors hold no documents) with each
/// extractor's documents copied from its part rendered by
/// [`render_documents`], as [`Report::write`] writes a whole report: one
/// line of JSON, the fields in the order and with the omissions of
/// [`Report`] and [`crate::report::ExtractorScores`].
pub(crate) fn write_report(
    out: &mut impl Write,
    report: &Report,
    documents: &mut BTreeMap<String, File>,
) -> io::Result<()> {
    field(out, "{", "schema_version", &report.schema_version)?;
    field(out, ",", "wirebench_version", &report.wirebench_version)?;
    field(out, ",", "scorer_version", &report.scorer_version)?;
    field(out, ",", "fingerprint", &report.fingerprint)?;
    field(out, ",", "scoring", &report.scoring)?;
    out.write_all(b",\"scores\":{")?;
    for (i, (id, scores)) in report.scores.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, id)?;
        field(out, ":{", "layers", &scores.layers)?;
        field(out, ",", "metrics", &scores.metrics)?;
        field(out, ",", "intervals", &scores.intervals)?;
        field(out, ",", "breakdowns", &scores.breakdowns)?;
        field(out, ",", "worst_documents", &scores.worst_documents)?;
        if !scores.confusion.is_empty() {
            field(out, ",", "confusion", &scores.confusion)?;
        }
        out.write_all(b",\"documents\":")?;
        let part = documents
            .get_mut(id)
            .ok_or_else(|| io::Error::other(format!("no documents rendered for {id}")))?;
        io::copy(part, out)?;
        field(out, ",", "failed", &scores.failed)?;
        out.write_all(b"}")?;
    }
    field(out, "},", "timings", &report.timings)?;
    if let Some(shard) = &report.shard {
        field(out, ",", "shard", shard)?;
    }
    out.write_all(b"}\n")
}

/// Writes `lead` (what comes before the field: `{`, `,` or the end of an
/// object before it), then `"name":` and the value.
fn field(out: &mut impl Write, lead: &str, name: &str, value: &impl Serialize) -> io::Result<()> {
    write!(out, "{lead}\"{name}\":")?;
    serde_json::to_writer(out, value).map_err(io::Error::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_come_back_as_they_were_pushed() {
        let big = Counts {
            cor: u64::MAX,
            inc: 0,
            par: 127,
            mis: 128,
            spu: 1 << 35,
        };
        let small = Counts {
            cor: 1,
            ..Counts::default()
        };
        let long_id = "d".repeat(300);
        let pushed: Vec<(&str, Vec<(u32, Counts)>)> = vec![
            ("a", vec![(0, small), (u32::MAX, big)]),
            ("", Vec::new()),
            (&long_id, vec![(7, small)]),
        ];
        let mut spill = Spill::new().unwrap();
        for (id, rows) in &pushed {
            spill.push(id, rows).unwrap();
        }
        for _ in 0..2 {
            let mut read = Vec::new();
            spill
                .read(|id, rows| {
                    read.push((id.to_owned(), rows.to_vec()));
                    Ok(())
                })
                .unwrap();
            let expected: Vec<(String, Vec<(u32, Counts)>)> = pushed
                .iter()
                .map(|(id, rows)| (id.to_string(), rows.clone()))
                .collect();
            assert_eq!(read, expected);
        }
    }
}
