//! The human-readable view of an extraction record (`dixit extract` on a terminal).

use dixit_model::{ArticleRecord, Named, Quote, QuoteKind};
use std::io::{self, Write};

/// Writes `record` for a reader: a heading (title, then where it comes from), each quote as
/// `speaker — cue — « words »` with channel and date, then persons with their roles,
/// outlets, organisations and places.
pub fn write_text(out: &mut dyn Write, record: &ArticleRecord) -> io::Result<()> {
    let src = &record.source;
    let title = record
        .title
        .as_deref()
        .map(one_line)
        .filter(|t| !t.is_empty());
    // Without a title the path heads the article, so it is not repeated below.
    let mut origin: Vec<&str> = Vec::new();
    match &title {
        Some(t) => {
            writeln!(out, "━━ {t}")?;
            origin.push(&src.path);
        }
        None => writeln!(out, "━━ {}", src.path)?,
    }
    origin.extend(
        [&src.url, &src.outlet, &src.date, &src.author]
            .into_iter()
            .filter_map(|f| f.as_deref()),
    );
    if !origin.is_empty() {
        writeln!(out, "   {}", origin.join(" · "))?;
    }

    writeln!(out)?;
    if record.quotes.is_empty() {
        writeln!(out, "   no quotes found")?;
    } else {
        writeln!(
            out,
            "   {} {}",
            record.quotes.len(),
            plural(record.quotes.len(), "quote")
        )?;
    }
    for q in &record.quotes {
        writeln!(out, "   • {}", quote_line(q, src.date.as_deref()))?;
    }

    if !record.persons.is_empty() {
        writeln!(out)?;
        writeln!(out, "   persons")?;
        for p in &record.persons {
            let mut line = p.name.clone();
            if let Some(party) = &p.party {
                line.push_str(&format!(" [{party}]"));
            }
            if !p.roles.is_empty() {
                line.push_str(" — ");
                line.push_str(&p.roles.join("; "));
            }
            writeln!(out, "   • {line}")?;
        }
    }
    for (label, items) in [
        ("outlets", &record.media),
        ("organisations", &record.organizations),
        ("places", &record.places),
    ] {
        if !items.is_empty() {
            writeln!(out)?;
            writeln!(out, "   {label}: {}", names(items))?;
        }
    }
    Ok(())
}

/// `speaker — cue — « words » (channel, date)`; direct quotes get guillemets, mixed and
/// indirect ones are shown as written (a mixed quote carries its own marks).
pub fn quote_line(q: &Quote, date: Option<&str>) -> String {
    let speaker = q
        .speaker
        .as_ref()
        .map_or_else(|| "(no source)".to_string(), |s| s.name.clone());
    let words = one_line(&q.text);
    let words = match q.kind {
        QuoteKind::Direct => format!("« {words} »"),
        QuoteKind::Mixed | QuoteKind::Indirect => words,
    };
    let mut line = speaker;
    if let Some(cue) = q.cue.as_deref().map(one_line).filter(|c| !c.is_empty()) {
        line.push_str(" — ");
        line.push_str(&cue);
    }
    line.push_str(" — ");
    line.push_str(&words);
    let context: Vec<&str> = [q.channel.as_deref(), date].into_iter().flatten().collect();
    if !context.is_empty() {
        line.push_str(&format!(" ({})", context.join(", ")));
    }
    line
}

/// Collapses runs of whitespace (line breaks included) into single spaces.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn names(items: &[Named]) -> String {
    items
        .iter()
        .map(|n| one_line(&n.name))
        .collect::<Vec<_>>()
        .join(", ")
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dixit_model::{Person, Source, SourceKind, Speaker};

    fn quote(kind: QuoteKind, text: &str) -> Quote {
        Quote {
            start: 0,
            end: text.len(),
            text: text.into(),
            kind,
            speaker: Some(Speaker {
                id: None,
                name: "Marine Le Pen".into(),
                kind: SourceKind::Person,
                person: Some(0),
                mention: None,
            }),
            cue: Some("a déclaré".into()),
            cue_span: None,
            channel: Some("RTL".into()),
            date: None,
            date_from: None,
        }
    }

    fn render(record: &ArticleRecord) -> String {
        let mut buf = Vec::new();
        write_text(&mut buf, record).expect("write to a Vec");
        String::from_utf8(buf).expect("utf-8")
    }

    #[test]
    fn direct_quote_gets_one_pair_of_guillemets_with_channel_and_date() {
        let q = quote(QuoteKind::Direct, "Nous\n  gagnerons");
        assert_eq!(
            quote_line(&q, Some("2017-03-02")),
            "Marine Le Pen — a déclaré — « Nous gagnerons » (RTL, 2017-03-02)"
        );
    }

    #[test]
    fn mixed_quote_keeps_its_own_marks_and_unknowns_are_left_out() {
        let mut q = quote(QuoteKind::Mixed, "le gouvernement « méprise » les Français");
        q.speaker = None;
        q.cue = None;
        q.channel = None;
        assert_eq!(
            quote_line(&q, None),
            "(no source) — le gouvernement « méprise » les Français"
        );
    }

    #[test]
    fn record_view_lists_every_section() {
        let record = ArticleRecord {
            source: Source {
                path: "a.txt".into(),
                date: Some("2017-03-02".into()),
                ..Default::default()
            },
            title: Some("Un  titre".into()),
            quotes: vec![quote(QuoteKind::Direct, "Oui")],
            persons: vec![Person {
                id: None,
                name: "Marine Le Pen".into(),
                mentions: vec![],
                roles: vec!["présidente du FN".into()],
                spans: vec![],
                kb_id: None,
                party: Some("FN".into()),
            }],
            media: vec![Named {
                id: None,
                name: "RTL".into(),
                spans: vec![],
            }],
            organizations: vec![Named {
                id: None,
                name: "Front national".into(),
                spans: vec![],
            }],
            ..Default::default()
        };
        let text = render(&record);
        assert!(
            text.starts_with("━━ Un titre\n   a.txt · 2017-03-02\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "   1 quote\n   • Marine Le Pen — a déclaré — « Oui » (RTL, 2017-03-02)\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("   • Marine Le Pen [FN] — présidente du FN\n"),
            "{text}"
        );
        assert!(text.contains("   outlets: RTL\n"), "{text}");
        assert!(
            text.contains("   organisations: Front national\n"),
            "{text}"
        );
        assert!(!text.contains("places"), "{text}");
    }

    #[test]
    fn empty_record_says_so_and_falls_back_to_the_path() {
        let record = ArticleRecord {
            source: Source {
                path: "vide.txt".into(),
                ..Default::default()
            },
            ..Default::default()
        };
        assert_eq!(render(&record), "━━ vide.txt\n\n   no quotes found\n");
    }
}
