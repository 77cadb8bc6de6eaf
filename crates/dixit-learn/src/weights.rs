//! Training-time weights of an averaged perceptron with `N` classes: lazy averaging with
//! per-feature timestamps, and quantisation of the averages to 16 bits at the end.

use crate::HashedMap;

/// Perceptron weights under training, keyed by feature hash.
#[derive(Debug, Clone, Default)]
pub struct Weights<const N: usize> {
    index: HashedMap<u32>,
    w: Vec<[f32; N]>,
    total: Vec<[f64; N]>,
    ts: Vec<u64>,
    /// Number of training instances seen so far (the averaging clock); the caller ticks it.
    pub now: u64,
}

impl<const N: usize> Weights<N> {
    /// Empty weights.
    pub fn new() -> Self {
        Weights {
            index: HashedMap::default(),
            w: Vec::new(),
            total: Vec::new(),
            ts: Vec::new(),
            now: 0,
        }
    }

    /// Adds the current (not averaged) rows of `feats` into `acc`.
    #[inline]
    pub fn add_scores(&self, feats: &[u64], acc: &mut [f32; N]) {
        for f in feats {
            if let Some(&i) = self.index.get(f)
                && let Some(w) = self.w.get(i as usize)
            {
                for (a, b) in acc.iter_mut().zip(w) {
                    *a += b;
                }
            }
        }
    }

    /// Perceptron update: +1 on class `gold`, −1 on class `pred` for every feature.
    pub fn update(&mut self, feats: &[u64], gold: usize, pred: usize) {
        for &f in feats {
            if let Some(w) = self.row_mut(f) {
                if let Some(x) = w.get_mut(gold) {
                    *x += 1.0;
                }
                if let Some(x) = w.get_mut(pred) {
                    *x -= 1.0;
                }
            }
        }
    }

    /// Adds `delta` to class `class` of every feature.
    pub fn add(&mut self, feats: &[u64], class: usize, delta: f32) {
        for &f in feats {
            if let Some(x) = self.row_mut(f).and_then(|w| w.get_mut(class)) {
                *x += delta;
            }
        }
    }

    /// The live row of a feature, created if new, with its average brought up to `now`.
    fn row_mut(&mut self, f: u64) -> Option<&mut [f32; N]> {
        let next = self.w.len() as u32;
        let i = *self.index.entry(f).or_insert(next) as usize;
        if i == self.w.len() {
            self.w.push([0.0; N]);
            self.total.push([0.0; N]);
            self.ts.push(self.now);
        }
        let (Some(w), Some(t), Some(ts)) =
            (self.w.get_mut(i), self.total.get_mut(i), self.ts.get_mut(i))
        else {
            return None;
        };
        let dt = (self.now - *ts) as f64;
        for (tt, ww) in t.iter_mut().zip(w.iter()) {
            *tt += dt * f64::from(*ww);
        }
        *ts = self.now;
        Some(w)
    }

    /// Number of features seen in updates.
    pub fn len(&self) -> usize {
        self.w.len()
    }

    /// True when no update happened.
    pub fn is_empty(&self) -> bool {
        self.w.is_empty()
    }

    /// Averaged weights, quantised to i16 with one scale for the whole table (the largest
    /// magnitude maps to 32,000); values of magnitude ≤ `prune` are dropped, and rows left all
    /// zero are left out. Sorted by key, so the result does not depend on map order.
    pub fn averaged(&self, prune: i16) -> Vec<(u64, [i16; N])> {
        let now = self.now.max(1) as f64;
        let mut avg: Vec<(u64, [f32; N])> = Vec::with_capacity(self.w.len());
        let mut max = 0f32;
        for (&k, &i) in &self.index {
            let i = i as usize;
            let (Some(w), Some(t), Some(ts)) = (self.w.get(i), self.total.get(i), self.ts.get(i))
            else {
                continue;
            };
            let dt = (self.now - ts) as f64;
            let mut row = [0f32; N];
            for ((r, tt), ww) in row.iter_mut().zip(t).zip(w) {
                *r = ((tt + dt * f64::from(*ww)) / now) as f32;
                max = max.max(r.abs());
            }
            avg.push((k, row));
        }
        let scale = if max > 0.0 { 32000.0 / max } else { 1.0 };
        let mut out: Vec<(u64, [i16; N])> = avg
            .into_iter()
            .filter_map(|(k, row)| {
                let mut q = [0i16; N];
                for (a, b) in q.iter_mut().zip(row) {
                    *a = (b * scale).round() as i16;
                    if a.abs() <= prune {
                        *a = 0;
                    }
                }
                q.iter().any(|v| *v != 0).then_some((k, q))
            })
            .collect();
        out.sort_unstable_by_key(|e| e.0);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_over_time_and_quantises() {
        let mut w = Weights::<2>::new();
        // Feature 7 votes for class 0 for the first half of the clock, then for nothing.
        w.update(&[7], 0, 1);
        w.now = 10;
        w.update(&[7], 1, 0);
        w.now = 20;
        let mut acc = [0f32; 2];
        w.add_scores(&[7, 8], &mut acc);
        assert_eq!(acc, [0.0, 0.0]);
        let avg = w.averaged(0);
        assert_eq!(avg.len(), 1);
        assert_eq!(avg[0].0, 7);
        assert_eq!(avg[0].1, [32000, -32000]);
        w.add(&[9], 1, 2.0);
        assert_eq!(w.len(), 2);
    }
}
