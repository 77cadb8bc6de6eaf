//! Read queries behind the web pages and the JSON API: the home overview, person,
//! outlet and article pages, and a small person graph.
//!
//! Both backends run the same SQL (written once here with `$N` placeholders, turned
//! into `?N` for SQLite by [`SqlExec`] implementations), so that the embedded store
//! and PostgreSQL answer every page identically.

use crate::like_pattern;
use crate::normalize::fold;
use crate::{Location, PgStore, QuoteRow, Result, SqliteStore, Store};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Most rows any list query returns, whatever the caller asks.
pub const MAX_LIMIT: usize = 200;
/// Deepest offset any list query accepts: deeper pages are cut to nothing.
pub const MAX_OFFSET: usize = 10_000;

/// One quote with its story's context, as every page and API list shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct QuoteView {
    /// Stable quote id.
    pub id: String,
    /// Story the quote belongs to.
    pub article_id: String,
    /// The reported words.
    pub text: String,
    /// `direct`, `indirect` or `mixed`.
    pub kind: String,
    /// Speaker as the article names it.
    pub speaker: Option<String>,
    /// `person`, `media`, `organization` or `collective`.
    pub speaker_kind: Option<String>,
    /// Id of the speaking person.
    pub person_id: Option<String>,
    /// Reporting verb or phrase.
    pub cue: Option<String>,
    /// Medium the words went through ("RTL", "Twitter").
    pub channel: Option<String>,
    /// Title of the story.
    pub title: Option<String>,
    /// Outlet of the story's first appearance.
    pub outlet: Option<String>,
    /// Id of that outlet.
    pub outlet_id: Option<String>,
    /// Date of the story's first appearance.
    pub date: Option<String>,
    /// URL of the story's first appearance.
    pub url: Option<String>,
    /// Start byte of the quote in the story text, when known.
    pub start: Option<u64>,
    /// End byte of the quote in the story text, when known.
    pub end: Option<u64>,
}

impl From<QuoteRow> for QuoteView {
    fn from(q: QuoteRow) -> QuoteView {
        QuoteView {
            outlet_id: q.outlet.as_deref().map(fold),
            id: q.id,
            article_id: q.article_id,
            text: q.text,
            kind: q.kind,
            speaker: q.speaker,
            speaker_kind: q.speaker_kind,
            person_id: q.person_id,
            cue: q.cue,
            channel: q.channel,
            title: q.title,
            outlet: q.outlet,
            date: q.date,
            url: q.url,
            start: None,
            end: None,
        }
    }
}

/// A page of quotes and how many there are in all.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct QuotePage {
    /// Quotes matching, in all.
    pub total: u64,
    /// Offset of the first item.
    pub offset: u64,
    /// The quotes of this page.
    pub items: Vec<QuoteView>,
}

/// One story as lists show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ArticleSummary {
    /// Stable story id.
    pub id: String,
    /// Title.
    pub title: Option<String>,
    /// Outlet (of this appearance in outlet lists, else of the first).
    pub outlet: Option<String>,
    /// Id of that outlet.
    pub outlet_id: Option<String>,
    /// Date.
    pub date: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Quotes in the story.
    pub quotes: u64,
}

/// A page of stories and how many there are in all.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ArticlePage {
    /// Stories matching, in all.
    pub total: u64,
    /// Offset of the first item.
    pub offset: u64,
    /// The stories of this page.
    pub items: Vec<ArticleSummary>,
}

/// A name with a count, for "top" lists.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Ranked {
    /// Id of the person or outlet.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Quotes or stories counted.
    pub count: u64,
}

/// Relations of a person with one other actor, of one kind, as the stories state them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PersonRelation {
    /// `out` (the person acts: "X criticises …") or `in` (the person is the target).
    pub direction: String,
    /// `supports`, `criticises`, `joins`, `leaves`, `allies`, `succeeds`, `responds`, or
    /// `not-<kind>` when the text denies it.
    pub kind: String,
    /// Kind of the other side: `person`, `media` or `organization`.
    pub other_kind: String,
    /// Id of the other side (a person id for persons).
    pub other_id: String,
    /// Name of the other side.
    pub other_name: String,
    /// Statements (hedged ones left out).
    pub count: u64,
    /// Last day stated, when known.
    pub last: Option<String>,
    /// A story stating it (the greatest id among the latest).
    pub article_id: String,
}

/// Quotes in one week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct WeekCount {
    /// Monday of the week (YYYY-MM-DD).
    pub week: String,
    /// Quotes that week.
    pub count: u64,
}

/// Everything the person page shows, except the quote lists (paged separately).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PersonView {
    /// Stable id.
    pub id: String,
    /// Fullest name.
    pub name: String,
    /// Knowledge-base id, when linked.
    pub kb_id: Option<String>,
    /// Party from the knowledge base.
    pub party: Option<String>,
    /// Names the articles use for the person, most frequent first.
    pub variants: Vec<String>,
    /// Titles and offices stated in articles, sorted.
    pub roles: Vec<String>,
    /// Stories naming the person.
    pub articles: u64,
    /// Quotes by the person.
    pub quotes_by: u64,
    /// Quotes by others whose words name the person.
    pub quotes_about: u64,
    /// Persons quoted in the same stories, most shared stories first.
    pub co_quoted: Vec<Ranked>,
    /// Outlets whose stories quote the person most.
    pub outlets: Vec<Ranked>,
    /// Quotes by the person per week, oldest first, weeks without quotes included.
    pub weeks: Vec<WeekCount>,
    /// Whom the person supports, criticises … and who does so to them, most stated first.
    pub relations: Vec<PersonRelation>,
}

/// A party's share of an outlet's quotes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PartyShare {
    /// Party, or `None` for persons without a known party.
    pub party: Option<String>,
    /// Quotes by persons of the party.
    pub quotes: u64,
    /// Fraction of the outlet's quotes by persons (0 to 1).
    pub share: f64,
}

/// Everything the outlet page shows, except the story list (paged separately).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OutletView {
    /// Stable id (folded name).
    pub id: String,
    /// Name as first seen.
    pub name: String,
    /// Stories that appeared in the outlet.
    pub articles: u64,
    /// Quotes in those stories.
    pub quotes: u64,
    /// Persons it quotes most.
    pub top_speakers: Vec<Ranked>,
    /// Parties of the persons it quotes.
    pub parties: Vec<PartyShare>,
}

/// A named entity of a story.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct EntityView {
    /// `person`, `media`, `organization` or `place`.
    pub kind: String,
    /// Stable id (person id, outlet id, or folded name).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Surface forms in the text.
    pub surfaces: Vec<String>,
}

/// Where an entity is named in the story text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct EntitySpan {
    /// Start byte in the text.
    pub start: u64,
    /// End byte in the text.
    pub end: u64,
    /// Entity kind.
    pub kind: String,
    /// Entity id.
    pub id: String,
}

/// One input in which a story appeared.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AppearanceView {
    /// URL, or input path when there is no URL.
    pub key: String,
    /// Outlet.
    pub outlet: Option<String>,
    /// Id of the outlet.
    pub outlet_id: Option<String>,
    /// Date.
    pub date: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Estimated similarity to the stored story (1 for exact copies).
    pub similarity: f64,
}

/// A story with its text, quotes, entities and appearances.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ArticleView {
    /// Stable story id.
    pub id: String,
    /// Title.
    pub title: Option<String>,
    /// Outlet of the first appearance.
    pub outlet: Option<String>,
    /// Id of that outlet.
    pub outlet_id: Option<String>,
    /// Date of the first appearance.
    pub date: Option<String>,
    /// URL of the first appearance.
    pub url: Option<String>,
    /// The text (untrusted: escape before display).
    pub text: String,
    /// Quotes with their byte spans, in text order.
    pub quotes: Vec<QuoteView>,
    /// Entities named in the story.
    pub entities: Vec<EntityView>,
    /// Where persons, media and organisations are named, in text order, never overlapping.
    pub spans: Vec<EntitySpan>,
    /// Every input the story appeared in.
    pub appearances: Vec<AppearanceView>,
}

/// A person found by name.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PersonSummary {
    /// Stable id.
    pub id: String,
    /// Fullest name.
    pub name: String,
    /// Party.
    pub party: Option<String>,
    /// Quotes by the person.
    pub quotes: u64,
}

/// What the store holds, for the home page.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Overview {
    /// Stories.
    pub articles: u64,
    /// Appearances (inputs stored, duplicates included).
    pub appearances: u64,
    /// Quotes.
    pub quotes: u64,
    /// Persons.
    pub persons: u64,
    /// Distinct outlets stories appeared in.
    pub outlets: u64,
    /// Organisations.
    pub organizations: u64,
    /// Earliest story date.
    pub first_date: Option<String>,
    /// Latest story date.
    pub last_date: Option<String>,
    /// First day of the last week of the archive (the week ending at `last_date`).
    pub week_from: Option<String>,
    /// Persons quoted most in that week.
    pub top_speakers_week: Vec<Ranked>,
    /// Outlets with the most stories.
    pub top_outlets: Vec<Ranked>,
}

/// A person node of the graph.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct GraphPerson {
    /// Person id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Party.
    pub party: Option<String>,
    /// Stories naming the person.
    pub articles: u64,
    /// Quotes by the person.
    pub quotes: u64,
}

/// A relation between two persons of the graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct GraphLink {
    /// Person id (the speaker, for `about`).
    pub source: String,
    /// Person id (the one spoken about, for `about`).
    pub target: String,
    /// `about` (source's quotes name target) or `co-quoted` (quoted in the same stories).
    pub kind: String,
    /// Quotes (`about`) or stories (`co-quoted`).
    pub weight: u64,
}

/// The most quoted persons and how they relate.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PersonGraph {
    /// Persons, most named first.
    pub nodes: Vec<GraphPerson>,
    /// Relations, sorted by (source, target, kind).
    pub links: Vec<GraphLink>,
}

/// The read queries of the web pages.
pub trait Browse {
    /// Counts, date range, top speakers of the archive's last week and top outlets.
    fn overview(&mut self, top: usize) -> Result<Overview>;
    /// The person page, or `None` for an unknown id.
    fn person(&mut self, id: &str, top: usize) -> Result<Option<PersonView>>;
    /// Quotes by the person, newest first.
    fn person_quotes(&mut self, id: &str, offset: usize, limit: usize) -> Result<QuotePage>;
    /// The person page with both quote lists (`limit` each), or `None` for an unknown id.
    fn person_page(
        &mut self,
        id: &str,
        top: usize,
        by_offset: usize,
        about_offset: usize,
        limit: usize,
    ) -> Result<Option<(PersonView, QuotePage, QuotePage)>>;
    /// Quotes by others whose words name the person, newest first.
    fn quotes_about(&mut self, id: &str, offset: usize, limit: usize) -> Result<QuotePage>;
    /// The outlet page, or `None` for an unknown id.
    fn outlet(&mut self, id: &str, top: usize) -> Result<Option<OutletView>>;
    /// Stories that appeared in the outlet, newest first.
    fn outlet_articles(&mut self, id: &str, offset: usize, limit: usize) -> Result<ArticlePage>;
    /// The article page, or `None` for an unknown id.
    fn article(&mut self, id: &str) -> Result<Option<ArticleView>>;
    /// Persons whose name contains `name` (accent- and case-insensitive), most quoted first.
    fn find_persons(&mut self, name: &str, limit: usize) -> Result<Vec<PersonSummary>>;
    /// Party of each of these persons that has one.
    fn parties_of(&mut self, ids: &[&str]) -> Result<HashMap<String, String>>;
    /// Text of each of these stories that exists.
    fn article_texts(&mut self, ids: &[&str]) -> Result<HashMap<String, String>>;
    /// The `max_nodes` persons named in the most stories, and their relations.
    fn person_graph(&mut self, max_nodes: usize) -> Result<PersonGraph>;
    /// A token that differs from the previous call's whenever data committed in between
    /// may have become visible (equal tokens: the same data). Cheap; compare only
    /// tokens read on the same connection.
    fn data_version(&mut self) -> Result<String>;
}

/// A store that can both search ([`Store`]) and serve pages ([`Browse`]).
pub trait ReadStore: Store + Browse {}
impl<T: Store + Browse> ReadStore for T {}

/// Opens `location` for serving pages: never writes rows (PostgreSQL sessions are
/// read-only; the SQLite file is opened read-only and must exist).
pub fn open_reader(location: &Location) -> Result<Box<dyn ReadStore>> {
    match location {
        Location::Dir(dir) => Ok(Box::new(SqliteStore::open_reader(&crate::sqlite_path(
            dir,
        ))?)),
        Location::Postgres(url) => Ok(Box::new(PgStore::connect_reader(url)?)),
    }
}

/// Creates (if missing) the indexes the pages need; needs write access, once per store.
pub fn ensure_browse_indexes(location: &Location) -> Result<()> {
    match location {
        Location::Dir(dir) => {
            SqliteStore::open_dir(dir)?.create_browse_indexes()?;
        }
        Location::Postgres(url) => {
            PgStore::connect(url)?.create_browse_indexes()?;
        }
    }
    Ok(())
}

/// Indexes the pages need, valid SQL for both backends. `articles_id_date` gives a
/// quote's story date without reading the story's row (which holds its text), for the
/// joins that read it for every quote of a person (timeline, newest first).
pub(crate) const BROWSE_INDEXES: &str = r#"
CREATE INDEX IF NOT EXISTS articles_date ON articles (date);
CREATE INDEX IF NOT EXISTS appearances_outlet_date ON appearances (outlet_key, date);
CREATE INDEX IF NOT EXISTS articles_id_date ON articles (id, date);
"#;

/// A value read from a row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

/// A query argument.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Arg<'a> {
    Text(&'a str),
    Int(i64),
}

/// Runs SQL written for both backends.
pub(crate) trait SqlExec {
    /// Runs `sql` (with `$N` placeholders and `{C}` where a bytewise collation is wanted).
    fn rows(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<Vec<Vec<Val>>>;
}

fn text(row: &[Val], i: usize) -> Option<String> {
    match row.get(i) {
        Some(Val::Text(s)) => Some(s.clone()),
        Some(Val::Int(n)) => Some(n.to_string()),
        _ => None,
    }
}

fn text_or_empty(row: &[Val], i: usize) -> String {
    text(row, i).unwrap_or_default()
}

fn int(row: &[Val], i: usize) -> i64 {
    match row.get(i) {
        Some(Val::Int(n)) => *n,
        Some(Val::Real(f)) => *f as i64,
        _ => 0,
    }
}

fn count(row: &[Val], i: usize) -> u64 {
    int(row, i).max(0) as u64
}

fn real(row: &[Val], i: usize) -> f64 {
    match row.get(i) {
        Some(Val::Real(f)) => *f,
        Some(Val::Int(n)) => *n as f64,
        _ => 0.0,
    }
}

fn offset_limit(offset: usize, limit: usize) -> (i64, i64) {
    let limit = limit.min(MAX_LIMIT);
    let limit = if offset > MAX_OFFSET { 0 } else { limit };
    (offset.min(MAX_OFFSET) as i64, limit as i64)
}

fn scalar(e: &mut impl SqlExec, sql: &str, args: &[Arg<'_>]) -> Result<u64> {
    let rows = e.rows(sql, args)?;
    Ok(rows.first().map(|r| count(r, 0)).unwrap_or(0))
}

/// Columns of [`quote_view`], over `quotes q JOIN articles a`.
const QUOTE_COLS: &str = r#"q.id, q.article_id, q.text, q.kind, q.speaker, q.speaker_kind, q.person_id,
    q.cue, q.channel, a.title, a.outlet, a.date, a.url, q.start, q."end""#;

fn quote_view(r: &[Val]) -> QuoteView {
    let outlet = text(r, 10);
    QuoteView {
        id: text_or_empty(r, 0),
        article_id: text_or_empty(r, 1),
        text: text_or_empty(r, 2),
        kind: text_or_empty(r, 3),
        speaker: text(r, 4),
        speaker_kind: text(r, 5),
        person_id: text(r, 6),
        cue: text(r, 7),
        channel: text(r, 8),
        title: text(r, 9),
        outlet_id: outlet.as_deref().map(fold),
        outlet,
        date: text(r, 11),
        url: text(r, 12),
        start: u64::try_from(int(r, 13)).ok(),
        end: u64::try_from(int(r, 14)).ok(),
    }
}

fn ranked(rows: Vec<Vec<Val>>) -> Vec<Ranked> {
    rows.iter()
        .map(|r| Ranked {
            id: text_or_empty(r, 0),
            name: text_or_empty(r, 1),
            count: count(r, 2),
        })
        .collect()
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Date of a day number of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// Day number of the `YYYY-MM-DD` prefix of `s`, if it is a real date.
pub(crate) fn parse_day(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let days = days_from_civil(y, m, d);
    // 31 February and friends: the round trip would change the date.
    (civil_from_days(days) == (y, m, d)).then_some(days)
}

/// `YYYY-MM-DD` of a day number.
pub(crate) fn format_day(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Monday on or before the day (1970-01-01 was a Thursday).
fn monday_of(days: i64) -> i64 {
    days - (days + 3).rem_euclid(7)
}

/// Most weeks a timeline shows: about ten years.
const MAX_WEEKS: i64 = 520;

/// Quotes per week from (day, count) pairs, weeks without quotes included, the most
/// recent [`MAX_WEEKS`] weeks at most.
pub(crate) fn weekly(days: impl IntoIterator<Item = (i64, u64)>) -> Vec<WeekCount> {
    let mut weeks: BTreeMap<i64, u64> = BTreeMap::new();
    for (day, n) in days {
        *weeks.entry(monday_of(day)).or_default() += n;
    }
    let (Some((&first, _)), Some((&last, _))) = (weeks.first_key_value(), weeks.last_key_value())
    else {
        return Vec::new();
    };
    let first = first.max(last - 7 * (MAX_WEEKS - 1));
    let mut out = Vec::new();
    let mut w = first;
    while w <= last {
        out.push(WeekCount {
            week: format_day(w),
            count: weeks.get(&w).copied().unwrap_or(0),
        });
        w += 7;
    }
    out
}

/// Finds where `entities` are named in `text`: leftmost-longest matches of their
/// surfaces on word boundaries, never overlapping quotes' own boundaries.
pub(crate) fn entity_spans(text: &str, entities: &[EntityView]) -> Vec<EntitySpan> {
    let mut patterns: Vec<&str> = Vec::new();
    let mut owners: Vec<(&str, &str)> = Vec::new();
    for e in entities {
        if e.kind == "place" {
            continue;
        }
        for s in &e.surfaces {
            // One- and two-letter surfaces ("M", "PS" aside) would light up half the text.
            if s.chars().count() >= 2 && !s.trim().is_empty() {
                patterns.push(s);
                owners.push((&e.kind, &e.id));
            }
        }
    }
    if patterns.is_empty() {
        return Vec::new();
    }
    let Ok(ac) = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)
    else {
        return Vec::new();
    };
    let ac: AhoCorasick = ac;
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    let mut out = Vec::new();
    for m in ac.find_iter(text) {
        let before = text.get(..m.start()).and_then(|s| s.chars().next_back());
        let after = text.get(m.end()..).and_then(|s| s.chars().next());
        if word(before) || word(after) {
            continue;
        }
        if let Some((kind, id)) = owners.get(m.pattern().as_usize()) {
            out.push(EntitySpan {
                start: m.start() as u64,
                end: m.end() as u64,
                kind: (*kind).to_string(),
                id: (*id).to_string(),
            });
        }
    }
    out
}

/// Quotes by others, in stories naming the person, whose words contain one of the
/// person's surface forms (three letters or more).
const ABOUT: &str = r#"SELECT DISTINCT q2.id FROM mentions m JOIN quotes q2 ON q2.article_id = m.article_id
    WHERE m.kind = 'person' AND m.entity_id = $1
      AND (q2.person_id IS NULL OR q2.person_id <> $1)
      AND length(m.surface) >= 3 AND strpos(q2.text, m.surface) > 0"#;

pub(crate) fn overview(e: &mut impl SqlExec, top: usize) -> Result<Overview> {
    let top = top.min(MAX_LIMIT) as i64;
    let rows = e.rows(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM appearances),
                (SELECT count(*) FROM quotes), (SELECT count(*) FROM persons),
                (SELECT count(DISTINCT outlet_key) FROM appearances),
                (SELECT count(*) FROM organizations),
                (SELECT min(date) FROM articles WHERE date >= '0'),
                (SELECT max(date) FROM articles WHERE date >= '0')",
        &[],
    )?;
    let r = rows.first().cloned().unwrap_or_default();
    let mut o = Overview {
        articles: count(&r, 0),
        appearances: count(&r, 1),
        quotes: count(&r, 2),
        persons: count(&r, 3),
        outlets: count(&r, 4),
        organizations: count(&r, 5),
        first_date: text(&r, 6),
        last_date: text(&r, 7),
        ..Overview::default()
    };
    if let Some(last) = o.last_date.as_deref().and_then(parse_day) {
        let from = format_day(last - 6);
        o.top_speakers_week = ranked(e.rows(
            "SELECT q.person_id, p.name, count(*) FROM quotes q JOIN persons p ON p.id = q.person_id
             WHERE q.article_id IN (SELECT id FROM articles WHERE date >= $1)
             GROUP BY q.person_id, p.name ORDER BY 3 DESC, q.person_id{C} LIMIT $2",
            &[Arg::Text(&from), Arg::Int(top)],
        )?);
        o.week_from = Some(from);
    }
    o.top_outlets = ranked(e.rows(
        "SELECT outlet_key, min(outlet), count(DISTINCT article_id) FROM appearances
         WHERE outlet_key IS NOT NULL GROUP BY outlet_key ORDER BY 3 DESC, outlet_key{C} LIMIT $1",
        &[Arg::Int(top)],
    )?);
    Ok(o)
}

pub(crate) fn person(e: &mut impl SqlExec, id: &str, top: usize) -> Result<Option<PersonView>> {
    let Some(mut p) = person_without_about(e, id, top)? else {
        return Ok(None);
    };
    p.quotes_about = about_ids(e, id)?.len() as u64;
    Ok(Some(p))
}

fn person_without_about(e: &mut impl SqlExec, id: &str, top: usize) -> Result<Option<PersonView>> {
    let top = top.min(MAX_LIMIT) as i64;
    let rows = e.rows(
        "SELECT id, name, kb_id, party FROM persons WHERE id = $1",
        &[Arg::Text(id)],
    )?;
    let Some(p) = rows.first() else {
        return Ok(None);
    };
    let a = [Arg::Text(id)];
    let roles = e
        .rows(
            "SELECT role FROM person_roles WHERE person_id = $1 ORDER BY role{C}",
            &a,
        )?
        .iter()
        .map(|r| text_or_empty(r, 0))
        .collect();
    let variants = e
        .rows(
            "SELECT surface, count(*) FROM mentions WHERE kind = 'person' AND entity_id = $1
             GROUP BY surface ORDER BY 2 DESC, surface{C} LIMIT 50",
            &a,
        )?
        .iter()
        .map(|r| text_or_empty(r, 0))
        .collect();
    let articles = scalar(
        e,
        "SELECT count(DISTINCT article_id) FROM mentions WHERE kind = 'person' AND entity_id = $1",
        &a,
    )?;
    let quotes_by = scalar(e, "SELECT count(*) FROM quotes WHERE person_id = $1", &a)?;
    let ta = [Arg::Text(id), Arg::Int(top)];
    let co_quoted = ranked(e.rows(
        "SELECT q2.person_id, p.name, count(DISTINCT q2.article_id) FROM quotes q2
           JOIN persons p ON p.id = q2.person_id
         WHERE q2.article_id IN (SELECT article_id FROM quotes WHERE person_id = $1)
           AND q2.person_id <> $1
         GROUP BY q2.person_id, p.name ORDER BY 3 DESC, q2.person_id{C} LIMIT $2",
        &ta,
    )?);
    let outlets = ranked(e.rows(
        "SELECT ap.outlet_key, min(ap.outlet), count(*) FROM quotes q
           JOIN appearances ap ON ap.article_id = q.article_id
         WHERE q.person_id = $1 AND ap.outlet_key IS NOT NULL
         GROUP BY ap.outlet_key ORDER BY 3 DESC, ap.outlet_key{C} LIMIT $2",
        &ta,
    )?);
    let days = e.rows(
        "SELECT substr(a.date, 1, 10), count(*) FROM quotes q JOIN articles a ON a.id = q.article_id
         WHERE q.person_id = $1 AND a.date IS NOT NULL GROUP BY substr(a.date, 1, 10)",
        &a,
    )?;
    let weeks = weekly(
        days.iter()
            .filter_map(|r| Some((parse_day(&text(r, 0)?)?, count(r, 1)))),
    );
    let relations = e
        .rows(
            "SELECT dir, kind, other_kind, other_id, other_name, n, last, article FROM (
               SELECT 'out' AS dir, CASE WHEN negated THEN 'not-' || kind ELSE kind END AS kind,
                      target_kind AS other_kind, target_id AS other_id,
                      min(target_name) AS other_name, count(*) AS n, max(date) AS last,
                      max(article_id) AS article
               FROM relations WHERE source_id = $1 AND source_kind = 'person' AND NOT hedged
               GROUP BY 2, 3, 4
               UNION ALL
               SELECT 'in', CASE WHEN negated THEN 'not-' || kind ELSE kind END,
                      source_kind, source_id, min(source_name), count(*), max(date),
                      max(article_id)
               FROM relations WHERE target_id = $1 AND target_kind = 'person' AND NOT hedged
               GROUP BY 2, 3, 4
             ) r ORDER BY n DESC, dir{C}, kind{C}, other_id{C} LIMIT $2",
            &ta,
        )?
        .iter()
        .map(|r| PersonRelation {
            direction: text_or_empty(r, 0),
            kind: text_or_empty(r, 1),
            other_kind: text_or_empty(r, 2),
            other_id: text_or_empty(r, 3),
            other_name: text_or_empty(r, 4),
            count: count(r, 5),
            last: text(r, 6),
            article_id: text_or_empty(r, 7),
        })
        .collect();
    Ok(Some(PersonView {
        id: text_or_empty(p, 0),
        name: text_or_empty(p, 1),
        kb_id: text(p, 2),
        party: text(p, 3),
        variants,
        roles,
        articles,
        quotes_by,
        quotes_about: 0,
        co_quoted,
        outlets,
        weeks,
        relations,
    }))
}

pub(crate) fn person_quotes(
    e: &mut impl SqlExec,
    id: &str,
    offset: usize,
    limit: usize,
) -> Result<QuotePage> {
    let (off, lim) = offset_limit(offset, limit);
    let total = scalar(
        e,
        "SELECT count(*) FROM quotes WHERE person_id = $1",
        &[Arg::Text(id)],
    )?;
    // The page's quotes are picked on their ids and dates before their rows are read:
    // sorting whole rows of a much-quoted person took most of the page's time.
    let items = e
        .rows(
            &format!(
                "SELECT {QUOTE_COLS} FROM
                   (SELECT q.id FROM quotes q JOIN articles a ON a.id = q.article_id
                    WHERE q.person_id = $1
                    ORDER BY coalesce(a.date, '') DESC, q.id{{C}} LIMIT $2 OFFSET $3) page
                 JOIN quotes q ON q.id = page.id JOIN articles a ON a.id = q.article_id
                 ORDER BY coalesce(a.date, '') DESC, q.id{{C}}"
            ),
            &[Arg::Text(id), Arg::Int(lim), Arg::Int(off)],
        )?
        .iter()
        .map(|r| quote_view(r))
        .collect();
    Ok(QuotePage {
        total,
        offset: off as u64,
        items,
    })
}

/// Ids of the quotes about the person, newest first.
fn about_ids(e: &mut impl SqlExec, id: &str) -> Result<Vec<String>> {
    Ok(e.rows(
        &format!(
            "SELECT q.id FROM quotes q JOIN articles a ON a.id = q.article_id
                 WHERE q.id IN ({ABOUT}) ORDER BY coalesce(a.date, '') DESC, q.id{{C}}"
        ),
        &[Arg::Text(id)],
    )?
    .iter()
    .map(|r| text_or_empty(r, 0))
    .collect())
}

/// The quotes of these ids, in this order.
fn quotes_by_ids(e: &mut impl SqlExec, ids: &[String]) -> Result<Vec<QuoteView>> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let rows = e.rows(
            &format!(
                "SELECT {QUOTE_COLS} FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.id = $1"
            ),
            &[Arg::Text(id)],
        )?;
        out.extend(rows.iter().map(|r| quote_view(r)));
    }
    Ok(out)
}

fn about_page(
    e: &mut impl SqlExec,
    ids: &[String],
    offset: usize,
    limit: usize,
) -> Result<QuotePage> {
    let (off, lim) = offset_limit(offset, limit);
    let page: Vec<String> = ids
        .iter()
        .skip(off as usize)
        .take(lim as usize)
        .cloned()
        .collect();
    Ok(QuotePage {
        total: ids.len() as u64,
        offset: off as u64,
        items: quotes_by_ids(e, &page)?,
    })
}

pub(crate) fn quotes_about(
    e: &mut impl SqlExec,
    id: &str,
    offset: usize,
    limit: usize,
) -> Result<QuotePage> {
    let ids = about_ids(e, id)?;
    about_page(e, &ids, offset, limit)
}

/// The person page in one go: the quotes about the person are found once for both
/// the count and the page.
pub(crate) fn person_page(
    e: &mut impl SqlExec,
    id: &str,
    top: usize,
    by_offset: usize,
    about_offset: usize,
    limit: usize,
) -> Result<Option<(PersonView, QuotePage, QuotePage)>> {
    let Some(mut person) = person_without_about(e, id, top)? else {
        return Ok(None);
    };
    let ids = about_ids(e, id)?;
    person.quotes_about = ids.len() as u64;
    let by = person_quotes(e, id, by_offset, limit)?;
    let about = about_page(e, &ids, about_offset, limit)?;
    Ok(Some((person, by, about)))
}

/// Story ids of the outlet.
const OUTLET_STORIES: &str = "SELECT article_id FROM appearances WHERE outlet_key = $1";

pub(crate) fn outlet(e: &mut impl SqlExec, id: &str, top: usize) -> Result<Option<OutletView>> {
    let rows = e.rows(
        "SELECT min(outlet), count(DISTINCT article_id) FROM appearances WHERE outlet_key = $1",
        &[Arg::Text(id)],
    )?;
    let Some(r) = rows.first() else {
        return Ok(None);
    };
    let articles = count(r, 1);
    if articles == 0 {
        return Ok(None);
    }
    let name = text(r, 0).unwrap_or_else(|| id.to_string());
    let a = [Arg::Text(id)];
    let quotes = scalar(
        e,
        &format!("SELECT count(*) FROM quotes q WHERE q.article_id IN ({OUTLET_STORIES})"),
        &a,
    )?;
    let top_speakers = ranked(e.rows(
        &format!(
            "SELECT q.person_id, p.name, count(*) FROM quotes q JOIN persons p ON p.id = q.person_id
             WHERE q.article_id IN ({OUTLET_STORIES})
             GROUP BY q.person_id, p.name ORDER BY 3 DESC, q.person_id{{C}} LIMIT $2"
        ),
        &[Arg::Text(id), Arg::Int(top.min(MAX_LIMIT) as i64)],
    )?);
    let party_rows = e.rows(
        &format!(
            "SELECT p.party, count(*) FROM quotes q JOIN persons p ON p.id = q.person_id
             WHERE q.article_id IN ({OUTLET_STORIES}) GROUP BY p.party"
        ),
        &a,
    )?;
    let total: u64 = party_rows.iter().map(|r| count(r, 1)).sum();
    let mut parties: Vec<PartyShare> = party_rows
        .iter()
        .map(|r| PartyShare {
            party: text(r, 0).filter(|p| !p.is_empty()),
            quotes: count(r, 1),
            share: if total == 0 {
                0.0
            } else {
                count(r, 1) as f64 / total as f64
            },
        })
        .collect();
    // Known parties first, largest share first; the unknown rest last.
    parties.sort_by(|x, y| {
        (x.party.is_none(), std::cmp::Reverse(x.quotes), &x.party).cmp(&(
            y.party.is_none(),
            std::cmp::Reverse(y.quotes),
            &y.party,
        ))
    });
    Ok(Some(OutletView {
        id: id.to_string(),
        name,
        articles,
        quotes,
        top_speakers,
        parties,
    }))
}

pub(crate) fn outlet_articles(
    e: &mut impl SqlExec,
    id: &str,
    offset: usize,
    limit: usize,
) -> Result<ArticlePage> {
    let (off, lim) = offset_limit(offset, limit);
    let total = scalar(
        e,
        "SELECT count(*) FROM appearances WHERE outlet_key = $1",
        &[Arg::Text(id)],
    )?;
    let items = e
        .rows(
            "SELECT a.id, a.title, ap.outlet, ap.date, ap.url,
                    (SELECT count(*) FROM quotes q WHERE q.article_id = a.id)
             FROM appearances ap JOIN articles a ON a.id = ap.article_id
             WHERE ap.outlet_key = $1
             ORDER BY coalesce(ap.date, '') DESC, ap.key{C} LIMIT $2 OFFSET $3",
            &[Arg::Text(id), Arg::Int(lim), Arg::Int(off)],
        )?
        .iter()
        .map(|r| {
            let outlet = text(r, 2);
            ArticleSummary {
                id: text_or_empty(r, 0),
                title: text(r, 1),
                outlet_id: outlet.as_deref().map(fold),
                outlet,
                date: text(r, 3),
                url: text(r, 4),
                quotes: count(r, 5),
            }
        })
        .collect();
    Ok(ArticlePage {
        total,
        offset: off as u64,
        items,
    })
}

pub(crate) fn article(e: &mut impl SqlExec, id: &str) -> Result<Option<ArticleView>> {
    let a = [Arg::Text(id)];
    let rows = e.rows(
        "SELECT id, title, text, outlet, date, url FROM articles WHERE id = $1",
        &a,
    )?;
    let Some(r) = rows.first() else {
        return Ok(None);
    };
    let body = text_or_empty(r, 2);
    let quotes: Vec<QuoteView> = e
        .rows(
            &format!(
                "SELECT {QUOTE_COLS} FROM quotes q JOIN articles a ON a.id = q.article_id
                 WHERE q.article_id = $1 ORDER BY q.start, q.id{{C}}"
            ),
            &a,
        )?
        .iter()
        .map(|r| quote_view(r))
        .collect();
    let mut entities: Vec<EntityView> = Vec::new();
    for m in e.rows(
        "SELECT m.kind, m.entity_id, m.surface, p.name FROM mentions m
           LEFT JOIN persons p ON m.kind = 'person' AND p.id = m.entity_id
         WHERE m.article_id = $1 ORDER BY m.kind{C}, m.entity_id{C}, m.surface{C}",
        &a,
    )? {
        let (kind, eid, surface) = (
            text_or_empty(&m, 0),
            text_or_empty(&m, 1),
            text_or_empty(&m, 2),
        );
        match entities.last_mut() {
            Some(last) if last.kind == kind && last.id == eid => last.surfaces.push(surface),
            _ => entities.push(EntityView {
                name: text(&m, 3).unwrap_or_else(|| surface.clone()),
                kind,
                id: eid,
                surfaces: vec![surface],
            }),
        }
    }
    let appearances = e
        .rows(
            "SELECT key, outlet, date, url, similarity FROM appearances WHERE article_id = $1
             ORDER BY key{C}",
            &a,
        )?
        .iter()
        .map(|r| {
            let outlet = text(r, 1);
            AppearanceView {
                key: text_or_empty(r, 0),
                outlet_id: outlet.as_deref().map(fold),
                outlet,
                date: text(r, 2),
                url: text(r, 3),
                similarity: real(r, 4),
            }
        })
        .collect();
    let spans = entity_spans(&body, &entities);
    let outlet = text(r, 3);
    Ok(Some(ArticleView {
        id: text_or_empty(r, 0),
        title: text(r, 1),
        outlet_id: outlet.as_deref().map(fold),
        outlet,
        date: text(r, 4),
        url: text(r, 5),
        text: body,
        quotes,
        entities,
        spans,
        appearances,
    }))
}

pub(crate) fn find_persons(
    e: &mut impl SqlExec,
    name: &str,
    limit: usize,
) -> Result<Vec<PersonSummary>> {
    let key = crate::normalize::name_key(name);
    if key.chars().count() < 2 {
        return Ok(Vec::new());
    }
    let pattern = like_pattern(&key);
    // A person linked to the knowledge base has its slug as id ("jean-marie-le-guen"):
    // the same words joined by hyphens.
    let slug: String = key
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let slug_pattern = like_pattern(&slug);
    Ok(e.rows(
        "SELECT p.id, p.name, p.party, (SELECT count(*) FROM quotes q WHERE q.person_id = p.id) AS n
         FROM persons p WHERE p.id LIKE $1 ESCAPE '\\' OR p.id LIKE $3 ESCAPE '\\'
         ORDER BY n DESC, p.id{C} LIMIT $2",
        &[
            Arg::Text(&pattern),
            Arg::Int(limit.min(MAX_LIMIT) as i64),
            Arg::Text(&slug_pattern),
        ],
    )?
    .iter()
    .map(|r| PersonSummary {
        id: text_or_empty(r, 0),
        name: text_or_empty(r, 1),
        party: text(r, 2),
        quotes: count(r, 3),
    })
    .collect())
}

pub(crate) fn parties_of(e: &mut impl SqlExec, ids: &[&str]) -> Result<HashMap<String, String>> {
    let mut out = HashMap::new();
    for id in ids.iter().take(MAX_LIMIT * 4) {
        for r in e.rows(
            "SELECT party FROM persons WHERE id = $1 AND party IS NOT NULL",
            &[Arg::Text(id)],
        )? {
            if let Some(p) = text(&r, 0) {
                out.insert((*id).to_string(), p);
            }
        }
    }
    Ok(out)
}

pub(crate) fn article_texts(e: &mut impl SqlExec, ids: &[&str]) -> Result<HashMap<String, String>> {
    let mut out = HashMap::new();
    for id in ids.iter().take(MAX_LIMIT) {
        for r in e.rows("SELECT text FROM articles WHERE id = $1", &[Arg::Text(id)])? {
            out.insert((*id).to_string(), text_or_empty(&r, 0));
        }
    }
    Ok(out)
}

pub(crate) fn person_graph(e: &mut impl SqlExec, max_nodes: usize) -> Result<PersonGraph> {
    let max_nodes = max_nodes.clamp(1, MAX_LIMIT);
    let nodes: Vec<GraphPerson> = e
        .rows(
            "SELECT m.entity_id, p.name, p.party, count(DISTINCT m.article_id),
                    (SELECT count(*) FROM quotes q WHERE q.person_id = m.entity_id)
             FROM mentions m JOIN persons p ON p.id = m.entity_id WHERE m.kind = 'person'
             GROUP BY m.entity_id, p.name, p.party ORDER BY 4 DESC, 5 DESC, m.entity_id{C} LIMIT $1",
            &[Arg::Int(max_nodes as i64)],
        )?
        .iter()
        .map(|r| GraphPerson {
            id: text_or_empty(r, 0),
            name: text_or_empty(r, 1),
            party: text(r, 2),
            articles: count(r, 3),
            quotes: count(r, 4),
        })
        .collect();
    if nodes.is_empty() {
        return Ok(PersonGraph::default());
    }
    let list: Vec<String> = (1..=nodes.len()).map(|i| format!("${i}")).collect();
    let list = list.join(", ");
    let args: Vec<Arg<'_>> = nodes.iter().map(|n| Arg::Text(&n.id)).collect();
    let mut links = Vec::new();
    let queries = [
        format!(
            "SELECT q.person_id, m.entity_id, 'about', count(DISTINCT q.id) FROM quotes q
               JOIN mentions m ON m.article_id = q.article_id AND m.kind = 'person'
             WHERE q.person_id IN ({list}) AND m.entity_id IN ({list}) AND m.entity_id <> q.person_id
               AND length(m.surface) >= 3 AND strpos(q.text, m.surface) > 0
             GROUP BY q.person_id, m.entity_id"
        ),
        format!(
            "SELECT q1.person_id, q2.person_id, 'co-quoted', count(DISTINCT q1.article_id) FROM quotes q1
               JOIN quotes q2 ON q2.article_id = q1.article_id AND q1.person_id{{C}} < q2.person_id{{C}}
             WHERE q1.person_id IN ({list}) AND q2.person_id IN ({list})
             GROUP BY q1.person_id, q2.person_id"
        ),
    ];
    for sql in &queries {
        for r in e.rows(sql, &args)? {
            links.push(GraphLink {
                source: text_or_empty(&r, 0),
                target: text_or_empty(&r, 1),
                kind: text_or_empty(&r, 2),
                weight: count(&r, 3),
            });
        }
    }
    links.sort_by(|a, b| (&a.source, &a.target, &a.kind).cmp(&(&b.source, &b.target, &b.kind)));
    Ok(PersonGraph { nodes, links })
}

/// Implements [`Browse`] for a backend that implements [`SqlExec`].
macro_rules! impl_browse {
    ($t:ty) => {
        impl $crate::browse::Browse for $t {
            fn overview(&mut self, top: usize) -> $crate::Result<$crate::browse::Overview> {
                $crate::browse::overview(self, top)
            }
            fn person(
                &mut self,
                id: &str,
                top: usize,
            ) -> $crate::Result<Option<$crate::browse::PersonView>> {
                $crate::browse::person(self, id, top)
            }
            fn person_quotes(
                &mut self,
                id: &str,
                offset: usize,
                limit: usize,
            ) -> $crate::Result<$crate::browse::QuotePage> {
                $crate::browse::person_quotes(self, id, offset, limit)
            }
            fn person_page(
                &mut self,
                id: &str,
                top: usize,
                by_offset: usize,
                about_offset: usize,
                limit: usize,
            ) -> $crate::Result<
                Option<(
                    $crate::browse::PersonView,
                    $crate::browse::QuotePage,
                    $crate::browse::QuotePage,
                )>,
            > {
                $crate::browse::person_page(self, id, top, by_offset, about_offset, limit)
            }
            fn quotes_about(
                &mut self,
                id: &str,
                offset: usize,
                limit: usize,
            ) -> $crate::Result<$crate::browse::QuotePage> {
                $crate::browse::quotes_about(self, id, offset, limit)
            }
            fn outlet(
                &mut self,
                id: &str,
                top: usize,
            ) -> $crate::Result<Option<$crate::browse::OutletView>> {
                $crate::browse::outlet(self, id, top)
            }
            fn outlet_articles(
                &mut self,
                id: &str,
                offset: usize,
                limit: usize,
            ) -> $crate::Result<$crate::browse::ArticlePage> {
                $crate::browse::outlet_articles(self, id, offset, limit)
            }
            fn article(&mut self, id: &str) -> $crate::Result<Option<$crate::browse::ArticleView>> {
                $crate::browse::article(self, id)
            }
            fn find_persons(
                &mut self,
                name: &str,
                limit: usize,
            ) -> $crate::Result<Vec<$crate::browse::PersonSummary>> {
                $crate::browse::find_persons(self, name, limit)
            }
            fn parties_of(
                &mut self,
                ids: &[&str],
            ) -> $crate::Result<std::collections::HashMap<String, String>> {
                $crate::browse::parties_of(self, ids)
            }
            fn article_texts(
                &mut self,
                ids: &[&str],
            ) -> $crate::Result<std::collections::HashMap<String, String>> {
                $crate::browse::article_texts(self, ids)
            }
            fn person_graph(
                &mut self,
                max_nodes: usize,
            ) -> $crate::Result<$crate::browse::PersonGraph> {
                $crate::browse::person_graph(self, max_nodes)
            }
            fn data_version(&mut self) -> $crate::Result<String> {
                self.read_data_version()
            }
        }
    };
}
pub(crate) use impl_browse;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_and_reject_impossible_dates() {
        assert_eq!(parse_day("1970-01-01"), Some(0));
        assert_eq!(
            parse_day("2017-02-14T10:00:00+01:00")
                .map(format_day)
                .as_deref(),
            Some("2017-02-14")
        );
        assert_eq!(parse_day("2017-02-31"), None);
        assert_eq!(parse_day("2017-13-01"), None);
        assert_eq!(parse_day("17-02-14"), None);
        assert_eq!(parse_day(""), None);
        assert_eq!(
            parse_day("2016-02-29").map(format_day).as_deref(),
            Some("2016-02-29")
        );
        for d in [-1000, -1, 0, 1, 17_000, 20_000, 100_000] {
            assert_eq!(parse_day(&format_day(d)), Some(d));
        }
    }

    #[test]
    fn weeks_start_on_monday_and_include_empty_weeks() {
        // 2017-02-14 was a Tuesday, 2017-02-27 a Monday.
        let a = parse_day("2017-02-14").unwrap_or_default();
        let b = parse_day("2017-02-27").unwrap_or_default();
        let w = weekly([(a, 2), (a + 1, 1), (b, 4)]);
        let got: Vec<(&str, u64)> = w.iter().map(|w| (w.week.as_str(), w.count)).collect();
        assert_eq!(
            got,
            vec![("2017-02-13", 3), ("2017-02-20", 0), ("2017-02-27", 4)]
        );
        assert!(weekly([]).is_empty());
    }

    #[test]
    fn timeline_is_capped() {
        let w = weekly([(0, 1), (7 * 10_000, 1)]);
        assert_eq!(w.len() as i64, MAX_WEEKS);
        assert_eq!(w.last().map(|w| w.count), Some(1));
    }

    #[test]
    fn entity_spans_match_whole_words_longest_first() {
        let text = "Benoît Hamon et Hamonville : Hamon parle sur RTL.";
        let ents = vec![
            EntityView {
                kind: "person".into(),
                id: "benoit hamon".into(),
                name: "Benoît Hamon".into(),
                surfaces: vec!["Hamon".into(), "Benoît Hamon".into()],
            },
            EntityView {
                kind: "media".into(),
                id: "rtl".into(),
                name: "RTL".into(),
                surfaces: vec!["RTL".into()],
            },
        ];
        let spans = entity_spans(text, &ents);
        let got: Vec<&str> = spans
            .iter()
            .map(|s| &text[s.start as usize..s.end as usize])
            .collect();
        assert_eq!(got, vec!["Benoît Hamon", "Hamon", "RTL"]);
        assert_eq!(spans[2].kind, "media");
    }

    #[test]
    fn offsets_and_limits_are_bounded() {
        assert_eq!(offset_limit(0, 1_000_000), (0, MAX_LIMIT as i64));
        assert_eq!(offset_limit(usize::MAX, 10), (MAX_OFFSET as i64, 0));
    }
}
