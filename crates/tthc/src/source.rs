//! Reading catalogue TOML with positions, collecting every problem.
//!
//! serde's derive stops at the first unknown key or wrong type and loses the
//! position of everything it accepted. Catalogue editors need all problems
//! with `file:line:col`, and later checks (duplicate ids, unknown references)
//! need the position of values that parsed fine. So records are read through
//! [`Table`], a thin view over the spanned TOML tree that reports into
//! [`Diagnostics`] and keeps going.

use std::borrow::Cow;
use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::date::Date;
use crate::diagnostics::{codes, Diagnostics, SourceLocation};

/// Largest catalogue file accepted, in bytes. Real files are a few kB; this
/// bound keeps a mistaken path (a log file, a dump) from eating memory.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// One catalogue file: its display name (path relative to the catalogue root)
/// and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name diagnostics give the file.
    pub name: String,
    /// Its text.
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// A file named `name` with `text`.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(crate) fn location(&self, byte: usize) -> SourceLocation {
        let byte = byte.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= byte).max(1);
        let start = self.line_starts[line - 1];
        let column = self
            .text
            .get(start..byte)
            .map_or(1, |s| s.chars().count() + 1);
        SourceLocation {
            file: self.name.clone(),
            line: line as u32,
            column: column as u32,
        }
    }

    /// Location of the start of the whole file.
    pub(crate) fn start(&self) -> SourceLocation {
        self.location(0)
    }

    /// Parses the file, reporting every syntax error. Returns `None` when the
    /// file has any, because records read from a half-parsed file would
    /// produce confusing follow-on errors.
    pub(crate) fn parse(&self, diags: &mut Diagnostics) -> Option<Table<'_>> {
        let (root, errors) = DeTable::parse_recoverable(&self.text);
        if !errors.is_empty() {
            for e in errors {
                let loc = self.location(e.span().map_or(0, |s| s.start));
                let msg = e.message().trim().to_string();
                diags.error(
                    codes::SYNTAX,
                    Some(loc),
                    format!("invalid TOML: {msg}"),
                    "fix the TOML syntax; see catalog/README.md for complete examples",
                );
            }
            return None;
        }
        let span = root.span();
        Some(Table {
            file: self,
            entries: Cow::Owned(root.into_inner()),
            span,
            what: "file",
        })
    }
}

/// A TOML table being read as one kind of record (`what`, e.g. "procedure").
pub struct Table<'f> {
    file: &'f SourceFile,
    entries: Cow<'f, DeTable<'f>>,
    span: Range<usize>,
    what: &'static str,
}

/// A raw value with its position, for callers that need to inspect it.
pub type RawValue<'f> = Spanned<DeValue<'f>>;

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

impl<'f> Table<'f> {
    /// The file this table is in.
    pub fn file(&self) -> &'f SourceFile {
        self.file
    }

    /// Location of the table itself (its header or opening brace).
    pub fn location(&self) -> SourceLocation {
        self.file.location(self.span.start)
    }

    /// The kind of record this table is read as, used in messages.
    pub fn what(&self) -> &'static str {
        self.what
    }

    /// Reports every key not in `allowed` as unknown, suggesting the closest allowed key.
    pub fn check_keys(&self, allowed: &[&str], diags: &mut Diagnostics) {
        for (k, _) in self.entries.iter() {
            let key: &str = k.get_ref();
            if allowed.contains(&key) {
                continue;
            }
            let help = match closest(key, allowed) {
                Some(s) => format!(
                    "did you mean `{s}`? A {} has: {}",
                    self.what,
                    allowed.join(", ")
                ),
                None => format!("a {} has: {}", self.what, allowed.join(", ")),
            };
            diags.error(
                codes::UNKNOWN_KEY,
                Some(self.file.location(k.span().start)),
                format!("unknown key `{key}` in {}", self.what),
                help,
            );
        }
    }

    /// The keys of the table, in file order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| {
            let s: &str = k.get_ref();
            s
        })
    }

    /// The raw value of `key`, if present.
    pub fn raw(&self, key: &str) -> Option<&RawValue<'f>> {
        self.entries
            .iter()
            .find(|(k, _)| {
                let s: &str = k.get_ref();
                s == key
            })
            .map(|(_, v)| v)
    }

    /// Whether the table has `key`.
    pub fn has(&self, key: &str) -> bool {
        self.raw(key).is_some()
    }

    /// Location of the value of `key`, or of the table when `key` is absent.
    pub fn loc(&self, key: &str) -> SourceLocation {
        self.raw(key)
            .map_or_else(|| self.location(), |v| self.file.location(v.span().start))
    }

    /// Location of a byte span in this table's file.
    pub fn loc_of(&self, v: &RawValue<'_>) -> SourceLocation {
        self.file.location(v.span().start)
    }

    fn missing(&self, key: &str, expected: &str, diags: &mut Diagnostics) {
        diags.error(
            codes::MISSING_KEY,
            Some(self.location()),
            format!("{} is missing required key `{key}`", self.what),
            format!("add `{key} = …` ({expected})"),
        );
    }

    /// Reports that `v` (the value of `key`) has the wrong type.
    pub fn wrong_type(&self, key: &str, v: &RawValue<'_>, expected: &str, diags: &mut Diagnostics) {
        diags.error(
            codes::WRONG_TYPE,
            Some(self.loc_of(v)),
            format!(
                "`{key}` in {} is {}, expected {expected}",
                self.what,
                type_name(v.get_ref())
            ),
            format!("write `{key}` as {expected}"),
        );
    }

    /// Reports an invalid value at `key`.
    pub fn invalid(
        &self,
        key: &str,
        message: impl Into<String>,
        help: impl Into<String>,
        diags: &mut Diagnostics,
    ) {
        diags.error(codes::INVALID_VALUE, Some(self.loc(key)), message, help);
    }

    /// The string at `key`, if present; a value of another type is reported.
    pub fn opt_str(&self, key: &str, diags: &mut Diagnostics) -> Option<String> {
        let v = self.raw(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                self.wrong_type(key, v, "a string", diags);
                None
            }
        }
    }

    /// The string at `key`; a missing key or another type is reported.
    pub fn req_str(&self, key: &str, diags: &mut Diagnostics) -> Option<String> {
        if !self.has(key) {
            self.missing(key, "a string", diags);
            return None;
        }
        self.opt_str(key, diags)
    }

    /// A non-empty string.
    pub fn req_text(&self, key: &str, diags: &mut Diagnostics) -> Option<String> {
        let s = self.req_str(key, diags)?;
        if s.trim().is_empty() {
            self.invalid(
                key,
                format!("`{key}` in {} is empty", self.what),
                "give a non-empty value",
                diags,
            );
            return None;
        }
        Some(s)
    }

    /// The boolean at `key`, if present; a value of another type is reported.
    pub fn opt_bool(&self, key: &str, diags: &mut Diagnostics) -> Option<bool> {
        let v = self.raw(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(key, v, "true or false", diags);
                None
            }
        }
    }

    /// The integer at `key`, if present; a value of another type is reported.
    pub fn opt_int(&self, key: &str, diags: &mut Diagnostics) -> Option<i64> {
        let v = self.raw(key)?;
        match v.get_ref() {
            DeValue::Integer(i) => {
                match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
                    Ok(n) => Some(n),
                    Err(_) => {
                        self.invalid(
                            key,
                            format!("`{key}` is out of range"),
                            "use a smaller integer",
                            diags,
                        );
                        None
                    }
                }
            }
            _ => {
                self.wrong_type(key, v, "an integer", diags);
                None
            }
        }
    }

    /// The integer at `key`; a missing key or another type is reported.
    pub fn req_int(&self, key: &str, diags: &mut Diagnostics) -> Option<i64> {
        if !self.has(key) {
            self.missing(key, "an integer", diags);
            return None;
        }
        self.opt_int(key, diags)
    }

    /// A non-negative integer no larger than `max`.
    pub fn opt_uint(&self, key: &str, max: i64, diags: &mut Diagnostics) -> Option<i64> {
        let n = self.opt_int(key, diags)?;
        if !(0..=max).contains(&n) {
            self.invalid(
                key,
                format!("`{key}` = {n} is out of range"),
                format!("use a whole number from 0 to {max}"),
                diags,
            );
            return None;
        }
        Some(n)
    }

    /// A date, written either as a TOML date literal (`2025-07-01`) or a
    /// string (`"2025-07-01"`).
    pub fn opt_date(&self, key: &str, diags: &mut Diagnostics) -> Option<Date> {
        let v = self.raw(key)?;
        self.date_value(key, v, diags)
    }

    /// The date at `key`; a missing key or a value that is not a date is reported.
    pub fn req_date(&self, key: &str, diags: &mut Diagnostics) -> Option<Date> {
        if !self.has(key) {
            self.missing(key, "a date, YYYY-MM-DD", diags);
            return None;
        }
        self.opt_date(key, diags)
    }

    /// Reads one date value (used for arrays of dates too).
    pub fn date_value(&self, key: &str, v: &RawValue<'_>, diags: &mut Diagnostics) -> Option<Date> {
        let text = match v.get_ref() {
            DeValue::String(s) => s.to_string(),
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.to_string(),
            _ => {
                self.wrong_type(key, v, "a date, YYYY-MM-DD", diags);
                return None;
            }
        };
        match text.parse::<Date>() {
            Ok(d) => Some(d),
            Err(e) => {
                diags.error(
                    codes::INVALID_DATE,
                    Some(self.loc_of(v)),
                    format!("`{key}`: {e}"),
                    "write a real calendar date as YYYY-MM-DD",
                );
                None
            }
        }
    }

    /// An array of strings; a single string is accepted as a one-element list.
    pub fn opt_str_list(
        &self,
        key: &str,
        diags: &mut Diagnostics,
    ) -> Option<Vec<(String, SourceLocation)>> {
        let v = self.raw(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(vec![(s.to_string(), self.loc_of(v))]),
            DeValue::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => out.push((s.to_string(), self.loc_of(item))),
                        _ => self.wrong_type(key, item, "a string (in an array of strings)", diags),
                    }
                }
                Some(out)
            }
            _ => {
                self.wrong_type(key, v, "an array of strings", diags);
                None
            }
        }
    }

    /// A sub-table (`[x.key]` or an inline table), read as `what`.
    pub fn opt_table(
        &self,
        key: &str,
        what: &'static str,
        diags: &mut Diagnostics,
    ) -> Option<Table<'_>> {
        let v = self.raw(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some(Table {
                file: self.file,
                entries: Cow::Borrowed(t),
                span: v.span(),
                what,
            }),
            _ => {
                self.wrong_type(key, v, &format!("a table ({what})"), diags);
                None
            }
        }
    }

    /// An array of tables (`[[key]]` or `key = [{…}, …]`), each read as `what`.
    /// A missing key is an empty list.
    pub fn tables(&self, key: &str, what: &'static str, diags: &mut Diagnostics) -> Vec<Table<'_>> {
        let Some(v) = self.raw(key) else {
            return Vec::new();
        };
        match v.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| match item.get_ref() {
                    DeValue::Table(t) => Some(Table {
                        file: self.file,
                        entries: Cow::Borrowed(t),
                        span: item.span(),
                        what,
                    }),
                    _ => {
                        self.wrong_type(key, item, &format!("a table ({what})"), diags);
                        None
                    }
                })
                .collect(),
            DeValue::Table(t) => vec![Table {
                file: self.file,
                entries: Cow::Borrowed(t),
                span: v.span(),
                what,
            }],
            _ => {
                self.wrong_type(key, v, &format!("an array of tables ([[{key}]])"), diags);
                Vec::new()
            }
        }
    }

    /// A required string that must be one of `allowed`.
    pub fn req_enum(
        &self,
        key: &str,
        allowed: &[&'static str],
        diags: &mut Diagnostics,
    ) -> Option<&'static str> {
        if !self.has(key) {
            self.missing(key, "a string", diags);
            return None;
        }
        self.opt_enum(key, allowed, diags)
    }

    /// A required non-negative integer no larger than `max`.
    pub fn req_uint(&self, key: &str, max: i64, diags: &mut Diagnostics) -> Option<i64> {
        if !self.has(key) {
            self.missing(key, "an integer", diags);
            return None;
        }
        self.opt_uint(key, max, diags)
    }

    /// Reads a string that must be one of `allowed`.
    pub fn opt_enum(
        &self,
        key: &str,
        allowed: &[&'static str],
        diags: &mut Diagnostics,
    ) -> Option<&'static str> {
        let s = self.opt_str(key, diags)?;
        match allowed.iter().find(|a| **a == s) {
            Some(a) => Some(a),
            None => {
                let help = match closest(&s, allowed) {
                    Some(c) => format!("did you mean `{c}`? Allowed: {}", allowed.join(", ")),
                    None => format!("allowed: {}", allowed.join(", ")),
                };
                self.invalid(
                    key,
                    format!("`{key}` = \"{s}\" is not a known value"),
                    help,
                    diags,
                );
                None
            }
        }
    }
}

/// The allowed word nearest to `word` by edit distance, if it is close enough
/// to be a plausible typo.
///
/// Words whose lengths differ by more than the distance allowed are not
/// compared (the distance is at least that difference), so a huge `word`
/// costs one pass over it, not one edit-distance table per allowed word.
pub fn closest<'a>(word: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let len = word.chars().count();
    allowed
        .iter()
        .map(|a| (a.chars().count(), *a))
        .filter(|(n, _)| len.abs_diff(*n) <= 2.max(n / 3))
        .map(|(n, a)| (edit_distance(word, a), n, a))
        .filter(|(d, n, _)| *d <= 2.max(n / 3))
        .map(|(d, _, a)| (d, a))
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_count_characters_not_bytes() {
        let f = SourceFile::new("a.toml", "x = 1\nname = \"Đăng ký\" y\n");
        let mut d = Diagnostics::new();
        assert!(f.parse(&mut d).is_none());
        let first = d.iter().next().and_then(|d| d.location.clone());
        // `y` is the 18th character of line 2 (the 21st byte: Đ, ă and ý take two bytes each).
        assert_eq!(first.map(|l| (l.line, l.column)), Some((2, 18)));
    }

    #[test]
    fn reports_unknown_keys_and_types_together() {
        let f = SourceFile::new("b.toml", "nmae = \"x\"\nvalid_from = 5\n");
        let mut d = Diagnostics::new();
        let Some(t) = f.parse(&mut d) else {
            unreachable!("valid TOML")
        };
        t.check_keys(&["name", "valid_from"], &mut d);
        assert!(t.req_str("name", &mut d).is_none());
        assert!(t.opt_date("valid_from", &mut d).is_none());
        let got: Vec<_> = d.iter().map(|x| x.code).collect();
        assert_eq!(
            got,
            vec![codes::UNKNOWN_KEY, codes::MISSING_KEY, codes::WRONG_TYPE]
        );
        assert!(d
            .iter()
            .next()
            .is_some_and(|x| x.help.contains("did you mean `name`")));
    }
}
