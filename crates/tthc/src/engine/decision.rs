//! What an evaluation answers, with the receipt that shows why. JSON shape in
//! `schema/decision.schema.json`; the field names are stable.
//!
//! Text fields are `Cow<'a, str>`: an evaluation borrows names and ids from
//! the catalogue and the case instead of copying them (it has a 1 µs budget),
//! while a decision read back from JSON owns its text.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::channel::Channel;
use crate::date::{Date, VnDateTime};
use crate::legal::Citation;

type Text<'a> = Cow<'a, str>;

/// The answer for one case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision<'a> {
    pub procedure: ProcedureSummary<'a>,
    /// The province the case was resolved to; `None` when the case named none.
    pub province: Option<ProvinceSummary<'a>>,
    pub case_type: Text<'a>,
    pub channel: Channel,
    /// The procedure's online service level on the submission date.
    pub online_level: Option<OnlineLevelSummary<'a>>,
    /// Whether the case counts as full-process online (toàn trình), and
    /// whether the case said so or it was derived.
    pub full_process_online: bool,
    pub full_process_online_source: Text<'a>,
    pub essential_lists: Vec<ListSummary<'a>>,
    /// An online-only policy applies: only `accepted_channels` are accepted.
    pub online_only: bool,
    pub accepted_channels: Vec<Channel>,
    /// Whether the case's channel is accepted for this procedure on the date.
    pub channel_accepted: bool,
    pub priority: bool,
    /// Documents the applicant need not submit: the agency reuses them from
    /// a national database.
    pub reusable_documents: Vec<Text<'a>>,
    pub fee: Fee<'a>,
    pub processing: Processing<'a>,
    pub deadline: DeadlineSummary<'a>,
    pub receipt: Receipt<'a>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcedureSummary<'a> {
    pub id: Text<'a>,
    pub code: Option<Text<'a>>,
    pub name: Text<'a>,
    pub name_en: Option<Text<'a>>,
    pub sector: Text<'a>,
    /// "national", or `"overlay:<province>"` when a province's version applies.
    pub source: Text<'a>,
    pub status: Text<'a>,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvinceSummary<'a> {
    /// As the case wrote it.
    pub requested: Text<'a>,
    pub id: Text<'a>,
    pub name: Text<'a>,
    /// The case named a former province and was resolved to its successor.
    pub resolved_to_successor: bool,
    /// How, e.g. "Hà Giang (ha-giang) → Tuyên Quang (tuyen-quang) from 2025-07-01, theo / under 202/2025/QH15".
    pub succession: Option<Text<'a>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnlineLevelSummary<'a> {
    /// "full", "partial", or a Decree 43/2011 level "1"–"4".
    pub level: Text<'a>,
    pub label_vi: Text<'a>,
    pub accepts_online_submission: bool,
    pub status: Text<'a>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListSummary<'a> {
    pub id: Text<'a>,
    pub name: Text<'a>,
    pub status: Text<'a>,
}

/// Citations as the decision carries them: borrowed from the catalogue record
/// that was cited (built at load), or owned when read back from JSON.
pub type Citations<'a> = Cow<'a, [Citation<'a>]>;

/// Fees in whole đồng.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fee<'a> {
    /// "catalogue", or "case" when the case supplied its fee items.
    pub source: Text<'a>,
    /// The items whose amount is known (an unknown item is named in `unknown`).
    pub items: Vec<FeeLine<'a>>,
    /// Sum of the items' base amounts; `None` when the fee is unknown.
    pub base: Option<i64>,
    /// Each reduction, exemption or set rate, in the order applied.
    pub reductions: Vec<FeeReduction<'a>>,
    /// Sum of the items' payable amounts; `None` when the fee is unknown:
    /// unknown is not zero, and 0 means a source says the service is free.
    pub payable: Option<i64>,
    /// Why the fee is unknown: no fee schedule in force for the case's date,
    /// case type and channel, or an item whose amount no source gives.
    #[serde(default)]
    pub unknown: Option<Text<'a>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeLine<'a> {
    /// "le-phi" or "phi"; `None` where the source does not say which.
    pub item: Option<Text<'a>>,
    pub name: Text<'a>,
    pub base: i64,
    pub payable: i64,
    pub status: Text<'a>,
    pub legal_basis: Citations<'a>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeReduction<'a> {
    pub policy: Text<'a>,
    pub kind: Text<'a>,
    /// Index into `fee.items`.
    pub item: usize,
    /// Đồng taken off (negative when a set rate is above the amount it replaced).
    pub amount: i64,
    /// The item's amount after this step.
    pub payable_after: i64,
    pub legal_basis: Citations<'a>,
    pub status: Text<'a>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeAmount<'a> {
    pub amount: u32,
    /// working-days | calendar-days | working-hours | months
    pub unit: Text<'a>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statutory<'a> {
    pub amount: u32,
    pub unit: Text<'a>,
    /// The case type whose time this is ("default" when the case type has none).
    pub case: Text<'a>,
    pub status: Text<'a>,
    pub legal_basis: Citations<'a>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcessingCut<'a> {
    pub policy: Text<'a>,
    pub amount: u32,
    pub unit: Text<'a>,
    pub legal_basis: Citations<'a>,
    pub status: Text<'a>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Processing<'a> {
    pub statutory: Option<Statutory<'a>>,
    pub cuts: Vec<ProcessingCut<'a>>,
    pub effective: Option<TimeAmount<'a>>,
    /// Why there is no statutory time: none recorded for the case's date,
    /// case type and channel, or a record whose source gives no usable time.
    /// A sector's same-day rule may still give the deadline.
    #[serde(default)]
    pub unknown: Option<Text<'a>>,
}

/// When the result is due. Until the deadline engine lands this carries the
/// effective processing time only; `due_at` is reserved for it and is null.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineSummary<'a> {
    pub processing_time: Option<TimeAmount<'a>>,
    pub due_at: Option<VnDateTime>,
}

/// Why the answer is what it is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt<'a> {
    pub engine_version: Text<'a>,
    /// SHA-256 of the catalogue the answer was computed from.
    pub catalogue_hash: Text<'a>,
    /// The instant that decides what is in force (the submission time).
    pub reference_instant: VnDateTime,
    pub applied: Vec<AppliedPolicy<'a>>,
    pub not_applied: Vec<NotApplied<'a>>,
    /// Facts in this answer that are not confirmed.
    pub unconfirmed: Vec<Text<'a>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppliedPolicy<'a> {
    pub policy: Text<'a>,
    pub kind: Text<'a>,
    /// "national" or `"overlay:<province>"`.
    pub source: Text<'a>,
    pub status: Text<'a>,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    /// The instant its validity was tested at, when not the reference instant.
    pub in_force_at: Option<VnDateTime>,
    pub legal_basis: Citations<'a>,
}

/// A policy that was considered and did not apply.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotApplied<'a> {
    pub policy: Text<'a>,
    pub source: Text<'a>,
    /// not-in-force | disabled | replaced-by-overlay | condition-false |
    /// less-favourable | no-fee-item | no-processing-time | unit-mismatch
    pub reason: Text<'a>,
    /// For condition-false: the failing test's path, e.g. `when.channels`.
    pub condition: Option<Text<'a>>,
    /// What was needed, or why.
    pub detail: Text<'a>,
    /// The overlay province that replaced it, or the policy that was more favourable.
    pub by: Option<Text<'a>>,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
}
