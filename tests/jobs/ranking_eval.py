"""Judging the ranking against the labelled set in tests/fixtures/ranking: NDCG@5 and pairwise
ordering accuracy, for the scorer and for a plain TF-IDF cosine baseline."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from core.jobs.importer import raw_from_record
from core.jobs.index import build_index
from core.jobs.normalise import normalise
from core.jobs.profile import build_profile
from core.jobs.resume_input import analyze_resume
from core.jobs.score import score_all

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ranking"


@dataclass
class LabelledSet:
    postings: list[dict[str, Any]]
    resumes: dict[str, str]
    profiles: dict[str, dict[str, Any]]
    labels: dict[str, dict[str, int]]

    def grade(self, resume_id: str, posting_id: str) -> int:
        return self.labels.get(resume_id, {}).get(posting_id, 0)


def load(root: Path = FIXTURES) -> LabelledSet:
    postings = json.loads((root / "postings.json").read_text())
    resumes = {p.stem: p.read_text() for p in sorted((root / "resumes").glob("R*.txt"))}
    return LabelledSet(
        postings=postings,
        resumes=resumes,
        profiles=json.loads((root / "profiles.json").read_text()),
        labels=json.loads((root / "labels.json").read_text()),
    )


def posting_text(p: dict[str, Any]) -> str:
    return "\n".join(
        [
            p["title"],
            p["company"],
            p.get("location") or "",
            p["description"],
            *p.get("requirements", []),
        ]
    )


def ndcg_at(grades_in_rank_order: list[int], all_grades: list[int], k: int = 5) -> float:
    def dcg(gs: list[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gs[:k]))

    ideal = dcg(sorted(all_grades, reverse=True))
    return dcg(grades_in_rank_order) / ideal if ideal > 0 else 1.0


def pairwise_accuracy(scores: np.ndarray, grades: list[int]) -> tuple[float, int]:
    """(correctly ordered pairs, pairs with different grades); ties count half."""
    good = 0.0
    total = 0
    for i in range(len(grades)):
        for j in range(len(grades)):
            if grades[i] > grades[j]:
                total += 1
                if scores[i] > scores[j]:
                    good += 1
                elif scores[i] == scores[j]:
                    good += 0.5
    return good, total


def evaluate(scores_by_resume: dict[str, np.ndarray], data: LabelledSet) -> dict[str, float]:
    ids = [p["id"] for p in data.postings]
    ndcgs = []
    good = 0.0
    total = 0
    for rid, scores in scores_by_resume.items():
        grades = [data.grade(rid, pid) for pid in ids]
        order = np.lexsort((np.arange(len(ids)), -scores))
        ndcgs.append(ndcg_at([grades[i] for i in order], grades))
        g, t = pairwise_accuracy(scores, grades)
        good += g
        total += t
    return {"ndcg@5": float(np.mean(ndcgs)), "pairwiseAccuracy": good / total if total else 1.0}


def scorer_scores(data: LabelledSet) -> dict[str, np.ndarray]:
    items = []
    for p in data.postings:
        raw, errors = raw_from_record({**p, "sourceId": p["id"]})
        assert raw is not None, errors
        items.append(normalise(raw).to_item())
    index = build_index(items)
    order = [index.row_of[i["jobId"]] for i in items]
    out = {}
    for rid, text in data.resumes.items():
        profile = build_profile(data.profiles.get(rid), analyze_resume(text), resume_text=text)
        out[rid] = score_all(index, profile)[order]
    return out


def baseline_scores(data: LabelledSet) -> dict[str, np.ndarray]:
    docs = [posting_text(p) for p in data.postings]
    resumes = list(data.resumes.items())
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    vec.fit(docs + [t for _, t in resumes])
    job_m = vec.transform(docs)
    out = {}
    for rid, text in resumes:
        out[rid] = cosine_similarity(vec.transform([text]), job_m).ravel()
    return out


def report(data: LabelledSet | None = None) -> dict[str, Any]:
    data = data or load()
    return {
        "resumes": len(data.resumes),
        "postings": len(data.postings),
        "judgements": len(data.resumes) * len(data.postings),
        "scorer": evaluate(scorer_scores(data), data),
        "tfidfBaseline": evaluate(baseline_scores(data), data),
    }


if __name__ == "__main__":
    print(json.dumps(report(), indent=2))
