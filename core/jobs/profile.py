"""The person a job is scored for: their profile and what their latest resume says."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from core.jobs.model import SENIORITY_LEVELS
from core.jobs.money import Salary
from core.jobs.posting_text import LEVEL, seniority_from_title, seniority_from_years
from core.skills.taxonomy import canonical, extract_skills, skills_of_title

REMOTE_PREFERENCES = ("remote", "hybrid", "onsite", "any")


@dataclass
class CandidateProfile:
    """What scoring needs to know about a person. Titles are most recent first."""

    skills: list[str] = field(default_factory=list)
    years: float | None = None
    titles: list[str] = field(default_factory=list)
    target_role: str | None = None
    location: str | None = None
    locations: list[str] = field(default_factory=list)
    remote: str = "any"
    min_salary: float | None = None
    currency: str | None = None
    salary_period: str = "year"
    seniority: str | None = None
    text: str = ""
    # False when the place was only read off the resume, not said by the person
    location_stated: bool = True

    @property
    def is_empty(self) -> bool:
        return not (self.skills or self.titles or self.target_role or self.text.strip())

    def level(self) -> int:
        """The rank this person works at: stated preference, else their latest title, else
        their years of experience."""
        if self.seniority in LEVEL:
            return LEVEL[self.seniority]
        from_title = seniority_from_title(self.titles[0]) if self.titles else None
        from_years = _level_from_years(self.years)
        if from_title is None:
            return LEVEL[from_years]
        # A title says "Senior" after two years in some companies: with few years, meet the
        # years halfway. Years never make a director, so a senior title after many years stands.
        t, y = LEVEL[from_title], LEVEL[from_years]
        if self.years is None or abs(t - y) <= 1 or (t > y and self.years >= 5):
            return t
        return (t + y) // 2

    def states_place(self) -> bool:
        """Whether the person said where or how they want to work (or what pay)."""
        return bool(
            (self.location and self.location_stated)
            or self.locations
            or self.remote != "any"
            or self.min_salary is not None
        )

    def salary_floor(self) -> Salary | None:
        if self.min_salary is None or not self.currency:
            return None
        return Salary(self.min_salary, None, self.currency, self.salary_period)

    def fingerprint(self) -> str:
        """Changes whenever anything that affects a score changes."""
        payload = json.dumps(asdict(self), sort_keys=True, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _level_from_years(years: float | None) -> str:
    """A person's rank from years alone: leading people or owning an area is what makes a lead
    or a director, so years never say more than senior."""
    level = seniority_from_years(years)
    return level if LEVEL[level] <= LEVEL["senior"] else "senior"


def _canonical_skills(values: Any) -> list[str]:
    out: list[str] = []
    if not isinstance(values, list):
        return out
    for v in values:
        name = v.get("name") if isinstance(v, dict) else v
        if not isinstance(name, str) or not name.strip():
            continue
        canon = canonical(name) or name.strip()
        if canon not in out:
            out.append(canon)
    return out


def _remote_pref(value: Any) -> str:
    if value is True:
        return "remote"
    if value is False or value is None:
        return "any"
    s = str(value).strip().lower().replace("-", "").replace(" ", "")
    if s in ("remote", "remoteonly", "yes", "fullyremote"):
        return "remote"
    if s in ("hybrid",):
        return "hybrid"
    if s in ("onsite", "office", "inoffice", "no"):
        return "onsite"
    return "any"


def _num(value: Any) -> float | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


# The career stage a person picks at onboarding, as the level they work at. A career changer
# or someone returning says nothing about level: their resume does.
_STAGE_LEVEL = {"student": "junior", "early": "junior", "mid": "mid", "senior": "senior"}


def _looks_like_title(text: str) -> bool:
    """A job title, not a sentence or a line the resume reader took for one ("31 in 2024
    (team of 4 recruiters", "+ Mentor 2 product designers")."""
    if not text or len(text) > 80 or not text[0].isalpha() or text[0].islower():
        return False
    return not any(ch in text for ch in ";:") and len(text.split()) <= 10


def _experience_text(analysis: dict[str, Any]) -> tuple[list[str], str]:
    titles: list[str] = []
    chunks: list[str] = []
    for exp in analysis.get("experience") or []:
        if not isinstance(exp, dict):
            continue
        title = str(exp.get("title") or "").strip()
        if title.count("(") > title.count(")"):
            title = title.split("(")[0].strip(" ,")  # "Charge Nurse, CVICU (28 beds" cut off
        if _looks_like_title(title):
            titles.append(title)
            chunks.append(title)
        bullets = exp.get("bullets") or []
        if isinstance(bullets, list):
            chunks.extend(str(b) for b in bullets if b)
        elif isinstance(bullets, str):
            chunks.append(bullets)
    return titles, "\n".join(chunks)


def build_profile(
    user: dict[str, Any] | None, analysis: dict[str, Any] | None, *, resume_text: str = ""
) -> CandidateProfile:
    """Merge a Users item (the person's stated preferences) with a resume analysis (what their
    resume shows). Stated preferences win; the resume fills the gaps."""
    user = user or {}
    analysis = analysis or {}
    prefs = user.get("preferences") if isinstance(user.get("preferences"), dict) else {}
    assert isinstance(prefs, dict)

    skills = _canonical_skills(user.get("skills"))
    for s in _canonical_skills(analysis.get("skills")):
        if s not in skills:
            skills.append(s)

    titles, exp_text = _experience_text(analysis)
    summary = str(analysis.get("summary") or "")
    text = resume_text or str(analysis.get("text") or "")
    if not text:
        text = "\n".join(x for x in (summary, exp_text, ", ".join(skills)) if x)
    if not skills and text:
        skills = extract_skills(text)
    # A job title held implies its core skill ("Backend Engineer": back-end development,
    # "Data Analyst": data analysis).
    for s in (skill for title in titles for skill in skills_of_title(title)):
        if s not in skills:
            skills.append(s)

    contact = analysis.get("contact") if isinstance(analysis.get("contact"), dict) else {}
    assert isinstance(contact, dict)
    location = user.get("location") or contact.get("location") or None
    location_stated = bool(user.get("location"))

    locations = prefs.get("locations") or []
    if isinstance(locations, str):
        locations = [p.strip() for p in re.split(r"[;,|]", locations) if p.strip()]

    seniority = prefs.get("seniority") or _STAGE_LEVEL.get(str(user.get("careerStage") or ""))
    if isinstance(seniority, list):
        seniority = seniority[0] if seniority else None
    seniority = str(seniority).lower() if seniority else None
    if seniority not in SENIORITY_LEVELS:
        seniority = None

    currency = prefs.get("currency")
    return CandidateProfile(
        skills=skills,
        years=_num(analysis.get("yearsExperience")),
        titles=titles,
        target_role=(user.get("targetRole") or analysis.get("targetRole") or None),
        location=str(location) if location else None,
        locations=[str(x) for x in locations if isinstance(x, str)],
        remote=_remote_pref(prefs.get("remote")),
        min_salary=_num(prefs.get("minSalary")),
        currency=str(currency).upper() if currency else None,
        salary_period=str(prefs.get("salaryPeriod") or "year"),
        seniority=seniority,
        text=text,
        location_stated=location_stated,
    )
