//! Turns a recognised expression into a day or a period, given the anchor (the
//! publication date in Europe/Paris) and the tense of its clause.
//!
//! Conventions (French press usage):
//! - a bare weekday in a past-tense clause (passé composé, imperfect, pluperfect, past
//!   conditional) is the most recent such day on or before the anchor (within the last
//!   seven days); in a future or conditional clause, or after "jusqu'à", "à partir de",
//!   "d'ici", the next one on or after it; with no tense cue (agency copy's present of
//!   coming events: "Les Républicains convoquent lundi…"), the nearest one; "ce mardi" the
//!   same way;
//!   "mardi dernier" is strictly before the anchor, "mardi prochain" strictly after;
//! - a day and month without year ("le 31 janvier") is the nearest such day; with
//!   "dernier"/"prochain", the last one before or the next one after the anchor;
//! - "en mars" is the nearest March (the tense breaks the tie six months away);
//! - thirds of a month are days 1–10, 11–20 and 21–end; of a year, January–March, June–July
//!   and October–December; of a week, Monday–Wednesday, Tuesday–Thursday and Thursday–Sunday;
//! - seasons are astronomical (spring 20 March–20 June, summer 21 June–22 September,
//!   autumn 23 September–20 December, winter 21 December–19 March); "l'hiver 2016" is the
//!   winter that starts in December 2016;
//! - "il y a huit jours" is a week and "quinze jours" two weeks, as French uses them;
//! - an election round is that of the election nearest the anchor on the side the tense
//!   says (see [`crate::elections`]).

use dixit_model::DatePrecision as P;
use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

use crate::DateValue;
use crate::elections::{ElectionFilter, Side, between_rounds_of, pick_election, round_date};
use crate::recognise::{Dir, Expr, MonthRef, Season, SeasonRef, Tense, Third, Unit, YearRef};

/// Distance from the anchor beyond which a bare day-month follows the tense rather than
/// the nearest occurrence.
const FAR_DAYS: i64 = 120;
/// How close to the anchor, in days, a round is the one the press is talking about.
const CURRENT_ROUND_DAYS: i64 = 14;

/// Whether two distances from the anchor are both far and about equal.
fn balanced(x: i64, y: i64) -> bool {
    x >= FAR_DAYS && y >= FAR_DAYS && 10 * x.min(y) >= 7 * x.max(y)
}

/// The same for a bare month name.
const FAR_MONTHS: i64 = 4;

/// `b - a` in days.
pub(crate) fn days_between(a: Date, b: Date) -> i64 {
    b.duration_since(a).as_hours() / 24
}

pub(crate) fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(n.days()).ok()
}

/// The latest `wd` on or before `a`.
fn wd_before(a: Date, wd: Weekday) -> Option<Date> {
    let off = (a.weekday().to_monday_zero_offset() - wd.to_monday_zero_offset()).rem_euclid(7);
    add_days(a, -i64::from(off))
}

/// The earliest `wd` on or after `a`.
fn wd_after(a: Date, wd: Weekday) -> Option<Date> {
    let off = (wd.to_monday_zero_offset() - a.weekday().to_monday_zero_offset()).rem_euclid(7);
    add_days(a, i64::from(off))
}

fn nearest(a: Date, x: Date, y: Date) -> Date {
    if days_between(a, x).abs() <= days_between(a, y).abs() {
        x
    } else {
        y
    }
}

/// What an expression resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Resolved {
    pub value: DateValue,
    pub precision: P,
    pub relative: bool,
}

fn day(d: Date, precision: P, relative: bool) -> Resolved {
    Resolved {
        value: DateValue::Day(d),
        precision,
        relative,
    }
}

fn period((from, to): (Date, Date), precision: P, relative: bool) -> Resolved {
    Resolved {
        value: DateValue::Period { from, to },
        precision,
        relative,
    }
}

fn month_span(y: i16, m: i8) -> Option<(Date, Date)> {
    let first = Date::new(y, m, 1).ok()?;
    Some((first, first.last_of_month()))
}

fn month_third(y: i16, m: i8, third: Third) -> Option<(Date, Date)> {
    let (first, last) = month_span(y, m)?;
    Some(match third {
        Third::Start => (first, add_days(first, 9)?),
        Third::Middle => (add_days(first, 10)?, add_days(first, 19)?),
        Third::End => (add_days(first, 20)?, last),
    })
}

fn year_span(y: i16) -> Option<(Date, Date)> {
    Some((Date::new(y, 1, 1).ok()?, Date::new(y, 12, 31).ok()?))
}

fn year_third(y: i16, third: Third) -> Option<(Date, Date)> {
    let (from, to) = match third {
        Third::Start => ((1, 1), (3, 31)),
        Third::Middle => ((6, 1), (7, 31)),
        Third::End => ((10, 1), (12, 31)),
    };
    Some((
        Date::new(y, from.0, from.1).ok()?,
        Date::new(y, to.0, to.1).ok()?,
    ))
}

/// Monday and Sunday of the week of `d`.
fn week_of(d: Date) -> Option<(Date, Date)> {
    let monday = wd_before(d, Weekday::Monday)?;
    Some((monday, add_days(monday, 6)?))
}

fn month_index(y: i16, m: i8) -> i64 {
    i64::from(y) * 12 + i64::from(m) - 1
}

fn from_month_index(i: i64) -> Option<(i16, i8)> {
    let y = i16::try_from(i.div_euclid(12)).ok()?;
    let m = i8::try_from(i.rem_euclid(12) + 1).ok()?;
    Some((y, m))
}

/// Year and month meant, and whether the anchor was needed.
fn month_of(mref: MonthRef, anchor: Option<Date>, tense: Tense) -> Option<(i16, i8, bool)> {
    match mref {
        MonthRef::Abs { y, m } => Some((y, m, false)),
        MonthRef::Rel(k) => {
            let a = anchor?;
            let (y, m) = from_month_index(month_index(a.year(), a.month()) + i64::from(k))?;
            Some((y, m, true))
        }
        MonthRef::Named { m, dir } => {
            let a = anchor?;
            let ai = month_index(a.year(), a.month());
            let same_year = month_index(a.year(), m);
            let idx = match dir {
                Dir::This => same_year,
                Dir::Last if same_year < ai => same_year,
                Dir::Last => same_year - 12,
                Dir::Next if same_year > ai => same_year,
                Dir::Next => same_year + 12,
                Dir::Bare => {
                    let d = same_year - ai;
                    let other = if d > 0 {
                        same_year - 12
                    } else {
                        same_year + 12
                    };
                    let od = other - ai;
                    let (near, far) = if d.abs() <= od.abs() {
                        (same_year, other)
                    } else {
                        (other, same_year)
                    };
                    // Both four months away or more: the tense knows better.
                    if d == 0 || (near - ai).abs() < FAR_MONTHS || tense == Tense::Unknown {
                        if (near - ai).abs() == (far - ai).abs() {
                            near.min(far)
                        } else {
                            near
                        }
                    } else if tense == Tense::Future {
                        near.max(far)
                    } else {
                        near.min(far)
                    }
                }
            };
            let (y, m) = from_month_index(idx)?;
            Some((y, m, true))
        }
    }
}

fn year_of(yref: YearRef, anchor: Option<Date>) -> Option<(i16, bool)> {
    match yref {
        YearRef::Abs(y) => Some((y, false)),
        YearRef::Rel(k) => Some((anchor?.year().checked_add(i16::try_from(k).ok()?)?, true)),
    }
}

/// Days with this day and month, from `a`'s year going `step` years at a time.
fn day_month_candidates(a: Date, m: i8, d: i8, step: i16) -> impl Iterator<Item = Date> {
    (0..=8).filter_map(move |k| Date::new(a.year().checked_add(step * k)?, m, d).ok())
}

fn season_span(season: Season, y: i16) -> Option<(Date, Date)> {
    let d = |y: i16, m: i8, d: i8| Date::new(y, m, d).ok();
    Some(match season {
        Season::Spring => (d(y, 3, 20)?, d(y, 6, 20)?),
        Season::Summer => (d(y, 6, 21)?, d(y, 9, 22)?),
        Season::Autumn => (d(y, 9, 23)?, d(y, 12, 20)?),
        Season::Winter => (d(y, 12, 21)?, d(y.checked_add(1)?, 3, 19)?),
    })
}

fn season_of(season: Season, dir: Dir, a: Date, tense: Tense) -> Option<(Date, Date)> {
    let spans: Vec<(Date, Date)> = (-2..=1)
        .filter_map(|k| season_span(season, a.year().checked_add(k)?))
        .collect();
    let last = spans.iter().rev().find(|(_, to)| *to < a).copied();
    let next = spans.iter().find(|(from, _)| *from > a).copied();
    let containing = spans
        .iter()
        .find(|(from, to)| *from <= a && a <= *to)
        .copied();
    let near = || match (last, next) {
        (Some(l), Some(n)) => {
            if days_between(l.1, a) <= days_between(a, n.0) {
                Some(l)
            } else {
                Some(n)
            }
        }
        (l, n) => l.or(n),
    };
    match dir {
        Dir::Last => last,
        Dir::Next => next,
        Dir::This => containing.or_else(near),
        Dir::Bare => containing.or_else(|| match tense {
            Tense::Past => last,
            Tense::Future => next,
            Tense::Unknown => near(),
        }),
    }
}

fn side(tense: Tense) -> Side {
    match tense {
        Tense::Past => Side::Before,
        Tense::Future => Side::After,
        Tense::Unknown => Side::Any,
    }
}

/// Resolves `expr`; `None` when it needs an anchor and has none, or names no real day.
pub(crate) fn resolve(expr: &Expr, anchor: Option<Date>, tense: Tense) -> Option<Resolved> {
    let dayp = P::Day;
    match *expr {
        Expr::Date { y, m, d } => Some(day(Date::new(y, m, d).ok()?, dayp, false)),
        Expr::DayMonth { m, d, dir } => {
            let a = anchor?;
            let found = match dir {
                Dir::Last => day_month_candidates(a, m, d, -1).find(|c| *c < a)?,
                Dir::Next => day_month_candidates(a, m, d, 1).find(|c| *c > a)?,
                Dir::This | Dir::Bare => {
                    let before = day_month_candidates(a, m, d, -1).find(|c| *c <= a);
                    let after = day_month_candidates(a, m, d, 1).find(|c| *c >= a);
                    match (before, after) {
                        // Both four months away or more and about as far: the tense
                        // knows better.
                        (Some(b), Some(f)) if balanced(days_between(b, a), days_between(a, f)) => {
                            match tense {
                                Tense::Past => b,
                                Tense::Future => f,
                                Tense::Unknown => nearest(a, b, f),
                            }
                        }
                        (Some(b), Some(f)) => nearest(a, b, f),
                        (b, f) => b.or(f)?,
                    }
                }
            };
            Some(day(found, dayp, true))
        }
        Expr::DayOnly { d, wd } => {
            let a = anchor?;
            let ai = month_index(a.year(), a.month());
            let candidates: Vec<Date> = (-1..=1)
                .filter_map(|k| {
                    let (y, m) = from_month_index(ai + k)?;
                    Date::new(y, m, d).ok()
                })
                .collect();
            let dist = |c: &&Date| days_between(a, **c).abs();
            let found = candidates
                .iter()
                .filter(|c| c.weekday() == wd)
                .min_by_key(dist)
                .or_else(|| candidates.iter().min_by_key(dist))?;
            Some(day(*found, dayp, true))
        }
        Expr::RelDay(k) => Some(day(add_days(anchor?, i64::from(k))?, dayp, true)),
        Expr::Weekday { wd, dir } => {
            let a = anchor?;
            let found = match (dir, tense) {
                (Dir::Last, _) => wd_before(add_days(a, -1)?, wd)?,
                (Dir::Next, _) => wd_after(add_days(a, 1)?, wd)?,
                (_, Tense::Future) => wd_after(a, wd)?,
                // No tense cue (present tense, often of coming events in agency copy):
                // the nearest such day.
                (Dir::This | Dir::Bare, Tense::Unknown) => {
                    nearest(a, wd_before(a, wd)?, wd_after(a, wd)?)
                }
                _ => wd_before(a, wd)?,
            };
            Some(day(found, dayp, true))
        }
        Expr::NightWd(wd) => {
            let a = anchor?;
            let from = if tense == Tense::Future {
                wd_after(a, wd)?
            } else {
                add_days(wd_before(a, wd.next())?, -1)?
            };
            Some(period((from, add_days(from, 1)?), P::PartOfDay, true))
        }
        Expr::NightBefore(ref inner) => {
            let r = resolve(inner, anchor, tense)?;
            let DateValue::Day(end) = r.value else {
                return None;
            };
            Some(period((add_days(end, -1)?, end), P::PartOfDay, r.relative))
        }
        Expr::Week { offset, third } => {
            let (mon, sun) = week_of(add_days(anchor?, 7 * i64::from(offset))?)?;
            let span = match third {
                None => (mon, sun),
                Some(Third::Start) => (mon, add_days(mon, 2)?),
                Some(Third::Middle) => (add_days(mon, 1)?, add_days(mon, 3)?),
                Some(Third::End) => (add_days(mon, 3)?, sun),
            };
            Some(period(span, P::Week, true))
        }
        Expr::Weekend(dir) => {
            let a = anchor?;
            let o = a.weekday().to_monday_zero_offset();
            let last = || -> Option<Date> {
                let sun = wd_before(add_days(a, -1)?, Weekday::Sunday)?;
                add_days(sun, -1)
            };
            let next = || wd_after(add_days(a, 1)?, Weekday::Saturday);
            let sat = match dir {
                Dir::Last => last()?,
                Dir::Next => next()?,
                Dir::This | Dir::Bare if o >= 5 => add_days(a, -i64::from(o - 5))?,
                _ => match tense {
                    Tense::Past => last()?,
                    Tense::Future => next()?,
                    Tense::Unknown if o < 2 => last()?,
                    Tense::Unknown => next()?,
                },
            };
            Some(period((sat, add_days(sat, 1)?), P::Week, true))
        }
        Expr::Month(mref) => {
            let (y, m, rel) = month_of(mref, anchor, tense)?;
            Some(period(month_span(y, m)?, P::Month, rel))
        }
        Expr::MonthPart(third, mref) => {
            let (y, m, rel) = month_of(mref, anchor, tense)?;
            Some(period(month_third(y, m, third)?, P::PartOfMonth, rel))
        }
        Expr::Year(yref) => {
            let (y, rel) = year_of(yref, anchor)?;
            Some(period(year_span(y)?, P::Year, rel))
        }
        Expr::YearPart(third, yref) => {
            let (y, rel) = year_of(yref, anchor)?;
            Some(period(year_third(y, third)?, P::PartOfYear, rel))
        }
        Expr::Season(season, which) => match which {
            SeasonRef::Abs(y) => Some(period(season_span(season, y)?, P::Season, false)),
            SeasonRef::Dir(dir) => Some(period(
                season_of(season, dir, anchor?, tense)?,
                P::Season,
                true,
            )),
        },
        Expr::Shift { n, unit, half } => {
            let a = anchor?;
            let (d, precision) = match unit {
                Unit::Hour => (add_days(a, n / 24)?, P::Day),
                // "huit jours" is a week, "quinze jours" two, as French counts them.
                Unit::Day if n.abs() == 8 || n.abs() == 15 => {
                    (add_days(a, n.signum() * (n.abs() - 1))?, P::Week)
                }
                Unit::Day => (add_days(a, n)?, P::Day),
                Unit::Week => (add_days(a, 7 * n)?, P::Week),
                Unit::Month => (a.checked_add(n.months()).ok()?, P::Month),
                Unit::Year => (a.checked_add(n.years()).ok()?, P::Year),
            };
            // "et demi": half a unit more, in the direction of the shift.
            let d = match (half, unit) {
                (false, _) | (true, Unit::Hour | Unit::Day) => d,
                (true, Unit::Week) => add_days(d, 3 * n.signum())?,
                (true, Unit::Month) => add_days(d, 15 * n.signum())?,
                (true, Unit::Year) => d.checked_add((6 * n.signum()).months()).ok()?,
            };
            Some(day(d, precision, true))
        }
        Expr::Round { n, filter } => {
            if let Some(d) = round_date(n, filter, None, Side::Any) {
                return Some(day(d, dayp, false));
            }
            let a = anchor?;
            // Between the two rounds of an election, the press means that election's
            // rounds; in the two weeks before a round, that round; in the two weeks after
            // one, that round when the clause is in the past. Otherwise a round named
            // without its election is a national election's, not a primary's.
            let national = ElectionFilter {
                skip_primaries: true,
                ..filter
            };
            let soon = round_date(n, filter, Some(a), Side::After)
                .filter(|d| days_between(a, *d) <= CURRENT_ROUND_DAYS);
            let just_past = round_date(n, filter, Some(a), Side::Before)
                .filter(|d| tense == Tense::Past && days_between(*d, a) <= CURRENT_ROUND_DAYS);
            let d = match between_rounds_of(filter, a) {
                Some(e) if n == 1 => e.first,
                Some(e) => e.second?,
                None => soon.or(just_past).or_else(|| {
                    round_date(n, national, Some(a), side(tense))
                        .or_else(|| round_date(n, filter, Some(a), side(tense)))
                })?,
            };
            Some(day(d, dayp, true))
        }
        Expr::BetweenRounds(filter) => {
            let (e, rel) = match pick_election(2, filter, None, Side::Any) {
                Some(e) => (e, false),
                None => {
                    let a = anchor?;
                    let e = between_rounds_of(filter, a)
                        .or_else(|| pick_election(2, filter, Some(a), side(tense)))?;
                    (e, true)
                }
            };
            Some(period((e.first, e.second?), P::Week, rel))
        }
        Expr::Part => None,
    }
}
