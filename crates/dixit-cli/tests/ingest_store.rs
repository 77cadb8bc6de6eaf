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
    for what in ["articles", "quotes", "persons", "graph"] {
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
    assert_eq!(none.status.code(), Some(1));

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

#[test]
fn concurrent_postgres_writers_never_duplicate() {
    let Some(db) = pg::fresh_db() else {
        return;
    };
    let work = tmp();
    let input = work.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    // Exact duplicates only: near-duplicate grouping may legitimately depend on which
    // writer commits first, exact ids never do.
    corpus(&input, 400, false);

    let children: Vec<_> = (0..2)
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

    // Same content as one sequential run into the embedded store: no duplicate, nothing lost.
    let reference = work.path().join("ref");
    ok(&["ingest", "--data", s(&reference), s(&input)]);
    let expected = dump(&["--data", s(&reference)]);
    let got = dump(&["--store", &db.url]);
    assert!(
        got == expected,
        "PostgreSQL after two concurrent writers differs: {}",
        first_difference(&got, &expected)
    );
    let mut client = postgres::Client::connect(&db.url, postgres::NoTls).expect("connect");
    let row = client
        .query_one("SELECT count(*), count(DISTINCT key) FROM appearances", &[])
        .expect("count");
    let (n, distinct): (i64, i64) = (row.get(0), row.get(1));
    assert_eq!((n, distinct), (400, 400));
}
