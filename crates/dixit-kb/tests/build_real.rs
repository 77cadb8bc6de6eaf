//! Rebuilds the KB from the real shared data (fails under CI and is skipped elsewhere when it
//! is absent) and checks that the committed `data/kb` files are exactly what the builder
//! produces.

use std::path::Path;

#[test]
fn rebuild_matches_committed_files() {
    let Some(src) =
        dixit_testdata::shared("data/kb/rne").and_then(|p| p.parent().map(Path::to_path_buf))
    else {
        return;
    };
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/kb");
    let out = std::env::temp_dir().join(format!("dixit-kb-build-{}", std::process::id()));
    let stats = dixit_kb::build::compile_with(&src, &data.join("supplement.tsv"), &out)
        .expect("build from shared data");
    assert!(stats.persons > 5000, "{stats:?}");
    assert!(stats.offices > stats.persons, "{stats:?}");
    assert!(stats.media > 200 && stats.organizations > 300, "{stats:?}");
    assert!(stats.bytes < 3_000_000, "{stats:?}");
    for f in [
        "persons.tsv",
        "offices.tsv",
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
    let _ = std::fs::remove_dir_all(&out);
}
