//! Answers freed in groups, with the GIL released.
//!
//! An answer (the evaluated case: its copy of the case, fee lines,
//! reductions, deadline cuts, lists) is a dozen Rust allocations. Python
//! frees a decision when its last reference goes, with the GIL held, so a
//! batch's 20,000 answers dropped together kept every other thread waiting
//! through ~650 instructions of Rust frees per answer: a quarter of what
//! `evaluate_many` does with the GIL held, the part threads cannot share.
//! So a record (a decision or a part of one) that holds the last reference
//! to its answer hands the answer to a group kept by its thread, and a full
//! group is freed with the GIL released, while other threads run.
//!
//! No thread of our own and no lock: each Python thread keeps its own group
//! (a free on the thread that made the answer is also mimalloc's cheap
//! case). At most [`GROUP`]` - 1` answers wait per thread for the next drop
//! on that thread; a thread's group is freed when the thread ends.

use std::cell::Cell;
use std::sync::Arc;

use pyo3::Python;

use crate::answer::{Fields, PyRecord, Root};

/// Answers per group: a group takes the GIL off once per ~50 µs of frees,
/// not once per answer, and what waits is about a megabyte at most (an
/// answer of the bench's is ~3.8 KB).
const GROUP: usize = 256;

thread_local! {
    static GROUPS: Cell<Vec<Arc<dyn Root>>> = const { Cell::new(Vec::new()) };
}

/// A record is dropped by Python (with the GIL held). A decision's own
/// reference to its answer goes first (pyo3 drops a subclass's fields
/// before its base's), so the record's is the last one.
impl Drop for PyRecord {
    fn drop(&mut self) {
        if let Fields::View(view) = &self.fields {
            if Arc::strong_count(&view.root) == 1 {
                free_later(view.root.clone());
            }
        }
    }
}

/// Frees `answer` later, with the GIL released, together with the answers
/// dropped before and after it on this thread.
fn free_later(answer: Arc<dyn Root>) {
    let full = GROUPS.try_with(|cell| {
        let mut group = cell.take();
        if group.capacity() == 0 {
            group.reserve_exact(GROUP);
        }
        group.push(answer);
        if group.len() < GROUP {
            cell.set(group);
            None
        } else {
            Some(group)
        }
    });
    // Err: the thread is ending and its group is gone; the answer was
    // dropped with the closure, in place.
    if let Ok(Some(group)) = full {
        let mut group = Some(group);
        // Not attached while Python shuts down: the group is freed in place.
        Python::try_attach(|py| {
            let group = group.take();
            py.detach(move || drop(group));
        });
    }
}
