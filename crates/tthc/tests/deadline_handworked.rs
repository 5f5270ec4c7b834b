//! Hand-worked deadlines on the embedded national calendar (office hours
//! 07:30–11:30 and 13:30–17:00, the catalogue's labelled default). Each test
//! writes its count out, day by day, so that a reader can check it against
//! the official schedules in `catalog/calendar/` without running anything.
#![allow(clippy::panic)] // reason: a test fails by panicking
#![allow(clippy::unwrap_used, clippy::expect_used)] // reason: test inputs are constants

use std::path::Path;
use tthc::catalog::model::{Level, TimeUnit};

use tthc::deadline::{self, Dossier, Due, Event, Outcome, Period, State};
use tthc::engine::Case;
use tthc::Channel;
use tthc::DossierFile;
use tthc::{Catalog, Engine, VnDateTime};

fn catalog() -> &'static Catalog {
    Catalog::embedded().expect("embedded catalogue loads")
}

fn t(s: &str) -> VnDateTime {
    VnDateTime::parse(s).unwrap()
}

/// A dossier with no procedure: only unscoped rules apply.
fn dossier(received: &str, channel: Channel, amount: u32, unit: TimeUnit) -> Dossier<'static> {
    Dossier {
        received_at: t(received),
        channel,
        level: None,
        province: None,
        procedure: "",
        sector: "",
        period: Some(Period::new(amount, unit)),
    }
}

fn due_of(d: &Dossier<'_>) -> Due<'static> {
    deadline::due_in(catalog().calendars(), catalog().deadline_rules(), d).unwrap()
}

fn due_at(received: &str, channel: Channel, amount: u32, unit: TimeUnit) -> String {
    due_of(&dossier(received, channel, amount, unit))
        .due_at
        .to_string()
}

fn rule_ids(d: &Due<'_>) -> Vec<String> {
    d.rules().map(|r| r.id.clone()).collect()
}

#[test]
fn tet_2025_five_working_days() {
    // Received in person Thu 2025-01-23 10:00; counting starts Fri 24/1 (Art. 147(2)).
    // 1 = Fri 24/1; Sat 25 – Sun 26 weekly rest; Mon 27/1 – Fri 31/1 Tết
    // (8726/VPCP-KGVX); Sat 1/2 – Sun 2/2 rest; 2 = Mon 3/2, 3 = Tue 4/2,
    // 4 = Wed 5/2, 5 = Thu 6/2. Due at the close of office hours.
    let d = due_of(&dossier(
        "2025-01-23T10:00:00+07:00",
        Channel::InPerson,
        5,
        TimeUnit::WorkingDays,
    ));
    assert_eq!(d.due_at.to_string(), "2025-02-06T17:00:00+07:00");
    assert_eq!(rule_ids(&d), ["counting.days"]);
}

#[test]
fn tet_2026_online_on_friday_night() {
    // Stored on the provincial portal Fri 2026-02-13 20:00, after office hours.
    // After-hours default: next working time. Sat 14/2 – Sun 22/2 is the Tết
    // break (9441/TB-BNV), so it counts as received Mon 23/2 07:30.
    // Counting from Tue 24/2: 1 = Tue 24, 2 = Wed 25, 3 = Thu 26.
    let d = due_of(&dossier(
        "2026-02-13T20:00:00+07:00",
        Channel::ProvincialPortal,
        3,
        TimeUnit::WorkingDays,
    ));
    assert_eq!(d.received_at.to_string(), "2026-02-23T07:30:00+07:00");
    assert_eq!(d.due_at.to_string(), "2026-02-26T17:00:00+07:00");
    assert_eq!(
        rule_ids(&d),
        ["receipt.online-after-hours", "counting.days"]
    );
    // The same dossier in person on Fri 13/2 at 10:00 (no shift):
    // 1 = Mon 23/2, 2 = Tue 24, 3 = Wed 25.
    assert_eq!(
        due_at(
            "2026-02-13T10:00:00+07:00",
            Channel::InPerson,
            3,
            TimeUnit::WorkingDays
        ),
        "2026-02-25T17:00:00+07:00"
    );
}

#[test]
fn reunification_day_2025_with_the_make_up_saturday() {
    // Received Fri 2025-04-25 09:00. 1 = Sat 26/4 (a make-up working day,
    // swapped with Fri 2/5), Sun 27 rest, 2 = Mon 28/4, 3 = Tue 29/4.
    assert_eq!(
        due_at(
            "2025-04-25T09:00:00+07:00",
            Channel::InPerson,
            3,
            TimeUnit::WorkingDays
        ),
        "2025-04-29T17:00:00+07:00"
    );
    // Received Tue 29/4 10:00. Wed 30/4, Thu 1/5 holidays, Fri 2/5 swapped
    // day off, Sat 3 – Sun 4 rest: 1 = Mon 5/5, 2 = Tue 6/5.
    assert_eq!(
        due_at(
            "2025-04-29T10:00:00+07:00",
            Channel::InPerson,
            2,
            TimeUnit::WorkingDays
        ),
        "2025-05-06T17:00:00+07:00"
    );
}

#[test]
fn national_day_2025() {
    // Received Fri 2025-08-29 10:00. Sat 30 – Sun 31 rest; Mon 1/9 and
    // Tue 2/9 National Day: 1 = Wed 3/9, 2 = Thu 4/9.
    assert_eq!(
        due_at(
            "2025-08-29T10:00:00+07:00",
            Channel::InPerson,
            2,
            TimeUnit::WorkingDays
        ),
        "2025-09-04T17:00:00+07:00"
    );
}

#[test]
fn swapped_working_saturdays() {
    // 2024: Mon 29/4 off, swapped with Sat 4/5 (2450/VPCP-KGVX).
    // Received Thu 2024-05-02 14:00: 1 = Fri 3/5, 2 = Sat 4/5 (worked).
    assert_eq!(
        due_at(
            "2024-05-02T14:00:00+07:00",
            Channel::InPerson,
            2,
            TimeUnit::WorkingDays
        ),
        "2024-05-04T17:00:00+07:00"
    );
    // 2026: Fri 2/1 off, swapped with Sat 10/1 (12729/VPCP-KGVX).
    // Received Fri 2026-01-09 10:00: 1 = Sat 10/1 (worked).
    assert_eq!(
        due_at(
            "2026-01-09T10:00:00+07:00",
            Channel::InPerson,
            1,
            TimeUnit::WorkingDays
        ),
        "2026-01-10T17:00:00+07:00"
    );
    // 2025: Sat 26/4 worked. Received Thu 24/4 16:00 online (no cut-off
    // online): 1 = Fri 25/4, 2 = Sat 26/4.
    assert_eq!(
        due_at(
            "2025-04-24T16:00:00+07:00",
            Channel::NationalPortal,
            2,
            TimeUnit::WorkingDays
        ),
        "2025-04-26T17:00:00+07:00"
    );
}

#[test]
fn cutoff_at_15h_in_person() {
    // In person Mon 2025-03-10 15:30, after 15:00 (61/2018 Art. 18(2)):
    // received Tue 11/3 07:30; counting from Wed 12/3: 1 = Wed 12, 2 = Thu 13, 3 = Fri 14.
    let d = due_of(&dossier(
        "2025-03-10T15:30:00+07:00",
        Channel::InPerson,
        3,
        TimeUnit::WorkingDays,
    ));
    assert_eq!(d.received_at.to_string(), "2025-03-11T07:30:00+07:00");
    assert_eq!(d.due_at.to_string(), "2025-03-14T17:00:00+07:00");
    assert_eq!(
        rule_ids(&d),
        ["receipt.cutoff-15h-in-person", "counting.days"]
    );
    // At 15:00:00 exactly it is not "after 15:00": 1 = Tue 11, 2 = Wed 12, 3 = Thu 13.
    assert_eq!(
        due_at(
            "2025-03-10T15:00:00+07:00",
            Channel::InPerson,
            3,
            TimeUnit::WorkingDays
        ),
        "2025-03-13T17:00:00+07:00"
    );
    // Online at 15:30, inside office hours: Art. 18(1) has no cut-off.
    assert_eq!(
        due_at(
            "2025-03-10T15:30:00+07:00",
            Channel::NationalPortal,
            3,
            TimeUnit::WorkingDays
        ),
        "2025-03-13T17:00:00+07:00"
    );
}

#[test]
fn same_day_certification_and_its_15h_rule() {
    // Certification (23/2015/NĐ-CP Art. 7) has no processing time: same day,
    // or the next working day when requested after 15:00.
    let mut d = dossier(
        "2025-03-10T14:00:00+07:00",
        Channel::InPerson,
        0,
        TimeUnit::WorkingDays,
    );
    d.sector = "chung-thuc";
    d.period = None;
    let due = due_of(&d);
    assert_eq!(due.due_at.to_string(), "2025-03-10T17:00:00+07:00");
    assert_eq!(rule_ids(&due), ["same-day.chung-thuc"]);
    // Fri 2025-03-14 15:10: the next working day is Mon 17/3 (online, so no
    // in-person cut-off; the same-day rule's own 15:00 applies).
    d.received_at = t("2025-03-14T15:10:00+07:00");
    d.channel = Channel::NationalPortal;
    assert_eq!(due_of(&d).due_at.to_string(), "2025-03-17T17:00:00+07:00");
    // No processing time and no same-day rule: an error, not a guess.
    d.sector = "dat-dai";
    let e = deadline::due_in(catalog().calendars(), catalog().deadline_rules(), &d).unwrap_err();
    assert_eq!(e.kind(), "no-processing-time");
}

#[test]
fn calendar_days_ending_on_a_holiday_move_to_the_next_working_day() {
    // 10 calendar days from Mon 2025-04-21: counting from Tue 22/4,
    // 22(1) 23(2) 24(3) 25(4) 26(5) 27(6) 28(7) 29(8) 30(9) 1/5(10).
    // Thu 1/5 is a holiday; Fri 2/5 off (swap), Sat 3 – Sun 4 rest: the
    // period ends on Mon 5/5 (Civil Code Art. 148(5)).
    let d = due_of(&dossier(
        "2025-04-21T09:00:00+07:00",
        Channel::InPerson,
        10,
        TimeUnit::CalendarDays,
    ));
    assert_eq!(
        d.rolled_from.map(|x| x.to_string()).as_deref(),
        Some("2025-05-01")
    );
    assert_eq!(d.due_at.to_string(), "2025-05-05T17:00:00+07:00");
    // 7 calendar days from Mon 2025-03-03: 4(1) … 10(7) = Mon 10/3, a working day.
    assert_eq!(
        due_at(
            "2025-03-03T09:00:00+07:00",
            Channel::InPerson,
            7,
            TimeUnit::CalendarDays
        ),
        "2025-03-10T17:00:00+07:00"
    );
}

#[test]
fn months_end_on_the_corresponding_day_or_the_month_end() {
    // 1 month from Wed 2024-01-31: February has no 31st, so the last day of
    // February, Thu 29/2 (2024 is a leap year; Art. 148(3)), a working day.
    assert_eq!(
        due_at(
            "2024-01-31T09:00:00+07:00",
            Channel::InPerson,
            1,
            TimeUnit::Months
        ),
        "2024-02-29T17:00:00+07:00"
    );
    // In person on Fri 2025-01-31, a Tết day off: the cut-off rule moves the
    // receipt to the next working day, Mon 3/2 07:30; 1 month later is Mon 3/3.
    assert_eq!(
        due_at(
            "2025-01-31T09:00:00+07:00",
            Channel::InPerson,
            1,
            TimeUnit::Months
        ),
        "2025-03-03T17:00:00+07:00"
    );
    // 1 month from Mon 2025-03-31: Wed 30/4, a holiday; 1/5, 2/5 off,
    // 3–4/5 weekend: Mon 5/5.
    assert_eq!(
        due_at(
            "2025-03-31T09:00:00+07:00",
            Channel::InPerson,
            1,
            TimeUnit::Months
        ),
        "2025-05-05T17:00:00+07:00"
    );
}

#[test]
fn working_hours_across_lunch_and_a_weekend() {
    // 8 working hours from Fri 2025-03-14 10:00 (online, in office hours):
    // Fri 10:00–11:30 = 1.5 h, lunch 11:30–13:30 not counted, 13:30–17:00 =
    // 3.5 h (total 5 h); Sat 15 – Sun 16 rest; Mon 17/3 07:30 + 3 h = 10:30.
    let d = due_of(&dossier(
        "2025-03-14T10:00:00+07:00",
        Channel::NationalPortal,
        8,
        TimeUnit::WorkingHours,
    ));
    assert_eq!(d.due_at.to_string(), "2025-03-17T10:30:00+07:00");
    assert_eq!(rule_ids(&d), ["counting.hours"]);
    assert!(!d.is_day_based());
    // 2 working hours from Fri 10:30: 10:30–11:30 = 1 h, 13:30–14:30 = 1 h.
    assert_eq!(
        due_at(
            "2025-03-14T10:30:00+07:00",
            Channel::NationalPortal,
            2,
            TimeUnit::WorkingHours
        ),
        "2025-03-14T14:30:00+07:00"
    );
    // 4 working hours from 07:30 end exactly at 11:30, not at 13:30.
    assert_eq!(
        due_at(
            "2025-03-14T07:30:00+07:00",
            Channel::NationalPortal,
            4,
            TimeUnit::WorkingHours
        ),
        "2025-03-14T11:30:00+07:00"
    );
}

fn case(json: &str) -> Case {
    Case::from_json(json).unwrap()
}

#[test]
fn former_district_level_procedure_after_the_reorganisation() {
    let engine = Engine::embedded().unwrap();
    // Liên thông khai sinh – thường trú – BHYT: 3 working days (296/QĐ-VPCP).
    // On Mon 2025-06-30 at district level, in person at 15:30: the 61/2018
    // cut-off (confirmed) moves receipt to Tue 1/7 07:30; counting from
    // Wed 2/7: 1 = Wed 2, 2 = Thu 3, 3 = Fri 4.
    let before = case(
        r#"{"procedure": "ho-tich.lien-thong-khai-sinh-thuong-tru-bhyt", "agency_level": "district",
            "channel": "in-person", "submitted_at": "2025-06-30T15:30:00+07:00"}"#,
    );
    let d = engine.deadline(&before).unwrap();
    assert_eq!(d.due.due_at.to_string(), "2025-07-04T17:00:00+07:00");
    assert!(d.due.unconfirmed().iter().all(|u| !u.contains("cutoff")));

    // On Wed 2025-07-02 there is no district level any more (two-tier
    // government from 2025-07-01): the case is refused with a clear error.
    let after_district = case(
        r#"{"procedure": "ho-tich.lien-thong-khai-sinh-thuong-tru-bhyt", "agency_level": "district",
            "channel": "in-person", "submitted_at": "2025-07-02T15:30:00+07:00"}"#,
    );
    assert_eq!(
        engine.deadline(&after_district).unwrap_err().kind(),
        "level-not-competent"
    );

    // From 2025-07-01 the electronic group is filed online only; its paper
    // twin 2.000986 (20 working days, in person at the commune) takes the
    // dossier. On Wed 2/7 15:30 the cut-off now rests on Decree 118/2025,
    // whose wording was not read, so the 61/2018 rule applies and the receipt
    // says so. Received Thu 3/7 07:30; July 2025 has no holiday: 1 = Fri 4,
    // 2–6 = Mon 7 – Fri 11, 7–11 = 14–18, 12–16 = 21–25, 17–20 = Mon 28 –
    // Thu 31.
    let after = case(
        r#"{"procedure": "ho-tich.2.000986", "agency_level": "commune",
            "channel": "in-person", "submitted_at": "2025-07-02T15:30:00+07:00"}"#,
    );
    let d = engine.deadline(&after).unwrap();
    assert_eq!(d.due.due_at.to_string(), "2025-07-31T17:00:00+07:00");
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(json["due_at"], "2025-07-31T17:00:00+07:00");
    let steps = json["explanation"].as_array().unwrap();
    assert_eq!(steps[0]["rule"], "receipt.cutoff-15h-in-person");
    assert_eq!(steps[0]["status"], "unconfirmed");
    assert!(steps[0]["caveat"]
        .as_str()
        .unwrap()
        .contains("applies the 61/2018 rule"));
    assert!(json["unconfirmed"]
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u.as_str().unwrap().contains("receipt.cutoff-15h-in-person")));
}

#[test]
fn supplement_restarts_the_period_from_zero() {
    let engine = Engine::embedded().unwrap();
    let c = case(
        r#"{"procedure": "ho-tich.lien-thong-khai-sinh-thuong-tru-bhyt", "agency_level": "commune",
            "channel": "provincial-portal", "submitted_at": "2025-03-03T09:00:00+07:00"}"#,
    );
    // Received Mon 2025-03-03 09:00: 1 = Tue 4, 2 = Wed 5, 3 = Thu 6.
    // Supplement requested Tue 4/3 (1 working day after receipt, within 3).
    // Complete dossier Fri 7/3 16:30 (online, in office hours): the period
    // restarts, counting from Mon 10/3: 1 = Mon 10, 2 = Tue 11, 3 = Wed 12.
    let events = [
        Event::Received {
            at: t("2025-03-03T09:00:00+07:00"),
        },
        Event::SupplementRequested {
            at: t("2025-03-04T10:00:00+07:00"),
        },
        Event::SupplementReceived {
            at: t("2025-03-07T16:30:00+07:00"),
        },
        Event::ResultReturned {
            at: t("2025-03-12T10:00:00+07:00"),
        },
    ];
    let first = engine
        .track_as_of(&c, &events[..1], t("2025-03-03T09:00:00+07:00"))
        .unwrap();
    assert_eq!(
        first.due_at.unwrap().to_string(),
        "2025-03-06T17:00:00+07:00"
    );
    let waiting = engine
        .track_as_of(&c, &events[..2], t("2025-03-05T09:00:00+07:00"))
        .unwrap();
    assert_eq!(waiting.state, State::AwaitingSupplement);
    assert_eq!(waiting.due_at, None);
    let done = engine
        .track_as_of(&c, &events, t("2025-03-12T10:00:00+07:00"))
        .unwrap();
    assert_eq!(done.restarts, 1);
    assert_eq!(
        done.due_at.unwrap().to_string(),
        "2025-03-12T17:00:00+07:00"
    );
    let status = done.timeliness.unwrap();
    // Returned on the due day: on time, 1 point.
    assert_eq!((status.outcome, status.score), (Outcome::OnTime, 1));
    assert!(done.warnings.is_empty(), "{:?}", done.warnings);
}

/// A 5-working-day dossier received Mon 2025-06-02 09:00 in person:
/// 1 = Tue 3, 2 = Wed 4, 3 = Thu 5, 4 = Fri 6, 5 = Mon 9/6. The apology
/// must go out by Fri 6/6 (one working day before).
fn five_days_from_june_2() -> Dossier<'static> {
    dossier(
        "2025-06-02T09:00:00+07:00",
        Channel::InPerson,
        5,
        TimeUnit::WorkingDays,
    )
}

fn track(
    events: &[Event],
    as_of: &str,
) -> Result<deadline::Tracking<'static>, deadline::DeadlineError> {
    let cat = catalog();
    deadline::track(
        cat.calendars().national(),
        cat.deadline_rules(),
        &five_days_from_june_2(),
        events,
        t(as_of),
    )
}

#[test]
fn reschedule_with_apology_once() {
    let received = Event::Received {
        at: t("2025-06-02T09:00:00+07:00"),
    };
    // As of Fri 6/6 the apology is due now.
    let open = track(std::slice::from_ref(&received), "2025-06-06T08:00:00+07:00").unwrap();
    let apology = open.apology.unwrap();
    assert_eq!(apology.last_day.to_string(), "2025-06-06");
    assert!(apology.due_now && !apology.missed && !apology.sent);
    // Remaining: Mon 9/6 is 1 working day after Fri 6/6; office time from
    // Fri 08:00 to Mon 17:00 = Fri 6.5 h + Mon 7.5 h = 14 h.
    let r = open.remaining.unwrap();
    assert_eq!((r.working_days, r.working_hours), (1, 14));

    // Rescheduled on Fri 6/6 to Thu 12/6, result Wed 11/6 10:00: against
    // the statutory Mon 9/6 it is late by 2 working days (Tue 10, Wed 11)
    // and 10 office hours (from Mon 17:00: Tue 7.5 h + Wed 07:30–10:00 2.5 h);
    // against the rescheduled Thu 12/6 it is early.
    let events = [
        received.clone(),
        Event::Rescheduled {
            at: t("2025-06-06T10:00:00+07:00"),
            new_due: "2025-06-12".parse().unwrap(),
        },
        Event::ResultReturned {
            at: t("2025-06-11T10:00:00+07:00"),
        },
    ];
    let done = track(&events, "2025-06-11T10:00:00+07:00").unwrap();
    let s = done.timeliness.unwrap();
    assert_eq!(
        (
            s.outcome,
            s.score,
            s.working_days_late,
            s.working_hours_late
        ),
        (Outcome::Late, 0, 2, 10)
    );
    assert_eq!(done.against_rescheduled.unwrap().outcome, Outcome::Early);
    assert!(done.apology.unwrap().sent);
    assert_eq!(
        done.due_at.unwrap().to_string(),
        "2025-06-12T17:00:00+07:00"
    );

    // Notified on the due day itself (Mon 9/6): too late.
    let late = [
        received.clone(),
        Event::Rescheduled {
            at: t("2025-06-09T08:00:00+07:00"),
            new_due: "2025-06-12".parse().unwrap(),
        },
    ];
    let e = track(&late, "2025-06-09T09:00:00+07:00").unwrap_err();
    assert_eq!(
        e.to_string(),
        "event 1 (rescheduled): notified on 2025-06-09, later than 2025-06-06: 1 working day(s) before the deadline 2025-06-09 (rule lifecycle.reschedule-once)"
    );
    // A second reschedule: refused, naming the event.
    let twice = [
        received,
        Event::Rescheduled {
            at: t("2025-06-05T10:00:00+07:00"),
            new_due: "2025-06-12".parse().unwrap(),
        },
        Event::Rescheduled {
            at: t("2025-06-06T10:00:00+07:00"),
            new_due: "2025-06-16".parse().unwrap(),
        },
    ];
    let e = track(&twice, "2025-06-06T10:00:00+07:00").unwrap_err();
    assert!(
        e.to_string().starts_with(
            "event 2 (rescheduled): the return date may be rescheduled at most 1 time(s)"
        ),
        "{e}"
    );
}

#[test]
fn early_on_time_and_late_scores() {
    let received = Event::Received {
        at: t("2025-06-02T09:00:00+07:00"),
    };
    let at = |s: &str| {
        let events = [received.clone(), Event::ResultReturned { at: t(s) }];
        track(&events, s).unwrap().timeliness.unwrap()
    };
    // Due Mon 9/6. Fri 6/6: early (2). Mon 9/6 at 16:59: on time (1).
    // Tue 10/6 08:00: late (0) by 1 working day and 0.5 h → 1 h rounded up.
    assert_eq!(
        (
            at("2025-06-06T10:00:00+07:00").outcome,
            at("2025-06-06T10:00:00+07:00").score
        ),
        (Outcome::Early, 2)
    );
    assert_eq!(at("2025-06-09T16:59:00+07:00").score, 1);
    let late = at("2025-06-10T08:00:00+07:00");
    assert_eq!(
        (
            late.score,
            late.working_days_late,
            late.working_hours_late,
            late.working_seconds_late
        ),
        (0, 1, 1, 1800)
    );
}

#[test]
fn sequences_that_cannot_happen_are_named() {
    let cases: [(&[Event], &str); 4] = [
        (
            &[Event::ResultReturned { at: t("2025-06-02T09:00:00+07:00") }],
            "event 0 (result_returned): the first event must be `received`",
        ),
        (
            &[
                Event::Received { at: t("2025-06-02T09:00:00+07:00") },
                Event::SupplementReceived { at: t("2025-06-03T09:00:00+07:00") },
            ],
            "event 1 (supplement_received): only possible while waiting for a supplement; the dossier is being processed",
        ),
        (
            &[
                Event::Received { at: t("2025-06-02T09:00:00+07:00") },
                Event::Withdrawn { at: t("2025-06-03T09:00:00+07:00") },
                Event::ResultReturned { at: t("2025-06-04T09:00:00+07:00") },
            ],
            "event 2 (result_returned): the dossier is already closed (withdrawn)",
        ),
        (
            &[
                Event::Received { at: t("2025-06-02T09:00:00+07:00") },
                Event::Paused { at: t("2025-06-03T09:00:00+07:00"), reason: "financial-obligation".into() },
            ],
            "event 1 (paused): no `pause` rule in force on 2025-06-03 allows stopping the clock for `financial-obligation`",
        ),
    ];
    for (events, msg) in cases {
        let e = track(events, "2025-06-05T09:00:00+07:00").unwrap_err();
        assert_eq!(e.to_string(), msg);
        assert_eq!(e.kind(), "invalid-event");
    }
    let unordered = [
        Event::Received {
            at: t("2025-06-02T09:00:00+07:00"),
        },
        Event::Forwarded {
            at: t("2025-06-01T09:00:00+07:00"),
            to: None,
        },
    ];
    assert!(track(&unordered, "2025-06-05T09:00:00+07:00")
        .unwrap_err()
        .to_string()
        .starts_with(
            "event 1 (forwarded): at 2025-06-01T09:00:00+07:00, before the previous event"
        ));
}

#[test]
fn level_scoped_rules_need_the_level() {
    // The national rules are unscoped by level; a dossier with a level
    // gets the same answer as one without (a regression guard for scope
    // matching).
    let mut d = dossier(
        "2025-03-10T15:30:00+07:00",
        Channel::InPerson,
        3,
        TimeUnit::WorkingDays,
    );
    let without = due_of(&d).due_at;
    d.level = Some(Level::Commune);
    assert_eq!(due_of(&d).due_at, without);
}

#[test]
fn the_sample_dossier_file_tracks() {
    // tests/fixtures/sample-deadline-dossier/reschedule.json, the example of
    // docs/deadlines.md: 3 working days from Mon 2025-06-02 09:00:
    // 1 = Tue 3, 2 = Wed 4, 3 = Thu 5/6. Apology by Wed 4/6 (one working day
    // before), sent on Wed 4/6 with a new date Mon 9/6. Returned Fri 6/6
    // 16:00: late against Thu 5/6 by 1 working day (Fri 6) and 6.5 office
    // hours (07:30–11:30, 13:30–16:00), 7 rounded up; early against Mon 9/6.
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/sample-deadline-dossier/reschedule.json");
    let file = DossierFile::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    let engine = Engine::embedded().unwrap();
    let batch = engine.track_many(std::slice::from_ref(&file));
    let t = batch[0].as_ref().unwrap();
    let s = t.timeliness.unwrap();
    assert_eq!(
        t.statutory_due_at.unwrap().to_string(),
        "2025-06-05T17:00:00+07:00"
    );
    assert_eq!(
        (
            s.outcome,
            s.working_days_late,
            s.working_hours_late,
            s.working_seconds_late
        ),
        (Outcome::Late, 1, 7, 23_400)
    );
    assert_eq!(t.against_rescheduled.unwrap().outcome, Outcome::Early);
    assert_eq!(
        t.log[1].effect,
        "forwarded to Công an xã (sample); the deadline does not change"
    );
}
