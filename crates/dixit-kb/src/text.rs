//! Small string helpers shared by the builder and the runtime: folding, casing, variants.

/// Lowercases and strips French/Latin diacritics of one char, pushing the result.
fn push_folded(out: &mut String, c: char) {
    for l in c.to_lowercase() {
        let s = match l {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => "a",
            'ç' => "c",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'î' | 'ï' | 'í' | 'ì' => "i",
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' | 'ø' => "o",
            'ù' | 'û' | 'ü' | 'ú' => "u",
            'ÿ' | 'ý' => "y",
            'ñ' => "n",
            'œ' => "oe",
            'æ' => "ae",
            _ => {
                out.push(l);
                continue;
            }
        };
        out.push_str(s);
    }
}

/// Folds a name into an ASCII-ish slug ("Jean-Marie Le Guen" → "jean-marie-le-guen").
///
/// Used both as the identity key when merging sources (so case, accents, apostrophes and
/// hyphen/space differences collapse) and as the stable id written to the TSV files.
pub fn slug(s: &str) -> String {
    let mut folded = String::with_capacity(s.len());
    for c in s.chars() {
        push_folded(&mut folded, c);
    }
    let mut out = String::with_capacity(folded.len());
    let mut dash = false;
    for c in folded.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// Strips the diacritics of uppercase letters only ("Élysée" → "Elysée").
///
/// French press often drops accents on capitals, so the matcher indexes both spellings.
pub fn strip_upper_accents(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'À' | 'Â' | 'Ä' => 'A',
            'Ç' => 'C',
            'É' | 'È' | 'Ê' | 'Ë' => 'E',
            'Î' | 'Ï' => 'I',
            'Ô' | 'Ö' => 'O',
            'Ù' | 'Û' | 'Ü' => 'U',
            _ => c,
        })
        .collect()
}

/// Strips every diacritic but keeps case ("Benoît Hamon" → "Benoit Hamon", "É" → "E").
pub fn strip_accents(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_lowercase() {
            push_folded(&mut out, c);
        } else {
            out.push_str(&strip_upper_accents(c.encode_utf8(&mut [0u8; 4])));
        }
    }
    out
}

/// Swaps the typographic and the straight apostrophe, returning `None` when there is none.
pub fn swap_apostrophes(s: &str) -> Option<String> {
    if s.contains('\'') {
        Some(s.replace('\'', "’"))
    } else if s.contains('’') {
        Some(s.replace('’', "'"))
    } else {
        None
    }
}

/// Capitalises the first char of a lowercase word.
fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(f) => f.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether a name is written in capitals (a lowercase particle aside: "d'ORSANNE").
pub fn is_caps_name(s: &str) -> bool {
    let upper = s.chars().filter(|c| c.is_uppercase()).count();
    let lower = s.chars().filter(|c| c.is_lowercase()).count();
    upper >= 2 && upper > 2 * lower
}

/// Converts an all-caps family name as found in the RNE ("LE GUEN", "DE LA VERPILLIÈRE")
/// to its usual written form ("Le Guen", "de La Verpillière").
///
/// Names that are not all caps are returned unchanged: the source already cased them.
pub fn title_case_name(s: &str) -> String {
    let s = s.trim();
    if !is_caps_name(s) {
        return s.to_string();
    }
    let lower = s.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String, sep: Option<char>| {
        if !word.is_empty() {
            // Particles stay lowercase inside a name ("Charles de Courson", "Giscard d'Estaing").
            let particle = matches!(word.as_str(), "de" | "du" | "des" | "d");
            if particle {
                out.push_str(word);
            } else {
                out.push_str(&capitalise(word));
            }
            word.clear();
        }
        if let Some(c) = sep {
            out.push(c);
        }
    };
    for c in lower.chars() {
        if c == ' ' || c == '-' || c == '\'' || c == '’' {
            flush(&mut word, &mut out, Some(c));
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out, None);
    out
}

/// Puts a family name's particle where French writes it, in lowercase:
/// "Rugy (de)" → "de Rugy", "Orsanne (d')" → "d'Orsanne", "De Sarnez" → "de Sarnez".
pub fn normalize_particle(last: &str) -> String {
    let last = clean(last);
    if let Some(open) = last.rfind(" (")
        && last.ends_with(')')
    {
        let particle = last
            .get(open + 2..last.len() - 1)
            .unwrap_or("")
            .to_lowercase();
        let stem = last.get(..open).unwrap_or("");
        return match particle.as_str() {
            "d'" | "d’" => format!("{particle}{stem}"),
            "de" | "du" | "des" | "de la" => format!("{particle} {stem}"),
            _ => last.clone(),
        };
    }
    for p in ["De ", "Du ", "Des ", "D'", "D’"] {
        if let Some(rest) = last.strip_prefix(p)
            && rest.chars().next().is_some_and(char::is_uppercase)
            && rest.chars().any(char::is_lowercase)
        {
            return format!("{}{rest}", p.to_lowercase());
        }
    }
    last
}

/// Collapses runs of whitespace and trims (sources carry "Nicolas " and double spaces).
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_folds_case_accents_and_separators() {
        assert_eq!(slug("Jean-Marie Le Guen"), "jean-marie-le-guen");
        assert_eq!(slug("  Élisabeth  BORNE "), "elisabeth-borne");
        assert_eq!(slug("L’Express"), slug("L'Express"));
        assert_eq!(slug("Œuvre"), "oeuvre");
    }

    #[test]
    fn title_case_handles_particles() {
        assert_eq!(title_case_name("LE GUEN"), "Le Guen");
        assert_eq!(title_case_name("DE COURSON"), "de Courson");
        assert_eq!(title_case_name("BLATRIX CONTAT"), "Blatrix Contat");
        assert_eq!(title_case_name("MOREL-À-L'HUISSIER"), "Morel-À-L'Huissier");
        assert_eq!(title_case_name("GISCARD D'ESTAING"), "Giscard d'Estaing");
        assert_eq!(title_case_name("Hamon"), "Hamon");
        assert_eq!(title_case_name("d'ORSANNE"), "d'Orsanne");
        assert_eq!(title_case_name("Le Guen"), "Le Guen");
    }

    #[test]
    fn particles_move_front_in_lowercase() {
        assert_eq!(normalize_particle("Rugy (de)"), "de Rugy");
        assert_eq!(normalize_particle("Orsanne (d')"), "d'Orsanne");
        assert_eq!(normalize_particle("De Sarnez"), "de Sarnez");
        assert_eq!(normalize_particle("DE COURSON"), "DE COURSON");
        assert_eq!(normalize_particle("Le Guen"), "Le Guen");
    }

    #[test]
    fn variants() {
        assert_eq!(strip_upper_accents("Élysée"), "Elysée");
        assert_eq!(swap_apostrophes("L'Obs").as_deref(), Some("L’Obs"));
        assert_eq!(swap_apostrophes("Le Monde"), None);
        assert_eq!(clean(" Nicolas  "), "Nicolas");
        assert_eq!(strip_accents("Benoît Hamon"), "Benoit Hamon");
        assert_eq!(strip_accents("Élisabeth Borne"), "Elisabeth Borne");
    }
}
