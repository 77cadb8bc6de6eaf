//! Titles and roles ("le député", "la secrétaire d'État", "l'ancien Premier ministre")
//! and subject pronouns ("il", "-t-elle").
//!
//! Titles are written once as masculine/feminine alternatives ("conseiller/conseillère
//! régional/régionale"); the four gender × number forms are generated (plural by rule,
//! only on the words before the first function word, so "secrétaires d'État").

use std::sync::OnceLock;

use crate::{
    FxMap, Gender, Number, PhraseIndex, fold, index_form, inflect, longest_first, match_phrase,
    phrase_words,
};

/// Broad field of a title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TitleKind {
    /// Elected or party office (député, maire, porte-parole).
    Political,
    /// Civil service, diplomacy, police (préfet, ambassadeur).
    Public,
    /// Judiciary and law (juge, procureur, avocat).
    Justice,
    /// Companies (PDG, directrice générale).
    Business,
    /// Armed forces (général, colonel).
    Military,
    /// Monarchs and clergy (roi, pape, imam).
    Religious,
    /// Professions and experts quoted as such (économiste, journaliste).
    Profession,
    /// Membership and generic roles (membre, responsable, militant).
    Generic,
}

/// What a recognised title head says about its holder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TitleInfo {
    /// Canonical form: masculine singular, lowercase ("premier ministre").
    pub lemma: &'static str,
    /// Field of the title.
    pub kind: TitleKind,
    /// Gender marked by the form; `None` for epicene forms ("ministre", "juge").
    pub gender: Option<Gender>,
    /// Number of the form.
    pub number: Number,
}

/// Title table: `<kind> <phrase>`, words with `/` give masculine/feminine forms,
/// a trailing `=` marks a word invariable in the plural.
const TITLES: &str = "
P ministre
P premier/première ministre
P vice-premier/vice-première ministre
P ministre délégué/déléguée
P ministre d'état
P président/présidente
P vice-président/vice-présidente
P coprésident/coprésidente
P président/présidente de la république
P président/présidente de région
P chef/cheffe de l'état
P chef/cheffe du gouvernement
P chef/cheffe de file
P chef/cheffe de l'opposition
P chef/cheffe
P tête de liste
P député/députée
P député/députée européen/européenne
P eurodéputé/eurodéputée
P parlementaire
P sénateur/sénatrice
P maire
P mairesse
P maire adjoint/adjointe
P adjoint/adjointe au maire
P premier/première adjoint/adjointe
P adjoint/adjointe
P conseiller/conseillère régional/régionale
P conseiller/conseillère départemental/départementale
P conseiller/conseillère municipal/municipale
P conseiller/conseillère général/générale
P conseiller/conseillère de paris
P conseiller/conseillère
P secrétaire d'état
P secrétaire général/générale
P secrétaire national/nationale
P premier/première secrétaire
P secrétaire
P porte-parole=
P candidat/candidate
P présidentiable
P commissaire européen/européenne
P chancelier/chancelière
P garde des sceaux
P questeur/questeure
P rapporteur/rapporteure
P rapporteur/rapporteure général/générale
P gouverneur/gouverneure
P haut-commissaire/haute-commissaire
P élu/élue
P dirigeant/dirigeante
P leader
P patron/patronne
P collaborateur/collaboratrice
P attaché/attachée de presse
P directeur/directrice de campagne
P directeur/directrice de cabinet
P chef/cheffe de cabinet
P opposant/opposante
P ténor
P baron/baronne
P numéro= deux=
P numéro= un=
P bras= droit=
G préfet/préfète
G sous-préfet/sous-préfète
G ambassadeur/ambassadrice
G diplomate
G consul/consule
G fonctionnaire
G haut/haute fonctionnaire
G inspecteur/inspectrice
G commissaire
G recteur/rectrice
G médiateur/médiatrice
G émissaire
G envoyé/envoyée spécial/spéciale
G négociateur/négociatrice
G défenseur/défenseure des droits
G policier/policière
G gendarme
G officier/officière de police
J juge
J juge d'instruction
J procureur/procureure
J procureur/procureure de la république
J procureur/procureure général/générale
J avocat/avocate
J avocat/avocate général/générale
J magistrat/magistrate
J bâtonnier/bâtonnière
J greffier/greffière
J notaire
B pdg
B président-directeur/présidente-directrice général/générale
B directeur/directrice
B directeur/directrice général/générale
B dg
B fondateur/fondatrice
B cofondateur/cofondatrice
B co-fondateur/co-fondatrice
B administrateur/administratrice
B actionnaire
B banquier/banquière
B chef/cheffe d'entreprise
B entrepreneur/entrepreneuse
B gérant/gérante
B associé/associée
B trésorier/trésorière
B cadre
B syndicaliste
B délégué/déléguée syndical/syndicale
B économiste en chef
M général/générale
M colonel/colonelle
M capitaine
M commandant/commandante
M lieutenant/lieutenante
M amiral/amirale
M chef/cheffe d'état-major
M officier/officière
M sergent/sergente
M maréchal/maréchale
M soldat/soldate
M caporal/caporale
M caporal-chef/caporale-chef
M adjudant/adjudante
M adjudant-chef/adjudante-chef
M brigadier/brigadière
M sous-officier/sous-officière
M matelot
M lieutenant-colonel/lieutenante-colonelle
M vice-amiral/vice-amirale
M contre-amiral/contre-amirale
R roi/reine
R prince/princesse
R monarque
R empereur/impératrice
R émir
R sultan
R pape
R cardinal
R archevêque
R évêque
R imam
R rabbin
R grand rabbin
R pasteur/pasteure
R prêtre
R abbé
R ayatollah
X économiste
X politologue
X sociologue
X historien/historienne
X philosophe
X journaliste
X éditorialiste
X chroniqueur/chroniqueuse
X rédacteur/rédactrice en chef
X reporter
X correspondant/correspondante
X chercheur/chercheuse
X professeur/professeure
X enseignant/enseignante
X universitaire
X médecin
X docteur/docteure
X infirmier/infirmière
X épidémiologiste
X infectiologue
X virologue
X spécialiste
X expert/experte
X analyste
X consultant/consultante
X écrivain/écrivaine
X auteur/autrice
X romancier/romancière
X essayiste
X acteur/actrice
X comédien/comédienne
X chanteur/chanteuse
X réalisateur/réalisatrice
X cinéaste
X artiste
X musicien/musicienne
X joueur/joueuse
X entraîneur/entraîneuse
X sélectionneur/sélectionneuse
X athlète
X ingénieur/ingénieure
X architecte
X démographe
X juriste
X constitutionnaliste
X climatologue
X psychiatre
X psychologue
X présentateur/présentatrice
X animateur/animatrice
X humoriste
X photographe
O responsable
O militant/militante
O activiste
O membre
O adhérent/adhérente
O sympathisant/sympathisante
O représentant/représentante
O délégué/déléguée
O bénévole
O proche
O manifestant/manifestante
";

struct TitleTable {
    heads: FxMap<Box<str>, TitleInfo>,
    /// First word → (pattern words, info), longest pattern first.
    multi: PhraseIndex<TitleInfo>,
}

fn kind_of(code: &str) -> Option<TitleKind> {
    Some(match code {
        "P" => TitleKind::Political,
        "G" => TitleKind::Public,
        "J" => TitleKind::Justice,
        "B" => TitleKind::Business,
        "M" => TitleKind::Military,
        "R" => TitleKind::Religious,
        "X" => TitleKind::Profession,
        "O" => TitleKind::Generic,
        _ => return None,
    })
}

fn leak(s: String) -> &'static str {
    // The table lives for the whole program (OnceLock); leaking its few hundred
    // canonical strings gives `TitleInfo` a `Copy` lemma without lifetimes.
    Box::leak(s.into_boxed_str())
}

fn build_titles() -> TitleTable {
    let mut heads: FxMap<Box<str>, TitleInfo> = FxMap::default();
    let mut multi: PhraseIndex<TitleInfo> = FxMap::default();
    for line in TITLES.lines() {
        let Some((code, phrase)) = line.trim().split_once(' ') else {
            continue;
        };
        let Some(kind) = kind_of(code) else { continue };
        let words = phrase_words(phrase);
        let gendered = words.iter().any(|w| w.contains('/'));
        let lemma_words: Vec<&str> = words
            .iter()
            .map(|w| w.split('/').next().unwrap_or(w).trim_end_matches('='))
            .collect();
        let lemma = leak(join_words(&lemma_words));
        for fem in [false, true] {
            if fem && !gendered {
                continue;
            }
            for plural in [false, true] {
                let info = TitleInfo {
                    lemma,
                    kind,
                    gender: gendered.then_some(if fem {
                        Gender::Feminine
                    } else {
                        Gender::Masculine
                    }),
                    number: if plural {
                        Number::Plural
                    } else {
                        Number::Singular
                    },
                };
                index_form(&mut heads, &mut multi, inflect(&words, fem, plural), info);
            }
        }
    }
    longest_first(&mut multi);
    TitleTable { heads, multi }
}

fn join_words(words: &[&str]) -> String {
    let mut s = String::new();
    for w in words {
        if !s.is_empty() && !s.ends_with('\'') {
            s.push(' ');
        }
        s.push_str(w);
    }
    s
}

fn titles() -> &'static TitleTable {
    static T: OnceLock<TitleTable> = OnceLock::new();
    T.get_or_init(build_titles)
}

/// Periphrases the press uses for a government office, as (folded description from its
/// head on, folded start of the KB office title it designates): "le chef de l'État" is the
/// président de la République, "le locataire de Matignon" the Premier ministre.
const OFFICE_PERIPHRASES: &[(&str, &str)] = &[
    ("chef de l'etat", "president de la republique"),
    ("locataire de l'elysee", "president de la republique"),
    ("hote de l'elysee", "president de la republique"),
    ("chef du gouvernement", "premier ministre"),
    ("locataire de matignon", "premier ministre"),
    ("hote de matignon", "premier ministre"),
    ("patron de matignon", "premier ministre"),
    ("garde des sceaux", "ministre de la justice"),
    ("patron de bercy", "ministre de l'economie"),
    ("locataire de bercy", "ministre de l'economie"),
    ("patron de beauvau", "ministre de l'interieur"),
    ("locataire de beauvau", "ministre de l'interieur"),
    ("hote de beauvau", "ministre de l'interieur"),
    ("premier flic de france", "ministre de l'interieur"),
    ("chef de la diplomatie", "ministre des affaires etrangeres"),
    ("patron du quai d'orsay", "ministre des affaires etrangeres"),
];

/// The KB office title (folded start) a description designates by periphrase, from the
/// description's folded words from its head on ("chef de l'etat" → "president de la
/// republique"); `None` for any other description.
pub fn office_of_periphrase(core: &str) -> Option<&'static str> {
    OFFICE_PERIPHRASES.iter().find_map(|&(p, office)| {
        let rest = core.strip_prefix(p)?;
        (rest.is_empty() || rest.starts_with(' ')).then_some(office)
    })
}

/// Recognises a one-word title head ("députée", "Ministres", "ex-ministre").
pub fn title_head(word: &str) -> Option<TitleInfo> {
    let w = fold(word);
    let t = titles();
    if let Some(i) = t.heads.get(w.as_ref()) {
        return Some(*i);
    }
    let bare = w.strip_prefix("ex-").unwrap_or(&w);
    if let Some(i) = t.heads.get(bare) {
        return Some(*i);
    }
    // A hyphenated compound of titles ("maire-adjointe", "directeur-adjoint"): the
    // holder of the first, with the gender either part marks and the number of the last.
    if !bare.contains('-') {
        return None;
    }
    let mut parts = bare.split('-').map(|p| t.heads.get(p).copied());
    let first = parts.next().flatten()?;
    let mut info = first;
    for p in parts {
        let p = p?;
        info.gender = info.gender.or(p.gender);
        info.number = p.number;
    }
    Some(info)
}

/// Number of tokens, from the start of `tokens`, that form a title head: 2 for
/// ["Premier", "ministre"], 3 for ["secrétaire", "d'", "État"], 1 for ["député"].
pub fn title_at(tokens: &[&str]) -> Option<usize> {
    title_info_at(tokens).map(|(n, _)| n)
}

/// Like [`title_at`], with what the title says about its holder.
pub fn title_info_at(tokens: &[&str]) -> Option<(usize, TitleInfo)> {
    let first = fold(tokens.first()?);
    let t = titles();
    let first_piece = match first.find('\'') {
        Some(i) => first.get(..=i).unwrap_or(&first),
        None => first.as_ref(),
    };
    if let Some(cands) = t.multi.get(first_piece) {
        for (pat, info) in cands {
            if let Some(n) = match_phrase(tokens, pat) {
                return Some((n, *info));
            }
        }
    }
    title_head(tokens.first()?).map(|i| (1, i))
}

/// Gender and number of a subject pronoun: "il", "elles", "-t-il", "-elle",
/// "celui-ci", "elle-même"… (`on`, `je`, `nous` carry none and give `None`).
pub fn subject_pronoun(w: &str) -> Option<(Gender, Number)> {
    let f = fold(w);
    let s = f.trim_start_matches('-');
    let s = s.strip_prefix("t-").unwrap_or(s);
    use Gender::{Feminine as F, Masculine as M};
    use Number::{Plural as P, Singular as S};
    Some(match s {
        "il" | "lui" | "lui-même" | "celui-ci" | "celui-là" => (M, S),
        "elle" | "elle-même" | "celle-ci" | "celle-là" => (F, S),
        "ils" | "eux" | "eux-mêmes" | "ceux-ci" | "ceux-là" => (M, P),
        "elles" | "elles-mêmes" | "celles-ci" | "celles-là" => (F, P),
        _ => return None,
    })
}

/// Subject clitics that attach to an inverted verb ("estime-t-il", "dit-elle").
const CLITICS: &[&str] = &[
    "-t-il", "-t-elle", "-t-ils", "-t-elles", "-t-on", "-il", "-elle", "-ils", "-elles", "-on",
    "-je", "-tu", "-nous", "-vous",
];

/// Splits an inverted verb from its subject clitic: "a-t-il" → ("a", "-t-il").
/// Returns `None` when the word carries no clitic.
pub fn split_subject_clitic(w: &str) -> Option<(&str, &str)> {
    for c in CLITICS {
        if w.len() > c.len() {
            let cut = w.len() - c.len();
            if let (Some(head), Some(tail)) = (w.get(..cut), w.get(cut..))
                && tail.eq_ignore_ascii_case(c)
            {
                return Some((head, tail));
            }
        }
    }
    None
}

/// Every generated title form (for tests and diagnostics): (words, info).
pub fn title_forms() -> impl Iterator<Item = (String, TitleInfo)> {
    let t = titles();
    let single = t.heads.iter().map(|(k, v)| (k.to_string(), *v));
    let multi = t.multi.values().flatten().map(|(p, v)| {
        (
            join_words(&p.iter().map(|s| s.as_ref()).collect::<Vec<_>>()),
            *v,
        )
    });
    single.chain(multi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periphrases_name_offices() {
        assert_eq!(
            office_of_periphrase("chef de l'etat"),
            Some("president de la republique")
        );
        assert_eq!(
            office_of_periphrase("locataire de matignon depuis mai"),
            Some("premier ministre")
        );
        assert_eq!(office_of_periphrase("chef d'etat major"), None);
        assert_eq!(office_of_periphrase("chef du parti"), None);
    }

    #[test]
    fn hyphenated_compounds_of_titles() {
        let m = title_head("maire-adjointe").unwrap_or_else(|| panic!("maire-adjointe"));
        assert_eq!(
            (m.lemma, m.gender, m.number),
            ("maire", Some(Gender::Feminine), Number::Singular)
        );
        let d = title_head("ex-directeurs-adjoints").unwrap_or_else(|| panic!("directeurs"));
        assert_eq!(
            (d.gender, d.number),
            (Some(Gender::Masculine), Number::Plural)
        );
        // Every part must be a title: a place or a name after the hyphen is not one.
        assert!(title_head("maire-Dupont").is_none());
        assert!(title_head("Saint-Maire").is_none());
    }

    #[test]
    fn heads_with_gender_and_number() {
        let d = title_head("députée").unwrap_or_else(|| panic!("députée"));
        assert_eq!(
            (d.gender, d.number),
            (Some(Gender::Feminine), Number::Singular)
        );
        assert_eq!(d.lemma, "député");
        let s = title_head("Sénatrices").unwrap_or_else(|| panic!("sénatrices"));
        assert_eq!(
            (s.gender, s.number),
            (Some(Gender::Feminine), Number::Plural)
        );
        let m = title_head("ministre").unwrap_or_else(|| panic!("ministre"));
        assert_eq!(m.gender, None);
        assert_eq!(
            title_head("ministres").map(|i| i.number),
            Some(Number::Plural)
        );
        assert_eq!(
            title_head("généraux").map(|i| i.kind),
            Some(TitleKind::Military)
        );
        assert!(title_head("PDG").is_some());
        assert!(title_head("porte-parole").is_some());
        assert!(title_head("ex-ministre").is_some());
        assert!(title_head("cheffe").is_some());
        assert!(title_head("table").is_none());
        assert!(title_head("maison").is_none());
    }

    #[test]
    fn multiword_titles() {
        assert_eq!(title_at(&["Premier", "ministre", "Manuel"]), Some(2));
        assert_eq!(title_at(&["premier", "ministre"]), Some(2));
        assert_eq!(title_at(&["secrétaire", "d'", "État", "au"]), Some(3));
        assert_eq!(title_at(&["secrétaire", "d\u{2019}", "État"]), Some(3));
        // One token "d'État" is two pieces of the pattern.
        assert_eq!(title_at(&["secrétaire", "d'État", "au"]), Some(2));
        assert_eq!(title_at(&["chef", "de", "l'", "État"]), Some(4));
        assert_eq!(title_at(&["président", "de", "la", "République"]), Some(4));
        assert_eq!(title_at(&["président", "de", "la", "commission"]), Some(1));
        assert_eq!(title_at(&["conseillère", "régionale", "d'"]), Some(2));
        assert_eq!(title_at(&["conseillers", "régionaux"]), Some(2));
        assert_eq!(title_at(&["secrétaires", "d'", "État"]), Some(3));
        assert_eq!(title_at(&["Première", "ministre"]), Some(2));
        assert_eq!(title_at(&["premier"]), None);
        assert_eq!(title_at(&["maison"]), None);
        assert_eq!(title_at(&[]), None);
        let (_, i) = title_info_at(&["secrétaire", "générale"]).unwrap_or_else(|| panic!("sg"));
        assert_eq!(i.gender, Some(Gender::Feminine));
        assert_eq!(i.lemma, "secrétaire général");
    }

    #[test]
    fn every_generated_form_is_recognised() {
        let mut n = 0;
        for (form, info) in title_forms() {
            let words: Vec<&str> = phrase_words(&form);
            assert!(title_at(&words).is_some(), "{form}");
            let (len, got) = title_info_at(&words).unwrap_or_else(|| panic!("{form}"));
            assert_eq!(len, words.len(), "{form}");
            assert_eq!(got.lemma, info.lemma, "{form}");
            n += 1;
        }
        assert!(n > 500, "{n} forms");
    }

    #[test]
    fn pronouns() {
        assert_eq!(
            subject_pronoun("il"),
            Some((Gender::Masculine, Number::Singular))
        );
        assert_eq!(
            subject_pronoun("Elle"),
            Some((Gender::Feminine, Number::Singular))
        );
        assert_eq!(
            subject_pronoun("-t-elle"),
            Some((Gender::Feminine, Number::Singular))
        );
        assert_eq!(
            subject_pronoun("-ils"),
            Some((Gender::Masculine, Number::Plural))
        );
        assert_eq!(
            subject_pronoun("elles"),
            Some((Gender::Feminine, Number::Plural))
        );
        assert_eq!(subject_pronoun("on"), None);
        assert_eq!(subject_pronoun("table"), None);
        assert_eq!(split_subject_clitic("a-t-il"), Some(("a", "-t-il")));
        assert_eq!(
            split_subject_clitic("estime-t-elle"),
            Some(("estime", "-t-elle"))
        );
        assert_eq!(split_subject_clitic("dit-il"), Some(("dit", "-il")));
        assert_eq!(
            split_subject_clitic("poursuit-il"),
            Some(("poursuit", "-il"))
        );
        assert_eq!(split_subject_clitic("Jean-Marie"), None);
        assert_eq!(split_subject_clitic("-il"), None);
    }
}
