//! The WARC reader never panics and always ends, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let reader: Box<dyn std::io::BufRead + Send> = Box::new(std::io::Cursor::new(data.to_vec()));
    for r in dixit_readers::warc_records_from("fuzz.warc".into(), reader)
        .take(10_000)
        .flatten()
    {
        let _ = r.into_document();
    }
});
