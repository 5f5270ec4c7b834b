//! What a policy does, and the arithmetic of it in whole đồng and whole
//! units of time.
//!
//! Rounding is part of the law's meaning, so it is fixed here and stated in
//! docs/policies.md: a percentage of a fee is rounded **in the applicant's
//! favour** (the amount payable is rounded down to the đồng); a percentage cut
//! of a processing time is rounded as the policy says, **down** by default
//! (an agency is never asked for a fraction of a day it cannot measure).

use serde::Serialize;

use super::model::PolicyKind;
use crate::catalog::model::{FeeKind, TimeUnit};
use crate::channel::{Channel, ChannelSet};
use crate::diagnostics::Diagnostics;
use crate::source::Table;

/// A fee rule, applied to one fee item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeeRule {
    /// This percentage off (1–100).
    PercentOff(u32),
    /// This many đồng off, never below zero.
    AmountOff(i64),
    /// The amount payable is this.
    Set(i64),
    /// Nothing is payable.
    Exempt,
}

impl FeeRule {
    /// The amount payable after this rule on `amount` đồng.
    ///
    /// A percentage is computed exactly in integers and the payable amount is
    /// rounded down: payable = ⌊amount × (100 − p) / 100⌋.
    pub fn apply(self, amount: i64) -> i64 {
        match self {
            FeeRule::PercentOff(p) => {
                let keep = i128::from(100 - p.min(100));
                i64::try_from(i128::from(amount.max(0)) * keep / 100).unwrap_or(0)
            }
            FeeRule::AmountOff(a) => (amount - a).max(0),
            FeeRule::Set(s) => s,
            FeeRule::Exempt => 0,
        }
    }
}

/// How a percentage cut of a processing time is rounded to whole units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Rounding {
    #[default]
    /// Drop any fraction of a unit.
    Down,
    /// Count any fraction as a whole unit.
    Up,
    /// Half a unit or more rounds up.
    Nearest,
}

impl Rounding {
    /// The names policy files use.
    pub const NAMES: [&'static str; 3] = ["down", "up", "nearest"];

    fn parse(s: &str) -> Option<Rounding> {
        match s {
            "down" => Some(Rounding::Down),
            "up" => Some(Rounding::Up),
            "nearest" => Some(Rounding::Nearest),
            _ => None,
        }
    }

    /// The rounding's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Rounding::Down => "down",
            Rounding::Up => "up",
            Rounding::Nearest => "nearest",
        }
    }
}

/// A processing-time rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeRule {
    /// This percentage of the time, rounded to whole units.
    PercentOff(u32, Rounding),
    /// This many units, which must be the statutory time's unit.
    AmountOff(u32, TimeUnit),
}

impl TimeRule {
    /// The cut, in the statutory unit, from a remaining time of `amount`;
    /// `None` when the units differ (a cut in days says nothing about hours).
    pub fn cut(self, amount: u32, unit: TimeUnit) -> Option<u32> {
        match self {
            TimeRule::PercentOff(p, r) => {
                let num = u64::from(amount) * u64::from(p.min(100));
                let cut = match r {
                    Rounding::Down => num / 100,
                    Rounding::Up => num.div_ceil(100),
                    Rounding::Nearest => (num + 50) / 100,
                };
                Some(u32::try_from(cut).unwrap_or(amount).min(amount))
            }
            TimeRule::AmountOff(a, u) => (u == unit).then_some(a.min(amount)),
        }
    }
}

/// The effect of a policy, by kind.
#[derive(Clone, Debug, Default)]
pub enum Effect {
    /// A disabled record does nothing.
    #[default]
    None,
    /// A fee rule.
    Fee {
        /// The rule.
        rule: FeeRule,
        /// Which fee items it touches; `None`: every item.
        items: Option<Vec<FeeKind>>,
    },
    /// A processing-time rule.
    Processing(TimeRule),
    /// Only these channels are accepted.
    OnlineOnly(ChannelSet),
    /// The dossier is handled with priority.
    Priority,
}

const FEE_KIND_NAMES: [&str; 2] = ["le-phi", "phi"];

impl Effect {
    /// Reads `[policy.effect]` for a policy of `kind`. `t` is `None` when the
    /// policy has no effect table.
    pub(crate) fn read(
        kind: PolicyKind,
        t: Option<&Table<'_>>,
        owner: &Table<'_>,
        diags: &mut Diagnostics,
    ) -> Option<Effect> {
        let needs_table = |diags: &mut Diagnostics, example: &str| {
            owner.invalid(
                "kind",
                format!("a {} policy needs an `effect` table", kind.as_str()),
                format!("add [policy.effect] with {example}"),
                diags,
            );
        };
        match kind {
            PolicyKind::FeeReduction | PolicyKind::FeeExemption | PolicyKind::FeeSet => {
                let allowed: &[&str] = match kind {
                    PolicyKind::FeeReduction => &["percent", "amount", "items"],
                    PolicyKind::FeeSet => &["amount", "items"],
                    _ => &["items"],
                };
                if let Some(t) = t {
                    t.check_keys(allowed, diags);
                }
                let items = t.and_then(|t| read_fee_items(t, diags));
                let rule = match kind {
                    PolicyKind::FeeExemption => FeeRule::Exempt,
                    PolicyKind::FeeSet => {
                        let Some(t) = t else {
                            needs_table(diags, "amount = <đồng payable>");
                            return None;
                        };
                        if !t.has("amount") {
                            t.req_int("amount", diags);
                            return None;
                        }
                        FeeRule::Set(t.opt_uint("amount", 1_000_000_000_000, diags)?)
                    }
                    _ => {
                        let Some(t) = t else {
                            needs_table(diags, "percent = <1–100> or amount = <đồng off>");
                            return None;
                        };
                        match percent_or_amount(t, diags)? {
                            (Some(p), None) => FeeRule::PercentOff(p),
                            (None, Some(a)) => FeeRule::AmountOff(a),
                            _ => return None,
                        }
                    }
                };
                Some(Effect::Fee { rule, items })
            }
            PolicyKind::ProcessingCut => {
                let Some(t) = t else {
                    needs_table(
                        diags,
                        "percent = <1–100> or amount = <n> with unit = \"working-days\"",
                    );
                    return None;
                };
                t.check_keys(&["percent", "amount", "unit", "rounding"], diags);
                let rounding = t.opt_enum("rounding", &Rounding::NAMES, diags);
                let unit = t.opt_enum("unit", &TimeUnit::NAMES, diags);
                match percent_or_amount(t, diags)? {
                    (Some(p), None) => {
                        if t.has("unit") {
                            t.invalid(
                                "unit",
                                "`unit` is for a cut given as an `amount`",
                                "a percentage cut is in the statutory time's own unit: remove `unit`",
                                diags,
                            );
                        }
                        let r = rounding.map_or(Some(Rounding::Down), Rounding::parse)?;
                        Some(Effect::Processing(TimeRule::PercentOff(p, r)))
                    }
                    (None, Some(a)) => {
                        if t.has("rounding") {
                            t.invalid(
                                "rounding",
                                "`rounding` is for a cut given as a `percent`",
                                "an amount needs no rounding: remove `rounding`",
                                diags,
                            );
                        }
                        let Some(unit) = unit.and_then(TimeUnit::parse) else {
                            if !t.has("unit") {
                                t.req_str("unit", diags);
                            }
                            return None;
                        };
                        let Ok(a) = u32::try_from(a) else {
                            t.invalid(
                                "amount",
                                "the cut is too large",
                                "give the cut in the statutory unit",
                                diags,
                            );
                            return None;
                        };
                        Some(Effect::Processing(TimeRule::AmountOff(a, unit)))
                    }
                    _ => None,
                }
            }
            PolicyKind::OnlineOnly => {
                let mut set = ChannelSet::default();
                set.insert(Channel::NationalPortal);
                set.insert(Channel::ProvincialPortal);
                if let Some(t) = t {
                    t.check_keys(&["channels"], diags);
                    if let Some(items) = t.opt_str_list("channels", diags) {
                        set = ChannelSet::default();
                        for (s, loc) in items {
                            match Channel::parse(&s) {
                                Some(c) => set.insert(c),
                                None => diags.error(
                                    crate::diagnostics::codes::INVALID_VALUE,
                                    Some(loc),
                                    format!("`{s}` is not a channel"),
                                    format!("allowed: {}", Channel::NAMES.join(", ")),
                                ),
                            }
                        }
                        if set == ChannelSet::default() {
                            t.invalid(
                                "channels",
                                "an online-only policy that accepts no channel would refuse every dossier",
                                "list the accepted channels, e.g. [\"national-portal\", \"provincial-portal\"]",
                                diags,
                            );
                            return None;
                        }
                    }
                }
                Some(Effect::OnlineOnly(set))
            }
            PolicyKind::Priority => {
                if let Some(t) = t {
                    t.check_keys(&[], diags);
                }
                Some(Effect::Priority)
            }
        }
    }
}

/// Exactly one of `percent` (1–100) and `amount` (> 0).
fn percent_or_amount(t: &Table<'_>, diags: &mut Diagnostics) -> Option<(Option<u32>, Option<i64>)> {
    match (t.has("percent"), t.has("amount")) {
        (true, true) => {
            t.invalid(
                "amount",
                "effect has both `percent` and `amount`",
                "give one of them; two reductions are two policies",
                diags,
            );
            None
        }
        (false, false) => {
            t.req_int("percent", diags);
            None
        }
        (true, false) => {
            let p = t.opt_uint("percent", 100, diags)?;
            if p == 0 {
                t.invalid(
                    "percent",
                    "`percent = 0` changes nothing",
                    "give a percentage from 1 to 100",
                    diags,
                );
                return None;
            }
            Some((u32::try_from(p).ok(), None))
        }
        (false, true) => {
            let a = t.opt_uint("amount", 1_000_000_000_000, diags)?;
            if a == 0 {
                t.invalid(
                    "amount",
                    "`amount = 0` changes nothing",
                    "give a positive amount",
                    diags,
                );
                return None;
            }
            Some((None, Some(a)))
        }
    }
}

fn read_fee_items(t: &Table<'_>, diags: &mut Diagnostics) -> Option<Vec<FeeKind>> {
    let items = t.opt_str_list("items", diags)?;
    let mut out = Vec::new();
    for (s, loc) in items {
        match s.as_str() {
            "le-phi" => out.push(FeeKind::LePhi),
            "phi" => out.push(FeeKind::Phi),
            _ => diags.error(
                crate::diagnostics::codes::INVALID_VALUE,
                Some(loc),
                format!("`{s}` is not a fee item kind"),
                format!("allowed: {}", FEE_KIND_NAMES.join(", ")),
            ),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_of_a_fee_rounds_the_payable_amount_down() {
        assert_eq!(FeeRule::PercentOff(50).apply(25_000), 12_500);
        // 90 % of 15,001 = 13,500.9 → 13,500 payable.
        assert_eq!(FeeRule::PercentOff(10).apply(15_001), 13_500);
        assert_eq!(FeeRule::PercentOff(100).apply(7_000), 0);
        assert_eq!(FeeRule::AmountOff(8_000).apply(5_000), 0);
        assert_eq!(FeeRule::Set(115_000).apply(135_000), 115_000);
        assert_eq!(FeeRule::Exempt.apply(20_000), 0);
    }

    #[test]
    fn percent_cut_of_time_follows_its_rounding() {
        let days = TimeUnit::WorkingDays;
        assert_eq!(
            TimeRule::PercentOff(30, Rounding::Down).cut(7, days),
            Some(2)
        );
        assert_eq!(TimeRule::PercentOff(30, Rounding::Up).cut(7, days), Some(3));
        assert_eq!(
            TimeRule::PercentOff(50, Rounding::Nearest).cut(5, days),
            Some(3)
        );
        assert_eq!(
            TimeRule::PercentOff(40, Rounding::Nearest).cut(5, days),
            Some(2)
        );
        assert_eq!(TimeRule::AmountOff(9, days).cut(5, days), Some(5));
        assert_eq!(
            TimeRule::AmountOff(1, days).cut(5, TimeUnit::WorkingHours),
            None
        );
    }
}
