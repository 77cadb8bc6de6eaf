//! GEXF 1.3 (Gephi) of the person graph the graph page shows.

use dixit_store::browse::PersonGraph;
use std::fmt::Write;

/// Escapes text for XML attributes, dropping characters XML 1.0 forbids.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The graph as a GEXF document: persons with party and counts; `about` edges directed
/// (speaker → person spoken about), `co-quoted` edges undirected.
pub fn to_gexf(g: &PersonGraph) -> String {
    let mut s = String::new();
    // Writing to a String cannot fail.
    let _ = (|| -> std::fmt::Result {
        writeln!(s, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(s, r#"<gexf xmlns="http://gexf.net/1.3" version="1.3">"#)?;
        writeln!(
            s,
            "  <meta><creator>dixit</creator><description>Who is quoted with or about whom</description></meta>"
        )?;
        writeln!(s, r#"  <graph defaultedgetype="undirected" mode="static">"#)?;
        writeln!(
            s,
            r#"    <attributes class="node"><attribute id="party" title="party" type="string"/><attribute id="articles" title="articles" type="integer"/><attribute id="quotes" title="quotes" type="integer"/></attributes>"#
        )?;
        writeln!(
            s,
            r#"    <attributes class="edge"><attribute id="kind" title="kind" type="string"/></attributes>"#
        )?;
        writeln!(s, "    <nodes>")?;
        for n in &g.nodes {
            writeln!(
                s,
                r#"      <node id="{}" label="{}"><attvalues><attvalue for="party" value="{}"/><attvalue for="articles" value="{}"/><attvalue for="quotes" value="{}"/></attvalues></node>"#,
                xml(&n.id),
                xml(&n.name),
                xml(n.party.as_deref().unwrap_or("")),
                n.articles,
                n.quotes
            )?;
        }
        writeln!(s, "    </nodes>")?;
        writeln!(s, "    <edges>")?;
        for (i, e) in g.links.iter().enumerate() {
            let ty = if e.kind == "about" {
                "directed"
            } else {
                "undirected"
            };
            writeln!(
                s,
                r#"      <edge id="{i}" source="{}" target="{}" type="{ty}" weight="{}"><attvalues><attvalue for="kind" value="{}"/></attvalues></edge>"#,
                xml(&e.source),
                xml(&e.target),
                e.weight,
                xml(&e.kind)
            )?;
        }
        writeln!(s, "    </edges>")?;
        writeln!(s, "  </graph>")?;
        writeln!(s, "</gexf>")
    })();
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use dixit_store::browse::{GraphLink, GraphPerson};

    #[test]
    fn escaped_and_complete() {
        let g = PersonGraph {
            nodes: vec![GraphPerson {
                id: "a".into(),
                name: "<script>\"A\" & B\u{1}".into(),
                party: Some("PS".into()),
                articles: 2,
                quotes: 1,
            }],
            links: vec![GraphLink {
                source: "a".into(),
                target: "b".into(),
                kind: "about".into(),
                weight: 3,
            }],
        };
        let s = to_gexf(&g);
        assert!(
            s.contains(r#"label="&lt;script&gt;&quot;A&quot; &amp; B""#),
            "{s}"
        );
        assert!(s.contains(r#"source="a" target="b" type="directed" weight="3""#));
        assert!(s.trim_end().ends_with("</gexf>"));
    }
}
