//! `wirebench import …` and `wirebench export …`: arguments and printing,
//! kept beside the converters so the command line only dispatches here.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};

use crate::cli::DataArgs;
use crate::prediction::read_predictions;

use super::{brat, conll, jsonl, label_studio, Conversion, ImportLabels, Imported};

/// Prints a line; a closed pipe is not an error worth more than silence.
fn say(line: impl std::fmt::Display) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// Formats `wirebench import` reads.
#[derive(Subcommand)]
pub(crate) enum ImportCommand {
    /// A brat directory of <id>.txt and <id>.ann files.
    Brat {
        /// The brat directory.
        dir: PathBuf,
        #[command(flatten)]
        common: ImportArgs,
    },
    /// spaCy/Prodigy JSON Lines: {"text", "spans": [{"start", "end", "label"}]} per line.
    Jsonl {
        /// The JSON Lines file.
        file: PathBuf,
        /// Write a predictions file for the corpus here instead of a corpus to --out.
        #[arg(long, value_name = "FILE", conflicts_with = "out")]
        predictions: Option<PathBuf>,
        /// Extractor name of the predictions file.
        #[arg(long, default_value = "imported/jsonl", requires = "predictions")]
        extractor: String,
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        common: ImportArgs,
    },
    /// A Label Studio JSON export (labels and relations).
    LabelStudio {
        /// The export file.
        file: PathBuf,
        #[command(flatten)]
        common: ImportArgs,
    },
    /// CoNLL-2003 BIO or IOB1, with -DOCSTART- between documents.
    Conll {
        /// The CoNLL file.
        file: PathBuf,
        #[command(flatten)]
        common: ImportArgs,
    },
}

/// Arguments every import takes.
#[derive(Args)]
pub(crate) struct ImportArgs {
    /// Write DIR/corpus and DIR/golden (neither may exist).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// JSON object mapping the file's labels to yours, e.g. {"PER": "PERSON", "MISC": null}; a label missing from it, or null, is left out and counted.
    #[arg(long, value_name = "FILE")]
    label_map: Option<PathBuf>,
}

impl ImportArgs {
    fn labels(&self) -> crate::Result<ImportLabels> {
        match &self.label_map {
            Some(path) => ImportLabels::from_file(path),
            None => Ok(ImportLabels::default()),
        }
    }

    fn out(&self) -> anyhow::Result<&Path> {
        self.out.as_deref().ok_or_else(|| {
            anyhow::anyhow!("give --out DIR (DIR/corpus and DIR/golden are written)")
        })
    }
}

/// Formats `wirebench export` writes.
#[derive(Subcommand)]
pub(crate) enum ExportCommand {
    /// The corpus as brat standoff: <id>.txt, <id>.ann and annotation.conf in DIR (which must not exist).
    Brat {
        /// The output directory.
        dir: PathBuf,
        #[command(flatten)]
        data: DataArgs,
    },
    /// The corpus's entities as CoNLL BIO (token, tag), to FILE (which must not exist).
    Conll {
        /// The output file.
        file: PathBuf,
        #[command(flatten)]
        data: DataArgs,
        /// Add a third column with this predictions file's entities (conlleval's layout).
        #[arg(long, value_name = "FILE")]
        predictions: Option<PathBuf>,
    },
}

pub(crate) fn import(command: ImportCommand) -> anyhow::Result<ExitCode> {
    let (imported, common) = match &command {
        ImportCommand::Brat { dir, common } => (brat::import(dir, &common.labels()?)?, common),
        ImportCommand::LabelStudio { file, common } => {
            (label_studio::import(file, &common.labels()?)?, common)
        }
        ImportCommand::Conll { file, common } => (conll::import(file, &common.labels()?)?, common),
        ImportCommand::Jsonl {
            file,
            predictions: Some(out),
            extractor,
            data,
            common,
        } => {
            let dataset = data.load()?;
            let mut report = Conversion::default();
            let covered = jsonl::import_predictions(
                file,
                &dataset,
                extractor,
                &common.labels()?,
                out,
                &mut report,
            )?;
            eprint!("{}", report.render());
            say(format!(
                "{}: predictions of `{extractor}` for {covered} of {} documents",
                out.display(),
                dataset.documents().len()
            ));
            return Ok(ExitCode::SUCCESS);
        }
        ImportCommand::Jsonl { file, common, .. } => {
            (jsonl::import(file, &common.labels()?)?, common)
        }
    };
    write_imported(imported, common.out()?)
}

fn write_imported(mut imported: Imported, out: &Path) -> anyhow::Result<ExitCode> {
    let written = imported.write(out)?;
    eprint!("{}", imported.report.render());
    let declared = imported.declared();
    let types: Vec<&str> = declared.entity_types.iter().map(|t| t.label()).collect();
    let layers: Vec<&str> = declared.layers.iter().map(|l| l.name()).collect();
    let mentions: usize = imported
        .documents
        .iter()
        .map(|d| d.golden.count(crate::schema::Layer::Entities))
        .sum();
    say(format!(
        "{} and {}: {} documents, {mentions} entity mentions; layers {}; entity types {}",
        written.corpus.display(),
        written.golden.display(),
        imported.documents.len(),
        layers.join(", "),
        types.join(", ")
    ));
    if written.problems.is_empty() {
        say("validate: ok");
        Ok(ExitCode::SUCCESS)
    } else {
        for problem in &written.problems {
            say(problem);
        }
        say(format!("validate: {} problem(s)", written.problems.len()));
        Ok(ExitCode::from(1))
    }
}

pub(crate) fn export(command: ExportCommand) -> anyhow::Result<ExitCode> {
    match command {
        ExportCommand::Brat { dir, data } => {
            let dataset = data.load()?;
            let s = brat::export(&dataset, &dir)?;
            say(format!(
                "{}: {} documents, {} entity mentions, {} quotes, {} numbers",
                dir.display(),
                s.documents,
                s.mentions,
                s.quotes,
                s.numbers
            ));
        }
        ExportCommand::Conll {
            file,
            data,
            predictions,
        } => {
            let dataset = data.load()?;
            let predicted = match &predictions {
                Some(path) => Some(
                    read_predictions(path, &dataset)?
                        .predictions
                        .into_iter()
                        .map(|p| p.and_then(|p| p.entities))
                        .collect::<Vec<_>>(),
                ),
                None => None,
            };
            let s = conll::export(&dataset, predicted.as_deref(), &file)?;
            say(format!(
                "{}: {} documents, {} tokens, {} entity mentions; {} cut a token (widened to whole tokens), {} left out as overlapping once widened",
                file.display(),
                s.documents,
                s.tokens,
                s.mentions,
                s.cut,
                s.overlapping
            ));
            if predictions.is_some() {
                say(format!(
                    "predictions: {} cut a token, {} left out as overlapping",
                    s.predicted_cut, s.predicted_overlapping
                ));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
