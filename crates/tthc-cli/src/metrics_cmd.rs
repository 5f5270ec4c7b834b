//! `tthc metrics FILE` — the government KPIs of a file of dossier records —
//! and `tthc synth N` — synthetic dossier records to try it on.
//!
//! Both stream: `metrics` reads one record at a time and `synth` writes one
//! at a time, so `tthc synth 10000000 | tthc metrics -` runs in constant
//! memory. Reports and records go to `-o OUT` or standard output; counts of
//! malformed rows and a progress bar (when standard error is a terminal) go
//! to standard error.

use std::io::{BufWriter, Read, Write};

use crate::output::Target;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::builder::PossibleValuesParser;
use rand_xoshiro::rand_core::{Rng as _, SeedableRng};
use rand_xoshiro::SplitMix64;
use tthc::calendar::WorkingCalendar;
use tthc::catalog::model::{Level, OnlineLevel, TimeUnit};
use tthc::deadline::{self, Dossier, Period};
use tthc::metrics::{self, escape_csv, Format, Options, PeriodKind, UnitKind};
use tthc::Channel;
use tthc::Validity;
use tthc::{Catalog, Date, Engine, VnDateTime};

use crate::progress::ProgressArgs;
use crate::{Outcome, UsageError};

const METRICS_EXAMPLES: &str = "\
Examples:
  tthc metrics dossiers.csv --by province --period quarter --format html -o report.html
  tthc metrics events.jsonl --as-of 2025-03-31T12:00:00 --format json
  tthc synth 1000000 | tthc metrics - --by sector --format csv

The record columns are in docs/metrics.md. Malformed rows are counted with their
line numbers (on standard error and in the report), never dropped silently.";

/// `tthc metrics FILE|- …`.
#[derive(Debug, clap::Args)]
#[command(after_help = METRICS_EXAMPLES)]
pub struct MetricsArgs {
    /// A CSV or JSON Lines file of dossier records, or - for standard input.
    #[arg(value_name = "FILE|-")]
    file: PathBuf,
    /// The units the KPIs are computed for.
    #[arg(long, default_value = "province", value_parser = PossibleValuesParser::new(UnitKind::NAMES))]
    by: String,
    /// The reporting period.
    #[arg(long, default_value = "month", value_parser = PossibleValuesParser::new(PeriodKind::NAMES))]
    period: String,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    format: ReportFormat,
    /// Write the report to OUT instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Stop at the first malformed row (exit 1) instead of counting it.
    #[arg(long)]
    strict: bool,
    /// The instant open dossiers are judged at, RFC 3339 (default: now).
    #[arg(long, value_name = "RFC3339")]
    as_of: Option<VnDateTime>,
    /// The input's format (default: from the file's extension, or sniffed on -).
    #[arg(long, value_enum)]
    input: Option<InputFormat>,
    #[command(flatten)]
    progress: ProgressArgs,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum ReportFormat {
    Table,
    Csv,
    Json,
    Html,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum InputFormat {
    Csv,
    Jsonl,
}

const SYNTH_EXAMPLES: &str = "\
Examples:
  tthc synth 1000 > made-up.csv
  tthc synth 10_000_000 --seed 7 --format jsonl -o made-up.jsonl

Every record is marked synthetic (dossier ids start with SYN-).";

/// `tthc synth N …`.
#[derive(Debug, clap::Args)]
#[command(after_help = SYNTH_EXAMPLES)]
pub struct SynthArgs {
    /// How many records (underscores allowed: 1_000_000).
    #[arg(value_name = "N", value_parser = whole_number)]
    n: u64,
    /// The random seed: the same seed writes the same file.
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// The records' format (default: jsonl if OUT ends in .jsonl, else csv).
    #[arg(long, value_enum)]
    format: Option<InputFormat>,
    /// Write the records to OUT instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
}

/// A count such as `1_000_000`.
fn whole_number(s: &str) -> Result<u64, String> {
    s.replace('_', "")
        .parse()
        .map_err(|_| "N must be a whole number".to_string())
}

fn fail(message: String) -> Outcome {
    Outcome::failed(format!("lỗi / error: {message}"))
}

/// Standard output, or the file `-o` names (`-o -` is standard output too),
/// written whole or not at all ([`crate::output`]).
fn output(path: Option<&Path>) -> Result<Target, String> {
    Target::open(path).map_err(|e| {
        format!(
            "cannot create {}: {e}",
            path.unwrap_or(Path::new("-")).display()
        )
    })
}

/// `tthc metrics FILE|- [--by …] [--period …] [--format table|csv|json|html]
/// [-o OUT] [--strict] [--as-of RFC3339] [--input csv|jsonl] [--quiet]`.
pub fn metrics(catalog: &Catalog, a: &MetricsArgs) -> Result<Outcome, UsageError> {
    let options = Options {
        by: UnitKind::parse(&a.by).unwrap_or_default(),
        period: PeriodKind::parse(&a.period).unwrap_or_default(),
        as_of: a.as_of,
        strict: a.strict,
        ..Options::default()
    };
    let engine = Engine::new(Arc::new(catalog.clone()));
    let stdin = a.file == Path::new("-");
    let (input, total): (Box<dyn Read>, Option<u64>) = if stdin {
        (Box::new(std::io::stdin().lock()), None)
    } else {
        match std::fs::File::open(&a.file) {
            Ok(f) => {
                let len = f.metadata().ok().map(|m| m.len());
                (Box::new(f), len)
            }
            Err(e) => return Ok(fail(format!("cannot read {}: {e}", a.file.display()))),
        }
    };
    let mut input = std::io::BufReader::with_capacity(1 << 16, a.progress.reader(input, total));
    let input_format = match a.input {
        Some(InputFormat::Csv) => Format::Csv,
        Some(InputFormat::Jsonl) => Format::JsonLines,
        None if stdin => Format::sniff(&mut input).map_err(|e| UsageError(e.to_string()))?,
        None => Format::from_path(&a.file),
    };
    let report = match metrics::compute_reader(&mut input, input_format, &engine, options) {
        Ok(r) => r,
        Err(e) => return Ok(fail(e.to_string())),
    };
    let mut out = match output(a.output.as_deref()) {
        Ok(o) => o,
        Err(e) => return Ok(fail(e)),
    };
    let written = match a.format {
        ReportFormat::Csv => report.write_csv(&mut out),
        // Buffered here too: serde's many small writes would each be a
        // dynamic call through `out`.
        ReportFormat::Json => report
            .write_json(BufWriter::with_capacity(1 << 16, &mut out))
            .and_then(|()| writeln!(out)),
        ReportFormat::Html => out.write_all(metrics::html::render(&report).as_bytes()),
        ReportFormat::Table => out.write_all(report.to_table().as_bytes()),
    }
    .and_then(|()| out.finish());
    if written.is_err() {
        // A closed pipe ends quietly, without the summary below.
        return Ok(Outcome::streamed(written));
    }
    if report.issues.malformed > 0 || report.issues.warnings > 0 {
        let _ = writeln!(
            std::io::stderr(),
            "tthc metrics: {} records counted; {} malformed rows not counted, {} warnings (listed in the report, first {} of each)",
            report.records, report.issues.malformed, report.issues.warnings, Options::default().issue_limit
        );
    }
    Ok(Outcome::ok(String::new()))
}

/// SplitMix64 (`rand_xoshiro`): a small, seedable generator, so `--seed S`
/// reproduces a file. The draws below are part of that promise: changing one
/// changes every synthetic file (`tests/metrics_cli.rs` pins one).
struct Rng(SplitMix64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(SplitMix64::seed_from_u64(seed))
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (((self.0.next_u64() >> 32) * n as u64) >> 32) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// A stable pseudo-random number for a name, so each procedure and province
/// keeps its synthetic profile across records and runs: each byte is mixed
/// into the generator's state, which then takes one step.
fn hash(seed: u64, s: &str) -> Rng {
    let mut r = SplitMix64::seed_from_u64(seed ^ 0xA076_1D64_78BD_642F);
    for b in s.bytes() {
        r = SplitMix64::seed_from_u64(u64::from_le_bytes(r.state()) ^ u64::from(b));
        r.next_u64();
    }
    Rng(r)
}

/// The synthetic profile of one procedure.
struct SynthProcedure<'c> {
    id: &'c str,
    versions: Vec<(Validity, Level)>,
    level: OnlineLevel,
    working_days: u32,
    has_fee: bool,
}

/// The synthetic profile of one province version.
struct SynthProvince<'c> {
    id: &'c str,
    name: &'c str,
    validity: Validity,
    /// How much more (or less) online than the average this province is.
    maturity: f64,
    /// Relative number of dossiers.
    weight: f64,
}

const LEVELS: [OnlineLevel; 3] = [
    OnlineLevel::Full,
    OnlineLevel::Partial,
    OnlineLevel::Legacy(2),
];
const DAYS: [u32; 7] = [1, 3, 5, 7, 10, 15, 20];

/// `tthc synth N [--seed S] [--format csv|jsonl] [-o OUT]`.
pub fn synth(catalog: &Catalog, a: &SynthArgs) -> Outcome {
    let (n, seed) = (a.n, a.seed);
    let jsonl = match a.format {
        Some(InputFormat::Jsonl) => true,
        Some(InputFormat::Csv) => false,
        None => a
            .output
            .as_ref()
            .is_some_and(|o| o.as_os_str().as_encoded_bytes().ends_with(b".jsonl")),
    };
    let mut procedures: Vec<SynthProcedure<'_>> = Vec::new();
    for p in catalog.procedures().iter().filter(|p| p.overlay.is_none()) {
        let level = p.levels.first().copied().unwrap_or(Level::Province);
        match procedures.iter_mut().find(|s| s.id == p.id) {
            Some(s) => s.versions.push((p.validity, level)),
            None => {
                let mut h = hash(seed, &p.id);
                procedures.push(SynthProcedure {
                    id: &p.id,
                    versions: vec![(p.validity, level)],
                    level: LEVELS[[0, 0, 0, 0, 0, 1, 1, 1, 2, 2][h.below(10)]],
                    working_days: DAYS[h.below(DAYS.len())],
                    has_fee: h.chance(0.6),
                });
            }
        }
    }
    let provinces: Vec<SynthProvince<'_>> = catalog
        .provinces()
        .iter()
        .map(|p| {
            let mut h = hash(seed, &p.id);
            SynthProvince {
                id: &p.id,
                name: &p.name,
                validity: p.validity,
                maturity: 0.6 + 0.7 * h.unit(),
                weight: 0.3 + 2.0 * h.unit() * h.unit(),
            }
        })
        .collect();
    if procedures.is_empty() || provinces.is_empty() {
        return fail("the catalogue has no procedures or no provinces to draw from".into());
    }
    let mut out = match output(a.output.as_deref()) {
        Ok(o) => o,
        Err(e) => return fail(e),
    };
    Outcome::streamed(
        write_records(catalog, &procedures, &provinces, n, seed, jsonl, &mut out)
            .and_then(|()| out.finish()),
    )
}

fn write_records(
    catalog: &Catalog,
    procedures: &[SynthProcedure<'_>],
    provinces: &[SynthProvince<'_>],
    n: u64,
    seed: u64,
    jsonl: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let (Some(first), Some(last)) = (Date::from_ymd(2024, 1, 1), Date::from_ymd(2026, 12, 31))
    else {
        return Ok(());
    };
    let span = first.days_until(last) + 1;
    let mut rng = Rng::new(seed);
    if !jsonl {
        writeln!(out, "{}", metrics::FIELDS.join(","))?;
    }
    let cals = catalog.calendars();
    let mut line = String::with_capacity(512);
    let mut written = 0u64;
    let mut attempts = 0u64;
    while written < n {
        attempts += 1;
        if attempts > n.saturating_mul(20).max(1000) {
            break; // nothing valid to draw from: stop rather than loop
        }
        let Some(mut day) = first.add_days(rng.below(span as usize) as i32) else {
            continue;
        };
        // Province: weighted among those that exist on the day.
        let alive: Vec<&SynthProvince<'_>> = provinces
            .iter()
            .filter(|p| p.validity.contains(day))
            .collect();
        let total: f64 = alive.iter().map(|p| p.weight).sum();
        let mut pick = rng.unit() * total;
        let Some(prov) = alive.iter().find(|p| {
            pick -= p.weight;
            pick < 0.0
        }) else {
            continue;
        };
        let p = &procedures[rng.below(procedures.len())];
        let Some(&(_, level)) = p.versions.iter().find(|(v, _)| v.contains(day)) else {
            continue;
        };
        let cal = cals.for_province(Some(prov.id));
        let year_push = match day.year() {
            2024 => 0.45,
            2025 => 0.6,
            _ => 0.72,
        };
        let channel = if p.level.accepts_online_submission()
            && rng.chance((year_push * prov.maturity).min(0.97))
        {
            if rng.chance(0.35) {
                Channel::NationalPortal
            } else {
                Channel::ProvincialPortal
            }
        } else if rng.chance(0.04) {
            Channel::Postal
        } else {
            Channel::InPerson
        };
        let online = channel.is_online();
        // Counters work on working days; portals take dossiers at any hour.
        if !online && !cal.is_working_day(day).unwrap_or(true) {
            day = cal.roll_forward(day).unwrap_or(day);
        }
        let minute = if online && rng.chance(0.2) {
            rng.below(24 * 60)
        } else {
            450 + rng.below(570)
        };
        let Some(received) = VnDateTime::new(
            day,
            (minute / 60) as u32,
            (minute % 60) as u32,
            rng.below(60) as u32,
        ) else {
            continue;
        };
        let d = Dossier {
            received_at: received,
            channel,
            level: Some(level),
            province: Some(prov.id),
            procedure: "",
            sector: "",
            period: Some(Period::new(p.working_days, TimeUnit::WorkingDays)),
        };
        let Ok(due) = deadline::due_in(catalog.calendars(), catalog.deadline_rules(), &d) else {
            continue;
        };
        let completed = completion(
            &mut rng,
            cal,
            received,
            due.received_at.date(),
            due.due_date,
            last,
            prov.maturity,
        );
        let paid = p
            .has_fee
            .then(|| online && rng.chance(0.8) || !online && rng.chance(0.08));
        let e_result = completed.map(|_| rng.chance(if online { 0.85 } else { 0.45 }));
        let digitised = rng.chance(if online { 0.95 } else { 0.7 });
        let (y, m, dd) = day.ymd();
        let dossier = format!("SYN-{:02}{m:02}{dd:02}-{written:08}", y % 100);
        let agency = format!("{} – {}", level.name_vi(), prov.name);
        let flag = |b: Option<bool>| b.map_or("", |b| if b { "true" } else { "false" });
        line.clear();
        if jsonl {
            let mut v = serde_json::json!({
                "dossier": dossier, "procedure": p.id, "agency": agency, "province": prov.id,
                "agency_level": level_name(level), "channel": channel.as_str(),
                "received_at": received.to_string(), "due_at": due.due_at.to_string(),
                "digitised": digitised, "online_level": p.level.as_str(), "synthetic": true,
            });
            if let Some(c) = completed {
                v["completed_at"] = c.to_string().into();
            }
            if let Some(b) = paid {
                v["paid_online"] = b.into();
            }
            if let Some(b) = e_result {
                v["electronic_result"] = b.into();
            }
            line.push_str(&v.to_string());
        } else {
            use std::fmt::Write as _;
            let _ = write!(
                line,
                "{dossier},{},{},{},,{},{},{received},{},{},,{},{},{},,{},true",
                p.id,
                escape_csv(&agency),
                prov.id,
                level_name(level),
                channel.as_str(),
                due.due_at,
                completed.map(|c| c.to_string()).unwrap_or_default(),
                flag(paid),
                flag(e_result),
                flag(Some(digitised)),
                p.level.as_str(),
            );
        }
        line.push('\n');
        out.write_all(line.as_bytes())?;
        written += 1;
    }
    Ok(())
}

fn level_name(l: Level) -> &'static str {
    Level::NAMES.get(l as usize).copied().unwrap_or("province")
}

/// When a synthetic dossier finished: mostly early, some on the due day,
/// some late (more in less mature provinces); `None` while still open near
/// the end of the range, or now and then stuck.
fn completion(
    rng: &mut Rng,
    cal: &WorkingCalendar,
    received: VnDateTime,
    start: Date,
    due: Date,
    horizon: Date,
    maturity: f64,
) -> Option<VnDateTime> {
    if rng.chance(0.02) || (horizon.days_until(due) > -30 && rng.chance(0.5)) {
        return None;
    }
    let span = cal.working_days_between(start, due).ok()?.max(0);
    let r = rng.unit();
    let late = 0.16 - 0.08 * maturity.min(1.3);
    let day = if r < late {
        cal.add_working_days(due, 1 + rng.below(5) as i32).ok()?
    } else if r < late + 0.28 || span < 2 {
        due
    } else {
        cal.add_working_days(start, 1 + rng.below((span - 1) as usize) as i32)
            .ok()?
    };
    let t = VnDateTime::new(day, 8 + rng.below(9) as u32, rng.below(60) as u32, 0)?;
    Some(t.max(received))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `tthc synth --seed S` promises the same file for the same seed and
    /// catalogue: the draws are pinned here, as the hand-written SplitMix64
    /// that `synth` used before `rand_xoshiro` gave them (the expected values
    /// were computed by an independent rendition of that generator).
    #[test]
    fn the_draws_of_a_seed_do_not_change() {
        let mut r = Rng::new(5);
        assert_eq!(
            [r.0.next_u64(), r.0.next_u64()],
            [7_134_611_160_154_358_618, 13_877_614_986_023_876_344]
        );
        let below: Vec<usize> = (0..5).map(|_| r.below(1000)).collect();
        assert_eq!(below, [232, 99, 187, 380, 985]);
        assert_eq!(r.unit().to_bits(), 0.511101488728492f64.to_bits());

        let mut h = hash(5, "ha-noi");
        assert_eq!(h.below(10), 7);
        assert_eq!(h.unit().to_bits(), 0.20020278748230835f64.to_bits());
        let mut h = hash(7, "ho-tich.dang-ky-khai-sinh");
        assert_eq!(h.0.next_u64(), 9_915_510_529_350_945_435);
    }
}
