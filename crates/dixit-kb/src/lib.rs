//! Bundled French politics/media knowledge base and fast gazetteer matching.
//!
//! The compiled TSV files of `data/kb/` are embedded in the binary and parsed once
//! ([`Kb::embedded`]); [`Kb::find`] runs one Aho-Corasick automaton (leftmost-longest,
//! case-sensitive, whole words) over person full names, media and organization names.

pub mod build;
mod table;
pub mod text;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub use build::{BuildStats, compile};

/// Errors of loading or building the knowledge base.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// A file could not be read or written.
    #[error("{0}: {1}")]
    Io(PathBuf, #[source] std::io::Error),
    /// A JSON source could not be parsed.
    #[error("{0}: {1}")]
    Json(PathBuf, #[source] serde_json::Error),
    /// A file does not have the expected layout.
    #[error("{0}: {1}")]
    Format(PathBuf, String),
    /// The matcher automaton could not be built.
    #[error("automaton: {0}")]
    Automaton(String),
}

/// What a gazetteer match refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityKind {
    /// A person ([`Kb::person`]).
    Person,
    /// A news outlet ([`Kb::media`]).
    Media,
    /// A political party ([`Kb::organization`]).
    Party,
    /// Any other organization ([`Kb::organization`]).
    Organization,
}

/// A gazetteer match: byte span in the searched text and the entity it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// Byte offset of the first char.
    pub start: usize,
    /// Byte offset after the last char.
    pub end: usize,
    /// Entity kind; `id` indexes the matching table.
    pub kind: EntityKind,
    /// Index for [`Kb::person`], [`Kb::media`] or [`Kb::organization`].
    pub id: u32,
}

/// Gender of a person when a source gives it: the project's one `Gender` type.
pub use dixit_lexicon::Gender;

/// An office (mandate or government post) held by a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office {
    /// Title exactly as the source writes it.
    pub title: String,
    /// Start date (`YYYY-MM-DD`) when known.
    pub start: Option<String>,
    /// End date when known and over.
    pub end: Option<String>,
    /// Constituency/department/region when known.
    pub place: Option<String>,
}

/// A person of the knowledge base.
#[derive(Debug, Clone)]
pub struct KbPerson {
    /// Stable slug id ("jean-marie-le-guen").
    pub id: String,
    /// Full name as usually written ("Jean-Marie Le Guen").
    pub name: String,
    /// First name(s).
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Gender when known (given by a source, or inferred from an unambiguous first name).
    pub gender: Option<Gender>,
    /// Latest known party (acronym when usual, e.g. "PS").
    pub party: Option<String>,
    /// Source codes (gouv, an, tw, rne; "homonym" when several people share the name).
    pub sources: String,
    /// Offices, oldest first.
    pub offices: Vec<Office>,
}

/// Kind of news outlet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    /// Newspapers and magazines.
    Press,
    /// Television.
    Tv,
    /// Radio.
    Radio,
    /// Online-only.
    Web,
    /// News agency.
    Agency,
}

/// A news outlet.
#[derive(Debug, Clone)]
pub struct KbMedia {
    /// Stable slug id.
    pub id: String,
    /// Canonical name ("Le Journal du dimanche").
    pub name: String,
    /// Other written forms ("JDD").
    pub aliases: Vec<String>,
    /// Kind of outlet.
    pub kind: MediaKind,
    /// Main owner when known.
    pub owner: Option<String>,
}

/// Kind of organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgKind {
    /// Political party.
    Party,
    /// Public institution (national or international).
    Institution,
    /// Trade union or employers' organisation.
    Union,
    /// Company.
    Company,
    /// Parliamentary group or faction.
    Group,
    /// Association, NGO, think tank, foundation.
    Association,
}

/// An organization (parties included).
#[derive(Debug, Clone)]
pub struct KbOrg {
    /// Stable slug id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Other written forms (acronyms, case variants).
    pub aliases: Vec<String>,
    /// Kind of organization.
    pub kind: OrgKind,
}

/// Context a pattern needs in the text before it to count as a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// Matches anywhere (whole words).
    Any,
    /// Outlet name without its "Le": needs "le", "du" or "au" before ("au Figaro").
    Le,
    /// Without "Les": needs "les", "des" or "aux" ("des Echos").
    Les,
    /// Without "L'": needs a lowercase "l'" glued before ("l'Express").
    Elided,
}

#[derive(Debug, Clone, Copy)]
struct PatInfo {
    kind: EntityKind,
    id: u32,
    ctx: Ctx,
    /// Rejected at the start of a sentence (see [`COMMON_AT_START`]).
    not_initial: bool,
    /// All caps: hyphen-glued use ("PS-EELV") still counts.
    acronym: bool,
}

/// The knowledge base: entities plus the compiled gazetteer automaton.
pub struct Kb {
    persons: Vec<KbPerson>,
    media: Vec<KbMedia>,
    orgs: Vec<KbOrg>,
    first_names: HashMap<String, [u32; 3]>,
    by_last: HashMap<String, Vec<u32>>,
    by_last_folded: HashMap<String, Vec<u32>>,
    /// Pattern strings, parallel to `pats`.
    patterns: Vec<String>,
    pats: Vec<PatInfo>,
    /// Prefix up to the end of a pattern's second word (or its only word) → pattern
    /// indices, longest pattern first.
    index: HashMap<String, Vec<u32>, BuildHasherDefault<FxHasher>>,
}

const PERSONS: &str = include_str!("../../../data/kb/persons.tsv");
const OFFICES: &str = include_str!("../../../data/kb/offices.tsv");
const MEDIA: &str = include_str!("../../../data/kb/media.tsv");
const ORGS: &str = include_str!("../../../data/kb/organizations.tsv");
const FIRST_NAMES: &str = include_str!("../../../data/kb/first_names.tsv");

/// Remainders of "Le …"/"L'…" outlet names too generic to match without their article.
const NO_BARE: &[&str] = &[
    "Messager",
    "Particulier",
    "Résistant",
    "Union",
    "Union - L’Ardennais",
    "Alsace",
    "Histoire",
    "Indépendant",
    "Vie",
];

/// Outlet names that are ordinary words or phrases ("Elle", "Voici", "La Première ministre"):
/// never matched.
const AMBIGUOUS: &[&str] = &[
    "Elle",
    "Voici",
    "Prier",
    "Investir",
    "Management",
    "Néon",
    "Nostalgie",
    "Pèlerin",
    "Notre temps",
    "Point de vue",
    "La Savoie",
    "Le Particulier",
    "La Liberté",
    "La Vie",
    "La Première",
    "Haute Gironde",
    "Haute Saintonge",
    "Pays Roannais",
    "Le Pays gessien",
    "L’histoire",
    "L’indicateur",
    "Le Résistant",
    "Le Messager",
];

/// Names that are also capitalised common words at the start of a sentence
/// ("Ensemble, nous…", "Libération des otages"): matched only inside a sentence.
const COMMON_AT_START: &[&str] = &[
    "Ensemble",
    "Renaissance",
    "Horizons",
    "Agir",
    "Reconquête",
    "Libération",
    "Capital",
    "Challenges",
    "Brut",
    "Society",
    "Time",
    "Quotidien",
    "Solidaires",
    "Générations",
    "Congrès",
    "Parlement",
    "Assemblée",
    "La Provence",
    "La Montagne",
    "Les Patriotes",
    "Les Progressistes",
    "Républicains",
    "Verts",
    "Marianne",
    "Vice",
    "Union",
    "Amazon",
];

/// Words before a bare "Monde"/… that make it a phrase, not the outlet ("Coupe du Monde").
const NOT_OUTLET_BEFORE: &[&str] = &["coupe", "tour", "champion", "championne", "championnat"];

impl Kb {
    /// The knowledge base embedded in the binary, parsed on first use.
    pub fn embedded() -> &'static Kb {
        static KB: OnceLock<Kb> = OnceLock::new();
        KB.get_or_init(|| {
            // The embedded files are produced by `compile` and checked by the tests, so a
            // parse failure here is a build defect; fall back to an empty base rather than panic.
            Kb::from_strs(PERSONS, OFFICES, MEDIA, ORGS, FIRST_NAMES)
                .unwrap_or_else(|_| Kb::empty())
        })
    }

    /// Loads the TSV files of a `data/kb`-like directory.
    pub fn load_dir(dir: &Path) -> Result<Kb, KbError> {
        let r = |f: &str| {
            let p = dir.join(f);
            std::fs::read_to_string(&p).map_err(|e| KbError::Io(p, e))
        };
        Kb::from_strs(
            &r("persons.tsv")?,
            &r("offices.tsv")?,
            &r("media.tsv")?,
            &r("organizations.tsv")?,
            &r("first_names.tsv")?,
        )
    }

    fn empty() -> Kb {
        Kb {
            persons: Vec::new(),
            media: Vec::new(),
            orgs: Vec::new(),
            first_names: HashMap::new(),
            by_last: HashMap::new(),
            by_last_folded: HashMap::new(),
            patterns: Vec::new(),
            pats: Vec::new(),
            index: HashMap::default(),
        }
    }

    /// Parses the five TSV texts and builds the automaton.
    pub fn from_strs(
        persons: &str,
        offices: &str,
        media: &str,
        orgs: &str,
        first_names: &str,
    ) -> Result<Kb, KbError> {
        let mut kb = Kb::empty();
        for (i, f) in rows(persons) {
            let [id, name, first, last, gender, party, sources] = cols(&f, i, "persons.tsv")?;
            kb.persons.push(KbPerson {
                id: id.to_string(),
                name: name.to_string(),
                first_name: first.to_string(),
                last_name: last.to_string(),
                gender: match gender {
                    "M" | "m" => Some(Gender::Masculine),
                    "F" | "f" => Some(Gender::Feminine),
                    _ => None,
                },
                party: opt(party),
                sources: sources.to_string(),
                offices: Vec::new(),
            });
        }
        let index: HashMap<String, u32> = kb
            .persons
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i as u32))
            .collect();
        for (i, f) in rows(offices) {
            let [pid, title, start, end, place] = cols(&f, i, "offices.tsv")?;
            if let Some(p) = index.get(pid).and_then(|&i| kb.persons.get_mut(i as usize)) {
                p.offices.push(Office {
                    title: title.to_string(),
                    start: opt(start),
                    end: opt(end),
                    place: opt(place),
                });
            }
        }
        for (i, f) in rows(media) {
            let [id, name, aliases, kind, owner] = cols(&f, i, "media.tsv")?;
            kb.media.push(KbMedia {
                id: id.to_string(),
                name: name.to_string(),
                aliases: split_aliases(aliases),
                kind: match kind {
                    "tv" => MediaKind::Tv,
                    "radio" => MediaKind::Radio,
                    "web" => MediaKind::Web,
                    "agency" => MediaKind::Agency,
                    _ => MediaKind::Press,
                },
                owner: opt(owner),
            });
        }
        for (i, f) in rows(orgs) {
            let [id, name, aliases, kind] = cols(&f, i, "organizations.tsv")?;
            kb.orgs.push(KbOrg {
                id: id.to_string(),
                name: name.to_string(),
                aliases: split_aliases(aliases),
                kind: match kind {
                    "party" => OrgKind::Party,
                    "union" => OrgKind::Union,
                    "company" => OrgKind::Company,
                    "group" => OrgKind::Group,
                    "association" => OrgKind::Association,
                    _ => OrgKind::Institution,
                },
            });
        }
        for (i, f) in rows(first_names) {
            let [name, count, male, female] = cols(&f, i, "first_names.tsv")?;
            let n = |s: &str| s.parse::<u32>().unwrap_or(0);
            kb.first_names
                .insert(name.to_string(), [n(count), n(male), n(female)]);
        }
        for (i, p) in kb.persons.iter().enumerate() {
            kb.by_last
                .entry(p.last_name.clone())
                .or_default()
                .push(i as u32);
            kb.by_last_folded
                .entry(text::slug(&p.last_name))
                .or_default()
                .push(i as u32);
        }
        kb.build_automaton()?;
        Ok(kb)
    }

    fn build_automaton(&mut self) -> Result<(), KbError> {
        let mut patterns: Vec<String> = Vec::new();
        let mut seen: HashMap<String, ()> = HashMap::new();
        let mut pats = Vec::new();
        let mut add = |s: &str, info: PatInfo| {
            let mut forms = vec![s.to_string()];
            if let Some(v) = text::swap_apostrophes(s) {
                forms.push(v);
            }
            for f in forms.clone() {
                let v = text::strip_upper_accents(&f);
                if v != f {
                    forms.push(v);
                }
            }
            for f in forms {
                if f.is_empty()
                    || seen.contains_key(&f)
                    || AMBIGUOUS.contains(&f.replace('\'', "’").as_str())
                {
                    continue;
                }
                seen.insert(f.clone(), ());
                let info = PatInfo {
                    not_initial: COMMON_AT_START.contains(&f.as_str()),
                    acronym: !f.chars().any(char::is_lowercase),
                    ..info
                };
                patterns.push(f);
                pats.push(info);
            }
        };
        // Insertion order is precedence for identical strings: media, orgs, then persons.
        for (i, m) in self.media.iter().enumerate() {
            let any = PatInfo {
                kind: EntityKind::Media,
                id: i as u32,
                ctx: Ctx::Any,
                not_initial: false,
                acronym: false,
            };
            for s in std::iter::once(&m.name).chain(&m.aliases) {
                add(s, any);
            }
        }
        for (i, o) in self.orgs.iter().enumerate() {
            let kind = if o.kind == OrgKind::Party {
                EntityKind::Party
            } else {
                EntityKind::Organization
            };
            let info = PatInfo {
                kind,
                id: i as u32,
                ctx: Ctx::Any,
                not_initial: false,
                acronym: false,
            };
            for s in std::iter::once(&o.name).chain(&o.aliases) {
                add(s, info);
            }
        }
        // Bare outlet names after a contracted/lowercase article ("du Figaro", "l'Express").
        for (i, m) in self.media.iter().enumerate() {
            for s in std::iter::once(&m.name).chain(&m.aliases) {
                let (rest, ctx) = if let Some(r) = s.strip_prefix("Le ") {
                    (r, Ctx::Le)
                } else if let Some(r) = s.strip_prefix("Les ") {
                    (r, Ctx::Les)
                } else if let Some(r) = s.strip_prefix("L’").or_else(|| s.strip_prefix("L'")) {
                    (r, Ctx::Elided)
                } else {
                    continue;
                };
                let capital = rest.chars().next().is_some_and(char::is_uppercase);
                if capital && rest.chars().count() >= 3 && !NO_BARE.contains(&rest) {
                    add(
                        rest,
                        PatInfo {
                            kind: EntityKind::Media,
                            id: i as u32,
                            ctx,
                            not_initial: false,
                            acronym: false,
                        },
                    );
                }
            }
        }
        for (i, p) in self.persons.iter().enumerate() {
            if p.name.split_whitespace().count() >= 2 {
                let info = PatInfo {
                    kind: EntityKind::Person,
                    id: i as u32,
                    ctx: Ctx::Any,
                    not_initial: false,
                    acronym: false,
                };
                add(&p.name, info);
                // The press often drops accents from names ("Benoit Hamon").
                let plain = text::strip_accents(&p.name);
                if plain != p.name {
                    add(&plain, info);
                }
            }
        }
        let mut index: HashMap<String, Vec<u32>, BuildHasherDefault<FxHasher>> = HashMap::default();
        for (i, p) in patterns.iter().enumerate() {
            if let Some(k) = p.get(..key_len(p)) {
                index.entry(k.to_string()).or_default().push(i as u32);
            }
        }
        for v in index.values_mut() {
            v.sort_by_key(|&i| std::cmp::Reverse(patterns.get(i as usize).map_or(0, String::len)));
        }
        self.index = index;
        self.patterns = patterns;
        self.pats = pats;
        Ok(())
    }

    /// All gazetteer matches in `text`: leftmost-longest, case-sensitive, whole words.
    ///
    /// Lines written in capitals ("MARINE LE PEN" headings) are also searched in title case
    /// for person names.
    pub fn find(&self, text: &str) -> Vec<Match> {
        let mut out = Vec::new();
        self.find_into(text, 0, false, &mut out);
        let mut line_start = 0;
        let mut caps_lines = false;
        for line in text.split_inclusive('\n') {
            if is_caps_line(line)
                && let Some(titled) = title_case_line(line)
            {
                self.find_into(&titled, line_start, true, &mut out);
                caps_lines = true;
            }
            line_start += line.len();
        }
        if caps_lines {
            out.sort_by_key(|m| m.start);
        }
        out
    }

    /// Scans `text` (found at byte `offset` of the caller's text) word start by word start.
    fn find_into(&self, text: &str, offset: usize, persons_only: bool, out: &mut Vec<Match>) {
        let mut pos = 0;
        while pos < text.len() {
            let Some(rest) = text.get(pos..) else { break };
            let mut chars = rest.chars();
            let Some(c) = chars.next() else { break };
            if !is_word(c) {
                pos += c.len_utf8();
                continue;
            }
            let one = word_end(rest, 0);
            let two = next_word_end(rest, one);
            let mut matched = 0;
            for key_end in [two, Some(one)].into_iter().flatten() {
                let Some(cands) = rest.get(..key_end).and_then(|k| self.index.get(k)) else {
                    continue;
                };
                for &ci in cands {
                    let (Some(pat), Some(info)) =
                        (self.patterns.get(ci as usize), self.pats.get(ci as usize))
                    else {
                        continue;
                    };
                    if (persons_only && info.kind != EntityKind::Person)
                        || !rest.starts_with(pat.as_str())
                    {
                        continue;
                    }
                    let end = pos + pat.len();
                    let media = info.kind == EntityKind::Media;
                    let glued_before = media
                        && out.last().is_some_and(|m: &Match| {
                            m.kind == EntityKind::Media && m.end + 1 == offset + pos
                        });
                    let glued_after = media
                        && text
                            .get(end..)
                            .and_then(|t| t.strip_prefix('-'))
                            .is_some_and(|t| self.media_prefix(t));
                    if !accept(text, pos, end, info, glued_before, glued_after) {
                        continue;
                    }
                    out.push(Match {
                        start: offset + pos,
                        end: offset + pos + pat.len(),
                        kind: info.kind,
                        id: info.id,
                    });
                    matched = pat.len();
                    break;
                }
                if matched > 0 {
                    break;
                }
            }
            pos += if matched > 0 { matched } else { one };
        }
    }

    /// Whether `t` starts with the name of an outlet (boundaries not checked).
    fn media_prefix(&self, t: &str) -> bool {
        let one = word_end(t, 0);
        if one == 0 {
            return false;
        }
        [next_word_end(t, one), Some(one)]
            .into_iter()
            .flatten()
            .filter_map(|k| t.get(..k).and_then(|k| self.index.get(k)))
            .flatten()
            .any(|&i| {
                self.pats
                    .get(i as usize)
                    .is_some_and(|p| p.kind == EntityKind::Media)
                    && self
                        .patterns
                        .get(i as usize)
                        .is_some_and(|p| t.starts_with(p.as_str()))
            })
    }

    /// Whether `w` is a known first name, in its capitalised form ("Benoît", "Jean-Marie").
    pub fn is_first_name(&self, w: &str) -> bool {
        self.first_names.contains_key(w)
    }

    /// How many KB persons carry first name `w` (compound parts counted too).
    pub fn first_name_count(&self, w: &str) -> u32 {
        self.first_names.get(w).map_or(0, |c| c[0])
    }

    /// Most frequent gender of first name `w` when the KB knows it (≥ 80 % one way).
    pub fn first_name_gender(&self, w: &str) -> Option<Gender> {
        let [_, m, f] = *self.first_names.get(w)?;
        if m > 0 && m >= 4 * f {
            Some(Gender::Masculine)
        } else if f >= 4 * m && f > 0 {
            Some(Gender::Feminine)
        } else {
            None
        }
    }

    /// The person with index `id`.
    pub fn person(&self, id: u32) -> Option<&KbPerson> {
        self.persons.get(id as usize)
    }

    /// The outlet with index `id`.
    pub fn media(&self, id: u32) -> Option<&KbMedia> {
        self.media.get(id as usize)
    }

    /// The organization (or party) with index `id`.
    pub fn organization(&self, id: u32) -> Option<&KbOrg> {
        self.orgs.get(id as usize)
    }

    /// Persons whose family name is `last` (exact form first, else accent/case-folded).
    pub fn persons_by_last_name(&self, last: &str) -> &[u32] {
        if let Some(v) = self.by_last.get(last) {
            return v;
        }
        self.by_last_folded
            .get(&text::slug(last))
            .map_or(&[], Vec::as_slice)
    }

    /// Index of the person whose full name is `name` (as written in the KB).
    pub fn person_by_name(&self, name: &str) -> Option<u32> {
        let key = text::slug(name);
        self.persons
            .binary_search_by(|p| p.id.as_str().cmp(key.as_str()))
            .ok()
            .map(|i| i as u32)
    }

    /// Number of persons, outlets and organizations.
    pub fn sizes(&self) -> (usize, usize, usize) {
        (self.persons.len(), self.media.len(), self.orgs.len())
    }

    /// Number of patterns in the automaton.
    pub fn pattern_count(&self) -> usize {
        self.pats.len()
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// Byte length of `s` up to the end of the word run starting at byte `from` (a word char).
fn word_end(s: &str, from: usize) -> usize {
    let tail = s.get(from..).unwrap_or("");
    from + tail.find(|c: char| !is_word(c)).unwrap_or(tail.len())
}

/// End of the next word after byte `from`, when only separators (no more than 3 bytes, no
/// line break) lie between: "Jean-Marie", "Le Guen", "L'Express".
fn next_word_end(s: &str, from: usize) -> Option<usize> {
    let tail = s.get(from..)?;
    let gap = tail.find(is_word)?;
    if gap == 0 || gap > 3 || tail.get(..gap)?.contains('\n') {
        return None;
    }
    Some(word_end(s, from + gap))
}

/// Index key of a pattern: up to the end of its second word, or its only word.
fn key_len(p: &str) -> usize {
    let start = p.find(is_word).unwrap_or(0);
    if start > 0 {
        // Patterns open with a word char; anything else is keyed on its whole text.
        return p.len();
    }
    let one = word_end(p, 0);
    next_word_end(p, one).unwrap_or(one)
}

/// A line in capitals with at least two words ("MARINE LE PEN", a heading).
fn is_caps_line(line: &str) -> bool {
    !line.chars().any(char::is_lowercase)
        && line.chars().filter(|c| c.is_uppercase()).count() >= 4
        && line.split_whitespace().count() >= 2
}

/// Title-cases a capitals line keeping every byte offset; `None` if lengths would change.
fn title_case_line(line: &str) -> Option<String> {
    let mut out = String::with_capacity(line.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| -> Option<()> {
        if word.is_empty() {
            return Some(());
        }
        let lower = word.to_lowercase();
        let cased = if matches!(lower.as_str(), "de" | "du" | "des" | "d") {
            lower
        } else {
            let mut cs = lower.chars();
            cs.next()
                .map(|f| f.to_uppercase().chain(cs).collect::<String>())
                .unwrap_or_default()
        };
        if cased.len() != word.len() {
            return None;
        }
        out.push_str(&cased);
        word.clear();
        Some(())
    };
    for c in line.chars() {
        if is_word(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out)?;
            out.push(c);
        }
    }
    flush(&mut word, &mut out)?;
    Some(out)
}

/// Small fast hasher for the short string keys of the index (not DoS-resistant; the keys
/// come from the bundled data).
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for ch in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(ch);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Whole-word and context checks for a raw automaton hit.
///
/// `glued_before`/`glued_after`: a hyphen on that side joins another outlet, as in
/// "RTL-Le Figaro-LCI", and does not make the name part of a compound word.
fn accept(
    text: &str,
    start: usize,
    end: usize,
    info: &PatInfo,
    glued_before: bool,
    glued_after: bool,
) -> bool {
    let before = text.get(..start).unwrap_or("");
    let after = text.get(end..).unwrap_or("");
    let mut back = before.chars().rev();
    let prev = back.next();
    let mut fwd = after.chars();
    let next = fwd.next();
    if prev.is_some_and(is_word) || next.is_some_and(is_word) {
        return false;
    }
    // A hyphen glued to a word continues a compound ("Morel-À-L'Huissier", "Croix-Rouge").
    if !info.acronym {
        if prev == Some('-') && !glued_before && back.next().is_some_and(is_word) {
            return false;
        }
        if next == Some('-') && !glued_after && fwd.next().is_some_and(is_word) {
            return false;
        }
    }
    if info.not_initial && sentence_initial(before) {
        return false;
    }
    match info.ctx {
        Ctx::Any => true,
        Ctx::Elided => {
            let mut b = before.chars().rev();
            matches!(b.next(), Some('\'' | '’'))
                && b.next() == Some('l')
                && !b.next().is_some_and(is_word)
        }
        Ctx::Le | Ctx::Les => {
            let mut words = before.split_whitespace().rev();
            let (Some(w1), w2) = (words.next(), words.next()) else {
                return false;
            };
            if !before.ends_with(' ') {
                return false;
            }
            let w1 = w1.to_lowercase();
            let ok = if info.ctx == Ctx::Le {
                matches!(w1.as_str(), "le" | "du" | "au")
            } else {
                matches!(w1.as_str(), "les" | "des" | "aux")
            };
            let w2 = w2.map(str::to_lowercase).unwrap_or_default();
            ok && !NOT_OUTLET_BEFORE.contains(&w2.as_str())
        }
    }
}

/// Whether a match preceded by `before` starts a sentence, heading or quotation.
fn sentence_initial(before: &str) -> bool {
    match before
        .trim_end_matches([' ', '\u{a0}', '\u{202f}', '\t'])
        .chars()
        .next_back()
    {
        None => true,
        Some(c) => matches!(
            c,
            '.' | '!' | '?' | '\n' | ':' | '«' | '"' | '“' | '—' | '–' | '…' | '#'
        ),
    }
}

/// Data rows of a TSV text (header skipped) with their 1-based line number.
fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .skip(1)
        .filter(|(_, l)| !l.is_empty())
        .map(|(i, l)| (i + 1, l.split('\t').collect()))
}

/// Exactly `N` columns of a row, or a format error naming the file and line.
fn cols<'a, const N: usize>(
    f: &[&'a str],
    line: usize,
    file: &str,
) -> Result<[&'a str; N], KbError> {
    <[&str; N]>::try_from(f).map_err(|_| {
        KbError::Format(
            PathBuf::from(file),
            format!("line {line}: expected {N} columns, got {}", f.len()),
        )
    })
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

fn split_aliases(s: &str) -> Vec<String> {
    s.split('|')
        .filter(|a| !a.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found<'a>(kb: &Kb, text: &'a str) -> Vec<(&'a str, EntityKind)> {
        kb.find(text)
            .iter()
            .filter_map(|m| text.get(m.start..m.end).map(|s| (s, m.kind)))
            .collect()
    }

    #[test]
    fn embedded_persons() {
        let kb = Kb::embedded();
        let text = "Benoît Hamon, Manuel Valls et Jean-Marie Le Guen ont répondu à Yves Blein \
                    et à Jean-Christophe Cambadélis.";
        let got = found(kb, text);
        for name in [
            "Benoît Hamon",
            "Manuel Valls",
            "Jean-Marie Le Guen",
            "Yves Blein",
            "Jean-Christophe Cambadélis",
        ] {
            assert!(got.contains(&(name, EntityKind::Person)), "{name}: {got:?}");
        }
        let m = kb.find(text);
        let p = m
            .first()
            .and_then(|m| kb.person(m.id))
            .map(|p| p.name.as_str());
        assert_eq!(p, Some("Benoît Hamon"));
        let le_guen = kb.persons_by_last_name("Le Guen");
        assert!(
            le_guen
                .iter()
                .filter_map(|&i| kb.person(i))
                .any(|p| p.first_name == "Jean-Marie")
        );
    }

    #[test]
    fn embedded_media_and_orgs() {
        let kb = Kb::embedded();
        let text = "Il l'a dit sur RTL, aux Echos (Les Echos), au JDD, à Lyon Capitale et à l'AFP. \
                    Le PS et l'Assemblée nationale.";
        let got = found(kb, text);
        for name in ["RTL", "Les Echos", "JDD", "Lyon Capitale", "AFP"] {
            assert!(got.contains(&(name, EntityKind::Media)), "{name}: {got:?}");
        }
        assert!(got.contains(&("PS", EntityKind::Party)), "{got:?}");
        assert!(got.contains(&("Assemblée nationale", EntityKind::Organization)));
        let afp = kb
            .find("AFP")
            .first()
            .and_then(|m| kb.media(m.id))
            .map(|m| m.kind);
        assert_eq!(afp, Some(MediaKind::Agency));
        let ps = kb
            .find("PS")
            .first()
            .and_then(|m| kb.organization(m.id))
            .map(|o| o.kind);
        assert_eq!(ps, Some(OrgKind::Party));
    }

    #[test]
    fn whole_words_only() {
        let kb = Kb::embedded();
        assert!(found(kb, "RTLX").is_empty());
        assert!(found(kb, "xRTL").is_empty());
        let psg = found(kb, "le PSG a gagné");
        assert!(!psg.iter().any(|(s, _)| *s == "PS"), "{psg:?}");
        assert!(
            found(kb, "la Croix-Rouge")
                .iter()
                .all(|(_, k)| *k != EntityKind::Media)
        );
    }

    #[test]
    fn contextual_outlets_and_sentence_starts() {
        let kb = Kb::embedded();
        assert!(found(kb, "il a dit au Figaro que").contains(&("Figaro", EntityKind::Media)));
        assert!(found(kb, "selon l'Express,").contains(&("Express", EntityKind::Media)));
        assert!(found(kb, "la Coupe du Monde").is_empty());
        assert!(found(kb, "Ensemble, nous irons loin.").is_empty());
        assert!(found(kb, "la coalition Ensemble a").contains(&("Ensemble", EntityKind::Party)));
        assert!(found(kb, "La Première ministre").is_empty());
        assert!(found(kb, "L'histoire de L’histoire").is_empty());
    }

    #[test]
    fn variants_and_capitals() {
        let kb = Kb::embedded();
        assert!(found(kb, "à l'Elysée").contains(&("Elysée", EntityKind::Organization)));
        assert!(found(kb, "selon Benoit Hamon").contains(&("Benoit Hamon", EntityKind::Person)));
        assert!(found(kb, "à L’Express").contains(&("L’Express", EntityKind::Media)));
        let text = "Intro.\n\nMARINE LE PEN\n\nLa présidente du FN.";
        assert!(found(kb, text).contains(&("MARINE LE PEN", EntityKind::Person)));
    }

    #[test]
    fn first_names() {
        let kb = Kb::embedded();
        for n in ["Benoît", "Jean-Marie", "Yves", "Jean", "Marie"] {
            assert!(kb.is_first_name(n), "{n}");
            assert!(kb.first_name_count(n) > 0, "{n}");
        }
        assert!(kb.first_name_count("Jean") > kb.first_name_count("Jean-Marie"));
        assert!(!kb.is_first_name("benoît"));
        assert_eq!(kb.first_name_gender("Marie"), Some(Gender::Feminine));
        assert_eq!(kb.first_name_gender("Yves"), Some(Gender::Masculine));
    }

    const P: &str = "id\tname\tfirst_name\tlast_name\tgender\tparty\tsources\n\
        anne-dupont\tAnne Dupont\tAnne\tDupont\tF\tPS\trne\n\
        anne-dupont-moretti\tAnne Dupont-Moretti\tAnne\tDupont-Moretti\t\t\tgouv\n";
    const O: &str = "person_id\ttitle\tstart\tend\tplace\n\
        anne-dupont\tdéputée\t2017-06-21\t\tAin\n";
    const M: &str = "id\tname\taliases\tkind\towner\nle-monde\tLe Monde\tlemonde.fr\tpress\t\n";
    const G: &str = "id\tname\taliases\tkind\nparti-socialiste\tParti socialiste\tPS\tparty\n";
    const F: &str = "first_name\tcount\tmale\tfemale\nAnne\t2\t0\t1\n";

    #[test]
    fn leftmost_longest_on_small_kb() {
        let kb = Kb::from_strs(P, O, M, G, F).expect("small kb");
        let text = "Anne Dupont-Moretti (PS) et Anne Dupont parlent au Monde.";
        let got = found(&kb, text);
        assert_eq!(
            got,
            vec![
                ("Anne Dupont-Moretti", EntityKind::Person),
                ("PS", EntityKind::Party),
                ("Anne Dupont", EntityKind::Person),
                ("Monde", EntityKind::Media),
            ]
        );
        let p = kb.person_by_name("Anne Dupont").and_then(|i| kb.person(i));
        assert_eq!(p.map(|p| p.offices.len()), Some(1));
        assert_eq!(p.and_then(|p| p.gender), Some(Gender::Feminine));
        assert!(found(&kb, "Anne Dupont-Martin").is_empty());
    }

    #[test]
    fn malformed_rows_are_errors() {
        let bad = "id\tname\nx\ty\n";
        assert!(matches!(
            Kb::from_strs(bad, O, M, G, F),
            Err(KbError::Format(..))
        ));
        assert!(Kb::load_dir(Path::new("/nonexistent/kb")).is_err());
    }
}
