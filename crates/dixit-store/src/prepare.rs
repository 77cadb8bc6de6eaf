//! Everything a backend writes for one article, computed up front (in parallel, off
//! the writer thread): ids, normalised keys, MinHash signature, full-text terms.

use crate::minhash::Signature;
use crate::normalize::{IndexBody, fold, for_each_folded_word, index_body, name_key};
use dixit_model::{ArticleRecord, QuoteKind, Source, SourceKind};
use std::collections::{HashMap, HashSet};
use xxhash_rust::xxh3::{Xxh3, xxh3_128};

/// One quote ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedQuote {
    /// Stable id: hash of the story id, offsets and text.
    pub id: String,
    /// Start byte in the story text.
    pub start: i64,
    /// End byte.
    pub end: i64,
    /// The words.
    pub text: String,
    /// `direct`, `indirect` or `mixed`.
    pub kind: &'static str,
    /// Speaker name as given.
    pub speaker: Option<String>,
    /// Speaker kind.
    pub speaker_kind: Option<&'static str>,
    /// Folded speaker name, for filtering.
    pub speaker_key: Option<String>,
    /// Person id when the speaker is a person of the article.
    pub person_id: Option<String>,
    /// Reporting cue.
    pub cue: Option<String>,
    /// Channel.
    pub channel: Option<String>,
    /// Full-text terms.
    pub body: IndexBody,
}

/// One person ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedPerson {
    /// Stable id: normalised full name.
    pub id: String,
    /// Fullest name.
    pub name: String,
    /// Knowledge-base id.
    pub kb_id: Option<String>,
    /// Party.
    pub party: Option<String>,
    /// Folded party, for filtering.
    pub party_key: Option<String>,
    /// Roles, deduplicated.
    pub roles: Vec<String>,
    /// Surface forms, deduplicated.
    pub surfaces: Vec<String>,
}

/// One relation ready to store: both sides by their stored id.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedRelation {
    /// `supports`, `criticises`, `joins`, `leaves`, `allies`, `succeeds` or `responds`.
    pub kind: &'static str,
    /// `person`, `media` or `organization`.
    pub source_kind: &'static str,
    /// Id of the source in its table (persons, media, organizations).
    pub source_id: String,
    /// Source name as extracted.
    pub source_name: String,
    /// Kind of the target, as `source_kind`.
    pub target_kind: &'static str,
    /// Id of the target in its table.
    pub target_id: String,
    /// Target name as extracted.
    pub target_name: String,
    /// Start byte of the evidence in the story text.
    pub start: i64,
    /// End byte of the evidence.
    pub end: i64,
    /// The verb phrase stating it.
    pub cue: String,
    /// The text denies it.
    pub negated: bool,
    /// The text states it as possible, not done.
    pub hedged: bool,
    /// Day it was stated (ISO 8601).
    pub date: Option<String>,
}

/// One article ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedArticle {
    /// Identity of the input: URL when known, else the input path.
    pub source_key: String,
    /// Hash of the normalised text: the story id when this article starts a story.
    pub text_hash: String,
    /// Title.
    pub title: Option<String>,
    /// Analysed text.
    pub text: String,
    /// Outlet.
    pub outlet: Option<String>,
    /// Folded outlet name.
    pub outlet_key: Option<String>,
    /// Publication date.
    pub date: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Input path.
    pub path: String,
    /// Full-text terms of title and text.
    pub body: IndexBody,
    /// MinHash signature (none for an empty text).
    pub signature: Option<Signature>,
    /// Quotes.
    pub quotes: Vec<PreparedQuote>,
    /// Persons, deduplicated by id, in order of first mention.
    pub persons: Vec<PreparedPerson>,
    /// Media as (id, name).
    pub media: Vec<(String, String)>,
    /// Organisations as (id, name).
    pub organizations: Vec<(String, String)>,
    /// Places as (id, name).
    pub places: Vec<(String, String)>,
    /// Relations between persons, outlets and organisations of the article.
    pub relations: Vec<PreparedRelation>,
}

fn hex128(v: u128) -> String {
    format!("{v:032x}")
}

fn kind_str(k: QuoteKind) -> &'static str {
    match k {
        QuoteKind::Direct => "direct",
        QuoteKind::Indirect => "indirect",
        QuoteKind::Mixed => "mixed",
    }
}

fn source_kind_str(k: SourceKind) -> &'static str {
    match k {
        SourceKind::Person => "person",
        SourceKind::Media => "media",
        SourceKind::Organization => "organization",
        SourceKind::Collective => "collective",
    }
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    if !s.is_empty() && !v.iter().any(|x| x == s) {
        v.push(s.to_string());
    }
}

/// Outlets or organisations as (id, name): the knowledge-base id when linked (so that
/// "BFMTV" and "BFM TV" are one row), else the normalised name.
fn named(list: &[dixit_model::Named]) -> Keyed {
    let mut out = Keyed::default();
    for n in list {
        out.add(
            non_empty(n.id.clone()).unwrap_or_else(|| name_key(&n.name)),
            n.name.trim(),
        );
    }
    out
}

/// (id, name) pairs in order of first appearance, each id once, with a set of the ids so
/// that adding stays linear in the article's size.
#[derive(Default)]
struct Keyed {
    list: Vec<(String, String)>,
    keys: HashSet<String>,
}

impl Keyed {
    /// Adds `key` unless it is empty or already there.
    fn add(&mut self, key: String, name: &str) {
        if !key.is_empty() && self.keys.insert(key.clone()) {
            self.list.push((key, name.to_string()));
        }
    }
}

/// Persons of one article by id, in order of first appearance.
#[derive(Default)]
struct PersonIndex {
    list: Vec<PreparedPerson>,
    at: HashMap<String, usize>,
}

impl PersonIndex {
    /// Index of person `id`, added with `name` alone (no roles, no KB id) when missing: a
    /// speaker or a relation side the extractor did not list still gets a row.
    fn ensure(&mut self, id: &str, name: &str) -> usize {
        if let Some(&i) = self.at.get(id) {
            return i;
        }
        let name = name.trim().to_string();
        self.list.push(PreparedPerson {
            id: id.to_string(),
            surfaces: if name.is_empty() {
                Vec::new()
            } else {
                vec![name.clone()]
            },
            name,
            kb_id: None,
            party: None,
            party_key: None,
            roles: Vec::new(),
        });
        self.at.insert(id.to_string(), self.list.len() - 1);
        self.list.len() - 1
    }
}

fn no_nul(s: String) -> String {
    if s.contains('\0') {
        s.replace('\0', " ")
    } else {
        s
    }
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Identity of an input: its URL when known, else its path.
pub fn source_key(source: &Source) -> String {
    non_empty(source.url.clone()).unwrap_or_else(|| source.path.clone())
}

/// Hash of a text's folded words: whitespace, case, accents and punctuation do not make
/// another text. The story id of a text that starts a story.
pub fn text_hash(text: &str) -> String {
    let mut hasher = Xxh3::new();
    for_each_folded_word(text, |w| {
        hasher.update(w.as_bytes());
        hasher.update(b" ");
    });
    hex128(hasher.digest128())
}

impl PreparedArticle {
    /// Prepares `record`, whose offsets refer to `text`.
    pub fn new(record: ArticleRecord, text: String) -> PreparedArticle {
        // PostgreSQL text cannot hold NUL; a space keeps every byte offset valid.
        let text = no_nul(text);
        let source = record.source;
        let source_key = source_key(&source);
        let url = non_empty(source.url);
        let text_hash = text_hash(&text);

        let title = non_empty(record.title).map(no_nul);
        let body = index_body(&[title.as_deref().unwrap_or_default(), &text]);

        let mut persons = PersonIndex::default();
        // Index in `record.persons` → index in `persons`, after merging same-key persons.
        let mut person_map: Vec<Option<usize>> = Vec::with_capacity(record.persons.len());
        // One identity across the archive: the knowledge-base id when the extractor linked
        // the person (or another person of the article with the same normalised name),
        // else the normalised full name.
        let linked: HashMap<String, String> = record
            .persons
            .iter()
            .filter_map(|p| Some((name_key(&p.name), non_empty(p.kb_id.clone())?)))
            .collect();
        for p in record.persons {
            let key = name_key(&p.name);
            let id = non_empty(p.kb_id.clone())
                .or_else(|| linked.get(&key).cloned())
                .unwrap_or(key);
            if id.is_empty() {
                person_map.push(None);
                continue;
            }
            let at = persons.ensure(&id, &p.name);
            person_map.push(Some(at));
            if let Some(target) = persons.list.get_mut(at) {
                if target.kb_id.is_none() {
                    target.kb_id = non_empty(p.kb_id);
                }
                if target.party.is_none() {
                    target.party = non_empty(p.party);
                    target.party_key = target.party.as_deref().map(fold);
                }
                for r in &p.roles {
                    push_unique(&mut target.roles, r.trim());
                }
                for m in &p.mentions {
                    push_unique(&mut target.surfaces, m.trim());
                }
                push_unique(&mut target.surfaces, p.name.trim());
            }
        }

        let quotes: Vec<PreparedQuote> = record
            .quotes
            .into_iter()
            .map(|q| {
                let start = i64::try_from(q.start).unwrap_or(i64::MAX);
                let end = i64::try_from(q.end).unwrap_or(i64::MAX);
                let mut h = Xxh3::new();
                h.update(text_hash.as_bytes());
                h.update(&start.to_le_bytes());
                h.update(&end.to_le_bytes());
                h.update(q.text.as_bytes());
                let (speaker, speaker_kind, speaker_key, person_id) = match q.speaker {
                    Some(s) => {
                        let person_id = if s.kind == SourceKind::Person {
                            s.person
                                .and_then(|i| person_map.get(i).copied().flatten())
                                .and_then(|i| persons.list.get(i))
                                .map(|p| p.id.clone())
                                .or_else(|| non_empty(s.id.clone()))
                                .or_else(|| Some(name_key(&s.name)).filter(|k| !k.is_empty()))
                        } else {
                            None
                        };
                        let key = fold(&s.name);
                        (
                            Some(s.name),
                            Some(source_kind_str(s.kind)),
                            Some(key),
                            person_id,
                        )
                    }
                    None => (None, None, None, None),
                };
                PreparedQuote {
                    id: hex128(h.digest128()),
                    start,
                    end,
                    body: index_body(&[&q.text]),
                    text: no_nul(q.text),
                    kind: kind_str(q.kind),
                    speaker,
                    speaker_kind,
                    speaker_key,
                    person_id,
                    cue: q.cue,
                    channel: q.channel,
                }
            })
            .collect();

        // A speaker the extractor did not list among the persons still gets a person row,
        // so that every `person_id` of a quote resolves.
        for q in &quotes {
            let (Some(id), Some(name)) = (&q.person_id, &q.speaker) else {
                continue;
            };
            persons.ensure(id, name);
        }

        let mut media = named(&record.media);
        let mut organizations = named(&record.organizations);
        let mut relations: Vec<PreparedRelation> = Vec::with_capacity(record.relations.len());
        for r in record.relations {
            // Each side gets the id of its row: the merged person's, else its name's key;
            // a side the lists lack still gets a row, so that every id resolves.
            let mut side = |a: &dixit_model::Actor| -> Option<(&'static str, String)> {
                let key = non_empty(a.id.clone()).unwrap_or_else(|| name_key(&a.name));
                match a.kind {
                    SourceKind::Person => {
                        let id = a
                            .person
                            .and_then(|i| person_map.get(i).copied().flatten())
                            .and_then(|i| persons.list.get(i))
                            .map(|p| p.id.clone())
                            .or_else(|| Some(key).filter(|k| !k.is_empty()))?;
                        persons.ensure(&id, &a.name);
                        Some(("person", id))
                    }
                    SourceKind::Media | SourceKind::Organization => {
                        if key.is_empty() {
                            return None;
                        }
                        let (list, kind) = if a.kind == SourceKind::Media {
                            (&mut media, "media")
                        } else {
                            (&mut organizations, "organization")
                        };
                        list.add(key.clone(), a.name.trim());
                        Some((kind, key))
                    }
                    SourceKind::Collective => None,
                }
            };
            let (Some((source_kind, source_id)), Some((target_kind, target_id))) =
                (side(&r.source), side(&r.target))
            else {
                continue;
            };
            relations.push(PreparedRelation {
                kind: r.kind.as_str(),
                source_kind,
                source_id,
                source_name: no_nul(r.source.name),
                target_kind,
                target_id,
                target_name: no_nul(r.target.name),
                start: i64::try_from(r.start).unwrap_or(i64::MAX),
                end: i64::try_from(r.end).unwrap_or(i64::MAX),
                cue: no_nul(r.cue),
                negated: r.negated,
                hedged: r.hedged,
                date: non_empty(r.date),
            });
        }

        let outlet = non_empty(source.outlet);
        PreparedArticle {
            source_key,
            signature: Signature::of_text(&text),
            text_hash,
            title,
            text,
            outlet_key: outlet.as_deref().map(fold),
            outlet,
            date: non_empty(source.date),
            url,
            path: source.path,
            body,
            quotes,
            persons: persons.list,
            media: media.list,
            organizations: organizations.list,
            places: named(&record.places).list,
            relations,
        }
    }

    /// Hash of arbitrary bytes in the id format used by this crate (for callers' keys).
    pub fn hash_id(bytes: &[u8]) -> String {
        hex128(xxh3_128(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dixit_model::{Person, Quote, Source, Speaker};

    fn record(path: &str) -> ArticleRecord {
        ArticleRecord {
            source: Source {
                path: path.into(),
                outlet: Some("Le Monde".into()),
                ..Default::default()
            },
            title: Some("Titre".into()),
            quotes: vec![Quote {
                start: 10,
                end: 20,
                text: "Nous gagnerons".into(),
                kind: QuoteKind::Direct,
                speaker: Some(Speaker {
                    id: None,
                    name: "Benoît Hamon".into(),
                    kind: SourceKind::Person,
                    person: Some(1),
                    mention: None,
                }),
                cue: Some("a déclaré".into()),
                cue_span: None,
                channel: None,
                date: None,
                date_from: None,
            }],
            persons: vec![
                Person {
                    id: None,
                    name: "Benoît Hamon".into(),
                    mentions: vec!["Hamon".into()],
                    roles: vec!["député".into()],
                    spans: vec![],
                    kb_id: None,
                    party: None,
                },
                Person {
                    id: None,
                    name: "benoit  hamon".into(),
                    mentions: vec!["M. Hamon".into()],
                    roles: vec!["député".into(), "candidat".into()],
                    spans: vec![],
                    kb_id: Some("Q1".into()),
                    party: None,
                },
            ],
            ..Default::default()
        }
    }

    #[test]
    fn same_words_give_same_story_id_whatever_the_spacing() {
        let a = PreparedArticle::new(record("a.md"), "Le  Président a parlé.".into());
        let b = PreparedArticle::new(record("b.md"), "le président\na parlé".into());
        let c = PreparedArticle::new(record("c.md"), "Le Président n'a pas parlé.".into());
        assert_eq!(a.text_hash, b.text_hash);
        assert_ne!(a.text_hash, c.text_hash);
        assert_ne!(a.source_key, b.source_key);
    }

    #[test]
    fn persons_with_same_key_merge_and_quotes_point_to_them() {
        let a = PreparedArticle::new(record("a.md"), "x".into());
        assert_eq!(a.persons.len(), 1);
        let p = &a.persons[0];
        // The knowledge-base id is the identity when one of the merged persons has it.
        assert_eq!(p.id, "Q1");
        assert_eq!(p.roles, vec!["député", "candidat"]);
        assert_eq!(p.kb_id.as_deref(), Some("Q1"));
        assert_eq!(a.quotes[0].person_id.as_deref(), Some("Q1"));
        assert_eq!(a.quotes[0].speaker_key.as_deref(), Some("benoit hamon"));
        assert_eq!(a.outlet_key.as_deref(), Some("le monde"));
    }

    #[test]
    fn nul_bytes_become_spaces_keeping_offsets() {
        let a = PreparedArticle::new(record("a.md"), "ab\0cd".into());
        assert_eq!(a.text, "ab cd");
    }

    #[test]
    fn url_is_the_source_key_when_known() {
        let mut r = record("w.warc.gz#3");
        r.source.url = Some("https://example.org/a".into());
        assert_eq!(
            PreparedArticle::new(r, "t".into()).source_key,
            "https://example.org/a"
        );
    }
}
