//! Diagnostics for catalogue files: one shape for the CLI, the C ABI and Python.
//!
//! A provincial officer editing a TOML file needs every mistake at once, each
//! pointing at a line and column, with a hint of what was expected. The shape
//! follows Cedar's `DetailedError` (code, message, help, severity, source
//! location) so that every binding can show the same thing.

use std::fmt;

use serde::Serialize;

/// How bad a diagnostic is. Every problem the reader finds today makes the
/// catalogue unusable, so there is one severity; the field stays in every
/// host's diagnostic shape so that a later, milder one changes no signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The catalogue cannot be used until this is fixed.
    Error,
}

impl Severity {
    /// The lowercase name hosts show: `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
        }
    }
}

/// Where in a catalogue file a problem is, 1-based.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceLocation {
    /// The file the problem is in.
    pub file: String,
    /// Line, from 1.
    pub line: u32,
    /// Column, from 1.
    pub column: u32,
}

/// One problem found while loading or checking a catalogue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable identifier, e.g. `E0103`; see [`codes`] for the list.
    pub code: &'static str,
    /// How bad it is.
    pub severity: Severity,
    /// What is wrong, naming the key or value.
    pub message: String,
    /// What to do about it; always present so that no error leaves the user guessing.
    pub help: String,
    /// Where it is; `None` for a problem of the tree as a whole.
    pub location: Option<SourceLocation>,
}

impl fmt::Display for SourceLocation {
    /// `file:line:col`, as editors and compilers print a position.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

impl fmt::Display for Diagnostic {
    /// `file:line:col: error[CODE]: message`, then an indented help line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.location {
            write!(f, "{loc}: ")?;
        }
        let sev = self.severity.as_str();
        write!(
            f,
            "{sev}[{}]: {}\n  help: {}",
            self.code, self.message, self.help
        )
    }
}

/// Diagnostic codes. Append only: tools and tests match on them.
pub mod codes {
    /// The file is not valid TOML.
    pub const SYNTAX: &str = "E0001";
    /// The file could not be read, or is not UTF-8, or is too large.
    pub const IO: &str = "E0002";
    /// A key that this kind of record does not have.
    pub const UNKNOWN_KEY: &str = "E0101";
    /// A required key is missing.
    pub const MISSING_KEY: &str = "E0102";
    /// A value has the wrong TOML type.
    pub const WRONG_TYPE: &str = "E0103";
    /// A value has the right type but is not allowed (bad enum value, negative amount, …).
    pub const INVALID_VALUE: &str = "E0104";
    /// A date that is not a real calendar date, or not YYYY-MM-DD.
    pub const INVALID_DATE: &str = "E0105";
    /// `valid_to` is before `valid_from`.
    pub const EMPTY_VALIDITY: &str = "E0106";
    /// A national procedure code that does not match the observed format.
    pub const MALFORMED_CODE: &str = "E0107";
    /// A record without any legal basis.
    pub const MISSING_LEGAL_BASIS: &str = "E0108";
    /// Two records share an id (with overlapping validity) or a code.
    pub const DUPLICATE: &str = "E0201";
    /// Two versions of one record are valid on the same day.
    pub const OVERLAPPING_VALIDITY: &str = "E0202";
    /// A reference to a record that does not exist.
    pub const UNKNOWN_REFERENCE: &str = "E0203";
    /// A competent level that did not exist on the record's dates (e.g. district after 2025-06-30).
    pub const LEVEL_OUT_OF_PERIOD: &str = "E0204";
    /// A regular expression that does not compile.
    pub const INVALID_REGEX: &str = "E0205";
    /// A file in a place the loader does not know.
    pub const UNEXPECTED_FILE: &str = "E0206";
    /// Conditions or windows that can never hold.
    pub const CONTRADICTION: &str = "E0207";
}

/// Collects diagnostics while a catalogue is read, so that loading reports all
/// of them instead of stopping at the first.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// No diagnostics yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an error with its code, message, help and location.
    pub fn error(
        &mut self,
        code: &'static str,
        location: Option<SourceLocation>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.items.push(Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            help: help.into(),
            location,
        });
    }

    /// Whether anything was found: every diagnostic is an error ([`Severity`]).
    pub fn has_errors(&self) -> bool {
        !self.items.is_empty()
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// How many diagnostics were found.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Moves `other`'s diagnostics after these, keeping the order found (a
    /// file read on another thread).
    pub(crate) fn append(&mut self, mut other: Diagnostics) {
        self.items.append(&mut other.items);
    }

    /// The diagnostics in the order found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// The diagnostics in file, line and column order.
    pub fn into_vec(mut self) -> Vec<Diagnostic> {
        self.sort();
        self.items
    }

    /// Orders by file, line, column so that output reads top to bottom.
    fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                d.location
                    .as_ref()
                    .map(|l| (l.file.clone(), l.line, l.column))
            };
            key(a).cmp(&key(b))
        });
    }
}

/// A catalogue that failed to load, with every problem found.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub struct CatalogError {
    /// Every problem, in file, line and column order.
    pub diagnostics: Vec<Diagnostic>,
}

impl CatalogError {
    /// The stable kind, `catalog-error`; the diagnostics carry their own codes.
    pub fn kind(&self) -> crate::error::ErrorKind {
        crate::error::ErrorKind::CatalogError
    }
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.diagnostics.len();
        writeln!(
            f,
            "catalogue has {n} problem{}:",
            if n == 1 { "" } else { "s" }
        )?;
        for d in &self.diagnostics {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}
