//! The demo store: the bundled example articles (`examples/`, embedded in the binary)
//! with their outlet and date, ingested into a fresh embedded store.

use crate::ServerError;
use dixit_store::{Location, PreparedArticle, SqliteStore, Store};
use std::path::Path;

/// One bundled article: file name, outlet, publication date, text.
pub struct Example {
    /// File name under `examples/`.
    pub name: &'static str,
    /// Outlet, as `examples/ATTRIBUTION` records it.
    pub outlet: Option<&'static str>,
    /// Publication date, as `examples/ATTRIBUTION` records it.
    pub date: Option<&'static str>,
    /// The file.
    pub text: &'static str,
}

/// The bundled articles.
pub const EXAMPLES: &[Example] = &[
    Example {
        name: "seed-valls-hamon-le-guen.md",
        outlet: None,
        date: None,
        text: include_str!("../../../examples/seed-valls-hamon-le-guen.md"),
    },
    Example {
        name: "orange-depardieu-le-pen.txt",
        outlet: Some("Orange Actu"),
        date: Some("2016-11-13"),
        text: include_str!("../../../examples/orange-depardieu-le-pen.txt"),
    },
    Example {
        name: "orange-valls-fillon-ivg.txt",
        outlet: Some("Orange Actu"),
        date: Some("2016-12-16"),
        text: include_str!("../../../examples/orange-valls-fillon-ivg.txt"),
    },
    Example {
        name: "wikinews-ayrault-politique-generale.txt",
        outlet: Some("Wikinews"),
        date: Some("2012-07-04"),
        text: include_str!("../../../examples/wikinews-ayrault-politique-generale.txt"),
    },
    Example {
        name: "wikinews-le-pen-petite-bourgeoise.txt",
        outlet: Some("Wikinews"),
        date: Some("2012-07-06"),
        text: include_str!("../../../examples/wikinews-le-pen-petite-bourgeoise.txt"),
    },
    Example {
        name: "wikinews-montebourg-nucleaire.txt",
        outlet: Some("Wikinews"),
        date: Some("2012-08-27"),
        text: include_str!("../../../examples/wikinews-montebourg-nucleaire.txt"),
    },
];

/// Reads, extracts and prepares the files of `dir` whose names are in `examples`,
/// giving each its outlet and date.
pub fn prepare_examples(
    dir: &Path,
    examples: &[Example],
) -> Result<Vec<PreparedArticle>, ServerError> {
    let extractor =
        dixit_extract::Extractor::bundled().map_err(|e| ServerError::Demo(e.to_string()))?;
    let mut out = Vec::new();
    for ex in examples {
        let path = dir.join(ex.name);
        for input in dixit_readers::inputs(std::slice::from_ref(&path)) {
            let input = input.map_err(|e| ServerError::Demo(e.to_string()))?;
            for doc in input.documents() {
                let mut doc = doc.map_err(|e| ServerError::Demo(e.to_string()))?;
                doc.source.path = ex.name.to_string();
                doc.source.outlet = ex.outlet.map(str::to_string);
                doc.source.date = ex.date.map(str::to_string);
                let done = extractor
                    .extract(doc)
                    .map_err(|e| ServerError::Demo(e.to_string()))?;
                out.push(PreparedArticle::new(done.record, done.text));
            }
        }
    }
    Ok(out)
}

/// Writes the bundled articles under `dir/examples` and ingests them into a new
/// embedded store in `dir/store`, which it returns.
pub fn build(dir: &Path) -> Result<Location, ServerError> {
    let inputs = dir.join("examples");
    std::fs::create_dir_all(&inputs)?;
    for ex in EXAMPLES {
        std::fs::write(inputs.join(ex.name), ex.text)?;
    }
    let batch = prepare_examples(&inputs, EXAMPLES)?;
    let data = dir.join("store");
    SqliteStore::open_dir(&data)?.write_batch(&batch)?;
    Ok(Location::Dir(data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_example_is_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n != "ATTRIBUTION")
                    .collect()
            })
            .unwrap_or_default();
        on_disk.sort();
        let mut embedded: Vec<String> = EXAMPLES.iter().map(|e| e.name.to_string()).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded);
    }
}
