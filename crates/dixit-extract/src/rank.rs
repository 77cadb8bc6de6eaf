//! A learned linear ranker: each candidate is a set of hashed binary features, its score
//! the sum of their weights, the best-scoring candidate wins (the first one on a tie, so
//! that an empty model keeps the order the caller gives). Trained as an averaged
//! perceptron over candidate lists from annotated articles; stored as sorted
//! `(feature hash, weight)` pairs.

use dixit_learn::binary::{Reader, put_u32};
use dixit_learn::hash::Rng;
use std::collections::HashMap;

/// Magic bytes of a ranker file.
const MAGIC: &[u8; 8] = b"DIXRNK02";

/// A trained ranker.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ranker {
    weights: HashMap<u64, f32>,
    /// Decision groups the ranker is trusted with (it did better than the rule on them in
    /// cross-validation); elsewhere the caller keeps the rule's answer.
    pub groups: Vec<u32>,
    /// Free text stored with the model: the training command and figures.
    pub meta: String,
}

/// One decision to learn: candidates' features and which of them are right.
#[derive(Debug, Clone)]
pub struct Example {
    /// Feature hashes of each candidate.
    pub candidates: Vec<Vec<u64>>,
    /// Per candidate: is it a correct answer.
    pub correct: Vec<bool>,
    /// Decision group (how the rule reached its answer), for gating.
    pub group: u32,
}

impl Ranker {
    /// Number of non-zero weights.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// True when the model has no weight (every candidate scores 0).
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// True when the ranker should decide in `group`.
    pub fn applies(&self, group: u32) -> bool {
        self.groups.binary_search(&group).is_ok()
    }

    /// Score of one candidate.
    pub fn score(&self, feats: &[u64]) -> f32 {
        feats
            .iter()
            .map(|f| self.weights.get(f).copied().unwrap_or(0.0))
            .sum()
    }

    /// Index of the best candidate (the first on ties), `None` when there is none.
    pub fn best<F: AsRef<[u64]>>(&self, candidates: &[F]) -> Option<usize> {
        let mut best: Option<(f32, usize)> = None;
        for (i, c) in candidates.iter().enumerate() {
            let s = self.score(c.as_ref());
            if best.is_none_or(|(b, _)| s > b) {
                best = Some((s, i));
            }
        }
        best.map(|(_, i)| i)
    }

    /// Serialises the model.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + self.weights.len() * 12 + self.meta.len());
        out.extend_from_slice(MAGIC);
        put_u32(&mut out, self.meta.len());
        out.extend_from_slice(self.meta.as_bytes());
        let mut pairs: Vec<(u64, f32)> = self.weights.iter().map(|(&k, &v)| (k, v)).collect();
        pairs.sort_by_key(|&(k, _)| k);
        put_u32(&mut out, pairs.len());
        for (k, v) in pairs {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&v.to_le_bytes());
        }
        let mut groups = self.groups.clone();
        groups.sort_unstable();
        groups.dedup();
        put_u32(&mut out, groups.len());
        for g in groups {
            out.extend_from_slice(&g.to_le_bytes());
        }
        out
    }

    /// Reads a model written by [`Ranker::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Ranker, String> {
        let mut r = Reader::new(bytes);
        if r.take(8, "magic")? != MAGIC {
            return Err("not a dixit ranker (bad magic)".into());
        }
        let meta_len = r.u32("meta length")? as usize;
        let meta = std::str::from_utf8(r.take(meta_len, "meta")?)
            .map_err(|e| format!("meta is not UTF-8: {e}"))?
            .to_owned();
        let n = r.u32("weight count")? as usize;
        let mut weights = HashMap::with_capacity(n);
        for _ in 0..n {
            let k = r.u64("feature")?;
            let v = f32::from_le_bytes(
                r.take(4, "weight")?
                    .try_into()
                    .map_err(|_| "truncated weight".to_string())?,
            );
            if !v.is_finite() {
                return Err("a weight is not finite".into());
            }
            weights.insert(k, v);
        }
        let n_groups = r.u32("group count")? as usize;
        let mut groups = Vec::with_capacity(n_groups.min(4096));
        for _ in 0..n_groups {
            groups.push(r.u32("group")?);
        }
        groups.sort_unstable();
        if !r.at_end() {
            return Err("trailing bytes after the groups".into());
        }
        Ok(Ranker {
            weights,
            groups,
            meta,
        })
    }

    /// Trains an averaged perceptron for `epochs` passes over `examples` (shuffled with
    /// `seed`); examples without a correct candidate teach nothing and are skipped.
    pub fn train(examples: &[Example], epochs: usize, seed: u64) -> Ranker {
        let mut w: HashMap<u64, f32> = HashMap::new();
        // Lazy averaging: total[f] accumulates w[f] × time, updated when w[f] changes.
        let mut total: HashMap<u64, f64> = HashMap::new();
        let mut stamp: HashMap<u64, u64> = HashMap::new();
        let mut t: u64 = 1;
        let mut order: Vec<usize> = (0..examples.len())
            .filter(|&i| examples[i].correct.iter().any(|&c| c) && examples[i].candidates.len() > 1)
            .collect();
        let mut rng = Rng::new(seed);
        let score = |w: &HashMap<u64, f32>, f: &[u64]| -> f32 {
            f.iter().map(|x| w.get(x).copied().unwrap_or(0.0)).sum()
        };
        for _ in 0..epochs {
            rng.shuffle(&mut order);
            for &i in &order {
                let ex = &examples[i];
                let scores: Vec<f32> = ex.candidates.iter().map(|c| score(&w, c)).collect();
                let mut pred = 0;
                for (k, &s) in scores.iter().enumerate() {
                    if s > scores[pred] {
                        pred = k;
                    }
                }
                if ex.correct.get(pred).copied().unwrap_or(false) {
                    t += 1;
                    continue;
                }
                // The best-scoring correct candidate is the target.
                let Some(gold) = (0..scores.len())
                    .filter(|&k| ex.correct[k])
                    .max_by(|&a, &b| scores[a].total_cmp(&scores[b]))
                else {
                    continue;
                };
                let mut update = |f: u64, delta: f32| {
                    let cur = w.get(&f).copied().unwrap_or(0.0);
                    let since = t - stamp.get(&f).copied().unwrap_or(0);
                    *total.entry(f).or_insert(0.0) += f64::from(cur) * since as f64;
                    stamp.insert(f, t);
                    w.insert(f, cur + delta);
                };
                for &f in &ex.candidates[gold] {
                    update(f, 1.0);
                }
                for &f in &ex.candidates[pred] {
                    update(f, -1.0);
                }
                t += 1;
            }
        }
        let mut weights = HashMap::with_capacity(w.len());
        for (f, cur) in w {
            let since = t - stamp.get(&f).copied().unwrap_or(0);
            let sum = total.get(&f).copied().unwrap_or(0.0) + f64::from(cur) * since as f64;
            let avg = (sum / t as f64) as f32;
            if avg.abs() > 1e-6 {
                weights.insert(f, avg);
            }
        }
        Ranker {
            weights,
            groups: Vec::new(),
            meta: String::new(),
        }
    }
}

/// Hash of a feature name and its values.
pub fn feat(name: &str, values: &[u64]) -> u64 {
    let mut h = dixit_learn::hash::bytes(name.as_bytes());
    for &v in values {
        h = dixit_learn::hash::mix(h ^ v.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_to_prefer_the_right_feature_and_round_trips() {
        let a = feat("a", &[]);
        let b = feat("b", &[]);
        let examples: Vec<Example> = (0..20)
            .map(|i| Example {
                candidates: if i % 2 == 0 {
                    vec![vec![b], vec![a]]
                } else {
                    vec![vec![a], vec![b]]
                },
                correct: if i % 2 == 0 {
                    vec![false, true]
                } else {
                    vec![true, false]
                },
                group: 0,
            })
            .collect();
        let mut r = Ranker::train(&examples, 5, 1);
        r.groups = vec![3, 1];
        let r = Ranker::from_bytes(&r.to_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert!(r.applies(1) && r.applies(3) && !r.applies(2));
        assert!(r.score(&[a]) > r.score(&[b]));
        assert_eq!(r.best(&[vec![b], vec![a]]), Some(1));
        let back = Ranker::from_bytes(&r.to_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, r);
    }

    #[test]
    fn empty_model_keeps_the_first_candidate_and_bad_bytes_fail() {
        let r = Ranker::default();
        assert_eq!(r.best(&[vec![1u64], vec![2u64]]), Some(0));
        assert!(Ranker::from_bytes(b"nope").is_err());
        let mut bytes = r.to_bytes();
        bytes.push(0);
        assert!(Ranker::from_bytes(&bytes).is_err());
    }
}
