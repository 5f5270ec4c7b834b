//! The `*_many` calls: a batch in rounds, each read from Python with the
//! GIL held, computed without it, and answered with it again.
//!
//! Rounds bound what a batch holds beyond its input and its answers: at
//! most [`ROUND`] items taken from Python and not yet answered (a whole
//! batch of 140,000 cases used to be copied out before the first was
//! evaluated). The input may be any iterable, read as it goes, and other
//! Python threads run while a round is computed.

use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::errors::{catch, internal_error};

/// Items per round: enough that the GIL is taken and released a few times
/// per millisecond at most, few enough to keep a round's copies small.
pub(crate) const ROUND: usize = 1024;

/// Runs a batch over the iterable `items`: `take` copies an item out of
/// Python (its error is that item's answer), `work` computes it without the
/// GIL, `answer` turns the result into the item's Python answer. The answer
/// has one entry per item, in order.
pub(crate) fn run<'py, T: Send, R: Send>(
    py: Python<'py>,
    items: &Bound<'py, PyAny>,
    mut take: impl FnMut(&Bound<'py, PyAny>) -> PyResult<T>,
    work: impl Fn(T) -> R + Send + Sync,
    mut answer: impl FnMut(R) -> PyResult<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let out = PyList::empty(py);
    let mut items = items.try_iter()?;
    loop {
        // One slot per item: the error taking it, or None (computed).
        let mut slots = Vec::with_capacity(ROUND);
        let mut todo = Vec::with_capacity(ROUND);
        for item in items.by_ref().take(ROUND) {
            match take(&item?) {
                Ok(t) => {
                    todo.push(t);
                    slots.push(None);
                }
                Err(e) => slots.push(Some(e)),
            }
        }
        if slots.is_empty() {
            return Ok(out);
        }
        let work = &work;
        let done = py
            .detach(|| catch(|| todo.into_iter().map(work).collect::<Vec<R>>()))
            .map_err(|panic| internal_error(py, panic))?;
        let mut done = done.into_iter();
        for slot in slots {
            let item = match slot {
                Some(e) => e.into_value(py).into_any().into_bound(py),
                None => match done.next() {
                    Some(r) => answer(r)?,
                    None => return Err(internal_error(py, "a batch lost an item".into())),
                },
            };
            out.append(item)?;
        }
    }
}
