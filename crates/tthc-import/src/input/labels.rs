//! The portal's field labels: displayed Vietnamese labels ("Mã thủ tục"),
//! their snake-case forms in crawls (`ma_thu_tuc`) and the list export's
//! column titles ("Mã số", "Tên") all name the same fields.

use crate::parse::text::slug;

/// A field of a portal record that the importer reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// Mã thủ tục / Mã số.
    Code,
    /// Tên thủ tục / Tên.
    Name,
    /// Số quyết định: the decision that published the procedure.
    Decision,
    /// Cấp thực hiện.
    Level,
    /// Loại thủ tục.
    ProcedureType,
    /// Lĩnh vực.
    Sector,
    /// Đối tượng thực hiện.
    Applicants,
    /// Cơ quan thực hiện.
    Agencies,
    /// Cơ quan có thẩm quyền.
    Authority,
    /// Cách thức thực hiện: the per-channel table.
    Channels,
    /// Căn cứ pháp lý.
    LegalBasis,
    /// The address of the page read.
    Url,
    /// Thời hạn giải quyết, where a source gives one time for every channel.
    Time,
    /// Phí, where a source gives it as a field of its own.
    Phi,
    /// Lệ phí, likewise.
    LePhi,
    /// Phí, lệ phí as one field without a channel.
    FeeAnyKind,
    /// Cơ quan ban hành (list export): the ministry that published it.
    Issuer,
}

impl Field {
    /// The crawl's snake-case key: the key of `[procedure.verbatim]`.
    pub fn key(self) -> &'static str {
        match self {
            Field::Code => "ma_thu_tuc",
            Field::Name => "ten_thu_tuc",
            Field::Decision => "so_quyet_dinh",
            Field::Level => "cap_thuc_hien",
            Field::ProcedureType => "loai_thu_tuc",
            Field::Sector => "linh_vuc",
            Field::Applicants => "doi_tuong_thuc_hien",
            Field::Agencies => "co_quan_thuc_hien",
            Field::Authority => "co_quan_co_tham_quyen",
            Field::Channels => "cach_thuc_thuc_hien",
            Field::LegalBasis => "can_cu_phap_ly",
            Field::Url => "detail_url",
            Field::Time => "thoi_han_giai_quyet",
            Field::Phi => "phi",
            Field::LePhi => "le_phi",
            Field::FeeAnyKind => "phi_le_phi",
            Field::Issuer => "co_quan_ban_hanh",
        }
    }

    /// Reads a key or a column title in any of its spellings.
    pub fn from_label(label: &str) -> Option<Field> {
        Some(match slug(label, '_').as_str() {
            "ma_thu_tuc" | "ma_so" | "ma_tthc" | "ma" | "code" => Field::Code,
            "ten_thu_tuc" | "ten" | "ten_tthc" | "ten_thu_tuc_hanh_chinh" | "name" => Field::Name,
            "so_quyet_dinh" | "quyet_dinh_cong_bo" | "so_quyet_dinh_cong_bo" => Field::Decision,
            "cap_thuc_hien" => Field::Level,
            "loai_thu_tuc" => Field::ProcedureType,
            "linh_vuc" => Field::Sector,
            "doi_tuong_thuc_hien" => Field::Applicants,
            "co_quan_thuc_hien" => Field::Agencies,
            "co_quan_co_tham_quyen" => Field::Authority,
            "cach_thuc_thuc_hien" => Field::Channels,
            "can_cu_phap_ly" => Field::LegalBasis,
            "detail_url" | "url" | "link" | "duong_dan" => Field::Url,
            "thoi_han_giai_quyet" | "thoi_gian_giai_quyet" => Field::Time,
            "phi" => Field::Phi,
            "le_phi" => Field::LePhi,
            "phi_le_phi" => Field::FeeAnyKind,
            "co_quan_ban_hanh" => Field::Issuer,
            _ => return None,
        })
    }

    /// Fields only a procedure's own page has: a record with one of them is
    /// a detail record, one without is a list row.
    pub fn is_detail(self) -> bool {
        matches!(
            self,
            Field::Decision
                | Field::Level
                | Field::ProcedureType
                | Field::Applicants
                | Field::Authority
                | Field::Channels
                | Field::LegalBasis
                | Field::Url
                | Field::Time
                | Field::Phi
                | Field::LePhi
                | Field::FeeAnyKind
        )
    }
}

/// The columns of a structured "Cách thức thực hiện" row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RowColumn {
    Channel,
    Time,
    Fee,
    Description,
}

impl RowColumn {
    pub(crate) fn from_label(label: &str) -> Option<RowColumn> {
        Some(match slug(label, '_').as_str() {
            "hinh_thuc_nop" | "hinh_thuc" | "kenh" | "channel" => RowColumn::Channel,
            "thoi_gian" | "thoi_han" | "thoi_han_giai_quyet" | "time" => RowColumn::Time,
            "phi_le_phi" | "phi" | "le_phi" | "fee" => RowColumn::Fee,
            "mo_ta" | "description" => RowColumn::Description,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_names_the_same_field() {
        for label in ["Mã thủ tục", "ma_thu_tuc", "Mã số", "MÃ THỦ TỤC"] {
            assert_eq!(Field::from_label(label), Some(Field::Code), "{label}");
        }
        assert_eq!(
            Field::from_label("Cách thức thực hiện"),
            Some(Field::Channels)
        );
        assert_eq!(Field::from_label("Căn cứ pháp lý"), Some(Field::LegalBasis));
        assert_eq!(Field::from_label("Lĩnh vực"), Some(Field::Sector));
        assert_eq!(
            Field::from_label("Cơ quan có thẩm quyền"),
            Some(Field::Authority)
        );
        assert_eq!(Field::from_label("thanh_phan_ho_so"), None);
        assert_eq!(RowColumn::from_label("Phí, lệ phí"), Some(RowColumn::Fee));
        assert_eq!(
            RowColumn::from_label("Hình thức nộp"),
            Some(RowColumn::Channel)
        );
    }

    #[test]
    fn keys_read_back_as_their_field() {
        for f in [
            Field::Code,
            Field::Channels,
            Field::Url,
            Field::Phi,
            Field::LePhi,
            Field::Issuer,
        ] {
            assert_eq!(Field::from_label(f.key()), Some(f));
        }
    }
}
