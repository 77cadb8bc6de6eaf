//! Weight table for rows of four 16-bit weights, the parser's transitions: each row is one
//! `u64`, six rows and their 16-bit fingerprints share a 64-byte line, and each feature lives
//! in one of two lines (cuckoo hashing). A lookup reads both lines and selects the matching
//! row with bit masks: no data-dependent branch, so the lookups of one decision overlap in
//! the memory system. An absent feature matches a stored one with probability about
//! 12/65,535 and then adds noise, which the scores measured with this table include.

const K: usize = 6;

#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Line {
    rows: [u64; K],
    fp: [u16; K],
}

const EMPTY: Line = Line {
    rows: [0; K],
    fp: [0; K],
};

/// Cuckoo-hashed table of `[i16; 4]` rows.
#[derive(Clone)]
pub struct PackedTable {
    lines: Vec<Line>,
    /// Full keys of the stored rows (cold: only read to save the table).
    keys: Vec<[u64; K]>,
    mask: usize,
    len: usize,
}

impl Default for PackedTable {
    fn default() -> Self {
        PackedTable::with_entries(&[])
    }
}

#[inline]
fn fp16(h: u64) -> u16 {
    (h as u16) | 1
}

#[inline]
fn first(h: u64, mask: usize) -> usize {
    (h >> 16) as usize & mask
}

/// The other line: never the first one (when the table has two lines or more). Feature
/// hashes are already well mixed, so the high bits give an independent offset.
#[inline]
fn second(h: u64, mask: usize) -> usize {
    let d = ((h >> 40) as usize | 1) & mask;
    first(h, mask) ^ d
}

#[inline]
fn pack(w: [i16; 4]) -> u64 {
    let mut v = 0u64;
    for (j, x) in w.iter().enumerate() {
        v |= u64::from(*x as u16) << (16 * j);
    }
    v
}

#[inline]
fn unpack(v: u64) -> [i16; 4] {
    [
        v as i16,
        (v >> 16) as i16,
        (v >> 32) as i16,
        (v >> 48) as i16,
    ]
}

impl PackedTable {
    /// Builds the table from `(feature hash, row)` pairs (rows of the same key are summed).
    /// Deterministic: the same entries in the same order give the same table.
    pub fn with_entries(entries: &[(u64, [i16; 4])]) -> Self {
        let mut nl = (entries.len() * 100 / (K * 85) + 1)
            .next_power_of_two()
            .max(2);
        loop {
            if let Some(t) = Self::try_build(entries, nl) {
                return t;
            }
            nl *= 2;
        }
    }

    fn try_build(entries: &[(u64, [i16; 4])], nl: usize) -> Option<Self> {
        let mask = nl - 1;
        let mut lines = vec![EMPTY; nl];
        let mut keys = vec![[0u64; K]; nl];
        let mut len = 0;
        'entries: for &(h, w) in entries {
            let f = fp16(h);
            for b in [first(h, mask), second(h, mask)] {
                for k in 0..K {
                    if lines[b].fp[k] == f && keys[b][k] == h {
                        let old = unpack(lines[b].rows[k]);
                        let mut sum = [0i16; 4];
                        for j in 0..4 {
                            sum[j] = old[j].saturating_add(w[j]);
                        }
                        lines[b].rows[k] = pack(sum);
                        continue 'entries;
                    }
                }
            }
            let (mut h, mut row) = (h, pack(w));
            let mut b = first(h, mask);
            for step in 0..500usize {
                let other = if b == first(h, mask) {
                    second(h, mask)
                } else {
                    first(h, mask)
                };
                for c in [b, other] {
                    if let Some(k) = (0..K).find(|&k| lines[c].fp[k] == 0) {
                        lines[c].fp[k] = fp16(h);
                        lines[c].rows[k] = row;
                        keys[c][k] = h;
                        len += 1;
                        continue 'entries;
                    }
                }
                // Both full: evict a row of `b` (chosen by the step, deterministically) and
                // move it on to its other line.
                let k = (step.wrapping_mul(7) ^ (h as usize)) % K;
                let (eh, er) = (keys[b][k], lines[b].rows[k]);
                lines[b].fp[k] = fp16(h);
                lines[b].rows[k] = row;
                keys[b][k] = h;
                h = eh;
                row = er;
                b = if b == first(h, mask) {
                    second(h, mask)
                } else {
                    first(h, mask)
                };
            }
            return None;
        }
        // A key whose two lines hold another row with its fingerprint would read that row as
        // well: of each such pair, drop the row of the larger key (a few per million rows).
        let mut changed = true;
        while changed {
            changed = false;
            for b in 0..nl {
                for k in 0..K {
                    let (f, h) = (lines[b].fp[k], keys[b][k]);
                    if f == 0 {
                        continue;
                    }
                    for c in [first(h, mask), second(h, mask)] {
                        for j in 0..K {
                            if (c != b || j != k) && lines[c].fp[j] == f {
                                let (db, dk) = if keys[c][j] > h { (c, j) } else { (b, k) };
                                lines[db].fp[dk] = 0;
                                lines[db].rows[dk] = 0;
                                len -= 1;
                                changed = true;
                            }
                        }
                    }
                }
            }
        }
        Some(PackedTable {
            lines,
            keys,
            mask,
            len,
        })
    }

    /// The packed row of feature `h` (0 when absent).
    #[inline]
    fn row(&self, h: u64) -> u64 {
        let f = fp16(h);
        let mut sel = 0u64;
        for b in [first(h, self.mask), second(h, self.mask)] {
            if let Some(line) = self.lines.get(b) {
                for k in 0..K {
                    let m = 0u64.wrapping_sub(u64::from(line.fp[k] == f));
                    sel |= line.rows[k] & m;
                }
            }
        }
        sel
    }

    /// Adds the rows of `feats` into `acc`.
    #[inline]
    pub fn add_into(&self, feats: &[u64], acc: &mut [i32; 4]) {
        // Touch every line first, in a loop with nothing else to do, so that all the cache
        // misses of the decision are in flight at once; the sums below then find the lines
        // in cache.
        let mut touch = 0u16;
        for &h in feats {
            let (x, y) = (first(h, self.mask), second(h, self.mask));
            touch ^= self.lines.get(x).map_or(0, |l| l.fp[0]);
            touch ^= self.lines.get(y).map_or(0, |l| l.fp[0]);
        }
        std::hint::black_box(touch);
        let (mut a, mut b, mut c, mut d) = (acc[0], acc[1], acc[2], acc[3]);
        for &h in feats {
            let r = self.row(h);
            a += i32::from(r as i16);
            b += i32::from((r >> 16) as i16);
            c += i32::from((r >> 32) as i16);
            d += i32::from((r >> 48) as i16);
        }
        *acc = [a, b, c, d];
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
    pub fn entries(&self) -> Vec<(u64, [i16; 4])> {
        let mut v = Vec::with_capacity(self.len);
        for (l, ks) in self.lines.iter().zip(&self.keys) {
            for k in 0..K {
                if l.fp[k] != 0 {
                    v.push((ks[k], unpack(l.rows[k])));
                }
            }
        }
        v.sort_unstable_by_key(|e| e.0);
        v
    }

    /// Bytes of the lines in memory.
    pub fn memory(&self) -> usize {
        self.lines.len() * std::mem::size_of::<Line>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::mix;

    #[test]
    fn stores_and_finds_every_entry() {
        let rows: Vec<(u64, [i16; 4])> = (1..20_000u64)
            .map(|k| (mix(k), [k as i16, -(k as i16), 3, i16::MIN]))
            .collect();
        let t = PackedTable::with_entries(&rows);
        assert_eq!(std::mem::size_of::<Line>(), 64);
        assert!(t.len() + 20 > rows.len(), "{} of {}", t.len(), rows.len());
        let mut found = 0;
        for (h, r) in &rows {
            let mut acc = [0i32; 4];
            t.add_into(&[*h], &mut acc);
            let want: Vec<i32> = r.iter().map(|&x| i32::from(x)).collect();
            // Every kept row is found exactly; a row dropped for a fingerprint clash reads
            // like an absent feature.
            found += usize::from(acc.to_vec() == want);
        }
        assert_eq!(found, t.len());
        let mut hits = 0;
        for k in 100_000..120_000u64 {
            let mut acc = [0i32; 4];
            t.add_into(&[mix(k)], &mut acc);
            hits += usize::from(acc != [0; 4]);
        }
        assert!(hits < 20, "{hits} false matches");
        let t2 = PackedTable::with_entries(&t.entries());
        // Rebuilt elsewhere, a few more rows may clash; none appears.
        let all = t.entries();
        assert!(t2.len() + 20 > t.len());
        assert!(t2.entries().iter().all(|e| all.binary_search(e).is_ok()));
        assert_eq!(t2.memory(), t.memory());
    }

    #[test]
    fn duplicates_sum_and_empty_tables_work() {
        let t = PackedTable::with_entries(&[(9, [1, 2, -3, 4]), (9, [1, 1, 1, 1])]);
        let mut acc = [10i32; 4];
        t.add_into(&[9, 9], &mut acc);
        assert_eq!(acc, [14, 16, 6, 20]);
        assert_eq!(t.len(), 1);
        let e = PackedTable::default();
        let mut acc = [0i32; 4];
        e.add_into(&[9], &mut acc);
        assert_eq!(acc, [0; 4]);
        assert!(e.is_empty());
        assert_eq!(
            unpack(pack([-1, 2, i16::MAX, i16::MIN])),
            [-1, 2, i16::MAX, i16::MIN]
        );
    }
}
