"""Role profiles: the skills that postings for a role ask for most, used when a person names
a target role instead of a job."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from core.once import once
from core.skills.taxonomy import canonical, extract_skills

ROLES_FILE = Path(__file__).parent / "data" / "roles" / "roles.txt"
MIN_SCORE = 82
_SENIORITY = re.compile(
    r"\b(senior|sr|junior|jr|lead|principal|staff|head|chief|associate|entry[- ]level|"
    r"trainee|graduate|intern|i{1,3}|iv|level \d)\b\.?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class RoleProfile:
    name: str
    titles: tuple[str, ...]
    skills: tuple[str, ...]  # canonical, most important first


_titles: dict[str, RoleProfile] = {}


def load_profiles(path: Path = ROLES_FILE) -> list[RoleProfile]:
    profiles = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        titles_part, skills_part = line.split(" : ", 1)
        titles = [t.strip() for t in titles_part.split("|") if t.strip()]
        skills: list[str] = []
        for name in skills_part.split(","):
            canon = canonical(name.strip())
            if canon and canon not in skills:
                skills.append(canon)
        profiles.append(RoleProfile(titles[0], tuple(titles), tuple(skills)))
    return profiles


@once
def _ensure_loaded() -> list[RoleProfile]:
    loaded = load_profiles()
    for profile in loaded:
        for title in profile.titles:
            _titles.setdefault(_norm(title), profile)
    return loaded


def _norm(title: str) -> str:
    return re.sub(r"\s+", " ", _SENIORITY.sub(" ", title.lower())).strip(" ,-/")


def match_role(title: str) -> RoleProfile | None:
    """The profile whose titles best match `title` ("Senior RN" -> Registered Nurse)."""
    _ensure_loaded()
    key = _norm(title)
    if not key:
        return None
    if key in _titles:
        return _titles[key]
    # "Python developer" is a developer who uses Python: match on the title words alone.
    without_skills = _norm(_strip_skills(title)) or key
    if without_skills in _titles:
        return _titles[without_skills]
    for candidate in dict.fromkeys((without_skills, key)):
        best = process.extractOne(candidate, list(_titles), scorer=fuzz.token_set_ratio)
        if best is not None and best[1] >= MIN_SCORE:
            return _titles[best[0]]
    return None


def _strip_skills(title: str) -> str:
    out = title
    for skill in extract_skills(title):
        out = re.sub(re.escape(skill), " ", out, flags=re.IGNORECASE)
    for word in re.findall(r"[\w+#.]+", title):
        if canonical(word) is not None and len(word) > 1:
            out = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", " ", out)
    return out


def role_keywords(title: str, limit: int = 15) -> list[str]:
    """Skills a target role asks for: those named in the title itself, then the profile's."""
    out = list(extract_skills(title))
    profile = match_role(title)
    if profile is not None:
        out.extend(s for s in profile.skills if s not in out)
    return out[:limit]
