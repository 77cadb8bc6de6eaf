//! Property tests: tokeniser and splitter invariants on arbitrary input.

use dixit_text::sentence::{resolve_quote_marks, split_sentences};
use dixit_text::token::{TokenKind, is_space, tokenize};
use proptest::prelude::*;

/// Strings biased towards the characters the tokeniser treats specially.
fn frenchish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("l'".to_string()),
        Just("qu’".to_string()),
        Just("a-t-il".to_string()),
        Just("-".to_string()),
        Just("M.".to_string()),
        Just("J.-C.".to_string()),
        Just("2\u{A0}000".to_string()),
        Just("3,5".to_string()),
        Just("23h21".to_string()),
        Just("«\u{202F}".to_string()),
        Just("\u{202F}»".to_string()),
        Just("\"".to_string()),
        Just("''".to_string()),
        Just("...".to_string()),
        Just(". ".to_string()),
        Just("\n\n".to_string()),
        Just("\n".to_string()),
        Just("# ".to_string()),
        Just("https://x.fr/a".to_string()),
        "[a-zA-Zéàç0-9 ]{0,6}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn check_tokens(s: &str) {
    let toks = tokenize(s);
    let mut covered = vec![false; s.len()];
    let mut prev_end = 0u32;
    for t in &toks {
        assert!(t.start < t.end, "empty token {t:?} in {s:?}");
        assert!(t.start >= prev_end, "overlap/order at {t:?} in {s:?}");
        assert!(s.is_char_boundary(t.start as usize) && s.is_char_boundary(t.end as usize));
        assert!(!t.text(s).is_empty());
        for c in covered
            .iter_mut()
            .take(t.end as usize)
            .skip(t.start as usize)
        {
            *c = true;
        }
        prev_end = t.end;
    }
    for (pos, c) in s.char_indices() {
        assert!(
            is_space(c) || covered[pos],
            "char {c:?} at {pos} not covered in {s:?}"
        );
    }
    // Tokens never start or end with a skipped space.
    for t in &toks {
        let text = t.text(s);
        assert!(
            !text.starts_with(is_space) && !text.ends_with(is_space),
            "{text:?}"
        );
    }

    let sents = split_sentences(s, &toks);
    let mut next_tok = 0usize;
    let mut prev = 0u32;
    for x in &sents {
        assert!(x.tokens.start < x.tokens.end);
        assert_eq!(x.tokens.start, next_tok, "sentences must tile the tokens");
        assert!(x.start >= prev && x.start < x.end);
        assert_eq!(x.start, toks[x.tokens.start].start);
        assert_eq!(x.end, toks[x.tokens.end - 1].end);
        next_tok = x.tokens.end;
        prev = x.end;
    }
    assert_eq!(next_tok, toks.len());

    let marks = resolve_quote_marks(s, &toks);
    assert_eq!(marks.len(), toks.len());
    for (m, t) in marks.iter().zip(&toks) {
        assert_eq!(m.is_some(), matches!(t.kind, TokenKind::Quote(_)));
        assert_ne!(*m, Some(dixit_text::token::QuoteMark::Ambiguous));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_strings(s in any::<String>()) {
        check_tokens(&s);
    }

    #[test]
    fn frenchish_strings(s in frenchish()) {
        check_tokens(&s);
    }
}
