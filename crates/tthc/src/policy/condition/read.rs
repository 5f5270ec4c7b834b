//! Reading a condition from a policy's `when` table: every key a test, with
//! its path in the file and the human statement of what it needs.

use regex::Regex;

use super::check::check_contradictions;
use super::{Condition, Label, Test};
use crate::catalog::model::{Level, OnlineLevel};
use crate::channel::{Channel, ChannelSet};
use crate::diagnostics::{codes, Diagnostics, SourceLocation};
use crate::policy::model::ApplicantKind;
use crate::source::{closest, Table};
use crate::validity::Validity;

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
