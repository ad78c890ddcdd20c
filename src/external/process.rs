//! One child process speaking the protocol: spawned, greeted, asked,
//! killed, always reaped.
//!
//! Its stdout is read by a thread of its own that hands complete lines
//! over a channel, so that waiting for an answer can time out; a line
//! longer than the limit is cut off there, never buffered whole. Its stderr
//! is copied to a log file by another thread that keeps the tail in memory
//! for error messages. Every live child is listed in a process-wide table
//! that a Ctrl-C handler empties (kill, then wait) before the program exits,
//! so no process outlives wirebench.

use std::collections::{BTreeMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex, Once};
use std::time::{Duration, Instant};

/// How a process is started and how long it may take.
#[derive(Debug, Clone)]
pub(crate) struct Spawn {
    pub command: Vec<String>,
    pub cwd: Option<PathBuf>,
    pub env: BTreeMap<String, String>,
    pub max_line_bytes: usize,
    pub log: PathBuf,
    /// Append to the log (a restarted process) rather than start it afresh.
    pub append_log: bool,
}

/// What came out of the child's stdout.
enum Line {
    Text(String),
    TooLong,
    Unreadable(String),
    Closed,
}

/// Why a request got no usable line.
#[derive(Debug)]
pub(crate) enum Fault {
    /// No line within the time allowed.
    Timeout,
    /// The child closed its stdout (it exited or crashed).
    Exited(String),
    /// A line over `max_line_bytes`.
    TooLong,
    /// Writing the request or reading the answer failed.
    Io(String),
}

/// A running child process.
pub(crate) struct Process {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<Line>,
    tail: Arc<Mutex<VecDeque<u8>>>,
    log: PathBuf,
}

/// Bytes of stderr kept for error messages.
const TAIL_BYTES: usize = 2000;

impl Process {
    /// Starts the command with piped stdin, stdout and stderr.
    pub(crate) fn spawn(spec: &Spawn) -> Result<Process, String> {
        install_interrupt_handler();
        let mut command = Command::new(&spec.command[0]);
        command
            .args(&spec.command[1..])
            .envs(&spec.env)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(cwd) = &spec.cwd {
            command.current_dir(cwd);
        }
        if let Some(dir) = spec.log.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let log_file = std::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .append(spec.append_log)
            .truncate(!spec.append_log)
            .open(&spec.log)
            .map_err(|e| format!("cannot create {}: {e}", spec.log.display()))?;
        // Listed before it can be interrupted half-way: the table lock is
        // what the Ctrl-C handler takes too.
        let mut table = CHILDREN.lock().unwrap_or_else(|p| p.into_inner());
        let mut child = command
            .spawn()
            .map_err(|e| format!("cannot start `{}`: {e}", spec.command.join(" ")))?;
        table.insert(child.id(), ());
        drop(table);
        let stdout = child.stdout.take().expect("piped stdout");
        let stderr = child.stderr.take().expect("piped stderr");
        let (sender, lines) = mpsc::channel();
        let limit = spec.max_line_bytes;
        std::thread::spawn(move || read_lines(stdout, limit, &sender));
        let tail = Arc::new(Mutex::new(VecDeque::new()));
        let kept = Arc::clone(&tail);
        std::thread::spawn(move || copy_stderr(stderr, log_file, &kept));
        Ok(Process {
            stdin: child.stdin.take(),
            child,
            lines,
            tail,
            log: spec.log.clone(),
        })
    }

    /// The next line of stdout, waiting at most `timeout`.
    pub(crate) fn read_line(&mut self, timeout: Duration) -> Result<String, Fault> {
        match self.lines.recv_timeout(timeout) {
            Ok(Line::Text(line)) => Ok(line),
            Ok(Line::TooLong) => Err(Fault::TooLong),
            Ok(Line::Unreadable(e)) => Err(Fault::Io(e)),
            Ok(Line::Closed) | Err(RecvTimeoutError::Disconnected) => {
                Err(Fault::Exited(self.exit_status()))
            }
            Err(RecvTimeoutError::Timeout) => Err(Fault::Timeout),
        }
    }

    /// Writes one line to the child's stdin.
    pub(crate) fn write_line(&mut self, line: &str) -> Result<(), Fault> {
        let stdin = self
            .stdin
            .as_mut()
            .ok_or(Fault::Io("stdin closed".into()))?;
        stdin
            .write_all(line.as_bytes())
            .and_then(|()| stdin.write_all(b"\n"))
            .and_then(|()| stdin.flush())
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::BrokenPipe => Fault::Exited(self.exit_status()),
                _ => Fault::Io(e.to_string()),
            })
    }

    /// Whether lines are waiting that nobody asked for.
    pub(crate) fn has_unread_output(&self) -> bool {
        matches!(self.lines.try_recv(), Ok(Line::Text(_) | Line::TooLong))
    }

    /// How the child ended, once it has (waiting a moment for it to).
    fn exit_status(&mut self) -> String {
        let deadline = Instant::now() + Duration::from_millis(500);
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => return format!("the process exited ({status})"),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10))
                }
                _ => return "the process closed its output".into(),
            }
        }
    }

    /// The last lines the child wrote to stderr, and where the whole log is.
    pub(crate) fn stderr_tail(&self) -> String {
        // The copying thread may still be draining the pipe after a crash.
        std::thread::sleep(Duration::from_millis(20));
        let tail = self.tail.lock().unwrap_or_else(|p| p.into_inner());
        let bytes: Vec<u8> = tail.iter().copied().collect();
        let text = String::from_utf8_lossy(&bytes);
        let text = text.trim();
        if text.is_empty() {
            format!("stderr empty (log: {})", self.log.display())
        } else {
            format!(
                "stderr tail: {} (log: {})",
                text.replace('\n', " | "),
                self.log.display()
            )
        }
    }

    /// Kills the child and reaps it.
    pub(crate) fn kill(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        let mut table = CHILDREN.lock().unwrap_or_else(|p| p.into_inner());
        if table.remove(&self.child.id()).is_some() {
            drop(self.stdin.take());
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    /// The child's process id.
    pub(crate) fn id(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Hands stdout over line by line; a line longer than `limit` is reported
/// and the rest of the stream dropped (the process is killed anyway).
fn read_lines(stdout: impl Read, limit: usize, sender: &mpsc::Sender<Line>) {
    let mut reader = BufReader::new(stdout);
    loop {
        let mut line = Vec::new();
        let read = (&mut reader)
            .take(limit as u64 + 1)
            .read_until(b'\n', &mut line);
        let message = match read {
            Ok(0) => Line::Closed,
            Ok(_) if line.last() != Some(&b'\n') && line.len() > limit => Line::TooLong,
            Ok(_) => {
                while matches!(line.last(), Some(b'\n' | b'\r')) {
                    line.pop();
                }
                if line.len() > limit {
                    Line::TooLong
                } else {
                    match String::from_utf8(line) {
                        Ok(text) => Line::Text(text),
                        Err(e) => Line::Unreadable(format!("answer is not UTF-8: {e}")),
                    }
                }
            }
            Err(e) => Line::Unreadable(e.to_string()),
        };
        let stop = matches!(message, Line::Closed | Line::TooLong);
        if sender.send(message).is_err() || stop {
            return;
        }
    }
}

fn copy_stderr(stderr: impl Read, mut log: std::fs::File, tail: &Mutex<VecDeque<u8>>) {
    let mut stderr = stderr;
    let mut buffer = [0u8; 8192];
    while let Ok(n) = stderr.read(&mut buffer) {
        if n == 0 {
            return;
        }
        let _ = log.write_all(&buffer[..n]);
        let mut tail = tail.lock().unwrap_or_else(|p| p.into_inner());
        tail.extend(&buffer[..n]);
        let excess = tail.len().saturating_sub(TAIL_BYTES);
        tail.drain(..excess);
    }
}

/// Every live child, by process id.
static CHILDREN: Mutex<BTreeMap<u32, ()>> = Mutex::new(BTreeMap::new());

/// On Ctrl-C (or SIGTERM): kill and reap every child, then exit 130.
fn install_interrupt_handler() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // A program that set its own handler keeps it; its children are then
        // still killed when their `Process` is dropped.
        let _ = ctrlc::set_handler(|| {
            let table = CHILDREN.lock().unwrap_or_else(|p| p.into_inner());
            for &pid in table.keys() {
                let pid = pid as libc::pid_t;
                // SAFETY: plain system calls on process ids this program
                // spawned and has not reaped yet.
                unsafe {
                    libc::kill(pid, libc::SIGKILL);
                    libc::waitpid(pid, std::ptr::null_mut(), 0);
                }
            }
            eprintln!("interrupted: {} extractor process(es) stopped", table.len());
            std::process::exit(130);
        });
    });
}

/// Where the stderr log of worker `n` of extractor `id` goes.
pub(crate) fn log_path(dir: &Path, id: &str, n: usize) -> PathBuf {
    dir.join(format!("{}.{n}.stderr.log", id.replace('/', "-")))
}
