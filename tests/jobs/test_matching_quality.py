"""The match score on the graded dev split of corpora/matching (the split its relevance model
was fitted on, so this guards against regressions; bench/jobs/bench_matching.py reports the
cross-validated and blind figures): it ranks postings for people and people for postings
better than TF-IDF and BM25, and its scores mean the same grade whoever the person is."""

from __future__ import annotations

import pytest

from bench.jobs import matching


@pytest.fixture(scope="module")
def dev():
    data = matching.load("dev")
    return data, data.grid(), matching.scorer_grid(data)


def test_the_scorer_is_ahead_of_both_baselines(dev) -> None:
    data, grades, scores = dev
    ours = matching.evaluate(scores, grades)
    for baseline in (matching.tfidf_grid(data), matching.bm25_grid(data)):
        theirs = matching.evaluate(baseline, grades)
        for metric in ("pairwiseAccuracy", "perJobNdcg@3", "perJobNdcg@5", "ndcg@5"):
            assert ours[metric] > theirs[metric], (metric, ours, theirs)


def test_scores_are_calibrated_by_grade(dev) -> None:
    _data, grades, scores = dev
    table = matching.calibration(scores, grades)
    means = [table[str(g)]["meanScore"] for g in range(4)]
    assert means == sorted(means) and means[3] - means[0] > 50, table
    # A high score is a plausible or strong fit, whoever the person.
    assert table["shareGrade2PlusAtOrAbove80"] >= 0.9, table
