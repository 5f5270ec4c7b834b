//! One evaluation: find the procedure as of the submission date, test the
//! candidate policies, combine what holds, and write the receipt.
//!
//! The combination rules are those of docs/policies.md §3–§5: per fee item,
//! the single most favourable non-stacking policy, then the stacking ones in
//! `stack_order`; the same for processing-time cuts; online-only rules
//! intersect; priority is a flag.

use std::borrow::Cow;

use super::case::{Case, CaseFeeItem};
use super::decision::*;
use super::EvalError;
use crate::catalog::model::{
    FeeCharge, FeeItem, FeeKind, OnlineLevel, OnlineLevelRecord, Procedure, ProcessingTime,
    Selection, TimeUnit, TimeValue,
};
use crate::catalog::{Catalog, ResolvedProvince, Unconfirmed};
use crate::channel::{Channel, ChannelSet};
use crate::date::{Date, VnDateTime};
use crate::deadline::Period;
use crate::legal::{Citation, Status};
use crate::policy::{Effect, Facts, InForceAt, Policy, PolicyKind, Standing, Wanted};

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
    /// `None` where the source does not say phí or lệ phí.
    kind: Option<FeeKind>,
    name: &'a str,
    base: i64,
    status: &'static str,
    citations: &'a [Citation<'static>],
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

/// What every use of a case starts from: the procedure version in force on
/// the submission date, the resolved province, and the facts that policy
/// conditions test. Shared by evaluate() and `Engine::deadline`.
struct Subject<'a> {
    proc: &'a Procedure,
    province: Option<ResolvedProvince<'a>>,
    on: Date,
    /// The procedure's online service level on `on`.
    online: Option<&'a OnlineLevelRecord>,
    fpo_source: &'static str,
    facts: Facts<'a>,
}

impl<'a> Subject<'a> {
    #[inline]
    fn of(cat: &'a Catalog, case: &'a Case) -> Result<Subject<'a>, EvalError> {
        let on = case.submitted_at.date();
        let (proc, province) =
            cat.procedure_version(&case.procedure, on, case.province.as_deref())?;
        if let Some(level) = case.agency_level {
            if proc.levels_unknown.is_none() && !proc.levels.contains(&level) {
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
                        category: crate::excerpt::excerpt(c).into_owned(),
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
        let online = proc.online_on(on);
        let level = online.map(|o| o.level);
        let (full_process_online, fpo_source) = match case.full_process_online {
            Some(b) => (b, "case"),
            None => (
                case.channel.is_online()
                    && level.and_then(OnlineLevel::decree42_equivalent) == Some(OnlineLevel::Full),
                "derived",
            ),
        };
        let facts = Facts {
            procedure_id: &proc.id,
            procedure_slot: proc.policy_slot,
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
        Ok(Subject {
            proc,
            province,
            on,
            online,
            fpo_source,
            facts,
        })
    }

    fn province_id(&self) -> Option<&'a str> {
        self.province.as_ref().map(|r| r.id)
    }

    /// The statutory processing time for the case type (else the "default"
    /// one) on the case's channel, or why there is none.
    fn statutory(&self, case_type: &'a str, channel: Channel) -> Result<Statute<'a>, NoTime<'a>> {
        let (found, case) = Selection::first(&self.proc.processing, self.on, case_type, channel);
        let Some(record) = found else {
            return Err(NoTime {
                reason: Note::not_recorded("processing time", case, channel, self.on),
                recorded: false,
            });
        };
        match &record.time {
            TimeValue::Known { amount, unit } => Ok(Statute {
                record,
                amount: *amount,
                unit: *unit,
            }),
            TimeValue::Unknown { reason, .. } => Err(NoTime {
                reason: Note::from(reason.as_str()),
                recorded: true,
            }),
        }
    }
}

/// Why a case has no statutory time.
#[derive(Clone)]
struct NoTime<'a> {
    reason: Note<'a>,
    /// The catalogue records the time as unknown (rather than recording no
    /// time at all). Only a procedure with no time falls back on its
    /// sector's same-day rule: an unknown time may be a longer one that the
    /// source did not give, and a same-day due date would be a guess.
    recorded: bool,
}

/// A statutory processing time the source states in full.
#[derive(Clone, Copy)]
struct Statute<'a> {
    record: &'a ProcessingTime,
    amount: u32,
    unit: TimeUnit,
}

/// Step 1: which candidate policies are in force and hold for the case.
/// `skipped`, when given, receives every candidate that does not, with why.
/// With `processing_only`, only processing-time cuts are tested (the other
/// kinds never change the processing time), which is all a deadline needs.
fn holding<'a>(
    cat: &'a Catalog,
    case: &'a Case,
    s: &Subject<'a>,
    processing_only: bool,
    mut skipped: Option<&mut Vec<NotApplied<'a>>>,
) -> Vec<Held<'a>> {
    let on = s.on;
    let wanted = if processing_only {
        Wanted::ProcessingCuts
    } else {
        Wanted::All
    };
    let mut it = cat
        .policies()
        .candidates(s.proc.policy_slot, s.province_id(), wanted)
        .peekable();
    // Every candidate is held or skipped at most once, so the candidate
    // count bounds both lists. Sized by it (up to the 8 entries both lists
    // used to start with), the skipped list of the usual handful of
    // candidates (160 bytes an entry) stays within the allocator's
    // per-thread cache, where 8 entries (1,280 bytes) took malloc's and
    // free's slow paths on every evaluation.
    let bound = it.size_hint().1.unwrap_or(0).min(8);
    let mut held: Vec<Held<'a>> = if processing_only {
        Vec::new()
    } else {
        Vec::with_capacity(bound)
    };
    if let Some(v) = skipped.as_deref_mut() {
        v.reserve(bound);
    }
    let report = skipped.is_some();
    let mut skip = |n: NotApplied<'a>| {
        if let Some(v) = skipped.as_deref_mut() {
            v.push(n);
        }
    };
    while let Some((first, standing, _)) = it.next() {
        let in_force = |p: &Policy| p.validity.contains(instant_for(p, case).date());
        let mut chosen = in_force(first).then_some(first);
        let mut last = first;
        while let Some(&(next, _, next_version)) = it.peek() {
            if !next_version {
                break;
            }
            if chosen.is_none() && in_force(next) {
                chosen = Some(next);
            }
            last = next;
            it.next();
        }
        if let Standing::ReplacedBy(prov) = standing {
            if report {
                let mut n = not_applied(
                    first,
                    "replaced-by-overlay",
                    Cow::Borrowed("the province's overlay has a policy with the same id"),
                );
                n.by = Some(Cow::Borrowed(prov));
                skip(n);
            }
            continue;
        }
        let Some(p) = chosen else {
            if report {
                // Report the version nearest the date: the last one that ended
                // before it, or else the first one, which starts after it.
                let near = if last.validity.to.is_some_and(|t| t < on) {
                    last
                } else {
                    first
                };
                skip(not_applied(
                    near,
                    "not-in-force",
                    Cow::Borrowed("not in force at the reference instant"),
                ));
            }
            continue;
        };
        if processing_only && !matches!(p.effect, Effect::Processing(_)) {
            continue;
        }
        if !p.enabled {
            if report {
                let why = p.note.as_deref().unwrap_or("disabled");
                skip(not_applied(p, "disabled", Cow::Borrowed(why)));
            }
            continue;
        }
        if let Some(label) = p.condition.failure(&s.facts, instant_for(p, case).date()) {
            if report {
                let mut n = not_applied(p, "condition-false", Cow::Borrowed(&label.needs));
                n.condition = Some(Cow::Borrowed(&label.path));
                skip(n);
            }
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
    held
}

/// Step 3: the processing-time cuts of the held policies against the
/// statutory time — the single largest non-stacking cut, then the stacking
/// ones in `stack_order` — marking each held policy used, matched, beaten or
/// in another unit. Returns the cuts and the effective amount (`None` when
/// there is no statutory time). Shared by evaluate() and `Engine::deadline`.
fn cut_processing<'a>(
    held: &mut [Held<'a>],
    statutory: Option<Statute<'_>>,
) -> (Vec<ProcessingCut<'a>>, Option<u32>) {
    let Some(s) = statutory else {
        return (Vec::new(), None);
    };
    // Room for every cut that can apply, so that the usual one cut is one
    // allocation rather than a growth (none when no cut holds).
    let mut cuts = Vec::with_capacity(
        held.iter()
            .filter(|h| matches!(h.policy.effect, Effect::Processing(_)))
            .count(),
    );
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
            cuts.push(cut(h.policy, c, s.unit));
            remaining -= c.min(remaining);
        }
    }
    let winner = best
        .and_then(|(_, k)| held.get(k))
        .map(|h| h.policy.id.as_str());
    for k in stacking(held, |h| matches!(h.policy.effect, Effect::Processing(_))) {
        if let Some(h) = held.get_mut(k) {
            if let Effect::Processing(rule) = h.policy.effect {
                match rule.cut(remaining, s.unit) {
                    Some(c) => {
                        h.used = true;
                        cuts.push(cut(h.policy, c, s.unit));
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
    (cuts, Some(remaining))
}

/// Indexes of the held stacking policies that `concerns` selects, in
/// `stack_order` then id order (docs/policies.md §4). Allocates nothing when
/// no policy stacks, the usual case.
fn stacking(held: &[Held<'_>], concerns: impl Fn(&Held<'_>) -> bool) -> Vec<usize> {
    let mut v: Vec<usize> = held
        .iter()
        .enumerate()
        .filter(|(_, h)| h.policy.stack_order.is_some() && concerns(h))
        .map(|(k, _)| k)
        .collect();
    v.sort_by_key(|&k| {
        held.get(k)
            .map(|h| (h.policy.stack_order, h.policy.id.as_str()))
    });
    v
}

/// The `processing` block of a decision and a deadline: the statutory time,
/// the cuts, the effective time.
#[inline(always)]
fn processing_block<'a>(
    statutory: &Result<Statute<'a>, NoTime<'a>>,
    cuts: Vec<ProcessingCut<'a>>,
    effective: Option<u32>,
) -> Processing<'a> {
    let known = statutory.as_ref().ok();
    Processing {
        statutory: known.map(|s| Statutory {
            amount: s.amount,
            unit: Cow::Borrowed(s.unit.as_str()),
            case: Cow::Borrowed(&s.record.case),
            status: Cow::Borrowed(s.record.status.as_str()),
            legal_basis: Cow::Borrowed(&s.record.citations),
        }),
        cuts,
        effective: effective_time(known.copied(), effective),
        unknown: statutory.as_ref().err().map(|n| n.reason.clone()),
    }
}

/// The effective processing time, in the statutory time's unit.
#[inline(always)]
fn effective_time<'a>(
    statutory: Option<Statute<'a>>,
    effective: Option<u32>,
) -> Option<TimeAmount<'a>> {
    statutory.zip(effective).map(|(s, amount)| TimeAmount {
        amount,
        unit: Cow::Borrowed(s.unit.as_str()),
    })
}

/// The period counted for a deadline: the effective processing time.
fn period_of(statutory: Option<Statute<'_>>, effective: Option<u32>) -> Option<Period> {
    statutory
        .zip(effective)
        .map(|(s, amount)| Period::new(amount, s.unit))
}

/// What a deadline needs of an evaluation, and nothing else: the procedure
/// version, the resolved province, the processing block exactly as
/// evaluate() settles it, and the period to count.
pub(crate) struct Timing<'a> {
    pub(crate) procedure: &'a Procedure,
    pub(crate) province: Option<&'a str>,
    pub(crate) processing: Processing<'a>,
    pub(crate) period: Option<Period>,
    /// The catalogue records the time as unknown: no same-day rule answers.
    pub(crate) unknown_recorded: bool,
}

/// The lean path of `Engine::deadline` and `Engine::track`: the procedure
/// lookup, the statutory time, and the processing-time cuts, with the same
/// errors as evaluate() and the same `processing` block, but no fees,
/// receipt, lists or documents.
pub(crate) fn timing<'a>(cat: &'a Catalog, case: &'a Case) -> Result<Timing<'a>, EvalError> {
    let s = Subject::of(cat, case)?;
    let mut held = holding(cat, case, &s, true, None);
    let statutory = s.statutory(&case.case_type, case.channel);
    let known = statutory.as_ref().ok().copied();
    let (cuts, effective) = cut_processing(&mut held, known);
    Ok(Timing {
        procedure: s.proc,
        province: s.province_id(),
        processing: processing_block(&statutory, cuts, effective),
        period: period_of(known, effective),
        unknown_recorded: statutory.as_ref().is_err_and(|n| n.recorded),
    })
}

/// The fee items of a case: those it supplies, else the catalogue's known
/// items that [`Selection`] picks for its date, case type and channel.
enum Items<'a> {
    Case(std::slice::Iter<'a, CaseFeeItem>),
    Catalogue {
        fees: std::slice::Iter<'a, FeeItem>,
        selection: Selection<'a>,
    },
}

impl<'a> Iterator for Items<'a> {
    type Item = Item<'a>;

    #[inline]
    fn next(&mut self) -> Option<Item<'a>> {
        match self {
            Items::Case(it) => it.next().map(|f| Item {
                kind: Some(f.item),
                name: &f.name,
                base: f.amount,
                status: "supplied",
                citations: &[],
            }),
            Items::Catalogue { fees, selection } => fees.find_map(|f| match &f.charge {
                FeeCharge::Known { item, name, amount } if selection.holds(f) => Some(Item {
                    kind: *item,
                    name,
                    base: *amount,
                    status: f.status.as_str(),
                    citations: &f.citations,
                }),
                _ => None,
            }),
        }
    }
}

pub(super) fn evaluate<'a>(cat: &'a Catalog, case: &'a Case) -> Result<Decision<'a>, EvalError> {
    let reference = case.submitted_at;
    let subject = Subject::of(cat, case)?;
    let on = subject.on;
    let proc = subject.proc;
    let full_process_online = subject.facts.full_process_online;
    let level = subject.facts.online_level;

    // 1. Which candidates are in force and hold.
    let mut skipped: Vec<NotApplied<'a>> = Vec::new();
    let mut held = holding(cat, case, &subject, false, Some(&mut skipped));

    // 2. Fees, item by item.
    let (fee_source, items, fee_unknown) = match &case.fee_items {
        Some(list) => ("case", Items::Case(list.iter()), None),
        None => {
            let selection = Selection::new(&proc.fees, on, &case.case_type, case.channel);
            (
                "catalogue",
                Items::Catalogue {
                    fees: proc.fees.iter(),
                    selection,
                },
                unknown_fee(&proc.fees, &selection, case.channel, on),
            )
        }
    };
    // Sized up front: a growing Vec costs more than the one allocation.
    let mut lines = Vec::with_capacity(match &case.fee_items {
        Some(list) => list.len(),
        None => proc.fees.len(),
    });
    let mut reductions = Vec::with_capacity(
        held.iter()
            .filter(|h| matches!(h.policy.effect, Effect::Fee { .. }))
            .count(),
    );
    for (n, item) in items.enumerate() {
        let concerns = |h: &Held<'_>| match &h.policy.effect {
            // A policy for named items does not reach an item the source left unnamed.
            Effect::Fee { items: sel, .. } => sel
                .as_ref()
                .is_none_or(|s| item.kind.is_some_and(|k| s.contains(&k))),
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
        for k in stacking(&held, concerns) {
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
            item: item.kind.map(|k| Cow::Borrowed(fee_kind_str(k))),
            name: Cow::Borrowed(item.name),
            base: item.base,
            payable: amount,
            status: Cow::Borrowed(item.status),
            legal_basis: Cow::Borrowed(item.citations),
        });
    }

    // 3. Processing time.
    let statutory = subject.statutory(&case.case_type, case.channel);
    let known = statutory.as_ref().ok().copied();
    let (cuts, effective) = cut_processing(&mut held, known);
    let period = period_of(known, effective);

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
    // The ways of filing the procedure's record lists (its Cách thức rows):
    // a channel it does not list is not accepted.
    if !proc.channels.is_empty() {
        accepted = accepted.intersect(proc.channels);
    }
    let channel_accepted = accepted.contains(case.channel);

    // 5. The receipt.
    // The unconfirmed facts in the order of the procedure view: the
    // record's own, its lists (flagged as they are written), its policies.
    // Pushed into one list as found. Collecting the record's facts built a
    // list of them, copied it into a list of notes of the exact length and
    // freed it; a list's or policy's note pushed after that grew it again.
    let mut unconfirmed: Vec<Note<'a>> = Vec::new();
    cat.unconfirmed_record_facts(proc, on, |u| unconfirmed.push(Note::unconfirmed(u)));
    let essential_lists = cat
        .essential_lists_of(proc, on)
        .map(|l| {
            if l.status == Status::Unconfirmed {
                unconfirmed.push(Note::unconfirmed(Unconfirmed::List(l.id)));
            }
            ListSummary {
                id: Cow::Borrowed(l.id),
                name: Cow::Borrowed(l.name),
                status: Cow::Borrowed(l.status.as_str()),
            }
        })
        .collect();
    let mut applied = Vec::with_capacity(held.iter().filter(|h| h.used).count());
    for h in &held {
        let p = h.policy;
        if h.used {
            if p.status == Status::Unconfirmed {
                unconfirmed.push(Note::unconfirmed(Unconfirmed::Policy(&p.id)));
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

    let known_fee = fee_unknown.is_none();
    let base = known_fee.then(|| lines.iter().map(|l| l.base).sum());
    let payable = known_fee.then(|| lines.iter().map(|l| l.payable).sum());
    let province_id = subject.province_id();
    let province = subject.province.map(|r| ProvinceSummary {
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
            source: proc.source(),
            status: Cow::Borrowed(proc.status.as_str()),
            valid_from: proc.validity.from,
            valid_to: proc.validity.to,
        },
        province,
        case_type: Cow::Borrowed(&case.case_type),
        channel: case.channel,
        online_level: subject.online.map(|o| OnlineLevelSummary {
            level: Cow::Borrowed(o.level.as_str()),
            label_vi: Cow::Borrowed(o.level.label_vi()),
            accepts_online_submission: o.level.accepts_online_submission(),
            status: Cow::Borrowed(o.status.as_str()),
        }),
        full_process_online,
        full_process_online_source: Cow::Borrowed(subject.fpo_source),
        essential_lists,
        online_only,
        accepted_channels: accepted.iter().collect(),
        channel_accepted,
        priority,
        reusable_documents: proc.reusable_documents_on(on).map(Cow::Borrowed).collect(),
        deadline: DeadlineSummary {
            due_at: if statutory.as_ref().is_err_and(|n| n.recorded) {
                None
            } else {
                due_at(cat, case, proc, province_id, period)
            },
            processing_time: effective_time(known, effective),
        },
        // Built here rather than in a local above, so that it is written
        // into the answer once instead of copied into it (208 bytes).
        processing: processing_block(&statutory, cuts, effective),
        receipt: Receipt {
            engine_version: Cow::Borrowed(crate::VERSION),
            catalogue_hash: Cow::Borrowed(cat.content_hash()),
            reference_instant: reference,
            applied,
            not_applied: skipped,
            unconfirmed,
        },
        // Last, after every field whose making calls out (the lists, the
        // due date, the notes' clones): built before them, the block (152
        // bytes) was kept aside across those calls and copied twice on its
        // way into the answer; built last, it is written in place.
        fee: Fee {
            source: Cow::Borrowed(fee_source),
            items: lines,
            base,
            reductions,
            payable,
            unknown: fee_unknown,
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

/// Why the catalogue's fee for a case is unknown, or `None` when every
/// selected item has an amount: no item recorded for the date, case type and
/// channel, or an item whose source gives no amount.
fn unknown_fee<'a>(
    fees: &'a [FeeItem],
    selection: &Selection<'a>,
    channel: Channel,
    on: Date,
) -> Option<Note<'a>> {
    let mut selected = fees.iter().filter(|f| selection.holds(*f)).peekable();
    if selected.peek().is_none() {
        return Some(Note::not_recorded("fee", selection.case(), channel, on));
    }
    selected.find_map(|f| match &f.charge {
        FeeCharge::Unknown { reason, .. } => Some(Note::labelled(f.label(), reason)),
        FeeCharge::Known { .. } => None,
    })
}

fn cut<'a>(p: &'a Policy, amount: u32, unit: TimeUnit) -> ProcessingCut<'a> {
    ProcessingCut {
        policy: Cow::Borrowed(&p.id),
        amount,
        unit: Cow::Borrowed(unit.as_str()),
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
    proc: &Procedure,
    province: Option<&str>,
    period: Option<Period>,
) -> Option<VnDateTime> {
    let dossier = crate::deadline::Dossier {
        received_at: case.submitted_at,
        channel: case.channel,
        level: case.agency_level,
        province,
        procedure: &proc.id,
        sector: &proc.sector,
        period,
    };
    crate::deadline::due_in(cat.calendars(), cat.deadline_rules(), &dossier)
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
