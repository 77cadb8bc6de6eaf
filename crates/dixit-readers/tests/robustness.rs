//! Arbitrary bytes, and corrupted copies of valid inputs, never make a reader panic or
//! loop (the same properties the `fuzz/` targets check, at a smaller scale).

use std::io::{BufRead, Cursor};

use proptest::prelude::*;

fn reader(data: &[u8]) -> Box<dyn BufRead + Send> {
    Box::new(Cursor::new(data.to_vec()))
}

const WARC: &[u8] = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://ex.fr/\r\nContent-Length: 114\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>Le ministre a parl\xc3\xa9 longuement hier.</p></body></html>\r\n\r\n";
const FEED: &[u8] = b"<rss><channel><title>T</title><item><title>A</title><description>&lt;p&gt;Un&lt;/p&gt;</description></item></channel></rss>";
const JSONL: &[u8] = b"{\"text\":\"Un.\",\"title\":\"T\"}\n{\"text\":\"Deux.\"}\n";

fn corrupt(base: &[u8], edits: &[(usize, u8)]) -> Vec<u8> {
    let mut v = base.to_vec();
    for &(i, b) in edits {
        if v.is_empty() {
            break;
        }
        let i = i % v.len();
        if b % 3 == 0 {
            v.remove(i);
        } else {
            v[i] = b;
        }
    }
    v
}

fn run_all(data: &[u8]) {
    let source = dixit_model::Source {
        path: "p".into(),
        ..Default::default()
    };
    if let Ok(d) = dixit_readers::html_to_document(data, source, None) {
        assert_eq!(d.text.len(), d.analysis.len());
    }
    for rec in dixit_readers::warc_records_from("w".into(), reader(data))
        .take(1000)
        .flatten()
    {
        let _ = rec.into_document();
    }
    assert!(
        dixit_readers::feed_documents("f".into(), reader(data))
            .take(1000)
            .count()
            < 1000
    );
    assert!(
        dixit_readers::jsonl_documents("j".into(), reader(data))
            .take(100_000)
            .count()
            < 100_000
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_bytes(data in proptest::collection::vec(any::<u8>(), 0..2048)) {
        run_all(&data);
    }

    #[test]
    fn corrupted_inputs(edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..8)) {
        for base in [WARC, FEED, JSONL] {
            run_all(&corrupt(base, &edits));
        }
    }
}

#[test]
fn valid_samples_read() {
    let recs: Vec<_> = dixit_readers::warc_records_from("w".into(), reader(WARC)).collect();
    assert_eq!(recs.len(), 1);
    assert!(recs[0].is_ok(), "{recs:?}");
    assert_eq!(
        dixit_readers::feed_documents("f".into(), reader(FEED))
            .filter(Result::is_ok)
            .count(),
        1
    );
    assert_eq!(
        dixit_readers::jsonl_documents("j".into(), reader(JSONL))
            .filter(Result::is_ok)
            .count(),
        2
    );
}
