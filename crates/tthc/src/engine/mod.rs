//! The engine: one case in, one [`Decision`] with its receipt out.
//!
//! An [`Engine`] is an immutable handle over an `Arc<Catalog>`: build it once
//! (parsing and indexing cost milliseconds), share it between threads, and
//! evaluate as often as needed (an evaluation costs about a microsecond).
//! Semantics — precedence, combination, rounding, the deciding instant — are
//! in `docs/policies.md`.

pub(crate) mod case;
mod deadline;
mod decision;
mod evaluate;
mod json;

use std::sync::Arc;

use serde::Serialize;

pub use case::{
    toml_to_json, Applicant, Case, CaseBuilder, CaseFeeItem, MAX_FEE_AMOUNT, MAX_IDENTITY_LEVEL,
};
pub use deadline::{Deadline, DossierFile};
pub use decision::*;

use crate::catalog::QueryError;
use crate::deadline::DeadlineError;
use crate::diagnostics::CatalogError;
use crate::error::ErrorKind;
use crate::Catalog;

/// Why the engine could not answer for a case: evaluate, deadline or track.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    /// The case is not valid JSON/TOML, has unknown fields, or a value out of range.
    #[error("invalid case: {message}")]
    InvalidCase {
        /// What is wrong, in the words of the reader that found it.
        message: String,
    },
    /// The procedure or province is unknown, or not in force on the date.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// The case names an applicant category the catalogue does not declare.
    #[error("unknown applicant category `{category}`; declared: {known}")]
    UnknownCategory {
        /// The category as the case wrote it (a prefix when long).
        category: String,
        /// The declared categories, comma-separated.
        known: String,
    },
    /// The case's agency level does not handle the procedure on the date.
    #[error("procedure `{procedure}` is not handled at {level} level on {on} (competent levels: {competent})")]
    LevelNotCompetent {
        /// The procedure id.
        procedure: String,
        /// The case's agency level.
        level: &'static str,
        /// The submission date.
        on: crate::Date,
        /// The procedure's competent levels on that date, comma-separated.
        competent: String,
    },
    /// The case's deadline or tracking could not be computed (no known
    /// processing time, a date outside the calendar, an impossible event, …).
    #[error(transparent)]
    Deadline(#[from] DeadlineError),
    /// A dossier document that is not valid JSON or lacks a field.
    #[error("invalid dossier: {message}")]
    InvalidDossier {
        /// The JSON reader's message.
        message: String,
    },
}

impl EvalError {
    /// Stable machine name of the error, as conformance vectors and bindings
    /// match it.
    pub fn kind(&self) -> ErrorKind {
        match self {
            EvalError::InvalidCase { .. } => ErrorKind::InvalidCase,
            EvalError::Query(q) => q.kind(),
            EvalError::UnknownCategory { .. } => ErrorKind::UnknownCategory,
            EvalError::LevelNotCompetent { .. } => ErrorKind::LevelNotCompetent,
            EvalError::Deadline(e) => e.kind(),
            EvalError::InvalidDossier { .. } => ErrorKind::InvalidDossier,
        }
    }

    /// `{ "kind": …, "message": … }`, the error shape every binding reports.
    pub fn to_json(&self) -> ErrorJson {
        ErrorJson {
            kind: self.kind(),
            message: self.to_string(),
        }
    }
}

/// An [`EvalError`] as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorJson {
    /// The error's kind, written as its name.
    pub kind: ErrorKind,
    /// The error's message.
    pub message: String,
}

/// An immutable evaluation handle; `Send + Sync`, cheap to clone.
///
/// Build it once (over the embedded catalogue, or over a deployment's tree
/// with [`Engine::new`]) and share it between threads: every call reads the
/// same catalogue snapshot.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use std::sync::Arc;
/// use tthc::{Catalog, Engine};
///
/// let embedded = Engine::embedded()?;
/// let same = Engine::new(Arc::new(Catalog::embedded()?.clone()));
/// assert_eq!(embedded.catalog().content_hash(), same.catalog().content_hash());
///
/// // JSON in, JSON out: what the C ABI and the other hosts send.
/// let answer = embedded.evaluate_json(
///     r#"{"procedure": "cu-tru.dang-ky-thuong-tru", "channel": "in-person",
///         "submitted_at": "2025-08-04T09:00:00", "province": "ha-noi"}"#,
/// )?;
/// assert!(answer.contains("\"receipt\""));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Engine {
    catalog: Arc<Catalog>,
}

impl Engine {
    /// An engine over the embedded default catalogue.
    pub fn embedded() -> Result<Engine, CatalogError> {
        Catalog::embedded_shared().map(Engine::new)
    }

    /// An engine over a catalogue the caller loaded (a deployment's tree, or one layered over the embedded one); share the `Arc` between engines and threads.
    pub fn new(catalog: Arc<Catalog>) -> Engine {
        Engine { catalog }
    }

    /// The catalogue this engine answers from.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Evaluates one case as of its submission time.
    pub fn evaluate<'a>(&'a self, case: &'a Case) -> Result<Decision<'a>, EvalError> {
        evaluate::evaluate(&self.catalog, case)
    }

    /// JSON in, JSON out: the shape foreign-language bindings use.
    pub fn evaluate_json(&self, case_json: &str) -> Result<String, EvalError> {
        self.evaluate_to_json(&Case::from_json(case_json)?)
    }

    /// Evaluates a case read already and writes its decision as JSON (for
    /// hosts that read the case themselves, as the C ABI does to tell a
    /// JSON syntax error from a bad field).
    pub fn evaluate_to_json(&self, case: &Case) -> Result<String, EvalError> {
        // Written from where the answer is, not moved out of the `Result`
        // first (`?` copied its 1,032 bytes into a temporary).
        match self.evaluate(case) {
            Ok(ref decision) => Ok(decision.to_json()),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Engine>();
        check::<Decision<'static>>();
    }
}
