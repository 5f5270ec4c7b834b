//! # tthc
//!
//! An embedded engine for Vietnam's administrative-procedure (thủ tục hành
//! chính) catalogue and its policy rules: what a procedure is, what the
//! applicant pays, when it is due, and how a province is doing.
//!
//! Everything is effective-dated and layered (a national base plus provincial
//! overlays), and every answer cites the legal documents that produced it.
//! The default catalogue is compiled in: [`Catalog::embedded`] needs no file.

pub mod calendar;
pub mod catalog;
mod channel;
pub mod date;
pub mod deadline;
pub mod diagnostics;
pub mod engine;
mod error;
pub mod excerpt;
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzzing;
pub mod legal;
pub mod lunar;
pub mod metrics;
pub mod policy;
mod search;
pub mod source;
pub mod strict;
mod validity;

pub use calendar::{CalendarError, WorkingCalendar};
pub use catalog::model::{FeeKind, Level, TimeUnit};
pub use catalog::{Catalog, QueryError};
pub use channel::{Channel, ChannelSet};
pub use date::{Date, VnDateTime, Weekday};
pub use deadline::{DeadlineError, Event, Tracking};
pub use diagnostics::{CatalogError, Diagnostic};
pub use engine::{Case, CaseBuilder, Deadline, Decision, DossierFile, Engine, EvalError};
pub use error::{panic_message, ErrorKind};
pub use policy::ApplicantKind;
pub use validity::Validity;

/// The engine's version, reported in every receipt.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
