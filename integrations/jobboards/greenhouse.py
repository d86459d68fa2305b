"""Greenhouse job boards: GET {base}/{board_token}/jobs?content=true (boards-api, v1).

Each job carries `id`, `title`, `location.name`, `absolute_url`, `updated_at`,
`first_published`, `content` (HTML, entity-escaped), `departments`, `offices` and `metadata`
(custom fields). Pay ranges are not in the list: where the company publishes them, each job's
own document has them, `GET {base}/{board_token}/jobs/{id}?pay_transparency=true` →
`pay_input_ranges`. Those are read a few at a time, in parallel, and remembered by the job's
`updated_at`: a process that syncs the board again asks only for jobs that changed.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from core.jobs.model import RawPosting
from core.jobs.money import Salary
from core.jobs.sources import BoardNotFound
from integrations.jobboards.http import HttpBoard, company_from_token, get_json

# Parallel requests for the per-job pay ranges: quick for a board of thousands of jobs, and
# gentle on a public API.
PAY_REQUESTS_AT_ONCE = 8
PAY_CACHE_ENTRIES = 50_000

# (board URL, job id, updated_at) -> its pay ranges, for the life of the process.
_pay_cache: OrderedDict[tuple[str, str, str], list[Any]] = OrderedDict()
_pay_lock = threading.Lock()


class GreenhouseBoard(HttpBoard):
    kind = "greenhouse"

    def list_jobs(self, token: str) -> list[Any]:
        jobs = self.job_list(f"{self.base_url}/{token}/jobs", {"content": "true"}, token)
        listed = [job for job in jobs if isinstance(job, dict) and job.get("id") is not None]
        pay = self._pay_ranges(token, listed)
        return [
            {**job, "pay_input_ranges": pay[job["id"]]} if job["id"] in pay else job
            for job in listed
        ]

    def posting(self, job: Any, token: str) -> RawPosting | None:
        return to_posting(job, token)

    def _pay_ranges(self, token: str, jobs: list[dict[str, Any]]) -> dict[Any, list[Any]]:
        """{job id: pay_input_ranges} for the jobs whose pay is published. A job gone since the
        list was read is skipped; throttling or a server error fails the whole fetch (the sync
        is retried later rather than storing jobs without their pay)."""
        board = f"{self.base_url}/{token}"
        known: dict[Any, list[Any]] = {}
        asked: list[Any] = []
        with _pay_lock:
            for job in jobs:
                hit = _pay_cache.get((board, str(job["id"]), str(job.get("updated_at"))))
                if hit is None:
                    asked.append(job["id"])
                else:
                    known[job["id"]] = hit
        updated = {job["id"]: str(job.get("updated_at")) for job in jobs}

        def one(job_id: Any) -> tuple[Any, list[Any] | None]:
            try:
                job = get_json(
                    self.client,
                    f"{self.base_url}/{token}/jobs/{job_id}",
                    {"pay_transparency": "true"},
                    what=f"greenhouse job {job_id} of {token}",
                )
            except BoardNotFound:
                return job_id, None  # closed since the list was read
            ranges = job.get("pay_input_ranges") if isinstance(job, dict) else None
            return job_id, ranges if isinstance(ranges, list) else []

        if asked:
            with ThreadPoolExecutor(min(PAY_REQUESTS_AT_ONCE, len(asked))) as pool:
                fetched = list(pool.map(one, asked))
            with _pay_lock:
                for job_id, ranges in fetched:
                    if ranges is None:
                        continue
                    known[job_id] = ranges
                    _pay_cache[(board, str(job_id), updated[job_id])] = ranges
                while len(_pay_cache) > PAY_CACHE_ENTRIES:
                    _pay_cache.popitem(last=False)
        return {job_id: ranges for job_id, ranges in known.items() if ranges}


def _metadata(job: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in job.get("metadata") or []:
        if isinstance(field, dict) and field.get("name"):
            out[str(field["name"]).strip().lower()] = field.get("value")
    return out


def _salary(job: dict[str, Any]) -> Salary | None:
    for rng in job.get("pay_input_ranges") or []:
        try:
            lo = int(rng["min_cents"]) / 100
            hi = int(rng["max_cents"]) / 100
            currency = str(rng["currency_type"]).upper()
        except (KeyError, TypeError, ValueError):
            continue
        return Salary(lo, hi, currency, "year")
    return None


def _remote(meta: dict[str, Any]) -> str | None:
    for key in ("workplace type", "remote", "location type", "work type"):
        value = meta.get(key)
        if isinstance(value, str):
            v = value.lower()
            if "hybrid" in v:
                return "hybrid"
            if "remote" in v or v in ("yes", "true"):
                return "yes"
            if "site" in v or "office" in v or v in ("no", "false"):
                return "no"
    return None


def to_posting(job: dict[str, Any], token: str) -> RawPosting | None:
    if not isinstance(job, dict) or job.get("id") is None:
        return None
    meta = _metadata(job)
    location = (
        (job.get("location") or {}).get("name") if isinstance(job.get("location"), dict) else None
    )
    departments = job.get("departments") or []
    department = (
        departments[0].get("name") if departments and isinstance(departments[0], dict) else None
    )
    employment = meta.get("employment type") or meta.get("employment_type")
    salary_text = meta.get("salary range") or meta.get("salary") or meta.get("compensation")
    return RawPosting(
        source="greenhouse",
        source_id=str(job["id"]),
        title=str(job.get("title") or ""),
        company=str(job.get("company_name") or company_from_token(token)),
        location=location,
        description_html=job.get("content") or "",
        remote=_remote(meta),
        employment_type=str(employment) if employment else None,
        salary=_salary(job),
        salary_text=str(salary_text) if salary_text else None,
        url=job.get("absolute_url"),
        posted_date=job.get("first_published") or job.get("updated_at"),
        department=department,
        board=f"greenhouse:{token}",
        extra_locations=[
            str(o.get("name"))
            for o in job.get("offices") or []
            if isinstance(o, dict) and o.get("name")
        ],
    )
