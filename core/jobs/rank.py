"""Filters, sorting and paging over the job index: boolean masks and one partial sort, never a
loop over jobs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.errors import InvalidInput
from core.jobs.index import EMPLOYMENT_CODE, REMOTE_CODE, JobIndex
from core.jobs.money import PERIODS_PER_YEAR, UNITS_PER_USD, to_usd
from core.jobs.places import parse_location
from core.jobs.posting_text import LEVEL
from core.jobs.text import fold, tokens

SORTS = ("score", "date")
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class JobQuery:
    q: str | None = None
    location: str | None = None
    remote: tuple[str, ...] = ()
    min_salary: float | None = None
    currency: str = "USD"
    seniority: tuple[str, ...] = ()
    employment_type: tuple[str, ...] = ()
    sort: str = "score"
    page: int = 1
    page_size: int = 20

    def validated(self) -> JobQuery:
        if self.sort not in SORTS:
            raise InvalidInput(f"sort must be one of {', '.join(SORTS)}")
        if self.page < 1:
            raise InvalidInput("page must be 1 or more")
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise InvalidInput(f"pageSize must be between 1 and {MAX_PAGE_SIZE}")
        for r in self.remote:
            if r not in REMOTE_CODE:
                raise InvalidInput("remote must be yes, hybrid or no")
        for s in self.seniority:
            if s not in LEVEL:
                raise InvalidInput(f"seniority must be one of {', '.join(LEVEL)}")
        for e in self.employment_type:
            if e not in EMPLOYMENT_CODE:
                raise InvalidInput(f"employmentType must be one of {', '.join(EMPLOYMENT_CODE)}")
        if self.min_salary is not None and self.min_salary < 0:
            raise InvalidInput("minSalary must not be negative")
        if self.currency.upper() not in UNITS_PER_USD:
            raise InvalidInput(f"unknown currency {self.currency}")
        return self


@dataclass
class Page:
    rows: list[int]
    scores: list[float | None]
    total: int


def filter_mask(index: JobIndex, query: JobQuery) -> np.ndarray:
    mask = index.visible.copy()
    if query.q and query.q.strip():
        # Words that carry no meaning ("the", "and") filter nothing.
        for word in tokens(query.q):
            col = index.search_vocab.get(word)
            if col is None:
                return np.zeros(index.size, dtype=bool)
            hits = np.zeros(index.size, dtype=bool)
            start, end = index.search.indptr[col], index.search.indptr[col + 1]
            hits[index.search.indices[start:end]] = True
            mask &= hits
    if query.location and query.location.strip():
        mask &= _location_mask(index, query.location)
    if query.remote:
        mask &= np.isin(index.remote, [REMOTE_CODE[r] for r in query.remote])
    if query.seniority:
        mask &= np.isin(index.level, [LEVEL[s] for s in query.seniority])
    if query.employment_type:
        mask &= np.isin(index.employment, [EMPLOYMENT_CODE[e] for e in query.employment_type])
    if query.min_salary:
        floor = to_usd(query.min_salary * PERIODS_PER_YEAR["year"], query.currency.upper())
        offered = np.where(np.isnan(index.salary_hi_usd), index.salary_lo_usd, index.salary_hi_usd)
        with np.errstate(invalid="ignore"):
            mask &= offered >= (floor or 0)
    return mask


def _location_mask(index: JobIndex, text: str) -> np.ndarray:
    wanted = fold(text.strip())
    if wanted in ("remote", "anywhere"):
        remote: np.ndarray = index.remote == REMOTE_CODE["yes"]
        return remote
    place = parse_location(text)
    if place.country and not place.city:
        code = index.country_vocab.get(place.country)
        if code is None:
            return np.zeros(index.size, dtype=bool)
        in_country: np.ndarray = index.country == code
        return in_country
    needle = fold(place.city or text.strip())
    # Match the distinct place texts (hundreds), not every row (tens of thousands).
    hits = [i for i, value in enumerate(index.location_values) if needle in value]
    return np.isin(index.location_code, hits)


def rank(index: JobIndex, scores: np.ndarray | None, query: JobQuery) -> Page:
    """One page of rows. Without scores (a person with an empty profile) date order is used."""
    mask = filter_mask(index, query)
    rows = np.flatnonzero(mask)
    total = int(rows.size)
    start = (query.page - 1) * query.page_size
    if start >= total:
        return Page([], [], total)
    want = min(start + query.page_size, total)
    by_score = query.sort == "score" and scores is not None
    # One unique integer key per row: score to the hundredth, then recency, then the
    # row's posting rank, so pages never overlap or skip at equal scores.
    if by_score:
        assert scores is not None
        key = np.round(scores[rows].astype(np.float64) * 100).astype(np.int64)
        key = key * (index.size + 1) + index.posted_rank[rows]
    else:
        key = index.posted_rank[rows].astype(np.int64)
    top = np.argpartition(-key, want - 1)[:want] if want < total else np.arange(total)
    ordered = top[np.argsort(-key[top], kind="stable")]
    chosen = rows[ordered[start:want]]
    return Page(
        rows=[int(r) for r in chosen],
        scores=[None if scores is None else round(float(scores[r]), 1) for r in chosen],
        total=total,
    )
