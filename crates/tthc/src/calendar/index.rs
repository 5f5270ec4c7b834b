//! The precomputed working-day index: constant-time rank and select.
//!
//! A deadline engine asks "which day is N working days after D" and "how many
//! working days lie between A and B" for every dossier, often across an FFI
//! boundary in a tight loop. Walking day by day (as python-holidays does)
//! costs one holiday lookup per calendar day; here each question is two or
//! three array reads:
//!
//! - one byte per day: bit 0 = working day, bits 1–7 = working days from the
//!   start of its 64-day block up to and including it (at most 64),
//! - the number of working days before each 64-day block (with the byte,
//!   rank in O(1)),
//! - the position of every working day (select in O(1)).
//!
//! The byte replaces a bitset (one bit per day) whose rank needed a popcount
//! of the masked word: without the POPCNT instruction (not in the baseline
//! x86-64 the library is built for) that was a chain of a dozen dependent
//! instructions in every `add_working_days` and `working_days_between`.
//!
//! For the 88 years the default catalogue covers this is about 32 kB of day
//! bytes, 2 kB of block ranks and 90 kB of positions per calendar.

/// Days per block of `block_rank`.
const BLOCK: u32 = 64;

/// Working-day index over consecutive days, numbered from 0.
#[derive(Debug, Clone, Default)]
pub(crate) struct DayIndex {
    /// `days[i]` = working days in `i`'s block up to and including `i`,
    /// shifted left by one, with bit 0 set when `i` is a working day.
    days: Box<[u8]>,
    /// `block_rank[b]` = working days in blocks `0..b`.
    block_rank: Box<[u32]>,
    /// `positions[k]` = day number of the (k+1)-th working day.
    positions: Box<[u32]>,
}

impl DayIndex {
    /// Builds the index from one flag per day.
    pub(crate) fn new(working: &[bool]) -> DayIndex {
        let mut days = Vec::with_capacity(working.len());
        let mut block_rank = Vec::with_capacity(working.len().div_ceil(BLOCK as usize));
        let mut positions = Vec::with_capacity(working.len());
        let mut in_block = 0u8;
        for (i, &w) in working.iter().enumerate() {
            if i % BLOCK as usize == 0 {
                block_rank.push(positions.len() as u32);
                in_block = 0;
            }
            if w {
                in_block += 1;
                positions.push(i as u32);
            }
            days.push(in_block << 1 | u8::from(w));
        }
        DayIndex {
            days: days.into(),
            block_rank: block_rank.into(),
            positions: positions.into(),
        }
    }

    /// Whether day `i` is covered.
    #[inline]
    pub(crate) fn covers(&self, i: u32) -> bool {
        (i as usize) < self.days.len()
    }

    /// Whether day `i` is a working day; false outside.
    #[inline]
    pub(crate) fn is_working(&self, i: u32) -> bool {
        self.days.get(i as usize).is_some_and(|b| b & 1 == 1)
    }

    /// Number of working days among days `0..=i`.
    #[inline]
    pub(crate) fn rank_le(&self, i: u32) -> u32 {
        let (Some(day), Some(before)) = (
            self.days.get(i as usize),
            self.block_rank.get((i / BLOCK) as usize),
        ) else {
            return self.total();
        };
        before + u32::from(day >> 1)
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
        // An irregular pattern crossing several block boundaries, and blocks
        // where every day works (the largest count a day's byte holds).
        let patterns: [Vec<bool>; 3] = [
            (0..300).map(|i| i % 7 < 5 && i % 13 != 0).collect(),
            vec![true; 200],
            (0..130).map(|i| i >= 64).collect(),
        ];
        for flags in patterns {
            let idx = DayIndex::new(&flags);
            let n = flags.len() as u32;
            let mut count = 0u32;
            for (i, &f) in flags.iter().enumerate() {
                count += u32::from(f);
                assert!(idx.covers(i as u32));
                assert_eq!(idx.is_working(i as u32), f, "day {i}");
                assert_eq!(idx.rank_le(i as u32), count, "day {i}");
                if f {
                    assert_eq!(idx.select(i64::from(count)), Some(i as u32));
                }
            }
            assert_eq!(idx.total(), count);
            assert_eq!(idx.select(0), None);
            assert_eq!(idx.select(i64::from(count) + 1), None);
            assert!(!idx.covers(n));
            assert!(!idx.is_working(n));
            assert_eq!(idx.rank_le(n), count);
        }
    }
}
