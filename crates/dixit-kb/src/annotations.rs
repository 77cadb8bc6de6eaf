//! Entity spans of CoNLL files (`token<TAB>IOB2 tag`), for the word lists learned from
//! annotations (given names, place names).

/// Calls `f(kind, words)` for each entity span ("PER", "LOC", …) of a CoNLL text, in order.
/// Documents (`# doc` or `-DOCSTART-` lines, or the start of the file) whose index modulo
/// `holdout_every` is `holdout_every - 1` are skipped (`holdout_every` 0: none), as
/// `dixit train ner --holdout-every` holds them out. An `I-` tag that continues no span of
/// its kind opens none.
pub fn for_each_span(text: &str, holdout_every: usize, mut f: impl FnMut(&str, &[&str])) {
    let mut doc = 0usize;
    let mut seen_token = false;
    let mut kind: &str = "";
    let mut span: Vec<&str> = Vec::new();
    let mut flush = |kind: &str, span: &mut Vec<&str>| {
        if !span.is_empty() {
            f(kind, span);
            span.clear();
        }
    };
    for line in text.lines() {
        if line.starts_with("# doc") || line.starts_with("-DOCSTART-") {
            flush(kind, &mut span);
            if seen_token {
                doc += 1;
            }
            continue;
        }
        let held = holdout_every > 0 && doc % holdout_every == holdout_every - 1;
        let mut cols = line.split('\t');
        let (Some(token), Some(tag)) = (cols.next(), cols.next_back()) else {
            flush(kind, &mut span);
            continue;
        };
        seen_token = true;
        let tag = tag.trim();
        if let Some(k) = tag.strip_prefix("I-")
            && k == kind
            && !span.is_empty()
        {
            span.push(token);
            continue;
        }
        flush(kind, &mut span);
        if let Some(k) = tag.strip_prefix("B-")
            && !held
        {
            kind = k;
            span.push(token);
        }
    }
    flush(kind, &mut span);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_by_kind_and_held_out_documents() {
        let text = "# doc\nLe\tO\nPen\tB-PER\nà\tO\nParis\tB-LOC\nNord\tI-LOC\nX\tI-PER\n\
# doc\nLyon\tB-LOC\n";
        let mut got = Vec::new();
        for_each_span(text, 0, |k, w| got.push(format!("{k}:{}", w.join(" "))));
        assert_eq!(got, ["PER:Pen", "LOC:Paris Nord", "LOC:Lyon"]);
        got.clear();
        for_each_span(text, 2, |k, w| got.push(format!("{k}:{}", w.join(" "))));
        assert_eq!(got, ["PER:Pen", "LOC:Paris Nord"]);
    }
}
