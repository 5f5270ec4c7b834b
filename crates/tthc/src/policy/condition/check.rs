//! Checking one conjunction of a condition for tests that exclude each
//! other, so that a policy that can never apply is an error at load.

use super::{Condition, Test};
use crate::channel::ChannelSet;
use crate::diagnostics::{codes, Diagnostics};
use crate::policy::model::ApplicantKind;
use crate::source::Table;
use crate::validity::Validity;

/// Reports tests in one conjunction that exclude each other: disjoint
/// channel sets, disjoint windows, two applicant kinds.
pub(super) fn check_contradictions(t: &Table<'_>, parts: &[Condition], diags: &mut Diagnostics) {
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
