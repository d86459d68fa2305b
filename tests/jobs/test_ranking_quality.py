"""The scorer against a recruiter-graded set (tests/fixtures/ranking): it must beat a plain
TF-IDF cosine baseline on NDCG@5 and pairwise ordering accuracy."""

from __future__ import annotations

from tests.jobs.ranking_eval import baseline_scores, evaluate, load, scorer_scores


def test_scorer_beats_the_tfidf_baseline() -> None:
    data = load()
    assert len(data.resumes) >= 10 and len(data.postings) >= 20
    scorer = evaluate(scorer_scores(data), data)
    baseline = evaluate(baseline_scores(data), data)
    assert scorer["ndcg@5"] >= baseline["ndcg@5"], (scorer, baseline)
    assert scorer["pairwiseAccuracy"] >= baseline["pairwiseAccuracy"], (scorer, baseline)
    # Absolute floors, so a regression shows even if the baseline moves.
    assert scorer["ndcg@5"] >= 0.95
    assert scorer["pairwiseAccuracy"] >= 0.95
