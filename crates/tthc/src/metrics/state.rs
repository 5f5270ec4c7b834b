//! A KPI run cut into parts: what one part of the input adds up to, kept so
//! that the parts can be merged in any order, carried between machines as
//! bytes, and finished into the report the whole input gives — byte for
//! byte the same as one [`Aggregator`] reading everything.
//!
//! Why that holds:
//!
//! * every running total is a count or a sum of whole numbers, and a
//!   procedure's flags are an "any" over its dossiers, so merging is exact
//!   and does not depend on the order ([`aggregate::Acc::merge_mapped`](super::aggregate::Acc::merge_mapped)); the shares
//!   and averages are worked out from the merged totals only when the
//!   report is made;
//! * units and procedures are kept by name, not by the interner's numbers
//!   (which depend on the order records came in), and the report sorts by
//!   name;
//! * an issue keeps its *part* and its line within the part. A part is a
//!   slice of the input in input order (a Spark partition of a file read
//!   line by line, a chunk of a list); each part says how many lines it
//!   spans, and a line of the whole input is the lines of the parts before
//!   it plus its line in its part. The issues listed are the first
//!   `issue_limit` of each severity by (part, line), as a single reader
//!   lists them, and a part's own first ones always include those.
//!
//! Two states holding lines of the same part cannot be merged: that would
//! count those records twice, or number two slices alike.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::date::VnDateTime;

use super::aggregate::{Groups, PeriodKind, UnitKind};
use super::{report, Aggregator, Issue, Issues, MetricsError, Report};

/// What every part of one run must agree on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Settings {
    /// `tthc x.y.z`: another version may count differently.
    pub engine: String,
    /// The catalogue's content hash.
    pub catalogue: String,
    pub by: UnitKind,
    pub period: PeriodKind,
    pub as_of: VnDateTime,
    pub strict: bool,
    pub issue_limit: u64,
}

impl Settings {
    /// What differs between two settings, for the merge error.
    fn differences(&self, o: &Settings) -> Vec<String> {
        let mut d = Vec::new();
        let mut differ = |what: &str, a: String, b: String| {
            if a != b {
                d.push(format!("{what} {a} ≠ {b}"));
            }
        };
        differ("engine", self.engine.clone(), o.engine.clone());
        differ("catalogue", self.catalogue.clone(), o.catalogue.clone());
        differ("by", self.by.as_str().into(), o.by.as_str().into());
        differ(
            "period",
            self.period.as_str().into(),
            o.period.as_str().into(),
        );
        differ("as_of", self.as_of.to_string(), o.as_of.to_string());
        differ("strict", self.strict.to_string(), o.strict.to_string());
        differ(
            "issue_limit",
            self.issue_limit.to_string(),
            o.issue_limit.to_string(),
        );
        d
    }
}

/// Every issue counted, and the first `issue_limit` of each severity with
/// their part and their line in it, in (part, line) order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct IssueLog {
    pub malformed: u64,
    pub warnings: u64,
    pub by_kind: BTreeMap<String, u64>,
    pub listed: Vec<Listed>,
}

/// A listed [`Issue`] and its part.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Listed {
    pub part: u64,
    pub line: u64,
    /// Malformed (not counted), else a warning.
    pub malformed: bool,
    pub kind: String,
    pub dossier: Option<String>,
    pub message: String,
}

impl Listed {
    fn new(part: u64, i: &Issue) -> Listed {
        Listed {
            part,
            line: i.line,
            malformed: i.severity == "malformed",
            kind: i.kind.clone(),
            dossier: i.dossier.clone(),
            message: i.message.clone(),
        }
    }

    /// The issue, at `line` of the whole input.
    fn issue(&self, line: u64) -> Issue {
        Issue {
            line,
            severity: if self.malformed {
                "malformed"
            } else {
                "warning"
            },
            kind: self.kind.clone(),
            dossier: self.dossier.clone(),
            message: self.message.clone(),
        }
    }
}

impl IssueLog {
    fn merge(&mut self, o: IssueLog, limit: u64) {
        self.malformed += o.malformed;
        self.warnings += o.warnings;
        for (kind, n) in o.by_kind {
            *self.by_kind.entry(kind).or_insert(0) += n;
        }
        self.listed.extend(o.listed);
        // Stable: the issues of one line keep the order they were found in.
        self.listed.sort_by_key(|i| (i.part, i.line));
        let (mut malformed, mut warnings) = (0u64, 0u64);
        self.listed.retain(|i| {
            let n = if i.malformed {
                &mut malformed
            } else {
                &mut warnings
            };
            *n += 1;
            *n <= limit
        });
    }
}

/// The first malformed row of a `strict` run: the run fails with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Failure {
    pub part: u64,
    pub line: u64,
    pub message: String,
}

/// The totals of one part of a KPI run (or of several, merged): made by
/// [`Aggregator::to_state`], combined by [`MetricsState::merge`], carried
/// as [`MetricsState::to_bytes`], and turned into the [`Report`] by
/// [`MetricsState::finish`] without the engine.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use tthc::metrics::{Aggregator, MetricsState, Options};
/// let engine = tthc::Engine::embedded()?;
/// let options = Options { as_of: Some("2025-03-31T12:00:00".parse()?), ..Options::default() };
/// let record = r#"{"dossier":"D1","procedure":"1.000894","channel":"postal","received_at":"2025-03-03T09:00:00"}"#;
/// // Two parts of a three-line input, each in its own aggregator.
/// let mut first = Aggregator::for_part(&engine, options.clone(), 0)?;
/// first.add_json(1, record)?;
/// first.add_json(2, "not json")?;
/// let mut second = Aggregator::for_part(&engine, options.clone(), 1)?;
/// second.add_json(1, record)?;
/// // Bytes travel; merged in either order, they give the whole input's report.
/// let mut state = MetricsState::from_bytes(&second.to_state().to_bytes()?)?;
/// state.merge(first.to_state())?;
/// let report = state.finish()?;
/// assert_eq!(report.records, 2);
/// assert_eq!(report.issues.listed[0].line, 2);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MetricsState {
    settings: Settings,
    /// Units and procedures by name; `groups` and the procedure flags
    /// number them by their place here.
    names: Vec<String>,
    /// The catalogue's name of each unit that has one.
    unit_names: BTreeMap<String, String>,
    groups: Groups,
    records: u64,
    issues: IssueLog,
    /// The lines each part spans (blank ones included).
    parts: BTreeMap<u64, u64>,
    /// Notes on the input, with the part they come from.
    notes: Vec<(u64, String)>,
    failure: Option<Failure>,
}

/// The bytes every state starts with.
const MAGIC: &[u8; 8] = b"TTHCKPI\0";
/// The layout of the bytes after the header; a change bumps it.
const FORMAT_VERSION: u16 = 1;
/// Magic, version (u16), payload length (u64), checksum (8 bytes of SHA-256).
const HEADER: usize = 8 + 2 + 8 + 8;

fn state_error(message: impl Into<String>) -> MetricsError {
    MetricsError::State(message.into())
}

impl<'e> Aggregator<'e> {
    /// What has been added so far, as a state that merges with the states
    /// of the other parts of the input (a copy: adding may go on).
    pub fn to_state(&self) -> MetricsState {
        let names: Vec<String> = self.resolver.ids.names().map(str::to_string).collect();
        let mut unit_names = BTreeMap::new();
        for ((unit, _), _) in self.groups.iter() {
            let label = self.resolver.ids.name(*unit);
            if let Some(name) = self.resolver.name_of(label) {
                unit_names.insert(label.to_string(), name.to_string());
            }
        }
        let mut parts = BTreeMap::new();
        if self.lines > 0 {
            parts.insert(self.part, self.lines);
        }
        MetricsState {
            settings: Settings {
                engine: format!("tthc {}", crate::VERSION),
                catalogue: self.resolver.catalog().content_hash().to_string(),
                by: self.options.by,
                period: self.options.period,
                as_of: self.as_of,
                strict: self.options.strict,
                issue_limit: self.options.issue_limit as u64,
            },
            names,
            unit_names,
            groups: self.groups.clone(),
            records: self.records,
            issues: IssueLog {
                malformed: self.issues.malformed,
                warnings: self.issues.warnings,
                by_kind: self.issues.by_kind.clone(),
                listed: self
                    .issues
                    .listed
                    .iter()
                    .map(|i| Listed::new(self.part, i))
                    .collect(),
            },
            parts,
            notes: self.notes.iter().map(|n| (self.part, n.clone())).collect(),
            failure: self.failure.as_ref().map(|(line, message)| Failure {
                part: self.part,
                line: *line,
                message: message.clone(),
            }),
        }
    }
}

impl MetricsState {
    /// Records counted (malformed rows are not).
    pub fn records(&self) -> u64 {
        self.records
    }

    /// The parts merged into this state, with the lines each spans.
    pub fn parts(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.parts.iter().map(|(p, l)| (*p, *l))
    }

    /// Adds `other`'s totals, issues and notes. Both must come from the
    /// same engine version, catalogue and options (`as_of` included: a
    /// state made with `as_of = None` took the time it was made), and no
    /// part may have lines in both.
    pub fn merge(&mut self, other: MetricsState) -> Result<(), MetricsError> {
        self.check_merge(&other)?;
        self.merge_checked(other);
        Ok(())
    }

    /// Whether [`MetricsState::merge`] would take `other`, without merging.
    pub fn check_merge(&self, other: &MetricsState) -> Result<(), MetricsError> {
        let diff = self.settings.differences(&other.settings);
        if !diff.is_empty() {
            return Err(state_error(format!(
                "cannot merge states made with other settings: {}",
                diff.join("; ")
            )));
        }
        if let Some(part) = other
            .parts
            .iter()
            .find(|(p, l)| **l > 0 && self.parts.get(p).is_some_and(|mine| *mine > 0))
            .map(|(p, _)| p)
        {
            return Err(state_error(format!(
                "both states hold lines of part {part}: give each part of the input its own number, in input order, and merge each once"
            )));
        }
        Ok(())
    }

    fn merge_checked(&mut self, other: MetricsState) {
        let mut index: FxHashMap<String, u32> = self
            .names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i as u32))
            .collect();
        let map: Vec<u32> = other
            .names
            .into_iter()
            .map(|n| match index.get(&n) {
                Some(&i) => i,
                None => {
                    let i = self.names.len() as u32;
                    self.names.push(n.clone());
                    index.insert(n, i);
                    i
                }
            })
            .collect();
        let mapped = |i: u32| map.get(i as usize).copied();
        for ((unit, period), acc) in other.groups.iter() {
            if let Some(unit) = mapped(*unit) {
                self.groups.entry((unit, *period)).merge_mapped(acc, mapped);
            }
        }
        self.unit_names.extend(other.unit_names);
        self.records += other.records;
        self.issues.merge(other.issues, self.settings.issue_limit);
        for (part, lines) in other.parts {
            let mine = self.parts.entry(part).or_insert(0);
            *mine = (*mine).max(lines);
        }
        self.notes.extend(other.notes);
        self.notes.sort_by_key(|(part, _)| *part);
        // A note on the input (an ignored column) made by several parts is
        // one note, as a single reader makes it once.
        let mut seen = std::collections::BTreeSet::new();
        self.notes.retain(|(_, n)| seen.insert(n.clone()));
        self.failure = match (self.failure.take(), other.failure) {
            (Some(a), Some(b)) => Some(if (b.part, b.line) < (a.part, a.line) {
                b
            } else {
                a
            }),
            (a, b) => a.or(b),
        };
    }

    /// The line of the whole input that is `line` of `part`.
    fn global_line(&self, part: u64, line: u64) -> u64 {
        self.parts.range(..part).map(|(_, l)| *l).sum::<u64>() + line
    }

    /// The report; with `strict`, the error of the first malformed row.
    pub fn finish(self) -> Result<Report, MetricsError> {
        if let Some(f) = &self.failure {
            return Err(MetricsError::Strict {
                line: self.global_line(f.part, f.line),
                message: f.message.clone(),
            });
        }
        let listed: Vec<Issue> = self
            .issues
            .listed
            .iter()
            .map(|i| i.issue(self.global_line(i.part, i.line)))
            .collect();
        let listed_malformed = listed.iter().filter(|i| i.severity == "malformed").count();
        let listed_warnings = listed.len() - listed_malformed;
        let issues = Issues {
            malformed: self.issues.malformed,
            warnings: self.issues.warnings,
            by_kind: self.issues.by_kind.clone(),
            truncated: self.issues.malformed > listed_malformed as u64
                || self.issues.warnings > listed_warnings as u64,
            listed,
            limit: usize::try_from(self.settings.issue_limit).unwrap_or(usize::MAX),
            listed_malformed,
            listed_warnings,
        };
        let notes = self.notes.iter().map(|(_, n)| n.clone()).collect();
        Ok(report::build(report::Parts {
            engine: self.settings.engine,
            catalogue: self.settings.catalogue,
            by: self.settings.by,
            period: self.settings.period,
            as_of: self.settings.as_of,
            records: self.records,
            names: &self.names,
            unit_names: &self.unit_names,
            groups: self.groups,
            issues,
            notes,
        }))
    }

    /// The state as bytes: a header (magic `TTHCKPI\0`, format version,
    /// payload length, checksum) and the payload (postcard).
    pub fn to_bytes(&self) -> Result<Vec<u8>, MetricsError> {
        let payload = postcard::to_stdvec(self)
            .map_err(|e| state_error(format!("cannot write the metrics state: {e}")))?;
        let mut out = Vec::with_capacity(HEADER + payload.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        out.extend_from_slice(&checksum(&payload));
        out.extend_from_slice(&payload);
        Ok(out)
    }

    /// A state from [`MetricsState::to_bytes`]; anything else (another
    /// format version, cut or damaged bytes, a state whose numbers do not
    /// add up) is refused with what is wrong.
    pub fn from_bytes(bytes: &[u8]) -> Result<MetricsState, MetricsError> {
        let Some((header, payload)) = bytes.split_first_chunk::<HEADER>() else {
            return Err(state_error(format!(
                "not a metrics state: {} bytes, shorter than its {HEADER}-byte header",
                bytes.len()
            )));
        };
        let (magic, rest) = header.split_at(8);
        if magic != MAGIC {
            return Err(state_error(
                "not a metrics state: it does not start with the bytes TTHCKPI\\0",
            ));
        }
        let (version, rest) = rest.split_at(2);
        let (length, sum) = rest.split_at(8);
        let version = u16::from_le_bytes([version[0], version[1]]);
        if version != FORMAT_VERSION {
            return Err(state_error(format!(
                "a metrics state of format version {version}; tthc {} reads version {FORMAT_VERSION}",
                crate::VERSION
            )));
        }
        let mut len = [0u8; 8];
        len.copy_from_slice(length);
        let len = u64::from_le_bytes(len);
        if len != payload.len() as u64 {
            return Err(state_error(format!(
                "a metrics state cut or extended: its header says {len} bytes follow, {} do",
                payload.len()
            )));
        }
        if sum != checksum(payload) {
            return Err(state_error(
                "a damaged metrics state: its checksum does not match its bytes",
            ));
        }
        let state: MetricsState = postcard::from_bytes(payload)
            .map_err(|e| state_error(format!("a metrics state that cannot be read: {e}")))?;
        state.check().map_err(|e| {
            state_error(format!("a metrics state whose numbers do not add up: {e}"))
        })?;
        Ok(state)
    }

    /// What every state this module makes satisfies, checked on bytes read
    /// so that a merge or a report never indexes past a table.
    fn check(&self) -> Result<(), String> {
        let n = self.names.len();
        if n >= u32::MAX as usize {
            return Err(format!("{n} names"));
        }
        let mut seen = FxHashMap::default();
        for name in &self.names {
            if seen.insert(name.as_str(), ()).is_some() {
                return Err(format!("the name `{name}` is listed twice"));
            }
        }
        let mut dossiers = 0u64;
        for ((unit, _), acc) in self.groups.iter() {
            if *unit as usize >= n {
                return Err(format!("unit {unit} of {n} names"));
            }
            if acc.procedures.len() > n {
                return Err(format!("a procedure id beyond the {n} names"));
            }
            dossiers = dossiers.saturating_add(acc.dossiers);
        }
        if dossiers != self.records {
            return Err(format!(
                "{} records, but the groups hold {dossiers} dossiers",
                self.records
            ));
        }
        let log = &self.issues;
        let kinds: u64 = log.by_kind.values().fold(0, |a, b| a.saturating_add(*b));
        if kinds != log.malformed.saturating_add(log.warnings) {
            return Err(format!(
                "{} issues by kind, but {} malformed and {} warnings",
                kinds, log.malformed, log.warnings
            ));
        }
        let within = |part: u64, line: u64| {
            line >= 1 && self.parts.get(&part).is_some_and(|lines| line <= *lines)
        };
        if let Some(i) = log.listed.iter().find(|i| !within(i.part, i.line)) {
            return Err(format!(
                "an issue at line {} of part {}, outside the lines the part spans",
                i.line, i.part
            ));
        }
        let listed_malformed = log.listed.iter().filter(|i| i.malformed).count() as u64;
        let listed_warnings = log.listed.len() as u64 - listed_malformed;
        if listed_malformed > log.malformed.min(self.settings.issue_limit)
            || listed_warnings > log.warnings.min(self.settings.issue_limit)
        {
            return Err("more issues listed than counted or than the limit".into());
        }
        if log
            .listed
            .windows(2)
            .any(|w| (w[0].part, w[0].line) > (w[1].part, w[1].line))
        {
            return Err("the issues are not in line order".into());
        }
        if let Some(f) = &self.failure {
            if !within(f.part, f.line) {
                return Err(format!(
                    "a failure at line {} of part {}, outside the lines the part spans",
                    f.line, f.part
                ));
            }
        }
        if self
            .parts
            .values()
            .try_fold(0u64, |a, l| a.checked_add(*l))
            .is_none()
        {
            return Err("more lines than a 64-bit count holds".into());
        }
        Ok(())
    }
}

/// The first 8 bytes of the payload's SHA-256.
fn checksum(payload: &[u8]) -> [u8; 8] {
    let digest = Sha256::digest(payload);
    let mut sum = [0u8; 8];
    sum.copy_from_slice(&digest[..8]);
    sum
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Options;
    use crate::Engine;

    /// Bytes with a good header and checksum but numbers that cannot come
    /// from an aggregator are refused too (a merge would index past a table).
    #[test]
    fn a_state_whose_numbers_do_not_add_up_is_refused() {
        let engine = Engine::embedded().unwrap();
        let options = Options {
            as_of: Some(VnDateTime::parse("2025-03-31T12:00:00").unwrap()),
            ..Options::default()
        };
        let mut agg = Aggregator::new(&engine, options).unwrap();
        agg.add_json(1, r#"{"dossier":"D1","procedure":"1.000894","channel":"postal","received_at":"2025-03-03T09:00:00"}"#).unwrap();
        agg.add_json(2, "not json").unwrap();
        let good = agg.to_state();
        assert!(MetricsState::from_bytes(&good.to_bytes().unwrap()).is_ok());
        let tampers: [fn(&mut MetricsState); 8] = [
            |s| s.records += 1,
            |s| s.names.push(s.names[0].clone()),
            |s| s.groups.entry((9999, 0)).procedures.clear(),
            |s| s.issues.listed[0].line = 9,
            |s| s.issues.malformed = 0,
            |s| s.issues.listed.push(s.issues.listed[0].clone()),
            |s| {
                s.failure = Some(Failure {
                    part: 7,
                    line: 1,
                    message: "x".into(),
                })
            },
            |s| {
                s.parts.insert(1, u64::MAX);
            },
        ];
        for (i, tamper) in tampers.iter().enumerate() {
            let mut s = good.clone();
            tamper(&mut s);
            let e = MetricsState::from_bytes(&s.to_bytes().unwrap()).unwrap_err();
            assert!(e.to_string().contains("do not add up"), "{i}: {e}");
        }
    }
}
