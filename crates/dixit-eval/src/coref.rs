//! Coreference scorer: MUC (Vilain et al. 1995), B³ (Bagga & Baldwin 1998), CEAF-e (Luo
//! 2005, entity-based φ4 similarity) and the CoNLL F1 (their mean), as defined for
//! predicted mentions by Pradhan et al. 2014 ("Scoring Coreference Partitions of Predicted
//! Mentions: A Reference Implementation"), plus mention detection (exact spans).
//!
//! A mention is a `(first word, last word)` pair inside one document: key and response
//! mentions match only when both bounds are equal. Documents are scored one at a time and
//! their counts summed (micro-average over the corpus), as the reference scorer does.
//!
//! Written from the papers' definitions, with `K` the key chains and `R` the response
//! chains:
//!
//! - MUC recall = Σₖ (|k| − |p(k)|) / Σₖ (|k| − 1), where `p(k)` partitions `k` by the
//!   response chains, a mention of `k` absent from the response being a part of its own;
//!   precision swaps `K` and `R`. A singleton contributes nothing either way.
//! - B³ recall = Σₖ Σᵣ |k ∩ r|² / |k|, over Σₖ |k|; precision = Σᵣ Σₖ |k ∩ r|² / |r|,
//!   over Σᵣ |r|. Mentions only in one side count in that side's denominator only.
//! - CEAF-e: φ4(k, r) = 2|k ∩ r| / (|k| + |r|); Φ* = the largest Σ φ4 over one-to-one
//!   alignments of key and response chains; recall = Φ*/|K|, precision = Φ*/|R|.
//!
//! A ratio over an empty denominator is 0 (an empty response has precision 0, a key of
//! singletons only has MUC recall 0), and F1 is 0 when P + R = 0.

use pathfinding::prelude::{Matrix, kuhn_munkres};
use serde::Serialize;
use std::collections::HashMap;

/// What the figures come from, as reports name it.
pub const SCORER: &str = "dixit-eval's coref module: MUC, B³, CEAF-e (φ4) and their mean F1 \
     per Pradhan et al. 2014, mentions matched by exact word span";

/// A mention: first and last word (inclusive) inside its document.
pub type Mention = (usize, usize);

/// A chain (an entity): its mentions.
pub type Chain = Vec<Mention>;

/// Which side of the comparison a malformed chain set is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The gold chains.
    Key,
    /// The system's chains.
    Response,
}

impl std::fmt::Display for Side {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Side::Key => "key",
            Side::Response => "response",
        })
    }
}

/// Why a document's chains cannot be scored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CorefError {
    /// A mention belongs to two chains (or twice to one): the chains are not a partition.
    #[error("{side}: mention ({}, {}) is in more than one chain", .mention.0, .mention.1)]
    DuplicateMention {
        /// Key or response.
        side: Side,
        /// The mention.
        mention: Mention,
    },
    /// A chain without mentions.
    #[error("{side}: chain {index} has no mention")]
    EmptyChain {
        /// Key or response.
        side: Side,
        /// Index of the chain.
        index: usize,
    },
    /// A mention whose last word comes before its first.
    #[error("{side}: mention ({}, {}) ends before it starts", .mention.0, .mention.1)]
    BadSpan {
        /// Key or response.
        side: Side,
        /// The mention.
        mention: Mention,
    },
}

/// Numerators and denominators of one metric, summed over documents.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    /// Recall numerator.
    pub r_num: f64,
    /// Recall denominator.
    pub r_den: f64,
    /// Precision numerator.
    pub p_num: f64,
    /// Precision denominator.
    pub p_den: f64,
}

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Precision.
    pub p: f64,
    /// Recall.
    pub r: f64,
    /// F1.
    pub f: f64,
}

fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 { num / den } else { 0.0 }
}

impl Tally {
    /// Precision, recall and F1 of the sums.
    pub fn prf(&self) -> Prf {
        let p = ratio(self.p_num, self.p_den);
        let r = ratio(self.r_num, self.r_den);
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Prf { p, r, f }
    }

    fn add(&mut self, o: Tally) {
        self.r_num += o.r_num;
        self.r_den += o.r_den;
        self.p_num += o.p_num;
        self.p_den += o.p_den;
    }
}

/// The scores of a corpus, accumulated document by document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CorefScores {
    /// MUC.
    pub muc: Tally,
    /// B³.
    pub b3: Tally,
    /// CEAF-e.
    pub ceaf_e: Tally,
    /// Mention detection: exact span matches (recall over key mentions, precision over
    /// response mentions).
    pub mentions: Tally,
    /// Documents added.
    pub documents: usize,
    /// Key chains.
    pub key_chains: usize,
    /// Response chains.
    pub response_chains: usize,
}

/// The figures of a [`CorefScores`], as printed and serialised.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// MUC.
    pub muc: Prf,
    /// B³.
    pub b3: Prf,
    /// CEAF-e.
    pub ceaf_e: Prf,
    /// Mean of the three F1.
    pub conll_f1: f64,
    /// Mention detection.
    pub mentions: Prf,
    /// Key mentions.
    pub key_mentions: usize,
    /// Response mentions.
    pub response_mentions: usize,
    /// Mentions in both.
    pub matched_mentions: usize,
    /// Key chains.
    pub key_chains: usize,
    /// Response chains.
    pub response_chains: usize,
    /// Documents.
    pub documents: usize,
}

impl CorefScores {
    /// Scores one document's response chains against its key chains and adds the counts.
    /// Either set may be empty; a malformed one (a mention in two chains, an empty chain, a
    /// reversed span) is an error and adds nothing.
    pub fn add_document(&mut self, key: &[Chain], response: &[Chain]) -> Result<(), CorefError> {
        let key_of = index(key, Side::Key)?;
        let resp_of = index(response, Side::Response)?;
        self.muc.add(muc(key, response, &key_of, &resp_of));
        self.b3.add(b_cubed(key, response, &key_of, &resp_of));
        self.ceaf_e.add(ceaf_e(key, response, &key_of, &resp_of));
        let matched = key_of.keys().filter(|m| resp_of.contains_key(m)).count() as f64;
        self.mentions.add(Tally {
            r_num: matched,
            r_den: key_of.len() as f64,
            p_num: matched,
            p_den: resp_of.len() as f64,
        });
        self.documents += 1;
        self.key_chains += key.len();
        self.response_chains += response.len();
        Ok(())
    }

    /// The CoNLL F1: mean of the MUC, B³ and CEAF-e F1.
    pub fn conll_f1(&self) -> f64 {
        (self.muc.prf().f + self.b3.prf().f + self.ceaf_e.prf().f) / 3.0
    }

    /// The figures.
    pub fn report(&self) -> Report {
        Report {
            muc: self.muc.prf(),
            b3: self.b3.prf(),
            ceaf_e: self.ceaf_e.prf(),
            conll_f1: self.conll_f1(),
            mentions: self.mentions.prf(),
            key_mentions: self.mentions.r_den as usize,
            response_mentions: self.mentions.p_den as usize,
            matched_mentions: self.mentions.r_num as usize,
            key_chains: self.key_chains,
            response_chains: self.response_chains,
            documents: self.documents,
        }
    }
}

/// Mention → index of its chain, checking that the chains partition their mentions.
fn index(chains: &[Chain], side: Side) -> Result<HashMap<Mention, usize>, CorefError> {
    let mut of = HashMap::new();
    for (i, c) in chains.iter().enumerate() {
        if c.is_empty() {
            return Err(CorefError::EmptyChain { side, index: i });
        }
        for &m in c {
            if m.1 < m.0 {
                return Err(CorefError::BadSpan { side, mention: m });
            }
            if of.insert(m, i).is_some() {
                return Err(CorefError::DuplicateMention { side, mention: m });
            }
        }
    }
    Ok(of)
}

/// Σ (|c| − |p(c)|) and Σ (|c| − 1) over `chains`, `p(c)` being the partition of `c` by
/// the other side's chains (`other_of`), each mention the other side lacks a part alone.
fn muc_side(chains: &[Chain], other_of: &HashMap<Mention, usize>) -> (f64, f64) {
    let (mut num, mut den) = (0usize, 0usize);
    let mut parts: Vec<usize> = Vec::new();
    for c in chains {
        parts.clear();
        let mut alone = 0usize;
        for m in c {
            match other_of.get(m) {
                Some(&j) => parts.push(j),
                None => alone += 1,
            }
        }
        parts.sort_unstable();
        parts.dedup();
        let p = parts.len() + alone;
        num += c.len() - p;
        den += c.len() - 1;
    }
    (num as f64, den as f64)
}

fn muc(
    key: &[Chain],
    response: &[Chain],
    key_of: &HashMap<Mention, usize>,
    resp_of: &HashMap<Mention, usize>,
) -> Tally {
    let (r_num, r_den) = muc_side(key, resp_of);
    let (p_num, p_den) = muc_side(response, key_of);
    Tally {
        r_num,
        r_den,
        p_num,
        p_den,
    }
}

/// Σ over `chains` of Σ over the other side's chains of |c ∩ o|² / |c|, and Σ |c|.
fn b3_side(chains: &[Chain], other_of: &HashMap<Mention, usize>) -> (f64, f64) {
    let (mut num, mut den) = (0.0, 0.0);
    let mut overlap: HashMap<usize, usize> = HashMap::new();
    for c in chains {
        overlap.clear();
        for m in c {
            if let Some(&j) = other_of.get(m) {
                *overlap.entry(j).or_insert(0) += 1;
            }
        }
        let n = c.len() as f64;
        num += overlap.values().map(|&k| (k * k) as f64).sum::<f64>() / n;
        den += n;
    }
    (num, den)
}

fn b_cubed(
    key: &[Chain],
    response: &[Chain],
    key_of: &HashMap<Mention, usize>,
    resp_of: &HashMap<Mention, usize>,
) -> Tally {
    let (r_num, r_den) = b3_side(key, resp_of);
    let (p_num, p_den) = b3_side(response, key_of);
    Tally {
        r_num,
        r_den,
        p_num,
        p_den,
    }
}

/// φ4 similarity of a key and a response chain sharing `common` mentions.
fn phi4(common: usize, key_len: usize, resp_len: usize) -> f64 {
    2.0 * common as f64 / (key_len + resp_len) as f64
}

/// Fixed-point scale of φ4 for the assignment solver, which needs totally ordered
/// (integer) weights. Rounding moves a weight by at most 2⁻⁴¹, so the alignment found is
/// optimal to within n·2⁻⁴¹ for n aligned pairs; the score itself is then summed from the
/// exact φ4 of the chosen pairs.
const PHI_SCALE: f64 = (1u64 << 40) as f64;

fn ceaf_e(
    key: &[Chain],
    response: &[Chain],
    key_of: &HashMap<Mention, usize>,
    resp_of: &HashMap<Mention, usize>,
) -> Tally {
    // Overlaps between key chain i and response chain j.
    let mut common: HashMap<(usize, usize), usize> = HashMap::new();
    for (m, &i) in key_of {
        if let Some(&j) = resp_of.get(m) {
            *common.entry((i, j)).or_insert(0) += 1;
        }
    }
    // Only chains that share a mention can be aligned with a positive φ4, and the best
    // alignment is the union of the best alignments of each connected component of the
    // "shares a mention" graph: solving components apart keeps the cubic solver on small
    // matrices (most components are one key and one response chain).
    let nk = key.len();
    let mut parent: Vec<usize> = (0..nk + response.len()).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for &(i, j) in common.keys() {
        let (a, b) = (find(&mut parent, i), find(&mut parent, nk + j));
        if a != b {
            parent[a] = b;
        }
    }
    let mut components: HashMap<usize, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for &(i, j) in common.keys() {
        let root = find(&mut parent, i);
        let comp = components.entry(root).or_default();
        comp.0.push(i);
        comp.1.push(j);
    }
    let mut total = 0.0;
    for (_, (mut ks, mut rs)) in components {
        ks.sort_unstable();
        ks.dedup();
        rs.sort_unstable();
        rs.dedup();
        total += best_alignment(&ks, &rs, key, response, &common);
    }
    Tally {
        r_num: total,
        r_den: nk as f64,
        p_num: total,
        p_den: response.len() as f64,
    }
}

/// The largest Σ φ4 over one-to-one alignments of key chains `ks` and response chains
/// `rs` (one connected component).
fn best_alignment(
    ks: &[usize],
    rs: &[usize],
    key: &[Chain],
    response: &[Chain],
    common: &HashMap<(usize, usize), usize>,
) -> f64 {
    let phi = |i: usize, j: usize| {
        let c = common.get(&(i, j)).copied().unwrap_or(0);
        let kl = key.get(i).map_or(0, Vec::len);
        let rl = response.get(j).map_or(0, Vec::len);
        if c == 0 { 0.0 } else { phi4(c, kl, rl) }
    };
    if let ([i], [j]) = (ks, rs) {
        return phi(*i, *j);
    }
    // The solver wants no more rows than columns: rows are the smaller side.
    let key_rows = ks.len() <= rs.len();
    let (rows, cols) = if key_rows { (ks, rs) } else { (rs, ks) };
    let pair = |r: usize, c: usize| if key_rows { (r, c) } else { (c, r) };
    let mut weights = Matrix::new(rows.len(), cols.len(), 0i64);
    for (a, &r) in rows.iter().enumerate() {
        for (b, &c) in cols.iter().enumerate() {
            let (i, j) = pair(r, c);
            if let Some(w) = weights.get_mut((a, b)) {
                *w = (phi(i, j) * PHI_SCALE).round() as i64;
            }
        }
    }
    let (_, assignment) = kuhn_munkres(&weights);
    rows.iter()
        .zip(assignment)
        .filter_map(|(&r, b)| cols.get(b).map(|&c| pair(r, c)))
        .map(|(i, j)| phi(i, j))
        .sum()
}

impl Report {
    /// The figures as text, one metric a line.
    pub fn to_text(&self) -> String {
        let line = |name: &str, s: &Prf| {
            format!(
                "  {name:<10} P {:>7.2}  R {:>7.2}  F1 {:>7.2}\n",
                100.0 * s.p,
                100.0 * s.r,
                100.0 * s.f
            )
        };
        let mut out = String::new();
        out.push_str(&line("MUC", &self.muc));
        out.push_str(&line("B³", &self.b3));
        out.push_str(&line("CEAF-e", &self.ceaf_e));
        out.push_str(&format!("  CoNLL F1   {:.2}\n", 100.0 * self.conll_f1));
        out.push_str(&line("mentions", &self.mentions));
        out.push_str(&format!(
            "  ({} key mentions in {} chains, {} response mentions in {} chains, {} exact \
             matches, {} documents)\n",
            self.key_mentions,
            self.key_chains,
            self.response_mentions,
            self.response_chains,
            self.matched_mentions,
            self.documents
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn m(i: usize) -> Mention {
        (i, i)
    }

    fn chains(spec: &[&[usize]]) -> Vec<Chain> {
        spec.iter()
            .map(|c| c.iter().map(|&i| m(i)).collect())
            .collect()
    }

    fn score(key: &[&[usize]], resp: &[&[usize]]) -> CorefScores {
        let mut s = CorefScores::default();
        s.add_document(&chains(key), &chains(resp))
            .expect("well-formed");
        s
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-12, "{a} != {b}");
    }

    /// Vilain et al.'s running example: key {A B C D}, response {A B} {C D}.
    #[test]
    fn muc_split_chain() {
        let s = score(&[&[1, 2, 3, 4]], &[&[1, 2], &[3, 4]]);
        let muc = s.muc.prf();
        // Recall: (4 − 2) / (4 − 1); precision: (2 − 1 + 2 − 1) / (1 + 1).
        close(muc.r, 2.0 / 3.0);
        close(muc.p, 1.0);
        close(muc.f, 0.8);
    }

    /// Key {1 2 3} {4 5}, response {1 2} {3 4 5 6}: every metric by hand.
    #[test]
    fn all_metrics_by_hand() {
        let s = score(&[&[1, 2, 3], &[4, 5]], &[&[1, 2], &[3, 4, 5, 6]]);
        // MUC recall: key {1 2 3} is cut in 2 parts, {4 5} in 1: (1 + 1) / (2 + 1).
        // MUC precision: {1 2} in 1 key part; {3 4 5 6} in 3 (key 1, key 2, 6 alone):
        // (1 + 1) / (1 + 3).
        close(s.muc.prf().r, 2.0 / 3.0);
        close(s.muc.prf().p, 0.5);
        // B³ recall: (2²/3 + 1²/3 + 2²/2) / 5 = (5/3 + 2) / 5 = 11/15.
        // B³ precision: (2²/2 + (1² + 2²)/4) / 6 = (2 + 5/4) / 6 = 13/24.
        close(s.b3.prf().r, 11.0 / 15.0);
        close(s.b3.prf().p, 13.0 / 24.0);
        // CEAF-e: φ4({1 2 3},{1 2}) = 4/5, φ4({1 2 3},{3 4 5 6}) = 2/7,
        // φ4({4 5},{3 4 5 6}) = 4/6. Best: 4/5 + 2/3 = 22/15; R = 22/15 / 2, P the same.
        close(s.ceaf_e.prf().r, 11.0 / 15.0);
        close(s.ceaf_e.prf().p, 11.0 / 15.0);
        let f = |p: f64, r: f64| 2.0 * p * r / (p + r);
        let conll = (f(0.5, 2.0 / 3.0) + f(13.0 / 24.0, 11.0 / 15.0) + 11.0 / 15.0) / 3.0;
        close(s.conll_f1(), conll);
        // Mentions: 5 of 6 response mentions are in the key.
        close(s.mentions.prf().r, 1.0);
        close(s.mentions.prf().p, 5.0 / 6.0);
    }

    /// The optimal alignment, not the greedy one.
    #[test]
    fn ceaf_alignment_is_optimal_not_greedy() {
        // Key k1 = {1 2 3 4}, k2 = {5 6}; response r1 = {1 2 3 5 6}, r2 = {4}.
        // φ4(k1, r1) = 6/9, φ4(k2, r1) = 4/7, φ4(k1, r2) = 2/5, φ4(k2, r2) = 0.
        // Taking the largest φ4 first gives k1–r1 and nothing for k2: 0.667;
        // the optimum is k1–r2 + k2–r1 = 0.4 + 0.571.
        let s = score(&[&[1, 2, 3, 4], &[5, 6]], &[&[1, 2, 3, 5, 6], &[4]]);
        close(s.ceaf_e.r_num, 2.0 / 5.0 + 4.0 / 7.0);
        close(s.ceaf_e.prf().r, (2.0 / 5.0 + 4.0 / 7.0) / 2.0);
        // More response chains than key chains: the solver is given the smaller side as rows.
        let s = score(&[&[1, 2, 3, 4, 5]], &[&[1, 2], &[3, 4, 5], &[6]]);
        close(s.ceaf_e.r_num, 6.0 / 8.0);
        close(s.ceaf_e.prf().p, 0.25);
    }

    #[test]
    fn muc_ignores_singletons() {
        // Key and response are singletons only: MUC has nothing to count.
        let s = score(&[&[1], &[2]], &[&[1, 2]]);
        assert_eq!(s.muc.r_den, 0.0);
        close(s.muc.prf().r, 0.0);
        // Precision: response {1 2} cut in 2 by the key: (2 − 2) / 1 = 0.
        close(s.muc.prf().p, 0.0);
        // A singleton added to both sides changes nothing in MUC.
        let a = score(&[&[1, 2], &[3]], &[&[1, 2], &[3]]);
        let b = score(&[&[1, 2]], &[&[1, 2]]);
        assert_eq!(a.muc, b.muc);
        close(a.muc.prf().f, 1.0);
        // ...but does count in B³ and CEAF-e.
        assert_ne!(a.b3, b.b3);
        assert_ne!(a.ceaf_e, b.ceaf_e);
    }

    #[test]
    fn response_mentions_absent_from_key() {
        // Key {1 2}; response {1 2 9}: mention 9 is not in the key.
        let s = score(&[&[1, 2]], &[&[1, 2, 9]]);
        // MUC: recall 1/1; precision: {1 2 9} cut in 2 parts (key chain, 9 alone): 1/2.
        close(s.muc.prf().r, 1.0);
        close(s.muc.prf().p, 0.5);
        // B³: recall (2²/2) / 2 = 1; precision (2²/3) / 3 = 4/9.
        close(s.b3.prf().r, 1.0);
        close(s.b3.prf().p, 4.0 / 9.0);
        // CEAF-e: φ4 = 4/5 over one chain on each side.
        close(s.ceaf_e.prf().r, 0.8);
        close(s.ceaf_e.prf().p, 0.8);
        close(s.mentions.prf().p, 2.0 / 3.0);
    }

    #[test]
    fn key_mentions_absent_from_response() {
        // Key {1 2 3}; response {1 2}: recall loses, precision does not.
        let s = score(&[&[1, 2, 3]], &[&[1, 2]]);
        close(s.muc.prf().r, 0.5);
        close(s.muc.prf().p, 1.0);
        close(s.b3.prf().r, (4.0 / 3.0) / 3.0);
        close(s.b3.prf().p, 1.0);
    }

    #[test]
    fn empty_response_scores_zero() {
        let s = score(&[&[1, 2], &[3]], &[]);
        for t in [s.muc, s.b3, s.ceaf_e, s.mentions] {
            assert_eq!(t.prf(), Prf::default());
        }
        assert_eq!(s.conll_f1(), 0.0);
        // Recall denominators still count the key.
        assert_eq!(s.b3.r_den, 3.0);
        assert_eq!(s.ceaf_e.r_den, 2.0);
    }

    #[test]
    fn documents_sum_their_counts() {
        let mut s = CorefScores::default();
        s.add_document(&chains(&[&[1, 2, 3, 4]]), &chains(&[&[1, 2], &[3, 4]]))
            .expect("ok");
        s.add_document(&chains(&[&[1, 2]]), &chains(&[&[1, 2]]))
            .expect("ok");
        // MUC recall: (2 + 1) / (3 + 1): the ratio of sums, not the mean of ratios.
        close(s.muc.prf().r, 0.75);
        assert_eq!(s.documents, 2);
        assert_eq!(s.key_chains, 2);
        assert_eq!(s.response_chains, 3);
    }

    #[test]
    fn spans_match_exactly() {
        // (1, 2) and (1, 3) share a first word: different mentions.
        let mut s = CorefScores::default();
        s.add_document(&[vec![(1, 2), (5, 5)]], &[vec![(1, 3), (5, 5)]])
            .expect("ok");
        close(s.mentions.prf().p, 0.5);
        close(s.muc.prf().r, 0.0);
    }

    #[test]
    fn malformed_chains_are_errors() {
        let mut s = CorefScores::default();
        assert_eq!(
            s.add_document(&chains(&[&[1], &[1]]), &[]),
            Err(CorefError::DuplicateMention {
                side: Side::Key,
                mention: (1, 1)
            })
        );
        assert_eq!(
            s.add_document(&[], &[vec![]]),
            Err(CorefError::EmptyChain {
                side: Side::Response,
                index: 0
            })
        );
        assert_eq!(
            s.add_document(&[vec![(3, 2)]], &[]),
            Err(CorefError::BadSpan {
                side: Side::Key,
                mention: (3, 2)
            })
        );
        // Nothing was added by the failed documents.
        assert_eq!(s, CorefScores::default());
    }

    #[test]
    fn text_report_names_every_metric() {
        let text = score(&[&[1, 2]], &[&[1, 2]]).report().to_text();
        for name in ["MUC", "B³", "CEAF-e", "CoNLL F1   100.00", "mentions"] {
            assert!(text.contains(name), "{name} missing from {text}");
        }
    }

    /// A partition of `n` mentions (some of them spans over two words) into chains by
    /// label, with the mentions of label 0 left out.
    fn partition(labels: &[usize], wide: &[bool]) -> Vec<Chain> {
        let mut by: std::collections::BTreeMap<usize, Chain> = Default::default();
        for (i, (&l, &w)) in labels.iter().zip(wide).enumerate() {
            if l > 0 {
                by.entry(l).or_default().push((i, i + usize::from(w)));
            }
        }
        by.into_values().collect()
    }

    proptest! {
        #[test]
        fn scores_are_ratios_and_identity_is_perfect(
            key_l in prop::collection::vec(0usize..6, 0..40),
            resp_l in prop::collection::vec(0usize..6, 0..40),
            wide in prop::collection::vec(any::<bool>(), 40),
        ) {
            let key = partition(&key_l, &wide);
            let resp = partition(&resp_l, &wide);
            let mut s = CorefScores::default();
            s.add_document(&key, &resp).expect("partitions are well-formed");
            for t in [s.muc, s.b3, s.ceaf_e, s.mentions] {
                let x = t.prf();
                for v in [x.p, x.r, x.f] {
                    prop_assert!((0.0..=1.0 + 1e-12).contains(&v), "{v} out of [0, 1]");
                }
            }
            let conll = s.conll_f1();
            prop_assert!((0.0..=1.0 + 1e-12).contains(&conll));

            let mut same = CorefScores::default();
            same.add_document(&key, &key).expect("well-formed");
            if !key.is_empty() {
                prop_assert!((same.b3.prf().f - 1.0).abs() < 1e-12);
                prop_assert!((same.ceaf_e.prf().f - 1.0).abs() < 1e-12);
                prop_assert!((same.mentions.prf().f - 1.0).abs() < 1e-12);
            }
            if key.iter().any(|c| c.len() > 1) {
                prop_assert!((same.muc.prf().f - 1.0).abs() < 1e-12);
            }
        }

        /// CEAF-e's Φ* is at least the score of any one alignment: here, of aligning
        /// chains in order (key i with response i).
        #[test]
        fn ceaf_beats_any_fixed_alignment(
            key_l in prop::collection::vec(1usize..5, 1..16),
            resp_l in prop::collection::vec(1usize..5, 1..16),
        ) {
            let wide = vec![false; 16];
            let key = partition(&key_l, &wide);
            let resp = partition(&resp_l, &wide);
            let mut s = CorefScores::default();
            s.add_document(&key, &resp).expect("ok");
            let fixed: f64 = key.iter().zip(&resp).map(|(k, r)| {
                let c = k.iter().filter(|m| r.contains(m)).count();
                phi4(c, k.len(), r.len())
            }).sum();
            prop_assert!(s.ceaf_e.r_num + 1e-9 >= fixed);
        }
    }
}
