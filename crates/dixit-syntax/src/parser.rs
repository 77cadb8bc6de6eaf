//! Greedy arc-eager dependency parser with a dynamic oracle (Goldberg & Nivre 2012) and
//! rich non-local features (Zhang & Nivre 2011). Transitions are unlabelled; each arc gets
//! its relation from a second classifier the moment it is made, so later decisions see it.

use crate::types::{NUM_DEPRELS, NUM_UPOS};
use crate::{Deprel, Upos};
use dixit_learn::hash::{Rng, k1 as f1, k2 as f2, k3 as f3};
use dixit_learn::{HashKernel, KernelWeights};

/// Number of transitions.
pub const NUM_ACTIONS: usize = 4;
const SHIFT: usize = 0;
const LEFT: usize = 1;
const RIGHT: usize = 2;
const REDUCE: usize = 3;

const NONE: u32 = u32::MAX;
const NO_LABEL: u64 = 63;
const ROOT_P: u64 = NUM_UPOS as u64;
const NONE_P: u64 = NUM_UPOS as u64 + 1;
const ROOT_W: u64 = 0x0000_0000_0000_0100;
const NONE_W: u64 = 0x0000_0000_0000_0200;

/// What the parser knows of each word (index 0 is the artificial root).
#[derive(Debug, Default, Clone)]
pub struct PWords {
    /// Word hashes.
    pub w: Vec<u64>,
    /// UPOS.
    pub p: Vec<u8>,
    /// Fine clusters.
    pub c: Vec<u16>,
    /// Morphology code (gender, number, person, verb form).
    pub m: Vec<u8>,
    /// Punctuation words among 1..=i.
    pub punct: Vec<u16>,
}

impl PWords {
    /// Clears and adds the root.
    pub fn reset(&mut self) {
        self.w.clear();
        self.p.clear();
        self.c.clear();
        self.m.clear();
        self.punct.clear();
        self.w.push(ROOT_W);
        self.p.push(ROOT_P as u8);
        self.c.push(0);
        self.m.push(0);
        self.punct.push(0);
    }

    /// Adds a word.
    pub fn push(&mut self, w: u64, p: Upos, c: u16, m: u8) {
        let last = self.punct.last().copied().unwrap_or(0);
        self.w.push(w);
        self.p.push(p as u8);
        self.c.push(c);
        self.m.push(m);
        self.punct.push(last + u16::from(p == Upos::Punct));
    }

    /// Number of words (root excluded).
    pub fn len(&self) -> usize {
        self.w.len().saturating_sub(1)
    }

    /// True when there is no word.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Parser configuration.
#[derive(Debug, Default, Clone)]
pub struct State {
    n: usize,
    stack: Vec<u32>,
    b: usize,
    /// Head of each word (index 0..=n), `NONE` when unattached.
    pub head: Vec<u32>,
    /// Relation index of each word's arc.
    pub label: Vec<u8>,
    lc1: Vec<u32>,
    lc2: Vec<u32>,
    rc1: Vec<u32>,
    rc2: Vec<u32>,
    nl: Vec<u8>,
    nr: Vec<u8>,
    lset: Vec<u64>,
    rset: Vec<u64>,
    on_stack: Vec<bool>,
    root_child: u32,
}

impl State {
    /// Initial configuration for `n` words.
    pub fn init(&mut self, n: usize) {
        self.n = n;
        self.stack.clear();
        self.stack.push(0);
        self.b = 1;
        for v in [
            &mut self.head,
            &mut self.lc1,
            &mut self.lc2,
            &mut self.rc1,
            &mut self.rc2,
        ] {
            v.clear();
            v.resize(n + 1, NONE);
        }
        self.label.clear();
        self.label.resize(n + 1, NO_LABEL as u8);
        self.nl.clear();
        self.nl.resize(n + 1, 0);
        self.nr.clear();
        self.nr.resize(n + 1, 0);
        self.lset.clear();
        self.lset.resize(n + 1, 0);
        self.rset.clear();
        self.rset.resize(n + 1, 0);
        self.on_stack.clear();
        self.on_stack.resize(n + 1, false);
        if let Some(x) = self.on_stack.first_mut() {
            *x = true;
        }
        self.root_child = NONE;
    }

    /// True when the buffer is empty.
    #[inline]
    pub fn terminal(&self) -> bool {
        self.b > self.n
    }

    #[inline]
    fn s0(&self) -> u32 {
        self.stack.last().copied().unwrap_or(0)
    }

    #[inline]
    fn at<T: Copy>(v: &[T], i: u32, none: T) -> T {
        if i == NONE {
            none
        } else {
            v.get(i as usize).copied().unwrap_or(none)
        }
    }

    fn arc(&mut self, h: u32, d: u32, l: u8) {
        let (hi, di) = (h as usize, d as usize);
        if hi > self.n || di > self.n {
            return;
        }
        self.head[di] = h;
        self.label[di] = l;
        let bit = 1u64 << (u64::from(l) & 63);
        if d < h {
            if self.lc1[hi] == NONE || d < self.lc1[hi] {
                self.lc2[hi] = self.lc1[hi];
                self.lc1[hi] = d;
            } else if self.lc2[hi] == NONE || d < self.lc2[hi] {
                self.lc2[hi] = d;
            }
            self.nl[hi] = self.nl[hi].saturating_add(1);
            self.lset[hi] |= bit;
        } else {
            if self.rc1[hi] == NONE || d > self.rc1[hi] {
                self.rc2[hi] = self.rc1[hi];
                self.rc1[hi] = d;
            } else if self.rc2[hi] == NONE || d > self.rc2[hi] {
                self.rc2[hi] = d;
            }
            self.nr[hi] = self.nr[hi].saturating_add(1);
            self.rset[hi] |= bit;
        }
        if h == 0 {
            self.root_child = d;
        }
    }

    /// The words in slots s0, b0, b1, b2, s1 (`NONE` where there is none).
    #[inline]
    pub fn slot_words(&self) -> [u32; SLOTS] {
        let s1 = if self.stack.len() >= 2 {
            self.stack[self.stack.len() - 2]
        } else {
            NONE
        };
        let bi = |k: usize| -> u32 {
            let j = self.b + k;
            if j <= self.n { j as u32 } else { NONE }
        };
        [self.s0(), bi(0), bi(1), bi(2), s1]
    }

    /// Valid transitions as a bit mask.
    #[inline]
    pub fn valid(&self) -> u8 {
        if self.terminal() {
            return 0;
        }
        let s0 = self.s0();
        let attached = s0 != 0 && Self::at(&self.head, s0, NONE) != NONE;
        let mut m = 1 << SHIFT;
        if s0 != 0 && !attached {
            m |= 1 << LEFT;
        }
        if s0 != 0 || self.root_child == NONE {
            m |= 1 << RIGHT;
        }
        if attached {
            m |= 1 << REDUCE;
        }
        m
    }

    /// Head and dependent of the arc a transition would make.
    #[inline]
    pub fn arc_of(&self, action: usize) -> Option<(u32, u32)> {
        let s0 = self.s0();
        let b0 = self.b as u32;
        match action {
            LEFT => Some((b0, s0)),
            RIGHT => Some((s0, b0)),
            _ => None,
        }
    }

    /// Applies a valid transition (`label` is used by the arc transitions).
    pub fn apply(&mut self, action: usize, label: u8) {
        let s0 = self.s0();
        let b0 = self.b as u32;
        match action {
            SHIFT => {
                self.stack.push(b0);
                self.on_stack[self.b] = true;
                self.b += 1;
            }
            LEFT => {
                self.stack.pop();
                self.on_stack[s0 as usize] = false;
                self.arc(b0, s0, label);
            }
            RIGHT => {
                self.arc(s0, b0, label);
                self.stack.push(b0);
                self.on_stack[self.b] = true;
                self.b += 1;
            }
            _ => {
                self.stack.pop();
                self.on_stack[s0 as usize] = false;
            }
        }
    }

    /// Words left on the stack without a head once the buffer is empty.
    fn headless(&self) -> Vec<u32> {
        let mut v: Vec<u32> = self
            .stack
            .iter()
            .copied()
            .filter(|&i| i != 0 && Self::at(&self.head, i, 0) == NONE)
            .collect();
        v.sort_unstable();
        v
    }

    /// Cost of each valid transition against gold heads `g` (index 0..=n, `g[0]` unused):
    /// the number of gold arcs it makes unreachable.
    pub fn costs(&self, g: &[u32], deps: &[Vec<u32>]) -> [u32; NUM_ACTIONS] {
        let mut c = [u32::MAX; NUM_ACTIONS];
        let valid = self.valid();
        let s0 = self.s0();
        let b0 = self.b as u32;
        let gold = |i: u32| g.get(i as usize).copied().unwrap_or(NONE);
        let in_buffer = |i: u32| i != NONE && i >= b0 && (i as usize) <= self.n;
        let head_reachable_on_stack = |h: u32| {
            if h == 0 {
                self.root_child == NONE
            } else {
                h != NONE && self.on_stack.get(h as usize).copied().unwrap_or(false)
            }
        };
        // Gold dependents of b0 still waiting on the stack without a head.
        let stack_deps_of_b0 = || {
            self.stack
                .iter()
                .filter(|&&d| d != 0 && gold(d) == b0 && Self::at(&self.head, d, 0) == NONE)
                .count() as u32
        };
        let buffer_deps = |h: u32| {
            deps.get(h as usize)
                .map_or(0, |v| v.iter().filter(|&&d| d >= b0).count() as u32)
        };
        if valid & (1 << SHIFT) != 0 {
            c[SHIFT] = u32::from(head_reachable_on_stack(gold(b0))) + stack_deps_of_b0();
        }
        if valid & (1 << LEFT) != 0 {
            let gh = gold(s0);
            c[LEFT] = u32::from(gh != b0 && in_buffer(gh)) + buffer_deps(s0);
        }
        if valid & (1 << RIGHT) != 0 {
            let gh = gold(b0);
            let lost_head = gh != s0 && (head_reachable_on_stack(gh) || in_buffer(gh));
            c[RIGHT] = u32::from(lost_head) + stack_deps_of_b0();
        }
        if valid & (1 << REDUCE) != 0 {
            c[REDUCE] = buffer_deps(s0);
        }
        c
    }
}

fn dist_bucket(d: usize) -> u64 {
    match d {
        0..=4 => d as u64,
        5..=6 => 5,
        7..=10 => 6,
        _ => 7,
    }
}

/// Stack and buffer positions whose word features are cached per word: s0, b0, b1, b2, s1.
pub const SLOTS: usize = 5;

/// Features of the word (`w`, `p`, `c`: hash, UPOS, cluster) standing in slot `slot` of
/// [`SLOTS`]; they depend on nothing else, so inference sums them once per word and slot.
pub fn slot_features(slot: usize, w: u64, p: u64, c: u64, out: &mut Vec<u64>) {
    let wp = f2(0, w, p);
    match slot {
        0 => {
            out.push(f1(1, wp));
            out.push(f1(2, w));
            out.push(f1(3, p));
            out.push(f2(14, c, p));
        }
        1 => {
            out.push(f1(4, wp));
            out.push(f1(5, w));
            out.push(f1(6, p));
            out.push(f2(15, c, p));
        }
        2 => {
            out.push(f1(7, wp));
            out.push(f1(8, w));
            out.push(f1(9, p));
            out.push(f2(16, c, p));
        }
        3 => {
            out.push(f2(10, w, p));
            out.push(f1(11, p));
        }
        _ => {
            out.push(f1(12, p));
            out.push(f2(13, w, p));
        }
    }
}

/// Features of a configuration: the slot features of its five slot words, then
/// [`dynamic_features`].
pub fn features(st: &State, x: &PWords, out: &mut Vec<u64>) {
    for (slot, i) in st.slot_words().into_iter().enumerate() {
        slot_features(
            slot,
            State::at(&x.w, i, NONE_W),
            u64::from(State::at(&x.p, i, NONE_P as u8)),
            u64::from(State::at(&x.c, i, 0xFFFF)),
            out,
        );
    }
    dynamic_features(st, x, out);
}

/// Features of a configuration that involve several words, arcs or the distance.
pub fn dynamic_features(st: &State, x: &PWords, out: &mut Vec<u64>) {
    let s0 = st.s0();
    let s1 = if st.stack.len() >= 2 {
        st.stack[st.stack.len() - 2]
    } else {
        NONE
    };
    let bi = |k: usize| -> u32 {
        let j = st.b + k;
        if j <= st.n { j as u32 } else { NONE }
    };
    let (b0, b1, b2) = (bi(0), bi(1), bi(2));
    let w = |i: u32| State::at(&x.w, i, NONE_W);
    let p = |i: u32| u64::from(State::at(&x.p, i, NONE_P as u8));
    let c = |i: u32| u64::from(State::at(&x.c, i, 0xFFFF));
    let m = |i: u32| u64::from(State::at(&x.m, i, 0xFF));
    let l = |i: u32| u64::from(State::at(&st.label, i, NO_LABEL as u8));
    let hd = |i: u32| State::at(&st.head, i, NONE);
    let (s0w, s0p, b0w, b0p) = (w(s0), p(s0), w(b0), p(b0));
    let (b1p, b2p) = (p(b1), p(b2));
    let s0h = hd(s0);
    let s0h2 = hd(s0h);
    let s0l = State::at(&st.lc1, s0, NONE);
    let s0r = State::at(&st.rc1, s0, NONE);
    let s0l2 = State::at(&st.lc2, s0, NONE);
    let s0r2 = State::at(&st.rc2, s0, NONE);
    let b0l = State::at(&st.lc1, b0, NONE);
    let b0l2 = State::at(&st.lc2, b0, NONE);
    let s0wp = f2(0, s0w, s0p);
    let b0wp = f2(0, b0w, b0p);
    let pc = if s0 == 0 || b0 == NONE {
        9
    } else {
        let a = State::at(&x.punct, s0, 0);
        let z = State::at(&x.punct, b0 - 1, 0);
        u64::from(z.saturating_sub(a).min(3))
    };
    // Pairs of s0 and b0, triples, heads and children, third order, then French extras:
    // agreement, punctuation between s0 and b0, attachment of s0. (Distance, valency,
    // label-set and head/child word templates of Zhang & Nivre were measured: together they
    // bought 0.2-0.3 UAS for a third of the features and of the parsing time, so they are
    // left out.)
    out.extend_from_slice(&[
        f2(20, s0wp, b0wp),
        f2(21, s0wp, b0w),
        f2(22, s0w, b0wp),
        f2(23, s0wp, b0p),
        f2(24, s0p, b0wp),
        f2(25, s0w, b0w),
        f2(26, s0p, b0p),
        f2(27, b0p, b1p),
        f2(28, c(s0), c(b0)),
        f3(29, c(s0), b0p, s0p),
        f3(30, s0p, c(b0), b0p),
        f3(31, p(s1), s0p, b0p),
        f3(40, b0p, b1p, b2p),
        f3(41, s0p, b0p, b1p),
        f3(42, p(s0h), s0p, b0p),
        f3(43, s0p, p(s0l), b0p),
        f3(44, s0p, p(s0r), b0p),
        f3(45, s0p, b0p, p(b0l)),
        f1(70, w(s0h)),
        f1(71, p(s0h)),
        f1(72, l(s0)),
        f1(73, w(s0l)),
        f1(74, p(s0l)),
        f1(75, l(s0l)),
        f1(76, w(s0r)),
        f1(77, p(s0r)),
        f1(78, l(s0r)),
        f1(79, w(b0l)),
        f1(80, p(b0l)),
        f1(81, l(b0l)),
        f3(102, s0p, p(s0l), p(s0l2)),
        f3(103, s0p, p(s0r), p(s0r2)),
        f3(104, s0p, p(s0h), p(s0h2)),
        f3(105, b0p, p(b0l), p(b0l2)),
        f3(120, m(s0), m(b0), f2(0, s0p, b0p)),
        f3(121, pc, s0p, b0p),
        f3(122, u64::from(s0h != NONE), s0p, b0p),
        f3(123, l(s0), s0p, b0p),
    ]);
}

/// Features of the relation of a new arc `h → d`.
pub fn label_features(st: &State, x: &PWords, h: u32, d: u32, out: &mut Vec<u64>) {
    let w = |i: u32| State::at(&x.w, i, NONE_W);
    let p = |i: u32| u64::from(State::at(&x.p, i, NONE_P as u8));
    let m = |i: u32| u64::from(State::at(&x.m, i, 0xFF));
    let l = |i: u32| u64::from(State::at(&st.label, i, NO_LABEL as u8));
    let (hw, hp, dw, dp) = (w(h), p(h), w(d), p(d));
    let dir = u64::from(d < h);
    let dist = dist_bucket(h.abs_diff(d) as usize);
    let dl = State::at(&st.lc1, d, NONE);
    let dr = State::at(&st.rc1, d, NONE);
    let hh = State::at(&st.head, h, NONE);
    out.push(f1(200, 1));
    out.push(f2(201, hw, hp));
    out.push(f1(202, hp));
    out.push(f2(203, dw, dp));
    out.push(f1(204, dp));
    out.push(f3(205, hp, dp, dir));
    out.push(f3(206, hw, dp, dir));
    out.push(f3(207, hp, dw, dir));
    out.push(f3(208, hp, dp, f2(0, dir, dist)));
    out.push(f3(
        209,
        hp,
        dp,
        State::at(&st.lset, d, 0) | State::at(&st.rset, d, 0),
    ));
    out.push(f3(210, hp, dp, State::at(&st.lset, h, 0)));
    out.push(f3(211, hp, dp, w(dl)));
    out.push(f3(212, hp, dp, p(dl)));
    out.push(f3(213, hp, w(dl), dir));
    out.push(f3(214, dp, m(d), hp));
    out.push(f3(215, hp, m(h), dp));
    out.push(f3(216, hp, dp, l(h)));
    out.push(f3(217, hp, dp, p(dr)));
    out.push(f3(218, hw, dw, dir));
    out.push(f3(219, hp, dp, w(d.wrapping_sub(1))));
    out.push(f3(220, hp, dp, p(hh)));
    out.push(f3(221, hp, dp, State::at(&st.rset, h, 0)));
    out.push(f3(222, dw, hp, p(dl)));
}

/// Transition weights: a hash kernel (dense rows indexed by hash bits).
pub type TransTable = HashKernel<NUM_ACTIONS>;
/// Relation weights.
pub type LabelTable = HashKernel<CANDS>;

/// The trained parser.
#[derive(Clone, Default)]
pub struct Parser {
    /// Transition weights.
    pub trans: TransTable,
    /// Relation weights, one column per candidate slot of [`LabelCands`].
    pub labels: LabelTable,
    /// Candidate relations of each arc context.
    pub cands: LabelCands,
}

/// Most relations an arc context may take.
pub const CANDS: usize = 8;
/// Marks an empty candidate slot.
pub const NO_CAND: u8 = u8::MAX;
const POS_CODES: usize = NUM_UPOS + 2;
const CONTEXTS: usize = POS_CODES * POS_CODES * 2;

/// Candidate relations of each arc context (head UPOS, dependent UPOS, dependent before
/// head): the relations the training data gives that context, most frequent first, at most
/// [`CANDS`]. The relation classifier only scores these, so its rows are eight wide instead of
/// sixty. A context where one relation covers 99% of 30 or more arcs has only that candidate,
/// taken without scoring (a determiner before a noun is `det`, punctuation is `punct`…: half
/// of all arcs). Contexts seen fewer than 5 times fall back on their dependent's UPOS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelCands(pub Vec<[u8; CANDS]>);

impl Default for LabelCands {
    fn default() -> Self {
        // Untrained: the first relations everywhere.
        let mut all = [NO_CAND; CANDS];
        for (k, c) in all.iter_mut().enumerate() {
            *c = k as u8;
        }
        LabelCands(vec![all; CONTEXTS])
    }
}

impl LabelCands {
    /// Context index of an arc.
    #[inline]
    pub fn context(hp: u8, dp: u8, left: bool) -> usize {
        (usize::from(hp) * POS_CODES + usize::from(dp)) * 2 + usize::from(left)
    }

    /// Number of contexts.
    pub fn contexts() -> usize {
        CONTEXTS
    }

    /// Candidates of a context.
    #[inline]
    pub fn of(&self, ctx: usize) -> &[u8; CANDS] {
        const NONE: [u8; CANDS] = [NO_CAND; CANDS];
        self.0.get(ctx).unwrap_or(&NONE)
    }

    /// The relation of a context that has a single candidate.
    #[inline]
    pub fn fixed(&self, ctx: usize) -> Option<u8> {
        let c = self.of(ctx);
        (c[0] != NO_CAND && c[1] == NO_CAND).then_some(c[0])
    }

    /// Learns the table from gold arcs `(head UPOS, dependent UPOS, dependent before head,
    /// relation)` (the root's arcs excluded); `fixed: false` never fixes a relation.
    pub fn learn(arcs: impl Iterator<Item = (u8, u8, bool, Deprel)>, fixed: bool) -> LabelCands {
        let mut counts = vec![[0u32; NUM_DEPRELS]; CONTEXTS];
        let mut by_dep = vec![[0u32; NUM_DEPRELS]; POS_CODES];
        for (hp, dp, left, rel) in arcs {
            if let Some(c) = counts.get_mut(Self::context(hp, dp, left)) {
                c[rel as usize] += 1;
            }
            if let Some(c) = by_dep.get_mut(usize::from(dp)) {
                c[rel as usize] += 1;
            }
        }
        let top = |c: &[u32; NUM_DEPRELS]| -> [u8; CANDS] {
            let mut order: Vec<usize> = (0..NUM_DEPRELS).filter(|&l| c[l] > 0).collect();
            order.sort_by(|&a, &b| c[b].cmp(&c[a]).then(a.cmp(&b)));
            let mut out = [NO_CAND; CANDS];
            for (slot, l) in out.iter_mut().zip(order) {
                *slot = l as u8;
            }
            out
        };
        let mut t = LabelCands(vec![[NO_CAND; CANDS]; CONTEXTS]);
        for (ctx, c) in counts.iter().enumerate() {
            let n: u32 = c.iter().sum();
            let dp = (ctx / 2) % POS_CODES;
            let mut cands = if n >= 5 { top(c) } else { top(&by_dep[dp]) };
            if cands[0] == NO_CAND {
                cands = LabelCands::default().0[0];
            }
            let best = c.iter().copied().max().unwrap_or(0);
            if fixed && n >= 30 && u64::from(best) * 100 >= u64::from(n) * 99 {
                cands[1..].fill(NO_CAND);
            }
            t.0[ctx] = cands;
        }
        t
    }
}

/// Reusable buffers of the parser.
#[derive(Default)]
pub struct ParseScratch {
    st: State,
    feats: Vec<u64>,
    /// Summed slot features of each word (index 0..=n) in each slot.
    blocks: Vec<[[i32; NUM_ACTIONS]; SLOTS]>,
}

#[inline]
fn best_valid<T: PartialOrd + Copy>(scores: &[T; NUM_ACTIONS], valid: u8) -> usize {
    let mut best = usize::MAX;
    for a in 0..NUM_ACTIONS {
        if valid & (1 << a) != 0 && (best == usize::MAX || scores[a] > scores[best]) {
            best = a;
        }
    }
    best
}

/// Best candidate slot (empty slots never win; slot 0 is never empty).
#[inline]
fn best_slot<T: PartialOrd + Copy>(scores: &[T; CANDS], cands: &[u8; CANDS]) -> usize {
    let mut best = 0;
    for k in 1..CANDS {
        if cands[k] != NO_CAND && scores[k] > scores[best] {
            best = k;
        }
    }
    best
}

/// Conjoins relation features with their arc context, so that a candidate slot means the
/// same relation wherever a feature fires.
#[inline]
fn in_context(feats: &mut [u64], ctx: usize) {
    for f in feats {
        *f = f2(250, *f, ctx as u64);
    }
}

impl Parser {
    /// Parses with every feature looked up one by one (the training-time sum), for tests
    /// that check the cached path against it.
    #[cfg(test)]
    fn parse_plain(&self, x: &PWords) -> Vec<u32> {
        let mut st = State::default();
        let mut feats = Vec::new();
        st.init(x.len());
        while !st.terminal() {
            feats.clear();
            features(&st, x, &mut feats);
            let mut acc = [0i32; NUM_ACTIONS];
            self.trans.add_into(&feats, &mut acc);
            let a = best_valid(&acc, st.valid());
            let label = match st.arc_of(a) {
                Some((h, d)) => self.predict_label(&st, x, h, d, &mut feats),
                None => 0,
            };
            st.apply(a, label);
        }
        finish_tree(&mut st, |st, h, d| {
            self.predict_label(st, x, h, d, &mut feats)
        });
        st.head.clone()
    }

    fn predict_label(&self, st: &State, x: &PWords, h: u32, d: u32, feats: &mut Vec<u64>) -> u8 {
        if h == 0 {
            return Deprel::Root as u8;
        }
        let hp = State::at(&x.p, h, NONE_P as u8);
        let dp = State::at(&x.p, d, NONE_P as u8);
        let ctx = LabelCands::context(hp, dp, d < h);
        if let Some(l) = self.cands.fixed(ctx) {
            return l;
        }
        feats.clear();
        label_features(st, x, h, d, feats);
        in_context(feats, ctx);
        let mut acc = [0i32; CANDS];
        self.labels.add_into(feats, &mut acc);
        let cands = self.cands.of(ctx);
        cands[best_slot(&acc, cands)]
    }

    /// Parses words; returns each word's head (0 = root, else 1-based) and relation.
    pub fn parse(
        &self,
        x: &PWords,
        s: &mut ParseScratch,
        heads: &mut Vec<usize>,
        rels: &mut Vec<Deprel>,
    ) {
        let n = x.len();
        // Slot blocks of every word, then of "no word" (index n + 1).
        s.blocks.clear();
        for i in 0..=n + 1 {
            let i = if i == n + 1 { NONE } else { i as u32 };
            let (w, p, c) = (
                State::at(&x.w, i, NONE_W),
                u64::from(State::at(&x.p, i, NONE_P as u8)),
                u64::from(State::at(&x.c, i, 0xFFFF)),
            );
            let mut b = [[0i32; NUM_ACTIONS]; SLOTS];
            for (slot, acc) in b.iter_mut().enumerate() {
                s.feats.clear();
                slot_features(slot, w, p, c, &mut s.feats);
                self.trans.add_into(&s.feats, acc);
            }
            s.blocks.push(b);
        }
        let st = &mut s.st;
        st.init(n);
        while !st.terminal() {
            let mut acc = [0i32; NUM_ACTIONS];
            for (slot, i) in st.slot_words().into_iter().enumerate() {
                let k = if i == NONE { n + 1 } else { i as usize };
                if let Some(b) = s.blocks.get(k) {
                    for (a, v) in acc.iter_mut().zip(&b[slot]) {
                        *a += v;
                    }
                }
            }
            s.feats.clear();
            dynamic_features(st, x, &mut s.feats);
            self.trans.add_into(&s.feats, &mut acc);
            let a = best_valid(&acc, st.valid());
            let label = match st.arc_of(a) {
                Some((h, d)) => self.predict_label(st, x, h, d, &mut s.feats),
                None => 0,
            };
            st.apply(a, label);
        }
        finish_tree(st, |st, h, d| self.predict_label(st, x, h, d, &mut s.feats));
        heads.clear();
        rels.clear();
        for i in 1..=n {
            heads.push(State::at(&st.head, i as u32, 0) as usize);
            rels.push(
                Deprel::ALL
                    .get(st.label[i] as usize)
                    .copied()
                    .unwrap_or_default(),
            );
        }
    }
}

/// Gives every headless word a head: the first becomes the root if the root has no child,
/// the others attach to the root's child.
fn finish_tree(st: &mut State, mut label: impl FnMut(&State, u32, u32) -> u8) {
    let left = st.headless();
    for d in left {
        if st.root_child == NONE {
            st.arc(0, d, Deprel::Root as u8);
        } else {
            let h = st.root_child;
            let l = label(st, h, d);
            st.arc(h, d, l);
        }
    }
}

/// One training sentence for the parser.
pub struct ParseGold<'a> {
    /// Words.
    pub x: &'a PWords,
    /// Gold heads, projectivised (index 0..=n, entry 0 unused).
    pub heads: &'a [u32],
    /// Gold relations (index 0..=n).
    pub labels: &'a [Deprel],
    /// True when the treebank leaves out relation subtypes (any subtype of the gold relation
    /// then counts as right).
    pub partial_labels: bool,
}

/// Parser under training.
pub struct ParserTrainer {
    trans: KernelWeights<NUM_ACTIONS>,
    labels: KernelWeights<CANDS>,
    cands: LabelCands,
    st: State,
    feats: Vec<u64>,
    lfeats: Vec<u64>,
    deps: Vec<Vec<u32>>,
}

/// Per-sentence training counts.
#[derive(Debug, Default, Clone, Copy)]
pub struct ParseCounts {
    /// Transitions decided.
    pub steps: usize,
    /// Transitions whose prediction was costly.
    pub errors: usize,
    /// Gold arcs labelled.
    pub arcs: usize,
    /// Wrong labels on gold arcs.
    pub label_errors: usize,
}

impl ParserTrainer {
    /// Fresh weights with kernels of `2^trans_bits` transition rows and `2^label_bits`
    /// relation rows; `cands` as in [`Parser`].
    pub fn new(cands: LabelCands, trans_bits: u32, label_bits: u32) -> Self {
        ParserTrainer {
            trans: KernelWeights::new(trans_bits),
            labels: KernelWeights::new(label_bits),
            cands,
            st: State::default(),
            feats: Vec::new(),
            lfeats: Vec::new(),
            deps: Vec::new(),
        }
    }

    /// One pass over a sentence; `explore` is the probability of following a wrong
    /// prediction (dynamic oracle), 0 for static training.
    pub fn learn(&mut self, g: &ParseGold<'_>, explore: f64, rng: &mut Rng) -> ParseCounts {
        let n = g.x.len();
        let mut counts = ParseCounts::default();
        self.deps.resize_with(n + 1, Vec::new);
        for v in self.deps.iter_mut() {
            v.clear();
        }
        for d in 1..=n {
            if let Some(&h) = g.heads.get(d)
                && let Some(v) = self.deps.get_mut(h as usize)
            {
                v.push(d as u32);
            }
        }
        self.st.init(n);
        let cut = (explore.clamp(0.0, 1.0) * u64::MAX as f64) as u64;
        while !self.st.terminal() {
            self.feats.clear();
            features(&self.st, g.x, &mut self.feats);
            let mut acc = [0f32; NUM_ACTIONS];
            self.trans.add_scores(&self.feats, &mut acc);
            let valid = self.st.valid();
            let pred = best_valid(&acc, valid);
            let costs = self.st.costs(g.heads, &self.deps);
            let min = (0..NUM_ACTIONS)
                .filter(|a| valid & (1 << a) != 0)
                .map(|a| costs[a])
                .min()
                .unwrap_or(0);
            let mut zero = 0u8;
            for (a, &cost) in costs.iter().enumerate() {
                if valid & (1 << a) != 0 && cost == min {
                    zero |= 1 << a;
                }
            }
            let best_gold = best_valid(&acc, zero);
            self.trans.tick();
            counts.steps += 1;
            if zero & (1 << pred) == 0 {
                counts.errors += 1;
                self.trans.update(&self.feats, best_gold, pred);
            }
            let next = if zero & (1 << pred) == 0 && cut > 0 && rng.next_u64() < cut {
                pred
            } else {
                best_gold
            };
            let mut label = 0u8;
            if let Some((h, d)) = self.st.arc_of(next) {
                label = if h == 0 {
                    Deprel::Root as u8
                } else {
                    self.learn_label(g, h, d, &mut counts)
                };
            }
            self.st.apply(next, label);
        }
        counts
    }

    fn learn_label(&mut self, g: &ParseGold<'_>, h: u32, d: u32, counts: &mut ParseCounts) -> u8 {
        let hp = State::at(&g.x.p, h, NONE_P as u8);
        let dp = State::at(&g.x.p, d, NONE_P as u8);
        let ctx = LabelCands::context(hp, dp, d < h);
        if let Some(l) = self.cands.fixed(ctx) {
            return l;
        }
        let cands = *self.cands.of(ctx);
        self.lfeats.clear();
        label_features(&self.st, g.x, h, d, &mut self.lfeats);
        in_context(&mut self.lfeats, ctx);
        let mut acc = [0f32; CANDS];
        self.labels.add_scores(&self.lfeats, &mut acc);
        let pred = best_slot(&acc, &cands);
        self.labels.tick();
        if g.heads.get(d as usize) == Some(&h)
            && let Some(&gold) = g.labels.get(d as usize)
            && gold != Deprel::Root
        {
            counts.arcs += 1;
            let ok = |k: usize| {
                let Some(cand) = cands.get(k).and_then(|&l| Deprel::ALL.get(usize::from(l))) else {
                    return false;
                };
                *cand == gold || (g.partial_labels && gold.base() == gold && cand.base() == gold)
            };
            if !ok(pred) {
                counts.label_errors += 1;
                // Promote the best-scoring acceptable candidate (with partial labels, the
                // subtype the model already prefers); none when the gold relation is not a
                // candidate of its context.
                let target = (0..CANDS)
                    .filter(|&k| ok(k))
                    .max_by(|&a, &b| acc[a].total_cmp(&acc[b]).then(b.cmp(&a)));
                if let Some(t) = target {
                    self.labels.update(&self.lfeats, t, pred);
                }
            }
        }
        cands[pred]
    }

    /// The averaged parser.
    pub fn finish(&self, prune: i16) -> Parser {
        Parser {
            trans: self.trans.finish(prune),
            labels: self.labels.finish(prune),
            cands: self.cands.clone(),
        }
    }
}

/// Lifts non-projective arcs (each to its head's head, shortest first) until the tree is
/// projective, so that the arc-eager oracle can reach it. `heads[0]` is unused; a word whose
/// head is the root is never lifted.
pub fn projectivize(heads: &mut [u32]) {
    let n = heads.len().saturating_sub(1);
    for _ in 0..n * 2 {
        let mut worst: Option<(usize, usize)> = None;
        for d in 1..=n {
            let h = heads[d] as usize;
            if h == 0 || h > n {
                continue;
            }
            let (a, b) = if h < d { (h, d) } else { (d, h) };
            let crossing = (a + 1..b).any(|k| !dominated(heads, k, h));
            if crossing && worst.is_none_or(|(_, len)| b - a < len) {
                worst = Some((d, b - a));
            }
        }
        let Some((d, _)) = worst else { return };
        let h = heads[d] as usize;
        let hh = heads[h];
        if hh == 0 {
            return;
        }
        heads[d] = hh;
    }
}

/// True when `h` dominates `k` (is `k` or one of its ancestors).
fn dominated(heads: &[u32], mut k: usize, h: usize) -> bool {
    for _ in 0..heads.len() {
        if k == h {
            return true;
        }
        if k == 0 || k >= heads.len() {
            return false;
        }
        k = heads[k] as usize;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(n: usize) -> PWords {
        let mut x = PWords::default();
        x.reset();
        for i in 0..n {
            x.push(i as u64 * 7919, Upos::Noun, 0, 0);
        }
        x
    }

    /// Follows zero-cost transitions only; must rebuild any projective tree exactly.
    fn oracle_parse(heads: &[u32]) -> Vec<u32> {
        let n = heads.len() - 1;
        let mut deps = vec![Vec::new(); n + 1];
        for d in 1..=n {
            deps[heads[d] as usize].push(d as u32);
        }
        let mut st = State::default();
        st.init(n);
        while !st.terminal() {
            let c = st.costs(heads, &deps);
            let v = st.valid();
            let a = (0..NUM_ACTIONS)
                .filter(|a| v & (1 << a) != 0)
                .min_by_key(|&a| (c[a], a))
                .unwrap();
            assert_eq!(c[a], 0, "no zero-cost transition");
            st.apply(a, 0);
        }
        finish_tree(&mut st, |_, _, _| 0);
        st.head.clone()
    }

    #[test]
    fn oracle_rebuilds_projective_trees() {
        // "Il parle de le pays ." with root "parle".
        let trees: Vec<Vec<u32>> = vec![
            vec![0, 2, 0, 5, 5, 2, 2],
            vec![0, 0],
            vec![0, 0, 1, 2, 3, 4],
            vec![0, 5, 5, 5, 5, 0],
            vec![0, 3, 1, 0, 3, 6, 4, 4],
        ];
        for t in trees {
            assert_eq!(oracle_parse(&t)[1..], t[1..], "{t:?}");
        }
    }

    #[test]
    fn projectivize_lifts_crossing_arcs() {
        // 1←3, 2→4 crosses 3: word 4 attached to 2 over 3 which 2 does not dominate.
        let mut h = vec![0, 3, 3, 0, 2];
        projectivize(&mut h);
        assert_eq!(h, vec![0, 3, 3, 0, 3]);
        assert_eq!(oracle_parse(&h)[1..], h[1..]);
        let mut p = vec![0, 2, 0, 2];
        projectivize(&mut p);
        assert_eq!(p, vec![0, 2, 0, 2]);
    }

    #[test]
    fn untrained_parser_still_builds_a_tree() {
        let parser = Parser::default();
        let mut s = ParseScratch::default();
        let (mut h, mut r) = (Vec::new(), Vec::new());
        for n in [0usize, 1, 2, 7, 40] {
            parser.parse(&words(n), &mut s, &mut h, &mut r);
            assert_eq!(h.len(), n);
            assert_eq!(h.iter().filter(|&&x| x == 0).count(), usize::from(n > 0));
            for (i, &hd) in h.iter().enumerate() {
                assert_ne!(hd, i + 1, "self loop");
            }
        }
    }

    #[test]
    fn training_learns_a_tiny_treebank() {
        let heads = vec![0u32, 2, 0, 5, 5, 2, 2];
        let labels = vec![
            Deprel::Dep,
            Deprel::Nsubj,
            Deprel::Root,
            Deprel::Case,
            Deprel::Det,
            Deprel::OblArg,
            Deprel::Punct,
        ];
        let mut x = PWords::default();
        x.reset();
        for (k, u) in [
            Upos::Pron,
            Upos::Verb,
            Upos::Adp,
            Upos::Det,
            Upos::Noun,
            Upos::Punct,
        ]
        .iter()
        .enumerate()
        {
            x.push(k as u64 + 1000, *u, 0, 0);
        }
        let cands = LabelCands::learn(
            (1..heads.len()).map(|d| {
                let h = heads[d] as usize;
                let hp = if h == 0 { ROOT_P as u8 } else { x.p[h] };
                (hp, x.p[d], d < h, labels[d])
            }),
            false,
        );
        let mut t = ParserTrainer::new(cands, 16, 12);
        let mut rng = Rng::new(1);
        let g = ParseGold {
            x: &x,
            heads: &heads,
            labels: &labels,
            partial_labels: false,
        };
        for _ in 0..10 {
            t.learn(&g, 0.9, &mut rng);
        }
        let p = t.finish(0);
        let mut s = ParseScratch::default();
        let (mut h, mut r) = (Vec::new(), Vec::new());
        p.parse(&x, &mut s, &mut h, &mut r);
        assert_eq!(h, vec![2, 0, 5, 5, 2, 2]);
        assert_eq!(r[0], Deprel::Nsubj);
        assert_eq!(r[1], Deprel::Root);
        assert_eq!(r[4], Deprel::OblArg);
        // The cached inference path picks what the plain feature sum picks, on other inputs
        // too.
        for n in [0usize, 1, 3, 9, 25] {
            let mut y = PWords::default();
            y.reset();
            for k in 0..n {
                let u = [Upos::Pron, Upos::Verb, Upos::Adp, Upos::Det, Upos::Noun][k % 5];
                y.push(1000 + (k as u64 * 3) % 7, u, 0, 0);
            }
            p.parse(&y, &mut s, &mut h, &mut r);
            let plain = p.parse_plain(&y);
            let plain: Vec<usize> = plain[1..].iter().map(|&x| x as usize).collect();
            assert_eq!(h, plain, "{n} words");
        }
    }
}
