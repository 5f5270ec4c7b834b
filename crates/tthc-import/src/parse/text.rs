//! Text helpers shared by the field parsers: folding Vietnamese to ASCII,
//! slugs, list splitting and money amounts in running text.

use unicode_normalization::UnicodeNormalization;

/// A regex compiled once. Every pattern is a literal exercised by the unit
/// tests of the parser that uses it; an invalid one would match nothing.
macro_rules! regex {
    ($re:literal) => {{
        static RE: std::sync::LazyLock<Option<regex::Regex>> =
            std::sync::LazyLock::new(|| regex::Regex::new($re).ok());
        RE.as_ref()
    }};
}
pub(crate) use regex;

/// Lower-case ASCII with Vietnamese diacritics removed (`đ` → `d`): how
/// labels, sector names and keywords are compared.
pub(crate) fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// `Khiếu nại, tố cáo` → `khieu-nai-to-cao`: ASCII words joined by `sep`.
pub(crate) fn slug(s: &str, sep: char) -> String {
    let mut out = String::new();
    for c in fold(s).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with(sep) {
            out.push(sep);
        }
    }
    while out.ends_with(sep) {
        out.pop();
    }
    out
}

/// Collapses every run of whitespace (including no-break spaces) into one
/// space and trims: the portal's cells carry stray tabs and `\u{a0}`.
pub(crate) fn squash(s: &str) -> String {
    s.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The portal's words for "no information".
pub(crate) fn is_no_information(s: &str) -> bool {
    let s = s.trim();
    // "Không có thông tin" is 25 bytes; longer text is information.
    s.is_empty() || (s.len() <= 40 && fold(&squash(s)) == "khong co thong tin")
}

/// Splits a list cell (agencies, applicants, levels) into items.
///
/// The list export separates items by line breaks; a detail page by commas,
/// but names contain commas too ("Thuế tỉnh, thành phố", "Tổ chức (không
/// bao gồm doanh nghiệp, HTX)"). So line breaks split first; within a line a
/// comma outside parentheses splits only when the next piece starts with a
/// capital letter (every name on the portal does, a continuation does not).
pub(crate) fn split_list(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in s.split(['\n', '\r', ';']) {
        let mut depth = 0i32;
        let mut current = String::new();
        let mut pieces = Vec::new();
        for c in line.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth = (depth - 1).max(0),
                _ => {}
            }
            if c == ',' && depth == 0 {
                pieces.push(std::mem::take(&mut current));
            } else {
                current.push(c);
            }
        }
        pieces.push(current);
        let mut items: Vec<String> = Vec::new();
        for p in pieces {
            let p = squash(&p);
            if p.is_empty() {
                continue;
            }
            let continues = p.chars().next().is_some_and(char::is_lowercase);
            match items.last_mut() {
                Some(last) if continues => {
                    last.push_str(", ");
                    last.push_str(&p);
                }
                _ => items.push(p),
            }
        }
        out.extend(items.into_iter().filter(|i| !is_no_information(i)));
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|i| seen.insert(i.clone()));
    out
}

/// An amount of money written in running text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Money {
    /// Whole đồng, or whole units of `currency`.
    pub amount: i64,
    pub currency: Currency,
    /// Byte range in the text it was read from.
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Currency {
    Dong,
    Usd,
}

/// Amounts with a currency word in free text: `135.000 đồng`, `50.000đ/tem`,
/// `20.000 VNĐ/tờ khai`, `10,000 Việt Nam Đồng`, `10USD/giấy`. Bare numbers
/// (`230.000/lần`) are not amounts here: without a currency word they may
/// be counts or article numbers.
pub(crate) fn money_in(text: &str) -> Vec<Money> {
    let Some(re) = regex!(
        r"(?i)(\d{1,3}(?:[.,]\d{3})+|\d+)\s*(việt nam đồng|vnđ|vnd|đồng|usd|đ)(?:[^\p{L}]|$)"
    ) else {
        return Vec::new();
    };
    re.captures_iter(text)
        .filter_map(|c| {
            let m = c.get(0)?;
            let digits: String = c
                .get(1)?
                .as_str()
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            let amount = digits.parse::<i64>().ok()?;
            let unit = c.get(2)?;
            let currency = if unit.as_str().eq_ignore_ascii_case("usd") {
                Currency::Usd
            } else {
                Currency::Dong
            };
            Some(Money {
                amount,
                currency,
                start: m.start(),
                end: unit.end(),
            })
        })
        .collect()
}

/// A date written `d/m/yyyy` (the portal's and the law's form).
pub(crate) fn dmy(d: &str, m: &str, y: &str) -> Option<tthc::Date> {
    tthc::Date::from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// At most `max` characters of `s`, with `…` when cut: report snippets of
/// multi-megabyte cells stay readable.
pub(crate) fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_and_slugs_vietnamese() {
        assert_eq!(fold("Đăng ký, quản lý cư trú"), "dang ky, quan ly cu tru");
        assert_eq!(slug("Khiếu nại, tố cáo", '-'), "khieu-nai-to-cao");
        assert_eq!(slug("  Hộ tịch ", '-'), "ho-tich");
        assert_eq!(slug("Mã thủ tục", '_'), "ma_thu_tuc");
        assert_eq!(
            slug("Yêu cầu, điều kiện thực hiện", '_'),
            "yeu_cau_dieu_kien_thuc_hien"
        );
    }

    #[test]
    fn splits_lists_without_breaking_names() {
        assert_eq!(
            split_list("Tổ chức (không bao gồm doanh nghiệp, HTX), Công dân Việt Nam,"),
            [
                "Tổ chức (không bao gồm doanh nghiệp, HTX)",
                "Công dân Việt Nam"
            ]
        );
        assert_eq!(
            split_list("Cục Thuế - Bộ tài chính, Thuế tỉnh, thành phố, Thuế cơ sở"),
            [
                "Cục Thuế - Bộ tài chính",
                "Thuế tỉnh, thành phố",
                "Thuế cơ sở"
            ]
        );
        assert_eq!(
            split_list("Ủy ban nhân dân cấp xã\nThuế tỉnh, thành phố\n\n"),
            ["Ủy ban nhân dân cấp xã", "Thuế tỉnh, thành phố"]
        );
        assert_eq!(split_list("Không có thông tin"), Vec::<String>::new());
        assert_eq!(
            split_list("Ủy ban Nhân dân\u{a0}xã,\u{a0}phường"),
            ["Ủy ban Nhân dân xã, phường"]
        );
    }

    #[test]
    fn finds_money_with_a_currency_word_only() {
        let m =
            money_in("Lệ phí: 135.000 đồng/lần; phí 50.000đ/tem, 230.000/lần, 10USD/giấy, 3 đợt");
        let got: Vec<(i64, Currency)> = m.iter().map(|m| (m.amount, m.currency)).collect();
        assert_eq!(
            got,
            [
                (135_000, Currency::Dong),
                (50_000, Currency::Dong),
                (10, Currency::Usd)
            ]
        );
        assert_eq!(money_in("10,000 Việt Nam Đồng")[0].amount, 10_000);
        assert_eq!(money_in("mức thu là 20.000 VNĐ/tờ khai")[0].amount, 20_000);
        assert!(money_in("2 đến 3 ngày").is_empty());
    }

    #[test]
    fn clips_long_text_on_char_boundaries() {
        assert_eq!(clip("Đồng", 2), "Đồ…");
        assert_eq!(clip("ab", 2), "ab");
    }
}
