"""Fit the match score's relevance model on the dev split of the graded matching corpus.

The model is ordinal logistic regression: one weight per input (the components named in
`core.jobs.score.RELEVANCE_FEATURES`, as the scorer computes them) and three cut points, so
P(grade ≥ t) = σ(w·x − cut_t) and the expected grade is their sum. It is small on purpose:
eight weights fitted on 2,145 graded pairs.

The figures it reports are cross-validated: the pairs are split into five folds by resume
(and, separately, by posting), the model is fitted on four and scores the fifth, as the
product would score people and jobs it has never seen. It then fits on the whole split and
prints the constants to copy into core/jobs/score.py.

Run: `uv run python -m bench.jobs.fit_matching`; writes `matching.devFit` in
bench/results/jobs.json. Only the dev split is ever read here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import minimize

from bench.jobs import matching
from bench.jobs.synthetic import save
from core.jobs.index import build_index
from core.jobs.score import (
    GRADE_CAP_ONE_RANK_OFF,
    GRADE_CAP_TWO_RANKS_OFF,
    NEUTRAL,
    RELEVANCE_FEATURES,
    combine,
    components,
    profile_vectors,
)

FOLDS = 5
L2 = 1e-3  # a light ridge against runaway weights on a small set


@dataclass(frozen=True)
class Ordinal:
    weights: np.ndarray
    cuts: np.ndarray

    def expected(self, x: np.ndarray) -> np.ndarray:
        """The expected grade, held to the scorer's caps for rank distance."""
        z = x @ self.weights
        grade = sum(1.0 / (1.0 + np.exp(c - z)) for c in self.cuts)
        gap = x[:, RELEVANCE_FEATURES.index("seniorityGap")]
        cap = np.where(
            gap >= 2, GRADE_CAP_TWO_RANKS_OFF, np.where(gap >= 1, GRADE_CAP_ONE_RANK_OFF, 3.0)
        )
        return np.minimum(grade, cap)


def fit(x: np.ndarray, y: np.ndarray) -> Ordinal:
    k = x.shape[1]

    def unpack(theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        w = theta[:k]
        cuts = np.cumsum(np.concatenate([theta[k : k + 1], np.exp(theta[k + 1 :])]))
        return w, cuts

    def loss(theta: np.ndarray) -> float:
        w, cuts = unpack(theta)
        z = x @ w
        upper = np.concatenate([[-np.inf], cuts, [np.inf]])
        # P(grade = g) = σ(z − cut_g) − σ(z − cut_{g+1})
        p_ge = 1.0 / (1.0 + np.exp(np.clip(upper[y][:, None] - z[:, None], -50, 50)))
        p_gt = 1.0 / (1.0 + np.exp(np.clip(upper[y + 1][:, None] - z[:, None], -50, 50)))
        p = np.clip((p_ge - p_gt).ravel(), 1e-9, 1.0)
        return float(-np.log(p).sum() / len(y) + L2 * (w @ w))

    start = np.concatenate([np.zeros(k), [1.0, 0.0, 0.0]])
    result = minimize(loss, start, method="L-BFGS-B")
    w, cuts = unpack(result.x)
    return Ordinal(w, cuts)


def features(data: matching.MatchingSet) -> tuple[np.ndarray, list[dict[str, np.ndarray]], bool]:
    """(inputs as rows of resume × posting pairs, the components per resume, whether the
    people stated places) as the scorer computes them."""
    items = matching.job_items(data)
    index = build_index(items)
    order = np.asarray([index.row_of[i["jobId"]] for i in items])
    people = matching.profiles(data)
    rows: list[np.ndarray] = []
    parts_per_resume: list[dict[str, np.ndarray]] = []
    for rid in data.resume_ids:
        parts = components(index, profile_vectors(index, people[rid]), order)
        parts_per_resume.append(parts)
        cols = []
        for name in RELEVANCE_FEATURES:
            value = parts[name].astype(np.float64)
            cols.append(np.where(np.isnan(value), NEUTRAL.get(name, 0.0), value))
        rows.append(np.stack(cols, axis=1))
    stated = any(p.states_place() for p in people.values())
    return np.concatenate(rows), parts_per_resume, stated


def product_scores(
    model: Ordinal, x: np.ndarray, parts: dict[str, np.ndarray], stated: bool
) -> np.ndarray:
    """The score the product shows, with this model's relevance and the real fit factor."""
    n = len(x)
    grade = model.expected(x)
    full = combine(parts, n, stated=stated)  # relevance from the shipped constants ...
    shipped = np.maximum(_shipped_relevance(parts, n), 1e-9)
    return full * (grade / 3.0) / shipped  # ... swapped for this model's


def _shipped_relevance(parts: dict[str, np.ndarray], n: int) -> np.ndarray:
    from core.jobs.score import expected_grade

    return expected_grade(parts, n) / 3.0


def cross_validate(data: matching.MatchingSet, by: str, seed: int = 7) -> dict[str, Any]:
    x, parts, stated = features(data)
    grades = data.grid()
    y = grades.reshape(-1).astype(int)
    n_r, n_j = grades.shape
    rng = np.random.default_rng(seed)
    fold_r = rng.permutation(n_r) % FOLDS
    fold_j = rng.permutation(n_j) % FOLDS
    pair_r = np.repeat(np.arange(n_r), n_j)
    pair_j = np.tile(np.arange(n_j), n_r)
    fold = fold_r[pair_r] if by == "resume" else fold_j[pair_j]
    scores = np.zeros(len(y))
    for f in range(FOLDS):
        test = fold == f
        model = fit(x[~test], y[~test])
        for i in range(n_r):
            rows = test & (pair_r == i)
            if rows.any():
                cols = pair_j[rows]
                sub = {k: v[cols] for k, v in parts[i].items()}
                scores[rows] = product_scores(model, x[rows], sub, stated)
    grid = scores.reshape(grades.shape)
    return {**matching.evaluate(grid, grades), "calibration": matching.calibration(grid, grades)}


def main() -> None:
    data = matching.load("dev")
    x, _, _ = features(data)
    y = data.grid().reshape(-1).astype(int)
    model = fit(x, y)
    figures = {
        "split": "dev",
        "pairs": len(y),
        "features": list(RELEVANCE_FEATURES),
        "weights": [round(float(w), 3) for w in model.weights],
        "gradeCuts": [round(float(c), 3) for c in model.cuts],
        "crossValidatedByResume": cross_validate(data, "resume"),
        "crossValidatedByPosting": cross_validate(data, "posting"),
    }
    save("matchingFit", figures)
    print(json.dumps(figures, indent=2))
    print("\nRELEVANCE_WEIGHTS = (" + ", ".join(f"{w:.3f}" for w in model.weights) + ")")
    print("GRADE_CUTS = (" + ", ".join(f"{c:.3f}" for c in model.cuts) + ")")


if __name__ == "__main__":
    main()
