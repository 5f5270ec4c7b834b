//! Reading `[[policy]]` and `[[category]]` tables from policy files.

use super::condition::Condition;
use super::effect::Effect;
use super::model::{Category, InForceAt, Policy, PolicyKind};
use crate::diagnostics::{codes, Diagnostics};
use crate::legal::Citation;
use crate::legal::{read_legal_basis, References, Status};
use crate::source::{SourceFile, Table};
use crate::validity::Validity;

/// Everything read from one tree's policy files.
#[derive(Debug, Default, Clone)]
pub struct PolicyLayer {
    /// The policies, in file order.
    pub policies: Vec<Policy>,
    /// The applicant categories the policies may name.
    pub categories: Vec<Category>,
}

const POLICY_KEYS: &[&str] = &[
    "id",
    "name",
    "kind",
    "enabled",
    "valid_from",
    "valid_to",
    "in_force_at",
    "legal_basis",
    "status",
    "note",
    "when",
    "effect",
    "stacks",
    "stack_order",
];

const CATEGORY_KEYS: &[&str] = &["id", "name", "name_en", "legal_basis", "status", "note"];

impl PolicyLayer {
    /// Reads policy files: `(overlay province, file)`. National files may
    /// declare `[[category]]`; overlay files only `[[policy]]`, because a
    /// category is a national definition (Law 97/2015 Art. 10).
    pub fn read(
        files: &[(Option<&str>, &SourceFile)],
        diags: &mut Diagnostics,
        refs: &mut References,
    ) -> PolicyLayer {
        let mut layer = PolicyLayer::default();
        for (overlay, file) in files {
            let Some(root) = file.parse(diags) else {
                continue;
            };
            if overlay.is_some() {
                root.check_keys(&["policy"], diags);
            } else {
                root.check_keys(&["policy", "category"], diags);
                for t in root.tables("category", "category", diags) {
                    layer.categories.extend(category(&t, diags, refs));
                }
            }
            for t in root.tables("policy", "policy", diags) {
                layer.policies.extend(policy(&t, *overlay, diags, refs));
            }
        }
        layer
    }
}

fn category(t: &Table<'_>, diags: &mut Diagnostics, refs: &mut References) -> Option<Category> {
    t.check_keys(CATEGORY_KEYS, diags);
    let id = read_id(t, diags);
    let name = t.req_text("name", diags);
    let name_en = t.opt_str("name_en", diags);
    let legal_basis = read_legal_basis(t, diags, refs);
    let status = Status::read(t, diags);
    t.opt_str("note", diags);
    Some(Category {
        id: id?,
        name: name?,
        name_en,
        legal_basis,
        status,
        loc: t.location(),
    })
}

fn read_id(t: &Table<'_>, diags: &mut Diagnostics) -> Option<String> {
    let id = t.req_text("id", diags)?;
    let ok = !id.is_empty()
        && id.split(['.', '-']).all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if !ok {
        t.invalid(
            "id",
            format!("{} id `{id}` is not a valid identifier", t.what()),
            "use lower-case ASCII letters and digits joined by `.` or `-`, e.g. `le-phi-cu-tru.truc-tuyen`",
            diags,
        );
        return None;
    }
    Some(id)
}

fn policy(
    t: &Table<'_>,
    overlay: Option<&str>,
    diags: &mut Diagnostics,
    refs: &mut References,
) -> Option<Policy> {
    t.check_keys(POLICY_KEYS, diags);
    let id = read_id(t, diags);
    let name = t.opt_str("name", diags);
    let enabled = t.opt_bool("enabled", diags).unwrap_or(true);
    let validity = Validity::read(t, diags);
    let status = Status::read(t, diags);
    let note = t.opt_str("note", diags);
    let in_force_at = match t.opt_enum("in_force_at", &InForceAt::NAMES, diags) {
        Some("paid_at") => InForceAt::PaidAt,
        _ => InForceAt::SubmittedAt,
    };
    // A disabled record only needs to say why; an enabled one is a full rule.
    if !enabled && note.is_none() && !t.has("legal_basis") {
        t.invalid(
            "enabled",
            "a disabled policy must say why",
            "add note = \"…\" (and legal_basis if a document disables it)",
            diags,
        );
    }
    let legal_basis = if enabled || t.has("legal_basis") {
        read_legal_basis(t, diags, refs)
    } else {
        Vec::new()
    };
    let kind = if t.has("kind") {
        t.opt_enum("kind", &PolicyKind::NAMES, diags)
            .and_then(PolicyKind::parse)
    } else {
        if enabled {
            t.req_str("kind", diags);
        }
        None
    };
    let condition = match t.opt_table("when", "condition", diags) {
        Some(w) => Condition::read(&w, "when", &validity, diags),
        None => Condition::default(),
    };
    let effect_table = t.opt_table("effect", "effect", diags);
    let effect = match kind {
        Some(k) if enabled => Effect::read(k, effect_table.as_ref(), t, diags),
        _ => Some(Effect::None),
    };
    let stacks = t.opt_bool("stacks", diags).unwrap_or(false);
    let order = t.opt_int("stack_order", diags);
    let stack_order = match (stacks, order, kind) {
        (true, _, Some(k))
            if !matches!(k, PolicyKind::FeeReduction | PolicyKind::ProcessingCut) =>
        {
            t.invalid(
                "stacks",
                format!("a {} policy cannot stack", k.as_str()),
                "only fee-reduction and processing-cut policies stack; an exemption or a set amount replaces the amount",
                diags,
            );
            None
        }
        (true, Some(n), _) => Some(n),
        (true, None, _) => {
            diags.error(
                codes::MISSING_KEY,
                Some(t.loc("stacks")),
                "a stacking policy needs a `stack_order`",
                "add stack_order = <integer>: stacking policies apply in ascending order, ties by id",
                );
            None
        }
        (false, Some(_), _) => {
            t.invalid(
                "stack_order",
                "`stack_order` without `stacks = true`",
                "add stacks = true, or remove stack_order",
                diags,
            );
            None
        }
        (false, None, _) => None,
    };
    Some(Policy {
        id: id?,
        name,
        kind,
        enabled,
        validity,
        in_force_at,
        citations: Citation::owned(&legal_basis),
        legal_basis,
        status,
        note,
        overlay: overlay.map(str::to_string),
        condition,
        // A rule whose effect did not read is kept without one: its errors
        // already fail the load, and its conditions are still resolved so
        // that every mistake in it is reported at once.
        effect: effect.unwrap_or_default(),
        stack_order,
        loc: t.location(),
    })
}
