//! Inference-time weight table: quantised rows of `N` weights in an open-addressing table
//! keyed by feature hash.

/// Stable fingerprint of a feature hash, never 0 (0 marks empty table slots).
#[inline]
pub fn fingerprint(h: u64) -> u64 {
    if h == 0 { 1 } else { h }
}

#[derive(Clone, Copy)]
struct Slot<const N: usize> {
    key: u64,
    w: [i16; N],
}

/// Linear-probing table; key 0 marks an empty slot. A bitmap of about 8 bits per feature,
/// small enough to stay in L2, answers most lookups of absent features (rare bigrams) without
/// touching the slots, which live in main memory.
#[derive(Clone)]
pub struct Table<const N: usize> {
    slots: Vec<Slot<N>>,
    mask: usize,
    len: usize,
    filter: Vec<u64>,
    fmask: usize,
}

impl<const N: usize> Default for Table<N> {
    fn default() -> Self {
        Table::with_entries(&[])
    }
}

impl<const N: usize> Table<N> {
    /// Builds a table from `(feature hash, row)` pairs; rows of the same key are summed.
    pub fn with_entries(entries: &[(u64, [i16; N])]) -> Table<N> {
        let cap = (entries.len() * 4 / 3 + 2).next_power_of_two().max(16);
        let bits = (entries.len() * 8).next_power_of_two().max(64);
        let mut t = Table {
            slots: vec![Slot { key: 0, w: [0; N] }; cap],
            mask: cap - 1,
            len: 0,
            filter: vec![0; bits / 64],
            fmask: bits - 1,
        };
        for &(k, w) in entries {
            let key = fingerprint(k);
            let b = filter_bit(key, t.fmask);
            if let Some(x) = t.filter.get_mut(b / 64) {
                *x |= 1 << (b % 64);
            }
            t.insert(key, w);
        }
        t
    }

    fn insert(&mut self, key: u64, w: [i16; N]) {
        let mut i = key as usize & self.mask;
        loop {
            let Some(s) = self.slots.get_mut(i) else {
                return;
            };
            if s.key == 0 {
                *s = Slot { key, w };
                self.len += 1;
                return;
            }
            if s.key == key {
                for (a, b) in s.w.iter_mut().zip(w) {
                    *a = a.saturating_add(b);
                }
                return;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The row of a feature hash, if the feature has weights.
    #[inline]
    pub fn get(&self, h: u64) -> Option<&[i16; N]> {
        let key = fingerprint(h);
        let b = filter_bit(key, self.fmask);
        if self
            .filter
            .get(b / 64)
            .is_none_or(|x| x & (1 << (b % 64)) == 0)
        {
            return None;
        }
        let mut i = key as usize & self.mask;
        loop {
            let s = self.slots.get(i)?;
            if s.key == key {
                return Some(&s.w);
            }
            if s.key == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Adds the rows of `feats` into `acc`.
    #[inline]
    pub fn add_into(&self, feats: &[u64], acc: &mut [i32; N]) {
        for &f in feats {
            if let Some(w) = self.get(f) {
                for (a, &b) in acc.iter_mut().zip(w) {
                    *a += i32::from(b);
                }
            }
        }
    }

    /// Number of features with weights.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when no feature has weights.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// All `(fingerprint, row)` pairs, sorted by key (the order the model files store).
    pub fn entries(&self) -> Vec<(u64, [i16; N])> {
        let mut v: Vec<(u64, [i16; N])> = self
            .slots
            .iter()
            .filter(|s| s.key != 0)
            .map(|s| (s.key, s.w))
            .collect();
        v.sort_unstable_by_key(|e| e.0);
        v
    }
}

/// Filter bit of a key: high bits, independent of the low bits that pick the slot.
#[inline]
fn filter_bit(key: u64, fmask: usize) -> usize {
    (key >> 40) as usize & fmask
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::mix;

    #[test]
    fn finds_every_entry_and_rejects_others() {
        let rows: Vec<(u64, [i16; 3])> =
            (1..2000u64).map(|k| (mix(k), [k as i16, -1, 2])).collect();
        let t = Table::with_entries(&rows);
        assert_eq!(t.len(), rows.len());
        for (k, r) in &rows {
            assert_eq!(t.get(*k), Some(r));
        }
        assert!((5000..6000u64).all(|k| t.get(mix(k)).is_none()));
        let mut acc = [0i32; 3];
        t.add_into(&[mix(1), mix(2), mix(99_999)], &mut acc);
        assert_eq!(acc, [3, -2, 4]);
        assert_eq!(t.entries().len(), rows.len());
    }

    #[test]
    fn zero_key_and_duplicates() {
        let t = Table::with_entries(&[(0, [1i16, 1]), (1, [2, 2]), (5, [1, 0]), (5, [1, 3])]);
        // Key 0 shares the fingerprint of key 1: both rows are summed.
        assert_eq!(t.get(0), Some(&[3, 3]));
        assert_eq!(t.get(5), Some(&[2, 3]));
        assert!(Table::<4>::default().is_empty());
    }
}
