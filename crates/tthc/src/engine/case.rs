//! The case an engine evaluates: one dossier as a one-stop system knows it
//! at submission. JSON shape in `schema/case.schema.json`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::EvalError;
use crate::catalog::model::{FeeKind, Level};
use crate::date::VnDateTime;
use crate::policy::{ApplicantKind, Channel};

/// One dossier. Unknown fields are rejected: a misspelt field silently
/// ignored would change a fee without anyone noticing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Procedure id (`ho-tich.dang-ky-khai-sinh`) or national code (`1.001193`).
    pub procedure: String,
    /// Province id or name; a former province resolves to its successor.
    /// Absent: national rules only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// Level of the agency that handles the dossier.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_level",
        deserialize_with = "de_level"
    )]
    pub agency_level: Option<Level>,
    pub channel: Channel,
    /// RFC 3339; without an offset the time is Vietnam time (+07:00).
    pub submitted_at: VnDateTime,
    /// When the fee was paid, for policies in force by payment date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_at: Option<VnDateTime>,
    #[serde(default)]
    pub applicant: Applicant,
    /// The procedure's case type (trường hợp); fees and times fall back to "default".
    #[serde(default = "default_case_type")]
    pub case_type: String,
    /// Whether the whole dossier goes online (toàn trình). Absent: derived
    /// from the channel and the procedure's online level on the date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_process_online: Option<bool>,
    /// Fee items the host knows (e.g. a schedule rate the catalogue lacks);
    /// when given they replace the catalogue's fee items for this case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_items: Option<Vec<CaseFeeItem>>,
}

fn default_case_type() -> String {
    "default".to_string()
}

/// Who applies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Applicant {
    #[serde(default)]
    pub kind: ApplicantKind,
    /// Category ids declared in the catalogue (`poor-household`, `disability`, …).
    #[serde(default)]
    pub categories: Vec<String>,
    /// VNeID electronic identification level: 0 (none), 1 or 2.
    #[serde(default)]
    pub identity_level: u8,
}

/// A fee item supplied by the case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFeeItem {
    /// "le-phi" (charge) or "phi" (fee).
    #[serde(serialize_with = "ser_fee_kind", deserialize_with = "de_fee_kind")]
    pub item: FeeKind,
    pub name: String,
    /// Whole đồng.
    pub amount: i64,
}

fn ser_level<S: Serializer>(l: &Option<Level>, s: S) -> Result<S::Ok, S::Error> {
    match l {
        Some(l) => l.serialize(s),
        None => s.serialize_none(),
    }
}

fn de_level<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Level>, D::Error> {
    let s = String::deserialize(d)?;
    Level::parse(&s).map(Some).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "unknown agency_level `{s}`, expected one of {}",
            Level::NAMES.join(", ")
        ))
    })
}

fn ser_fee_kind<S: Serializer>(k: &FeeKind, s: S) -> Result<S::Ok, S::Error> {
    k.serialize(s)
}

fn de_fee_kind<'de, D: Deserializer<'de>>(d: D) -> Result<FeeKind, D::Error> {
    let s = String::deserialize(d)?;
    match s.as_str() {
        "le-phi" => Ok(FeeKind::LePhi),
        "phi" => Ok(FeeKind::Phi),
        _ => Err(serde::de::Error::custom(format!(
            "unknown fee item `{s}`, expected le-phi or phi"
        ))),
    }
}

/// Largest identity level (VNeID has levels 1 and 2).
pub const MAX_IDENTITY_LEVEL: u8 = 2;

/// Largest fee amount accepted from a case, as for catalogue fees.
pub const MAX_FEE_AMOUNT: i64 = 1_000_000_000_000;

impl Case {
    /// Parses a case from JSON.
    pub fn from_json(text: &str) -> Result<Case, EvalError> {
        serde_json::from_str::<Case>(text)
            .map_err(|e| EvalError::InvalidCase {
                message: e.to_string(),
            })
            .and_then(Case::checked)
    }

    /// Parses a case from TOML; TOML date-time literals are accepted for
    /// `submitted_at` and `paid_at` as well as strings.
    pub fn from_toml(text: &str) -> Result<Case, EvalError> {
        let v: toml::Value = toml::from_str(text).map_err(|e| EvalError::InvalidCase {
            message: e.message().to_string(),
        })?;
        Case::from_value(toml_to_json(v))
    }

    /// Parses a case from a JSON value (e.g. a conformance vector's `case`).
    pub fn from_value(v: serde_json::Value) -> Result<Case, EvalError> {
        serde_json::from_value::<Case>(v)
            .map_err(|e| EvalError::InvalidCase {
                message: e.to_string(),
            })
            .and_then(Case::checked)
    }

    /// Range checks serde cannot express.
    fn checked(self) -> Result<Case, EvalError> {
        if self.applicant.identity_level > MAX_IDENTITY_LEVEL {
            return Err(EvalError::InvalidCase {
                message: format!(
                    "applicant.identity_level = {} is out of range 0–{MAX_IDENTITY_LEVEL}",
                    self.applicant.identity_level
                ),
            });
        }
        for f in self.fee_items.iter().flatten() {
            if !(0..=MAX_FEE_AMOUNT).contains(&f.amount) {
                return Err(EvalError::InvalidCase {
                    message: format!(
                        "fee item `{}` has amount {}, expected whole đồng from 0 to {MAX_FEE_AMOUNT}",
                        f.name, f.amount
                    ),
                });
            }
        }
        Ok(self)
    }
}

/// TOML → JSON, with date-times as RFC 3339 strings.
pub fn toml_to_json(v: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => J::from(f),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            J::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}
