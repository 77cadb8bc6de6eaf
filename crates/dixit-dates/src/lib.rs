//! French date expressions found in text and resolved against the publication date
//! (Europe/Paris): "ce mardi", "hier soir", "le 31 janvier dernier", "la semaine
//! prochaine", "début mars", "il y a trois jours", "lors du premier tour"…
//!
//! [`find_dates`] makes one linear pass over the text (bounded look-back and look-ahead
//! around each candidate word, so hostile input cannot make it slow) and returns every
//! expression with its byte span, the day or period it stands for, how precise that is and
//! whether it depended on the anchor. [`parse_published`] and [`published_iso`] read the
//! publication dates that metadata carries. [`said_on`] dates a quote from the expressions
//! around it, or falls back to the publication date and says so.
//!
//! The conventions used to resolve ambiguous expressions are documented in the `resolve`
//! module; the table of election rounds is [`ELECTIONS`].

mod elections;
mod published;
mod recognise;
mod resolve;
mod token;

use jiff::civil::Date;

pub use dixit_model::{DateFrom, DatePrecision, DateRef, DateRefValue, DayPart};
pub use elections::{ELECTIONS, Election, ElectionKind};
pub use published::{parse_published, published_iso};

/// The day or period a date expression stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateValue {
    /// One day.
    Day(Date),
    /// Every day from `from` to `to`, both included.
    Period {
        /// First day.
        from: Date,
        /// Last day.
        to: Date,
    },
}

impl DateValue {
    /// The first day of the value.
    pub fn first(&self) -> Date {
        match *self {
            DateValue::Day(d) | DateValue::Period { from: d, .. } => d,
        }
    }

    /// The last day of the value.
    pub fn last(&self) -> Date {
        match *self {
            DateValue::Day(d) | DateValue::Period { to: d, .. } => d,
        }
    }

    /// The serialisable form: ISO 8601 strings.
    pub fn to_ref_value(&self) -> DateRefValue {
        match *self {
            DateValue::Day(d) => DateRefValue::Day(d.to_string()),
            DateValue::Period { from, to } => DateRefValue::Period {
                from: from.to_string(),
                to: to.to_string(),
            },
        }
    }
}

/// A date expression found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DateMention {
    /// Start byte of the expression in the text.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// `text[start..end]`.
    pub text: String,
    /// The day or period meant.
    pub value: DateValue,
    /// How fine `value` is.
    pub precision: DatePrecision,
    /// Whether the value depends on the anchor ("hier") rather than on the text alone
    /// ("le 31 janvier 2017").
    pub relative: bool,
    /// The part of the day, when the expression names one ("mardi soir").
    pub part_of_day: Option<DayPart>,
}

impl DateMention {
    /// The record form of this mention (`dates[]` of the output contract).
    pub fn to_ref(&self) -> DateRef {
        DateRef {
            start: self.start,
            end: self.end,
            text: self.text.clone(),
            value: self.value.to_ref_value(),
            precision: self.precision,
            relative: self.relative,
            part_of_day: self.part_of_day,
        }
    }

    /// The day meant, when the expression names one day (or a part of one, or a night).
    pub fn day(&self) -> Option<Date> {
        match self.precision {
            DatePrecision::Day => Some(self.value.first()),
            DatePrecision::PartOfDay => Some(self.value.first()),
            _ => None,
        }
    }
}

/// All date expressions of `text` (byte offsets), resolved against `anchor` (the
/// publication date, Europe/Paris); relative expressions are skipped when `anchor` is None.
///
/// Mentions come in text order and never overlap.
pub fn find_dates(text: &str, anchor: Option<Date>) -> Vec<DateMention> {
    let tokens = token::tokenize(text);
    let raws = recognise::recognise(text, &tokens);
    let sentence = |r: &recognise::Raw| tokens.toks.get(r.s).map_or(0, |t| t.sent);
    let resolved: Vec<Option<resolve::Resolved>> = raws
        .iter()
        .map(|r| resolve::resolve(&r.expr, anchor, r.tense))
        .collect();
    let mut out = Vec::with_capacity(raws.len());
    for (k, raw) in raws.iter().enumerate() {
        let res = match resolved[k] {
            Some(res) => Some(res),
            // A part of day alone takes the day of the nearest day expression of its
            // sentence (the one before first), else the anchor's.
            None if raw.expr == recognise::Expr::Part => {
                let sent = sentence(raw);
                let day_of = |j: usize| -> Option<(Date, bool)> {
                    let r = resolved[j]?;
                    matches!(r.precision, DatePrecision::Day | DatePrecision::PartOfDay)
                        .then(|| (r.value.first(), r.relative))
                };
                let before = (0..k)
                    .rev()
                    .take_while(|&j| sentence(&raws[j]) == sent)
                    .find_map(day_of);
                let after = || {
                    (k + 1..raws.len())
                        .take_while(|&j| sentence(&raws[j]) == sent)
                        .find_map(day_of)
                };
                before
                    .or_else(after)
                    .or(anchor.map(|a| (a, true)))
                    .map(|(d, relative)| resolve::Resolved {
                        value: DateValue::Day(d),
                        precision: DatePrecision::PartOfDay,
                        relative,
                    })
            }
            None => None,
        };
        let Some(mut res) = res else { continue };
        let (Some(first), Some(last)) = (
            tokens.toks.get(raw.s),
            tokens.toks.get(raw.e.saturating_sub(1)),
        ) else {
            continue;
        };
        if raw.part.is_some() && res.precision == DatePrecision::Day {
            res.precision = DatePrecision::PartOfDay;
        }
        let (start, end) = (first.start, last.end);
        out.push(DateMention {
            start,
            end,
            text: text.get(start..end).unwrap_or_default().to_string(),
            value: res.value,
            precision: res.precision,
            relative: res.relative,
            part_of_day: raw.part,
        });
    }
    out
}

/// The date a quote was said, and where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SaidOn {
    /// The day.
    pub date: Date,
    /// From a date expression of the text, or the publication date standing in.
    pub from: DateFrom,
}

/// How far around a quote, in bytes, a date expression may date it.
const SAID_WINDOW: usize = 300;

/// Dates the words at `span` (the quote, with its cue and speaker if the caller has them):
/// the day-precise expression of `mentions` nearest to it in the same sentence, outside the
/// quoted words and not after the publication date ("« … », a-t-il déclaré mardi"); else
/// the publication date `anchor`, flagged [`DateFrom::Published`]. `None` without either.
pub fn said_on(
    text: &str,
    mentions: &[DateMention],
    span: (usize, usize),
    anchor: Option<Date>,
) -> Option<SaidOn> {
    let (start, end) = (span.0.min(text.len()), span.1.min(text.len()));
    let is_break = |c: char| matches!(c, '.' | '!' | '?' | '\n' | '…');
    let lo = {
        let mut lo = start.saturating_sub(SAID_WINDOW);
        while !text.is_char_boundary(lo) {
            lo += 1;
        }
        let before = text.get(lo..start).unwrap_or("");
        before.rfind(is_break).map_or(lo, |p| lo + p + 1)
    };
    let hi = {
        let mut hi = (end + SAID_WINDOW).min(text.len());
        while !text.is_char_boundary(hi) {
            hi -= 1;
        }
        let after = text.get(end..hi).unwrap_or("");
        after.find(is_break).map_or(hi, |p| end + p)
    };
    let best = mentions
        .iter()
        .filter(|m| m.day().is_some())
        .filter(|m| (m.start >= lo && m.end <= start) || (m.start >= end && m.end <= hi))
        .filter(|m| anchor.is_none_or(|a| m.value.first() <= a))
        .min_by_key(|m| {
            if m.end <= start {
                start - m.end
            } else {
                m.start - end
            }
        });
    match (best, anchor) {
        (Some(m), _) => Some(SaidOn {
            date: m.value.first(),
            from: DateFrom::Text,
        }),
        (None, Some(a)) => Some(SaidOn {
            date: a,
            from: DateFrom::Published,
        }),
        (None, None) => None,
    }
}
