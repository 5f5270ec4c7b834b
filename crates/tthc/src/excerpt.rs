//! How error messages quote what they were given: a short prefix, never the
//! whole input. A host may pass anything (a 15 MB procedure id, a megabyte
//! CSV cell); a message that repeated it would cost as much memory again,
//! flood a log, and hide the words that say what is wrong.

use std::borrow::Cow;

/// The most bytes of one input value a message repeats.
pub const MAX_QUOTED_BYTES: usize = 64;

/// The most consecutive bytes of its input any message repeats, whatever
/// the input: [`clip_quoted`] keeps at most this many from a message's
/// start (and a short tail, for serde's "at line L column C").
pub const MAX_ECHO_BYTES: usize = 256;

/// The tail of a long message that [`clip_quoted`] keeps.
const TAIL_BYTES: usize = 96;

/// `s` as a message quotes it: whole when short, else its first
/// [`MAX_QUOTED_BYTES`] bytes (cut at a character boundary) and `…`.
///
/// ```
/// use tthc::excerpt::excerpt;
/// assert_eq!(excerpt("ho-tich.khai-sinh"), "ho-tich.khai-sinh");
/// assert_eq!(excerpt(&"x".repeat(1000)), format!("{}…", "x".repeat(64)));
/// ```
pub fn excerpt(s: &str) -> Cow<'_, str> {
    if s.len() <= MAX_QUOTED_BYTES {
        return Cow::Borrowed(s);
    }
    let mut end = MAX_QUOTED_BYTES;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    Cow::Owned(format!("{}…", &s[..end]))
}

/// The longest path a message shows whole: Linux opens no longer path, so
/// a longer one is a mistake, shown by its [`excerpt`].
pub const MAX_PATH_BYTES: usize = 4096;

/// A path as a message shows it: whole (a file must be named to be found)
/// up to [`MAX_PATH_BYTES`], else its excerpt.
pub fn path(p: &str) -> Cow<'_, str> {
    if p.len() <= MAX_PATH_BYTES {
        Cow::Borrowed(p)
    } else {
        excerpt(p)
    }
}

/// A message written by another library (serde_json, toml) with every
/// quoted value — between backticks, or double quotes — shortened by
/// [`excerpt`]: serde quotes an unknown field, variant or string whole.
/// A value may hold quotes itself (serde does not escape a backtick), so
/// the result is then cut to [`MAX_ECHO_BYTES`] and its last bytes.
pub fn clip_quoted(message: &str) -> Cow<'_, str> {
    if message.len() <= 2 * MAX_QUOTED_BYTES {
        return Cow::Borrowed(message);
    }
    match clip_values(message) {
        Cow::Borrowed(m) => cap(m),
        Cow::Owned(m) => Cow::Owned(cap(&m).into_owned()),
    }
}

/// `message` cut to its first [`MAX_ECHO_BYTES`] and last [`TAIL_BYTES`]
/// bytes, at character boundaries, when it is longer.
fn cap(message: &str) -> Cow<'_, str> {
    if message.len() <= MAX_ECHO_BYTES + TAIL_BYTES + 3 {
        return Cow::Borrowed(message);
    }
    let mut head = MAX_ECHO_BYTES;
    while !message.is_char_boundary(head) {
        head -= 1;
    }
    let mut tail = message.len() - TAIL_BYTES;
    while !message.is_char_boundary(tail) {
        tail += 1;
    }
    Cow::Owned(format!("{}…{}", &message[..head], &message[tail..]))
}

/// [`clip_quoted`] without the final cut.
fn clip_values(message: &str) -> Cow<'_, str> {
    let mut out = String::with_capacity(4 * MAX_QUOTED_BYTES);
    let mut rest = message;
    while let Some(open) = rest.find(['`', '"']) {
        let quote = &rest[open..=open];
        let (before, after) = rest.split_at(open + 1);
        out.push_str(before);
        let close = closing(after, quote);
        let Some(close) = close else {
            // An unclosed quote: the rest is one quoted value.
            out.push_str(&excerpt(after));
            return Cow::Owned(out);
        };
        out.push_str(&excerpt(&after[..close]));
        out.push_str(quote);
        rest = &after[close + 1..];
    }
    out.push_str(&excerpt_if_long(rest));
    Cow::Owned(out)
}

/// Where `text` closes a value opened by `quote` (a double quote may be
/// escaped inside it, as serde's debug quoting does).
fn closing(text: &str, quote: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            '\\' if quote == "\"" && !escaped => escaped = true,
            c if c.to_string() == quote && !escaped => return Some(i),
            _ => escaped = false,
        }
    }
    None
}

/// Text outside quotes is the library's own words, short unless it repeats
/// input unquoted (e.g. a TOML parser showing a line): that is cut too.
fn excerpt_if_long(text: &str) -> Cow<'_, str> {
    if text.len() <= 4 * MAX_QUOTED_BYTES {
        Cow::Borrowed(text)
    } else {
        excerpt(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_value_is_cut_at_a_character_boundary() {
        let s = "đ".repeat(100);
        let e = excerpt(&s);
        assert!(e.len() <= MAX_QUOTED_BYTES + "…".len());
        assert!(e.ends_with('…'));
        assert!(s.starts_with(e.trim_end_matches('…')));
        assert_eq!(excerpt("short"), "short");
    }

    #[test]
    fn serde_messages_keep_their_words_and_lose_the_long_values() {
        let id = "x".repeat(10_000);
        let msg = format!(
            "unknown variant `{id}`, expected one of `national-portal`, `in-person` at line 1 column 10020"
        );
        let clipped = clip_quoted(&msg);
        assert!(clipped.len() < 300, "{clipped}");
        assert!(clipped.starts_with("unknown variant `xxxx"));
        assert!(clipped.ends_with(
            "…`, expected one of `national-portal`, `in-person` at line 1 column 10020"
        ));
        let msg = format!("invalid type: string \"{}\\\"{id}\", expected u8", "a");
        let clipped = clip_quoted(&msg);
        assert!(
            clipped.len() < 300 && clipped.ends_with("\", expected u8"),
            "{clipped}"
        );
        let open = format!("unterminated `{id}");
        assert!(clip_quoted(&open).len() < 300);
        // Found by the case_json fuzz target: a field name full of backticks.
        let key = "known field `chancase: unknown field `proc".repeat(20);
        let msg =
            format!("unknown field `{key}`, expected one of `procedure` at line 1 column 900");
        let clipped = clip_quoted(&msg);
        assert!(
            clipped.len() <= MAX_ECHO_BYTES + TAIL_BYTES + 3,
            "{clipped}"
        );
        assert!(clipped.ends_with("at line 1 column 900"), "{clipped}");
        assert_eq!(
            clip_quoted("missing field `channel`"),
            "missing field `channel`"
        );
    }
}
