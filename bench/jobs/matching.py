"""The graded matching corpus (corpora/matching) and how a ranking is judged on it.

Metrics, for a grid of scores (resumes × postings):

- NDCG@5 per resume: are the best postings for a person at the top of their list?
- pairwise accuracy per resume: of two postings graded differently for one person, how often
  the better one scores higher (ties count half);
- NDCG@3 and NDCG@5 per posting: are the right people at the top for a job?
- pairwise accuracy per posting;
- calibration: the mean score of each grade, and how much a grade's mean moves from one
  person to the next (a score of 80 should mean the same for everyone).

Baselines: a TF-IDF cosine and an Okapi BM25 over the whole texts, fitted on the split.
The blind split is read only when asked for by name.
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from core.jobs.importer import raw_from_record
from core.jobs.index import JobIndex, build_index
from core.jobs.normalise import normalise
from core.jobs.profile import CandidateProfile, build_profile
from core.jobs.resume_input import analyze_resume
from core.jobs.score import score_all
from core.jobs.text import tokens

CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "matching"
SPLITS = ("dev", "blind")


@dataclass(frozen=True)
class MatchingSet:
    split: str
    resumes: dict[str, str]  # file name -> text
    postings: list[dict[str, Any]]  # import records, in file order
    grades: dict[str, dict[str, int]]

    @property
    def resume_ids(self) -> list[str]:
        return list(self.resumes)

    @property
    def posting_ids(self) -> list[str]:
        return [p["id"] for p in self.postings]

    def grid(self) -> np.ndarray:
        """Grades as a (resumes × postings) array."""
        return np.asarray(
            [[self.grades[r].get(p, 0) for p in self.posting_ids] for r in self.resume_ids],
            dtype=np.int8,
        )


def load(split: str) -> MatchingSet:
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}")
    folder = CORPUS / "resumes" / split
    resumes = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}
    postings = [
        json.loads(line)
        for line in (CORPUS / "postings" / f"{split}.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()
        if line.strip()
    ]
    grades = json.loads((CORPUS / "grades" / f"{split}.json").read_text(encoding="utf-8"))
    return MatchingSet(split, resumes, postings, grades)


def posting_text(p: dict[str, Any]) -> str:
    return "\n".join(
        [
            p["title"],
            p.get("description") or "",
            *p.get("requirements", []),
            *p.get("niceToHave", []),
        ]
    )


# ---- scorers -------------------------------------------------------------------------------------


def job_items(data: MatchingSet) -> list[dict[str, Any]]:
    items = []
    for record in data.postings:
        raw, errors = raw_from_record({**record, "sourceId": record["id"]})
        if raw is None:
            raise ValueError(f"{record['id']}: {errors}")
        items.append(normalise(raw).to_item())
    return items


def profiles(data: MatchingSet) -> dict[str, CandidateProfile]:
    """The profile `jobs score` builds from a resume alone (no stated preferences)."""
    return {
        rid: build_profile(None, analyze_resume(text), resume_text=text)
        for rid, text in data.resumes.items()
    }


def scorer_grid(
    data: MatchingSet,
    score: Callable[[JobIndex, CandidateProfile], np.ndarray] = score_all,
    people: dict[str, CandidateProfile] | None = None,
) -> np.ndarray:
    items = job_items(data)
    index = build_index(items)
    order = [index.row_of[i["jobId"]] for i in items]
    people = people or profiles(data)
    return np.asarray([score(index, people[rid])[order] for rid in data.resume_ids])


def tfidf_grid(data: MatchingSet) -> np.ndarray:
    docs = [posting_text(p) for p in data.postings]
    texts = list(data.resumes.values())
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    vec.fit(docs + texts)
    return np.asarray(cosine_similarity(vec.transform(texts), vec.transform(docs)))


def bm25_grid(data: MatchingSet, k1: float = 1.2, b: float = 0.75) -> np.ndarray:
    """Okapi BM25 of each posting (the document) for each resume (the query)."""
    docs = [tokens(posting_text(p)) for p in data.postings]
    n = len(docs)
    avg = sum(len(d) for d in docs) / n
    df: dict[str, int] = {}
    for d in docs:
        for t in set(d):
            df[t] = df.get(t, 0) + 1
    idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
    counts = [_counts(d) for d in docs]
    out = np.zeros((len(data.resumes), n))
    for i, text in enumerate(data.resumes.values()):
        query = set(tokens(text))
        for j, (tf, d) in enumerate(zip(counts, docs, strict=True)):
            norm = k1 * (1 - b + b * len(d) / avg)
            out[i, j] = sum(idf[t] * tf[t] * (k1 + 1) / (tf[t] + norm) for t in query if t in tf)
    return out


def _counts(words: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for w in words:
        out[w] = out.get(w, 0) + 1
    return out


# ---- metrics ------------------------------------------------------------------------------------


def ndcg(scores: np.ndarray, grades: np.ndarray, k: int) -> float:
    order = np.lexsort((np.arange(len(scores)), -scores))
    gains = (2.0 ** grades[order][:k] - 1) / np.log2(np.arange(2, min(k, len(scores)) + 2))
    ideal_g = np.sort(grades)[::-1][:k]
    ideal = ((2.0**ideal_g - 1) / np.log2(np.arange(2, len(ideal_g) + 2))).sum()
    return float(gains.sum() / ideal) if ideal > 0 else 1.0


def pairwise(scores: np.ndarray, grades: np.ndarray) -> tuple[float, int]:
    """(pairs ordered right, pairs with different grades); ties in score count half."""
    g = grades.astype(np.int16)
    better = g[:, None] > g[None, :]
    s_gt = scores[:, None] > scores[None, :]
    s_eq = scores[:, None] == scores[None, :]
    good = float((better & s_gt).sum() + 0.5 * (better & s_eq).sum())
    return good, int(better.sum())


def evaluate(scores: np.ndarray, grades: np.ndarray) -> dict[str, float]:
    per_resume_ndcg = [ndcg(scores[i], grades[i], 5) for i in range(len(grades))]
    good = total = 0.0
    for i in range(len(grades)):
        g, t = pairwise(scores[i], grades[i])
        good, total = good + g, total + t
    job_good = job_total = 0.0
    job3, job5 = [], []
    for j in range(grades.shape[1]):
        job3.append(ndcg(scores[:, j], grades[:, j], 3))
        job5.append(ndcg(scores[:, j], grades[:, j], 5))
        g, t = pairwise(scores[:, j], grades[:, j])
        job_good, job_total = job_good + g, job_total + t
    return {
        "ndcg@5": round(float(np.mean(per_resume_ndcg)), 4),
        "pairwiseAccuracy": round(good / total, 4) if total else 1.0,
        "perJobNdcg@3": round(float(np.mean(job3)), 4),
        "perJobNdcg@5": round(float(np.mean(job5)), 4),
        "perJobPairwiseAccuracy": round(job_good / job_total, 4) if job_total else 1.0,
    }


def calibration(scores: np.ndarray, grades: np.ndarray) -> dict[str, Any]:
    """Mean score per grade over all pairs, and the spread of each person's mean per grade."""
    out: dict[str, Any] = {}
    for grade in range(4):
        mask = grades == grade
        if not mask.any():
            continue
        per_person = [float(scores[i][mask[i]].mean()) for i in range(len(grades)) if mask[i].any()]
        out[str(grade)] = {
            "pairs": int(mask.sum()),
            "meanScore": round(float(scores[mask].mean()), 1),
            "personMeanStdev": round(statistics.pstdev(per_person), 1)
            if len(per_person) > 1
            else 0.0,
        }
    for threshold in (50, 65, 80):
        above = scores >= threshold
        if above.any():
            out[f"shareGrade2PlusAtOrAbove{threshold}"] = round(
                float((grades[above] >= 2).mean()), 4
            )
    return out
