//! `tthc`: the command-line face of the engine, for provincial officers
//! checking a catalogue and engineers trying a case by hand.
//!
//! The arguments are declared once, with clap's derive, and everything users
//! read about them comes from that one declaration: `--help` on every
//! command, `tthc completions SHELL` and `tthc man`. A command lives in its
//! own `*_cmd.rs` file: an argument struct (`#[derive(clap::Args)]`, with its
//! examples in `after_help`) and a function that returns an [`Outcome`]; it
//! is added to [`Command`] and to the `match` in [`run`].

#![forbid(unsafe_code)]

mod calendar_cmd;
mod catalog_cmd;
mod conformance_cmd;
mod deadline_cmd;
mod evaluate_cmd;
mod help_cmd;
mod import_cmd;
mod metrics_cmd;
mod outcome;
mod output;
mod progress;
mod snippet;
mod terminal;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use tthc::Catalog;

pub use outcome::{json, Outcome, UsageError};

const ABOUT: &str = "\
Vietnam's administrative procedures (thủ tục hành chính) from the command line:
the catalogue of procedures with their legal basis, fees and processing times
for a case, due dates and dossier tracking on the official working calendar,
and the government's KPIs over files of dossier records. The default catalogue
is embedded; --catalog DIR loads a province's own tree on top of it.";

const EXAMPLES: &str = "\
Examples:
  tthc validate my-province/ --over-embedded
  tthc procedures search dang ky khai sinh
  tthc --catalog my-province/ procedures show 1.000894 --province ha-giang --on 2025-08-01
  tthc evaluate schema/examples/case.json --json
  tthc synth 100000 | tthc metrics - --by sector --format html -o report.html

Exit status: 0 success, 1 problems found or no answer, 2 usage error.
`tthc help COMMAND` or `tthc COMMAND --help` shows a command's options and examples.";

/// Vietnam's administrative procedures (thủ tục hành chính) from the command line.
#[derive(Debug, Parser)]
#[command(
    name = "tthc",
    version,
    long_about = ABOUT,
    propagate_version = true,
    arg_required_else_help = true,
    after_help = EXAMPLES
)]
pub struct Cli {
    /// Load DIR on top of the embedded default catalogue (for the commands that read one).
    #[arg(long, value_name = "DIR")]
    catalog: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check a catalogue tree and report every problem with file, line and column.
    Validate(catalog_cmd::ValidateArgs),
    /// Find procedures, or show one as of a date.
    #[command(
        subcommand,
        after_help = "\
Examples:
  tthc procedures search dang ky khai sinh
  tthc procedures show 1.000894 --on 2025-08-01 --province ha-giang"
    )]
    Procedures(catalog_cmd::Procedures),
    /// List the days of a year that differ from a plain Monday–Friday week.
    Calendar(calendar_cmd::CalendarArgs),
    /// The Vietnamese lunar date of a solar date.
    Lunar(calendar_cmd::LunarArgs),
    /// Count working days.
    #[command(
        subcommand,
        after_help = "\
Examples:
  tthc workdays add 2026-02-13 3
  tthc workdays between 2026-01-09 2026-01-12 --province ha-noi"
    )]
    Workdays(calendar_cmd::Workdays),
    /// Export the conformance vectors for the foreign-language clients.
    #[command(
        subcommand,
        after_help = "\
Examples:
  tthc conformance export -o tests/conformance/vectors.json"
    )]
    Conformance(conformance_cmd::Conformance),
    /// When a result is due for a dossier received at a given instant.
    Deadline(deadline_cmd::DeadlineArgs),
    /// Where a dossier stands: state, due date, remaining time, apology letters.
    Track(deadline_cmd::TrackArgs),
    /// Evaluate one case: procedure, channel, fees, processing time and receipt.
    Evaluate(evaluate_cmd::EvaluateArgs),
    /// Import the national portal's procedure records into a catalogue tree.
    #[command(
        subcommand,
        after_help = "\
Examples:
  tthc import portal danh-sach-tthc.xlsx pages/ -o imported/ --report import-report.json"
    )]
    Import(import_cmd::Import),
    /// Government KPIs of a file of dossier records.
    Metrics(metrics_cmd::MetricsArgs),
    /// Write clearly labelled synthetic dossier records to try `metrics` on.
    Synth(metrics_cmd::SynthArgs),
    /// Print a shell completion script.
    Completions(help_cmd::CompletionsArgs),
    /// Print the manual page (roff), or write one page per command to a directory.
    Man(help_cmd::ManArgs),
}

/// The whole command-line definition, for help, completions and the manual.
pub fn command() -> clap::Command {
    Cli::command()
}

/// Commands that return text or an error message: errors exit 1.
fn text_outcome(r: Result<String, String>) -> Outcome {
    match r {
        Ok(text) => Outcome::ok(text),
        Err(e) => Outcome::failed(format!("lỗi / error: {e}")),
    }
}

/// The embedded catalogue, with `dir` (the global `--catalog`) on top of it.
fn load_catalog(dir: Option<&Path>) -> Result<Catalog, String> {
    let base = Catalog::embedded().map_err(|e| e.to_string())?;
    match dir {
        None => Ok(base.clone()),
        Some(d) => Catalog::from_dir_over(d, base).map_err(|e| e.to_string()),
    }
}

fn run(cli: Cli) -> Result<Outcome, UsageError> {
    let dir = cli.catalog.as_deref();
    let with_catalog = |f: &dyn Fn(&Catalog) -> Result<Outcome, UsageError>| match load_catalog(dir)
    {
        Ok(c) => f(&c),
        Err(e) => Ok(Outcome::failed(e)),
    };
    match cli.command {
        Command::Validate(a) => Ok(catalog_cmd::validate(&a)),
        Command::Procedures(p) => with_catalog(&|c| Ok(catalog_cmd::procedures(c, &p))),
        Command::Calendar(a) => {
            with_catalog(&|c| Ok(text_outcome(calendar_cmd::calendar(c.calendars(), &a))))
        }
        Command::Lunar(a) => Ok(text_outcome(calendar_cmd::lunar(&a))),
        Command::Workdays(w) => {
            with_catalog(&|c| Ok(text_outcome(calendar_cmd::workdays(c.calendars(), &w))))
        }
        Command::Conformance(c) => Ok(conformance_cmd::conformance(&c)),
        Command::Deadline(a) => with_catalog(&|c| deadline_cmd::deadline(c, &a)),
        Command::Track(a) => with_catalog(&|c| Ok(deadline_cmd::track(c, &a))),
        Command::Evaluate(a) => Ok(evaluate_cmd::evaluate(dir, &a)),
        Command::Import(import_cmd::Import::Portal(a)) => {
            with_catalog(&|c| import_cmd::import_portal(c, &a))
        }
        Command::Metrics(a) => with_catalog(&|c| metrics_cmd::metrics(c, &a)),
        Command::Synth(a) => with_catalog(&|c| Ok(metrics_cmd::synth(c, &a))),
        Command::Completions(a) => Ok(help_cmd::completions(command(), &a)),
        Command::Man(a) => Ok(help_cmd::man(command(), &a)),
    }
}

fn main() -> ExitCode {
    // `args_os`: an argument that is not UTF-8 reaches clap, which reports it
    // (or, for paths, accepts it) instead of panicking in `std::env::args`.
    let parsed = command()
        .try_get_matches_from(std::env::args_os())
        .and_then(|m| Cli::from_arg_matches(&m).map(|cli| (cli, m)));
    let (cli, matches) = match parsed {
        Ok(p) => p,
        Err(e) => return outcome::parse_error(e),
    };
    match run(cli) {
        Ok(o) => o.finish(),
        Err(e) => e.report(&matches),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_definition_is_consistent() {
        // clap's own checks: no duplicate flags, valid groups and defaults.
        command().debug_assert();
    }
}
