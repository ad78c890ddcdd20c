//! The `wirebench` binary: the library's command line with the built-in
//! extractors registered.

/// mimalloc rather than the system allocator: the extractors and the
/// harness make many small short-lived allocations, which it serves with
/// fewer instructions (BENCHMARKS.md).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    wirebench::cli::main_with(wirebench::extract::Registry::default())
}
