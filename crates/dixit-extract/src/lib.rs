//! French quote, speaker and entity extraction over a syntactic analysis.
//!
//! One [`Extractor`] holds every resource (knowledge base, NER model, tagger and parser)
//! and runs the stages over one analysed document, each a module with one job, data
//! flowing one way:
//!
//! ```text
//! doc (tokens, sentences, marks, parse) → names → entities → mentions → coref
//!   → cues → quotes → speakers → channels → roles → relations → record
//! ```
//!
//! Every span is a byte range into `Document::text`. [`Extractor::extract`] runs them all;
//! [`Extractor::coreference`] stops after `coref`, for scoring the chains.

mod channels;
mod context;
mod coref;
mod cues;
mod doc;
mod entities;
mod mentions;
mod names;
mod quotes;
mod rank;
mod record;
mod relations;
mod roles;
mod speakers;

use dixit_kb::Kb;
use dixit_model::{ArticleRecord, Document, Span};
use dixit_syntax::Syntax;
use std::cell::RefCell;
use std::path::Path;

pub use context::Context;
pub use entities::{EntityKind, MentionKind};
pub use rank::{Example, Ranker};

/// The speaker ranker shipped with the binary (`models/speakers-fr.bin`, trained by
/// `dixit train speakers`).
static SPEAKER_MODEL_BYTES: &[u8] = include_bytes!("../../../models/speakers-fr.bin");

/// A gold quote of an annotated article, for training: its byte span in the text and
/// its speaker as annotated.
#[derive(Debug, Clone)]
pub struct GoldQuote {
    /// First byte of the quote text.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// The annotated speaker (a person's name or a source as worded).
    pub speaker: String,
}

/// Share of a gold quote's span a predicted quote must cover to be the same quote (the
/// scorer's threshold).
pub const MATCH_OVERLAP: f64 = 0.3;

/// Default cap on the analysed text of one document, in bytes: far above any real article
/// (a long feature is 50 KB), low enough that one runaway input cannot stall a run.
pub const DEFAULT_MAX_BYTES: usize = 10 * 1024 * 1024;

/// Errors of extraction.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The file could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// Input path.
        path: String,
        /// Underlying error.
        source: std::io::Error,
    },
    /// The file is not UTF-8 text.
    #[error("{path}: not UTF-8 text ({detail})")]
    NotText {
        /// Input path.
        path: String,
        /// What was wrong.
        detail: String,
    },
    /// A bundled resource (model, knowledge base) did not load.
    #[error("bundled {what} does not load: {detail}")]
    Resource {
        /// Which resource.
        what: &'static str,
        /// Why.
        detail: String,
    },
    /// Extraction failed on this input (an internal error, reported instead of a crash).
    #[error("{path}: internal error during extraction: {detail}")]
    Internal {
        /// Input path.
        path: String,
        /// The panic message.
        detail: String,
    },
}

/// The result of [`Extractor::extract`].
#[derive(Debug, Clone)]
pub struct Extracted {
    /// What was extracted.
    pub record: ArticleRecord,
    /// The document's text as analysed (cut to the size cap when `truncated`).
    pub text: String,
    /// True when the text was cut to the size cap before analysis.
    pub truncated: bool,
}

/// One mention of the coreference chains, as [`Extractor::coreference`] returns them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainMention {
    /// Byte span of the mention in the document's text.
    pub span: Span,
    /// Name, description or pronoun.
    pub kind: MentionKind,
    /// The entity it refers to (an index local to the document); `None` for a pronoun no
    /// entity agreed with.
    pub entity: Option<usize>,
    /// What that entity is.
    pub entity_kind: Option<EntityKind>,
}

/// The extraction engine: every resource the stages need, loaded once.
#[derive(Clone)]
pub struct Extractor {
    kb: &'static Kb,
    ner: &'static dixit_ner::Model,
    syntax: &'static Syntax,
    speakers: std::sync::Arc<Ranker>,
    max_bytes: usize,
}

impl std::fmt::Debug for Extractor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Extractor")
            .field("max_bytes", &self.max_bytes)
            .finish_non_exhaustive()
    }
}

impl Extractor {
    /// The extractor over the resources embedded in the binary; an error naming the
    /// resource when one does not decode.
    pub fn bundled() -> Result<Extractor, ExtractError> {
        let ner = dixit_ner::Model::embedded().ok_or_else(|| ExtractError::Resource {
            what: "NER model",
            detail: "models/ner-fr.bin does not decode".into(),
        })?;
        let syntax = Syntax::shared().map_err(|e| ExtractError::Resource {
            what: "syntax model",
            detail: e.to_string(),
        })?;
        let speakers =
            Ranker::from_bytes(SPEAKER_MODEL_BYTES).map_err(|e| ExtractError::Resource {
                what: "speaker model",
                detail: format!("models/speakers-fr.bin: {e}"),
            })?;
        Ok(Extractor {
            kb: Kb::embedded(),
            ner,
            syntax,
            speakers: std::sync::Arc::new(speakers),
            max_bytes: DEFAULT_MAX_BYTES,
        })
    }

    /// The same extractor with another speaker ranker (an empty one gives the syntactic
    /// rule's answers).
    pub fn with_speaker_model(mut self, ranker: Ranker) -> Extractor {
        self.speakers = std::sync::Arc::new(ranker);
        self
    }

    /// Training examples for the speaker ranker from one annotated document: for every
    /// found quote that covers a gold quote with a speaker, the candidates' features and
    /// which candidates name the gold speaker (`same_source(candidate, gold)`). Also
    /// returns how many matched quotes had no right candidate.
    pub fn speaker_examples(
        &self,
        doc: &Document,
        gold: &[GoldQuote],
        same_source: &dyn Fn(&str, &str) -> bool,
    ) -> (Vec<Example>, usize) {
        let (an, raw) = self.analyse(&doc.analysis);
        let (mut ents, cues, quotes) = self.front(&an, raw, published(doc));
        let cands = speakers::training_candidates(&an, &mut ents, &cues, &quotes);
        let mut out = Vec::new();
        let mut unreachable = 0;
        for (q, (group, cs)) in quotes.iter().zip(cands) {
            let start = an.ctx.start(q.tokens.start);
            let end = an.ctx.end(q.tokens.end.saturating_sub(1));
            let best = gold
                .iter()
                .filter(|g| g.end > g.start)
                .map(|g| {
                    let ov = end.min(g.end).saturating_sub(start.max(g.start));
                    (ov as f64 / (g.end - g.start) as f64, g)
                })
                .filter(|(c, _)| *c >= MATCH_OVERLAP)
                .max_by(|a, b| a.0.total_cmp(&b.0));
            let Some((_, g)) = best else { continue };
            let correct: Vec<bool> = cs
                .iter()
                .map(|c| {
                    ents.list
                        .get(c.entity)
                        .is_some_and(|e| same_source(&e.name, &g.speaker))
                })
                .collect();
            if !correct.iter().any(|&c| c) {
                unreachable += 1;
            }
            out.push(Example {
                candidates: cs.into_iter().map(|c| c.feats).collect(),
                correct,
                group,
            });
        }
        (out, unreachable)
    }

    /// The same extractor with another size cap (bytes of analysed text per document).
    pub fn with_max_bytes(mut self, max_bytes: usize) -> Extractor {
        self.max_bytes = max_bytes;
        self
    }

    /// The size cap in bytes.
    pub fn max_bytes(&self) -> usize {
        self.max_bytes
    }

    /// The knowledge base the extractor links to.
    pub fn kb(&self) -> &'static Kb {
        self.kb
    }

    /// Extracts from one document: the text is cut to the size cap first, and an internal
    /// failure becomes an error naming the input instead of a crash. The entry point of
    /// `extract`, `ingest` and `eval` alike.
    pub fn extract(&self, mut doc: Document) -> Result<Extracted, ExtractError> {
        let truncated = dixit_text::cap_document(&mut doc, self.max_bytes);
        let record = guarded(&doc.source.path, || self.record(&doc))?;
        Ok(Extracted {
            record,
            text: doc.text,
            truncated,
        })
    }

    /// The coreference chains of one document as extraction builds them (names,
    /// descriptions and pronouns, each with its entity), for scoring coreference; the text
    /// is capped and guarded as by [`Extractor::extract`], and spans index the capped text.
    pub fn coreference(&self, mut doc: Document) -> Result<Vec<ChainMention>, ExtractError> {
        dixit_text::cap_document(&mut doc, self.max_bytes);
        guarded(&doc.source.path, || {
            let (an, raw) = self.analyse(&doc.analysis);
            let ents = self.chains(&an, raw, published(&doc));
            let mut out: Vec<ChainMention> = Vec::with_capacity(ents.mentions.len());
            let mut skip = vec![false; ents.mentions.len()];
            for (i, m) in ents.mentions.iter().enumerate() {
                if skip.get(i).copied().unwrap_or(false) {
                    continue;
                }
                let mut last = m.tokens.end;
                // A title right before the name of its holder ("le brigadier Paul
                // Morin") is one noun phrase, one mention of the chain.
                if m.kind == MentionKind::Nominal
                    && let Some((j, n)) = ents
                        .mentions
                        .iter()
                        .enumerate()
                        .skip(i + 1)
                        .find(|(_, n)| n.tokens.start >= m.tokens.end)
                    && n.kind == MentionKind::Name
                    && n.tokens.start == m.tokens.end
                    && n.entity.is_some()
                    && n.entity == m.entity
                {
                    last = n.tokens.end;
                    if let Some(x) = skip.get_mut(j) {
                        *x = true;
                    }
                }
                let start = an.ctx.start(m.tokens.start);
                let end = an.ctx.end(last.saturating_sub(1)).max(start);
                out.push(ChainMention {
                    span: Span::new(start, end),
                    kind: m.kind,
                    entity: m.entity,
                    entity_kind: m.entity.and_then(|e| ents.kind(e)),
                });
            }
            out
        })
    }

    /// Reads a Markdown or text file and extracts from it.
    pub fn extract_path(&self, path: &Path) -> Result<Extracted, ExtractError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| ExtractError::Io {
            path: name.clone(),
            source,
        })?;
        self.extract(document_from_bytes(&name, bytes)?)
    }

    /// Runs the stages on a document as it is (no cap, no guard): for tests and benches.
    pub fn record(&self, doc: &Document) -> ArticleRecord {
        let (an, raw) = self.analyse(&doc.analysis);
        let (mut ents, cues, quotes) = self.front(&an, raw, published(doc));
        let speakers = speakers::resolve(&an, &mut ents, &cues, &quotes, &self.speakers);
        ents.finish(an.ctx.tokens.len());
        let channels = channels::find(&an, &ents, &cues, &quotes, &speakers);
        roles::attach(&an, &mut ents);
        let relations = relations::find(&an, self.kb, &ents, &quotes, &speakers);
        record::build(
            doc,
            &an,
            self.kb,
            record::Found {
                ents: &ents,
                cues: &cues,
                quotes: &quotes,
                speakers: &speakers,
                channels: &channels,
                relations: &relations,
            },
        )
    }
}

impl Extractor {
    /// Tokens, names and the parse of the sentences that need one: those that can report
    /// speech, and those where a person is named next to a title or a comma (roles).
    fn analyse<'t>(&self, text: &'t str) -> (doc::Doc<'t>, Vec<names::RawName>) {
        let ctx = Context::new(text);
        let raw = names::find(&ctx, self.kb, self.ner, self.syntax);
        let mut with_role = vec![false; ctx.sentences.len()];
        for n in raw.iter().filter(|n| n.kind == names::NameKind::Person) {
            let s = ctx.sent_of.get(n.tokens.start).copied().unwrap_or(0) as usize;
            if with_role.get(s).copied().unwrap_or(true) {
                continue;
            }
            let range = ctx.sentence_range(n.tokens.start);
            let near = n.tokens.start.saturating_sub(4).max(range.start)
                ..(n.tokens.end + 4).min(range.end);
            let role_word = near.clone().any(|t| {
                let w = ctx.t(t);
                dixit_lexicon::title_head(w).is_some()
                    || dixit_lexicon::noun_info(w)
                        .is_some_and(|i| i.class == dixit_lexicon::NounClass::Person)
                    || (t < n.tokens.start
                        && w.starts_with(char::is_lowercase)
                        && dixit_lexicon::has_agent_ending(w))
            }) || ctx.is_punct(n.tokens.end, ",");
            if role_word && let Some(slot) = with_role.get_mut(s) {
                *slot = true;
            }
        }
        // Sentences that can state a relation: a relation verb and an actor named in them
        // (or a pronoun standing for one).
        let mut named = vec![false; ctx.sentences.len()];
        for n in raw.iter().filter(|n| n.kind != names::NameKind::Place) {
            let s = ctx.sent_of.get(n.tokens.start).copied().unwrap_or(0) as usize;
            if let Some(slot) = named.get_mut(s) {
                *slot = true;
            }
        }
        for (s, sent) in ctx.sentences.iter().enumerate() {
            if with_role.get(s).copied().unwrap_or(true) {
                continue;
            }
            let mut verb = false;
            let mut actor = named.get(s).copied().unwrap_or(false);
            for t in sent.tokens.clone() {
                let w = ctx.t(t);
                verb |= dixit_lexicon::is_relation_form(w);
                actor |= dixit_lexicon::subject_pronoun(w).is_some();
            }
            if verb
                && actor
                && let Some(slot) = with_role.get_mut(s)
            {
                *slot = true;
            }
        }
        let an = doc::Doc::new(ctx, self.syntax, |_, s| {
            with_role.get(s).copied().unwrap_or(false)
        });
        (an, raw)
    }

    /// The stages before attribution: entities, mentions, coreference, cues, quotes.
    fn front(
        &self,
        an: &doc::Doc,
        raw: Vec<names::RawName>,
        published: Option<dixit_kb::Date>,
    ) -> (entities::Entities, Vec<cues::Cue>, Vec<quotes::FoundQuote>) {
        let ents = self.chains(an, raw, published);
        let cues = cues::find(an);
        let quotes = quotes::find(an, &cues);
        (ents, cues, quotes)
    }

    /// Entities, mentions and coreference: the chains every later stage reads (and
    /// [`Extractor::coreference`] returns, so that what is scored is what extraction uses).
    fn chains(
        &self,
        an: &doc::Doc,
        raw: Vec<names::RawName>,
        published: Option<dixit_kb::Date>,
    ) -> entities::Entities {
        let mut ents = entities::from_names(&an.ctx, self.kb, raw);
        entities::link_kb(&an.ctx, &mut ents, self.kb, published);
        mentions::find(an, &mut ents);
        coref::resolve(an, self.kb, &mut ents);
        ents
    }
}

/// The publication day of `doc`, when its source gives one that parses.
fn published(doc: &Document) -> Option<dixit_kb::Date> {
    doc.source
        .date
        .as_deref()
        .and_then(dixit_dates::parse_published)
}

/// Runs `f` with panics caught: a panic becomes [`ExtractError::Internal`] naming `path`
/// (its message kept by the hook [`capture_panics`] installs).
fn guarded<T>(path: &str, f: impl FnOnce() -> T) -> Result<T, ExtractError> {
    GUARDED.with(|g| g.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(false));
    result.map_err(|_| ExtractError::Internal {
        path: path.to_owned(),
        detail: LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| "panic".into()),
    })
}

thread_local! {
    /// Whether this thread is inside [`Extractor::extract`].
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Message of the last guarded panic on this thread.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Keeps panics met inside [`Extractor::extract`] for its error instead of printing them
/// (any other panic keeps the default report). Call once at program start.
pub fn capture_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if GUARDED.with(std::cell::Cell::get) {
            let msg = info.to_string().replace('\n', " ");
            LAST_PANIC.with(|p| *p.borrow_mut() = Some(msg));
        } else {
            default(info);
        }
    }));
}

/// Builds a Markdown or text [`Document`] from raw file bytes, rejecting binary data.
pub fn document_from_bytes(name: &str, bytes: Vec<u8>) -> Result<Document, ExtractError> {
    if bytes.contains(&0) {
        return Err(ExtractError::NotText {
            path: name.to_owned(),
            detail: "binary data (NUL bytes)".into(),
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| ExtractError::NotText {
        path: name.to_owned(),
        detail: format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
    })?;
    let lower = name.to_ascii_lowercase();
    Ok(if lower.ends_with(".md") || lower.ends_with(".markdown") {
        dixit_text::markup::markdown_document(name, text)
    } else {
        dixit_text::markup::text_document(name, text)
    })
}
