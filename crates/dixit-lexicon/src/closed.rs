//! Closed-class French words extraction reasons about: capitalised function words that never
//! start a name, calendar words, name particles, civilities, place nouns before a name,
//! determiners and the adverbs and clitics that sit between an auxiliary and its participle.

use crate::Gender;

/// Capitalised words that start sentences or titles but never begin a person's name.
pub fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "Le" | "La"
            | "Les"
            | "L'"
            | "L’"
            | "Un"
            | "Une"
            | "Des"
            | "Du"
            | "De"
            | "D'"
            | "D’"
            | "Au"
            | "Aux"
            | "Et"
            | "Ou"
            | "Mais"
            | "Donc"
            | "Or"
            | "Ni"
            | "Car"
            | "Si"
            | "Selon"
            | "Pour"
            | "Par"
            | "Sur"
            | "Dans"
            | "Avec"
            | "Sans"
            | "Sous"
            | "Chez"
            | "Vers"
            | "Contre"
            | "Après"
            | "Avant"
            | "Depuis"
            | "Pendant"
            | "Entre"
            | "En"
            | "À"
            | "A"
            | "Il"
            | "Elle"
            | "Ils"
            | "Elles"
            | "On"
            | "Je"
            | "Nous"
            | "Vous"
            | "Ce"
            | "Cet"
            | "Cette"
            | "Ces"
            | "Son"
            | "Sa"
            | "Ses"
            | "Leur"
            | "Leurs"
            | "Mon"
            | "Ma"
            | "Mes"
            | "Notre"
            | "Nos"
            | "Votre"
            | "Vos"
            | "Qui"
            | "Que"
            | "Quoi"
            | "Quand"
            | "Comment"
            | "Pourquoi"
            | "Où"
            | "Alors"
            | "Ainsi"
            | "Enfin"
            | "Puis"
            | "Aussi"
            | "Encore"
            | "Déjà"
            | "Toutefois"
            | "Cependant"
            | "Pourtant"
            | "Néanmoins"
            | "Lors"
            | "Dès"
            | "Face"
            | "Outre"
            | "Malgré"
            | "Grâce"
            | "Tout"
            | "Toute"
            | "Tous"
            | "Toutes"
            | "Plus"
            | "Moins"
            | "Très"
            | "Non"
            | "Oui"
            | "Ni-ni"
            | "Chaque"
            | "Certains"
            | "Plusieurs"
            | "Cela"
            | "Ça"
            | "Ceci"
            | "Celui"
            | "Celle"
            | "Ceux"
            | "Y"
            | "Ne"
            | "N'"
            | "Se"
            | "S'"
            | "C'"
            | "Qu'"
            | "Lorsqu'"
            | "Puisqu'"
            | "Jusqu'"
    )
}

/// Words (lowercase) that open a sentence before a comma and never name anyone:
/// adverbs ("Ensuite, le ministre …") beside the "-ment" ones, and the participles of
/// press frames ("Interrogé, le ministre …").
pub fn is_sentence_adverb(w: &str) -> bool {
    matches!(
        w,
        "ensuite"
            | "hier"
            | "demain"
            | "aujourd'hui"
            | "aujourd’hui"
            | "désormais"
            | "ici"
            | "là"
            | "ailleurs"
            | "surtout"
            | "certes"
            | "bref"
            | "auparavant"
            | "entre-temps"
            | "parfois"
            | "souvent"
            | "jadis"
            | "naguère"
            | "d'abord"
            | "enfin"
            | "puis"
            | "alors"
            | "ainsi"
            | "or"
            | "donc"
            | "sinon"
            | "pourtant"
            | "cependant"
            | "toutefois"
            | "néanmoins"
            | "aussi"
            | "depuis"
            | "visiblement"
            | "interrogé"
            | "interrogée"
            | "sollicité"
            | "sollicitée"
            | "contacté"
            | "contactée"
            | "invité"
            | "invitée"
    )
}

/// Month and day names, capitalised in titles and dates, never person names.
pub fn is_calendar_word(w: &str) -> bool {
    let l = w.to_lowercase();
    matches!(
        l.as_str(),
        "janvier"
            | "février"
            | "mars"
            | "avril"
            | "mai"
            | "juin"
            | "juillet"
            | "août"
            | "septembre"
            | "octobre"
            | "novembre"
            | "décembre"
            | "lundi"
            | "mardi"
            | "mercredi"
            | "jeudi"
            | "vendredi"
            | "samedi"
            | "dimanche"
    )
}

/// Holidays that are also first names or capitalised like names ("Noël", "Pâques"):
/// alone, they date something rather than name someone.
pub fn is_holiday(w: &str) -> bool {
    matches!(
        w,
        "Noël" | "Pâques" | "Toussaint" | "Pentecôte" | "Ascension" | "Assomption" | "Ramadan"
    )
}

/// A surname written with its particle in one hyphenated word ("al-Assad", "el-Béchir",
/// "ould-Abdallah"): a name word although it starts in lower case.
pub fn is_particle_compound(w: &str) -> bool {
    let Some((prefix, rest)) = w.split_once('-') else {
        return false;
    };
    matches!(
        prefix,
        "al" | "el"
            | "ad"
            | "ar"
            | "as"
            | "at"
            | "az"
            | "ed"
            | "er"
            | "es"
            | "et"
            | "ech"
            | "ach"
            | "an"
            | "ibn"
            | "bin"
            | "ben"
            | "abu"
            | "abou"
            | "ould"
    ) && rest.chars().next().is_some_and(char::is_uppercase)
}

/// Lowercase particles inside surnames ("Le Guen", "de Villepin", "Van der Bellen").
pub fn is_name_particle(w: &str) -> bool {
    matches!(
        w,
        "de" | "du"
            | "des"
            | "d'"
            | "d’"
            | "Le"
            | "La"
            | "le"
            | "la"
            | "van"
            | "von"
            | "der"
            | "den"
            | "di"
            | "da"
            | "dos"
            | "del"
            | "della"
            | "ben"
            | "bin"
            | "el"
            | "al"
            | "Van"
            | "Von"
            | "Da"
            | "Di"
            | "Del"
            | "De"
            | "Ben"
            | "El"
            | "Al"
            | "Abu"
            | "Ould"
    )
}

/// Courtesy titles that announce a surname ("M. Fillon", "Mme Le Pen"): `Some(gender)` when
/// the word is one, the gender being `None` for epicene ones ("Me", "Dr").
pub fn civility(w: &str) -> Option<Option<Gender>> {
    match w {
        "M." | "MM." | "Monsieur" | "Mr" | "Mr." => Some(Some(Gender::Masculine)),
        "Mme" | "Mme." | "Mmes" | "Madame" | "Mlle" | "Mademoiselle" => {
            Some(Some(Gender::Feminine))
        }
        "Me" | "Dr" | "Dr." | "Pr" | "Pr." | "Mgr" => Some(None),
        _ => None,
    }
}

/// Nouns before a capitalised name that make it a place or a thing, not a person
/// ("rue Victor Hugo", "lycée Jean-Jaurès").
pub fn is_place_noun(w: &str) -> bool {
    let l = w.to_lowercase();
    matches!(
        l.as_str(),
        "rue"
            | "avenue"
            | "boulevard"
            | "bd"
            | "place"
            | "quai"
            | "pont"
            | "allée"
            | "impasse"
            | "square"
            | "lycée"
            | "collège"
            | "école"
            | "université"
            | "fondation"
            | "institut"
            | "hôpital"
            | "stade"
            | "gare"
            | "musée"
            | "prix"
            | "promotion"
            | "salle"
            | "aéroport"
            | "station"
            | "centre"
            | "porte"
            | "cours"
            | "parc"
            | "jardin"
            | "théâtre"
            | "palais"
            | "hôtel"
            | "complexe"
            | "espace"
            | "cité"
            | "résidence"
            | "chemin"
            | "route"
    )
}

/// Prepositions that introduce a complement, contractions and elisions included: a name
/// after one is no subject.
pub fn is_preposition(w: &str) -> bool {
    matches!(
        w.to_lowercase().as_str(),
        "à" | "au"
            | "aux"
            | "avec"
            | "pour"
            | "contre"
            | "chez"
            | "de"
            | "du"
            | "des"
            | "d'"
            | "d’"
            | "par"
            | "sur"
            | "vers"
            | "entre"
            | "envers"
            | "auprès"
            | "face"
    )
}

/// Nouns that sum up the clause before them rather than describe a person, in an
/// apposition after a name ("… a tiré sur Paul Morin, un acte qui a choqué", "… a
/// démissionné Claire Guédon, une décision saluée"), lowercase.
pub fn is_resumptive_noun(w: &str) -> bool {
    matches!(
        w,
        "acte"
            | "geste"
            | "décision"
            | "mesure"
            | "fait"
            | "événement"
            | "évènement"
            | "incident"
            | "drame"
            | "signe"
            | "première"
            | "annonce"
            | "initiative"
            | "situation"
            | "scène"
            | "record"
            | "tournant"
            | "revers"
            | "victoire"
            | "défaite"
            | "échec"
            | "succès"
            | "coup"
            | "choix"
            | "démarche"
            | "manœuvre"
            | "attaque"
            | "déclaration"
            | "propos"
    )
}

/// Collective and quantity nouns, lowercase: a group or a share, never one person
/// ("la plupart ont dit", "la foule scandait", "la presse a rapporté").
pub fn is_collective_noun(w: &str) -> bool {
    matches!(
        w,
        "plupart"
            | "ensemble"
            | "reste"
            | "moitié"
            | "majorité"
            | "minorité"
            | "totalité"
            | "foule"
            | "population"
            | "presse"
            | "opinion"
            | "public"
            | "assistance"
            | "audience"
            | "peuple"
            | "jeunesse"
    )
}

/// Determiners that open a noun phrase.
pub fn is_determiner(w: &str) -> bool {
    matches!(
        w.to_lowercase().as_str(),
        "le" | "la"
            | "les"
            | "l'"
            | "l’"
            | "un"
            | "une"
            | "des"
            | "du"
            | "au"
            | "aux"
            | "son"
            | "sa"
            | "ses"
            | "ce"
            | "cet"
            | "cette"
            | "leur"
            | "leurs"
            | "notre"
            | "votre"
    )
}

/// Indefinite adjectives that stand between an article and a name without describing
/// the person ("un certain Paul Morin", "un autre Paul Morin"), lowercase.
pub fn is_indefinite_adjective(w: &str) -> bool {
    matches!(
        w,
        "certain" | "certaine" | "autre" | "même" | "tel" | "telle" | "seul" | "seule"
    )
}

/// Adverbs and clitics that sit between a subject, an auxiliary and a participle
/// ("a aussi jugé", "avait d'ailleurs déjà déclaré", "ne l'a pas dit").
pub fn is_verb_filler(w: &str) -> bool {
    matches!(
        w.to_lowercase().as_str(),
        "aussi"
            | "encore"
            | "déjà"
            | "également"
            | "alors"
            | "ensuite"
            | "enfin"
            | "toutefois"
            | "pourtant"
            | "cependant"
            | "néanmoins"
            | "notamment"
            | "ainsi"
            | "bien"
            | "même"
            | "surtout"
            | "toujours"
            | "souvent"
            | "lui-même"
            | "elle-même"
            | "d'ailleurs"
            | "d’ailleurs"
            | "ailleurs"
            | "d'emblée"
            | "aussitôt"
            | "immédiatement"
            | "vite"
            | "clairement"
            | "publiquement"
            | "longuement"
            | "récemment"
            | "hier"
            | "mardi"
            | "lundi"
            | "mercredi"
            | "jeudi"
            | "vendredi"
            | "samedi"
            | "dimanche"
            | "fermement"
            | "ouvertement"
            | "vivement"
            | "directement"
            | "simplement"
            | "seulement"
            | "plutôt"
            | "ne"
            | "n'"
            | "n’"
            | "pas"
            | "plus"
            | "jamais"
            | "guère"
            | "point"
            | "se"
            | "s'"
            | "s’"
            | "lui"
            | "leur"
            | "l'"
            | "l’"
            | "le"
            | "la"
            | "les"
            | "y"
            | "en"
            | "me"
            | "m'"
            | "m’"
            | "nous"
            | "vous"
            | "t'"
            | "te"
            | "d'abord"
            | "d’abord"
            | "d'"
            | "d’"
            | "tout"
            | "sans"
            | "doute"
            | "pour"
            | "sa"
            | "part"
            | "ce"
            | "soir"
            | "matin"
            | "côté"
            | "quant"
            | "de"
            | "son"
            | "à"
            | "elle"
            | "eux"
            | "aujourd'hui"
            | "aujourd’hui"
            | "personnellement"
            | "volontiers"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn particle_compounds_are_name_words() {
        for w in ["al-Assad", "el-Béchir", "ould-Abdallah", "ben-Gourion"] {
            assert!(is_particle_compound(w), "{w}");
        }
        for w in [
            "al-assad",
            "Al-Assad",
            "arc-en-ciel",
            "anti-Macron",
            "Assad",
        ] {
            assert!(!is_particle_compound(w), "{w}");
        }
    }

    #[test]
    fn civilities_carry_gender() {
        assert_eq!(civility("Mme"), Some(Some(Gender::Feminine)));
        assert_eq!(civility("M."), Some(Some(Gender::Masculine)));
        assert_eq!(civility("Dr"), Some(None));
        assert_eq!(civility("Marie"), None);
    }

    #[test]
    fn sentence_openers_are_not_names() {
        assert!(is_function_word("Selon"));
        assert!(is_calendar_word("Mardi"));
        assert!(!is_function_word("Hamon"));
    }
}
