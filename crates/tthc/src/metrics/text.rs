//! Text from a record: bytes checked to be UTF-8 once.
//!
//! Text stays bytes from the reader to the running totals. It is checked to
//! be UTF-8 once, when the record is read (the CSV reader checks only the
//! fields that are not ASCII); making it a `str` would check it again, all
//! of it, and `std::str::from_utf8` slows down at every accented letter
//! (about 45 ns for a 25-byte Vietnamese agency name, 65 ns for a whole
//! synthetic record). The hot path does not need a `str`: values are
//! matched, hashed and compared as bytes, and turned into `str` only where a
//! name is shown or looked up in the catalogue.
//!
//! The check is a hand-written automaton rather than the `simdutf8` crate:
//! simdutf8 hands inputs under 64 bytes to `core::str::from_utf8`, and
//! record fields are 10–40 bytes. Measured in one session on the metrics
//! workload (200,000 made-up rows, `benches/metrics.rs` shape), simdutf8
//! took 18 % more instructions per record through the whole run
//! (callgrind: 6,767 against 5,719).

use std::borrow::Cow;

/// Text from a record: bytes known to be UTF-8, since a `Text` is made only
/// from a `str`, by [`Text::new`], which checks them, or by the CSV reader,
/// which checks a record field by field as it splits it.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Text<'a>(&'a [u8]);

impl<'a> Text<'a> {
    /// `bytes` as text, when they are UTF-8.
    #[inline]
    pub fn new(bytes: &'a [u8]) -> Option<Text<'a>> {
        is_utf8(bytes).then_some(Text(bytes))
    }

    /// A field the CSV reader has checked (`csv::split`).
    #[inline]
    pub(super) fn checked(bytes: &'a [u8]) -> Text<'a> {
        Text(bytes)
    }

    /// The bytes (valid UTF-8).
    pub fn as_bytes(self) -> &'a [u8] {
        self.0
    }

    /// Whether the text is empty.
    pub fn is_empty(self) -> bool {
        self.0.is_empty()
    }

    /// The text as a `str`: borrowed, as the bytes are UTF-8 (the check is
    /// made again here, off the hot path; it cannot find a bad byte, and
    /// would show one as U+FFFD rather than fail).
    pub fn to_str(self) -> Cow<'a, str> {
        String::from_utf8_lossy(self.0)
    }
}

impl<'a> From<&'a str> for Text<'a> {
    fn from(s: &'a str) -> Text<'a> {
        Text(s.as_bytes())
    }
}

impl std::fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_str())
    }
}

impl std::fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.to_str(), f)
    }
}

// UTF-8 as a shift-based automaton (Per Vognsen's construction): a state is a
// bit offset into a row of `UTF8_ROWS`, and `UTF8_ROWS[byte] >> state & 63`
// is the next state, so a byte costs a shift whatever it is. A
// check that branches on each byte instead mispredicts at every accented
// letter of a Vietnamese name, and spends most of its time there.
const ACCEPT: u32 = 0;
const REJECT: u32 = 6;
/// One continuation byte (80–BF) to go.
const TAIL1: u32 = 12;
/// Two continuation bytes to go.
const TAIL2: u32 = 18;
/// After E0: A0–BF (no overlong form), then one.
const AFTER_E0: u32 = 24;
/// After ED: 80–9F (no surrogate), then one.
const AFTER_ED: u32 = 30;
/// After F0: 90–BF (no overlong form), then two.
const AFTER_F0: u32 = 36;
/// After F1–F3: 80–BF, then two.
const AFTER_F1: u32 = 42;
/// After F4: 80–8F (nothing past U+10FFFF), then two.
const AFTER_F4: u32 = 48;

/// The next state: the well-formed byte sequences of Unicode Table 3-7.
const fn utf8_next(state: u32, b: u8) -> u32 {
    let (lo, hi, then) = match state {
        ACCEPT => {
            return match b {
                0x00..=0x7F => ACCEPT,
                0xC2..=0xDF => TAIL1,
                0xE0 => AFTER_E0,
                0xE1..=0xEC | 0xEE..=0xEF => TAIL2,
                0xED => AFTER_ED,
                0xF0 => AFTER_F0,
                0xF1..=0xF3 => AFTER_F1,
                0xF4 => AFTER_F4,
                _ => REJECT,
            }
        }
        TAIL1 => (0x80, 0xBF, ACCEPT),
        TAIL2 => (0x80, 0xBF, TAIL1),
        AFTER_E0 => (0xA0, 0xBF, TAIL1),
        AFTER_ED => (0x80, 0x9F, TAIL1),
        AFTER_F0 => (0x90, 0xBF, TAIL2),
        AFTER_F1 => (0x80, 0xBF, TAIL2),
        AFTER_F4 => (0x80, 0x8F, TAIL2),
        _ => return REJECT,
    };
    if lo <= b && b <= hi {
        then
    } else {
        REJECT
    }
}

/// For each byte, the next state from every state, at the state's offset.
const UTF8_ROWS: [u64; 256] = {
    let mut rows = [0u64; 256];
    let mut b = 0;
    while b < 256 {
        let mut state = ACCEPT;
        while state <= AFTER_F4 {
            rows[b] |= (utf8_next(state, b as u8) as u64) << state;
            state += 6;
        }
        b += 1;
    }
    rows
};

/// Whether `b` is UTF-8: the answer of `std::str::from_utf8(b).is_ok()`
/// (tested on every sequence of up to three bytes, and on the four-byte
/// boundaries). ASCII goes eight bytes at a time; from the first byte that
/// is not, sixteen bytes at a time go through the automaton.
fn is_utf8(b: &[u8]) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The state is the low six bits: the shift takes them alone, so the
    // mask is left out of the loop (one dependent instruction per byte).
    let mut state = u64::from(ACCEPT);
    let at = |state: u64| (state & 63) as u32;
    let mut i = 0;
    loop {
        if at(state) == ACCEPT {
            while let Some(word) = b.get(i..i + 8) {
                let mut w = [0u8; 8];
                w.copy_from_slice(word);
                let high = u64::from_le_bytes(w) & HIGH;
                if high != 0 {
                    i += (high.trailing_zeros() / 8) as usize;
                    break;
                }
                i += 8;
            }
        }
        let rest = b.get(i..).unwrap_or_default();
        let chunk = rest.get(..16).unwrap_or(rest);
        if chunk.is_empty() {
            return at(state) == ACCEPT;
        }
        for &x in chunk {
            state = UTF8_ROWS[usize::from(x)].wrapping_shr(state as u32);
        }
        if at(state) == REJECT {
            return false;
        }
        i += chunk.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_utf8_check_agrees_with_std_on_every_short_sequence() {
        let agree = |b: &[u8]| assert_eq!(is_utf8(b), std::str::from_utf8(b).is_ok(), "{b:x?}");
        // Every sequence of one to three bytes; behind seven ASCII bytes
        // too, so that the word-at-a-time scan meets it mid-word.
        for x in 0..=255u8 {
            agree(&[x]);
            for y in 0..=255u8 {
                agree(&[x, y]);
                agree(&[b'a', b'b', b'c', b'd', b'e', b'f', b'g', x, y]);
                if x >= 0xC0 {
                    for z in 0..=255u8 {
                        agree(&[x, y, z]);
                    }
                }
            }
        }
        // Four-byte leads with each second byte, then the edges of the
        // continuation range.
        let edges = [0x00, 0x7F, 0x80, 0xBF, 0xC0, 0xFF];
        for x in 0xF0..=0xF7u8 {
            for y in 0..=255u8 {
                for z in edges {
                    for w in edges {
                        agree(&[x, y, z, w]);
                        agree(&[b'a', x, y, z, w, b'b', b'c', b'd', b'e']);
                    }
                }
            }
        }
        // Cut anywhere, Vietnamese text stays valid only at character boundaries.
        let s = "Cấp xã – Tỉnh Hà Giang, 𝒳 ổn định, đăng ký khai sinh";
        for i in 0..=s.len() {
            agree(&s.as_bytes()[..i]);
            agree(&s.as_bytes()[i..]);
        }
    }
}
