//! The whole wirebench command line, with this crate's extractor registered
//! beside the built-ins: `cargo run -- run --extractor downstream/percentages`.

use std::process::ExitCode;

use wirebench::extract::Registry;
use wirebench_downstream_example::Percentages;

fn main() -> ExitCode {
    let mut registry = Registry::default();
    if let Err(e) = registry.register(Percentages) {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    wirebench::cli::main_with(registry)
}
