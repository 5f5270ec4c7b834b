//! When a policy applies: a declarative tree of tests over the case and the
//! procedure, combined with `all` / `any` / `not`.
//!
//! Conditions are data, not code, for three reasons: a provincial officer can
//! read and review them; the loader can check them (unknown procedures,
//! regexes that do not compile, windows that can never hold); and the set of
//! procedures a policy can concern is known at load time, so the engine
//! indexes policies by procedure instead of testing all of them per case.
//!
//! Every test carries its path in the file (`when.any[1].channels`) and a
//! human statement of what it needs, both computed at load: when a policy
//! does not apply, the receipt names the test that failed without formatting
//! anything per evaluation.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap;

use regex::Regex;

use super::model::ApplicantKind;
use crate::catalog::model::{EssentialList, Level, OnlineLevel, Procedure};
use crate::channel::{Channel, ChannelSet};
use crate::date::Date;
use crate::diagnostics::{codes, Diagnostics, SourceLocation};
use crate::source::{closest, Table};
use crate::validity::Validity;

/// A condition tree. `All(vec![])` is "always".
#[derive(Clone, Debug)]
pub enum Condition {
    /// Every one holds (`when = { … }` with several keys, or `all = [ … ]`).
    All(Vec<Condition>),
    /// At least one holds (`any = [ … ]`).
    Any(Vec<Condition>, Label),
    /// It does not hold (`not = { … }`).
    Not(Box<Condition>, Label),
    /// One test over the facts.
    Test(Test, Label),
}

impl Default for Condition {
    fn default() -> Self {
        Condition::All(Vec::new())
    }
}

/// Where a test is in the file and what it needs, for the receipt.
#[derive(Clone, Debug)]
pub struct Label {
    /// e.g. `when.any[1].channels`.
    pub path: String,
    /// e.g. `channel is one of national-portal, provincial-portal`.
    pub needs: String,
}

/// One test over the facts of a case.
#[derive(Clone, Debug)]
pub enum Test {
    /// The procedure is one of these ids (codes are resolved to ids at load).
    Procedures {
        /// The procedure ids.
        ids: Vec<String>,
        /// The same procedures as policy-index slots, sorted: what is tested.
        slots: Vec<u32>,
        /// As written, with where, until resolved against the catalogue.
        written: Vec<(String, SourceLocation)>,
    },
    /// The procedure's id or code matches the regex; the matching ids are
    /// computed at load.
    ProcedureRegex {
        /// The pattern as compiled.
        re: Regex,
        /// The ids it matches in the loaded catalogue.
        ids: Vec<String>,
        /// The same procedures as policy-index slots, sorted.
        slots: Vec<u32>,
        /// Where the pattern was written.
        loc: SourceLocation,
    },
    /// The procedure is in one of these sectors.
    Sectors(Vec<String>),
    /// The procedure is a member of one of these lists, on the date.
    Lists {
        /// The list ids, with where each was written.
        ids: Vec<(String, SourceLocation)>,
        /// (list validity, sorted member ids), computed at load.
        members: Vec<(Validity, Vec<String>)>,
    },
    /// The procedure's online level on the date is one of these.
    OnlineLevels(Vec<OnlineLevel>),
    /// The case came through one of these channels.
    Channels(ChannelSet),
    /// The case is (or is not) full-process online.
    FullProcessOnline(bool),
    /// The applicant is a citizen, or an organisation.
    ApplicantKind(ApplicantKind),
    /// The applicant is in at least one of these categories.
    Categories {
        /// The category ids as written, with where.
        written: Vec<(String, SourceLocation)>,
        /// The same categories as bits (one per declared category).
        mask: u64,
    },
    /// The applicant's electronic identity level is at least this.
    MinIdentityLevel(u8),
    /// The case's type is one of these.
    CaseTypes(Vec<String>),
    /// The receiving agency's level is one of these.
    AgencyLevels(Vec<Level>),
    /// The policy's reference date lies in this window (both days included).
    Window(Validity),
}

/// What a condition is tested against: one case, one procedure version.
#[derive(Clone, Copy, Debug)]
pub struct Facts<'a> {
    /// The procedure id.
    pub procedure_id: &'a str,
    /// The procedure's policy-index slot (`None` outside the catalogue).
    pub procedure_slot: Option<u32>,
    /// The procedure's sector id.
    pub sector: &'a str,
    /// The procedure's online level on the date, when recorded.
    pub online_level: Option<OnlineLevel>,
    /// The channel the case came through.
    pub channel: Channel,
    /// Whether the case is full-process online (as said, or derived).
    pub full_process_online: bool,
    /// Citizen or organisation.
    pub applicant_kind: ApplicantKind,
    /// The applicant's categories, as bits (see [`Test::Categories`]).
    pub categories: u64,
    /// The applicant's electronic identity level (0 when not given).
    pub identity_level: u8,
    /// The case type (`"default"` when the case named none).
    pub case_type: &'a str,
    /// The receiving agency's level, when the case gave it.
    pub agency_level: Option<Level>,
}

const KEYS: &[&str] = &[
    "procedures",
    "procedure_regex",
    "sectors",
    "lists",
    "online_levels",
    "channels",
    "full_process_online",
    "applicant_kind",
    "categories",
    "min_identity_level",
    "case_types",
    "agency_levels",
    "window",
    "all",
    "any",
    "not",
];

/// Whatever the loader needs to resolve names in conditions.
pub(crate) struct Names<'a> {
    pub procedures: &'a [Procedure],
    pub lists: &'a [EssentialList],
    pub categories: &'a FxHashMap<String, u32>,
    /// Procedure id → policy-index slot.
    pub slots: &'a FxHashMap<String, u32>,
}

impl Condition {
    /// Reads a `when` table. Several keys in one table must all hold.
    pub(crate) fn read(
        t: &Table<'_>,
        path: &str,
        validity: &Validity,
        diags: &mut Diagnostics,
    ) -> Condition {
        t.check_keys(KEYS, diags);
        let mut parts = Vec::new();
        for key in KEYS {
            if !t.has(key) {
                continue;
            }
            let here = format!("{path}.{key}");
            match *key {
                "all" | "any" => {
                    let children: Vec<Condition> = t
                        .tables(key, "condition", diags)
                        .iter()
                        .enumerate()
                        .map(|(i, c)| Condition::read(c, &format!("{here}[{i}]"), validity, diags))
                        .collect();
                    if children.is_empty() {
                        t.invalid(
                            key,
                            format!("`{key}` has no conditions"),
                            "give at least one table, e.g. any = [{ channels = [\"in-person\"] }, { categories = [\"poor-household\"] }]",
                            diags,
                        );
                    }
                    if *key == "all" {
                        parts.push(Condition::All(children));
                    } else {
                        let needs = format!("one of {} alternatives", children.len());
                        parts.push(Condition::Any(children, Label { path: here, needs }));
                    }
                }
                "not" => {
                    if let Some(inner) = t.opt_table("not", "condition", diags) {
                        let c = Condition::read(&inner, &here, validity, diags);
                        let needs = "the negated condition does not hold".to_string();
                        parts.push(Condition::Not(Box::new(c), Label { path: here, needs }));
                    }
                }
                _ => {
                    if let Some((test, needs)) = read_test(t, key, validity, diags) {
                        parts.push(Condition::Test(test, Label { path: here, needs }));
                    }
                }
            }
        }
        check_contradictions(t, &parts, diags);
        if parts.len() == 1 {
            parts.pop().unwrap_or_default()
        } else {
            Condition::All(parts)
        }
    }

    /// The first test that fails, or `None` when the condition holds.
    pub fn failure(&self, f: &Facts<'_>, on: Date) -> Option<&Label> {
        match self {
            // The usual shape is a flat `All` of tests: test those here rather
            // than through a recursive call each (a tenth of an evaluation).
            Condition::All(parts) => parts.iter().find_map(|c| match c {
                Condition::Test(t, label) => (!t.holds(f, on)).then_some(label),
                _ => c.failure(f, on),
            }),
            Condition::Any(parts, label) => {
                if parts.iter().any(|c| c.failure(f, on).is_none()) {
                    None
                } else {
                    Some(label)
                }
            }
            Condition::Not(inner, label) => inner.failure(f, on).is_none().then_some(label),
            Condition::Test(t, label) => (!t.holds(f, on)).then_some(label),
        }
    }

    /// Resolves codes, regexes, lists and categories against the loaded
    /// catalogue, reporting names it does not know.
    pub(crate) fn resolve(&mut self, names: &Names<'_>, diags: &mut Diagnostics) {
        match self {
            Condition::All(parts) | Condition::Any(parts, _) => {
                for p in parts {
                    p.resolve(names, diags);
                }
            }
            Condition::Not(inner, _) => inner.resolve(names, diags),
            Condition::Test(t, _) => t.resolve(names, diags),
        }
    }

    /// The procedure ids this condition can ever hold for; `None` when it does
    /// not restrict the procedure. Used only to index policies: the whole
    /// condition is still tested per case.
    pub(crate) fn scope(&self, procedures: &[Procedure]) -> Option<BTreeSet<String>> {
        match self {
            Condition::All(parts) => parts
                .iter()
                .filter_map(|p| p.scope(procedures))
                .reduce(|a, b| a.intersection(&b).cloned().collect()),
            Condition::Any(parts, _) => {
                let mut out = BTreeSet::new();
                for p in parts {
                    out.extend(p.scope(procedures)?);
                }
                Some(out)
            }
            Condition::Not(..) => None,
            Condition::Test(t, _) => match t {
                Test::Procedures { ids, .. } | Test::ProcedureRegex { ids, .. } => {
                    Some(ids.iter().cloned().collect())
                }
                Test::Sectors(sectors) => Some(
                    procedures
                        .iter()
                        .filter(|p| sectors.contains(&p.sector))
                        .map(|p| p.id.clone())
                        .collect(),
                ),
                Test::Lists { members, .. } => Some(
                    members
                        .iter()
                        .flat_map(|(_, m)| m.iter().cloned())
                        .collect(),
                ),
                _ => None,
            },
        }
    }
}

/// The policy-index slots of procedure ids, sorted.
fn slots_of(ids: &[String], names: &Names<'_>) -> Vec<u32> {
    let mut v: Vec<u32> = ids
        .iter()
        .filter_map(|id| names.slots.get(id).copied())
        .collect();
    v.sort_unstable();
    v
}

impl Test {
    #[inline]
    fn holds(&self, f: &Facts<'_>, on: Date) -> bool {
        match self {
            Test::Procedures { slots, .. } | Test::ProcedureRegex { slots, .. } => f
                .procedure_slot
                .is_some_and(|s| slots.binary_search(&s).is_ok()),
            Test::Sectors(s) => s.iter().any(|x| x == f.sector),
            Test::Lists { members, .. } => members.iter().any(|(v, m)| {
                v.contains(on)
                    && m.binary_search_by(|x| x.as_str().cmp(f.procedure_id))
                        .is_ok()
            }),
            Test::OnlineLevels(levels) => f.online_level.is_some_and(|l| levels.contains(&l)),
            Test::Channels(set) => set.contains(f.channel),
            Test::FullProcessOnline(b) => f.full_process_online == *b,
            Test::ApplicantKind(k) => f.applicant_kind == *k,
            Test::Categories { mask, .. } => f.categories & mask != 0,
            Test::MinIdentityLevel(n) => f.identity_level >= *n,
            Test::CaseTypes(c) => c.iter().any(|x| x == f.case_type),
            Test::AgencyLevels(l) => f.agency_level.is_some_and(|a| l.contains(&a)),
            Test::Window(w) => w.contains(on),
        }
    }

    fn resolve(&mut self, names: &Names<'_>, diags: &mut Diagnostics) {
        match self {
            Test::Procedures {
                ids,
                slots,
                written,
            } => {
                for (w, loc) in written.iter() {
                    let found = names
                        .procedures
                        .iter()
                        .find(|p| p.id == *w || p.code.as_deref() == Some(w.as_str()));
                    match found {
                        Some(p) => ids.push(p.id.clone()),
                        None => {
                            let known: Vec<&str> =
                                names.procedures.iter().map(|p| p.id.as_str()).collect();
                            let help = match closest(w, &known) {
                                Some(c) => format!("did you mean `{c}`? Otherwise declare it in procedures/*.toml"),
                                None => "give a procedure id or national code declared in procedures/*.toml".to_string(),
                            };
                            diags.error(
                                codes::UNKNOWN_REFERENCE,
                                Some(loc.clone()),
                                format!("unknown procedure `{w}` in policy condition"),
                                help,
                            );
                        }
                    }
                }
                ids.sort();
                ids.dedup();
                *slots = slots_of(ids, names);
            }
            Test::ProcedureRegex {
                re,
                ids,
                slots,
                loc,
            } => {
                *ids = names
                    .procedures
                    .iter()
                    .filter(|p| {
                        re.is_match(&p.id) || p.code.as_deref().is_some_and(|c| re.is_match(c))
                    })
                    .map(|p| p.id.clone())
                    .collect();
                ids.sort();
                ids.dedup();
                *slots = slots_of(ids, names);
                if ids.is_empty() {
                    diags.error(
                        codes::CONTRADICTION,
                        Some(loc.clone()),
                        format!("procedure_regex `{}` matches no procedure id or code in the catalogue, so the policy can never apply", re.as_str()),
                        "correct the pattern (it is matched against ids such as `ho-tich.dang-ky-khai-sinh` and codes such as `1.000894`)",
                    );
                }
            }
            Test::Lists { ids, members } => {
                for (id, loc) in ids.iter() {
                    let versions: Vec<&EssentialList> =
                        names.lists.iter().filter(|l| l.id == *id).collect();
                    if versions.is_empty() {
                        let known: Vec<&str> = names.lists.iter().map(|l| l.id.as_str()).collect();
                        diags.error(
                            codes::UNKNOWN_REFERENCE,
                            Some(loc.clone()),
                            format!("unknown list `{id}` in policy condition"),
                            match closest(id, &known) {
                                Some(c) => format!(
                                    "did you mean `{c}`? Otherwise declare it in lists.toml"
                                ),
                                None => "declare it in lists.toml".to_string(),
                            },
                        );
                    }
                    for l in versions {
                        let mut m: Vec<String> =
                            l.members.iter().map(|m| m.procedure.clone()).collect();
                        m.sort();
                        members.push((l.validity, m));
                    }
                }
            }
            Test::Categories { written, mask } => {
                for (c, loc) in written.iter() {
                    match names.categories.get(c) {
                        Some(bit) => *mask |= 1u64 << bit,
                        None => {
                            let mut known: Vec<&str> =
                                names.categories.keys().map(String::as_str).collect();
                            known.sort_unstable();
                            diags.error(
                                codes::UNKNOWN_REFERENCE,
                                Some(loc.clone()),
                                format!("unknown applicant category `{c}`"),
                                match closest(c, &known) {
                                    Some(k) => format!("did you mean `{k}`? Categories are declared as [[category]] in policies/*.toml"),
                                    None => format!("known categories: {}", known.join(", ")),
                                },
                            );
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// Reads one test key; returns it with the human statement of what it needs.
fn read_test(
    t: &Table<'_>,
    key: &str,
    validity: &Validity,
    diags: &mut Diagnostics,
) -> Option<(Test, String)> {
    let list = |diags: &mut Diagnostics| -> Option<Vec<(String, SourceLocation)>> {
        let items = t.opt_str_list(key, diags)?;
        if items.is_empty() {
            t.invalid(
                key,
                format!("`{key}` is an empty list, so the condition can never hold"),
                "list at least one value, or remove the key",
                diags,
            );
            return None;
        }
        Some(items)
    };
    let joined = |items: &[(String, SourceLocation)]| {
        items
            .iter()
            .map(|(s, _)| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    // Reads a list of enumerated names, reporting each unknown one.
    fn names_of<T>(
        items: &[(String, SourceLocation)],
        key: &str,
        allowed: &[&str],
        parse: impl Fn(&str) -> Option<T>,
        diags: &mut Diagnostics,
    ) -> Vec<T> {
        let mut out = Vec::new();
        for (s, loc) in items {
            match parse(s) {
                Some(v) => out.push(v),
                None => diags.error(
                    codes::INVALID_VALUE,
                    Some(loc.clone()),
                    format!("`{s}` is not a known value of `{key}`"),
                    match closest(s, allowed) {
                        Some(c) => format!("did you mean `{c}`? Allowed: {}", allowed.join(", ")),
                        None => format!("allowed: {}", allowed.join(", ")),
                    },
                ),
            }
        }
        out
    }
    match key {
        "procedures" => {
            let items = list(diags)?;
            let needs = format!("procedure is one of {}", joined(&items));
            Some((
                Test::Procedures {
                    ids: Vec::new(),
                    slots: Vec::new(),
                    written: items,
                },
                needs,
            ))
        }
        "procedure_regex" => {
            let s = t.opt_str(key, diags)?;
            match Regex::new(&s) {
                Ok(re) => Some((
                    Test::ProcedureRegex {
                        re,
                        ids: Vec::new(),
                        slots: Vec::new(),
                        loc: t.loc(key),
                    },
                    format!("procedure id or code matches /{s}/"),
                )),
                Err(e) => {
                    let detail = e.to_string();
                    let last = detail.lines().last().unwrap_or_default().trim().to_string();
                    diags.error(
                        codes::INVALID_REGEX,
                        Some(t.loc(key)),
                        format!("invalid regular expression in `procedure_regex`: {last}"),
                        "use Rust `regex` syntax; escape dots in ids and codes (`^ho-tich\\\\.`)",
                    );
                    None
                }
            }
        }
        "sectors" => {
            let items = list(diags)?;
            let needs = format!("procedure's sector is one of {}", joined(&items));
            Some((
                Test::Sectors(items.into_iter().map(|(s, _)| s).collect()),
                needs,
            ))
        }
        "lists" => {
            let items = list(diags)?;
            let needs = format!("procedure is on list {} on the date", joined(&items));
            Some((
                Test::Lists {
                    ids: items,
                    members: Vec::new(),
                },
                needs,
            ))
        }
        "online_levels" => {
            let items = list(diags)?;
            let levels = names_of(&items, key, &OnlineLevel::NAMES, OnlineLevel::parse, diags);
            (levels.len() == items.len()).then(|| {
                (
                    Test::OnlineLevels(levels),
                    format!(
                        "procedure's online level on the date is one of {}",
                        joined(&items)
                    ),
                )
            })
        }
        "channels" => {
            let items = list(diags)?;
            let chans = names_of(&items, key, Channel::NAMES, Channel::parse, diags);
            let mut set = ChannelSet::default();
            for c in &chans {
                set.insert(*c);
            }
            (chans.len() == items.len()).then(|| {
                (
                    Test::Channels(set),
                    format!("channel is one of {}", joined(&items)),
                )
            })
        }
        "full_process_online" => {
            let b = t.opt_bool(key, diags)?;
            Some((
                Test::FullProcessOnline(b),
                if b {
                    "the case is full-process online (toàn trình)".to_string()
                } else {
                    "the case is not full-process online".to_string()
                },
            ))
        }
        "applicant_kind" => {
            let k = t.opt_enum(key, &ApplicantKind::NAMES, diags)?;
            let kind = ApplicantKind::parse(k)?;
            Some((Test::ApplicantKind(kind), format!("applicant is a {k}")))
        }
        "categories" => {
            let items = list(diags)?;
            let needs = format!("applicant is in one of the categories {}", joined(&items));
            Some((
                Test::Categories {
                    written: items,
                    mask: 0,
                },
                needs,
            ))
        }
        "min_identity_level" => {
            let n = t.opt_uint(key, 2, diags)?;
            Some((
                Test::MinIdentityLevel(u8::try_from(n).ok()?),
                format!("applicant's electronic identity (VNeID) is level {n} or higher"),
            ))
        }
        "case_types" => {
            let items = list(diags)?;
            let needs = format!("case type is one of {}", joined(&items));
            Some((
                Test::CaseTypes(items.into_iter().map(|(s, _)| s).collect()),
                needs,
            ))
        }
        "agency_levels" => {
            let items = list(diags)?;
            let levels = names_of(&items, key, &Level::NAMES, Level::parse, diags);
            (levels.len() == items.len()).then(|| {
                (
                    Test::AgencyLevels(levels),
                    format!("agency level is one of {}", joined(&items)),
                )
            })
        }
        "window" => {
            let w = t.opt_table(key, "window", diags)?;
            w.check_keys(&["from", "to"], diags);
            let from = w.opt_date("from", diags);
            let to = w.opt_date("to", diags);
            let window = Validity::new(from, to);
            if from.is_none() && to.is_none() {
                w.invalid(
                    "from",
                    "`window` has neither `from` nor `to`",
                    "give from = YYYY-MM-DD and/or to = YYYY-MM-DD",
                    diags,
                );
                return None;
            }
            if let (Some(f), Some(e)) = (from, to) {
                if e < f {
                    diags.error(
                        codes::CONTRADICTION,
                        Some(w.loc("to")),
                        format!("window ends on {e}, before it starts on {f}: it can never hold"),
                        "`to` must be on or after `from` (both days are included)",
                    );
                    return None;
                }
            }
            if !window.overlaps(validity) {
                diags.error(
                    codes::CONTRADICTION,
                    Some(w.location()),
                    format!("window {window} lies outside the policy's validity ({validity}): it can never hold"),
                    "move the window inside valid_from..valid_to, or correct the validity",
                );
                return None;
            }
            Some((
                Test::Window(window),
                format!("reference date is in {window}"),
            ))
        }
        _ => None,
    }
}

/// Reports tests in one conjunction that exclude each other: disjoint
/// channel sets, disjoint windows, two applicant kinds.
fn check_contradictions(t: &Table<'_>, parts: &[Condition], diags: &mut Diagnostics) {
    let mut channels: Option<(ChannelSet, &str)> = None;
    let mut window: Option<(Validity, &str)> = None;
    let mut kind: Option<(ApplicantKind, &str)> = None;
    let tests = parts.iter().flat_map(|p| match p {
        Condition::All(inner) => inner.iter().collect::<Vec<_>>(),
        other => vec![other],
    });
    for c in tests {
        let Condition::Test(test, label) = c else {
            continue;
        };
        let clash = match test {
            Test::Channels(s) => match channels {
                Some((prev, at)) if prev.intersect(*s) == ChannelSet::default() => Some(at),
                Some((prev, at)) => {
                    channels = Some((prev.intersect(*s), at));
                    None
                }
                None => {
                    channels = Some((*s, &label.path));
                    None
                }
            },
            Test::Window(w) => match window {
                Some((prev, at)) if !prev.overlaps(w) => Some(at),
                _ => {
                    window = Some((*w, &label.path));
                    None
                }
            },
            Test::ApplicantKind(k) => match kind {
                Some((prev, at)) if prev != *k => Some(at),
                _ => {
                    kind = Some((*k, &label.path));
                    None
                }
            },
            _ => None,
        };
        if let Some(at) = clash {
            diags.error(
                codes::CONTRADICTION,
                Some(t.location()),
                format!(
                    "`{}` contradicts `{at}`: both must hold, and they cannot hold together",
                    label.path
                ),
                "remove one of them, or put them under `any = [...]` if either is enough",
            );
        }
    }
}
