//! Safe file access: every file wirebench reads or writes goes through here.
//!
//! Why: a benchmark harness runs in CI on files it did not write. Reading a
//! FIFO blocks forever, a link to `/dev/zero` is read until memory runs out, a
//! link inside the corpus can carry a secret's text into an errors file, and
//! an output path that is also an input (`--json p.jsonl` after
//! `--predictions p.jsonl`) destroys it. So reads take regular files only,
//! under a size limit, and inside their folder; writes go to a temporary file
//! in the same directory that is renamed over the target only when complete,
//! and are refused when the target is one of the run's inputs.
//!
//! The limits default to [`DEFAULT_MAX_FILE_BYTES`] and
//! [`DEFAULT_MAX_LINE_BYTES`] and can be raised with the environment variables
//! `WIREBENCH_MAX_FILE_BYTES` and `WIREBENCH_MAX_LINE_BYTES`.

use std::io::{self, BufRead, Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Largest file read (corpus text, golden, manifest, predictions, report): 1 GiB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 1 << 30;
/// Longest line of a JSON Lines file (predictions, errors): 256 MiB.
pub const DEFAULT_MAX_LINE_BYTES: u64 = 256 << 20;

const FILE_VAR: &str = "WIREBENCH_MAX_FILE_BYTES";
const LINE_VAR: &str = "WIREBENCH_MAX_LINE_BYTES";

fn limit(var: &str, default: u64) -> u64 {
    std::env::var(var)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// The largest file read, in bytes (`WIREBENCH_MAX_FILE_BYTES`).
pub fn max_file_bytes() -> u64 {
    limit(FILE_VAR, DEFAULT_MAX_FILE_BYTES)
}

/// The longest line read from a JSON Lines file, in bytes (`WIREBENCH_MAX_LINE_BYTES`).
pub fn max_line_bytes() -> u64 {
    limit(LINE_VAR, DEFAULT_MAX_LINE_BYTES)
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

/// Opens `path` for reading if it is a regular file (links followed) no
/// larger than [`max_file_bytes`]; FIFOs, devices and directories are
/// refused before they are opened, so that nothing blocks.
pub fn open_regular(path: &Path) -> io::Result<std::fs::File> {
    check_regular(&std::fs::metadata(path)?)?;
    std::fs::File::open(path)
}

/// Refuses what is not a regular file under the size limit.
fn check_regular(meta: &std::fs::Metadata) -> io::Result<()> {
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a directory"
        } else {
            "not a regular file (a FIFO, socket or device)"
        };
        return Err(invalid(format!(
            "{what}; wirebench reads regular files only"
        )));
    }
    let max = max_file_bytes();
    if meta.len() > max {
        return Err(invalid(format!(
            "{} bytes, over the limit of {max} bytes (raise it with {FILE_VAR})",
            meta.len()
        )));
    }
    Ok(())
}

/// Reads a whole regular file under the size limit (see [`open_regular`]).
pub fn read_regular(path: &Path) -> io::Result<Vec<u8>> {
    read_limited(open_regular(path)?)
}

/// Reads an opened file whole, refusing more than [`max_file_bytes`].
fn read_limited(file: std::fs::File) -> io::Result<Vec<u8>> {
    let max = max_file_bytes();
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(invalid(format!(
            "over the limit of {max} bytes (raise it with {FILE_VAR})"
        )));
    }
    Ok(bytes)
}

/// Opens `dir/name` for reading as it goes (a large manifest), with the
/// checks of [`read_inside`]; reading stops at the size limit.
pub fn open_inside(dir: &Path, name: &str) -> io::Result<io::Take<std::fs::File>> {
    let file = match open_plain(dir, name)? {
        Some(file) => file,
        None => open_regular(&inside(dir, name)?)?,
    };
    Ok(file.take(max_file_bytes()))
}

/// Reads `dir/name`, refusing a link (or `..`) that leads out of `dir`.
pub fn read_inside(dir: &Path, name: &str) -> io::Result<Vec<u8>> {
    match open_plain(dir, name)? {
        Some(file) => read_limited(file),
        None => read_regular(&inside(dir, name)?),
    }
}

/// `dir/name` opened without resolving a path, when `name` is a plain file
/// name and the file is no link: it is then inside `dir` by construction
/// (a corpus of many files pays one `lstat` and one `open` per file, no
/// canonicalisation). The file is opened with `O_NOFOLLOW`, so a link put
/// in its place between the two calls fails instead of being followed.
/// `None` sends a link or a path with separators to [`inside`].
#[cfg(unix)]
fn open_plain(dir: &Path, name: &str) -> io::Result<Option<std::fs::File>> {
    use std::os::unix::fs::OpenOptionsExt;
    let plain = !name.is_empty() && name != "." && name != ".." && !name.contains('/');
    if !plain {
        return Ok(None);
    }
    let path = dir.join(name);
    let meta = std::fs::symlink_metadata(&path)?;
    if meta.file_type().is_symlink() {
        return Ok(None);
    }
    check_regular(&meta)?;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(&path)
        .map(Some)
}

/// Elsewhere every file goes through [`inside`].
#[cfg(not(unix))]
fn open_plain(_dir: &Path, _name: &str) -> io::Result<Option<std::fs::File>> {
    Ok(None)
}

/// `dir/name`, when it resolves to a file inside `dir`.
fn inside(dir: &Path, name: &str) -> io::Result<std::path::PathBuf> {
    let path = dir.join(name);
    let resolved = std::fs::canonicalize(&path)?;
    if !resolved.starts_with(std::fs::canonicalize(dir)?) {
        return Err(invalid(format!(
            "leads out of {} (to {}); wirebench reads only files inside it",
            dir.display(),
            resolved.display()
        )));
    }
    Ok(path)
}

/// Reads one line (without its line break) into `line`, refusing one longer
/// than [`max_line_bytes`]; `Ok(false)` at the end of the input.
pub fn read_line_bounded(reader: &mut impl BufRead, line: &mut Vec<u8>) -> io::Result<bool> {
    let max = max_line_bytes();
    line.clear();
    let read = reader
        .by_ref()
        .take(max.saturating_add(1))
        .read_until(b'\n', line)?;
    if read == 0 {
        return Ok(false);
    }
    if line.last() == Some(&b'\n') {
        line.pop();
        if line.last() == Some(&b'\r') {
            line.pop();
        }
    } else if line.len() as u64 > max {
        return Err(invalid(format!(
            "line longer than the limit of {max} bytes (raise it with {LINE_VAR})"
        )));
    }
    Ok(true)
}

/// The paths a command reads: single files, and directories whose every file
/// is an input. An output may be none of them, nor inside such a directory.
#[derive(Debug, Default, Clone)]
pub struct Inputs {
    files: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
}

impl Inputs {
    /// No inputs yet.
    pub fn new() -> Self {
        Inputs::default()
    }

    /// Adds input files.
    pub fn files<P: Into<PathBuf>>(mut self, paths: impl IntoIterator<Item = P>) -> Self {
        self.files.extend(paths.into_iter().map(Into::into));
        self
    }

    /// Adds a directory of inputs (a corpus or golden directory).
    pub fn dir(mut self, path: impl Into<PathBuf>) -> Self {
        self.dirs.push(path.into());
        self
    }

    /// Refuses `output` when it is one of the inputs (the same file, also
    /// through links) or lies inside an input directory.
    pub fn check_output(&self, output: &Path) -> Result<()> {
        let refuse = |input: &Path| {
            Err(Error::OutputIsInput {
                output: output.to_path_buf(),
                input: input.to_path_buf(),
            })
        };
        let target = resolve(output);
        for input in &self.files {
            if same_file(output, input) || resolve(input) == target {
                return refuse(input);
            }
        }
        for dir in &self.dirs {
            if let Ok(dir_resolved) = std::fs::canonicalize(dir) {
                if target.starts_with(&dir_resolved) {
                    return refuse(dir);
                }
            }
        }
        Ok(())
    }
}

/// `path` with its links resolved; for a file not yet there, its directory's.
fn resolve(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match (std::fs::canonicalize(parent), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}

#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &Path, _: &Path) -> bool {
    false
}

/// A file being written: a temporary file beside `path`, renamed over it by
/// [`AtomicFile::commit`]. Dropped uncommitted, it is removed and `path` is
/// untouched, so a failed or interrupted run never leaves a half-written file.
pub struct AtomicFile {
    path: PathBuf,
    out: io::BufWriter<tempfile::NamedTempFile>,
}

impl AtomicFile {
    /// Starts writing `path`.
    pub fn create(path: &Path) -> Result<Self> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let temp = tempfile::Builder::new()
            .prefix(".wirebench-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| Error::io(path, e))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            out: io::BufWriter::new(temp),
        })
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(self) -> Result<()> {
        let path = self.path;
        let temp = self
            .out
            .into_inner()
            .map_err(|e| Error::io(&path, e.into_error()))?;
        temp.as_file().sync_all().map_err(|e| Error::io(&path, e))?;
        temp.persist(&path).map_err(|e| Error::io(&path, e.error))?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Writes `bytes` to `path` atomically (see [`AtomicFile`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes).map_err(|e| Error::io(path, e))?;
    file.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_over_the_limit_is_refused_and_line_breaks_are_dropped() {
        let mut reader = io::Cursor::new(b"ab\r\ncd\n".to_vec());
        let mut line = Vec::new();
        assert!(read_line_bounded(&mut reader, &mut line).unwrap());
        assert_eq!(line, b"ab");
        assert!(read_line_bounded(&mut reader, &mut line).unwrap());
        assert_eq!(line, b"cd");
        assert!(!read_line_bounded(&mut reader, &mut line).unwrap());
    }

    #[test]
    fn an_uncommitted_file_leaves_the_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        std::fs::write(&path, "old").unwrap();
        let mut file = AtomicFile::create(&path).unwrap();
        file.write_all(b"new, half written").unwrap();
        drop(file);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }

    #[test]
    fn an_output_that_is_an_input_is_refused_also_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("p.jsonl");
        std::fs::write(&input, "x").unwrap();
        let link = dir.path().join("link.jsonl");
        std::os::unix::fs::symlink(&input, &link).unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        let inputs = Inputs::new().files([&input]).dir(&corpus);
        assert!(inputs.check_output(&input).is_err());
        assert!(inputs.check_output(&link).is_err());
        assert!(inputs.check_output(&corpus.join("new.json")).is_err());
        assert!(inputs.check_output(&dir.path().join("report.json")).is_ok());
    }

    #[test]
    fn a_plain_file_is_opened_unresolved_and_links_are_resolved_and_held_inside() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("corpus");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("a.txt"), "inside").unwrap();
        std::fs::write(root.path().join("secret.txt"), "outside").unwrap();
        std::os::unix::fs::symlink("a.txt", dir.join("near.txt")).unwrap();
        std::os::unix::fs::symlink(root.path().join("secret.txt"), dir.join("far.txt")).unwrap();
        std::fs::create_dir(dir.join("sub")).unwrap();
        // A plain name of a file that is no link needs no path resolved.
        assert!(open_plain(&dir, "a.txt").unwrap().is_some());
        // Links and paths with separators take the resolving check.
        assert!(open_plain(&dir, "near.txt").unwrap().is_none());
        assert!(open_plain(&dir, "../secret.txt").unwrap().is_none());
        assert_eq!(read_inside(&dir, "a.txt").unwrap(), b"inside");
        assert_eq!(read_inside(&dir, "near.txt").unwrap(), b"inside");
        for name in ["far.txt", "../secret.txt"] {
            let refused = read_inside(&dir, name).unwrap_err().to_string();
            assert!(refused.contains("leads out of"), "{name}: {refused}");
        }
        let refused = read_inside(&dir, "sub").unwrap_err().to_string();
        assert!(refused.contains("a directory"), "{refused}");
        let mut opened = String::new();
        open_inside(&dir, "a.txt")
            .unwrap()
            .read_to_string(&mut opened)
            .unwrap();
        assert_eq!(opened, "inside");
        assert!(open_inside(&dir, "far.txt").is_err());
    }
}
