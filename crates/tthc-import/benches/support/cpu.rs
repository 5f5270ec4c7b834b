//! CPU time, for benchmarks on a machine shared with other builds: wall
//! time there counts the waits for a core; the process's CPU time (user and
//! system, so file reads and writes count) does not. The process's, not the
//! calling thread's: the catalogue loader reads and parses files on every
//! core, and the measuring threads are idle between runs.

use std::time::Duration;

/// This process's CPU time so far, every thread's.
pub fn cpu_time() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid, writable timespec; the clock id is a constant
    // Linux knows. On failure `t` stays zero.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    Duration::new(
        u64::try_from(t.tv_sec).unwrap_or(0),
        u32::try_from(t.tv_nsec).unwrap_or(0),
    )
}

/// For `Bencher::iter_custom`: the CPU time of `n` runs of `f`, each result
/// dropped outside the measured time.
pub fn time_of<T>(n: u64, mut f: impl FnMut() -> T) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..n {
        let start = cpu_time();
        let out = std::hint::black_box(f());
        total += cpu_time().saturating_sub(start);
        drop(out);
    }
    total
}

/// For `Bencher::iter_custom` on calls of a microsecond: the CPU time of a
/// loop of `n` calls of `f` (the clock is read twice, not per call).
pub fn batch_time<T>(n: u64, mut f: impl FnMut() -> T) -> Duration {
    let start = cpu_time();
    for _ in 0..n {
        std::hint::black_box(f());
    }
    cpu_time().saturating_sub(start)
}
