//! Catalogue records as loaded from TOML: documents, provinces, sectors,
//! databases, essential-service lists and procedures.
//!
//! Every record is effective-dated ([`Validity`]) and cites its legal basis;
//! several records may share an id as versions with disjoint validity.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::channel::{Channel, ChannelSet};
use crate::date::Date;
use crate::diagnostics::SourceLocation;
use crate::legal::{Citation, LegalRef, Status};
use crate::validity::Validity;

/// A legal document that records cite.
#[derive(Clone, Debug, Serialize)]
pub struct Document {
    /// Stable id, unique per kind; versions of one record share it.
    pub id: String,
    /// The kind of document, one of [`DOCUMENT_KINDS`].
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The title as printed.
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Date of issue.
    pub issued: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Date it takes effect, when known.
    pub effective: Option<Date>,
    /// How sure the record is: confirmed, secondary, derived or unconfirmed.
    pub status: Status,
    /// Where the fact was read, in words a user can follow (a page address,
    /// a document and article, a national-portal record: docs/sources.md).
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// A page where it can be read.
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Free text for the next editor: evidence, doubts.
    pub note: Option<String>,
    #[serde(skip)]
    pub(crate) loc: SourceLocation,
}

/// Kinds of legal document a catalogue may cite.
pub const DOCUMENT_KINDS: [&str; 11] = [
    "law",
    "code",
    "resolution",
    "decree",
    "decision",
    "circular",
    "official-letter",
    "notice",
    "party-resolution",
    "standard",
    "other",
];

/// Province-level unit (tỉnh or thành phố trực thuộc trung ương), one version.
#[derive(Clone, Debug, Serialize)]
pub struct Province {
    /// Stable id, unique per kind; versions of one record share it.
    pub id: String,
    /// Vietnamese name.
    pub name: String,
    /// "province" or "city" (centrally-run city).
    pub kind: &'static str,
    /// When this version applies.
    pub validity: Validity,
    /// Where this unit's dossiers go from the day after `validity.to`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub successor: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    /// The units merged into this one (the 2025 reorganisation).
    pub merged_from: Vec<String>,
    /// The documents it rests on.
    pub legal_basis: Vec<LegalRef>,
    /// How sure the record is: confirmed, secondary, derived or unconfirmed.
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Free text for the next editor: evidence, doubts.
    pub note: Option<String>,
    #[serde(skip)]
    pub(crate) loc: SourceLocation,
}

/// A field (lĩnh vực) of procedures.
#[derive(Clone, Debug, Serialize)]
pub struct Sector {
    /// Stable id, unique per kind; versions of one record share it.
    pub id: String,
    /// Vietnamese name.
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// English name, when the catalogue has one.
    pub name_en: Option<String>,
    /// When this version applies.
    pub validity: Validity,
    /// The documents it rests on.
    pub legal_basis: Vec<LegalRef>,
    /// Why no document is cited (unconfirmed sectors read from a list export).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_basis_unknown: Option<String>,
    /// How sure the record is: confirmed, secondary, derived or unconfirmed.
    pub status: Status,
    #[serde(skip)]
    pub(crate) loc: SourceLocation,
}

/// A national database from which documents can be reused instead of asked for.
#[derive(Clone, Debug, Serialize)]
pub struct Database {
    /// Stable id, unique per kind; versions of one record share it.
    pub id: String,
    /// Vietnamese name.
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// English name, when the catalogue has one.
    pub name_en: Option<String>,
    /// When this version applies.
    pub validity: Validity,
    /// The documents it rests on.
    pub legal_basis: Vec<LegalRef>,
    /// How sure the record is: confirmed, secondary, derived or unconfirmed.
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Free text for the next editor: evidence, doubts.
    pub note: Option<String>,
    #[serde(skip)]
    pub(crate) loc: SourceLocation,
}

/// An essential-service list (Đề án 06, interconnected groups, …).
#[derive(Clone, Debug, Serialize)]
pub struct EssentialList {
    /// Stable id, unique per kind; versions of one record share it.
    pub id: String,
    /// Vietnamese name.
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// English name, when the catalogue has one.
    pub name_en: Option<String>,
    /// When this version applies.
    pub validity: Validity,
    /// The documents it rests on.
    pub legal_basis: Vec<LegalRef>,
    /// How sure the record is: confirmed, secondary, derived or unconfirmed.
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Free text for the next editor: evidence, doubts.
    pub note: Option<String>,
    /// The procedures on the list.
    pub members: Vec<ListMember>,
    #[serde(skip)]
    pub(crate) loc: SourceLocation,
}

/// One procedure's membership of a list, with its own certainty.
#[derive(Clone, Debug, Serialize)]
pub struct ListMember {
    /// The procedure id.
    pub procedure: String,
    /// How sure the record is: confirmed, secondary, derived or unconfirmed.
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Free text for the next editor: evidence, doubts.
    pub note: Option<String>,
}

/// Competent level of government (cấp có thẩm quyền).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Ministries and central agencies.
    Central,
    /// Provincial level (cấp tỉnh).
    Province,
    /// Cấp huyện: abolished on 2025-07-01 (documents 202/2025/QH15 and
    /// 203/2025/QH15 in catalog/documents.toml).
    District,
    /// Commune level (cấp xã).
    Commune,
}

impl Level {
    /// The names catalogue files use.
    pub const NAMES: [&'static str; 4] = ["central", "province", "district", "commune"];

    /// The last day district-level units operated (two-tier government from 2025-07-01).
    pub fn district_last_day() -> Option<Date> {
        Date::from_ymd(2025, 6, 30)
    }

    /// The value named `s`, if any.
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "central" => Some(Level::Central),
            "province" => Some(Level::Province),
            "district" => Some(Level::District),
            "commune" => Some(Level::Commune),
            _ => None,
        }
    }

    /// The Vietnamese name of the level.
    pub fn name_vi(self) -> &'static str {
        match self {
            Level::Central => "Trung ương",
            Level::Province => "Cấp tỉnh",
            Level::District => "Cấp huyện",
            Level::Commune => "Cấp xã",
        }
    }
}

/// Online service level.
///
/// Decree 43/2011 defined levels 1–4; Decree 42/2022 (from 2022-08-15) has
/// full-process (toàn trình) and partial (một phần). One-stop software maps
/// 4 → full and 3 → partial; that mapping is practice, not law (no legal text
/// stating it was found: UNCONFIRMED as law), and
/// [`OnlineLevel::decree42_equivalent`] says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum OnlineLevel {
    /// Decree 43/2011 level 1–4.
    #[serde(rename = "legacy")]
    Legacy(u8),
    /// Decree 42/2022 Art. 11(1)(a): toàn trình.
    Full,
    /// Decree 42/2022 Art. 11(1)(b): một phần.
    Partial,
}

impl OnlineLevel {
    /// The names catalogue files use.
    pub const NAMES: [&'static str; 6] = ["full", "partial", "1", "2", "3", "4"];

    /// The value named `s`, if any.
    pub fn parse(s: &str) -> Option<OnlineLevel> {
        match s {
            "full" => Some(OnlineLevel::Full),
            "partial" => Some(OnlineLevel::Partial),
            "1" => Some(OnlineLevel::Legacy(1)),
            "2" => Some(OnlineLevel::Legacy(2)),
            "3" => Some(OnlineLevel::Legacy(3)),
            "4" => Some(OnlineLevel::Legacy(4)),
            _ => None,
        }
    }

    /// The Decree 42/2022 level that one-stop software stores for this level,
    /// by practice (not law): 4 → full, 3 → partial, 1–2 → not an online
    /// public service in the 42/2022 sense (`None`).
    pub fn decree42_equivalent(self) -> Option<OnlineLevel> {
        match self {
            OnlineLevel::Legacy(4) | OnlineLevel::Full => Some(OnlineLevel::Full),
            OnlineLevel::Legacy(3) | OnlineLevel::Partial => Some(OnlineLevel::Partial),
            OnlineLevel::Legacy(_) => None,
        }
    }

    /// Whether a dossier can be submitted online at this level.
    pub fn accepts_online_submission(self) -> bool {
        self.decree42_equivalent().is_some()
    }

    /// The Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            OnlineLevel::Full => "Dịch vụ công trực tuyến toàn trình",
            OnlineLevel::Partial => "Dịch vụ công trực tuyến một phần",
            OnlineLevel::Legacy(1) => "Mức độ 1 (Nghị định 43/2011)",
            OnlineLevel::Legacy(2) => "Mức độ 2 (Nghị định 43/2011)",
            OnlineLevel::Legacy(3) => "Mức độ 3 (Nghị định 43/2011)",
            OnlineLevel::Legacy(_) => "Mức độ 4 (Nghị định 43/2011)",
        }
    }

    /// Short machine name: "full", "partial", "1" … "4".
    pub fn as_str(self) -> &'static str {
        match self {
            OnlineLevel::Full => "full",
            OnlineLevel::Partial => "partial",
            OnlineLevel::Legacy(1) => "1",
            OnlineLevel::Legacy(2) => "2",
            OnlineLevel::Legacy(3) => "3",
            OnlineLevel::Legacy(_) => "4",
        }
    }
}

/// The online service level of a procedure over a period.
#[derive(Clone, Debug, Serialize)]
pub struct OnlineLevelRecord {
    /// The level.
    pub level: OnlineLevel,
    /// When this version applies.
    pub validity: Validity,
    /// The documents it rests on.
    pub legal_basis: Vec<LegalRef>,
    /// How sure the record is: confirmed, secondary, derived or unconfirmed.
    pub status: Status,
}

/// Unit in which a processing time is stated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum TimeUnit {
    /// Working days of the province's calendar.
    WorkingDays,
    /// Calendar days.
    CalendarDays,
    /// Working hours: office hours of working days.
    WorkingHours,
    /// Calendar months.
    Months,
}

impl TimeUnit {
    /// The names catalogue files use.
    pub const NAMES: [&'static str; 4] =
        ["working-days", "calendar-days", "working-hours", "months"];

    /// The value named `s`, if any.
    pub fn parse(s: &str) -> Option<TimeUnit> {
        match s {
            "working-days" => Some(TimeUnit::WorkingDays),
            "calendar-days" => Some(TimeUnit::CalendarDays),
            "working-hours" => Some(TimeUnit::WorkingHours),
            "months" => Some(TimeUnit::Months),
            _ => None,
        }
    }

    /// The name catalogue files use.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeUnit::WorkingDays => "working-days",
            TimeUnit::CalendarDays => "calendar-days",
            TimeUnit::WorkingHours => "working-hours",
            TimeUnit::Months => "months",
        }
    }

    /// The Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            TimeUnit::WorkingDays => "ngày làm việc",
            TimeUnit::CalendarDays => "ngày",
            TimeUnit::WorkingHours => "giờ làm việc",
            TimeUnit::Months => "tháng",
        }
    }
}

/// A processing time as its source states it.
///
/// Unknown is not zero: a record whose source gives no usable time (no time
/// for a channel, or a bare number with no unit) says so, and the engine
/// reports the time as unknown rather than guessing a unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum TimeValue {
    /// An amount in a unit.
    Known {
        /// How many units.
        amount: u32,
        /// The unit they are counted in.
        unit: TimeUnit,
    },
    /// No usable time; `reason` says why, `amount` keeps a bare number the
    /// source gave without a unit.
    Unknown {
        #[serde(rename = "unknown")]
        /// Why there is no usable value.
        reason: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        /// A bare number the source gave without a unit.
        amount: Option<u32>,
    },
}

/// Statutory processing time for one case type, on some or all channels.
#[derive(Clone, Debug, Serialize)]
pub struct ProcessingTime {
    /// The case type it is for ("default" applies when no other matches).
    pub case: String,
    /// The channels this time is for; empty means every channel.
    #[serde(skip_serializing_if = "ChannelSet::is_empty")]
    pub channels: ChannelSet,
    #[serde(flatten)]
    /// The time, or why it is unknown.
    pub time: TimeValue,
    /// The source's own text, kept as read (e.g. "7 Ngày làm việc").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verbatim: Option<String>,
    /// When this version applies.
    pub validity: Validity,
    /// The documents it rests on.
    pub legal_basis: Vec<LegalRef>,
    /// `legal_basis` as a decision cites it, built once at load.
    #[serde(skip)]
    pub citations: Vec<Citation<'static>>,
    /// How sure the record is: confirmed, secondary, derived or unconfirmed.
    pub status: Status,
    #[serde(skip)]
    pub(crate) loc: SourceLocation,
}

impl ProcessingTime {
    /// The amount and unit, when the source gives both.
    pub fn known(&self) -> Option<(u32, TimeUnit)> {
        match self.time {
            TimeValue::Known { amount, unit } => Some((amount, unit)),
            TimeValue::Unknown { .. } => None,
        }
    }
}

/// Whether a fee item is a charge (lệ phí) or a fee (phí), Law 97/2015.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum FeeKind {
    /// Lệ phí: a charge for a state service.
    LePhi,
    /// Phí: a fee that covers the cost of a service.
    Phi,
}

/// What a fee record says the applicant pays.
///
/// Unknown is not zero: 0 đồng is recorded only where a source says the
/// service is free; a fee no source gives is [`FeeCharge::Unknown`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum FeeCharge {
    /// An amount in whole đồng for a named item; `item` is `None` where the
    /// source does not say whether it is a phí or a lệ phí (most national
    /// portal rows do not), rather than a guess.
    Known {
        /// Phí or lệ phí; `None` where the source does not say.
        item: Option<FeeKind>,
        /// The item's name as the source gives it.
        name: String,
        /// Whole Vietnamese đồng.
        amount: i64,
    },
    /// No amount; `reason` says why (in the source's words where it has them).
    Unknown {
        #[serde(rename = "unknown")]
        /// Why there is no usable value.
        reason: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        /// Phí or lệ phí; `None` where the source does not say.
        item: Option<FeeKind>,
        #[serde(skip_serializing_if = "Option::is_none")]
        /// The item's name as the source gives it.
        name: Option<String>,
    },
}

/// One fee item for one case type, on some or all channels.
#[derive(Clone, Debug, Serialize)]
pub struct FeeItem {
    /// The case type it is for ("default" applies when no other matches).
    pub case: String,
    /// The channels this item is charged on; empty means every channel.
    #[serde(skip_serializing_if = "ChannelSet::is_empty")]
    pub channels: ChannelSet,
    #[serde(flatten)]
    /// The amount, or why it is unknown.
    pub charge: FeeCharge,
    /// The source's own text, kept as read (e.g. "20,000 Việt Nam Đồng").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verbatim: Option<String>,
    /// When this version applies.
    pub validity: Validity,
    /// The documents it rests on.
    pub legal_basis: Vec<LegalRef>,
    /// `legal_basis` as a decision cites it, built once at load.
    #[serde(skip)]
    pub citations: Vec<Citation<'static>>,
    /// How sure the record is: confirmed, secondary, derived or unconfirmed.
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Free text for the next editor: evidence, doubts.
    pub note: Option<String>,
}

impl FeeItem {
    /// The amount in whole đồng, when a source gives it.
    pub fn amount(&self) -> Option<i64> {
        match self.charge {
            FeeCharge::Known { amount, .. } => Some(amount),
            FeeCharge::Unknown { .. } => None,
        }
    }

    /// A label for messages: the item's name, or its kind, or "fee".
    pub fn label(&self) -> &str {
        match &self.charge {
            FeeCharge::Known { name, .. }
            | FeeCharge::Unknown {
                name: Some(name), ..
            } => name,
            FeeCharge::Unknown {
                item: Some(FeeKind::LePhi),
                ..
            } => "lệ phí",
            FeeCharge::Unknown {
                item: Some(FeeKind::Phi),
                ..
            } => "phí",
            FeeCharge::Unknown { .. } => "phí, lệ phí",
        }
    }
}

/// A record that holds for one case type and some channels over a period:
/// processing times and fee items, which a case selects the same way.
pub(crate) trait ChannelScoped {
    fn case(&self) -> &str;
    fn channels(&self) -> ChannelSet;
    fn validity(&self) -> Validity;
}

impl ChannelScoped for ProcessingTime {
    fn case(&self) -> &str {
        &self.case
    }
    fn channels(&self) -> ChannelSet {
        self.channels
    }
    fn validity(&self) -> Validity {
        self.validity
    }
}

impl ChannelScoped for FeeItem {
    fn case(&self) -> &str {
        &self.case
    }
    fn channels(&self) -> ChannelSet {
        self.channels
    }
    fn validity(&self) -> Validity {
        self.validity
    }
}

/// Which records of a procedure apply to one case: those in force on the
/// date for its case type (else "default"), and among them those written for
/// its channel (else those written for every channel). A record written for
/// other channels never applies: a portal that publishes one time for
/// "Trực tiếp" says nothing about the post.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Selection<'c> {
    on: Date,
    case: &'c str,
    channel: Channel,
    /// Whether some record of the case type names the channel.
    specific: bool,
}

impl<'c> Selection<'c> {
    pub(crate) fn new<T: ChannelScoped>(
        records: &[T],
        on: Date,
        case_type: &'c str,
        channel: Channel,
    ) -> Selection<'c> {
        // One pass for both candidates: the case type's own records (whether
        // any is in force, whether one names the channel) and the default's.
        let (mut own, mut own_specific, mut default_specific) = (false, false, false);
        for r in records.iter().filter(|r| r.validity().contains(on)) {
            let names_channel = r.channels().contains(channel);
            if r.case() == case_type {
                own = true;
                own_specific |= names_channel;
            } else if names_channel && r.case() == "default" {
                default_specific = true;
            }
        }
        let (case, specific) = if own {
            (case_type, own_specific)
        } else {
            ("default", default_specific)
        };
        Selection {
            on,
            case,
            channel,
            specific,
        }
    }

    /// The first record that [`Selection::new`] selects, found in one pass
    /// (a processing time is one record: settling the selection first and
    /// searching again cost a deadline a second walk of the records), and
    /// the case type it was selected for.
    pub(crate) fn first<'r, T: ChannelScoped>(
        records: &'r [T],
        on: Date,
        case_type: &'c str,
        channel: Channel,
    ) -> (Option<&'r T>, &'c str) {
        let in_force = |r: &&T| r.validity().contains(on);
        // Records written for every channel (all of a procedure's, often):
        // the first of the case type, else the first "default", as soon as
        // it is met.
        if records.iter().all(|r| r.channels().is_empty()) {
            return match records
                .iter()
                .filter(in_force)
                .find(|r| r.case() == case_type)
            {
                Some(r) => (Some(r), case_type),
                None => (
                    records
                        .iter()
                        .filter(in_force)
                        .find(|r| r.case() == "default"),
                    "default",
                ),
            };
        }
        // Per candidate case type: the first record that names the channel,
        // and the first written for every channel.
        let mut own = false;
        let (mut own_named, mut own_every) = (None, None);
        let (mut default_named, mut default_every) = (None, None);
        for r in records.iter().filter(in_force) {
            let (named, every) = if r.case() == case_type {
                own = true;
                (&mut own_named, &mut own_every)
            } else if r.case() == "default" {
                (&mut default_named, &mut default_every)
            } else {
                continue;
            };
            let channels = r.channels();
            if channels.contains(channel) {
                named.get_or_insert(r);
            } else if channels.is_empty() {
                every.get_or_insert(r);
            }
            if own_named.is_some() {
                break; // nothing later can be selected before it
            }
        }
        if own {
            (own_named.or(own_every), case_type)
        } else {
            (default_named.or(default_every), "default")
        }
    }

    /// Whether `r` is one of the selected records.
    pub(crate) fn holds<T: ChannelScoped>(&self, r: &T) -> bool {
        r.validity().contains(self.on)
            && r.case() == self.case
            && if self.specific {
                r.channels().contains(self.channel)
            } else {
                r.channels().is_empty()
            }
    }

    /// The case type whose records were selected: the case's own, or "default".
    pub(crate) fn case(&self) -> &'c str {
        self.case
    }
}

/// A document the applicant is asked for.
#[derive(Clone, Debug, Serialize)]
pub struct RequiredDocument {
    /// The document's name as the source gives it.
    pub name: String,
    /// A database it can be reused from, so the portal need not ask for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reusable_from: Option<String>,
    /// When this version applies.
    pub validity: Validity,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    /// The documents it rests on.
    pub legal_basis: Vec<LegalRef>,
    /// How sure the record is: confirmed, secondary, derived or unconfirmed.
    pub status: Status,
}

/// One version of an administrative procedure.
#[derive(Clone, Debug, Serialize)]
pub struct Procedure {
    /// Stable id, unique per kind; versions of one record share it.
    pub id: String,
    /// National code in the National TTHC Database, when a source gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Why there is no code (exactly one of `code` / `code_unknown`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_unknown: Option<String>,
    /// Vietnamese name.
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// English name, when the catalogue has one.
    pub name_en: Option<String>,
    /// The sector id.
    pub sector: String,
    /// The ways of filing the source lists (its "Cách thức thực hiện" rows);
    /// empty when it does not say. A channel not listed is not accepted.
    #[serde(skip_serializing_if = "ChannelSet::is_empty")]
    pub channels: ChannelSet,
    /// The competent levels; empty exactly when `levels_unknown` says why.
    pub levels: Vec<Level>,
    /// Why no competent level is recorded (e.g. a list export that gives
    /// none); a case's `agency_level` is then not checked against it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub levels_unknown: Option<String>,
    /// When this version applies.
    pub validity: Validity,
    /// The documents the procedure rests on; empty exactly when
    /// `legal_basis_unknown` says why (only on unconfirmed records).
    pub legal_basis: Vec<LegalRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Why no document is cited (only on unconfirmed records).
    pub legal_basis_unknown: Option<String>,
    /// How sure the record is: confirmed, secondary, derived or unconfirmed.
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Free text for the next editor: evidence, doubts.
    pub note: Option<String>,
    /// Online service levels over time.
    pub online: Vec<OnlineLevelRecord>,
    /// Statutory processing times, per case type and channel.
    pub processing: Vec<ProcessingTime>,
    /// Fee items, per case type and channel.
    pub fees: Vec<FeeItem>,
    /// Documents the applicant is asked for.
    pub documents: Vec<RequiredDocument>,
    /// The page this record was read from (e.g. its national-portal page).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Loại thủ tục, as the source publishes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub procedure_type: Option<String>,
    /// Cơ quan thực hiện: the agencies that handle the dossier.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub agencies: Vec<String>,
    /// Cơ quan có thẩm quyền: the agencies competent to decide.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authority: Vec<String>,
    /// Đối tượng thực hiện: who may apply, as the source words it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub applicants: Vec<String>,
    /// The source text of every field that was parsed, by the source's
    /// field name, so that a reader can check the parse against it.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub verbatim: BTreeMap<String, String>,
    /// The province whose overlay defines this version; `None` for national.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overlay: Option<String>,
    #[serde(skip)]
    pub(crate) loc: SourceLocation,
    /// Where the policies that may concern this procedure are in the
    /// catalogue's policy index, set when the catalogue is indexed, so that
    /// an evaluation does not hash the id a second time to find them.
    #[serde(skip)]
    pub(crate) policy_slot: Option<u32>,
    /// The positions in `legal_basis` of the citations whose document is
    /// unconfirmed, in order, set when the catalogue is indexed: every
    /// evaluation flags them in its receipt, and looking each cited
    /// document up by id (a hash and a string compare per citation) was a
    /// twentieth of an evaluation's instructions. Usually empty.
    #[serde(skip)]
    pub(crate) unconfirmed_basis: Vec<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record with only what a selection reads.
    struct Rec {
        case: &'static str,
        channels: ChannelSet,
        validity: Validity,
    }

    impl ChannelScoped for Rec {
        fn case(&self) -> &str {
            self.case
        }
        fn channels(&self) -> ChannelSet {
            self.channels
        }
        fn validity(&self) -> Validity {
            self.validity
        }
    }

    /// `Selection::first` writes the selection of `Selection::new` and
    /// `holds` a second time, in one pass (processing times are on the
    /// evaluate path): every list of up to three records, built from every
    /// case type, channel set and validity that changes the outcome, must
    /// give the record (and the case type) the general rule gives.
    #[test]
    #[allow(clippy::panic)] // a test without its dates must fail loudly
    fn first_selects_the_record_the_selection_holds() {
        let (Some(day), Some(later)) = (Date::from_ymd(2025, 7, 1), Date::from_ymd(2026, 1, 1))
        else {
            panic!("valid dates");
        };
        let mut variants = Vec::new();
        for case in ["own", "default", "other"] {
            for channels in [
                ChannelSet::default(),
                ChannelSet::of(Channel::InPerson),
                ChannelSet::of(Channel::Postal),
                ChannelSet::of(Channel::InPerson).union(ChannelSet::of(Channel::Postal)),
            ] {
                for validity in [Validity::new(None, None), Validity::new(Some(later), None)] {
                    variants.push((case, channels, validity));
                }
            }
        }
        let mut lists: Vec<Vec<usize>> = vec![vec![]];
        for len in 1..=3 {
            let mut next = Vec::new();
            for l in lists.iter().filter(|l| l.len() == len - 1) {
                for v in 0..variants.len() {
                    let mut l = l.clone();
                    l.push(v);
                    next.push(l);
                }
            }
            lists.extend(next);
        }
        for list in &lists {
            let records: Vec<Rec> = list
                .iter()
                .map(|&v| {
                    let (case, channels, validity) = variants[v];
                    Rec {
                        case,
                        channels,
                        validity,
                    }
                })
                .collect();
            for case_type in ["own", "default"] {
                for channel in [Channel::InPerson, Channel::Postal, Channel::NationalPortal] {
                    let sel = Selection::new(&records, day, case_type, channel);
                    let expected = records.iter().position(|r| sel.holds(r));
                    let (found, case) = Selection::first(&records, day, case_type, channel);
                    let found = found.map(|f| {
                        records
                            .iter()
                            .position(|r| std::ptr::eq(r, f))
                            .unwrap_or(usize::MAX)
                    });
                    assert_eq!(
                        (found, case),
                        (expected, sel.case()),
                        "records {list:?}, case type {case_type}, channel {channel:?}"
                    );
                }
            }
        }
    }
}
