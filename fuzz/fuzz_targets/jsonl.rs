//! The JSONL reader never panics and always ends, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let reader: Box<dyn std::io::BufRead + Send> = Box::new(std::io::Cursor::new(data.to_vec()));
    for d in dixit_readers::jsonl_documents("fuzz.jsonl".into(), reader)
        .take(100_000)
        .flatten()
    {
        assert_eq!(d.text, d.analysis);
    }
});
