//! External extractors: a program in any language, run as child processes
//! that speak JSON Lines, scored and timed like a built-in.
//!
//! Most extractors worth comparing are not Rust (a spaCy pipeline, a
//! transformer, an LLM prompt), so wirebench runs them itself rather than
//! asking for a predictions file: declared in `wirebench.toml`
//! ([`config`]), each is an [`ExternalExtractor`] registered into the
//! [`Registry`], and every command that names an
//! extractor takes it. The protocol is in [`protocol`].
//!
//! An [`ExternalExtractor`] keeps a pool of `workers` processes. `prepare`
//! starts them and waits for their hellos (model loading stays outside the
//! clock); each document is then one request to an idle process, timed from
//! request written to answer read. Faults stay contained: a crash, a hang
//! past the timeout, a line that is not JSON, an answer for another
//! document, offsets that do not fit, a line too long, fail that document
//! with the reason (and the stderr tail), the process is killed, reaped and
//! restarted for the next one, and the run goes on. Answers are cached
//! ([`cache`]) by extractor identity and document hash.

pub mod cache;
pub mod config;
mod process;
pub mod protocol;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::corpus::Document;
use crate::error::ExtractError;
use crate::extract::{Extractor, Registry};
use crate::prediction::Prediction;
use crate::runner::Measurement;
use crate::schema::Layer;
use crate::score::LabelMap;

pub use cache::DEFAULT_CACHE_DIR;
pub use config::{Config, ExtractorConfig};
pub use protocol::Hello;

use process::{Fault, Process, Spawn};

/// Where external extractors keep answers and logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The cache directory (`--cache-dir`); stderr logs go to its `logs/`.
    pub cache_dir: PathBuf,
    /// Whether answers are read from and written to the cache (`--no-cache` clears it).
    pub use_cache: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            cache_dir: PathBuf::from(DEFAULT_CACHE_DIR),
            use_cache: true,
        }
    }
}

/// Registers every extractor of `config` into `registry`, after the ones it holds.
pub fn register(registry: &mut Registry, config: &Config, options: &Options) -> crate::Result<()> {
    for e in &config.extractors {
        registry.register(ExternalExtractor::new(e.clone(), options.clone())?)?;
    }
    Ok(())
}

/// An extractor run as child processes speaking the protocol.
pub struct ExternalExtractor {
    config: ExtractorConfig,
    options: Options,
    labels: Option<LabelMap>,
    hello: OnceLock<Hello>,
    pool: Pool,
    measured: Mutex<Measurement>,
}

/// The worker slots: each holds a live process, or none when its last one
/// died and could not be restarted.
struct Pool {
    idle: Mutex<Vec<Slot>>,
    /// Slots made by the last successful `prepare` (0 before, or after a failed one).
    slots: std::sync::atomic::AtomicUsize,
    returned: Condvar,
}

struct Slot {
    number: usize,
    process: Option<Process>,
    /// Why the slot has no process, when it has none.
    dead: Option<String>,
}

impl std::fmt::Debug for ExternalExtractor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExternalExtractor")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl ExternalExtractor {
    /// An extractor for one `[[extractor]]` table; nothing is started until
    /// `prepare`. The label map, if any, is read now (a bad one is an error
    /// naming its file).
    pub fn new(config: ExtractorConfig, options: Options) -> crate::Result<Self> {
        let labels = config
            .label_map
            .as_deref()
            .map(LabelMap::from_file)
            .transpose()?;
        Ok(ExternalExtractor {
            config,
            options,
            labels,
            hello: OnceLock::new(),
            pool: Pool {
                idle: Mutex::new(Vec::new()),
                slots: std::sync::atomic::AtomicUsize::new(0),
                returned: Condvar::new(),
            },
            measured: Mutex::new(Measurement::default()),
        })
    }

    /// The same extractor with another number of processes (for `bench`).
    pub fn with_workers(&self, workers: usize) -> crate::Result<Self> {
        let config = ExtractorConfig {
            workers: workers.max(1),
            ..self.config.clone()
        };
        ExternalExtractor::new(config, self.options.clone())
    }

    /// Its configuration.
    pub fn config(&self) -> &ExtractorConfig {
        &self.config
    }

    /// The hello of its first process, once started.
    pub fn hello(&self) -> Option<&Hello> {
        self.hello.get()
    }

    fn spawn_spec(&self, number: usize, append_log: bool) -> Spawn {
        Spawn {
            command: self.config.command.clone(),
            cwd: self.config.cwd.clone(),
            env: self.config.env.clone(),
            max_line_bytes: self.config.max_line_bytes,
            log: process::log_path(
                &self.options.cache_dir.join("logs"),
                &self.config.id,
                number,
            ),
            append_log,
        }
    }

    /// Starts a process and waits for its hello.
    fn start(&self, number: usize, restart: bool) -> Result<(Process, Hello), String> {
        let mut process = Process::spawn(&self.spawn_spec(number, restart))?;
        let timeout = Duration::from_secs_f64(self.config.startup_timeout_seconds);
        let hello = match process.read_line(timeout) {
            Ok(line) => protocol::parse_hello(&line),
            Err(Fault::Timeout) => Err(format!(
                "no hello within startup_timeout_seconds = {} (killed)",
                self.config.startup_timeout_seconds
            )),
            Err(fault) => Err(describe(&fault, self.config.max_line_bytes)),
        };
        match hello {
            Ok(hello) => Ok((process, hello)),
            Err(reason) => {
                let tail = process.stderr_tail();
                process.kill();
                Err(format!("{reason}; {tail}"))
            }
        }
    }

    /// Starts a replacement process in a slot whose process was killed; a
    /// replacement that says a different hello is refused.
    fn restart(&self, slot: &mut Slot) {
        match self.start(slot.number, true) {
            Ok((process, hello)) if Some(&hello) == self.hello.get() => {
                slot.process = Some(process);
                slot.dead = None;
            }
            Ok((process, _)) => {
                process.kill();
                slot.dead = Some("the restarted process said a different hello".into());
            }
            Err(reason) => slot.dead = Some(format!("restart failed: {reason}")),
        }
    }

    fn cache(&self) -> Option<cache::Cache> {
        if !self.options.use_cache {
            return None;
        }
        let hello = self.hello.get()?;
        let label_map = self
            .labels
            .as_ref()
            .map(|m| serde_json::to_string(m).unwrap_or_default());
        let identity = serde_json::json!({
            "id": self.config.id,
            "extractor_version": hello.extractor_version,
            "hello": hello,
            "command": self.config.command,
            "cwd": self.config.cwd,
            "env": self.config.env,
            "label_map": label_map,
            "max_line_bytes": self.config.max_line_bytes,
        });
        Some(cache::Cache::new(
            &self.options.cache_dir,
            &self.config.id,
            &identity.to_string(),
        ))
    }

    fn take_slot(&self) -> Slot {
        let mut idle = self.pool.idle.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if let Some(slot) = idle.pop() {
                return slot;
            }
            idle = self
                .pool
                .returned
                .wait(idle)
                .unwrap_or_else(|p| p.into_inner());
        }
    }

    fn give_back(&self, slot: Slot) {
        let mut idle = self.pool.idle.lock().unwrap_or_else(|p| p.into_inner());
        idle.push(slot);
        idle.sort_by_key(|s| std::cmp::Reverse(s.number));
        self.pool.returned.notify_one();
    }

    /// One document through one process: its prediction, or why it failed.
    /// A process that timed out, died or fell out of step is killed and a
    /// new one started in its slot.
    fn ask(&self, slot: &mut Slot, doc: &Document) -> Answered {
        if slot.process.is_none() {
            self.restart(slot);
        }
        let Some(process) = slot.process.as_mut() else {
            return Err(format!(
                "no process to ask: {}",
                slot.dead.as_deref().unwrap_or("not started")
            ));
        };
        let hello = self.hello.get().expect("a process has said hello");
        let request = serde_json::to_string(&protocol::Request {
            doc: &doc.id,
            text: &doc.text,
        })
        .expect("a request serialises");
        let timeout = Duration::from_secs_f64(self.config.timeout_seconds);
        let started = Instant::now();
        let answer = process
            .write_line(&request)
            .and_then(|()| process.read_line(timeout));
        let elapsed = started.elapsed();
        let result = match answer {
            Ok(line) => {
                match protocol::parse_answer(&line, doc, hello.offsets, self.labels.as_ref()) {
                    Ok(prediction) if !process.has_unread_output() => Ok(prediction),
                    Ok(_) => Err((
                        "the process printed more than one line for this document".to_owned(),
                        true,
                    )),
                    Err(e) => Err((e.message().to_owned(), e.desynchronised())),
                }
            }
            Err(Fault::Timeout) => Err((
                format!(
                    "no answer within timeout_seconds = {} (killed and restarted)",
                    self.config.timeout_seconds
                ),
                true,
            )),
            Err(fault) => Err((describe(&fault, self.config.max_line_bytes), true)),
        };
        match result {
            Ok(prediction) => Ok((prediction, elapsed)),
            Err((reason, broken)) => {
                if !broken {
                    return Err(reason);
                }
                let process = slot.process.take().expect("checked above");
                let tail = process.stderr_tail();
                process.kill();
                self.restart(slot);
                Err(format!("{reason}; {tail}"))
            }
        }
    }

    /// The process ids of the live workers (for tests that check none is left).
    pub fn process_ids(&self) -> Vec<u32> {
        let idle = self.pool.idle.lock().unwrap_or_else(|p| p.into_inner());
        idle.iter()
            .filter_map(|s| s.process.as_ref().map(Process::id))
            .collect()
    }

    /// Kills and reaps every worker process; `prepare` starts new ones.
    pub fn shut_down(&self) {
        let mut idle = self.pool.idle.lock().unwrap_or_else(|p| p.into_inner());
        self.pool.slots.store(0, Ordering::SeqCst);
        for slot in idle.drain(..) {
            if let Some(p) = slot.process {
                p.kill();
            }
        }
    }
}

/// A document's prediction with its own time, or why it failed.
type Answered = Result<(Prediction, Duration), String>;

fn describe(fault: &Fault, max_line_bytes: usize) -> String {
    match fault {
        Fault::Timeout => "timed out".into(),
        Fault::Exited(how) => format!("{how} before answering"),
        Fault::TooLong => {
            format!("a line longer than max_line_bytes = {max_line_bytes} (killed and restarted)")
        }
        Fault::Io(e) => format!("cannot talk to the process: {e}"),
    }
}

impl Extractor for ExternalExtractor {
    fn id(&self) -> &str {
        &self.config.id
    }

    /// The layers of its hello; none before it has started.
    fn layers(&self) -> &[Layer] {
        self.hello.get().map_or(&[], |h| &h.layers)
    }

    fn extract(&self, doc: &Document) -> Result<Prediction, ExtractError> {
        self.extract_batch(&[doc])
            .pop()
            .expect("one result per document")
    }

    /// Starts the worker processes (in parallel) and waits for their hellos;
    /// does nothing when they are already running. They must all say the
    /// same hello.
    fn prepare(&self) -> Result<(), ExtractError> {
        *self.measured.lock().unwrap_or_else(|p| p.into_inner()) = Measurement {
            workers: self.config.workers,
            ..Measurement::default()
        };
        if self.pool.slots.load(Ordering::SeqCst) > 0 {
            return Ok(());
        }
        let started: Vec<Result<(Process, Hello), String>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..self.config.workers)
                .map(|n| scope.spawn(move || self.start(n, false)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|_| Err("panicked".into())))
                .collect()
        });
        let mut slots = Vec::new();
        let mut failure = None;
        for (number, result) in started.into_iter().enumerate() {
            match result {
                Ok((process, hello)) => {
                    let first = self.hello.get_or_init(|| hello.clone());
                    if *first != hello {
                        failure = Some(format!("worker {number} said a different hello"));
                    }
                    slots.push(Slot {
                        number,
                        process: Some(process),
                        dead: None,
                    });
                }
                Err(reason) => failure = Some(format!("worker {number}: {reason}")),
            }
        }
        if let Some(reason) = failure {
            drop(slots);
            return Err(ExtractError::msg(format!(
                "`{}` did not start: {reason}",
                self.config.command.join(" ")
            )));
        }
        slots.reverse();
        self.pool.slots.store(slots.len(), Ordering::SeqCst);
        *self.pool.idle.lock().unwrap_or_else(|p| p.into_inner()) = slots;
        Ok(())
    }

    /// Enough documents per batch to keep every worker busy.
    fn batch_size(&self) -> usize {
        self.config.workers * 4
    }

    /// Answers from the cache first; the other documents go to the workers,
    /// one thread per worker pulling the next document.
    fn extract_batch(&self, docs: &[&Document]) -> Vec<Result<Prediction, ExtractError>> {
        let cache = self.cache();
        let mut results: Vec<Option<Result<Prediction, ExtractError>>> = docs
            .iter()
            .map(|doc| cache.as_ref().and_then(|c| c.get(doc)).map(Ok))
            .collect();
        let cached: BTreeSet<String> = docs
            .iter()
            .zip(&results)
            .filter(|(_, r)| r.is_some())
            .map(|(d, _)| d.id.clone())
            .collect();
        let todo: Vec<usize> = (0..docs.len()).filter(|&i| results[i].is_none()).collect();
        let next = std::sync::atomic::AtomicUsize::new(0);
        let answers: Mutex<Vec<(usize, Answered)>> = Mutex::new(Vec::new());
        if self.pool.slots.load(Ordering::SeqCst) == 0 {
            for &i in &todo {
                results[i] = Some(Err(ExtractError::msg("the extractor has not been started")));
            }
        } else {
            std::thread::scope(|scope| {
                for _ in 0..self.config.workers.min(todo.len()) {
                    scope.spawn(|| {
                        let mut slot = self.take_slot();
                        loop {
                            let n = next.fetch_add(1, Ordering::Relaxed);
                            let Some(&i) = todo.get(n) else { break };
                            let answer = self.ask(&mut slot, docs[i]);
                            answers
                                .lock()
                                .unwrap_or_else(|p| p.into_inner())
                                .push((i, answer));
                        }
                        self.give_back(slot);
                    });
                }
            });
        }
        let mut seconds = 0.0;
        for (i, answer) in answers.into_inner().unwrap_or_else(|p| p.into_inner()) {
            results[i] = Some(match answer {
                Ok((prediction, elapsed)) => {
                    seconds += elapsed.as_secs_f64();
                    if let Some(c) = &cache {
                        c.put(docs[i], &prediction);
                    }
                    Ok(prediction)
                }
                Err(reason) => Err(ExtractError::msg(reason)),
            });
        }
        let mut measured = self.measured.lock().unwrap_or_else(|p| p.into_inner());
        measured.cached.extend(cached);
        measured.document_seconds += seconds;
        results
            .into_iter()
            .map(|r| r.expect("every document answered"))
            .collect()
    }

    fn take_measurement(&self) -> Option<Measurement> {
        let mut measured = self.measured.lock().unwrap_or_else(|p| p.into_inner());
        Some(std::mem::replace(
            &mut *measured,
            Measurement {
                workers: self.config.workers,
                ..Measurement::default()
            },
        ))
    }
}

impl Drop for ExternalExtractor {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// The registry with the extractors of a configuration file added: `path`,
/// or `wirebench.toml` in the working directory when there is one.
pub fn registry_with_config(
    registry: &Registry,
    path: Option<&Path>,
    options: &Options,
) -> crate::Result<Registry> {
    let config = Config::load(path)?;
    let mut registry = registry.clone();
    register(&mut registry, &config, options)?;
    Ok(registry)
}
