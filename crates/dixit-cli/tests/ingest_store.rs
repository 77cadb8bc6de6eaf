//! Process-level tests of `dixit ingest`, `search` and `export`: crash safety under
//! `kill -9`, idempotence, and concurrent writers on PostgreSQL.

#[path = "../../dixit-store/tests/support/pg.rs"]
mod pg;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_dixit");

/// Small deterministic generator (xorshift), so corpora are the same on every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

const PERSONS: &[&str] = &[
    "Emmanuel Macron",
    "Édouard Philippe",
    "Marine Le Pen",
    "Jean-Luc Mélenchon",
    "Anne Hidalgo",
    "Bruno Le Maire",
    "Valérie Pécresse",
    "Laurent Berger",
    "Philippe Martinez",
    "Agnès Buzyn",
];
const ROLES: &[&str] = &[
    "Le président",
    "Le ministre",
    "La députée",
    "Le maire",
    "Le secrétaire général",
];
const TOPICS: &[&str] = &[
    "la réforme des retraites",
    "le budget de l'État",
    "la crise sanitaire",
    "les élections municipales",
    "la transition écologique",
    "le pouvoir d'achat",
    "la sécurité sociale",
    "l'assurance chômage",
];
const WORDS: &[&str] = &[
    "gouvernement",
    "opposition",
    "syndicats",
    "réunion",
    "semaine",
    "Assemblée",
    "Sénat",
    "texte",
    "mesure",
    "projet",
    "débat",
    "vote",
    "région",
    "entreprises",
    "salariés",
    "citoyens",
    "accord",
];
const VERBS: &[&str] = &[
    "a déclaré",
    "a affirmé",
    "a estimé",
    "a assuré",
    "a expliqué",
];

fn article(rng: &mut Rng, i: usize) -> String {
    let mut s = format!("# Article {i} sur {}\n\n", rng.pick(TOPICS));
    for _ in 0..3 {
        let who = rng.pick(PERSONS);
        s.push_str(&format!(
            "{} {who} {} mardi : « Nous ne céderons rien sur {} ni sur {} {} ». ",
            rng.pick(ROLES),
            rng.pick(VERBS),
            rng.pick(TOPICS),
            rng.pick(WORDS),
            rng.next() % 1000
        ));
        for _ in 0..25 {
            s.push_str(rng.pick(WORDS));
            s.push(' ');
        }
        s.push_str(".\n\n");
    }
    s
}

/// Writes `n` articles; every seventh is an exact copy of an earlier one under another
/// name and, when `near_dups`, every tenth a lightly edited copy.
fn corpus(dir: &Path, n: usize, near_dups: bool) {
    let mut rng = Rng(0x5EED_1234_ABCD);
    let mut texts: Vec<String> = Vec::new();
    for i in 0..n {
        let text = if i > 0 && i % 7 == 0 {
            texts[i / 2].clone()
        } else if near_dups && i > 0 && i % 10 == 0 {
            format!(
                "{}Avec AFP et la rédaction, mise à jour à {} heures.\n",
                texts[i / 3],
                i % 24
            )
        } else {
            article(&mut rng, i)
        };
        std::fs::write(dir.join(format!("a{i:05}.md")), &text).expect("write corpus");
        texts.push(text);
    }
}

fn dixit(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run dixit")
}

fn ok(args: &[&str]) -> String {
    let out = dixit(args);
    assert!(
        out.status.success(),
        "dixit {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every export of the store, as text (each export is sorted by id).
fn dump(store: &[&str]) -> String {
    let mut all = String::new();
    for what in ["articles", "quotes", "persons", "relations", "graph"] {
        let mut args = vec!["export", what, "--format", "jsonl"];
        args.extend_from_slice(store);
        all.push_str(&ok(&args));
    }
    all
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

fn nanos() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| u64::from(d.subsec_nanos()))
        .unwrap_or(7)
}

fn first_difference(got: &str, expected: &str) -> String {
    match got.lines().zip(expected.lines()).find(|(a, b)| a != b) {
        Some((a, b)) => format!("got\n{a}\nexpected\n{b}"),
        None => format!(
            "{} lines vs {} expected",
            got.lines().count(),
            expected.lines().count()
        ),
    }
}

#[test]
fn kill_9_then_resume_equals_uninterrupted_run() {
    let work = tmp();
    let input = work.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    corpus(&input, 1000, true);
    let reference: PathBuf = work.path().join("ref");
    let t = Instant::now();
    let summary = ok(&[
        "ingest",
        "--batch",
        "32",
        "--data",
        s(&reference),
        s(&input),
    ]);
    let full = t.elapsed();
    assert!(summary.contains("ingested 1000 articles"), "{summary}");
    let expected = dump(&["--data", s(&reference)]);
    assert!(
        expected.lines().count() > 1000,
        "the corpus gave too little to compare"
    );
    assert!(
        expected.contains("\"similarity\":0.9"),
        "no near-duplicate detected:\n{}",
        expected.lines().next().unwrap_or_default()
    );

    // A second run adds nothing.
    let again = ok(&[
        "ingest",
        "--batch",
        "32",
        "--data",
        s(&reference),
        s(&input),
    ]);
    assert!(
        again.contains("0 new stories, 0 duplicates, 1000 unchanged, 0 quotes"),
        "{again}"
    );
    assert_eq!(dump(&["--data", s(&reference)]), expected);

    let crashed = work.path().join("crashed");
    let mut rng = Rng(nanos() | 1);
    let mut kills = 0;
    for attempt in 0..3u64 {
        // The first kill lands in the first half of a full run, so at least one happens.
        let span = (full.as_micros() as u64 / if attempt == 0 { 2 } else { 1 }).max(1);
        let delay = Duration::from_micros(rng.next() % span);
        let mut child = Command::new(BIN)
            .args(["ingest", "--batch", "32", "--data", s(&crashed), s(&input)])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(delay);
        if child.try_wait().expect("try_wait").is_none() {
            child.kill().expect("SIGKILL");
            kills += 1;
        }
        let _ = child.wait();
    }
    eprintln!("killed {kills} runs (uninterrupted run: {full:?})");
    assert!(kills >= 1, "no run was killed");
    ok(&["ingest", "--batch", "32", "--data", s(&crashed), s(&input)]);
    let got = dump(&["--data", s(&crashed)]);
    assert!(
        got == expected,
        "store after kill -9 and resume differs: {}",
        first_difference(&got, &expected)
    );
}

#[test]
fn search_and_export_formats() {
    let work = tmp();
    let input = work.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    corpus(&input, 60, true);
    std::fs::write(input.join("broken.html"), [0u8, 159, 146, 150, 0, 1, 2]).expect("write");
    let data = work.path().join("data");
    let out = dixit(&["ingest", "--data", s(&data), s(&input)]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a bad input makes the exit code non-zero"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("broken.html"),
        "errors name the input: {stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 rejects"));

    let hits = ok(&["search", "--data", s(&data), "--json", "CÉDERONS"]);
    assert!(!hits.is_empty());
    for line in hits.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("json");
        let text = v["text"].as_str().unwrap_or_default().to_lowercase();
        assert!(text.contains("céder"), "{text}");
    }
    let none = dixit(&["search", "--data", s(&data), "zzzzqqq"]);
    assert_eq!(none.status.code(), Some(0), "no results is not an error");
    assert!(String::from_utf8_lossy(&none.stdout).contains("no results for \"zzzzqqq\""));

    let bench_file = work.path().join("q.txt");
    std::fs::write(
        &bench_file,
        "retraites\nbudget État\n# comment\nsyndicats accord\n",
    )
    .expect("write");
    let bench = ok(&["search", "--data", s(&data), "--bench", s(&bench_file)]);
    assert!(bench.starts_with("3 queries"), "{bench}");

    let csv = ok(&["export", "quotes", "--format", "csv", "--data", s(&data)]);
    assert!(csv.starts_with("id,article_id,text,"));
    let gexf = ok(&["export", "graph", "--format", "gexf", "--data", s(&data)]);
    assert!(gexf.contains("<gexf") && gexf.contains("<edge "));
    let bad = dixit(&["export", "quotes", "--format", "gexf", "--data", s(&data)]);
    assert!(!bad.status.success());
}

/// Relations go from the text to the store and out again: exported with their evidence,
/// the asserted ones as dated graph edges, and re-ingesting changes nothing.
#[test]
fn relations_are_stored_exported_and_dated() {
    let work = tmp();
    let input = work.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    std::fs::write(
        input.join("conseil.md"),
        "---\ndate: 2021-03-09\n---\n\n# Au conseil\n\nLa maire Claire Guédon a vivement critiqué \
         Paul Morin lundi. Jacques Lemaire pourrait rejoindre Les Républicains.\n",
    )
    .expect("write");
    let data = work.path().join("data");
    ok(&["ingest", "--data", s(&data), s(&input)]);
    let before = dump(&["--data", s(&data)]);
    let jsonl = ok(&[
        "export",
        "relations",
        "--format",
        "jsonl",
        "--data",
        s(&data),
    ]);
    let rows: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let criticises = rows
        .iter()
        .find(|r| r["kind"] == "criticises")
        .unwrap_or_else(|| panic!("no criticises in {jsonl}"));
    assert_eq!(criticises["source_name"], "Claire Guédon");
    assert_eq!(criticises["target_id"], "paul morin");
    assert_eq!(
        criticises["date"], "2021-03-08",
        "\"lundi\" before the Tuesday"
    );
    assert!(
        criticises["evidence"]
            .as_str()
            .is_some_and(|e| e.contains("a vivement critiqué")),
        "{criticises}"
    );
    assert!(
        rows.iter()
            .any(|r| r["kind"] == "joins" && r["hedged"] == true)
    );
    let csv = ok(&["export", "relations", "--format", "csv", "--data", s(&data)]);
    assert!(csv.starts_with("article_id,kind,negated,hedged,"), "{csv}");
    let graph = ok(&["export", "graph", "--format", "csv", "--data", s(&data)]);
    assert!(
        graph.contains("p:claire guedon,p:paul morin,Directed,criticises,1,2021-03-08,2021-03-08"),
        "{graph}"
    );
    assert!(
        !graph.contains(",joins,"),
        "a hedged relation is no edge: {graph}"
    );
    ok(&["ingest", "--data", s(&data), s(&input)]);
    assert_eq!(
        dump(&["--data", s(&data)]),
        before,
        "re-ingesting changes nothing"
    );
}

/// Stories as sets of appearance keys, from `export articles`: what does not depend on
/// which copy of a story was stored first.
fn grouping(store: &[&str]) -> Vec<Vec<String>> {
    let mut args = vec!["export", "articles", "--format", "jsonl"];
    args.extend_from_slice(store);
    let mut groups: Vec<Vec<String>> = ok(&args)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json");
            let mut keys: Vec<String> = v["appearances"]
                .as_array()
                .expect("appearances")
                .iter()
                .map(|a| a["key"].as_str().unwrap_or_default().to_string())
                .collect();
            keys.sort();
            keys
        })
        .collect();
    groups.sort();
    groups
}

#[test]
fn concurrent_postgres_writers_never_duplicate() {
    let Some(db) = pg::fresh_db() else {
        return;
    };
    let work = tmp();
    let input = work.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    corpus(&input, 400, true);

    // Four writers on the same inputs, in the same order: the very store one writer gives.
    let children: Vec<_> = (0..4)
        .map(|_| {
            Command::new(BIN)
                .args(["ingest", "--batch", "8", "--store", &db.url, s(&input)])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().expect("wait");
        assert!(
            out.status.success(),
            "concurrent ingest failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let reference = work.path().join("ref");
    ok(&["ingest", "--data", s(&reference), s(&input)]);
    let expected = dump(&["--data", s(&reference)]);
    let got = dump(&["--store", &db.url]);
    assert!(
        got == expected,
        "PostgreSQL after four concurrent writers differs: {}",
        first_difference(&got, &expected)
    );
    let mut client = postgres::Client::connect(&db.url, postgres::NoTls).expect("connect");
    let row = client
        .query_one("SELECT count(*), count(DISTINCT key) FROM appearances", &[])
        .expect("count");
    let (n, distinct): (i64, i64) = (row.get(0), row.get(1));
    assert_eq!((n, distinct), (400, 400));
}

#[test]
fn four_postgres_writers_on_disjoint_shards_group_near_copies_like_sqlite() {
    let Some(db) = pg::fresh_db() else {
        return;
    };
    let work = tmp();
    let all = work.path().join("all");
    std::fs::create_dir(&all).expect("mkdir");
    corpus(&all, 240, true);
    // Originals and their copies land in different shards, ingested at the same time.
    let shards: Vec<PathBuf> = (0..4)
        .map(|w| work.path().join(format!("shard{w}")))
        .collect();
    for d in &shards {
        std::fs::create_dir(d).expect("mkdir");
    }
    for i in 0..240 {
        let name = format!("a{i:05}.md");
        std::fs::copy(all.join(&name), shards[i % 4].join(&name)).expect("copy");
    }
    let children: Vec<_> = shards
        .iter()
        .map(|d| {
            Command::new(BIN)
                .args(["ingest", "--batch", "2", "--store", &db.url, s(d)])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().expect("wait");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let reference = work.path().join("ref");
    let mut args = vec!["ingest", "--data", s(&reference)];
    args.extend(shards.iter().map(|d| s(d)));
    let summary = ok(&args);
    let expected = grouping(&["--data", s(&reference)]);
    assert!(
        expected.iter().any(|g| g.len() > 1),
        "no near copy grouped: {summary}"
    );
    let got = grouping(&["--store", &db.url]);
    assert_eq!(got.len(), expected.len(), "stories: PostgreSQL vs SQLite");
    assert!(got == expected, "the copies were grouped differently");
    // Same number of quotes: every copy of a story quotes alike.
    let count = |store: &[&str]| {
        let mut a = vec!["export", "quotes", "--format", "jsonl"];
        a.extend_from_slice(store);
        ok(&a).lines().count()
    };
    assert_eq!(
        count(&["--store", &db.url]),
        count(&["--data", s(&reference)])
    );
}

/// The store of `n` generated articles, ingested once per test binary run.
fn small_store(work: &Path, n: usize) -> PathBuf {
    let input = work.join("in");
    std::fs::create_dir(&input).expect("mkdir");
    corpus(&input, n, true);
    let data = work.join("data");
    ok(&["ingest", "--quiet", "--data", s(&data), s(&input)]);
    data
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json_ids(out: &str) -> Vec<String> {
    out.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json");
            v["id"].as_str().unwrap_or_default().to_string()
        })
        .collect()
}

#[test]
fn search_speaks_the_query_language_and_says_what_is_wrong() {
    let work = tmp();
    let data = small_store(work.path(), 120);
    let d = s(&data);

    // Each form of the language runs; forms narrow or widen as they should.
    let total = |q: &[&str]| -> usize {
        let mut a = vec!["search", "--data", d, "--json", "-n", "1000"];
        a.extend_from_slice(q);
        ok(&a).lines().count()
    };
    let words = total(&["réforme retraites"]);
    let phrase = total(&["\"réforme des retraites\""]);
    assert!(
        words > 0 && phrase > 0 && phrase <= words,
        "{phrase} {words}"
    );
    let either = total(&["retraites OR budget"]);
    assert!(either >= total(&["retraites"]) && either >= total(&["budget"]));
    assert!(total(&["retraites -budget"]) <= total(&["retraites"]));
    assert_eq!(total(&["retrait*"]), total(&["retraites"]));
    assert_eq!(
        total(&["RETRAITÉS"]),
        total(&["retraites"]),
        "case, accents, inflection"
    );
    // FTS5 and tsquery operators are words, never syntax: no engine error.
    for q in [
        "retraites NEAR(budget)",
        "body:retraites",
        "retraites AND NOT budget",
        "retraites & !budget | x",
        "\"unterminated",
        "retraites' OR 1=1 --",
        "^retraites",
        "(retraites",
    ] {
        let o = dixit(&["search", "--data", d, q]);
        assert_eq!(o.status.code(), Some(0), "{q}: {}", stderr(&o));
        assert!(
            !stderr(&o).contains("sqlite") && !stderr(&o).contains("syntax"),
            "{q}"
        );
    }

    // Ranking: stable across -n, pages follow one another, the total is given.
    let page = |args: &[&str]| {
        let mut a = vec!["search", "--data", d, "--json", "gouvernement OR syndicats"];
        a.extend_from_slice(args);
        json_ids(&ok(&a))
    };
    let three = page(&["-n", "3"]);
    let four = page(&["-n", "4"]);
    let six = page(&["-n", "6"]);
    assert_eq!(three.len(), 3);
    assert_eq!(three[..], four[..3], "-n 3 vs -n 4");
    assert_eq!(page(&["-n", "3", "--page", "2"])[..], six[3..]);
    assert_eq!(page(&["-n", "2", "--offset", "4"])[..], six[4..6]);
    let text = ok(&[
        "search",
        "--data",
        d,
        "gouvernement OR syndicats",
        "-n",
        "3",
    ]);
    assert!(text.contains("showing 1–3 of "), "{text}");
    assert!(text.contains("(next: --page 2)"), "{text}");
    assert!(!text.contains("« «") && !text.contains("» »"), "{text}");
    assert!(!text.contains("????"), "{text}");
    assert!(
        text.contains(".md"),
        "the source of a file is its path: {text}"
    );
    // A direct quote's words are shown between guillemets (which kinds rank first depends
    // on extraction, so ask for direct ones).
    let direct = ok(&[
        "search",
        "--data",
        d,
        "gouvernement OR syndicats",
        "--kind",
        "direct",
        "-n",
        "3",
    ]);
    assert!(direct.contains(" : « "), "{direct}");

    // Zero hits: a message and success.
    let o = dixit(&["search", "--data", d, "zzzzqqq", "--speaker", "nobody"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("no results for \"zzzzqqq\" with --speaker nobody"));

    // Rejected input: exit 2 and a message saying why.
    for (args, says) in [
        (vec!["--from", "07/2017", "retraites"], "YYYY-MM-DD"),
        (vec!["--from", "yesterday", "retraites"], "YYYY-MM-DD"),
        (vec!["--to", "2017-13-01", "retraites"], "YYYY-MM-DD"),
        (vec!["--from", "2018", "--to", "2017"], "is after"),
        (vec!["les"], "no word to search for"),
        (vec!["*"], "no word to search for"),
        (vec!["\""], "no word to search for"),
        (vec!["-retraites"], "only excludes"),
        (vec!["a*"], "too short"),
        (vec!["-n", "18446744073709551615", "retraites"], "1..=1000"),
        (vec!["-n", "0", "retraites"], "1..=1000"),
        (
            vec!["--kind", "quoted", "retraites"],
            "direct, indirect or mixed",
        ),
        (
            vec!["--articles", "--speaker", "x", "retraites"],
            "does not apply",
        ),
    ] {
        let mut a = vec!["search", "--data", d];
        a.extend(args.iter().copied());
        let o = dixit(&a);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stdout(&o));
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
    }

    // A missing store is named, never created.
    let missing = work.path().join("no-such-store");
    for cmd in [
        vec!["search", "--data", s(&missing), "retraites"],
        vec!["export", "quotes", "--data", s(&missing)],
        vec!["check", "--data", s(&missing)],
    ] {
        let o = dixit(&cmd);
        assert_eq!(o.status.code(), Some(2), "{cmd:?}");
        assert!(stderr(&o).contains("no dixit store at") && stderr(&o).contains("no-such-store"));
        assert!(!missing.exists(), "{cmd:?} created the store");
    }

    // Articles are ranked too.
    let arts = ok(&[
        "search",
        "--data",
        d,
        "--articles",
        "--json",
        "retraites",
        "-n",
        "5",
    ]);
    let scores: Vec<f64> = arts
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("json")["score"]
                .as_f64()
                .unwrap_or(0.0)
        })
        .collect();
    assert!(
        !scores.is_empty() && scores.iter().all(|x| *x > 0.0),
        "{scores:?}"
    );
    assert!(scores.windows(2).all(|w| w[0] >= w[1]));
}

#[test]
fn ingest_caps_documents_reports_progress_and_stores_new_versions() {
    let work = tmp();
    let input = work.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    corpus(&input, 30, false);
    // A 3 MiB text file: cut at 1 MiB, with a warning naming it.
    let mut big = String::new();
    let mut rng = Rng(7);
    while big.len() < 3 * 1024 * 1024 {
        big.push_str(&article(&mut rng, 1));
    }
    std::fs::write(input.join("huge.txt"), &big).expect("write");
    let data = work.path().join("data");
    let o = dixit(&[
        "ingest",
        "--data",
        s(&data),
        "--max-mib",
        "1",
        "--batch-mib",
        "1",
        "--progress-every",
        "0",
        s(&input),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("huge.txt: warning: text over 1 MiB"), "{err}");
    assert!(stdout(&o).contains("1 capped at 1 MiB"), "{}", stdout(&o));
    // Not a terminal: plain progress lines with the total size.
    let progress: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("dixit ingest: ") && l.contains(" done in "))
        .collect();
    assert!(!progress.is_empty(), "{err}");
    assert!(
        progress.iter().any(|l| l.contains(" of 3.")),
        "{progress:?}"
    );
    let quiet = dixit(&[
        "ingest",
        "--quiet",
        "--data",
        s(&data),
        "--max-mib",
        "1",
        "--progress-every",
        "0",
        s(&input),
    ]);
    assert!(quiet.status.success());
    assert!(!stderr(&quiet).contains(" done in "), "{}", stderr(&quiet));
    assert!(
        stdout(&quiet).contains("31 unchanged"),
        "{}",
        stdout(&quiet)
    );

    // A file whose content changed is a new version, not "unchanged".
    let first = input.join("a00003.md");
    std::fs::write(&first, "# Nouveau\n\nLe maire de Lyon a déclaré : « Nous rouvrirons la piscine municipale dès lundi ».\n").expect("rewrite");
    let again = ok(&[
        "ingest",
        "--quiet",
        "--max-mib",
        "1",
        "--data",
        s(&data),
        s(&input),
    ]);
    assert!(
        again.contains("1 new stories") && again.contains("1 new versions"),
        "{again}"
    );
    let hits = ok(&["search", "--data", s(&data), "piscine"]);
    assert!(hits.contains("showing 1–1 of 1"), "{hits}");
}

#[test]
fn check_passes_a_sound_store_and_reports_a_damaged_one() {
    let work = tmp();
    let data = small_store(work.path(), 60);
    let o = dixit(&["check", "--data", s(&data)]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("ok: no problem found"));
    let expected = ok(&[
        "search",
        "--data",
        s(&data),
        "--json",
        "-n",
        "50",
        "retraites OR budget",
    ]);

    let file = data.join("dixit.sqlite");
    let mut bytes = std::fs::read(&file).expect("read");
    let pages = bytes.len() / 4096;
    let mid = pages / 2;
    for (i, b) in bytes[mid * 4096..(mid + 2) * 4096].iter_mut().enumerate() {
        *b = (i * 131 % 251) as u8;
    }
    std::fs::write(&file, &bytes).expect("write");
    let o = dixit(&["check", "--data", s(&data)]);
    assert_ne!(
        o.status.code(),
        Some(0),
        "damage not reported: {}",
        stdout(&o)
    );
    if o.status.code() == Some(1) {
        assert!(stdout(&o).contains("problem (damage)"), "{}", stdout(&o));
    }
    // Searches fail loudly or answer as before; never something else.
    let o = dixit(&[
        "search",
        "--data",
        s(&data),
        "--json",
        "-n",
        "50",
        "retraites OR budget",
    ]);
    if o.status.success() {
        assert_eq!(stdout(&o), expected);
    } else {
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains("malformed") || stderr(&o).contains("corrupt"),
            "{}",
            stderr(&o)
        );
    }
}

/// Top-10 parity of the two backends on real articles (shared/bench, 400 of them).
#[test]
fn backends_rank_the_corpus_alike() {
    let shared = std::env::var_os("DIXIT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let jsonl = shared.join("bench/orange-politique-2017.jsonl");
    if !jsonl.is_file() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is required under CI",
            jsonl.display()
        );
        eprintln!(
            "NOTICE: skipping corpus parity: {} not found",
            jsonl.display()
        );
        return;
    }
    let Some(db) = pg::fresh_db() else {
        return;
    };
    let work = tmp();
    let text = std::fs::read_to_string(&jsonl).expect("read corpus");
    let head: String = text.lines().take(400).map(|l| format!("{l}\n")).collect();
    let input = work.path().join("orange-2017-400.jsonl");
    std::fs::write(&input, head).expect("write");
    let data = work.path().join("data");
    ok(&["ingest", "--quiet", "--data", s(&data), s(&input)]);
    ok(&["ingest", "--quiet", "--store", &db.url, s(&input)]);
    let mut compared = 0;
    for q in PARITY_QUERIES {
        for articles in [false, true] {
            let run = |store: &[&str]| {
                let mut a = vec!["search", "--json", "-n", "10", q];
                if articles {
                    a.push("--articles");
                }
                a.extend_from_slice(store);
                json_ids(&ok(&a))
            };
            let lite = run(&["--data", s(&data)]);
            let pg = run(&["--store", &db.url]);
            assert_eq!(lite, pg, "{q} (articles: {articles})");
            compared += usize::from(!lite.is_empty());
        }
    }
    assert!(compared >= 30, "only {compared} queries had hits");
}

/// Twenty queries of every form, for the parity of the backends on real articles.
const PARITY_QUERIES: &[&str] = &[
    "Macron",
    "Fillon",
    "Le Pen",
    "Mélenchon",
    "Hamon",
    "gouvernement",
    "réforme",
    "élection présidentielle",
    "\"premier ministre\"",
    "\"Front national\"",
    "primaire OR primaires",
    "retraites OR chômage",
    "candidat -Fillon",
    "Europe -Bruxelles",
    "électi*",
    "sécu*",
    "Assemblée nationale",
    "impôts",
    "sondage",
    "loi travail",
];
