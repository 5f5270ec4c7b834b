//! Made-up portal records in the shapes of the national portal's crawls
//! (field sizes like the real pages: ~17 KB a record, most of it the page
//! text, steps and documents the importer does not parse), for benchmarks.

use serde_json::{json, Value};

const H: &str = "Hình thức nộpThời gianPhí, lệ phíMô tả";
const FILLER: &str = "Tổ chức, cá nhân nộp hồ sơ trực tiếp hoặc qua dịch vụ bưu chính hoặc trực tuyến; cơ quan tiếp nhận kiểm tra tính đầy đủ, hợp lệ của hồ sơ và trả kết quả theo quy định (dữ liệu giả lập). ";

fn filler(bytes: usize) -> String {
    FILLER.repeat(bytes / FILLER.len() + 1)
}

/// The channel table of record `i`: every shape the importer reads, with a
/// dated rate on three records in ten.
fn channels(i: usize) -> String {
    // A bare time before a dated row's amount would run into its digits.
    let time = match if i % 10 < 3 && i % 6 == 3 { 5 } else { i % 6 } {
        0 => "7 Ngày làm việc".to_string(),
        1 => "30 Ngày".to_string(),
        2 => "8 Giờ".to_string(),
        3 => "1".to_string(),
        4 => "Không có thông tin".to_string(),
        _ => format!("{} Ngày làm việc", 3 + i % 20),
    };
    let fee = match i % 5 {
        0 => "Miễn phí".to_string(),
        1 => "Không có thông tin".to_string(),
        2 => format!(
            "{},000 Việt Nam Đồng(Lệ phí : {}.000 Đồng)",
            10 + i % 90,
            10 + i % 90
        ),
        3 => format!(
            "{},000 VNĐ(Phí : {}.000 Đồng - theo Thông tư số 75/2022/TT-BTC)",
            50 + i % 50,
            50 + i % 50
        ),
        _ => "Miễn phí(Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh quyết định)".to_string(),
    };
    let dated = if i % 10 < 3 {
        format!("Kể từ ngày 01/7/2025 đến hết ngày 31/12/2026, áp dụng mức thu là {}.000 đồng theo Thông tư số 64/2025/TT-BTC.", 5 + i % 40)
    } else {
        String::new()
    };
    let fee = if i % 10 < 3 {
        format!("{},000 Việt Nam Đồng", 100 + i % 100)
    } else {
        fee
    };
    format!(
        "{H}Trực tuyến{time}{fee}{dated} Nộp qua Cổng Dịch vụ công quốc gia.Trực tiếp{time}{fee}{dated} Nộp tại Bộ phận Một cửa.Dịch vụ bưu chính{time}{fee}{dated} Gửi qua bưu điện."
    )
}

/// `n` detail records, codes `7.000000` onwards, in 140 sectors; with
/// `page_text`, the fields the importer skips (the page, its steps and
/// documents) at the sizes of the real pages.
pub fn detail_records(n: usize, page_text: bool) -> Vec<Value> {
    let text = |bytes: usize| {
        if page_text {
            filler(bytes)
        } else {
            String::new()
        }
    };
    (0..n)
        .map(|i| {
            let level = ["Cấp bộ", "Cấp tỉnh", "Cấp xã", "Cấp tỉnh, Cấp xã", "Cơ quan khác"][i % 5];
            json!({
                "ma_thu_tuc": format!("7.{i:06}"),
                "detail_url": format!("https://dichvucong.example.invalid/thu-tuc-hanh-chinh/{i}"),
                "ten_thu_tuc": format!("Thủ tục giả lập số {i} về cấp, cấp lại, gia hạn giấy phép (dữ liệu giả lập)"),
                "so_quyet_dinh": format!("{}/QĐ-BTC", 100 + i % 400),
                "cap_thuc_hien": level,
                "loai_thu_tuc": "TTHC được giao luật quy định chi tiết",
                "linh_vuc": format!("Lĩnh vực giả lập {}", i % 140),
                "doi_tuong_thuc_hien": "Công dân Việt Nam, Tổ chức (không bao gồm doanh nghiệp, HTX), Doanh nghiệp",
                "co_quan_thuc_hien": "Sở Giả lập tỉnh, thành phố, Ủy ban nhân dân cấp xã",
                "co_quan_co_tham_quyen": "Ủy ban nhân dân cấp tỉnh",
                "cach_thuc_thuc_hien": channels(i),
                "can_cu_phap_ly": format!(
                    "Tên văn bản pháp lýMã văn bảnLuật Giả lập năm 2020{}/2020/QH14Nghị định hướng dẫn{}/2021/NĐ-CPThông tư quy định mức thu75/2022/TT-BTCNghị quyết số 66.7/2025/NQ-CP66.7/2025/NQ-CP",
                    10 + i % 90,
                    100 + i % 150
                ),
                "thanh_phan_ho_so": text(3_000),
                "trinh_tu_thuc_hien": text(2_500),
                "yeu_cau_dieu_kien": text(1_000),
                "ket_qua_xu_ly": text(300),
                "thu_tuc_lien_quan": "Không có thông tin",
                "raw_text": text(9_000),
            })
        })
        .collect()
}

/// The records as JSON Lines.
pub fn json_lines(records: &[Value]) -> String {
    records.iter().map(|r| r.to_string() + "\n").collect()
}

/// A fresh directory `tthc-<name>-<pid>` under the system's temporary one
/// holding `records` as `pages.jsonl`: the directory and the file, or why not.
pub fn written(
    name: &str,
    records: &[Value],
) -> Result<(std::path::PathBuf, std::path::PathBuf), String> {
    let dir = std::env::temp_dir().join(format!("tthc-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let input = dir.join("pages.jsonl");
    std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&input, json_lines(records)))
        .map_err(|e| format!("cannot write {}: {e}", input.display()))?;
    Ok((dir, input))
}
