//! A direct JSON writer for [`Decision`]: the same bytes as
//! `serde_json::to_string(&decision)`, several times faster.
//!
//! A decision is ~1.7 kB of short strings under ~90 keys. serde_json writes
//! every key through its string escaper and every fragment through a small
//! `io::Write` call, which costs more than the evaluation itself; here the
//! keys are literals (quotes, colon and separator included), strings are
//! checked for bytes to escape eight at a time and copied whole when there
//! are none (the usual case), and numbers and dates are written without
//! `core::fmt`. The buffer is a `String` and only `&str` goes into it, so
//! the result needs no UTF-8 check at the end (that check, over the
//! Vietnamese text of a whole decision, cost a sixth of the writing).
//!
//! The output is compared byte for byte with serde_json's for every
//! procedure of the embedded catalogue and for strings that need escaping
//! (tests below): a field added to a decision type must be added here too,
//! and those tests fail until it is.

use super::decision::*;
use crate::channel::Channel;
use crate::date::{Date, VnDateTime};
use crate::legal::Citation;

impl Decision<'_> {
    /// This decision as compact JSON, byte for byte what
    /// `serde_json::to_string` gives, written directly (see the module docs).
    pub fn to_json(&self) -> String {
        let mut w = Writer(String::with_capacity(DECISION_CAPACITY));
        w.decision(self);
        w.0
    }
}

/// Enough for a typical decision (1.5–2.5 kB) without regrowing.
const DECISION_CAPACITY: usize = 4096;

struct Writer(String);

/// Which bytes serde_json escapes: `"`, `\` and the C0 controls.
#[inline]
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// How many bytes at the start of `bytes` a JSON string holds as they are:
/// all of them, or up to the first that needs escaping. Tested a word
/// (8 bytes) at a time; the last word overlaps the one before it rather than
/// leaving a tail to test byte by byte. Case JSON is read with it too (a
/// string without escapes ends at the first such byte).
#[inline]
pub(super) fn unescaped_len(bytes: &[u8]) -> usize {
    let Some(last) = bytes.len().checked_sub(8) else {
        return bytes
            .iter()
            .position(|&b| needs_escape(b))
            .unwrap_or(bytes.len());
    };
    let mut at = 0;
    while at < last {
        if let Some(i) = first_to_escape(&bytes[at..at + 8]) {
            return at + i;
        }
        at += 8;
    }
    first_to_escape(&bytes[last..]).map_or(bytes.len(), |i| last + i)
}

/// The first of 8 bytes that needs escaping.
///
/// For a word `x`, `(x - 0x01…01·n) & !x & 0x80…80` marks the top bit of
/// every byte below `n` (n ≤ 0x80), and can mark a byte wrongly only above
/// a marked one (a borrow runs upwards), so the lowest mark is exact; bytes
/// are loaded little-endian, lowest address lowest. A byte equal to `c` is
/// a zero byte of `x ^ 0x…c…c`, i.e. below 1; `"` and `\` are ASCII, so the
/// xor leaves the top bits, and `!x`, unchanged.
#[inline]
fn first_to_escape(word: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOPS: u64 = 0x8080_8080_8080_8080;
    let mut b = [0; 8];
    b.copy_from_slice(word);
    let x = u64::from_le_bytes(b);
    let below = x.wrapping_sub(ONES * 0x20)
        | (x ^ (ONES * u64::from(b'"'))).wrapping_sub(ONES)
        | (x ^ (ONES * u64::from(b'\\'))).wrapping_sub(ONES);
    let marks = below & !x & TOPS;
    (marks != 0).then(|| marks.trailing_zeros() as usize / 8)
}

/// `"00"` to `"99"`, so that numbers are written two digits at a time,
/// as `&str` (digits built as bytes would need a UTF-8 check).
const PAIRS: &str = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";

/// `n` (below 100) as two digits.
#[inline]
fn pair(n: u32) -> &'static str {
    let i = 2 * n as usize;
    &PAIRS[i..i + 2]
}

/// The writer as a `fmt::Write` whose text is escaped as a JSON string's
/// content: what a note's pieces are written through.
struct Escaping<'w>(&'w mut Writer);

impl std::fmt::Write for Escaping<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.escape(s);
        Ok(())
    }
}

impl Writer {
    #[inline]
    fn raw(&mut self, s: &str) {
        self.0.push_str(s);
    }

    #[inline]
    fn char(&mut self, c: char) {
        self.0.push(c);
    }

    /// A JSON string, escaped exactly as serde_json does. Out of line: a
    /// decision writes some fifty, and a copy at each site would make the
    /// writer larger than the instruction cache holds next to the
    /// evaluation (it measured a fifth slower that way).
    #[inline(never)]
    fn str(&mut self, s: &str) {
        self.char('"');
        self.escape(s);
        self.char('"');
    }

    /// `s` escaped, without the quotes.
    #[inline]
    fn escape(&mut self, s: &str) {
        let plain = unescaped_len(s.as_bytes());
        if plain == s.len() {
            self.raw(s);
        } else {
            self.escaped(s, plain);
        }
    }

    /// `s` from its first byte to escape, at `from`, on. Every byte to
    /// escape is ASCII, so the runs between them are whole characters and
    /// are copied as `&str` slices.
    #[cold]
    fn escaped(&mut self, s: &str, from: usize) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.raw(&s[..from]);
        let mut start = from;
        for (i, b) in s.bytes().enumerate().skip(from) {
            if !needs_escape(b) {
                continue;
            }
            self.raw(&s[start..i]);
            match b {
                b'"' => self.raw("\\\""),
                b'\\' => self.raw("\\\\"),
                b'\x08' => self.raw("\\b"),
                b'\x0c' => self.raw("\\f"),
                b'\n' => self.raw("\\n"),
                b'\r' => self.raw("\\r"),
                b'\t' => self.raw("\\t"),
                _ => {
                    self.raw("\\u00");
                    self.char(char::from(HEX[usize::from(b >> 4)]));
                    self.char(char::from(HEX[usize::from(b & 0xf)]));
                }
            }
            start = i + 1;
        }
        self.raw(&s[start..]);
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.raw("null"),
        }
    }

    /// A note as a JSON string: its words are escaped as they are written
    /// (notes are kept unwritten until read; no `String` in between).
    fn note(&mut self, n: &Note<'_>) {
        self.char('"');
        // `Escaping` never fails, so neither does writing the note.
        let _ = n.write_to(&mut Escaping(self));
        self.char('"');
    }

    fn opt_note(&mut self, n: Option<&Note<'_>>) {
        match n {
            Some(n) => self.note(n),
            None => self.raw("null"),
        }
    }

    #[inline]
    fn bool(&mut self, b: bool) {
        self.raw(if b { "true" } else { "false" });
    }

    /// Decimal digits of `n`, as itoa (and so serde_json) writes them:
    /// the leading digits, then the last two.
    fn u64(&mut self, n: u64) {
        if n >= 100 {
            self.u64(n / 100);
            self.raw(pair((n % 100) as u32));
        } else if n >= 10 {
            self.raw(pair(n as u32));
        } else {
            self.raw(&pair(n as u32)[1..]);
        }
    }

    fn i64(&mut self, n: i64) {
        if n < 0 {
            self.char('-');
        }
        self.u64(n.unsigned_abs());
    }

    fn opt_i64(&mut self, n: Option<i64>) {
        match n {
            Some(n) => self.i64(n),
            None => self.raw("null"),
        }
    }

    fn usize(&mut self, n: usize) {
        self.u64(n as u64);
    }

    /// `YYYY-MM-DD`, as `Date`'s `Display`.
    fn date_body(&mut self, d: Date) {
        let (y, m, day) = d.ymd();
        match u32::try_from(y) {
            Ok(y @ 0..=9999) => {
                self.raw(pair(y / 100));
                self.raw(pair(y % 100));
            }
            // No valid `Date` has such a year; written as `Display` would.
            _ => self.raw(&format!("{y:04}")),
        }
        self.char('-');
        self.raw(pair(m));
        self.char('-');
        self.raw(pair(day));
    }

    fn date(&mut self, d: Date) {
        self.char('"');
        self.date_body(d);
        self.char('"');
    }

    #[inline]
    fn opt_date(&mut self, d: Option<Date>) {
        match d {
            Some(d) => self.date(d),
            None => self.raw("null"),
        }
    }

    /// RFC 3339 with +07:00, as `VnDateTime`'s `Display`.
    fn date_time(&mut self, t: VnDateTime) {
        let s = t.second_of_day();
        self.char('"');
        self.date_body(t.date());
        self.char('T');
        self.raw(pair(s / 3600));
        self.char(':');
        self.raw(pair(s / 60 % 60));
        self.char(':');
        self.raw(pair(s % 60));
        self.raw("+07:00\"");
    }

    fn opt_date_time(&mut self, t: Option<VnDateTime>) {
        match t {
            Some(t) => self.date_time(t),
            None => self.raw("null"),
        }
    }

    fn channel(&mut self, c: Channel) {
        self.raw(match c {
            Channel::NationalPortal => "\"national-portal\"",
            Channel::ProvincialPortal => "\"provincial-portal\"",
            Channel::InPerson => "\"in-person\"",
            Channel::Postal => "\"postal\"",
        });
    }

    /// `[a,b,…]` with `f` writing each element.
    fn list<T>(&mut self, items: &[T], mut f: impl FnMut(&mut Self, &T)) {
        self.char('[');
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                self.char(',');
            }
            f(self, x);
        }
        self.char(']');
    }

    fn citations(&mut self, c: &[Citation<'_>]) {
        self.list(c, |w, c| {
            w.raw("{\"doc\":");
            w.str(&c.doc);
            if let Some(a) = &c.article {
                w.raw(",\"article\":");
                w.str(a);
            }
            w.char('}');
        });
    }

    fn time_amount(&mut self, t: Option<&TimeAmount<'_>>) {
        match t {
            Some(t) => {
                self.raw("{\"amount\":");
                self.u64(u64::from(t.amount));
                self.raw(",\"unit\":");
                self.str(&t.unit);
                self.char('}');
            }
            None => self.raw("null"),
        }
    }

    fn decision(&mut self, d: &Decision<'_>) {
        let p = &d.procedure;
        self.raw("{\"procedure\":{\"id\":");
        self.str(&p.id);
        self.raw(",\"code\":");
        self.opt_str(p.code.as_deref());
        self.raw(",\"name\":");
        self.str(&p.name);
        self.raw(",\"name_en\":");
        self.opt_str(p.name_en.as_deref());
        self.raw(",\"sector\":");
        self.str(&p.sector);
        self.raw(",\"source\":");
        self.str(&p.source);
        self.raw(",\"status\":");
        self.str(&p.status);
        self.raw(",\"valid_from\":");
        self.opt_date(p.valid_from);
        self.raw(",\"valid_to\":");
        self.opt_date(p.valid_to);

        self.raw("},\"province\":");
        match &d.province {
            Some(v) => {
                self.raw("{\"requested\":");
                self.str(&v.requested);
                self.raw(",\"id\":");
                self.str(&v.id);
                self.raw(",\"name\":");
                self.str(&v.name);
                self.raw(",\"resolved_to_successor\":");
                self.bool(v.resolved_to_successor);
                self.raw(",\"succession\":");
                self.opt_str(v.succession.as_deref());
                self.char('}');
            }
            None => self.raw("null"),
        }
        self.raw(",\"case_type\":");
        self.str(&d.case_type);
        self.raw(",\"channel\":");
        self.channel(d.channel);
        self.raw(",\"online_level\":");
        match &d.online_level {
            Some(o) => {
                self.raw("{\"level\":");
                self.str(&o.level);
                self.raw(",\"label_vi\":");
                self.str(&o.label_vi);
                self.raw(",\"accepts_online_submission\":");
                self.bool(o.accepts_online_submission);
                self.raw(",\"status\":");
                self.str(&o.status);
                self.char('}');
            }
            None => self.raw("null"),
        }
        self.raw(",\"full_process_online\":");
        self.bool(d.full_process_online);
        self.raw(",\"full_process_online_source\":");
        self.str(&d.full_process_online_source);
        self.raw(",\"essential_lists\":");
        self.list(&d.essential_lists, |w, l| {
            w.raw("{\"id\":");
            w.str(&l.id);
            w.raw(",\"name\":");
            w.str(&l.name);
            w.raw(",\"status\":");
            w.str(&l.status);
            w.char('}');
        });
        self.raw(",\"online_only\":");
        self.bool(d.online_only);
        self.raw(",\"accepted_channels\":");
        self.list(&d.accepted_channels, |w, c| w.channel(*c));
        self.raw(",\"channel_accepted\":");
        self.bool(d.channel_accepted);
        self.raw(",\"priority\":");
        self.bool(d.priority);
        self.raw(",\"reusable_documents\":");
        self.list(&d.reusable_documents, |w, s| w.str(s));

        let f = &d.fee;
        self.raw(",\"fee\":{\"source\":");
        self.str(&f.source);
        self.raw(",\"items\":");
        self.list(&f.items, |w, i| {
            w.raw("{\"item\":");
            w.opt_str(i.item.as_deref());
            w.raw(",\"name\":");
            w.str(&i.name);
            w.raw(",\"base\":");
            w.i64(i.base);
            w.raw(",\"payable\":");
            w.i64(i.payable);
            w.raw(",\"status\":");
            w.str(&i.status);
            w.raw(",\"legal_basis\":");
            w.citations(&i.legal_basis);
            w.char('}');
        });
        self.raw(",\"base\":");
        self.opt_i64(f.base);
        self.raw(",\"reductions\":");
        self.list(&f.reductions, |w, r| {
            w.raw("{\"policy\":");
            w.str(&r.policy);
            w.raw(",\"kind\":");
            w.str(&r.kind);
            w.raw(",\"item\":");
            w.usize(r.item);
            w.raw(",\"amount\":");
            w.i64(r.amount);
            w.raw(",\"payable_after\":");
            w.i64(r.payable_after);
            w.raw(",\"legal_basis\":");
            w.citations(&r.legal_basis);
            w.raw(",\"status\":");
            w.str(&r.status);
            w.char('}');
        });
        self.raw(",\"payable\":");
        self.opt_i64(f.payable);
        self.raw(",\"unknown\":");
        self.opt_note(f.unknown.as_ref());

        let p = &d.processing;
        self.raw("},\"processing\":{\"statutory\":");
        match &p.statutory {
            Some(s) => {
                self.raw("{\"amount\":");
                self.u64(u64::from(s.amount));
                self.raw(",\"unit\":");
                self.str(&s.unit);
                self.raw(",\"case\":");
                self.str(&s.case);
                self.raw(",\"status\":");
                self.str(&s.status);
                self.raw(",\"legal_basis\":");
                self.citations(&s.legal_basis);
                self.char('}');
            }
            None => self.raw("null"),
        }
        self.raw(",\"cuts\":");
        self.list(&p.cuts, |w, c| {
            w.raw("{\"policy\":");
            w.str(&c.policy);
            w.raw(",\"amount\":");
            w.u64(u64::from(c.amount));
            w.raw(",\"unit\":");
            w.str(&c.unit);
            w.raw(",\"legal_basis\":");
            w.citations(&c.legal_basis);
            w.raw(",\"status\":");
            w.str(&c.status);
            w.char('}');
        });
        self.raw(",\"effective\":");
        self.time_amount(p.effective.as_ref());
        self.raw(",\"unknown\":");
        self.opt_note(p.unknown.as_ref());

        self.raw("},\"deadline\":{\"processing_time\":");
        self.time_amount(d.deadline.processing_time.as_ref());
        self.raw(",\"due_at\":");
        self.opt_date_time(d.deadline.due_at);

        let r = &d.receipt;
        self.raw("},\"receipt\":{\"engine_version\":");
        self.str(&r.engine_version);
        self.raw(",\"catalogue_hash\":");
        self.str(&r.catalogue_hash);
        self.raw(",\"reference_instant\":");
        self.date_time(r.reference_instant);
        self.raw(",\"applied\":");
        self.list(&r.applied, |w, a| {
            w.raw("{\"policy\":");
            w.str(&a.policy);
            w.raw(",\"kind\":");
            w.str(&a.kind);
            w.raw(",\"source\":");
            w.str(&a.source);
            w.raw(",\"status\":");
            w.str(&a.status);
            w.raw(",\"valid_from\":");
            w.opt_date(a.valid_from);
            w.raw(",\"valid_to\":");
            w.opt_date(a.valid_to);
            w.raw(",\"in_force_at\":");
            w.opt_date_time(a.in_force_at);
            w.raw(",\"legal_basis\":");
            w.citations(&a.legal_basis);
            w.char('}');
        });
        self.raw(",\"not_applied\":");
        self.list(&r.not_applied, |w, n| {
            w.raw("{\"policy\":");
            w.str(&n.policy);
            w.raw(",\"source\":");
            w.str(&n.source);
            w.raw(",\"reason\":");
            w.str(&n.reason);
            w.raw(",\"condition\":");
            w.opt_str(n.condition.as_deref());
            w.raw(",\"detail\":");
            w.str(&n.detail);
            w.raw(",\"by\":");
            w.opt_str(n.by.as_deref());
            w.raw(",\"valid_from\":");
            w.opt_date(n.valid_from);
            w.raw(",\"valid_to\":");
            w.opt_date(n.valid_to);
            w.char('}');
        });
        self.raw(",\"unconfirmed\":");
        self.list(&r.unconfirmed, |w, n| w.note(n));
        self.raw("}}");
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::catalog::Unconfirmed;
    use crate::engine::{Case, Engine};

    fn same_as_serde(d: &Decision<'_>) {
        let expected = serde_json::to_string(d).unwrap();
        assert_eq!(d.to_json(), expected);
    }

    #[test]
    fn every_embedded_procedure_writes_as_serde_json_does() {
        let engine = Engine::embedded().unwrap();
        let provinces: Vec<Option<String>> = std::iter::once(None)
            .chain(
                engine
                    .catalog()
                    .provinces()
                    .iter()
                    .take(6)
                    .map(|p| Some(p.id.clone())),
            )
            .collect();
        let mut written = 0;
        for p in engine.catalog().procedures() {
            for (k, province) in provinces.iter().enumerate() {
                for channel in Channel::NAMES {
                    for at in [
                        "2019-03-01T07:05:09",
                        "2024-05-02T10:00:00",
                        "2025-07-15T16:59:59",
                    ] {
                        let mut case = serde_json::json!({
                            "procedure": p.id, "channel": channel, "submitted_at": at,
                            "paid_at": at,
                            "applicant": {"identity_level": k % 3},
                        });
                        if let Some(prov) = province {
                            case["province"] = serde_json::json!(prov);
                        }
                        let Ok(case) = Case::from_value(case) else {
                            continue;
                        };
                        if let Ok(d) = engine.evaluate(&case) {
                            same_as_serde(&d);
                            written += 1;
                        }
                    }
                }
            }
        }
        assert!(written > 100, "only {written} decisions compared");
    }

    #[test]
    fn the_word_test_finds_the_first_byte_to_escape_at_every_position() {
        for len in 0..=17 {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut s = vec![b'a'; len];
                    // The neighbours of a byte to escape: borrows and
                    // carries must neither hide it nor invent one before it.
                    for fill in [b'a', 0x20, 0x80, 0xff, b'"' + 1, b'\\' + 1, 0] {
                        for (i, x) in s.iter_mut().enumerate() {
                            *x = if i == at {
                                b
                            } else if i < at {
                                0x20
                            } else {
                                fill
                            };
                        }
                        let expected = s.iter().position(|&x| needs_escape(x)).unwrap_or(len);
                        assert_eq!(unescaped_len(&s), expected, "{s:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn strings_numbers_and_dates_that_need_care() {
        let engine = Engine::embedded().unwrap();
        let case = Case::from_json(
            r#"{"procedure": "cu-tru.dang-ky-thuong-tru", "channel": "national-portal", "submitted_at": "2024-05-02T00:00:00"}"#,
        )
        .unwrap();
        let mut d = engine.evaluate(&case).unwrap();
        same_as_serde(&d);
        let nasty = "q\"uo\\te\u{0}\u{1}\u{8}\u{9}\u{a}\u{b}\u{c}\u{d}\u{1f}\u{7f} hà nội 🇻🇳 end";
        d.case_type = Cow::Borrowed(nasty);
        d.procedure.code = Some(Cow::Borrowed("\""));
        d.procedure.valid_from = Date::from_ymd(1, 1, 1);
        d.procedure.valid_to = Date::from_ymd(9999, 12, 31);
        d.deadline.due_at = VnDateTime::new(Date::from_ymd(987, 6, 5).unwrap(), 23, 59, 58);
        d.deadline.processing_time = Some(TimeAmount {
            amount: u32::MAX,
            unit: Cow::Borrowed(""),
        });
        d.fee.base = Some(i64::MIN);
        d.fee.payable = Some(i64::MAX);
        d.reusable_documents = vec![Cow::Borrowed(nasty), Cow::Borrowed("")];
        same_as_serde(&d);
        d.fee.base = None;
        d.fee.payable = None;
        d.fee.unknown = Some(Note::from(nasty));
        d.processing.unknown = Some(Note::from(nasty));
        same_as_serde(&d);
        // Notes written piece by piece: each piece is escaped on its own.
        let on = Date::from_ymd(2024, 5, 2).unwrap();
        d.fee.unknown = Some(Note::not_recorded("fee", nasty, Channel::Postal, on));
        d.processing.unknown = Some(Note::labelled(nasty, nasty));
        d.receipt.unconfirmed = vec![
            Note::unconfirmed(Unconfirmed::Fee {
                label: nasty,
                case: "\\",
            }),
            Note::unconfirmed(Unconfirmed::OnlineLevel),
            Note::unconfirmed(Unconfirmed::Procedure(nasty)),
        ];
        same_as_serde(&d);
        assert!(d
            .to_json()
            .contains("\"no fee is recorded for case type `q\\\"uo\\\\te\\u0000"));
    }
}
