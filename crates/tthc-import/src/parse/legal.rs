//! Legal-document symbols: the "Căn cứ pháp lý" list, the publishing
//! decision ("Số quyết định") and symbols cited in running text.
//!
//! Crawls flatten the legal-basis table into one string: the header
//! `Tên văn bản pháp lýMã văn bản`, then each document's name and symbol
//! run together (`Luật Khiếu nại năm 201102/2011/QH13Quy định …11/2015/TT-BCA`).
//! A symbol ends where the next name begins, which the text does not mark:
//! the issuer codes below tell `…/TT-BCA` + `Nhập cảnh …` from an unknown
//! issuer code `BCAN`.

use super::text::{regex, squash};

/// Issuer and kind codes that occur in symbols, longest first. A code
/// followed by digits is written with `#` (two digits: `QH13`, `C06`).
const CODES: &[&str] = &[
    "UBTVQH##", "BLĐTBXH", "BNNPTNT", "BVHTTDL", "VKSNDTC", "TANDTC", "UBCKNN", "BGDĐT", "BKHĐT",
    "BNNMT", "BTNMT", "BGTVT", "BTTTT", "BKHCN", "QLXNC", "BDTTG", "HĐND", "UBND", "NHNN", "TCHQ",
    "BHXH", "KTNN", "VPCP", "VPQH", "TTCP", "TTLT", "NQLT", "VBHN", "HĐTP", "UBDT", "BTC", "BCA",
    "BTP", "BXD", "BCT", "BYT", "BQP", "BNG", "BNV", "TCT", "CTN", "QH##", "TTg", "NĐ", "QĐ", "TT",
    "NQ", "CP", "CT", "PL", "TW", "HD", "KH", "TB", "CV", "BC", "C##", "A##", "V##", "H##", "K##",
    "X##", "L",
];

/// A document symbol found in text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Symbol {
    /// The symbol as printed, used as the catalogue's document id.
    pub id: String,
    /// The document's name as the legal-basis table gives it, when there is one.
    pub title: Option<String>,
    /// The end of the symbol had to be guessed from an unknown issuer code.
    pub unsure: bool,
}

/// A symbol's place in the text it was found in.
struct Found {
    start: usize,
    end: usize,
    id: String,
    unsure: bool,
}

/// Every symbol in running text (a fee note, a description), in order.
pub(crate) fn symbols_in(text: &str) -> Vec<Symbol> {
    scan(text)
        .into_iter()
        .map(|f| Symbol {
            id: f.id,
            title: None,
            unsure: f.unsure,
        })
        .collect()
}

/// The documents of a flattened legal-basis table, each with the name
/// before it. A symbol inside a name (`Sửa đổi Thông tư số 02/2020/TT-BTP
/// ngày …`) is followed by a space and a lower-case word or by punctuation;
/// the symbol column's value is followed by the next name, glued or after a
/// space, or ends the text.
pub(crate) fn legal_basis_table(text: &str) -> Vec<Symbol> {
    let text = match regex!(r"^\s*Tên văn bản pháp lý\s*Mã văn bản").and_then(|r| r.find(text))
    {
        Some(m) => &text[m.end()..],
        None => text,
    };
    let found: Vec<Found> = scan(text)
        .into_iter()
        .filter(|f| ends_an_entry(&text[f.end..]))
        .collect();
    let mut out: Vec<Symbol> = Vec::with_capacity(found.len());
    let mut prev_end = 0;
    for (i, f) in found.iter().enumerate() {
        let before = squash(&text[prev_end..f.start]);
        prev_end = f.end;
        // `Luật 51/2019/QH14` + `51/2019/QH14`: the name holds the symbol.
        let name_holds_it = found
            .get(i + 1)
            .is_some_and(|next| next.id == f.id && text[f.end..next.start].trim().is_empty());
        let title = if name_holds_it {
            format!("{before} {}", f.id)
        } else {
            before.clone()
        };
        let title = title
            .trim_matches(|c: char| c.is_whitespace() || ",;:-–.".contains(c))
            .to_string();
        let title =
            Some(title).filter(|t| t.chars().any(char::is_alphabetic) && t.chars().count() <= 300);
        match out.last_mut() {
            Some(last) if last.id == f.id && before.is_empty() => {
                if last.title.is_none() {
                    last.title = title;
                }
            }
            _ => out.push(Symbol {
                id: f.id.clone(),
                title,
                unsure: f.unsure,
            }),
        }
    }
    out
}

fn ends_an_entry(rest: &str) -> bool {
    let mut chars = rest.chars();
    match chars.next() {
        None => true,
        Some(c) if c.is_alphanumeric() => true,
        Some(c) if c.is_whitespace() => {
            let next = rest.trim_start().chars().next();
            next.is_none_or(|n| n.is_uppercase() || n.is_ascii_digit())
        }
        Some(_) => false,
    }
}

fn scan(text: &str) -> Vec<Found> {
    let Some(start_re) = regex!(r"(\d+(?:\.\d+)?)(/\d{4})?/[A-ZĐ]") else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut pos = 0;
    while let Some(c) = start_re.captures_at(text, pos) {
        let (Some(whole), Some(number)) = (c.get(0), c.get(1)) else {
            break;
        };
        let year = c.get(2).map(|m| &m.as_str()[1..]);
        let mut start = number.start();
        let mut num = number.as_str();
        // A name ending in a year glues onto the number: `năm 2011` +
        // `02/2011/QH13`, `đến năm 2030` + `16/2026/QĐ-UBND`. No symbol
        // number has five digits.
        let int_len = num.find('.').unwrap_or(num.len());
        if int_len > 4 && (num.starts_with("19") || num.starts_with("20")) {
            num = &num[4..];
            start += 4;
        }
        // The match ends with the suffix's first capital.
        let suffix_at = text[..whole.end()]
            .char_indices()
            .last()
            .map_or(whole.end(), |(i, _)| i);
        let (suffix, unsure) = read_suffix(&text[suffix_at..]);
        if suffix.is_empty() {
            pos = whole.end();
            continue;
        }
        let end = suffix_at + suffix.len();
        let id = match year {
            Some(y) => format!("{num}/{y}/{suffix}"),
            None => format!("{num}/{suffix}"),
        };
        let long_number = num.find('.').unwrap_or(num.len()) > 4;
        found.push(Found {
            start,
            end,
            id,
            unsure: unsure || long_number,
        });
        pos = end;
    }
    found
}

/// Reads `TT-BCA`, `QĐ-BCA-C06`, `TTLT/BQP-BKHĐT`, `QH13` at the start of `s`:
/// codes joined by `-` or `/`. Returns the suffix and whether its end was
/// guessed.
fn read_suffix(s: &str) -> (&str, bool) {
    let mut len = 0;
    let mut unsure = false;
    loop {
        let (token, guessed) = read_code(&s[len..]);
        if token == 0 {
            // A trailing separator belongs to the text, not the symbol.
            len = len.saturating_sub(1);
            break;
        }
        len += token;
        unsure |= guessed;
        if guessed {
            break;
        }
        let rest = &s[len..];
        let mut chars = rest.chars();
        match (chars.next(), chars.next()) {
            (Some('-' | '/'), Some(c)) if c.is_uppercase() => len += 1,
            _ => break,
        }
    }
    (&s[..len], unsure)
}

/// Length of one code at the start of `s` and whether its end was guessed.
fn read_code(s: &str) -> (usize, bool) {
    for code in CODES {
        if let Some(n) = code_len(code, s) {
            return (n, false);
        }
    }
    // Unknown code: capitals, then digits unless they start the next symbol.
    let letters = s
        .char_indices()
        .find(|(_, c)| !(c.is_uppercase()))
        .map_or(s.len(), |(i, _)| i);
    let rest = &s[letters..];
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let after = &rest[digits..];
    if digits > 0 && !after.starts_with('/') {
        return (letters + digits, false);
    }
    // A capital followed by a lower-case letter starts the next name.
    if rest.chars().next().is_some_and(char::is_lowercase) {
        let last = s[..letters].char_indices().last().map_or(0, |(i, _)| i);
        return (last, true);
    }
    (letters, digits > 0)
}

/// Whether `code` (with `#` for a digit) is at the start of `s`, and its length.
fn code_len(code: &str, s: &str) -> Option<usize> {
    let mut it = s.char_indices();
    let mut len = 0;
    for want in code.chars() {
        let (i, c) = it.next()?;
        let ok = if want == '#' {
            c.is_ascii_digit()
        } else {
            c == want
        };
        if !ok {
            return None;
        }
        len = i + c.len_utf8();
    }
    Some(len)
}

/// The publishing decision as printed, without a leading `Số`; `None` when
/// the cell is empty. The flag is set when it does not look like a symbol.
pub(crate) fn decision(cell: &str) -> Option<(String, bool)> {
    let s = squash(cell);
    let s = regex!(r"(?i)^số\s*:?\s*")
        .and_then(|r| r.find(&s))
        .map_or(s.as_str(), |m| &s[m.end()..])
        .trim()
        .to_string();
    if s.is_empty() {
        return None;
    }
    let well_formed = s.contains('/') && s.chars().any(|c| c.is_ascii_digit()) && !s.contains(' ');
    Some((s, !well_formed))
}

/// The catalogue's document kind for a symbol.
pub(crate) fn document_kind(id: &str) -> &'static str {
    let after_number = id
        .split('/')
        .find(|p| p.starts_with(|c: char| c.is_uppercase()))
        .unwrap_or("");
    let first = after_number.split('-').next().unwrap_or("");
    match first {
        "NĐ" => "decree",
        "TT" | "TTLT" => "circular",
        "QĐ" => "decision",
        "NQ" | "NQLT" => "resolution",
        c if c.starts_with("QH") => "law",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<String> {
        let mut ids: Vec<String> = symbols_in(text).into_iter().map(|s| s.id).collect();
        ids.dedup();
        ids
    }

    #[test]
    fn splits_the_flattened_legal_basis_table() {
        let t = "Tên văn bản pháp lýMã văn bảnHướng dẫn xử lý khiếu nại68/2013/TT-BCALuật Khiếu nại  năm 201102/2011/QH13Quy định quy trình11/2015/TT-BCANghị định 05/2012/NĐ-CP05/2012/NĐ-CP";
        let s = legal_basis_table(t);
        let got: Vec<(&str, Option<&str>)> = s
            .iter()
            .map(|s| (s.id.as_str(), s.title.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("68/2013/TT-BCA", Some("Hướng dẫn xử lý khiếu nại")),
                ("02/2011/QH13", Some("Luật Khiếu nại năm 2011")),
                ("11/2015/TT-BCA", Some("Quy định quy trình")),
                ("05/2012/NĐ-CP", Some("Nghị định 05/2012/NĐ-CP")),
            ]
        );
        assert!(s.iter().all(|s| !s.unsure));
    }

    #[test]
    fn symbols_named_inside_a_title_are_not_entries() {
        let t = "Sửa đổi Thông tư số 02/2020/TT-BTP ngày 08/4/2020 và Thông tư số 04/2020/TT-BTP, hướng dẫn04/2024/TT-BTPThông tư số 03/2023/TT-BTP ngày 02/8/2023 của Bộ Tư phápThông tư số 03/2023/TT-BTP08/2025/TT-BTP Nghị định về hộ tịch87/2020/NĐ-CP";
        let s = legal_basis_table(t);
        let got: Vec<&str> = s.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            got,
            [
                "04/2024/TT-BTP",
                "03/2023/TT-BTP",
                "08/2025/TT-BTP",
                "87/2020/NĐ-CP"
            ]
        );
        assert_eq!(s[0].title.as_deref(), Some("Sửa đổi Thông tư số 02/2020/TT-BTP ngày 08/4/2020 và Thông tư số 04/2020/TT-BTP, hướng dẫn"));
        assert_eq!(s[3].title.as_deref(), Some("Nghị định về hộ tịch"));
        // In running text every symbol counts.
        assert_eq!(symbols_in(t).len(), 7);
    }

    #[test]
    fn symbols_of_every_shape() {
        assert_eq!(
            ids("Nghị quyết số 66.7/2025/NQ-CP của Chính phủ"),
            ["66.7/2025/NQ-CP"]
        );
        assert_eq!(ids("Quyết định 1523/QĐ-BCA-C06 ngày"), ["1523/QĐ-BCA-C06"]);
        assert_eq!(
            ids("Luật 51/2019/QH1451/2019/QH14Thông tư 57/2020/TT-BCA57/2020/TT-BCA"),
            ["51/2019/QH14", "57/2020/TT-BCA"]
        );
        assert_eq!(
            ids("x46/2005/TTLT/BQP-BKHĐT-BTC-BLĐTBXHNghị định"),
            ["46/2005/TTLT/BQP-BKHĐT-BTC-BLĐTBXH"]
        );
        assert_eq!(
            ids("Quyết định số 09/2023/QĐ-TTg09/2023/QĐ-TTg"),
            ["09/2023/QĐ-TTg"]
        );
        assert_eq!(
            ids("Bộ Xây dựng35/2023/NĐ-CPhợp nhất Luật48/VBHN-VPQH"),
            ["35/2023/NĐ-CP", "48/VBHN-VPQH"]
        );
        assert_eq!(
            ids("Luật Cư trú 202068/2020/QH14Thông tư số 75/2022/TT-BTC"),
            ["68/2020/QH14", "75/2022/TT-BTC"]
        );
        assert_eq!(ids("Luật năm 2020247/2025/NĐ-CP"), ["247/2025/NĐ-CP"]);
        assert_eq!(ids("ngày 26/12/2013 của Bộ"), Vec::<String>::new());
        assert_eq!(ids("123/2020/NĐ-CPQUY ĐỊNH"), ["123/2020/NĐ-CP"]);
    }

    #[test]
    fn an_unknown_issuer_code_is_cut_before_the_next_word_and_flagged() {
        let s = symbols_in("12/2020/TT-BXYZNhập cảnh");
        assert_eq!((s[0].id.as_str(), s[0].unsure), ("12/2020/TT-BXYZ", true));
        let s = symbols_in("12/2020/TT-BXYZ");
        assert_eq!((s[0].id.as_str(), s[0].unsure), ("12/2020/TT-BXYZ", false));
    }

    #[test]
    fn decisions_as_printed() {
        assert_eq!(
            decision("SỐ 12/QĐ-NHNN"),
            Some(("12/QĐ-NHNN".to_string(), false))
        );
        assert_eq!(
            decision("QĐ/0001-BCA"),
            Some(("QĐ/0001-BCA".to_string(), false))
        );
        assert_eq!(decision("1523"), Some(("1523".to_string(), true)));
        assert_eq!(decision("  "), None);
    }

    #[test]
    fn kinds_from_symbols() {
        assert_eq!(document_kind("1523/QĐ-BCA-C06"), "decision");
        assert_eq!(document_kind("68/2020/QH14"), "law");
        assert_eq!(document_kind("75/2022/TT-BTC"), "circular");
        assert_eq!(document_kind("66.7/2025/NQ-CP"), "resolution");
        assert_eq!(document_kind("01/2021/NĐ-CP"), "decree");
        assert_eq!(document_kind("QĐ/0001-BCA"), "decision");
        assert_eq!(document_kind("48/VBHN-VPQH"), "other");
    }
}
