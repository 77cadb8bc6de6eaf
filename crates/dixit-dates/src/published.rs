//! Publication dates as metadata writes them: ISO 8601 (with or without time and
//! offset), RFC 2822 (feeds, HTTP, WARC of old), French ("12 mars 2017", "12/03/2017").
//! Instants with an offset are moved to Europe/Paris before the civil day is taken, so an
//! article stamped `2017-03-25T23:30:00Z` is dated 26 March, as its readers saw it.

use std::sync::LazyLock;

use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};

use crate::DatePrecision;

/// Europe/Paris from the tz database bundled into the binary.
static PARIS: LazyLock<Option<TimeZone>> =
    LazyLock::new(|| jiff::tz::db().get("Europe/Paris").ok());

/// A publication date as read: the day, and the time and offset when given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    dt: DateTime,
    has_time: bool,
    offset: Option<Offset>,
}

impl Stamp {
    /// The civil date-time in Paris, and Paris's offset then, when the offset is known.
    fn in_paris(&self) -> (DateTime, Option<Offset>) {
        let Some(offset) = self.offset else {
            return (self.dt, None);
        };
        let Ok(ts) = offset.to_timestamp(self.dt) else {
            return (self.dt, Some(offset));
        };
        match PARIS.as_ref() {
            Some(tz) => (tz.to_datetime(ts), Some(tz.to_offset(ts))),
            None => (self.dt, Some(offset)),
        }
    }
}

/// Parses a publication date as found in metadata to its civil date in Europe/Paris.
///
/// Accepts ISO 8601 (`2017-03-12`, `2017-03-12T10:15:00+01:00`, `2017-03-12 10:15:00`,
/// `…Z`), RFC 2822 (`Sun, 12 Mar 2017 09:15:00 GMT`) and French dates (`12 mars 2017`,
/// `dimanche 12 mars 2017 à 10h15`, `12/03/2017`). A time without offset is taken as Paris
/// time. Returns `None` for anything else, and never panics.
pub fn parse_published(s: &str) -> Option<Date> {
    let stamp = stamp(s)?;
    Some(stamp.in_paris().0.date())
}

/// The normalised ISO 8601 form of a publication date, for `Source::date`: the instant in
/// Paris time with Paris's offset when the input had an offset (`2017-03-26T00:30:00+01:00`),
/// the local date-time when it had a time only, else the date (`2017-03-12`). The first ten
/// characters are always the Paris civil date, so such strings sort and compare by day.
pub fn published_iso(s: &str) -> Option<String> {
    let stamp = stamp(s)?;
    let (dt, offset) = stamp.in_paris();
    let date = dt.date();
    if !stamp.has_time {
        return Some(date.to_string());
    }
    let base = format!(
        "{date}T{:02}:{:02}:{:02}",
        dt.hour(),
        dt.minute(),
        dt.second()
    );
    Some(match offset {
        None => base,
        Some(o) => {
            let secs = o.seconds();
            let sign = if secs < 0 { '-' } else { '+' };
            let secs = secs.unsigned_abs();
            format!("{base}{sign}{:02}:{:02}", secs / 3600, secs / 60 % 60)
        }
    })
}

fn stamp(s: &str) -> Option<Stamp> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    iso(s).or_else(|| rfc2822(s)).or_else(|| french(s))
}

/// Reads `n` ASCII digits at `*i`, advancing it.
fn digits(b: &[u8], i: &mut usize, n: usize) -> Option<i32> {
    let part = b.get(*i..*i + n)?;
    if !part.iter().all(u8::is_ascii_digit) {
        return None;
    }
    *i += n;
    Some(
        part.iter()
            .fold(0i32, |acc, d| acc * 10 + i32::from(d - b'0')),
    )
}

fn date(y: i32, m: i32, d: i32) -> Option<Date> {
    Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()
}

fn datetime(d: Date, h: i32, mi: i32, sec: i32) -> Option<DateTime> {
    // A leap second is the last second of its minute.
    let sec = sec.min(59);
    DateTime::new(
        d.year(),
        d.month(),
        d.day(),
        i8::try_from(h).ok()?,
        i8::try_from(mi).ok()?,
        i8::try_from(sec).ok()?,
        0,
    )
    .ok()
}

/// `Z`, `UTC`, `GMT`, `UT`, `+01:00`, `+0100`, `+01`, at the start of `rest`.
fn offset(rest: &str) -> Option<Offset> {
    let r = rest.trim();
    match r.to_ascii_uppercase().as_str() {
        "Z" | "UTC" | "GMT" | "UT" | "+00:00" | "-00:00" | "+0000" | "-0000" => {
            return Some(Offset::UTC);
        }
        "EST" => return Offset::from_hours(-5).ok(),
        "EDT" => return Offset::from_hours(-4).ok(),
        "CST" => return Offset::from_hours(-6).ok(),
        "CDT" => return Offset::from_hours(-5).ok(),
        "MST" => return Offset::from_hours(-7).ok(),
        "MDT" => return Offset::from_hours(-6).ok(),
        "PST" => return Offset::from_hours(-8).ok(),
        "PDT" => return Offset::from_hours(-7).ok(),
        "CET" => return Offset::from_hours(1).ok(),
        "CEST" => return Offset::from_hours(2).ok(),
        _ => {}
    }
    let b = r.as_bytes();
    let sign = match b.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let mut i = 1;
    let h = digits(b, &mut i, 2)?;
    if b.get(i) == Some(&b':') {
        i += 1;
    }
    let m = if i < b.len() {
        digits(b, &mut i, 2)?
    } else {
        0
    };
    if i != b.len() || h > 23 || m > 59 {
        return None;
    }
    Offset::from_seconds(sign * (h * 3600 + m * 60)).ok()
}

/// `YYYY-MM-DD[(T| )hh:mm[:ss[.frac]]][ ][offset]`; anything unknown after the date
/// drops the time but keeps the day.
fn iso(s: &str) -> Option<Stamp> {
    let b = s.as_bytes();
    let mut i = 0;
    let y = digits(b, &mut i, 4)?;
    (b.get(i) == Some(&b'-')).then_some(())?;
    i += 1;
    let m = digits(b, &mut i, 2)?;
    (b.get(i) == Some(&b'-')).then_some(())?;
    i += 1;
    let d = digits(b, &mut i, 2)?;
    let day = date(y, m, d)?;
    let date_only = Stamp {
        dt: day.to_datetime(jiff::civil::Time::midnight()),
        has_time: false,
        offset: None,
    };
    if !matches!(b.get(i), Some(b'T' | b't' | b' ')) {
        return Some(date_only);
    }
    i += 1;
    let time = (|| {
        let h = digits(b, &mut i, 2)?;
        (b.get(i) == Some(&b':')).then_some(())?;
        i += 1;
        let mi = digits(b, &mut i, 2)?;
        let mut sec = 0;
        if b.get(i) == Some(&b':') {
            i += 1;
            sec = digits(b, &mut i, 2)?;
            if b.get(i) == Some(&b'.') || b.get(i) == Some(&b',') {
                i += 1;
                while b.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
            }
        }
        datetime(day, h, mi, sec)
    })();
    let Some(dt) = time else {
        return Some(date_only);
    };
    let rest = s.get(i..).unwrap_or("").trim();
    let offset = if rest.is_empty() { None } else { offset(rest) };
    Some(Stamp {
        dt,
        has_time: true,
        offset,
    })
}

/// `[Day,] DD Mon YYYY [hh:mm[:ss]] [zone]`.
fn rfc2822(s: &str) -> Option<Stamp> {
    let s = s.split_once(',').map_or(s, |(_, rest)| rest).trim();
    let mut it = s.split_whitespace();
    let d: i32 = it.next()?.parse().ok()?;
    let m = match it.next()?.get(..3)?.to_ascii_lowercase().as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    let y_raw = it.next()?;
    let mut y: i32 = y_raw.parse().ok()?;
    if y_raw.len() == 2 {
        y += if y < 50 { 2000 } else { 1900 };
    }
    let day = date(y, m, d)?;
    let date_only = Stamp {
        dt: day.to_datetime(jiff::civil::Time::midnight()),
        has_time: false,
        offset: None,
    };
    let Some(time) = it.next() else {
        return Some(date_only);
    };
    let mut parts = time.split(':').map(|p| p.parse::<i32>().ok());
    let (Some(Some(h)), Some(Some(mi))) = (parts.next(), parts.next()) else {
        return Some(date_only);
    };
    let sec = parts.next().flatten().unwrap_or(0);
    let Some(dt) = datetime(day, h, mi, sec) else {
        return Some(date_only);
    };
    Some(Stamp {
        dt,
        has_time: true,
        offset: it.next().and_then(offset),
    })
}

/// The first full date of a French text ("publié le dimanche 12 mars 2017 à 10h15").
fn french(s: &str) -> Option<Stamp> {
    let m = crate::find_dates(s, None)
        .into_iter()
        .find(|m| m.precision == DatePrecision::Day && !m.relative)?;
    let crate::DateValue::Day(d) = m.value else {
        return None;
    };
    Some(Stamp {
        dt: d.to_datetime(jiff::civil::Time::midnight()),
        has_time: false,
        offset: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;

    #[test]
    fn iso_forms() {
        assert_eq!(parse_published("2017-01-31"), Some(d(2017, 1, 31)));
        assert_eq!(
            parse_published(" 2017-01-31T10:00:00+01:00 "),
            Some(d(2017, 1, 31))
        );
        assert_eq!(parse_published("2014-04-16 10:19:01"), Some(d(2014, 4, 16)));
        assert_eq!(
            published_iso("2014-04-16 10:19:01").as_deref(),
            Some("2014-04-16T10:19:01")
        );
        assert_eq!(
            published_iso("2026-01-06T14:16:29 +01:00").as_deref(),
            Some("2026-01-06T14:16:29+01:00")
        );
        assert_eq!(
            published_iso("2017-05-07T18:00:00.123Z").as_deref(),
            Some("2017-05-07T20:00:00+02:00")
        );
        assert_eq!(published_iso("2017-01-31").as_deref(), Some("2017-01-31"));
        assert_eq!(parse_published("2017-02-30"), None);
        assert_eq!(parse_published("2017-13-01T00:00:00Z"), None);
    }

    #[test]
    fn utc_stamps_take_the_paris_day_across_dst() {
        // Night of the spring change (26 March 2017, 02:00 → 03:00): 23:30 UTC on the
        // 25th is 00:30 CET on the 26th.
        assert_eq!(
            parse_published("2017-03-25T23:30:00Z"),
            Some(d(2017, 3, 26))
        );
        assert_eq!(
            published_iso("2017-03-25T23:30:00Z").as_deref(),
            Some("2017-03-26T00:30:00+01:00")
        );
        // The day after, summer time: 22:30 UTC is already 00:30 the next day.
        assert_eq!(
            published_iso("2017-03-26T22:30:00Z").as_deref(),
            Some("2017-03-27T00:30:00+02:00")
        );
        // 22:30 UTC the day before the change is still the same day (23:30 CET).
        assert_eq!(
            parse_published("2017-03-24T22:30:00Z"),
            Some(d(2017, 3, 24))
        );
        // Autumn change (29 October 2017): 22:30 UTC on the 28th is 00:30 CEST.
        assert_eq!(
            published_iso("2017-10-28T22:30:00Z").as_deref(),
            Some("2017-10-29T00:30:00+02:00")
        );
        // After it, winter time: 22:30 UTC on the 29th is 23:30 CET, still the 29th.
        assert_eq!(
            parse_published("2017-10-29T22:30:00Z"),
            Some(d(2017, 10, 29))
        );
        // A local 00:30 with its offset stays on its day.
        assert_eq!(
            parse_published("2017-03-26T00:30:00+01:00"),
            Some(d(2017, 3, 26))
        );
        // A New York evening is the next morning in Paris.
        assert_eq!(
            parse_published("2017-01-31T20:00:00-05:00"),
            Some(d(2017, 2, 1))
        );
    }

    #[test]
    fn rfc2822_forms() {
        assert_eq!(
            published_iso("Tue, 10 Jun 2003 04:00:00 +0200").as_deref(),
            Some("2003-06-10T04:00:00+02:00")
        );
        assert_eq!(
            published_iso("Tue, 10 Jun 2003 04:00:00 GMT").as_deref(),
            Some("2003-06-10T06:00:00+02:00")
        );
        assert_eq!(
            parse_published("Sat, 31 Dec 2016 23:30:00 GMT"),
            Some(d(2017, 1, 1))
        );
        assert_eq!(
            parse_published("31 Dec 16 12:00 EST"),
            Some(d(2016, 12, 31))
        );
        assert_eq!(parse_published("10 Jun 2003"), Some(d(2003, 6, 10)));
        assert_eq!(parse_published("Tue, 31 Feb 2003 04:00:00 GMT"), None);
    }

    #[test]
    fn french_forms() {
        assert_eq!(parse_published("12 mars 2017"), Some(d(2017, 3, 12)));
        assert_eq!(
            parse_published("Publié le dimanche 12 mars 2017 à 10h15"),
            Some(d(2017, 3, 12))
        );
        assert_eq!(parse_published("1er mai 2017"), Some(d(2017, 5, 1)));
        assert_eq!(parse_published("12/03/2017"), Some(d(2017, 3, 12)));
        assert_eq!(published_iso("12/03/2017").as_deref(), Some("2017-03-12"));
        assert_eq!(parse_published("hier"), None);
        assert_eq!(parse_published("mardi"), None);
        assert_eq!(parse_published(""), None);
        assert_eq!(parse_published("2017"), None);
    }
}
