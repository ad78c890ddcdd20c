//! The `wirebench` binary: the library's command line with the built-in
//! extractors registered.

/// mimalloc instead of the system allocator: glibc's arenas take a lock when
/// one thread frees what another allocated (documents are read on one rayon
/// thread and scored on another), and two threads spent about 30 % more CPU
/// than one on the same run, much of it in those locks (BENCHMARKS.md, issue
/// 17, fifth round).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    wirebench::cli::main_with(wirebench::extract::Registry::default())
}
