//! # tthc
//!
//! An embedded engine for Vietnam's administrative-procedure (thủ tục hành
//! chính) catalogue and its policy rules: what a procedure is, what the
//! applicant pays, when it is due, and how a province is doing.
//!
//! Everything is effective-dated and layered (a national base plus provincial
//! overlays), and every answer cites the legal documents that produced it.
//! The default catalogue is compiled in: [`Catalog::embedded`] needs no file.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use tthc::{Case, Channel, Engine};
//!
//! let engine = Engine::embedded()?;
//! let received = "2025-06-10T09:30:00".parse()?;
//! let case = Case::builder("ho-tich.lien-thong-khai-sinh-thuong-tru-bhyt", Channel::NationalPortal, received)
//!     .province("ha-noi")
//!     .build()?;
//! let decision = engine.evaluate(&case)?; // what it is, what it costs, the receipt
//! let deadline = engine.deadline(&case)?; // when the result is due
//! println!("{:?} đồng, due {}", decision.fee.payable, deadline.due.due_at);
//! # Ok(()) }
//! ```
//!
//! Where to start: [`Engine`] (evaluate, deadline, track), [`Case`] and
//! [`Decision`], [`WorkingCalendar`] for working-day arithmetic, [`metrics`]
//! for the government KPIs. `docs/architecture.md` in the repository shows
//! how the modules depend on each other.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

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
mod source;
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
pub use source::SourceFile;
pub use validity::Validity;

/// The engine's version, reported in every receipt.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
