//! The "Cách thức thực hiện" table: one row per submission channel with its
//! time, fee and description.
//!
//! Crawls store the table flattened into one string: the header
//! `Hình thức nộpThời gianPhí, lệ phíMô tả`, then per row the channel name,
//! the time, the fee (an amount with its currency, `Miễn phí` or `Không có
//! thông tin`, then the fee's own note in parentheses) and the description,
//! all run together. A row starts where a channel name is glued to what
//! follows (`Trực tiếp10 Ngày`); the same words inside a description are
//! followed by a space or a colon (`Trực tiếp tại …`, `Trực tuyến: …`).

use regex::Regex;

use super::text::{money_in, regex, Currency};

/// A submission channel as the portal names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Channel {
    /// Trực tuyến: both the national and the provincial portal.
    Online,
    /// Trực tiếp.
    InPerson,
    /// Dịch vụ bưu chính.
    Postal,
}

impl Channel {
    /// The catalogue's channel name (DESIGN: `online` means both portals).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Channel::Online => "online",
            Channel::InPerson => "in-person",
            Channel::Postal => "postal",
        }
    }

    /// The engine channels a policy condition names for this channel.
    pub(crate) fn engine_channels(self) -> &'static [&'static str] {
        match self {
            Channel::Online => &["national-portal", "provincial-portal"],
            Channel::InPerson => &["in-person"],
            Channel::Postal => &["postal"],
        }
    }

    /// Reads a channel name, with or without diacritics.
    pub(crate) fn parse(name: &str) -> Option<Channel> {
        match super::text::slug(name, ' ').as_str() {
            "truc tuyen" | "online" => Some(Channel::Online),
            "truc tiep" | "in person" => Some(Channel::InPerson),
            "dich vu buu chinh" | "buu chinh" | "postal" => Some(Channel::Postal),
            _ => None,
        }
    }
}

/// One row of the table, split into its cells but not yet interpreted.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub(crate) struct Row {
    pub channel: Option<Channel>,
    /// The channel cell as written (for rows whose channel is not one of the three).
    pub channel_text: String,
    /// The time cell; empty when it could not be told apart from the fee.
    pub time: String,
    /// The fee cell: `Miễn phí`, `Không có thông tin` or an amount and its currency.
    pub fee: String,
    /// The fee's note, the parenthesised text after the fee, without the parentheses.
    pub fee_note: String,
    pub description: String,
    /// Time and fee digits run together and could be split in several ways
    /// (`Trực tuyến120,000 VNĐ`: 1 + 20,000 or 12… ): the original run.
    pub run_together: Option<String>,
}

/// The rows read from a table, and the text nothing could be made of.
#[derive(Debug, Default)]
pub(crate) struct Table {
    pub rows: Vec<Row>,
    /// Text before the first row (after the header) that is not a row.
    pub leading: String,
}

/// Splits the flattened table string into rows.
pub(crate) fn split_table(text: &str) -> Table {
    let body = strip_header(text);
    let Some(channel_re) = regex!(r"Trực tuyến|Trực tiếp|Dịch vụ bưu chính") else {
        return Table::default();
    };
    // (row start, end of its fee note, row without description)
    let mut found: Vec<(usize, usize, Row)> = Vec::new();
    let mut covered = 0;
    for m in channel_re.find_iter(body) {
        if m.start() < covered || !glued(&body[m.end()..]) {
            continue;
        }
        if let Some((end, mut row)) = read_row(&body[m.end()..]) {
            row.channel = Channel::parse(m.as_str());
            row.channel_text = m.as_str().to_string();
            covered = m.end() + end;
            found.push((m.start(), covered, row));
        }
    }
    let mut table = Table {
        leading: body[..found.first().map_or(body.len(), |f| f.0)]
            .trim()
            .to_string(),
        rows: Vec::with_capacity(found.len()),
    };
    for i in 0..found.len() {
        let next = found.get(i + 1).map_or(body.len(), |f| f.0);
        let (_, end, row) = &found[i];
        let mut row = row.clone();
        row.description = body[*end..next].trim().to_string();
        if row.run_together.is_some() {
            resolve_run(&mut row);
        }
        table.rows.push(row);
    }
    table
}

fn strip_header(text: &str) -> &str {
    match regex!(r"^\s*Hình thức nộp\s*Thời gian\s*Phí, lệ phí\s*Mô tả") {
        Some(re) => match re.find(text) {
            Some(m) => &text[m.end()..],
            None => text,
        },
        None => text,
    }
}

/// A channel name starts a row only when the next character is glued to
/// it and could begin a time: a digit or a capital letter.
fn glued(rest: &str) -> bool {
    rest.chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c.is_uppercase())
}

/// Reads the time and fee cells right after a channel name. Returns the
/// byte length of what it consumed and the row, or `None` when this is not
/// a row.
fn read_row(rest: &str) -> Option<(usize, Row)> {
    let fee_re = regex!(
        r"^(?:Miễn phí|Không có thông tin|(?:\d{1,3}(?:,\d{3})+|\d+)? ?(?:VNĐ|Việt Nam Đồng|Đồng|USD))"
    )?;
    let mut row = Row::default();
    let time_end;
    if let Some(m) = regex!(
        r"^\d+(?:[.,]\d+)? ?(?:Ngày làm việc|ngày làm việc|Ngày|ngày|Giờ|giờ|Tháng|tháng|Năm|năm|Tuần|tuần|Phút|phút)"
    )?
    .find(rest)
    {
        time_end = m.end();
    } else if let Some(m) = regex!(r"^Không có thông tin|^Không quy định")?.find(rest) {
        time_end = m.end();
    } else if let Some(m) = regex!(r"^\d[\d.,]*")?.find(rest) {
        let after = &rest[m.end()..];
        if let Some(c) = regex!(r"^ ?(VNĐ|Việt Nam Đồng|Đồng|USD)")?.captures(after) {
            // Time and amount digits run together: split where both halves are well formed.
            let whole = c.get(0)?;
            let digits = m.as_str();
            let splits = splits(digits);
            let end = m.end() + whole.end();
            match splits.as_slice() {
                [(time, amount)] => {
                    row.time = time.to_string();
                    row.fee = format!("{amount} {}", &c[1]).trim_start().to_string();
                }
                _ => row.run_together = Some(rest[..end].to_string()),
            }
            let end = end + note_len(&rest[end..]);
            row.fee_note = note_text(&rest[m.end() + whole.end()..end]);
            return Some((end, row));
        }
        time_end = m.end();
    } else {
        // Words in the time cell: up to the first fee token, which must exist.
        let limit = rest.char_indices().nth(200).map_or(rest.len(), |(i, _)| i);
        let start = rest[..limit]
            .char_indices()
            .map(|(i, _)| i)
            .find(|&i| i > 0 && fee_re.is_match(&rest[i..]))?;
        time_end = start;
    }
    row.time = rest[..time_end].trim().to_string();
    let after = &rest[time_end..];
    let fee_len = fee_re.find(after).map_or(0, |m| m.end());
    row.fee = after[..fee_len].trim().to_string();
    let note = note_len(&after[fee_len..]);
    row.fee_note = note_text(&after[fee_len..fee_len + note]);
    Some((time_end + fee_len + note, row))
}

/// Ways to cut a digit run into a time (digits) and a well-formed amount
/// (`1`, `100`, `20,000`; possibly empty, as in ` VNĐ`).
fn splits(digits: &str) -> Vec<(&str, &str)> {
    let Some(amount) = regex!(r"^(?:[1-9]\d{0,2}(?:,\d{3})*|0)?$") else {
        return Vec::new();
    };
    (1..=digits.len())
        .filter(|&i| digits.is_char_boundary(i))
        .map(|i| digits.split_at(i))
        .filter(|(t, a)| {
            t.chars().all(|c| c.is_ascii_digit()) && !t.starts_with('0') && amount.is_match(a)
        })
        .collect()
}

/// Chooses the split of a run-together time and amount whose amount the
/// row's note or description states; leaves the run unresolved otherwise.
fn resolve_run(row: &mut Row) {
    let Some(run) = row.run_together.clone() else {
        return;
    };
    let Some(c) = regex!(r"^(\d[\d.,]*) ?(VNĐ|Việt Nam Đồng|Đồng|USD)")
        .and_then(|r: &Regex| r.captures(&run))
    else {
        return;
    };
    let stated: Vec<i64> = money_in(&format!("{} {}", row.fee_note, row.description))
        .into_iter()
        .filter(|m| m.currency == Currency::Dong)
        .map(|m| m.amount)
        .collect();
    let fitting: Vec<(&str, &str)> = splits(&c[1])
        .into_iter()
        .filter(|(_, a)| {
            let n: String = a.chars().filter(char::is_ascii_digit).collect();
            n.parse::<i64>().is_ok_and(|n| stated.contains(&n))
        })
        .collect();
    if let [(time, amount)] = fitting.as_slice() {
        row.time = time.to_string();
        row.fee = format!("{amount} {}", &c[2]);
        row.run_together = None;
    }
}

/// Length of a parenthesised note at the start of `s` (0 if none); an
/// unclosed note runs to the end.
fn note_len(s: &str) -> usize {
    if !s.starts_with('(') {
        return 0;
    }
    let mut depth = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    s.len()
}

fn note_text(s: &str) -> String {
    let s = s.strip_prefix('(').unwrap_or(s);
    s.strip_suffix(')').unwrap_or(s).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str) -> Vec<(Option<Channel>, String, String, String, String)> {
        split_table(text)
            .rows
            .into_iter()
            .map(|r| (r.channel, r.time, r.fee, r.fee_note, r.description))
            .collect()
    }

    const H: &str = "Hình thức nộpThời gianPhí, lệ phíMô tả";

    #[test]
    fn splits_rows_of_every_channel() {
        let t = format!("{H}Trực tuyến7 Ngày làm việcMiễn phíNộp qua Cổng.Trực tiếp10 Ngày làm việc10,000 Việt Nam Đồng(Lệ phí : 10.000 Đồng)Tại trụ sở.Dịch vụ bưu chính8 GiờKhông có thông tin");
        let rows = cells(&t);
        assert_eq!(rows.len(), 3);
        assert_eq!(
            rows[0],
            (
                Some(Channel::Online),
                "7 Ngày làm việc".into(),
                "Miễn phí".into(),
                "".into(),
                "Nộp qua Cổng.".into()
            )
        );
        assert_eq!(
            rows[1],
            (
                Some(Channel::InPerson),
                "10 Ngày làm việc".into(),
                "10,000 Việt Nam Đồng".into(),
                "Lệ phí : 10.000 Đồng".into(),
                "Tại trụ sở.".into()
            )
        );
        assert_eq!(
            rows[2],
            (
                Some(Channel::Postal),
                "8 Giờ".into(),
                "Không có thông tin".into(),
                "".into(),
                "".into()
            )
        );
    }

    #[test]
    fn channel_words_inside_descriptions_do_not_start_rows() {
        let t = format!("{H}Trực tiếp10 NgàyKhông có thông tinTrực tiếp tại cơ quan Công an. - Trực tuyến: nộp hồ sơ.\nDịch vụ bưu chính\t02 Ngày làm việc\tPhí : Đồng");
        let rows = cells(&t);
        assert_eq!(rows.len(), 1);
        assert!(rows[0].4.starts_with("Trực tiếp tại"));
    }

    #[test]
    fn bare_numbers_and_words_in_the_time_cell() {
        let rows = cells(&format!("{H}Trực tuyến1Miễn phíTrực tiếpKhông có thông tinKhông có thông tinnộp trực tiếp.Dịch vụ bưu chínhKhông phải trả kết quả cho người nộp thuếMiễn phíQua bưu điện"));
        assert_eq!(rows.len(), 3);
        assert_eq!((rows[0].1.as_str(), rows[0].2.as_str()), ("1", "Miễn phí"));
        assert_eq!(
            (rows[1].1.as_str(), rows[1].2.as_str(), rows[1].4.as_str()),
            ("Không có thông tin", "Không có thông tin", "nộp trực tiếp.")
        );
        assert_eq!(rows[2].1, "Không phải trả kết quả cho người nộp thuế");
        assert_eq!(rows[2].4, "Qua bưu điện");
    }

    #[test]
    fn a_bare_time_glued_to_an_amount_is_split_where_only_one_cut_is_well_formed() {
        let rows = cells(&format!(
            "{H}Trực tiếp1100,000 VNĐ(- Phí công bố: 100.000 đồng/lần)"
        ));
        assert_eq!(
            (rows[0].1.as_str(), rows[0].2.as_str()),
            ("1", "100,000 VNĐ")
        );
        // 1 + 20,000 is the only cut with a non-empty time and a well-formed amount.
        let rows = cells(&format!("{H}Trực tuyến120,000 VNĐ(Theo Thông tư)"));
        assert_eq!(
            (rows[0].1.as_str(), rows[0].2.as_str()),
            ("1", "20,000 VNĐ")
        );
    }

    #[test]
    fn an_ambiguous_run_is_kept_unless_the_description_decides_it() {
        let t = split_table(&format!("{H}Trực tiếp5135 VNĐ"));
        assert_eq!(t.rows[0].run_together.as_deref(), Some("5135 VNĐ"));
        assert_eq!(t.rows[0].time, "");
        let t = split_table(&format!("{H}Trực tiếp5135 VNĐ(Lệ phí 135 đồng)"));
        assert_eq!(t.rows[0].run_together, None);
        assert_eq!(
            (t.rows[0].time.as_str(), t.rows[0].fee.as_str()),
            ("5", "135 VNĐ")
        );
    }

    #[test]
    fn nested_and_unclosed_fee_notes() {
        let rows = cells(&format!("{H}Trực tuyến30 Ngày70,000,000 Việt Nam Đồng((Từ ngày 01/07/2025, 50%.))Mô tảTrực tiếp30 Ngày1 USD(chưa đóng"));
        assert_eq!(rows[0].3, "(Từ ngày 01/07/2025, 50%.)");
        assert_eq!(rows[0].4, "Mô tả");
        assert_eq!(rows[1].2, "1 USD");
        assert_eq!(rows[1].3, "chưa đóng");
    }

    #[test]
    fn text_before_the_first_row_is_kept_for_the_report() {
        let t = split_table("Nộp tại bộ phận một cửaTrực tiếp5 Ngày làm việcMiễn phí");
        assert_eq!(t.leading, "Nộp tại bộ phận một cửa");
        assert_eq!(t.rows.len(), 1);
        assert!(split_table("Không có thông tin").rows.is_empty());
    }

    #[test]
    fn channel_names_with_or_without_diacritics() {
        assert_eq!(Channel::parse("Dịch vụ bưu chính"), Some(Channel::Postal));
        assert_eq!(Channel::parse("truc tuyen"), Some(Channel::Online));
        assert_eq!(Channel::parse("Fax"), None);
    }
}
