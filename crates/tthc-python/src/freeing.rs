//! Answers Python has let go of are freed on a thread of their own.
//!
//! Freeing a decision (its case, its lists, the strings it owns) took
//! about as many instructions as reading its case in, and Python frees an
//! object while holding the GIL: a batch of answers dropped at once kept
//! every other thread waiting for all of that. So the last reference to an
//! answer of a batch call (`*_many`, [`Root::batched`]) is handed to one
//! background thread instead, in groups of [`GROUP`], and freed there while
//! Python goes on. A single call's answer is freed where it is dropped.
//!
//! Bounds: at most [`GROUP`] - 1 answers wait for a group to fill (a few
//! hundred kilobytes); if the thread cannot keep up, or does not exist (in
//! a child made by `fork`, which copies no threads), answers are freed
//! where they are dropped once [`MOST`] are waiting, or whenever the queue
//! is locked.

use std::mem;
use std::sync::{Arc, Condvar, LazyLock, Mutex, OnceLock};

use crate::answer::{Job, Root};

/// Answers handed over at once: waking the thread costs a system call.
const GROUP: usize = 256;
/// Answers waiting at most; beyond, they are freed where they are dropped.
const MOST: usize = 64 * GROUP;

struct Queue {
    waiting: Mutex<Vec<Arc<dyn Root>>>,
    full: Condvar,
}

/// The queue, and its thread started on first use (`None` if no thread
/// could be started: answers are then freed where they are dropped).
fn queue() -> Option<&'static Queue> {
    static QUEUE: OnceLock<Option<&'static Queue>> = OnceLock::new();
    *QUEUE.get_or_init(|| {
        let queue: &'static Queue = Box::leak(Box::new(Queue {
            waiting: Mutex::new(Vec::with_capacity(GROUP)),
            full: Condvar::new(),
        }));
        std::thread::Builder::new()
            .name("tthc-free".into())
            .spawn(move || free_forever(queue))
            .ok()
            .map(|_| queue)
    })
}

fn free_forever(queue: &Queue) {
    loop {
        let group = {
            let Ok(mut waiting) = queue.waiting.lock() else {
                return;
            };
            while waiting.len() < GROUP {
                waiting = match queue.full.wait(waiting) {
                    Ok(w) => w,
                    Err(_) => return,
                };
            }
            mem::replace(&mut *waiting, Vec::with_capacity(GROUP))
        };
        drop(group);
    }
}

/// An answer that holds nothing, left in the place of one handed over.
struct Nothing;

impl Root for Nothing {
    fn visit(&self, _: &mut dyn Job) {}
}

/// Lets go of `root`: when this is its last reference, the answer is
/// handed to the freeing thread (and `root` points at nothing).
pub(crate) fn release(root: &mut Arc<dyn Root>) {
    static NOTHING: LazyLock<Arc<dyn Root>> = LazyLock::new(|| Arc::new(Nothing));
    // The count first: it is next to the pointer just followed, while
    // `batched` is read from the answer itself (a cache miss on a record
    // read from a large batch).
    if Arc::strong_count(root) != 1 || !root.batched() {
        return;
    }
    let Some(queue) = queue() else {
        return;
    };
    // Not waiting for the lock: the thread holds it only to take a group,
    // and in a child made by `fork` it may be held by a thread that was
    // not copied. Either way the answer is freed here.
    let Ok(mut waiting) = queue.waiting.try_lock() else {
        return;
    };
    if waiting.len() >= MOST {
        // The thread is behind (or gone): free them here, outside the lock.
        let all = mem::take(&mut *waiting);
        drop(waiting);
        drop(all);
        return;
    }
    waiting.push(mem::replace(root, Arc::clone(&NOTHING)));
    // Once per group: the thread, if busy, looks again before it waits.
    if waiting.len() == GROUP {
        queue.full.notify_one();
    }
}
