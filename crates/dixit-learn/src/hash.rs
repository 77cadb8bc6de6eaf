//! Deterministic, platform-independent 64-bit hashing for feature keys: the model file stores
//! these hashes, so they must never depend on the process, the platform or the std version.

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Finaliser (splitmix64) so that low bits are usable as table indices.
#[inline]
pub fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// Hashes bytes.
#[inline]
pub fn bytes(b: &[u8]) -> u64 {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325 ^ (b.len() as u64);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut a = [0u8; 8];
        a.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(a)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut a = [0u8; 8];
        a[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(a)).wrapping_mul(K);
    }
    mix(h)
}

/// Combines a feature template id with one value hash.
#[inline]
pub fn f1(template: u32, a: u64) -> u64 {
    mix(a ^ (u64::from(template).wrapping_mul(K)).rotate_left(17))
}

/// Combines a feature template id with two value hashes.
#[inline]
pub fn f2(template: u32, a: u64, b: u64) -> u64 {
    mix(f1(template, a).wrapping_add(b.rotate_left(29).wrapping_mul(K)))
}

/// Combines a feature template id with three value hashes.
#[inline]
pub fn f3(template: u32, a: u64, b: u64, c: u64) -> u64 {
    mix(f2(template, a, b).wrapping_add(c.rotate_left(43).wrapping_mul(K)))
}

/// Small deterministic PRNG (splitmix64) for shuffling and initialisation given a seed.
pub struct Rng(u64);

impl Rng {
    /// Seeds the generator.
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x2545_F491_4F6C_DD1D)
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(K);
        mix(self.0)
    }

    /// Uniform integer in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// Cheap combination of a template id with one value, for hash-kernel features: one multiply.
/// Only the high bits are well mixed, which is what a kernel's row index uses.
#[inline]
pub fn k1(template: u32, a: u64) -> u64 {
    (a ^ u64::from(template).wrapping_mul(0xD6E8_FEB8_6659_FD93))
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// [`k1`] with two values.
#[inline]
pub fn k2(template: u32, a: u64, b: u64) -> u64 {
    (a.wrapping_mul(0xA076_1D64_78BD_642F)
        ^ b.rotate_left(29)
        ^ u64::from(template).wrapping_mul(0xD6E8_FEB8_6659_FD93))
    .wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// [`k1`] with three values.
#[inline]
pub fn k3(template: u32, a: u64, b: u64, c: u64) -> u64 {
    (a.wrapping_mul(0xA076_1D64_78BD_642F)
        ^ b.wrapping_mul(0xE703_7ED1_A0B4_28DB).rotate_left(21)
        ^ c.rotate_left(43)
        ^ u64::from(template).wrapping_mul(0xD6E8_FEB8_6659_FD93))
    .wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_stable_and_distinct() {
        assert_eq!(bytes(b"Paris"), bytes(b"Paris"));
        assert_ne!(bytes(b"Paris"), bytes(b"paris"));
        assert_ne!(bytes(b""), bytes(b"\0"));
        assert_ne!(f1(1, 5), f1(2, 5));
        assert_ne!(f2(1, 5, 6), f2(1, 6, 5));
    }

    #[test]
    fn kernel_combinations_spread_small_values_over_high_bits() {
        let mut seen = std::collections::HashSet::new();
        for t in 0..20u32 {
            for a in 0..20u64 {
                for b in 0..20u64 {
                    seen.insert(k2(t, a, b) >> 48);
                    seen.insert(k3(t, a, b, 1) >> 48);
                }
            }
            seen.insert(k1(t, 5) >> 48);
        }
        // 16,020 combinations over 65,536 top-16-bit values: nearly all distinct.
        assert!(seen.len() > 14_000, "{}", seen.len());
        assert_ne!(k2(1, 2, 3), k2(1, 3, 2));
    }

    #[test]
    fn shuffle_is_a_permutation_and_seeded() {
        let mut a: Vec<u32> = (0..50).collect();
        let mut b = a.clone();
        Rng::new(7).shuffle(&mut a);
        Rng::new(7).shuffle(&mut b);
        assert_eq!(a, b);
        let mut s = a.clone();
        s.sort_unstable();
        assert_eq!(s, (0..50).collect::<Vec<_>>());
    }
}
