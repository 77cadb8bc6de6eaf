//! Test-only lookup of the shared data folder (`../shared` beside the checkout, or
//! `DIXIT_SHARED`), used by every test that needs data too large to commit.
//!
//! Policy, in one place: when something a test needs is missing, the test **fails** under
//! CI (the `CI` environment variable is set, as CI runners do) so that a broken checkout
//! cannot pass silently, and elsewhere it is **skipped with a visible notice**: a `SKIPPED`
//! line on stderr, shown even though the test passes.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Environment variable that points at the shared data folder.
pub const SHARED_ENV: &str = "DIXIT_SHARED";

/// True when running under CI (`CI` set to anything but empty, `0` or `false`).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// Where the shared data folder is expected: `DIXIT_SHARED`, else `shared/` beside the
/// repository checkout. The folder may not exist.
pub fn shared_root() -> PathBuf {
    match std::env::var_os(SHARED_ENV) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    }
}

/// The path `rel` (a file or folder) inside the shared data folder, or `None` after a
/// visible notice when it is missing outside CI.
///
/// # Panics
/// Under CI when the path is missing: the test must not pass without its data.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let path = shared_root().join(rel);
    if path.exists() {
        return Some(path);
    }
    skip(&format!(
        "{} not found (set {SHARED_ENV} to the shared data folder)",
        path.display()
    ));
    None
}

/// Marks the calling test as unable to run for `reason`: panics under CI, prints a
/// `SKIPPED` notice naming the test elsewhere. The caller returns right after.
///
/// # Panics
/// Under CI, always.
pub fn skip(reason: &str) {
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    if let Err(msg) = verdict(in_ci(), &test, reason) {
        panic!("{msg}");
    }
}

/// The policy itself: an error message under CI, a notice on stderr elsewhere.
fn verdict(ci: bool, test: &str, reason: &str) -> Result<(), String> {
    if ci {
        return Err(format!(
            "{test}: {reason}; CI is set, so a missing prerequisite is a failure, not a skip"
        ));
    }
    // Straight to the stderr handle: libtest captures `eprintln!` of passing tests, and
    // a skip nobody sees is what this crate exists to prevent.
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {reason}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_ends_in_shared_or_follows_the_variable() {
        let root = shared_root();
        match std::env::var_os(SHARED_ENV) {
            Some(d) if !d.is_empty() => assert_eq!(root, PathBuf::from(d)),
            _ => assert!(root.ends_with("shared"), "{}", root.display()),
        }
    }

    #[test]
    fn missing_prerequisite_fails_under_ci_and_skips_elsewhere() {
        let err = verdict(true, "t", "x missing").expect_err("CI fails");
        assert!(err.contains("t: x missing") && err.contains("CI"), "{err}");
        assert_eq!(verdict(false, "t", "x missing"), Ok(()));
    }

    #[test]
    fn missing_path_follows_the_ci_setting() {
        let rel = "no/such/path/for/dixit-testdata";
        let outcome = std::panic::catch_unwind(|| shared(rel));
        match outcome {
            Ok(found) => {
                assert!(!in_ci());
                assert_eq!(found, None);
            }
            Err(panic) => {
                assert!(in_ci());
                let msg = panic.downcast_ref::<String>().cloned().unwrap_or_default();
                assert!(msg.contains(rel), "{msg}");
            }
        }
    }
}
