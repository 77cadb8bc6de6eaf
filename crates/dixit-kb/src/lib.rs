//! Bundled French politics/media knowledge base and fast gazetteer matching.
//!
//! The compiled TSV files of `data/kb/` are embedded in the binary and parsed once
//! ([`Kb::embedded`]); [`Kb::find`] runs one Aho-Corasick automaton (leftmost-longest,
//! case-sensitive, whole words) over person full names, media and organization names.
//!
//! Persons carry dated offices and party memberships: [`Kb::offices_at`] and
//! [`Kb::party_at`] answer for a civil date (an article's), [`Kb::best_match`] picks the
//! person a surname names at a date.

pub mod annotations;
pub mod build;
pub mod given;
pub mod places;
mod table;
pub mod text;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The civil date (`jiff::civil::Date`) the dated queries take.
pub use jiff::civil::Date;

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
    /// Party the mandate was held under (declared party, or the RNE "nuance"), when known.
    pub party: Option<String>,
}

impl Office {
    /// Start date, when written and valid.
    pub fn start_date(&self) -> Option<Date> {
        self.start.as_deref().and_then(parse_date)
    }

    /// End date, when written and valid (`None` also for an office still running).
    pub fn end_date(&self) -> Option<Date> {
        self.end.as_deref().and_then(parse_date)
    }

    /// Whether the office was held on `date`: from its start day to its end day, both
    /// included; with no end, from its start on (it was running when the source was taken).
    ///
    /// An office without a readable start, or with an unreadable end, is never held at a
    /// date: nothing would bound it.
    pub fn held_on(&self, date: Date) -> bool {
        let Some(start) = self.start_date() else {
            return false;
        };
        let end = match self.end.as_deref() {
            None => None,
            Some(e) => match parse_date(e) {
                Some(e) => Some(e),
                None => return false,
            },
        };
        start <= date && end.is_none_or(|e| date <= e)
    }

    /// A government post or the presidency (as opposed to an elected mandate).
    pub fn is_government(&self) -> bool {
        let t = text::slug(&self.title);
        [
            "ministre",
            "secretaire-d-etat",
            "premier-ministre",
            "president-de-la-republique",
        ]
        .iter()
        .any(|p| t.starts_with(p))
            || t.starts_with("haut-commissaire")
            || t.starts_with("haute-commissaire")
    }

    /// A national or European parliamentary mandate (deputy, senator, MEP).
    pub fn is_parliamentary(&self) -> bool {
        let t = text::slug(&self.title);
        t.starts_with("depute") || t.starts_with("senat")
    }
}

/// Where a dated party membership comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MembershipSource {
    /// The party a deputy declared for financial attachment (Assemblée nationale open data).
    Declared,
    /// The hand-written `data/kb/memberships.tsv` (facts the open data lacks, with evidence).
    Supplement,
}

/// A dated party membership not tied to one mandate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    /// Party (acronym when usual: PS, LR, RN…).
    pub party: String,
    /// First day.
    pub start: Date,
    /// Last day, when over (or when the evidence stops).
    pub end: Option<Date>,
    /// Where the membership comes from.
    pub source: MembershipSource,
}

impl Membership {
    /// Whether `date` lies in the membership, both ends included.
    pub fn covers(&self, date: Date) -> bool {
        self.start <= date && self.end.is_none_or(|e| date <= e)
    }
}

/// On what a span of [`KbPerson::party_history`] rests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartyBasis<'a> {
    /// A dated membership.
    Membership(MembershipSource),
    /// The party a mandate was held under.
    Mandate(&'a Office),
}

/// A party over a span of time, with what says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartySpan<'a> {
    /// Party as the source labels it (see [`party_label_at`] for the label of a date).
    pub party: &'a str,
    /// First day, when known.
    pub start: Option<Date>,
    /// Last day, when over.
    pub end: Option<Date>,
    /// What says so.
    pub basis: PartyBasis<'a>,
}

/// Parties that changed name: (label, earlier label, first day of the label). Sources label
/// a span with the name the party had when they were written ("LR" for a 2012–2017 UMP
/// deputy).
const RENAMES: &[(&str, &str, &str)] = &[
    ("LR", "UMP", "2015-05-30"),
    ("RN", "FN", "2018-06-01"),
    ("LREM", "En Marche", "2017-05-08"),
    ("Renaissance", "LREM", "2022-09-17"),
];

/// The name party `label` went by on `date`, whichever of its names the source used
/// ("LR" in 2013 → "UMP", "RN" in 2017 → "FN", "FN" in July 2018 → "RN").
pub fn party_label_at(label: &str, date: Date) -> &str {
    let mut label = label;
    // Renames chain (En Marche → LREM → Renaissance); the table is short and acyclic.
    // First to the newest name, then back to the one of the day.
    for _ in 0..RENAMES.len() {
        match RENAMES.iter().find(|(_, before, _)| *before == label) {
            Some((now, _, _)) => label = now,
            None => break,
        }
    }
    for _ in 0..RENAMES.len() {
        let earlier = RENAMES.iter().find_map(|(now, before, from)| {
            (*now == label && parse_date(from).is_some_and(|d| date < d)).then_some(*before)
        });
        match earlier {
            Some(e) => label = e,
            None => break,
        }
    }
    label
}

/// Parses a `YYYY-MM-DD` date as the KB files write it; `None` for anything else.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.len() != 10 {
        return None;
    }
    s.parse().ok()
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
    /// Whether `gender` was inferred from the first name rather than given by a source.
    pub gender_inferred: bool,
    /// Latest known party (acronym when usual, e.g. "PS"); see [`KbPerson::party_at`] for
    /// the party at a date.
    pub party: Option<String>,
    /// Source codes (gouv, an, tw, rne; "homonym" when several people share the name).
    pub sources: String,
    /// Offices, oldest first.
    pub offices: Vec<Office>,
    /// Dated party memberships, oldest first.
    pub memberships: Vec<Membership>,
}

impl KbPerson {
    /// Offices held on `date` (start and end days included), oldest first.
    pub fn offices_at(&self, date: Date) -> Vec<&Office> {
        self.offices.iter().filter(|o| o.held_on(date)).collect()
    }

    /// The party on `date`, under the name it had then, or `None` when no source covers
    /// the date (never the latest party by default: that is what dated it wrongly).
    ///
    /// Evidence, strongest first: a hand-checked membership, a declared financial
    /// attachment, then the party of a mandate held that day (parliamentary before local);
    /// within one kind the most recently started wins.
    pub fn party_at(&self, date: Date) -> Option<&str> {
        for source in [MembershipSource::Supplement, MembershipSource::Declared] {
            let m = self
                .memberships
                .iter()
                .filter(|m| m.source == source && m.covers(date))
                .max_by_key(|m| m.start);
            if let Some(m) = m {
                return Some(party_label_at(&m.party, date));
            }
        }
        self.offices
            .iter()
            .filter(|o| o.party.is_some() && o.held_on(date))
            .max_by_key(|o| (o.is_parliamentary(), o.start_date()))
            .and_then(|o| o.party.as_deref())
            .map(|p| party_label_at(p, date))
    }

    /// Every dated party span (memberships and parties of mandates), oldest first.
    pub fn party_history(&self) -> Vec<PartySpan<'_>> {
        let mut v: Vec<PartySpan<'_>> = self
            .memberships
            .iter()
            .map(|m| PartySpan {
                party: &m.party,
                start: Some(m.start),
                end: m.end,
                basis: PartyBasis::Membership(m.source),
            })
            .chain(self.offices.iter().filter_map(|o| {
                Some(PartySpan {
                    party: o.party.as_deref()?,
                    start: o.start_date(),
                    end: o.end_date(),
                    basis: PartyBasis::Mandate(o),
                })
            }))
            .collect();
        v.sort_by_key(|s| (s.start, s.end.is_none(), s.end));
        v
    }

    /// Forms a text may name the person by: the full name, without accents, with the
    /// first name as initials ("J.-M. Le Guen"), the family name alone; no duplicates.
    pub fn name_variants(&self) -> Vec<String> {
        let initials: Vec<String> = self
            .first_name
            .split('-')
            .filter_map(|part| part.chars().next().map(|c| format!("{c}.")))
            .collect();
        let mut v = vec![self.name.clone(), text::strip_accents(&self.name)];
        if !initials.is_empty() && !self.last_name.is_empty() {
            v.push(format!("{} {}", initials.join("-"), self.last_name));
        }
        v.push(self.last_name.clone());
        let mut seen = std::collections::HashSet::new();
        v.retain(|s| !s.is_empty() && seen.insert(s.clone()));
        v
    }

    /// Whether `first`, a first name as written in a text ("Marine", "jean-marie", "J.-M."),
    /// can be this person's: equal once case, accents and hyphens are folded, or the
    /// initials of every part of it.
    pub fn first_name_compatible(&self, first: &str) -> bool {
        first_names_compatible(first, &self.first_name)
    }

    /// How prominent the person is in the KB: 2 with a government post or the presidency
    /// at some time, 1 with a parliamentary mandate, else 0.
    fn prominence(&self) -> u8 {
        if self.offices.iter().any(Office::is_government) {
            2
        } else if self.offices.iter().any(Office::is_parliamentary) {
            1
        } else {
            0
        }
    }

    /// What the person held on `date`: 3 a government post, 2 a parliamentary mandate,
    /// 1 another office, 0 nothing.
    fn tier_at(&self, date: Date) -> u8 {
        self.offices
            .iter()
            .filter(|o| o.held_on(date))
            .map(|o| {
                if o.is_government() {
                    3
                } else if o.is_parliamentary() {
                    2
                } else {
                    1
                }
            })
            .max()
            .unwrap_or(0)
    }
}

/// See [`KbPerson::first_name_compatible`].
/// The first column of each line of a TSV text after its header, blank cells left out.
fn first_column(tsv: &str) -> impl Iterator<Item = String> + '_ {
    tsv.lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
}

fn first_names_compatible(given: &str, known: &str) -> bool {
    let (g, k) = (text::slug(given), text::slug(known));
    if g.is_empty() || k.is_empty() {
        return false;
    }
    if g == k {
        return true;
    }
    // Initials: "J.-M." and "JM" for Jean-Marie, "M." for Marine.
    let letters: String = given.chars().filter(|c| c.is_alphabetic()).collect();
    let abbreviated = given.contains('.') || letters.chars().all(char::is_uppercase);
    if !abbreviated || letters.chars().count() > 3 {
        return false;
    }
    let initials: String = k.split('-').filter_map(|p| p.chars().next()).collect();
    text::slug(&letters) == initials
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

/// The TSV texts of a `data/kb` directory, for [`Kb::from_files`].
#[derive(Debug, Clone, Copy)]
pub struct KbFiles<'a> {
    /// `persons.tsv`.
    pub persons: &'a str,
    /// `offices.tsv` (five columns, or six with the party).
    pub offices: &'a str,
    /// `parties.tsv` (empty: no dated memberships).
    pub parties: &'a str,
    /// `media.tsv`.
    pub media: &'a str,
    /// `organizations.tsv`.
    pub organizations: &'a str,
    /// `first_names.tsv`.
    pub first_names: &'a str,
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
    /// A media name of ordinary lowercase words ("24 heures"): needs a word that announces an
    /// outlet right before ("selon 24 heures", "le quotidien 24 heures", "au 24 heures"),
    /// not "en 24 heures".
    Cued,
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
    /// Given names learned from person annotations (`given_names.tsv`), beyond the
    /// politicians' first names.
    given_names: std::collections::HashSet<String>,
    /// Place names learned from location annotations (`place_names.tsv`).
    place_names: std::collections::HashSet<String>,
    by_last: HashMap<String, Vec<u32>>,
    by_last_folded: HashMap<String, Vec<u32>>,
    /// Folded part of a hyphenated family name → persons ("le-pen" → Marion Maréchal-Le Pen).
    by_last_part: HashMap<String, Vec<u32>>,
    /// Pattern strings, parallel to `pats`.
    patterns: Vec<String>,
    pats: Vec<PatInfo>,
    /// Prefix up to the end of a pattern's second word (or its only word) → pattern
    /// indices, longest pattern first.
    index: HashMap<String, Vec<u32>, BuildHasherDefault<FxHasher>>,
}

const PERSONS: &str = include_str!("../../../data/kb/persons.tsv");
const OFFICES: &str = include_str!("../../../data/kb/offices.tsv");
const PARTIES: &str = include_str!("../../../data/kb/parties.tsv");
const MEDIA: &str = include_str!("../../../data/kb/media.tsv");
const ORGS: &str = include_str!("../../../data/kb/organizations.tsv");
const FIRST_NAMES: &str = include_str!("../../../data/kb/first_names.tsv");
const GIVEN_NAMES: &str = include_str!("../../../data/kb/given_names.tsv");
const PLACE_NAMES: &str = include_str!("../../../data/kb/place_names.tsv");

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

/// Words right before an outlet whose name is made of ordinary lowercase words.
const OUTLET_CUES: &[&str] = &[
    "selon",
    "au",
    "du",
    "quotidien",
    "journal",
    "gratuit",
    "hebdomadaire",
    "mensuel",
    "magazine",
    "titre",
    "site",
    "chaîne",
    "radio",
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
            Kb::from_files(&KbFiles {
                persons: PERSONS,
                offices: OFFICES,
                parties: PARTIES,
                media: MEDIA,
                organizations: ORGS,
                first_names: FIRST_NAMES,
            })
            .map(|kb| {
                kb.with_given_names(GIVEN_NAMES)
                    .with_place_names(PLACE_NAMES)
            })
            .unwrap_or_else(|_| Kb::empty())
        })
    }

    /// Loads the TSV files of a `data/kb`-like directory (`parties.tsv` and
    /// `given_names.tsv` may be absent).
    pub fn load_dir(dir: &Path) -> Result<Kb, KbError> {
        let r = |f: &str| {
            let p = dir.join(f);
            std::fs::read_to_string(&p).map_err(|e| KbError::Io(p, e))
        };
        let parties = if dir.join("parties.tsv").exists() {
            r("parties.tsv")?
        } else {
            String::new()
        };
        Kb::from_files(&KbFiles {
            persons: &r("persons.tsv")?,
            offices: &r("offices.tsv")?,
            parties: &parties,
            media: &r("media.tsv")?,
            organizations: &r("organizations.tsv")?,
            first_names: &r("first_names.tsv")?,
        })
        .map(
            |kb| match std::fs::read_to_string(dir.join("given_names.tsv")) {
                Ok(text) => kb.with_given_names(&text),
                Err(_) => kb,
            },
        )
        .map(
            |kb| match std::fs::read_to_string(dir.join("place_names.tsv")) {
                Ok(text) => kb.with_place_names(&text),
                Err(_) => kb,
            },
        )
    }

    /// The same base with the given names of a `given_names.tsv` text (first column of
    /// each line after the header) added to what [`Kb::is_given_name`] accepts.
    pub fn with_given_names(mut self, tsv: &str) -> Kb {
        self.given_names.extend(first_column(tsv));
        self
    }

    /// The same base with the place names of a `place_names.tsv` text (first column of
    /// each line after the header) added to what [`Kb::is_place_name`] accepts.
    pub fn with_place_names(mut self, tsv: &str) -> Kb {
        self.place_names.extend(first_column(tsv));
        self
    }

    fn empty() -> Kb {
        Kb {
            persons: Vec::new(),
            media: Vec::new(),
            orgs: Vec::new(),
            first_names: HashMap::new(),
            given_names: std::collections::HashSet::new(),
            place_names: std::collections::HashSet::new(),
            by_last: HashMap::new(),
            by_last_folded: HashMap::new(),
            by_last_part: HashMap::new(),
            patterns: Vec::new(),
            pats: Vec::new(),
            index: HashMap::default(),
        }
    }

    /// Parses the five TSV texts (no dated memberships) and builds the automaton.
    pub fn from_strs(
        persons: &str,
        offices: &str,
        media: &str,
        orgs: &str,
        first_names: &str,
    ) -> Result<Kb, KbError> {
        Kb::from_files(&KbFiles {
            persons,
            offices,
            parties: "",
            media,
            organizations: orgs,
            first_names,
        })
    }

    /// Parses the TSV texts of a `data/kb` directory and builds the automaton.
    pub fn from_files(files: &KbFiles<'_>) -> Result<Kb, KbError> {
        let KbFiles {
            persons,
            offices,
            parties,
            media,
            organizations: orgs,
            first_names,
        } = *files;
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
                gender_inferred: matches!(gender, "m" | "f"),
                party: opt(party),
                sources: sources.to_string(),
                offices: Vec::new(),
                memberships: Vec::new(),
            });
        }
        let index: HashMap<String, u32> = kb
            .persons
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i as u32))
            .collect();
        for (i, f) in rows(offices) {
            // Files built before offices carried a party have five columns.
            let [pid, title, start, end, place, party] = match cols::<5>(&f, i, "offices.tsv") {
                Ok([a, b, c, d, e]) => [a, b, c, d, e, ""],
                Err(_) => cols(&f, i, "offices.tsv")?,
            };
            if let Some(p) = index.get(pid).and_then(|&i| kb.persons.get_mut(i as usize)) {
                p.offices.push(Office {
                    title: title.to_string(),
                    start: opt(start),
                    end: opt(end),
                    place: opt(place),
                    party: opt(party),
                });
            }
        }
        for (i, f) in rows(parties) {
            let [pid, party, start, end, source] = cols(&f, i, "parties.tsv")?;
            let bad = |what: &str| {
                KbError::Format(
                    PathBuf::from("parties.tsv"),
                    format!("line {i}: bad {what}"),
                )
            };
            let start = parse_date(start).ok_or_else(|| bad("start date"))?;
            let end = match end {
                "" => None,
                e => Some(parse_date(e).ok_or_else(|| bad("end date"))?),
            };
            let source = match source {
                "an" => MembershipSource::Declared,
                "sup" => MembershipSource::Supplement,
                _ => return Err(bad("source")),
            };
            if let Some(p) = index.get(pid).and_then(|&i| kb.persons.get_mut(i as usize)) {
                p.memberships.push(Membership {
                    party: party.to_string(),
                    start,
                    end,
                    source,
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
            if p.last_name.contains('-') {
                for part in p.last_name.split('-') {
                    let part = text::slug(part);
                    if !part.is_empty() {
                        kb.by_last_part.entry(part).or_default().push(i as u32);
                    }
                }
            }
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
                // "24 heures" reads as a phrase of the language; "rtl.fr" does not.
                let lowercase_only =
                    !f.chars().any(char::is_uppercase) && f.contains(' ') && !f.contains('.');
                let info = PatInfo {
                    not_initial: COMMON_AT_START.contains(&f.as_str()),
                    acronym: !f.chars().any(char::is_lowercase),
                    ctx: if lowercase_only && info.ctx == Ctx::Any && info.kind == EntityKind::Media
                    {
                        Ctx::Cued
                    } else {
                        info.ctx
                    },
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

    /// Whether `w` is a given name: a KB person's first name or one learned from person
    /// annotations (`given_names.tsv`). Wider than [`Kb::is_first_name`]: meant for a
    /// word followed by a surname, not for a word standing alone.
    pub fn is_given_name(&self, w: &str) -> bool {
        self.is_first_name(w) || self.given_names.contains(w)
    }

    /// Whether `w` is a place name learned from location annotations (`place_names.tsv`):
    /// a word that nearly always names a place when it stands alone ("Doha", "Avignon").
    pub fn is_place_name(&self, w: &str) -> bool {
        self.place_names.contains(w)
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

    /// Offices person `person` held on `date`, oldest first (empty for an unknown index).
    pub fn offices_at(&self, person: u32, date: Date) -> Vec<&Office> {
        self.person(person)
            .map(|p| p.offices_at(date))
            .unwrap_or_default()
    }

    /// Party of person `person` on `date` ([`KbPerson::party_at`]).
    pub fn party_at(&self, person: u32, date: Date) -> Option<&str> {
        self.person(person)?.party_at(date)
    }

    /// The person a name in a text most likely is, or `None` when the KB cannot tell.
    ///
    /// Candidates share the family name `last` (exact, folded, or, when a first name is
    /// given, one part of a hyphenated name: "Marion" + "Le Pen" → Marion Maréchal-Le Pen).
    /// A candidate whose first name conflicts with `first` is never returned. The rest are
    /// ranked by what they held on `date` (government post > parliamentary mandate >
    /// another office > nothing), then by prominence (ever in government > ever in
    /// parliament); the best is returned only when it is strictly ahead of the next one.
    /// Without a first name, a person holding nothing at the date and never in government
    /// or parliament is not returned: a bare surname is too weak to name them. A civility
    /// given as the first name is no first name but a gender: "M. Fillon" is not "Marine",
    /// "Mme Fillon" is not François Fillon.
    pub fn best_match(&self, first: Option<&str>, last: &str, date: Option<Date>) -> Option<u32> {
        let civility = first.and_then(|f| match f.trim().trim_end_matches('.') {
            "M" | "MM" => Some(Some(Gender::Masculine)),
            "Mme" | "Mmes" | "Mlle" | "Mlles" => Some(Some(Gender::Feminine)),
            "Me" => Some(None),
            _ => None,
        });
        let first = if civility.is_some() { None } else { first };
        let mut cands: Vec<u32> = self.persons_by_last_name(last).to_vec();
        if let Some(f) = first {
            if let Some(more) = self.by_last_part.get(&text::slug(last)) {
                cands.extend(more);
            }
            cands.retain(|&i| self.person(i).is_some_and(|p| p.first_name_compatible(f)));
        }
        if let Some(Some(g)) = civility {
            cands.retain(|&i| {
                self.person(i)
                    .is_some_and(|p| p.gender.is_none_or(|pg| pg == g))
            });
        }
        cands.sort_unstable();
        cands.dedup();
        let mut scored: Vec<((u8, u8), u32)> = cands
            .iter()
            .filter_map(|&i| {
                let p = self.person(i)?;
                Some(((date.map_or(0, |d| p.tier_at(d)), p.prominence()), i))
            })
            .collect();
        scored.sort_by_key(|&(score, _)| std::cmp::Reverse(score));
        let (best_score, best) = *scored.first()?;
        if scored.get(1).is_some_and(|(s, _)| *s == best_score) {
            return None;
        }
        if first.is_none() && best_score == (0, 0) {
            return None;
        }
        Some(best)
    }

    /// Persons a name given by a user designates: the person with that full name or id,
    /// else those with that family name or part of a hyphenated one ("Le Pen" → Marine,
    /// Marie-Caroline, Marion Maréchal-Le Pen), else those whose folded full name contains
    /// it as whole words ("Marion Maréchal" → Marion Maréchal-Le Pen).
    pub fn find_persons(&self, name: &str) -> Vec<u32> {
        if let Some(i) = self.person_by_name(name) {
            return vec![i];
        }
        let key = text::slug(name);
        let mut by_last = self.persons_by_last_name(name.trim()).to_vec();
        by_last.extend(self.by_last_part.get(&key).into_iter().flatten());
        if !by_last.is_empty() {
            by_last.sort_unstable();
            by_last.dedup();
            return by_last;
        }
        if key.is_empty() {
            return Vec::new();
        }
        self.persons
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                let id = p.id.as_str();
                id.split_once(key.as_str()).is_some_and(|(before, after)| {
                    (before.is_empty() || before.ends_with('-'))
                        && (after.is_empty() || after.starts_with('-'))
                })
            })
            .map(|(i, _)| i as u32)
            .collect()
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
        Ctx::Cued => {
            let w1 = before
                .split_whitespace()
                .next_back()
                .map(str::to_lowercase)
                .unwrap_or_default();
            before.ends_with(' ') && OUTLET_CUES.contains(&w1.as_str())
        }
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

    #[test]
    fn bundled_place_names_leave_given_names_out() {
        let kb = Kb::embedded();
        assert!(kb.is_place_name("Doha") && kb.is_place_name("Avignon"));
        // Also given names: never read as places.
        assert!(!kb.is_place_name("Florence") && !kb.is_place_name("Jordan"));
    }

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
        // An outlet named by ordinary lowercase words needs a word that announces it.
        assert!(found(kb, "Le bilan a doublé en 24 heures.").is_empty());
        assert!(
            found(kb, "selon 24 heures, le bilan a doublé")
                .contains(&("24 heures", EntityKind::Media))
        );
        assert!(found(kb, "le gratuit 20 minutes").contains(&("20 minutes", EntityKind::Media)));
        assert!(found(kb, "en 20 minutes à peine").is_empty());
        // A domain name is no phrase of the language.
        assert!(found(kb, "interrogé par rtl.fr").contains(&("rtl.fr", EntityKind::Media)));
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

    fn day(s: &str) -> Date {
        parse_date(s).unwrap_or_else(|| panic!("test date {s}"))
    }

    fn person_named<'a>(kb: &'a Kb, name: &str) -> (u32, &'a KbPerson) {
        let i = kb
            .person_by_name(name)
            .unwrap_or_else(|| panic!("{name} in the KB"));
        let p = kb.person(i).unwrap_or_else(|| panic!("{name} index"));
        (i, p)
    }

    fn titles_at(kb: &Kb, person: u32, date: &str) -> Vec<String> {
        kb.offices_at(person, day(date))
            .iter()
            .map(|o| o.title.clone())
            .collect()
    }

    #[test]
    fn blein_was_ps_in_february_2017() {
        let kb = Kb::embedded();
        let (blein, p) = person_named(kb, "Yves Blein");
        // The bug this fixes: the latest party, given to a February 2017 article.
        assert_eq!(p.party.as_deref(), Some("DVC"));
        assert_eq!(kb.party_at(blein, day("2017-02-14")), Some("PS"));
        // Last day of the 2012 term, first day of the 2017 one.
        assert_eq!(kb.party_at(blein, day("2017-06-20")), Some("PS"));
        assert_eq!(kb.party_at(blein, day("2017-06-21")), Some("LREM"));
        // The deputy's declared party beats the "nuance" of his metropolitan council seat.
        assert_eq!(kb.party_at(blein, day("2021-03-01")), Some("LREM"));
        assert_eq!(kb.party_at(blein, day("2023-01-01")), Some("DVC"));
        // Before any dated evidence: unknown, not the latest party.
        assert_eq!(kb.party_at(blein, day("2005-01-01")), None);
        assert_eq!(titles_at(kb, blein, "2017-02-14"), ["député"]);
        assert_eq!(titles_at(kb, blein, "2021-03-01"), ["député", "conseiller"]);
    }

    #[test]
    fn le_guen_across_the_december_2016_reshuffle() {
        let kb = Kb::embedded();
        let (le_guen, _) = person_named(kb, "Jean-Marie Le Guen");
        let dev = "Secrétaire d'État auprès du ministre des Affaires étrangères et du \
                   Développement international, chargé du Développement et de la Francophonie";
        let parl =
            "Secrétaire d'État auprès du Premier ministre, chargé des Relations avec le Parlement";
        assert_eq!(titles_at(kb, le_guen, "2016-12-05"), [parl]);
        // The reshuffle day ends one post and starts the next: both held.
        assert_eq!(titles_at(kb, le_guen, "2016-12-06"), [parl, dev]);
        assert_eq!(titles_at(kb, le_guen, "2017-02-14"), [dev]);
        assert_eq!(titles_at(kb, le_guen, "2017-05-10"), [dev]);
        assert!(titles_at(kb, le_guen, "2017-05-11").is_empty());
        // Successive Valls governments with the same post are one span.
        assert_eq!(titles_at(kb, le_guen, "2014-08-25"), [parl]);
        assert_eq!(titles_at(kb, le_guen, "2014-08-26"), [parl]);
        assert_eq!(kb.party_at(le_guen, day("2017-02-14")), Some("PS"));
    }

    #[test]
    fn ministers_before_and_after_a_reshuffle() {
        let kb = Kb::embedded();
        let (nvb, _) = person_named(kb, "Najat Vallaud-Belkacem");
        assert_eq!(
            titles_at(kb, nvb, "2014-08-25"),
            ["Ministre des Droits des femmes, de la Ville, de la Jeunesse et des Sports"]
        );
        assert_eq!(
            titles_at(kb, nvb, "2014-08-26"),
            ["Ministre de l'Education nationale, de l'Enseignement supérieur et de la Recherche"]
        );
        let (valls, _) = person_named(kb, "Manuel Valls");
        assert_eq!(
            titles_at(kb, valls, "2014-03-31"),
            ["Ministre de l'Intérieur"]
        );
        // Between the Ayrault and Valls governments the source has no one in office.
        assert!(titles_at(kb, valls, "2014-04-01").is_empty());
        assert_eq!(titles_at(kb, valls, "2014-04-02"), ["Premier ministre"]);
        assert_eq!(titles_at(kb, valls, "2016-12-06"), ["Premier ministre"]);
        assert!(titles_at(kb, valls, "2016-12-07").is_empty());
    }

    #[test]
    fn open_ended_offices_and_start_days() {
        let kb = Kb::embedded();
        let (macron, _) = person_named(kb, "Emmanuel Macron");
        assert!(titles_at(kb, macron, "2017-05-13").is_empty());
        assert_eq!(
            titles_at(kb, macron, "2017-05-14"),
            ["Président de la République"]
        );
        // Re-elected in 2022 and still running when the source was taken: no end.
        assert_eq!(
            titles_at(kb, macron, "2030-01-01"),
            ["Président de la République"]
        );
        assert_eq!(kb.party_at(macron, day("2020-01-01")), None);
        // Deputy mandates are closed with their legislature even when a source left them
        // open: Marion Maréchal-Le Pen sat 2012–2017 only.
        let (marion, _) = person_named(kb, "Marion Maréchal-Le Pen");
        assert_eq!(titles_at(kb, marion, "2017-06-20"), ["députée"]);
        assert!(titles_at(kb, marion, "2017-06-21").is_empty());
    }

    #[test]
    fn party_names_of_the_day() {
        let kb = Kb::embedded();
        // Labelled "LR" by a 2017 source, the 2012 deputy sat as UMP until the rename.
        let (fillon, _) = person_named(kb, "François Fillon");
        assert_eq!(kb.party_at(fillon, day("2013-01-01")), Some("UMP"));
        assert_eq!(kb.party_at(fillon, day("2015-05-29")), Some("UMP"));
        assert_eq!(kb.party_at(fillon, day("2015-05-30")), Some("LR"));
        // Prime minister: a government post carries no party, and none is invented.
        assert_eq!(kb.party_at(fillon, day("2010-01-01")), None);
        let (marine, _) = person_named(kb, "Marine Le Pen");
        assert_eq!(kb.party_at(marine, day("2017-07-01")), Some("FN"));
        assert_eq!(kb.party_at(marine, day("2018-05-31")), Some("FN"));
        assert_eq!(kb.party_at(marine, day("2018-06-01")), Some("RN"));
        assert_eq!(
            party_label_at("Renaissance", day("2016-06-01")),
            "En Marche"
        );
        assert_eq!(
            party_label_at("Renaissance", day("2022-09-17")),
            "Renaissance"
        );
        assert_eq!(party_label_at("PS", day("1990-01-01")), "PS");
        assert_eq!(party_label_at("FN", day("2018-07-01")), "RN");
        assert_eq!(
            party_label_at("En Marche", day("2023-01-01")),
            "Renaissance"
        );
        assert_eq!(party_label_at("UMP", day("2014-01-01")), "UMP");
    }

    #[test]
    fn le_pen_family_is_never_merged() {
        let kb = Kb::embedded();
        let (marine, _) = person_named(kb, "Marine Le Pen");
        let (marion, _) = person_named(kb, "Marion Maréchal-Le Pen");
        let feb_2017 = Some(day("2017-02-14"));
        assert_eq!(
            kb.best_match(Some("Marine"), "Le Pen", feb_2017),
            Some(marine)
        );
        assert_eq!(kb.best_match(Some("MARINE"), "Le Pen", None), Some(marine));
        assert_eq!(
            kb.best_match(Some("Marion"), "Le Pen", feb_2017),
            Some(marion)
        );
        assert_eq!(
            kb.best_match(Some("Marion"), "Maréchal-Le Pen", None),
            Some(marion)
        );
        assert_eq!(
            kb.best_match(Some("Marion"), "Maréchal", None),
            Some(marion)
        );
        // Jean-Marie Le Pen is not in the open data: no one else may stand in for him.
        assert_eq!(kb.best_match(Some("Jean-Marie"), "Le Pen", feb_2017), None);
        assert_eq!(kb.best_match(Some("J.-M."), "Le Pen", feb_2017), None);
        // A bare "Le Pen": the one who sat in Parliament (Marie-Caroline Le Pen holds a
        // local seat only); Marion's family name is not "Le Pen".
        assert_eq!(
            kb.best_match(None, "Le Pen", Some(day("2019-01-01"))),
            Some(marine)
        );
        assert_eq!(kb.best_match(None, "Le Pen", None), Some(marine));
    }

    #[test]
    fn fillon_couple_is_never_merged() {
        let kb = Kb::embedded();
        let (francois, _) = person_named(kb, "François Fillon");
        let feb_2017 = Some(day("2017-02-01"));
        assert_eq!(kb.best_match(Some("Penelope"), "Fillon", feb_2017), None);
        assert_eq!(kb.best_match(Some("Pénélope"), "Fillon", None), None);
        assert_eq!(
            kb.best_match(Some("François"), "Fillon", feb_2017),
            Some(francois)
        );
        assert_eq!(
            kb.best_match(Some("Francois"), "FILLON", feb_2017),
            Some(francois)
        );
        assert_eq!(
            kb.best_match(None, "Fillon", Some(day("2010-01-01"))),
            Some(francois)
        );
        assert_eq!(kb.best_match(None, "Fillon", feb_2017), Some(francois));
        assert_eq!(kb.best_match(None, "Zzyzx", feb_2017), None);
        // "M. Fillon" is Monsieur Fillon, not an initial.
        assert_eq!(
            kb.best_match(Some("M."), "Fillon", feb_2017),
            Some(francois)
        );
        assert_eq!(kb.best_match(Some("Mme"), "Fillon", feb_2017), None);
        let (marine, _) = person_named(kb, "Marine Le Pen");
        assert_eq!(
            kb.best_match(Some("M."), "Le Pen", Some(day("2019-01-01"))),
            None
        );
        assert_eq!(
            kb.best_match(Some("Mme"), "Le Pen", Some(day("2019-01-01"))),
            Some(marine)
        );
    }

    const P2: &str = "id\tname\tfirst_name\tlast_name\tgender\tparty\tsources\n\
        anne-dupont\tAnne Dupont\tAnne\tDupont\tF\tDVD\trne\n\
        jean-dupont\tJean Dupont\tJean\tDupont\tM\t\trne\n\
        jean-marie-dupont\tJean-Marie Dupont\tJean-Marie\tDupont\tM\t\trne\n\
        paul-durand\tPaul Durand\tPaul\tDurand\tM\t\trne\n\
        pierre-durand\tPierre Durand\tPierre\tDurand\tM\t\trne\n";
    const O2: &str = "person_id\ttitle\tstart\tend\tplace\tparty\n\
        anne-dupont\tdéputée\t2012-06-20\t2017-06-20\tAin\tUMP\n\
        anne-dupont\tconseillère régionale\t2015-12-13\t\tAin\tDVD\n\
        anne-dupont\tMinistre des Sports\t2016-01-01\t2016-06-30\t\t\n\
        anne-dupont\tmaire\t\t2010-01-01\t\tPS\n\
        anne-dupont\tmaire\t2001-03-18\tbientôt\t\tPS\n\
        jean-dupont\tconseiller municipal\t2020-06-28\t\t\tDVG\n\
        jean-marie-dupont\tconseiller municipal\t2020-06-28\t\t\tDVG\n\
        paul-durand\tconseiller municipal\t2020-06-28\t\t\t\n\
        pierre-durand\tconseiller municipal\t2020-06-28\t\t\t\n";
    const PA2: &str = "person_id\tparty\tstart\tend\tsource\n\
        anne-dupont\tLR\t2015-12-01\t2016-11-30\tan\n\
        anne-dupont\tMoDem\t2016-03-01\t2016-03-31\tsup\n";

    fn small_dated_kb() -> Kb {
        Kb::from_files(&KbFiles {
            persons: P2,
            offices: O2,
            parties: PA2,
            media: M,
            organizations: G,
            first_names: F,
        })
        .expect("small dated kb")
    }

    #[test]
    fn party_evidence_order() {
        let kb = small_dated_kb();
        let anne = kb.person_by_name("Anne Dupont").expect("anne");
        // Parliamentary mandate beats the regional one; renamed label of the day.
        assert_eq!(kb.party_at(anne, day("2014-01-01")), Some("UMP"));
        assert_eq!(kb.party_at(anne, day("2015-12-31")), Some("LR"));
        // Hand-checked membership beats the declared attachment, only on its days.
        assert_eq!(kb.party_at(anne, day("2016-02-29")), Some("LR"));
        assert_eq!(kb.party_at(anne, day("2016-03-01")), Some("MoDem"));
        assert_eq!(kb.party_at(anne, day("2016-03-31")), Some("MoDem"));
        assert_eq!(kb.party_at(anne, day("2016-04-01")), Some("LR"));
        assert_eq!(kb.party_at(anne, day("2016-12-01")), Some("LR"));
        assert_eq!(kb.party_at(anne, day("2017-06-21")), Some("DVD"));
        // No readable start or an unreadable end: the office is never dated.
        assert_eq!(kb.party_at(anne, day("2005-01-01")), None);
        assert!(kb.offices_at(anne, day("2005-01-01")).is_empty());
        assert_eq!(
            kb.offices_at(u32::MAX, day("2016-01-01")),
            Vec::<&Office>::new()
        );
        assert_eq!(kb.party_at(u32::MAX, day("2016-01-01")), None);
        let history: Vec<&str> = kb
            .person(anne)
            .map(|p| p.party_history().iter().map(|s| s.party).collect())
            .unwrap_or_default();
        // Undated spans first; every span is listed, dated or not.
        assert_eq!(history, ["PS", "PS", "UMP", "LR", "DVD", "MoDem"]);
    }

    #[test]
    fn best_match_needs_a_clear_winner() {
        let kb = small_dated_kb();
        let anne = kb.person_by_name("Anne Dupont");
        let d = Some(day("2016-02-01"));
        // A minister that day beats two municipal councillors.
        assert_eq!(kb.best_match(None, "Dupont", d), anne);
        // In 2021 all three hold local seats; the former minister is the one in view.
        assert_eq!(kb.best_match(None, "Dupont", Some(day("2021-01-01"))), anne);
        // Two alike: no winner, with or without a date.
        assert_eq!(kb.best_match(None, "Durand", Some(day("2021-01-01"))), None);
        assert_eq!(kb.best_match(None, "Durand", None), None);
        // One local councillor alone: named by a first name, not by a bare surname.
        let paul = kb.person_by_name("Paul Durand");
        assert_eq!(kb.best_match(Some("Paul"), "Durand", None), paul);
        assert_eq!(
            kb.best_match(Some("Paul"), "Durand", Some(day("2000-01-01"))),
            paul
        );
        let jean = kb.person_by_name("Jean Dupont");
        let jm = kb.person_by_name("Jean-Marie Dupont");
        assert_eq!(kb.best_match(Some("Jean"), "Dupont", d), jean);
        assert_eq!(kb.best_match(Some("Jean-Marie"), "Dupont", d), jm);
        assert_eq!(kb.best_match(Some("jean marie"), "Dupont", d), jm);
        assert_eq!(kb.best_match(Some("J.-M."), "Dupont", d), jm);
        assert_eq!(kb.best_match(Some("JM"), "Dupont", d), jm);
        assert_eq!(kb.best_match(Some("Marie"), "Dupont", d), None);
        assert_eq!(kb.best_match(Some(""), "Dupont", d), None);
    }

    #[test]
    fn dated_files_are_checked() {
        let bad = "person_id\tparty\tstart\tend\tsource\nanne-dupont\tPS\thier\t\tan\n";
        let files = KbFiles {
            persons: P2,
            offices: O2,
            parties: bad,
            media: M,
            organizations: G,
            first_names: F,
        };
        assert!(matches!(Kb::from_files(&files), Err(KbError::Format(..))));
        let bad_source = "person_id\tparty\tstart\tend\tsource\nanne-dupont\tPS\t2020-01-01\t\tx\n";
        let files = KbFiles {
            parties: bad_source,
            ..files
        };
        assert!(matches!(Kb::from_files(&files), Err(KbError::Format(..))));
        assert_eq!(parse_date("2016-02-29"), Some(day("2016-02-29")));
        assert_eq!(parse_date("2017-02-29"), None);
        assert_eq!(parse_date("2017-2-1"), None);
        assert_eq!(parse_date(""), None);
    }

    #[test]
    fn name_variants() {
        let kb = Kb::embedded();
        let (_, p) = person_named(kb, "Jean-Marie Le Guen");
        assert_eq!(
            p.name_variants(),
            ["Jean-Marie Le Guen", "J.-M. Le Guen", "Le Guen"]
        );
        let (_, p) = person_named(kb, "Benoît Hamon");
        assert_eq!(
            p.name_variants(),
            ["Benoît Hamon", "Benoit Hamon", "B. Hamon", "Hamon"]
        );
    }

    #[test]
    fn find_persons_lists_candidates() {
        let kb = Kb::embedded();
        let one = kb.find_persons("jean-marie le guen");
        assert_eq!(one.len(), 1);
        let le_pen: Vec<&str> = kb
            .find_persons("Le Pen")
            .iter()
            .filter_map(|&i| kb.person(i).map(|p| p.name.as_str()))
            .collect();
        assert_eq!(
            le_pen,
            [
                "Marie-Caroline Le Pen",
                "Marine Le Pen",
                "Marion Maréchal-Le Pen"
            ]
        );
        let marion: Vec<&str> = kb
            .find_persons("Marion Maréchal")
            .iter()
            .filter_map(|&i| kb.person(i).map(|p| p.name.as_str()))
            .collect();
        assert_eq!(marion, ["Marion Maréchal-Le Pen"]);
        let marechal: Vec<&str> = kb
            .find_persons("Maréchal-Le Pen")
            .iter()
            .filter_map(|&i| kb.person(i).map(|p| p.name.as_str()))
            .collect();
        assert_eq!(marechal, ["Marion Maréchal-Le Pen"]);
        assert!(kb.find_persons("").is_empty());
        assert!(kb.find_persons("Zzyzx Qwerty").is_empty());
    }
}
