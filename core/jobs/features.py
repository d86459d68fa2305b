"""Job features computed once, at ingestion, so that ranking is arithmetic on arrays.

A job's `features` hold: its title tokens, seniority level, years asked, required and
nice-to-have skills (canonical names), its words as TF-IDF weights, its place and its pay per
year in US dollars. Weights use a fixed reference IDF (from the bundled demo postings), so a
job's score for a person never moves because other jobs were ingested.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache

from core.jobs.repository import JobFeatures
from core.jobs.text import tokens
from core.once import once

FEATURES_VERSION = 3
MAX_TERMS = 60


@lru_cache(maxsize=1)
def reference_texts() -> tuple[str, ...]:
    """The texts of the bundled demo postings (title and description): a fixed reference
    catalogue, so weights computed over it never move when other jobs are ingested."""
    from core.jobs.data.catalog import demo_postings
    from core.text.html import html_to_text

    return tuple(
        p.title + "\n" + html_to_text(p.description_html, bullets=True).text
        for p in demo_postings()
    )


@once
def reference_idf() -> tuple[dict[str, float], float]:
    """(idf by token, idf of an unseen token), from the bundled demo postings."""
    df: Counter[str] = Counter()
    docs = reference_texts()
    for text in docs:
        df.update(set(tokens(text)))
    n = len(docs)
    table = {tok: math.log((1 + n) / (1 + c)) + 1.0 for tok, c in df.items()}
    return table, math.log(1 + n) + 1.0


def term_weights(text: str, *, limit: int = MAX_TERMS) -> dict[str, float]:
    """Sublinear TF × reference IDF, L2-normalised, the `limit` heaviest terms."""
    counts = Counter(tokens(text))
    if not counts:
        return {}
    idf, unseen = reference_idf()
    weights = {t: (1.0 + math.log(c)) * idf.get(t, unseen) for t, c in counts.items()}
    top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
    return {t: round(w / norm, 4) for t, w in top}


def job_text(title: str, requirements: list[str], description: str) -> str:
    """The words a job is matched on: the title counts twice."""
    return "\n".join([title, title, *requirements, description])


def compute_features(
    *,
    title_tokens: list[str],
    level: int,
    years_min: float | None,
    required: list[str],
    nice: list[str],
    text: str,
    city: str,
    country: str | None,
    salary_usd: tuple[float | None, float | None],
) -> JobFeatures:
    lo, hi = salary_usd
    return JobFeatures(
        v=FEATURES_VERSION,
        title_tokens=title_tokens,
        level=level,
        years_min=years_min,
        required=required,
        nice=nice,
        terms=term_weights(text),
        city=city,
        country=country,
        salary_usd=[None if lo is None else round(lo), None if hi is None else round(hi)],
    )
