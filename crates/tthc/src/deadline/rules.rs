//! Deadline rules as data: `deadlines/*.toml` and
//! `overlays/<province>/deadlines/*.toml` (format in `catalog/deadlines/README.md`).
//!
//! Every rule that moves a deadline — when counting starts, the 15:00
//! cut-off, the after-hours default for online dossiers, same-day
//! procedures, the supplement restart, the single reschedule, pauses — is a
//! dated record with its legal basis and status, because the decrees behind
//! them change (61/2018 → 118/2025 on 2025-07-01) and provinces differ. The
//! engine never hard-codes one of them: it asks [`DeadlineRules::find`] for
//! the rule of a kind in force for a dossier and cites what it got.

use rustc_hash::FxHashMap;

use serde::Serialize;

use crate::catalog::model::{Level, TimeUnit};
use crate::channel::Channel;
use crate::date::Date;
use crate::diagnostics::{Diagnostics, SourceLocation};
use crate::legal::{read_legal_basis, LegalRef, RefKind, References, Status};
use crate::source::{SourceFile, Table};
use crate::validity::Validity;
use crate::validity::{self, Versioned};

/// What a rule does. The semantics of each kind are in `docs/deadlines.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    /// How a period in the listed units is counted (Civil Code Arts 147–148).
    Counting,
    /// A dossier received after `time`, or on a day that is not a working
    /// day, is deemed received at the opening of the next working day.
    Cutoff,
    /// A dossier stored outside office hours or on a non-working day is
    /// deemed received at the next working time.
    AfterHours,
    /// A procedure without a processing time is done the same working day,
    /// or the next one when received after `time`.
    SameDay,
    /// When the complete dossier arrives after a supplement request, the
    /// period restarts from zero.
    SupplementRestart,
    /// The return date may be rescheduled `max` times, notified at least
    /// `notice_working_days` working days before the deadline.
    Reschedule,
    /// The clock stops while the dossier waits for one of `reasons`.
    Pause,
}

impl RuleKind {
    /// The names rule files use.
    pub const NAMES: [&'static str; 7] = [
        "counting",
        "cutoff",
        "after-hours",
        "same-day",
        "supplement-restart",
        "reschedule",
        "pause",
    ];
    const ALL: [RuleKind; 7] = [
        RuleKind::Counting,
        RuleKind::Cutoff,
        RuleKind::AfterHours,
        RuleKind::SameDay,
        RuleKind::SupplementRestart,
        RuleKind::Reschedule,
        RuleKind::Pause,
    ];

    /// The kind's name.
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    fn parse(s: &str) -> Option<RuleKind> {
        Self::NAMES
            .iter()
            .position(|n| *n == s)
            .and_then(|i| Self::ALL.get(i).copied())
    }

    /// The kind-specific keys a rule of this kind may (or must) have.
    fn params(self) -> &'static [&'static str] {
        match self {
            RuleKind::Counting => &["units"],
            RuleKind::Cutoff | RuleKind::SameDay => &["time"],
            RuleKind::AfterHours => &[],
            RuleKind::SupplementRestart => &["request_within_working_days"],
            RuleKind::Reschedule => &["max", "notice_working_days"],
            RuleKind::Pause => &["reasons"],
        }
    }
}

/// Which dossiers a rule concerns. An empty list means "all".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Scope {
    /// Bit per [`Channel`] (`Channel::bit`); 0 = every channel.
    #[serde(skip)]
    channels: u8,
    /// Bit per [`Level`]; 0 = every level.
    #[serde(skip)]
    levels: u8,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    /// Sector ids the rule is limited to; empty: every sector.
    pub sectors: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    /// Procedure ids the rule is limited to; empty: every procedure.
    pub procedures: Vec<String>,
}

fn level_bit(l: Level) -> u8 {
    1 << (l as u8)
}

impl Scope {
    /// Whether a dossier with these facts is in scope.
    #[inline]
    fn matches(&self, q: &RuleQuery<'_>) -> bool {
        (self.channels == 0 || self.channels & q.channel.bit() != 0)
            && (self.levels == 0 || q.level.is_some_and(|l| self.levels & level_bit(l) != 0))
            && (self.sectors.is_empty() || self.sectors.iter().any(|s| s == q.sector))
            && (self.procedures.is_empty() || self.procedures.iter().any(|p| p == q.procedure))
    }

    /// Narrower scopes win over wider ones: procedure > sector > level > channel.
    fn specificity(&self) -> u8 {
        (u8::from(!self.procedures.is_empty()) << 3)
            | (u8::from(!self.sectors.is_empty()) << 2)
            | (u8::from(self.levels != 0) << 1)
            | u8::from(self.channels != 0)
    }

    /// The channels in scope, by name; empty when all.
    pub fn channels(&self) -> Vec<&'static str> {
        Channel::ALL
            .iter()
            .filter(|c| self.channels & c.bit() != 0)
            .map(|c| c.as_str())
            .collect()
    }
}

/// One deadline rule version.
#[derive(Clone, Debug, Serialize)]
pub struct Rule {
    /// The rule's id.
    pub id: String,
    /// What the rule does.
    pub kind: RuleKind,
    /// Short human description shown in receipts.
    pub name: String,
    /// Which dossiers it applies to.
    pub scope: Scope,
    /// `cutoff`, `same-day`: seconds since midnight after which a dossier
    /// counts as received late in the day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<u32>,
    /// `counting`: units the rule counts, one bit per [`TimeUnit`].
    #[serde(skip)]
    pub(crate) units: u8,
    /// `pause`: reasons for which the clock may stop.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
    /// `reschedule`: how many times.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    /// `reschedule`: working days of notice before the deadline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice_working_days: Option<u32>,
    /// `supplement-restart`: working days after receipt within which the
    /// supplement request must go out (checked, reported as a warning).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_within_working_days: Option<u32>,
    /// False in an overlay that switches a national rule off for its province.
    pub enabled: bool,
    /// An unsourced default (legal basis optional, status must be unconfirmed).
    pub is_default: bool,
    /// When the rule is in force.
    pub validity: Validity,
    /// The documents the rule comes from.
    pub legal_basis: Vec<LegalRef>,
    /// How sure the rule is.
    pub status: Status,
    /// Shown in every receipt that uses the rule: what is uncertain about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caveat: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Free text for the next editor.
    pub note: Option<String>,
    /// The province whose overlay defines it; `None` for national.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overlay: Option<String>,
    #[serde(skip)]
    pub(crate) loc: SourceLocation,
}

pub(crate) fn unit_bit(u: TimeUnit) -> u8 {
    1 << (u as u8)
}

impl Rule {
    /// Whether a `counting` rule covers `unit`.
    pub fn counts(&self, unit: TimeUnit) -> bool {
        self.units & unit_bit(unit) != 0
    }

    /// The units a `counting` rule covers, by name.
    pub fn units(&self) -> Vec<&'static str> {
        [
            TimeUnit::WorkingDays,
            TimeUnit::CalendarDays,
            TimeUnit::WorkingHours,
            TimeUnit::Months,
        ]
        .into_iter()
        .filter(|u| self.counts(*u))
        .map(TimeUnit::as_str)
        .collect()
    }
}

impl Versioned for Rule {
    const KIND: &'static str = "deadline rule";
    fn key(&self) -> (Option<&str>, &str) {
        (self.overlay.as_deref(), &self.id)
    }
    fn validity(&self) -> Validity {
        self.validity
    }
    fn loc(&self) -> &SourceLocation {
        &self.loc
    }
}

/// The facts about a dossier that decide which rules apply to it.
#[derive(Clone, Copy, Debug)]
pub struct RuleQuery<'q> {
    /// The day the rule must be in force (the receipt or the event day).
    pub on: Date,
    /// The province id after succession, if any.
    pub province: Option<&'q str>,
    /// The procedure id ("" when unknown).
    pub procedure: &'q str,
    /// The procedure's sector id ("" when unknown).
    pub sector: &'q str,
    /// The level of the receiving agency, when known.
    pub level: Option<Level>,
    /// The channel the dossier came through.
    pub channel: Channel,
}

/// Every deadline rule of a catalogue, indexed by province and kind.
#[derive(Clone, Debug, Default)]
pub struct DeadlineRules {
    rules: Vec<Rule>,
    /// Per kind: national rules (indexes into `rules`).
    national: [Vec<u32>; 7],
    /// Per province with an overlay, sorted by province id, per kind: its
    /// overlay rules followed by the national rules it does not replace. A
    /// binary search over the few overlay provinces is cheaper than hashing
    /// the province id for each of the three or four rules a dossier needs.
    provinces: Vec<(String, [Vec<u32>; 7])>,
}

const ROOT_KEYS: [&str; 1] = ["rule"];
const COMMON_KEYS: [&str; 14] = [
    "id",
    "kind",
    "name",
    "channels",
    "levels",
    "sectors",
    "procedures",
    "enabled",
    "default",
    "valid_from",
    "valid_to",
    "legal_basis",
    "status",
    "caveat",
];
const MORE_KEYS: [&str; 8] = [
    "note",
    "time",
    "units",
    "reasons",
    "max",
    "notice_working_days",
    "request_within_working_days",
    "source",
];

impl DeadlineRules {
    /// Reads `deadlines/*.toml` (overlay `None`) and each province's
    /// `overlays/<p>/deadlines/*.toml`, reporting every problem into `diags` and every reference into `refs`.
    pub(crate) fn load(
        files: &[(Option<String>, &SourceFile)],
        diags: &mut Diagnostics,
        refs: &mut References,
    ) -> DeadlineRules {
        let mut rules = Vec::new();
        for (overlay, f) in files {
            read_file(f, overlay.as_deref(), &mut rules, diags, refs);
        }
        validity::versions(&rules, diags);
        DeadlineRules::index(rules)
    }

    fn index(rules: Vec<Rule>) -> DeadlineRules {
        let mut national: [Vec<u32>; 7] = Default::default();
        let mut provinces: FxHashMap<String, [Vec<u32>; 7]> = FxHashMap::default();
        for (i, r) in rules.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            match &r.overlay {
                None => national[r.kind as usize].push(i),
                Some(p) => provinces.entry(p.clone()).or_default()[r.kind as usize].push(i),
            }
        }
        for (p, kinds) in provinces.iter_mut() {
            for (k, list) in kinds.iter_mut().enumerate() {
                let replaced = |id: &str| {
                    rules
                        .iter()
                        .any(|r| r.overlay.as_deref() == Some(p.as_str()) && r.id == id)
                };
                list.extend(
                    national[k]
                        .iter()
                        .copied()
                        .filter(|&i| rules.get(i as usize).is_some_and(|r| !replaced(&r.id))),
                );
            }
        }
        let mut provinces: Vec<(String, [Vec<u32>; 7])> = provinces.into_iter().collect();
        provinces.sort_by(|a, b| a.0.cmp(&b.0));
        DeadlineRules {
            rules,
            national,
            provinces,
        }
    }

    /// Every rule version, national and overlay.
    pub fn all(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule of `kind` that applies to the dossier `q`, if any: in force
    /// on `q.on`, enabled, in scope; the province's own rule before a
    /// national one, then the narrowest scope, then file order.
    #[inline]
    pub fn find(&self, kind: RuleKind, q: &RuleQuery<'_>) -> Option<&Rule> {
        self.pick(kind, q, |_| true)
    }

    /// The counting rule for `unit` in force for `q`.
    #[inline]
    pub fn counting(&self, unit: TimeUnit, q: &RuleQuery<'_>) -> Option<&Rule> {
        self.pick(RuleKind::Counting, q, |r| r.counts(unit))
    }

    #[inline]
    fn pick(
        &self,
        kind: RuleKind,
        q: &RuleQuery<'_>,
        also: impl Fn(&Rule) -> bool,
    ) -> Option<&Rule> {
        let overlay = q.province.and_then(|p| {
            self.provinces
                .binary_search_by(|(id, _)| id.as_str().cmp(p))
                .ok()
                .and_then(|i| self.provinces.get(i))
        });
        let list = match overlay {
            Some((_, kinds)) => &kinds[kind as usize],
            None => &self.national[kind as usize],
        };
        let mut best: Option<(&Rule, u8)> = None;
        for &i in list {
            let Some(r) = self.rules.get(i as usize) else {
                continue;
            };
            if !r.validity.contains(q.on) || !also(r) || !r.scope.matches(q) {
                continue;
            }
            let rank = (u8::from(r.overlay.is_some()) << 4) | r.scope.specificity();
            if best.is_none_or(|(_, b)| rank > b) {
                best = Some((r, rank));
            }
        }
        // A disabled rule that wins switches the kind off: it does not let a
        // wider rule through.
        best.map(|(r, _)| r).filter(|r| r.enabled)
    }
}

fn read_file(
    f: &SourceFile,
    overlay: Option<&str>,
    out: &mut Vec<Rule>,
    diags: &mut Diagnostics,
    refs: &mut References,
) {
    let Some(root) = f.parse(diags) else {
        return;
    };
    root.check_keys(&ROOT_KEYS, diags);
    for t in root.tables("rule", "deadline rule", diags) {
        if let Some(r) = read_rule(&t, overlay, diags, refs) {
            out.push(r);
        }
    }
}

/// Parses `HH:MM` into seconds since midnight.
fn parse_hm(s: &str) -> Option<u32> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 3600 + m * 60)
}

fn read_rule(
    t: &Table<'_>,
    overlay: Option<&str>,
    diags: &mut Diagnostics,
    refs: &mut References,
) -> Option<Rule> {
    let all: Vec<&str> = COMMON_KEYS
        .iter()
        .chain(MORE_KEYS.iter())
        .copied()
        .collect();
    t.check_keys(&all, diags);
    let before = diags.len();
    let id = t.req_text("id", diags);
    let kind = match t.req_str("kind", diags) {
        Some(s) => match RuleKind::parse(&s) {
            Some(k) => Some(k),
            None => {
                let _ = t.opt_enum("kind", &RuleKind::NAMES, diags);
                None
            }
        },
        None => None,
    };
    let name = t.req_text("name", diags);
    let is_default = t.opt_bool("default", diags).unwrap_or(false);
    let enabled = t.opt_bool("enabled", diags).unwrap_or(true);
    let status = Status::read(t, diags);
    let legal_basis = if (is_default || !enabled) && !t.has("legal_basis") {
        Vec::new()
    } else {
        read_legal_basis(t, diags, refs)
    };
    if is_default && status != Status::Unconfirmed {
        t.invalid(
            "status",
            "a rule marked `default = true` must have status = \"unconfirmed\"",
            "a default has no source: write status = \"unconfirmed\" (catalog/deadlines/README.md)",
            diags,
        );
    }
    let validity = Validity::read(t, diags);
    let caveat = t.opt_str("caveat", diags);
    let note = t.opt_str("note", diags);
    let _source = t.opt_str("source", diags);

    let mut scope = Scope::default();
    for (name, _) in t.opt_str_list("channels", diags).unwrap_or_default() {
        match Channel::parse(&name) {
            Some(c) => scope.channels |= c.bit(),
            None => t.invalid(
                "channels",
                format!("`{name}` is not a channel"),
                format!("use {}", Channel::NAMES.join(", ")),
                diags,
            ),
        }
    }
    for (name, _) in t.opt_str_list("levels", diags).unwrap_or_default() {
        match Level::parse(&name) {
            Some(l) => scope.levels |= level_bit(l),
            None => t.invalid(
                "levels",
                format!("`{name}` is not an agency level"),
                format!("use {}", Level::NAMES.join(", ")),
                diags,
            ),
        }
    }
    for (s, loc) in t.opt_str_list("sectors", diags).unwrap_or_default() {
        refs.expect(RefKind::Sector, s.clone(), loc);
        scope.sectors.push(s);
    }
    for (p, loc) in t.opt_str_list("procedures", diags).unwrap_or_default() {
        refs.expect(RefKind::Procedure, p.clone(), loc);
        scope.procedures.push(p);
    }

    // Kind-specific keys: present where they mean something, absent elsewhere.
    if let Some(kind) = kind {
        for key in MORE_KEYS
            .iter()
            .filter(|k| !matches!(**k, "note" | "source"))
        {
            if t.has(key) && !kind.params().contains(key) {
                t.invalid(
                    key,
                    format!(
                        "`{key}` has no meaning for a rule of kind `{}`",
                        kind.as_str()
                    ),
                    format!(
                        "a `{}` rule takes: {}",
                        kind.as_str(),
                        if kind.params().is_empty() {
                            "no kind-specific key".to_string()
                        } else {
                            kind.params().join(", ")
                        }
                    ),
                    diags,
                );
            }
        }
    }
    let time = t.opt_str("time", diags).and_then(|s| {
        let v = parse_hm(&s);
        if v.is_none() {
            t.invalid(
                "time",
                format!("`{s}` is not a time HH:MM"),
                "write time = \"15:00\"",
                diags,
            );
        }
        v
    });
    if enabled && kind == Some(RuleKind::Cutoff) && time.is_none() && !t.has("time") {
        t.invalid(
            "time",
            "a `cutoff` rule needs `time`",
            "write time = \"15:00\"",
            diags,
        );
    }
    let mut units = 0u8;
    for (u, _) in t.opt_str_list("units", diags).unwrap_or_default() {
        match TimeUnit::parse(&u) {
            Some(u) => units |= unit_bit(u),
            None => t.invalid(
                "units",
                format!("`{u}` is not a unit"),
                format!("use {}", TimeUnit::NAMES.join(", ")),
                diags,
            ),
        }
    }
    if enabled && kind == Some(RuleKind::Counting) && !t.has("units") {
        t.invalid(
            "units",
            "a `counting` rule needs `units`",
            "write units = [\"working-days\"]",
            diags,
        );
    }
    let reasons: Vec<String> = t
        .opt_str_list("reasons", diags)
        .unwrap_or_default()
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    if enabled && kind == Some(RuleKind::Pause) && reasons.is_empty() {
        t.invalid(
            "reasons",
            "a `pause` rule needs at least one reason",
            "write reasons = [\"financial-obligation\"]",
            diags,
        );
    }
    let small = |key: &str, diags: &mut Diagnostics| {
        t.opt_uint(key, 366, diags)
            .and_then(|n| u32::try_from(n).ok())
    };
    let max = small("max", diags);
    let notice_working_days = small("notice_working_days", diags);
    let request_within_working_days = small("request_within_working_days", diags);
    if enabled
        && kind == Some(RuleKind::Reschedule)
        && (max.is_none() || notice_working_days.is_none())
    {
        t.invalid(
            "max",
            "a `reschedule` rule needs `max` and `notice_working_days`",
            "write max = 1 and notice_working_days = 1",
            diags,
        );
    }
    if diags.len() > before {
        return None;
    }
    Some(Rule {
        id: id?,
        kind: kind?,
        name: name?,
        scope,
        time,
        units,
        reasons,
        max,
        notice_working_days,
        request_within_working_days,
        enabled,
        is_default,
        validity,
        legal_basis,
        status,
        caveat,
        note,
        overlay: overlay.map(str::to_string),
        loc: t.location(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(national: &str, overlay: Option<(&str, &str)>) -> (DeadlineRules, Diagnostics) {
        let n = SourceFile::new("deadlines/x.toml", national);
        let o = overlay.map(|(p, text)| {
            (
                p.to_string(),
                SourceFile::new("overlays/p/deadlines/x.toml", text),
            )
        });
        let mut files = vec![(None, &n)];
        files.extend(o.iter().map(|(p, f)| (Some(p.clone()), f)));
        let mut d = Diagnostics::new();
        let mut refs = References::default();
        let r = DeadlineRules::load(&files, &mut d, &mut refs);
        (r, d)
    }

    fn q(on: &str, province: Option<&'static str>, channel: Channel) -> RuleQuery<'static> {
        RuleQuery {
            on: on.parse().unwrap(),
            province,
            procedure: "p",
            sector: "s",
            level: Some(Level::Commune),
            channel,
        }
    }

    const CUTOFF: &str = r#"
[[rule]]
id = "cutoff"
kind = "cutoff"
name = "15:00"
time = "15:00"
channels = ["in-person"]
legal_basis = ["61/2018/NĐ-CP"]
valid_to = 2025-06-30

[[rule]]
id = "cutoff"
kind = "cutoff"
name = "15:00 (118)"
time = "15:00"
channels = ["in-person"]
legal_basis = ["118/2025/NĐ-CP"]
status = "unconfirmed"
valid_from = 2025-07-01
"#;

    #[test]
    fn versions_scope_and_overlay_select_one_rule() {
        let (r, d) = load(
            CUTOFF,
            Some((
                "hue",
                "[[rule]]\nid = \"cutoff\"\nkind = \"cutoff\"\nname = \"off\"\nenabled = false\n",
            )),
        );
        assert!(d.is_empty(), "{d:?}");
        let old = r.find(RuleKind::Cutoff, &q("2025-06-30", None, Channel::InPerson));
        assert_eq!(old.map(|r| r.name.as_str()), Some("15:00"));
        let new = r.find(RuleKind::Cutoff, &q("2025-07-01", None, Channel::InPerson));
        assert_eq!(new.map(|r| r.status), Some(Status::Unconfirmed));
        assert!(r
            .find(
                RuleKind::Cutoff,
                &q("2025-07-01", None, Channel::NationalPortal)
            )
            .is_none());
        assert!(r
            .find(
                RuleKind::Cutoff,
                &q("2025-07-01", Some("hue"), Channel::InPerson)
            )
            .is_none());
        assert!(r
            .find(
                RuleKind::Cutoff,
                &q("2025-07-01", Some("hanoi"), Channel::InPerson)
            )
            .is_some());
    }

    #[test]
    fn reports_kind_specific_mistakes() {
        let (_, d) = load(
            r#"
[[rule]]
id = "x"
kind = "counting"
name = "x"
time = "15:00"
legal_basis = ["91/2015/QH13"]

[[rule]]
id = "y"
kind = "after-hours"
name = "y"
default = true
"#,
            None,
        );
        let msgs: Vec<String> = d.iter().map(|x| x.message.clone()).collect();
        assert!(
            msgs.iter().any(|m| m.contains("`time` has no meaning")),
            "{msgs:?}"
        );
        assert!(msgs.iter().any(|m| m.contains("needs `units`")), "{msgs:?}");
        assert!(
            msgs.iter().any(|m| m.contains("must have status")),
            "{msgs:?}"
        );
    }
}
