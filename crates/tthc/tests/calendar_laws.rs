//! Property tests for every law of `docs/calendar.md`, and unit tests that
//! keep its counterexamples (the non-laws) true.

mod calendar_support;

use std::sync::OnceLock;

use proptest::prelude::*;
use tthc::calendar::{CalendarError, CalendarSet, WorkingCalendar};
use tthc::{Date, VnDateTime};

use calendar_support::{date, national};

fn set() -> &'static CalendarSet {
    static SET: OnceLock<CalendarSet> = OnceLock::new();
    SET.get_or_init(national)
}

fn cal() -> &'static WorkingCalendar {
    set().for_province(None)
}

/// Days strictly inside the coverage, leaving room for |n| ≤ 400 working days.
fn inner_day() -> impl Strategy<Value = Date> {
    let (lo, hi) = (
        date("2015-06-01").days_since_epoch(),
        date("2099-01-01").days_since_epoch(),
    );
    (lo..hi).prop_map(|n| Date::from_days_since_epoch(n).unwrap_or(Date::MIN))
}

fn working_day() -> impl Strategy<Value = Date> {
    inner_day().prop_map(|d| cal().roll_forward(d).unwrap_or(d))
}

fn add(d: Date, n: i32) -> Date {
    match cal().add_working_days(d, n) {
        Ok(x) => x,
        Err(e) => unreachable!("add({d}, {n}) inside the coverage: {e}"),
    }
}

fn between(a: Date, b: Date) -> i32 {
    match cal().working_days_between(a, b) {
        Ok(x) => x,
        Err(e) => unreachable!("between({a}, {b}): {e}"),
    }
}

fn working(d: Date) -> bool {
    cal().is_working_day(d) == Ok(true)
}

/// The definition of `add`, executed day by day (law 13).
fn naive_add(d: Date, n: i32) -> Date {
    let step = if n < 0 { -1 } else { 1 };
    let mut x = d;
    let mut left = n.abs();
    if n == 0 {
        while !working(x) {
            x = x.add_days(1).unwrap_or(x);
        }
        return x;
    }
    while left > 0 {
        x = x.add_days(step).unwrap_or(x);
        if working(x) {
            left -= 1;
        }
    }
    x
}

fn naive_between(a: Date, b: Date) -> i32 {
    let (lo, hi, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
    let count = (1..=lo.days_until(hi))
        .filter(|&i| lo.add_days(i).is_some_and(working))
        .count();
    sign * count as i32
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn law_01_closure(d in inner_day(), n in -400i32..400) {
        prop_assert!(working(add(d, n)));
    }

    #[test]
    fn law_02_identity_on_working_days(d in working_day()) {
        prop_assert_eq!(add(d, 0), d);
    }

    #[test]
    fn law_03_direction(d in inner_day(), n in 1i32..400) {
        prop_assert!(add(d, n) > d);
        prop_assert!(add(d, -n) < d);
    }

    #[test]
    fn law_04_counting_forward_from_any_day(d in inner_day(), n in 1i32..400) {
        prop_assert_eq!(between(d, add(d, n)), n);
    }

    #[test]
    fn law_05_counting_from_a_working_day(d in working_day(), n in -400i32..400) {
        prop_assert_eq!(between(d, add(d, n)), n);
    }

    #[test]
    fn law_06_associativity_same_sign(d in inner_day(), p in 1i32..200, q in 1i32..200) {
        prop_assert_eq!(add(add(d, p), q), add(d, p + q));
        prop_assert_eq!(add(add(d, -p), -q), add(d, -p - q));
    }

    #[test]
    fn law_07_associativity_from_a_working_day(d in working_day(), p in -200i32..200, q in -200i32..200) {
        prop_assert_eq!(add(add(d, p), q), add(d, p + q));
    }

    #[test]
    fn law_08_monotone_in_the_date(a in inner_day(), k in 0i32..60, n in -400i32..400) {
        let b = a.add_days(k).unwrap_or(a);
        prop_assert!(add(a, n) <= add(b, n));
    }

    #[test]
    fn law_09_monotone_in_the_count(d in inner_day(), p in -400i32..400, q in -400i32..400) {
        let (p, q) = (p.min(q), p.max(q));
        prop_assert!(add(d, p) <= add(d, q));
    }

    #[test]
    fn law_10_antisymmetry_and_chasles(a in inner_day(), b in inner_day(), c in inner_day()) {
        prop_assert_eq!(between(a, a), 0);
        prop_assert_eq!(between(a, b), -between(b, a));
        prop_assert_eq!(between(a, b) + between(b, c), between(a, c));
    }

    #[test]
    fn law_11_inverse(d in inner_day(), k in -300i32..300) {
        let e = cal().roll_forward(d.add_days(k).unwrap_or(d)).unwrap_or(d);
        if working(d) || d < e {
            prop_assert_eq!(add(d, between(d, e)), e);
        }
    }

    #[test]
    fn law_12_neighbours(d in inner_day()) {
        let (prev, next) = (cal().previous_working_day(d), cal().next_working_day(d));
        prop_assert_eq!(prev, Ok(add(d, -1)));
        prop_assert_eq!(next, Ok(add(d, 1)));
        let (prev, next) = (add(d, -1), add(d, 1));
        prop_assert!(prev < d && d < next);
        for i in 1..prev.days_until(d) {
            prop_assert!(!working(prev.add_days(i).unwrap_or(prev)));
        }
        for i in 1..d.days_until(next) {
            prop_assert!(!working(d.add_days(i).unwrap_or(d)));
        }
        let back = cal().roll_backward(d);
        prop_assert_eq!(back, Ok(if working(d) { d } else { prev }));
    }

    #[test]
    fn law_13_agrees_with_the_naive_walk(d in inner_day(), n in -80i32..80, k in -120i32..120) {
        prop_assert_eq!(add(d, n), naive_add(d, n));
        let e = d.add_days(k).unwrap_or(d);
        prop_assert_eq!(between(d, e), naive_between(d, e));
    }

    #[test]
    fn law_14_bounded_by_calendar_days(a in inner_day(), k in -400i32..400) {
        let b = a.add_days(k).unwrap_or(a);
        prop_assert!(between(a, b).abs() <= k.abs());
        if k >= 0 {
            prop_assert!(between(a, b) >= 0);
        }
    }

    #[test]
    fn law_15_to_17_working_hours(d in inner_day(), secs in 0u32..86_400, s in 0u64..2_000_000, s2 in 1u64..500_000) {
        let t = VnDateTime::new(d, secs / 3600, secs / 60 % 60, secs % 60).unwrap_or(VnDateTime::start_of_day(d));
        let Ok(u) = cal().add_working_seconds(t, s) else { unreachable!() };
        prop_assert_eq!(cal().working_seconds_between(t, u), Ok(s as i64));
        let Ok(u2) = cal().add_working_seconds(t, s + s2) else { unreachable!() };
        prop_assert!(u <= u2);
        if s >= 1 {
            prop_assert_eq!(cal().add_working_seconds(u, s2), Ok(u2));
        }
    }

    /// Errors instead of panics or wrong answers, for any date and any count.
    #[test]
    fn never_panics_and_refuses_outside_the_coverage(days in -719_162i32..2_932_896, n in proptest::num::i32::ANY) {
        let Some(d) = Date::from_days_since_epoch(days) else { return Ok(()) };
        let inside = d >= date("2013-05-01") && d <= date("2100-12-31");
        let r = cal().add_working_days(d, n);
        if !inside {
            let is_range_error = matches!(r, Err(CalendarError::OutOfRange { .. }));
            prop_assert!(is_range_error);
            prop_assert!(cal().is_working_day(d).is_err());
            prop_assert!(cal().day_info(d).is_err());
        } else if let Ok(x) = r {
            prop_assert!(working(x));
        } else {
            let is_result_error = matches!(r, Err(CalendarError::ResultOutOfRange { .. }));
            prop_assert!(is_result_error);
        }
        let _ = cal().working_days_between(d, date("2020-01-01"));
        let _ = cal().add_working_seconds(VnDateTime::start_of_day(d), u64::from(n.unsigned_abs()) * 1000);
    }
}

// ---- Non-laws: the counterexamples of docs/calendar.md stay true. ----

const SAT: &str = "2024-05-11";

#[test]
fn non_law_1_counting_backward_from_a_rest_day() {
    let sat = date(SAT);
    assert_eq!(add(sat, -1), date("2024-05-10"));
    assert_eq!(between(sat, add(sat, -1)), 0);
}

#[test]
fn non_law_2_add_zero_is_not_identity_on_rest_days() {
    assert_eq!(add(date(SAT), 0), date("2024-05-13"));
}

#[test]
fn non_law_3_mixed_sign_associativity_from_a_rest_day() {
    let sat = date(SAT);
    assert_eq!(add(add(sat, 1), -1), date("2024-05-10"));
    assert_eq!(add(sat, 0), date("2024-05-13"));
}

#[test]
fn non_law_4_and_5_zero_then_step_and_roll_first() {
    let sat = date(SAT);
    assert_eq!(add(add(sat, 0), 1), date("2024-05-14"));
    assert_eq!(add(sat, 1), date("2024-05-13"));
    assert_eq!(
        cal().roll_forward(sat).map(|r| add(r, 1)),
        Ok(date("2024-05-14"))
    );
}

#[test]
fn non_law_6_inverse_onto_a_rest_day() {
    let (fri, sat) = (date("2024-05-10"), date(SAT));
    assert_eq!(between(fri, sat), 0);
    assert_eq!(add(fri, 0), fri);
}

#[test]
fn non_law_7_working_days_are_not_weekdays() {
    // Sat 2024-05-04 is a make-up working day (2450/VPCP-KGVX).
    assert_eq!(add(date("2024-05-03"), 1), date("2024-05-04"));
}

#[test]
fn non_law_8_not_translation_invariant() {
    assert_eq!(add(date("2024-04-26"), 1), date("2024-05-02"));
    assert_eq!(add(date("2024-05-03"), 1), date("2024-05-04"));
}

#[test]
fn non_law_9_hours_zero_does_not_roll_and_zero_span_is_not_equality() {
    let Some(sat_10) = VnDateTime::new(date(SAT), 10, 0, 0) else {
        unreachable!()
    };
    assert_eq!(cal().add_working_seconds(sat_10, 0), Ok(sat_10));
    let Some(a) = VnDateTime::new(date("2024-05-10"), 12, 0, 0) else {
        unreachable!()
    };
    let Some(b) = VnDateTime::new(date("2024-05-10"), 13, 0, 0) else {
        unreachable!()
    };
    assert_eq!(cal().working_seconds_between(a, b), Ok(0));
    assert_ne!(a, b);
}
