//! Hand-written French tokeniser producing byte-offset tokens.
//!
//! One left-to-right pass, no regex, no allocation besides the output vector.
//! French specifics handled here: elisions (`l'`, `qu’`), verbal-inversion clitics
//! (`a-t-il`, `dit-elle`), grouped numbers (`2 000`, `3,5`, `23h21`), courtesy titles
//! and initials (`M.`, `Mme`, `J.-C.`), and every quotation-mark style seen in the press.

use dixit_model::Span;

/// Direction of a quotation mark as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteMark {
    /// `«`, `“`, `‹`, `„`.
    Open,
    /// `»`, `”`, `›`.
    Close,
    /// `"`, `''`, `″`: direction depends on context (see `sentence::resolve_quote_marks`).
    Ambiguous,
}

/// Category of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters/digits, with inner hyphens and non-elision apostrophes (`Jean-Marie`, `aujourd'hui`).
    Word,
    /// Elided article/pronoun/conjunction including its apostrophe (`l'`, `qu’`, `jusqu'`).
    Elision,
    /// Verbal-inversion suffix split off its verb (`-t-il`, `-elle`, `-on`).
    Clitic,
    /// Numbers, including grouped, decimal, dates, hours and ordinals (`2 000`, `3,5`, `23h21`, `1er`).
    Number,
    /// Abbreviations and initials, with their dot when they take one (`M.`, `Mme`, `J.-C.`).
    Abbrev,
    /// Punctuation, one char each except `...`; also `%` and currency signs.
    Punct,
    /// Quotation mark.
    Quote(QuoteMark),
    /// Any other non-space char (emoji, `#`, `@`, bullets) and URLs.
    Symbol,
}

/// A token: half-open byte range into the tokenised text plus its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Category.
    pub kind: TokenKind,
}

impl Token {
    /// The token's text in `src` (the string it was produced from); empty if `src` is another string.
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        src.get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }

    /// The token's byte span.
    pub fn span(&self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }
}

/// Tokenises `text` (whitespace is skipped). Texts over 4 GiB are cut at 4 GiB.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5 + 8);
    tokenize_into(text, &mut out);
    out
}

/// Tokenises `text` into `out`, which is cleared first (lets callers reuse the buffer).
pub fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    out.clear();
    let text = clamp_u32(text);
    let bytes = text.as_bytes();
    let mut i = 0usize;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            i = match b {
                b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => i + 1,
                b'a'..=b'z' | b'A'..=b'Z' => scan_word(text, i, out),
                b'0'..=b'9' => scan_number(text, i, out),
                b'.' => {
                    let mut j = i + 1;
                    while bytes.get(j) == Some(&b'.') {
                        j += 1;
                    }
                    push(out, i, j, TokenKind::Punct)
                }
                b'"' => push(out, i, i + 1, TokenKind::Quote(QuoteMark::Ambiguous)),
                b'\'' => {
                    if bytes.get(i + 1) == Some(&b'\'') {
                        push(out, i, i + 2, TokenKind::Quote(QuoteMark::Ambiguous))
                    } else {
                        push(out, i, i + 1, TokenKind::Punct)
                    }
                }
                b',' | b';' | b':' | b'!' | b'?' | b'(' | b')' | b'[' | b']' | b'{' | b'}'
                | b'-' | b'/' | b'\\' | b'%' | b'$' => push(out, i, i + 1, TokenKind::Punct),
                _ => push(out, i, i + 1, TokenKind::Symbol),
            };
            continue;
        }
        let Some(c) = char_at(text, i) else {
            // Unreachable for valid UTF-8 walked char by char; stop rather than loop.
            break;
        };
        let len = c.len_utf8();
        i = if is_space(c) {
            i + len
        } else if is_word_char(c) {
            scan_word(text, i, out)
        } else {
            let kind = match c {
                '«' | '“' | '‹' | '„' => TokenKind::Quote(QuoteMark::Open),
                '»' | '”' | '›' => TokenKind::Quote(QuoteMark::Close),
                '″' | '‟' => TokenKind::Quote(QuoteMark::Ambiguous),
                '…' | '–' | '—' | '‐' | '‑' | '‒' | '―' | '’' | '‘' | '‚' | '€' | '£' | '¥'
                | '°' | '§' | '¿' | '¡' | '·' | '⁄' => TokenKind::Punct,
                _ => TokenKind::Symbol,
            };
            push(out, i, i + len, kind)
        };
    }
}

/// True when `s` starts with an uppercase letter.
pub fn is_upper_initial(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// The whitespace the tokeniser skips: Unicode `White_Space` (NBSP, thin and narrow
/// no-break spaces included) plus zero-width space and BOM.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}'
}

/// Byte offsets where a paragraph starts after a blank line (a whitespace run holding
/// two or more line feeds, or a U+2029 paragraph separator).
pub fn paragraph_breaks(text: &str) -> Vec<u32> {
    let text = clamp_u32(text);
    let mut res = Vec::new();
    let mut newlines = 0u32;
    let mut seen_content = false;
    for (pos, c) in text.char_indices() {
        if is_space(c) {
            match c {
                '\n' => newlines += 1,
                '\u{2029}' => newlines += 2,
                _ => {}
            }
        } else {
            if newlines >= 2 && seen_content {
                res.push(pos as u32);
            }
            newlines = 0;
            seen_content = true;
        }
    }
    res
}

/// Cuts `text` to the longest prefix whose offsets fit in `u32`, on a char boundary.
fn clamp_u32(text: &str) -> &str {
    let max = u32::MAX as usize;
    if text.len() <= max {
        return text;
    }
    let mut cut = max;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.get(..cut).unwrap_or("")
}

#[inline]
fn push(out: &mut Vec<Token>, start: usize, end: usize, kind: TokenKind) -> usize {
    // Offsets fit: `clamp_u32` bounded the text.
    out.push(Token {
        start: start as u32,
        end: end as u32,
        kind,
    });
    end
}

#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

#[inline]
fn is_combining(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// Chars a word is made of: letters, digits, combining marks (NFD input), soft hyphen.
#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if ('\u{C0}'..='\u{24F}').contains(&c) {
        // Latin-1 and Latin Extended letters, the bulk of French text: skip the table lookup.
        c != '×' && c != '÷'
    } else {
        c.is_alphanumeric() || is_combining(c) || c == '\u{AD}'
    }
}

#[inline]
fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

#[inline]
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// End of the run of word chars starting at `i`.
#[inline]
fn word_run(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            if b.is_ascii_alphanumeric() {
                i += 1;
            } else {
                return i;
            }
        } else {
            match char_at(text, i) {
                Some(c) if is_word_char(c) => i += c.len_utf8(),
                _ => return i,
            }
        }
    }
    i
}

const ELISIONS: [&str; 14] = [
    "l", "d", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "s", "n", "m", "t", "c", "j", "presqu",
];

fn is_elision(seg: &str) -> bool {
    seg.len() <= 6 && ELISIONS.iter().any(|e| e.eq_ignore_ascii_case(seg))
}

/// Inversion pronouns; longer forms first so `ils` wins over `il`.
const CLITIC_PRONOUNS: [&str; 10] = [
    "ils", "il", "elles", "elle", "on", "je", "nous", "vous", "ce", "tu",
];
const T_PRONOUNS: [&str; 5] = ["ils", "il", "elles", "elle", "on"];

/// True when `rest` starts with `word` (ASCII case-insensitively) followed by a word boundary.
fn starts_with_word(text: &str, at: usize, word: &str) -> Option<usize> {
    let cand = text.get(at..at + word.len())?;
    if !cand.eq_ignore_ascii_case(word) {
        return None;
    }
    let end = at + word.len();
    match char_at(text, end) {
        Some(c) if is_word_char(c) => None,
        Some(c) if is_hyphen(c) => {
            // "-elle-même": the pronoun is part of a longer compound, not a clitic.
            let after = end + c.len_utf8();
            if char_at(text, after).is_some_and(is_word_char) {
                None
            } else {
                Some(end)
            }
        }
        _ => Some(end),
    }
}

/// If a clitic starts with the hyphen that ends at `after_hyphen`, the clitic's end.
fn clitic_end(text: &str, after_hyphen: usize) -> Option<usize> {
    // "-t-il": euphonic t, then a hyphen, then a third-person pronoun.
    if text
        .as_bytes()
        .get(after_hyphen)
        .is_some_and(|b| b.eq_ignore_ascii_case(&b't'))
        && let Some(h) = char_at(text, after_hyphen + 1).filter(|&c| is_hyphen(c))
        && let Some(end) = T_PRONOUNS
            .iter()
            .find_map(|w| starts_with_word(text, after_hyphen + 1 + h.len_utf8(), w))
    {
        return Some(end);
    }
    CLITIC_PRONOUNS
        .iter()
        .find_map(|w| starts_with_word(text, after_hyphen, w))
}

/// Compounds whose second half looks like a clitic but is not one.
fn clitic_exception(seg: &str) -> bool {
    seg.eq_ignore_ascii_case("rendez")
}

fn scan_word(text: &str, start: usize, out: &mut Vec<Token>) -> usize {
    let mut i = start;
    loop {
        i = word_run(text, i);
        let Some(c) = char_at(text, i) else { break };
        let after = i + c.len_utf8();
        let next = char_at(text, after);
        if is_apostrophe(c) {
            if c == '\'' && next == Some('\'') {
                break;
            }
            let seg = text.get(start..i).unwrap_or("");
            if is_elision(seg) {
                return push(out, start, after, TokenKind::Elision);
            }
            if next.is_some_and(is_word_char) {
                i = after;
                continue;
            }
            break;
        } else if is_hyphen(c) {
            if !next.is_some_and(is_word_char) {
                break;
            }
            let seg = text.get(start..i).unwrap_or("");
            if let Some(end) = clitic_end(text, after).filter(|_| !clitic_exception(seg)) {
                push(out, start, i, TokenKind::Word);
                return push(out, i, end, TokenKind::Clitic);
            }
            i = after;
        } else if c == '·' && next.is_some_and(is_word_char) {
            // Inclusive writing: "électeur·rice·s".
            i = after;
        } else {
            break;
        }
    }
    finish_word(text, start, i, out)
}

/// Abbreviations that may appear without a dot (a following dot is absorbed).
const NODOT_ABBREVS: [&str; 13] = [
    "Mme", "Mmes", "Mlle", "Mlles", "Dr", "Pr", "Me", "St", "Ste", "Mgr", "bd", "Bd", "Cie",
];
/// Abbreviations recognised only with their dot.
const DOT_ABBREVS: [&str; 11] = [
    "M", "MM", "etc", "cf", "Cf", "av", "apr", "env", "vol", "ex", "Etc",
];

fn finish_word(text: &str, start: usize, end: usize, out: &mut Vec<Token>) -> usize {
    let seg = text.get(start..end).unwrap_or("");
    let rest = text.get(end..).unwrap_or("");
    let next = rest.as_bytes().first().copied();
    if matches!(next, Some(b':' | b'.'))
        && ((seg.eq_ignore_ascii_case("http") || seg.eq_ignore_ascii_case("https"))
            && rest.starts_with("://")
            || seg.eq_ignore_ascii_case("www") && next == Some(b'.'))
    {
        return push(out, start, url_end(text, end), TokenKind::Symbol);
    }
    if seg.len() > 5 {
        return push(out, start, end, TokenKind::Word);
    }
    if next == Some(b'.') {
        let mut chars = seg.chars();
        if chars.next().is_some_and(char::is_uppercase) && chars.next().is_none() {
            return push(out, start, initials_end(text, end + 1), TokenKind::Abbrev);
        }
        if DOT_ABBREVS.contains(&seg) || NODOT_ABBREVS.contains(&seg) {
            return push(out, start, end + 1, TokenKind::Abbrev);
        }
    }
    if NODOT_ABBREVS.contains(&seg) {
        return push(out, start, end, TokenKind::Abbrev);
    }
    push(out, start, end, TokenKind::Word)
}

/// Extends an initial ending at `i` over following initials: "J.-C.", "S.N.C.F.".
fn initials_end(text: &str, mut i: usize) -> usize {
    loop {
        let mut j = i;
        if text.as_bytes().get(j) == Some(&b'-') {
            j += 1;
        }
        let Some(c) = char_at(text, j).filter(|c| c.is_uppercase()) else {
            return i;
        };
        let k = j + c.len_utf8();
        if text.as_bytes().get(k) != Some(&b'.') {
            return i;
        }
        i = k + 1;
    }
}

/// End of a URL starting before `i`: up to whitespace or a delimiter, minus trailing punctuation.
fn url_end(text: &str, mut i: usize) -> usize {
    while let Some(c) = char_at(text, i) {
        if is_space(c)
            || matches!(
                c,
                '"' | '«' | '»' | '“' | '”' | '<' | '>' | '(' | ')' | '[' | ']'
            )
        {
            break;
        }
        i += c.len_utf8();
    }
    while i > 0 {
        match text.as_bytes().get(i - 1) {
            Some(b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'') => i -= 1,
            _ => break,
        }
    }
    i
}

/// Group separators allowed inside a number: NBSP, narrow NBSP, thin space, space.
#[inline]
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{A0}' | '\u{202F}' | '\u{2009}')
}

#[inline]
fn is_digit_at(text: &str, i: usize) -> bool {
    text.as_bytes().get(i).is_some_and(u8::is_ascii_digit)
}

fn digits_end(text: &str, mut i: usize) -> usize {
    while is_digit_at(text, i) {
        i += 1;
    }
    i
}

const ORDINALS: [&str; 20] = [
    "er", "ère", "re", "e", "ème", "eme", "è", "nd", "nde", "nds", "ndes", "ers", "ères", "es",
    "èmes", "emes", "res", "h", "ᵉ", "ᵉʳ",
];

fn is_number_suffix(suf: &str) -> bool {
    if ORDINALS.contains(&suf) {
        return true;
    }
    // Hours: "23h21", "8h05".
    let b = suf.as_bytes();
    matches!(b.first(), Some(b'h'))
        && (2..=3).contains(&b.len())
        && b.get(1..).is_some_and(|d| d.iter().all(u8::is_ascii_digit))
}

fn scan_number(text: &str, start: usize, out: &mut Vec<Token>) -> usize {
    let mut i = digits_end(text, start);
    let mut simple = true;
    // Space-grouped thousands only after a 1-3 digit head, so "2017 200" stays two numbers.
    let mut allow_space = i - start <= 3;
    while let Some(c) = char_at(text, i) {
        let after = i + c.len_utf8();
        if allow_space
            && is_group_space(c)
            && digits_end(text, after) == after + 3
            && !char_at(text, after + 3).is_some_and(is_word_char)
        {
            i = after + 3;
        } else if matches!(c, ',' | '.' | '/') && is_digit_at(text, after) {
            allow_space = false;
            i = digits_end(text, after);
        } else if c == ':'
            && digits_end(text, after) == after + 2
            && !char_at(text, after + 2).is_some_and(is_word_char)
        {
            i = after + 2;
        } else {
            break;
        }
        simple = false;
    }
    let suffix_end = word_run(text, i);
    if suffix_end > i {
        let suf = text.get(i..suffix_end).unwrap_or("");
        if is_number_suffix(suf) {
            return push(out, start, suffix_end, TokenKind::Number);
        }
        if simple {
            // "G7"-like alphanumerics starting with a digit: "3D", "4x4".
            return scan_word(text, start, out);
        }
    }
    push(out, start, i, TokenKind::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<(&str, TokenKind)> {
        tokenize(s).iter().map(|t| (t.text(s), t.kind)).collect()
    }

    fn texts(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| t.text(s)).collect()
    }

    use TokenKind::*;

    #[test]
    fn elisions_both_apostrophes_any_case() {
        assert_eq!(
            toks("l'homme d’État qu'il jusqu'à lorsqu’on L'Express D’abord"),
            vec![
                ("l'", Elision),
                ("homme", Word),
                ("d’", Elision),
                ("État", Word),
                ("qu'", Elision),
                ("il", Word),
                ("jusqu'", Elision),
                ("à", Word),
                ("lorsqu’", Elision),
                ("on", Word),
                ("L'", Elision),
                ("Express", Word),
                ("D’", Elision),
                ("abord", Word),
            ]
        );
        assert_eq!(
            texts("s'est n'y c'était j'ai m'a t'as puisqu'il quoiqu'on presqu'île"),
            vec![
                "s'", "est", "n'", "y", "c'", "était", "j'", "ai", "m'", "a", "t'", "as",
                "puisqu'", "il", "quoiqu'", "on", "presqu'", "île"
            ]
        );
    }

    #[test]
    fn inner_apostrophes_stay() {
        assert_eq!(
            toks("aujourd'hui prud’hommes O'Neill quelqu'un d'aujourd'hui"),
            vec![
                ("aujourd'hui", Word),
                ("prud’hommes", Word),
                ("O'Neill", Word),
                ("quelqu'un", Word),
                ("d'", Elision),
                ("aujourd'hui", Word),
            ]
        );
    }

    #[test]
    fn hyphens_and_clitics() {
        assert_eq!(
            toks("Jean-Marie peut-être Saint-Étienne celui-là a-t-il estime-t-elle dit-il"),
            vec![
                ("Jean-Marie", Word),
                ("peut-être", Word),
                ("Saint-Étienne", Word),
                ("celui-là", Word),
                ("a", Word),
                ("-t-il", Clitic),
                ("estime", Word),
                ("-t-elle", Clitic),
                ("dit", Word),
                ("-il", Clitic),
            ]
        );
        assert_eq!(
            texts("juge-t-on, ajoute-t-il. Souligne-t-il encore est-ce vont-ils pensez-vous"),
            vec![
                "juge", "-t-on", ",", "ajoute", "-t-il", ".", "Souligne", "-t-il", "encore", "est",
                "-ce", "vont", "-ils", "pensez", "-vous"
            ]
        );
        assert_eq!(
            texts("un rendez-vous elle-même"),
            vec!["un", "rendez-vous", "elle-même"]
        );
        assert_eq!(
            toks("oui - non – peut -"),
            vec![
                ("oui", Word),
                ("-", Punct),
                ("non", Word),
                ("–", Punct),
                ("peut", Word),
                ("-", Punct)
            ]
        );
    }

    #[test]
    fn abbreviations_and_initials() {
        assert_eq!(
            toks(
                "M. Fillon, MM. Dupont, Mme Le Pen, Dr House, St Louis, J. Dupont, 52 av. J.-C. etc."
            ),
            vec![
                ("M.", Abbrev),
                ("Fillon", Word),
                (",", Punct),
                ("MM.", Abbrev),
                ("Dupont", Word),
                (",", Punct),
                ("Mme", Abbrev),
                ("Le", Word),
                ("Pen", Word),
                (",", Punct),
                ("Dr", Abbrev),
                ("House", Word),
                (",", Punct),
                ("St", Abbrev),
                ("Louis", Word),
                (",", Punct),
                ("J.", Abbrev),
                ("Dupont", Word),
                (",", Punct),
                ("52", Number),
                ("av.", Abbrev),
                ("J.-C.", Abbrev),
                ("etc.", Abbrev),
            ]
        );
        assert_eq!(
            texts("la S.N.C.F. recrute"),
            vec!["la", "S.N.C.F.", "recrute"]
        );
        assert_eq!(texts("fin. Début"), vec!["fin", ".", "Début"]);
    }

    #[test]
    fn numbers() {
        assert_eq!(
            toks(
                "2 000 euros, 2\u{A0}000\u{202F}000 ou 3\u{2009}500 ; 3,5 % de 9.915 à 23h21 le 27/11/2016"
            ),
            vec![
                ("2 000", Number),
                ("euros", Word),
                (",", Punct),
                ("2\u{A0}000\u{202F}000", Number),
                ("ou", Word),
                ("3\u{2009}500", Number),
                (";", Punct),
                ("3,5", Number),
                ("%", Punct),
                ("de", Word),
                ("9.915", Number),
                ("à", Word),
                ("23h21", Number),
                ("le", Word),
                ("27/11/2016", Number),
            ]
        );
        assert_eq!(
            toks("le 1er et la 1ère, 66,5% en 2017. G7 3D 21h"),
            vec![
                ("le", Word),
                ("1er", Number),
                ("et", Word),
                ("la", Word),
                ("1ère", Number),
                (",", Punct),
                ("66,5", Number),
                ("%", Punct),
                ("en", Word),
                ("2017", Number),
                (".", Punct),
                ("G7", Word),
                ("3D", Word),
                ("21h", Number),
            ]
        );
        // A 4-digit head is a year, not the start of a grouped number.
        assert_eq!(
            texts("en 2017 200 personnes"),
            vec!["en", "2017", "200", "personnes"]
        );
    }

    #[test]
    fn quotes() {
        use QuoteMark::*;
        let s = "«\u{A0}Il\u{A0}» «Il» “a” ‹b› „c“ \"d\" ''e'' ″f″";
        let kinds: Vec<_> = tokenize(s)
            .iter()
            .filter_map(|t| match t.kind {
                Quote(m) => Some((t.text(s), m)),
                _ => None,
            })
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("«", Open),
                ("»", Close),
                ("«", Open),
                ("»", Close),
                ("“", Open),
                ("”", Close),
                ("‹", Open),
                ("›", Close),
                ("„", Open),
                ("“", Open),
                ("\"", Ambiguous),
                ("\"", Ambiguous),
                ("''", Ambiguous),
                ("''", Ambiguous),
                ("″", Ambiguous),
                ("″", Ambiguous),
            ]
        );
        assert_eq!(texts("«Il»"), vec!["«", "Il", "»"]);
        assert_eq!(texts("d'\"unité\""), vec!["d'", "\"", "unité", "\""]);
    }

    #[test]
    fn punctuation_and_spaces() {
        assert_eq!(
            toks("Quoi ?!... Bon… (oui) [non]\u{202F}; 10\u{A0}€"),
            vec![
                ("Quoi", Word),
                ("?", Punct),
                ("!", Punct),
                ("...", Punct),
                ("Bon", Word),
                ("…", Punct),
                ("(", Punct),
                ("oui", Word),
                (")", Punct),
                ("[", Punct),
                ("non", Word),
                ("]", Punct),
                (";", Punct),
                ("10", Number),
                ("€", Punct),
            ]
        );
        assert_eq!(
            toks("#Fillon @lemonde 🙂 • ►"),
            vec![
                ("#", Symbol),
                ("Fillon", Word),
                ("@", Symbol),
                ("lemonde", Word),
                ("🙂", Symbol),
                ("•", Symbol),
                ("►", Symbol),
            ]
        );
        assert!(tokenize(" \t\n\u{A0}\u{202F}\u{2009}\u{200B}\u{FEFF}").is_empty());
    }

    #[test]
    fn urls_are_one_token() {
        assert_eq!(
            toks("voir https://www.lefigaro.fr/a?b=1. Fin"),
            vec![
                ("voir", Word),
                ("https://www.lefigaro.fr/a?b=1", Symbol),
                (".", Punct),
                ("Fin", Word),
            ]
        );
    }

    #[test]
    fn paragraphs() {
        let s = "Un.\n\nDeux.\n  \n\tTrois.\nQuatre.";
        let p = paragraph_breaks(s);
        assert_eq!(p.len(), 2);
        assert_eq!(&s[p[0] as usize..p[0] as usize + 4], "Deux");
        assert_eq!(&s[p[1] as usize..p[1] as usize + 5], "Trois");
        assert!(paragraph_breaks("\n\nA").is_empty());
    }

    #[test]
    fn upper_initial_and_span() {
        assert!(is_upper_initial("Élysée"));
        assert!(!is_upper_initial("élysée"));
        assert!(!is_upper_initial(""));
        assert!(!is_upper_initial("«"));
        let t = tokenize("ab cd")[1];
        assert_eq!(t.span(), Span::new(3, 5));
    }
}
