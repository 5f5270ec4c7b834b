//! Policy records as loaded from TOML: what a rule is, when it is in force,
//! what it needs and what it does.

use serde::{Deserialize, Serialize};

use super::condition::Condition;
use super::effect::Effect;
use crate::diagnostics::SourceLocation;
use crate::legal::{Citation, LegalRef, Status};
use crate::validity::Validity;

/// Who files the dossier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum ApplicantKind {
    /// Công dân / cá nhân.
    #[default]
    Citizen,
    /// Tổ chức, doanh nghiệp.
    Organisation,
}

/// Read from its name only ([`crate::strict::name`]).
impl<'de> Deserialize<'de> for ApplicantKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ApplicantKind, D::Error> {
        crate::strict::name(d, &ApplicantKind::NAMES, ApplicantKind::parse)
    }
}

impl ApplicantKind {
    /// The names cases and policy files use.
    pub const NAMES: [&'static str; 2] = ["citizen", "organisation"];

    /// The applicant kind named `s`, if any.
    pub fn parse(s: &str) -> Option<ApplicantKind> {
        match s {
            "citizen" => Some(ApplicantKind::Citizen),
            "organisation" => Some(ApplicantKind::Organisation),
            _ => None,
        }
    }

    /// The kind's name.
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicantKind::Citizen => "citizen",
            ApplicantKind::Organisation => "organisation",
        }
    }
}

/// An applicant category that fee instruments may exempt or reduce
/// (Law 97/2015 Art. 10(1) lists them; each instrument picks its own).
/// Declared as data (`[[category]]` in `policies/*.toml`) so that a later law
/// can add one without a new engine release.
#[derive(Clone, Debug, Serialize)]
pub struct Category {
    /// The category id policies and cases name (`poor-household`).
    pub id: String,
    /// Vietnamese name.
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// English name, when known.
    pub name_en: Option<String>,
    /// The documents that define the category.
    pub legal_basis: Vec<LegalRef>,
    /// How sure the definition is.
    pub status: Status,
    #[serde(skip)]
    pub(crate) loc: SourceLocation,
}

/// The most categories a catalogue may declare: a case's categories are a
/// 64-bit mask so that category conditions cost one AND.
pub const MAX_CATEGORIES: usize = 64;

/// What a policy does; the six kinds. New kinds are added here and in
/// [`super::effect`], never by free code in data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyKind {
    /// Giảm phí, lệ phí: a percentage or a fixed amount off.
    FeeReduction,
    /// Miễn phí, lệ phí: nothing to pay.
    FeeExemption,
    /// Mức thu riêng: a set amount replaces the schedule rate (e.g. the online rate).
    FeeSet,
    /// Cắt giảm thời gian giải quyết: a percentage or an amount off the statutory time.
    ProcessingCut,
    /// Chỉ tiếp nhận trực tuyến: only the listed channels are accepted.
    OnlineOnly,
    /// Ưu tiên giải quyết.
    Priority,
}

impl PolicyKind {
    /// The names policy files use.
    pub const NAMES: [&'static str; 6] = [
        "fee-reduction",
        "fee-exemption",
        "fee-set",
        "processing-cut",
        "online-only",
        "priority",
    ];

    /// The policy kind named `s`, if any.
    pub fn parse(s: &str) -> Option<PolicyKind> {
        match s {
            "fee-reduction" => Some(PolicyKind::FeeReduction),
            "fee-exemption" => Some(PolicyKind::FeeExemption),
            "fee-set" => Some(PolicyKind::FeeSet),
            "processing-cut" => Some(PolicyKind::ProcessingCut),
            "online-only" => Some(PolicyKind::OnlineOnly),
            "priority" => Some(PolicyKind::Priority),
            _ => None,
        }
    }

    /// The kind's name.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyKind::FeeReduction => "fee-reduction",
            PolicyKind::FeeExemption => "fee-exemption",
            PolicyKind::FeeSet => "fee-set",
            PolicyKind::ProcessingCut => "processing-cut",
            PolicyKind::OnlineOnly => "online-only",
            PolicyKind::Priority => "priority",
        }
    }

    /// The kind's Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            PolicyKind::FeeReduction => "Giảm phí, lệ phí",
            PolicyKind::FeeExemption => "Miễn phí, lệ phí",
            PolicyKind::FeeSet => "Mức thu riêng",
            PolicyKind::ProcessingCut => "Rút ngắn thời gian giải quyết",
            PolicyKind::OnlineOnly => "Chỉ tiếp nhận trực tuyến",
            PolicyKind::Priority => "Ưu tiên giải quyết",
        }
    }

    /// Whether the policy changes what the applicant pays.
    pub fn is_fee(self) -> bool {
        matches!(
            self,
            PolicyKind::FeeReduction | PolicyKind::FeeExemption | PolicyKind::FeeSet
        )
    }
}

/// Which instant of the case decides whether a policy is in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum InForceAt {
    /// The submission instant (`submitted_at`): the default, because fees are
    /// assessed and the processing clock starts when the dossier is filed.
    #[default]
    SubmittedAt,
    /// The payment instant (`paid_at`), for an instrument that ties its rate
    /// to the day of payment; falls back to `submitted_at` when the case has none.
    PaidAt,
}

impl InForceAt {
    /// The names policy files use.
    pub const NAMES: [&'static str; 2] = ["submitted_at", "paid_at"];

    /// The name.
    pub fn as_str(self) -> &'static str {
        match self {
            InForceAt::SubmittedAt => "submitted_at",
            InForceAt::PaidAt => "paid_at",
        }
    }
}

/// One version of a policy.
#[derive(Clone, Debug, Serialize)]
pub struct Policy {
    /// The policy id; versions share it.
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// A name for people.
    pub name: Option<String>,
    /// `None` only on a disabled record, which needs no kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<PolicyKind>,
    /// `false` switches the policy off: a deployment or a province keeps the
    /// record (and its reason) instead of deleting the national one.
    pub enabled: bool,
    /// When the policy is in force.
    pub validity: Validity,
    /// Which instant of the case is tested against `validity`.
    pub in_force_at: InForceAt,
    /// The documents the policy comes from.
    pub legal_basis: Vec<LegalRef>,
    /// `legal_basis` as the decision carries it.
    #[serde(skip)]
    pub citations: Vec<Citation<'static>>,
    /// How sure the policy is.
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Free text for the next editor.
    pub note: Option<String>,
    /// The province whose overlay defines this version; `None` for national.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overlay: Option<String>,
    #[serde(skip)]
    /// When it applies.
    pub condition: Condition,
    #[serde(skip)]
    /// What it does.
    pub effect: Effect,
    /// Applied after the single most favourable non-stacking policy, in
    /// ascending order (ties by id). `None`: does not stack.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stack_order: Option<i64>,
    #[serde(skip)]
    pub(crate) loc: SourceLocation,
}

impl Policy {
    /// "national" or `"overlay:<province>"`, as procedures report their source.
    pub fn source(&self) -> String {
        self.overlay
            .as_ref()
            .map_or_else(|| "national".to_string(), |o| format!("overlay:{o}"))
    }
}
