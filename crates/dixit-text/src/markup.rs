//! From input bytes to an analysable [`Document`].
//!
//! Markdown syntax, link targets and "À lire aussi" teasers are not article prose, but
//! offsets must stay offsets into the input file. So instead of stripping them we
//! overwrite them with ASCII spaces in `analysis`, which keeps exactly the byte length
//! (and the char boundaries) of `text`.

use dixit_model::{Document, Source};

/// A Markdown article read from `path`: markup blanked out in `analysis`. A front matter
/// block (`---` YAML or `+++` TOML) is blanked too, and its `title`, `date` (or `published`,
/// `pubDate`…), `author` and `url` fill the document's title and source, as written: readers
/// normalise the date.
pub fn markdown_document(path: &str, text: String) -> Document {
    let mut analysis = text.clone().into_bytes();
    let front = front_matter(&text);
    let body_start = front.as_ref().map_or(0, |f| f.end);
    if body_start > 0 {
        blank(&mut analysis, 0, body_start);
    }
    blank_markdown(
        text.get(body_start..).unwrap_or(""),
        &mut analysis[body_start..],
    );
    let mut doc = finish(path, text, analysis);
    if let Some(f) = front {
        let title = doc
            .text
            .get(f.end..)
            .and_then(|body| first_line(body).map(str::to_owned));
        doc.title = f.title.or(title);
        doc.source.date = f.date;
        doc.source.author = f.author;
        doc.source.url = f.url;
    }
    doc
}

/// What a Markdown front matter says, and where it ends.
#[derive(Debug, Default, PartialEq, Eq)]
struct FrontMatter {
    /// Byte just after the closing fence line.
    end: usize,
    title: Option<String>,
    date: Option<String>,
    author: Option<String>,
    url: Option<String>,
}

/// Longest front matter looked for, in bytes: past that, a `---` line is a rule.
const MAX_FRONT_MATTER: usize = 64 * 1024;

/// The front matter opening `text`: a `---` (YAML, `key: value`) or `+++` (TOML,
/// `key = value`) line, then lines up to the same fence (or `...` for YAML), with at least
/// one key. Anything else, or no closing fence, is not front matter.
fn front_matter(text: &str) -> Option<FrontMatter> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = text.get(bom..)?;
    let first_end = rest.find('\n')?;
    let fence = rest[..first_end].trim_end();
    let sep = match fence {
        "---" => ':',
        "+++" => '=',
        _ => return None,
    };
    let mut pos = bom + first_end + 1;
    let mut fm = FrontMatter::default();
    let mut keys = 0;
    for line in text.get(pos..)?.split_inclusive('\n') {
        let l = line.trim_end();
        pos += line.len();
        if pos > MAX_FRONT_MATTER {
            return None;
        }
        if l == fence || (sep == ':' && l == "...") {
            fm.end = pos;
            return (keys > 0).then_some(fm);
        }
        let Some((key, value)) = l.split_once(sep) else {
            continue;
        };
        let key = key.trim();
        if key.is_empty() || key.contains(char::is_whitespace) {
            continue;
        }
        keys += 1;
        let value = unquote(value.trim());
        let slot = match key.to_ascii_lowercase().as_str() {
            "title" => &mut fm.title,
            "date" | "published" | "pubdate" | "publishdate" | "date_published"
            | "datepublished" | "published_at" => &mut fm.date,
            "author" => &mut fm.author,
            "url" | "link" | "canonical" | "canonical_url" => &mut fm.url,
            _ => continue,
        };
        if slot.is_none() && !value.is_empty() {
            *slot = Some(value.to_owned());
        }
    }
    None
}

/// A front matter value without its surrounding quotes.
fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
            return inner;
        }
    }
    v
}

fn first_line(text: &str) -> Option<&str> {
    text.lines()
        .map(|l| l.trim_start_matches('#').trim())
        .find(|l| !l.is_empty())
}

/// A plain-text article read from `path`: only teaser lines are blanked out.
pub fn text_document(path: &str, text: String) -> Document {
    let mut analysis = text.clone().into_bytes();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        if is_teaser(line.trim()) {
            blank(
                &mut analysis,
                line_start,
                line_start + line.trim_end().len(),
            );
        }
        line_start += line.len();
    }
    finish(path, text, analysis)
}

fn finish(path: &str, text: String, analysis: Vec<u8>) -> Document {
    // Only ASCII bytes were overwritten, and only whole chars, so this cannot fail; fall back
    // to the raw text rather than panic if that invariant were ever broken.
    let analysis = String::from_utf8(analysis).unwrap_or_else(|_| text.clone());
    let title = first_line(&text).map(str::to_owned);
    Document {
        source: Source {
            path: path.to_owned(),
            ..Source::default()
        },
        title,
        text,
        analysis,
        text_is_input: true,
    }
}

/// Lines that announce another article rather than belonging to this one.
fn is_teaser(line: &str) -> bool {
    let l = line.trim_start_matches(|c: char| {
        c == '[' || c == '>' || c == '*' || c == '_' || c.is_whitespace()
    });
    let lower: String = l.chars().take(24).collect::<String>().to_lowercase();
    [
        "à lire aussi",
        "a lire aussi",
        "lire aussi",
        "voir aussi",
        "à voir aussi",
        "lire la suite",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
}

fn blank(buf: &mut [u8], start: usize, end: usize) {
    let end = end.min(buf.len());
    if start >= end {
        return;
    }
    // Every byte becomes an ASCII space, so the buffer stays valid UTF-8 whatever the range.
    for b in &mut buf[start..end] {
        if *b != b'\n' {
            *b = b' ';
        }
    }
}

fn blank_markdown(text: &str, out: &mut [u8]) {
    let bytes = text.as_bytes();
    let mut line_start = 0;
    let mut in_fence = false;
    for line in text.split_inclusive('\n') {
        let content_end = line_start + line.trim_end().len();
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let body_start = line_start + indent;
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            blank(out, line_start, content_end);
        } else if in_fence || is_teaser(trimmed) || is_rule(trimmed) {
            blank(out, line_start, content_end);
        } else {
            let mut pos = body_start;
            // Block prefixes: headings, quotes, list markers.
            let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
            if hashes > 0
                && hashes <= 6
                && trimmed.as_bytes().get(hashes).is_none_or(|b| *b == b' ')
            {
                blank(out, pos, pos + hashes);
                pos += hashes;
            }
            while bytes.get(pos) == Some(&b'>') {
                blank(out, pos, pos + 1);
                pos += 1;
                while bytes.get(pos) == Some(&b' ') {
                    pos += 1;
                }
            }
            if let Some(&b) = bytes.get(pos)
                && (b == b'-' || b == b'*' || b == b'+')
                && bytes.get(pos + 1) == Some(&b' ')
            {
                blank(out, pos, pos + 1);
            }
            blank_inline(bytes, pos, content_end, out);
        }
        line_start += line.len();
    }
}

fn is_rule(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    t.len() >= 3
        && (t.bytes().all(|b| b == b'-')
            || t.bytes().all(|b| b == b'*')
            || t.bytes().all(|b| b == b'_'))
}

/// Emphasis markers, links, images, inline code ticks and HTML tags within one line.
fn blank_inline(bytes: &[u8], start: usize, end: usize, out: &mut [u8]) {
    let mut i = start;
    while i < end {
        match bytes[i] {
            b'*' => blank(out, i, i + 1),
            b'_' => {
                let prev_word = i > 0 && bytes[i - 1].is_ascii_alphanumeric();
                let next_word = bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphanumeric());
                // snake_case identifiers keep their underscore; emphasis markers sit at word edges.
                if !(prev_word && next_word) {
                    blank(out, i, i + 1);
                }
            }
            b'`' => blank(out, i, i + 1),
            b'<' => {
                if let Some(close) = find_byte(bytes, i + 1, end, b'>') {
                    let inner = &bytes[i + 1..close];
                    let tagish = !inner.is_empty()
                        && (inner[0].is_ascii_alphabetic() || inner[0] == b'/' || inner[0] == b'!');
                    if tagish && inner.len() < 200 {
                        blank(out, i, close + 1);
                        i = close;
                    }
                }
            }
            b'!' if bytes.get(i + 1) == Some(&b'[') => {
                if let Some((_, after)) = link_at(bytes, i + 1, end) {
                    blank(out, i, after);
                    i = after;
                    continue;
                }
            }
            b'[' => {
                if let Some((label_end, after)) = link_at(bytes, i, end) {
                    let label = std::str::from_utf8(&bytes[i + 1..label_end]).unwrap_or("");
                    if is_teaser(label) {
                        blank(out, i, after);
                    } else {
                        blank(out, i, i + 1);
                        blank(out, label_end, after);
                    }
                    i = after;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
}

fn find_byte(bytes: &[u8], from: usize, end: usize, needle: u8) -> Option<usize> {
    bytes
        .get(from..end)?
        .iter()
        .position(|&b| b == needle)
        .map(|p| from + p)
}

/// `[label](target)` or `[label][ref]` starting at `open`: (index of `]`, index after the link).
fn link_at(bytes: &[u8], open: usize, end: usize) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut j = open;
    let label_end = loop {
        match bytes.get(j)? {
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    break j;
                }
            }
            _ => {}
        }
        j += 1;
        if j >= end {
            return None;
        }
    };
    let closer = match bytes.get(label_end + 1)? {
        b'(' => b')',
        b'[' => b']',
        _ => return None,
    };
    let close = find_byte(bytes, label_end + 2, end, closer)?;
    let mut after = close + 1;
    // Pandoc-style attributes `{...}` right after a link.
    if bytes.get(after) == Some(&b'{')
        && let Some(c) = find_byte(bytes, after, end, b'}')
    {
        after = c + 1;
    }
    Some((label_end, after))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analysis(md: &str) -> String {
        markdown_document("t.md", md.to_owned()).analysis
    }

    #[test]
    fn same_length_and_offsets() {
        let md = "## Titre « ici »\n\nLe *député* [Yves Blein](https://x.fr/a_b) a dit.\n";
        let a = analysis(md);
        assert_eq!(a.len(), md.len());
        let p = md.find("Yves").unwrap_or(0);
        assert_eq!(&a[p..p + 4], "Yves");
        assert!(!a.contains('*'));
        assert!(!a.contains("https"));
        assert!(!a.contains('#'));
    }

    #[test]
    fn teaser_link_is_blanked() {
        let md = "Texte.\n\n[>>> À lire aussi : Comment la proposition de Benoît Hamon](#)\n";
        let a = analysis(md);
        assert!(!a.contains("Hamon"));
        assert!(a.starts_with("Texte."));
    }

    #[test]
    fn plain_text_keeps_everything_but_teasers() {
        let t = "Titre\n\nIl a dit « oui ».\nLIRE AUSSI - Autre chose\n";
        let d = text_document("t.txt", t.to_owned());
        assert_eq!(d.analysis.len(), t.len());
        assert!(d.analysis.contains("« oui »"));
        assert!(!d.analysis.contains("Autre"));
        assert_eq!(d.title.as_deref(), Some("Titre"));
    }

    #[test]
    fn front_matter_fills_the_source_and_is_blanked() {
        let md = "---\ntitle: \"Le titre\"\ndate: 2017-01-31T10:00:00+01:00\nauthor: Ana\ntags: [a, b]\n---\n\n# Autre\n\nIl a dit hier que oui.\n";
        let d = markdown_document("f.md", md.to_owned());
        assert_eq!(d.title.as_deref(), Some("Le titre"));
        assert_eq!(d.source.date.as_deref(), Some("2017-01-31T10:00:00+01:00"));
        assert_eq!(d.source.author.as_deref(), Some("Ana"));
        assert_eq!(d.analysis.len(), md.len());
        assert!(!d.analysis.contains("titre") && !d.analysis.contains("2017"));
        let p = md.find("Il a dit").unwrap_or(0);
        assert_eq!(&d.analysis[p..p + 8], "Il a dit");
        assert_eq!(d.text, md);

        let toml = "+++\ntitle = 'T'\ndate = 2017-01-31\n+++\nCorps.\n";
        let d = markdown_document("t.md", toml.to_owned());
        assert_eq!(d.source.date.as_deref(), Some("2017-01-31"));
        assert_eq!(d.title.as_deref(), Some("T"));
        assert!(d.analysis.trim_start().starts_with("Corps."));
    }

    #[test]
    fn a_rule_at_the_top_is_not_front_matter() {
        // No closing fence, or no key: plain Markdown.
        for md in ["---\nTexte sans fin.\n", "---\nPhrase.\n---\nSuite.\n"] {
            let d = markdown_document("r.md", md.to_owned());
            assert_eq!(d.source.date, None);
            assert!(
                d.analysis.contains("Phrase") || d.analysis.contains("Texte"),
                "{md:?}"
            );
        }
    }

    #[test]
    fn underscores_inside_words_survive() {
        let a = analysis("mot_compose et _emphase_\n");
        assert!(a.contains("mot_compose"));
        assert!(a.contains(" emphase "));
    }
}
