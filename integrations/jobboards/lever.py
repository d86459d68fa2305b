"""Lever postings: GET {base}/{site}?mode=json — a bare JSON list of postings.

Each posting carries `id`, `text` (the title), `categories` (location, commitment, team,
department, level, allLocations), `country`, `description`/`descriptionPlain`, `lists`
([{text, content}] such as "Requirements"), `additional`, `hostedUrl`, `applyUrl`,
`createdAt` (ms since the epoch), `workplaceType` and an optional `salaryRange`
{currency, interval, min, max}.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from core.clock import iso
from core.jobs.model import SENIORITY_LEVELS, RawPosting
from core.jobs.money import Salary
from core.jobs.sources import BoardError
from integrations.jobboards.http import HttpBoard, company_from_token, get_json

_WORKPLACE = {"remote": "yes", "hybrid": "hybrid", "on-site": "no", "onsite": "no"}
_INTERVAL = {
    "per-year-salary": "year", "per-month-salary": "month", "per-week-salary": "week",
    "per-day-wage": "day", "per-hour-wage": "hour", "one-time": "year",
}  # fmt: skip


class LeverBoard(HttpBoard):
    kind = "lever"

    def list_jobs(self, token: str) -> list[Any]:
        data = get_json(
            self.client, f"{self.base_url}/{token}", {"mode": "json"}, what=f"lever site {token}"
        )
        if not isinstance(data, list):
            raise BoardError(f"lever site {token}: expected a JSON list of postings")
        return data

    def posting(self, job: Any, token: str) -> RawPosting | None:
        return to_posting(job, token)


def _salary(job: dict[str, Any]) -> Salary | None:
    rng = job.get("salaryRange")
    if not isinstance(rng, dict) or not rng.get("currency"):
        return None
    lo, hi = rng.get("min"), rng.get("max")
    if lo is None and hi is None:
        return None
    period = _INTERVAL.get(str(rng.get("interval") or ""), "year")
    return Salary(
        None if lo is None else float(lo),
        None if hi is None else float(hi),
        str(rng["currency"]).upper(),
        period,
    )


def to_posting(job: dict[str, Any], token: str) -> RawPosting | None:
    if not isinstance(job, dict) or not job.get("id"):
        return None
    cats = job.get("categories") if isinstance(job.get("categories"), dict) else {}
    assert isinstance(cats, dict)
    parts = [job.get("description") or ""]
    for lst in job.get("lists") or []:
        if isinstance(lst, dict) and lst.get("content"):
            parts.append(f"<h3>{lst.get('text') or ''}</h3><ul>{lst['content']}</ul>")
    if job.get("additional"):
        parts.append(str(job["additional"]))
    created = job.get("createdAt")
    posted = None
    if isinstance(created, (int, float)) and created > 0:
        posted = iso(datetime.fromtimestamp(created / 1000, tz=UTC))
    level = str(cats.get("level") or "").lower()
    return RawPosting(
        source="lever",
        source_id=str(job["id"]),
        title=str(job.get("text") or ""),
        company=company_from_token(token),
        location=cats.get("location"),
        description_html="".join(parts),
        remote=_WORKPLACE.get(str(job.get("workplaceType") or "").lower()),
        employment_type=cats.get("commitment"),
        seniority=level if level in SENIORITY_LEVELS else None,
        salary=_salary(job),
        salary_text=job.get("salaryDescriptionPlain") or None,
        url=job.get("hostedUrl") or job.get("applyUrl"),
        posted_date=posted,
        department=cats.get("department") or cats.get("team"),
        country=(str(job["country"]).upper() if job.get("country") else None),
        board=f"lever:{token}",
        extra_locations=[str(x) for x in cats.get("allLocations") or [] if x],
    )
