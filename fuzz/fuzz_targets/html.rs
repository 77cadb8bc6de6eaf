//! HTML extraction never panics, and what it returns keeps `analysis` aligned with `text`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let source = dixit_model::Source {
        path: "fuzz.html".into(),
        ..Default::default()
    };
    if let Ok(doc) = dixit_readers::html_to_document(data, source, None) {
        assert_eq!(doc.text.len(), doc.analysis.len());
    }
});
