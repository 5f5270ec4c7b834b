//! Catalogue facts of a record, looked up once per (procedure, province,
//! stretch of time) instead of once per record.
//!
//! Every catalogue answer the metrics need — which province a name means on
//! a date, which procedure version applies there, its sector, online level
//! and processing-time unit — is decided by which records' validity periods
//! contain the date. Those memberships change only on the `valid_from` days
//! and the days after the `valid_to` days of the catalogue's provinces and
//! procedures. Between two such days (a "segment") every answer is the same,
//! so the [`Resolver`] asks the catalogue once per (province text, segment)
//! and once per (procedure text, segment) — per province as well only for
//! provinces with procedure overlays — through the catalogue's own query
//! functions, not a copy of them, and keeps the answers. Its state grows with the number of distinct
//! procedures and provinces in the input, never with the number of records.

use crate::calendar::WorkingCalendar;
use crate::catalog::model::{OnlineLevel, TimeUnit};
use crate::date::Date;
use crate::validity::Validity;
use crate::Catalog;
use rustc_hash::FxHashMap;

use super::text::Text;

/// Texts numbered in order of first appearance, found by their bytes.
#[derive(Default, Debug)]
pub struct Interner {
    ids: FxHashMap<Box<[u8]>, u32>,
    names: Vec<Box<str>>,
}

impl Interner {
    #[inline]
    pub fn id(&mut self, t: Text<'_>) -> u32 {
        if let Some(&i) = self.ids.get(t.as_bytes()) {
            return i;
        }
        let i = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.ids.insert(t.as_bytes().into(), i);
        self.names.push(t.to_str().into());
        i
    }

    pub fn name(&self, i: u32) -> &str {
        self.names.get(i as usize).map_or("", |s| s)
    }

    /// Every text, in the order of their ids.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(|s| &**s)
    }
}

/// What the catalogue says about a record's procedure in its province on its date.
#[derive(Clone, Copy, Debug)]
pub struct CatalogFacts<'c> {
    /// Province id after succession, interned; `None` when the record names
    /// none or the catalogue does not know it.
    pub province: Option<u32>,
    /// The record's province text is not a province of the catalogue on the date.
    pub unknown_province: bool,
    /// The working calendar of the province (national when it has none).
    pub calendar: &'c WorkingCalendar,
    /// The procedure id (the record's text when the catalogue does not know it), interned.
    pub procedure: u32,
    pub unknown_procedure: bool,
    /// Sector id from the catalogue, interned.
    pub sector: Option<u32>,
    /// The catalogue's online level on the date.
    pub online_level: Option<OnlineLevel>,
    /// The procedure's period is in working hours, so a result is compared
    /// with its deadline to the instant rather than to the day.
    pub by_instant: bool,
}

/// Catalogue look-ups with a per-segment cache.
pub struct Resolver<'c> {
    catalog: &'c Catalog,
    /// Sorted days on which some validity period starts or has just ended.
    boundaries: Vec<Date>,
    /// (province text, segment) → province facts.
    provinces: FxHashMap<(u32, u32), ProvinceFacts<'c>>,
    /// (procedure text, overlay province or none, segment) → procedure facts.
    procedures: FxHashMap<(u32, u32, u32), ProcedureFacts>,
    /// Provinces (interned ids) with procedure overlays: only for them does
    /// the province change a procedure's answer, so only they key the
    /// procedure cache — which keeps it small enough to stay in cache.
    overlaid: Vec<u32>,
    /// Raw procedure and province texts.
    raw: Interner,
    /// Canonical ids: provinces, procedures, sectors.
    pub ids: Interner,
}

#[derive(Clone, Copy)]
struct ProvinceFacts<'c> {
    id: Option<u32>,
    unknown: bool,
    calendar: &'c WorkingCalendar,
}

#[derive(Clone, Copy)]
struct ProcedureFacts {
    id: u32,
    unknown: bool,
    sector: Option<u32>,
    online_level: Option<OnlineLevel>,
    by_instant: bool,
}

const NONE: u32 = u32::MAX;

fn push_bounds(out: &mut Vec<Date>, v: &Validity) {
    out.extend(v.from);
    out.extend(v.to.and_then(|t| t.add_days(1)));
}

impl<'c> Resolver<'c> {
    pub fn new(catalog: &'c Catalog) -> Resolver<'c> {
        let mut b = Vec::new();
        let mut ids = Interner::default();
        let mut overlaid = Vec::new();
        for p in catalog.provinces() {
            push_bounds(&mut b, &p.validity);
        }
        for p in catalog.procedures() {
            push_bounds(&mut b, &p.validity);
            for o in &p.online {
                push_bounds(&mut b, &o.validity);
            }
            for t in &p.processing {
                push_bounds(&mut b, &t.validity);
            }
            if let Some(o) = &p.overlay {
                overlaid.push(ids.id(Text::from(o.as_str())));
            }
        }
        for s in catalog.sectors() {
            push_bounds(&mut b, &s.validity);
        }
        b.sort_unstable();
        b.dedup();
        overlaid.sort_unstable();
        overlaid.dedup();
        Resolver {
            catalog,
            boundaries: b,
            provinces: FxHashMap::default(),
            procedures: FxHashMap::default(),
            overlaid,
            raw: Interner::default(),
            ids,
        }
    }

    pub fn catalog(&self) -> &'c Catalog {
        self.catalog
    }

    /// The catalogue facts for `procedure` in `province` on `on`.
    #[inline]
    pub fn facts(
        &mut self,
        procedure: Text<'_>,
        province: Option<Text<'_>>,
        on: Date,
    ) -> CatalogFacts<'c> {
        let segment = u32::try_from(self.boundaries.partition_point(|b| *b <= on)).unwrap_or(NONE);
        let prov_key = province.map_or(NONE, |p| self.raw.id(p));
        let prov = match self.provinces.get(&(prov_key, segment)) {
            Some(f) => *f,
            None => {
                let f = self.province(province.map(Text::to_str).as_deref(), on);
                self.provinces.insert((prov_key, segment), f);
                f
            }
        };
        let overlay = prov
            .id
            .filter(|p| self.overlaid.binary_search(p).is_ok())
            .unwrap_or(NONE);
        let proc_key = self.raw.id(procedure);
        let proc = match self.procedures.get(&(proc_key, overlay, segment)) {
            Some(f) => *f,
            None => {
                let f = self.procedure(&procedure.to_str(), prov.id, on);
                self.procedures.insert((proc_key, overlay, segment), f);
                f
            }
        };
        CatalogFacts {
            province: prov.id,
            unknown_province: prov.unknown,
            calendar: prov.calendar,
            procedure: proc.id,
            unknown_procedure: proc.unknown,
            sector: proc.sector,
            online_level: proc.online_level,
            by_instant: proc.by_instant,
        }
    }

    fn province(&mut self, province: Option<&str>, on: Date) -> ProvinceFacts<'c> {
        let cat = self.catalog;
        let resolved = province.map(|p| cat.resolve_province(p, on).ok().map(|r| r.id));
        let id = resolved.flatten();
        ProvinceFacts {
            id: id.map(|p| self.ids.id(Text::from(p))),
            unknown: matches!(resolved, Some(None)),
            calendar: cat.calendars().for_province(id),
        }
    }

    fn procedure(&mut self, procedure: &str, province: Option<u32>, on: Date) -> ProcedureFacts {
        let province = province.map(|p| self.ids.name(p).to_string());
        // An unknown province still lets the national version of the procedure answer.
        let view = self.catalog.procedure(procedure, on, province.as_deref());
        match &view {
            Ok(v) => {
                let known = || v.processing.iter().filter_map(|t| Some((t, t.known()?.1)));
                let unit = known()
                    .find(|(t, _)| t.case == "default")
                    .or_else(|| known().next())
                    .map(|(_, unit)| unit);
                ProcedureFacts {
                    id: self.ids.id(Text::from(v.id)),
                    unknown: false,
                    sector: Some(self.ids.id(Text::from(v.sector))),
                    online_level: v
                        .procedure
                        .online
                        .iter()
                        .find(|o| o.validity.contains(on))
                        .map(|o| o.level),
                    by_instant: unit == Some(TimeUnit::WorkingHours),
                }
            }
            Err(_) => ProcedureFacts {
                id: self.ids.id(Text::from(procedure)),
                unknown: true,
                sector: None,
                online_level: None,
                by_instant: false,
            },
        }
    }

    /// The catalogue's name for a province, procedure or sector id.
    pub fn name_of(&self, id: &str) -> Option<&'c str> {
        let cat = self.catalog;
        cat.provinces()
            .iter()
            .rev()
            .find(|p| p.id == id)
            .map(|p| p.name.as_str())
            .or_else(|| {
                cat.sectors()
                    .iter()
                    .rev()
                    .find(|s| s.id == id)
                    .map(|s| s.name.as_str())
            })
            .or_else(|| {
                cat.procedures()
                    .iter()
                    .rev()
                    .find(|p| p.id == id)
                    .map(|p| p.name.as_str())
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_former_province_resolves_to_its_successor_only_after_the_merger() {
        let cat = Catalog::embedded().unwrap();
        let mut r = Resolver::new(cat);
        let before = r.facts(
            "ho-tich.dang-ky-khai-sinh".into(),
            Some("Hà Giang".into()),
            Date::from_ymd(2025, 6, 30).unwrap(),
        );
        let after = r.facts(
            "ho-tich.dang-ky-khai-sinh".into(),
            Some("Hà Giang".into()),
            Date::from_ymd(2025, 7, 1).unwrap(),
        );
        assert_eq!(r.ids.name(before.province.unwrap()), "ha-giang");
        assert_eq!(r.ids.name(after.province.unwrap()), "tuyen-quang");
        assert!(!before.unknown_procedure && !after.unknown_procedure);
        assert_eq!(r.ids.name(after.sector.unwrap()), "ho-tich");
    }

    #[test]
    fn unknown_names_are_kept_and_flagged() {
        let cat = Catalog::embedded().unwrap();
        let mut r = Resolver::new(cat);
        let f = r.facts(
            "9.999999".into(),
            Some("Atlantis".into()),
            Date::from_ymd(2025, 1, 2).unwrap(),
        );
        assert!(f.unknown_procedure && f.unknown_province);
        assert_eq!(r.ids.name(f.procedure), "9.999999");
        assert_eq!(f.province, None);
    }
}
