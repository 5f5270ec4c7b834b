//! A progress bar on standard error for long work (`tthc metrics` on a large
//! file), drawn only when standard error is a terminal and `--quiet` was not
//! given, so that logs and pipes never see it.
//!
//! A command opts in by flattening [`ProgressArgs`] into its arguments and
//! wrapping its input with [`ProgressArgs::reader`].

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use crate::terminal::{self, Stream};

/// `--quiet`, shared by the commands that show progress.
#[derive(Debug, clap::Args)]
pub struct ProgressArgs {
    /// Draw no progress bar (it is drawn only when standard error is a terminal).
    #[arg(short, long)]
    pub quiet: bool,
}

impl ProgressArgs {
    /// Whether a progress bar is drawn.
    pub fn enabled(&self) -> bool {
        !self.quiet && terminal::is_terminal(Stream::Stderr)
    }

    /// `input`, counting the bytes read and drawing a bar if [`enabled`]
    /// (`total` is the input's size where known, e.g. a file's length).
    ///
    /// [`enabled`]: ProgressArgs::enabled
    pub fn reader<'r>(&self, input: Box<dyn Read + 'r>, total: Option<u64>) -> Box<dyn Read + 'r> {
        if !self.enabled() {
            return input;
        }
        let now = Instant::now();
        Box::new(Progress {
            inner: input,
            read: 0,
            total,
            started: now,
            last: now,
            finished: false,
        })
    }
}

/// Counts bytes read and, at most four times a second and once at the end,
/// redraws the bar on standard error.
struct Progress<R> {
    inner: R,
    read: u64,
    total: Option<u64>,
    started: Instant,
    last: Instant,
    /// The final line is drawn once, however often the end is read.
    finished: bool,
}

impl<R: Read> Read for Progress<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        let end = n == 0 && !buf.is_empty();
        if end && !self.finished || !end && self.last.elapsed() >= Duration::from_millis(250) {
            self.finished = end;
            self.last = Instant::now();
            self.draw(end);
        }
        Ok(n)
    }
}

impl<R> Progress<R> {
    fn draw(&self, done: bool) {
        let mb = self.read as f64 / 1e6;
        let rate = mb / self.started.elapsed().as_secs_f64().max(1e-3);
        let line = match self.total.filter(|t| *t > 0) {
            Some(t) => {
                let f = (self.read as f64 / t as f64).min(1.0);
                let filled = (f * 30.0) as usize;
                format!(
                    "[{}{}] {:3.0} %  {mb:.0}/{:.0} MB  {rate:.0} MB/s",
                    "#".repeat(filled),
                    " ".repeat(30 - filled.min(30)),
                    f * 100.0,
                    t as f64 / 1e6
                )
            }
            None => format!("{mb:.0} MB read  {rate:.0} MB/s"),
        };
        // A closed standard error must not stop the work it reports on.
        let _ = write!(
            std::io::stderr(),
            "\r{line}{}",
            if done { "\n" } else { "" }
        );
    }
}
