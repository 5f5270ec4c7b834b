//! Policy rules: fee reductions and exemptions, set fees, processing-time
//! cuts, online-only acceptance and priority handling, each effective-dated
//! and citing its legal basis.
//!
//! Policies live in `policies/*.toml` (national) and
//! `overlays/<province>/policies/*.toml` (provincial); the format is in
//! `catalog/policies/README.md` and the semantics in `docs/policies.md`.
//!
//! Loading reads the records ([`PolicyLayer`]), then `PolicySet::build`
//! resolves names against the loaded catalogue and indexes every policy by
//! the procedures it can concern, so that an evaluation looks at the few
//! policies that matter to its procedure, not at all of them.

pub mod condition;
pub mod effect;
pub mod model;
mod read;

use std::collections::{BTreeSet, HashSet};

use rustc_hash::FxHashMap;

pub use condition::{Condition, Facts, Label};
pub use effect::{Effect, FeeRule, Rounding, TimeRule};
pub use model::{ApplicantKind, Category, InForceAt, Policy, PolicyKind, MAX_CATEGORIES};

pub use read::PolicyLayer;

use crate::catalog::model::{EssentialList, Procedure};
use crate::diagnostics::{codes, Diagnostics, SourceLocation};
use crate::validity::Validity;
use crate::validity::Versioned;
use condition::Names;

impl Versioned for Policy {
    const KIND: &'static str = "policy";
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

impl Versioned for Category {
    const KIND: &'static str = "category";
    fn key(&self) -> (Option<&str>, &str) {
        (None, &self.id)
    }
    fn validity(&self) -> Validity {
        Validity::ALWAYS
    }
    fn loc(&self) -> &SourceLocation {
        &self.loc
    }
}

/// How a candidate policy stands for a case's province before its own
/// validity and conditions are tested.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing<'a> {
    /// Test it.
    Candidate,
    /// A national policy that this province's overlay replaces (same id).
    ReplacedBy(&'a str),
}

/// Every policy of a catalogue, resolved and indexed.
#[derive(Debug, Clone, Default)]
pub struct PolicySet {
    layer: PolicyLayer,
    category_bits: FxHashMap<String, u32>,
    /// Procedure id → its slot in `slots`.
    by_procedure: FxHashMap<String, u32>,
    /// The policies that may concern each procedure, including the unscoped
    /// ones; a procedure records its slot when the catalogue is indexed.
    slots: Vec<Candidates>,
    /// Policies whose condition does not restrict the procedure.
    global: Candidates,
    /// For each policy: the number of its version group (same id, same
    /// overlay), so that the engine groups versions without comparing ids.
    group: Vec<u32>,
    /// For each national policy: the provinces whose overlay replaces it.
    replaced_in: Vec<Vec<String>>,
}

/// Indexes of candidate policies, ascending (so same-id versions are
/// adjacent): all of them, and those with a version that cuts the processing
/// time (every version of such a policy), which is all a deadline needs to
/// test.
#[derive(Debug, Clone, Default)]
struct Candidates {
    all: Vec<u32>,
    processing: Vec<u32>,
}

impl Candidates {
    /// `cuts[i]`: policy `i` belongs to a version group with a version that
    /// cuts the processing time (computed once for all slots).
    fn new(mut all: Vec<u32>, cuts: &[bool]) -> Candidates {
        all.sort_unstable();
        all.dedup();
        let processing = all
            .iter()
            .copied()
            .filter(|&i| cuts.get(i as usize).copied().unwrap_or(false))
            .collect();
        Candidates { all, processing }
    }
}

/// Which candidates [`PolicySet::candidates`] yields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Wanted {
    /// Every policy that may concern the procedure.
    All,
    /// Only policies with a version that cuts the processing time.
    ProcessingCuts,
}

impl PolicySet {
    /// Merges `top` over `base` record by record (same overlay and id: all
    /// versions replaced; categories by id), resolves every name against the
    /// catalogue's procedures and lists, and indexes the result.
    pub(crate) fn build(
        top: PolicyLayer,
        base: Option<&PolicySet>,
        procedures: &[Procedure],
        lists: &[EssentialList],
        diags: &mut Diagnostics,
    ) -> PolicySet {
        let mut layer = match base {
            None => top,
            Some(b) => {
                let replaced: HashSet<(Option<&str>, &str)> =
                    top.policies.iter().map(Versioned::key).collect();
                let replaced_cat: HashSet<&str> =
                    top.categories.iter().map(|c| c.id.as_str()).collect();
                let mut policies: Vec<Policy> = b
                    .layer
                    .policies
                    .iter()
                    .filter(|p| !replaced.contains(&p.key()))
                    .cloned()
                    .collect();
                let mut categories: Vec<Category> = b
                    .layer
                    .categories
                    .iter()
                    .filter(|c| !replaced_cat.contains(c.id.as_str()))
                    .cloned()
                    .collect();
                policies.extend(top.policies.iter().cloned());
                categories.extend(top.categories.iter().cloned());
                PolicyLayer {
                    policies,
                    categories,
                }
            }
        };
        crate::validity::versions(&layer.policies, diags);
        crate::validity::versions(&layer.categories, diags);

        if layer.categories.len() > MAX_CATEGORIES {
            if let Some(c) = layer.categories.get(MAX_CATEGORIES) {
                diags.error(
                    codes::INVALID_VALUE,
                    Some(c.loc.clone()),
                    format!("more than {MAX_CATEGORIES} applicant categories"),
                    "merge categories; the engine tests them as a 64-bit set",
                );
            }
        }
        let category_bits: FxHashMap<String, u32> = layer
            .categories
            .iter()
            .take(MAX_CATEGORIES)
            .zip(0u32..)
            .map(|(c, i)| (c.id.clone(), i))
            .collect();

        // Versions of one policy adjacent and in date order, so that the
        // engine finds the one in force in a single pass.
        layer.policies.sort_by(|a, b| {
            (a.id.as_str(), a.overlay.as_deref(), a.validity.from).cmp(&(
                b.id.as_str(),
                b.overlay.as_deref(),
                b.validity.from,
            ))
        });
        // Every procedure id gets a slot first: conditions test procedures by
        // slot number, and each slot holds the procedure's candidates.
        let all_ids: BTreeSet<&str> = procedures.iter().map(|p| p.id.as_str()).collect();
        let by_procedure: FxHashMap<String, u32> = all_ids
            .iter()
            .zip(0u32..)
            .map(|(id, slot)| ((*id).to_string(), slot))
            .collect();
        // A condition names a procedure by id or code: one map, not a scan
        // of every procedure per name (3,000 dated-rate policies on 10,000
        // procedures made that scan 6 % of the load).
        let mut by_id_or_code: FxHashMap<&str, usize> = FxHashMap::default();
        for (i, p) in procedures.iter().enumerate() {
            by_id_or_code.entry(p.id.as_str()).or_insert(i);
            if let Some(code) = &p.code {
                by_id_or_code.entry(code.as_str()).or_insert(i);
            }
        }
        let names = Names {
            procedures,
            lists,
            categories: &category_bits,
            slots: &by_procedure,
            by_id_or_code: &by_id_or_code,
        };
        for p in &mut layer.policies {
            p.condition.resolve(&names, diags);
        }

        let mut specific: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        let mut global: Vec<u32> = Vec::new();
        for (p, i) in layer.policies.iter().zip(0u32..) {
            match p.condition.scope(procedures) {
                None => global.push(i),
                Some(ids) => {
                    for id in ids {
                        specific.entry(id).or_default().push(i);
                    }
                }
            }
        }
        let mut group = Vec::with_capacity(layer.policies.len());
        let mut group_cuts: Vec<bool> = Vec::new();
        for (k, p) in layer.policies.iter().enumerate() {
            let prev = k.checked_sub(1).and_then(|j| layer.policies.get(j));
            if prev.is_none_or(|q| q.key() != p.key()) {
                group_cuts.push(false);
            }
            let n = group_cuts.len().saturating_sub(1);
            if matches!(p.effect, Effect::Processing(_)) {
                if let Some(c) = group_cuts.get_mut(n) {
                    *c = true;
                }
            }
            group.push(u32::try_from(n).unwrap_or(u32::MAX));
        }
        // Every version of a policy with at least one processing version.
        let cuts: Vec<bool> = group
            .iter()
            .map(|&g| group_cuts.get(g as usize).copied().unwrap_or(false))
            .collect();
        // In slot order, as numbered above.
        let slots = all_ids
            .into_iter()
            .map(|id| {
                let mut v = specific.remove(id).unwrap_or_default();
                v.extend(global.iter().copied());
                Candidates::new(v, &cuts)
            })
            .collect();
        let global = Candidates::new(global, &cuts);

        let overlay_ids: HashSet<(&str, &str)> = layer
            .policies
            .iter()
            .filter_map(|p| p.overlay.as_deref().map(|o| (o, p.id.as_str())))
            .collect();
        let replaced_in = layer
            .policies
            .iter()
            .map(|p| match p.overlay {
                Some(_) => Vec::new(),
                None => {
                    let mut v: Vec<String> = overlay_ids
                        .iter()
                        .filter(|(_, id)| *id == p.id)
                        .map(|(o, _)| (*o).to_string())
                        .collect();
                    v.sort();
                    v
                }
            })
            .collect();

        PolicySet {
            layer,
            category_bits,
            by_procedure,
            slots,
            global,
            group,
            replaced_in,
        }
    }

    /// Every policy version, national and overlay, sorted by id.
    pub fn policies(&self) -> &[Policy] {
        &self.layer.policies
    }

    /// The declared applicant categories.
    pub fn categories(&self) -> &[Category] {
        &self.layer.categories
    }

    /// The bit of category `id` in a case's category mask.
    pub fn category_bit(&self, id: &str) -> Option<u32> {
        self.category_bits.get(id).copied()
    }

    /// The index slot of the policies that may concern `procedure_id`
    /// (`None`: only the unscoped ones may).
    pub(crate) fn slot(&self, procedure_id: &str) -> Option<u32> {
        self.by_procedure.get(procedure_id).copied()
    }

    /// The policies that may concern the procedure of `slot` (see
    /// [`PolicySet::slot`]) in `province` (the resolved province id), in id
    /// order with versions adjacent: national ones (unless the province
    /// replaces them) and the province's own. The flag is true when the
    /// policy is a later version of the one yielded just before it.
    pub(crate) fn candidates<'s>(
        &'s self,
        slot: Option<u32>,
        province: Option<&'s str>,
        wanted: Wanted,
    ) -> impl Iterator<Item = (&'s Policy, Standing<'s>, bool)> + 's {
        let c = slot
            .and_then(|s| self.slots.get(s as usize))
            .unwrap_or(&self.global);
        let idx = match wanted {
            Wanted::All => &c.all,
            Wanted::ProcessingCuts => &c.processing,
        };
        let mut last_group = None;
        idx.iter().filter_map(move |&i| {
            let i = i as usize;
            let p = self.layer.policies.get(i)?;
            let group = self.group.get(i).copied();
            let next_version = group.is_some() && group == last_group;
            last_group = group;
            match (&p.overlay, province) {
                (Some(o), Some(prov)) if o == prov => Some((p, Standing::Candidate, next_version)),
                (Some(_), _) => None,
                (None, Some(prov)) => {
                    let replaced = self
                        .replaced_in
                        .get(i)
                        .is_some_and(|v| v.iter().any(|x| x == prov));
                    let standing = if replaced {
                        Standing::ReplacedBy(prov)
                    } else {
                        Standing::Candidate
                    };
                    Some((p, standing, next_version))
                }
                (None, None) => Some((p, Standing::Candidate, next_version)),
            }
        })
    }
}
