//! As-of-date queries: which version of a record applies on a day, in a province.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use super::model::*;
use super::Catalog;
use crate::date::Date;
use crate::error::ErrorKind;
use crate::legal::{LegalRef, Status};
use crate::search::fold;
use crate::validity::Validity;

/// Why a query has no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    #[error("no procedure with id or code `{query}`{}", suggest(.suggestions))]
    /// No procedure has this id or code.
    UnknownProcedure {
        /// What was asked, cut to a prefix ([`crate::excerpt::excerpt`]).
        query: String,
        /// Close ids or names, for "did you mean".
        suggestions: Vec<String>,
    },
    #[error("procedure `{id}` is not in force on {on} (versions: {versions})")]
    /// The procedure exists, but no version is in force on the date.
    ProcedureNotInForce {
        /// The procedure id.
        id: String,
        /// The date asked about.
        on: Date,
        /// The periods its versions cover.
        versions: String,
    },
    #[error("no province `{query}`{}", suggest(.suggestions))]
    /// No province has this id or name.
    UnknownProvince {
        /// What was asked, cut to a prefix ([`crate::excerpt::excerpt`]).
        query: String,
        /// Close ids or names, for "did you mean".
        suggestions: Vec<String>,
    },
    #[error("province `{id}` did not exist on {on} (valid {validity})")]
    /// The province exists, but did not on the date.
    ProvinceNotInForce {
        /// The province id.
        id: String,
        /// The date asked about.
        on: Date,
        /// The period the province existed.
        validity: String,
    },
}

impl QueryError {
    /// The stable kind: `unknown-procedure`, `procedure-not-in-force`,
    /// `unknown-province` or `province-not-in-force`.
    pub fn kind(&self) -> ErrorKind {
        match self {
            QueryError::UnknownProcedure { .. } => ErrorKind::UnknownProcedure,
            QueryError::ProcedureNotInForce { .. } => ErrorKind::ProcedureNotInForce,
            QueryError::UnknownProvince { .. } => ErrorKind::UnknownProvince,
            QueryError::ProvinceNotInForce { .. } => ErrorKind::ProvinceNotInForce,
        }
    }
}

fn suggest(s: &[String]) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!(
            "; did you mean {}?",
            s.iter()
                .map(|x| format!("`{x}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// One step of a province's succession: `from` ceased on `last_day`, its
/// dossiers go to `to`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Succession {
    /// The former province id.
    pub from: String,
    /// Its name.
    pub from_name: String,
    /// The successor province id.
    pub to: String,
    /// Its name.
    pub to_name: String,
    /// The former province's last day.
    pub last_day: Date,
    /// The documents that decided it.
    pub legal_basis: Vec<LegalRef>,
}

/// The province version that applies on a date, and how it was reached.
#[derive(Debug, Clone, Serialize)]
pub struct ResolvedProvince<'a> {
    /// The province id in force on the date.
    pub id: &'a str,
    /// Its name.
    pub name: &'a str,
    /// "province" or "city".
    pub kind: &'a str,
    /// The period this version covers.
    pub validity: Validity,
    /// The province asked about, when it is not the one that applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requested: Option<String>,
    /// How a former province led here; empty when it still existed on the date.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<Succession>,
    #[serde(skip)]
    /// The catalogue record.
    pub province: &'a Province,
}

impl ResolvedProvince<'_> {
    /// Human explanation of a succession, e.g. "Hà Giang → Tuyên Quang from 2025-07-01".
    pub fn explanation(&self) -> Option<String> {
        if self.via.is_empty() {
            return None;
        }
        let steps: Vec<String> = self
            .via
            .iter()
            .map(|s| {
                let from_day = s
                    .last_day
                    .add_days(1)
                    .map_or_else(String::new, |d| format!(" from {d}"));
                let basis: Vec<&str> = s.legal_basis.iter().map(|l| l.doc.as_str()).collect();
                format!(
                    "{} ({}) → {} ({}){from_day}, theo / under {}",
                    s.from_name,
                    s.from,
                    s.to_name,
                    s.to,
                    basis.join(", ")
                )
            })
            .collect();
        Some(steps.join("; "))
    }
}

/// The online service level of a procedure on a date.
#[derive(Debug, Clone, Serialize)]
pub struct OnlineLevelOn<'a> {
    /// "full", "partial", or a Decree 43/2011 level "1"–"4".
    pub level: &'static str,
    /// The level's Vietnamese label.
    pub label_vi: &'static str,
    /// Decree 42/2022 equivalent by one-stop software practice (not law).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decree42_equivalent: Option<&'static str>,
    /// Whether a dossier can be filed online at this level.
    pub accepts_online_submission: bool,
    /// How sure the record is.
    pub status: Status,
    /// The documents it rests on.
    pub legal_basis: &'a [LegalRef],
    /// The period the level record covers.
    pub validity: Validity,
}

/// A procedure's membership of an essential-service list.
#[derive(Debug, Clone, Serialize)]
pub struct ListMembership<'a> {
    /// The list id.
    pub id: &'a str,
    /// The list's name.
    pub name: &'a str,
    /// The less certain of the list's and the membership's status.
    pub status: Status,
    /// The documents the list rests on.
    pub legal_basis: &'a [LegalRef],
}

/// A procedure as it applies on one date in one province.
#[derive(Debug, Clone, Serialize)]
pub struct ProcedureView<'a> {
    /// The date the view is for.
    pub as_of: Date,
    /// The procedure id.
    pub id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The national code, when a source gives one.
    pub code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Why there is no code.
    pub code_unknown: Option<&'a str>,
    /// Vietnamese name.
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// English name, when the catalogue has one.
    pub name_en: Option<&'a str>,
    /// The sector id.
    pub sector: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The sector's name, when the sector is declared.
    pub sector_name: Option<&'a str>,
    /// The competent levels.
    pub levels: &'a [Level],
    /// Why no competent level is recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub levels_unknown: Option<&'a str>,
    /// The period this version covers.
    pub validity: Validity,
    /// How sure the record is.
    pub status: Status,
    /// The documents it rests on.
    pub legal_basis: &'a [LegalRef],
    /// Why no legal basis is recorded (unconfirmed records only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_basis_unknown: Option<&'a str>,
    /// The page the record was read from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    /// Loại thủ tục, as published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub procedure_type: Option<&'a str>,
    /// Cơ quan thực hiện.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub agencies: &'a [String],
    /// Cơ quan có thẩm quyền.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub authority: &'a [String],
    /// Đối tượng thực hiện.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub applicants: &'a [String],
    /// "national", or `"overlay:<province>"` for a province's own version.
    pub source: Cow<'static, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The province asked about, resolved on the date.
    pub province: Option<ResolvedProvince<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The online level on the date, when recorded.
    pub online_level: Option<OnlineLevelOn<'a>>,
    /// The processing times in force on the date.
    pub processing: Vec<&'a ProcessingTime>,
    /// The fee items in force on the date.
    pub fees: Vec<&'a FeeItem>,
    /// The documents asked for on the date.
    pub documents: Vec<&'a RequiredDocument>,
    /// Documents that can be reused from a national database instead of asked for.
    pub reusable_documents: Vec<&'a str>,
    /// The essential-service lists it is on, on the date.
    pub essential_lists: Vec<ListMembership<'a>>,
    /// Facts in this answer that are not confirmed, as "path: status".
    pub unconfirmed: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Free text for the next editor.
    pub note: Option<&'a str>,
    /// The source text of every parsed field, by the source's field name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub verbatim: &'a BTreeMap<String, String>,
    #[serde(skip)]
    /// The catalogue record.
    pub procedure: &'a Procedure,
}

/// A search result.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    /// The procedure id.
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Its national code, when known.
    pub code: Option<String>,
    /// Its Vietnamese name.
    pub name: String,
    /// How well it matches; higher is better.
    pub score: u32,
}

fn versions_text<'a>(it: impl Iterator<Item = &'a Validity>) -> String {
    it.map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

impl Catalog {
    /// The province `query` (an id like `ha-giang` or a name like "Hà Giang",
    /// diacritics optional) as it applies on `on`, following successors.
    pub fn resolve_province(
        &self,
        query: &str,
        on: Date,
    ) -> Result<ResolvedProvince<'_>, QueryError> {
        // An exact id (the common case) is looked up once, not twice.
        let (id, mut exact) = match self.provinces_by_id.get_key_value(query) {
            Some((id, versions)) => (id.as_str(), Some(versions)),
            None => (self.province_id(query)?, None),
        };
        let mut current: &str = id;
        let mut via = Vec::new();
        // A chain of successors is short (one merger so far); the bound only
        // guards against a cycle in a deployment's data.
        for _ in 0..8 {
            let versions = exact
                .take()
                .or_else(|| self.provinces_by_id.get(current))
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let provs = versions.iter().filter_map(|&i| self.layer.provinces.get(i));
            if let Some(p) = provs.clone().find(|p| p.validity.contains(on)) {
                return Ok(ResolvedProvince {
                    id: &p.id,
                    name: &p.name,
                    kind: p.kind,
                    validity: p.validity,
                    requested: (p.id != id).then(|| id.to_string()),
                    via,
                    province: p,
                });
            }
            let ended = provs
                .filter(|p| p.validity.to.is_some_and(|t| t < on) && p.successor.is_some())
                .max_by_key(|p| p.validity.to);
            match ended {
                Some(p) => {
                    let to = p.successor.as_deref().unwrap_or_default();
                    let to_name = self
                        .provinces_by_id
                        .get(to)
                        .into_iter()
                        .flatten()
                        .filter_map(|&i| self.layer.provinces.get(i))
                        .max_by_key(|q| q.validity.from)
                        .map_or_else(|| to.to_string(), |q| q.name.clone());
                    via.push(Succession {
                        from: p.id.clone(),
                        from_name: p.name.clone(),
                        to: to.to_string(),
                        to_name,
                        last_day: p.validity.to.unwrap_or(on),
                        legal_basis: p.legal_basis.clone(),
                    });
                    current = to;
                }
                None => break,
            }
        }
        let validity = versions_text(
            self.provinces_by_id
                .get(id)
                .into_iter()
                .flatten()
                .filter_map(|&i| self.layer.provinces.get(i).map(|p| &p.validity)),
        );
        Err(QueryError::ProvinceNotInForce {
            id: id.to_string(),
            on,
            validity,
        })
    }

    /// The province id for an id or a name: `query` itself when it is an
    /// id (the common case, no allocation), else the id of the named province.
    fn province_id<'s>(&'s self, query: &'s str) -> Result<&'s str, QueryError> {
        if self.provinces_by_id.contains_key(query) {
            return Ok(query);
        }
        let q = fold(query);
        let strip = |s: &str| {
            let f = fold(s);
            for prefix in ["thanh pho ", "tp ", "tinh "] {
                if let Some(rest) = f.strip_prefix(prefix) {
                    return rest.to_string();
                }
            }
            f
        };
        let q = strip(&q);
        if let Some(p) = self
            .layer
            .provinces
            .iter()
            .find(|p| strip(&p.name) == q || fold(&p.id.replace('-', " ")) == q)
        {
            return Ok(&p.id);
        }
        let mut ids: Vec<&str> = self.provinces_by_id.keys().map(String::as_str).collect();
        ids.sort_unstable();
        // A prefix: the error quotes no more, and a near miss is short.
        let query = crate::excerpt::excerpt(query);
        Err(QueryError::UnknownProvince {
            query: query.to_string(),
            suggestions: crate::source::closest(&query, &ids)
                .map(str::to_string)
                .into_iter()
                .collect(),
        })
    }

    /// The procedure `id_or_code` as it applies on `on`, in `province` if given
    /// (its overlay first, then the national base).
    pub fn procedure(
        &self,
        id_or_code: &str,
        on: Date,
        province: Option<&str>,
    ) -> Result<ProcedureView<'_>, QueryError> {
        let (p, resolved) = self.procedure_version(id_or_code, on, province)?;
        Ok(self.view(p, on, resolved))
    }

    /// The lookup of [`Catalog::procedure`] without building the view: the
    /// procedure version that applies on `on` and the resolved province, with
    /// the same errors. evaluate() and `Engine::deadline` start with it.
    pub(crate) fn procedure_version(
        &self,
        id_or_code: &str,
        on: Date,
        province: Option<&str>,
    ) -> Result<(&Procedure, Option<ResolvedProvince<'_>>), QueryError> {
        let resolved = province.map(|p| self.resolve_province(p, on)).transpose()?;
        // An exact national id (the common case) is looked up once.
        let q = id_or_code.trim();
        let (id, national) = match self.national.get(q) {
            Some(idx) => (q, Some(idx)),
            None => {
                let id = self.procedure_id(id_or_code)?;
                (id, self.national.get(id))
            }
        };
        let pick = |idx: Option<&Vec<usize>>| {
            idx.into_iter()
                .flatten()
                .filter_map(|&i| self.layer.procedures.get(i))
                .find(|p| p.validity.contains(on))
        };
        let overlay = resolved
            .as_ref()
            .and_then(|r| pick(self.overlays.get(r.id).and_then(|m| m.get(id))));
        let Some(p) = overlay.or_else(|| pick(national)) else {
            let mut all: Vec<&Validity> = national
                .into_iter()
                .flatten()
                .filter_map(|&i| self.layer.procedures.get(i).map(|p| &p.validity))
                .collect();
            if let Some(r) = &resolved {
                all.extend(
                    self.overlays
                        .get(r.id)
                        .and_then(|m| m.get(id))
                        .into_iter()
                        .flatten()
                        .filter_map(|&i| self.layer.procedures.get(i).map(|p| &p.validity)),
                );
            }
            if all.is_empty() {
                // Known only in another province's overlay.
                return Err(QueryError::UnknownProcedure {
                    query: id_or_code.to_string(),
                    suggestions: self.overlay_provinces_of(id),
                });
            }
            return Err(QueryError::ProcedureNotInForce {
                id: id.to_string(),
                on,
                versions: versions_text(all.into_iter()),
            });
        };
        Ok((p, resolved))
    }

    fn overlay_provinces_of(&self, id: &str) -> Vec<String> {
        let mut v: Vec<String> = self
            .overlays
            .iter()
            .filter(|(_, m)| m.contains_key(id))
            .map(|(p, _)| format!("{id} (only in province {p})"))
            .collect();
        v.sort();
        v
    }

    /// The procedure id for an id, a national code, or a code with or without
    /// its unit suffix.
    fn procedure_id<'q>(&'q self, q: &'q str) -> Result<&'q str, QueryError> {
        let q = q.trim();
        if self.national.contains_key(q) || self.overlays.values().any(|m| m.contains_key(q)) {
            return Ok(q);
        }
        if let Some(id) = self.by_code.get(q) {
            return Ok(id);
        }
        // "1.001612.000.00.00.H48" finds a record stored as "1.001612", and back.
        let bare = q.get(..8).filter(|b| super::is_valid_procedure_code(b));
        if let Some(id) = bare.and_then(|b| {
            self.by_code
                .iter()
                .filter(|(c, _)| c.get(..8) == Some(b))
                .map(|(_, id)| id)
                .min()
        }) {
            return Ok(id);
        }
        // A prefix: the error quotes no more, and searching a 15 MB id
        // would cost more than the answer is worth.
        let q = crate::excerpt::excerpt(q);
        let suggestions = self.search(&q).into_iter().take(3).map(|h| h.id).collect();
        Err(QueryError::UnknownProcedure {
            query: q.to_string(),
            suggestions,
        })
    }

    fn view<'a>(
        &'a self,
        p: &'a Procedure,
        on: Date,
        province: Option<ResolvedProvince<'a>>,
    ) -> ProcedureView<'a> {
        let documents: Vec<&RequiredDocument> = p
            .documents
            .iter()
            .filter(|x| x.validity.contains(on))
            .collect();
        let sector_name = self
            .layer
            .sectors
            .iter()
            .find(|s| s.id == p.sector && s.validity.contains(on))
            .map(|s| s.name.as_str());
        ProcedureView {
            as_of: on,
            id: &p.id,
            code: p.code.as_deref(),
            code_unknown: p.code_unknown.as_deref(),
            name: &p.name,
            name_en: p.name_en.as_deref(),
            sector: &p.sector,
            sector_name,
            levels: &p.levels,
            levels_unknown: p.levels_unknown.as_deref(),
            validity: p.validity,
            status: p.status,
            legal_basis: &p.legal_basis,
            legal_basis_unknown: p.legal_basis_unknown.as_deref(),
            url: p.url.as_deref(),
            procedure_type: p.procedure_type.as_deref(),
            agencies: &p.agencies,
            authority: &p.authority,
            applicants: &p.applicants,
            source: p.source(),
            province,
            online_level: online_level_on(p, on),
            processing: p.processing_on(on).collect(),
            fees: p.fees_on(on).collect(),
            documents,
            reusable_documents: p.reusable_documents_on(on).collect(),
            essential_lists: self.essential_lists_of(p, on).collect(),
            unconfirmed: self.unconfirmed_of(p, on),
            note: p.note.as_deref(),
            verbatim: &p.verbatim,
            procedure: p,
        }
    }

    /// The essential-service lists `p` belongs to on `on`.
    pub(crate) fn essential_lists_of<'a>(
        &'a self,
        p: &'a Procedure,
        on: Date,
    ) -> impl Iterator<Item = ListMembership<'a>> + 'a {
        self.lists_by_procedure
            .get(&p.id)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.layer.lists.get(i))
            .filter(move |l| l.validity.contains(on))
            .map(|l| {
                let member = l
                    .members
                    .iter()
                    .find(|m| m.procedure == p.id)
                    .map_or(l.status, |m| m.status);
                ListMembership {
                    id: &l.id,
                    name: &l.name,
                    status: member.max(l.status),
                    legal_basis: &l.legal_basis,
                }
            })
    }

    /// Facts of `p` on `on` that are not confirmed, as "path: status", in the
    /// order of the view: procedure, legal basis, online level, processing
    /// times, fees, lists.
    pub(crate) fn unconfirmed_of(&self, p: &Procedure, on: Date) -> Vec<String> {
        self.unconfirmed_facts(p, on)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// The facts of [`Catalog::unconfirmed_of`], not yet written as text.
    pub(crate) fn unconfirmed_facts<'a>(
        &'a self,
        p: &'a Procedure,
        on: Date,
    ) -> Vec<Unconfirmed<'a>> {
        let mut unconfirmed = Vec::new();
        self.unconfirmed_record_facts(p, on, |u| unconfirmed.push(u));
        for l in self.essential_lists_of(p, on) {
            if l.status == Status::Unconfirmed {
                unconfirmed.push(Unconfirmed::List(l.id));
            }
        }
        unconfirmed
    }

    /// [`Catalog::unconfirmed_facts`] but the lists, each given to `found`
    /// in order. This runs on every evaluate(), which flags the lists as it
    /// writes the decision's (one lookup of them, not two), and pushes
    /// these into its own list of notes: no list of them is built and
    /// freed in between (an answer's text is written only when it is read;
    /// most never are).
    pub(crate) fn unconfirmed_record_facts<'a>(
        &'a self,
        p: &'a Procedure,
        on: Date,
        mut found: impl FnMut(Unconfirmed<'a>),
    ) {
        let mut flag = |s: Status, fact: Unconfirmed<'a>| {
            if s == Status::Unconfirmed {
                found(fact);
            }
        };
        flag(p.status, Unconfirmed::Procedure(&p.id));
        // The cited documents' status, read when the catalogue was indexed.
        for r in p
            .unconfirmed_basis
            .iter()
            .filter_map(|&k| p.legal_basis.get(k as usize))
        {
            flag(Status::Unconfirmed, Unconfirmed::LegalBasis(&r.doc));
        }
        if let Some(o) = p.online_on(on) {
            flag(o.status, Unconfirmed::OnlineLevel);
        }
        for x in p.processing_on(on) {
            flag(x.status, Unconfirmed::ProcessingTime(&x.case));
        }
        for x in p.fees_on(on) {
            flag(
                x.status,
                Unconfirmed::Fee {
                    label: x.label(),
                    case: &x.case,
                },
            );
        }
    }

    /// Procedures whose name, English name, id or code contains every word of
    /// `text`, ignoring case and diacritics; best match first.
    pub fn search(&self, text: &str) -> Vec<SearchHit> {
        self.search_index
            .search(text)
            .into_iter()
            .filter_map(|h| {
                let idx = self
                    .national
                    .get(&h.key)
                    .or_else(|| self.overlays.values().find_map(|m| m.get(&h.key)))?;
                // The newest version names the procedure.
                let p = idx
                    .iter()
                    .filter_map(|&i| self.layer.procedures.get(i))
                    .max_by_key(|p| p.validity.from)?;
                Some(SearchHit {
                    id: p.id.clone(),
                    code: p.code.clone(),
                    name: p.name.clone(),
                    score: h.score,
                })
            })
            .collect()
    }
}

/// As-of-date parts of one procedure version, shared by the view and by
/// evaluate(), which reads them without building the view.
impl Procedure {
    /// "national", or `"overlay:<province>"` for a province's own version.
    pub(crate) fn source(&self) -> Cow<'static, str> {
        match &self.overlay {
            None => Cow::Borrowed("national"),
            Some(o) => Cow::Owned(format!("overlay:{o}")),
        }
    }

    /// The online service level record in force on `on`.
    pub(crate) fn online_on(&self, on: Date) -> Option<&OnlineLevelRecord> {
        self.online.iter().find(|o| o.validity.contains(on))
    }

    /// The statutory processing times in force on `on`.
    pub(crate) fn processing_on(&self, on: Date) -> impl Iterator<Item = &ProcessingTime> {
        self.processing
            .iter()
            .filter(move |x| x.validity.contains(on))
    }

    /// The fee items in force on `on`.
    pub(crate) fn fees_on(&self, on: Date) -> impl Iterator<Item = &FeeItem> {
        self.fees.iter().filter(move |x| x.validity.contains(on))
    }

    /// The names of the documents, required on `on`, that can be reused
    /// from a national database.
    pub(crate) fn reusable_documents_on(&self, on: Date) -> impl Iterator<Item = &str> {
        self.documents
            .iter()
            .filter(move |d| d.validity.contains(on) && d.reusable_from.is_some())
            .map(|d| d.name.as_str())
    }
}

/// The online service level of `p` on `on`.
fn online_level_on(p: &Procedure, on: Date) -> Option<OnlineLevelOn<'_>> {
    p.online_on(on).map(|o| OnlineLevelOn {
        level: o.level.as_str(),
        label_vi: o.level.label_vi(),
        decree42_equivalent: o.level.decree42_equivalent().map(OnlineLevel::as_str),
        accepts_online_submission: o.level.accepts_online_submission(),
        status: o.status,
        legal_basis: &o.legal_basis,
        validity: o.validity,
    })
}

/// A fact of a procedure (or a policy) whose status is `unconfirmed`,
/// written "path: unconfirmed" (`procedure cu-tru.x: unconfirmed`, `fee Lệ
/// phí (default): unconfirmed`, …) when it is displayed.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Unconfirmed<'a> {
    Procedure(&'a str),
    LegalBasis(&'a str),
    OnlineLevel,
    ProcessingTime(&'a str),
    Fee { label: &'a str, case: &'a str },
    List(&'a str),
    Policy(&'a str),
}

impl Unconfirmed<'_> {
    /// Writes "path: unconfirmed" to `w` piece by piece (see
    /// `Note::write_to`, which calls it).
    pub(crate) fn write_to(&self, w: &mut impl std::fmt::Write) -> std::fmt::Result {
        let pieces: [&str; 5] = match *self {
            Unconfirmed::Procedure(id) => ["procedure ", id, "", "", ""],
            Unconfirmed::LegalBasis(id) => ["legal basis ", id, "", "", ""],
            Unconfirmed::OnlineLevel => ["online level", "", "", "", ""],
            Unconfirmed::ProcessingTime(case) => ["processing time (", case, ")", "", ""],
            Unconfirmed::Fee { label, case } => ["fee ", label, " (", case, ")"],
            Unconfirmed::List(id) => ["list ", id, "", "", ""],
            Unconfirmed::Policy(id) => ["policy ", id, "", "", ""],
        };
        for piece in pieces {
            w.write_str(piece)?;
        }
        w.write_str(": ")?;
        w.write_str(Status::Unconfirmed.as_str())
    }
}

impl std::fmt::Display for Unconfirmed<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.write_to(f)
    }
}
