//! Query-string parameters, read leniently and bounded: an odd parameter is ignored or
//! clamped, never an error page and never a panic.

use std::collections::HashMap;

/// Longest free-text parameter kept, in characters (the rest is cut).
pub const MAX_TEXT: usize = 200;
/// Results per page on HTML pages.
pub const PAGE_SIZE: usize = 20;
/// Most results an API call returns at once.
pub const MAX_API_LIMIT: usize = 100;
/// Deepest page number accepted.
pub const MAX_PAGE: usize = 500;

/// The parameters of one request: first value of each name wins.
#[derive(Debug, Default, Clone)]
pub struct Params(HashMap<String, String>);

impl Params {
    /// Parses a raw query string (`None`: no query).
    pub fn parse(raw: Option<&str>) -> Params {
        let mut map = HashMap::new();
        if let Some(raw) = raw {
            // Thousands of parameters are an attack, not a search.
            for (k, v) in form_urlencoded::parse(raw.as_bytes()).take(64) {
                map.entry(k.into_owned()).or_insert_with(|| v.into_owned());
            }
        }
        Params(map)
    }

    /// A free-text parameter: trimmed, control characters removed, at most
    /// [`MAX_TEXT`] characters; `None` when empty.
    pub fn text(&self, name: &str) -> Option<String> {
        let v = self.0.get(name)?;
        let clean: String = v
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .take(MAX_TEXT)
            .collect();
        let clean = clean.trim();
        (!clean.is_empty()).then(|| clean.to_string())
    }

    /// A number parameter clamped to `min..=max`; `default` when absent or not a number.
    pub fn number(&self, name: &str, default: usize, min: usize, max: usize) -> usize {
        self.0
            .get(name)
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(|n| usize::try_from(n).unwrap_or(usize::MAX))
            .unwrap_or(default)
            .clamp(min, max)
    }

    /// A 1-based page number, bounded by [`MAX_PAGE`].
    pub fn page(&self, name: &str) -> usize {
        self.number(name, 1, 1, MAX_PAGE)
    }

    /// A date bound: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with plausible numbers; else `None`.
    pub fn date(&self, name: &str) -> Option<String> {
        let v = self.text(name)?;
        valid_date_prefix(&v).then_some(v)
    }

    /// One of `allowed`, else `None`.
    pub fn choice(&self, name: &str, allowed: &[&'static str]) -> Option<&'static str> {
        let v = self.0.get(name)?;
        allowed.iter().copied().find(|a| a == v)
    }
}

/// Whether `s` is `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub fn valid_date_prefix(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    let in_range =
        |p: &str, lo: u32, hi: u32| p.parse::<u32>().is_ok_and(|n| (lo..=hi).contains(&n));
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && in_range(m, 1, 12),
        [y, m, d] => {
            digits(y, 4) && digits(m, 2) && digits(d, 2) && in_range(m, 1, 12) && in_range(d, 1, 31)
        }
        _ => false,
    }
}

/// `?a=b&c=d` for links, percent-encoded, skipping empty values.
pub fn query_string(pairs: &[(&str, Option<&str>)]) -> String {
    let mut ser = form_urlencoded::Serializer::new(String::new());
    let mut any = false;
    for (k, v) in pairs {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            ser.append_pair(k, v);
            any = true;
        }
    }
    if any {
        format!("?{}", ser.finish())
    } else {
        String::new()
    }
}

/// A path segment for an id (ids are opaque and may hold spaces, `/` or `%`).
pub fn path_segment(id: &str) -> String {
    percent_encoding::utf8_percent_encode(id, SEGMENT).to_string()
}

/// Everything but unreserved characters is encoded.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_value_wins_and_text_is_bounded() {
        let long = "é".repeat(1000);
        let p = Params::parse(Some(&format!("q=a&q=b&long={long}&ctl=%00x%07&empty=+")));
        assert_eq!(p.text("q").as_deref(), Some("a"));
        assert_eq!(p.text("long").map(|s| s.chars().count()), Some(MAX_TEXT));
        assert_eq!(p.text("ctl").as_deref(), Some("x"));
        assert_eq!(p.text("empty"), None);
        assert_eq!(p.text("missing"), None);
    }

    #[test]
    fn numbers_are_clamped() {
        let p = Params::parse(Some(
            "a=-1&b=99999999999999999999999&c=7&d=x&e=0&f=18446744073709551615",
        ));
        assert_eq!(p.page("a"), 1);
        assert_eq!(p.page("b"), 1, "not a u64: default");
        assert_eq!(p.page("c"), 7);
        assert_eq!(p.page("d"), 1);
        assert_eq!(p.page("e"), 1);
        assert_eq!(p.page("f"), MAX_PAGE);
    }

    #[test]
    fn dates() {
        for ok in ["2017", "2017-02", "2017-02-14"] {
            assert!(valid_date_prefix(ok), "{ok}");
        }
        for bad in [
            "",
            "17",
            "2017-2",
            "2017-13",
            "2017-02-32",
            "2017-02-14T",
            "x",
            "2017--",
        ] {
            assert!(!valid_date_prefix(bad), "{bad}");
        }
    }

    #[test]
    fn links_are_encoded() {
        assert_eq!(
            query_string(&[("q", Some("a b&c")), ("x", None), ("y", Some(""))]),
            "?q=a+b%26c"
        );
        assert_eq!(path_segment("jean-marie le guen"), "jean-marie%20le%20guen");
        assert_eq!(path_segment("a/b%c"), "a%2Fb%25c");
    }
}
