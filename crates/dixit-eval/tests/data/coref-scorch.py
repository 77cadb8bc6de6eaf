# Random key/response partitions scored by scorch 0.2.0 (L. Grobol's independent
# implementation of Pradhan et al. 2014), to check dixit-eval's coref scorer against
# (tests/coref_scorer.rs). Regenerate with:
#   python3 -m venv /tmp/scorch && /tmp/scorch/bin/pip install scorch==0.2.0
#   /tmp/scorch/bin/python crates/dixit-eval/tests/data/coref-scorch.py
import json, pathlib, random, warnings
from scorch import scores
warnings.simplefilter("ignore")
rng = random.Random(20261201)
cases = []
def partition(mentions, n_labels, drop):
    by = {}
    for m in mentions:
        if rng.random() < drop:
            continue
        by.setdefault(rng.randrange(n_labels), []).append(m)
    return [sorted(c) for c in by.values()]
while len(cases) < 200:
    n = rng.randrange(1, 30)
    spans = set()
    while len(spans) < n:
        a = rng.randrange(0, 40)
        spans.add((a, a + rng.choice([0, 0, 0, 1, 2])))
    spans = sorted(spans)
    key = partition(spans, rng.randrange(1, 10), rng.choice([0, 0.2]))
    extra = [(a, a) for a in range(100, 100 + rng.randrange(0, 5))]
    resp = partition(spans + extra, rng.randrange(1, 10), rng.choice([0, 0.3, 0.6]))
    if rng.random() < 0.05:
        resp = []
    if not key:
        continue
    K = [set(map(tuple, c)) for c in key]
    R = [set(map(tuple, c)) for c in resp]
    out = {"key": key, "response": resp}
    try:
        for name, f in [("muc", scores.muc), ("b3", scores.b_cubed), ("ceaf_e", scores.ceaf_e)]:
            r, p, f1 = f(K, R)
            out[name] = [float(p), float(r), float(f1)]
    except Exception:
        # scorch raises where a harmonic mean has a zero (an empty response): such
        # cases are covered by the unit tests instead.
        continue
    cases.append(out)
json.dump(cases, open(pathlib.Path(__file__).with_suffix(".json"), "w"), separators=(",", ":"))
print(len(cases))
