//! Effective dating: the period in which a record applies.

use serde::Serialize;

use crate::date::Date;
use crate::diagnostics::{codes, Diagnostics};
use crate::source::Table;

/// Both ends inclusive; `None` is open-ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Hash)]
pub struct Validity {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
}

impl Validity {
    /// Always valid.
    pub const ALWAYS: Validity = Validity {
        from: None,
        to: None,
    };

    pub fn new(from: Option<Date>, to: Option<Date>) -> Validity {
        Validity { from, to }
    }

    pub fn contains(&self, d: Date) -> bool {
        self.from.is_none_or(|f| f <= d) && self.to.is_none_or(|t| d <= t)
    }

    /// True when some day lies in both periods.
    pub fn overlaps(&self, other: &Validity) -> bool {
        let start = match (self.from, other.from) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        let end = match (self.to, other.to) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        match (start, end) {
            (Some(s), Some(e)) => s <= e,
            _ => true,
        }
    }

    /// Reads `valid_from` / `valid_to`, reporting an empty period.
    pub fn read(t: &Table<'_>, diags: &mut Diagnostics) -> Validity {
        let from = t.opt_date("valid_from", diags);
        let to = t.opt_date("valid_to", diags);
        if let (Some(f), Some(e)) = (from, to) {
            if e < f {
                diags.error(
                    codes::EMPTY_VALIDITY,
                    Some(t.loc("valid_to")),
                    format!("{} is valid to {e}, before it is valid from {f}", t.what()),
                    "valid_to must be on or after valid_from (both days are included)",
                );
            }
        }
        Validity { from, to }
    }
}

impl std::fmt::Display for Validity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.from, self.to) {
            (None, None) => write!(f, "always"),
            (Some(a), None) => write!(f, "from {a}"),
            (None, Some(b)) => write!(f, "until {b}"),
            (Some(a), Some(b)) => write!(f, "{a} – {b}"),
        }
    }
}
