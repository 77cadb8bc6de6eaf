//! Distributional word clusters learned from unlabelled text, shipped inside the model: each
//! frequent word gets a vector of its left/right neighbours (square-rooted counts, randomly
//! projected), spherical k-means gives fine clusters, k-means over their centroids gives
//! coarse ones. Also records how often each word is capitalised mid-sentence.

use crate::hash::Rng;
use crate::{HashedMap, normalise_into, word_key};

/// Clustering settings.
#[derive(Debug, Clone)]
pub struct ClusterConfig {
    /// Words seen fewer times get no cluster.
    pub min_count: usize,
    /// Most frequent words used as context dimensions.
    pub contexts: usize,
    /// Projected dimension.
    pub dim: usize,
    /// Fine clusters.
    pub fine: usize,
    /// Coarse clusters.
    pub coarse: usize,
    /// k-means iterations.
    pub iters: usize,
    /// Seed of projection and initialisation.
    pub seed: u64,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            min_count: 3,
            contexts: 600,
            dim: 96,
            fine: 400,
            coarse: 40,
            iters: 12,
            seed: 1,
        }
    }
}

/// One clustered word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterWord {
    /// Normalised form (lowercase, digits as 0).
    pub word: String,
    /// Coarse cluster + 1 (0: none).
    pub coarse: u16,
    /// Fine cluster + 1 (0: none).
    pub fine: u16,
    /// Capitalisation bucket + 1 (0: too rare): 1 never, 2 rarely, 3 often, 4 always
    /// capitalised when not sentence-initial.
    pub case: u8,
}

/// Result of [`learn_clusters`].
#[derive(Debug, Clone, Default)]
pub struct Clusters {
    /// Words with a cluster or a capitalisation profile.
    pub words: Vec<ClusterWord>,
}

/// Splits plain French text into sentences of tokens, roughly as the CoNLL data does
/// (punctuation apart, elided articles kept with their apostrophe: `l'`, `d'`, `qu'`).
pub fn tokenize_plain(text: &str) -> Vec<Vec<String>> {
    let mut sents = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    for para in text.split('\n') {
        for raw in para.split_whitespace() {
            let mut w = raw;
            let mut tail = Vec::new();
            while let Some(c) = w.chars().next().filter(|c| !c.is_alphanumeric()) {
                cur.push(c.to_string());
                w = &w[c.len_utf8()..];
            }
            while let Some(c) = w.chars().next_back().filter(|c| !c.is_alphanumeric()) {
                tail.push(c.to_string());
                w = &w[..w.len() - c.len_utf8()];
            }
            while let Some(p) = w.find(['\'', '\u{2019}']) {
                let cut = p + w[p..].chars().next().map_or(1, char::len_utf8);
                let head = &w[..cut];
                if head.chars().count() > 7 {
                    break;
                }
                cur.push(head.to_string());
                w = &w[cut..];
            }
            if !w.is_empty() {
                cur.push(w.to_string());
            }
            cur.extend(tail.into_iter().rev());
            if cur
                .last()
                .is_some_and(|t| matches!(t.as_str(), "." | "!" | "?"))
            {
                sents.push(std::mem::take(&mut cur));
            }
        }
        if !cur.is_empty() {
            sents.push(std::mem::take(&mut cur));
        }
    }
    sents
}

/// Learns clusters and capitalisation profiles from tokenised sentences.
pub fn learn_clusters(sents: &[Vec<String>], cfg: &ClusterConfig) -> Clusters {
    let mut ids: HashedMap<u32> = HashedMap::default();
    let mut words: Vec<String> = Vec::new();
    let mut count: Vec<usize> = Vec::new();
    let mut caps: Vec<[u32; 2]> = Vec::new();
    let mut corpus: Vec<Vec<u32>> = Vec::with_capacity(sents.len());
    let mut buf = String::new();
    for s in sents {
        let mut row = Vec::with_capacity(s.len());
        for (i, t) in s.iter().enumerate() {
            normalise_into(t, &mut buf);
            let next = words.len() as u32;
            let id = *ids.entry(word_key(&buf)).or_insert(next);
            if id == next {
                words.push(buf.clone());
                count.push(0);
                caps.push([0, 0]);
            }
            let u = id as usize;
            if let Some(c) = count.get_mut(u) {
                *c += 1;
            }
            if i > 0
                && t.chars().next().is_some_and(char::is_alphabetic)
                && let Some(c) = caps.get_mut(u)
            {
                c[usize::from(t.chars().next().is_some_and(char::is_uppercase))] += 1;
            }
            row.push(id);
        }
        corpus.push(row);
    }
    let n = words.len();
    let mut by_freq: Vec<usize> = (0..n).collect();
    by_freq.sort_by(|&a, &b| {
        count[b]
            .cmp(&count[a])
            .then_with(|| words[a].cmp(&words[b]))
    });
    // Context dimension of each word id: rank among the most frequent, or the shared "other".
    let nctx = cfg.contexts.max(1);
    let mut ctx = vec![nctx as u32; n];
    for (r, &w) in by_freq.iter().take(nctx).enumerate() {
        ctx[w] = r as u32;
    }
    let vocab: Vec<usize> = by_freq
        .iter()
        .copied()
        .filter(|&w| count[w] >= cfg.min_count)
        .collect();
    let mut row_of = vec![u32::MAX; n];
    for (r, &w) in vocab.iter().enumerate() {
        row_of[w] = r as u32;
    }
    // (vocab row, context slot): left contexts use slots 0..=nctx, right ones the next nctx+1.
    let mut pairs: Vec<u64> = Vec::new();
    let bos = nctx as u32;
    for row in &corpus {
        for (i, &w) in row.iter().enumerate() {
            let r = row_of[w as usize];
            if r == u32::MAX {
                continue;
            }
            let left = if i == 0 {
                bos
            } else {
                ctx[row[i - 1] as usize]
            };
            let right = row.get(i + 1).map_or(bos, |&x| ctx[x as usize]);
            pairs.push((u64::from(r) << 32) | u64::from(left));
            pairs.push((u64::from(r) << 32) | u64::from(right + nctx as u32 + 1));
        }
    }
    pairs.sort_unstable();
    let dims = 2 * (nctx + 1);
    let d = cfg.dim.max(2);
    let mut rng = Rng::new(cfg.seed);
    let proj: Vec<f32> = (0..dims * d)
        .map(|_| if rng.next_u64() & 1 == 0 { 1.0 } else { -1.0 })
        .collect();
    let mut vecs = vec![0f32; vocab.len() * d];
    let mut i = 0;
    while i < pairs.len() {
        let mut j = i;
        while j < pairs.len() && pairs[j] == pairs[i] {
            j += 1;
        }
        let r = (pairs[i] >> 32) as usize;
        let c = (pairs[i] & 0xFFFF_FFFF) as usize;
        let v = ((j - i) as f32).sqrt();
        let p = &proj[c * d..(c + 1) * d];
        for (x, y) in vecs[r * d..(r + 1) * d].iter_mut().zip(p) {
            *x += v * y;
        }
        i = j;
    }
    for v in vecs.chunks_exact_mut(d) {
        normalize(v);
    }
    let fine = kmeans(
        &vecs,
        d,
        cfg.fine.min(vocab.len()).max(1),
        cfg.iters,
        &mut rng,
    );
    let mut cent = vec![0f32; cfg.fine.max(1) * d];
    for (r, &c) in fine.iter().enumerate() {
        for (x, y) in cent[c * d..(c + 1) * d]
            .iter_mut()
            .zip(&vecs[r * d..(r + 1) * d])
        {
            *x += y;
        }
    }
    for v in cent.chunks_exact_mut(d) {
        normalize(v);
    }
    let k_fine = cent.len() / d;
    let coarse_of = kmeans(&cent, d, cfg.coarse.min(k_fine).max(1), cfg.iters, &mut rng);
    let mut out = Vec::new();
    for w in 0..n {
        let r = row_of[w];
        let [low, up] = caps[w];
        let tot = low + up;
        let case = if tot < 3 {
            0
        } else {
            let f = up as f32 / tot as f32;
            if f < 0.05 {
                1
            } else if f < 0.5 {
                2
            } else if f < 0.95 {
                3
            } else {
                4
            }
        };
        if r == u32::MAX && case == 0 {
            continue;
        }
        let (coarse, fine_c) = if r == u32::MAX {
            (0, 0)
        } else {
            let f = fine[r as usize];
            (coarse_of.get(f).map_or(0, |c| *c as u16 + 1), f as u16 + 1)
        };
        out.push(ClusterWord {
            word: words[w].clone(),
            coarse,
            fine: fine_c,
            case,
        });
    }
    Clusters { words: out }
}

fn normalize(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        for x in v {
            *x /= n;
        }
    }
}

/// Spherical k-means on unit vectors (rows of `d` floats); returns the cluster of each row.
fn kmeans(vecs: &[f32], d: usize, k: usize, iters: usize, rng: &mut Rng) -> Vec<usize> {
    let n = vecs.len() / d;
    if n == 0 {
        return Vec::new();
    }
    let k = k.min(n).max(1);
    // Initial centroids: evenly spread over a seeded shuffle of the rows.
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let mut cent: Vec<f32> = order
        .iter()
        .take(k)
        .flat_map(|&r| vecs[r * d..(r + 1) * d].iter().copied())
        .collect();
    let mut assign = vec![0usize; n];
    for _ in 0..iters {
        let mut changed = false;
        for (r, a) in assign.iter_mut().enumerate() {
            let v = &vecs[r * d..(r + 1) * d];
            let mut best = 0;
            let mut bs = f32::MIN;
            for (c, cv) in cent.chunks_exact(d).enumerate() {
                let s: f32 = v.iter().zip(cv).map(|(a, b)| a * b).sum();
                if s > bs {
                    bs = s;
                    best = c;
                }
            }
            if *a != best {
                *a = best;
                changed = true;
            }
        }
        let mut sum = vec![0f32; k * d];
        let mut cnt = vec![0usize; k];
        for (r, &a) in assign.iter().enumerate() {
            cnt[a] += 1;
            for (x, y) in sum[a * d..(a + 1) * d]
                .iter_mut()
                .zip(&vecs[r * d..(r + 1) * d])
            {
                *x += y;
            }
        }
        for c in 0..k {
            if cnt[c] == 0 {
                // Empty cluster: restart it on a random row.
                let r = rng.below(n);
                sum[c * d..(c + 1) * d].copy_from_slice(&vecs[r * d..(r + 1) * d]);
            }
            normalize(&mut sum[c * d..(c + 1) * d]);
        }
        cent = sum;
        if !changed {
            break;
        }
    }
    assign
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_elisions_and_punctuation() {
        let s = tokenize_plain("L'ONU a dit « non ». Puis (vraiment) rien !");
        assert_eq!(s[0], vec!["L'", "ONU", "a", "dit", "«", "non", "»", "."]);
        assert_eq!(s[1], vec!["Puis", "(", "vraiment", ")", "rien", "!"]);
    }

    #[test]
    fn words_in_same_contexts_cluster_together() {
        let mut sents = Vec::new();
        for i in 0..60 {
            let city = ["Paris", "Lyon", "Nantes"][i % 3];
            let fruit = ["pomme", "poire", "prune"][i % 3];
            sents.push(format!("il habite à {city} depuis longtemps"));
            sents.push(format!("elle mange une {fruit} bien mûre"));
        }
        let toks: Vec<Vec<String>> = sents
            .iter()
            .map(|s| s.split(' ').map(String::from).collect())
            .collect();
        let cfg = ClusterConfig {
            fine: 4,
            coarse: 2,
            contexts: 20,
            dim: 32,
            ..ClusterConfig::default()
        };
        let c = learn_clusters(&toks, &cfg);
        let get = |w: &str| c.words.iter().find(|x| x.word == w).map(|x| x.fine);
        assert_eq!(get("paris"), get("lyon"));
        assert_eq!(get("poire"), get("pomme"));
        assert_ne!(get("paris"), get("pomme"));
        let cap = |w: &str| c.words.iter().find(|x| x.word == w).map(|x| x.case);
        assert_eq!(cap("paris"), Some(4));
        assert_eq!(cap("pomme"), Some(1));
    }
}
