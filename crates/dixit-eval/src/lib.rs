//! dixit's own scorers, ports of `eval/tools/score_articles.py` and `eval/tools/score_conll.py`
//! that print the same figures (and, with `--json`, the same bytes) as the Python scripts.

pub mod articles;
pub mod conll;
pub mod pyfmt;
