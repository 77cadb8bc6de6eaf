//! Source prepositions ("selon", "d'après", "aux yeux de") and the nouns that name the
//! channel of a statement ("dans un communiqué", "sur son compte Twitter").

use std::sync::OnceLock;

use crate::{
    FxMap, Gender, Number, PhraseIndex, fold, index_form, inflect, longest_first, match_phrase,
    phrase_words,
};

/// A preposition or locution that attributes content to a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourcePrep {
    /// "selon X".
    Selon,
    /// "d'après X".
    DApres,
    /// "pour X, …" (ambiguous: the caller must see a comma-delimited opinion).
    Pour,
    /// "aux yeux de X".
    AuxYeuxDe,
    /// "de l'avis de X".
    DeLAvisDe,
    /// "à en croire X".
    AEnCroire,
    /// "au dire de X", "aux dires de X".
    AuxDiresDe,
    /// "dixit X".
    Dixit,
    /// "de source X" ("de source policière", "de source proche du dossier").
    DeSource,
}

/// Source prepositions as word patterns; a pattern ending in "de" also matches "d'".
const PREPS: &[(&str, SourcePrep)] = &[
    ("selon", SourcePrep::Selon),
    ("d'après", SourcePrep::DApres),
    ("pour", SourcePrep::Pour),
    ("aux yeux de", SourcePrep::AuxYeuxDe),
    ("de l'avis de", SourcePrep::DeLAvisDe),
    ("à en croire", SourcePrep::AEnCroire),
    ("au dire de", SourcePrep::AuxDiresDe),
    ("aux dires de", SourcePrep::AuxDiresDe),
    ("dixit", SourcePrep::Dixit),
    ("de source", SourcePrep::DeSource),
];

/// Kind of channel a noun names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChannelKind {
    /// Interview, entretien.
    Interview,
    /// Press release, declaration, note.
    Statement,
    /// Op-ed, column, open letter.
    OpinionPiece,
    /// Letter, mail, text message.
    Letter,
    /// Post on a social network.
    SocialPost,
    /// Speech, press conference.
    Speech,
    /// Radio/TV programme or set.
    Broadcast,
    /// Book, article, newspaper.
    Publication,
    /// Meeting, rally, congress.
    Meeting,
    /// Parliamentary or judicial hearing.
    Hearing,
}

/// A recognised channel noun.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChannelNoun {
    /// Canonical singular form ("conférence de presse").
    pub lemma: &'static str,
    /// What kind of channel it is.
    pub kind: ChannelKind,
    /// Gender of the noun (for "dans un/une …").
    pub gender: Gender,
    /// Number of the form seen.
    pub number: Number,
}

/// `<kind> <gender> <phrase>`; gender `mp`/`fp` for plural-only nouns; a word ending
/// in `=` is invariable.
const CHANNELS: &str = "
I f interview
I m entretien
I f entrevue
I m questions-réponses
S m communiqué
S m communiqué de presse
S f déclaration
S f mise au point
S f note
S m rapport
S f dépêche
S m texte
S f réaction
S f lettre ouverte
O f tribune
O m billet
O m éditorial
O m édito
O f chronique
O f pétition
O m manifeste
O m point de vue
O f contribution
L f lettre
L m courrier
L f missive
L m courriel
L m mail
L m e-mail
L m sms
L m texto
L m message
P m tweet
P m post
P f publication
P f story
P m thread
P m statut
P m compte
P m fil
P m réseau social
P f vidéo
P m blog
P f newsletter
P m live
D m discours
D f allocution
D f conférence de presse
D m point presse=
D m point de presse
D f conférence
D f intervention
D f prise de parole
D mp vœux
D m message vidéo
B f émission
B m plateau
B f antenne
B m micro
B m journal télévisé
B m jt
B m journal de 20 heures
B f matinale
B m reportage
B m documentaire
B m magazine
B m podcast
B m direct
B m studio
B f radio
B f télévision
B f chaîne
U m livre
U m ouvrage
U m essai
U fp mémoires
U f biographie
U f autobiographie
U m article
U m journal
U m quotidien
U m hebdomadaire
U fp colonnes
U fp pages
U f édition
U f préface
U m roman
U f interview écrite
M m meeting
M f réunion
M m congrès
M m rassemblement
M m débat
M m colloque
M m sommet
M f université d'été
M m conseil national
M m bureau politique
M m conseil des ministres
M m séminaire
M m forum
H f audition
H f séance
H fp questions au gouvernement
H f commission d'enquête
H m hémicycle
H m procès
H f plaidoirie
H m réquisitoire
";

/// Social networks, lowercase. "X" and "Threads" are matched only capitalised (see
/// [`is_social_network`]) because the lowercase words are common.
const SOCIAL: &[&str] = &[
    "twitter",
    "facebook",
    "instagram",
    "linkedin",
    "tiktok",
    "youtube",
    "telegram",
    "bluesky",
    "snapchat",
    "mastodon",
    "whatsapp",
    "twitch",
    "reddit",
    "weibo",
    "discord",
    "vkontakte",
    "dailymotion",
];

struct ChannelTable {
    single: FxMap<Box<str>, ChannelNoun>,
    /// First word → (pattern, noun), longest first.
    multi: PhraseIndex<ChannelNoun>,
    preps: PhraseIndex<SourcePrep>,
}

fn kind_of(code: &str) -> Option<ChannelKind> {
    Some(match code {
        "I" => ChannelKind::Interview,
        "S" => ChannelKind::Statement,
        "O" => ChannelKind::OpinionPiece,
        "L" => ChannelKind::Letter,
        "P" => ChannelKind::SocialPost,
        "D" => ChannelKind::Speech,
        "B" => ChannelKind::Broadcast,
        "U" => ChannelKind::Publication,
        "M" => ChannelKind::Meeting,
        "H" => ChannelKind::Hearing,
        _ => return None,
    })
}

fn build() -> ChannelTable {
    let mut single: FxMap<Box<str>, ChannelNoun> = FxMap::default();
    let mut multi: PhraseIndex<ChannelNoun> = FxMap::default();
    for line in CHANNELS.lines() {
        let mut parts = line.trim().splitn(3, ' ');
        let (Some(k), Some(g), Some(phrase)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let Some(kind) = kind_of(k) else { continue };
        let gender = if g.starts_with('f') {
            Gender::Feminine
        } else {
            Gender::Masculine
        };
        let plural_only = g.ends_with('p');
        let words = phrase_words(phrase);
        let lemma_words: Vec<&str> = words.iter().map(|w| w.trim_end_matches('=')).collect();
        // Static for the program's lifetime, like the table itself.
        let lemma: &'static str =
            Box::leak(lemma_words.join(" ").replace("' ", "'").into_boxed_str());
        for plural in [false, true] {
            let number = if plural || plural_only {
                Number::Plural
            } else {
                Number::Singular
            };
            if plural && plural_only {
                continue;
            }
            let form = inflect(&words, false, plural);
            let noun = ChannelNoun {
                lemma,
                kind,
                gender,
                number,
            };
            index_form(&mut single, &mut multi, form, noun);
        }
    }
    let mut preps: PhraseIndex<SourcePrep> = FxMap::default();
    for (p, sp) in PREPS {
        let words: Vec<Box<str>> = phrase_words(p).into_iter().map(Box::from).collect();
        let mut variants = vec![words.clone()];
        if words.last().is_some_and(|w| w.as_ref() == "de") {
            let mut d = words.clone();
            if let Some(last) = d.last_mut() {
                *last = "d'".into();
            }
            variants.push(d);
        }
        for v in variants {
            if let Some(first) = v.first().cloned() {
                preps.entry(first).or_default().push((v, *sp));
            }
        }
    }
    longest_first(&mut multi);
    longest_first(&mut preps);
    ChannelTable {
        single,
        multi,
        preps,
    }
}

fn table() -> &'static ChannelTable {
    static T: OnceLock<ChannelTable> = OnceLock::new();
    T.get_or_init(build)
}

/// First piece of a folded token, up to and including an elision apostrophe.
fn first_piece(f: &str) -> &str {
    match f.find('\'') {
        Some(i) => f.get(..=i).unwrap_or(f),
        None => f,
    }
}

/// Recognises a one-word channel noun, singular or plural ("communiqué", "Tweets").
pub fn channel_noun(lemma_or_form: &str) -> Option<ChannelNoun> {
    table().single.get(fold(lemma_or_form).as_ref()).copied()
}

/// Channel noun phrase at the start of `tokens`, with the number of tokens it spans
/// ("conférence de presse" → 3, "communiqué" → 1).
pub fn channel_at(tokens: &[&str]) -> Option<(usize, ChannelNoun)> {
    let first = fold(tokens.first()?);
    let t = table();
    if let Some(cands) = t.multi.get(first_piece(&first)) {
        for (pat, noun) in cands {
            if let Some(n) = match_phrase(tokens, pat) {
                return Some((n, *noun));
            }
        }
    }
    t.single.get(first.as_ref()).map(|n| (1, *n))
}

/// Source preposition at the start of `tokens`, with the number of tokens it spans
/// (["d'", "après"] → 2, ["d'après"] → 1, ["aux", "yeux", "d'"] → 3).
pub fn source_prep_at(tokens: &[&str]) -> Option<(usize, SourcePrep)> {
    let first = fold(tokens.first()?);
    let cands = table().preps.get(first_piece(&first))?;
    cands
        .iter()
        .find_map(|(pat, sp)| match_phrase(tokens, pat).map(|n| (n, *sp)))
}

/// True for the name of a social network ("Twitter", "TikTok", "X" capitalised).
pub fn is_social_network(w: &str) -> bool {
    if w == "X" || w == "Threads" || w == "Bluesky" {
        return true;
    }
    let f = fold(w);
    SOCIAL.contains(&f.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nouns() {
        let c = channel_noun("communiqué").unwrap_or_else(|| panic!("communiqué"));
        assert_eq!(c.kind, ChannelKind::Statement);
        assert_eq!(c.gender, Gender::Masculine);
        assert_eq!(
            channel_noun("Tweets").map(|c| c.number),
            Some(Number::Plural)
        );
        assert_eq!(channel_noun("journaux").map(|c| c.lemma), Some("journal"));
        assert_eq!(
            channel_noun("plateaux").map(|c| c.kind),
            Some(ChannelKind::Broadcast)
        );
        assert_eq!(
            channel_noun("interview").map(|c| c.gender),
            Some(Gender::Feminine)
        );
        assert_eq!(
            channel_noun("discours").map(|c| c.kind),
            Some(ChannelKind::Speech)
        );
        for w in [
            "entretien",
            "tribune",
            "lettre",
            "courrier",
            "missive",
            "message",
            "post",
            "billet",
            "déclaration",
            "allocution",
            "vidéo",
            "livre",
            "ouvrage",
            "émission",
            "meeting",
            "réunion",
            "journal",
            "antenne",
            "micro",
        ] {
            assert!(channel_noun(w).is_some(), "{w}");
        }
        assert!(channel_noun("table").is_none());
        assert!(channel_noun("maison").is_none());
    }

    #[test]
    fn multiword_channels() {
        let (n, c) =
            channel_at(&["conférence", "de", "presse", "mardi"]).unwrap_or_else(|| panic!("cdp"));
        assert_eq!(
            (n, c.kind, c.lemma),
            (3, ChannelKind::Speech, "conférence de presse")
        );
        assert_eq!(
            channel_at(&["conférences", "de", "presse"]).map(|x| x.0),
            Some(3)
        );
        assert_eq!(channel_at(&["conférence", "sur"]).map(|x| x.0), Some(1));
        assert_eq!(channel_at(&["points", "presse"]).map(|x| x.0), Some(2));
        assert_eq!(
            channel_at(&["université", "d'", "été"]).map(|x| x.0),
            Some(3)
        );
        assert_eq!(
            channel_at(&["lettre", "ouverte"]).map(|x| x.1.kind),
            Some(ChannelKind::Statement)
        );
        assert_eq!(channel_at(&["maison"]), None);
    }

    #[test]
    fn prepositions() {
        assert_eq!(
            source_prep_at(&["selon", "le"]),
            Some((1, SourcePrep::Selon))
        );
        assert_eq!(source_prep_at(&["Selon"]), Some((1, SourcePrep::Selon)));
        assert_eq!(
            source_prep_at(&["d'", "après", "lui"]),
            Some((2, SourcePrep::DApres))
        );
        assert_eq!(
            source_prep_at(&["D\u{2019}après"]),
            Some((1, SourcePrep::DApres))
        );
        assert_eq!(
            source_prep_at(&["aux", "yeux", "de", "Paul"]),
            Some((3, SourcePrep::AuxYeuxDe))
        );
        assert_eq!(
            source_prep_at(&["aux", "yeux", "d'", "Anne"]),
            Some((3, SourcePrep::AuxYeuxDe))
        );
        assert_eq!(
            source_prep_at(&["de", "l'", "avis", "de"]),
            Some((4, SourcePrep::DeLAvisDe))
        );
        assert_eq!(
            source_prep_at(&["de", "l'avis", "d'"]),
            Some((3, SourcePrep::DeLAvisDe))
        );
        assert_eq!(
            source_prep_at(&["pour", "lui"]),
            Some((1, SourcePrep::Pour))
        );
        assert_eq!(
            source_prep_at(&["de", "source", "policière"]),
            Some((2, SourcePrep::DeSource))
        );
        assert_eq!(source_prep_at(&["de", "la"]), None);
        assert_eq!(source_prep_at(&["aux", "yeux"]), None);
    }

    #[test]
    fn social_networks() {
        for w in [
            "Twitter",
            "X",
            "Facebook",
            "Instagram",
            "LinkedIn",
            "TikTok",
            "YouTube",
            "Telegram",
            "BlueSky",
            "Bluesky",
        ] {
            assert!(is_social_network(w), "{w}");
        }
        assert!(!is_social_network("x"));
        assert!(!is_social_network("threads"));
        assert!(!is_social_network("maison"));
    }
}
