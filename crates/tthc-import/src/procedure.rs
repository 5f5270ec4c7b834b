//! One imported procedure: the merged record's fields parsed into what the
//! catalogue stores, with every doubt on the way.

use std::collections::BTreeMap;

use tthc::Date;

use crate::input::{Cell, Field, RawRow};
use crate::merge::Merged;
use crate::parse::channels::{split_table, Channel, Row};
use crate::parse::fee::{read_fee, DatedRate, Fee, FeeKind};
use crate::parse::legal::{decision, legal_basis_table};
use crate::parse::text::{
    clip, fold, is_no_information, money_in, regex, split_list, squash, Currency,
};
use crate::parse::time::{parse_time, Time};
use crate::report::{Doubt, DoubtKind, Report};

/// A processing time for some channels (none: every channel).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Processing {
    pub channels: Vec<Channel>,
    pub time: Time,
}

/// A fee item for some channels (none: every channel).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FeeItem {
    pub channels: Vec<Channel>,
    pub fee: Fee,
}

/// A dated rate for some channels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rate {
    pub channels: Vec<Channel>,
    pub rate: DatedRate,
}

/// A document a procedure cites, with what the portal says about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Cited {
    pub id: String,
    pub title: Option<String>,
    /// `true` for the publishing decision.
    pub publishing: bool,
}

/// A procedure ready to be written (ids are assigned later).
#[derive(Clone, Debug)]
pub(crate) struct Procedure {
    pub code: String,
    pub name: String,
    pub sector: String,
    pub levels: Vec<&'static str>,
    pub levels_unknown: Option<String>,
    /// The ways of filing the channel table lists; empty when the source has
    /// no table (it does not say).
    pub offered: Vec<Channel>,
    /// Last day of validity: set only for a record read before the district
    /// level was abolished that names it.
    pub valid_to: Option<Date>,
    /// The publishing decision first, then the legal bases.
    pub legal_basis: Vec<String>,
    pub cited: Vec<Cited>,
    pub url: Option<String>,
    pub procedure_type: Option<String>,
    pub agencies: Vec<String>,
    pub authority: Vec<String>,
    pub applicants: Vec<String>,
    pub verbatim: BTreeMap<&'static str, String>,
    pub processing: Vec<Processing>,
    pub fees: Vec<FeeItem>,
    pub rates: Vec<Rate>,
    pub list_only: bool,
    /// Kinds of doubt about this procedure, for its `note`.
    pub doubt_kinds: Vec<DoubtKind>,
}

/// A channel's rows: their times, fee items and dated rates.
type ChannelRows = (Vec<Time>, Vec<Vec<Fee>>, Vec<DatedRate>);

/// Why a merged record cannot become a procedure.
pub(crate) struct Unusable(pub String);

/// Parses a merged record. Doubts and field counts go to the report.
pub(crate) fn build(
    m: &Merged,
    as_of: Option<Date>,
    report: &mut Report,
) -> Result<Procedure, Unusable> {
    let name = m.text(Field::Name).map(squash).filter(|n| !n.is_empty());
    let Some(name) = name else {
        return Err(Unusable(
            "the record has no name (Tên thủ tục / Tên)".to_string(),
        ));
    };
    let Some(sector) = m
        .text(Field::Sector)
        .map(squash)
        .filter(|s| !is_no_information(s))
    else {
        return Err(Unusable(
            "the record has no Lĩnh vực: the catalogue files every procedure under a sector"
                .to_string(),
        ));
    };
    let mut b = Builder {
        code: &m.code,
        report,
        doubts: Vec::new(),
    };
    let mut verbatim = BTreeMap::new();
    for field in [
        Field::Level,
        Field::Sector,
        Field::Channels,
        Field::LegalBasis,
        Field::Decision,
        Field::Applicants,
        Field::Agencies,
        Field::Authority,
        Field::Time,
        Field::Phi,
        Field::LePhi,
        Field::FeeAnyKind,
    ] {
        match m.fields.get(&field) {
            Some(Cell::Text(t)) => {
                verbatim.insert(field.key(), t.clone());
            }
            Some(Cell::Rows(rows)) => {
                verbatim.insert(field.key(), render_rows(rows));
            }
            None => {}
        }
    }
    b.report.count("name").parsed += 1;
    b.report.count("sector").parsed += 1;
    let (levels, levels_unknown, valid_to) = b.levels(m.text(Field::Level), as_of);
    let (legal_basis, cited) = b.legal(m.text(Field::Decision), m.text(Field::LegalBasis));
    let url = b.url(m.text(Field::Url));
    let procedure_type = m
        .text(Field::ProcedureType)
        .map(squash)
        .filter(|t| !is_no_information(t));
    b.tally("procedure_type", procedure_type.is_some());
    let agencies = b.list("agencies", m.text(Field::Agencies));
    let authority = b.list("authority", m.text(Field::Authority));
    let applicants = b.list("applicants", m.text(Field::Applicants));
    let (offered, processing, fees, rates) = b.channels(m);
    for r in &rates {
        if as_of.is_some_and(|d| r.rate.to < d) {
            b.doubt(
                DoubtKind::DatedRateExpired,
                Field::Channels,
                None,
                &r.rate.verbatim,
            );
        }
    }
    let mut cited = cited;
    for r in &rates {
        for id in &r.rate.cites {
            if !cited.iter().any(|c| &c.id == id) {
                cited.push(Cited {
                    id: id.clone(),
                    title: None,
                    publishing: false,
                });
            }
        }
    }
    // Times and fees cite the record's documents; without any they cannot be written.
    let (processing, fees, rates) =
        if legal_basis.is_empty() && !(processing.is_empty() && fees.is_empty()) {
            let words = m
                .text(Field::Channels)
                .or(m.text(Field::Time))
                .unwrap_or_default();
            b.doubt(DoubtKind::NoLegalBasis, Field::LegalBasis, None, words);
            (Vec::new(), Vec::new(), Vec::new())
        } else {
            (processing, fees, rates)
        };
    let mut doubt_kinds: Vec<DoubtKind> = b.doubts.iter().map(|d| d.kind).collect();
    doubt_kinds.sort();
    doubt_kinds.dedup();
    b.report.doubts.append(&mut b.doubts);
    Ok(Procedure {
        code: m.code.clone(),
        name,
        sector,
        levels,
        levels_unknown,
        offered,
        valid_to,
        legal_basis,
        cited,
        url,
        procedure_type,
        agencies,
        authority,
        applicants,
        verbatim,
        processing,
        fees,
        rates,
        list_only: m.list_only,
        doubt_kinds,
    })
}

/// The channel table as lines, for `verbatim` when it came as rows.
fn render_rows(rows: &[RawRow]) -> String {
    rows.iter()
        .map(|r| format!("{} | {} | {} | {}", r.channel, r.time, r.fee, r.description))
        .collect::<Vec<_>>()
        .join("\n")
}

struct Builder<'a> {
    code: &'a str,
    report: &'a mut Report,
    doubts: Vec<Doubt>,
}

impl Builder<'_> {
    fn doubt(&mut self, kind: DoubtKind, field: Field, channel: Option<Channel>, snippet: &str) {
        self.doubts.push(Doubt {
            code: self.code.to_string(),
            kind,
            field: field.key(),
            channel: channel.map(Channel::as_str),
            snippet: clip(&squash(snippet), 400),
        });
    }

    fn tally(&mut self, field: &'static str, known: bool) {
        let c = self.report.count(field);
        if known {
            c.parsed += 1;
        } else {
            c.unknown += 1;
        }
    }

    fn levels(
        &mut self,
        text: Option<&str>,
        as_of: Option<Date>,
    ) -> (Vec<&'static str>, Option<String>, Option<Date>) {
        let mut levels = Vec::new();
        let mut valid_to = None;
        let reform = Date::from_ymd(2025, 6, 30);
        for item in text.map(split_list).unwrap_or_default() {
            let level = match fold(&item).trim_start_matches("cap ").trim() {
                "bo" | "trung uong" => "central",
                "tinh" => "province",
                "xa" => "commune",
                "huyen" => {
                    if as_of.zip(reform).is_some_and(|(d, last)| d <= last) {
                        valid_to = reform;
                        "district"
                    } else {
                        self.doubt(
                            DoubtKind::LevelDistrictAfterReform,
                            Field::Level,
                            None,
                            &item,
                        );
                        continue;
                    }
                }
                _ => {
                    self.doubt(DoubtKind::LevelUnrecognised, Field::Level, None, &item);
                    continue;
                }
            };
            if !levels.contains(&level) {
                levels.push(level);
            }
        }
        const ORDER: [&str; 4] = ["central", "province", "district", "commune"];
        levels.sort_by_key(|l| ORDER.iter().position(|o| o == l));
        self.tally("levels", !levels.is_empty());
        let unknown = levels.is_empty().then(|| match text {
            Some(t) if !is_no_information(t) => format!(
                "the portal's level is not one of the catalogue's: {}",
                squash(t)
            ),
            _ => "the source gives no competent level (Cấp thực hiện)".to_string(),
        });
        (levels, unknown, valid_to)
    }

    fn legal(
        &mut self,
        decision_cell: Option<&str>,
        bases: Option<&str>,
    ) -> (Vec<String>, Vec<Cited>) {
        let mut ids = Vec::new();
        let mut cited = Vec::new();
        match decision_cell.and_then(decision) {
            Some((id, malformed)) => {
                if malformed {
                    self.doubt(DoubtKind::DecisionMalformed, Field::Decision, None, &id);
                }
                self.tally("decision", true);
                ids.push(id.clone());
                cited.push(Cited {
                    id,
                    title: None,
                    publishing: true,
                });
            }
            None => self.tally("decision", false),
        }
        let symbols = bases
            .filter(|b| !is_no_information(b))
            .map(legal_basis_table)
            .unwrap_or_default();
        self.tally("legal_basis", !symbols.is_empty());
        for s in symbols {
            if s.unsure {
                self.doubt(
                    DoubtKind::LegalBasisSymbolUnsure,
                    Field::LegalBasis,
                    None,
                    &s.id,
                );
            }
            if !ids.contains(&s.id) {
                ids.push(s.id.clone());
                cited.push(Cited {
                    id: s.id,
                    title: s.title,
                    publishing: false,
                });
            }
        }
        (ids, cited)
    }

    fn url(&mut self, text: Option<&str>) -> Option<String> {
        let url = text.map(str::trim).filter(|u| !u.is_empty())?;
        let ok = (url.starts_with("https://") || url.starts_with("http://"))
            && !url.chars().any(char::is_whitespace);
        self.tally("url", ok);
        if !ok {
            self.doubt(DoubtKind::UrlMalformed, Field::Url, None, url);
            return None;
        }
        Some(url.to_string())
    }

    fn list(&mut self, field: &'static str, text: Option<&str>) -> Vec<String> {
        let items = text.map(split_list).unwrap_or_default();
        self.tally(field, !items.is_empty());
        items
    }

    /// The channels the table offers, and the processing times, fee items
    /// and dated rates per channel.
    fn channels(&mut self, m: &Merged) -> (Vec<Channel>, Vec<Processing>, Vec<FeeItem>, Vec<Rate>) {
        let rows = match m.fields.get(&Field::Channels) {
            Some(Cell::Text(t)) => {
                let table = split_table(t);
                if !table.leading.is_empty() && !is_no_information(&table.leading) {
                    self.doubt(
                        DoubtKind::ChannelTableUnread,
                        Field::Channels,
                        None,
                        &table.leading,
                    );
                }
                table.rows
            }
            Some(Cell::Rows(raw)) => raw.iter().map(row_from_raw).collect(),
            None => Vec::new(),
        };
        // Per channel: the times, fee readings and rates of its rows.
        let mut per: BTreeMap<Channel, ChannelRows> = BTreeMap::new();
        for row in &rows {
            let Some(channel) = row.channel else {
                self.doubt(
                    DoubtKind::ChannelUnrecognised,
                    Field::Channels,
                    None,
                    &row.channel_text,
                );
                continue;
            };
            let entry = per.entry(channel).or_default();
            if let Some(run) = &row.run_together {
                self.doubt(
                    DoubtKind::TimeFeeRunTogether,
                    Field::Channels,
                    Some(channel),
                    run,
                );
                let reason =
                    format!("time and fee run together and can be read several ways: {run}");
                entry.0.push(Time::unknown(reason.clone(), run, None));
                entry.1.push(vec![Fee {
                    item: None,
                    amount: None,
                    unknown: Some(reason),
                    verbatim: run.clone(),
                }]);
                continue;
            }
            let time = parse_time(&row.time);
            if let Some(kind) = time.doubt {
                self.doubt(kind, Field::Channels, Some(channel), &time.verbatim);
            }
            entry.0.push(time);
            let reading = read_fee(&row.fee, &row.fee_note, &row.description, None);
            for (kind, words) in &reading.doubts {
                self.doubt(*kind, Field::Channels, Some(channel), words);
            }
            entry.1.push(reading.fees);
            entry.2.extend(reading.rates);
        }
        if per.is_empty() {
            let (p, f, r) = self.separate_fields(m);
            return (Vec::new(), p, f, r);
        }
        let offered: Vec<Channel> = per.keys().copied().collect();
        let mut times: Vec<(Channel, Time)> = Vec::new();
        let mut fees: Vec<(Channel, Vec<Fee>)> = Vec::new();
        let mut rates: Vec<(Channel, DatedRate)> = Vec::new();
        for (channel, (ts, fs, rs)) in per {
            let (time, differ) = self.one_of(
                channel,
                ts,
                "times",
                |t| t.verbatim.clone(),
                |reason, v| Time::unknown(reason, v, None),
            );
            let c = self.report.count("processing");
            if time.is_known() {
                c.parsed += 1;
            } else if differ {
                c.conflict += 1;
            } else {
                c.unknown += 1;
            }
            times.push((channel, time));
            let (items, differ) = self.one_of(
                channel,
                fs,
                "fees",
                |f| items_words(f),
                |reason, v| {
                    vec![Fee {
                        item: None,
                        amount: None,
                        unknown: Some(reason),
                        verbatim: v.to_string(),
                    }]
                },
            );
            let conflict = differ
                || self.doubts.iter().any(|d| {
                    d.channel == Some(channel.as_str()) && d.kind == DoubtKind::FeeConflict
                });
            let c = self.report.count("fee");
            if items.iter().all(|f| f.amount.is_some()) {
                c.parsed += 1;
            } else if conflict {
                c.conflict += 1;
            } else {
                c.unknown += 1;
            }
            fees.push((channel, items));
            for r in rs {
                if !rates.iter().any(|(ch, x)| *ch == channel && *x == r) {
                    rates.push((channel, r));
                }
            }
        }
        (
            offered,
            group(times)
                .into_iter()
                .map(|(channels, time)| Processing { channels, time })
                .collect(),
            group(fees)
                .into_iter()
                .flat_map(|(channels, items)| {
                    items.into_iter().map(move |fee| FeeItem {
                        channels: channels.clone(),
                        fee,
                    })
                })
                .collect(),
            group(rates)
                .into_iter()
                .map(|(channels, rate)| Rate { channels, rate })
                .collect(),
        )
    }

    /// One value for a channel from its rows: the common one, or an unknown
    /// that lists the disagreeing ones (then the flag is set).
    fn one_of<T: PartialEq + Clone>(
        &mut self,
        channel: Channel,
        values: Vec<T>,
        what: &str,
        words: impl Fn(&T) -> String,
        unknown: impl Fn(String, &str) -> T,
    ) -> (T, bool) {
        let mut distinct: Vec<T> = Vec::new();
        for v in values {
            if !distinct.contains(&v) {
                distinct.push(v);
            }
        }
        match distinct.as_slice() {
            [one] => (one.clone(), false),
            [] => (
                unknown("the portal gives nothing for this channel".to_string(), ""),
                false,
            ),
            many => {
                let mut all: Vec<String> = Vec::new();
                for v in many {
                    let w = words(v);
                    if !all.contains(&w) {
                        all.push(w);
                    }
                }
                let joined = all.join("; ");
                self.doubt(
                    DoubtKind::ChannelRowsDiffer,
                    Field::Channels,
                    Some(channel),
                    &joined,
                );
                (unknown(format!("the portal gives different {what} for this channel in several rows: {joined}"), &joined), true)
            }
        }
    }

    /// A source without the channel table: one time and labelled fee items
    /// for every channel (`Thời hạn giải quyết`, `Phí`, `Lệ phí`).
    fn separate_fields(&mut self, m: &Merged) -> (Vec<Processing>, Vec<FeeItem>, Vec<Rate>) {
        let mut processing = Vec::new();
        let mut fees = Vec::new();
        let mut rates = Vec::new();
        if let Some(t) = m.text(Field::Time) {
            let time = time_in_words(t);
            if let Some(kind) = time.doubt {
                self.doubt(kind, Field::Time, None, t);
            }
            self.tally("processing", time.is_known());
            processing.push(Processing {
                channels: Vec::new(),
                time,
            });
        } else {
            self.tally("processing", false);
        }
        let labelled = [
            (Field::Phi, Some(FeeKind::Phi)),
            (Field::LePhi, Some(FeeKind::LePhi)),
            (Field::FeeAnyKind, None),
        ];
        let mut any_fee = false;
        for (field, kind) in labelled {
            let Some(text) = m.text(field) else { continue };
            any_fee = true;
            let (cell, note) = fee_in_words(text);
            let reading = read_fee(&cell, &note, "", kind);
            for (k, words) in &reading.doubts {
                self.doubt(*k, field, None, words);
            }
            let conflict = reading.doubts.iter().any(|d| d.0 == DoubtKind::FeeConflict);
            let c = self.report.count("fee");
            if reading.fees.iter().all(|f| f.amount.is_some()) {
                c.parsed += 1;
            } else if conflict {
                c.conflict += 1;
            } else {
                c.unknown += 1;
            }
            fees.extend(reading.fees.into_iter().map(|fee| FeeItem {
                channels: Vec::new(),
                fee,
            }));
            rates.extend(reading.rates.into_iter().map(|rate| Rate {
                channels: Vec::new(),
                rate,
            }));
        }
        if !any_fee {
            self.tally("fee", false);
        }
        (processing, fees, rates)
    }
}

/// The words of a channel's fee items, for a report.
fn items_words(items: &[Fee]) -> String {
    items
        .iter()
        .map(|f| f.verbatim.as_str())
        .collect::<Vec<_>>()
        .join(" + ")
}

/// Channels sharing an identical value become one record, in channel order.
fn group<T: PartialEq>(items: Vec<(Channel, T)>) -> Vec<(Vec<Channel>, T)> {
    let mut out: Vec<(Vec<Channel>, T)> = Vec::new();
    for (channel, value) in items {
        match out.iter_mut().find(|(_, v)| *v == value) {
            Some((channels, _)) => channels.push(channel),
            None => out.push((vec![channel], value)),
        }
    }
    out
}

fn row_from_raw(raw: &RawRow) -> Row {
    let (fee, note) = fee_in_words(&raw.fee);
    Row {
        channel: Channel::parse(&raw.channel),
        channel_text: raw.channel.clone(),
        time: raw.time.clone(),
        fee,
        fee_note: note,
        description: raw.description.clone(),
        run_together: None,
    }
}

/// A fee written in a cell of its own: `Miễn phí`, `10,000 Việt Nam Đồng`
/// with a note, or words that state one amount (`20.000 đồng/lần`). Returns
/// the fee cell and the note.
fn fee_in_words(text: &str) -> (String, String) {
    let t = squash(text);
    if let Some(c) = regex!(r"^((?:\d{1,3}(?:,\d{3})+|\d+)? ?(?:VNĐ|Việt Nam Đồng|Đồng|USD)|Miễn phí|Không có thông tin)\s*(.*)$").and_then(|r| r.captures(&t)) {
        let note = c[2].trim();
        let note = note.strip_prefix('(').and_then(|n| n.strip_suffix(')')).unwrap_or(note);
        return (c[1].to_string(), note.to_string());
    }
    let amounts: Vec<_> = money_in(&t)
        .into_iter()
        .filter(|m| m.currency == Currency::Dong)
        .collect();
    match amounts.as_slice() {
        [one] => (format!("{} Đồng", one.amount), t.clone()),
        _ => (t.clone(), String::new()),
    }
}

/// A time written in words (`05 ngày làm việc kể từ ngày nhận đủ hồ sơ`):
/// read when it states exactly one time.
fn time_in_words(text: &str) -> Time {
    let t = squash(text);
    let found: Vec<String> = regex!(r"(?i)\d+(?:[.,]\d+)? ?(?:ngày làm việc|ngày|giờ|tháng)")
        .map(|r| r.find_iter(&t).map(|m| m.as_str().to_string()).collect())
        .unwrap_or_default();
    match found.as_slice() {
        [one] => {
            let mut time = parse_time(one);
            time.verbatim = t;
            time
        }
        _ => {
            let mut time = parse_time(&t);
            if time.is_known() {
                return time;
            }
            time.unknown = Some(if is_no_information(&t) {
                "Không có thông tin".to_string()
            } else {
                t.clone()
            });
            time
        }
    }
}
