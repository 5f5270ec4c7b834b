//! `tthc metrics FILE` — the government KPIs of a file of dossier records —
//! and `tthc synth N` — synthetic dossier records to try it on.
//!
//! Both stream: `metrics` reads one record at a time and `synth` writes one
//! at a time, so `tthc synth 10000000 | tthc metrics -` runs in constant
//! memory. Reports and records go to `-o OUT` or standard output; counts of
//! malformed rows and a progress bar (when standard error is a terminal) go
//! to standard error.

use std::io::{BufWriter, IsTerminal, Read, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tthc::calendar::WorkingCalendar;
use tthc::catalog::model::{Level, OnlineLevel, TimeUnit};
use tthc::catalog::validity::Validity;
use tthc::deadline::{self, Dossier, Period};
use tthc::metrics::{self, csv::escape, Format, Options, PeriodKind, UnitKind};
use tthc::policy::Channel;
use tthc::{Catalog, Date, Engine, VnDateTime};

use crate::args::{Args, UsageError};
use crate::Outcome;

fn fail(message: String) -> Outcome {
    Outcome {
        code: 1,
        stdout: format!("lỗi / error: {message}"),
    }
}

/// Standard output, or the file `-o` names.
fn output(a: &Args) -> Result<Box<dyn Write>, String> {
    match a.value("output") {
        Some(path) if path != "-" => std::fs::File::create(path)
            .map(|f| Box::new(BufWriter::with_capacity(1 << 16, f)) as Box<dyn Write>)
            .map_err(|e| format!("cannot create {path}: {e}")),
        _ => Ok(Box::new(BufWriter::with_capacity(
            1 << 16,
            std::io::stdout().lock(),
        ))),
    }
}

/// Counts bytes read and, at most four times a second, draws a bar on
/// standard error (only built when it is a terminal).
struct Progress<R> {
    inner: R,
    read: u64,
    total: Option<u64>,
    started: Instant,
    last: Instant,
}

impl<R: Read> Read for Progress<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.last.elapsed() >= Duration::from_millis(250) || n == 0 {
            self.last = Instant::now();
            self.draw(n == 0);
        }
        Ok(n)
    }
}

impl<R> Progress<R> {
    fn draw(&self, done: bool) {
        let mb = self.read as f64 / 1e6;
        let rate = mb / self.started.elapsed().as_secs_f64().max(1e-3);
        let line = match self.total.filter(|t| *t > 0) {
            Some(t) => {
                let f = (self.read as f64 / t as f64).min(1.0);
                let filled = (f * 30.0) as usize;
                format!(
                    "[{}{}] {:3.0} %  {mb:.0}/{:.0} MB  {rate:.0} MB/s",
                    "#".repeat(filled),
                    " ".repeat(30 - filled.min(30)),
                    f * 100.0,
                    t as f64 / 1e6
                )
            }
            None => format!("{mb:.0} MB read  {rate:.0} MB/s"),
        };
        eprint!("\r{line}{}", if done { "\n" } else { "" });
    }
}

/// `tthc metrics FILE|- [--by …] [--period …] [--format table|csv|json|html]
/// [-o OUT] [--strict] [--as-of RFC3339] [--input csv|jsonl]`.
pub fn metrics(catalog: &Catalog, raw: &[String]) -> Result<Outcome, UsageError> {
    let a = Args::parse(
        raw,
        &["by", "period", "format", "output", "as-of", "input"],
        &["strict"],
    )?;
    let file = a.pos(
        0,
        "FILE (a CSV or JSON Lines file of dossier records, or - for standard input)",
    )?;
    let pick = |flag: &str, names: &[&str], default: &str| -> Result<String, UsageError> {
        let v = a.value(flag).unwrap_or(default);
        if names.contains(&v) {
            Ok(v.to_string())
        } else {
            Err(UsageError(format!(
                "unknown --{flag} `{v}`, expected one of {}",
                names.join(", ")
            )))
        }
    };
    let by = pick("by", &UnitKind::NAMES, "province")?;
    let period = pick("period", &PeriodKind::NAMES, "month")?;
    let format = pick("format", &["table", "csv", "json", "html"], "table")?;
    let as_of = a
        .value("as-of")
        .map(|s| VnDateTime::parse(s).map_err(|e| UsageError(e.to_string())))
        .transpose()?;
    let options = Options {
        by: UnitKind::parse(&by).unwrap_or_default(),
        period: PeriodKind::parse(&period).unwrap_or_default(),
        as_of,
        strict: a.has("strict"),
        ..Options::default()
    };
    let engine = Engine::new(Arc::new(catalog.clone()));
    let show_progress = std::io::stderr().is_terminal();
    let (input, total): (Box<dyn Read>, Option<u64>) = if file == "-" {
        (Box::new(std::io::stdin().lock()), None)
    } else {
        match std::fs::File::open(file) {
            Ok(f) => {
                let len = f.metadata().ok().map(|m| m.len());
                (Box::new(f), len)
            }
            Err(e) => return Ok(fail(format!("cannot read {file}: {e}"))),
        }
    };
    let input: Box<dyn Read> = if show_progress {
        let now = Instant::now();
        Box::new(Progress {
            inner: input,
            read: 0,
            total,
            started: now,
            last: now,
        })
    } else {
        input
    };
    let mut input = std::io::BufReader::with_capacity(1 << 16, input);
    let input_format = match a.value("input") {
        Some("csv") => Format::Csv,
        Some("jsonl") => Format::JsonLines,
        Some(other) => {
            return Err(UsageError(format!(
                "unknown --input `{other}`, expected csv or jsonl"
            )))
        }
        None if file == "-" => Format::sniff(&mut input).map_err(|e| UsageError(e.to_string()))?,
        None => Format::from_path(Path::new(file)),
    };
    let report = match metrics::compute_reader(&mut input, input_format, &engine, options) {
        Ok(r) => r,
        Err(e) => return Ok(fail(e.to_string())),
    };
    let mut out = match output(&a) {
        Ok(o) => o,
        Err(e) => return Ok(fail(e)),
    };
    let written = match format.as_str() {
        "csv" => report.write_csv(&mut out),
        // Buffered here too: serde's many small writes would each be a
        // dynamic call through `out`.
        "json" => report
            .write_json(BufWriter::with_capacity(1 << 16, &mut out))
            .and_then(|()| writeln!(out)),
        "html" => out.write_all(metrics::html::render(&report).as_bytes()),
        _ => out.write_all(report.to_table().as_bytes()),
    }
    .and_then(|()| out.flush());
    if let Err(e) = written {
        return Ok(fail(format!("cannot write the report: {e}")));
    }
    if report.issues.malformed > 0 || report.issues.warnings > 0 {
        eprintln!(
            "tthc metrics: {} records counted; {} malformed rows not counted, {} warnings (listed in the report, first {} of each)",
            report.records, report.issues.malformed, report.issues.warnings, Options::default().issue_limit
        );
    }
    Ok(Outcome::ok(String::new()))
}

/// SplitMix64: a small, seedable generator, so `--seed S` reproduces a file.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// A stable pseudo-random number for a name, so each procedure and province
/// keeps its synthetic profile across records and runs.
fn hash(seed: u64, s: &str) -> Rng {
    let mut r = Rng(seed ^ 0xA076_1D64_78BD_642F);
    for b in s.bytes() {
        r.0 ^= u64::from(b);
        r.next();
    }
    r
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
pub fn synth(catalog: &Catalog, raw: &[String]) -> Result<Outcome, UsageError> {
    let a = Args::parse(raw, &["seed", "format", "output"], &[])?;
    let n: u64 = a
        .pos(0, "N (how many records)")?
        .replace('_', "")
        .parse()
        .map_err(|_| UsageError("N must be a whole number".into()))?;
    let seed: u64 = a
        .value("seed")
        .unwrap_or("1")
        .parse()
        .map_err(|_| UsageError("--seed must be a whole number".into()))?;
    let jsonl = match a.value("format") {
        Some("jsonl") => true,
        Some("csv") => false,
        None => a.value("output").is_some_and(|o| o.ends_with(".jsonl")),
        Some(other) => {
            return Err(UsageError(format!(
                "unknown --format `{other}`, expected csv or jsonl"
            )))
        }
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
        return Ok(fail(
            "the catalogue has no procedures or no provinces to draw from".into(),
        ));
    }
    let mut out = match output(&a) {
        Ok(o) => o,
        Err(e) => return Ok(fail(e)),
    };
    let result = write_records(catalog, &procedures, &provinces, n, seed, jsonl, &mut out)
        .and_then(|()| out.flush());
    match result {
        Ok(()) => Ok(Outcome::ok(String::new())),
        // A closed pipe (`tthc synth … | head`) is the reader's choice, not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Outcome::ok(String::new())),
        Err(e) => Ok(fail(format!("cannot write: {e}"))),
    }
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
    let mut rng = Rng(seed);
    if !jsonl {
        writeln!(out, "{}", metrics::record::FIELDS.join(","))?;
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
        let Ok(due) = deadline::due_in(catalog, &d) else {
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
                escape(&agency),
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
