//! Whether standard output or standard error is a terminal, and whether to
//! colour what goes there.
//!
//! What a person reads differs from what a script reads: a terminal gets the
//! source line with a caret under a catalogue error, and a progress bar
//! during long work; a pipe or a file gets the plain, stable lines that
//! scripts parse. Two environment variables adjust the guess:
//!
//! - `TTHC_TERMINAL=1` treats both streams as terminals, `TTHC_TERMINAL=0` as
//!   not (the tests use it to see the terminal layout through a pipe);
//! - `NO_COLOR` set to anything but the empty string turns colour off
//!   (<https://no-color.org>), never the layout.

use std::io::IsTerminal;

/// One of the process's two output streams.
#[derive(Clone, Copy, Debug)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// Whether `stream` is read by a person at a terminal.
pub fn is_terminal(stream: Stream) -> bool {
    match std::env::var_os("TTHC_TERMINAL") {
        Some(v) if v == "1" => true,
        Some(v) if v == "0" => false,
        _ => match stream {
            Stream::Stdout => std::io::stdout().is_terminal(),
            Stream::Stderr => std::io::stderr().is_terminal(),
        },
    }
}

/// Whether to colour `stream`: a terminal, and `NO_COLOR` unset or empty.
pub fn colour(stream: Stream) -> bool {
    is_terminal(stream) && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
