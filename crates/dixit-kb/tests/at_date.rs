//! Properties of the dated queries over the whole embedded KB: `best_match` never returns a
//! person whose first name conflicts with the one given, and `party_at` only ever answers
//! with a party some dated evidence gives for that day.

use dixit_kb::{Kb, PartyBasis, parse_date, party_label_at};
use jiff::civil::Date;
use proptest::prelude::*;

fn date_from(days: i64) -> Date {
    // 1990-01-01 plus up to ~45 years: before, across and after every source.
    let base = parse_date("1990-01-01").unwrap_or_default();
    base.checked_add(jiff::Span::new().days(days))
        .unwrap_or(base)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn best_match_respects_first_names(i in any::<u32>(), j in any::<u32>(), days in 0i64..16_500, dated in any::<bool>()) {
        let kb = Kb::embedded();
        let n = kb.sizes().0 as u32;
        prop_assume!(n > 0);
        let (Some(a), Some(b)) = (kb.person(i % n), kb.person(j % n)) else {
            return Err(TestCaseError::fail("index in range"));
        };
        let date = dated.then(|| date_from(days));
        // b's first name with a's family name: anyone returned must answer to b's first name.
        if let Some(r) = kb.best_match(Some(&b.first_name), &a.last_name, date) {
            let p = kb.person(r).ok_or_else(|| TestCaseError::fail("returned index"))?;
            prop_assert!(
                p.first_name_compatible(&b.first_name),
                "{} returned for {} {}", p.name, b.first_name, a.last_name
            );
        }
        // A person's own name finds them, or nobody (homonyms merged under one id aside).
        if let Some(r) = kb.best_match(Some(&a.first_name), &a.last_name, date) {
            let p = kb.person(r).ok_or_else(|| TestCaseError::fail("returned index"))?;
            prop_assert!(p.first_name_compatible(&a.first_name));
        }
    }

    #[test]
    fn party_at_rests_on_evidence_of_the_day(i in any::<u32>(), days in 0i64..16_500) {
        let kb = Kb::embedded();
        let n = kb.sizes().0 as u32;
        prop_assume!(n > 0);
        let date = date_from(days);
        let p = kb.person(i % n).ok_or_else(|| TestCaseError::fail("index in range"))?;
        for o in kb.offices_at(i % n, date) {
            prop_assert!(o.held_on(date));
        }
        if let Some(party) = kb.party_at(i % n, date) {
            let backed = p.party_history().iter().any(|s| {
                let covers = match s.basis {
                    PartyBasis::Mandate(o) => o.held_on(date),
                    PartyBasis::Membership(_) => {
                        s.start.is_some_and(|st| st <= date) && s.end.is_none_or(|e| date <= e)
                    }
                };
                covers && party_label_at(s.party, date) == party
            });
            prop_assert!(backed, "{} on {date}: {party}", p.name);
        }
    }
}
