//! Resolving a condition's names against the loaded catalogue (procedure
//! codes, regexes, lists, categories), and the procedures it can concern,
//! by which the policies are indexed.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap;

use super::{Condition, Test};
use crate::catalog::model::{EssentialList, Procedure};
use crate::diagnostics::{codes, Diagnostics};
use crate::source::closest;

/// Whatever the loader needs to resolve names in conditions.
pub(crate) struct Names<'a> {
    pub procedures: &'a [Procedure],
    pub lists: &'a [EssentialList],
    pub categories: &'a FxHashMap<String, u32>,
    /// Procedure id → policy-index slot.
    pub slots: &'a FxHashMap<String, u32>,
    /// Procedure id or national code → index in `procedures` of the first
    /// procedure with that id or code.
    pub by_id_or_code: &'a FxHashMap<&'a str, usize>,
}

impl Condition {
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
    fn resolve(&mut self, names: &Names<'_>, diags: &mut Diagnostics) {
        match self {
            Test::Procedures {
                ids,
                slots,
                written,
            } => {
                for (w, loc) in written.iter() {
                    let found = names
                        .by_id_or_code
                        .get(w.as_str())
                        .and_then(|&i| names.procedures.get(i));
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
