//! Finds date expressions in the token stream, unresolved.
//!
//! One left-to-right pass: at each token that can head an expression (a number, a month,
//! a weekday, "hier", "semaine", "tour"…) a pattern looks a bounded number of tokens
//! back (determiners and prepositions such as "le", "à la", "lors du", never before the
//! end of the previous match) and ahead. The longest reach of any pattern is about a dozen
//! tokens and the tense scan around a match two dozen, so the pass is linear in the text
//! whatever it holds.

use dixit_model::DayPart;
use jiff::civil::Weekday;

use crate::elections::{ElectionFilter, ElectionKind};
use crate::token::{Kind, Tokens};

/// Which occurrence a bare or qualified name refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dir {
    /// "dernier", "passé": the last one strictly before the anchor.
    Last,
    /// "prochain": the next one strictly after the anchor.
    Next,
    /// "ce", "cet", "cette": the one around the anchor.
    This,
    /// Nothing said: decided by distance and tense.
    Bare,
}

/// Start, middle or end of a month, year or week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Third {
    Start,
    Middle,
    End,
}

/// Unit of a duration ("il y a trois jours").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Hour,
    Day,
    Week,
    Month,
    Year,
}

/// Astronomical seasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Season {
    Spring,
    Summer,
    Autumn,
    Winter,
}

/// A month named absolutely, by name relative to the anchor, or by offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MonthRef {
    Abs { y: i16, m: i8 },
    Named { m: i8, dir: Dir },
    Rel(i32),
}

/// A year named absolutely or by offset from the anchor's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum YearRef {
    Abs(i16),
    Rel(i32),
}

/// Which season is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SeasonRef {
    Abs(i16),
    Dir(Dir),
}

/// An unresolved date expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Expr {
    /// A full date ("le 31 janvier 2017", "31/01/2017").
    Date { y: i16, m: i8, d: i8 },
    /// Day and month without year ("le 31 janvier [dernier]").
    DayMonth { m: i8, d: i8, dir: Dir },
    /// Weekday and day of month ("mardi 31").
    DayOnly { d: i8, wd: Weekday },
    /// Days from the anchor ("hier" = -1).
    RelDay(i32),
    /// A weekday ("mardi", "ce mardi", "mardi dernier").
    Weekday { wd: Weekday, dir: Dir },
    /// "la nuit de mardi à mercredi" (the first weekday).
    NightWd(Weekday),
    /// "la nuit du 12 au 13 mars": the night before `day`.
    NightBefore(Box<Expr>),
    /// A week by offset from the anchor's, or part of it.
    Week { offset: i32, third: Option<Third> },
    /// A weekend.
    Weekend(Dir),
    /// A month.
    Month(MonthRef),
    /// Part of a month.
    MonthPart(Third, MonthRef),
    /// A year.
    Year(YearRef),
    /// Part of a year.
    YearPart(Third, YearRef),
    /// A season.
    Season(Season, SeasonRef),
    /// A signed duration from the anchor ("il y a trois jours" = -3 days).
    Shift { n: i64, unit: Unit, half: bool },
    /// Round 1 or 2 of an election.
    Round { n: u8, filter: ElectionFilter },
    /// "entre les deux tours".
    BetweenRounds(ElectionFilter),
    /// A part of day alone ("en fin d'après-midi"): the day comes from the context.
    Part,
}

impl Expr {
    /// Whether a part of day can be attached to this expression ("mardi soir").
    fn is_day(&self) -> bool {
        matches!(
            self,
            Expr::Date { .. }
                | Expr::DayMonth { .. }
                | Expr::DayOnly { .. }
                | Expr::RelDay(_)
                | Expr::Weekday { .. }
        )
    }

    /// Whether resolving this expression looks at the tense of the sentence.
    fn uses_tense(&self) -> bool {
        matches!(
            self,
            Expr::Weekday {
                dir: Dir::Bare | Dir::This,
                ..
            } | Expr::NightWd(_)
                | Expr::Weekend(Dir::This | Dir::Bare)
                | Expr::Month(MonthRef::Named { dir: Dir::Bare, .. })
                | Expr::MonthPart(_, MonthRef::Named { dir: Dir::Bare, .. })
                | Expr::Season(_, SeasonRef::Dir(Dir::Bare | Dir::This))
                | Expr::DayMonth { dir: Dir::Bare, .. }
                | Expr::Round { .. }
                | Expr::BetweenRounds(_)
        )
    }
}

/// The tense of the clause around an expression, as far as cheap cues tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tense {
    Past,
    Future,
    Unknown,
}

/// A recognised expression: token range `[s, e)`, what it says, its part of day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Raw {
    pub s: usize,
    pub e: usize,
    pub expr: Expr,
    pub part: Option<DayPart>,
    pub tense: Tense,
}

pub(crate) fn month(w: &str) -> Option<i8> {
    Some(match w {
        "janvier" => 1,
        "fevrier" => 2,
        "mars" => 3,
        "avril" => 4,
        "mai" => 5,
        "juin" => 6,
        "juillet" => 7,
        "aout" => 8,
        "septembre" => 9,
        "octobre" => 10,
        "novembre" => 11,
        "decembre" => 12,
        _ => return None,
    })
}

/// Abbreviated month names, only accepted right after a day number.
fn month_abbrev(w: &str) -> Option<i8> {
    Some(match w {
        "janv" => 1,
        "fev" | "fevr" => 2,
        "avr" => 4,
        "juil" => 7,
        "sept" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    })
}

pub(crate) fn weekday(w: &str) -> Option<Weekday> {
    Some(match w {
        "lundi" => Weekday::Monday,
        "mardi" => Weekday::Tuesday,
        "mercredi" => Weekday::Wednesday,
        "jeudi" => Weekday::Thursday,
        "vendredi" => Weekday::Friday,
        "samedi" => Weekday::Saturday,
        "dimanche" => Weekday::Sunday,
        _ => return None,
    })
}

fn is_last(w: &str) -> bool {
    matches!(
        w,
        "dernier" | "derniere" | "passe" | "passee" | "ecoule" | "ecoulee"
    )
}

fn is_next(w: &str) -> bool {
    matches!(w, "prochain" | "prochaine")
}

fn unit_word(w: &str) -> Option<u32> {
    Some(match w {
        "un" | "une" => 1,
        "deux" => 2,
        "trois" => 3,
        "quatre" => 4,
        "cinq" => 5,
        "six" => 6,
        "sept" => 7,
        "huit" => 8,
        "neuf" => 9,
        _ => return None,
    })
}

fn teen_word(w: &str) -> Option<u32> {
    Some(match w {
        "dix" => 10,
        "onze" => 11,
        "douze" => 12,
        "treize" => 13,
        "quatorze" => 14,
        "quinze" => 15,
        "seize" => 16,
        _ => return None,
    })
}

fn tens_word(w: &str) -> Option<u32> {
    Some(match w {
        "vingt" | "vingts" => 20,
        "trente" => 30,
        "quarante" => 40,
        "cinquante" => 50,
        "soixante" => 60,
        _ => return None,
    })
}

fn duration_unit(w: &str) -> Option<Unit> {
    Some(match w {
        "heure" | "heures" => Unit::Hour,
        "jour" | "jours" => Unit::Day,
        "semaine" | "semaines" => Unit::Week,
        "mois" => Unit::Month,
        "an" | "ans" | "annee" | "annees" => Unit::Year,
        _ => return None,
    })
}

/// The election a word names ("présidentielle", "législatives"…).
fn election_kind(w: &str) -> Option<ElectionKind> {
    Some(match w {
        "presidentielle" | "presidentielles" => ElectionKind::Presidential,
        "legislatives" | "legislative" => ElectionKind::Legislative,
        "europeennes" => ElectionKind::European,
        "municipales" => ElectionKind::Municipal,
        "regionales" => ElectionKind::Regional,
        "departementales" | "cantonales" => ElectionKind::Departmental,
        _ => return None,
    })
}

/// Words that may stand between "il y a" and the quantity ("il y a près de trois ans").
fn is_filler(w: &str) -> bool {
    matches!(
        w,
        "tout"
            | "juste"
            | "pile"
            | "exactement"
            | "pres"
            | "de"
            | "d"
            | "plus"
            | "moins"
            | "environ"
            | "presque"
            | "a"
            | "peine"
            | "deja"
            | "seulement"
            | "quasiment"
            | "bien"
    )
}

/// Words that may follow a year written alone ("en 2015, il…"): a lowercase word outside
/// this list ("en 2000 euros", "depuis 2000 ans") means the number is not a year.
fn may_follow_year(w: &str) -> bool {
    matches!(
        w,
        "et" | "ou"
            | "a"
            | "au"
            | "aux"
            | "avec"
            | "il"
            | "elle"
            | "ils"
            | "elles"
            | "on"
            | "le"
            | "la"
            | "les"
            | "l"
            | "un"
            | "une"
            | "des"
            | "de"
            | "du"
            | "d"
            | "pour"
            | "par"
            | "sur"
            | "dans"
            | "en"
            | "mais"
            | "puis"
            | "contre"
            | "lorsque"
            | "quand"
            | "ce"
            | "cette"
            | "ces"
            | "qui"
            | "que"
            | "qu"
            | "alors"
            | "lors"
            | "avant"
            | "apres"
            | "je"
            | "j"
            | "nous"
            | "vous"
            | "s"
            | "n"
            | "c"
            | "ne"
            | "se"
            | "sa"
            | "son"
            | "ses"
            | "leur"
            | "leurs"
            | "deja"
            | "encore"
            | "pendant"
            | "face"
            | "sous"
            | "selon"
            | "comme"
            | "dont"
            | "y"
            | "meme"
            | "aussi"
            | "car"
            | "donc"
            | "si"
            | "sans"
            | "chez"
            | "vers"
            | "depuis"
            | "jusqu"
            | "entre"
    )
}

/// Future and conditional forms that put a bare weekday after the anchor.
fn is_future_word(w: &str) -> bool {
    const LISTED: &[&str] = &[
        "sera",
        "seront",
        "serait",
        "seraient",
        "aura",
        "auront",
        "fera",
        "feront",
        "ferait",
        "feraient",
        "ira",
        "iront",
        "irait",
        "iraient",
        "devra",
        "devront",
        "devrait",
        "devraient",
        "pourra",
        "pourront",
        "faudra",
        "faudrait",
        "voudra",
        "voudrait",
        "viendra",
        "viendront",
        "tiendra",
        "tiendront",
        "prendra",
        "prendront",
        "rendra",
        "rendront",
        "va",
        "vont",
        "vais",
        "doit",
        "doivent",
        "prevu",
        "prevue",
        "prevus",
        "prevues",
        "prevoit",
        "prevoient",
        "attendu",
        "attendue",
        "attendus",
        "entend",
        "entendent",
    ];
    const NOT: &[&str] = &[
        "opera",
        "camera",
        "cerbera",
        "galera",
        "esperait",
        "preferait",
        "considerait",
        "operait",
        "tolerait",
        "generait",
        "moderait",
        "liberait",
    ];
    if LISTED.contains(&w) {
        return true;
    }
    let regular = (w.len() >= 6
        && [
            "era", "eront", "erons", "erez", "ira", "irons", "iront", "dra", "dront",
        ]
        .iter()
        .any(|s| w.ends_with(s)))
        || (w.len() >= 8
            && ["erait", "eraient", "irait", "iraient", "drait", "draient"]
                .iter()
                .any(|s| w.ends_with(s)));
    regular && !NOT.contains(&w)
}

/// Imperfect forms ("déclarait", "étaient"): "-ait"/"-aient" that are not conditionals
/// (those are caught first as future) nor nouns.
fn is_imperfect(w: &str) -> bool {
    const NOT: &[&str] = &[
        "fait",
        "lait",
        "trait",
        "portrait",
        "souhait",
        "parfait",
        "extrait",
        "retrait",
        "attrait",
        "abstrait",
        "distrait",
        "plait",
        "tait",
        "bienfait",
        "forfait",
        "refait",
        "satisfait",
        "contrefait",
        "methode",
    ];
    w.len() >= 5 && (w.ends_with("ait") || w.ends_with("aient")) && !NOT.contains(&w)
}

/// Auxiliaries and imperfect forms that put a bare weekday before the anchor.
fn is_past_word(w: &str, raw: &str) -> bool {
    // "a" (has), not "à" (to): both fold to "a".
    if raw == "a" || raw == "A" {
        return true;
    }
    // "aurait" builds the past conditional of reported facts ("aurait alerté").
    matches!(
        w,
        "ont"
            | "ai"
            | "avons"
            | "avez"
            | "aurait"
            | "auraient"
            | "avait"
            | "avaient"
            | "etait"
            | "etaient"
            | "fut"
            | "furent"
            | "eut"
            | "eu"
            | "ete"
    )
}

/// How many words before and after an expression the tense cues are looked for (within
/// its sentence).
const TENSE_WINDOW: usize = 14;

/// The matcher over one text's tokens.
struct M<'a> {
    text: &'a str,
    t: &'a Tokens,
    /// First token a pattern may reach back to (end of the previous match).
    floor: usize,
}

impl M<'_> {
    fn w(&self, i: usize) -> &str {
        match self.t.toks.get(i) {
            Some(tok) if tok.kind == Kind::Word => self.t.folded(i),
            _ => "",
        }
    }

    fn is(&self, i: usize, s: &str) -> bool {
        self.w(i) == s
    }

    fn any(&self, i: usize, ss: &[&str]) -> bool {
        let w = self.w(i);
        !w.is_empty() && ss.contains(&w)
    }

    fn raw(&self, i: usize) -> &str {
        self.t
            .toks
            .get(i)
            .and_then(|t| self.text.get(t.start..t.end))
            .unwrap_or("")
    }

    fn num(&self, i: usize) -> Option<(u32, u8)> {
        match self.t.toks.get(i)?.kind {
            Kind::Num { value, digits } => Some((value, digits)),
            _ => None,
        }
    }

    fn punct(&self, i: usize) -> Option<char> {
        match self.t.toks.get(i)?.kind {
            Kind::Punct(c) => Some(c),
            _ => None,
        }
    }

    fn cap(&self, i: usize) -> bool {
        self.t.toks.get(i).is_some_and(|t| t.cap)
    }

    /// Word before `i` when it may still be reached (not part of the previous match).
    fn prev(&self, i: usize) -> &str {
        if i > self.floor { self.w(i - 1) } else { "" }
    }

    /// Start of the longest of `seqs` (words) that ends right before `i`, else `i`.
    fn back(&self, i: usize, seqs: &[&[&str]]) -> usize {
        let mut best = i;
        for seq in seqs {
            let k = seq.len();
            if i >= self.floor + k
                && i - k < best
                && seq.iter().enumerate().all(|(n, s)| self.is(i - k + n, s))
            {
                best = i - k;
            }
        }
        best
    }

    /// Tokens `a` and `b` touch, with exactly `gap` between them (`None`: nothing).
    fn joined(&self, a: usize, b: usize, gap: Option<u8>) -> bool {
        let (Some(x), Some(y)) = (self.t.toks.get(a), self.t.toks.get(b)) else {
            return false;
        };
        match gap {
            None => x.end == y.start,
            Some(g) => x.end + 1 == y.start && self.text.as_bytes().get(x.end) == Some(&g),
        }
    }

    fn year_at(&self, i: usize, min: u32) -> Option<i16> {
        match self.num(i) {
            Some((v, 4)) if (min..=2100).contains(&v) => i16::try_from(v).ok(),
            _ => None,
        }
    }

    fn day_value(&self, i: usize) -> Option<i8> {
        match self.t.toks.get(i)?.kind {
            Kind::Num { value, digits } if digits <= 2 && (1..=31).contains(&value) => {
                i8::try_from(value).ok()
            }
            Kind::Ord(1) => Some(1),
            Kind::Word if self.is(i, "premier") => Some(1),
            _ => None,
        }
    }

    /// Month at `i` (full name, or abbreviation when `abbrev`), and the index after it.
    fn month_at(&self, i: usize, abbrev: bool) -> Option<(i8, usize)> {
        let w = self.w(i);
        if let Some(m) = month(w) {
            return Some((m, i + 1));
        }
        if !abbrev {
            return None;
        }
        let m = month_abbrev(w)?;
        Some((
            m,
            if self.punct(i + 1) == Some('.') {
                i + 2
            } else {
                i + 1
            },
        ))
    }

    fn dir_at(&self, i: usize) -> Option<Dir> {
        let w = self.w(i);
        if is_last(w) {
            Some(Dir::Last)
        } else if is_next(w) {
            Some(Dir::Next)
        } else {
            None
        }
    }

    /// "31 janvier [2017 | dernier | prochain]" with the day at `i`.
    fn day_month(&self, i: usize) -> Option<(usize, Expr)> {
        let d = self.day_value(i)?;
        let (m, j) = self.month_at(i + 1, true)?;
        if let Some(y) = self.year_at(j, 1000) {
            jiff::civil::Date::new(y, m, d).ok()?;
            return Some((j + 1, Expr::Date { y, m, d }));
        }
        // Any year will do to check the day exists: 2000 has a 29 February.
        jiff::civil::Date::new(2000, m, d).ok()?;
        if let Some(dir) = self.dir_at(j) {
            return Some((j + 1, Expr::DayMonth { m, d, dir }));
        }
        Some((
            j,
            Expr::DayMonth {
                m,
                d,
                dir: Dir::Bare,
            },
        ))
    }

    /// Start of a day-date whose day is at `i`: "le", "mardi", "le mardi", "ce mardi".
    fn date_start(&self, i: usize) -> usize {
        if i > self.floor && weekday(self.w(i - 1)).is_some() {
            return self.back(i - 1, &[&["le"], &["ce"]]);
        }
        self.back(i, &[&["le"]])
    }

    /// "31/01/2017", "31.01.17", "2017-01-31".
    fn numeric_date(&self, i: usize) -> Option<(usize, Expr)> {
        let (a, da) = self.num(i)?;
        if da == 4 {
            let (m, 2) = self.num(i + 1)? else {
                return None;
            };
            let (d, 2) = self.num(i + 2)? else {
                return None;
            };
            if !(self.joined(i, i + 1, Some(b'-')) && self.joined(i + 1, i + 2, Some(b'-'))) {
                return None;
            }
            let (y, m, d) = (i16::try_from(a).ok()?, m as i8, d as i8);
            jiff::civil::Date::new(y, m, d).ok()?;
            return Some((i + 3, Expr::Date { y, m, d }));
        }
        let sep = self.punct(i + 1).filter(|c| *c == '/' || *c == '.')?;
        let (m, dm) = self.num(i + 2)?;
        let (y, dy) = self.num(i + 4)?;
        if da > 2 || dm > 2 || self.punct(i + 3) != Some(sep) {
            return None;
        }
        if !(i..i + 4).all(|k| self.joined(k, k + 1, None)) {
            return None;
        }
        let y = match dy {
            4 => y,
            2 if y < 70 => 2000 + y,
            2 => 1900 + y,
            _ => return None,
        };
        let (y, m, d) = (
            i16::try_from(y).ok()?,
            i8::try_from(m).ok()?,
            i8::try_from(a).ok()?,
        );
        jiff::civil::Date::new(y, m, d).ok()?;
        Some((i + 5, Expr::Date { y, m, d }))
    }

    /// A year alone after a temporal preposition: "en 2015", "depuis 2012".
    fn year_alone(&self, i: usize) -> Option<(usize, usize, Expr)> {
        let y = self.year_at(i, 1900)?;
        let prev = if i > 0 { self.w(i - 1) } else { "" };
        if !matches!(
            prev,
            "en" | "depuis" | "des" | "avant" | "apres" | "ici" | "vers" | "entre" | "courant"
        ) {
            return None;
        }
        let next_ok = match self.t.toks.get(i + 1) {
            None => true,
            Some(t) => match t.kind {
                Kind::Punct(_) => true,
                Kind::Word => t.cap || may_follow_year(self.w(i + 1)),
                _ => false,
            },
        };
        if !next_ok {
            return None;
        }
        Some((self.back(i, &[&["en"]]), i + 1, Expr::Year(YearRef::Abs(y))))
    }

    /// "premier tour [de la présidentielle [de 2012]]" with the ordinal at `i`.
    fn round_at(&self, i: usize) -> Option<(usize, usize, Expr)> {
        let n = match self.t.toks.get(i)?.kind {
            Kind::Ord(n @ 1..=2) => n as u8,
            Kind::Word => match self.w(i) {
                "premier" => 1,
                "second" | "seconde" | "deuxieme" => 2,
                _ => return None,
            },
            _ => return None,
        };
        if !self.is(i + 1, "tour") {
            return None;
        }
        if self.any(i + 2, &["de", "d"])
            && self.any(
                i + 3,
                &[
                    "table", "chauffe", "piste", "manege", "france", "honneur", "roue", "vis",
                    "parole", "force", "magie", "main", "taille", "bras", "cou", "passe",
                ],
            )
        {
            return None;
        }
        let (e, filter) = self.election_after(i + 2);
        let filter = filter?;
        let s = self.back(
            i,
            &[
                &["lors", "du"],
                &["des", "le"],
                &["au", "soir", "du"],
                &["au"],
                &["du"],
                &["le"],
                &["ce"],
            ],
        );
        Some((s, e, Expr::Round { n, filter }))
    }

    /// "entre les deux tours [de la présidentielle]" with "deux" at `i`.
    fn between_rounds(&self, i: usize) -> Option<(usize, usize, Expr)> {
        if !self.is(i + 1, "tours") {
            return None;
        }
        let s = self.back(i, &[&["entre", "les"]]);
        if s == i {
            return None;
        }
        let (e, filter) = self.election_after(i + 2);
        Some((s, e, Expr::BetweenRounds(filter?)))
    }

    /// The election named from `j` on ("de la présidentielle de 2012", "des législatives",
    /// "de la primaire de la droite"); returns the index after it and the filter.
    fn election_after(&self, j: usize) -> (usize, Option<ElectionFilter>) {
        let mut filter = ElectionFilter::default();
        let mut named_election = false;
        let mut k = j;
        while k < j + 5
            && self.any(
                k,
                &[
                    "de",
                    "des",
                    "du",
                    "d",
                    "la",
                    "l",
                    "election",
                    "elections",
                    "scrutin",
                ],
            )
        {
            named_election |= self.any(k, &["election", "elections"]);
            k += 1;
        }
        let kind = match self.w(k) {
            w if election_kind(w).is_some() => election_kind(w),
            "primaire" | "primaires" => None,
            _ => {
                // No election named; a year may still follow ("au premier tour de 2012").
                let y = if self.any(j, &["de", "en"]) { j + 1 } else { j };
                if let Some(year) = self.year_at(y, 1990) {
                    filter.year = Some(year);
                    return (y + 1, Some(filter));
                }
                // "de l'élection à la présidence des Républicains": an election the
                // table does not know ("de l'élection, le 23 avril" is generic).
                if named_election && !self.w(k).is_empty() {
                    return (j, None);
                }
                // The election may be named elsewhere in the sentence ("si la
                // présidentielle avait lieu aujourd'hui, il améliorerait son score au
                // premier tour"; "à trois semaines du premier tour, la campagne de la
                // primaire bat son plein").
                match self.kind_near(j) {
                    Some(Some(kind)) => filter.kind = Some(kind),
                    Some(None) => filter.any_primary = true,
                    None => {}
                }
                // "En 2012, à 17 heures, au second tour": a year just before.
                filter.year = self.year_before(j);
                return (j, Some(filter));
            }
        };
        let mut end = k + 1;
        match kind {
            Some(kind) => filter.kind = Some(kind),
            None => {
                filter.any_primary = true;
                let mut q = end;
                while q < end + 6 {
                    let w = self.w(q);
                    let side = match w {
                        "droite" | "republicains" | "lr" | "centre" => {
                            Some(ElectionKind::PrimaryRight)
                        }
                        "gauche" | "socialiste" | "ps" | "belle" | "bap" => {
                            Some(ElectionKind::PrimaryLeft)
                        }
                        "ecologiste" | "ecologistes" | "eelv" | "verts" => {
                            Some(ElectionKind::PrimaryGreen)
                        }
                        "de" | "la" | "du" | "des" | "et" | "l" | "alliance" | "populaire"
                        | "citoyenne" | "ouverte" => None,
                        _ => break,
                    };
                    q += 1;
                    if let Some(side) = side {
                        filter.kind.get_or_insert(side);
                        end = q;
                    } else if filter.kind.is_some()
                        && matches!(w, "alliance" | "populaire" | "citoyenne" | "ouverte")
                    {
                        end = q;
                    }
                }
            }
        }
        let y = if self.any(end, &["de", "en"]) {
            end + 1
        } else {
            end
        };
        if let Some(year) = self.year_at(y, 1990) {
            filter.year = Some(year);
            end = y + 1;
        }
        (end, Some(filter))
    }

    /// A year written in the 8 tokens before the round ending at `j`, same sentence.
    fn year_before(&self, j: usize) -> Option<i16> {
        let sent = self.t.toks.get(j.checked_sub(1)?)?.sent;
        (j.saturating_sub(10)..j.saturating_sub(2))
            .rev()
            .take_while(|&k| self.t.toks[k].sent == sent)
            .find_map(|k| self.year_at(k, 1990))
    }

    /// The election named nearest the round ending at `j` (16 tokens either way, same
    /// sentence): its kind, or `None` inside `Some` for "primaire".
    fn kind_near(&self, j: usize) -> Option<Option<ElectionKind>> {
        let sent = self.t.toks.get(j.checked_sub(1)?)?.sent;
        let named = |k: usize| -> Option<Option<ElectionKind>> {
            let tok = self.t.toks.get(k)?;
            if tok.sent != sent {
                return None;
            }
            let w = self.w(k);
            if matches!(w, "primaire" | "primaires") {
                return Some(None);
            }
            election_kind(w).map(Some)
        };
        (1..=16).find_map(|d| {
            j.checked_sub(d + 2)
                .and_then(named)
                .or_else(|| named(j + d - 1))
        })
    }

    /// A weekday at `i`.
    fn weekday_head(&self, i: usize, wd: Weekday) -> Option<(usize, usize, Expr)> {
        if self.any(i + 1, &["gras", "saint", "noir", "noire", "saints"]) {
            return None;
        }
        if let Some((e, x)) = self.day_month(i + 1) {
            return Some((self.date_start(i + 1), e, x));
        }
        let prev_raw = if i > 0 { self.raw(i - 1) } else { "" };
        // "le mardi" (habitual), "chaque mardi", "du dimanche" (le Journal du dimanche),
        // "des mardis"; "dès mardi" is kept.
        let prev = if i > 0 { self.w(i - 1) } else { "" };
        if matches!(prev, "le" | "du" | "les" | "chaque" | "tous" | "un" | "une")
            || (prev == "des" && prev_raw.eq_ignore_ascii_case("des"))
            // "du lundi au vendredi"
            || (prev == "au" && i >= 2 && weekday(self.w(i - 2)).is_some())
        {
            return None;
        }
        if let Some((d, digits)) = self.num(i + 1)
            && digits <= 2
            && (1..=31).contains(&d)
            && !self.any(i + 2, &["heures", "heure", "h"])
        {
            let s = self.back(i, &[&["ce"]]);
            return Some((s, i + 2, Expr::DayOnly { d: d as i8, wd }));
        }
        let (mut dir, e) = match self.dir_at(i + 1) {
            Some(dir) => (dir, i + 2),
            None => (Dir::Bare, i + 1),
        };
        let s = self.back(i, &[&["ce"]]);
        if s < i && dir == Dir::Bare {
            dir = Dir::This;
        }
        Some((s, e, Expr::Weekday { wd, dir }))
    }

    /// A month named without a day before it.
    fn month_head(&self, i: usize, m: i8) -> Option<(usize, usize, Expr)> {
        let s = self.back(
            i,
            &[
                &["au", "mois", "de"],
                &["au", "mois", "d"],
                &["le", "mois", "de"],
                &["le", "mois", "d"],
                &["ce", "mois", "de"],
                &["ce", "mois", "d"],
                &["en"],
            ],
        );
        if let Some(y) = self.year_at(i + 1, 1000) {
            return Some((s, i + 2, Expr::Month(MonthRef::Abs { y, m })));
        }
        if let Some(dir) = self.dir_at(i + 1) {
            return Some((s, i + 2, Expr::Month(MonthRef::Named { m, dir })));
        }
        // "en mars de la même année": another year than the anchor's, not known here.
        let elsewhere = self.is(i + 1, "de") && self.any(i + 2, &["la", "l"])
            || self.any(i + 1, &["suivant", "precedent"]);
        if s == i || self.cap(i) || elsewhere {
            return None;
        }
        let dir = if self.is(s, "ce") {
            Dir::This
        } else {
            Dir::Bare
        };
        Some((s, i + 1, Expr::Month(MonthRef::Named { m, dir })))
    }

    /// "mois" at `i`: "ce mois-ci", "le mois dernier", "au mois de mars".
    fn month_word(&self, i: usize) -> Option<(usize, usize, Expr)> {
        if self.any(i + 1, &["de", "d"])
            && let Some(m) = month(self.w(i + 2))
        {
            return self.month_head(i + 2, m);
        }
        let prev = self.prev(i);
        if prev == "ce" {
            let e = if self.is(i + 1, "ci") { i + 2 } else { i + 1 };
            return Some((i - 1, e, Expr::Month(MonthRef::Rel(0))));
        }
        if matches!(prev, "le" | "du" | "au")
            && let Some(dir) = self.dir_at(i + 1)
        {
            let off = if dir == Dir::Last { -1 } else { 1 };
            return Some((i - 1, i + 2, Expr::Month(MonthRef::Rel(off))));
        }
        None
    }

    /// "an" / "année" at `i`: "l'an dernier", "cette année", "l'année 2017".
    fn year_word(&self, i: usize) -> Option<(usize, usize, Expr)> {
        let prev = self.prev(i);
        if prev == "l" || (prev == "cette" && self.is(i, "annee")) {
            if let Some(y) = self.year_at(i + 1, 1000) {
                return Some((i - 1, i + 2, Expr::Year(YearRef::Abs(y))));
            }
            if prev == "cette" {
                return Some((i - 1, i + 1, Expr::Year(YearRef::Rel(0))));
            }
            if let Some(dir) = self.dir_at(i + 1) {
                let off = if dir == Dir::Last { -1 } else { 1 };
                return Some((i - 1, i + 2, Expr::Year(YearRef::Rel(off))));
            }
            if self.is(i + 1, "en") && self.is(i + 2, "cours") {
                return Some((i - 1, i + 3, Expr::Year(YearRef::Rel(0))));
            }
        }
        None
    }

    /// "semaine" at `i`: "cette semaine", "la semaine dernière|passée|prochaine".
    fn week_word(&self, i: usize) -> Option<(usize, usize, Expr)> {
        match self.prev(i) {
            "cette" => Some((
                i - 1,
                i + 1,
                Expr::Week {
                    offset: 0,
                    third: None,
                },
            )),
            "la" => {
                let dir = self.dir_at(i + 1)?;
                let offset = if dir == Dir::Last { -1 } else { 1 };
                Some((
                    i - 1,
                    i + 2,
                    Expr::Week {
                        offset,
                        third: None,
                    },
                ))
            }
            _ => None,
        }
    }

    /// "week-end" / "weekend" at `i`.
    fn weekend_word(&self, i: usize) -> Option<(usize, usize, Expr)> {
        let k = if self.is(i, "week") {
            if !self.is(i + 1, "end") {
                return None;
            }
            i + 2
        } else {
            i + 1
        };
        match self.prev(i) {
            "ce" => Some((i - 1, k, Expr::Weekend(Dir::This))),
            "le" => {
                let dir = self.dir_at(k)?;
                Some((i - 1, k + 1, Expr::Weekend(dir)))
            }
            _ => None,
        }
    }

    /// Offset words after "du mois", "de l'année", "de la semaine".
    fn offset_after(&self, k: usize) -> (i32, usize) {
        match self.dir_at(k) {
            Some(Dir::Last) => (-1, k + 1),
            Some(_) => (1, k + 1),
            None if self.is(k, "en") && self.is(k + 1, "cours") => (0, k + 2),
            None if self.is(k, "courant") => (0, k + 1),
            None => (0, k),
        }
    }

    /// "début" / "mi" / "milieu" / "fin" at `i`.
    fn third_head(&self, i: usize) -> Option<(usize, usize, Expr)> {
        let third = match self.w(i) {
            "debut" => Third::Start,
            "mi" | "milieu" => Third::Middle,
            "fin" => Third::End,
            _ => return None,
        };
        let s = self.back(
            i,
            &[
                &["a", "la"],
                &["au"],
                &["en"],
                &["des"],
                &["vers", "la"],
                &["la"],
                &["le"],
                &["d", "ici", "la"],
                &["d", "ici"],
            ],
        );
        let j = i + 1;
        // "fin mars", "mi-juillet", "début mars 2017", "fin mars dernier"
        if let Some((e, mref)) = self.month_ref(j) {
            return Some((s, e, Expr::MonthPart(third, mref)));
        }
        // "fin du mois de mars", "au début du mois d'août", "début de mars"
        if self.is(j, "du")
            && self.is(j + 1, "mois")
            && self.any(j + 2, &["de", "d"])
            && let Some((e, mref)) = self.month_ref(j + 3)
        {
            return Some((s, e, Expr::MonthPart(third, mref)));
        }
        if self.any(j, &["de", "d"])
            && let Some((e, mref)) = self.month_ref(j + 1)
        {
            return Some((s, e, Expr::MonthPart(third, mref)));
        }
        // "fin 2016", "mi-2016"
        if let Some(y) = self.year_at(j, 1000) {
            return Some((s, j + 1, Expr::YearPart(third, YearRef::Abs(y))));
        }
        if !self.any(j, &["de", "du", "d"]) {
            return None;
        }
        let mut k = j + 1;
        if self.any(k, &["l", "la"]) {
            k += 1;
        }
        match self.w(k) {
            "mois" => {
                let (off, e) = self.offset_after(k + 1);
                Some((s, e, Expr::MonthPart(third, MonthRef::Rel(off))))
            }
            "annee" | "an" => {
                if let Some(y) = self.year_at(k + 1, 1000) {
                    return Some((s, k + 2, Expr::YearPart(third, YearRef::Abs(y))));
                }
                let (off, e) = self.offset_after(k + 1);
                Some((s, e, Expr::YearPart(third, YearRef::Rel(off))))
            }
            "semaine" => {
                let (offset, e) = self.offset_after(k + 1);
                Some((
                    s,
                    e,
                    Expr::Week {
                        offset,
                        third: Some(third),
                    },
                ))
            }
            _ => None,
        }
    }

    /// A month with what qualifies it, from `j`: "mars", "mars 2017", "mars dernier".
    fn month_ref(&self, j: usize) -> Option<(usize, MonthRef)> {
        let m = month(self.w(j))?;
        if let Some(y) = self.year_at(j + 1, 1000) {
            return Some((j + 2, MonthRef::Abs { y, m }));
        }
        if let Some(dir) = self.dir_at(j + 1) {
            return Some((j + 2, MonthRef::Named { m, dir }));
        }
        Some((j + 1, MonthRef::Named { m, dir: Dir::Bare }))
    }

    /// Part-of-day word at `i` and the index after it.
    fn day_part_at(&self, i: usize) -> Option<(DayPart, usize)> {
        Some(match self.w(i) {
            "matin" | "matinee" => (DayPart::Morning, i + 1),
            "midi" => (DayPart::Noon, i + 1),
            "apres" if self.is(i + 1, "midi") => (DayPart::Afternoon, i + 2),
            "soir" | "soiree" => (DayPart::Evening, i + 1),
            "nuit" => (DayPart::Night, i + 1),
            "journee" => (DayPart::Daytime, i + 1),
            _ => return None,
        })
    }

    /// A part of day after a day expression ending at `e`: "soir", "au matin",
    /// ", en fin d'après-midi", "dans la soirée".
    fn trailing_part(&self, e: usize) -> Option<(DayPart, usize)> {
        if matches!(self.w(e), "matin" | "soir" | "midi" | "apres" | "nuit") {
            return self.day_part_at(e);
        }
        let j = if self.punct(e) == Some(',') { e + 1 } else { e };
        if self.is(j, "au") && self.any(j + 1, &["matin", "soir"]) {
            return self.day_part_at(j + 1);
        }
        if self.is(j, "dans") && self.any(j + 1, &["la", "l"]) {
            return self.day_part_at(j + 2);
        }
        if self.is(j, "en") {
            if self.any(j + 1, &["matinee", "soiree", "journee"]) {
                return self.day_part_at(j + 1);
            }
            if self.any(j + 1, &["debut", "fin", "milieu"]) && self.any(j + 2, &["de", "d"]) {
                return self.day_part_at(j + 3);
            }
        }
        None
    }

    /// A part-of-day word at `i` heading its own expression: "ce soir", "cette nuit",
    /// "dans la nuit de mardi à mercredi", "dans la soirée de jeudi", "dans l'après-midi".
    fn part_head(&self, i: usize) -> Option<(usize, usize, Expr, Option<DayPart>)> {
        let (part, k) = self.day_part_at(i)?;
        let prev = self.prev(i);
        if matches!(prev, "ce" | "cet" | "cette") {
            if self.any(i, &["matinee", "soiree", "journee"]) && self.any(k, &["de", "du", "d"]) {
                return None;
            }
            return Some((i - 1, k, Expr::RelDay(0), Some(part)));
        }
        // "en fin d'après-midi": the part follows a third word.
        let s = self.back(
            i,
            &[
                &["dans", "la"],
                &["dans", "l"],
                &["en", "debut", "de"],
                &["en", "debut", "d"],
                &["en", "fin", "de"],
                &["en", "fin", "d"],
                &["en", "milieu", "de"],
                &["en", "milieu", "d"],
                &["la"],
                &["l"],
                &["en"],
            ],
        );
        if s == i {
            return None;
        }
        if self.any(k, &["de", "du"]) {
            // "la nuit de mardi à mercredi", "la nuit du 12 au 13 mars"
            if part == DayPart::Night {
                if let Some(wd) = weekday(self.w(k + 1)) {
                    let e = if self.any(k + 2, &["a", "au"]) && weekday(self.w(k + 3)).is_some() {
                        k + 4
                    } else {
                        k + 2
                    };
                    return Some((s, e, Expr::NightWd(wd), Some(part)));
                }
                if self.day_value(k + 1).is_some()
                    && self.is(k + 2, "au")
                    && let Some((e, x)) = self.day_month(k + 3)
                {
                    return Some((s, e, Expr::NightBefore(Box::new(x)), Some(part)));
                }
            }
            // "dans la soirée de jeudi", "dans l'après-midi du 12 mars", "dans la soirée
            // du lundi 6 février"
            if weekday(self.w(k + 1)).is_some()
                && let Some((e, x)) = self.day_month(k + 2)
            {
                return Some((s, e, x, Some(part)));
            }
            if let Some(wd) = weekday(self.w(k + 1)) {
                return Some((s, k + 2, Expr::Weekday { wd, dir: Dir::Bare }, Some(part)));
            }
            if let Some((e, x)) = self.day_month(k + 1) {
                return Some((s, e, x, Some(part)));
            }
        }
        // A bare "la nuit" or "l'après-midi" is too vague to date.
        if matches!(self.w(s), "la" | "l") && s + 1 == i {
            return None;
        }
        if self.is(s, "en") && s + 1 == i && !self.any(i, &["matinee", "soiree", "journee"]) {
            return None;
        }
        Some((s, k, Expr::Part, Some(part)))
    }

    /// A quantity ("trois", "vingt et un", "15") at `j`, and the index after it.
    fn quantity(&self, j: usize) -> Option<(u32, usize)> {
        if let Some((v, digits)) = self.num(j) {
            return (digits <= 4).then_some((v, j + 1));
        }
        let w = self.w(j);
        let after_tens = |base: u32, k: usize| -> (u32, usize) {
            if self.is(k, "et") {
                match self.w(k + 1) {
                    "un" | "une" => return (base + 1, k + 2),
                    "onze" if base == 60 || base == 80 => return (base + 11, k + 2),
                    _ => {}
                }
            }
            if base == 60 || base == 80 {
                if self.is(k, "dix")
                    && let Some(u) = unit_word(self.w(k + 1)).filter(|u| *u >= 7)
                {
                    return (base + 10 + u, k + 2);
                }
                if let Some(t) = teen_word(self.w(k)) {
                    return (base + t, k + 1);
                }
            }
            match unit_word(self.w(k)) {
                Some(u) if u >= 2 || base == 80 => (base + u, k + 1),
                _ => (base, k),
            }
        };
        if let Some(t) = tens_word(w) {
            return Some(after_tens(t, j + 1));
        }
        if w == "quatre" && self.any(j + 1, &["vingt", "vingts"]) {
            return Some(after_tens(80, j + 2));
        }
        if w == "dix"
            && let Some(u) = unit_word(self.w(j + 1)).filter(|u| *u >= 7)
        {
            return Some((10 + u, j + 2));
        }
        if let Some(t) = teen_word(w) {
            return Some((t, j + 1));
        }
        if w == "cent" {
            return Some((100, j + 1));
        }
        unit_word(w).map(|u| (u, j + 1))
    }

    /// "[près de] trois jours" from `j`, signed.
    fn shift_after(&self, j: usize, sign: i64) -> Option<(usize, Expr)> {
        let mut k = j;
        while k < j + 3 && is_filler(self.w(k)) && self.quantity(k).is_none() {
            k += 1;
        }
        let (n, k) = self.quantity(k)?;
        let unit = duration_unit(self.w(k))?;
        // "il y a deux mois et demi"
        let half = self.is(k + 1, "et") && self.any(k + 2, &["demi", "demie"]);
        Some((
            if half { k + 3 } else { k + 1 },
            Expr::Shift {
                n: sign * i64::from(n),
                unit,
                half,
            },
        ))
    }

    /// A season word at `i`: "cet été", "l'été dernier", "au printemps 2017".
    fn season_head(&self, i: usize) -> Option<(usize, usize, Expr)> {
        let season = match self.w(i) {
            "printemps" => Season::Spring,
            "ete" => Season::Summer,
            "automne" => Season::Autumn,
            "hiver" => Season::Winter,
            _ => return None,
        };
        if self.cap(i) {
            return None;
        }
        let s = self.back(
            i,
            &[
                &["a", "l"],
                &["de", "l"],
                &["au"],
                &["en"],
                &["cet"],
                &["ce"],
                &["l"],
            ],
        );
        if s == i {
            return None;
        }
        let (which, e) = if let Some(y) = self.year_at(i + 1, 1000) {
            (SeasonRef::Abs(y), i + 2)
        } else if let Some(dir) = self.dir_at(i + 1) {
            (SeasonRef::Dir(dir), i + 2)
        } else if self.any(s, &["cet", "ce"]) {
            (SeasonRef::Dir(Dir::This), i + 1)
        } else if self.is(s, "de") {
            // "de l'été" alone qualifies a noun ("les vacances de l'été"): too vague.
            return None;
        } else {
            (SeasonRef::Dir(Dir::Bare), i + 1)
        };
        Some((s, e, Expr::Season(season, which)))
    }

    /// The expression whose head is token `i`, as (start, end, expression, part of day).
    fn head(&self, i: usize) -> Option<(usize, usize, Expr, Option<DayPart>)> {
        let plain = |r: Option<(usize, usize, Expr)>| r.map(|(s, e, x)| (s, e, x, None));
        match self.t.toks.get(i)?.kind {
            Kind::Punct(_) => None,
            Kind::Num { .. } => {
                if let Some((e, x)) = self.numeric_date(i) {
                    return Some((self.date_start(i), e, x, None));
                }
                if let Some((e, x)) = self.day_month(i) {
                    return Some((self.date_start(i), e, x, None));
                }
                plain(self.year_alone(i))
            }
            Kind::Ord(_) => {
                if let Some((e, x)) = self.day_month(i) {
                    return Some((self.date_start(i), e, x, None));
                }
                plain(self.round_at(i))
            }
            Kind::Word => {
                let w = self.w(i);
                match w {
                    "premier" => {
                        if let Some((e, x)) = self.day_month(i) {
                            return Some((self.date_start(i), e, x, None));
                        }
                        plain(self.round_at(i))
                    }
                    "second" | "seconde" | "deuxieme" => plain(self.round_at(i)),
                    "deux" => plain(self.between_rounds(i)),
                    "aujourd" if self.is(i + 1, "hui") => Some((i, i + 2, Expr::RelDay(0), None)),
                    // "ne date pas d'hier", "les adversaires d'hier et de demain"
                    "hier"
                        if self.prev(i) == "d"
                            && (i >= 2 && self.is(i - 2, "pas")
                                || self.any(i + 1, &["et", "ou"])) =>
                    {
                        None
                    }
                    // "Si demain, on me met…": a hypothetical, not a day.
                    "demain" if self.prev(i) == "si" => None,
                    "demain"
                        if self.prev(i) == "de"
                            && (i.saturating_sub(5)..i).any(|k| self.is(k, "hier")) =>
                    {
                        None
                    }
                    "hier" => {
                        let s = self.back(i, &[&["avant"]]);
                        Some((s, i + 1, Expr::RelDay(if s < i { -2 } else { -1 }), None))
                    }
                    "demain" => {
                        let s = self.back(i, &[&["apres"]]);
                        Some((s, i + 1, Expr::RelDay(if s < i { 2 } else { 1 }), None))
                    }
                    "semaine" => plain(self.week_word(i)),
                    "week" | "weekend" => plain(self.weekend_word(i)),
                    "mois" => plain(self.month_word(i)),
                    "an" | "annee" => plain(self.year_word(i)),
                    "debut" | "fin" | "mi" | "milieu" => {
                        if let Some(r) = self.third_head(i) {
                            return Some((r.0, r.1, r.2, None));
                        }
                        None
                    }
                    "matin" | "matinee" | "midi" | "apres" | "soir" | "soiree" | "nuit"
                    | "journee" => self.part_head(i),
                    "il" if self.is(i + 1, "y") && self.is(i + 2, "a") => {
                        self.shift_after(i + 3, -1).map(|(e, x)| (i, e, x, None))
                    }
                    "voici" | "voila" => self.shift_after(i + 1, -1).map(|(e, x)| (i, e, x, None)),
                    "dans" => self.shift_after(i + 1, 1).map(|(e, x)| (i, e, x, None)),
                    "ici" if self.prev(i) == "d" => {
                        if let Some(y) = self.year_at(i + 1, 1900) {
                            return Some((i - 1, i + 2, Expr::Year(YearRef::Abs(y)), None));
                        }
                        self.shift_after(i + 1, 1).map(|(e, x)| (i - 1, e, x, None))
                    }
                    "printemps" | "ete" | "automne" | "hiver" => plain(self.season_head(i)),
                    _ => {
                        if let Some(wd) = weekday(w) {
                            // "vendredi matin 6 octobre"
                            if let Some((part, k)) = self.day_part_at(i + 1)
                                && let Some((e, x)) = self.day_month(k)
                            {
                                return Some((self.back(i, &[&["le"], &["ce"]]), e, x, Some(part)));
                            }
                            plain(self.weekday_head(i, wd))
                        } else if let Some(m) = month(w) {
                            plain(self.month_head(i, m))
                        } else {
                            None
                        }
                    }
                }
            }
        }
    }

    /// Words just before an election round that say which side of the anchor it is
    /// whatever the tense of the narration: "à dix jours du second tour", "à J-4 du",
    /// "à l'approche du", "à la veille du" (coming); "au lendemain du", "depuis le" (past).
    fn round_cue(&self, s: usize) -> Option<Tense> {
        let sent = self.t.toks.get(s)?.sent;
        for k in (s.saturating_sub(6)..s).rev() {
            if self.t.toks[k].sent != sent {
                break;
            }
            match self.w(k) {
                "approche" | "veille" => return Some(Tense::Future),
                // "J-4", not "J'ai"
                "j" if self.joined(k, k + 1, Some(b'-')) && self.num(k + 1).is_some() => {
                    return Some(Tense::Future);
                }
                "lendemain" | "depuis" => return Some(Tense::Past),
                "jours" | "semaines" | "mois" | "heures"
                    if (k.saturating_sub(3)..k)
                        .any(|j| self.raw(j) == "à" || self.raw(j) == "À") =>
                {
                    return Some(Tense::Future);
                }
                _ => {}
            }
        }
        None
    }

    /// "jusqu'à mercredi", "jusqu'au 15 mars", "à partir de jeudi", "d'ici lundi": a
    /// limit or start ahead of the anchor.
    fn deadline_before(&self, s: usize) -> bool {
        let w = |k: usize| {
            if (1..=3).contains(&k) && k <= s {
                self.w(s - k)
            } else {
                ""
            }
        };
        (w(1) == "a" || w(1) == "au") && w(2) == "jusqu"
            || w(1) == "de" && w(2) == "partir" && self.raw(s.saturating_sub(3)) == "à"
            || w(1) == "ici" && w(2) == "d"
    }

    /// Tense of the clause around tokens `[s, e)`: the nearest cue within the sentence, at
    /// most `TENSE_WINDOW` words before and after.
    fn tense(&self, s: usize, e: usize) -> Tense {
        let Some(sent) = self.t.toks.get(s).map(|t| t.sent) else {
            return Tense::Unknown;
        };
        let cue = |k: usize| -> Option<Tense> {
            let tok = self.t.toks.get(k)?;
            if tok.kind != Kind::Word {
                return None;
            }
            let w = self.w(k);
            // "se serait lavé", "seraient arrivés": the past conditional of reported facts.
            let participle = |n: &str| {
                n.len() > 3
                    && [
                        "e", "es", "ee", "ees", "u", "us", "ue", "ues", "i", "is", "ie", "ies",
                        "t", "ts",
                    ]
                    .iter()
                    .any(|s| n.ends_with(s))
            };
            // Only reflexive: "il serait battu" is a passive conditional, still ahead.
            if matches!(w, "serait" | "seraient")
                && k > 0
                && self.any(k - 1, &["se", "s"])
                && participle(self.w(k + 1))
            {
                Some(Tense::Past)
            } else if is_future_word(w) {
                Some(Tense::Future)
            } else if matches!(w, "est" | "sont" | "avoir") && participle(self.w(k + 1)) {
                // "s'est rendu", "est arrivée": passé composé with être; "après avoir
                // promis".
                Some(Tense::Past)
            } else if is_imperfect(w) || is_past_word(w, self.raw(k)) {
                Some(Tense::Past)
            } else {
                None
            }
        };
        // Words of the sentence on each side, nearest first; punctuation does not count.
        let in_sentence = |k: &usize| self.t.toks[*k].sent == sent;
        let is_word = |k: &usize| self.t.toks[*k].kind == Kind::Word;
        let mut before = (0..s)
            .rev()
            .take(3 * TENSE_WINDOW)
            .take_while(in_sentence)
            .filter(is_word)
            .take(TENSE_WINDOW);
        let mut after = (e..self.t.toks.len())
            .take(3 * TENSE_WINDOW)
            .take_while(in_sentence)
            .filter(is_word)
            .take(TENSE_WINDOW);
        loop {
            let (b, a) = (before.next(), after.next());
            if b.is_none() && a.is_none() {
                break;
            }
            if let Some(t) = b.and_then(cue).or_else(|| a.and_then(cue)) {
                return t;
            }
        }
        Tense::Unknown
    }
}

/// Every date expression of the text, in order, without overlaps.
pub(crate) fn recognise(text: &str, t: &Tokens) -> Vec<Raw> {
    let mut out = Vec::new();
    let mut m = M { text, t, floor: 0 };
    let mut i = 0;
    while i < t.toks.len() {
        let Some((s, mut e, expr, mut part)) = m.head(i) else {
            i += 1;
            continue;
        };
        // "ce soir-là", "ce mardi-là": a day of the story, not of the anchor.
        if m.is(s, "ce") && e > 0 && m.joined(e - 1, e, Some(b'-')) && m.raw(e) == "là" {
            i = e;
            continue;
        }
        if part.is_none()
            && expr.is_day()
            && let Some((p, after)) = m.trailing_part(e)
        {
            part = Some(p);
            e = after;
        }
        let tense = if !expr.uses_tense() {
            Tense::Unknown
        } else if s > 0 && m.is(s - 1, "depuis") {
            // "depuis le 15 mai", "depuis mars": a start, so in the past.
            Tense::Past
        } else if m.deadline_before(s) {
            Tense::Future
        } else if let (Expr::Round { .. } | Expr::BetweenRounds(_), Some(t)) =
            (&expr, m.round_cue(s))
        {
            t
        } else {
            m.tense(s, e)
        };
        out.push(Raw {
            s,
            e,
            expr,
            part,
            tense,
        });
        m.floor = e;
        i = e.max(i + 1);
    }
    out
}
