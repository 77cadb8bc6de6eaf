//! Document model shared by every dixit crate.
//!
//! Invariant: every `start`/`end` pair is a UTF-8 **byte** offset into the text the
//! extraction ran on (for Markdown and plain text, the input file itself; for HTML,
//! the extracted `text`, which the record then carries). `text[start..end]` is always
//! a valid `str` slice.

use serde::{Deserialize, Serialize};

/// The JSON Schema of [`ArticleRecord`] as `dixit extract` writes it (the serialised form:
/// fields skipped when empty are optional, `Option`s written as `null` are required).
#[cfg(feature = "schema")]
pub fn article_record_schema() -> schemars::Schema {
    schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<ArticleRecord>()
}

/// A half-open byte range `[start, end)` into the analysed text.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// Builds a span; callers guarantee `start <= end`.
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }
    /// Byte length.
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// True when `other` lies inside `self`.
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// How reported speech is rendered in the text (see `eval/ANNOTATION.md`).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Words between quotation marks.
    Direct,
    /// Content of a reporting verb or of "selon X", without marks.
    Indirect,
    /// Indirect speech containing quoted fragments.
    Mixed,
}

/// What sort of source a speaker is.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// A named person of the article's `persons`.
    Person,
    /// A news outlet ("le JDD").
    Media,
    /// A party, institution, company.
    Organization,
    /// A collective or unnamed source ("l'entourage de Manuel Valls").
    Collective,
}

/// Who a quote is attributed to.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// The person's fullest name, or the source as the text gives it.
    pub name: String,
    /// Sort of source.
    pub kind: SourceKind,
    /// Index into the record's `persons` when `kind` is `Person`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub person: Option<usize>,
    /// Knowledge-base id of the person, outlet or organisation, when linked: the same in
    /// every article.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<String>,
    /// The mention that designates the speaker near the quote (a name, title or pronoun).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub mention: Option<Span>,
}

/// One piece of reported speech.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// Start byte of the quoted content (without the marks for direct quotes).
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// `text[start..end]`.
    pub text: String,
    /// Direct, indirect or mixed.
    pub kind: QuoteKind,
    /// The source, when the article gives one.
    pub speaker: Option<Speaker>,
    /// Reporting verb or phrase as written ("a-t-il estimé", "selon").
    pub cue: Option<String>,
    /// Byte span of the cue.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cue_span: Option<Span>,
    /// Outlet or medium the words went through ("RTL", "Twitter", "communiqué").
    pub channel: Option<String>,
    /// Day the words were said (ISO 8601), when the text or the publication date tells.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date: Option<String>,
    /// Where `date` comes from: a date expression of the text, or the publication date.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date_from: Option<DateFrom>,
}

/// A person named in the article, with all the ways it is referred to.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Fullest form the article gives ("Benoît Hamon").
    pub name: String,
    /// Distinct surface forms by name ("Benoît Hamon", "Hamon", "M. Hamon").
    pub mentions: Vec<String>,
    /// Titles and offices attached in the text ("ancien Premier ministre").
    pub roles: Vec<String>,
    /// Byte spans of every name mention.
    #[serde(default)]
    pub spans: Vec<Span>,
    /// Stable id across the archive when the person is linked to the knowledge base (its
    /// slug, as `kb_id`); the store gives unlinked persons an archive id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<String>,
    /// Identifier in the bundled knowledge base, when linked.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub kb_id: Option<String>,
    /// Party label from the knowledge base, when linked.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub party: Option<String>,
}

/// A named organisation, party, outlet or place.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    /// Surface form as in the text (first occurrence).
    pub name: String,
    /// Knowledge-base id, when linked ("BFMTV" and "BFM TV" are one outlet).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<String>,
    /// Byte spans of every occurrence of this surface form.
    #[serde(default)]
    pub spans: Vec<Span>,
}

/// Where a record came from.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// Input path (or `-` for stdin); for archives, `path#record`.
    pub path: String,
    /// Canonical URL, when known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub url: Option<String>,
    /// Outlet or site name, when known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub outlet: Option<String>,
    /// Publication date (ISO 8601), when known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date: Option<String>,
    /// Author byline, when known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub author: Option<String>,
}

/// How fine a resolved date is.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    /// One day ("hier", "le 31 janvier").
    Day,
    /// Part of one day ("mardi soir", "en fin d'après-midi"), or a night across two days.
    PartOfDay,
    /// A week, a weekend or part of a week ("la semaine dernière", "ce week-end").
    Week,
    /// A third of a month ("début mars", "à la mi-juillet", "fin du mois").
    PartOfMonth,
    /// A month ("en mars 2016", "le mois dernier").
    Month,
    /// A season ("l'été dernier").
    Season,
    /// Start, middle or end of a year ("fin 2016", "en début d'année").
    PartOfYear,
    /// A year ("en 2015", "l'an dernier").
    Year,
}

/// Part of a day named by a date expression.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayPart {
    /// "matin", "matinée".
    Morning,
    /// "midi".
    Noon,
    /// "après-midi".
    Afternoon,
    /// "soir", "soirée".
    Evening,
    /// "nuit".
    Night,
    /// "journée".
    Daytime,
}

/// The day or period a date expression stands for, as ISO 8601 dates.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DateRefValue {
    /// One day, `YYYY-MM-DD`.
    Day(String),
    /// Every day from `from` to `to`, both included.
    Period {
        /// First day.
        from: String,
        /// Last day.
        to: String,
    },
}

/// A date expression of the text, resolved against the publication date: an item of a
/// record's `dates[]`.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateRef {
    /// Start byte of the expression.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// `text[start..end]`.
    pub text: String,
    /// The day or period meant.
    pub value: DateRefValue,
    /// How fine `value` is.
    pub precision: DatePrecision,
    /// Whether the value was computed from the publication date ("hier") rather than read
    /// whole from the text ("le 31 janvier 2017").
    pub relative: bool,
    /// The part of the day, when the expression names one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub part_of_day: Option<DayPart>,
}

/// Where a quote's date comes from (`quotes[].date_from`).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateFrom {
    /// A date expression of the text dates the words ("a-t-il déclaré mardi").
    Text,
    /// Nothing does: the publication date stands in.
    Published,
}

/// Everything dixit extracts from one article: the output contract of `dixit extract`.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleRecord {
    /// Provenance.
    pub source: Source,
    /// Title, when the input has one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    /// The analysed text, included when it differs from the input bytes (HTML, feeds, WARC).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub text: Option<String>,
    /// Reported speech, in text order.
    pub quotes: Vec<Quote>,
    /// Persons, in order of first mention.
    pub persons: Vec<Person>,
    /// News outlets.
    pub media: Vec<Named>,
    /// Parties, institutions, companies.
    pub organizations: Vec<Named>,
    /// Places.
    #[serde(default)]
    pub places: Vec<Named>,
    /// Publication date (ISO 8601 day), when the input carries one that parses.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub published: Option<String>,
    /// Date expressions of the text, resolved against the publication date.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub dates: Vec<DateRef>,
    /// Who supports, criticises, joins, leaves, allies with, succeeds or answers whom.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub relations: Vec<Relation>,
}

/// Kind of a relation between two actors.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RelationKind {
    /// Backs, praises, votes for.
    Supports,
    /// Attacks, blames, denounces.
    Criticises,
    /// Joins a party, a group, someone's camp.
    Joins,
    /// Leaves a party or group, breaks with it.
    Leaves,
    /// Makes an alliance or agreement with (symmetric).
    Allies,
    /// Succeeds or replaces in a post.
    Succeeds,
    /// Answers.
    Responds,
}

impl RelationKind {
    /// The name the output uses ("supports").
    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::Supports => "supports",
            RelationKind::Criticises => "criticises",
            RelationKind::Joins => "joins",
            RelationKind::Leaves => "leaves",
            RelationKind::Allies => "allies",
            RelationKind::Succeeds => "succeeds",
            RelationKind::Responds => "responds",
        }
    }

    /// The kind named `s` (as [`RelationKind::as_str`] writes it).
    pub fn parse(s: &str) -> Option<RelationKind> {
        Some(match s {
            "supports" => RelationKind::Supports,
            "criticises" => RelationKind::Criticises,
            "joins" => RelationKind::Joins,
            "leaves" => RelationKind::Leaves,
            "allies" => RelationKind::Allies,
            "succeeds" => RelationKind::Succeeds,
            "responds" => RelationKind::Responds,
            _ => return None,
        })
    }
}

/// One side of a relation: a person, outlet or organisation of the article.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// The person's fullest name, or the organisation or outlet as named.
    pub name: String,
    /// Sort of actor (`person`, `media` or `organization`).
    pub kind: SourceKind,
    /// Knowledge-base id, when linked.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<String>,
    /// Index into the record's `persons` when `kind` is `person`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub person: Option<usize>,
    /// The mention that designates the actor in the evidence (a name, title or pronoun).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub mention: Option<Span>,
}

/// A relation stated by the text: `source` supports, criticises … `target`.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    /// What the relation is.
    pub kind: RelationKind,
    /// Who acts.
    pub source: Actor,
    /// Who or what is acted on.
    pub target: Actor,
    /// Start byte of the evidence (the sentence that states it).
    pub start: usize,
    /// End byte of the evidence.
    pub end: usize,
    /// The verb phrase that states it, as written ("s'attaque au", "ne soutiendra pas").
    pub cue: String,
    /// Byte span of the cue's verb.
    pub cue_span: Span,
    /// The text denies it ("ne soutiendra pas", "refuse de rejoindre").
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub negated: bool,
    /// The text states it as possible, wished or threatened, not done ("pourrait
    /// rejoindre", "menace de quitter").
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub hedged: bool,
    /// Day it was stated (ISO 8601), from the text or the publication date.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date: Option<String>,
    /// Where `date` comes from.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date_from: Option<DateFrom>,
}

/// A document ready for analysis: its text plus provenance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// Provenance.
    pub source: Source,
    /// Title, when known separately from the text.
    pub title: Option<String>,
    /// The text offsets refer to.
    pub text: String,
    /// Same byte length as `text`; markup that is not article prose (Markdown syntax,
    /// link targets, "À lire aussi" teasers) is replaced by ASCII spaces, so that
    /// offsets found in it are offsets into `text`.
    pub analysis: String,
    /// Whether `text` is the input file itself (then records omit it).
    pub text_is_input: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_refs_serialise_as_the_output_contract_says() {
        let day = DateRef {
            start: 3,
            end: 7,
            text: "hier".into(),
            value: DateRefValue::Day("2017-01-30".into()),
            precision: DatePrecision::Day,
            relative: true,
            part_of_day: None,
        };
        assert_eq!(
            serde_json::to_string(&day).unwrap_or_default(),
            r#"{"start":3,"end":7,"text":"hier","value":"2017-01-30","precision":"day","relative":true}"#
        );
        let week = DateRef {
            value: DateRefValue::Period {
                from: "2017-01-23".into(),
                to: "2017-01-29".into(),
            },
            precision: DatePrecision::PartOfDay,
            part_of_day: Some(DayPart::Evening),
            ..day
        };
        let json = serde_json::to_string(&week).unwrap_or_default();
        assert!(
            json.contains(r#""value":{"from":"2017-01-23","to":"2017-01-29"}"#),
            "{json}"
        );
        assert!(json.contains(r#""precision":"part_of_day""#), "{json}");
        assert!(json.contains(r#""part_of_day":"evening""#), "{json}");
        let back: DateRef = serde_json::from_str(&json).expect("round trip");
        assert_eq!(back, week);
        assert_eq!(
            serde_json::to_string(&DateFrom::Published).unwrap_or_default(),
            r#""published""#
        );
    }
}
