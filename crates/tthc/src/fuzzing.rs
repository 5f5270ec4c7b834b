//! The checks behind the fuzz targets in `fuzz/` (cargo-fuzz, nightly), one
//! function per input the library reads. Each takes arbitrary bytes, runs
//! the input through the library's reader and through a reference that reads
//! the same thing another way, and panics when they disagree or when the
//! library breaks one of its own promises (a panic, an error message that
//! echoes more than a prefix of the input, a line number that is not there).
//!
//! They live here, not in `fuzz/`, so that the committed corpora
//! (`fuzz/corpus/<target>/`) replay as ordinary tests on stable (the
//! `replay` tests below, in `cargo test`), and so that they can reach the
//! fast paths they compare, which are private. Compiled only for tests and
//! with the `fuzzing` feature (which `fuzz/Cargo.toml` turns on); never part
//! of a release build.

use std::io::BufRead;

use crate::catalog::Catalog;
use crate::date::{Date, VnDateTime};
use crate::engine::case::{Applicant, CaseFeeItem, Plain};
use crate::engine::{Case, Engine};
use crate::metrics::time::instant;
use crate::metrics::{CsvError, CsvReader, JsonRecord, RawRecord, Text, TimeCache, FIELDS};
use crate::policy::ApplicantKind;
use crate::Channel;

/// A check: takes the fuzzer's bytes, panics on a finding.
pub type Check = fn(&[u8]);

/// Every check, by the name of its fuzz target and corpus directory.
pub const TARGETS: &[(&str, Check)] = &[
    ("catalog_tree", catalog_tree),
    ("case_json", case_json),
    ("decision_json", decision_json),
    ("metrics_csv", metrics_csv),
    ("metrics_jsonl", metrics_jsonl),
    ("timestamps", timestamps),
];

/// The longest run of an input's bytes an error message may repeat.
pub const MAX_ECHO: usize = crate::excerpt::MAX_ECHO_BYTES;

/// Fails when `message` repeats more than [`MAX_ECHO`] consecutive bytes of
/// `input`. Windows are taken at a few offsets; an echo of the whole input
/// (the defect this guards against) contains all of them.
pub fn assert_short_echo(message: &str, input: &[u8]) {
    let window = MAX_ECHO + 1;
    if input.len() < window {
        return;
    }
    let last = input.len() - window;
    for at in [0, last / 2, last] {
        let Some(w) = input.get(at..at + window) else {
            continue;
        };
        let echoed = message.as_bytes().windows(window).any(|m| m == w);
        assert!(
            !echoed,
            "the message repeats {window} bytes of the input from offset {at}: {}…",
            message.get(..300).unwrap_or(message)
        );
    }
}

/// Catalogue TOML trees. The input is one or more files: a line
/// `#=> path/in/the/tree.toml` starts a file (text before the first such
/// line is `procedures/fuzz.toml`). The tree is loaded alone and over the
/// embedded catalogue. Checks: no panic; the reader's syntax errors are
/// the `toml` crate's (a file has one exactly when `toml` rejects it);
/// every diagnostic names a file of the tree and a line it has, and echoes
/// at most a prefix of it; a tree that loads gives the same content hash
/// when loaded again, and an engine over it answers a case for each of its
/// procedures (or says why not) without panicking.
pub fn catalog_tree(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let files = tree_files(text);
    let sources = || files.iter().map(|(p, t)| (p.as_str(), t.as_str()));
    // The reference's verdict and each file's line count, once per input:
    // per diagnostic, a tree with thousands of them took minutes.
    let toml_accepts: Vec<bool> = files
        .iter()
        .map(|(_, t)| toml::from_str::<toml::Table>(t).is_ok())
        .collect();
    let line_counts: Vec<usize> = files.iter().map(|(_, t)| t.split('\n').count()).collect();
    let Ok(embedded) = Catalog::embedded() else {
        return;
    };
    for base in [None, Some(embedded)] {
        match Catalog::from_sources(sources(), base) {
            Ok(catalog) => {
                let again = Catalog::from_sources(sources(), base);
                assert_eq!(
                    again.as_ref().map(Catalog::content_hash).ok(),
                    Some(catalog.content_hash()),
                    "the same tree loads twice with different results"
                );
                for ((path, _), accepted) in files.iter().zip(&toml_accepts) {
                    if crate::catalog::files::role(path) != crate::catalog::files::Role::Unexpected
                    {
                        assert!(*accepted, "{path}: loaded, but the toml crate rejects it");
                    }
                }
                answers_every_procedure(catalog);
            }
            Err(e) => {
                assert!(!e.diagnostics.is_empty(), "an error without diagnostics");
                for d in &e.diagnostics {
                    let Some(loc) = &d.location else { continue };
                    // A path may come twice in an input: the diagnostic is
                    // about one of the files so named (found by the fuzzer).
                    let same: Vec<usize> = (0..files.len())
                        .filter(|&i| files.get(i).is_some_and(|(p, _)| *p == loc.file))
                        .collect();
                    let line = loc.line as usize;
                    if !same.is_empty() {
                        assert!(
                            same.iter().any(|&i| line_counts
                                .get(i)
                                .is_some_and(|&n| (1..=n).contains(&line))),
                            "{}: diagnostic at line {line}, past the end: {}",
                            loc.file,
                            d.message
                        );
                        for (_, text) in same.iter().filter_map(|&i| files.get(i)) {
                            assert_short_echo(&d.message, text.as_bytes());
                        }
                    }
                    if d.code == crate::diagnostics::codes::SYNTAX {
                        if same.is_empty() {
                            fail(&format!("a syntax error in no file: {}", d.message));
                            continue;
                        }
                        assert!(
                            same.iter().any(|&i| toml_accepts.get(i) == Some(&false)),
                            "{}: the reader reports a syntax error the toml crate does not: {}",
                            loc.file,
                            d.message
                        );
                    }
                }
                for ((path, _), accepted) in files.iter().zip(&toml_accepts) {
                    let role = crate::catalog::files::role(path);
                    if role != crate::catalog::files::Role::Unexpected && !accepted {
                        assert!(
                            e.diagnostics
                                .iter()
                                .any(|d| d.code == crate::diagnostics::codes::SYNTAX
                                    && d.location.as_ref().is_some_and(|l| l.file == *path)),
                            "{path}: the toml crate rejects it, the reader reports no syntax error"
                        );
                    }
                }
            }
        }
    }
}

/// Reports a finding. A check exists to panic when it finds one: libFuzzer
/// and the replay tests catch it. (The library itself never panics, and its
/// clippy lints say so; this module is built only for tests and fuzzing.)
#[allow(clippy::panic)]
fn fail(reason: &str) {
    panic!("{reason}");
}

/// The files of a [`catalog_tree`] input.
fn tree_files(text: &str) -> Vec<(String, String)> {
    let mut files = vec![("procedures/fuzz.toml".to_string(), String::new())];
    for line in text.split_inclusive('\n') {
        match line.strip_prefix("#=> ") {
            Some(path) => files.push((path.trim_end().to_string(), String::new())),
            None => {
                if let Some((_, body)) = files.last_mut() {
                    body.push_str(line);
                }
            }
        }
    }
    files.retain(|(p, t)| !(p == "procedures/fuzz.toml" && t.is_empty()));
    files
}

/// Evaluates a plain case, shows and searches for every procedure of
/// `catalog`: each gives an answer or an error, never a panic.
fn answers_every_procedure(catalog: Catalog) {
    let engine = Engine::new(std::sync::Arc::new(catalog));
    let Ok(at) = VnDateTime::parse("2025-07-01T09:00:00") else {
        return;
    };
    let ids: Vec<String> = engine
        .catalog()
        .procedures()
        .iter()
        .map(|p| p.id.clone())
        .take(50)
        .collect();
    for id in ids {
        for channel in Channel::ALL {
            let case = Case {
                procedure: id.clone(),
                province: None,
                agency_level: None,
                channel,
                submitted_at: at,
                paid_at: None,
                applicant: Applicant::default(),
                case_type: "default".into(),
                full_process_online: None,
                fee_items: None,
            };
            if let Ok(d) = engine.evaluate(&case) {
                assert_eq!(serde_json::to_string(&d).ok(), Some(d.to_json()));
            }
            let _ = engine.deadline(&case);
        }
        let _ = engine.catalog().procedure(&id, at.date(), None);
        let _ = engine.catalog().search(&id);
    }
}

/// `schema/case.schema.json`, compiled once.
fn case_schema() -> Option<&'static jsonschema::Validator> {
    static SCHEMA: once_cell::sync::Lazy<Option<jsonschema::Validator>> =
        once_cell::sync::Lazy::new(|| {
            let text = include_str!("../../../schema/case.schema.json");
            let schema = serde_json::from_str(text).ok()?;
            jsonschema::validator_for(&schema).ok()
        });
    SCHEMA.as_ref()
}

/// Case JSON: the direct reader ([`Plain`]) against serde's derived reader.
/// Whenever the direct reader answers, serde gives the same case;
/// [`Case::from_json`] accepts exactly what serde accepts and the range
/// checks pass; what it accepts, `schema/case.schema.json` allows; an
/// accepted case written back as JSON reads the same; an error echoes at
/// most a prefix of the input.
pub fn case_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let direct = Plain::case(text);
    let serde = crate::strict::from_str::<Case>(text);
    if let Some(case) = &direct {
        assert_eq!(serde.as_ref().ok(), Some(case), "direct ≠ serde for {text}");
    }
    let public = Case::from_json(text);
    match (&serde, &public) {
        (Ok(s), Ok(p)) => assert_eq!(s, p),
        (Ok(s), Err(e)) => assert!(
            s.check().is_err(),
            "serde reads it and its ranges check, from_json says {e}"
        ),
        (Err(e), Ok(_)) => fail(&format!("from_json accepts what serde rejects: {e}")),
        (Err(_), Err(_)) => {}
    }
    match public {
        Ok(case) => {
            if let (Some(schema), Ok(value)) = (case_schema(), serde_json::from_str(text)) {
                let errors: Vec<String> =
                    schema.iter_errors(&value).map(|e| e.to_string()).collect();
                assert!(
                    errors.is_empty(),
                    "the reader accepts what the schema does not: {errors:?}"
                );
            }
            let written = serde_json::to_string(&case).unwrap_or_default();
            assert_eq!(Case::from_json(&written).ok(), Some(case), "{written}");
        }
        Err(e) => assert_short_echo(&e.to_string(), data),
    }
}

/// Reads small values from the fuzzer's bytes (zeros past the end).
struct Bytes<'a>(&'a [u8]);

impl<'a> Bytes<'a> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }

    fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.byte(), self.byte()])
    }

    /// One of `items`, by the next byte.
    fn pick<'t, T>(&mut self, items: &'t [T]) -> Option<&'t T> {
        let i = usize::from(self.byte());
        items.get(i % items.len().max(1))
    }

    /// A string of up to 63 bytes, lossily UTF-8.
    fn text(&mut self) -> String {
        let len = usize::from(self.byte() % 64).min(self.0.len());
        let (s, rest) = self.0.split_at(len);
        self.0 = rest;
        String::from_utf8_lossy(s).into_owned()
    }

    /// An instant between 2015 and 2034, any second of the day.
    fn instant(&mut self) -> Option<VnDateTime> {
        let day = Date::from_ymd(2015, 1, 1)?.add_days(i32::from(self.u16() % 7300))?;
        let second = (u32::from(self.u16()) << 1 | u32::from(self.byte() & 1)) % 86_400;
        VnDateTime::new(day, second / 3600, second / 60 % 60, second % 60)
    }
}

/// Decision JSON: `Decision::to_json` (the direct writer) against
/// `serde_json::to_string`, on decisions the embedded engine gives for
/// cases built from the input, with the fuzzer's strings wherever a case's
/// text reaches the decision (case type, province, fee item names).
pub fn decision_json(data: &[u8]) {
    let Ok(engine) = embedded_engine() else {
        return;
    };
    let mut b = Bytes(data);
    let procedures = engine.catalog().procedures();
    let provinces = engine.catalog().provinces();
    let Some(p) = procedures.get(usize::from(b.u16()) % procedures.len().max(1)) else {
        return;
    };
    let procedure = match (b.byte() % 4, &p.code) {
        (0, Some(code)) => code.clone(),
        (1, _) => b.text(),
        _ => p.id.clone(),
    };
    let province = match b.byte() % 4 {
        0 => None,
        1 => Some(b.text()),
        _ => b.pick(provinces).map(|p| p.id.clone()),
    };
    let Some(submitted_at) = b.instant() else {
        return;
    };
    let paid_at = if b.byte() % 2 == 0 { None } else { b.instant() };
    let categories = (0..b.byte() % 4)
        .map(|_| match b.byte() % 3 {
            0 => b.text(),
            1 => "poor-household".into(),
            _ => "disability".into(),
        })
        .collect();
    let case_types: Vec<&str> = p.processing.iter().map(|x| x.case.as_str()).collect();
    let case_type = match b.byte() % 3 {
        0 => b.text(),
        1 => b
            .pick(&case_types)
            .copied()
            .unwrap_or("default")
            .to_string(),
        _ => "default".into(),
    };
    let fee_items = (b.byte() % 3 == 0).then(|| {
        (0..b.byte() % 3)
            .map(|_| CaseFeeItem {
                item: if b.byte() % 2 == 0 {
                    crate::catalog::model::FeeKind::LePhi
                } else {
                    crate::catalog::model::FeeKind::Phi
                },
                name: b.text(),
                amount: i64::from(b.u16()) * 1000,
            })
            .collect()
    });
    let case = Case {
        procedure,
        province,
        agency_level: b
            .pick(&crate::catalog::model::Level::NAMES)
            .copied()
            .filter(|_| b.byte() % 2 == 0)
            .and_then(crate::catalog::model::Level::parse),
        channel: b.pick(&Channel::ALL).copied().unwrap_or(Channel::InPerson),
        submitted_at,
        paid_at,
        applicant: Applicant {
            kind: b
                .pick(&[ApplicantKind::Citizen, ApplicantKind::Organisation])
                .copied()
                .unwrap_or_default(),
            categories,
            identity_level: b.byte() % 3,
        },
        case_type,
        full_process_online: b.pick(&[None, Some(true), Some(false)]).copied().flatten(),
        fee_items,
    };
    match engine.evaluate(&case) {
        Ok(d) => {
            let serde = serde_json::to_string(&d).unwrap_or_default();
            assert_eq!(d.to_json(), serde, "to_json ≠ serde_json");
            let via_json = serde_json::to_string(&case)
                .ok()
                .and_then(|c| engine.evaluate_json(&c).ok());
            assert_eq!(via_json, Some(serde), "evaluate_json ≠ evaluate");
        }
        Err(e) => {
            assert_short_echo(&e.to_string(), case.procedure.as_bytes());
            assert_short_echo(&e.to_string(), case.case_type.as_bytes());
        }
    }
}

fn embedded_engine() -> Result<&'static Engine, crate::CatalogError> {
    static ENGINE: once_cell::sync::Lazy<Result<Engine, crate::CatalogError>> =
        once_cell::sync::Lazy::new(Engine::embedded);
    ENGINE.as_ref().map_err(Clone::clone)
}

/// What a CSV reader made of an input: each record's line and fields, or
/// the line of a malformed one.
type CsvRead = Vec<Result<(u64, Vec<Vec<u8>>), (u64, CsvError)>>;

fn read_csv<R: BufRead>(input: R) -> CsvRead {
    let mut reader = CsvReader::new(input);
    let mut out = Vec::new();
    while let Ok(Some(rec)) = reader.next_record() {
        out.push(rec.map(|r| {
            let fields = (0..r.len())
                .map(|i| r.get(i).map(|t| t.as_bytes().to_vec()).unwrap_or_default())
                .collect();
            (r.line, fields)
        }));
    }
    out
}

/// Metrics CSV: the reader against itself at every kind of buffer (records
/// read in place in the input's buffer ≡ records copied line by line), and
/// against the `csv` crate on what both accept: up to the reader's first
/// malformed row, the same records, fields and line numbers. (The `csv`
/// crate also ends a record at a lone `\r`, which the record format does
/// not, so inputs with one are compared with themselves only.)
pub fn metrics_csv(data: &[u8]) {
    let ours = read_csv(data);
    for cap in [1, 3, 16, 100] {
        assert_eq!(
            read_csv(std::io::BufReader::with_capacity(cap, data)),
            ours,
            "buffer of {cap} bytes"
        );
    }
    let lone_cr = data
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'\r' && data.get(i + 1) != Some(&b'\n'));
    if lone_cr {
        return;
    }
    let mut theirs = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(data);
    let mut record = csv::ByteRecord::new();
    for ours in &ours {
        let Ok((line, fields)) = ours else { break };
        match theirs.read_byte_record(&mut record) {
            Ok(true) => {}
            other => {
                fail(&format!(
                    "line {line}: the csv crate has no record ({other:?})"
                ));
                return;
            }
        }
        // (Not the `csv` crate's line numbers: after a CRLF they lag.)
        let their_fields: Vec<Vec<u8>> = record.iter().map(<[u8]>::to_vec).collect();
        assert_eq!(&their_fields, fields, "line {line}");
    }
    // Every malformed row is one physical line of the input or more, and
    // rows come in the order of their lines.
    let lines: Vec<u64> = ours
        .iter()
        .map(|r| match r {
            Ok((l, _)) | Err((l, _)) => *l,
        })
        .collect();
    assert!(lines.windows(2).all(|w| w[0] < w[1]), "lines out of order");
    let physical = data.split(|&b| b == b'\n').count() as u64;
    assert!(lines.iter().all(|&l| (1..=physical).contains(&l)));
}

/// Whether a JSON line repeats a key the record reader reads: a field of
/// the record, or a key at any depth inside one (`serde_json::Value` keeps
/// the last; the record reader rejects it).
fn has_repeated_keys(text: &str) -> bool {
    struct Walk(bool);
    impl<'de> serde::Deserialize<'de> for Walk {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Walk, D::Error> {
            d.deserialize_any(WalkVisitor)
        }
    }
    struct WalkVisitor;
    impl<'de> serde::de::Visitor<'de> for WalkVisitor {
        type Value = Walk;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_bool<E>(self, _: bool) -> Result<Walk, E> {
            Ok(Walk(false))
        }
        fn visit_i64<E>(self, _: i64) -> Result<Walk, E> {
            Ok(Walk(false))
        }
        fn visit_u64<E>(self, _: u64) -> Result<Walk, E> {
            Ok(Walk(false))
        }
        fn visit_f64<E>(self, _: f64) -> Result<Walk, E> {
            Ok(Walk(false))
        }
        fn visit_str<E>(self, _: &str) -> Result<Walk, E> {
            Ok(Walk(false))
        }
        fn visit_unit<E>(self) -> Result<Walk, E> {
            Ok(Walk(false))
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Walk, A::Error> {
            let mut repeated = false;
            while let Some(Walk(r)) = seq.next_element()? {
                repeated |= r;
            }
            Ok(Walk(repeated))
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Walk, A::Error> {
            let mut keys = std::collections::HashSet::new();
            let mut repeated = false;
            while let Some((k, Walk(r))) = map.next_entry::<String, Walk>()? {
                repeated |= r | !keys.insert(k);
            }
            Ok(Walk(repeated))
        }
    }
    // The top level: a field of the record named twice, or a key repeated
    // inside one (an event's); other keys are skipped whole, as serde's
    // derived reader skips them (a repeated key inside an unknown field is
    // not the record's business: the fuzzer found the check saying so).
    struct Top(bool);
    impl<'de> serde::Deserialize<'de> for Top {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Top, D::Error> {
            d.deserialize_map(TopVisitor)
        }
    }
    struct TopVisitor;
    impl<'de> serde::de::Visitor<'de> for TopVisitor {
        type Value = Top;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Top, A::Error> {
            let mut keys = std::collections::HashSet::new();
            let mut repeated = false;
            while let Some(k) = map.next_key::<String>()? {
                if FIELDS.contains(&k.as_str()) {
                    let Walk(r) = map.next_value()?;
                    repeated |= r | !keys.insert(k);
                } else {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
            Ok(Top(repeated))
        }
    }
    serde_json::from_str::<Top>(text).is_ok_and(|t| t.0)
}

/// How the JSON Lines reader must read a field's JSON value, as text;
/// `Err` when the value's type is not allowed for the field.
fn expected_text(field: &str, v: &serde_json::Value) -> Result<Option<String>, ()> {
    use serde_json::Value as J;
    let flag = matches!(
        field,
        "paid_online"
            | "electronic_result"
            | "digitised"
            | "full_process"
            | "online_level"
            | "synthetic"
    );
    match v {
        J::Null => Ok(None),
        J::String(s) if s.is_empty() => Ok(None),
        J::String(s) => Ok(Some(s.clone())),
        J::Bool(b) if flag => Ok(Some(b.to_string())),
        J::Number(n) if flag && (n.is_i64() || n.is_u64()) => Ok(Some(n.to_string())),
        _ => Err(()),
    }
}

/// Metrics JSON Lines, line by line: the serde reader of a record
/// ([`JsonRecord`], with its borrowing visitors) against `serde_json::Value`:
/// it accepts a line exactly when the line is an object whose keys are not
/// repeated and whose values have the types the format allows, and reads
/// the same text. Then the record as JSON and the same record as a CSV row
/// give the same checked record or fail on the same field (the format
/// promises a CSV file and a JSON Lines file with the same content the
/// same report).
pub fn metrics_jsonl(data: &[u8]) {
    for line in data.split(|&b| b == b'\n') {
        let Ok(line) = std::str::from_utf8(line) else {
            continue;
        };
        let ours = JsonRecord::from_line(line);
        let value = serde_json::from_str::<serde_json::Value>(line);
        let Ok(serde_json::Value::Object(map)) = value else {
            assert!(
                ours.is_err(),
                "accepted a line that is not an object: {line}"
            );
            continue;
        };
        let repeated = has_repeated_keys(line);
        let mut expected = Vec::new();
        let mut well_typed = true;
        for field in FIELDS {
            let v = map.get(field).unwrap_or(&serde_json::Value::Null);
            if field == "events" {
                well_typed &= v.is_null()
                    || serde_json::from_value::<Vec<crate::deadline::Event>>(v.clone()).is_ok();
                expected.push((!v.is_null()).then(|| v.to_string()));
            } else {
                match expected_text(field, v) {
                    Ok(t) => expected.push(t),
                    Err(()) => {
                        well_typed = false;
                        expected.push(None);
                    }
                }
            }
        }
        let Ok(record) = ours else {
            assert!(
                repeated || !well_typed,
                "rejected a well-typed object without repeated keys: {line}"
            );
            continue;
        };
        assert!(
            !repeated && well_typed,
            "accepted repeated keys or a wrong type: {line}"
        );
        let raw = record.raw();
        let got = [
            raw.dossier,
            raw.procedure,
            raw.agency,
            raw.province,
            raw.sector,
            raw.agency_level,
            raw.channel,
            raw.received_at,
            raw.due_at,
            raw.completed_at,
        ]
        .map(|t| t.map(|t| t.to_str().into_owned()));
        assert_eq!(&got[..], &expected[..10], "{line}");
        same_as_csv(&raw, &expected, line);
    }
}

/// The record of a JSON line, and the CSV row with the same values (events
/// as their JSON text), check the same. (A value with a line break has no
/// CSV row: a record is one line.)
fn same_as_csv(json: &RawRecord<'_>, texts: &[Option<String>], line: &str) {
    if texts.iter().flatten().any(|t| t.contains('\n')) {
        return;
    }
    let row: Vec<String> = texts
        .iter()
        .map(|t| crate::metrics::escape_csv(t.as_deref().unwrap_or_default()).into_owned())
        .collect();
    let row = row.join(",") + "\n";
    let mut reader = CsvReader::new(row.as_bytes());
    let Ok(Some(Ok(rec))) = reader.next_record() else {
        fail(&format!("the CSV row of {line} does not read: {row}"));
        return;
    };
    let mut fields = [None; FIELDS.len()];
    for (i, f) in fields.iter_mut().enumerate() {
        *f = rec.get(i);
    }
    let csv = RawRecord::from_fields(fields).parse();
    let json = json.parse();
    match (&json, &csv) {
        (Ok(j), Ok(c)) => assert_eq!(j, c, "{line}"),
        (Err(j), Err(c)) => assert_eq!(j.field, c.field, "{line}: {j} / {c}"),
        _ => fail(&format!(
            "JSON and CSV disagree on {line}: {json:?} / {csv:?}"
        )),
    }
}

/// Timestamps, one per line of the input: the fast path of the metrics
/// reader ([`TimeCache`]) against the date parser ([`VnDateTime::parse`]),
/// with one cache for the whole input so that dates meet in its slots. The
/// fast path answers only what the parser reads the same way, and the
/// record reader's instants (fast path, then parser) are the parser's,
/// a bare date being the end of that day where a deadline allows one.
pub fn timestamps(data: &[u8]) {
    let mut cache = TimeCache::default();
    for line in data
        .split(|&b| b == b'\n')
        .chain(data.split(|&b| b == b'\n'))
    {
        let slow = std::str::from_utf8(line)
            .ok()
            .and_then(|s| VnDateTime::parse(s).ok());
        if let Some(fast) = cache.parse(line) {
            assert_eq!(Some(fast), slow, "{:?}", String::from_utf8_lossy(line));
        }
        let Some(text) = Text::new(line) else {
            continue;
        };
        let read = instant(Some(text), "t", false, &mut cache).ok().flatten();
        assert_eq!(read, slow, "{text:?}");
        let as_deadline = instant(Some(text), "t", true, &mut cache).ok().flatten();
        let date_only = (line.len() == 10)
            .then(|| {
                text.to_str()
                    .parse::<Date>()
                    .ok()
                    .map(VnDateTime::end_of_day)
            })
            .flatten();
        match date_only {
            Some(d) => assert_eq!(as_deadline, Some(d), "{text:?}"),
            None if line.len() == 10 => assert_eq!(as_deadline, None, "{text:?}"),
            None => assert_eq!(as_deadline, slow, "{text:?}"),
        }
        if let Err(e) = instant(Some(text), "t", false, &mut cache) {
            assert_short_echo(&e.to_string(), line);
        }
    }
}

#[cfg(test)]
mod replay {
    use std::path::PathBuf;

    /// The committed corpus of `target`, in a stable order.
    fn corpus(target: &str) -> Vec<PathBuf> {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../fuzz/corpus")
            .join(target);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
    }

    /// Feeds every file of a target's corpus to its check.
    fn replay(target: &str) {
        let (_, check) = super::TARGETS
            .iter()
            .find(|(name, _)| *name == target)
            .unwrap();
        let files = corpus(target);
        assert!(!files.is_empty(), "fuzz/corpus/{target} is empty");
        for file in files {
            let data = std::fs::read(&file).unwrap();
            let result = std::panic::catch_unwind(|| check(&data));
            assert!(result.is_ok(), "{} fails its check", file.display());
        }
    }

    #[test]
    fn catalog_tree() {
        replay("catalog_tree");
    }

    #[test]
    fn case_json() {
        replay("case_json");
    }

    #[test]
    fn decision_json() {
        replay("decision_json");
    }

    #[test]
    fn metrics_csv() {
        replay("metrics_csv");
    }

    #[test]
    fn metrics_jsonl() {
        replay("metrics_jsonl");
    }

    #[test]
    fn timestamps() {
        replay("timestamps");
    }

    #[test]
    fn every_target_has_a_replay_test() {
        let names: Vec<&str> = super::TARGETS.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names,
            [
                "catalog_tree",
                "case_json",
                "decision_json",
                "metrics_csv",
                "metrics_jsonl",
                "timestamps"
            ]
        );
    }

    #[test]
    fn a_long_echo_is_caught() {
        let input = "x".repeat(1000);
        let caught = std::panic::catch_unwind(|| {
            super::assert_short_echo(&format!("unknown id `{input}`"), input.as_bytes())
        });
        assert!(caught.is_err());
        super::assert_short_echo(&format!("unknown id `{}…`", &input[..64]), input.as_bytes());
    }
}
