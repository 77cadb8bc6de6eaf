//! Machinery shared by dixit's averaged-perceptron models (the NER tagger and the syntax
//! layer): deterministic feature hashing, maps keyed by hashes, quantised weight tables for
//! inference (keyed [`Table`]s, and [`HashKernel`]s that trade rare collisions for one
//! branch-free load per feature), averaged weights for training, word clusters learned from
//! unlabelled text, and the little binary helpers of the model files. Every piece is bit-stable across platforms,
//! because the shipped model files store hashes and retraining must rebuild them exactly.

#![warn(missing_docs)]

pub mod binary;
pub mod clusters;
pub mod hash;
pub mod kernel;
pub mod table;
pub mod weights;

pub use clusters::{ClusterConfig, ClusterWord, Clusters, learn_clusters, tokenize_plain};
pub use kernel::{HashKernel, KernelWeights};
pub use table::{Table, fingerprint};
pub use weights::Weights;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default)]
pub struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }
}

/// Map keyed by pre-hashed values.
pub type HashedMap<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

/// Normalises a token the way features see it: lowercase, digits as `0`, typographic
/// apostrophes as `'`.
pub fn normalise_into(token: &str, out: &mut String) {
    out.clear();
    for c in token.chars() {
        if c.is_ascii_digit() {
            out.push('0');
        } else if c == '\u{2019}' || c == '\u{02BC}' {
            out.push('\'');
        } else if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// Key of a normalised word in lexicons and feature hashes.
#[inline]
pub fn word_key(normalised: &str) -> u64 {
    hash::bytes(normalised.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_folds_case_digits_and_apostrophes() {
        let mut s = String::new();
        normalise_into("L\u{2019}État 2017", &mut s);
        assert_eq!(s, "l'état 0000");
        assert_eq!(word_key("paris"), word_key("paris"));
        assert_ne!(word_key("paris"), word_key("lyon"));
    }
}
