//! Made-up sample rules for the evaluate() benchmarks: one catalogue of 50
//! procedures and 200 policies, written once as tthc TOML and once as a GoRules
//! ZEN decision table, so that benches/zen-compare evaluates the same rules
//! on the same case. Nothing here is legal data.
#![allow(dead_code)] // each bench uses part of it

pub const PROCEDURES: usize = 50;
pub const POLICIES: usize = 200;

/// One rule, the way both engines see it.
pub struct Rule {
    pub id: String,
    pub procedure: String,
    /// 0: online set rate 2024–2025; 1: 30 % online from 2025; 2: poor-household
    /// exemption; 3: 20 % processing cut.
    pub shape: usize,
}

pub fn rules() -> Vec<Rule> {
    (0..POLICIES)
        .map(|i| Rule {
            id: format!("sample.rule-{i:03}"),
            procedure: format!("sample.p{}", i % PROCEDURES),
            shape: i / PROCEDURES,
        })
        .collect()
}

const DOC: &str = "SAMPLE-BENCH/2024";

/// The catalogue as `(relative path, TOML)` files.
pub fn catalog_files() -> Vec<(String, String)> {
    let mut files = vec![
        (
            "documents.toml".to_string(),
            format!("[[document]]\nid = \"{DOC}\"\nkind = \"other\"\nsource = \"bench: made up\"\n"),
        ),
        (
            "sectors.toml".to_string(),
            format!("[[sector]]\nid = \"sample-sector\"\nname = \"Lĩnh vực mẫu\"\nlegal_basis = [\"{DOC}\"]\n"),
        ),
        (
            "provinces.toml".to_string(),
            format!("[[province]]\nid = \"sample-p\"\nname = \"Tỉnh mẫu\"\nkind = \"province\"\nlegal_basis = [\"{DOC}\"]\n"),
        ),
        (
            "policies/categories.toml".to_string(),
            ["poor-household", "elderly", "disability", "child"]
                .iter()
                .map(|c| format!("[[category]]\nid = \"{c}\"\nname = \"{c}\"\nlegal_basis = [\"{DOC}\"]\n\n"))
                .collect(),
        ),
    ];
    let procs: String = (0..PROCEDURES)
        .map(|i| {
            format!(
                "[[procedure]]\nid = \"sample.p{i}\"\ncode = \"1.{:06}\"\nname = \"Thủ tục mẫu {i}\"\nsector = \"sample-sector\"\nlevels = [\"commune\"]\nlegal_basis = [\"{DOC}\"]\n\n[[procedure.online]]\nlevel = \"full\"\nlegal_basis = [\"{DOC}\"]\n\n[[procedure.processing]]\namount = 10\nunit = \"working-days\"\nlegal_basis = [\"{DOC}\"]\n\n[[procedure.fee]]\nitem = \"le-phi\"\nname = \"Lệ phí mẫu\"\namount = 20000\nlegal_basis = [\"{DOC}\"]\n\n",
                900_000 + i
            )
        })
        .collect();
    files.push(("procedures/sample.toml".to_string(), procs));
    let policies: String = rules()
        .iter()
        .map(|r| {
            let (kind, when, effect) = match r.shape {
                0 => (
                    "fee-set",
                    "channels = [\"national-portal\", \"provincial-portal\"]\nwindow = { from = 2024-01-01, to = 2025-12-31 }",
                    "amount = 10000",
                ),
                1 => (
                    "fee-reduction",
                    "channels = [\"national-portal\", \"provincial-portal\"]\nwindow = { from = 2025-01-01 }",
                    "percent = 30",
                ),
                2 => ("fee-exemption", "categories = [\"poor-household\"]", "items = [\"le-phi\"]"),
                _ => ("processing-cut", "agency_levels = [\"commune\"]", "percent = 20"),
            };
            format!(
                "[[policy]]\nid = \"{}\"\nkind = \"{kind}\"\nlegal_basis = [\"{DOC}\"]\n[policy.when]\nprocedures = [\"{}\"]\n{when}\n[policy.effect]\n{effect}\n\n",
                r.id, r.procedure
            )
        })
        .collect();
    files.push(("policies/sample.toml".to_string(), policies));
    files
}

/// The typical case: an online dossier for one procedure, an elderly citizen.
pub const CASE_JSON: &str = r#"{"procedure":"sample.p7","agency_level":"commune","channel":"national-portal","submitted_at":"2025-06-10T09:30:00","applicant":{"kind":"citizen","categories":["elderly"],"identity_level":2}}"#;

/// The same rules as one ZEN decision table (hit policy "collect"): the rows
/// that match the case are the policies that hold.
pub fn zen_graph() -> serde_json::Value {
    let rows: Vec<serde_json::Value> = rules()
        .iter()
        .map(|r| {
            let online = "\"national-portal\",\"provincial-portal\"";
            let (channel, date, category, kind) = match r.shape {
                0 => (online, "[20240101..20251231]", "", "fee-set"),
                1 => (online, ">= 20250101", "", "fee-reduction"),
                2 => (
                    "",
                    "",
                    "contains(applicant.categories, \"poor-household\")",
                    "fee-exemption",
                ),
                _ => ("", "", "", "processing-cut"),
            };
            let level = if r.shape == 3 { "\"commune\"" } else { "" };
            serde_json::json!({
                "_id": r.id,
                "in-procedure": format!("\"{}\"", r.procedure),
                "in-channel": channel,
                "in-date": date,
                "in-category": category,
                "in-level": level,
                "out-policy": format!("\"{}\"", r.id),
                "out-kind": format!("\"{kind}\""),
            })
        })
        .collect();
    serde_json::json!({
        "nodes": [
            {"id": "in", "name": "request", "type": "inputNode", "content": {}},
            {"id": "table", "name": "policies", "type": "decisionTableNode", "content": {
                "hitPolicy": "collect",
                "inputs": [
                    {"id": "in-procedure", "name": "procedure", "field": "procedure"},
                    {"id": "in-channel", "name": "channel", "field": "channel"},
                    {"id": "in-date", "name": "date", "field": "date"},
                    {"id": "in-category", "name": "category"},
                    {"id": "in-level", "name": "level", "field": "agency_level"}
                ],
                "outputs": [
                    {"id": "out-policy", "name": "policy", "field": "policy"},
                    {"id": "out-kind", "name": "kind", "field": "kind"}
                ],
                "rules": rows
            }},
            {"id": "out", "name": "response", "type": "outputNode", "content": {}}
        ],
        "edges": [
            {"id": "e1", "sourceId": "in", "targetId": "table"},
            {"id": "e2", "sourceId": "table", "targetId": "out"}
        ]
    })
}

/// The ZEN input for the same case (the date as YYYYMMDD, which ZEN's
/// interval tests compare as numbers).
pub fn zen_input() -> serde_json::Value {
    serde_json::json!({
        "procedure": "sample.p7",
        "agency_level": "commune",
        "channel": "national-portal",
        "date": 20250610,
        "applicant": {"kind": "citizen", "categories": ["elderly"], "identity_level": 2}
    })
}
