//! Effective dating: the period in which a record applies, and the
//! versions of one record.
//!
//! Every catalogue fact is dated because the law changes on known days
//! (Decree 61/2018 gave way to 118/2025 on 2025-07-01; district level ended
//! on 2025-06-30). A record may have several versions under one id, with
//! validities that share no day; [`versions`] reports those that do. It is
//! here, below every kind of record, so that procedures, policies, deadline
//! rules and calendar records all check their versions the same way.

use std::collections::HashMap;

use serde::Serialize;

use crate::date::Date;
use crate::diagnostics::{codes, Diagnostics, SourceLocation};
use crate::source::Table;

/// Both ends inclusive; `None` is open-ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Hash)]
pub struct Validity {
    #[serde(skip_serializing_if = "Option::is_none")]
    /// First day the record applies; `None`: since always.
    pub from: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Last day the record applies; `None`: open-ended.
    pub to: Option<Date>,
}

impl Validity {
    /// Always valid.
    pub const ALWAYS: Validity = Validity {
        from: None,
        to: None,
    };

    /// The period from `from` to `to`, both inclusive.
    pub fn new(from: Option<Date>, to: Option<Date>) -> Validity {
        Validity { from, to }
    }

    /// Whether day `d` is in the period.
    pub fn contains(&self, d: Date) -> bool {
        // An open end reads as the first or last representable day rather than
        // a branch per end: branching lets LLVM compare the payload of a `None`
        // before its tag, which valgrind (run on the C clients) reports as a
        // jump on uninitialised memory although the answer never depends on it.
        self.from.unwrap_or(Date::MIN) <= d && d <= self.to.unwrap_or(Date::MAX)
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

/// A record that may have several versions under one id.
pub(crate) trait Versioned {
    /// What the record is called in messages ("procedure", "policy", …).
    const KIND: &'static str;
    /// The id versions are grouped by (records of an overlay add its province).
    fn key(&self) -> (Option<&str>, &str);
    /// The period this version applies in.
    fn validity(&self) -> Validity;
    /// Where it was declared.
    fn loc(&self) -> &SourceLocation;
}

/// Reports ids declared twice with the same validity (duplicates) or with
/// validities that share a day (overlapping versions).
pub(crate) fn versions<T: Versioned>(items: &[T], diags: &mut Diagnostics) {
    let mut seen: HashMap<(Option<&str>, &str), Vec<&T>> = HashMap::new();
    for item in items {
        let earlier = seen.entry(item.key()).or_default();
        if let Some(prev) = earlier
            .iter()
            .find(|p| p.validity().overlaps(&item.validity()))
        {
            let (code, what) = if prev.validity() == item.validity() {
                (codes::DUPLICATE, "duplicate")
            } else {
                (codes::OVERLAPPING_VALIDITY, "overlapping version of")
            };
            diags.error(
                code,
                Some(item.loc().clone()),
                format!(
                    "{what} {} `{}` (valid {}; the one at {} is valid {})",
                    T::KIND,
                    item.key().1,
                    item.validity(),
                    prev.loc(),
                    prev.validity()
                ),
                "versions of one record must have disjoint validity: end the earlier one with valid_to the day before this one's valid_from, or give this record another id",
            );
        }
        earlier.push(item);
    }
}
