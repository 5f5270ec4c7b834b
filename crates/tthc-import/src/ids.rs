//! Ids of imported sectors and procedures (DESIGN-catalogue-v2 §4): an
//! embedded record keeps its id, so that the imported tree loaded over the
//! embedded catalogue replaces it instead of clashing with it.

use std::collections::{BTreeMap, BTreeSet};

use tthc::Catalog;

use crate::parse::text::{slug, squash};
use crate::procedure::Procedure;
use crate::report::{Doubt, DoubtKind, Report};

/// A sector the output declares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SectorId {
    pub id: String,
    pub name: String,
    /// The base catalogue has this sector (same name): its record is copied.
    pub from_base: bool,
}

/// Sectors by id, and each procedure's id and sector id by code.
#[derive(Debug, Default)]
pub(crate) struct Naming {
    pub sectors: BTreeMap<String, SectorId>,
    pub procedures: BTreeMap<String, Named>,
}

/// A procedure's ids.
#[derive(Debug, Default, Clone)]
pub(crate) struct Named {
    pub id: String,
    pub sector: String,
}

impl Naming {
    /// The ids of the procedure with this code (assigned for every procedure).
    pub(crate) fn of(&self, code: &str) -> Named {
        self.procedures.get(code).cloned().unwrap_or_default()
    }
}

/// The longest sector id, in bytes: it names a file
/// (`procedures/<id>-<part>.toml`) and file systems refuse names over 255
/// bytes. The longest sector name on the portal (2026) gives a 193-byte id.
const MAX_SECTOR_ID: usize = 200;

/// A sector's id from its name: its slug, cut at a word if too long.
fn sector_stem(name: &str) -> String {
    let s = slug(name, '-');
    if s.is_empty() {
        return "linh-vuc".to_string();
    }
    if s.len() <= MAX_SECTOR_ID {
        return s;
    }
    // A slug is ASCII: every byte index is a char boundary.
    let cut = s[..=MAX_SECTOR_ID].rfind('-').unwrap_or(MAX_SECTOR_ID);
    s[..cut].to_string()
}

/// Names that differ only in case and spacing are one sector.
fn identity(name: &str) -> String {
    squash(name).to_lowercase()
}

pub(crate) fn assign(
    procedures: &[Procedure],
    base: &Catalog,
    province: Option<&str>,
    report: &mut Report,
) -> Naming {
    let mut naming = Naming::default();
    let base_sectors: BTreeMap<String, &str> = base
        .sectors()
        .iter()
        .map(|s| (identity(&s.name), s.id.as_str()))
        .collect();
    let mut taken: BTreeSet<String> = base.sectors().iter().map(|s| s.id.clone()).collect();
    let mut names: BTreeMap<String, (&str, &str)> = BTreeMap::new();
    for p in procedures {
        names
            .entry(identity(&p.sector))
            .or_insert((p.sector.as_str(), p.code.as_str()));
    }
    let mut by_name: BTreeMap<String, String> = BTreeMap::new();
    for (key, (name, code)) in names {
        let entry = match base_sectors.get(&key) {
            Some(id) => SectorId {
                id: id.to_string(),
                name: name.to_string(),
                from_base: true,
            },
            None => {
                let stem = sector_stem(name);
                let mut id = stem.clone();
                let mut n = 1;
                while taken.contains(&id) {
                    n += 1;
                    id = format!("{stem}-{n}");
                }
                if n > 1 {
                    report.doubts.push(Doubt {
                        code: code.to_string(),
                        kind: DoubtKind::SectorIdClash,
                        field: "linh_vuc",
                        channel: None,
                        snippet: format!("{name} → {id} ({stem} is another sector's id)"),
                    });
                }
                taken.insert(id.clone());
                SectorId {
                    id,
                    name: name.to_string(),
                    from_base: false,
                }
            }
        };
        by_name.insert(key, entry.id.clone());
        naming.sectors.insert(entry.id.clone(), entry);
    }
    let base_ids: BTreeMap<&str, &str> = base
        .procedures()
        .iter()
        .filter(|p| p.overlay.is_none() || p.overlay.as_deref() == province)
        .filter_map(|p| Some((p.code.as_deref()?, p.id.as_str())))
        .collect();
    for p in procedures {
        let sector = by_name
            .get(&identity(&p.sector))
            .cloned()
            .unwrap_or_default();
        let id = match base_ids.get(p.code.as_str()) {
            Some(id) => id.to_string(),
            None => format!("{sector}.{}", p.code.to_ascii_lowercase()),
        };
        naming
            .procedures
            .insert(p.code.clone(), Named { id, sector });
    }
    naming
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sector_id_fits_a_file_name() {
        assert_eq!(sector_stem("Hộ tịch"), "ho-tich");
        assert_eq!(sector_stem("(?)"), "linh-vuc");
        let name = "Lĩnh vực rất dài ".repeat(100);
        let long = sector_stem(&name);
        assert!(long.len() <= MAX_SECTOR_ID, "{}", long.len());
        // Cut between two words.
        assert!(slug(&name, '-').starts_with(&format!("{long}-")), "{long}");
        let word = sector_stem(&"x".repeat(1_000));
        assert_eq!(word.len(), MAX_SECTOR_ID);
    }
}
