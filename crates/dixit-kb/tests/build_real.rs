//! Rebuilds the KB from the real shared data and checks that the committed `data/kb` files
//! are exactly what the builder produces. Without the shared data the test is skipped,
//! except under CI (`CI` set), where it fails.

use std::path::{Path, PathBuf};

fn shared_kb() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    [
        root.join("../shared/data/kb"),
        PathBuf::from("/work/shared/data/kb"),
    ]
    .into_iter()
    .find(|p| p.join("rne").is_dir())
}

#[test]
fn rebuild_matches_committed_files() {
    let Some(src) = shared_kb() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "shared/data/kb not found (required under CI)"
        );
        eprintln!("shared/data/kb not found: skipped");
        return;
    };
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/kb");
    let out = std::env::temp_dir().join(format!("dixit-kb-build-{}", std::process::id()));
    let stats = dixit_kb::build::compile_with(&src, &data.join("supplement.tsv"), &out)
        .expect("build from shared data");
    assert!(stats.persons > 5000, "{stats:?}");
    assert!(stats.offices > stats.persons, "{stats:?}");
    assert!(stats.memberships > 300, "{stats:?}");
    assert!(stats.media > 200 && stats.organizations > 300, "{stats:?}");
    assert!(stats.bytes < 3_000_000, "{stats:?}");
    for f in [
        "persons.tsv",
        "offices.tsv",
        "parties.tsv",
        "media.tsv",
        "organizations.tsv",
        "first_names.tsv",
    ] {
        let built = std::fs::read_to_string(out.join(f)).expect("built file");
        let committed = std::fs::read_to_string(data.join(f)).expect("committed file");
        assert!(
            built == committed,
            "data/kb/{f} is stale: run `dixit kb build --from ../shared/data/kb --out data/kb`"
        );
    }
    let kb = dixit_kb::Kb::load_dir(&out).expect("load built files");
    let id = kb.person_by_name("Jean-Marie Le Guen").expect("Le Guen");
    let p = kb.person(id).expect("person");
    assert!(p.offices.iter().any(|o| {
        o.title
            .contains("chargé du Développement et de la Francophonie")
    }));
    // Every deputy mandate ends with its legislature at the latest, and the same seat seen
    // by several sources is written once.
    let offices = std::fs::read_to_string(out.join("offices.tsv")).expect("built offices");
    let mut seen = std::collections::HashSet::new();
    for line in offices.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 6, "{line}");
        if f[1] == "député" || f[1] == "députée" {
            assert!(!f[3].is_empty(), "open deputy mandate: {line}");
        }
        assert!(seen.insert((f[0], f[1], f[2], f[4])), "duplicate: {line}");
    }
    // Blein's 2012 term has no party in the open data; his 2017 one is LREM's.
    let blein = kb.person_by_name("Yves Blein").and_then(|i| kb.person(i));
    let terms: Vec<(Option<&str>, Option<&str>)> = blein
        .map(|p| {
            p.offices
                .iter()
                .filter(|o| o.title == "député")
                .map(|o| (o.start.as_deref(), o.party.as_deref()))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        terms,
        [
            (Some("2012-06-20"), None),
            (Some("2017-06-21"), Some("LREM"))
        ]
    );
    let _ = std::fs::remove_dir_all(&out);
}
