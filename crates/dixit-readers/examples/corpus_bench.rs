//! Throughput over WARC archives: `cargo run --release --example corpus_bench -- THREADS FILE...`
//! (THREADS = 0: single thread, records parsed where they are read; otherwise one reader
//! thread feeding THREADS extraction threads through a bounded channel).

use std::sync::mpsc;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let threads: usize = args.next().and_then(|t| t.parse().ok()).unwrap_or(0);
    let paths: Vec<std::path::PathBuf> = args.map(Into::into).collect();
    let start = Instant::now();
    let (mut docs, mut errors, mut words) = (0usize, 0usize, 0usize);
    if threads == 0 {
        for p in &paths {
            for rec in dixit_readers::warc_records(p) {
                match rec.and_then(dixit_readers::RawRecord::into_document) {
                    Ok(d) => {
                        docs += 1;
                        words += d.text.split_whitespace().count();
                    }
                    Err(e) => {
                        errors += 1;
                        eprintln!("{e}");
                    }
                }
            }
        }
    } else {
        let (tx, rx) = mpsc::sync_channel::<dixit_readers::RawRecord>(64);
        let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
        let (out_tx, out_rx) = mpsc::channel();
        let mut handles = Vec::new();
        for _ in 0..threads {
            let rx = rx.clone();
            let out_tx = out_tx.clone();
            handles.push(std::thread::spawn(move || {
                loop {
                    let rec = match rx.lock() {
                        Ok(guard) => guard.recv(),
                        Err(_) => return,
                    };
                    let Ok(rec) = rec else { return };
                    let r = rec
                        .into_document()
                        .map(|d| d.text.split_whitespace().count());
                    if out_tx.send(r.map_err(|e| e.to_string())).is_err() {
                        return;
                    }
                }
            }));
        }
        drop(out_tx);
        let reader = std::thread::spawn(move || {
            let mut read_errors = 0;
            for p in &paths {
                for rec in dixit_readers::warc_records(p) {
                    match rec {
                        Ok(r) => {
                            if tx.send(r).is_err() {
                                return read_errors;
                            }
                        }
                        Err(e) => {
                            eprintln!("{e}");
                            read_errors += 1;
                        }
                    }
                }
            }
            read_errors
        });
        for r in out_rx {
            match r {
                Ok(w) => {
                    docs += 1;
                    words += w;
                }
                Err(e) => {
                    errors += 1;
                    eprintln!("{e}");
                }
            }
        }
        errors += reader.join().unwrap_or(0);
        for h in handles {
            let _ = h.join();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "threads {threads}: {docs} documents, {errors} errors, {words} words in {secs:.2} s = {:.0} pages/s",
        docs as f64 / secs
    );
}
