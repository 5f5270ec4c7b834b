//! The KPI registry and the targets: what each figure means, where its
//! formula comes from and how sure that source is — as data, so that the
//! report, `docs/metrics.md` and the bindings all show the same text.
//!
//! A KPI's `status` is its weakest link, as in the catalogue: a confirmed
//! indicator computed with an unconfirmed mapping is unconfirmed.

use once_cell::sync::Lazy;
use serde::{Deserialize, Serialize};

/// What a KPI's value is measured in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    /// A count of dossiers.
    Count,
    /// A percentage, 0–100.
    Percent,
    /// A number of working days.
    WorkingDays,
    /// Points of a Circular 01/2018 indicator.
    Points,
}

impl Measure {
    /// The measure's name: count, percent, working-days or points.
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Count => "count",
            Measure::Percent => "percent",
            Measure::WorkingDays => "working-days",
            Measure::Points => "points",
        }
    }
}

/// One KPI of the registry.
#[derive(Clone, Debug, Serialize)]
pub struct Kpi {
    /// Stable id, used in reports and targets.
    pub id: &'static str,
    /// Vietnamese name.
    pub name_vi: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// What kind of number it is.
    pub measure: Measure,
    /// How the value is computed from dossier records.
    pub formula: &'static str,
    /// The document the KPI is defined in.
    pub legal_basis: &'static str,
    /// confirmed | secondary | unconfirmed | not-computable.
    pub status: &'static str,
    /// What is uncertain or approximated; for a KPI that is not computable, why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caveat: Option<&'static str>,
    /// Whether dossier records are enough to compute it.
    pub computable: bool,
}

const TT01: &str = "Thông tư 01/2018/TT-VPCP Điều 13–14 (read in the official codification, topic Công nghệ thông tin; confirmed)";
const QD766: &str = "Quyết định 766/QĐ-TTg (23/06/2022)";

/// One computable registry row. Positional so that the registry below reads
/// as a table; every call is a literal of this module.
#[allow(clippy::too_many_arguments)]
const fn kpi(
    id: &'static str,
    name_vi: &'static str,
    name_en: &'static str,
    measure: Measure,
    formula: &'static str,
    legal_basis: &'static str,
    status: &'static str,
    caveat: Option<&'static str>,
) -> Kpi {
    Kpi {
        id,
        name_vi,
        name_en,
        measure,
        formula,
        legal_basis,
        status,
        caveat,
        computable: true,
    }
}

const fn not_computable(
    id: &'static str,
    name_vi: &'static str,
    name_en: &'static str,
    reason: &'static str,
) -> Kpi {
    Kpi {
        id,
        name_vi,
        name_en,
        measure: Measure::Points,
        formula: "not computed from dossier records: see the caveat",
        legal_basis: QD766,
        status: "not-computable",
        caveat: Some(reason),
        computable: false,
    }
}

/// Every KPI, computable ones first, in report order.
pub static REGISTRY: [Kpi; 20] = [
    kpi(
        "dossiers",
        "Số hồ sơ tiếp nhận",
        "Dossiers received",
        Measure::Count,
        "records received in the period (malformed rows are not counted; they are listed with their line numbers)",
        "—",
        "confirmed",
        None,
    ),
    kpi(
        "online-dossier-share",
        "Tỷ lệ hồ sơ trực tuyến",
        "Share of dossiers submitted online",
        Measure::Percent,
        "dossiers submitted through a DVC portal (channel national-portal or provincial-portal) ÷ all dossiers × 100",
        "Thông tư 01/2018/TT-VPCP Điều 13–14, chỉ số 9 (online dossiers as a share of all dossiers, thresholds 15 % and 30 %) and Điều 21(1)(c) (30 % to move a service to level 4), read in the official codification, topic Công nghệ thông tin; confirmed",
        "confirmed",
        None,
    ),
    kpi(
        "dvctt-with-online-dossier",
        "Tỷ lệ DVCTT phát sinh hồ sơ trực tuyến",
        "Share of online public services that received at least one online dossier",
        Measure::Percent,
        "distinct procedures offered online on the receipt date (online level full/partial, or legacy 3/4) with at least one online dossier ÷ distinct such procedures with at least one dossier of any channel × 100",
        "Quyết định 766/QĐ-TTg nhóm 4 'tỷ lệ DVCTT có phát sinh hồ sơ' (secondary); the denominator is the Cao Bằng plan's ('trên tổng số DVCTT mức độ 3, 4 có phát sinh hồ sơ (bao gồm phát sinh hồ sơ trực tuyến và trực tiếp)', a 2022 provincial plan as the press reports it)",
        "unconfirmed",
        Some("The national formula is not confirmed: Decision 766/QĐ-TTg names the criterion, its formula was not read. Its natural reading divides by all DVCTT provided, which needs the unit's list of services: dossier records only show services that received a dossier. The online level comes from the record's online_level or full_process, else from the catalogue."),
    ),
    kpi(
        "full-process-online-share",
        "Tỷ lệ hồ sơ trực tuyến của DVCTT toàn trình",
        "Online share of the dossiers of full-process services",
        Measure::Percent,
        "online dossiers of full-process (toàn trình) services ÷ all dossiers of those services × 100",
        "Thông tư 23/2018/TT-BTTTT Điều 8 (the same formula for level-4 services; read in the official codification, topic Công nghệ thông tin, confirmed)",
        "unconfirmed",
        Some("Level 4 ≈ toàn trình is one-stop software practice, not law: no legal text stating the mapping was found. A dossier's service is full-process when its full_process field says so, else when its online level is full or legacy 4."),
    ),
    kpi(
        "full-process-online-of-all",
        "Tỷ lệ hồ sơ trực tuyến toàn trình trên tổng số hồ sơ",
        "Online dossiers of full-process services as a share of all dossiers",
        Measure::Percent,
        "online dossiers of full-process services ÷ all dossiers × 100",
        "The government's 2025 target as a press article on Hải Phòng reports it ('Hải Phòng giải bài toán mục tiêu đảm bảo cung cấp DVCTT toàn trình', early 2025); no instrument named or read",
        "unconfirmed",
        Some("Only the press wording 'tỷ lệ hồ sơ trực tuyến toàn trình trên tổng số hồ sơ' defines it."),
    ),
    kpi(
        "early-share",
        "Tỷ lệ hồ sơ giải quyết trước hạn",
        "Share of dossiers finished early",
        Measure::Percent,
        "finished dossiers the deadline engine classes early ÷ finished dossiers with a deadline × 100",
        TT01,
        "confirmed",
        Some("Whether 'on time' means the same day or the same instant is unconfirmed; tthc compares by day for periods in days (docs/deadlines.md)."),
    ),
    kpi(
        "on-time-share",
        "Tỷ lệ hồ sơ giải quyết đúng hạn",
        "Share of dossiers finished on time",
        Measure::Percent,
        "finished dossiers classed on time ÷ finished dossiers with a deadline × 100",
        TT01,
        "confirmed",
        Some("As for early-share."),
    ),
    kpi(
        "late-share",
        "Tỷ lệ hồ sơ giải quyết quá hạn",
        "Share of dossiers finished late",
        Measure::Percent,
        "finished dossiers classed late ÷ finished dossiers with a deadline × 100",
        TT01,
        "confirmed",
        Some("As for early-share."),
    ),
    kpi(
        "early-or-on-time-share",
        "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn",
        "Share of dossiers finished early or on time",
        Measure::Percent,
        "(early + on time) ÷ finished dossiers with a deadline × 100",
        "Quyết định 766/QĐ-TTg nhóm 2 (criterion, secondary)",
        "unconfirmed",
        Some("The criterion is confirmed (secondary); its formula and point band in Decision 766 were not read (only the decision's opening was available)."),
    ),
    kpi(
        "tt01-indicator1-average",
        "Điểm bình quân chỉ số 1 (TT 01/2018)",
        "Average Circular 01/2018 indicator 1 points per finished dossier",
        Measure::Points,
        "(2 × early + 1 × on time + 0 × late) ÷ finished dossiers with a deadline",
        TT01,
        "confirmed",
        None,
    ),
    kpi(
        "avg-processing-working-days",
        "Thời gian giải quyết trung bình (ngày làm việc)",
        "Average processing time in working days",
        Measure::WorkingDays,
        "mean over finished dossiers of the working days in (receipt day, result day] on the province's working calendar",
        "Quyết định 766/QĐ-TTg nhóm 2 'thời gian xử lý trung bình' (criterion, secondary)",
        "unconfirmed",
        Some("Decision 766's formula was not read; time waiting for a supplement is included."),
    ),
    kpi(
        "digitised-share",
        "Tỷ lệ số hóa hồ sơ",
        "Share of dossiers digitised",
        Measure::Percent,
        "dossiers marked digitised ÷ dossiers whose digitised field is given × 100",
        "Quyết định 766/QĐ-TTg nhóm 3 (criterion, secondary; its text is cut off in the source)",
        "unconfirmed",
        Some("Formula unconfirmed (Decision 766/QĐ-TTg names the criterion; its formula was not read). A blank field is 'not known' and leaves the dossier out."),
    ),
    kpi(
        "electronic-result-share",
        "Tỷ lệ hồ sơ cấp kết quả điện tử",
        "Share of dossiers given an electronic result",
        Measure::Percent,
        "dossiers marked electronic_result ÷ dossiers whose electronic_result field is given × 100",
        "Quyết định 766/QĐ-TTg nhóm 3 (criterion, secondary)",
        "unconfirmed",
        Some("Formula unconfirmed. Exporters leave the field blank until a result exists."),
    ),
    kpi(
        "online-payment-share",
        "Tỷ lệ hồ sơ thanh toán trực tuyến",
        "Share of dossiers paid online",
        Measure::Percent,
        "dossiers marked paid_online ÷ dossiers whose paid_online field is given × 100 (blank: no fee, or not known)",
        "Quyết định 766/QĐ-TTg nhóm 4 'tỷ lệ hồ sơ thanh toán trực tuyến' (criterion, secondary)",
        "unconfirmed",
        Some("Formula unconfirmed (Decision 766/QĐ-TTg names the criterion; its formula was not read)."),
    ),
    kpi(
        "tt01-indicator9",
        "Chỉ số 9 TT 01/2018: tiến độ và chất lượng DVCTT (điểm)",
        "Circular 01/2018 indicator 9: online-service progress and quality (points)",
        Measure::Points,
        "2 if ≥ 20 % of the unit's procedures are offered online (full/partial or level 3/4), online dossiers ≥ 30 % of all, no online dossier still open and none late; else 1 if some procedure is offered online, online dossiers ≥ 15 % and no online dossier late; else 0. Late = finished after the deadline or open past it at the report instant",
        TT01,
        "confirmed",
        Some("The thresholds are confirmed; two inputs are approximated: 'eligible TTHC' are the procedures with dossiers in the records, and 'unresolved' is read as still open at the report instant. A unit above 30 % that misses a 2-point condition is scored on the 1-point conditions."),
    ),
    not_computable(
        "qd766-group1",
        "QĐ 766 nhóm 1: Công khai, minh bạch (18 điểm)",
        "Decision 766 group 1: publicity and transparency (18 points)",
        "Needs the publication dates of TTHC and their synchronisation to the national portal, which dossier records do not carry; the group's formulas and point bands are unconfirmed (only the decision's opening was available).",
    ),
    not_computable(
        "qd766-group2",
        "QĐ 766 nhóm 2: Tiến độ, kết quả giải quyết (20 điểm)",
        "Decision 766 group 2: progress and results (20 points)",
        "The point bands are unconfirmed (only the decision's opening was available), so no points are given; its criteria are reported as early-or-on-time-share and avg-processing-working-days.",
    ),
    not_computable(
        "qd766-group3",
        "QĐ 766 nhóm 3: Số hóa hồ sơ (22 điểm)",
        "Decision 766 group 3: digitisation (22 points)",
        "The point bands are unconfirmed and the criteria text is cut off in the source (sokhdt.backan.gov.vn); its criteria are reported as electronic-result-share and digitised-share.",
    ),
    not_computable(
        "qd766-group4",
        "QĐ 766 nhóm 4: Cung cấp dịch vụ trực tuyến (22 điểm)",
        "Decision 766 group 4: online provision (22 points)",
        "The point bands are unconfirmed (only the decision's opening was available), and 'share of TTHC offered as DVCTT' needs the unit's list of procedures; its other criteria are reported as dvctt-with-online-dossier, online-dossier-share and online-payment-share.",
    ),
    not_computable(
        "qd766-group5",
        "QĐ 766 nhóm 5: Mức độ hài lòng (18 điểm)",
        "Decision 766 group 5: satisfaction (18 points)",
        "Its PAKN formulas are confirmed (secondary, vietjack.me's copy of the decision) but need feedback and complaint (PAKN) records and satisfaction ratings, which dossier records do not carry; the formula for satisfaction with TTHC handling is cut off in the source.",
    ),
];

/// The whole registry.
pub fn registry() -> impl Iterator<Item = &'static Kpi> {
    REGISTRY.iter()
}

/// The KPI with id `id`.
pub fn find(id: &str) -> Option<&'static Kpi> {
    registry().find(|k| k.id == id)
}

/// A target a KPI is compared with.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The KPI's id.
    pub kpi: String,
    /// Percent.
    pub value: f64,
    /// The year the source set it for.
    pub year: i32,
    /// What the source calls the target.
    pub name: String,
    /// The document or page that sets it.
    pub source: String,
    /// How sure it is.
    pub status: String,
    /// What was read, and where.
    pub evidence: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetFile {
    target: Vec<Target>,
}

/// `targets.toml`, compiled in.
pub const TARGETS_TOML: &str = include_str!("targets.toml");

static TARGETS: Lazy<Result<Vec<Target>, String>> = Lazy::new(|| parse_targets(TARGETS_TOML));

/// Parses a targets file and checks that each names a KPI of the registry.
pub fn parse_targets(text: &str) -> Result<Vec<Target>, String> {
    let file: TargetFile = toml::from_str(text).map_err(|e| format!("targets: {e}"))?;
    for t in &file.target {
        if find(&t.kpi).is_none_or(|k| !k.computable) {
            return Err(format!(
                "targets: `{}` is not a computable KPI of the registry",
                t.kpi
            ));
        }
    }
    Ok(file.target)
}

/// The compiled-in targets.
pub fn targets() -> Result<&'static [Target], String> {
    TARGETS.as_ref().map(Vec::as_slice).map_err(Clone::clone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_in_targets_parse_and_are_all_unconfirmed() {
        let t = targets().unwrap();
        let pairs: Vec<(&str, f64)> = t.iter().map(|t| (t.kpi.as_str(), t.value)).collect();
        assert_eq!(
            pairs,
            [
                ("dvctt-with-online-dossier", 80.0),
                ("online-dossier-share", 50.0),
                ("full-process-online-of-all", 70.0)
            ]
        );
        assert!(t
            .iter()
            .all(|t| t.status == "unconfirmed" && !t.evidence.is_empty()));
    }

    #[test]
    fn a_target_for_an_unknown_kpi_is_rejected() {
        let e = parse_targets(
            "[[target]]\nkpi = \"nope\"\nvalue = 1.0\nyear = 2022\nname = \"n\"\nsource = \"s\"\nstatus = \"unconfirmed\"\nevidence = \"e\"\n",
        )
        .unwrap_err();
        assert!(e.contains("nope"), "{e}");
    }

    #[test]
    fn ids_are_unique_and_every_kpi_has_its_texts() {
        let mut ids: Vec<&str> = registry().map(|k| k.id).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n);
        for k in registry() {
            assert!(
                !k.formula.is_empty() && !k.name_vi.is_empty() && !k.legal_basis.is_empty(),
                "{}",
                k.id
            );
            assert_eq!(k.computable, k.status != "not-computable", "{}", k.id);
        }
    }
}
