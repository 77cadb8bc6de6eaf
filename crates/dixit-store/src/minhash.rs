//! MinHash signatures over word 5-shingles, with LSH banding, to find the same
//! dispatch republished with small edits by several outlets.

use crate::normalize::for_each_folded_word;
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// Number of hash functions in a signature.
pub const NUM_HASHES: usize = 128;
/// Number of LSH bands; `NUM_HASHES / BANDS` rows each. 16 bands of 8 rows make pairs
/// with Jaccard similarity 0.8 collide in at least one band with probability > 0.99,
/// while pairs below 0.5 rarely do.
pub const BANDS: usize = 16;
const ROWS: usize = NUM_HASHES / BANDS;
/// Words per shingle.
pub const SHINGLE: usize = 5;
/// Estimated Jaccard similarity from which two texts are one story.
pub const NEAR_DUPLICATE: f64 = 0.8;

/// A MinHash signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub Vec<u64>);

impl Signature {
    /// Signature of `text`'s folded words; `None` when the text has no word.
    pub fn of_text(text: &str) -> Option<Signature> {
        let mut words: Vec<u64> = Vec::new();
        for_each_folded_word(text, |w| words.push(xxh3_64(w.as_bytes())));
        if words.is_empty() {
            return None;
        }
        let mut mins = vec![u64::MAX; NUM_HASHES];
        let width = SHINGLE.min(words.len());
        for window in words.windows(width) {
            let mut h: u64 = 0x9E37_79B9_7F4A_7C15;
            for &w in window {
                h = (h.rotate_left(23) ^ w).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            }
            // Kirsch–Mitzenmacher: h_i = a + i·b gives NUM_HASHES hash functions from two.
            let a = xxh3_64_with_seed(&h.to_le_bytes(), 1);
            let b = xxh3_64_with_seed(&h.to_le_bytes(), 2) | 1;
            let mut hi = a;
            for m in mins.iter_mut() {
                if hi < *m {
                    *m = hi;
                }
                hi = hi.wrapping_add(b);
            }
        }
        Some(Signature(mins))
    }

    /// Estimated Jaccard similarity of the two shingle sets.
    pub fn similarity(&self, other: &Signature) -> f64 {
        if self.0.len() != other.0.len() || self.0.is_empty() {
            return 0.0;
        }
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f64 / self.0.len() as f64
    }

    /// One bucket per band: texts sharing a bucket in any band are candidates.
    pub fn bands(&self) -> Vec<i64> {
        self.0
            .chunks(ROWS)
            .enumerate()
            .map(|(band, rows)| {
                let mut bytes = Vec::with_capacity(8 * (ROWS + 1));
                bytes.extend_from_slice(&(band as u64).to_le_bytes());
                for r in rows {
                    bytes.extend_from_slice(&r.to_le_bytes());
                }
                xxh3_64(&bytes) as i64
            })
            .collect()
    }

    /// Little-endian bytes, for storage.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// Reads [`Signature::to_bytes`] output; `None` when the length is wrong.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != NUM_HASHES * 8 {
            return None;
        }
        let values = bytes
            .chunks_exact(8)
            .map(|c| {
                let mut a = [0u8; 8];
                a.copy_from_slice(c);
                u64::from_le_bytes(a)
            })
            .collect();
        Some(Signature(values))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dispatch() -> String {
        let mut s = String::new();
        for i in 0..60 {
            s.push_str(&format!(
                "Le ministre numéro {i} a déclaré que la réforme des retraites serait votée avant l'été. "
            ));
        }
        s
    }

    #[test]
    fn identical_texts_have_identical_signatures() {
        let a = Signature::of_text(&dispatch());
        assert!(a.is_some());
        assert_eq!(a, Signature::of_text(&dispatch()));
    }

    #[test]
    fn lightly_edited_copy_is_a_near_duplicate_sharing_a_band() {
        let original = dispatch();
        let edited = format!(
            "PARIS (AFP) — {} Avec AFP.",
            original.replace("numéro 7 ", "numéro sept ")
        );
        let (Some(a), Some(b)) = (Signature::of_text(&original), Signature::of_text(&edited))
        else {
            panic!("no signature");
        };
        assert!(a.similarity(&b) >= NEAR_DUPLICATE, "{}", a.similarity(&b));
        assert!(a.bands().iter().zip(b.bands()).any(|(x, y)| *x == y));
    }

    #[test]
    fn unrelated_texts_are_not_near_duplicates() {
        let other = "Le club de football a remporté le championnat après une saison difficile \
                     marquée par les blessures et un changement d'entraîneur en plein hiver.";
        let (Some(a), Some(b)) = (Signature::of_text(&dispatch()), Signature::of_text(other))
        else {
            panic!("no signature");
        };
        assert!(a.similarity(&b) < 0.2);
    }

    #[test]
    fn bytes_round_trip() {
        let Some(a) = Signature::of_text("un deux trois quatre cinq six") else {
            panic!("no signature");
        };
        assert_eq!(Signature::from_bytes(&a.to_bytes()), Some(a));
        assert_eq!(Signature::from_bytes(&[1, 2, 3]), None);
    }

    #[test]
    fn empty_text_has_no_signature() {
        assert_eq!(Signature::of_text(" , ; "), None);
    }
}
