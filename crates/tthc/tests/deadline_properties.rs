//! Property tests of the deadline engine on the embedded calendar and the
//! sample deadline catalogue (tests/fixtures/sample-deadline-catalog):
//! - the due instant is always a working time, never before the receipt;
//! - events never make a due date earlier than the law allows: whatever
//!   valid sequence of supplements, pauses, reschedules and forwards, the
//!   deadline is no earlier than the one counted from the last receipt;
//! - batch and single calls agree.
#![allow(clippy::panic)] // reason: a test fails by panicking
#![allow(clippy::unwrap_used, clippy::expect_used)] // reason: fixtures are checked in

use std::path::Path;
use std::sync::{Arc, OnceLock};

use proptest::prelude::*;
use tthc::catalog::model::TimeUnit;
use tthc::deadline::{self, is_working_time, Dossier, Event, Period};
use tthc::engine::Case;
use tthc::Channel;
use tthc::{Catalog, Date, Engine, VnDateTime};
use tthc::{DossierFile, EvalError};

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/sample-deadline-catalog");
        let base = Catalog::embedded().unwrap();
        Engine::new(Arc::new(Catalog::from_dir_over(dir, base).unwrap()))
    })
}

/// An instant between 2017 (Civil Code 2015 in force, so a counting rule
/// exists) and 2030, to the minute.
fn instant() -> impl Strategy<Value = VnDateTime> {
    let start = Date::from_ymd(2017, 1, 1).unwrap().days_since_epoch();
    let end = Date::from_ymd(2030, 12, 31).unwrap().days_since_epoch();
    (start..=end, 0u32..1440).prop_map(|(d, m)| {
        VnDateTime::new(Date::from_days_since_epoch(d).unwrap(), m / 60, m % 60, 0).unwrap()
    })
}

fn channel() -> impl Strategy<Value = Channel> {
    prop::sample::select(Channel::ALL.to_vec())
}

fn unit() -> impl Strategy<Value = TimeUnit> {
    prop::sample::select(vec![
        TimeUnit::WorkingDays,
        TimeUnit::CalendarDays,
        TimeUnit::WorkingHours,
        TimeUnit::Months,
    ])
}

/// A period, or none (a same-day certification dossier).
fn period() -> impl Strategy<Value = Option<Period>> {
    prop_oneof![
        9 => (0u32..45, unit()).prop_map(|(a, u)| Some(Period::new(a, u))),
        1 => Just(None),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn due_instant_is_a_working_time(at in instant(), ch in channel(), p in period()) {
        let cat = engine().catalog();
        let d = Dossier {
            received_at: at,
            channel: ch,
            level: None,
            province: None,
            procedure: "",
            sector: if p.is_none() { "chung-thuc" } else { "" },
            period: p,
        };
        let due = deadline::due_in(cat.calendars(), cat.deadline_rules(), &d).unwrap();
        let cal = cat.calendars().national();
        prop_assert!(is_working_time(cal, due.due_at).unwrap(), "{} is not a working time", due.due_at);
        prop_assert!(due.received_at >= at);
        prop_assert!(due.due_at >= due.received_at, "due {} before receipt {}", due.due_at, due.received_at);
        prop_assert_eq!(due.due_at.date(), due.due_date);
        // A positive period in days ends after the receipt day (Art. 147(2)).
        if let Some(p) = p.filter(|p| p.amount > 0 && p.is_day_based()) {
            prop_assert!(due.due_date > due.received_at.date(), "{p}");
        }
    }
}

/// One step a dossier may take next, with a gap in minutes.
#[derive(Clone, Debug)]
enum Step {
    Supplement,
    Pause,
    Reschedule(i32),
    Forward,
}

fn steps() -> impl Strategy<Value = Vec<(Step, u32, u32)>> {
    let step = prop_oneof![
        Just(Step::Supplement),
        Just(Step::Pause),
        (1i32..10).prop_map(Step::Reschedule),
        Just(Step::Forward),
    ];
    prop::collection::vec((step, 1u32..8000, 1u32..8000), 0..6)
}

fn case(procedure: &str, ch: Channel, at: VnDateTime) -> Case {
    Case::from_value(serde_json::json!({
        "procedure": procedure,
        "channel": ch.as_str(),
        "submitted_at": at.to_string(),
    }))
    .unwrap()
}

fn later(t: VnDateTime, minutes: u32) -> VnDateTime {
    VnDateTime::from_local_seconds(t.local_seconds() + i64::from(minutes) * 60).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn events_never_make_the_deadline_earlier_than_the_law(
        at in instant(),
        ch in channel(),
        proc_ix in 0usize..4,
        plan in steps(),
        finish in 0u32..20000,
    ) {
        let e = engine();
        let procedure = ["sample.nam-ngay", "sample.muoi-ngay", "sample.tam-gio", "sample.mot-thang"][proc_ix];
        let c = case(procedure, ch, at);
        let mut events = vec![Event::Received { at }];
        let mut now = at;
        // Build a valid sequence: each candidate event is kept only if the
        // engine accepts it (an invalid one, e.g. a reschedule too late,
        // must be refused, never silently applied).
        for (step, gap, gap2) in plan {
            now = later(now, gap);
            let before = events.len();
            match step {
                Step::Supplement => {
                    events.push(Event::SupplementRequested { at: now });
                    now = later(now, gap2);
                    events.push(Event::SupplementReceived { at: now });
                }
                Step::Pause => {
                    events.push(Event::Paused { at: now, reason: "financial-obligation".into() });
                    now = later(now, gap2);
                    events.push(Event::Resumed { at: now });
                }
                Step::Reschedule(k) => {
                    let t = e.track_as_of(&c, &events, now).unwrap();
                    let due = t.due_date.unwrap();
                    let cal = e.catalog().calendars().national();
                    let new_due = cal.add_working_days(due, k).unwrap();
                    events.push(Event::Rescheduled { at: now, new_due });
                }
                Step::Forward => events.push(Event::Forwarded { at: now, to: None }),
            }
            match e.track_as_of(&c, &events, now) {
                Ok(_) => {}
                Err(err) => {
                    prop_assert_eq!(err.kind(), "invalid-event");
                    events.truncate(before);
                }
            }
        }
        now = later(now, finish);
        events.push(Event::ResultReturned { at: now });
        let t = e.track_as_of(&c, &events, now).unwrap();
        // The law's floor: the deadline counted from the last complete
        // receipt with no pause and no reschedule.
        let last_receipt = events
            .iter()
            .rev()
            .find_map(|ev| match ev {
                Event::SupplementReceived { at } | Event::Received { at } => Some(*at),
                _ => None,
            })
            .unwrap();
        let floor = e.deadline(&case(procedure, ch, last_receipt)).unwrap().due.due_at;
        let statutory = t.statutory_due_at.unwrap();
        prop_assert!(statutory >= floor, "statutory {} < floor {}", statutory, floor);
        prop_assert!(t.due_at.unwrap() >= statutory);
        let first = e.deadline(&c).unwrap().due.due_at;
        prop_assert!(statutory >= first, "statutory {} < first deadline {}", statutory, first);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn batch_and_single_calls_agree(
        items in prop::collection::vec((instant(), channel(), 0usize..7, 0u32..30000), 1..12),
    ) {
        let e = engine();
        let procedures = [
            "sample.nam-ngay", "sample.muoi-ngay", "sample.tam-gio", "sample.mot-thang",
            "sample.chung-thuc", "ho-tich.lien-thong-khai-sinh-thuong-tru-bhyt", "sample.khong-co",
        ];
        let cases: Vec<Case> = items.iter().map(|(at, ch, p, _)| case(procedures[*p], *ch, *at)).collect();
        let show = |r: Result<serde_json::Value, EvalError>| match r {
            Ok(v) => v,
            Err(e) => serde_json::to_value(e.to_json()).unwrap(),
        };
        let batch: Vec<_> = e.deadlines(&cases).into_iter().map(|r| show(r.map(|d| serde_json::to_value(d).unwrap()))).collect();
        let single: Vec<_> = cases.iter().map(|c| show(e.deadline(c).map(|d| serde_json::to_value(d).unwrap()))).collect();
        prop_assert_eq!(batch, single);

        let dossiers: Vec<DossierFile> = cases
            .iter()
            .zip(&items)
            .map(|(c, (at, _, _, gap))| DossierFile {
                case: c.clone(),
                events: vec![Event::Received { at: *at }, Event::ResultReturned { at: later(*at, *gap) }],
                as_of: Some(later(*at, *gap)),
            })
            .collect();
        let batch: Vec<_> = e.track_many(&dossiers).into_iter().map(|r| show(r.map(|t| serde_json::to_value(t).unwrap()))).collect();
        let single: Vec<_> = dossiers
            .iter()
            .map(|d| show(e.track_as_of(&d.case, &d.events, d.as_of.unwrap()).map(|t| serde_json::to_value(t).unwrap())))
            .collect();
        prop_assert_eq!(batch, single);
    }
}
