//! RSS 2.0, RSS 1.0 (RDF) and Atom feeds, streamed item by item.

use std::io::BufRead;

use dixit_model::{Document, Source};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::ReadError;
use crate::html::{html_fragment_text, iso_date};

/// Longest text kept for one field of an item; the rest is dropped.
const MAX_FIELD_BYTES: usize = 16 * 1024 * 1024;

/// The items of an RSS or Atom feed as documents (`path#index`, index from 0), lazily:
/// an item without text is an `Err` and the next one follows; malformed XML ends the
/// feed with an `Err`; a feed with no item yields one [`ReadError::EmptyFeed`].
pub fn feed_documents(
    path: String,
    reader: Box<dyn BufRead + Send>,
) -> impl Iterator<Item = Result<Document, ReadError>> + Send {
    let mut xml = Reader::from_reader(reader);
    xml.config_mut().trim_text(false);
    xml.config_mut().check_end_names = false;
    FeedReader {
        path,
        xml,
        buf: Vec::new(),
        index: 0,
        done: false,
        depth: 0,
        root_seen: false,
        feed_title: None,
        item: None,
        text: String::new(),
        content_depth: None,
    }
}

#[derive(Default)]
struct Item {
    title: Option<String>,
    link: Option<String>,
    id: Option<String>,
    summary: Option<String>,
    content: Option<String>,
    date: Option<String>,
    updated: Option<String>,
    author: Option<String>,
}

struct FeedReader {
    path: String,
    xml: Reader<Box<dyn BufRead + Send>>,
    buf: Vec<u8>,
    index: u64,
    done: bool,
    depth: usize,
    root_seen: bool,
    feed_title: Option<String>,
    item: Option<Item>,
    text: String,
    /// Depth of an open element whose nested markup (Atom XHTML content) is text.
    content_depth: Option<usize>,
}

fn name_of(e: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(e.name().as_ref()).to_ascii_lowercase()
}

fn is_content(name: &str) -> bool {
    matches!(
        name,
        "content" | "content:encoded" | "description" | "summary"
    )
}

impl FeedReader {
    fn err(&self, reason: String) -> ReadError {
        ReadError::Feed {
            path: self.path.clone(),
            reason,
        }
    }

    fn push_text(&mut self, s: &str) {
        if self.text.len() + s.len() <= MAX_FIELD_BYTES {
            self.text.push_str(s);
        }
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool) -> Result<(), ReadError> {
        let name = name_of(e);
        if !self.root_seen {
            if !matches!(name.as_str(), "rss" | "feed" | "rdf:rdf") {
                return Err(self.err(format!("root element <{name}> is not rss, feed or rdf:RDF")));
            }
            self.root_seen = true;
        }
        if self.content_depth.is_some() {
            return Ok(());
        }
        if name == "item" || name == "entry" {
            self.item = Some(Item::default());
            return Ok(());
        }
        if let Some(item) = self.item.as_mut()
            && name == "link"
        {
            // Atom: <link rel="alternate" href="..."/>.
            let decoder = self.xml.decoder();
            let attr = |k: &str| {
                e.try_get_attribute(k).ok().flatten().and_then(|a| {
                    a.decode_and_unescape_value(decoder)
                        .ok()
                        .map(|v| v.into_owned())
                })
            };
            let rel = attr("rel");
            if let Some(href) = attr("href")
                && rel.as_deref().is_none_or(|r| r == "alternate")
                && item.link.is_none()
            {
                item.link = Some(href);
            }
        }
        if !empty {
            self.text.clear();
            if self.item.is_some() && is_content(&name) {
                self.content_depth = Some(self.depth);
            }
        }
        Ok(())
    }

    /// Handles an end tag; returns a finished item.
    fn end(&mut self, name: &str) -> Option<Item> {
        if let Some(d) = self.content_depth {
            if self.depth > d {
                // Nested XHTML markup inside content: keep block boundaries.
                if matches!(
                    name,
                    "p" | "div" | "br" | "li" | "h1" | "h2" | "h3" | "blockquote"
                ) {
                    self.push_text("\n");
                }
                return None;
            }
            self.content_depth = None;
        }
        let text = std::mem::take(&mut self.text);
        let value = Some(text.trim().to_string()).filter(|t| !t.is_empty());
        let Some(item) = self.item.as_mut() else {
            // Feed-level title: rss > channel > title, or feed > title.
            if name == "title" && self.feed_title.is_none() && self.depth <= 3 {
                self.feed_title = value.map(|v| html_fragment_text(&v));
            }
            return None;
        };
        let slot = match name {
            "item" | "entry" => return self.item.take(),
            "title" => &mut item.title,
            "link" => &mut item.link,
            "guid" | "id" => &mut item.id,
            "description" | "summary" => &mut item.summary,
            "content" | "content:encoded" => &mut item.content,
            "pubdate" | "published" | "dc:date" | "issued" => &mut item.date,
            "updated" | "modified" => &mut item.updated,
            "author" | "dc:creator" | "name" => &mut item.author,
            _ => return None,
        };
        if slot.is_none() {
            *slot = value;
        }
        None
    }

    fn document(&self, item: Item, index: u64) -> Result<Document, ReadError> {
        let path = format!("{}#{index}", self.path);
        let body = item
            .content
            .as_deref()
            .map(html_fragment_text)
            .filter(|t| !t.is_empty())
            .or_else(|| item.summary.as_deref().map(html_fragment_text))
            .filter(|t| !t.is_empty());
        let Some(text) = body else {
            return Err(ReadError::NoText { path });
        };
        let url = item
            .link
            .or_else(|| item.id.filter(|i| i.starts_with("http")));
        let date = [item.date, item.updated]
            .into_iter()
            .flatten()
            .find_map(|d| iso_date(&d));
        Ok(Document {
            source: Source {
                path,
                url,
                outlet: self.feed_title.clone(),
                date,
                author: item.author.map(|a| html_fragment_text(&a)),
            },
            title: item
                .title
                .map(|t| html_fragment_text(&t))
                .filter(|t| !t.is_empty()),
            analysis: text.clone(),
            text,
            text_is_input: false,
        })
    }
}

impl Iterator for FeedReader {
    type Item = Result<Document, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buf.clear();
            let event = match self.xml.read_event_into(&mut self.buf) {
                Ok(ev) => ev.into_owned(),
                Err(e) => {
                    self.done = true;
                    let pos = self.xml.error_position();
                    return Some(Err(self.err(format!("XML error at byte {pos}: {e}"))));
                }
            };
            match event {
                Event::Start(e) => {
                    self.depth += 1;
                    if let Err(err) = self.start(&e, false) {
                        self.done = true;
                        return Some(Err(err));
                    }
                }
                Event::Empty(e) => {
                    if let Err(err) = self.start(&e, true) {
                        self.done = true;
                        return Some(Err(err));
                    }
                    if self.content_depth.is_some() && e.name().as_ref() == b"br" {
                        self.push_text("\n");
                    }
                }
                Event::End(e) => {
                    let name = String::from_utf8_lossy(e.name().as_ref()).to_ascii_lowercase();
                    let finished = self.end(&name);
                    self.depth = self.depth.saturating_sub(1);
                    if let Some(item) = finished {
                        let index = self.index;
                        self.index += 1;
                        return Some(self.document(item, index));
                    }
                }
                Event::Text(t) => {
                    if !self.root_seen && !t.as_ref().iter().all(u8::is_ascii_whitespace) {
                        self.done = true;
                        return Some(Err(self.err("text before the root element: not XML".into())));
                    }
                    if let Ok(s) = t.xml_content() {
                        self.push_text(&s);
                    }
                }
                Event::CData(c) => {
                    if let Ok(s) = c.decode() {
                        self.push_text(&s);
                    }
                }
                Event::GeneralRef(r) => {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c.to_string()),
                        _ => r.decode().ok().and_then(|name| {
                            quick_xml::escape::resolve_xml_entity(&name)
                                .or_else(|| quick_xml::escape::resolve_html5_entity(&name))
                                .map(str::to_string)
                        }),
                    };
                    match resolved {
                        Some(s) => self.push_text(&s),
                        None => {
                            let raw = String::from_utf8_lossy(r.as_ref()).into_owned();
                            self.push_text(&format!("&{raw};"));
                        }
                    }
                }
                Event::Eof => {
                    self.done = true;
                    if !self.root_seen {
                        return Some(Err(self.err("no root element".into())));
                    }
                    if self.depth > 0 {
                        let open = self.depth;
                        return Some(Err(
                            self.err(format!("truncated: {open} element(s) left open at the end"))
                        ));
                    }
                    if self.index == 0 {
                        return Some(Err(ReadError::EmptyFeed {
                            path: self.path.clone(),
                        }));
                    }
                }
                _ => {}
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(xml: &str) -> Vec<Result<Document, ReadError>> {
        let reader: Box<dyn BufRead + Send> =
            Box::new(std::io::Cursor::new(xml.as_bytes().to_vec()));
        feed_documents("f.xml".into(), reader).collect()
    }

    #[test]
    fn rss_items() {
        let out = docs(
            r#"<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Le Journal</title>
<item><title>Premier &amp; seul</title><link>https://ex.fr/1</link><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate><dc:creator>Ana</dc:creator>
<description>Résumé</description><content:encoded><![CDATA[<p>Un.</p><p>Deux&nbsp;!</p>]]></content:encoded></item>
<item><title>Second</title><description>&lt;p&gt;Juste un r&#233;sum&eacute;.&lt;/p&gt;</description></item>
<item><title>Vide</title></item>
</channel></rss>"#,
        );
        assert_eq!(out.len(), 3);
        let d = out[0].as_ref().unwrap();
        assert_eq!(d.title.as_deref(), Some("Premier & seul"));
        // dom_query folds no-break spaces of HTML into plain spaces.
        assert_eq!(d.text, "Un.\n\nDeux !");
        assert_eq!(d.source.path, "f.xml#0");
        assert_eq!(d.source.outlet.as_deref(), Some("Le Journal"));
        // 04:00 GMT is 06:00 in Paris (summer time).
        assert_eq!(d.source.date.as_deref(), Some("2003-06-10T06:00:00+02:00"));
        assert_eq!(d.source.author.as_deref(), Some("Ana"));
        assert_eq!(out[1].as_ref().unwrap().text, "Juste un résumé.");
        let e = out[2].as_ref().unwrap_err().to_string();
        assert!(e.starts_with("f.xml#2"), "{e}");
    }

    #[test]
    fn atom_entries() {
        let out = docs(
            r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title>
<entry><title>T</title><link rel="alternate" href="https://ex.fr/a"/><published>2024-01-02T03:04:05Z</published>
<author><name>Bob</name></author><content type="xhtml"><div><p>Alpha.</p><p>Beta.</p></div></content></entry></feed>"#,
        );
        let d = out[0].as_ref().unwrap();
        assert_eq!(d.source.url.as_deref(), Some("https://ex.fr/a"));
        assert_eq!(d.source.author.as_deref(), Some("Bob"));
        assert_eq!(d.text, "Alpha.\n\nBeta.");
        assert_eq!(d.source.outlet.as_deref(), Some("Blog"));
    }

    #[test]
    fn empty_and_broken_feeds() {
        let out = docs("<rss><channel><title>x</title></channel></rss>");
        assert!(matches!(out.as_slice(), [Err(ReadError::EmptyFeed { .. })]));
        let out = docs("<html><body>x</body></html>");
        assert!(matches!(out.as_slice(), [Err(ReadError::Feed { .. })]));
        let out = docs(
            "<rss><channel><item><title>a</title><description>b</description></item><item><title>",
        );
        assert_eq!(out.len(), 2, "{out:?}");
        assert!(out[0].is_ok());
    }
}
