//! `tthc`: the command-line face of the engine, for provincial officers
//! checking a catalogue and engineers trying a case by hand.

mod args;
mod calendar_cmd;
mod catalog_cmd;
mod conformance_cmd;
mod deadline_cmd;
mod evaluate_cmd;
mod metrics_cmd;

use std::process::ExitCode;

use args::UsageError;
use tthc::Catalog;

const USAGE: &str = "\
tthc — thủ tục hành chính engine

Usage:
  tthc validate [DIR] [--over-embedded] [--json]
  tthc procedures search TEXT… [--json]
  tthc procedures show ID_OR_CODE [--on DATE] [--province P] [--json]
  tthc calendar YEAR [--province P] [--format table|csv|json]
  tthc lunar DATE [--json]
  tthc workdays add DATE N [--province P]
  tthc workdays between D1 D2 [--province P]
  tthc conformance export [DIR] [-o FILE]
  tthc deadline (--procedure ID_OR_CODE | --time N --unit working-days|calendar-days|working-hours|months)
                --received RFC3339 [--channel C] [--province P] [--level L] [--json]
  tthc track DOSSIER.json [--json]
  tthc evaluate CASE.json|CASE.toml [--dir DIR [--over-embedded]] [--json]
  tthc metrics FILE|- [--by province|agency|sector|procedure] [--period month|quarter|year]
               [--format table|csv|json|html] [-o OUT] [--strict] [--as-of RFC3339] [--input csv|jsonl]
  tthc synth N [--seed S] [--format csv|jsonl] [-o OUT]

Global option (before the subcommand):
  --catalog DIR   load DIR on top of the embedded default catalogue

Exit codes: 0 success, 1 problems found / no answer, 2 usage error.";

/// What a subcommand prints and its exit code.
pub struct Outcome {
    pub code: u8,
    pub stdout: String,
}

impl Outcome {
    pub fn ok(stdout: String) -> Outcome {
        Outcome { code: 0, stdout }
    }
}

/// Pretty JSON; serialising our own types cannot fail, but if it ever did the
/// CLI prints the error as JSON rather than panicking.
pub fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// Commands that return text or an error message: errors exit 1.
fn text_outcome(r: Result<String, String>) -> Result<Outcome, UsageError> {
    Ok(match r {
        Ok(text) => Outcome::ok(text),
        Err(e) => Outcome {
            code: 1,
            stdout: format!("lỗi / error: {e}"),
        },
    })
}

fn load_catalog(dir: Option<&str>) -> Result<Catalog, String> {
    let base = Catalog::embedded().map_err(|e| e.to_string())?;
    match dir {
        None => Ok(base.clone()),
        Some(d) => Catalog::from_dir_over(d, base).map_err(|e| e.to_string()),
    }
}

fn run(mut argv: Vec<String>) -> Result<Outcome, UsageError> {
    let mut catalog_dir = None;
    if argv.first().map(String::as_str) == Some("--catalog") {
        if argv.len() < 2 {
            return Err(UsageError("--catalog needs a directory".into()));
        }
        catalog_dir = Some(argv.remove(1));
        argv.remove(0);
    }
    let Some((cmd, rest)) = argv.split_first() else {
        return Ok(Outcome {
            code: 2,
            stdout: USAGE.into(),
        });
    };
    let with_catalog = |f: &dyn Fn(&Catalog) -> Result<Outcome, UsageError>| match load_catalog(
        catalog_dir.as_deref(),
    ) {
        Ok(c) => f(&c),
        Err(e) => Ok(Outcome { code: 1, stdout: e }),
    };
    match cmd.as_str() {
        "validate" => catalog_cmd::validate(rest),
        "calendar" => with_catalog(&|c| text_outcome(calendar_cmd::calendar(c.calendars(), rest))),
        "workdays" => with_catalog(&|c| text_outcome(calendar_cmd::workdays(c.calendars(), rest))),
        "lunar" => text_outcome(calendar_cmd::lunar(rest)),
        "procedures" => with_catalog(&|c| catalog_cmd::procedures(c, rest)),
        "evaluate" => evaluate_cmd::evaluate(catalog_dir.as_deref(), rest),
        "conformance" => conformance_cmd::conformance(rest),
        "deadline" => with_catalog(&|c| deadline_cmd::deadline(c, rest)),
        "track" => with_catalog(&|c| deadline_cmd::track(c, rest)),
        "metrics" => with_catalog(&|c| metrics_cmd::metrics(c, rest)),
        "synth" => with_catalog(&|c| metrics_cmd::synth(c, rest)),
        "help" | "--help" | "-h" => Ok(Outcome::ok(USAGE.into())),
        other => Err(UsageError(format!("unknown command `{other}`"))),
    }
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match run(argv) {
        Ok(o) => {
            if !o.stdout.is_empty() {
                println!("{}", o.stdout);
            }
            ExitCode::from(o.code)
        }
        Err(UsageError(msg)) => {
            eprintln!("tthc: {msg}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
