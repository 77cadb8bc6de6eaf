// Experiment: cost of table lookups.
use dixit_learn::hash::mix;
fn cpu() -> f64 {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap();
    s.split_whitespace().next().unwrap().parse::<f64>().unwrap() / 1e9
}
fn main() {
    for &n in &[100usize, 20_000, 100_000, 340_000] {
        let rows: Vec<(u64, [i16; 4])> = (1..n as u64).map(|k| (mix(k), [1, 2, 3, 4])).collect();
        let t = dixit_learn::PackedTable::with_entries(&rows);
        let tt = dixit_learn::Table::<4>::with_entries(&rows);
        let feats: Vec<u64> = (0..40_000_00u64)
            .map(|i| mix((i * 7919) % (n as u64 * 2) + 1))
            .collect();
        let mut acc = [0i32; 4];
        let mut e = f64::MAX;
        for _ in 0..3 {
            let s = cpu();
            for c in feats.chunks(40) {
                t.add_into(c, &mut acc);
            }
            e = e.min(cpu() - s);
        }
        let s = cpu();
        let mut x = 0u64;
        for c in feats.chunks(40) {
            for &h in c {
                x = x.wrapping_add(dixit_learn::hash::f3(5, h, x, 7));
            }
        }
        let eh = cpu() - s;
        println!("hash f3: {:.1} ns {}", eh * 1e9 / feats.len() as f64, x & 1);
        let mut acc2 = [0i32; 4];
        let mut e2 = f64::MAX;
        for _ in 0..3 {
            let s2 = cpu();
            for c in feats.chunks(40) {
                tt.add_into(c, &mut acc2);
            }
            e2 = e2.min(cpu() - s2);
        }
        println!(
            "{n} features ({} KB): packed {:.1} ns/lookup, table {:.1} ns/lookup {:?}{:?}",
            t.memory() / 1024,
            e * 1e9 / feats.len() as f64,
            e2 * 1e9 / feats.len() as f64,
            acc[0],
            acc2[0]
        );
    }
}
