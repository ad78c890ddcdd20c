//! The `wirebench` binary: the library's command line with the built-in
//! extractors registered.

fn main() -> std::process::ExitCode {
    wirebench::cli::main_with(wirebench::extract::Registry::default())
}
