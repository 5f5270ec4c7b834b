//! The imported catalogue tree as files: one procedures file per sector
//! (sorted by code), the dated-rate policies, the documents and sectors they
//! cite, and copies of the base catalogue's records they reuse, so that the
//! tree validates on its own and over the base.

use std::collections::{BTreeMap, BTreeSet};

use tthc::catalog::model::{Document, Province, Sector};
use tthc::legal::LegalRef;
use tthc::Catalog;

use crate::ids::Naming;
use crate::parse::channels::Channel;
use crate::parse::fee::FeeKind;
use crate::parse::legal::document_kind;
use crate::procedure::{Procedure, Rate};
use crate::toml_text::{comment, list, q, Lines};

/// One file of the output tree: path relative to its root, and text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub text: String,
}

/// The loader refuses files over 8 MiB; a sector this large is split into
/// `<sector>.toml`, `<sector>-2.toml`, … below this size.
const MAX_FILE_BYTES: usize = 6 << 20;

/// The README that marks a directory as written by the importer (so that a
/// re-run may replace its files) and says what it is.
pub(crate) const README: &str = "\
# Imported catalogue

This tree was written by `tthc import portal` from the national public-service
portal's procedure records and list exports. Re-run the import rather than edit
it: the importer rewrites every `*.toml` file here, and the same inputs give the
same bytes, so `git diff` shows what changed between two imports.

Load it with `tthc --catalog DIR …` (on top of the embedded catalogue) or check
it with `tthc validate DIR` and `tthc validate DIR --over-embedded`.
";

pub(crate) struct Counts {
    pub policies: usize,
    pub documents: usize,
    pub sectors: usize,
}

/// Renders every file of the tree.
pub(crate) fn render(
    procedures: &[Procedure],
    naming: &Naming,
    base: &Catalog,
    province: Option<&str>,
) -> (Vec<OutputFile>, Counts) {
    let prefix = province.map_or(String::new(), |p| format!("overlays/{p}/"));
    let mut files = vec![OutputFile {
        path: "README.md".to_string(),
        text: README.to_string(),
    }];
    let mut by_sector: BTreeMap<String, Vec<&Procedure>> = BTreeMap::new();
    for p in procedures {
        by_sector
            .entry(naming.of(&p.code).sector)
            .or_default()
            .push(p);
    }
    let mut policies = 0;
    for (sector, procs) in &by_sector {
        let name = comment(naming.sectors.get(sector).map_or("", |s| s.name.as_str()));
        let header = format!(
            "# Lĩnh vực «{name}»: procedures imported from the national public-service\n# portal (dichvucong.gov.vn) by `tthc import portal`, sorted by code.\n# Re-import instead of editing: the importer rewrites this file.\n"
        );
        let blocks: Vec<String> = procs.iter().map(|p| procedure_block(p, naming)).collect();
        for (i, part) in split_parts(&blocks, MAX_FILE_BYTES).into_iter().enumerate() {
            let file = if i == 0 {
                format!("{sector}.toml")
            } else {
                format!("{sector}-{}.toml", i + 1)
            };
            files.push(OutputFile {
                path: format!("{prefix}procedures/{file}"),
                text: format!("{header}{}", part.concat()),
            });
        }
        let rate_blocks: Vec<String> = procs.iter().flat_map(|p| rate_blocks(p, naming)).collect();
        if !rate_blocks.is_empty() {
            policies += rate_blocks.len();
            files.push(OutputFile {
                path: format!("{prefix}policies/{sector}.toml"),
                text: format!(
                    "# Lĩnh vực «{name}»: rates for a stated period, read from the fee notes and\n# descriptions of the national public-service portal by `tthc import portal`.\n{}",
                    rate_blocks.concat()
                ),
            });
        }
    }
    let mut copies = Copies::default();
    let (docs_text, new_documents) = documents_file(procedures, base, &mut copies);
    let (sectors_text, sectors) = sectors_file(procedures, naming, base, &mut copies);
    files.push(OutputFile {
        path: "sectors.toml".to_string(),
        text: sectors_text,
    });
    if let Some(p) = province {
        copies.province(base, p);
        files.push(OutputFile {
            path: "provinces.toml".to_string(),
            text: copies.provinces_text(base),
        });
    }
    files.push(OutputFile {
        path: "documents.toml".to_string(),
        text: docs_text,
    });
    let copied: Vec<&Document> = copies
        .documents
        .iter()
        .filter_map(|id| base.document(id))
        .collect();
    if !copied.is_empty() {
        files.push(OutputFile {
            path: "documents/from-base.toml".to_string(),
            text: format!(
                "# Copied unchanged from the base catalogue, so that this tree stands alone\n# and, loaded over the base, replaces these records with themselves.\n{}",
                copied.iter().map(|d| document_copy(d)).collect::<String>()
            ),
        });
    }
    let documents = new_documents + copied.len();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    (
        files,
        Counts {
            policies,
            documents,
            sectors,
        },
    )
}

/// Groups blocks into parts of at most `max` bytes (a block larger than
/// `max` gets a part of its own).
fn split_parts(blocks: &[String], max: usize) -> Vec<Vec<&str>> {
    let mut parts: Vec<Vec<&str>> = vec![Vec::new()];
    let mut size = 0;
    for b in blocks {
        if size + b.len() > max && size > 0 {
            parts.push(Vec::new());
            size = 0;
        }
        size += b.len();
        if let Some(last) = parts.last_mut() {
            last.push(b);
        }
    }
    parts
}

fn channel_names(channels: &[Channel]) -> Vec<&'static str> {
    channels.iter().map(|c| c.as_str()).collect()
}

/// The legal basis of a processing time or fee read from a portal record:
/// the record's publishing decision, or failing that its legal bases.
fn record_basis(p: &Procedure) -> Vec<&str> {
    match p.cited.iter().find(|c| c.publishing) {
        Some(d) => vec![d.id.as_str()],
        None => p.legal_basis.iter().map(String::as_str).collect(),
    }
}

fn procedure_block(p: &Procedure, naming: &Naming) -> String {
    let named = naming.of(&p.code);
    let mut l = Lines(String::from("\n[[procedure]]\n"));
    l.str("id", &named.id);
    l.str("code", &p.code);
    l.str("name", &p.name);
    l.str("sector", &named.sector);
    match &p.levels_unknown {
        Some(reason) => l.str("levels_unknown", reason),
        None => l.list("levels", &p.levels),
    }
    if !p.offered.is_empty() {
        l.list("channels", &channel_names(&p.offered));
    }
    if let Some(to) = p.valid_to {
        l.raw("valid_to", to.to_string());
    }
    // The catalogue accepts a procedure without a legal basis only as unconfirmed.
    if p.legal_basis.is_empty() {
        l.str(
            "legal_basis_unknown",
            "the source names no publishing decision and no legal basis",
        );
        l.str("status", "unconfirmed");
    } else {
        l.list("legal_basis", &p.legal_basis);
        l.str("status", "secondary");
    }
    l.opt_str("url", p.url.as_deref());
    l.opt_str("procedure_type", p.procedure_type.as_deref());
    l.nonempty_list("agencies", &p.agencies);
    l.nonempty_list("authority", &p.authority);
    l.nonempty_list("applicants", &p.applicants);
    l.str("note", &procedure_note(p));
    if !p.verbatim.is_empty() {
        l.line("\n[procedure.verbatim]");
        for (k, v) in &p.verbatim {
            l.str(k, v);
        }
    }
    let basis = record_basis(p);
    for proc in &p.processing {
        l.line("\n[[procedure.processing]]");
        l.str("case", "default");
        if !proc.channels.is_empty() {
            l.list("channels", &channel_names(&proc.channels));
        }
        let t = &proc.time;
        match &t.unknown {
            Some(reason) => {
                l.str("unknown", reason);
                if let Some(a) = t.amount {
                    l.raw("amount", a.to_string());
                }
            }
            None => {
                l.raw("amount", t.amount.unwrap_or_default().to_string());
                l.str("unit", t.unit.map_or("", |u| u.as_str()));
            }
        }
        if !t.verbatim.is_empty() {
            l.str("verbatim", &t.verbatim);
        }
        l.list("legal_basis", &basis);
        l.str("status", "secondary");
    }
    for fee in &p.fees {
        l.line("\n[[procedure.fee]]");
        l.str("case", "default");
        if !fee.channels.is_empty() {
            l.list("channels", &channel_names(&fee.channels));
        }
        let f = &fee.fee;
        if let Some(item) = f.item {
            l.str("item", item.as_str());
        }
        l.str("name", fee_name(f.item));
        match (&f.unknown, f.amount) {
            (Some(reason), _) => l.str("unknown", reason),
            (None, amount) => l.raw("amount", amount.unwrap_or_default().to_string()),
        }
        if !f.verbatim.is_empty() {
            l.str("verbatim", &f.verbatim);
        }
        l.list("legal_basis", &basis);
        l.str("status", "secondary");
    }
    l.0
}

fn fee_name(item: Option<FeeKind>) -> &'static str {
    match item {
        Some(FeeKind::LePhi) => "Lệ phí",
        Some(FeeKind::Phi) => "Phí",
        None => "Phí, lệ phí",
    }
}

fn procedure_note(p: &Procedure) -> String {
    let mut note = if p.list_only {
        "Known only from a row of the national public-service portal's list export: no competent level, publishing decision, times or fees.".to_string()
    } else {
        "Read from the national public-service portal.".to_string()
    };
    if !p.doubt_kinds.is_empty() {
        let kinds: Vec<String> = p.doubt_kinds.iter().map(|k| k.as_str()).collect();
        note.push_str(&format!(
            " Import doubts: {} (see the import report).",
            kinds.join(", ")
        ));
    }
    note
}

/// Policy ids: `<procedure id>.muc-thu.<item>.<first day>` (`-2`, … when a
/// procedure has two rates for the same item starting the same day).
fn rate_blocks(p: &Procedure, naming: &Naming) -> Vec<String> {
    let pid = naming.of(&p.code).id;
    let pid = pid.as_str();
    let mut used = BTreeSet::new();
    let mut out = Vec::new();
    for r in &p.rates {
        let stem = format!(
            "{pid}.muc-thu.{}.{}",
            r.rate.item.map_or("moi-khoan", FeeKind::as_str),
            r.rate.from
        );
        let mut id = stem.clone();
        let mut n = 1;
        while !used.insert(id.clone()) {
            n += 1;
            id = format!("{stem}-{n}");
        }
        out.push(rate_block(p, r, &id, pid));
    }
    out
}

fn rate_block(p: &Procedure, r: &Rate, id: &str, pid: &str) -> String {
    let rate = &r.rate;
    let mut basis: Vec<&str> = record_basis(p);
    for c in &rate.cites {
        if !basis.contains(&c.as_str()) {
            basis.push(c);
        }
    }
    let (fy, fm, fd) = rate.from.ymd();
    let (ty, tm, td) = rate.to.ymd();
    let mut l = Lines(String::from("\n[[policy]]\n"));
    l.str("id", id);
    // A rate of 0 for a period is the text's "miễn": an exemption.
    let (kind, what) = if rate.amount == 0 {
        ("fee-exemption", "miễn thu".to_string())
    } else {
        (
            "fee-set",
            format!("mức thu {} đồng", thousands(rate.amount)),
        )
    };
    l.str(
        "name",
        &format!(
            "Thủ tục {}: {what} từ {fd:02}/{fm:02}/{fy} đến {td:02}/{tm:02}/{ty}",
            p.code
        ),
    );
    l.str("kind", kind);
    l.raw("valid_from", rate.from.to_string());
    l.raw("valid_to", rate.to.to_string());
    l.list("legal_basis", &basis);
    l.str("status", "secondary");
    l.str(
        "note",
        &format!(
            "Read from the portal record's fee note or description: {}",
            rate.verbatim
        ),
    );
    l.line("\n[policy.when]");
    l.list("procedures", &[pid]);
    let mut channels: Vec<&str> = r
        .channels
        .iter()
        .flat_map(|c| c.engine_channels().iter().copied())
        .collect();
    channels.dedup();
    if !channels.is_empty() {
        l.list("channels", &channels);
    }
    if rate.amount > 0 || rate.item.is_some() {
        l.line("\n[policy.effect]");
    }
    if rate.amount > 0 {
        l.raw("amount", rate.amount.to_string());
    }
    if let Some(item) = rate.item {
        l.list("items", &[item.as_str()]);
    }
    l.0
}

/// `400000` → `400.000`, as the law writes amounts.
fn thousands(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Base records the tree copies: documents, sectors and provinces by id.
#[derive(Default)]
struct Copies {
    documents: BTreeSet<String>,
    provinces: BTreeSet<String>,
}

impl Copies {
    fn cite(&mut self, refs: &[LegalRef]) {
        for r in refs {
            self.documents.insert(r.doc.clone());
        }
    }

    /// Province `id` and every province its versions name, with their documents.
    fn province(&mut self, base: &Catalog, id: &str) {
        if !self.provinces.insert(id.to_string()) {
            return;
        }
        let versions: Vec<&Province> = base.provinces().iter().filter(|p| p.id == id).collect();
        for v in versions {
            self.cite(&v.legal_basis);
            let linked: Vec<String> = v.successor.iter().chain(&v.merged_from).cloned().collect();
            for other in linked {
                self.province(base, &other);
            }
        }
    }

    fn provinces_text(&self, base: &Catalog) -> String {
        let mut l = Lines(String::from(
            "# Copied unchanged from the base catalogue: the provinces this tree's overlay\n# and their successors name.\n",
        ));
        for p in base
            .provinces()
            .iter()
            .filter(|p| self.provinces.contains(&p.id))
        {
            l.line("\n[[province]]");
            l.str("id", &p.id);
            l.str("name", &p.name);
            l.str("kind", p.kind);
            validity(&mut l, p.validity.from, p.validity.to);
            l.opt_str("successor", p.successor.as_deref());
            l.nonempty_list("merged_from", &p.merged_from);
            l.raw("legal_basis", legal_refs(&p.legal_basis));
            l.str("status", p.status.as_str());
            l.opt_str("note", p.note.as_deref());
        }
        l.0
    }
}

fn validity(l: &mut Lines, from: Option<tthc::Date>, to: Option<tthc::Date>) {
    if let Some(f) = from {
        l.raw("valid_from", f.to_string());
    }
    if let Some(t) = to {
        l.raw("valid_to", t.to_string());
    }
}

fn legal_refs(refs: &[LegalRef]) -> String {
    let items: Vec<String> = refs
        .iter()
        .map(|r| match &r.article {
            None => q(&r.doc),
            Some(a) => format!("{{ doc = {}, article = {} }}", q(&r.doc), q(a)),
        })
        .collect();
    format!("[{}]", items.join(", "))
}

fn document_copy(d: &Document) -> String {
    let mut l = Lines(String::from("\n[[document]]\n"));
    l.str("id", &d.id);
    l.str("kind", d.kind);
    l.opt_str("title", d.title.as_deref());
    if let Some(i) = d.issued {
        l.raw("issued", i.to_string());
    }
    if let Some(e) = d.effective {
        l.raw("effective", e.to_string());
    }
    l.str("status", d.status.as_str());
    l.str("source", &d.source);
    l.opt_str("url", d.url.as_deref());
    l.opt_str("note", d.note.as_deref());
    l.0
}

/// `documents.toml`: documents the base lacks, described from the first
/// procedure (by code) that cites each; documents the base has are noted
/// in `copies`. Returns the text and how many documents it declares.
fn documents_file(
    procedures: &[Procedure],
    base: &Catalog,
    copies: &mut Copies,
) -> (String, usize) {
    let mut new: BTreeMap<&str, String> = BTreeMap::new();
    for p in procedures {
        for c in &p.cited {
            if base.document(&c.id).is_some() {
                copies.documents.insert(c.id.clone());
                continue;
            }
            if new.contains_key(c.id.as_str()) {
                continue;
            }
            let in_rate = !p.legal_basis.contains(&c.id);
            let mut l = Lines(String::from("\n[[document]]\n"));
            l.str("id", &c.id);
            l.str(
                "kind",
                if c.publishing {
                    "decision"
                } else {
                    document_kind(&c.id)
                },
            );
            l.opt_str("title", c.title.as_deref());
            l.str("status", "secondary");
            let source = if c.publishing {
                format!("Cited by the national public-service portal as the decision that published procedure {}", p.code)
            } else if in_rate {
                format!("Cited in a fee note of the national public-service portal's record of procedure {}", p.code)
            } else {
                format!(
                    "Cited by the national public-service portal, record of procedure {}",
                    p.code
                )
            };
            l.str("source", &source);
            l.opt_str("url", p.url.as_deref());
            new.insert(c.id.as_str(), l.0);
        }
    }
    let count = new.len();
    let text = format!(
        "# Documents cited by the imported procedures that the base catalogue does not\n# declare, as the national public-service portal names them (number only).\n{}",
        new.into_values().collect::<String>()
    );
    (text, count)
}

/// `sectors.toml`: each sector the procedures use. New sectors cite the
/// decision that published their first procedure (by code); base sectors
/// are copied.
fn sectors_file(
    procedures: &[Procedure],
    naming: &Naming,
    base: &Catalog,
    copies: &mut Copies,
) -> (String, usize) {
    let mut l = Lines(String::from(
        "# Sectors (lĩnh vực) of the imported procedures, as the national public-service\n# portal names them; a sector the base catalogue has is copied from it.\n",
    ));
    let mut count = 0;
    let mut seen = BTreeSet::new();
    // The decision that published each sector's first procedure (by code).
    let mut first: BTreeMap<String, (&str, &str)> = BTreeMap::new();
    for p in procedures {
        if let Some(c) = p.cited.iter().find(|c| c.publishing) {
            first
                .entry(naming.of(&p.code).sector)
                .or_insert((p.code.as_str(), c.id.as_str()));
        }
    }
    for s in naming.sectors.values() {
        if !seen.insert(s.id.clone()) {
            continue;
        }
        count += 1;
        if s.from_base {
            let versions: Vec<&Sector> = base.sectors().iter().filter(|b| b.id == s.id).collect();
            for v in versions {
                copies.cite(&v.legal_basis);
                l.line("\n[[sector]]  # copied from the base catalogue");
                l.str("id", &v.id);
                l.str("name", &v.name);
                l.opt_str("name_en", v.name_en.as_deref());
                validity(&mut l, v.validity.from, v.validity.to);
                l.raw("legal_basis", legal_refs(&v.legal_basis));
                l.str("status", v.status.as_str());
            }
            continue;
        }
        l.line("\n[[sector]]");
        l.str("id", &s.id);
        l.str("name", &s.name);
        match first.get(&s.id) {
            Some((code, decision)) => {
                l.raw("legal_basis", list(&[decision]));
                l.str("status", "secondary");
                l.str(
                    "note",
                    &format!("Lĩnh vực as the national public-service portal names it; cites the decision that published procedure {code}."),
                );
            }
            None => {
                l.str(
                    "legal_basis_unknown",
                    "the source names no publishing decision for any procedure of this sector",
                );
                l.str("status", "unconfirmed");
                l.str(
                    "note",
                    "Lĩnh vực as the national public-service portal's list export names it.",
                );
            }
        }
    }
    (l.0, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_stay_under_the_limit() {
        let blocks: Vec<String> = ["aaaa", "bbbb", "cc", "dddddddd"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let parts = split_parts(&blocks, 6);
        assert_eq!(
            parts,
            vec![vec!["aaaa"], vec!["bbbb", "cc"], vec!["dddddddd"]]
        );
        assert_eq!(split_parts(&[], 6), vec![Vec::<&str>::new()]);
    }

    #[test]
    fn amounts_with_thousands_dots() {
        assert_eq!(thousands(400_000), "400.000");
        assert_eq!(thousands(12_500_000), "12.500.000");
        assert_eq!(thousands(0), "0");
    }
}
