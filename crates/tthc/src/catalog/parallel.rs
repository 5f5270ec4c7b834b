//! Loading on every core: a tree's files are read and parsed independently,
//! so they are spread over threads; the results come back in file order, so
//! diagnostics, references and records are merged exactly as a one-thread
//! load would produce them.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// Below this many bytes of input, one thread does the work: starting a
/// thread (tens of µs) would cost more than it saves.
const MIN_PARALLEL_BYTES: usize = 64 * 1024;

/// The threads a load may use: the cores this process may run on.
fn threads() -> usize {
    static THREADS: OnceLock<usize> = OnceLock::new();
    *THREADS.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// `f` applied to every item, in item order. `bytes` is an item's size: a
/// small total runs on this thread alone. Threads take the next item as they
/// finish one, so a few large files do not leave a core idle.
pub(crate) fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    bytes: impl Fn(&T) -> usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = threads().min(items.len());
    if threads <= 1 || items.iter().map(bytes).sum::<usize>() < MIN_PARALLEL_BYTES {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let mut all = std::thread::scope(|s| {
        let helpers: Vec<_> = (1..threads).map(|_| s.spawn(work)).collect();
        let mut all = work();
        for h in helpers {
            match h.join() {
                Ok(done) => all.extend(done),
                // A panic in a helper is re-raised here, as if this thread had run the item.
                Err(payload) => std::panic::resume_unwind(payload),
            }
        }
        all
    });
    all.sort_unstable_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

/// Runs `a` on another thread while this one runs `b` (both here when there
/// is one core): for work that does not depend on each other, such as the
/// content hash and the checks.
pub(crate) fn join<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    if threads() <= 1 {
        return (a(), b());
    }
    std::thread::scope(|s| {
        let other = s.spawn(a);
        let rb = b();
        match other.join() {
            Ok(ra) => (ra, rb),
            Err(payload) => std::panic::resume_unwind(payload),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_item_order_whatever_thread_ran_them() {
        let items: Vec<usize> = (0..1000).collect();
        // 1 000 items of 1 KiB: over the threshold, so helpers run when there are cores.
        let got = map_in_order(&items, |_| 1024, |i| i * 3);
        assert_eq!(got, items.iter().map(|i| i * 3).collect::<Vec<_>>());
        let small = map_in_order(&items[..3], |_| 1, |i| i + 1);
        assert_eq!(small, vec![1, 2, 3]);
    }

    #[test]
    fn join_returns_both_results() {
        assert_eq!(join(|| 2 + 2, || "b"), (4, "b"));
    }
}
