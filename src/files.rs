//! The folders a dataset is read from: a directory on disk, or the copy of
//! the bundled corpus compiled into the library (see `build.rs`). Validation
//! reads both the same way, so the bundled corpus passes the same checks.

use std::borrow::Cow;
use std::io;
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// One folder of files.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Folder<'a> {
    /// A directory on disk.
    Disk(&'a Path),
    /// A folder compiled in: its name in messages and its files, sorted by name.
    Bundled(&'static str, &'static [(&'static str, &'static [u8])]),
}

impl<'a> Folder<'a> {
    /// The bundled corpus folder.
    pub(crate) fn bundled_corpus() -> Folder<'static> {
        Folder::Bundled("(bundled)/corpus", BUNDLED_CORPUS)
    }

    /// The bundled golden folder.
    pub(crate) fn bundled_golden() -> Folder<'static> {
        Folder::Bundled("(bundled)/golden", BUNDLED_GOLDEN)
    }

    /// The path of `name` in this folder, for messages.
    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.root().join(name)
    }

    /// The folder itself, for messages.
    pub(crate) fn root(&self) -> PathBuf {
        match self {
            Folder::Disk(dir) => dir.to_path_buf(),
            Folder::Bundled(root, _) => PathBuf::from(root),
        }
    }

    /// The bytes of `name`: on disk, a regular file inside the folder under
    /// the size limit (see [`crate::guard`]).
    pub(crate) fn read(&self, name: &str) -> io::Result<Cow<'static, [u8]>> {
        match self {
            Folder::Disk(dir) => crate::guard::read_inside(dir, name).map(Cow::Owned),
            Folder::Bundled(_, files) => files
                .binary_search_by(|(n, _)| (*n).cmp(name))
                .map(|i| Cow::Borrowed(files[i].1))
                .map_err(|_| io::Error::new(io::ErrorKind::NotFound, "not in the bundled corpus")),
        }
    }

    /// `name` read as it goes, with the checks of [`Folder::read`] (reading
    /// stops at the size limit).
    pub(crate) fn open(&self, name: &str) -> io::Result<Box<dyn io::Read + 'a>> {
        match self {
            Folder::Disk(dir) => Ok(Box::new(io::BufReader::new(crate::guard::open_inside(
                dir, name,
            )?))),
            Folder::Bundled(..) => match self.read(name)? {
                Cow::Borrowed(bytes) => Ok(Box::new(bytes)),
                Cow::Owned(bytes) => Ok(Box::new(io::Cursor::new(bytes))),
            },
        }
    }

    /// The size of `name` in bytes, when it can be told without reading it.
    pub(crate) fn size(&self, name: &str) -> Option<u64> {
        match self {
            Folder::Disk(dir) => std::fs::metadata(dir.join(name)).ok().map(|m| m.len()),
            Folder::Bundled(_, files) => files
                .binary_search_by(|(n, _)| (*n).cmp(name))
                .ok()
                .map(|i| files[i].1.len() as u64),
        }
    }

    /// The stems of the files named `<stem>.<extension>` (not `manifest.json`), sorted.
    pub(crate) fn stems(&self, extension: &str) -> io::Result<Vec<String>> {
        let names: Vec<String> = match self {
            Folder::Disk(dir) => std::fs::read_dir(dir)?
                .filter_map(|e| e.ok())
                .filter_map(|e| e.file_name().into_string().ok())
                .collect(),
            Folder::Bundled(_, files) => files.iter().map(|(n, _)| (*n).to_owned()).collect(),
        };
        let suffix = format!(".{extension}");
        let mut stems: Vec<String> = names
            .iter()
            .filter(|n| n.as_str() != "manifest.json")
            .filter_map(|n| n.strip_suffix(&suffix))
            .filter(|stem| !stem.is_empty())
            .map(str::to_owned)
            .collect();
        stems.sort();
        Ok(stems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_folders_are_sorted_for_lookup_and_hold_the_seed() {
        for files in [BUNDLED_CORPUS, BUNDLED_GOLDEN] {
            assert!(files.windows(2).all(|w| w[0].0 < w[1].0));
        }
        let corpus = Folder::bundled_corpus();
        assert!(corpus.read("manifest.json").is_ok());
        assert!(corpus
            .stems("txt")
            .unwrap()
            .contains(&"ap-2024-05-17-putin-harbin".to_owned()));
        assert!(Folder::bundled_golden().read("nothing.json").is_err());
    }
}
