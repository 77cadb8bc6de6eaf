//! Entity-level scoring, the same as `shared/eval/tools/score_conll.py` (conlleval-style
//! exact spans; `fuzzy`: a prediction counts when it overlaps a gold entity of its type).

use crate::{EntityType, Tag};

/// Entity spans `(start, end, type)` of a tag sequence (`end` exclusive). An `I-X` that does not
/// continue an `X` opens a new entity, as conlleval does.
pub fn spans(tags: &[Tag]) -> Vec<(usize, usize, EntityType)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntityType)> = None;
    for (i, t) in tags.iter().enumerate() {
        match t.entity() {
            None => {
                if let Some((s, ty)) = open.take() {
                    out.push((s, i, ty));
                }
            }
            Some(ty) => {
                let continues = t.is_inside() && open.is_some_and(|(_, o)| o == ty);
                if !continues {
                    if let Some((s, o)) = open.take() {
                        out.push((s, i, o));
                    }
                    open = Some((i, ty));
                }
            }
        }
    }
    if let Some((s, ty)) = open {
        out.push((s, tags.len(), ty));
    }
    out
}

/// Counts and figures for one entity type (or overall).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct EntityScore {
    /// Correct predictions.
    pub tp: usize,
    /// Predicted entities.
    pub predicted: usize,
    /// Gold entities.
    pub gold: usize,
}

impl EntityScore {
    /// Precision.
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            0.0
        } else {
            self.tp as f64 / self.predicted as f64
        }
    }
    /// Recall.
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            0.0
        } else {
            self.tp as f64 / self.gold as f64
        }
    }
    /// F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Scores per type and overall.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    /// Indexed like [`EntityType::ALL`].
    pub per_type: [EntityScore; 4],
}

impl Scores {
    /// Sum over the types in `types`.
    pub fn overall_of(&self, types: &[EntityType]) -> EntityScore {
        let mut o = EntityScore::default();
        for (i, t) in EntityType::ALL.iter().enumerate() {
            if types.contains(t) {
                let s = self.per_type[i];
                o.tp += s.tp;
                o.predicted += s.predicted;
                o.gold += s.gold;
            }
        }
        o
    }

    /// Sum over all four types.
    pub fn overall(&self) -> EntityScore {
        self.overall_of(&EntityType::ALL)
    }

    /// Score of one type.
    pub fn of(&self, t: EntityType) -> EntityScore {
        let i = EntityType::ALL.iter().position(|x| *x == t).unwrap_or(0);
        self.per_type[i]
    }

    /// Adds one sentence's gold and predicted tags (same length expected; extra tags ignored).
    pub fn add(&mut self, gold: &[Tag], pred: &[Tag], fuzzy: bool) {
        let n = gold.len().min(pred.len());
        let g = spans(&gold[..n]);
        let p = spans(&pred[..n]);
        for &(_, _, t) in &g {
            self.per_type[t as usize].gold += 1;
        }
        for &(ps, pe, t) in &p {
            self.per_type[t as usize].predicted += 1;
            let hit = if fuzzy {
                g.iter().any(|&(gs, ge, gt)| gt == t && ps < ge && gs < pe)
            } else {
                g.contains(&(ps, pe, t))
            };
            if hit {
                self.per_type[t as usize].tp += 1;
            }
        }
    }

    /// One line per figure, as `score_conll.py` prints them.
    pub fn report(&self) -> String {
        let mut out = String::new();
        let mut line = |name: &str, s: EntityScore| {
            out.push_str(&format!(
                "{name:8} P {:.4} R {:.4} F1 {:.4}\n",
                s.precision(),
                s.recall(),
                s.f1()
            ));
        };
        line("overall", self.overall());
        for t in EntityType::ALL {
            line(t.as_str(), self.of(t));
        }
        out
    }

    /// Compact one-line summary.
    pub fn summary(&self) -> String {
        let three = self.overall_of(&[EntityType::Per, EntityType::Loc, EntityType::Org]);
        format!(
            "F1 {:.4} (PER {:.4} LOC {:.4} ORG {:.4} MISC {:.4}; PER+LOC+ORG {:.4})",
            self.overall().f1(),
            self.of(EntityType::Per).f1(),
            self.of(EntityType::Loc).f1(),
            self.of(EntityType::Org).f1(),
            self.of(EntityType::Misc).f1(),
            three.f1()
        )
    }
}

/// Scores whole corpora given as parallel tag sequences.
pub fn score<'a>(pairs: impl IntoIterator<Item = (&'a [Tag], &'a [Tag])>, fuzzy: bool) -> Scores {
    let mut s = Scores::default();
    for (g, p) in pairs {
        s.add(g, p, fuzzy);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use Tag::*;

    #[test]
    fn spans_follow_conlleval() {
        assert_eq!(
            spans(&[BPer, IPer, O, ILoc, BLoc, BLoc, IOrg]),
            vec![
                (0, 2, EntityType::Per),
                (3, 4, EntityType::Loc),
                (4, 5, EntityType::Loc),
                (5, 6, EntityType::Loc),
                (6, 7, EntityType::Org)
            ]
        );
    }

    #[test]
    fn strict_and_fuzzy() {
        let gold = [BPer, IPer, O, BLoc];
        let pred = [BPer, O, O, BLoc];
        let s = score([(&gold[..], &pred[..])], false);
        assert_eq!(s.overall().tp, 1);
        assert_eq!(s.overall().gold, 2);
        let f = score([(&gold[..], &pred[..])], true);
        assert_eq!(f.overall().tp, 2);
        assert!((f.overall().f1() - 1.0).abs() < 1e-9);
    }
}
