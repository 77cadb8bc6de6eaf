//! Hash-kernel weight table: a dense array of rows indexed by the top bits of the feature
//! hash, with no keys. Features that share a row share their weights; training updates the
//! same rows (see [`HashKernel::slot`]), so the model learns around the collisions. A lookup is
//! one load with no comparison and no branch.

/// Dense table of `2^bits` rows of `N` weights.
#[derive(Clone)]
pub struct HashKernel<const N: usize> {
    rows: Vec<[i16; N]>,
    shift: u32,
    len: usize,
}

impl<const N: usize> HashKernel<N> {
    /// Row of a feature hash in a table of `2^bits` rows (`bits` in 1..=32).
    #[inline]
    pub fn slot_for(h: u64, bits: u32) -> u64 {
        h >> (64 - bits.clamp(1, 32))
    }

    /// Row of a feature hash in this table.
    #[inline]
    pub fn slot(&self, h: u64) -> u64 {
        h >> self.shift
    }

    /// Builds a table of `2^bits` rows from `(row index, weights)` pairs; indices out of range
    /// are ignored, repeated indices are summed.
    pub fn with_rows(bits: u32, entries: &[(u64, [i16; N])]) -> Self {
        let bits = bits.clamp(1, 32);
        let mut rows = vec![[0i16; N]; 1usize << bits];
        for (i, w) in entries {
            if let Some(r) = rows.get_mut(*i as usize) {
                for (a, b) in r.iter_mut().zip(w) {
                    *a = a.saturating_add(*b);
                }
            }
        }
        let len = rows.iter().filter(|r| r.iter().any(|x| *x != 0)).count();
        HashKernel {
            rows,
            shift: 64 - bits,
            len,
        }
    }

    /// Bits of the row index.
    pub fn bits(&self) -> u32 {
        64 - self.shift
    }

    /// Adds the rows of feature hashes `feats` into `acc`.
    #[inline]
    pub fn add_into(&self, feats: &[u64], acc: &mut [i32; N]) {
        for &h in feats {
            if let Some(r) = self.rows.get((h >> self.shift) as usize) {
                for (a, &b) in acc.iter_mut().zip(r) {
                    *a += i32::from(b);
                }
            }
        }
    }

    /// Rows with a non-zero weight.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when every weight is zero.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Non-zero rows as `(index, weights)`, by index (what a model file stores).
    pub fn entries(&self) -> Vec<(u64, [i16; N])> {
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.iter().any(|x| *x != 0))
            .map(|(i, r)| (i as u64, *r))
            .collect()
    }
}

impl<const N: usize> Default for HashKernel<N> {
    fn default() -> Self {
        HashKernel::with_rows(1, &[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::mix;

    #[test]
    fn rows_round_trip_and_collisions_share() {
        let bits = 10;
        let a = mix(1);
        let b = mix(2);
        let t = HashKernel::<3>::with_rows(
            bits,
            &[
                (HashKernel::<3>::slot_for(a, bits), [1, 2, 3]),
                (HashKernel::<3>::slot_for(b, bits), [0, 0, 7]),
            ],
        );
        let mut acc = [0i32; 3];
        t.add_into(&[a, b], &mut acc);
        assert_eq!(acc, [1, 2, 10]);
        assert_eq!(t.slot(a), HashKernel::<3>::slot_for(a, bits));
        assert_eq!(t.bits(), bits);
        let back = HashKernel::<3>::with_rows(bits, &t.entries());
        assert_eq!(back.entries(), t.entries());
        assert_eq!(back.len(), 2);
        assert!(HashKernel::<2>::default().is_empty());
    }
}

/// Averaged-perceptron weights of a [`HashKernel`] under training: features are mapped to
/// their kernel rows before every score and update, so training sees the collisions that
/// inference will.
#[derive(Debug, Clone)]
pub struct KernelWeights<const N: usize> {
    w: crate::Weights<N>,
    bits: u32,
    keys: Vec<u64>,
}

impl<const N: usize> KernelWeights<N> {
    /// Fresh weights for a kernel of `2^bits` rows (`bits` in 1..=32).
    pub fn new(bits: u32) -> Self {
        KernelWeights {
            w: crate::Weights::new(),
            bits: bits.clamp(1, 32),
            keys: Vec::new(),
        }
    }

    /// Training-map key of a feature: its row index in both the low and the high bits, so
    /// that the map spreads the keys well.
    #[inline]
    fn key(h: u64, bits: u32) -> u64 {
        let slot = HashKernel::<N>::slot_for(h, bits);
        slot | (slot << (64 - bits))
    }

    fn map(&mut self, feats: &[u64]) {
        self.keys.clear();
        let bits = self.bits;
        self.keys.extend(feats.iter().map(|&h| Self::key(h, bits)));
    }

    /// Adds the current rows of `feats` into `acc`.
    pub fn add_scores(&mut self, feats: &[u64], acc: &mut [f32; N]) {
        self.map(feats);
        self.w.add_scores(&self.keys, acc);
    }

    /// Perceptron update: +1 on `gold`, −1 on `pred` for every feature.
    pub fn update(&mut self, feats: &[u64], gold: usize, pred: usize) {
        self.map(feats);
        self.w.update(&self.keys, gold, pred);
    }

    /// Advances the averaging clock by one instance.
    pub fn tick(&mut self) {
        self.w.now += 1;
    }

    /// The averaged, quantised kernel (see [`crate::Weights::averaged`]).
    pub fn finish(&self, prune: i16) -> HashKernel<N> {
        let mask = (1u64 << self.bits) - 1;
        let rows: Vec<(u64, [i16; N])> = self
            .w
            .averaged(prune)
            .into_iter()
            .map(|(k, r)| (k & mask, r))
            .collect();
        HashKernel::with_rows(self.bits, &rows)
    }
}

#[cfg(test)]
mod trainer_tests {
    use super::*;
    use crate::hash::mix;

    #[test]
    fn trained_kernel_scores_like_the_training_weights() {
        let mut k = KernelWeights::<3>::new(8);
        let f = [mix(1), mix(2), mix(3)];
        for _ in 0..5 {
            k.update(&f, 2, 0);
            k.tick();
        }
        let mut live = [0f32; 3];
        k.add_scores(&f, &mut live);
        assert!(live[2] > live[0]);
        let t = k.finish(0);
        let mut acc = [0i32; 3];
        t.add_into(&f, &mut acc);
        assert!(acc[2] > 0 && acc[0] < 0 && acc[1] == 0, "{acc:?}");
    }
}
