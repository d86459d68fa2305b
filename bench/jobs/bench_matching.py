"""Ranking quality on the graded matching corpus (corpora/matching): the match score beside
TF-IDF and BM25 baselines — NDCG@5 per resume, pairwise accuracy, NDCG@3/@5 per posting — and
the score's calibration (mean score per grade, and how much that mean moves between people).

The dev split is the default; the scorer's relevance model was fitted on it, so its
cross-validated figures come from `bench.jobs.fit_matching`. The blind split is a frozen exam,
read only with `--blind` and run once, after all tuning is committed.

Run: `uv run python -m bench.jobs.bench_matching [--blind]`; writes `matching.dev` or
`matching.blind` in bench/results/jobs.json.
"""

from __future__ import annotations

import json
import time

from bench.jobs import matching
from bench.jobs.synthetic import RESULTS, save
from bench.support import split_from_args
from core.clock import iso


def main() -> None:
    split = split_from_args(__doc__.split("\n\n")[0])
    data = matching.load(split)
    grades = data.grid()
    started = time.perf_counter()
    scores = matching.scorer_grid(data)
    seconds = time.perf_counter() - started
    figures = {
        "split": split,
        "resumes": len(data.resumes),
        "postings": len(data.postings),
        "pairs": int(grades.size),
        "grades": {str(g): int((grades == g).sum()) for g in range(4)},
        "scorer": matching.evaluate(scores, grades),
        "tfidfBaseline": matching.evaluate(matching.tfidf_grid(data), grades),
        "bm25Baseline": matching.evaluate(matching.bm25_grid(data), grades),
        "calibration": matching.calibration(scores, grades),
        "secondsToAnalyseAndScore": round(seconds, 2),
        "measuredAt": iso(),
    }
    if split == "dev":
        figures["note"] = (
            "in-sample: the relevance model was fitted on this split; see matchingFit for "
            "cross-validated figures"
        )
    current = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    section = current.get("matching") or {}
    section[split] = figures
    save("matching", section)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
