//! Printing for the command line, kept apart from what decides the exit code.
//!
//! A verdict must not depend on whether anyone reads it: `wirebench compare
//! | head -1` still exits 1 when a gate fails. A closed stdout or stderr
//! (broken pipe) stops printing to it quietly; any other write error (a full
//! disk behind a redirection) is kept and turned into exit 2 at the end.

use std::io::{ErrorKind, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);
static FAILURE: Mutex<Option<String>> = Mutex::new(None);

fn write_to(closed: &AtomicBool, name: &str, out: &mut dyn Write, args: std::fmt::Arguments<'_>) {
    if closed.load(Ordering::Relaxed) {
        return;
    }
    if let Err(e) = out.write_fmt(args).and_then(|()| out.flush()) {
        closed.store(true, Ordering::Relaxed);
        if e.kind() != ErrorKind::BrokenPipe {
            let mut failure = FAILURE.lock().unwrap_or_else(|p| p.into_inner());
            failure.get_or_insert_with(|| format!("cannot write to {name}: {e}"));
        }
    }
}

/// Prints to stdout.
pub fn stdout(args: std::fmt::Arguments<'_>) {
    write_to(
        &STDOUT_CLOSED,
        "stdout",
        &mut std::io::stdout().lock(),
        args,
    );
}

/// Prints to stderr.
pub fn stderr(args: std::fmt::Arguments<'_>) {
    write_to(
        &STDERR_CLOSED,
        "stderr",
        &mut std::io::stderr().lock(),
        args,
    );
}

/// The first write error other than a closed pipe, if any.
pub fn failure() -> Option<String> {
    FAILURE.lock().unwrap_or_else(|p| p.into_inner()).clone()
}
