//! `wirebench.toml`: the external extractors a project declares.
//!
//! ```toml
//! [[extractor]]
//! id = "spacy/sm"
//! command = ["python3", "adapters/spacy_extractor.py", "--model", "en_core_web_sm"]
//! workers = 2
//! timeout_seconds = 30
//! ```
//!
//! Unknown keys are errors (a misspelt `timeout_secs` must not silently
//! fall back to the default), and every error names the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The file read when no `--config` is given, from the working directory.
pub const DEFAULT_CONFIG: &str = "wirebench.toml";

/// A configuration file: its external extractors.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `[[extractor]]` tables, in file order.
    #[serde(default, rename = "extractor")]
    pub extractors: Vec<ExtractorConfig>,
}

/// One `[[extractor]]` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtractorConfig {
    /// Id in reports, `<family>/<name>` as built-in ids.
    pub id: String,
    /// Program and arguments; the program is looked up on `PATH`.
    pub command: Vec<String>,
    /// Processes run in parallel.
    #[serde(default = "one")]
    pub workers: usize,
    /// Seconds one document may take before its process is killed and restarted.
    pub timeout_seconds: f64,
    /// Working directory of the processes (relative to the configuration file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cwd: Option<PathBuf>,
    /// Extra environment variables of the processes.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub env: BTreeMap<String, String>,
    /// A JSON object renaming the extractor's entity labels to OntoNotes
    /// types (relative to the configuration file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_map: Option<PathBuf>,
    /// Seconds a process may take to print its hello line (model loading).
    #[serde(default = "default_startup")]
    pub startup_timeout_seconds: f64,
    /// Longest answer line accepted, in bytes.
    #[serde(default = "default_max_line")]
    pub max_line_bytes: usize,
}

fn one() -> usize {
    1
}

fn default_startup() -> f64 {
    120.0
}

fn default_max_line() -> usize {
    16 << 20
}

/// What is wrong with a configuration file's text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(String);

impl Config {
    /// Reads `path` (`--config FILE`), or `wirebench.toml` in the working
    /// directory when `path` is `None` and that file exists; no file means
    /// no external extractor. Relative `cwd` and `label_map` paths are
    /// resolved against the file's directory.
    pub fn load(path: Option<&Path>) -> Result<Config> {
        let path = match path {
            Some(p) => p.to_path_buf(),
            None if Path::new(DEFAULT_CONFIG).is_file() => PathBuf::from(DEFAULT_CONFIG),
            None => return Ok(Config::default()),
        };
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let mut config = Config::parse(&text).map_err(|e| Error::Json {
            path: path.clone(),
            message: e.to_string(),
            source: None,
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        for e in &mut config.extractors {
            e.cwd = e.cwd.as_ref().map(|c| base.join(c));
            e.label_map = e.label_map.as_ref().map(|m| base.join(m));
        }
        Ok(config)
    }

    /// Parses the text of a configuration file and checks every table.
    pub fn parse(text: &str) -> std::result::Result<Config, ConfigError> {
        Config::check(text).map_err(ConfigError)
    }

    fn check(text: &str) -> std::result::Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut seen = std::collections::BTreeSet::new();
        for (i, e) in config.extractors.iter().enumerate() {
            let at = format!("extractor[{i}] (`{}`)", e.id);
            if e.id.is_empty() || e.id.chars().any(char::is_whitespace) || !e.id.contains('/') {
                return Err(format!(
                    "{at}: id must be <family>/<name> without white space"
                ));
            }
            if !seen.insert(&e.id) {
                return Err(format!("{at}: id is declared twice"));
            }
            if e.command.is_empty() || e.command[0].is_empty() {
                return Err(format!("{at}: command must name a program"));
            }
            if e.workers == 0 {
                return Err(format!("{at}: workers must be at least 1"));
            }
            for (key, v) in [
                ("timeout_seconds", e.timeout_seconds),
                ("startup_timeout_seconds", e.startup_timeout_seconds),
            ] {
                if !(v.is_finite() && v > 0.0) {
                    return Err(format!("{at}: {key} must be a positive number of seconds"));
                }
            }
            if e.max_line_bytes == 0 {
                return Err(format!("{at}: max_line_bytes must be positive"));
            }
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_table_with_defaults() {
        let config = Config::parse(
            r#"
            [[extractor]]
            id = "spacy/sm"
            command = ["python3", "x.py"]
            timeout_seconds = 30
            "#,
        )
        .unwrap();
        let e = &config.extractors[0];
        assert_eq!((e.workers, e.max_line_bytes), (1, 16 << 20));
        assert_eq!(e.startup_timeout_seconds, 120.0);
    }

    #[test]
    fn refuses_unknown_keys_bad_ids_and_zero_workers() {
        let table = |extra: &str| {
            format!("[[extractor]]\nid = \"a/b\"\ncommand = [\"x\"]\ntimeout_seconds = 1\n{extra}")
        };
        assert!(Config::parse(&table("timeout_secs = 3"))
            .unwrap_err()
            .to_string()
            .contains("timeout_secs"));
        assert!(Config::parse(&table("workers = 0"))
            .unwrap_err()
            .to_string()
            .contains("workers"));
        assert!(Config::parse(&table("").replace("a/b", "ab"))
            .unwrap_err()
            .to_string()
            .contains("<family>/<name>"));
        assert!(Config::parse(&format!("{}\n{}", table(""), table("")))
            .unwrap_err()
            .to_string()
            .contains("twice"));
    }
}
