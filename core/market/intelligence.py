"""Market intelligence for a role and a place, computed from ingested postings only.

- demand: open postings for the role against the baseline of an average role in the same
  place (open postings per distinct job title there);
- salary: from postings that state pay, per year, in the most common currency of the sample
  (never converted), with the sample size;
- trends: postings per week for twelve weeks (closed postings count in the weeks they were
  open), and skills whose share of postings rose or fell between the two six-week halves;
- top skills, top companies, share of remote and hybrid postings.

A sample below `MIN_SAMPLE` is reported with `sufficient: false` and a note, never padded.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import numpy as np

from core.jobs.index import REMOTE_CODE, JobIndex, role_mask
from core.jobs.places import parse_location
from core.jobs.rank import _location_mask
from core.jobs.salary import _CURRENCY_BY_COUNTRY
from core.market.report import (
    CompanyCount,
    Demand,
    DemandLevel,
    MarketReport,
    SalaryStats,
    SkillCount,
    SkillTrend,
    Trends,
    WeekCount,
)
from core.text.plural import counted, plural

MIN_SAMPLE = 5
MIN_SALARY_SAMPLE = 5
WEEKS = 12
DEMAND_LEVELS: tuple[tuple[float, DemandLevel], ...] = (
    (0.75, "low"),
    (2.0, "medium"),
    (5.0, "high"),
)


def place_mask(index: JobIndex, location: str | None) -> np.ndarray:
    if not location or not location.strip():
        return np.ones(index.size, dtype=bool)
    return _location_mask(index, location)


def _percentile(values: np.ndarray, q: float) -> float:
    return float(np.percentile(values, q))


def _round_money(v: float) -> int:
    return round(v / 100.0) * 100 if v >= 10_000 else round(v)


def _demand(
    index: JobIndex, sample_open: np.ndarray, place_open: np.ndarray
) -> tuple[Demand, DemandLevel]:
    count = int(sample_open.sum())
    all_families = _title_families(index)
    families = {all_families[r] for r in np.flatnonzero(place_open)}
    total = int(place_open.sum())
    baseline = total / len(families) if families else 0.0
    ratio = count / baseline if baseline else 0.0
    level: DemandLevel = "very high"
    for bound, name in DEMAND_LEVELS:
        if ratio < bound:
            level = name
            break
    demand = Demand(
        open_postings=count,
        baseline=round(baseline, 2),
        ratio=round(ratio, 2),
        basis="open postings for the role against the average open postings per job "
        "title in the same place",
    )
    return demand, level


def _salary(
    index: JobIndex, rows: np.ndarray, preferred_currency: str | None
) -> SalaryStats | None:
    currencies = Counter(index.salary_currency[r] for r in rows if index.salary_currency[r])
    if not currencies:
        return None
    currency = (
        preferred_currency
        if preferred_currency and currencies.get(preferred_currency)
        else currencies.most_common(1)[0][0]
    )
    pay_rows = np.asarray([r for r in rows if index.salary_currency[r] == currency], dtype=np.int64)
    lo = index.salary_lo[pay_rows]
    hi = index.salary_hi[pay_rows]
    mid = np.where(np.isnan(lo), hi, np.where(np.isnan(hi), lo, (lo + hi) / 2))
    mid = mid[~np.isnan(mid)]
    if mid.size == 0:
        return None
    return SalaryStats(
        currency=currency,
        period="year",
        average=_round_money(float(mid.mean())),
        p25=_round_money(_percentile(mid, 25)),
        median=_round_money(_percentile(mid, 50)),
        p75=_round_money(_percentile(mid, 75)),
        sample_size=int(mid.size),
        sufficient=int(mid.size) >= MIN_SALARY_SAMPLE,
        other_currencies={c: n for c, n in currencies.items() if c != currency},
    )


def _skill_counts(index: JobIndex, rows: np.ndarray) -> np.ndarray:
    if rows.size == 0:
        return np.zeros(len(index.skill_vocab), dtype=np.float64)
    req = np.asarray(index.required[rows].sum(axis=0)).ravel()
    nice = np.asarray(index.nice[rows].sum(axis=0)).ravel()
    return np.asarray(req + nice, dtype=np.float64)


def _names(index: JobIndex) -> list[str]:
    names = [""] * len(index.skill_vocab)
    for name, i in index.skill_vocab.items():
        names[i] = name
    return names


def _trends(index: JobIndex, sample_all: np.ndarray, now: datetime) -> Trends:
    now_ts = now.timestamp()
    week = 7 * 24 * 3600
    age_weeks = np.floor((now_ts - index.posted) / week)
    weekly = []
    start_of_window = now - timedelta(weeks=WEEKS)
    for w in range(WEEKS - 1, -1, -1):
        n = int((sample_all & (age_weeks == w)).sum())
        week_start = (now - timedelta(weeks=w + 1)).date()
        weekly.append(WeekCount(week_start=week_start, postings=n))
    recent = np.flatnonzero(sample_all & (age_weeks >= 0) & (age_weeks < WEEKS // 2))
    prior = np.flatnonzero(sample_all & (age_weeks >= WEEKS // 2) & (age_weeks < WEEKS))
    names = _names(index)
    rising: list[SkillTrend] = []
    falling: list[SkillTrend] = []
    if recent.size and prior.size:
        rc = _skill_counts(index, recent)
        pc = _skill_counts(index, prior)
        rs = rc / recent.size
        ps = pc / prior.size
        change = rs - ps
        enough = (rc + pc) >= 3
        for i in np.argsort(-change):
            if not enough[i] or change[i] <= 0.02 or len(rising) >= 5:
                break
            rising.append(_skill_trend(names[i], rs[i], ps[i]))
        for i in np.argsort(change):
            if not enough[i] or change[i] >= -0.02 or len(falling) >= 5:
                break
            falling.append(_skill_trend(names[i], rs[i], ps[i]))
    return Trends(
        weekly=weekly,
        window_start=start_of_window.date(),
        rising_skills=rising,
        falling_skills=falling,
        recent_postings=int(recent.size),
        prior_postings=int(prior.size),
    )


def _skill_trend(name: str, recent: float, prior: float) -> SkillTrend:
    return SkillTrend(
        name=name,
        recent_share=round(float(recent), 3),
        prior_share=round(float(prior), 3),
        change=round(float(recent - prior), 3),
    )


def market_intelligence(
    index: JobIndex, *, role: str | None, location: str | None, now: datetime | None = None
) -> MarketReport:
    now = now or datetime.now(UTC)
    roles = role_mask(index, role)
    places = place_mask(index, location)
    canonical = index.visible
    sample_open = canonical & roles & places
    sample_all = (canonical | ~index.is_open) & roles & places
    rows = np.flatnonzero(sample_open)
    n = int(rows.size)

    country = parse_location(location).country if location else None
    preferred = _CURRENCY_BY_COUNTRY.get(country or "")
    salary = _salary(index, rows, preferred)

    counts = _skill_counts(index, rows)
    names = _names(index)
    top_skills = [
        SkillCount(name=names[i], postings=int(counts[i]), share=round(float(counts[i]) / n, 3))
        for i in np.argsort(-counts)[:10]
        if n and counts[i] > 0
    ]
    per_company = np.bincount(index.company_code[rows], minlength=len(index.company_values))
    companies = Counter(
        {index.company_values[c]: int(per_company[c]) for c in np.flatnonzero(per_company)}
    )
    remote = index.remote[rows]
    notes = []
    if n < MIN_SAMPLE:
        notes.append(
            f"Only {counted(n, 'open posting')} {plural(n, 'matches', 'match')}; the figures are "
            "indicative, not a market view"
        )
    if salary is None:
        notes.append("No matching posting states a salary")
    elif not salary.sufficient:
        notes.append(f"Salary figures come from only {counted(salary.sample_size, 'posting')}")

    demand, level = _demand(index, sample_open, canonical & places)
    return MarketReport(
        role=role or None,
        location=location or None,
        open_postings=n,
        sufficient=n >= MIN_SAMPLE,
        notes=notes,
        demand_level=level,
        demand=demand,
        average_salary=salary.average if salary else None,
        currency=salary.currency if salary else None,
        salary=salary,
        trends=_trends(index, sample_all, now),
        top_skills=top_skills,
        top_companies=[CompanyCount(name=c, postings=k) for c, k in companies.most_common(10)],
        remote_share=round(float((remote == REMOTE_CODE["yes"]).mean()), 3) if n else None,
        hybrid_share=round(float((remote == REMOTE_CODE["hybrid"]).mean()), 3) if n else None,
        generated_at=now,
    )


def _title_families(index: JobIndex) -> list[str]:
    """Each row's normalised title (for the demand baseline), derived once per index."""
    cached: list[str] | None = getattr(index, "_families", None)
    if cached is not None:
        return cached
    inv = [""] * len(index.title_vocab)
    for tok, i in index.title_vocab.items():
        inv[i] = tok
    T = index.titles
    families = [
        " ".join(sorted(inv[c] for c in T.indices[T.indptr[r] : T.indptr[r + 1]]))
        for r in range(index.size)
    ]
    index._families = families  # type: ignore[attr-defined]
    return families
