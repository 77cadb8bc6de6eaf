//! `dixit kb`: compile the bundled knowledge base from open data; show a person's entry.

use crate::ingest::StoreArgs;
use anyhow::{Context as _, bail};
use dixit_kb::{Date, Gender, Kb, KbPerson, MembershipSource, PartyBasis, parse_date};
use dixit_store::{Location, PersonRow, QuoteRow};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `dixit kb`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: KbCommand,
}

#[derive(clap::Subcommand)]
enum KbCommand {
    /// Compile `shared/data/kb` into the compact TSV files of `data/kb`.
    Build {
        /// Source folder (nosdeputes2/, rne/, gouvernements/, …).
        #[arg(long, default_value = "../shared/data/kb")]
        from: PathBuf,
        /// Output folder (also holds the hand-written supplement.tsv and memberships.tsv).
        #[arg(long, default_value = "data/kb")]
        out: PathBuf,
        /// Supplement file (default: <out>/supplement.tsv; memberships.tsv is read next to it).
        #[arg(long)]
        supplement: Option<PathBuf>,
    },
    /// Learn given names from person annotations (the first word of multi-word PER names
    /// in CoNLL files) into `data/kb/given_names.tsv`.
    GivenNames {
        /// CoNLL files (`token<TAB>IOB2 tag`).
        #[arg(required = true)]
        conll: Vec<PathBuf>,
        /// Skip the documents `dixit train ner --holdout-every N` holds out (0: none).
        #[arg(long, default_value_t = 10)]
        holdout_every: usize,
        /// Output file.
        #[arg(long, default_value = "data/kb/given_names.tsv")]
        out: PathBuf,
    },
    /// Learn place names from location annotations (one-word LOC names seldom found in
    /// PER names, in CoNLL files) into `data/kb/place_names.tsv`.
    PlaceNames {
        /// CoNLL files (`token<TAB>IOB2 tag`).
        #[arg(required = true)]
        conll: Vec<PathBuf>,
        /// Skip the documents `dixit train ner --holdout-every N` holds out (0: none).
        #[arg(long, default_value_t = 10)]
        holdout_every: usize,
        /// Output file.
        #[arg(long, default_value = "data/kb/place_names.tsv")]
        out: PathBuf,
    },
    /// Print a person's entry: names, gender, party and offices over time; with --data or
    /// --store, also the roles articles in the store gave them. Exits with 1 when the name
    /// designates no one or several people (listed).
    Show {
        /// Full name ("Jean-Marie Le Guen"), family name ("Le Guen") or KB id.
        name: String,
        /// Also print the office and the party on this day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        at: Option<String>,
        /// Embedded store directory to read roles from.
        #[arg(long, value_name = "DIR", conflicts_with = "store")]
        data: Option<PathBuf>,
        /// PostgreSQL store URL to read roles from.
        #[arg(long, value_name = "URL")]
        store: Option<String>,
        /// One JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        KbCommand::Build {
            from,
            out,
            supplement,
        } => {
            let supplement = supplement.unwrap_or_else(|| out.join("supplement.tsv"));
            let stats = dixit_kb::build::compile_with(&from, &supplement, &out)
                .with_context(|| format!("building the KB from {}", from.display()))?;
            println!(
                "persons {} offices {} party memberships {} media {} organizations {} first names {} homonyms {} ({} bytes) → {}",
                stats.persons,
                stats.offices,
                stats.memberships,
                stats.media,
                stats.organizations,
                stats.first_names,
                stats.homonyms,
                stats.bytes,
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        KbCommand::GivenNames {
            conll,
            holdout_every,
            out,
        } => learn_list(
            "given names",
            dixit_kb::given::given_names_tsv,
            &conll,
            holdout_every,
            &out,
        ),
        KbCommand::PlaceNames {
            conll,
            holdout_every,
            out,
        } => learn_list(
            "place names",
            dixit_kb::places::place_names_tsv,
            &conll,
            holdout_every,
            &out,
        ),
        KbCommand::Show {
            name,
            at,
            data,
            store,
            json,
        } => {
            let at = match at.as_deref() {
                None => None,
                Some(s) => Some(
                    parse_date(s).with_context(|| format!("--at {s:?}: expected YYYY-MM-DD"))?,
                ),
            };
            let store = (data.is_some() || store.is_some()).then_some(StoreArgs { data, store });
            show(&name, at, store.as_ref(), json)
        }
    }
}

/// A learner of word lists from CoNLL files: the TSV text and the number of words kept.
type ListLearner = fn(&[&std::path::Path], usize) -> Result<(String, usize), dixit_kb::KbError>;

/// Learns a word list from CoNLL annotations with `learn` and writes its TSV to `out`.
fn learn_list(
    what: &str,
    learn: ListLearner,
    conll: &[PathBuf],
    holdout_every: usize,
    out: &std::path::Path,
) -> anyhow::Result<ExitCode> {
    let paths: Vec<&std::path::Path> = conll.iter().map(PathBuf::as_path).collect();
    let (tsv, n) = learn(&paths, holdout_every).with_context(|| format!("learning {what}"))?;
    std::fs::write(out, tsv).with_context(|| format!("cannot write {}", out.display()))?;
    println!("{what} {n} → {}", out.display());
    Ok(ExitCode::SUCCESS)
}

/// What the store says about one person.
struct StoreView {
    /// Where the store is, for the reader.
    location: String,
    /// Matching store persons.
    persons: Vec<PersonRow>,
    /// Dates of the stories that quote them, sorted, deduplicated.
    quote_dates: Vec<String>,
}

fn show(
    name: &str,
    at: Option<Date>,
    store: Option<&StoreArgs>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let kb = Kb::embedded();
    let found = kb.find_persons(name);
    let person = match found.as_slice() {
        [one] => kb.person(*one),
        [] => None,
        many => {
            let candidates: Vec<&KbPerson> = many.iter().filter_map(|&i| kb.person(i)).collect();
            print_candidates(name, &candidates, json)?;
            return Ok(ExitCode::from(1));
        }
    };
    let view = match store {
        Some(s) => Some(read_store(s, person, name)?),
        None => None,
    };
    let Some(person) = person else {
        if let Some(v) = view.as_ref().filter(|v| !v.persons.is_empty()) {
            // Not in the KB, but articles name them: show what the store knows.
            print_entry(None, at, Some(v), json)?;
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("dixit: no person named {name:?} in the knowledge base");
        return Ok(ExitCode::from(1));
    };
    print_entry(Some(person), at, view.as_ref(), json)?;
    Ok(ExitCode::SUCCESS)
}

fn gender_label(g: Option<Gender>, sources_gave_it: bool) -> &'static str {
    match (g, sources_gave_it) {
        (Some(Gender::Masculine), true) => "M",
        (Some(Gender::Feminine), true) => "F",
        (Some(Gender::Masculine), false) => "M (inferred from the first name)",
        (Some(Gender::Feminine), false) => "F (inferred from the first name)",
        (None, _) => "unknown",
    }
}

/// "2012-06-20 – 2017-06-20", "2017-05-14 –", "? – 2010-01-01".
fn span(start: Option<String>, end: Option<String>) -> String {
    format!(
        "{} – {}",
        start.unwrap_or_else(|| "?".into()),
        end.unwrap_or_default()
    )
    .trim_end()
    .to_string()
}

fn basis_label(b: PartyBasis<'_>) -> String {
    match b {
        PartyBasis::Membership(MembershipSource::Declared) => {
            "declared to the Assemblée nationale".into()
        }
        PartyBasis::Membership(MembershipSource::Supplement) => "memberships.tsv".into(),
        PartyBasis::Mandate(o) => format!("mandate: {}", o.title),
    }
}

fn print_candidates(name: &str, candidates: &[&KbPerson], json: bool) -> anyhow::Result<()> {
    if json {
        let v: Vec<serde_json::Value> = candidates
            .iter()
            .map(|p| {
                serde_json::json!({
                    "id": p.id, "name": p.name, "party": p.party,
                    "offices": p.offices.len(),
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "query": name, "ambiguous": true, "candidates": v,
            }))?
        );
        return Ok(());
    }
    let mut out = format!("{name:?} names {} persons:\n", candidates.len());
    for p in candidates {
        // The latest office that makes the person known: a government post or a seat in
        // Parliament when there is one.
        let notable = p
            .offices
            .iter()
            .rev()
            .find(|o| o.is_government() || o.is_parliamentary());
        let last = notable
            .or(p.offices.last())
            .map(|o| format!("{} ({})", o.title, span(o.start.clone(), o.end.clone())));
        let _ = writeln!(
            out,
            "  {:<28} {:<34} {:<8} {}",
            p.name,
            p.id,
            p.party.as_deref().unwrap_or("-"),
            last.unwrap_or_default()
        );
    }
    out.push_str("Give the full name or the id.\n");
    print!("{out}");
    Ok(())
}

fn print_entry(
    person: Option<&KbPerson>,
    at: Option<Date>,
    view: Option<&StoreView>,
    json: bool,
) -> anyhow::Result<()> {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&entry_json(person, at, view))?
        );
        return Ok(());
    }
    let mut out = String::new();
    if let Some(p) = person {
        let _ = writeln!(out, "{}  [{}]", p.name, p.id);
        let _ = writeln!(out, "  names:   {}", p.name_variants().join(", "));
        let _ = writeln!(
            out,
            "  gender:  {}",
            gender_label(p.gender, !p.gender_inferred)
        );
        let _ = writeln!(out, "  sources: {}", p.sources);
        if p.sources.split(',').any(|s| s == "homonym") {
            out.push_str("  (several people share this name in the sources)\n");
        }
        let _ = writeln!(
            out,
            "  latest party: {}",
            p.party.as_deref().unwrap_or("unknown")
        );
        if let Some(d) = at {
            let _ = writeln!(
                out,
                "  on {d}: party {}; offices: {}",
                p.party_at(d).unwrap_or("unknown"),
                list_or_none(p.offices_at(d).iter().map(|o| o.title.clone()))
            );
        }
        out.push_str("  party over time:\n");
        let history = p.party_history();
        if history.is_empty() {
            out.push_str("    (no dated evidence)\n");
        }
        for s in history {
            let _ = writeln!(
                out,
                "    {:<25} {:<10} {}",
                span(s.start.map(|d| d.to_string()), s.end.map(|d| d.to_string())),
                s.party,
                basis_label(s.basis)
            );
        }
        out.push_str("  offices over time:\n");
        if p.offices.is_empty() {
            out.push_str("    (none)\n");
        }
        for o in &p.offices {
            let mut line = format!(
                "    {:<25} {}",
                span(o.start.clone(), o.end.clone()),
                o.title
            );
            if let Some(place) = &o.place {
                let _ = write!(line, " ({place})");
            }
            if let Some(party) = &o.party {
                let _ = write!(line, " [{party}]");
            }
            let _ = writeln!(out, "{line}");
        }
    }
    if let Some(v) = view {
        let _ = writeln!(out, "in the store {}:", v.location);
        if v.persons.is_empty() {
            out.push_str("  (no article names this person)\n");
        }
        for row in &v.persons {
            let _ = writeln!(
                out,
                "  {} [{}]: {} articles, {} quotes",
                row.name, row.id, row.articles, row.quotes
            );
            for role in &row.roles {
                let normal = dixit_lexicon::normalize_role(role)
                    .map(|r| {
                        let flag = if r.former { ", former" } else { "" };
                        format!("  → {}{flag}", r.normalized)
                    })
                    .unwrap_or_default();
                let _ = writeln!(out, "    role: {role}{normal}");
            }
        }
        if let (Some(first), Some(last)) = (v.quote_dates.first(), v.quote_dates.last()) {
            let _ = writeln!(
                out,
                "  quoted in stories dated {first} … {last} ({} dates)",
                v.quote_dates.len()
            );
        }
    }
    print!("{out}");
    Ok(())
}

fn list_or_none(items: impl Iterator<Item = String>) -> String {
    let v: Vec<String> = items.collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join("; ")
    }
}

fn entry_json(
    person: Option<&KbPerson>,
    at: Option<Date>,
    view: Option<&StoreView>,
) -> serde_json::Value {
    let kb = person.map(|p| {
        let offices: Vec<serde_json::Value> = p
            .offices
            .iter()
            .map(|o| {
                serde_json::json!({
                    "title": o.title, "start": o.start, "end": o.end,
                    "place": o.place, "party": o.party,
                })
            })
            .collect();
        let parties: Vec<serde_json::Value> = p
            .party_history()
            .iter()
            .map(|s| {
                serde_json::json!({
                    "party": s.party,
                    "start": s.start.map(|d| d.to_string()),
                    "end": s.end.map(|d| d.to_string()),
                    "basis": basis_label(s.basis),
                })
            })
            .collect();
        let mut v = serde_json::json!({
            "id": p.id, "name": p.name, "names": p.name_variants(),
            "gender": match p.gender { Some(Gender::Masculine) => Some("M"), Some(Gender::Feminine) => Some("F"), None => None },
            "sources": p.sources, "latest_party": p.party,
            "parties": parties, "offices": offices,
        });
        if let (Some(d), Some(obj)) = (at, v.as_object_mut()) {
            obj.insert(
                "at".into(),
                serde_json::json!({
                    "date": d.to_string(),
                    "party": p.party_at(d),
                    "offices": p.offices_at(d).iter().map(|o| o.title.clone()).collect::<Vec<_>>(),
                }),
            );
        }
        v
    });
    let store = view.map(|v| {
        let persons: Vec<serde_json::Value> = v
            .persons
            .iter()
            .map(|r| {
                let roles: Vec<serde_json::Value> = r
                    .roles
                    .iter()
                    .map(|role| {
                        let n = dixit_lexicon::normalize_role(role);
                        serde_json::json!({
                            "text": role,
                            "normalized": n.as_ref().map(|n| n.normalized.clone()),
                            "former": n.as_ref().map(|n| n.former),
                        })
                    })
                    .collect();
                serde_json::json!({
                    "id": r.id, "name": r.name, "kb_id": r.kb_id,
                    "articles": r.articles, "quotes": r.quotes, "roles": roles,
                })
            })
            .collect();
        serde_json::json!({
            "location": v.location, "persons": persons, "quote_dates": v.quote_dates,
        })
    });
    serde_json::json!({ "kb": kb, "store": store })
}

/// Reads the store's persons matching `person` (by KB id or name) or, for a person the
/// KB lacks, the name given; and the dates of the stories quoting them.
fn read_store(
    args: &StoreArgs,
    person: Option<&KbPerson>,
    name: &str,
) -> anyhow::Result<StoreView> {
    let loc = args.location()?;
    // `open` creates a store where there is none: showing must not.
    if let Location::Dir(dir) = &loc
        && !dixit_store::sqlite_path(dir).exists()
    {
        bail!("no store in {}", dir.display());
    }
    let mut st = args.open()?;
    let key = dixit_kb::text::slug(person.map_or(name, |p| p.name.as_str()));
    let mut persons = Vec::new();
    st.export_persons(&mut |row: PersonRow| {
        let linked = person.is_some_and(|p| row.kb_id.as_deref() == Some(p.id.as_str()));
        if linked || dixit_kb::text::slug(&row.name) == key {
            persons.push(row);
        }
        Ok(())
    })
    .with_context(|| format!("reading persons from {}", loc.describe()))?;
    let ids: BTreeSet<String> = persons.iter().map(|p| p.id.clone()).collect();
    let mut dates = BTreeSet::new();
    if !ids.is_empty() {
        st.export_quotes(&mut |q: QuoteRow| {
            if let (Some(pid), Some(date)) = (&q.person_id, &q.date)
                && ids.contains(pid)
            {
                dates.insert(date.get(..10).unwrap_or(date).to_string());
            }
            Ok(())
        })
        .with_context(|| format!("reading quotes from {}", loc.describe()))?;
    }
    Ok(StoreView {
        location: loc.describe(),
        persons,
        quote_dates: dates.into_iter().collect(),
    })
}
