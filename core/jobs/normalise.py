"""One Job from any source, as stored in the Jobs table."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from core.clock import iso, parse_iso
from core.jobs.dedup import dedup_key
from core.jobs.features import compute_features, job_text
from core.jobs.model import RawPosting, as_remote, as_seniority, job_id
from core.jobs.money import Salary
from core.jobs.places import city_key, parse_location
from core.jobs.posting_text import (
    LEVEL,
    Sections,
    employment_type,
    remote_from_text,
    seniority_from_title,
    seniority_from_years,
    split_sections,
    years_asked,
)
from core.jobs.repository import Job, JobSalary
from core.jobs.salary import parse_salary
from core.jobs.text import title_tokens
from core.skills.taxonomy import extract_skills
from core.text.html import html_to_text

MAX_DESCRIPTION = 20_000
MAX_SKILLS = 40
MAX_LIST_ITEMS = 40


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _clip(text: str | None, limit: int) -> str:
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _posted(value: str | None, now: str) -> str:
    if not value:
        return now
    try:
        return iso(parse_iso(value))
    except ValueError:
        return now


def normalise(raw: RawPosting, *, now: str | None = None) -> Job:
    """The Job for a posting, features included. Raises ValueError for a posting without
    a title, a company or an id."""
    now = now or iso()
    title = re.sub(r"\s+", " ", (raw.title or "")).strip()
    company = re.sub(r"\s+", " ", (raw.company or "")).strip()
    if not title:
        raise ValueError("title is empty")
    if not company:
        raise ValueError("company is empty")
    if not str(raw.source_id or "").strip():
        raise ValueError("sourceId is empty")

    description = raw.description_text
    if not description:
        description = html_to_text(raw.description_html, bullets=True).text
    description = _clip(description, MAX_DESCRIPTION)

    sections = split_sections(description)
    requirements = [r.strip() for r in (raw.requirements or []) if r and r.strip()]
    nice = [r.strip() for r in (raw.nice_to_have or []) if r and r.strip()]
    if not requirements:
        requirements = sections.requirements
    if not nice:
        nice = sections.nice_to_have
    requirements = [_clip(r, 500) for r in requirements[:MAX_LIST_ITEMS]]
    nice = [_clip(r, 500) for r in nice[:MAX_LIST_ITEMS]]

    place = parse_location(raw.location)
    country = (raw.country or place.country or "").upper() or None

    remote = as_remote(raw.remote) or place.remote or remote_from_text(title, description) or "no"

    full_text = "\n".join([description, *requirements, *nice])
    years = years_asked("\n".join([*requirements, description]))
    seniority = (
        as_seniority(raw.seniority) or seniority_from_title(title) or seniority_from_years(years)
    )

    salary = raw.salary
    if salary is None:
        salary = parse_salary(raw.salary_text, country=country) if raw.salary_text else None
    if salary is None:
        salary = parse_salary(full_text, country=country)

    required_skills, nice_skills = _skills(title, description, requirements, nice, sections)

    tokens = title_tokens(title)
    features = compute_features(
        title_tokens=tokens,
        level=LEVEL[seniority],
        years_min=years,
        required=required_skills,
        nice=nice_skills,
        text=job_text(title, requirements, description),
        city=city_key(place.city),
        country=country,
        salary_usd=salary.annual_usd() if salary else (None, None),
    )
    job = Job(
        job_id=job_id(raw.source, str(raw.source_id)),
        source=raw.source,
        source_id=str(raw.source_id),
        board=raw.board,
        title=_clip(title, 300),
        company=_clip(company, 200),
        location=_clip(raw.location or ("Remote" if remote == "yes" else ""), 300) or None,
        city=place.city,
        country=country,
        remote=remote,
        employment_type=employment_type(raw.employment_type, title, description),
        seniority=seniority,
        department=raw.department,
        description=description,
        requirements=requirements,
        nice_to_have=nice,
        skills=_unique(required_skills + nice_skills),
        salary=JobSalary.of(salary) if salary else None,
        url=raw.url,
        posted_date=_posted(raw.posted_date, now),
        status="open",
        demo=bool(raw.demo),
        dedup_key=dedup_key(company, title, place.city, country, remote),
        features=features,
    )
    job.content_hash = content_hash(job)
    return job


def _skills(
    title: str,
    description: str,
    requirements: list[str],
    nice: list[str],
    sections: Sections,
) -> tuple[list[str], list[str]]:
    title_skills = extract_skills(title)
    req = extract_skills("\n".join(requirements)) if requirements else []
    nice_s = extract_skills("\n".join(nice)) if nice else []
    if requirements:
        # Skills named elsewhere in the text (the duties) count as nice-to-have.
        rest = extract_skills(description)
        required = _unique(title_skills + req)
        nice_all = _unique([s for s in nice_s + rest if s not in required])
    else:
        required = _unique(title_skills + extract_skills(description))
        nice_all = [s for s in nice_s if s not in required]
        required = [s for s in required if s not in nice_all]
    return required[:MAX_SKILLS], nice_all[:MAX_SKILLS]


# Fields whose change means the posting itself changed (not our bookkeeping).
_HASHED = {
    "title", "company", "location", "remote", "employment_type", "seniority", "department",
    "description", "requirements", "nice_to_have", "salary", "url", "posted_date", "demo",
}  # fmt: skip


def content_hash(job: Job) -> str:
    hashed = job.model_dump(include=_HASHED, by_alias=True, mode="json")
    payload = json.dumps(hashed, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:20]


def salary_from_fields(lo: Any, hi: Any, currency: Any, period: Any = None) -> Salary | None:
    """A Salary from loose structured fields (import files, board APIs); None if unusable."""

    def num(v: Any) -> float | None:
        if v is None or v == "":
            return None
        try:
            return float(str(v).replace(",", "").strip())
        except ValueError:
            return None

    lo_v, hi_v = num(lo), num(hi)
    cur = str(currency or "").strip().upper()
    if (lo_v is None and hi_v is None) or not re.fullmatch(r"[A-Z]{3}", cur):
        return None
    per = _period_name(period)
    return Salary(lo_v, hi_v, cur, per)


def _period_name(value: Any) -> str:
    s = str(value or "year").strip().lower().replace("_", "-")
    if any(w in s for w in ("hour", "hr")):
        return "hour"
    if "day" in s or "daily" in s:
        return "day"
    if "week" in s:
        return "week"
    if "month" in s:
        return "month"
    return "year"
