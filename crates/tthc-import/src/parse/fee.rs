//! The fee cell of a channel row ("Phí, lệ phí") with its note and the
//! row's description: the amount in whole đồng, unknowns, contradictions and
//! dated rates.

use tthc::Date;

use super::legal::symbols_in;
use super::text::{dmy, fold, is_no_information, money_in, regex, squash, Currency};
use crate::report::DoubtKind;

/// Charge (lệ phí) or fee (phí), Law 97/2015, where the portal labels it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum FeeKind {
    LePhi,
    Phi,
}

impl FeeKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            FeeKind::LePhi => "le-phi",
            FeeKind::Phi => "phi",
        }
    }
}

/// A fee item as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Fee {
    pub item: Option<FeeKind>,
    /// Whole đồng; `Some(0)` only where the source says free.
    pub amount: Option<i64>,
    /// Why the amount is unknown.
    pub unknown: Option<String>,
    /// The fee cell and its note, as read.
    pub verbatim: String,
}

/// A rate the text gives for a stated period: `Từ ngày 01/7/2025 đến hết
/// ngày 31/12/2026 … 400.000 đồng`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DatedRate {
    pub from: Date,
    pub to: Date,
    pub amount: i64,
    pub item: Option<FeeKind>,
    /// Document symbols the sentence cites (e.g. the circular that sets the rate).
    pub cites: Vec<String>,
    pub verbatim: String,
}

/// Everything read from one fee cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FeeReading {
    /// The fee items: one, or a phí and a lệ phí the text states side by side.
    pub fees: Vec<Fee>,
    pub rates: Vec<DatedRate>,
    /// Doubts with the words they are about.
    pub doubts: Vec<(DoubtKind, String)>,
}

/// Reads a channel row's fee: `cell` is `Miễn phí`, `Không có thông tin` or
/// an amount with its currency; `note` the fee's parenthesised note;
/// `description` the row's description. `label` is the item kind a
/// separate field gives (`phi` / `le_phi` columns), if any.
///
/// Rules: free is 0; no information is unknown; a foreign currency, a
/// missing amount, a province-set amount and an amount the note or the
/// description contradicts are unknown and reported. A phí and a lệ phí
/// stated once each (`Phí: 800.000 đồng/hồ sơ … Lệ phí: 100.000 đồng/hồ
/// sơ`), one of them the structured amount, are two items; the same label
/// repeated with other amounts names alternatives (per sub-case), which the
/// catalogue cannot choose between: a conflict. A rate for a stated period
/// with both dates and one amount (or "miễn") becomes a [`DatedRate`];
/// other dated wording is reported.
pub(crate) fn read_fee(
    cell: &str,
    note: &str,
    description: &str,
    label: Option<FeeKind>,
) -> FeeReading {
    let cell = squash(cell);
    let note = squash(note);
    // The fee cell as read; its note stays in the procedure's verbatim table
    // (a note repeated on every channel's record would double the tree).
    let verbatim = cell.clone();
    let item = label.or_else(|| note_label(&note));
    let mut doubts = Vec::new();
    let context = format!("{note}\n{description}");
    let (rates, dated_spans) = dated_rates(&context, item, &mut doubts);
    let outside =
        |start: usize, end: usize| !dated_spans.iter().any(|(s, e)| start >= *s && end <= *e);
    let labelled: Vec<(FeeKind, i64, usize, usize)> = labelled_items(&context)
        .into_iter()
        .filter(|l| outside(l.2, l.3))
        .collect();
    let stated: Vec<(i64, usize, usize)> = money_in(&context)
        .into_iter()
        .filter(|m| m.currency == Currency::Dong && outside(m.start, m.end))
        .map(|m| (m.amount, m.start, m.end))
        .collect();
    let unknown = |reason: String| {
        vec![Fee {
            item,
            amount: None,
            unknown: Some(reason),
            verbatim: verbatim.clone(),
        }]
    };
    let conflict = |doubts: &mut Vec<(DoubtKind, String)>| {
        doubts.push((
            DoubtKind::FeeConflict,
            format!("{verbatim} | {}", clip_context(&context)),
        ));
    };
    let fees = match structured_amount(&cell) {
        Structured::Unknown(reason) => {
            if let Some(a) = stated.first() {
                doubts.push((
                    DoubtKind::FeeOnlyInDescription,
                    format!("{} đồng: {}", a.0, clip_context(&context)),
                ));
            }
            unknown(reason)
        }
        Structured::Foreign => {
            doubts.push((DoubtKind::FeeForeignCurrency, verbatim.clone()));
            unknown(format!(
                "the portal gives the fee in a foreign currency: {cell}"
            ))
        }
        Structured::Missing => {
            doubts.push((DoubtKind::FeeAmountMissing, verbatim.clone()));
            unknown(format!("the portal gives a currency but no amount: {cell}"))
        }
        Structured::Dong(amount) => {
            let pair = labelled.len() == 2
                && labelled[0].0 != labelled[1].0
                && labelled.iter().any(|l| l.1 == amount)
                && amount > 0;
            let in_pair =
                |start: usize| pair && labelled.iter().any(|l| start >= l.2 && start < l.3);
            let other = stated
                .iter()
                .find(|(a, start, _)| *a != amount && !in_pair(*start));
            if let Some((other, _, _)) = other {
                conflict(&mut doubts);
                let said = if amount == 0 {
                    "free".to_string()
                } else {
                    format!("{amount} đồng")
                };
                unknown(format!(
                    "the structured fee says {said}, the description states {other} đồng"
                ))
            } else if amount == 0 && rates.iter().any(|r| r.amount > 0) {
                // A rate for a period implies a charge outside it.
                conflict(&mut doubts);
                unknown(
                    "the structured fee says free, the description sets a rate for a period"
                        .to_string(),
                )
            } else if amount == 0 && set_by_province(&context) {
                doubts.push((DoubtKind::FeeSetByProvince, clip_context(&context)));
                unknown("the portal says free, but its note says the provincial People's Council sets the amount".to_string())
            } else if amount > 0 && amount < 1000 {
                doubts.push((DoubtKind::FeeImplausiblySmall, verbatim.clone()));
                unknown(format!("{amount} đồng is below any charge the fee laws set; the thousands may be missing"))
            } else if pair {
                labelled
                    .iter()
                    .map(|(kind, a, start, end)| Fee {
                        item: Some(*kind),
                        amount: Some(*a),
                        unknown: None,
                        verbatim: if *a == amount {
                            verbatim.clone()
                        } else {
                            squash(&context[*start..*end])
                        },
                    })
                    .collect()
            } else {
                vec![Fee {
                    item,
                    amount: Some(amount),
                    unknown: None,
                    verbatim: verbatim.clone(),
                }]
            }
        }
    };
    FeeReading {
        fees,
        rates,
        doubts,
    }
}

/// `Phí: 800.000 đồng`, `Lệ phí : 10.000 Đồng`: labelled amounts with their
/// byte spans.
fn labelled_items(text: &str) -> Vec<(FeeKind, i64, usize, usize)> {
    let Some(re) = regex!(
        r"(?i)\b(lệ phí|phí)\s*:\s*(\d{1,3}(?:[.,]\d{3})+|\d+)\s*(đồng|vnđ|vnd|đ)(?:[^\p{L}]|$)"
    ) else {
        return Vec::new();
    };
    re.captures_iter(text)
        .filter_map(|c| {
            let (whole, currency) = (c.get(0)?, c.get(3)?);
            let kind = if fold(&c[1]) == "le phi" {
                FeeKind::LePhi
            } else {
                FeeKind::Phi
            };
            let amount = c[2]
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .ok()?;
            Some((kind, amount, whole.start(), currency.end()))
        })
        .collect()
}

enum Structured {
    Dong(i64),
    Unknown(String),
    Foreign,
    Missing,
}

fn structured_amount(cell: &str) -> Structured {
    if is_no_information(cell) {
        return Structured::Unknown("Không có thông tin".to_string());
    }
    if fold(cell) == "mien phi" {
        return Structured::Dong(0);
    }
    let Some(c) =
        regex!(r"^(\d[\d.,]*)? ?(VNĐ|Việt Nam Đồng|Đồng|đồng|USD)$").and_then(|r| r.captures(cell))
    else {
        return Structured::Unknown(format!("the fee could not be read: {cell}"));
    };
    if &c[2] == "USD" {
        return Structured::Foreign;
    }
    match c.get(1).map(|m| {
        m.as_str()
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
    }) {
        None => Structured::Missing,
        Some(d) => d.parse().map_or(Structured::Missing, Structured::Dong),
    }
}

/// `Phí : 50.000 Đồng …` / `Lệ phí : Đồng …` at the start of a fee note.
fn note_label(note: &str) -> Option<FeeKind> {
    // Only the head matters: folding a long note would cost more than the rest.
    let head = note
        .char_indices()
        .nth(10)
        .map_or(note, |(i, _)| &note[..i]);
    let f = fold(head);
    if f.starts_with("le phi :") || f.starts_with("le phi:") {
        Some(FeeKind::LePhi)
    } else if f.starts_with("phi :") || f.starts_with("phi:") {
        Some(FeeKind::Phi)
    } else {
        None
    }
}

fn set_by_province(text: &str) -> bool {
    regex!(r"(?i)hội đồng nhân dân|hđnd").is_some_and(|r| r.is_match(text))
}

fn clip_context(text: &str) -> String {
    super::text::clip(&squash(text), 300)
}

/// Finds rates for stated periods, sentence by sentence (a sentence ends at
/// a line break, `;`, `. ` or a parenthesis). Returns the rates and the
/// byte spans of every dated sentence, whose amounts are not compared with
/// the structured fee.
fn dated_rates(
    text: &str,
    item: Option<FeeKind>,
    doubts: &mut Vec<(DoubtKind, String)>,
) -> (Vec<DatedRate>, Vec<(usize, usize)>) {
    let mut rates = Vec::new();
    let mut spans = Vec::new();
    let (Some(range_re), Some(start_re)) = (
        regex!(
            r"(?i)từ\s+ngày\s+(\d{1,2})/(\d{1,2})/(\d{4}),?\s+đến\s+(?:hết\s+)?(?:ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})"
        ),
        regex!(r"(?i)từ\s+ngày\s+(\d{1,2})/(\d{1,2})/(\d{4})"),
    ) else {
        return (rates, spans);
    };
    let text = &without_glosses(text);
    for (start, sentence) in sentences(text) {
        let words = squash(sentence);
        let amounts: Vec<i64> = money_in(sentence)
            .into_iter()
            .filter(|m| m.currency == Currency::Dong)
            .map(|m| m.amount)
            .collect();
        if let Some(c) = range_re.captures(sentence) {
            spans.push((start, start + sentence.len()));
            let period = dmy(&c[1], &c[2], &c[3]).zip(dmy(&c[4], &c[5], &c[6]));
            // "Miễn phí từ ngày … đến …": an exemption for the period (not
            // "…quy định mức thu, miễn một số khoản phí", a circular's title).
            let exempt = amounts.is_empty()
                && !sentence.contains('%')
                && regex!(r"(?i)\bmiễn\s+(?:thu\s+)?(?:phí|lệ phí|kể từ|từ ngày)")
                    .is_some_and(|r| r.is_match(sentence));
            let amounts = if exempt { vec![0] } else { amounts };
            match (period, amounts.as_slice()) {
                (Some((from, to)), [amount]) if from <= to => rates.push(DatedRate {
                    from,
                    to,
                    amount: *amount,
                    item: sentence_item(sentence).or(item),
                    cites: symbols_in(sentence).into_iter().map(|s| s.id).collect(),
                    verbatim: words,
                }),
                _ => doubts.push((DoubtKind::DatedRateNotImported, words)),
            }
        } else if start_re.is_match(sentence) && !amounts.is_empty() {
            spans.push((start, start + sentence.len()));
            doubts.push((DoubtKind::DatedRateNotImported, words));
        }
    }
    (rates, spans)
}

/// Blanks parenthesised glosses without digits (`5.000.000 đồng (Năm triệu
/// đồng) kể từ ngày …`), which would otherwise end the sentence; byte
/// offsets are kept.
fn without_glosses(text: &str) -> String {
    let mut out = text.to_string();
    let Some(re) = regex!(r"\([^()0-9]*\)") else {
        return out;
    };
    for m in re.find_iter(text) {
        out.replace_range(m.range(), &" ".repeat(m.len()));
    }
    out
}

/// The item a dated sentence names: `mức lệ phí` → charge, `mức phí` → fee.
fn sentence_item(sentence: &str) -> Option<FeeKind> {
    let f = fold(sentence);
    if f.contains("le phi") {
        Some(FeeKind::LePhi)
    } else if regex!(r"\bphi\b").is_some_and(|r| r.is_match(&f)) {
        Some(FeeKind::Phi)
    } else {
        None
    }
}

/// Sentences with their byte offsets. Thousands separators (`400.000`) do
/// not end a sentence: only `.` followed by whitespace does.
fn sentences(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let ends = match c {
            '\n' | ';' | '(' | ')' => true,
            '.' => bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()),
            _ => false,
        };
        if ends {
            if i > start {
                out.push((start, &text[start..i]));
            }
            start = i + c.len_utf8();
        }
    }
    if start < text.len() {
        out.push((start, &text[start..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(cell: &str, note: &str, description: &str) -> Option<i64> {
        read_fee(cell, note, description, None).fees[0].amount
    }

    fn kinds(r: &FeeReading) -> Vec<DoubtKind> {
        r.doubts.iter().map(|d| d.0).collect()
    }

    #[test]
    fn free_is_zero_and_no_information_is_unknown() {
        assert_eq!(amount("Miễn phí", "", ""), Some(0));
        let r = read_fee("Không có thông tin", "", "", None);
        assert_eq!(r.fees[0].amount, None);
        assert_eq!(r.fees[0].unknown.as_deref(), Some("Không có thông tin"));
        assert_eq!(read_fee("", "", "", None).fees[0].amount, None);
    }

    #[test]
    fn amounts_in_dong_with_labels() {
        let r = read_fee("10,000 Việt Nam Đồng", "Lệ phí : 10.000 Đồng", "", None);
        assert_eq!(
            (r.fees[0].amount, r.fees[0].item),
            (Some(10_000), Some(FeeKind::LePhi))
        );
        assert_eq!(r.fees[0].verbatim, "10,000 Việt Nam Đồng");
        let r = read_fee(
            "50,000 Việt Nam Đồng",
            "Phí : 50.000 Đồng - 50.000đ/tem",
            "",
            None,
        );
        assert_eq!(
            (r.fees[0].amount, r.fees[0].item),
            (Some(50_000), Some(FeeKind::Phi))
        );
        assert_eq!(
            read_fee("200,000 VNĐ", "/hồ sơ", "", Some(FeeKind::Phi)).fees[0].item,
            Some(FeeKind::Phi)
        );
    }

    #[test]
    fn a_free_fee_contradicted_by_the_description_is_a_conflict() {
        let r = read_fee(
            "Miễn phí",
            "",
            "Lệ phí đổi giấy phép lái xe: 135.000 đồng/lần.",
            None,
        );
        assert_eq!(r.fees[0].amount, None);
        assert_eq!(kinds(&r), [DoubtKind::FeeConflict]);
        assert!(r.fees[0]
            .unknown
            .as_deref()
            .is_some_and(|u| u.contains("135000")));
        let r = read_fee(
            "135 VNĐ",
            "Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần.",
            "",
            None,
        );
        assert_eq!(kinds(&r), [DoubtKind::FeeConflict]);
        // The same amount restated is no conflict.
        assert_eq!(
            amount("230,000 Việt Nam Đồng", "Kiểm tra: 230.000 đồng/lần", ""),
            Some(230_000)
        );
    }

    #[test]
    fn unknown_kinds_of_structured_fee() {
        let r = read_fee("10 USD", "/lần", "", None);
        assert_eq!(
            (r.fees[0].amount, kinds(&r)),
            (None, vec![DoubtKind::FeeForeignCurrency])
        );
        let r = read_fee("VNĐ", "Phí công bố nội dung", "", None);
        assert_eq!(kinds(&r), [DoubtKind::FeeAmountMissing]);
        let r = read_fee(
            "Miễn phí",
            "Lệ phí : Đồng (- Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh quyết định)",
            "",
            None,
        );
        assert_eq!(
            (r.fees[0].amount, kinds(&r)),
            (None, vec![DoubtKind::FeeSetByProvince])
        );
        let r = read_fee("100 VNĐ", "", "", None);
        assert_eq!(kinds(&r), [DoubtKind::FeeImplausiblySmall]);
        let r = read_fee("Không có thông tin", "", "Lệ phí 20.000 đồng", None);
        assert_eq!(
            (r.fees[0].amount, kinds(&r)),
            (None, vec![DoubtKind::FeeOnlyInDescription])
        );
    }

    #[test]
    fn a_phi_and_a_le_phi_stated_once_each_are_two_items() {
        let r = read_fee(
            "800,000 Việt Nam Đồng",
            "/hồ sơ",
            "Phí: 800.000 đồng/hồ sơ (áp dụng mức phí 400.000 đồng/hồ sơ kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 theo Thông tư số 64/2025/TT-BTC).\n\nLệ phí: 100.000 đồng/hồ sơ.",
            None,
        );
        let items: Vec<(Option<FeeKind>, Option<i64>)> =
            r.fees.iter().map(|f| (f.item, f.amount)).collect();
        assert_eq!(
            items,
            [
                (Some(FeeKind::Phi), Some(800_000)),
                (Some(FeeKind::LePhi), Some(100_000))
            ]
        );
        assert_eq!(r.fees[1].verbatim, "Lệ phí: 100.000 đồng");
        assert_eq!(r.rates.len(), 1);
        let r = read_fee(
            "15,000 Việt Nam Đồng",
            "Phí : 15.000 Đồng (cấp mới) Lệ phí : 10.000 Đồng (cấp đổi)",
            "",
            None,
        );
        assert_eq!(r.fees.len(), 2);
        // The same label with other amounts: alternatives, not items.
        let r = read_fee(
            "250,000 VNĐ",
            "Đồng (Sát hạch thực hành) Phí: 400000 Đồng (bổ sung) Phí: 600000 Đồng (lần đầu)",
            "",
            None,
        );
        assert_eq!(
            (r.fees.len(), r.fees[0].amount, kinds(&r)),
            (1, None, vec![DoubtKind::FeeConflict])
        );
    }

    #[test]
    fn a_dated_exemption_is_a_rate_of_zero() {
        let r = read_fee(
            "250,000 VNĐ",
            "Miễn phí từ ngày 07/4/2026 đến 30/6/2026 theo quy định tại Thông tư 40/2026/TT-BTC",
            "",
            None,
        );
        assert_eq!(r.fees[0].amount, Some(250_000));
        assert_eq!(
            (r.rates.len(), r.rates[0].amount, r.rates[0].to.to_string()),
            (1, 0, "2026-06-30".to_string())
        );
        let r = read_fee(
            "250,000 VNĐ",
            "Miễn kể từ ngày 07/4/2026 đến 30/6/2026 theo Thông tư 40/2026/TT-BTC",
            "",
            None,
        );
        assert_eq!(r.rates.len(), 1);
        // "miễn" in a circular's title is not an exemption.
        let r = read_fee(
            "250,000 VNĐ",
            "Mức phí kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 theo quy định tại Thông tư số 64/2025/TT-BTC quy định mức thu, miễn một số khoản phí, lệ phí",
            "",
            None,
        );
        assert_eq!(
            (r.rates.len(), kinds(&r)),
            (0, vec![DoubtKind::DatedRateNotImported])
        );
    }

    #[test]
    fn a_rate_with_both_dates_and_one_amount_is_a_dated_rate() {
        let r = read_fee(
            "800,000 Việt Nam Đồng",
            "/hồ sơ",
            "Phí: 800.000 đồng/hồ sơ (áp dụng mức phí 400.000 đồng/hồ sơ kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 theo Thông tư số 64/2025/TT-BTC).",
            None,
        );
        assert_eq!(r.fees[0].amount, Some(800_000));
        assert_eq!(r.rates.len(), 1);
        let rate = &r.rates[0];
        assert_eq!(
            (rate.from.to_string(), rate.to.to_string(), rate.amount),
            ("2025-07-01".into(), "2026-12-31".into(), 400_000)
        );
        assert_eq!(rate.item, Some(FeeKind::Phi));
        assert_eq!(rate.cites, ["64/2025/TT-BTC"]);
        assert!(r.doubts.is_empty(), "{:?}", r.doubts);
        let r = read_fee(
            "Miễn phí",
            "",
            "Kể từ ngày 01/12/2023 đến hết ngày 31/12/2025, áp dụng mức thu lệ phí là 115.000 đồng",
            None,
        );
        assert_eq!(r.rates[0].item, Some(FeeKind::LePhi));
        // Free, yet a charge for a period: the structured fee is contradicted.
        assert_eq!(
            (r.fees[0].amount, kinds(&r)),
            (None, vec![DoubtKind::FeeConflict])
        );
    }

    #[test]
    fn a_gloss_in_words_does_not_split_the_sentence() {
        let r = read_fee(
            "10,000,000 Việt Nam Đồng",
            "(Áp dụng mức phí: 5.000.000 đồng (Năm triệu đồng) kể từ ngày 01/7/2025 đến  hết ngày 31/12/2026 theo Thông tư số 64/2025/TT-BTC). ",
            "",
            None,
        );
        assert_eq!(r.rates.len(), 1, "{:?}", r.doubts);
        assert_eq!(r.rates[0].amount, 5_000_000);
        assert_eq!(r.fees[0].amount, Some(10_000_000));
    }

    #[test]
    fn dated_wording_without_an_amount_or_an_end_is_reported() {
        let r = read_fee(
            "70,000,000 Việt Nam Đồng",
            "(Từ ngày 01/07/2025 đến hết ngày 31/12/2026, mức lệ phí bằng 50% mức phí nêu trên theo quy định tại Thông tư 64/2025/TT-BTC.)",
            "",
            None,
        );
        assert!(r.rates.is_empty());
        assert_eq!(kinds(&r), [DoubtKind::DatedRateNotImported]);
        assert_eq!(r.fees[0].amount, Some(70_000_000));
        let r = read_fee(
            "Miễn phí",
            "",
            "Kể từ ngày 01/01/2024, mức thu là 30.000 đồng",
            None,
        );
        assert_eq!(kinds(&r), [DoubtKind::DatedRateNotImported]);
        assert_eq!(r.fees[0].amount, Some(0));
    }

    #[test]
    fn sentences_do_not_break_on_thousands() {
        let s: Vec<&str> = sentences("Phí: 800.000 đồng. Lệ phí (100.000 đồng)")
            .into_iter()
            .map(|s| s.1)
            .collect();
        assert_eq!(s, ["Phí: 800.000 đồng", " Lệ phí ", "100.000 đồng"]);
    }
}
