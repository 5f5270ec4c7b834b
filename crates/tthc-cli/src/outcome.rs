//! How a command ends: what it prints on standard output, its exit status,
//! and the usage errors that only show after parsing.
//!
//! Exit status: 0 success, 1 problems found or no answer, 2 usage error
//! (clap's own errors use 2 too). A reader that closes the pipe early
//! (`tthc metrics … | head -1`) is not an error: the command stops writing
//! and exits with the status it would have had, 0 for a report, quietly —
//! nothing on standard error — as ripgrep and bat do. (A shell reports 141
//! for programs killed by SIGPIPE; a status of 0 keeps `set -o pipefail`
//! scripts that read only the head of a report working.)

use std::io::{ErrorKind, Write};
use std::process::ExitCode;

use crate::terminal::{self, Stream};

/// What a subcommand prints and its exit code.
#[derive(Debug)]
pub struct Outcome {
    code: u8,
    /// Printed followed by a newline, unless empty.
    stdout: String,
}

impl Outcome {
    /// Success: `stdout` is the answer.
    pub fn ok(stdout: String) -> Outcome {
        Outcome { code: 0, stdout }
    }

    /// Problems found or no answer (exit 1); `stdout` says why.
    pub fn failed(stdout: String) -> Outcome {
        Outcome { code: 1, stdout }
    }

    /// An error of a known kind (exit 1): `{"error": {"kind", "message"}}`
    /// with `--json`, else one line `lỗi / error [kind]: message`.
    pub fn error(as_json: bool, kind: &str, message: String) -> Outcome {
        Outcome::failed(if as_json {
            json(&serde_json::json!({ "error": { "kind": kind, "message": message } }))
        } else {
            format!("lỗi / error [{kind}]: {message}")
        })
    }

    /// The outcome of a command that streamed its output to `-o` or standard
    /// output itself. A closed pipe ends it successfully: the reader had
    /// what it wanted.
    pub fn streamed(result: std::io::Result<()>) -> Outcome {
        match result {
            Err(e) if e.kind() != ErrorKind::BrokenPipe => {
                Outcome::failed(format!("lỗi / error: cannot write: {e}"))
            }
            _ => Outcome::ok(String::new()),
        }
    }

    /// Prints the output and turns the code into the process's exit status.
    pub fn finish(self) -> ExitCode {
        if !self.stdout.is_empty() {
            let mut out = std::io::stdout().lock();
            let written = out
                .write_all(self.stdout.as_bytes())
                .and_then(|()| out.write_all(b"\n"))
                .and_then(|()| out.flush());
            match written {
                Err(e) if e.kind() != ErrorKind::BrokenPipe => {
                    let _ = writeln!(std::io::stderr(), "tthc: cannot write the output: {e}");
                    return ExitCode::from(1);
                }
                _ => {}
            }
        }
        ExitCode::from(self.code)
    }
}

/// Pretty JSON; serialising our own types cannot fail, but if it ever did the
/// CLI prints the error as JSON rather than panicking.
pub fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// A usage error found after parsing (exit 2), printed like clap's own,
/// with the usage line of the command that was typed.
#[derive(Debug)]
pub struct UsageError(pub String);

impl UsageError {
    pub fn report(self, matches: &clap::ArgMatches) -> ExitCode {
        let mut cmd = crate::command();
        cmd.build();
        let mut m = matches;
        while let Some((name, sub)) = m.subcommand() {
            match cmd.find_subcommand(name).cloned() {
                Some(c) => cmd = c,
                None => break,
            }
            m = sub;
        }
        let _ = cmd
            .error(clap::error::ErrorKind::ValueValidation, self.0)
            .print();
        ExitCode::from(2)
    }
}

/// Prints a parse error (or the help or version clap was asked for) and
/// returns clap's exit status: 0 for help and version, 2 for errors.
pub fn parse_error(e: clap::Error) -> ExitCode {
    let code = u8::try_from(e.exit_code()).unwrap_or(2);
    if e.kind() == clap::error::ErrorKind::InvalidSubcommand {
        // The wording the CLI has always used, which scripts may match on.
        let styled = e.render();
        let text = if terminal::colour(Stream::Stderr) {
            styled.ansi().to_string()
        } else {
            styled.to_string()
        };
        let text = text.replacen("unrecognized subcommand", "unknown command", 1);
        let _ = write!(std::io::stderr(), "{text}");
    } else {
        let _ = e.print();
    }
    ExitCode::from(code)
}
