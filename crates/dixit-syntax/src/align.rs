//! From dixit-text tokens to UD syntactic words: contractions become two words (`du` →
//! `de le`, `aux` → `à les`, `duquel` → `de lequel`…), everything else stays one word, as in
//! the French UD treebanks (elisions keep their apostrophe: `l'`, `qu'`; inversion clitics keep
//! their hyphens: `-t-il`).

/// The two words of a contraction that is always one (lowercase input).
fn fixed_contraction(lower: &str) -> Option<(&'static str, &'static str)> {
    Some(match lower {
        "du" => ("de", "le"),
        "au" => ("à", "le"),
        "aux" => ("à", "les"),
        "duquel" => ("de", "lequel"),
        "auquel" => ("à", "lequel"),
        "auxquels" => ("à", "lesquels"),
        "auxquelles" => ("à", "lesquelles"),
        "desquels" => ("de", "lesquels"),
        "desquelles" => ("de", "lesquelles"),
        _ => return None,
    })
}

/// How a token maps to words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Split {
    /// One word, the token itself.
    One,
    /// Two words.
    Two(String, String),
    /// `des`: the indefinite article (one word) or `de les` (two), which the tagger decides.
    Des,
}

/// Writes `word` in the case pattern of `token`: all capitals, capitalised, or as is.
fn recase(word: &str, token: &str, first: bool) -> String {
    let letters: Vec<char> = token.chars().filter(|c| c.is_alphabetic()).collect();
    let all_upper = letters.len() > 1 && letters.iter().all(|c| c.is_uppercase());
    if all_upper {
        return word.to_uppercase();
    }
    if first && token.chars().next().is_some_and(char::is_uppercase) {
        let mut c = word.chars();
        return match c.next() {
            Some(f) => f.to_uppercase().chain(c).collect(),
            None => String::new(),
        };
    }
    word.to_string()
}

/// How `token` maps to UD words.
pub fn split(token: &str) -> Split {
    if token.len() > 12 || !token.starts_with(['d', 'D', 'a', 'A']) {
        return Split::One;
    }
    let lower = token.to_lowercase();
    if lower == "des" {
        return Split::Des;
    }
    match fixed_contraction(&lower) {
        Some((a, b)) => Split::Two(recase(a, token, true), recase(b, token, false)),
        None => Split::One,
    }
}

/// The two words of `des` read as a contraction.
pub fn des_words(token: &str) -> (String, String) {
    (recase("de", token, true), recase("les", token, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contractions_split_with_case() {
        assert_eq!(split("du"), Split::Two("de".into(), "le".into()));
        assert_eq!(split("Du"), Split::Two("De".into(), "le".into()));
        assert_eq!(split("DU"), Split::Two("DE".into(), "LE".into()));
        assert_eq!(split("au"), Split::Two("à".into(), "le".into()));
        assert_eq!(split("Aux"), Split::Two("À".into(), "les".into()));
        assert_eq!(
            split("auxquelles"),
            Split::Two("à".into(), "lesquelles".into())
        );
        assert_eq!(split("duquel"), Split::Two("de".into(), "lequel".into()));
        assert_eq!(split("des"), Split::Des);
        assert_eq!(split("DES"), Split::Des);
        assert_eq!(des_words("Des"), ("De".into(), "les".into()));
    }

    #[test]
    fn other_tokens_stay_whole() {
        for t in [
            "de",
            "le",
            "l'",
            "qu’",
            "-t-il",
            "aujourd'hui",
            "dû",
            "a",
            "Duval",
            "",
            "«",
            "2 000",
        ] {
            assert_eq!(split(t), Split::One, "{t}");
        }
    }
}
