//! The one vocabulary of error kinds.
//!
//! Every error of the engine has a `kind()`: a stable, kebab-case machine
//! name that the CLI prints, the C ABI puts in its error JSON, the PHP and
//! Java clients and the Python exceptions carry, and the conformance vectors
//! match (`expect_error.kind`). Messages are for people and may be reworded;
//! kinds are for programs and never change meaning. They live in one enum so
//! that the same failure has the same name on every path and in every
//! binding, and so that a binding can map every kind to its own status or
//! exception class in one table (see `CHANGELOG.md` for additions).

use strum::VariantArray;

/// The stable machine name of an error.
///
/// `as_str()` gives the name (`"unknown-procedure"`); `ALL` lists every kind,
/// for the bindings' tables and for tests that every kind is handled. New
/// kinds may be added (the enum is `#[non_exhaustive]`); an existing kind
/// never changes its name or its meaning.
///
/// ```
/// use tthc::ErrorKind;
///
/// assert_eq!(ErrorKind::UnknownProcedure.as_str(), "unknown-procedure");
/// assert_eq!("out-of-range".parse(), Ok(ErrorKind::OutOfRange));
/// assert!(ErrorKind::ALL.contains(&ErrorKind::InvalidCase));
/// ```
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
#[non_exhaustive]
pub enum ErrorKind {
    // --- A case and what it names -------------------------------------
    /// The case is not valid JSON or TOML, has an unknown field, or a value
    /// out of range.
    InvalidCase,
    /// No procedure has that id or national code.
    UnknownProcedure,
    /// The procedure exists but no version of it is in force on the date.
    ProcedureNotInForce,
    /// No province has that id or name.
    UnknownProvince,
    /// The province did not exist on the date and has no successor then.
    ProvinceNotInForce,
    /// The case names an applicant category the catalogue does not declare.
    UnknownCategory,
    /// The agency level of the case does not handle the procedure on the date.
    LevelNotCompetent,

    // --- Deadlines and dossiers ----------------------------------------
    /// The procedure states no processing time and no same-day rule applies.
    NoProcessingTime,
    /// No deadline rule says how to count the period's unit on the date.
    NoCountingRule,
    /// A dossier event that cannot happen at that point of its life.
    InvalidEvent,
    /// A dossier without its `received` event.
    NoEvents,
    /// The instant to report at is before the dossier's last event.
    AsOfBeforeEvents,
    /// A dossier document that is not valid JSON or lacks a field.
    InvalidDossier,

    // --- The working calendar and dates --------------------------------
    /// A date outside the period the working calendar covers.
    OutOfRange,
    /// An answer that would fall outside the period the calendar covers.
    ResultOutOfRange,
    /// The catalogue has no working calendar.
    NoCalendar,
    /// The working calendar has no office hours (needed for working hours).
    NoOfficeHours,
    /// A date outside the years of the lunar table (1900–2199).
    LunarOutOfRange,
    /// A lunar date that does not exist (no such leap month, no day 30).
    InvalidLunarDate,
    /// A date or date-time that cannot be read or does not exist.
    InvalidDate,

    // --- Catalogues and metrics ----------------------------------------
    /// A catalogue failed to load; its diagnostics say where and why.
    CatalogError,
    /// A file or stream could not be read or written.
    Io,
    /// A metrics CSV header lacks a column, so no row could be read.
    Header,
    /// A metrics row (or CSV record) that could not be read.
    Malformed,
    /// The compiled-in KPI targets do not parse (a build defect).
    Targets,
    /// A metrics state's bytes cannot be read, or two states cannot be
    /// merged (other options, catalogue or version; a part in both).
    InvalidState,

    // --- Reported by the bindings at their boundary --------------------
    /// A required pointer argument was NULL (C ABI).
    NullArgument,
    /// A string argument is not valid UTF-8.
    InvalidUtf8,
    /// A JSON argument is not syntactically valid JSON.
    InvalidJson,
    /// An argument is larger than the binding accepts.
    InputTooLarge,
    /// A record asked for by id does not exist (a binding's generic kind).
    NotFound,
    /// A well-formed argument with a wrong value (a binding's generic kind).
    InvalidInput,
    /// An option of a binding call has a value it does not accept.
    InvalidOption,
    /// A batch offset that does not fit the engine's integer range.
    OffsetOutOfRange,
    /// The library hit a bug (a panic caught at the boundary).
    Internal,
    /// A handle that panicked earlier and can no longer be used.
    Poisoned,
}

impl ErrorKind {
    /// Every kind, in declaration order.
    pub const ALL: &'static [ErrorKind] = <ErrorKind as VariantArray>::VARIANTS;

    /// The kebab-case name, e.g. `"unknown-procedure"`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// Compares with a kind's name, as a conformance vector or a host gives it.
impl PartialEq<&str> for ErrorKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text a caught panic was raised with (`panic!("…")`), for the hosts
/// that catch panics at their boundary and report them as errors of kind
/// [`ErrorKind::Internal`] (the C ABI, the Python module) instead of letting
/// them unwind into a PHP, JVM or Python process.
///
/// ```
/// let payload = std::panic::catch_unwind(|| -> () { panic!("at row {}", 7) }).unwrap_err();
/// assert_eq!(tthc::panic_message(payload.as_ref()), "at row 7");
/// ```
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic without a message")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names are an interface: this list is what bindings and vectors
    /// match, written out so that a rename fails here first.
    #[test]
    fn names_are_stable() {
        let names: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "invalid-case",
                "unknown-procedure",
                "procedure-not-in-force",
                "unknown-province",
                "province-not-in-force",
                "unknown-category",
                "level-not-competent",
                "no-processing-time",
                "no-counting-rule",
                "invalid-event",
                "no-events",
                "as-of-before-events",
                "invalid-dossier",
                "out-of-range",
                "result-out-of-range",
                "no-calendar",
                "no-office-hours",
                "lunar-out-of-range",
                "invalid-lunar-date",
                "invalid-date",
                "catalog-error",
                "io",
                "header",
                "malformed",
                "targets",
                "invalid-state",
                "null-argument",
                "invalid-utf8",
                "invalid-json",
                "input-too-large",
                "not-found",
                "invalid-input",
                "invalid-option",
                "offset-out-of-range",
                "internal",
                "poisoned",
            ]
        );
        for k in ErrorKind::ALL {
            assert_eq!(k.as_str().parse::<ErrorKind>(), Ok(*k));
            assert_eq!(
                serde_json::to_value(k).ok(),
                Some(serde_json::Value::from(k.as_str()))
            );
        }
    }
}
