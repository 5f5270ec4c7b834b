//! A streaming reader for RFC 4180 CSV, one record at a time.
//!
//! Exports from one-stop systems are plain CSV: comma-separated, fields
//! quoted when they hold a comma, a quote (doubled) or a line break, lines
//! ending in LF or CRLF. That dialect is small enough to read by hand, and
//! doing it here keeps the hot path allocation-free: a record's unquoted
//! fields are slices of the line buffer, and only quoted fields are copied
//! (into a second buffer, without their quotes).

use std::io::BufRead;
use std::ops::Range;

/// Where a field's text lives: in the raw record, or unescaped in `unquoted`.
#[derive(Clone, Debug)]
enum Span {
    Raw(Range<usize>),
    Unquoted(Range<usize>),
}

/// Why a record could not be split into fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CsvError {
    /// Not UTF-8; the text of the record is not shown.
    Utf8,
    /// A quoted field is not closed before the end of the input.
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
            CsvError::UnclosedQuote => "a quoted field is not closed before the end of the input",
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

/// A record longer than this is reported instead of read: a missing closing
/// quote would otherwise swallow the rest of a large file into one record.
pub const MAX_RECORD_BYTES: usize = 1 << 20;

/// Reads records from `input`, reusing its buffers between records.
///
/// A record that lies whole in the input's buffer (the usual case: one line,
/// no quoted line break, not cut by the buffer's end) is split and returned
/// where it lies, without a copy; the bytes are consumed on the next call.
/// Only the others are copied into `raw`, line by line, as before.
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

/// One record: its first line number and its fields.
pub struct CsvRecord<'a> {
    pub line: u64,
    raw: &'a str,
    unquoted: &'a str,
    spans: &'a [Span],
}

impl<'a> CsvRecord<'a> {
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Field `i`, or `None` past the last field.
    #[inline]
    pub fn get(&self, i: usize) -> Option<&'a str> {
        match self.spans.get(i)? {
            Span::Raw(r) => self.raw.get(r.clone()),
            Span::Unquoted(r) => self.unquoted.get(r.clone()),
        }
    }
}

/// What the fast path found at the head of the input's buffer.
enum Head {
    /// A blank line of `len` bytes (with its line break).
    Blank(usize),
    /// A record of `end` bytes (without its line ending), `len` with it, split.
    Record { end: usize, len: usize },
    /// Not whole in the buffer, or a quoted field runs on: read by copying.
    Slow,
}

impl<R: BufRead> CsvReader<R> {
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
    /// record is returned as `Err((line, error))` and reading can go on.
    ///
    /// A record ends at the first line break outside quotes: the reader
    /// splits the line it has and, only when a quoted field is still open,
    /// reads the next line and splits again. (So a field that opens a quote
    /// and never closes it runs on to the end of the input, as RFC 4180
    /// reads it, and is reported as one malformed record.)
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
                Head::Record { end, len } => {
                    let line = self.next_line;
                    self.next_line += 1;
                    self.pending = len;
                    // The buffer is not consumed between `head` and here, so
                    // `fill_buf` hands back the same bytes without reading.
                    let buf = self.input.fill_buf()?;
                    let rec = buf.get(..end).unwrap_or_default();
                    let (Ok(raw), Ok(unquoted)) = (
                        std::str::from_utf8(rec),
                        std::str::from_utf8(&self.unquoted),
                    ) else {
                        return Ok(Some(Err((line, CsvError::Utf8))));
                    };
                    return Ok(Some(Ok(CsvRecord {
                        line,
                        raw,
                        unquoted,
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
        Ok(match split_line(buf, &mut self.unquoted, &mut self.spans) {
            Some((end, len)) => Head::Record { end, len },
            None => Head::Slow,
        })
    }

    /// The general path: the record is read line by line into `raw`.
    #[allow(clippy::type_complexity)]
    fn next_record_copied(
        &mut self,
    ) -> std::io::Result<Option<Result<CsvRecord<'_>, (u64, CsvError)>>> {
        let (line, result) = loop {
            self.raw.clear();
            let line = self.next_line;
            let result = loop {
                if self.input.read_until(b'\n', &mut self.raw)? == 0 {
                    break split(&self.raw, &mut self.unquoted, &mut self.spans);
                }
                self.next_line += 1;
                let mut end = self.raw.len();
                if self.raw.last() == Some(&b'\n') {
                    end -= 1;
                }
                if end > 0 && self.raw.get(end - 1) == Some(&b'\r') {
                    end -= 1;
                }
                match split(
                    self.raw.get(..end).unwrap_or_default(),
                    &mut self.unquoted,
                    &mut self.spans,
                ) {
                    Err(CsvError::UnclosedQuote) if self.raw.len() <= MAX_RECORD_BYTES => continue,
                    Err(CsvError::UnclosedQuote) => break Err(CsvError::TooLong),
                    other => {
                        self.raw.truncate(end);
                        break other;
                    }
                }
            };
            if self.raw.is_empty() {
                if self.next_line == line {
                    return Ok(None); // end of input
                }
                continue; // a blank line
            }
            break (line, result);
        };
        if let Err(e) = result {
            return Ok(Some(Err((line, e))));
        }
        let (Ok(raw), Ok(unquoted)) = (
            std::str::from_utf8(&self.raw),
            std::str::from_utf8(&self.unquoted),
        ) else {
            return Ok(Some(Err((line, CsvError::Utf8))));
        };
        Ok(Some(Ok(CsvRecord {
            line,
            raw,
            unquoted,
            spans: &self.spans,
        })))
    }
}

/// Splits one record (without its line ending) into field spans.
fn split(raw: &[u8], unquoted: &mut Vec<u8>, spans: &mut Vec<Span>) -> Result<(), CsvError> {
    unquoted.clear();
    spans.clear();
    let mut i = 0;
    loop {
        if raw.get(i) == Some(&b'"') {
            let start = unquoted.len();
            i += 1;
            loop {
                match raw.get(i) {
                    None => return Err(CsvError::UnclosedQuote),
                    Some(b'"') if raw.get(i + 1) == Some(&b'"') => {
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
            spans.push(Span::Unquoted(start..unquoted.len()));
            match raw.get(i) {
                None => return Ok(()),
                Some(b',') => i += 1,
                Some(_) => return Err(CsvError::AfterQuote),
            }
        } else {
            let end = find_delimiter(raw, i);
            if raw.get(end) == Some(&b'"') {
                return Err(CsvError::StrayQuote);
            }
            spans.push(Span::Raw(i..end));
            if end == raw.len() {
                return Ok(());
            }
            i = end + 1;
        }
    }
}

/// Splits the record at the head of `buf` when it is one well-formed line
/// ending in a line break within `buf`: `Some((end, len))`, the record's
/// length without its line ending and with it. `None` for anything else
/// (a quoted line break, an error, no line break yet), which the copying
/// path reads instead — so both paths give the same fields and errors.
fn split_line(buf: &[u8], unquoted: &mut Vec<u8>, spans: &mut Vec<Span>) -> Option<(usize, usize)> {
    unquoted.clear();
    spans.clear();
    let mut i = 0;
    loop {
        if buf.get(i) == Some(&b'"') {
            let start = unquoted.len();
            i += 1;
            loop {
                match buf.get(i)? {
                    b'"' if buf.get(i + 1) == Some(&b'"') => {
                        unquoted.push(b'"');
                        i += 2;
                    }
                    b'"' => {
                        i += 1;
                        break;
                    }
                    b'\n' => return None,
                    &b => {
                        unquoted.push(b);
                        i += 1;
                    }
                }
            }
            spans.push(Span::Unquoted(start..unquoted.len()));
            match buf.get(i)? {
                b',' => i += 1,
                b'\n' => return Some((i, i + 1)),
                b'\r' if buf.get(i + 1) == Some(&b'\n') => return Some((i, i + 2)),
                _ => return None,
            }
        } else {
            let end = find_delimiter_or_newline(buf, i);
            match buf.get(end)? {
                b',' => {
                    spans.push(Span::Raw(i..end));
                    i = end + 1;
                }
                b'\n' => {
                    // The record ends before `\r\n` or `\n`.
                    let stop = if end > i && buf.get(end - 1) == Some(&b'\r') {
                        end - 1
                    } else {
                        end
                    };
                    spans.push(Span::Raw(i..stop));
                    return Some((stop, end + 1));
                }
                _ => return None,
            }
        }
    }
}

/// The index of the first `,`, `"` or `\n` at or after `from`, or `raw.len()`.
#[inline]
fn find_delimiter_or_newline(raw: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has = |w: u64, c: u8| {
        let x = w ^ (ONES * u64::from(c));
        x.wrapping_sub(ONES) & !x & HIGH
    };
    let mut i = from;
    while let Some(chunk) = raw.get(i..i + 8) {
        let mut b = [0u8; 8];
        b.copy_from_slice(chunk);
        let w = u64::from_le_bytes(b);
        let m = has(w, b',') | has(w, b'"') | has(w, b'\n');
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    raw.get(i..)
        .and_then(|rest| rest.iter().position(|&b| matches!(b, b',' | b'"' | b'\n')))
        .map_or(raw.len(), |p| i + p)
}

/// The index of the first `,` or `"` at or after `from`, or `raw.len()`.
///
/// Eight bytes at a time (SWAR): this scan is most of the reader's work, and
/// a byte-at-a-time loop with two comparisons does not vectorise.
#[inline]
fn find_delimiter(raw: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has = |w: u64, c: u8| {
        let x = w ^ (ONES * u64::from(c));
        x.wrapping_sub(ONES) & !x & HIGH
    };
    let mut i = from;
    while let Some(chunk) = raw.get(i..i + 8) {
        let mut b = [0u8; 8];
        b.copy_from_slice(chunk);
        let w = u64::from_le_bytes(b);
        let m = has(w, b',') | has(w, b'"');
        if m != 0 {
            // The lowest flagged byte is a true match (borrows only run upwards).
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    raw.get(i..)
        .and_then(|rest| rest.iter().position(|&b| b == b',' || b == b'"'))
        .map_or(raw.len(), |p| i + p)
}

/// Quotes `field` for CSV output when it needs it.
pub fn escape(field: &str) -> std::borrow::Cow<'_, str> {
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

    fn all(text: &str) -> Vec<Read> {
        let mut r = CsvReader::new(text.as_bytes());
        let mut out = Vec::new();
        while let Some(rec) = r.next_record().unwrap() {
            out.push(rec.map(|rec| {
                (
                    rec.line,
                    (0..rec.len())
                        .map(|i| rec.get(i).unwrap().to_string())
                        .collect(),
                )
            }));
        }
        out
    }

    #[test]
    fn quoted_fields_with_commas_doubled_quotes_and_line_breaks() {
        let got = all("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\r\n\n\"two\nlines\",2,3\n");
        assert_eq!(
            got,
            vec![
                Ok((1, vec!["a".into(), "b".into(), "c".into()])),
                Ok((2, vec!["x, y".into(), "say \"hi\"".into(), String::new()])),
                Ok((4, vec!["two\nlines".into(), "2".into(), "3".into()])),
            ]
        );
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
                for d in [b',', b'"'] {
                    let mut v = vec![b'a'; len];
                    v[at] = d;
                    if at + 1 < len {
                        v[at + 1] = b',';
                    }
                    assert_eq!(find_delimiter(&v, 0), at, "len {len} at {at}");
                }
            }
            assert_eq!(find_delimiter(&vec![0xC3; len], 0), len);
        }
        assert_eq!(find_delimiter(b"ab,cd,ef", 3), 5);
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
                out.push(rec.map(|rec| {
                    (
                        rec.line,
                        (0..rec.len())
                            .map(|i| rec.get(i).unwrap().to_string())
                            .collect(),
                    )
                }));
                in_place += usize::from(r.raw.is_empty());
                r.raw.clear();
            }
            (out, in_place)
        };
        // Capacity 1 never holds a whole line: every record takes the copying path.
        let (copied, none) = read(1);
        assert_eq!(copied.len(), 12, "{copied:?}");
        assert_eq!(none, 0);
        for cap in 2..=bytes.len() + 1 {
            assert_eq!(read(cap).0, copied, "buffer of {cap} bytes");
        }
        // With the whole text in the buffer, the one-line records are read in place.
        assert!(read(bytes.len()).1 >= 6);
    }

    #[test]
    fn escape_round_trips() {
        let f = "a \"b\", c";
        let line = format!("{},x\n", escape(f));
        assert_eq!(all(&line), vec![Ok((1, vec![f.to_string(), "x".into()]))]);
        assert_eq!(escape("plain"), "plain");
    }
}
