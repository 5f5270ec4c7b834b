//! The check behind the `abi` fuzz target (`fuzz/`): every exported
//! function fed arbitrary bytes, called the way a C host calls it.
//!
//! The first byte picks the entry point, the next few give its integer
//! and pointer arguments (some NULL), and the rest is its string argument
//! (up to the first NUL, so invalid UTF-8 gets through). Checks, on every
//! call: no PANIC status and no crash; a status the header defines; on
//! success an answer that is UTF-8 JSON (a batch answers each request),
//! on failure no answer, and a last error with the same status whose
//! message echoes at most a prefix of the input and whose JSON parses;
//! a reload that fails keeps the catalogue the engine had.
//!
//! Here rather than in `fuzz/` so that the committed corpus replays as an
//! ordinary test of this crate on stable (the `replay` test below). Built
//! only for tests and with the `fuzzing` feature.

use std::ffi::{c_char, CStr, CString};
use std::sync::OnceLock;

use tthc_core::fuzzing::assert_short_echo;

use crate::calendar::{self, Calendar, LunarDate};
use crate::engine::{self, Engine};
use crate::json;
use crate::status::Status;
use crate::{tthc_last_error_json, tthc_last_error_message, tthc_last_error_status};

/// The JSON calls, in the order the first byte picks them.
type JsonCall = extern "C" fn(*const Engine, *const c_char, *mut *mut c_char) -> Status;
const JSON_CALLS: [(JsonCall, bool); 9] = [
    (json::tthc_evaluate, false),
    (json::tthc_evaluate_batch, true),
    (json::tthc_procedure_show, false),
    (json::tthc_procedure_show_batch, true),
    (json::tthc_procedure_search, false),
    (json::tthc_deadline, false),
    (json::tthc_deadline_batch, true),
    (json::tthc_track, false),
    (json::tthc_track_batch, true),
];

/// One engine over the embedded catalogue for the read-only calls (as a
/// host keeps one), created through the ABI. Kept as an address: the handle
/// is documented as safe to share between threads.
fn shared_engine() -> *const Engine {
    static ENGINE: OnceLock<usize> = OnceLock::new();
    let addr = ENGINE.get_or_init(|| {
        let mut e = std::ptr::null_mut();
        let status = engine::tthc_engine_new(&mut e);
        assert_eq!(status, Status::Ok, "the embedded engine does not load");
        e as usize
    });
    *addr as *const Engine
}

/// Reads small values from the fuzzer's bytes (zeros past the end).
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }

    fn i32(&mut self) -> i32 {
        i32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }

    /// The rest as a C string: up to the first NUL.
    fn rest(&mut self) -> CString {
        let end = self.0.iter().position(|&b| b == 0).unwrap_or(self.0.len());
        let text = self.0.get(..end).unwrap_or_default().to_vec();
        self.0 = &[];
        CString::new(text).unwrap_or_default()
    }
}

/// Text the library returned, as UTF-8; the check fails on anything else.
fn text(ptr: *const c_char, what: &str) -> String {
    assert!(!ptr.is_null(), "{what}: NULL");
    // SAFETY: a non-NULL string from the library is NUL-terminated and
    // valid until it is freed or the next failing call on this thread.
    let text = std::str::from_utf8(unsafe { CStr::from_ptr(ptr) }.to_bytes());
    assert!(text.is_ok(), "{what} is not UTF-8");
    text.unwrap_or_default().to_string()
}

/// The status must be one the header defines, and not PANIC; a failure
/// must come with a last error of the same status whose message and JSON
/// are well formed and echo at most a prefix of `input`.
fn check_status(status: Status, input: &[u8]) {
    if let Some(message) = check_failure(status) {
        assert_short_echo(&message, input);
    }
}

/// [`check_status`] for a call given a path, which its message may show
/// whole (up to `tthc_core::excerpt::MAX_PATH_BYTES`).
fn check_status_path(status: Status) {
    if let Some(message) = check_failure(status) {
        assert!(
            message.len() <= tthc_core::excerpt::MAX_PATH_BYTES + 1024,
            "a {}-byte message",
            message.len()
        );
    }
}

/// The checks of [`check_status`] but the echo; the message of a failure.
fn check_failure(status: Status) -> Option<String> {
    let code = status as i32;
    let name = text(crate::tthc_status_name(code), "status name");
    assert_ne!(name, "UNKNOWN", "status {code} is not in the header");
    assert_ne!(status, Status::Panic, "the library panicked");
    if status == Status::Ok {
        return None;
    }
    assert_eq!(tthc_last_error_status(), status);
    let message = text(tthc_last_error_message(), "last error message");
    let json = text(tthc_last_error_json(), "last error JSON");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(v["status"], status.name(), "{json}");
    assert_eq!(v["message"], message.as_str(), "{json}");
    Some(message)
}

/// Takes an answer: UTF-8 JSON, freed with `tthc_string_free`.
fn answer(ptr: *mut c_char) -> serde_json::Value {
    let s = text(ptr, "answer");
    engine::tthc_string_free(ptr);
    let v = serde_json::from_str(&s);
    assert!(v.is_ok(), "the answer is not JSON: {s}");
    v.unwrap_or_default()
}

/// One JSON call: `engine` (or NULL), the string, an out slot (or NULL).
fn json_call(call: JsonCall, batch: bool, b: &mut Bytes<'_>) {
    let flags = b.byte();
    let request = b.rest();
    let engine = if flags & 1 == 0 {
        shared_engine()
    } else {
        std::ptr::null()
    };
    let request_ptr = if flags & 2 == 0 {
        request.as_ptr()
    } else {
        std::ptr::null()
    };
    let mut out: *mut c_char = std::ptr::null_mut();
    let out_ptr: *mut *mut c_char = if flags & 4 == 0 {
        &mut out
    } else {
        std::ptr::null_mut()
    };
    let status = call(engine, request_ptr, out_ptr);
    let input = request.as_bytes();
    check_status(status, input);
    if status != Status::Ok {
        assert!(out.is_null(), "an answer with status {status:?}");
        return;
    }
    let v = answer(out);
    if batch {
        let asked: Vec<serde_json::Value> =
            serde_json::from_slice(input).unwrap_or_else(|_| Vec::new());
        let items = v.as_array().cloned().unwrap_or_default();
        assert_eq!(items.len(), asked.len(), "a batch answers every request");
        for item in items {
            let status = item["status"].as_str().unwrap_or_default();
            assert_ne!(status, "PANIC");
            if status != "OK" {
                let message = item["error"]["message"].as_str().unwrap_or_default();
                assert_short_echo(message, input);
            }
        }
    }
}

/// Splits the rest into catalogue files: `path\x01text\x01path\x01text…`.
fn files(b: &mut Bytes<'_>) -> Vec<(CString, CString)> {
    let rest = b.rest();
    let parts: Vec<&[u8]> = rest.as_bytes().split(|&x| x == 1).collect();
    parts
        .chunks(2)
        .map(|pair| {
            let path = pair.first().copied().unwrap_or_default();
            let text = pair.get(1).copied().unwrap_or_default();
            (
                CString::new(path).unwrap_or_default(),
                CString::new(text).unwrap_or_default(),
            )
        })
        .collect()
}

/// The content hash of `engine`'s catalogue, through the ABI.
fn hash(engine: *const Engine) -> String {
    let mut out = std::ptr::null_mut();
    assert_eq!(
        engine::tthc_engine_content_hash(engine, &mut out),
        Status::Ok
    );
    let s = text(out, "hash");
    engine::tthc_string_free(out);
    s
}

/// Creating an engine from in-memory files, and reloading one from them: a
/// failed reload keeps the catalogue the engine had.
fn sources(b: &mut Bytes<'_>) {
    let over_embedded = b.byte() & 1 == 1;
    let files = files(b);
    let paths: Vec<*const c_char> = files.iter().map(|(p, _)| p.as_ptr()).collect();
    let texts: Vec<*const c_char> = files.iter().map(|(_, t)| t.as_ptr()).collect();
    // A diagnostic may show a path whole (up to MAX_PATH_BYTES, as for
    // `dir`): the echo limit holds for the files' texts, and a message
    // about a long path is bounded by the path rule instead.
    let texts_only: Vec<u8> = files
        .iter()
        .flat_map(|(_, t)| t.as_bytes().iter().copied())
        .collect();
    let long_path = files
        .iter()
        .any(|(p, _)| p.as_bytes().len() > tthc_core::fuzzing::MAX_ECHO);
    let check = |status| {
        if long_path {
            check_status_path(status);
        } else {
            check_status(status, &texts_only);
        }
    };
    let mut created = std::ptr::null_mut();
    let status = engine::tthc_engine_new_from_sources(
        paths.as_ptr(),
        texts.as_ptr(),
        files.len(),
        over_embedded,
        &mut created,
    );
    check(status);
    assert_eq!(status == Status::Ok, !created.is_null());
    engine::tthc_engine_free(created);

    reload_keeps_catalogue_on_failure(check, |target| {
        engine::tthc_engine_reload_from_sources(
            target,
            paths.as_ptr(),
            texts.as_ptr(),
            files.len(),
            over_embedded,
        )
    });
}

/// Reloads a fresh embedded engine with `reload`, checks its status with
/// `check`, and, when the reload failed, that the engine still holds the
/// catalogue it had (same content hash).
fn reload_keeps_catalogue_on_failure(
    check: impl Fn(Status),
    reload: impl FnOnce(*mut Engine) -> Status,
) {
    let mut target = std::ptr::null_mut();
    assert_eq!(engine::tthc_engine_new(&mut target), Status::Ok);
    let before = hash(target);
    let status = reload(target);
    check(status);
    if status != Status::Ok {
        assert_eq!(
            hash(target),
            before,
            "a failed reload changed the catalogue"
        );
    }
    engine::tthc_engine_free(target);
}

/// `tests/fixtures` of the repository this was built from (found upwards
/// from the package: crates/tthc-ffi, or fuzz/).
fn fixtures() -> std::path::PathBuf {
    let mut dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    while !dir.join("tests/fixtures").is_dir() && dir.pop() {}
    dir.join("tests/fixtures")
}

/// Creating an engine from a directory, and reloading one from it. The
/// fuzzer's bytes name a directory under `tests/fixtures` (one that exists
/// only when they spell a fixture's name); other paths are not tried, so
/// that the fuzzer cannot walk the machine's file system.
fn dir(b: &mut Bytes<'_>) {
    let over_embedded = b.byte() & 1 == 1;
    let name = b.rest();
    let name = String::from_utf8_lossy(name.as_bytes()).replace(['/', '\\', '.'], "_");
    let path = fixtures().join(name.as_str());
    let Ok(path) = CString::new(path.to_string_lossy().into_owned()) else {
        return;
    };
    let mut created = std::ptr::null_mut();
    let status = engine::tthc_engine_new_from_dir(path.as_ptr(), over_embedded, &mut created);
    check_status_path(status);
    engine::tthc_engine_free(created);

    reload_keeps_catalogue_on_failure(check_status_path, |target| {
        engine::tthc_engine_reload_from_dir(target, path.as_ptr(), over_embedded)
    });
}

/// A calendar (national or a province's), then every calendar query with
/// the fuzzer's days and counts.
fn calendar_calls(b: &mut Bytes<'_>) {
    let (day, other, n) = (b.i32(), b.i32(), b.i32());
    let flags = b.byte();
    let province = b.rest();
    let province_ptr = if flags & 1 == 0 {
        std::ptr::null()
    } else {
        province.as_ptr()
    };
    let mut cal: *mut Calendar = std::ptr::null_mut();
    let status = calendar::tthc_calendar_new(shared_engine(), province_ptr, &mut cal);
    check_status(status, province.as_bytes());
    if status != Status::Ok {
        return;
    }
    let (mut first, mut last) = (0, 0);
    check_status(
        calendar::tthc_calendar_range(cal, &mut first, &mut last),
        &[],
    );
    let mut working = false;
    check_status(
        calendar::tthc_calendar_is_working_day(cal, day, &mut working),
        &[],
    );
    let mut out = 0;
    check_status(
        calendar::tthc_calendar_add_working_days(cal, day, n, &mut out),
        &[],
    );
    check_status(
        calendar::tthc_calendar_working_days_between(cal, day, other, &mut out),
        &[],
    );
    let days = [day, other, day.wrapping_add(n), first, last];
    let mut flags_out = [false; 5];
    let mut days_out = [0; 5];
    let count = usize::from(flags >> 1) % (days.len() + 1);
    check_status(
        calendar::tthc_calendar_is_working_day_n(cal, days.as_ptr(), count, flags_out.as_mut_ptr()),
        &[],
    );
    check_status(
        calendar::tthc_calendar_add_working_days_n(
            cal,
            days.as_ptr(),
            count,
            n,
            days_out.as_mut_ptr(),
        ),
        &[],
    );
    calendar::tthc_calendar_free(cal);
}

/// The date conversions, with the fuzzer's numbers.
fn dates(b: &mut Bytes<'_>) {
    let (x, y, z) = (b.i32(), b.i32(), b.i32());
    let mut lunar = LunarDate {
        year: 0,
        month: 0,
        day: 0,
        leap: 0,
    };
    check_status(calendar::tthc_solar_to_lunar(x, &mut lunar), &[]);
    let asked = LunarDate {
        year: y,
        month: b.byte(),
        day: b.byte(),
        leap: b.byte(),
    };
    let mut day = 0;
    check_status(calendar::tthc_lunar_to_solar(&asked, &mut day), &[]);
    check_status(calendar::tthc_date_from_ymd(x, y, z, &mut day), &[]);
    let (mut yy, mut mm, mut dd) = (0, 0, 0);
    let status = calendar::tthc_date_to_ymd(x, &mut yy, &mut mm, &mut dd);
    check_status(status, &[]);
    if status == Status::Ok {
        let mut back = 0;
        assert_eq!(
            calendar::tthc_date_from_ymd(yy, mm, dd, &mut back),
            Status::Ok
        );
        assert_eq!(back, x, "date_to_ymd and date_from_ymd disagree");
    }
    let name = text(crate::tthc_status_name(x), "status name");
    assert!(!name.is_empty());
}

/// The check: see the module docs.
pub fn abi(data: &[u8]) {
    let mut b = Bytes(data);
    let op = usize::from(b.byte());
    match op % 13 {
        i @ 0..=8 => {
            if let Some(&(call, batch)) = JSON_CALLS.get(i) {
                json_call(call, batch, &mut b);
            }
        }
        9 => sources(&mut b),
        10 => dir(&mut b),
        11 => calendar_calls(&mut b),
        _ => dates(&mut b),
    }
}

#[cfg(test)]
mod replay {
    #[test]
    fn the_committed_corpus_passes_the_abi_check() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/abi");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "fuzz/corpus/abi is empty");
        for file in files {
            let data = std::fs::read(&file).unwrap();
            let result = std::panic::catch_unwind(|| super::abi(&data));
            assert!(result.is_ok(), "{} fails the ABI check", file.display());
        }
    }
}
