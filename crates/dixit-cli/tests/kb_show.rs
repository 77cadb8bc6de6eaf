//! `dixit kb show`: a person's KB entry (names, party and offices over time, the day's
//! office and party), candidates for an ambiguous name, and the roles stored articles gave.

use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_dixit");

fn dixit(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run dixit")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn shows_offices_and_party_over_time() {
    let out = dixit(&["kb", "show", "Jean-Marie Le Guen", "--at", "2017-02-14"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    assert!(
        text.starts_with("Jean-Marie Le Guen  [jean-marie-le-guen]\n"),
        "{text}"
    );
    assert!(text.contains("J.-M. Le Guen"), "{text}");
    assert!(text.contains("gender:  M\n"), "{text}");
    assert!(
        text.contains(
            "2016-12-06 – 2017-05-10   Secrétaire d'État auprès du ministre des Affaires \
             étrangères et du Développement international, chargé du Développement et de la \
             Francophonie\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("  on 2017-02-14: party PS; offices: Secrétaire d'État"),
        "{text}"
    );
    // Blein: PS in February 2017, LREM after June 2017, whatever his latest label.
    let out = dixit(&["kb", "show", "yves-blein", "--at", "2017-02-14", "--json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["kb"]["latest_party"], "DVC");
    assert_eq!(v["kb"]["at"]["party"], "PS");
    assert_eq!(v["kb"]["at"]["offices"], serde_json::json!(["député"]));
    assert_eq!(v["kb"]["parties"][1]["party"], "LREM");
    assert_eq!(v["kb"]["parties"][1]["start"], "2017-06-21");
    assert!(v["store"].is_null());
}

#[test]
fn ambiguous_and_unknown_names() {
    let out = dixit(&["kb", "show", "Le Pen"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    for name in [
        "Marine Le Pen",
        "Marie-Caroline Le Pen",
        "Marion Maréchal-Le Pen",
    ] {
        assert!(text.contains(name), "{name}: {text}");
    }
    let out = dixit(&["kb", "show", "Le Pen", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["ambiguous"], true);
    assert_eq!(v["candidates"].as_array().map(Vec::len), Some(3));
    let out = dixit(&["kb", "show", "Zzyzx Qwerty"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no person named"));
    let out = dixit(&["kb", "show", "Marine Le Pen", "--at", "2017-02-30"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--at"));
}

#[test]
fn roles_from_the_store() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("store");
    let article = dir.path().join("le-guen.md");
    std::fs::write(
        &article,
        "# Hamon dans l'impasse\n\n\
         Jean-Marie Le Guen, secrétaire d'Etat au Développement et à la Francophonie, a jugé \
         sur RTL que Benoît Hamon est dans « une impasse stratégique ».\n",
    )
    .expect("write article");
    let data_s = data.to_str().expect("utf-8 path");
    // No store yet: an error, and none is created.
    let out = dixit(&["kb", "show", "Jean-Marie Le Guen", "--data", data_s]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!data.join("dixit.sqlite").exists());
    let out = dixit(&[
        "ingest",
        "--quiet",
        "--data",
        data_s,
        article.to_str().expect("utf-8 path"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = dixit(&[
        "kb",
        "show",
        "Jean-Marie Le Guen",
        "--data",
        data_s,
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let persons = v["store"]["persons"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(persons.len(), 1, "{v}");
    let roles: Vec<&str> = persons[0]["roles"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["normalized"].as_str())
        .collect();
    assert!(
        roles.contains(&"secrétaire d'État au Développement et à la Francophonie"),
        "{v}"
    );
    assert_eq!(persons[0]["quotes"], 1, "{v}");
    let out = dixit(&["kb", "show", "jean-marie-le-guen", "--data", data_s]);
    let text = stdout(&out);
    assert!(text.contains("in the store"), "{text}");
    assert!(
        text.contains("→ secrétaire d'État au Développement et à la Francophonie"),
        "{text}"
    );
}
