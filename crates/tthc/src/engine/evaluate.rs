//! One evaluation: find the procedure as of the submission date, test the
//! candidate policies, combine what holds, and write the receipt.
//!
//! The combination rules are those of docs/policies.md §3–§5: per fee item,
//! the single most favourable non-stacking policy, then the stacking ones in
//! `stack_order`; the same for processing-time cuts; online-only rules
//! intersect; priority is a flag.

use std::borrow::Cow;

use super::case::Case;
use super::decision::citations;
use super::decision::*;
use super::EvalError;
use crate::catalog::legal::{LegalRef, Status};
use crate::catalog::model::{FeeKind, OnlineLevel, ProcessingTime};
use crate::catalog::Catalog;
use crate::date::VnDateTime;
use crate::policy::{Channel, ChannelSet, Effect, Facts, InForceAt, Policy, PolicyKind, Standing};

/// A policy whose validity and condition hold for the case.
struct Held<'a> {
    policy: &'a Policy,
    /// Used for at least one fee item, the processing time, or a flag.
    used: bool,
    /// Concerned at least one fee item (or the statutory time, for cuts).
    matched: bool,
    /// Why a held policy was not used, when it matched.
    beaten_by: Option<&'a str>,
    unit_mismatch: bool,
}

/// One fee item as evaluated.
struct Item<'a> {
    kind: FeeKind,
    name: &'a str,
    base: i64,
    status: &'static str,
    legal_basis: &'a [LegalRef],
}

fn fee_kind_str(k: FeeKind) -> &'static str {
    match k {
        FeeKind::LePhi => "le-phi",
        FeeKind::Phi => "phi",
    }
}

/// The instant at which `p`'s validity is tested.
fn instant_for(p: &Policy, case: &Case) -> VnDateTime {
    match p.in_force_at {
        InForceAt::SubmittedAt => case.submitted_at,
        InForceAt::PaidAt => case.paid_at.unwrap_or(case.submitted_at),
    }
}

/// Ties between equally favourable policies go to the province's own, then
/// to the smaller id, so that the receipt is the same on every run.
fn preferred(a: &Policy, b: &Policy) -> bool {
    (a.overlay.is_none(), a.id.as_str()) < (b.overlay.is_none(), b.id.as_str())
}

fn not_applied<'a>(p: &'a Policy, reason: &'static str, detail: Cow<'a, str>) -> NotApplied<'a> {
    NotApplied {
        policy: Cow::Borrowed(&p.id),
        source: source_of(p),
        reason: Cow::Borrowed(reason),
        condition: None,
        detail,
        by: None,
        valid_from: p.validity.from,
        valid_to: p.validity.to,
    }
}

fn source_of(p: &Policy) -> Cow<'static, str> {
    match &p.overlay {
        None => Cow::Borrowed("national"),
        Some(_) => Cow::Owned(p.source()),
    }
}

pub(super) fn evaluate<'a>(cat: &'a Catalog, case: &'a Case) -> Result<Decision<'a>, EvalError> {
    let reference = case.submitted_at;
    let on = reference.date();
    let view = cat.procedure(&case.procedure, on, case.province.as_deref())?;
    let proc = view.procedure;
    if let Some(level) = case.agency_level {
        if !proc.levels.contains(&level) {
            return Err(EvalError::LevelNotCompetent {
                procedure: proc.id.clone(),
                level: level_name(level),
                on,
                competent: proc
                    .levels
                    .iter()
                    .map(|l| level_name(*l))
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
    }
    let policies = cat.policies();
    let mut categories = 0u64;
    for c in &case.applicant.categories {
        match policies.category_bit(c) {
            Some(bit) => categories |= 1u64 << bit,
            None => {
                return Err(EvalError::UnknownCategory {
                    category: c.clone(),
                    known: policies
                        .categories()
                        .iter()
                        .map(|c| c.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                })
            }
        }
    }
    let level = proc
        .online
        .iter()
        .find(|o| o.validity.contains(on))
        .map(|o| o.level);
    let (full_process_online, fpo_source) = match case.full_process_online {
        Some(b) => (b, "case"),
        None => (
            case.channel.is_online()
                && level.and_then(OnlineLevel::decree42_equivalent) == Some(OnlineLevel::Full),
            "derived",
        ),
    };
    let province_id = view.province.as_ref().map(|r| r.id);
    let facts = Facts {
        procedure_id: &proc.id,
        sector: &proc.sector,
        online_level: level,
        channel: case.channel,
        full_process_online,
        applicant_kind: case.applicant.kind,
        categories,
        identity_level: case.applicant.identity_level,
        case_type: &case.case_type,
        agency_level: case.agency_level,
    };

    // 1. Which candidates are in force and hold.
    let mut held: Vec<Held<'a>> = Vec::with_capacity(8);
    let mut skipped: Vec<NotApplied<'a>> = Vec::with_capacity(8);
    let mut it = policies.candidates(&proc.id, province_id).peekable();
    while let Some((first, standing)) = it.next() {
        let in_force = |p: &Policy| p.validity.contains(instant_for(p, case).date());
        let mut chosen = in_force(first).then_some(first);
        let mut last = first;
        while let Some((next, _)) = it.peek() {
            if next.id != first.id || next.overlay != first.overlay {
                break;
            }
            if chosen.is_none() && in_force(next) {
                chosen = Some(*next);
            }
            last = next;
            it.next();
        }
        if let Standing::ReplacedBy(prov) = standing {
            let mut n = not_applied(
                first,
                "replaced-by-overlay",
                Cow::Borrowed("the province's overlay has a policy with the same id"),
            );
            n.by = Some(Cow::Borrowed(prov));
            skipped.push(n);
            continue;
        }
        let Some(p) = chosen else {
            // Report the version nearest the date: the last one that ended
            // before it, or else the first one, which starts after it.
            let near = if last.validity.to.is_some_and(|t| t < on) {
                last
            } else {
                first
            };
            skipped.push(not_applied(
                near,
                "not-in-force",
                Cow::Borrowed("not in force at the reference instant"),
            ));
            continue;
        };
        if !p.enabled {
            let why = p.note.as_deref().unwrap_or("disabled");
            skipped.push(not_applied(p, "disabled", Cow::Borrowed(why)));
            continue;
        }
        if let Some(label) = p.condition.failure(&facts, instant_for(p, case).date()) {
            let mut n = not_applied(p, "condition-false", Cow::Borrowed(&label.needs));
            n.condition = Some(Cow::Borrowed(&label.path));
            skipped.push(n);
            continue;
        }
        held.push(Held {
            policy: p,
            used: false,
            matched: false,
            beaten_by: None,
            unit_mismatch: false,
        });
    }

    // 2. Fees, item by item.
    let (fee_source, items): (&'static str, Vec<Item<'a>>) = match &case.fee_items {
        Some(list) => (
            "case",
            list.iter()
                .map(|f| Item {
                    kind: f.item,
                    name: &f.name,
                    base: f.amount,
                    status: "supplied",
                    legal_basis: &[],
                })
                .collect(),
        ),
        None => {
            let chosen = if view.fees.iter().any(|f| f.case == case.case_type) {
                case.case_type.as_str()
            } else {
                "default"
            };
            (
                "catalogue",
                view.fees
                    .iter()
                    .filter(|f| f.case == chosen)
                    .map(|f| Item {
                        kind: f.item,
                        name: &f.name,
                        base: f.amount,
                        status: f.status.as_str(),
                        legal_basis: &f.legal_basis,
                    })
                    .collect(),
            )
        }
    };
    let mut lines = Vec::with_capacity(items.len());
    let mut reductions = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let concerns = |h: &Held<'_>| match &h.policy.effect {
            Effect::Fee { items: sel, .. } => sel.as_ref().is_none_or(|s| s.contains(&item.kind)),
            _ => false,
        };
        let mut best: Option<(i64, usize)> = None;
        for (k, h) in held.iter().enumerate() {
            if h.policy.stack_order.is_some() || !concerns(h) {
                continue;
            }
            let Effect::Fee { rule, .. } = h.policy.effect else {
                continue;
            };
            let r = rule.apply(item.base);
            let better = match best.and_then(|(b, j)| held.get(j).map(|hj| (b, hj))) {
                None => true,
                Some((b, hj)) => r < b || (r == b && preferred(h.policy, hj.policy)),
            };
            if better {
                best = Some((r, k));
            }
        }
        let mut amount = item.base;
        let winner = best
            .and_then(|(_, k)| held.get(k))
            .map(|h| h.policy.id.as_str());
        if let Some((r, k)) = best {
            if let Some(h) = held.get_mut(k) {
                reductions.push(reduction(h.policy, n, amount, r));
                amount = r;
            }
        }
        let mut stacking: Vec<usize> = if held.iter().any(|h| h.policy.stack_order.is_some()) {
            (0..held.len())
                .filter(|&k| {
                    held.get(k)
                        .is_some_and(|h| h.policy.stack_order.is_some() && concerns(h))
                })
                .collect()
        } else {
            Vec::new()
        };
        stacking.sort_by(|&a, &b| {
            let key = |k: usize| {
                held.get(k)
                    .map(|h| (h.policy.stack_order, h.policy.id.as_str()))
            };
            key(a).cmp(&key(b))
        });
        for k in stacking {
            if let Some(h) = held.get(k) {
                if let Effect::Fee { rule, .. } = h.policy.effect {
                    let r = rule.apply(amount);
                    reductions.push(reduction(h.policy, n, amount, r));
                    amount = r;
                }
            }
        }
        for (k, h) in held.iter_mut().enumerate() {
            if !concerns(h) {
                continue;
            }
            h.matched = true;
            let chosen = best.is_some_and(|(_, b)| b == k) || h.policy.stack_order.is_some();
            if chosen {
                h.used = true;
            } else if h.beaten_by.is_none() {
                h.beaten_by = winner;
            }
        }
        lines.push(FeeLine {
            item: Cow::Borrowed(fee_kind_str(item.kind)),
            name: Cow::Borrowed(item.name),
            base: item.base,
            payable: amount,
            status: Cow::Borrowed(item.status),
            legal_basis: citations(item.legal_basis),
        });
    }

    // 3. Processing time.
    let statutory: Option<&ProcessingTime> = view
        .processing
        .iter()
        .find(|t| t.case == case.case_type)
        .or_else(|| view.processing.iter().find(|t| t.case == "default"))
        .copied();
    let mut cuts = Vec::new();
    let mut effective = statutory.map(|s| s.amount);
    if let Some(s) = statutory {
        let mut best: Option<(u32, usize)> = None;
        for (k, h) in held.iter_mut().enumerate() {
            let Effect::Processing(rule) = h.policy.effect else {
                continue;
            };
            h.matched = true;
            if h.policy.stack_order.is_some() {
                continue;
            }
            match rule.cut(s.amount, s.unit) {
                None => h.unit_mismatch = true,
                Some(c) => {
                    let better = match best {
                        None => true,
                        Some((b, _)) => c > b,
                    };
                    if better {
                        best = Some((c, k));
                    }
                }
            }
        }
        let mut remaining = s.amount;
        if let Some((c, k)) = best {
            if let Some(h) = held.get_mut(k) {
                h.used = true;
                cuts.push(cut(h.policy, c, s));
                remaining -= c.min(remaining);
            }
        }
        let winner = best
            .and_then(|(_, k)| held.get(k))
            .map(|h| h.policy.id.as_str());
        let mut stacking: Vec<usize> = (0..held.len())
            .filter(|&k| {
                held.get(k).is_some_and(|h| {
                    h.policy.stack_order.is_some()
                        && matches!(h.policy.effect, Effect::Processing(_))
                })
            })
            .collect();
        stacking.sort_by(|&a, &b| {
            let key = |k: usize| {
                held.get(k)
                    .map(|h| (h.policy.stack_order, h.policy.id.as_str()))
            };
            key(a).cmp(&key(b))
        });
        for k in stacking {
            if let Some(h) = held.get_mut(k) {
                if let Effect::Processing(rule) = h.policy.effect {
                    match rule.cut(remaining, s.unit) {
                        Some(c) => {
                            h.used = true;
                            cuts.push(cut(h.policy, c, s));
                            remaining -= c.min(remaining);
                        }
                        None => h.unit_mismatch = true,
                    }
                }
            }
        }
        for h in held.iter_mut() {
            if matches!(h.policy.effect, Effect::Processing(_)) && !h.used && !h.unit_mismatch {
                h.beaten_by = winner;
            }
        }
        effective = Some(remaining);
    }

    // 4. Online-only and priority.
    let mut online_only = false;
    let mut accepted = ChannelSet::ALL;
    let mut priority = false;
    for h in held.iter_mut() {
        match h.policy.effect {
            Effect::OnlineOnly(set) => {
                online_only = true;
                accepted = accepted.intersect(set);
                h.used = true;
                h.matched = true;
            }
            Effect::Priority => {
                priority = true;
                h.used = true;
                h.matched = true;
            }
            _ => {}
        }
    }
    // Only a recorded level 1–2 refuses the portals: where the catalogue has
    // no level for the date, it cannot say the service is not online, and a
    // portal that received the dossier knows better (docs/policies.md §6).
    let accepts_online = level.is_none_or(OnlineLevel::accepts_online_submission);
    if !online_only {
        accepted = ChannelSet::default();
        for c in Channel::ALL {
            if !c.is_online() || accepts_online {
                accepted.insert(c);
            }
        }
    }
    let channel_accepted = accepted.contains(case.channel);

    // 5. The receipt.
    let mut unconfirmed: Vec<Cow<'a, str>> = view.unconfirmed.into_iter().map(Cow::Owned).collect();
    let mut applied = Vec::new();
    for h in &held {
        let p = h.policy;
        if h.used {
            if p.status == Status::Unconfirmed {
                unconfirmed.push(Cow::Owned(format!("policy {}: unconfirmed", p.id)));
            }
            let at = instant_for(p, case);
            applied.push(AppliedPolicy {
                policy: Cow::Borrowed(&p.id),
                kind: Cow::Borrowed(p.kind.map_or("none", PolicyKind::as_str)),
                source: source_of(p),
                status: Cow::Borrowed(p.status.as_str()),
                valid_from: p.validity.from,
                valid_to: p.validity.to,
                in_force_at: (at != reference).then_some(at),
                legal_basis: Cow::Borrowed(&p.citations),
            });
            continue;
        }
        let (reason, detail): (&'static str, &'static str) = if h.unit_mismatch {
            (
                "unit-mismatch",
                "the cut is in another unit than the statutory processing time",
            )
        } else if !h.matched && p.kind.is_some_and(PolicyKind::is_fee) {
            (
                "no-fee-item",
                "the case has no fee item of the kind this policy concerns",
            )
        } else if !h.matched {
            (
                "no-processing-time",
                "the procedure has no statutory processing time for this case type",
            )
        } else {
            (
                "less-favourable",
                "another policy is at least as favourable to the applicant and takes precedence",
            )
        };
        let mut n = not_applied(p, reason, Cow::Borrowed(detail));
        n.by = h.beaten_by.map(Cow::Borrowed);
        skipped.push(n);
    }

    let base: i64 = lines.iter().map(|l| l.base).sum();
    let payable: i64 = lines.iter().map(|l| l.payable).sum();
    let unit = statutory.map(|s| s.unit.as_str());
    let effective = effective.zip(unit).map(|(amount, unit)| TimeAmount {
        amount,
        unit: Cow::Borrowed(unit),
    });
    let province_id = view.province.as_ref().map(|r| r.id);
    let province = view.province.map(|r| ProvinceSummary {
        requested: Cow::Borrowed(case.province.as_deref().unwrap_or(r.id)),
        id: Cow::Borrowed(r.id),
        name: Cow::Borrowed(r.name),
        resolved_to_successor: !r.via.is_empty(),
        succession: r.explanation().map(Cow::Owned),
    });
    Ok(Decision {
        procedure: ProcedureSummary {
            id: Cow::Borrowed(&proc.id),
            code: proc.code.as_deref().map(Cow::Borrowed),
            name: Cow::Borrowed(&proc.name),
            name_en: proc.name_en.as_deref().map(Cow::Borrowed),
            sector: Cow::Borrowed(&proc.sector),
            source: view.source,
            status: Cow::Borrowed(proc.status.as_str()),
            valid_from: proc.validity.from,
            valid_to: proc.validity.to,
        },
        province,
        case_type: Cow::Borrowed(&case.case_type),
        channel: case.channel,
        online_level: view.online_level.map(|o| OnlineLevelSummary {
            level: Cow::Borrowed(o.level),
            label_vi: Cow::Borrowed(o.label_vi),
            accepts_online_submission: o.accepts_online_submission,
            status: Cow::Borrowed(o.status.as_str()),
        }),
        full_process_online,
        full_process_online_source: Cow::Borrowed(fpo_source),
        essential_lists: view
            .essential_lists
            .into_iter()
            .map(|l| ListSummary {
                id: Cow::Borrowed(l.id),
                name: Cow::Borrowed(l.name),
                status: Cow::Borrowed(l.status.as_str()),
            })
            .collect(),
        online_only,
        accepted_channels: accepted.iter().collect(),
        channel_accepted,
        priority,
        reusable_documents: view
            .reusable_documents
            .into_iter()
            .map(Cow::Borrowed)
            .collect(),
        fee: Fee {
            source: Cow::Borrowed(fee_source),
            items: lines,
            base,
            reductions,
            payable,
        },
        processing: Processing {
            statutory: statutory.map(|s| Statutory {
                amount: s.amount,
                unit: Cow::Borrowed(s.unit.as_str()),
                case: Cow::Borrowed(&s.case),
                status: Cow::Borrowed(s.status.as_str()),
                legal_basis: citations(&s.legal_basis),
            }),
            cuts,
            effective: effective.clone(),
        },
        deadline: Deadline {
            due_at: due_at(cat, case, proc, province_id, effective.as_ref()),
            processing_time: effective,
        },
        receipt: Receipt {
            engine_version: Cow::Borrowed(crate::VERSION),
            catalogue_hash: Cow::Borrowed(cat.content_hash()),
            reference_instant: reference,
            applied,
            not_applied: skipped,
            unconfirmed,
        },
    })
}

fn reduction<'a>(p: &'a Policy, item: usize, before: i64, after: i64) -> FeeReduction<'a> {
    FeeReduction {
        policy: Cow::Borrowed(&p.id),
        kind: Cow::Borrowed(p.kind.map_or("none", PolicyKind::as_str)),
        item,
        amount: before - after,
        payable_after: after,
        legal_basis: Cow::Borrowed(&p.citations),
        status: Cow::Borrowed(p.status.as_str()),
    }
}

fn cut<'a>(p: &'a Policy, amount: u32, s: &ProcessingTime) -> ProcessingCut<'a> {
    ProcessingCut {
        policy: Cow::Borrowed(&p.id),
        amount,
        unit: Cow::Borrowed(s.unit.as_str()),
        legal_basis: Cow::Borrowed(&p.citations),
        status: Cow::Borrowed(p.status.as_str()),
    }
}

/// The due instant under the catalogue's deadline rules, counted from the
/// submission with the effective (post-cut) processing time; `None` when the
/// rules cannot answer (e.g. no processing time and no same-day rule), which
/// `Engine::deadline` reports as an error with its reason.
fn due_at(
    cat: &Catalog,
    case: &Case,
    proc: &crate::catalog::model::Procedure,
    province: Option<&str>,
    effective: Option<&TimeAmount<'_>>,
) -> Option<VnDateTime> {
    let period = effective.and_then(|t| {
        crate::catalog::model::TimeUnit::parse(&t.unit)
            .map(|u| crate::deadline::Period::new(t.amount, u))
    });
    let dossier = crate::deadline::Dossier {
        received_at: case.submitted_at,
        channel: case.channel,
        level: case.agency_level,
        province,
        procedure: &proc.id,
        sector: &proc.sector,
        period,
    };
    crate::deadline::due_in(cat, &dossier)
        .ok()
        .map(|d| d.due_at)
}

fn level_name(l: crate::catalog::model::Level) -> &'static str {
    use crate::catalog::model::Level;
    match l {
        Level::Central => "central",
        Level::Province => "province",
        Level::District => "district",
        Level::Commune => "commune",
    }
}
