"""Ashby job boards: GET {base}/{board_name}?includeCompensation=true (posting API).

The response is {"apiVersion": "1", "jobs": [...]}; each job carries `id`, `title`,
`location`, `secondaryLocations`, `department`, `team`, `isListed`, `isRemote`,
`workplaceType` (OnSite, Remote, Hybrid), `descriptionHtml`/`descriptionPlain`, `publishedAt`,
`employmentType` (FullTime, PartTime, Intern, Contract, Temporary), `address`, `jobUrl`,
`applyUrl` and, when asked for, `compensation` with `summaryComponents`.
"""

from __future__ import annotations

from typing import Any

from core.jobs.model import RawPosting
from core.jobs.money import Salary
from core.jobs.places import COUNTRIES
from core.jobs.text import fold
from integrations.jobboards.http import HttpBoard, company_from_token

_WORKPLACE = {"remote": "yes", "hybrid": "hybrid", "onsite": "no"}
_INTERVAL = {"1 YEAR": "year", "1 MONTH": "month", "1 WEEK": "week", "1 DAY": "day",
             "1 HOUR": "hour"}  # fmt: skip


class AshbyBoard(HttpBoard):
    kind = "ashby"

    def list_jobs(self, token: str) -> list[Any]:
        return self.job_list(f"{self.base_url}/{token}", {"includeCompensation": "true"}, token)

    def posting(self, job: Any, token: str) -> RawPosting | None:
        return to_posting(job, token)


def _salary(job: dict[str, Any]) -> tuple[Salary | None, str | None]:
    comp = job.get("compensation")
    if not isinstance(comp, dict):
        return None, None
    components = list(comp.get("summaryComponents") or [])
    for tier in comp.get("compensationTiers") or []:
        if isinstance(tier, dict):
            components.extend(tier.get("components") or [])
    for c in components:
        if not isinstance(c, dict) or c.get("compensationType") != "Salary":
            continue
        if not c.get("currencyCode") or (c.get("minValue") is None and c.get("maxValue") is None):
            continue
        return (
            Salary(
                None if c.get("minValue") is None else float(c["minValue"]),
                None if c.get("maxValue") is None else float(c["maxValue"]),
                str(c["currencyCode"]).upper(),
                _INTERVAL.get(str(c.get("interval") or "").upper(), "year"),
            ),
            None,
        )
    text = comp.get("scrapeableCompensationSalarySummary") or comp.get("compensationTierSummary")
    return None, str(text) if text else None


def _country(job: dict[str, Any]) -> str | None:
    addr = (
        ((job.get("address") or {}).get("postalAddress") or {})
        if isinstance(job.get("address"), dict)
        else {}
    )
    name = addr.get("addressCountry") if isinstance(addr, dict) else None
    if not name:
        return None
    name = str(name).strip()
    if len(name) == 2 and name.isalpha():
        return name.upper()
    return COUNTRIES.get(fold(name))


def to_posting(job: dict[str, Any], token: str) -> RawPosting | None:
    if not isinstance(job, dict) or job.get("isListed") is False:
        return None
    url = job.get("jobUrl") or job.get("applyUrl")
    source_id = job.get("id") or (str(url).rstrip("/").rsplit("/", 1)[-1] if url else None)
    if not source_id:
        return None
    workplace = str(job.get("workplaceType") or "").lower()
    remote = _WORKPLACE.get(workplace)
    if remote is None and job.get("isRemote") is True:
        remote = "yes"
    salary, salary_text = _salary(job)
    return RawPosting(
        source="ashby",
        source_id=str(source_id),
        title=str(job.get("title") or ""),
        company=company_from_token(token),
        location=job.get("location"),
        description_html=job.get("descriptionHtml") or None,
        description_text=None if job.get("descriptionHtml") else job.get("descriptionPlain"),
        remote=remote,
        employment_type=job.get("employmentType"),
        salary=salary,
        salary_text=salary_text,
        url=url,
        posted_date=job.get("publishedAt"),
        department=job.get("department") or job.get("team"),
        country=_country(job),
        board=f"ashby:{token}",
        extra_locations=[
            str(s.get("location"))
            for s in job.get("secondaryLocations") or []
            if isinstance(s, dict) and s.get("location")
        ],
    )
