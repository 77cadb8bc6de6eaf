//! French elections 2001–2024 with the dates of their rounds, so that "lors du premier
//! tour" or "au second tour de la présidentielle" can be dated.
//!
//! Dates are those of the vote in metropolitan France (overseas territories vote a day
//! earlier for presidential and legislative elections). The open primaries of the main
//! parties are included because the press of those years dates events by their rounds
//! (for the online ecologist primaries, the day results were announced). Sources: the
//! Ministère de l'Intérieur results pages and the parties' announcements, checked by hand.

use jiff::civil::{Date, date};

/// Which election a round belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ElectionKind {
    /// Élection présidentielle.
    Presidential,
    /// Élections législatives.
    Legislative,
    /// Élections européennes (one round).
    European,
    /// Élections municipales.
    Municipal,
    /// Élections régionales.
    Regional,
    /// Élections cantonales, then départementales (from 2015).
    Departmental,
    /// Open primary of the right and centre (2016).
    PrimaryRight,
    /// Open primary of the Socialist Party and its allies (2011, 2017).
    PrimaryLeft,
    /// Open primary of the ecologists (2016, 2021).
    PrimaryGreen,
}

impl ElectionKind {
    /// True for the open primaries.
    pub fn is_primary(self) -> bool {
        matches!(
            self,
            ElectionKind::PrimaryRight | ElectionKind::PrimaryLeft | ElectionKind::PrimaryGreen
        )
    }
}

/// One election: its kind, the year it is named after and the dates of its rounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Election {
    /// Kind of election.
    pub kind: ElectionKind,
    /// The year the election is known by.
    pub year: i16,
    /// Day of the first (or only) round.
    pub first: Date,
    /// Day of the second round, when there was one.
    pub second: Option<Date>,
}

/// An election with two rounds in `year` (a bad date fails the build).
const fn two(kind: ElectionKind, year: i16, first: (i8, i8), second: (i8, i8)) -> Election {
    Election {
        kind,
        year,
        first: date(year, first.0, first.1),
        second: Some(date(year, second.0, second.1)),
    }
}

/// An election with one round.
const fn one(kind: ElectionKind, year: i16, first: (i8, i8)) -> Election {
    Election {
        kind,
        year,
        first: date(year, first.0, first.1),
        second: None,
    }
}

use ElectionKind::*;

/// The table, in chronological order of first rounds within each kind.
pub static ELECTIONS: &[Election] = &[
    two(Presidential, 2002, (4, 21), (5, 5)),
    two(Presidential, 2007, (4, 22), (5, 6)),
    two(Presidential, 2012, (4, 22), (5, 6)),
    two(Presidential, 2017, (4, 23), (5, 7)),
    two(Presidential, 2022, (4, 10), (4, 24)),
    two(Legislative, 2002, (6, 9), (6, 16)),
    two(Legislative, 2007, (6, 10), (6, 17)),
    two(Legislative, 2012, (6, 10), (6, 17)),
    two(Legislative, 2017, (6, 11), (6, 18)),
    two(Legislative, 2022, (6, 12), (6, 19)),
    two(Legislative, 2024, (6, 30), (7, 7)),
    one(European, 2004, (6, 13)),
    one(European, 2009, (6, 7)),
    one(European, 2014, (5, 25)),
    one(European, 2019, (5, 26)),
    one(European, 2024, (6, 9)),
    two(Municipal, 2001, (3, 11), (3, 18)),
    two(Municipal, 2008, (3, 9), (3, 16)),
    two(Municipal, 2014, (3, 23), (3, 30)),
    two(Municipal, 2020, (3, 15), (6, 28)),
    two(Regional, 2004, (3, 21), (3, 28)),
    two(Regional, 2010, (3, 14), (3, 21)),
    two(Regional, 2015, (12, 6), (12, 13)),
    two(Regional, 2021, (6, 20), (6, 27)),
    two(Departmental, 2004, (3, 21), (3, 28)),
    two(Departmental, 2008, (3, 9), (3, 16)),
    two(Departmental, 2011, (3, 20), (3, 27)),
    two(Departmental, 2015, (3, 22), (3, 29)),
    two(Departmental, 2021, (6, 20), (6, 27)),
    two(PrimaryLeft, 2011, (10, 9), (10, 16)),
    two(PrimaryRight, 2016, (11, 20), (11, 27)),
    two(PrimaryGreen, 2016, (10, 19), (11, 7)),
    two(PrimaryLeft, 2017, (1, 22), (1, 29)),
    two(PrimaryGreen, 2021, (9, 19), (9, 28)),
];

/// What the text says about the election a round belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct ElectionFilter {
    /// Kind named ("de la présidentielle"); `None` for any.
    pub kind: Option<ElectionKind>,
    /// Any primary ("de la primaire" without saying whose).
    pub any_primary: bool,
    /// Year named ("de 2012").
    pub year: Option<i16>,
    /// Leave the primaries out (a round named without its election, away from any
    /// primary's own days, is a national election's).
    pub skip_primaries: bool,
}

impl ElectionFilter {
    fn accepts(&self, e: &Election) -> bool {
        let kind_ok = match (self.kind, self.any_primary) {
            (Some(k), _) => e.kind == k,
            (None, true) => e.kind.is_primary(),
            (None, false) => !(self.skip_primaries && e.kind.is_primary()),
        };
        kind_ok && self.year.is_none_or(|y| y == e.year)
    }
}

/// Which side of the anchor a round must lie on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// On or before the anchor (past tense).
    Before,
    /// On or after the anchor (future tense).
    After,
    /// Either.
    Any,
}

/// The election whose round `round` (1 or 2) the filter names, nearest `anchor` on the
/// wanted side (any side when none fits); without an anchor, only a filter that names one
/// election, or several voting the same day, resolves.
pub(crate) fn pick_election(
    round: u8,
    filter: ElectionFilter,
    anchor: Option<Date>,
    side: Side,
) -> Option<&'static Election> {
    let day = |e: &Election| if round == 1 { Some(e.first) } else { e.second };
    // "premier tour" implies two rounds, unless the text names a one-round election.
    let one_round_ok = filter.kind == Some(ElectionKind::European);
    let fitting: Vec<(&'static Election, Date)> = ELECTIONS
        .iter()
        .filter(|e| filter.accepts(e))
        .filter(|e| one_round_ok || e.second.is_some())
        .filter_map(|e| day(e).map(|d| (e, d)))
        .collect();
    let Some(anchor) = anchor else {
        let (first, day) = *fitting.first()?;
        // Two elections fit (say, regional and departmental of 2004): the text is not
        // precise enough unless they voted the same day.
        return fitting.iter().all(|(_, d)| *d == day).then_some(first);
    };
    let dist = |(_, d): &&(&Election, Date)| crate::resolve::days_between(anchor, *d).abs();
    let fits = |(_, d): &&(&Election, Date)| match side {
        Side::Before => *d <= anchor,
        Side::After => *d >= anchor,
        Side::Any => true,
    };
    let nearest = fitting.iter().min_by_key(dist);
    match fitting.iter().filter(fits).min_by_key(dist) {
        // A past tense points more than six weeks back while a nearer round of the kind
        // is coming within the year: the cue is more likely wrong (it belongs to another
        // clause, or to reported speech). A future cue is kept: after a round, the press
        // talks of the next election in the conditional.
        Some(on_side)
            if side == Side::Before
                && dist(&on_side) > 45
                && nearest.is_some_and(|n| dist(&n) <= 365 && dist(&n) < dist(&on_side)) =>
        {
            nearest
        }
        Some(on_side) => Some(on_side),
        None => nearest,
    }
    .map(|(e, _)| *e)
}

/// The election of the filter whose two rounds frame `anchor` ("entre les deux tours").
pub(crate) fn between_rounds_of(filter: ElectionFilter, anchor: Date) -> Option<&'static Election> {
    ELECTIONS
        .iter()
        .filter(|e| filter.accepts(e))
        .find(|e| e.first <= anchor && e.second.is_some_and(|s| anchor <= s))
}

/// The day of round `round` of the election [`pick_election`] finds.
pub(crate) fn round_date(
    round: u8,
    filter: ElectionFilter,
    anchor: Option<Date>,
    side: Side,
) -> Option<Date> {
    let e = pick_election(round, filter, anchor, side)?;
    if round == 1 { Some(e.first) } else { e.second }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_are_ordered_and_on_sundays() {
        for e in ELECTIONS {
            if let Some(s) = e.second {
                assert!(s > e.first, "{e:?}");
            }
            if !e.kind.is_primary() {
                assert_eq!(e.first.weekday(), jiff::civil::Weekday::Sunday, "{e:?}");
                if let Some(s) = e.second {
                    assert_eq!(s.weekday(), jiff::civil::Weekday::Sunday, "{e:?}");
                }
            }
        }
    }

    #[test]
    fn nearest_round_on_the_tense_side() {
        let any = ElectionFilter::default();
        let jan30 = date(2017, 1, 30);
        // Just after the left-wing primary, a past first round is the primary's…
        assert_eq!(
            round_date(1, any, Some(jan30), Side::Before),
            Some(date(2017, 1, 22))
        );
        // …and a coming second round the presidential one.
        assert_eq!(
            round_date(2, any, Some(jan30), Side::After),
            Some(date(2017, 5, 7))
        );
        let pres = ElectionFilter {
            kind: Some(Presidential),
            ..Default::default()
        };
        // A past tense pointing five years back while the coming round is three months
        // away is taken as a wrong cue…
        assert_eq!(
            round_date(1, pres, Some(jan30), Side::Before),
            Some(date(2017, 4, 23))
        );
        // …but followed when no round of the kind lies within the year.
        assert_eq!(
            round_date(1, pres, Some(date(2016, 1, 10)), Side::Before),
            Some(date(2012, 4, 22))
        );
        let pres2012 = ElectionFilter {
            year: Some(2012),
            ..pres
        };
        assert_eq!(
            round_date(2, pres2012, None, Side::Any),
            Some(date(2012, 5, 6))
        );
        // Two elections voted in 2004 on the same days: still one answer.
        let y2004 = ElectionFilter {
            year: Some(2004),
            ..Default::default()
        };
        assert_eq!(
            round_date(2, y2004, None, Side::Any),
            Some(date(2004, 3, 28))
        );
        // European elections have no second round.
        let eu = ElectionFilter {
            kind: Some(European),
            ..Default::default()
        };
        assert_eq!(round_date(2, eu, Some(jan30), Side::Any), None);
    }
}
