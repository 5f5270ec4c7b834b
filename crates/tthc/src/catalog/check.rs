//! Rules that span records: duplicate ids and codes, overlapping versions,
//! references to records that do not exist.

use std::collections::{HashMap, HashSet};

use super::legal::{RefKind, References};
use super::model::*;
use super::read::Layer;
use super::validity::Validity;
use crate::diagnostics::{codes, Diagnostics, SourceLocation};
use crate::source::closest;

/// A record that may have several versions under one id.
pub(crate) trait Versioned {
    const KIND: &'static str;
    /// The id versions are grouped by (procedures add their overlay province).
    fn key(&self) -> (Option<&str>, &str);
    fn validity(&self) -> Validity;
    fn loc(&self) -> &SourceLocation;
}

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

fn at(loc: &SourceLocation) -> String {
    format!("{}:{}:{}", loc.file, loc.line, loc.column)
}

/// Reports ids declared twice with the same validity (duplicates) or with
/// validities that share a day (overlapping versions).
pub(crate) fn versions<T: Versioned>(items: &[T], diags: &mut Diagnostics) {
    let mut seen: HashMap<(Option<&str>, &str), Vec<&T>> = HashMap::new();
    for item in items {
        let earlier = seen.entry(item.key()).or_default();
        if let Some(prev) = earlier
            .iter()
            .find(|p| p.validity().overlaps(&item.validity()))
        {
            let (code, what) = if prev.validity() == item.validity() {
                (codes::DUPLICATE, "duplicate")
            } else {
                (codes::OVERLAPPING_VALIDITY, "overlapping version of")
            };
            diags.error(
                code,
                Some(item.loc().clone()),
                format!(
                    "{what} {} `{}` (valid {}; the one at {} is valid {})",
                    T::KIND,
                    item.key().1,
                    item.validity(),
                    at(prev.loc()),
                    prev.validity()
                ),
                "versions of one record must have disjoint validity: end the earlier one with valid_to the day before this one's valid_from, or give this record another id",
            );
        }
        earlier.push(item);
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
                    p.id,
                    q.id,
                    at(&q.loc)
                ),
                "a national code identifies one procedure: correct one of the codes",
            ),
            _ => {
                owner.insert(code, p);
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
