//! The precomputed working-day index: constant-time rank and select.
//!
//! A deadline engine asks "which day is N working days after D" and "how many
//! working days lie between A and B" for every dossier, often across an FFI
//! boundary in a tight loop. Walking day by day (as python-holidays does)
//! costs one holiday lookup per calendar day; here each question is two or
//! three array reads:
//!
//! - a bitset with one bit per day (1 = working day),
//! - the number of working days before each 64-day word (rank in O(1)),
//! - the position of every working day (select in O(1)).
//!
//! For the 88 years the default catalogue covers this is about 4 kB of bits,
//! 2 kB of word ranks and 90 kB of positions per calendar.

/// Working-day bitset over `len` consecutive days, numbered from 0.
#[derive(Debug, Clone, Default)]
pub(crate) struct DayIndex {
    len: u32,
    words: Box<[u64]>,
    /// `word_rank[w]` = working days in words `0..w`.
    word_rank: Box<[u32]>,
    /// `positions[k]` = day number of the (k+1)-th working day.
    positions: Box<[u32]>,
}

impl DayIndex {
    /// Builds the index from one flag per day.
    pub(crate) fn new(working: &[bool]) -> DayIndex {
        let len = u32::try_from(working.len()).unwrap_or(u32::MAX);
        let mut words = vec![0u64; working.len().div_ceil(64)];
        let mut positions = Vec::with_capacity(working.len());
        for (i, _) in working.iter().enumerate().filter(|(_, w)| **w) {
            if let Some(word) = words.get_mut(i / 64) {
                *word |= 1u64 << (i % 64);
            }
            positions.push(i as u32);
        }
        let mut word_rank = Vec::with_capacity(words.len());
        let mut acc = 0u32;
        for w in &words {
            word_rank.push(acc);
            acc += w.count_ones();
        }
        DayIndex {
            len,
            words: words.into(),
            word_rank: word_rank.into(),
            positions: positions.into(),
        }
    }

    /// Number of days covered.
    pub(crate) fn len(&self) -> u32 {
        self.len
    }

    /// Whether day `i` (< len) is a working day; false outside.
    #[inline]
    pub(crate) fn is_working(&self, i: u32) -> bool {
        self.words
            .get((i / 64) as usize)
            .is_some_and(|w| w >> (i % 64) & 1 == 1)
    }

    /// Number of working days among days `0..=i`.
    #[inline]
    pub(crate) fn rank_le(&self, i: u32) -> u32 {
        let w = (i / 64) as usize;
        let (Some(word), Some(before)) = (self.words.get(w), self.word_rank.get(w)) else {
            return self.total();
        };
        let mask = u64::MAX >> (63 - i % 64);
        before + (word & mask).count_ones()
    }

    /// The day number of the `k`-th working day (1-based), if there is one.
    #[inline]
    pub(crate) fn select(&self, k: i64) -> Option<u32> {
        let k = usize::try_from(k.checked_sub(1)?).ok()?;
        self.positions.get(k).copied()
    }

    /// Total number of working days.
    pub(crate) fn total(&self) -> u32 {
        self.positions.len() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rank_and_select_agree_with_counting() {
        // An irregular pattern crossing several word boundaries.
        let flags: Vec<bool> = (0..300).map(|i| i % 7 < 5 && i % 13 != 0).collect();
        let idx = DayIndex::new(&flags);
        let mut count = 0u32;
        for (i, &f) in flags.iter().enumerate() {
            count += u32::from(f);
            assert_eq!(idx.is_working(i as u32), f, "day {i}");
            assert_eq!(idx.rank_le(i as u32), count, "day {i}");
            if f {
                assert_eq!(idx.select(i64::from(count)), Some(i as u32));
            }
        }
        assert_eq!(idx.select(0), None);
        assert_eq!(idx.select(i64::from(count) + 1), None);
        assert!(!idx.is_working(300));
    }
}
