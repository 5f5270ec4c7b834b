//! Legal basis and certainty: what every catalogue record must carry.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{codes, Diagnostics, SourceLocation};
use crate::source::{RawValue, Table};
use toml::de::DeValue;

/// How sure the catalogue is of a fact, with the labels of `docs/sources.md` §1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Default, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The wording of the legal text was read.
    #[default]
    Confirmed,
    /// Reported by an official portal or mainstream news quoting the document.
    Secondary,
    /// Computed from confirmed facts (weekdays, lunar dates).
    Derived,
    /// Single or unofficial source: shown to users, overridable by deployments.
    Unconfirmed,
}

impl Status {
    /// The names catalogue files use.
    pub const NAMES: [&'static str; 4] = ["confirmed", "secondary", "derived", "unconfirmed"];

    /// The status's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmed",
            Status::Secondary => "secondary",
            Status::Derived => "derived",
            Status::Unconfirmed => "unconfirmed",
        }
    }

    fn parse(s: &str) -> Option<Status> {
        match s {
            "confirmed" => Some(Status::Confirmed),
            "secondary" => Some(Status::Secondary),
            "derived" => Some(Status::Derived),
            "unconfirmed" => Some(Status::Unconfirmed),
            _ => None,
        }
    }

    /// Reads the optional `status` key (default: confirmed).
    pub fn read(t: &Table<'_>, diags: &mut Diagnostics) -> Status {
        t.opt_enum("status", &Status::NAMES, diags)
            .and_then(Status::parse)
            .unwrap_or_default()
    }
}

/// One citation: a document declared in `documents.toml`, optionally an article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Hash)]
pub struct LegalRef {
    /// The document's id in `documents.toml`.
    pub doc: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The article, clause or point read, when the citation names one.
    pub article: Option<String>,
}

/// References to other records, collected while files are read and checked
/// once everything is loaded (a file may cite a document declared later).
#[derive(Debug, Default)]
pub struct References {
    pub(crate) items: Vec<(RefKind, String, SourceLocation)>,
}

/// What kind of record a reference points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefKind {
    /// A `[[document]]`.
    Document,
    /// A `[[province]]`.
    Province,
    /// A `[[sector]]`.
    Sector,
    /// A `[[database]]`.
    Database,
    /// A `[[list]]`.
    List,
    /// A `[[procedure]]`.
    Procedure,
}

impl RefKind {
    /// The record kind's name, as diagnostics print it.
    pub fn name(self) -> &'static str {
        match self {
            RefKind::Document => "document",
            RefKind::Province => "province",
            RefKind::Sector => "sector",
            RefKind::Database => "database",
            RefKind::List => "list",
            RefKind::Procedure => "procedure",
        }
    }
}

impl References {
    /// Records that `id` must exist as a `kind`; checked after loading.
    pub fn expect(&mut self, kind: RefKind, id: impl Into<String>, at: SourceLocation) {
        self.items.push((kind, id.into(), at));
    }

    /// Moves `other`'s references after these (a file read on another thread).
    pub(crate) fn append(&mut self, mut other: References) {
        self.items.append(&mut other.items);
    }
}

/// Reads the required `legal_basis` array and records each document reference.
pub fn read_legal_basis(
    t: &Table<'_>,
    diags: &mut Diagnostics,
    refs: &mut References,
) -> Vec<LegalRef> {
    let Some(v) = t.raw("legal_basis") else {
        diags.error(
            codes::MISSING_LEGAL_BASIS,
            Some(t.location()),
            format!("{} has no `legal_basis`", t.what()),
            "cite the document(s) it rests on, e.g. legal_basis = [\"61/2018/NĐ-CP\"] or [{ doc = \"61/2018/NĐ-CP\", article = \"Điều 18\" }]",
        );
        return Vec::new();
    };
    let items: Vec<&RawValue<'_>> = match v.get_ref() {
        DeValue::Array(a) => a.iter().collect(),
        _ => vec![v],
    };
    let before = diags.len();
    let mut out = Vec::new();
    for item in items {
        match item.get_ref() {
            DeValue::String(s) => {
                refs.expect(RefKind::Document, s.to_string(), t.loc_of(item));
                out.push(LegalRef {
                    doc: s.to_string(),
                    article: None,
                });
            }
            DeValue::Table(inner) => {
                let doc = inner
                    .iter()
                    .find(|(k, _)| k.get_ref() == "doc")
                    .map(|(_, v)| v);
                let article = inner
                    .iter()
                    .find(|(k, _)| k.get_ref() == "article")
                    .map(|(_, v)| v);
                for (k, _) in inner.iter() {
                    if !matches!(k.get_ref().as_ref(), "doc" | "article") {
                        diags.error(
                            codes::UNKNOWN_KEY,
                            Some(t.loc_of(item)),
                            format!("unknown key `{}` in legal basis", k.get_ref()),
                            "a legal basis item has: doc, article",
                        );
                    }
                }
                let doc = match doc.map(|d| (d, d.get_ref())) {
                    Some((_, DeValue::String(s))) => s.to_string(),
                    Some((d, _)) => {
                        t.wrong_type("legal_basis.doc", d, "a document id string", diags);
                        continue;
                    }
                    None => {
                        diags.error(
                            codes::MISSING_KEY,
                            Some(t.loc_of(item)),
                            "legal basis item is missing `doc`",
                            "write { doc = \"…\", article = \"…\" }",
                        );
                        continue;
                    }
                };
                let article = match article.map(|a| (a, a.get_ref())) {
                    Some((_, DeValue::String(s))) => Some(s.to_string()),
                    Some((a, _)) => {
                        t.wrong_type("legal_basis.article", a, "a string", diags);
                        None
                    }
                    None => None,
                };
                refs.expect(RefKind::Document, doc.clone(), t.loc_of(item));
                out.push(LegalRef { doc, article });
            }
            _ => t.wrong_type(
                "legal_basis",
                item,
                "a document id or { doc, article }",
                diags,
            ),
        }
    }
    if out.is_empty() && diags.len() == before {
        diags.error(
            codes::MISSING_LEGAL_BASIS,
            Some(t.loc("legal_basis")),
            format!("{} has an empty `legal_basis`", t.what()),
            "cite at least one document",
        );
    }
    out
}

/// A citation of a legal document as answers carry it (`{doc, article}`),
/// the same shape as a catalogue record's `legal_basis`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation<'a> {
    /// The document's id.
    pub doc: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// The article, clause or point, when the citation names one.
    pub article: Option<Cow<'a, str>>,
}

impl Citation<'static> {
    /// Owned citations of `refs`, computed once per record at load (policy,
    /// fee item, processing time) so that an evaluation borrows them instead
    /// of building them.
    pub fn owned(refs: &[LegalRef]) -> Vec<Citation<'static>> {
        refs.iter()
            .map(|r| Citation {
                doc: Cow::Owned(r.doc.clone()),
                article: r.article.clone().map(Cow::Owned),
            })
            .collect()
    }
}
