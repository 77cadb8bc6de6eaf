//! Part-of-speech and morphology tagger: a greedy left-to-right averaged perceptron for UPOS,
//! then, with every UPOS known, a second left-to-right pass whose six heads predict Gender,
//! Number, Person, VerbForm, Tense and Mood, each restricted to the values its UPOS (and
//! VerbForm) allows in the training data.

use crate::lexicon::{InfoBuf, TokInfo, WordLexicon, verb_bits};
use crate::types::{FIELDS, NUM_UPOS, PREDICTED};
use crate::{Feats, Upos};
use dixit_learn::hash::{f2 as key2, k1 as f1, k2 as f2, k3 as f3};
use dixit_learn::{HashKernel, HashedMap, KernelWeights, hash};

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
        let mut by_upos = [[0u8; 6]; NUM_UPOS];
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

/// UPOS features of a word that depend on the word alone (and the style): cached per word
/// form at inference.
pub fn upos_internal(x: &TokInfo, style: u8, out: &mut Vec<u64>) {
    let st = u64::from(style);
    out.push(f2(37, st, x.word));
    out.push(f2(38, st, x.suf[2]));
    out.push(f1(0, 1));
    out.push(f1(1, x.word));
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
    if x.lex.fine != 0 {
        out.push(f1(20, u64::from(x.lex.fine)));
        out.push(f1(21, u64::from(x.lex.coarse)));
    }
    out.push(f1(26, u64::from(x.lex.amb)));
    if x.lex.verb != 0 {
        out.push(f1(30, u64::from(x.lex.verb & 0x7FF)));
    }
    if x.lex.amb == 0 {
        // Unknown word: its suffix with its capitalisation, the strongest OOV cue.
        out.push(f2(35, x.suf[2], u64::from(x.flags & 3)));
        out.push(f2(36, x.suf[1], u64::from(x.lex.fine)));
    }
}

/// UPOS features a word contributes when it stands at offset `off` (±1, ±2) from the word
/// being tagged; `None`: the offset falls outside the sentence. Cached per word form.
pub fn upos_neighbour(x: Option<&TokInfo>, off: isize, out: &mut Vec<u64>) {
    let pad = if off < 0 { PAD_L } else { PAD_R };
    let w = x.map_or(pad, |x| x.word);
    let fine = x.map_or(0xFFFF, |x| u64::from(x.lex.fine));
    match off {
        -2 => out.push(f1(4, w)),
        -1 => {
            out.push(f1(2, w));
            out.push(f1(17, x.map_or(PAD_L, |p| p.suf[2])));
            out.push(f1(22, fine));
            out.push(f1(27, x.map_or(1 << 30, |p| u64::from(p.lex.amb))));
        }
        1 => {
            out.push(f1(3, w));
            out.push(f1(18, x.map_or(PAD_R, |p| p.suf[2])));
            out.push(f1(19, x.map_or(PAD_R, |p| p.suf[1])));
            out.push(f1(23, fine));
            out.push(f1(28, x.map_or(1 << 30, |p| u64::from(p.lex.amb))));
            out.push(f1(31, x.map_or(1 << 20, |p| u64::from(p.lex.verb & 0x7FF))));
        }
        2 => {
            out.push(f1(5, w));
            out.push(f1(24, fine));
        }
        _ => {}
    }
}

/// UPOS features of position `i` that combine several words.
pub fn upos_context(t: &[TokInfo], i: usize, out: &mut Vec<u64>) {
    let Some(x) = t.get(i) else { return };
    let ii = i as isize;
    let prev = tok(t, ii - 1);
    let next = tok(t, ii + 1);
    out.push(f2(15, prev.map_or(PAD_L, |p| p.shape), x.shape));
    out.push(f2(16, x.shape, next.map_or(PAD_R, |p| p.shape)));
    let amb = |o: Option<&TokInfo>| o.map_or(1 << 30, |p| u64::from(p.lex.amb));
    out.push(f2(29, u64::from(x.lex.amb), amb(next)));
    out.push(f2(32, word(t, ii - 1), x.word));
    out.push(f2(33, x.word, word(t, ii + 1)));
    out.push(f3(
        34,
        u64::from(x.flags),
        u64::from(i == 0),
        u64::from(x.len),
    ));
}

/// Every UPOS feature of position `i` that does not depend on predicted tags; `style` is the
/// annotation style (treebank) to reproduce.
pub fn upos_static(t: &[TokInfo], i: usize, style: u8, out: &mut Vec<u64>) {
    let Some(x) = t.get(i) else { return };
    upos_internal(x, style, out);
    for off in [-2isize, -1, 1, 2] {
        upos_neighbour(tok(t, i as isize + off), off, out);
    }
    upos_context(t, i, out);
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

/// Morphology features of a word tagged `u` that depend on the word alone (and the style):
/// cached per (word form, UPOS) at inference.
pub fn morph_internal(x: &TokInfo, u: Upos, style: u8, out: &mut Vec<u64>) {
    let uu = u as u64;
    let st = u64::from(style);
    out.push(f2(130, uu, st));
    out.push(f3(131, uu, st, x.word));
    out.push(f3(132, uu, st, x.suf[1]));
    out.push(f1(100, uu));
    out.push(f2(101, uu, x.word));
    for (k, &s) in x.suf.iter().enumerate() {
        if s != 0 {
            out.push(f2(102 + k as u32, uu, s));
        }
    }
    out.push(f2(107, uu, u64::from(x.lex.verb)));
    out.push(f2(112, uu, u64::from(x.lex.fine)));
    out.push(f2(113, uu, x.shape));
    if u.is_verbal() {
        let b = x.lex.verb;
        for (bit, tmpl) in [
            (verb_bits::P1, 117u32),
            (verb_bits::P2, 118),
            (verb_bits::P3, 119),
            (verb_bits::SG, 120),
            (verb_bits::PL, 121),
        ] {
            if b & bit != 0 {
                out.push(f1(tmpl, uu));
            }
        }
    }
}

/// Morphology features of position `i` that look at other words, given every UPOS and the
/// bundles already predicted to the left.
pub fn morph_context(t: &[TokInfo], upos: &[Upos], feats: &[Feats], i: usize, out: &mut Vec<u64>) {
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
    out.push(f3(108, u, up(ii - 1), word(t, ii - 1)));
    out.push(f2(109, u, word(t, ii + 1)));
    let next = tok(t, ii + 1);
    out.push(f3(110, u, up(ii + 1), next.map_or(PAD_R, |n| n.suf[0])));
    out.push(f3(111, u, up(ii + 1), next.map_or(PAD_R, |n| n.suf[1])));
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
    if matches!(upos.get(i), Some(Upos::Verb | Upos::Aux)) {
        // Subject clitic: the closest pronoun to the left within four words, by its form.
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
        let noun = t.get(k).filter(|_| k <= i + 3);
        out.push(f3(122, u, noun.map_or(PAD_R, |n| n.suf[0]), x.suf[0]));
        out.push(f3(123, u, noun.map_or(PAD_R, |n| n.word), x.word));
    }
}

/// Every morphology feature of position `i`; `style` as in [`upos_static`].
pub fn morph_features(
    t: &[TokInfo],
    upos: &[Upos],
    feats: &[Feats],
    i: usize,
    style: u8,
    out: &mut Vec<u64>,
) {
    let Some(x) = t.get(i) else { return };
    morph_internal(x, upos.get(i).copied().unwrap_or_default(), style, out);
    morph_context(t, upos, feats, i, out);
}

/// Picks each head's best allowed code.
pub fn decode_morph<T: PartialOrd + Copy>(
    scores: &[T; MORPH_WIDTH],
    u: Upos,
    allowed: &Allowed,
) -> [usize; 6] {
    decode_heads(scores, u, allowed, |_, _| {})
}

/// [`decode_morph`] that also gives the smallest margin, over the six heads, between the
/// chosen code and the next best allowed one.
fn decode_morph_margin(
    scores: &[i32; MORPH_WIDTH],
    u: Upos,
    allowed: &Allowed,
) -> ([usize; 6], i32) {
    let mut m = i32::MAX;
    let codes = decode_heads(scores, u, allowed, |best, second| {
        m = m.min(best.saturating_sub(second));
    });
    (codes, m)
}

/// Decodes the heads (VerbForm first, as it restricts the others), reporting each head's best
/// and second-best allowed scores to `margin` (nothing when only one code is allowed).
#[inline]
fn decode_heads<T: PartialOrd + Copy>(
    scores: &[T; MORPH_WIDTH],
    u: Upos,
    allowed: &Allowed,
    mut margin: impl FnMut(T, T),
) -> [usize; 6] {
    let mut codes = [0usize; 6];
    let base = u as usize * 4;
    let rows = &allowed.0;
    let row = |vf: usize| rows.get(base + vf).copied().unwrap_or([1; 6]);
    let vf_mask = (row(0)[VF] | row(1)[VF] | row(2)[VF] | row(3)[VF]).max(1);
    let mut masks = [0u8; 6];
    for &h in &ORDER {
        let mask = if h == VF { vf_mask } else { masks[h] };
        let off = HEAD_OFF[h];
        let mut best = usize::MAX;
        let mut second = usize::MAX;
        for c in 0..HEAD_LEN[h] {
            if mask & (1 << c) == 0 {
                continue;
            }
            if best == usize::MAX || scores[off + c] > scores[off + best] {
                second = best;
                best = c;
            } else if second == usize::MAX || scores[off + c] > scores[off + second] {
                second = c;
            }
        }
        let best = if best == usize::MAX { 0 } else { best };
        if second != usize::MAX {
            margin(scores[off + best], scores[off + second]);
        }
        codes[h] = best;
        if h == VF {
            masks = row(best.min(3));
        }
    }
    codes
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
    pub upos: HashKernel<NUM_UPOS>,
    /// Morphology weights.
    pub morph: HashKernel<MORPH_WIDTH>,
    /// Allowed head codes.
    pub allowed: Allowed,
    /// Identity of this weight set for the per-thread caches (0: not cached).
    pub uid: u64,
    /// Shortcut thresholds, see [`Margins`].
    pub margins: Margins,
}

/// Score margins above which the cached word-level features decide on their own and the
/// context features are not looked up: the UPOS margin applies to the best two UPOS scores,
/// the morphology margin to every head's best two codes. Chosen at training time so that the
/// shortcut changes few decisions (see [`Probe::threshold`]); `i32::MAX` turns it off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Margins {
    /// UPOS threshold.
    pub upos: i32,
    /// Morphology threshold.
    pub morph: i32,
}

impl Default for Margins {
    fn default() -> Self {
        Margins {
            upos: i32::MAX,
            morph: i32::MAX,
        }
    }
}

/// Margins of the cached partial scores, with whether the partial decision matched the full
/// one, gathered on tuning data to choose [`Margins`].
#[derive(Debug, Default, Clone)]
pub struct Probe {
    /// UPOS decisions.
    pub upos: Vec<(i32, bool)>,
    /// Morphology decisions.
    pub morph: Vec<(i32, bool)>,
}

impl Probe {
    /// Smallest margin such that the decisions at or above it that the partial scores get
    /// wrong are at most `rate` of all decisions.
    pub fn threshold(samples: &[(i32, bool)], rate: f64) -> i32 {
        let mut v = samples.to_vec();
        v.sort_unstable_by_key(|b| std::cmp::Reverse(b.0));
        let budget = (rate * v.len() as f64).floor() as usize;
        let mut wrong = 0usize;
        let mut best = i32::MAX;
        for (m, ok) in v {
            if !ok {
                wrong += 1;
                if wrong > budget {
                    break;
                }
            }
            best = m.max(1);
        }
        best
    }
}

/// Difference between the best and the second-best score.
#[inline]
fn margin<const N: usize>(acc: &[i32; N]) -> i32 {
    let (mut a, mut b) = (i32::MIN, i32::MIN);
    for &x in acc {
        if x > a {
            b = a;
            a = x;
        } else if x > b {
            b = x;
        }
    }
    a.saturating_sub(b)
}

/// Cached values of one word form: its token values and the summed UPOS weights of the
/// features it contributes at each offset −2..=2 from the tagged word.
struct CachedWord {
    info: TokInfo,
    blocks: [[i32; NUM_UPOS]; 5],
}

/// Words cached per thread before the cache is emptied.
const CACHE_MAX: usize = 1 << 15;

/// Reusable buffers and per-thread caches of the tagger.
#[derive(Default)]
pub struct TagScratch {
    feats: Vec<u64>,
    uid: u64,
    style: u8,
    index: HashedMap<u32>,
    words: Vec<CachedWord>,
    morph: HashedMap<[i32; MORPH_WIDTH]>,
    slots: Vec<u32>,
    info: InfoBuf,
    /// Token values of the words of the last sentence tagged.
    pub toks: Vec<TokInfo>,
}

impl TagScratch {
    /// Token values of a word form (from the cache when the form was seen).
    pub fn word_info(&mut self, form: &str, lex: &WordLexicon) -> TokInfo {
        let key = hash::bytes(form.as_bytes());
        match self
            .index
            .get(&key)
            .and_then(|&k| self.words.get(k as usize))
        {
            Some(w) => w.info,
            None => self.info.info(form, lex),
        }
    }
}

impl Tagger {
    /// Tags a sentence in annotation style `style`: UPOS into `upos`, the predicted
    /// morphology into `feats` (both cleared).
    pub fn tag(
        &self,
        t: &[TokInfo],
        style: u8,
        s: &mut TagScratch,
        upos: &mut Vec<Upos>,
        feats: &mut Vec<Feats>,
    ) {
        upos.clear();
        feats.clear();
        let (mut p1, mut p2) = (None, None);
        for i in 0..t.len() {
            s.feats.clear();
            upos_static(t, i, style, &mut s.feats);
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
            morph_features(t, upos, feats, i, style, &mut s.feats);
            let mut acc = [0i32; MORPH_WIDTH];
            self.morph.add_into(&s.feats, &mut acc);
            let u = upos.get(i).copied().unwrap_or_default();
            feats.push(pack_codes(&decode_morph(&acc, u, &self.allowed)));
        }
    }

    /// Tags word forms like [`Tagger::tag`], with every word-level computation cached per
    /// thread and the context features skipped when the cached ones decide (see
    /// [`Margins`]); the token values end up in `s.toks`. With margins off, gives the same tags
    /// as `tag`.
    pub fn tag_forms(
        &self,
        forms: &[&str],
        lex: &WordLexicon,
        style: u8,
        s: &mut TagScratch,
        upos: &mut Vec<Upos>,
        feats: &mut Vec<Feats>,
    ) {
        self.tag_forms_probed(forms, lex, style, s, upos, feats, None);
    }

    /// [`Tagger::tag_forms`], optionally recording in `probe` the partial margins of every
    /// decision (the full scores then always decide).
    #[allow(clippy::too_many_arguments)]
    pub fn tag_forms_probed(
        &self,
        forms: &[&str],
        lex: &WordLexicon,
        style: u8,
        s: &mut TagScratch,
        upos: &mut Vec<Upos>,
        feats: &mut Vec<Feats>,
        mut probe: Option<&mut Probe>,
    ) {
        if s.uid != self.uid
            || s.style != style
            || self.uid == 0
            || s.words.len() + forms.len() > CACHE_MAX
        {
            s.uid = self.uid;
            s.style = style;
            s.index.clear();
            s.words.clear();
            s.morph.clear();
        }
        s.toks.clear();
        s.slots.clear();
        for f in forms {
            let key = hash::bytes(f.as_bytes());
            let slot = match s.index.get(&key) {
                Some(&k) => k,
                None => {
                    let info = s.info.info(f, lex);
                    let mut blocks = [[0i32; NUM_UPOS]; 5];
                    for (o, b) in blocks.iter_mut().enumerate() {
                        s.feats.clear();
                        if o == 2 {
                            upos_internal(&info, style, &mut s.feats);
                        } else {
                            upos_neighbour(Some(&info), o as isize - 2, &mut s.feats);
                        }
                        self.upos.add_into(&s.feats, b);
                    }
                    let k = s.words.len() as u32;
                    s.words.push(CachedWord { info, blocks });
                    s.index.insert(key, k);
                    k
                }
            };
            s.slots.push(slot);
            if let Some(w) = s.words.get(slot as usize) {
                s.toks.push(w.info);
            }
        }
        let n = s.toks.len();
        upos.clear();
        feats.clear();
        let (mut p1, mut p2) = (None, None);
        for i in 0..n {
            let mut acc = [0i32; NUM_UPOS];
            for o in 0..5usize {
                let j = (i + o).wrapping_sub(2);
                if j < n {
                    if let Some(w) = s.slots.get(j).and_then(|&k| s.words.get(k as usize)) {
                        for (a, b) in acc.iter_mut().zip(&w.blocks[o]) {
                            *a += b;
                        }
                    }
                } else {
                    // Outside the sentence: the padding features, looked up directly.
                    s.feats.clear();
                    upos_neighbour(None, o as isize - 2, &mut s.feats);
                    self.upos.add_into(&s.feats, &mut acc);
                }
            }
            let partial = margin(&acc);
            let u = if probe.is_none() && partial >= self.margins.upos {
                best_upos(&acc)
            } else {
                let early = best_upos(&acc);
                s.feats.clear();
                upos_context(&s.toks, i, &mut s.feats);
                s.feats.extend_from_slice(&upos_history(&s.toks, i, p1, p2));
                self.upos.add_into(&s.feats, &mut acc);
                let u = best_upos(&acc);
                if let Some(p) = probe.as_deref_mut() {
                    p.upos.push((partial, early == u));
                }
                u
            };
            upos.push(u);
            p2 = p1;
            p1 = Some(u);
        }
        for i in 0..n {
            let u = upos.get(i).copied().unwrap_or_default();
            let Some(x) = s.toks.get(i) else { break };
            let key = key2(0, x.word ^ x.shape.rotate_left(7), u as u64);
            let mut acc = match s.morph.get(&key) {
                Some(a) => *a,
                None => {
                    let mut a = [0i32; MORPH_WIDTH];
                    s.feats.clear();
                    morph_internal(x, u, style, &mut s.feats);
                    self.morph.add_into(&s.feats, &mut a);
                    s.morph.insert(key, a);
                    a
                }
            };
            let (early, partial) = decode_morph_margin(&acc, u, &self.allowed);
            if probe.is_none() && partial >= self.margins.morph {
                feats.push(pack_codes(&early));
                continue;
            }
            s.feats.clear();
            morph_context(&s.toks, upos, feats, i, &mut s.feats);
            self.morph.add_into(&s.feats, &mut acc);
            let codes = decode_morph(&acc, u, &self.allowed);
            if let Some(p) = probe.as_deref_mut() {
                p.morph.push((partial, early == codes));
            }
            feats.push(pack_codes(&codes));
        }
    }
}

/// Tagger under training.
pub struct TaggerTrainer {
    upos: KernelWeights<NUM_UPOS>,
    morph: KernelWeights<MORPH_WIDTH>,
    feats: Vec<u64>,
    allowed: Allowed,
}

impl TaggerTrainer {
    /// Fresh weights with kernels of `2^upos_bits` and `2^morph_bits` rows; `allowed`
    /// restricts the morphology heads as at inference.
    pub fn new(allowed: Allowed, upos_bits: u32, morph_bits: u32) -> Self {
        TaggerTrainer {
            upos: KernelWeights::new(upos_bits),
            morph: KernelWeights::new(morph_bits),
            feats: Vec::new(),
            allowed,
        }
    }

    /// One perceptron pass over a sentence of annotation style `style`; `morph: false` trains
    /// UPOS only. Returns (UPOS errors, words with a morphology error).
    pub fn learn(
        &mut self,
        t: &[TokInfo],
        gold_upos: &[Upos],
        gold_feats: &[Feats],
        style: u8,
        morph: bool,
    ) -> (usize, usize) {
        let (mut ue, mut me) = (0, 0);
        let (mut p1, mut p2) = (None, None);
        for (i, &gold) in gold_upos.iter().enumerate().take(t.len()) {
            self.feats.clear();
            upos_static(t, i, style, &mut self.feats);
            self.feats.extend_from_slice(&upos_history(t, i, p1, p2));
            let mut acc = [0f32; NUM_UPOS];
            self.upos.add_scores(&self.feats, &mut acc);
            let pred = best_upos(&acc);
            self.upos.tick();
            if pred != gold {
                ue += 1;
                self.upos.update(&self.feats, gold as usize, pred as usize);
            }
            p2 = p1;
            p1 = Some(pred);
        }
        // Morphology learns from gold UPOS and gold bundles to the left.
        let n = if morph {
            t.len().min(gold_feats.len())
        } else {
            0
        };
        for i in 0..n {
            self.feats.clear();
            morph_features(t, gold_upos, gold_feats, i, style, &mut self.feats);
            let mut acc = [0f32; MORPH_WIDTH];
            self.morph.add_scores(&self.feats, &mut acc);
            let pred = decode_morph(&acc, gold_upos[i], &self.allowed);
            let gold = head_codes(gold_feats[i]);
            self.morph.tick();
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
            upos: self.upos.finish(prune),
            morph: self.morph.finish(prune),
            allowed: self.allowed.clone(),
            uid: 0,
            margins: Margins::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences() -> Vec<(Vec<&'static str>, Vec<Upos>, Vec<Feats>)> {
        use Upos::*;
        let m = |s: &str| Feats::parse(s);
        vec![
            (
                vec!["Il", "parle", "de", "la", "réforme", "."],
                vec![Pron, Verb, Adp, Det, Noun, Punct],
                vec![
                    m("Gender=Masc|Number=Sing|Person=3"),
                    m("Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"),
                    m(""),
                    m("Gender=Fem|Number=Sing"),
                    m("Gender=Fem|Number=Sing"),
                    m(""),
                ],
            ),
            (
                vec!["Les", "ministres", "ont", "annoncé", "une", "baisse", "."],
                vec![Det, Noun, Aux, Verb, Det, Noun, Punct],
                vec![
                    m("Number=Plur"),
                    m("Gender=Masc|Number=Plur"),
                    m("Mood=Ind|Number=Plur|Person=3|Tense=Pres|VerbForm=Fin"),
                    m("Gender=Masc|Number=Sing|Tense=Past|VerbForm=Part"),
                    m("Gender=Fem|Number=Sing"),
                    m("Gender=Fem|Number=Sing"),
                    m(""),
                ],
            ),
        ]
    }

    #[test]
    fn cached_tagging_matches_plain_tagging() {
        let data = sentences();
        let lex = WordLexicon::default();
        let mut b = InfoBuf::default();
        let allowed = Allowed::learn(
            data.iter()
                .flat_map(|(_, u, f)| u.iter().copied().zip(f.iter().copied())),
        );
        let mut tr = TaggerTrainer::new(allowed, 14, 12);
        for _ in 0..5 {
            for (forms, u, f) in &data {
                let toks: Vec<TokInfo> = forms.iter().map(|w| b.info(w, &lex)).collect();
                tr.learn(&toks, u, f, 0, true);
            }
        }
        let mut tagger = tr.finish(0);
        tagger.uid = 77;
        let mut s = TagScratch::default();
        let (mut u1, mut f1, mut u2, mut f2) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let tests: Vec<Vec<&str>> = vec![
            vec!["Il", "parle", "."],
            vec![
                "Les",
                "ministres",
                "parlent",
                "de",
                "la",
                "baisse",
                "inconnue",
                ".",
            ],
            vec!["x"],
            vec![],
            vec!["Il", "Il", "il", "IL", "«", "réforme", "»"],
        ];
        for style in [0u8, 1] {
            for forms in &tests {
                let toks: Vec<TokInfo> = forms.iter().map(|w| b.info(w, &lex)).collect();
                tagger.tag(&toks, style, &mut s, &mut u1, &mut f1);
                // Twice: the second run reads the cache filled by the first.
                for _ in 0..2 {
                    tagger.tag_forms(forms, &lex, style, &mut s, &mut u2, &mut f2);
                    assert_eq!(u1, u2, "{forms:?}");
                    assert_eq!(f1, f2, "{forms:?}");
                    assert_eq!(s.toks.len(), forms.len());
                }
            }
        }
        tagger.tag_forms(
            &["Il", "parle", "de", "la", "réforme", "."],
            &lex,
            0,
            &mut s,
            &mut u2,
            &mut f2,
        );
        assert_eq!(u2, data[0].1);
        assert_eq!(f2[4].gender(), Some(crate::Gender::Feminine));
    }
}
