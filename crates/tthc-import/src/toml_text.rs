//! Writing TOML by hand: the output must be byte-identical on a re-run and
//! read well in a `git diff`, so keys come in a fixed order, one per line.

use std::fmt::Write as _;

/// A TOML basic string: `"…"` with `\\`, `\"` and control characters escaped.
pub(crate) fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    // Copy the runs between characters that need escaping in one go.
    let mut from = 0;
    for (i, c) in s.char_indices() {
        let escaped = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\t' => "\\t",
            '\r' => "\\r",
            c if (c as u32) < 0x20 || c == '\u{7f}' => "",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        if escaped.is_empty() {
            let _ = write!(out, "\\u{:04X}", c as u32);
        } else {
            out.push_str(escaped);
        }
        from = i + c.len_utf8();
    }
    out.push_str(&s[from..]);
    out.push('"');
    out
}

/// Text for a `#` comment: TOML allows no control character there but tab,
/// and a line break would end the comment, so each becomes a space (a
/// sector name read with a stray carriage return broke the tree: found by
/// the `portal_records` fuzz target).
pub(crate) fn comment(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() && c != '\t' { ' ' } else { c })
        .collect()
}

/// A one-line array of strings.
pub(crate) fn list<S: AsRef<str>>(items: &[S]) -> String {
    let inner: Vec<String> = items.iter().map(|s| q(s.as_ref())).collect();
    format!("[{}]", inner.join(", "))
}

/// Appends `key = value` lines; `value` is already TOML.
pub(crate) struct Lines(pub String);

impl Lines {
    pub(crate) fn raw(&mut self, key: &str, value: impl AsRef<str>) {
        let _ = writeln!(self.0, "{key} = {}", value.as_ref());
    }

    pub(crate) fn str(&mut self, key: &str, value: &str) {
        self.raw(key, q(value));
    }

    pub(crate) fn opt_str(&mut self, key: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.str(key, v);
        }
    }

    pub(crate) fn list<S: AsRef<str>>(&mut self, key: &str, items: &[S]) {
        self.raw(key, list(items));
    }

    /// A list key written only when it has items.
    pub(crate) fn nonempty_list<S: AsRef<str>>(&mut self, key: &str, items: &[S]) {
        if !items.is_empty() {
            self.list(key, items);
        }
    }

    pub(crate) fn line(&mut self, text: &str) {
        self.0.push_str(text);
        self.0.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_text_has_no_control_character_but_tab() {
        let text = comment("Lĩnh vực\r giả\u{7f}lập\n\tx");
        assert_eq!(text, "Lĩnh vực  giả lập \tx");
        let doc = format!("# «{text}»\nkey = 1\n");
        assert!(toml::from_str::<toml::Table>(&doc).is_ok(), "{doc:?}");
    }

    #[test]
    fn strings_round_trip_through_the_toml_parser() {
        for s in [
            "Đăng ký \"thường trú\"",
            "a\\b",
            "dòng 1\ndòng 2\ttab\r",
            "\u{1}\u{7f}",
            "Hình thức nộpThời gian",
        ] {
            let doc = format!("k = {}", q(s));
            let v: toml::Table = toml::from_str(&doc).unwrap_or_default();
            assert_eq!(v.get("k").and_then(|v| v.as_str()), Some(s), "{doc}");
        }
        assert_eq!(list(&["a", "b"]), "[\"a\", \"b\"]");
    }
}
