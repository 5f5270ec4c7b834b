//! The panic boundary every export goes through.
//!
//! A panic unwinding into PHP-FPM or a JVM is undefined behaviour and at
//! best kills the worker (ZEN's C ABI has no guard; anchors.md §2.2). Each
//! export therefore runs its body under `catch_unwind` and turns a panic into
//! [`Status::Panic`]. The handle the call was made on is then poisoned
//! (per handle, not process-wide as in Regorus), because a panic may have
//! left it in a state nobody reasoned about.
//!
//! The panic hook is installed once, process-wide, the first time any export
//! runs (in particular before any handle exists). It records the panic
//! message for `tthc_last_error_*` and stays quiet for panics inside an
//! export that marks its thread (the host gets a status instead of text on
//! its stderr); other panics also go to the previous hook unchanged.
//!
//! The typed calendar calls ([`fast`]) and the solar-to-lunar conversion
//! ([`fast_guard`]) are the exception: they take a few nanoseconds, and
//! marking the thread costs a `__tls_get_addr` call each way in a shared
//! library, so they do not mark it. They keep the boundary
//! itself (`catch_unwind`, which costs nothing until something panics): a
//! panic in one still returns [`Status::Panic`] with its message (and
//! poisons the calendar it was called on); the one difference is that the
//! previous hook also prints it on stderr.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Once;

use tthc_core::ErrorKind;

use crate::error::{set_last, FfiError};
use crate::status::Status;

static HOOK: Once = Once::new();

thread_local! {
    /// How many exports are running on this thread (an export may call
    /// another through a host callback in the future; a counter stays right).
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    /// The message of the last panic caught on this thread.
    static PANIC_MESSAGE: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn install_hook() {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if DEPTH.with(Cell::get) == 0 {
                previous(info);
            }
            let what = tthc_core::panic_message(info.payload());
            let at = info
                .location()
                .map_or_else(String::new, |l| format!(" at {}:{}", l.file(), l.line()));
            PANIC_MESSAGE.with(|m| {
                if let Ok(mut m) = m.try_borrow_mut() {
                    *m = Some(format!("{what}{at}"));
                }
            });
        }));
    });
}

/// Runs `f` with this thread's export depth raised, so that the hook knows a
/// panic inside it is ours to report quietly. One thread-local lookup per
/// call: in a shared library each costs a `__tls_get_addr` call, which the
/// calendar fast paths feel. `catch_unwind` inside means the depth is
/// restored even when `f` panics.
fn at_depth<T>(f: impl FnOnce() -> std::thread::Result<T>) -> std::thread::Result<T> {
    DEPTH.with(|d| {
        d.set(d.get().saturating_add(1));
        let r = f();
        d.set(d.get().saturating_sub(1));
        r
    })
}

/// Runs `f` and returns its value, or `on_panic` if it panics. For exports
/// that return a value rather than a status (`tthc_version`, frees, …).
pub fn catch_or<T>(on_panic: T, f: impl FnOnce() -> T) -> T {
    install_hook();
    at_depth(|| panic::catch_unwind(AssertUnwindSafe(f))).unwrap_or(on_panic)
}

/// Runs `f`, turning its error into a status plus the thread's last error,
/// and a panic into [`Status::Panic`] (calling `on_panic` first, to poison
/// the handle involved).
pub fn guard(on_panic: impl FnOnce(), f: impl FnOnce() -> Result<(), FfiError>) -> Status {
    install_hook();
    match at_depth(|| panic::catch_unwind(AssertUnwindSafe(f))) {
        Ok(Ok(())) => Status::Ok,
        Ok(Err(e)) => set_last(e),
        Err(_) => {
            on_panic();
            panicked()
        }
    }
}

/// Records the panic just caught on this thread as the last error.
#[cold]
#[inline(never)]
pub fn panicked() -> Status {
    let message = PANIC_MESSAGE
        .with(|m| m.try_borrow_mut().ok().and_then(|mut m| m.take()))
        .unwrap_or_else(|| "panic".to_string());
    set_last(FfiError::new(
        ErrorKind::Internal,
        format!("the tthc library panicked: {message}"),
    ))
}

/// The error of a NULL or poisoned handle (`Ok` if `h` is neither), for
/// [`with_handle`] and [`fast`].
#[cold]
#[inline(never)]
fn unusable<H: Poisonable>(h: Option<&H>, what: &str) -> Status {
    let Some(h) = h else {
        install_hook();
        return set_last(FfiError::null(what));
    };
    if h.poison_flag().load(Ordering::Acquire) {
        return set_last(
            FfiError::new(
                ErrorKind::Poisoned,
                format!("this {what} panicked in an earlier call and cannot be used"),
            )
            .with_help(format!("free the {what} and create a new one")),
        );
    }
    Status::Ok
}

/// [`with_handle`] for calls that take a few nanoseconds (the typed
/// calendar queries on a handle, which installed the hook when it was
/// created): the same checks in the same order and the same panic boundary,
/// without marking the thread (see the module docs). Everything but the
/// success path is out of line, so that the success path is a straight run
/// of code with a small stack frame.
#[inline(always)]
pub fn fast<H: Poisonable, E>(
    ptr: *const H,
    what: &str,
    f: impl FnOnce(&H) -> Result<(), E>,
    error: impl FnOnce(E) -> FfiError,
) -> Status {
    // SAFETY: as in `with_handle`: a non-NULL `ptr` came from the matching
    // `tthc_*_new`, has not been freed, and handles are `Sync`.
    let h = match unsafe { ptr.as_ref() } {
        Some(h) if !h.poison_flag().load(Ordering::Acquire) => h,
        h => return unusable(h, what),
    };
    match panic::catch_unwind(AssertUnwindSafe(|| f(h))) {
        Ok(Ok(())) => Status::Ok,
        Ok(Err(e)) => fail_with(e, error),
        Err(_) => poisoned_by_panic(h),
    }
}

/// [`guard`] for the handle-less typed calls of a few dozen nanoseconds
/// (`tthc_solar_to_lunar`): the same boundary without marking the thread
/// (see the module docs), and the error built out of line, as [`fast`]
/// does for calls on a calendar.
#[inline(always)]
pub fn fast_guard<E>(
    f: impl FnOnce() -> Result<(), E>,
    error: impl FnOnce(E) -> FfiError,
) -> Status {
    install_hook();
    match panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => Status::Ok,
        Ok(Err(e)) => fail_with(e, error),
        Err(_) => panicked(),
    }
}

/// Builds and records the error of a [`fast`] or [`fast_guard`] call (an `FfiError` built in
/// the caller would need room in its frame).
#[cold]
#[inline(never)]
fn fail_with<E>(e: E, error: impl FnOnce(E) -> FfiError) -> Status {
    set_last(error(e))
}

#[cold]
#[inline(never)]
fn poisoned_by_panic<H: Poisonable>(h: &H) -> Status {
    h.poison_flag().store(true, Ordering::Release);
    panicked()
}

/// A handle that remembers whether a call on it panicked.
pub trait Poisonable {
    fn poison_flag(&self) -> &AtomicBool;
}

/// Runs `f` on the handle behind `ptr`: NULL gives [`Status::NullArgument`],
/// a poisoned handle [`Status::Poisoned`], a panic poisons it.
pub fn with_handle<H: Poisonable>(
    ptr: *const H,
    what: &str,
    f: impl FnOnce(&H) -> Result<(), FfiError>,
) -> Status {
    // SAFETY: the caller of the export promises that a non-NULL `ptr` came
    // from the matching `tthc_*_new` and has not been freed (documented on
    // every handle type in the header). Handles are `Sync`, so a shared
    // reference may exist on many threads at once.
    let h = match unsafe { ptr.as_ref() } {
        Some(h) if !h.poison_flag().load(Ordering::Acquire) => h,
        h => return unusable(h, what),
    };
    guard(|| h.poison_flag().store(true, Ordering::Release), || f(h))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::last_status;

    struct Probe(AtomicBool);

    impl Poisonable for Probe {
        fn poison_flag(&self) -> &AtomicBool {
            &self.0
        }
    }

    #[test]
    fn a_panic_becomes_a_status_and_poisons_only_its_handle() {
        let bad = Probe(AtomicBool::new(false));
        let good = Probe(AtomicBool::new(false));
        let s = with_handle(&bad, "probe", |_| panic!("deliberate"));
        assert_eq!(s, Status::Panic);
        assert_eq!(last_status(), Status::Panic);
        let msg = crate::error::last_rendered(crate::error::Rendering::Message);
        // SAFETY: a non-null pointer from last_rendered is a valid C string
        // until the next failing call on this thread.
        let msg = unsafe { std::ffi::CStr::from_ptr(msg) }.to_string_lossy();
        assert!(msg.contains("deliberate"), "{msg}");
        assert_eq!(with_handle(&bad, "probe", |_| Ok(())), Status::Poisoned);
        assert_eq!(with_handle(&good, "probe", |_| Ok(())), Status::Ok);
    }

    #[test]
    fn a_null_handle_is_an_error_not_a_crash() {
        let s = with_handle(std::ptr::null::<Probe>(), "probe", |_| Ok(()));
        assert_eq!(s, Status::NullArgument);
    }

    #[test]
    fn a_fast_call_reports_its_query_error_and_poisons_on_panic() {
        let probe = Probe(AtomicBool::new(false));
        let error = |e: i32| FfiError::new(ErrorKind::OutOfRange, format!("day {e}"));
        assert_eq!(
            fast(&probe, "probe", |_| Ok::<(), i32>(()), error),
            Status::Ok
        );
        let s = fast(&probe, "probe", |_| Err(7), error);
        assert_eq!(s, Status::OutOfRange);
        let msg = crate::error::last_rendered(crate::error::Rendering::Message);
        // SAFETY: a non-null pointer from last_rendered is a valid C string
        // until the next failing call on this thread.
        let msg = unsafe { std::ffi::CStr::from_ptr(msg) }.to_string_lossy();
        assert_eq!(msg, "day 7");
        let s = fast(
            &probe,
            "probe",
            |_| -> Result<(), i32> { panic!("deliberate") },
            error,
        );
        assert_eq!(s, Status::Panic);
        assert_eq!(
            fast(&probe, "probe", |_| Ok::<(), i32>(()), error),
            Status::Poisoned
        );
        let null = std::ptr::null::<Probe>();
        assert_eq!(
            fast(null, "probe", |_| Ok::<(), i32>(()), error),
            Status::NullArgument
        );
    }

    #[test]
    fn catch_or_returns_the_fallback_on_panic() {
        assert_eq!(catch_or(7, || panic!("deliberate")), 7);
        assert_eq!(catch_or(7, || 3), 3);
    }
}
