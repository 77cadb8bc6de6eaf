//! Dating quotes: the day the text gives for the words, else the publication date.

use dixit_dates::{DateFrom, SaidOn, find_dates, said_on};
use jiff::civil::{Date, date};

const ANCHOR: Date = date(2017, 1, 31); // a Tuesday

fn said(text: &str, quote: &str) -> Option<SaidOn> {
    let start = text.find(quote).expect("quote in text");
    let mentions = find_dates(text, Some(ANCHOR));
    said_on(text, &mentions, (start, start + quote.len()), Some(ANCHOR))
}

fn text_date(d: Date) -> Option<SaidOn> {
    Some(SaidOn {
        date: d,
        from: DateFrom::Text,
    })
}

#[test]
fn a_date_in_the_incise_or_the_lead_dates_the_words() {
    let t = "« Nous irons jusqu'au bout », a-t-il déclaré lundi soir sur TF1.";
    assert_eq!(
        said(t, "Nous irons jusqu'au bout"),
        text_date(date(2017, 1, 30))
    );
    let t = "Dimanche, le candidat a affirmé que « rien n'est joué ».";
    assert_eq!(said(t, "rien n'est joué"), text_date(date(2017, 1, 29)));
    let t = "Le 12 janvier, sur RTL, il avait estimé : « C'est une faute ».";
    assert_eq!(said(t, "C'est une faute"), text_date(date(2017, 1, 12)));
}

#[test]
fn dates_inside_the_quote_or_in_other_sentences_do_not() {
    // The words talk about the 23 April; they were said on Monday.
    let t = "« Je serai au second tour le 23 avril », a-t-il assuré lundi.";
    assert_eq!(
        said(t, "Je serai au second tour le 23 avril"),
        text_date(date(2017, 1, 30))
    );
    let t = "Hier, il était à Lyon. « Tout va bien », dit-il.";
    assert_eq!(
        said(t, "Tout va bien"),
        Some(SaidOn {
            date: ANCHOR,
            from: DateFrom::Published
        })
    );
}

#[test]
fn coarse_or_future_dates_do_not_date_words() {
    // A month is not a day; a day after publication cannot be when it was said.
    for t in [
        "En mars, il avait lancé : « On verra ».",
        "Il le redira jeudi prochain : « On verra ».",
    ] {
        assert_eq!(
            said(t, "On verra"),
            Some(SaidOn {
                date: ANCHOR,
                from: DateFrom::Published
            }),
            "{t}"
        );
    }
}

#[test]
fn without_anchor_only_the_text_can_date() {
    let t = "« Non », a-t-il répondu le 12 janvier 2017.";
    let m = find_dates(t, None);
    let start = t.find("Non").unwrap_or(0);
    assert_eq!(
        said_on(t, &m, (start, start + 3), None),
        text_date(date(2017, 1, 12))
    );
    let t = "« Non », a-t-il répondu.";
    assert_eq!(said_on(t, &[], (3, 6), None), None);
    // Spans past the end or inside a character are tolerated.
    assert!(said_on("é« Non »", &[], (1, 400), Some(ANCHOR)).is_some());
}
