"""Ranking quality on the labelled set (tests/fixtures/ranking): NDCG@5 and pairwise ordering
accuracy of the scorer beside a plain TF-IDF cosine baseline.

Run: `uv run python -m bench.jobs.bench_quality`; writes the "quality" section of
bench/results/jobs.json.
"""

from __future__ import annotations

import json

from bench.jobs.synthetic import save
from tests.jobs.ranking_eval import report


def main() -> None:
    figures = report()
    for side in ("scorer", "tfidfBaseline"):
        figures[side] = {k: round(v, 4) for k, v in figures[side].items()}
    save("quality", figures)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
