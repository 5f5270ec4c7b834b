//! The operations of benches/c/bench.c called natively in Rust, so that the
//! C benchmark can report the cost of the C ABI as a ratio measured in the
//! same run on the same machine (speed is measured, never asserted).
//!
//! Usage: tthc-native-bench REQUEST_JSON ITERATIONS CALENDAR_ITERATIONS
//! Prints one `name nanoseconds-per-call` line per operation; the workload
//! (the case in REQUEST_JSON, the day sequence) is the C benchmark's.

#![forbid(unsafe_code)]

use std::hint::black_box;
use std::process::ExitCode;
use std::time::Instant;

use tthc_core::engine::Case;
use tthc_core::{Date, Engine};

/// Best of three runs of `iterations` calls, in nanoseconds per call: the
/// minimum is the least disturbed by other processes on a shared machine.
///
/// Every input goes through `black_box` and every output into it, so that
/// the compiler can neither fold a call to a constant nor hoist it out of
/// the loop: each iteration does the work a C caller's call does.
fn best_of_three(iterations: u64, mut f: impl FnMut(u64)) -> f64 {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            for i in 0..iterations {
                f(i);
            }
            t.elapsed().as_nanos() as f64 / iterations as f64
        })
        .fold(f64::INFINITY, f64::min)
}

/// The day of call `i`: a walk over two years from 2025-01-01 that visits
/// weekdays, weekends and holidays alike (the same formula as bench.c). The
/// table holds day numbers, as the C caller's does, and each call turns its
/// number into a `Date` (the validation the C ABI also does), so that both
/// sides start from the same input.
fn day(days: &[i32], i: u64) -> Date {
    let d = black_box(days[(i.wrapping_mul(7) % days.len() as u64) as usize]);
    Date::from_days_since_epoch(d).unwrap_or(Date::MIN)
}

fn run(args: &[String]) -> Result<(), String> {
    let [path, iterations, cal_iterations] = args else {
        return Err("usage: tthc-native-bench REQUEST_JSON ITERATIONS CALENDAR_ITERATIONS".into());
    };
    let request = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let iterations: u64 = iterations.parse().map_err(|e| format!("ITERATIONS: {e}"))?;
    let cal_iterations: u64 = cal_iterations
        .parse()
        .map_err(|e| format!("CALENDAR_ITERATIONS: {e}"))?;
    let engine = Engine::embedded().map_err(|e| e.to_string())?;
    let case = Case::from_json(&request).map_err(|e| e.to_string())?;

    let ns = best_of_three(iterations, |_| {
        black_box(engine.evaluate(black_box(&case)).is_ok());
    });
    println!("evaluate_typed {ns:.1}");
    let ns = best_of_three(iterations, |_| {
        black_box(
            engine
                .evaluate_json(black_box(&request))
                .map(|s| s.len())
                .unwrap_or(0),
        );
    });
    println!("evaluate_json {ns:.1}");
    let ns = best_of_three(iterations, |_| {
        black_box(engine.deadline(black_box(&case)).is_ok());
    });
    println!("deadline_typed {ns:.1}");

    let base = Date::from_ymd(2025, 1, 1).ok_or("bad base date")?;
    let days: Vec<i32> = (0..730)
        .filter_map(|k| base.add_days(k))
        .map(Date::days_since_epoch)
        .collect();
    if days.len() != 730 {
        return Err("cannot build the day table".into());
    }
    let cal = engine.catalog().calendars().for_province(None);
    let ns = best_of_three(cal_iterations, |i| {
        black_box(cal.is_working_day(day(&days, i)).unwrap_or(false));
    });
    println!("is_working_day {ns:.1}");
    let ns = best_of_three(cal_iterations, |i| {
        black_box(
            cal.add_working_days(day(&days, i), black_box(5))
                .map(Date::days_since_epoch)
                .unwrap_or(0),
        );
    });
    println!("add_working_days {ns:.1}");
    let ns = best_of_three(cal_iterations, |i| {
        black_box(
            cal.working_days_between(day(&days, i), day(&days, i + 1))
                .unwrap_or(0),
        );
    });
    println!("working_days_between {ns:.1}");
    let ns = best_of_three(cal_iterations, |i| {
        black_box(
            tthc_core::lunar::from_solar(day(&days, i))
                .map(|l| l.day)
                .unwrap_or(0),
        );
    });
    println!("solar_to_lunar {ns:.1}");
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tthc-native-bench: {e}");
            ExitCode::from(2)
        }
    }
}
