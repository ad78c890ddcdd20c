//! The `wirebench` binary: the library's command line with the built-in
//! extractors registered.

/// mimalloc rather than the system allocator: the extractors and the
/// harness make many small short-lived allocations, which it serves with
/// fewer instructions, and glibc's arenas take a lock when one thread frees
/// what another allocated (a document is read on one rayon thread and
/// scored on another): with them two threads spent about 30 % more CPU than
/// one on the same run (BENCHMARKS.md, issue 17, fifth round). Set to keep
/// the memory it was given: see `wirebench::allocator`.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: wirebench::allocator::MiMalloc = wirebench::allocator::MiMalloc;

fn main() -> std::process::ExitCode {
    #[cfg(feature = "mimalloc")]
    wirebench::allocator::keep_freed_memory();
    wirebench::cli::main_with(wirebench::extract::Registry::default())
}
