//! The C ABI's statuses, and the one table from the engine's error kinds to
//! them.
//!
//! Every error the library reports has a kind ([`ErrorKind`], the vocabulary
//! the engine, the CLI, Python and the conformance vectors share) and a
//! status (the number a C function returns). [`row`] gives each kind its
//! status and, where it does not depend on the call, its help text; every
//! failing call builds its error from it ([`crate::error::FfiError::new`]).
//! The header's `tthc_status` enum is generated from [`Status`], and
//! `tthc_status_name` and `tthc_error_kinds_json` read the same two
//! definitions, so C, PHP and Java see one list.
//!
//! Adding a kind to the engine is one row in [`row`]; the test
//! `every_kind_has_a_row` names a kind that has none. Adding a status is one
//! variant of [`Status`] with the next value (append-only), and a line in
//! CHANGELOG.md.

use std::ffi::{c_char, CString};
use std::sync::OnceLock;

use serde::Serialize;
use tthc_core::ErrorKind;

/// The outcome of a call. Values are explicit and append-only: a host may
/// store or switch on them, so an existing value never changes meaning.
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    /// Success; out-parameters hold the answer.
    Ok = 0,
    /// A required pointer argument was NULL.
    NullArgument = 1,
    /// A string argument is not valid UTF-8.
    InvalidUtf8 = 2,
    /// A JSON argument is not syntactically valid JSON.
    InvalidJson = 3,
    /// A string argument is longer than `tthc_max_input_bytes()` (16 MiB).
    InputTooLarge = 4,
    /// A catalogue failed to load; the last error lists every diagnostic
    /// with its file, line and column.
    CatalogError = 5,
    /// The procedure, province or other record asked for does not exist, or
    /// is not in force on the date.
    NotFound = 6,
    /// A well-formed argument with a wrong value (an unknown field, a bad
    /// date, an out-of-range number, an unknown applicant category, …).
    InvalidInput = 7,
    /// A date or a result outside the calendar's or the lunar table's range.
    OutOfRange = 8,
    /// A file or directory could not be read.
    Io = 9,
    /// The library panicked during this call (a bug). The handle it was
    /// called on is poisoned from now on.
    Panic = 10,
    /// The handle panicked in an earlier call and can no longer be used;
    /// free it and create a new one.
    Poisoned = 11,
    /// The catalogue does not record what the answer needs: the procedure
    /// states no processing time (or records it as unknown, with the reason
    /// in the message) and no same-day rule applies, or no rule says how to
    /// count the period. Unlike NOT_FOUND, what was asked for exists.
    NotRecorded = 12,
}

impl Status {
    /// The upper-case name a C programmer sees in the header without its
    /// `TTHC_STATUS_` prefix, e.g. `NOT_FOUND`.
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// The status whose value is `code`, if there is one.
    fn of_code(code: i32) -> Option<Status> {
        usize::try_from(code)
            .ok()
            .and_then(|i| <Status as strum::VariantArray>::VARIANTS.get(i))
            .copied()
    }
}

/// How the C ABI reports errors of one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reported {
    /// With this status, and this help unless the call gives its own.
    As(Status, &'static str),
    /// Never: only another binding reports the kind (metrics run only from
    /// Python and the CLI).
    Never,
}

/// The row of `kind` in the table: its status and help. `None` for a kind
/// the core added after this table was written (a test fails on it).
#[rustfmt::skip]
pub fn row(kind: ErrorKind) -> Option<Reported> {
    use ErrorKind as K;
    use Reported::{As, Never};
    use Status as S;
    const CASE: &str = "check the case against schema/case.schema.json";
    const DEADLINE: &str = "the catalogue has no processing time or deadline rule for this case; see docs/deadlines.md";
    const DOSSIER: &str = "a dossier is {\"case\": {…}, \"events\": [{\"kind\": \"received\", \"at\": …}, …], \"as_of\": …}, events in the order they happened";
    const RANGE: &str = "use dates inside the range tthc_calendar_range reports (lunar: 1900–2199), or add calendar data for more years";
    const NO_CALENDAR: &str = "load a catalogue with calendar/*.toml files (the embedded one has them)";
    const BUG: &str = "this is a bug in tthc; please report it with the input that caused it. The handle is poisoned: free it and create a new one";
    Some(match kind {
        // A case and what it names.
        K::InvalidCase => As(S::InvalidInput, CASE),
        K::UnknownProcedure => As(S::NotFound, "use a procedure id or national code from the catalogue (tthc_procedure_search finds them)"),
        K::ProcedureNotInForce => As(S::NotFound, "use a date on which a version of the procedure is in force"),
        K::UnknownProvince => As(S::NotFound, "use a province id or name from the catalogue's provinces.toml"),
        K::ProvinceNotInForce => As(S::NotFound, "use a date on which the province existed, or its successor"),
        K::UnknownCategory => As(S::InvalidInput, "use an applicant category declared in the catalogue's policies"),
        K::LevelNotCompetent => As(S::InvalidInput, "use one of the procedure's competent levels, or omit agency_level"),
        // Deadlines and dossiers.
        K::NoProcessingTime => As(S::NotRecorded, DEADLINE),
        K::NoCountingRule => As(S::NotRecorded, DEADLINE),
        K::InvalidEvent => As(S::InvalidInput, DOSSIER),
        K::NoEvents => As(S::InvalidInput, DOSSIER),
        K::AsOfBeforeEvents => As(S::InvalidInput, DOSSIER),
        K::InvalidDossier => As(S::InvalidInput, DOSSIER),
        // The working calendar and dates.
        K::OutOfRange => As(S::OutOfRange, RANGE),
        K::ResultOutOfRange => As(S::OutOfRange, RANGE),
        K::LunarOutOfRange => As(S::OutOfRange, RANGE),
        K::NoCalendar => As(S::NotFound, NO_CALENDAR),
        K::NoOfficeHours => As(S::NotFound, NO_CALENDAR),
        K::InvalidLunarDate => As(S::InvalidInput, "check the lunar month (a leap month exists only in some years) and day (30 only in long months)"),
        K::InvalidDate => As(S::InvalidInput, "month is 1–12 and day 1–28/29/30/31 as the month has"),
        // Catalogues.
        K::CatalogError => As(S::CatalogError, "fix every diagnostic listed in `diagnostics` (each has its file, line and column); the engine keeps its previous catalogue"),
        K::Io => As(S::Io, "check that the directory exists and is readable by the host process"),
        // The boundary: arguments, and the library's own failures.
        K::NullArgument => As(S::NullArgument, "pass a valid pointer"),
        K::InvalidUtf8 => As(S::InvalidUtf8, "encode text as UTF-8 (PHP: mb_convert_encoding; Java: getBytes(StandardCharsets.UTF_8))"),
        K::InvalidJson => As(S::InvalidJson, "send one JSON value (UTF-8), e.g. from json_encode / a JSON library"),
        K::InputTooLarge => As(S::InputTooLarge, "split the input (e.g. a batch into several calls) or load a catalogue from a directory"),
        K::NotFound => As(S::NotFound, "use an id or a name from the catalogue"),
        K::InvalidInput => As(S::InvalidInput, "see bindings/README.md for the request shape of each call"),
        K::Internal => As(S::Panic, BUG),
        K::Poisoned => As(S::Poisoned, "free the handle and create a new one"),
        // Metrics and options of the Python binding.
        K::Header
        | K::Malformed
        | K::Targets
        | K::InvalidState
        | K::InvalidOption
        | K::OffsetOutOfRange => Never,
        _ => return None,
    })
}

/// The status and help of `kind`; a kind without a row (see [`row`]) is
/// reported as INVALID_INPUT rather than not at all.
pub fn reported(kind: ErrorKind) -> (Status, &'static str) {
    match row(kind) {
        Some(Reported::As(status, help)) => (status, help),
        Some(Reported::Never) | None => (Status::InvalidInput, ""),
    }
}

/// `tthc_status_name`'s strings: each status's name, NUL-terminated, by value.
fn c_names() -> &'static [CString] {
    static NAMES: OnceLock<Vec<CString>> = OnceLock::new();
    NAMES.get_or_init(|| {
        <Status as strum::VariantArray>::VARIANTS
            .iter()
            .map(|s| CString::new(s.name()).unwrap_or_default())
            .collect()
    })
}

/// The name of status `code` as a C string, "UNKNOWN" for a value this
/// version does not define.
pub fn c_name(code: i32) -> *const c_char {
    Status::of_code(code)
        .and_then(|s| c_names().get(s as usize))
        .map_or(c"UNKNOWN".as_ptr(), |n| n.as_ptr())
}

#[derive(Serialize)]
struct StatusEntry {
    code: i32,
    name: &'static str,
}

#[derive(Serialize)]
struct KindEntry {
    kind: ErrorKind,
    status: &'static str,
    code: i32,
}

#[derive(Serialize)]
struct Table {
    statuses: Vec<StatusEntry>,
    kinds: Vec<KindEntry>,
}

/// `tthc_error_kinds_json`'s text: every status, and every kind the C ABI
/// reports with its status.
pub fn table_json() -> *const c_char {
    static JSON: OnceLock<CString> = OnceLock::new();
    JSON.get_or_init(|| {
        let table = Table {
            statuses: <Status as strum::VariantArray>::VARIANTS
                .iter()
                .map(|&s| StatusEntry {
                    code: s as i32,
                    name: s.name(),
                })
                .collect(),
            kinds: ErrorKind::ALL
                .iter()
                .filter_map(|&kind| match row(kind) {
                    Some(Reported::As(status, _)) => Some(KindEntry {
                        kind,
                        status: status.name(),
                        code: status as i32,
                    }),
                    Some(Reported::Never) | None => None,
                })
                .collect(),
        };
        // JSON escapes every control character, so the text has no NUL.
        CString::new(serde_json::to_string(&table).unwrap_or_default()).unwrap_or_default()
    })
    .as_ptr()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_row() {
        let missing: Vec<&str> = ErrorKind::ALL
            .iter()
            .filter(|k| row(**k).is_none())
            .map(|k| k.as_str())
            .collect();
        assert!(
            missing.is_empty(),
            "kinds without a row in crates/tthc-ffi/src/status.rs: {missing:?}"
        );
    }

    #[test]
    fn values_are_the_positions() {
        for (i, s) in <Status as strum::VariantArray>::VARIANTS.iter().enumerate() {
            assert_eq!(*s as usize, i, "{s:?}");
            assert_eq!(Status::of_code(*s as i32), Some(*s));
        }
        assert_eq!(Status::of_code(-1), None);
        assert_eq!(Status::NullArgument.name(), "NULL_ARGUMENT");
        assert_eq!(Status::InvalidUtf8.name(), "INVALID_UTF8");
    }

    #[test]
    fn no_error_is_reported_as_ok() {
        for k in ErrorKind::ALL {
            assert_ne!(reported(*k).0, Status::Ok, "{k}");
        }
    }
}
