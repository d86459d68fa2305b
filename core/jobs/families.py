"""Occupation families: which line of work a job title names, and which lines are neighbours.

A recruiter's first question is whether a person does this kind of work at all: a med-surg
nurse and an ICU nurse are the same family; a data analyst and a data entry clerk share a
word, not a family; an HR generalist who runs training is next door to L&D. Titles are read
case- and accent-folded; a family is named by any of its words or phrases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from core.jobs.text import fold

# family -> words and phrases of a title that name it (matched whole, plural or not)
FAMILY_TERMS: dict[str, str] = {
    "nursing": "nurse|rn|lpn|lvn|cna|nursing|midwife|medical assistant|patient care|caregiver|"
    "nursing assistant|care aide",
    "clinical": "therapist|physician|pharmacist|pharmacy technician|dental|hygienist|clinician|"
    "phlebotomist|sonographer|technologist|paramedic|emt|counselor|psychologist|veterinary|"
    "vet tech|social worker|dietitian",
    "trades": "electrician|plumber|hvac|welder|fitter|pipefitter|carpenter|mechanic|millwright|"
    "installer|apprentice|journeyman|lineman|machinist|maintenance technician|mason|roofer|"
    "painter|service technician",
    "finance": "accountant|accounting|controller|auditor|audit|bookkeeper|bookkeeping|payroll|"
    "tax|treasury|fp&a|finance|financial analyst|credit analyst|underwriter|actuary|"
    "accounts payable|accounts receivable|ap clerk|ar clerk|billing",
    "teaching": "teacher|school|tutor|instructor|professor|lecturer|trainer|instructional|"
    "curriculum|esl|kindergarten|educator|learning and development",
    "hospitality": "chef|cook|barista|server|bartender|restaurant|hotel|hospitality|host|"
    "hostess|housekeeper|concierge|catering|kitchen|dishwasher|banquet|front desk|guest|"
    "front office|coffee|cafe|café",
    "logistics": "logistics|dispatcher|supply chain|procurement|sourcing|buyer|purchasing|"
    "freight|shipping|warehouse|forklift|inventory|fleet|driver|trucker|category manager",
    "sales": "sales|account executive|business development|sdr|bdr|seller|salesperson|"
    "account manager|solutions engineer|sales engineer",
    "people": "recruiter|recruiting|talent|hr|human resources|people operations|benefits|"
    "compensation|hrbp",
    "marketing": "marketing|marketer|content|seo|sem|brand|social media|copywriter|writer|"
    "communications|growth|storyteller",
    "design": "designer|design|ux|ui|illustrator|art director|graphic",
    "data": "data scientist|data analyst|data engineer|analytics|bi|business intelligence|"
    "machine learning|ml|ai|statistician|data science",
    "software": "software|backend|back-end|frontend|front-end|full-stack|fullstack|"
    "mobile|ios|android|web developer|developer|programmer|embedded",
    "infrastructure": "devops|sre|site reliability|cloud|infrastructure|platform engineer|"
    "sysadmin|system administrator|systems administrator|it support|help desk|helpdesk|"
    "network|security analyst|desktop support",
    "product": "product manager|product owner|product lead|head of product",
    "engineering": "mechanical engineer|civil engineer|structural engineer|"
    "manufacturing engineer|electrical engineer|bridge engineer|industrial engineer|"
    "process engineer|design engineer|project engineer",
    "support": "customer service|customer support|customer success|support specialist|"
    "support agent|call center|contact center|support team",
    "legal": "lawyer|attorney|counsel|paralegal|legal|contracts|contract manager|compliance|"
    "law clerk",
    "admin": "administrative|administrator|assistant|receptionist|office manager|secretary|"
    "clerical|data entry|clerk|office coordinator",
    "projects": "project manager|program manager|operations manager|pmo|project coordinator|"
    "logistics officer",
    "retail": "retail|store manager|assistant store manager|store associate|shop|cashier|"
    "merchandiser|stock associate|department manager|key holder|sales associate",
}
_FAMILY_PATTERNS = {
    name: re.compile(rf"(?<![\w-])(?:{terms})(?:s|es)?(?![\w-])")
    for name, terms in FAMILY_TERMS.items()
}
_WORD = re.compile(r"[a-z0-9&+#]+")


def _stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


# Titles are read for every job indexed: a family's pattern runs only on titles holding the
# first word of one of its terms.
_FIRST_WORDS = {
    name: frozenset(_stem(_WORD.findall(term)[0]) for term in terms.split("|"))
    for name, terms in FAMILY_TERMS.items()
}


# Families whose skills partly carry over (the rubric's "adjacent" families).
ADJACENT: frozenset[frozenset[str]] = frozenset(
    frozenset(pair)
    for pair in (
        ("nursing", "clinical"),
        ("retail", "hospitality"),
        ("retail", "sales"),
        ("retail", "support"),
        ("retail", "logistics"),
        ("trades", "engineering"),
        ("finance", "data"),
        ("finance", "admin"),
        ("teaching", "people"),
        ("hospitality", "support"),
        ("hospitality", "sales"),
        ("logistics", "projects"),
        ("logistics", "data"),
        ("sales", "support"),
        ("sales", "marketing"),
        ("people", "admin"),
        ("marketing", "design"),
        ("marketing", "product"),
        ("design", "software"),
        ("design", "product"),
        ("data", "software"),
        ("software", "infrastructure"),
        ("infrastructure", "support"),
        ("product", "projects"),
        ("legal", "admin"),
        ("support", "admin"),
        ("engineering", "projects"),
    )
)
# A title phrase that settles the family where its words point several ways.
_OVERRIDES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"(?<![\w-])(?:{terms})(?![\w-])"), family)
    for terms, family in (
        ("data entry", "admin"),
        ("sales engineer|solutions engineer|pre-sales", "sales"),
        ("nurse educator|clinical nurse educator|nurse manager", "nursing"),
        ("account manager", "sales"),
        ("executive assistant|administrative assistant|legal assistant", "admin"),
        ("instructional designer", "teaching"),
        ("product designer", "design"),
        ("help desk|it support|desktop support", "infrastructure"),
        ("medical assistant", "nursing"),
        ("dental assistant|pharmacy technician|veterinary technician|vet tech", "clinical"),
        ("retail sales associate|retail store manager", "retail"),
        ("design engineer|mechanical designer|cad designer|drafter", "engineering"),
    )
)


@lru_cache(maxsize=16384)
def families_of(title: str) -> frozenset[str]:
    """The families a title names: "Clinical Nurse Educator" -> {"nursing"}."""
    text = fold(title)
    for pattern, family in _OVERRIDES:
        if pattern.search(text):
            return frozenset({family})
    words = {_stem(w) for w in _WORD.findall(text)}
    return frozenset(
        family
        for family, pattern in _FAMILY_PATTERNS.items()
        if words & _FIRST_WORDS[family] and pattern.search(text)
    )


def closeness(job: Iterable[str], person: Iterable[str]) -> float:
    """1 for a shared family, 0.5 for neighbouring families, 0 otherwise."""
    job_set, person_set = set(job), set(person)
    if job_set & person_set:
        return 1.0
    if any(frozenset({a, b}) in ADJACENT for a in job_set for b in person_set):
        return 0.5
    return 0.0


FAMILIES: tuple[str, ...] = tuple(FAMILY_TERMS)


def family_vector(titles: Iterable[tuple[float, str]]) -> list[float]:
    """How close each family is to a person whose titles (weight, title) are given: a title's
    own families get its weight, their neighbours half of it; the best title wins."""
    out = [0.0] * len(FAMILIES)
    for weight, title in titles:
        own = families_of(title)
        for i, family in enumerate(FAMILIES):
            out[i] = max(out[i], weight * closeness([family], own))
    return out
