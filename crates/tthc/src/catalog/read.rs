//! Reading each kind of catalogue record from its TOML table.
//!
//! Each reader checks keys, types and per-record rules and reports into
//! [`Diagnostics`]; cross-record rules (duplicates, references, overlaps) are
//! checked in [`super::check`] once every file is read.

use std::collections::BTreeMap;

use once_cell::sync::Lazy;
use regex::Regex;

use super::model::*;
use crate::channel::ChannelSet;
use crate::diagnostics::{codes, Diagnostics};
use crate::legal::{read_legal_basis, Citation, LegalRef, RefKind, References, Status};
use crate::source::Table;
use crate::validity::Validity;

/// Observed format of national procedure codes (the national portal's records;
/// no normative text of the format was read, docs/sources.md):
/// `D.NNNNNN`, optionally followed by the unit part `.000.00.00.Hnn`.
static PROCEDURE_CODE: Lazy<Option<Regex>> =
    Lazy::new(|| Regex::new(r"^[0-9]\.[0-9]{6}(\.000\.00\.00\.H[0-9]{2})?$").ok());

/// Record ids: lower-case ASCII words joined by dots and dashes.
static RECORD_ID: Lazy<Option<Regex>> =
    Lazy::new(|| Regex::new(r"^[a-z0-9]+([.-][a-z0-9]+)*$").ok());

/// Whether `code` has the observed national procedure-code format.
pub fn is_valid_procedure_code(code: &str) -> bool {
    PROCEDURE_CODE.as_ref().is_some_and(|re| re.is_match(code))
}

/// Everything read from one layer of catalogue files.
#[derive(Debug, Default, Clone)]
pub(crate) struct Layer {
    pub documents: Vec<Document>,
    pub provinces: Vec<Province>,
    pub sectors: Vec<Sector>,
    pub databases: Vec<Database>,
    pub lists: Vec<EssentialList>,
    pub procedures: Vec<Procedure>,
}

impl Layer {
    /// Moves `other`'s records after these (one file's records, in file order).
    pub fn append(&mut self, mut other: Layer) {
        self.documents.append(&mut other.documents);
        self.provinces.append(&mut other.provinces);
        self.sectors.append(&mut other.sectors);
        self.databases.append(&mut other.databases);
        self.lists.append(&mut other.lists);
        self.procedures.append(&mut other.procedures);
    }
}

fn read_id(t: &Table<'_>, diags: &mut Diagnostics) -> Option<String> {
    let id = t.req_text("id", diags)?;
    if !RECORD_ID.as_ref().is_some_and(|re| re.is_match(&id)) {
        t.invalid(
            "id",
            format!("{} id `{id}` is not a valid identifier", t.what()),
            "use lower-case ASCII letters and digits joined by `.` or `-`, e.g. `ho-tich.dang-ky-khai-sinh`",
            diags,
        );
        return None;
    }
    Some(id)
}

const DOCUMENT_KEYS: &[&str] = &[
    "id",
    "kind",
    "title",
    "issued",
    "effective",
    "status",
    "source",
    "url",
    "note",
];

pub(crate) fn document(t: &Table<'_>, diags: &mut Diagnostics) -> Option<Document> {
    t.check_keys(DOCUMENT_KEYS, diags);
    // Document ids are printed symbols ("61/2018/NĐ-CP"), not slugs.
    let id = t.req_text("id", diags);
    let kind = t.req_enum("kind", &DOCUMENT_KINDS, diags);
    let title = t.opt_str("title", diags);
    let issued = t.opt_date("issued", diags);
    let effective = t.opt_date("effective", diags);
    let status = Status::read(t, diags);
    let source = t.req_text("source", diags);
    let url = t.opt_str("url", diags);
    let note = t.opt_str("note", diags);
    Some(Document {
        id: id?,
        kind: kind?,
        title,
        issued,
        effective,
        status,
        source: source?,
        url,
        note,
        loc: t.location(),
    })
}

const PROVINCE_KEYS: &[&str] = &[
    "id",
    "name",
    "kind",
    "valid_from",
    "valid_to",
    "successor",
    "merged_from",
    "legal_basis",
    "status",
    "note",
];

pub(crate) fn province(
    t: &Table<'_>,
    diags: &mut Diagnostics,
    refs: &mut References,
) -> Option<Province> {
    t.check_keys(PROVINCE_KEYS, diags);
    let id = read_id(t, diags);
    let name = t.req_text("name", diags);
    let kind = t.req_enum("kind", &["province", "city"], diags);
    let validity = Validity::read(t, diags);
    let successor = t.opt_str("successor", diags);
    if let Some(s) = &successor {
        refs.expect(RefKind::Province, s.clone(), t.loc("successor"));
        if validity.to.is_none() {
            t.invalid(
                "successor",
                "a province with a `successor` must have a `valid_to`",
                "set valid_to to its last day (e.g. 2025-06-30)",
                diags,
            );
        }
    }
    let merged_from: Vec<String> = t
        .opt_str_list("merged_from", diags)
        .unwrap_or_default()
        .into_iter()
        .map(|(s, loc)| {
            refs.expect(RefKind::Province, s.clone(), loc);
            s
        })
        .collect();
    let legal_basis = read_legal_basis(t, diags, refs);
    let status = Status::read(t, diags);
    let note = t.opt_str("note", diags);
    Some(Province {
        id: id?,
        name: name?,
        kind: kind?,
        validity,
        successor,
        merged_from,
        legal_basis,
        status,
        note,
        loc: t.location(),
    })
}

const NAMED_KEYS: &[&str] = &[
    "id",
    "name",
    "name_en",
    "valid_from",
    "valid_to",
    "legal_basis",
    "status",
    "note",
];

/// The keys that sectors, databases and lists share, read once for all three.
struct Named {
    id: String,
    name: String,
    name_en: Option<String>,
    validity: Validity,
    legal_basis: Vec<LegalRef>,
    legal_basis_unknown: Option<String>,
    status: Status,
    note: Option<String>,
}

fn named(
    t: &Table<'_>,
    extra_keys: &[&str],
    diags: &mut Diagnostics,
    refs: &mut References,
) -> Option<Named> {
    let keys: Vec<&str> = NAMED_KEYS.iter().chain(extra_keys).copied().collect();
    t.check_keys(&keys, diags);
    let id = read_id(t, diags);
    let name = t.req_text("name", diags);
    let name_en = t.opt_str("name_en", diags);
    let validity = Validity::read(t, diags);
    let status = Status::read(t, diags);
    let (legal_basis, legal_basis_unknown) = basis_or_unknown(t, status, diags, refs);
    let note = t.opt_str("note", diags);
    Some(Named {
        id: id?,
        name: name?,
        name_en,
        validity,
        legal_basis,
        legal_basis_unknown,
        status,
        note,
    })
}

pub(crate) fn sector(
    t: &Table<'_>,
    diags: &mut Diagnostics,
    refs: &mut References,
) -> Option<Sector> {
    let n = named(t, &["legal_basis_unknown"], diags, refs)?;
    Some(Sector {
        id: n.id,
        name: n.name,
        name_en: n.name_en,
        validity: n.validity,
        legal_basis: n.legal_basis,
        legal_basis_unknown: n.legal_basis_unknown,
        status: n.status,
        loc: t.location(),
    })
}

pub(crate) fn database(
    t: &Table<'_>,
    diags: &mut Diagnostics,
    refs: &mut References,
) -> Option<Database> {
    let n = named(t, &[], diags, refs)?;
    Some(Database {
        id: n.id,
        name: n.name,
        name_en: n.name_en,
        validity: n.validity,
        legal_basis: n.legal_basis,
        status: n.status,
        note: n.note,
        loc: t.location(),
    })
}

pub(crate) fn list(
    t: &Table<'_>,
    diags: &mut Diagnostics,
    refs: &mut References,
) -> Option<EssentialList> {
    let n = named(t, &["member"], diags, refs);
    let members = t
        .tables("member", "list member", diags)
        .iter()
        .filter_map(|m| {
            m.check_keys(&["procedure", "status", "note"], diags);
            let procedure = m.req_text("procedure", diags)?;
            refs.expect(RefKind::Procedure, procedure.clone(), m.loc("procedure"));
            Some(ListMember {
                procedure,
                status: Status::read(m, diags),
                note: m.opt_str("note", diags),
            })
        })
        .collect();
    let n = n?;
    Some(EssentialList {
        id: n.id,
        name: n.name,
        name_en: n.name_en,
        validity: n.validity,
        legal_basis: n.legal_basis,
        status: n.status,
        note: n.note,
        members,
        loc: t.location(),
    })
}

const PROCEDURE_KEYS: &[&str] = &[
    "id",
    "code",
    "code_unknown",
    "name",
    "name_en",
    "sector",
    "channels",
    "levels",
    "levels_unknown",
    "valid_from",
    "valid_to",
    "legal_basis",
    "legal_basis_unknown",
    "status",
    "note",
    "online",
    "processing",
    "fee",
    "document",
    "url",
    "procedure_type",
    "agencies",
    "authority",
    "applicants",
    "verbatim",
];

pub(crate) fn procedure(
    t: &Table<'_>,
    overlay: Option<&str>,
    diags: &mut Diagnostics,
    refs: &mut References,
) -> Option<Procedure> {
    t.check_keys(PROCEDURE_KEYS, diags);
    let id = read_id(t, diags);
    let code = t.opt_str("code", diags);
    let code_unknown = t.opt_str("code_unknown", diags);
    match (&code, &code_unknown) {
        (Some(c), None) if !is_valid_procedure_code(c) => diags.error(
            codes::MALFORMED_CODE,
            Some(t.loc("code")),
            format!("procedure code `{c}` does not match the national format"),
            "write D.NNNNNN or D.NNNNNN.000.00.00.Hnn (e.g. 1.000894 or 1.001612.000.00.00.H48); if no source gives the code, write code_unknown = \"why\" instead",
        ),
        (Some(_), Some(_)) => t.invalid(
            "code_unknown",
            "procedure has both `code` and `code_unknown`",
            "keep `code` if a source gives it, otherwise only `code_unknown`",
            diags,
        ),
        (None, None) if !t.has("code") && !t.has("code_unknown") => diags.error(
            codes::MISSING_KEY,
            Some(t.location()),
            "procedure has neither `code` nor `code_unknown`",
            "give the national code from a source, or say why it is absent: code_unknown = \"no source gives it\"",
        ),
        _ => {}
    }
    let name = t.req_text("name", diags);
    let name_en = t.opt_str("name_en", diags);
    let sector = t.req_text("sector", diags);
    if let Some(s) = &sector {
        refs.expect(RefKind::Sector, s.clone(), t.loc("sector"));
    }
    let validity = Validity::read(t, diags);
    let levels_unknown = t.opt_str("levels_unknown", diags);
    let levels = match &levels_unknown {
        None => read_levels(t, &validity, diags),
        Some(_) if t.has("levels") => {
            t.invalid(
                "levels_unknown",
                "procedure has both `levels` and `levels_unknown`",
                "keep `levels` if a source gives the competent level, otherwise only `levels_unknown`",
                diags,
            );
            Vec::new()
        }
        Some(_) => Vec::new(),
    };
    let status = Status::read(t, diags);
    let (legal_basis, legal_basis_unknown) = basis_or_unknown(t, status, diags, refs);
    let note = t.opt_str("note", diags);

    let online = t
        .tables("online", "online level", diags)
        .iter()
        .filter_map(|o| {
            o.check_keys(
                &[
                    "level",
                    "valid_from",
                    "valid_to",
                    "legal_basis",
                    "status",
                    "note",
                ],
                diags,
            );
            let level = o
                .req_enum("level", &OnlineLevel::NAMES, diags)
                .and_then(OnlineLevel::parse);
            let validity = Validity::read(o, diags);
            let legal_basis = read_legal_basis(o, diags, refs);
            o.opt_str("note", diags);
            Some(OnlineLevelRecord {
                level: level?,
                validity,
                legal_basis,
                status: Status::read(o, diags),
            })
        })
        .collect();

    let processing = t
        .tables("processing", "processing time", diags)
        .iter()
        .filter_map(|p| processing_time(p, diags, refs))
        .collect();

    let fees = t
        .tables("fee", "fee", diags)
        .iter()
        .filter_map(|f| fee_item(f, diags, refs))
        .collect();

    let documents = t
        .tables("document", "required document", diags)
        .iter()
        .filter_map(|d| {
            d.check_keys(
                &[
                    "name",
                    "reusable_from",
                    "valid_from",
                    "valid_to",
                    "legal_basis",
                    "status",
                    "note",
                ],
                diags,
            );
            let name = d.req_text("name", diags);
            let reusable_from = d.opt_str("reusable_from", diags);
            if let Some(db) = &reusable_from {
                refs.expect(RefKind::Database, db.clone(), d.loc("reusable_from"));
            }
            let validity = Validity::read(d, diags);
            let legal_basis = if d.has("legal_basis") {
                read_legal_basis(d, diags, refs)
            } else {
                Vec::new()
            };
            d.opt_str("note", diags);
            Some(RequiredDocument {
                name: name?,
                reusable_from,
                validity,
                legal_basis,
                status: Status::read(d, diags),
            })
        })
        .collect();

    Some(Procedure {
        id: id?,
        code,
        code_unknown,
        name: name?,
        name_en,
        sector: sector?,
        levels,
        levels_unknown,
        validity,
        legal_basis,
        legal_basis_unknown,
        status,
        note,
        online,
        processing,
        fees,
        documents,
        channels: read_channels(t, diags),
        url: t.opt_str("url", diags),
        procedure_type: t.opt_str("procedure_type", diags),
        agencies: strings(t, "agencies", diags),
        authority: strings(t, "authority", diags),
        applicants: strings(t, "applicants", diags),
        verbatim: verbatim(t, diags),
        overlay: overlay.map(str::to_string),
        loc: t.location(),
        policy_slot: None,
        unconfirmed_basis: Vec::new(),
    })
}

/// Reads `legal_basis`, or `legal_basis_unknown` with its reason where a
/// source (e.g. a list export) names no document: only on unconfirmed
/// records, since a record that cites nothing cannot be confirmed.
fn basis_or_unknown(
    t: &Table<'_>,
    status: Status,
    diags: &mut Diagnostics,
    refs: &mut References,
) -> (Vec<LegalRef>, Option<String>) {
    let unknown = t.opt_str("legal_basis_unknown", diags);
    if unknown.is_none() {
        return (read_legal_basis(t, diags, refs), None);
    }
    if t.has("legal_basis") {
        t.invalid(
            "legal_basis_unknown",
            format!("{} has both `legal_basis` and `legal_basis_unknown`", t.what()),
            "keep `legal_basis` if a source names the documents, otherwise only `legal_basis_unknown`",
            diags,
        );
    } else if status != Status::Unconfirmed {
        t.invalid(
            "legal_basis_unknown",
            format!("a {} without a legal basis must be `status = \"unconfirmed\"`", t.what()),
            "a record that cites no document cannot be confirmed: set status = \"unconfirmed\", or cite the documents",
            diags,
        );
    }
    (Vec::new(), unknown)
}

/// Reads one `[[procedure.processing]]`: an amount and a unit, or `unknown`
/// with its reason (DESIGN: unknown is not zero).
fn processing_time(
    p: &Table<'_>,
    diags: &mut Diagnostics,
    refs: &mut References,
) -> Option<ProcessingTime> {
    p.check_keys(&item_keys(&["amount", "unit"]), diags);
    let (case, channels) = case_and_channels(p, diags);
    let time = if p.has("unknown") {
        let reason = p.req_text("unknown", diags);
        if p.has("unit") {
            p.invalid(
                "unit",
                "a processing time with `unknown` has no unit",
                "remove `unit`, or remove `unknown` if the source gives the unit",
                diags,
            );
        }
        let amount = p.opt_uint("amount", 100_000, diags);
        TimeValue::Unknown {
            reason: reason?,
            amount: amount.and_then(|a| u32::try_from(a).ok()),
        }
    } else {
        let amount = p.req_uint("amount", 100_000, diags);
        let unit = p
            .req_enum("unit", &TimeUnit::NAMES, diags)
            .and_then(TimeUnit::parse);
        TimeValue::Known {
            amount: u32::try_from(amount?).ok()?,
            unit: unit?,
        }
    };
    let Sourcing {
        verbatim,
        validity,
        legal_basis,
    } = Sourcing::read(p, diags, refs);
    p.opt_str("note", diags);
    Some(ProcessingTime {
        case,
        channels,
        time,
        verbatim,
        validity,
        citations: Citation::owned(&legal_basis),
        legal_basis,
        status: Status::read(p, diags),
        loc: p.location(),
    })
}

/// Reads one `[[procedure.fee]]`: an item, name and amount, or `unknown`
/// with its reason; 0 is an amount (a source that says free), not unknown.
fn fee_item(f: &Table<'_>, diags: &mut Diagnostics, refs: &mut References) -> Option<FeeItem> {
    f.check_keys(&item_keys(&["item", "name", "amount"]), diags);
    let (case, channels) = case_and_channels(f, diags);
    let kind = |s: &str| match s {
        "phi" => FeeKind::Phi,
        _ => FeeKind::LePhi,
    };
    let charge = if f.has("unknown") {
        let reason = f.req_text("unknown", diags);
        if f.has("amount") {
            f.invalid(
                "amount",
                "a fee with `unknown` has no amount",
                "remove `amount`, or remove `unknown` if a source gives the amount (0 only where it says the service is free)",
                diags,
            );
        }
        let item = f.opt_enum("item", &["le-phi", "phi"], diags).map(kind);
        let name = f.opt_str("name", diags);
        FeeCharge::Unknown {
            reason: reason?,
            item,
            name,
        }
    } else {
        let item = f.opt_enum("item", &["le-phi", "phi"], diags).map(kind);
        let name = f.req_text("name", diags);
        let amount = f.req_uint("amount", 1_000_000_000_000, diags);
        FeeCharge::Known {
            item,
            name: name?,
            amount: amount?,
        }
    };
    let Sourcing {
        verbatim,
        validity,
        legal_basis,
    } = Sourcing::read(f, diags, refs);
    let status = Status::read(f, diags);
    let note = f.opt_str("note", diags);
    Some(FeeItem {
        case,
        channels,
        charge,
        verbatim,
        validity,
        citations: Citation::owned(&legal_basis),
        legal_basis,
        status,
        note,
    })
}

/// The keys of a processing time or fee item: the case and channels it is
/// for, its own value keys, then `unknown` and where it comes from.
fn item_keys<'k>(value: &[&'k str]) -> Vec<&'k str> {
    let mut keys = vec!["case", "channels"];
    keys.extend_from_slice(value);
    keys.extend_from_slice(&[
        "unknown",
        "verbatim",
        "valid_from",
        "valid_to",
        "legal_basis",
        "status",
        "note",
    ]);
    keys
}

/// Reads the case type (`"default"` when absent) and the channels a
/// processing time or fee item is for: the engine picks an item by both.
fn case_and_channels(t: &Table<'_>, diags: &mut Diagnostics) -> (String, ChannelSet) {
    let case = t
        .opt_str("case", diags)
        .unwrap_or_else(|| "default".to_string());
    (case, read_channels(t, diags))
}

/// Where a processing time or fee item comes from, read after its value
/// (the order diagnostics come out in): the source's own words, when the
/// item holds and the documents it rests on.
struct Sourcing {
    verbatim: Option<String>,
    validity: Validity,
    legal_basis: Vec<LegalRef>,
}

impl Sourcing {
    fn read(t: &Table<'_>, diags: &mut Diagnostics, refs: &mut References) -> Self {
        Sourcing {
            verbatim: t.opt_str("verbatim", diags),
            validity: Validity::read(t, diags),
            legal_basis: read_legal_basis(t, diags, refs),
        }
    }
}

/// Reads `channels` (absent: every channel, an empty set); `online` names
/// both portals.
fn read_channels(t: &Table<'_>, diags: &mut Diagnostics) -> ChannelSet {
    let mut set = ChannelSet::default();
    let Some(items) = t.opt_str_list("channels", diags) else {
        return set;
    };
    if items.is_empty() {
        t.invalid(
            "channels",
            "`channels` is empty",
            "list the channels, or remove the key to mean every channel",
            diags,
        );
    }
    for (name, loc) in items {
        match ChannelSet::parse_name(&name) {
            Some(c) => set = set.union(c),
            None => diags.error(
                codes::INVALID_VALUE,
                Some(loc),
                format!("`{name}` is not a channel"),
                format!("allowed: {}", ChannelSet::NAMES.join(", ")),
            ),
        }
    }
    set
}

/// An optional list of strings (a single string is a one-element list).
fn strings(t: &Table<'_>, key: &str, diags: &mut Diagnostics) -> Vec<String> {
    t.opt_str_list(key, diags)
        .unwrap_or_default()
        .into_iter()
        .map(|(s, _)| s)
        .collect()
}

/// Reads `[procedure.verbatim]`: source field name → text as read.
fn verbatim(t: &Table<'_>, diags: &mut Diagnostics) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Some(v) = t.opt_table("verbatim", "verbatim source fields", diags) else {
        return out;
    };
    for key in v.keys() {
        if let Some(text) = v.opt_str(key, diags) {
            out.insert(key.to_string(), text);
        }
    }
    out
}

/// Reads `levels`, rejecting `district` on a version valid after 2025-06-30.
fn read_levels(t: &Table<'_>, validity: &Validity, diags: &mut Diagnostics) -> Vec<Level> {
    if !t.has("levels") {
        t.req_str("levels", diags);
        return Vec::new();
    }
    let before = diags.len();
    let mut out = Vec::new();
    for (s, loc) in t.opt_str_list("levels", diags).unwrap_or_default() {
        match Level::parse(&s) {
            Some(Level::District)
                if validity
                    .to
                    .zip(Level::district_last_day())
                    .is_none_or(|(to, last)| to > last) =>
            {
                diags.error(
                    codes::LEVEL_OUT_OF_PERIOD,
                    Some(loc),
                    "competent level `district` on a version valid after 2025-06-30",
                    "district-level units stopped operating on 2025-07-01 (Resolution 202/2025/QH15): set valid_to = 2025-06-30 on this version and add a version from 2025-07-01 with the successor level",
                );
            }
            Some(level) => out.push(level),
            None => diags.error(
                codes::INVALID_VALUE,
                Some(loc),
                format!("`{s}` is not a competent level"),
                format!("allowed: {}", Level::NAMES.join(", ")),
            ),
        }
    }
    if out.is_empty() && diags.len() == before {
        t.invalid(
            "levels",
            "procedure has no competent level",
            "give at least one of: central, province, district, commune",
            diags,
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn procedure_code_format() {
        for ok in [
            "1.000894",
            "1.001612.000.00.00.H48",
            "2.000884.000.00.00.H55",
        ] {
            assert!(is_valid_procedure_code(ok), "{ok}");
        }
        for bad in [
            "1.00089",
            "1000894",
            "1.000894.H38",
            "1.000894.000.00.00.G03",
            "a.000894",
            " 1.000894",
        ] {
            assert!(!is_valid_procedure_code(bad), "{bad}");
        }
    }
}
