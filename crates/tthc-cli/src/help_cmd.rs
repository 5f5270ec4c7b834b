//! `tthc completions SHELL` and `tthc man`: shell completions and the manual
//! page, generated from the same clap definition as `--help`, so that they
//! cannot drift from the options the binary accepts.
//!
//! Nothing generated is committed: packagers run these commands at install
//! time (see README, "Command line").

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap_complete::Shell;

use crate::Outcome;

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  tthc completions bash > ~/.local/share/bash-completion/completions/tthc
  tthc completions zsh > ~/.zfunc/_tthc      # with fpath+=~/.zfunc in ~/.zshrc
  tthc completions fish > ~/.config/fish/completions/tthc.fish";

/// `tthc completions SHELL`.
#[derive(Debug, clap::Args)]
#[command(after_help = COMPLETIONS_EXAMPLES)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: Shell,
}

const MAN_EXAMPLES: &str = "\
Examples:
  tthc man > tthc.1 && man -l tthc.1
  tthc man --dir /usr/local/share/man/man1   # tthc.1, tthc-metrics.1, …";

/// `tthc man [--dir DIR]`.
#[derive(Debug, clap::Args)]
#[command(after_help = MAN_EXAMPLES)]
pub struct ManArgs {
    /// Write tthc.1 and one page per command (tthc-metrics.1, …) into DIR
    /// instead of printing tthc.1.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

/// The completion script for `a.shell`.
pub fn completions(mut cmd: clap::Command, a: &CompletionsArgs) -> Outcome {
    let mut script = Vec::new();
    clap_complete::generate(a.shell, &mut cmd, "tthc", &mut script);
    Outcome::ok(String::from_utf8_lossy(&script).trim_end().to_string())
}

/// The manual page on standard output, or every page written into `--dir`.
pub fn man(cmd: clap::Command, a: &ManArgs) -> Outcome {
    // The `help` subcommand is `--help` again; a page for it would say nothing.
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    let Some(dir) = &a.dir else {
        return match page(&cmd) {
            Ok(roff) => Outcome::ok(roff.trim_end().to_string()),
            Err(e) => Outcome::failed(format!("lỗi / error: cannot render the manual: {e}")),
        };
    };
    match std::fs::create_dir_all(dir).and_then(|()| write_pages(&cmd, dir)) {
        Ok(()) => Outcome::ok(String::new()),
        Err(e) => Outcome::failed(format!(
            "lỗi / error: cannot write into {}: {e}",
            dir.display()
        )),
    }
}

/// `cmd`'s page as ASCII roff. The help texts are Vietnamese and English; a
/// non-ASCII character is written as groff's `\[uXXXX]`, which groff and
/// mandoc read whatever encoding they assume for the file.
fn page(cmd: &clap::Command) -> std::io::Result<String> {
    let mut roff = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .source(format!("tthc {}", env!("CARGO_PKG_VERSION")))
        .render(&mut roff)?;
    let mut ascii = String::with_capacity(roff.len());
    for c in String::from_utf8_lossy(&roff).chars() {
        if c.is_ascii() {
            ascii.push(c);
        } else {
            let _ = write!(ascii, "\\[u{:04X}]", u32::from(c));
        }
    }
    Ok(ascii)
}

/// `tthc.1`, then `tthc-metrics.1`, `tthc-procedures-show.1`, … for every
/// visible subcommand (the names `tthc.1`'s SUBCOMMANDS section refers to).
fn write_pages(cmd: &clap::Command, dir: &Path) -> std::io::Result<()> {
    let name = cmd.get_display_name().unwrap_or_else(|| cmd.get_name());
    std::fs::write(dir.join(format!("{name}.1")), page(cmd)?)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub, dir)?;
    }
    Ok(())
}
