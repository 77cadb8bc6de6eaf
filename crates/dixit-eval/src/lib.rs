//! dixit's own scorers, ports of `eval/tools/score_articles.py` and `eval/tools/score_conll.py`
//! that print the same figures (and, with `--json`, the same bytes) as the Python scripts;
//! and a coreference scorer (MUC, B³, CEAF-e, CoNLL F1) with a reader of the Democrat corpus.

pub mod articles;
pub mod conll;
pub mod coref;
pub mod democrat;
pub mod pyfmt;
