//! Weight table for narrow rows, laid out for speed: each feature lives in one of two
//! cache-line buckets chosen by its hash (cuckoo hashing), identified by a 16-bit
//! fingerprint. A lookup reads both lines and adds every row whose fingerprint matches, with
//! no data-dependent branch, so the lookups of one decision overlap in the memory system
//! instead of queueing behind branch mispredictions. An absent feature matches a stored one
//! with probability about 2K/65,535; the weight it then adds is noise the training
//! tolerates (and the model's scores are measured with this table).

use crate::hash::mix;

/// `K` rows of `N` weights and their fingerprints in one 64-byte line (`2K + 2KN ≤ 64`).
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Bucket<const N: usize, const K: usize> {
    fp: [u16; K],
    w: [[i16; N]; K],
}

impl<const N: usize, const K: usize> Bucket<N, K> {
    const EMPTY: Self = Bucket {
        fp: [0; K],
        w: [[0; N]; K],
    };
}

/// Cuckoo-hashed weight table with `K` rows of `N` weights per cache line.
#[derive(Clone)]
pub struct BucketTable<const N: usize, const K: usize> {
    buckets: Vec<Bucket<N, K>>,
    /// Full keys of the stored rows (cold: only read to save the table).
    keys: Vec<[u64; K]>,
    mask: usize,
    len: usize,
}

impl<const N: usize, const K: usize> Default for BucketTable<N, K> {
    fn default() -> Self {
        BucketTable::with_entries(&[])
    }
}

/// Fingerprint of a hash, never 0 (0 marks an empty row).
#[inline]
fn fp16(h: u64) -> u16 {
    (h as u16) | 1
}

#[inline]
fn first(h: u64, mask: usize) -> usize {
    (h >> 16) as usize & mask
}

/// The other bucket: never the first one (when the table has two buckets or more).
#[inline]
fn second(h: u64, mask: usize) -> usize {
    let d = ((mix(h ^ 0x5BD1_E995) >> 16) as usize | 1) & mask;
    first(h, mask) ^ d
}

impl<const N: usize, const K: usize> BucketTable<N, K> {
    /// Builds the table from `(feature hash, row)` pairs (rows of the same key are summed).
    /// Deterministic: the same entries in the same order give the same table.
    pub fn with_entries(entries: &[(u64, [i16; N])]) -> Self {
        let mut nb = (entries.len() * 100 / (K * 85) + 1)
            .next_power_of_two()
            .max(2);
        loop {
            if let Some(t) = Self::try_build(entries, nb) {
                return t;
            }
            nb *= 2;
        }
    }

    fn try_build(entries: &[(u64, [i16; N])], nb: usize) -> Option<Self> {
        let mask = nb - 1;
        let mut buckets = vec![Bucket::<N, K>::EMPTY; nb];
        // Full keys of the stored rows, for moving them to their other bucket.
        let mut keys = vec![[0u64; K]; nb];
        let mut len = 0;
        'entries: for &(h, w) in entries {
            let f = fp16(h);
            // Same key already stored: sum.
            for b in [first(h, mask), second(h, mask)] {
                for k in 0..K {
                    if buckets[b].fp[k] == f && keys[b][k] == h {
                        for (a, x) in buckets[b].w[k].iter_mut().zip(w) {
                            *a = a.saturating_add(x);
                        }
                        continue 'entries;
                    }
                }
            }
            let (mut h, mut w) = (h, w);
            let mut b = first(h, mask);
            for step in 0..500usize {
                if let Some(k) = (0..K).find(|&k| buckets[b].fp[k] == 0) {
                    buckets[b].fp[k] = fp16(h);
                    buckets[b].w[k] = w;
                    keys[b][k] = h;
                    len += 1;
                    continue 'entries;
                }
                let alt = if b == first(h, mask) {
                    second(h, mask)
                } else {
                    first(h, mask)
                };
                if let Some(k) = (0..K).find(|&k| buckets[alt].fp[k] == 0) {
                    buckets[alt].fp[k] = fp16(h);
                    buckets[alt].w[k] = w;
                    keys[alt][k] = h;
                    len += 1;
                    continue 'entries;
                }
                // Both full: evict a row of `b` (chosen by the step, deterministically) and
                // move it on to its other bucket.
                let k = (step.wrapping_mul(7) ^ (h as usize)) % K;
                let (eh, ew) = (keys[b][k], buckets[b].w[k]);
                buckets[b].fp[k] = fp16(h);
                buckets[b].w[k] = w;
                keys[b][k] = h;
                h = eh;
                w = ew;
                b = if b == first(h, mask) {
                    second(h, mask)
                } else {
                    first(h, mask)
                };
            }
            return None;
        }
        // A key whose two buckets hold another row with its fingerprint would read that row as
        // well: of each such pair, drop the row of the larger key (a few per million rows).
        let mut changed = true;
        while changed {
            changed = false;
            for b in 0..nb {
                for k in 0..K {
                    let (f, h) = (buckets[b].fp[k], keys[b][k]);
                    if f == 0 {
                        continue;
                    }
                    for c in [first(h, mask), second(h, mask)] {
                        for j in 0..K {
                            if (c != b || j != k) && buckets[c].fp[j] == f {
                                let (db, dk) = if keys[c][j] > h { (c, j) } else { (b, k) };
                                buckets[db].fp[dk] = 0;
                                buckets[db].w[dk] = [0; N];
                                len -= 1;
                                changed = true;
                            }
                        }
                    }
                }
            }
        }
        Some(BucketTable {
            buckets,
            keys,
            mask,
            len,
        })
    }

    /// Adds the row of feature `h` into `acc` (nothing when absent).
    #[inline]
    pub fn add(&self, h: u64, acc: &mut [i32; N]) {
        let f = fp16(h);
        for b in [first(h, self.mask), second(h, self.mask)] {
            if let Some(bk) = self.buckets.get(b) {
                for k in 0..K {
                    let m = i32::from(bk.fp[k] == f);
                    for (a, &x) in acc.iter_mut().zip(&bk.w[k]) {
                        *a += m * i32::from(x);
                    }
                }
            }
        }
    }

    /// Adds the rows of `feats` into `acc`.
    #[inline]
    pub fn add_into(&self, feats: &[u64], acc: &mut [i32; N]) {
        for &h in feats {
            self.add(h, acc);
        }
    }

    /// Number of stored rows.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when no row is stored.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// All `(key, row)` pairs, sorted by key (what a model file stores).
    pub fn entries(&self) -> Vec<(u64, [i16; N])> {
        let mut v = Vec::with_capacity(self.len);
        for (b, ks) in self.buckets.iter().zip(&self.keys) {
            for k in 0..K {
                if b.fp[k] != 0 {
                    v.push((ks[k], b.w[k]));
                }
            }
        }
        v.sort_unstable_by_key(|e| e.0);
        v
    }

    /// Bytes of the buckets in memory.
    pub fn memory(&self) -> usize {
        self.buckets.len() * std::mem::size_of::<Bucket<N, K>>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_and_finds_every_entry() {
        let rows: Vec<(u64, [i16; 4])> = (1..20_000u64)
            .map(|k| (mix(k), [k as i16, -(k as i16), 3, 0]))
            .collect();
        let t = BucketTable::<4, 6>::with_entries(&rows);
        assert!(t.len() + 20 > rows.len(), "{} of {}", t.len(), rows.len());
        assert_eq!(std::mem::size_of::<Bucket<4, 6>>(), 64);
        let mut found = 0;
        for (h, r) in &rows {
            let mut acc = [0i32; 4];
            t.add(*h, &mut acc);
            let want: Vec<i32> = r.iter().map(|&x| i32::from(x)).collect();
            // Every kept row is found exactly; a row dropped for a fingerprint clash reads
            // like an absent feature.
            found += usize::from(acc.to_vec() == want);
        }
        assert_eq!(found, t.len());
        // Absent keys almost never match.
        let mut hits = 0;
        for k in 100_000..120_000u64 {
            let mut acc = [0i32; 4];
            t.add(mix(k), &mut acc);
            hits += usize::from(acc != [0; 4]);
        }
        assert!(hits < 20, "{hits} false matches");
        let t2 = BucketTable::<4, 6>::with_entries(&t.entries());
        assert_eq!(t2.memory(), t.memory());
        assert!(t2.len() + 20 > t.len());
        let mut a = [0i32; 4];
        t2.add_into(&[rows[5].0, rows[6].0], &mut a);
        assert!(a[2] == 6 || a[2] == 3);
    }

    #[test]
    fn duplicates_sum_and_empty_tables_work() {
        let t = BucketTable::<2, 8>::with_entries(&[(9, [1, 2]), (9, [1, 1])]);
        let mut acc = [0i32; 2];
        t.add(9, &mut acc);
        assert_eq!(acc, [2, 3]);
        assert_eq!(t.len(), 1);
        let e = BucketTable::<2, 8>::default();
        let mut acc = [0i32; 2];
        e.add(9, &mut acc);
        assert_eq!(acc, [0, 0]);
        assert!(e.is_empty());
    }
}
