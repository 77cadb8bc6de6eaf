//! Common nouns that tell what a noun phrase refers to: a person ("le quadragénaire",
//! "la toxicologue", "son frère"), an outlet ("l'hebdomadaire"), an organisation ("le
//! ministère"), a document ("le rapport"). Titles and offices are in [`crate::titles`]; this
//! table holds the other heads that coreference and attribution need to type a description.
//!
//! Written like the titles: masculine/feminine alternatives with `/`, plurals generated.

use std::sync::OnceLock;

use crate::{FxMap, Gender, Number, PhraseIndex, fold, index_form, inflect, longest_first};

/// What a noun phrase with this head refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NounClass {
    /// A human being described by kinship, age, occupation, status or origin.
    Person,
    /// A news outlet or programme.
    Media,
    /// A body of a kind there are many of (company, party, union, association): "l'ONG"
    /// refers back to the one named before.
    Organization,
    /// A body the phrase itself designates (the prosecution, the prefecture, the
    /// government, the army): "le parquet" names its referent.
    Institution,
    /// A written or recorded text: report, letter, study, communiqué.
    Document,
}

/// A recognised noun.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NounInfo {
    /// Class of what the noun refers to.
    pub class: NounClass,
    /// Gender marked by the form; `None` for epicene forms ("journaliste", "témoin").
    pub gender: Option<Gender>,
    /// Number of the form.
    pub number: Number,
}

/// `<class> <forms>`: H person, M media, O organisation (of a kind), I institution
/// (self-designating), D document.
const NOUNS: &str = "
H homme/femme
H entourage
H proche
H garçon/fille
H monsieur/madame
H dame
H frère/sœur
H père/mère
H fils
H mari/épouse
H époux/épouse
H compagnon/compagne
H conjoint/conjointe
H enfant
H bébé
H ado
H adolescent/adolescente
H jeune
H retraité/retraitée
H habitant/habitante
H riverain/riveraine
H résident/résidente
H étudiant/étudiante
H lycéen/lycéenne
H collégien/collégienne
H élève
H témoin
H victime
H patient/patiente
H malade
H voisin/voisine
H ami/amie
H copain/copine
H parent
H grand-père/grand-mère
H oncle/tante
H cousin/cousine
H neveu/nièce
H veuf/veuve
H orphelin/orpheline
H trentenaire
H quadragénaire
H quinquagénaire
H sexagénaire
H septuagénaire
H octogénaire
H nonagénaire
H centenaire
H interlocuteur/interlocutrice
H habitué/habituée
H client/cliente
H passant/passante
H touriste
H visiteur/visiteuse
H salarié/salariée
H employé/employée
H ouvrier/ouvrière
H agriculteur/agricultrice
H paysan/paysanne
H éleveur/éleveuse
H pêcheur/pêcheuse
H commerçant/commerçante
H restaurateur/restauratrice
H boulanger/boulangère
H artisan/artisane
H chauffeur/chauffeuse
H conducteur/conductrice
H routier/routière
H pompier
H secouriste
H sauveteur/sauveteuse
H soignant/soignante
H aide-soignant/aide-soignante
H pharmacien/pharmacienne
H vétérinaire
H dentiste
H chirurgien/chirurgienne
H urgentiste
H toxicologue
H biologiste
H généticien/généticienne
H pédiatre
H cardiologue
H neurologue
H anesthésiste
H gynécologue
H psychanalyste
H scientifique
H physicien/physicienne
H chimiste
H mathématicien/mathématicienne
H astronome
H astrophysicien/astrophysicienne
H archéologue
H paléontologue
H géologue
H sismologue
H volcanologue
H météorologue
H prévisionniste
H glaciologue
H océanographe
H écologue
H botaniste
H zoologiste
H anthropologue
H ethnologue
H linguiste
H géographe
H urbaniste
H statisticien/statisticienne
H informaticien/informaticienne
H développeur/développeuse
H technicien/technicienne
H mécanicien/mécanicienne
H électricien/électricienne
H plombier
H maçon
H instituteur/institutrice
H enseignant-chercheur/enseignante-chercheuse
H formateur/formatrice
H éducateur/éducatrice
H directeur/directrice d'école
H proviseur/proviseure
H principal/principale
H détenu/détenue
H prisonnier/prisonnière
H prévenu/prévenue
H accusé/accusée
H suspect/suspecte
H condamné/condamnée
H meurtrier/meurtrière
H assassin
H agresseur
H tireur/tireuse
H forcené/forcenée
H kamikaze
H djihadiste
H jihadiste
H terroriste
H otage
H réfugié/réfugiée
H migrant/migrante
H exilé/exilée
H demandeur/demandeuse d'asile
H sans-abri
H écologiste
H socialiste
H communiste
H centriste
H gaulliste
H libéral/libérale
H républicain/républicaine
H démocrate
H insoumis/insoumise
H frontiste
H macroniste
H indépendantiste
H nationaliste
H souverainiste
H populiste
H sportif/sportive
H footballeur/footballeuse
H rugbyman
H tennisman
H tenniswoman
H cycliste
H coureur/coureuse
H skieur/skieuse
H pilote
H nageur/nageuse
H boxeur/boxeuse
H navigateur/navigatrice
H alpiniste
H champion/championne
H vainqueur
H finaliste
H lauréat/lauréate
H star
H vedette
H icône
H héros/héroïne
H tribun
H compatriote
H superstar
H soigneur/soigneuse
H survivant/survivante
H rescapé/rescapée
H blessé/blessée
H opposant/opposante
H protagoniste
H cadet/cadette
H aîné/aînée
H fille
H gamin/gamine
H nourrisson
H gilet jaune
H prédécesseur
H successeur
H rival/rivale
H adversaire
H concurrent/concurrente
H allié/alliée
H partisan/partisane
H soutien
H fidèle
H interprète
H traducteur/traductrice
H guide
H moniteur/monitrice
H prof
H maître
H mannequin
H styliste
H couturier/couturière
H designer
H danseur/danseuse
H chorégraphe
H peintre
H sculpteur/sculptrice
H poète/poétesse
H dramaturge
H metteur/metteuse en scène
H compositeur/compositrice
H rappeur/rappeuse
H producteur/productrice
H scénariste
H blogueur/blogueuse
H youtubeur/youtubeuse
H influenceur/influenceuse
H internaute
H lanceur/lanceuse d'alerte
H plaignant/plaignante
H requérant/requérante
H demandeur/demandeuse
H défendeur/défenderesse
H enquêteur/enquêtrice
H policier/policière
H agent/agente
H douanier/douanière
H militaire
H combattant/combattante
H rebelle
H insurgé/insurgée
H vétéran/vétérane
H gardien/gardienne
H surveillant/surveillante
H propriétaire
H locataire
H héritier/héritière
H milliardaire
H millionnaire
H homme d'affaires
H femme d'affaires
H businessman
H patriarche
H doyen/doyenne
H benjamin/benjamine
H religieux/religieuse
H fidèle
H croyant/croyante
H curé
H moine
H nonne
H aumônier
H chef d'orchestre
H personnalité
H individu
H personne
H quidam
H inconnu/inconnue
H source
H locataire
H hôte
H collègue
H confrère/consœur
H souverain/souveraine
H monarque
H marin
H écolier/écolière
H parolier/parolière
H académicien/académicienne
H arbitre
H collectionneur/collectionneuse
H chômeur/chômeuse
M quotidien
M hebdomadaire
M mensuel
M bimensuel
M bimestriel
M trimestriel
M magazine
M journal
M revue
M gazette
M tabloïd
M périodique
M radio
M chaîne
M télévision
M télé
M site
M média
M agence
M station
M émission
M webzine
M quotidien régional
M quotidien national
M chaîne d'information
M chaîne de télévision
M site d'information
I gouvernement
I exécutif
I ministère
O parti
O formation
O syndicat
O centrale
O entreprise
O société
O groupe
O association
O ong
O fédération
O confédération
I armée
I police
I gendarmerie
I parquet
I tribunal
I cour
I justice
I commission
I comité
I conseil
I mairie
I municipalité
I préfecture
I hôpital
O clinique
I université
O institut
O fondation
O banque
O firme
O compagnie
O constructeur
O opérateur
O fabricant
O laboratoire
I autorité
I administration
I direction
I état-major
I régime
I opposition
I majorité
O coalition
O alliance
O mouvement
O collectif
O organisation
O institution
O club
O équipe
I sénat
I assemblée
I parlement
I élysée
I cabinet
I service
I office
I bureau
I inspection
I observatoire
I agence régionale de santé
I haut conseil
I conseil constitutionnel
I conseil d'état
I ambassade
I consulat
I diplomatie
I chancellerie
I kremlin
I pentagone
I junte
I ville
I commune
I département
I région
I état
I pays
I capitale
I secteur
I filière
I profession
I patronat
I défense
I accusation
D rapport
D étude
D document
D communiqué
D texte
D lettre
D courrier
D sondage
D enquête
D note
D décret
D arrêté
D jugement
D arrêt
D décision
D avis
D projet de loi
D proposition de loi
D loi
D bilan
D plainte
D tribune
D pétition
D message
D tweet
D déclaration
D livre
D ouvrage
D manifeste
D mémo
D circulaire
D audit
D expertise
D publication
D article
D dépêche
D ordonnance
D réquisitoire
D résolution
D motion
D programme
D accord
D traité
D contrat
D testament
D journal intime
D mail
D courriel
D sms
D vidéo
D enregistrement
";

struct NounTable {
    single: FxMap<Box<str>, NounInfo>,
    /// First word → (all words, info), longest first.
    multi: PhraseIndex<NounInfo>,
}

fn class_of(code: &str) -> Option<NounClass> {
    Some(match code {
        "H" => NounClass::Person,
        "M" => NounClass::Media,
        "O" => NounClass::Organization,
        "I" => NounClass::Institution,
        "D" => NounClass::Document,
        _ => return None,
    })
}

fn build() -> NounTable {
    let mut single: FxMap<Box<str>, NounInfo> = FxMap::default();
    let mut multi: PhraseIndex<NounInfo> = FxMap::default();
    for line in NOUNS.lines() {
        let Some((code, phrase)) = line.trim().split_once(' ') else {
            continue;
        };
        let Some(class) = class_of(code) else {
            continue;
        };
        let words: Vec<&str> = crate::phrase_words(phrase);
        let gendered = words.iter().any(|w| w.contains('/'));
        for fem in [false, true] {
            if fem && !gendered {
                continue;
            }
            for plural in [false, true] {
                let info = NounInfo {
                    class,
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
                index_form(&mut single, &mut multi, inflect(&words, fem, plural), info);
            }
        }
    }
    longest_first(&mut multi);
    NounTable { single, multi }
}

fn table() -> &'static NounTable {
    static T: OnceLock<NounTable> = OnceLock::new();
    T.get_or_init(build)
}

/// The class of a one-word noun ("quadragénaire", "Hebdomadaire", "rapports").
pub fn noun_info(word: &str) -> Option<NounInfo> {
    table().single.get(fold(word).as_ref()).copied()
}

/// A noun phrase head of one or several words at the start of `tokens` ("chaîne
/// d'information", "homme d'affaires"): the number of tokens used and the info.
pub fn noun_info_at(tokens: &[&str]) -> Option<(usize, NounInfo)> {
    let first = fold(tokens.first()?);
    if let Some(cands) = table().multi.get(first.as_ref()) {
        for (pat, info) in cands {
            if let Some(n) = crate::match_phrase(tokens, pat) {
                return Some((n, *info));
            }
        }
    }
    noun_info(tokens.first()?).map(|i| (1, i))
}

/// Heads of institutions that a complement or an adjective turns into the name of one
/// body ("le ministère de l'Intérieur", "l'armée afghane", "le parquet de Paris"), as the
/// annotation guide lists them among organisations. Government, regions, authorities and
/// the like are left out: "le gouvernement français", "les autorités locales" describe
/// rather than name.
pub fn is_named_body_head(word: &str) -> bool {
    matches!(
        crate::fold_key(word).as_str(),
        "ministere"
            | "prefecture"
            | "sous-prefecture"
            | "parquet"
            | "tribunal"
            | "cour"
            | "police"
            | "gendarmerie"
            | "armee"
            | "mairie"
            | "universite"
            | "hopital"
            | "commission"
            | "comite"
            | "observatoire"
            | "ambassade"
            | "consulat"
            | "brigade"
    )
}

/// True for capitalised nouns of origin that describe a person ("le Londonien", "la
/// Québécoise", "les Marseillais"): the usual French demonym endings. Place names share
/// them ("Berlin"): callers check that a determiner opens the phrase.
pub fn is_demonym(word: &str) -> bool {
    let mut chars = word.chars();
    if !chars.next().is_some_and(char::is_uppercase) || word.chars().count() < 5 {
        return false;
    }
    let lower = fold(word);
    let stem = lower.strip_suffix("es").or_else(|| lower.strip_suffix('s'));
    [
        "ien", "ienne", "ais", "aise", "ois", "oise", "ain", "aine", "an", "ane", "in", "ine",
        "éen", "éenne", "ard", "arde", "ite",
    ]
    .iter()
    .any(|e| lower.ends_with(e) || stem.is_some_and(|s| s.ends_with(e)))
}

/// Endings of French abstract and action nouns (autopsie, information, mesure, société,
/// enseignement, présence, tolérance, témoignage, racisme, solitude, entreprise, journée):
/// nouns that name no person, whatever the tables list.
const ABSTRACT_ENDINGS: &[&str] = &[
    "tion", "sion", "xion", "ure", "té", "ment", "ence", "ance", "age", "isme", "ie", "ude", "ise",
    "ée", "ique",
];

/// True when `w` (lowercase) ends like an abstract or action noun: a subject so worded is
/// no person described ("l'autopsie a révélé", "cette information a fuité").
pub fn has_abstract_ending(w: &str) -> bool {
    let w = w.strip_suffix('s').unwrap_or(w);
    ABSTRACT_ENDINGS.iter().any(|e| w.ends_with(e))
}

/// Endings of French agent and origin nouns (commentateur, sondeuse, organisatrice,
/// juriste, théoricien, romancier, émissaire, militant, sociologue, Américain, Lyonnaise):
/// the words that name what a person does or is, whatever the tables list.
const AGENT_ENDINGS: &[&str] = &[
    "eur", "euse", "rice", "iste", "ien", "ienne", "ier", "ière", "aire", "ant", "ante", "logue",
    "ain", "aine", "ais", "aise", "ois", "oise", "ice",
];

/// True when `w` (lowercase) ends like an agent or origin noun, plural included. A
/// heuristic for nouns the tables lack; callers check the construction (apposition to a
/// name, noun right before a name), since "secteur" or "affaire" end the same way.
pub fn has_agent_ending(w: &str) -> bool {
    let w = w.strip_suffix('s').unwrap_or(w);
    w.chars().count() > 4 && AGENT_ENDINGS.iter().any(|e| w.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persons_with_gender_and_number() {
        let i = noun_info("toxicologue").unwrap_or_else(|| panic!("toxicologue"));
        assert_eq!((i.class, i.gender), (NounClass::Person, None));
        let i = noun_info("Quadragénaires").unwrap_or_else(|| panic!("quadragénaires"));
        assert_eq!(i.number, Number::Plural);
        let i = noun_info("sœur").unwrap_or_else(|| panic!("sœur"));
        assert_eq!(i.gender, Some(Gender::Feminine));
    }

    #[test]
    fn outlets_bodies_and_documents() {
        assert_eq!(
            noun_info("hebdomadaire").map(|i| i.class),
            Some(NounClass::Media)
        );
        assert_eq!(
            noun_info("ministère").map(|i| i.class),
            Some(NounClass::Institution)
        );
        assert_eq!(
            noun_info("ONG").map(|i| i.class),
            Some(NounClass::Organization)
        );
        assert_eq!(
            noun_info("rapport").map(|i| i.class),
            Some(NounClass::Document)
        );
        assert_eq!(
            noun_info_at(&["chaîne", "d'", "information", "continue"]).map(|(n, i)| (n, i.class)),
            Some((3, NounClass::Media))
        );
        assert_eq!(noun_info("table"), None);
    }

    #[test]
    fn demonyms_are_capitalised_origin_nouns() {
        assert!(is_demonym("Londonien"));
        assert!(is_demonym("Québécoise"));
        assert!(is_demonym("Marseillais"));
        assert!(!is_demonym("londonien"));
        assert!(!is_demonym("Paris"));
    }

    #[test]
    fn agent_endings() {
        for w in [
            "graphiste",
            "commentateurs",
            "théoricien",
            "émissaire",
            "sondeuse",
        ] {
            assert!(super::has_agent_ending(w), "{w}");
        }
        for w in ["mort", "question", "bien", "famille"] {
            assert!(!super::has_agent_ending(w), "{w}");
        }
    }
}
