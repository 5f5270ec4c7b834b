//! The engine handle: creation, atomic reload, content hash, free.

use std::ffi::c_char;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, PoisonError, RwLock};

use tthc_core::Catalog;

use crate::boundary::{catch_or, guard, with_handle, Poisonable};
use crate::error::FfiError;
use crate::status::Status;
use crate::strings::{self, give, input, out};

/// An engine over one catalogue (the embedded default, a directory, or TOML
/// texts), which can be swapped for another while in use.
///
/// A `tthc_engine` is safe to use from multiple threads simultaneously,
/// including while another thread reloads it: each call works on the
/// catalogue that was current when it started, so an answer never mixes
/// two catalogues. Free it with `tthc_engine_free`, exactly once, after
/// every other call on it has returned.
pub struct Engine {
    /// Readers clone the `Arc` inside (a reference count), never the catalogue;
    /// a reload builds the new catalogue outside the lock and swaps it in.
    current: RwLock<tthc_core::Engine>,
    poisoned: AtomicBool,
}

impl Poisonable for Engine {
    fn poison_flag(&self) -> &AtomicBool {
        &self.poisoned
    }
}

impl Engine {
    fn new(inner: tthc_core::Engine) -> Engine {
        Engine {
            current: RwLock::new(inner),
            poisoned: AtomicBool::new(false),
        }
    }

    /// The catalogue current at this instant; it stays alive (and unchanged)
    /// for as long as the caller holds it, whatever reloads happen meanwhile.
    pub fn snapshot(&self) -> tthc_core::Engine {
        // A writer only ever swaps a fully built value in, so a poisoned lock
        // still holds a consistent engine.
        self.current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn replace(&self, inner: tthc_core::Engine) {
        let mut w = self.current.write().unwrap_or_else(PoisonError::into_inner);
        *w = inner;
    }
}

/// Where a catalogue comes from, as the host described it.
enum Source<'a> {
    Embedded,
    Dir(&'a str),
    Texts(Vec<(&'a str, &'a str)>),
}

fn embedded() -> Result<tthc_core::Engine, FfiError> {
    tthc_core::Engine::embedded().map_err(FfiError::from)
}

fn load(source: Source<'_>, over_embedded: bool) -> Result<tthc_core::Engine, FfiError> {
    let base = if over_embedded {
        Some(Catalog::embedded().map_err(FfiError::from)?)
    } else {
        None
    };
    let catalog = match (source, base) {
        (Source::Embedded, _) => return embedded(),
        (Source::Dir(d), Some(b)) => Catalog::from_dir_over(d, b),
        (Source::Dir(d), None) => Catalog::from_dir(d),
        (Source::Texts(files), b) => Catalog::from_sources(files, b),
    }
    .map_err(FfiError::from)?;
    Ok(tthc_core::Engine::new(Arc::new(catalog)))
}

/// Reads the `count` (path, text) pairs of a catalogue given as strings.
///
/// # Safety
/// `paths` and `texts` must be NULL or point to `count` string pointers each,
/// valid for `'a`.
unsafe fn texts<'a>(
    paths: *const *const c_char,
    texts: *const *const c_char,
    count: usize,
) -> Result<Source<'a>, FfiError> {
    if count == 0 {
        return Ok(Source::Texts(Vec::new()));
    }
    if paths.is_null() {
        return Err(FfiError::null("paths"));
    }
    if texts.is_null() {
        return Err(FfiError::null("texts"));
    }
    let mut files = Vec::with_capacity(count);
    for i in 0..count {
        // SAFETY: both arrays hold `count` pointers (caller's promise), i < count.
        let (p, t) = unsafe { (*paths.add(i), *texts.add(i)) };
        // SAFETY: each element is NULL or a valid C string (caller's promise).
        let p = unsafe { input(p, &format!("paths[{i}]")) }?;
        // SAFETY: as above.
        let t = unsafe { input(t, &format!("texts[{i}]")) }?;
        files.push((p, t));
    }
    Ok(Source::Texts(files))
}

/// Creates an engine, storing it in `*out` on success (NULL on failure).
fn create<'a>(
    out_engine: *mut *mut Engine,
    source: impl FnOnce() -> Result<Source<'a>, FfiError>,
    over_embedded: bool,
) -> Status {
    guard(
        || {},
        || {
            // SAFETY: the caller passes NULL or a writable `tthc_engine*` slot.
            let slot = unsafe { out(out_engine, "out_engine") }?;
            *slot = std::ptr::null_mut();
            let inner = load(source()?, over_embedded)?;
            *slot = Box::into_raw(Box::new(Engine::new(inner)));
            Ok(())
        },
    )
}

/// Builds the new catalogue, then swaps it in; on failure the old one stays.
fn reload<'a>(
    engine: *const Engine,
    source: impl FnOnce() -> Result<Source<'a>, FfiError>,
    over_embedded: bool,
) -> Status {
    with_handle(engine, "engine", |e| {
        e.replace(load(source()?, over_embedded)?);
        Ok(())
    })
}

/// Creates an engine over the catalogue compiled into the library.
///
/// On success `*out_engine` is a new engine (free it with
/// `tthc_engine_free`); on failure it is NULL and the last error says why.
#[no_mangle]
pub extern "C" fn tthc_engine_new(out_engine: *mut *mut Engine) -> Status {
    create(out_engine, || Ok(Source::Embedded), false)
}

/// Creates an engine over the catalogue tree in directory `dir` (UTF-8
/// path). With `over_embedded`, the tree is layered on the embedded
/// catalogue: its records replace those with the same id, and it may hold
/// only a province's overlay. On a catalogue error the last error lists every
/// diagnostic with file, line and column (`tthc_last_error_json`).
#[no_mangle]
pub extern "C" fn tthc_engine_new_from_dir(
    dir: *const c_char,
    over_embedded: bool,
    out_engine: *mut *mut Engine,
) -> Status {
    // SAFETY: `dir` is NULL or a C string valid during this call, and the
    // borrow does not outlive it.
    create(
        out_engine,
        || unsafe { input(dir, "dir") }.map(Source::Dir),
        over_embedded,
    )
}

/// Creates an engine from `count` in-memory catalogue files: `paths[i]` is
/// the path relative to the catalogue root (e.g. `procedures/ho-tich.toml`)
/// and `texts[i]` its TOML text. For hosts that keep the catalogue in a
/// database. Each string is limited to `tthc_max_input_bytes()`.
#[no_mangle]
pub extern "C" fn tthc_engine_new_from_sources(
    paths: *const *const c_char,
    texts: *const *const c_char,
    count: usize,
    over_embedded: bool,
    out_engine: *mut *mut Engine,
) -> Status {
    // SAFETY: the arrays hold `count` valid C strings during this call; the
    // borrows end before it returns.
    create(
        out_engine,
        || unsafe { self::texts(paths, texts, count) },
        over_embedded,
    )
}

/// Frees an engine. NULL is ignored. Call it at most once per engine, after
/// every other call on it (on any thread) has returned; calendars obtained
/// from it stay valid, as they hold their own catalogue.
#[no_mangle]
pub extern "C" fn tthc_engine_free(engine: *mut Engine) {
    catch_or((), || {
        if !engine.is_null() {
            // SAFETY: a non-NULL `engine` came from Box::into_raw in `create`
            // and is freed only once (documented contract).
            drop(unsafe { Box::from_raw(engine) });
        }
    });
}

/// Atomically replaces the engine's catalogue with the embedded one.
/// See `tthc_engine_reload_from_dir`.
#[no_mangle]
pub extern "C" fn tthc_engine_reload_embedded(engine: *const Engine) -> Status {
    reload(engine, || Ok(Source::Embedded), false)
}

/// Atomically replaces the engine's catalogue with the tree in `dir`
/// (`over_embedded` as for `tthc_engine_new_from_dir`). The new catalogue
/// is built and checked first: calls already running finish on the old one,
/// later calls see the new one, none sees a mix. If it fails to load, the
/// engine keeps its old catalogue and the status and last error say why.
#[no_mangle]
pub extern "C" fn tthc_engine_reload_from_dir(
    engine: *const Engine,
    dir: *const c_char,
    over_embedded: bool,
) -> Status {
    // SAFETY: `dir` is NULL or a C string valid during this call.
    reload(
        engine,
        || unsafe { input(dir, "dir") }.map(Source::Dir),
        over_embedded,
    )
}

/// Atomically replaces the engine's catalogue with in-memory files (as for
/// `tthc_engine_new_from_sources`), with the guarantees of
/// `tthc_engine_reload_from_dir`.
#[no_mangle]
pub extern "C" fn tthc_engine_reload_from_sources(
    engine: *const Engine,
    paths: *const *const c_char,
    texts: *const *const c_char,
    count: usize,
    over_embedded: bool,
) -> Status {
    // SAFETY: the arrays hold `count` valid C strings during this call.
    reload(
        engine,
        || unsafe { self::texts(paths, texts, count) },
        over_embedded,
    )
}

/// The SHA-256 (hex) of the engine's current catalogue, the same value as
/// `receipt.catalogue_hash` in answers. `*out_hash` must be freed with
/// `tthc_string_free`.
#[no_mangle]
pub extern "C" fn tthc_engine_content_hash(
    engine: *const Engine,
    out_hash: *mut *mut c_char,
) -> Status {
    with_handle(engine, "engine", |e| {
        // SAFETY: the caller passes NULL or a writable `char*` slot.
        let slot = unsafe { out(out_hash, "out_hash") }?;
        *slot = std::ptr::null_mut();
        give(slot, e.snapshot().catalog().content_hash().to_string());
        Ok(())
    })
}

/// Frees a string returned by the library. NULL is ignored; free each
/// string at most once.
#[no_mangle]
pub extern "C" fn tthc_string_free(s: *mut c_char) {
    // SAFETY: `s` is NULL or a string this library returned (documented contract).
    catch_or((), || unsafe { strings::free(s) });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Engine>();
    }
}
