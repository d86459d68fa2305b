"""The in-memory job index: every open job's features as arrays and sparse matrices, built once
per change of the Jobs table and shared by every request of the process.

Rows are jobs. Sparse matrices (CSR, float32): required skills and nice-to-have skills (0/1),
title tokens (weighted, unit length), words (TF-IDF, unit length), and a search matrix of all
tokens for the `q` filter. Dense arrays hold seniority level, years asked, place, remote mode,
pay per year in US dollars and the posting date.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypedDict

import numpy as np
import scipy.sparse as sp

from core.clock import parse_iso
from core.jobs.money import Salary
from core.jobs.posting_text import LEVEL
from core.jobs.repository import Job
from core.jobs.text import fold, title_token_weight, tokens

REMOTE_CODE = {"no": 0, "hybrid": 1, "yes": 2}
EMPLOYMENT_CODE = {"full-time": 0, "part-time": 1, "contract": 2, "internship": 3, "temporary": 4}

# Job fields kept in memory for list pages, so a page needs no store reads.
SUMMARY_FIELDS = (
    "jobId", "title", "company", "location", "city", "country", "remote", "employmentType",
    "seniority", "salary", "url", "postedDate", "source", "demo", "department", "skills",
)  # fmt: skip


class SummaryRow(TypedDict):
    """A job as a list page shows it (SUMMARY_FIELDS), as decoded from the index: plain JSON,
    because the index holds a hundred thousand of them and reads a page at a time."""

    jobId: str
    title: str
    company: str
    location: str | None
    city: str | None
    country: str | None
    remote: str | None
    employmentType: str | None
    seniority: str | None
    salary: dict[str, float | str | None] | None
    url: str | None
    postedDate: str | None
    source: str | None
    demo: bool | None
    department: str | None
    skills: list[str] | None


class Rows(Sequence[SummaryRow]):
    """Job summaries kept as encoded JSON; a row is decoded only when it is read."""

    def _row(self, row: int) -> SummaryRow:
        raise NotImplementedError

    def __getitem__(self, row: Any) -> Any:
        if isinstance(row, slice):
            return [self[i] for i in range(*row.indices(len(self)))]
        n = len(self)
        row = int(row) + (n if row < 0 else 0)
        if not 0 <= row < n:
            raise IndexError(row)
        return self._row(row)


class PackedRows(Rows):
    """Summaries as JSON lines in one buffer: a few bytes of overhead per job, not a dict."""

    def __init__(self, lines: list[bytes]) -> None:
        self._offsets = np.zeros(len(lines) + 1, dtype=np.int64)
        np.cumsum([len(line) for line in lines], out=self._offsets[1:])
        self._data = b"".join(lines)

    @staticmethod
    def line(row: Mapping[str, object]) -> bytes:
        return json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode()

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def _row(self, row: int) -> SummaryRow:
        loaded: SummaryRow = json.loads(self._data[self._offsets[row] : self._offsets[row + 1]])
        return loaded


class _CsrBuilder:
    """Rows appended one at a time into flat lists (far cheaper than scipy's incremental
    formats). `vocab` maps a column key to its index and grows as keys appear."""

    def __init__(self, vocab: dict[str, int], *, binary: bool = False) -> None:
        self.vocab = vocab
        self.binary = binary
        self.indptr: list[int] = [0]
        self.indices: list[int] = []
        self.data: list[float] = []

    def add_keys(self, keys: Iterable[str]) -> None:
        """A row of 1s at the given (distinct) keys."""
        vocab = self.vocab
        self.indices.extend([vocab.setdefault(k, len(vocab)) for k in keys])
        self.indptr.append(len(self.indices))

    def add_weights(self, weights: dict[str, float]) -> None:
        """A row of weights keyed by column."""
        vocab = self.vocab
        self.indices.extend([vocab.setdefault(k, len(vocab)) for k in weights])
        self.data.extend(weights.values())
        self.indptr.append(len(self.indices))

    def build(self) -> sp.csr_matrix:
        n_rows = len(self.indptr) - 1
        indices = np.asarray(self.indices, dtype=np.int32)
        data = (
            np.ones(len(indices), dtype=np.float32)
            if self.binary
            else np.asarray(self.data, dtype=np.float32)
        )
        return sp.csr_matrix(
            (data, indices, np.asarray(self.indptr, dtype=np.int64)),
            shape=(n_rows, max(len(self.vocab), 1)),
        )


@lru_cache(maxsize=65536)
def _skill_words(skill: str) -> tuple[str, ...]:
    return tuple(tokens(skill))


# Title words of one job family share a family token, so "Backend Engineer" is near
# "Software Engineer" without being the same job.
_TITLE_FAMILIES = {
    **dict.fromkeys(
        ("software", "backend", "frontend", "fullstack", "web", "mobile", "ios", "android",
         "application", "java", "python", "golang", "javascript", "react", "net", "ruby", "php",
         "embedded", "game"),
        "~software",
    ),
    **dict.fromkeys(("devops", "sre", "cloud", "infrastructure", "platform", "system", "network",
                     "reliability"), "~infrastructure"),
    **dict.fromkeys(("data", "analyst", "bi", "intelligence", "insight", "reporting",
                     "datascientist", "ml", "ai", "statistician"), "~data"),
    **dict.fromkeys(("nurse", "rn", "icu", "clinical", "medical", "surgical", "healthcare",
                     "care", "midwife"), "~care"),
    **dict.fromkeys(("teacher", "school", "primary", "secondary", "mathematics", "math",
                     "science", "english", "esl", "education"), "~teaching"),
    **dict.fromkeys(("accountant", "finance", "financial", "fp&a", "audit", "auditor",
                     "controller", "payroll", "tax"), "~finance"),
    **dict.fromkeys(("sales", "accountexecutive", "bizdev", "sdr", "bdr"), "~sales"),
    **dict.fromkeys(("customersupport", "customersuccess", "support", "helpdesk"), "~support"),
    **dict.fromkeys(("recruiter", "hr", "people"), "~people"),
    **dict.fromkeys(("productmanager", "product"), "~product"),
    **dict.fromkeys(("designer", "ux", "ui"), "~design"),
}  # fmt: skip
FAMILY_WEIGHT = 0.7


def title_vector(title_tokens: Iterable[str]) -> dict[str, float]:
    """Unit-length weights of a title's tokens; generic words ("manager") weigh less, and
    each job family the title belongs to adds a shared token."""
    weights = {t: title_token_weight(t) for t in title_tokens}
    for t in list(weights):
        family = _TITLE_FAMILIES.get(t)
        if family:
            weights[family] = FAMILY_WEIGHT
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {t: w / norm for t, w in weights.items()}


@dataclass
class JobIndex:
    generation: int
    job_ids: list[str]
    summaries: Sequence[SummaryRow]  # PackedRows: decoded row by row
    skill_vocab: dict[str, int]
    required: sp.csr_matrix
    nice: sp.csr_matrix
    req_count: np.ndarray
    nice_count: np.ndarray
    title_vocab: dict[str, int]
    titles: sp.csr_matrix
    term_vocab: dict[str, int]
    terms: sp.csr_matrix
    search_vocab: dict[str, int]
    search: sp.csc_matrix
    level: np.ndarray
    years_min: np.ndarray
    remote: np.ndarray
    employment: np.ndarray
    city: np.ndarray
    country: np.ndarray
    city_vocab: dict[str, int]
    country_vocab: dict[str, int]
    salary_lo_usd: np.ndarray
    salary_hi_usd: np.ndarray
    salary_lo: np.ndarray  # per year, in the posting's own currency
    salary_hi: np.ndarray
    salary_currency: list[str]  # "" when no salary is stated
    posted: np.ndarray  # seconds since the epoch
    posted_rank: np.ndarray  # 0 = oldest; unique, a stable tie-break
    is_open: np.ndarray
    visible: np.ndarray  # open, and not a cross-source duplicate of another open job
    location_code: np.ndarray  # row -> index into location_values
    location_values: list[str]
    company_code: np.ndarray  # row -> index into company_values
    company_values: list[str]
    dedup_keys: list[str]
    row_of: dict[str, int] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.job_ids)


def build_index(
    items: Iterable[Mapping[str, Any]], *, generation: int = 0, closed_since: float | None = None
) -> JobIndex:
    """Index the open jobs among `items` (Jobs items as stored), and closed ones posted after
    `closed_since` (epoch seconds) for market trends; lists and scores only ever show open jobs.

    Items are read as the store returns them, not as `Job` records: this loop runs over every
    job in the table, and validating a record for each would cost more than the index."""
    skill_v: dict[str, int] = {}
    title_v: dict[str, int] = {}
    term_v: dict[str, int] = {}
    search_v: dict[str, int] = {}
    city_v: dict[str, int] = {}
    country_v: dict[str, int] = {}
    req_b = _CsrBuilder(skill_v, binary=True)
    nice_b = _CsrBuilder(skill_v, binary=True)
    title_b = _CsrBuilder(title_v)
    term_b = _CsrBuilder(term_v)
    search_b = _CsrBuilder(search_v, binary=True)
    job_ids: list[str] = []
    summaries: list[bytes] = []
    level: list[int] = []
    years: list[float] = []
    remote: list[int] = []
    employment: list[int] = []
    city: list[int] = []
    country: list[int] = []
    lo_usd: list[float] = []
    hi_usd: list[float] = []
    posted: list[float] = []
    first_seen: list[str] = []
    loc_text: list[str] = []
    company_v: dict[str, int] = {}
    company: list[int] = []
    dedup: list[str] = []
    nan = float("nan")

    sal_lo: list[float] = []
    sal_hi: list[float] = []
    sal_cur: list[str] = []
    is_open: list[bool] = []
    for item in items:
        open_ = item.get("status", "open") == "open"
        if not open_ and (closed_since is None or _epoch(item.get("postedDate")) < closed_since):
            continue
        is_open.append(open_)
        f = item.get("features") or {}
        job_ids.append(item["jobId"])
        summaries.append(PackedRows.line({k: item.get(k) for k in SUMMARY_FIELDS}))
        req = f.get("required") or []
        nic = f.get("nice") or []
        req_b.add_keys(dict.fromkeys(req))
        nice_b.add_keys([k for k in dict.fromkeys(nic) if k not in req])
        title_b.add_weights(title_vector(f.get("titleTokens") or []))
        terms = f.get("terms") or {}
        term_b.add_weights(terms)
        words = set(terms)
        words.update(tokens(f"{item.get('title', '')} {item.get('company', '')}"))
        for s in req:
            words.update(_skill_words(s))
        for s in nic:
            words.update(_skill_words(s))
        search_b.add_keys(words)
        level.append(int(f.get("level", LEVEL.get(item.get("seniority") or "mid", 2))))
        ym = f.get("yearsMin")
        years.append(nan if ym is None else float(ym))
        remote.append(REMOTE_CODE.get(item.get("remote") or "no", 0))
        employment.append(EMPLOYMENT_CODE.get(item.get("employmentType") or "full-time", 0))
        c = f.get("city") or ""
        city.append(city_v.setdefault(c, len(city_v)) if c else -1)
        cc = f.get("country") or item.get("country") or ""
        country.append(country_v.setdefault(cc, len(country_v)) if cc else -1)
        su = f.get("salaryUsd") or [None, None]
        lo_usd.append(nan if su[0] is None else float(su[0]))
        hi_usd.append(nan if su[1] is None else float(su[1]))
        salary = Salary.from_item(item.get("salary"))
        if salary is None:
            sal_lo.append(nan)
            sal_hi.append(nan)
            sal_cur.append("")
        else:
            a_lo, a_hi = salary.annual()
            sal_lo.append(nan if a_lo is None else a_lo)
            sal_hi.append(nan if a_hi is None else a_hi)
            sal_cur.append(salary.currency)
        posted.append(_epoch(item.get("postedDate")))
        first_seen.append(str(item.get("firstSeenAt") or item.get("postedDate") or ""))
        loc_text.append(fold(f"{item.get('location') or ''} {item.get('city') or ''} {cc}"))
        dedup.append(str(item.get("dedupKey") or item["jobId"]))
        name = str(item.get("company") or "")
        company.append(company_v.setdefault(name, len(company_v)))

    n = len(job_ids)
    loc_values: dict[str, int] = {}
    loc_codes = [loc_values.setdefault(t, len(loc_values)) for t in loc_text]
    required = req_b.build()
    nice = nice_b.build()
    posted_arr = np.asarray(posted, dtype=np.float64)
    order = np.lexsort((np.asarray(job_ids, dtype=object).astype(str), posted_arr))
    posted_rank = np.empty(n, dtype=np.int64)
    posted_rank[order] = np.arange(n)
    index = JobIndex(
        generation=generation,
        job_ids=job_ids,
        summaries=PackedRows(summaries),
        skill_vocab=skill_v,
        required=required,
        nice=nice,
        req_count=np.asarray(required.sum(axis=1)).ravel().astype(np.float32),
        nice_count=np.asarray(nice.sum(axis=1)).ravel().astype(np.float32),
        title_vocab=title_v,
        titles=title_b.build(),
        term_vocab=term_v,
        terms=term_b.build(),
        search_vocab=search_v,
        search=search_b.build().tocsc(),
        level=np.asarray(level, dtype=np.int8),
        years_min=np.asarray(years, dtype=np.float32),
        remote=np.asarray(remote, dtype=np.int8),
        employment=np.asarray(employment, dtype=np.int8),
        city=np.asarray(city, dtype=np.int32),
        country=np.asarray(country, dtype=np.int32),
        city_vocab=city_v,
        country_vocab=country_v,
        salary_lo_usd=np.asarray(lo_usd, dtype=np.float64),
        salary_hi_usd=np.asarray(hi_usd, dtype=np.float64),
        salary_lo=np.asarray(sal_lo, dtype=np.float64),
        salary_hi=np.asarray(sal_hi, dtype=np.float64),
        salary_currency=sal_cur,
        posted=posted_arr,
        posted_rank=posted_rank,
        is_open=np.asarray(is_open, dtype=bool),
        visible=_canonical_rows(dedup, first_seen, job_ids, is_open),
        location_code=np.asarray(loc_codes, dtype=np.int32),
        location_values=list(loc_values),
        company_code=np.asarray(company, dtype=np.int32),
        company_values=list(company_v),
        dedup_keys=dedup,
    )
    index.row_of = {jid: i for i, jid in enumerate(job_ids) if is_open[i]}
    return index


def index_jobs(jobs: Iterable[Job], *, generation: int = 0) -> JobIndex:
    """The index of a few jobs held as records (a reference market, one job to score)."""
    return build_index((job.to_item() for job in jobs), generation=generation)


def title_similarity(index: JobIndex, title: str) -> np.ndarray:
    """Cosine of every job title against `title` (0–1)."""
    from core.jobs.text import title_tokens

    vec = np.zeros(max(len(index.title_vocab), 1), dtype=np.float32)
    for tok, w in title_vector(title_tokens(title)).items():
        i = index.title_vocab.get(tok)
        if i is not None:
            vec[i] = w
    return np.asarray(index.titles @ vec, dtype=np.float32)


# A posting is for a role when its title is at least this close to the role's name.
ROLE_MATCH = 0.5


def role_mask(index: JobIndex, role: str | None) -> np.ndarray:
    """Rows whose title names `role` (every row when no role is given)."""
    if not role or not role.strip():
        return np.ones(index.size, dtype=bool)
    return title_similarity(index, role) >= ROLE_MATCH


def role_postings(index: JobIndex, role: str | None) -> np.ndarray:
    """The open postings for a role, each counted once however many boards list it: the rows
    every count of "postings for this role" is made of."""
    return np.flatnonzero(index.visible & role_mask(index, role))


def _epoch(value: Any) -> float:
    if not value:
        return 0.0
    try:
        return parse_iso(str(value)).timestamp()
    except ValueError:
        return 0.0


def _canonical_rows(
    dedup: list[str], first_seen: list[str], job_ids: list[str], is_open: list[bool]
) -> np.ndarray:
    """One open row per dedup key is shown: the one first seen (ties: the smaller id)."""
    best: dict[str, int] = {}
    for i, key in enumerate(dedup):
        if not is_open[i]:
            continue
        j = best.get(key)
        if j is None or (first_seen[i], job_ids[i]) < (first_seen[j], job_ids[j]):
            best[key] = i
    visible = np.zeros(len(dedup), dtype=bool)
    visible[list(best.values())] = True
    return visible
