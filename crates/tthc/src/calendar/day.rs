//! What the calendar says about one day, and why.
//!
//! A deadline printed on a receipt must be explainable: "not a working day
//! because Tết, 9441/TB-BNV, secondary source". So every day carries the rule
//! or notice that decided it, its legal basis, how sure the catalogue is, and
//! whether it was computed for a year that has no official notice yet.

use std::sync::Arc;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::date::{Date, Weekday};
use crate::legal::{LegalRef, Status};

/// The kind of a day in the working calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DayKind {
    /// An ordinary working day.
    Workday,
    /// A weekly rest day (Saturday and Sunday under Decision 188/1999).
    WeeklyRest,
    /// A public holiday (on a weekday or a rest day).
    Holiday,
    /// A compensatory day off (nghỉ bù) for a holiday that fell on a rest day.
    Compensatory,
    /// A working day given off in exchange for a make-up day (hoán đổi).
    Swapped,
    /// A rest day worked to make up for a swapped day (làm bù).
    MakeUp,
}

impl DayKind {
    /// Whether agencies work on a day of this kind.
    pub fn is_working(self) -> bool {
        matches!(self, DayKind::Workday | DayKind::MakeUp)
    }

    /// Kebab-case name, as in catalogue files and CLI output.
    pub fn as_str(self) -> &'static str {
        match self {
            DayKind::Workday => "workday",
            DayKind::WeeklyRest => "weekly-rest",
            DayKind::Holiday => "holiday",
            DayKind::Compensatory => "compensatory",
            DayKind::Swapped => "swapped",
            DayKind::MakeUp => "make-up",
        }
    }
}

/// Which record decided a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Origin {
    /// The weekly-rest rule (for ordinary workdays and rest days).
    WeeklyRest,
    /// A holiday rule (`[[holiday]]`), computed.
    Holiday {
        /// The holiday rule's id.
        id: String,
    },
    /// A compensation rule (`[[compensation]]`) applied to a holiday.
    Compensation {
        /// The compensation rule's id.
        id: String,
        /// The id of the holiday it compensates.
        holiday: String,
    },
    /// A row of an official schedule (`[[schedule]]`).
    Schedule {
        /// The schedule's id.
        id: String,
    },
}

/// Why a day is what it is: the deciding record and its citations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The record that decided the day.
    pub origin: Origin,
    /// Vietnamese name ("Tết Âm lịch", "Nghỉ bù Quốc khánh").
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// English name, when the record has one.
    pub name_en: Option<String>,
    /// The documents the record comes from.
    pub legal_basis: Vec<LegalRef>,
    /// How sure the record is.
    pub status: Status,
    /// Where the fact was read (a URL, a document: docs/sources.md §5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Free text for the next editor.
    pub note: Option<String>,
}

/// One day of a working calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayInfo {
    /// The day.
    pub date: Date,
    /// Its day of the week.
    pub weekday: Weekday,
    /// Whether state agencies work that day.
    pub working: bool,
    /// Why: working day, weekly rest, holiday, compensation day, …
    pub kind: DayKind,
    /// True when the day was computed from rules for a year (or an occasion)
    /// that no official notice in the catalogue settles yet: the PM may still
    /// move it, like python-holidays' "(dự kiến)".
    pub estimated: bool,
    /// The record that decided it, shared by every day it decides.
    pub reason: Arc<Reason>,
}

impl DayInfo {
    /// Whether a plain Monday–Friday week would agree on working or not.
    pub fn differs_from_plain_week(&self) -> bool {
        let plain = !matches!(self.weekday, Weekday::Sat | Weekday::Sun);
        self.working != plain
    }
}

impl Serialize for DayInfo {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("DayInfo", 6)?;
        st.serialize_field("date", &self.date)?;
        st.serialize_field("weekday", self.weekday.short_en())?;
        st.serialize_field("working", &self.working)?;
        st.serialize_field("kind", &self.kind)?;
        st.serialize_field("estimated", &self.estimated)?;
        st.serialize_field("reason", &*self.reason)?;
        st.end()
    }
}
