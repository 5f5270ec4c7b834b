//! Typed fast paths for the working calendar and the lunar calendar.
//!
//! A portal computing due dates for a list of dossiers calls these in a loop,
//! so they take and return plain integers (days since 1970-01-01) and never
//! touch JSON. A `tthc_calendar` is a snapshot: it holds the catalogue it was
//! taken from, so its answers stay consistent with each other across reloads
//! of the engine and no call needs a lock.

use std::ffi::c_char;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use tthc_core::calendar::{CalendarError, WorkingCalendar};
use tthc_core::lunar::{self, LunarError};
use tthc_core::{Date, ErrorKind};

use crate::boundary::{fast, fast_guard, guard, with_handle, Poisonable};
use crate::engine::Engine;
use crate::error::FfiError;
use crate::status::Status;
use crate::strings::{optional_input, out};

/// The working calendar of one jurisdiction (national, or a province with
/// its own calendar), as of the catalogue current when it was obtained.
///
/// A `tthc_calendar` is safe to use from multiple threads simultaneously.
/// It keeps its calendar alive on its own: it may outlive the engine it
/// came from, and it does not see later reloads (obtain a new one for
/// that). Free it with `tthc_calendar_free`, exactly once.
pub struct Calendar {
    /// The calendar, shared with the catalogue it was taken from and
    /// resolved once: looking the province up on every call costs as much
    /// as the query itself.
    working: Arc<WorkingCalendar>,
    poisoned: AtomicBool,
}

impl Poisonable for Calendar {
    fn poison_flag(&self) -> &AtomicBool {
        &self.poisoned
    }
}

/// A date of the Vietnamese lunar calendar (âm lịch).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct LunarDate {
    /// The lunar year, numbered like the solar year in which its month 1 starts.
    pub year: i32,
    /// 1 (tháng Giêng) to 12 (tháng Chạp).
    pub month: u8,
    /// 1 to 30.
    pub day: u8,
    /// 1 in a leap month (tháng nhuận), else 0. A byte, not a `bool`, so that
    /// JNA and PHP lay the struct out like C does.
    pub leap: u8,
}

#[cold]
fn day_error(days: i32) -> FfiError {
    FfiError::new(
        ErrorKind::OutOfRange,
        format!("{days} days since 1970-01-01 is not a supported date"),
    )
    .with_help("use tthc_date_from_ymd to build day numbers")
}

fn date(days: i32) -> Result<Date, FfiError> {
    Date::from_days_since_epoch(days).ok_or_else(|| day_error(days))
}

/// Why a typed calendar or lunar call failed, kept small so that the
/// success path returns in registers; [`Fail::into_ffi`] builds the full
/// error out of line.
enum Fail {
    /// The named output pointer is NULL.
    Null(&'static str),
    Day(i32),
    Calendar(CalendarError),
    Lunar(LunarError),
}

impl Fail {
    #[cold]
    fn into_ffi(self) -> FfiError {
        match self {
            Fail::Null(what) => FfiError::null(what),
            Fail::Day(d) => day_error(d),
            Fail::Calendar(e) => e.into(),
            Fail::Lunar(e) => e.into(),
        }
    }
}

impl From<CalendarError> for Fail {
    #[inline]
    fn from(e: CalendarError) -> Fail {
        Fail::Calendar(e)
    }
}

impl From<LunarError> for Fail {
    #[inline]
    fn from(e: LunarError) -> Fail {
        Fail::Lunar(e)
    }
}

#[inline]
fn day(days: i32) -> Result<Date, Fail> {
    Date::from_days_since_epoch(days).ok_or(Fail::Day(days))
}

/// Runs a calendar query and writes its answer to `*slot`: the checks and
/// errors of [`with_handle`] (NULL calendar, poisoned calendar, NULL `out`,
/// then the query's own), on the fast boundary.
#[inline(always)]
fn query<T>(
    calendar: *const Calendar,
    slot: *mut T,
    f: impl FnOnce(&WorkingCalendar) -> Result<T, Fail>,
) -> Status {
    fast(
        calendar,
        "calendar",
        |c| {
            if slot.is_null() {
                return Err(Fail::Null("out"));
            }
            let v = f(&c.working)?;
            // SAFETY: `slot` is not NULL (checked above), and the caller
            // passes a writable, aligned `T` slot.
            unsafe { slot.write(v) };
            Ok(())
        },
        Fail::into_ffi,
    )
}

/// Obtains the working calendar of `province` (an id such as `ha-noi`, or
/// NULL for the national calendar) from the engine's current catalogue. A
/// province without a calendar of its own gets the national one; an unknown
/// province is NOT_FOUND. Free `*out_calendar` with `tthc_calendar_free`.
#[no_mangle]
pub extern "C" fn tthc_calendar_new(
    engine: *const Engine,
    province: *const c_char,
    out_calendar: *mut *mut Calendar,
) -> Status {
    with_handle(engine, "engine", |e| {
        // SAFETY: the caller passes NULL or a writable `tthc_calendar*` slot.
        let slot = unsafe { out(out_calendar, "out_calendar") }?;
        *slot = std::ptr::null_mut();
        // SAFETY: `province` is NULL or a C string valid during this call.
        let province = unsafe { optional_input(province, "province") }?;
        let snapshot = e.snapshot();
        if let Some(p) = province {
            let catalog = snapshot.catalog();
            let known = catalog.provinces().iter().any(|x| x.id == p)
                || catalog.calendars().provinces().any(|x| x == p);
            if !known {
                return Err(FfiError::new(
                    ErrorKind::UnknownProvince,
                    format!(
                        "no province with id `{}` in the catalogue",
                        tthc_core::excerpt::excerpt(p)
                    ),
                )
                .with_help(
                    "use a province id from provinces.toml, or NULL for the national calendar",
                ));
            }
        }
        *slot = Box::into_raw(Box::new(Calendar {
            working: snapshot.catalog().calendars().shared(province),
            poisoned: AtomicBool::new(false),
        }));
        Ok(())
    })
}

/// Frees a calendar. NULL is ignored; call it at most once per calendar,
/// after every other call on it has returned.
#[no_mangle]
pub extern "C" fn tthc_calendar_free(calendar: *mut Calendar) {
    crate::boundary::catch_or((), || {
        if !calendar.is_null() {
            // SAFETY: a non-NULL `calendar` came from Box::into_raw in
            // tthc_calendar_new and is freed only once (documented contract).
            drop(unsafe { Box::from_raw(calendar) });
        }
    });
}

/// The first and last day the calendar covers (days since 1970-01-01).
#[no_mangle]
pub extern "C" fn tthc_calendar_range(
    calendar: *const Calendar,
    out_first: *mut i32,
    out_last: *mut i32,
) -> Status {
    with_handle(calendar, "calendar", |c| {
        let (a, b) = c.working.range()?;
        // SAFETY: the caller passes NULL or writable `int32_t` slots;
        // each reference lives for one statement, so equal pointers do not alias.
        *unsafe { out(out_first, "out_first") }? = a.days_since_epoch();
        // SAFETY: as above.
        *unsafe { out(out_last, "out_last") }? = b.days_since_epoch();
        Ok(())
    })
}

/// Whether state agencies work on `day` (days since 1970-01-01): weekly
/// rest, public holidays, swapped days and make-up Saturdays included.
#[no_mangle]
pub extern "C" fn tthc_calendar_is_working_day(
    calendar: *const Calendar,
    day: i32,
    out_working: *mut bool,
) -> Status {
    query(calendar, out_working, |w| {
        Ok(w.is_working_day(self::day(day)?)?)
    })
}

/// The `n`-th working day after `day` (before it for negative `n`; for 0,
/// `day` itself if it is a working day, else the next one), as days since
/// 1970-01-01. The laws it obeys are in docs/calendar.md.
#[no_mangle]
pub extern "C" fn tthc_calendar_add_working_days(
    calendar: *const Calendar,
    day: i32,
    n: i32,
    out_day: *mut i32,
) -> Status {
    query(calendar, out_day, |w| {
        Ok(w.add_working_days(self::day(day)?, n)?.days_since_epoch())
    })
}

/// The number of working days in `(from, to]` (negative when `to` is before
/// `from`).
#[no_mangle]
pub extern "C" fn tthc_calendar_working_days_between(
    calendar: *const Calendar,
    from: i32,
    to: i32,
    out_count: *mut i32,
) -> Status {
    query(calendar, out_count, |w| {
        Ok(w.working_days_between(day(from)?, day(to)?)?)
    })
}

/// Runs `f` over `count` inputs, writing `count` outputs; stops at the first
/// failure, whose message names the index (outputs before it are written).
fn query_many<I: Copy, O>(
    calendar: *const Calendar,
    inputs: *const I,
    count: usize,
    outputs: *mut O,
    f: impl Fn(&WorkingCalendar, I) -> Result<O, FfiError>,
) -> Status {
    with_handle(calendar, "calendar", |c| {
        if count == 0 {
            return Ok(());
        }
        if inputs.is_null() {
            return Err(FfiError::null("days"));
        }
        if outputs.is_null() {
            return Err(FfiError::null("out"));
        }
        // SAFETY: the caller passes `count` readable inputs and `count`
        // writable outputs (checked non-NULL above); the two do not overlap
        // in any meaningful use, and we only read one and write the other.
        let (ins, outs) = unsafe {
            (
                std::slice::from_raw_parts(inputs, count),
                std::slice::from_raw_parts_mut(outputs, count),
            )
        };
        let w: &WorkingCalendar = &c.working;
        for (i, (x, o)) in ins.iter().zip(outs.iter_mut()).enumerate() {
            *o = f(w, *x).map_err(|mut e| {
                e.message = format!("element {i}: {}", e.message);
                e
            })?;
        }
        Ok(())
    })
}

/// `tthc_calendar_is_working_day` for `count` days at once (one call for a
/// whole screen of dossiers: the per-call cost of crossing the ABI is paid
/// once). On failure the message names the first bad element; the answers
/// before it are written.
#[no_mangle]
pub extern "C" fn tthc_calendar_is_working_day_n(
    calendar: *const Calendar,
    days: *const i32,
    count: usize,
    out_working: *mut bool,
) -> Status {
    query_many(calendar, days, count, out_working, |w, d| {
        Ok(w.is_working_day(date(d)?)?)
    })
}

/// `tthc_calendar_add_working_days` for `count` days, each moved by the
/// same `n`; see `tthc_calendar_is_working_day_n` for errors.
#[no_mangle]
pub extern "C" fn tthc_calendar_add_working_days_n(
    calendar: *const Calendar,
    days: *const i32,
    count: usize,
    n: i32,
    out_days: *mut i32,
) -> Status {
    query_many(calendar, days, count, out_days, |w, d| {
        Ok(w.add_working_days(date(d)?, n)?.days_since_epoch())
    })
}

/// The lunar date of solar `day` (days since 1970-01-01), for 1900–2199.
#[no_mangle]
pub extern "C" fn tthc_solar_to_lunar(day: i32, out_lunar: *mut LunarDate) -> Status {
    fast_guard(
        || {
            if out_lunar.is_null() {
                return Err(Fail::Null("out_lunar"));
            }
            let l = lunar::from_solar(self::day(day)?)?;
            // SAFETY: `out_lunar` is not NULL (checked above), and the
            // caller passes a writable, aligned `tthc_lunar_date`.
            unsafe {
                out_lunar.write(LunarDate {
                    year: l.year,
                    month: l.month,
                    day: l.day,
                    leap: u8::from(l.leap),
                });
            }
            Ok(())
        },
        Fail::into_ffi,
    )
}

/// The solar date (days since 1970-01-01) of a lunar date; INVALID_INPUT
/// when that lunar date does not exist.
#[no_mangle]
pub extern "C" fn tthc_lunar_to_solar(lunar_date: *const LunarDate, out_day: *mut i32) -> Status {
    guard(
        || {},
        || {
            // SAFETY: the caller passes NULL or a readable `tthc_lunar_date`.
            let l = unsafe { lunar_date.as_ref() }.ok_or_else(|| FfiError::null("lunar_date"))?;
            // SAFETY: the caller passes NULL or a writable `int32_t` slot.
            let slot = unsafe { out(out_day, "out_day") }?;
            let d = lunar::to_solar(lunar::LunarDate {
                year: l.year,
                month: l.month,
                day: l.day,
                leap: l.leap != 0,
            })?;
            *slot = d.days_since_epoch();
            Ok(())
        },
    )
}

/// Days since 1970-01-01 of a proleptic Gregorian date; INVALID_INPUT when
/// the date does not exist (e.g. 2025-02-29).
#[no_mangle]
pub extern "C" fn tthc_date_from_ymd(year: i32, month: i32, day: i32, out_day: *mut i32) -> Status {
    guard(
        || {},
        || {
            // SAFETY: the caller passes NULL or a writable `int32_t` slot.
            let slot = unsafe { out(out_day, "out_day") }?;
            let d = u32::try_from(month)
                .ok()
                .zip(u32::try_from(day).ok())
                .and_then(|(m, d)| Date::from_ymd(year, m, d))
                .ok_or_else(|| {
                    FfiError::new(
                        ErrorKind::InvalidDate,
                        format!("{year:04}-{month:02}-{day:02} is not a calendar date"),
                    )
                })?;
            *slot = d.days_since_epoch();
            Ok(())
        },
    )
}

/// The year, month (1–12) and day (1–31) of `day` (days since 1970-01-01).
#[no_mangle]
pub extern "C" fn tthc_date_to_ymd(
    day: i32,
    out_year: *mut i32,
    out_month: *mut i32,
    out_day: *mut i32,
) -> Status {
    guard(
        || {},
        || {
            let (y, m, d) = date(day)?.ymd();
            // SAFETY: the caller passes NULL or writable `int32_t` slots; each
            // reference lives for one statement, so equal pointers do not alias.
            *unsafe { out(out_year, "out_year") }? = y;
            // SAFETY: as above.
            *unsafe { out(out_month, "out_month") }? = i32::try_from(m).unwrap_or(0);
            // SAFETY: as above.
            *unsafe { out(out_day, "out_day") }? = i32::try_from(d).unwrap_or(0);
            Ok(())
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Calendar>();
    }
}
