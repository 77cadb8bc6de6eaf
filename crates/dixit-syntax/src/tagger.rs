//! Part-of-speech and morphology tagger: a greedy left-to-right averaged perceptron for UPOS,
//! then, with every UPOS known, a second left-to-right pass whose six heads predict Gender,
//! Number, Person, VerbForm, Tense and Mood, each restricted to the values its UPOS (and
//! VerbForm) allows in the training data.

use crate::lexicon::{TokInfo, verb_bits};
use crate::types::{FIELDS, NUM_UPOS, PREDICTED};
use crate::{Feats, Upos};
use dixit_learn::hash::{f1, f2, f3};
use dixit_learn::{Table, Weights};

/// Width of the morphology row: the six heads side by side.
pub const MORPH_WIDTH: usize = 24;
/// Offset of each head in the morphology row (same order as [`PREDICTED`]).
pub const HEAD_OFF: [usize; 6] = [0, 3, 6, 10, 14, 19];
/// Number of codes of each head ("absent" included).
pub const HEAD_LEN: [usize; 6] = [3, 3, 4, 4, 5, 5];
/// Head index of VerbForm, decided first because it restricts the others.
const VF: usize = 3;
/// Decoding order of the heads.
const ORDER: [usize; 6] = [3, 0, 1, 2, 4, 5];

/// Padding values of positions outside the sentence.
const PAD_L: u64 = 0x5EED_0001;
const PAD_R: u64 = 0x5EED_0002;
/// Tag value before the sentence.
const START: u64 = 99;

/// Codes of the six predicted heads of a packed bundle.
pub fn head_codes(f: Feats) -> [usize; 6] {
    let mut c = [0usize; 6];
    for (k, &fi) in PREDICTED.iter().enumerate() {
        c[k] = FIELDS[fi].get(f.0) as usize;
    }
    c
}

/// Packs head codes into a bundle (only the predicted fields).
pub fn pack_codes(c: &[usize; 6]) -> Feats {
    let mut p = 0u32;
    for (k, &fi) in PREDICTED.iter().enumerate() {
        p = FIELDS[fi].set(p, c[k] as u32);
    }
    Feats(p)
}

/// Allowed codes of each head, by UPOS and VerbForm code: bit `c` set when code `c` was seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allowed(pub Vec<[u8; 6]>);

impl Default for Allowed {
    fn default() -> Self {
        Allowed(vec![[0xFF; 6]; NUM_UPOS * 4])
    }
}

impl Allowed {
    /// Learns the masks from gold (UPOS, features) pairs.
    pub fn learn<'a>(pairs: impl Iterator<Item = (Upos, Feats)> + 'a) -> Allowed {
        let mut by_vf = vec![[0u8; 6]; NUM_UPOS * 4];
        let mut by_upos = vec![[0u8; 6]; NUM_UPOS];
        for (u, f) in pairs {
            let c = head_codes(f);
            let row = &mut by_vf[u as usize * 4 + c[VF].min(3)];
            for (m, &code) in row.iter_mut().zip(&c) {
                *m |= 1 << code;
            }
            for (m, &code) in by_upos[u as usize].iter_mut().zip(&c) {
                *m |= 1 << code;
            }
        }
        for u in 0..NUM_UPOS {
            for vf in 0..4 {
                let row = &mut by_vf[u * 4 + vf];
                for (h, m) in row.iter_mut().enumerate() {
                    if *m == 0 {
                        // Unseen combination: fall back on what the UPOS allows, else "absent".
                        *m = by_upos[u][h].max(1);
                    }
                }
            }
        }
        Allowed(by_vf)
    }

    #[inline]
    fn mask(&self, u: Upos, vf: usize, head: usize) -> u8 {
        self.0
            .get(u as usize * 4 + vf.min(3))
            .and_then(|r| r.get(head))
            .copied()
            .unwrap_or(1)
    }
}

#[inline]
fn word(t: &[TokInfo], i: isize) -> u64 {
    if i < 0 {
        PAD_L
    } else {
        t.get(i as usize).map_or(PAD_R, |x| x.word)
    }
}

#[inline]
fn tok(t: &[TokInfo], i: isize) -> Option<&TokInfo> {
    if i < 0 { None } else { t.get(i as usize) }
}

/// Features of position `i` that do not depend on predicted tags.
pub fn upos_static(t: &[TokInfo], i: usize, out: &mut Vec<u64>) {
    let Some(x) = t.get(i) else { return };
    let ii = i as isize;
    out.push(f1(0, 1));
    out.push(f1(1, x.word));
    out.push(f1(2, word(t, ii - 1)));
    out.push(f1(3, word(t, ii + 1)));
    out.push(f1(4, word(t, ii - 2)));
    out.push(f1(5, word(t, ii + 2)));
    for (k, &s) in x.suf.iter().enumerate() {
        if s != 0 {
            out.push(f1(6 + k as u32, s));
        }
    }
    for (k, &p) in x.pre.iter().enumerate() {
        if p != 0 {
            out.push(f1(11 + k as u32, p));
        }
    }
    out.push(f1(14, x.shape));
    let prev = tok(t, ii - 1);
    let next = tok(t, ii + 1);
    out.push(f2(15, prev.map_or(PAD_L, |p| p.shape), x.shape));
    out.push(f2(16, x.shape, next.map_or(PAD_R, |p| p.shape)));
    out.push(f1(17, prev.map_or(PAD_L, |p| p.suf[2])));
    out.push(f1(18, next.map_or(PAD_R, |p| p.suf[2])));
    out.push(f1(19, next.map_or(PAD_R, |p| p.suf[1])));
    if x.lex.fine != 0 {
        out.push(f1(20, u64::from(x.lex.fine)));
        out.push(f1(21, u64::from(x.lex.coarse)));
    }
    let fine = |o: Option<&TokInfo>| o.map_or(0xFFFF, |p| u64::from(p.lex.fine));
    out.push(f1(22, fine(prev)));
    out.push(f1(23, fine(next)));
    out.push(f1(24, fine(tok(t, ii + 2))));
    let amb = |o: Option<&TokInfo>| o.map_or(1 << 30, |p| u64::from(p.lex.amb));
    out.push(f1(26, u64::from(x.lex.amb)));
    out.push(f1(27, amb(prev)));
    out.push(f1(28, amb(next)));
    out.push(f2(29, u64::from(x.lex.amb), amb(next)));
    if x.lex.verb != 0 {
        out.push(f1(30, u64::from(x.lex.verb & 0x7FF)));
    }
    out.push(f1(
        31,
        next.map_or(1 << 20, |p| u64::from(p.lex.verb & 0x7FF)),
    ));
    out.push(f2(32, word(t, ii - 1), x.word));
    out.push(f2(33, x.word, word(t, ii + 1)));
    out.push(f3(
        34,
        u64::from(x.flags),
        u64::from(i == 0),
        u64::from(x.len),
    ));
    if x.lex.amb == 0 {
        // Unknown word: its suffix with its capitalisation, the strongest OOV cue.
        out.push(f2(35, x.suf[2], u64::from(x.flags & 3)));
        out.push(f2(36, x.suf[1], fine(Some(x))));
    }
}

/// History features of position `i` given the two previous tags (`None`: before the sentence).
#[inline]
pub fn upos_history(t: &[TokInfo], i: usize, p1: Option<Upos>, p2: Option<Upos>) -> [u64; 5] {
    let a = p1.map_or(START, |u| u as u64);
    let b = p2.map_or(START, |u| u as u64);
    let x = t.get(i).copied().unwrap_or_default();
    [
        f1(40, a),
        f2(41, b, a),
        f2(42, a, x.word),
        f2(43, a, u64::from(x.lex.amb)),
        f2(44, a, word(t, i as isize + 1)),
    ]
}

/// Compact morphology code of a bundle for features (gender, number, person).
#[inline]
fn gnp(f: Feats) -> u64 {
    u64::from(f.0 & 0x3F)
}

/// Features of the morphology heads at `i`, given every UPOS and the bundles already
/// predicted to the left.
pub fn morph_features(t: &[TokInfo], upos: &[Upos], feats: &[Feats], i: usize, out: &mut Vec<u64>) {
    let Some(x) = t.get(i) else { return };
    let u = upos.get(i).map_or(START, |u| *u as u64);
    let ii = i as isize;
    let up = |j: isize| -> u64 {
        if j < 0 {
            START
        } else {
            upos.get(j as usize).map_or(START + 1, |u| *u as u64)
        }
    };
    out.push(f1(100, u));
    out.push(f2(101, u, x.word));
    for (k, &s) in x.suf.iter().enumerate() {
        if s != 0 {
            out.push(f2(102 + k as u32, u, s));
        }
    }
    out.push(f2(107, u, u64::from(x.lex.verb)));
    out.push(f3(108, u, up(ii - 1), word(t, ii - 1)));
    out.push(f2(109, u, word(t, ii + 1)));
    let next = tok(t, ii + 1);
    out.push(f3(110, u, up(ii + 1), next.map_or(PAD_R, |n| n.suf[0])));
    out.push(f3(111, u, up(ii + 1), next.map_or(PAD_R, |n| n.suf[1])));
    out.push(f2(112, u, u64::from(x.lex.fine)));
    out.push(f2(113, u, x.shape));
    // Agreement: the closest nominal word to the left within three words.
    let mut agree = START;
    for j in (i.saturating_sub(3)..i).rev() {
        if let (Some(uj), Some(fj)) = (upos.get(j), feats.get(j))
            && matches!(
                uj,
                Upos::Det | Upos::Noun | Upos::Adj | Upos::Propn | Upos::Pron
            )
        {
            agree = (*uj as u64) << 8 | gnp(*fj);
            break;
        }
    }
    out.push(f2(114, u, agree));
    // Subject clitic: the closest pronoun to the left within four words, by its form.
    if matches!(upos.get(i), Some(Upos::Verb | Upos::Aux)) {
        let mut subj = START;
        for j in (i.saturating_sub(4)..i).rev() {
            if upos.get(j) == Some(&Upos::Pron) {
                subj = t.get(j).map_or(START, |p| p.word);
                break;
            }
        }
        out.push(f2(115, u, subj));
        out.push(f3(
            116,
            u,
            up(ii - 1),
            feats.get(i.wrapping_sub(1)).map_or(START, |f| gnp(*f)),
        ));
        let b = x.lex.verb;
        for (bit, tmpl) in [
            (verb_bits::P1, 117u32),
            (verb_bits::P2, 118),
            (verb_bits::P3, 119),
            (verb_bits::SG, 120),
            (verb_bits::PL, 121),
        ] {
            if b & bit != 0 {
                out.push(f1(tmpl, u));
            }
        }
    }
    if matches!(
        upos.get(i),
        Some(Upos::Det | Upos::Adj | Upos::Noun | Upos::Pron)
    ) {
        // Determiners and adjectives agree with the noun that follows.
        let mut k = i + 1;
        while k < t.len() && k <= i + 3 {
            if matches!(upos.get(k), Some(Upos::Noun | Upos::Propn)) {
                break;
            }
            k += 1;
        }
        let nsuf = t.get(k).filter(|_| k <= i + 3).map_or(PAD_R, |n| n.suf[0]);
        out.push(f3(122, u, nsuf, x.suf[0]));
        out.push(f3(
            123,
            u,
            t.get(k).filter(|_| k <= i + 3).map_or(PAD_R, |n| n.word),
            x.word,
        ));
    }
}

/// Picks each head's best allowed code.
pub fn decode_morph<T: PartialOrd + Copy>(
    scores: &[T; MORPH_WIDTH],
    u: Upos,
    allowed: &Allowed,
) -> [usize; 6] {
    let mut codes = [0usize; 6];
    let mut vf = 0usize;
    for &h in &ORDER {
        let mask = if h == VF {
            allowed.vf_mask(u)
        } else {
            allowed.mask(u, vf, h)
        };
        let off = HEAD_OFF[h];
        let mut best: Option<(usize, T)> = None;
        for c in 0..HEAD_LEN[h] {
            if mask & (1 << c) == 0 {
                continue;
            }
            let s = scores[off + c];
            if best.is_none_or(|(_, b)| s > b) {
                best = Some((c, s));
            }
        }
        codes[h] = best.map_or(0, |(c, _)| c);
        if h == VF {
            vf = codes[h];
        }
    }
    codes
}

impl Allowed {
    /// VerbForm codes a UPOS allows (union over its rows).
    fn vf_mask(&self, u: Upos) -> u8 {
        (0..4).fold(0, |m, vf| m | self.mask(u, vf, VF)).max(1)
    }
}

/// Best UPOS of a score row.
#[inline]
pub fn best_upos<T: PartialOrd + Copy>(scores: &[T; NUM_UPOS]) -> Upos {
    let mut best = 0;
    for i in 1..NUM_UPOS {
        if scores[i] > scores[best] {
            best = i;
        }
    }
    Upos::from_index(best)
}

/// The trained tagger.
#[derive(Clone, Default)]
pub struct Tagger {
    /// UPOS weights.
    pub upos: Table<NUM_UPOS>,
    /// Morphology weights.
    pub morph: Table<MORPH_WIDTH>,
    /// Allowed head codes.
    pub allowed: Allowed,
}

/// Reusable buffers of the tagger.
#[derive(Default)]
pub struct TagScratch {
    feats: Vec<u64>,
}

impl Tagger {
    /// Tags a sentence: UPOS into `upos`, the predicted morphology into `feats` (both cleared).
    pub fn tag(
        &self,
        t: &[TokInfo],
        s: &mut TagScratch,
        upos: &mut Vec<Upos>,
        feats: &mut Vec<Feats>,
    ) {
        upos.clear();
        feats.clear();
        let (mut p1, mut p2) = (None, None);
        for i in 0..t.len() {
            s.feats.clear();
            upos_static(t, i, &mut s.feats);
            s.feats.extend_from_slice(&upos_history(t, i, p1, p2));
            let mut acc = [0i32; NUM_UPOS];
            self.upos.add_into(&s.feats, &mut acc);
            let u = best_upos(&acc);
            upos.push(u);
            p2 = p1;
            p1 = Some(u);
        }
        for i in 0..t.len() {
            s.feats.clear();
            morph_features(t, upos, feats, i, &mut s.feats);
            let mut acc = [0i32; MORPH_WIDTH];
            self.morph.add_into(&s.feats, &mut acc);
            let u = upos.get(i).copied().unwrap_or_default();
            feats.push(pack_codes(&decode_morph(&acc, u, &self.allowed)));
        }
    }
}

/// Tagger under training.
pub struct TaggerTrainer {
    upos: Weights<NUM_UPOS>,
    morph: Weights<MORPH_WIDTH>,
    feats: Vec<u64>,
    allowed: Allowed,
}

impl TaggerTrainer {
    /// Fresh weights; `allowed` restricts the morphology heads as at inference.
    pub fn new(allowed: Allowed) -> Self {
        TaggerTrainer {
            upos: Weights::new(),
            morph: Weights::new(),
            feats: Vec::new(),
            allowed,
        }
    }

    /// One perceptron pass over a sentence; returns (UPOS errors, morphology head errors).
    pub fn learn(
        &mut self,
        t: &[TokInfo],
        gold_upos: &[Upos],
        gold_feats: &[Feats],
    ) -> (usize, usize) {
        let (mut ue, mut me) = (0, 0);
        let (mut p1, mut p2) = (None, None);
        for i in 0..t.len().min(gold_upos.len()) {
            self.feats.clear();
            upos_static(t, i, &mut self.feats);
            self.feats.extend_from_slice(&upos_history(t, i, p1, p2));
            let mut acc = [0f32; NUM_UPOS];
            self.upos.add_scores(&self.feats, &mut acc);
            let pred = best_upos(&acc);
            let gold = gold_upos[i];
            self.upos.now += 1;
            if pred != gold {
                ue += 1;
                self.upos.update(&self.feats, gold as usize, pred as usize);
            }
            p2 = p1;
            p1 = Some(pred);
        }
        // Morphology learns from gold UPOS and gold bundles to the left.
        for i in 0..t.len().min(gold_feats.len()) {
            self.feats.clear();
            morph_features(t, gold_upos, gold_feats, i, &mut self.feats);
            let mut acc = [0f32; MORPH_WIDTH];
            self.morph.add_scores(&self.feats, &mut acc);
            let pred = decode_morph(&acc, gold_upos[i], &self.allowed);
            let gold = head_codes(gold_feats[i]);
            self.morph.now += 1;
            let mut wrong = false;
            for h in 0..6 {
                if pred[h] != gold[h] {
                    wrong = true;
                    self.morph
                        .update(&self.feats, HEAD_OFF[h] + gold[h], HEAD_OFF[h] + pred[h]);
                }
            }
            me += usize::from(wrong);
        }
        (ue, me)
    }

    /// The averaged tagger.
    pub fn finish(&self, prune: i16) -> Tagger {
        Tagger {
            upos: Table::with_entries(&self.upos.averaged(prune)),
            morph: Table::with_entries(&self.morph.averaged(prune)),
            allowed: self.allowed.clone(),
        }
    }
}
