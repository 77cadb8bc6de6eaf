//! Property tests: no input makes the recogniser, the resolver or the publication-date
//! parser panic, and every span slices the text it came from.

use dixit_dates::{DateValue, find_dates, parse_published, published_iso, said_on};
use jiff::civil::Date;
use proptest::prelude::*;

/// Words and pieces that reach deep into the patterns, so that random sequences of them
/// exercise every look-back and look-ahead at the edges of the text.
const VOCAB: &[&str] = &[
    "le",
    "la",
    "l'",
    "les",
    "ce",
    "cet",
    "cette",
    "du",
    "de",
    "d'",
    "des",
    "dès",
    "au",
    "à",
    "en",
    "dans",
    "lors",
    "entre",
    "il",
    "y",
    "a",
    "voici",
    "d'ici",
    "avant-",
    "après-",
    "hier",
    "demain",
    "aujourd'hui",
    "lundi",
    "mardi",
    "Mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "janvier",
    "février",
    "fevr.",
    "mars",
    "Mars",
    "avril",
    "mai",
    "août",
    "décembre",
    "dernier",
    "dernière",
    "prochain",
    "prochaine",
    "passé",
    "semaine",
    "week-end",
    "mois",
    "-ci",
    "an",
    "année",
    "début",
    "mi-",
    "fin",
    "milieu",
    "matin",
    "soir",
    "nuit",
    "après-midi",
    "matinée",
    "soirée",
    "journée",
    "tour",
    "tours",
    "premier",
    "second",
    "deux",
    "1er",
    "2e",
    "présidentielle",
    "primaire",
    "droite",
    "législatives",
    "trois",
    "vingt",
    "et",
    "un",
    "une",
    "quatre",
    "dix",
    "sept",
    "jours",
    "heures",
    "ans",
    "printemps",
    "été",
    "hiver",
    "0",
    "1",
    "12",
    "29",
    "31",
    "32",
    "99",
    "1999",
    "2017",
    "2100",
    "99999999999",
    "/",
    ".",
    ",",
    "-",
    "'",
    "\n",
    "«",
    "»",
    "…",
    "é",
    "’",
    " ",
];

fn vocab_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(VOCAB),
            prop::sample::select(&[" ", "", "  "][..]),
        ),
        0..40,
    )
    .prop_map(|parts| {
        parts
            .into_iter()
            .map(|(w, sep)| format!("{w}{sep}"))
            .collect()
    })
}

fn any_anchor() -> impl Strategy<Value = Option<Date>> {
    prop_oneof![
        Just(None),
        // Whole jiff range edges as well as ordinary days.
        (-9999i16..=9999, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| Date::new(y, m, d).ok()),
        (1990i16..=2030, 1i8..=12, 1i8..=31).prop_map(|(y, m, d)| Date::new(y, m, d).ok()),
    ]
}

fn check(text: &str, anchor: Option<Date>) -> Result<(), TestCaseError> {
    let found = find_dates(text, anchor);
    let mut last_end = 0;
    for m in &found {
        prop_assert!(m.start < m.end, "{m:?}");
        prop_assert!(m.start >= last_end, "overlap or disorder: {found:?}");
        prop_assert_eq!(text.get(m.start..m.end), Some(m.text.as_str()));
        if let DateValue::Period { from, to } = m.value {
            prop_assert!(from <= to, "{m:?}");
        }
        if m.relative {
            prop_assert!(anchor.is_some(), "relative without anchor: {m:?}");
        }
        last_end = m.end;
    }
    for m in &found {
        let _ = said_on(text, &found, (m.start, m.end), anchor);
    }
    let _ = said_on(text, &found, (text.len() / 2, text.len() + 7), anchor);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn any_string_is_safe(text in any::<String>(), anchor in any_anchor()) {
        check(&text, anchor)?;
        let _ = parse_published(&text);
        let _ = published_iso(&text);
    }

    #[test]
    fn date_vocabulary_is_safe(text in vocab_text(), anchor in any_anchor()) {
        check(&text, anchor)?;
        let _ = parse_published(&text);
    }

    #[test]
    fn published_like_strings_are_safe(
        s in r"[0-9]{1,5}-[0-9]{1,3}-[0-9]{1,3}([T ][0-9]{1,3}:[0-9]{1,3}(:[0-9]{1,3}(\.[0-9]{0,9})?)?)? ?(Z|[+-][0-9]{1,4}(:[0-9]{0,3})?|GMT|EST)?",
        r in r"([A-Z][a-z]{2}, )?[0-9]{1,3} [A-Za-z]{3,5} [0-9]{1,5}( [0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2})?)?( [+-][0-9]{4}| [A-Z]{2,4})?",
    ) {
        for input in [&s, &r] {
            if let Some(iso) = published_iso(input) {
                // Whatever was read, the first ten characters are the Paris civil day.
                let day = parse_published(input);
                prop_assert_eq!(iso.get(..10).map(str::to_owned), day.map(|d| d.to_string()));
            }
        }
    }
}
