//! Working-day arithmetic over columns of days, without Python.
//!
//! A column is numpy's `datetime64[D]` integer (days since 1970-01-01, with
//! `NAT` for not-a-time) or an offset; a scalar argument is broadcast. These
//! loops run with the GIL released, so they touch no Python object: the
//! binding copies each chunk of input out first and writes into an output
//! no Python code can see yet. A long chunk is split across threads (each
//! row is independent and the calendar is shared read-only), as many as
//! [`threads`] allows.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use tthc::calendar::{CalendarError, WorkingCalendar};

use crate::convert::days_to_date;

/// numpy's not-a-time value for `datetime64`.
pub(crate) const NAT: i64 = i64::MIN;

/// One input column: a broadcast scalar or one value per row.
#[derive(Clone, Copy)]
pub(crate) enum Col<'a> {
    Scalar(i64),
    Each(&'a [i64]),
}

impl Col<'_> {
    #[inline]
    fn at(&self, i: usize) -> i64 {
        match self {
            Col::Scalar(v) => *v,
            Col::Each(s) => s.get(i).copied().unwrap_or(NAT),
        }
    }
}

/// Why a row failed.
#[derive(Debug)]
pub(crate) enum Fail {
    Calendar(CalendarError),
    /// NaT, or a day number outside years 1-9999.
    NotADate(i64),
    /// An offset that does not fit the engine's 32-bit working-day count.
    Offset(i64),
}

/// The first failing row of a column operation.
#[derive(Debug)]
pub(crate) struct Failure {
    pub index: usize,
    pub fail: Fail,
}

#[inline]
fn date(v: i64) -> Result<tthc::Date, Fail> {
    days_to_date(v).ok_or(Fail::NotADate(v))
}

/// Threads a batch may use; 0 means one per available core.
static THREADS: AtomicUsize = AtomicUsize::new(0);

/// Below this many rows a batch runs on the calling thread: starting a
/// thread costs tens of microseconds, more than the work it would take over.
pub(crate) const PARALLEL_MIN_ROWS: usize = 1 << 16;

/// Sets the number of threads a batch may use (0: one per core).
pub(crate) fn set_threads(n: usize) {
    THREADS.store(n, Ordering::Relaxed);
}

/// The number of threads a batch may use.
pub(crate) fn threads() -> usize {
    // Asking the OS reads cgroup files (tens of microseconds): once is enough.
    static CORES: OnceLock<usize> = OnceLock::new();
    match THREADS.load(Ordering::Relaxed) {
        0 => *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, usize::from)),
        n => n,
    }
}

/// Runs `f` on the rows `start..start + out.len()`, writing `out`; a
/// failing row stops the loop unless `coerce`, which writes `fallback` for
/// it instead.
#[inline]
fn fill<T: Copy>(
    out: &mut [T],
    start: usize,
    coerce: Option<T>,
    f: &impl Fn(usize) -> Result<T, Fail>,
) -> Result<(), Failure> {
    for (slot, i) in out.iter_mut().zip(start..) {
        *slot = match (f(i), coerce) {
            (Ok(v), _) => v,
            (Err(_), Some(fallback)) => fallback,
            (Err(fail), None) => return Err(Failure { index: i, fail }),
        };
    }
    Ok(())
}

/// [`fill`] over all rows of `out` (rows `start..`), split across
/// threads when long (each thread writes its own part of the output). The
/// failure reported is the first failing row, as in a sequential run.
fn fill_rows<T: Copy + Send>(
    out: &mut [T],
    start: usize,
    coerce: Option<T>,
    f: impl Fn(usize) -> Result<T, Fail> + Sync,
) -> Result<(), Failure> {
    let n = out.len();
    let threads = if n < 2 * PARALLEL_MIN_ROWS {
        1
    } else {
        threads().min(n / PARALLEL_MIN_ROWS)
    };
    if threads <= 1 {
        return fill(out, start, coerce, &f);
    }
    let chunk = n.div_ceil(threads);
    let parts: Vec<std::thread::Result<Result<(), Failure>>> = std::thread::scope(|s| {
        let f = &f;
        let handles: Vec<_> = out
            .chunks_mut(chunk)
            .enumerate()
            .map(|(t, part)| s.spawn(move || fill(part, start + t * chunk, coerce, f)))
            .collect();
        handles.into_iter().map(|h| h.join()).collect()
    });
    for part in parts {
        // A worker's panic continues on this thread, where the caller's
        // guard turns it into `tthc.InternalError`.
        part.unwrap_or_else(|payload| std::panic::resume_unwind(payload))?;
    }
    Ok(())
}

/// `add_working_days` row by row into `out` (rows `start..` of the whole
/// batch; `days` and `offsets` hold just these rows). NaT in gives NaT out
/// (numpy's convention); `coerce` turns every other failure into NaT too.
pub(crate) fn add_working_days(
    cal: &WorkingCalendar,
    days: Col<'_>,
    offsets: Col<'_>,
    out: &mut [i64],
    start: usize,
    coerce: bool,
) -> Result<(), Failure> {
    fill_rows(out, start, coerce.then_some(NAT), |i| {
        let d = days.at(i - start);
        if d == NAT {
            return Ok(NAT);
        }
        let k = offsets.at(i - start);
        let k = i32::try_from(k).map_err(|_| Fail::Offset(k))?;
        cal.add_working_days(date(d)?, k)
            .map(|r| i64::from(r.days_since_epoch()))
            .map_err(Fail::Calendar)
    })
}

/// `working_days_between` row by row into `out`.
pub(crate) fn working_days_between(
    cal: &WorkingCalendar,
    a: Col<'_>,
    b: Col<'_>,
    out: &mut [i64],
    start: usize,
) -> Result<(), Failure> {
    fill_rows(out, start, None, |i| {
        cal.working_days_between(date(a.at(i - start))?, date(b.at(i - start))?)
            .map(i64::from)
            .map_err(Fail::Calendar)
    })
}

/// `is_working_day` row by row into `out`.
pub(crate) fn is_working_day(
    cal: &WorkingCalendar,
    days: Col<'_>,
    out: &mut [bool],
    start: usize,
) -> Result<(), Failure> {
    fill_rows(out, start, None, |i| {
        cal.is_working_day(date(days.at(i - start))?)
            .map_err(Fail::Calendar)
    })
}
