//! Roles as articles write them ("l'ancienne ministre de la Santé", "Ex-Premier ministre",
//! "secrétaire d'Etat") normalised to one form: the title's lemma from [`crate::titles`]
//! (masculine singular, lowercase), the complement as written, "ancien"/"ex-" as a flag.
//!
//! The normalised form is what identity and office matching compare: "la Première
//! ministre" and "le Premier ministre" are one role, and so are "secrétaire d'Etat" and
//! "secrétaire d'État".

use crate::titles::{TitleKind, title_info_at};
use crate::{Gender, Number, fold};

/// A role normalised by [`normalize_role`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// The whole role normalised: title, then complement ("ministre de la Santé").
    pub normalized: String,
    /// The title's lemma: masculine singular, lowercase but for the institutions written
    /// with a capital ("secrétaire d'État", "président de la République").
    pub title: String,
    /// What follows the title, as written but for accents restored on capitals and
    /// participles put in the masculine ("chargée" → "chargé"); `None` when nothing does.
    pub complement: Option<String>,
    /// "ancien", "ancienne", "ex-", "ex": the role is over.
    pub former: bool,
    /// "futur", "future": the role is to come.
    pub future: bool,
    /// Gender the words mark (title form, determiner, adjective), when any does.
    pub gender: Option<Gender>,
    /// Number of the title form (or of the determiner).
    pub number: Number,
    /// Field of the title.
    pub kind: TitleKind,
}

/// Determiners a role may open with: (word, gender, number).
const DETERMINERS: &[(&str, Option<Gender>, Number)] = &[
    ("le", Some(Gender::Masculine), Number::Singular),
    ("la", Some(Gender::Feminine), Number::Singular),
    ("l'", None, Number::Singular),
    ("les", None, Number::Plural),
    ("un", Some(Gender::Masculine), Number::Singular),
    ("une", Some(Gender::Feminine), Number::Singular),
    ("des", None, Number::Plural),
    ("ce", Some(Gender::Masculine), Number::Singular),
    ("cet", Some(Gender::Masculine), Number::Singular),
    ("cette", Some(Gender::Feminine), Number::Singular),
    ("ces", None, Number::Plural),
    ("son", None, Number::Singular),
    ("sa", Some(Gender::Feminine), Number::Singular),
    ("ses", None, Number::Plural),
    ("leur", None, Number::Singular),
    ("leurs", None, Number::Plural),
    ("notre", None, Number::Singular),
    ("votre", None, Number::Singular),
];

/// What a modifier before the title says.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Time {
    Former,
    Future,
    /// "actuel", "nouveau": no change of tense, only gender.
    Now,
}

/// Adjectives before the title: (word, time, gender).
const MODIFIERS: &[(&str, Time, Option<Gender>)] = &[
    ("ancien", Time::Former, Some(Gender::Masculine)),
    ("ancienne", Time::Former, Some(Gender::Feminine)),
    ("anciens", Time::Former, Some(Gender::Masculine)),
    ("anciennes", Time::Former, Some(Gender::Feminine)),
    ("ex", Time::Former, None),
    ("futur", Time::Future, Some(Gender::Masculine)),
    ("future", Time::Future, Some(Gender::Feminine)),
    ("futurs", Time::Future, Some(Gender::Masculine)),
    ("futures", Time::Future, Some(Gender::Feminine)),
    ("actuel", Time::Now, Some(Gender::Masculine)),
    ("actuelle", Time::Now, Some(Gender::Feminine)),
    ("nouveau", Time::Now, Some(Gender::Masculine)),
    ("nouvel", Time::Now, Some(Gender::Masculine)),
    ("nouvelle", Time::Now, Some(Gender::Feminine)),
];

/// Words the press writes without the accent on their capital, in their accented form
/// (lowercase): "Etat" → "État", "Education nationale" → "Éducation nationale".
const ACCENTED: &[&str] = &[
    "état",
    "états",
    "économie",
    "économique",
    "éducation",
    "écologie",
    "écologique",
    "énergie",
    "égalité",
    "élysée",
    "étranger",
    "étrangers",
    "étrangères",
    "élections",
    "épargne",
    "étudiants",
    "évêque",
    "évry",
];

/// Words of a lemma that French writes with a capital: institutions, not titles.
const CAPITALISED: &[(&str, &str)] = &[
    ("état", "État"),
    ("république", "République"),
    ("sceaux", "Sceaux"),
];

/// Feminine participles and adjectives that follow a title in its complement
/// ("ministre chargée de…"), with their masculine.
const MASCULINE: &[(&str, &str)] = &[
    ("chargée", "chargé"),
    ("chargées", "chargé"),
    ("chargés", "chargé"),
    ("déléguée", "délégué"),
    ("déléguées", "délégué"),
    ("délégués", "délégué"),
];

/// Splits a role into words, cutting elisions off ("l'ancienne" → "l'", "ancienne") and
/// "ex-" off the word it prefixes; apostrophes become straight.
fn words(role: &str) -> Vec<String> {
    let mut out = Vec::new();
    let role = role.replace(['\u{2019}', '\u{02BC}'], "'");
    for w in role.split_whitespace() {
        let mut rest = w;
        loop {
            let lower = rest.to_lowercase();
            if let Some(i) = rest.find('\'')
                && i > 0
                && i <= 6
                && rest.len() > i + 1
                && matches!(
                    lower.get(..=i),
                    Some("l'" | "d'" | "qu'" | "jusqu'" | "lorsqu'" | "s'" | "n'" | "c'")
                )
            {
                out.push(rest[..=i].to_string());
                rest = &rest[i + 1..];
                continue;
            }
            if lower.starts_with("ex-") && rest.len() > 3 {
                out.push(rest[..2].to_string());
                rest = &rest[3..];
                continue;
            }
            break;
        }
        if !rest.is_empty() {
            out.push(rest.to_string());
        }
    }
    out
}

/// Puts back the accent of a word in [`ACCENTED`] written without it, keeping its case
/// ("Etat" → "État", "ETAT" → "ÉTAT", "etat" → "état").
fn restore_accent(w: &str) -> String {
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    if !matches!(first, 'E' | 'e') {
        return w.to_string();
    }
    let rest: String = chars.collect();
    let candidate = format!("é{}", rest.to_lowercase());
    if !ACCENTED.contains(&candidate.as_str()) {
        return w.to_string();
    }
    let e = if first == 'E' { 'É' } else { 'é' };
    format!("{e}{rest}")
}

/// Joins words with spaces, none after an elision ("d'" + "État" → "d'État").
fn join(words: &[String]) -> String {
    let mut s = String::new();
    for w in words {
        if !s.is_empty() && !s.ends_with('\'') {
            s.push(' ');
        }
        s.push_str(w);
    }
    s
}

/// Normalises a role as written in an article; `None` when it opens with no title the
/// lexicon knows (after determiners and "ancien"/"ex-"/"futur").
///
/// ```
/// let r = dixit_lexicon::normalize_role("l'ancienne ministre de la Santé").unwrap();
/// assert_eq!(r.normalized, "ministre de la Santé");
/// assert!(r.former);
/// ```
pub fn normalize_role(role: &str) -> Option<Role> {
    let trimmed = role.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '.'));
    let ws: Vec<String> = words(trimmed).iter().map(|w| restore_accent(w)).collect();
    let mut i = 0;
    let mut gender = None;
    let mut number = None;
    let (mut former, mut future) = (false, false);
    while let Some(w) = ws.get(i) {
        let f = fold(w);
        if let Some((_, g, n)) = DETERMINERS.iter().find(|(d, _, _)| *d == f) {
            gender = gender.or(*g);
            number = number.or(Some(*n));
        } else if let Some((_, t, g)) = MODIFIERS.iter().find(|(m, _, _)| *m == f) {
            former |= *t == Time::Former;
            future |= *t == Time::Future;
            gender = gender.or(*g);
        } else {
            break;
        }
        i += 1;
    }
    let rest = ws.get(i..).unwrap_or(&[]);
    let refs: Vec<&str> = rest.iter().map(String::as_str).collect();
    let (len, info) = title_info_at(&refs)?;
    let title = info
        .lemma
        .split(' ')
        .map(|w| {
            // "d'état" is one word of the lemma: capitalise after the elision.
            let (head, tail) = w.rsplit_once('\'').map_or(("", w), |(h, t)| (h, t));
            let tail = CAPITALISED
                .iter()
                .find(|(l, _)| *l == tail)
                .map_or(tail, |(_, c)| c);
            if head.is_empty() && !w.starts_with('\'') {
                tail.to_string()
            } else {
                format!("{head}'{tail}")
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    let complement: Vec<String> = rest
        .get(len..)
        .unwrap_or(&[])
        .iter()
        .map(|w| {
            let f = fold(w);
            MASCULINE
                .iter()
                .find(|(fem, _)| *fem == f)
                .map_or_else(|| w.clone(), |(_, m)| m.to_string())
        })
        .collect();
    let complement = (!complement.is_empty()).then(|| join(&complement));
    let normalized = match &complement {
        Some(c) => format!("{title} {c}"),
        None => title.clone(),
    };
    Some(Role {
        normalized,
        title,
        complement,
        former,
        future,
        gender: info.gender.or(gender),
        number: if info.number == Number::Plural {
            Number::Plural
        } else {
            number.unwrap_or(info.number)
        },
        kind: info.kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (as written, normalised, former, gender)
    const TABLE: &[(&str, &str, bool, Option<Gender>)] = &[
        (
            "ancienne ministre de la Santé",
            "ministre de la Santé",
            true,
            Some(Gender::Feminine),
        ),
        (
            "l'ancienne ministre de la Santé",
            "ministre de la Santé",
            true,
            Some(Gender::Feminine),
        ),
        (
            "Ex-Premier ministre",
            "premier ministre",
            true,
            Some(Gender::Masculine),
        ),
        (
            "l'ex-Première ministre",
            "premier ministre",
            true,
            Some(Gender::Feminine),
        ),
        (
            "l'ex ministre de l'Intérieur",
            "ministre de l'Intérieur",
            true,
            None,
        ),
        ("secrétaire d'Etat", "secrétaire d'État", false, None),
        ("secrétaire d’Etat", "secrétaire d'État", false, None),
        ("secrétaire d'etat", "secrétaire d'État", false, None),
        (
            "la secrétaire d'Etat au Développement et à la Francophonie",
            "secrétaire d'État au Développement et à la Francophonie",
            false,
            Some(Gender::Feminine),
        ),
        (
            "secrétaire d'État au Développement et à la Francophonie",
            "secrétaire d'État au Développement et à la Francophonie",
            false,
            None,
        ),
        (
            "L'ancien Premier ministre",
            "premier ministre",
            true,
            Some(Gender::Masculine),
        ),
        (
            "l'ancien premier ministre",
            "premier ministre",
            true,
            Some(Gender::Masculine),
        ),
        ("députée", "député", false, Some(Gender::Feminine)),
        (
            "la députée PS du Rhône",
            "député PS du Rhône",
            false,
            Some(Gender::Feminine),
        ),
        ("le député", "député", false, Some(Gender::Masculine)),
        (
            "élu du Rhône",
            "élu du Rhône",
            false,
            Some(Gender::Masculine),
        ),
        (
            "patron du PS",
            "patron du PS",
            false,
            Some(Gender::Masculine),
        ),
        (
            "candidat socialiste",
            "candidat socialiste",
            false,
            Some(Gender::Masculine),
        ),
        (
            "la candidate écologiste",
            "candidat écologiste",
            false,
            Some(Gender::Feminine),
        ),
        (
            "ancien ministre de l'Economie",
            "ministre de l'Économie",
            true,
            Some(Gender::Masculine),
        ),
        (
            "ministre de l'Education nationale",
            "ministre de l'Éducation nationale",
            false,
            None,
        ),
        (
            "ministre déléguée chargée de l'Industrie",
            "ministre délégué chargé de l'Industrie",
            false,
            Some(Gender::Feminine),
        ),
        (
            "conseillère régionale d'Île-de-France",
            "conseiller régional d'Île-de-France",
            false,
            Some(Gender::Feminine),
        ),
        (
            "présidente de la République",
            "président de la République",
            false,
            Some(Gender::Feminine),
        ),
        (
            "la présidente du FN",
            "président du FN",
            false,
            Some(Gender::Feminine),
        ),
        (
            "l'ancienne garde des Sceaux",
            "garde des Sceaux",
            true,
            Some(Gender::Feminine),
        ),
        (
            "chef de l'Etat",
            "chef de l'État",
            false,
            Some(Gender::Masculine),
        ),
        (
            "Cheffe de l'État",
            "chef de l'État",
            false,
            Some(Gender::Feminine),
        ),
        (
            "membre du courant des Réformateurs",
            "membre du courant des Réformateurs",
            false,
            None,
        ),
        (
            "porte-parole du gouvernement",
            "porte-parole du gouvernement",
            false,
            None,
        ),
        (
            "les anciens ministres",
            "ministre",
            true,
            Some(Gender::Masculine),
        ),
        (
            "maire adjointe de Lyon",
            "maire adjoint de Lyon",
            false,
            Some(Gender::Feminine),
        ),
        (
            "sénatrice LR,",
            "sénateur LR",
            false,
            Some(Gender::Feminine),
        ),
    ];

    #[test]
    fn role_table() {
        for &(written, normalized, former, gender) in TABLE {
            let r = normalize_role(written).unwrap_or_else(|| panic!("{written}: no role"));
            assert_eq!(r.normalized, normalized, "{written}");
            assert_eq!(r.former, former, "{written}");
            assert_eq!(r.gender, gender, "{written}");
            assert!(!r.future, "{written}");
        }
    }

    #[test]
    fn parts_and_flags() {
        let r = normalize_role("la future Première ministre").unwrap_or_else(|| panic!("role"));
        assert!(r.future && !r.former);
        assert_eq!(r.title, "premier ministre");
        assert_eq!(r.complement, None);
        assert_eq!(r.kind, TitleKind::Political);
        let r = normalize_role("Secrétaire d'Etat chargé des Transports")
            .unwrap_or_else(|| panic!("role"));
        assert_eq!(r.title, "secrétaire d'État");
        assert_eq!(r.complement.as_deref(), Some("chargé des Transports"));
        assert_eq!(r.number, Number::Singular);
        let r = normalize_role("les ministres").unwrap_or_else(|| panic!("role"));
        assert_eq!(r.number, Number::Plural);
        let r = normalize_role("des députés").unwrap_or_else(|| panic!("role"));
        assert_eq!((r.title.as_str(), r.number), ("député", Number::Plural));
    }

    #[test]
    fn not_roles() {
        for s in [
            "vainqueur",
            "",
            "   ",
            "la maison",
            "l'ancien",
            "ex-",
            "Paris",
            "l'",
        ] {
            assert_eq!(normalize_role(s), None, "{s}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_safe_and_normal_forms_are_fixed_points(
            s in "(l'|la |le |ancienne |ex-|Ex-)?(ministre|Première ministre|secrétaire d'Etat|députée|maire|[a-zA-Zéèà' -]{0,12})( de la Santé| au Développement| chargée de l'Economie| PS)?",
            junk in "\\PC{0,40}",
        ) {
            let _ = normalize_role(&junk);
            if let Some(r) = normalize_role(&s) {
                proptest::prop_assert!(r.normalized.starts_with(&r.title));
                let again = normalize_role(&r.normalized);
                proptest::prop_assert_eq!(
                    again.map(|a| a.normalized),
                    Some(r.normalized.clone()),
                    "{}", s
                );
            }
        }
    }

    #[test]
    fn words_split_elisions_and_ex() {
        assert_eq!(
            words("l'ex-Première ministre"),
            ["l'", "ex", "Première", "ministre"]
        );
        assert_eq!(words("d’État"), ["d'", "État"]);
        assert_eq!(words("aujourd'hui"), ["aujourd'hui"]);
        assert_eq!(restore_accent("Etat"), "État");
        assert_eq!(restore_accent("Europe"), "Europe");
        assert_eq!(restore_accent("ETAT"), "ÉTAT");
    }
}
