//! The weekly rest and the daily office hours.
//!
//! Decision 188/1999/QĐ-TTg gives state bodies Saturday and Sunday off, but
//! lets units that cannot close on those days pick others (its Art. 1),
//! so the rest days are data that a province overlay may replace. Office
//! hours have no national source at all: they are set locally, and the
//! catalogue's default says so (`default = true`, status unconfirmed).

use serde::Serialize;

use super::day::{Origin, Reason};
use super::read_common;
use crate::date::Weekday;
use crate::diagnostics::{Diagnostics, SourceLocation};
use crate::legal::{read_legal_basis, References, Status};
use crate::source::Table;
use crate::validity::Validity;

/// Rest days of the week for a period.
#[derive(Clone, Debug)]
pub(crate) struct WeeklyRest {
    /// Bit `i` set = weekday with Monday-first index `i` is a rest day.
    pub(crate) mask: u8,
    pub(crate) validity: Validity,
    pub(crate) reason: Reason,
    pub(crate) loc: SourceLocation,
}

impl WeeklyRest {
    pub(crate) const KEYS: [&'static str; 9] = [
        "days",
        "name",
        "name_en",
        "valid_from",
        "valid_to",
        "legal_basis",
        "status",
        "source",
        "note",
    ];

    pub(crate) fn read(
        t: &Table<'_>,
        diags: &mut Diagnostics,
        refs: &mut References,
    ) -> Option<WeeklyRest> {
        t.check_keys(&Self::KEYS, diags);
        let common = read_common(t, diags, refs);
        let mut mask = 0u8;
        let mut ok = true;
        match t.opt_str_list("days", diags) {
            None if !t.has("days") => {
                t.invalid(
                    "days",
                    "weekly rest is missing `days`",
                    "write days = [\"sat\", \"sun\"]",
                    diags,
                );
                ok = false;
            }
            None => ok = false,
            Some(days) => {
                for (s, _) in days {
                    match Weekday::parse_short(&s) {
                        Some(w) => mask |= 1 << w.index(),
                        None => {
                            t.invalid(
                                "days",
                                format!("`{s}` is not a weekday"),
                                "use mon, tue, wed, thu, fri, sat, sun",
                                diags,
                            );
                            ok = false;
                        }
                    }
                }
            }
        }
        if mask == 0x7f {
            t.invalid(
                "days",
                "every day of the week is a rest day",
                "leave at least one working weekday",
                diags,
            );
            ok = false;
        }
        let name = t
            .opt_str("name", diags)
            .unwrap_or_else(|| "Nghỉ hằng tuần".to_string());
        ok.then(|| WeeklyRest {
            mask,
            validity: common.validity,
            reason: Reason {
                origin: Origin::WeeklyRest,
                name,
                name_en: t
                    .opt_str("name_en", diags)
                    .or_else(|| Some("Weekly rest".to_string())),
                legal_basis: common.legal_basis,
                status: common.status,
                source: common.source,
                note: common.note,
            },
            loc: t.location(),
        })
    }
}

/// Daily office hours: the periods of a working day during which time counts
/// towards a deadline expressed in working hours.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OfficeHours {
    /// `[start, end)` in seconds since local midnight, sorted, disjoint.
    periods: Vec<(u32, u32)>,
    /// True when the hours are a catalogue default with no source (there is
    /// no national rule on daily hours); callers should say so.
    pub is_default: bool,
    /// How sure the hours are.
    pub status: Status,
    /// The documents the hours come from (none for the default).
    pub legal_basis: Vec<crate::legal::LegalRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Free text for the next editor.
    pub note: Option<String>,
    #[serde(skip)]
    pub(crate) loc: Option<SourceLocation>,
}

impl OfficeHours {
    pub(crate) const KEYS: [&'static str; 5] =
        ["periods", "default", "legal_basis", "status", "note"];

    /// The periods as `(start, end)` seconds since midnight.
    pub fn periods(&self) -> &[(u32, u32)] {
        &self.periods
    }

    /// Office seconds in one working day.
    pub fn seconds_per_day(&self) -> u32 {
        self.periods.iter().map(|(a, b)| b - a).sum()
    }

    /// Office seconds of a working day that lie before `second_of_day`.
    pub(crate) fn elapsed_before(&self, second_of_day: u32) -> u32 {
        self.periods
            .iter()
            .map(|&(a, b)| second_of_day.clamp(a, b) - a)
            .sum()
    }

    /// The earliest second of the day at which `p` office seconds
    /// (0 < p ≤ per day) have elapsed: a period's end, not the next start,
    /// when `p` is reached exactly at the end of a period.
    pub(crate) fn instant_at(&self, mut p: u32) -> u32 {
        for &(a, b) in &self.periods {
            if p <= b - a {
                return a + p;
            }
            p -= b - a;
        }
        self.periods.last().map_or(0, |&(_, b)| b)
    }

    /// `HH:MM–HH:MM` periods joined by ", ".
    pub fn describe(&self) -> String {
        let hm = |s: u32| format!("{:02}:{:02}", s / 3600, s / 60 % 60);
        self.periods
            .iter()
            .map(|&(a, b)| format!("{}–{}", hm(a), hm(b)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub(crate) fn read(
        t: &Table<'_>,
        diags: &mut Diagnostics,
        refs: &mut References,
    ) -> Option<OfficeHours> {
        t.check_keys(&Self::KEYS, diags);
        let is_default = t.opt_bool("default", diags).unwrap_or(false);
        let status = Status::read(t, diags);
        // A default has, by definition, no source; anything else must cite one.
        let legal_basis = if is_default && !t.has("legal_basis") {
            Vec::new()
        } else {
            read_legal_basis(t, diags, refs)
        };
        if is_default && status != Status::Unconfirmed {
            t.invalid(
                "status",
                "office hours marked `default = true` must have status = \"unconfirmed\"",
                "a default has no source (no national rule sets office hours); write status = \"unconfirmed\"",
                diags,
            );
        }
        let mut periods = Vec::new();
        let mut ok = true;
        match t.opt_str_list("periods", diags) {
            Some(list) => {
                for (s, _) in list {
                    match parse_period(&s) {
                        Some(p) => periods.push(p),
                        None => {
                            t.invalid(
                                "periods",
                                format!("`{s}` is not a period HH:MM-HH:MM with start before end"),
                                "write periods = [\"07:30-11:30\", \"13:30-17:00\"]",
                                diags,
                            );
                            ok = false;
                        }
                    }
                }
            }
            None => {
                if !t.has("periods") {
                    t.invalid(
                        "periods",
                        "office hours are missing `periods`",
                        "write periods = [\"07:30-11:30\", \"13:30-17:00\"]",
                        diags,
                    );
                }
                ok = false;
            }
        }
        periods.sort_unstable();
        if periods.windows(2).any(|w| w[0].1 > w[1].0) {
            t.invalid(
                "periods",
                "office-hour periods overlap",
                "list disjoint periods",
                diags,
            );
            ok = false;
        }
        if ok && periods.is_empty() {
            t.invalid(
                "periods",
                "office hours have no period",
                "list at least one period",
                diags,
            );
            ok = false;
        }
        ok.then(|| OfficeHours {
            periods,
            is_default,
            status,
            legal_basis,
            note: t.opt_str("note", diags),
            loc: Some(t.location()),
        })
    }
}

/// Parses `HH:MM-HH:MM` (end may be 24:00) into seconds since midnight.
fn parse_period(s: &str) -> Option<(u32, u32)> {
    let (a, b) = s.split_once('-')?;
    let hm = |x: &str| -> Option<u32> {
        let (h, m) = x.trim().split_once(':')?;
        if h.len() != 2 || m.len() != 2 {
            return None;
        }
        let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
        (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 3600 + m * 60)
    };
    let (a, b) = (hm(a)?, hm(b)?);
    (a < b).then_some((a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(periods: Vec<(u32, u32)>) -> OfficeHours {
        OfficeHours {
            periods,
            is_default: true,
            status: Status::Unconfirmed,
            legal_basis: Vec::new(),
            note: None,
            loc: None,
        }
    }

    #[test]
    fn parses_periods() {
        assert_eq!(parse_period("07:30-11:30"), Some((27_000, 41_400)));
        assert_eq!(parse_period("13:30-24:00"), Some((48_600, 86_400)));
        for bad in [
            "7:30-11:30",
            "11:30-07:30",
            "07:30",
            "07:60-08:00",
            "24:30-24:40",
        ] {
            assert_eq!(parse_period(bad), None, "{bad}");
        }
    }

    #[test]
    fn elapsed_and_instant_are_inverse_at_period_ends() {
        let h = hours(vec![(27_000, 41_400), (48_600, 61_200)]);
        assert_eq!(h.seconds_per_day(), 14_400 + 12_600);
        assert_eq!(h.elapsed_before(0), 0);
        assert_eq!(h.elapsed_before(45_000), 14_400); // lunch break
        assert_eq!(h.instant_at(14_400), 41_400); // 11:30, not 13:30
        assert_eq!(h.instant_at(14_401), 48_601);
        for p in [1, 600, 14_400, 14_401, 27_000] {
            assert_eq!(h.elapsed_before(h.instant_at(p)), p, "{p}");
        }
    }
}
