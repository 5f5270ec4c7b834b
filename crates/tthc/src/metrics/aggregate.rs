//! Running totals per (unit, period): the only state that grows with the
//! input, and it grows with the number of units and periods, not records.

use serde::{Deserialize, Serialize};

use crate::catalog::model::OnlineLevel;
use crate::date::Date;
use crate::deadline::Outcome;
use rustc_hash::FxHashMap;

use super::status::Lifecycle;

/// What the report groups dossiers by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    /// The province after succession on the receipt date.
    #[default]
    Province,
    /// The agency text of the record.
    Agency,
    /// The record's sector, else the catalogue's sector of the procedure.
    Sector,
    /// The procedure id (the record's text when the catalogue lacks it).
    Procedure,
}

impl UnitKind {
    /// The names `--by` accepts, in the order shown.
    pub const NAMES: [&'static str; 4] = ["province", "agency", "sector", "procedure"];

    /// The unit named `s`, if any.
    pub fn parse(s: &str) -> Option<UnitKind> {
        match s {
            "province" => Some(UnitKind::Province),
            "agency" => Some(UnitKind::Agency),
            "sector" => Some(UnitKind::Sector),
            "procedure" => Some(UnitKind::Procedure),
            _ => None,
        }
    }

    /// The unit's name.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Province => "province",
            UnitKind::Agency => "agency",
            UnitKind::Sector => "sector",
            UnitKind::Procedure => "procedure",
        }
    }
}

/// The reporting period a dossier belongs to, by its receipt date.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    #[default]
    /// Calendar months.
    Month,
    /// Calendar quarters.
    Quarter,
    /// Calendar years.
    Year,
}

impl PeriodKind {
    /// The names `--period` accepts, in the order shown.
    pub const NAMES: [&'static str; 3] = ["month", "quarter", "year"];

    /// The period named `s`, if any.
    pub fn parse(s: &str) -> Option<PeriodKind> {
        match s {
            "month" => Some(PeriodKind::Month),
            "quarter" => Some(PeriodKind::Quarter),
            "year" => Some(PeriodKind::Year),
            _ => None,
        }
    }

    /// The period's name.
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Year => "year",
        }
    }

    /// A number that orders periods, e.g. year × 12 + month − 1.
    #[inline]
    pub fn key(self, d: Date) -> i32 {
        let (y, m, _) = d.ymd();
        let m0 = i32::try_from(m).unwrap_or(1) - 1;
        match self {
            PeriodKind::Month => y * 12 + m0,
            PeriodKind::Quarter => y * 4 + m0 / 3,
            PeriodKind::Year => y,
        }
    }

    /// "2025-03", "2025-Q1" or "2025".
    pub fn label(self, key: i32) -> String {
        match self {
            PeriodKind::Month => format!("{:04}-{:02}", key.div_euclid(12), key.rem_euclid(12) + 1),
            PeriodKind::Quarter => format!("{:04}-Q{}", key.div_euclid(4), key.rem_euclid(4) + 1),
            PeriodKind::Year => format!("{key:04}"),
        }
    }
}

/// What one record contributes, computed once and added to its unit's and
/// the total's accumulators.
#[derive(Clone, Copy, Debug)]
pub struct Observation {
    pub procedure: u32,
    pub online: bool,
    /// The service is offered online (DVCTT) on the receipt date; `None`: not known.
    pub dvctt: Option<bool>,
    /// The service is full-process (toàn trình); `None`: not known.
    pub full_process: Option<bool>,
    /// `None` when the deadline engine could not place the dossier.
    pub lifecycle: Option<Lifecycle>,
    pub paid_online: Option<bool>,
    pub electronic_result: Option<bool>,
    pub digitised: Option<bool>,
}

impl Observation {
    /// Whether the online level makes the service a DVCTT, and a full-process one.
    pub fn service(
        level: Option<OnlineLevel>,
        full_process: Option<bool>,
    ) -> (Option<bool>, Option<bool>) {
        let full = full_process
            .or_else(|| level.map(|l| l.decree42_equivalent() == Some(OnlineLevel::Full)));
        let dvctt = match level {
            Some(l) => Some(l.accepts_online_submission() || full == Some(true)),
            None => full.filter(|f| *f),
        };
        (dvctt, full)
    }
}

/// A yes/no field: how many said yes, of how many gave it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub yes: u64,
    pub known: u64,
}

impl Tally {
    #[inline]
    fn add(&mut self, v: Option<bool>) {
        if let Some(v) = v {
            self.known += 1;
            self.yes += u64::from(v);
        }
    }
}

pub(crate) const SEEN: u8 = 1;
pub(crate) const DVCTT: u8 = 2;
pub(crate) const DVCTT_ONLINE: u8 = 4;

/// Running totals of one (unit, period).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acc {
    pub dossiers: u64,
    pub online: u64,
    /// Dossiers of full-process services, and those of them filed online.
    pub full_process: u64,
    pub full_process_online: u64,
    /// Dossiers whose service's online level is not known.
    pub level_unknown: u64,
    pub early: u64,
    pub on_time: u64,
    pub late: u64,
    /// Finished without a deadline to compare with.
    pub finished_undated: u64,
    pub working_days_sum: i64,
    pub working_days_n: u64,
    pub open: u64,
    pub open_overdue: u64,
    pub withdrawn: u64,
    pub status_unknown: u64,
    pub online_open: u64,
    /// Online dossiers finished late or open past their deadline.
    pub online_late: u64,
    pub paid_online: Tally,
    pub electronic_result: Tally,
    pub digitised: Tally,
    /// Per procedure id (dense, from the resolver's interner): SEEN | DVCTT |
    /// DVCTT_ONLINE. A vector, not a map: it is touched for every record and
    /// the ids are small. Written as (id, flags) pairs of the procedures
    /// seen, since most groups see few of the ids.
    #[serde(with = "sparse_flags")]
    pub procedures: Vec<u8>,
}

impl Acc {
    #[inline]
    pub fn add(&mut self, o: &Observation) {
        self.dossiers += 1;
        self.online += u64::from(o.online);
        match o.full_process {
            Some(true) => {
                self.full_process += 1;
                self.full_process_online += u64::from(o.online);
            }
            Some(false) => {}
            None => self.level_unknown += 1,
        }
        match o.lifecycle {
            Some(Lifecycle::Finished {
                outcome,
                working_days,
            }) => {
                match outcome {
                    Some(Outcome::Early) => self.early += 1,
                    Some(Outcome::OnTime) => self.on_time += 1,
                    Some(Outcome::Late) => {
                        self.late += 1;
                        self.online_late += u64::from(o.online);
                    }
                    None => self.finished_undated += 1,
                }
                if let Some(d) = working_days {
                    self.working_days_sum += i64::from(d);
                    self.working_days_n += 1;
                }
            }
            Some(Lifecycle::Open { overdue }) => {
                self.open += 1;
                self.open_overdue += u64::from(overdue);
                self.online_open += u64::from(o.online);
                self.online_late += u64::from(o.online && overdue);
            }
            Some(Lifecycle::Withdrawn) => self.withdrawn += 1,
            None => self.status_unknown += 1,
        }
        self.paid_online.add(o.paid_online);
        self.electronic_result.add(o.electronic_result);
        self.digitised.add(o.digitised);
        let mut flags = SEEN;
        if o.dvctt == Some(true) {
            flags |= DVCTT;
            if o.online {
                flags |= DVCTT_ONLINE;
            }
        }
        let i = o.procedure as usize;
        if i >= self.procedures.len() {
            self.procedures.resize(i + 1, 0);
        }
        if let Some(f) = self.procedures.get_mut(i) {
            *f |= flags;
        }
    }

    /// Adds another accumulator's totals: every count is a sum, and a
    /// procedure's flags are an "any" over the dossiers, so merging the
    /// units' totals gives exactly what adding every record again would.
    pub fn merge(&mut self, o: &Acc) {
        self.merge_mapped(o, Some);
    }

    /// [`Acc::merge`] of totals whose procedure ids are another interner's:
    /// `map` gives this side's id for each of theirs (`None`: an id the other
    /// side never had, which a checked state does not hold).
    pub fn merge_mapped(&mut self, o: &Acc, map: impl Fn(u32) -> Option<u32>) {
        let Acc {
            dossiers,
            online,
            full_process,
            full_process_online,
            level_unknown,
            early,
            on_time,
            late,
            finished_undated,
            working_days_sum,
            working_days_n,
            open,
            open_overdue,
            withdrawn,
            status_unknown,
            online_open,
            online_late,
            paid_online,
            electronic_result,
            digitised,
            procedures,
        } = o;
        self.dossiers += dossiers;
        self.online += online;
        self.full_process += full_process;
        self.full_process_online += full_process_online;
        self.level_unknown += level_unknown;
        self.early += early;
        self.on_time += on_time;
        self.late += late;
        self.finished_undated += finished_undated;
        self.working_days_sum += working_days_sum;
        self.working_days_n += working_days_n;
        self.open += open;
        self.open_overdue += open_overdue;
        self.withdrawn += withdrawn;
        self.status_unknown += status_unknown;
        self.online_open += online_open;
        self.online_late += online_late;
        for (mine, theirs) in [
            (&mut self.paid_online, paid_online),
            (&mut self.electronic_result, electronic_result),
            (&mut self.digitised, digitised),
        ] {
            mine.yes += theirs.yes;
            mine.known += theirs.known;
        }
        for (i, &flags) in procedures.iter().enumerate() {
            if flags == 0 {
                continue;
            }
            let Some(to) = u32::try_from(i).ok().and_then(&map) else {
                continue;
            };
            let to = to as usize;
            if to >= self.procedures.len() {
                self.procedures.resize(to + 1, 0);
            }
            if let Some(f) = self.procedures.get_mut(to) {
                *f |= flags;
            }
        }
    }

    /// Finished dossiers with a deadline: the denominator of the timeliness shares.
    pub fn timed(&self) -> u64 {
        self.early + self.on_time + self.late
    }

    /// Procedures whose flags include all of `mask`.
    pub fn procedures_with(&self, mask: u8) -> u64 {
        self.procedures
            .iter()
            .filter(|f| **f & mask == mask)
            .count() as u64
    }
}

/// The running totals of every (unit, period).
///
/// An index finds a group's totals, which lie in a vector apart from it: the
/// index is small enough to stay in cache, the totals (a few hundred bytes
/// for each of thousands of groups) are not, and this way a record waits for
/// memory once, for its totals, not first for the index entry next to them.
#[derive(Clone, Debug, Default)]
pub struct Groups {
    index: FxHashMap<(u32, i32), usize>,
    totals: Vec<Acc>,
}

impl Groups {
    /// The totals of `(unit, period)`, created empty when new.
    #[inline]
    pub fn entry(&mut self, key: (u32, i32)) -> &mut Acc {
        let totals = &mut self.totals;
        let i = *self.index.entry(key).or_insert_with(|| {
            totals.push(Acc::default());
            totals.len() - 1
        });
        // Every index was pushed with its entry.
        &mut totals[i]
    }

    pub fn get(&self, key: &(u32, i32)) -> Option<&Acc> {
        self.index.get(key).and_then(|&i| self.totals.get(i))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&(u32, i32), &Acc)> {
        self.index
            .iter()
            .filter_map(|(k, &i)| Some((k, self.totals.get(i)?)))
    }
}

/// Written as a list of `(unit, period, totals)`; a key listed twice is
/// refused when read (no state writes one).
impl Serialize for Groups {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Collected first: postcard writes a list's length before it.
        let list: Vec<_> = self
            .iter()
            .map(|((unit, period), acc)| (unit, period, acc))
            .collect();
        s.collect_seq(list)
    }
}

impl<'de> Deserialize<'de> for Groups {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Groups, D::Error> {
        let list = Vec::<(u32, i32, Acc)>::deserialize(d)?;
        let mut groups = Groups::default();
        for (unit, period, acc) in list {
            if groups.get(&(unit, period)).is_some() {
                return Err(serde::de::Error::custom(format!(
                    "the totals of unit {unit}, period {period} are listed twice"
                )));
            }
            *groups.entry((unit, period)) = acc;
        }
        Ok(groups)
    }
}

/// A procedure-flags vector as `(id, flags)` pairs of its non-zero entries.
mod sparse_flags {
    use serde::{Deserialize, Deserializer, Serializer};

    /// Ids above this are refused when read: the flags vector is as long
    /// as the largest id, so a damaged id must not allocate gigabytes.
    const MAX_ID: u32 = 1 << 24;

    pub fn serialize<S: Serializer>(flags: &[u8], s: S) -> Result<S::Ok, S::Error> {
        let pairs: Vec<(u32, u8)> = flags
            .iter()
            .enumerate()
            .filter(|(_, f)| **f != 0)
            .map(|(i, f)| (i as u32, *f))
            .collect();
        s.collect_seq(pairs)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let pairs = Vec::<(u32, u8)>::deserialize(d)?;
        let mut flags = Vec::new();
        for (id, f) in pairs {
            if id >= MAX_ID {
                return Err(serde::de::Error::custom(format!(
                    "procedure id {id} is out of range"
                )));
            }
            let id = id as usize;
            if id >= flags.len() {
                flags.resize(id + 1, 0);
            }
            if let Some(slot) = flags.get_mut(id) {
                *slot |= f;
            }
        }
        Ok(flags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_keys_and_labels() {
        let d = Date::from_ymd(2025, 11, 30).unwrap();
        assert_eq!(PeriodKind::Month.label(PeriodKind::Month.key(d)), "2025-11");
        assert_eq!(
            PeriodKind::Quarter.label(PeriodKind::Quarter.key(d)),
            "2025-Q4"
        );
        assert_eq!(PeriodKind::Year.label(PeriodKind::Year.key(d)), "2025");
        let jan = Date::from_ymd(2026, 1, 1).unwrap();
        assert!(PeriodKind::Month.key(jan) == PeriodKind::Month.key(d) + 2);
    }

    #[test]
    fn service_kind_from_level_or_record() {
        use OnlineLevel::*;
        assert_eq!(
            Observation::service(Some(Legacy(4)), None),
            (Some(true), Some(true))
        );
        assert_eq!(
            Observation::service(Some(Partial), None),
            (Some(true), Some(false))
        );
        assert_eq!(
            Observation::service(Some(Legacy(2)), None),
            (Some(false), Some(false))
        );
        assert_eq!(Observation::service(None, None), (None, None));
        assert_eq!(
            Observation::service(None, Some(true)),
            (Some(true), Some(true))
        );
        assert_eq!(Observation::service(None, Some(false)), (None, Some(false)));
        // The record's full_process wins over the level.
        assert_eq!(
            Observation::service(Some(Partial), Some(true)),
            (Some(true), Some(true))
        );
    }
}
