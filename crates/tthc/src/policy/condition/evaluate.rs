//! Testing a condition against the facts of one case: the first failing
//! test, for the receipt, or none.

use super::{Condition, Facts, Label, Test};
use crate::date::Date;

impl Condition {
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
}
