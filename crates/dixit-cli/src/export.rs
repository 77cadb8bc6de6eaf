//! `dixit export quotes|persons|articles|relations|graph --format csv|jsonl|gexf`.

use crate::ingest::StoreArgs;
use anyhow::{Context, bail};
use dixit_store::{ArticleRow, Graph, GraphEdge, PersonRow, QuoteRow, RelationRow};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// What to export.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    /// Every quote with speaker, outlet and date.
    Quotes,
    /// Every person with roles and counts.
    Persons,
    /// Every story with its appearances.
    Articles,
    /// Every relation (supports, criticises, joins …) with its evidence.
    Relations,
    /// Persons, outlets and organisations: co-mentions, quoted-in, and the relations
    /// stated as facts as typed, dated edges.
    Graph,
}

/// Output format.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header (graph: Gephi edge table).
    Csv,
    /// One JSON object per line.
    Jsonl,
    /// GEXF 1.3 XML, for Gephi (graph only).
    Gexf,
}

/// Arguments of `dixit export`.
#[derive(clap::Args)]
pub struct Args {
    /// What to export.
    #[arg(value_enum)]
    pub what: What,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: Format,
    /// CSV for spreadsheets (Excel, LibreOffice with French settings): `;` as separator and a
    /// UTF-8 byte-order mark so that accents open right.
    #[arg(long)]
    pub excel: bool,
    /// Output file (default: standard output).
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub store: StoreArgs,
}

/// Columns of `dixit export quotes --format csv`.
pub const QUOTE_COLUMNS: &[&str] = &[
    "id",
    "article_id",
    "text",
    "kind",
    "speaker",
    "speaker_kind",
    "person_id",
    "cue",
    "channel",
    "title",
    "outlet",
    "date",
    "url",
];
/// Columns of `dixit export persons --format csv`.
pub const PERSON_COLUMNS: &[&str] = &[
    "id", "name", "kb_id", "party", "roles", "articles", "quotes",
];
/// Columns of `dixit export articles --format csv`.
pub const ARTICLE_COLUMNS: &[&str] = &[
    "id",
    "title",
    "outlet",
    "date",
    "url",
    "quotes",
    "appearances",
];
/// Columns of `dixit export relations --format csv`.
pub const RELATION_COLUMNS: &[&str] = &[
    "article_id",
    "kind",
    "negated",
    "hedged",
    "source_kind",
    "source_id",
    "source_name",
    "target_kind",
    "target_id",
    "target_name",
    "cue",
    "date",
    "evidence",
];
/// Columns of `dixit export graph --format csv` (a Gephi edge table; `First`/`Last` are
/// the first and last days a relation was stated).
pub const GRAPH_COLUMNS: &[&str] = &[
    "Source", "Target", "Type", "Kind", "Weight", "First", "Last",
];

/// Whether an edge has a direction: co-mentions and alliances do not.
fn directed(e: &GraphEdge) -> bool {
    !matches!(e.kind.as_str(), "co-mention" | "allies" | "not-allies")
}

/// UTF-8 byte-order mark: spreadsheets read a CSV as UTF-8 only when it starts with one.
const BOM: &str = "\u{FEFF}";

/// One CSV field, quoted when needed (RFC 4180, with `sep` as separator).
fn csv_field(s: &str, sep: char) -> String {
    if s.contains([sep, '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv_line(out: &mut dyn Write, sep: char, fields: &[&str]) -> std::io::Result<()> {
    let line: Vec<String> = fields.iter().map(|f| csv_field(f, sep)).collect();
    writeln!(out, "{}", line.join(&sep.to_string()))
}

fn jsonl<T: serde::Serialize>(out: &mut dyn Write, row: &T) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, row)?;
    writeln!(out)
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

/// Writes `graph` as GEXF 1.3.
fn write_gexf(out: &mut dyn Write, g: &Graph) -> std::io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<gexf xmlns="http://gexf.net/1.3" version="1.3">"#)?;
    writeln!(
        out,
        "  <meta><creator>dixit</creator><description>Persons and outlets of the dixit store</description></meta>"
    )?;
    writeln!(
        out,
        r#"  <graph defaultedgetype="undirected" mode="dynamic" timeformat="date">"#
    )?;
    writeln!(
        out,
        r#"    <attributes class="node"><attribute id="kind" title="kind" type="string"/><attribute id="weight" title="articles" type="integer"/></attributes>"#
    )?;
    writeln!(
        out,
        r#"    <attributes class="edge"><attribute id="kind" title="kind" type="string"/></attributes>"#
    )?;
    writeln!(out, "    <nodes>")?;
    for n in &g.nodes {
        writeln!(
            out,
            r#"      <node id="{}" label="{}"><attvalues><attvalue for="kind" value="{}"/><attvalue for="weight" value="{}"/></attvalues></node>"#,
            dixit_server::gexf::xml(&n.id),
            dixit_server::gexf::xml(&n.label),
            dixit_server::gexf::xml(&n.kind),
            n.weight
        )?;
    }
    writeln!(out, "    </nodes>")?;
    writeln!(out, "    <edges>")?;
    for (i, e) in g.edges.iter().enumerate() {
        let ty = if directed(e) {
            "directed"
        } else {
            "undirected"
        };
        // A relation lives from the first to the last day it was stated.
        let mut spell = String::new();
        if let Some(d) = &e.first {
            spell.push_str(&format!(r#" start="{}""#, dixit_server::gexf::xml(d)));
        }
        if let Some(d) = &e.last {
            spell.push_str(&format!(r#" end="{}""#, dixit_server::gexf::xml(d)));
        }
        writeln!(
            out,
            r#"      <edge id="{i}" source="{}" target="{}" type="{ty}" weight="{}"{spell}><attvalues><attvalue for="kind" value="{}"/></attvalues></edge>"#,
            dixit_server::gexf::xml(&e.source),
            dixit_server::gexf::xml(&e.target),
            e.weight,
            dixit_server::gexf::xml(&e.kind)
        )?;
    }
    writeln!(out, "    </edges>")?;
    writeln!(out, "  </graph>")?;
    writeln!(out, "</gexf>")
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.format == Format::Gexf && args.what != What::Graph {
        bail!("--format gexf is for `dixit export graph` only");
    }
    if args.excel && args.format != Format::Csv {
        bail!("--excel is for --format csv only");
    }
    let mut store = args.store.open_read_only()?;
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let out: &mut dyn Write = out.as_mut();
    let csv = args.format == Format::Csv;
    let sep = if args.excel { ';' } else { ',' };
    if args.excel {
        out.write_all(BOM.as_bytes())?;
    }
    match args.what {
        What::Quotes => {
            if csv {
                csv_line(out, sep, QUOTE_COLUMNS)?;
            }
            store.export_quotes(&mut |q: QuoteRow| {
                if csv {
                    csv_line(
                        out,
                        sep,
                        &[
                            &q.id,
                            &q.article_id,
                            &q.text,
                            &q.kind,
                            opt(&q.speaker),
                            opt(&q.speaker_kind),
                            opt(&q.person_id),
                            opt(&q.cue),
                            opt(&q.channel),
                            opt(&q.title),
                            opt(&q.outlet),
                            opt(&q.date),
                            opt(&q.url),
                        ],
                    )
                } else {
                    jsonl(out, &q)
                }
            })?;
        }
        What::Persons => {
            if csv {
                csv_line(out, sep, PERSON_COLUMNS)?;
            }
            store.export_persons(&mut |p: PersonRow| {
                if csv {
                    csv_line(
                        out,
                        sep,
                        &[
                            &p.id,
                            &p.name,
                            opt(&p.kb_id),
                            opt(&p.party),
                            &p.roles.join("; "),
                            &p.articles.to_string(),
                            &p.quotes.to_string(),
                        ],
                    )
                } else {
                    jsonl(out, &p)
                }
            })?;
        }
        What::Articles => {
            if csv {
                csv_line(out, sep, ARTICLE_COLUMNS)?;
            }
            store.export_articles(&mut |a: ArticleRow| {
                if csv {
                    csv_line(
                        out,
                        sep,
                        &[
                            &a.id,
                            opt(&a.title),
                            opt(&a.outlet),
                            opt(&a.date),
                            opt(&a.url),
                            &a.quotes.to_string(),
                            &a.appearances.len().to_string(),
                        ],
                    )
                } else {
                    jsonl(out, &a)
                }
            })?;
        }
        What::Relations => {
            if csv {
                csv_line(out, sep, RELATION_COLUMNS)?;
            }
            store.export_relations(&mut |r: RelationRow| {
                if csv {
                    csv_line(
                        out,
                        sep,
                        &[
                            &r.article_id,
                            &r.kind,
                            if r.negated { "true" } else { "false" },
                            if r.hedged { "true" } else { "false" },
                            &r.source_kind,
                            &r.source_id,
                            &r.source_name,
                            &r.target_kind,
                            &r.target_id,
                            &r.target_name,
                            &r.cue,
                            opt(&r.date),
                            &r.evidence,
                        ],
                    )
                } else {
                    jsonl(out, &r)
                }
            })?;
        }
        What::Graph => {
            let g = store.graph()?;
            match args.format {
                Format::Gexf => write_gexf(out, &g)?,
                Format::Csv => {
                    csv_line(out, sep, GRAPH_COLUMNS)?;
                    for e in &g.edges {
                        let ty = if directed(e) {
                            "Directed"
                        } else {
                            "Undirected"
                        };
                        csv_line(
                            out,
                            sep,
                            &[
                                &e.source,
                                &e.target,
                                ty,
                                &e.kind,
                                &e.weight.to_string(),
                                opt(&e.first),
                                opt(&e.last),
                            ],
                        )?;
                    }
                }
                Format::Jsonl => {
                    for n in &g.nodes {
                        jsonl(
                            out,
                            &serde_json::json!({"type": "node", "id": n.id, "label": n.label, "kind": n.kind, "weight": n.weight}),
                        )?;
                    }
                    for e in &g.edges {
                        jsonl(
                            out,
                            &serde_json::json!({"type": "edge", "source": e.source, "target": e.target, "kind": e.kind, "weight": e.weight, "first": e.first, "last": e.last}),
                        )?;
                    }
                }
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dixit_store::{GraphEdge, GraphNode};

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv_field("abc", ','), "abc");
        assert_eq!(csv_field("a,b", ','), "\"a,b\"");
        assert_eq!(
            csv_field("il a dit \"non\"", ','),
            "\"il a dit \"\"non\"\"\""
        );
    }

    #[test]
    fn excel_separator_quotes_semicolons_not_commas() {
        assert_eq!(csv_field("a,b", ';'), "a,b");
        assert_eq!(csv_field("a;b", ';'), "\"a;b\"");
        let mut buf = Vec::new();
        csv_line(&mut buf, ';', &["x", "oui; non", "1,5"]).expect("write");
        assert_eq!(
            String::from_utf8(buf).expect("utf-8"),
            "x;\"oui; non\";1,5\n"
        );
    }

    /// Every CSV column and graph edge kind is described in the output reference.
    #[test]
    fn output_reference_documents_every_column() {
        let doc = include_str!("../../../docs/OUTPUT.md");
        for col in QUOTE_COLUMNS
            .iter()
            .chain(PERSON_COLUMNS)
            .chain(ARTICLE_COLUMNS)
            .chain(RELATION_COLUMNS)
            .chain(GRAPH_COLUMNS)
            .chain(&[
                "co-mention",
                "quoted-in",
                "supports",
                "criticises",
                "joins",
                "leaves",
                "allies",
                "succeeds",
                "responds",
            ])
        {
            assert!(
                doc.contains(&format!("`{col}`")),
                "docs/OUTPUT.md does not describe `{col}`"
            );
        }
    }

    #[test]
    fn gexf_is_escaped_and_lists_nodes_and_edges() {
        let g = Graph {
            nodes: vec![
                GraphNode {
                    id: "p:a".into(),
                    label: "A & <B>".into(),
                    kind: "person".into(),
                    weight: 2,
                },
                GraphNode {
                    id: "m:x".into(),
                    label: "L'X\u{1}".into(),
                    kind: "media".into(),
                    weight: 1,
                },
            ],
            edges: vec![
                GraphEdge {
                    source: "p:a".into(),
                    target: "m:x".into(),
                    kind: "quoted-in".into(),
                    weight: 3,
                    first: None,
                    last: None,
                },
                GraphEdge {
                    source: "p:a".into(),
                    target: "p:b".into(),
                    kind: "allies".into(),
                    weight: 2,
                    first: Some("2017-01-31".into()),
                    last: Some("2017-02-14".into()),
                },
            ],
        };
        let mut buf = Vec::new();
        write_gexf(&mut buf, &g).expect("write");
        let s = String::from_utf8(buf).expect("utf8");
        assert!(s.contains(r#"label="A &amp; &lt;B&gt;""#));
        assert!(s.contains(r#"label="L&apos;X""#));
        assert!(s.contains(r#"source="p:a" target="m:x" type="directed" weight="3">"#));
        // A relation is dated; an alliance has no direction.
        assert!(s.contains(
            r#"source="p:a" target="p:b" type="undirected" weight="2" start="2017-01-31" end="2017-02-14">"#
        ));
        assert_eq!(s.matches("<node ").count(), 2);
        assert!(s.trim_end().ends_with("</gexf>"));
    }
}
