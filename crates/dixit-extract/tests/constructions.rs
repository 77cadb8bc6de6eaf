//! One test per construction of French reported speech the attribution must handle, on
//! invented sentences (never on sentences of the evaluation sets): who speaks, what is
//! quoted, which roles and outlets are found.

use dixit_model::{ArticleRecord, QuoteKind};

fn extractor() -> dixit_extract::Extractor {
    match dixit_extract::Extractor::bundled() {
        Ok(x) => x,
        Err(e) => panic!("{e}"),
    }
}

fn run(body: &str) -> ArticleRecord {
    let text = format!("Titre\n\n{body}\n");
    let doc = dixit_text::markup::text_document("t.txt", text);
    extractor().record(&doc)
}

fn quote<'a>(r: &'a ArticleRecord, needle: &str) -> &'a dixit_model::Quote {
    match r.quotes.iter().find(|q| q.text.contains(needle)) {
        Some(q) => q,
        None => panic!("no quote containing {needle:?} in {:#?}", r.quotes),
    }
}

fn speaker(q: &dixit_model::Quote) -> &str {
    q.speaker.as_ref().map_or("", |s| s.name.as_str())
}

fn roles<'a>(r: &'a ArticleRecord, name: &str) -> &'a [String] {
    match r.persons.iter().find(|p| p.name == name) {
        Some(p) => &p.roles,
        None => panic!("no person {name:?} in {:#?}", r.persons),
    }
}

// ---- speakers ----

#[test]
fn a_title_goes_to_the_recent_holder_not_to_a_politician_of_the_kb() {
    // Macron's KB offices share only the head "président" with "le président démocrate",
    // and his role "chef de l'État" only the head with "le chef du gouvernement".
    let r = run(
        "Emmanuel Macron a reçu les syndicats lundi. Le chef de l'État a promis des mesures rapides.\n\n\
         Paul Morin a quitté Washington mardi. Le président démocrate a affirmé que l'économie allait mieux.\n\n\
         Marco Bellini a défendu son bilan devant les sénateurs. « Nous avons tenu », a plaidé le chef du gouvernement.",
    );
    assert_eq!(speaker(quote(&r, "l'économie allait mieux")), "Paul Morin");
    assert_eq!(speaker(quote(&r, "Nous avons tenu")), "Marco Bellini");
    assert!(
        roles(&r, "Emmanuel Macron")
            .iter()
            .all(|x| x != "chef du gouvernement"),
        "{:?}",
        r.persons
    );
}

#[test]
fn a_qualified_title_in_an_inverted_cue_goes_to_the_recent_person() {
    let r = run(
        "Emmanuel Macron a reçu les syndicats lundi. Le chef de l'État a promis des mesures rapides.\n\n\
         Paul Morin a quitté Washington mardi. « L'économie va mieux », a affirmé le président démocrate.",
    );
    assert_eq!(speaker(quote(&r, "L'économie va mieux")), "Paul Morin");
}

#[test]
fn title_subject_resolved_by_gender() {
    let r = run(
        "Paul Morin et Claire Guédon ont débattu hier soir. « Rien n'est joué », a lancé la maire sortante.",
    );
    assert_eq!(speaker(quote(&r, "Rien n'est joué")), "Claire Guédon");
}

#[test]
fn pronoun_takes_the_main_clause_subject_not_the_fronted_one() {
    let r = run(
        "Alors que Jacques Lemaire multiplie les meetings, Paul Morin a défendu son bilan. « Je reste », a-t-il lancé.",
    );
    assert_eq!(speaker(quote(&r, "Je reste")), "Paul Morin");
}

#[test]
fn outlet_named_by_a_description() {
    let r = run(
        "Le Canard enchaîné publie mercredi une enquête sur le ministère. « Les faits sont graves », assure l'hebdomadaire.",
    );
    assert!(
        speaker(quote(&r, "Les faits sont graves")).contains("Canard"),
        "{:#?}",
        r.quotes
    );
}

#[test]
fn participle_inherits_the_subject() {
    let r = run("Claire Guédon a quitté la salle, estimant que le vote était truqué.");
    assert_eq!(speaker(quote(&r, "le vote était truqué")), "Claire Guédon");
}

#[test]
#[ignore = "known gap: \"Et de + infinitive :\" does not yet inherit the previous speaker (the ranker prefers a name inside the quote)"]
fn et_de_conclure_continues_the_speaker() {
    let r = run(
        "« Nous tiendrons bon », a déclaré Claire Guédon. Et de conclure : « La ville mérite mieux que cela. »",
    );
    assert_eq!(speaker(quote(&r, "La ville mérite mieux")), "Claire Guédon");
}

#[test]
fn follow_up_quote_without_cue_keeps_the_speaker() {
    let r = run(
        "« Le projet avance », a lancé Claire Guédon. « Nous livrerons les premiers logements au printemps. »",
    );
    assert_eq!(speaker(quote(&r, "premiers logements")), "Claire Guédon");
}

#[test]
fn unnamed_source_keeps_its_first_wording() {
    let r = run(
        "Une source à la mairie a confirmé la nouvelle. « Le maire est absent depuis lundi », a précisé cette source.",
    );
    let s = speaker(quote(&r, "absent depuis lundi"));
    assert!(s.to_lowercase().contains("source à la mairie"), "{s}");
}

#[test]
fn counted_sources_keep_their_first_wording() {
    let r = run(
        "Trois témoins de la scène ont affirmé que le feu était rouge. « Le camion roulait très vite », a raconté l'un de ces témoins.",
    );
    let s = speaker(quote(&r, "roulait très vite"));
    assert!(s.to_lowercase().contains("trois témoins"), "{s}");
}

#[test]
fn first_name_alone_is_a_person() {
    let r =
        run("Stéphanie habite le quartier depuis dix ans. « On ne dort plus », confie Stéphanie.");
    assert_eq!(speaker(quote(&r, "On ne dort plus")), "Stéphanie");
}

#[test]
fn surname_with_its_particle_in_one_word_is_part_of_the_name() {
    let r = run(
        "Le chef de l'Etat Karim al-Mansour a assuré que la trêve tiendrait. Il a reçu Samir el-Khoury.",
    );
    let names: Vec<&str> = r.persons.iter().map(|p| p.name.as_str()).collect();
    assert!(names.contains(&"Karim al-Mansour"), "{names:?}");
    assert!(names.contains(&"Samir el-Khoury"), "{names:?}");
    assert!(!names.contains(&"Karim"), "{names:?}");
}

#[test]
fn a_first_name_alone_is_the_person_named_in_full_before() {
    // "Ulrich" is no French politician's first name: the article itself says it is one.
    let r = run(
        "Ulrich Kowalczyk a ouvert le salon lundi. Plus tard, Ulrich a expliqué aux visiteurs que la foire durerait trois jours.",
    );
    let names: Vec<&str> = r.persons.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Ulrich Kowalczyk"], "{:?}", r.persons);
}

#[test]
fn a_description_tells_the_gender_of_a_foreign_first_name() {
    // "Svetlana" is in no list of first names: "l'opposante" says she is a woman, so the
    // masculine pronoun goes back past her to the man named before.
    let r = run(
        "Tomas Berg, le président sortant, a parlé lundi. Svetlana Novak, l'opposante, a dénoncé la fraude. « Je reste », a-t-il affirmé.",
    );
    assert_eq!(speaker(quote(&r, "Je reste")), "Tomas Berg");
}

#[test]
fn a_given_name_no_politician_bears_opens_a_name_after_a_title() {
    // The NER model reads "Défense Mark Lindqvist" as one place; "Mark" is a given name
    // learned from person annotations, so "Mark Lindqvist" is read as a name first.
    let r = run("Le ministre de la Défense Mark Lindqvist a annoncé lundi l'envoi de troupes.");
    assert_eq!(
        roles(&r, "Mark Lindqvist"),
        ["ministre de la Défense"],
        "{:?}",
        r.persons
    );
}

#[test]
fn a_name_after_a_noun_of_bodies_is_a_body() {
    // The NER model tags "Tesvane" as a person here; "le constructeur" says what it is.
    let r = run("Le constructeur Tesvane a annoncé la fermeture de son usine de Douai.");
    assert!(r.persons.is_empty(), "{:?}", r.persons);
    assert!(
        r.organizations.iter().any(|o| o.name == "Tesvane"),
        "{:?}",
        r.organizations
    );
    // A complement of a title stays open to the title holder.
    let r = run("Le porte-parole du syndicat Paul Morin a annoncé la grève.");
    assert!(
        r.persons.iter().any(|p| p.name == "Paul Morin"),
        "{:?}",
        r.persons
    );
}

#[test]
fn foreign_name_is_a_person() {
    let r = run("« Nous continuerons le combat », a déclaré Ulrich Kowalczyk devant la presse.");
    assert_eq!(
        speaker(quote(&r, "continuerons le combat")),
        "Ulrich Kowalczyk"
    );
}

#[test]
fn name_with_particle() {
    let r = run(
        "« La France doit parler fort », a affirmé Dominique de Villepin. Plus tard, M. de Villepin a ajouté que rien n'était décidé.",
    );
    assert!(
        speaker(quote(&r, "parler fort")).ends_with("de Villepin"),
        "{:#?}",
        r.quotes
    );
    assert!(
        speaker(quote(&r, "rien n'était décidé")).ends_with("Villepin"),
        "{:#?}",
        r.quotes
    );
}

#[test]
fn inverted_subject_with_apposition_is_the_named_one() {
    let r = run("« C'est fini », a confié un adjoint de Jacques Lemaire, Paul Morin.");
    assert_eq!(speaker(quote(&r, "C'est fini")), "Paul Morin");
}

#[test]
fn an_epithet_subject_stands_for_the_person_just_named() {
    let r = run(
        "Paul Morin n'a pas craint la foule avec ses béquilles, souvenir d'une chute. « On ne voit rien d'ici », énumère ce kiné de 60 ans en regardant la vallée.",
    );
    assert_eq!(speaker(quote(&r, "On ne voit rien")), "Paul Morin");
    // Nobody named just before: the epithet is its own source.
    let r = run(
        "Le président a pris la parole devant la foule. « Regardez tous ces gens ! », lance le tribun.",
    );
    assert_eq!(speaker(quote(&r, "Regardez")), "le tribun");
    // An abstract noun is no person.
    let r = run("Paul Morin est mort mardi. « Le cœur a lâché », conclut l'autopsie.");
    assert_ne!(speaker(quote(&r, "Le cœur a lâché")), "Paul Morin");
}

// ---- quotes ----

#[test]
fn one_mixed_quote_with_several_fragments() {
    let r = run("Le maire a promis des quais « modernes », « propres » et « ouverts » d'ici 2030.");
    let q = quote(&r, "modernes");
    assert_eq!(q.kind, QuoteKind::Mixed);
    assert!(q.text.contains("ouverts"), "{}", q.text);
    assert_eq!(
        r.quotes
            .iter()
            .filter(|q| q.text.contains("propres"))
            .count(),
        1
    );
}

#[test]
fn alors_que_is_not_reported_speech() {
    let r = run("Le cortège est parti alors que la réunion commençait à peine.");
    assert!(r.quotes.is_empty(), "{:#?}", r.quotes);
}

#[test]
fn relative_que_is_not_reported_speech() {
    let r = run("La réforme que le ministre a annoncée hier sera votée en juin.");
    assert!(
        r.quotes.iter().all(|q| !q.text.contains("sera votée")),
        "{:#?}",
        r.quotes
    );
}

#[test]
fn titles_and_names_in_marks_are_not_speech() {
    let r = run(
        "Il était mardi l'invité de l'émission « Quotidien ». Le parti « Renaissance » prépare son congrès.",
    );
    assert!(r.quotes.is_empty(), "{:#?}", r.quotes);
}

#[test]
fn de_infinitive_after_a_reporting_verb() {
    let r = run("Le ministre Paul Morin a promis de publier les chiffres avant l'été.");
    let q = quote(&r, "publier les chiffres");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(speaker(q), "Paul Morin");
}

#[test]
fn clause_before_an_inverted_cue_without_marks() {
    let r = run("Les tarifs baisseront dès janvier, a assuré Paul Morin.");
    let q = quote(&r, "Les tarifs baisseront");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(speaker(q), "Paul Morin");
}

#[test]
#[ignore = "known gap: \"À ses yeux\" is not yet a source cue"]
fn pour_and_selon_and_a_ses_yeux() {
    let r = run(
        "Claire Guédon s'est exprimée lundi. Pour Claire Guédon, la réforme est injuste. Selon elle, les salariés paieront. À ses yeux, rien ne presse.",
    );
    assert_eq!(
        speaker(quote(&r, "la réforme est injuste")),
        "Claire Guédon"
    );
    assert_eq!(speaker(quote(&r, "les salariés paieront")), "Claire Guédon");
    assert_eq!(speaker(quote(&r, "rien ne presse")), "Claire Guédon");
}

#[test]
fn incise_inside_the_marks_splits_the_quote() {
    let r = run(
        "Claire Guédon est arrivée tôt. « Nous partirons demain, affirme-t-elle. Rien ne nous retient ici. »",
    );
    let a = quote(&r, "Nous partirons demain");
    let b = quote(&r, "Rien ne nous retient");
    assert!(!a.text.contains("affirme"), "{}", a.text);
    assert_eq!(speaker(a), "Claire Guédon");
    assert_eq!(speaker(b), "Claire Guédon");
}

#[test]
fn colon_after_a_participial_frame() {
    let r = run(
        "Claire Guédon a reçu les élus. Interrogée sur les délais, elle a répondu : « Nous serons prêts. »",
    );
    assert_eq!(speaker(quote(&r, "Nous serons prêts")), "Claire Guédon");
}

#[test]
#[ignore = "known gap: an unclosed « swallows the rest of its paragraph"]
fn unbalanced_mark_keeps_the_rest_of_the_paragraph() {
    let r = run("Il a parlé d'un « accord. Paul Morin a estimé que la négociation était close.");
    assert_eq!(
        speaker(quote(&r, "la négociation était close")),
        "Paul Morin"
    );
}

// ---- roles ----

#[test]
fn role_from_a_later_description() {
    let r = run(
        "Paul Morin a tenu meeting à Rennes. Le candidat écologiste a déclaré que la campagne ne faisait que commencer.",
    );
    assert!(
        roles(&r, "Paul Morin")
            .iter()
            .any(|x| x == "candidat écologiste"),
        "{:#?}",
        r.persons
    );
}

#[test]
fn role_from_a_title_before_a_name_past_an_aside() {
    let r = run(
        "Paul Morin a salué la décision. Le chef de file des écologistes (opposition) Jacques Lemaire a dénoncé la réforme.",
    );
    let lemaire = roles(&r, "Jacques Lemaire");
    assert!(
        lemaire
            .iter()
            .any(|x| x.contains("chef de file des écologistes")),
        "{lemaire:?}"
    );
    assert!(roles(&r, "Paul Morin").is_empty(), "{:?}", r.persons);
}

#[test]
fn role_from_a_hyphenated_title() {
    let r = run("La maire-adjointe Claire Guédon assure que le budget sera tenu.");
    assert!(
        roles(&r, "Claire Guédon")
            .iter()
            .any(|x| x == "maire-adjointe"),
        "{:?}",
        r.persons
    );
}

#[test]
fn a_name_inside_a_clause_is_neither_the_speaker_nor_the_title_holder() {
    let r = run(
        "La mère du policier tué par Jacques Lemaire a assuré au journal que la rue porterait son nom.",
    );
    let s = speaker(quote(&r, "la rue porterait son nom"));
    assert!(s.starts_with("La mère du policier"), "{s}");
    assert!(roles(&r, "Jacques Lemaire").is_empty(), "{:?}", r.persons);
}

#[test]
fn a_title_holder_named_in_a_complement_keeps_only_their_title() {
    let r = run("Le porte-parole du ministre Paul Morin a assuré que rien n'était décidé.");
    assert_eq!(roles(&r, "Paul Morin"), ["ministre"], "{:?}", r.persons);
    // The name still stands for a title whose complement is a body or a place.
    let r = run("Le ministre de l'Intérieur Paul Morin a assuré que rien n'était décidé.");
    assert!(
        roles(&r, "Paul Morin")
            .iter()
            .any(|x| x == "ministre de l'Intérieur"),
        "{:?}",
        r.persons
    );
}

#[test]
fn role_from_one_of_in_apposition() {
    let r = run(
        "« Nous resterons mobilisés », a déclaré Paul Morin, l'un des responsables de la manifestation. Claire Guédon, l'une des figures du mouvement, a assuré que la lutte continuerait.",
    );
    assert_eq!(
        roles(&r, "Paul Morin"),
        ["un des responsables de la manifestation"]
    );
    assert_eq!(roles(&r, "Claire Guédon"), ["une des figures du mouvement"]);
}

#[test]
fn role_from_a_periphrase_of_an_office_the_kb_holds() {
    // Paul Morin is the subject before; the KB says Macron held the office "le locataire
    // de l'Élysée" stands for.
    let r = run(
        "Paul Morin a rencontré Emmanuel Macron mardi. Le locataire de l'Élysée a promis des réformes, a assuré Paul Morin.",
    );
    assert_eq!(roles(&r, "Emmanuel Macron"), ["locataire de l'Élysée"]);
    assert!(roles(&r, "Paul Morin").is_empty(), "{:?}", r.persons);
}

#[test]
fn role_from_title_comma_name() {
    let r = run("Le député du Morbihan, Paul Morin, a voté contre le texte.");
    assert!(
        roles(&r, "Paul Morin")
            .iter()
            .any(|x| x == "député du Morbihan"),
        "{:#?}",
        r.persons
    );
}

#[test]
fn role_from_an_inverted_subject_title_comma_name() {
    // After a cue the tagger may read the article as a pronoun: the title is still a
    // description, and the name after the comma is its holder.
    let r =
        run("« Rien n'est joué », explique à la radio le consul général de Belgique, Paul Morin.");
    assert!(
        roles(&r, "Paul Morin")
            .iter()
            .any(|x| x == "consul général de Belgique"),
        "{:#?}",
        r.persons
    );
}

#[test]
fn role_from_a_title_with_initials_before_the_comma() {
    let r = run(
        "La présidente de la Fédération des pêcheurs (FDP), Claire Guédon, a dénoncé les quotas.",
    );
    assert!(
        roles(&r, "Claire Guédon")
            .iter()
            .any(|x| x.starts_with("présidente de la Fédération des pêcheurs")),
        "{:#?}",
        r.persons
    );
}

#[test]
fn apposition_runs_to_the_punctuation_not_to_the_parse() {
    // The complement is the role's, wherever the parse hangs it; a relative clause or
    // a following comma ends it.
    let r =
        run("« Le texte est bancal », a affirmé Jacques Lemaire, juriste à la Ligue des droits.");
    assert_eq!(
        roles(&r, "Jacques Lemaire"),
        ["juriste à la Ligue des droits"],
        "{:#?}",
        r.persons
    );
    let r =
        run("Claire Guédon, technicienne à la retraite, porte un regard sceptique sur le projet.");
    assert_eq!(roles(&r, "Claire Guédon"), ["technicienne à la retraite"]);
}

#[test]
fn any_common_noun_apposed_to_a_name_describes_the_person() {
    let r = run("Le film suit Paul Morin, un menuisier qui a tout perdu dans la crue.");
    assert_eq!(roles(&r, "Paul Morin"), ["menuisier"], "{:#?}", r.persons);
    // Time and amounts are not descriptions.
    let r = run("Paul Morin, la veille, avait pourtant promis de venir.");
    assert!(roles(&r, "Paul Morin").is_empty(), "{:#?}", r.persons);
    // After a fronted complement, the phrase after the comma is the clause's subject.
    let r = run("Pour Paul Morin, la réforme des retraites est une erreur.");
    assert!(roles(&r, "Paul Morin").is_empty(), "{:#?}", r.persons);
}

#[test]
fn role_from_a_person_noun_before_a_comma_and_a_name() {
    let r = run("Son collègue, Ahmad Saïdi, se vante aussi d'avoir réussi.");
    assert_eq!(roles(&r, "Ahmad Saïdi"), ["collègue"], "{:#?}", r.persons);
}

#[test]
fn role_from_a_description_closed_by_a_comma_before_the_name() {
    let r =
        run("L'ancien émissaire de l'ONU au Yémen, Paul Morin, s'en est pris aux pays voisins.");
    assert!(
        roles(&r, "Paul Morin")
            .iter()
            .any(|x| x == "ancien émissaire de l'ONU au Yémen"),
        "{:#?}",
        r.persons
    );
    // Inside a clause, past the preposition.
    let r = run("Le braqueur a fui avec son complice de toujours, Jacques Lemaire, dans la nuit.");
    assert_eq!(roles(&r, "Jacques Lemaire"), ["complice de toujours"]);
}

#[test]
fn no_role_from_a_fronted_complement_a_plural_or_another_gender() {
    let r = run("Interrogé par le juge, Paul Morin a nié les faits.");
    assert!(roles(&r, "Paul Morin").is_empty(), "{:#?}", r.persons);
    let r = run("Selon le ministre, Paul Morin aurait menti.");
    assert!(roles(&r, "Paul Morin").is_empty(), "{:#?}", r.persons);
    let r =
        run("Ils ont rencontré des militants, Paul Morin et Jacques Lemaire, devant la mairie.");
    assert!(roles(&r, "Paul Morin").is_empty(), "{:#?}", r.persons);
    let r = run(
        "Une semaine après l'hommage rendu par le président de la République, Claire Guédon, mère du gendarme tué, a pris la parole.",
    );
    assert_eq!(
        roles(&r, "Claire Guédon"),
        ["mère du gendarme tué"],
        "{:#?}",
        r.persons
    );
}

#[test]
fn apposition_past_the_age() {
    let r = run("Claire Guédon, 27 ans, mère de trois enfants, a lancé un appel à l'aide.");
    assert_eq!(
        roles(&r, "Claire Guédon"),
        ["mère de trois enfants"],
        "{:#?}",
        r.persons
    );
}

#[test]
fn words_between_an_article_and_a_name_describe_the_person() {
    // The tagger reads these as adjectives of the name.
    let r = run("Le climatologue Paul Morin pense que la planète se réchauffe.");
    assert_eq!(
        roles(&r, "Paul Morin"),
        ["climatologue"],
        "{:#?}",
        r.persons
    );
    let r = run("Il a battu le jeune républicain Jacques Lemaire en trois sets.");
    assert_eq!(
        roles(&r, "Jacques Lemaire"),
        ["jeune républicain"],
        "{:#?}",
        r.persons
    );
    // Not a complement of the noun before, nor a label, nor a mere epithet.
    let r = run("Le ministre de l'Intérieur Paul Morin a promis des renforts.");
    assert!(
        roles(&r, "Paul Morin").iter().all(|x| x != "Intérieur"),
        "{:#?}",
        r.persons
    );
    let r =
        run("Le célèbre Paul Morin a vendu l'affaire Claire Guédon à un certain Jacques Lemaire.");
    for p in &r.persons {
        assert!(p.roles.is_empty(), "{:#?}", r.persons);
    }
}

#[test]
fn a_one_word_name_that_nearly_always_names_a_place_is_not_a_person() {
    // The NER model reads "Pékin" here as a person; the learned place names say otherwise.
    let r = run("La commissaire a sollicité Pékin afin d'obtenir un accès aux camps.");
    assert!(r.persons.is_empty(), "{:#?}", r.persons);
}

#[test]
fn a_middle_initial_stays_inside_the_name() {
    let r = run("Le président Paul W. Morin a rencontré Ryan K. Lemaire mardi.");
    let names: Vec<&str> = r.persons.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["Paul W. Morin", "Ryan K. Lemaire"],
        "{:#?}",
        r.persons
    );
    // With or without the initial, one person.
    let r = run("Paul Morin a tenu meeting mardi. « Paul J. Morin vous salue ! », a-t-il lancé.");
    let names: Vec<&str> = r.persons.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Paul Morin"], "{:#?}", r.persons);
}

#[test]
fn a_holiday_alone_is_no_person() {
    let r = run(
        "Les commerçants veulent accueillir leurs clients avant Noël, et le marché de Noël de \
         Colmar ouvrira. Noël Mamère a salué la décision.",
    );
    let names: Vec<&str> = r.persons.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Noël Mamère"], "{:#?}", r.persons);
}

#[test]
fn a_particle_with_a_typographic_apostrophe_is_written_as_in_the_text() {
    let r = run(
        "« Nous tiendrons », a assuré Claire d’Aubrac, maire du village. Marc d'Orvelle a approuvé.",
    );
    let names: Vec<&str> = r.persons.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["Claire d’Aubrac", "Marc d'Orvelle"],
        "{:#?}",
        r.persons
    );
}

#[test]
fn a_name_opened_by_an_outlet_noun_is_an_outlet() {
    let r = run("Dans une interview à Radio Sawa, le ministre a démenti toute négociation.");
    assert!(
        r.persons.iter().all(|p| p.name != "Radio Sawa"),
        "{:#?}",
        r.persons
    );
    assert!(
        r.media.iter().any(|m| m.name == "Radio Sawa"),
        "{:#?}",
        r.media
    );
}

#[test]
fn a_name_after_a_reporting_verb_and_a_is_the_outlet_the_words_went_to() {
    let r =
        run("« Il n'est bon pour personne », a déclaré à Nordic News Paul Morin, un manifestant.");
    assert!(
        r.media.iter().any(|m| m.name == "Nordic News"),
        "{:#?}",
        r.media
    );
    assert_eq!(
        quote(&r, "Il n'est bon pour personne").channel.as_deref(),
        Some("Nordic News")
    );
    // A place or a person there stays what it is.
    let r = run("« Nous reviendrons », a déclaré à Marseille Paul Morin.");
    assert!(r.media.is_empty(), "{:#?}", r.media);
}

#[test]
fn an_auxiliary_inside_the_quotation_is_not_the_cue_s() {
    // The parse may hang "ont" on "indiqué"; the cue still starts after the comma.
    let r = run("« Les pêcheurs en ont assez », a indiqué Claire Guédon.");
    assert_eq!(
        speaker(quote(&r, "Les pêcheurs en ont assez")),
        "Claire Guédon"
    );
}

#[test]
fn a_hyphen_ends_a_role_only_as_a_dash() {
    let r = run("Paul Morin, parolier des années 60-80, est mort dimanche.");
    // The parse's own reading may add a shorter role; the text's runs past "60-80".
    assert!(
        roles(&r, "Paul Morin")
            .iter()
            .any(|x| x == "parolier des années 60-80"),
        "{:#?}",
        r.persons
    );
    let r = run("Claire Guédon, juriste - et militante depuis toujours - a pris la parole.");
    assert_eq!(roles(&r, "Claire Guédon"), ["juriste"], "{:#?}", r.persons);
}

#[test]
fn role_from_a_quebec_title() {
    let r = run("De son côté, la mairesse de Trois-Rivières, Anne Royer, a exprimé sa colère.");
    assert!(
        roles(&r, "Anne Royer")
            .iter()
            .any(|x| x == "mairesse de Trois-Rivières"),
        "{:#?}",
        r.persons
    );
}

#[test]
fn role_from_an_agent_noun_the_lexicon_lacks() {
    // Before the name, and in apposition after it: read by the noun's ending.
    let r = run("Le logo a été dessiné par le graphiste portugais Paulo Mendes en 2010.");
    assert!(
        roles(&r, "Paulo Mendes")
            .iter()
            .any(|x| x == "graphiste portugais"),
        "{:#?}",
        r.persons
    );
    let r = run("Paul Morin, théoricien de la décroissance, a publié un nouvel essai.");
    assert!(
        roles(&r, "Paul Morin")
            .iter()
            .any(|x| x == "théoricien de la décroissance"),
        "{:#?}",
        r.persons
    );
}

#[test]
fn no_role_from_an_age_or_a_label_noun() {
    let r = run("Paul Morin, 45 ans, a été entendu. L'affaire Claire Guédon a rebondi mardi.");
    for p in &r.persons {
        assert!(
            !p.roles.iter().any(|x| x.contains("ans") || x == "affaire"),
            "{:#?}",
            r.persons
        );
    }
}

#[test]
fn no_role_from_a_quoted_epithet() {
    let r = run(
        "Paul Morin avait appelé Claire Guédon « la châtelaine de Kerlouan », en référence à sa propriété.",
    );
    assert!(
        !roles(&r, "Claire Guédon")
            .iter()
            .any(|x| x.contains("châtelaine")),
        "{:#?}",
        r.persons
    );
}

#[test]
fn role_from_an_occupation_noun() {
    let r = run("La toxicologue Claire Guédon a présenté ses résultats.");
    assert!(
        roles(&r, "Claire Guédon")
            .iter()
            .any(|x| x == "toxicologue"),
        "{:#?}",
        r.persons
    );
}

#[test]
fn role_from_a_predicate() {
    let r = run("Paul Morin a été ministre de la Mer de 2012 à 2014.");
    assert!(
        roles(&r, "Paul Morin")
            .iter()
            .any(|x| x.starts_with("ministre de la Mer")),
        "{:#?}",
        r.persons
    );
}

#[test]
fn a_noun_of_origin_before_a_name_is_a_role() {
    let r = run("Un Marocain, Karim Benali, et un Tunisien, Sami Ferchichi, en faisaient partie.");
    assert_eq!(roles(&r, "Karim Benali"), ["Marocain"]);
    assert_eq!(roles(&r, "Sami Ferchichi"), ["Tunisien"]);
}

#[test]
fn a_noun_summing_up_the_clause_is_no_role() {
    let r = run(
        "Le policier a tiré sur un Afro-Américain, Marcus Hill, un acte qui a choqué la ville.",
    );
    assert_eq!(roles(&r, "Marcus Hill"), ["Afro-Américain"]);
}

#[test]
fn a_subject_phrase_with_the_name_between_commas_is_a_role_whatever_its_noun() {
    // "légende" is feminine whoever it describes.
    let r =
        run("La légende vivante du cinéma italien, Marco Bellini, a annoncé dimanche sa retraite.");
    assert_eq!(
        roles(&r, "Marco Bellini"),
        ["légende vivante du cinéma italien"]
    );
    // A fronted complement is not.
    let r = run("Dans la vallée, Paul Morin, maire du village, a tenu réunion.");
    assert_eq!(roles(&r, "Paul Morin"), ["maire du village"]);
}

// ---- outlets ----

#[test]
fn outlet_after_an_outlet_noun() {
    let r = run("La chaîne publique suédoise SVT a diffusé le reportage dimanche.");
    assert!(r.media.iter().any(|m| m.name == "SVT"), "{:#?}", r.media);
}

#[test]
fn agency_and_review() {
    let r =
        run("Selon l'agence Reuters, l'accord est proche. L'étude paraît dans la revue Nature.");
    assert!(
        r.media.iter().any(|m| m.name == "Reuters"),
        "{:#?}",
        r.media
    );
    assert!(r.media.iter().any(|m| m.name == "Nature"), "{:#?}", r.media);
}

#[test]
fn a_body_name_opened_by_an_outlet_noun_is_an_outlet() {
    let r = run("Il a confié au Journal des Pêcheurs que la saison était finie.");
    let media: Vec<&str> = r.media.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(media, ["Journal des Pêcheurs"], "{:#?}", r.organizations);
    // The official gazette and an agency of the state are bodies.
    let r = run(
        "Le Journal officiel a publié le décret mardi. L'Agence nationale des fréquences a publié un rapport.",
    );
    assert!(r.media.is_empty(), "{:#?}", r.media);
}

// ---- coreference agreement ----

#[test]
#[ignore = "known gap: a plural description subject of an inverted cue falls back to the singular person before it"]
fn plural_source_is_not_a_singular_person() {
    let r = run(
        "Paul Morin a reçu les syndicats. « Nous ne signerons pas », ont prévenu les représentants du personnel.",
    );
    let s = speaker(quote(&r, "Nous ne signerons pas"));
    assert!(s.contains("représentants du personnel"), "{s}");
}

#[test]
fn masculine_title_skips_a_woman() {
    let r = run(
        "Claire Guédon a rencontré Paul Morin. « Le dossier est clos », a indiqué le ministre.",
    );
    assert_eq!(speaker(quote(&r, "Le dossier est clos")), "Paul Morin");
}

#[test]
fn extraction_is_deterministic() {
    let text = "Titre\n\nClaire Guédon a rencontré Paul Morin. « Le dossier est clos », a indiqué le ministre. Selon elle, tout va bien.\n";
    let doc = dixit_text::markup::text_document("t.txt", text.to_owned());
    let a = extractor().record(&doc);
    let b = extractor().record(&doc);
    assert_eq!(a, b);
}

// ---- organisations ----

#[test]
fn an_organisation_keeps_the_lowercase_words_of_its_name() {
    let r = run(
        "Paul Morin a comparu mardi devant le Tribunal suprême de justice. \
         L'antenne de la Société pour la protection des oiseaux avait fait une saisie.",
    );
    let names: Vec<&str> = r.organizations.iter().map(|o| o.name.as_str()).collect();
    assert!(
        names.iter().any(|n| n.starts_with("Tribunal suprême")),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("Société pour la protection")),
        "{names:?}"
    );
}

#[test]
fn an_organisation_name_stops_before_a_verb() {
    // The model runs this name on over the verb and its object.
    let r = run("Le Rassemblement démocrate réclame des excuses au ministre.");
    let names: Vec<&str> = r.organizations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["Rassemblement démocrate"]);
    let r = run("Il a demandé au Conseil de discipline de prononcer une sanction.");
    let names: Vec<&str> = r.organizations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["Conseil de discipline"]);
    // Nor does it run on over a coordination of common nouns.
    let r = run("Les Frères musulmans et de plusieurs mouvements politiques ont manifesté.");
    let names: Vec<&str> = r.organizations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["Frères musulmans"]);
}

#[test]
fn a_body_named_by_its_description_is_an_organisation() {
    // Descriptions are read in the sentences the parser analyses: here, each reports
    // speech or names a person.
    let r = run(
        "Le ministère de l'Agriculture a réagi mardi. La préfecture du Var a publié un arrêté, \
         et l'armée afghane a démenti. Le ministère de la Pêche a indiqué qu'il étudiait le \
         dossier. Le ministère a ensuite précisé sa position, tout comme le gouvernement \
         français.",
    );
    let names: Vec<&str> = r.organizations.iter().map(|o| o.name.as_str()).collect();
    for body in [
        "ministère de l'Agriculture",
        "préfecture du Var",
        "armée afghane",
        "ministère de la Pêche",
    ] {
        assert!(names.contains(&body), "{body}: {names:?}");
    }
    // A bare head names no body, and a government is described, not named.
    assert!(
        names
            .iter()
            .all(|n| *n != "ministère" && !n.starts_with("gouvernement")),
        "{names:?}"
    );
}

#[test]
fn a_description_is_not_the_subject_of_its_own_clause() {
    // Binding: the mayor Marc Lenoir talks about is someone else.
    let r = run(
        "Paul Morin a tenu meeting à Lyon. Marc Lenoir a ensuite ironisé sur la lenteur du maire de Bordeaux.",
    );
    assert!(roles(&r, "Marc Lenoir").is_empty(), "{:#?}", r.persons);
    // A predicate is the subject.
    let r =
        run("Paul Morin a tenu meeting à Lyon. Marc Lenoir est le maire de Bordeaux depuis 2010.");
    assert!(
        roles(&r, "Marc Lenoir")
            .iter()
            .any(|x| x.starts_with("maire de Bordeaux")),
        "{:#?}",
        r.persons
    );
}

#[test]
fn the_party_after_a_title_belongs_to_the_role() {
    let r = run(
        "Yannick Morel a présenté son programme mardi. Alors que la ville étouffe, le candidat EELV veut « rendre l'air aux habitants ».",
    );
    assert!(
        roles(&r, "Yannick Morel")
            .iter()
            .any(|x| x == "candidat EELV"),
        "{:#?}",
        r.persons
    );
}

#[test]
fn an_acronym_in_parentheses_spells_the_body_before_it() {
    let r = run(
        "Paul Morin a prêté serment devant le Tribunal suprême de justice (TSJ) jeudi. \
         Selon la direction générale de la Santé (DGS), le virus recule. \
         Il a comparu devant le juge des libertés et de la détention (JLD) mardi. \
         La suppression de la taxe sur les pêcheurs (TSP) a été votée.",
    );
    let names: Vec<&str> = r.organizations.iter().map(|o| o.name.as_str()).collect();
    for body in ["Tribunal suprême de justice", "TSJ", "DGS"] {
        assert!(names.contains(&body), "{body}: {names:?}");
    }
    // A judge's title and a tax are no bodies.
    assert!(
        names
            .iter()
            .all(|n| !n.contains("JLD") && !n.contains("TSP") && !n.contains("taxe")),
        "{names:?}"
    );
}

#[test]
fn agency_credits_closing_a_paragraph_or_after_a_dateline_are_outlets() {
    let r = run(
        "LAUSANNE (ATS) - Le conseil communal a voté le budget mardi.\n\n\
         Les travaux du pont commenceront en mars, a indiqué la municipalité. (ats/lbx)",
    );
    // "ATS" and "ats" are one agency.
    let media: Vec<String> = r.media.iter().map(|m| m.name.to_lowercase()).collect();
    for code in ["ats", "lbx"] {
        assert!(
            media.iter().any(|m| m == code),
            "{code} missing from {media:?}"
        );
    }
}

#[test]
fn parentheses_that_are_no_credit_name_no_outlet() {
    // A remark, a party after a name, a title, a code inside a paragraph.
    let r = run("Le public a ri longuement (rires)\n\n\
         La séance a été ouverte par Paul Morin (PS)\n\n\
         La réunion était présidée par Claire Guédon (PDG)\n\n\
         La norme (ISO) a changé depuis. Elle vaut pour tous.");
    assert!(r.media.is_empty(), "{:#?}", r.media);
}

#[test]
fn a_name_in_apposition_to_a_body_noun_names_a_body_of_that_kind() {
    let r = run(
        "Le ministre a démenti les informations de La Vigie, un magazine spécialisé dans la marine. \
         Le rapport de Tecnalia, une entreprise basque, a été publié mardi. \
         Le témoignage de Marc Lenoir, un journaliste de 40 ans, a été entendu.",
    );
    assert!(
        r.media.iter().any(|m| m.name == "La Vigie"),
        "{:#?}",
        r.media
    );
    assert!(
        r.organizations.iter().any(|o| o.name == "Tecnalia"),
        "{:#?}",
        r.organizations
    );
    assert!(
        r.persons.iter().any(|p| p.name == "Marc Lenoir"),
        "{:#?}",
        r.persons
    );
}

#[test]
fn a_clause_subject_after_a_fronted_phrase_is_no_apposition() {
    let r = run(
        "Dans le village voisin de Pontcarré, un groupe de jeunes s'est mis à cultiver la terre. \
         Jeudi, la société a annoncé des licenciements.",
    );
    assert!(
        !r.organizations
            .iter()
            .any(|o| o.name == "Pontcarré" || o.name == "Jeudi"),
        "{:#?}",
        r.organizations
    );
}

#[test]
fn an_acronym_subject_is_a_body_not_a_person() {
    let r = run("De son côté, IPM a estimé que son « projet très innovant » n'a pas été compris.");
    let q = quote(&r, "projet très innovant");
    assert_eq!(speaker(q), "IPM");
    assert!(
        !r.persons.iter().any(|p| p.name == "IPM"),
        "{:#?}",
        r.persons
    );
}

#[test]
fn two_descriptions_under_one_article_before_a_name_are_both_the_persons() {
    let r = run("Le médecin et romancier Bastien Lorrain publie un livre. \
         Le milliardaire et ancien chef du gouvernement grec Petros Kalamas a été hospitalisé.");
    assert!(
        roles(&r, "Bastien Lorrain")
            .iter()
            .any(|x| x == "médecin et romancier"),
        "{:#?}",
        r.persons
    );
    assert!(
        roles(&r, "Petros Kalamas")
            .iter()
            .any(|x| x.contains("milliardaire") && x.contains("ancien chef du gouvernement grec")),
        "{:#?}",
        r.persons
    );
}

#[test]
fn a_coordination_completed_by_the_name_or_with_two_articles_is_not_its_role() {
    let r = run("L'avocat et ami de Luc Ferrand a parlé mardi. \
         Le maire et le député Marc Lenoir se sont rencontrés.");
    assert!(
        !roles(&r, "Luc Ferrand")
            .iter()
            .any(|x| x.contains("avocat")),
        "{:#?}",
        r.persons
    );
    assert!(
        !roles(&r, "Marc Lenoir").iter().any(|x| x.contains(" et ")),
        "{:#?}",
        r.persons
    );
}

#[test]
fn military_ranks_are_titles() {
    let r = run("Il a été reçu par le caporal Arthur Nivelle mardi.");
    assert!(
        roles(&r, "Arthur Nivelle").iter().any(|x| x == "caporal"),
        "{:#?}",
        r.persons
    );
}

#[test]
fn an_incise_subject_after_a_complement_with_an_outlet_name() {
    let r = run(
        "Le ministre Paul Morin a parlé. « Les casseurs se dispersent », a expliqué sur la \
         chaîne BFM TV le secrétaire d'État à l'Intérieur, Laurent Nivelle.",
    );
    assert_eq!(speaker(quote(&r, "casseurs")), "Laurent Nivelle");
}

#[test]
fn an_incise_subject_described_then_named_in_apposition() {
    let r = run(
        "Le ministre Paul Morin a parlé. « On ira tous au paradis », a souligné le \
         chancelier de l'Académie, l'ancien ministre Xavier Dantec, en souriant.",
    );
    assert_eq!(speaker(quote(&r, "paradis")), "Xavier Dantec");
}

#[test]
fn an_incise_subject_after_a_complement_without_a_name() {
    let r = run(
        "Le président Henri Valade a parlé dimanche. « Nous tiendrons nos engagements », \
         a rappelé lundi devant la presse le premier ministre Édouard Lemoine.",
    );
    assert_eq!(speaker(quote(&r, "engagements")), "Édouard Lemoine");
}

#[test]
fn a_passive_cue_speaks_through_its_agent() {
    let r = run(
        "Le ministre Henri Valade a parlé. La défense de Moscou a été qualifiée de \
         « mensonges » par Alexandre Vorkov.",
    );
    assert_eq!(speaker(quote(&r, "mensonges")), "Alexandre Vorkov");
}

#[test]
fn an_incise_inside_the_quotation_marks_names_its_speaker_after_the_verb() {
    let r = run(
        "Le ministre Henri Valade a parlé. « Arnaud, c'est un combattant, insiste \
         Nicole Berthier. Il était formé pour ça. »",
    );
    assert_eq!(speaker(quote(&r, "combattant")), "Nicole Berthier");
}

#[test]
fn a_participle_after_a_comma_keeps_its_subject_before_it() {
    let r = run(
        "Le ministre Henri Valade a parlé longuement, accusant Paul Morin d'avoir \
         « menti aux Français ».",
    );
    assert_eq!(speaker(quote(&r, "menti")), "Henri Valade");
}

#[test]
fn a_name_in_a_relative_after_the_cue_is_not_an_incise_subject() {
    let r = run(
        "Au volant de son camion, Pedro Almeda, 54 ans, se souvient d'une autre ville, \
         localité où vit Carlos Mendoza : « Les fins de semaine, la rue se remplissait ».",
    );
    assert_eq!(speaker(quote(&r, "fins de semaine")), "Pedro Almeda");
}

#[test]
fn a_one_word_name_with_no_sign_of_a_person_is_not_listed() {
    let r = run("Les jeunes préfèrent désormais Snapzy pour discuter entre eux.");
    assert!(
        !r.persons.iter().any(|p| p.name == "Snapzy"),
        "{:#?}",
        r.persons
    );
}

#[test]
fn a_one_word_name_that_speaks_is_a_person() {
    let r = run("Selon Kowalski, « la situation est grave ».");
    assert!(
        r.persons.iter().any(|p| p.name == "Kowalski"),
        "{:#?}",
        r.persons
    );
    assert_eq!(speaker(quote(&r, "situation")), "Kowalski");
}

#[test]
fn a_quoted_term_inside_an_apposition_belongs_to_the_role() {
    let r = run(
        "« On attend des actes », promet Johnny Marsal, un « gilet jaune » à Nice. \
         « Ils ne nous écoutent pas », a prédit Thibault Devers, 23 ans, un «gilet jaune» de \
         Juvisy, venu défiler.",
    );
    assert!(
        roles(&r, "Johnny Marsal")
            .iter()
            .any(|x| x.contains("gilet jaune » à Nice")),
        "{:#?}",
        r.persons
    );
    assert!(
        roles(&r, "Thibault Devers")
            .iter()
            .any(|x| x.contains("gilet jaune» de Juvisy")),
        "{:#?}",
        r.persons
    );
}

#[test]
fn an_apposition_after_a_name_completing_a_noun_describes_the_noun() {
    let r = run(
        "On le verra dans un nouveau film de Lucie Ardent, une adaptation du \
         « Jardin d'hiver », le roman de Paul Morin.",
    );
    assert!(
        !roles(&r, "Lucie Ardent")
            .iter()
            .any(|x| x.contains("adaptation")),
        "{:#?}",
        r.persons
    );
}

#[test]
fn pour_with_a_time_or_a_thing_is_a_frame_not_a_source() {
    let r = run(
        "Pour la deuxième journée consécutive, la Bourse de Lyon est fermée. \
         Pour des raisons économiques, la ligne de bus sera supprimée.",
    );
    assert!(
        !r.quotes.iter().any(|q| q
            .cue
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case("pour"))),
        "{:#?}",
        r.quotes
    );
}

#[test]
fn pour_with_a_person_noun_or_a_name_is_a_source() {
    let r = run(
        "Pour l'historien Marc Lenoir, la réforme marque une rupture. \
         Pour les policiers en faction, c'est une lutte sans fin.",
    );
    assert_eq!(speaker(quote(&r, "rupture")), "Marc Lenoir");
    assert!(
        r.quotes.iter().any(|q| q.text.contains("lutte sans fin")),
        "{:#?}",
        r.quotes
    );
}

#[test]
fn a_quotation_as_the_predicative_complement_of_a_cue_is_a_quote() {
    let r = run(
        "Le député Marc Lenoir se demande « quelle est la part des déçus » parmi les \
         manifestants.",
    );
    assert_eq!(speaker(quote(&r, "part des déçus")), "Marc Lenoir");
}

#[test]
fn a_predicative_adjective_after_a_cue_is_no_quote() {
    let r = run("Le député Marc Lenoir s'est dit prêt à voter le texte.");
    assert!(r.quotes.is_empty(), "{:#?}", r.quotes);
}

#[test]
fn an_outlet_noun_after_the_article_of_a_title_names_an_outlet() {
    let r = run("Selon La Gazette de Besançon, le maire va démissionner.");
    assert!(
        r.media
            .iter()
            .any(|m| m.name.contains("Gazette de Besançon")),
        "{:#?} {:#?}",
        r.media,
        r.organizations
    );
}

#[test]
fn a_capitalised_day_after_an_incise_is_no_subject() {
    let r = run("« Nous resterons », a déclaré sur France Inter Dimanche le ministre.");
    assert_eq!(speaker(quote(&r, "resterons")), "le ministre");
}

#[test]
fn a_bare_infinitive_after_a_verb_of_saying_is_indirect_speech() {
    let r = run("Paul Morin affirme avoir reçu des menaces. \
         Dans sa déclaration, Claire Guédon a précisé avoir agi seule.");
    assert_eq!(speaker(quote(&r, "reçu des menaces")), "Paul Morin");
    assert_eq!(speaker(quote(&r, "agi seule")), "Claire Guédon");
}

#[test]
fn a_bare_infinitive_after_a_verb_of_wish_is_no_speech() {
    let r = run("Paul Morin veut partir demain. Claire Guédon souhaite rester à Lyon.");
    assert!(r.quotes.is_empty(), "{:#?}", r.quotes);
}

#[test]
fn il_faut_dire_que_is_the_writers_comment() {
    let r = run(
        "La bourgeoisie observe avec inquiétude les revendications. Il faut dire que \
         l'entrée du pays dans l'industrialisation se paie au prix fort.",
    );
    assert!(r.quotes.is_empty(), "{:#?}", r.quotes);
}
