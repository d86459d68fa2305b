"""What a vocabulary hit needs from its context to count as a skill of a person.

The lists live in `core/skills/data/context/`:

- `ambiguous.txt`: words that name a skill and also something else a resume may mention (a
  place, a pet, an employer, an everyday word, a term of another field). Short acronyms (up
  to four capitals) are treated the same way without being listed.
- `industries.txt`: canonical skills that are industries or markets ("Insurance",
  "Retail"): evidence only where the person names them as a skill, never from an employer
  or a client.
- `not_skills.txt`: phrases in which a skill's words mean something else ("packing list",
  "Spring 2024", "Kotlin Island"); a hit inside one is dropped.

Every skill category also belongs to a field of work (technology, health care, trades...),
which is how a weak hit finds support: a neighbour from its field.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.once import once
from core.skills.taxonomy import category

CONTEXT_DIR = Path(__file__).parent / "data" / "context"

_FIELDS: dict[str, str] = {
    "Web Development": "tech",
    "Mobile Development": "tech",
    "Programming Languages": "tech",
    "Software Testing": "tech",
    "Software Engineering Practices": "tech",
    "Enterprise Software": "tech",
    "Databases": "tech",
    "Data & Analytics": "tech",
    "Machine Learning & AI": "tech",
    "Cloud & DevOps": "tech",
    "Security": "tech",
    "Networking & IT Support": "tech",
    "Nursing": "health",
    "Clinical & Allied Health": "health",
    "Construction & Trades": "trades",
    "Engineering": "trades",
    "Operations & Supply Chain": "operations",
    "Transportation & Driving": "operations",
    "Finance & Accounting": "finance",
    "Banking & Investment": "finance",
    "Insurance": "finance",
    "Real Estate": "business",
    "Legal": "legal",
    "Project & Product Management": "business",
    "Marketing": "business",
    "Sales": "business",
    "Customer Service": "business",
    "Human Resources": "business",
    "Hospitality & Food Service": "hospitality",
    "Retail": "hospitality",
    "Education & Teaching": "education",
    "Design": "creative",
    "Media & Writing": "creative",
    "Science & Research": "science",
    "Agriculture & Environment": "science",
}

# Job words in the plural name other people ("hiring data scientists", "mentored engineers").
_PLURAL_ROLES = re.compile(
    r"(?:engineers|scientists|developers|designers|analysts|nurses|managers|architects|"
    r"administrators|technicians|accountants|teachers|recruiters|assistants|attorneys|"
    r"paralegals|electricians|plumbers|welders|drivers|chefs|cooks|servers|bartenders|"
    r"baristas|cashiers|pharmacists|therapists|physicians|specialists|consultants|"
    r"programmers|testers|marketers|writers|editors|officers|coordinators|supervisors|"
    r"operators|mechanics|installers|inspectors|agents|representatives|reps|executives|"
    r"directors|auditors|bookkeepers|clerks|aides|caregivers)$",
    re.IGNORECASE,
)

_lock = threading.Lock()
_lists: dict[str, frozenset[str]] = {}


def _load(name: str) -> frozenset[str]:
    found = _lists.get(name)
    if found is None:
        with _lock:
            found = _lists.get(name)
            if found is None:
                entries = set()
                text = (CONTEXT_DIR / name).read_text(encoding="utf-8")
                for raw in text.splitlines():
                    line = raw.split("#", 1)[0].strip()
                    if line:
                        entries.add(line)
                found = frozenset(entries)
                _lists[name] = found
    return found


def domain_of(skill: str) -> str | None:
    """The field a canonical skill belongs to; None for field-neutral ones (soft skills,
    languages, office software, certifications)."""
    cat = category(skill)
    return _FIELDS.get(cat) if cat else None


def needs_support(surface: str) -> bool:
    """True when a mention, as written, could mean something other than the skill: a short
    acronym ("PLC", "ESI") or a listed word with an everyday or other-field sense."""
    written = surface.strip()
    if not written:
        return False
    words = _load("ambiguous.txt")
    low = written.lower()
    if low in {w.lower() for w in words} or (low.endswith("s") and low[:-1] in _lower(words)):
        return True
    letters = re.sub(r"[-/&. ]", "", written)
    return letters.isalpha() and letters.isupper() and len(letters) <= 4


@lru_cache(maxsize=4)
def _lower(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


def is_industry(skill: str) -> bool:
    return skill in _load("industries.txt")


def is_language(skill: str) -> bool:
    return category(skill) == "Languages"


def plural_role(surface: str) -> bool:
    return bool(_PLURAL_ROLES.search(surface.strip()))


@once
def _blocked() -> re.Pattern[str]:
    phrases = sorted(_load("not_skills.txt"), key=len, reverse=True)
    body = "|".join(_phrase(p) for p in phrases)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


def blocked_spans(text: str) -> list[tuple[int, int]]:
    """Where phrases from `not_skills.txt` occur in `text` (case-insensitive, whole words)."""
    return [(m.start(), m.end()) for m in _blocked().finditer(text)]


def _phrase(phrase: str) -> str:
    return r"[\s-]+".join(re.escape(w) for w in phrase.split())


# ---- usage rules --------------------------------------------------------------------------------


@dataclass(frozen=True)
class UsageRule:
    """A skill shown by what a line says the person did ("trained 4 new cooks")."""

    skill: str
    pattern: re.Pattern[str]
    scope: str  # "any" line; a job "title" or the headline; a "profile" (summary, skills)


_MACRO = re.compile(r"\{([A-Z_]+)\}")


@once
def usage_rules() -> tuple[UsageRule, ...]:
    """The rules of `usage.txt`, `titles.txt` and `profile.txt` ("Skill <= regex"), compiled
    once. Unknown skills are an error: the files name canonical skills."""
    return (
        *_read_rules("usage.txt", "any"),
        *_read_rules("titles.txt", "title"),
        *_read_rules("profile.txt", "profile"),
    )


def _read_rules(name: str, scope: str) -> list[UsageRule]:
    from core.skills.taxonomy import canonical

    macros: dict[str, str] = {}
    out: list[UsageRule] = []
    for raw in (CONTEXT_DIR / name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            key, value = line[1:].split("=", 1)
            macros[key.strip()] = _expand(value.strip(), macros)
            continue
        skill, regex = (part.strip() for part in line.split("<=", 1))
        canon = canonical(skill)
        if canon is None:
            raise ValueError(f"{name}: unknown skill {skill!r}")
        pattern = re.compile(_expand(regex, macros), re.IGNORECASE)
        out.append(UsageRule(canon, pattern, scope))
    return out


def _expand(regex: str, macros: dict[str, str]) -> str:
    return _MACRO.sub(lambda m: f"(?:{macros[m.group(1)]})", regex)
