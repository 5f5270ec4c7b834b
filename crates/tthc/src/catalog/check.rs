//! Rules that span records: duplicate ids and codes, overlapping versions,
//! references to records that do not exist.

use std::collections::{HashMap, HashSet};

use super::model::*;
use super::read::Layer;
use crate::diagnostics::{codes, Diagnostics, SourceLocation};
use crate::legal::{RefKind, References};
use crate::source::closest;
use crate::validity::Validity;
use crate::validity::Versioned;

macro_rules! versioned {
    ($t:ty, $kind:literal) => {
        impl Versioned for $t {
            const KIND: &'static str = $kind;
            fn key(&self) -> (Option<&str>, &str) {
                (None, &self.id)
            }
            fn validity(&self) -> Validity {
                self.validity
            }
            fn loc(&self) -> &SourceLocation {
                &self.loc
            }
        }
    };
}
versioned!(Province, "province");
versioned!(Sector, "sector");
versioned!(Database, "database");
versioned!(EssentialList, "list");

impl Versioned for Procedure {
    const KIND: &'static str = "procedure";
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

impl Versioned for Document {
    const KIND: &'static str = "document";
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

/// Reports a national code used by two different procedures.
pub(crate) fn procedure_codes(procs: &[Procedure], diags: &mut Diagnostics) {
    let mut owner: HashMap<&str, &Procedure> = HashMap::new();
    for p in procs {
        let Some(code) = p.code.as_deref() else {
            continue;
        };
        match owner.get(code) {
            Some(q) if q.id != p.id => diags.error(
                codes::DUPLICATE,
                Some(p.loc.clone()),
                format!(
                    "procedure code `{code}` is used by `{}` and by `{}` ({})",
                    p.id, q.id, q.loc
                ),
                "a national code identifies one procedure: correct one of the codes",
            ),
            _ => {
                owner.insert(code, p);
            }
        }
    }
}

/// Reports two processing times of one procedure version that a case could
/// select together: the same case type, channels in common (or both for
/// every channel) and a day in common. A case must get one time, not the
/// first one written.
pub(crate) fn processing_times(procs: &[Procedure], diags: &mut Diagnostics) {
    for p in procs {
        for (i, a) in p.processing.iter().enumerate() {
            let clash = p.processing.iter().take(i).find(|b| {
                b.case == a.case
                    && b.validity.overlaps(&a.validity)
                    && (a.channels == b.channels || !a.channels.intersect(b.channels).is_empty())
            });
            if let Some(b) = clash {
                diags.error(
                    codes::OVERLAPPING_VALIDITY,
                    Some(a.loc.clone()),
                    format!(
                        "procedure `{}` has two processing times for case `{}` on the same channels and days (valid {}; the one at {} is valid {})",
                        p.id,
                        a.case,
                        a.validity,
                        b.loc,
                        b.validity
                    ),
                    "give each processing time its own channels (channels = [\"online\"], [\"in-person\"], …) or disjoint validity",
                );
            }
        }
    }
}

/// Reports every reference to a record that the merged catalogue lacks.
pub(crate) fn references(layer: &Layer, refs: &References, diags: &mut Diagnostics) {
    fn ids<'a, T: Versioned + 'a>(it: impl IntoIterator<Item = &'a T>) -> HashSet<&'a str> {
        it.into_iter().map(|x| x.key().1).collect()
    }
    let docs = ids(&layer.documents);
    let provinces = ids(&layer.provinces);
    let sectors = ids(&layer.sectors);
    let databases = ids(&layer.databases);
    let lists = ids(&layer.lists);
    let procedures = ids(&layer.procedures);
    for (kind, id, loc) in &refs.items {
        let known = match kind {
            RefKind::Document => &docs,
            RefKind::Province => &provinces,
            RefKind::Sector => &sectors,
            RefKind::Database => &databases,
            RefKind::List => &lists,
            RefKind::Procedure => &procedures,
        };
        if known.contains(id.as_str()) {
            continue;
        }
        let mut candidates: Vec<&str> = known.iter().copied().collect();
        candidates.sort_unstable();
        let file = match kind {
            RefKind::Document => "documents.toml",
            RefKind::Province => "provinces.toml",
            RefKind::Sector => "sectors.toml",
            RefKind::Database => "databases.toml",
            RefKind::List => "lists.toml",
            RefKind::Procedure => "procedures/*.toml",
        };
        let help = match closest(id, &candidates) {
            Some(c) => format!("did you mean `{c}`? Otherwise declare it in {file}"),
            None => format!("declare it in {file}"),
        };
        diags.error(
            codes::UNKNOWN_REFERENCE,
            Some(loc.clone()),
            format!("unknown {} `{id}`", kind.name()),
            help,
        );
    }
}

/// Replaces `base` records by `top` records with the same id (all versions of
/// that id), and adds the rest: a deployment's tree overrides the embedded one
/// record by record.
pub(crate) fn overlay_layer(base: Layer, top: Layer) -> Layer {
    fn merge<T: Versioned>(base: Vec<T>, top: Vec<T>) -> Vec<T> {
        let replaced: HashSet<(Option<String>, String)> = top
            .iter()
            .map(|t| (t.key().0.map(str::to_string), t.key().1.to_string()))
            .collect();
        let mut out: Vec<T> = base
            .into_iter()
            .filter(|b| !replaced.contains(&(b.key().0.map(str::to_string), b.key().1.to_string())))
            .collect();
        out.extend(top);
        out
    }
    Layer {
        documents: merge(base.documents, top.documents),
        provinces: merge(base.provinces, top.provinces),
        sectors: merge(base.sectors, top.sectors),
        databases: merge(base.databases, top.databases),
        lists: merge(base.lists, top.lists),
        procedures: merge(base.procedures, top.procedures),
    }
}
