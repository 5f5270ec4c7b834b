//! A streaming reader for the CSV of dossier records, one record at a time.
//!
//! Exports from one-stop systems are plain CSV: comma-separated, fields
//! quoted when they hold a comma or a quote (doubled), lines ending in LF or
//! CRLF. That dialect is small enough to read by hand, and doing it here
//! keeps the hot path allocation-free: a record's unquoted fields are slices
//! of the input's buffer, and only quoted fields are copied (into a second
//! buffer, without their quotes).
//!
//! One record is one line: unlike RFC 4180, a quoted field may not hold a
//! line break (no record field needs one, `docs/metrics.md`). So a quote
//! left open makes only its own line malformed, and reading resumes on the
//! next line; under RFC 4180 it would swallow the rest of the file into one
//! field (one unclosed quote in row 6 of 2,000 rows cost 1,995 records).
//!
//! Why not the `csv` crate: measured in one session on 200,000 made-up rows
//! in the shape of `benches/metrics.rs`, reading every field and checking it
//! as [`Text`] (the crate does not say which fields are ASCII, so each is
//! checked), the crate took 1.98–2.23× the time of this reader (best of 15:
//! 104.7 ms against 53.0 ms) and 1.92× its instructions (callgrind: 4,674
//! against 2,430 per record); the bar for swapping was 15 %. It is also
//! more lenient: a stray quote inside a field is data to it, where this
//! reader reports the row as malformed with its line.

use std::io::BufRead;
use std::ops::Range;

use super::text::Text;

/// Where a field's text lives: in the raw record, or unescaped in `unquoted`.
#[derive(Clone, Debug)]
enum Span {
    Raw(Range<usize>),
    Unquoted(Range<usize>),
}

/// Why a record could not be split into fields.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CsvError {
    /// Not UTF-8; the text of the record is not shown.
    Utf8,
    /// A quoted field is not closed before the end of its line.
    UnclosedQuote,
    /// Something other than a comma or the end of the record follows a closing quote.
    AfterQuote,
    /// A quote inside an unquoted field.
    StrayQuote,
    /// A record larger than [`MAX_RECORD_BYTES`].
    TooLong,
}

impl std::fmt::Display for CsvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            CsvError::Utf8 => "the record is not valid UTF-8",
            CsvError::UnclosedQuote => {
                "a quoted field is not closed before the end of the line (a field cannot span lines)"
            }
            CsvError::AfterQuote => {
                "a closing quote must be followed by a comma or the end of the record"
            }
            CsvError::StrayQuote => {
                "a quote inside an unquoted field (quote the whole field and double the quote)"
            }
            CsvError::TooLong => "the record is longer than 1 MiB",
        })
    }
}

impl std::error::Error for CsvError {}

impl CsvError {
    /// The stable kind, `malformed`: a record the reader could not split is
    /// a malformed row, like one whose values do not check.
    pub fn kind(&self) -> crate::error::ErrorKind {
        crate::error::ErrorKind::Malformed
    }
}

/// A record (line) longer than this is reported instead of read, and
/// skipped without being held in memory.
pub const MAX_RECORD_BYTES: usize = 1 << 20;

/// Reads records from `input`, reusing its buffers between records.
///
/// A record that lies whole in the input's buffer (the usual case: not cut
/// by the buffer's end) is split and returned where it lies, without a copy;
/// the bytes are consumed on the next call. Only the others are copied into
/// `raw`, line by line.
pub struct CsvReader<R> {
    input: R,
    raw: Vec<u8>,
    unquoted: Vec<u8>,
    spans: Vec<Span>,
    /// Physical line number of the next line to read (1-based).
    next_line: u64,
    /// Bytes of the input's buffer the last record borrowed, consumed on the next call.
    pending: usize,
}

/// One record: its first line number and its fields, checked to be UTF-8.
pub struct CsvRecord<'a> {
    /// The line of the record, from 1.
    pub line: u64,
    raw: &'a [u8],
    unquoted: &'a [u8],
    spans: &'a [Span],
}

impl<'a> CsvRecord<'a> {
    /// How many fields the record has.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether the record has no fields.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Field `i`, or `None` past the last field.
    #[inline]
    pub fn get(&self, i: usize) -> Option<Text<'a>> {
        let bytes = match self.spans.get(i)? {
            Span::Raw(r) => self.raw.get(r.clone()),
            Span::Unquoted(r) => self.unquoted.get(r.clone()),
        };
        bytes.map(Text::checked)
    }
}

/// What the fast path found at the head of the input's buffer.
enum Head {
    /// A blank line of `len` bytes (with its line break).
    Blank(usize),
    /// A record, split, that lies whole in the buffer: `end` bytes without
    /// its line ending, `len` with it.
    Record { end: usize, len: usize, utf8: bool },
    /// Not whole in the buffer, or malformed: read by copying.
    Slow,
}

/// Where a record ends, as [`split`] found it.
struct Extent {
    /// Bytes of the record, without its line ending.
    end: usize,
    /// Bytes up to the next record (with the line ending); `None` when the
    /// text ended before a line break.
    next: Option<usize>,
    /// Every field is UTF-8.
    utf8: bool,
}

impl<R: BufRead> CsvReader<R> {
    /// A reader over `input`, at its first line.
    pub fn new(input: R) -> CsvReader<R> {
        CsvReader {
            input,
            raw: Vec::with_capacity(512),
            unquoted: Vec::new(),
            spans: Vec::with_capacity(32),
            next_line: 1,
            pending: 0,
        }
    }

    /// The next non-blank record; `Ok(None)` at the end of the input. A bad
    /// record is returned as `Err((line, error))` and reading goes on at
    /// the next line.
    ///
    /// A record ends at the first line break, inside quotes or not (see the
    /// module docs): a quote left open makes that one line malformed.
    #[allow(clippy::type_complexity)]
    pub fn next_record(
        &mut self,
    ) -> std::io::Result<Option<Result<CsvRecord<'_>, (u64, CsvError)>>> {
        self.input.consume(std::mem::take(&mut self.pending));
        loop {
            match self.head()? {
                Head::Blank(len) => {
                    self.input.consume(len);
                    self.next_line += 1;
                }
                Head::Record { end, len, utf8 } => {
                    let line = self.next_line;
                    self.next_line += 1;
                    self.pending = len;
                    if !utf8 {
                        return Ok(Some(Err((line, CsvError::Utf8))));
                    }
                    // The buffer is not consumed between `head` and here, so
                    // `fill_buf` hands back the same bytes without reading.
                    let buf = self.input.fill_buf()?;
                    return Ok(Some(Ok(CsvRecord {
                        line,
                        raw: buf.get(..end).unwrap_or_default(),
                        unquoted: &self.unquoted,
                        spans: &self.spans,
                    })));
                }
                Head::Slow => return self.next_record_copied(),
            }
        }
    }

    /// Looks at the head of the input's buffer and, when a whole record is
    /// there, splits it in place.
    fn head(&mut self) -> std::io::Result<Head> {
        let buf = self.input.fill_buf()?;
        match buf {
            [b'\n', ..] => return Ok(Head::Blank(1)),
            [b'\r', b'\n', ..] => return Ok(Head::Blank(2)),
            _ => {}
        }
        Ok(match split(buf, &mut self.unquoted, &mut self.spans) {
            // Only a line break proves the record whole: more of it may be
            // past the buffer's end. Errors are left to the copying path,
            // which finds where the bad record ends.
            Ok(Extent {
                end,
                next: Some(len),
                utf8,
            }) => Head::Record { end, len, utf8 },
            _ => Head::Slow,
        })
    }

    /// The general path: the line is copied into `raw` (at most
    /// [`MAX_RECORD_BYTES`] of it: a longer line is skipped unread).
    #[allow(clippy::type_complexity)]
    fn next_record_copied(
        &mut self,
    ) -> std::io::Result<Option<Result<CsvRecord<'_>, (u64, CsvError)>>> {
        let (line, result) = loop {
            self.raw.clear();
            let line = self.next_line;
            let limit = MAX_RECORD_BYTES as u64 + 1;
            if std::io::Read::take(self.input.by_ref(), limit).read_until(b'\n', &mut self.raw)?
                == 0
            {
                return Ok(None); // end of input
            }
            self.next_line += 1;
            if self.raw.last() != Some(&b'\n') && self.raw.len() > MAX_RECORD_BYTES {
                self.skip_line()?;
                break (line, Err(CsvError::TooLong));
            }
            let mut end = self.raw.len();
            if self.raw.last() == Some(&b'\n') {
                end -= 1;
            }
            if end > 0 && self.raw.get(end - 1) == Some(&b'\r') {
                end -= 1;
            }
            self.raw.truncate(end);
            if self.raw.is_empty() {
                continue; // a blank line
            }
            break (line, split(&self.raw, &mut self.unquoted, &mut self.spans));
        };
        Ok(Some(match result {
            Ok(extent) if extent.utf8 => Ok(CsvRecord {
                line,
                raw: &self.raw,
                unquoted: &self.unquoted,
                spans: &self.spans,
            }),
            Ok(_) => Err((line, CsvError::Utf8)),
            Err(e) => Err((line, e)),
        }))
    }

    /// Consumes the rest of the current line, line break included, without
    /// keeping it.
    fn skip_line(&mut self) -> std::io::Result<()> {
        loop {
            let buf = self.input.fill_buf()?;
            if buf.is_empty() {
                return Ok(());
            }
            match buf.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    self.input.consume(i + 1);
                    return Ok(());
                }
                None => {
                    let n = buf.len();
                    self.input.consume(n);
                }
            }
        }
    }
}

/// Splits the record at the head of `text` into field spans: up to the
/// first line break, or the end of `text`; a line break inside quotes is an
/// unclosed quote.
///
/// It checks the fields' UTF-8 on the way: the scan for delimiters already
/// reads every byte of an unquoted field, so it tells which fields are all
/// ASCII (most), and only the others are checked. (The delimiters are ASCII,
/// so the record is UTF-8 when every field is.) A bad field is reported
/// after the record's layout errors, as a check of the whole record would.
fn split(text: &[u8], unquoted: &mut Vec<u8>, spans: &mut Vec<Span>) -> Result<Extent, CsvError> {
    unquoted.clear();
    spans.clear();
    let mut utf8 = true;
    let mut i = 0;
    loop {
        if text.get(i) == Some(&b'"') {
            let start = unquoted.len();
            i += 1;
            loop {
                match text.get(i) {
                    None | Some(b'\n') => return Err(CsvError::UnclosedQuote),
                    Some(b'"') if text.get(i + 1) == Some(&b'"') => {
                        unquoted.push(b'"');
                        i += 2;
                    }
                    Some(b'"') => {
                        i += 1;
                        break;
                    }
                    Some(&b) => {
                        unquoted.push(b);
                        i += 1;
                    }
                }
            }
            utf8 &= Text::new(unquoted.get(start..).unwrap_or_default()).is_some();
            spans.push(Span::Unquoted(start..unquoted.len()));
            let (end, next) = match text.get(i) {
                Some(b',') => {
                    i += 1;
                    continue;
                }
                None => (i, None),
                Some(b'\n') => (i, Some(i + 1)),
                Some(b'\r') if text.get(i + 1) == Some(&b'\n') => (i, Some(i + 2)),
                Some(_) => return Err(CsvError::AfterQuote),
            };
            return Ok(Extent { end, next, utf8 });
        }
        let (end, ascii) = find_delimiter(text, i);
        if !ascii {
            utf8 &= Text::new(text.get(i..end).unwrap_or_default()).is_some();
        }
        let (stop, next) = match text.get(end) {
            Some(b',') => {
                spans.push(Span::Raw(i..end));
                i = end + 1;
                continue;
            }
            None => (end, None),
            // The record ends before `\r\n` or `\n`.
            Some(b'\n') if end > i && text.get(end - 1) == Some(&b'\r') => (end - 1, Some(end + 1)),
            Some(b'\n') => (end, Some(end + 1)),
            Some(_) => return Err(CsvError::StrayQuote),
        };
        spans.push(Span::Raw(i..stop));
        return Ok(Extent {
            end: stop,
            next,
            utf8,
        });
    }
}

/// The index of the first `,`, `"` or `\n` at or after `from` (or
/// `raw.len()`), and whether the bytes before it are all ASCII.
///
/// Eight bytes at a time (SWAR): this scan is most of the reader's work, and
/// a byte-at-a-time loop with three comparisons does not vectorise.
#[inline]
fn find_delimiter(raw: &[u8], from: usize) -> (usize, bool) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has = |w: u64, c: u8| {
        let x = w ^ (ONES * u64::from(c));
        x.wrapping_sub(ONES) & !x & HIGH
    };
    // The high bits of the bytes passed so far.
    let mut high = 0;
    let mut i = from;
    while let Some(chunk) = raw.get(i..i + 8) {
        let mut b = [0u8; 8];
        b.copy_from_slice(chunk);
        let w = u64::from_le_bytes(b);
        let m = has(w, b',') | has(w, b'"') | has(w, b'\n');
        if m != 0 {
            // The lowest flagged byte is a true match (borrows only run
            // upwards); its flag is bit 8k + 7 for byte k.
            let k = m.trailing_zeros() / 8;
            high |= w & HIGH & ((1u64 << (8 * k)) - 1);
            return (i + k as usize, high == 0);
        }
        high |= w & HIGH;
        i += 8;
    }
    let rest = raw.get(i..).unwrap_or_default();
    let end = rest
        .iter()
        .position(|&b| matches!(b, b',' | b'"' | b'\n'))
        .unwrap_or(rest.len());
    let ascii = high == 0 && rest.get(..end).is_some_and(<[u8]>::is_ascii);
    (i + end, ascii)
}

/// Quotes `field` for CSV output when it needs it.
pub fn escape_csv(field: &str) -> std::borrow::Cow<'_, str> {
    if field.contains([',', '"', '\n', '\r']) {
        std::borrow::Cow::Owned(format!("\"{}\"", field.replace('"', "\"\"")))
    } else {
        std::borrow::Cow::Borrowed(field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Read = Result<(u64, Vec<String>), (u64, CsvError)>;

    /// A record's line and fields, owned, for comparing reads.
    fn owned(rec: &CsvRecord<'_>) -> (u64, Vec<String>) {
        let fields = (0..rec.len())
            .map(|i| rec.get(i).unwrap().to_string())
            .collect();
        (rec.line, fields)
    }

    fn all(text: &str) -> Vec<Read> {
        let mut r = CsvReader::new(text.as_bytes());
        let mut out = Vec::new();
        while let Some(rec) = r.next_record().unwrap() {
            out.push(rec.map(|rec| owned(&rec)));
        }
        out
    }

    #[test]
    fn quoted_fields_with_commas_and_doubled_quotes() {
        let got = all("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\r\n\n\"a\rb\",2,3\n");
        assert_eq!(
            got,
            vec![
                Ok((1, vec!["a".into(), "b".into(), "c".into()])),
                Ok((2, vec!["x, y".into(), "say \"hi\"".into(), String::new()])),
                Ok((4, vec!["a\rb".into(), "2".into(), "3".into()])),
            ]
        );
    }

    #[test]
    fn a_quote_left_open_costs_its_own_line_only() {
        // Under RFC 4180 the open quote on line 2 would run to the end of
        // the input and take lines 3-5 with it.
        let got = all("a,b\n\"open,1\nok,2\n\"two\nlines\",3\nok,4\n");
        assert_eq!(
            got,
            vec![
                Ok((1, vec!["a".into(), "b".into()])),
                Err((2, CsvError::UnclosedQuote)),
                Ok((3, vec!["ok".into(), "2".into()])),
                Err((4, CsvError::UnclosedQuote)),
                Err((5, CsvError::StrayQuote)),
                Ok((6, vec!["ok".into(), "4".into()])),
            ]
        );
    }

    #[test]
    fn a_line_over_the_limit_is_skipped_without_being_kept() {
        let mut text = vec![b'x'; 3 * MAX_RECORD_BYTES];
        text.extend_from_slice(b"\nok,2\n\"");
        text.extend(std::iter::repeat_n(b'y', MAX_RECORD_BYTES + 5));
        text.extend_from_slice(b"\nok,3");
        let mut r = CsvReader::new(std::io::BufReader::new(&text[..]));
        let mut got = Vec::new();
        while let Some(rec) = r.next_record().unwrap() {
            got.push(rec.map(|rec| owned(&rec)));
        }
        assert_eq!(
            got,
            vec![
                Err((1, CsvError::TooLong)),
                Ok((2, vec!["ok".into(), "2".into()])),
                Err((3, CsvError::TooLong)),
                Ok((4, vec!["ok".into(), "3".into()])),
            ]
        );
        assert!(r.raw.capacity() <= 2 * MAX_RECORD_BYTES + 2);
    }

    #[test]
    fn errors_name_the_line_and_reading_goes_on() {
        let got = all("a,b\n\"x\"y,1\nq\"r,2\nok,3\n\"open,4\n");
        assert_eq!(got[0], Ok((1, vec!["a".into(), "b".into()])));
        assert_eq!(got[1], Err((2, CsvError::AfterQuote)));
        assert_eq!(got[2], Err((3, CsvError::StrayQuote)));
        assert_eq!(got[3], Ok((4, vec!["ok".into(), "3".into()])));
        assert_eq!(got[4], Err((5, CsvError::UnclosedQuote)));
        assert_eq!(got.len(), 5);
    }

    #[test]
    fn invalid_utf8_is_an_error_not_a_panic() {
        let mut r = CsvReader::new(&b"a,\xff\n"[..]);
        assert!(matches!(
            r.next_record().unwrap(),
            Some(Err((1, CsvError::Utf8)))
        ));
    }

    #[test]
    fn the_word_scan_finds_the_first_delimiter_anywhere() {
        for len in 0..20 {
            for at in 0..len {
                for d in [b',', b'"', b'\n'] {
                    let mut v = vec![b'a'; len];
                    v[at] = d;
                    if at + 1 < len {
                        v[at + 1] = b',';
                    }
                    assert_eq!(find_delimiter(&v, 0), (at, true), "len {len} at {at}");
                    // A byte that is not ASCII counts only before the delimiter.
                    for hi in (0..len).filter(|&hi| hi != at && hi != at + 1) {
                        let mut w = v.clone();
                        w[hi] = 0xC3;
                        assert_eq!(
                            find_delimiter(&w, 0),
                            (at, hi > at),
                            "len {len} at {at} hi {hi}"
                        );
                    }
                }
            }
            assert_eq!(find_delimiter(&vec![0xC3; len], 0), (len, len == 0));
        }
        assert_eq!(find_delimiter(b"ab,cd,ef", 3), (5, true));
        assert_eq!(find_delimiter("ab,cd,é".as_bytes(), 3), (5, true));
        assert_eq!(find_delimiter("ab,cé,f".as_bytes(), 3), (6, false));
    }

    #[test]
    fn in_place_and_copying_reads_agree_at_every_buffer_size() {
        // \u{1} stands for a byte that is not UTF-8.
        let text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\r\n\n\r\n\"two\nlines\",2,3\n\
                    Cấp xã – Tỉnh,\"q\"\r\n\"x\"y,1\nq\"r,2\na\r\r\n,,\n\"\",\n\u{1},1\nok,3\n\"open,4\nend";
        let bytes: Vec<u8> = text
            .bytes()
            .map(|b| if b == 1 { 0xff } else { b })
            .collect();
        let read = |cap: usize| {
            let mut r = CsvReader::new(std::io::BufReader::with_capacity(cap, &bytes[..]));
            let mut out: Vec<Read> = Vec::new();
            let mut in_place = 0;
            while let Some(rec) = r.next_record().unwrap() {
                out.push(rec.map(|rec| owned(&rec)));
                in_place += usize::from(r.raw.is_empty());
                r.raw.clear();
            }
            (out, in_place)
        };
        // Capacity 1 never holds a whole line: every record takes the copying path.
        let (copied, none) = read(1);
        assert_eq!(copied.len(), 14, "{copied:?}");
        assert_eq!(none, 0);
        for cap in 2..=bytes.len() + 1 {
            assert_eq!(read(cap).0, copied, "buffer of {cap} bytes");
        }
        // With the whole text in the buffer, the one-line records are read in place.
        assert!(read(bytes.len()).1 >= 6);
    }

    #[test]
    fn every_field_is_checked_for_utf8_in_place_and_copied() {
        let lines: [(&[u8], bool); 9] = [
            (
                "Cấp xã – Tỉnh Hà Giang,\"Đăng ký, \"\"khai\"\" sinh\",ổn".as_bytes(),
                true,
            ),
            (b"abcdefgh\xff,1,2", false),
            (b"1,abcdefghijklmn\xc3,2", false),
            (b"1,2,C\xe1\xba", false),
            (b"1,\xc0\xaf,2", false),
            (b"1,\"quoted \xff\",2", false),
            (b"1,\"surrogate \xed\xa0\x80\",2", false),
            (b"\xf0\x9f\x98\x80,\xf4\x8f\xbf\xbf,3", true),
            (b"\xf4\x90\x80\x80,2,3", false),
        ];
        let mut text = Vec::new();
        for (line, _) in lines {
            text.extend_from_slice(line);
            text.push(b'\n');
        }
        let read = |cap: usize| {
            let mut r = CsvReader::new(std::io::BufReader::with_capacity(cap, &text[..]));
            let mut ok = Vec::new();
            while let Some(rec) = r.next_record().unwrap() {
                ok.push(match rec {
                    Ok(rec) => {
                        assert!((0..rec.len()).all(|i| rec.get(i).is_some()));
                        true
                    }
                    Err((_, e)) => {
                        assert_eq!(e, CsvError::Utf8);
                        false
                    }
                });
            }
            ok
        };
        let expected: Vec<bool> = lines.iter().map(|(_, ok)| *ok).collect();
        assert_eq!(read(text.len()), expected, "read in place");
        assert_eq!(read(1), expected, "copied");
    }

    #[test]
    fn escape_round_trips() {
        let f = "a \"b\", c";
        let line = format!("{},x\n", escape_csv(f));
        assert_eq!(all(&line), vec![Ok((1, vec![f.to_string(), "x".into()]))]);
        assert_eq!(escape_csv("plain"), "plain");
    }
}
