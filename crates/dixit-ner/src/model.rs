//! The inference model: quantised feature weights in an open-addressing table, the word
//! lexicon (clusters, capitalisation profile, name lists), binary (de)serialisation.

use crate::features::{
    Extractor, LexEntry, Lexicon, START, TokInfo, flags, history_tag_features, never_entity,
    unigram_features,
};
use crate::{NUM_TAGS, NerError, Tag};
use dixit_learn::binary::{Reader, put_u32, put_varint};
use dixit_learn::hash;
use std::cell::RefCell;
use std::io::Write;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

const MAGIC: &[u8; 8] = b"DIXITNER";
const VERSION: u32 = 1;

/// Weights of one feature, one per tag.
pub type Row = [i16; NUM_TAGS];

type Table = dixit_learn::Table<NUM_TAGS>;

/// A trained NER model.
#[derive(Clone)]
pub struct Model {
    flags: u32,
    table: Table,
    lexicon: Lexicon,
    meta: String,
    /// Summed tag-only history weights by `[p2][p1]` (index 9 = before the sentence).
    trans: Box<[[[i32; NUM_TAGS]; 10]; 10]>,
    /// Identity of this weight set, for the per-thread word cache.
    uid: u64,
}

static NEXT_UID: AtomicU64 = AtomicU64::new(1);

/// Per-thread cache of word forms: their token values and the summed weights of their
/// unigram features at each window offset, so a known word costs one lookup, not twenty.
struct WordCache {
    uid: u64,
    index: crate::features::HashedMap<u32>,
    entries: Vec<(TokInfo, [[i32; NUM_TAGS]; 5])>,
}

const CACHE_MAX: usize = 1 << 17;

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("flags", &self.flags)
            .field("features", &self.table.len())
            .field("lexicon", &self.lexicon.map.len())
            .finish()
    }
}

struct Scratch {
    ext: Extractor,
    feats: Vec<u64>,
    scores: Vec<[i32; NUM_TAGS]>,
    slots: Vec<u32>,
    cache: WordCache,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch {
        ext: Extractor::default(),
        feats: Vec::with_capacity(128),
        scores: Vec::new(),
        slots: Vec::new(),
        cache: WordCache { uid: 0, index: Default::default(), entries: Vec::new() },
    });
}

static EMBEDDED_BYTES: &[u8] = include_bytes!("../../../models/ner-fr.bin");
static EMBEDDED: OnceLock<Option<Model>> = OnceLock::new();

impl Model {
    /// Builds a model from quantised weights (feature hash, row) and a lexicon.
    pub(crate) fn from_parts(
        flags: u32,
        weights: &[(u64, Row)],
        lexicon: Lexicon,
        meta: String,
    ) -> Model {
        Model::assemble(flags, Table::with_entries(weights), lexicon, meta)
    }

    fn assemble(flags: u32, table: Table, lexicon: Lexicon, meta: String) -> Model {
        let mut trans = Box::new([[[0i32; NUM_TAGS]; 10]; 10]);
        if flags & flags::HISTORY != 0 {
            for (p2, row) in trans.iter_mut().enumerate() {
                for (p1, acc) in row.iter_mut().enumerate() {
                    let v = |x: usize| if x == 9 { START } else { x as u64 };
                    for f in history_tag_features(v(p1), v(p2)) {
                        if let Some(w) = table.get(f) {
                            for (a, &b) in acc.iter_mut().zip(w) {
                                *a += i32::from(b);
                            }
                        }
                    }
                }
            }
        }
        Model {
            flags,
            table,
            lexicon,
            meta,
            trans,
            uid: NEXT_UID.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// The model shipped in `models/ner-fr.bin`, parsed once; `None` if that file is a
    /// placeholder (or unreadable).
    pub fn embedded() -> Option<&'static Model> {
        EMBEDDED
            .get_or_init(|| {
                if EMBEDDED_BYTES.starts_with(MAGIC) {
                    Model::load(EMBEDDED_BYTES).ok()
                } else {
                    None
                }
            })
            .as_ref()
    }

    /// Free text stored at training time (command line, data, scores).
    pub fn meta(&self) -> &str {
        &self.meta
    }

    /// Number of weighted features.
    pub fn num_features(&self) -> usize {
        self.table.len()
    }

    /// Number of lexicon words.
    pub fn lexicon_len(&self) -> usize {
        self.lexicon.map.len()
    }

    /// Tags one sentence.
    pub fn tag(&self, tokens: &[&str]) -> Vec<Tag> {
        let mut out = Vec::with_capacity(tokens.len());
        self.tag_into(tokens, &mut out);
        out
    }

    /// Tags one sentence into `out` (cleared first), reusing per-thread buffers.
    pub fn tag_into(&self, tokens: &[&str], out: &mut Vec<Tag>) {
        out.clear();
        SCRATCH.with(|s| {
            let mut guard = s.borrow_mut();
            let Scratch {
                ext,
                feats,
                scores,
                slots,
                cache,
            } = &mut *guard;
            self.decode(tokens, ext, feats, scores, slots, cache, out);
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn decode(
        &self,
        tokens: &[&str],
        ext: &mut Extractor,
        feats: &mut Vec<u64>,
        scores: &mut Vec<[i32; NUM_TAGS]>,
        slots: &mut Vec<u32>,
        cache: &mut WordCache,
        out: &mut Vec<Tag>,
    ) {
        if cache.uid != self.uid || cache.entries.len() + tokens.len() > CACHE_MAX {
            cache.uid = self.uid;
            cache.index.clear();
            cache.entries.clear();
        }
        ext.clear();
        slots.clear();
        for t in tokens {
            let key = hash::bytes(t.as_bytes());
            let slot = match cache.index.get(&key) {
                Some(&s) => s,
                None => {
                    let info = ext.token_info(t, &self.lexicon);
                    let mut block = [[0i32; NUM_TAGS]; 5];
                    for (o, acc) in block.iter_mut().enumerate() {
                        feats.clear();
                        unigram_features(&info, o as isize - 2, self.flags, feats);
                        self.add_weights(feats, acc);
                    }
                    let s = cache.entries.len() as u32;
                    cache.entries.push((info, block));
                    cache.index.insert(key, s);
                    s
                }
            };
            if let Some((info, _)) = cache.entries.get(slot as usize) {
                ext.push(*info);
            }
            slots.push(slot);
        }
        scores.clear();
        let n = tokens.len();
        for i in 0..n {
            let mut acc = [0i32; NUM_TAGS];
            for o in 0..5usize {
                let j = (i + o).wrapping_sub(2);
                if j >= n {
                    continue;
                }
                // Token j sits at offset j - i = o - 2 from position i, the offset block[o] holds.
                if let Some((_, block)) = slots.get(j).and_then(|&s| cache.entries.get(s as usize))
                {
                    let b = &block[o];
                    for (a, &v) in acc.iter_mut().zip(b) {
                        *a += v;
                    }
                }
            }
            feats.clear();
            ext.context_features(i, self.flags, feats);
            self.add_weights(feats, &mut acc);
            scores.push(acc);
        }
        let history = self.flags & flags::HISTORY != 0;
        let (mut p1, mut p2): (Option<Tag>, Option<Tag>) = (None, None);
        for (i, base) in scores.iter().enumerate() {
            let mut acc = *base;
            if history {
                let a = p1.map_or(9, |t| t as usize);
                let b = p2.map_or(9, |t| t as usize);
                if let Some(tr) = self.trans.get(b).and_then(|r| r.get(a)) {
                    for (x, &y) in acc.iter_mut().zip(tr) {
                        *x += y;
                    }
                }
                let hf = ext.history_word_features(i, p1);
                self.add_weights(&hf, &mut acc);
            }
            let t = if tokens.get(i).is_some_and(|t| never_entity(t)) {
                Tag::O
            } else {
                best_tag(&acc, p1.unwrap_or(Tag::O))
            };
            out.push(t);
            p2 = p1;
            p1 = Some(t);
        }
    }

    #[inline]
    fn add_weights(&self, feats: &[u64], acc: &mut [i32; NUM_TAGS]) {
        self.table.add_into(feats, acc);
    }

    /// All weights by feature hash (tests compare decoders with it).
    #[cfg(test)]
    pub(crate) fn weights_for_tests(&self) -> std::collections::HashMap<u64, Row> {
        self.table.entries().into_iter().collect()
    }

    /// Writes the model in its binary format.
    pub fn save(&self, mut w: impl Write) -> Result<(), NerError> {
        w.write_all(&dixit_learn::binary::seal(MAGIC, VERSION, &self.payload()))?;
        w.flush()?;
        Ok(())
    }

    fn payload(&self) -> Vec<u8> {
        let mut p = Vec::new();
        p.extend_from_slice(&self.flags.to_le_bytes());
        put_u32(&mut p, self.meta.len());
        p.extend_from_slice(self.meta.as_bytes());
        let entries = self.table.entries();
        put_u32(&mut p, entries.len());
        let mut last = 0u64;
        for (k, _) in &entries {
            put_varint(&mut p, k.wrapping_sub(last));
            last = *k;
        }
        for (_, row) in &entries {
            let mask: u16 = row
                .iter()
                .enumerate()
                .filter(|(_, v)| **v != 0)
                .fold(0, |m, (i, _)| m | (1 << i));
            p.extend_from_slice(&mask.to_le_bytes());
        }
        for (_, row) in &entries {
            for v in row.iter().filter(|v| **v != 0) {
                p.extend_from_slice(&v.to_le_bytes());
            }
        }
        let mut lex: Vec<(u64, LexEntry)> =
            self.lexicon.map.iter().map(|(k, v)| (*k, *v)).collect();
        lex.sort_unstable_by_key(|e| e.0);
        put_u32(&mut p, lex.len());
        let mut last = 0u64;
        for (k, _) in &lex {
            put_varint(&mut p, k.wrapping_sub(last));
            last = *k;
        }
        for (_, e) in &lex {
            p.extend_from_slice(&e.c1.to_le_bytes());
            p.extend_from_slice(&e.c2.to_le_bytes());
            p.push(e.case);
            p.push(e.gaz);
        }
        p
    }

    /// Parses a model file, checking magic, version, length and checksum.
    pub fn load(bytes: &[u8]) -> Result<Model, NerError> {
        let payload =
            dixit_learn::binary::unseal(bytes, MAGIC, VERSION, "dixit NER model").map_err(bad)?;
        let mut r = Reader::new(payload);
        let flags = r.u32("flags").map_err(bad)?;
        let meta_len = r.u32("metadata length").map_err(bad)? as usize;
        let meta = std::str::from_utf8(r.take(meta_len, "metadata").map_err(bad)?)
            .map_err(|_| bad("metadata is not UTF-8"))?
            .to_string();
        let n = r.u32("feature count").map_err(bad)? as usize;
        let mut keys = Vec::with_capacity(n.min(payload.len()));
        let mut last = 0u64;
        for _ in 0..n {
            last = last.wrapping_add(r.varint("feature keys").map_err(bad)?);
            keys.push(last);
        }
        let masks = r.take(n * 2, "weight masks").map_err(bad)?;
        let mut rows = Vec::with_capacity(n);
        let mut nz = 0usize;
        for m in masks.chunks_exact(2) {
            nz += u16::from_le_bytes([m[0], m[1]]).count_ones() as usize;
        }
        let vals = r.take(nz * 2, "weights").map_err(bad)?;
        let mut vi = vals
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]));
        for (k, m) in keys.iter().zip(masks.chunks_exact(2)) {
            let mask = u16::from_le_bytes([m[0], m[1]]);
            if mask >> NUM_TAGS != 0 {
                return Err(bad("weight mask names a tag that does not exist"));
            }
            let mut row = [0i16; NUM_TAGS];
            for (i, slot) in row.iter_mut().enumerate() {
                if mask & (1 << i) != 0 {
                    *slot = vi.next().unwrap_or(0);
                }
            }
            rows.push((*k, row));
        }
        let nl = r.u32("lexicon size").map_err(bad)? as usize;
        let mut lkeys = Vec::with_capacity(nl.min(payload.len()));
        let mut last = 0u64;
        for _ in 0..nl {
            last = last.wrapping_add(r.varint("lexicon keys").map_err(bad)?);
            lkeys.push(last);
        }
        let ent = r.take(nl * 6, "lexicon entries").map_err(bad)?;
        let mut lexicon = Lexicon::default();
        lexicon.map.reserve(nl);
        for (k, e) in lkeys.iter().zip(ent.chunks_exact(6)) {
            lexicon.map.insert(
                *k,
                LexEntry {
                    c1: u16::from_le_bytes([e[0], e[1]]),
                    c2: u16::from_le_bytes([e[2], e[3]]),
                    case: e[4],
                    gaz: e[5],
                },
            );
        }
        if !r.at_end() {
            return Err(bad("unexpected bytes after the lexicon"));
        }
        Ok(Model::assemble(
            flags,
            Table::with_entries(&rows),
            lexicon,
            meta,
        ))
    }
}

/// Highest-scoring tag allowed after `prev` (IOB2: no `I-X` without an `X` before).
#[inline]
pub(crate) fn best_tag<T: PartialOrd + Copy>(scores: &[T; NUM_TAGS], prev: Tag) -> Tag {
    let mut best = Tag::O;
    let mut bs = scores[0];
    for (i, &s) in scores.iter().enumerate().skip(1) {
        let t = Tag::from_index(i);
        if s > bs && t.may_follow(prev) {
            best = t;
            bs = s;
        }
    }
    best
}

fn bad(msg: impl Into<String>) -> NerError {
    NerError::BadModel(msg.into())
}

/// Tags CoNLL text with `model`: every token line gets the predicted tag appended as a new
/// last column; comment and blank lines are kept, so the output lines up with the input.
pub fn tag_conll_text(model: &Model, text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut lines: Vec<&str> = Vec::new();
    let mut tokens: Vec<&str> = Vec::new();
    let mut tags = Vec::new();
    let mut flush = |lines: &mut Vec<&str>, tokens: &mut Vec<&str>, out: &mut String| {
        model.tag_into(tokens, &mut tags);
        let mut ti = tags.iter();
        for l in lines.iter() {
            out.push_str(l);
            if !l.starts_with('#') {
                out.push('\t');
                out.push_str(ti.next().copied().unwrap_or(Tag::O).as_str());
            }
            out.push('\n');
        }
        lines.clear();
        tokens.clear();
    };
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush(&mut lines, &mut tokens, &mut out);
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if !line.starts_with('#') {
            let tok = if line.contains('\t') {
                line.split('\t').next()
            } else {
                line.split_whitespace().next()
            };
            tokens.push(tok.unwrap_or_default());
        }
        lines.push(line);
    }
    flush(&mut lines, &mut tokens, &mut out);
    out
}

/// Tags a CoNLL file with the embedded model (see [`tag_conll_text`]).
pub fn tag_conll_file(gold: &std::path::Path) -> Result<String, NerError> {
    let model = Model::embedded().ok_or_else(|| {
        bad("no NER model is embedded in this build (models/ner-fr.bin is a placeholder)")
    })?;
    let text = std::fs::read_to_string(gold).map_err(|source| NerError::Io {
        path: gold.display().to_string(),
        source,
    })?;
    Ok(tag_conll_text(model, &text))
}

/// Tags a gold CoNLL file with the embedded model and scores it (strict, or `fuzzy`:
/// overlapping spans of the same type count), as `score_conll.py` does.
pub fn eval_conll_file(gold: &std::path::Path, fuzzy: bool) -> Result<crate::Scores, NerError> {
    let model = Model::embedded().ok_or_else(|| {
        bad("no NER model is embedded in this build (models/ner-fr.bin is a placeholder)")
    })?;
    let sents = crate::read_conll(gold)?;
    Ok(crate::evaluate(model, &sents, fuzzy))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Model {
        let mut lex = Lexicon::default();
        lex.map.insert(
            42,
            LexEntry {
                c1: 1,
                c2: 2,
                case: 3,
                gaz: 4,
            },
        );
        let rows: Vec<(u64, Row)> = (1..500u64)
            .map(|k| (hash::mix(k), [k as i16, 0, -3, 0, 0, 0, 0, 7, 1]))
            .collect();
        Model::from_parts(flags::HISTORY | flags::BIGRAMS, &rows, lex, "toy".into())
    }

    #[test]
    fn save_load_round_trip() {
        let m = toy();
        let mut buf = Vec::new();
        m.save(&mut buf).unwrap();
        let l = Model::load(&buf).unwrap();
        assert_eq!(l.meta(), "toy");
        assert_eq!(l.flags, m.flags);
        assert_eq!(l.table.entries(), m.table.entries());
        assert_eq!(l.lexicon.get(42), m.lexicon.get(42));
        let toks = ["Jean", "Dupont", "est", "à", "Lyon", "."];
        assert_eq!(l.tag(&toks), m.tag(&toks));
    }

    #[test]
    fn bad_files_give_clear_errors() {
        let mut buf = Vec::new();
        toy().save(&mut buf).unwrap();
        let msg = |b: &[u8]| match Model::load(b) {
            Err(e) => e.to_string(),
            Ok(_) => String::from("loaded"),
        };
        assert!(msg(b"hello world, not a model at all!!").contains("bad magic"));
        assert!(msg(&buf[..buf.len() - 10]).contains("truncated"));
        assert!(msg(&buf[..20]).contains("truncated"));
        let mut v = buf.clone();
        v[8] = 9;
        assert!(msg(&v).contains("version 9"));
        let mut c = buf.clone();
        let last = c.len() - 100;
        c[last] ^= 0x55;
        assert!(msg(&c).contains("corrupted"));
        assert!(msg(&[]).contains("truncated"));
    }

    #[test]
    fn shipped_model_is_embedded_and_tags_french() {
        let Some(m) = Model::embedded() else {
            panic!("models/ner-fr.bin is not a valid model");
        };
        let toks = [
            "Emmanuel", "Macron", "a", "reçu", "Angela", "Merkel", "à", "Paris", "mardi", ".",
        ];
        use Tag::*;
        assert_eq!(
            m.tag(&toks),
            vec![BPer, IPer, O, O, BPer, IPer, O, BLoc, O, O]
        );
        assert!(m.tag(&[]).is_empty());
    }

    #[test]
    fn odd_tokens_get_one_tag_each() {
        let m = toy();
        let long = "x".repeat(10_000);
        let toks = [
            "",
            " ",
            "\u{1F600}",
            "É",
            "«",
            long.as_str(),
            "a\tb",
            "l’",
            "ﬁ",
        ];
        let mut out = Vec::new();
        for n in 0..=toks.len() {
            m.tag_into(&toks[..n], &mut out);
            assert_eq!(out.len(), n);
        }
        if let Some(e) = Model::embedded() {
            assert_eq!(e.tag(&toks).len(), toks.len());
            assert_eq!(
                e.tag(&toks)[4],
                Tag::O,
                "quotation marks are never entities"
            );
        }
    }

    #[test]
    fn missing_conll_file_is_an_io_error() {
        let err = tag_conll_file(std::path::Path::new("/nonexistent/x.conll"));
        assert!(matches!(err, Err(NerError::Io { .. })));
    }

    #[test]
    fn conll_output_lines_up() {
        let m = toy();
        let out = tag_conll_text(&m, "# doc\nJean\tB-PER\nvient\tO\n\nIci\tO\n");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 5);
        assert_eq!(lines[0], "# doc");
        assert!(lines[1].starts_with("Jean\tB-PER\t"));
        assert_eq!(lines[3], "");
    }
}
