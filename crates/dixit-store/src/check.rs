//! Integrity checks shared by both backends: what a check reports, and the orphan-row
//! checks and repairs, written in SQL both engines accept.

use crate::{Counts, Result};
use serde::Serialize;

/// One problem found by a check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// What is wrong, for people.
    pub message: String,
    /// Whether [`crate::Store::repair`] can fix it without losing stored data.
    pub repairable: bool,
}

impl Problem {
    /// A problem `repair` fixes.
    pub(crate) fn repairable(message: String) -> Problem {
        Problem {
            message,
            repairable: true,
        }
    }

    /// A problem `repair` cannot fix (the file itself is damaged).
    pub(crate) fn fatal(message: String) -> Problem {
        Problem {
            message,
            repairable: false,
        }
    }
}

/// What [`crate::Store::check`] (or `repair`) found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// The store checked.
    pub location: String,
    /// The checks that ran, in order.
    pub checks: Vec<String>,
    /// Row counts (zero when the file is too damaged to count).
    pub counts: Counts,
    /// Problems found.
    pub problems: Vec<Problem>,
    /// Problems a repair fixed before this check (empty after a plain check).
    pub repaired: Vec<Problem>,
}

impl CheckReport {
    /// Whether no problem was found.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// Whether every problem found is repairable.
    pub fn is_repairable(&self) -> bool {
        self.problems.iter().all(|p| p.repairable)
    }

    pub(crate) fn ran(&mut self, check: &str) {
        self.checks.push(check.to_string());
    }
}

/// Orphan checks: a description, then a query counting the bad rows.
const ORPHANS: &[(&str, &str)] = &[
    (
        "quotes of stories that do not exist",
        "SELECT count(*) FROM quotes q WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = q.article_id)",
    ),
    (
        "appearances of stories that do not exist",
        "SELECT count(*) FROM appearances ap WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = ap.article_id)",
    ),
    (
        "stories without their own appearance",
        "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM appearances ap WHERE ap.article_id = a.id AND ap.text_hash = a.id)",
    ),
    (
        "near-duplicate index entries of stories that do not exist",
        "SELECT count(*) FROM lsh l WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = l.article_id)",
    ),
    (
        "mentions in stories that do not exist",
        "SELECT count(*) FROM mentions m WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = m.article_id)",
    ),
    (
        "roles of persons that do not exist",
        "SELECT count(*) FROM person_roles r WHERE NOT EXISTS (SELECT 1 FROM persons p WHERE p.id = r.person_id)",
    ),
    (
        "quotes by persons that do not exist",
        "SELECT count(*) FROM quotes q WHERE q.person_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM persons p WHERE p.id = q.person_id)",
    ),
    (
        "mentions of persons that do not exist",
        "SELECT count(*) FROM mentions m WHERE m.kind = 'person' AND NOT EXISTS (SELECT 1 FROM persons p WHERE p.id = m.entity_id)",
    ),
];

/// Repairs of orphan rows, in an order where each sees the previous ones' effect. A
/// story missing its own appearance is re-created by the backend (it needs folding).
pub(crate) const REPAIRS: &[&str] = &[
    "DELETE FROM quotes WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = quotes.article_id)",
    "DELETE FROM appearances WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = appearances.article_id)",
    "DELETE FROM lsh WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = lsh.article_id)",
    "DELETE FROM mentions WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = mentions.article_id)",
    "DELETE FROM person_roles WHERE NOT EXISTS (SELECT 1 FROM persons p WHERE p.id = person_roles.person_id)",
    "INSERT INTO persons (id, name)
     SELECT q.person_id, coalesce(min(q.speaker), q.person_id) FROM quotes q
     WHERE q.person_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM persons p WHERE p.id = q.person_id)
     GROUP BY q.person_id",
    "INSERT INTO persons (id, name)
     SELECT m.entity_id, min(m.surface) FROM mentions m
     WHERE m.kind = 'person' AND NOT EXISTS (SELECT 1 FROM persons p WHERE p.id = m.entity_id)
     GROUP BY m.entity_id",
];

/// Runs the orphan checks with `count` (which runs a counting query) into `report`.
pub(crate) fn orphans(
    report: &mut CheckReport,
    count: &mut dyn FnMut(&str) -> Result<u64>,
) -> Result<()> {
    report.ran("orphan rows (quotes, appearances, index entries, mentions, roles, persons)");
    for (what, sql) in ORPHANS {
        let n = count(sql)?;
        if n > 0 {
            report
                .problems
                .push(Problem::repairable(format!("{n} {what}")));
        }
    }
    Ok(())
}
