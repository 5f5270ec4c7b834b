//! A direct JSON writer for [`Decision`]: the same bytes as
//! `serde_json::to_string(&decision)`, about three times faster.
//!
//! A decision is ~1.7 kB of short strings under ~90 keys. serde_json writes
//! every key through its string escaper and every fragment through a small
//! `io::Write` call, which costs more than the evaluation itself; here the
//! keys are literals (quotes, colon and separator included), strings are
//! scanned once and copied whole when nothing needs escaping (the usual
//! case), and numbers and dates are written without `core::fmt`.
//!
//! The output is compared byte for byte with serde_json's for every
//! procedure of the embedded catalogue and for strings that need escaping
//! (tests below): a field added to a decision type must be added here too,
//! and those tests fail until it is.

use super::decision::*;
use crate::date::{Date, VnDateTime};
use crate::policy::Channel;

impl Decision<'_> {
    /// This decision as compact JSON, byte for byte what
    /// `serde_json::to_string` gives, written directly (see the module docs).
    pub fn to_json(&self) -> String {
        decision_to_json(self)
    }
}

/// Writes `decision` as compact JSON, identical to `serde_json::to_string`.
fn decision_to_json(decision: &Decision<'_>) -> String {
    let mut w = Writer(Vec::with_capacity(DECISION_CAPACITY));
    w.decision(decision);
    // Every byte written is either ASCII or copied whole from a `&str`, so
    // the buffer is UTF-8; the checked conversion keeps that an invariant
    // rather than a promise (it costs a fraction of the writing).
    String::from_utf8(w.0).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Enough for a typical decision (1.5–2.5 kB) without regrowing.
const DECISION_CAPACITY: usize = 4096;

struct Writer(Vec<u8>);

/// Which bytes serde_json escapes: `"`, `\` and the C0 controls.
#[inline]
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

impl Writer {
    #[inline]
    fn raw(&mut self, s: &[u8]) {
        self.0.extend_from_slice(s);
    }

    #[inline]
    fn byte(&mut self, b: u8) {
        self.0.push(b);
    }

    /// A JSON string, escaped exactly as serde_json does.
    #[inline]
    fn str(&mut self, s: &str) {
        let bytes = s.as_bytes();
        self.0.reserve(bytes.len() + 2);
        self.byte(b'"');
        if bytes.iter().any(|&b| needs_escape(b)) {
            self.escaped(bytes);
        } else {
            self.raw(bytes);
        }
        self.byte(b'"');
    }

    #[cold]
    fn escaped(&mut self, bytes: &[u8]) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if !needs_escape(b) {
                continue;
            }
            self.raw(&bytes[start..i]);
            match b {
                b'"' => self.raw(b"\\\""),
                b'\\' => self.raw(b"\\\\"),
                b'\x08' => self.raw(b"\\b"),
                b'\x0c' => self.raw(b"\\f"),
                b'\n' => self.raw(b"\\n"),
                b'\r' => self.raw(b"\\r"),
                b'\t' => self.raw(b"\\t"),
                _ => {
                    self.raw(b"\\u00");
                    self.byte(HEX[usize::from(b >> 4)]);
                    self.byte(HEX[usize::from(b & 0xf)]);
                }
            }
            start = i + 1;
        }
        self.raw(&bytes[start..]);
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.raw(b"null"),
        }
    }

    #[inline]
    fn bool(&mut self, b: bool) {
        self.raw(if b { b"true" } else { b"false" });
    }

    /// Decimal digits of `n`, as itoa (and so serde_json) writes them.
    fn u64(&mut self, mut n: u64) {
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        loop {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.raw(&buf[i..]);
    }

    fn i64(&mut self, n: i64) {
        if n < 0 {
            self.byte(b'-');
        }
        self.u64(n.unsigned_abs());
    }

    fn usize(&mut self, n: usize) {
        self.u64(n as u64);
    }

    /// `n` with at least `width` digits, zero-padded (`{:0width$}`), n ≥ 0.
    fn padded(&mut self, n: u32, width: usize) {
        let mut buf = [b'0'; 10];
        let mut i = buf.len();
        let mut n = n;
        loop {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        let start = i.min(buf.len() - width.min(buf.len()));
        self.raw(&buf[start..]);
    }

    /// `YYYY-MM-DD`, as `Date`'s `Display` (years 1–9999).
    fn date_body(&mut self, d: Date) {
        let (y, m, day) = d.ymd();
        match u32::try_from(y) {
            Ok(y) => self.padded(y, 4),
            // Not reachable for a valid `Date`; written as Display would.
            Err(_) => self.raw(format!("{y:04}").as_bytes()),
        }
        self.byte(b'-');
        self.padded(m, 2);
        self.byte(b'-');
        self.padded(day, 2);
    }

    fn date(&mut self, d: Date) {
        self.byte(b'"');
        self.date_body(d);
        self.byte(b'"');
    }

    fn opt_date(&mut self, d: Option<Date>) {
        match d {
            Some(d) => self.date(d),
            None => self.raw(b"null"),
        }
    }

    /// RFC 3339 with +07:00, as `VnDateTime`'s `Display`.
    fn date_time(&mut self, t: VnDateTime) {
        let s = t.second_of_day();
        self.byte(b'"');
        self.date_body(t.date());
        self.byte(b'T');
        self.padded(s / 3600, 2);
        self.byte(b':');
        self.padded(s / 60 % 60, 2);
        self.byte(b':');
        self.padded(s % 60, 2);
        self.raw(b"+07:00\"");
    }

    fn opt_date_time(&mut self, t: Option<VnDateTime>) {
        match t {
            Some(t) => self.date_time(t),
            None => self.raw(b"null"),
        }
    }

    fn channel(&mut self, c: Channel) {
        self.raw(match c {
            Channel::NationalPortal => b"\"national-portal\"",
            Channel::ProvincialPortal => b"\"provincial-portal\"",
            Channel::InPerson => b"\"in-person\"",
            Channel::Postal => b"\"postal\"",
        });
    }

    /// `[a,b,…]` with `f` writing each element.
    fn list<T>(&mut self, items: &[T], mut f: impl FnMut(&mut Self, &T)) {
        self.byte(b'[');
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                self.byte(b',');
            }
            f(self, x);
        }
        self.byte(b']');
    }

    fn citations(&mut self, c: &[Citation<'_>]) {
        self.list(c, |w, c| {
            w.raw(b"{\"doc\":");
            w.str(&c.doc);
            if let Some(a) = &c.article {
                w.raw(b",\"article\":");
                w.str(a);
            }
            w.byte(b'}');
        });
    }

    fn time_amount(&mut self, t: Option<&TimeAmount<'_>>) {
        match t {
            Some(t) => {
                self.raw(b"{\"amount\":");
                self.u64(u64::from(t.amount));
                self.raw(b",\"unit\":");
                self.str(&t.unit);
                self.byte(b'}');
            }
            None => self.raw(b"null"),
        }
    }

    fn decision(&mut self, d: &Decision<'_>) {
        let p = &d.procedure;
        self.raw(b"{\"procedure\":{\"id\":");
        self.str(&p.id);
        self.raw(b",\"code\":");
        self.opt_str(p.code.as_deref());
        self.raw(b",\"name\":");
        self.str(&p.name);
        self.raw(b",\"name_en\":");
        self.opt_str(p.name_en.as_deref());
        self.raw(b",\"sector\":");
        self.str(&p.sector);
        self.raw(b",\"source\":");
        self.str(&p.source);
        self.raw(b",\"status\":");
        self.str(&p.status);
        self.raw(b",\"valid_from\":");
        self.opt_date(p.valid_from);
        self.raw(b",\"valid_to\":");
        self.opt_date(p.valid_to);

        self.raw(b"},\"province\":");
        match &d.province {
            Some(v) => {
                self.raw(b"{\"requested\":");
                self.str(&v.requested);
                self.raw(b",\"id\":");
                self.str(&v.id);
                self.raw(b",\"name\":");
                self.str(&v.name);
                self.raw(b",\"resolved_to_successor\":");
                self.bool(v.resolved_to_successor);
                self.raw(b",\"succession\":");
                self.opt_str(v.succession.as_deref());
                self.byte(b'}');
            }
            None => self.raw(b"null"),
        }
        self.raw(b",\"case_type\":");
        self.str(&d.case_type);
        self.raw(b",\"channel\":");
        self.channel(d.channel);
        self.raw(b",\"online_level\":");
        match &d.online_level {
            Some(o) => {
                self.raw(b"{\"level\":");
                self.str(&o.level);
                self.raw(b",\"label_vi\":");
                self.str(&o.label_vi);
                self.raw(b",\"accepts_online_submission\":");
                self.bool(o.accepts_online_submission);
                self.raw(b",\"status\":");
                self.str(&o.status);
                self.byte(b'}');
            }
            None => self.raw(b"null"),
        }
        self.raw(b",\"full_process_online\":");
        self.bool(d.full_process_online);
        self.raw(b",\"full_process_online_source\":");
        self.str(&d.full_process_online_source);
        self.raw(b",\"essential_lists\":");
        self.list(&d.essential_lists, |w, l| {
            w.raw(b"{\"id\":");
            w.str(&l.id);
            w.raw(b",\"name\":");
            w.str(&l.name);
            w.raw(b",\"status\":");
            w.str(&l.status);
            w.byte(b'}');
        });
        self.raw(b",\"online_only\":");
        self.bool(d.online_only);
        self.raw(b",\"accepted_channels\":");
        self.list(&d.accepted_channels, |w, c| w.channel(*c));
        self.raw(b",\"channel_accepted\":");
        self.bool(d.channel_accepted);
        self.raw(b",\"priority\":");
        self.bool(d.priority);
        self.raw(b",\"reusable_documents\":");
        self.list(&d.reusable_documents, |w, s| w.str(s));

        let f = &d.fee;
        self.raw(b",\"fee\":{\"source\":");
        self.str(&f.source);
        self.raw(b",\"items\":");
        self.list(&f.items, |w, i| {
            w.raw(b"{\"item\":");
            w.str(&i.item);
            w.raw(b",\"name\":");
            w.str(&i.name);
            w.raw(b",\"base\":");
            w.i64(i.base);
            w.raw(b",\"payable\":");
            w.i64(i.payable);
            w.raw(b",\"status\":");
            w.str(&i.status);
            w.raw(b",\"legal_basis\":");
            w.citations(&i.legal_basis);
            w.byte(b'}');
        });
        self.raw(b",\"base\":");
        self.i64(f.base);
        self.raw(b",\"reductions\":");
        self.list(&f.reductions, |w, r| {
            w.raw(b"{\"policy\":");
            w.str(&r.policy);
            w.raw(b",\"kind\":");
            w.str(&r.kind);
            w.raw(b",\"item\":");
            w.usize(r.item);
            w.raw(b",\"amount\":");
            w.i64(r.amount);
            w.raw(b",\"payable_after\":");
            w.i64(r.payable_after);
            w.raw(b",\"legal_basis\":");
            w.citations(&r.legal_basis);
            w.raw(b",\"status\":");
            w.str(&r.status);
            w.byte(b'}');
        });
        self.raw(b",\"payable\":");
        self.i64(f.payable);

        let p = &d.processing;
        self.raw(b"},\"processing\":{\"statutory\":");
        match &p.statutory {
            Some(s) => {
                self.raw(b"{\"amount\":");
                self.u64(u64::from(s.amount));
                self.raw(b",\"unit\":");
                self.str(&s.unit);
                self.raw(b",\"case\":");
                self.str(&s.case);
                self.raw(b",\"status\":");
                self.str(&s.status);
                self.raw(b",\"legal_basis\":");
                self.citations(&s.legal_basis);
                self.byte(b'}');
            }
            None => self.raw(b"null"),
        }
        self.raw(b",\"cuts\":");
        self.list(&p.cuts, |w, c| {
            w.raw(b"{\"policy\":");
            w.str(&c.policy);
            w.raw(b",\"amount\":");
            w.u64(u64::from(c.amount));
            w.raw(b",\"unit\":");
            w.str(&c.unit);
            w.raw(b",\"legal_basis\":");
            w.citations(&c.legal_basis);
            w.raw(b",\"status\":");
            w.str(&c.status);
            w.byte(b'}');
        });
        self.raw(b",\"effective\":");
        self.time_amount(p.effective.as_ref());

        self.raw(b"},\"deadline\":{\"processing_time\":");
        self.time_amount(d.deadline.processing_time.as_ref());
        self.raw(b",\"due_at\":");
        self.opt_date_time(d.deadline.due_at);

        let r = &d.receipt;
        self.raw(b"},\"receipt\":{\"engine_version\":");
        self.str(&r.engine_version);
        self.raw(b",\"catalogue_hash\":");
        self.str(&r.catalogue_hash);
        self.raw(b",\"reference_instant\":");
        self.date_time(r.reference_instant);
        self.raw(b",\"applied\":");
        self.list(&r.applied, |w, a| {
            w.raw(b"{\"policy\":");
            w.str(&a.policy);
            w.raw(b",\"kind\":");
            w.str(&a.kind);
            w.raw(b",\"source\":");
            w.str(&a.source);
            w.raw(b",\"status\":");
            w.str(&a.status);
            w.raw(b",\"valid_from\":");
            w.opt_date(a.valid_from);
            w.raw(b",\"valid_to\":");
            w.opt_date(a.valid_to);
            w.raw(b",\"in_force_at\":");
            w.opt_date_time(a.in_force_at);
            w.raw(b",\"legal_basis\":");
            w.citations(&a.legal_basis);
            w.byte(b'}');
        });
        self.raw(b",\"not_applied\":");
        self.list(&r.not_applied, |w, n| {
            w.raw(b"{\"policy\":");
            w.str(&n.policy);
            w.raw(b",\"source\":");
            w.str(&n.source);
            w.raw(b",\"reason\":");
            w.str(&n.reason);
            w.raw(b",\"condition\":");
            w.opt_str(n.condition.as_deref());
            w.raw(b",\"detail\":");
            w.str(&n.detail);
            w.raw(b",\"by\":");
            w.opt_str(n.by.as_deref());
            w.raw(b",\"valid_from\":");
            w.opt_date(n.valid_from);
            w.raw(b",\"valid_to\":");
            w.opt_date(n.valid_to);
            w.byte(b'}');
        });
        self.raw(b",\"unconfirmed\":");
        self.list(&r.unconfirmed, |w, s| w.str(s));
        self.raw(b"}}");
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::engine::{Case, Engine};

    fn same_as_serde(d: &Decision<'_>) {
        let expected = serde_json::to_string(d).unwrap();
        assert_eq!(decision_to_json(d), expected);
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
        d.fee.base = i64::MIN;
        d.fee.payable = i64::MAX;
        d.reusable_documents = vec![Cow::Borrowed(nasty), Cow::Borrowed("")];
        same_as_serde(&d);
    }
}
