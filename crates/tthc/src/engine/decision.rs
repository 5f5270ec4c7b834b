//! What an evaluation answers, with the receipt that shows why. JSON shape in
//! `schema/decision.schema.json`; the field names are stable.
//!
//! Text fields are `Cow<'a, str>`: an evaluation borrows names and ids from
//! the catalogue and the case instead of copying them (it has a 1 µs budget),
//! while a decision read back from JSON owns its text.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::catalog::Unconfirmed;
use crate::channel::Channel;
use crate::date::{Date, VnDateTime};
use crate::legal::Citation;

type Text<'a> = Cow<'a, str>;

/// The answer for one case: what the procedure is, what the applicant pays,
/// how long it takes and when it is due, and the receipt that shows why.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use tthc::{Case, Channel, Engine};
///
/// let engine = Engine::embedded()?;
/// let case = Case::builder("cu-tru.dang-ky-thuong-tru", Channel::InPerson, "2025-08-04T09:00:00".parse()?)
///     .province("ha-noi")
///     .build()?;
/// let decision = engine.evaluate(&case)?;
/// assert_eq!(decision.procedure.id, "cu-tru.dang-ky-thuong-tru");
/// assert!(decision.channel_accepted);
/// // Every fee line cites the documents it comes from.
/// assert!(decision.fee.items.iter().all(|line| !line.legal_basis.is_empty()));
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision<'a> {
    /// The procedure version in force on the submission date.
    pub procedure: ProcedureSummary<'a>,
    /// The province the case was resolved to; `None` when the case named none.
    pub province: Option<ProvinceSummary<'a>>,
    /// The case type the case named (`"default"` when it named none).
    pub case_type: Text<'a>,
    /// The channel the dossier was filed through.
    pub channel: Channel,
    /// The procedure's online service level on the submission date.
    pub online_level: Option<OnlineLevelSummary<'a>>,
    /// Whether the case counts as full-process online (toàn trình), and
    /// whether the case said so or it was derived.
    pub full_process_online: bool,
    /// `"case"` when the case said so, `"derived"` when the engine derived it
    /// from the channel and the online level.
    pub full_process_online_source: Text<'a>,
    /// The essential-service lists the procedure is on.
    pub essential_lists: Vec<ListSummary<'a>>,
    /// An online-only policy applies: only `accepted_channels` are accepted.
    pub online_only: bool,
    /// The channels accepted for this procedure on the date (the intersection
    /// of every online-only policy that holds, else every channel the
    /// procedure offers).
    pub accepted_channels: Vec<Channel>,
    /// Whether the case's channel is accepted for this procedure on the date.
    pub channel_accepted: bool,
    /// A priority-handling policy applies to the case.
    pub priority: bool,
    /// Documents the applicant need not submit: the agency reuses them from
    /// a national database.
    pub reusable_documents: Vec<Text<'a>>,
    /// What the applicant pays.
    pub fee: Fee<'a>,
    /// How long the agency has: the statutory time and the cuts policies make.
    pub processing: Processing<'a>,
    /// When the result is due.
    pub deadline: DeadlineSummary<'a>,
    /// Why the answer is what it is.
    pub receipt: Receipt<'a>,
}

/// The procedure as the decision names it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcedureSummary<'a> {
    /// The catalogue id (`cu-tru.dang-ky-thuong-tru`).
    pub id: Text<'a>,
    /// The national procedure code, when a source gives one.
    pub code: Option<Text<'a>>,
    /// The Vietnamese name.
    pub name: Text<'a>,
    /// The English name, when the catalogue has one.
    pub name_en: Option<Text<'a>>,
    /// The sector id.
    pub sector: Text<'a>,
    /// "national", or `"overlay:<province>"` when a province's version applies.
    pub source: Text<'a>,
    /// How sure the record is: confirmed, secondary, derived or unconfirmed.
    pub status: Text<'a>,
    /// First day of this version, when it has one.
    pub valid_from: Option<Date>,
    /// Last day of this version, when it has one.
    pub valid_to: Option<Date>,
}

/// The province the case was resolved to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvinceSummary<'a> {
    /// As the case wrote it.
    pub requested: Text<'a>,
    /// The province id in force on the date.
    pub id: Text<'a>,
    /// Its name.
    pub name: Text<'a>,
    /// The case named a former province and was resolved to its successor.
    pub resolved_to_successor: bool,
    /// How, e.g. "Hà Giang (ha-giang) → Tuyên Quang (tuyen-quang) from 2025-07-01, theo / under 202/2025/QH15".
    pub succession: Option<Text<'a>>,
}

/// The procedure's online service level on the submission date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnlineLevelSummary<'a> {
    /// "full", "partial", or a Decree 43/2011 level "1"–"4".
    pub level: Text<'a>,
    /// The level's Vietnamese label (toàn trình, một phần, mức độ 3, …).
    pub label_vi: Text<'a>,
    /// Whether the level lets a dossier be filed online (full, partial, 3, 4).
    pub accepts_online_submission: bool,
    /// How sure the record is.
    pub status: Text<'a>,
}

/// An essential-service list the procedure is on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListSummary<'a> {
    /// The list id (`de-an-06`).
    pub id: Text<'a>,
    /// Its name.
    pub name: Text<'a>,
    /// How sure the membership is.
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
    pub unknown: Option<Note<'a>>,
}

/// One fee item (a phí or a lệ phí), in whole đồng.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeLine<'a> {
    /// "le-phi" or "phi"; `None` where the source does not say which.
    pub item: Option<Text<'a>>,
    /// The item's name as the source gives it.
    pub name: Text<'a>,
    /// The amount before any policy.
    pub base: i64,
    /// The amount after every reduction, exemption and set rate.
    pub payable: i64,
    /// How sure the amount is.
    pub status: Text<'a>,
    /// The documents the amount comes from.
    pub legal_basis: Citations<'a>,
}

/// One policy step applied to a fee item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeReduction<'a> {
    /// The policy id.
    pub policy: Text<'a>,
    /// The policy kind (fee-exemption, fee-reduction, fee-set, …).
    pub kind: Text<'a>,
    /// Index into `fee.items`.
    pub item: usize,
    /// Đồng taken off (negative when a set rate is above the amount it replaced).
    pub amount: i64,
    /// The item's amount after this step.
    pub payable_after: i64,
    /// The documents the policy comes from.
    pub legal_basis: Citations<'a>,
    /// How sure the policy is.
    pub status: Text<'a>,
}

/// An amount of time in a unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeAmount<'a> {
    /// How many units.
    pub amount: u32,
    /// working-days | calendar-days | working-hours | months
    pub unit: Text<'a>,
}

/// The processing time the catalogue records for the case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statutory<'a> {
    /// How many units.
    pub amount: u32,
    /// working-days | calendar-days | working-hours | months
    pub unit: Text<'a>,
    /// The case type whose time this is ("default" when the case type has none).
    pub case: Text<'a>,
    /// How sure the time is.
    pub status: Text<'a>,
    /// The documents the time comes from.
    pub legal_basis: Citations<'a>,
}

/// A policy that shortens the processing time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcessingCut<'a> {
    /// The policy id.
    pub policy: Text<'a>,
    /// How many units it takes off.
    pub amount: u32,
    /// The unit of `amount`.
    pub unit: Text<'a>,
    /// The documents the policy comes from.
    pub legal_basis: Citations<'a>,
    /// How sure the policy is.
    pub status: Text<'a>,
}

/// How long the agency has for the case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Processing<'a> {
    /// The recorded time; `None` when no time is known (see `unknown`).
    pub statutory: Option<Statutory<'a>>,
    /// The cuts policies make, in the order applied.
    pub cuts: Vec<ProcessingCut<'a>>,
    /// The statutory time after the cuts.
    pub effective: Option<TimeAmount<'a>>,
    /// Why there is no statutory time: none recorded for the case's date,
    /// case type and channel, or a record whose source gives no usable time.
    /// A sector's same-day rule may still give the deadline.
    #[serde(default)]
    pub unknown: Option<Note<'a>>,
}

/// When the result is due ([`Engine::deadline`](crate::Engine::deadline)
/// gives the full computation with its steps).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineSummary<'a> {
    /// The effective processing time the due instant is counted from.
    pub processing_time: Option<TimeAmount<'a>>,
    /// The due instant under the catalogue's deadline rules; `None` when no
    /// time is known or no rule counts it.
    pub due_at: Option<VnDateTime>,
}

/// Why the answer is what it is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt<'a> {
    /// The engine's version ([`crate::VERSION`]).
    pub engine_version: Text<'a>,
    /// SHA-256 of the catalogue the answer was computed from.
    pub catalogue_hash: Text<'a>,
    /// The instant that decides what is in force (the submission time).
    pub reference_instant: VnDateTime,
    /// The policies that applied.
    pub applied: Vec<AppliedPolicy<'a>>,
    /// The policies considered that did not apply, each with its reason.
    pub not_applied: Vec<NotApplied<'a>>,
    /// Facts in this answer that are not confirmed, as "path: status".
    pub unconfirmed: Vec<Note<'a>>,
}

/// A policy that applied.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppliedPolicy<'a> {
    /// The policy id.
    pub policy: Text<'a>,
    /// The policy kind.
    pub kind: Text<'a>,
    /// "national" or `"overlay:<province>"`.
    pub source: Text<'a>,
    /// How sure the policy is.
    pub status: Text<'a>,
    /// First day of the policy, when it has one.
    pub valid_from: Option<Date>,
    /// Last day of the policy, when it has one.
    pub valid_to: Option<Date>,
    /// The instant its validity was tested at, when not the reference instant.
    pub in_force_at: Option<VnDateTime>,
    /// The documents the policy comes from.
    pub legal_basis: Citations<'a>,
}

/// A policy that was considered and did not apply.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotApplied<'a> {
    /// The policy id.
    pub policy: Text<'a>,
    /// "national" or `"overlay:<province>"`.
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
    /// First day of the policy, when it has one.
    pub valid_from: Option<Date>,
    /// Last day of the policy, when it has one.
    pub valid_to: Option<Date>,
}

/// A sentence of an answer: why a fee or a time is unknown, a fact that is
/// not confirmed. The engine keeps what the sentence says and writes its
/// words only when it is read ([`Display`](std::fmt::Display), JSON, the
/// Python binding): writing them on every evaluation was a tenth of its
/// cost, and most answers are never read as text. It reads, compares and
/// serialises as the text it stands for.
#[derive(Clone, Debug)]
pub struct Note<'a>(Said<'a>);

#[derive(Clone, Debug)]
enum Said<'a> {
    Text(Text<'a>),
    Unconfirmed(Unconfirmed<'a>),
    /// "no {what} is recorded for case type `{case}` on channel {channel} on {on}"
    NotRecorded {
        what: &'static str,
        case: &'a str,
        channel: Channel,
        on: Date,
    },
    /// "{label}: {reason}"
    Labelled {
        label: &'a str,
        reason: &'a str,
    },
}

impl<'a> Note<'a> {
    /// The note's text (written now, unless the note is text already).
    pub fn text(&self) -> Cow<'_, str> {
        match &self.0 {
            Said::Text(t) => Cow::Borrowed(t),
            _ => Cow::Owned(self.to_string()),
        }
    }

    pub(crate) fn unconfirmed(fact: Unconfirmed<'a>) -> Note<'a> {
        Note(Said::Unconfirmed(fact))
    }

    /// No record of `what` ("processing time", "fee") for the case type,
    /// channel and date.
    pub(crate) fn not_recorded(
        what: &'static str,
        case: &'a str,
        channel: Channel,
        on: Date,
    ) -> Note<'a> {
        Note(Said::NotRecorded {
            what,
            case,
            channel,
            on,
        })
    }

    /// `reason`, said of the record labelled `label`.
    pub(crate) fn labelled(label: &'a str, reason: &'a str) -> Note<'a> {
        Note(Said::Labelled { label, reason })
    }
}

impl<'a> From<Text<'a>> for Note<'a> {
    fn from(text: Text<'a>) -> Note<'a> {
        Note(Said::Text(text))
    }
}

impl<'a> From<&'a str> for Note<'a> {
    fn from(text: &'a str) -> Note<'a> {
        Note(Said::Text(Cow::Borrowed(text)))
    }
}

impl Note<'_> {
    /// Writes the note's words to `w` piece by piece. `Display` and the
    /// JSON writer share it, so neither goes through `format_args!` or a
    /// `String` grown per note: written that way, the three notes of the
    /// C benchmark's case took some 6,000 instructions of its JSON answer
    /// (callgrind), over a quarter of the call.
    pub(crate) fn write_to(&self, w: &mut impl std::fmt::Write) -> std::fmt::Result {
        match &self.0 {
            Said::Text(t) => w.write_str(t),
            Said::Unconfirmed(fact) => fact.write_to(w),
            Said::NotRecorded {
                what,
                case,
                channel,
                on,
            } => {
                for piece in [
                    "no ",
                    what,
                    " is recorded for case type `",
                    case,
                    "` on channel ",
                    channel.as_str(),
                    " on ",
                ] {
                    w.write_str(piece)?;
                }
                on.write_iso(w)
            }
            Said::Labelled { label, reason } => {
                w.write_str(label)?;
                w.write_str(": ")?;
                w.write_str(reason)
            }
        }
    }
}

impl std::fmt::Display for Note<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.write_to(f)
    }
}

/// Notes are equal when their texts are (a decision read back from JSON
/// equals the one evaluated).
impl PartialEq for Note<'_> {
    fn eq(&self, other: &Note<'_>) -> bool {
        self.text() == other.text()
    }
}

impl PartialEq<str> for Note<'_> {
    fn eq(&self, other: &str) -> bool {
        self.text() == other
    }
}

impl PartialEq<&str> for Note<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.text() == *other
    }
}

impl Serialize for Note<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Said::Text(t) => serializer.serialize_str(t),
            _ => serializer.collect_str(self),
        }
    }
}

impl<'de, 'a> Deserialize<'de> for Note<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Note<'a>, D::Error> {
        String::deserialize(deserializer).map(|s| Note(Said::Text(Cow::Owned(s))))
    }
}
