//! The model file: header (magic `DIXITSYN`, version, payload length, checksum) and a payload
//! holding the training command, the word lexicon, the tagger, the parser and the lemmatiser.
//! Weight tables are stored as sorted delta-coded keys, a bit mask of the non-zero classes of
//! each row, and the non-zero 16-bit weights.

use crate::SyntaxError;
use crate::lemma::{Edit, FormEntry, Lemmatizer};
use crate::lexicon::{WordEntry, WordLexicon};
use crate::parser::{CANDS, LabelCands, NO_CAND, Parser};
use crate::tagger::{Allowed, Tagger};
use crate::types::{NUM_DEPRELS, NUM_UPOS};
use dixit_learn::HashKernel;
use dixit_learn::binary::{Reader, put_str, put_u32, put_varint};

const MAGIC: &[u8; 8] = b"DIXITSYN";
/// Version of the file format this build reads and writes.
pub const VERSION: u32 = 1;
/// Version of the feature templates (tagger, parser, relations) this build computes. Weights
/// only make sense with the templates they were trained with, so a model of another feature
/// set is refused instead of silently parsing worse; bump it whenever a template changes.
pub const FEATURE_SET: u32 = 1;

/// Everything a model file holds.
#[derive(Clone, Default)]
pub struct ModelParts {
    /// Training command and notes.
    pub meta: String,
    /// Word lexicon.
    pub lexicon: WordLexicon,
    /// Tagger.
    pub tagger: Tagger,
    /// Parser.
    pub parser: Parser,
    /// Lemmatiser and lexical features.
    pub lemmas: Lemmatizer,
}

fn bad(msg: impl Into<String>) -> SyntaxError {
    SyntaxError::BadModel(msg.into())
}

fn put_kernel<const N: usize>(p: &mut Vec<u8>, t: &HashKernel<N>) {
    put_u32(p, t.bits() as usize);
    put_entries(p, &t.entries());
}

fn read_kernel<const N: usize>(
    r: &mut Reader<'_>,
    what: &str,
) -> Result<HashKernel<N>, SyntaxError> {
    let bits = r.u32(what).map_err(bad)?;
    if !(1..=28).contains(&bits) {
        return Err(bad(format!("{what}: kernel of 2^{bits} rows")));
    }
    let rows = read_entries(r, what)?;
    if rows.iter().any(|(k, _)| *k >> bits != 0) {
        return Err(bad(format!("{what}: a row lies outside the kernel")));
    }
    Ok(HashKernel::with_rows(bits, &rows))
}

fn put_entries<const N: usize>(p: &mut Vec<u8>, entries: &[(u64, [i16; N])]) {
    put_u32(p, entries.len());
    let mut last = 0u64;
    for (k, _) in entries {
        put_varint(p, k.wrapping_sub(last));
        last = *k;
    }
    for (_, row) in entries {
        let mask = row
            .iter()
            .enumerate()
            .filter(|(_, v)| **v != 0)
            .fold(0u64, |m, (i, _)| m | (1 << i));
        put_varint(p, mask);
    }
    for (_, row) in entries {
        for v in row.iter().filter(|v| **v != 0) {
            p.extend_from_slice(&v.to_le_bytes());
        }
    }
}

fn read_entries<const N: usize>(
    r: &mut Reader<'_>,
    what: &str,
) -> Result<Vec<(u64, [i16; N])>, SyntaxError> {
    let n = r.u32(what).map_err(bad)? as usize;
    let mut keys = Vec::with_capacity(n.min(1 << 24));
    let mut last = 0u64;
    for _ in 0..n {
        last = last.wrapping_add(r.varint(what).map_err(bad)?);
        keys.push(last);
    }
    let mut masks = Vec::with_capacity(keys.len());
    for _ in 0..n {
        let m = r.varint(what).map_err(bad)?;
        if N < 64 && m >> N != 0 {
            return Err(bad(format!(
                "{what}: a weight mask names a class that does not exist"
            )));
        }
        masks.push(m);
    }
    let mut rows = Vec::with_capacity(keys.len());
    for (k, m) in keys.iter().zip(&masks) {
        let mut row = [0i16; N];
        for (i, slot) in row.iter_mut().enumerate() {
            if m & (1 << i) != 0 {
                let b = r.take(2, what).map_err(bad)?;
                *slot = i16::from_le_bytes([b[0], b[1]]);
            }
        }
        rows.push((*k, row));
    }
    Ok(rows)
}

fn put_keys<V>(p: &mut Vec<u8>, entries: &[(u64, V)]) {
    put_u32(p, entries.len());
    let mut last = 0u64;
    for (k, _) in entries {
        put_varint(p, k.wrapping_sub(last));
        last = *k;
    }
}

fn read_keys(r: &mut Reader<'_>, what: &str) -> Result<Vec<u64>, SyntaxError> {
    let n = r.u32(what).map_err(bad)? as usize;
    let mut keys = Vec::with_capacity(n.min(1 << 24));
    let mut last = 0u64;
    for _ in 0..n {
        last = last.wrapping_add(r.varint(what).map_err(bad)?);
        keys.push(last);
    }
    Ok(keys)
}

fn sorted<V: Copy>(m: &dixit_learn::HashedMap<V>) -> Vec<(u64, V)> {
    let mut v: Vec<(u64, V)> = m.iter().map(|(k, v)| (*k, *v)).collect();
    v.sort_unstable_by_key(|e| e.0);
    v
}

impl ModelParts {
    /// Serialises the model.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut p = Vec::new();
        put_str(&mut p, &self.meta);
        put_u32(&mut p, FEATURE_SET as usize);
        // Word lexicon.
        let lex = sorted(&self.lexicon.map);
        put_keys(&mut p, &lex);
        for (_, e) in &lex {
            put_varint(&mut p, u64::from(e.fine));
            put_varint(&mut p, u64::from(e.coarse));
            put_varint(&mut p, u64::from(e.amb));
            put_varint(&mut p, u64::from(e.verb));
            put_varint(&mut p, u64::from(e.infinitive));
        }
        put_str(&mut p, &self.lexicon.infinitives.join("\n"));
        // Tagger.
        put_kernel(&mut p, &self.tagger.upos);
        put_kernel(&mut p, &self.tagger.morph);
        p.extend_from_slice(&self.tagger.margins.upos.to_le_bytes());
        p.extend_from_slice(&self.tagger.margins.morph.to_le_bytes());
        put_u32(&mut p, self.tagger.allowed.0.len());
        for row in &self.tagger.allowed.0 {
            p.extend_from_slice(row);
        }
        // Parser.
        put_kernel(&mut p, &self.parser.trans);
        put_kernel(&mut p, &self.parser.labels);
        put_u32(&mut p, self.parser.cands.0.len());
        for c in &self.parser.cands.0 {
            p.extend_from_slice(c);
        }
        // Lemmatiser.
        put_u32(&mut p, self.lemmas.edits.len());
        for e in &self.lemmas.edits {
            p.push(u8::from(e.lower));
            p.push(e.strip);
            put_str(&mut p, &e.append);
        }
        let forms = sorted(&self.lemmas.forms);
        put_keys(&mut p, &forms);
        for (_, e) in &forms {
            put_varint(&mut p, u64::from(e.edit));
            put_varint(&mut p, u64::from(e.rest));
        }
        let sufs = sorted(&self.lemmas.suffixes);
        put_keys(&mut p, &sufs);
        for (_, e) in &sufs {
            put_varint(&mut p, u64::from(*e));
        }
        put_u32(&mut p, self.lemmas.default_rest.len());
        for r in &self.lemmas.default_rest {
            put_varint(&mut p, u64::from(*r));
        }
        dixit_learn::binary::seal(MAGIC, VERSION, &p)
    }

    /// Parses a model file, checking magic, version, length and checksum.
    pub fn from_bytes(bytes: &[u8]) -> Result<ModelParts, SyntaxError> {
        let payload = dixit_learn::binary::unseal(bytes, MAGIC, VERSION, "dixit syntax model")
            .map_err(bad)?;
        let mut r = Reader::new(payload);
        let meta = r.str("metadata").map_err(bad)?.to_string();
        let features = r.u32("feature set").map_err(bad)?;
        if features != FEATURE_SET {
            return Err(bad(format!(
                "trained with feature set {features}, this build computes feature set {FEATURE_SET}: retrain it"
            )));
        }
        let mut m = ModelParts {
            meta,
            ..ModelParts::default()
        };
        let keys = read_keys(&mut r, "lexicon keys")?;
        m.lexicon.map.reserve(keys.len());
        let v32 = |r: &mut Reader<'_>, what: &str| -> Result<u32, SyntaxError> {
            u32::try_from(r.varint(what).map_err(bad)?)
                .map_err(|_| bad(format!("{what}: value out of range")))
        };
        for k in keys {
            let fine = v32(&mut r, "lexicon")? as u16;
            let coarse = v32(&mut r, "lexicon")? as u16;
            let amb = v32(&mut r, "lexicon")?;
            let verb = v32(&mut r, "lexicon")?;
            let infinitive = v32(&mut r, "lexicon")?;
            m.lexicon.map.insert(
                k,
                WordEntry {
                    fine,
                    coarse,
                    amb,
                    verb,
                    infinitive,
                },
            );
        }
        let infs = r.str("infinitives").map_err(bad)?;
        m.lexicon.infinitives = if infs.is_empty() {
            Vec::new()
        } else {
            infs.split('\n').map(String::from).collect()
        };
        if m.lexicon
            .map
            .values()
            .any(|e| e.infinitive as usize > m.lexicon.infinitives.len())
        {
            return Err(bad("lexicon names an infinitive that is not in the model"));
        }
        m.tagger.upos = read_kernel(&mut r, "UPOS weights")?;
        m.tagger.morph = read_kernel(&mut r, "morphology weights")?;
        m.tagger.margins.upos = r.u32("tagger margins").map_err(bad)? as i32;
        m.tagger.margins.morph = r.u32("tagger margins").map_err(bad)? as i32;
        let na = r.u32("allowed morphology").map_err(bad)? as usize;
        if na != NUM_UPOS * 4 {
            return Err(bad(format!(
                "{na} allowed-morphology rows, expected {}",
                NUM_UPOS * 4
            )));
        }
        let mut allowed = Vec::with_capacity(na);
        for _ in 0..na {
            let b = r.take(6, "allowed morphology").map_err(bad)?;
            let mut row = [0u8; 6];
            row.copy_from_slice(b);
            allowed.push(row);
        }
        m.tagger.allowed = Allowed(allowed);
        m.parser.trans = read_kernel(&mut r, "transition weights")?;
        m.parser.labels = read_kernel(&mut r, "relation weights")?;
        let nc = r.u32("relation candidates").map_err(bad)? as usize;
        if nc != LabelCands::contexts() {
            return Err(bad(format!(
                "{nc} relation contexts, expected {}",
                LabelCands::contexts()
            )));
        }
        let mut cands = Vec::with_capacity(nc);
        for _ in 0..nc {
            let b = r.take(CANDS, "relation candidates").map_err(bad)?;
            let mut c = [NO_CAND; CANDS];
            c.copy_from_slice(b);
            let valid = c[0] != NO_CAND
                && c.iter()
                    .all(|&l| l == NO_CAND || usize::from(l) < NUM_DEPRELS);
            if !valid {
                return Err(bad("malformed relation candidates"));
            }
            cands.push(c);
        }
        m.parser.cands = LabelCands(cands);
        let ne = r.u32("lemma edits").map_err(bad)? as usize;
        for _ in 0..ne.min(1 << 24) {
            let lower = r.u8("lemma edit").map_err(bad)? != 0;
            let strip = r.u8("lemma edit").map_err(bad)?;
            let append = r.str("lemma edit").map_err(bad)?.to_string();
            m.lemmas.edits.push(Edit {
                lower,
                strip,
                append,
            });
        }
        let keys = read_keys(&mut r, "lemma forms")?;
        for k in keys {
            let edit = v32(&mut r, "lemma forms")?;
            let rest = v32(&mut r, "lemma forms")?;
            if edit as usize >= m.lemmas.edits.len() {
                return Err(bad("a lemma form names an edit that does not exist"));
            }
            m.lemmas.forms.insert(k, FormEntry { edit, rest });
        }
        let keys = read_keys(&mut r, "lemma rules")?;
        for k in keys {
            let edit = v32(&mut r, "lemma rules")?;
            if edit as usize >= m.lemmas.edits.len() {
                return Err(bad("a lemma rule names an edit that does not exist"));
            }
            m.lemmas.suffixes.insert(k, edit);
        }
        let nd = r.u32("default features").map_err(bad)? as usize;
        for _ in 0..nd.min(64) {
            m.lemmas.default_rest.push(v32(&mut r, "default features")?);
        }
        if !r.at_end() {
            return Err(bad("unexpected bytes after the lemmatiser"));
        }
        Ok(m)
    }
}
