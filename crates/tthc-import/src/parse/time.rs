//! The time cell of a channel row ("Thời gian"): `7 Ngày làm việc`,
//! `30 Ngày`, `8 Giờ`, `3 Tháng`, a bare `1`, or words.

use tthc::catalog::model::TimeUnit;

use super::text::{is_no_information, regex, squash};
use crate::report::DoubtKind;

/// A processing time as read: known (amount and unit) or unknown with the
/// reason, always with the source's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Time {
    pub amount: Option<u32>,
    pub unit: Option<TimeUnit>,
    /// Why the time is unknown; `None` when amount and unit are known.
    pub unknown: Option<String>,
    pub verbatim: String,
    /// Set when a person should look at this reading.
    pub doubt: Option<DoubtKind>,
}

impl Time {
    pub(crate) fn unknown(
        reason: impl Into<String>,
        verbatim: &str,
        doubt: Option<DoubtKind>,
    ) -> Time {
        Time {
            amount: None,
            unit: None,
            unknown: Some(reason.into()),
            verbatim: verbatim.to_string(),
            doubt,
        }
    }

    pub(crate) fn is_known(&self) -> bool {
        self.unknown.is_none()
    }
}

/// Reads a whole time cell.
///
/// `Ngày` is read as calendar days (the Civil Code's day; a working day is
/// always written `ngày làm việc`), `Giờ` as working hours (the catalogue's
/// only hour unit; 24 hours or more is flagged, since the text may mean a
/// clock day). A number without a unit is never given one: the time is
/// unknown and the number kept.
pub(crate) fn parse_time(cell: &str) -> Time {
    let verbatim = squash(cell);
    if is_no_information(&verbatim) {
        return Time::unknown("Không có thông tin", &verbatim, None);
    }
    let Some(re) = regex!(
        r"^(\d+(?:[.,]\d+)?) ?(Ngày làm việc|ngày làm việc|Ngày|ngày|Giờ|giờ|Tháng|tháng|Năm|năm|Tuần|tuần|Phút|phút)$"
    ) else {
        return Time::unknown(
            "the time could not be read",
            &verbatim,
            Some(DoubtKind::TimeUnrecognised),
        );
    };
    if let Some(c) = re.captures(&verbatim) {
        let (number, word) = (&c[1], &c[2]);
        let Ok(amount) = number.parse::<u32>() else {
            return Time::unknown(
                format!("a fractional time ({verbatim}) cannot be counted in whole units"),
                &verbatim,
                Some(DoubtKind::TimeFraction),
            );
        };
        let unit = match super::text::fold(word).as_str() {
            "ngay lam viec" => TimeUnit::WorkingDays,
            "ngay" => TimeUnit::CalendarDays,
            "gio" => TimeUnit::WorkingHours,
            "thang" => TimeUnit::Months,
            _ => {
                return Time::unknown(
                    format!("the unit `{word}` has no equivalent in the catalogue"),
                    &verbatim,
                    Some(DoubtKind::TimeUnitUnsupported),
                )
            }
        };
        let doubt = (unit == TimeUnit::WorkingHours && amount >= 24)
            .then_some(DoubtKind::HoursReadAsWorkingHours);
        return Time {
            amount: Some(amount),
            unit: Some(unit),
            unknown: None,
            verbatim,
            doubt,
        };
    }
    if let Ok(n) = verbatim.parse::<u32>() {
        return Time {
            amount: Some(n),
            unit: None,
            unknown: Some(format!("the portal gives the number {n} without a unit")),
            verbatim,
            doubt: Some(DoubtKind::TimeUnitMissing),
        };
    }
    Time::unknown(
        verbatim.clone(),
        &verbatim,
        Some(DoubtKind::TimeUnrecognised),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(cell: &str) -> (u32, TimeUnit) {
        let t = parse_time(cell);
        assert!(t.is_known(), "{cell}: {t:?}");
        (
            t.amount.unwrap_or_default(),
            t.unit.unwrap_or(TimeUnit::Months),
        )
    }

    #[test]
    fn reads_the_four_units() {
        assert_eq!(known("7 Ngày làm việc"), (7, TimeUnit::WorkingDays));
        assert_eq!(known("30 Ngày"), (30, TimeUnit::CalendarDays));
        assert_eq!(known("8 Giờ"), (8, TimeUnit::WorkingHours));
        assert_eq!(known("3 Tháng"), (3, TimeUnit::Months));
        assert_eq!(known("02 Ngày làm việc"), (2, TimeUnit::WorkingDays));
        assert_eq!(parse_time("8 Giờ").doubt, None);
        assert_eq!(
            parse_time("48 Giờ").doubt,
            Some(DoubtKind::HoursReadAsWorkingHours)
        );
    }

    #[test]
    fn a_bare_number_keeps_its_number_but_no_unit() {
        let t = parse_time("1");
        assert_eq!((t.amount, t.unit), (Some(1), None));
        assert_eq!(t.doubt, Some(DoubtKind::TimeUnitMissing));
        assert!(t.unknown.is_some_and(|r| r.contains("without a unit")));
    }

    #[test]
    fn unknowns_say_why() {
        assert_eq!(
            parse_time("Không có thông tin").unknown.as_deref(),
            Some("Không có thông tin")
        );
        assert_eq!(parse_time("Không có thông tin").doubt, None);
        let words = parse_time("Không phải trả kết quả cho người nộp thuế");
        assert_eq!(words.doubt, Some(DoubtKind::TimeUnrecognised));
        assert_eq!(
            parse_time("0.5 Ngày làm việc").doubt,
            Some(DoubtKind::TimeFraction)
        );
        assert_eq!(
            parse_time("2 Tuần").doubt,
            Some(DoubtKind::TimeUnitUnsupported)
        );
    }
}
