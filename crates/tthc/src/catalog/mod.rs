//! The procedure catalogue: loading, layering and as-of-date queries.
//!
//! A catalogue is read from TOML files (the embedded default, a deployment's
//! directory, or both), checked as a whole, and indexed once. Every query is
//! "as of date D, in province P": the version of each record valid on D, the
//! province's overlay before the national base, and a former province
//! resolved to its successor.

mod check;
pub(crate) mod files;
pub mod model;
mod parallel;
mod query;
mod read;

use rustc_hash::FxHashMap;
use std::path::Path;
use std::sync::Arc;

use once_cell::sync::Lazy;
use sha2::{Digest, Sha256};

use crate::calendar::CalendarSet;
use crate::deadline::DeadlineRules;
use crate::diagnostics::{codes, CatalogError, Diagnostics};
use crate::legal::{LegalRef, RefKind, References, Status};
use crate::policy::{PolicyLayer, PolicySet};
use crate::search;
use crate::validity::versions;
use files::{CatalogFile, Role};
use model::*;
use read::Layer;

pub(crate) use query::Unconfirmed;
pub use query::{
    ListMembership, OnlineLevelOn, ProcedureView, QueryError, ResolvedProvince, SearchHit,
    Succession,
};
pub use read::is_valid_procedure_code;

/// A loaded, checked and indexed catalogue. Immutable: share it freely
/// between threads; reloading builds a new one.
#[derive(Debug, Clone)]
pub struct Catalog {
    layer: Layer,
    /// Every file this catalogue was built from (record files and calendar
    /// files), for the content hash and for layering another tree on top.
    files: Vec<CatalogFile>,
    calendars: CalendarSet,
    policies: PolicySet,
    deadlines: DeadlineRules,
    content_hash: String,
    provinces_by_id: FxHashMap<String, Vec<usize>>,
    national: FxHashMap<String, Vec<usize>>,
    /// Overlay versions by province, then procedure id: nested so that a
    /// lookup borrows its keys instead of building a (province, id) pair.
    overlays: FxHashMap<String, FxHashMap<String, Vec<usize>>>,
    by_code: FxHashMap<String, String>,
    documents_by_id: FxHashMap<String, usize>,
    lists_by_procedure: FxHashMap<String, Vec<usize>>,
    search_index: search::Index,
}

/// The embedded catalogue, parsed once; an `Arc` so that every engine over it
/// shares this one copy ([`Catalog::embedded_shared`]).
static EMBEDDED: Lazy<Result<Arc<Catalog>, CatalogError>> =
    Lazy::new(|| Catalog::build(files::embedded_files(), None).map(Arc::new));

impl Catalog {
    /// The default catalogue compiled into the library, parsed once on first
    /// use. Fails only if the shipped data is broken, which CI rules out.
    pub fn embedded() -> Result<&'static Catalog, CatalogError> {
        EMBEDDED.as_deref().map_err(Clone::clone)
    }

    /// The same catalogue as [`Catalog::embedded`], as the shared handle an
    /// [`Engine`](crate::Engine) holds: no second copy.
    pub(crate) fn embedded_shared() -> Result<Arc<Catalog>, CatalogError> {
        EMBEDDED.as_ref().map(Arc::clone).map_err(Clone::clone)
    }

    /// Loads a deployment's catalogue tree on its own.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Catalog, CatalogError> {
        let mut diags = Diagnostics::new();
        let files = files::dir_files(dir.as_ref(), &mut diags);
        Catalog::build_checked(files, None, diags)
    }

    /// Loads a deployment's tree on top of `base` (e.g. the embedded one):
    /// its records replace the base's records with the same id, all versions
    /// at once; its calendar files replace base files with the same path.
    pub fn from_dir_over(dir: impl AsRef<Path>, base: &Catalog) -> Result<Catalog, CatalogError> {
        let mut diags = Diagnostics::new();
        let files = files::dir_files(dir.as_ref(), &mut diags);
        Catalog::build_checked(files, Some(base), diags)
    }

    /// Loads a catalogue from in-memory files: `(path relative to the root, text)`.
    /// For hosts that keep their catalogue in a database or ship it over the wire.
    pub fn from_sources<'a>(
        sources: impl IntoIterator<Item = (&'a str, &'a str)>,
        base: Option<&Catalog>,
    ) -> Result<Catalog, CatalogError> {
        let files = sources
            .into_iter()
            .map(|(rel, text)| CatalogFile {
                rel: rel.to_string(),
                source: crate::source::SourceFile::new(rel, text),
            })
            .collect();
        Catalog::build(files, base)
    }

    fn build(files: Vec<CatalogFile>, base: Option<&Catalog>) -> Result<Catalog, CatalogError> {
        Catalog::build_checked(files, base, Diagnostics::new())
    }

    fn build_checked(
        top_files: Vec<CatalogFile>,
        base: Option<&Catalog>,
        mut diags: Diagnostics,
    ) -> Result<Catalog, CatalogError> {
        let mut refs = References::default();
        let (top, top_policies) = read_tree(&top_files, &mut diags, &mut refs);
        versions(&top.documents, &mut diags);
        versions(&top.provinces, &mut diags);
        versions(&top.sectors, &mut diags);
        versions(&top.databases, &mut diags);
        versions(&top.lists, &mut diags);
        versions(&top.procedures, &mut diags);

        let (layer, all_files) = match base {
            Some(b) => {
                let replaced: std::collections::HashSet<&str> =
                    top_files.iter().map(|f| f.rel.as_str()).collect();
                let mut files: Vec<CatalogFile> = b
                    .files
                    .iter()
                    .filter(|f| !replaced.contains(f.rel.as_str()))
                    .cloned()
                    .collect();
                files.extend(top_files);
                (check::overlay_layer(b.layer.clone(), top), files)
            }
            None => (top, top_files),
        };
        // The content hash reads every byte once more: it runs beside the
        // checks and the index, which do not need it.
        let (content_hash, checked) = parallel::join(
            || content_hash(&all_files),
            || {
                let (layer, calendars, deadlines, policies) =
                    check_tree(layer, &all_files, top_policies, base, diags, refs)?;
                Ok(Catalog {
                    deadlines,
                    ..Catalog::index(layer, calendars, policies)
                })
            },
        );
        checked.map(|c| Catalog {
            files: all_files,
            content_hash,
            ..c
        })
    }

    /// The indexes of a checked catalogue; its files and content hash are
    /// filled in by the caller.
    fn index(mut layer: Layer, calendars: CalendarSet, policies: PolicySet) -> Catalog {
        let documents_by_id: FxHashMap<String, usize> = layer
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        let unconfirmed = |r: &LegalRef| {
            documents_by_id
                .get(&r.doc)
                .and_then(|&i| layer.documents.get(i))
                .is_some_and(|d| d.status == Status::Unconfirmed)
        };
        for p in &mut layer.procedures {
            p.policy_slot = policies.slot(&p.id);
            p.unconfirmed_basis = (0u32..)
                .zip(&p.legal_basis)
                .filter(|(_, r)| unconfirmed(r))
                .map(|(k, _)| k)
                .collect();
        }

        let mut provinces_by_id: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, p) in layer.provinces.iter().enumerate() {
            provinces_by_id.entry(p.id.clone()).or_default().push(i);
        }
        let mut national: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        let mut overlays: FxHashMap<String, FxHashMap<String, Vec<usize>>> = FxHashMap::default();
        let mut by_code = FxHashMap::default();
        let mut search_index = search::Index::default();
        for (i, p) in layer.procedures.iter().enumerate() {
            match &p.overlay {
                None => national.entry(p.id.clone()).or_default().push(i),
                Some(prov) => overlays
                    .entry(prov.clone())
                    .or_default()
                    .entry(p.id.clone())
                    .or_default()
                    .push(i),
            }
            if let Some(c) = &p.code {
                by_code.insert(c.clone(), p.id.clone());
            }
            search_index.add(&p.id, &p.name);
            if let Some(en) = &p.name_en {
                search_index.add(&p.id, en);
            }
            search_index.add(&p.id, &p.id.replace(['.', '-'], " "));
            if let Some(c) = &p.code {
                search_index.add(&p.id, c);
            }
        }
        let mut lists_by_procedure: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, l) in layer.lists.iter().enumerate() {
            for m in &l.members {
                lists_by_procedure
                    .entry(m.procedure.clone())
                    .or_default()
                    .push(i);
            }
        }
        Catalog {
            layer,
            files: Vec::new(),
            calendars,
            policies,
            deadlines: DeadlineRules::default(),
            content_hash: String::new(),
            provinces_by_id,
            national,
            overlays,
            by_code,
            documents_by_id,
            lists_by_procedure,
            search_index,
        }
    }

    /// SHA-256 over every file (path and text), hex: identifies the exact
    /// catalogue an answer was computed from.
    pub fn content_hash(&self) -> &str {
        &self.content_hash
    }

    /// Policy rules: national, and each province's overlay.
    pub fn policies(&self) -> &PolicySet {
        &self.policies
    }

    /// Working calendars: national, and each province's overlay.
    pub fn calendars(&self) -> &CalendarSet {
        &self.calendars
    }

    /// Deadline rules (receipt, counting, lifecycle): national, and each
    /// province's overlay.
    pub fn deadline_rules(&self) -> &DeadlineRules {
        &self.deadlines
    }

    /// Every document record, all versions.
    pub fn documents(&self) -> &[Document] {
        &self.layer.documents
    }

    /// The document record with this id, if declared (the last version read, when it has several).
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents_by_id
            .get(id)
            .and_then(|&i| self.layer.documents.get(i))
    }

    /// All province versions (both before and after the 2025 reorganisation).
    pub fn provinces(&self) -> &[Province] {
        &self.layer.provinces
    }

    /// Every sector record, all versions.
    pub fn sectors(&self) -> &[Sector] {
        &self.layer.sectors
    }

    /// Every national-database record, all versions.
    pub fn databases(&self) -> &[Database] {
        &self.layer.databases
    }

    /// Every essential-service list, all versions.
    pub fn lists(&self) -> &[EssentialList] {
        &self.layer.lists
    }

    /// All procedure versions, national and overlay.
    pub fn procedures(&self) -> &[Procedure] {
        &self.layer.procedures
    }

    /// Number of files the catalogue was built from.
    pub fn file_count(&self) -> usize {
        self.files.len()
    }
}

/// SHA-256 over every file's path and text, in path order, hex.
fn content_hash(files: &[CatalogFile]) -> String {
    let mut hasher = Sha256::new();
    let mut sorted: Vec<&CatalogFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.rel.cmp(&b.rel));
    for f in sorted {
        hasher.update(f.rel.as_bytes());
        hasher.update([0]);
        hasher.update(f.source.text.as_bytes());
        hasher.update([0]);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The checks that span the merged tree (codes, processing times,
/// calendars, deadline rules, policies, references): the loaded parts, or
/// every problem found.
fn check_tree(
    layer: Layer,
    all_files: &[CatalogFile],
    top_policies: PolicyLayer,
    base: Option<&Catalog>,
    mut diags: Diagnostics,
    mut refs: References,
) -> Result<(Layer, CalendarSet, DeadlineRules, PolicySet), CatalogError> {
    check::procedure_codes(&layer.procedures, &mut diags);
    check::processing_times(&layer.procedures, &mut diags);

    let mut national_cal = Vec::new();
    let mut overlay_cal: Vec<(String, Vec<&crate::source::SourceFile>)> = Vec::new();
    let calendar_files = files::with_role(all_files, |r| match r {
        Role::Calendar { overlay } => Some(overlay),
        _ => None,
    });
    for (overlay, source) in calendar_files {
        match overlay {
            None => national_cal.push(source),
            Some(p) => match overlay_cal.iter_mut().find(|(q, _)| *q == p) {
                Some((_, v)) => v.push(source),
                None => overlay_cal.push((p, vec![source])),
            },
        }
    }
    let calendars = CalendarSet::load(&national_cal, &overlay_cal, &mut diags, &mut refs);
    let deadline_files = files::with_role(all_files, |r| match r {
        Role::Deadlines { overlay } => Some(overlay),
        _ => None,
    });
    let deadlines = DeadlineRules::load(&deadline_files, &mut diags, &mut refs);
    let policies = PolicySet::build(
        top_policies,
        base.map(|b| &b.policies),
        &layer.procedures,
        &layer.lists,
        &mut diags,
    );
    check::references(&layer, &refs, &mut diags);

    if diags.has_errors() {
        return Err(CatalogError {
            diagnostics: diags.into_vec(),
        });
    }
    Ok((layer, calendars, deadlines, policies))
}

/// What reading one file gave. Records and policies are read in two
/// passes over the files in a one-thread load (every file's records, then
/// every policy file's policies), so their diagnostics and references are
/// kept apart and merged in that order.
#[derive(Default)]
struct FileRead {
    layer: Layer,
    diags: Diagnostics,
    refs: References,
    policies: PolicyLayer,
    policy_diags: Diagnostics,
    policy_refs: References,
}

/// Reads every record and policy file of one tree, the files spread over
/// the cores: the records into a layer, the policies into a policy layer.
/// Diagnostics and references come out in the order of a one-thread read.
fn read_tree(
    files: &[CatalogFile],
    diags: &mut Diagnostics,
    refs: &mut References,
) -> (Layer, PolicyLayer) {
    let read = parallel::map_in_order(files, |f| f.source.text.len(), read_file);
    let mut layer = Layer::default();
    let mut policies = PolicyLayer::default();
    let mut policy_found = Vec::with_capacity(read.len());
    for r in read {
        layer.append(r.layer);
        diags.append(r.diags);
        refs.append(r.refs);
        policies.policies.extend(r.policies.policies);
        policies.categories.extend(r.policies.categories);
        policy_found.push((r.policy_diags, r.policy_refs));
    }
    for (d, r) in policy_found {
        diags.append(d);
        refs.append(r);
    }
    (layer, policies)
}

/// Reads one file by its role: records, or policies; calendar and deadline
/// files are read later by their own loaders.
fn read_file(f: &CatalogFile) -> FileRead {
    let mut out = FileRead::default();
    let (diags, refs) = (&mut out.diags, &mut out.refs);
    let role = files::role(&f.rel);
    if role == Role::Unexpected {
        diags.error(
            codes::UNEXPECTED_FILE,
            Some(f.source.start()),
            format!("`{}` is not a place the catalogue reads", f.rel),
            "catalogue files live in documents.toml, provinces.toml, sectors.toml, databases.toml, lists.toml, procedures/, policies/, calendar/, deadlines/ or overlays/<province>/…; see catalog/README.md",
        );
        return out;
    }
    if let Role::Procedures { overlay: Some(p) }
    | Role::Policies { overlay: Some(p) }
    | Role::Calendar { overlay: Some(p) }
    | Role::Deadlines { overlay: Some(p) } = &role
    {
        refs.expect(RefKind::Province, p.clone(), f.source.start());
    }
    let key = match &role {
        Role::Policies { overlay } => {
            out.policies = PolicyLayer::read(
                &[(overlay.as_deref(), &f.source)],
                &mut out.policy_diags,
                &mut out.policy_refs,
            );
            return out;
        }
        Role::Calendar { .. } | Role::Deadlines { .. } | Role::Unexpected => return out,
        Role::Documents => "document",
        Role::Provinces => "province",
        Role::Sectors => "sector",
        Role::Databases => "database",
        Role::Lists => "list",
        Role::Procedures { .. } => "procedure",
    };
    let Some(root) = f.source.parse(diags) else {
        return out;
    };
    root.check_keys(&[key], diags);
    let layer = &mut out.layer;
    for t in root.tables(key, key, diags) {
        match &role {
            Role::Documents => layer.documents.extend(read::document(&t, diags)),
            Role::Provinces => layer.provinces.extend(read::province(&t, diags, refs)),
            Role::Sectors => layer.sectors.extend(read::sector(&t, diags, refs)),
            Role::Databases => layer.databases.extend(read::database(&t, diags, refs)),
            Role::Lists => layer.lists.extend(read::list(&t, diags, refs)),
            Role::Procedures { overlay } => {
                layer
                    .procedures
                    .extend(read::procedure(&t, overlay.as_deref(), diags, refs))
            }
            _ => {}
        }
    }
    out
}
