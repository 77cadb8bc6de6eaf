//! Excerpts of the dev articles (`shared/eval/dev`, short quotations) and a sweep over the
//! whole dev set when it is present.

use dixit_text::sentence::split_sentences;
use dixit_text::token::{Token, TokenKind, tokenize};

fn sentences(s: &str) -> Vec<&str> {
    let toks = tokenize(s);
    split_sentences(s, &toks)
        .iter()
        .map(|x| &s[x.start as usize..x.end as usize])
        .collect()
}

fn find<'a>(s: &'a str, toks: &[Token], text: &str) -> Vec<(&'a str, TokenKind)> {
    toks.iter()
        .filter(|t| t.text(s) == text)
        .map(|t| (t.text(s), t.kind))
        .collect()
}

// dev/003.txt
const FILLON: &str = "François Fillon, très net vainqueur ce dimanche 27 novembre de la primaire de la droite face à Alain Juppé, défendra les couleurs de son camp à l'élection présidentielle de 2017. Selon les résultats presque définitifs communiqués par la Haute autorité (9.915 bureaux sur 10.229 à 23h21), le député de Paris l'emporte largement avec 66,5% des voix contre 33,5% pour le maire de Bordeaux. Alors que l'ancien Premier ministre a de fortes chances de l'emporter étant donné la désunion de la gauche note les analystes, sa victoire fait réagir l'ensemble de la classe politique. Réactions.\n\n► À DROITE\n\n• Vers 21h05, Alain Juppé, la voix cassée par l'émotion, a reconnu sa défaite et félicité François Fillon pour \"sa large victoire\" et lui apporte son \"soutien\" pour 2017.";

// dev/003.txt
const JUPPE: &str = "Expliquant que son propre résultat n'était \"pas à la hauteur de (ses) espérances\", il a exprimé sa \"reconnaissance\" à ses électeurs et à ses soutiens. \"Je termine cette campagne comme je l'ai commencé en homme libre, qui n'aura transigé ni avec ce qu'il est est ni avec ce qu'il pense\", a-t-il dit. Aux jeunes, il a lancé : \"Continuez à porter l'idée de la France que nous avons partagée, une France apaisée et réconciliée\".";

// dev/000.md
const LE_GUEN: &str = "Jean-Marie Le Guen, secrétaire d'État au Développement et à la Francophonie, a aussi jugé sur RTL que Benoît Hamon est dans \"une impasse stratégique\". \"Il n'y a pas d'unité. Benoît Hamon s'est isolé en tenant un discours extrêmement radical et s'est donc isolé de sa famille politique\", a-t-il encore estimé.\n\n### Valls à la rescousse ?\n\nMais il n'est pas le seul à ne pas cacher son scepticisme sur la campagne de Benoît Hamon.";

#[test]
fn fillon_tokens() {
    let toks = tokenize(FILLON);
    for n in ["9.915", "10.229", "23h21", "66,5", "33,5", "2017", "21h05"] {
        assert!(
            find(FILLON, &toks, n)
                .iter()
                .all(|&(_, k)| k == TokenKind::Number)
                && !find(FILLON, &toks, n).is_empty(),
            "{n}"
        );
    }
    assert_eq!(find(FILLON, &toks, "l'").len(), 6);
    assert!(
        find(FILLON, &toks, "l'")
            .iter()
            .all(|&(_, k)| k == TokenKind::Elision)
    );
}

#[test]
fn fillon_sentences() {
    let s = sentences(FILLON);
    assert_eq!(s.len(), 6, "{s:#?}");
    assert!(s[0].ends_with("présidentielle de 2017."));
    assert!(s[1].starts_with("Selon") && s[1].ends_with("maire de Bordeaux."));
    assert_eq!(s[3], "Réactions.");
    assert_eq!(s[4], "► À DROITE");
    assert!(s[5].starts_with("• Vers 21h05"));
}

#[test]
fn juppe_quotes() {
    let s = sentences(JUPPE);
    assert_eq!(s.len(), 3, "{s:#?}");
    assert!(s[1].starts_with("\"Je termine") && s[1].ends_with("a-t-il dit."));
    let toks = tokenize(JUPPE);
    assert!(toks.windows(2).any(|w| w[0].text(JUPPE) == "a"
        && w[1].text(JUPPE) == "-t-il"
        && w[1].kind == TokenKind::Clitic));
}

#[test]
fn le_guen_multi_sentence_quote() {
    let s = sentences(LE_GUEN);
    assert_eq!(s.len(), 4, "{s:#?}");
    assert!(s[1].starts_with("\"Il n'y a pas d'unité. Benoît Hamon"));
    assert!(s[1].ends_with("a-t-il encore estimé."));
    assert_eq!(s[2], "### Valls à la rescousse ?");
    let toks = tokenize(LE_GUEN);
    assert_eq!(
        find(LE_GUEN, &toks, "Jean-Marie"),
        vec![("Jean-Marie", TokenKind::Word)]
    );
}

/// Sweeps the dev set: no sentence may be absurdly long or contain a blank line.
/// `DIXIT_DUMP=1 cargo test -p dixit-text --test real_articles -- --nocapture` prints them.
#[test]
fn dev_set_sweep() {
    let Some(dir) = dev_dir() else { return };
    let dir = std::fs::read_dir(&dir).expect("dev set readable");
    let dump = std::env::var_os("DIXIT_DUMP").is_some();
    let mut n_sent = 0;
    for e in dir.filter_map(Result::ok) {
        let p = e.path();
        if !p.extension().is_some_and(|x| x == "txt" || x == "md") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        let toks = tokenize(&text);
        if dump {
            for t in &toks {
                if !matches!(
                    t.kind,
                    TokenKind::Word | TokenKind::Punct | TokenKind::Elision
                ) {
                    println!("TOK\t{:?}\t{}", t.kind, t.text(&text));
                }
            }
        }
        for s in split_sentences(&text, &toks) {
            let st = &text[s.start as usize..s.end as usize];
            n_sent += 1;
            assert!(!st.contains("\n\n"), "{p:?}: {st:?}");
            if dump {
                println!(
                    "{}\t{}",
                    p.file_name().and_then(|f| f.to_str()).unwrap_or(""),
                    st.replace('\n', "⏎")
                );
            }
        }
    }
    assert!(n_sent > 0);
}

/// The dev set: `DIXIT_DEV_DIR`, else `eval/dev` of the shared data folder.
fn dev_dir() -> Option<std::path::PathBuf> {
    if let Some(d) = std::env::var_os("DIXIT_DEV_DIR") {
        return Some(d.into());
    }
    dixit_testdata::shared("eval/dev")
}
