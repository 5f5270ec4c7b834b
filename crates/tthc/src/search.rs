//! Diacritic-insensitive Vietnamese search.
//!
//! Users type "dang ky khai sinh", "ĐĂNG KÝ KHAI SINH" or paste decomposed
//! (NFD) text from another system; all must find "Đăng ký khai sinh". Text is
//! folded to lower-case ASCII letters: Unicode NFD, combining marks dropped,
//! đ → d.

use unicode_normalization::UnicodeNormalization;

/// Folds Vietnamese text for comparison: lower case, no diacritics, đ → d,
/// runs of non-alphanumeric characters collapsed to one space.
///
/// Text of Latin letters only (Vietnamese is) skips the NFD stream: each
/// letter's canonical decomposition is its base letter followed by marks in
/// U+0300–U+036F, which folding drops, and no letter in those blocks is
/// reordered by NFD, so the base letter alone gives the same text. The
/// catalogue folds every name at load, and this is a fifth of the index.
pub fn fold(text: &str) -> String {
    if text.chars().all(is_plain_latin) {
        fold_chars(text.len(), text.chars().map(base_letter))
    } else {
        fold_chars(text.len(), text.nfd())
    }
}

/// Characters whose NFD is one base letter (or themselves) followed only by
/// combining marks of U+0300–U+036F: Basic Latin to Latin Extended-B, the
/// combining diacritics themselves, and Latin Extended Additional (ạ, ế, ữ…).
fn is_plain_latin(c: char) -> bool {
    matches!(c, '\0'..='\u{024F}' | '\u{0300}'..='\u{036F}' | '\u{1E00}'..='\u{1EFF}')
}

/// The first character of `c`'s canonical decomposition: its base letter.
fn base_letter(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    let mut base = None;
    unicode_normalization::char::decompose_canonical(c, |d| {
        base.get_or_insert(d);
    });
    base.unwrap_or(c)
}

/// Folds a stream of decomposed characters (see [`fold`]).
fn fold_chars(len: usize, chars: impl Iterator<Item = char>) -> String {
    let mut out = String::with_capacity(len);
    let mut pending_space = false;
    for c in chars {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// Combining diacritical marks used by Vietnamese (tones and vowel marks)
/// and the rest of the combining blocks, which carry no letter identity.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// One searchable entry: the folded text and what it points to.
#[derive(Debug, Clone)]
struct Entry {
    key: String,
    folded: String,
}

/// An index of folded names, built once when the catalogue loads.
#[derive(Debug, Clone, Default)]
pub struct Index {
    entries: Vec<Entry>,
}

/// A search result: the record key and how well it matched (higher is better).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub key: String,
    pub score: u32,
}

impl Index {
    /// Adds `text` (a name, code or id) as a way to find `key`.
    pub fn add(&mut self, key: &str, text: &str) {
        let folded = fold(text);
        if !folded.is_empty() {
            self.entries.push(Entry {
                key: key.to_string(),
                folded,
            });
        }
    }

    /// Keys whose texts contain every word of `query`, best first: an exact
    /// match, then a whole-phrase match, then all words present; ties by key.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let q = fold(query);
        let words: Vec<&str> = q.split(' ').filter(|w| !w.is_empty()).collect();
        if words.is_empty() {
            return Vec::new();
        }
        let mut best: std::collections::BTreeMap<&str, u32> = Default::default();
        for e in &self.entries {
            let text_words: Vec<&str> = e.folded.split(' ').collect();
            if !words
                .iter()
                .all(|w| text_words.iter().any(|t| t.starts_with(w)))
            {
                continue;
            }
            let score = if e.folded == q {
                300
            } else if format!(" {} ", e.folded).contains(&format!(" {q} ")) {
                200
            } else {
                100
            } - (text_words.len().min(99) as u32);
            let s = best.entry(&e.key).or_insert(0);
            *s = (*s).max(score);
        }
        let mut hits: Vec<Hit> = best
            .into_iter()
            .map(|(k, score)| Hit {
                key: k.to_string(),
                score,
            })
            .collect();
        hits.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.key.cmp(&b.key)));
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_and_normal_forms() {
        let nfc = "Đăng ký khai sinh";
        let nfd: String = nfc.nfd().collect();
        assert_ne!(nfc, nfd);
        for input in [
            nfc,
            nfd.as_str(),
            "ĐĂNG KÝ KHAI SINH",
            "dang ky khai sinh",
            "  Đăng-ký   khai sinh!",
        ] {
            assert_eq!(fold(input), "dang ky khai sinh", "{input:?}");
        }
    }

    #[test]
    fn latin_text_folds_as_through_nfd() {
        // Every character the shortcut takes, alone and between letters,
        // folds as the NFD stream folds it.
        let latin = ('\0'..='\u{024F}')
            .chain('\u{0300}'..='\u{036F}')
            .chain('\u{1E00}'..='\u{1EFF}');
        for c in latin {
            let text = format!("a{c}b {c}");
            assert!(text.chars().all(is_plain_latin));
            assert_eq!(
                fold(&text),
                fold_chars(text.len(), text.nfd()),
                "U+{:04X}",
                c as u32
            );
        }
        assert_eq!(fold("Thủ tục số 32 — ĐĂNG KÝ"), "thu tuc so 32 dang ky");
    }

    #[test]
    fn ranks_exact_before_phrase_before_words() {
        let mut ix = Index::default();
        ix.add("a", "Đăng ký khai sinh");
        ix.add("b", "Liên thông đăng ký khai sinh, đăng ký thường trú");
        ix.add("c", "Đăng ký kết hôn");
        ix.add("d", "Khai sinh và đăng ký lại");
        let keys: Vec<_> = ix
            .search("dang ky khai sinh")
            .into_iter()
            .map(|h| h.key)
            .collect();
        assert_eq!(keys, vec!["a", "b", "d"]);
        assert!(ix.search("   ").is_empty());
    }
}
