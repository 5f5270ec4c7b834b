//! When a policy applies: a declarative tree of tests over the case and the
//! procedure, combined with `all` / `any` / `not`.
//!
//! Conditions are data, not code, for three reasons: a provincial officer can
//! read and review them; the loader can check them (unknown procedures,
//! regexes that do not compile, windows that can never hold); and the set of
//! procedures a policy can concern is known at load time, so the engine
//! indexes policies by procedure instead of testing all of them per case.
//!
//! Every test carries its path in the file (`when.any[1].channels`) and a
//! human statement of what it needs, both computed at load: when a policy
//! does not apply, the receipt names the test that failed without formatting
//! anything per evaluation.
//!
//! The model is here; [`Condition::failure`] tests it (`evaluate.rs`); the
//! loader reads it from a `when` table (`read.rs`), reports tests that
//! exclude each other (`check.rs`) and resolves its names against the
//! loaded catalogue (`resolve.rs`).

mod check;
mod evaluate;
mod read;
mod resolve;

use regex::Regex;

use super::model::ApplicantKind;
use crate::catalog::model::{Level, OnlineLevel};
use crate::channel::{Channel, ChannelSet};
use crate::diagnostics::SourceLocation;
use crate::validity::Validity;

pub(crate) use resolve::Names;

/// A condition tree. `All(vec![])` is "always".
#[derive(Clone, Debug)]
pub enum Condition {
    /// Every one holds (`when = { … }` with several keys, or `all = [ … ]`).
    All(Vec<Condition>),
    /// At least one holds (`any = [ … ]`).
    Any(Vec<Condition>, Label),
    /// It does not hold (`not = { … }`).
    Not(Box<Condition>, Label),
    /// One test over the facts.
    Test(Test, Label),
}

impl Default for Condition {
    fn default() -> Self {
        Condition::All(Vec::new())
    }
}

/// Where a test is in the file and what it needs, for the receipt.
#[derive(Clone, Debug)]
pub struct Label {
    /// e.g. `when.any[1].channels`.
    pub path: String,
    /// e.g. `channel is one of national-portal, provincial-portal`.
    pub needs: String,
}

/// One test over the facts of a case.
#[derive(Clone, Debug)]
pub enum Test {
    /// The procedure is one of these ids (codes are resolved to ids at load).
    Procedures {
        /// The procedure ids.
        ids: Vec<String>,
        /// The same procedures as policy-index slots, sorted: what is tested.
        slots: Vec<u32>,
        /// As written, with where, until resolved against the catalogue.
        written: Vec<(String, SourceLocation)>,
    },
    /// The procedure's id or code matches the regex; the matching ids are
    /// computed at load.
    ProcedureRegex {
        /// The pattern as compiled.
        re: Regex,
        /// The ids it matches in the loaded catalogue.
        ids: Vec<String>,
        /// The same procedures as policy-index slots, sorted.
        slots: Vec<u32>,
        /// Where the pattern was written.
        loc: SourceLocation,
    },
    /// The procedure is in one of these sectors.
    Sectors(Vec<String>),
    /// The procedure is a member of one of these lists, on the date.
    Lists {
        /// The list ids, with where each was written.
        ids: Vec<(String, SourceLocation)>,
        /// (list validity, sorted member ids), computed at load.
        members: Vec<(Validity, Vec<String>)>,
    },
    /// The procedure's online level on the date is one of these.
    OnlineLevels(Vec<OnlineLevel>),
    /// The case came through one of these channels.
    Channels(ChannelSet),
    /// The case is (or is not) full-process online.
    FullProcessOnline(bool),
    /// The applicant is a citizen, or an organisation.
    ApplicantKind(ApplicantKind),
    /// The applicant is in at least one of these categories.
    Categories {
        /// The category ids as written, with where.
        written: Vec<(String, SourceLocation)>,
        /// The same categories as bits (one per declared category).
        mask: u64,
    },
    /// The applicant's electronic identity level is at least this.
    MinIdentityLevel(u8),
    /// The case's type is one of these.
    CaseTypes(Vec<String>),
    /// The receiving agency's level is one of these.
    AgencyLevels(Vec<Level>),
    /// The policy's reference date lies in this window (both days included).
    Window(Validity),
}

/// What a condition is tested against: one case, one procedure version.
#[derive(Clone, Copy, Debug)]
pub struct Facts<'a> {
    /// The procedure id.
    pub procedure_id: &'a str,
    /// The procedure's policy-index slot (`None` outside the catalogue).
    pub procedure_slot: Option<u32>,
    /// The procedure's sector id.
    pub sector: &'a str,
    /// The procedure's online level on the date, when recorded.
    pub online_level: Option<OnlineLevel>,
    /// The channel the case came through.
    pub channel: Channel,
    /// Whether the case is full-process online (as said, or derived).
    pub full_process_online: bool,
    /// Citizen or organisation.
    pub applicant_kind: ApplicantKind,
    /// The applicant's categories, as bits (see [`Test::Categories`]).
    pub categories: u64,
    /// The applicant's electronic identity level (0 when not given).
    pub identity_level: u8,
    /// The case type (`"default"` when the case named none).
    pub case_type: &'a str,
    /// The receiving agency's level, when the case gave it.
    pub agency_level: Option<Level>,
}
